//! Request parameters, normalized as RFC 5849 §3.4.1.3 requires.
//!
//! Every parameter is stored already *encoded* (§3.6) in one byte buffer, so sorting compares the encoded
//! forms — the RFC sorts after encoding, and sorting decoded strings orders `%`-escaped characters wrongly.
//! Names and values are kept apart (sorting joined `"name=value"` strings puts `a-b` before `a`), duplicates
//! are kept, and nothing is merged. The buffer (2 KiB) and the index (32 parameters) live on the stack for
//! ordinary requests, so signing one allocates only the header value.

use core::ops::Range;

use smallvec::SmallVec;

use crate::encode::{DecodeError, Sink, decode_into, encode_to, escape, form_pairs_bytes, is_unreserved};
use crate::error::{Error, InputError};
use crate::signer::Placement;

/// One parameter: `buf[name]` and `buf[value]`, both encoded.
#[derive(Clone, Debug)]
struct Span {
    name: Range<usize>,
    value: Range<usize>,
}

/// The normalized parameter list of one request.
#[derive(Clone, Debug, Default)]
pub(crate) struct ParamList {
    buf: SmallVec<[u8; 2048]>,
    spans: SmallVec<[Span; 32]>,
    /// Whether a query or body parameter is named `oauth_…` (only then can one collide with a
    /// protocol parameter).
    oauth_names: bool,
}

impl ParamList {
    fn slice(&self, range: &Range<usize>) -> &[u8] {
        part(&self.buf, range)
    }

    /// Adds a parameter given in plain (unencoded) form, such as a protocol parameter.
    pub(crate) fn push_plain(&mut self, name: &str, value: &[u8]) {
        self.push_decoded(name.as_bytes(), value);
    }

    /// Adds a parameter whose name and value are already decoded octets.
    pub(crate) fn push_decoded(&mut self, name: &[u8], value: &[u8]) {
        let start = self.buf.len();
        encode_to(name, &mut self.buf);
        let mid = self.buf.len();
        encode_to(value, &mut self.buf);
        self.close_span(start, mid);
    }

    /// Adds every pair of a form-encoded string (a query or a form body), decoding then re-encoding it.
    /// `oauth_*` names are kept like any other: a request may carry protocol parameters of its own
    /// (Twitter's documented access-token request has `oauth_verifier` in its body), and they are signed
    /// as they stand. The signer refuses only a name it adds itself ([`ParamList::position`]).
    pub(crate) fn push_form(&mut self, raw: &[u8], placement: Placement) -> Result<(), Error> {
        for (name, value) in form_pairs_bytes(raw) {
            let start = self.buf.len();
            self.push_recoded(name, placement)?;
            let mid = self.buf.len();
            self.oauth_names |= part(&self.buf, &(start..mid)).starts_with(b"oauth_");
            self.push_recoded(value, placement)?;
            self.close_span(start, mid);
        }
        Ok(())
    }

