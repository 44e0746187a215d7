//! Reading the provider's answers: the status, Twitter's JSON errors, rate limits, and strictly
//! form-decoded token responses.
//!
//! Every flow step's `parse` goes through [`read_form_response`]: a non-2xx status becomes a
//! [`ProviderError`] (or [`RateLimited`] for 429), and a 2xx body must be a well-formed
//! `application/x-www-form-urlencoded` document in which no field appears twice.

use http::{HeaderMap, Response, StatusCode};

use crate::encode::{DecodeError, form_decode, form_pairs};
use crate::error::{Error, MAX_MESSAGE_LEN, ProviderError, RateLimited, ResponseError, ResponseProblem};
use crate::nonce::Timestamp;

/// The fields of a form-encoded response, decoded, in the order received, each name at most once.
#[derive(Clone, PartialEq, Eq)]
pub struct FormFields(Vec<(String, String)>);

impl FormFields {
    /// Decodes `body` strictly.
    ///
    /// # Errors
    /// [`ResponseProblem::BadEncoding`] naming the field (or `"body"` when it is not UTF-8 or a name cannot
    /// be decoded), [`ResponseProblem::Repeated`] for a field that appears twice.
    pub fn parse(body: &[u8]) -> Result<Self, ResponseError> {
        let text = core::str::from_utf8(body)
            .map_err(|_| ResponseError::new("body", ResponseProblem::BadEncoding(DecodeError::NotUtf8)))?;
        let mut fields: Vec<(String, String)> = Vec::new();
        for (raw_name, raw_value) in form_pairs(text.trim_end_matches(['\r', '\n'])) {
            let name = form_decode(raw_name)
                .map_err(|e| ResponseError::new("body", ResponseProblem::BadEncoding(e)))?
                .into_owned();
            let value = form_decode(raw_value)
                .map_err(|e| ResponseError::new(name.clone(), ResponseProblem::BadEncoding(e)))?;
            if fields.iter().any(|(seen, _)| *seen == name) {
                return Err(ResponseError::new(name, ResponseProblem::Repeated));
            }
            fields.push((name, value.into_owned()));
        }
        Ok(Self(fields))
    }

    /// The value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Removes and returns `name`.
    pub fn take(&mut self, name: &str) -> Option<String> {
        let index = self.0.iter().position(|(n, _)| n == name)?;
        Some(self.0.remove(index).1)
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
        self.0
    }
}

impl core::fmt::Debug for FormFields {
    // Token responses hold secrets; show only the names.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, _)| name))
            .finish()
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

/// Turns a non-2xx response into the provider's error.
///
/// # Errors
/// [`Error::RateLimited`] for 429, [`Error::Provider`] for every other non-2xx status.
pub fn check_status<B: AsRef<[u8]>>(response: &Response<B>) -> Result<(), Error> {
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let error = provider_error(status, response.body().as_ref());
    if status == StatusCode::TOO_MANY_REQUESTS {
        let headers = response.headers();
        return Err(Error::RateLimited(RateLimited {
            reset: header_number(headers, "x-rate-limit-reset"),
            remaining: header_number(headers, "x-rate-limit-remaining"),
            limit: header_number(headers, "x-rate-limit-limit"),
            error,
        }));
    }
    Err(Error::Provider(error))
}

/// Twitter/X's error code for "Timestamp out of bounds".
pub const TIMESTAMP_OUT_OF_BOUNDS: i64 = 135;

/// How far the provider's clock is ahead of `now` (negative: behind), in seconds, when `response` is a 401
/// saying the timestamp is out of bounds (Twitter code 135) and carries a `Date` header. `None` for any
/// other response.
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
    if response.status() != StatusCode::UNAUTHORIZED {
        return None;
    }
    let error = provider_error(response.status(), response.body().as_ref());
    if error.code != Some(TIMESTAMP_OUT_OF_BOUNDS) {
        return None;
    }
    let date = response.headers().get(http::header::DATE)?.to_str().ok()?;
    let server = httpdate::parse_http_date(date).ok()?;
    let server = server.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    let skew = i128::from(server) - i128::from(now.as_secs());
    i64::try_from(skew).ok()
}

fn header_number(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// The status plus Twitter's `{"errors":[{"code":…,"message":…}]}` when the body is that, else the body
/// as text, cut to [`MAX_MESSAGE_LEN`] bytes.
pub fn provider_error(status: StatusCode, body: &[u8]) -> ProviderError {
    let twitter = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|json| {
            let first = json.get("errors")?.get(0)?.clone();
            let code = first.get("code").and_then(serde_json::Value::as_i64);
            let message = first
                .get("message")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default();
            Some((code, truncate(message)))
        });
    let (code, message) = twitter.unwrap_or_else(|| (None, truncate(&String::from_utf8_lossy(body))));
    ProviderError {
        status,
        code,
        message,
    }
}

fn truncate(text: &str) -> String {
    let text = text.trim();
    let mut end = text.len().min(MAX_MESSAGE_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = String::from(text.get(..end).unwrap_or_default());
    if end < text.len() {
        out.push('…');
    }
    out
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
    fn plain_text_errors_are_cut_to_a_bound() {
        let long = "é".repeat(300);
        let Err(Error::Provider(e)) = check_status(&response(500, &long)) else {
            panic!()
        };
        assert!(e.message.len() <= MAX_MESSAGE_LEN + '…'.len_utf8() && e.message.ends_with('…'));
        assert_eq!(e.code, None);
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
    }
}
