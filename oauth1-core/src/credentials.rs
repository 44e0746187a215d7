//! Client, temporary and token credentials (RFC 5849 §1.1).
//!
//! Each set is an identifier, which travels in the clear, and a shared secret, which never does. Secrets
//! live in [`Secret`], whose `Debug` prints `[redacted]`, which has no `Display`, and which is wiped from
//! memory when dropped.

use alloc::string::String;
use core::fmt;

use zeroize::Zeroizing;

/// A shared secret: a consumer secret, a token secret or a verifier.
///
/// `Debug` prints `[redacted]` and there is no `Display`, so a secret cannot end up in a log line or an
/// error message by accident; read it with [`Secret::expose`]. Equality compares in constant time.
#[derive(Clone)]
pub struct Secret {
    value: SecretText,
    /// Whether a signing key holds the value as it stands: it is its own OAuth encoding (see
    /// [`Identifier`]), or it is [`Secret::unencoded`].
    unreserved: bool,
}

#[derive(Clone)]
enum SecretText {
    /// A caller's secret, wiped when dropped.
    Owned(Zeroizing<String>),
    /// Text built into this crate, public by nature (the verifier's stand-in for unknown
    /// credentials): held without a heap copy, so that checking against it costs what checking
    /// against borrowed secrets does.
    Builtin(&'static str),
}

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        let unreserved = is_unreserved(&value);
        Self {
            value: SecretText::Owned(Zeroizing::new(value)),
            unreserved,
        }
    }

    /// A value built into this crate (see [`SecretText::Builtin`]).
    pub(crate) const fn builtin(value: &'static str) -> Self {
        Self {
            value: SecretText::Builtin(value),
            unreserved: is_unreserved(value),
        }
    }

    /// The secret itself. Call this only where the value is needed (signing, storing).
    pub fn expose(&self) -> &str {
        match &self.value {
            SecretText::Owned(value) => value,
            SecretText::Builtin(value) => value,
        }
    }

    /// Whether the secret is its own OAuth encoding, so the signing key takes it as it is.
    pub(crate) const fn is_unreserved(&self) -> bool {
        self.unreserved
    }

    /// The same secret, to be written into a signing key unencoded: a client's mistake re-enacted
    /// (see [`Checker::find_mistake`](crate::verify::Checker::find_mistake)).
    pub(crate) fn unencoded(&self) -> Self {
        Self {
            value: self.value.clone(),
            unreserved: true,
        }
    }
}

impl Default for Secret {
    /// The empty secret.
    fn default() -> Self {
        Self::new(String::new())
    }
}

/// Whether every octet of `value` is unreserved. A `const fn`, so that a built-in secret's flag is
/// worked out at compile time.
const fn is_unreserved(value: &str) -> bool {
    let bytes = value.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !crate::encode::is_unreserved(bytes[at]) {
            return false;
        }
        at += 1;
    }
    true
}

/// A consumer key or a token: sent in the clear, so `Debug` shows it. Whether it is its own OAuth
/// encoding (keys and tokens almost always are) is found once, here, so signing copies it where it
/// would otherwise encode it twice per request. Serialized as the plain string.
#[derive(Clone)]
pub(crate) struct Identifier {
    value: String,
    unreserved: bool,
}

impl Identifier {
    fn new(value: String) -> Self {
        Self {
            unreserved: is_unreserved(&value),
            value,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.value
    }

    pub(crate) const fn is_unreserved(&self) -> bool {
        self.unreserved
    }
}

impl fmt::Debug for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value, f)
    }
}

impl PartialEq for Identifier {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Identifier {}

#[cfg(feature = "serde")]
impl serde::Serialize for Identifier {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Identifier {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        crate::constant_time_eq(self.expose().as_bytes(), other.expose().as_bytes())
    }
}

impl Eq for Secret {}

/// Serialized as the plain string: storing a secret is the point of serializing it. Keep the storage
/// server-side and protected.
#[cfg(feature = "serde")]
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

/// The client's (consumer's) credentials: `oauth_consumer_key` and the consumer secret.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ClientCredentials {
    key: Identifier,
    secret: Secret,
}

impl ClientCredentials {
    /// Credentials from the consumer key and consumer secret the provider issued.
    pub fn new(key: impl Into<String>, secret: impl Into<Secret>) -> Self {
        Self {
            key: Identifier::new(key.into()),
            secret: secret.into(),
        }
    }

    /// The consumer key, sent as `oauth_consumer_key`.
    pub fn key(&self) -> &str {
        self.key.as_str()
    }

    pub(crate) fn identifier(&self) -> &Identifier {
        &self.key
    }

    /// The consumer secret, used only inside the signing key.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }
}

/// Token credentials: an access token (`oauth_token`) and its secret.
///
/// The same shape carries temporary (request-token) credentials while the flow runs.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TokenCredentials {
    token: Identifier,
    secret: Secret,
}

impl TokenCredentials {
    /// Credentials from a token and its secret.
    pub fn new(token: impl Into<String>, secret: impl Into<Secret>) -> Self {
        Self {
            token: Identifier::new(token.into()),
            secret: secret.into(),
        }
    }

    /// The token identifier, sent as `oauth_token` (omitted when empty).
    pub fn token(&self) -> &str {
        self.token.as_str()
    }

    pub(crate) fn identifier(&self) -> &Identifier {
        &self.token
    }

    /// The token secret, used only inside the signing key.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn a_builtin_secret_reads_as_one_made_from_the_same_text() {
        for text in ["oauth1-core_stand-in", "with space", "%", ""] {
            let (builtin, made) = (Secret::builtin(text), Secret::new(text));
            assert_eq!(builtin.expose(), made.expose());
            assert_eq!(builtin.is_unreserved(), made.is_unreserved(), "{text:?}");
            assert_eq!(builtin, made);
            assert_eq!(format!("{builtin:?}"), "[redacted]");
        }
    }

    #[test]
    fn credentials_are_equal_only_when_key_and_secret_both_are() {
        let client = ClientCredentials::new("ck", "cs");
        assert_eq!(client, ClientCredentials::new("ck", "cs"));
        assert_ne!(client, ClientCredentials::new("ck2", "cs"));
        assert_ne!(client, ClientCredentials::new("ck", "cs2"));
        let token = TokenCredentials::new("tk", "ts");
        assert_eq!(token, TokenCredentials::new("tk", "ts"));
        assert_ne!(token, TokenCredentials::new("tk", "other"));
        assert_ne!(token, TokenCredentials::new("t", "ts"));
        assert_ne!(Secret::new("a"), Secret::new("b"));
        assert_ne!(Secret::new("a"), Secret::new("ab"));
    }

    #[test]
    fn debug_never_prints_a_secret() {
        let client = ClientCredentials::new("ck", "consumer-secret-value");
        let token = TokenCredentials::new("tk", "token-secret-value");
        let shown = format!("{client:?} {token:?} {:?}", Secret::new("verifier-value"));
        assert!(
            !shown.contains("secret-value") && !shown.contains("verifier-value"),
            "{shown}"
        );
        assert!(
            shown.contains("ck") && shown.contains("tk") && shown.contains("[redacted]"),
            "{shown}"
        );
    }
}
