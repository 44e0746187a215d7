//! Verifying signed requests: the provider's side of RFC 5849 §3.2.
//!
//! [`Checker::verify`] reads the protocol parameters from the `Authorization: OAuth …` header, the query
//! and a form body, checks them, looks up the secrets through your callback, recomputes the signature and
//! compares it in constant time, checks the timestamp against the `now` you pass and the nonce against a
//! [`ReplayStore`]. Like the rest of the crate it reads no clock: `now` is an argument.
//!
//! Which signature methods are accepted is the provider's choice ([`Checker::methods`]): every built-in
//! one by default — HMAC-SHA1/256/512, PLAINTEXT (over TLS), and with the `rsa` feature RSA-SHA1/256/512
//! against the public key the lookup returns — or any [`VerificationMethod`] of your own.
//!
//! ```
//! use oauth1_core::verify::{Checker, MemoryReplayStore, Rejection, Secrets, UnknownCredentials};
//! use oauth1_core::{ClientCredentials, Nonce, Signer, Timestamp, TokenCredentials};
//!
//! let client = ClientCredentials::new("key", "client secret");
//! let token = TokenCredentials::new("token", "token secret");
//! let now = Timestamp::from_secs(1_700_000_000);
//! let mut request = http::Request::get("https://api.example.com/1.1/statuses/home_timeline.json?count=5")
//!     .body(Vec::new())?;
//! Signer::new(&client).token(&token).authorize(&mut request, &Nonce::new("n-1")?, now)?;
//!
//! // The provider's side: its stores of client and token secrets, and of used nonces.
//! let lookup = |key: &str, token: Option<&str>| match (key, token) {
//!     ("key", Some("token")) => Ok(Secrets::new("client secret", Some("token secret".into()))),
//!     ("key", _) => Err(UnknownCredentials::Token),
//!     _ => Err(UnknownCredentials::Client),
//! };
//! let mut nonces = MemoryReplayStore::new(100_000);
//! let verified = Checker::new(now).verify(&request, lookup, &mut nonces)?;
//! assert_eq!(verified.token(), Some("token"));
//!
//! // The same request again is a replay.
//! assert_eq!(Checker::new(now).verify(&request, lookup, &mut nonces).unwrap_err(), Rejection::ReplayedNonce);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod header;
mod mistake;
mod origin;
mod replay;

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use http::Request;
use http::header::AUTHORIZATION;
use smallvec::SmallVec;

pub use header::AuthorizationHeader;
pub use mistake::SigningMistake;
pub use origin::{UriSource, request_uri};
pub use replay::{DEFAULT_MAX_CLIENTS, MemoryReplayStore, NonceCheck, NonceUse, ReplayStore};

use crate::base_string::{BaseUri, ChunkedWriter, write_base_string, write_method_and_uri, write_parameters};
use crate::body::Body;
use crate::credentials::Secret;
use crate::encode::{DecodeError, Sink, form_decode_bytes};
use crate::nonce::{Nonce, Timestamp};
use crate::params::{Pairs, ParamList};
use crate::protocol::BodyDigest;
use crate::signature::{
    HmacSha1, HmacSha256, HmacSha512, Plaintext, SignatureMethod, SignatureWriter, SigningKey,
};
use crate::signer::Placement;

/// The secret an unknown client's request is checked with: never a real one (it is public), only work
/// of the same length as a known client's. Borrowed like a store's secrets, it costs no allocation;
/// unreserved octets only, like nearly every real secret, so that the signing key is not encoded (with
/// spaces it was, and refusing an unknown key took 13 % longer than refusing a known one).
static STAND_IN_SECRET: Secret = Secret::builtin("oauth1-core_stand-in_secret_for_unknown_credentials");

/// How far a request's timestamp may be from `now`, by default: five minutes either way.
pub const DEFAULT_WINDOW_SECS: u64 = 300;

/// What a request is checked with, as the lookup callback returns it: the consumer secret, the token's
/// secret, and for RSA clients their public key. The secrets are owned ([`Secrets::new`]) or borrowed
/// from where the provider keeps them ([`Secrets::borrowed`]), so that checking a request need not copy
/// them.
#[derive(Clone, Debug)]
pub struct Secrets<'s> {
    client: Cow<'s, Secret>,
    token: Option<Cow<'s, Secret>>,
    #[cfg(feature = "rsa")]
    rsa_public_key: Option<crate::rsa::RsaPublicKey>,
}

impl Secrets<'static> {
    /// The consumer secret and, when the request carries a token, that token's secret.
    pub fn new(client: impl Into<Secret>, token: Option<Secret>) -> Self {
        Self::from_cows(Cow::Owned(client.into()), token.map(Cow::Owned))
    }
}

