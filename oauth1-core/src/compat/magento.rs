//! Magento 2's (Adobe Commerce's) base string. Its server (`Magento\Framework\Oauth\Helper\Request`
//! collecting the parameters, `Helper\Signature\Hmac256` or Laminas OAuth signing them) departs from
//! RFC 5849 in three ways that change a signature:
//! - the query is split at `&`, each pair at `=`, and only a pair with exactly one `=` is kept, each
//!   side decoded by `rawurldecode` (`+` stays `+`); a later pair of the same name replaces the earlier
//!   one (a PHP array), and a name containing `oauth_` and a lowercase letter, `_` or `-` is dropped;
//! - the encoded names are sorted by PHP's `strnatcmp`, which orders runs of digits by number
//!   (`keys%5B2%5D` before `keys%5B10%5D`; byte order puts it after);
//! - the protocol parameters are read from the `Authorization` header alone.
//!
//! What this module does not model is refused rather than signed differently: a pair or a name
//! Magento leaves out of the signature (the parameter would go unsigned), an integer name (a PHP
//! integer key, which its strictly typed signer fails on), a form body (the REST API reads JSON or
//! XML bodies), and a path its server rewrites before signing (a dot segment, an escape of an
//! unreserved character or in lowercase, a character it escapes).
//! `tests/vectors/magento.json` holds base strings PHP computed this way.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::cmp::Ordering;

use crate::encode::{Sink, encode_to, hex_value, is_unreserved, percent_decode_bytes};
use crate::error::{InputError, InputProblem};
use crate::protocol::Protocol;
use crate::signer::Placement;

use super::php_integer_key;

/// A parameter's name and value.
type Pair = (Vec<u8>, Vec<u8>);

/// The rest of Magento's base string, after `METHOD&encoded-base-URI&`: the parameters of `query` and
/// the `protocol` parameters, as its server collects and sorts them. (Returned, not written to a
/// generic sink: generic, this code was compiled in each caller's crate and changed how the signing
/// path's own code was inlined there, 1-3 % slower on every request, measured.)
///
/// # Errors
/// What Magento's server reads in a way this module does not model (see the module's docs). Nothing is
/// written then.
pub(crate) fn magento_parameters(
    path: &str,
    query: Option<&str>,
    form_body: Option<&[u8]>,
    placement: Placement,
    protocol: &Protocol<'_, '_>,
) -> Result<Vec<u8>, InputError> {
    if placement != Placement::Header {
        let why = "is not the Authorization header, the only place Magento reads OAuth parameters from";
        return Err(InputError::new("placement", InputProblem::Invalid(why)));
    }
    check_path(path)?;
    if form_body.is_some_and(|body| !body.is_empty()) {
        let why = "is a form, which Magento's REST API does not read (it takes JSON or XML bodies)";
        return Err(InputError::new("form body", InputProblem::Invalid(why)));
    }
    // Decoded names in PHP's array order, each with its latest value.
    let mut params: Vec<Pair> = Vec::new();
    let mut index: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
    protocol.for_each_plain(None, |name, value| {
        index.insert(name.as_bytes().to_vec(), params.len());
        params.push((name.as_bytes().to_vec(), value.as_bytes().to_vec()));
    });
    for (name, value) in query_pairs(query.unwrap_or_default())? {
        match index.get(&name) {
            // Query names never repeat a protocol one (those contain `oauth_`): this is a repeat.
            Some(&at) => params[at].1 = value,
            None => {
                index.insert(name.clone(), params.len());
                params.push((name, value));
            }
        }
    }
    let mut encoded: Vec<Pair> = params
        .iter()
        .map(|(name, value)| {
            let (mut n, mut v) = (Vec::new(), Vec::new());
            encode_to(name, &mut n);
            encode_to(value, &mut v);
            (n, v)
        })
        .collect();
    // Stable, as PHP 8's sort: names `strnatcmp` calls equal keep the array's order.
    encoded.sort_by(|a, b| natural_order(&a.0, &b.0));
    let mut sink = Vec::new();
    for (at, (name, value)) in encoded.iter().enumerate() {
        if at > 0 {
            sink.put(b"%26");
        }
        sink.put_encoded(name);
        sink.put(b"%3D");
        sink.put_encoded(value);
    }
    Ok(sink)
}

