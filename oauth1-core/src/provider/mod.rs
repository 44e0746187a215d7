//! Provider profiles: where a provider's endpoints live and how it bends RFC 5849, as data.

mod method;
mod presets;
mod rules;

use alloc::string::String;
use alloc::vec::Vec;

use http::Uri;

use crate::credentials::ClientCredentials;
use crate::error::{InputError, InputProblem};
use crate::signer::{Placement, Signer};

pub use method::ProfileMethod;
pub use presets::{Preset, PresetInput, netsuite_restlet_url};
pub use rules::{BodyHash, Compat, MethodName, SigningRules};

/// A provider profile: how a provider wants requests signed ([`SigningRules`]), where its 3-legged flow's
/// endpoints are ([`Flow`], absent for one-legged providers such as WooCommerce and Mastercard), and how
/// it reports rate limits. Every flow step and [`Provider::signer`] read it, so nothing provider-specific
/// is hard-coded elsewhere.
///
/// It is plain data: build one with [`Provider::new`] and the `with_*` methods, take a preset
/// ([`Provider::twitter`], [`Provider::netsuite`], …, or a [`Preset`] by name), or deserialize one
/// (feature `serde`).
///
/// Every URL must be `https`, except for loopback hosts (`localhost`, `127.0.0.0/8`, `[::1]`), where tests
/// and local development run. [`Provider::allow_insecure_http`] lifts that check for people who know why.
///
/// ```
/// use oauth1_core::{MethodName, Provider};
///
/// let twitter = Provider::twitter();
/// let flow = twitter.flow().unwrap();
/// assert_eq!(flow.request_token.url, "https://api.twitter.com/oauth/request_token");
///
/// let local = Provider::at_host("http://127.0.0.1:8080").unwrap();
/// assert_eq!(local.flow().unwrap().authenticate, "http://127.0.0.1:8080/oauth/authenticate");
/// assert!(Provider::at_host("http://example.com").is_err());
///
/// let netsuite = Provider::netsuite("123456_SB1").unwrap();
/// assert_eq!(netsuite.rules().method, MethodName::HmacSha256);
/// assert_eq!(netsuite.rules().realm.as_deref(), Some("123456_SB1"));
/// assert_eq!(
///     netsuite.flow().unwrap().request_token.url,
///     "https://123456-sb1.restlets.api.netsuite.com/rest/requesttoken"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "ProviderDocument")
)]
pub struct Provider {
    /// A short name for messages and the command line (`twitter`, `netsuite`, or the user's own).
    name: String,
    flow: Option<Flow>,
    rules: SigningRules,
    api_base: Option<String>,
    rate_limit: RateLimitHeaders,
    allow_insecure_http: bool,
}

/// A provider as a serde document spells it, every part but the flow optional; it becomes a
/// [`Provider`] only once its URLs pass the checks [`Provider::new`] makes, so that a hand-written
/// document is refused naming the field (an authorization URL, which no step sends, included). A key
/// it does not know is refused too, here and in every part: a misspelt one would leave a default in
/// place.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderDocument {
    #[serde(default = "custom_name")]
    name: String,
    #[serde(default)]
    flow: Option<Flow>,
    #[serde(default)]
    rules: SigningRules,
    #[serde(default)]
    api_base: Option<String>,
    #[serde(default)]
    rate_limit: RateLimitHeaders,
    #[serde(default)]
    allow_insecure_http: bool,
}

#[cfg(feature = "serde")]
impl TryFrom<ProviderDocument> for Provider {
    type Error = InputError;

    fn try_from(document: ProviderDocument) -> Result<Self, InputError> {
        let provider = Self {
            name: document.name,
            flow: document.flow,
            rules: document.rules,
            api_base: document
                .api_base
                .map(|base| String::from(base.trim_end_matches('/'))),
            rate_limit: document.rate_limit,
            allow_insecure_http: document.allow_insecure_http,
        };
        provider.validate()?;
        Ok(provider)
    }
}

