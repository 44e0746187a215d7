//! The base strings a client signs when it makes a known mistake, written from the correct one: a
//! refused signature that matches one of them says which mistake the client made (see
//! [`Checker::find_mistake`](crate::verify::Checker::find_mistake)). Each is a difference
//! [`compare`](super::compare) recognises, written the other way round.

use alloc::borrow::ToOwned;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::Cause;
use super::cause::{
    BaseUri, Escapes, Parts, decoded, decoded_bytes, halves, latin1_as_utf8, name, natural_order, normalized,
    octets, pairs, with_escapes_in,
};
use crate::encode::{encode_to, form_decode_bytes};

/// What the mistakes are written from: a request as the provider received it.
pub(crate) struct Received<'r> {
    /// The base string the provider computes for the request.
    pub(crate) base_string: &'r str,
    /// The query as sent.
    pub(crate) query: Option<&'r str>,
    /// The body as sent.
    pub(crate) body: &'r [u8],
    /// Whether the body is a form, its parameters signed.
    pub(crate) form_body: bool,
    /// The host as the request names it, in its own case.
    pub(crate) host: Option<&'r str>,
    /// The `Authorization` header's realm, decoded.
    pub(crate) realm: Option<&'r str>,
}

/// The causes re-enacted, in the order they are tried: the mistakes of the URI first (a proxy
/// between client and provider is the most common), then of the parameters.
pub(crate) const REENACTED: &[Cause] = &[
    Cause::Authority,
    Cause::DefaultPort,
    Cause::TrailingSlash,
    Cause::QueryInUri,
    Cause::UriCase,
    Cause::MethodCase,
    Cause::Missing,
    Cause::Extra,
    Cause::EncodedTwice,
    Cause::DecodedTwice,
    Cause::DecodedOrder,
    Cause::NaturalOrder,
    Cause::Order,
    Cause::RepeatKeptOnce,
    Cause::Utf8Twice,
    Cause::LowercaseHex,
    Cause::Semicolon,
    Cause::IndexedNames,
];

