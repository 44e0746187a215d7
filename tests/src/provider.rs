//! The reference provider on a loopback port (design.md §6): a thin axum shell around core's sans-IO
//! [`oauth1_core::reference::ReferenceProvider`], which holds every endpoint, the verification and the
//! answers (its module docs list them). The shell adds what needs a socket or a clock: the port, the
//! system time (shifted by [`ProviderConfig::clock_offset_secs`] for clock-skew tests), the thread's
//! CSPRNG, `GET /test/hang` (never answers), `GET /test/big-chunked` ([`BIG_BODY_LEN`] bytes streamed
//! without a `Content-Length`, so that a client can only cap it while reading), `GET /test/bytes` (the
//! 256 octet values in order: a body that is not text), `POST /test/multipart` (the parts of a
//! multipart/form-data body as axum's multer-based reader reads them, as JSON), `GET /test/user-agent`
//! (the request's `User-Agent`, or `(none)`) and the log on stderr.
//!
//! It runs on a tokio runtime of its own thread, so blocking and async tests, the benchmarks and the
//! standalone `provider` binary can all start it in-process.

use std::net::{SocketAddr, TcpListener};
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use http::Request;
use oauth1_core::reference::{self, Config};
pub use oauth1_core::reference::{
    BIG_BODY_LEN, DEFAULT_NONCES_PER_CLIENT, ErrorStyle, SCREEN_NAME, USER_ID, UriConfig,
};
use oauth1_core::{ClientCredentials, ClockError, Provider, Timestamp, TokenCredentials};

/// The largest request body the provider reads.
const MAX_REQUEST_BODY: usize = 1 << 20;

/// What the provider is started with: core's [`Config`] (reached through this, as `config.rules`),
/// plus the shell's port, log and clock.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    /// Core's configuration: the client, tokens, RSA key, nonce quota and profile options.
    pub core: Config,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Whether to print each log line on stderr as well.
    pub log_to_stderr: bool,
    /// Added to the system clock: a provider whose clock is wrong, for clock-skew tests.
    pub clock_offset_secs: i64,
}

impl ProviderConfig {
    /// A Twitter-like provider for `client` on a free port, logging to memory only.
    pub fn new(client: ClientCredentials) -> Self {
        Self {
            core: Config::new(client),
            port: 0,
            log_to_stderr: false,
            clock_offset_secs: 0,
        }
    }
}

impl Deref for ProviderConfig {
    type Target = Config;

    fn deref(&self) -> &Config {
        &self.core
    }
}

impl DerefMut for ProviderConfig {
    fn deref_mut(&mut self) -> &mut Config {
        &mut self.core
    }
}

