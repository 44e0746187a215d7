//! RSA-SHA1 (RFC 5849 §3.4.3), RSA-SHA256 and RSA-SHA512: PKCS#1 v1.5 signatures with the client's
//! private key, as Atlassian Jira and Confluence (Server and Data Center application links) and
//! Mastercard's APIs require. Feature `rsa`.
//!
//! The client signs with its private key ([`RsaPrivateKey`], read from PEM: PKCS#1 `BEGIN RSA PRIVATE
//! KEY` or PKCS#8 `BEGIN PRIVATE KEY`); the provider checks with the public key it was given when the
//! client was registered ([`RsaPublicKey`], handed to the verifier through
//! [`crate::verify::Secrets::with_rsa_public_key`]). The shared secrets play no part: an RSA client's
//! consumer secret may be empty.
//!
//! The arithmetic is RustCrypto's `rsa` 0.10 (constant-time modular exponentiation on `crypto-bigint`,
//! the release that addresses RUSTSEC-2023-0071), on the same `sha1`/`sha2` digests as the HMAC methods.
//! Core draws no randomness, so private-key operations run without blinding; PKCS#1 v1.5 signatures
//! are deterministic either way.
//!
//! ```
//! use oauth1_core::rsa::{Rsa, RsaPrivateKey};
//! use oauth1_core::{ClientCredentials, Nonce, Signer, Timestamp};
//!
//! // The oauth.net TestCases key (published test data; never use it for anything real).
//! let pem = include_str!("../tests/keys/oauth-net-test-cases.pem");
//! let key = RsaPrivateKey::from_pem(pem)?;
//! let client = ClientCredentials::new("dpf43f3p2l4k3l03", "");
//! let mut request = http::Request::get("http://photos.example.net/photos?file=vacaction.jpg&size=original")
//!     .body(())?;
//! let signed = Signer::new(&client).method(Rsa::sha1(&key)).sign(
//!     &request,
//!     &Nonce::new("13917289812797014437")?,
//!     Timestamp::from_secs(1196666512),
//! )?;
//! assert_eq!(
//!     signed.signature().as_str(),
//!     "jvTp/wX1TYtByB1m+Pbyo0lnCOLIsyGCH7wke8AUs3BpnwZJtAuEJkvQL2/9n4s5wUmUl4aCI4BwpraNx4RtEXMe5qg5T1L\
//!      VTGliMRpKasKsW//e+RinhejgCuzoH26dyF8iY2ZZ/5D1ilgeijhV/vBka5twt399mXwaYdCwFYE="
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use ::rsa::pkcs1::{DecodeRsaPrivateKey as _, DecodeRsaPublicKey as _};
use ::rsa::pkcs8::der::pem;
use ::rsa::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha1::Digest as _;

use crate::error::SigningError;
use crate::signature::{Signature, SignatureMethod, SignatureWriter, SigningKey};

/// Which RSA method: the digest signed with PKCS#1 v1.5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RsaMethod {
    /// `RSA-SHA1` (RFC 5849 §3.4.3): Jira, Confluence.
    Sha1,
    /// `RSA-SHA256`: Mastercard.
    Sha256,
    /// `RSA-SHA512`.
    Sha512,
}

impl RsaMethod {
    /// Every RSA method.
    pub const ALL: [Self; 3] = [Self::Sha1, Self::Sha256, Self::Sha512];

    /// The `oauth_signature_method` value.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "RSA-SHA1",
            Self::Sha256 => "RSA-SHA256",
            Self::Sha512 => "RSA-SHA512",
        }
    }

    /// The method whose `oauth_signature_method` name is `name` (exact match).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.name() == name)
    }

    fn digest(self) -> RsaDigest {
        match self {
            Self::Sha1 => RsaDigest::Sha1(sha1::Sha1::new()),
            Self::Sha256 => RsaDigest::Sha256(sha2::Sha256::new()),
            Self::Sha512 => RsaDigest::Sha512(sha2::Sha512::new()),
        }
    }
}

