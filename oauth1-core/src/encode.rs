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
use core::ops::Range;

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

impl<'a> PercentEncode<'a> {
    /// The encoded form in consecutive pieces, for `String::extend`: no temporary `String`, and no
    /// `fmt::Result` to discard.
    pub(crate) fn pieces(self) -> impl Iterator<Item = &'a str> {
        self.0
    }
}

/// A form as this crate writes one: `name=value` pairs, each name and value percent-encoded (`+` as
/// `%2B`, so that reading the form, where `+` is a space, gives each back exactly), joined by `&`.
pub(crate) fn form_encode<'p>(pairs: impl IntoIterator<Item = (&'p str, &'p str)>) -> String {
    let mut form = String::new();
    for (name, value) in pairs {
        if !form.is_empty() {
            form.push('&');
        }
        form.extend(percent_encode(name).pieces());
        form.push('=');
        form.extend(percent_encode(value).pieces());
    }
    form
}

impl fmt::Display for PercentEncode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Whether `byte` is in the RFC 3986 unreserved set, the only octets OAuth leaves unencoded.
pub(crate) const fn is_unreserved(byte: u8) -> bool {
    UNRESERVED[byte as usize]
}

/// How many octets at the start of `bytes` are unreserved. Sixteen at a time: the loop over each
/// chunk compares with ranges rather than a table and has no early exit, so the compiler turns it into
/// vector instructions (SSE2 on every x86-64) without any `unsafe` here.
#[inline(always)]
pub(crate) fn unreserved_run(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(16);
    let mut run = 0;
    for chunk in &mut chunks {
        // One octet per lane, 0xFF where the octet is reserved.
        let lanes: [u8; 16] = core::array::from_fn(|i| {
            let b = chunk[i];
            let letter = (b | 0x20).wrapping_sub(b'a') < 26;
            let digit = b.wrapping_sub(b'0') < 10;
            let mark = (b.wrapping_sub(b'-') < 2) | (b == b'_') | (b == b'~');
            u8::from(!(letter | digit | mark)).wrapping_neg()
        });
        let reserved = u128::from_le_bytes(lanes);
        if reserved != 0 {
            return run + reserved.trailing_zeros() as usize / 8;
        }
        run += 16;
    }
    let rest = chunks.remainder();
    run + rest.iter().position(|&b| !is_unreserved(b)).unwrap_or(rest.len())
}

/// [`is_unreserved`] as a table: the signing path asks it for every octet it encodes.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte: u8 = 0;
    loop {
        table[byte as usize] = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~');
        if byte == u8::MAX {
            break table;
        }
        byte += 1;
    }
};

/// Receives encoded output. The signer's hot path writes runs of plain octets, single escapes, and whole
/// strings to encode; a sink that can do one of these faster than piece by piece overrides it.
pub(crate) trait Sink {
    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]);

    /// Appends one octet.
    fn put_byte(&mut self, byte: u8) {
        self.put(&[byte]);
    }

    /// Appends `%XX` for `byte`, hex uppercase.
    fn put_escape(&mut self, byte: u8) {
        self.put(&escape(byte));
    }

    /// Appends the OAuth encoding of `bytes`: each run of unreserved octets in one piece, each other
    /// octet as an escape.
    fn put_encoded(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some(run) = rest.iter().position(|&b| !is_unreserved(b)) {
            let (plain, tail) = rest.split_at(run);
            if !plain.is_empty() {
                self.put(plain);
            }
            let Some((&byte, tail)) = tail.split_first() else {
                return;
            };
            self.put_escape(byte);
            rest = tail;
        }
        if !rest.is_empty() {
            self.put(rest);
        }
    }

    /// Appends the OAuth encoding of the OAuth encoding of `bytes` (a value in the base string): each
    /// run of unreserved octets in one piece, each other octet as `%25XX`.
    fn put_encoded_twice(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some(run) = rest.iter().position(|&b| !is_unreserved(b)) {
            let (plain, tail) = rest.split_at(run);
            self.put(plain);
            let Some((&byte, tail)) = tail.split_first() else {
                return;
            };
            self.put(&escape_twice(byte));
            rest = tail;
        }
        self.put(rest);
    }

    /// Appends `%26` when `separator`, then `name%3Dvalue`, both already in base-string form (one
    /// normalized parameter of the base string).
    fn put_pair(&mut self, separator: bool, name: &[u8], value: &[u8])
    where
        Self: Sized,
    {
        put_pair_piecewise(self, separator, name, value);
    }
}

