//! Signature methods (RFC 5849 §3.4): HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, PLAINTEXT, RSA-SHA1/256/512
//! (feature `rsa`, in the `rsa` module), and a trait for your own.
//!
//! A method turns the signing key into a [`SignatureWriter`]; the signer streams the base string into it
//! piece by piece (it is never built as one string on the signing path) and takes the [`Signature`] out.
//! Signing can fail (a hardware key that refuses, a remote signer out of reach): `finish` returns
//! a [`SigningError`] then, never a made-up signature.
//!
//! # Plugging in another method
//!
//! Implement [`SignatureMethod`] for a type that holds your key, and hash the streamed base string. This
//! one stands in for a key kept in an HSM:
//!
//! ```
//! use oauth1_core::signature::{Signature, SignatureMethod, SignatureWriter, SigningKey};
//! use oauth1_core::SigningError;
//! use sha1::{Digest, Sha1};
//!
//! /// Stands in for a key that signs SHA-1 digests somewhere else.
//! struct RemoteKey;
//! impl RemoteKey {
//!     fn sign_sha1_digest(&self, digest: &[u8]) -> Result<String, SigningError> {
//!         Ok(format!("signature-over-{}-bytes", digest.len()))
//!     }
//! }
//!
//! struct RemoteRsaSha1<'k>(&'k RemoteKey);
//! struct RemoteWriter<'k>(&'k RemoteKey, Sha1);
//!
//! impl<'k> SignatureMethod for RemoteRsaSha1<'k> {
//!     type Writer = RemoteWriter<'k>;
//!     fn name(&self) -> &'static str {
//!         "RSA-SHA1"
//!     }
//!     // RSA ignores the shared secrets.
//!     fn writer(&self, _key: &SigningKey<'_>) -> Self::Writer {
//!         RemoteWriter(self.0, Sha1::new())
//!     }
//! }
//!
//! impl SignatureWriter for RemoteWriter<'_> {
//!     fn write(&mut self, base_string_piece: &[u8]) {
//!         self.1.update(base_string_piece);
//!     }
//!     fn finish(self) -> Result<Signature, SigningError> {
//!         Ok(Signature::new(&self.0.sign_sha1_digest(&self.1.finalize())?))
//!     }
//! }
//!
//! let method = RemoteRsaSha1(&RemoteKey);
//! let mut writer = method.writer(&SigningKey::new("consumer secret", None));
//! writer.write(b"GET&http%3A%2F%2Fexample.com%2F&");
//! assert_eq!(writer.finish()?.as_str(), "signature-over-20-bytes");
//! # Ok::<(), SigningError>(())
//! ```
//!
//! A provider checks signatures through [`crate::verify::VerificationMethod`], which the built-in methods
//! implement too.

use alloc::string::String;
use core::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{KeyInit, Mac};
use smallvec::SmallVec;
use zeroize::Zeroize;

use crate::credentials::Secret;
use crate::encode::{Sink, encode_to, encoded_len};
use crate::error::SigningError;

/// The secrets a signature is keyed with: the consumer secret and, once there is one, the token secret.
#[derive(Clone, Copy)]
pub struct SigningKey<'a> {
    client_secret: &'a str,
    token_secret: Option<&'a str>,
    /// Whether both secrets are known to be their own OAuth encoding (then the key is a copy).
    unreserved: bool,
}

impl<'a> SigningKey<'a> {
    /// A key from the consumer secret and the token secret (none for the request-token step).
    pub const fn new(client_secret: &'a str, token_secret: Option<&'a str>) -> Self {
        Self {
            client_secret,
            token_secret,
            unreserved: false,
        }
    }

    /// A key from secrets that already know whether they need encoding.
    pub(crate) fn from_secrets(client_secret: &'a Secret, token_secret: Option<&'a Secret>) -> Self {
        Self {
            client_secret: client_secret.expose(),
            token_secret: token_secret.map(Secret::expose),
            unreserved: client_secret.is_unreserved() && token_secret.is_none_or(Secret::is_unreserved),
        }
    }

