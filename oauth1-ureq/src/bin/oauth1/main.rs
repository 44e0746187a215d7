//! `oauth1` — OAuth 1.0a (RFC 5849) from the command line, for any provider: what twurl and Twitter's old
//! signature generator did. Installed with `cargo install --path oauth1-ureq --features cli` (or run in
//! place with `cargo run -p oauth1-ureq --features cli --bin oauth1 -- …`).
//!
//! ```text
//! oauth1 demo
//! oauth1 sign --method POST --url … --data … [--json]
//! oauth1 sign --signature-method RSA-SHA1 --rsa-key key.pem …
//! oauth1 sign --provider netsuite --account-id 123456 --url … [--explain]
//! oauth1 providers
//! oauth1 authorize [--host https://api.twitter.com] [--callback oob]
//! oauth1 request --method GET --url … [-H 'name: value'] [--json]
//! ```
//!
//! - `demo` needs nothing: it serves core's reference provider (`oauth1_core::reference`) on a loopback
//!   port inside the process and walks the PIN flow and two signed calls, printing each step.
//! - `sign` needs no network: it prints the signature base string, the signature and the header.
//!   `--provider NAME` applies a preset's signing rules (method, realm, `oauth_version`, placement, body
//!   hash, base-string rule) under the other flags, which override them; `--content-type` with `--data`
//!   signs a body that is not a form (covered with `--body-hash` or the preset's policy); `--explain`
//!   prints the normalized parameter table and the rules applied.
//! - `providers` lists the presets and what each needs.
//! - `authorize` runs the 3-legged flow against a provider: the authorization URL goes alone on a line to
//!   stderr, the PIN (or the whole callback URL) is read from stdin, the token credentials are printed.
//! - `request` signs and sends one request and prints the status and the body; an error status exits 1
//!   with the provider's message.
//!
//! Credentials come from flags or from `OAUTH1_CONSUMER_KEY`, `OAUTH1_CONSUMER_SECRET`, `OAUTH1_TOKEN`
//! and `OAUTH1_TOKEN_SECRET`. Bad flags print a usage message and exit with status 2.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line program: printing is its output

use std::io::BufRead as _;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};
use oauth1_core::body::SensitiveBody;
use oauth1_core::http::{self, Request};
use oauth1_core::reference::Config;
use oauth1_core::rsa::RsaPrivateKey;
use oauth1_core::signature::AnyMethod;
use oauth1_core::verify::AuthorizationHeader;
use oauth1_core::{
    AccessTokenRequest, AccessType, AuthorizeOptions, BodyHash, ClientCredentials, Compat, MethodName, Nonce,
    Placement, Preset, PresetInput, Provider, Signer, Step, TemporaryCredentialsRequest, Timestamp,
    TokenCredentials,
};
use oauth1_ureq::Client;

mod server;

use server::LoopbackProvider;

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
    /// Sign a request without sending it: print the base string, the signature and the header.
    Sign(Box<SignArgs>),
    /// List the provider presets `sign --provider` takes, with what each needs.
    Providers,
    /// Run the 3-legged flow against a provider: print the authorization URL, read the PIN.
    Authorize(AuthorizeArgs),
    /// Sign and send one request; print the status and the body.
    Request(RequestArgs),
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

/// --method, --url and --data: the request as it will be sent.
#[derive(Args)]
struct RequestLine {
    /// HTTP method.
    #[arg(long, default_value = "GET", allow_hyphen_values = true)]
    method: String,
    /// Request URL, with its query as it will be sent.
    #[arg(long, allow_hyphen_values = true)]
    url: String,
    /// Body as it will be sent: a form (application/x-www-form-urlencoded) unless --content-type says
    /// otherwise.
    #[arg(long, allow_hyphen_values = true)]
    data: Option<String>,
    /// The body's content type (default: application/x-www-form-urlencoded when --data is given). A body
    /// of another type is not signed parameter by parameter; --body-hash covers it.
    #[arg(long, allow_hyphen_values = true, requires = "data")]
    content_type: Option<String>,
}

