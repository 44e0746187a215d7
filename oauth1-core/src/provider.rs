//! Where a provider's three OAuth endpoints (and its sign-in page) live.

use alloc::string::String;

use http::Uri;

use crate::error::{InputError, InputProblem};

/// A provider's endpoints: temporary credentials (`request_token`), authorization (`authorize`), sign-in
/// (`authenticate`) and token credentials (`access_token`).
///
/// Every URL must be `https`, except for loopback hosts (`localhost`, `127.0.0.0/8`, `[::1]`), where tests
/// and local development run. [`Provider::allow_insecure_http`] lifts that check for people who know why.
///
/// ```
/// use oauth1_core::Provider;
///
/// let twitter = Provider::twitter();
/// assert_eq!(twitter.request_token_url(), "https://api.twitter.com/oauth/request_token");
///
/// let local = Provider::at_host("http://127.0.0.1:8080").unwrap();
/// assert_eq!(local.authenticate_url(), "http://127.0.0.1:8080/oauth/authenticate");
/// assert!(Provider::at_host("http://example.com").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Provider {
    request_token: String,
    authorize: String,
    authenticate: String,
    access_token: String,
    #[cfg_attr(feature = "serde", serde(default))]
    allow_insecure_http: bool,
}

impl Provider {
    /// Twitter/X: `https://api.twitter.com/oauth/{request_token,authorize,authenticate,access_token}`.
    pub fn twitter() -> Self {
        Self::with_twitter_paths("https://api.twitter.com")
    }

    /// A provider with Twitter's paths under another origin, such as `https://api.x.com` or a local test
    /// provider: `{origin}/oauth/request_token` and so on.
    ///
    /// # Errors
    /// The origin is not an absolute URL, or is plain `http` to a host that is not loopback.
    pub fn at_host(origin: &str) -> Result<Self, InputError> {
        let provider = Self::with_twitter_paths(origin.trim_end_matches('/'));
        provider.validate()?;
        Ok(provider)
    }

    /// Twitter's four paths under `origin`, not yet validated.
    fn with_twitter_paths(origin: &str) -> Self {
        Self {
            request_token: alloc::format!("{origin}/oauth/request_token"),
            authorize: alloc::format!("{origin}/oauth/authorize"),
            authenticate: alloc::format!("{origin}/oauth/authenticate"),
            access_token: alloc::format!("{origin}/oauth/access_token"),
            allow_insecure_http: false,
        }
    }

    /// A provider from its three endpoints; the sign-in (`authenticate`) URL defaults to the
    /// authorization URL.
    ///
    /// # Errors
    /// A URL is not absolute `http`/`https`, or is plain `http` to a host that is not loopback.
    pub fn new(request_token: &str, authorize: &str, access_token: &str) -> Result<Self, InputError> {
        let provider = Self {
            request_token: request_token.into(),
            authorize: authorize.into(),
            authenticate: authorize.into(),
            access_token: access_token.into(),
            allow_insecure_http: false,
        };
        provider.validate()?;
        Ok(provider)
    }

    /// Sets the sign-in URL (Twitter's `oauth/authenticate`).
    ///
    /// # Errors
    /// As [`Provider::new`].
    pub fn with_authenticate_url(mut self, authenticate: &str) -> Result<Self, InputError> {
        self.authenticate = authenticate.into();
        self.validate()?;
        Ok(self)
    }

    /// Allows plain `http` to any host. Credentials and tokens then cross the network in the clear,
    /// readable and replayable by anyone on the path: only for a provider reached through a channel that
    /// is already secure (a tunnel, a sidecar proxy).
    #[must_use]
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// The temporary-credentials endpoint.
    pub fn request_token_url(&self) -> &str {
        &self.request_token
    }

    /// The authorization endpoint (desktop and PIN apps).
    pub fn authorize_url(&self) -> &str {
        &self.authorize
    }

    /// The sign-in endpoint (Sign in with Twitter).
    pub fn authenticate_url(&self) -> &str {
        &self.authenticate
    }

    /// The token-credentials endpoint.
    pub fn access_token_url(&self) -> &str {
        &self.access_token
    }

    fn validate(&self) -> Result<(), InputError> {
        self.endpoint(&self.request_token, "request token URL")?;
        self.endpoint(&self.authorize, "authorize URL")?;
        self.endpoint(&self.authenticate, "authenticate URL")?;
        self.endpoint(&self.access_token, "access token URL")?;
        Ok(())
    }

    /// Parses one endpoint and enforces the https rule.
    pub(crate) fn endpoint(&self, url: &str, field: &'static str) -> Result<Uri, InputError> {
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
        if self.allow_insecure_http || is_loopback(host) {
            Ok(uri)
        } else {
            Err(InputError::new(field, InputProblem::Insecure))
        }
    }
}

/// `localhost`, `127.0.0.0/8` or `[::1]`.
pub(crate) fn is_loopback(host: &str) -> bool {
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
        assert!(lenient.endpoint("http://example.com/x", "x").is_ok());
    }
}
