//! The 3-legged flow (RFC 5849 §2, as Twitter/X runs it), one sans-IO step at a time.
//!
//! ```text
//! TemporaryCredentialsRequest ──prepare/parse──▶ PendingAuthorization ──authorize_url──▶ (user agent)
//!   (POST oauth/request_token)                      │   (storable)
//!                                                   └──complete(callback URL or PIN)──▶ Authorized
//!                                                                                      (storable)
//!                                                   AccessTokenRequest::new(&client, &authorized)
//!                                                                                          │
//!                                    AccessToken ◀──prepare/parse (POST oauth/access_token)┘
//! ```
//!
//! Each exchange is a [`Step`]: `prepare` returns the `http::Request` to send and `parse` takes the
//! response and returns the next state, so no step can be taken out of order. Sending is the caller's
//! business (or an adapter's `run`). Every step signs by the [`Provider`]'s rules, with the method they
//! name (HMAC-SHA1 for Twitter, HMAC-SHA256 for NetSuite, PLAINTEXT for Launchpad, …) unless told
//! otherwise with `.method(…)`; RSA-SHA1 (Jira, Confluence; feature `rsa`) needs the key given that
//! way, and so does a [`SignatureMethod`] of your own.
//!
//! The stored states ([`PendingAuthorization`], [`Authorized`]) hold the provider, the temporary
//! credentials and the verifier, never the client's secret or key: those are the application's
//! configuration, not the user's session, and must not end up in a session store. That is why the
//! access-token step is given the client credentials (and the method, with its key) when it is built.
//!
//! [`XAuthRequest`] is Twitter's xAuth variant, which trades a username and password for token
//! credentials directly, with no callback step; Twitter grants it only to approved applications.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;

use http::header::CONTENT_TYPE;
use http::{HeaderValue, Method, Request, Response};

use crate::body::SensitiveBody;
use crate::credentials::{ClientCredentials, Secret, TokenCredentials};
use crate::encode::{form_decode, form_pair_offsets, percent_decode_bytes, percent_encode};
use crate::error::{CallbackError, Error, InputError, InputProblem, ResponseError, ResponseProblem};
use crate::nonce::{Nonce, Timestamp};
use crate::provider::{Endpoint, Flow, ProfileMethod, Provider, TokenFormat};
use crate::response::{FormFields, check_status_with};
use crate::signature::SignatureMethod;
use crate::signer::Signer;
use crate::step::Step;

/// The `oauth_callback` value for out-of-band (PIN) authorization.
pub const OOB: &str = "oob";

/// Twitter's `x_auth_access_type`: ask for less access than the application is registered for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessType {
    /// Read-only access.
    Read,
    /// Read and write access.
    Write,
}

impl AccessType {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
        }
    }
}

/// Step 1: ask for temporary credentials (Twitter's "request token", `POST oauth/request_token`).
#[derive(Debug, Clone)]
pub struct TemporaryCredentialsRequest<'a, M = ProfileMethod> {
    provider: &'a Provider,
    client: &'a ClientCredentials,
    callback: String,
    access_type: Option<AccessType>,
    method: M,
}

impl<'a> TemporaryCredentialsRequest<'a> {
    /// Starts the flow. `callback` is where the provider sends the user back: an `http(s)` URL, a custom
    /// scheme such as `twitterclient://callback`, or [`OOB`] for the PIN flow.
    ///
    /// # Errors
    /// The callback is neither `oob` nor an absolute URI (`scheme:rest`, ASCII without whitespace,
    /// each `%` an escape), the provider has no 3-legged flow, or one of its URLs (changed through
    /// [`Provider::flow_mut`]) fails the checks [`Provider::new`] makes.
    pub fn new(
        provider: &'a Provider,
        client: &'a ClientCredentials,
        callback: &str,
    ) -> Result<Self, InputError> {
        validate_callback(callback)?;
        provider.require_flow()?;
        // The authorization page is checked here: no step sends to it, so nothing else would.
        provider.validate()?;
        Ok(Self {
            provider,
            client,
            callback: callback.into(),
            access_type: None,
            method: ProfileMethod::new(provider.rules().method),
        })
    }
}

