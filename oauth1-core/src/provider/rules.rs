//! How a provider wants requests signed: the parts of RFC 5849 each service reads its own way.

use alloc::string::String;
use core::fmt;

use crate::error::{InputError, InputProblem};
use crate::signer::Placement;

/// A signature method by its `oauth_signature_method` name, as a provider profile names it. The
/// method itself (with its key, for RSA) is [`AnyMethod`](crate::signature::AnyMethod); this is what a
/// profile can hold without a key.
///
/// ```
/// use oauth1_core::MethodName;
///
/// assert_eq!("HMAC-SHA256".parse::<MethodName>()?, MethodName::HmacSha256);
/// assert_eq!(MethodName::RsaSha1.as_str(), "RSA-SHA1");
/// assert!("hmac-sha1".parse::<MethodName>().is_err());
/// # Ok::<(), oauth1_core::InputError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum MethodName {
    /// `HMAC-SHA1`.
    #[default]
    #[cfg_attr(feature = "serde", serde(rename = "HMAC-SHA1"))]
    HmacSha1,
    /// `HMAC-SHA256`.
    #[cfg_attr(feature = "serde", serde(rename = "HMAC-SHA256"))]
    HmacSha256,
    /// `HMAC-SHA512`.
    #[cfg_attr(feature = "serde", serde(rename = "HMAC-SHA512"))]
    HmacSha512,
    /// `PLAINTEXT`.
    #[cfg_attr(feature = "serde", serde(rename = "PLAINTEXT"))]
    Plaintext,
    /// `RSA-SHA1` (feature `rsa`).
    #[cfg_attr(feature = "serde", serde(rename = "RSA-SHA1"))]
    RsaSha1,
    /// `RSA-SHA256` (feature `rsa`).
    #[cfg_attr(feature = "serde", serde(rename = "RSA-SHA256"))]
    RsaSha256,
    /// `RSA-SHA512` (feature `rsa`).
    #[cfg_attr(feature = "serde", serde(rename = "RSA-SHA512"))]
    RsaSha512,
}

impl MethodName {
    /// Every name.
    pub const ALL: [Self; 7] = [
        Self::HmacSha1,
        Self::HmacSha256,
        Self::HmacSha512,
        Self::Plaintext,
        Self::RsaSha1,
        Self::RsaSha256,
        Self::RsaSha512,
    ];

    /// The `oauth_signature_method` value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::HmacSha1 => "HMAC-SHA1",
            Self::HmacSha256 => "HMAC-SHA256",
            Self::HmacSha512 => "HMAC-SHA512",
            Self::Plaintext => "PLAINTEXT",
            Self::RsaSha1 => "RSA-SHA1",
            Self::RsaSha256 => "RSA-SHA256",
            Self::RsaSha512 => "RSA-SHA512",
        }
    }

    /// Whether the method signs with the client's RSA private key rather than the shared secrets.
    pub const fn needs_private_key(self) -> bool {
        matches!(self, Self::RsaSha1 | Self::RsaSha256 | Self::RsaSha512)
    }
}

impl core::str::FromStr for MethodName {
    type Err = InputError;

    /// The method named exactly `name` (`oauth_signature_method` is case-sensitive).
    fn from_str(name: &str) -> Result<Self, InputError> {
        Self::ALL.into_iter().find(|method| method.as_str() == name).ok_or_else(|| {
            let why = "unknown; expected HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, PLAINTEXT, RSA-SHA1, RSA-SHA256 or RSA-SHA512";
            InputError::new("signature method", InputProblem::Invalid(why))
        })
    }
}

impl fmt::Display for MethodName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When `oauth_body_hash` is sent, and which digest it carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum BodyHash {
    /// Never (RFC 5849 alone). The default.
    #[default]
    Off,
    /// The OAuth Request Body Hash extension: the base64 SHA-1 digest of the body, on every request
    /// whose body is not form-encoded (an empty body included), never on a form-encoded one, whose
    /// parameters are signed already.
    Sha1Extension,
    /// The base64 SHA-256 digest of the body on every request, empty and form-encoded bodies included
    /// (Mastercard).
    Sha256Always,
}

