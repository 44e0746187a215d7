//! The providers that still speak OAuth 1.0a, each as a [`Provider`] built from what varies per user.
//!
//! Every preset states its rules from the provider's own documentation; `tests/tests/presets.rs`
//! checks each against the provider's published example where there is one, and pins the exact
//! request it prepares where there is none.

use alloc::format;
use alloc::string::String;
use core::fmt;

use super::{AuthorizeQuery, Endpoint, Flow, FlowRules, Provider, RateLimitHeaders, checked_base};
use crate::error::{InputError, InputProblem};
use crate::provider::{BodyHash, Compat, MethodName, SigningRules};
use crate::signer::Placement;

impl Provider {
    /// X (formerly Twitter) at `api.x.com`: Twitter's paths and rules.
    pub fn x() -> Self {
        Self::with_twitter_paths("https://api.x.com")
            .with_name("x")
            .set_api_base("https://api.x.com")
    }

    /// Atlassian Jira or Confluence Server / Data Center at `base_url` (such as
    /// `https://jira.example.com` or `https://example.com/confluence`): RSA-SHA1 with the application
    /// link's private key (the consumer secret is empty), at `/plugins/servlet/oauth/request-token`,
    /// `…/authorize` and `…/access-token`.
    ///
    /// # Errors
    /// `base_url` is not an absolute `https` URL (or loopback `http`), or holds a query or a fragment.
    pub fn atlassian(base_url: &str) -> Result<Self, InputError> {
        let base = super::base_url(base_url, "base URL")?;
        let servlet = format!("{base}/plugins/servlet/oauth");
        let provider = Self::unchecked(
            format!("{servlet}/request-token"),
            format!("{servlet}/authorize"),
            format!("{servlet}/access-token"),
        )
        .with_name("jira")
        .set_api_base(base)
        .with_rules(SigningRules::with_method(MethodName::RsaSha1));
        provider.validate()?;
        Ok(provider)
    }

    /// NetSuite token-based authentication for `account_id` as NetSuite shows it (`123456`, or
    /// `123456_SB1` for a sandbox): HMAC-SHA256 with `realm` = the account id (upper case, `_`), the
    /// account's host name (lower case, `-`: `123456-sb1`) in every URL, the TBA flow's
    /// `/rest/requesttoken`, `authorizetoken.nl` and `/rest/accesstoken`, and REST web services as the
    /// API base (RESTlets: [`netsuite_restlet_url`]).
    ///
    /// # Errors
    /// The account id is empty or holds characters other than ASCII letters, digits, `_` and `-`.
    pub fn netsuite(account_id: &str) -> Result<Self, InputError> {
        let host = netsuite_host(account_id)?;
        let realm = account_id.to_ascii_uppercase().replace('-', "_");
        let mut provider = Self::unchecked(
            format!("https://{host}.restlets.api.netsuite.com/rest/requesttoken"),
            format!("https://{host}.app.netsuite.com/app/login/secure/authorizetoken.nl"),
            format!("https://{host}.restlets.api.netsuite.com/rest/accesstoken"),
        )
        .with_name("netsuite")
        .set_api_base(&format!(
            "https://{host}.suitetalk.api.netsuite.com/services/rest"
        ));
        provider.rules = SigningRules {
            realm: Some(realm),
            ..SigningRules::with_method(MethodName::HmacSha256)
        };
        Ok(provider)
    }

    /// Magento 2 / Adobe Commerce at `base_url`: HMAC-SHA256 (required since 2.4.4), API calls signed
    /// with an integration's four credentials (consumer key and secret, access token and secret, issued
    /// in the admin), so there is no user-facing flow; the API base is `{base_url}/rest`; the base
    /// string its server computes ([`Compat::Magento`]: `searchCriteria[…][10]` after `[9]`).
    ///
    /// # Errors
    /// `base_url` is not an absolute `https` URL (or loopback `http`), or holds a query or a fragment.
    pub fn magento(base_url: &str) -> Result<Self, InputError> {
        let base = checked_base(base_url, "Magento base URL", false)?;
        Ok(Self::without_flow(
            "magento",
            SigningRules {
                compat: Compat::Magento,
                ..SigningRules::with_method(MethodName::HmacSha256)
            },
        )
        .set_api_base(&format!("{base}/rest")))
    }

