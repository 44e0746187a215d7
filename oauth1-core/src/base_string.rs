//! The signature base string (RFC 5849 §3.4.1): `METHOD&enc(base string URI)&enc(parameters)`.
//!
//! It is produced as a stream of pieces so the signer can feed it straight into the MAC; [`write`]
//! collects it into a `String` when you want to look at it.

use http::{Method, Uri};
use smallvec::SmallVec;

use crate::encode::{Sink, encode_to, escape};
use crate::error::{InputError, InputProblem};
use crate::params::ParamList;

/// The parts of a request URI that the base string keeps (§3.4.1.2).
#[derive(Clone, Copy, Debug)]
pub(crate) struct BaseUri<'a> {
    scheme: &'a str,
    host: &'a str,
    /// A port that is not the scheme's default.
    port: Option<u16>,
    path: &'a str,
}

impl<'a> BaseUri<'a> {
    /// Checks that `uri` is absolute `http` or `https` and picks out its parts.
    pub(crate) fn new(uri: &'a Uri) -> Result<Self, InputError> {
        let (Some(scheme), Some(host)) = (uri.scheme_str(), uri.host()) else {
            return Err(InputError::new("request URI", InputProblem::NotAbsolute));
        };
        let default_port = if scheme.eq_ignore_ascii_case("http") {
            80
        } else if scheme.eq_ignore_ascii_case("https") {
            443
        } else {
            return Err(InputError::new("request URI", InputProblem::UnsupportedScheme));
        };
        if host.is_empty() {
            return Err(InputError::new("request URI", InputProblem::NotAbsolute));
        }
        // `:80` is dropped only for http and `:443` only for https; every other port stays.
        let port = uri.port_u16().filter(|&p| p != default_port);
        Ok(Self {
            scheme,
            host,
            port,
            path: uri.path(),
        })
    }

    /// The scheme, as sent.
    pub(crate) fn scheme(&self) -> &'a str {
        self.scheme
    }

    /// The host, as sent (IPv6 literals keep their brackets).
    pub(crate) fn host(&self) -> &'a str {
        self.host
    }

    /// Feeds `enc(base string URI)` to `sink`.
    fn write_encoded(&self, sink: &mut impl Sink) {
        write_lowercase_encoded(self.scheme, sink);
        sink.put(b"%3A%2F%2F");
        // `http::Uri::host` keeps the brackets of an IPv6 literal, as the base string needs.
        write_lowercase_encoded(self.host, sink);
        if let Some(port) = self.port {
            sink.put(b"%3A");
            let mut digits = [0; 20];
            sink.put(
                crate::nonce::Timestamp::from_secs(u64::from(port))
                    .digits(&mut digits)
                    .as_bytes(),
            );
        }
        // The path is kept as sent: already-escaped octets stay escaped (and so are encoded again).
        let path = if self.path.is_empty() { "/" } else { self.path };
        encode_to(path.as_bytes(), sink);
    }
}

fn write_lowercase_encoded(text: &str, sink: &mut impl Sink) {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        let lower: SmallVec<[u8; 64]> = text.bytes().map(|b| b.to_ascii_lowercase()).collect();
        encode_to(&lower, sink);
    } else {
        encode_to(text.as_bytes(), sink);
    }
}

/// Feeds the whole base string to `sink`. `params` must already be sorted.
pub(crate) fn write_base_string(
    method: &Method,
    uri: &BaseUri<'_>,
    params: &ParamList,
    sink: &mut impl Sink,
) {
    let method = method.as_str();
    if method.bytes().any(|b| b.is_ascii_lowercase()) {
        let upper: SmallVec<[u8; 16]> = method.bytes().map(|b| b.to_ascii_uppercase()).collect();
        encode_to(&upper, sink);
    } else {
        // Custom methods may hold characters that need encoding (§3.4.1.1).
        encode_to(method.as_bytes(), sink);
    }
    sink.put(b"&");
    uri.write_encoded(sink);
    sink.put(b"&");
    params.write_encoded(sink);
}

