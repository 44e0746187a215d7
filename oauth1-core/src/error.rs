//! The one error type of the crate.
//!
//! [`Error::category`] separates the three kinds of failure a caller handles differently: the caller got it
//! wrong (fix the code or the input), the server misbehaved (a malformed response), or the server said no.
//! Messages name the field and the problem; they never repeat a secret, and they repeat a caller-supplied
//! value only where it cannot be one (a parameter *name*).

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

use crate::diagnose::Mismatch;
use crate::encode::DecodeError;
use crate::problem::Problem;
use crate::signer::Placement;

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The caller passed something that cannot be signed or sent as it is.
    Input(InputError),
    /// The callback the user agent brought back does not complete the pending authorization.
    Callback(CallbackError),
    /// The server answered with a malformed response.
    Response(ResponseError),
    /// The server refused the request with an error status.
    Provider(ProviderError),
    /// The server refused the request because a rate limit is exhausted (HTTP 429).
    RateLimited(RateLimited),
    /// The user declined to authorize the application (the callback carried `denied=`).
    Denied,
    /// The signature method could not sign (a remote signer or a hardware key that refused).
    Signing(SigningError),
}

/// Who is responsible for an [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorCategory {
    /// The caller passed bad input or misused the API; retrying will not help.
    Caller,
    /// The server answered something that does not follow the protocol.
    ServerMisbehaved,
    /// The server understood and refused (an error status, a denial, a rate limit).
    ServerRefused,
}

impl Error {
    /// The provider's HTTP status, when it answered with an error status (a refusal or a rate limit).
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Self::Provider(e) => Some(e.status),
            Self::RateLimited(e) => Some(e.error.status),
            _ => None,
        }
    }

    /// The provider's message, when it answered with an error status.
    pub fn provider_message(&self) -> Option<&str> {
        match self {
            Self::Provider(e) => Some(&e.message),
            Self::RateLimited(e) => Some(&e.error.message),
            _ => None,
        }
    }

    /// Who is responsible for this error.
    pub fn category(&self) -> ErrorCategory {
        match self {
            Self::Input(_) | Self::Callback(_) | Self::Signing(_) => ErrorCategory::Caller,
            Self::Response(_) => ErrorCategory::ServerMisbehaved,
            Self::Provider(_) | Self::RateLimited(_) | Self::Denied => ErrorCategory::ServerRefused,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Input(e) => fmt::Display::fmt(e, f),
            Self::Callback(e) => fmt::Display::fmt(e, f),
            Self::Response(e) => fmt::Display::fmt(e, f),
            Self::Provider(e) => fmt::Display::fmt(e, f),
            Self::RateLimited(e) => fmt::Display::fmt(e, f),
            Self::Denied => f.write_str("the user declined to authorize the application"),
            Self::Signing(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl core::error::Error for Error {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Input(e) => Some(e),
            Self::Callback(e) => Some(e),
            Self::Response(e) => Some(e),
            Self::Provider(e) => Some(e),
            Self::RateLimited(e) => Some(e),
            Self::Signing(e) => Some(e),
            Self::Denied => None,
        }
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        Self::Input(e)
    }
}

impl From<CallbackError> for Error {
    fn from(e: CallbackError) -> Self {
        Self::Callback(e)
    }
}

impl From<SigningError> for Error {
    fn from(e: SigningError) -> Self {
        Self::Signing(e)
    }
}

impl From<ResponseError> for Error {
    fn from(e: ResponseError) -> Self {
        Self::Response(e)
    }
}

/// Bad input from the caller: which field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    field: &'static str,
    problem: InputProblem,
}

/// What is wrong with an input field.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputProblem {
    /// The value is empty but must not be.
    Empty,
    /// The value holds a character outside printable ASCII.
    NotPrintableAscii,
    /// The value is longer than allowed.
    TooLong {
        /// The largest allowed length in bytes.
        max: usize,
    },
    /// The value is not valid form encoding.
    BadEncoding(DecodeError),
    /// The URI has no scheme or no host.
    NotAbsolute,
    /// The URI's scheme is neither `http` nor `https`.
    UnsupportedScheme,
    /// The request already carries a protocol parameter that the signer adds itself (or
    /// `oauth_signature`): it would appear twice. Other `oauth_*` parameters of the request are signed.
    ReservedParameter {
        /// The parameter's encoded name.
        name: String,
    },
    /// Protocol parameters were to be placed in the body, but the body is not form-encoded.
    BodyNotForm,
    /// Protocol parameters were to be placed in a form body of a type that cannot be appended to (a
    /// borrowed `&str` or `&[u8]`: [`Body::append`](crate::body::Body::append) said no).
    BodyCannotGrow,
    /// The value is not allowed here (the message says why).
    Invalid(&'static str),
    /// The URL is plain `http` to a host that is not loopback. See `Provider::allow_insecure_http`.
    Insecure,
}

