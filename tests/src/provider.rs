//! The reference provider: a Twitter-like OAuth 1.0a provider on a loopback port (design.md §6).
//!
//! It is built on `oauth1_core::verify` and the flow's response formats, served by axum on a tokio
//! runtime of its own thread, so blocking and async tests, the demo and the benchmarks can all start it
//! in-process. Every request and its verification outcome is logged (never a secret).
//!
//! Endpoints:
//! - `POST /oauth/request_token` — `oauth_callback` required (a URL, a custom scheme or `oob`), optional
//!   `x_auth_access_type=read|write`; answers with `oauth_callback_confirmed=true`.
//! - `GET /oauth/authorize`, `GET /oauth/authenticate` — a consent page; `&approve=1` consents headlessly
//!   (the PIN in `<code id="oauth_pin">` for `oob`, else a 302 to the callback with `oauth_token` and
//!   `oauth_verifier`), `&deny=1` declines (a 302 with `denied=`).
//! - `POST /oauth/access_token` — checks `oauth_verifier`; answers with the token, `user_id` and
//!   `screen_name`.
//! - `GET /1.1/account/verify_credentials.json`, `POST /1.1/statuses/update.json` — protected resources.
//! - For adapter tests: `GET /test/redirect` (a signed call answered with a 302), `GET /test/big` (a 3 MiB
//!   body) and `GET /test/hang` (never answers).
//!
//! Rejections answer 401 with Twitter's JSON error: code 135 for a timestamp out of bounds (with the
//! server's `Date`), 89 for an unknown token, 32 for everything else. [`ReferenceProvider::rate_limit`]
//! makes every endpoint answer 429 with `x-rate-limit-reset`.
//!
//! Started with a profile ([`ProviderConfig::rules`], [`ProviderConfig::errors`],
//! [`ProviderConfig::one_legged`], [`ProviderConfig::uri`]) it plays other providers: it accepts only
//! the profile's signature method and realm, answers with OAuth Problem Reporting bodies (Jira's style,
//! `signature_invalid` echoing the base string it computed), serves protected resources without a
//! token, or rebuilds the signed URI from a public origin or a trusted proxy's headers.

use std::collections::{HashMap, VecDeque};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use http::header::{CONTENT_TYPE, DATE, LOCATION, RETRY_AFTER, WWW_AUTHENTICATE};
use http::{HeaderValue, Method, Request, StatusCode};
use oauth1_core::encode::{form_decode, form_pairs, percent_encode};
use oauth1_core::problem::{Problem, ProblemKind};
use oauth1_core::rsa::RsaPublicKey;
use oauth1_core::verify::{
    Checker, DEFAULT_METHODS, DEFAULT_WINDOW_SECS, MemoryReplayStore, Rejection, Secrets, UnknownCredentials,
    UriSource, request_uri,
};
use oauth1_core::{ClientCredentials, Nonce, Provider, SigningRules, Timestamp, TokenCredentials};

/// The one user the provider knows (Twitter's documentation account).
pub const USER_ID: &str = "6253282";
/// That user's screen name.
pub const SCREEN_NAME: &str = "twitterapi";
/// The size of `GET /test/big`'s body.
pub const BIG_BODY_LEN: usize = 3 << 20;
/// The largest request body the provider reads.
const MAX_REQUEST_BODY: usize = 1 << 20;

/// What the provider is started with.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    /// The registered client.
    pub client: ClientCredentials,
    /// Access tokens that exist from the start (for tests that skip the flow).
    pub tokens: Vec<TokenCredentials>,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Whether to print each log line on stderr as well.
    pub log_to_stderr: bool,
    /// Added to the system clock: a provider whose clock is wrong, for clock-skew tests.
    pub clock_offset_secs: i64,
    /// The client's RSA public key, as a Jira application link holds it: RSA-SHA1/256/512 requests
    /// are checked with it.
    pub rsa_public_key: Option<RsaPublicKey>,
    /// Nonces each client (consumer key and token) may have in the replay window; past that its
    /// requests get 429 with `Retry-After` (see `MemoryReplayStore` for sizing).
    pub nonces_per_client: usize,
    /// The profile's signing rules: only their method is accepted, and their realm (when set) must be
    /// the header's. [`ReferenceProvider::provider`] hands the same rules to clients. `None`: every
    /// built-in method is accepted (the Twitter-like default, for tests of each method).
    pub rules: Option<SigningRules>,
    /// How refusals are answered.
    pub errors: ErrorStyle,
    /// Whether protected resources take requests signed with the client credentials alone.
    pub one_legged: bool,
    /// Where the signed URI's scheme and host come from.
    pub uri: UriConfig,
    /// Whether consent gives the user a verifier that the access-token request must carry (OAuth 1.0a);
    /// without, the approval alone is enough (OAuth 1.0, as Launchpad).
    pub verifier: bool,
}