    /// WooCommerce's REST API at `base_url`, signed "one-legged" (consumer key and secret, no token),
    /// HMAC-SHA256, with the parameters in the query as WooCommerce documents for plain-`http` stores,
    /// and the base string its server computes ([`Compat::WooCommerce`]: array parameters such as
    /// `include[]` as PHP reads them; a multipart body's text fields signed, as PHP's `$_POST` holds
    /// them). The API base is `{base_url}/wp-json/wc/v3`.
    ///
    /// # Errors
    /// `base_url` is not an absolute `http` or `https` URL, or holds a query or a fragment.
    pub fn woocommerce(base_url: &str) -> Result<Self, InputError> {
        // WooCommerce uses OAuth precisely where a store has no TLS, so plain http is allowed here.
        let base = checked_base(base_url, "WooCommerce base URL", true)?;
        let rules = SigningRules {
            placement: Placement::Query,
            compat: Compat::WooCommerce,
            // PHP puts a multipart body's text fields in `$_POST`, which WooCommerce signs.
            multipart_fields: true,
            ..SigningRules::with_method(MethodName::HmacSha256)
        };
        Ok(Self::without_flow("woocommerce", rules)
            .set_api_base(&format!("{base}/wp-json/wc/v3"))
            .allow_insecure_http())
    }

    /// E*TRADE (`sandbox`: `apisb.etrade.com`): HMAC-SHA1 without `oauth_version` and with an empty
    /// `realm`, as its examples send; `GET` for the token endpoints and for
    /// `oauth/renew_access_token`; the authorization page `us.etrade.com/e/t/etws/authorize?key=…&token=…`;
    /// the callback is always `oob`, and `oauth_callback_confirmed` is `false` unless a callback is
    /// registered.
    pub fn etrade(sandbox: bool) -> Self {
        let api = if sandbox {
            "https://apisb.etrade.com"
        } else {
            "https://api.etrade.com"
        };
        let mut flow = Flow::new(
            Endpoint::get(format!("{api}/oauth/request_token")),
            "https://us.etrade.com/e/t/etws/authorize",
            Endpoint::get(format!("{api}/oauth/access_token")),
        );
        flow.renew_access_token = Some(Endpoint::get(format!("{api}/oauth/renew_access_token")));
        flow.authorize_query = AuthorizeQuery::default()
            .token_param("token")
            .consumer_key_param("key");
        flow.rules.callback_confirmed = false;
        Self::without_flow(
            if sandbox { "etrade-sandbox" } else { "etrade" },
            SigningRules {
                realm: Some(String::new()),
                version: false,
                ..SigningRules::default()
            },
        )
        .set_api_base(api)
        .set_flow(flow)
    }

    /// Discogs: PLAINTEXT in the header (as its guide does; HMAC-SHA1 works too), `GET
    /// oauth/request_token`, and its `X-Discogs-Ratelimit*` headers.
    pub fn discogs() -> Self {
        let flow = Flow::new(
            Endpoint::get("https://api.discogs.com/oauth/request_token"),
            "https://www.discogs.com/oauth/authorize",
            Endpoint::post("https://api.discogs.com/oauth/access_token"),
        );
        Self::without_flow("discogs", SigningRules::with_method(MethodName::Plaintext))
            .set_flow(flow)
            .set_api_base("https://api.discogs.com")
            .with_rate_limit_headers(RateLimitHeaders::named(
                Some("x-discogs-ratelimit"),
                Some("x-discogs-ratelimit-remaining"),
                None,
            ))
    }

    /// Flickr: HMAC-SHA1 with the parameters in the query and `GET` for the token endpoints, as its
    /// "User Authentication" guide does; the authorization URL asks for `perms=read` unless
    /// [`AuthorizeOptions::param`](crate::AuthorizeOptions::param) says `write` or `delete`. An
    /// upload's text fields are signed, its photo not
    /// ([`Signer::authorize_multipart`](crate::Signer::authorize_multipart)).
    pub fn flickr() -> Self {
        let mut flow = Flow::new(
            Endpoint::get("https://www.flickr.com/services/oauth/request_token"),
            "https://www.flickr.com/services/oauth/authorize",
            Endpoint::get("https://www.flickr.com/services/oauth/access_token"),
        );
        flow.authorize_query = AuthorizeQuery::default().extra("perms", "read");
        let rules = SigningRules {
            placement: Placement::Query,
            // "All other POST parameters" than the photo are signed ("Uploading Photos").
            multipart_fields: true,
            ..SigningRules::default()
        };
        Self::without_flow("flickr", rules)
            .set_flow(flow)
            .set_api_base("https://www.flickr.com/services/rest")
    }

