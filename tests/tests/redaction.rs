//! No secret in `Debug`: every public type that holds a consumer secret, a token secret, a verifier, a
//! password, a private key or a PLAINTEXT signature, and every request a step prepares, printed with
//! `{:?}` and `{:#?}`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use http::Request;
use oauth1_core::body::SensitiveBody;
use oauth1_core::clock::ClockCorrection;
use oauth1_core::response::FormFields;
use oauth1_core::rsa::Rsa;
use oauth1_core::signature::{AnyMethod, SigningKey};
use oauth1_core::step::{Exchange, SignedRequest};
use oauth1_core::verify::{AuthorizationHeader, Checker, MemoryReplayStore, Secrets, VerificationMethod};
use oauth1_core::{
    AccessTokenRequest, ClientCredentials, HmacSha256, Nonce, PendingAuthorization, Plaintext, Provider,
    Secret, Signer, Step, TemporaryCredentialsRequest, Timestamp, TokenCredentials, XAuthRequest,
};

const CONSUMER_SECRET: &str = "consumer-SENTINEL-1";
const TOKEN_SECRET: &str = "token-SENTINEL-2";
const VERIFIER: &str = "verifier-SENTINEL-3";
const PASSWORD: &str = "password-SENTINEL-4";
const ACCESS_SECRET: &str = "access-SENTINEL-5";

/// Fails when `value`'s `Debug` (plain or pretty) shows any secret, raw or percent-encoded.
#[track_caller]
fn assert_redacted(what: &str, value: &dyn std::fmt::Debug) {
    for shown in [format!("{value:?}"), format!("{value:#?}")] {
        assert!(!shown.contains("SENTINEL"), "{what} shows a secret: {shown}");
    }
}

fn now() -> Timestamp {
    Timestamp::from_secs(1_700_000_000)
}

#[test]
fn no_public_type_shows_a_secret() {
    let client = ClientCredentials::new("key", CONSUMER_SECRET);
    let token = TokenCredentials::new("token", TOKEN_SECRET);
    let key = oauth1_tests::private_key("oauth-net-test-cases.pem").unwrap();

    assert_redacted("Secret", &Secret::new(CONSUMER_SECRET));
    assert_redacted("ClientCredentials", &client);
    assert_redacted("TokenCredentials", &token);
    assert_redacted(
        "SigningKey",
        &SigningKey::new(CONSUMER_SECRET, Some(TOKEN_SECRET)),
    );
    assert_redacted("RsaPrivateKey", &key);
    assert_redacted("Rsa", &Rsa::sha1(&key));
    assert_redacted(
        "AnyMethod",
        &AnyMethod::from_name("RSA-SHA1", Some(&key)).unwrap(),
    );
    assert_redacted(
        "SensitiveBody",
        &SensitiveBody::from(PASSWORD.as_bytes().to_vec()),
    );

    let signer = Signer::new(&client)
        .token(&token)
        .method(Plaintext)
        .verifier(VERIFIER);
    assert_redacted("Signer", &signer);
    assert_redacted("KeyedSigner", &signer.clone().keyed());
    let request = Request::get("https://api.example.com/a")
        .body(Vec::new())
        .unwrap();
    let nonce = Nonce::new("n").unwrap();
    let authorization = signer.sign(&request, &nonce, now()).unwrap();
    assert_redacted("Authorization", &authorization);
    assert_redacted("Signature (PLAINTEXT)", authorization.signature());
    let mut signed = request.clone();
    signer.authorize(&mut signed, &nonce, now()).unwrap();
    assert_redacted("a request signed with PLAINTEXT and a verifier", &signed);
    let header = signed.headers()["authorization"].as_bytes().to_vec();
    let parsed = AuthorizationHeader::parse(&header).unwrap().unwrap();
    assert_redacted("AuthorizationHeader", &parsed);

    let step = SignedRequest::new(&signer, request.clone());
    assert_redacted("SignedRequest", &step);
    assert_eq!(
        format!("{step:?}"),
        r#"SignedRequest { method: GET, path: "/a", .. }"#
    );
    assert_redacted("a prepared SignedRequest", &step.prepare(&nonce, now()).unwrap());
    let clock = ClockCorrection::default();
    assert_redacted("Exchange", &Exchange::new(&step, &clock));

    let secrets =
        Secrets::new(CONSUMER_SECRET, Some(TOKEN_SECRET.into())).with_rsa_public_key(key.public_key());
    assert_redacted("Secrets", &secrets);
    let lookup = |_: &str, _: Option<&str>| Ok(secrets.clone());
    let verified = Checker::new(now())
        .verify(&signed, lookup, &mut MemoryReplayStore::new(8))
        .unwrap();
    assert_redacted("Verified", &verified);

    let body = format!("oauth_token=t&oauth_token_secret={TOKEN_SECRET}&oauth_callback_confirmed=true");
    assert_redacted("FormFields", &FormFields::parse(body.as_bytes()).unwrap());
}

