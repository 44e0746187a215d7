//! Provider-side verification against published and independent signatures, and one test per
//! rejection reason.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use http::Request;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use oauth1_core::encode::DecodeError;
use oauth1_core::rsa::{Rsa, RsaMethod};
use oauth1_core::signature::{SignatureMethod, SignatureWriter, SigningKey};
use oauth1_core::verify::{
    BaseString, Checker, MemoryReplayStore, NonceCheck, NonceUse, Rejection, ReplayStore, Secrets,
    UnknownCredentials, VerificationMethod,
};
use oauth1_core::{
    BodyHash, ClientCredentials, HmacSha256, Nonce, Placement, Plaintext, Secret, Signer, Timestamp,
    TokenCredentials,
};
use oauth1_tests::{SigningCase, vector_path};
use serde::Deserialize;

mod support;
use support::hmac_base64;

#[derive(Deserialize)]
struct Cases {
    signatures: Vec<SigningCase>,
}

fn load(name: &str) -> Vec<SigningCase> {
    let text = std::fs::read_to_string(vector_path(name)).unwrap();
    serde_json::from_str::<Cases>(&text).unwrap().signatures
}

/// The request a case describes, carrying `authorization`.
fn case_request(case: &SigningCase, authorization: &str) -> Request<Vec<u8>> {
    let mut builder = Request::builder()
        .method(case.method.as_str())
        .uri(case.url.as_str())
        .header(AUTHORIZATION, authorization);
    if let Some(content_type) = &case.content_type {
        builder = builder.header(CONTENT_TYPE, content_type.as_str());
    }
    builder
        .body(case.body.clone().unwrap_or_default().into_bytes())
        .unwrap()
}

fn verify_case(case: &SigningCase, authorization: &str) -> Result<(), Rejection> {
    let request = case_request(case, authorization);
    let mut secrets = Secrets::new(
        case.consumer_secret.as_str(),
        case.token
            .as_ref()
            .map(|_| case.token_secret.clone().unwrap_or_default().into()),
    );
    if let Some(private) = &case.rsa_key {
        // The provider holds the public key file, as published or generated beside the private key.
        let public = oauth1_tests::public_key(&oauth1_tests::public_key_file(private)).unwrap();
        secrets = secrets.with_rsa_public_key(public);
    }
    let lookup = |key: &str, token: Option<&str>| {
        assert_eq!(key, case.consumer_key);
        assert_eq!(token, case.token.as_deref().filter(|t| !t.is_empty()));
        Ok(secrets.clone())
    };
    Checker::new(Timestamp::from_secs(case.timestamp))
        .allow_plaintext_over_http()
        .verify(&request, lookup, &mut MemoryReplayStore::new(1))
        .map(|_| ())
}