    /// Tumblr: HMAC-SHA1 in the header, `www.tumblr.com/oauth/*`, API at `api.tumblr.com`.
    pub fn tumblr() -> Self {
        Self::unchecked(
            "https://www.tumblr.com/oauth/request_token".into(),
            "https://www.tumblr.com/oauth/authorize".into(),
            "https://www.tumblr.com/oauth/access_token".into(),
        )
        .with_name("tumblr")
        .set_api_base("https://api.tumblr.com")
    }

    /// SmugMug: HMAC-SHA1, `services/oauth/1.0a/*`; the authorization URL asks for `Access=Public` and
    /// `Permissions=Read` unless [`AuthorizeOptions::param`](crate::AuthorizeOptions::param) says
    /// otherwise (`Full`; `Add`, `Modify`).
    pub fn smugmug() -> Self {
        let mut flow = Flow::new(
            Endpoint::post("https://api.smugmug.com/services/oauth/1.0a/getRequestToken"),
            "https://api.smugmug.com/services/oauth/1.0a/authorize",
            Endpoint::post("https://api.smugmug.com/services/oauth/1.0a/getAccessToken"),
        );
        flow.authorize_query = AuthorizeQuery::default()
            .extra("Access", "Public")
            .extra("Permissions", "Read");
        Self::without_flow("smugmug", SigningRules::default())
            .set_flow(flow)
            .set_api_base("https://api.smugmug.com/api/v2")
    }

    /// Trello: HMAC-SHA1, `trello.com/1/OAuth*`; the authorization URL carries `name`, `expiration`
    /// (`30days` unless told) and `scope` (`read` unless told), set with
    /// [`AuthorizeOptions::param`](crate::AuthorizeOptions::param).
    pub fn trello() -> Self {
        let mut flow = Flow::new(
            Endpoint::post("https://trello.com/1/OAuthGetRequestToken"),
            "https://trello.com/1/OAuthAuthorizeToken",
            Endpoint::post("https://trello.com/1/OAuthGetAccessToken"),
        );
        flow.authorize_query = AuthorizeQuery::default()
            .extra("expiration", "30days")
            .extra("scope", "read");
        Self::without_flow("trello", SigningRules::default())
            .set_flow(flow)
            .set_api_base("https://api.trello.com/1")
    }

    /// Launchpad: PLAINTEXT with an empty consumer secret and OAuth 1.0's handshake (no
    /// `oauth_callback_confirmed`, no verifier: complete with
    /// [`PendingAuthorization::approved`](crate::PendingAuthorization::approved)). Its "Signing Web
    /// Service Requests" guide sends the token requests as form bodies, and API requests with the
    /// parameters in the header, `realm="https://api.launchpad.net/"` (the API ignores them anywhere
    /// else).
    pub fn launchpad() -> Self {
        let mut flow = Flow::new(
            Endpoint::post("https://launchpad.net/+request-token"),
            "https://launchpad.net/+authorize-token",
            Endpoint::post("https://launchpad.net/+access-token"),
        );
        flow.rules = FlowRules {
            callback_confirmed: false,
            verifier: false,
            placement: Some(Placement::Body),
            ..FlowRules::default()
        };
        let rules = SigningRules {
            realm: Some("https://api.launchpad.net/".into()),
            ..SigningRules::with_method(MethodName::Plaintext)
        };
        Self::without_flow("launchpad", rules)
            .set_flow(flow)
            .set_api_base("https://api.launchpad.net/1.0")
    }

    /// An LTI 1.1 launch, as a tool consumer (a learning platform) sends it to a tool: HMAC-SHA1, every
    /// parameter in the form body of the launch `POST`, no token and no 3-legged flow (the launch URL is
    /// the tool's, given with each request). Moodle, Sakai and Canvas add `oauth_callback=about:blank`
    /// to the launch's fields; it is signed as any field the body holds. The tool verifies a launch with
    /// [`verify::Checker`](crate::verify::Checker) as it stands.
    pub fn lti_launch() -> Self {
        let rules = SigningRules {
            placement: Placement::Body,
            ..SigningRules::default()
        };
        Self::without_flow("lti-launch", rules)
    }