/// Redaction hides the secrets, not the rest: an empty `Debug` would pass the test above and help nobody
/// debug a refused request.
#[test]
fn debug_still_shows_what_is_not_secret() {
    let client = ClientCredentials::new("key", CONSUMER_SECRET);
    let token = TokenCredentials::new("token", TOKEN_SECRET);
    let signer = Signer::new(&client).token(&token).method(Plaintext);
    let request = Request::get("https://api.example.com/a")
        .body(Vec::new())
        .unwrap();
    let nonce = Nonce::new("n-1").unwrap();
    let authorization = signer.sign(&request, &nonce, now()).unwrap();
    assert_eq!(
        format!("{authorization:?}"),
        "Authorization { consumer_key: \"key\", token: Some(\"token\"), signature_method: \"PLAINTEXT\", \
         nonce: Nonce(\"n-1\"), timestamp: Timestamp(1700000000), signature: Signature([redacted]), .. }"
    );
    assert_eq!(
        format!("{:?}", SigningKey::new(CONSUMER_SECRET, None)),
        "SigningKey([redacted])"
    );
    let settings = "client: ClientCredentials { key: \"key\", secret: [redacted] }, \
         token: Some(TokenCredentials { token: \"token\", secret: [redacted] }), method: Plaintext, \
         realm: Some(\"Photos\"), callback: None, verifier: Some(\"[redacted]\"), version: true, \
         empty_token: false, body_hash: Off, compat: Rfc5849, placement: Header, \
         plaintext_over_http: false, multipart_fields: false";
    let signer = signer.verifier(VERIFIER).realm("Photos");
    assert_eq!(format!("{signer:?}"), format!("Signer {{ {settings} }}"));
    assert_eq!(
        format!("{:?}", signer.clone().keyed()),
        format!("KeyedSigner {{ signer: Signer {{ {settings} }}, .. }}")
    );
    let methods: [&dyn VerificationMethod; 2] = [&HmacSha256, &Plaintext];
    let checker = Checker::new(now()).window(60).methods(&methods);
    assert_eq!(
        format!("{checker:?}"),
        "Checker { now: Timestamp(1700000000), window: 60, methods: [\"HMAC-SHA256\", \"PLAINTEXT\"], \
         plaintext_over_http: false }"
    );
    // What a provider reads off that request: everything but the signature and the verifier.
    let mut signed = request.clone();
    signer.authorize(&mut signed, &nonce, now()).unwrap();
    let value = signed.headers()["authorization"].as_bytes().to_vec();
    let parsed = AuthorizationHeader::parse(&value).unwrap().unwrap();
    assert_eq!(
        format!("{parsed:?}"),
        "AuthorizationHeader { realm: Some(\"Photos\"), params: [(\"oauth_consumer_key\", \"key\"), \
         (\"oauth_nonce\", \"n-1\"), (\"oauth_signature\", \"[redacted]\"), \
         (\"oauth_signature_method\", \"PLAINTEXT\"), (\"oauth_timestamp\", \"1700000000\"), \
         (\"oauth_token\", \"token\"), (\"oauth_verifier\", \"[redacted]\"), (\"oauth_version\", \"1.0\")] }"
    );
    let lookup = |_: &str, _: Option<&str>| Ok(Secrets::new(CONSUMER_SECRET, Some(TOKEN_SECRET.into())));
    let verified = Checker::new(now())
        .verify(&signed, lookup, &mut MemoryReplayStore::new(8))
        .unwrap();
    assert_eq!(
        format!("{verified:?}"),
        "Verified { consumer_key: \"key\", token: Some(\"token\"), callback: None, \
         verifier: Some(\"[redacted]\"), realm: Some(\"Photos\"), nonce: Nonce(\"n-1\"), \
         timestamp: Timestamp(1700000000), signature_method: \"PLAINTEXT\", placement: Header }"
    );
    let password = SensitiveBody::from(PASSWORD.as_bytes().to_vec());
    assert_eq!(format!("{password:?}"), "SensitiveBody(19 bytes, [redacted])");
    // What goes on the wire as it is, for logs and the CLI.
    assert_eq!(nonce.to_string(), "n-1");
    assert_eq!(now().to_string(), "1700000000");
}

