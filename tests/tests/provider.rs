//! The reference provider over real loopback HTTP: the flow in every shape, and each rejection answered
//! with Twitter's 401 JSON error and a log line.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{Request, StatusCode};
use oauth1_core::body::SensitiveBody;
use oauth1_core::{
    AccessTokenRequest, ClientCredentials, Error, Nonce, Signer, Step, Timestamp, TokenCredentials,
};
use oauth1_tests::flow_driver::{DriveError, FlowDriver, nonce};
use oauth1_tests::provider::{ProviderConfig, ReferenceProvider, SCREEN_NAME, USER_ID};

fn client() -> ClientCredentials {
    ClientCredentials::new("ref-consumer", "ref-consumer-secret")
}

fn start() -> (ReferenceProvider, FlowDriver) {
    let provider = ReferenceProvider::start(client()).unwrap();
    let driver = FlowDriver::new(provider.provider(), client());
    (provider, driver)
}

fn json(response: &http::Response<Vec<u8>>) -> serde_json::Value {
    serde_json::from_slice(response.body()).unwrap()
}

/// Asserts Twitter's 401 error with `code`, and that the last log line says `reason`.
fn assert_rejected(
    provider: &ReferenceProvider,
    response: &http::Response<Vec<u8>>,
    code: i64,
    reason: &str,
) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json(response)["errors"][0]["code"], code, "{:?}", json(response));
    let log = provider.log();
    let last = log.last().unwrap();
    assert!(last.contains(" 401 ") && last.contains(reason), "{last}");
}

#[test]
fn pin_flow_then_signed_calls() {
    let (provider, driver) = start();
    let access = driver.run("oob").unwrap();
    assert_eq!(access.user_id(), Some(USER_ID));
    assert_eq!(access.screen_name(), Some(SCREEN_NAME));

    let get = Request::get(format!(
        "{}/1.1/account/verify_credentials.json?include_entities=true&skip_status=1",
        provider.url()
    ))
    .body(Vec::new())
    .unwrap();
    let response = driver.call(&access, get).unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json(&response)["screen_name"], SCREEN_NAME);

    let status = "Hello Ladies + Gentlemen, a signed OAuth request! !*'() ☃ é";
    let body = format!("status={}", oauth1_core::encode::percent_encode(status));
    let post = Request::post(format!(
        "{}/1.1/statuses/update.json?include_entities=true",
        provider.url()
    ))
    .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
    .body(body.into_bytes())
    .unwrap();
    let response = driver.call(&access, post).unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{:?}", json(&response));
    assert_eq!(json(&response)["text"], status);
}

#[test]
fn callback_flows_with_a_url_and_a_custom_scheme() {
    let (_provider, driver) = start();
    for callback in ["http://127.0.0.1:9/callback?state=1", "myapp://cb"] {
        let pending = driver.request_token(callback).unwrap();
        assert!(!pending.is_oob());
        let step = driver.consent(&pending, true).unwrap();
        let access = driver.access_token(&step).unwrap();
        assert_eq!(access.screen_name(), Some(SCREEN_NAME));
    }
}

#[test]
fn the_consent_page_links_to_approve_and_deny() {
    let (_provider, driver) = start();
    let pending = driver.request_token("oob").unwrap();
    let url = pending.authenticate_url(&Default::default());
    let page = driver.send(Request::get(url).body(Vec::new()).unwrap()).unwrap();
    let html = String::from_utf8(page.body().clone()).unwrap();
    assert!(
        html.contains("id=\"approve\"") && html.contains("approve=1"),
        "{html}"
    );
    assert!(html.contains("id=\"deny\"") && html.contains("deny=1"), "{html}");
}

#[test]
fn denied_callback_is_a_typed_outcome() {
    let (_provider, driver) = start();
    let pending = driver.request_token("http://127.0.0.1:9/cb").unwrap();
    let outcome = driver.consent(&pending, false);
    assert!(
        matches!(outcome, Err(DriveError::OAuth(Error::Denied))),
        "{outcome:?}"
    );
}

