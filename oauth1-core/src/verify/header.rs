//! Parsing `Authorization: OAuth …` (RFC 5849 §3.5.1).

use alloc::borrow::Cow;
use alloc::string::String;
use smallvec::SmallVec;

use super::Rejection;
use crate::encode::{DecodeError, percent_decode_bytes, unreserved_run};
use crate::params::RawParam;
use crate::signer::Placement;

/// A parameter: its literal name, and its value decoded (borrowed from the header when nothing needed
/// decoding).
type Pair<'h> = (&'h str, Cow<'h, str>);

/// The parameters of an `Authorization: OAuth …` header, decoded.
///
/// ```
/// use oauth1_core::verify::AuthorizationHeader;
///
/// let header = AuthorizationHeader::parse(
///     br#"OAuth realm="Photos",oauth_consumer_key="dpf43f3p2l4k3l03" , oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D""#,
/// )
/// .unwrap()
/// .expect("an OAuth header");
/// assert_eq!(header.realm(), Some("Photos"));
/// assert_eq!(
///     header.parameters().collect::<Vec<_>>(),
///     [("oauth_consumer_key", "dpf43f3p2l4k3l03"), ("oauth_signature", "tR3+Ty81lMeYAr/Fid0kMTYa/WM=")]
/// );
/// // Another scheme is not an error: the header is simply not OAuth's.
/// assert!(AuthorizationHeader::parse(b"Bearer abc").unwrap().is_none());
/// ```
#[derive(Clone, Default)]
pub struct AuthorizationHeader<'h> {
    realm: Option<Cow<'h, str>>,
    params: SmallVec<[Pair<'h>; 10]>,
}

impl<'h> AuthorizationHeader<'h> {
    /// Parses a header value. The scheme `OAuth` is matched without regard to case; parameters are
    /// `name="value"` separated by commas, with optional whitespace around the commas. Values are
    /// percent-decoded (`+` stays `+`) and must be UTF-8; `realm` is kept as written.
    /// Returns `Ok(None)` when the header uses another scheme.
    ///
    /// Names must be written literally, with no whitespace before or after the `=`: `%72ealm="x"`,
    /// `realm = "x"` and `realm%20="x"` are refused. Other implementations read such names differently
    /// (oauthlib decodes `%72ealm` to an unsigned `realm` and keeps the space in `realm ` as a signed
    /// parameter), so accepting any reading would let two parties disagree on what was signed; RFC 5849
    /// §3.5.1 writes neither.
    ///
    /// # Errors
    /// [`Rejection::MalformedHeader`] for a syntax error, [`Rejection::BadEncoding`] for a bad escape, and
    /// [`Rejection::Repeated`] for a second `realm`. Never panics, whatever the input.
    pub fn parse(value: &'h [u8]) -> Result<Option<Self>, Rejection> {
        let mut params = SmallVec::new();
        let realm = parse_raw(value, |param| {
            params.push((param.name, decode(param.value)?));
            Ok(())
        })?;
        Ok(realm.map(|realm| Self { realm, params }))
    }

    /// The `realm` parameter, if present. It is not signed (§3.4.1.3.1).
    pub fn realm(&self) -> Option<&str> {
        self.realm.as_deref()
    }

    /// Every other parameter in the order sent, decoded.
    pub fn parameters(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(n, v)| (*n, v.as_ref()))
    }
}

impl core::fmt::Debug for AuthorizationHeader<'_> {
    /// The signature (a PLAINTEXT one is both secrets) and the verifier are not shown.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let shown = self.params.iter().map(|(name, value)| {
            let secret = matches!(*name, "oauth_signature" | "oauth_verifier");
            (*name, if secret { "[redacted]" } else { value.as_ref() })
        });
        f.debug_struct("AuthorizationHeader")
            .field("realm", &self.realm)
            .field("params", &shown.collect::<SmallVec<[_; 10]>>())
            .finish()
    }
}

