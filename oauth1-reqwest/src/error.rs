//! The adapter's error: core's typed errors, or the transport's.

use std::fmt;

/// What can go wrong when running a request on reqwest.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Core refused the input or the provider's answer: see [`oauth1_core::Error::category`]. A provider's
    /// error status (with its message) and a rate limit (with its reset time) are here.
    OAuth(oauth1_core::Error),
    /// The request could not be sent or the response not read: connection, TLS, or a timeout. The URL
    /// is removed from it: its query may carry protocol parameters.
    Transport(reqwest::Error),
    /// The response body is longer than the cap.
    BodyTooLarge {
        /// The cap, in bytes.
        limit: u64,
    },
    /// The request's body is a stream: it cannot be signed (a form body's parameters are part of the
    /// signature), so build it from bytes.
    StreamingBody,
    /// The operating system gave no randomness for the nonce.
    Randomness(String),
}

impl Error {
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
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Transport(e) if e.is_timeout())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OAuth(e) => fmt::Display::fmt(e, f),
            Self::Transport(e) => write!(f, "transport: {e}"),
            Self::BodyTooLarge { limit } => write!(f, "the response body is longer than {limit} bytes"),
            Self::StreamingBody => f.write_str("a streaming request body cannot be signed"),
            Self::Randomness(e) => write!(f, "no randomness for the nonce: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::OAuth(e) => Some(e),
            Self::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl From<oauth1_core::Error> for Error {
    fn from(e: oauth1_core::Error) -> Self {
        Self::OAuth(e)
    }
}

impl From<oauth1_core::InputError> for Error {
    fn from(e: oauth1_core::InputError) -> Self {
        Self::OAuth(e.into())
    }
}

impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Self::Transport(e.without_url())
    }
}
