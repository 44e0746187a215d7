//! oauth1-ureq end to end against the reference provider on a loopback port.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::time::{Duration, Instant};

use http::header::CONTENT_TYPE;
use http::{Request, StatusCode};
use oauth1_core::encode::percent_encode;
use oauth1_core::rsa::{Rsa, RsaPrivateKey};
use oauth1_core::signature::{HmacSha256, HmacSha512, Plaintext, SignatureMethod};
use oauth1_core::{AccessTokenRequest, ClientCredentials, Error as CoreError, TemporaryCredentialsRequest};
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
    flow_signed_with(
        http,
        provider,
        &consumer(),
        callback,
        approve,
        oauth1_core::HmacSha1,
    )
}

/// The flow with every step signed by `method`.
fn flow_signed_with<M: SignatureMethod + Copy>(
    http: &Client,
    provider: &ReferenceProvider,
    client: &ClientCredentials,
    callback: &str,
    approve: bool,
    method: M,
) -> Result<oauth1_core::AccessToken, Error> {
    let oauth = provider.provider();
    let pending = http.run(&TemporaryCredentialsRequest::new(&oauth, client, callback)?.method(method))?;
    let page = http.send(consent_request(&pending, approve).unwrap())?;
    let authorized = match complete_from_consent(&pending, &page) {
        Ok(authorized) => authorized,
        Err(DriveError::OAuth(e)) => return Err(e.into()),
        Err(other) => panic!("{other}"),
    };
    http.run(&AccessTokenRequest::new(client, &authorized).method(method))
}

/// The 3-legged flow and a signed call, every request signed with `method`, against a provider that
/// checks it (for RSA, with the client's public key).
fn flow_and_call_with<M: SignatureMethod + Copy>(config: ProviderConfig, method: M) {
    let client = config.client.clone();
    let provider = ReferenceProvider::start_with(config).unwrap();
    let http = Client::new();
    for callback in ["oob", "http://127.0.0.1:9/cb"] {
        let access = flow_signed_with(&http, &provider, &client, callback, true, method).unwrap();
        assert_eq!(access.screen_name(), Some(SCREEN_NAME));
        let get = Request::get(format!("{}/1.1/account/verify_credentials.json", provider.url()))
            .body(Vec::new())
            .unwrap();
        let response = http
            .send_signed(&access.signer(&client).method(method), get)
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{:?}", provider.log());
    }
    let name = method.name();
    let signed_with = provider.log().iter().filter(|l| l.contains(" ok")).count();
    assert_eq!(signed_with, 8, "{name}: {:?}", provider.log());
}

fn rsa_key() -> RsaPrivateKey {
    oauth1_tests::private_key("test-client-2048.pkcs1.pem").unwrap()
}

#[test]
fn jira_style_rsa_sha1_flow() {
    // Jira's application links: RSA-SHA1 with the client's key, an empty consumer secret.
    let key = rsa_key();
    let mut config = ProviderConfig::new(ClientCredentials::new("jira-consumer", ""));
    config.rsa_public_key = Some(oauth1_tests::public_key("test-client-2048.pub.pem").unwrap());
    flow_and_call_with(config, Rsa::sha1(&key));
}

#[test]
fn rsa_sha256_and_sha512_flows() {
    let key = rsa_key();
    for method in [Rsa::sha256(&key), Rsa::sha512(&key)] {
        let mut config = ProviderConfig::new(ClientCredentials::new("rsa-consumer", ""));
        config.rsa_public_key = Some(key.public_key());
        flow_and_call_with(config, method);
    }
}

#[test]
fn an_rsa_signature_from_another_key_is_refused() {
    let key = rsa_key();
    let other = oauth1_tests::private_key("oauth-net-test-cases.pem").unwrap();
    let mut config = ProviderConfig::new(ClientCredentials::new("jira-consumer", ""));
    config.rsa_public_key = Some(key.public_key());
    let client = config.client.clone();
    let provider = ReferenceProvider::start_with(config).unwrap();
    let error =
        flow_signed_with(&Client::new(), &provider, &client, "oob", true, Rsa::sha1(&other)).unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert!(
        provider
            .log()
            .iter()
            .any(|l| l.contains("oauth_signature does not match"))
    );
}