impl InputError {
    /// An error for `field`.
    pub const fn new(field: &'static str, problem: InputProblem) -> Self {
        Self { field, problem }
    }

    /// The name of the offending field, such as `"nonce"` or `"query"`.
    pub const fn field(&self) -> &'static str {
        self.field
    }

    /// What is wrong with it.
    pub const fn problem(&self) -> &InputProblem {
        &self.problem
    }

    pub(crate) const fn decode(placement: Placement, error: DecodeError) -> Self {
        Self::new(placement.field(), InputProblem::BadEncoding(error))
    }

    pub(crate) fn reserved_parameter(placement: Placement, name: &str) -> Self {
        Self::new(
            placement.field(),
            InputProblem::ReservedParameter { name: name.into() },
        )
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = self.field;
        match &self.problem {
            InputProblem::Empty => write!(f, "{field} must not be empty"),
            InputProblem::NotPrintableAscii => {
                write!(f, "{field} must hold only printable ASCII characters")
            }
            InputProblem::TooLong { max } => write!(f, "{field} is longer than {max} bytes"),
            InputProblem::BadEncoding(e) => write!(f, "{field} is not valid form encoding: {e}"),
            InputProblem::NotAbsolute => write!(f, "{field} must be absolute, with a scheme and a host"),
            InputProblem::UnsupportedScheme => write!(f, "{field} must use the http or https scheme"),
            InputProblem::ReservedParameter { name } => write!(
                f,
                "{field} already holds the protocol parameter '{name}', which the signer adds itself"
            ),
            InputProblem::BodyNotForm => write!(
                f,
                "{field}: protocol parameters can only go into an application/x-www-form-urlencoded body"
            ),
            InputProblem::BodyCannotGrow => write!(
                f,
                "{field}: this body type cannot be appended to (a borrowed &str or &[u8] cannot); body \
                 placement needs a Vec<u8>, String or Bytes body"
            ),
            InputProblem::Invalid(why) => write!(f, "{field} is invalid: {why}"),
            InputProblem::Insecure => {
                write!(
                    f,
                    "{field} must use https (plain http is allowed only for loopback hosts)"
                )
            }
        }
    }
}

impl core::error::Error for InputError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match &self.problem {
            InputProblem::BadEncoding(e) => Some(e),
            _ => None,
        }
    }
}

/// Why a callback does not complete the pending authorization.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackError {
    /// The callback's `oauth_token` is not the pending request token: a stale or forged callback.
    TokenMismatch,
    /// The callback has no `oauth_token`.
    MissingToken,
    /// The callback has no `oauth_verifier`, or it is empty (an empty PIN, too).
    MissingVerifier,
    /// A parameter appears more than once.
    Repeated(&'static str),
    /// The callback's query is not valid form encoding.
    BadEncoding(DecodeError),
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TokenMismatch => {
                f.write_str("callback: oauth_token does not match the pending request token")
            }
            Self::MissingToken => f.write_str("callback: oauth_token is missing"),
            Self::MissingVerifier => f.write_str("callback: oauth_verifier (or the PIN) is missing or empty"),
            Self::Repeated(name) => write!(f, "callback: {name} appears more than once"),
            Self::BadEncoding(e) => write!(f, "callback: the query is not valid form encoding: {e}"),
        }
    }
}

impl core::error::Error for CallbackError {}

/// A malformed response: which field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    field: String,
    problem: ResponseProblem,
}

/// What is wrong with a response field.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseProblem {
    /// A required field is absent.
    Missing,
    /// A field appears more than once.
    Repeated,
    /// The field (or the body) is not valid form encoding.
    BadEncoding(DecodeError),
    /// A required field is present but empty.
    Empty,
    /// The body is too large to parse (over 2 GiB).
    TooLarge,
    /// `oauth_callback_confirmed` is not exactly `true`. Proceeding would expose the user to session
    /// fixation (the reason OAuth 1.0a added the parameter), so the flow stops.
    CallbackNotConfirmed,
    /// The body is not a JSON object (a provider whose token responses are JSON).
    NotJsonObject,
    /// The field's JSON value is an array or an object, not text.
    NotText,
}

