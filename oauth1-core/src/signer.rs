//! Authorizing a request: compute the protocol parameters and the signature, then place them
//! (RFC 5849 §3.1 and §3.5).
//!
//! [`Signer`] holds what stays the same across requests (credentials, method, options); each call takes
//! the request, a [`Nonce`] and a [`Timestamp`]. The default placement is the `Authorization: OAuth …`
//! header, in which case nothing is added to the query or the body.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Request, Uri};
use sha1::Digest as _;
use smallvec::SmallVec;

use crate::base_string::{BaseUri, ChunkedWriter, write_base_string};
use crate::body::{Body, is_form_urlencoded};
use crate::credentials::{ClientCredentials, TokenCredentials};
use crate::encode::encode_to;
use crate::error::{Error, InputError, InputProblem};
use crate::nonce::{Nonce, Timestamp};
use crate::params::ParamList;
use crate::signature::{HmacSha1, Signature, SignatureMethod, SignatureWriter, SigningKey};

/// Where protocol parameters are carried (RFC 5849 §3.5): where the signer puts them, and where a
/// verifier found them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Placement {
    /// The `Authorization: OAuth …` header (§3.5.1). The default, and the one Twitter/X requires.
    #[default]
    Header,
    /// The query of the request URI (§3.5.3).
    Query,
    /// An `application/x-www-form-urlencoded` body (§3.5.2).
    Body,
}

impl Placement {
    /// The name of the request part, for error messages.
    pub(crate) const fn field(self) -> &'static str {
        match self {
            Self::Query => "query",
            Self::Body => "form body",
            Self::Header => "Authorization header",
        }
    }
}

/// Signs requests with one set of credentials and options.
///
/// ```
/// use oauth1_core::{ClientCredentials, Nonce, Signer, Timestamp, TokenCredentials};
///
/// let client = ClientCredentials::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44");
/// let token = TokenCredentials::new("nnch734d00sl2jdk", "pfkkdhi9sl3r4s00");
/// let mut request = http::Request::get("http://photos.example.net/photos?file=vacation.jpg&size=original")
///     .body(())
///     .unwrap();
///
/// // RFC 5849 §1.2, which sends no oauth_version.
/// Signer::new(&client)
///     .token(&token)
///     .realm("Photos")
///     .version(false)
///     .authorize(&mut request, &Nonce::new("chapoH").unwrap(), Timestamp::from_secs(137131202))
///     .unwrap();
///
/// assert_eq!(
///     request.headers()["authorization"],
///     "OAuth realm=\"Photos\", oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_nonce=\"chapoH\", \
///      oauth_signature=\"MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D\", oauth_signature_method=\"HMAC-SHA1\", \
///      oauth_timestamp=\"137131202\", oauth_token=\"nnch734d00sl2jdk\""
/// );
/// // Nothing was added to the query.
/// assert_eq!(request.uri().query(), Some("file=vacation.jpg&size=original"));
/// ```
#[derive(Clone)]
pub struct Signer<'a, M = HmacSha1> {
    client: &'a ClientCredentials,
    token: Option<&'a TokenCredentials>,
    method: M,
    realm: Option<&'a str>,
    callback: Option<&'a str>,
    verifier: Option<&'a str>,
    version: bool,
    body_hash: bool,
    placement: Placement,
}

impl<'a> Signer<'a, HmacSha1> {
    /// A signer for `client`, with HMAC-SHA1, header placement, `oauth_version=1.0`, and no token.
    pub fn new(client: &'a ClientCredentials) -> Self {
        Self {
            client,
            token: None,
            method: HmacSha1,
            realm: None,
            callback: None,
            verifier: None,
            version: true,
            body_hash: false,
            placement: Placement::Header,
        }
    }
}

impl<'a, M: SignatureMethod> Signer<'a, M> {
    /// Signs with these token (or temporary) credentials. An empty token identifier is not sent: RFC 5849
    /// §2.1 lets the client omit it, and an empty `oauth_token` is rejected by some providers.
    #[must_use]
    pub fn token(mut self, token: &'a TokenCredentials) -> Self {
        self.token = Some(token);
        self
    }