impl fmt::Display for RsaMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An RSA signature method with the client's private key: `Signer::new(&client).method(Rsa::sha1(&key))`.
#[derive(Clone, Copy)]
pub struct Rsa<'k> {
    method: RsaMethod,
    key: &'k RsaPrivateKey,
}

impl<'k> Rsa<'k> {
    /// `method` with `key`.
    pub const fn new(method: RsaMethod, key: &'k RsaPrivateKey) -> Self {
        Self { method, key }
    }

    /// RSA-SHA1 with `key`.
    pub const fn sha1(key: &'k RsaPrivateKey) -> Self {
        Self::new(RsaMethod::Sha1, key)
    }

    /// RSA-SHA256 with `key`.
    pub const fn sha256(key: &'k RsaPrivateKey) -> Self {
        Self::new(RsaMethod::Sha256, key)
    }

    /// RSA-SHA512 with `key`.
    pub const fn sha512(key: &'k RsaPrivateKey) -> Self {
        Self::new(RsaMethod::Sha512, key)
    }

    /// Which RSA method.
    pub const fn method(&self) -> RsaMethod {
        self.method
    }
}

impl fmt::Debug for Rsa<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rsa")
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

impl<'k> SignatureMethod for Rsa<'k> {
    type Writer = RsaWriter<'k>;

    fn name(&self) -> &'static str {
        self.method.name()
    }

    /// The shared secrets play no part in an RSA signature.
    fn writer(&self, _key: &SigningKey<'_>) -> Self::Writer {
        RsaWriter {
            digest: self.method.digest(),
            key: self.key,
        }
    }
}

/// The base string's digest, waiting for the private key.
#[derive(Clone)]
pub struct RsaWriter<'k> {
    digest: RsaDigest,
    key: &'k RsaPrivateKey,
}

#[derive(Clone)]
enum RsaDigest {
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha512(sha2::Sha512),
}

impl RsaDigest {
    fn update(&mut self, piece: &[u8]) {
        match self {
            Self::Sha1(d) => d.update(piece),
            Self::Sha256(d) => d.update(piece),
            Self::Sha512(d) => d.update(piece),
        }
    }

    const fn method(&self) -> RsaMethod {
        match self {
            Self::Sha1(_) => RsaMethod::Sha1,
            Self::Sha256(_) => RsaMethod::Sha256,
            Self::Sha512(_) => RsaMethod::Sha512,
        }
    }

    fn sign(self, key: &::rsa::PrivateKey) -> Result<Vec<u8>, ::rsa::Error> {
        match self {
            Self::Sha1(d) => key.pkcs1v15_sign_prehash::<sha1::Sha1>(&d.finalize()),
            Self::Sha256(d) => key.pkcs1v15_sign_prehash::<sha2::Sha256>(&d.finalize()),
            Self::Sha512(d) => key.pkcs1v15_sign_prehash::<sha2::Sha512>(&d.finalize()),
        }
    }

    fn verify(self, key: &::rsa::PublicKey, signature: &[u8]) -> bool {
        let result = match self {
            Self::Sha1(d) => key.pkcs1v15_verify_prehash::<sha1::Sha1>(&d.finalize(), signature),
            Self::Sha256(d) => key.pkcs1v15_verify_prehash::<sha2::Sha256>(&d.finalize(), signature),
            Self::Sha512(d) => key.pkcs1v15_verify_prehash::<sha2::Sha512>(&d.finalize(), signature),
        };
        result.is_ok()
    }
}

impl SignatureWriter for RsaWriter<'_> {
    fn write(&mut self, base_string_piece: &[u8]) {
        self.digest.update(base_string_piece);
    }

    fn finish(self) -> Result<Signature, SigningError> {
        let method = self.digest.method();
        // A key is at least 1024 bits (checked when read): room for the DigestInfo of SHA-512 and
        // PKCS#1 v1.5's padding (105 octets). What could still fail is the arithmetic itself.
        let signed = self
            .digest
            .sign(&self.key.0)
            .map_err(|_| SigningError::new(method.name(), "the RSA private-key operation failed"))?;
        Ok(Signature::base64(&signed))
    }
}

