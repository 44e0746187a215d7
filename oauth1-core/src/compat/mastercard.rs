//! Mastercard's base string. Its signers (`Mastercard/oauth1-signer-java` and the others ported from it)
//! read the query from the URI as Java's `URI` gives it, join the parameters *before* encoding them,
//! and encode the joined string once. Those are the signatures its gateway checks, so this module
//! reproduces them rather than RFC 5849's; `tests/vectors/providers.json` holds their published cases.

use alloc::vec::Vec;

use crate::encode::{Sink, encode_to, percent_decode_bytes};
use crate::protocol::Protocol;

/// Feeds the rest of Mastercard's base string to `sink`, after `METHOD&encoded-base-URI&` (written as
/// RFC 5849 writes them): the parameter string of the `query` and the `protocol` parameters, encoded
/// once.
pub(crate) fn write_mastercard_parameters(
    query: Option<&str>,
    protocol: &Protocol<'_, '_>,
    sink: &mut impl Sink,
) {
    let mut pairs = query.map_or_else(Vec::new, query_pairs);
    protocol.for_each_plain(None, |name, value| {
        pairs.push((name.into(), value.as_bytes().to_vec()));
    });
    encode_to(&parameter_string(pairs), sink);
}

/// Mastercard's `toOauthParamString`: the pairs sorted by name, then value (a `TreeMap` of sorted value
/// lists), joined as `name=value&…` without encoding anything.
fn parameter_string(mut pairs: Vec<(Vec<u8>, Vec<u8>)>) -> Vec<u8> {
    pairs.sort_unstable();
    let mut joined = Vec::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            joined.push(b'&');
        }
        joined.extend_from_slice(name);
        joined.push(b'=');
        joined.extend_from_slice(value);
    }
    joined
}

/// The query's parameters as Mastercard's `extractQueryParams` reads them: Java's `URI.getQuery()`
/// decodes the whole query (so an escaped `&` splits too); where that changed it, each name and value
/// is percent-encoded again, else used as written.
fn query_pairs(raw: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    // The signer checked every component's escapes and UTF-8 when it read the query.
    #[allow(clippy::expect_used)]
    let decoded = percent_decode_bytes(raw.as_bytes()).expect("the signer validated the query's escapes");
    let must_encode = decoded.as_ref() != raw.as_bytes();
    let mut components: Vec<&[u8]> = decoded.split(|&b| b == b'&').collect();
    // `String.split` drops trailing empty strings (and an empty query has no parameter).
    while components.last().is_some_and(|c| c.is_empty()) {
        components.pop();
    }
    let component = |text: &[u8]| {
        let mut out = Vec::with_capacity(text.len());
        if must_encode {
            encode_to(text, &mut out);
        } else {
            out.extend_from_slice(text);
        }
        out
    };
    components
        .into_iter()
        .map(|pair| {
            // A `=` at the start does not split (Java's `indexOf('=') > 0`).
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) if at > 0 => (&pair[..at], &pair[at + 1..]),
                _ => (pair, &pair[..0]),
            };
            (component(name), component(value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    fn pairs(query: &str) -> Vec<(String, String)> {
        query_pairs(query)
            .into_iter()
            .map(|(n, v)| (String::from_utf8(n).unwrap(), String::from_utf8(v).unwrap()))
            .collect()
    }

    fn owned(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, v)| ((*n).into(), (*v).into())).collect()
    }

    // Mastercard/oauth1-signer-java, OAuthTest.testExtractQueryParams_*: the query as their signer reads it.
    #[test]
    fn the_query_reads_as_mastercards_signer_reads_it() {
        assert_eq!(
            pairs("offset=0&offset=1&length=10&empty&odd="),
            owned(&[
                ("offset", "0"),
                ("offset", "1"),
                ("length", "10"),
                ("empty", ""),
                ("odd", "")
            ])
        );
        // The RFC 5849 §3.4.1.3.1 query: it holds escapes, so every part is encoded again.
        assert_eq!(
            pairs("b5=%3D%253D&a3=a&c%40=&a2=r%20b"),
            owned(&[("b5", "%3D%253D"), ("a3", "a"), ("c%40", ""), ("a2", "r%20b")])
        );
        // No escape anywhere: used as written, reserved characters and all.
        assert_eq!(
            pairs("colon=:&plus=+&comma=,"),
            owned(&[("colon", ":"), ("plus", "+"), ("comma", ",")])
        );
        assert_eq!(
            pairs("colon=%3A&plus=%2B&comma=%2C"),
            owned(&[("colon", "%3A"), ("plus", "%2B"), ("comma", "%2C")])
        );
        assert!(pairs("").is_empty());
        // A `=` at the start of a pair is part of its name (`indexOf('=') > 0`).
        assert_eq!(pairs("=x&a=1"), owned(&[("=x", ""), ("a", "1")]));
    }

    fn param_string(list: &[(&str, &str)]) -> String {
        let list = list
            .iter()
            .map(|(n, v)| (n.as_bytes().to_vec(), v.as_bytes().to_vec()))
            .collect();
        String::from_utf8(parameter_string(list)).unwrap()
    }

    // OAuthTest.testGetOAuthParamString_ShouldSupportRfcExample and _ShouldUseAscendingByteValueOrdering.
    #[test]
    fn the_parameter_string_is_sorted_and_joined_unencoded() {
        assert_eq!(
            param_string(&[
                ("b5", "%3D%253D"),
                ("a3", "a"),
                ("a3", "2%20q"),
                ("c%40", ""),
                ("a2", "r%20b"),
                ("c2", ""),
                ("oauth_consumer_key", "9djdj82h48djs9d2"),
                ("oauth_token", "kkk9d7dh3k39sjv7"),
                ("oauth_signature_method", "HMAC-SHA1"),
                ("oauth_timestamp", "137131201"),
                ("oauth_nonce", "7d8f3e4a"),
            ]),
            "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2\
             &oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201\
             &oauth_token=kkk9d7dh3k39sjv7"
        );
        assert_eq!(
            param_string(&[
                ("b", "b"),
                ("A", "a"),
                ("A", "A"),
                ("B", "B"),
                ("a", "A"),
                ("a", "a"),
                ("0", "0")
            ]),
            "0=0&A=A&A=a&B=B&a=A&a=a&b=b"
        );
    }

    // OAuthTest.testGetSignatureBaseString_Nominal: the body hash's `/` is encoded once, not twice.
    #[test]
    fn the_parameter_string_is_encoded_once() {
        let joined = param_string(&[
            ("param2", "hello"),
            ("first_param", "value"),
            ("first_param", "othervalue"),
            ("oauth_nonce", "randomnonce"),
            ("oauth_body_hash", "body/hash"),
        ]);
        let mut encoded = Vec::new();
        encode_to(joined.as_bytes(), &mut encoded);
        assert_eq!(
            String::from_utf8(encoded).unwrap(),
            "first_param%3Dothervalue%26first_param%3Dvalue%26oauth_body_hash%3Dbody%2Fhash\
             %26oauth_nonce%3Drandomnonce%26param2%3Dhello"
        );
    }
}