#[test]
fn plaintext_flow() {
    // Launchpad and Discogs sign with PLAINTEXT (over TLS; loopback here).
    flow_and_call_with(ProviderConfig::new(consumer()), Plaintext);
}

#[test]
fn hmac_sha256_and_sha512_flows() {
    // NetSuite and Magento sign with HMAC-SHA256.
    flow_and_call_with(ProviderConfig::new(consumer()), HmacSha256);
    flow_and_call_with(ProviderConfig::new(consumer()), HmacSha512);
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

/// A body sent as it is read — ureq's multipart `Form` — is signed without being read and sent once:
/// a parser not ours (multer, at the test provider's `/test/multipart`) reads it back whole, and the
/// provider accepts the signature. A streamed body that signing would read (a form) is refused,
/// unsent.
#[test]
fn a_streamed_multipart_upload_is_signed_without_being_read() {
    let provider = provider();
    let token = provider.issue_access_token();
    let consumer = consumer();
    let signer = oauth1_core::Signer::new(&consumer).token(&token);
    let http = Client::new();
    let upload = |path: &str, content_type: Option<&str>| upload(&provider, path, content_type);
    let response = http
        .send_signed_streamed(&signer, upload("/test/multipart", None))
        .unwrap();
    oauth1_tests::provider::assert_upload_parts(response.body());
    // The signature is checked (no body parameters) before the missing status: 400, not 401.
    let response = http
        .send_signed_streamed(&signer, upload("/1.1/statuses/update.json", None))
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    let hits = provider.hits("/1.1/statuses/update.json");
    let form = upload(
        "/1.1/statuses/update.json",
        Some("application/x-www-form-urlencoded"),
    );
    let error = http.send_signed_streamed(&signer, form).unwrap_err();
    assert!(
        matches!(&error, Error::OAuth(_)) && error.to_string().contains("request body"),
        "{error}"
    );
    assert_eq!(provider.hits("/1.1/statuses/update.json"), hits);
}

/// The upload the multipart tests send to `path`: a text field `status` = `hi` and a file `media`,
/// with the multipart content type and its boundary unless `content_type` says otherwise.
fn upload(
    provider: &ReferenceProvider,
    path: &str,
    content_type: Option<&str>,
) -> Request<ureq::unversioned::multipart::Form<'static>> {
    use ureq::unversioned::multipart::{Form, Part};
    let media = Part::bytes(b"picture octets")
        .file_name("cat.png")
        .mime_str("image/png")
        .unwrap();
    let form = Form::new().text("status", "hi").part("media", media);
    let multipart = format!("multipart/form-data; boundary={}", form.boundary());
    Request::post(format!("{}{path}", provider.url()))
        .header(CONTENT_TYPE, content_type.unwrap_or(&multipart))
        .body(form)
        .unwrap()
}

