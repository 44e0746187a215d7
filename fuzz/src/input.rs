//! The byte formats the targets read.
//!
//! Most targets read *lines*: a few fixed fields separated by `\n`, the last field taking the rest of the
//! input (so a body may hold newlines). A line format keeps each mutation inside one field, lets the
//! fuzzer splice fields between inputs, and lets the seed corpus be written from the published and
//! oauthlib vectors by [`SignInput::to_bytes`] and [`VerifyInput::to_bytes`], so fuzzing starts from real
//! requests instead of from nothing.

use oauth1_core::{BodyHash, Compat, Placement};

/// Reads `\n`-separated fields; a missing field reads as empty.
pub(crate) struct Lines<'a> {
    rest: &'a [u8],
}

impl<'a> Lines<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Self { rest: data }
    }

    /// The next field, as text (invalid UTF-8 is replaced, so that such inputs still go somewhere).
    pub(crate) fn text(&mut self) -> String {
        String::from_utf8_lossy(self.bytes()).into_owned()
    }

    /// The next field, as bytes.
    pub(crate) fn bytes(&mut self) -> &'a [u8] {
        match self.rest.iter().position(|&b| b == b'\n') {
            Some(end) => {
                let (line, rest) = self.rest.split_at(end);
                self.rest = rest.get(1..).unwrap_or_default();
                line
            }
            None => core::mem::take(&mut self.rest),
        }
    }

    /// The next field, empty meaning `None`.
    pub(crate) fn optional(&mut self) -> Option<String> {
        Some(self.text()).filter(|s| !s.is_empty())
    }

    /// Everything left.
    pub(crate) fn rest(self) -> &'a [u8] {
        self.rest
    }
}

/// Everything a signer is given, read from: three choice bytes (signature method, placement, flags:
/// token, version, two of body hash, Mastercard's base string, WooCommerce's, Magento's), then
/// the lines `method`, `uri`, `consumer key`, `consumer secret`, `token`, `token secret`, `nonce`,
/// `timestamp`, `realm`, `callback`, `verifier`, `content type`, and the body (the rest).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInput {
    /// The signature method's name (one of [`METHODS`]; the RSA ones sign with [`crate::rsa_key`]).
    pub signature_method: &'static str,
    /// Where the protocol parameters go.
    pub placement: Placement,
    /// Whether the token credentials are used.
    pub with_token: bool,
    /// Whether `oauth_version` is sent.
    pub version: bool,
    /// When `oauth_body_hash` is sent.
    pub body_hash: BodyHash,
    /// How the base string is built (Mastercard's signers differ from RFC 5849).
    pub compat: Compat,
    /// HTTP method.
    pub method: String,
    /// Request URI.
    pub uri: String,
    /// Consumer key.
    pub consumer_key: String,
    /// Consumer secret.
    pub consumer_secret: String,
    /// Token.
    pub token: String,
    /// Token secret.
    pub token_secret: String,
    /// Nonce.
    pub nonce: String,
    /// Timestamp (a line of decimal digits; anything else reads as 0).
    pub timestamp: u64,
    /// Realm.
    pub realm: Option<String>,
    /// `oauth_callback`.
    pub callback: Option<String>,
    /// `oauth_verifier`.
    pub verifier: Option<String>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// Body.
    pub body: Vec<u8>,
}

/// The methods the choice byte picks from (the first three keep the indexes older corpus files use).
pub const METHODS: [&str; 7] = [
    "HMAC-SHA1",
    "HMAC-SHA256",
    "PLAINTEXT",
    "HMAC-SHA512",
    "RSA-SHA1",
    "RSA-SHA256",
    "RSA-SHA512",
];
const PLACEMENTS: [Placement; 3] = [Placement::Header, Placement::Query, Placement::Body];
const BODY_HASHES: [BodyHash; 3] = [BodyHash::Off, BodyHash::Sha1Extension, BodyHash::Sha256Always];

impl SignInput {
    /// Reads an input; `None` when it is shorter than the choice bytes.
    pub fn parse(data: &[u8]) -> Option<Self> {
        let (&[method, placement, flags], rest) = data.split_first_chunk::<3>()?;
        let mut lines = Lines::new(rest);
        Some(Self {
            signature_method: METHODS[usize::from(method) % METHODS.len()],
            placement: PLACEMENTS[usize::from(placement) % 3],
            with_token: flags & 1 != 0,
            version: flags & 2 != 0,
            body_hash: BODY_HASHES[usize::from(flags >> 2 & 3) % BODY_HASHES.len()],
            compat: if flags & 16 != 0 {
                Compat::Mastercard
            } else if flags & 32 != 0 {
                Compat::WooCommerce
            } else if flags & 64 != 0 {
                Compat::Magento
            } else {
                Compat::Rfc5849
            },
            method: lines.text(),
            uri: lines.text(),
            consumer_key: lines.text(),
            consumer_secret: lines.text(),
            token: lines.text(),
            token_secret: lines.text(),
            nonce: lines.text(),
            timestamp: lines.text().parse().unwrap_or(0),
            realm: lines.optional(),
            callback: lines.optional(),
            verifier: lines.optional(),
            content_type: lines.optional(),
            body: lines.rest().to_vec(),
        })
    }