#[test]
fn no_flow_state_or_prepared_request_shows_a_secret() {
    let client = ClientCredentials::new("key", CONSUMER_SECRET);
    let provider = Provider::twitter();
    let key = oauth1_tests::private_key("oauth-net-test-cases.pem").unwrap();
    let nonce = Nonce::new("n").unwrap();

    // Every step, with PLAINTEXT (whose signature is the secrets) and with RSA.
    let temporary = TemporaryCredentialsRequest::new(&provider, &client, "oob").unwrap();
    assert_redacted("TemporaryCredentialsRequest", &temporary);
    let plaintext = temporary.clone().method(Plaintext);
    assert_redacted(
        "prepared request token",
        &plaintext.prepare(&nonce, now()).unwrap(),
    );
    let rsa = temporary.method(Rsa::sha1(&key));
    assert_redacted("TemporaryCredentialsRequest (RSA)", &rsa);
    let answer = format!("oauth_token=t&oauth_token_secret={TOKEN_SECRET}&oauth_callback_confirmed=true");
    let pending = plaintext.parse(http::Response::new(answer.into_bytes())).unwrap();
    assert_redacted("PendingAuthorization", &pending);

    let authorized = pending.complete(VERIFIER).unwrap();
    assert_redacted("Authorized", &authorized);
    let access_step = AccessTokenRequest::new(&client, &authorized).method(Plaintext);
    assert_redacted("AccessTokenRequest", &access_step);
    assert_redacted(
        "prepared access token (PLAINTEXT, verifier)",
        &access_step.prepare(&nonce, now()).unwrap(),
    );
    let answer =
        format!("oauth_token=a&oauth_token_secret={ACCESS_SECRET}&user_id=1&x_private={ACCESS_SECRET}");
    let access = access_step
        .parse(http::Response::new(answer.into_bytes()))
        .unwrap();
    assert_redacted("AccessToken", &access);
    assert_eq!(
        format!("{access:?}"),
        "AccessToken { credentials: TokenCredentials { token: \"a\", secret: [redacted] }, \
         user_id: Some(\"1\"), screen_name: None, extra: [\"x_private\"] }"
    );

    let xauth = XAuthRequest::new(&provider, &client, "jane", PASSWORD).method(Plaintext);
    assert_redacted("XAuthRequest", &xauth);
    let shown = format!("{xauth:?}");
    assert!(
        shown.starts_with("XAuthRequest { provider: Provider { name: \"twitter\""),
        "{shown}"
    );
    assert!(
        shown.ends_with(" }, username: \"jane\", password: [redacted], .. }"),
        "{shown}"
    );
    assert_redacted(
        "prepared xAuth (password in the body)",
        &xauth.prepare(&nonce, now()).unwrap(),
    );

    // Restored from storage the same way.
    let restored =
        PendingAuthorization::new(provider, "key", TokenCredentials::new("t", TOKEN_SECRET), "oob").unwrap();
    assert_redacted("restored PendingAuthorization", &restored);
}
