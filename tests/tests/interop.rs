//! Interop with an independent OAuth 1.0a implementation, Python's oauthlib, in both directions:
//! our client side (core on the blocking test client, and both adapters) against a provider on oauthlib's
//! server endpoints (`interop/oauthlib_provider.py`), and oauthlib's `Client` against our reference
//! provider (`interop/oauthlib_client.py`).
//!
//! oauthlib comes from `OAUTH1_PYTHON` or `target/ci-venv` (made here if missing). Where it cannot be had
//! (no python3, no network) the tests say so and pass, except under CI (`CI` set), where they fail.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::path::{Path, PathBuf};
use std::process::Command;

use http::header::CONTENT_TYPE;
use http::{Request, StatusCode};
use oauth1_core::encode::percent_encode;
use oauth1_core::{
    AccessToken, AccessTokenRequest, BuiltinMethod, ClientCredentials, Error, Provider,
    TemporaryCredentialsRequest, Timestamp,
};
use oauth1_tests::flow_driver::{DriveError, FlowDriver, complete_from_consent, consent_request, nonce};
use oauth1_tests::interop::PythonServer;
use oauth1_tests::provider::{ProviderConfig, ReferenceProvider};

const STATUS: &str = "Hello Ladies + Gentlemen, a signed OAuth request! !*'() ☃ é";

fn python() -> Option<PathBuf> {
    oauth1_tests::interop::python_or_skip()
}

fn json(response: &http::Response<Vec<u8>>) -> serde_json::Value {
    serde_json::from_slice(response.body()).unwrap_or_else(|_| {
        panic!(
            "{} {}",
            response.status(),
            String::from_utf8_lossy(response.body())
        )
    })
}

fn client() -> ClientCredentials {
    ClientCredentials::new("interop-consumer-key", "interop consumer secret &+")
}

fn oauthlib_provider(python: &Path) -> (PythonServer, FlowDriver) {
    let client = client();
    let server = PythonServer::start(
        python,
        "oauthlib_provider.py",
        &[
            "--consumer-key",
            client.key(),
            "--consumer-secret",
            client.secret().expose(),
        ],
    )
    .unwrap();
    let driver = FlowDriver::new(Provider::at_host(&server.url()).unwrap(), client);
    (server, driver)
}

fn get_request(server: &PythonServer) -> Request<Vec<u8>> {
    Request::get(format!(
        "{}/1.1/account/verify_credentials.json?include_entities=true&q=a%20b%2Bc&e=%C3%A9",
        server.url()
    ))
    .body(Vec::new())
    .unwrap()
}

fn post_request(server: &PythonServer) -> Request<Vec<u8>> {
    Request::post(format!("{}/1.1/statuses/update.json", server.url()))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!("status={}", percent_encode(STATUS)).into_bytes())
        .unwrap()
}

/// oauthlib accepted the signed GET and read its query as sent.
fn check_get(response: &http::Response<Vec<u8>>) {
    assert_eq!(response.status(), StatusCode::OK, "{}", json(response));
    assert_eq!(json(response)["query"]["q"], "a b+c");
    assert_eq!(json(response)["query"]["e"], "é");
}

/// oauthlib accepted the signed form POST and read its body as sent.
fn check_post(response: &http::Response<Vec<u8>>) {
    assert_eq!(response.status(), StatusCode::OK, "{}", json(response));
    assert_eq!(json(response)["text"], STATUS);
}

/// A signed GET with a query and a form POST with spaces, `+`, `!*'()` and non-ASCII, each accepted.
fn signed_calls(server: &PythonServer, driver: &FlowDriver, access: &AccessToken) {
    check_get(&driver.call(access, get_request(server)).unwrap());
    check_post(&driver.call(access, post_request(server)).unwrap());
}

#[test]
fn the_ureq_adapter_completes_both_flows_and_signed_calls_with_oauthlib() {
    let Some(python) = python() else { return };
    let (server, _) = oauthlib_provider(&python);
    let (provider, client) = (Provider::at_host(&server.url()).unwrap(), client());
    let http = oauth1_ureq::Client::new();
    for callback in ["oob", "http://127.0.0.1:9/cb"] {
        let step = TemporaryCredentialsRequest::new(&provider, &client, callback).unwrap();
        let pending = http.run(&step).unwrap();
        let page = http.send(consent_request(&pending, true).unwrap()).unwrap();
        let access = http
            .run(&AccessTokenRequest::new(
                &client,
                &complete_from_consent(&pending, &page).unwrap(),
            ))
            .unwrap();
        let signer = access.signer(&client);
        check_get(&http.send_signed(&signer, get_request(&server)).unwrap());
        check_post(&http.send_signed(&signer, post_request(&server)).unwrap());
    }
}