/// A running reference provider. Dropping it stops the server.
pub struct ReferenceProvider {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// What the handler shares: core's provider and the shell's settings.
struct Shared {
    provider: Mutex<reference::ReferenceProvider>,
    log_to_stderr: bool,
    clock_offset_secs: i64,
}

/// A poisoned lock only means another handler panicked; the provider's state is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn provider(&self) -> MutexGuard<'_, reference::ReferenceProvider> {
        lock(&self.provider)
    }

    fn now(&self) -> Result<Timestamp, ClockError> {
        Ok(Timestamp::now()?.offset_by(self.clock_offset_secs))
    }
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
        let shared = Arc::new(Shared {
            provider: Mutex::new(reference::ReferenceProvider::new(config.core)),
            log_to_stderr: config.log_to_stderr,
            clock_offset_secs: config.clock_offset_secs,
        });
        // Registered with the runtime here, so that a failure is this call's error, not a server
        // that silently never answers.
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = Router::new().fallback(handle).with_state(Arc::clone(&shared));
        let thread = std::thread::Builder::new()
            .name(format!("reference-provider-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
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
        match &self.shared.provider().config().rules {
            Some(rules) => provider.with_rules(rules.clone()),
            None => provider,
        }
    }

    /// The registered client's credentials.
    pub fn client(&self) -> ClientCredentials {
        self.shared.provider().config().client.clone()
    }

    /// Makes every endpoint answer 429 with `x-rate-limit-reset: reset` (or stops doing so with `None`).
    pub fn rate_limit(&self, reset: Option<u64>) {
        self.shared.provider().rate_limit(reset);
    }

    /// Issues an access token directly, as if the flow had run.
    pub fn issue_access_token(&self) -> TokenCredentials {
        self.shared.provider().issue_access_token(&mut rand::rng())
    }

    /// The log lines so far (the newest 10,000).
    pub fn log(&self) -> Vec<String> {
        self.shared.provider().log().map(str::to_owned).collect()
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

async fn handle(State(shared): State<Arc<Shared>>, request: axum::extract::Request) -> Response {
    let (parts, body) = request.into_parts();
    if parts.uri.path() == "/test/hang" {
        // For adapter timeouts: an answer that never comes.
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
    match parts.uri.path() {
        "/test/big-chunked" => return big_chunked(),
        "/test/bytes" => return Response::new(Body::from((0..=u8::MAX).collect::<Vec<u8>>())),
        "/test/multipart" => return multipart_parts(Request::from_parts(parts, body)).await,
        "/test/user-agent" => {
            let agent = parts.headers.get(http::header::USER_AGENT);
            return Response::new(Body::from(
                agent.map_or(b"(none)".to_vec(), |v| v.as_bytes().to_vec()),
            ));
        }
        _ => {}
    }
    let response = match (axum::body::to_bytes(body, MAX_REQUEST_BODY).await, shared.now()) {
        (Ok(body), Ok(now)) => {
            let request = Request::from_parts(parts, body.to_vec());
            let mut provider = shared.provider();
            let response = provider.handle(request, now, &mut rand::rng());
            if shared.log_to_stderr
                && let Some(line) = provider.log().next_back()
            {
                #[allow(clippy::print_stderr)] // the provider's log is its stderr
                {
                    eprintln!("{line}");
                }
            }
            response
        }
        (Err(_), _) => plain(http::StatusCode::PAYLOAD_TOO_LARGE, "request body too large"),
        (_, Err(clock)) => plain(http::StatusCode::INTERNAL_SERVER_ERROR, &clock.to_string()),
    };
    response.map(Body::from)
}

/// [`BIG_BODY_LEN`] bytes in 64 KiB chunks, with no length announced (HTTP/1.1 chunked encoding).
fn big_chunked() -> Response {
    const CHUNK: usize = 64 << 10;
    let chunks = (0..BIG_BODY_LEN / CHUNK).map(|_| Ok::<_, std::convert::Infallible>(vec![b'x'; CHUNK]));
    Response::new(Body::from_stream(futures_util::stream::iter(chunks)))
}

/// Asserts that `body`, `/test/multipart`'s answer, lists the upload the adapters' tests send: a
/// text field `status` = `hi`, then a file `media` named `cat.png` (`image/png`) holding `picture
/// octets`.
///
/// # Panics
/// When it does not (a test's failure).
pub fn assert_upload_parts(body: &[u8]) {
    #[allow(clippy::expect_used)] // a test's assertion: failing loudly is the point
    let parts: serde_json::Value = serde_json::from_slice(body).expect("/test/multipart answers JSON");
    assert_eq!(
        parts,
        serde_json::json!([
            {"name": "status", "file_name": null, "content_type": null, "text": "hi"},
            {"name": "media", "file_name": "cat.png", "content_type": "image/png", "text": "picture octets"},
        ])
    );
}

/// Checks the signature of the upload `/test/multipart` answered with `response` as a provider that
/// signs a multipart body's text fields (Flickr) checks it: the request's `Authorization` header,
/// which the answer echoes, over the text parts as multer read them
/// ([`multipart_as_form`](oauth1_core::body::multipart_as_form)), for `url`.
///
/// # Errors
/// The verifier's rejection, as text.
///
/// # Panics
/// When `response` is not `/test/multipart`'s answer to a request with an `Authorization` header (a
/// test's failure).
pub fn verify_with_text_fields(
    response: &http::Response<Vec<u8>>,
    url: &str,
    client: &ClientCredentials,
    token: &TokenCredentials,
) -> Result<(), String> {
    use oauth1_core::verify::{Checker, MemoryReplayStore, Secrets};
    #[allow(clippy::expect_used)] // a test's assertion: failing loudly is the point
    let parts: Vec<serde_json::Value> =
        serde_json::from_slice(response.body()).expect("/test/multipart answers a JSON list");
    let text_fields: Vec<(&str, &str)> = parts
        .iter()
        .filter(|part| part["file_name"].is_null())
        .map(|part| {
            #[allow(clippy::expect_used)] // as above
            let text = |key: &str| part[key].as_str().expect("a text part has a name and its text");
            (text("name"), text("text"))
        })
        .collect();
    #[allow(clippy::expect_used)] // as above
    let received = Request::post(url)
        .header(
            http::header::AUTHORIZATION,
            response
                .headers()
                .get(RECEIVED_AUTHORIZATION)
                .expect("the upload was signed in a header"),
        )
        .header(http::header::CONTENT_TYPE, "multipart/form-data; boundary=b")
        .body(())
        .expect("a request from a checked URL and header");
    let request = oauth1_core::body::multipart_as_form(&received, &text_fields);
    let lookup = |_: &str, _: Option<&str>| {
        Ok(Secrets::new(
            client.secret().expose(),
            Some(token.secret().expose().into()),
        ))
    };
    let now = Timestamp::now().map_err(|e| e.to_string())?;
    Checker::new(now)
        .verify(&request, lookup, &mut MemoryReplayStore::new(1))
        .map(|_| ())
        .map_err(|rejection| rejection.to_string())
}

/// The parts of a multipart/form-data body, read by axum's `Multipart` (multer): a JSON list of
/// `{"name", "file_name", "content_type", "text"}` (the contents as UTF-8, lossily), with the request's
/// `Authorization` header echoed in [`RECEIVED_AUTHORIZATION`]; or 400 with the parser's reason.
async fn multipart_parts(request: axum::extract::Request) -> Response {
    use axum::extract::FromRequest as _;
    let refused = |reason: String| plain(http::StatusCode::BAD_REQUEST, &reason).map(Body::from);
    let authorization = request.headers().get(http::header::AUTHORIZATION).cloned();
    let mut multipart = match axum::extract::Multipart::from_request(request, &()).await {
        Ok(multipart) => multipart,
        Err(rejection) => return refused(rejection.body_text()),
    };
    let mut parts = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return refused(error.body_text()),
        };
        let name = field.name().map(str::to_owned);
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        match field.bytes().await {
            Ok(contents) => parts.push(serde_json::json!({
                "name": name,
                "file_name": file_name,
                "content_type": content_type,
                "text": String::from_utf8_lossy(&contents),
            })),
            Err(error) => return refused(error.body_text()),
        }
    }
    let mut response = Response::new(Body::from(serde_json::Value::from(parts).to_string()));
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    if let Some(authorization) = authorization {
        response
            .headers_mut()
            .insert(RECEIVED_AUTHORIZATION, authorization);
    }
    response
}

/// The response header in which `/test/multipart` echoes the request's `Authorization` header, for a
/// test to verify the signature against the parts as multer read them.
pub const RECEIVED_AUTHORIZATION: &str = "x-received-authorization";

/// An answer of `status` with `text` as its body.
fn plain(status: http::StatusCode, text: &str) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(text.as_bytes().to_vec());
    *response.status_mut() = status;
    response
}
