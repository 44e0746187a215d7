//! Percent-encoding as RFC 5849 §3.6 defines it, and strict form decoding.
//!
//! OAuth encodes with exactly the RFC 3986 unreserved set (`A-Z a-z 0-9 - . _ ~`) left alone and every other
//! octet of the UTF-8 form written as `%XX` with uppercase hex. That differs from both
//! `application/x-www-form-urlencoded` (which writes a space as `+` and leaves `*` alone) and from most URL
//! libraries, which is why OAuth implementations so often disagree; this module is the one place the rule
//! lives.
//!
//! Decoding goes the other way for query strings and form bodies: `+` is a space and `%XX` is an octet.
//! Unlike most form decoders, [`form_decode`] is strict: a `%` not followed by two hex digits, or octets that
//! are not UTF-8, are errors rather than being passed through, because a lenient decoder signs something
//! other than what the server will read.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// Every ASCII octet except the RFC 3986 unreserved characters; all non-ASCII octets are encoded too.
const OAUTH_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encodes `input` for OAuth (RFC 5849 §3.6).
///
/// The result implements [`Display`](fmt::Display), so it can be written without an intermediate
/// allocation; call `.to_string()` for a `String`.
///
/// ```
/// use oauth1_core::encode::percent_encode;
///
/// assert_eq!(percent_encode("Ladies + Gentlemen").to_string(), "Ladies%20%2B%20Gentlemen");
/// assert_eq!(percent_encode("☃").to_string(), "%E2%98%83");
/// assert_eq!(percent_encode("-._~").to_string(), "-._~");
/// ```
pub fn percent_encode(input: &str) -> PercentEncode<'_> {
    PercentEncode(percent_encoding::utf8_percent_encode(input, OAUTH_ENCODE_SET))
}

/// The lazily encoded form of a string, returned by [`percent_encode`].
#[derive(Clone, Debug)]
pub struct PercentEncode<'a>(percent_encoding::PercentEncode<'a>);

impl fmt::Display for PercentEncode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Whether `byte` is in the RFC 3986 unreserved set, the only octets OAuth leaves unencoded.
pub(crate) const fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Appends the OAuth encoding of `bytes` to `out`.
pub(crate) fn encode_into(bytes: &[u8], out: &mut impl Extend<u8>) {
    for chunk in percent_encoding::percent_encode(bytes, OAUTH_ENCODE_SET) {
        out.extend(chunk.bytes());
    }
}

/// Feeds the OAuth encoding of `bytes` to `sink`, in as few calls as the input allows.
pub(crate) fn encode_to(bytes: &[u8], sink: &mut impl FnMut(&[u8])) {
    for chunk in percent_encoding::percent_encode(bytes, OAUTH_ENCODE_SET) {
        sink(chunk.as_bytes());
    }
}

/// What was wrong with a form-encoded string. Positions count bytes from the start of the encoded input;
/// the input itself is never repeated, since it may hold a secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// A `%` at this byte offset is not followed by two hexadecimal digits.
    BadEscape {
        /// Byte offset of the `%`.
        at: usize,
    },
    /// The decoded octets are not valid UTF-8.
    NotUtf8,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadEscape { at } => {
                write!(f, "'%' at byte {at} is not followed by two hexadecimal digits")
            }
            Self::NotUtf8 => f.write_str("decoded bytes are not UTF-8"),
        }
    }
}

impl core::error::Error for DecodeError {}

const fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Decodes one `application/x-www-form-urlencoded` component into octets: `+` is a space, `%XX` an octet.
pub(crate) fn form_decode_bytes(raw: &[u8]) -> Result<Cow<'_, [u8]>, DecodeError> {
    decode_bytes(raw, true)
}

/// Decodes RFC 3986 percent-encoding into octets: `%XX` is an octet and `+` is itself. The
/// `Authorization` header's values are encoded this way (RFC 5849 §3.5.1), not as a form.
pub(crate) fn percent_decode_bytes(raw: &[u8]) -> Result<Cow<'_, [u8]>, DecodeError> {
    decode_bytes(raw, false)
}