#[cfg(feature = "serde")]
fn custom_name() -> String {
    String::from(CUSTOM)
}

/// The name of a provider built from its URLs.
const CUSTOM: &str = "custom";

/// The 3-legged flow's endpoints (RFC 5849 §2) and how the provider spells them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct Flow {
    /// Temporary credentials (Twitter's `oauth/request_token`).
    pub request_token: Endpoint,
    /// The page the user authorizes the application on (`oauth/authorize`).
    pub authorize: String,
    /// The sign-in page (Twitter's `oauth/authenticate`); the authorization page where there is none.
    pub authenticate: String,
    /// Token credentials (`oauth/access_token`).
    pub access_token: Endpoint,
    /// Token renewal, where the provider has it (E*TRADE's `oauth/renew_access_token`).
    #[cfg_attr(feature = "serde", serde(default))]
    pub renew_access_token: Option<Endpoint>,
    /// How the authorization URL carries the request token.
    #[cfg_attr(feature = "serde", serde(default))]
    pub authorize_query: AuthorizeQuery,
    /// Where the handshake departs from OAuth 1.0a.
    #[cfg_attr(feature = "serde", serde(default))]
    pub rules: FlowRules,
}

impl Flow {
    /// Twitter's endpoints under `origin` (`{origin}/oauth/request_token`, `…/authorize`,
    /// `…/authenticate`, `…/access_token`, all `POST` but the pages), not yet checked: a provider checks
    /// them when given the flow ([`Provider::with_flow`]).
    pub fn twitter_paths(origin: &str) -> Self {
        let origin = origin.trim_end_matches('/');
        let mut flow = Self::new(
            Endpoint::post(alloc::format!("{origin}/oauth/request_token")),
            &alloc::format!("{origin}/oauth/authorize"),
            Endpoint::post(alloc::format!("{origin}/oauth/access_token")),
        );
        flow.authenticate = alloc::format!("{origin}/oauth/authenticate");
        flow
    }

    /// A flow with these endpoints; the sign-in page is the authorization page, and the rest is
    /// OAuth 1.0a as RFC 5849 and Twitter spell it.
    pub fn new(request_token: Endpoint, authorize: &str, access_token: Endpoint) -> Self {
        Self {
            request_token,
            authorize: authorize.into(),
            authenticate: authorize.into(),
            access_token,
            renew_access_token: None,
            authorize_query: AuthorizeQuery::default(),
            rules: FlowRules::default(),
        }
    }
}

/// One endpoint: its URL and the HTTP method it is called with.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct Endpoint {
    /// The absolute URL.
    pub url: String,
    /// `POST` (RFC 5849's examples, Twitter) or `GET` (E*TRADE, Flickr).
    #[cfg_attr(feature = "serde", serde(default))]
    pub method: EndpointMethod,
}

impl Endpoint {
    /// `POST url`.
    pub fn post(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            method: EndpointMethod::Post,
        }
    }

    /// `GET url`.
    pub fn get(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            method: EndpointMethod::Get,
        }
    }
}

/// The HTTP method of a token endpoint.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "UPPERCASE"))]
pub enum EndpointMethod {
    /// `GET`.
    Get,
    /// `POST`, the default.
    #[default]
    Post,
}

impl EndpointMethod {
    /// As `http`'s method.
    pub fn as_http(self) -> http::Method {
        match self {
            Self::Get => http::Method::GET,
            Self::Post => http::Method::POST,
        }
    }
}