/// Parses an `Authorization` header as [`AuthorizationHeader::parse`] does, handing each parameter but
/// `realm` to `each` with its value still percent-encoded (a verifier reads it in that form).
/// Returns `Ok(None)` when the header uses another scheme, else the realm.
#[allow(clippy::type_complexity)]
pub(super) fn parse_raw<'h>(
    value: &'h [u8],
    mut each: impl FnMut(RawParam<'h>) -> Result<(), Rejection>,
) -> Result<Option<Option<Cow<'h, str>>>, Rejection> {
    let mut cursor = Cursor::new(value);
    cursor.skip_whitespace();
    let scheme = cursor.take_while(is_token_char);
    if !scheme.eq_ignore_ascii_case(b"OAuth") {
        return Ok(None);
    }
    let mut realm = None;
    if !cursor.rest.is_empty() && !cursor.rest.starts_with(b" ") && !cursor.rest.starts_with(b"\t") {
        return Err(Rejection::MalformedHeader(
            "the scheme must be followed by a space",
        ));
    }
    loop {
        // Empty list elements (",,") are allowed, as in every HTTP list.
        cursor.skip_separators();
        if cursor.rest.is_empty() {
            return Ok(Some(realm));
        }
        let (name, name_unreserved) = cursor.name();
        if name.is_empty() {
            return Err(Rejection::MalformedHeader("expected a parameter name"));
        }
        // `%` is not unreserved: only a name with some other octet needs looking at.
        if !name_unreserved && name.contains(&b'%') {
            return Err(Rejection::MalformedHeader(
                "a parameter name must not be percent-encoded",
            ));
        }
        match cursor.rest {
            [b'=', b' ' | b'\t', ..] => {
                return Err(Rejection::MalformedHeader(
                    "'=' must be followed directly by the quoted value",
                ));
            }
            [b'=', rest @ ..] => cursor.rest = rest,
            _ => {
                return Err(Rejection::MalformedHeader(
                    "a parameter name must be followed directly by '='",
                ));
            }
        }
        let (value, unreserved_value) = cursor.quoted_string()?;
        // The next parameter follows a comma, possibly after whitespace.
        if !matches!(cursor.rest, [] | [b',', ..]) {
            cursor.skip_whitespace();
            if !matches!(cursor.rest, [] | [b',', ..]) {
                return Err(Rejection::MalformedHeader("parameters must be separated by ','"));
            }
        }
        if name == b"realm" {
            if realm.is_some() {
                return Err(Rejection::Repeated { name: "realm".into() });
            }
            realm = Some(utf8(value).ok_or(Rejection::MalformedHeader("realm is not UTF-8"))?);
        } else {
            // Token characters are ASCII.
            let name = cursor
                .text_of(name)
                .ok_or(Rejection::MalformedHeader("expected a parameter name"))?;
            each(RawParam {
                name,
                name_unreserved,
                value,
                unreserved_value,
            })?;
        }
    }
}

/// Percent-decodes a header value; the result must be UTF-8.
pub(super) fn decode(raw: Cow<'_, [u8]>) -> Result<Cow<'_, str>, Rejection> {
    let bad = |error| Rejection::BadEncoding {
        placement: Placement::Header,
        error,
    };
    let decoded = match raw {
        Cow::Borrowed(raw) => percent_decode_bytes(raw).map_err(bad)?,
        Cow::Owned(raw) => Cow::Owned(percent_decode_bytes(&raw).map_err(bad)?.into_owned()),
    };
    utf8(decoded).ok_or(bad(DecodeError::NotUtf8))
}

pub(super) fn utf8(bytes: Cow<'_, [u8]>) -> Option<Cow<'_, str>> {
    match bytes {
        Cow::Borrowed(b) => core::str::from_utf8(b).ok().map(Cow::Borrowed),
        Cow::Owned(b) => String::from_utf8(b).ok().map(Cow::Owned),
    }
}

/// `tchar` of RFC 9110 §5.6.2.
fn is_token_char(b: u8) -> bool {
    TOKEN_CHAR[usize::from(b)]
}

/// An octet that stands for itself inside a quoted string: not `"`, not `\\`, not a control character.
fn is_quoted_text(b: u8) -> bool {
    QUOTED_TEXT[usize::from(b)]
}

const QUOTED_TEXT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b: u8 = 0;
    loop {
        table[b as usize] = b != b'"' && b != b'\\' && !b.is_ascii_control();
        if b == u8::MAX {
            break table;
        }
        b += 1;
    }
};

/// `tchar`, as a table.
const TOKEN_CHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b: u8 = 0;
    loop {
        table[b as usize] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        if b == u8::MAX {
            break table;
        }
        b += 1;
    }
};

struct Cursor<'h> {
    rest: &'h [u8],
    /// The whole input, and the same as text when it is UTF-8: parts of it are then text without
    /// another check each (a header is ASCII but for a rare realm).
    whole: &'h [u8],
    text: Option<&'h str>,
}

impl<'h> Cursor<'h> {
    fn new(input: &'h [u8]) -> Self {
        Self {
            rest: input,
            whole: input,
            text: core::str::from_utf8(input).ok(),
        }
    }

