//! Request parameters, normalized as RFC 5849 §3.4.1.3 requires.
//!
//! Every name and value is held in its base-string form: its OAuth encoding (§3.6), encoded once more
//! (§3.4.1.1), which turns each `%` into `%25` and leaves everything else alone. Sorting compares
//! those forms, which orders exactly as the OAuth encodings do (the RFC sorts after encoding; sorting
//! decoded strings orders `%`-escaped characters wrongly): two strings first differ at the same octet
//! in both forms, and `%` stands first in its `%25`. Names and values are kept apart (sorting joined
//! `"name=value"` strings puts `a-b` before `a`), duplicates are kept, and nothing is merged.
//!
//! A query or body component that is already in OAuth encoding — unreserved characters and `%XX`
//! escapes of the other octets, as every careful client writes it — and has no escape is its own
//! base-string form and is used where it lies, with no copy. One with escapes goes into a scratch
//! buffer in base-string form as it is read, each escape written as `%25XX` in the same pass that
//! checks it, so the base string is then written by copying. Two other spellings take the same path:
//! escapes in lowercase hex (Twitter's "Authorizing a request" sends `%2b`), their digits written in
//! uppercase, and `+` for a space (as `form_urlencoded`, reqwest's `.form()` and Python's `urlencode`
//! write it), written `%2520`. Anything else (an escaped unreserved octet, a bare `*`, escapes that
//! are not UTF-8) is decoded and encoded twice into the scratch buffer. Both live on the stack for
//! ordinary requests, so collecting parameters never allocates.

use alloc::borrow::Cow;
use core::ops::Range;

use smallvec::SmallVec;

use crate::encode::{
    DecodeError, Sink, decode_into, escape_twice, escaped_twice, grow, is_unreserved, percent_decode_bytes,
};
use crate::error::{Error, InputError};
use crate::signer::Placement;

/// Where one name or value lies, in base-string form.
#[derive(Clone, Debug)]
enum Piece<'r> {
    /// In the request itself: OAuth encoding without an escape, its own base-string form.
    Raw(&'r [u8]),
    /// In the list's scratch buffer.
    Scratch(Range<usize>),
}

/// An `Authorization` header parameter as the verifier's header parser hands it over: its literal
/// name, and its value unquoted but still percent-encoded.
pub(crate) struct RawParam<'h> {
    pub(crate) name: &'h str,
    /// Whether every octet of the name is unreserved (found while reading it): it is then its own
    /// OAuth encoding, as every protocol parameter's name is.
    pub(crate) name_unreserved: bool,
    pub(crate) value: Cow<'h, [u8]>,
    /// The value as text when every octet is unreserved (found while unquoting): it is then its own
    /// OAuth encoding and its own decoding. Most protocol values are (keys, tokens, nonces,
    /// timestamps, the method).
    pub(crate) unreserved_value: Option<&'h str>,
}

/// The normalized parameter list of one request.
#[derive(Clone, Debug, Default)]
pub(crate) struct ParamList<'r> {
    scratch: Scratch,
    spans: SmallVec<[(Piece<'r>, Piece<'r>); 24]>,
    /// Whether a query or body parameter is named `oauth_…` (only then can one collide with a
    /// protocol parameter).
    oauth_names: bool,
}

