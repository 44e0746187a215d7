//! The signature base string (RFC 5849 §3.4.1): `METHOD&enc(base string URI)&enc(parameters)`.
//!
//! It is produced as a stream of pieces so the signer can feed it straight into the MAC, and collected
//! into a `String` only when someone wants to look at it.

use http::header::HOST;
use http::{Method, Request, Uri};
use smallvec::SmallVec;

use crate::encode::{Sink, encode_octets, encode_to, is_unreserved, put_pair_piecewise};
use crate::error::{InputError, InputProblem};
use crate::params::Pairs;
use crate::protocol::Protocol;
use crate::provider::is_loopback;

/// The port a URI without one means: 443 for `https`, 80 for `http`.
pub(crate) const fn default_port(https: bool) -> u16 {
    if https { 443 } else { 80 }
}

/// The parts of a request URI that the base string keeps (§3.4.1.2).
#[derive(Clone, Copy, Debug)]
pub(crate) struct BaseUri<'a> {
    /// `https`, else `http`: no other scheme is signed. (Either is written lowercase.)
    https: bool,
    host: &'a str,
    /// A port that is not the scheme's default.
    port: Option<u16>,
    path: &'a str,
}

impl<'a> BaseUri<'a> {
    /// Checks that `uri` is absolute `http` or `https` and picks out its parts.
    pub(crate) fn new(uri: &'a Uri) -> Result<Self, InputError> {
        let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
            return Err(InputError::new("request URI", InputProblem::NotAbsolute));
        };
        let (host, port) = host_and_port(authority.as_str());
        // `http` parses `http://` and `https://` in any case as lowercase; a scheme set on its own
        // (`Scheme::from_str("HTTPS")`) keeps its case.
        let https = match scheme {
            "https" => true,
            "http" => false,
            _ if scheme.eq_ignore_ascii_case("https") => true,
            _ if scheme.eq_ignore_ascii_case("http") => false,
            _ => return Err(InputError::new("request URI", InputProblem::UnsupportedScheme)),
        };
        if host.is_empty() {
            // No host, or one with a port `host_and_port` cannot read.
            let problem = if authority.host().is_empty() {
                InputProblem::NotAbsolute
            } else {
                InputProblem::Invalid("its port is not a number from 0 to 65535")
            };
            return Err(InputError::new("request URI", problem));
        }
        Ok(Self {
            https,
            host,
            port: Self::signed_port(https, port),
            path: uri.path(),
        })
    }

    /// The base string URI of `request` as it goes out: its URI's scheme and path, with the host and
    /// port of its `Host` header when it carries one (a tunnel, a virtual host reached by address),
    /// since RFC 5849 §3.4.1.2 says they "MUST match the content of the HTTP request Host header
    /// field" — which is what the provider signs with — else its URI's. (The adapters' clients send
    /// a `Host` header the request sets instead of their own.)
    pub(crate) fn of_request<B>(request: &'a Request<B>) -> Result<Self, InputError> {
        let uri = Self::new(request.uri())?;
        // A walk over the few header names, not a hashed lookup: this runs on every request, and
        // almost none sets `Host`.
        if request.headers().keys().any(|name| name == HOST) {
            return uri.with_host_header(request.headers());
        }
        Ok(uri)
    }

    /// This URI with the host and port of the `Host` header in `headers`.
    #[cold]
    #[inline(never)]
    fn with_host_header(mut self, headers: &'a http::HeaderMap) -> Result<Self, InputError> {
        let bad = |why| InputError::new("Host header", InputProblem::Invalid(why));
        let mut values = headers.get_all(HOST).iter();
        let (Some(host), None) = (values.next(), values.next()) else {
            return Err(bad("appears more than once"));
        };
        // `http` checks it as an authority (its copy is dropped: a request rarely sets `Host`). It
        // lets through what a `Host` cannot be: user information here, and an empty host or a port
        // that is not a number up to 65535, which `host_and_port` reports as an empty host.
        let text = host
            .to_str()
            .ok()
            .filter(|text| !text.contains('@') && text.parse::<http::uri::Authority>().is_ok());
        let not_a_host = || bad("must be a host and an optional port");
        let text = text.ok_or_else(not_a_host)?;
        let (host, port) = host_and_port(text);
        if host.is_empty() {
            return Err(not_a_host());
        }
        self.host = host;
        self.port = Self::signed_port(self.https, port);
        Ok(self)
    }

    /// `port` as the base string keeps it: `:80` is dropped only for http and `:443` only for
    /// https; every other port stays.
    fn signed_port(https: bool, port: Option<u16>) -> Option<u16> {
        port.filter(|&p| p != default_port(https))
    }

    /// Whether the request travels over TLS, or stays on this machine: where RFC 5849 §3.4.4 lets
    /// PLAINTEXT go.
    pub(crate) fn is_tls_or_loopback(&self) -> bool {
        self.https || is_loopback(self.host)
    }

    /// Feeds `enc(base string URI)` to `sink`.
    fn write_encoded(&self, sink: &mut impl Sink) {
        sink.put(if self.https {
            b"https%3A%2F%2F"
        } else {
            b"http%3A%2F%2F"
        });
        // `http::Uri::host` keeps the brackets of an IPv6 literal, as the base string needs.
        write_lowercase_encoded(self.host, sink);
        if let Some(port) = self.port {
            sink.put(b"%3A");
            sink.put(
                crate::nonce::Timestamp::from_secs(u64::from(port))
                    .digits()
                    .as_bytes(),
            );
        }
        // The path is kept as sent: already-escaped octets stay escaped (and so are encoded again).
        let path = if self.path.is_empty() { "/" } else { self.path };
        encode_to(path.as_bytes(), sink);
    }
}