    /// Signs with another signature method.
    pub fn method<N: SignatureMethod>(self, method: N) -> Signer<'a, N> {
        Signer {
            client: self.client,
            token: self.token,
            method,
            realm: self.realm,
            callback: self.callback,
            verifier: self.verifier,
            version: self.version,
            body_hash: self.body_hash,
            placement: self.placement,
        }
    }

    /// Adds `realm` to the `Authorization` header. The realm is never signed (§3.4.1.3.1) and is only sent
    /// with header placement. It must be printable ASCII without `"` or `\`.
    #[must_use]
    pub fn realm(mut self, realm: &'a str) -> Self {
        self.realm = Some(realm);
        self
    }

    /// Sends `oauth_callback` (the temporary-credentials request): a URL, a custom scheme, or `oob`.
    #[must_use]
    pub fn callback(mut self, callback: &'a str) -> Self {
        self.callback = Some(callback);
        self
    }

    /// Sends `oauth_verifier` (the token request).
    #[must_use]
    pub fn verifier(mut self, verifier: &'a str) -> Self {
        self.verifier = Some(verifier);
        self
    }

    /// Whether to send `oauth_version="1.0"` (default `true`, as Twitter/X does; the parameter is
    /// optional and the RFC's own examples omit it).
    #[must_use]
    pub fn version(mut self, send: bool) -> Self {
        self.version = send;
        self
    }

    /// Whether to send `oauth_body_hash` (the OAuth Request Body Hash extension) on requests whose body is
    /// not form-encoded, so that a JSON or binary body is covered by the signature. The hash is SHA-1, the
    /// only algorithm the extension defines (and the one other implementations use for every method).
    /// Form-encoded requests never carry it: their parameters are already signed. Off by default.
    #[must_use]
    pub fn body_hash(mut self, send: bool) -> Self {
        self.body_hash = send;
        self
    }

    /// Where the protocol parameters go.
    #[must_use]
    pub fn placement(mut self, placement: Placement) -> Self {
        self.placement = placement;
        self
    }

    /// Signs `request` and adds the protocol parameters to it where [`Signer::placement`] says.
    ///
    /// # Errors
    /// [`Error::Input`] when the URI is not absolute `http`/`https`, the query or form body is not valid
    /// form encoding, the request already carries a protocol parameter this signer adds (its own
    /// `oauth_*` parameters, such as a documented `oauth_verifier` in the body, are signed as they
    /// stand), the realm is not allowed in a header, or the body cannot take the parameters (body
    /// placement on a body that is not form-encoded).
    pub fn authorize<B: Body>(
        &self,
        request: &mut Request<B>,
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<(), Error> {
        let writer = self.method.writer(&self.signing_key());
        self.authorize_with(writer, request, nonce, timestamp)
    }

    /// Computes the signature and every protocol parameter for `request` without changing it.
    ///
    /// # Errors
    /// As [`Signer::authorize`].
    pub fn sign<B: Body>(
        &self,
        request: &Request<B>,
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<Authorization<'a>, Error> {
        self.sign_with(self.method.writer(&self.signing_key()), request, nonce, timestamp)
    }

    /// A signer for many requests with these credentials: the method's keyed state (for HMAC, the hashed
    /// key and both pads) is computed here, once, and copied for each request instead of being derived
    /// from the secrets again.
    ///
    /// ```
    /// use oauth1_core::{ClientCredentials, Nonce, Signer, Timestamp};
    ///
    /// let client = ClientCredentials::new("key", "secret");
    /// let keyed = Signer::new(&client).keyed();
    /// let mut request = http::Request::get("https://api.example.com/1.1/a.json").body(()).unwrap();
    /// keyed.authorize(&mut request, &Nonce::new("n").unwrap(), Timestamp::from_secs(1)).unwrap();
    ///
    /// // The same header as the plain signer gives.
    /// let mut again = http::Request::get("https://api.example.com/1.1/a.json").body(()).unwrap();
    /// Signer::new(&client).authorize(&mut again, &Nonce::new("n").unwrap(), Timestamp::from_secs(1)).unwrap();
    /// assert_eq!(request.headers()["authorization"], again.headers()["authorization"]);
    /// ```
    pub fn keyed(self) -> KeyedSigner<'a, M>
    where
        M::Writer: Clone,
    {
        KeyedSigner {
            writer: self.method.writer(&self.signing_key()),
            signer: self,
        }
    }

    fn authorize_with<B: Body>(
        &self,
        writer: M::Writer,
        request: &mut Request<B>,
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<(), Error> {
        let auth = self.sign_with(writer, request, nonce, timestamp)?;
        match self.placement {
            Placement::Header => {
                let value = auth.header_value();
                request.headers_mut().insert(AUTHORIZATION, value);
            }
            Placement::Query => {
                let uri = uri_with_params(request.uri(), &auth)?;
                *request.uri_mut() = uri;
            }
            Placement::Body => {
                let form = is_form_urlencoded(request.headers());
                let empty = request.body().bytes().is_empty();
                // An empty body without a content type becomes a form body; any other must be one.
                let can_become_form = empty && !request.headers().contains_key(CONTENT_TYPE);
                if !form && !can_become_form {
                    return Err(InputError::new("form body", InputProblem::BodyNotForm).into());
                }
                let mut pairs = Vec::new();
                auth.write_form_pairs(!empty, &mut pairs);
                if !request.body_mut().append(&pairs) {
                    return Err(InputError::new("form body", InputProblem::BodyNotForm).into());
                }
                if !form {
                    request.headers_mut().insert(
                        CONTENT_TYPE,
                        HeaderValue::from_static("application/x-www-form-urlencoded"),
                    );
                }
            }
        }
        Ok(())
    }

    fn sign_with<B: Body>(
        &self,
        mut writer: M::Writer,
        request: &Request<B>,
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<Authorization<'a>, Error> {
        let (uri, params, protocol) = self.prepare(
            request.uri(),
            request.headers(),
            request.body().bytes(),
            nonce,
            timestamp,
        )?;
        if self.method.uses_base_string() {
            let mut chunks = ChunkedWriter::new(|piece: &[u8]| writer.write(piece));
            write_base_string(request.method(), &uri, &params, &mut chunks);
            chunks.finish();
        }
        Ok(Authorization {
            protocol,
            signature: writer.finish()?,
        })
    }

    /// The signature base string `request` would be signed over, for debugging and for comparing with
    /// another implementation. Computed the same way for every method, PLAINTEXT included.
    ///
    /// # Errors
    /// As [`Signer::authorize`].
    ///
    /// # Panics
    /// Never: every piece of a base string is percent-encoded ASCII.
    pub fn base_string<B: Body>(
        &self,
        request: &Request<B>,
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<String, Error> {
        let (uri, params, _) = self.prepare(
            request.uri(),
            request.headers(),
            request.body().bytes(),
            nonce,
            timestamp,
        )?;
        let mut out = Vec::new();
        write_base_string(request.method(), &uri, &params, &mut out);
        #[allow(clippy::expect_used)] // Every piece is percent-encoded ASCII.
        Ok(String::from_utf8(out).expect("the base string is percent-encoded ASCII"))
    }

    fn signing_key(&self) -> SigningKey<'_> {
        SigningKey::new(
            self.client.secret().expose(),
            self.token.map(|t| t.secret().expose()),
        )
    }

    /// Validates the request and collects its sorted parameters and the protocol parameters.
    #[allow(clippy::type_complexity)]
    fn prepare<'r>(
        &self,
        uri: &'r Uri,
        headers: &HeaderMap,
        body: &[u8],
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<(BaseUri<'r>, ParamList, Protocol<'a>), Error> {
        let quotable = |b: u8| (b == b' ' || b.is_ascii_graphic()) && b != b'"' && b != b'\\';
        if self.realm.is_some_and(|realm| !realm.bytes().all(quotable)) {
            let why = "must be printable ASCII without '\"' or '\\'";
            return Err(InputError::new("realm", InputProblem::Invalid(why)).into());
        }
        let base_uri = BaseUri::new(uri)?;
        let form_body = is_form_urlencoded(headers);
        let mut params = ParamList::default();
        if let Some(query) = uri.query() {
            params.push_form(query.as_bytes(), Placement::Query)?;
        }
        let in_query = params.len();
        if form_body {
            params.push_form(body, Placement::Body)?;
        }
        let protocol = Protocol {
            consumer_key: self.client.key(),
            token: self.token.map(TokenCredentials::token).filter(|t| !t.is_empty()),
            signature_method: self.method.name(),
            realm: self.realm,
            callback: self.callback,
            verifier: self.verifier,
            version: self.version,
            nonce: *nonce,
            timestamp,
            // Body placement makes the request form-encoded, where the extension forbids a body hash
            // (found by the sign_verify fuzz target: the verifier rightly refused such a request).
            body_hash: (self.body_hash && !form_body && self.placement != Placement::Body)
                .then(|| BodyHash::of(body)),
        };
        // The request's own parameters are signed as they stand, `oauth_*` ones included; only a name
        // this signer adds as well (or `oauth_signature`) would appear twice, which no provider reads
        // one way.
        let mut collision = None;
        protocol.for_each(Some(""), |name, _| {
            if collision.is_none() {
                collision = params.position(name).map(|index| (name, index));
            }
        });
        if let Some((name, index)) = collision {
            let placement = if index < in_query {
                Placement::Query
            } else {
                Placement::Body
            };
            return Err(InputError::reserved_parameter(placement, name).into());
        }
        protocol.for_each_signed(|name, value| params.push_plain(name, value.as_bytes()));
        params.sort();
        Ok((base_uri, params, protocol))
    }
}

impl<M: fmt::Debug> fmt::Debug for Signer<'_, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("client", self.client)
            .field("token", &self.token)
            .field("method", &self.method)
            .field("realm", &self.realm)
            .field("callback", &self.callback)
            .field("verifier", &self.verifier.map(|_| "[redacted]"))
            .field("version", &self.version)
            .field("body_hash", &self.body_hash)
            .field("placement", &self.placement)
            .finish()
    }
}

