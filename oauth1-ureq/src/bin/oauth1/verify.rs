//! `oauth1 verify`: a signed request checked as a provider checks it, and a refused signature's
//! known mistake named.

use clap::Args;
use oauth1_core::rsa::RsaPublicKey;
use oauth1_core::verify::{Checker, MemoryReplayStore, Rejection, Secrets, UnknownCredentials, Verified};
use oauth1_core::{ClientCredentials, Timestamp, TokenCredentials, http};

use crate::credentials::Credentials;
use crate::input::read_key_file;
use crate::request_line::{RequestLine, resolve_url};
use crate::signing::now;
use crate::{Failure, for_terminal};

/// `oauth1 verify`'s flags.
#[derive(Args)]
pub(crate) struct VerifyArgs {
    #[command(flatten)]
    pub(crate) line: RequestLine,
    /// The URL the client signed for, as the provider sees it (instead of --url).
    #[arg(value_name = "URL", conflicts_with = "url")]
    target: Option<String>,
    /// A header of the request, `name: value` (repeatable): `Authorization: OAuth …` where the
    /// protocol parameters came in the header.
    #[arg(short = 'H', long = "header", allow_hyphen_values = true)]
    headers: Vec<String>,
    /// The credentials the request should be signed with: the consumer key and secret, and the
    /// token and its secret when it carries a token.
    #[command(flatten)]
    credentials: Credentials,
    /// The client's RSA public key (PEM), for a request signed with an RSA method.
    #[arg(long, value_name = "PATH")]
    rsa_public_key: Option<std::path::PathBuf>,
    /// The provider's time, in seconds since the Unix epoch (default: now).
    #[arg(long, value_name = "SECS", conflicts_with = "any_time")]
    now: Option<u64>,
    /// Check the request at its own oauth_timestamp (a request copied from a log is older than the
    /// five minutes a provider allows).
    #[arg(long)]
    any_time: bool,
    /// Print {"verified", "refused", "mistake"} as JSON.
    #[arg(long)]
    json: bool,
}

/// Verifies the request as a provider with these credentials would; a refusal exits 1, with the
/// client's mistake where a known one gives the signature received.
pub(crate) fn verify(args: &VerifyArgs) -> Result<(), Failure> {
    // No profile or preset here to join a path to.
    if args
        .target
        .as_deref()
        .is_some_and(|target| target.starts_with('/'))
    {
        return Err(Failure::usage(
            "verify needs the absolute URL the client signed for (https://host/…), not a path",
        ));
    }
    let url = resolve_url(&args.line, args.target.as_deref(), None)?;
    let request = args.line.request(&url, &args.headers)?.request;
    let client = args.credentials.client(None, args.rsa_public_key.is_some())?;
    let token = args.credentials.token(None)?;
    let rsa_public_key = match &args.rsa_public_key {
        Some(path) => {
            let failed = |e: &dyn std::fmt::Display| {
                Failure::File(format!("--rsa-public-key {}: {e}", path.display()))
            };
            let bytes = read_key_file(path, "--rsa-public-key").map_err(Failure::File)?;
            let pem = std::str::from_utf8(&bytes).map_err(|_| failed(&"not text, so not a PEM file"))?;
            Some(RsaPublicKey::from_pem(pem).map_err(|e| failed(&e))?)
        }
        None => None,
    };
    let lookup = |key: &str, requested: Option<&str>| {
        lookup(&client, token.as_ref(), rsa_public_key.as_ref(), key, requested)
    };
    let mut now = match args.now {
        Some(secs) => Timestamp::from_secs(secs),
        None => now()?,
    };
    let mut verdict = check(&request, now, lookup);
    // At its own time, a request copied from a log is checked for all but its age.
    if let (true, Err(Rejection::TimestampOutOfWindow { timestamp, .. })) = (args.any_time, &verdict) {
        now = Timestamp::from_secs(*timestamp);
        verdict = check(&request, now, lookup);
    }
    let mistake = match &verdict {
        Err(Rejection::BadSignature) => Checker::new(now).find_mistake(&request, lookup),
        _ => None,
    };
    if args.json {
        let mut out = serde_json::json!({ "verified": verdict.is_ok() });
        match &verdict {
            Ok(verified) => {
                out["request"] = serde_json::json!({
                    "consumer_key": verified.consumer_key(),
                    "token": verified.token(),
                    "signature_method": verified.signature_method(),
                    "placement": placement(verified),
                    "timestamp": verified.timestamp().as_secs(),
                });
            }
            Err(rejection) => out["refused"] = rejection.to_string().into(),
        }
        out["mistake"] = mistake.map(|mistake| mistake.to_string()).into();
        out!("{out}");
    } else {
        match &verdict {
            // The request's own text, escaped where it could act on the terminal.
            Ok(verified) => out!(
                "verified:  consumer key {}, {}, {} in the {}",
                for_terminal(verified.consumer_key()),
                verified.token().map_or_else(
                    || "no token".to_owned(),
                    |token| format!("token {}", for_terminal(token))
                ),
                for_terminal(verified.signature_method()),
                placement(verified)
            ),
            Err(rejection) => out!("refused:   {rejection}"),
        }
        if let Some(mistake) = mistake {
            out!("mistake:   {mistake}");
        }
    }
    match verdict {
        Ok(_) => Ok(()),
        Err(Rejection::TimestampOutOfWindow { .. }) => Err(Failure::refused(
            "the request does not verify (--any-time checks a request copied from a log at its own \
             timestamp)",
        )),
        Err(_) => Err(Failure::refused("the request does not verify")),
    }
}

/// The request checked at `now` with a replay store of its own (a copied request is no replay).
fn check<'r, 's>(
    request: &'r http::Request<Vec<u8>>,
    now: Timestamp,
    lookup: impl FnOnce(&str, Option<&str>) -> Result<Secrets<'s>, UnknownCredentials>,
) -> Result<Verified<'r>, Rejection> {
    Checker::new(now).verify(request, lookup, &mut MemoryReplayStore::new(1))
}

/// The part of the request the parameters came in, named as in RFC 5849 §3.5.
fn placement(verified: &Verified<'_>) -> String {
    format!("{:?}", verified.placement()).to_lowercase()
}

/// The secrets for the request's consumer key and token, if they are the ones given.
fn lookup(
    client: &ClientCredentials,
    token: Option<&TokenCredentials>,
    rsa_public_key: Option<&RsaPublicKey>,
    key: &str,
    requested: Option<&str>,
) -> Result<Secrets<'static>, UnknownCredentials> {
    if key != client.key() {
        return Err(UnknownCredentials::Client);
    }
    let token_secret = match (requested, token) {
        (Some(requested), Some(token)) if requested == token.token() => Some(token.secret().clone()),
        (Some(_), _) => return Err(UnknownCredentials::Token),
        (None, _) => None,
    };
    let secrets = Secrets::new(client.secret().clone(), token_secret);
    Ok(match rsa_public_key {
        Some(key) => secrets.with_rsa_public_key(key.clone()),
        None => secrets,
    })
}
