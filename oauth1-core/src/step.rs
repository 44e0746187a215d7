//! One shape for every exchange with a provider, and the decisions around sending it.
//!
//! A [`Step`] prepares an `http::Request` from a nonce and a time and parses the response into its
//! output. Every flow step is one ([`crate::TemporaryCredentialsRequest`], [`crate::AccessTokenRequest`],
//! [`crate::XAuthRequest`]), a signed API call is one ([`SignedRequest`]), and so is any step you write
//! for your provider (E*TRADE's renew-access-token, say). An HTTP client runs *any* step with one
//! generic function; [`Exchange`] holds what that function must decide: a fresh nonce for every
//! attempt, and one re-sign with the provider's clock after a "timestamp out of bounds" answer.
//!
//! ```
//! use oauth1_core::clock::ClockCorrection;
//! use oauth1_core::step::{Exchange, Outcome, Step};
//! use oauth1_core::{Nonce, Timestamp};
//!
//! /// The whole of an HTTP client integration: send, and let the exchange decide.
//! fn run<S: Step>(
//!     step: &S,
//!     clock: &ClockCorrection,
//!     send: impl Fn(http::Request<Vec<u8>>) -> http::Response<Vec<u8>>,
//!     mut fresh_nonce: impl FnMut() -> Nonce,
//!     now: impl Fn() -> Timestamp,
//! ) -> Result<S::Output, oauth1_core::Error> {
//!     let mut exchange = Exchange::new(step, clock);
//!     loop {
//!         let request = exchange.request(&fresh_nonce(), now())?;
//!         match exchange.response(send(request.map(|body| body.into_bytes()))) {
//!             Outcome::Done(output) => return output,
//!             Outcome::Retry => {}
//!         }
//!     }
//! }
//! # use oauth1_core::{ClientCredentials, Provider, TemporaryCredentialsRequest};
//! # let provider = Provider::twitter();
//! # let client = ClientCredentials::new("key", "secret");
//! # let step = TemporaryCredentialsRequest::new(&provider, &client, "oob")?;
//! # let answer = |_| http::Response::new(b"oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=true".to_vec());
//! # let mut n = 0;
//! # let nonce = || { n += 1; Nonce::new(&format!("n{n}")).unwrap() };
//! # let pending = run(&step, &ClockCorrection::default(), answer, nonce, || Timestamp::from_secs(1))?;
//! # assert_eq!(pending.temporary_credentials().token(), "t");
//! # Ok::<(), oauth1_core::Error>(())
//! ```

use alloc::string::String;

use http::{Request, Response};

use crate::body::SensitiveBody;
use crate::clock::{ClockCorrection, origin};
use crate::error::{Error, InputError, InputProblem, RateLimited};
use crate::nonce::{Nonce, Timestamp};
use crate::signature::SignatureMethod;
use crate::signer::Signer;

/// One exchange with a provider: a request prepared for a nonce and a time, and its response parsed.
///
/// A step of your own runs through the adapters like the built-in ones. Twitter, for one, revokes an
/// access token with a signed `POST 1.1/oauth/invalidate_token`:
///
/// ```
/// use oauth1_core::body::SensitiveBody;
/// use oauth1_core::response::check_status;
/// use oauth1_core::step::Step;
/// use oauth1_core::{ClientCredentials, Error, Nonce, Signer, Timestamp, TokenCredentials};
///
/// struct InvalidateToken<'a> {
///     client: &'a ClientCredentials,
///     token: &'a TokenCredentials,
/// }
///
/// impl Step for InvalidateToken<'_> {
///     type Output = ();
///
///     fn prepare(&self, nonce: &Nonce, timestamp: Timestamp) -> Result<http::Request<SensitiveBody>, Error> {
///         let mut request = http::Request::post("https://api.twitter.com/1.1/oauth/invalidate_token")
///             .body(SensitiveBody::default())
///             .map_err(|_| oauth1_core::InputError::new("URL", oauth1_core::InputProblem::NotAbsolute))?;
///         Signer::new(self.client)
///             .token(self.token)
///             .authorize(&mut request, nonce, timestamp)?;
///         Ok(request)
///     }
///
///     fn parse(&self, response: http::Response<Vec<u8>>) -> Result<(), Error> {
///         check_status(&response) // 200 {"access_token": "…"}
///     }
/// }
///
/// let (client, token) = (ClientCredentials::new("key", "secret"), TokenCredentials::new("t", "s"));
/// let step = InvalidateToken { client: &client, token: &token };
/// let request = step.prepare(&Nonce::new("n")?, Timestamp::from_secs(1_700_000_000))?;
/// assert!(request.headers()["authorization"].to_str()?.contains("oauth_token=\"t\""));
/// // With an adapter: `http.run(&step)?`.
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Step {
    /// What a successful response gives.
    type Output;

    /// The signed request for this attempt. Its body's `Debug` is redacted (xAuth's holds a password);
    /// [`SensitiveBody::into_bytes`] gives the bytes to send.
    ///
    /// # Errors
    /// The step's input cannot be signed or sent as it is.
    fn prepare(&self, nonce: &Nonce, timestamp: Timestamp) -> Result<Request<SensitiveBody>, Error>;

    /// Reads the provider's answer.
    ///
    /// # Errors
    /// The provider refused, or answered something malformed.
    fn parse(&self, response: Response<Vec<u8>>) -> Result<Self::Output, Error>;
}

