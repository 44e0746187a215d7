//! The protocol parameters of one signed request (RFC 5849 §3.1), each value OAuth-encoded once.
//!
//! [`ConstantValues`] are the parameters that stay the same for every request of a signer (consumer
//! key, token, callback, verifier, method, version, realm). Around the per-request values (nonce,
//! timestamp, signature, body hash) the base string and the `Authorization` header need fixed runs of
//! text made of them; [`ConstantValues`] writes those runs, a [`crate::Signer`] as it signs, and a
//! [`crate::KeyedSigner`] once, into [`RenderedConstants`] that it copies for every request.
//! [`Protocol`] is one request's view: the constants plus its nonce, timestamp and body hash.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use http::HeaderValue;
use sha1::Digest as _;
use smallvec::SmallVec;

use crate::credentials::Identifier;
use crate::encode::{Sink, StackText, encode_to};
use crate::nonce::{Digits, Nonce, Timestamp};
use crate::signature::Signature;

/// A consumer key or a token, with whether it is its own OAuth encoding (found once, when the
/// credentials were made).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Value<'s> {
    pub(crate) text: &'s str,
    unreserved: bool,
}

impl<'s> Value<'s> {
    const VERSION: Self = Self {
        text: "1.0",
        unreserved: true,
    };

    /// A value whose encoding is not known yet (a callback, a verifier).
    fn unknown(text: &'s str) -> Self {
        Self {
            text,
            unreserved: false,
        }
    }

    pub(crate) fn known(identifier: &'s Identifier) -> Self {
        Self {
            text: identifier.as_str(),
            unreserved: identifier.is_unreserved(),
        }
    }

    /// The empty value (an empty `oauth_token`, where a provider's rules send one).
    pub(crate) const fn empty() -> Value<'static> {
        Value {
            text: "",
            unreserved: true,
        }
    }

    /// Writes the value encoded once (header) or twice (base string).
    fn write(&self, twice: bool, sink: &mut impl Sink) {
        write_value(self.text.as_bytes(), self.unreserved, twice, sink);
    }
}

/// Writes `value` encoded once or `twice`, as it is when it is known to be `unreserved`.
#[inline]
fn write_value(value: &[u8], unreserved: bool, twice: bool, sink: &mut impl Sink) {
    match (unreserved, twice) {
        (true, _) => sink.put(value),
        (false, false) => sink.put_encoded(value),
        (false, true) => sink.put_encoded_twice(value),
    }
}

/// The plain values of [`Constants`], as a signer holds them.
#[derive(Clone, Copy)]
pub(crate) struct ConstantValues<'s> {
    pub(crate) consumer_key: Value<'s>,
    /// Absent, or sent: non-empty, or empty where the rules ask for an empty `oauth_token`.
    pub(crate) token: Option<Value<'s>>,
    pub(crate) callback: Option<&'s str>,
    pub(crate) verifier: Option<&'s str>,
    /// Already checked to be quotable.
    pub(crate) realm: Option<&'s str>,
    pub(crate) signature_method: &'static str,
    pub(crate) version: bool,
}

/// The fixed runs of text around the per-request values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Run {
    /// Base string, from the first parameter after a body hash to `oauth_nonce%3D`.
    BaseToNonce,
    /// Base string, `%26oauth_signature_method%3D…%26oauth_timestamp%3D`.
    BaseToTimestamp,
    /// Base string, the parameters after the timestamp (`%26oauth_token%3D…`), possibly none.
    BaseTail,
    /// Header, `OAuth ` and the realm.
    HeaderHead,
    /// Header, from the first parameter after a body hash to `oauth_nonce="`.
    HeaderToNonce,
    /// Header, `", oauth_signature="`.
    HeaderToSignature,
    /// Header, `", oauth_signature_method="…", oauth_timestamp="`.
    HeaderToTimestamp,
    /// Header, `"` and the parameters after the timestamp.
    HeaderTail,
}

impl Run {
    const ALL: [Self; 8] = [
        Self::BaseToNonce,
        Self::BaseToTimestamp,
        Self::BaseTail,
        Self::HeaderHead,
        Self::HeaderToNonce,
        Self::HeaderToSignature,
        Self::HeaderToTimestamp,
        Self::HeaderTail,
    ];
}