impl<'r> ParamList<'r> {
    /// Writes the base-string form of `plain` (octets that are not encoded at all) to the scratch
    /// buffer.
    fn push_encoded(&mut self, plain: &[u8]) -> Piece<'r> {
        let start = self.scratch.len;
        self.scratch.put_encoded_twice(plain);
        Piece::Scratch(start..self.scratch.len)
    }

    /// Adds every pair of a form-encoded string (a query or a form body), in one pass over it: empty
    /// segments (`a=1&&b=2`) are skipped, and a segment without `=` is a name with an empty value.
    /// `oauth_*` names are kept like any other: a request may carry protocol parameters of its own
    /// (Twitter's documented access-token request has `oauth_verifier` in its body), and they are signed
    /// as they stand. The signer refuses only a name it adds itself ([`ParamList::collision`]).
    pub(crate) fn push_form(&mut self, raw: &'r [u8], placement: Placement) -> Result<(), Error> {
        self.push_form_with(
            raw,
            |error| InputError::decode(placement, error).into(),
            |_, _| Ok(true),
        )
    }

    /// [`ParamList::push_form`], handing each pair whose name is `oauth_…` to `protocol` first: its name
    /// (in base-string form, which for every protocol parameter's name is the name itself) and its
    /// value as sent. The pair is added when `protocol` says so (a verifier keeps `oauth_signature`
    /// out). A component that is not valid encoding is `bad`.
    pub(crate) fn push_form_with<E>(
        &mut self,
        raw: &'r [u8],
        bad: impl Fn(DecodeError) -> E,
        mut protocol: impl FnMut(&[u8], &'r [u8]) -> Result<bool, E>,
    ) -> Result<(), E> {
        let mut start = 0;
        while start < raw.len() {
            let (name_end, name_form, name_written) = self.scan(raw, start, Component::FormName);
            let (value_start, (end, value_form, value_written)) = if raw.get(name_end) == Some(&b'=') {
                (name_end + 1, self.scan(raw, name_end + 1, Component::FormValue))
            } else {
                (
                    name_end,
                    (name_end, Form::Plain, name_written.end..name_written.end),
                )
            };
            if end > start {
                let value_raw = &raw[value_start..end];
                // An error's offset counts from the start of the whole query or body.
                let name = self.form_piece(&raw[start..name_end], name_form, name_written);
                let name = name.map_err(|error| bad(error.offset_by(start)))?;
                let value = self.form_piece(value_raw, value_form, value_written);
                let pair = (name, value.map_err(|error| bad(error.offset_by(value_start)))?);
                let name = self.bytes(&pair.0);
                let oauth = name.starts_with(b"oauth_");
                if !oauth || protocol(name, value_raw)? {
                    self.oauth_names |= oauth;
                    self.spans.push(pair);
                }
            }
            start = end + 1;
        }
        Ok(())
    }

    /// Adds one `Authorization` header parameter: its literal name and its value as sent
    /// (percent-encoded, where `+` is itself), or unescaped from a quoted string. Returns whether the
    /// value holds no escape, so that it is its own decoding.
    #[inline]
    pub(crate) fn push_header_pair(&mut self, param: &RawParam<'r>) -> Result<bool, DecodeError> {
        // A name is written literally (the header parser refuses a `%` in it): it is its own
        // encoding exactly when every octet is unreserved.
        let name = if param.name_unreserved {
            Piece::Raw(param.name.as_bytes())
        } else {
            self.push_encoded(param.name.as_bytes())
        };
        let (value, plain) = match &param.value {
            Cow::Borrowed(raw) if param.unreserved_value.is_some() => (Piece::Raw(raw), true),
            Cow::Borrowed(raw) => match self.form_of(raw) {
                (Form::Plain, _) => (Piece::Raw(raw), true),
                (Form::Escaped, written) => (Piece::Scratch(written), false),
                (Form::Other, _) => (self.push_decoded(raw, false)?, false),
            },
            Cow::Owned(raw) => (self.push_decoded(raw, false)?, false),
        };
        self.spans.push((name, value));
        Ok(plain)
    }

    /// [`scan`] into this list's scratch buffer: where the component ends, its form, and what was
    /// written for it (nothing unless it is [`Form::Escaped`]).
    #[inline(always)]
    fn scan(&mut self, raw: &[u8], start: usize, component: Component) -> (usize, Form, Range<usize>) {
        let mark = self.scratch.len;
        let (end, form) = scan::<false>(raw, start, component, &mut self.scratch);
        (end, form, mark..self.scratch.len)
    }

    /// The base-string form of one form-encoded component: the component itself when it is
    /// [`Form::Plain`], what [`scan`] wrote (`written`) when [`Form::Escaped`]; else decoded and
    /// encoded twice into the scratch buffer. Its decoded octets must be UTF-8 either way.
    #[inline]
    fn form_piece(
        &mut self,
        raw: &'r [u8],
        form: Form,
        written: Range<usize>,
    ) -> Result<Piece<'r>, DecodeError> {
        match form {
            Form::Plain => Ok(Piece::Raw(raw)),
            Form::Escaped => Ok(Piece::Scratch(written)),
            Form::Other => self.push_decoded(raw, true),
        }
    }

    /// Decodes `raw` (form-encoded when `plus_is_space`, else percent-encoded), checks it is UTF-8
    /// and writes its base-string form to the scratch buffer. Out of line: its decoding buffer would
    /// otherwise enlarge the frame of every caller, which runs for every parameter.
    #[inline(never)]
    fn push_decoded(&mut self, raw: &[u8], plus_is_space: bool) -> Result<Piece<'r>, DecodeError> {
        Ok(self.push_encoded(&decoded_utf8(raw, plus_is_space)?))
    }

    /// Classifies `raw`, one whole component (an `&` in it makes it [`Form::Other`]), and what
    /// [`scan`] wrote for it.
    fn form_of(&mut self, raw: &[u8]) -> (Form, Range<usize>) {
        match self.scan(raw, 0, Component::HeaderValue) {
            (end, form, written) if end == raw.len() => (form, written),
            (_, _, written) => {
                // Stopped at an `&`: whatever was written is taken back.
                self.scratch.len = written.start;
                (Form::Other, written.start..written.start)
            }
        }
    }

    /// How many parameters are held.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The first of the names `names` gives that a parameter has too, with that parameter's index.
    /// The protocol's names all start with `oauth_`, so `names` is not even called unless a parameter's
    /// name does (the common request has none, and signing asks on every request).
    pub(crate) fn collision<I: IntoIterator<Item = &'static str>>(
        &self,
        names: impl FnOnce() -> I,
    ) -> Option<(&'static str, usize)> {
        if !self.oauth_names {
            return None;
        }
        names()
            .into_iter()
            .find_map(|name| self.position(name).map(|index| (name, index)))
    }

    /// The index of the first parameter named `name`, an `oauth_…` name (whose base-string form is
    /// itself: the protocol parameters' names are unreserved characters).
    fn position(&self, name: &str) -> Option<usize> {
        self.spans
            .iter()
            .position(|(span, _)| self.bytes(span) == name.as_bytes())
    }

    fn bytes<'p>(&'p self, piece: &'p Piece<'r>) -> &'p [u8] {
        resolve(self.scratch.written(), piece)
    }

    /// Puts the parameters in normalized order: by encoded name, then by encoded value
    /// (§3.4.1.3.2), duplicates kept. Sorted where they lie, so that nothing is copied.
    pub(crate) fn sort(&mut self) {
        let scratch = self.scratch.written();
        self.spans
            .sort_unstable_by(|(name_a, value_a), (name_b, value_b)| {
                resolve(scratch, name_a)
                    .cmp(resolve(scratch, name_b))
                    .then_with(|| resolve(scratch, value_a).cmp(resolve(scratch, value_b)))
            });
    }

    /// The `(name, value)` pairs in base-string form, in normalized order once [`ParamList::sort`]
    /// has run.
    pub(crate) fn pairs(&self) -> Pairs<'_> {
        Pairs {
            scratch: self.scratch.written(),
            spans: &self.spans,
        }
    }
}

