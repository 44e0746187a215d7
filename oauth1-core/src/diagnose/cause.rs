//! What two base strings' difference is known to come from: the mistakes signers and providers make,
//! each recognised from the two strings alone.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::fmt;

use percent_encoding::{percent_decode, percent_decode_str};

use super::BaseStringPart;

/// A known cause of a [`Mismatch`](super::Mismatch): what the provider's base string ("theirs") does
/// differently from ours, and the rule of RFC 5849 it concerns. It describes the difference, not who
/// is wrong: a provider's own rule (a [`Compat`](crate::provider::Compat)) may be the reason.
///
/// [`compare`](super::compare) finds it for the part where the strings first differ. It holds no text
/// of either string, so it can be shown wherever the [`Mismatch`](super::Mismatch) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cause {
    /// The method in another case (§3.4.1.1 uppercases it).
    MethodCase,
    /// The scheme or host in another case (§3.4.1.2 lowercases both).
    UriCase,
    /// A default port (`:80` for http, `:443` for https) written on one side only (§3.4.1.2 leaves
    /// it out).
    DefaultPort,
    /// Another scheme, host or port: a proxy or gateway in between (the provider signs what it
    /// receives), or another base URL on one side.
    Authority,
    /// A path with a trailing `/` the other lacks (§3.4.1.2: an empty path is `/`, any other is the
    /// request's own).
    TrailingSlash,
    /// The same parameters, sorted by their decoded octets (§3.4.1.3.2 sorts the encoded names and
    /// values).
    DecodedOrder,
    /// The same parameters with the names in natural order, digit runs compared as numbers (`k[9]`
    /// before `k[10]`): PHP's `strnatcmp`, as a Magento server sorts
    /// ([`Compat::Magento`](crate::provider::Compat::Magento) signs so).
    NaturalOrder,
    /// The same parameters in another order (§3.4.1.3.2: by encoded name, then encoded value).
    Order,
    /// A repeated name kept with fewer of its values (§3.4.1.3.2 signs every pair).
    RepeatKeptOnce,
    /// Parameters of ours left out: a query or form body not read (§3.4.1.3.1 reads both, whatever
    /// the method), or a name without `=` dropped.
    Missing,
    /// Parameters ours does not sign: `realm` or `oauth_signature` signed, or a body that is not a
    /// form read as one (§3.4.1.3.1).
    Extra,
    /// Text encoded once more than ours: taken as sent where it should be decoded first (a query
    /// value, §3.4.1.3.1), or escaped before being encoded (a path).
    EncodedTwice,
    /// Text decoded once more than ours (§3.4.1.3.1 decodes a value once).
    DecodedTwice,
    /// Non-ASCII text encoded as UTF-8 twice: its octets read as Latin-1 characters (§3.6 encodes
    /// the UTF-8 octets once).
    Utf8Twice,
    /// A `;` in a value read as a separator (§3.4.1.3.1 reads the query and a form body as forms,
    /// split at `&` only).
    Semicolon,
    /// Escapes written with lowercase hexadecimal digits (§3.6: uppercase).
    LowercaseHex,
    /// The query kept in the base string URI (§3.4.1.2 leaves it out; its parameters are in the
    /// parameter part).
    QueryInUri,
    /// The values of a repeated name or of an `a[]` named `a[0]`, `a[1]`, …: a server that reads the
    /// request as PHP does (WooCommerce: [`Compat::WooCommerce`](crate::provider::Compat::WooCommerce)
    /// signs so).
    IndexedNames,
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::MethodCase => "theirs writes the method in another case (RFC 5849 §3.4.1.1 uppercases it)",
            Self::UriCase => {
                "theirs writes the scheme or host in another case (RFC 5849 §3.4.1.2 lowercases both)"
            }
            Self::DefaultPort => {
                "one side writes a default port (RFC 5849 §3.4.1.2 leaves out :80 for http and :443 \
                 for https)"
            }
            Self::Authority => {
                "theirs has another scheme, host or port: a proxy or gateway in between (the \
                 provider signs what it receives), or another base URL"
            }
            Self::TrailingSlash => {
                "one side ends the path with a '/' the other lacks (RFC 5849 §3.4.1.2: an empty \
                 path is '/', any other the request's own)"
            }
            Self::DecodedOrder => {
                "theirs has the same parameters sorted decoded (RFC 5849 §3.4.1.3.2 sorts encoded \
                 names and values)"
            }
            Self::NaturalOrder => {
                "theirs sorts the names in natural order, k[9] before k[10], as PHP's strnatcmp \
                 does (a Magento server: its rule signs so)"
            }
            Self::Order => {
                "theirs has the same parameters in another order (RFC 5849 §3.4.1.3.2 sorts by \
                 encoded name, then value)"
            }
            Self::RepeatKeptOnce => {
                "theirs keeps fewer values of a repeated name (RFC 5849 §3.4.1.3.2 signs every pair)"
            }
            Self::Missing => {
                "theirs leaves out parameters ours signs (RFC 5849 §3.4.1.3.1 signs the query's and a \
                 form body's, whatever the method)"
            }
            Self::Extra => {
                "theirs signs parameters ours does not (RFC 5849 §3.4.1.3.1: never realm or \
                 oauth_signature, and a body only when it is a form)"
            }
            Self::EncodedTwice => {
                "theirs encodes text once more than ours: taken as sent where it should be decoded \
                 first, or escaped before it was encoded"
            }
            Self::DecodedTwice => {
                "theirs decodes a value once more than ours (RFC 5849 §3.4.1.3.1 decodes it once)"
            }
            Self::Utf8Twice => {
                "theirs encodes non-ASCII text as UTF-8 twice, its octets read as Latin-1 (RFC 5849 \
                 §3.6 encodes the UTF-8 octets once)"
            }
            Self::Semicolon => {
                "theirs splits at a ';' ours keeps in a value (RFC 5849 §3.4.1.3.1 splits a query or \
                 form body at '&' only)"
            }
            Self::LowercaseHex => "theirs writes escapes in lowercase hex (RFC 5849 §3.6: uppercase)",
            Self::QueryInUri => {
                "theirs keeps the query in the base string URI (RFC 5849 §3.4.1.2 leaves it out)"
            }
            Self::IndexedNames => {
                "theirs names the values of a repeated name or an a[] a[0], a[1], ... as PHP reads \
                 them (a WooCommerce server: its rule signs so)"
            }
        })
    }
}

