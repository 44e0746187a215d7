//! One test per signing bug found in shipping OAuth 1.0a libraries (design.md §3). Each would fail if
//! oauth1-core had that bug. (The flow's bugs — `oauth_callback_confirmed` never checked, duplicate keys
//! in a token response — and the adapters' redirect bug are tested with the flow and the adapters.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use http::Request;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use oauth1_core::encode::{DecodeError, form_decode};
use oauth1_core::verify::{Checker, MemoryReplayStore, Secrets};
use oauth1_core::{
    BodyHash, BuiltinMethod, ClientCredentials, ErrorCategory, InputProblem, MAX_URI_LEN, Nonce, Placement,
    Signer, Timestamp, TokenCredentials,
};

const FORM: &str = "application/x-www-form-urlencoded";

fn client() -> ClientCredentials {
    ClientCredentials::new("ck", "cs")
}

fn token() -> TokenCredentials {
    TokenCredentials::new("tk", "ts")
}

fn nonce() -> Nonce {
    Nonce::new("n0nce").unwrap()
}

const TS: Timestamp = Timestamp::from_secs(1_318_622_958);

fn get(uri: &str) -> Request<Vec<u8>> {
    Request::get(uri).body(Vec::new()).unwrap()
}

fn post_form(uri: &str, body: &str) -> Request<Vec<u8>> {
    Request::post(uri)
        .header(CONTENT_TYPE, FORM)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

fn base_string(request: &Request<Vec<u8>>) -> String {
    let client = client();
    let token = token();
    Signer::new(&client)
        .token(&token)
        .version(false)
        .base_string(request, &nonce(), TS)
        .unwrap()
}

/// The non-protocol part of the normalized parameter string, decoded once from the base string.
fn request_params(request: &Request<Vec<u8>>) -> String {
    let base = base_string(request);
    let params = form_decode(base.rsplit('&').next().unwrap())
        .unwrap()
        .into_owned();
    params
        .split('&')
        .filter(|p| !p.starts_with("oauth_"))
        .collect::<Vec<_>>()
        .join("&")
}

/// PECL oauth 2.0.7 and the oauth gem 0.5.4 (Ruby) sort by the decoded names: 399 and 627 of our
/// 2,500 oauthlib cases come out in another order.
#[test]
fn sorts_after_encoding_not_before() {
    // Decoded, "a" < "ä"; encoded, "%C3%A4" < "a". The RFC sorts the encoded forms.
    assert_eq!(
        request_params(&get("https://example.com/?a=2&%C3%A4=1")),
        "%C3%A4=1&a=2"
    );
}

/// node-oauth 0.10.2 signs a repeated query name as `a[0]`, `a[1]` (its `querystring.parse` gives an
/// array), in 488 of our 2,500 oauthlib cases.
#[test]
fn duplicate_keys_are_all_signed_in_value_order() {
    assert_eq!(
        request_params(&get("https://example.com/?a=2&a=1&a=2")),
        "a=1&a=2&a=2"
    );
}

/// A name is the octets it decodes to: written two ways (`a`, `%61`) it is one name whose values are
/// all signed, in value order, wherever each pair came from. A signer that keys a map by decoded name
/// keeps one value: PECL oauth 2.0.7's `oauth_get_sbs` (through a PHP array, which also turns the name
/// `-1` into `18446744073709551615`) did so in all 487 of our 2,500 oauthlib cases that repeat a name
/// (307 of them spell it two ways).
#[test]
fn a_name_written_two_ways_is_one_name_with_every_value_signed() {
    assert_eq!(
        request_params(&post_form("https://example.com/?a=2&%61=1&-1=x", "%61=0&a%2B=3")),
        "-1=x&a=0&a=1&a=2&a%2B=3"
    );
}

#[test]
fn names_sort_before_values_not_as_joined_strings() {
    // Sorting "a-b=1" and "a=2" as whole strings puts "a-b" first ('-' < '=').
    assert_eq!(
        request_params(&get("https://example.com/?a-b=1&a=2")),
        "a=2&a-b=1"
    );
}

/// The query is read as a form (RFC 5849 §3.4.1.3.1), split at `&` only: a `;` belongs to its value,
/// and a name without `=` is signed with an empty value. simple_oauth 0.3.1 (the signer of Ruby's
/// `twitter` gem), through `CGI.parse`, splits at `;` as well and drops a bare name: 172 of our 2,500
/// oauthlib cases (153 with a `;`, 23 with a bare name). The oauth gem 0.5.4 does both in a form
/// body too.
#[test]
fn a_query_splits_at_ampersands_only_and_keeps_a_bare_name() {
    assert_eq!(
        request_params(&get("https://example.com/?a=1;b=2&flag&c=;")),
        "a=1%3Bb%3D2&c=%3B&flag="
    );
    assert_eq!(
        request_params(&post_form("https://example.com/", "a=1;b=2&flag")),
        "a=1%3Bb%3D2&flag="
    );
}

#[test]
fn form_body_is_signed_alongside_a_query() {
    let params = request_params(&post_form("https://example.com/?q=1", "b=2"));
    assert_eq!(params, "b=2&q=1");
}

/// A form body is a parameter source whatever the method (RFC 5849 §3.4.1.3.1 names its content
/// type, not a method): the oauth gem 0.5.4 (Ruby) reads it for POST and PUT only, and signs a PATCH
/// or DELETE as if the body were empty, in 249 of our 2,500 oauthlib cases.
#[test]
fn a_form_body_is_signed_whatever_the_method() {
    for method in ["PATCH", "DELETE", "PUT", "POST", "GET", "OPTIONS", "PROPPATCH"] {
        let request = Request::builder()
            .method(method)
            .uri("https://example.com/?q=1")
            .header(CONTENT_TYPE, FORM)
            .body(b"b=2".to_vec())
            .unwrap();
        assert_eq!(request_params(&request), "b=2&q=1", "{method}");
    }
}

/// Characters a form encoder may leave raw (`$ ' ( ) ! * : @ , / ? ;`, as oauthlib accepts them) are
/// signed, encoded, as the provider reads them: a parser that refuses them and then signs the request
/// without its body (Authlib 1.9.10's `extract_params` returns nothing) sends a signature no provider
/// accepts.
#[test]
fn form_body_with_raw_sub_delimiters_is_signed_not_dropped() {
    let params = request_params(&post_form("https://example.com/?q=$1", "a=it's&b=(x)!*&c=:@,/?;"));
    // oauthlib 4.0.1's `normalize_parameters` gives the same string.
    assert_eq!(params, "a=it%27s&b=%28x%29%21%2A&c=%3A%40%2C%2F%3F%3B&q=%241");
}

#[test]
fn form_body_with_charset_parameter_is_still_signed() {
    let mut request = post_form("https://example.com/", "b=2");
    request.headers_mut().insert(
        CONTENT_TYPE,
        "Application/X-WWW-Form-UrlEncoded; charset=UTF-8"
            .parse()
            .unwrap(),
    );
    assert_eq!(request_params(&request), "b=2");
}

#[test]
fn plus_is_a_space_and_encoded_plus_is_a_plus() {
    assert_eq!(
        request_params(&get("https://example.com/?q=a+b&r=a%2Bb")),
        "q=a%20b&r=a%2Bb"
    );
    assert_eq!(
        request_params(&post_form("https://example.com/", "s=1+2")),
        "s=1%202"
    );
}

#[test]
fn secrets_are_percent_encoded_in_the_key() {
    // Values computed by oauthlib for consumer secret "a&b c" and token secret "ü+/=".
    let hmac = oauth1_tests::sign_text("HMAC-SHA1", "a&b c", Some("ü+/="), "bs").unwrap();
    assert_eq!(hmac, "shnxdoEbVfFM+O5ZTCYJckza7w8=");
    let plain = oauth1_tests::sign_text("PLAINTEXT", "a&b c", Some("ü+/="), "bs").unwrap();
    assert_eq!(plain, "a%26b%20c&%C3%BC%2B%2F%3D");
}

#[test]
fn default_port_is_dropped_only_for_its_own_scheme() {
    let uri_part = |uri: &str| {
        let base = base_string(&get(uri));
        form_decode(base.split('&').nth(1).unwrap()).unwrap().into_owned()
    };
    assert_eq!(uri_part("http://example.com:80/"), "http://example.com/");
    assert_eq!(uri_part("https://example.com:443/"), "https://example.com/");
    assert_eq!(uri_part("http://example.com:443/"), "http://example.com:443/");
    assert_eq!(uri_part("https://example.com:80/"), "https://example.com:80/");
    assert_eq!(uri_part("https://example.com:8443/"), "https://example.com:8443/");
    // An IPv6 literal's port follows its `]`: a reader that splits the authority at the first `:`
    // (Authlib 1.9.10's `normalize_base_string_uri`) signs `[::1]:80` with its default port; one that
    // takes the host name without its brackets (node-oauth 0.10.2) signs `http://::1/`.
    assert_eq!(uri_part("http://[::1]:80/"), "http://[::1]/");
    assert_eq!(uri_part("https://[2001:db8::1]:443/"), "https://[2001:db8::1]/");
    assert_eq!(uri_part("http://[2001:db8::1]:443/"), "http://[2001:db8::1]:443/");
}

/// RFC 5849 §3.4.1.2: scheme and host are lowercase in the base string; the path keeps its case and
/// its escapes as sent. oauth-1.0a 2.2.6 (npm) signs the URI as written, in 1,736 of our 2,500
/// oauthlib cases (with its default port or an empty path kept as well, both asserted elsewhere).
#[test]
fn scheme_and_host_are_lowercased_and_the_path_is_not() {
    let base = base_string(&get("HTTPS://Api.Example.COM/Path/A%2fb?Q=1"));
    assert!(
        base.starts_with("GET&https%3A%2F%2Fapi.example.com%2FPath%2FA%252fb&Q%3D1%26"),
        "{base}"
    );
}

/// RFC 5849 §3.4.1.2: the host and port "MUST match the content of the HTTP request Host header
/// field". A request that sets `Host` (a tunnel, a virtual host reached by address) is signed for
/// that host, as the provider, which sees only `Host`, verifies it; the URI gives scheme and path.
#[test]
fn an_explicit_host_header_gives_the_signed_host_and_port() {
    let with_host = |uri: &str, host: &str| {
        let mut request = get(uri);
        request.headers_mut().insert("host", host.parse().unwrap());
        request
    };
    for (uri, host, signed_as) in [
        (
            "http://127.0.0.1:8080/a?b=1",
            "api.example.com",
            "http://api.example.com/a?b=1",
        ),
        (
            "https://10.0.0.7/a",
            "API.Example.com:443",
            "https://api.example.com/a",
        ),
        (
            "https://10.0.0.7/a",
            "api.example.com:8443",
            "https://api.example.com:8443/a",
        ),
        ("http://localhost:9000/a", "[::1]:80", "http://[::1]/a"),
    ] {
        assert_eq!(
            base_string(&with_host(uri, host)),
            base_string(&get(signed_as)),
            "{uri} with Host {host}"
        );
    }
    // A Host that is not one, or is there twice, is refused by name; the request is not signed.
    let client = client();
    // (`http` parses the last three as authorities: an empty host, ports no one can connect to.)
    for host in ["a/b", "user@api.example.com", "a b", "", ":80", "a:99999", "a:8o"] {
        let mut request = get("https://10.0.0.7/a");
        request
            .headers_mut()
            .insert("host", http::HeaderValue::from_str(host).unwrap());
        assert_eq!(
            refusal(&client, request),
            "Host header is invalid: must be a host and an optional port",
            "{host:?}"
        );
    }
    let mut request = with_host("https://10.0.0.7/a", "a.example");
    request.headers_mut().append("host", "b.example".parse().unwrap());
    let error = Signer::new(&client).sign(&request, &nonce(), TS).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Host header is invalid: appears more than once"
    );
}