impl<'a, M: SignatureMethod> TemporaryCredentialsRequest<'a, M> {
    /// Signs with another method than the one the provider's rules name (an RSA method with its key).
    pub fn method<N: SignatureMethod>(self, method: N) -> TemporaryCredentialsRequest<'a, N> {
        TemporaryCredentialsRequest {
            provider: self.provider,
            client: self.client,
            callback: self.callback,
            access_type: self.access_type,
            method,
        }
    }

    /// Sends `x_auth_access_type` (Twitter/X).
    #[must_use]
    pub fn access_type(mut self, access_type: AccessType) -> Self {
        self.access_type = Some(access_type);
        self
    }
}

impl<M: SignatureMethod> Step for TemporaryCredentialsRequest<'_, M> {
    type Output = PendingAuthorization;

    /// The signed request to the temporary-credentials endpoint (`POST` unless the provider says `GET`),
    /// carrying `oauth_callback`.
    ///
    /// # Errors
    /// The provider's URL is unusable (not https, for instance), or the method could not sign.
    fn prepare(&self, nonce: &Nonce, timestamp: Timestamp) -> Result<Request<SensitiveBody>, Error> {
        let endpoint = &self.provider.require_flow()?.request_token;
        let mut url = endpoint.url.clone();
        if let Some(access_type) = self.access_type {
            append_query_param(&mut url, "x_auth_access_type", access_type.as_str());
        }
        let mut request = new_request(self.provider, endpoint, &url, "request token URL", Vec::new())?;
        self.provider
            .flow_signer(self.client)
            .method(&self.method)
            .callback(&self.callback)
            .authorize(&mut request, nonce, timestamp)?;
        Ok(request)
    }

    /// Reads the provider's answer: `oauth_token`, `oauth_token_secret` and `oauth_callback_confirmed`,
    /// which must be exactly `true` unless the provider's flow rules say it is not sent.
    ///
    /// # Errors
    /// A provider error status, a malformed body, a missing field, or an unconfirmed callback.
    fn parse(&self, response: Response<Vec<u8>>) -> Result<PendingAuthorization, Error> {
        let flow = self.provider.require_flow()?;
        let mut fields = read_token_response(self.provider, &response)?;
        let token = fields.require("oauth_token")?;
        let secret = fields
            .take("oauth_token_secret")
            .ok_or_else(|| ResponseError::new("oauth_token_secret", ResponseProblem::Missing))?;
        match fields.take("oauth_callback_confirmed").as_deref() {
            Some("true") => {}
            _ if !flow.rules.callback_confirmed => {}
            None => {
                return Err(ResponseError::new("oauth_callback_confirmed", ResponseProblem::Missing).into());
            }
            Some(_) => {
                return Err(ResponseError::new(
                    "oauth_callback_confirmed",
                    ResponseProblem::CallbackNotConfirmed,
                )
                .into());
            }
        }
        Ok(PendingAuthorization {
            provider: self.provider.clone(),
            consumer_key: self.client.key().into(),
            temporary: TokenCredentials::new(token, secret),
            callback: self.callback.clone(),
        })
    }
}