/// How the reference provider answers a refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorStyle {
    /// Twitter's JSON (`{"errors":[{"code":32,…}]}`).
    Twitter,
    /// OAuth Problem Reporting, as Jira answers: a form body `oauth_problem=…` (with the acceptable
    /// timestamps, the absent parameter, and for `signature_invalid` the base string it computed).
    ProblemReporting,
}

/// Where the reference provider takes the signed URI's scheme and host from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UriConfig {
    /// `http` and the `Host` header (a provider reached directly).
    Host,
    /// A fixed public origin, as a provider behind a TLS-terminating proxy is configured.
    Origin(String),
    /// `X-Forwarded-Proto` / `X-Forwarded-Host` of a trusted proxy, else as `Host`.
    TrustedProxy,
}

/// The reference provider's default quota: one client at 20,000 requests a second (more than the
/// provider serves on one core), signed with the current time, never reaches it in a 300 s window.
pub const DEFAULT_NONCES_PER_CLIENT: usize = 6_000_000;

impl ProviderConfig {
    /// A provider for `client` on a free port, logging to memory only.
    pub fn new(client: ClientCredentials) -> Self {
        Self {
            client,
            tokens: Vec::new(),
            port: 0,
            log_to_stderr: false,
            clock_offset_secs: 0,
            rsa_public_key: None,
            nonces_per_client: DEFAULT_NONCES_PER_CLIENT,
            rules: None,
            errors: ErrorStyle::Twitter,
            one_legged: false,
            uri: UriConfig::Host,
            verifier: true,
        }
    }
}

/// A running reference provider. Dropping it stops the server.
pub struct ReferenceProvider {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ReferenceProvider {
    /// Starts a provider for `client` on a free loopback port.
    ///
    /// # Errors
    /// The port cannot be bound or the runtime cannot start.
    pub fn start(client: ClientCredentials) -> std::io::Result<Self> {
        Self::start_with(ProviderConfig::new(client))
    }