/// Why `authorize` refuses `request`, which it must leave without an `Authorization` header.
fn refusal(client: &ClientCredentials, mut request: Request<Vec<u8>>) -> String {
    let error = Signer::new(client)
        .authorize(&mut request, &nonce(), TS)
        .unwrap_err();
    assert!(request.headers().get(AUTHORIZATION).is_none());
    error.to_string()
}

/// `http` parses a URI whose port is not a number up to 65535 and reads it as having no port, so it
/// would be signed for the scheme's default port (and ureq connects there). It is refused, in the
/// signer and in the verifier, with what is wrong; an empty port is the default one (RFC 3986 §6.2.3).
#[test]
fn a_request_uri_with_an_unreadable_port_is_refused() {
    let client = client();
    for uri in [
        "http://a:99999/x",
        "https://u@a:65536/x",
        "http://a:8o/x",
        "http://[::1]:1x/x",
    ] {
        assert_eq!(
            refusal(&client, get(uri)),
            "request URI is invalid: its port is not a number from 0 to 65535",
            "{uri}"
        );
    }
    // A provider's verifier: a request signed for the default port, received with such a URI, is
    // refused (it verified before, as if sent to the default port).
    let mut signed = get("http://a/x");
    Signer::new(&client).authorize(&mut signed, &nonce(), TS).unwrap();
    *signed.uri_mut() = "http://a:99999/x".parse().unwrap();
    let lookup = |_: &str, _: Option<&str>| Ok(Secrets::new("cs", None));
    let rejection = Checker::new(TS)
        .verify(&signed, lookup, &mut MemoryReplayStore::new(4))
        .unwrap_err();
    assert_eq!(rejection, oauth1_core::verify::Rejection::BadUri);

    assert_eq!(base_string(&get("http://a:/x")), base_string(&get("http://a/x")));
    assert_eq!(
        base_string(&get("https://a:08443/x")),
        base_string(&get("https://a:8443/x"))
    );
}