/// The base strings a client that makes the mistake `cause` names signs for `received`: none where
/// the mistake would change nothing in this request.
pub(crate) fn base_strings(received: &Received<'_>, cause: Cause) -> Vec<String> {
    let parts = Parts::of(received.base_string);
    let ours = pairs(parts.parameters);
    let with_uri = |uri: &str| join(parts.method, uri, &ours);
    let query = received.query.map(str::as_bytes);
    let form_body = received.form_body.then_some(received.body);
    let forms = || query.into_iter().chain(form_body);
    // The query's and a form body's pairs read another way.
    let reread_forms =
        |read: fn(&[u8]) -> Read| reread(&ours, forms(), read).map(|pairs| with_pairs(&parts, &pairs));
    let mut written: Vec<String> = match cause {
        Cause::MethodCase => vec![join(&parts.method.to_ascii_lowercase(), parts.uri, &ours)],
        Cause::UriCase | Cause::DefaultPort | Cause::Authority | Cause::TrailingSlash => {
            #[allow(clippy::expect_used)] // Ours: written from an absolute http(s) URI.
            let uri = BaseUri::of(parts.uri).expect("our base string URI has a scheme and `://`");
            uri_mistakes(&uri, received.host, cause)
                .iter()
                .map(|uri| with_uri(uri))
                .collect()
        }
        Cause::QueryInUri => match received.query {
            Some(query) => {
                let uri = format!("{}%3F{}", parts.uri, encoded(query.as_bytes()));
                // With the query's parameters in the parameter part too, or only in the URI.
                let mut written = vec![join(parts.method, &uri, &ours)];
                let without_query = reread(&ours, [query.as_bytes()], read_nothing);
                written.extend(without_query.map(|pairs| join(parts.method, &uri, &pairs)));
                written
            }
            None => Vec::new(),
        },
        Cause::Missing => [
            reread(&ours, query, read_nothing),
            reread(&ours, form_body, read_nothing),
            reread(&ours, forms(), read_without_bare_names),
        ]
        .into_iter()
        .flatten()
        .map(|pairs| with_pairs(&parts, &pairs))
        .collect(),
        Cause::Extra => {
            let realm = received
                .realm
                .map(|realm| vec![(b"realm".to_vec(), realm.as_bytes().to_vec())]);
            // A body that is not a form, read as one.
            let body = (!received.form_body && !received.body.is_empty()).then(|| read(received.body));
            [realm, body]
                .into_iter()
                .flatten()
                .filter(|extra| !extra.is_empty())
                .map(|extra| {
                    let mut all: Vec<String> = ours.iter().map(|&pair| pair.to_owned()).collect();
                    all.extend(extra.iter().map(|(name, value)| pair(name, value)));
                    with_pairs(&parts, &sorted(all))
                })
                .collect()
        }
        Cause::EncodedTwice => reread_forms(read_as_sent).into_iter().collect(),
        Cause::DecodedTwice => reread_forms(read_decoded_twice).into_iter().collect(),
        Cause::Semicolon => reread_forms(read_split_at_semicolons).into_iter().collect(),
        Cause::IndexedNames => reread_forms(read_indexed).into_iter().collect(),
        Cause::DecodedOrder => {
            let mut by_octets = ours.clone();
            by_octets.sort_by_cached_key(|pair| octets(pair));
            vec![with_pairs(&parts, &by_octets)]
        }
        Cause::NaturalOrder => {
            let names: Vec<String> = ours.iter().map(|pair| normalized(name(pair))).collect();
            let mut order: Vec<usize> = (0..ours.len()).collect();
            order.sort_by(|&a, &b| natural_order(&names[a], &names[b]));
            let natural: Vec<&str> = order.iter().map(|&at| ours[at]).collect();
            vec![with_pairs(&parts, &natural)]
        }
        Cause::Order => {
            // Sorted by name alone, a repeated name's values in the order sent.
            let sent: Vec<String> = forms().flat_map(signed).collect();
            let mut all = removed(&ours, &sent);
            all.extend(sent);
            all.sort_by_cached_key(|pair| decoded(name(pair)).into_owned());
            vec![with_pairs(&parts, &all)]
        }
        Cause::RepeatKeptOnce => {
            // The first or the last value of each name.
            let mut first = ours.clone();
            first.dedup_by(|later, earlier| name(later) == name(earlier));
            let mut last = ours.clone();
            last.reverse();
            last.dedup_by(|earlier, later| name(earlier) == name(later));
            last.reverse();
            vec![with_pairs(&parts, &first), with_pairs(&parts, &last)]
        }
        Cause::Utf8Twice => {
            let all = ours
                .iter()
                .map(|p| {
                    let (name, value) = octets(p);
                    pair(&latin1_as_utf8(&name), &latin1_as_utf8(&value))
                })
                .collect();
            vec![with_pairs(&parts, &sorted(all))]
        }
        Cause::LowercaseHex => [Escapes::All, Escapes::Inner]
            .map(|escapes| {
                let lower = with_escapes_in(received.base_string, escapes, <[u8]>::make_ascii_lowercase);
                #[allow(clippy::expect_used)] // Only ASCII letters of an ASCII base string change.
                String::from_utf8(lower).expect("a base string is ASCII")
            })
            .into(),
    };
    written.retain(|text| text != received.base_string);
    written.dedup();
    written
}

/// The name and value octets a reader takes from a query or form body, in the order sent.
type Read = Vec<(Vec<u8>, Vec<u8>)>;

/// `ours` with the pairs of `sources` (a query, a form body) replaced by those `read` takes from
/// each, sorted as a signer sorts; `None` where that changes nothing.
fn reread<'s>(
    ours: &[&str],
    sources: impl IntoIterator<Item = &'s [u8]>,
    read: impl Fn(&[u8]) -> Read,
) -> Option<Vec<String>> {
    let (mut from, mut into) = (Vec::new(), Vec::new());
    for raw in sources {
        from.extend(signed(raw));
        into.extend(read(raw).iter().map(|(name, value)| pair(name, value)));
    }
    from.sort_unstable();
    into.sort_unstable();
    if from == into {
        return None;
    }
    let mut all = removed(ours, &from);
    all.extend(into);
    Some(sorted(all))
}

/// How the provider reads a query or form body (§3.4.1.3.1): split at `&`, then at each piece's
/// first `=`, each side form-decoded.
fn read(raw: &[u8]) -> Read {
    pieces(raw)
        .filter_map(|(name, value)| read_pair(name, value))
        .collect()
}

