//! OAuth 1.0a on [ureq](https://docs.rs/ureq) 3 (blocking): runs [`oauth1_core`]'s requests.
//!
//! This crate holds no OAuth logic. Core prepares each `http::Request`, [`Client`] sends it on a
//! `ureq::Agent` and hands the status, headers and body back to core, which parses them. What the adapter
//! adds is transport policy:
//!
//! - **No redirects** for anything it sends. A signed request's nonce must not be used twice, and its
//!   `Authorization` header must not reach another host; a 3xx comes back to the caller as a response.
//! - **Bounded in size and time:** bodies are capped (1 MiB by default, [`Client::max_body_size`]).
//!   Every call has deadlines ([`Client::with_timeouts`], [`Client::total_timeout`]): connecting (TCP
//!   and TLS) within the connect timeout; sending the request head, and again its body, each within the
//!   read timeout; the response head within the read timeout, and the whole body within it again; and
//!   the call as a whole, from connecting to the last byte of the body, within the total timeout
//!   (60 s by default). A server that trickles its answer or never reads the request gets
//!   [`Error::Timeout`](oauth1_core::SendError::Timeout) when a deadline passes, never a hang or an
//!   out-of-memory.
//! - **Nonces and time:** each attempt gets a fresh nonce from the OS (getrandom) and the system time.
//!   What to do with an answer is core's decision ([`oauth1_core::step::Exchange`]): with
//!   [`Client::clock_skew_correction`], a 401 "Timestamp out of bounds" (Twitter code 135) that carries
//!   the server's `Date` makes it re-sign once with a fresh nonce and the measured offset, which is kept
//!   for later requests.
//! - **TLS:** rustls with the `ring` provider and the webpki roots by default (feature `rustls`): no system
//!   OpenSSL, no cmake. ring has no post-quantum key exchange: for it, give [`Client::with_agent`] an
//!   agent whose `TlsConfig` carries aws-lc-rs's provider (ureq's
//!   `unversioned_rustls_crypto_provider`). Feature `native-tls` uses the platform's TLS instead.
//! - **Logging:** with the `tracing` feature each request is logged (method, scheme, host and path,
//!   status, time) at `debug` level. Never the query, a header, a body, a secret or a signature.
//!
//! Every exchange with the provider is a core [`Step`] and runs through [`Client::run`]: the flow's
//! steps, a step you write for your provider, and signed calls ([`Client::send_signed`]). In ureq 3 the
//! idiomatic request value *is* `ureq::http::Request` (the `http` crate core uses), so a request you
//! build yourself is signed and sent as it is.
//!
//! ```no_run
//! use oauth1_core::{
//!     AccessTokenRequest, AuthorizeOptions, ClientCredentials, Provider, TemporaryCredentialsRequest,
//! };
//! use oauth1_ureq::Client;
//!
//! let http = Client::new();
//! let provider = Provider::twitter();
//! let client = ClientCredentials::new("consumer key", "consumer secret");
//!
//! let pending = http.run(&TemporaryCredentialsRequest::new(&provider, &client, "oob")?)?;
//! println!("Open {}", pending.authorize_url(&AuthorizeOptions::default()));
//! let pin = "1234567"; // what the user typed
//! let access = http.run(&AccessTokenRequest::new(&client, &pending.complete(pin)?))?;
//!
//! let request = http::Request::get("https://api.twitter.com/1.1/account/verify_credentials.json")
//!     .body(Vec::new())?;
//! let response = http.send_signed(&access.signer(&client), request)?;
//! oauth1_core::response::check_status(&response)?; // a non-2xx status as the provider's error
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]

use std::time::Duration;

use oauth1_core::body::SensitiveBody;
use oauth1_core::clock::ClockCorrection;
use oauth1_core::signature::SignatureMethod;
use oauth1_core::step::{Exchange, Outcome, SignedRequest, Step};
use oauth1_core::{Nonce, SendError, Signer, Timestamp};

pub use oauth1_core;

/// What can go wrong when running a request on ureq: core's error, or ureq's.
pub type Error = SendError<ureq::Error>;

/// The default cap on a response body: 1 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 1 << 20;
/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default read timeout: for sending the request head, its body, receiving the response head, and
/// its body, each.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// The default deadline for a whole call, connecting to the last byte of the response.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(60);
/// The `User-Agent` a client this crate builds sends, `oauth1-ureq/<version>`, until
/// [`Client::user_agent`] names the application (some providers, Discogs among them, refuse requests
/// that do not say who sends them).
pub const DEFAULT_USER_AGENT: &str = concat!("oauth1-ureq/", env!("CARGO_PKG_VERSION"));

/// Runs core's requests on a `ureq::Agent`.
#[derive(Clone, Debug)]
pub struct Client {
    agent: ureq::Agent,
    max_body: u64,
    total: Duration,
    clock: ClockCorrection,
    /// Sent on each request without a `User-Agent` of its own; `None` leaves it to the HTTP client.
    user_agent: Option<http::HeaderValue>,
}