/// How the authorization URL carries the request token, and what else it holds.
///
/// ```
/// use oauth1_core::provider::AuthorizeQuery;
///
/// // E*TRADE: `…/authorize?key=<consumer key>&token=<request token>`.
/// let etrade = AuthorizeQuery::default().token_param("token").consumer_key_param("key");
/// assert_eq!(etrade.token_param, "token");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[non_exhaustive]
pub struct AuthorizeQuery {
    /// The request token's parameter name: `oauth_token` (RFC 5849 §2.2), `token` at E*TRADE.
    pub token_param: String,
    /// A parameter carrying the consumer key, placed before the token (E*TRADE's `key`).
    pub consumer_key_param: Option<String>,
    /// Parameters every authorization URL carries, such as Flickr's `perms=read`; an
    /// [`AuthorizeOptions::param`](crate::AuthorizeOptions::param) of the same name replaces one.
    pub extra: Vec<(String, String)>,
}

impl Default for AuthorizeQuery {
    fn default() -> Self {
        Self {
            token_param: String::from("oauth_token"),
            consumer_key_param: None,
            extra: Vec::new(),
        }
    }
}

impl AuthorizeQuery {
    /// Names the request token's parameter.
    #[must_use]
    pub fn token_param(mut self, name: &str) -> Self {
        self.token_param = name.into();
        self
    }

    /// Adds the consumer key under `name`.
    #[must_use]
    pub fn consumer_key_param(mut self, name: &str) -> Self {
        self.consumer_key_param = Some(name.into());
        self
    }

    /// Adds a fixed parameter.
    #[must_use]
    pub fn extra(mut self, name: &str, value: &str) -> Self {
        self.extra.push((name.into(), value.into()));
        self
    }
}

/// Where a provider's flow departs from OAuth 1.0a's handshake.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[non_exhaustive]
pub struct FlowRules {
    /// Whether the temporary-credentials response must say `oauth_callback_confirmed=true` (OAuth 1.0a,
    /// the default). E*TRADE says `false` unless a callback is registered; OAuth 1.0 providers
    /// (Launchpad) and Magento do not send it.
    pub callback_confirmed: bool,
    /// Whether the provider hands the user a verifier (OAuth 1.0a, the default) that the token request
    /// must carry. OAuth 1.0 providers (Launchpad) issue none: the user's approval is enough.
    pub verifier: bool,
    /// How the token responses are encoded.
    pub token_format: TokenFormat,
    /// Where the token requests put the protocol parameters, when not where the API's requests do
    /// ([`SigningRules::placement`]): Launchpad takes them in the form body of its token requests but
    /// only in the header from its API. `None` (the default): the same place.
    pub placement: Option<Placement>,
}

/// How a provider encodes its token responses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum TokenFormat {
    /// `application/x-www-form-urlencoded`, as RFC 5849 §2.1 says and every preset's provider answers.
    #[default]
    Form,
    /// A flat JSON object (`{"oauth_token": "…", "oauth_token_secret": "…"}`), as some custom providers
    /// answer.
    Json,
}

impl Default for FlowRules {
    fn default() -> Self {
        Self {
            callback_confirmed: true,
            verifier: true,
            token_format: TokenFormat::Form,
            placement: None,
        }
    }
}

/// The response headers a provider reports its rate limits in (Twitter's `x-rate-limit-*` by default).
/// An absent name is a figure the provider does not send.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[non_exhaustive]
pub struct RateLimitHeaders {
    /// Requests allowed per window.
    pub limit: Option<String>,
    /// Requests left in the window.
    pub remaining: Option<String>,
    /// When the window resets, in seconds since the Unix epoch.
    pub reset: Option<String>,
}

impl Default for RateLimitHeaders {
    fn default() -> Self {
        Self::named(
            Some("x-rate-limit-limit"),
            Some("x-rate-limit-remaining"),
            Some("x-rate-limit-reset"),
        )
    }
}

impl RateLimitHeaders {
    /// Headers by these names.
    pub fn named(limit: Option<&str>, remaining: Option<&str>, reset: Option<&str>) -> Self {
        Self {
            limit: limit.map(String::from),
            remaining: remaining.map(String::from),
            reset: reset.map(String::from),
        }
    }
}