    /// LTI 1.1 Basic Outcomes (grade passback), as a tool sends it to the platform's
    /// `lis_outcome_service_url`: HMAC-SHA1 in the header and the XML body covered by `oauth_body_hash`
    /// (SHA-1, the Body Hash extension), with the consumer key and secret of the launch; no token.
    pub fn lti_outcomes() -> Self {
        let rules = SigningRules {
            body_hash: BodyHash::Sha1Extension,
            ..SigningRules::default()
        };
        Self::without_flow("lti-outcomes", rules)
    }

    /// Mastercard's APIs (`sandbox`: `sandbox.api.mastercard.com`): one-legged RSA-SHA256 with the
    /// client's PKCS#8 key, `oauth_body_hash` = SHA-256 on every request, and Mastercard's own base
    /// string ([`Compat::Mastercard`]), which its gateway checks.
    pub fn mastercard(sandbox: bool) -> Self {
        let rules = SigningRules {
            body_hash: BodyHash::Sha256Always,
            compat: Compat::Mastercard,
            ..SigningRules::with_method(MethodName::RsaSha256)
        };
        let (name, api) = if sandbox {
            ("mastercard-sandbox", "https://sandbox.api.mastercard.com")
        } else {
            ("mastercard", "https://api.mastercard.com")
        };
        Self::without_flow(name, rules).set_api_base(api)
    }
}

/// The host-name form of a NetSuite account id: lower case, `_` as `-`.
fn netsuite_host(account_id: &str) -> Result<String, InputError> {
    let valid = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    if account_id.is_empty() {
        return Err(InputError::new("NetSuite account id", InputProblem::Empty));
    }
    if !account_id.bytes().all(valid) {
        let why = "may hold only ASCII letters, digits, '_' and '-'";
        return Err(InputError::new("NetSuite account id", InputProblem::Invalid(why)));
    }
    Ok(account_id.to_ascii_lowercase().replace('_', "-"))
}

/// A NetSuite RESTlet's URL: `https://{host}.restlets.api.netsuite.com/app/site/hosting/restlet.nl?
/// script={script}&deploy={deploy}`.
///
/// # Errors
/// As [`Provider::netsuite`].
pub fn netsuite_restlet_url(account_id: &str, script: &str, deploy: &str) -> Result<String, InputError> {
    let host = netsuite_host(account_id)?;
    Ok(format!(
        "https://{host}.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script={}&deploy={}",
        crate::encode::percent_encode(script),
        crate::encode::percent_encode(deploy)
    ))
}

/// A preset by name, for a command line or a config file, with what it needs from the user.
///
/// ```
/// use oauth1_core::{Preset, PresetInput};
///
/// let preset: Preset = "netsuite".parse()?;
/// assert_eq!(preset.input(), PresetInput::AccountId);
/// let provider = preset.provider(Some("123456"))?;
/// assert_eq!(provider.name(), "netsuite");
/// assert!(preset.provider(None).is_err());
/// # Ok::<(), oauth1_core::InputError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Preset {
    /// [`Provider::twitter`].
    Twitter,
    /// [`Provider::x`].
    X,
    /// [`Provider::atlassian`], named `jira`.
    Jira,
    /// [`Provider::atlassian`], named `confluence`.
    Confluence,
    /// [`Provider::netsuite`].
    NetSuite,
    /// [`Provider::magento`].
    Magento,
    /// [`Provider::woocommerce`].
    WooCommerce,
    /// [`Provider::etrade`] (production).
    Etrade,
    /// [`Provider::etrade`] (sandbox).
    EtradeSandbox,
    /// [`Provider::discogs`].
    Discogs,
    /// [`Provider::flickr`].
    Flickr,
    /// [`Provider::tumblr`].
    Tumblr,
    /// [`Provider::smugmug`].
    SmugMug,
    /// [`Provider::trello`].
    Trello,
    /// [`Provider::launchpad`].
    Launchpad,
    /// [`Provider::lti_launch`].
    LtiLaunch,
    /// [`Provider::lti_outcomes`].
    LtiOutcomes,
    /// [`Provider::mastercard`] (production).
    Mastercard,
    /// [`Provider::mastercard`] (sandbox).
    MastercardSandbox,
}