/// Checks `signature` (base64, as `oauth_signature` carries it) over the base string that `feed`
/// writes, with `key`.
pub(crate) fn verify(
    method: RsaMethod,
    key: &RsaPublicKey,
    feed: impl FnOnce(&mut dyn FnMut(&[u8])),
    signature: &str,
) -> bool {
    let Ok(raw) = BASE64.decode(signature) else {
        return false;
    };
    let mut digest = method.digest();
    feed(&mut |piece| digest.update(piece));
    digest.verify(&key.0, &raw)
}

/// A client's RSA private key. `Debug` shows only its size; the key is wiped from memory when dropped
/// (by the `rsa` crate).
#[derive(Clone)]
pub struct RsaPrivateKey(::rsa::PrivateKey);

impl RsaPrivateKey {
    /// Reads a private key from PEM: PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`) or PKCS#8
    /// (`-----BEGIN PRIVATE KEY-----`). Encrypted keys are refused; decrypt them first
    /// (`openssl pkcs8 -in key.pem -out plain.pem`, or `openssl rsa -in key.pem -out plain.pem` for
    /// a `Proc-Type: 4,ENCRYPTED` one).
    ///
    /// As `openssl` does, the first private-key block is read wherever it lies in the text: after a
    /// certificate or a public key in the same file, after `Bag Attributes` lines, before blank lines.
    ///
    /// # Errors
    /// A [`KeyError`] saying what is wrong: not PEM, another kind of key, malformed DER, or a modulus
    /// outside 1024 to 8192 bits. It never quotes the key.
    pub fn from_pem(pem_text: &str) -> Result<Self, KeyError> {
        let (label, block) = pem_block(
            pem_text,
            &["RSA PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY"],
            "a private key (RSA PRIVATE KEY or PRIVATE KEY)",
        )?;
        let key = match label {
            "RSA PRIVATE KEY" => ::rsa::PrivateKey::from_pkcs1_pem(block).map_err(|e| KeyError::pkcs1(&e)),
            "PRIVATE KEY" => ::rsa::PrivateKey::from_pkcs8_pem(block).map_err(|e| KeyError::pkcs8(&e)),
            _ => Err(KeyError::Encrypted),
        }?;
        Self::usable(key)
    }

    /// Reads a PKCS#8 private key from DER.
    ///
    /// # Errors
    /// As [`RsaPrivateKey::from_pem`].
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        ::rsa::PrivateKey::from_pkcs8_der(der)
            .map_err(|e| KeyError::pkcs8(&e))
            .and_then(Self::usable)
    }

    /// The `rsa` crate reads a private key of any size up to 8192 bits; the public key of one under
    /// 1024 bits is refused by every verifier (this crate's included), and such a key is factored in
    /// hours. It is refused here, when it is read, rather than at the provider.
    fn usable(key: ::rsa::PrivateKey) -> Result<Self, KeyError> {
        let key = Self(key);
        if key.bits() < ::rsa::PublicKey::MIN_SIZE {
            return Err(KeyError::Unusable);
        }
        Ok(key)
    }

    /// The matching public key, for registering the client with the provider.
    pub fn public_key(&self) -> RsaPublicKey {
        RsaPublicKey(self.0.as_public_key().clone())
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        modulus_bits(&self.0)
    }
}

impl fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RsaPrivateKey({} bits, [redacted])", self.bits())
    }
}

/// A client's RSA public key, as the provider holds it.
#[derive(Clone, PartialEq, Eq)]
pub struct RsaPublicKey(::rsa::PublicKey);