/// The host and port of an authority `http` has parsed and checked (`[userinfo@]host[:port]`, the host
/// possibly a bracketed IPv6 literal), read as `Authority::host` and `Authority::port_u16` read them.
/// Those search the text with string patterns twice per request; here each is one byte scan.
///
/// `http` lets through a port that is not a number up to 65535 (`a:99999`, `a:8o`), which
/// `port_u16` reads as none: signed so, the request would be signed for the default port. For such
/// an authority the host returned is empty, which the caller refuses as it refuses no host at all
/// (the check it makes anyway, so the usual authority pays nothing for it).
fn host_and_port(authority: &str) -> (&str, Option<u16>) {
    let bytes = authority.as_bytes();
    // The usual authority is a bare host name: one look tells.
    if !bytes.iter().any(|&b| matches!(b, b'@' | b':' | b'[')) {
        return (authority, None);
    }
    let start = bytes.iter().rposition(|&b| b == b'@').map_or(0, |at| at + 1);
    // `start` and `host_end` follow ASCII octets found in the text: in range, on character boundaries.
    let host_port = &authority[start..];
    let host_end = if host_port.starts_with('[') {
        host_port
            .bytes()
            .position(|b| b == b']')
            .map_or(host_port.len(), |at| at + 1)
    } else {
        host_port
            .bytes()
            .position(|b| b == b':')
            .unwrap_or(host_port.len())
    };
    let (host, after_host) = host_port.split_at(host_end);
    match after_host.strip_prefix(':') {
        // No port, or an empty one (RFC 3986 §6.2.3: the scheme's default).
        None | Some("") => (host, None),
        Some(digits) => match digits.parse() {
            Ok(port) if digits.bytes().all(|b| b.is_ascii_digit()) => (host, Some(port)),
            _ => ("", None),
        },
    }
}

