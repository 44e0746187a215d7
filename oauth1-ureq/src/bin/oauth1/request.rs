//! `oauth1 request`: one request signed and sent, its answer printed as curl and twurl print it.

use std::io::Write as _;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use clap::Args;
use oauth1_core::http;
use oauth1_core::{Error as CoreError, Placement, Provider};
use oauth1_ureq::{Client, Error as SendError};

use crate::Failure;
use crate::credentials::Credentials;
use crate::request_line::{RequestLine, check_transport, resolve_url, user_agent};
use crate::signing::{ProviderArgs, SigningArgs, fresh_nonce, now, signer};
use crate::store::Store;

/// `oauth1 request`'s flags.
#[derive(Args)]
pub(crate) struct RequestArgs {
    #[command(flatten)]
    pub(crate) line: RequestLine,
    /// The URL, or a path joined to the profile's (or preset's) API base.
    #[arg(value_name = "URL", conflicts_with = "url")]
    target: Option<String>,
    /// An extra request header, `name: value` (repeatable); not `Authorization` where the OAuth header goes.
    #[arg(short = 'H', long = "header", allow_hyphen_values = true)]
    headers: Vec<String>,
    /// The User-Agent to send, as curl's -A (default oauth1/<version>): some providers, Discogs among
    /// them, ask each application to name itself.
    #[arg(short = 'A', long, value_name = "NAME", allow_hyphen_values = true)]
    user_agent: Option<String>,
    /// Sign with this saved profile (default: the default profile, when no credentials are given).
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    #[command(flatten)]
    credentials: Credentials,
    #[command(flatten)]
    provider: ProviderArgs,
    #[command(flatten)]
    signing: SigningArgs,
    /// Allow plain http to a host that is not loopback (credentials then cross the network in clear).
    #[arg(long)]
    insecure_http: bool,
    /// Print {"status", "body"} as JSON ("body_base64" instead of "body" when the body is not text).
    #[arg(long)]
    json: bool,
    /// Print the response's status and headers before the body, as curl -i does (with --json the
    /// headers as "headers": [[name, value], …], in the order received).
    #[arg(short = 'i', long)]
    include: bool,
    /// Print what was signed (base string, parameters, rules) on stderr and, when the provider echoes its
    /// base string, where the two differ.
    #[arg(long)]
    explain: bool,
    /// The longest the whole call may take, in seconds, connecting to the last byte of the answer
    /// (curl's --max-time): raise it for a large upload on a slow link.
    #[arg(
        short = 'm',
        long,
        value_name = "SECONDS",
        default_value_t = oauth1_ureq::DEFAULT_TOTAL_TIMEOUT.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    max_time: u64,
    /// The longest response body read, in bytes; a longer one is an error, never cut short.
    #[arg(long, value_name = "BYTES", default_value_t = oauth1_ureq::DEFAULT_MAX_BODY_SIZE)]
    max_body_size: u64,
}