fn decode_bytes(raw: &[u8], plus_is_space: bool) -> Result<Cow<'_, [u8]>, DecodeError> {
    if !raw.iter().any(|&b| b == b'%' || (plus_is_space && b == b'+')) {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&byte) = raw.get(i) {
        match byte {
            b'+' if plus_is_space => out.push(b' '),
            b'%' => {
                let hi = raw.get(i + 1).copied().and_then(hex_value);
                let lo = raw.get(i + 2).copied().and_then(hex_value);
                let (Some(hi), Some(lo)) = (hi, lo) else {
                    return Err(DecodeError::BadEscape { at: i });
                };
                out.push(hi << 4 | lo);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    Ok(Cow::Owned(out))
}

/// Decodes one `application/x-www-form-urlencoded` component (a name or a value, without `&` or `=`)
/// strictly: `+` is a space, `%XX` an octet, and the result must be UTF-8.
///
/// # Errors
/// [`DecodeError::BadEscape`] for a `%` without two hex digits, [`DecodeError::NotUtf8`] when the octets
/// are not UTF-8.
///
/// ```
/// use oauth1_core::encode::{form_decode, DecodeError};
///
/// assert_eq!(form_decode("a+b%21%E2%98%83").unwrap(), "a b!☃");
/// assert_eq!(form_decode("100%"), Err(DecodeError::BadEscape { at: 3 }));
/// assert_eq!(form_decode("%FF"), Err(DecodeError::NotUtf8));
/// ```
pub fn form_decode(raw: &str) -> Result<Cow<'_, str>, DecodeError> {
    match form_decode_bytes(raw.as_bytes())? {
        // Borrowed means no escape was present, so the input (a `str`) is returned unchanged.
        Cow::Borrowed(_) => Ok(Cow::Borrowed(raw)),
        Cow::Owned(bytes) => String::from_utf8(bytes)
            .map(Cow::Owned)
            .map_err(|_| DecodeError::NotUtf8),
    }
}

/// Splits a form-encoded string (`a=1&b=2`) into its raw, still-encoded `(name, value)` pairs.
///
/// Empty segments (`a=1&&b=2`) are skipped; a segment without `=` is a name with an empty value, as
/// HTML forms define it. Decode each half with [`form_decode`].
///
/// ```
/// use oauth1_core::encode::form_pairs;
///
/// let pairs: Vec<_> = form_pairs("c2&a3=2+q&&x=").collect();
/// assert_eq!(pairs, [("c2", ""), ("a3", "2+q"), ("x", "")]);
/// ```
pub fn form_pairs(raw: &str) -> impl Iterator<Item = (&str, &str)> {
    raw.split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| segment.split_once('=').unwrap_or((segment, "")))
}

/// Byte-level twin of [`form_pairs`] for bodies that need not be UTF-8.
pub(crate) fn form_pairs_bytes(raw: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    raw.split(|&b| b == b'&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| match segment.iter().position(|&b| b == b'=') {
            Some(eq) => (
                segment.get(..eq).unwrap_or_default(),
                segment.get(eq + 1..).unwrap_or_default(),
            ),
            None => (segment, &[][..]),
        })
}

/// Appends `%` and the two uppercase hex digits of `byte`.
pub(crate) fn push_escape(byte: u8, out: &mut impl Extend<u8>) {
    let hi = HEX_UPPER.get(usize::from(byte >> 4)).copied().unwrap_or(b'0');
    let lo = HEX_UPPER.get(usize::from(byte & 0xF)).copied().unwrap_or(b'0');
    out.extend([b'%', hi, lo]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn encodes_exactly_the_reserved_set_with_uppercase_hex() {
        assert_eq!(percent_encode("abcABC123-._~").to_string(), "abcABC123-._~");
        assert_eq!(
            percent_encode("!*'();:@&=+$,/?#[] %").to_string(),
            "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%20%25"
        );
        assert_eq!(
            percent_encode("\u{7F}\u{80}\u{3001}").to_string(),
            "%7F%C2%80%E3%80%81"
        );
    }

    #[test]
    fn plus_is_a_space_when_decoding_but_encoded_plus_stays_plus() {
        assert_eq!(form_decode("a+b").unwrap(), "a b");
        assert_eq!(form_decode("a%2Bb").unwrap(), "a+b");
        assert_eq!(form_decode("%2b%7e").unwrap(), "+~");
    }

    #[test]
    fn decode_rejects_truncated_and_non_hex_escapes() {
        assert_eq!(form_decode("%"), Err(DecodeError::BadEscape { at: 0 }));
        assert_eq!(form_decode("ab%4"), Err(DecodeError::BadEscape { at: 2 }));
        assert_eq!(form_decode("%zz"), Err(DecodeError::BadEscape { at: 0 }));
        assert_eq!(form_decode("%C3%28"), Err(DecodeError::NotUtf8));
    }
}