fn write_lowercase_encoded(text: &str, sink: &mut impl Sink) {
    // Most hosts are their own encoding already (`api.example.com`): one copy.
    if text.bytes().all(|b| is_unreserved(b) && !b.is_ascii_uppercase()) {
        sink.put(text.as_bytes());
    } else if text.bytes().any(|b| b.is_ascii_uppercase()) {
        let lower: SmallVec<[u8; 64]> = text.bytes().map(|b| b.to_ascii_lowercase()).collect();
        encode_to(&lower, sink);
    } else {
        encode_to(text.as_bytes(), sink);
    }
}

/// The base string's first two parts and their separators: `METHOD&encoded-base-URI&`.
pub(crate) fn write_method_and_uri(method: &Method, uri: &BaseUri<'_>, sink: &mut impl Sink) {
    let method = method.as_str();
    if method
        .bytes()
        .all(|b| is_unreserved(b) && !b.is_ascii_lowercase())
    {
        // Every standard method: its own encoding.
        sink.put(method.as_bytes());
    } else if method.bytes().any(|b| b.is_ascii_lowercase()) {
        let upper: SmallVec<[u8; 16]> = method.bytes().map(|b| b.to_ascii_uppercase()).collect();
        encode_to(&upper, sink);
    } else {
        // Custom methods may hold characters that need encoding (§3.4.1.1).
        encode_to(method.as_bytes(), sink);
    }
    sink.put(b"&");
    uri.write_encoded(sink);
    sink.put(b"&");
}

/// Feeds the whole base string to `sink`: `method`, the base string URI, then the request's `params`
/// merged by name with the `protocol` parameters (a verifier has none apart: they are among `params`).
///
/// The two never share a name (the signer refuses a request that carries a parameter it adds). Every
/// protocol parameter's name starts with `oauth_`, so unless a request parameter's does too, the
/// protocol parameters go in one block between the names before `oauth_` and those after.
pub(crate) fn write_base_string(
    method: &Method,
    uri: &BaseUri<'_>,
    params: Pairs<'_>,
    protocol: Option<&Protocol<'_, '_>>,
    sink: &mut impl Sink,
) {
    write_method_and_uri(method, uri, sink);
    write_parameters(params, protocol, sink);
}

/// Feeds the base string's third part to `sink`, as [`write_base_string`] does after the method and
/// URI.
pub(crate) fn write_parameters(params: Pairs<'_>, protocol: Option<&Protocol<'_, '_>>, sink: &mut impl Sink) {
    let pairs = params.iter();
    let interleaved = || pairs.clone().any(|(name, _)| name.starts_with(b"oauth_"));
    match protocol {
        None => write_pairs(pairs, true, sink),
        Some(protocol) if !interleaved() => {
            let before = pairs
                .clone()
                .take_while(|(name, _)| *name < &b"oauth_"[..])
                .count();
            write_pairs(pairs.clone().take(before), true, sink);
            if before > 0 {
                sink.put(b"%26");
            }
            protocol.write_base_string_part(sink);
            write_pairs(pairs.skip(before), false, sink);
        }
        Some(protocol) => {
            let encoded = protocol.encoded(None, true);
            let mut merged: SmallVec<[(&[u8], &[u8]); 32]> = SmallVec::new();
            let (mut params, mut protocol) = (pairs.peekable(), encoded.iter().peekable());
            loop {
                let next = match (params.peek(), protocol.peek()) {
                    (Some(&(name, value)), Some((protocol_name, _))) if name <= protocol_name.as_bytes() => {
                        params.next();
                        (name, value)
                    }
                    (_, Some((name, value))) => {
                        let pair = (name.as_bytes(), value.as_slice());
                        protocol.next();
                        pair
                    }
                    (Some(&pair), None) => {
                        params.next();
                        pair
                    }
                    (None, None) => break,
                };
                merged.push(next);
            }
            write_pairs(merged, true, sink);
        }
    }
}

/// Feeds `name%3Dvalue` pairs (in base-string form) joined by `%26`, with a leading `%26` unless
/// `first`.
fn write_pairs<'p>(pairs: impl IntoIterator<Item = (&'p [u8], &'p [u8])>, first: bool, sink: &mut impl Sink) {
    for (i, (name, value)) in pairs.into_iter().enumerate() {
        sink.put_pair(i > 0 || !first, name, value);
    }
}

