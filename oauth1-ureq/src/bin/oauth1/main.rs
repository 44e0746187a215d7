//! `oauth1` — OAuth 1.0a (RFC 5849) from the command line, for any provider: what twurl and Twitter's old
//! signature generator did. Installed with `cargo install --locked --path oauth1-ureq --features cli`
//! (or run in place with `cargo run -p oauth1-ureq --features cli --bin oauth1 -- …`).
//!
//! ```text
//! oauth1 demo
//! oauth1 sign --method POST --url … --data … [--json]
//! oauth1 sign --provider netsuite --account-id 123456 --url … [--explain]
//! oauth1 providers
//! oauth1 authorize [--host https://api.twitter.com | --provider NAME] [--callback oob] [--save NAME]
//! oauth1 request [--profile NAME] [-X METHOD] [-G] [-d DATA | -d @FILE | --data-urlencode name=text | -F name=@FILE]… [-H 'name: value']… URL-or-/path [-i] [--json] [--explain]
//! oauth1 profiles [list | remove NAME | default NAME]
//! ```
//!
//! - `demo` needs nothing: it serves core's reference provider (`oauth1_core::reference`) on a loopback
//!   port inside the process and walks the PIN flow and two signed calls, printing each step.
//! - `sign` needs no network: it prints the signature base string, the signature and the header (or,
//!   when the provider's rules put the parameters in the query or the body, the URL or the form body
//!   to send).
//!   `--provider NAME` applies a preset's signing rules (method, realm, `oauth_version`, placement, body
//!   hash, base-string rule) under the other flags, which override them; `--content-type` with `--data`
//!   signs a body that is not a form (covered with `--body-hash` or the preset's policy); `--explain`
//!   prints the normalized parameter table and the rules applied.
//! - `providers` lists the presets and what each needs.
//! - `authorize` runs the 3-legged flow: the authorization URL goes alone on a line to stderr, the PIN
//!   (or the whole callback URL) is read from stdin, within `--pin-timeout` seconds; `--save NAME`
//!   keeps the provider and the credentials as a profile (the first one saved becomes the default).
//! - `request` signs and sends one request and prints the response body alone, as curl and twurl do
//!   (a body that is not text as its bytes, or with `--json` in base64 as `body_base64`), with `-i`
//!   the status and the headers before it, as curl -i does; a path alone is joined
//!   to the profile's (or preset's) API base; `--explain` shows what was signed and, when the provider
//!   echoes its base string, where the two differ.
//! - `profiles` lists the saved profiles (never a secret), removes one, or picks the default.
//!
//! Credentials come from a profile, flags, or `OAUTH1_CONSUMER_KEY`, `OAUTH1_CONSUMER_SECRET`,
//! `OAUTH1_TOKEN` and `OAUTH1_TOKEN_SECRET`. Profiles live in `OAUTH1_CONFIG_DIR` or the platform's
//! config directory, owner-only.
//!
//! One error policy: usage and bad input exit 2, decided before any network traffic; a provider's
//! refusal or a transport failure exits 1 with the provider's message. A reader that closes stdout
//! early (`| head -1`) ends the program quietly with status 141, as SIGPIPE would; a full disk is
//! exit 1.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line program: printing is its output

use std::io::{BufRead as _, Write as _};
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use clap::{Args, CommandFactory, FromArgMatches as _, Parser, Subcommand};
use oauth1_core::body::SensitiveBody;
use oauth1_core::http::{self, Request};
use oauth1_core::provider::{Endpoint, Flow};
use oauth1_core::reference::Config;
use oauth1_core::rsa::RsaPrivateKey;
use oauth1_core::signature::AnyMethod;
use oauth1_core::verify::AuthorizationHeader;
use oauth1_core::{
    AccessTokenRequest, AccessType, AuthorizeOptions, BodyHash, ClientCredentials, Compat,
    Error as CoreError, Nonce, Placement, Preset, PresetInput, Provider, Signer, SigningRules, Step,
    TemporaryCredentialsRequest, Timestamp, TokenCredentials,
};
use oauth1_ureq::{Client, Error as SendError};

mod server;
mod store;

use server::LoopbackProvider;
use store::{Profile, Store};

#[derive(Parser)]
#[command(
    name = "oauth1",
    version,
    about = "OAuth 1.0a (RFC 5849) from the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Walk the whole PIN flow and two signed calls against a provider started inside this process.
    Demo,
    /// Sign a request without sending it: print the base string, the signature and the header (or the
    /// URL or body that carries the parameters).
    Sign(Box<SignArgs>),
    /// List the provider presets `--provider` takes, with what each needs.
    Providers,
    /// Run the 3-legged flow against a provider: print the authorization URL, read the PIN.
    Authorize(Box<AuthorizeArgs>),
    /// Sign and send one request; print the response body (-i: the status and headers first).
    Request(Box<RequestArgs>),
    /// List the saved profiles, remove one, or pick the default.
    Profiles(ProfilesArgs),
}

/// Why the program stops, and with which exit status.
enum Failure {
    /// Bad flags or input, found before any network traffic: exit 2, with the usage line.
    Usage(String),
    /// A file the flags name or the program keeps (a key file, the profile store) is missing or
    /// malformed: exit 2 as bad input, without the usage line (the flags were right).
    File(String),
    /// The provider refused, or the transport failed: exit 1.
    Refused(String),
    /// Stdout could not be written: closed by its reader (`oauth1 providers | head -1`), which ends
    /// the program quietly as a program stopped by SIGPIPE does (status 141), or full (exit 1).
    Output(std::io::Error),
}

/// `println!` into the command's result: a stdout that cannot be written ends the command with
/// [`Failure::Output`] instead of a panic.
macro_rules! out {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout(), $($arg)*).map_err(Failure::Output)?
    };
}

/// `print!` likewise.
macro_rules! out_part {
    ($($arg:tt)*) => {
        write!(std::io::stdout(), $($arg)*).map_err(Failure::Output)?
    };
}

/// `eprintln!` that cannot panic: standard error is where the program says why it stopped, so when
/// that cannot be written there is nowhere left to report it; the exit status still tells.
macro_rules! err {
    ($($arg:tt)*) => {
        drop(writeln!(std::io::stderr(), $($arg)*))
    };
}

/// `eprint!` likewise.
macro_rules! err_part {
    ($($arg:tt)*) => {
        drop(write!(std::io::stderr(), $($arg)*))
    };
}

impl Failure {
    fn usage(message: impl std::fmt::Display) -> Self {
        Self::Usage(message.to_string())
    }
}