#[derive(Args)]
struct SignArgs {
    #[command(flatten)]
    line: RequestLine,
    #[command(flatten)]
    credentials: Credentials,
    /// A provider preset whose signing rules apply (`oauth1 providers` lists them).
    #[arg(long, value_name = "NAME")]
    provider: Option<String>,
    /// The service's base URL, for the presets that need one (jira, confluence, magento, woocommerce).
    #[arg(long, value_name = "URL", conflicts_with = "account_id")]
    base_url: Option<String>,
    /// The NetSuite account id (`123456`, `123456_SB1`), for --provider netsuite.
    #[arg(long, value_name = "ID")]
    account_id: Option<String>,
    /// Signature method (default: the preset's, else HMAC-SHA1; the RSA methods need --rsa-key).
    #[arg(
        long,
        value_parser = [
            "HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT", "RSA-SHA1", "RSA-SHA256", "RSA-SHA512",
        ]
    )]
    signature_method: Option<String>,
    /// The client's RSA private key for the RSA methods: a PEM file, PKCS#1 (BEGIN RSA PRIVATE KEY) or
    /// PKCS#8 (BEGIN PRIVATE KEY).
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
    /// oauth_body_hash: `off`, `sha1` (the Body Hash extension: bodies that are not forms) or `sha256`
    /// (every request, Mastercard). Default: the preset's, else off.
    #[arg(long, value_parser = ["off", "sha1", "sha256"])]
    body_hash: Option<String>,
    /// Print the normalized parameter table and the rules applied as well.
    #[arg(long, conflicts_with = "json")]
    explain: bool,
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

#[derive(Args)]
struct AuthorizeArgs {
    /// The provider's origin; paths /oauth/request_token, /oauth/authorize, /oauth/access_token.
    #[arg(long, default_value = "https://api.twitter.com")]
    host: String,
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
    /// Print {"oauth_token", "oauth_token_secret", "user_id", "screen_name"} as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct RequestArgs {
    #[command(flatten)]
    line: RequestLine,
    /// An extra request header, `name: value` (repeatable).
    #[arg(short = 'H', long = "header", allow_hyphen_values = true)]
    headers: Vec<String>,
    #[command(flatten)]
    credentials: Credentials,
    /// Print {"status", "body"} as JSON.
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
    // Every failure of `sign` is bad input, like a bad flag (2); the others can fail at run time (1).
    let (result, failure) = match cli.command {
        Command::Demo => (demo(), 1),
        Command::Sign(args) => (sign(&args), 2),
        Command::Providers => {
            providers();
            (Ok(()), 1)
        }
        Command::Authorize(args) => (authorize(&args), 1),
        Command::Request(args) => (request(&args), 1),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("oauth1: {message}");
            ExitCode::from(failure)
        }
    }
}

impl Credentials {
    fn client(&self) -> ClientCredentials {
        ClientCredentials::new(self.consumer_key.as_str(), self.consumer_secret.as_str())
    }

    fn token(&self) -> Result<Option<TokenCredentials>, String> {
        match (&self.token, &self.token_secret) {
            (Some(token), secret) => Ok(Some(TokenCredentials::new(
                token.as_str(),
                secret.clone().unwrap_or_default(),
            ))),
            (None, Some(_)) => Err("--token-secret needs --token".into()),
            (None, None) => Ok(None),
        }
    }
}

impl RequestLine {
    /// The request, a form body (if any) with its content type, and `headers` (`name: value`) added.
    fn request(&self, headers: &[String]) -> Result<Request<Vec<u8>>, String> {
        let mut builder = Request::builder()
            .method(self.method.as_str())
            .uri(self.url.as_str());
        if self.data.is_some() {
            let content_type = self
                .content_type
                .as_deref()
                .unwrap_or("application/x-www-form-urlencoded");
            builder = builder.header(http::header::CONTENT_TYPE, content_type);
        }
        for header in headers {
            let (name, value) = header
                .split_once(':')
                .ok_or_else(|| format!("-H {header:?}: expected 'name: value'"))?;
            builder = builder.header(name.trim(), value.trim());
        }
        let flags = if headers.is_empty() {
            "--method/--url"
        } else {
            "--method/--url/--header"
        };
        builder
            .body(self.data.clone().unwrap_or_default().into_bytes())
            .map_err(|e| format!("{flags}: {e}"))
    }
}