/// One piece read as the provider reads it (none if it is not form-encoded, which the verifier
/// refuses before any mistake is looked for).
fn read_pair(name: &[u8], value: Option<&[u8]>) -> Option<(Vec<u8>, Vec<u8>)> {
    let decode = |raw: &[u8]| form_decode_bytes(raw).ok().map(alloc::borrow::Cow::into_owned);
    Some((decode(name)?, decode(value.unwrap_or_default())?))
}

/// Nothing read: the query or form body left out.
fn read_nothing(_: &[u8]) -> Read {
    Vec::new()
}

/// Pieces read as the provider reads them, but for names sent without `=`, which some readers drop.
fn read_without_bare_names(raw: &[u8]) -> Read {
    pieces(raw)
        .filter(|(_, value)| value.is_some())
        .filter_map(|(name, value)| read_pair(name, value))
        .collect()
}

/// Pieces taken as sent, not decoded.
fn read_as_sent(raw: &[u8]) -> Read {
    pieces(raw)
        .map(|(name, value)| (name.to_vec(), value.unwrap_or_default().to_vec()))
        .collect()
}

/// Pieces decoded twice.
fn read_decoded_twice(raw: &[u8]) -> Read {
    read(raw)
        .into_iter()
        .map(|(name, value)| {
            (
                decoded_bytes(&name).into_owned(),
                decoded_bytes(&value).into_owned(),
            )
        })
        .collect()
}

/// Pieces split at `;` as well as at `&`.
fn read_split_at_semicolons(raw: &[u8]) -> Read {
    raw.split(|&b| b == b';').flat_map(read).collect()
}

/// A name sent more than once, or ending in `[]`, numbered in the order sent (`a[0]`, `a[1]`), as a
/// PHP reader or Node's `querystring` renders such a list.
fn read_indexed(raw: &[u8]) -> Read {
    let pairs = read(raw);
    let mut sent: BTreeMap<&[u8], usize> = BTreeMap::new();
    for (name, _) in &pairs {
        *sent.entry(name.as_slice()).or_default() += 1;
    }
    let mut numbered: BTreeMap<&[u8], usize> = BTreeMap::new();
    pairs
        .iter()
        .map(|(name, value)| {
            let bare = name.strip_suffix(b"[]").unwrap_or(name);
            if bare.len() == name.len() && sent.get(name.as_slice()) == Some(&1) {
                return (name.clone(), value.clone());
            }
            let count = numbered.entry(bare).or_default();
            let mut indexed = bare.to_vec();
            indexed.extend_from_slice(format!("[{count}]").as_bytes());
            *count += 1;
            (indexed, value.clone())
        })
        .collect()
}

/// The base string URIs a client that makes the URI mistake `cause` signs, where it would change
/// the URI.
fn uri_mistakes(uri: &BaseUri<'_>, host_as_sent: Option<&str>, cause: Cause) -> Vec<String> {
    let default_port = match uri.scheme {
        "https" => Some("443"),
        "http" => Some("80"),
        _ => None,
    };
    #[allow(clippy::expect_used)] // Ours: the verifier reads http and https URIs only.
    let default_port = default_port.expect("our base string URI is http or https");
    let written = |scheme: &str, host: &str, port: Option<&str>, path: &str| {
        let port = port.map(|port| format!("%3A{port}")).unwrap_or_default();
        format!("{scheme}%3A%2F%2F{host}{port}{path}")
    };
    let (scheme, host, port, path) = (uri.scheme, uri.host, uri.port, uri.path);
    let as_sent = host_as_sent.map(|host| encoded(host.as_bytes()));
    match cause {
        // Signed for the other scheme (TLS ended by a proxy in between); a default port stays
        // the default.
        Cause::Authority => {
            let other = if scheme == "https" { "http" } else { "https" };
            let mut uris = vec![written(other, host, port, path)];
            // An IPv6 literal without its brackets.
            if let Some(bare) = host.strip_prefix("%5B").and_then(|h| h.strip_suffix("%5D")) {
                uris.push(written(scheme, bare, port, path));
            }
            uris
        }
        // The default port written; by a signer that keeps the authority as typed, with the host
        // as sent too.
        Cause::DefaultPort if port.is_none() => [Some(host), as_sent.as_deref()]
            .into_iter()
            .flatten()
            .map(|host| written(scheme, host, Some(default_port), path))
            .collect(),
        Cause::TrailingSlash => match path.strip_suffix("%2F") {
            Some("") => Vec::new(),
            Some(stripped) => vec![written(scheme, host, port, stripped)],
            None => vec![written(scheme, host, port, &format!("{path}%2F"))],
        },
        Cause::UriCase => as_sent
            .iter()
            .map(|host| written(scheme, host, port, path))
            .collect(),
        _ => Vec::new(),
    }
}