/// A [`Signer`] with its keyed state computed once, from [`Signer::keyed`]: for signing many requests
/// with the same credentials. It signs exactly as the signer it was made from.
#[derive(Clone)]
pub struct KeyedSigner<'a, M: SignatureMethod = HmacSha1> {
    signer: Signer<'a, M>,
    /// The method's state after the key, before any base string; cloned for each request.
    writer: M::Writer,
}

impl<'a, M: SignatureMethod> KeyedSigner<'a, M>
where
    M::Writer: Clone,
{
    /// As [`Signer::authorize`].
    ///
    /// # Errors
    /// As [`Signer::authorize`].
    pub fn authorize<B: Body>(
        &self,
        request: &mut Request<B>,
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<(), Error> {
        self.signer
            .authorize_with(self.writer.clone(), request, nonce, timestamp)
    }

    /// As [`Signer::sign`].
    ///
    /// # Errors
    /// As [`Signer::authorize`].
    pub fn sign<B: Body>(
        &self,
        request: &Request<B>,
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<Authorization<'a>, Error> {
        self.signer
            .sign_with(self.writer.clone(), request, nonce, timestamp)
    }

    /// The signer this was made from (for [`Signer::base_string`], say).
    pub fn signer(&self) -> &Signer<'a, M> {
        &self.signer
    }
}