impl<'s> Secrets<'s> {
    /// [`Secrets::new`] with secrets the provider keeps in memory, borrowed for the one check.
    ///
    /// ```
    /// use oauth1_core::Secret;
    /// use oauth1_core::verify::Secrets;
    ///
    /// let (client_secret, token_secret) = (Secret::new("client secret"), Secret::new("token secret"));
    /// let secrets = Secrets::borrowed(&client_secret, Some(&token_secret));
    /// assert_eq!(secrets.token_secret().map(Secret::expose), Some("token secret"));
    /// ```
    pub fn borrowed(client: &'s Secret, token: Option<&'s Secret>) -> Self {
        Self::from_cows(Cow::Borrowed(client), token.map(Cow::Borrowed))
    }

    fn from_cows(client: Cow<'s, Secret>, token: Option<Cow<'s, Secret>>) -> Self {
        Self {
            client,
            token,
            #[cfg(feature = "rsa")]
            rsa_public_key: None,
        }
    }

    /// Adds the client's RSA public key, which RSA-signed requests are checked with (a client
    /// registered with a key, as in Jira's application links, usually has an empty consumer secret).
    #[cfg(feature = "rsa")]
    #[must_use]
    pub fn with_rsa_public_key(mut self, key: crate::rsa::RsaPublicKey) -> Self {
        self.rsa_public_key = Some(key);
        self
    }

    /// The consumer secret.
    pub fn client_secret(&self) -> &Secret {
        &self.client
    }

    /// The token's secret, when the request carries a token.
    pub fn token_secret(&self) -> Option<&Secret> {
        self.token.as_deref()
    }

    /// The client's RSA public key, if the lookup gave one.
    #[cfg(feature = "rsa")]
    pub fn rsa_public_key(&self) -> Option<&crate::rsa::RsaPublicKey> {
        self.rsa_public_key.as_ref()
    }

    /// The shared-secret signing key (§3.4.2): both secrets.
    pub fn signing_key(&self) -> SigningKey<'_> {
        SigningKey::from_secrets(&self.client, self.token.as_deref())
    }
}

/// A signature method a [`Checker`] accepts: the built-in ones, or your own.
pub trait VerificationMethod: Sync {
    /// The `oauth_signature_method` value it checks.
    fn name(&self) -> &str;

    /// Whether the signature covers the base string (PLAINTEXT's does not).
    fn uses_base_string(&self) -> bool {
        true
    }

    /// Whether the method exposes its secrets on the wire, so that it is accepted only over https (or
    /// to a loopback host) unless [`Checker::allow_plaintext_over_http`] says otherwise.
    fn requires_tls(&self) -> bool {
        false
    }

    /// Whether `signature` (decoded from `oauth_signature`) signs `base_string` for a client with
    /// `secrets`, compared in constant time where the method has secrets to compare.
    fn verify(&self, secrets: &Secrets<'_>, base_string: &BaseString<'_>, signature: &str) -> bool;
}

/// A shared-secret method verifies by signing again and comparing in constant time.
macro_rules! shared_secret_verification {
    ($($method:ty),*) => {$(
        impl VerificationMethod for $method {
            fn name(&self) -> &str {
                SignatureMethod::name(self)
            }

            fn uses_base_string(&self) -> bool {
                SignatureMethod::uses_base_string(self)
            }

            fn requires_tls(&self) -> bool {
                !SignatureMethod::uses_base_string(self)
            }

            fn verify(&self, secrets: &Secrets<'_>, base_string: &BaseString<'_>, signature: &str) -> bool {
                let mut writer = self.writer(&secrets.signing_key());
                if SignatureMethod::uses_base_string(self) {
                    base_string.feed(&mut writer);
                }
                writer.verify(signature)
            }
        }
    )*};
}

shared_secret_verification!(
    HmacSha1,
    HmacSha256,
    HmacSha512,
    Plaintext,
    crate::signature::BuiltinMethod
);

#[cfg(feature = "rsa")]
impl VerificationMethod for crate::rsa::RsaMethod {
    fn name(&self) -> &str {
        crate::rsa::RsaMethod::name(*self)
    }

    /// Checks with the public key the lookup returned; with none, nothing verifies.
    fn verify(&self, secrets: &Secrets<'_>, base_string: &BaseString<'_>, signature: &str) -> bool {
        secrets
            .rsa_public_key
            .as_ref()
            .is_some_and(|key| crate::rsa::verify(*self, key, |sink| base_string.stream(sink), signature))
    }
}