impl Default for Client {
    fn default() -> Self {
        Self::new()
    }
}

impl Client {
    /// A client with the default timeouts and body cap.
    pub fn new() -> Self {
        Self::with_timeouts(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT)
    }

    /// A client with these connect and read timeouts (see the crate docs for what each bounds) and the
    /// default total deadline.
    pub fn with_timeouts(connect: Duration, read: Duration) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(connect))
            .timeout_send_request(Some(read))
            .timeout_send_body(Some(read))
            .timeout_recv_response(Some(read))
            .timeout_recv_body(Some(read))
            .build()
            .new_agent();
        Self::with_agent(agent).user_agent(http::HeaderValue::from_static(DEFAULT_USER_AGENT))
    }

    /// Bounds each call as a whole, from connecting to the last byte of the response body.
    #[must_use]
    pub fn total_timeout(mut self, total: Duration) -> Self {
        self.total = total;
        self
    }

    /// A client on your own agent (proxy, TLS, pool settings). Whatever the agent says, this client
    /// turns redirects off, reads error statuses as responses, and applies its total deadline
    /// ([`Client::total_timeout`]) for each request it sends; the agent's own timeouts apply within it.
    pub fn with_agent(agent: ureq::Agent) -> Self {
        Self {
            agent,
            max_body: DEFAULT_MAX_BODY_SIZE,
            total: DEFAULT_TOTAL_TIMEOUT,
            clock: ClockCorrection::default(),
            user_agent: None,
        }
    }

    /// Sends `User-Agent: value` on every request that does not carry its own: name your application,
    /// as Discogs asks (`MyDiscogsClient/1.0 +https://example.com`). Without it, a client from
    /// [`Client::new`] sends [`DEFAULT_USER_AGENT`] and one from [`Client::with_agent`] what its agent
    /// says.
    #[must_use]
    pub fn user_agent(mut self, value: http::HeaderValue) -> Self {
        self.user_agent = Some(value);
        self
    }

    /// Caps response bodies at `bytes`; a longer body is [`Error::BodyTooLarge`].
    #[must_use]
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body = bytes;
        self
    }

    /// Re-signs once with the server's clock after a 401 "Timestamp out of bounds" that carries a `Date`
    /// at most a day away, and keeps that host's offset (off by default: a wrong clock is better fixed
    /// than hidden).
    #[must_use]
    pub fn clock_skew_correction(mut self, enabled: bool) -> Self {
        self.clock = self.clock.enabled(enabled);
        self
    }

    /// The clock offset learned so far for `origin` (`scheme://host:port`), in seconds: 0 until a
    /// correction happened. Each host's offset is its own.
    pub fn clock_skew(&self, origin: &str) -> i64 {
        self.clock.offset(origin)
    }

    /// Sends `request` as it is and returns the response whatever its status. Redirects are not followed.
    ///
    /// # Errors
    /// [`Error::Transport`] (connection, TLS), [`Error::Timeout`] (a deadline passed) or
    /// [`Error::BodyTooLarge`].
    pub fn send(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Error> {
        self.send_body(request)
    }

    /// [`Client::send`] for any body ureq sends.
    fn send_body<B: ureq::AsSendBody>(
        &self,
        mut request: http::Request<B>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        if let Some(agent) = &self.user_agent {
            request
                .headers_mut()
                .entry(http::header::USER_AGENT)
                .or_insert_with(|| agent.clone());
        }
        #[cfg(feature = "tracing")]
        let (started, method, target) = (
            std::time::Instant::now(),
            request.method().clone(),
            format!(
                "{}://{}{}",
                request.uri().scheme_str().unwrap_or_default(),
                request.uri().host().unwrap_or_default(),
                request.uri().path()
            ),
        );
        let request = self
            .agent
            .configure_request(request)
            .http_status_as_error(false)
            .timeout_global(Some(self.total))
            .max_redirects(0)
            .max_redirects_will_error(false)
            .build();
        let response = self.agent.run(request).map_err(transport_error)?;
        let (parts, mut body) = response.into_parts();
        let bytes = body
            .with_config()
            .limit(self.max_body)
            .read_to_vec()
            .map_err(transport_error)?;
        #[cfg(feature = "tracing")]
        tracing::debug!(
            %method,
            url = %target,
            status = parts.status.as_u16(),
            elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            "oauth1 request"
        );
        Ok(http::Response::from_parts(parts, bytes))
    }

    /// Runs any [`Step`] — a flow step, a step of your own, a signed call — and returns its output:
    /// each attempt gets a fresh nonce and the system time, and core's [`Exchange`] decides whether a
    /// second attempt is due (clock-skew correction).
    ///
    /// # Errors
    /// Core's typed error for the step's input or the provider's answer (including `RateLimited` and
    /// `Provider` with the status and message), or a transport error.
    pub fn run<S: Step>(&self, step: &S) -> Result<S::Output, Error> {
        let mut exchange = Exchange::new(step, &self.clock);
        loop {
            let request = exchange.request(&fresh_nonce()?, Timestamp::now()?)?;
            match exchange.response(self.send(request.map(SensitiveBody::into_bytes))?) {
                Outcome::Done(output) => return Ok(output?),
                Outcome::Retry => {}
            }
        }
    }

    /// Signs `request` with `signer` (a fresh nonce, the current time) and sends it. The response comes
    /// back whatever its status: pass it to [`oauth1_core::response::check_status`] to turn an error
    /// status into the provider's error.
    ///
    /// # Errors
    /// Core refused the request ([`Error::OAuth`]), or a transport error.
    pub fn send_signed<M: SignatureMethod>(
        &self,
        signer: &Signer<'_, M>,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        self.run(&SignedRequest::new(signer, request))
    }

    /// Signs `request`, whose body is sent as it is read (a `File`, ureq's multipart `Form`), without
    /// reading it, and sends it once. Core decides whether signing may skip the body
    /// ([`Signer::authorize_streamed`]: not for a form, a body hash, parameters placed in the body,
    /// or a multipart body whose text fields the provider signs:
    /// [`send_signed_multipart`](Self::send_signed_multipart) takes those). A learned clock offset
    /// is applied, but a clock-skew answer is not retried: the body is spent. On this path ureq does not set a multipart `Form`'s content type: set `Content-Type:
    /// multipart/form-data; boundary=…` from `form.boundary()` on the request.
    ///
    /// # Errors
    /// Core refused the request ([`Error::OAuth`]: among others, a body signing would read), or a
    /// transport error.
    pub fn send_signed_streamed<M: SignatureMethod, B: ureq::AsSendBody>(
        &self,
        signer: &Signer<'_, M>,
        mut request: http::Request<B>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let now = self.clock.timestamp_for(request.uri(), Timestamp::now()?);
        signer.authorize_streamed(&mut request, &fresh_nonce()?, now)?;
        self.send_body(request)
    }

    /// Signs a `multipart/form-data` request without reading its body, given the name and value of
    /// each text field in it, as the provider signs such a body ([`Signer::authorize_multipart`]:
    /// Flickr's uploads sign the text fields, RFC 5849 none), and sends it once, as
    /// [`send_signed_streamed`](Self::send_signed_streamed) does. Set `Content-Type:
    /// multipart/form-data; boundary=…` from `form.boundary()` on the request.
    ///
    /// # Errors
    /// Core refused the request ([`Error::OAuth`]: among others, a body that is not multipart), or a
    /// transport error.
    pub fn send_signed_multipart<M: SignatureMethod, B: ureq::AsSendBody>(
        &self,
        signer: &Signer<'_, M>,
        mut request: http::Request<B>,
        fields: &[(&str, &str)],
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let now = self.clock.timestamp_for(request.uri(), Timestamp::now()?);
        signer.authorize_multipart(&mut request, fields, &fresh_nonce()?, now)?;
        self.send_body(request)
    }
}