    /// Starts a provider as `config` says.
    ///
    /// # Errors
    /// The port cannot be bound or the runtime cannot start.
    pub fn start_with(config: ProviderConfig) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", config.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let mut state = Registry::default();
        for token in &config.tokens {
            state
                .access
                .insert(token.token().to_owned(), token.secret().expose().to_owned());
        }
        let shared = Arc::new(Shared {
            client: config.client,
            rsa_public_key: config.rsa_public_key,
            rules: config.rules,
            errors: config.errors,
            one_legged: config.one_legged,
            uri: config.uri,
            verifier: config.verifier,
            log_to_stderr: config.log_to_stderr,
            clock_offset_secs: config.clock_offset_secs,
            state: Mutex::new(state),
            nonces: Mutex::new(MemoryReplayStore::new(config.nonces_per_client)),
            log: Mutex::new(VecDeque::new()),
        });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = Router::new().fallback(handle).with_state(Arc::clone(&shared));
        let thread = std::thread::Builder::new()
            .name(format!("reference-provider-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::spawn(async move { axum::serve(listener, app).await });
                    let _ = stopped.await;
                });
                // Dropping the runtime cancels every connection still open (a hanging one included).
            })?;
        Ok(Self {
            addr,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The provider description for the flow, with the profile's signing rules.
    ///
    /// # Panics
    /// Never: `Provider::at_host` accepts plain http to 127.0.0.1.
    pub fn provider(&self) -> Provider {
        #[allow(clippy::expect_used)] // `at_host` accepts plain http to 127.0.0.1.
        let provider = Provider::at_host(&self.url()).expect("a loopback origin is a valid provider");
        match &self.shared.rules {
            Some(rules) => provider.with_rules(rules.clone()),
            None => provider,
        }
    }

    /// The registered client's credentials.
    pub fn client(&self) -> &ClientCredentials {
        &self.shared.client
    }

    /// Makes every endpoint answer 429 with `x-rate-limit-reset: reset` (or stops doing so with `None`).
    pub fn rate_limit(&self, reset: Option<u64>) {
        self.shared.lock_state().rate_limit_reset = reset;
    }

    /// Issues an access token directly, as if the flow had run.
    pub fn issue_access_token(&self) -> TokenCredentials {
        let (token, secret) = (random_token(), random_token());
        self.shared
            .lock_state()
            .access
            .insert(token.clone(), secret.clone());
        TokenCredentials::new(token, secret)
    }

    /// The log lines so far (the newest 10,000).
    pub fn log(&self) -> Vec<String> {
        lock(&self.shared.log).iter().cloned().collect()
    }

    /// How many requests reached `path`.
    pub fn hits(&self, path: &str) -> usize {
        let needle = format!(" {path} ");
        self.log().iter().filter(|line| line.contains(&needle)).count()
    }
}

impl Drop for ReferenceProvider {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Everything the handlers share.
struct Shared {
    client: ClientCredentials,
    rsa_public_key: Option<RsaPublicKey>,
    rules: Option<SigningRules>,
    errors: ErrorStyle,
    one_legged: bool,
    uri: UriConfig,
    verifier: bool,
    log_to_stderr: bool,
    clock_offset_secs: i64,
    state: Mutex<Registry>,
    nonces: Mutex<MemoryReplayStore>,
    log: Mutex<VecDeque<String>>,
}

#[derive(Default)]
struct Registry {
    temporary: HashMap<String, Temporary>,
    /// Temporary tokens in the order issued, with the time: what to forget first.
    issued: VecDeque<(u64, String)>,
    /// Access token → secret.
    access: HashMap<String, String>,
    rate_limit_reset: Option<u64>,
    next_status_id: u64,
}

struct Temporary {
    secret: String,
    callback: String,
    verifier: Option<String>,
}

/// How long temporary credentials stay usable (Twitter's request tokens expire too).
const TEMPORARY_LIFETIME_SECS: u64 = 900;
/// Temporary credentials held at most; past that, `request_token` answers 503 until some expire.
const MAX_TEMPORARY: usize = 100_000;
/// Log lines kept in memory (the newest); stderr gets every line.
const MAX_LOG_LINES: usize = 10_000;

impl Registry {
    /// Forgets temporary credentials issued before `oldest` (used or not).
    fn forget_temporary_before(&mut self, oldest: u64) {
        while self.issued.front().is_some_and(|(at, _)| *at < oldest) {
            if let Some((_, token)) = self.issued.pop_front() {
                self.temporary.remove(&token);
            }
        }
    }
}

/// A poisoned lock only means another handler panicked; the data is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn lock_state(&self) -> MutexGuard<'_, Registry> {
        lock(&self.state)
    }

    fn now(&self) -> Timestamp {
        let secs = Timestamp::now()
            .as_secs()
            .saturating_add_signed(self.clock_offset_secs);
        Timestamp::from_secs(secs)
    }

    fn log_line(&self, line: String) {
        if self.log_to_stderr {
            #[allow(clippy::print_stderr)] // the provider's log is its stderr
            {
                eprintln!("{line}");
            }
        }
        let mut log = lock(&self.log);
        if log.len() >= MAX_LOG_LINES {
            log.pop_front();
        }
        log.push_back(line);
    }

    /// Verifies `request`; `token_secret` says which tokens this endpoint accepts.
    fn verify(
        &self,
        request: &Request<Vec<u8>>,
        token_secret: impl FnOnce(&Registry, &str) -> Option<String>,
    ) -> Result<Verified, Refusal> {
        let state = self.lock_state();
        let lookup = |key: &str, token: Option<&str>| {
            if key != self.client.key() {
                return Err(UnknownCredentials::Client);
            }
            let token = match token {
                Some(token) => Some(
                    token_secret(&state, token)
                        .ok_or(UnknownCredentials::Token)?
                        .into(),
                ),
                None => None,
            };
            let secrets = Secrets::new(self.client.secret().expose(), token);
            Ok(match &self.rsa_public_key {
                Some(key) => secrets.with_rsa_public_key(key.clone()),
                None => secrets,
            })
        };
        let mut nonces = lock(&self.nonces);
        // Only the profile's method (a provider that signs with RSA-SHA1 refuses HMAC-SHA1).
        let profile_method = self.rules.as_ref().and_then(|rules| {
            DEFAULT_METHODS
                .iter()
                .copied()
                .find(|m| m.name() == rules.method.as_str())
        });
        let methods = match &profile_method {
            Some(method) => core::slice::from_ref(method),
            None => DEFAULT_METHODS,
        };
        let verified = Checker::new(self.now())
            .methods(methods)
            .verify(request, lookup, &mut *nonces)
            .map_err(|rejection| self.rejected(request, rejection))?;
        if let Some(realm) = self.rules.as_ref().and_then(|rules| rules.realm.as_ref())
            && verified.realm() != Some(realm.as_str())
        {
            return Err(Refusal::Refused("the realm is not this provider's"));
        }
        Ok(Verified {
            token: verified.token().map(str::to_owned),
            callback: verified.callback().map(str::to_owned),
            verifier: verified.verifier().map(str::to_owned),
        })
    }
}