/// The methods a [`Checker`] accepts by default: every built-in one.
pub const DEFAULT_METHODS: &[&dyn VerificationMethod] = &[
    &HmacSha1,
    &HmacSha256,
    &HmacSha512,
    &Plaintext,
    #[cfg(feature = "rsa")]
    &crate::rsa::RsaMethod::Sha1,
    #[cfg(feature = "rsa")]
    &crate::rsa::RsaMethod::Sha256,
    #[cfg(feature = "rsa")]
    &crate::rsa::RsaMethod::Sha512,
];

/// The signature base string of a received request (RFC 5849 §3.4.1), as a [`VerificationMethod`]
/// reads it: streamed, or collected.
pub struct BaseString<'b>(Written<'b>);

/// How a [`BaseString`] is held.
enum Written<'b> {
    /// The request's pieces, written out as they are read.
    Pieces {
        method: &'b http::Method,
        uri: &'b BaseUri<'b>,
        /// Every parameter but `oauth_signature`, encoded and sorted.
        params: Pairs<'b>,
    },
    /// Written in full: a base string a client with a known mistake signs (see
    /// [`Checker::find_mistake`]).
    Text(&'b [u8]),
}

impl<'b> BaseString<'b> {
    fn pieces(method: &'b http::Method, uri: &'b BaseUri<'b>, params: Pairs<'b>) -> Self {
        Self(Written::Pieces { method, uri, params })
    }

    fn text(text: &'b [u8]) -> Self {
        Self(Written::Text(text))
    }

    /// Feeds the base string to a signature writer.
    pub fn feed<W: SignatureWriter>(&self, writer: &mut W) {
        self.write_chunked(|piece: &[u8]| writer.write(piece));
    }

    /// Feeds the base string to `sink`, piece by piece.
    pub fn stream(&self, sink: &mut dyn FnMut(&[u8])) {
        self.write_chunked(sink);
    }

    fn write_chunked(&self, mut write: impl FnMut(&[u8])) {
        match self.0 {
            Written::Pieces { method, uri, params } => {
                let mut chunks = ChunkedWriter::new(write);
                write_method_and_uri(method, uri, &mut chunks);
                // Hashed while the parameters are written, as the signer does.
                chunks.flush_blocks();
                write_parameters(params, None, &mut chunks);
                chunks.finish();
            }
            Written::Text(text) => write(text),
        }
    }

    /// The base string as bytes (ASCII).
    pub fn to_bytes(&self) -> Vec<u8> {
        match self.0 {
            Written::Pieces { method, uri, params } => {
                let mut out = Vec::new();
                write_base_string(method, uri, params, None, &mut out);
                out
            }
            Written::Text(text) => text.to_vec(),
        }
    }
}

/// Why the lookup callback found no secrets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownCredentials {
    /// No client has this consumer key.
    Client,
    /// The token is unknown, expired, or not valid for this endpoint (a temporary token where an access
    /// token is needed, or the reverse).
    Token,
}