impl Provider {
    /// Twitter/X: `https://api.twitter.com/oauth/{request_token,authorize,authenticate,access_token}`,
    /// HMAC-SHA1 in the `Authorization` header. [`Provider::x`] is the same at `api.x.com`.
    pub fn twitter() -> Self {
        Self::with_twitter_paths("https://api.twitter.com")
            .with_name("twitter")
            .set_api_base("https://api.twitter.com")
    }

    /// A provider with Twitter's paths under another origin, such as a local test provider:
    /// `{origin}/oauth/request_token` and so on, signed as Twitter signs.
    ///
    /// # Errors
    /// The origin is not an absolute URL, holds a query or a fragment, or is plain `http` to a host
    /// that is not loopback.
    pub fn at_host(origin: &str) -> Result<Self, InputError> {
        Self::without_flow(CUSTOM, SigningRules::default()).with_host(origin)
    }

    /// Twitter's paths under `origin` as this provider's flow, and `origin` as its API base: what
    /// [`Provider::at_host`] makes, for a provider built otherwise (one that allows plain `http`).
    ///
    /// # Errors
    /// `origin` holds a query or a fragment (the paths are appended to it), or is not an absolute
    /// URL, or is plain `http` to a host that is not loopback unless this provider allows it.
    pub fn with_host(self, origin: &str) -> Result<Self, InputError> {
        let origin = base_url(origin, "host")?;
        let provider = self.set_flow(Flow::twitter_paths(origin)).set_api_base(origin);
        provider.validate()?;
        Ok(provider)
    }

    /// Twitter's four paths under `origin`, not yet validated.
    fn with_twitter_paths(origin: &str) -> Self {
        Self::without_flow(CUSTOM, SigningRules::default()).set_flow(Flow::twitter_paths(origin))
    }

    /// A provider from its three endpoints, all called with `POST`; the sign-in (`authenticate`) URL
    /// defaults to the authorization URL, and the signing rules to RFC 5849 with HMAC-SHA1 in the header.
    ///
    /// # Errors
    /// A URL is not absolute `http`/`https`, or is plain `http` to a host that is not loopback.
    pub fn new(request_token: &str, authorize: &str, access_token: &str) -> Result<Self, InputError> {
        let provider = Self::unchecked(request_token.into(), authorize.into(), access_token.into());
        provider.validate()?;
        Ok(provider)
    }

    /// A provider without a 3-legged flow (yet: see [`Provider::with_flow`]), whose requests are signed
    /// by `rules` with the client credentials alone (two-legged or "one-legged" OAuth: WooCommerce,
    /// Mastercard) or with tokens issued some other way (Magento's integration tokens).
    pub fn without_flow(name: &str, rules: SigningRules) -> Self {
        Self {
            name: name.into(),
            flow: None,
            rules,
            api_base: None,
            rate_limit: RateLimitHeaders::default(),
            allow_insecure_http: false,
        }
    }

    /// The three endpoints with every default, not yet validated.
    fn unchecked(request_token: String, authorize: String, access_token: String) -> Self {
        Self::without_flow(CUSTOM, SigningRules::default()).set_flow(Flow::new(
            Endpoint::post(request_token),
            &authorize,
            Endpoint::post(access_token),
        ))
    }

    /// Gives the provider this 3-legged flow.
    ///
    /// # Errors
    /// As [`Provider::new`].
    pub fn with_flow(self, flow: Flow) -> Result<Self, InputError> {
        let provider = self.set_flow(flow);
        provider.validate()?;
        Ok(provider)
    }

    /// [`Provider::with_flow`] for URLs known to be valid.
    fn set_flow(mut self, flow: Flow) -> Self {
        self.flow = Some(flow);
        self
    }

    /// Sets the sign-in URL (Twitter's `oauth/authenticate`).
    ///
    /// # Errors
    /// As [`Provider::new`], and [`InputProblem::Invalid`] when the provider has no 3-legged flow.
    pub fn with_authenticate_url(mut self, authenticate: &str) -> Result<Self, InputError> {
        self.flow_mut()?.authenticate = authenticate.into();
        self.validate()?;
        Ok(self)
    }