#[test]
fn path_is_kept_as_sent_including_a_trailing_semicolon() {
    // Python's urlparse (and so oauthlib) drops an empty trailing ";"; the server receives it.
    let base = base_string(&get("https://example.com/a%2Fb/c;"));
    assert!(
        base.starts_with("GET&https%3A%2F%2Fexample.com%2Fa%252Fb%2Fc%3B&"),
        "{base}"
    );
    // Octets a URL parser may escape on its own are signed as sent, encoded once: node-oauth 0.10.2
    // signs `'` as `%2527` (its `url.parse` makes it `%27` first), in 145 of our 2,500 oauthlib cases.
    let base = base_string(&get(r"https://example.com/it's/{a}|b^c\d[e]"));
    assert!(
        base.starts_with("GET&https%3A%2F%2Fexample.com%2Fit%27s%2F%7Ba%7D%7Cb%5Ec%5Cd%5Be%5D&"),
        "{base}"
    );
}

#[test]
fn realm_is_not_signed_and_only_goes_in_the_header() {
    let client = client();
    let without = Signer::new(&client)
        .base_string(&get("https://example.com/"), &nonce(), TS)
        .unwrap();
    let signer = Signer::new(&client).realm("Photos");
    assert_eq!(
        signer
            .base_string(&get("https://example.com/"), &nonce(), TS)
            .unwrap(),
        without
    );

    let mut request = get("https://example.com/");
    signer.authorize(&mut request, &nonce(), TS).unwrap();
    assert!(
        request.headers()[AUTHORIZATION]
            .to_str()
            .unwrap()
            .starts_with("OAuth realm=\"Photos\", oauth_")
    );

    let mut request = get("https://example.com/");
    signer
        .clone()
        .placement(Placement::Query)
        .authorize(&mut request, &nonce(), TS)
        .unwrap();
    assert!(
        !request.uri().query().unwrap().contains("realm"),
        "{}",
        request.uri()
    );
}