/// Feeds the base string to `write` (a signature writer's `write`, a digest's `update`) in chunks: the
/// base string arrives in many small pieces (a run of plain characters, one escape), and a MAC's
/// `update` costs more per call than a copy.
pub(crate) struct ChunkedWriter<W> {
    write: W,
    buf: [u8; 256],
    len: usize,
}

impl<W: FnMut(&[u8])> ChunkedWriter<W> {
    pub(crate) fn new(write: W) -> Self {
        Self {
            write,
            buf: [0; 256],
            len: 0,
        }
    }

    /// Writes out what is buffered; call it once the base string is complete.
    pub(crate) fn finish(mut self) {
        self.flush();
    }

    fn flush(&mut self) {
        let buffered = self.buf.get(..self.len);
        #[allow(clippy::expect_used)] // `put` never lets `len` pass the buffer's size.
        (self.write)(buffered.expect("the buffered length is within the buffer"));
        self.len = 0;
    }
}

impl<W: FnMut(&[u8])> Sink for ChunkedWriter<W> {
    fn put(&mut self, bytes: &[u8]) {
        if let Some(free) = self.buf.get_mut(self.len..self.len + bytes.len()) {
            free.copy_from_slice(bytes);
            self.len += bytes.len();
            return;
        }
        self.flush();
        if let Some(free) = self.buf.get_mut(..bytes.len()) {
            free.copy_from_slice(bytes);
            self.len = bytes.len();
        } else {
            (self.write)(bytes);
        }
    }

    fn put_escape(&mut self, byte: u8) {
        if self.len + 3 > self.buf.len() {
            self.flush();
        }
        if let Some(free) = self.buf.get_mut(self.len..self.len + 3) {
            free.copy_from_slice(&escape(byte));
            self.len += 3;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use alloc::vec::Vec;

    fn base_uri(uri: &str) -> Result<String, InputError> {
        let uri: Uri = uri.parse().unwrap();
        let base = BaseUri::new(&uri)?;
        let mut out = Vec::new();
        base.write_encoded(&mut out);
        let encoded = String::from_utf8(out).unwrap();
        Ok(crate::encode::form_decode(&encoded.replace('+', "%2B"))
            .unwrap()
            .into_owned())
    }

    #[test]
    fn rfc_and_oauth_net_base_uri_examples() {
        assert_eq!(
            base_uri("http://EXAMPLE.COM:80/r%20v/X?id=123").unwrap(),
            "http://example.com/r%20v/X"
        );
        assert_eq!(
            base_uri("https://www.example.net:8080/?q=1").unwrap(),
            "https://www.example.net:8080/"
        );
        assert_eq!(
            base_uri("HTTP://Example.com:80/resource?id=123").unwrap(),
            "http://example.com/resource"
        );
        assert_eq!(
            base_uri("http://example.com:8080/").unwrap(),
            "http://example.com:8080/"
        );
        assert_eq!(
            base_uri("https://example.com:443/").unwrap(),
            "https://example.com/"
        );
        assert_eq!(base_uri("http://example.com").unwrap(), "http://example.com/");
    }

    #[test]
    fn default_port_is_dropped_only_for_its_own_scheme() {
        assert_eq!(
            base_uri("http://example.com:443/").unwrap(),
            "http://example.com:443/"
        );
        assert_eq!(
            base_uri("https://example.com:80/").unwrap(),
            "https://example.com:80/"
        );
    }

    #[test]
    fn ipv6_hosts_keep_their_brackets() {
        assert_eq!(base_uri("http://[::1]:8080/a").unwrap(), "http://[::1]:8080/a");
        assert_eq!(
            base_uri("https://[2001:DB8::1]/").unwrap(),
            "https://[2001:db8::1]/"
        );
    }

    #[test]
    fn relative_and_non_http_uris_are_typed_errors() {
        assert_eq!(
            base_uri("/relative").unwrap_err().problem(),
            &InputProblem::NotAbsolute
        );
        assert_eq!(
            base_uri("ftp://example.com/").unwrap_err().problem(),
            &InputProblem::UnsupportedScheme
        );
    }
}
