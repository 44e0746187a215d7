//! Reading the provider's answers: the status, Twitter's JSON errors, rate limits, and strictly
//! form-decoded token responses.
//!
//! Every flow step's `parse` goes through [`read_form_response`]: a non-2xx status becomes a
//! [`ProviderError`] (or [`RateLimited`] for 429), and a 2xx body must be a well-formed
//! `application/x-www-form-urlencoded` document in which no field appears twice.

use alloc::boxed::Box;

use http::{HeaderMap, Response, StatusCode};
use serde_json::value::RawValue;

use crate::encode::{DecodeError, form_decode};
use crate::error::{
    Error, MAX_MESSAGE_LEN, ProviderError, RateLimited, ResponseError, ResponseProblem, printable,
};
use crate::nonce::Timestamp;
use crate::problem::{Problem, ProblemKind};
use crate::provider::RateLimitHeaders;

/// The fields of a form-encoded response, decoded, in the order received, each name at most once.
///
/// Parsing takes time in proportion to the body (times the log of its field count), whatever the body
/// holds: one pass decodes every field into one buffer (a field that needs no decoding is not copied
/// again), and repeated names are found by sorting the fields by name length and first bytes, which
/// needs no hash seed (core draws no randomness) and no crafted names can slow down.
#[derive(Clone, PartialEq, Eq)]
pub struct FormFields {
    /// The body, then the decoded text of the fields that needed decoding.
    text: String,
    /// Each field's name and value as `[start, end)` offsets in `text`, in the order received.
    fields: Vec<Field>,
}

/// One field's place in [`FormFields::text`] (`[start, end)` offsets; a body is at most 4 GiB).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Field {
    name: (u32, u32),
    value: (u32, u32),
    taken: bool,
}

impl FormFields {
    /// Decodes `body` strictly. A byte order mark and line breaks before it, and line breaks after it,
    /// are not part of it.
    ///
    /// # Errors
    /// [`ResponseProblem::BadEncoding`] naming the field (or `"body"` when it is not UTF-8 or a name cannot
    /// be decoded), [`ResponseProblem::Repeated`] for a field that appears twice.
    pub fn parse(body: &[u8]) -> Result<Self, ResponseError> {
        let body = core::str::from_utf8(without_byte_order_mark(body))
            .map_err(|_| ResponseError::new("body", ResponseProblem::BadEncoding(DecodeError::NotUtf8)))?;
        // A script's stray blank line before or after its output is not a field (a raw line break
        // cannot be part of one: it would be written `%0A`).
        let body = body.trim_matches(['\r', '\n']);
        if body.len() > MAX_BODY_LEN {
            return Err(ResponseError::new("body", ResponseProblem::TooLarge));
        }
        let mut parser = Parser {
            body,
            text: String::with_capacity(body.len()),
            fields: Vec::new(),
            order: Vec::new(),
        };
        parser.text.push_str(body);
        // One pass over the bytes: `&` ends a field, the first `=` in it ends its name, and `%` or `+`
        // marks the part that needs decoding. (`&`, `=`, `%` and `+` are ASCII, so every cut is on a
        // character boundary.)
        let mut field = RawField::starting_at(0);
        for (at, byte) in body.bytes().enumerate() {
            match byte {
                b'&' => {
                    parser.push(&field, at)?;
                    field = RawField::starting_at(at + 1);
                }
                b'=' if field.equals.is_none() => field.equals = Some(at),
                b'%' | b'+' if field.equals.is_none() => field.name_escaped = true,
                b'%' | b'+' => field.value_escaped = true,
                _ => {}
            }
        }
        parser.push(&field, body.len())?;
        let Parser {
            text,
            fields,
            mut order,
            ..
        } = parser;
        let parsed = Self { text, fields };
        parsed.check_unique(&mut order)?;
        Ok(parsed)
    }