    /// The consumer (client) secret.
    pub const fn client_secret(&self) -> &'a str {
        self.client_secret
    }

    /// The token secret, if the request carries a token.
    pub const fn token_secret(&self) -> Option<&'a str> {
        self.token_secret
    }

    /// Both secrets as they stand, the token secret empty when there is none.
    fn secrets(&self) -> (&'a [u8], &'a [u8]) {
        let token = self.token_secret.unwrap_or_default();
        (self.client_secret.as_bytes(), token.as_bytes())
    }

    /// Writes `enc(consumer secret) & enc(token secret)` (§3.4.2), the HMAC key and the PLAINTEXT
    /// signature, to `sink`; secrets known to be their own encoding are copied as they stand.
    fn write_to(&self, sink: &mut impl Sink) {
        let (client, token) = self.secrets();
        if self.unreserved {
            sink.put(client);
            sink.put(b"&");
            sink.put(token);
        } else {
            encode_to(client, sink);
            sink.put(b"&");
            encode_to(token, sink);
        }
    }

    /// The length of what [`SigningKey::write_to`] writes.
    fn encoded_len(&self) -> usize {
        let (client, token) = self.secrets();
        if self.unreserved {
            client.len() + 1 + token.len()
        } else {
            encoded_len(client) + 1 + encoded_len(token)
        }
    }

    /// The key in a buffer of its own. The caller should wipe the buffer after use.
    fn encoded(&self) -> SmallVec<[u8; 128]> {
        let mut key = SmallVec::new();
        self.write_to(&mut key);
        key
    }
}

/// A digest fed as a [`Sink`]: a long HMAC key is written straight into its hash.
struct Hashing<D>(D);

impl<D: hmac::digest::Update> Sink for Hashing<D> {
    fn put(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

impl fmt::Debug for SigningKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey([redacted])")
    }
}

/// A signature method: its `oauth_signature_method` name and how to compute a signature.
pub trait SignatureMethod {
    /// Computes one signature.
    type Writer: SignatureWriter;

    /// The value of `oauth_signature_method`, such as `"HMAC-SHA1"`.
    fn name(&self) -> &'static str;

    /// Starts a signature keyed with `key`. Methods with a key of their own (RSA) ignore it.
    fn writer(&self, key: &SigningKey<'_>) -> Self::Writer;

    /// Whether the signature depends on the base string. PLAINTEXT's does not, so the signer can skip
    /// building it.
    fn uses_base_string(&self) -> bool {
        true
    }
}

/// A borrowed method signs as the method itself (flow steps keep their method and lend it to each
/// request they sign).
impl<M: SignatureMethod + ?Sized> SignatureMethod for &M {
    type Writer = M::Writer;

    fn name(&self) -> &'static str {
        (**self).name()
    }

    fn writer(&self, key: &SigningKey<'_>) -> Self::Writer {
        (**self).writer(key)
    }

    fn uses_base_string(&self) -> bool {
        (**self).uses_base_string()
    }
}

/// Receives the base string and produces the signature.
pub trait SignatureWriter {
    /// Feeds the next piece of the signature base string.
    fn write(&mut self, base_string_piece: &[u8]);

    /// The signature over everything written.
    ///
    /// # Errors
    /// The method could not sign (a hardware key that refused, say). Never a secret in it.
    fn finish(self) -> Result<Signature, SigningError>;

    /// Whether `signature` (as received, not percent-encoded) is the signature over everything written,
    /// compared in constant time. A writer that cannot sign verifies nothing.
    fn verify(self, signature: &str) -> bool
    where
        Self: Sized,
    {
        self.finish()
            .is_ok_and(|own| crate::constant_time_eq(own.as_str().as_bytes(), signature.as_bytes()))
    }
}

