//! OAuth 1.0a on [reqwest](https://docs.rs/reqwest) (async): runs [`oauth1_core`]'s requests.
//!
//! This crate holds no OAuth logic. Core prepares each `http::Request`, [`Client`] sends it on a
//! `reqwest::Client` and hands the status, headers and body back to core, which parses them. Its futures
//! are `Send`, and it picks no runtime beyond the tokio that reqwest itself needs. What it adds is
//! transport policy:
//!
//! - **No redirects** for anything it sends. A signed request's nonce must not be used twice, and its
//!   `Authorization` header must not reach another host; a 3xx comes back to the caller as a response.
//! - **Bounded in size and time:** bodies are capped (1 MiB by default, [`Client::max_body_size`]).
//!   Every call has deadlines ([`Client::with_timeouts`], [`Client::total_timeout`]): connecting within
//!   the connect timeout; each read of the response within the read timeout; and the call as a whole,
//!   from connecting through sending the request to the last byte of the body, within the total
//!   timeout (60 s by default), which also bounds a server that never reads the request. A server that
//!   trickles its answer a byte at a time resets the read timeout but not the total one: the caller
//!   gets [`Error::Timeout`](oauth1_core::SendError::Timeout), never a hang.
//! - **Nonces and time:** each attempt gets a fresh nonce from the OS (getrandom) and the system time.
//!   What to do with an answer is core's decision ([`oauth1_core::step::Exchange`]): with
//!   [`Client::clock_skew_correction`], a 401 "Timestamp out of bounds" (Twitter code 135) that carries
//!   the server's `Date` makes it re-sign once with a fresh nonce and the measured offset.
//! - **TLS:** feature `rustls` (default) is reqwest's rustls with the `ring` provider: no OpenSSL and no
//!   cmake (reqwest 0.13's own default, aws-lc-rs, needs cmake and a long C build). If the process has
//!   no rustls provider installed when a client is built, ring is installed as the process default;
//!   one you installed first wins. ring has no post-quantum key exchange (rustls 0.23.48 deprecates its
//!   provider for that): install aws-lc-rs's (`rustls::crypto::aws_lc_rs::default_provider()
//!   .install_default()`, rustls feature `aws_lc_rs`) before building a client to have it. Feature
//!   `native-tls` uses the platform's TLS instead.
//! - **Logging:** with the `tracing` feature each request is logged (method, scheme, host and path,
//!   status, time) at `debug` level; never the query, a header, a body, a secret or a signature.
//!
//! Every exchange with the provider is a core [`Step`] and runs through [`Client::run`]: the flow's
//! steps, a step you write for your provider, and signed calls ([`Client::send_signed`]). A request
//! built with reqwest's own builder is signed and sent through [`RequestBuilderExt`], a streamed
//! body (a multipart upload) included.
//!
//! ```no_run
//! use oauth1_core::{ClientCredentials, TokenCredentials, Signer};
//! use oauth1_reqwest::{Client, RequestBuilderExt as _};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let oauth = Client::new()?;
//! let client = ClientCredentials::new("consumer key", "consumer secret");
//! let token = TokenCredentials::new("access token", "access token secret");
//! let response = reqwest::Client::new()
//!     .post("https://api.twitter.com/1.1/statuses/update.json")
//!     .form(&[("status", "Hello!")])
//!     .send_signed(&oauth, &Signer::new(&client).token(&token))
//!     .await?;
//! oauth1_core::response::check_status(&response)?;
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]

use std::future::Future;
use std::time::Duration;

use oauth1_core::body::SensitiveBody;
use oauth1_core::clock::ClockCorrection;
use oauth1_core::signature::SignatureMethod;
use oauth1_core::step::{Exchange, Outcome, SignedRequest, Step};
use oauth1_core::{InputError, InputProblem, MAX_URI_LEN, Nonce, SendError, Signer, Timestamp};

pub use oauth1_core;

/// What can go wrong when running a request on reqwest: core's error, or reqwest's (with the URL
/// removed: its query may carry protocol parameters).
pub type Error = SendError<reqwest::Error>;