    /// Reads a JSON object of token-response fields, for a provider whose profile says its token
    /// responses are JSON ([`TokenFormat::Json`](crate::provider::TokenFormat::Json)): strings as they
    /// are, numbers exactly as written (`1.50` stays `1.50`), `true`/`false` as those words; a `null`
    /// field is absent.
    ///
    /// A name given twice is refused, as in a form response (JSON leaves it to the parser, and parsers
    /// disagree on which one wins); a `null` field counts. A byte order mark before the object is not
    /// part of it.
    ///
    /// # Errors
    /// [`ResponseProblem::NotJsonObject`] for `"body"` when the body is not one JSON object,
    /// [`ResponseProblem::NotText`] naming a field whose value is an array or an object,
    /// [`ResponseProblem::Repeated`] naming a field given twice,
    /// [`ResponseProblem::TooLarge`] past 2 GiB.
    ///
    /// # Panics
    /// Never: a value that `serde_json` read and that starts with a quote is a JSON string.
    pub fn parse_json(body: &[u8]) -> Result<Self, ResponseError> {
        if body.len() > MAX_BODY_LEN {
            return Err(ResponseError::new("body", ResponseProblem::TooLarge));
        }
        // RFC 8259 §8.1 lets a parser ignore a byte order mark; serde_json refuses one.
        let body = without_byte_order_mark(body);
        // Each value's own text, so that a number keeps its spelling (read as a `Value`, a number
        // past 2^64 or with a fraction would come back as a float: `1.8446744073709552e19`, `1.5`).
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let members = serde_core::Deserializer::deserialize_map(&mut deserializer, JsonMembers)
            .and_then(|members| deserializer.end().map(|()| members))
            .map_err(|_| ResponseError::new("body", ResponseProblem::NotJsonObject))?;
        let name = |index: u32| {
            let member = members.get(index as usize);
            #[allow(clippy::expect_used)] // `order` indexes `members`, one entry each.
            member.expect("an index into the members").0.as_str()
        };
        let mut order: Vec<_> = (members.iter().enumerate())
            .map(|(index, (name, _))| order_key(name, offset(index)))
            .collect();
        if let Some(index) = first_repeated(&mut order, name) {
            return Err(ResponseError::new(name(index), ResponseProblem::Repeated));
        }
        let mut parsed = Self {
            text: String::with_capacity(body.len()),
            fields: Vec::with_capacity(members.len()),
        };
        for (name, value) in members {
            let raw = value.get();
            let value = match raw.as_bytes().first() {
                Some(b'n') => continue,
                Some(b'"') => {
                    let text = serde_json::from_str::<String>(raw);
                    #[allow(clippy::expect_used)] // serde_json just read it as a JSON value.
                    text.expect("a JSON value that starts with a quote is a string")
                }
                Some(b'[' | b'{') => return Err(ResponseError::new(name, ResponseProblem::NotText)),
                // A number as written, `true` or `false`.
                _ => String::from(raw),
            };
            // Decoded text is never longer than the body that spelled it, so offsets stay in range.
            let name = parsed.append(&name);
            let value = parsed.append(&value);
            parsed.fields.push(Field {
                name,
                value,
                taken: false,
            });
        }
        Ok(parsed)
    }

    /// Appends `part` to the text and returns its span.
    fn append(&mut self, part: &str) -> (u32, u32) {
        let start = offset(self.text.len());
        self.text.push_str(part);
        (start, offset(self.text.len()))
    }

    /// Refuses a name that appears twice (`order` as [`first_repeated`] takes it).
    fn check_unique(&self, order: &mut [(u64, u32, u32)]) -> Result<(), ResponseError> {
        let name = |index: u32| {
            let field = self.fields.get(index as usize);
            #[allow(clippy::expect_used)] // `order` indexes `fields`, one entry each.
            slice(&self.text, field.expect("an index into the fields").name)
        };
        match first_repeated(order, name) {
            Some(index) => Err(ResponseError::new(name(index), ResponseProblem::Repeated)),
            None => Ok(()),
        }
    }

