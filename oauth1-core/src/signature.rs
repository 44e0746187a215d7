//! Signature methods (RFC 5849 §3.4): HMAC-SHA1, HMAC-SHA256, PLAINTEXT, and a trait for your own.
//!
//! A method turns the signing key into a [`SignatureWriter`]; the signer streams the base string into it
//! piece by piece (it is never built as one string on the signing path) and takes the [`Signature`] out.
//!
//! # Plugging in another method: RSA-SHA1
//!
//! RSA-SHA1 (§3.4.3) signs the base string with the client's private RSA key instead of the shared
//! secrets. Implement [`SignatureMethod`] for a type that holds your key and hash the streamed base string;
//! this crate stays free of RSA code. With the `rsa` crate, `finish` would be
//! `key.sign(Pkcs1v15Sign::new::<Sha1>(), &digest)` followed by base64.
//!
//! ```
//! use oauth1_core::signature::{Signature, SignatureMethod, SignatureWriter, SigningKey};
//! use sha1::{Digest, Sha1};
//!
//! /// Stands in for an RSA private key.
//! struct MyRsaKey;
//! impl MyRsaKey {
//!     fn sign_sha1_digest(&self, digest: &[u8]) -> String {
//!         format!("rsa-signature-over-{}-bytes", digest.len())
//!     }
//! }
//!
//! struct RsaSha1<'k>(&'k MyRsaKey);
//! struct RsaSha1Writer<'k>(&'k MyRsaKey, Sha1);
//!
//! impl<'k> SignatureMethod for RsaSha1<'k> {
//!     type Writer = RsaSha1Writer<'k>;
//!     fn name(&self) -> &'static str {
//!         "RSA-SHA1"
//!     }
//!     // RSA-SHA1 ignores the shared secrets.
//!     fn writer(&self, _key: &SigningKey<'_>) -> Self::Writer {
//!         RsaSha1Writer(self.0, Sha1::new())
//!     }
//! }
//!
//! impl SignatureWriter for RsaSha1Writer<'_> {
//!     fn write(&mut self, base_string_piece: &[u8]) {
//!         self.1.update(base_string_piece);
//!     }
//!     fn finish(self) -> Signature {
//!         Signature::new(&self.0.sign_sha1_digest(&self.1.finalize()))
//!     }
//! }
//!
//! let key = MyRsaKey;
//! let method = RsaSha1(&key);
//! let mut writer = method.writer(&SigningKey::new("consumer secret", None));
//! writer.write(b"GET&http%3A%2F%2Fexample.com%2F&");
//! assert_eq!(writer.finish().as_str(), "rsa-signature-over-20-bytes");
//! ```

use alloc::string::String;
use core::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{KeyInit, Mac};
use smallvec::SmallVec;
use zeroize::Zeroize;

use crate::encode::{Sink, encode_to};

/// The secrets a signature is keyed with: the consumer secret and, once there is one, the token secret.
#[derive(Clone, Copy)]
pub struct SigningKey<'a> {
    client_secret: &'a str,
    token_secret: Option<&'a str>,
}