/// A view of a [`ParamList`]'s pairs (unlike the list, it can be borrowed for less than the request).
#[derive(Clone, Copy)]
pub(crate) struct Pairs<'p> {
    scratch: &'p [u8],
    spans: &'p [(Piece<'p>, Piece<'p>)],
}

impl<'p> Pairs<'p> {
    /// The `(name, value)` pairs in base-string form, in the list's order.
    pub(crate) fn iter(self) -> impl Iterator<Item = (&'p [u8], &'p [u8])> + Clone {
        let scratch = self.scratch;
        self.spans
            .iter()
            .map(move |(name, value)| (resolve(scratch, name), resolve(scratch, value)))
    }
}

/// The OAuth encoding a base-string form stands for: its percent-decoding (every `%` in that form
/// starts a `%25`, which decodes back to `%`).
pub(crate) fn oauth_encoding(base_string_form: &[u8]) -> Cow<'_, [u8]> {
    let decoded = percent_decode_bytes(base_string_form);
    #[allow(clippy::expect_used)] // The list writes every `%` of a base-string form as `%25`.
    decoded.expect("a base-string form's escapes are all %25")
}

/// The bytes of `piece`, which lies in the request or in `scratch`.
#[inline]
fn resolve<'p>(scratch: &'p [u8], piece: &'p Piece<'_>) -> &'p [u8] {
    match piece {
        Piece::Raw(raw) => raw,
        Piece::Scratch(range) => part(scratch, range),
    }
}

/// Base-string forms that are not in the request as they stand. The first `len` octets are written;
/// the buffer is grown (zero-filled) ahead of the writes, so that [`scan`] makes room for a component
/// once and then writes each escape with one store. Inline, it holds a few dozen non-ASCII
/// parameters.
#[derive(Clone, Debug, Default)]
struct Scratch {
    buf: SmallVec<[u8; INLINE_SCRATCH]>,
    len: usize,
}

/// What a scratch buffer holds on the stack.
const INLINE_SCRATCH: usize = 2048;

/// Up to this many octets from a component's first escape to the end of its form, [`scan`] makes room
/// for the worst case of all of them (five octets per escape, 1,790) after the component's plain prefix;
/// with a prefix of up to [`PLAIN_PREFIX_ROOM`] octets that fits an empty scratch buffer inline. Past
/// it, room is made for the component's own base-string form only.
const ROOM_FOR_REST: usize = (INLINE_SCRATCH - PLAIN_PREFIX_ROOM) / 5 * 3;

/// The plain prefix (octets before a component's first escape) that [`ROOM_FOR_REST`] leaves room for.
const PLAIN_PREFIX_ROOM: usize = 256;

impl Scratch {
    fn written(&self) -> &[u8] {
        part(&self.buf, &(0..self.len))
    }

    /// The next `n` octets to write.
    #[inline]
    fn room(&mut self, n: usize) -> &mut [u8] {
        if let Some(missing) = (self.len + n).checked_sub(self.buf.len()) {
            grow(&mut self.buf, missing);
        }
        &mut self.buf[self.len..self.len + n]
    }
}

impl Sink for Scratch {
    fn put(&mut self, bytes: &[u8]) {
        self.room(bytes.len()).copy_from_slice(bytes);
        self.len += bytes.len();
    }
}

/// The octets a form-encoded (or, without `plus_is_space`, percent-encoded) component stands for,
/// checked to be UTF-8.
fn decoded_utf8(raw: &[u8], plus_is_space: bool) -> Result<SmallVec<[u8; 256]>, DecodeError> {
    let mut decoded = SmallVec::new();
    decode_into(raw, plus_is_space, &mut decoded)?;
    match core::str::from_utf8(&decoded) {
        Ok(_) => Ok(decoded),
        Err(_) => Err(DecodeError::NotUtf8),
    }
}

/// What form a form-encoded component is in. (No range rides along: [`scan`]'s result then fits in
/// two registers, where a range made the caller reload it from memory, half-written, stalling.)
#[derive(Debug, PartialEq, Eq)]
enum Form {
    /// OAuth encoding without an escape (unreserved octets only): its own base-string form.
    Plain,
    /// OAuth encoding with escapes — unreserved octets, and `%XX` for every other octet, the escaped
    /// octets forming UTF-8 — whose base-string form [`scan`] appended to the scratch buffer (with
    /// uppercase hex digits, whichever case they were sent in). In a form, `+` for a space too.
    Escaped,
    /// Anything else, octets that are not UTF-8 among them: it has to be decoded (which says what
    /// is wrong with it) and encoded again.
    Other,
}

/// What [`scan`] reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Component {
    /// A name in a form: it ends at `=` or `&`, and `+` is a space.
    FormName,
    /// A value in a form: it ends at `&`, and `+` is a space.
    FormValue,
    /// An `Authorization` header parameter's value: percent-encoded, so `+` is itself (an octet OAuth
    /// encoding escapes).
    HeaderValue,
}

/// How [`scan`] treats an octet.
const PLAIN: u8 = 0;
const PERCENT: u8 = 1;
const AMPERSAND: u8 = 2;
const EQUALS: u8 = 3;
const PLUS: u8 = 4;
const OTHER: u8 = 5;

const CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut byte: u8 = 0;
    loop {
        table[byte as usize] = match byte {
            b'%' => PERCENT,
            b'&' => AMPERSAND,
            b'=' => EQUALS,
            b'+' => PLUS,
            other if is_unreserved(other) => PLAIN,
            _ => OTHER,
        };
        if byte == u8::MAX {
            break table;
        }
        byte += 1;
    }
};

