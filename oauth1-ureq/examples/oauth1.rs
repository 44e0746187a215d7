//! `oauth1` — sign OAuth 1.0a requests from the command line, for any provider.
//!
//! ```text
//! cargo run -p oauth1-ureq --example oauth1 -- sign --method POST \
//!     --url 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true' \
//!     --data 'status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21' \
//!     --consumer-key … --consumer-secret … --token … --token-secret … [--json]
//! ```
//!
//! `sign` needs no network: it prints the signature base string, the signature and the `Authorization`
//! header. Credentials come from flags or from `OAUTH1_CONSUMER_KEY`, `OAUTH1_CONSUMER_SECRET`,
//! `OAUTH1_TOKEN` and `OAUTH1_TOKEN_SECRET`. Bad flags print a usage message and exit with status 2.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line program: printing is its output

use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};
use oauth1_core::http::{self, Request};
use oauth1_core::{BuiltinMethod, ClientCredentials, Nonce, Signer, Timestamp, TokenCredentials};

#[derive(Parser)]
#[command(name = "oauth1", version, about = "Sign OAuth 1.0a (RFC 5849) requests")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Sign a request without sending it: print the base string, the signature and the header.
    Sign(SignArgs),
}

/// Client and token credentials, from flags or the environment.
#[derive(Args)]
struct Credentials {
    /// Consumer key (oauth_consumer_key).
    #[arg(
        long,
        env = "OAUTH1_CONSUMER_KEY",
        allow_hyphen_values = true,
        hide_env_values = true
    )]
    consumer_key: String,
    /// Consumer secret.
    #[arg(
        long,
        env = "OAUTH1_CONSUMER_SECRET",
        allow_hyphen_values = true,
        hide_env_values = true
    )]
    consumer_secret: String,
    /// Token (oauth_token), for requests made on a user's behalf.
    #[arg(
        long,
        env = "OAUTH1_TOKEN",
        allow_hyphen_values = true,
        hide_env_values = true
    )]
    token: Option<String>,
    /// Token secret.
    #[arg(
        long,
        env = "OAUTH1_TOKEN_SECRET",
        allow_hyphen_values = true,
        hide_env_values = true
    )]
    token_secret: Option<String>,
}

#[derive(Args)]
struct SignArgs {
    /// HTTP method.
    #[arg(long, default_value = "GET", allow_hyphen_values = true)]
    method: String,
    /// Request URL, with its query as it will be sent.
    #[arg(long, allow_hyphen_values = true)]
    url: String,
    /// Form body as it will be sent (application/x-www-form-urlencoded).
    #[arg(long, allow_hyphen_values = true)]
    data: Option<String>,
    #[command(flatten)]
    credentials: Credentials,
    /// Signature method.
    #[arg(long, default_value = "HMAC-SHA1", value_parser = ["HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"])]
    signature_method: String,
    /// Nonce (default: 32 random characters).
    #[arg(long, allow_hyphen_values = true)]
    nonce: Option<String>,
    /// Timestamp in seconds since the Unix epoch (default: now).
    #[arg(long)]
    timestamp: Option<u64>,
    /// Realm for the Authorization header.
    #[arg(long, allow_hyphen_values = true)]
    realm: Option<String>,
    /// oauth_callback (request-token step): a URL, a custom scheme, or `oob`.
    #[arg(long, allow_hyphen_values = true)]
    callback: Option<String>,
    /// oauth_verifier (access-token step).
    #[arg(long, allow_hyphen_values = true)]
    verifier: Option<String>,
    /// Omit oauth_version (as the RFC 5849 examples do); it is sent by default, as Twitter/X does.
    #[arg(long)]
    no_version: bool,
    /// Print {"base_string", "signature", "authorization"} as JSON.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // Every flag error shows the usage, and exits 2, not only the ones clap shows it for.
            let usage = Cli::command().render_usage();
            let message = e.render().to_string();
            eprint!("{message}");
            if !message.contains("Usage:") {
                eprintln!("\n{usage}");
            }
            return ExitCode::from(2);
        }
        Err(e) => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    let result = match cli.command {
        Command::Sign(args) => sign(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("oauth1: {message}");
            // Every failure of `sign` is bad input, like a bad flag.
            ExitCode::from(2)
        }
    }
}

fn sign(args: &SignArgs) -> Result<(), String> {
    let mut builder = Request::builder()
        .method(args.method.as_str())
        .uri(args.url.as_str());
    if args.data.is_some() {
        builder = builder.header(http::header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    let body = args.data.clone().unwrap_or_default().into_bytes();
    let request = builder.body(body).map_err(|e| format!("--method/--url: {e}"))?;

    let creds = &args.credentials;
    let client = ClientCredentials::new(creds.consumer_key.as_str(), creds.consumer_secret.as_str());
    let token = match (&creds.token, &creds.token_secret) {
        (Some(token), secret) => Some(TokenCredentials::new(
            token.as_str(),
            secret.clone().unwrap_or_default(),
        )),
        (None, Some(_)) => return Err("--token-secret needs --token".into()),
        (None, None) => None,
    };
    let method = BuiltinMethod::from_name(&args.signature_method)
        .ok_or_else(|| format!("--signature-method: unknown method {}", args.signature_method))?;

    let mut signer = Signer::new(&client).method(method).version(!args.no_version);
    if let Some(token) = &token {
        signer = signer.token(token);
    }
    if let Some(realm) = &args.realm {
        signer = signer.realm(realm);
    }
    if let Some(callback) = &args.callback {
        signer = signer.callback(callback);
    }
    if let Some(verifier) = &args.verifier {
        signer = signer.verifier(verifier);
    }

    let nonce = match &args.nonce {
        Some(nonce) => Nonce::new(nonce).map_err(|e| format!("--nonce: {e}"))?,
        None => {
            Nonce::try_generate(&mut getrandom::SysRng).map_err(|e| format!("OS random generator: {e}"))?
        }
    };
    let timestamp = args.timestamp.map_or_else(Timestamp::now, Timestamp::from_secs);

    let base_string = signer
        .base_string(&request, &nonce, timestamp)
        .map_err(|e| e.to_string())?;
    // One signing pass gives both the signature and the header.
    let auth = signer
        .sign(&request, &nonce, timestamp)
        .map_err(|e| e.to_string())?;
    let signature = auth.signature().as_str();
    let header = auth.header_value();
    let authorization = header.to_str().unwrap_or_default();

    if args.json {
        let out = serde_json::json!({
            "base_string": base_string,
            "signature": signature,
            "authorization": authorization,
        });
        println!("{out}");
    } else {
        println!("base string:   {base_string}");
        println!("signature:     {signature}");
        println!("authorization: {authorization}");
    }
    Ok(())
}