impl From<SendError> for Failure {
    fn from(error: SendError) -> Self {
        // Core refusing our own input before sending is bad input; everything else happened on the wire.
        match error {
            SendError::OAuth(CoreError::Input(e)) => Self::Usage(e.to_string()),
            other => Self::Refused(other.to_string()),
        }
    }
}

/// Client and token credentials, from flags or the environment (or a profile).
#[derive(Args)]
struct Credentials {
    /// Consumer key (oauth_consumer_key).
    #[arg(
        long,
        env = "OAUTH1_CONSUMER_KEY",
        allow_hyphen_values = true,
        hide_env_values = true
    )]
    consumer_key: Option<String>,
    /// Consumer secret (the RSA methods sign with --rsa-key instead and need none).
    #[arg(
        long,
        env = "OAUTH1_CONSUMER_SECRET",
        allow_hyphen_values = true,
        hide_env_values = true
    )]
    consumer_secret: Option<String>,
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

/// The provider: a preset, or (for `authorize`) a host with Twitter's paths.
#[derive(Args)]
struct ProviderArgs {
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
struct SigningArgs {
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
    rsa_key: Option<std::path::PathBuf>,
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

/// The request as it will be sent.
#[derive(Args)]
struct RequestLine {
    /// HTTP method [default: GET, or POST with --data, as twurl and curl do].
    #[arg(short = 'X', long, allow_hyphen_values = true)]
    method: Option<String>,
    /// Request URL, with its query as it will be sent (or give it, or a path, as the last argument).
    #[arg(long, allow_hyphen_values = true)]
    url: Option<String>,
    /// Body as it will be sent, a form (application/x-www-form-urlencoded) unless --content-type says
    /// otherwise; repeated, the parts are joined with `&`. `@FILE` reads a part from FILE (`@-` from
    /// standard input), as curl does: a form's line breaks are dropped, any other body is sent byte
    /// for byte. (A form part that starts with `@` itself is written `%40`, or given with --data-raw.)
    #[arg(short = 'd', long, allow_hyphen_values = true)]
    data: Vec<String>,
    /// A body part whose text is percent-encoded here, as curl's --data-urlencode does it:
    /// `name=text`, `=text` or `text`, and `name@FILE` or `@FILE` for a file's text (line breaks
    /// kept); the name is taken as already encoded. All --data parts are joined in the order given.
    #[arg(long, value_name = "DATA", allow_hyphen_values = true)]
    data_urlencode: Vec<String>,
    /// A body part as -d, but one that starts with `@` is sent as it is (curl's --data-raw, which a
    /// browser's "Copy as cURL" writes).
    #[arg(long, value_name = "DATA", allow_hyphen_values = true)]
    data_raw: Vec<String>,
    /// A body part as -d, but `@FILE` is read byte for byte, line breaks kept (curl's --data-binary).
    #[arg(long, value_name = "DATA", allow_hyphen_values = true)]
    data_binary: Vec<String>,
    /// A multipart/form-data part, as curl's -F: `name=value`, `name=@FILE` (a file, its type
    /// guessed from its name; `;type=TYPE` and `;filename=NAME` after it say otherwise) or
    /// `name=<FILE` (a field whose value is FILE's contents). A multipart body is not signed part by
    /// part (RFC 5849 signs only a form-urlencoded body; --body-hash covers it), except where the
    /// provider signs its text fields (flickr, woocommerce): those are, the files never.
    #[arg(
        short = 'F',
        long = "form",
        value_name = "NAME=CONTENT",
        allow_hyphen_values = true,
        conflicts_with_all = ["data", "data_raw", "data_binary", "data_urlencode", "get", "content_type"]
    )]
    form: Vec<String>,
    /// Send the data in the URL's query, with GET unless -X says otherwise, as curl -G does.
    #[arg(short = 'G', long)]
    get: bool,
    /// The body's content type; a body that is not a form needs it. Such a body is not signed
    /// parameter by parameter; --body-hash covers it.
    #[arg(long, allow_hyphen_values = true)]
    content_type: Option<String>,
    /// The parts of -d and the other --data flags in command-line order (clap keeps each flag's
    /// values apart; `in_order` fills this from their positions).
    #[arg(skip)]
    parts: Vec<DataPart>,
}

/// One piece of the body (or, with -G, of the query), as the command line gave it.
enum DataPart {
    /// `-d`: as it will be sent; `@FILE` reads it from FILE (a form's without line breaks).
    Data(String),
    /// `--data-raw`: as it will be sent, `@` included.
    Raw(String),
    /// `--data-binary`: as `-d`, but `@FILE` is read byte for byte whatever the body.
    Binary(String),
    /// `--data-urlencode`: its text percent-encoded, in curl's forms.
    UrlEncode(String),
}

#[derive(Args)]
struct SignArgs {
    #[command(flatten)]
    line: RequestLine,
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
}