/// A computed signature, as `oauth_signature` carries it before percent-encoding. Stored inline for the
/// HMAC methods; an RSA signature (172 characters for a 1024-bit key) spills to the heap.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature(SmallVec<[u8; 88]>);

impl Signature {
    /// A signature from its text form.
    pub fn new(value: &str) -> Self {
        Self(SmallVec::from_slice(value.as_bytes()))
    }

    /// The signature of a binary MAC or RSA output: its base64.
    pub(crate) fn base64(raw: &[u8]) -> Self {
        // HMAC tags (up to 64 bytes) fit the inline 88 characters; RSA signatures go to the heap.
        let mut inline = [0u8; 88];
        if let Ok(written) = BASE64.encode_slice(raw, &mut inline) {
            return Self(SmallVec::from_slice(&inline[..written]));
        }
        let text = BASE64.encode(raw);
        Self(SmallVec::from_vec(text.into_bytes()))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The signature text (base64 for the HMAC and RSA methods).
    ///
    /// # Panics
    /// Never: a signature is built only from text or base64 output.
    pub fn as_str(&self) -> &str {
        #[allow(clippy::expect_used)] // Built from `&str` or from base64 output.
        core::str::from_utf8(&self.0).expect("a signature is built from text or base64")
    }
}

impl fmt::Debug for Signature {
    // A PLAINTEXT signature *is* the secrets, so no signature is ever printed by `Debug`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signature([redacted])")
    }
}

impl Drop for Signature {
    fn drop(&mut self) {
        self.0.as_mut_slice().zeroize();
    }
}

/// HMAC-SHA1 (RFC 5849 §3.4.2), the method Twitter/X requires.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HmacSha1;

/// HMAC-SHA256: the same construction as HMAC-SHA1 with SHA-256 (NetSuite, Magento, WooCommerce).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HmacSha256;

/// HMAC-SHA512: the same construction with SHA-512 (offered by oauthlib and others).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HmacSha512;

/// PLAINTEXT (RFC 5849 §3.4.4): the signature is the key itself. Only ever use it over TLS.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Plaintext;

/// Defines the writer of one HMAC method: a keyed MAC over the streamed base string.
macro_rules! hmac_method {
    ($method:ident, $writer:ident, $digest:ty, $name:literal) => {
        /// The keyed state of one
        #[doc = concat!(" ", $name, " signature.")]
        #[derive(Clone)]
        pub struct $writer(hmac::Hmac<$digest>);

        impl SignatureMethod for $method {
            type Writer = $writer;

            fn name(&self) -> &'static str {
                $name
            }

            fn writer(&self, key: &SigningKey<'_>) -> Self::Writer {
                use hmac::digest::Digest as _;
                use hmac::digest::block_api::BlockSizeUser as _;
                let mac = if key.encoded_len() > <$digest>::block_size() {
                    // A key longer than the hash's block is keyed by its hash (RFC 2104 §2): the key
                    // is written straight into the hash, not first into a buffer that would then
                    // need wiping octet by octet.
                    let mut hashing = Hashing(<$digest>::new());
                    key.write_to(&mut hashing);
                    let mut hashed = hashing.0.finalize();
                    let mac = hmac::Hmac::<$digest>::new_from_slice(&hashed);
                    hashed.as_mut_slice().zeroize();
                    mac
                } else {
                    let mut encoded = key.encoded();
                    let mac = hmac::Hmac::<$digest>::new_from_slice(&encoded);
                    encoded.as_mut_slice().zeroize();
                    mac
                };
                #[allow(clippy::expect_used)] // HMAC takes keys of every length (RFC 2104 §2).
                $writer(mac.expect("HMAC accepts a key of any length"))
            }
        }

        impl SignatureWriter for $writer {
            fn write(&mut self, base_string_piece: &[u8]) {
                self.0.update(base_string_piece);
            }

            fn finish(self) -> Result<Signature, SigningError> {
                Ok(Signature::base64(&self.0.finalize().into_bytes()))
            }

            fn verify(self, signature: &str) -> bool {
                let mut tag = [0u8; 64];
                match BASE64.decode_slice(signature.as_bytes(), &mut tag) {
                    // `verify_slice` compares in constant time.
                    Ok(len) => tag
                        .get(..len)
                        .is_some_and(|tag| self.0.verify_slice(tag).is_ok()),
                    Err(_) => false,
                }
            }
        }
    };
}