/// Scans the component of a form that starts at `start`, up to the next `&` (or `=`, for a `name`):
/// returns where it ends and what form it is in. The octets escapes stand for are checked to be
/// UTF-8 on the way, by an automaton fed one escaped octet at a time ([`UTF8_STEP`]), so a component
/// in OAuth encoding is never decoded; one with escapes is appended to `scratch` in base-string form
/// as it is read (kept only if it turns out to be [`Form::Escaped`]).
///
/// Without `TOLERANT` it reads OAuth encoding only, copying each escape's digits as they stand; a
/// component in one of two other spellings a form may use — an escape in lowercase hex (and no other
/// fault), or `+` for a space — is scanned again from its start with `TOLERANT`, which writes each
/// escape's digits in uppercase and a `+` as `%2520`. The loop that OAuth encoding runs through then
/// carries none of that.
fn scan<const TOLERANT: bool>(
    raw: &[u8],
    start: usize,
    component: Component,
    scratch: &mut Scratch,
) -> (usize, Form) {
    let name = component == Component::FormName;
    let plus_is_space = component != Component::HeaderValue;
    let mut at = start;
    let other = |at| (component_end(raw, at, name), Form::Other);
    // An octet OAuth encoding does not have at `at`, of `class`: a `+` may be a space, which the
    // tolerant scan reads; anything else makes the component `Form::Other`.
    let refused = |class, at, scratch: &mut Scratch| {
        if !TOLERANT && class == PLUS {
            scan_tolerant(raw, start, component, scratch)
        } else {
            other(at)
        }
    };
    let class = |at: usize| raw.get(at).map(|&b| CLASS[usize::from(b)]);
    // Up to the first escape nothing is written: a component without one is used where it lies.
    while class(at) == Some(PLAIN) {
        at += 1;
    }
    match class(at) {
        Some(PERCENT) => {}
        None | Some(AMPERSAND) => return (at, Form::Plain),
        Some(EQUALS) if name => return (at, Form::Plain),
        Some(PLUS) if TOLERANT && plus_is_space => {}
        Some(class) => return refused(class, at, scratch),
    }
    // From here the base-string form is written as it is read, into room for the worst case: every
    // octet left in an escape, five octets written for three read. Past `ROOM_FOR_REST` octets to the
    // form's end that room would not fit inline (a spill is an allocation), so it is bounded by where
    // this component ends, found at the cost of one more look at it. (What earlier components wrote is
    // not counted, nor a plain prefix past `PLAIN_PREFIX_ROOM`: a form whose escaped values together
    // pass 2 KiB still spills.)
    let end = if raw.len() - at > ROOM_FOR_REST {
        component_end(raw, at, name)
    } else {
        raw.len()
    };
    let out = scratch.room((at - start) + (end - at).div_ceil(3) * 5);
    let (prefix, mut room) = out.split_at_mut(at - start);
    prefix.copy_from_slice(&raw[start..at]);
    let (prefix_len, mut room_len) = (prefix.len(), room.len());
    // Reading stops at `end`: an escape whose digits are not checked yet may not carry it past the
    // room made.
    let form = &raw[..end];
    let mut rest = &form[at..];
    // Where the escaped octets stand in a UTF-8 character; see `UTF8_STEP`.
    let mut state = UTF8_ACCEPT;
    loop {
        // A run of escapes, each written as `%25XY` and each octet fed to the UTF-8 automaton, which
        // also refuses an escaped unreserved octet. One path for every escape: neither the digits nor
        // the octets they stand for decide a branch, and both are judged once the run ends.
        let run_start = form.len() - rest.len();
        // The digits' table entries or'ed together (see `HEX_DIGIT`).
        let mut digits = 0;
        // Two escapes a turn (`%C3%A9`: a character takes two to four), then the one left over.
        while let [b'%', hi_1, lo_1, b'%', hi_2, lo_2, ref tail @ ..] = *rest {
            room = escape_step::<TOLERANT>(hi_1, lo_1, &mut state, &mut digits, room);
            room = escape_step::<TOLERANT>(hi_2, lo_2, &mut state, &mut digits, room);
            rest = tail;
        }
        if let [b'%', hi_digit, lo_digit, ref tail @ ..] = *rest {
            room = escape_step::<TOLERANT>(hi_digit, lo_digit, &mut state, &mut digits, room);
            rest = tail;
        }
        // What follows is a plain octet or the component's end: the escapes before it must have
        // ended a character (or never started one), each escaping an octet that needs it. (A bad
        // digit may be the `&` that ends the component, so its end is looked for from the run's start.)
        let faulty = if TOLERANT {
            digits & NOT_HEX != 0
        } else {
            digits & (NOT_HEX | LOWER_HEX) != 0
        };
        if faulty || state != UTF8_ACCEPT {
            if !TOLERANT && digits & (NOT_HEX | LOWER_HEX) == LOWER_HEX {
                return scan_tolerant(raw, start, component, scratch);
            }
            return other(run_start);
        }
        // Runs between escapes are short: copied as they are read, not by a `memcpy` call.
        while let [octet, ref tail @ ..] = *rest
            && CLASS[usize::from(octet)] == PLAIN
        {
            let slot;
            (slot, room) = take_room::<1>(room);
            *slot = [octet];
            rest = tail;
        }
        match rest.first().map(|&b| CLASS[usize::from(b)]) {
            // Another escape, unless this `%` has no two digits after it.
            Some(PERCENT) if rest.len() >= 3 => {}
            None | Some(AMPERSAND) => break,
            Some(EQUALS) if name => break,
            Some(PLUS) if TOLERANT && plus_is_space => {
                // A space, written `%2520`: five octets for the one read, where room was made for five
                // per three. Room for the worst case of what is left after it is made again if short.
                let after = &rest[1..];
                let needed = 5 + (after.len() * 5).div_ceil(3);
                if room.len() < needed {
                    let used = room_len - room.len();
                    room = &mut scratch.room(prefix_len + used + needed)[prefix_len + used..];
                    room_len = used + room.len();
                }
                let slot;
                (slot, room) = take_room::<5>(room);
                *slot = *b"%2520";
                rest = after;
            }
            Some(class) => return refused(class, form.len() - rest.len(), scratch),
        }
    }
    let at = form.len() - rest.len();
    let written = prefix_len + (room_len - room.len());
    scratch.len += written;
    (at, Form::Escaped)
}