/// What to do after a response.
#[derive(Debug)]
pub enum Outcome<T> {
    /// The step is over: its output or its error.
    Done(Result<T, Error>),
    /// The provider's clock differs from ours: ask [`Exchange::request`] again (a fresh nonce, the
    /// corrected time) and send that.
    Retry,
}

/// Runs one [`Step`]: at most two attempts, each with its own nonce, the second only after the
/// provider showed (with a "timestamp out of bounds" answer carrying its `Date`) that our clock is off
/// and [`ClockCorrection`] is enabled. What is learned is kept for the host the request went to.
#[derive(Debug)]
pub struct Exchange<'s, S> {
    step: &'s S,
    clock: &'s ClockCorrection,
    /// The attempt in flight: its local time, nonce, and the origin it was sent to.
    attempt: Option<(Timestamp, Nonce, String)>,
    /// The base string the request in flight was signed over, to compare with one the provider echoes.
    sent_base_string: Option<String>,
    retried: bool,
}

impl<'s, S: Step> Exchange<'s, S> {
    /// An exchange for `step`, correcting timestamps with `clock`.
    pub const fn new(step: &'s S, clock: &'s ClockCorrection) -> Self {
        Self {
            step,
            clock,
            attempt: None,
            sent_base_string: None,
            retried: false,
        }
    }

    /// The request for the next attempt, signed with `nonce` at local time `now` (corrected by the
    /// clock's learned offset).
    ///
    /// # Errors
    /// The step's own error; or [`InputProblem::Invalid`] for `nonce` when it is the previous attempt's
    /// nonce (the provider would take the retry for a replay).
    pub fn request(&mut self, nonce: &Nonce, now: Timestamp) -> Result<Request<SensitiveBody>, Error> {
        if self
            .attempt
            .as_ref()
            .is_some_and(|(_, previous, _)| previous == nonce)
        {
            let why = "each attempt needs a fresh nonce";
            return Err(InputError::new("nonce", InputProblem::Invalid(why)).into());
        }
        let mut request = self.step.prepare(nonce, now)?;
        let origin = origin(request.uri());
        let corrected = self.clock.timestamp(&origin, now);
        if corrected != now {
            // The host's clock is known to differ: sign again with its time (only this one is sent).
            request = self.step.prepare(nonce, corrected)?;
        }
        self.attempt = Some((now, *nonce, origin));
        // As the provider reads it; only a request too malformed to be verified has none.
        self.sent_base_string = crate::verify::received_base_string(&request).ok();
        Ok(request)
    }

    /// Reads the answer to the request [`Exchange::request`] gave last.
    pub fn response(&mut self, response: Response<Vec<u8>>) -> Outcome<S::Output> {
        if let Some((sent_at, _, origin)) = &self.attempt
            && !self.retried
            && self.clock.learn(origin, &response, *sent_at)
        {
            self.retried = true;
            return Outcome::Retry;
        }
        let mut result = self.step.parse(response);
        if let (Err(Error::Provider(error) | Error::RateLimited(RateLimited { error, .. })), Some(ours)) =
            (&mut result, &self.sent_base_string)
        {
            error.compare_base_string(ours);
        }
        Outcome::Done(result)
    }
}