impl ResponseError {
    /// An error for the response field `field`.
    pub fn new(field: impl Into<String>, problem: ResponseProblem) -> Self {
        Self {
            field: field.into(),
            problem,
        }
    }

    /// The offending field (`"body"` when the body as a whole is malformed).
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong with it.
    pub const fn problem(&self) -> &ResponseProblem {
        &self.problem
    }
}

/// The most of a provider-chosen field name an error message shows.
const MAX_FIELD_SHOWN: usize = 64;

/// `chars` as a message shows text from the other side: control characters escaped (`\u{1b}`), so
/// that nothing in it acts on a terminal or splits a log line, and cut after `max` bytes (then `…`).
/// Reads no further than it shows.
pub(crate) fn printable(chars: impl Iterator<Item = char>, max: usize) -> String {
    let mut out = String::new();
    for c in chars {
        if out.len() > max {
            break;
        }
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    if out.len() > max {
        out.truncate(floor_char_boundary(&out, max));
        out.push('…');
    }
    out
}

/// The largest character boundary of `text` at or before `index` (`str::floor_char_boundary`,
/// which the MSRV lacks): where text shown in part can be cut.
pub(crate) fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The field may be a name the provider chose (one it repeated).
        let field = printable(self.field.chars(), MAX_FIELD_SHOWN);
        match &self.problem {
            ResponseProblem::Missing => write!(f, "response: {field} is missing"),
            ResponseProblem::Repeated => write!(f, "response: {field} appears more than once"),
            ResponseProblem::BadEncoding(e) => write!(f, "response: {field} is not valid form encoding: {e}"),
            ResponseProblem::Empty => write!(f, "response: {field} is empty"),
            ResponseProblem::TooLarge => write!(f, "response: {field} is larger than 2 GiB"),
            ResponseProblem::NotJsonObject => write!(f, "response: {field} is not a JSON object"),
            ResponseProblem::NotText => write!(f, "response: {field} is not a string, number or boolean"),
            ResponseProblem::CallbackNotConfirmed => write!(
                f,
                "response: {field} is not \"true\"; the provider did not confirm the callback (OAuth 1.0a requires it)"
            ),
        }
    }
}

impl core::error::Error for ResponseError {}

/// An error status from the provider, with its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderError {
    /// The HTTP status.
    pub status: http::StatusCode,
    /// Twitter's error code (`{"errors":[{"code":32,…}]}`), when the body carries one.
    pub code: Option<i64>,
    /// The provider's message: Twitter's JSON `message`, the reported problem (below), or the body as
    /// text, cut to [`MAX_MESSAGE_LEN`] bytes; on one line (each run of whitespace one space), with
    /// every other control character escaped (`\u{1b}`), so it is safe to log or print.
    pub message: String,
    /// The problem the provider reported with OAuth Problem Reporting (`oauth_problem=…` in the body
    /// or the `WWW-Authenticate` header), as Jira and E*TRADE do. Boxed: errors stay small.
    pub problem: Option<Box<Problem>>,
    /// Where the base string the provider echoed (its `oauth_signature_base_string`) parts from the
    /// one the request was signed over, when a flow step's [`Exchange`](crate::step::Exchange) knows both.
    pub mismatch: Option<Box<Mismatch>>,
}

/// The longest provider message kept in a [`ProviderError`], in bytes.
pub const MAX_MESSAGE_LEN: usize = 200;

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "provider answered {}", self.status)?;
        if let Some(code) = self.code {
            write!(f, " (code {code})")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(mismatch) = &self.mismatch {
            write!(f, "; {mismatch}")?;
        }
        Ok(())
    }
}

impl ProviderError {
    /// Compares the base string the provider echoed, if it did, with `ours` (the one the request was
    /// signed over) and records where they part.
    pub fn compare_base_string(&mut self, ours: &str) {
        let echoed = self
            .problem
            .as_ref()
            .and_then(|p| p.signature_base_string.as_ref());
        self.mismatch = echoed
            .and_then(|theirs| crate::diagnose::compare(ours, theirs.as_str()))
            .map(Box::new);
    }
}

impl core::error::Error for ProviderError {}