/// [`scan`] with lowercase hex digits and `+` taken, for a component that has some: out of the
/// common path.
#[cold]
#[inline(never)]
fn scan_tolerant(raw: &[u8], start: usize, component: Component, scratch: &mut Scratch) -> (usize, Form) {
    scan::<true>(raw, start, component, scratch)
}

/// One escape of [`scan`]: its digits' table entries or'ed into `digits`, the octet it stands for fed
/// to the UTF-8 automaton, and `%25XY` written at the start of `room`; returns the room after it.
#[inline(always)]
fn escape_step<'room, const TOLERANT: bool>(
    hi_digit: u8,
    lo_digit: u8,
    state: &mut u64,
    digits: &mut u8,
    room: &'room mut [u8],
) -> &'room mut [u8] {
    let (hi, lo) = (HEX_DIGIT[usize::from(hi_digit)], HEX_DIGIT[usize::from(lo_digit)]);
    *digits |= hi | lo;
    let (slot, room) = take_room::<5>(room);
    if TOLERANT {
        // `<<` drops `hi`'s lowercase mark; `lo`'s is masked off.
        let octet = (hi << 4) | (lo & 0xF);
        *state = utf8_step(*state, octet);
        *slot = escape_twice(octet);
    } else {
        *state = utf8_step(*state, hi << 4 | lo);
        *slot = escaped_twice(hi_digit, lo_digit);
    }
    room
}

/// The first `N` octets of `room` and the rest of it. [`scan`] makes room for the worst case before it
/// writes, so there always are `N`.
#[inline(always)]
fn take_room<const N: usize>(room: &mut [u8]) -> (&mut [u8; N], &mut [u8]) {
    #[allow(clippy::expect_used)] // `scan` makes room for five octets per three it reads.
    room.split_first_chunk_mut::<N>()
        .expect("scan makes room for the worst case")
}

/// The UTF-8 automaton over escaped octets (RFC 3629 §4: no overlong forms, no surrogates, nothing
/// past U+10FFFF), as a shift table: a state is a bit offset, and `UTF8_STEP[octet] >> state` holds
/// the next state in its low six bits. The next state does not wait on a table load that depends on
/// the state, so a run of escapes is not one long chain of loads. An escaped unreserved octet (which
/// must not be escaped) is rejected like a broken character.
const UTF8_STEP: [u64; 256] = {
    // State numbers; each state's offset is six times its number.
    const ACCEPT: u64 = 0;
    const REJECT: u64 = 1;
    const MORE_1: u64 = 2; // one continuation octet to come
    const MORE_2: u64 = 3; // two
    const MORE_3: u64 = 4; // three
    const AFTER_E0: u64 = 5; // the next one in A0..=BF, then one more
    const AFTER_ED: u64 = 6; // the next one in 80..=9F, then one more
    const AFTER_F0: u64 = 7; // the next one in 90..=BF, then two more
    const AFTER_F4: u64 = 8; // the next one in 80..=8F, then two more
    // Every state goes to REJECT unless `to` says otherwise.
    const NOWHERE: u64 = {
        let (mut row, mut state) = (0, 0);
        while state < 9 {
            row |= (REJECT * 6) << (state * 6);
            state += 1;
        }
        row
    };
    const fn to(row: u64, from: u64, next: u64) -> u64 {
        row & !(0x3F << (from * 6)) | (next * 6) << (from * 6)
    }
    let mut table = [0u64; 256];
    let mut b: u8 = 0;
    loop {
        table[b as usize] = match b {
            0x00..=0x7F if is_unreserved(b) => NOWHERE,
            0x00..=0x7F => to(NOWHERE, ACCEPT, ACCEPT),
            0x80..=0xBF => {
                let mut row = to(NOWHERE, MORE_1, ACCEPT);
                row = to(row, MORE_2, MORE_1);
                row = to(row, MORE_3, MORE_2);
                if b >= 0xA0 {
                    row = to(row, AFTER_E0, MORE_1);
                }
                if b <= 0x9F {
                    row = to(row, AFTER_ED, MORE_1);
                }
                if b >= 0x90 {
                    row = to(row, AFTER_F0, MORE_2);
                }
                if b <= 0x8F {
                    row = to(row, AFTER_F4, MORE_2);
                }
                row
            }
            0xC2..=0xDF => to(NOWHERE, ACCEPT, MORE_1),
            0xE0 => to(NOWHERE, ACCEPT, AFTER_E0),
            0xED => to(NOWHERE, ACCEPT, AFTER_ED),
            0xE1..=0xEF => to(NOWHERE, ACCEPT, MORE_2),
            0xF0 => to(NOWHERE, ACCEPT, AFTER_F0),
            0xF1..=0xF3 => to(NOWHERE, ACCEPT, MORE_3),
            0xF4 => to(NOWHERE, ACCEPT, AFTER_F4),
            // C0, C1, and F5 and above begin no character.
            _ => NOWHERE,
        };
        if b == u8::MAX {
            break table;
        }
        b += 1;
    }
};

/// The state of [`UTF8_STEP`] between characters (its `ACCEPT`, whose offset is 0). Its `REJECT`
/// never leaves itself, so one check where a run of escapes ends finds a failure anywhere in it.
const UTF8_ACCEPT: u64 = 0;