/// Signs and sends the request; prints the answer, and fails with the provider's message on a refusal.
pub(crate) fn request(args: &RequestArgs) -> Result<(), Failure> {
    // A profile when one is named, or when no credentials are given and a default exists.
    let flags_give_credentials =
        args.credentials.consumer_key.is_some() || args.credentials.consumer_secret.is_some();
    let store;
    let profile = if args.profile.is_some() || !flags_give_credentials {
        store = Store::load().map_err(Failure::File)?;
        match store.profile(args.profile.as_deref()) {
            Ok((_, profile)) => Some(profile),
            Err(message) if args.profile.is_some() => return Err(Failure::Usage(message)),
            Err(_) => None,
        }
    } else {
        None
    };
    let preset = args.provider.preset()?;
    let provider = preset.as_ref().or(profile.map(|p| &p.provider));
    let url = resolve_url(&args.line, args.target.as_deref(), provider)?;
    check_transport(&url, args.insecure_http)?;
    let mut outgoing = args.line.request(&url, &args.headers)?;
    let rules = args.signing.rules(provider)?;
    let signing = args.signing.resolve(&rules, profile)?;
    let client = args.credentials.client(profile, signing.rsa_key.is_some())?;
    let token = args.credentials.token(profile)?;
    let signer = signer(
        &client,
        token.as_ref(),
        &rules,
        signing.method()?,
        args.insecure_http,
    );
    let (nonce, timestamp) = (fresh_nonce()?, now()?);
    let explanation = signer
        .explain(&*outgoing.as_signed(&signer, &rules)?, &nonce, timestamp)
        .map_err(Failure::usage)?;
    // Signing puts the OAuth header in its place: a header of the user's own would go unsent.
    if explanation.rules().placement == Placement::Header
        && outgoing
            .request
            .headers()
            .contains_key(http::header::AUTHORIZATION)
    {
        return Err(Failure::usage(
            "-H Authorization: the OAuth Authorization header takes its place, so it would not be sent; \
             drop it",
        ));
    }
    outgoing.authorize(&signer, &rules, &nonce, timestamp)?;
    if args.explain {
        err_part!("{explanation}");
    }
    // Each phase (sending the body, reading the answer) may take as long as the whole call.
    let max_time = Duration::from_secs(args.max_time);
    let phase = oauth1_ureq::DEFAULT_READ_TIMEOUT.max(max_time);
    let response = Client::with_timeouts(oauth1_ureq::DEFAULT_CONNECT_TIMEOUT, phase)
        .user_agent(user_agent(args.user_agent.as_deref())?)
        .total_timeout(max_time)
        .max_body_size(args.max_body_size)
        .send(outgoing.request)
        .map_err(|error| match error {
            SendError::BodyTooLarge { .. } => {
                Failure::Refused(format!("{error} (--max-body-size raises it)"))
            }
            SendError::Timeout(_) => Failure::Refused(format!("{error} (--max-time raises it)")),
            other => Failure::from(other),
        })?;
    print_response(&response, args.json, args.include)?;
    let rate_limits = provider
        .map(Provider::rate_limit_headers)
        .cloned()
        .unwrap_or_default();
    match oauth1_core::response::check_status_with(&response, &rate_limits) {
        Ok(()) => Ok(()),
        Err(CoreError::Provider(mut error)) => {
            error.compare_base_string(explanation.base_string());
            Err(Failure::refused(error))
        }
        Err(other) => Err(Failure::refused(other)),
    }
}

/// The status, the headers when `include`, then the body: text as text; other bytes as they came (an
/// image saved from stdout stays whole), or in JSON as `body_base64`, since a JSON string holds only
/// text. Header values are printed as received, as the body is; in JSON one that is not UTF-8 reads
/// with U+FFFD in place of its odd bytes.
fn print_response(response: &http::Response<Vec<u8>>, json: bool, include: bool) -> Result<(), Failure> {
    let status = response.status();
    let bytes = response.body();
    let text = std::str::from_utf8(bytes);
    let headers = response.headers().iter().filter(|_| include);
    if json {
        let mut out = serde_json::json!({ "status": status.as_u16() });
        if include {
            let pairs = headers.map(|(name, value)| {
                serde_json::json!([name.as_str(), String::from_utf8_lossy(value.as_bytes())])
            });
            out["headers"] = pairs.collect();
        }
        match text {
            Ok(text) => out["body"] = text.into(),
            Err(_) => out["body_base64"] = BASE64.encode(bytes).into(),
        }
        out!("{out}");
    } else {
        // Without -i, stdout is the body alone, as with curl and twurl: `| jq` reads it, and a file
        // saved from it is the resource. A status that is not a success is told on stderr anyway.
        let mut stdout = std::io::stdout();
        if include {
            out!("{status}");
            for (name, value) in headers {
                out_part!("{name}: ");
                stdout.write_all(value.as_bytes()).map_err(Failure::Output)?;
                out!();
            }
            out!();
        }
        match text {
            // Text ends with a line break for the terminal, unless it has one.
            Ok(text) if text.is_empty() || text.ends_with('\n') => out_part!("{text}"),
            Ok(text) => out!("{text}"),
            Err(_) => {
                stdout
                    .write_all(bytes)
                    .and_then(|()| stdout.flush())
                    .map_err(Failure::Output)?;
            }
        }
    }
    Ok(())
}