/// The three parts of a base string: method, URI, parameters (each as the string spells it).
pub(super) struct Parts<'s> {
    pub(super) method: &'s str,
    pub(super) uri: &'s str,
    pub(super) parameters: &'s str,
}

impl<'s> Parts<'s> {
    pub(super) fn of(text: &'s str) -> Self {
        let mut parts = text.splitn(3, '&');
        let mut next = || parts.next().unwrap_or_default();
        Self {
            method: next(),
            uri: next(),
            parameters: next(),
        }
    }
}

/// The known cause of the difference between `ours` and `theirs` in `part`, the part where they first
/// differ, if the two strings show one.
pub(super) fn cause(ours: &str, theirs: &str, part: &BaseStringPart) -> Option<Cause> {
    // Lowercase hex may reach every part (an encoder writes the URI's escapes too).
    if with_escapes_in(theirs, Escapes::All, <[u8]>::make_ascii_uppercase) == ours.as_bytes() {
        return Some(Cause::LowercaseHex);
    }
    let (ours, theirs) = (Parts::of(ours), Parts::of(theirs));
    match part {
        BaseStringPart::Method => ours
            .method
            .eq_ignore_ascii_case(theirs.method)
            .then_some(Cause::MethodCase),
        BaseStringPart::Uri => uri_cause(ours.uri, theirs.uri),
        BaseStringPart::Parameter(_) | BaseStringPart::End => {
            parameter_cause(ours.parameters, theirs.parameters)
        }
    }
}

/// A base string URI (in its encoded form) as scheme, host, port and path.
pub(super) struct BaseUri<'s> {
    pub(super) scheme: &'s str,
    pub(super) host: &'s str,
    pub(super) port: Option<&'s str>,
    pub(super) path: &'s str,
}

impl<'s> BaseUri<'s> {
    pub(super) fn of(uri: &'s str) -> Option<Self> {
        let (scheme, rest) = uri.split_once("%3A%2F%2F")?;
        let (authority, path) = rest.find("%2F").map_or((rest, ""), |at| rest.split_at(at));
        // A port follows the last `:`, unless that `:` is inside an IPv6 literal's brackets.
        let (host, port) = match authority.rsplit_once("%3A") {
            Some((host, port))
                if !port.is_empty()
                    && port.bytes().all(|b| b.is_ascii_digit())
                    && (!host.starts_with("%5B") || host.ends_with("%5D")) =>
            {
                (host, Some(port))
            }
            _ => (authority, None),
        };
        Some(Self {
            scheme,
            host,
            port,
            path,
        })
    }

    /// The port, unless it is the scheme's default.
    fn explicit_port(&self) -> Option<&'s str> {
        // Another scheme has no default here: any port it writes is its own.
        let default = if self.scheme.eq_ignore_ascii_case("https") {
            Some("443")
        } else if self.scheme.eq_ignore_ascii_case("http") {
            Some("80")
        } else {
            None
        };
        self.port.filter(|&port| Some(port) != default)
    }
}

