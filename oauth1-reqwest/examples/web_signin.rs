//! "Sign in with Twitter" in a small axum web app, on oauth1-reqwest.
//!
//! ```text
//! cargo run -p oauth1-reqwest --example web_signin            # against the reference provider
//! ```
//!
//! - `GET /` says who is signed in, or links to `/login`.
//! - `GET /login` gets temporary credentials with `oauth_callback` pointing at `/callback`, stores the
//!   pending authorization (serialized, as a web app would in its session store) under a new session
//!   cookie, and redirects to the provider's `oauth/authenticate` page.
//! - `GET /callback` loads the pending state of *this* session, checks that the callback's `oauth_token`
//!   is the one issued (core compares in constant time), exchanges the verifier for token credentials and
//!   redirects to `/`. A callback without a pending session, or for another token, is refused.
//!
//! What strangers can make it keep is bounded: a pending sign-in lasts 15 minutes, a session a day, and
//! each kind has a capacity; `/login` answers 503 while that many sign-ins are under way.
//!
//! By default the provider is the reference provider, started inside the process on a loopback port. Set
//! `OAUTH1_CONSUMER_KEY` and `OAUTH1_CONSUMER_SECRET` to use Twitter/X instead (register
//! `http://127.0.0.1:<port>/callback` as the app's callback). The first stdout line is
//! `LISTENING http://127.0.0.1:<port>`; `--port N` picks the port.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a program: its address is its output

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use oauth1_core::{
    AccessTokenRequest, AuthorizeOptions, ClientCredentials, Nonce, PendingAuthorization, Provider,
    TemporaryCredentialsRequest,
};
use oauth1_reqwest::Client;
use oauth1_tests::provider::ReferenceProvider;

struct App {
    http: Client,
    provider: Provider,
    client: ClientCredentials,
    callback: String,
    /// Session id → the pending authorization, serialized as it would be in a session store.
    pending: Mutex<Expiring<String>>,
    /// Session id → the signed-in user's screen name.
    signed_in: Mutex<Expiring<String>>,
}

/// Values kept by key for `lifetime` at most, and at most `capacity` of them: every visit to `/login`
/// stores a pending sign-in, so an unbounded map would grow with whatever strangers send.
pub(crate) struct Expiring<T> {
    lifetime: Duration,
    capacity: usize,
    entries: HashMap<String, (Instant, T)>,
}

/// [`Expiring::insert`] found every place taken by an entry still alive.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Full;

impl<T> Expiring<T> {
    pub(crate) fn new(lifetime: Duration, capacity: usize) -> Self {
        Self {
            lifetime,
            capacity,
            entries: HashMap::new(),
        }
    }

    /// Whether an insert at `now` would find room. At capacity the expired entries go first (a sweep
    /// only then, so this is O(1) until the map is full).
    pub(crate) fn has_room(&mut self, now: Instant) -> bool {
        if self.entries.len() >= self.capacity {
            let lifetime = self.lifetime;
            self.entries.retain(|_, (since, _)| alive(lifetime, *since, now));
        }
        self.entries.len() < self.capacity
    }

    /// Keeps `value` under `key` from `now` on, if [`Expiring::has_room`].
    pub(crate) fn insert(&mut self, key: String, value: T, now: Instant) -> Result<(), Full> {
        if !self.has_room(now) {
            return Err(Full);
        }
        self.entries.insert(key, (now, value));
        Ok(())
    }

    /// The value under `key`, unless it has expired by `now`.
    pub(crate) fn get(&self, key: &str, now: Instant) -> Option<&T> {
        let (since, value) = self.entries.get(key)?;
        alive(self.lifetime, *since, now).then_some(value)
    }

    /// Takes the value under `key` out, unless it has expired by `now` (it goes either way).
    pub(crate) fn remove(&mut self, key: &str, now: Instant) -> Option<T> {
        let (since, value) = self.entries.remove(key)?;
        alive(self.lifetime, since, now).then_some(value)
    }
}

/// Whether an entry kept `since` is still alive at `now`.
fn alive(lifetime: Duration, since: Instant, now: Instant) -> bool {
    now.saturating_duration_since(since) < lifetime
}

/// How long a sign-in may take between `/login` and `/callback`.
const PENDING_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// Sign-ins under way at once.
const PENDING_CAPACITY: usize = 10_000;
/// How long a session stays signed in.
const SESSION_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);
/// Sessions signed in at once.
const SESSION_CAPACITY: usize = 100_000;

type Shared = Arc<App>;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port = match std::env::args().skip_while(|a| a != "--port").nth(1) {
        Some(port) => port.parse()?,
        None => 0u16,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;

    // Twitter/X when credentials are given, else the reference provider, kept alive until exit.
    let (provider, client, _reference) = match (
        std::env::var("OAUTH1_CONSUMER_KEY"),
        std::env::var("OAUTH1_CONSUMER_SECRET"),
    ) {
        (Ok(key), Ok(secret)) => (Provider::twitter(), ClientCredentials::new(key, secret), None),
        _ => {
            let client = ClientCredentials::new("web-example-key", "web-example-secret");
            let reference = ReferenceProvider::start(client.clone())?;
            (reference.provider(), client, Some(reference))
        }
    };
    println!("LISTENING http://{}", listener.local_addr()?);
    serve(listener, provider, client).await
}

