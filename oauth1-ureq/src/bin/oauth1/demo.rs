//! `oauth1 demo`: the whole PIN flow and two signed calls against core's reference provider, served on
//! a loopback port inside the process, each step printed.

use oauth1_core::body::SensitiveBody;
use oauth1_core::http::{self, Request};
use oauth1_core::reference::Config;
use oauth1_core::verify::AuthorizationHeader;
use oauth1_core::{
    AccessTokenRequest, AuthorizeOptions, ClientCredentials, Provider, Step, TemporaryCredentialsRequest,
};
use oauth1_ureq::Client;

use crate::Failure;
use crate::server::LoopbackProvider;
use crate::signing::{fresh_nonce, now};

/// The demo's registered application. Its secret is never printed.
const DEMO_CONSUMER_KEY: &str = "demo-consumer-key";
const DEMO_CONSUMER_SECRET: &str = "demo-consumer-secret";

/// Serves the reference provider on loopback and walks the PIN flow and two signed calls against it.
pub(crate) fn demo() -> Result<(), Failure> {
    let client = ClientCredentials::new(DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET);
    let server = LoopbackProvider::start(Config::new(client.clone()))
        .map_err(|e| Failure::Refused(format!("starting the provider: {e}")))?;
    let provider = Provider::at_host(&server.url()).map_err(Failure::refused)?;
    let http = Client::new();

    out!(
        "oauth1 demo: the PIN flow against the reference provider at {}",
        server.url()
    );
    out!("(a Twitter-like provider started inside this process; nothing leaves this machine)");
    out!();
    out!("Application: consumer key {DEMO_CONSUMER_KEY}, consumer secret [redacted]");

    out!();
    out!("1. Temporary credentials (oauth/request_token), callback \"oob\" for the PIN flow");
    let step = TemporaryCredentialsRequest::new(&provider, &client, "oob").map_err(Failure::refused)?;
    let pending = exchange(&http, &step)?;
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
                .map_err(Failure::refused)?,
        )
        .map_err(Failure::refused)?;
    let page = String::from_utf8_lossy(page.body()).into_owned();
    let pin = pin_on_page(&page).ok_or_else(|| Failure::refused("the authorization page shows no PIN"))?;
    out!("   The page shows the PIN: {pin}");

    out!();
    out!("3. Token credentials (oauth/access_token), with the PIN as oauth_verifier");
    let authorized = pending.complete_with_pin(pin).map_err(Failure::refused)?;
    let access = exchange(&http, &AccessTokenRequest::new(&client, &authorized))?;
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
        let mut call = call.map_err(Failure::refused)?;
        out!();
        out!("{}. A signed API call on the user's behalf", i + 4);
        signer
            .authorize(&mut call, &fresh_nonce()?, now()?)
            .map_err(Failure::refused)?;
        show_request(&call)?;
        let response = http.send(call).map_err(Failure::refused)?;
        out!("   <- {}", response.status());
        out!("      {}", String::from_utf8_lossy(response.body()));
        oauth1_core::response::check_status(&response).map_err(Failure::refused)?;
    }
    out!();
    out!("Done: every request above was verified by the provider (signature, timestamp, nonce).");
    Ok(())
}

/// One flow step as the demo shows it: its request prepared and printed, sent, the status printed, and
/// the provider's answer parsed.
fn exchange<S: Step>(http: &Client, step: &S) -> Result<S::Output, Failure> {
    let prepared = step.prepare(&fresh_nonce()?, now()?).map_err(Failure::refused)?;
    show_request(&prepared)?;
    let response = http
        .send(prepared.map(SensitiveBody::into_bytes))
        .map_err(Failure::refused)?;
    out!("   <- {}", response.status());
    step.parse(response).map_err(Failure::refused)
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