impl<M: SignatureMethod + fmt::Debug> fmt::Debug for KeyedSigner<'_, M> {
    // The keyed state is derived from the secrets, so it is never shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyedSigner")
            .field("signer", &self.signer)
            .finish_non_exhaustive()
    }
}

/// `base64(SHA-1(body))`, 28 characters.
#[derive(Clone, Copy)]
pub(crate) struct BodyHash([u8; 28]);

impl BodyHash {
    pub(crate) fn of(body: &[u8]) -> Self {
        let digest = sha1::Sha1::digest(body);
        let mut text = [0u8; 28];
        let written = BASE64.encode_slice(digest.as_slice(), &mut text);
        #[allow(clippy::expect_used)] // 20 digest bytes are exactly 28 base64 characters.
        let written = written.expect("28 characters hold a SHA-1 digest in base64");
        debug_assert_eq!(written, 28);
        Self(text)
    }

    pub(crate) fn as_str(&self) -> &str {
        #[allow(clippy::expect_used)] // Filled by the base64 encoder.
        core::str::from_utf8(&self.0).expect("base64 is ASCII")
    }
}

/// The protocol parameters of one request, before the signature.
#[derive(Clone)]
struct Protocol<'s> {
    consumer_key: &'s str,
    token: Option<&'s str>,
    signature_method: &'s str,
    realm: Option<&'s str>,
    callback: Option<&'s str>,
    verifier: Option<&'s str>,
    version: bool,
    nonce: Nonce,
    timestamp: Timestamp,
    body_hash: Option<BodyHash>,
}