/// HTTP 429 with the provider's rate-limit headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimited {
    /// When the window resets, in seconds since the Unix epoch (`x-rate-limit-reset`).
    pub reset: Option<u64>,
    /// Requests left in the window (`x-rate-limit-remaining`).
    pub remaining: Option<u64>,
    /// Requests allowed per window (`x-rate-limit-limit`).
    pub limit: Option<u64>,
    /// The status and message.
    pub error: ProviderError,
}

impl fmt::Display for RateLimited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rate limited")?;
        if let Some(reset) = self.reset {
            write!(f, " until {reset} (Unix time)")?;
        }
        write!(f, "; {}", self.error)
    }
}

impl core::error::Error for RateLimited {}

/// A signature method could not sign. The reason is the method's own words, which never hold key
/// material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningError {
    method: &'static str,
    reason: Cow<'static, str>,
}

impl SigningError {
    /// `method` (its `oauth_signature_method` name) could not sign, for `reason`.
    pub fn new(method: &'static str, reason: impl Into<Cow<'static, str>>) -> Self {
        Self {
            method,
            reason: reason.into(),
        }
    }

    /// The signature method's name.
    pub const fn method(&self) -> &'static str {
        self.method
    }

    /// Why it could not sign.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} could not sign: {}", self.method, self.reason)
    }
}

impl core::error::Error for SigningError {}

/// The system clock reads a time before the Unix epoch, so there is no `oauth_timestamp` to send:
/// `Timestamp::now` (with the `std` feature) says so rather than stamp requests `0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockError {
    pub(crate) before_epoch_secs: u64,
}

impl ClockError {
    /// How many whole seconds before 1970-01-01T00:00:00Z the clock reads.
    pub const fn before_epoch_secs(&self) -> u64 {
        self.before_epoch_secs
    }
}

impl fmt::Display for ClockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the system clock reads {} s before 1970-01-01T00:00:00Z: no request timestamp can be sent",
            self.before_epoch_secs
        )
    }
}

impl core::error::Error for ClockError {}

/// What can go wrong when an HTTP client runs one of core's steps: core's own error, or the transport's.
/// The adapters name it `oauth1_ureq::Error` and `oauth1_reqwest::Error`, with their client's error as
/// `T`.
#[derive(Debug)]
#[non_exhaustive]
pub enum SendError<T> {
    /// Core refused the input or the provider's answer: see [`Error::category`]. A provider's error
    /// status (with its message) and a rate limit (with its reset time) are here.
    OAuth(Error),
    /// The request could not be sent or the response not read: connection, TLS, protocol.
    Transport(T),
    /// A deadline passed (connecting, sending, or reading the response).
    Timeout(T),
    /// The response body is longer than the client's cap.
    BodyTooLarge {
        /// The cap, in bytes.
        limit: u64,
    },
    /// The operating system gave no randomness for the nonce.
    Randomness(String),
    /// The system clock gave no time to stamp the request with.
    Clock(ClockError),
}

impl<T> SendError<T> {
    /// The provider's HTTP status, when it answered with an error status.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Self::OAuth(e) => e.status(),
            _ => None,
        }
    }

    /// The provider's message, when it answered with an error status.
    pub fn provider_message(&self) -> Option<&str> {
        match self {
            Self::OAuth(e) => e.provider_message(),
            _ => None,
        }
    }

    /// Whether a timeout ended the request.
    pub const fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }
}

impl<T: fmt::Display> fmt::Display for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OAuth(e) => fmt::Display::fmt(e, f),
            Self::Transport(e) => write!(f, "transport: {e}"),
            Self::Timeout(e) => write!(f, "timed out: {e}"),
            Self::BodyTooLarge { limit } => write!(f, "the response body is longer than {limit} bytes"),
            Self::Randomness(e) => write!(f, "no randomness for the nonce: {e}"),
            Self::Clock(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl<T: core::error::Error + 'static> core::error::Error for SendError<T> {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::OAuth(e) => Some(e),
            Self::Transport(e) | Self::Timeout(e) => Some(e),
            Self::Clock(e) => Some(e),
            _ => None,
        }
    }
}

impl<T> From<Error> for SendError<T> {
    fn from(e: Error) -> Self {
        Self::OAuth(e)
    }
}

impl<T> From<ClockError> for SendError<T> {
    fn from(e: ClockError) -> Self {
        Self::Clock(e)
    }
}

impl<T> From<InputError> for SendError<T> {
    fn from(e: InputError) -> Self {
        Self::OAuth(e.into())
    }
}

#[cfg(test)]
mod tests {
    use core::error::Error as _;

    use http::StatusCode;

    use super::*;
    use crate::response::check_status;

