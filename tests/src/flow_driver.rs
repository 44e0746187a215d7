//! Runs the 3-legged flow with core and the blocking test client against any provider that consents the
//! way the reference provider does (`?oauth_token=…&approve=1` gives the PIN page or the 302 to the
//! callback; `&deny=1` declines). The reference provider and the oauthlib interop provider both do.
//!
//! Every exchange goes through [`FlowDriver::run_step`], which drives core's `step::Exchange` exactly as
//! the adapters' `run` does, on the tests' plain ureq agent.

use std::fmt;

use oauth1_core::body::SensitiveBody;
use oauth1_core::clock::ClockCorrection;
use oauth1_core::step::{Exchange, Outcome, SignedRequest, Step};
use oauth1_core::{
    AccessToken, AccessTokenRequest, AuthorizeOptions, Authorized, ClientCredentials, Nonce,
    PendingAuthorization, Provider, TemporaryCredentialsRequest, Timestamp,
};

use crate::http_client;

/// What went wrong while driving a flow.
#[derive(Debug)]
pub enum DriveError {
    /// The request could not be sent or the response read.
    Transport(String),
    /// Core refused the input or the provider's answer.
    OAuth(oauth1_core::Error),
    /// The consent page did not answer as expected.
    Consent(String),
    /// The system clock reads before 1970.
    Clock(oauth1_core::ClockError),
}

impl fmt::Display for DriveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Transport(e) => write!(f, "transport: {e}"),
            Self::OAuth(e) => write!(f, "oauth: {e}"),
            Self::Consent(e) => write!(f, "consent: {e}"),
            Self::Clock(e) => write!(f, "clock: {e}"),
        }
    }
}

impl From<oauth1_core::Error> for DriveError {
    fn from(e: oauth1_core::Error) -> Self {
        Self::OAuth(e)
    }
}

impl From<oauth1_core::ClockError> for DriveError {
    fn from(e: oauth1_core::ClockError) -> Self {
        Self::Clock(e)
    }
}

impl From<http::Error> for DriveError {
    fn from(e: http::Error) -> Self {
        Self::Transport(e.to_string())
    }
}

/// A fresh nonce from the thread's CSPRNG.
pub fn nonce() -> Nonce {
    Nonce::generate(&mut rand::rng())
}

/// A client of one provider.
pub struct FlowDriver {
    agent: ureq::Agent,
    provider: Provider,
    client: ClientCredentials,
}

impl FlowDriver {
    /// A driver for `client` at `provider`.
    pub fn new(provider: Provider, client: ClientCredentials) -> Self {
        Self {
            agent: http_client::agent(),
            provider,
            client,
        }
    }

    /// Sends any request as it is.
    ///
    /// # Errors
    /// A transport error.
    pub fn send(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, DriveError> {
        http_client::send(&self.agent, request).map_err(DriveError::Transport)
    }

    /// Runs any step: a fresh nonce per attempt, core's decision on each answer.
    ///
    /// # Errors
    /// A transport error or core's error.
    pub fn run_step<S: Step>(&self, step: &S) -> Result<S::Output, DriveError> {
        let clock = ClockCorrection::default();
        let mut exchange = Exchange::new(step, &clock);
        loop {
            let request = exchange.request(&nonce(), Timestamp::now()?)?;
            match exchange.response(self.send(request.map(SensitiveBody::into_bytes))?) {
                Outcome::Done(output) => return Ok(output?),
                Outcome::Retry => {}
            }
        }
    }

    /// `POST oauth/request_token`.
    ///
    /// # Errors
    /// A transport error or core's error for the response.
    pub fn request_token(&self, callback: &str) -> Result<PendingAuthorization, DriveError> {
        let step = TemporaryCredentialsRequest::new(&self.provider, &self.client, callback)
            .map_err(oauth1_core::Error::from)?;
        self.run_step(&step)
    }

    /// Consents (or declines) on the user's behalf and completes the pending authorization with what the
    /// provider answered: the PIN from the page, or the callback URL from the redirect.
    ///
    /// # Errors
    /// The consent page answered something else, or core refused the callback (`Denied` among others).
    pub fn consent(&self, pending: &PendingAuthorization, approve: bool) -> Result<Authorized, DriveError> {
        let response = self.send(consent_request(pending, approve)?)?;
        complete_from_consent(pending, &response)
    }

    /// `POST oauth/access_token`.
    ///
    /// # Errors
    /// A transport error or core's error for the response.
    pub fn access_token(&self, authorized: &Authorized) -> Result<AccessToken, DriveError> {
        self.run_step(&AccessTokenRequest::new(&self.client, authorized))
    }

    /// The whole flow: request token with `callback`, consent, access token.
    ///
    /// # Errors
    /// As the steps.
    pub fn run(&self, callback: &str) -> Result<AccessToken, DriveError> {
        let pending = self.request_token(callback)?;
        let authorized = self.consent(&pending, true)?;
        self.access_token(&authorized)
    }

    /// Signs `request` with the token and sends it.
    ///
    /// # Errors
    /// Core refused the request, or a transport error.
    pub fn call(
        &self,
        access: &AccessToken,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, DriveError> {
        self.run_step(&SignedRequest::new(&access.signer(&self.client), request))
    }
}

/// The user agent's visit to the authorization page, consenting (`approve=1`) or declining (`deny=1`).
///
/// # Errors
/// The URL is not a valid URI.
pub fn consent_request(
    pending: &PendingAuthorization,
    approve: bool,
) -> Result<http::Request<Vec<u8>>, DriveError> {
    let choice = if approve { "approve=1" } else { "deny=1" };
    let url = format!("{}&{choice}", pending.authorize_url(&AuthorizeOptions::default()));
    Ok(http::Request::get(url).body(Vec::new())?)
}

/// Completes `pending` with the consent page's answer: the callback URL of a 302, or the PIN on the page.
///
/// # Errors
/// The page answered neither, or core refused the callback (`Denied` among others).
pub fn complete_from_consent(
    pending: &PendingAuthorization,
    response: &http::Response<Vec<u8>>,
) -> Result<Authorized, DriveError> {
    if response.status() == http::StatusCode::FOUND {
        let location = response
            .headers()
            .get(http::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .ok_or_else(|| DriveError::Consent("a redirect without a Location".into()))?;
        return Ok(pending.complete_callback(location)?);
    }
    let page = String::from_utf8_lossy(response.body());
    let pin = pin_on_page(&page)
        .ok_or_else(|| DriveError::Consent(format!("no PIN on the page ({})", response.status())))?;
    Ok(pending.complete_with_pin(pin)?)
}

/// The PIN in `<code id="oauth_pin">…</code>`.
pub fn pin_on_page(page: &str) -> Option<&str> {
    let start = page.find("<code id=\"oauth_pin\">")? + "<code id=\"oauth_pin\">".len();
    let len = page.get(start..)?.find("</code>")?;
    page.get(start..start + len)
}
