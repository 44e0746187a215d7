//! The one-pass signer against a reference written for this test: plain, slow and obviously right.
//!
//! The signer takes query and body components that are already in OAuth encoding where they lie,
//! re-encodes the others, checks UTF-8 without decoding, merges its protocol parameters into the sorted
//! request parameters as one block, and writes pre-rendered runs of text. The reference decodes every
//! component into a `String`, encodes it with a one-line rule, sorts `(name, value)` pairs of `String`s
//! and joins them, exactly as RFC 5849 §3.4.1 reads. On random requests — components written every way a
//! client writes them (`+` or `%20`, lowercase hex, escaped unreserved characters, bare reserved ones,
//! broken escapes, bytes that are not UTF-8) — both must give the same base string, the same signature
//! and the same header parameters, or both refuse the request.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use http::Request;
use http::header::CONTENT_TYPE;
use oauth1_core::verify::AuthorizationHeader;
use oauth1_core::{BuiltinMethod, ClientCredentials, Nonce, Signer, Timestamp, TokenCredentials};
use proptest::prelude::*;
use support::{hmac_base64, text};

mod support;

// ---- The reference -------------------------------------------------------------------------------

/// RFC 5849 §3.6, one octet at a time.
fn reference_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `application/x-www-form-urlencoded` decoding of one component, strictly: `None` for a broken escape
/// or octets that are not UTF-8.
fn reference_decode(raw: &str) -> Option<String> {
    let raw = raw.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let hex = std::str::from_utf8(raw.get(i + 1..i + 3)?).ok()?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A form's `(name, value)` pairs, decoded; `None` when one does not decode.
fn reference_pairs(form: &str) -> Option<Vec<(String, String)>> {
    form.split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            let (name, value) = segment.split_once('=').unwrap_or((segment, ""));
            Some((reference_decode(name)?, reference_decode(value)?))
        })
        .collect()
}

/// The base string of §3.4.1: every parameter decoded, encoded, sorted by name then value, joined.
fn reference_base_string(input: &Input) -> Option<String> {
    let mut params = reference_pairs(&input.query)?;
    params.extend(reference_pairs(&input.body)?);
    params.extend(input.protocol());
    let mut encoded: Vec<(String, String)> = params
        .iter()
        .map(|(name, value)| (reference_encode(name), reference_encode(value)))
        .collect();
    encoded.sort();
    let normalized: Vec<String> = encoded.iter().map(|(n, v)| format!("{n}={v}")).collect();
    // https drops its default port; an empty path is `/`.
    let port = input
        .port
        .filter(|&p| p != 443)
        .map(|p| format!(":{p}"))
        .unwrap_or_default();
    let path = if input.path.is_empty() { "/" } else { &input.path };
    let host = input.host.rsplit('@').next().unwrap_or_default();
    let uri = format!("https://{}{port}{path}", host.to_ascii_lowercase());
    Some(format!(
        "{}&{}&{}",
        reference_encode(input.method),
        reference_encode(&uri),
        reference_encode(&normalized.join("&"))
    ))
}

/// HMAC-SHA1 over the reference base string with the reference key (§3.4.2).
fn reference_signature(input: &Input, base_string: &str) -> String {
    let key = format!(
        "{}&{}",
        reference_encode(&input.consumer_secret),
        reference_encode(&input.token_secret)
    );
    hmac_base64(BuiltinMethod::HmacSha1, &key, base_string)
}

// ---- Random requests -----------------------------------------------------------------------------

/// One request to sign: raw query and body as a client might write them, and the protocol values.
#[derive(Debug, Clone)]
struct Input {
    method: &'static str,
    host: &'static str,
    port: Option<u16>,
    path: String,
    query: String,
    body: String,
    consumer_key: String,
    consumer_secret: String,
    token: String,
    token_secret: String,
    nonce: String,
    timestamp: u64,
    callback: Option<String>,
    verifier: Option<String>,
    realm: Option<String>,
    version: bool,
}

impl Input {
    /// The protocol parameters the signer adds, decoded.
    fn protocol(&self) -> Vec<(String, String)> {
        let mut out = vec![
            ("oauth_consumer_key".to_owned(), self.consumer_key.clone()),
            ("oauth_nonce".to_owned(), self.nonce.clone()),
            ("oauth_signature_method".to_owned(), "HMAC-SHA1".to_owned()),
            ("oauth_timestamp".to_owned(), self.timestamp.to_string()),
        ];
        if !self.token.is_empty() {
            out.push(("oauth_token".to_owned(), self.token.clone()));
        }
        if self.version {
            out.push(("oauth_version".to_owned(), "1.0".to_owned()));
        }
        if let Some(callback) = &self.callback {
            out.push(("oauth_callback".to_owned(), callback.clone()));
        }
        if let Some(verifier) = &self.verifier {
            out.push(("oauth_verifier".to_owned(), verifier.clone()));
        }
        out
    }