/// Checks an `oauth_callback`: `oob`, or an absolute URI (`https://…`, or a custom scheme such as
/// `myapp://cb`) in ASCII without whitespace or control characters, in which every `%` starts a
/// two-digit escape. The client side checks before sending; a provider checks what it received.
///
/// # Errors
/// [`InputProblem::Invalid`] for the field `callback`, saying which rule failed.
///
/// ```
/// use oauth1_core::flow::validate_callback;
///
/// assert!(validate_callback("oob").is_ok());
/// assert!(validate_callback("myapp://cb").is_ok());
/// assert!(validate_callback("/relative").is_err());
/// assert!(validate_callback("https://a.example/cb?p=100%").is_err());
/// ```
pub fn validate_callback(callback: &str) -> Result<(), InputError> {
    if callback == OOB {
        return Ok(());
    }
    let problem = |why| InputError::new("callback", InputProblem::Invalid(why));
    if callback.eq_ignore_ascii_case(OOB) {
        return Err(problem(
            "\"oob\" is case sensitive (RFC 5849 §2.1): write it in lowercase",
        ));
    }
    // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ':' and something more.
    let absolute = callback.split_once(':').is_some_and(|(scheme, rest)| {
        let mut chars = scheme.bytes();
        chars.next().is_some_and(|b| b.is_ascii_alphabetic())
            && chars.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
            && !rest.is_empty()
    });
    if !absolute {
        return Err(problem(
            "must be \"oob\" or an absolute URI such as https://… or myapp://…",
        ));
    }
    if callback.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(problem("must not contain whitespace or control characters"));
    }
    // RFC 3986 §2: a URI is ASCII; the provider redirects to it in a `Location` header.
    if !callback.is_ascii() {
        return Err(problem(
            "must be ASCII, as a URI is: percent-encode other characters as UTF-8 (é as %C3%A9, \
             a host in its xn-- form)",
        ));
    }
    // RFC 3986 §2.1: `%` always starts an escape. (A literal percent sign is written `%25`.)
    if percent_decode_bytes(callback.as_bytes()).is_err() {
        return Err(problem(
            "every '%' must start an escape of two hex digits (write a literal percent sign as %25)",
        ));
    }
    Ok(())
}

/// Appends `enc(name)=enc(value)` to `url`'s query, starting the query if there is none.
fn append_query_param(url: &mut String, name: &str, value: &str) {
    url.push(if url.contains('?') { '&' } else { '?' });
    // Names are the provider's or the caller's (`AuthorizeOptions::param`): encoded like values.
    url.extend(percent_encode(name).pieces());
    url.push('=');
    url.extend(percent_encode(value).pieces());
}

/// A request to `endpoint` (at `url`: the endpoint's, perhaps with a query added), with its method.
fn new_request(
    provider: &Provider,
    endpoint: &Endpoint,
    url: &str,
    field: &'static str,
    body: Vec<u8>,
) -> Result<Request<SensitiveBody>, Error> {
    let uri = provider.endpoint(url, field)?;
    let mut request = Request::new(SensitiveBody::from(body));
    *request.method_mut() = endpoint.method.as_http();
    *request.uri_mut() = uri;
    Ok(request)
}

/// A token response's fields, after its status (with the provider's rate-limit headers) is checked,
/// read in the provider's format.
fn read_token_response(provider: &Provider, response: &Response<Vec<u8>>) -> Result<FormFields, Error> {
    check_status_with(response, provider.rate_limit_headers())?;
    Ok(match provider.require_flow()?.rules.token_format {
        TokenFormat::Form => FormFields::parse(response.body())?,
        TokenFormat::Json => FormFields::parse_json(response.body())?,
    })
}

/// Step 2: the temporary credentials, waiting for the user to authorize them.
///
/// Web applications store this between the redirect and the callback (with the `serde` feature it is
/// `Serialize + Deserialize`). It holds the temporary credentials, which expire within minutes and are
/// useless without the client's secret, the consumer key (which some authorization URLs carry), and
/// never the client's secret or key; still, keep it server-side. `Debug` redacts the temporary secret.
///
/// Its provider always has a 3-legged flow: the constructor and deserialization check.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "StoredPending"))]
pub struct PendingAuthorization {
    provider: Provider,
    consumer_key: String,
    temporary: TokenCredentials,
    callback: String,
}

/// A [`PendingAuthorization`] as stored, before its provider is checked to have a flow.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct StoredPending {
    provider: Provider,
    consumer_key: String,
    temporary: TokenCredentials,
    callback: String,
}

#[cfg(feature = "serde")]
impl TryFrom<StoredPending> for PendingAuthorization {
    type Error = InputError;

    fn try_from(stored: StoredPending) -> Result<Self, InputError> {
        stored.provider.require_flow()?;
        Ok(Self {
            provider: stored.provider,
            consumer_key: stored.consumer_key,
            temporary: stored.temporary,
            callback: stored.callback,
        })
    }
}

/// Options of the authorization URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorizeOptions {
    force_login: bool,
    screen_name: Option<String>,
    params: Vec<(String, String)>,
}