impl RsaPublicKey {
    /// Reads a public key from PEM: SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`, what Jira's
    /// application-link form takes) or PKCS#1 (`-----BEGIN RSA PUBLIC KEY-----`): the first such block
    /// in the text, as [`RsaPrivateKey::from_pem`] finds its key.
    ///
    /// # Errors
    /// A [`KeyError`] saying what is wrong.
    pub fn from_pem(pem_text: &str) -> Result<Self, KeyError> {
        let (label, block) = pem_block(
            pem_text,
            &["PUBLIC KEY", "RSA PUBLIC KEY"],
            "a public key (PUBLIC KEY or RSA PUBLIC KEY)",
        )?;
        let key = if label == "PUBLIC KEY" {
            ::rsa::PublicKey::from_public_key_pem(block).map_err(|e| KeyError::spki(&e))
        } else {
            ::rsa::PublicKey::from_pkcs1_pem(block).map_err(|e| match e {
                ::rsa::pkcs1::Error::KeyMalformed => KeyError::Unusable,
                _ => KeyError::Malformed { format: "PKCS#1" },
            })
        }?;
        Ok(Self(key))
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        modulus_bits(&self.0)
    }
}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RsaPublicKey({} bits)", self.bits())
    }
}

/// The size of a key's modulus in bits (not `n_bits_precision`, which is its storage's width, in
/// whole 64-bit limbs).
fn modulus_bits(key: &impl ::rsa::traits::PublicKeyParts) -> usize {
    key.n().bit_width() as usize
}

/// The first PEM block in `pem_text` labelled one of `wanted`: its label and its own text, which
/// `pem-rfc7468` (strict: one block, nothing after it) then decodes. Other blocks before it are
/// passed over. Errors: [`KeyError::NotPem`] when there is no block or a block's framing is broken,
/// [`KeyError::UnexpectedLabel`] (the first label seen) when no block is one of `wanted`.
fn pem_block<'t>(
    pem_text: &'t str,
    wanted: &[&str],
    expected: &'static str,
) -> Result<(&'t str, &'t str), KeyError> {
    let mut first_label = None;
    for block in pem_blocks(pem_text) {
        let label = pem::decode_label(block.as_bytes()).map_err(|_| KeyError::NotPem)?;
        if wanted.contains(&label) {
            return Ok((label, block));
        }
        first_label.get_or_insert(label);
    }
    Err(
        first_label.map_or(KeyError::NotPem, |label| KeyError::UnexpectedLabel {
            found: String::from(label),
            expected,
        }),
    )
}

/// Each stretch of `pem_text` from a `-----BEGIN ` to the end of the `-----END …-----` boundary after
/// it (or to the end of the text, when that boundary is missing). Only the boundaries are looked for
/// here; the crate checks each block's labels, line endings and Base64. One pass: every search
/// starts where the last one ended.
fn pem_blocks(pem_text: &str) -> impl Iterator<Item = &str> {
    const BEGIN: &str = "-----BEGIN ";
    const END: &str = "-----END ";
    const DASHES: &str = "-----";
    let mut rest = pem_text;
    core::iter::from_fn(move || {
        let start = rest.find(BEGIN)?;
        let (_, block) = rest.split_at(start);
        let len = block
            .find(END)
            .and_then(|end| {
                let label_at = end + END.len();
                let close = block.get(label_at..)?.find(DASHES)?;
                Some(label_at + close + DASHES.len())
            })
            .unwrap_or(block.len());
        // `find` returns character boundaries, and the boundaries' dashes are ASCII.
        let (block, after) = block.split_at(len);
        rest = after;
        Some(block)
    })
}