impl Shared {
    /// A rejection, with the base string this provider computed when the signature did not match
    /// (Problem Reporting echoes it).
    fn rejected(&self, request: &Request<Vec<u8>>, rejection: Rejection) -> Refusal {
        let echo =
            matches!(rejection, Rejection::BadSignature) && self.errors == ErrorStyle::ProblemReporting;
        let base_string = echo
            .then(|| oauth1_core::verify::received_base_string(request).ok())
            .flatten();
        Refusal::Rejected(rejection, base_string)
    }
}

/// What a handler needs from a verified request.
struct Verified {
    token: Option<String>,
    callback: Option<String>,
    verifier: Option<String>,
}

/// Why a request was refused, for the answer and the log.
enum Refusal {
    /// Refused by the verifier; the base string it computed, when it is to be echoed.
    Rejected(Rejection, Option<String>),
    /// A protocol rule of an endpoint, beyond the signature.
    Refused(&'static str),
    BadRequest(&'static str),
    /// The provider holds too much state to take this request; retry after this many seconds.
    Busy(u64),
    NotFound,
}

async fn handle(State(shared): State<Arc<Shared>>, request: axum::extract::Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let method = parts.method.clone();
    let (response, outcome) = match axum::body::to_bytes(body, MAX_REQUEST_BODY).await {
        Ok(body) => {
            let path_and_query = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            let source = match &shared.uri {
                UriConfig::Host => UriSource::Host { scheme: "http" },
                UriConfig::Origin(origin) => UriSource::Origin(origin),
                UriConfig::TrustedProxy => UriSource::TrustedProxy { scheme: "http" },
            };
            match request_uri(source, &parts.headers, path_and_query) {
                Ok(uri) => {
                    let mut request = Request::new(body.to_vec());
                    *request.method_mut() = parts.method;
                    *request.headers_mut() = parts.headers;
                    *request.uri_mut() = uri;
                    route(&shared, &request).await
                }
                Err(_) => answer_refusal(&shared, Refusal::BadRequest("bad Host header")),
            }
        }
        Err(_) => answer_refusal(&shared, Refusal::BadRequest("request body too large")),
    };
    shared.log_line(format!(
        "{method} {path} {} {outcome}",
        response.status().as_u16()
    ));
    response
}

/// Answers one request, with a short description of the outcome for the log.
async fn route(shared: &Shared, request: &Request<Vec<u8>>) -> (Response, String) {
    let reset = shared.lock_state().rate_limit_reset;
    if let Some(reset) = reset {
        return (rate_limited(reset), "rate limited".into());
    }
    let result = match (request.method(), request.uri().path()) {
        // GET too, as E*TRADE, Flickr and Discogs call them.
        (&Method::POST | &Method::GET, "/oauth/request_token") => request_token(shared, request),
        (&Method::GET, "/oauth/authorize" | "/oauth/authenticate") => authorize(shared, request),
        (&Method::POST | &Method::GET, "/oauth/access_token") => access_token(shared, request),
        (&Method::GET, "/1.1/account/verify_credentials.json") => {
            protected(shared, request).map(|()| (json(StatusCode::OK, &user_json()), "ok".into()))
        }
        (&Method::POST, "/1.1/statuses/update.json") => update_status(shared, request),
        (&Method::GET, "/test/redirect") => protected(shared, request).map(|()| {
            let to = "/1.1/account/verify_credentials.json";
            (redirect(to), "ok: redirected".into())
        }),
        (&Method::GET, "/test/big") => Ok((
            text(StatusCode::OK, "text/plain", "x".repeat(BIG_BODY_LEN)),
            "ok: 3 MiB".into(),
        )),
        (&Method::GET, "/test/hang") => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            Err(Refusal::NotFound)
        }
        _ => Err(Refusal::NotFound),
    };
    result.unwrap_or_else(|refusal| answer_refusal(shared, refusal))
}

fn request_token(shared: &Shared, request: &Request<Vec<u8>>) -> Result<(Response, String), Refusal> {
    // No token may be used here.
    let verified = shared.verify(request, |_, _| None)?;
    let callback = verified.callback.ok_or(Refusal::Rejected(
        Rejection::Missing {
            name: "oauth_callback",
        },
        None,
    ))?;
    if oauth1_core::flow::validate_callback(&callback).is_err() {
        return Err(Refusal::Refused("oauth_callback must be oob or an absolute URI"));
    }
    let access_type = query_param(request, "x_auth_access_type");
    if access_type
        .as_deref()
        .is_some_and(|t| t != "read" && t != "write")
    {
        return Err(Refusal::BadRequest("x_auth_access_type must be read or write"));
    }
    let (token, secret) = (random_token(), random_token());
    let body = format!("oauth_token={token}&oauth_token_secret={secret}&oauth_callback_confirmed=true");
    let now = shared.now().as_secs();
    let mut state = shared.lock_state();
    state.forget_temporary_before(now.saturating_sub(TEMPORARY_LIFETIME_SECS));
    if state.temporary.len() >= MAX_TEMPORARY {
        return Err(Refusal::Busy(TEMPORARY_LIFETIME_SECS));
    }
    state.issued.push_back((now, token.clone()));
    state.temporary.insert(
        token,
        Temporary {
            secret,
            callback,
            verifier: None,
        },
    );
    Ok((form(body), "ok: temporary credentials issued".into()))
}

fn authorize(shared: &Shared, request: &Request<Vec<u8>>) -> Result<(Response, String), Refusal> {
    // `token` is E*TRADE's name for it.
    let token = query_param(request, "oauth_token")
        .or_else(|| query_param(request, "token"))
        .ok_or(Refusal::BadRequest("oauth_token is missing"))?;
    let approve = query_param(request, "approve").is_some_and(|v| v == "1");
    let deny = query_param(request, "deny").is_some_and(|v| v == "1");
    let mut state = shared.lock_state();
    let Some(temporary) = state.temporary.get_mut(&token) else {
        return Err(Refusal::BadRequest("unknown or expired oauth_token"));
    };
    let oob = temporary.callback == "oob";
    let encoded_token = percent_encode(&token).to_string();
    if deny {
        let callback = temporary.callback.clone();
        state.temporary.remove(&token);
        if oob {
            let page = page(
                "Authorization declined",
                "<p>You declined. Return to the application.</p>",
            );
            return Ok((page, "ok: denied".into()));
        }
        let to = append_query(&callback, &format!("denied={encoded_token}"));
        return Ok((redirect(&to), "ok: denied".into()));
    }
    if !approve {
        let body = format!(
            "<p>An application wants to use your account <b>@{SCREEN_NAME}</b>.</p>\
             <p><a id=\"approve\" href=\"?oauth_token={encoded_token}&amp;approve=1\">Authorize app</a> \
             <a id=\"deny\" href=\"?oauth_token={encoded_token}&amp;deny=1\">Cancel</a></p>"
        );
        return Ok((page("Authorize application", &body), "ok: consent page".into()));
    }
    let verifier = if oob { random_pin() } else { random_token() };
    temporary.verifier = Some(verifier.clone());
    if oob {
        let body = format!(
            "<p>Enter this PIN in the application:</p><p><code id=\"oauth_pin\">{verifier}</code></p>"
        );
        return Ok((page("PIN", &body), "ok: PIN shown".into()));
    }
    let to = append_query(
        &temporary.callback,
        &format!("oauth_token={encoded_token}&oauth_verifier={verifier}"),
    );
    Ok((redirect(&to), "ok: redirected to the callback".into()))
}

fn access_token(shared: &Shared, request: &Request<Vec<u8>>) -> Result<(Response, String), Refusal> {
    // Only an approved temporary token is good here.
    let verified = shared.verify(request, |state, token| {
        let temporary = state.temporary.get(token)?;
        temporary.verifier.as_ref()?;
        Some(temporary.secret.clone())
    })?;
    let token = verified.token.ok_or(Refusal::Rejected(
        Rejection::Missing { name: "oauth_token" },
        None,
    ))?;
    let mut state = shared.lock_state();
    // OAuth 1.0 (no verifier): the approval recorded at consent is enough.
    if shared.verifier {
        let sent = verified.verifier.ok_or(Refusal::Rejected(
            Rejection::Missing {
                name: "oauth_verifier",
            },
            None,
        ))?;
        let issued = state
            .temporary
            .get(&token)
            .and_then(|t| t.verifier.clone())
            .unwrap_or_default();
        if !constant_time_eq(sent.as_bytes(), issued.as_bytes()) {
            return Err(Refusal::Refused("oauth_verifier does not match"));
        }
    }
    state.temporary.remove(&token);
    let (access, secret) = (random_token(), random_token());
    state.access.insert(access.clone(), secret.clone());
    let body = format!(
        "oauth_token={access}&oauth_token_secret={secret}&user_id={USER_ID}&screen_name={SCREEN_NAME}"
    );
    Ok((form(body), "ok: token credentials issued".into()))
}

/// Verifies a call to a protected resource: an access token is required, unless the provider is
/// one-legged.
fn protected(shared: &Shared, request: &Request<Vec<u8>>) -> Result<(), Refusal> {
    let verified = shared.verify(request, |state, token| state.access.get(token).cloned())?;
    match verified.token {
        Some(_) => Ok(()),
        None if shared.one_legged => Ok(()),
        None => Err(Refusal::Rejected(
            Rejection::Missing { name: "oauth_token" },
            None,
        )),
    }
}

fn update_status(shared: &Shared, request: &Request<Vec<u8>>) -> Result<(Response, String), Refusal> {
    protected(shared, request)?;
    let body = std::str::from_utf8(request.body()).map_err(|_| Refusal::BadRequest("body is not UTF-8"))?;
    let status = form_pairs(body)
        .find(|(name, _)| *name == "status")
        .and_then(|(_, value)| form_decode(value).ok())
        .ok_or(Refusal::BadRequest("status is missing"))?;
    let id = {
        let mut state = shared.lock_state();
        state.next_status_id += 1;
        state.next_status_id
    };
    let tweet = serde_json::json!({
        "id": id,
        "id_str": id.to_string(),
        "text": status,
        "user": user_json(),
    });
    Ok((json(StatusCode::OK, &tweet), "ok: status updated".into()))
}

fn answer_refusal(shared: &Shared, refusal: Refusal) -> (Response, String) {
    match refusal {
        Refusal::Rejected(Rejection::ReplayStoreFull { retry_after_secs }, _) => {
            // Not an authentication failure: the client sent more than its share of nonces.
            let mut response = twitter_error(StatusCode::TOO_MANY_REQUESTS, 88, "Rate limit exceeded");
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(retry_after_secs));
            (
                response,
                format!("refused: replay store full for this client ({retry_after_secs} s)"),
            )
        }
        Refusal::Rejected(rejection, base_string) if shared.errors == ErrorStyle::ProblemReporting => {
            let problem = Problem::for_rejection(&rejection, DEFAULT_WINDOW_SECS);
            let problem = match base_string {
                Some(base_string) => problem.with_base_string(base_string),
                None => problem,
            };
            let mut response = text(
                StatusCode::UNAUTHORIZED,
                "application/x-www-form-urlencoded",
                problem.to_form(),
            );
            let header = format!("OAuth oauth_problem=\"{}\"", problem.kind.name());
            if let Ok(value) = HeaderValue::from_str(&header) {
                response.headers_mut().insert(WWW_AUTHENTICATE, value);
            }
            (response, format!("rejected: {rejection}"))
        }
        Refusal::Rejected(rejection, _) => {
            let (code, message) = match rejection {
                Rejection::TimestampOutOfWindow { .. } => (135, "Timestamp out of bounds."),
                Rejection::UnknownToken => (89, "Invalid or expired token."),
                _ => (32, "Could not authenticate you."),
            };
            let mut response = twitter_error(StatusCode::UNAUTHORIZED, code, message);
            // The provider's own clock, so a client can measure its skew.
            let now = SystemTime::UNIX_EPOCH + Duration::from_secs(shared.now().as_secs());
            if let Ok(date) = HeaderValue::from_str(&httpdate::fmt_http_date(now)) {
                response.headers_mut().insert(DATE, date);
            }
            (response, format!("rejected: {rejection}"))
        }
        Refusal::Refused(why) if shared.errors == ErrorStyle::ProblemReporting => {
            let mut problem = Problem::new(ProblemKind::ParameterRejected);
            problem.advice = Some(why.to_owned());
            let body = problem.to_form();
            (
                text(
                    StatusCode::UNAUTHORIZED,
                    "application/x-www-form-urlencoded",
                    body,
                ),
                format!("refused: {why}"),
            )
        }
        Refusal::Refused(why) => (
            twitter_error(StatusCode::UNAUTHORIZED, 32, "Could not authenticate you."),
            format!("refused: {why}"),
        ),
        Refusal::BadRequest(why) => (
            twitter_error(StatusCode::BAD_REQUEST, 214, why),
            format!("bad request: {why}"),
        ),
        Refusal::Busy(retry_after_secs) => {
            let mut response = twitter_error(StatusCode::SERVICE_UNAVAILABLE, 130, "Over capacity");
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(retry_after_secs));
            (response, "refused: over capacity".into())
        }
        Refusal::NotFound => (
            twitter_error(StatusCode::NOT_FOUND, 34, "Sorry, that page does not exist."),
            "not found".into(),
        ),
    }
}