hmac_method!(HmacSha1, HmacSha1Writer, sha1::Sha1, "HMAC-SHA1");
hmac_method!(HmacSha256, HmacSha256Writer, sha2::Sha256, "HMAC-SHA256");
hmac_method!(HmacSha512, HmacSha512Writer, sha2::Sha512, "HMAC-SHA512");

/// PLAINTEXT's "signature": the encoded key, whatever is written.
#[derive(Clone)]
pub struct PlaintextWriter(SmallVec<[u8; 128]>);

impl Drop for PlaintextWriter {
    fn drop(&mut self) {
        self.0.as_mut_slice().zeroize();
    }
}

impl SignatureWriter for PlaintextWriter {
    fn write(&mut self, _base_string_piece: &[u8]) {}

    fn finish(self) -> Result<Signature, SigningError> {
        Ok(Signature(SmallVec::from_slice(&self.0)))
    }
}

impl SignatureMethod for Plaintext {
    type Writer = PlaintextWriter;

    fn name(&self) -> &'static str {
        "PLAINTEXT"
    }

    fn writer(&self, key: &SigningKey<'_>) -> Self::Writer {
        PlaintextWriter(key.encoded())
    }

    fn uses_base_string(&self) -> bool {
        false
    }
}

/// One of the shared-secret methods, chosen at run time (from a flag, a config file, or a received
/// `oauth_signature_method`). The RSA methods carry a key and live in the `rsa` module (feature `rsa`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuiltinMethod {
    /// [`HmacSha1`].
    #[default]
    HmacSha1,
    /// [`HmacSha256`].
    HmacSha256,
    /// [`HmacSha512`].
    HmacSha512,
    /// [`Plaintext`].
    Plaintext,
}

impl BuiltinMethod {
    /// Every shared-secret method.
    pub const ALL: [Self; 4] = [
        Self::HmacSha1,
        Self::HmacSha256,
        Self::HmacSha512,
        Self::Plaintext,
    ];

    /// The method whose `oauth_signature_method` name is `name` (exact, case-sensitive match).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.name() == name)
    }
}

/// The writer of a [`BuiltinMethod`].
#[allow(clippy::large_enum_variant)] // Lives on the stack for one signature; boxing would allocate.
#[derive(Clone)]
pub enum BuiltinWriter {
    /// HMAC-SHA1.
    HmacSha1(HmacSha1Writer),
    /// HMAC-SHA256.
    HmacSha256(HmacSha256Writer),
    /// HMAC-SHA512.
    HmacSha512(HmacSha512Writer),
    /// PLAINTEXT.
    Plaintext(PlaintextWriter),
}

impl SignatureMethod for BuiltinMethod {
    type Writer = BuiltinWriter;

    fn name(&self) -> &'static str {
        match self {
            Self::HmacSha1 => HmacSha1.name(),
            Self::HmacSha256 => HmacSha256.name(),
            Self::HmacSha512 => HmacSha512.name(),
            Self::Plaintext => Plaintext.name(),
        }
    }

    fn writer(&self, key: &SigningKey<'_>) -> Self::Writer {
        match self {
            Self::HmacSha1 => BuiltinWriter::HmacSha1(HmacSha1.writer(key)),
            Self::HmacSha256 => BuiltinWriter::HmacSha256(HmacSha256.writer(key)),
            Self::HmacSha512 => BuiltinWriter::HmacSha512(HmacSha512.writer(key)),
            Self::Plaintext => BuiltinWriter::Plaintext(Plaintext.writer(key)),
        }
    }

    fn uses_base_string(&self) -> bool {
        !matches!(self, Self::Plaintext)
    }
}