/// ureq's error in the shared shape.
fn transport_error(error: ureq::Error) -> Error {
    match error {
        ureq::Error::BodyExceedsLimit(limit) => Error::BodyTooLarge { limit },
        timeout @ ureq::Error::Timeout(_) => Error::Timeout(timeout),
        // These two quote the URI they refused, and a query-placed signature (PLAINTEXT: the secrets
        // themselves) sits in its query; reqwest's errors are stripped of their URL likewise.
        ureq::Error::BadUri(uri) => Error::Transport(ureq::Error::BadUri(without_query(&uri))),
        ureq::Error::RequireHttpsOnly(uri) => {
            Error::Transport(ureq::Error::RequireHttpsOnly(without_query(&uri)))
        }
        other => Error::Transport(other),
    }
}

/// `text` with the query of the URI it holds cut out (up to the next space: a URI has none).
fn without_query(text: &str) -> String {
    let Some(start) = text.find('?') else {
        return text.to_owned();
    };
    let end = text[start..].find(' ').map_or(text.len(), |end| start + end);
    format!("{}?[query withheld]{}", &text[..start], &text[end..])
}

/// A nonce from the operating system's CSPRNG.
fn fresh_nonce() -> Result<Nonce, Error> {
    Nonce::try_generate(&mut getrandom::SysRng).map_err(|e| Error::Randomness(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::without_query;

    #[test]
    fn a_uri_loses_its_query_and_keeps_the_words_around_it() {
        assert_eq!(
            without_query("http://h/p?oauth_signature=s%26t is missing host"),
            "http://h/p?[query withheld] is missing host"
        );
        assert_eq!(without_query("http://h/p?a=1"), "http://h/p?[query withheld]");
        assert_eq!(without_query("unknown scheme: ftp"), "unknown scheme: ftp");
    }
}