/// [`Sink::put_pair`] piece by piece (a sink that overrides it falls back to this).
pub(crate) fn put_pair_piecewise(sink: &mut impl Sink, separator: bool, name: &[u8], value: &[u8]) {
    if separator {
        sink.put(b"%26");
    }
    sink.put(name);
    sink.put(b"%3D");
    sink.put(value);
}

/// Writes the OAuth encoding of `bytes` into `out` from `len`, octet by octet, and returns the new
/// length: for short text with escapes between short runs (a path, a base64 signature), where copying
/// run by run costs more. The caller has made room for three octets per input octet (indexing past it
/// would be that caller's bug, and panics).
pub(crate) fn encode_octets(out: &mut [u8], mut len: usize, bytes: &[u8]) -> usize {
    for &byte in bytes {
        if is_unreserved(byte) {
            out[len] = byte;
            len += 1;
        } else {
            out[len..len + 3].copy_from_slice(&escape(byte));
            len += 3;
        }
    }
    len
}

/// Text collected on the stack while it fits in 512 octets, on the heap after: an `Authorization`
/// header is written here once, then copied into its `HeaderValue`.
pub(crate) struct StackText {
    inline: [u8; 512],
    len: usize,
    heap: Vec<u8>,
}

impl StackText {
    pub(crate) const fn new() -> Self {
        Self {
            inline: [0; 512],
            len: 0,
            heap: Vec::new(),
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        if self.heap.is_empty() {
            // `put` keeps `len` within the inline buffer.
            &self.inline[..self.len]
        } else {
            &self.heap
        }
    }

    /// Moves the text to the heap, where everything after it goes.
    fn spill(&mut self) {
        if self.heap.is_empty() {
            self.heap.extend_from_slice(&self.inline[..self.len]);
        }
    }
}

impl Sink for StackText {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        if self.heap.is_empty()
            && let Some(free) = self.inline.get_mut(self.len..self.len + bytes.len())
        {
            free.copy_from_slice(bytes);
            self.len += bytes.len();
            return;
        }
        self.spill();
        self.heap.extend_from_slice(bytes);
    }

    fn put_encoded(&mut self, bytes: &[u8]) {
        if self.heap.is_empty() && self.inline.len() - self.len >= 3 * bytes.len() {
            self.len = encode_octets(&mut self.inline, self.len, bytes);
            return;
        }
        self.spill();
        self.heap.put_encoded(bytes);
    }
}

/// Fills `out` (exactly the encoded length of `bytes`) with the OAuth encoding of `bytes`, a run of
/// plain octets or one escape at a time. Its one caller sizes `out` with [`encoded_len`]; a shorter
/// `out` would be that caller's bug, and panics (skipping the write would sign zeros instead).
fn fill_encoded(out: &mut [u8], bytes: &[u8]) {
    let mut written = 0;
    let mut rest = bytes;
    loop {
        let run = rest.iter().position(|&b| !is_unreserved(b)).unwrap_or(rest.len());
        let (plain, tail) = rest.split_at(run);
        out[written..written + run].copy_from_slice(plain);
        written += run;
        let Some((&byte, tail)) = tail.split_first() else {
            return;
        };
        out[written..written + 3].copy_from_slice(&escape(byte));
        written += 3;
        rest = tail;
    }
}

/// The length of the OAuth encoding of `bytes`.
pub(crate) fn encoded_len(bytes: &[u8]) -> usize {
    bytes.len() + 2 * bytes.iter().filter(|&&b| !is_unreserved(b)).count()
}

/// Appends `len` zero octets by copying, in as few pieces as can be (`resize` on a `SmallVec` stores
/// them one at a time).
pub(crate) fn grow(buf: &mut impl Buffer, mut len: usize) {
    const ZEROS: [u8; 2048] = [0; 2048];
    while len > 0 {
        let step = len.min(ZEROS.len());
        let zeros = ZEROS.get(..step);
        #[allow(clippy::expect_used)] // `step` is at most ZEROS.len().
        buf.extend_from(zeros.expect("step is at most the zeros' length"));
        len -= step;
    }
}

/// A growable byte buffer (`Vec` or `SmallVec`): every one is a [`Sink`] the same way.
pub(crate) trait Buffer {
    fn extend_from(&mut self, bytes: &[u8]);
    fn push_byte(&mut self, byte: u8);
    fn len(&self) -> usize;
    /// The bytes from `start` on.
    fn tail_mut(&mut self, start: usize) -> &mut [u8];
}

