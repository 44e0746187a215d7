//! The reference provider as a sans-IO test double (feature `reference`): a Twitter-like OAuth 1.0a
//! provider you drive in memory — request in, response out, the time and the randomness passed in — so
//! that client code runs against a real provider in a unit test without a socket. The tests' loopback
//! server and the `oauth1 demo` are thin shells around it.
//!
//! Endpoints (paths on any host; the URI a client signed is rebuilt per [`UriConfig`]):
//! - `POST` (or `GET`) `/oauth/request_token` — `oauth_callback` required (a URL, a custom scheme or
//!   `oob`), optional `x_auth_access_type=read|write`; answers `oauth_callback_confirmed=true`.
//! - `GET /oauth/authorize`, `GET /oauth/authenticate` — the consent page for `oauth_token` (or
//!   E*TRADE's `token`); `&approve=1` consents headlessly: the PIN in `<code id="oauth_pin">` for `oob`,
//!   else a 302 to the callback with `oauth_token` and `oauth_verifier`; `&deny=1` declines (a 302 with
//!   `denied=`).
//! - `POST` (or `GET`) `/oauth/access_token` — checks `oauth_verifier` (unless [`Config::verifier`] is
//!   off); answers the token, `user_id` and `screen_name`.
//! - `GET /1.1/account/verify_credentials.json`, `POST /1.1/statuses/update.json` — protected resources.
//! - For adapter tests: `GET /test/redirect` (a signed call answered with a 302 to
//!   `verify_credentials.json`, which a signing client must not follow) and `GET /test/big` (a body of
//!   [`BIG_BODY_LEN`] bytes, past an adapter's cap).
//!
//! Refusals answer 401 with Twitter's JSON error (code 135 and a `Date` for a timestamp out of bounds, 89
//! for an unknown token, 32 otherwise), or with OAuth Problem Reporting ([`ErrorStyle`]), whose
//! `signature_invalid` echoes the base string the provider computed and gives, as
//! `oauth_problem_advice`, the client's mistake where
//! [`Checker::find_mistake`](crate::verify::Checker::find_mistake) knows it (the log line names it
//! in either style). [`ReferenceProvider::rate_limit`]
//! makes every endpoint answer 429 with `x-rate-limit-*`; a client past its nonce quota gets 429 with
//! `Retry-After`.
//!
//! A whole PIN flow in memory:
//!
//! ```
//! use oauth1_core::reference::{Config, ReferenceProvider};
//! use oauth1_core::{AccessTokenRequest, AuthorizeOptions, ClientCredentials, Nonce, Provider, Step, TemporaryCredentialsRequest, Timestamp};
//!
//! let client = ClientCredentials::new("key", "secret");
//! let mut server = ReferenceProvider::new(Config::new(client.clone()));
//! let mut rng = rand::rng();
//! let now = Timestamp::from_secs(1_700_000_000);
//! // Our "HTTP client": the request goes to the provider in memory.
//! let mut send = |request: http::Request<Vec<u8>>| server.handle(request, now, &mut rng);
//!
//! let provider = Provider::at_host("http://127.0.0.1")?;
//! let step = TemporaryCredentialsRequest::new(&provider, &client, "oob")?;
//! let request = step.prepare(&Nonce::new("n1")?, now)?.map(|body| body.into_bytes());
//! let pending = step.parse(send(request))?;
//!
//! // The user consents; the page shows the PIN.
//! let url = format!("{}&approve=1", pending.authorize_url(&AuthorizeOptions::default()));
//! let page = send(http::Request::get(url).body(Vec::new())?);
//! let page = String::from_utf8(page.into_body())?;
//! let pin = page.split("<code id=\"oauth_pin\">").nth(1).and_then(|rest| rest.split('<').next()).unwrap();
//!
//! let authorized = pending.complete(pin)?;
//! let step = AccessTokenRequest::new(&client, &authorized);
//! let access = step.parse(send(step.prepare(&Nonce::new("n2")?, now)?.map(|body| body.into_bytes())))?;
//! assert_eq!(access.screen_name(), Some("twitterapi"));
//!
//! let mut call = http::Request::get("http://127.0.0.1/1.1/account/verify_credentials.json").body(Vec::new())?;
//! access.signer(&client).authorize(&mut call, &Nonce::new("n3")?, now)?;
//! assert_eq!(send(call).status(), 200);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::borrow::ToOwned;
use alloc::collections::{BTreeMap, VecDeque};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use http::header::{CONTENT_TYPE, DATE, HOST, LOCATION, RETRY_AFTER, WWW_AUTHENTICATE};
use http::{HeaderValue, Method, Request, Response, StatusCode};
use rand_core::CryptoRng;

use crate::credentials::{ClientCredentials, TokenCredentials};
use crate::encode::{form_decode, form_pairs, percent_encode};
use crate::nonce::{Nonce, Timestamp};
use crate::problem::{Problem, ProblemKind};
use crate::provider::SigningRules;
use crate::signer::Placement;
use crate::verify::{
    Checker, DEFAULT_METHODS, DEFAULT_WINDOW_SECS, MemoryReplayStore, Rejection, Secrets, SigningMistake,
    UnknownCredentials, UriSource, request_uri,
};

