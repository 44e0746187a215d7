//! Encoding round trips over structured inputs: `arbitrary` turns the fuzzer's bytes into Unicode
//! strings and lists of pairs, which random bytes would rarely be.

use arbitrary::{Arbitrary, Unstructured};
use oauth1_core::encode::{form_decode, form_pairs, percent_encode};
use oauth1_core::verify::AuthorizationHeader;

#[derive(Arbitrary, Debug)]
struct Pairs {
    realm: Option<String>,
    pairs: Vec<(String, String)>,
}

/// Percent-encoding is undone by form decoding, pair by pair; the same pairs written as an
/// `Authorization` header parse back unchanged.
pub fn encoding_roundtrip(data: &[u8]) {
    let Ok(input) = Pairs::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };

    let form: Vec<String> = input
        .pairs
        .iter()
        .map(|(n, v)| format!("{}={}", percent_encode(n), percent_encode(v)))
        .collect();
    let form = form.join("&");
    assert!(
        form.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%&=".contains(&b))
    );
    let decoded: Vec<(String, String)> = form_pairs(&form)
        .map(|(n, v)| match (form_decode(n), form_decode(v)) {
            (Ok(n), Ok(v)) => (n.into_owned(), v.into_owned()),
            other => panic!("{form:?} does not decode: {other:?}"),
        })
        .collect();
    assert_eq!(decoded, input.pairs, "{form:?}");

    // A realm is sent as written, so only one a quoted-string can hold without escapes.
    let realm = input.realm.filter(|r| {
        r.bytes()
            .all(|b| (b == b' ' || b.is_ascii_graphic()) && b != b'"' && b != b'\\')
    });
    // Names must be non-empty and written literally (a header name is never percent-encoded: only
    // unreserved characters), and a parameter named `realm` would be read as the realm.
    let literal = |n: &str| {
        n.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
    };
    let params: Vec<&(String, String)> = input
        .pairs
        .iter()
        .filter(|(n, _)| !n.is_empty() && literal(n) && n != "realm")
        .collect();
    let mut header = String::from("OAuth ");
    let mut parts: Vec<String> = realm.iter().map(|r| format!("realm=\"{r}\"")).collect();
    parts.extend(
        params
            .iter()
            .map(|(n, v)| format!("{}=\"{}\"", percent_encode(n), percent_encode(v))),
    );
    header.push_str(&parts.join(","));
    let parsed = AuthorizationHeader::parse(header.as_bytes());
    let Ok(Some(parsed)) = parsed else {
        panic!("{header:?} does not parse: {parsed:?}");
    };
    assert_eq!(parsed.realm(), realm.as_deref());
    let expected = params.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    assert!(parsed.parameters().eq(expected), "{header:?}");
}
