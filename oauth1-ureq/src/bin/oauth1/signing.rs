//! How a command signs: the provider preset, the signing rules with the flags' overrides, the
//! method and its RSA key, and the nonce and time of a request.

use clap::Args;
use oauth1_core::rsa::RsaPrivateKey;
use oauth1_core::signature::AnyMethod;
use oauth1_core::{
    BodyHash, ClientCredentials, Nonce, Placement, Preset, PresetInput, Provider, Signer, SigningRules,
    Timestamp, TokenCredentials,
};

use crate::Failure;
use crate::input::read_rsa_key;
use crate::store::Profile;

/// The provider: a preset, or (for `authorize`) a host with Twitter's paths.
#[derive(Args)]
pub(crate) struct ProviderArgs {
    /// A provider preset whose rules and endpoints apply (`oauth1 providers` lists them).
    #[arg(long, value_name = "NAME")]
    provider: Option<String>,
    /// The service's base URL, for the presets that need one (jira, confluence, magento, woocommerce).
    #[arg(long, value_name = "URL", conflicts_with = "account_id")]
    base_url: Option<String>,
    /// The NetSuite account id (`123456`, `123456_SB1`), for --provider netsuite.
    #[arg(long, value_name = "ID")]
    account_id: Option<String>,
}

/// How to sign, on top of the provider's rules.
#[derive(Args)]
pub(crate) struct SigningArgs {
    /// Signature method (default: the provider's, else HMAC-SHA1; the RSA methods need --rsa-key).
    #[arg(
        long,
        value_parser = [
            "HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT", "RSA-SHA1", "RSA-SHA256", "RSA-SHA512",
        ]
    )]
    signature_method: Option<String>,
    /// The client's RSA private key for the RSA methods: a PEM file, PKCS#1 (BEGIN RSA PRIVATE KEY) or
    /// PKCS#8 (BEGIN PRIVATE KEY), or a binary PKCS#8 (DER) file.
    #[arg(
        long,
        value_name = "PATH",
        required_if_eq_any = [
            ("signature_method", "RSA-SHA1"),
            ("signature_method", "RSA-SHA256"),
            ("signature_method", "RSA-SHA512"),
        ]
    )]
    pub(crate) rsa_key: Option<std::path::PathBuf>,
    /// Realm for the Authorization header.
    #[arg(long, allow_hyphen_values = true)]
    realm: Option<String>,
    /// Omit oauth_version (as the RFC 5849 examples do); it is sent by default, as Twitter/X does.
    #[arg(long)]
    no_version: bool,
    /// oauth_body_hash: `off`, `sha1` (the Body Hash extension: bodies that are not forms) or `sha256`
    /// (every request, Mastercard). Default: the provider's, else off.
    #[arg(long, value_parser = ["off", "sha1", "sha256"])]
    body_hash: Option<String>,
    /// Where the oauth_* parameters go: `header` (Authorization: OAuth …), `query` (the URL) or `body`
    /// (a form body). Default: the provider's, else header.
    #[arg(long, value_parser = ["header", "query", "body"])]
    placement: Option<String>,
}

impl ProviderArgs {
    /// The preset `--provider` names, built from `--base-url` or `--account-id`.
    pub(crate) fn preset(&self) -> Result<Option<Provider>, Failure> {
        let Some(name) = &self.provider else {
            if self.base_url.is_some() || self.account_id.is_some() {
                return Err(Failure::usage("--base-url and --account-id go with --provider"));
            }
            return Ok(None);
        };
        let preset: Preset = name
            .parse()
            .map_err(|e| Failure::usage(format!("--provider {name}: {e}")))?;
        let (input, flag) = match preset.input() {
            PresetInput::BaseUrl => (self.base_url.as_deref(), "--base-url"),
            PresetInput::AccountId => (self.account_id.as_deref(), "--account-id"),
            _ => (None, ""),
        };
        if input.is_none() && !flag.is_empty() {
            return Err(Failure::usage(format!("--provider {name} needs {flag}")));
        }
        if flag.is_empty() && (self.base_url.is_some() || self.account_id.is_some()) {
            return Err(Failure::usage(format!(
                "--provider {name} takes neither --base-url nor --account-id"
            )));
        }
        preset
            .provider(input)
            .map(Some)
            .map_err(|e| Failure::usage(format!("--provider {name}: {e}")))
    }
}