/// Feeds the base string to `write` (a signature writer's `write`, a digest's `update`) in chunks: the
/// base string arrives in many small pieces (a run of plain characters, one escape), and a MAC's
/// `update` costs more per call than a copy.
pub(crate) struct ChunkedWriter<W> {
    write: W,
    buf: [u8; CHUNK],
    len: usize,
}

/// Most base strings fit one chunk, so the MAC is updated once.
const CHUNK: usize = 512;

/// The block of SHA-1 and SHA-256. (SHA-512's is twice as long; its MAC buffers a 64-octet write.)
const BLOCK: usize = 64;

impl<W: FnMut(&[u8])> ChunkedWriter<W> {
    pub(crate) fn new(write: W) -> Self {
        Self {
            write,
            buf: [0; CHUNK],
            len: 0,
        }
    }

    /// Writes out what is buffered; call it once the base string is complete. (It borrows the
    /// writer: taking it by value moved the whole chunk buffer on every request.)
    pub(crate) fn finish(&mut self) {
        self.flush();
    }

    /// Writes out the whole blocks buffered so far (of 64 octets, SHA-1's and SHA-256's), keeping
    /// the rest: the MAC can start on them, and takes what follows from this buffer without first
    /// copying a partial block into its own.
    pub(crate) fn flush_blocks(&mut self) {
        let whole = self.len / BLOCK * BLOCK;
        if whole == 0 {
            return;
        }
        (self.write)(&self.buf[..whole]);
        self.buf.copy_within(whole..self.len, 0);
        self.len -= whole;
    }

    fn flush(&mut self) {
        let buffered = self.buf.get(..self.len);
        #[allow(clippy::expect_used)] // `put` never lets `len` pass the buffer's size.
        (self.write)(buffered.expect("the buffered length is within the buffer"));
        self.len = 0;
    }
}

impl<W: FnMut(&[u8])> Sink for ChunkedWriter<W> {
    #[inline]
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

    /// One room check for the whole pair (the base string's parameters are many short pairs).
    fn put_pair(&mut self, separator: bool, name: &[u8], value: &[u8]) {
        let room = 6 + name.len() + value.len();
        if room > CHUNK {
            return put_pair_piecewise(self, separator, name, value);
        }
        if CHUNK - self.len < room {
            self.flush();
        }
        let mut len = self.len;
        if separator {
            self.buf[len..len + 3].copy_from_slice(b"%26");
            len += 3;
        }
        self.buf[len..len + name.len()].copy_from_slice(name);
        len += name.len();
        self.buf[len..len + 3].copy_from_slice(b"%3D");
        len += 3;
        self.buf[len..len + value.len()].copy_from_slice(value);
        self.len = len + value.len();
    }

