//! The reference provider started with a profile, driven through oauth1-ureq on loopback: a NetSuite-like
//! provider (HMAC-SHA256 + realm, Problem Reporting), one behind a proxy, a one-legged one, and every
//! preset's own flow.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use http::{Request, StatusCode};
use oauth1_core::diagnose::{BaseStringPart, Cause};
use oauth1_core::problem::ProblemKind;
use oauth1_core::signature::AnyMethod;
use oauth1_core::{
    AccessTokenRequest, ClientCredentials, Error as CoreError, MethodName, Nonce, Preset, PresetInput,
    Provider, ProviderError, SigningRules, TemporaryCredentialsRequest, Timestamp,
};
use oauth1_tests::flow_driver::{complete_from_consent, consent_request};
use oauth1_tests::provider::{ErrorStyle, ProviderConfig, ReferenceProvider, SCREEN_NAME, UriConfig};
use oauth1_ureq::{Client, Error};

fn consumer() -> ClientCredentials {
    ClientCredentials::new("profile-consumer", "profile-consumer-secret")
}

/// NetSuite's rules: HMAC-SHA256 and the account id as realm; errors as OAuth Problem Reporting.
fn netsuite_like() -> ProviderConfig {
    let mut config = ProviderConfig::new(consumer());
    let mut rules = SigningRules::with_method(MethodName::HmacSha256);
    rules.realm = Some("123456".into());
    config.rules = Some(rules);
    config.errors = ErrorStyle::ProblemReporting;
    config
}