    /// The error for a provider's answer with `status` and `body`.
    fn answer(status: u16, body: &str) -> Error {
        let response = http::Response::builder().status(status).body(body).unwrap();
        check_status(&response).unwrap_err()
    }

    #[test]
    fn the_providers_status_and_message_are_at_hand_and_in_the_source_chain() {
        let refused = answer(
            401,
            r#"{"errors":[{"code":32,"message":"Could not authenticate you."}]}"#,
        );
        let limited = answer(429, "Rate limit exceeded");
        for (error, status, message) in [
            (&refused, StatusCode::UNAUTHORIZED, "Could not authenticate you."),
            (&limited, StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded"),
        ] {
            assert_eq!(error.status(), Some(status));
            assert_eq!(error.provider_message(), Some(message));
            let source = error.source().unwrap().to_string();
            assert!(source.contains(message), "{source}");
            // Through an adapter's error too.
            let sent = SendError::<std::io::Error>::from(error.clone());
            assert_eq!(
                (sent.status(), sent.provider_message()),
                (Some(status), Some(message))
            );
            assert!(!sent.is_timeout());
            assert_eq!(sent.source().unwrap().to_string(), error.to_string());
        }
        assert!(matches!(limited, Error::RateLimited(_)));

        // Refused before sending: no status, no message; the cause is one step down the chain.
        let local = Error::Input(InputError::new(
            "body",
            InputProblem::BadEncoding(DecodeError::NotUtf8),
        ));
        assert_eq!((local.status(), local.provider_message()), (None, None));
        let cause = local.source().and_then(core::error::Error::source).unwrap();
        assert_eq!(cause.to_string(), DecodeError::NotUtf8.to_string());
        assert!(Error::Denied.source().is_none());

        let timeout = SendError::Timeout(std::io::Error::new(std::io::ErrorKind::TimedOut, "read"));
        assert!(timeout.is_timeout());
        assert_eq!((timeout.status(), timeout.provider_message()), (None, None));
        assert_eq!(timeout.source().unwrap().to_string(), "read");
        assert_eq!(timeout.to_string(), "timed out: read");
        let too_large = SendError::<std::io::Error>::BodyTooLarge { limit: 10 };
        assert!(too_large.source().is_none());
        assert_eq!(too_large.to_string(), "the response body is longer than 10 bytes");
        let clock = ClockError { before_epoch_secs: 5 };
        let stopped = SendError::<std::io::Error>::Clock(clock);
        assert_eq!(stopped.source().unwrap().to_string(), clock.to_string());
        assert_eq!(stopped.to_string(), clock.to_string());
    }

    #[test]
    fn a_signing_error_names_the_method_and_the_reason() {
        let error = SigningError::new("RSA-SHA1", "the hardware key refused");
        assert_eq!(
            error.to_string(),
            "RSA-SHA1 could not sign: the hardware key refused"
        );
        assert_eq!(Error::from(error.clone()).to_string(), error.to_string());
    }

    /// A base string the provider echoes (Atlassian's `oauth_signature_base_string`) is compared with
    /// ours, and where they part is told with the provider's error.
    #[test]
    fn an_echoed_base_string_is_compared_with_ours() {
        let echoed = "oauth_problem=signature_invalid&oauth_signature_base_string=\
                      GET%26https%253A%252F%252Fa.example%252F%26a%253D1";
        let Error::Provider(mut error) = answer(401, echoed) else {
            panic!("a 401 is the provider's refusal");
        };
        let alone = error.to_string();
        error.compare_base_string("GET&https%3A%2F%2Fa.example%2F&a%3D1");
        assert_eq!(error.to_string(), alone, "the same base string: nothing to tell");
        error.compare_base_string("GET&https%3A%2F%2Fa.example%2F&a%3D2");
        let told = error.to_string();
        let mismatch = told.strip_prefix(&format!("{alone}; ")).unwrap();
        assert_eq!(
            mismatch,
            r#"base strings differ at byte 35 (parameter a): ours "a%3D2", theirs "a%3D1""#
        );
    }

    /// Text shown in an error is cut after `max` bytes with an ellipsis, and only then.
    #[test]
    fn printable_text_is_cut_only_past_its_limit() {
        assert_eq!(printable("abcd".chars(), 4), "abcd");
        assert_eq!(printable("abcde".chars(), 4), "abcd…");
        assert_eq!(printable("a\u{7}".chars(), 10), "a\\u{7}");
    }
}