/// How the signature base string is built: RFC 5849, or a provider's documented departure from it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Compat {
    /// RFC 5849 §3.4.1. Every profile but Mastercard's, WooCommerce's and Magento's.
    #[default]
    Rfc5849,
    /// Mastercard's signers (their `oauth1-signer-*` libraries), which are not RFC 5849 and which
    /// Mastercard's gateway verifies against:
    /// - the parameter string is built from the query's parameters as they appear in the URI (when the
    ///   query holds no `%XX` escape) or percent-encoded after decoding (when it holds one), and the
    ///   protocol parameters' values *unencoded*; it is sorted by name, then value, and the whole string
    ///   is percent-encoded once (RFC 5849 encodes each name and value, then the string again);
    /// - a form-encoded body's parameters are not signed (the body hash covers the body).
    ///
    /// The two agree whenever every value is made of unreserved characters; they differ on a body hash
    /// (`+`, `/`, `=`), on a consumer key with `!`, and on reserved characters in the query.
    Mastercard,
    /// WooCommerce's REST API, which reads the parameters as PHP's `$_GET` and `$_POST` hold them:
    /// `a[b]` names a key of array `a` and `a[]` appends to it at the next integer index (so
    /// `include[]=1&include[]=2` is signed as `include[0]=1&include[1]=2`), a repeated name keeps its
    /// last value, a form body's name replaces the query's, `.` and ` ` in a top-level name read as
    /// `_`; top-level names are sorted as PHP has them (decoded), each array keeps its order. With
    /// names of letters, digits, `-`, `_` and `~` that repeat nowhere it is RFC 5849's base string.
    /// Names PHP reads in ways not modelled (a top-level integer, a negative index, nesting past 64
    /// levels, a NUL) and multipart bodies are refused.
    #[cfg_attr(feature = "serde", serde(rename = "woocommerce"))]
    WooCommerce,
    /// Magento 2 / Adobe Commerce, whose server reads the query itself and sorts with PHP's
    /// `strnatcmp`: runs of digits order by number, so `keys[2]` signs before `keys[10]` (RFC 5849's
    /// byte order puts it after); a repeated name keeps its last value; `+` in the query is a `+`,
    /// not a space. With names whose digit runs order alike either way, that repeat nowhere, and no
    /// `+` in the query, it is RFC 5849's base string. What its server leaves out of the signature
    /// (a pair without exactly one `=`, a name containing `oauth_`) or rewrites first (some paths),
    /// integer names, form bodies and protocol parameters outside the header are refused.
    Magento,
}

/// The signing rules of a provider: everything about a signed request that is the same for every call
/// and that services read differently.
///
/// ```
/// use oauth1_core::{BodyHash, MethodName, Placement, SigningRules};
///
/// let rules = SigningRules::default();
/// assert_eq!(rules.method, MethodName::HmacSha1);
/// assert_eq!((rules.placement, rules.version, rules.body_hash), (Placement::Header, true, BodyHash::Off));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[non_exhaustive]
pub struct SigningRules {
    /// The signature method the provider expects.
    pub method: MethodName,
    /// The `realm` sent in the `Authorization` header (NetSuite: the account id). Never signed.
    pub realm: Option<String>,
    /// Where the protocol parameters go.
    pub placement: Placement,
    /// Whether `oauth_version="1.0"` is sent (optional in RFC 5849; E*TRADE does not send it).
    pub version: bool,
    /// Whether a request without a token sends an empty `oauth_token` (some servers want the
    /// parameter present) rather than none (RFC 5849 §2.1, the default).
    pub empty_token: bool,
    /// When `oauth_body_hash` is sent.
    pub body_hash: BodyHash,
    /// How the base string is built.
    pub compat: Compat,
    /// Whether the text fields of a `multipart/form-data` body are signed as form parameters (Flickr's
    /// uploads, WooCommerce's PHP), the files never; RFC 5849 signs no part of such a body. Only
    /// [`Signer::authorize_multipart`](crate::Signer::authorize_multipart) is given the fields.
    pub multipart_fields: bool,
}

impl Default for SigningRules {
    fn default() -> Self {
        Self {
            method: MethodName::HmacSha1,
            realm: None,
            placement: Placement::Header,
            version: true,
            empty_token: false,
            body_hash: BodyHash::Off,
            compat: Compat::Rfc5849,
            multipart_fields: false,
        }
    }
}

impl SigningRules {
    /// RFC 5849 with `method`, and everything else as by default.
    pub fn with_method(method: MethodName) -> Self {
        Self {
            method,
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_read_back_exactly_as_written() {
        for method in MethodName::ALL {
            let written = method.to_string();
            assert_eq!(written, method.as_str());
            assert_eq!(written.parse::<MethodName>(), Ok(method));
            assert_eq!(method.needs_private_key(), written.starts_with("RSA-"));
            // `oauth_signature_method` is case-sensitive: another spelling is no method.
            let error = written.to_ascii_lowercase().parse::<MethodName>().unwrap_err();
            assert_eq!(error.field(), "signature method");
            assert!(error.to_string().contains("expected HMAC-SHA1"), "{error}");
        }
        assert!("".parse::<MethodName>().is_err());
    }
}