    /// Octet by octet (a path or host has short runs between escapes), a third of a chunk at a time
    /// so that each piece fits an empty chunk.
    fn put_encoded(&mut self, bytes: &[u8]) {
        for piece in bytes.chunks(CHUNK / 3) {
            if CHUNK - self.len < 3 * piece.len() {
                self.flush();
            }
            self.len = encode_octets(&mut self.buf, self.len, piece);
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
    fn the_chunked_writer_writes_as_the_plain_sink_does() {
        // Short text, runs longer than a chunk, and every octet for the encoding.
        let mut inputs: Vec<Vec<u8>> = (0..20)
            .map(|len| b"abcdefghijklmnopqrs%25"[..len].to_vec())
            .collect();
        inputs.push(b"a%25b".repeat(400));
        inputs.push(b"ab%2524cd%25E6%2597%25A5x".repeat(30));
        inputs.push((0..=255).collect());
        for (i, input) in inputs.iter().enumerate() {
            // Whole pairs, short and past a chunk, with and without the separator.
            let value = &inputs[(i + 1) % inputs.len()];
            let mut plain = Vec::new();
            let mut chunked = Vec::new();
            let mut writer = ChunkedWriter::new(|piece: &[u8]| chunked.extend_from_slice(piece));
            for separator in [false, true] {
                put_pair_piecewise(&mut plain, separator, input, value);
                writer.put_pair(separator, input, value);
            }
            writer.finish();
            assert_eq!(chunked, plain, "{input:?}");
        }
        for input in &inputs {
            let mut plain = Vec::new();
            let mut chunked = Vec::new();
            let mut writer = ChunkedWriter::new(|piece: &[u8]| chunked.extend_from_slice(piece));
            encode_to(input, &mut plain);
            writer.put_encoded(input);
            writer.finish();
            assert_eq!(chunked, plain, "{input:?}");
        }
    }

    #[test]
    fn flushing_blocks_hands_over_whole_blocks_and_keeps_the_rest() {
        let tail = b"%26rest%3Dof%2520it";
        for len in [0, 1, 63, 64, 67, 130, 200] {
            let head: Vec<u8> = (b'a'..=b'z').cycle().take(len).collect();
            let mut pieces: Vec<Vec<u8>> = Vec::new();
            let mut writer = ChunkedWriter::new(|piece: &[u8]| pieces.push(piece.to_vec()));
            writer.put(&head);
            writer.flush_blocks();
            writer.put(tail);
            writer.finish();
            let whole = len / BLOCK * BLOCK;
            let lengths: Vec<usize> = pieces.iter().map(Vec::len).collect();
            if whole == 0 {
                assert_eq!(lengths, [len + tail.len()], "{len}");
            } else {
                assert_eq!(lengths, [whole, len - whole + tail.len()], "{len}");
            }
            assert_eq!(pieces.concat(), [&head[..], tail].concat(), "{len}");
        }
    }

    #[test]
    fn host_and_port_read_an_authority_as_http_does() {
        for text in [
            "example.com",
            "example.com:8080",
            "example.com:",
            "user@example.com:443",
            "user:pw@example.com",
            "us:er@ex:8",
            "[::1]",
            "[::1]:8080",
            "u@[2001:db8::1]:65535",
            "a.b.c:0",
        ] {
            let authority: http::uri::Authority = text.parse().unwrap();
            assert_eq!(
                host_and_port(authority.as_str()),
                (authority.host(), authority.port_u16()),
                "{text}"
            );
        }
        // `http` takes these and reads no port (or, for `+80`, port 80, though RFC 3986 ports are
        // digits); the empty host tells the caller to refuse them.
        for text in ["a:99999", "a:8o", "u@a:65536", "[::1]:1x", "a:+80"] {
            let authority: http::uri::Authority = text.parse().unwrap();
            assert_eq!(host_and_port(authority.as_str()), ("", None), "{text}");
        }
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
    fn a_scheme_set_in_capitals_is_written_lowercase() {
        // Parsed from text, `http` lowercases the scheme itself; set on its own it keeps its case
        // before http 1.6 (the lowest-versions check runs this against 1.3), and from 1.6 on `http`
        // and `https` come back lowercase whatever their case: the base string is lowercase either way.
        for (scheme, expected) in [
            ("HTTPS", "https://example.com/a"),
            ("Http", "http://example.com/a"),
        ] {
            let uri = Uri::builder()
                .scheme(scheme)
                .authority("Example.com")
                .path_and_query("/a")
                .build()
                .unwrap();
            assert!(
                uri.scheme_str()
                    .is_some_and(|set| set.eq_ignore_ascii_case(scheme))
            );
            let mut out = Vec::new();
            BaseUri::new(&uri).unwrap().write_encoded(&mut out);
            assert_eq!(out, percent_encoded(expected), "{scheme}");
        }
    }

    fn percent_encoded(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        encode_to(text.as_bytes(), &mut out);
        out
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