    /// The fields not taken yet, as `(name, value)`.
    fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields
            .iter()
            .filter(|field| !field.taken)
            .map(|field| (slice(&self.text, field.name), slice(&self.text, field.value)))
    }

    /// The value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Removes and returns `name`.
    pub fn take(&mut self, name: &str) -> Option<String> {
        let text = &self.text;
        let field = self
            .fields
            .iter_mut()
            .find(|field| !field.taken && slice(text, field.name) == name)?;
        field.taken = true;
        Some(String::from(slice(text, field.value)))
    }

    /// Removes and returns `name`, which must be present and non-empty.
    ///
    /// # Errors
    /// [`ResponseProblem::Missing`] or [`ResponseProblem::Empty`].
    pub fn require(&mut self, name: &str) -> Result<String, ResponseError> {
        match self.take(name) {
            Some(value) if !value.is_empty() => Ok(value),
            Some(_) => Err(ResponseError::new(name, ResponseProblem::Empty)),
            None => Err(ResponseError::new(name, ResponseProblem::Missing)),
        }
    }

    /// The fields not taken yet.
    pub fn into_vec(self) -> Vec<(String, String)> {
        self.iter()
            .map(|(name, value)| (String::from(name), String::from(value)))
            .collect()
    }
}

/// Where one field lies in the body, as the single pass found it.
struct RawField {
    start: usize,
    equals: Option<usize>,
    name_escaped: bool,
    value_escaped: bool,
}

impl RawField {
    const fn starting_at(start: usize) -> Self {
        Self {
            start,
            equals: None,
            name_escaped: false,
            value_escaped: false,
        }
    }
}

/// What [`FormFields::parse`] builds.
struct Parser<'b> {
    body: &'b str,
    text: String,
    fields: Vec<Field>,
    order: Vec<(u64, u32, u32)>,
}

impl Parser<'_> {
    /// Records the field that ends at `end` (empty segments, as in `a=1&&b=2`, are skipped).
    fn push(&mut self, field: &RawField, end: usize) -> Result<(), ResponseError> {
        if end == field.start {
            return Ok(());
        }
        let (name_end, value_start) = field.equals.map_or((end, end), |eq| (eq, eq + 1));
        let name = self
            .span(field.start, name_end, field.name_escaped)
            .map_err(|e| {
                ResponseError::new("body", ResponseProblem::BadEncoding(e.offset_by(field.start)))
            })?;
        let value = self
            .span(value_start, end, field.value_escaped)
            .map_err(|e| ResponseError::new(slice(&self.text, name), ResponseProblem::BadEncoding(e)))?;
        let index = offset(self.fields.len());
        self.order.push(order_key(slice(&self.text, name), index));
        self.fields.push(Field {
            name,
            value,
            taken: false,
        });
        Ok(())
    }

    /// The place of `body[start..end]` decoded: where it is when it holds no escape, else where its
    /// decoded copy is appended to the text.
    fn span(&mut self, start: usize, end: usize, escaped: bool) -> Result<(u32, u32), DecodeError> {
        let raw = self.body.get(start..end);
        #[allow(clippy::expect_used)] // Cuts are at ASCII delimiters, so on character boundaries.
        let raw = raw.expect("a field's bounds are ASCII delimiters inside the body");
        if !escaped {
            return Ok((offset(start), offset(end)));
        }
        let decoded = form_decode(raw)?;
        let at = self.text.len();
        self.text.push_str(&decoded);
        Ok((offset(at), offset(self.text.len())))
    }
}

/// The sort key [`first_repeated`] uses for the name of field `index`: its first eight bytes, its
/// length, the index.
fn order_key(name: &str, index: u32) -> (u64, u32, u32) {
    let bytes = name.as_bytes();
    let mut head = [0u8; 8];
    let prefix = bytes.get(..8).unwrap_or(bytes);
    let (slot, _) = head.split_at_mut(prefix.len());
    slot.copy_from_slice(prefix);
    (u64::from_be_bytes(head), offset(bytes.len()), index)
}