/// The default cap on a response body: 1 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 1 << 20;
/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default read timeout (each read of the response).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// The default deadline for a whole call, connecting to the last byte of the response.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(60);
/// The `User-Agent` a client this crate builds sends, `oauth1-reqwest/<version>`, until
/// [`Client::user_agent`] names the application (some providers, Discogs among them, refuse requests
/// that do not say who sends them).
pub const DEFAULT_USER_AGENT: &str = concat!("oauth1-reqwest/", env!("CARGO_PKG_VERSION"));

/// Runs core's requests on a `reqwest::Client`. Cheap to clone; clones share the connection pool and
/// the learned clock offset.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    max_body: u64,
    total: Duration,
    clock: ClockCorrection,
    /// Sent on each request without a `User-Agent` of its own; `None` leaves it to the HTTP client.
    user_agent: Option<http::HeaderValue>,
}

impl Client {
    /// A client with the default timeouts and body cap.
    ///
    /// # Errors
    /// reqwest could not build its client (TLS initialisation).
    pub fn new() -> Result<Self, Error> {
        Self::with_timeouts(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT)
    }

    /// A client with these connect and read timeouts.
    ///
    /// # Errors
    /// As [`Client::new`].
    pub fn with_timeouts(connect: Duration, read: Duration) -> Result<Self, Error> {
        let client = Self::from_builder(
            reqwest::Client::builder()
                .connect_timeout(connect)
                .read_timeout(read),
        )?;
        Ok(client.user_agent(http::HeaderValue::from_static(DEFAULT_USER_AGENT)))
    }

    /// A client from your own builder (proxy, TLS, pool settings, its `user_agent`); redirects are
    /// turned off whatever it says.
    ///
    /// # Errors
    /// As [`Client::new`].
    pub fn from_builder(builder: reqwest::ClientBuilder) -> Result<Self, Error> {
        #[cfg(feature = "rustls")]
        {
            // Keeps a provider someone installed first. ring's is deprecated only for lacking
            // post-quantum key exchange (rustls 0.23.48); ureq's default TLS is ring's too, and
            // aws-lc-rs would need cmake: the crate docs say how to install that one instead.
            #[allow(deprecated)]
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        let http = builder
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(transport_error)?;
        Ok(Self {
            http,
            max_body: DEFAULT_MAX_BODY_SIZE,
            total: DEFAULT_TOTAL_TIMEOUT,
            clock: ClockCorrection::default(),
            user_agent: None,
        })
    }

    /// Sends `User-Agent: value` on every request that does not carry its own: name your application,
    /// as Discogs asks (`MyDiscogsClient/1.0 +https://example.com`). Without it, a client from
    /// [`Client::new`] sends [`DEFAULT_USER_AGENT`] and one from [`Client::from_builder`] what its
    /// builder says.
    #[must_use]
    pub fn user_agent(mut self, value: http::HeaderValue) -> Self {
        self.user_agent = Some(value);
        self
    }

    /// Bounds each call as a whole, from connecting to the last byte of the response body.
    #[must_use]
    pub fn total_timeout(mut self, total: Duration) -> Self {
        self.total = total;
        self
    }

    /// Caps response bodies at `bytes`; a longer body is [`Error::BodyTooLarge`].
    #[must_use]
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body = bytes;
        self
    }