impl Protocol<'_> {
    /// Calls `f` for each signed protocol parameter, in name order, with `oauth_signature` left out and
    /// `signature` (if given) placed where it sorts.
    fn for_each(&self, signature: Option<&str>, mut f: impl FnMut(&'static str, &str)) {
        let mut digits = [0; 20];
        let timestamp = self.timestamp.digits(&mut digits);
        if let Some(hash) = &self.body_hash {
            f("oauth_body_hash", hash.as_str());
        }
        if let Some(callback) = self.callback {
            f("oauth_callback", callback);
        }
        f("oauth_consumer_key", self.consumer_key);
        f("oauth_nonce", self.nonce.as_str());
        if let Some(signature) = signature {
            f("oauth_signature", signature);
        }
        f("oauth_signature_method", self.signature_method);
        f("oauth_timestamp", timestamp);
        if let Some(token) = self.token {
            f("oauth_token", token);
        }
        if let Some(verifier) = self.verifier {
            f("oauth_verifier", verifier);
        }
        if self.version {
            f("oauth_version", "1.0");
        }
    }

    fn for_each_signed(&self, f: impl FnMut(&'static str, &str)) {
        self.for_each(None, f);
    }
}

/// The outcome of signing one request: the protocol parameters and the signature, ready to be placed.
pub struct Authorization<'s> {
    protocol: Protocol<'s>,
    signature: Signature,
}

impl Authorization<'_> {
    /// The signature (`oauth_signature` before percent-encoding).
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// Every protocol parameter including `oauth_signature`, sorted by name, not encoded.
    pub fn parameters(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        self.protocol
            .for_each(Some(self.signature.as_str()), |name, value| {
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
        let mut out: SmallVec<[u8; 512]> = SmallVec::new();
        out.extend_from_slice(b"OAuth ");
        let mut first = true;
        if let Some(realm) = self.protocol.realm {
            out.extend_from_slice(b"realm=\"");
            out.extend_from_slice(realm.as_bytes());
            out.push(b'"');
            first = false;
        }
        self.protocol
            .for_each(Some(self.signature.as_str()), |name, value| {
                if !first {
                    out.extend_from_slice(b", ");
                }
                first = false;
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(b"=\"");
                encode_to(value.as_bytes(), &mut out);
                out.push(b'"');
            });
        let value = HeaderValue::from_bytes(&out);
        #[allow(clippy::expect_used)] // Only percent-encoded values and a validated realm went in.
        let mut value = value.expect("the header holds only printable ASCII");
        // It holds a PLAINTEXT signature or a verifier: keep it out of `Debug` and HPACK tables.
        value.set_sensitive(true);
        value
    }

    /// Appends `oauth_…=…` pairs (form-encoded) to `out`, starting with `&` when `separator` is set.
    fn write_form_pairs(&self, mut separator: bool, out: &mut Vec<u8>) {
        self.protocol
            .for_each(Some(self.signature.as_str()), |name, value| {
                if separator {
                    out.push(b'&');
                }
                separator = true;
                out.extend_from_slice(name.as_bytes());
                out.push(b'=');
                encode_to(value.as_bytes(), out);
            });
    }
}

impl fmt::Debug for Authorization<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("consumer_key", &self.protocol.consumer_key)
            .field("token", &self.protocol.token)
            .field("signature_method", &self.protocol.signature_method)
            .field("nonce", &self.protocol.nonce)
            .field("timestamp", &self.protocol.timestamp)
            .field("signature", &self.signature)
            .finish_non_exhaustive()
    }
}

/// `uri` with the protocol parameters appended to its query.
fn uri_with_params(uri: &Uri, auth: &Authorization<'_>) -> Result<Uri, Error> {
    let mut text = Vec::new();
    if let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) {
        text.extend_from_slice(scheme.as_bytes());
        text.extend_from_slice(b"://");
        text.extend_from_slice(authority.as_str().as_bytes());
    }
    text.extend_from_slice(uri.path().as_bytes());
    text.push(b'?');
    let query = uri.query().unwrap_or_default();
    text.extend_from_slice(query.as_bytes());
    auth.write_form_pairs(!query.is_empty(), &mut text);
    Uri::try_from(text)
        .map_err(|_| InputError::new("request URI", InputProblem::Invalid("cannot take a query")).into())
}
