//! `oauth1 authorize`: the 3-legged flow at a terminal — the authorization URL out, the PIN (or the
//! callback URL) in — and the token credentials printed or saved as a profile.

use std::time::Duration;

use clap::Args;
use oauth1_core::provider::{Endpoint, Flow};
use oauth1_core::{
    AccessTokenRequest, AccessType, AuthorizeOptions, Provider, SigningRules, TemporaryCredentialsRequest,
};
use oauth1_ureq::Client;

use crate::credentials::Credentials;
use crate::input::read_answer;
use crate::request_line::user_agent;
use crate::signing::{ProviderArgs, SigningArgs};
use crate::store::{Profile, Store};
use crate::{Failure, for_terminal};

/// `oauth1 authorize`'s flags.
#[derive(Args)]
pub(crate) struct AuthorizeArgs {
    /// The provider's origin, with Twitter's paths /oauth/request_token, /oauth/authorize and
    /// /oauth/access_token (default https://api.twitter.com; or --provider).
    #[arg(long, conflicts_with_all = ["provider", "request_token_url"])]
    host: Option<String>,
    #[command(flatten)]
    provider: ProviderArgs,
    /// A custom provider's temporary-credentials endpoint (with --authorize-url and --access-token-url).
    #[arg(long, value_name = "URL", conflicts_with = "provider", requires_all = ["authorize_url", "access_token_url"])]
    request_token_url: Option<String>,
    /// A custom provider's authorization page.
    #[arg(long, value_name = "URL", requires = "request_token_url")]
    authorize_url: Option<String>,
    /// A custom provider's token-credentials endpoint.
    #[arg(long, value_name = "URL", requires = "request_token_url")]
    access_token_url: Option<String>,
    /// oauth_callback: `oob` (PIN), a URL, or a custom scheme.
    #[arg(long, default_value = "oob", allow_hyphen_values = true)]
    callback: String,
    /// x_auth_access_type.
    #[arg(long, value_parser = ["read", "write"])]
    access_type: Option<String>,
    /// Ask the provider to make the user log in again.
    #[arg(long)]
    force_login: bool,
    /// Prefill the login form with this screen name.
    #[arg(long, allow_hyphen_values = true)]
    screen_name: Option<String>,
    #[command(flatten)]
    credentials: Credentials,
    #[command(flatten)]
    signing: SigningArgs,
    /// Allow plain http to a host that is not loopback (credentials then cross the network in clear).
    #[arg(long)]
    insecure_http: bool,
    /// Save the provider and the credentials as this profile (the first saved becomes the default).
    #[arg(long, value_name = "NAME")]
    save: Option<String>,
    /// Print the token secret too (it is shown as [redacted] otherwise; --json always has it).
    #[arg(long)]
    show_secrets: bool,
    /// Print {"oauth_token", "oauth_token_secret", "user_id", "screen_name"} as JSON.
    #[arg(long)]
    json: bool,
    /// How long to wait for the PIN or the callback URL, in seconds (providers let a request token
    /// expire too).
    #[arg(long, value_name = "SECONDS", default_value_t = 900, value_parser = clap::value_parser!(u64).range(1..))]
    pin_timeout: u64,
    /// The User-Agent to send, as curl's -A (default oauth1/<version>): some providers, Discogs among
    /// them, ask each application to name itself.
    #[arg(short = 'A', long, value_name = "NAME", allow_hyphen_values = true)]
    user_agent: Option<String>,
}