impl AuthorizeOptions {
    /// Makes the provider ask for the user's credentials even if a session exists (`force_login=true`).
    #[must_use]
    pub fn force_login(mut self, force: bool) -> Self {
        self.force_login = force;
        self
    }

    /// Prefills the login form with this screen name (`screen_name=`).
    #[must_use]
    pub fn screen_name(mut self, screen_name: impl Into<String>) -> Self {
        self.screen_name = Some(screen_name.into());
        self
    }

    /// Adds a parameter the provider reads (Flickr's `perms`, Trello's `name`, `expiration` and
    /// `scope`, SmugMug's `Access` and `Permissions`), replacing the preset's default of that name.
    #[must_use]
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }
}

impl PendingAuthorization {
    /// Rebuilds a pending authorization from stored parts (when not using the `serde` feature).
    ///
    /// # Errors
    /// The provider has no 3-legged flow.
    pub fn new(
        provider: Provider,
        consumer_key: &str,
        temporary: TokenCredentials,
        callback: impl Into<String>,
    ) -> Result<Self, InputError> {
        provider.require_flow()?;
        Ok(Self {
            provider,
            consumer_key: consumer_key.into(),
            temporary,
            callback: callback.into(),
        })
    }

    /// The provider's flow, which every pending authorization's provider has.
    fn flow(&self) -> &Flow {
        #[allow(clippy::expect_used)] // Checked by `new`, deserialization and the step that makes one.
        self.provider
            .flow()
            .expect("a pending authorization's provider has a 3-legged flow")
    }

    /// The temporary credentials (the request token and its secret).
    pub fn temporary_credentials(&self) -> &TokenCredentials {
        &self.temporary
    }

    /// The provider.
    pub fn provider(&self) -> &Provider {
        &self.provider
    }

    /// Whether this is the PIN (out-of-band) flow.
    pub fn is_oob(&self) -> bool {
        self.callback == OOB
    }

    /// Where to send the user to authorize the application (`oauth/authorize`: desktop and PIN apps).
    /// Holds the request token (and, where the provider wants it, the consumer key), never a secret.
    pub fn authorize_url(&self, options: &AuthorizeOptions) -> String {
        self.user_url(&self.flow().authorize, options)
    }

    /// Where to send the user to sign in (`oauth/authenticate`: Sign in with Twitter, which skips the
    /// consent page for a user who already authorized the application).
    pub fn authenticate_url(&self, options: &AuthorizeOptions) -> String {
        self.user_url(&self.flow().authenticate, options)
    }

    fn user_url(&self, base: &str, options: &AuthorizeOptions) -> String {
        let query = &self.flow().authorize_query;
        let mut url = String::from(base);
        if let Some(name) = &query.consumer_key_param {
            append_query_param(&mut url, name, &self.consumer_key);
        }
        append_query_param(&mut url, &query.token_param, self.temporary.token());
        if options.force_login {
            append_query_param(&mut url, "force_login", "true");
        }
        if let Some(name) = &options.screen_name {
            append_query_param(&mut url, "screen_name", name);
        }
        let overridden = |name: &str| options.params.iter().any(|(given, _)| given == name);
        for (name, value) in query.extra.iter().filter(|(name, _)| !overridden(name)) {
            append_query_param(&mut url, name, value);
        }
        for (name, value) in &options.params {
            append_query_param(&mut url, name, value);
        }
        url
    }

    /// Completes authorization with what the user brought back: a callback URL (`https://…?oauth_token=…
    /// &oauth_verifier=…`, a custom-scheme URL, or just its query) or, for the PIN flow, the PIN they typed.
    /// Input holding `=`, `?` or `://` is read as a callback (so a URL that lost its query is
    /// [`CallbackError::MissingToken`], not a PIN), anything else as a PIN.
    ///
    /// # Errors
    /// As [`PendingAuthorization::complete_callback`] and [`PendingAuthorization::complete_with_pin`].
    pub fn complete(&self, input: &str) -> Result<Authorized, Error> {
        if input.contains(['=', '?']) || input.contains("://") {
            self.complete_callback(input)
        } else {
            self.complete_with_pin(input)
        }
    }

