//! The whole 3-legged flow driven without a network: each prepared request is checked (method, URL,
//! parameters, signature recomputed from its parts) and canned provider responses are fed back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use http::header::AUTHORIZATION;
use http::{Request, Response};
use oauth1_core::body::SensitiveBody;
use oauth1_core::encode::{DecodeError, form_decode};
use oauth1_core::problem::ProblemKind;
use oauth1_core::{
    AccessTokenRequest, AccessType, AuthorizeOptions, CallbackError, ClientCredentials, Error, ErrorCategory,
    Nonce, PendingAuthorization, Provider, ResponseProblem, Signer, Step, TemporaryCredentialsRequest,
    Timestamp, TokenCredentials, XAuthRequest,
};
use proptest::prelude::*;

fn nonce(n: &str) -> Nonce {
    Nonce::new(n).unwrap()
}

const NOW: Timestamp = Timestamp::from_secs(1_318_467_427);

fn ok(body: &str) -> Response<Vec<u8>> {
    Response::new(body.as_bytes().to_vec())
}

fn status(code: u16, body: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(code)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

/// The `Authorization` header's parameters, decoded.
fn header_params<B>(request: &Request<B>) -> Vec<(String, String)> {
    let header = request.headers()[AUTHORIZATION].to_str().unwrap();
    header
        .strip_prefix("OAuth ")
        .unwrap()
        .split(", ")
        .map(|item| {
            let (name, value) = item.split_once('=').unwrap();
            let value = value.trim_matches('"').replace('+', "%2B");
            (name.to_owned(), form_decode(&value).unwrap().into_owned())
        })
        .collect()
}

fn param(request: &Request<SensitiveBody>, name: &str) -> Option<String> {
    header_params(request)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

// Twitter's "Implementing Sign in with Twitter" example.
fn sign_in_client() -> ClientCredentials {
    ClientCredentials::new(
        "cChZNFj6T5R0TigYB9yd1w",
        "L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOg",
    )
}

#[test]
fn twitter_sign_in_request_token_signature() {
    let provider = Provider::twitter();
    let client = sign_in_client();
    let step = TemporaryCredentialsRequest::new(&provider, &client, "http://localhost/sign-in-with-twitter/")
        .unwrap();
    let request = step
        .prepare(&nonce("ea9ec8429b68d6b77cd5600adbbb0456"), NOW)
        .unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "https://api.twitter.com/oauth/request_token");
    assert_eq!(
        param(&request, "oauth_signature").as_deref(),
        Some("F1Li3tvehgcraF8DMJ7OyxO4w9Y=")
    );
    assert_eq!(
        param(&request, "oauth_callback").as_deref(),
        Some("http://localhost/sign-in-with-twitter/")
    );
}

#[test]
fn twitter_sign_in_access_token_signature() {
    let temporary = TokenCredentials::new(
        "NPcudxy0yU5T3tBzho7iCotZ3cnetKwcTIRlX0iwRl0",
        "veNRnAWe6inFuo8o2u8SLLZLjolYDmDP7SzL0YfYI",
    );
    let pending = PendingAuthorization::new(
        Provider::twitter(),
        sign_in_client().key(),
        temporary,
        "http://localhost/sign-in-with-twitter/",
    )
    .unwrap();
    let callback = "http://localhost/sign-in-with-twitter/?oauth_token=NPcudxy0yU5T3tBzho7iCotZ3cnetKwcTIRlX0iwRl0\
                    &oauth_verifier=uw7NjWHT6OJ1MpJOXsHfNxoAhPKpgI8BlYDhxEjIBY";
    let authorized = pending.complete_callback(callback).unwrap();
    let sign_in = sign_in_client();
    let token_request = AccessTokenRequest::new(&sign_in, &authorized);
    let request = token_request
        .prepare(&nonce("a9900fe68e2573b27a37f10fbad6a755"), NOW)
        .unwrap();
    assert_eq!(request.uri(), "https://api.twitter.com/oauth/access_token");
    assert_eq!(
        param(&request, "oauth_signature").as_deref(),
        Some("39cipBtIOHEEnybAR4sATQTpl2I=")
    );
    assert_eq!(
        param(&request, "oauth_verifier").as_deref(),
        Some("uw7NjWHT6OJ1MpJOXsHfNxoAhPKpgI8BlYDhxEjIBY")
    );
}

/// A provider reached over loopback, as the tests' reference provider will be.
fn local() -> Provider {
    Provider::at_host("http://127.0.0.1:9").unwrap()
}

fn client() -> ClientCredentials {
    ClientCredentials::new("ck", "cs")
}

const TEMP_OK: &str = "oauth_token=req%2Btoken&oauth_token_secret=req-secret&oauth_callback_confirmed=true";
const ACCESS_OK: &str =
    "oauth_token=6253282-acc&oauth_token_secret=acc-secret&user_id=6253282&screen_name=twitterapi&x_extra=1";

fn pending(callback: &str) -> PendingAuthorization {
    let provider = local();
    let client = client();
    let step = TemporaryCredentialsRequest::new(&provider, &client, callback).unwrap();
    step.parse(ok(TEMP_OK)).unwrap()
}

/// Recomputes a prepared request's signature from its parts with an independently configured signer.
fn assert_signed_by(
    request: &Request<SensitiveBody>,
    token: Option<&TokenCredentials>,
    extra: &[(&str, &str)],
) {
    let params = header_params(request);
    let get = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    let client = client();
    let mut signer = Signer::new(&client);
    if let Some(token) = token {
        signer = signer.token(token);
    }
    let callback = extra
        .iter()
        .find(|(n, _)| *n == "oauth_callback")
        .map(|(_, v)| *v);
    let verifier = extra
        .iter()
        .find(|(n, _)| *n == "oauth_verifier")
        .map(|(_, v)| *v);
    if let Some(callback) = callback {
        signer = signer.callback(callback);
    }
    if let Some(verifier) = verifier {
        signer = signer.verifier(verifier);
    }
    let ts = Timestamp::from_secs(get("oauth_timestamp").parse().unwrap());
    let expected = signer.sign(request, &nonce(&get("oauth_nonce")), ts).unwrap();
    assert_eq!(get("oauth_signature"), expected.signature().as_str());
}

#[test]
fn oob_flow_with_a_typed_pin() {
    let provider = local();
    let client = client();
    let step = TemporaryCredentialsRequest::new(&provider, &client, "oob")
        .unwrap()
        .access_type(AccessType::Read);
    let request = step.prepare(&nonce("n1"), NOW).unwrap();
    assert_eq!(
        request.uri(),
        "http://127.0.0.1:9/oauth/request_token?x_auth_access_type=read"
    );
    assert!(request.body().as_bytes().is_empty());
    assert_signed_by(&request, None, &[("oauth_callback", "oob")]);

    let pending = step.parse(ok(TEMP_OK)).unwrap();
    assert!(pending.is_oob());
    assert_eq!(pending.temporary_credentials().token(), "req+token");
    let url = pending.authorize_url(
        &AuthorizeOptions::default()
            .force_login(true)
            .screen_name("jane doe&co"),
    );
    assert_eq!(
        url,
        "http://127.0.0.1:9/oauth/authorize?oauth_token=req%2Btoken&force_login=true&screen_name=jane%20doe%26co"
    );
    assert!(!url.contains("req-secret"));

    let authorized = pending.complete(" 1234567\n").unwrap();
    assert_eq!(
        authorized.verifier().map(oauth1_core::Secret::expose),
        Some("1234567")
    );
    let token_request = AccessTokenRequest::new(&client, &authorized);
    let request = token_request.prepare(&nonce("n2"), NOW).unwrap();
    assert_eq!(param(&request, "oauth_token").as_deref(), Some("req+token"));
    assert_eq!(param(&request, "oauth_verifier").as_deref(), Some("1234567"));
    assert_signed_by(
        &request,
        Some(pending.temporary_credentials()),
        &[("oauth_verifier", "1234567")],
    );

    let access = token_request.parse(ok(ACCESS_OK)).unwrap();
    assert_eq!(access.credentials().token(), "6253282-acc");
    assert_eq!(access.credentials().secret().expose(), "acc-secret");
    assert_eq!(
        (access.user_id(), access.screen_name()),
        (Some("6253282"), Some("twitterapi"))
    );
    assert_eq!(access.extra(), [("x_extra".to_owned(), "1".to_owned())]);

    // Then API calls are signed with the token credentials.
    let mut call = Request::get("http://127.0.0.1:9/1.1/account/verify_credentials.json")
        .body(SensitiveBody::default())
        .unwrap();
    access
        .signer(&client)
        .authorize(&mut call, &nonce("n3"), NOW)
        .unwrap();
    assert_eq!(param(&call, "oauth_token").as_deref(), Some("6253282-acc"));
    assert_signed_by(&call, Some(access.credentials()), &[]);
}

#[test]
fn url_and_custom_scheme_callbacks() {
    for callback in ["https://app.example/cb?x=1", "twitterclient://callback"] {
        let pending = pending(callback);
        let url = pending.authenticate_url(&AuthorizeOptions::default());
        assert_eq!(
            url,
            "http://127.0.0.1:9/oauth/authenticate?oauth_token=req%2Btoken"
        );
        let back = format!("{callback}&oauth_token=req%2Btoken&oauth_verifier=v%20erifier#frag");
        let back = if callback.contains('?') {
            back
        } else {
            back.replacen('&', "?", 1)
        };
        let authorized = pending.complete(&back).unwrap();
        let consumer = client();
        let token_request = AccessTokenRequest::new(&consumer, &authorized);
        let request = token_request.prepare(&nonce("n"), NOW).unwrap();
        assert_eq!(param(&request, "oauth_verifier").as_deref(), Some("v erifier"));
    }
    // A bare query works too.
    let authorized = pending("oob")
        .complete_callback("oauth_token=req%2Btoken&oauth_verifier=abc")
        .unwrap();
    let consumer = client();
    let token_request = AccessTokenRequest::new(&consumer, &authorized);
    let request = token_request.prepare(&nonce("n"), NOW).unwrap();
    assert_eq!(param(&request, "oauth_verifier").as_deref(), Some("abc"));
}

/// URLs changed through `flow_mut` are checked when the flow starts, the authorization page's too
/// (no step sends to it, but the user is sent there with the temporary token).
#[test]
fn a_flow_changed_in_place_is_checked_when_it_starts() {
    let client = client();
    for (authorize, problem) in [
        ("http://api.twitter.com/oauth/authorize", "must use https"),
        ("https://api.twitter.com/oauth/authorize#top", "fragment"),
    ] {
        let mut provider = Provider::twitter();
        provider.flow_mut().unwrap().authorize = authorize.into();
        let error = TemporaryCredentialsRequest::new(&provider, &client, "oob").unwrap_err();
        assert_eq!(error.field(), "authorize URL", "{authorize}");
        assert!(error.to_string().contains(problem), "{authorize}: {error}");
    }
}

/// A callback URL that lost its query on the way back (a browser, a copy of the address bar cut
/// short) is still a URL: it says what is missing, rather than being sent as the PIN.
#[test]
fn a_callback_url_without_its_query_is_not_taken_for_a_pin() {
    let pending = pending("https://app.example/cb");
    for input in [
        "https://app.example/cb",
        "myapp://cb",
        "https://app.example/cb?",
        "?",
    ] {
        assert_eq!(
            pending.complete(input).unwrap_err(),
            Error::Callback(CallbackError::MissingToken),
            "{input}"
        );
    }
    // A PIN is still a PIN.
    assert!(pending.complete(" 0123456 ").is_ok());
}

#[test]
fn callback_failures_are_typed() {
    let pending = pending("https://app.example/cb");
    let complete = |s: &str| pending.complete_callback(s).unwrap_err();
    assert_eq!(
        complete("https://app.example/cb?denied=req%2Btoken"),
        Error::Denied
    );
    assert_eq!(
        complete("https://app.example/cb?denied=other").category(),
        ErrorCategory::Caller
    );
    assert_eq!(
        complete("?oauth_token=other&oauth_verifier=v"),
        Error::Callback(CallbackError::TokenMismatch)
    );
    assert_eq!(
        complete("?oauth_verifier=v"),
        Error::Callback(CallbackError::MissingToken)
    );
    assert_eq!(
        complete("?oauth_token=req%2Btoken"),
        Error::Callback(CallbackError::MissingVerifier)
    );
    assert_eq!(
        complete("?oauth_token=req%2Btoken&oauth_verifier="),
        Error::Callback(CallbackError::MissingVerifier)
    );
    assert_eq!(
        complete("?oauth_token=req%2Btoken&oauth_token=req%2Btoken&oauth_verifier=v"),
        Error::Callback(CallbackError::Repeated("oauth_token"))
    );
    // A bad escape is placed by its offset in the callback's query, name or value alike.
    for (query, at) in [
        ("oauth_token=%zz", 12),
        ("oauth_token=req%2Btoken&oauth_verifier=v%4", 40),
        ("oauth_token=req%2Btoken&oauth%5verifier=v", 29),
    ] {
        assert_eq!(
            complete(&format!("https://app.example/cb?{query}#frag")),
            Error::Callback(CallbackError::BadEncoding(DecodeError::BadEscape { at })),
            "{query}"
        );
    }
    assert_eq!(
        pending.complete_with_pin("  \t").unwrap_err(),
        Error::Callback(CallbackError::MissingVerifier)
    );
}

#[test]
fn temporary_credentials_response_failures_are_typed() {
    let provider = local();
    let client = client();
    let step = TemporaryCredentialsRequest::new(&provider, &client, "oob").unwrap();
    let problem = |body: &str| match step.parse(ok(body)).unwrap_err() {
        Error::Response(e) => (e.field().to_owned(), e.problem().clone()),
        other => panic!("{other:?}"),
    };
    let confirmed = "oauth_callback_confirmed";
    assert_eq!(
        problem("oauth_token=a&oauth_token_secret=b"),
        (confirmed.into(), ResponseProblem::Missing)
    );
    for not_true in ["false", "TRUE", "1", ""] {
        let body = format!("oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed={not_true}");
        assert_eq!(
            problem(&body),
            (confirmed.into(), ResponseProblem::CallbackNotConfirmed),
            "{not_true}"
        );
    }
    assert_eq!(problem(""), ("oauth_token".into(), ResponseProblem::Missing));
    assert_eq!(
        problem("<html>garbage</html>"),
        ("oauth_token".into(), ResponseProblem::Missing)
    );
    assert_eq!(
        problem("oauth_token=a&oauth_token=b"),
        ("oauth_token".into(), ResponseProblem::Repeated)
    );
    // A bad value names its field and counts from the value's start; a bad name is the body's, and
    // counts from the body's start.
    assert_eq!(
        problem("oauth_token=a&oauth_token_secret=%G1&oauth_callback_confirmed=true"),
        (
            "oauth_token_secret".into(),
            ResponseProblem::BadEncoding(DecodeError::BadEscape { at: 0 })
        )
    );
    assert_eq!(
        problem("oauth_token=a&oauth_token_secret=b&x%=1&oauth_callback_confirmed=true"),
        (
            "body".into(),
            ResponseProblem::BadEncoding(DecodeError::BadEscape { at: 36 })
        )
    );
    let err = step.parse(Response::new(vec![0xff, 0xfe])).unwrap_err();
    assert_eq!(err.category(), ErrorCategory::ServerMisbehaved);
}

/// A provider script saved with a UTF-8 byte order mark sends it before the body: the answer reads
/// as without it, where the mark would otherwise have hidden `oauth_token`; a stray blank line too.
#[test]
fn a_token_response_after_a_byte_order_mark_reads_as_without_it() {
    let provider = local();
    let client = client();
    let step = TemporaryCredentialsRequest::new(&provider, &client, "oob").unwrap();
    let pending = step.parse(ok(&format!("\u{feff}{TEMP_OK}"))).unwrap();
    assert_eq!(pending.temporary_credentials().token(), "req+token");
    // A blank line before the body (PHP's classic: one before `<?php`) likewise.
    let pending = step.parse(ok(&format!("\n{TEMP_OK}\n"))).unwrap();
    assert_eq!(pending.temporary_credentials().token(), "req+token");
    let answer = status(401, "\u{feff}oauth_problem=nonce_used");
    let Err(Error::Provider(e)) = step.parse(answer) else {
        panic!("a 401 is the provider's error")
    };
    assert_eq!(e.problem.map(|p| p.kind), Some(ProblemKind::NonceUsed));
}

#[test]
fn provider_errors_wrong_verifier_and_rate_limits() {
    let authorized = pending("oob").complete_with_pin("wrong").unwrap();
    let consumer = client();
    let token_request = AccessTokenRequest::new(&consumer, &authorized);
    let err = token_request.parse(status(
        401,
        r#"{"errors":[{"code":32,"message":"Could not authenticate you."}]}"#,
    ));
    let Err(Error::Provider(e)) = err else {
        panic!("{err:?}")
    };
    assert_eq!((e.status.as_u16(), e.code), (401, Some(32)));

    let err = token_request.parse(status(
        401,
        "Error processing your OAuth request: Invalid oauth_verifier parameter",
    ));
    let Err(Error::Provider(e)) = err else {
        panic!("{err:?}")
    };
    assert!(e.message.contains("Invalid oauth_verifier"));

    let limited = Response::builder()
        .status(429)
        .header("x-rate-limit-reset", "1700000900")
        .body(b"Rate limit exceeded".to_vec())
        .unwrap();
    let Err(Error::RateLimited(e)) = token_request.parse(limited) else {
        panic!()
    };
    assert_eq!(e.reset, Some(1_700_000_900));
    assert_eq!(Error::RateLimited(e).category(), ErrorCategory::ServerRefused);

    assert!(matches!(token_request.parse(ok("")), Err(Error::Response(_))));
    assert!(matches!(
        token_request.parse(ok("oauth_token=a&oauth_token_secret=")),
        Err(Error::Response(_))
    ));
}

#[test]
fn xauth_signs_credentials_in_the_body() {
    let provider = local();
    let client = client();
    let xauth = XAuthRequest::new(&provider, &client, "jane", "p@ss word+");
    assert!(!format!("{xauth:?}").contains("p@ss"));
    let request = xauth.prepare(&nonce("n"), NOW).unwrap();
    assert_eq!(request.uri(), "http://127.0.0.1:9/oauth/access_token");
    assert!(
        !format!("{request:?}").contains("p%40ss"),
        "the prepared request shows the password"
    );
    let body = String::from_utf8(request.body().as_bytes().to_vec()).unwrap();
    assert_eq!(
        body,
        "x_auth_mode=client_auth&x_auth_password=p%40ss%20word%2B&x_auth_username=jane"
    );
    assert!(param(&request, "oauth_token").is_none() && param(&request, "oauth_callback").is_none());
    assert_signed_by(&request, None, &[]);
    let access = xauth.parse(ok(ACCESS_OK)).unwrap();
    assert_eq!(access.screen_name(), Some("twitterapi"));
}

#[test]
fn insecure_providers_are_refused() {
    let err = Provider::at_host("http://api.example.com").unwrap_err();
    assert!(err.to_string().contains("must use https"), "{err}");
    let provider = Provider::twitter();
    let client = client();
    assert!(TemporaryCredentialsRequest::new(&provider, &client, "not a uri").is_err());
}

#[test]
fn no_secret_in_debug_or_errors() {
    let pending = pending("oob");
    let authorized = pending.complete_with_pin("PIN-SECRET").unwrap();
    let consumer = client();
    let token_request = AccessTokenRequest::new(&consumer, &authorized);
    let access = token_request.parse(ok(ACCESS_OK)).unwrap();
    let shown = format!("{pending:?} {token_request:?} {access:?}");
    for secret in ["req-secret", "PIN-SECRET", "acc-secret"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    let err = token_request
        .parse(ok("oauth_token=a&oauth_token_secret=%ZZsecret"))
        .unwrap_err();
    assert!(
        !err.to_string().contains("secret%") && !err.to_string().contains("ZZsecret"),
        "{err}"
    );
}

#[test]
fn pending_authorization_round_trips_through_serde() {
    let pending = pending("https://app.example/cb");
    let stored = serde_json::to_string(&pending).unwrap();
    let restored: PendingAuthorization = serde_json::from_str(&stored).unwrap();
    assert_eq!(restored, pending);
    assert!(!format!("{restored:?}").contains("req-secret"));
    // The restored state finishes the flow.
    assert!(
        restored
            .complete_callback("?oauth_token=req%2Btoken&oauth_verifier=v")
            .is_ok()
    );
}

proptest! {
    #[test]
    fn token_response_parsing_never_panics(body in prop::collection::vec(any::<u8>(), 0..200), code in 100u16..600) {
        let authorized = pending("oob").complete_with_pin("1").unwrap();
    let consumer = client();
    let token_request = AccessTokenRequest::new(&consumer, &authorized);
        let _ = token_request.parse(status(code, &String::from_utf8_lossy(&body)));
        let _ = token_request.parse(Response::builder().status(code).body(body).unwrap());
    }

    #[test]
    fn callback_parsing_never_panics(input in any::<String>()) {
        let pending = pending("oob");
        let _ = pending.complete(&input);
        let _ = pending.complete_callback(&input);
    }

    #[test]
    fn rendered_token_response_parses_back(
        token in "[^\\x00]{1,20}",
        secret in "[^\\x00]{1,20}",
        user_id in "[0-9]{1,12}",
        screen_name in "[a-zA-Z0-9_]{1,15}",
    ) {
        let enc = |s: &str| oauth1_core::encode::percent_encode(s).to_string();
        let body = format!(
            "oauth_token={}&oauth_token_secret={}&user_id={user_id}&screen_name={screen_name}",
            enc(&token), enc(&secret)
        );
        let access = AccessTokenRequest::new(&client(), &pending("oob").complete_with_pin("1").unwrap()).parse(ok(&body)).unwrap();
        prop_assert_eq!(access.credentials().token(), token.as_str());
        prop_assert_eq!(access.credentials().secret().expose(), secret.as_str());
        prop_assert_eq!(access.user_id(), Some(user_id.as_str()));
        prop_assert_eq!(access.screen_name(), Some(screen_name.as_str()));
    }
}