    /// Signs by these rules.
    #[must_use]
    pub fn with_rules(mut self, rules: SigningRules) -> Self {
        self.rules = rules;
        self
    }

    /// Reads rate limits from these headers.
    #[must_use]
    pub fn with_rate_limit_headers(mut self, headers: RateLimitHeaders) -> Self {
        self.rate_limit = headers;
        self
    }

    /// Names the provider (for messages and the command line).
    #[must_use]
    pub fn with_name(mut self, name: &str) -> Self {
        self.name = name.into();
        self
    }

    /// Sets the origin (and path prefix) of the provider's API, which a relative request path on the
    /// command line is joined to; a trailing `/` is dropped.
    ///
    /// # Errors
    /// `api_base` is not an absolute `https` URL (or `http` to a loopback host, or to any host after
    /// [`Provider::allow_insecure_http`]), or holds a query or a fragment, which the paths appended
    /// to it would end up in.
    pub fn with_api_base(self, api_base: &str) -> Result<Self, InputError> {
        let base = checked_base(api_base, API_BASE, self.allow_insecure_http)?;
        Ok(self.set_api_base(base))
    }

    /// Sets the API base without checking it: a preset's, built from a checked or constant URL.
    fn set_api_base(mut self, api_base: &str) -> Self {
        self.api_base = Some(api_base.trim_end_matches('/').into());
        self
    }

    /// Allows plain `http` to any host. Credentials and tokens then cross the network in the clear,
    /// readable and replayable by anyone on the path: only for a provider reached through a channel that
    /// is already secure (a tunnel, a sidecar proxy).
    #[must_use]
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// The provider's short name: a preset's (`twitter`, `netsuite`, …) or `custom`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The 3-legged flow's endpoints; `None` for a one-legged provider.
    pub fn flow(&self) -> Option<&Flow> {
        self.flow.as_ref()
    }

    /// The 3-legged flow's endpoints, to change (the URLs are checked again when the flow starts,
    /// [`TemporaryCredentialsRequest::new`](crate::TemporaryCredentialsRequest::new), and when a step
    /// sends to them).
    ///
    /// # Errors
    /// [`InputProblem::Invalid`] for the field `provider` when the provider has no 3-legged flow.
    pub fn flow_mut(&mut self) -> Result<&mut Flow, InputError> {
        self.flow.as_mut().ok_or_else(no_flow)
    }

    /// The flow, for a step that needs it.
    pub(crate) fn require_flow(&self) -> Result<&Flow, InputError> {
        self.flow.as_ref().ok_or_else(no_flow)
    }

    /// How requests are signed.
    pub fn rules(&self) -> &SigningRules {
        &self.rules
    }

    /// How requests are signed, to change.
    pub fn rules_mut(&mut self) -> &mut SigningRules {
        &mut self.rules
    }

    /// The origin (and path prefix) of the provider's API, where the preset knows it.
    pub fn api_base(&self) -> Option<&str> {
        self.api_base.as_deref()
    }

    /// Where rate limits are reported.
    pub fn rate_limit_headers(&self) -> &RateLimitHeaders {
        &self.rate_limit
    }