/// The query's pairs as Magento's server keeps them, decoded.
fn query_pairs(query: &str) -> Result<Vec<Pair>, InputError> {
    let invalid = |why| InputError::new("query", InputProblem::Invalid(why));
    let mut pairs = Vec::new();
    let mut start = 0;
    for piece in query.split('&') {
        let at = start;
        start += piece.len() + 1;
        if piece.is_empty() {
            continue;
        }
        let Some((name, value)) = piece.split_once('=') else {
            return Err(invalid(
                "holds a name without '=', which Magento leaves out of the signature (give it a value)",
            ));
        };
        if value.contains('=') {
            return Err(invalid(
                "holds a value with '=', which Magento leaves out of the signature (write it as %3D)",
            ));
        }
        let decode = |raw: &str, from: usize| {
            percent_decode_bytes(raw.as_bytes())
                .map(alloc::borrow::Cow::into_owned)
                .map_err(|e| InputError::new("query", InputProblem::BadEncoding(e.offset_by(from))))
        };
        let decoded = decode(name, at)?;
        if names_protocol(name.as_bytes()) || names_protocol(&decoded) {
            return Err(invalid(
                "holds a name containing 'oauth_', which Magento leaves out of the signature",
            ));
        }
        if php_integer_key(&decoded).is_some() {
            return Err(invalid(
                "holds an integer name, which PHP makes an integer key and Magento's typed signer fails on",
            ));
        }
        let value = decode(value, at + name.len() + 1)?;
        pairs.push((decoded, value));
    }
    Ok(pairs)
}

/// Whether Magento's `/oauth_[a-z_-]+/` matches somewhere in `name`.
fn names_protocol(name: &[u8]) -> bool {
    name.windows(7)
        .any(|w| w.starts_with(b"oauth_") && matches!(w[6], b'a'..=b'z' | b'_' | b'-'))
}

/// Refuses a path Magento's server rewrites before it signs (`Helper\Uri\Http::normalizePath`: dot
/// segments removed, escapes of unreserved characters decoded and others upper-cased, characters
/// outside unreserved and `:@&=+$,/;%` escaped), since the signer signs the path as sent.
fn check_path(path: &str) -> Result<(), InputError> {
    let invalid = |why| InputError::new("request URI", InputProblem::Invalid(why));
    if path.split('/').any(|segment| segment == "." || segment == "..") {
        return Err(invalid(
            "has a dot segment in its path, which Magento removes before it signs",
        ));
    }
    let bytes = path.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte == b'%' {
            let escape = match bytes.get(at + 1..at + 3) {
                Some(&[hi, lo]) => hex_value(hi)
                    .zip(hex_value(lo))
                    .map(|(h, l)| (h << 4 | l, [hi, lo])),
                _ => None,
            };
            match escape {
                Some((_, hex)) if hex.iter().any(u8::is_ascii_lowercase) => {
                    return Err(invalid(
                        "has a lowercase escape in its path, which Magento upper-cases before it signs",
                    ));
                }
                Some((octet, _)) if is_unreserved(octet) => {
                    return Err(invalid(
                        "escapes a letter, digit or '-._~' in its path, which Magento decodes before signing",
                    ));
                }
                Some(_) => at += 3,
                None => {
                    return Err(invalid(
                        "has a '%' in its path without two hex digits, which Magento escapes before it signs",
                    ));
                }
            }
            continue;
        }
        if !is_unreserved(byte) && !b":@&=+$,/;".contains(&byte) {
            return Err(invalid(
                "has a character in its path that Magento escapes before it signs (write it as %XX)",
            ));
        }
        at += 1;
    }
    Ok(())
}

/// PHP's `strnatcmp` on two encoded names (letters, digits and `%-._~`: no white space, which it would
/// skip). Leading zeros at the very start are skipped; then runs of digits compare as numbers (the
/// longer run is larger, equal lengths by their digits) unless one starts with `0`, when they compare
/// digit by digit from the left; anything else compares by byte. Over such names this is a total
/// preorder (a token-wise comparison in which every digit run sits between the bytes below `0` and
/// those above `9`), so sorting by it is well defined.
fn natural_order(a: &[u8], b: &[u8]) -> Ordering {
    // PHP returns early when either name is empty; the loop answers the same (skipping zeros never
    // empties a name), so there is no branch for it.
    let (mut a, mut b) = (skip_leading_zeros(a), skip_leading_zeros(b));
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (run_a, rest_a) = digit_run(a);
                let (run_b, rest_b) = digit_run(b);
                let order = if *x == b'0' || *y == b'0' {
                    run_a.cmp(run_b)
                } else {
                    run_a.len().cmp(&run_b.len()).then_with(|| run_a.cmp(run_b))
                };
                if order != Ordering::Equal {
                    return order;
                }
                (a, b) = (rest_a, rest_b);
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                (a, b) = (&a[1..], &b[1..]);
            }
        }
    }
}