impl<'a> SigningKey<'a> {
    /// A key from the consumer secret and the token secret (none for the request-token step).
    pub const fn new(client_secret: &'a str, token_secret: Option<&'a str>) -> Self {
        Self {
            client_secret,
            token_secret,
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

    /// `enc(consumer secret) & enc(token secret)` (§3.4.2), the HMAC key and the PLAINTEXT signature.
    /// The caller should wipe the buffer after use.
    fn encoded(&self) -> SmallVec<[u8; 128]> {
        let mut key = SmallVec::new();
        encode_to(self.client_secret.as_bytes(), &mut key);
        key.put(b"&");
        encode_to(self.token_secret.unwrap_or_default().as_bytes(), &mut key);
        key
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

    /// Starts a signature keyed with `key`.
    fn writer(&self, key: &SigningKey<'_>) -> Self::Writer;

    /// Whether the signature depends on the base string. PLAINTEXT's does not, so the signer can skip
    /// building it.
    fn uses_base_string(&self) -> bool {
        true
    }
}

/// Receives the base string and produces the signature.
pub trait SignatureWriter {
    /// Feeds the next piece of the signature base string.
    fn write(&mut self, base_string_piece: &[u8]);

    /// The signature over everything written.
    fn finish(self) -> Signature;

    /// Whether `signature` (as received, not percent-encoded) is the signature over everything written,
    /// compared in constant time.
    fn verify(self, signature: &str) -> bool
    where
        Self: Sized,
    {
        crate::constant_time_eq(self.finish().as_str().as_bytes(), signature.as_bytes())
    }
}

/// A computed signature, as `oauth_signature` carries it before percent-encoding. Stored inline for the
/// built-in HMAC methods.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature(SmallVec<[u8; 48]>);

impl Signature {
    /// A signature from its text form.
    pub fn new(value: &str) -> Self {
        Self(SmallVec::from_slice(value.as_bytes()))
    }

    /// The signature text (base64 for the HMAC methods).
    pub fn as_str(&self) -> &str {
        // Built only from `&str`, so always UTF-8.
        core::str::from_utf8(&self.0).unwrap_or_default()
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

/// HMAC-SHA256: the same construction as HMAC-SHA1 with SHA-256, as several providers accept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HmacSha256;

/// PLAINTEXT (RFC 5849 §3.4.4): the signature is the key itself. Only ever use it over TLS.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Plaintext;

/// A keyed HMAC computation over the streamed base string.
#[derive(Clone)]
pub struct HmacWriter<D: hmac::EagerHash>(hmac::Hmac<D>);

impl<D: hmac::EagerHash> HmacWriter<D> {
    fn keyed(key: &SigningKey<'_>) -> Self {
        let mut encoded = key.encoded();
        // HMAC accepts keys of any length, so this cannot fail; an empty key is the fallback regardless.
        let mac = hmac::Hmac::<D>::new_from_slice(&encoded)
            .unwrap_or_else(|_| hmac::Hmac::<D>::new(&Default::default()));
        encoded.as_mut_slice().zeroize();
        Self(mac)
    }
}

impl<D: hmac::EagerHash> SignatureWriter for HmacWriter<D> {
    fn write(&mut self, base_string_piece: &[u8]) {
        self.0.update(base_string_piece);
    }

    fn finish(self) -> Signature {
        let tag = self.0.finalize().into_bytes();
        let mut text = [0u8; 48];
        let len = BASE64.encode_slice(tag.as_slice(), &mut text).unwrap_or(0);
        Signature(SmallVec::from_slice(text.get(..len).unwrap_or_default()))
    }

    fn verify(self, signature: &str) -> bool {
        let mut tag = [0u8; 64];
        match BASE64.decode_slice(signature.as_bytes(), &mut tag) {
            // `verify_slice` compares in constant time.
            Ok(len) => self.0.verify_slice(tag.get(..len).unwrap_or_default()).is_ok(),
            Err(_) => false,
        }
    }
}

impl SignatureMethod for HmacSha1 {
    type Writer = HmacWriter<sha1::Sha1>;

    fn name(&self) -> &'static str {
        "HMAC-SHA1"
    }

    fn writer(&self, key: &SigningKey<'_>) -> Self::Writer {
        HmacWriter::keyed(key)
    }
}

impl SignatureMethod for HmacSha256 {
    type Writer = HmacWriter<sha2::Sha256>;

    fn name(&self) -> &'static str {
        "HMAC-SHA256"
    }

    fn writer(&self, key: &SigningKey<'_>) -> Self::Writer {
        HmacWriter::keyed(key)
    }
}

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

    fn finish(self) -> Signature {
        Signature(SmallVec::from_slice(&self.0))
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

/// One of the built-in methods, chosen at run time (from a flag, a config file, or a received
/// `oauth_signature_method`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuiltinMethod {
    /// [`HmacSha1`].
    #[default]
    HmacSha1,
    /// [`HmacSha256`].
    HmacSha256,
    /// [`Plaintext`].
    Plaintext,
}

impl BuiltinMethod {
    /// The method whose `oauth_signature_method` name is `name` (exact, case-sensitive match).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "HMAC-SHA1" => Some(Self::HmacSha1),
            "HMAC-SHA256" => Some(Self::HmacSha256),
            "PLAINTEXT" => Some(Self::Plaintext),
            _ => None,
        }
    }
}

/// The writer of a [`BuiltinMethod`].
#[allow(clippy::large_enum_variant)] // Lives on the stack for one signature; boxing would allocate.
#[derive(Clone)]
pub enum BuiltinWriter {
    /// HMAC-SHA1.
    HmacSha1(HmacWriter<sha1::Sha1>),
    /// HMAC-SHA256.
    HmacSha256(HmacWriter<sha2::Sha256>),
    /// PLAINTEXT.
    Plaintext(PlaintextWriter),
}

impl SignatureMethod for BuiltinMethod {
    type Writer = BuiltinWriter;

    fn name(&self) -> &'static str {
        match self {
            Self::HmacSha1 => HmacSha1.name(),
            Self::HmacSha256 => HmacSha256.name(),
            Self::Plaintext => Plaintext.name(),
        }
    }

    fn writer(&self, key: &SigningKey<'_>) -> Self::Writer {
        match self {
            Self::HmacSha1 => BuiltinWriter::HmacSha1(HmacSha1.writer(key)),
            Self::HmacSha256 => BuiltinWriter::HmacSha256(HmacSha256.writer(key)),
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
            Self::Plaintext(w) => w.write(base_string_piece),
        }
    }

    fn finish(self) -> Signature {
        match self {
            Self::HmacSha1(w) => w.finish(),
            Self::HmacSha256(w) => w.finish(),
            Self::Plaintext(w) => w.finish(),
        }
    }

    fn verify(self, signature: &str) -> bool {
        match self {
            Self::HmacSha1(w) => w.verify(signature),
            Self::HmacSha256(w) => w.verify(signature),
            Self::Plaintext(w) => w.verify(signature),
        }
    }
}

impl fmt::Display for BuiltinMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Signs `base_string` with `method`: a convenience for tests and debugging; the signer streams instead.
pub fn sign_base_string<M: SignatureMethod>(
    method: &M,
    key: &SigningKey<'_>,
    base_string: &str,
) -> Signature {
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

    // oauth.net TestCases, "HMAC-SHA1" and "PLAINTEXT" sections.
    #[test]
    fn oauth_net_primitive_vectors() {
        let sign = |m: BuiltinMethod, ts: Option<&str>, text: &str| {
            String::from(sign_base_string(&m, &SigningKey::new("cs", ts), text))
        };
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

    #[test]
    fn key_percent_encodes_both_secrets() {
        // A secret with '&' must not be able to shift the boundary between the two secrets.
        let plain =
            |c: &str, t: &str| String::from(sign_base_string(&Plaintext, &SigningKey::new(c, Some(t)), ""));
        assert_eq!(plain("a&b", "c d"), "a%26b&c%20d");
        assert_ne!(plain("a&b", "c"), plain("a", "b&c"));
    }

    #[test]
    fn hmac_verify_accepts_own_signature_and_rejects_others() {
        let key = SigningKey::new("cs", Some("ts"));
        let sig = sign_base_string(&HmacSha256, &key, "bs");
        let mut w = HmacSha256.writer(&key);
        w.write(b"bs");
        assert!(w.verify(sig.as_str()));
        let mut w = HmacSha256.writer(&key);
        w.write(b"bs!");
        assert!(!w.verify(sig.as_str()));
        assert!(!HmacSha1.writer(&key).verify("not base64 !!"));
    }

    #[test]
    fn signature_debug_is_redacted() {
        let shown = alloc::format!("{:?}", Signature::new("cs&ts"));
        assert!(!shown.contains("cs&ts"), "{shown}");
    }
}
