//! The reference provider on its own:
//! `cargo run -p oauth1-tests --bin provider -- --port 0 --consumer-key K --consumer-secret S`.
//!
//! Prints `PORT <n>` as its first line on stdout, listens on 127.0.0.1 only, logs each request and its
//! verification outcome on stderr, and serves until killed.

use std::io::Write as _;

use clap::Parser;
use oauth1_core::rsa::RsaPublicKey;
use oauth1_core::{ClientCredentials, TokenCredentials};
use oauth1_tests::provider::{ProviderConfig, ReferenceProvider};

/// A Twitter-like OAuth 1.0a provider on a loopback port, for tests and local development.
#[derive(Parser)]
#[command(name = "provider")]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The registered client's consumer key.
    #[arg(long, env = "OAUTH1_CONSUMER_KEY", allow_hyphen_values = true, value_parser = non_empty())]
    consumer_key: String,
    /// The registered client's consumer secret.
    #[arg(
        long,
        env = "OAUTH1_CONSUMER_SECRET",
        hide_env_values = true,
        allow_hyphen_values = true
    )]
    consumer_secret: String,
    /// An access token that exists from the start (with --token-secret).
    #[arg(long, requires = "token_secret", allow_hyphen_values = true, value_parser = non_empty())]
    token: Option<String>,
    /// The secret of --token.
    #[arg(long, requires = "token", hide_env_values = true, allow_hyphen_values = true)]
    token_secret: Option<String>,
    /// The client's RSA public key (PEM), for RSA-SHA1/256/512 clients (a Jira-style application link).
    #[arg(long)]
    rsa_public_key: Option<std::path::PathBuf>,
}

/// A consumer key or token no client could sign with (an unset CI variable gives one) is refused.
fn non_empty() -> clap::builder::NonEmptyStringValueParser {
    clap::builder::NonEmptyStringValueParser::new()
}

fn fail(message: &str) -> std::process::ExitCode {
    #[allow(clippy::print_stderr)] // the provider's messages go to its stderr
    {
        eprintln!("provider: {message}");
    }
    std::process::ExitCode::FAILURE
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let mut config = ProviderConfig::new(ClientCredentials::new(args.consumer_key, args.consumer_secret));
    config.port = args.port;
    config.log_to_stderr = true;
    if let (Some(token), Some(secret)) = (args.token, args.token_secret) {
        config.tokens.push(TokenCredentials::new(token, secret));
    }
    if let Some(path) = args.rsa_public_key {
        let pem = match std::fs::read_to_string(&path) {
            Ok(pem) => pem,
            Err(e) => return fail(&format!("cannot read {}: {e}", path.display())),
        };
        match RsaPublicKey::from_pem(&pem) {
            Ok(key) => config.rsa_public_key = Some(key),
            Err(e) => return fail(&format!("{}: {e}", path.display())),
        }
    }
    let provider = match ReferenceProvider::start_with(config) {
        Ok(provider) => provider,
        Err(e) => return fail(&format!("cannot start: {e}")),
    };
    let mut stdout = std::io::stdout();
    if writeln!(stdout, "PORT {}", provider.addr().port())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return std::process::ExitCode::FAILURE;
    }
    loop {
        std::thread::park();
    }
}