/// The state after the escaped `octet`.
#[inline(always)]
fn utf8_step(state: u64, octet: u8) -> u64 {
    (UTF8_STEP[usize::from(octet)] >> state) & 0x3F
}

/// Where the component that holds `at` ends (the next `&`, or `=` for a `name`).
fn component_end(raw: &[u8], at: usize, name: bool) -> usize {
    // `scan` only ever stands inside the input.
    let tail = &raw[at..];
    let end = tail.iter().position(|&b| b == b'&' || (name && b == b'='));
    at + end.unwrap_or(tail.len())
}

/// The value of each hexadecimal digit, marked [`LOWER_HEX`] for a lowercase letter; [`NOT_HEX`] for
/// every other octet. Or'ed together over a run of escapes, the marks say whether any digit was
/// lowercase or not a digit at all.
const HEX_DIGIT: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut digit: u8 = 0;
    while digit < 16 {
        table[b"0123456789ABCDEF"[digit as usize] as usize] = digit;
        table[b"0123456789abcdef"[digit as usize] as usize] =
            if digit < 10 { digit } else { digit | LOWER_HEX };
        digit += 1;
    }
    table
};

/// [`HEX_DIGIT`]'s mark of a lowercase hex digit.
const LOWER_HEX: u8 = 0x10;
/// [`HEX_DIGIT`]'s entry for an octet that is no hex digit (no value or mark has this bit).
const NOT_HEX: u8 = 0x20;