/// Why a request was rejected. Messages name the parameter and the problem, never a secret or a value
/// that could be one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// The `Authorization` header does not follow RFC 5849 §3.5.1 (the message says how).
    MalformedHeader(&'static str),
    /// A parameter is not valid percent- or form-encoding.
    BadEncoding {
        /// Where the parameter was.
        placement: Placement,
        /// What was wrong.
        error: DecodeError,
    },
    /// The request URI is not absolute `http` or `https`.
    BadUri,
    /// A protocol parameter appears more than once (in one place or across the header, query and body).
    Repeated {
        /// The parameter's name.
        name: String,
    },
    /// A header read once appears more than once: `Content-Type`, which decides whether the body's
    /// parameters are signed (a server reading the other one would not check what was signed).
    RepeatedHeader(&'static str),
    /// A required protocol parameter is missing.
    Missing {
        /// The parameter's name.
        name: &'static str,
    },
    /// `oauth_version` is present and is not `1.0`.
    UnsupportedVersion,
    /// `oauth_signature_method` is not one this verifier accepts.
    UnsupportedSignatureMethod,
    /// PLAINTEXT was used over plain `http` to a host that is not loopback (RFC 5849 §3.4.4 requires TLS).
    PlaintextWithoutTls,
    /// `oauth_timestamp` is not a number of seconds.
    BadTimestamp,
    /// `oauth_timestamp` is further from `now` than the window allows (a stale request or clock skew).
    TimestampOutOfWindow {
        /// The request's timestamp.
        timestamp: u64,
        /// The verifier's `now`.
        now: u64,
    },
    /// `oauth_nonce` is empty, too long, or not printable ASCII.
    BadNonce,
    /// No client has this consumer key.
    UnknownClient,
    /// The token is unknown, expired, or not valid here.
    UnknownToken,
    /// The signature does not match the request.
    BadSignature,
    /// `oauth_body_hash` does not match the body, or was sent with a form body (where it is not allowed).
    BadBodyHash,
    /// The nonce was already used with this timestamp and these credentials.
    ReplayedNonce,
    /// This client has used up its place in the replay store; the request could not be recorded, so
    /// it is refused. Not an authentication failure: answer it as a rate limit (HTTP 429 or 503 with
    /// `Retry-After`), never as "could not authenticate".
    ReplayStoreFull {
        /// Seconds until the client's oldest nonce leaves the window.
        retry_after_secs: u64,
    },
}

/// Whether the body is a form, as the signer decides it; two `Content-Type` headers are a rejection.
fn form_body(headers: &http::HeaderMap) -> Result<bool, Rejection> {
    crate::body::form_body(headers).map_err(|_| Rejection::RepeatedHeader("Content-Type"))
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MalformedHeader(why) => write!(f, "malformed Authorization header: {why}"),
            Self::BadEncoding { placement, error } => {
                write!(
                    f,
                    "{} parameter is not validly encoded: {error}",
                    placement.field()
                )
            }
            Self::BadUri => f.write_str("the request URI is not absolute http or https"),
            Self::Repeated { name } => write!(f, "the protocol parameter {name} appears more than once"),
            Self::RepeatedHeader(name) => write!(f, "the {name} header appears more than once"),
            Self::Missing { name } => write!(f, "the protocol parameter {name} is missing"),
            Self::UnsupportedVersion => f.write_str("oauth_version must be 1.0"),
            Self::UnsupportedSignatureMethod => f.write_str("oauth_signature_method is not supported"),
            Self::PlaintextWithoutTls => f.write_str("PLAINTEXT signatures need https"),
            Self::BadTimestamp => f.write_str("oauth_timestamp is not a number of seconds"),
            Self::TimestampOutOfWindow { timestamp, now } => write!(
                f,
                "oauth_timestamp {timestamp} is out of bounds (server time {now})"
            ),
            Self::BadNonce => f.write_str("oauth_nonce must be 1 to 64 printable ASCII characters"),
            Self::UnknownClient => f.write_str("oauth_consumer_key is not a known client"),
            Self::UnknownToken => f.write_str("oauth_token is invalid or expired"),
            Self::BadSignature => f.write_str("oauth_signature does not match the request"),
            Self::BadBodyHash => f.write_str("oauth_body_hash does not match the body"),
            Self::ReplayedNonce => f.write_str("oauth_nonce was already used"),
            Self::ReplayStoreFull { retry_after_secs } => write!(
                f,
                "too many requests from this client to record their nonces; retry in {retry_after_secs} s"
            ),
        }
    }
}

impl core::error::Error for Rejection {}

/// Checks signed requests against a `now` and a timestamp window: the provider's side of a signature.
#[derive(Clone, Copy)]
pub struct Checker<'m> {
    now: Timestamp,
    window: u64,
    methods: &'m [&'m dyn VerificationMethod],
    plaintext_over_http: bool,
}

impl Checker<'static> {
    /// A checker at time `now`, accepting [`DEFAULT_METHODS`] (PLAINTEXT only over https or to a
    /// loopback host), with a window of [`DEFAULT_WINDOW_SECS`].
    pub const fn new(now: Timestamp) -> Self {
        Self {
            now,
            window: DEFAULT_WINDOW_SECS,
            methods: DEFAULT_METHODS,
            plaintext_over_http: false,
        }
    }
}

