//! The one error type of the crate.
//!
//! [`Error::category`] separates the three kinds of failure a caller handles differently: the caller got it
//! wrong (fix the code or the input), the server misbehaved (a malformed response), or the server said no.
//! Messages name the field and the problem; they never repeat a secret, and they repeat a caller-supplied
//! value only where it cannot be one (a parameter *name*).

use alloc::string::String;
use core::fmt;

use crate::encode::DecodeError;

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The caller passed something that cannot be signed or sent as it is.
    Input(InputError),
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
    /// Who is responsible for this error.
    pub fn category(&self) -> ErrorCategory {
        match self {
            Self::Input(_) => ErrorCategory::Caller,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Input(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl core::error::Error for Error {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Input(e) => Some(e),
        }
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        Self::Input(e)
    }
}

/// Where in a request a parameter was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// The query component of the request URI.
    Query,
    /// An `application/x-www-form-urlencoded` request body.
    Body,
    /// The `Authorization` header.
    Header,
}

impl Location {
    const fn field(self) -> &'static str {
        match self {
            Self::Query => "query",
            Self::Body => "form body",
            Self::Header => "Authorization header",
        }
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
    /// The request already carries an `oauth_*` parameter; the signer adds protocol parameters itself.
    ReservedParameter {
        /// The parameter's encoded name.
        name: String,
    },
    /// Protocol parameters were to be placed in the body, but the body is not form-encoded or cannot
    /// be appended to.
    BodyNotForm,
    /// The value is not allowed here (the message says why).
    Invalid(&'static str),
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

    pub(crate) const fn decode(location: Location, error: DecodeError) -> Self {
        Self::new(location.field(), InputProblem::BadEncoding(error))
    }

    pub(crate) fn reserved_parameter(location: Location, name: &str) -> Self {
        Self::new(
            location.field(),
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
                "{field} already holds the protocol parameter '{name}'; the signer adds oauth_* parameters itself"
            ),
            InputProblem::BodyNotForm => write!(
                f,
                "{field}: protocol parameters can only go into an application/x-www-form-urlencoded body"
            ),
            InputProblem::Invalid(why) => write!(f, "{field} is invalid: {why}"),
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