#[derive(Args)]
struct AuthorizeArgs {
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

#[derive(Args)]
struct RequestArgs {
    #[command(flatten)]
    line: RequestLine,
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

#[derive(Args)]
struct ProfilesArgs {
    #[command(subcommand)]
    action: Option<ProfilesAction>,
}

#[derive(Subcommand)]
enum ProfilesAction {
    /// List the saved profiles (the default marked with `*`); never a secret.
    List,
    /// Remove one profile.
    Remove {
        /// The profile's name.
        name: String,
    },
    /// Make one profile the default.
    Default {
        /// The profile's name.
        name: String,
    },
}

fn main() -> ExitCode {
    // The program takes no flags of its own, so the leading arguments name the subcommand whose
    // usage line follows an error (`profiles remove`; an unknown name gets the program's).
    let words: Vec<String> = std::env::args_os()
        .skip(1)
        .map_while(|word| word.into_string().ok())
        .collect();
    let result = match parse() {
        Ok(cli) => run(cli.command),
        Err(e) if e.use_stderr() => {
            // Every flag error shows the usage, and exits 2, not only the ones clap shows it for.
            let message = e.render().to_string();
            err_part!("{message}");
            if !message.contains("Usage:") {
                err!("\n{}", usage(&words));
            }
            return ExitCode::from(2);
        }
        // --help and --version: their text is the output, so an unwritable stdout is told as for any.
        Err(e) => e.print().map_err(Failure::Output),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            err!("oauth1: {message}");
            err!("\n{}", usage(&words));
            ExitCode::from(2)
        }
        Err(Failure::File(message)) => {
            err!("oauth1: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Refused(message)) => {
            err!("oauth1: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Output(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(141),
        Err(Failure::Output(error)) => {
            err!("oauth1: cannot write to stdout: {error}");
            ExitCode::from(1)
        }
    }
}

/// The command line, with each request's data parts in the order given.
fn parse() -> Result<Cli, clap::Error> {
    let matches = Cli::command().try_get_matches()?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    if let Some((_, matches)) = matches.subcommand() {
        match &mut cli.command {
            Command::Sign(args) => args.line.in_order(matches),
            Command::Request(args) => args.line.in_order(matches),
            Command::Demo | Command::Providers | Command::Authorize(_) | Command::Profiles(_) => {}
        }
    }
    Ok(cli)
}

/// The usage line of the (sub)subcommand `words` start with (`Usage: oauth1 sign [OPTIONS] <URL>`,
/// `Usage: oauth1 profiles remove <NAME>`), or the program's.
fn usage(words: &[String]) -> clap::builder::StyledStr {
    let mut program = Cli::command();
    // Built, subcommands know the program's name for their usage line.
    program.build();
    let mut command = &program;
    for word in words {
        match command.find_subcommand(word) {
            Some(subcommand) => command = subcommand,
            None => break,
        }
    }
    // Rendering takes `&mut`; the error path can afford a copy.
    command.clone().render_usage()
}

/// Runs the command the flags chose.
fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Demo => demo(),
        Command::Sign(args) => sign(&args),
        Command::Providers => providers(),
        Command::Authorize(args) => authorize(&args),
        Command::Request(args) => request(&args),
        Command::Profiles(args) => profiles(&args),
    }
}

impl Credentials {
    /// The client credentials, from the flags or else `profile`. A consumer key needs its secret,
    /// except for the RSA methods (`signing` holds a key), which sign without one (RFC 5849 §3.4.3).
    fn client(&self, profile: Option<&Profile>, signing: &Signing) -> Result<ClientCredentials, Failure> {
        given(&self.consumer_key, "--consumer-key", "OAUTH1_CONSUMER_KEY")?;
        match (&self.consumer_key, &self.consumer_secret, profile) {
            (Some(key), Some(secret), _) => Ok(ClientCredentials::new(key.as_str(), secret.as_str())),
            (Some(key), None, _) if signing.rsa_key.is_some() => Ok(ClientCredentials::new(key.as_str(), "")),
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
    fn token(&self, profile: Option<&Profile>) -> Result<Option<TokenCredentials>, Failure> {
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

impl ProviderArgs {
    /// The preset `--provider` names, built from `--base-url` or `--account-id`.
    fn preset(&self) -> Result<Option<Provider>, Failure> {
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

impl RequestLine {
    /// Puts the values of -d and the other --data flags in `parts`, in the order the command line gave
    /// them.
    fn in_order(&mut self, matches: &clap::ArgMatches) {
        use std::mem::take;
        let flags = [
            (
                "data",
                take(&mut self.data),
                DataPart::Data as fn(String) -> DataPart,
            ),
            ("data_raw", take(&mut self.data_raw), DataPart::Raw),
            ("data_binary", take(&mut self.data_binary), DataPart::Binary),
            (
                "data_urlencode",
                take(&mut self.data_urlencode),
                DataPart::UrlEncode,
            ),
        ];
        let mut parts = Vec::new();
        for (id, values, part) in flags {
            let positions: Vec<usize> = matches.indices_of(id).into_iter().flatten().collect();
            // Zipped: a position lost would drop a part without a word.
            assert_eq!(
                positions.len(),
                values.len(),
                "clap records each value's position"
            );
            parts.extend(positions.into_iter().zip(values.into_iter().map(part)));
        }
        parts.sort_by_key(|&(position, _)| position);
        self.parts = parts.into_iter().map(|(_, part)| part).collect();
    }

    /// The data: the parts joined with `&` (`-d @FILE` read from FILE, without its line breaks when
    /// the data is `form`-encoded), checked to be a form unless `typed` (a content type is given).
    fn data(&self, typed: bool, form: bool) -> Result<Option<Vec<u8>>, Failure> {
        if self.parts.is_empty() {
            return Ok(None);
        }
        let mut data = Vec::new();
        for (i, piece) in self.parts.iter().enumerate() {
            if i > 0 {
                data.push(b'&');
            }
            match piece {
                DataPart::Data(part) | DataPart::Binary(part) => match part.strip_prefix('@') {
                    Some(path) => {
                        let flag = match piece {
                            DataPart::Data(_) => "--data",
                            _ => "--data-binary",
                        };
                        let mut contents = read_data_file(path, &format!("{flag} {part}"))?;
                        if form && matches!(piece, DataPart::Data(_)) {
                            // A form file is one line that editors end with a line break, which
                            // curl drops too (--data-binary keeps it, as curl's does).
                            contents.retain(|&b| !matches!(b, b'\r' | b'\n'));
                        }
                        data.append(&mut contents);
                    }
                    None => data.extend_from_slice(part.as_bytes()),
                },
                DataPart::Raw(part) => data.extend_from_slice(part.as_bytes()),
                DataPart::UrlEncode(spec) => data.extend_from_slice(url_encoded(spec)?.as_bytes()),
            }
        }
        // Octets a form never holds unencoded: JSON, XML, text.
        let not_form = |b: u8| !b.is_ascii_graphic() || b"{}[]\"<>\\^`|".contains(&b);
        if !typed && let Some(at) = data.iter().position(|&b| not_form(b)) {
            let kind = match data[at] {
                b if b.is_ascii() => character_kind(char::from(b)),
                _ => String::from("a non-ASCII character"),
            };
            let (form, otherwise) = match self.get {
                true => ("a query", ""),
                false => (
                    "a form",
                    ", or give the body's --content-type (and --body-hash sha1 to cover it)",
                ),
            };
            return Err(Failure::usage(format!(
                "--data holds {kind} at byte {at}, which {form} never holds unencoded: percent-encode \
                 it (--data-urlencode does){otherwise}"
            )));
        }
        Ok(Some(data))
    }

    /// The request to `url`, its body (if any) with its content type, and `headers` (`name: value`).
    /// Each piece is checked on its own, so that an error names its flag and what is wrong.
    fn request(&self, url: &str, headers: &[String]) -> Result<Outgoing, Failure> {
        let method = match &self.method {
            Some(method) => method.as_str(),
            None if self.get || (self.parts.is_empty() && self.form.is_empty()) => "GET",
            None => "POST",
        };
        let method = http::Method::from_bytes(method.as_bytes()).map_err(|_| {
            Failure::usage(format!(
                "--method {method:?} is not an HTTP method (letters, digits and !#$%&'*+-.^_`|~ only)"
            ))
        })?;
        if self.parts.is_empty() && self.content_type.is_some() {
            return Err(Failure::usage("--content-type goes with --data"));
        }
        let url = match self.get {
            true => with_query(url, self.query()?.as_deref()),
            false => url.to_owned(),
        };
        let uri: http::Uri = url.parse().map_err(|e| Failure::usage(url_problem(&url, &e)))?;
        let mut fields = http::HeaderMap::new();
        let mut own_content_type = false;
        for header in headers {
            // Never quoted whole: a header's value may be a key.
            let (name, value) = header
                .split_once(':')
                .ok_or_else(|| Failure::usage("-H expects 'name: value', and one has no ':'"))?;
            let name = http::HeaderName::from_bytes(name.trim().as_bytes())
                .map_err(|_| Failure::usage(format!("-H {:?}: not a header name", name.trim())))?;
            let value = header_value(value.trim()).ok_or_else(|| {
                Failure::usage(format!(
                    "-H {name}: its value holds a character a header cannot (a control character)"
                ))
            })?;
            if name == http::header::CONTENT_TYPE {
                // One Content-Type on the wire, and the one the signer reads.
                if own_content_type || self.content_type.is_some() {
                    return Err(Failure::usage(
                        "the content type is given twice (--content-type, -H Content-Type): give it once",
                    ));
                }
                own_content_type = true;
            }
            fields.append(name, value);
        }
        if !self.form.is_empty() {
            if own_content_type {
                return Err(Failure::usage(
                    "-H Content-Type: -F sends multipart/form-data with a boundary of its own; drop it",
                ));
            }
            let (content_type, body, text_fields) = multipart(&self.form)?;
            fields.insert(http::header::CONTENT_TYPE, content_type);
            let mut request = Request::new(body);
            *request.method_mut() = method;
            *request.uri_mut() = uri;
            *request.headers_mut() = fields;
            return Ok(Outgoing { request, text_fields });
        }
        let has_body = !self.get && !self.parts.is_empty();
        if has_body && !own_content_type {
            let content_type = self
                .content_type
                .as_deref()
                .unwrap_or("application/x-www-form-urlencoded");
            let content_type = header_value(content_type).ok_or_else(|| {
                Failure::usage("--content-type holds a character a header cannot (a control character)")
            })?;
            fields.insert(http::header::CONTENT_TYPE, content_type);
        }
        let body = match has_body {
            // Whether the body is signed as a form is the signer's call: ask it the same way.
            true => self.data(
                own_content_type || self.content_type.is_some(),
                oauth1_core::body::is_form_urlencoded(&fields),
            )?,
            false => None,
        };
        let mut request = Request::new(body.unwrap_or_default());
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        *request.headers_mut() = fields;
        Ok(Outgoing {
            request,
            text_fields: Vec::new(),
        })
    }

    /// With -G: the data for the query, always a form (curl -G reads `-d @FILE` as for a form body).
    fn query(&self) -> Result<Option<String>, Failure> {
        if self.content_type.is_some() {
            return Err(Failure::usage(
                "--content-type names a body's type, and with -G the data goes in the query",
            ));
        }
        // Checked to hold printable ASCII only, so each octet is its character.
        let query = self.data(false, true)?;
        Ok(query.map(|query| query.into_iter().map(char::from).collect()))
    }
}

/// A request built from the command line, and the text fields of its multipart body (-F `name=value`
/// and `name=<FILE`), which some providers sign.
struct Outgoing {
    request: Request<Vec<u8>>,
    text_fields: TextFields,
}

/// A multipart body's text fields, each name and value (-F `name=value`, `name=<FILE`).
type TextFields = Vec<(String, Vec<u8>)>;

impl Outgoing {
    /// What `signer` signs: the request, or where the provider signs a multipart body's text fields
    /// (Flickr, WooCommerce), core's stand-in holding them.
    fn as_signed(
        &self,
        signer: &Signer<'_, AnyMethod<'_>>,
        rules: &SigningRules,
    ) -> Result<std::borrow::Cow<'_, Request<Vec<u8>>>, Failure> {
        match signed_fields(&self.text_fields, &self.request, rules)? {
            Some(fields) => signer
                .multipart_as_signed(&self.request, &fields)
                .map(std::borrow::Cow::Owned)
                .map_err(Failure::usage),
            None => Ok(std::borrow::Cow::Borrowed(&self.request)),
        }
    }

    /// Signs the request in place, as [`as_signed`](Self::as_signed) says it is signed.
    fn authorize(
        &mut self,
        signer: &Signer<'_, AnyMethod<'_>>,
        rules: &SigningRules,
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<(), Failure> {
        let signed = match signed_fields(&self.text_fields, &self.request, rules)? {
            Some(fields) => signer.authorize_multipart(&mut self.request, &fields, nonce, timestamp),
            None => signer.authorize(&mut self.request, nonce, timestamp),
        };
        signed.map_err(Failure::usage)
    }
}

/// `text_fields` as the signer takes them, when the provider signs a multipart body's text fields and
/// `request`'s body is multipart; a field the signer takes must be UTF-8 text.
fn signed_fields<'f>(
    text_fields: &'f TextFields,
    request: &Request<Vec<u8>>,
    rules: &SigningRules,
) -> Result<Option<Vec<(&'f str, &'f str)>>, Failure> {
    if !rules.multipart_fields || !oauth1_core::body::is_multipart_form(request.headers()) {
        return Ok(None);
    }
    let fields = text_fields.iter().map(|(name, value)| {
        let value = std::str::from_utf8(value).map_err(|_| {
            Failure::usage(format!(
                "-F {name}=<FILE: the provider signs a multipart body's text fields, and this \
                     file is not UTF-8 text"
            ))
        })?;
        Ok((name.as_str(), value))
    });
    fields.collect::<Result<_, _>>().map(Some)
}

/// What one -F part holds.
enum FormContent<'a> {
    /// `name=value`.
    Text(&'a str),
    /// `name=<FILE`: a field whose value is the file's contents.
    FileText(Vec<u8>),
    /// `name=@FILE[;type=TYPE][;filename=NAME]`: a file.
    File {
        path: &'a str,
        media_type: Option<&'a str>,
        file_name: Option<&'a str>,
    },
}

/// Whether `text` cannot go between the quotes of a part's header: ureq's multipart writer writes
/// names as they are, and one of these would end the quoted string or the header line.
fn unquotable(text: &str) -> bool {
    text.contains(['"', '\r', '\n'])
}

/// One -F part: its name and what it holds (a `<FILE` read here, bounded as `-d @FILE` is).
fn form_part(spec: &str) -> Result<(&str, FormContent<'_>), Failure> {
    // Never quoted whole: a field's value may be a secret.
    let (name, content) = spec.split_once('=').ok_or_else(|| {
        Failure::usage("-F expects name=value, name=@FILE or name=<FILE, and one has no '='")
    })?;
    if unquotable(name) {
        return Err(Failure::usage(format!(
            "-F {name:?}: a part's name cannot hold '\"' or a line break"
        )));
    }
    if let Some(path) = content.strip_prefix('<') {
        let contents = read_data_file(path, &format!("-F {name}=<{path}"))?;
        return Ok((name, FormContent::FileText(contents)));
    }
    let Some(file) = content.strip_prefix('@') else {
        return Ok((name, FormContent::Text(content)));
    };
    let (path, settings) = match file.split_once(';') {
        Some((path, settings)) => (path, Some(settings)),
        None => (file, None),
    };
    let (mut media_type, mut file_name) = (None, None);
    for setting in settings.into_iter().flat_map(|settings| settings.split(';')) {
        match setting.split_once('=') {
            Some(("type", value)) => media_type = Some(value),
            Some(("filename", value)) if !unquotable(value) => file_name = Some(value),
            Some(("filename", _)) => {
                return Err(Failure::usage(format!(
                    "-F {name}: a file name cannot hold '\"' or a line break"
                )));
            }
            _ => {
                return Err(Failure::usage(format!(
                    "-F {name}: after the file, only ;type=TYPE and ;filename=NAME are known"
                )));
            }
        }
    }
    Ok((
        name,
        FormContent::File {
            path,
            media_type,
            file_name,
        },
    ))
}

/// The multipart/form-data body of the -F parts, by ureq's multipart writer, its content type (with
/// the writer's random boundary), and its text fields' names and values.
fn multipart(specs: &[String]) -> Result<(http::HeaderValue, Vec<u8>, TextFields), Failure> {
    use ureq::unversioned::multipart::{Form, Part};
    let parts = specs
        .iter()
        .map(|spec| form_part(spec))
        .collect::<Result<Vec<_>, _>>()?;
    let mut form = Form::new();
    let mut text_fields = Vec::new();
    for (name, content) in &parts {
        let part = match content {
            FormContent::Text(value) => {
                text_fields.push(((*name).to_owned(), value.as_bytes().to_vec()));
                Part::text(value)
            }
            FormContent::FileText(contents) => {
                text_fields.push(((*name).to_owned(), contents.clone()));
                Part::bytes(contents)
            }
            FormContent::File {
                path,
                media_type,
                file_name,
            } => {
                let what = format!("-F {name}=@{path}");
                if Path::new(path).is_dir() {
                    // It opens, and then fails to read only when the body is written.
                    return Err(Failure::File(format!("{what}: a directory, not a file")));
                }
                let mut part = Part::file(path).map_err(|e| Failure::File(format!("{what}: {e}")))?;
                match file_name {
                    Some(file_name) => part = part.file_name(file_name),
                    // The name ureq takes from the path, as it takes it.
                    None if Path::new(path)
                        .file_name()
                        .is_some_and(|name| unquotable(&name.to_string_lossy())) =>
                    {
                        return Err(Failure::usage(format!(
                            "{what}: the file's name holds '\"' or a line break; give ;filename=NAME"
                        )));
                    }
                    None => {}
                }
                if let Some(media_type) = media_type {
                    part = part.mime_str(media_type).map_err(|_| {
                        Failure::usage(format!("-F {name}: ;type={media_type} is not a media type"))
                    })?;
                }
                part
            }
        };
        form = form.part(name, part);
    }
    let content_type =
        http::HeaderValue::from_str(&format!("multipart/form-data; boundary={}", form.boundary()))
            .map_err(|_| Failure::usage("ureq's multipart boundary is not a header value"))?;
    let body = read_at_most(form, MAX_DATA_FILE_BYTES)
        .map_err(|e| Failure::File(format!("-F: {e}")))?
        .ok_or_else(|| {
            Failure::File(format!(
                "-F: the multipart body is larger than {MAX_DATA_FILE_BYTES} bytes"
            ))
        })?;
    Ok((content_type, body, text_fields))
}

/// `url` with `query` appended to its query (started with `?` when it has none), before any
/// `#fragment`, as curl -G appends its data.
fn with_query(url: &str, query: Option<&str>) -> String {
    let Some(query) = query.filter(|query| !query.is_empty()) else {
        return url.to_owned();
    };
    let (head, fragment) = url.split_at(url.find('#').unwrap_or(url.len()));
    let separator = match head.find('?') {
        None => "?",
        Some(_) if head.ends_with(['?', '&']) => "",
        Some(_) => "&",
    };
    format!("{head}{separator}{query}{fragment}")
}

/// A --data-urlencode part in curl's forms: up to the first `=`, a name taken as it is, then text to
/// encode; without `=`, up to the first `@` a name, then a file whose text to encode; else all text.
/// The name gets its `=` only when it is not empty (`=text` is the text alone).
fn url_encoded(spec: &str) -> Result<String, Failure> {
    let (name, text) = if let Some((name, text)) = spec.split_once('=') {
        (name, std::borrow::Cow::Borrowed(text))
    } else if let Some((name, path)) = spec.split_once('@') {
        let what = format!("--data-urlencode {spec}");
        let contents = read_data_file(path, &what)?;
        let text = String::from_utf8(contents)
            .map_err(|_| Failure::File(format!("{what}: not UTF-8 text, which a form holds")))?;
        (name, std::borrow::Cow::Owned(text))
    } else {
        ("", std::borrow::Cow::Borrowed(spec))
    };
    let encoded = oauth1_core::encode::percent_encode(&text);
    Ok(match name {
        "" => encoded.to_string(),
        name => format!("{name}={encoded}"),
    })
}

/// Why `http` refuses `url`: the first character RFC 3986 never allows unencoded, by its kind and
/// place (a URL's query may hold a key), else `http`'s own reason.
fn url_problem(url: &str, error: &http::uri::InvalidUri) -> String {
    let never_unencoded = |c: char| c.is_ascii_control() || " \"<>\\^`{|}".contains(c);
    match url.char_indices().find(|&(_, c)| never_unencoded(c)) {
        Some((at, c)) => format!(
            "--url holds {} at byte {at}, which a URL never holds unencoded: percent-encode it (a \
             space is %20)",
            character_kind(c)
        ),
        None => format!("--url: {error}"),
    }
}

/// A character an argument must not hold unencoded, named by its kind where printing it could show
/// part of a value (or break the line).
fn character_kind(c: char) -> String {
    match c {
        ' ' => String::from("a space"),
        c if c.is_ascii_control() => String::from("a control character"),
        c if !c.is_ascii() => String::from("a non-ASCII character"),
        c => format!("'{c}'"),
    }
}

/// The URL `target` (or `--url`) names: a URL as it is, or a path joined to the provider's API base.
fn resolve_url(
    line: &RequestLine,
    target: Option<&str>,
    provider: Option<&Provider>,
) -> Result<String, Failure> {
    let Some(target) = target.or(line.url.as_deref()) else {
        return Err(Failure::usage(
            "no URL: give --url or the URL as the last argument",
        ));
    };
    if !target.starts_with('/') {
        if !target.contains("://") {
            return Err(Failure::usage(
                "--url is neither a URL (https://host/…) nor a path (/…) to join to the API base",
            ));
        }
        return Ok(target.to_owned());
    }
    match provider.and_then(Provider::api_base) {
        Some(base) => Ok(format!("{base}{target}")),
        None => Err(Failure::usage(format!(
            "{target}: the request URI is not absolute; a path alone needs --profile or --provider with \
             an API base"
        ))),
    }
}

/// Refuses plain http to a host that is not loopback, unless `allowed`. (Any other scheme is left to
/// core, which refuses it as what it is.)
fn check_transport(url: &str, allowed: bool) -> Result<(), Failure> {
    let uri: http::Uri = url.parse().map_err(|e| Failure::usage(format!("{url}: {e}")))?;
    let (Some(scheme), Some(host)) = (uri.scheme_str(), uri.host()) else {
        return Err(Failure::usage(format!("{url}: not an absolute URL")));
    };
    if !scheme.eq_ignore_ascii_case("http") || allowed || oauth1_core::provider::is_loopback(host) {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "{url}: plain http to {host} would send the credentials in clear; use https, or --insecure-http"
    )))
}

/// The method the rules name, and its RSA key.
struct Signing {
    method_name: String,
    rsa_key: Option<RsaPrivateKey>,
}

impl SigningArgs {
    /// The rules to sign by: the provider's (or the defaults) with the flags' overrides. `authorize`
    /// signs its flow with them and `--save` keeps them, so a profile signs as its flow did.
    fn rules(&self, provider: Option<&Provider>) -> Result<SigningRules, Failure> {
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
    fn resolve(&self, rules: &SigningRules, profile: Option<&Profile>) -> Result<Signing, Failure> {
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
    fn method(&self) -> Result<AnyMethod<'_>, Failure> {
        AnyMethod::from_name(&self.method_name, self.rsa_key.as_ref())
            .map_err(|e| Failure::usage(format!("--signature-method {}: {e}", self.method_name)))
    }
}

/// A signer for `client` (and `token`) by `rules` (see [`SigningArgs::rules`]).
fn signer<'a>(
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

/// A header value from text the user gave: its UTF-8 octets, as curl sends them, or `None` for a line
/// break or another control character. (`HeaderValue::from_str` refuses any non-ASCII from http 1.6 on.)
fn header_value(text: &str) -> Option<http::HeaderValue> {
    http::HeaderValue::from_bytes(text.as_bytes()).ok()
}

/// The User-Agent for `-A` (this program's name and version without it).
fn user_agent(given: Option<&str>) -> Result<http::HeaderValue, Failure> {
    let name = given.unwrap_or(concat!("oauth1/", env!("CARGO_PKG_VERSION")));
    header_value(name).ok_or_else(|| {
        Failure::usage("--user-agent: a header value holds no line break or control character")
    })
}

fn fresh_nonce() -> Result<Nonce, Failure> {
    Nonce::try_generate(&mut getrandom::SysRng)
        .map_err(|e| Failure::Refused(format!("OS random generator: {e}")))
}

fn now() -> Result<Timestamp, Failure> {
    Timestamp::now().map_err(|e| Failure::Refused(e.to_string()))
}

fn sign(args: &SignArgs) -> Result<(), Failure> {
    let provider = args.provider.preset()?;
    let url = resolve_url(&args.line, args.target.as_deref(), provider.as_ref())?;
    let mut outgoing = args.line.request(&url, &[])?;
    let rules = args.signing.rules(provider.as_ref())?;
    let signing = args.signing.resolve(&rules, None)?;
    let client = args.credentials.client(None, &signing)?;
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
        out!("{out}");
        return Ok(());
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
    Ok(())
}

fn authorize(args: &AuthorizeArgs) -> Result<(), Failure> {
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
    let client = args.credentials.client(None, &signing)?;
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
    let authorized = pending
        .complete(answer.trim())
        .map_err(|e| Failure::Refused(e.to_string()))?;
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

/// Text the provider chose, as shown on a terminal: a control character (an escape sequence could
/// recolour, retitle or rewrite the terminal) is shown escaped, `\u{1b}`. (`--json` escapes them too.)
fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    std::borrow::Cow::Owned(shown)
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

fn request(args: &RequestArgs) -> Result<(), Failure> {
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
    let client = args.credentials.client(profile, &signing)?;
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
            Err(Failure::Refused(error.to_string()))
        }
        Err(other) => Err(Failure::Refused(other.to_string())),
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

fn profiles(args: &ProfilesArgs) -> Result<(), Failure> {
    let mut store = Store::load().map_err(Failure::File)?;
    match &args.action {
        None | Some(ProfilesAction::List) => {
            if store.profiles.is_empty() {
                out!("no profiles saved (authorize --save NAME saves one)");
            }
            for (name, profile) in &store.profiles {
                let mark = if store.default.as_deref() == Some(name) {
                    "*"
                } else {
                    " "
                };
                let base = profile
                    .provider
                    .flow()
                    .map(|flow| flow.request_token.url.as_str())
                    .or(profile.provider.api_base())
                    .unwrap_or_default();
                out!(
                    "{mark} {name:<16} {:<12} consumer {}  token {}  {base}",
                    profile.provider.name(),
                    profile.consumer_key,
                    profile.token
                );
            }
            Ok(())
        }
        Some(ProfilesAction::Remove { name }) => {
            if store.profiles.remove(name).is_none() {
                return Err(Failure::usage(format!("{name}: no such profile")));
            }
            if store.default.as_deref() == Some(name.as_str()) {
                store.default = None;
            }
            store.save().map_err(Failure::Refused)?;
            out!("removed profile {name}");
            Ok(())
        }
        Some(ProfilesAction::Default { name }) => {
            if !store.profiles.contains_key(name) {
                return Err(Failure::usage(format!("{name}: no such profile")));
            }
            store.default = Some(name.clone());
            store.save().map_err(Failure::Refused)?;
            out!("default profile: {name}");
            Ok(())
        }
    }
}

/// Prints the presets: name, what each needs, and its signing rules.
fn providers() -> Result<(), Failure> {
    out!(
        "{:<19} {:<14} {:<12} {:<7} notes",
        "provider",
        "needs",
        "method",
        "params"
    );
    for preset in Preset::ALL {
        let needs = match preset.input() {
            PresetInput::BaseUrl => "--base-url",
            PresetInput::AccountId => "--account-id",
            _ => "",
        };
        let input = match preset.input() {
            PresetInput::BaseUrl => Some("https://service.example.com"),
            PresetInput::AccountId => Some("123456"),
            _ => None,
        };
        // The example inputs are valid: a preset that refuses one is a bug to show, not to skip.
        let provider = preset
            .provider(input)
            .map_err(|e| Failure::Refused(format!("preset {preset}: {e}")))?;
        let rules = provider.rules();
        let mut notes = Vec::new();
        match provider.flow() {
            None => notes.push("no 3-legged flow".to_owned()),
            Some(flow) => match flow.rules.placement {
                Some(Placement::Body) if rules.placement != Placement::Body => {
                    notes.push("token requests in the form body".to_owned());
                }
                Some(Placement::Query) if rules.placement != Placement::Query => {
                    notes.push("token requests in the query".to_owned());
                }
                _ => {}
            },
        }
        if let Some(realm) = &rules.realm {
            notes.push(if preset == Preset::NetSuite {
                "realm = account id".to_owned()
            } else {
                format!("realm=\"{realm}\"")
            });
        }
        if !rules.version {
            notes.push("no oauth_version".to_owned());
        }
        if rules.multipart_fields {
            notes.push("multipart text fields signed".to_owned());
        }
        match rules.body_hash {
            BodyHash::Sha256Always => notes.push("SHA-256 body hash".to_owned()),
            BodyHash::Sha1Extension => notes.push("SHA-1 body hash".to_owned()),
            _ => {}
        }
        match rules.compat {
            Compat::Mastercard => notes.push("Mastercard base string".to_owned()),
            Compat::WooCommerce => notes.push("PHP's reading of a[b] and a[]".to_owned()),
            Compat::Magento => notes.push("PHP's natural name order".to_owned()),
            _ => {}
        }
        let placement = match rules.placement {
            Placement::Query => "query",
            Placement::Body => "body",
            _ => "header",
        };
        out!(
            "{:<19} {:<14} {:<12} {:<7} {}",
            preset.name(),
            needs,
            rules.method.as_str(),
            placement,
            notes.join(", ")
        );
    }
    Ok(())
}

/// Reads the user's answer, one line of standard input, within `deadline`. The reading thread is
/// left behind on timeout: the command ends with the error.
fn read_answer(deadline: Duration) -> Result<String, Failure> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut answer = String::new();
        let read = std::io::Read::take(std::io::stdin().lock(), MAX_ANSWER_BYTES).read_line(&mut answer);
        // After the deadline nobody listens any more; the command has ended with its error.
        let _ = sender.send(read.map(|read| (read, answer)));
    });
    let (read, answer) = match receiver.recv_timeout(deadline) {
        Ok(read) => read.map_err(|e| Failure::Refused(format!("reading the PIN: {e}")))?,
        Err(RecvTimeoutError::Disconnected) => {
            return Err(Failure::Refused(
                "reading the PIN: the reader stopped without an answer".to_owned(),
            ));
        }
        Err(RecvTimeoutError::Timeout) => {
            return Err(Failure::Refused(format!(
                "no answer within {} s (--pin-timeout); the request token may have expired too: \
                 run authorize again",
                deadline.as_secs()
            )));
        }
    };
    if read as u64 == MAX_ANSWER_BYTES && !answer.ends_with('\n') {
        return Err(Failure::Refused(format!(
            "the answer is longer than {MAX_ANSWER_BYTES} bytes without a line end: paste the PIN \
             or the callback URL, one line"
        )));
    }
    if read == 0 {
        return Err(Failure::Refused(
            "no PIN: standard input ended before a line was read (run it at a terminal, or pipe \
             the PIN or the callback URL in)"
                .to_owned(),
        ));
    }
    Ok(answer)
}

/// The largest body part `-d @FILE` reads: a bound on a device or a wrong file named by mistake,
/// far above what an API call carries (Twitter's media chunks are at most 5 MB).
const MAX_DATA_FILE_BYTES: u64 = 64 << 20;

/// Everything `source` holds when that is at most `max` bytes, else `None`: the bound on a device or
/// a wrong file named by mistake, read no further than one byte past it.
fn read_at_most(source: impl std::io::Read, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut contents = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(source, max + 1), &mut contents)?;
    Ok((contents.len() as u64 <= max).then_some(contents))
}

/// The contents of `path` (`-` is standard input), for `-d @path` and `--data-urlencode`; an error
/// names `what` (the flag and its value).
fn read_data_file(path: &str, what: &str) -> Result<Vec<u8>, Failure> {
    let failed = |e: &dyn std::fmt::Display| Failure::File(format!("{what}: {e}"));
    let source: Box<dyn std::io::Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| failed(&e))?)
    };
    read_at_most(source, MAX_DATA_FILE_BYTES)
        .map_err(|e| failed(&e))?
        .ok_or_else(|| failed(&format_args!("larger than {MAX_DATA_FILE_BYTES} bytes")))
}