    /// Completes authorization from the callback URL or its query.
    ///
    /// # Errors
    /// [`Error::Denied`] when the user declined (`denied=`); [`Error::Callback`] when `oauth_token` is
    /// missing or is not this request's token (compared in constant time), when `oauth_verifier` is
    /// missing or empty, a parameter is repeated, or the query is not valid form encoding.
    pub fn complete_callback(&self, callback: &str) -> Result<Authorized, Error> {
        let callback = callback.trim();
        let query = callback.split_once('?').map_or(callback, |(_, query)| query);
        let query = query.split_once('#').map_or(query, |(query, _)| query);
        let (mut token, mut verifier, mut denied) = (None, None, None);
        // An error's offset counts from the start of the query.
        let decode = |part: Range<usize>| {
            form_decode(&query[part.clone()])
                .map_err(|error| CallbackError::BadEncoding(error.offset_by(part.start)))
        };
        for (name, value) in form_pair_offsets(query) {
            let name = decode(name)?;
            let slot = match name.as_ref() {
                "oauth_token" => (&mut token, "oauth_token"),
                "oauth_verifier" => (&mut verifier, "oauth_verifier"),
                "denied" => (&mut denied, "denied"),
                _ => continue,
            };
            if slot.0.is_some() {
                return Err(CallbackError::Repeated(slot.1).into());
            }
            *slot.0 = Some(decode(value)?.into_owned());
        }
        let expected = self.temporary.token().as_bytes();
        if let Some(denied) = denied {
            return Err(if crate::constant_time_eq(denied.as_bytes(), expected) {
                Error::Denied
            } else {
                CallbackError::TokenMismatch.into()
            });
        }
        let token = token.ok_or(CallbackError::MissingToken)?;
        if !crate::constant_time_eq(token.as_bytes(), expected) {
            return Err(CallbackError::TokenMismatch.into());
        }
        match verifier {
            Some(verifier) if !verifier.is_empty() => Ok(self.authorized(Some(verifier))),
            _ if !self.flow().rules.verifier => Ok(self.authorized(None)),
            _ => Err(CallbackError::MissingVerifier.into()),
        }
    }

    /// Completes an OAuth 1.0 flow (Launchpad), where the provider issues no verifier: the user's
    /// approval on the authorization page is all there is.
    ///
    /// # Errors
    /// [`CallbackError::MissingVerifier`] when the provider's flow issues a verifier (OAuth 1.0a): then
    /// the token request must carry it, from [`PendingAuthorization::complete`].
    pub fn approved(&self) -> Result<Authorized, Error> {
        if self.flow().rules.verifier {
            return Err(CallbackError::MissingVerifier.into());
        }
        Ok(self.authorized(None))
    }

    /// Completes the PIN flow with the PIN the user typed (surrounding whitespace is ignored).
    ///
    /// # Errors
    /// [`CallbackError::MissingVerifier`] for an empty PIN.
    pub fn complete_with_pin(&self, pin: &str) -> Result<Authorized, Error> {
        let pin = pin.trim();
        if pin.is_empty() {
            return Err(CallbackError::MissingVerifier.into());
        }
        Ok(self.authorized(Some(pin.into())))
    }

    fn authorized(&self, verifier: Option<String>) -> Authorized {
        Authorized {
            pending: self.clone(),
            verifier: verifier.map(Secret::new),
        }
    }
}

/// The user authorized the temporary credentials: they and the verifier (`oauth_verifier`, or the
/// PIN) are ready to be exchanged for token credentials with an [`AccessTokenRequest`]. Storable like
/// [`PendingAuthorization`]; `Debug` redacts the verifier and the temporary secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Authorized {
    pending: PendingAuthorization,
    /// Absent only where the provider's flow issues none (OAuth 1.0).
    verifier: Option<Secret>,
}

impl Authorized {
    /// The pending authorization this completes.
    pub fn pending(&self) -> &PendingAuthorization {
        &self.pending
    }

    /// The verifier the user brought back (or the PIN they typed); `None` for a provider that issues
    /// none.
    pub fn verifier(&self) -> Option<&Secret> {
        self.verifier.as_ref()
    }
}