fn twitter_error(status: StatusCode, code: u32, message: &str) -> Response {
    let body = serde_json::json!({ "errors": [{ "code": code, "message": message }] });
    json(status, &body)
}

fn rate_limited(reset: u64) -> Response {
    let mut response = twitter_error(StatusCode::TOO_MANY_REQUESTS, 88, "Rate limit exceeded");
    let headers = response.headers_mut();
    headers.insert("x-rate-limit-limit", HeaderValue::from(15));
    headers.insert("x-rate-limit-remaining", HeaderValue::from(0));
    headers.insert("x-rate-limit-reset", HeaderValue::from(reset));
    response
}

fn user_json() -> serde_json::Value {
    serde_json::json!({
        "id": USER_ID.parse::<u64>().unwrap_or_default(),
        "id_str": USER_ID,
        "screen_name": SCREEN_NAME,
        "name": "Twitter API",
    })
}

fn text(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn json(status: StatusCode, value: &serde_json::Value) -> Response {
    text(status, "application/json; charset=utf-8", value.to_string())
}

fn form(body: String) -> Response {
    text(StatusCode::OK, "application/x-www-form-urlencoded", body)
}

fn page(title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1>{body}</body></html>"
    );
    text(StatusCode::OK, "text/html; charset=utf-8", html)
}

fn redirect(to: &str) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::FOUND;
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(LOCATION, location);
    }
    response
}

fn query_param(request: &Request<Vec<u8>>, name: &str) -> Option<String> {
    form_pairs(request.uri().query()?)
        .find(|(n, _)| *n == name)
        .and_then(|(_, v)| form_decode(v).ok())
        .map(std::borrow::Cow::into_owned)
}

fn append_query(url: &str, pairs: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{pairs}")
}

/// 32 alphanumerics from the thread's CSPRNG.
fn random_token() -> String {
    Nonce::generate(&mut rand::rng()).as_str().to_owned()
}

/// A 7-digit PIN, as Twitter shows.
fn random_pin() -> String {
    random_token()
        .bytes()
        .take(7)
        .map(|b| char::from(b'0' + b % 10))
        .collect()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq as _;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}