#[test]
fn empty_token_is_not_sent() {
    let client = client();
    let empty = TokenCredentials::new("", "");
    let mut request = get("https://example.com/");
    Signer::new(&client)
        .token(&empty)
        .authorize(&mut request, &nonce(), TS)
        .unwrap();
    let header = request.headers()[AUTHORIZATION].to_str().unwrap();
    assert!(!header.contains("oauth_token"), "{header}");
}

/// The consumer key is required (RFC 5849 §3.1): an empty one (an unset variable) is refused by name,
/// by every signer, and the request is left as it was, instead of sending `oauth_consumer_key=""`.
/// Likewise a token secret whose token is empty.
#[test]
fn an_empty_consumer_key_or_token_beside_a_secret_is_refused_not_sent() {
    let keyless = ClientCredentials::new("", "cs");
    let mut request = get("https://example.com/");
    let errors = [
        Signer::new(&keyless)
            .authorize(&mut request, &nonce(), TS)
            .unwrap_err(),
        Signer::new(&keyless)
            .keyed()
            .authorize(&mut request, &nonce(), TS)
            .unwrap_err(),
        Signer::new(&keyless).explain(&request, &nonce(), TS).unwrap_err(),
    ];
    for error in errors {
        assert_eq!(error.category(), ErrorCategory::Caller);
        assert_eq!(error.to_string(), "consumer key must not be empty");
    }
    assert!(request.headers().get(AUTHORIZATION).is_none());
    // An empty token with a secret: the secret would key a signature that names no token.
    let half = TokenCredentials::new("", "ts");
    let error = Signer::new(&client())
        .token(&half)
        .authorize(&mut request, &nonce(), TS)
        .unwrap_err();
    assert_eq!(error.to_string(), "token must not be empty");
    assert!(request.headers().get(AUTHORIZATION).is_none());
}