/// A request signed on each attempt, whose response comes back whatever its status: a call to a
/// protected resource. Pass the response to [`crate::response::check_status`] to turn an error status
/// into the provider's error.
pub struct SignedRequest<'s, 'a, M> {
    signer: &'s Signer<'a, M>,
    request: Request<Vec<u8>>,
}

impl<'s, 'a, M: SignatureMethod> SignedRequest<'s, 'a, M> {
    /// `request`, to be signed by `signer` for each attempt.
    pub const fn new(signer: &'s Signer<'a, M>, request: Request<Vec<u8>>) -> Self {
        Self { signer, request }
    }
}

impl<M: SignatureMethod> Step for SignedRequest<'_, '_, M> {
    type Output = Response<Vec<u8>>;

    fn prepare(&self, nonce: &Nonce, timestamp: Timestamp) -> Result<Request<SensitiveBody>, Error> {
        let mut signed = self.request.clone().map(SensitiveBody::from);
        self.signer.authorize(&mut signed, nonce, timestamp)?;
        Ok(signed)
    }

    fn parse(&self, response: Response<Vec<u8>>) -> Result<Self::Output, Error> {
        Ok(response)
    }
}

impl<M> core::fmt::Debug for SignedRequest<'_, '_, M> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SignedRequest")
            .field("method", self.request.method())
            .field("path", &self.request.uri().path())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ClientCredentials, Provider, TemporaryCredentialsRequest};

    fn skew_answer(date: &str) -> Response<Vec<u8>> {
        let body = br#"{"errors":[{"code":135,"message":"Timestamp out of bounds."}]}"#.to_vec();
        let mut response = Response::new(body);
        *response.status_mut() = http::StatusCode::UNAUTHORIZED;
        if let Ok(value) = http::HeaderValue::from_str(date) {
            response.headers_mut().insert(http::header::DATE, value);
        }
        response
    }

    fn nonce(text: &str) -> Nonce {
        Nonce::new(text).unwrap()
    }

    #[test]
    fn one_retry_with_a_fresh_nonce_and_the_providers_time() {
        let provider = Provider::twitter();
        let client = ClientCredentials::new("key", "secret");
        let step = TemporaryCredentialsRequest::new(&provider, &client, "oob").unwrap();
        let clock = ClockCorrection::default().enabled(true);
        let mut exchange = Exchange::new(&step, &clock);
        let now = Timestamp::from_secs(1_699_999_000);
        assert!(exchange.request(&nonce("a"), now).is_ok());
        // "Tue, 14 Nov 2023 22:13:20 GMT" is 1_700_000_000.
        assert!(matches!(
            exchange.response(skew_answer("Tue, 14 Nov 2023 22:13:20 GMT")),
            Outcome::Retry
        ));
        // The same nonce again is refused.
        assert!(exchange.request(&nonce("a"), now).is_err());
        let retry = exchange.request(&nonce("b"), now).unwrap();
        let header = retry.headers()["authorization"].to_str().unwrap();
        assert!(header.contains("oauth_timestamp=\"1700000000\""), "{header}");
        // A second skew answer is the step's error, not another retry.
        assert!(matches!(
            exchange.response(skew_answer("Tue, 14 Nov 2023 22:13:20 GMT")),
            Outcome::Done(Err(Error::Provider(_)))
        ));
    }

    #[test]
    fn without_correction_a_skew_answer_is_final() {
        let provider = Provider::twitter();
        let client = ClientCredentials::new("key", "secret");
        let step = TemporaryCredentialsRequest::new(&provider, &client, "oob").unwrap();
        let clock = ClockCorrection::default();
        let mut exchange = Exchange::new(&step, &clock);
        assert!(exchange.request(&nonce("a"), Timestamp::from_secs(1)).is_ok());
        assert!(matches!(
            exchange.response(skew_answer("Tue, 14 Nov 2023 22:13:20 GMT")),
            Outcome::Done(Err(_))
        ));
    }
}