/// Where the provider signs a multipart body's text fields (Flickr), `send_signed_multipart` signs
/// them: the signature verifies over the text parts as multer read them off the wire, and a signer
/// that signs none (RFC 5849) does not. A body that is not multipart is refused.
#[test]
fn a_multipart_uploads_text_fields_are_signed_where_the_provider_signs_them() {
    let provider = provider();
    let token = provider.issue_access_token();
    let consumer = consumer();
    let http = Client::new();
    let url = format!("{}/test/multipart", provider.url());
    let fields = [("status", "hi")];
    for (signs_fields, verifies) in [(true, true), (false, false)] {
        let signer = oauth1_core::Signer::new(&consumer)
            .token(&token)
            .multipart_fields(signs_fields);
        let response = http
            .send_signed_multipart(&signer, upload(&provider, "/test/multipart", None), &fields)
            .unwrap();
        oauth1_tests::provider::assert_upload_parts(response.body());
        let verified = oauth1_tests::provider::verify_with_text_fields(&response, &url, &consumer, &token);
        assert_eq!(verified.is_ok(), verifies, "{signs_fields}: {verified:?}");
    }

    // Refused by core before sending (`/test/multipart` answers any upload).
    let png = upload(&provider, "/test/multipart", Some("image/png"));
    let signer = oauth1_core::Signer::new(&consumer).token(&token);
    let error = http.send_signed_multipart(&signer, png, &fields).unwrap_err();
    assert!(
        matches!(&error, Error::OAuth(_)) && error.to_string().contains("not multipart/form-data"),
        "{error}"
    );
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
        .run(&TemporaryCredentialsRequest::new(&oauth, &consumer(), "oob").unwrap())
        .unwrap();
    http.send(consent_request(&pending, true).unwrap()).unwrap();
    let error = http
        .run(&AccessTokenRequest::new(
            &consumer(),
            &pending.complete_with_pin("0000000").unwrap(),
        ))
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
        .run(&TemporaryCredentialsRequest::new(&oauth, &consumer(), "oob").unwrap())
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
        .run(&TemporaryCredentialsRequest::new(&oauth, &wrong, "oob").unwrap())
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
fn a_3_mib_body_is_capped_with_or_without_its_length_announced() {
    let provider = provider();
    // `/test/big` says its length up front; `/test/big-chunked` streams it, so only reading stops it.
    for path in ["/test/big", "/test/big-chunked"] {
        let request = Request::get(format!("{}{path}", provider.url()))
            .body(Vec::new())
            .unwrap();
        let error = Client::new().send(request.clone()).unwrap_err();
        assert!(
            matches!(error, Error::BodyTooLarge { limit: 1_048_576 }),
            "{path}: {error:?}"
        );
        // A larger cap reads it.
        let response = Client::new().max_body_size(4 << 20).send(request).unwrap();
        assert_eq!(
            response.body().len(),
            oauth1_tests::provider::BIG_BODY_LEN,
            "{path}"
        );
    }
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

/// A request that sets `Host` (a virtual host reached by address) goes out with it, and is signed for
/// it: the provider, which sees only `Host`, verifies it.
#[test]
fn a_request_with_its_own_host_header_is_signed_for_that_host() {
    let provider = provider();
    let request = Request::get(format!("{}/1.1/account/verify_credentials.json", provider.url()))
        .header("host", "api.example.com");
    let response = signed_get(&provider, request);
    assert_eq!(response.status(), StatusCode::OK, "{:#?}", provider.log());
}

/// `request` sent through a new client, signed with a token the provider has just issued.
fn signed_get(provider: &ReferenceProvider, request: http::request::Builder) -> http::Response<Vec<u8>> {
    let token = provider.issue_access_token();
    Client::new()
        .send_signed(
            &oauth1_core::Signer::new(&consumer()).token(&token),
            request.body(Vec::new()).unwrap(),
        )
        .unwrap()
}

#[test]
fn a_redirect_on_a_signed_call_is_returned_not_followed() {
    let provider = provider();
    let response = signed_get(
        &provider,
        Request::get(format!("{}/test/redirect", provider.url())),
    );
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

    let error = Client::new().run(&step).unwrap_err();
    match &error {
        Error::OAuth(CoreError::Provider(e)) => assert_eq!(e.code, Some(135)),
        other => panic!("{other:?}"),
    }
    let http = Client::new().clock_skew_correction(true);
    http.run(&step).unwrap();
    assert!(
        (3595..=3605).contains(&http.clock_skew(&provider.url())),
        "{}",
        http.clock_skew(&provider.url())
    );
    // The offset is kept: the next request succeeds the first time.
    let before = provider.log().len();
    http.run(&step).unwrap();
    assert_eq!(provider.log().len(), before + 1);

    // Another provider reached through the same client keeps its own (correct) clock.
    let other = ReferenceProvider::start(consumer.clone()).unwrap();
    let other_oauth = other.provider();
    http.run(&TemporaryCredentialsRequest::new(&other_oauth, &consumer, "oob").unwrap())
        .unwrap();
    assert_eq!(http.clock_skew(&other.url()), 0);
    assert_eq!(other.log().len(), 1, "{:?}", other.log());
}

#[test]
fn a_trickling_answer_ends_at_the_total_deadline() {
    // One byte every 100 ms keeps every read alive; only the total deadline ends the call.
    let server = oauth1_tests::misbehaving::Misbehaving::trickling(Duration::from_millis(100)).unwrap();
    let http = Client::with_timeouts(Duration::from_secs(5), Duration::from_secs(30))
        .total_timeout(Duration::from_secs(2));
    let started = Instant::now();
    let error = http
        .send(Request::get(server.url()).body(Vec::new()).unwrap())
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(1500) && elapsed < Duration::from_secs(6),
        "{elapsed:?}"
    );
}

#[test]
fn a_server_that_never_reads_the_body_is_a_send_timeout() {
    // 16 MiB fills the socket buffers; the send timeout ends the call, not the total deadline.
    let server = oauth1_tests::misbehaving::Misbehaving::never_reading().unwrap();
    let http = Client::with_timeouts(Duration::from_secs(5), Duration::from_secs(1))
        .total_timeout(Duration::from_secs(60));
    let post = Request::post(server.url())
        .header(CONTENT_TYPE, "application/octet-stream")
        .body(vec![b'x'; 16 << 20])
        .unwrap();
    let started = Instant::now();
    let error = http.send(post).unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

/// A transport error names the request without its query: a query-placed PLAINTEXT signature is the
/// secrets themselves. (An agent of the user's own that only speaks HTTPS refuses loopback http, and
/// ureq's error quotes the URI it refused.)
#[test]
fn a_transport_error_does_not_quote_a_signed_query() {
    let provider = provider();
    let token = provider.issue_access_token();
    let client = consumer();
    let signer = oauth1_core::Signer::new(&client)
        .token(&token)
        .method(Plaintext)
        .placement(oauth1_core::Placement::Query);
    let agent = ureq::Agent::config_builder().https_only(true).build().new_agent();
    let call = Request::get(format!(
        "{}/1.1/account/verify_credentials.json?a=1",
        provider.url()
    ))
    .body(Vec::new())
    .unwrap();
    let error = Client::with_agent(agent).send_signed(&signer, call).unwrap_err();
    let said = format!("{error} {error:?}");
    assert!(matches!(error, Error::Transport(_)), "{said}");
    assert!(said.contains("/1.1/account/verify_credentials.json"), "{said}");
    assert!(!said.contains("ureq-consumer-secret"), "{said}");
    assert!(!said.contains(token.secret().expose()), "{said}");
}

/// The `User-Agent` the test provider saw on a GET of `/test/user-agent` sent by `http`, with the
/// request's own header when `own` is given.
fn user_agent_seen(http: &Client, provider: &ReferenceProvider, own: Option<&str>) -> String {
    let mut request = Request::get(format!("{}/test/user-agent", provider.url()));
    if let Some(own) = own {
        request = request.header(http::header::USER_AGENT, own);
    }
    let response = http.send(request.body(Vec::new()).unwrap()).unwrap();
    String::from_utf8(response.into_body()).unwrap()
}

/// A client this crate builds says who sends (not ureq's generic `ureq/…`); `user_agent` names the
/// application, as Discogs asks; a request's own header wins; a client on the caller's agent sends
/// what that agent says.
#[test]
fn requests_say_who_sends_them() {
    let provider = provider();
    let ours = Client::new();
    assert_eq!(
        user_agent_seen(&ours, &provider, None),
        oauth1_ureq::DEFAULT_USER_AGENT
    );
    assert!(oauth1_ureq::DEFAULT_USER_AGENT.starts_with("oauth1-ureq/"));
    let named = Client::new().user_agent(http::HeaderValue::from_static("MyDiscogsClient/1.0"));
    assert_eq!(user_agent_seen(&named, &provider, None), "MyDiscogsClient/1.0");
    assert_eq!(
        user_agent_seen(&named, &provider, Some("PerRequest/2")),
        "PerRequest/2"
    );
    let agent = ureq::Agent::config_builder()
        .user_agent("Agent/3")
        .build()
        .new_agent();
    assert_eq!(
        user_agent_seen(&Client::with_agent(agent), &provider, None),
        "Agent/3"
    );
}