fn provider_error(error: Error) -> ProviderError {
    match error {
        Error::OAuth(CoreError::Provider(e)) => e,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_netsuite_like_profile_runs_the_flow_by_its_rules_alone() {
    let provider = ReferenceProvider::start_with(netsuite_like()).unwrap();
    let (oauth, client, http) = (provider.provider(), consumer(), Client::new());
    // No `.method(…)` anywhere: every step takes HMAC-SHA256 and the realm from the profile.
    let pending = http
        .run(&TemporaryCredentialsRequest::new(&oauth, &client, "oob").unwrap())
        .unwrap();
    let page = http.send(consent_request(&pending, true).unwrap()).unwrap();
    let authorized = complete_from_consent(&pending, &page).unwrap();
    let access = http.run(&AccessTokenRequest::new(&client, &authorized)).unwrap();
    assert_eq!(access.screen_name(), Some(SCREEN_NAME));
    let call = Request::get(format!("{}/1.1/account/verify_credentials.json", provider.url()))
        .body(Vec::new())
        .unwrap();
    let response = http.send_signed(&access.signer(&client), call).unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{:?}", provider.log());

    // Twitter's rules (HMAC-SHA1, no realm) are refused, and the refusal is typed.
    let twitter_rules = oauth.clone().with_rules(SigningRules::default());
    let error = http
        .run(&TemporaryCredentialsRequest::new(&twitter_rules, &client, "oob").unwrap())
        .unwrap_err();
    let error = provider_error(error);
    assert_eq!(error.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        error.problem.as_ref().map(|p| p.kind.clone()),
        Some(ProblemKind::SignatureMethodRejected)
    );
}

#[test]
fn an_echoed_base_string_tells_where_the_signatures_part() {
    // The provider believes it is reached at https://api.example.com (behind a proxy, say), while the
    // client signed http://127.0.0.1:<port>: the base string URIs differ, and the error says so.
    let mut config = netsuite_like();
    config.uri = UriConfig::Origin("https://api.example.com".into());
    let provider = ReferenceProvider::start_with(config).unwrap();
    let (oauth, client) = (provider.provider(), consumer());
    let error = Client::new()
        .run(&TemporaryCredentialsRequest::new(&oauth, &client, "oob").unwrap())
        .unwrap_err();
    let error = provider_error(error);
    let problem = error.problem.as_ref().unwrap();
    assert_eq!(problem.kind, ProblemKind::SignatureInvalid);
    let echoed = problem.signature_base_string.as_ref().unwrap();
    assert!(
        echoed
            .as_str()
            .starts_with("POST&https%3A%2F%2Fapi.example.com%2Foauth%2Frequest_token&")
    );
    let mismatch = error
        .mismatch
        .as_ref()
        .expect("the flow step compared the base strings");
    assert_eq!(mismatch.part, BaseStringPart::Uri);
    assert_eq!(mismatch.cause, Some(Cause::Authority));
    assert!(
        mismatch.ours.starts_with("http%3A%2F%2F127.0.0.1"),
        "{mismatch:?}"
    );
    assert!(
        mismatch.theirs.starts_with("https%3A%2F%2Fapi.example"),
        "{mismatch:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("base strings differ at byte 9 (the base string URI)"),
        "{message}"
    );
    assert!(
        message.contains("theirs has another scheme, host or port: a proxy or gateway in between"),
        "{message}"
    );
}

#[test]
fn a_refused_signature_comes_with_the_clients_mistake_as_advice() {
    // The provider is told it is reached at http://api.example.com (a proxy in front ends TLS and
    // does not say so); the client signs for https.
    let mut config = netsuite_like();
    config.uri = UriConfig::Origin("http://api.example.com".into());
    let provider = ReferenceProvider::start_with(config).unwrap();
    let token = provider.issue_access_token();
    let public = "https://api.example.com/1.1/account/verify_credentials.json";
    let mut request = Request::get(public).body(Vec::new()).unwrap();
    provider
        .provider()
        .signer(&consumer())
        .token(&token)
        .authorize(
            &mut request,
            &Nonce::new("tls-nonce").unwrap(),
            Timestamp::now().unwrap(),
        )
        .unwrap();
    *request.uri_mut() = format!("{}/1.1/account/verify_credentials.json", provider.url())
        .parse()
        .unwrap();
    let agent = oauth1_tests::http_client::agent();
    let response = oauth1_tests::http_client::send(&agent, request).unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let error = oauth1_core::response::provider_error(&response);
    let problem = error.problem.as_ref().unwrap();
    assert_eq!(problem.kind, ProblemKind::SignatureInvalid);
    let advice = problem.advice.as_deref().unwrap_or_default();
    assert!(
        advice.starts_with("the client signed a base string (theirs) that differs from this provider's")
            && advice.contains("another scheme, host or port"),
        "{advice}"
    );
    let message = error.to_string();
    assert!(
        message.contains("signature_invalid: the client signed a base string (theirs)"),
        "{message}"
    );
    let log = provider.log();
    assert!(
        log.iter()
            .any(|line| line.contains("does not match the request; the client signed")),
        "{log:?}"
    );
}

#[test]
fn a_trusted_proxys_forwarded_headers_rebuild_the_signed_uri() {
    let client = consumer();
    let signed_for_public_origin = |provider: &ReferenceProvider| {
        // Signed for the public URL, delivered to the loopback port as a proxy would.
        let oauth = provider.provider();
        let token = provider.issue_access_token();
        let public = "https://api.example.com/1.1/account/verify_credentials.json";
        let mut request = Request::get(public).body(Vec::new()).unwrap();
        oauth
            .signer(&client)
            .token(&token)
            .authorize(
                &mut request,
                &Nonce::new("proxy-nonce").unwrap(),
                Timestamp::now().unwrap(),
            )
            .unwrap();
        *request.uri_mut() = format!("{}/1.1/account/verify_credentials.json", provider.url())
            .parse()
            .unwrap();
        let headers = request.headers_mut();
        headers.insert("x-forwarded-proto", "https".parse().unwrap());
        headers.insert("x-forwarded-host", "api.example.com".parse().unwrap());
        request
    };
    let agent = oauth1_tests::http_client::agent();

    let mut config = netsuite_like();
    config.uri = UriConfig::TrustedProxy;
    let trusting = ReferenceProvider::start_with(config).unwrap();
    let response = oauth1_tests::http_client::send(&agent, signed_for_public_origin(&trusting)).unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{:?}", trusting.log());

    // A provider that does not trust the headers sees its own host, and refuses.
    let direct = ReferenceProvider::start_with(netsuite_like()).unwrap();
    let response = oauth1_tests::http_client::send(&agent, signed_for_public_origin(&direct)).unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{:?}", direct.log());
}

#[test]
fn a_one_legged_provider_serves_requests_signed_without_a_token() {
    let mut config = ProviderConfig::new(consumer());
    config.rules = Some(SigningRules::with_method(MethodName::HmacSha256));
    config.one_legged = true;
    let provider = ReferenceProvider::start_with(config).unwrap();
    let (oauth, client, http) = (provider.provider(), consumer(), Client::new());
    let call = || {
        Request::get(format!("{}/1.1/account/verify_credentials.json", provider.url()))
            .body(Vec::new())
            .unwrap()
    };
    let response = http.send_signed(&oauth.signer(&client), call()).unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{:?}", provider.log());

    // A 3-legged provider wants a token there.
    let mut config = ProviderConfig::new(consumer());
    config.rules = Some(SigningRules::with_method(MethodName::HmacSha256));
    let three_legged = ReferenceProvider::start_with(config).unwrap();
    let call = Request::get(format!(
        "{}/1.1/account/verify_credentials.json",
        three_legged.url()
    ))
    .body(Vec::new())
    .unwrap();
    let response = http
        .send_signed(&three_legged.provider().signer(&client), call)
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[test]
fn a_refused_timestamp_teaches_the_providers_clock_through_problem_reporting() {
    let mut config = netsuite_like();
    config.clock_offset_secs = -3600;
    let provider = ReferenceProvider::start_with(config).unwrap();
    let (oauth, client) = (provider.provider(), consumer());
    let step = TemporaryCredentialsRequest::new(&oauth, &client, "oob").unwrap();
    let error = provider_error(Client::new().run(&step).unwrap_err());
    let problem = error.problem.unwrap();
    assert_eq!(problem.kind, ProblemKind::TimestampRefused);
    assert!(problem.acceptable_timestamps.is_some());
    // `oauth_acceptable_timestamps` (no Date header needed) is enough to correct the clock.
    let http = Client::new().clock_skew_correction(true);
    http.run(&step).unwrap();
    let skew = http.clock_skew(&provider.url());
    assert!((-3605..=-3595).contains(&skew), "{skew}");
}

/// Every preset with a 3-legged flow, run end to end on loopback: the reference provider plays the
/// preset's rules (method, realm, placement, `oauth_version`, GET endpoints, E*TRADE's `key`/`token`
/// authorization URL, Launchpad's missing verifier), and the client uses the preset with only its URLs
/// moved to the loopback port.
#[test]
fn every_presets_flow_runs_against_the_reference_provider_playing_it() {
    let key = oauth1_tests::private_key("test-client-2048.pkcs8.pem").unwrap();
    let mut ran = Vec::new();
    for preset in Preset::ALL {
        let input = match preset.input() {
            PresetInput::BaseUrl => Some("https://service.example.com"),
            PresetInput::AccountId => Some("123456"),
            _ => None,
        };
        let shape = preset.provider(input).unwrap();
        let Some(shape_flow) = shape.flow() else {
            continue;
        };
        let rules = shape.rules().clone();
        let rsa = rules.method.needs_private_key();
        // RSA and PLAINTEXT presets (Jira, Launchpad) have an empty consumer secret.
        let secret = if rsa || rules.method == MethodName::Plaintext {
            ""
        } else {
            "preset-secret"
        };
        let client = ClientCredentials::new("preset-consumer", secret);
        let mut config = ProviderConfig::new(client.clone());
        config.rules = Some(rules.clone());
        config.verifier = shape_flow.rules.verifier;
        if rsa {
            config.rsa_public_key = Some(key.public_key());
        }
        let server = ReferenceProvider::start_with(config).unwrap();
        let url = server.url();
        let mut flow = shape_flow.clone();
        flow.request_token.url = format!("{url}/oauth/request_token");
        flow.authorize = format!("{url}/oauth/authorize");
        flow.authenticate = format!("{url}/oauth/authenticate");
        flow.access_token.url = format!("{url}/oauth/access_token");
        flow.renew_access_token = None;
        let provider = Provider::without_flow(preset.name(), rules.clone())
            .with_flow(flow)
            .unwrap();
        let method = AnyMethod::from_name(rules.method.as_str(), Some(&key)).unwrap();

        let http = Client::new();
        let step = TemporaryCredentialsRequest::new(&provider, &client, "oob")
            .unwrap()
            .method(method);
        let pending = http
            .run(&step)
            .unwrap_or_else(|e| panic!("{preset}: {e} {:?}", server.log()));
        let page = http.send(consent_request(&pending, true).unwrap()).unwrap();
        let authorized = if provider.flow().unwrap().rules.verifier {
            complete_from_consent(&pending, &page).unwrap()
        } else {
            pending.approved().unwrap()
        };
        let access = http
            .run(&AccessTokenRequest::new(&client, &authorized).method(method))
            .unwrap_or_else(|e| panic!("{preset}: {e} {:?}", server.log()));
        let call = Request::get(format!("{url}/1.1/account/verify_credentials.json"))
            .body(Vec::new())
            .unwrap();
        let response = http
            .send_signed(&access.signer(&client).method(method), call)
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{preset}: {:?}", server.log());
        ran.push(preset.name());
    }
    assert_eq!(ran.len(), 13, "{ran:?}");
}