fn sign(args: &SignArgs) -> Result<(), String> {
    let request = args.line.request(&[])?;

    let client = args.credentials.client();
    let token = args.credentials.token()?;
    let provider = preset_provider(args)?;
    let rules = provider.as_ref().map(Provider::rules);
    let method_name = match (&args.signature_method, rules) {
        (Some(name), _) => name.clone(),
        (None, Some(rules)) => rules.method.as_str().to_owned(),
        (None, None) => MethodName::HmacSha1.as_str().to_owned(),
    };
    let rsa_method = method_name.starts_with("RSA-");
    let rsa_key = match (&args.rsa_key, rsa_method) {
        (Some(path), true) => Some(read_rsa_key(path)?),
        (None, true) => {
            return Err(format!(
                "{method_name} signs with the client's private key: give --rsa-key"
            ));
        }
        (Some(_), false) => {
            return Err("--rsa-key goes with --signature-method RSA-SHA1, RSA-SHA256 or RSA-SHA512".into());
        }
        (None, false) => None,
    };
    let method = AnyMethod::from_name(&method_name, rsa_key.as_ref())
        .map_err(|e| format!("--signature-method {method_name}: {e}"))?;

    let mut signer = Signer::new(&client);
    if let Some(rules) = rules {
        signer = signer.rules(rules);
    }
    let mut signer = signer.method(method);
    if args.no_version {
        signer = signer.version(false);
    }
    if let Some(body_hash) = &args.body_hash {
        signer = signer.body_hash(match body_hash.as_str() {
            "sha1" => BodyHash::Sha1Extension,
            "sha256" => BodyHash::Sha256Always,
            _ => BodyHash::Off,
        });
    }
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

    let explanation = signer
        .explain(&request, &nonce, timestamp)
        .map_err(|e| e.to_string())?;
    let base_string = explanation.base_string();
    // One signing pass gives both the signature and the header.
    let auth = signer
        .sign(&request, &nonce, timestamp)
        .map_err(|e| e.to_string())?;
    let signature = auth.signature().as_str();
    let header = auth.header_value();
    let authorization = header
        .to_str()
        .map_err(|_| "the Authorization header is not ASCII".to_owned())?;

    if args.json {
        let out = serde_json::json!({
            "base_string": base_string,
            "signature": signature,
            "authorization": authorization,
        });
        println!("{out}");
    } else if args.explain {
        // The report redacts the verifier; the signature and header lines follow it.
        print!("{explanation}");
        println!("signature:     {signature}");
        println!("authorization: {authorization}");
    } else {
        println!("base string:   {base_string}");
        println!("signature:     {signature}");
        println!("authorization: {authorization}");
    }
    Ok(())
}

/// The preset `--provider` names, built from `--base-url` or `--account-id`.
fn preset_provider(args: &SignArgs) -> Result<Option<Provider>, String> {
    let Some(name) = &args.provider else {
        if args.base_url.is_some() || args.account_id.is_some() {
            return Err("--base-url and --account-id go with --provider".into());
        }
        return Ok(None);
    };
    let preset: Preset = name.parse().map_err(|e| format!("--provider {name}: {e}"))?;
    let (input, flag) = match preset.input() {
        PresetInput::BaseUrl => (args.base_url.as_deref(), "--base-url"),
        PresetInput::AccountId => (args.account_id.as_deref(), "--account-id"),
        _ => (None, ""),
    };
    if input.is_none() && !flag.is_empty() {
        return Err(format!("--provider {name} needs {flag}"));
    }
    if flag.is_empty() && (args.base_url.is_some() || args.account_id.is_some()) {
        return Err(format!(
            "--provider {name} takes neither --base-url nor --account-id"
        ));
    }
    preset
        .provider(input)
        .map(Some)
        .map_err(|e| format!("--provider {name}: {e}"))
}

/// Prints the presets: name, what each needs, and its signing rules.
fn providers() {
    println!(
        "{:<19} {:<14} {:<12} {:<7} notes",
        "provider", "needs", "method", "params"
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
        let Ok(provider) = preset.provider(input) else {
            continue;
        };
        let rules = provider.rules();
        let mut notes = Vec::new();
        if provider.flow().is_none() {
            notes.push("no 3-legged flow".to_owned());
        }
        if let Some(realm) = &rules.realm {
            notes.push(if realm.is_empty() {
                "realm=\"\"".to_owned()
            } else {
                "realm = account id".to_owned()
            });
        }
        if !rules.version {
            notes.push("no oauth_version".to_owned());
        }
        match rules.body_hash {
            BodyHash::Sha256Always => notes.push("SHA-256 body hash".to_owned()),
            BodyHash::Sha1Extension => notes.push("SHA-1 body hash".to_owned()),
            _ => {}
        }
        if rules.compat == Compat::Mastercard {
            notes.push("Mastercard base string".to_owned());
        }
        let placement = match rules.placement {
            Placement::Query => "query",
            Placement::Body => "body",
            _ => "header",
        };
        println!(
            "{:<19} {:<14} {:<12} {:<7} {}",
            preset.name(),
            needs,
            rules.method.as_str(),
            placement,
            notes.join(", ")
        );
    }
}