    /// Writes the input in the form [`SignInput::parse`] reads; `None` when a line field holds `\n`.
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        let index = |m| METHODS.iter().position(|x| *x == m);
        let placement = PLACEMENTS.iter().position(|&p| p == self.placement)?;
        let body_hash = u8::try_from(BODY_HASHES.iter().position(|&b| b == self.body_hash)?).ok()?;
        let mastercard = self.compat == Compat::Mastercard;
        let woocommerce = self.compat == Compat::WooCommerce;
        let magento = self.compat == Compat::Magento;
        let flags = u8::from(self.with_token)
            | u8::from(self.version) << 1
            | body_hash << 2
            | u8::from(mastercard) << 4
            | u8::from(woocommerce) << 5
            | u8::from(magento) << 6;
        let mut out = vec![
            u8::try_from(index(self.signature_method)?).ok()?,
            u8::try_from(placement).ok()?,
            flags,
        ];
        let timestamp = self.timestamp.to_string();
        let lines = [
            self.method.as_str(),
            &self.uri,
            &self.consumer_key,
            &self.consumer_secret,
            &self.token,
            &self.token_secret,
            &self.nonce,
            &timestamp,
            self.realm.as_deref().unwrap_or_default(),
            self.callback.as_deref().unwrap_or_default(),
            self.verifier.as_deref().unwrap_or_default(),
            self.content_type.as_deref().unwrap_or_default(),
        ];
        for line in lines {
            if line.contains('\n') {
                return None;
            }
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
        }
        out.extend_from_slice(&self.body);
        Some(out)
    }
}

/// A request as a provider receives it, with the secrets its lookup returns, read from the lines `now`,
/// `consumer secret`, `token secret`, `method`, `uri`, `authorization`, `content type`, and the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyInput {
    /// The verifier's clock.
    pub now: u64,
    /// The consumer secret the lookup returns for any key.
    pub consumer_secret: String,
    /// The token secret the lookup returns for any token.
    pub token_secret: String,
    /// HTTP method.
    pub method: String,
    /// Request URI.
    pub uri: String,
    /// `Authorization` header value.
    pub authorization: Option<Vec<u8>>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// Body.
    pub body: Vec<u8>,
}

impl VerifyInput {
    /// Reads an input.
    pub fn parse(data: &[u8]) -> Self {
        let mut lines = Lines::new(data);
        Self {
            now: lines.text().parse().unwrap_or(0),
            consumer_secret: lines.text(),
            token_secret: lines.text(),
            method: lines.text(),
            uri: lines.text(),
            authorization: Some(lines.bytes().to_vec()).filter(|a| !a.is_empty()),
            content_type: lines.optional(),
            body: lines.rest().to_vec(),
        }
    }

    /// Writes the input in the form [`VerifyInput::parse`] reads; `None` when a line field holds `\n`.
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        let now = self.now.to_string();
        let lines: [&[u8]; 7] = [
            now.as_bytes(),
            self.consumer_secret.as_bytes(),
            self.token_secret.as_bytes(),
            self.method.as_bytes(),
            self.uri.as_bytes(),
            self.authorization.as_deref().unwrap_or_default(),
            self.content_type.as_deref().unwrap_or_default().as_bytes(),
        ];
        let mut out = Vec::new();
        for line in lines {
            if line.contains(&b'\n') {
                return None;
            }
            out.extend_from_slice(line);
            out.push(b'\n');
        }
        out.extend_from_slice(&self.body);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_input_round_trips_through_bytes() {
        let input = SignInput {
            signature_method: "HMAC-SHA256",
            placement: Placement::Body,
            with_token: true,
            version: false,
            body_hash: BodyHash::Sha256Always,
            compat: Compat::Mastercard,
            method: "POST".into(),
            uri: "https://example.com/a?b=c".into(),
            consumer_key: "k".into(),
            consumer_secret: "s".into(),
            token: "t".into(),
            token_secret: "ts".into(),
            nonce: "n".into(),
            timestamp: 1_318_622_958,
            realm: Some("r".into()),
            callback: None,
            verifier: Some("v".into()),
            content_type: Some("application/x-www-form-urlencoded".into()),
            body: b"a=1\nb=2".to_vec(),
        };
        let bytes = input.to_bytes().unwrap();
        assert_eq!(SignInput::parse(&bytes), Some(input));
    }

    #[test]
    fn verify_input_round_trips_through_bytes() {
        let input = VerifyInput {
            now: 7,
            consumer_secret: "cs".into(),
            token_secret: String::new(),
            method: "GET".into(),
            uri: "http://h/".into(),
            authorization: Some(b"OAuth a=\"b\"".to_vec()),
            content_type: None,
            body: b"x\ny".to_vec(),
        };
        assert_eq!(VerifyInput::parse(&input.to_bytes().unwrap()), input);
    }
}