#[test]
fn non_ascii_values_are_encoded_exactly_once() {
    // Already-encoded input is decoded first; raw UTF-8 in a form body is encoded once too.
    assert_eq!(
        request_params(&get("https://example.com/?s=caf%C3%A9")),
        "s=caf%C3%A9"
    );
    assert_eq!(
        request_params(&post_form("https://example.com/", "s=café")),
        "s=caf%C3%A9"
    );
    let client = client();
    let mut request = get("https://example.com/");
    Signer::new(&client)
        .callback("https://example.com/é")
        .authorize(&mut request, &nonce(), TS)
        .unwrap();
    let header = request.headers()[AUTHORIZATION].to_str().unwrap();
    assert!(
        header.contains("oauth_callback=\"https%3A%2F%2Fexample.com%2F%C3%A9\""),
        "{header}"
    );
}

#[test]
fn debug_output_never_shows_a_secret() {
    let client = ClientCredentials::new("ck", "consumer-SECRET");
    let token = TokenCredentials::new("tk", "token-SECRET");
    let signer = Signer::new(&client)
        .token(&token)
        .verifier("verifier-SECRET")
        .method(BuiltinMethod::Plaintext);
    let auth = signer.sign(&get("https://example.com/"), &nonce(), TS).unwrap();
    let shown = format!("{signer:?} {auth:?} {client:?} {token:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    // PLAINTEXT's signature is the secrets themselves.
    assert!(auth.signature().as_str().contains("consumer-SECRET"));
}

#[test]
fn header_placement_adds_nothing_to_query_or_body() {
    let client = client();
    let mut request = post_form("https://example.com/?q=1", "b=2");
    Signer::new(&client)
        .authorize(&mut request, &nonce(), TS)
        .unwrap();
    assert_eq!(request.uri().query(), Some("q=1"));
    assert_eq!(request.body(), b"b=2");
    assert!(request.headers().contains_key(AUTHORIZATION));
}

#[test]
fn query_and_body_placement_carry_the_same_signature_as_the_header() {
    let client = client();
    let signer = Signer::new(&client);
    let signature = signer
        .sign(&post_form("https://example.com/?q=1", "b=2"), &nonce(), TS)
        .unwrap();
    let encoded = oauth1_core::encode::percent_encode(signature.signature().as_str()).to_string();

    let mut request = post_form("https://example.com/?q=1", "b=2");
    signer
        .clone()
        .placement(Placement::Query)
        .authorize(&mut request, &nonce(), TS)
        .unwrap();
    let query = request.uri().query().unwrap();
    assert!(query.starts_with("q=1&oauth_consumer_key=ck&"), "{query}");
    assert!(query.contains(&format!("oauth_signature={encoded}")), "{query}");
    assert!(!request.headers().contains_key(AUTHORIZATION));

    let mut request = post_form("https://example.com/?q=1", "b=2");
    signer
        .clone()
        .placement(Placement::Body)
        .authorize(&mut request, &nonce(), TS)
        .unwrap();
    let body = String::from_utf8(request.body().clone()).unwrap();
    assert!(body.starts_with("b=2&oauth_consumer_key=ck&"), "{body}");
    assert!(body.contains(&format!("oauth_signature={encoded}")), "{body}");
}

#[test]
fn query_placement_past_the_longest_uri_says_the_uri_is_too_long() {
    // Found by the sign_verify fuzz target: a PLAINTEXT signature over a long secret, encoded twice
    // over in the query, carried the URI past the longest `http` parses (65,534 octets). The request is
    // refused saying so, and left as it was.
    let client = ClientCredentials::new("ck", "\u{e9}".repeat(7000));
    let signer = Signer::new(&client)
        .method(BuiltinMethod::Plaintext)
        .placement(Placement::Query);
    let mut request = get("https://example.com/?q=1");
    let error = signer.authorize(&mut request, &nonce(), TS).unwrap_err();
    let oauth1_core::Error::Input(input) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(input.field(), "request URI");
    assert_eq!(input.problem(), &InputProblem::TooLong { max: 65_534 });
    assert_eq!(request.uri(), "https://example.com/?q=1");
    // The same request signed in the header: the signature is fine, only its place was too small.
    let mut request = get("https://example.com/?q=1");
    signer
        .clone()
        .placement(Placement::Header)
        .authorize(&mut request, &nonce(), TS)
        .unwrap();
    // The limit is the longest URI, not one short of it: a query padded to end at exactly 65,534
    // octets is signed, one octet more is refused. (PLAINTEXT's pairs have the same length every time.)
    let short = ClientCredentials::new("ck", "cs");
    let signer = Signer::new(&short)
        .method(BuiltinMethod::Plaintext)
        .placement(Placement::Query);
    let padded = |pad: usize| get(&format!("https://example.com/?p={}", "a".repeat(pad)));
    let mut probe = padded(0);
    signer.authorize(&mut probe, &nonce(), TS).unwrap();
    let room = MAX_URI_LEN - probe.uri().to_string().len();
    let mut longest = padded(room);
    signer.authorize(&mut longest, &nonce(), TS).unwrap();
    assert_eq!(longest.uri().to_string().len(), MAX_URI_LEN);
    let error = signer.authorize(&mut padded(room + 1), &nonce(), TS).unwrap_err();
    let oauth1_core::Error::Input(input) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(input.problem(), &InputProblem::TooLong { max: MAX_URI_LEN });
}

#[test]
fn body_placement_refuses_a_body_that_is_not_form_encoded() {
    let client = client();
    let mut request = Request::post("https://example.com/")
        .header(CONTENT_TYPE, "application/json")
        .body(b"{}".to_vec())
        .unwrap();
    let err = Signer::new(&client)
        .placement(Placement::Body)
        .authorize(&mut request, &nonce(), TS)
        .unwrap_err();
    assert_eq!(err.category(), ErrorCategory::Caller);
    assert!(err.to_string().contains("form body"), "{err}");
    // Only a body that is empty *and* untyped becomes a form: an empty JSON body, or bytes without a
    // Content-Type, are not the signer's to relabel.
    let untyped = Request::post("https://example.com/")
        .body(b"{}".to_vec())
        .unwrap();
    let empty_json = Request::post("https://example.com/")
        .header(CONTENT_TYPE, "application/json")
        .body(Vec::new())
        .unwrap();
    for mut request in [untyped, empty_json] {
        let before = request.clone();
        let err = Signer::new(&client)
            .placement(Placement::Body)
            .authorize(&mut request, &nonce(), TS)
            .unwrap_err();
        assert!(err.to_string().starts_with("form body: "), "{err}");
        assert_eq!(request.body(), before.body());
        assert_eq!(request.headers(), before.headers());
    }
}

#[test]
fn body_placement_into_a_borrowed_form_body_says_the_body_cannot_grow() {
    // A `&str` form body is a form; what it cannot do is take the protocol parameters.
    let client = client();
    let signer = Signer::new(&client).placement(Placement::Body);
    let mut request = Request::post("https://example.com/")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("b=2")
        .unwrap();
    let err = signer.authorize(&mut request, &nonce(), TS).unwrap_err();
    assert_eq!(err.category(), ErrorCategory::Caller);
    assert_eq!(
        err.to_string(),
        "form body: this body type cannot be appended to (a borrowed &str or &[u8] cannot); body \
         placement needs a Vec<u8>, String or Bytes body"
    );
    assert_eq!(*request.body(), "b=2");
    // The owned kinds take them.
    let mut request = Request::post("https://example.com/")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(String::from("b=2"))
        .unwrap();
    signer.authorize(&mut request, &nonce(), TS).unwrap();
    assert!(
        request.body().starts_with("b=2&oauth_consumer_key=ck&"),
        "{}",
        request.body()
    );
    let mut request = Request::post("https://example.com/")
        .body(bytes::Bytes::new())
        .unwrap();
    signer.authorize(&mut request, &nonce(), TS).unwrap();
    assert!(request.body().starts_with(b"oauth_consumer_key=ck&"));
    assert_eq!(
        request.headers()[CONTENT_TYPE],
        "application/x-www-form-urlencoded"
    );
}

#[test]
fn json_bodies_are_never_parsed_for_parameters_and_can_be_covered_by_body_hash() {
    let json = Request::post("https://example.com/")
        .header(CONTENT_TYPE, "application/json")
        .body(br#"{"a=b&c":"d"}"#.to_vec())
        .unwrap();
    assert_eq!(request_params(&json), "");
    let client = client();
    let auth = Signer::new(&client)
        .body_hash(BodyHash::Sha1Extension)
        .sign(&json, &nonce(), TS)
        .unwrap();
    let params = auth.parameters();
    // base64(SHA-1('{"a=b&c":"d"}')), as `printf '%s' '{"a=b&c":"d"}' | sha1sum | xxd -r -p | base64` gives.
    let hash = params
        .iter()
        .find(|(n, _)| *n == "oauth_body_hash")
        .map(|(_, v)| v.as_str());
    assert_eq!(hash, Some("LVQnSjuko8OeHA+gNSc8tdq7NaY="));
    // A form-encoded request never carries it.
    let auth = Signer::new(&client)
        .body_hash(BodyHash::Sha1Extension)
        .sign(&post_form("https://e.com/", "a=1"), &nonce(), TS)
        .unwrap();
    assert!(auth.parameters().iter().all(|(n, _)| *n != "oauth_body_hash"));
}

/// Two `Content-Type` headers (reqwest's builder appends one given after `.form(…)`): whether the
/// body's parameters are signed would depend on which one the provider reads, so the signer refuses
/// rather than pick the first.
#[test]
fn two_content_types_are_refused_not_read_one_way() {
    let mut request = post_form("https://example.com/", "a=1");
    request
        .headers_mut()
        .append(CONTENT_TYPE, "multipart/form-data; boundary=x".parse().unwrap());
    let said = refusal(&client(), request);
    assert!(
        said.contains("Content-Type header") && said.contains("appears more than once"),
        "{said}"
    );
    // With its one Content-Type, the same form signs its body's parameter.
    assert_eq!(request_params(&post_form("https://example.com/", "a=1")), "a=1");
}

#[test]
fn a_parameter_the_signer_adds_is_refused_when_the_request_carries_it_too() {
    let client = client();
    let token = token();
    let err = Signer::new(&client)
        .token(&token)
        .sign(&get("https://example.com/?oauth_token=x"), &nonce(), TS)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "query already holds the protocol parameter 'oauth_token', which the signer adds itself"
    );
    for (body, name) in [
        ("oauth_nonce=1", "oauth_nonce"),
        ("a=1&oauth_signature=x", "oauth_signature"),
        ("oauth_version=1.0", "oauth_version"),
    ] {
        let err = Signer::new(&client)
            .sign(&post_form("https://example.com/", body), &nonce(), TS)
            .unwrap_err();
        assert!(
            err.to_string().starts_with(&format!(
                "form body already holds the protocol parameter '{name}'"
            )),
            "{err}"
        );
    }
    // Without `.version(true)` the request's own oauth_version is simply signed.
    let signed = Signer::new(&client).version(false).sign(
        &post_form("https://example.com/", "oauth_version=1.0"),
        &nonce(),
        TS,
    );
    assert!(signed.is_ok());
}

#[test]
fn a_requests_own_oauth_parameters_are_signed_as_they_stand() {
    // Twitter's "Implementing Sign in with Twitter", step 3, exactly as documented: oauth_verifier in
    // the form body, the other protocol parameters in the header. Published signature: 39cipBtI…2I=.
    let client = ClientCredentials::new(
        "cChZNFj6T5R0TigYB9yd1w",
        "L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOg",
    );
    let token = TokenCredentials::new(
        "NPcudxy0yU5T3tBzho7iCotZ3cnetKwcTIRlX0iwRl0",
        "veNRnAWe6inFuo8o2u8SLLZLjolYDmDP7SzL0YfYI",
    );
    let mut request = post_form(
        "https://api.twitter.com/oauth/access_token",
        "oauth_verifier=uw7NjWHT6OJ1MpJOXsHfNxoAhPKpgI8BlYDhxEjIBY",
    );
    let nonce = Nonce::new("a9900fe68e2573b27a37f10fbad6a755").unwrap();
    let signer = Signer::new(&client).token(&token);
    let ts = Timestamp::from_secs(1_318_467_427);
    let auth = signer.sign(&request, &nonce, ts).unwrap();
    assert_eq!(auth.signature().as_str(), "39cipBtIOHEEnybAR4sATQTpl2I=");
    // The header does not repeat it; the body keeps it.
    signer.authorize(&mut request, &nonce, ts).unwrap();
    let header = request.headers()[AUTHORIZATION].to_str().unwrap();
    assert!(!header.contains("oauth_verifier"), "{header}");
    assert_eq!(
        request.body(),
        b"oauth_verifier=uw7NjWHT6OJ1MpJOXsHfNxoAhPKpgI8BlYDhxEjIBY"
    );
    // A provider reads it from the body and accepts the signature.
    let lookup = |_: &str, _: Option<&str>| {
        Ok(Secrets::new(
            "L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOg",
            Some("veNRnAWe6inFuo8o2u8SLLZLjolYDmDP7SzL0YfYI".into()),
        ))
    };
    let verified = Checker::new(ts)
        .verify(&request, lookup, &mut MemoryReplayStore::new(4))
        .unwrap();
    assert_eq!(
        verified.verifier(),
        Some("uw7NjWHT6OJ1MpJOXsHfNxoAhPKpgI8BlYDhxEjIBY")
    );
    // An unknown oauth_ parameter in the query is signed like any other.
    let with_extension = get("https://example.com/?oauth_extension=1&q=2");
    let base = Signer::new(&client)
        .base_string(&with_extension, &nonce, ts)
        .unwrap();
    assert!(base.contains("oauth_extension%3D1"), "{base}");
}

#[test]
fn bad_percent_encoding_is_a_typed_error_naming_the_field() {
    let client = client();
    let err = Signer::new(&client)
        .sign(&get("https://example.com/?q=100%"), &nonce(), TS)
        .unwrap_err();
    let oauth1_core::Error::Input(input) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(input.field(), "query");
    assert!(matches!(input.problem(), InputProblem::BadEncoding(_)));
    let err = Signer::new(&client)
        .sign(&post_form("https://example.com/", "q=%FF"), &nonce(), TS)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "form body is not valid form encoding: decoded bytes are not UTF-8"
    );
}