fn uri_cause(ours: &str, theirs: &str) -> Option<Cause> {
    let (ours, theirs) = (BaseUri::of(ours)?, BaseUri::of(theirs)?);
    let same_names =
        ours.scheme.eq_ignore_ascii_case(theirs.scheme) && ours.host.eq_ignore_ascii_case(theirs.host);
    // The authority comes first: where it differs, the first difference is there.
    if (ours.scheme, ours.host, ours.port) != (theirs.scheme, theirs.host, theirs.port) {
        return Some(if same_names && ours.port == theirs.port {
            Cause::UriCase
        } else if same_names && ours.explicit_port() == theirs.explicit_port() {
            Cause::DefaultPort
        } else {
            Cause::Authority
        });
    }
    let (ours, theirs) = (ours.path, theirs.path);
    if ours.strip_suffix("%2F") == Some(theirs) || theirs.strip_suffix("%2F") == Some(ours) {
        return Some(Cause::TrailingSlash);
    }
    if theirs
        .strip_prefix(ours)
        .is_some_and(|rest| rest.starts_with("%3F"))
    {
        return Some(Cause::QueryInUri);
    }
    // A path is encoded once in a base string: decoded once, it is the path as each side took it.
    // Decoded once more, the two agree where one side escaped octets the other sent as they are.
    let (ours, theirs) = (decoded(ours), decoded(theirs));
    if decoded_bytes(&ours) != decoded_bytes(&theirs) {
        return None;
    }
    match theirs.len().cmp(&ours.len()) {
        Ordering::Greater => Some(Cause::EncodedTwice),
        Ordering::Less => Some(Cause::DecodedTwice),
        // As many escapes each side: the same ones in another case (the whole strings differing
        // elsewhere too, so not caught as a whole), or each side escaping octets the other did not.
        Ordering::Equal => ours.eq_ignore_ascii_case(&theirs).then_some(Cause::LowercaseHex),
    }
}

pub(super) fn decoded(text: &str) -> Cow<'_, [u8]> {
    percent_decode_str(text).into()
}

pub(super) fn decoded_bytes(octets: &[u8]) -> Cow<'_, [u8]> {
    percent_decode(octets).into()
}

/// One `name%3Dvalue` pair of a parameter part as its name and value (empty without `%3D`).
pub(super) fn halves(pair: &str) -> (&str, &str) {
    pair.split_once("%3D").unwrap_or((pair, ""))
}

/// One `name%3Dvalue` pair of a parameter part: its name.
pub(super) fn name(pair: &str) -> &str {
    halves(pair).0
}

/// Text in a base string's parameter part decoded twice: the octets the signer started from.
fn decoded_twice(text: &str) -> Vec<u8> {
    decoded_again(&decoded(text))
}

/// The octets a pair was made from: its name and value decoded twice (a base string escapes the
/// normalized pair, which escapes the octets).
pub(super) fn octets(pair: &str) -> (Vec<u8>, Vec<u8>) {
    let (name, value) = halves(pair);
    (decoded_twice(name), decoded_twice(value))
}

/// Whether some pair of `from`, read by `read` and then changed by `change` (into any of the pairs
/// it gives; none where it would not change the pair), reads as a pair of `into`.
fn changes_into<K: Ord, C: IntoIterator<Item = K>>(
    from: &[&str],
    into: &[&str],
    read: impl Fn(&str) -> K,
    change: impl Fn(&K) -> C,
) -> bool {
    let mut into: Vec<K> = into.iter().map(|pair| read(pair)).collect();
    into.sort_unstable();
    from.iter().any(|pair| {
        change(&read(pair))
            .into_iter()
            .any(|changed| into.binary_search(&changed).is_ok())
    })
}

/// A pair with its name, its value, or both put through `change` (a signer may mistreat only
/// one of them), each that differs from the pair.
fn each_changed(
    (name, value): &(Vec<u8>, Vec<u8>),
    change: impl Fn(&[u8]) -> Vec<u8>,
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let (new_name, new_value) = (change(name), change(value));
    let mut changed = Vec::new();
    if new_name != *name {
        changed.push((new_name.clone(), value.clone()));
    }
    if new_value != *value {
        changed.push((name.clone(), new_value.clone()));
        if new_name != *name {
            changed.push((new_name, new_value));
        }
    }
    changed
}