/// Step 3: exchange the authorized temporary credentials for token credentials (Twitter's "access
/// token", `POST oauth/access_token`).
///
/// It takes the client credentials (and, through [`AccessTokenRequest::method`], the signature method
/// with its key) here rather than from the stored [`Authorized`] state: the stored state belongs to one
/// user's session and holds no client secret or key, which stay in the application's configuration.
#[derive(Debug, Clone)]
pub struct AccessTokenRequest<'a, M = ProfileMethod> {
    client: &'a ClientCredentials,
    authorized: &'a Authorized,
    method: M,
}

impl<'a> AccessTokenRequest<'a> {
    /// The access-token step for `client`, signed with the method the provider's rules name unless
    /// [`AccessTokenRequest::method`] says otherwise.
    pub fn new(client: &'a ClientCredentials, authorized: &'a Authorized) -> Self {
        Self {
            client,
            authorized,
            method: ProfileMethod::new(authorized.pending.provider.rules().method),
        }
    }
}

impl<'a, M: SignatureMethod> AccessTokenRequest<'a, M> {
    /// Signs with another method.
    pub fn method<N: SignatureMethod>(self, method: N) -> AccessTokenRequest<'a, N> {
        AccessTokenRequest {
            client: self.client,
            authorized: self.authorized,
            method,
        }
    }
}

impl<M: SignatureMethod> Step for AccessTokenRequest<'_, M> {
    type Output = AccessToken;

    /// The signed request to the token-credentials endpoint (`POST` unless the provider says `GET`):
    /// `oauth_token` and `oauth_verifier`, signed with the temporary secret.
    ///
    /// # Errors
    /// The provider's URL is unusable, or the method could not sign.
    fn prepare(&self, nonce: &Nonce, timestamp: Timestamp) -> Result<Request<SensitiveBody>, Error> {
        let pending = &self.authorized.pending;
        let provider = &pending.provider;
        let endpoint = &pending.flow().access_token;
        let mut request = new_request(provider, endpoint, &endpoint.url, "access token URL", Vec::new())?;
        let signer = provider
            .flow_signer(self.client)
            .method(&self.method)
            .token(&pending.temporary);
        match &self.authorized.verifier {
            Some(verifier) => signer
                .verifier(verifier.expose())
                .authorize(&mut request, nonce, timestamp)?,
            None => signer.authorize(&mut request, nonce, timestamp)?,
        }
        Ok(request)
    }

    /// Reads the token credentials and the user's identity.
    ///
    /// # Errors
    /// A provider error status (Twitter answers 401 to a wrong verifier), a malformed body, or a
    /// missing `oauth_token`/`oauth_token_secret`.
    fn parse(&self, response: Response<Vec<u8>>) -> Result<AccessToken, Error> {
        AccessToken::from_response(&self.authorized.pending.provider, &response)
    }
}

/// Renews token credentials that went idle (E*TRADE's `GET oauth/renew_access_token`, which
/// reactivates an access token after two hours without requests), signed with them by the provider's
/// rules.
///
/// ```
/// use oauth1_core::{ClientCredentials, Nonce, Provider, RenewAccessTokenRequest, Step, Timestamp, TokenCredentials};
///
/// let etrade = Provider::etrade(false);
/// let (client, token) = (ClientCredentials::new("key", "secret"), TokenCredentials::new("t", "s"));
/// let step = RenewAccessTokenRequest::new(&etrade, &client, &token)?;
/// let request = step.prepare(&Nonce::new("n")?, Timestamp::from_secs(1_700_000_000))?;
/// assert_eq!(request.method(), "GET");
/// assert_eq!(request.uri(), "https://api.etrade.com/oauth/renew_access_token");
/// assert!(!request.headers()["authorization"].to_str()?.contains("oauth_version"));
/// // A provider without the endpoint says so.
/// assert!(RenewAccessTokenRequest::new(&Provider::twitter(), &client, &token).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct RenewAccessTokenRequest<'a, M = ProfileMethod> {
    provider: &'a Provider,
    client: &'a ClientCredentials,
    token: &'a TokenCredentials,
    endpoint: &'a Endpoint,
    method: M,
}