#[test]
fn a_bad_escape_is_placed_by_its_offset_in_the_whole_query_or_body() {
    // The offset counts from the start of the field the error names, not of the parameter that
    // holds the `%`: a name, a value, a later pair, a value that is also an escape of the tolerant
    // spelling (lowercase hex), and a `+` form.
    let client = client();
    let offset = |err: oauth1_core::Error| match err {
        oauth1_core::Error::Input(input) => match input.problem() {
            InputProblem::BadEncoding(DecodeError::BadEscape { at }) => (input.field().to_owned(), *at),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    for (query, at) in [
        ("x=%zz", 2),
        ("%zz=1", 0),
        ("a=1&b=2&c=%4", 10),
        ("a=%2b&b=%2x", 8),
        ("a=b+c&d=%g0", 8),
        ("a=%C3%A9&b%G=1", 10),
    ] {
        let uri = format!("https://example.com/?{query}");
        let err = Signer::new(&client).sign(&get(&uri), &nonce(), TS).unwrap_err();
        assert_eq!(offset(err), ("query".to_owned(), at), "{query}");
        let err = Signer::new(&client)
            .sign(&post_form("https://example.com/", query), &nonce(), TS)
            .unwrap_err();
        assert_eq!(offset(err), ("form body".to_owned(), at), "{query}");
    }
    let err = Signer::new(&client)
        .sign(&get("https://example.com/?x=1&y=%zz"), &nonce(), TS)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "query is not valid form encoding: '%' at byte 6 is not followed by two hexadecimal digits"
    );
}

#[test]
fn relative_uris_and_bad_realms_are_typed_errors() {
    let client = client();
    let err = Signer::new(&client)
        .sign(&get("/relative"), &nonce(), TS)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "request URI must be absolute, with a scheme and a host"
    );
    let err = Signer::new(&client)
        .realm("a\"b")
        .sign(&get("https://example.com/"), &nonce(), TS)
        .unwrap_err();
    assert!(err.to_string().starts_with("realm is invalid"), "{err}");
}

#[test]
fn lowercase_and_custom_methods_are_uppercased_and_encoded() {
    let request = Request::builder()
        .method("get")
        .uri("https://example.com/")
        .body(Vec::new())
        .unwrap();
    assert!(base_string(&request).starts_with("GET&"));
}