/// Why a key could not be read. Never holds key material.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// No PEM block (`-----BEGIN …-----` … `-----END …-----`) was found, or its framing is broken.
    NotPem,
    /// The PEM block holds something else (a certificate, an EC or OpenSSH key, the other half of
    /// the key pair).
    UnexpectedLabel {
        /// The label of the first block found.
        found: String,
        /// What was wanted, with its labels: `a private key (RSA PRIVATE KEY or PRIVATE KEY)`.
        expected: &'static str,
    },
    /// The key is encrypted (`ENCRYPTED PRIVATE KEY`, or OpenSSL's traditional `Proc-Type:
    /// 4,ENCRYPTED` inside `RSA PRIVATE KEY`).
    Encrypted,
    /// The DER inside is not a well-formed key of this format.
    Malformed {
        /// `"PKCS#1"`, `"PKCS#8"` or `"SubjectPublicKeyInfo"`.
        format: &'static str,
    },
    /// A PKCS#8 or SubjectPublicKeyInfo key of another algorithm (EC, Ed25519).
    NotRsa,
    /// The modulus is smaller than 1024 or larger than 8192 bits, or the key's numbers do not agree.
    Unusable,
}

impl KeyError {
    fn pkcs1(error: &::rsa::pkcs1::Error) -> Self {
        use ::rsa::pkcs1::der::{ErrorKind, pem};
        match error {
            ::rsa::pkcs1::Error::KeyMalformed | ::rsa::pkcs1::Error::Crypto => Self::Unusable,
            // RFC 7468 has no headers; the one a private key block carries is OpenSSL's traditional
            // encryption (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`).
            ::rsa::pkcs1::Error::Asn1(e) if e.kind() == ErrorKind::Pem(pem::Error::HeaderDisallowed) => {
                Self::Encrypted
            }
            _ => Self::Malformed { format: "PKCS#1" },
        }
    }

    fn pkcs8(error: &::rsa::pkcs8::Error) -> Self {
        match error {
            ::rsa::pkcs8::Error::KeyMalformed(_) => Self::Unusable,
            ::rsa::pkcs8::Error::PublicKey(::rsa::pkcs8::spki::Error::OidUnknown { .. }) => Self::NotRsa,
            _ => Self::Malformed { format: "PKCS#8" },
        }
    }

    fn spki(error: &::rsa::pkcs8::spki::Error) -> Self {
        match error {
            ::rsa::pkcs8::spki::Error::KeyMalformed => Self::Unusable,
            ::rsa::pkcs8::spki::Error::OidUnknown { .. } => Self::NotRsa,
            _ => Self::Malformed {
                format: "SubjectPublicKeyInfo",
            },
        }
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotPem => f.write_str("RSA key: no PEM block (-----BEGIN …----- … -----END …-----) found"),
            Self::UnexpectedLabel { found, expected } => write!(
                f,
                "RSA key: the PEM block is \"{found}\", where {expected} is needed"
            ),
            Self::Encrypted => f.write_str("RSA key: the private key is encrypted; decrypt it first"),
            Self::Malformed { format } => write!(f, "RSA key: not a well-formed {format} key"),
            Self::NotRsa => f.write_str("RSA key: the key is of another algorithm (EC, Ed25519, …)"),
            Self::Unusable => f.write_str(
                "RSA key: the key's modulus is not 1024 to 8192 bits, or its components do not agree",
            ),
        }
    }
}