impl<'m> Checker<'m> {
    /// Accepts exactly these methods, built-in or your own (a request naming another is
    /// [`Rejection::UnsupportedSignatureMethod`]).
    ///
    /// ```
    /// use oauth1_core::signature::{HmacSha1, HmacSha256};
    /// use oauth1_core::verify::Checker;
    /// use oauth1_core::Timestamp;
    ///
    /// let no_plaintext = Checker::new(Timestamp::from_secs(0)).methods(&[&HmacSha1, &HmacSha256]);
    /// # let _ = no_plaintext;
    /// ```
    #[must_use]
    pub const fn methods<'n>(self, methods: &'n [&'n dyn VerificationMethod]) -> Checker<'n> {
        Checker {
            now: self.now,
            window: self.window,
            methods,
            plaintext_over_http: self.plaintext_over_http,
        }
    }

    /// Accepts timestamps at most `secs` seconds before or after `now`.
    #[must_use]
    pub const fn window(mut self, secs: u64) -> Self {
        self.window = secs;
        self
    }

    /// Accepts PLAINTEXT over plain `http` to any host. Only for deployments where TLS ends in front of
    /// the verifier and the request URI it sees says `http`.
    #[must_use]
    pub const fn allow_plaintext_over_http(mut self) -> Self {
        self.plaintext_over_http = true;
        self
    }

    /// Verifies `request`. Its URI must be the absolute URI the client signed (a server that receives
    /// `/path?query` rebuilds it from its scheme and the `Host` header).
    ///
    /// `lookup(consumer_key, token)` returns the secrets, owned or borrowed from the provider's store;
    /// it decides which tokens are valid for this endpoint. The replay store is asked last, only for a
    /// request whose signature is good.
    ///
    /// # Errors
    /// A [`Rejection`] saying why. Never panics, whatever the request holds.
    pub fn verify<'r, 's, B, L, S>(
        &self,
        request: &'r Request<B>,
        lookup: L,
        replay: &mut S,
    ) -> Result<Verified<'r>, Rejection>
    where
        B: Body,
        L: FnOnce(&str, Option<&str>) -> Result<Secrets<'s>, UnknownCredentials>,
        S: ReplayStore + ?Sized,
    {
        let mut params = ParamList::default();
        let mut found = Found::default();
        let (base_uri, form_body) = collect(request, &mut params, &mut found)?;
        let body = request.body().bytes();

        let Checked {
            consumer_key,
            signature,
            method,
            method_name,
            timestamp,
            nonce,
            nonce_text,
        } = self.check(&found, &base_uri)?;
        let token = found.token();
        // An unknown client or token is checked against stand-in secrets all the same, so that the
        // time taken does not tell an attacker which consumer keys and tokens exist (as oauthlib does).
        let (secrets, unknown) = match lookup(&consumer_key, token) {
            Ok(secrets) if token.is_some() && secrets.token.is_none() => {
                (secrets, Some(Rejection::UnknownToken))
            }
            Ok(secrets) => (secrets, None),
            Err(unknown) => {
                let rejection = match unknown {
                    UnknownCredentials::Client => Rejection::UnknownClient,
                    UnknownCredentials::Token => Rejection::UnknownToken,
                };
                let stand_in = Secrets::borrowed(&STAND_IN_SECRET, token.map(|_| &STAND_IN_SECRET));
                (stand_in, Some(rejection))
            }
        };
        if method.uses_base_string() {
            params.sort();
        }
        let base_string = BaseString::pieces(request.method(), &base_uri, params.pairs());
        let signature_ok = method.verify(&secrets, &base_string, signature);
        let placement = found
            .signature
            .as_ref()
            .map_or(Placement::Header, |(_, placement)| *placement);
        if let Some(rejection) = unknown {
            return Err(rejection);
        }
        if !signature_ok {
            return Err(Rejection::BadSignature);
        }
        // A SHA-1 digest (the extension, never with a form body) or a SHA-256 one (Mastercard's rule,
        // on every body), told apart by length; either way the signature covers the hash.
        let body_hash_ok = |hash: &Cow<'_, str>| match hash.len() {
            28 => !form_body && crate::constant_time_eq(hash.as_bytes(), BodyDigest::sha1(body).as_bytes()),
            44 => crate::constant_time_eq(hash.as_bytes(), BodyDigest::sha256(body).as_bytes()),
            _ => false,
        };
        if found.body_hash.as_ref().is_some_and(|hash| !body_hash_ok(hash)) {
            return Err(Rejection::BadBodyHash);
        }
        let oldest_accepted = Timestamp::from_secs(self.now.as_secs().saturating_sub(self.window));
        let check = replay.check_and_record(&NonceUse {
            consumer_key: &consumer_key,
            token,
            nonce: nonce_text,
            timestamp,
            oldest_accepted,
        });
        match check {
            NonceCheck::Fresh => {}
            NonceCheck::Replayed => return Err(Rejection::ReplayedNonce),
            NonceCheck::Full { retry_after_secs } => {
                return Err(Rejection::ReplayStoreFull { retry_after_secs });
            }
        }
        Ok(Verified {
            consumer_key,
            token: found.token.filter(|t| !t.is_empty()),
            callback: found.callback,
            verifier: found.verifier,
            realm: found.realm,
            nonce,
            timestamp,
            method: method_name,
            placement,
        })
    }