impl<A: smallvec::Array<Item = u8>> Buffer for smallvec::SmallVec<A> {
    fn extend_from(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
    fn push_byte(&mut self, byte: u8) {
        self.push(byte);
    }
    fn len(&self) -> usize {
        smallvec::SmallVec::len(self)
    }
    fn tail_mut(&mut self, start: usize) -> &mut [u8] {
        let len = smallvec::SmallVec::len(self);
        let tail = self.get_mut(start..);
        #[allow(clippy::panic)] // Callers pass a length they read from this buffer.
        tail.unwrap_or_else(|| panic!("tail from {start} of a {len}-byte buffer"))
    }
}

impl Buffer for Vec<u8> {
    fn extend_from(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
    fn push_byte(&mut self, byte: u8) {
        self.push(byte);
    }
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn tail_mut(&mut self, start: usize) -> &mut [u8] {
        let len = Vec::len(self);
        let tail = self.get_mut(start..);
        #[allow(clippy::panic)] // Callers pass a length they read from this buffer.
        tail.unwrap_or_else(|| panic!("tail from {start} of a {len}-byte buffer"))
    }
}

impl<B: Buffer> Sink for B {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from(bytes);
    }

    fn put_byte(&mut self, byte: u8) {
        self.push_byte(byte);
    }

