//! oauth1-ureq end to end against the reference provider on a loopback port.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::time::{Duration, Instant};

use http::header::CONTENT_TYPE;
use http::{Request, StatusCode};
use oauth1_core::encode::percent_encode;
use oauth1_core::{ClientCredentials, Error as CoreError, TemporaryCredentialsRequest};
use oauth1_tests::flow_driver::{DriveError, complete_from_consent, consent_request};
use oauth1_tests::provider::{ProviderConfig, ReferenceProvider, SCREEN_NAME};
use oauth1_ureq::{Client, Error};

fn consumer() -> ClientCredentials {
    ClientCredentials::new("ureq-consumer", "ureq-consumer-secret")
}

fn provider() -> ReferenceProvider {
    ReferenceProvider::start(consumer()).unwrap()
}

/// The flow through the adapter, the user's consent given (or refused) as a browser would.
fn flow(
    http: &Client,
    provider: &ReferenceProvider,
    callback: &str,
    approve: bool,
) -> Result<oauth1_core::AccessToken, Error> {
    let oauth = provider.provider();
    let pending = http.request_token(&TemporaryCredentialsRequest::new(&oauth, &consumer(), callback)?)?;
    let page = http.send(consent_request(&pending, approve).unwrap())?;
    let step = match complete_from_consent(&pending, &page) {
        Ok(step) => step,
        Err(DriveError::OAuth(e)) => return Err(e.into()),
        Err(other) => panic!("{other}"),
    };
    http.access_token(&step, &consumer())
}

#[test]
fn pin_flow_then_a_signed_get_and_a_form_post() {
    let provider = provider();
    let http = Client::new();
    let access = flow(&http, &provider, "oob", true).unwrap();
    assert_eq!(access.screen_name(), Some(SCREEN_NAME));

    let get = Request::get(format!(
        "{}/1.1/account/verify_credentials.json?include_entities=true",
        provider.url()
    ))
    .body(Vec::new())
    .unwrap();
    let response = http.send_signed(&access.signer(&consumer()), get).unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    let status = "Hello Ladies + Gentlemen! !*'() ☃";
    let post = Request::post(format!("{}/1.1/statuses/update.json", provider.url()))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!("status={}", percent_encode(status)).into_bytes())
        .unwrap();
    let response = http.send_signed(&access.signer(&consumer()), post).unwrap();
    let json: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(json["text"], status);
}

#[test]
fn callback_flow() {
    let provider = provider();
    let access = flow(&Client::new(), &provider, "http://127.0.0.1:9/cb", true).unwrap();
    assert_eq!(access.user_id(), Some("6253282"));
}

#[test]
fn denied() {
    let provider = provider();
    let outcome = flow(&Client::new(), &provider, "http://127.0.0.1:9/cb", false);
    assert!(
        matches!(outcome, Err(Error::OAuth(CoreError::Denied))),
        "{outcome:?}"
    );
}

#[test]
fn wrong_verifier_is_the_providers_401() {
    let provider = provider();
    let http = Client::new();
    let oauth = provider.provider();
    let pending = http
        .request_token(&TemporaryCredentialsRequest::new(&oauth, &consumer(), "oob").unwrap())
        .unwrap();
    http.send(consent_request(&pending, true).unwrap()).unwrap();
    let error = http
        .access_token(&pending.complete_with_pin("0000000").unwrap(), &consumer())
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(error.provider_message(), Some("Could not authenticate you."));
}

#[test]
fn rate_limited_with_the_reset() {
    let provider = provider();
    provider.rate_limit(Some(1_900_000_000));
    let oauth = provider.provider();
    let error = Client::new()
        .request_token(&TemporaryCredentialsRequest::new(&oauth, &consumer(), "oob").unwrap())
        .unwrap_err();
    match error {
        Error::OAuth(CoreError::RateLimited(limit)) => assert_eq!(limit.reset, Some(1_900_000_000)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_credentials_are_code_32_with_the_message() {
    let provider = provider();
    let oauth = provider.provider();
    let wrong = ClientCredentials::new("ureq-consumer", "not the secret");
    let error = Client::new()
        .request_token(&TemporaryCredentialsRequest::new(&oauth, &wrong, "oob").unwrap())
        .unwrap_err();
    match &error {
        Error::OAuth(CoreError::Provider(e)) => {
            assert_eq!((e.status.as_u16(), e.code), (401, Some(32)));
            assert_eq!(e.message, "Could not authenticate you.");
        }
        other => panic!("{other:?}"),
    }
    assert!(!error.to_string().contains("not the secret"));
}

#[test]
fn a_3_mib_body_is_capped() {
    let provider = provider();
    let request = Request::get(format!("{}/test/big", provider.url()))
        .body(Vec::new())
        .unwrap();
    let error = Client::new().send(request.clone()).unwrap_err();
    assert!(
        matches!(error, Error::BodyTooLarge { limit: 1_048_576 }),
        "{error:?}"
    );
    // A larger cap reads it.
    let response = Client::new().max_body_size(4 << 20).send(request).unwrap();
    assert_eq!(response.body().len(), oauth1_tests::provider::BIG_BODY_LEN);
}

#[test]
fn a_server_that_never_answers_is_a_timeout() {
    let provider = provider();
    let http = Client::with_timeouts(Duration::from_secs(1), Duration::from_millis(500));
    let started = Instant::now();
    let error = http
        .send(
            Request::get(format!("{}/test/hang", provider.url()))
                .body(Vec::new())
                .unwrap(),
        )
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_redirect_on_a_signed_call_is_returned_not_followed() {
    let provider = provider();
    let token = provider.issue_access_token();
    let http = Client::new();
    let request = Request::get(format!("{}/test/redirect", provider.url()))
        .body(Vec::new())
        .unwrap();
    let response = http
        .send_signed(&oauth1_core::Signer::new(&consumer()).token(&token), request)
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        provider.hits("/1.1/account/verify_credentials.json"),
        0,
        "{:#?}",
        provider.log()
    );
}

#[test]
fn clock_skew_is_corrected_once_when_asked() {
    let mut config = ProviderConfig::new(consumer());
    config.clock_offset_secs = 3600;
    let provider = ReferenceProvider::start_with(config).unwrap();
    let (oauth, consumer) = (provider.provider(), consumer());
    let step = TemporaryCredentialsRequest::new(&oauth, &consumer, "oob").unwrap();

    let error = Client::new().request_token(&step).unwrap_err();
    match &error {
        Error::OAuth(CoreError::Provider(e)) => assert_eq!(e.code, Some(135)),
        other => panic!("{other:?}"),
    }
    let http = Client::new().clock_skew_correction(true);
    http.request_token(&step).unwrap();
    assert!(
        (3595..=3605).contains(&http.clock_skew()),
        "{}",
        http.clock_skew()
    );
    // The offset is kept: the next request succeeds the first time.
    let before = provider.log().len();
    http.request_token(&step).unwrap();
    assert_eq!(provider.log().len(), before + 1);
}