impl<'s> ConstantValues<'s> {
    /// Writes `run`: in the base string every value is encoded twice and separators once; in the header
    /// values are encoded once.
    fn write_run(&self, run: Run, sink: &mut impl Sink) {
        let method = self.signature_method.as_bytes();
        // Each with what comes before its value: in the base string, and in the header after the
        // closing quote of the value before it.
        let after_timestamp = [
            (
                b"%26oauth_token%3D".as_slice(),
                b"\", oauth_token=\"".as_slice(),
                self.token,
            ),
            (
                b"%26oauth_verifier%3D",
                b"\", oauth_verifier=\"",
                self.verifier.map(Value::unknown),
            ),
            (
                b"%26oauth_version%3D",
                b"\", oauth_version=\"",
                self.version.then_some(Value::VERSION),
            ),
        ];
        match run {
            Run::BaseToNonce => {
                if let Some(callback) = self.callback {
                    sink.put(b"oauth_callback%3D");
                    Value::unknown(callback).write(true, sink);
                    sink.put(b"%26");
                }
                sink.put(b"oauth_consumer_key%3D");
                self.consumer_key.write(true, sink);
                sink.put(b"%26oauth_nonce%3D");
            }
            Run::BaseToTimestamp => {
                sink.put(b"%26oauth_signature_method%3D");
                sink.put_encoded_twice(method);
                sink.put(b"%26oauth_timestamp%3D");
            }
            Run::BaseTail => {
                for (before, _, value) in after_timestamp {
                    if let Some(value) = value {
                        sink.put(before);
                        value.write(true, sink);
                    }
                }
            }
            Run::HeaderHead => {
                sink.put(b"OAuth ");
                if let Some(realm) = self.realm {
                    sink.put(b"realm=\"");
                    sink.put(realm.as_bytes());
                    sink.put(b"\", ");
                }
            }
            Run::HeaderToNonce => {
                if let Some(callback) = self.callback {
                    sink.put(b"oauth_callback=\"");
                    Value::unknown(callback).write(false, sink);
                    sink.put(b"\", ");
                }
                sink.put(b"oauth_consumer_key=\"");
                self.consumer_key.write(false, sink);
                sink.put(b"\", oauth_nonce=\"");
            }
            Run::HeaderToSignature => sink.put(b"\", oauth_signature=\""),
            Run::HeaderToTimestamp => {
                sink.put(b"\", oauth_signature_method=\"");
                sink.put_encoded(method);
                sink.put(b"\", oauth_timestamp=\"");
            }
            Run::HeaderTail => {
                for (_, before, value) in after_timestamp {
                    if let Some(value) = value {
                        sink.put(before);
                        value.write(false, sink);
                    }
                }
                sink.put(b"\"");
            }
        }
    }

    /// The names of the parameters a request signed with these constants carries, `oauth_signature`
    /// included (a request that carries one of them itself collides).
    pub(crate) fn names(&self, body_hash: bool) -> impl Iterator<Item = &'static str> {
        [
            (body_hash, "oauth_body_hash"),
            (self.callback.is_some(), "oauth_callback"),
            (true, "oauth_consumer_key"),
            (true, "oauth_nonce"),
            (true, "oauth_signature"),
            (true, "oauth_signature_method"),
            (true, "oauth_timestamp"),
            (self.token.is_some(), "oauth_token"),
            (self.verifier.is_some(), "oauth_verifier"),
            (self.version, "oauth_version"),
        ]
        .into_iter()
        .filter_map(|(sent, name)| sent.then_some(name))
    }
}

/// [`ConstantValues`] with every run written once, for a signer that makes many requests.
#[derive(Clone)]
pub(crate) struct RenderedConstants<'s> {
    values: ConstantValues<'s>,
    text: SmallVec<[u8; 512]>,
    runs: [Range<usize>; Run::ALL.len()],
}

impl<'s> RenderedConstants<'s> {
    pub(crate) fn new(values: ConstantValues<'s>) -> Self {
        let mut text = SmallVec::new();
        let runs = Run::ALL.map(|run| {
            let start = text.len();
            values.write_run(run, &mut text);
            start..text.len()
        });
        Self { values, text, runs }
    }

    fn run(&self, run: Run) -> &[u8] {
        let text = self.text.get(self.runs[run as usize].clone());
        #[allow(clippy::expect_used)] // Every range was recorded from this text as it was written.
        text.expect("a recorded run lies inside the rendered text")
    }
}

/// The constant parameters of a request: rendered once (a keyed signer's), or written from their
/// values as they are needed (a signer that signs one request).
#[derive(Clone, Copy)]
pub(crate) enum Constants<'c, 's> {
    /// Rendered by [`RenderedConstants::new`].
    Rendered(&'c RenderedConstants<'s>),
    /// Written on the fly. Borrowed: the protocol parameters move from step to step of signing, and
    /// the values would make them twice as large.
    Values(&'c ConstantValues<'s>),
}