    /// The checks that need no secret: presence, version, method, timestamp window, nonce shape.
    fn check<'r, 'f>(
        &self,
        found: &'f Found<'r>,
        uri: &BaseUri<'_>,
    ) -> Result<Checked<'r, 'm, 'f>, Rejection> {
        let required = |value: &Option<Cow<'r, str>>, name| value.clone().ok_or(Rejection::Missing { name });
        let consumer_key = required(&found.consumer_key, "oauth_consumer_key")?;
        let method_name = required(&found.signature_method, "oauth_signature_method")?;
        let (signature, placement) = found.signature.as_ref().ok_or(Rejection::Missing {
            name: "oauth_signature",
        })?;
        let signature = signature.as_str().ok_or(Rejection::BadEncoding {
            placement: *placement,
            error: DecodeError::NotUtf8,
        })?;
        let timestamp = required(&found.timestamp, "oauth_timestamp")?;
        let nonce_text = found
            .nonce
            .as_deref()
            .ok_or(Rejection::Missing { name: "oauth_nonce" })?;
        if found.version.as_ref().is_some_and(|v| v != "1.0") {
            return Err(Rejection::UnsupportedVersion);
        }
        let method = *self
            .methods
            .iter()
            .find(|m| m.name() == method_name)
            .ok_or(Rejection::UnsupportedSignatureMethod)?;
        if method.requires_tls() && !self.plaintext_over_http && !uri.is_tls_or_loopback() {
            return Err(Rejection::PlaintextWithoutTls);
        }
        // `parse` alone would take a leading `+`.
        let digits_ok = timestamp.bytes().all(|b| b.is_ascii_digit());
        let timestamp = timestamp
            .parse::<u64>()
            .ok()
            .filter(|_| digits_ok)
            .ok_or(Rejection::BadTimestamp)?;
        if timestamp.abs_diff(self.now.as_secs()) > self.window {
            return Err(Rejection::TimestampOutOfWindow {
                timestamp,
                now: self.now.as_secs(),
            });
        }
        let nonce = Nonce::new(nonce_text).map_err(|_| Rejection::BadNonce)?;
        Ok(Checked {
            consumer_key,
            signature,
            method,
            method_name,
            timestamp: Timestamp::from_secs(timestamp),
            nonce,
            nonce_text,
        })
    }
}

impl fmt::Debug for Checker<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Checker")
            .field("now", &self.now)
            .field("window", &self.window)
            .field(
                "methods",
                &self.methods.iter().map(|m| m.name()).collect::<Vec<_>>(),
            )
            .field("plaintext_over_http", &self.plaintext_over_http)
            .finish()
    }
}

/// Reads a received request: collects every parameter into `params` (for the base string) and the
/// protocol parameters into `found` (the `Authorization` header, the query, then a form body), and
/// returns the base string URI and whether the body is a form. The lists are the caller's, so that
/// they are filled where they live.
fn collect<'r, B: Body>(
    request: &'r Request<B>,
    params: &mut ParamList<'r>,
    found: &mut Found<'r>,
) -> Result<(BaseUri<'r>, bool), Rejection> {
    let base_uri = BaseUri::new(request.uri()).map_err(|_| Rejection::BadUri)?;
    let form_body = form_body(request.headers())?;
    let mut headers = request.headers().get_all(AUTHORIZATION).iter();
    if let Some(value) = headers.next() {
        if headers.next().is_some() {
            return Err(Rejection::MalformedHeader("more than one Authorization header"));
        }
        let bad = |error| Rejection::BadEncoding {
            placement: Placement::Header,
            error,
        };
        let realm = header::parse_raw(value.as_bytes(), |param| {
            let name = param.name;
            if name == "oauth_signature" {
                let signature = SignatureText::decode(&param.value, false).map_err(bad)?;
                return found.take_signature(signature, Placement::Header);
            }
            let plain = params.push_header_pair(&param).map_err(bad)?;
            if name.starts_with("oauth_") {
                let value = match (param.unreserved_value, param.value) {
                    (Some(text), _) => Cow::Borrowed(text),
                    // No escape: the value is its own decoding.
                    (None, Cow::Borrowed(raw)) if plain => {
                        Cow::Borrowed(core::str::from_utf8(raw).map_err(|_| bad(DecodeError::NotUtf8))?)
                    }
                    (None, value) => header::decode(value)?,
                };
                found.take(name.as_bytes(), value)?;
            }
            Ok(())
        })?;
        found.realm = realm.flatten();
    }
    if let Some(query) = request.uri().query() {
        collect_form(query.as_bytes(), Placement::Query, params, found)?;
    }
    if form_body {
        collect_form(request.body().bytes(), Placement::Body, params, found)?;
    }
    Ok((base_uri, form_body))
}