/// The method the rules name, and its RSA key.
pub(crate) struct Signing {
    method_name: String,
    pub(crate) rsa_key: Option<RsaPrivateKey>,
}

impl SigningArgs {
    /// The rules to sign by: the provider's (or the defaults) with the flags' overrides. `authorize`
    /// signs its flow with them and `--save` keeps them, so a profile signs as its flow did.
    pub(crate) fn rules(&self, provider: Option<&Provider>) -> Result<SigningRules, Failure> {
        let mut rules = provider.map(|p| p.rules().clone()).unwrap_or_default();
        if let Some(name) = &self.signature_method {
            rules.method = name
                .parse()
                .map_err(|e| Failure::usage(format!("--signature-method: {e}")))?;
        }
        if self.no_version {
            rules.version = false;
        }
        if let Some(body_hash) = &self.body_hash {
            rules.body_hash = match body_hash.as_str() {
                "sha1" => BodyHash::Sha1Extension,
                "sha256" => BodyHash::Sha256Always,
                _ => BodyHash::Off,
            };
        }
        if let Some(realm) = &self.realm {
            rules.realm = Some(realm.clone());
        }
        if let Some(placement) = &self.placement {
            rules.placement = match placement.as_str() {
                "query" => Placement::Query,
                "body" => Placement::Body,
                _ => Placement::Header,
            };
        }
        Ok(rules)
    }

    /// The method `rules` name, and its RSA key (the flag's, else the profile's).
    pub(crate) fn resolve(
        &self,
        rules: &SigningRules,
        profile: Option<&Profile>,
    ) -> Result<Signing, Failure> {
        let method_name = rules.method.as_str().to_owned();
        let key_path = self
            .rsa_key
            .as_deref()
            .or_else(|| profile.and_then(|p| p.rsa_key.as_deref()));
        let rsa = method_name.starts_with("RSA-");
        let rsa_key = match (key_path, rsa) {
            (Some(path), true) => Some(read_rsa_key(path).map_err(Failure::File)?),
            (None, true) => {
                return Err(Failure::usage(format!(
                    "{method_name} signs with the client's private key: give --rsa-key"
                )));
            }
            (Some(_), false) if self.rsa_key.is_some() => {
                return Err(Failure::usage(
                    "--rsa-key goes with --signature-method RSA-SHA1, RSA-SHA256 or RSA-SHA512",
                ));
            }
            // A profile saved before its method was kept: signing otherwise would be refused by the
            // provider, or worse, accepted with an empty secret.
            (Some(_), false) => {
                return Err(Failure::usage(format!(
                    "the profile keeps an RSA key but signs with {method_name}: give \
                     --signature-method, or run authorize --save again"
                )));
            }
            (None, false) => None,
        };
        Ok(Signing { method_name, rsa_key })
    }
}

impl Signing {
    pub(crate) fn method(&self) -> Result<AnyMethod<'_>, Failure> {
        AnyMethod::from_name(&self.method_name, self.rsa_key.as_ref())
            .map_err(|e| Failure::usage(format!("--signature-method {}: {e}", self.method_name)))
    }
}

/// A signer for `client` (and `token`) by `rules` (see [`SigningArgs::rules`]).
pub(crate) fn signer<'a>(
    client: &'a ClientCredentials,
    token: Option<&'a TokenCredentials>,
    rules: &'a SigningRules,
    method: AnyMethod<'a>,
    insecure_http: bool,
) -> Signer<'a, AnyMethod<'a>> {
    let mut signer = Signer::new(client).rules(rules).method(method);
    if insecure_http {
        // --insecure-http: the user chose plain http, for PLAINTEXT too.
        signer = signer.allow_plaintext_over_http();
    }
    if let Some(token) = token {
        signer = signer.token(token);
    }
    signer
}

/// A nonce from the operating system's random generator.
pub(crate) fn fresh_nonce() -> Result<Nonce, Failure> {
    Nonce::try_generate(&mut getrandom::SysRng)
        .map_err(|e| Failure::Refused(format!("OS random generator: {e}")))
}

/// The time now, as the `oauth_timestamp` of a request signed now.
pub(crate) fn now() -> Result<Timestamp, Failure> {
    Timestamp::now().map_err(Failure::refused)
}