    fn request(&self) -> Request<Vec<u8>> {
        let port = self.port.map(|p| format!(":{p}")).unwrap_or_default();
        let query = if self.query.is_empty() {
            String::new()
        } else {
            format!("?{}", self.query)
        };
        Request::builder()
            .method(self.method)
            .uri(format!("https://{}{port}{}{query}", self.host, self.path))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(self.body.clone().into_bytes())
            .unwrap()
    }
}

/// One character of a raw query or body component, written one of the ways clients write it, or a
/// broken escape.
fn raw_char() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => well_formed_char(),
        // Broken escapes and octets that are not UTF-8: the request must be refused.
        1 => prop_oneof![Just("%".to_owned()), Just("%4".to_owned()), Just("%zz".to_owned()), Just("%FF".to_owned()), Just("%C3".to_owned())],
    ]
}

/// One character of a raw component, written one of the ways clients write it.
fn well_formed_char() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9._~-]",
        1 => Just("+".to_owned()),
        // Bare characters a query may carry that OAuth encoding escapes.
        1 => "[!$'()*,/:;@?]",
        // An escape of any character, in either case of hex.
        2 => (any::<char>(), any::<bool>()).prop_map(|(c, lower)| {
            let mut buf = [0; 4];
            c.encode_utf8(&mut buf)
                .bytes()
                .map(|b| if lower { format!("%{b:02x}") } else { format!("%{b:02X}") })
                .collect()
        }),
    ]
}

fn raw_component() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just(String::new()),
        1 => prop::sample::select(vec!["oauth_extra", "oauth_", "oauthx", "oa", "p", "zz"]).prop_map(str::to_owned),
        6 => prop::collection::vec(raw_char(), 1..10).prop_map(|chars| chars.concat()),
        // Long enough that the base string crosses the signer's 512-octet chunk, or that one pair
        // does not fit a chunk at all.
        1 => prop::collection::vec(well_formed_char(), 40..200).prop_map(|chars| chars.concat()),
    ]
}

/// A raw form: pairs, some without `=`, some empty segments, names repeated.
fn raw_form() -> impl Strategy<Value = String> {
    prop::collection::vec((raw_component(), raw_component(), 0u8..8), 0..7).prop_map(|pairs| {
        let segments: Vec<String> = pairs
            .into_iter()
            .map(|(name, value, shape)| match shape {
                0 => String::new(),
                1 => name,
                2 => format!("{name}={value}={value}"),
                _ => format!("{name}={value}"),
            })
            .collect();
        segments.join("&")
    })
}

fn input() -> impl Strategy<Value = Input> {
    (
        (
            prop::sample::select(vec!["GET", "POST", "PUT"]),
            // Lowercased, all capitals (no `.` to make it need encoding), and user information,
            // which the base string URI leaves out (§3.4.1.2).
            prop::sample::select(vec![
                "api.example.com",
                "API.Example.COM",
                "EXAMPLE",
                "user:pw@api.example.com",
            ]),
            prop::option::of(prop::sample::select(vec![443u16, 8443])),
            "(/[a-zA-Z0-9._~-]{0,6}){0,3}",
            raw_form(),
            raw_form(),
        ),
        (text(), text(), text(), text()),
        (
            "[ -~]{1,20}",
            0u64..=4_000_000_000,
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of("[a-zA-Z ]{0,8}"),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (method, host, port, path, query, body),
                (consumer_key, consumer_secret, token, token_secret),
                (nonce, timestamp, callback, verifier, realm, version),
            )| Input {
                method,
                host,
                port,
                path,
                query,
                body,
                consumer_key,
                consumer_secret,
                token,
                token_secret,
                nonce,
                timestamp,
                callback,
                verifier,
                realm,
                version,
            },
        )
}

// ---- The property --------------------------------------------------------------------------------