/// The signature base string a provider computes for `request` as received (RFC 5849 §3.4.1): for
/// comparing with the base string a provider echoes back (see [`crate::diagnose`]).
///
/// # Errors
/// The request's URI is not absolute `http`/`https`, its parameters are malformed or repeated, or
/// it has two `Content-Type` headers.
///
/// # Panics
/// Never: every piece of a base string is percent-encoded ASCII.
pub fn received_base_string<B: Body>(request: &Request<B>) -> Result<String, Rejection> {
    let mut params = ParamList::default();
    let (base_uri, _) = collect(request, &mut params, &mut Found::default())?;
    params.sort();
    let mut out = Vec::new();
    write_base_string(request.method(), &base_uri, params.pairs(), None, &mut out);
    #[allow(clippy::expect_used)] // Every piece of a base string is percent-encoded ASCII.
    Ok(String::from_utf8(out).expect("a base string is percent-encoded ASCII"))
}

fn collect_form<'r>(
    raw: &'r [u8],
    placement: Placement,
    params: &mut ParamList<'r>,
    found: &mut Found<'r>,
) -> Result<(), Rejection> {
    let bad = |error| Rejection::BadEncoding { placement, error };
    params.push_form_with(raw, bad, |name, raw_value| {
        if name == b"oauth_signature" {
            found.take_signature(SignatureText::decode(raw_value, true).map_err(bad)?, placement)?;
            return Ok(false);
        }
        let value =
            header::utf8(form_decode_bytes(raw_value).map_err(bad)?).ok_or(bad(DecodeError::NotUtf8))?;
        found.take(name, value)?;
        Ok(true)
    })
}

/// A received `oauth_signature`, decoded: inline for every HMAC signature (RSA ones spill to the heap).
/// Its UTF-8 is checked once, when it is read as text ([`SignatureText::as_str`]).
struct SignatureText(SmallVec<[u8; SIGNATURE_INLINE]>);

/// Octets of a decoded signature held inline: an HMAC-SHA512 signature is 88 characters of base64.
const SIGNATURE_INLINE: usize = 96;

/// An array filled from its start, for a decoding its caller knows fits.
struct Filling {
    buf: [u8; SIGNATURE_INLINE],
    len: usize,
}

impl Sink for Filling {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        // Indexing fails loudly should a caller's size check ever be wrong.
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    #[inline]
    fn put_byte(&mut self, byte: u8) {
        self.buf[self.len] = byte;
        self.len += 1;
    }
}

impl SignatureText {
    /// Decodes a signature as sent (form-encoded when `plus_is_space`, else percent-encoded). One that
    /// fits inline is decoded straight into an array (no decoding is longer than its input): pushing
    /// to the `SmallVec` would check its capacity for every piece, and a base64 signature has an
    /// escape every few octets.
    fn decode(raw: &[u8], plus_is_space: bool) -> Result<Self, DecodeError> {
        if raw.len() > SIGNATURE_INLINE {
            let mut text = SmallVec::new();
            crate::encode::decode_into(raw, plus_is_space, &mut text)?;
            return Ok(Self(text));
        }
        let mut inline = Filling {
            buf: [0; SIGNATURE_INLINE],
            len: 0,
        };
        crate::encode::decode_into(raw, plus_is_space, &mut inline)?;
        Ok(Self(SmallVec::from_buf_and_len(inline.buf, inline.len)))
    }

    /// The signature as text, or `None` when its octets are not UTF-8.
    fn as_str(&self) -> Option<&str> {
        core::str::from_utf8(&self.0).ok()
    }
}

/// The protocol parameters found so far, decoded.
#[derive(Default)]
struct Found<'r> {
    consumer_key: Option<Cow<'r, str>>,
    token: Option<Cow<'r, str>>,
    signature_method: Option<Cow<'r, str>>,
    signature: Option<(SignatureText, Placement)>,
    timestamp: Option<Cow<'r, str>>,
    nonce: Option<Cow<'r, str>>,
    callback: Option<Cow<'r, str>>,
    verifier: Option<Cow<'r, str>>,
    version: Option<Cow<'r, str>>,
    body_hash: Option<Cow<'r, str>>,
    realm: Option<Cow<'r, str>>,
}

impl<'r> Found<'r> {
    /// The token, unless none was sent or it was sent empty (as some providers' clients send one
    /// without a token).
    fn token(&self) -> Option<&str> {
        self.token.as_deref().filter(|t| !t.is_empty())
    }

    /// Records the signature; a second one is a rejection.
    fn take_signature(&mut self, signature: SignatureText, placement: Placement) -> Result<(), Rejection> {
        if self.signature.is_some() {
            return Err(Rejection::Repeated {
                name: "oauth_signature".into(),
            });
        }
        self.signature = Some((signature, placement));
        Ok(())
    }