/// The one user the provider knows (Twitter's documentation account).
pub const USER_ID: &str = "6253282";
/// That user's screen name.
pub const SCREEN_NAME: &str = "twitterapi";
/// The size of `GET /test/big`'s body.
pub const BIG_BODY_LEN: usize = 3 << 20;
/// The provider's default nonce quota per client: one client at 20,000 requests a second, signed with
/// the current time, never reaches it in a 300 s window.
pub const DEFAULT_NONCES_PER_CLIENT: usize = 6_000_000;
/// How long temporary credentials stay usable (Twitter's request tokens expire too).
const TEMPORARY_LIFETIME_SECS: u64 = 900;
/// Temporary credentials held at most; past that, `request_token` answers 503 until some expire.
const MAX_TEMPORARY: usize = 100_000;
/// Log lines kept (the newest).
const MAX_LOG_LINES: usize = 10_000;

/// What the provider is started with.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// The registered client.
    pub client: ClientCredentials,
    /// Access tokens that exist from the start (for tests that skip the flow).
    pub tokens: Vec<TokenCredentials>,
    /// The client's RSA public key, as a Jira application link holds it: RSA requests are checked
    /// with it.
    #[cfg(feature = "rsa")]
    pub rsa_public_key: Option<crate::rsa::RsaPublicKey>,
    /// Nonces each client (consumer key and token) may have in the replay window; past that its
    /// requests get 429 with `Retry-After`.
    pub nonces_per_client: usize,
    /// A profile's signing rules: only their method is accepted, and their realm (when set) must be the
    /// header's. `None`: every built-in method is accepted.
    pub rules: Option<SigningRules>,
    /// How refusals are answered.
    pub errors: ErrorStyle,
    /// Whether protected resources take requests signed with the client credentials alone.
    pub one_legged: bool,
    /// Where the signed URI's scheme and host come from.
    pub uri: UriConfig,
    /// Whether consent gives a verifier the access-token request must carry (OAuth 1.0a); without,
    /// the approval alone is enough (OAuth 1.0, as Launchpad).
    pub verifier: bool,
}

impl Config {
    /// A Twitter-like provider for `client`.
    pub fn new(client: ClientCredentials) -> Self {
        Self {
            client,
            tokens: Vec::new(),
            #[cfg(feature = "rsa")]
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

/// How the provider answers a refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorStyle {
    /// Twitter's JSON (`{"errors":[{"code":32,…}]}`).
    Twitter,
    /// OAuth Problem Reporting, as Jira answers: a form body `oauth_problem=…` (with the acceptable
    /// timestamps, the absent parameter, and for `signature_invalid` the base string it computed).
    ProblemReporting,
}

/// Where the provider takes the signed URI's scheme and host from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UriConfig {
    /// `http` and the `Host` header (a provider reached directly).
    Host,
    /// A fixed public origin, as a provider behind a TLS-terminating proxy is configured.
    Origin(String),
    /// `X-Forwarded-Proto` / `X-Forwarded-Host` of a trusted proxy, else as `Host`.
    TrustedProxy,
}

/// The provider: its configuration and its state (temporary and access tokens, nonces, the log).
#[derive(Debug)]
pub struct ReferenceProvider {
    config: Config,
    registry: Registry,
    nonces: MemoryReplayStore,
    log: VecDeque<String>,
}

#[derive(Debug, Default)]
struct Registry {
    temporary: BTreeMap<String, Temporary>,
    /// Temporary tokens in the order issued, with the time: what to forget first.
    issued: VecDeque<(u64, String)>,
    /// Access token → secret.
    access: BTreeMap<String, String>,
    rate_limit_reset: Option<u64>,
    next_status_id: u64,
}

#[derive(Debug)]
struct Temporary {
    secret: String,
    callback: String,
    verifier: Option<String>,
}

/// What a handler needs from a verified request.
struct Verified {
    token: Option<String>,
    callback: Option<String>,
    verifier: Option<String>,
}

/// Why a request was refused, for the answer and the log.
enum Refusal {
    /// Refused by the verifier; for a bad signature, what the provider knows of it.
    Rejected(Rejection, Option<RefusedSignature>),
    /// A protocol rule of an endpoint, beyond the signature.
    Refused(&'static str),
    BadRequest(&'static str),
    /// Too much state to take this request; retry after this many seconds.
    Busy(u64),
    NotFound,
}

/// What the provider tells of a signature it refused.
struct RefusedSignature {
    /// The base string it computed, when it is to be echoed (Problem Reporting).
    base_string: Option<String>,
    /// The known mistake the client signed with, if any.
    mistake: Option<SigningMistake>,
}

/// The log line for a rejection: why, and the client's mistake where one is known.
fn rejected(rejection: &Rejection, refused: Option<&RefusedSignature>) -> String {
    match refused.and_then(|refused| refused.mistake) {
        Some(mistake) => format!("rejected: {rejection}; {mistake}"),
        None => format!("rejected: {rejection}"),
    }
}

/// One request's context: the time and the randomness it may use.
struct Exchange<'r, R: ?Sized> {
    now: Timestamp,
    rng: &'r mut R,
}

impl<R: CryptoRng + ?Sized> Exchange<'_, R> {
    /// 32 alphanumerics.
    fn token(&mut self) -> String {
        Nonce::generate(self.rng).as_str().to_owned()
    }