/// A base string with `parts`' method and URI and these parameter pairs.
fn with_pairs(parts: &Parts<'_>, pairs: &[impl AsRef<str>]) -> String {
    join(parts.method, parts.uri, pairs)
}

/// A base string from its parts.
fn join(method: &str, uri: &str, pairs: &[impl AsRef<str>]) -> String {
    let mut text = format!("{method}&{uri}&");
    for (at, pair) in pairs.iter().enumerate() {
        if at > 0 {
            text.push_str("%26");
        }
        text.push_str(pair.as_ref());
    }
    text
}

/// `pairs` without one of each of `removed` (a pair signed twice stays once if removed once).
fn removed(pairs: &[&str], removed: &[String]) -> Vec<String> {
    let mut left: BTreeMap<&str, usize> = BTreeMap::new();
    for pair in removed {
        *left.entry(pair.as_str()).or_default() += 1;
    }
    let mut kept = Vec::with_capacity(pairs.len());
    for &pair in pairs {
        match left.get_mut(pair) {
            Some(count) if *count > 0 => *count -= 1,
            _ => kept.push(pair.to_owned()),
        }
    }
    kept
}

/// Pairs sorted as a signer sorts them (§3.4.1.3.2): by encoded name, then encoded value.
fn sorted(mut pairs: Vec<String>) -> Vec<String> {
    pairs.sort_by_cached_key(|pair| {
        let (name, value) = halves(pair);
        (decoded(name).into_owned(), decoded(value).into_owned())
    });
    pairs
}

/// A query's or form body's pieces as sent, split at `&` and at each piece's first `=` (`None`
/// where it has none).
fn pieces(raw: &[u8]) -> impl Iterator<Item = (&[u8], Option<&[u8]>)> {
    raw.split(|&b| b == b'&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| match piece.iter().position(|&b| b == b'=') {
            Some(at) => (&piece[..at], piece.get(at + 1..)),
            None => (piece, None),
        })
}

/// The pairs a provider signs for a query or form body, in its base string's form.
fn signed(raw: &[u8]) -> Vec<String> {
    read(raw).iter().map(|(name, value)| pair(name, value)).collect()
}

/// A pair in a base string's form: `name=value`, each encoded, encoded again.
fn pair(name: &[u8], value: &[u8]) -> String {
    let mut normalized = Vec::new();
    encode_to(name, &mut normalized);
    normalized.push(b'=');
    encode_to(value, &mut normalized);
    encoded(&normalized)
}