#[test]
fn every_oauthlib_header_is_parsed_and_verified() {
    // Headers written by an independent implementation: its formatting, its order, its signatures.
    let cases = load("oauthlib.json");
    let with_header = cases
        .iter()
        .filter(|c| c.authorization_any_order.is_some())
        .count();
    assert!(with_header >= 2000, "only {with_header} oauthlib headers");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let header = case.authorization_any_order.as_deref()?;
            verify_case(case, header)
                .err()
                .map(|e| format!("{}: {e}", case.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn published_signatures_verify() {
    let mut checked = 0;
    for case in load("published.json") {
        let Some(signature) = &case.signature else {
            continue;
        };
        if case.url.is_empty() {
            continue; // a primitive vector: a base string, no request
        }
        // Where the source prints the header, verify it as printed; otherwise our rendering of the case's
        // parameters, carrying the source's signature.
        let header = match &case.authorization {
            Some(header) => header.clone(),
            None => {
                let ours = oauth1_tests::sign(&case).unwrap();
                let encoded = |s: &str| oauth1_core::encode::percent_encode(s).to_string();
                ours.authorization
                    .replace(&encoded(&ours.signature), &encoded(signature))
            }
        };
        verify_case(&case, &header).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} published requests verified");
}

/// A provider with one client and one token, and a request signed by them.
struct Fixture {
    client: ClientCredentials,
    token: TokenCredentials,
    now: Timestamp,
    store: MemoryReplayStore,
}

impl Fixture {
    fn new() -> Self {
        Self {
            client: ClientCredentials::new("consumer", "consumer secret"),
            token: TokenCredentials::new("token", "token secret"),
            now: Timestamp::from_secs(1_700_000_000),
            store: MemoryReplayStore::new(100),
        }
    }

    fn request(&self, nonce: &str) -> Request<Vec<u8>> {
        let mut request = Request::post("https://api.example.com/1.1/statuses/update.json?x=1")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(b"status=hello%20world".to_vec())
            .unwrap();
        Signer::new(&self.client)
            .token(&self.token)
            .authorize(&mut request, &Nonce::new(nonce).unwrap(), self.now)
            .unwrap();
        request
    }

    fn verify(&mut self, request: &Request<Vec<u8>>) -> Result<(), Rejection> {
        self.verify_at(request, self.now)
    }

    fn verify_at(&mut self, request: &Request<Vec<u8>>, now: Timestamp) -> Result<(), Rejection> {
        let lookup = |key: &str, token: Option<&str>| match (key, token) {
            ("consumer", None) => Ok(Secrets::new("consumer secret", None)),
            ("consumer", Some("token")) => Ok(Secrets::new("consumer secret", Some("token secret".into()))),
            ("consumer", Some(_)) => Err(UnknownCredentials::Token),
            _ => Err(UnknownCredentials::Client),
        };
        Checker::new(now)
            .verify(request, lookup, &mut self.store)
            .map(|_| ())
    }
}

fn header(request: &Request<Vec<u8>>) -> String {
    request.headers()[AUTHORIZATION].to_str().unwrap().to_owned()
}

fn with_header(mut request: Request<Vec<u8>>, value: &str) -> Request<Vec<u8>> {
    request
        .headers_mut()
        .insert(AUTHORIZATION, value.parse().unwrap());
    request
}

#[test]
fn a_signed_request_verifies_with_its_parameters() {
    let mut fx = Fixture::new();
    let request = fx.request("n1");
    let lookup = |_: &str, _: Option<&str>| Ok(Secrets::new("consumer secret", Some("token secret".into())));
    let verified = Checker::new(fx.now)
        .verify(&request, lookup, &mut fx.store)
        .unwrap();
    assert_eq!(verified.consumer_key(), "consumer");
    assert_eq!(verified.token(), Some("token"));
    assert_eq!(verified.nonce().as_str(), "n1");
    assert_eq!(verified.timestamp(), fx.now);
    assert_eq!(verified.signature_method(), "HMAC-SHA1");
    assert_eq!(verified.placement(), Placement::Header);
    assert_eq!(verified.realm(), None);
    // The realm is not signed, and is handed back as sent.
    let mut request = Request::get("https://api.example.com/r")
        .body(Vec::new())
        .unwrap();
    Signer::new(&fx.client)
        .token(&fx.token)
        .realm("Photos")
        .authorize(&mut request, &Nonce::new("n2").unwrap(), fx.now)
        .unwrap();
    let verified = Checker::new(fx.now)
        .verify(&request, lookup, &mut fx.store)
        .unwrap();
    assert_eq!(verified.realm(), Some("Photos"));
}

/// A protocol value that itself holds escapes (a callback URL with a query) is decoded once, from the
/// header's encoding: decoded again, as Authlib 1.9.10's base string does with every `oauth_*` value,
/// `%2F` and `%20` would turn into `/` and a space, and the signature would not match.
#[test]
fn protocol_values_holding_escapes_are_decoded_exactly_once() {
    let fx = Fixture::new();
    let callback = "https://client.example/cb?next=%2Fhome&q=a%20b+c";
    let mut request = Request::post("https://api.example.com/oauth/request_token")
        .body(Vec::new())
        .unwrap();
    Signer::new(&fx.client)
        .callback(callback)
        .authorize(&mut request, &Nonce::new("c1").unwrap(), fx.now)
        .unwrap();
    assert!(
        header(&request).contains(
            "oauth_callback=\"https%3A%2F%2Fclient.example%2Fcb%3Fnext%3D%252Fhome%26q%3Da%2520b%2Bc\""
        ),
        "{}",
        header(&request)
    );
    let lookup = |_: &str, _: Option<&str>| Ok(Secrets::new("consumer secret", None));
    let verified = Checker::new(fx.now)
        .verify(&request, lookup, &mut MemoryReplayStore::new(4))
        .unwrap();
    assert_eq!(verified.callback(), Some(callback));
}

/// A `+` in a header value is itself (RFC 5849 §3.5.1 encodes header values as RFC 3986 does), not a
/// space as in a form: `a+b` is signed as `a%252Bb`, with uppercase or lowercase hex around it alike.
/// The signatures are computed here, over base strings written out by hand.
#[test]
fn a_plus_in_a_header_value_is_itself_not_a_space() {
    let now = Timestamp::from_secs(1_700_000_000);
    let signed = |nonce_in_header: &str, nonce_in_base_string: &str| {
        let base_string = format!(
            "POST&https%3A%2F%2Fapi.example.com%2Fr&oauth_consumer_key%3Dck%26oauth_nonce%3D\
             {nonce_in_base_string}%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1700000000"
        );
        let signature = hmac_base64(oauth1_core::BuiltinMethod::HmacSha1, "cs&", &base_string);
        let signature: String = url::form_urlencoded::byte_serialize(signature.as_bytes()).collect();
        let authorization = format!(
            "OAuth oauth_consumer_key=\"ck\", oauth_nonce=\"{nonce_in_header}\", \
             oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1700000000\", \
             oauth_signature=\"{signature}\""
        );
        let request = Request::post("https://api.example.com/r")
            .body(Vec::new())
            .unwrap();
        let request = with_header(request, &authorization);
        let lookup = |_: &str, _: Option<&str>| Ok(Secrets::new("cs", None));
        Checker::new(now)
            .verify(&request, lookup, &mut MemoryReplayStore::new(4))
            .map(|verified| verified.nonce().as_str().to_owned())
    };
    assert_eq!(signed("a+b", "a%252Bb").unwrap(), "a+b");
    assert_eq!(signed("a%2fb+c", "a%252Fb%252Bc").unwrap(), "a/b+c");
    assert_eq!(signed("a%2Fb+c", "a%252Fb%252Bc").unwrap(), "a/b+c");
    for (nonce, as_a_space) in [("a+b", "a%2520b"), ("a%2fb+c", "a%252Fb%2520c")] {
        assert!(
            matches!(signed(nonce, as_a_space), Err(Rejection::BadSignature)),
            "{nonce} signed with its + as a space"
        );
    }
}

#[test]
fn a_narrower_window_refuses_what_the_default_accepts() {
    let fx = Fixture::new();
    let request = fx.request("w1");
    let lookup = |_: &str, _: Option<&str>| Ok(Secrets::new("consumer secret", Some("token secret".into())));
    let at = |offset: i64| Timestamp::from_secs(fx.now.as_secs().saturating_add_signed(offset));
    let verify = |checker: Checker<'_>| checker.verify(&request, lookup, &mut MemoryReplayStore::new(4));
    for offset in [-30, 30] {
        assert!(verify(Checker::new(at(offset))).is_ok(), "{offset}");
        assert!(verify(Checker::new(at(offset)).window(30)).is_ok(), "{offset}");
        assert_eq!(
            verify(Checker::new(at(offset)).window(29)).unwrap_err(),
            (Rejection::TimestampOutOfWindow {
                timestamp: fx.now.as_secs(),
                now: at(offset).as_secs()
            })
        );
    }
    // The store is told to remember the nonce for the window given: once the request's timestamp
    // is older than `now - window`, it may forget it.
    struct Oldest(Option<Timestamp>);
    impl ReplayStore for Oldest {
        fn check_and_record(&mut self, nonce: &NonceUse<'_>) -> NonceCheck {
            self.0 = Some(nonce.oldest_accepted);
            NonceCheck::Fresh
        }
    }
    let mut store = Oldest(None);
    Checker::new(at(5))
        .window(10)
        .verify(&request, lookup, &mut store)
        .unwrap();
    assert_eq!(store.0, Some(at(-5)));
}

#[test]
fn parameters_in_the_query_or_the_body_verify_too() {
    let mut fx = Fixture::new();
    for (i, placement) in [Placement::Query, Placement::Body].into_iter().enumerate() {
        let mut request = Request::post("https://api.example.com/x?a=1")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(b"b=2".to_vec())
            .unwrap();
        Signer::new(&fx.client)
            .token(&fx.token)
            .placement(placement)
            .authorize(&mut request, &Nonce::new(&format!("p{i}")).unwrap(), fx.now)
            .unwrap();
        assert!(!request.headers().contains_key(AUTHORIZATION));
        fx.verify(&request).unwrap();
    }
}

#[test]
fn each_rejection_reason() {
    let mut fx = Fixture::new();
    let good = fx.request("good");
    let good_header = header(&good);

    // The signature, the body, a parameter, the URL and the method are covered.
    let tampered = good_header.replace("oauth_signature=\"", "oauth_signature=\"A");
    assert_eq!(
        fx.verify(&with_header(good.clone(), &tampered)),
        Err(Rejection::BadSignature)
    );
    let mut body = good.clone();
    *body.body_mut() = b"status=hello%20worle".to_vec();
    assert_eq!(fx.verify(&body), Err(Rejection::BadSignature));
    let mut uri = good.clone();
    *uri.uri_mut() = "https://api.example.com/1.1/statuses/update.json?x=2"
        .parse()
        .unwrap();
    assert_eq!(fx.verify(&uri), Err(Rejection::BadSignature));
    let mut method = good.clone();
    *method.method_mut() = http::Method::PUT;
    assert_eq!(fx.verify(&method), Err(Rejection::BadSignature));

    // The timestamp window, both ways.
    let late = Timestamp::from_secs(fx.now.as_secs() + 301);
    assert_eq!(
        fx.verify_at(&good, late),
        Err(Rejection::TimestampOutOfWindow {
            timestamp: fx.now.as_secs(),
            now: late.as_secs()
        })
    );
    let early = Timestamp::from_secs(fx.now.as_secs() - 301);
    assert!(matches!(
        fx.verify_at(&good, early),
        Err(Rejection::TimestampOutOfWindow { .. })
    ));

    // A good request is accepted once.
    fx.verify(&good).unwrap();
    assert_eq!(fx.verify(&good), Err(Rejection::ReplayedNonce));

    // Unknown credentials.
    let stranger = ClientCredentials::new("stranger", "consumer secret");
    let mut request = Request::get("https://api.example.com/").body(Vec::new()).unwrap();
    Signer::new(&stranger)
        .authorize(&mut request, &Nonce::new("s").unwrap(), fx.now)
        .unwrap();
    assert_eq!(fx.verify(&request), Err(Rejection::UnknownClient));
    let expired = TokenCredentials::new("expired", "token secret");
    let mut request = Request::get("https://api.example.com/").body(Vec::new()).unwrap();
    Signer::new(&fx.client)
        .token(&expired)
        .authorize(&mut request, &Nonce::new("e").unwrap(), fx.now)
        .unwrap();
    assert_eq!(fx.verify(&request), Err(Rejection::UnknownToken));
    // A lookup that finds the client but gives no secret for the token sent has not found the token:
    // refused, even where the signature would check (a token whose secret is empty).
    let no_token_secret = |_: &str, _: Option<&str>| Ok(Secrets::new("consumer secret", None));
    for secret in ["", "token secret"] {
        let token = TokenCredentials::new("token", secret);
        let mut request = Request::get("https://api.example.com/").body(Vec::new()).unwrap();
        let nonce = Nonce::new(&format!("t{}", secret.len())).unwrap();
        Signer::new(&fx.client)
            .token(&token)
            .authorize(&mut request, &nonce, fx.now)
            .unwrap();
        let checked = Checker::new(fx.now).verify(&request, no_token_secret, &mut fx.store);
        assert_eq!(checked.map(|_| ()), Err(Rejection::UnknownToken), "{secret:?}");
    }

    // Parameters that are missing, repeated, malformed or unsupported.
    let fresh = fx.request("fresh");
    let h = header(&fresh);
    let cases: Vec<(String, Rejection)> = vec![
        (
            h.replace("oauth_nonce=\"fresh\", ", ""),
            Rejection::Missing { name: "oauth_nonce" },
        ),
        (
            h.replace(", oauth_version=\"1.0\"", ""),
            Rejection::BadSignature, // optional, but signed
        ),
        (
            format!("{h}, oauth_nonce=\"again\""),
            Rejection::Repeated {
                name: "oauth_nonce".into(),
            },
        ),
        (h.replace("\"1.0\"", "\"2.0\""), Rejection::UnsupportedVersion),
        (
            h.replace("HMAC-SHA1", "HMAC-MD5"),
            Rejection::UnsupportedSignatureMethod,
        ),
        (h.replace("\"1700000000\"", "\"17e8\""), Rejection::BadTimestamp),
        (
            h.replace("\"1700000000\"", "\"+1700000000\""),
            Rejection::BadTimestamp,
        ),
        (h.replace("\"fresh\"", "\"\""), Rejection::BadNonce),
        (h.replace("\"fresh\"", "\"fr%C3%A9sh\""), Rejection::BadNonce),
        (
            h.replace("oauth_nonce=\"fresh\"", "oauth_nonce=fresh"),
            Rejection::MalformedHeader("a parameter value must be in double quotes"),
        ),
        (
            h.replace("\"fresh\"", "\"fresh%G1\""),
            Rejection::BadEncoding {
                placement: Placement::Header,
                error: DecodeError::BadEscape { at: 5 },
            },
        ),
    ];
    for (value, want) in cases {
        assert_eq!(
            fx.verify(&with_header(fresh.clone(), &value)),
            Err(want),
            "{value}"
        );
    }

    // A signature that does not decode, or decodes to octets that are not text.
    let value_start = h.find("oauth_signature=\"").unwrap() + "oauth_signature=\"".len();
    let value_end = value_start + h[value_start..].find('"').unwrap();
    let with_signature = |value: &str| format!("{}{value}{}", &h[..value_start], &h[value_end..]);
    let bad = |error| Rejection::BadEncoding {
        placement: Placement::Header,
        error,
    };
    let long = "A".repeat(100);
    let cases = [
        (with_signature("ab%FFcd"), bad(DecodeError::NotUtf8)),
        (with_signature("abc%4"), bad(DecodeError::BadEscape { at: 3 })),
        (with_signature("abc%4G"), bad(DecodeError::BadEscape { at: 3 })),
        (
            with_signature(&format!("{long}%G0")),
            bad(DecodeError::BadEscape { at: 100 }),
        ),
        (with_signature(&format!("{long}%FF")), bad(DecodeError::NotUtf8)),
        (with_signature("ab%2Bcd%3D"), Rejection::BadSignature),
        (with_signature(&long), Rejection::BadSignature),
    ];
    for (value, want) in cases {
        assert_eq!(
            fx.verify(&with_header(fresh.clone(), &value)),
            Err(want),
            "{value}"
        );
    }

    // Two Content-Type headers: which one the application reads decides whether the body's
    // parameters were signed, so the request is refused before its signature is checked.
    let mut two_types = fx.request("types");
    two_types
        .headers_mut()
        .append(CONTENT_TYPE, "application/json".parse().unwrap());
    assert_eq!(
        fx.verify(&two_types),
        Err(Rejection::RepeatedHeader("Content-Type"))
    );

    // The request's query, read beside its header: the same protocol parameter in both (a name
    // written with an escape is the same parameter: names are compared decoded), and a bad escape,
    // placed by its offset in the whole query.
    let repeated = |name: &str| Rejection::Repeated { name: name.into() };
    let bad_escape = |at| Rejection::BadEncoding {
        placement: Placement::Query,
        error: DecodeError::BadEscape { at },
    };
    for (query, want) in [
        ("x=1&oauth_token=token", repeated("oauth_token")),
        ("x=1&oauth%5Ftoken=token", repeated("oauth_token")),
        ("x=1&oauth%5Fsignature=abc", repeated("oauth_signature")),
        ("x=1&y=%zz", bad_escape(6)),
        ("x=1&y%=2", bad_escape(5)),
    ] {
        let mut with_query = fresh.clone();
        *with_query.uri_mut() = format!("https://api.example.com/1.1/statuses/update.json?{query}")
            .parse()
            .unwrap();
        assert_eq!(fx.verify(&with_query), Err(want), "{query}");
    }
    // Two Authorization headers.
    let mut two = fresh.clone();
    two.headers_mut().append(AUTHORIZATION, h.parse().unwrap());
    assert!(matches!(fx.verify(&two), Err(Rejection::MalformedHeader(_))));
    // No OAuth parameters at all.
    let bare = with_header(fresh.clone(), "Bearer abc");
    assert_eq!(
        fx.verify(&bare),
        Err(Rejection::Missing {
            name: "oauth_consumer_key"
        })
    );
    // Nothing above was recorded: the fresh request still verifies once.
    fx.verify(&fresh).unwrap();
}

#[test]
fn plaintext_needs_tls_and_methods_can_be_refused() {
    let mut fx = Fixture::new();
    let sign = |url: &str, nonce: &str, fx: &Fixture| {
        let mut request = Request::get(url).body(Vec::new()).unwrap();
        // The signer refuses PLAINTEXT over plain http too (below); told otherwise, it is the
        // verifier's turn.
        Signer::new(&fx.client)
            .token(&fx.token)
            .method(Plaintext)
            .allow_plaintext_over_http()
            .authorize(&mut request, &Nonce::new(nonce).unwrap(), fx.now)
            .unwrap();
        request
    };
    // The client side: the secrets would cross the network in the clear. Refused by default, for
    // every host but loopback; the request is left as it was.
    for (url, refused) in [
        ("http://api.example.com/", true),
        ("http://api.example.com:443/", true),
        ("https://api.example.com/", false),
        ("http://127.0.0.1:8080/", false),
        ("http://localhost/", false),
        ("http://[::1]/", false),
    ] {
        let mut request = Request::get(url).body(Vec::new()).unwrap();
        let signed = Signer::new(&fx.client)
            .token(&fx.token)
            .method(Plaintext)
            .authorize(&mut request, &Nonce::new("z").unwrap(), fx.now);
        assert_eq!(signed.is_err(), refused, "{url}");
        if let Err(error) = signed {
            let said = format!("{error} {error:?}");
            assert!(said.contains("request URI") && said.contains("§3.4.4"), "{said}");
            assert!(!said.contains(fx.client.secret().expose()), "{said}");
            assert!(request.headers().get("authorization").is_none());
        }
    }
    // A provider that allows plain http lets PLAINTEXT go over it; one that does not, does not.
    let mut provider = oauth1_core::Provider::new(
        "https://p.example/request",
        "https://p.example/authorize",
        "https://p.example/access",
    )
    .unwrap();
    provider.rules_mut().method = oauth1_core::provider::MethodName::Plaintext;
    let request = Request::get("http://p.example/api").body(Vec::new()).unwrap();
    let (nonce, now) = (Nonce::new("p").unwrap(), fx.now);
    assert!(provider.signer(&fx.client).sign(&request, &nonce, now).is_err());
    let provider = provider.allow_insecure_http();
    assert!(provider.signer(&fx.client).sign(&request, &nonce, now).is_ok());

    assert_eq!(
        fx.verify(&sign("http://api.example.com/", "a", &fx)),
        Err(Rejection::PlaintextWithoutTls)
    );
    fx.verify(&sign("https://api.example.com/", "b", &fx)).unwrap();
    fx.verify(&sign("http://127.0.0.1:8080/", "c", &fx)).unwrap();

    let mut request = Request::get("https://api.example.com/").body(Vec::new()).unwrap();
    Signer::new(&fx.client)
        .method(HmacSha256)
        .authorize(&mut request, &Nonce::new("d").unwrap(), fx.now)
        .unwrap();
    let only_sha1 = Checker::new(fx.now).methods(&[&oauth1_core::HmacSha1]);
    let lookup = |_: &str, _: Option<&str>| Ok(Secrets::new("consumer secret", None));
    assert_eq!(
        only_sha1.verify(&request, lookup, &mut fx.store).unwrap_err(),
        Rejection::UnsupportedSignatureMethod
    );
    Checker::new(fx.now)
        .verify(&request, lookup, &mut fx.store)
        .unwrap();
}

/// Signs `body` with the body hash `kind`, checks the hash sent against `expected` (computed by
/// Python's hashlib, percent-encoded), then verifies the request as sent and refuses it with its body
/// changed to `changed`.
fn body_hash_covers_the_body(kind: BodyHash, body: &[u8], expected: &str, changed: &[u8]) {
    let mut fx = Fixture::new();
    let mut request = Request::post("https://api.example.com/2/tweets")
        .header(CONTENT_TYPE, "application/json")
        .body(body.to_vec())
        .unwrap();
    Signer::new(&fx.client)
        .token(&fx.token)
        .body_hash(kind)
        .authorize(&mut request, &Nonce::new("j").unwrap(), fx.now)
        .unwrap();
    let sent = format!("oauth_body_hash=\"{expected}\"");
    assert!(header(&request).contains(&sent), "{}", header(&request));
    let mut altered = request.clone();
    *altered.body_mut() = changed.to_vec();
    assert_eq!(fx.verify(&altered), Err(Rejection::BadBodyHash));
    fx.verify(&request).unwrap();
}

/// The body hash extension's SHA-1 hash covers a JSON body.
#[test]
fn body_hash_covers_a_json_body() {
    let hash = "YgRdlM1Ic2ullXqVDM9TDjRe%2FBo%3D";
    body_hash_covers_the_body(
        BodyHash::Sha1Extension,
        br#"{"text":"hi"}"#,
        hash,
        br#"{"text":"ho"}"#,
    );
}

/// Mastercard's SHA-256 body hash (44 characters of base64, on every body) is checked as the
/// extension's SHA-1 one is.
#[test]
fn a_sha256_body_hash_covers_the_body_too() {
    let hash = "wrEeZX4S%2FRdzWWJ8qJQSAY4idNCHPPv88fxQ9oVYLp4%3D";
    body_hash_covers_the_body(
        BodyHash::Sha256Always,
        br#"{"amount":1}"#,
        hash,
        br#"{"amount":9}"#,
    );
}

#[test]
fn body_placement_never_sends_a_body_hash() {
    // Found by the sign_verify fuzz target (corpus: regression-body-hash-with-body-placement): body
    // placement turns an empty body into a form body, where the extension forbids oauth_body_hash, so the
    // signer must not add one even when asked to.
    let mut fx = Fixture::new();
    let mut request = Request::post("https://api.example.com/1.1/x.json")
        .body(Vec::new())
        .unwrap();
    Signer::new(&fx.client)
        .token(&fx.token)
        .body_hash(BodyHash::Sha1Extension)
        .placement(Placement::Body)
        .authorize(&mut request, &Nonce::new("b").unwrap(), fx.now)
        .unwrap();
    let body = String::from_utf8(request.body().clone()).unwrap();
    assert!(!body.contains("oauth_body_hash"), "{body}");
    assert!(body.contains("oauth_signature="), "{body}");
    fx.verify(&request).unwrap();
}

#[test]
fn a_full_replay_store_refuses_rather_than_forgets() {
    struct Full;
    impl ReplayStore for Full {
        fn check_and_record(&mut self, _: &NonceUse<'_>) -> NonceCheck {
            NonceCheck::Full { retry_after_secs: 42 }
        }
    }
    let fx = Fixture::new();
    let request = fx.request("x");
    let lookup = |_: &str, _: Option<&str>| Ok(Secrets::new("consumer secret", Some("token secret".into())));
    assert_eq!(
        Checker::new(fx.now)
            .verify(&request, lookup, &mut Full)
            .unwrap_err(),
        Rejection::ReplayStoreFull { retry_after_secs: 42 }
    );
}

#[test]
fn rejections_never_show_a_secret() {
    let mut fx = Fixture::new();
    let request = with_header(
        fx.request("n"),
        "OAuth oauth_consumer_key=\"consumer secret\", oauth_nonce=\"token secret\"",
    );
    let rejection = fx.verify(&request).unwrap_err();
    for text in [rejection.to_string(), format!("{rejection:?}")] {
        assert!(!text.contains("secret"), "{text}");
    }
    let lookup = |_: &str, _: Option<&str>| Ok(Secrets::new("consumer secret", Some("token secret".into())));
    let secrets = lookup("", None).unwrap();
    assert!(!format!("{secrets:?}").contains("secret\""));
    let signed = fx.request("m");
    let verified = Checker::new(fx.now)
        .verify(&signed, lookup, &mut fx.store)
        .unwrap();
    assert!(!format!("{verified:?}").contains("secret"));
}

/// A method of the provider's own: HMAC-SHA512 under another name, signed and checked through the
/// public traits.
struct Renamed;

impl SignatureMethod for Renamed {
    type Writer = <oauth1_core::HmacSha512 as SignatureMethod>::Writer;
    fn name(&self) -> &'static str {
        "X-RENAMED-HMAC"
    }
    fn writer(&self, key: &SigningKey<'_>) -> Self::Writer {
        oauth1_core::HmacSha512.writer(key)
    }
}

impl VerificationMethod for Renamed {
    fn name(&self) -> &str {
        "X-RENAMED-HMAC"
    }
    fn verify(&self, secrets: &Secrets<'_>, base_string: &BaseString<'_>, signature: &str) -> bool {
        let mut writer = oauth1_core::HmacSha512.writer(&secrets.signing_key());
        base_string.feed(&mut writer);
        writer.verify(signature)
    }
}

#[test]
fn a_providers_own_method_is_accepted_only_when_configured() {
    let mut fx = Fixture::new();
    // Plain http: a method that does not say it exposes its secrets is not held to TLS.
    let mut request = Request::get("http://api.example.com/x?y=1")
        .body(Vec::new())
        .unwrap();
    Signer::new(&fx.client)
        .token(&fx.token)
        .method(Renamed)
        .authorize(&mut request, &Nonce::new("own").unwrap(), fx.now)
        .unwrap();
    assert_eq!(fx.verify(&request), Err(Rejection::UnsupportedSignatureMethod));
    let methods: [&dyn VerificationMethod; 2] = [&oauth1_core::HmacSha1, &Renamed];
    let (client, token) = (fx.client.clone(), fx.token.clone());
    let lookup = |_: &str, _: Option<&str>| {
        Ok(Secrets::new(
            client.secret().clone(),
            Some(token.secret().clone()),
        ))
    };
    let verified = Checker::new(fx.now)
        .methods(&methods)
        .verify(&request, lookup, &mut fx.store)
        .unwrap();
    assert_eq!(verified.signature_method(), "X-RENAMED-HMAC");
}

/// What a lookup gave, handed back as it was: a method of one's own reads the secrets through these.
#[test]
fn secrets_hand_back_what_the_lookup_gave() {
    let key = oauth1_tests::private_key("oauth-net-test-cases.pem").unwrap();
    let secrets =
        Secrets::new("client secret", Some("token secret".into())).with_rsa_public_key(key.public_key());
    assert_eq!(secrets.client_secret().expose(), "client secret");
    assert_eq!(secrets.token_secret().map(Secret::expose), Some("token secret"));
    assert_eq!(secrets.rsa_public_key(), Some(&key.public_key()));
    let client_only = Secrets::new("client secret", None);
    assert!(client_only.token_secret().is_none());
    assert!(client_only.rsa_public_key().is_none());
}

#[test]
fn rsa_signatures_verify_with_the_public_key_and_tampering_is_refused() {
    let key = oauth1_tests::private_key("test-client-2048.pkcs1.pem").unwrap();
    let public = oauth1_tests::public_key("test-client-2048.pub.pem").unwrap();
    let client = ClientCredentials::new("jira-consumer", "");
    let now = Timestamp::from_secs(1_700_000_000);
    for method in RsaMethod::ALL {
        let mut request = Request::post("https://jira.example.com/plugins/servlet/oauth/request-token?a=b")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(b"c=d%20e".to_vec())
            .unwrap();
        Signer::new(&client)
            .method(Rsa::new(method, &key))
            .callback("oob")
            .authorize(&mut request, &Nonce::new("rsa-nonce").unwrap(), now)
            .unwrap();
        let with_key = |key: Option<&oauth1_core::rsa::RsaPublicKey>| {
            let key = key.cloned();
            move |_: &str, _: Option<&str>| {
                let secrets = Secrets::new("", None);
                Ok(match &key {
                    Some(key) => secrets.with_rsa_public_key(key.clone()),
                    None => secrets,
                })
            }
        };
        let check = |request: &Request<Vec<u8>>, key: Option<&oauth1_core::rsa::RsaPublicKey>| {
            Checker::new(now)
                .verify(request, with_key(key), &mut MemoryReplayStore::new(8))
                .map(|v| v.signature_method().to_owned())
        };
        assert_eq!(check(&request, Some(&public)), Ok(method.name().to_owned()));
        // No public key for the client, or another client's key: the signature does not verify.
        assert_eq!(check(&request, None), Err(Rejection::BadSignature));
        let other = oauth1_tests::public_key("oauth-net-test-cases.pub.pem").unwrap();
        assert_eq!(check(&request, Some(&other)), Err(Rejection::BadSignature));
        // A changed body, query or method name is refused.
        let mut body = request.clone();
        *body.body_mut() = b"c=d%20f".to_vec();
        assert_eq!(check(&body, Some(&public)), Err(Rejection::BadSignature));
        let mut query = request.clone();
        *query.uri_mut() = "https://jira.example.com/plugins/servlet/oauth/request-token?a=c"
            .parse()
            .unwrap();
        assert_eq!(check(&query, Some(&public)), Err(Rejection::BadSignature));
        // A provider that accepts only HMAC refuses RSA outright.
        let hmac_only = Checker::new(now).methods(&[&oauth1_core::HmacSha1]).verify(
            &request,
            with_key(Some(&public)),
            &mut MemoryReplayStore::new(8),
        );
        assert_eq!(hmac_only.unwrap_err(), Rejection::UnsupportedSignatureMethod);
    }
}
