//! OAuth 1.0a on [ureq](https://docs.rs/ureq) 3 (blocking): runs [`oauth1_core`]'s requests.
//!
//! This crate holds no OAuth logic. Core prepares each `http::Request`, [`Client`] sends it on a
//! `ureq::Agent` and hands the status, headers and body back to core, which parses them. What the adapter
//! adds is transport policy:
//!
//! - **No redirects** for anything it sends. A signed request's nonce must not be used twice, and its
//!   `Authorization` header must not reach another host; a 3xx comes back to the caller as a response.
//! - **Bounded responses:** bodies are capped (1 MiB by default, [`Client::max_body_size`]), and connect
//!   and read timeouts are set ([`Client::with_timeouts`]). A slow or endless answer is an [`Error`], never
//!   a hang or an out-of-memory.
//! - **Nonces and time:** each request gets a fresh nonce from the OS (getrandom) and the system time.
//!   With [`Client::clock_skew_correction`], a 401 "Timestamp out of bounds" (Twitter code 135) that
//!   carries the server's `Date` makes the client re-sign once with a fresh nonce and the measured offset,
//!   and keep the offset for later requests.
//! - **TLS:** rustls with the `ring` provider and the webpki roots by default (feature `rustls`): no system
//!   OpenSSL, no cmake. Feature `native-tls` uses the platform's TLS instead.
//! - **Logging:** with the `tracing` feature each request is logged (method, scheme, host and path,
//!   status, time) at `debug` level. Never the query, a header, a body, a secret or a signature.
//!
//! In ureq 3 the idiomatic request value *is* `ureq::http::Request` (the `http` crate core uses), so a
//! request you build yourself is signed and sent with [`Client::send_signed`].
//!
//! ```no_run
//! use oauth1_core::{AuthorizeOptions, ClientCredentials, Provider, TemporaryCredentialsRequest};
//! use oauth1_ureq::Client;
//!
//! let http = Client::new();
//! let provider = Provider::twitter();
//! let client = ClientCredentials::new("consumer key", "consumer secret");
//!
//! let pending = http.request_token(&TemporaryCredentialsRequest::new(&provider, &client, "oob")?)?;
//! println!("Open {}", pending.authorize_url(&AuthorizeOptions::default()));
//! let pin = "1234567"; // what the user typed
//! let access = http.access_token(&pending.complete(pin)?, &client)?;
//!
//! let request = http::Request::get("https://api.twitter.com/1.1/account/verify_credentials.json")
//!     .body(Vec::new())?;
//! let response = http.send_signed(&access.signer(&client), request)?;
//! oauth1_core::response::check_status(&response)?; // a non-2xx status as the provider's error
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]

mod error;

use std::time::Duration;

use oauth1_core::clock::ClockCorrection;
use oauth1_core::signature::SignatureMethod;
use oauth1_core::{
    AccessToken, ClientCredentials, Nonce, PendingAuthorization, Signer, TemporaryCredentialsRequest,
    Timestamp, TokenRequest, XAuthRequest,
};

pub use error::Error;
pub use oauth1_core as core;

/// The default cap on a response body: 1 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 1 << 20;
/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default read timeout (for the response head, and again for the body).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs core's requests on a `ureq::Agent`.
#[derive(Clone, Debug)]
pub struct Client {
    agent: ureq::Agent,
    max_body: u64,
    clock: ClockCorrection,
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