impl<'a> RenewAccessTokenRequest<'a> {
    /// The renewal of `token` at `provider`.
    ///
    /// # Errors
    /// [`InputProblem::Invalid`] for `renew access token URL` when the provider has no renewal endpoint.
    pub fn new(
        provider: &'a Provider,
        client: &'a ClientCredentials,
        token: &'a TokenCredentials,
    ) -> Result<Self, InputError> {
        let endpoint = provider
            .require_flow()?
            .renew_access_token
            .as_ref()
            .ok_or(InputError::new(
                "renew access token URL",
                InputProblem::Invalid("this provider has no token renewal endpoint"),
            ))?;
        Ok(Self {
            provider,
            client,
            token,
            endpoint,
            method: ProfileMethod::new(provider.rules().method),
        })
    }
}

impl<'a, M: SignatureMethod> RenewAccessTokenRequest<'a, M> {
    /// Signs with another method than the one the provider's rules name.
    pub fn method<N: SignatureMethod>(self, method: N) -> RenewAccessTokenRequest<'a, N> {
        RenewAccessTokenRequest {
            provider: self.provider,
            client: self.client,
            token: self.token,
            endpoint: self.endpoint,
            method,
        }
    }
}

impl<M: SignatureMethod> Step for RenewAccessTokenRequest<'_, M> {
    type Output = ();

    /// The signed request to the renewal endpoint.
    ///
    /// # Errors
    /// The provider's URL is unusable, or the method could not sign.
    fn prepare(&self, nonce: &Nonce, timestamp: Timestamp) -> Result<Request<SensitiveBody>, Error> {
        let endpoint = self.endpoint;
        let mut request = new_request(
            self.provider,
            endpoint,
            &endpoint.url,
            "renew access token URL",
            Vec::new(),
        )?;
        self.provider
            .flow_signer(self.client)
            .method(&self.method)
            .token(self.token)
            .authorize(&mut request, nonce, timestamp)?;
        Ok(request)
    }

    /// A 2xx status is the renewal (E*TRADE answers "Access Token has been renewed").
    ///
    /// # Errors
    /// The provider's error status.
    fn parse(&self, response: Response<Vec<u8>>) -> Result<(), Error> {
        check_status_with(&response, self.provider.rate_limit_headers())
    }
}

/// Twitter's xAuth: token credentials for a username and password, with no redirect (approved
/// applications only). The password travels in the signed form body, over TLS.
#[derive(Clone)]
pub struct XAuthRequest<'a, M = ProfileMethod> {
    provider: &'a Provider,
    client: &'a ClientCredentials,
    username: String,
    password: Secret,
    method: M,
}

impl<'a> XAuthRequest<'a> {
    /// An xAuth request for this user.
    pub fn new(
        provider: &'a Provider,
        client: &'a ClientCredentials,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        Self {
            provider,
            client,
            username: username.into(),
            password: password.into(),
            method: ProfileMethod::new(provider.rules().method),
        }
    }
}

impl<'a, M: SignatureMethod> XAuthRequest<'a, M> {
    /// Signs with another method.
    pub fn method<N: SignatureMethod>(self, method: N) -> XAuthRequest<'a, N> {
        XAuthRequest {
            provider: self.provider,
            client: self.client,
            username: self.username,
            password: self.password,
            method,
        }
    }
}

impl<M: SignatureMethod> Step for XAuthRequest<'_, M> {
    type Output = AccessToken;

    /// `POST oauth/access_token` with `x_auth_mode=client_auth`, `x_auth_username` and
    /// `x_auth_password` in the signed form body.
    ///
    /// # Errors
    /// The provider's URL is unusable, or the method could not sign.
    fn prepare(&self, nonce: &Nonce, timestamp: Timestamp) -> Result<Request<SensitiveBody>, Error> {
        let body = alloc::format!(
            "x_auth_mode=client_auth&x_auth_password={}&x_auth_username={}",
            percent_encode(self.password.expose()),
            percent_encode(&self.username)
        );
        let provider = self.provider;
        let endpoint = &provider.require_flow()?.access_token;
        let mut request = new_request(
            provider,
            endpoint,
            &endpoint.url,
            "access token URL",
            body.into_bytes(),
        )?;
        *request.method_mut() = Method::POST;
        request.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        provider
            .flow_signer(self.client)
            .method(&self.method)
            .authorize(&mut request, nonce, timestamp)?;
        Ok(request)
    }

    /// Reads the token credentials.
    ///
    /// # Errors
    /// As [`AccessTokenRequest`]'s `parse`.
    fn parse(&self, response: Response<Vec<u8>>) -> Result<AccessToken, Error> {
        AccessToken::from_response(self.provider, &response)
    }
}