impl core::error::Error for KeyError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_key_files_are_typed_errors() {
        assert_eq!(RsaPrivateKey::from_pem("").unwrap_err(), KeyError::NotPem);
        assert_eq!(RsaPrivateKey::from_pem("hello").unwrap_err(), KeyError::NotPem);
        let cert = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert_eq!(
            RsaPrivateKey::from_pem(cert).unwrap_err(),
            KeyError::UnexpectedLabel {
                found: "CERTIFICATE".into(),
                expected: "a private key (RSA PRIVATE KEY or PRIVATE KEY)",
            }
        );
        let garbage = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert_eq!(
            RsaPrivateKey::from_pem(garbage).unwrap_err(),
            KeyError::Malformed { format: "PKCS#8" }
        );
        let garbage = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(
            RsaPrivateKey::from_pem(garbage).unwrap_err(),
            KeyError::Malformed { format: "PKCS#1" }
        );
        let encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert_eq!(
            RsaPrivateKey::from_pem(encrypted).unwrap_err(),
            KeyError::Encrypted
        );
        // OpenSSL's traditional encryption (`openssl genrsa -aes128`, `-traditional` in 3.x) keeps
        // the PKCS#1 label and says so in RFC 1421 headers.
        let traditional = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\
                           DEK-Info: AES-128-CBC,2F220ADADDEE089D193F5633474E4D54\n\n\
                           AAAA\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(
            RsaPrivateKey::from_pem(traditional).unwrap_err(),
            KeyError::Encrypted
        );
        let truncated =
            "-----BEGIN PRIVATE KEY-----\nMIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBALRiMLAh9iimur8V\n";
        assert!(RsaPrivateKey::from_pem(truncated).is_err());
    }

    /// Each method's wire name, shown by `Display` and read back by `from_name` (exactly); `Rsa`'s
    /// `Debug` names the method and never the key; the keys' `Debug` gives their size.
    #[test]
    fn methods_are_named_as_on_the_wire() {
        let names: Vec<String> = RsaMethod::ALL.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["RSA-SHA1", "RSA-SHA256", "RSA-SHA512"]);
        for method in RsaMethod::ALL {
            assert_eq!(RsaMethod::from_name(method.name()), Some(method));
        }
        assert_eq!(RsaMethod::from_name("rsa-sha1"), None);
        let key = RsaPrivateKey::from_pem(PKCS8).unwrap();
        assert_eq!(format!("{:?}", Rsa::sha256(&key)), "Rsa { method: Sha256, .. }");
        assert_eq!(Rsa::sha512(&key).method(), RsaMethod::Sha512);
        assert_eq!(format!("{key:?}"), "RsaPrivateKey(2048 bits, [redacted])");
        let public = RsaPublicKey::from_pem(PUBLIC).unwrap();
        assert_eq!(format!("{public:?}"), "RsaPublicKey(2048 bits)");
    }

    /// Keys that parse but cannot serve, and keys of another algorithm, each get their own error,
    /// private or public (the files are in `tests/keys`, described in its README).
    #[test]
    fn unusable_and_foreign_keys_are_named() {
        let private = |pem| RsaPrivateKey::from_pem(pem).map(|key| key.bits());
        let public = |pem| RsaPublicKey::from_pem(pem).map(|key| key.bits());
        // A key whose private exponent does not match its modulus, in both private formats.
        let wrong_d1 = include_str!("../tests/keys/test-client-512-wrong-d.pkcs1.pem");
        let wrong_d8 = include_str!("../tests/keys/test-client-512-wrong-d.pkcs8.pem");
        assert_eq!(private(wrong_d1), Err(KeyError::Unusable));
        assert_eq!(private(wrong_d8), Err(KeyError::Unusable));
        // Under 1024 bits: refused on both sides. 1000 bits is stored in 1024 bits' worth of limbs.
        let small = include_str!("../tests/keys/test-client-512.pkcs8.pem");
        assert_eq!(private(small), Err(KeyError::Unusable));
        assert_eq!(
            private(include_str!("../tests/keys/test-client-1000.pkcs8.pem")),
            Err(KeyError::Unusable)
        );
        let small_der = pem::decode_vec(small.as_bytes()).unwrap().1;
        assert_eq!(
            RsaPrivateKey::from_pkcs8_der(&small_der).map(|key| key.bits()),
            Err(KeyError::Unusable)
        );
        assert_eq!(
            public(include_str!("../tests/keys/test-client-512.pub.pem")),
            Err(KeyError::Unusable)
        );
        assert_eq!(
            public(include_str!("../tests/keys/test-client-512.pkcs1.pub.pem")),
            Err(KeyError::Unusable)
        );
        // A size that is not a whole number of limbs is told as it is.
        assert_eq!(
            private(include_str!("../tests/keys/test-client-1100.pkcs8.pem")),
            Ok(1100)
        );
        // Ed25519 (PKCS#8) and EC P-256 (SubjectPublicKeyInfo) keys.
        let ed25519 = include_str!("../tests/keys/ed25519.pkcs8.pem");
        assert_eq!(private(ed25519), Err(KeyError::NotRsa));
        assert_eq!(
            public(include_str!("../tests/keys/ec-p256.pub.pem")),
            Err(KeyError::NotRsa)
        );
        assert_eq!(
            KeyError::NotRsa.to_string(),
            "RSA key: the key is of another algorithm (EC, Ed25519, …)"
        );
        assert_eq!(
            KeyError::Unusable.to_string(),
            "RSA key: the key's modulus is not 1024 to 8192 bits, or its components do not agree"
        );
    }

    const PKCS8: &str = include_str!("../tests/keys/test-client-2048.pkcs8.pem");
    const PKCS1: &str = include_str!("../tests/keys/test-client-2048.pkcs1.pem");
    const PUBLIC: &str = include_str!("../tests/keys/test-client-2048.pub.pem");
    const CERT: &str = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

    /// Key files as tools and editors leave them: the key is found wherever it lies, as `openssl`
    /// finds it, and is the same key.
    #[test]
    fn the_key_block_is_found_among_whatever_surrounds_it() {
        let expected = RsaPrivateKey::from_pem(PKCS8).unwrap().public_key();
        let crlf = PKCS8.replace('\n', "\r\n");
        for text in [
            format!("{PKCS8}\n\n"),
            format!("{PKCS8}   \n"),
            format!("\u{feff}{PKCS8}"),
            crlf.clone() + "\r\n",
            format!("Bag Attributes\n    localKeyID: 01 02\nKey Attributes: <No Attributes>\n{PKCS8}"),
            format!("{CERT}{PKCS8}"),
            format!("{PUBLIC}\n{PKCS1}"),
            format!("{PKCS8}{PUBLIC}"),
        ] {
            let key = RsaPrivateKey::from_pem(&text).unwrap_or_else(|e| panic!("{e}: {text:?}"));
            assert_eq!(key.public_key(), expected, "{text:?}");
        }
        for text in [
            format!("{PUBLIC}\n\n"),
            format!("{CERT}{PUBLIC}"),
            format!("{PKCS8}{PUBLIC}"),
        ] {
            let key = RsaPublicKey::from_pem(&text).unwrap_or_else(|e| panic!("{e}: {text:?}"));
            assert_eq!(key, expected, "{text:?}");
        }
    }

    #[test]
    fn a_file_without_the_wanted_key_names_what_it_holds() {
        assert_eq!(
            RsaPrivateKey::from_pem(&format!("{CERT}{PUBLIC}")).unwrap_err(),
            KeyError::UnexpectedLabel {
                found: "CERTIFICATE".into(),
                expected: "a private key (RSA PRIVATE KEY or PRIVATE KEY)",
            }
        );
        assert_eq!(
            RsaPublicKey::from_pem(PKCS1).unwrap_err(),
            KeyError::UnexpectedLabel {
                found: "RSA PRIVATE KEY".into(),
                expected: "a public key (PUBLIC KEY or RSA PUBLIC KEY)",
            }
        );
        // The other half of the pair, said so (the message once listed every label as expected).
        assert_eq!(
            RsaPrivateKey::from_pem(PUBLIC).unwrap_err().to_string(),
            "RSA key: the PEM block is \"PUBLIC KEY\", where a private key (RSA PRIVATE KEY or \
             PRIVATE KEY) is needed"
        );
        // Broken framing before the key (a block that never ends) is not passed over.
        let unended = "-----BEGIN CERTIFICATE-----\nAAAA\n";
        assert_eq!(
            RsaPrivateKey::from_pem(&format!("{unended}{PKCS8}")).unwrap_err(),
            KeyError::NotPem
        );
        // A label that does not match its end boundary is broken framing too.
        let mismatched = PKCS8.replace("END PRIVATE KEY", "END RSA PRIVATE KEY");
        assert_eq!(
            RsaPrivateKey::from_pem(&mismatched).unwrap_err(),
            KeyError::NotPem
        );
    }
}