    /// Records a protocol parameter; a second one with the same name is a rejection. Names this crate
    /// does not know are signed but otherwise ignored.
    #[inline]
    fn take(&mut self, name: &[u8], value: Cow<'r, str>) -> Result<(), Rejection> {
        let slot = match name {
            b"oauth_consumer_key" => &mut self.consumer_key,
            b"oauth_token" => &mut self.token,
            b"oauth_signature_method" => &mut self.signature_method,
            b"oauth_timestamp" => &mut self.timestamp,
            b"oauth_nonce" => &mut self.nonce,
            b"oauth_callback" => &mut self.callback,
            b"oauth_verifier" => &mut self.verifier,
            b"oauth_version" => &mut self.version,
            b"oauth_body_hash" => &mut self.body_hash,
            _ => return Ok(()),
        };
        if slot.is_some() {
            // One of the names above: ASCII.
            return Err(Rejection::Repeated {
                name: String::from_utf8_lossy(name).into_owned(),
            });
        }
        *slot = Some(value);
        Ok(())
    }
}

/// The required parameters, checked.
struct Checked<'r, 'm, 'f> {
    consumer_key: Cow<'r, str>,
    signature: &'f str,
    method: &'m dyn VerificationMethod,
    method_name: Cow<'r, str>,
    timestamp: Timestamp,
    nonce: Nonce,
    /// The nonce as received (what `nonce` holds), for the replay store without another UTF-8 check.
    nonce_text: &'f str,
}

/// A request whose signature, timestamp and nonce were accepted, with its protocol parameters.
#[derive(Clone)]
pub struct Verified<'r> {
    consumer_key: Cow<'r, str>,
    token: Option<Cow<'r, str>>,
    callback: Option<Cow<'r, str>>,
    verifier: Option<Cow<'r, str>>,
    realm: Option<Cow<'r, str>>,
    nonce: Nonce,
    timestamp: Timestamp,
    method: Cow<'r, str>,
    placement: Placement,
}

impl Verified<'_> {
    /// `oauth_consumer_key`: which client sent the request.
    pub fn consumer_key(&self) -> &str {
        &self.consumer_key
    }

    /// `oauth_token`, if the request carries a (non-empty) one.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// `oauth_callback` (the temporary-credentials request).
    pub fn callback(&self) -> Option<&str> {
        self.callback.as_deref()
    }

    /// `oauth_verifier` (the token request). Compare it with the one you issued in constant time.
    pub fn verifier(&self) -> Option<&str> {
        self.verifier.as_deref()
    }

    /// The header's `realm`, if any.
    pub fn realm(&self) -> Option<&str> {
        self.realm.as_deref()
    }

    /// `oauth_nonce`.
    pub fn nonce(&self) -> &Nonce {
        &self.nonce
    }

    /// `oauth_timestamp`.
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }

    /// The signature method used (`oauth_signature_method`).
    pub fn signature_method(&self) -> &str {
        &self.method
    }

    /// Where `oauth_signature` was: the header, the query or the body.
    pub fn placement(&self) -> Placement {
        self.placement
    }
}

impl fmt::Debug for Verified<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("consumer_key", &self.consumer_key)
            .field("token", &self.token)
            .field("callback", &self.callback)
            .field("verifier", &self.verifier.as_ref().map(|_| "[redacted]"))
            .field("realm", &self.realm)
            .field("nonce", &self.nonce)
            .field("timestamp", &self.timestamp)
            .field("signature_method", &self.method)
            .field("placement", &self.placement)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_stand_in_secret_keys_hmac_the_way_real_secrets_do() {
        // Unreserved, as nearly every real secret is: its signing key is not encoded first, so a
        // refusal of an unknown key costs what a known key's bad signature does.
        assert!(super::STAND_IN_SECRET.is_unreserved());
    }

    proptest::proptest! {
        /// A received signature decodes into its inline array as into a growable buffer, octet for
        /// octet and error for error, on both sides of the inline size.
        #[test]
        fn a_signature_decodes_as_the_general_decoder_decodes_it(
            raw in proptest::collection::vec(
                proptest::sample::select(b"Aa0+/=%%2BFfGg ".to_vec()),
                0..=(super::SIGNATURE_INLINE + 8),
            ),
            plus_is_space: bool,
        ) {
            let mut want = Vec::new();
            let want = crate::encode::decode_into(&raw, plus_is_space, &mut want).map(|()| want);
            let got = super::SignatureText::decode(&raw, plus_is_space).map(|text| text.0.to_vec());
            proptest::prop_assert_eq!(got, want);
        }
    }
}