/// The longest answer `authorize` reads: far more than a PIN or a callback URL, and a bound on a
/// stream piped in by mistake.
const MAX_ANSWER_BYTES: u64 = 16 * 1024;

/// The largest key file read: a PEM key of 16384 bits is about 13 KB, so this leaves room for
/// certificates around it and bounds a device or a wrong file named by mistake.
const MAX_KEY_FILE_BYTES: u64 = 1 << 20;

/// Reads the private key for the RSA methods: PEM, or (a file that is not text) PKCS#8 DER, as
/// `openssl pkcs8 -outform DER` and Java's `PKCS8EncodedKeySpec` write it.
fn read_rsa_key(path: &Path) -> Result<RsaPrivateKey, String> {
    let failed = |e: &dyn std::fmt::Display| format!("--rsa-key {}: {e}", path.display());
    let file = std::fs::File::open(path).map_err(|e| failed(&e))?;
    let bytes = read_at_most(file, MAX_KEY_FILE_BYTES)
        .map_err(|e| failed(&e))?
        .ok_or_else(|| {
            failed(&format_args!(
                "larger than {MAX_KEY_FILE_BYTES} bytes, so not a key file"
            ))
        })?;
    match std::str::from_utf8(&bytes) {
        Ok(pem) => RsaPrivateKey::from_pem(pem).map_err(|e| failed(&e)),
        Err(_) => RsaPrivateKey::from_pkcs8_der(&bytes).map_err(|e| {
            failed(&format_args!(
                "not text, so read as DER: {e} (a PKCS#12 .p12 file converts with `openssl pkcs12 \
                 -in key.p12 -nocerts -nodes -out key.pem`)"
            ))
        }),
    }
}

