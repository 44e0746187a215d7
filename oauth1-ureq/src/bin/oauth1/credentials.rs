//! The credentials a command signs with: from flags, the environment, or a saved profile.

use clap::Args;
use oauth1_core::{ClientCredentials, TokenCredentials};

use crate::Failure;
use crate::store::Profile;

/// Client and token credentials, from flags or the environment (or a profile).
#[derive(Args)]
pub(crate) struct Credentials {
    /// Consumer key (oauth_consumer_key).
    #[arg(
        long,
        env = "OAUTH1_CONSUMER_KEY",
        allow_hyphen_values = true,
        hide_env_values = true
    )]
    pub(crate) consumer_key: Option<String>,
    /// Consumer secret (the RSA methods need none: they sign with --rsa-key, and verify checks them
    /// with --rsa-public-key).
    #[arg(
        long,
        env = "OAUTH1_CONSUMER_SECRET",
        allow_hyphen_values = true,
        hide_env_values = true
    )]
    pub(crate) consumer_secret: Option<String>,
    /// Token (oauth_token), for requests made on a user's behalf (with --token-secret).
    #[arg(
        long,
        env = "OAUTH1_TOKEN",
        allow_hyphen_values = true,
        hide_env_values = true
    )]
    token: Option<String>,
    /// Token secret (with --token).
    #[arg(
        long,
        env = "OAUTH1_TOKEN_SECRET",
        allow_hyphen_values = true,
        hide_env_values = true
    )]
    token_secret: Option<String>,
}

impl Credentials {
    /// The client credentials, from the flags or else `profile`. A consumer key needs its secret,
    /// except for the RSA methods (`rsa`: a key is given), which sign without one (RFC 5849 §3.4.3).
    pub(crate) fn client(&self, profile: Option<&Profile>, rsa: bool) -> Result<ClientCredentials, Failure> {
        given(&self.consumer_key, "--consumer-key", "OAUTH1_CONSUMER_KEY")?;
        match (&self.consumer_key, &self.consumer_secret, profile) {
            (Some(key), Some(secret), _) => Ok(ClientCredentials::new(key.as_str(), secret.as_str())),
            (Some(key), None, _) if rsa => Ok(ClientCredentials::new(key.as_str(), "")),
            (None, None, Some(profile)) => Ok(ClientCredentials::new(
                profile.consumer_key.as_str(),
                profile.consumer_secret.as_str(),
            )),
            (Some(_), None, _) => Err(Failure::usage("--consumer-key needs --consumer-secret")),
            (None, Some(_), _) => Err(Failure::usage("--consumer-secret needs --consumer-key")),
            (None, None, None) => Err(Failure::usage(
                "no credentials: give --consumer-key and --consumer-secret (or OAUTH1_CONSUMER_KEY and \
                 OAUTH1_CONSUMER_SECRET), or --profile",
            )),
        }
    }

    /// The token credentials, from the flags or else `profile`; both halves or neither.
    pub(crate) fn token(&self, profile: Option<&Profile>) -> Result<Option<TokenCredentials>, Failure> {
        given(&self.token, "--token", "OAUTH1_TOKEN")?;
        given(&self.token_secret, "--token-secret", "OAUTH1_TOKEN_SECRET")?;
        match (&self.token, &self.token_secret) {
            (Some(token), Some(secret)) => Ok(Some(TokenCredentials::new(token.as_str(), secret.as_str()))),
            (Some(_), None) => Err(Failure::usage("--token needs --token-secret")),
            (None, Some(_)) => Err(Failure::usage("--token-secret needs --token")),
            (None, None) => {
                Ok(profile.map(|p| TokenCredentials::new(p.token.as_str(), p.token_secret.as_str())))
            }
        }
    }
}

/// Refuses a credential given as empty: a CI secret that is not defined reaches the environment as an
/// empty variable, and signing with it would only earn the provider's 401. (Not for the consumer
/// secret, which is empty at Launchpad and for the RSA methods.)
fn given(value: &Option<String>, flag: &str, variable: &str) -> Result<(), Failure> {
    if value.as_deref() == Some("") {
        return Err(Failure::usage(format!(
            "{flag} (or {variable}) is empty; an environment variable set to nothing, such as an \
             undefined CI secret, reads as empty"
        )));
    }
    Ok(())
}