impl SignatureWriter for BuiltinWriter {
    fn write(&mut self, base_string_piece: &[u8]) {
        match self {
            Self::HmacSha1(w) => w.write(base_string_piece),
            Self::HmacSha256(w) => w.write(base_string_piece),
            Self::HmacSha512(w) => w.write(base_string_piece),
            Self::Plaintext(w) => w.write(base_string_piece),
        }
    }

    fn finish(self) -> Result<Signature, SigningError> {
        match self {
            Self::HmacSha1(w) => w.finish(),
            Self::HmacSha256(w) => w.finish(),
            Self::HmacSha512(w) => w.finish(),
            Self::Plaintext(w) => w.finish(),
        }
    }

    fn verify(self, signature: &str) -> bool {
        match self {
            Self::HmacSha1(w) => w.verify(signature),
            Self::HmacSha256(w) => w.verify(signature),
            Self::HmacSha512(w) => w.verify(signature),
            Self::Plaintext(w) => w.verify(signature),
        }
    }
}

impl fmt::Display for BuiltinMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Any built-in method, chosen at run time by its name, the RSA ones (feature `rsa`) with their key:
/// what a command line, a config file or a test vector names.
///
/// ```
/// use oauth1_core::signature::{AnyMethod, SignatureMethod};
///
/// assert_eq!(AnyMethod::from_name("HMAC-SHA512", None)?.name(), "HMAC-SHA512");
/// // RSA needs the private key.
/// assert!(AnyMethod::from_name("RSA-SHA1", None).is_err());
/// assert!(AnyMethod::from_name("hmac-sha1", None).is_err());
/// # Ok::<(), oauth1_core::InputError>(())
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum AnyMethod<'k> {
    /// A shared-secret method.
    Shared(BuiltinMethod),
    /// An RSA method with the client's private key.
    #[cfg(feature = "rsa")]
    Rsa(crate::rsa::Rsa<'k>),
    #[doc(hidden)]
    #[cfg(not(feature = "rsa"))]
    _Key(core::marker::PhantomData<&'k ()>),
}

/// The RSA private key [`AnyMethod::from_name`] takes (a placeholder type without the `rsa` feature).
#[cfg(feature = "rsa")]
pub type RsaKey = crate::rsa::RsaPrivateKey;
/// The RSA private key [`AnyMethod::from_name`] takes (a placeholder type without the `rsa` feature).
#[cfg(not(feature = "rsa"))]
pub type RsaKey = core::convert::Infallible;

impl<'k> AnyMethod<'k> {
    /// The method named `name` (`oauth_signature_method`, exact match); an RSA method signs with
    /// `rsa_key`.
    ///
    /// # Errors
    /// [`InputProblem::Invalid`](crate::InputProblem::Invalid) for the field `signature method`: an
    /// unknown name, an RSA method without a key (or without the `rsa` feature).
    pub fn from_name(name: &str, rsa_key: Option<&'k RsaKey>) -> Result<Self, crate::InputError> {
        let invalid = |why| crate::InputError::new("signature method", crate::InputProblem::Invalid(why));
        if let Some(method) = BuiltinMethod::from_name(name) {
            return Ok(Self::Shared(method));
        }
        #[cfg(feature = "rsa")]
        if let Some(method) = crate::rsa::RsaMethod::from_name(name) {
            let key = rsa_key.ok_or_else(|| invalid("RSA methods need the client's private key"))?;
            return Ok(Self::Rsa(crate::rsa::Rsa::new(method, key)));
        }
        #[cfg(not(feature = "rsa"))]
        if name.starts_with("RSA-") {
            let _ = rsa_key;
            return Err(invalid("RSA methods need oauth1-core's `rsa` feature"));
        }
        Err(invalid(
            "unknown; expected HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, PLAINTEXT, RSA-SHA1, RSA-SHA256 or RSA-SHA512",
        ))
    }
}

/// The writer of an [`AnyMethod`].
#[allow(clippy::large_enum_variant)] // Lives on the stack for one signature; boxing would allocate.
#[derive(Clone)]
#[non_exhaustive]
pub enum AnyWriter<'k> {
    /// A shared-secret method's writer.
    Shared(BuiltinWriter),
    /// An RSA method's writer.
    #[cfg(feature = "rsa")]
    Rsa(crate::rsa::RsaWriter<'k>),
    #[doc(hidden)]
    #[cfg(not(feature = "rsa"))]
    _Key(core::marker::PhantomData<&'k ()>),
}

impl<'k> SignatureMethod for AnyMethod<'k> {
    type Writer = AnyWriter<'k>;

    fn name(&self) -> &'static str {
        match self {
            Self::Shared(method) => method.name(),
            #[cfg(feature = "rsa")]
            Self::Rsa(method) => method.name(),
            #[cfg(not(feature = "rsa"))]
            Self::_Key(_) => unreachable_method(),
        }
    }

    fn writer(&self, key: &SigningKey<'_>) -> Self::Writer {
        match self {
            Self::Shared(method) => AnyWriter::Shared(method.writer(key)),
            #[cfg(feature = "rsa")]
            Self::Rsa(method) => AnyWriter::Rsa(method.writer(key)),
            #[cfg(not(feature = "rsa"))]
            Self::_Key(_) => unreachable_method(),
        }
    }

    fn uses_base_string(&self) -> bool {
        match self {
            Self::Shared(method) => method.uses_base_string(),
            #[cfg(feature = "rsa")]
            Self::Rsa(_) => true,
            #[cfg(not(feature = "rsa"))]
            Self::_Key(_) => unreachable_method(),
        }
    }
}

impl SignatureWriter for AnyWriter<'_> {
    fn write(&mut self, base_string_piece: &[u8]) {
        match self {
            Self::Shared(writer) => writer.write(base_string_piece),
            #[cfg(feature = "rsa")]
            Self::Rsa(writer) => writer.write(base_string_piece),
            #[cfg(not(feature = "rsa"))]
            Self::_Key(_) => unreachable_method(),
        }
    }

    fn finish(self) -> Result<Signature, SigningError> {
        match self {
            Self::Shared(writer) => writer.finish(),
            #[cfg(feature = "rsa")]
            Self::Rsa(writer) => writer.finish(),
            #[cfg(not(feature = "rsa"))]
            Self::_Key(_) => unreachable_method(),
        }
    }

    fn verify(self, signature: &str) -> bool {
        match self {
            Self::Shared(writer) => writer.verify(signature),
            #[cfg(feature = "rsa")]
            Self::Rsa(writer) => writer.verify(signature),
            #[cfg(not(feature = "rsa"))]
            Self::_Key(_) => unreachable_method(),
        }
    }
}