/// The index of a name that appears twice, if one does. `order` holds each field's
/// [`order_key`]; sorted by length, first bytes and then the whole name, equal names end up side by
/// side, so the check takes time in proportion to the names (times the log of their count) and needs
/// no hash seed (core draws no randomness) that crafted names could defeat.
fn first_repeated<'n>(order: &mut [(u64, u32, u32)], name: impl Fn(u32) -> &'n str) -> Option<u32> {
    order.sort_unstable_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)).then_with(|| name(a.2).cmp(name(b.2))));
    order.windows(2).find_map(|pair| match *pair {
        // Only neighbours with the same length and first eight bytes can be the same name.
        [(head_a, len_a, a), (head_b, len_b, b)]
            if (len_a, head_a) == (len_b, head_b) && name(a) == name(b) =>
        {
            Some(a)
        }
        _ => None,
    })
}

/// A JSON object's members in the order written, repeated names kept (a map would drop all but one).
struct JsonMembers;

impl<'de> serde_core::de::Visitor<'de> for JsonMembers {
    type Value = Vec<(String, &'de RawValue)>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde_core::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry::<String, &'de RawValue>()? {
            members.push(member);
        }
        Ok(members)
    }
}

/// A body without the UTF-8 byte order mark before it, which is not part of its text (WHATWG's UTF-8
/// decode drops it; a server script saved with one sends it first). Kept, it would hide the first
/// field's name, "oauth_token" or "oauth_problem", or make a JSON body unreadable.
pub(crate) fn without_byte_order_mark(body: &[u8]) -> &[u8] {
    body.strip_prefix("\u{feff}".as_bytes()).unwrap_or(body)
}

/// The longest body [`FormFields::parse`] takes: half of `u32::MAX`, so that every offset into the text
/// (the body, then decoded copies, which are never longer than what they decode) fits in 32 bits.
const MAX_BODY_LEN: usize = (u32::MAX / 2) as usize;

/// An offset into the text, or a field's index: both are below `2 × MAX_BODY_LEN`.
fn offset(at: usize) -> u32 {
    let offset = u32::try_from(at);
    #[allow(clippy::expect_used)] // The body is at most MAX_BODY_LEN bytes, the text twice that.
    offset.expect("offsets into a body of at most MAX_BODY_LEN bytes fit in 32 bits")
}

/// `text[start..end]` for a span [`FormFields::parse`] made.
fn slice(text: &str, (start, end): (u32, u32)) -> &str {
    let part = text.get(start as usize..end as usize);
    #[allow(clippy::expect_used)] // Every span is a field's place in the body or in the decoded text.
    part.expect("a field's span lies on character boundaries inside the text")
}

impl core::fmt::Debug for FormFields {
    // Token responses hold secrets; show only the names.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter().map(|(name, _)| name)).finish()
    }
}

/// Checks the status of `response` and decodes its body as form fields.
///
/// # Errors
/// [`Error::RateLimited`] for 429, [`Error::Provider`] for any other non-2xx status, and
/// [`Error::Response`] for a malformed body.
pub fn read_form_response<B: AsRef<[u8]>>(response: &Response<B>) -> Result<FormFields, Error> {
    check_status(response)?;
    Ok(FormFields::parse(response.body().as_ref())?)
}

/// Turns a non-2xx response into the provider's error, reading rate limits from Twitter's
/// `x-rate-limit-*` headers.
///
/// # Errors
/// [`Error::RateLimited`] for 429, [`Error::Provider`] for every other non-2xx status.
pub fn check_status<B: AsRef<[u8]>>(response: &Response<B>) -> Result<(), Error> {
    check_status_with(response, &RateLimitHeaders::default())
}

/// [`check_status`] with the rate-limit headers a provider uses
/// ([`Provider::rate_limit_headers`](crate::Provider::rate_limit_headers)).
///
/// # Errors
/// As [`check_status`].
pub fn check_status_with<B: AsRef<[u8]>>(
    response: &Response<B>,
    rate_limit: &RateLimitHeaders,
) -> Result<(), Error> {
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let error = provider_error(response);
    if status == StatusCode::TOO_MANY_REQUESTS {
        let headers = response.headers();
        let number = |name: &Option<String>| name.as_deref().and_then(|name| header_number(headers, name));
        return Err(Error::RateLimited(RateLimited {
            reset: number(&rate_limit.reset),
            remaining: number(&rate_limit.remaining),
            limit: number(&rate_limit.limit),
            error,
        }));
    }
    Err(Error::Provider(error))
}