impl<'s> Constants<'_, 's> {
    fn write_run(&self, run: Run, sink: &mut impl Sink) {
        match self {
            Self::Rendered(rendered) => sink.put(rendered.run(run)),
            Self::Values(values) => values.write_run(run, sink),
        }
    }

    pub(crate) fn values(&self) -> &ConstantValues<'s> {
        match self {
            Self::Rendered(rendered) => &rendered.values,
            Self::Values(values) => values,
        }
    }
}

/// `oauth_body_hash`: the base64 digest of the body, SHA-1 (28 characters) or SHA-256 (44).
#[derive(Clone, Copy)]
pub(crate) struct BodyDigest {
    text: [u8; 44],
    len: u8,
}

impl BodyDigest {
    /// `base64(SHA-1(body))`, as the Request Body Hash extension sends it.
    pub(crate) fn sha1(body: &[u8]) -> Self {
        Self::encode(sha1::Sha1::digest(body).as_slice())
    }

    /// `base64(SHA-256(body))`, as Mastercard's signers send it.
    pub(crate) fn sha256(body: &[u8]) -> Self {
        Self::encode(sha2::Sha256::digest(body).as_slice())
    }

    fn encode(digest: &[u8]) -> Self {
        let mut text = [0u8; 44];
        let written = BASE64.encode_slice(digest, &mut text);
        #[allow(clippy::expect_used)]
        // 44 characters hold the base64 of up to 33 bytes; digests are 20 or 32.
        let written = written.expect("44 characters hold a SHA-1 or SHA-256 digest in base64");
        #[allow(clippy::expect_used)] // As above: at most 44.
        let len = u8::try_from(written).expect("a digest's base64 is at most 44 characters");
        Self { text, len }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.text[..usize::from(self.len)]
    }

    pub(crate) fn as_str(&self) -> &str {
        #[allow(clippy::expect_used)] // Filled by the base64 encoder.
        core::str::from_utf8(self.as_bytes()).expect("base64 is ASCII")
    }
}