/// Runs the flow: temporary credentials, the user's authorization (the PIN or the callback URL read
/// from stdin), token credentials; prints them, and saves them with `--save`.
pub(crate) fn authorize(args: &AuthorizeArgs) -> Result<(), Failure> {
    let custom = (
        &args.request_token_url,
        &args.authorize_url,
        &args.access_token_url,
    );
    let provider = match (args.provider.preset()?, &args.host, custom) {
        (Some(provider), _, _) if args.insecure_http => provider.allow_insecure_http(),
        (Some(provider), _, _) => provider,
        (None, _, (Some(request_token), Some(authorize), Some(access_token))) => {
            let flow = Flow::new(
                Endpoint::post(request_token.as_str()),
                authorize,
                Endpoint::post(access_token.as_str()),
            );
            let provider = Provider::without_flow("custom", SigningRules::default());
            let provider = if args.insecure_http {
                provider.allow_insecure_http()
            } else {
                provider
            };
            provider.with_flow(flow).map_err(|e| {
                Failure::usage(format!(
                    "--request-token-url/--authorize-url/--access-token-url: {e}"
                ))
            })?
        }
        (None, host, _) => twitter_paths_at(
            host.as_deref().unwrap_or("https://api.twitter.com"),
            args.insecure_http,
        )
        .map_err(|e| Failure::usage(format!("--host: {e}")))?,
    };
    if provider.flow().is_none() {
        return Err(Failure::usage(format!(
            "--provider {}: it has no 3-legged flow; sign requests with its consumer credentials instead",
            provider.name()
        )));
    }
    let rules = args.signing.rules(Some(&provider))?;
    let provider = provider.with_rules(rules);
    let signing = args.signing.resolve(provider.rules(), None)?;
    let client = args.credentials.client(None, signing.rsa_key.is_some())?;
    let method = signing.method()?;
    let mut step = TemporaryCredentialsRequest::new(&provider, &client, &args.callback)
        .map_err(|e| Failure::usage(format!("--callback: {e}")))?
        .method(method);
    if let Some(access_type) = &args.access_type {
        step = step.access_type(if access_type == "read" {
            AccessType::Read
        } else {
            AccessType::Write
        });
    }
    // Everything that can be refused locally is checked: load the store, and see that it can be
    // written, before any traffic.
    let store = match &args.save {
        Some(_) => {
            let store = Store::load().map_err(Failure::File)?;
            Store::check_writable().map_err(Failure::File)?;
            Some(store)
        }
        None => None,
    };
    // A saved key path is kept absolute: the profile is used from any directory.
    let rsa_key_path = match &args.signing.rsa_key {
        Some(path) => Some(
            std::path::absolute(path)
                .map_err(|e| Failure::File(format!("--rsa-key {}: {e}", path.display())))?,
        ),
        None => None,
    };
    let http = Client::new().user_agent(user_agent(args.user_agent.as_deref())?);
    let pending = http.run(&step)?;
    let mut options = AuthorizeOptions::default().force_login(args.force_login);
    if let Some(screen_name) = &args.screen_name {
        options = options.screen_name(screen_name.as_str());
    }
    err!("Open this URL, authorize the application, then paste the PIN (or the callback URL) here:");
    err!("{}", pending.authorize_url(&options));
    let answer = read_answer(Duration::from_secs(args.pin_timeout))?;
    let authorized = pending.complete(answer.trim()).map_err(Failure::refused)?;
    let access = http.run(&AccessTokenRequest::new(&client, &authorized).method(method))?;
    let token = access.credentials();
    if let (Some(name), Some(mut store)) = (&args.save, store) {
        store.profiles.insert(
            name.clone(),
            Profile {
                provider: provider.clone(),
                consumer_key: client.key().to_owned(),
                consumer_secret: client.secret().expose().to_owned(),
                token: token.token().to_owned(),
                token_secret: token.secret().expose().to_owned(),
                rsa_key: rsa_key_path,
            },
        );
        if store.default.is_none() {
            store.default = Some(name.clone());
        }
        let path = store.save().map_err(Failure::Refused)?;
        err!("Saved as profile {name} in {}", path.display());
    }
    if args.json {
        let out = serde_json::json!({
            "oauth_token": token.token(),
            "oauth_token_secret": token.secret().expose(),
            "user_id": access.user_id(),
            "screen_name": access.screen_name(),
        });
        out!("{out}");
    } else {
        let secret = if args.show_secrets {
            for_terminal(token.secret().expose())
        } else {
            "[redacted] (--show-secrets prints it)".into()
        };
        out!("oauth_token:        {}", for_terminal(token.token()));
        out!("oauth_token_secret: {secret}");
        out!(
            "user_id:            {}",
            for_terminal(access.user_id().unwrap_or_default())
        );
        out!(
            "screen_name:        {}",
            for_terminal(access.screen_name().unwrap_or_default())
        );
    }
    Ok(())
}

/// A provider with Twitter's paths under `origin`; plain http to a host that is not loopback only when
/// `insecure` says so.
fn twitter_paths_at(origin: &str, insecure: bool) -> Result<Provider, oauth1_core::InputError> {
    if !insecure {
        return Provider::at_host(origin);
    }
    Provider::without_flow("custom", SigningRules::default())
        .allow_insecure_http()
        .with_host(origin)
}