/// Twitter/X's error code for "Timestamp out of bounds".
pub const TIMESTAMP_OUT_OF_BOUNDS: i64 = 135;

/// How far the provider's clock is ahead of `now` (negative: behind), in seconds, when `response` says
/// the timestamp was refused: a 401 with Twitter's code 135 and a `Date` header, or a 400/401 with
/// OAuth Problem Reporting's `timestamp_refused` and `oauth_acceptable_timestamps` (whose middle is the
/// provider's clock). `None` for any other response.
///
/// [`ClockCorrection`](crate::clock::ClockCorrection) keeps this offset for the adapters.
///
/// ```
/// use oauth1_core::Timestamp;
/// use oauth1_core::response::clock_skew;
///
/// let response = http::Response::builder()
///     .status(401)
///     .header("date", "Tue, 14 Nov 2023 22:13:20 GMT") // 1700000000
///     .body(r#"{"errors":[{"code":135,"message":"Timestamp out of bounds."}]}"#)
///     .unwrap();
/// assert_eq!(clock_skew(&response, Timestamp::from_secs(1_699_999_000)), Some(1000));
/// ```
pub fn clock_skew<B: AsRef<[u8]>>(response: &Response<B>, now: Timestamp) -> Option<i64> {
    if !matches!(
        response.status(),
        StatusCode::UNAUTHORIZED | StatusCode::BAD_REQUEST
    ) {
        return None;
    }
    let error = provider_error(response);
    let server = if let Some(problem) = &error.problem {
        // Problem Reporting: `timestamp_refused` with the provider's accepted range.
        if problem.kind != ProblemKind::TimestampRefused {
            return None;
        }
        problem.provider_time()?
    } else {
        if response.status() != StatusCode::UNAUTHORIZED || error.code != Some(TIMESTAMP_OUT_OF_BOUNDS) {
            return None;
        }
        let date = response.headers().get(http::header::DATE)?.to_str().ok()?;
        let server = httpdate::parse_http_date(date).ok()?;
        server.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs()
    };
    let skew = i128::from(server) - i128::from(now.as_secs());
    i64::try_from(skew).ok()
}

fn header_number(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// The status, with Twitter's `{"errors":[{"code":…,"message":…}]}` when the body is that, the OAuth
/// Problem Reporting details when the body or the `WWW-Authenticate` header carries them, and a message
/// cut to [`MAX_MESSAGE_LEN`] bytes.
///
/// ```
/// use oauth1_core::problem::ProblemKind;
/// use oauth1_core::response::provider_error;
///
/// // Jira's answer to a request signed with a clock ten minutes slow.
/// let answer = http::Response::builder()
///     .status(401)
///     .body("oauth_problem=timestamp_refused&oauth_acceptable_timestamps=1700000000-1700000600")
///     .unwrap();
/// let error = provider_error(&answer);
/// let problem = error.problem.as_ref().unwrap();
/// assert_eq!(problem.kind, ProblemKind::TimestampRefused);
/// assert_eq!(problem.provider_time(), Some(1_700_000_300));
/// assert_eq!(error.message, "timestamp_refused (acceptable timestamps 1700000000-1700000600)");
/// ```
pub fn provider_error<B: AsRef<[u8]>>(response: &Response<B>) -> ProviderError {
    let (status, body) = (
        response.status(),
        without_byte_order_mark(response.body().as_ref()),
    );
    // Read once: a problem in the body also gives the message; one only in the header does not.
    let in_body = Problem::from_body(body);
    let twitter = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|json| {
            let first = json.get("errors")?.get(0)?.clone();
            let code = first.get("code").and_then(serde_json::Value::as_i64);
            let message = first
                .get("message")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default();
            Some((code, readable(message)))
        });
    let (code, message) = twitter.unwrap_or_else(|| {
        let text = match (&in_body, redirect_target(response)) {
            // The problem, its details and the advice read better than the raw form body.
            (Some(problem), _) => problem.to_string(),
            // A redirect's body is boilerplate; where it points is what the caller needs.
            (None, Some(location)) => alloc::format!(
                "redirected to {location}, not followed: a signature covers the URL it was made for, \
                 so sign a new request to that URL"
            ),
            (None, None) => String::from_utf8_lossy(body).into_owned(),
        };
        (None, readable(&text))
    });
    let problem = in_body
        .or_else(|| Problem::from_headers(response.headers()))
        .map(Box::new);
    ProviderError {
        status,
        code,
        message,
        problem,
        mismatch: None,
    }
}