/// A pair whose name ends in an index (`a[0]`), with the name as it may have been sent: without
/// the index (`a`), or with an empty one (`a[]`).
fn without_index((name, value): &(Vec<u8>, Vec<u8>)) -> Vec<(Vec<u8>, Vec<u8>)> {
    let Some(open) = name.strip_suffix(b"]") else {
        return Vec::new();
    };
    let digits = open.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    match open.get(..open.len() - digits).and_then(|o| o.strip_suffix(b"[")) {
        Some(bare) if digits > 0 => {
            let mut empty_index = bare.to_vec();
            empty_index.extend_from_slice(b"[]");
            alloc::vec![(bare.to_vec(), value.clone()), (empty_index, value.clone())]
        }
        _ => Vec::new(),
    }
}

/// Octets decoded once more.
fn decoded_again(octets: &[u8]) -> Vec<u8> {
    decoded_bytes(octets).into_owned()
}

/// Octets read as Latin-1 characters and written as UTF-8.
pub(super) fn latin1_as_utf8(octets: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(octets.len() * 2);
    for &octet in octets {
        let mut buf = [0; 2];
        out.extend_from_slice(char::from(octet).encode_utf8(&mut buf).as_bytes());
    }
    out
}

/// A base string's pair decoded once: the normalized `name=value`, each escaped.
pub(super) fn normalized(pair: &str) -> String {
    String::from_utf8_lossy(&decoded(pair)).into_owned()
}

/// A normalized pair with its escapes' digits in uppercase, if any was not.
fn uppercase_escapes(pair: &str) -> Option<String> {
    let mut upper = String::with_capacity(pair.len());
    let mut digits = 0;
    for c in pair.chars() {
        // The two characters after each `%`.
        if digits > 0 {
            digits -= 1;
            upper.push(c.to_ascii_uppercase());
        } else {
            digits = if c == '%' { 2 } else { 0 };
            upper.push(c);
        }
    }
    (upper != pair).then_some(upper)
}

/// Which escapes of a base string [`with_escapes_in`] changes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Escapes {
    /// Those of the text the base string encodes (`%25` and two digits): the path's and the
    /// normalized parameters'.
    Inner,
    /// Every one.
    All,
}

/// A base string's octets with the hexadecimal digits of its `escapes` put in another case by
/// `case` (which changes ASCII letters alone, so that the octets stay the text's UTF-8).
pub(super) fn with_escapes_in(base_string: &str, escapes: Escapes, case: fn(&mut [u8])) -> Vec<u8> {
    let mut out = base_string.as_bytes().to_vec();
    let mut at = 0;
    while let Some(offset) = out
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'%'))
    {
        let start = at + offset;
        // `%25` and two more octets: an escape encoded; else `%` and two.
        let inner = out[start..].starts_with(b"%25") && out.len() >= start + 5;
        let end = if inner {
            start + 5
        } else {
            out.len().min(start + 3)
        };
        if inner || escapes == Escapes::All {
            case(&mut out[start..end]);
        }
        at = end;
    }
    out
}

/// The pairs a normalized pair splits into at its `;`s (`%3B`), a piece without `=` being a name
/// with an empty value; none if it holds no `;`.
fn split_at_semicolons(pair: &str) -> Vec<String> {
    if !pair.contains("%3B") {
        return Vec::new();
    }
    pair.split("%3B")
        .map(|piece| {
            if piece.contains('=') {
                String::from(piece)
            } else {
                alloc::format!("{piece}=")
            }
        })
        .collect()
}

/// `a` against `b` in natural order: runs of digits compared by their numbers, all else by octet.
pub(super) fn natural_order(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        let (Some(&x), Some(&y)) = (a.first(), b.first()) else {
            return a.len().cmp(&b.len());
        };
        if x.is_ascii_digit() && y.is_ascii_digit() {
            let run = |text: &[u8]| text.iter().take_while(|b| b.is_ascii_digit()).count();
            let (da, db) = (run(a), run(b));
            let (na, rest_a) = a.split_at(da);
            let (nb, rest_b) = b.split_at(db);
            // Numbers compare by their digits once leading zeros are gone: first by length.
            let trim = |n: &'_ [u8]| -> usize { n.iter().take_while(|&&d| d == b'0').count() };
            let (na, nb) = (
                na.get(trim(na)..).unwrap_or_default(),
                nb.get(trim(nb)..).unwrap_or_default(),
            );
            match na.len().cmp(&nb.len()).then_with(|| na.cmp(nb)) {
                Ordering::Equal => (a, b) = (rest_a, rest_b),
                other => return other,
            }
        } else if x != y {
            return x.cmp(&y);
        } else {
            (a, b) = (a.get(1..).unwrap_or_default(), b.get(1..).unwrap_or_default());
        }
    }
}

