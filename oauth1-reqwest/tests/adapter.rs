//! oauth1-reqwest end to end against the reference provider on a loopback port.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::sync::Arc;
use std::time::{Duration, Instant};

use http::header::CONTENT_TYPE;
use http::{Request, StatusCode};
use oauth1_core::encode::percent_encode;
use oauth1_core::rsa::Rsa;
use oauth1_core::signature::{HmacSha256, Plaintext, SignatureMethod};
use oauth1_core::{
    AccessTokenRequest, ClientCredentials, Error as CoreError, MAX_URI_LEN, Signer,
    TemporaryCredentialsRequest,
};
use oauth1_reqwest::{Client, Error, RequestBuilderExt as _};
use oauth1_tests::flow_driver::{DriveError, complete_from_consent, consent_request};
use oauth1_tests::provider::{ProviderConfig, ReferenceProvider, SCREEN_NAME};

fn consumer() -> ClientCredentials {
    ClientCredentials::new("reqwest-consumer", "reqwest-consumer-secret")
}

fn provider() -> ReferenceProvider {
    ReferenceProvider::start(consumer()).unwrap()
}

async fn flow(
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
    .await
}

/// The flow with every step signed by `method`.
async fn flow_signed_with<M: SignatureMethod + Copy + Sync>(
    http: &Client,
    provider: &ReferenceProvider,
    client: &ClientCredentials,
    callback: &str,
    approve: bool,
    method: M,
) -> Result<oauth1_core::AccessToken, Error> {
    let oauth = provider.provider();
    let step = TemporaryCredentialsRequest::new(&oauth, client, callback)?.method(method);
    let pending = http.run(&step).await?;
    let page = http.send(consent_request(&pending, approve).unwrap()).await?;
    let authorized = match complete_from_consent(&pending, &page) {
        Ok(authorized) => authorized,
        Err(DriveError::OAuth(e)) => return Err(e.into()),
        Err(other) => panic!("{other}"),
    };
    http.run(&AccessTokenRequest::new(client, &authorized).method(method))
        .await
}

/// The 3-legged flow and a signed call, every request signed with `method`.
async fn flow_and_call_with<M: SignatureMethod + Copy + Sync>(config: ProviderConfig, method: M) {
    let client = config.client.clone();
    let provider = ReferenceProvider::start_with(config).unwrap();
    let http = Client::new().unwrap();
    for callback in ["oob", "myapp://cb"] {
        let access = flow_signed_with(&http, &provider, &client, callback, true, method)
            .await
            .unwrap();
        assert_eq!(access.screen_name(), Some(SCREEN_NAME));
        let get = Request::get(format!("{}/1.1/account/verify_credentials.json", provider.url()))
            .body(Vec::new())
            .unwrap();
        let signer = access.signer(&client).method(method);
        let response = http.send_signed(&signer, get).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{:?}", provider.log());
    }
    let ok = provider.log().iter().filter(|l| l.contains(" ok")).count();
    assert_eq!(ok, 8, "{}: {:?}", method.name(), provider.log());
}

#[tokio::test]
async fn jira_style_rsa_sha1_flow() {
    let key = oauth1_tests::private_key("test-client-2048.pkcs8.pem").unwrap();
    let mut config = ProviderConfig::new(ClientCredentials::new("jira-consumer", ""));
    config.rsa_public_key = Some(oauth1_tests::public_key("test-client-2048.pub.pem").unwrap());
    // The futures stay Send with an RSA method.
    assert_send(flow_and_call_with(config, Rsa::sha1(&key))).await;
}

#[tokio::test]
async fn plaintext_and_hmac_sha256_flows() {
    flow_and_call_with(ProviderConfig::new(consumer()), Plaintext).await;
    flow_and_call_with(ProviderConfig::new(consumer()), HmacSha256).await;
}

fn assert_send<T: Send>(t: T) -> T {
    t
}