/// What a [`Preset`] needs from the user besides credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PresetInput {
    /// Nothing: the provider has one address.
    Nothing,
    /// The service's base URL (self-hosted Jira, Confluence, Magento, WooCommerce).
    BaseUrl,
    /// The NetSuite account id.
    AccountId,
}

impl Preset {
    /// Every preset.
    pub const ALL: [Self; 19] = [
        Self::Twitter,
        Self::X,
        Self::Jira,
        Self::Confluence,
        Self::NetSuite,
        Self::Magento,
        Self::WooCommerce,
        Self::Etrade,
        Self::EtradeSandbox,
        Self::Discogs,
        Self::Flickr,
        Self::Tumblr,
        Self::SmugMug,
        Self::Trello,
        Self::Launchpad,
        Self::LtiLaunch,
        Self::LtiOutcomes,
        Self::Mastercard,
        Self::MastercardSandbox,
    ];

    /// The preset's name on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Twitter => "twitter",
            Self::X => "x",
            Self::Jira => "jira",
            Self::Confluence => "confluence",
            Self::NetSuite => "netsuite",
            Self::Magento => "magento",
            Self::WooCommerce => "woocommerce",
            Self::Etrade => "etrade",
            Self::EtradeSandbox => "etrade-sandbox",
            Self::Discogs => "discogs",
            Self::Flickr => "flickr",
            Self::Tumblr => "tumblr",
            Self::SmugMug => "smugmug",
            Self::Trello => "trello",
            Self::Launchpad => "launchpad",
            Self::LtiLaunch => "lti-launch",
            Self::LtiOutcomes => "lti-outcomes",
            Self::Mastercard => "mastercard",
            Self::MastercardSandbox => "mastercard-sandbox",
        }
    }

    /// What the preset needs besides credentials.
    pub const fn input(self) -> PresetInput {
        match self {
            Self::Jira | Self::Confluence | Self::Magento | Self::WooCommerce => PresetInput::BaseUrl,
            Self::NetSuite => PresetInput::AccountId,
            _ => PresetInput::Nothing,
        }
    }

    /// The provider, given what [`Preset::input`] asks for.
    ///
    /// # Errors
    /// The input is missing, given to a preset that takes none, or invalid (see each constructor).
    pub fn provider(self, input: Option<&str>) -> Result<Provider, InputError> {
        let field = match self.input() {
            PresetInput::Nothing => {
                if input.is_some() {
                    let why = "this provider has one address and takes no base URL or account id";
                    return Err(InputError::new("provider input", InputProblem::Invalid(why)));
                }
                ""
            }
            PresetInput::BaseUrl => "base URL",
            PresetInput::AccountId => "NetSuite account id",
        };
        let given = || input.ok_or_else(|| InputError::new(field, InputProblem::Empty));
        Ok(match self {
            Self::Twitter => Provider::twitter(),
            Self::X => Provider::x(),
            Self::Jira => Provider::atlassian(given()?)?,
            Self::Confluence => Provider::atlassian(given()?)?.with_name("confluence"),
            Self::NetSuite => Provider::netsuite(given()?)?,
            Self::Magento => Provider::magento(given()?)?,
            Self::WooCommerce => Provider::woocommerce(given()?)?,
            Self::Etrade => Provider::etrade(false),
            Self::EtradeSandbox => Provider::etrade(true),
            Self::Discogs => Provider::discogs(),
            Self::Flickr => Provider::flickr(),
            Self::Tumblr => Provider::tumblr(),
            Self::SmugMug => Provider::smugmug(),
            Self::Trello => Provider::trello(),
            Self::Launchpad => Provider::launchpad(),
            Self::LtiLaunch => Provider::lti_launch(),
            Self::LtiOutcomes => Provider::lti_outcomes(),
            Self::Mastercard => Provider::mastercard(false),
            Self::MastercardSandbox => Provider::mastercard(true),
        })
    }
}

impl core::str::FromStr for Preset {
    type Err = InputError;

    fn from_str(name: &str) -> Result<Self, InputError> {
        Self::ALL
            .into_iter()
            .find(|preset| preset.name() == name)
            .ok_or_else(|| {
                let why = "unknown preset; `oauth1 providers` lists them";
                InputError::new("provider", InputProblem::Invalid(why))
            })
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
