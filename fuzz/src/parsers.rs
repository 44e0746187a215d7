//! Targets for what crosses the boundary as text: token responses, callbacks, `Authorization` headers,
//! form-encoded queries and bodies, and RSA key files.

use std::borrow::Cow;

use oauth1_core::encode::{form_decode, form_pairs, percent_encode};
use oauth1_core::flow::validate_callback;
use oauth1_core::response::{FormFields, check_status, clock_skew};
use oauth1_core::rsa::{RsaPrivateKey, RsaPublicKey};
use oauth1_core::verify::AuthorizationHeader;
use oauth1_core::{
    AccessTokenRequest, AuthorizeOptions, ClientCredentials, Error, Nonce, PendingAuthorization, Provider,
    Signer, Step, TemporaryCredentialsRequest, Timestamp, TokenCredentials,
};

use crate::input::Lines;
use crate::{assert_no_secret, assert_printable};

/// A provider's answer to the request-token or access-token step: two bytes of status code, a `Date`
/// line, then the body. Parsing never panics; success needs a 2xx status and the required fields; no
/// error shows `oauth_token_secret`.
pub fn token_response(data: &[u8]) {
    let Some((status, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let Ok(status) = http::StatusCode::from_u16(u16::from_be_bytes(*status) % 1000) else {
        return;
    };
    let mut lines = Lines::new(rest);
    let date = lines.bytes();
    let body = lines.rest();
    let mut response = http::Response::new(body.to_vec());
    *response.status_mut() = status;
    if let Ok(date) = http::HeaderValue::from_bytes(date) {
        response.headers_mut().insert(http::header::DATE, date);
    }

    let fields = FormFields::parse(body);
    // The JSON reading of the same body (profiles whose token responses are JSON) must not panic either.
    let _ = FormFields::parse_json(body);
    // Only a 2xx body carries credentials. An error status's body is the provider's message, which
    // errors quote on purpose, whatever it looks like.
    let secret = Some(&fields)
        .filter(|_| status.is_success())
        .and_then(|f| f.as_ref().ok())
        .and_then(|f| f.get("oauth_token_secret"))
        .unwrap_or_default()
        .to_owned();
    // Every other field is public: names, and values such as the token itself.
    let field_names: Vec<String> = fields
        .as_ref()
        .map(|f| f.clone().into_vec())
        .unwrap_or_default()
        .into_iter()
        .flat_map(|(name, value)| {
            let value = if name == "oauth_token_secret" {
                String::new()
            } else {
                value
            };
            // `Debug` output shows them escaped.
            [format!("{name:?}"), format!("{value:?}"), name, value]
        })
        .collect();
    // The messages the same response gets with the secret replaced by a stand-in: text the secret shares
    // with them is the messages' wording, not the secret.
    let stand_in_body: Vec<String> = fields
        .as_ref()
        .map(|f| f.clone().into_vec())
        .unwrap_or_default()
        .into_iter()
        .map(|(name, value)| {
            let value = if name == "oauth_token_secret" {
                "\u{1}".to_owned()
            } else {
                value
            };
            format!("{}={}", percent_encode(&name), percent_encode(&value))
        })
        .collect();
    let mut stand_in = http::Response::new(stand_in_body.join("&").into_bytes());
    *stand_in.status_mut() = status;
    let wording = stand_in_messages(&stand_in);
    let mut public: Vec<&str> = field_names.iter().map(String::as_str).collect();
    public.push(&wording);

    let provider = Provider::twitter();
    let client = ClientCredentials::new("key", "secret");
    let _ = clock_skew(&response, Timestamp::from_secs(1_700_000_000));
    let status_ok = check_status(&response).is_ok();
    assert_eq!(status_ok, status.is_success());

    let Ok(step) = TemporaryCredentialsRequest::new(&provider, &client, "oob") else {
        return;
    };
    match step.parse(response.clone()) {
        Ok(pending) => {
            assert!(status_ok && fields.is_ok());
            let fields = fields.as_ref().ok();
            assert_eq!(
                fields.and_then(|f| f.get("oauth_callback_confirmed")),
                Some("true")
            );
            let token = pending.temporary_credentials();
            assert!(!token.token().is_empty());
            assert_eq!(fields.and_then(|f| f.get("oauth_token")), Some(token.token()));
            // The authorization URL carries the token, encoded.
            let url = pending.authorize_url(&AuthorizeOptions::default());
            assert!(url.contains(&percent_encode(token.token()).to_string()), "{url}");
            let (shown, debug) = (format!("{pending:?}"), format!("{token:?}"));
            assert_no_secret(&shown, &secret, &public);
            assert_no_secret(&debug, &secret, &public);
        }
        Err(error) => {
            assert_no_secret(&error.to_string(), &secret, &public);
            assert_no_secret(&format!("{error:?}"), &secret, &public);
            assert_printable(&error.to_string());
        }
    }

    let pending = PendingAuthorization::new(provider, "key", TokenCredentials::new("t", "s"), "oob")
        .unwrap_or_else(|_| unreachable!("Twitter has a 3-legged flow"));
    let Ok(authorized) = pending.complete_with_pin("1234") else {
        return;
    };
    match AccessTokenRequest::new(&client, &authorized).parse(response) {
        Ok(access) => {
            assert!(status_ok && fields.is_ok());
            assert!(!access.credentials().token().is_empty());
            assert!(!access.credentials().secret().expose().is_empty());
            assert_no_secret(&format!("{access:?}"), &secret, &public);
        }
        Err(Error::Provider(mut error)) => {
            assert_printable(&error.to_string());
            // Compared with the base string we signed (a long verifier in it), the provider's echo
            // names where they part without showing our verifier; the provider's own text may.
            error.compare_base_string(OUR_ACCESS_TOKEN_BASE_STRING);
            let shown = format!("{error} {error:?}");
            assert_no_secret(&shown, OUR_VERIFIER, &[&String::from_utf8_lossy(body)]);
            assert_printable(&error.to_string());
        }
        Err(error) => {
            assert_no_secret(&error.to_string(), &secret, &public);
            assert_printable(&error.to_string());
        }
    }
}

/// A verifier, and a base string of an access-token request that carries it, for the comparison
/// with a provider's echoed base string.
const OUR_VERIFIER: &str = "our-verifier-4711";
const OUR_ACCESS_TOKEN_BASE_STRING: &str = "POST&https%3A%2F%2Fapi.twitter.com%2Foauth%2Faccess_token&\
    oauth_consumer_key%3Dkey%26oauth_nonce%3Dn%26oauth_signature_method%3DHMAC-SHA1%26\
    oauth_timestamp%3D1%26oauth_token%3Dt%26oauth_verifier%3Dour-verifier-4711%26oauth_version%3D1.0";

/// What both token steps show for `response`: an error's `Display` and `Debug`, or a result's `Debug`.
/// Run on the stand-in response, this is the wording and structure (field names such as `screen_name`)
/// that a secret may share without leaking.
fn stand_in_messages(response: &http::Response<Vec<u8>>) -> String {
    let provider = Provider::twitter();
    let client = ClientCredentials::new("key", "secret");
    let mut out = String::new();
    if let Ok(step) = TemporaryCredentialsRequest::new(&provider, &client, "oob") {
        match step.parse(response.clone()) {
            Ok(pending) => out.push_str(&format!("{pending:?} {:?} ", pending.temporary_credentials())),
            Err(e) => out.push_str(&format!("{e} {e:?} ")),
        }
    }
    let pending = PendingAuthorization::new(provider, "key", TokenCredentials::new("t", "s"), "oob")
        .unwrap_or_else(|_| unreachable!("Twitter has a 3-legged flow"));
    if let Ok(authorized) = pending.complete_with_pin("1234") {
        match AccessTokenRequest::new(&client, &authorized).parse(response.clone()) {
            Ok(access) => out.push_str(&format!("{access:?} ")),
            Err(e) => out.push_str(&format!("{e} {e:?} ")),
        }
    }
    out
}

/// What comes back from the authorization page: the first line is the temporary token, the rest what
/// the user (or the redirect) hands over. A callback that completes must carry exactly that token, and
/// the token request it yields must sign.
pub fn callback(data: &[u8]) {
    let mut lines = Lines::new(data);
    let temporary = lines.text();
    let Ok(input) = core::str::from_utf8(lines.rest()) else {
        return;
    };
    let _ = validate_callback(input);
    if temporary.is_empty() {
        return;
    }
    let pending = PendingAuthorization::new(
        Provider::twitter(),
        "key",
        TokenCredentials::new(temporary.as_str(), "temporary secret"),
        "https://client.example/cb",
    )
    .unwrap_or_else(|_| unreachable!("Twitter has a 3-legged flow"));
    // An independent reading of the query: its first value of `name`, decoded.
    let query = input.trim();
    let query = query.split_once('?').map_or(query, |(_, q)| q);
    let query = query.split('#').next().unwrap_or_default();
    let first = |wanted: &str| {
        form_pairs(query)
            .filter(|(name, _)| form_decode(name).is_ok_and(|n| n == wanted))
            .find_map(|(_, value)| form_decode(value).ok())
    };
    // The verifier is a secret: the PIN is the whole answer, a callback carries it in its query.
    let verifier = if input.contains('=') {
        first("oauth_verifier").map(Cow::into_owned)
    } else {
        Some(input.trim().to_owned())
    };
    let authorized = match pending.complete(input) {
        Ok(authorized) => authorized,
        Err(error) => {
            // Its errors are fixed wording (a bad escape gives an offset): nothing of the input.
            assert_printable(&error.to_string());
            return;
        }
    };
    // Shown, it is the same as one completed with a stand-in PIN: the verifier is not in it.
    if let (Some(verifier), Ok(stand_in)) = (&verifier, pending.complete_with_pin("\u{1}")) {
        let baseline = format!("{stand_in:?}");
        assert_no_secret(&format!("{authorized:?}"), verifier, &[&temporary, &baseline]);
    }
    if input.contains('=') {
        // The first `oauth_token` must decode to our token.
        assert_eq!(first("oauth_token").as_deref(), Some(temporary.as_str()));
    }
    let client = ClientCredentials::new("key", "secret");
    let nonce = Nonce::new("nonce").unwrap_or_else(|_| unreachable!());
    let signed = AccessTokenRequest::new(&client, &authorized).prepare(&nonce, Timestamp::from_secs(1));
    assert!(signed.is_ok(), "{signed:?}");
}

/// Any bytes as an `Authorization` header value. A header that parses, written back in canonical form
/// (every value percent-encoded, the realm quoted), must parse to the same realm and parameters.
pub fn authorization_header(data: &[u8]) {
    header_neighbours(data);
    let Ok(Some(header)) = AuthorizationHeader::parse(data) else {
        return;
    };
    let mut canonical = String::from("OAuth ");
    let mut parts = Vec::new();
    if let Some(realm) = header.realm() {
        let mut quoted = String::from("realm=\"");
        for c in realm.chars() {
            if matches!(c, '"' | '\\' | '\t') {
                quoted.push('\\');
            }
            quoted.push(c);
        }
        quoted.push('"');
        parts.push(quoted);
    }
    for (name, value) in header.parameters() {
        // Names are taken as written (never percent-encoded), so they go back as they came.
        assert!(!name.contains('%'), "a parsed name holds '%': {name:?}");
        parts.push(format!("{name}=\"{}\"", percent_encode(value)));
    }
    canonical.push_str(&parts.join(", "));
    let again = AuthorizationHeader::parse(canonical.as_bytes());
    let Ok(Some(again)) = again else {
        panic!("the canonical form {canonical:?} does not parse: {again:?}");
    };
    assert_eq!(again.realm(), header.realm(), "{canonical:?}");
    assert!(again.parameters().eq(header.parameters()), "{canonical:?}");
}

/// Parameter collection: the first line is a query, the rest a form body. The signer accepts the request
/// exactly when every name and value decodes strictly to UTF-8 and no name is one the signer adds itself
/// (other `oauth_*` names are signed as they stand), and its base string's parameter part equals a
/// naive recomputation (decode, encode, sort, join).
pub fn form(data: &[u8]) {
    let mut lines = Lines::new(data);
    let query = lines.bytes();
    let body = lines.rest();
    let Ok(query) = core::str::from_utf8(query) else {
        return;
    };
    let uri = format!("https://example.com/p?{query}");
    let Ok(request) = http::Request::post(uri.as_str())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_vec())
    else {
        return;
    };
    // `http::Uri` may normalize what it stores; the signer reads the query it kept.
    let query = request.uri().query().unwrap_or_default().to_owned();

    let model = naive_parameters(&query, body);
    let client = ClientCredentials::new("key", "secret");
    let nonce = Nonce::new("nonce").unwrap_or_else(|_| unreachable!());
    let signed = Signer::new(&client).base_string(&request, &nonce, Timestamp::from_secs(1));
    match (signed, model) {
        (Ok(base), Some(mut pairs)) => {
            let mut parts = base.splitn(3, '&');
            assert_eq!(parts.next(), Some("POST"));
            assert_eq!(parts.next(), Some("https%3A%2F%2Fexample.com%2Fp"));
            assert!(
                base.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~%&".contains(&b)),
                "{base}"
            );
            for (name, value) in [
                ("oauth_consumer_key", "key"),
                ("oauth_nonce", "nonce"),
                ("oauth_signature_method", "HMAC-SHA1"),
                ("oauth_timestamp", "1"),
                ("oauth_version", "1.0"),
            ] {
                pairs.push((name.to_owned(), value.to_owned()));
            }
            pairs.sort();
            let joined: Vec<String> = pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
            let expected = percent_encode(&joined.join("&")).to_string();
            assert_eq!(parts.next(), Some(expected.as_str()));
        }
        (Err(_), None) => {}
        (signed, model) => panic!("signer {signed:?}, model {model:?}"),
    }
}

/// The normalized parameters of a query and a form body, each name and value OAuth-encoded; `None` when
/// the signer must refuse them. Written without oauth1-core's parameter code: components are split on
/// `&` and `=`, decoded to octets with the `percent-encoding` crate (after checking every `%` has two hex
/// digits, which that lenient decoder does not), and the decoded octets must be UTF-8.
fn naive_parameters(query: &str, body: &[u8]) -> Option<Vec<(String, String)>> {
    let decode = |raw: &[u8]| -> Option<String> {
        let bad_escape = raw.iter().enumerate().any(|(i, &b)| {
            b == b'%'
                && !raw
                    .get(i + 1..i + 3)
                    .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
        });
        if bad_escape {
            return None;
        }
        let spaced: Vec<u8> = raw.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
        let octets: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
        String::from_utf8(octets).ok()
    };
    let mut out = Vec::new();
    let segments = query
        .as_bytes()
        .split(|&b| b == b'&')
        .chain(body.split(|&b| b == b'&'));
    for segment in segments.filter(|s| !s.is_empty()) {
        let (name, value) = match segment.iter().position(|&b| b == b'=') {
            Some(eq) => (&segment[..eq], &segment[eq + 1..]),
            None => (segment, &[][..]),
        };
        let (name, value) = (decode(name)?, decode(value)?);
        // What the plain signer of `form` adds itself, and `oauth_signature`.
        let added = [
            "oauth_consumer_key",
            "oauth_nonce",
            "oauth_signature",
            "oauth_signature_method",
            "oauth_timestamp",
            "oauth_version",
        ];
        if added.contains(&name.as_str()) {
            return None;
        }
        out.push((
            percent_encode(&name).to_string(),
            percent_encode(&value).to_string(),
        ));
    }
    Some(out)
}

/// The same bytes as the other headers a provider reads, and as an echoed base string: rebuilding the
/// signed URI from `Host` or a trusted proxy's headers, and comparing base strings, must not panic, and
/// a rebuilt URI keeps the path it was given.
fn header_neighbours(data: &[u8]) {
    use oauth1_core::verify::{UriSource, request_uri};
    if let Ok(value) = http::HeaderValue::from_bytes(data) {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::HOST, value.clone());
        headers.insert("x-forwarded-host", value.clone());
        headers.insert("x-forwarded-proto", value);
        for source in [
            UriSource::Host { scheme: "https" },
            UriSource::TrustedProxy { scheme: "http" },
        ] {
            if let Ok(uri) = request_uri(source, &headers, "/p?q=1") {
                assert_eq!(uri.path_and_query().map(|pq| pq.as_str()), Some("/p?q=1"));
            }
        }
    }
    if let Ok(text) = core::str::from_utf8(data) {
        let mut middle = text.len() / 2;
        while !text.is_char_boundary(middle) {
            middle -= 1;
        }
        let (ours, theirs) = text.split_at(middle);
        if let Some(mismatch) = oauth1_core::diagnose::compare(ours, theirs) {
            assert!(mismatch.at <= ours.len().min(theirs.len()));
            // Our base strings are ASCII; whatever the provider's holds, its excerpt shows the
            // difference.
            if ours.is_ascii() && mismatch.at < theirs.len() {
                assert!(!mismatch.theirs.is_empty(), "{mismatch:?}");
            }
        } else {
            assert_eq!(ours, theirs);
        }
    }
}

/// Any text as a key file. Reading it as a private or a public key never panics, and a private key
/// read is one the signer accepts (1024 to 8192 bits). Text that holds no PEM boundary of its own,
/// split in two around the committed test key, must give that key back: whatever a tool or an editor
/// leaves around the key is passed over.
pub fn key_file(data: &[u8]) {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    if let Ok(key) = RsaPrivateKey::from_pem(text) {
        assert!((1024..=8192).contains(&key.bits()), "{key:?}");
    }
    let _ = RsaPublicKey::from_pem(text);
    if text.contains("-----") {
        return;
    }
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle -= 1;
    }
    let (before, after) = text.split_at(middle);
    let file = format!("{before}{}{after}", crate::RSA_KEY_PEM);
    match RsaPrivateKey::from_pem(&file) {
        Ok(key) => assert_eq!(key.public_key(), crate::rsa_key().public_key()),
        Err(error) => panic!("the key between {before:?} and {after:?}: {error}"),
    }
}