#[test]
fn a_wrong_verifier_is_refused() {
    let (provider, driver) = start();
    let pending = driver.request_token("oob").unwrap();
    driver.consent(&pending, true).unwrap();
    let wrong = pending.complete_with_pin("0000000x").unwrap();
    let consumer = client();
    let wrong = AccessTokenRequest::new(&consumer, &wrong);
    let response = driver
        .send(
            wrong
                .prepare(&nonce(), Timestamp::now().unwrap())
                .unwrap()
                .map(SensitiveBody::into_bytes),
        )
        .unwrap();
    assert_rejected(&provider, &response, 32, "refused: oauth_verifier does not match");
    // Core reads it as the provider's refusal.
    match wrong.parse(response) {
        Err(Error::Provider(e)) => assert_eq!((e.status.as_u16(), e.code), (401, Some(32))),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_temporary_token_that_was_not_approved_cannot_be_exchanged() {
    let (provider, driver) = start();
    let pending = driver.request_token("oob").unwrap();
    let authorized = pending.complete_with_pin("1234567").unwrap();
    let consumer = client();
    let step = AccessTokenRequest::new(&consumer, &authorized);
    let response = driver
        .send(
            step.prepare(&nonce(), Timestamp::now().unwrap())
                .unwrap()
                .map(SensitiveBody::into_bytes),
        )
        .unwrap();
    assert_rejected(
        &provider,
        &response,
        89,
        "rejected: oauth_token is invalid or expired",
    );
}

#[test]
fn each_rejection_reason_is_a_twitter_401_and_a_log_line() {
    let (provider, driver) = start();
    let token = provider.issue_access_token();
    let url = format!("{}/1.1/account/verify_credentials.json", provider.url());
    let signed = |client: &ClientCredentials, token: &TokenCredentials, nonce: &str, ts: Timestamp| {
        let mut request = Request::get(&url).body(Vec::new()).unwrap();
        Signer::new(client)
            .token(token)
            .authorize(&mut request, &Nonce::new(nonce).unwrap(), ts)
            .unwrap();
        request
    };
    let now = Timestamp::now().unwrap();

    let good = signed(&client(), &token, "once", now);
    assert_eq!(driver.send(good.clone()).unwrap().status(), StatusCode::OK);
    let replay = driver.send(good.clone()).unwrap();
    assert_rejected(&provider, &replay, 32, "rejected: oauth_nonce was already used");

    let mut tampered = signed(&client(), &token, "t1", now);
    let header = tampered.headers()[AUTHORIZATION]
        .to_str()
        .unwrap()
        .replace("oauth_signature=\"", "oauth_signature=\"x");
    tampered
        .headers_mut()
        .insert(AUTHORIZATION, header.parse().unwrap());
    let response = driver.send(tampered).unwrap();
    assert_rejected(
        &provider,
        &response,
        32,
        "rejected: oauth_signature does not match",
    );

    let stale = signed(
        &client(),
        &token,
        "t2",
        Timestamp::from_secs(now.as_secs() - 3600),
    );
    let response = driver.send(stale).unwrap();
    assert_rejected(&provider, &response, 135, "rejected: oauth_timestamp");
    assert!(response.headers().contains_key(http::header::DATE));

    let unknown_token = TokenCredentials::new("nope", "nope");
    let response = driver.send(signed(&client(), &unknown_token, "t3", now)).unwrap();
    assert_rejected(
        &provider,
        &response,
        89,
        "rejected: oauth_token is invalid or expired",
    );

    let stranger = ClientCredentials::new("stranger", "ref-consumer-secret");
    let response = driver.send(signed(&stranger, &token, "t4", now)).unwrap();
    assert_rejected(
        &provider,
        &response,
        32,
        "rejected: oauth_consumer_key is not a known client",
    );

    let wrong_secret = ClientCredentials::new("ref-consumer", "guess");
    let response = driver.send(signed(&wrong_secret, &token, "t5", now)).unwrap();
    assert_rejected(
        &provider,
        &response,
        32,
        "rejected: oauth_signature does not match",
    );

    let unsigned = Request::get(&url).body(Vec::new()).unwrap();
    let response = driver.send(unsigned).unwrap();
    assert_rejected(
        &provider,
        &response,
        32,
        "rejected: the protocol parameter oauth_consumer_key is missing",
    );

    // An access token is required for resources; the request-token endpoint takes none.
    let mut no_token = Request::get(&url).body(Vec::new()).unwrap();
    Signer::new(&client())
        .authorize(&mut no_token, &nonce(), now)
        .unwrap();
    let response = driver.send(no_token).unwrap();
    assert_rejected(
        &provider,
        &response,
        32,
        "rejected: the protocol parameter oauth_token is missing",
    );

    // No log line holds a secret.
    for line in provider.log() {
        for secret in ["ref-consumer-secret", token.secret().expose()] {
            assert!(!line.contains(secret), "{line}");
        }
    }
}

#[test]
fn rate_limit_mode_answers_429_with_the_reset() {
    let (provider, driver) = start();
    provider.rate_limit(Some(1_900_000_000));
    match driver.request_token("oob") {
        Err(DriveError::OAuth(Error::RateLimited(limit))) => {
            assert_eq!(limit.reset, Some(1_900_000_000));
            assert_eq!(limit.error.code, Some(88));
        }
        other => panic!("{other:?}"),
    }
    provider.rate_limit(None);
    driver.request_token("oob").unwrap();
}

/// An empty consumer key or token (an unset CI variable) is refused at start: no client could sign
/// with it, so a provider serving it would only answer every request with 401.
#[test]
fn the_binary_refuses_an_empty_consumer_key_or_token() {
    for args in [
        &["--consumer-key", "", "--consumer-secret", "s"][..],
        &[
            "--consumer-key",
            "K",
            "--consumer-secret",
            "s",
            "--token",
            "",
            "--token-secret",
            "t",
        ],
    ] {
        let child = Command::new(env!("CARGO_BIN_EXE_provider"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // One that starts serves until killed: give it ten seconds to refuse.
        let out = oauth1_tests::output_within(child, std::time::Duration::from_secs(10))
            .unwrap_or_else(|| panic!("{args:?}: the provider started"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        let flag = if args.contains(&"--token") {
            "--token"
        } else {
            "--consumer-key"
        };
        assert!(
            stderr.contains(&format!("a value is required for '{flag}")),
            "{stderr}"
        );
    }
}

#[test]
fn the_binary_prints_its_port_logs_to_stderr_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_provider"))
        .args([
            "--port",
            "0",
            "--consumer-key",
            "K",
            "--consumer-secret",
            "sekrit",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let port: u16 = first.trim().strip_prefix("PORT ").unwrap().parse().unwrap();
    assert_ne!(port, 0);

    let origin = format!("http://127.0.0.1:{port}");
    let driver = FlowDriver::new(
        oauth1_core::Provider::at_host(&origin).unwrap(),
        ClientCredentials::new("K", "sekrit"),
    );
    let pending = driver.request_token("oob").unwrap();
    assert_eq!(pending.temporary_credentials().token().len(), 32);
    child.kill().unwrap();
    child.wait().unwrap();
    let mut log = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut log).unwrap();
    assert!(
        log.contains("POST /oauth/request_token 200 ok: temporary credentials issued"),
        "{log}"
    );
    assert!(!log.contains("sekrit"), "{log}");
}

#[test]
fn a_client_past_its_nonce_quota_gets_429_and_nobody_else_does() {
    let mut config = ProviderConfig::new(client());
    config.nonces_per_client = 3;
    let provider = ReferenceProvider::start_with(config).unwrap();
    let driver = FlowDriver::new(provider.provider(), client());
    let (greedy, other) = (provider.issue_access_token(), provider.issue_access_token());
    let call = |token: &TokenCredentials| {
        let mut get = Request::get(format!("{}/1.1/account/verify_credentials.json", provider.url()))
            .body(Vec::new())
            .unwrap();
        Signer::new(&client())
            .token(token)
            .authorize(&mut get, &nonce(), Timestamp::now().unwrap())
            .unwrap();
        driver.send(get).unwrap()
    };
    for _ in 0..3 {
        assert_eq!(call(&greedy).status(), StatusCode::OK);
    }
    let refused = call(&greedy);
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(json(&refused)["errors"][0]["code"], 88);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((290..=301).contains(&retry_after), "{retry_after}");
    assert!(provider.log().last().unwrap().contains("replay store full"));
    // Another token of the same application is not affected.
    assert_eq!(call(&other).status(), StatusCode::OK);
}
