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
//! oauth1 verify [-X METHOD] [-d DATA]… [-H 'Authorization: OAuth …'] URL --consumer-key … [--any-time] [--json]
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
//! - `verify` checks a request (as a provider received it: method, URL, body, `-H` headers) against
//!   the credentials given, as `oauth1_core::verify::Checker` does; a refused signature's known
//!   mistake is named (`Checker::find_mistake`). `--any-time` checks a request copied from a log at
//!   its own timestamp. Verified exits 0, refused 1.
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

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches as _, Parser, Subcommand};
use oauth1_core::Error as CoreError;
use oauth1_ureq::Error as SendError;

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
    /// Check a signed request as a provider would, and name a refused signature's known mistake.
    Verify(Box<VerifyArgs>),
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
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*).map_err($crate::Failure::Output)?
    }};
}

/// `print!` likewise.
macro_rules! out_part {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout(), $($arg)*).map_err($crate::Failure::Output)?
    }};
}

/// `eprintln!` that cannot panic: standard error is where the program says why it stopped, so when
/// that cannot be written there is nowhere left to report it; the exit status still tells.
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        drop(writeln!(std::io::stderr(), $($arg)*))
    }};
}

/// `eprint!` likewise.
macro_rules! err_part {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        drop(write!(std::io::stderr(), $($arg)*))
    }};
}

/// Text another side chose (a provider, a request), as shown on a terminal: a control character (an escape sequence could
/// recolour, retitle or rewrite the terminal) is shown escaped, `\u{1b}`. (`--json` escapes them too.)
pub(crate) fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
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

// The commands, then what they share. Declared after the macros above, which they use.
mod authorize;
mod demo;
mod profiles;
mod providers;
mod request;
mod sign;
mod verify;

mod credentials;
mod input;
mod multipart;
mod request_line;
mod server;
mod signing;
mod store;

use authorize::{AuthorizeArgs, authorize};
use demo::demo;
use profiles::{ProfilesArgs, profiles};
use providers::providers;
use request::{RequestArgs, request};
use sign::{SignArgs, sign};
use verify::{VerifyArgs, verify};

impl Failure {
    fn usage(message: impl std::fmt::Display) -> Self {
        Self::Usage(message.to_string())
    }

    fn refused(message: impl std::fmt::Display) -> Self {
        Self::Refused(message.to_string())
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
            Command::Verify(args) => args.line.in_order(matches),
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
        Command::Verify(args) => verify(&args),
    }
}
