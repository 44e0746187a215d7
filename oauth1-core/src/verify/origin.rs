//! The absolute URI a client signed, rebuilt on the provider's side of a server or proxy.
//!
//! A server sees a path and headers, not the URI the client signed: behind a TLS-terminating proxy the
//! connection is plain `http` to an internal host. `X-Forwarded-Proto` and `X-Forwarded-Host` say what
//! the client used, but anyone can send them, so they count only when the caller says the proxy in
//! front is trusted (and strips the headers clients send).

use alloc::format;
use alloc::string::String;

use http::{HeaderMap, Uri};

use super::Rejection;

/// Where the scheme and host of the signed URI come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UriSource<'a> {
    /// The provider's own public origin (`https://api.example.com`), whatever the headers say: the
    /// safest choice when it is known.
    Origin(&'a str),
    /// The `Host` header, with the scheme of the connection (`http` or `https`).
    Host {
        /// The connection's scheme.
        scheme: &'a str,
    },
    /// A proxy the caller trusts: `X-Forwarded-Proto` and `X-Forwarded-Host` (their first values)
    /// when present, else as [`UriSource::Host`].
    TrustedProxy {
        /// The scheme of the connection from the proxy, for when it sends no `X-Forwarded-Proto`.
        scheme: &'a str,
    },
}

/// The absolute URI of a request that arrived with `headers` for `path_and_query` (such as
/// `/1.1/statuses/update.json?include_entities=true`), by `source`.
///
/// ```
/// use oauth1_core::verify::{UriSource, request_uri};
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert("host", "10.0.0.7:8080".parse().unwrap());
/// headers.insert("x-forwarded-proto", "https".parse().unwrap());
/// headers.insert("x-forwarded-host", "api.example.com".parse().unwrap());
///
/// // Untrusted, the forwarded headers are ignored.
/// let direct = request_uri(UriSource::Host { scheme: "http" }, &headers, "/a?b=1").unwrap();
/// assert_eq!(direct, "http://10.0.0.7:8080/a?b=1");
/// let proxied = request_uri(UriSource::TrustedProxy { scheme: "http" }, &headers, "/a?b=1").unwrap();
/// assert_eq!(proxied, "https://api.example.com/a?b=1");
/// let fixed = request_uri(UriSource::Origin("https://api.example.com"), &headers, "/a").unwrap();
/// assert_eq!(fixed, "https://api.example.com/a");
/// ```
///
/// # Errors
/// [`Rejection::BadUri`] when there is no host or more than one, a scheme other than
/// `http`/`https`, or the pieces do not make a URI.
pub fn request_uri(
    source: UriSource<'_>,
    headers: &HeaderMap,
    path_and_query: &str,
) -> Result<Uri, Rejection> {
    let first = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(',').next())
            .map(str::trim)
            .filter(|value| !value.is_empty())
    };
    // Exactly one Host, one value: with two, which one the client signed for would be a guess.
    let host = || {
        let mut hosts = headers.get_all("host").iter();
        match (
            hosts.next().map(|host| host.to_str().map(str::trim)),
            hosts.next(),
        ) {
            (Some(Ok(host)), None) if !host.is_empty() && !host.contains(',') => Ok(host),
            _ => Err(Rejection::BadUri),
        }
    };
    let origin: String = match source {
        UriSource::Origin(origin) => String::from(origin.trim_end_matches('/')),
        UriSource::Host { scheme } => format!("{}://{}", checked_scheme(scheme)?, host()?),
        UriSource::TrustedProxy { scheme } => {
            let scheme = first("x-forwarded-proto").unwrap_or(scheme);
            let host = match first("x-forwarded-host") {
                Some(forwarded) => forwarded,
                None => host()?,
            };
            format!("{}://{host}", checked_scheme(scheme)?)
        }
    };
    let path_and_query = if path_and_query.starts_with('/') {
        path_and_query
    } else {
        return Err(Rejection::BadUri);
    };
    let uri: Uri = format!("{origin}{path_and_query}")
        .parse()
        .map_err(|_| Rejection::BadUri)?;
    // A host with a path or userinfo smuggled in would not round-trip: refuse it.
    let userinfo = uri
        .authority()
        .is_some_and(|authority| authority.as_str().contains('@'));
    match (uri.scheme_str(), uri.host(), uri.path_and_query()) {
        (Some(_), Some(_), Some(pq)) if pq.as_str() == path_and_query && !userinfo => Ok(uri),
        _ => Err(Rejection::BadUri),
    }
}

fn checked_scheme(scheme: &str) -> Result<&str, Rejection> {
    if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
        Ok(scheme)
    } else {
        Err(Rejection::BadUri)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn forwarded_headers_count_only_behind_a_trusted_proxy() {
        let h = headers(&[
            ("host", "internal:8080"),
            ("x-forwarded-proto", "https, http"),
            ("x-forwarded-host", "api.example.com"),
        ]);
        let host = request_uri(UriSource::Host { scheme: "http" }, &h, "/p").unwrap();
        assert_eq!(host, "http://internal:8080/p");
        let trusted = request_uri(UriSource::TrustedProxy { scheme: "http" }, &h, "/p").unwrap();
        assert_eq!(trusted, "https://api.example.com/p");
        // Without forwarded headers a trusted proxy reads as Host.
        let plain = headers(&[("host", "a.example")]);
        let uri = request_uri(UriSource::TrustedProxy { scheme: "https" }, &plain, "/").unwrap();
        assert_eq!(uri, "https://a.example/");
    }

    #[test]
    fn bad_pieces_are_rejections_not_panics() {
        let bad = [
            (UriSource::Host { scheme: "http" }, headers(&[]), "/p"),
            (UriSource::Host { scheme: "ftp" }, headers(&[("host", "a")]), "/p"),
            (
                UriSource::Host { scheme: "http" },
                headers(&[("host", "a/b")]),
                "/p",
            ),
            (
                UriSource::Host { scheme: "http" },
                headers(&[("host", "u@a")]),
                "/p",
            ),
            (UriSource::Host { scheme: "http" }, headers(&[("host", "a")]), "p"),
            (
                UriSource::TrustedProxy { scheme: "http" },
                headers(&[("host", "a"), ("x-forwarded-proto", "gopher")]),
                "/",
            ),
            (UriSource::Origin("not a url"), headers(&[]), "/p"),
            // Two hosts: which one the client signed for is a guess (RFC 9112 §3.2: a 400).
            (
                UriSource::Host { scheme: "http" },
                headers(&[("host", "a"), ("host", "b")]),
                "/p",
            ),
            (
                UriSource::Host { scheme: "http" },
                headers(&[("host", "a, b")]),
                "/p",
            ),
            // A URI authority may hold a comma; a Host value of two hosts still may not.
            (
                UriSource::Host { scheme: "http" },
                headers(&[("host", "a,b")]),
                "/p",
            ),
            (
                UriSource::TrustedProxy { scheme: "http" },
                headers(&[("host", "a"), ("host", "b")]),
                "/p",
            ),
        ];
        for (source, headers, path) in bad {
            assert_eq!(
                request_uri(source, &headers, path),
                Err(Rejection::BadUri),
                "{source:?} {headers:?} {path}"
            );
        }
    }
}