/// Encoded `(name, value)` pairs in name order.
pub(crate) type EncodedParams = SmallVec<[(&'static str, Escaped); 10]>;

/// A short value's OAuth encoding, on the stack.
pub(crate) type Escaped = SmallVec<[u8; 192]>;

/// The protocol parameters of one request, before the signature.
#[derive(Clone, Copy)]
pub(crate) struct Protocol<'c, 's> {
    constants: Constants<'c, 's>,
    nonce: &'c Nonce,
    timestamp: Timestamp,
    digits: Digits,
    body_hash: Option<BodyDigest>,
}

impl<'c, 's> Protocol<'c, 's> {
    pub(crate) fn new(
        constants: Constants<'c, 's>,
        nonce: &'c Nonce,
        timestamp: Timestamp,
        body_hash: Option<BodyDigest>,
    ) -> Self {
        Self {
            constants,
            nonce,
            timestamp,
            digits: timestamp.digits(),
            body_hash,
        }
    }

    /// Feeds the protocol parameters' part of the normalized parameters to `sink`, encoded for the
    /// base string (values twice, separators once), `%26`-joined, signature left out.
    pub(crate) fn write_base_string_part(&self, sink: &mut impl Sink) {
        let constants = &self.constants;
        if let Some(hash) = &self.body_hash {
            sink.put(b"oauth_body_hash%3D");
            sink.put_encoded_twice(hash.as_bytes());
            sink.put(b"%26");
        }
        constants.write_run(Run::BaseToNonce, sink);
        write_value(self.nonce.as_bytes(), self.nonce.is_unreserved(), true, sink);
        constants.write_run(Run::BaseToTimestamp, sink);
        sink.put(self.digits.as_bytes());
        constants.write_run(Run::BaseTail, sink);
    }

    /// The `Authorization` header value with `signature`: `OAuth realm="…", oauth_consumer_key="…", …`,
    /// parameters in name order, values percent-encoded, written once into one buffer. Marked
    /// sensitive: it carries a PLAINTEXT signature or a verifier, which `Debug` of the request must
    /// not print.
    pub(crate) fn header_value(&self, signature: &Signature) -> HeaderValue {
        let constants = &self.constants;
        let mut out = StackText::new();
        constants.write_run(Run::HeaderHead, &mut out);
        if let Some(hash) = &self.body_hash {
            out.put(b"oauth_body_hash=\"");
            out.put_encoded(hash.as_bytes());
            out.put(b"\", ");
        }
        constants.write_run(Run::HeaderToNonce, &mut out);
        write_value(self.nonce.as_bytes(), self.nonce.is_unreserved(), false, &mut out);
        constants.write_run(Run::HeaderToSignature, &mut out);
        out.put_encoded(signature.as_bytes());
        constants.write_run(Run::HeaderToTimestamp, &mut out);
        out.put(self.digits.as_bytes());
        constants.write_run(Run::HeaderTail, &mut out);
        // Not wiped afterwards: the header value keeps the same bytes for as long as the request lives.
        let value = HeaderValue::from_bytes(out.as_bytes());
        #[allow(clippy::expect_used)] // Only percent-encoded values and a validated realm went in.
        let mut value = value.expect("the header holds only printable ASCII");
        value.set_sensitive(true);
        value
    }

    /// Every parameter with its value OAuth-encoded (`twice`: in base-string form), in name order,
    /// with `oauth_signature` where it sorts when given. For the rare request whose own parameters
    /// interleave with the protocol parameters, and for query and body placement.
    pub(crate) fn encoded(&self, signature: Option<&str>, twice: bool) -> EncodedParams {
        let mut out = EncodedParams::new();
        self.for_each_plain(signature, |name, value| {
            let mut encoded = Escaped::new();
            if twice {
                encoded.put_encoded_twice(value.as_bytes());
            } else {
                encode_to(value.as_bytes(), &mut encoded);
            }
            out.push((name, encoded));
        });
        out
    }

    /// Appends `oauth_…=…` pairs with `signature` (form-encoded) to `out`, starting with `&` when
    /// `separator` is set: query and body placement.
    pub(crate) fn write_form_pairs(&self, signature: &Signature, mut separator: bool, out: &mut Vec<u8>) {
        // Not wiped afterwards: the same bytes go into the query or the body.
        for (name, value) in self.encoded(Some(signature.as_str()), false) {
            if separator {
                out.push(b'&');
            }
            separator = true;
            out.extend_from_slice(name.as_bytes());
            out.push(b'=');
            out.put(&value);
        }
    }

    /// Calls `f` for each parameter, in name order, not encoded, with the signature (when given) where
    /// it sorts.
    pub(crate) fn for_each_plain(&self, signature: Option<&str>, mut f: impl FnMut(&'static str, &str)) {
        let values = self.constants.values();
        if let Some(hash) = &self.body_hash {
            f("oauth_body_hash", hash.as_str());
        }
        if let Some(callback) = values.callback {
            f("oauth_callback", callback);
        }
        f("oauth_consumer_key", values.consumer_key.text);
        f("oauth_nonce", self.nonce.as_str());
        if let Some(signature) = signature {
            f("oauth_signature", signature);
        }
        f("oauth_signature_method", values.signature_method);
        f("oauth_timestamp", self.digits.as_str());
        if let Some(token) = values.token {
            f("oauth_token", token.text);
        }
        if let Some(verifier) = values.verifier {
            f("oauth_verifier", verifier);
        }
        if values.version {
            f("oauth_version", "1.0");
        }
    }
}

/// The outcome of signing one request: the protocol parameters and the signature, ready to be placed.
pub struct Authorization<'s> {
    constants: ConstantValues<'s>,
    nonce: Nonce,
    timestamp: Timestamp,
    body_hash: Option<BodyDigest>,
    signature: Signature,
}

impl<'s> Authorization<'s> {
    pub(crate) fn new(protocol: &Protocol<'_, 's>, signature: Signature) -> Self {
        Self {
            constants: *protocol.constants.values(),
            nonce: *protocol.nonce,
            timestamp: protocol.timestamp,
            body_hash: protocol.body_hash,
            signature,
        }
    }

    fn protocol(&self) -> Protocol<'_, 's> {
        Protocol::new(
            Constants::Values(&self.constants),
            &self.nonce,
            self.timestamp,
            self.body_hash,
        )
    }

    /// The signature (`oauth_signature` before percent-encoding).
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// Every protocol parameter including `oauth_signature`, sorted by name, not encoded.
    pub fn parameters(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        self.protocol()
            .for_each_plain(Some(self.signature.as_str()), |name, value| {
                out.push((name, String::from(value)));
            });
        out
    }

    /// The `Authorization` header value: `OAuth realm="…", oauth_consumer_key="…", …`, parameters in name
    /// order, values percent-encoded. Marked sensitive: it carries a PLAINTEXT signature or a
    /// verifier, which `Debug` of the request must not print.
    ///
    /// # Panics
    /// Never: only percent-encoded values and a validated realm go into it.
    pub fn header_value(&self) -> HeaderValue {
        self.protocol().header_value(&self.signature)
    }
}

impl fmt::Debug for Authorization<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let values = &self.constants;
        f.debug_struct("Authorization")
            .field("consumer_key", &values.consumer_key.text)
            .field("token", &values.token.map(|token| token.text))
            .field("signature_method", &values.signature_method)
            .field("nonce", &self.nonce)
            .field("timestamp", &self.timestamp)
            .field("signature", &self.signature)
            .finish_non_exhaustive()
    }
}