/// The hidden placeholder variant is never constructed: `from_name` makes only the others.
#[cfg(not(feature = "rsa"))]
#[allow(clippy::panic)]
fn unreachable_method() -> ! {
    panic!("AnyMethod::_Key is a lifetime placeholder and is never constructed")
}

/// Signs `base_string` with `method`: for checking a method against a published base string, or a base
/// string a provider echoed back. The signer streams instead.
///
/// # Errors
/// The method could not sign.
pub fn sign_base_string<M: SignatureMethod>(
    method: &M,
    key: &SigningKey<'_>,
    base_string: &str,
) -> Result<Signature, SigningError> {
    let mut writer = method.writer(key);
    writer.write(base_string.as_bytes());
    writer.finish()
}

/// Renders a signature into a `String` (for callers who need an owned value).
impl From<Signature> for String {
    fn from(signature: Signature) -> Self {
        String::from(signature.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(method: BuiltinMethod, token_secret: Option<&str>, text: &str) -> String {
        let key = SigningKey::new("cs", token_secret);
        String::from(sign_base_string(&method, &key, text).unwrap())
    }

    /// The MAC the `hmac` crate computes keyed with the whole `enc(cs)&enc(ts)`, in base64.
    fn keyed_with_whole_key<D: hmac::EagerHash>(key: &[u8], text: &str) -> String {
        let mut mac = hmac::Hmac::<D>::new_from_slice(key).unwrap();
        mac.update(text.as_bytes());
        BASE64.encode(mac.finalize().into_bytes())
    }

    // A key longer than the hash's block is written straight into its hash (RFC 2104 §2), a shorter
    // one into a buffer first. Both must give what keying with the whole key, written out here, gives,
    // on both sides of each method's block size (64 octets for SHA-1 and SHA-256, 128 for SHA-512),
    // with secrets that are their own encoding and secrets that need encoding.
    #[test]
    fn keys_on_both_sides_of_the_block_size_sign_as_the_whole_key() {
        let text = "POST&https%3A%2F%2Fexample.com%2F&a%3D1";
        for secrets_len in [0, 1, 62, 63, 64, 84, 126, 127, 128, 199] {
            for filler in ['a', '+'] {
                let client: String = core::iter::repeat_n(filler, secrets_len / 2).collect();
                let token: String = core::iter::repeat_n('b', secrets_len - secrets_len / 2).collect();
                let whole = alloc::format!("{}&{token}", client.replace('+', "%2B"));
                let whole = whole.as_bytes();
                let (client, token) = (Secret::new(client), Secret::new(token));
                let key = SigningKey::from_secrets(&client, Some(&token));
                let ours =
                    |method: BuiltinMethod| String::from(sign_base_string(&method, &key, text).unwrap());
                let case = alloc::format!("{secrets_len} octets of secrets, filler {filler:?}");
                assert_eq!(
                    ours(BuiltinMethod::HmacSha1),
                    keyed_with_whole_key::<sha1::Sha1>(whole, text),
                    "{case}"
                );
                assert_eq!(
                    ours(BuiltinMethod::HmacSha256),
                    keyed_with_whole_key::<sha2::Sha256>(whole, text),
                    "{case}"
                );
                assert_eq!(
                    ours(BuiltinMethod::HmacSha512),
                    keyed_with_whole_key::<sha2::Sha512>(whole, text),
                    "{case}"
                );
            }
        }
    }

    // oauth.net TestCases, "HMAC-SHA1" and "PLAINTEXT" sections.
    #[test]
    fn oauth_net_primitive_vectors() {
        assert_eq!(
            sign(BuiltinMethod::HmacSha1, None, "bs"),
            "egQqG5AJep5sJ7anhXju1unge2I="
        );
        assert_eq!(
            sign(BuiltinMethod::HmacSha1, Some("ts"), "bs"),
            "VZVjXceV7JgPq/dOTnNmEfO0Fv8="
        );
        assert_eq!(sign(BuiltinMethod::Plaintext, None, "ignored"), "cs&");
        assert_eq!(sign(BuiltinMethod::Plaintext, Some("ts"), "ignored"), "cs&ts");
    }

    // The oauth.net primitive case ("cs&" over "bs") with SHA-512, as Python's standard library computes
    // it: base64(hmac.new(b"cs&", b"bs", "sha512").digest()).
    #[test]
    fn hmac_sha512_matches_python_hmac() {
        assert_eq!(
            sign(BuiltinMethod::HmacSha512, None, "bs"),
            "cFLQ6boLgh0a26EAIJn34od33Ix9DVMqglR1fA2bjkWA6tHfT110FUJm82dnNSq6m2SQZmUdTz98MKnrfbUdJA=="
        );
    }

    #[test]
    fn key_percent_encodes_both_secrets() {
        // A secret with '&' must not be able to shift the boundary between the two secrets.
        let plain = |c: &str, t: &str| {
            String::from(sign_base_string(&Plaintext, &SigningKey::new(c, Some(t)), "").unwrap())
        };
        assert_eq!(plain("a&b", "c d"), "a%26b&c%20d");
        assert_ne!(plain("a&b", "c"), plain("a", "b&c"));
    }

    #[test]
    fn hmac_verify_accepts_own_signature_and_rejects_others() {
        let key = SigningKey::new("cs", Some("ts"));
        for method in [
            BuiltinMethod::HmacSha1,
            BuiltinMethod::HmacSha256,
            BuiltinMethod::HmacSha512,
        ] {
            let signature = sign_base_string(&method, &key, "bs").unwrap();
            let mut writer = method.writer(&key);
            writer.write(b"bs");
            assert!(writer.verify(signature.as_str()), "{method}");
            let mut writer = method.writer(&key);
            writer.write(b"bs!");
            assert!(!writer.verify(signature.as_str()), "{method}");
            assert!(!method.writer(&key).verify("not base64 !!"), "{method}");
        }
    }

    /// Every method chosen by name verifies what it signed and nothing else, PLAINTEXT and RSA through
    /// the trait's own `verify`, and shows its name.
    #[test]
    fn every_method_by_name_verifies_its_own_signature_only() {
        #[cfg(feature = "rsa")]
        let rsa_key = RsaKey::from_pem(include_str!("../tests/keys/test-client-2048.pkcs8.pem")).unwrap();
        #[cfg(feature = "rsa")]
        let rsa_key = Some(&rsa_key);
        #[cfg(not(feature = "rsa"))]
        let rsa_key = None;
        let names = BuiltinMethod::ALL.iter().map(SignatureMethod::name);
        #[cfg(feature = "rsa")]
        let names = names.chain(crate::rsa::RsaMethod::ALL.map(crate::rsa::RsaMethod::name));
        let key = SigningKey::new("cs", Some("ts"));
        let other_key = SigningKey::new("cs", Some("tt"));
        for name in names {
            let method = AnyMethod::from_name(name, rsa_key).unwrap();
            assert_eq!(method.name(), name);
            let signature = sign_base_string(&method, &key, "bs").unwrap();
            let written = |key: &SigningKey<'_>, text: &[u8]| {
                let mut writer = method.writer(key);
                writer.write(text);
                writer
            };
            assert!(written(&key, b"bs").verify(signature.as_str()), "{name}");
            assert!(!written(&key, b"bs").verify("cs&tt"), "{name}");
            assert!(!written(&key, b"bs").verify(""), "{name}");
            if method.uses_base_string() {
                assert!(!written(&key, b"bs!").verify(signature.as_str()), "{name}");
            } else {
                assert_eq!(signature.as_str(), "cs&ts");
            }
            if matches!(method, AnyMethod::Shared(_)) {
                // RSA signs with the private key alone; the shared-secret methods with both secrets.
                assert!(!written(&other_key, b"bs").verify(signature.as_str()), "{name}");
            }
        }
        for method in BuiltinMethod::ALL {
            assert_eq!(alloc::format!("{method}"), method.name());
        }
    }

    #[test]
    fn signing_key_hands_back_its_secrets() {
        let key = SigningKey::new("cs", Some("ts"));
        assert_eq!((key.client_secret(), key.token_secret()), ("cs", Some("ts")));
        let key = SigningKey::new("cs", None);
        assert_eq!((key.client_secret(), key.token_secret()), ("cs", None));
    }

    #[test]
    fn names_round_trip() {
        for method in BuiltinMethod::ALL {
            assert_eq!(BuiltinMethod::from_name(method.name()), Some(method));
        }
        assert_eq!(BuiltinMethod::from_name("hmac-sha1"), None);
    }

    #[test]
    fn signature_debug_is_redacted() {
        let shown = alloc::format!("{:?}", Signature::new("cs&ts"));
        assert!(!shown.contains("cs&ts"), "{shown}");
    }
}