/// Reads the private key for the RSA methods.
fn read_rsa_key(path: &std::path::Path) -> Result<RsaPrivateKey, String> {
    let pem = std::fs::read_to_string(path).map_err(|e| format!("--rsa-key {}: {e}", path.display()))?;
    RsaPrivateKey::from_pem(&pem).map_err(|e| format!("--rsa-key {}: {e}", path.display()))
}

fn authorize(args: &AuthorizeArgs) -> Result<(), String> {
    let provider = Provider::at_host(&args.host).map_err(|e| format!("--host: {e}"))?;
    let client = args.credentials.client();
    let http = Client::new();
    let mut step = TemporaryCredentialsRequest::new(&provider, &client, &args.callback)
        .map_err(|e| format!("--callback: {e}"))?;
    if let Some(access_type) = &args.access_type {
        step = step.access_type(if access_type == "read" {
            AccessType::Read
        } else {
            AccessType::Write
        });
    }
    let pending = http.run(&step).map_err(|e| e.to_string())?;
    let mut options = AuthorizeOptions::default().force_login(args.force_login);
    if let Some(screen_name) = &args.screen_name {
        options = options.screen_name(screen_name.as_str());
    }
    eprintln!("Open this URL, authorize the application, then paste the PIN (or the callback URL) here:");
    eprintln!("{}", pending.authorize_url(&options));
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| format!("reading the PIN: {e}"))?;
    let authorized = pending.complete(answer.trim()).map_err(|e| e.to_string())?;
    let access = http
        .run(&AccessTokenRequest::new(&client, &authorized))
        .map_err(|e| e.to_string())?;
    let token = access.credentials();
    if args.json {
        let out = serde_json::json!({
            "oauth_token": token.token(),
            "oauth_token_secret": token.secret().expose(),
            "user_id": access.user_id(),
            "screen_name": access.screen_name(),
        });
        println!("{out}");
    } else {
        println!("oauth_token:        {}", token.token());
        println!("oauth_token_secret: {}", token.secret().expose());
        println!("user_id:            {}", access.user_id().unwrap_or_default());
        println!("screen_name:        {}", access.screen_name().unwrap_or_default());
    }
    Ok(())
}

fn request(args: &RequestArgs) -> Result<(), String> {
    let request = args.line.request(&args.headers)?;
    let client = args.credentials.client();
    let token = args.credentials.token()?;
    let mut signer = Signer::new(&client);
    if let Some(token) = &token {
        signer = signer.token(token);
    }
    let response = Client::new()
        .send_signed(&signer, request)
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let body = String::from_utf8_lossy(response.body());
    if args.json {
        println!(
            "{}",
            serde_json::json!({ "status": status.as_u16(), "body": body })
        );
    } else {
        println!("{status}");
        println!("{body}");
    }
    oauth1_core::response::check_status(&response).map_err(|e| e.to_string())
}

/// The demo's registered application. Its secret is never printed.
const DEMO_CONSUMER_KEY: &str = "demo-consumer-key";
const DEMO_CONSUMER_SECRET: &str = "demo-consumer-secret";