impl<M> fmt::Debug for XAuthRequest<'_, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XAuthRequest")
            .field("provider", self.provider)
            .field("username", &self.username)
            .field("password", &self.password)
            .finish_non_exhaustive()
    }
}

/// The end of the flow: token credentials, who the user is, and the provider whose rules sign the
/// user's API calls.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    provider: Provider,
    credentials: TokenCredentials,
    user_id: Option<String>,
    screen_name: Option<String>,
    extra: Vec<(String, String)>,
}

impl AccessToken {
    fn from_response(provider: &Provider, response: &Response<Vec<u8>>) -> Result<Self, Error> {
        let mut fields = read_token_response(provider, response)?;
        let token = fields.require("oauth_token")?;
        let secret = fields.require("oauth_token_secret")?;
        Ok(Self {
            provider: provider.clone(),
            credentials: TokenCredentials::new(token, secret),
            user_id: fields.take("user_id"),
            screen_name: fields.take("screen_name"),
            extra: fields.into_vec(),
        })
    }

    /// The token credentials, for signing API calls.
    pub fn credentials(&self) -> &TokenCredentials {
        &self.credentials
    }

    /// Twitter's `user_id`.
    pub fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }

    /// Twitter's `screen_name`.
    pub fn screen_name(&self) -> Option<&str> {
        self.screen_name.as_deref()
    }

    /// Every other field of the response, in order.
    pub fn extra(&self) -> &[(String, String)] {
        &self.extra
    }

    /// A signer for API calls on this user's behalf, by the provider's rules (for an RSA method, give
    /// the key with `.method(…)`).
    pub fn signer<'a>(&'a self, client: &'a ClientCredentials) -> Signer<'a, ProfileMethod> {
        self.provider.signer(client).token(&self.credentials)
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("credentials", &self.credentials)
            .field("user_id", &self.user_id)
            .field("screen_name", &self.screen_name)
            // Values of unknown fields could be secrets: show the names only.
            .field(
                "extra",
                &self.extra.iter().map(|(name, _)| name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callbacks_must_be_oob_or_absolute() {
        for ok in [
            "oob",
            "https://a.example/cb?x=1",
            "twitterclient://callback",
            "myapp:cb",
            "https://a.example/cb?next=%2Fhome%2f",
        ] {
            assert!(validate_callback(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "OOB",
            "/relative",
            "1ab://x",
            "https://a b",
            "noscheme",
            "https:",
        ] {
            assert!(validate_callback(bad).is_err(), "{bad}");
        }
        // A `%` that starts no escape: the provider would send the user to some other URL, or refuse.
        for bad in [
            "https://a.example/%zz",
            "https://a.example/cb?p=100%",
            "myapp://cb#%4",
        ] {
            let error = validate_callback(bad).unwrap_err().to_string();
            assert!(error.contains("two hex digits"), "{bad}: {error}");
        }
        // A URI is ASCII (RFC 3986 §2): the provider would put anything else in a `Location` header,
        // which cannot carry it.
        for bad in [
            "https://a.example/café",
            "https://例え.jp/cb",
            "myapp://cb?name=zoë",
        ] {
            let error = validate_callback(bad).unwrap_err().to_string();
            assert!(
                error.contains("ASCII") && error.contains("%C3%A9"),
                "{bad}: {error}"
            );
        }
        // Out-of-band in another case is refused for what it is.
        let error = validate_callback("OOB").unwrap_err().to_string();
        assert!(error.contains("\"oob\" is case sensitive"), "{error}");
    }
}