#[tokio::test]
async fn pin_flow_then_signed_calls_including_reqwests_own_builder() {
    let provider = provider();
    let http = Client::new().unwrap();
    // The adapter's futures are Send: they can run on any executor thread.
    let access = assert_send(flow(&http, &provider, "oob", true)).await.unwrap();
    assert_eq!(access.screen_name(), Some(SCREEN_NAME));
    let consumer = consumer();
    let signer = access.signer(&consumer);

    let get = Request::get(format!(
        "{}/1.1/account/verify_credentials.json?include_entities=true",
        provider.url()
    ))
    .body(Vec::new())
    .unwrap();
    let response = assert_send(http.send_signed(&signer, get)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // A path reqwest normalizes before sending is signed as it is sent.
    let dotted = Request::get(format!(
        "{}/1.1/../1.1/account/verify_credentials.json",
        provider.url()
    ))
    .body(Vec::new())
    .unwrap();
    assert_eq!(
        http.send_signed(&signer, dotted).await.unwrap().status(),
        StatusCode::OK
    );

    let status = "Hello Ladies + Gentlemen! !*'() ☃";
    let post = Request::post(format!("{}/1.1/statuses/update.json", provider.url()))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!("status={}", percent_encode(status)).into_bytes())
        .unwrap();
    let response = http.send_signed(&signer, post).await.unwrap();
    let json: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(json["text"], status);

    // Built with reqwest's own builder (its form encoding, its client), sent through the adapter.
    let response = assert_send(
        reqwest::Client::new()
            .post(format!("{}/1.1/statuses/update.json", provider.url()))
            .form(&[("status", status)])
            .send_signed(&http, &signer),
    )
    .await
    .unwrap();
    let json: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(json["text"], status);
}

/// Where the provider signs a multipart body's text fields (Flickr), `send_signed_multipart` signs
/// them: the signature verifies over the text parts as multer read them off the wire, and a signer
/// that signs none (RFC 5849) does not. A body that is not multipart is refused.
#[tokio::test]
async fn a_multipart_uploads_text_fields_are_signed_where_the_provider_signs_them() {
    let provider = provider();
    let token = provider.issue_access_token();
    let consumer = consumer();
    let http = Client::new().unwrap();
    let url = format!("{}/test/multipart", provider.url());
    let fields = [("status", "hi")];
    for (signs_fields, verifies) in [(true, true), (false, false)] {
        let signer = Signer::new(&consumer)
            .token(&token)
            .multipart_fields(signs_fields);
        let response = assert_send(
            reqwest::Client::new()
                .post(&url)
                .multipart(upload_form())
                .send_signed_multipart(&http, &signer, &fields),
        )
        .await
        .unwrap();
        oauth1_tests::provider::assert_upload_parts(response.body());
        let verified = oauth1_tests::provider::verify_with_text_fields(&response, &url, &consumer, &token);
        assert_eq!(verified.is_ok(), verifies, "{signs_fields}: {verified:?}");
    }

    // Refused by core before sending (`/test/multipart` answers any upload).
    let signer = Signer::new(&consumer).token(&token);
    let error = reqwest::Client::new()
        .post(&url)
        .body("picture octets")
        .send_signed_multipart(&http, &signer, &fields)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::OAuth(_)) && error.to_string().contains("not multipart/form-data"),
        "{error}"
    );
    // Sent as a plain stream, an upload whose fields are signed would be signed without them.
    let signs_fields = signer.multipart_fields(true);
    let error = reqwest::Client::new()
        .post(&url)
        .multipart(upload_form())
        .send_signed(&http, &signs_fields)
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("sign it with Signer::authorize_multipart"),
        "{error}"
    );
}

/// The upload the multipart tests send: a text field `status` = `hi` and a file `media`.
fn upload_form() -> reqwest::multipart::Form {
    let media = reqwest::multipart::Part::bytes(b"picture octets".to_vec())
        .file_name("cat.png")
        .mime_str("image/png")
        .unwrap();
    reqwest::multipart::Form::new()
        .text("status", "hi")
        .part("media", media)
}