    /// A 7-digit PIN, as Twitter shows.
    fn pin(&mut self) -> String {
        self.token()
            .bytes()
            .take(7)
            .map(|b| char::from(b'0' + b % 10))
            .collect()
    }
}

impl ReferenceProvider {
    /// A provider configured by `config`.
    pub fn new(config: Config) -> Self {
        let mut registry = Registry::default();
        for token in &config.tokens {
            registry
                .access
                .insert(token.token().to_owned(), token.secret().expose().to_owned());
        }
        let nonces = MemoryReplayStore::new(config.nonces_per_client);
        Self {
            config,
            registry,
            nonces,
            log: VecDeque::new(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Answers one request at time `now`, drawing tokens, secrets and PINs from `rng`. The request's
    /// URI is the path and query as received (`/oauth/request_token?…`), whose scheme and host come from
    /// [`Config::uri`] and the headers; a request handed over in memory (an absolute URI, no `Host`
    /// header) keeps its URI.
    pub fn handle<R: CryptoRng + ?Sized>(
        &mut self,
        request: Request<Vec<u8>>,
        now: Timestamp,
        rng: &mut R,
    ) -> Response<Vec<u8>> {
        let (method, path) = (request.method().clone(), request.uri().path().to_owned());
        let mut exchange = Exchange { now, rng };
        let (response, outcome) = match self.absolute(request) {
            Ok(request) => self.route(&request, &mut exchange),
            Err(refusal) => self.answer(refusal, now),
        };
        self.log_line(format!(
            "{method} {path} {} {outcome}",
            response.status().as_u16()
        ));
        response
    }

    /// Makes every endpoint answer 429 with `x-rate-limit-reset: reset` (or stops doing so with `None`).
    pub fn rate_limit(&mut self, reset: Option<u64>) {
        self.registry.rate_limit_reset = reset;
    }

    /// Issues an access token directly, as if the flow had run.
    pub fn issue_access_token<R: CryptoRng + ?Sized>(&mut self, rng: &mut R) -> TokenCredentials {
        let (token, secret) = (
            Nonce::generate(rng).as_str().to_owned(),
            Nonce::generate(rng).as_str().to_owned(),
        );
        self.registry.access.insert(token.clone(), secret.clone());
        TokenCredentials::new(token, secret)
    }

    /// The log, oldest first: `METHOD PATH STATUS outcome` per request (the newest 10,000; never a
    /// secret).
    pub fn log(&self) -> impl DoubleEndedIterator<Item = &str> {
        self.log.iter().map(String::as_str)
    }

    fn log_line(&mut self, line: String) {
        if self.log.len() >= MAX_LOG_LINES {
            self.log.pop_front();
        }
        self.log.push_back(line);
    }

    /// The request with the absolute URI the client signed.
    fn absolute(&self, mut request: Request<Vec<u8>>) -> Result<Request<Vec<u8>>, Refusal> {
        // Handed over in memory, a request keeps the absolute URI it was signed for: there is no
        // connection, and no `Host` header, to rebuild it from.
        let in_memory = !request.headers().contains_key(HOST) && request.uri().authority().is_some();
        if in_memory && self.config.uri == UriConfig::Host {
            return Ok(request);
        }
        let path_and_query = request
            .uri()
            .path_and_query()
            .map_or_else(|| String::from("/"), |pq| String::from(pq.as_str()));
        let source = match &self.config.uri {
            UriConfig::Host => UriSource::Host { scheme: "http" },
            UriConfig::Origin(origin) => UriSource::Origin(origin),
            UriConfig::TrustedProxy => UriSource::TrustedProxy { scheme: "http" },
        };
        let uri = request_uri(source, request.headers(), &path_and_query)
            .map_err(|_| Refusal::BadRequest("bad Host header"))?;
        *request.uri_mut() = uri;
        Ok(request)
    }

    fn route<R: CryptoRng + ?Sized>(
        &mut self,
        request: &Request<Vec<u8>>,
        exchange: &mut Exchange<'_, R>,
    ) -> (Response<Vec<u8>>, String) {
        if let Some(reset) = self.registry.rate_limit_reset {
            return (rate_limited(reset), "rate limited".into());
        }
        // Temporary credentials past their lifetime are gone before any endpoint looks one up.
        let oldest = exchange.now.as_secs().saturating_sub(TEMPORARY_LIFETIME_SECS);
        self.registry.forget_temporary_before(oldest);
        let result = match (request.method(), request.uri().path()) {
            // GET too, as E*TRADE, Flickr and Discogs call them.
            (&Method::POST | &Method::GET, "/oauth/request_token") => self.request_token(request, exchange),
            (&Method::GET, "/oauth/authorize" | "/oauth/authenticate") => self.authorize(request, exchange),
            (&Method::POST | &Method::GET, "/oauth/access_token") => self.access_token(request, exchange),
            (&Method::GET, "/1.1/account/verify_credentials.json") => self
                .protected(request, exchange.now)
                .map(|()| (json(StatusCode::OK, &user_json()), "ok".into())),
            (&Method::POST, "/1.1/statuses/update.json") => self.update_status(request, exchange.now),
            (&Method::GET, "/test/redirect") => self.protected(request, exchange.now).map(|()| {
                let to = "/1.1/account/verify_credentials.json";
                (redirect(to), "ok: redirected".into())
            }),
            (&Method::GET, "/test/big") => Ok((
                text(StatusCode::OK, "text/plain", "x".repeat(BIG_BODY_LEN)),
                "ok: 3 MiB".into(),
            )),
            _ => Err(Refusal::NotFound),
        };
        result.unwrap_or_else(|refusal| self.answer(refusal, exchange.now))
    }

    /// Verifies `request`; `token_secret` says which tokens this endpoint accepts.
    fn verify(
        &mut self,
        request: &Request<Vec<u8>>,
        now: Timestamp,
        token_secret: impl Fn(&Registry, &str) -> Option<String>,
    ) -> Result<Verified, Refusal> {
        let Self {
            config,
            registry,
            nonces,
            ..
        } = self;
        let lookup = |key: &str, token: Option<&str>| {
            if key != config.client.key() {
                return Err(UnknownCredentials::Client);
            }
            let token = match token {
                Some(token) => Some(
                    token_secret(registry, token)
                        .ok_or(UnknownCredentials::Token)?
                        .into(),
                ),
                None => None,
            };
            let secrets = Secrets::new(config.client.secret().expose(), token);
            #[cfg(feature = "rsa")]
            let secrets = match &config.rsa_public_key {
                Some(key) => secrets.with_rsa_public_key(key.clone()),
                None => secrets,
            };
            Ok(secrets)
        };
        // Only the profile's method (a provider that signs with RSA-SHA1 refuses HMAC-SHA1); one this
        // build cannot check (RSA without the `rsa` feature) leaves none, rather than every other.
        let methods = match &config.rules {
            Some(rules) => DEFAULT_METHODS
                .iter()
                .find(|method| method.name() == rules.method.as_str())
                .map_or(&[][..], core::slice::from_ref),
            None => DEFAULT_METHODS,
        };
        let checker = Checker::new(now).methods(methods);
        let verified = checker.verify(request, lookup, nonces).map_err(|rejection| {
            if rejection != Rejection::BadSignature {
                return Refusal::Rejected(rejection, None);
            }
            // Problem Reporting echoes the base string this provider computed.
            let base_string = (config.errors == ErrorStyle::ProblemReporting)
                .then(|| crate::verify::received_base_string(request).ok())
                .flatten();
            let mistake = checker.find_mistake(request, lookup);
            Refusal::Rejected(rejection, Some(RefusedSignature { base_string, mistake }))
        })?;
        // A realm travels in the header alone (§3.5.1): parameters in a form body (Launchpad's token
        // requests) or the query carry none.
        if let Some(realm) = config.rules.as_ref().and_then(|rules| rules.realm.as_ref())
            && verified.placement() == Placement::Header
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

    fn request_token<R: CryptoRng + ?Sized>(
        &mut self,
        request: &Request<Vec<u8>>,
        exchange: &mut Exchange<'_, R>,
    ) -> Result<(Response<Vec<u8>>, String), Refusal> {
        // No token may be used here.
        let verified = self.verify(request, exchange.now, |_, _| None)?;
        let missing = Rejection::Missing {
            name: "oauth_callback",
        };
        let callback = verified.callback.ok_or(Refusal::Rejected(missing, None))?;
        if crate::flow::validate_callback(&callback).is_err() {
            return Err(Refusal::Refused("oauth_callback must be oob or an absolute URI"));
        }
        let access_type = query_param(request, "x_auth_access_type");
        if access_type
            .as_deref()
            .is_some_and(|t| t != "read" && t != "write")
        {
            return Err(Refusal::BadRequest("x_auth_access_type must be read or write"));
        }
        let (token, secret) = (exchange.token(), exchange.token());
        let body = format!("oauth_token={token}&oauth_token_secret={secret}&oauth_callback_confirmed=true");
        let temporary = Temporary {
            secret,
            callback,
            verifier: None,
        };
        if !self
            .registry
            .hold_temporary(exchange.now.as_secs(), token, temporary, MAX_TEMPORARY)
        {
            return Err(Refusal::Busy(TEMPORARY_LIFETIME_SECS));
        }
        Ok((form(body), "ok: temporary credentials issued".into()))
    }

    fn authorize<R: CryptoRng + ?Sized>(
        &mut self,
        request: &Request<Vec<u8>>,
        exchange: &mut Exchange<'_, R>,
    ) -> Result<(Response<Vec<u8>>, String), Refusal> {
        // `token` is E*TRADE's name for it.
        let token = query_param(request, "oauth_token")
            .or_else(|| query_param(request, "token"))
            .ok_or(Refusal::BadRequest("oauth_token is missing"))?;
        let approve = query_param(request, "approve").is_some_and(|v| v == "1");
        let deny = query_param(request, "deny").is_some_and(|v| v == "1");
        let Some(temporary) = self.registry.temporary.get_mut(&token) else {
            return Err(Refusal::BadRequest("unknown or expired oauth_token"));
        };
        let oob = temporary.callback == "oob";
        let encoded_token = percent_encode(&token).to_string();
        if deny {
            let callback = temporary.callback.clone();
            self.registry.temporary.remove(&token);
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
        let verifier = if oob { exchange.pin() } else { exchange.token() };
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

    fn access_token<R: CryptoRng + ?Sized>(
        &mut self,
        request: &Request<Vec<u8>>,
        exchange: &mut Exchange<'_, R>,
    ) -> Result<(Response<Vec<u8>>, String), Refusal> {
        // Only an approved temporary token is good here.
        let verified = self.verify(request, exchange.now, |registry, token| {
            let temporary = registry.temporary.get(token)?;
            temporary.verifier.as_ref()?;
            Some(temporary.secret.clone())
        })?;
        let missing = |name| Refusal::Rejected(Rejection::Missing { name }, None);
        let token = verified.token.ok_or_else(|| missing("oauth_token"))?;
        // OAuth 1.0 (no verifier): the approval recorded at consent is enough.
        if self.config.verifier {
            let sent = verified.verifier.ok_or_else(|| missing("oauth_verifier"))?;
            let issued = self
                .registry
                .temporary
                .get(&token)
                .and_then(|t| t.verifier.as_deref());
            // The lookup above lets only an approved token (one with a verifier) through; were it
            // to let another through, no verifier matches rather than an empty one.
            if !issued.is_some_and(|issued| crate::constant_time_eq(sent.as_bytes(), issued.as_bytes())) {
                return Err(Refusal::Refused("oauth_verifier does not match"));
            }
        }
        self.registry.temporary.remove(&token);
        let (access, secret) = (exchange.token(), exchange.token());
        self.registry.access.insert(access.clone(), secret.clone());
        let body = format!(
            "oauth_token={access}&oauth_token_secret={secret}&user_id={USER_ID}&screen_name={SCREEN_NAME}"
        );
        Ok((form(body), "ok: token credentials issued".into()))
    }

    /// Verifies a call to a protected resource: an access token is required, unless the provider is
    /// one-legged.
    fn protected(&mut self, request: &Request<Vec<u8>>, now: Timestamp) -> Result<(), Refusal> {
        let verified = self.verify(request, now, |registry, token| {
            registry.access.get(token).cloned()
        })?;
        match verified.token {
            Some(_) => Ok(()),
            None if self.config.one_legged => Ok(()),
            None => Err(Refusal::Rejected(
                Rejection::Missing { name: "oauth_token" },
                None,
            )),
        }
    }

    fn update_status(
        &mut self,
        request: &Request<Vec<u8>>,
        now: Timestamp,
    ) -> Result<(Response<Vec<u8>>, String), Refusal> {
        self.protected(request, now)?;
        let body =
            core::str::from_utf8(request.body()).map_err(|_| Refusal::BadRequest("body is not UTF-8"))?;
        let status = form_pairs(body)
            .find(|(name, _)| *name == "status")
            .and_then(|(_, value)| form_decode(value).ok())
            .ok_or(Refusal::BadRequest("status is missing"))?;
        self.registry.next_status_id += 1;
        let id = self.registry.next_status_id;
        let tweet = serde_json::json!({
            "id": id,
            "id_str": id.to_string(),
            "text": status,
            "user": user_json(),
        });
        Ok((json(StatusCode::OK, &tweet), "ok: status updated".into()))
    }

    fn answer(&self, refusal: Refusal, now: Timestamp) -> (Response<Vec<u8>>, String) {
        let problem_reporting = self.config.errors == ErrorStyle::ProblemReporting;
        match refusal {
            Refusal::Rejected(Rejection::ReplayStoreFull { retry_after_secs }, _) => {
                // Not an authentication failure: the client sent more than its share of nonces.
                let mut response = twitter_error(StatusCode::TOO_MANY_REQUESTS, 88, "Rate limit exceeded");
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(retry_after_secs));
                let why = format!("refused: replay store full for this client ({retry_after_secs} s)");
                (response, why)
            }
            Refusal::Rejected(rejection, refused) if problem_reporting => {
                let mut problem = Problem::for_rejection(&rejection, DEFAULT_WINDOW_SECS);
                let log = rejected(&rejection, refused.as_ref());
                if let Some(refused) = refused {
                    problem.advice = refused.mistake.map(|mistake| mistake.to_string());
                    if let Some(base_string) = refused.base_string {
                        problem = problem.with_base_string(base_string);
                    }
                }
                (problem_response(&problem), log)
            }
            Refusal::Rejected(rejection, refused) => {
                let (code, message) = match rejection {
                    Rejection::TimestampOutOfWindow { .. } => (135, "Timestamp out of bounds."),
                    Rejection::UnknownToken => (89, "Invalid or expired token."),
                    _ => (32, "Could not authenticate you."),
                };
                let mut response = twitter_error(StatusCode::UNAUTHORIZED, code, message);
                // The provider's own clock, so a client can measure its skew.
                let date = std::time::UNIX_EPOCH + core::time::Duration::from_secs(now.as_secs());
                #[allow(clippy::expect_used)] // an HTTP date is visible ASCII
                let date = HeaderValue::from_str(&httpdate::fmt_http_date(date))
                    .expect("an HTTP date is a valid header value");
                response.headers_mut().insert(DATE, date);
                (response, rejected(&rejection, refused.as_ref()))
            }
            Refusal::Refused(why) if problem_reporting => {
                let mut problem = Problem::new(ProblemKind::ParameterRejected);
                problem.advice = Some(why.to_owned());
                (problem_response(&problem), format!("refused: {why}"))
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
}

impl Registry {
    /// Holds new temporary credentials issued at `now`, unless `cap` are held already (`false`).
    fn hold_temporary(&mut self, now: u64, token: String, temporary: Temporary, cap: usize) -> bool {
        if self.temporary.len() >= cap {
            return false;
        }
        self.issued.push_back((now, token.clone()));
        self.temporary.insert(token, temporary);
        // Used and declined tokens stay queued until they age out; past twice the cap they are
        // dropped, so that the queue stays bounded at any rate (amortised: it at least halves).
        if self.issued.len() > 2 * cap {
            let held = &self.temporary;
            self.issued.retain(|(_, token)| held.contains_key(token));
        }
        true
    }

    /// Forgets temporary credentials issued before `oldest` (used or not).
    fn forget_temporary_before(&mut self, oldest: u64) {
        while self.issued.front().is_some_and(|(at, _)| *at < oldest) {
            if let Some((_, token)) = self.issued.pop_front() {
                self.temporary.remove(&token);
            }
        }
    }
}

const FORM: &str = "application/x-www-form-urlencoded";

fn twitter_error(status: StatusCode, code: u32, message: &str) -> Response<Vec<u8>> {
    let body = serde_json::json!({ "errors": [{ "code": code, "message": message }] });
    json(status, &body)
}

/// A 401 that reports `problem` as Jira does: in the body, and its name in `WWW-Authenticate`.
fn problem_response(problem: &Problem) -> Response<Vec<u8>> {
    let mut response = text(StatusCode::UNAUTHORIZED, FORM, problem.to_form());
    let header = format!("OAuth oauth_problem=\"{}\"", problem.kind.name());
    #[allow(clippy::expect_used)] // a problem's name is the provider's own, ASCII
    let value = HeaderValue::from_str(&header).expect("a problem name is a valid header value");
    response.headers_mut().insert(WWW_AUTHENTICATE, value);
    response
}

fn rate_limited(reset: u64) -> Response<Vec<u8>> {
    let mut response = twitter_error(StatusCode::TOO_MANY_REQUESTS, 88, "Rate limit exceeded");
    let headers = response.headers_mut();
    headers.insert("x-rate-limit-limit", HeaderValue::from(15));
    headers.insert("x-rate-limit-remaining", HeaderValue::from(0));
    headers.insert("x-rate-limit-reset", HeaderValue::from(reset));
    response
}

fn user_json() -> serde_json::Value {
    #[allow(clippy::expect_used)] // A constant written in decimal digits.
    let id: u64 = USER_ID.parse().expect("USER_ID is decimal digits");
    serde_json::json!({
        "id": id,
        "id_str": USER_ID,
        "screen_name": SCREEN_NAME,
        "name": "Twitter API",
    })
}

fn text(status: StatusCode, content_type: &'static str, body: String) -> Response<Vec<u8>> {
    let mut response = Response::new(body.into_bytes());
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn json(status: StatusCode, value: &serde_json::Value) -> Response<Vec<u8>> {
    text(status, "application/json; charset=utf-8", value.to_string())
}

fn form(body: String) -> Response<Vec<u8>> {
    text(StatusCode::OK, FORM, body)
}

fn page(title: &str, body: &str) -> Response<Vec<u8>> {
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1>{body}</body></html>"
    );
    text(StatusCode::OK, "text/html; charset=utf-8", html)
}

fn redirect(to: &str) -> Response<Vec<u8>> {
    let mut response = Response::new(Vec::new());
    *response.status_mut() = StatusCode::FOUND;
    // `to` is a callback the provider checked (`validate_callback`: ASCII, no whitespace or control
    // character) with encoded parameters appended.
    #[allow(clippy::expect_used)]
    let location = HeaderValue::from_str(to).expect("a checked callback is a valid header value");
    response.headers_mut().insert(LOCATION, location);
    response
}

fn query_param(request: &Request<Vec<u8>>, name: &str) -> Option<String> {
    form_pairs(request.uri().query()?)
        .find(|(n, _)| *n == name)
        .and_then(|(_, v)| form_decode(v).ok())
        .map(alloc::borrow::Cow::into_owned)
}

fn append_query(url: &str, pairs: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{pairs}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::SensitiveBody;
    use crate::{
        AuthorizeOptions, MethodName, PendingAuthorization, Provider, Signer, Step,
        TemporaryCredentialsRequest,
    };

    const NOW: u64 = 1_700_000_000;

    fn client() -> ClientCredentials {
        ClientCredentials::new("key", "secret")
    }

    fn send(server: &mut ReferenceProvider, request: Request<Vec<u8>>, at: u64) -> Response<Vec<u8>> {
        server.handle(request, Timestamp::from_secs(at), &mut rand::rng())
    }

    /// `request` signed by `signer` at `NOW` and answered by `server`.
    fn signed(
        server: &mut ReferenceProvider,
        signer: &Signer<'_, impl crate::SignatureMethod>,
        mut request: Request<Vec<u8>>,
    ) -> Response<Vec<u8>> {
        let nonce = Nonce::generate(&mut rand::rng());
        signer
            .authorize(&mut request, &nonce, Timestamp::from_secs(NOW))
            .unwrap();
        send(server, request, NOW)
    }

    /// The request-token step of an `oob` client of `provider`, sent at `at`: the response.
    fn ask(server: &mut ReferenceProvider, provider: &Provider, at: u64) -> Response<Vec<u8>> {
        let client = client();
        let step = TemporaryCredentialsRequest::new(provider, &client, "oob").unwrap();
        let nonce = Nonce::generate(&mut rand::rng());
        let request = step.prepare(&nonce, Timestamp::from_secs(at)).unwrap();
        send(server, request.map(SensitiveBody::into_bytes), at)
    }

    fn local() -> Provider {
        Provider::at_host("http://127.0.0.1").unwrap()
    }

    /// Temporary credentials for an `oob` client, asked for at `at`.
    fn temporary(server: &mut ReferenceProvider, at: u64) -> PendingAuthorization {
        let provider = local();
        let response = ask(server, &provider, at);
        let client = client();
        let step = TemporaryCredentialsRequest::new(&provider, &client, "oob").unwrap();
        step.parse(response).unwrap()
    }

    /// The consent page's answer to `approve=1` for `pending`, at `at`.
    fn approve(server: &mut ReferenceProvider, pending: &PendingAuthorization, at: u64) -> Response<Vec<u8>> {
        let url = format!(
            "{}&approve=1",
            pending.authorize_url(&AuthorizeOptions::default())
        );
        send(server, Request::get(url).body(Vec::new()).unwrap(), at)
    }

    fn last_log(server: &ReferenceProvider) -> &str {
        server.log().next_back().unwrap()
    }

    #[test]
    fn temporary_credentials_are_gone_after_their_lifetime_whatever_comes_next() {
        let mut server = ReferenceProvider::new(Config::new(client()));
        let (first, second) = (temporary(&mut server, NOW), temporary(&mut server, NOW));
        // Usable through the last second of their lifetime…
        let last = NOW + TEMPORARY_LIFETIME_SECS;
        assert_eq!(approve(&mut server, &first, last).status(), StatusCode::OK);
        // …and not a second later, though no new request token made the provider forget them.
        let response = approve(&mut server, &second, last + 1);
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            last_log(&server),
            "GET /oauth/authorize 400 bad request: unknown or expired oauth_token"
        );
    }

    #[test]
    fn the_pin_is_seven_decimal_digits() {
        let mut server = ReferenceProvider::new(Config::new(client()));
        for _ in 0..20 {
            let pending = temporary(&mut server, NOW);
            let page = String::from_utf8(approve(&mut server, &pending, NOW).into_body()).unwrap();
            let pin = page
                .split("<code id=\"oauth_pin\">")
                .nth(1)
                .and_then(|rest| rest.split('<').next())
                .unwrap();
            assert!(
                pin.len() == 7 && pin.bytes().all(|b| b.is_ascii_digit()),
                "{pin:?}"
            );
        }
    }

    #[test]
    fn the_access_type_is_read_or_write() {
        let mut server = ReferenceProvider::new(Config::new(client()));
        let client = client();
        let signer = Signer::new(&client).callback("oob");
        for (access_type, status) in [
            ("read", StatusCode::OK),
            ("write", StatusCode::OK),
            ("Read", StatusCode::BAD_REQUEST),
            ("admin", StatusCode::BAD_REQUEST),
        ] {
            let uri = format!("http://127.0.0.1/oauth/request_token?x_auth_access_type={access_type}");
            let response = signed(&mut server, &signer, Request::post(uri).body(Vec::new()).unwrap());
            assert_eq!(response.status(), status, "{access_type}");
        }
        assert_eq!(
            last_log(&server),
            "POST /oauth/request_token 400 bad request: x_auth_access_type must be read or write"
        );
    }

    /// The signed URI's authority is the `Host` header's whenever one is sent (RFC 5849 §3.4.1.2),
    /// as the signer takes it; a request with neither cannot be placed.
    #[test]
    fn the_host_header_names_the_signed_authority() {
        let mut server = ReferenceProvider::new(Config::new(client()));
        let client = client();
        let signer = Signer::new(&client).callback("oob");
        let request = Request::post("http://127.0.0.1:8080/oauth/request_token")
            .header(HOST, "api.example.com")
            .body(Vec::new())
            .unwrap();
        assert_eq!(signed(&mut server, &signer, request).status(), StatusCode::OK);

        // (The signer, too, refuses to sign for a URI without an authority.)
        let nowhere = Request::post("/oauth/request_token").body(Vec::new()).unwrap();
        let response = send(&mut server, nowhere, NOW);
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            last_log(&server),
            "POST /oauth/request_token 400 bad request: bad Host header"
        );
    }

    /// A profile's method is the only one accepted — also where this build cannot check it (RSA
    /// without the `rsa` feature): then no method is, rather than every other.
    #[test]
    fn a_profile_accepts_its_method_alone() {
        for method in [MethodName::HmacSha256, MethodName::RsaSha1] {
            let mut config = Config::new(client());
            config.rules = Some(SigningRules::with_method(method));
            let mut server = ReferenceProvider::new(config);
            // HMAC-SHA1, which the provider would accept without the profile.
            let response = ask(&mut server, &local(), NOW);
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{method}");
            assert_eq!(
                last_log(&server),
                "POST /oauth/request_token 401 rejected: oauth_signature_method is not supported"
            );
        }
        let mut config = Config::new(client());
        config.rules = Some(SigningRules::with_method(MethodName::HmacSha256));
        let mut server = ReferenceProvider::new(config);
        let provider = local().with_rules(SigningRules::with_method(MethodName::HmacSha256));
        assert_eq!(ask(&mut server, &provider, NOW).status(), StatusCode::OK);
    }

    /// A refusal beyond the signature (here a realm not the provider's) reported as Problem
    /// Reporting: `parameter_rejected`, the reason as advice, the name in `WWW-Authenticate` too.
    #[test]
    fn a_refusal_is_a_rejected_parameter_in_problem_reporting() {
        let mut config = Config::new(client());
        config.rules = Some(SigningRules {
            realm: Some("123456".into()),
            ..SigningRules::default()
        });
        config.errors = ErrorStyle::ProblemReporting;
        let mut server = ReferenceProvider::new(config);
        let client = client();
        let signer = Signer::new(&client).callback("oob").realm("654321");
        let request = Request::post("http://127.0.0.1/oauth/request_token")
            .body(Vec::new())
            .unwrap();
        let response = signed(&mut server, &signer, request);
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            response.headers()[WWW_AUTHENTICATE],
            "OAuth oauth_problem=\"parameter_rejected\""
        );
        assert_eq!(
            core::str::from_utf8(response.body()),
            Ok(
                "oauth_problem=parameter_rejected&oauth_problem_advice=the%20realm%20is%20not%20this%20provider%27s"
            )
        );
        assert_eq!(
            last_log(&server),
            "POST /oauth/request_token 401 refused: the realm is not this provider's"
        );
    }

    /// Held temporary credentials are capped, and so is the queue that ages them out, however many
    /// were used or declined before they expired.
    #[test]
    fn the_temporary_credentials_held_and_queued_are_bounded() {
        let held = || Temporary {
            secret: "s".into(),
            callback: "oob".into(),
            verifier: None,
        };
        let mut registry = Registry::default();
        for round in 0..10 {
            let (first, second) = (format!("a{round}"), format!("b{round}"));
            assert!(registry.hold_temporary(NOW, first.clone(), held(), 2));
            assert!(registry.hold_temporary(NOW, second.clone(), held(), 2));
            assert!(!registry.hold_temporary(NOW, "over".into(), held(), 2), "{round}");
            assert!(!registry.temporary.contains_key("over"));
            // Both used: no longer held, still queued until compacted.
            registry.temporary.remove(&first);
            registry.temporary.remove(&second);
            assert!(registry.issued.len() <= 4, "{round}: {:?}", registry.issued);
        }
        assert!(registry.hold_temporary(NOW, "last".into(), held(), 2));
        let queued: Vec<_> = registry.issued.iter().map(|(_, token)| token.as_str()).collect();
        assert!(queued.ends_with(&["last"]) && queued.len() <= 4, "{queued:?}");
        // The queue still ages out what it holds.
        registry.forget_temporary_before(NOW + 1);
        assert!(registry.issued.is_empty() && registry.temporary.is_empty());
    }

    #[test]
    fn each_status_update_gets_the_next_id() {
        let token = TokenCredentials::new("token", "token secret");
        let mut config = Config::new(client());
        config.tokens.push(token.clone());
        let mut server = ReferenceProvider::new(config);
        let client = client();
        let signer = Signer::new(&client).token(&token);
        for id in 1..=3 {
            let request = Request::post("http://127.0.0.1/1.1/statuses/update.json")
                .header(CONTENT_TYPE, FORM)
                .body(b"status=hi".to_vec())
                .unwrap();
            let response = signed(&mut server, &signer, request);
            let tweet: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
            assert_eq!(
                (tweet["id"].as_u64(), tweet["text"].as_str()),
                (Some(id), Some("hi"))
            );
            assert_eq!(tweet["id_str"], id.to_string());
        }
    }
}