/// The `name%3Dvalue` pairs of a parameter part, in its order.
pub(super) fn pairs(part: &str) -> Vec<&str> {
    part.split("%26").filter(|pair| !pair.is_empty()).collect()
}

fn parameter_cause(ours: &str, theirs: &str) -> Option<Cause> {
    let (ours, theirs) = (pairs(ours), pairs(theirs));
    let (mut ours_sorted, mut theirs_sorted) = (ours.clone(), theirs.clone());
    ours_sorted.sort_unstable();
    theirs_sorted.sort_unstable();
    if ours_sorted == theirs_sorted {
        // In the order of the octets: by name then value, or by name alone where names moved (a
        // sort by name may keep values as they came).
        let names_moved = ours
            .iter()
            .map(|pair| name(pair))
            .ne(theirs.iter().map(|pair| name(pair)));
        let theirs_octets: Vec<(Vec<u8>, Vec<u8>)> = theirs.iter().map(|pair| octets(pair)).collect();
        let by_octets = theirs_octets.windows(2).all(|w| w[0] <= w[1]);
        let by_name = theirs_octets.windows(2).all(|w| w[0].0 <= w[1].0);
        // Looked at only where the decoded orders do not explain it.
        let natural = || {
            let names: Vec<String> = theirs.iter().map(|pair| normalized(name(pair))).collect();
            names
                .windows(2)
                .all(|w| natural_order(&w[0], &w[1]) != Ordering::Greater)
        };
        return Some(if by_octets || (names_moved && by_name) {
            Cause::DecodedOrder
        } else if names_moved && natural() {
            Cause::NaturalOrder
        } else {
            Cause::Order
        });
    }
    let (ours_only, theirs_only) = differences(&ours_sorted, &theirs_sorted);
    if theirs_only.is_empty() {
        let mut theirs_names: Vec<&str> = theirs.iter().map(|pair| name(pair)).collect();
        theirs_names.sort_unstable();
        let repeats = ours_only
            .iter()
            .all(|pair| theirs_names.binary_search(&name(pair)).is_ok());
        return Some(if repeats {
            Cause::RepeatKeptOnce
        } else {
            Cause::Missing
        });
    }
    if ours_only.is_empty() {
        return Some(Cause::Extra);
    }
    // Each side holds pairs the other lacks: the same pair written two ways?
    let changes = |from: &[&str], into: &[&str], change: fn(&[u8]) -> Vec<u8>| {
        changes_into(from, into, octets, |pair| each_changed(pair, change))
    };
    if changes(&theirs_only, &ours_only, decoded_again) {
        Some(Cause::EncodedTwice)
    } else if changes(&ours_only, &theirs_only, decoded_again) {
        Some(Cause::DecodedTwice)
    } else if changes(&ours_only, &theirs_only, latin1_as_utf8) {
        Some(Cause::Utf8Twice)
    } else if changes_into(&ours_only, &theirs_only, normalized, |p| split_at_semicolons(p)) {
        Some(Cause::Semicolon)
    } else if changes_into(&theirs_only, &ours_only, normalized, |p| uppercase_escapes(p)) {
        Some(Cause::LowercaseHex)
    } else if changes_into(&theirs_only, &ours_only, octets, without_index) {
        Some(Cause::IndexedNames)
    } else {
        None
    }
}