/// `name` without the zeros PHP skips at its start: each `0` followed by a digit.
fn skip_leading_zeros(name: &[u8]) -> &[u8] {
    let zeros = name
        .windows(2)
        .take_while(|pair| pair[0] == b'0' && pair[1].is_ascii_digit())
        .count();
    &name[zeros..]
}

/// The run of digits `text` starts with, and the rest.
fn digit_run(text: &[u8]) -> (&[u8], &[u8]) {
    let end = text
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(text.len());
    text.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_sorts_digit_runs_by_number() {
        let mut names = [
            "keys%5B10%5D",
            "keys%5B2%5D",
            "keys%5B1%5D",
            "a01",
            "a1",
            "a001",
            "b",
            "a",
        ];
        names.sort_by(|a, b| natural_order(a.as_bytes(), b.as_bytes()));
        assert_eq!(
            names,
            [
                "a",
                "a001",
                "a01",
                "a1",
                "b",
                "keys%5B1%5D",
                "keys%5B2%5D",
                "keys%5B10%5D"
            ]
        );
        // Zeros at the start are skipped: `01x` and `1x` are equal to PHP.
        assert_eq!(natural_order(b"01x", b"1x"), Ordering::Equal);
        assert_eq!(natural_order(b"0", b"00"), Ordering::Equal);
        assert_eq!(natural_order(b"", b"0"), Ordering::Less);
        assert_eq!(natural_order(b"00", b""), Ordering::Greater);
        assert_eq!(natural_order(b"", b""), Ordering::Equal);
        // A digit run against a letter compares by the run's first byte.
        assert_eq!(natural_order(b"k10", b"k1A"), Ordering::Greater);
        assert_eq!(natural_order(b"k1%", b"k10"), Ordering::Less);
    }

    proptest::proptest! {
        /// Sorting needs a total preorder (Rust's sort may panic on a comparator that is not one):
        /// antisymmetric and transitive over names of digits, zeros and the other encoded octets.
        #[test]
        fn natural_order_is_a_total_preorder(
            names in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(b"00019a%B-.".to_vec()), 0..7),
                3,
            )
        ) {
            let (a, b, c) = (&names[0], &names[1], &names[2]);
            proptest::prop_assert_eq!(natural_order(a, b), natural_order(b, a).reverse());
            if natural_order(a, b).is_le() && natural_order(b, c).is_le() {
                proptest::prop_assert!(natural_order(a, c).is_le());
            }
            if natural_order(a, b).is_eq() {
                proptest::prop_assert_eq!(natural_order(a, c), natural_order(b, c));
            }
        }
    }

    #[test]
    fn the_query_is_read_as_magento_reads_it() {
        let pairs = query_pairs("a=1&&b=x+y&c=%7e&a=2").unwrap();
        let text: Vec<(&[u8], &[u8])> = pairs.iter().map(|(n, v)| (n.as_slice(), v.as_slice())).collect();
        assert_eq!(
            text,
            [(&b"a"[..], &b"1"[..]), (b"b", b"x+y"), (b"c", b"~"), (b"a", b"2")]
        );
        for (query, why) in [
            ("flag&a=1", "without '='"),
            ("a=b=c", "with '='"),
            ("my_oauth_thing=1", "oauth_"),
            ("oauth%5Fx=1", "oauth_"),
            ("12=x", "integer"),
            ("a=%zz", "'%' at byte 2"),
            // Offsets count from the start of the query, empty pieces included.
            ("a=1&&b=2&c%zz=3", "'%' at byte 10"),
            ("a=1&b=%zz", "'%' at byte 6"),
        ] {
            let error = query_pairs(query).unwrap_err().to_string();
            assert!(error.contains(why), "{query}: {error}");
        }
        assert!(query_pairs("012=x&-0=y&oauth=z&oauth_1=w").is_ok());
    }

    #[test]
    fn paths_magento_rewrites_are_refused() {
        for path in ["/rest/V1/products/ABC%2F10", "/", "/a:b@c&d=e+f$g,h;i/~x"] {
            assert!(check_path(path).is_ok(), "{path}");
        }
        for (path, why) in [
            ("/rest/./V1", "dot segment"),
            ("/rest/V1/..", "dot segment"),
            ("/a%2f", "lowercase"),
            ("/a%41", "decodes"),
            ("/a%", "hex digits"),
            ("/a%4", "hex digits"),
            ("/a%+5", "hex digits"),
            ("/a!b", "escapes"),
            ("/a(b)", "escapes"),
            // What follows an escape is checked too.
            ("/ABC%2F!", "escapes"),
        ] {
            let error = check_path(path).unwrap_err().to_string();
            assert!(error.contains(why), "{path}: {error}");
        }
    }
}