fn demo() -> Result<(), String> {
    let client = ClientCredentials::new(DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET);
    let server = LoopbackProvider::start(Config::new(client.clone()))
        .map_err(|e| format!("starting the provider: {e}"))?;
    let provider = Provider::at_host(&server.url()).map_err(|e| e.to_string())?;
    let http = Client::new();
    let nonce =
        || Nonce::try_generate(&mut getrandom::SysRng).map_err(|e| format!("OS random generator: {e}"));
    let fail = |e: &dyn std::fmt::Display| e.to_string();

    println!(
        "oauth1 demo: the PIN flow against the reference provider at {}",
        server.url()
    );
    println!("(a Twitter-like provider started inside this process; nothing leaves this machine)");
    println!();
    println!("Application: consumer key {DEMO_CONSUMER_KEY}, consumer secret [redacted]");

    println!();
    println!("1. Temporary credentials (oauth/request_token), callback \"oob\" for the PIN flow");
    let step = TemporaryCredentialsRequest::new(&provider, &client, "oob").map_err(|e| fail(&e))?;
    let prepared = step.prepare(&nonce()?, Timestamp::now()).map_err(|e| fail(&e))?;
    show_request(&prepared);
    let response = http
        .send(prepared.map(SensitiveBody::into_bytes))
        .map_err(|e| fail(&e))?;
    println!("   <- {}", response.status());
    let pending = step.parse(response).map_err(|e| fail(&e))?;
    println!("      oauth_token={}", pending.temporary_credentials().token());
    println!("      oauth_token_secret=[redacted]");
    println!("      oauth_callback_confirmed=true (checked)");

    println!();
    println!("2. The user authorizes the application at:");
    let url = pending.authorize_url(&AuthorizeOptions::default());
    println!("   {url}");
    println!("   (the demo clicks \"Authorize app\" for them: {url}&approve=1)");
    let page = http
        .send(
            Request::get(format!("{url}&approve=1"))
                .body(Vec::new())
                .map_err(|e| fail(&e))?,
        )
        .map_err(|e| fail(&e))?;
    let page = String::from_utf8_lossy(page.body()).into_owned();
    let pin = pin_on_page(&page).ok_or("the authorization page shows no PIN")?;
    println!("   The page shows the PIN: {pin}");

    println!();
    println!("3. Token credentials (oauth/access_token), with the PIN as oauth_verifier");
    let authorized = pending.complete_with_pin(pin).map_err(|e| fail(&e))?;
    let token_step = AccessTokenRequest::new(&client, &authorized);
    let prepared = token_step
        .prepare(&nonce()?, Timestamp::now())
        .map_err(|e| fail(&e))?;
    show_request(&prepared);
    let response = http
        .send(prepared.map(SensitiveBody::into_bytes))
        .map_err(|e| fail(&e))?;
    println!("   <- {}", response.status());
    let access = token_step.parse(response).map_err(|e| fail(&e))?;
    println!("      oauth_token={}", access.credentials().token());
    println!("      oauth_token_secret=[redacted]");
    println!("      user_id={}", access.user_id().unwrap_or_default());
    println!("      screen_name={}", access.screen_name().unwrap_or_default());

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
        println!();
        println!("{}. A signed API call on the user's behalf", i + 4);
        signer
            .authorize(&mut call, &nonce()?, Timestamp::now())
            .map_err(|e| fail(&e))?;
        show_request(&call);
        let response = http.send(call).map_err(|e| fail(&e))?;
        println!("   <- {}", response.status());
        println!("      {}", String::from_utf8_lossy(response.body()));
        oauth1_core::response::check_status(&response).map_err(|e| fail(&e))?;
    }
    println!();
    println!("Done: every request above was verified by the provider (signature, timestamp, nonce).");
    Ok(())
}

/// Prints a request's line, body and Authorization parameters (the verifier redacted).
fn show_request<B: AsRef<[u8]>>(request: &Request<B>) {
    println!("   -> {} {}", request.method(), request.uri());
    if !request.body().as_ref().is_empty() {
        println!("      body: {}", String::from_utf8_lossy(request.body().as_ref()));
    }
    let header = request.headers().get(http::header::AUTHORIZATION);
    let Some(Ok(Some(parsed))) = header.map(|h| AuthorizationHeader::parse(h.as_bytes())) else {
        return;
    };
    println!("      Authorization: OAuth");
    for (name, value) in parsed.parameters() {
        let value = if name == "oauth_verifier" {
            "[redacted]"
        } else {
            value
        };
        println!("        {name}=\"{value}\"");
    }
}

/// The PIN in the consent page's `<code id="oauth_pin">…</code>`.
fn pin_on_page(page: &str) -> Option<&str> {
    let start = page.find("<code id=\"oauth_pin\">")? + "<code id=\"oauth_pin\">".len();
    let len = page.get(start..)?.find("</code>")?;
    page.get(start..start + len)
}