/// The pairs only `ours` has and those only `theirs` has, each sorted, counting repeats (a merge of
/// the two sorted lists).
fn differences<'s>(ours: &[&'s str], theirs: &[&'s str]) -> (Vec<&'s str>, Vec<&'s str>) {
    let (mut ours_only, mut theirs_only) = (Vec::new(), Vec::new());
    let (mut o, mut t) = (ours.iter().peekable(), theirs.iter().peekable());
    loop {
        match (o.peek(), t.peek()) {
            (Some(a), Some(b)) if a == b => {
                o.next();
                t.next();
            }
            (Some(a), Some(b)) if a < b => ours_only.extend(o.next()),
            (Some(_), Some(_)) => theirs_only.extend(t.next()),
            (Some(_), None) => ours_only.extend(o.next()),
            (None, Some(_)) => theirs_only.extend(t.next()),
            (None, None) => return (ours_only, theirs_only),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::compare;
    use super::*;
    use crate::provider::Compat;

    const URI: &str = "https%3A%2F%2Fapi.example.com%2F1%2Fp";

    /// The cause `compare` finds for our base string `method&URI&parameters` against theirs.
    fn cause_of(ours: [&str; 3], theirs: [&str; 3]) -> Option<Cause> {
        compare(&ours.join("&"), &theirs.join("&")).and_then(|m| m.cause)
    }

    fn uri_cause_of(ours: &str, theirs: &str) -> Option<Cause> {
        cause_of(["GET", ours, "a%3D1"], ["GET", theirs, "a%3D1"])
    }

    fn parameter_cause_of(ours: &str, theirs: &str) -> Option<Cause> {
        cause_of(["GET", URI, ours], ["GET", URI, theirs])
    }

    #[test]
    fn escapes_are_recased_without_splitting_the_text_around_them() {
        let upper = with_escapes_in("%25a\u{e9}%2f%", Escapes::All, <[u8]>::make_ascii_uppercase);
        assert_eq!(upper, "%25A\u{e9}%2F%".as_bytes());
        let inner = with_escapes_in("%3a%25c3%25a9", Escapes::Inner, <[u8]>::make_ascii_uppercase);
        assert_eq!(inner, b"%3a%25C3%25A9");
        // A provider's text, not ours: a cause is looked for without a panic.
        let cause = cause_of(["GET", URI, "a%3D%25a\u{e9}"], ["GET", URI, "a%3D%25A\u{e9}"]);
        assert_eq!(cause, None);
        let cause = cause_of(
            ["GET", URI, "a%3D%25C3%25A9"],
            ["GET", "https%3a%2f%2fapi.example.com%2f1%2fp", "a%3d%25c3%25a9"],
        );
        assert_eq!(cause, Some(Cause::LowercaseHex));
    }

    #[test]
    fn a_method_in_another_case() {
        let cause = cause_of(["POST", URI, "a%3D1"], ["post", URI, "a%3D1"]);
        assert_eq!(cause, Some(Cause::MethodCase));
        assert_eq!(cause_of(["POST", URI, ""], ["PUT", URI, ""]), None);
    }

    #[test]
    fn scheme_host_and_port() {
        let theirs = "HTTPS%3A%2F%2FApi.Example.COM%2F1%2Fp";
        assert_eq!(uri_cause_of(URI, theirs), Some(Cause::UriCase));
        let theirs = "https%3A%2F%2Fapi.example.com%3A443%2F1%2Fp";
        assert_eq!(uri_cause_of(URI, theirs), Some(Cause::DefaultPort));
        let ipv6 = "http%3A%2F%2F%5B%3A%3A1%5D%2Fp";
        let with_port = "http%3A%2F%2F%5B%3A%3A1%5D%3A80%2Fp";
        assert_eq!(uri_cause_of(ipv6, with_port), Some(Cause::DefaultPort));
        // A port that is not the scheme's default, or an address's last group, is another authority.
        let theirs = "https%3A%2F%2Fapi.example.com%3A8443%2F1%2Fp";
        assert_eq!(uri_cause_of(URI, theirs), Some(Cause::Authority));
        let unbracketed = "http%3A%2F%2F%3A%3A1%2Fp";
        assert_eq!(uri_cause_of(ipv6, unbracketed), Some(Cause::Authority));
        // Behind a proxy the provider may see its own scheme, host and port.
        let behind = "http%3A%2F%2F10.0.0.7%3A8080%2F1%2Fp";
        assert_eq!(uri_cause_of(URI, behind), Some(Cause::Authority));
        // The first difference is the host's case, though the path differs too.
        let theirs = "https%3A%2F%2FAPI.example.com";
        assert_eq!(uri_cause_of(URI, theirs), Some(Cause::UriCase));
        // An empty path signed as such, or a slash added to a base URL.
        let (root, empty) = ("https%3A%2F%2Fa.example%2F", "https%3A%2F%2Fa.example");
        assert_eq!(uri_cause_of(root, empty), Some(Cause::TrailingSlash));
        assert_eq!(
            uri_cause_of(URI, &alloc::format!("{URI}%2F")),
            Some(Cause::TrailingSlash)
        );
        // `/it's` escaped before it is encoded (node-oauth's `url.parse`).
        let (ours, theirs) = (
            "https%3A%2F%2Fa.example%2Fit%27s",
            "https%3A%2F%2Fa.example%2Fit%2527s",
        );
        assert_eq!(uri_cause_of(ours, theirs), Some(Cause::EncodedTwice));
        assert_eq!(uri_cause_of(theirs, ours), Some(Cause::DecodedTwice));
        // An escape in the path in lowercase (with another difference after it, so that the
        // strings are not the same but for case), or one octet escaped on each side, another each.
        let (ours, theirs) = (
            "https%3A%2F%2Fa.example%2Fa%252Fb",
            "https%3A%2F%2Fa.example%2Fa%252fb",
        );
        let cause = cause_of(["GET", ours, "a%3D1"], ["GET", theirs, "a%3D2"]);
        assert_eq!(cause, Some(Cause::LowercaseHex));
        let (ours, theirs) = (
            "https%3A%2F%2Fa.example%2F%2541b",
            "https%3A%2F%2Fa.example%2FA%2562",
        );
        assert_eq!(uri_cause_of(ours, theirs), None);
        // The query left in the URI.
        let theirs = alloc::format!("{URI}%3Fq%3D1");
        assert_eq!(uri_cause_of(URI, &theirs), Some(Cause::QueryInUri));
        // Another path (or no URI to read) has no known cause.
        assert_eq!(uri_cause_of(URI, "https%3A%2F%2Fapi.example.com%2F1%2Fq"), None);
        assert_eq!(uri_cause_of(URI, "api.example.com%2F1%2Fp"), None);
    }

    #[test]
    fn the_same_parameters_in_another_order() {
        // `?a=2&ä=1`: encoded, `%C3%A4` sorts before `a`; decoded, `a` before `ä` (PECL oauth, the
        // oauth gem).
        let ours = "%25C3%25A4%3D1%26a%3D2";
        let theirs = "a%3D2%26%25C3%25A4%3D1";
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::DecodedOrder));
        // Sorted by decoded name alone, a repeated name's values kept as sent (`?ä=1&a=2&a=1`).
        let ours = "%25C3%25A4%3D1%26a%3D1%26a%3D2";
        let theirs = "a%3D2%26a%3D1%26%25C3%25A4%3D1";
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::DecodedOrder));
        let (ours, theirs) = ("a%3D1%26b%3D2%26c%3D3", "c%3D3%26a%3D1%26b%3D2");
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::Order));
        // Values of one name in another order: by their octets, or not.
        let (ours, theirs) = ("a%3D%25E2%2582%25AC%26a%3D-", "a%3D-%26a%3D%25E2%2582%25AC");
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::DecodedOrder));
        let (ours, theirs) = ("a%3D1%26a%3D2", "a%3D2%26a%3D1");
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::Order));
    }

    #[test]
    fn parameters_left_out_or_added() {
        // A repeated name kept once (a PHP array, PECL oauth).
        let ours = "a%3D1%26a%3D2%26b%3D3";
        assert_eq!(
            parameter_cause_of(ours, "a%3D2%26b%3D3"),
            Some(Cause::RepeatKeptOnce)
        );
        // Whatever the names' order as whole pairs (`a%2525x%3D…` sorts before `a%3D…`).
        let ours = "a%3D1%26a%3D2%26a%2525x%3D3";
        let theirs = "a%3D1%26a%2525x%3D3";
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::RepeatKeptOnce));
        // A form body not read (the oauth gem's PATCH).
        let ours = "b%3D2%26oauth_nonce%3Dn%26q%3D1";
        assert_eq!(
            parameter_cause_of(ours, "oauth_nonce%3Dn%26q%3D1"),
            Some(Cause::Missing)
        );
        let theirs = "b%3D2%26oauth_nonce%3Dn%26q%3D1%26realm%3DPhotos";
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::Extra));
    }

    #[test]
    fn a_value_spelled_two_ways() {
        // A value escaped once more, its name (`%0a` as text) not.
        let ours = "%25250a%3D%252F%26b%3D1";
        let theirs = "%25250a%3D%25252F%26b%3D1";
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::EncodedTwice));
        // A name escaped once more, its value not; both escaped once more.
        let (ours, theirs) = ("a%2520b%3D1%26c%3D3", "a%252520b%3D1%26c%3D3");
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::EncodedTwice));
        let (ours, theirs) = ("a%2520b%3Dc%2520d", "a%252520b%3Dc%252520d");
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::EncodedTwice));
        // `?q=a%20b` taken as sent and encoded again (oauth-1.0a), or decoded twice (Authlib).
        let ours = "oauth_nonce%3Dn%26q%3Da%2520b";
        let twice = "oauth_nonce%3Dn%26q%3Da%252520b";
        assert_eq!(parameter_cause_of(ours, twice), Some(Cause::EncodedTwice));
        let ours = "oauth_callback%3Dhttps%253A%252F%252Fc.example%252Fcb%253Fnext%253D%25252Fhome";
        let theirs = "oauth_callback%3Dhttps%253A%252F%252Fc.example%252Fcb%253Fnext%253D%252Fhome";
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::DecodedTwice));
        // `?a=1;b=2` split at its `;` (Ruby's `CGI.parse`).
        let ours = "a%3D1%253Bb%253D2%26c%3D3";
        let theirs = "a%3D1%26b%3D2%26c%3D3";
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::Semicolon));
        // A name and a value with no `=` between them, split at the `;` (`?x;=-`).
        let ours = "x%253B%3D-%26c%3D3";
        assert_eq!(parameter_cause_of(ours, "%3D-%26c%3D3"), Some(Cause::Semicolon));
        // `é` (C3 A9) read as two Latin-1 characters and encoded as UTF-8 again (Net::OAuth 0.28).
        let ours = "q%3Dcaf%25C3%25A9";
        let theirs = "q%3Dcaf%25C3%2583%25C2%25A9";
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::Utf8Twice));
        // `?q=a/b` escaped as `a%2fb`.
        let ours = "q%3Da%252Fb";
        assert_eq!(parameter_cause_of(ours, "q%3Da%252fb"), Some(Cause::LowercaseHex));
        // The same with another value besides, which no recasing of the whole string explains: the
        // pair is recased alone.
        let (ours, theirs) = ("q%3Da%252Fb%26r%3D1", "q%3Da%252fb%26r%3D2");
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::LowercaseHex));
        assert_eq!(
            uppercase_escapes("a=%2fb%c3%a9c"),
            Some(String::from("a=%2Fb%C3%A9c"))
        );
        assert_eq!(uppercase_escapes("a=%2Fb"), None);
        // Repeated values named as PHP reads them (`?a=1&a=2` against a WooCommerce server).
        let ours = "a%3D1%26a%3D2%26b%3D3";
        let theirs = "a%255B0%255D%3D1%26a%255B1%255D%3D2%26b%3D3";
        assert_eq!(parameter_cause_of(ours, theirs), Some(Cause::IndexedNames));
        // An `a[]` is no index: `a[]` against `a` is another name.
        let theirs = "a%255B%255D%3D1%26b%3D3";
        assert_eq!(parameter_cause_of("a%3D1%26b%3D3", theirs), None);
        // Another value altogether has no known cause.
        assert_eq!(parameter_cause_of("a%3D1%26c%3D3", "a%3D2%26c%3D3"), None);
    }

    /// Ours signed by RFC 5849 against a server's own rule: the cause says what that rule does.
    #[test]
    fn a_providers_rule_is_told_apart() {
        let client = crate::ClientCredentials::new("key", "secret");
        let nonce = crate::Nonce::new("n").unwrap();
        let cause = |query: &str, compat| {
            let uri = alloc::format!("https://shop.example/wp-json/wc/v3/orders?{query}");
            let request = http::Request::get(uri).body(()).unwrap();
            let base = |compat| {
                crate::Signer::new(&client)
                    .compat(compat)
                    .base_string(&request, &nonce, crate::Timestamp::from_secs(1))
                    .unwrap()
            };
            compare(&base(Compat::Rfc5849), &base(compat)).and_then(|m| m.cause)
        };
        // PHP keeps a repeated name's last value, and names an `a[]`'s values by index.
        let woocommerce = Compat::WooCommerce;
        assert_eq!(cause("s=a&s=b", woocommerce), Some(Cause::RepeatKeptOnce));
        assert_eq!(
            cause("s%5B%5D=a&s%5B%5D=b", woocommerce),
            Some(Cause::IndexedNames)
        );
        // Magento's natural order puts `k[10]` after `k[9]`.
        let magento = Compat::Magento;
        assert_eq!(
            cause("k%5B10%5D=x&k%5B9%5D=y", magento),
            Some(Cause::NaturalOrder)
        );
        assert_eq!(natural_order("k%5B9%5D", "k%5B010%5D"), Ordering::Less);
        assert_eq!(natural_order("a2", "a10b"), Ordering::Less);
        assert_eq!(natural_order("a", "a0"), Ordering::Less);
        // A digit against another character compares as octets; `9` is after `08` (PHP agrees).
        assert_eq!(natural_order("a1", "ab"), Ordering::Less);
        assert_eq!(natural_order("a9", "a08"), Ordering::Greater);
    }

    /// The cause is named after the excerpts; it holds no text of either string, so a verifier
    /// cannot show through it.
    #[test]
    fn the_cause_is_shown_after_the_difference() {
        let ours = ["GET", URI, "oauth_verifier%3Dsecret-pin%26q%3Da%2520b"].join("&");
        let theirs = ["GET", URI, "oauth_verifier%3Dsecret-pin%26q%3Da%252520b"].join("&");
        let shown = compare(&ours, &theirs).unwrap().to_string();
        assert!(
            shown.ends_with(
                "; theirs encodes text once more than ours: taken as sent where it should be \
                 decoded first, or escaped before it was encoded"
            ),
            "{shown}"
        );
        assert!(!shown.contains("secret"), "{shown}");
    }
}