/// Where a 3xx answer points (its `Location`), when it says.
fn redirect_target<B>(response: &Response<B>) -> Option<&str> {
    if !response.status().is_redirection() {
        return None;
    }
    let location = response.headers().get(http::header::LOCATION)?.to_str().ok()?;
    Some(location).filter(|location| !location.is_empty())
}

/// `text` as one line of at most [`MAX_MESSAGE_LEN`] bytes (then `…`): each run of whitespace one
/// space, every other control character escaped (`\u{1b}`). A message goes into logs and onto
/// terminals, where a body's line breaks would forge log lines and its escape sequences would act.
fn readable(text: &str) -> String {
    let mut pending_space = false;
    let one_line = text.trim().chars().flat_map(move |c| {
        if c.is_whitespace() {
            pending_space = true;
            return [None, None];
        }
        [core::mem::take(&mut pending_space).then_some(' '), Some(c)]
    });
    printable(one_line.flatten(), MAX_MESSAGE_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> Response<Vec<u8>> {
        Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn twitter_json_errors_are_parsed() {
        let body = r#"{"errors":[{"code":32,"message":"Could not authenticate you."}]}"#;
        let Err(Error::Provider(e)) = check_status(&response(401, body)) else {
            panic!()
        };
        assert_eq!(
            (e.status.as_u16(), e.code, e.message.as_str()),
            (401, Some(32), "Could not authenticate you.")
        );
        assert_eq!(
            e.to_string(),
            "provider answered 401 Unauthorized (code 32): Could not authenticate you."
        );
    }

    #[test]
    fn a_redirect_says_where_it_points_and_that_it_was_not_followed() {
        let moved = Response::builder()
            .status(301)
            .header("location", "https://api.example.com/oauth/request_token")
            .body(b"<html>Moved</html>".to_vec())
            .unwrap();
        let Err(Error::Provider(e)) = check_status(&moved) else {
            panic!()
        };
        assert_eq!(
            e.to_string(),
            "provider answered 301 Moved Permanently: redirected to \
             https://api.example.com/oauth/request_token, not followed: a signature covers the URL it \
             was made for, so sign a new request to that URL"
        );
        // Without a Location, the body as before.
        let Err(Error::Provider(e)) = check_status(&response(302, "gone")) else {
            panic!()
        };
        assert_eq!(e.message, "gone");
    }

    #[test]
    fn an_error_body_after_a_byte_order_mark_is_read_as_without_it() {
        let body = "\u{feff}{\"errors\":[{\"code\":32,\"message\":\"Could not authenticate you.\"}]}";
        let Err(Error::Provider(e)) = check_status(&response(401, body)) else {
            panic!()
        };
        assert_eq!(
            (e.code, e.message.as_str()),
            (Some(32), "Could not authenticate you.")
        );
    }

    #[test]
    fn plain_text_errors_are_cut_to_a_bound() {
        let long = "é".repeat(300);
        let Err(Error::Provider(e)) = check_status(&response(500, &long)) else {
            panic!()
        };
        assert!(e.message.len() <= MAX_MESSAGE_LEN + '…'.len_utf8() && e.message.ends_with('…'));
        assert_eq!(e.code, None);
    }

    /// A message goes into logs and onto terminals: one line, and no control character (an escape
    /// sequence from the body would restyle or retitle the user's terminal) left to act.
    #[test]
    fn a_message_is_one_line_without_control_characters() {
        let body = "line one\r\n\t line two \u{1b}[31mred\u{7}\u{9b}2J\n";
        let Err(Error::Provider(e)) = check_status(&response(500, body)) else {
            panic!()
        };
        assert_eq!(e.message, "line one line two \\u{1b}[31mred\\u{7}\\u{9b}2J");
        let json = r#"{"errors":[{"code":1,"message":"a\nb\u001b]0;title\u0007"}]}"#;
        let Err(Error::Provider(e)) = check_status(&response(401, json)) else {
            panic!()
        };
        assert_eq!(e.message, "a b\\u{1b}]0;title\\u{7}");
    }

    #[test]
    fn rate_limits_carry_the_reset_time() {
        let r = Response::builder()
            .status(429)
            .header("x-rate-limit-reset", "1700000000")
            .header("x-rate-limit-remaining", "0")
            .header("x-rate-limit-limit", "15")
            .body(br#"{"errors":[{"code":88,"message":"Rate limit exceeded"}]}"#.to_vec())
            .unwrap();
        let Err(Error::RateLimited(e)) = check_status(&r) else {
            panic!()
        };
        assert_eq!(
            (e.reset, e.remaining, e.limit, e.error.code),
            (Some(1_700_000_000), Some(0), Some(15), Some(88))
        );
    }

    #[test]
    fn form_fields_are_strict() {
        let f = FormFields::parse(b"a=1&b=x+y%21").unwrap();
        assert_eq!((f.get("a"), f.get("b")), (Some("1"), Some("x y!")));
        let e = FormFields::parse(b"oauth_token=a&oauth_token=b").unwrap_err();
        assert_eq!(
            (e.field(), e.problem()),
            ("oauth_token", &ResponseProblem::Repeated)
        );
        let e = FormFields::parse(b"oauth_token_secret=%zz").unwrap_err();
        assert_eq!(e.field(), "oauth_token_secret");
        assert!(!e.to_string().contains("%zz"));
        assert_eq!(FormFields::parse(b"\xff").unwrap_err().field(), "body");
        // Only the first `=` ends the name: a base64 value keeps its padding.
        let f = FormFields::parse(b"oauth_token=dG9r==&x==").unwrap();
        assert_eq!((f.get("oauth_token"), f.get("x")), (Some("dG9r=="), Some("=")));
    }

    /// Only a 401 with code 135 and a `Date` tells the provider's clock; another code, status or a
    /// missing `Date` tells nothing.
    #[test]
    fn only_a_refused_timestamp_with_a_date_gives_the_skew() {
        let answer = |status: u16, code: i64, date: Option<&str>| {
            let mut response = Response::builder().status(status);
            if let Some(date) = date {
                response = response.header("date", date);
            }
            let body = format!(r#"{{"errors":[{{"code":{code},"message":"m"}}]}}"#);
            clock_skew(&response.body(body).unwrap(), Timestamp::from_secs(1_699_999_000))
        };
        let date = Some("Tue, 14 Nov 2023 22:13:20 GMT");
        assert_eq!(answer(401, TIMESTAMP_OUT_OF_BOUNDS, date), Some(1000));
        assert_eq!(answer(401, 32, date), None);
        assert_eq!(answer(400, TIMESTAMP_OUT_OF_BOUNDS, date), None);
        assert_eq!(answer(403, TIMESTAMP_OUT_OF_BOUNDS, date), None);
        assert_eq!(answer(401, TIMESTAMP_OUT_OF_BOUNDS, None), None);
    }

    /// Debug shows the names of a token response's fields, never their values.
    #[test]
    fn form_fields_debug_shows_names_only() {
        let f = FormFields::parse(b"oauth_token=t&oauth_token_secret=hidden").unwrap();
        assert_eq!(format!("{f:?}"), r#"["oauth_token", "oauth_token_secret"]"#);
    }

    /// A JSON `null` is an absent field, not the text "null"; `true` and numbers keep their spelling.
    #[test]
    fn json_null_is_absent() {
        let f = FormFields::parse_json(br#"{"a":null,"b":"1","c":true,"d":2.50}"#).unwrap();
        assert_eq!(
            f.into_vec(),
            [
                ("b".into(), "1".into()),
                ("c".into(), "true".into()),
                ("d".into(), "2.50".into())
            ]
        );
    }

    /// A server script saved with a byte order mark sends it before the body; it is not text of the
    /// first field (kept, "oauth_token" would be missing), in a form or a JSON body alike.
    #[test]
    fn a_byte_order_mark_before_the_body_is_not_part_of_it() {
        let f = FormFields::parse(b"\xef\xbb\xbfoauth_token=t&oauth_token_secret=s\r\n").unwrap();
        assert_eq!(
            (f.get("oauth_token"), f.get("oauth_token_secret")),
            (Some("t"), Some("s"))
        );
        let f = FormFields::parse(b"\xef\xbb\xbf\r\n\noauth_token=t").unwrap();
        assert_eq!(f.get("oauth_token"), Some("t"), "a blank line after the mark too");
        let f = FormFields::parse_json(b"\xef\xbb\xbf{\"oauth_token\":\"t\"}").unwrap();
        assert_eq!(f.get("oauth_token"), Some("t"));
        // Only before the body: anywhere else it is a character of the text.
        let f = FormFields::parse("a=\u{feff}&\u{feff}b=1".as_bytes()).unwrap();
        assert_eq!((f.get("a"), f.get("\u{feff}b")), (Some("\u{feff}"), Some("1")));
    }

    /// A repeated name is the provider's text: the message shows it escaped and cut short, so a
    /// crafted name can neither act on a terminal nor make the error as long as the body.
    #[test]
    fn a_provider_chosen_field_name_is_shown_escaped_and_bounded() {
        let body = "a\u{1b}[2J=1&a\u{1b}[2J=2";
        let e = FormFields::parse(body.as_bytes()).unwrap_err();
        assert_eq!(e.field(), "a\u{1b}[2J", "the accessor keeps the name as it was");
        assert_eq!(e.to_string(), "response: a\\u{1b}[2J appears more than once");
        let long = "n".repeat(100_000);
        let e = FormFields::parse(format!("{long}=1&{long}=2").as_bytes()).unwrap_err();
        let shown = e.to_string();
        assert!(shown.len() < 200 && shown.contains("n…"), "{shown}");
    }
}

#[cfg(test)]
mod form_fields {
    use super::*;

    fn repeated(body: &str) -> Option<String> {
        match FormFields::parse(body.as_bytes()) {
            Err(e) if e.problem() == &ResponseProblem::Repeated => Some(e.field().into()),
            _ => None,
        }
    }

    #[test]
    fn a_repeat_is_found_whatever_its_spelling_or_place() {
        assert_eq!(repeated("a=1&b=2&a=3"), Some("a".into()));
        // Names equal once decoded.
        assert_eq!(repeated("a=1&%61=2"), Some("a".into()));
        assert_eq!(repeated("x+y=1&x%20y=2"), Some("x y".into()));
        // Same length and first eight bytes, different after: not a repeat; the same in full: a repeat.
        assert_eq!(repeated("oauth_token=1&oauth_tokem=2&oauth_token_secret=3"), None);
        assert_eq!(
            repeated("oauth_token_secret=1&oauth_token_secrets=2&oauth_token_secret=3"),
            Some("oauth_token_secret".into())
        );
        // A bare name and an empty value are the same field.
        assert_eq!(repeated("n&m=1&n="), Some("n".into()));
        let mut fields = FormFields::parse(b"a=1&b=%20&c").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fields.get("b"), Some(" "));
        assert_eq!(fields.take("a").as_deref(), Some("1"));
        assert_eq!(fields.take("a"), None);
        assert_eq!(
            fields.into_vec(),
            [("b".into(), " ".into()), ("c".into(), String::new())]
        );
    }
}