/// Octets percent-encoded (§3.6).
fn encoded(octets: &[u8]) -> String {
    let mut text = Vec::with_capacity(octets.len());
    encode_to(octets, &mut text);
    text.into_iter().map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use alloc::collections::BTreeSet;

    use super::super::compare;
    use super::*;
    use crate::{ClientCredentials, Nonce, Signer, Timestamp};

    /// Every mistake written for `request` (signed here, then read back as a provider reads it),
    /// with the cause `compare` finds for it against the correct base string.
    fn written(request: http::Request<Vec<u8>>, realm: Option<&str>) -> Vec<(Cause, Option<Cause>, String)> {
        let client = ClientCredentials::new("key", "secret");
        let mut request = request;
        let mut signer = Signer::new(&client);
        if let Some(realm) = realm {
            signer = signer.realm(realm);
        }
        signer
            .authorize(&mut request, &Nonce::new("n").unwrap(), Timestamp::from_secs(1))
            .unwrap();
        let ours = crate::verify::received_base_string(&request).unwrap();
        let form_body = crate::body::form_body(request.headers()).unwrap();
        let received = Received {
            base_string: &ours,
            query: request.uri().query(),
            body: request.body(),
            form_body,
            host: request.uri().host(),
            realm,
        };
        REENACTED
            .iter()
            .flat_map(|&cause| {
                base_strings(&received, cause)
                    .into_iter()
                    .map(move |theirs| (cause, theirs))
            })
            .map(|(cause, theirs)| (cause, compare(&ours, &theirs).and_then(|m| m.cause), theirs))
            .collect()
    }

    #[test]
    fn each_mistake_written_reads_as_its_cause() {
        let form = http::Request::post(
            "https://API.Example.com/1/caf%C3%A9?q=a%2Bc&q=a%20b&bare&k10=x&k9=y&n=%E2%82%AC&%7B=1&d=%2541&s=1;t=2",
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"status=hello+world%21&flag".to_vec())
        .unwrap();
        let mut causes = BTreeSet::new();
        for (cause, found, theirs) in written(form, Some("Photos")) {
            assert_eq!(found, Some(cause), "{theirs}");
            causes.insert(alloc::format!("{cause:?}"));
        }
        // A body that is not a form, read as one.
        let json = http::Request::put("https://api.example.com/1/items/")
            .header("content-type", "application/json")
            .body(b"a=1".to_vec())
            .unwrap();
        for (cause, found, theirs) in written(json, None) {
            assert_eq!(found, Some(cause), "{theirs}");
            causes.insert(alloc::format!("{cause:?}"));
        }
        let all: BTreeSet<_> = REENACTED
            .iter()
            .map(|cause| alloc::format!("{cause:?}"))
            .collect();
        assert_eq!(causes, all);
    }

    /// Exactly what is written for one request: no default port where another port is written,
    /// names numbered only where they repeat or end in `[]`, a body that is not a form read as one.
    #[test]
    fn what_is_written_for_one_small_request() {
        const PROTOCOL: &str = "oauth_consumer_key%3Dkey%26oauth_nonce%3Dn%26oauth_signature_method%3D\
                                HMAC-SHA1%26oauth_timestamp%3D1%26oauth_version%3D1.0";
        let uri = "https://api.example.com:8443/p?a=1&a=2&b=3&c%5B%5D=4";
        let json = http::Request::post(uri)
            .header("content-type", "application/json")
            .body(b"d=5".to_vec())
            .unwrap();
        let mistakes = written(json, None);
        let causes: Vec<Cause> = mistakes.iter().map(|(cause, ..)| *cause).collect();
        use Cause::*;
        let expected = [
            Authority,
            TrailingSlash,
            QueryInUri,
            QueryInUri,
            MethodCase,
            Missing,
            Extra,
            EncodedTwice,
            RepeatKeptOnce,
            RepeatKeptOnce,
            LowercaseHex,
            LowercaseHex,
            IndexedNames,
        ];
        assert_eq!(causes, expected);
        let parameters = |cause: Cause| {
            let (_, found, theirs) = mistakes.iter().find(|(c, ..)| *c == cause).unwrap();
            assert_eq!(*found, Some(cause));
            Parts::of(theirs).parameters.to_owned()
        };
        let body_read = format!("a%3D1%26a%3D2%26b%3D3%26c%255B%255D%3D4%26d%3D5%26{PROTOCOL}");
        assert_eq!(parameters(Extra), body_read);
        let numbered = format!("a%255B0%255D%3D1%26a%255B1%255D%3D2%26b%3D3%26c%255B0%255D%3D4%26{PROTOCOL}");
        assert_eq!(parameters(IndexedNames), numbered);
        // A form body is read as one already: nothing extra to write.
        let form = |uri: &str, body: &[u8]| {
            http::Request::post(uri)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.to_vec())
                .unwrap()
        };
        assert!(
            written(form(uri, b"d=5"), None)
                .iter()
                .all(|(cause, ..)| *cause != Extra)
        );
        // A pair sent in the query and the body is signed twice: leaving either out keeps the other.
        let missing: Vec<String> = written(form("https://api.example.com/p?a=1", b"a=1"), None)
            .into_iter()
            .filter(|(cause, ..)| *cause == Missing)
            .map(|(_, _, theirs)| Parts::of(&theirs).parameters.to_owned())
            .collect();
        assert_eq!(missing, [format!("a%3D1%26{PROTOCOL}")]);
    }

    #[test]
    fn nothing_is_written_where_the_mistake_changes_nothing() {
        let plain = http::Request::get("http://example.com").body(Vec::new()).unwrap();
        let causes: BTreeSet<_> = written(plain, None)
            .into_iter()
            .map(|(cause, ..)| alloc::format!("{cause:?}"))
            .collect();
        // Only the URI and the method can be got wrong: there is no query, body, realm, non-ASCII,
        // escape, or repeated name, and the parameters' order is the same however it is read.
        let expected = ["Authority", "DefaultPort", "LowercaseHex", "MethodCase"];
        assert_eq!(causes, expected.into_iter().map(String::from).collect());
    }
}