/// A request parameter whose name the signer adds as well: the signer refuses it (a collision), which
/// the reference, knowing nothing of collisions, does not model.
fn collides(input: &Input) -> bool {
    let names: Vec<String> = input.protocol().into_iter().map(|(n, _)| n).collect();
    let pairs = |form: &str| reference_pairs(form).unwrap_or_default();
    pairs(&input.query)
        .into_iter()
        .chain(pairs(&input.body))
        .any(|(name, _)| name == "oauth_signature" || names.contains(&name))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn the_one_pass_signer_agrees_with_the_reference(input in input()) {
        prop_assume!(!collides(&input));
        let client = ClientCredentials::new(input.consumer_key.as_str(), input.consumer_secret.as_str());
        let token = TokenCredentials::new(input.token.as_str(), input.token_secret.as_str());
        let mut signer = Signer::new(&client).token(&token).version(input.version);
        if let Some(callback) = &input.callback {
            signer = signer.callback(callback);
        }
        if let Some(verifier) = &input.verifier {
            signer = signer.verifier(verifier);
        }
        if let Some(realm) = &input.realm {
            signer = signer.realm(realm);
        }
        let nonce = Nonce::new(&input.nonce).unwrap();
        let timestamp = Timestamp::from_secs(input.timestamp);
        let request = input.request();

        let ours = signer.base_string(&request, &nonce, timestamp);
        if input.consumer_key.is_empty() || (input.token.is_empty() && !input.token_secret.is_empty()) {
            // RFC 5849 §3.1 requires the key, and a token secret needs its token; the reference does
            // not model these refusals.
            prop_assert!(ours.is_err(), "signed with an empty consumer key or token: {ours:?}");
            return Ok(());
        }
        let Some(reference) = reference_base_string(&input) else {
            // The reference cannot decode a component: the signer must refuse the request too.
            prop_assert!(ours.is_err(), "signed what the reference refuses: {ours:?}");
            return Ok(());
        };
        prop_assert_eq!(ours.unwrap(), reference.clone());

        // The signature, over the reference base string with the reference key.
        let auth = signer.sign(&request, &nonce, timestamp).unwrap();
        let expected = reference_signature(&input, &reference);
        prop_assert_eq!(auth.signature().as_str(), expected.as_str());
        let keyed_auth = signer.clone().keyed().sign(&request, &nonce, timestamp).unwrap();
        prop_assert_eq!(keyed_auth.signature().as_str(), expected.as_str());

        // The header carries exactly the reference's protocol parameters and that signature, with the
        // plain and the keyed signer alike.
        let mut signed = input.request();
        signer.authorize(&mut signed, &nonce, timestamp).unwrap();
        let mut keyed = input.request();
        signer.clone().keyed().authorize(&mut keyed, &nonce, timestamp).unwrap();
        let header = signed.headers()["authorization"].clone();
        prop_assert_eq!(&header, &keyed.headers()["authorization"]);
        let parsed = AuthorizationHeader::parse(header.as_bytes()).unwrap().unwrap();
        let mut expected_params = input.protocol();
        expected_params.push(("oauth_signature".to_owned(), expected));
        expected_params.sort();
        let mut params: Vec<(String, String)> =
            parsed.parameters().map(|(n, v)| (n.to_owned(), v.to_owned())).collect();
        let sorted_as_sent = params.windows(2).all(|w| w[0].0 < w[1].0);
        params.sort();
        prop_assert!(sorted_as_sent, "header parameters out of order: {params:?}");
        prop_assert_eq!(params, expected_params);
        prop_assert_eq!(parsed.realm(), input.realm.as_deref());
    }
}

/// The generator reaches what it is for: components the signer must re-encode, escapes it must check
/// for UTF-8, request names that sort among the protocol parameters, and refusals.
#[test]
fn the_generator_covers_every_path() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut recoded, mut non_ascii, mut interleaved, mut refused) = (0, 0, 0, 0);
    let (mut long, mut longest_pair) = (0, 0);
    for _ in 0..2000 {
        let input = input().new_tree(&mut runner).unwrap().current();
        let raw = format!("{}&{}", input.query, input.body);
        recoded += usize::from(raw.contains('+') || raw.contains("%4") && raw.contains("%4a"));
        non_ascii += usize::from(raw.contains("%E") || raw.contains("%e"));
        interleaved += usize::from(raw.contains("oauth_extra"));
        let reference = reference_base_string(&input);
        refused += usize::from(reference.is_none());
        if let Some(base_string) = reference {
            long += usize::from(base_string.len() > 640);
            let params = base_string.rsplit('&').next().unwrap_or_default();
            let pairs = params.split("%26").map(str::len);
            longest_pair = longest_pair.max(pairs.max().unwrap_or_default());
        }
    }
    assert!(
        recoded > 100 && non_ascii > 100 && interleaved > 100 && refused > 100,
        "recoded {recoded}, non-ASCII {non_ascii}, interleaved {interleaved}, refused {refused}"
    );
    // A base string longer than the signer's chunk, and a pair longer than a chunk on its own.
    assert!(
        long > 50 && longest_pair > 512,
        "long {long}, longest pair {longest_pair}"
    );
}