/// `buf[range]` for a range this list recorded.
fn part<'b>(buf: &'b [u8], range: &Range<usize>) -> &'b [u8] {
    let len = buf.len();
    let part = buf.get(range.clone());
    #[allow(clippy::panic)] // Every range is recorded from the buffer's own length.
    part.unwrap_or_else(|| panic!("range {range:?} outside a {len}-byte scratch buffer"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// The parameters of `raw` in normalized order, in OAuth encoding.
    fn sorted(raw: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut list = ParamList::default();
        list.push_form(raw, Placement::Query).unwrap();
        list.sort();
        list.pairs()
            .iter()
            .map(|(n, v)| (oauth_encoding(n).into_owned(), oauth_encoding(v).into_owned()))
            .collect()
    }

    /// What form [`scan`] finds `raw`, one component, in, and what it wrote for it.
    fn form(raw: &[u8]) -> (Form, Vec<u8>) {
        let mut list = ParamList::default();
        let (form, written) = list.form_of(raw);
        assert_eq!(written, 0..list.scratch.len, "what was written for it");
        (form, list.scratch.written().to_vec())
    }

    /// What form [`scan`] finds `raw`, one form value, in, and what it wrote for it.
    fn form_value(raw: &[u8]) -> (Form, Vec<u8>) {
        let mut list = ParamList::default();
        let (end, form, written) = list.scan(raw, 0, Component::FormValue);
        assert_eq!(end, raw.len(), "one component");
        assert_eq!(written, 0..list.scratch.len, "what was written for it");
        (form, list.scratch.written().to_vec())
    }

    #[test]
    fn a_plus_in_a_form_is_a_space_written_in_the_same_pass() {
        // As `form_urlencoded` (reqwest's `.form()`) and Python's `urlencode` write Twitter's status.
        let (found, written) = form_value(b"Hello+Ladies+%2B+Gentlemen%2C+a+signed+OAuth+request%21");
        assert_eq!(found, Form::Escaped);
        let expected =
            b"Hello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521";
        assert_eq!(written, expected);
        assert_eq!(form_value(b"+"), (Form::Escaped, b"%2520".to_vec()));
        assert_eq!(
            form_value(b"a+%e2%98%83+"),
            (Form::Escaped, b"a%2520%25E2%2598%2583%2520".to_vec())
        );
        // Where a `+` is no space it is left to decoding: an `Authorization` header value.
        assert_eq!(form(b"a+b"), (Form::Other, Vec::new()));
        assert_eq!(
            sorted(b"a+b=c+d&a=%2B"),
            [
                (b"a".to_vec(), b"%2B".to_vec()),
                (b"a%20b".to_vec(), b"c%20d".to_vec())
            ]
        );
    }

    #[test]
    fn pluses_past_the_room_made_for_escapes_get_more_room() {
        // Room is made for five octets per three read; a `+` writes five for one. Runs of them, alone,
        // after escapes, and in a form longer than the scratch buffer's inline room.
        for (count, before) in [(1, ""), (2, ""), (3000, ""), (700, "%C3%A9"), (5000, "x")] {
            let value = alloc::format!("{before}{}", "+".repeat(count));
            let (found, written) = form_value(value.as_bytes());
            assert_eq!(found, Form::Escaped, "{count} after {before:?}");
            let before_written = before.replace('%', "%25");
            assert_eq!(
                written,
                alloc::format!("{before_written}{}", "%2520".repeat(count)).into_bytes()
            );
            let form = alloc::format!("a={value}&b=+%20");
            let mut list = ParamList::default();
            list.push_form(form.as_bytes(), Placement::Body).unwrap();
            let pairs: Vec<_> = list
                .pairs()
                .iter()
                .map(|(n, v)| (n.to_vec(), v.to_vec()))
                .collect();
            assert_eq!(
                pairs,
                [(b"a".to_vec(), written), (b"b".to_vec(), b"%2520%2520".to_vec())]
            );
        }
    }

    #[test]
    fn sorts_encoded_names_then_values_keeping_duplicates() {
        let pairs = sorted(b"a=x!y&a=x+y&x!y=a&x=a");
        let expected: [(&[u8], &[u8]); 4] =
            [(b"a", b"x%20y"), (b"a", b"x%21y"), (b"x", b"a"), (b"x%21y", b"a")];
        assert_eq!(pairs, expected.map(|(n, v)| (n.to_vec(), v.to_vec())));
    }

    #[test]
    fn name_prefix_sorts_before_longer_name_not_by_joined_string() {
        // Joined strings would compare "a-b=1" < "a=2" ('-' < '='); the RFC compares names first.
        let pairs = sorted(b"a-b=1&a=2");
        assert_eq!(pairs[0].0, b"a");
        assert_eq!(pairs[1].0, b"a-b");
    }

    #[test]
    fn components_already_in_oauth_encoding_are_used_in_place_and_others_recoded() {
        assert_eq!(form(b"a-._~"), (Form::Plain, Vec::new()));
        let (escaped, written) = form(b"a-._~%20%E2%98%83");
        assert_eq!(escaped, Form::Escaped);
        assert_eq!(written, b"a-._~%2520%25E2%2598%2583");
        assert_eq!(form(b"abc%2B").1, b"abc%252B");
        assert_eq!(form(b"%E2%98"), (Form::Other, Vec::new()));
        // Lowercase hex digits are read too, and written in uppercase: the base-string form of the
        // escape's octet, as decoding and encoding again would give.
        assert_eq!(form(b"%2b"), (Form::Escaped, b"%252B".to_vec()));
        assert_eq!(
            form(b"Hello%20Ladies%20%2b%20Gentlemen%2c%20a%E2%98%83%e2%98%83"),
            (
                Form::Escaped,
                b"Hello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%25E2%2598%2583%25E2%2598%2583".to_vec()
            )
        );
        // Whatever was written before the component turned out to need decoding is taken back.
        for other in [
            &b"a+b"[..],
            b"%41",
            b"%7e",
            b"%2b+",
            b"%2b%zz",
            b"a*",
            b"%",
            b"%2",
            b"%zz",
            b"\xff",
            b"%20%2",
            b"%20a&b",
        ] {
            assert_eq!(form(other), (Form::Other, Vec::new()), "{other:?}");
        }
        // Either way the list holds the OAuth encoding (in base-string form).
        assert_eq!(
            sorted(b"n=a+b%2a%41%e2%98%83&m=%E2%98%83"),
            [
                (b"m".to_vec(), b"%E2%98%83".to_vec()),
                (b"n".to_vec(), b"a%20b%2AA%E2%98%83".to_vec())
            ]
        );
    }

    #[test]
    fn the_list_holds_base_string_forms_which_sort_as_the_oauth_encodings_do() {
        let mut list = ParamList::default();
        list.push_form(b"b=%25x&a%2Bb=1&a=%E2%98%83&a=-&c=a%2Bb&c=a%2A", Placement::Query)
            .unwrap();
        list.sort();
        let held: Vec<(&[u8], &[u8])> = list.pairs().iter().collect();
        let expected: [(&[u8], &[u8]); 6] = [
            (b"a", b"%25E2%2598%2583"),
            (b"a", b"-"),
            (b"a%252Bb", b"1"),
            (b"b", b"%2525x"),
            (b"c", b"a%252A"),
            (b"c", b"a%252Bb"),
        ];
        assert_eq!(held, expected);
        // Sorted by their OAuth encodings, they stay in this order (`%` sorts before `-` in both).
        let encodings: Vec<_> = held
            .iter()
            .map(|(n, v)| (oauth_encoding(n).into_owned(), oauth_encoding(v).into_owned()))
            .collect();
        let mut resorted = encodings.clone();
        resorted.sort();
        assert_eq!(resorted, encodings);
    }

    #[test]
    fn a_long_form_makes_room_for_one_component_at_a_time() {
        let mut form = b"a=%E2%98%83".to_vec();
        for i in 0..1000 {
            form.extend_from_slice(alloc::format!("&k{i}=v").as_bytes());
        }
        let mut list = ParamList::default();
        list.push_form(&form, Placement::Body).unwrap();
        assert_eq!(list.len(), 1001);
        assert_eq!(
            list.pairs().iter().next(),
            Some((&b"a"[..], &b"%25E2%2598%2583"[..]))
        );
        // Room for the one escaped value, not for five thirds of the whole form.
        assert!(list.scratch.buf.len() <= 256, "{}", list.scratch.buf.len());
    }

    #[test]
    fn an_escape_early_in_a_form_that_fits_inline_does_not_spill() {
        // An escape early in a form of 1.5 KiB: room for five thirds of the rest would not fit the
        // 2 KiB held inline (an allocation); room for the escaped component does.
        let mut form = b"a=%E2%98%83".to_vec();
        let mut i = 0;
        while form.len() < 1500 {
            form.extend_from_slice(alloc::format!("&k{i}=v").as_bytes());
            i += 1;
        }
        let mut list = ParamList::default();
        list.push_form(&form, Placement::Body).unwrap();
        assert!(!list.scratch.buf.spilled(), "{} octets", list.scratch.buf.len());
        let written: Vec<_> = list
            .pairs()
            .iter()
            .filter(|(_, value)| value.contains(&b'%'))
            .map(|(name, value)| (name.to_vec(), value.to_vec()))
            .collect();
        assert_eq!(written, [(b"a".to_vec(), b"%25E2%2598%2583".to_vec())]);

        // At the bound: a plain prefix, then `ROOM_FOR_REST` octets of escapes (and an end that is no
        // escape), all of which room is made for.
        let rest = "%C3%A9".repeat(ROOM_FOR_REST / 6);
        let rest = alloc::format!("{rest}{}", "=".repeat(ROOM_FOR_REST - rest.len()));
        for prefix in [0, 1, 2, 3, 100, PLAIN_PREFIX_ROOM, PLAIN_PREFIX_ROOM + 2] {
            let form = alloc::format!("{}{rest}", "x".repeat(prefix));
            let mut list = ParamList::default();
            let _ = list.scan(form.as_bytes(), 0, Component::FormName);
            assert!(
                !list.scratch.buf.spilled(),
                "prefix {prefix}: {} octets",
                list.scratch.buf.len()
            );
        }
    }

    #[test]
    fn the_escaped_utf8_check_agrees_with_the_standard_library() {
        // Every one- and two-octet sequence, and three- and four-octet ones around each boundary,
        // each octet escaped: the form is in OAuth encoding exactly when the octets are UTF-8 and
        // none is unreserved (an unreserved octet must not be escaped).
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for a in 0..=255u8 {
            inputs.push(alloc::vec![a]);
            for b in 0..=255u8 {
                inputs.push(alloc::vec![a, b]);
            }
        }
        let edges = [
            0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4,
            0xF5, 0xFF,
        ];
        for a in [0xE0u8, 0xE1, 0xED, 0xEE, 0xF0, 0xF1, 0xF4, 0xF5] {
            for b in edges {
                for c in edges {
                    inputs.push(alloc::vec![a, b, c]);
                    for d in edges {
                        inputs.push(alloc::vec![a, b, c, d]);
                    }
                }
            }
        }
        for input in inputs {
            let escaped: Vec<u8> = input
                .iter()
                .flat_map(|b| alloc::format!("%{b:02X}").into_bytes())
                .collect();
            let expected = core::str::from_utf8(&input).is_ok() && !input.iter().any(|&b| is_unreserved(b));
            let (found, written) = form(&escaped);
            assert_eq!((found == Form::Escaped), expected, "{input:02X?}");
            // In lowercase hex the same, written the same.
            assert_eq!(
                form(&escaped.to_ascii_lowercase()),
                (found, written),
                "{input:02x?}"
            );
        }
    }

    #[test]
    fn escaped_octets_are_checked_for_utf8_without_decoding() {
        for (raw, utf8) in [
            (&b"%E2%98%83"[..], true),
            (b"a%C3%A9b%E2%98%83c", true),
            (b"%C3a%A9", false),
            (b"%ED%A0%80", false),
            (b"%F4%90%80%80", false),
            (b"%C0%80", false),
        ] {
            let (found, _) = form(raw);
            assert_eq!((found == Form::Escaped), utf8, "{raw:?}");
            assert_eq!(found == Form::Other, !utf8, "{raw:?}");
        }
        // Long text (past the scratch buffer's inline room), and a sequence cut short at its end.
        let (long, written) = form(&b"%E2%98%83".repeat(500));
        assert_eq!(long, Form::Escaped);
        assert_eq!(written, b"%25E2%2598%2583".repeat(500));
        let mut broken = b"%E2%98%83".repeat(50);
        broken.extend_from_slice(b"%E2");
        assert_eq!(form(&broken), (Form::Other, Vec::new()));
    }

    #[test]
    fn escapes_must_decode_to_utf8_in_either_form() {
        for raw in [&b"a=%FF"[..], b"a=%ff", b"%C3%28=1", b"a=%C3+"] {
            let mut list = ParamList::default();
            let error = list.push_form(raw, Placement::Body).unwrap_err();
            assert!(error.to_string().contains("UTF-8"), "{raw:?}: {error}");
        }
    }

    #[test]
    fn an_escape_whose_digit_is_the_separator_ends_its_component_there() {
        // The digits of a run of escapes are judged where the run ends, by which point the run has read
        // past the `&` (here into the escapes of the next name): the component must still end at it, in
        // a short form and in one longer than the scratch buffer's inline room (where room is made for
        // one component only).
        let long_tail = b"%E2%98%83".repeat(400);
        for tail in [&b"%2B"[..], &long_tail] {
            let mut raw = b"a=%C3%A9%4&".to_vec();
            raw.extend_from_slice(tail);
            let mut list = ParamList::default();
            let error = list.push_form(&raw, Placement::Query).unwrap_err();
            assert!(error.to_string().contains("query"), "{error}");
            // The same run with good digits, and lowercase ones (written in uppercase).
            let mut raw = b"a=%C3%A9%41x&b=%e2%98%83&".to_vec();
            raw.extend_from_slice(tail);
            let mut list = ParamList::default();
            list.push_form(&raw, Placement::Query).unwrap();
            let pairs: Vec<_> = list
                .pairs()
                .iter()
                .map(|(n, v)| (n.to_vec(), v.to_vec()))
                .collect();
            let tail_name = tail.iter().flat_map(|&b| {
                if b == b'%' {
                    b"%25".to_vec()
                } else {
                    alloc::vec![b]
                }
            });
            let expected: [(Vec<u8>, Vec<u8>); 3] = [
                (b"a".to_vec(), b"%25C3%25A9Ax".to_vec()),
                (b"b".to_vec(), b"%25E2%2598%2583".to_vec()),
                (tail_name.collect(), Vec::new()),
            ];
            assert_eq!(pairs, expected, "an escaped unreserved octet is decoded");
        }
    }

    #[test]
    fn keeps_oauth_parameters_of_the_request_and_finds_them_by_name() {
        let mut list = ParamList::default();
        list.push_form(b"x=1&oauth_token=abc", Placement::Body).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list.position("oauth_token"), Some(1));
        assert_eq!(list.position("oauth_nonce"), None);
        assert_eq!(
            list.collision(|| ["oauth_nonce", "oauth_token"]),
            Some(("oauth_token", 1))
        );
        let mut plain = ParamList::default();
        plain.push_form(b"x=1&oauth=2", Placement::Body).unwrap();
        assert_eq!(
            plain.collision(|| -> [&str; 0] { panic!("no oauth_ name to look for") }),
            None
        );
    }
}