/// reqwest's multipart form is a stream: it is signed without being read (a body that is not a form
/// is not signed part by part), sent once, and read back whole by a parser not ours (multer, in the
/// test provider's `/test/multipart`); the provider accepts its signature, with the parameters in the
/// header or the query. A streamed body that signing must read (a form) is refused.
#[tokio::test]
async fn a_streamed_multipart_upload_is_signed_without_being_read() {
    let provider = provider();
    let token = provider.issue_access_token();
    let consumer = consumer();
    let http = Client::new().unwrap();
    let upload = |path: &str| reqwest::Client::new().post(format!("{}{path}", provider.url()));
    let signer = Signer::new(&consumer).token(&token);
    let response = upload("/test/multipart")
        .multipart(upload_form())
        .send_signed(&http, &signer)
        .await
        .unwrap();
    oauth1_tests::provider::assert_upload_parts(response.body());
    // The provider checks the signature (no body parameters), then wants a status a multipart body
    // does not give it: 400, not 401.
    for placement in [oauth1_core::Placement::Header, oauth1_core::Placement::Query] {
        let signer = Signer::new(&consumer).token(&token).placement(placement);
        let response = assert_send(
            upload("/1.1/statuses/update.json")
                .multipart(upload_form())
                .send_signed(&http, &signer),
        )
        .await
        .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{placement:?}");
        assert!(
            String::from_utf8_lossy(response.body()).contains("status is missing"),
            "{placement:?}"
        );
    }

    // Called a form, the stream would have to be read for its parameters: refused, unsent.
    let hits = provider.hits("/1.1/statuses/update.json");
    let mut request = upload("/1.1/statuses/update.json")
        .multipart(upload_form())
        .build()
        .unwrap();
    request
        .headers_mut()
        .insert(CONTENT_TYPE, "application/x-www-form-urlencoded".parse().unwrap());
    let error = reqwest::RequestBuilder::from_parts(reqwest::Client::new(), request)
        .send_signed(&http, &signer)
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("request body") && error.to_string().contains("stream"),
        "{error}"
    );
    assert_eq!(provider.hits("/1.1/statuses/update.json"), hits);
}

#[tokio::test]
async fn callback_flow_and_denial() {
    let provider = provider();
    let http = Client::new().unwrap();
    let access = flow(&http, &provider, "http://127.0.0.1:9/cb", true)
        .await
        .unwrap();
    assert_eq!(access.user_id(), Some("6253282"));
    let denied = flow(&http, &provider, "http://127.0.0.1:9/cb", false).await;
    assert!(
        matches!(denied, Err(Error::OAuth(CoreError::Denied))),
        "{denied:?}"
    );
}