    /// Re-signs once with the server's clock after a 401 "Timestamp out of bounds" that carries a `Date`
    /// at most a day away, and keeps that host's offset (off by default).
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
    pub async fn send(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Error> {
        self.execute(reqwest::Request::try_from(request).map_err(transport_error)?)
            .await
    }

    async fn execute(&self, mut request: reqwest::Request) -> Result<http::Response<Vec<u8>>, Error> {
        // reqwest's per-request timeout runs from connecting to the end of the body, whatever builder
        // the client came from.
        *request.timeout_mut() = Some(self.total);
        if let Some(agent) = &self.user_agent {
            request
                .headers_mut()
                .entry(http::header::USER_AGENT)
                .or_insert_with(|| agent.clone());
        }
        #[cfg(feature = "tracing")]
        let (started, method, target) = {
            let url = request.url();
            let target = format!(
                "{}://{}{}",
                url.scheme(),
                url.host_str().unwrap_or_default(),
                url.path()
            );
            (std::time::Instant::now(), request.method().clone(), target)
        };
        let mut response = self.http.execute(request).await.map_err(transport_error)?;
        let mut head = http::Response::new(Vec::new());
        *head.status_mut() = response.status();
        *head.version_mut() = response.version();
        *head.headers_mut() = std::mem::take(response.headers_mut());
        let too_large = Error::BodyTooLarge { limit: self.max_body };
        if response.content_length().is_some_and(|len| len > self.max_body) {
            return Err(too_large);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
            if (body.len() + chunk.len()) as u64 > self.max_body {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        *head.body_mut() = body;
        #[cfg(feature = "tracing")]
        tracing::debug!(
            %method,
            url = %target,
            status = head.status().as_u16(),
            elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            "oauth1 request"
        );
        Ok(head)
    }

    /// Runs any [`Step`] — a flow step, a step of your own, a signed call — and returns its output:
    /// each attempt gets a fresh nonce and the system time, and core's [`Exchange`] decides whether a
    /// second attempt is due (clock-skew correction).
    ///
    /// # Errors
    /// Core's typed error for the step's input or the provider's answer (including `RateLimited` and
    /// `Provider` with the status and message), or a transport error.
    pub async fn run<S: Step + Sync>(&self, step: &S) -> Result<S::Output, Error> {
        let mut exchange = Exchange::new(step, &self.clock);
        loop {
            let request = exchange.request(&fresh_nonce()?, Timestamp::now()?)?;
            match exchange.response(self.send(request.map(SensitiveBody::into_bytes)).await?) {
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
    pub async fn send_signed<M: SignatureMethod + Sync>(
        &self,
        signer: &Signer<'_, M>,
        mut request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        // Sign the URI reqwest will send: its `Url` resolves dot segments and escapes some characters.
        *request.uri_mut() = as_sent(request.uri())?;
        self.run(&SignedRequest::new(signer, request)).await
    }
}

/// reqwest's error in the shared shape, without the URL (its query may carry protocol parameters).
fn transport_error(error: reqwest::Error) -> Error {
    if error.is_timeout() {
        Error::Timeout(error.without_url())
    } else {
        Error::Transport(error.without_url())
    }
}

/// Signs and sends a request built with reqwest's own `RequestBuilder`.
pub trait RequestBuilderExt {
    /// Builds the request, signs it with `signer` and sends it through `client` (so without following
    /// redirects, with its body cap and clock handling), whatever client the builder came from. The
    /// builder's headers, body, HTTP version and timeout (which replaces the client's total deadline
    /// for this call) are kept; its client's own settings are not.
    ///
    /// A streamed body — reqwest's `multipart::Form` (a media upload), a file stream — is signed
    /// without being read, as RFC 5849 signs a body that is not form-encoded, and sent once (a
    /// clock-skew answer is not retried: the stream is spent). Where signing must read the body (a
    /// form, a body hash, parameters placed in the body) core refuses it: build that body from bytes.
    /// A multipart upload whose text fields the provider signs (Flickr) is refused here too: send it
    /// with [`send_signed_multipart`](Self::send_signed_multipart) and those fields.
    ///
    /// # Errors
    /// The builder's error, core's refusal (a streamed body that signing would read), or a transport
    /// error.
    fn send_signed<M: SignatureMethod + Sync>(
        self,
        client: &Client,
        signer: &Signer<'_, M>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, Error>> + Send;

    /// As [`send_signed`](Self::send_signed) for a `multipart::Form` body, given the name and value of
    /// each text field in it: signed without being read, as the provider signs such a body
    /// ([`Signer::authorize_multipart`]: Flickr's uploads sign the text fields, RFC 5849 none), and
    /// sent once.
    ///
    /// # Errors
    /// The builder's error, core's refusal (among others, a body that is not multipart), or a
    /// transport error.
    fn send_signed_multipart<M: SignatureMethod + Sync>(
        self,
        client: &Client,
        signer: &Signer<'_, M>,
        fields: &[(&str, &str)],
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, Error>> + Send;
}

impl RequestBuilderExt for reqwest::RequestBuilder {
    async fn send_signed<M: SignatureMethod + Sync>(
        self,
        client: &Client,
        signer: &Signer<'_, M>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let (request, client) = built(self, client)?;
        let body = match request.body().map(reqwest::Body::as_bytes) {
            Some(Some(bytes)) => bytes.to_vec(),
            Some(None) => return client.send_streamed(signer, request, None).await,
            None => Vec::new(),
        };
        client.send_signed(signer, into_http(&request, body)?).await
    }

    async fn send_signed_multipart<M: SignatureMethod + Sync>(
        self,
        client: &Client,
        signer: &Signer<'_, M>,
        fields: &[(&str, &str)],
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let (request, client) = built(self, client)?;
        client.send_streamed(signer, request, Some(fields)).await
    }
}

/// The builder's request, and the client to send it with: a timeout set on the builder bounds the
/// call in place of the client's total deadline, as reqwest's own per-request timeout replaces its
/// client's.
fn built(
    builder: reqwest::RequestBuilder,
    client: &Client,
) -> Result<(reqwest::Request, std::borrow::Cow<'_, Client>), Error> {
    let (_, request) = builder.build_split();
    let request = request.map_err(transport_error)?;
    let client = match request.timeout() {
        Some(&timeout) => std::borrow::Cow::Owned(client.clone().total_timeout(timeout)),
        None => std::borrow::Cow::Borrowed(client),
    };
    Ok((request, client))
}

impl Client {
    /// Signs a request whose body is a stream without reading it (core decides whether it may:
    /// [`Signer::authorize_streamed`], or with a multipart body's text `fields`
    /// [`Signer::authorize_multipart`]) and sends it once: a stream read cannot be sent again, so a
    /// clock-skew answer is not retried, though a learned offset is applied.
    async fn send_streamed<M: SignatureMethod + Sync>(
        &self,
        signer: &Signer<'_, M>,
        request: reqwest::Request,
        fields: Option<&[(&str, &str)]>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let mut request = http::Request::<reqwest::Body>::try_from(request).map_err(transport_error)?;
        let now = self.clock.timestamp_for(request.uri(), Timestamp::now()?);
        let nonce = fresh_nonce()?;
        match fields {
            Some(fields) => signer.authorize_multipart(&mut request, fields, &nonce, now)?,
            None => signer.authorize_streamed(&mut request, &nonce, now)?,
        }
        self.execute(reqwest::Request::try_from(request).map_err(transport_error)?)
            .await
    }
}

/// A reqwest request as an `http::Request` with `body`, its body in memory.
fn into_http(request: &reqwest::Request, body: Vec<u8>) -> Result<http::Request<Vec<u8>>, Error> {
    let uri = http_uri(request.url())?;
    let mut converted = http::Request::new(body);
    *converted.version_mut() = request.version();
    *converted.method_mut() = request.method().clone();
    *converted.uri_mut() = uri;
    *converted.headers_mut() = request.headers().clone();
    Ok(converted)
}

/// `uri` as reqwest will put it on the wire (after `url::Url` normalization).
fn as_sent(uri: &http::Uri) -> Result<http::Uri, Error> {
    let refused = |problem| InputError::new("request URI", problem);
    let url = reqwest::Url::parse(&uri.to_string()).map_err(|e| refused(url_problem(e)))?;
    Ok(http_uri(&url)?)
}

/// `url` as the `http::Uri` core signs: refused as too long past [`MAX_URI_LEN`] (reqwest's URL
/// type has no limit, `http`'s has), else as written invalidly by the URL parser.
fn http_uri(url: &reqwest::Url) -> Result<http::Uri, InputError> {
    url.as_str().parse().map_err(|_| {
        let problem = if url.as_str().len() > MAX_URI_LEN {
            InputProblem::TooLong { max: MAX_URI_LEN }
        } else {
            InputProblem::Invalid("reqwest's URL parser writes it as an invalid URI")
        };
        InputError::new("request URI", problem)
    })
}

/// Why reqwest's URL parser (WHATWG's rules, stricter than `http`'s) refuses a URI.
fn url_problem(error: url::ParseError) -> InputProblem {
    use url::ParseError as E;
    InputProblem::Invalid(match error {
        E::EmptyHost | E::RelativeUrlWithoutBase => return InputProblem::NotAbsolute,
        E::InvalidPort => "its port is not a number from 0 to 65535",
        E::InvalidIpv4Address | E::InvalidIpv6Address => "its host is not a valid IP address",
        E::IdnaError | E::InvalidDomainCharacter => "its host is not a valid domain name",
        _ => "reqwest's URL parser refuses it",
    })
}

/// A nonce from the operating system's CSPRNG.
fn fresh_nonce() -> Result<Nonce, Error> {
    Nonce::try_generate(&mut getrandom::SysRng).map_err(|e| Error::Randomness(e.to_string()))
}