    /// How many parameters are held.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The index of the first query or body parameter named `name`, an `oauth_…` name (whose encoding
    /// is itself: the protocol parameters' names are unreserved characters).
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        if !self.oauth_names {
            return None;
        }
        self.spans
            .iter()
            .position(|span| self.slice(&span.name) == name.as_bytes())
    }

    /// Records the parameter written to `buf[start..]`, whose name ends at `mid`.
    fn close_span(&mut self, start: usize, mid: usize) {
        let end = self.buf.len();
        self.spans.push(Span {
            name: start..mid,
            value: mid..end,
        });
    }

    /// Appends the OAuth encoding of one form-encoded component, without allocating: the component is
    /// decoded onto the end of the buffer, checked for UTF-8, then re-encoded in place from the back.
    fn push_recoded(&mut self, raw: &[u8], placement: Placement) -> Result<(), Error> {
        // Fast path: nothing to decode and nothing to escape.
        if raw.iter().all(|&b| is_unreserved(b)) {
            self.buf.extend_from_slice(raw);
            return Ok(());
        }
        let start = self.buf.len();
        let fail = |list: &mut Self, error| {
            list.buf.truncate(start);
            Err(InputError::decode(placement, error).into())
        };
        if let Err(error) = decode_into(raw, true, &mut self.buf) {
            return fail(self, error);
        }
        let decoded = part(&self.buf, &(start..self.buf.len()));
        if core::str::from_utf8(decoded).is_err() {
            return fail(self, DecodeError::NotUtf8);
        }
        let escapes = decoded.iter().filter(|&&b| !is_unreserved(b)).count();
        let (mut read, mut write) = (self.buf.len(), self.buf.len() + 2 * escapes);
        self.buf.resize(write, 0);
        // Each octet moves right by twice the escapes before it, so writing from the back never
        // overwrites an octet not yet read. `start <= read < write <= len` throughout (the buffer was
        // grown by exactly two bytes per escape), so the indexing cannot go out of bounds.
        while read > start {
            read -= 1;
            let byte = self.buf[read];
            if is_unreserved(byte) {
                write -= 1;
                self.buf[write] = byte;
            } else {
                write -= 3;
                self.buf[write..write + 3].copy_from_slice(&escape(byte));
            }
        }
        Ok(())
    }

    /// Sorts by encoded name, then by encoded value (RFC 5849 §3.4.1.3.2), keeping duplicates.
    pub(crate) fn sort(&mut self) {
        let buf = &self.buf;
        self.spans.sort_unstable_by(|a, b| {
            part(buf, &a.name)
                .cmp(part(buf, &b.name))
                .then_with(|| part(buf, &a.value).cmp(part(buf, &b.value)))
        });
    }

    /// The encoded `(name, value)` pairs in their current order.
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&[u8], &[u8])> {
        self.spans
            .iter()
            .map(|s| (self.slice(&s.name), self.slice(&s.value)))
    }

    /// Feeds `enc(normalized parameters)` to `sink`: the third part of the base string. The pairs are
    /// already encoded, so encoding them once more only turns `%` into `%25`, `=` into `%3D`, `&` into `%26`.
    pub(crate) fn write_encoded(&self, sink: &mut impl Sink) {
        for (i, (name, value)) in self.pairs().enumerate() {
            if i > 0 {
                sink.put(b"%26");
            }
            write_reencoded(name, sink);
            sink.put(b"%3D");
            write_reencoded(value, sink);
        }
    }
}

/// Encodes an already-encoded string again (its only reserved character is `%`).
fn write_reencoded(encoded: &[u8], sink: &mut impl Sink) {
    sink.put_encoded(encoded);
}

/// `buf[range]` for a range this list recorded.
fn part<'b>(buf: &'b [u8], range: &Range<usize>) -> &'b [u8] {
    let len = buf.len();
    let part = buf.get(range.clone());
    #[allow(clippy::panic)] // Every span is recorded from the buffer's own length.
    part.unwrap_or_else(|| panic!("span {range:?} outside a {len}-byte parameter buffer"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn normalized(list: &ParamList) -> Vec<u8> {
        let mut out = Vec::new();
        list.write_encoded(&mut out);
        out
    }

    #[test]
    fn sorts_encoded_names_then_values_keeping_duplicates() {
        let mut list = ParamList::default();
        list.push_form(b"a=x!y&a=x+y&x!y=a&x=a", Placement::Query)
            .unwrap();
        list.sort();
        let pairs: Vec<_> = list.pairs().collect();
        assert_eq!(
            pairs,
            [
                (&b"a"[..], &b"x%20y"[..]),
                (&b"a"[..], &b"x%21y"[..]),
                (&b"x"[..], &b"a"[..]),
                (&b"x%21y"[..], &b"a"[..])
            ]
        );
    }

    #[test]
    fn name_prefix_sorts_before_longer_name_not_by_joined_string() {
        // Joined strings would compare "a-b=1" < "a=2" ('-' < '='); the RFC compares names first.
        let mut list = ParamList::default();
        list.push_form(b"a-b=1&a=2", Placement::Query).unwrap();
        list.sort();
        assert_eq!(normalized(&list), b"a%3D2%26a-b%3D1");
    }

    #[test]
    fn keeps_oauth_parameters_of_the_request_and_finds_them_by_name() {
        let mut list = ParamList::default();
        list.push_form(b"x=1&oauth_token=abc", Placement::Body).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list.position("oauth_token"), Some(1));
        assert_eq!(list.position("oauth_nonce"), None);
    }
}