    /// `part` (taken from the input) as text, if it is UTF-8.
    fn text_of(&self, part: &'h [u8]) -> Option<&'h str> {
        let start = (part.as_ptr() as usize).wrapping_sub(self.whole.as_ptr() as usize);
        match self.text {
            // Every part this cursor hands out lies in the input; `get` checks it all the same.
            Some(text) => text.get(start..start.checked_add(part.len())?),
            None => core::str::from_utf8(part).ok(),
        }
    }

    /// Skips spaces and tabs.
    fn skip_whitespace(&mut self) {
        while let [b' ' | b'\t', rest @ ..] = self.rest {
            self.rest = rest;
        }
    }

    /// Skips what separates two parameters: commas, spaces and tabs, in any order.
    fn skip_separators(&mut self) {
        while let [b' ' | b'\t' | b',', rest @ ..] = self.rest {
            self.rest = rest;
        }
    }

    /// A parameter name (a `token`), and whether every octet of it is unreserved.
    fn name(&mut self) -> (&'h [u8], bool) {
        // Every protocol parameter's name is unreserved octets: those are found sixteen at a time.
        let unreserved = unreserved_run(self.rest);
        if !self.rest.get(unreserved).is_some_and(|&b| is_token_char(b)) {
            let (name, rest) = self.rest.split_at(unreserved);
            self.rest = rest;
            return (name, true);
        }
        // The run stopped at a token character that is not unreserved: the name goes on past it.
        let more = self.rest[unreserved..]
            .iter()
            .take_while(|&&b| is_token_char(b))
            .count();
        let (name, rest) = self.rest.split_at(unreserved + more);
        self.rest = rest;
        (name, false)
    }

    fn eat(&mut self, byte: u8) -> bool {
        match self.rest.split_first() {
            Some((&first, rest)) if first == byte => {
                self.rest = rest;
                true
            }
            _ => false,
        }
    }

    fn take_while(&mut self, keep: impl Fn(u8) -> bool) -> &'h [u8] {
        let end = self
            .rest
            .iter()
            .position(|&b| !keep(b))
            .unwrap_or(self.rest.len());
        let (taken, rest) = self.rest.split_at(end);
        self.rest = rest;
        taken
    }

    /// A `quoted-string` (RFC 9110 §5.6.4), without its quotes and with `\x` pairs unescaped, and the
    /// same as text when every octet of it is unreserved.
    fn quoted_string(&mut self) -> Result<(Cow<'h, [u8]>, Option<&'h str>), Rejection> {
        if !self.eat(b'"') {
            return Err(Rejection::MalformedHeader(
                "a parameter value must be in double quotes",
            ));
        }
        // The common value, unreserved octets only, in one pass.
        let end = unreserved_run(self.rest);
        if let (text, [b'"', rest @ ..]) = self.rest.split_at(end) {
            self.rest = rest;
            return Ok((Cow::Borrowed(text), self.text_of(text)));
        }
        Ok((self.quoted_text(end)?, None))
    }

    /// The rest of a quoted string after its opening quote, unescaped, and its closing quote. The
    /// first `known` octets (at most the rest's length) were found unreserved, so plain text: the scan
    /// carries on after them rather than reading them again.
    fn quoted_text(&mut self, known: usize) -> Result<Cow<'h, [u8]>, Rejection> {
        let start = self.rest;
        self.rest = &start[known..];
        let more = self.take_while(is_quoted_text).len();
        let mut value = Cow::Borrowed(&start[..known + more]);
        loop {
            match self.rest.split_first() {
                Some((b'"', rest)) => {
                    self.rest = rest;
                    return Ok(value);
                }
                Some((b'\\', rest)) => match rest.split_first() {
                    Some((&escaped, rest)) if escaped == b'\t' || !escaped.is_ascii_control() => {
                        value.to_mut().push(escaped);
                        self.rest = rest;
                    }
                    _ => return Err(Rejection::MalformedHeader("a '\\' must escape a character")),
                },
                Some(_) => {
                    let more = self.take_while(is_quoted_text);
                    if more.is_empty() {
                        return Err(Rejection::MalformedHeader("a value holds a control character"));
                    }
                    value.to_mut().extend_from_slice(more);
                }
                None => return Err(Rejection::MalformedHeader("a quoted value is not closed")),
            }
        }
    }
}

/// The parameters of a header, for tests.
#[cfg(test)]
use alloc::vec::Vec;

#[cfg(test)]
type Parsed = Option<(Option<String>, Vec<(String, String)>)>;