/// The demo's registered application. Its secret is never printed.
const DEMO_CONSUMER_KEY: &str = "demo-consumer-key";
const DEMO_CONSUMER_SECRET: &str = "demo-consumer-secret";

fn demo() -> Result<(), Failure> {
    let client = ClientCredentials::new(DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET);
    let server = LoopbackProvider::start(Config::new(client.clone()))
        .map_err(|e| Failure::Refused(format!("starting the provider: {e}")))?;
    let provider = Provider::at_host(&server.url()).map_err(|e| Failure::Refused(e.to_string()))?;
    let http = Client::new();
    let nonce = || {
        Nonce::try_generate(&mut getrandom::SysRng)
            .map_err(|e| Failure::Refused(format!("OS random generator: {e}")))
    };
    let now = || Timestamp::now().map_err(|e| Failure::Refused(e.to_string()));
    let fail = |e: &dyn std::fmt::Display| Failure::Refused(e.to_string());

    out!(
        "oauth1 demo: the PIN flow against the reference provider at {}",
        server.url()
    );
    out!("(a Twitter-like provider started inside this process; nothing leaves this machine)");
    out!();
    out!("Application: consumer key {DEMO_CONSUMER_KEY}, consumer secret [redacted]");

    out!();
    out!("1. Temporary credentials (oauth/request_token), callback \"oob\" for the PIN flow");
    let step = TemporaryCredentialsRequest::new(&provider, &client, "oob").map_err(|e| fail(&e))?;
    let prepared = step.prepare(&nonce()?, now()?).map_err(|e| fail(&e))?;
    show_request(&prepared)?;
    let response = http
        .send(prepared.map(SensitiveBody::into_bytes))
        .map_err(|e| fail(&e))?;
    out!("   <- {}", response.status());
    let pending = step.parse(response).map_err(|e| fail(&e))?;
    out!("      oauth_token={}", pending.temporary_credentials().token());
    out!("      oauth_token_secret=[redacted]");
    out!("      oauth_callback_confirmed=true (checked)");

    out!();
    out!("2. The user authorizes the application at:");
    let url = pending.authorize_url(&AuthorizeOptions::default());
    out!("   {url}");
    out!("   (the demo clicks \"Authorize app\" for them: {url}&approve=1)");
    let page = http
        .send(
            Request::get(format!("{url}&approve=1"))
                .body(Vec::new())
                .map_err(|e| fail(&e))?,
        )
        .map_err(|e| fail(&e))?;
    let page = String::from_utf8_lossy(page.body()).into_owned();
    let pin = pin_on_page(&page).ok_or_else(|| fail(&"the authorization page shows no PIN"))?;
    out!("   The page shows the PIN: {pin}");

    out!();
    out!("3. Token credentials (oauth/access_token), with the PIN as oauth_verifier");
    let authorized = pending.complete_with_pin(pin).map_err(|e| fail(&e))?;
    let token_step = AccessTokenRequest::new(&client, &authorized);
    let prepared = token_step.prepare(&nonce()?, now()?).map_err(|e| fail(&e))?;
    show_request(&prepared)?;
    let response = http
        .send(prepared.map(SensitiveBody::into_bytes))
        .map_err(|e| fail(&e))?;
    out!("   <- {}", response.status());
    let access = token_step.parse(response).map_err(|e| fail(&e))?;
    out!("      oauth_token={}", access.credentials().token());
    out!("      oauth_token_secret=[redacted]");
    out!("      user_id={}", access.user_id().unwrap_or_default());
    out!("      screen_name={}", access.screen_name().unwrap_or_default());

    let signer = access.signer(&client);
    let calls = [
        Request::get(format!(
            "{}/1.1/account/verify_credentials.json?include_entities=true&skip_status=1",
            server.url()
        ))
        .body(Vec::new()),
        Request::post(format!("{}/1.1/statuses/update.json", server.url()))
            .header(http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(
                format!(
                    "status={}",
                    oauth1_core::encode::percent_encode(
                        "Hello Ladies + Gentlemen, a signed OAuth request! !*'() ☃ é"
                    )
                )
                .into_bytes(),
            ),
    ];
    for (i, call) in calls.into_iter().enumerate() {
        let mut call = call.map_err(|e| fail(&e))?;
        out!();
        out!("{}. A signed API call on the user's behalf", i + 4);
        signer
            .authorize(&mut call, &nonce()?, now()?)
            .map_err(|e| fail(&e))?;
        show_request(&call)?;
        let response = http.send(call).map_err(|e| fail(&e))?;
        out!("   <- {}", response.status());
        out!("      {}", String::from_utf8_lossy(response.body()));
        oauth1_core::response::check_status(&response).map_err(|e| fail(&e))?;
    }
    out!();
    out!("Done: every request above was verified by the provider (signature, timestamp, nonce).");
    Ok(())
}

/// Prints a request's line, body and Authorization parameters (the verifier redacted).
fn show_request<B: AsRef<[u8]>>(request: &Request<B>) -> Result<(), Failure> {
    out!("   -> {} {}", request.method(), request.uri());
    if !request.body().as_ref().is_empty() {
        out!("      body: {}", String::from_utf8_lossy(request.body().as_ref()));
    }
    let header = request.headers().get(http::header::AUTHORIZATION);
    let Some(Ok(Some(parsed))) = header.map(|h| AuthorizationHeader::parse(h.as_bytes())) else {
        return Ok(());
    };
    out!("      Authorization: OAuth");
    for (name, value) in parsed.parameters() {
        let value = if name == "oauth_verifier" {
            "[redacted]"
        } else {
            value
        };
        out!("        {name}=\"{value}\"");
    }
    Ok(())
}

/// The PIN in the consent page's `<code id="oauth_pin">…</code>`.
fn pin_on_page(page: &str) -> Option<&str> {
    let start = page.find("<code id=\"oauth_pin\">")? + "<code id=\"oauth_pin\">".len();
    let len = page.get(start..)?.find("</code>")?;
    page.get(start..start + len)
}