    /// A signer for `client` by this provider's rules, with the method they name. For an RSA method,
    /// give the key: `.method(Rsa::sha1(&key))` (until then, signing fails and says so). A provider
    /// that [allows insecure http](Self::allow_insecure_http) lets PLAINTEXT go over it too.
    ///
    /// ```
    /// use oauth1_core::{ClientCredentials, Nonce, Provider, Timestamp, TokenCredentials};
    ///
    /// let netsuite = Provider::netsuite("123456").unwrap();
    /// let client = ClientCredentials::new("consumer key", "consumer secret");
    /// let token = TokenCredentials::new("token id", "token secret");
    /// let mut request = http::Request::get("https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40")
    ///     .body(())
    ///     .unwrap();
    /// netsuite
    ///     .signer(&client)
    ///     .token(&token)
    ///     .authorize(&mut request, &Nonce::new("n").unwrap(), Timestamp::from_secs(1))
    ///     .unwrap();
    /// let header = request.headers()["authorization"].to_str().unwrap();
    /// assert!(header.starts_with("OAuth realm=\"123456\", "));
    /// assert!(header.contains("oauth_signature_method=\"HMAC-SHA256\""));
    /// ```
    pub fn signer<'a>(&'a self, client: &'a ClientCredentials) -> Signer<'a, ProfileMethod> {
        let signer = Signer::new(client)
            .rules(&self.rules)
            .method(ProfileMethod::new(self.rules.method));
        // Plain http was allowed on purpose: PLAINTEXT may go over it too.
        if self.allow_insecure_http {
            return signer.allow_plaintext_over_http();
        }
        signer
    }

    /// A signer for the flow's token requests: [`Provider::signer`], with the parameters where the
    /// flow's rules put them.
    pub(crate) fn flow_signer<'a>(&'a self, client: &'a ClientCredentials) -> Signer<'a, ProfileMethod> {
        let placement = self.flow.as_ref().and_then(|flow| flow.rules.placement);
        let signer = self.signer(client);
        match placement {
            Some(placement) => signer.placement(placement),
            None => signer,
        }
    }

    /// Checks every URL the provider holds, as [`Provider::new`] does.
    pub(crate) fn validate(&self) -> Result<(), InputError> {
        if let Some(flow) = &self.flow {
            self.endpoint(&flow.request_token.url, "request token URL")?;
            self.endpoint(&flow.authorize, "authorize URL")?;
            self.endpoint(&flow.authenticate, "authenticate URL")?;
            self.endpoint(&flow.access_token.url, "access token URL")?;
            if let Some(renew) = &flow.renew_access_token {
                self.endpoint(&renew.url, "renew access token URL")?;
            }
        }
        if let Some(api_base) = &self.api_base {
            checked_base(api_base, API_BASE, self.allow_insecure_http)?;
        }
        Ok(())
    }

    /// Parses one endpoint and enforces the https rule.
    pub(crate) fn endpoint(&self, url: &str, field: &'static str) -> Result<Uri, InputError> {
        checked_endpoint(url, field, self.allow_insecure_http)
    }
}

/// `base` without a trailing `/`, refused when it holds a query or a fragment: paths are appended to
/// it, and would end up in that query (`https://h/?a=1/oauth/request_token`) or be dropped with the
/// fragment, so that every request went to the base itself.
pub(crate) fn base_url<'u>(base: &'u str, field: &'static str) -> Result<&'u str, InputError> {
    let base = base.trim_end_matches('/');
    if base.contains(['?', '#']) {
        let why = "must not hold a query or a fragment: paths are appended to it";
        return Err(InputError::new(field, InputProblem::Invalid(why)));
    }
    Ok(base)
}

/// `base` without a trailing `/`, checked to be `https` (or loopback `http`, or any `http` when
/// `allow_insecure_http`).
pub(crate) fn checked_base<'u>(
    base: &'u str,
    field: &'static str,
    allow_insecure_http: bool,
) -> Result<&'u str, InputError> {
    let base = base_url(base, field)?;
    checked_endpoint(base, field, allow_insecure_http)?;
    Ok(base)
}

/// The field name of [`Provider::with_api_base`]'s URL in errors.
const API_BASE: &str = "API base";

/// Why a step cannot run on a provider without a flow.
fn no_flow() -> InputError {
    let why = "has no 3-legged flow: it signs with the client credentials alone";
    InputError::new("provider", InputProblem::Invalid(why))
}