#[tokio::test]
async fn wrong_verifier_rate_limit_and_code_32() {
    let provider = provider();
    let http = Client::new().unwrap();
    let oauth = provider.provider();
    let consumer = consumer();
    let step = TemporaryCredentialsRequest::new(&oauth, &consumer, "oob").unwrap();
    let pending = http.run(&step).await.unwrap();
    http.send(consent_request(&pending, true).unwrap()).await.unwrap();
    let error = http
        .run(&AccessTokenRequest::new(
            &consumer,
            &pending.complete_with_pin("0000000").unwrap(),
        ))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(error.provider_message(), Some("Could not authenticate you."));

    let wrong = ClientCredentials::new("reqwest-consumer", "guess");
    let error = http
        .run(&TemporaryCredentialsRequest::new(&oauth, &wrong, "oob").unwrap())
        .await
        .unwrap_err();
    match &error {
        Error::OAuth(CoreError::Provider(e)) => assert_eq!((e.status.as_u16(), e.code), (401, Some(32))),
        other => panic!("{other:?}"),
    }

    provider.rate_limit(Some(1_900_000_000));
    match http.run(&step).await.unwrap_err() {
        Error::OAuth(CoreError::RateLimited(limit)) => assert_eq!(limit.reset, Some(1_900_000_000)),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_3_mib_body_is_capped_and_a_silent_server_times_out() {
    let provider = provider();
    // `/test/big` says its length up front; `/test/big-chunked` streams it, so only reading stops it.
    for path in ["/test/big", "/test/big-chunked"] {
        let big = || {
            Request::get(format!("{}{path}", provider.url()))
                .body(Vec::new())
                .unwrap()
        };
        let error = Client::new().unwrap().send(big()).await.unwrap_err();
        assert!(
            matches!(error, Error::BodyTooLarge { limit: 1_048_576 }),
            "{path}: {error:?}"
        );
        // The cap is the largest body read: one of exactly its size is read whole, one octet more is
        // refused.
        let len = oauth1_tests::provider::BIG_BODY_LEN as u64;
        let capped = |cap| Client::new().unwrap().max_body_size(cap);
        let response = capped(len).send(big()).await.unwrap();
        assert_eq!(response.body().len() as u64, len, "{path}");
        let error = capped(len - 1).send(big()).await.unwrap_err();
        assert!(
            matches!(error, Error::BodyTooLarge { limit } if limit == len - 1),
            "{path}: {error:?}"
        );
    }

    let http = Client::with_timeouts(Duration::from_secs(1), Duration::from_millis(500)).unwrap();
    let started = Instant::now();
    let error = http
        .send(
            Request::get(format!("{}/test/hang", provider.url()))
                .body(Vec::new())
                .unwrap(),
        )
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// A request that sets `Host` (a virtual host reached by address) goes out with it, and is signed for
/// it: the provider, which sees only `Host`, verifies it.
#[tokio::test]
async fn a_request_with_its_own_host_header_is_signed_for_that_host() {
    let provider = provider();
    let request = Request::get(format!("{}/1.1/account/verify_credentials.json", provider.url()))
        .header("host", "api.example.com");
    let response = signed_get(&provider, request).await;
    assert_eq!(response.status(), StatusCode::OK, "{:#?}", provider.log());
}

#[tokio::test]
async fn a_redirect_on_a_signed_call_is_returned_not_followed() {
    let provider = provider();
    let response = signed_get(
        &provider,
        Request::get(format!("{}/test/redirect", provider.url())),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(provider.hits("/1.1/account/verify_credentials.json"), 0);
}

/// `request` sent through a new client, signed with a token the provider has just issued.
async fn signed_get(
    provider: &ReferenceProvider,
    request: http::request::Builder,
) -> http::Response<Vec<u8>> {
    let token = provider.issue_access_token();
    let consumer = consumer();
    Client::new()
        .unwrap()
        .send_signed(
            &Signer::new(&consumer).token(&token),
            request.body(Vec::new()).unwrap(),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn clock_skew_is_corrected_once_when_asked() {
    let mut config = ProviderConfig::new(consumer());
    config.clock_offset_secs = -3600;
    let provider = ReferenceProvider::start_with(config).unwrap();
    let (oauth, consumer) = (provider.provider(), consumer());
    let step = TemporaryCredentialsRequest::new(&oauth, &consumer, "oob").unwrap();
    let error = Client::new().unwrap().run(&step).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    let http = Client::new().unwrap().clock_skew_correction(true);
    http.run(&step).await.unwrap();
    assert!(
        (-3605..=-3595).contains(&http.clock_skew(&provider.url())),
        "{}",
        http.clock_skew(&provider.url())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_signed_calls_through_one_client_are_all_accepted() {
    let provider = provider();
    let token = provider.issue_access_token();
    let http = Client::new().unwrap();
    let url = Arc::new(format!("{}/1.1/account/verify_credentials.json", provider.url()));
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..200 {
        let (http, url, token) = (http.clone(), Arc::clone(&url), token.clone());
        calls.spawn(async move {
            let consumer = consumer();
            let request = Request::get(url.as_str()).body(Vec::new()).unwrap();
            http.send_signed(&Signer::new(&consumer).token(&token), request)
                .await
                .unwrap()
                .status()
        });
    }
    let statuses = calls.join_all().await;
    assert_eq!(statuses.len(), 200);
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    // Every nonce was fresh: the provider saw no replay.
    assert!(!provider.log().iter().any(|line| line.contains("already used")));
}

#[tokio::test]
async fn a_trickling_answer_ends_at_the_total_deadline() {
    // One byte every 100 ms resets reqwest's read timeout on every byte; the total deadline holds.
    let server = oauth1_tests::misbehaving::Misbehaving::trickling(Duration::from_millis(100)).unwrap();
    let http = Client::with_timeouts(Duration::from_secs(5), Duration::from_secs(1))
        .unwrap()
        .total_timeout(Duration::from_secs(2));
    let started = Instant::now();
    let error = http
        .send(Request::get(server.url()).body(Vec::new()).unwrap())
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(1500) && elapsed < Duration::from_secs(6),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn a_server_that_never_reads_the_body_hits_the_total_deadline() {
    let server = oauth1_tests::misbehaving::Misbehaving::never_reading().unwrap();
    let http = Client::with_timeouts(Duration::from_secs(5), Duration::from_secs(30))
        .unwrap()
        .total_timeout(Duration::from_secs(2));
    let post = Request::post(server.url())
        .header(CONTENT_TYPE, "application/octet-stream")
        .body(vec![b'x'; 16 << 20])
        .unwrap();
    let started = Instant::now();
    let error = http.send(post).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
}

/// A transport error does not quote the request's URL: a query-placed PLAINTEXT signature is the
/// secrets themselves. (A builder of the user's own that only speaks HTTPS refuses loopback http.)
#[tokio::test]
async fn a_transport_error_does_not_quote_a_signed_query() {
    let provider = provider();
    let token = provider.issue_access_token();
    let consumer = consumer();
    let signer = Signer::new(&consumer)
        .token(&token)
        .method(Plaintext)
        .placement(oauth1_core::Placement::Query);
    let http = Client::from_builder(reqwest::Client::builder().https_only(true)).unwrap();
    let call = Request::get(format!(
        "{}/1.1/account/verify_credentials.json?a=1",
        provider.url()
    ))
    .body(Vec::new())
    .unwrap();
    let error = http.send_signed(&signer, call).await.unwrap_err();
    let said = format!("{error} {error:?}");
    assert!(matches!(error, Error::Transport(_)), "{said}");
    assert!(!said.contains("reqwest-consumer-secret"), "{said}");
    assert!(!said.contains(token.secret().expose()), "{said}");
}

/// A URI `http` takes but reqwest's URL parser refuses is an input error saying why, before anything
/// is signed or sent.
#[tokio::test]
async fn a_uri_reqwest_cannot_send_is_refused_with_the_reason() {
    let consumer = consumer();
    let http = Client::new().unwrap();
    for (uri, said) in [
        (
            "http://127.0.0.1:99999/x",
            "request URI is invalid: its port is not a number from 0 to 65535",
        ),
        (
            "http://1.2.3.4.5/x",
            "request URI is invalid: its host is not a valid IP address",
        ),
        (
            "http://xn--a/x",
            "request URI is invalid: its host is not a valid domain name",
        ),
        ("/x", "request URI must be absolute, with a scheme and a host"),
    ] {
        let call = Request::get(uri).body(Vec::new()).unwrap();
        let error = http.send_signed(&Signer::new(&consumer), call).await.unwrap_err();
        assert!(
            matches!(error, Error::OAuth(CoreError::Input(_))),
            "{uri}: {error:?}"
        );
        assert_eq!(error.to_string(), said, "{uri}");
    }
}

/// A URL reqwest's builder holds but `http` cannot (longer than 65534 bytes) is refused as too
/// long, not as a relative URI, before anything is signed or sent; one of exactly 65534 bytes that
/// `http` refuses for another reason is not.
#[tokio::test]
async fn a_builder_url_too_long_for_http_is_refused_as_too_long() {
    let consumer = consumer();
    let http = Client::new().unwrap();
    let url = format!("http://127.0.0.1:9/x?q={}", "a".repeat(70_000));
    let error = reqwest::Client::new()
        .get(url)
        .send_signed(&http, &Signer::new(&consumer))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::OAuth(CoreError::Input(_))), "{error:?}");
    assert_eq!(error.to_string(), "request URI is longer than 65534 bytes");

    // At exactly the limit, a URL `http` refuses for another reason is not called too long: here a
    // `"` in the host, which reqwest's URL parser decodes from `%22` and `http` takes nowhere.
    let prefix = "http://h%22x/";
    let url = format!("{prefix}{}", "a".repeat(MAX_URI_LEN - (prefix.len() - 2)));
    let built = reqwest::Client::new().get(&url).build().unwrap();
    assert_eq!(built.url().as_str().len(), MAX_URI_LEN);
    let error = reqwest::Client::new()
        .get(url)
        .send_signed(&http, &Signer::new(&consumer))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "request URI is invalid: reqwest's URL parser writes it as an invalid URI"
    );
}

/// What the user set on reqwest's own builder holds for the signed call: its timeout (in place of
/// the client's total deadline, as reqwest's per-request timeout replaces the client's) and its HTTP
/// version.
#[tokio::test]
async fn a_builders_timeout_and_version_are_kept() {
    let provider = provider();
    let consumer = consumer();
    let token = provider.issue_access_token();
    let signer = Signer::new(&consumer).token(&token);
    let http = Client::new().unwrap();
    let started = Instant::now();
    let error = reqwest::Client::new()
        .get(format!("{}/test/hang", provider.url()))
        .timeout(Duration::from_millis(500))
        .send_signed(&http, &signer)
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );

    let response = reqwest::Client::new()
        .get(format!("{}/1.1/account/verify_credentials.json", provider.url()))
        .version(http::Version::HTTP_10)
        .send_signed(&http, &signer)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // The server answers in the version it was asked in.
    assert_eq!(response.version(), http::Version::HTTP_10);
}

/// The `User-Agent` the test provider saw on a GET of `/test/user-agent` sent by `http`, with the
/// request's own header when `own` is given.
async fn user_agent_seen(http: &Client, provider: &ReferenceProvider, own: Option<&str>) -> String {
    let mut request = Request::get(format!("{}/test/user-agent", provider.url()));
    if let Some(own) = own {
        request = request.header(http::header::USER_AGENT, own);
    }
    let response = http.send(request.body(Vec::new()).unwrap()).await.unwrap();
    String::from_utf8(response.into_body()).unwrap()
}

/// A client this crate builds says who sends (reqwest alone sends no `User-Agent`, which Discogs
/// refuses); `user_agent` names the application; a request's own header wins; a client from the
/// caller's builder sends what that builder says.
#[tokio::test]
async fn requests_say_who_sends_them() {
    let provider = provider();
    let ours = Client::new().unwrap();
    assert_eq!(
        user_agent_seen(&ours, &provider, None).await,
        oauth1_reqwest::DEFAULT_USER_AGENT
    );
    assert!(oauth1_reqwest::DEFAULT_USER_AGENT.starts_with("oauth1-reqwest/"));
    let named = Client::new()
        .unwrap()
        .user_agent(http::HeaderValue::from_static("MyDiscogsClient/1.0"));
    assert_eq!(
        user_agent_seen(&named, &provider, None).await,
        "MyDiscogsClient/1.0"
    );
    assert_eq!(
        user_agent_seen(&named, &provider, Some("PerRequest/2")).await,
        "PerRequest/2"
    );
    let theirs = Client::from_builder(reqwest::Client::builder().user_agent("Builder/3")).unwrap();
    assert_eq!(user_agent_seen(&theirs, &provider, None).await, "Builder/3");
}