/// Serves the app on `listener`, signing users in at `provider` as `client`. (The tests run it
/// in-process through this function, so that they always run this file as it is now.)
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    provider: Provider,
    client: ClientCredentials,
) -> Result<(), Box<dyn std::error::Error>> {
    let origin = format!("http://{}", listener.local_addr()?);
    let app = Arc::new(App {
        http: Client::new()?,
        provider,
        client,
        callback: format!("{origin}/callback"),
        pending: Mutex::new(Expiring::new(PENDING_LIFETIME, PENDING_CAPACITY)),
        signed_in: Mutex::new(Expiring::new(SESSION_LIFETIME, SESSION_CAPACITY)),
    });
    let router = Router::new()
        .route("/", get(home))
        .route("/login", get(login))
        .route("/callback", get(callback))
        .with_state(app);
    axum::serve(listener, router).await?;
    Ok(())
}

async fn home(State(app): State<Shared>, headers: HeaderMap) -> Html<String> {
    let user = session(&headers).and_then(|sid| lock(&app.signed_in).get(&sid, Instant::now()).cloned());
    Html(match user {
        Some(name) => format!("<p>Signed in as <b id=\"user\">@{}</b>.</p>", escape_html(&name)),
        None => "<p><a href=\"/login\">Sign in with Twitter</a></p>".into(),
    })
}

async fn login(State(app): State<Shared>) -> Response {
    // Full already: say so before asking the provider for a request token that could not be kept.
    if !lock(&app.pending).has_room(Instant::now()) {
        return too_many_sign_ins();
    }
    let step = match TemporaryCredentialsRequest::new(&app.provider, &app.client, &app.callback) {
        Ok(step) => step,
        Err(e) => return failure(StatusCode::INTERNAL_SERVER_ERROR, &e),
    };
    let pending = match app.http.run(&step).await {
        Ok(pending) => pending,
        Err(e) => return failure(StatusCode::BAD_GATEWAY, &e),
    };
    let Ok(stored) = serde_json::to_string(&pending) else {
        return failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            &"cannot store the pending state",
        );
    };
    let Ok(sid) = Nonce::try_generate(&mut getrandom::SysRng) else {
        return failure(StatusCode::INTERNAL_SERVER_ERROR, &"no randomness");
    };
    let sid = sid.as_str().to_owned();
    if lock(&app.pending).insert(sid.clone(), stored, Instant::now()) == Err(Full) {
        return too_many_sign_ins();
    }
    // Served over https, the cookie would be `Secure` too; this example listens on plain loopback.
    let cookie = format!("sid={sid}; HttpOnly; SameSite=Lax; Path=/");
    let mut response = Redirect::to(&pending.authenticate_url(&AuthorizeOptions::default())).into_response();
    #[allow(clippy::expect_used)] // a nonce is printable ASCII, so the cookie is a valid header value
    let cookie = HeaderValue::from_str(&cookie).expect("a nonce is printable ASCII");
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}

async fn callback(State(app): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    let Some(sid) = session(&headers) else {
        return failure(StatusCode::BAD_REQUEST, &"no session: start at /login");
    };
    // The pending state is used once, whatever happens next.
    let Some(stored) = lock(&app.pending).remove(&sid, Instant::now()) else {
        return failure(
            StatusCode::BAD_REQUEST,
            &"no sign-in is pending for this session (or it took too long)",
        );
    };
    let pending: PendingAuthorization = match serde_json::from_str(&stored) {
        Ok(pending) => pending,
        Err(e) => return failure(StatusCode::INTERNAL_SERVER_ERROR, &e),
    };
    let authorized = match pending.complete_callback(uri.query().unwrap_or_default()) {
        Ok(authorized) => authorized,
        Err(e) => return failure(StatusCode::BAD_REQUEST, &e),
    };
    // The client credentials come from the application, not from the stored state.
    match app
        .http
        .run(&AccessTokenRequest::new(&app.client, &authorized))
        .await
    {
        Ok(access) => {
            let name = access.screen_name().unwrap_or("(unknown)").to_owned();
            if lock(&app.signed_in).insert(sid, name, Instant::now()) == Err(Full) {
                return failure(
                    StatusCode::SERVICE_UNAVAILABLE,
                    &"too many sessions: try again later",
                );
            }
            Redirect::to("/").into_response()
        }
        Err(e) => failure(StatusCode::BAD_GATEWAY, &e),
    }
}

fn too_many_sign_ins() -> Response {
    failure(
        StatusCode::SERVICE_UNAVAILABLE,
        &"too many sign-ins under way: try again in a few minutes",
    )
}

/// The `sid` cookie.
fn session(headers: &HeaderMap) -> Option<String> {
    let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
    cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == "sid")
        .map(|(_, value)| value.to_owned())
}

fn failure(status: StatusCode, error: &dyn std::fmt::Display) -> Response {
    eprintln!("web_signin: {status}: {error}");
    (
        status,
        Html(format!(
            "<p id=\"error\">Sign-in failed: {}</p>",
            escape_html(&error.to_string())
        )),
    )
        .into_response()
}

/// `text` with the five characters that mean something in HTML escaped: what a provider says (a
/// screen name, an error message) is text on these pages, never markup.
pub(crate) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