    /// A client with these connect and read timeouts.
    pub fn with_timeouts(connect: Duration, read: Duration) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(connect))
            .timeout_recv_response(Some(read))
            .timeout_recv_body(Some(read))
            .build()
            .new_agent();
        Self::with_agent(agent)
    }

    /// A client on your own agent (proxy, TLS, pool settings). Whatever the agent says, this client
    /// turns redirects off and reads error statuses as responses for each request it sends.
    pub fn with_agent(agent: ureq::Agent) -> Self {
        Self {
            agent,
            max_body: DEFAULT_MAX_BODY_SIZE,
            clock: ClockCorrection::default(),
        }
    }

    /// Caps response bodies at `bytes`; a longer body is [`Error::BodyTooLarge`].
    #[must_use]
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body = bytes;
        self
    }

    /// Re-signs once with the server's clock after a 401 "Timestamp out of bounds" that carries a `Date`
    /// (off by default: a wrong clock is better fixed than hidden).
    #[must_use]
    pub fn clock_skew_correction(mut self, enabled: bool) -> Self {
        self.clock = self.clock.enabled(enabled);
        self
    }

    /// The clock offset learned so far, in seconds (0 until a correction happened).
    pub fn clock_skew(&self) -> i64 {
        self.clock.offset()
    }

    /// Sends `request` as it is and returns the response whatever its status. Redirects are not followed.
    ///
    /// # Errors
    /// [`Error::Transport`] (connection, TLS, timeout) or [`Error::BodyTooLarge`].
    pub fn send(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Error> {
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
            .max_redirects(0)
            .max_redirects_will_error(false)
            .build();
        let response = self.agent.run(request).map_err(Error::from_transport)?;
        let (parts, mut body) = response.into_parts();
        let bytes = body
            .with_config()
            .limit(self.max_body)
            .read_to_vec()
            .map_err(Error::from_transport)?;
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

    /// Sends a request built for a fresh nonce and the (corrected) time; with clock-skew correction on, a
    /// "Timestamp out of bounds" answer makes it measure the offset and build and send once more.
    fn send_fresh(
        &self,
        build: impl Fn(&Nonce, Timestamp) -> Result<http::Request<Vec<u8>>, oauth1_core::Error>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let now = Timestamp::now();
        let response = self.send(build(&fresh_nonce()?, self.clock.timestamp(now))?)?;
        if !self.clock.learn(&response, now) {
            return Ok(response);
        }
        self.send(build(&fresh_nonce()?, self.clock.timestamp(Timestamp::now()))?)
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
        self.send_fresh(|nonce, timestamp| {
            let mut signed = request.clone();
            signer.authorize(&mut signed, nonce, timestamp)?;
            Ok(signed)
        })
    }

    /// `POST oauth/request_token`: temporary credentials, and the pending authorization to send the user
    /// through.
    ///
    /// # Errors
    /// Core's typed error for the provider's answer (including `RateLimited` and `Provider` with the
    /// status and message), or a transport error.
    pub fn request_token(
        &self,
        step: &TemporaryCredentialsRequest<'_>,
    ) -> Result<PendingAuthorization, Error> {
        let response = self.send_fresh(|nonce, timestamp| step.prepare(nonce, timestamp))?;
        Ok(step.parse(&response)?)
    }

    /// `POST oauth/access_token`: token credentials for the verifier the user brought back.
    ///
    /// # Errors
    /// As [`Client::request_token`].
    pub fn access_token(
        &self,
        step: &TokenRequest,
        client: &ClientCredentials,
    ) -> Result<AccessToken, Error> {
        let response = self.send_fresh(|nonce, timestamp| step.prepare(client, nonce, timestamp))?;
        Ok(step.parse(&response)?)
    }

    /// xAuth: token credentials for a username and password, where the provider allows it.
    ///
    /// # Errors
    /// As [`Client::request_token`].
    pub fn xauth(&self, step: &XAuthRequest<'_>) -> Result<AccessToken, Error> {
        let response = self.send_fresh(|nonce, timestamp| step.prepare(nonce, timestamp))?;
        Ok(step.parse(&response)?)
    }
}

/// A nonce from the operating system's CSPRNG.
fn fresh_nonce() -> Result<Nonce, Error> {
    Nonce::try_generate(&mut getrandom::SysRng).map_err(|e| Error::Randomness(e.to_string()))
}