#[cfg(test)]
fn pairs(value: &str) -> Result<Parsed, Rejection> {
    Ok(AuthorizationHeader::parse(value.as_bytes())?.map(|h| {
        (
            h.realm().map(String::from),
            h.parameters().map(|(n, v)| (n.into(), v.into())).collect(),
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn owned(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn rfc_5849_example_header_with_folded_whitespace() {
        // §3.5.1's example, with the line breaks as spaces and tabs.
        let header = "OAuth realm=\"Example\",\n oauth_consumer_key=\"0685bd9184jfhq22\",\t\
            oauth_token=\"ad180jjd733klru7\" ,oauth_signature_method=\"HMAC-SHA1\",\
            oauth_signature=\"wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D\", oauth_timestamp=\"137131200\",\
            oauth_nonce=\"4572616e48616d6d65724c61686176\", oauth_version=\"1.0\"";
        // A newline is a control character outside a quoted value: not valid in a header value.
        assert!(pairs(header).is_err());
        let (realm, params) = pairs(&header.replace('\n', "")).unwrap().unwrap();
        assert_eq!(realm.as_deref(), Some("Example"));
        assert_eq!(params.len(), 7);
        assert_eq!(
            params[3],
            ("oauth_signature".into(), "wOJIO9A2W5mFwDgiDvZbTSMK/PY=".into())
        );
    }

    #[test]
    fn scheme_is_case_insensitive_and_other_schemes_are_not_oauth() {
        assert_eq!(pairs("oauth a=\"1\"").unwrap().unwrap().1, owned(&[("a", "1")]));
        assert_eq!(pairs("OAUTH").unwrap().unwrap().1, owned(&[]));
        assert!(pairs("Basic dXNlcjpwYXNz").unwrap().is_none());
        assert!(pairs("OAuthx a=\"1\"").unwrap().is_none());
        assert!(pairs("").unwrap().is_none());
    }

    #[test]
    fn plus_is_literal_and_escapes_are_strict() {
        assert_eq!(
            pairs("OAuth a=\"x+y%20z\"").unwrap().unwrap().1,
            owned(&[("a", "x+y z")])
        );
        assert_eq!(
            pairs("OAuth a=\"%ZZ\"").unwrap_err(),
            Rejection::BadEncoding {
                placement: Placement::Header,
                error: DecodeError::BadEscape { at: 0 }
            }
        );
        assert!(matches!(
            pairs("OAuth a=\"%FF\""),
            Err(Rejection::BadEncoding { .. })
        ));
    }

    #[test]
    fn syntax_errors_are_typed_and_say_what_is_wrong() {
        for (bad, why) in [
            ("OAuth a=1", "a parameter value must be in double quotes"),
            ("OAuth a=\"1", "a quoted value is not closed"),
            (
                "OAuth a \"1\"",
                "a parameter name must be followed directly by '='",
            ),
            ("OAuth =\"1\"", "expected a parameter name"),
            ("OAuth a=\"1\" b=\"2\"", "parameters must be separated by ','"),
            ("OAuth,a=\"1\"", "the scheme must be followed by a space"),
            ("OAuth a=\"1\\", "a '\\' must escape a character"),
            ("OAuth a=\"\x01\"", "a value holds a control character"),
        ] {
            assert_eq!(pairs(bad), Err(Rejection::MalformedHeader(why)), "{bad:?}");
        }
        assert_eq!(
            pairs("OAuth realm=\"a\", realm=\"b\"").unwrap_err(),
            Rejection::Repeated { name: "realm".into() }
        );
    }

    #[test]
    fn names_written_otherwise_are_refused_not_read_another_way() {
        let encoded = "a parameter name must not be percent-encoded";
        for (header, why) in [
            ("OAuth %72ealm=\"x\", oauth_nonce=\"n\"", encoded),
            (
                "OAuth realm =\"x\"",
                "a parameter name must be followed directly by '='",
            ),
            (
                "OAuth realm= \"x\"",
                "'=' must be followed directly by the quoted value",
            ),
            (
                "OAuth realm=\t\"x\"",
                "'=' must be followed directly by the quoted value",
            ),
            ("OAuth realm%20=\"x\"", encoded),
            ("OAuth oauth%5Fnonce=\"n\"", encoded),
        ] {
            assert_eq!(pairs(header), Err(Rejection::MalformedHeader(why)), "{header}");
        }
        // A name of other token characters, without '%', is a name like any other.
        assert_eq!(
            pairs("OAuth a!b=\"1\", x*y.z~=\"2\"").unwrap().unwrap().1,
            owned(&[("a!b", "1"), ("x*y.z~", "2")])
        );
    }

    #[test]
    fn empty_elements_whitespace_and_quoted_pairs_are_allowed() {
        let (realm, params) = pairs("OAuth  realm=\"a \\\"b\\\"\" ,, a=\"\",\tb=\"2\",")
            .unwrap()
            .unwrap();
        assert_eq!(realm.as_deref(), Some("a \"b\""));
        assert_eq!(params, owned(&[("a", ""), ("b", "2")]));
        // A backslash may escape a tab (which also stands for itself), never another control character.
        let escaped_tab = pairs("OAuth a=\"x\\\ty\"").unwrap().unwrap().1;
        assert_eq!(escaped_tab, owned(&[("a", "x\ty")]));
        assert_eq!(
            pairs("OAuth a=\"x\\\x01\""),
            Err(Rejection::MalformedHeader("a '\\' must escape a character"))
        );
    }
}