#[test]
fn the_reqwest_adapter_completes_both_flows_and_signed_calls_with_oauthlib() {
    let Some(python) = python() else { return };
    let (server, _) = oauthlib_provider(&python);
    let (provider, client) = (Provider::at_host(&server.url()).unwrap(), client());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let http = oauth1_reqwest::Client::new().unwrap();
        for callback in ["oob", "http://127.0.0.1:9/cb"] {
            let step = TemporaryCredentialsRequest::new(&provider, &client, callback).unwrap();
            let pending = http.run(&step).await.unwrap();
            let page = http.send(consent_request(&pending, true).unwrap()).await.unwrap();
            let access = http
                .run(&AccessTokenRequest::new(
                    &client,
                    &complete_from_consent(&pending, &page).unwrap(),
                ))
                .await
                .unwrap();
            let signer = access.signer(&client);
            check_get(&http.send_signed(&signer, get_request(&server)).await.unwrap());
            check_post(&http.send_signed(&signer, post_request(&server)).await.unwrap());
        }
    });
}

#[test]
fn our_client_completes_the_pin_flow_with_oauthlib() {
    let Some(python) = python() else { return };
    let (server, driver) = oauthlib_provider(&python);
    let access = driver.run("oob").unwrap();
    assert_eq!(access.screen_name(), Some("twitterapi"));
    assert_eq!(access.user_id(), Some("6253282"));
    signed_calls(&server, &driver, &access);
}

#[test]
fn our_client_completes_callback_flows_with_oauthlib() {
    let Some(python) = python() else { return };
    let (server, driver) = oauthlib_provider(&python);
    for callback in ["http://127.0.0.1:9/callback?state=xyz", "myapp://cb"] {
        let access = driver.run(callback).unwrap();
        signed_calls(&server, &driver, &access);
    }
}

#[test]
fn oauthlib_accepts_every_signature_method_we_send() {
    let Some(python) = python() else { return };
    let (server, driver) = oauthlib_provider(&python);
    let access = driver.run("oob").unwrap();
    for method in [
        BuiltinMethod::HmacSha1,
        BuiltinMethod::HmacSha256,
        BuiltinMethod::Plaintext,
    ] {
        let mut request = Request::get(format!(
            "{}/1.1/account/verify_credentials.json?m=1",
            server.url()
        ))
        .body(Vec::new())
        .unwrap();
        access
            .signer(&client())
            .method(method)
            .authorize(&mut request, &nonce(), Timestamp::now().unwrap())
            .unwrap();
        let response = driver.send(request).unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{method}: {}", json(&response));
    }
}

#[test]
fn oauthlib_refuses_a_wrong_verifier_and_a_denial_is_typed() {
    let Some(python) = python() else { return };
    let (_server, driver) = oauthlib_provider(&python);
    let pending = driver.request_token("oob").unwrap();
    let right = driver.consent(&pending, true).unwrap();
    let wrong = pending.complete_with_pin("not-the-verifier").unwrap();
    match driver.access_token(&wrong) {
        Err(DriveError::OAuth(Error::Provider(e))) => assert_eq!(e.status, StatusCode::UNAUTHORIZED),
        other => panic!("{other:?}"),
    }
    driver.access_token(&right).unwrap();

    let pending = driver.request_token("http://127.0.0.1:9/cb").unwrap();
    assert!(matches!(
        driver.consent(&pending, false),
        Err(DriveError::OAuth(Error::Denied))
    ));
}

#[test]
fn our_reference_provider_accepts_oauthlib_and_rejects_tampered_copies() {
    let Some(python) = python() else { return };
    let mut config = ProviderConfig::new(client());
    let token = oauth1_core::TokenCredentials::new("interop-access-token", "interop token secret");
    config.tokens.push(token.clone());
    let provider = ReferenceProvider::start_with(config).unwrap();
    let client = client();
    let script = oauth1_tests::interop::repo_root().join("tests/interop/oauthlib_client.py");
    let output = Command::new(&python)
        .arg(script)
        .args(["--base", &provider.url()])
        .args([
            "--consumer-key",
            client.key(),
            "--consumer-secret",
            client.secret().expose(),
        ])
        .args([
            "--token",
            token.token(),
            "--token-secret",
            token.secret().expose(),
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let cases = report["cases"].as_array().unwrap();
    assert!(cases.len() >= 14, "{report}");
    let mut rejected = 0;
    for case in cases {
        let (name, status) = (&case["name"], case["status"].as_u64().unwrap());
        let body: serde_json::Value =
            serde_json::from_str(case["body"].as_str().unwrap()).unwrap_or_default();
        if case["expect"] == "accept" {
            assert_eq!(status, 200, "{name}: {}", case["body"]);
        } else {
            assert_eq!(status, 401, "{name}: {}", case["body"]);
            assert!(body["errors"][0]["code"].is_i64(), "{name}: {}", case["body"]);
            rejected += 1;
        }
        if name == "form POST with spaces, +, !*'() and non-ASCII" {
            assert_eq!(body["text"], STATUS);
        }
    }
    assert_eq!(rejected, 7, "{report}");
    // Each rejection is in the provider's log with its reason.
    let log = provider.log();
    let reasons = [
        "oauth_nonce was already used",
        "oauth_signature does not match",
        "oauth_verifier does not match",
    ];
    for reason in reasons {
        assert!(log.iter().any(|l| l.contains(reason)), "{reason} not in {log:#?}");
    }
}
