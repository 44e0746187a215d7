//! `oauth1 sign`: a request signed offline, printed with its base string and signature.

use clap::Args;
use oauth1_core::diagnose::Mismatch;
use oauth1_core::http;
use oauth1_core::{Nonce, Timestamp};

use crate::Failure;
use crate::credentials::Credentials;
use crate::request_line::{RequestLine, resolve_url};
use crate::signing::{ProviderArgs, SigningArgs, fresh_nonce, now, signer};

/// `oauth1 sign`'s flags.
#[derive(Args)]
pub(crate) struct SignArgs {
    #[command(flatten)]
    pub(crate) line: RequestLine,
    /// The URL (instead of --url).
    #[arg(value_name = "URL", conflicts_with = "url")]
    target: Option<String>,
    #[command(flatten)]
    credentials: Credentials,
    #[command(flatten)]
    provider: ProviderArgs,
    #[command(flatten)]
    signing: SigningArgs,
    /// Nonce (default: 32 random characters).
    #[arg(long, allow_hyphen_values = true)]
    nonce: Option<String>,
    /// Timestamp in seconds since the Unix epoch (default: now).
    #[arg(long)]
    timestamp: Option<u64>,
    /// oauth_callback (request-token step): a URL, a custom scheme, or `oob`.
    #[arg(long, allow_hyphen_values = true)]
    callback: Option<String>,
    /// oauth_verifier (access-token step).
    #[arg(long, allow_hyphen_values = true)]
    verifier: Option<String>,
    /// Print {"base_string", "signature", "url", "authorization", "body"} as JSON ("authorization"
    /// when the parameters go in the header, "body" when a form body is sent).
    #[arg(long)]
    json: bool,
    /// Print the normalized parameter table and the rules applied as well.
    #[arg(long, conflicts_with = "json")]
    explain: bool,
    /// A base string another implementation computed for this request (a provider's log or echo):
    /// print where ours differs and the known cause, and exit 1 if it does.
    #[arg(long, value_name = "BASE_STRING", allow_hyphen_values = true)]
    compare: Option<String>,
}

/// Signs the request offline and prints the base string, the signature, and the header (or the URL
/// or form body that carries the parameters).
pub(crate) fn sign(args: &SignArgs) -> Result<(), Failure> {
    let provider = args.provider.preset()?;
    let url = resolve_url(&args.line, args.target.as_deref(), provider.as_ref())?;
    let mut outgoing = args.line.request(&url, &[])?;
    let rules = args.signing.rules(provider.as_ref())?;
    let signing = args.signing.resolve(&rules, None)?;
    let client = args.credentials.client(None, signing.rsa_key.is_some())?;
    let token = args.credentials.token(None)?;
    let mut signer = signer(&client, token.as_ref(), &rules, signing.method()?, false);
    if let Some(callback) = &args.callback {
        signer = signer.callback(callback);
    }
    if let Some(verifier) = &args.verifier {
        signer = signer.verifier(verifier);
    }
    let nonce = match &args.nonce {
        Some(nonce) => Nonce::new(nonce).map_err(|e| Failure::usage(format!("--nonce: {e}")))?,
        None => fresh_nonce()?,
    };
    let timestamp = match args.timestamp {
        Some(secs) => Timestamp::from_secs(secs),
        None => now()?,
    };

    let as_signed = outgoing.as_signed(&signer, &rules)?;
    let explanation = signer
        .explain(&as_signed, &nonce, timestamp)
        .map_err(Failure::usage)?;
    let base_string = explanation.base_string();
    let mismatch = args.compare.as_deref().map(|theirs| explanation.compare(theirs));
    let auth = signer
        .sign(&as_signed, &nonce, timestamp)
        .map_err(Failure::usage)?;
    let signature = auth.signature().as_str();
    drop(as_signed);
    // The request as it is to be sent: the parameters where the provider's rules put them (the
    // header, the query or the form body), and with -G the data in the query.
    let unsigned_url = outgoing.request.uri().to_string();
    outgoing.authorize(&signer, &rules, &nonce, timestamp)?;
    let signed = &outgoing.request;
    let authorization = match signed.headers().get(http::header::AUTHORIZATION) {
        Some(header) => Some(
            header
                .to_str()
                .map_err(|_| Failure::usage("the Authorization header is not ASCII"))?,
        ),
        None => None,
    };
    let url = signed.uri().to_string();
    let url_changed = url != unsigned_url || args.line.get;
    // A form body to send (the data as built, with the parameters when they go in it); a body of
    // another type is the user's own bytes, which are not echoed.
    let form = Some(signed.body())
        .filter(|body| !body.is_empty() && oauth1_core::body::is_form_urlencoded(signed.headers()))
        .and_then(|body| std::str::from_utf8(body).ok());

    if args.json {
        let mut out = serde_json::json!({
            "base_string": base_string,
            "signature": signature,
            "url": url,
        });
        if let Some(authorization) = authorization {
            out["authorization"] = authorization.into();
        }
        if let Some(form) = form {
            out["body"] = form.into();
        }
        if let Some(mismatch) = &mismatch {
            out["compared"] = mismatch.as_ref().map(ToString::to_string).into();
        }
        out!("{out}");
        return compared(mismatch);
    }
    if args.explain {
        // The report redacts the verifier; the signature and header lines follow it.
        out_part!("{explanation}");
    } else {
        out!("base string:   {base_string}");
    }
    out!("signature:     {signature}");
    if let Some(authorization) = authorization {
        out!("authorization: {authorization}");
    }
    if url_changed {
        out!("url:           {url}");
    }
    if let Some(form) = form {
        out!("body:          {form}");
    }
    match &mismatch {
        Some(Some(mismatch)) => out!("compared:      {mismatch}"),
        Some(None) => out!("compared:      the same base string"),
        None => {}
    }
    compared(mismatch)
}

/// The command's end after `--compare`: a difference (shown above) exits 1, as `cmp` does.
fn compared(mismatch: Option<Option<Mismatch>>) -> Result<(), Failure> {
    match mismatch {
        Some(Some(_)) => Err(Failure::refused("the base strings differ")),
        _ => Ok(()),
    }
}