    fn put_encoded(&mut self, bytes: &[u8]) {
        // Most values (keys, nonces, timestamps, tokens) need no escape at all.
        let Some(first_escape) = bytes.iter().position(|&b| !is_unreserved(b)) else {
            self.extend_from(bytes);
            return;
        };
        let (plain, rest) = bytes.split_at(first_escape);
        self.extend_from(plain);
        let start = self.len();
        grow(self, encoded_len(rest));
        fill_encoded(self.tail_mut(start), rest);
    }
}

/// `%XX` for `byte`, hex uppercase.
pub(crate) const fn escape(byte: u8) -> [u8; 3] {
    [
        b'%',
        HEX_UPPER[(byte >> 4) as usize],
        HEX_UPPER[(byte & 0xF) as usize],
    ]
}

/// The escape `%XY` (its two hex digits given) in base-string form: encoded once more, `%25XY`.
pub(crate) const fn escaped_twice(hi_digit: u8, lo_digit: u8) -> [u8; 5] {
    [b'%', b'2', b'5', hi_digit, lo_digit]
}

/// `%25XX` for `byte`, hex uppercase: its escape in base-string form.
pub(crate) const fn escape_twice(byte: u8) -> [u8; 5] {
    let [_, hi_digit, lo_digit] = escape(byte);
    escaped_twice(hi_digit, lo_digit)
}

/// Writes the OAuth encoding of `bytes` to `sink`.
pub(crate) fn encode_to(bytes: &[u8], sink: &mut impl Sink) {
    sink.put_encoded(bytes);
}

/// What was wrong with a form-encoded string. Positions count bytes from the start of the encoded input
/// the error is reported for: the whole query or body of a request, a callback's whole query, a
/// response body for a bad name and a field's value for a bad value, one `Authorization` header
/// parameter's value. The input itself is never repeated, since it may hold a secret.
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

impl DecodeError {
    /// This error for a part that starts `start` bytes into the input it is reported for.
    pub(crate) const fn offset_by(self, start: usize) -> Self {
        match self {
            Self::BadEscape { at } => Self::BadEscape { at: start + at },
            Self::NotUtf8 => Self::NotUtf8,
        }
    }
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

/// The value of one hexadecimal digit, either case.
pub(crate) const fn hex_value(digit: u8) -> Option<u8> {
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
    decode_into(raw, plus_is_space, &mut out)?;
    Ok(Cow::Owned(out))
}

/// Writes the octets `raw` decodes to into `sink`: `%XX` is an octet, and `+` a space when
/// `plus_is_space`. Plain runs go in one piece.
pub(crate) fn decode_into(raw: &[u8], plus_is_space: bool, sink: &mut impl Sink) -> Result<(), DecodeError> {
    let special = |b: &u8| *b == b'%' || (plus_is_space && *b == b'+');
    // `read` only moves over octets that are there, so it never passes `raw.len()`.
    let mut read = 0;
    loop {
        // A run of octets that stand for themselves, then an escape, a `+` or the end.
        let rest = &raw[read..];
        let run = rest.iter().position(special).unwrap_or(rest.len());
        if run > 0 {
            sink.put(&rest[..run]);
        }
        read += run;
        match &rest[run..] {
            [b'%', hi, lo, ..] => {
                let (Some(hi), Some(lo)) = (hex_value(*hi), hex_value(*lo)) else {
                    return Err(DecodeError::BadEscape { at: read });
                };
                sink.put_byte(hi << 4 | lo);
                read += 3;
            }
            [b'%', ..] => return Err(DecodeError::BadEscape { at: read }),
            // The run stopped at neither `%` nor the end: a `+`, read as a space.
            [_, ..] => {
                sink.put_byte(b' ');
                read += 1;
            }
            [] => return Ok(()),
        }
    }
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
    form_pair_offsets(raw).map(|(name, value)| (&raw[name], &raw[value]))
}

/// [`form_pairs`] as the byte ranges of each name and value in `raw`, for errors that say where.
pub(crate) fn form_pair_offsets(raw: &str) -> impl Iterator<Item = (Range<usize>, Range<usize>)> {
    let mut start = 0;
    raw.split('&').filter_map(move |segment| {
        let (at, end) = (start, start + segment.len());
        start = end + 1;
        let name_end = segment.find('=').map_or(end, |equals| at + equals);
        (at < end).then(|| (at..name_end, (name_end + 1).min(end)..end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn the_unreserved_run_stops_at_the_first_reserved_octet_wherever_it_lies() {
        // Every octet, at every position of a chunk, past it and in the tail after the last chunk.
        for len in [0, 1, 15, 16, 17, 31, 32, 40] {
            let plain = b"aZ09-._~".repeat(5)[..len].to_vec();
            assert_eq!(unreserved_run(&plain), len);
            for at in 0..len {
                for octet in 0..=u8::MAX {
                    let mut bytes = plain.clone();
                    bytes[at] = octet;
                    let expected = if is_unreserved(octet) { len } else { at };
                    assert_eq!(unreserved_run(&bytes), expected, "{octet:#04x} at {at} of {len}");
                }
            }
        }
    }

    #[test]
    fn the_fast_encoder_agrees_with_percent_encoding_on_every_octet() {
        for byte in 0..=u8::MAX {
            let input = [b'a', byte, byte, b'~'];
            let reference = percent_encoding::percent_encode(&input, OAUTH_ENCODE_SET).to_string();
            let mut presized = Vec::new();
            encode_to(&input, &mut presized);
            assert_eq!(presized, reference.as_bytes(), "octet {byte:#04x}");
            // The piece-by-piece path, as a MAC sink takes it.
            struct Pieces(Vec<u8>);
            impl Sink for Pieces {
                fn put(&mut self, bytes: &[u8]) {
                    self.0.extend_from_slice(bytes);
                }
            }
            let mut pieces = Pieces(Vec::new());
            encode_to(&input, &mut pieces);
            assert_eq!(pieces.0, reference.as_bytes(), "octet {byte:#04x}");
        }
    }

    #[test]
    fn stack_text_keeps_everything_when_it_moves_to_the_heap() {
        for first in [10usize, 300, 511, 512, 600] {
            for second in [1usize, 100, 250] {
                let (a, b) = ("a".repeat(first), "+/".repeat(second));
                let mut text = StackText::new();
                text.put(a.as_bytes());
                text.put_encoded(b.as_bytes());
                text.put(b"!");
                let mut expected = Vec::new();
                expected.put(a.as_bytes());
                encode_to(b.as_bytes(), &mut expected);
                expected.put(b"!");
                assert_eq!(text.as_bytes(), expected, "{first} then {second}");
            }
        }
    }

    #[test]
    fn decoding_into_a_sink_reports_the_offset_of_a_bad_escape() {
        let mut out = Vec::new();
        assert_eq!(
            decode_into(b"a+b%41%4", true, &mut out),
            Err(DecodeError::BadEscape { at: 6 })
        );
        let mut out = Vec::new();
        decode_into(b"a+b%41", false, &mut out).unwrap();
        assert_eq!(out, b"a+bA");
    }

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

    #[test]
    fn form_pair_offsets_place_each_name_and_value_in_the_input() {
        let offsets = |raw| form_pair_offsets(raw).collect::<Vec<_>>();
        assert_eq!(offsets(""), []);
        assert_eq!(offsets("&&"), []);
        assert_eq!(offsets("a"), [(0..1, 1..1)]);
        assert_eq!(offsets("a="), [(0..1, 2..2)]);
        assert_eq!(offsets("=b"), [(0..0, 1..2)]);
        assert_eq!(offsets("&ab=c=d&&e&"), [(1..3, 4..7), (9..10, 10..10)]);
        assert_eq!(
            form_pairs("&ab=c=d&&e&").collect::<Vec<_>>(),
            [("ab", "c=d"), ("e", "")]
        );
    }
}