/// Parses one endpoint URL and enforces the https rule: `https`, or `http` to a loopback host, or to
/// any host when `allow_insecure_http`.
pub(crate) fn checked_endpoint(
    url: &str,
    field: &'static str,
    allow_insecure_http: bool,
) -> Result<Uri, InputError> {
    // `http` drops a fragment without a word; in an endpoint it would hold what is appended to it
    // (the authorization page's `oauth_token`), which is then never sent.
    if url.contains('#') {
        let why = "must not hold a fragment: it is never sent";
        return Err(InputError::new(field, InputProblem::Invalid(why)));
    }
    let uri: Uri = url
        .parse()
        .map_err(|_| InputError::new(field, InputProblem::Invalid("not a URL")))?;
    let (Some(scheme), Some(host)) = (uri.scheme_str(), uri.host()) else {
        return Err(InputError::new(field, InputProblem::NotAbsolute));
    };
    if scheme.eq_ignore_ascii_case("https") {
        return Ok(uri);
    }
    if !scheme.eq_ignore_ascii_case("http") {
        return Err(InputError::new(field, InputProblem::UnsupportedScheme));
    }
    if allow_insecure_http || is_loopback(host) {
        Ok(uri)
    } else {
        Err(InputError::new(field, InputProblem::Insecure))
    }
}

/// `localhost`, `127.0.0.0/8` or `[::1]`.
pub fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") || host == "[::1]" {
        return true;
    }
    host.parse::<core::net::Ipv4Addr>()
        .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_required_except_for_loopback_or_opt_out() {
        for ok in [
            "https://example.com",
            "http://localhost:1",
            "http://127.0.0.9",
            "http://[::1]:80",
        ] {
            assert!(Provider::at_host(ok).is_ok(), "{ok}");
        }
        let err = Provider::at_host("http://example.com").unwrap_err();
        assert_eq!(
            (err.field(), err.problem()),
            ("request token URL", &InputProblem::Insecure)
        );
        assert!(Provider::at_host("http://127.example.com").is_err());
        assert!(Provider::at_host("ftp://example.com").is_err());
        let lenient = Provider::twitter().allow_insecure_http();
        assert!(
            Provider::twitter()
                .with_authenticate_url("http://example.com/x")
                .is_err()
        );
        assert!(lenient.endpoint("http://example.com/x", "x").is_ok());
        // A fragment is never sent: an authorization page's would swallow its `oauth_token`.
        let err = Provider::new(
            "https://h.example/rt",
            "https://h.example/authorize#top",
            "https://h.example/at",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "authorize URL is invalid: must not hold a fragment: it is never sent"
        );
    }

    #[test]
    fn a_base_url_with_a_query_or_fragment_is_refused() {
        let refused = |result: Result<Provider, InputError>| {
            let err = result.unwrap_err();
            assert!(
                matches!(err.problem(), InputProblem::Invalid(why) if why.contains("query or a fragment")),
                "{err}"
            );
            err.field().to_owned()
        };
        for base in [
            "https://h.example/?a=1",
            "https://h.example#f",
            "https://h.example/x?",
        ] {
            assert_eq!(refused(Provider::at_host(base)), "host", "{base}");
            assert_eq!(refused(Provider::atlassian(base)), "base URL", "{base}");
            assert_eq!(refused(Provider::magento(base)), "Magento base URL", "{base}");
            assert_eq!(
                refused(Provider::woocommerce(base)),
                "WooCommerce base URL",
                "{base}"
            );
        }
        let lenient = Provider::without_flow("custom", SigningRules::default()).allow_insecure_http();
        assert_eq!(
            refused(lenient.clone().with_host("http://h.example/?a=1")),
            "host"
        );
        // A path is a base like any other; a trailing `/` is dropped.
        let provider = lenient.with_host("http://h.example/api/").unwrap();
        assert_eq!(provider.api_base(), Some("http://h.example/api"));
        assert_eq!(
            provider.flow().unwrap().request_token.url,
            "http://h.example/api/oauth/request_token"
        );
    }
}
