//! Authorizing a request: compute the protocol parameters and the signature, then place them
//! (RFC 5849 §3.1 and §3.5).
//!
//! [`Signer`] holds what stays the same across requests (credentials, method, options); each call takes
//! the request, a [`Nonce`] and a [`Timestamp`]. The default placement is the `Authorization: OAuth …`
//! header, in which case nothing is added to the query or the body.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderValue, Request, Uri};

use crate::base_string::{BaseUri, ChunkedWriter, write_method_and_uri, write_parameters};
use crate::body::{Body, form_body, is_form_urlencoded, is_multipart_form, multipart_as_form, with_body};
use crate::compat;
use crate::credentials::{ClientCredentials, TokenCredentials};
use crate::diagnose::{AppliedRules, BodyTreatment, ExplainedParameter, Explanation, ParameterSource};
use crate::encode::Sink;
use crate::error::{Error, InputError, InputProblem};
use crate::nonce::{Nonce, Timestamp};
use crate::params::{ParamList, oauth_encoding};
pub use crate::protocol::Authorization;
use crate::protocol::{BodyDigest, ConstantValues, Constants, Protocol, RenderedConstants, Value};
use crate::provider::{BodyHash, Compat, SigningRules};
use crate::signature::{HmacSha1, Signature, SignatureMethod, SignatureWriter, SigningKey};

/// Where protocol parameters are carried (RFC 5849 §3.5): where the signer puts them, and where a
/// verifier found them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
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
    empty_token: bool,
    body_hash: BodyHash,
    compat: Compat,
    placement: Placement,
    plaintext_over_http: bool,
    multipart_fields: bool,
}

/// Why PLAINTEXT over plain http is refused.
const PLAINTEXT_NEEDS_TLS: &str = "PLAINTEXT sends the secrets themselves as the signature, so RFC 5849 \
     §3.4.4 requires https (plain http only to a loopback host, or where plain http was allowed)";

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
            empty_token: false,
            body_hash: BodyHash::Off,
            compat: Compat::Rfc5849,
            placement: Placement::Header,
            plaintext_over_http: false,
            multipart_fields: false,
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
            empty_token: self.empty_token,
            body_hash: self.body_hash,
            compat: self.compat,
            placement: self.placement,
            plaintext_over_http: self.plaintext_over_http,
            multipart_fields: self.multipart_fields,
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

    /// When to send `oauth_body_hash`, so that a JSON or binary body is covered by the signature: never
    /// (the default), per the OAuth Request Body Hash extension ([`BodyHash::Sha1Extension`]: SHA-1, the
    /// only algorithm it defines, on bodies that are not form-encoded), or SHA-256 on every request
    /// ([`BodyHash::Sha256Always`], Mastercard).
    #[must_use]
    pub fn body_hash(mut self, body_hash: BodyHash) -> Self {
        self.body_hash = body_hash;
        self
    }

    /// Whether a request without a token sends an empty `oauth_token` (default `false`: none is sent).
    #[must_use]
    pub fn empty_token(mut self, send: bool) -> Self {
        self.empty_token = send;
        self
    }

    /// Whether [`authorize_multipart`](Self::authorize_multipart) signs a multipart body's text fields
    /// as form parameters (Flickr, WooCommerce) or, as RFC 5849 does, none (the default).
    #[must_use]
    pub fn multipart_fields(mut self, signed: bool) -> Self {
        self.multipart_fields = signed;
        self
    }

    /// How the base string is built (default [`Compat::Rfc5849`]).
    #[must_use]
    pub fn compat(mut self, compat: Compat) -> Self {
        self.compat = compat;
        self
    }

    /// Applies a provider's signing rules: realm, placement, `oauth_version`, empty token, body hash and
    /// base-string rule. The method is the caller's to give with [`Signer::method`] (an RSA method needs
    /// the key); [`Provider::signer`](crate::Provider::signer) does both.
    #[must_use]
    pub fn rules(self, rules: &'a SigningRules) -> Self {
        let signer = self
            .placement(rules.placement)
            .version(rules.version)
            .empty_token(rules.empty_token)
            .body_hash(rules.body_hash)
            .compat(rules.compat)
            .multipart_fields(rules.multipart_fields);
        match &rules.realm {
            Some(realm) => signer.realm(realm),
            None => Signer {
                realm: None,
                ..signer
            },
        }
    }

    /// Signs with a method whose signature does not depend on the request (PLAINTEXT: it *is* the
    /// secrets) over plain `http` to a host that is not loopback, which RFC 5849 §3.4.4 forbids and
    /// [`sign`](Self::sign) otherwise refuses. For a provider reached only over http, knowingly.
    /// [`Provider::signer`](crate::Provider::signer) sets it for a provider that
    /// [allows insecure http](crate::Provider::allow_insecure_http).
    #[must_use]
    pub const fn allow_plaintext_over_http(mut self) -> Self {
        self.plaintext_over_http = true;
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
    /// The base string URI is the request URI's scheme, host, port and path; a request that sets its
    /// own `Host` header is signed for that host and port (RFC 5849 §3.4.1.2), as the provider sees it.
    ///
    /// # Errors
    /// [`Error::Input`] when the consumer key is empty (or the token is, while its secret is not), the
    /// URI is not absolute `http`/`https`, the `Host` header is not a host with an optional port (or
    /// appears twice), the query or form body is not valid form encoding, the request already
    /// carries a protocol parameter this signer adds (its own `oauth_*` parameters, such as a
    /// documented `oauth_verifier` in the body, are signed as they stand), the realm is not allowed
    /// in a header, the body cannot take the parameters (body placement on a body that is not
    /// form-encoded), or the body is multipart and its text fields are signed
    /// ([`multipart_fields`](Self::multipart_fields): [`authorize_multipart`](Self::authorize_multipart)
    /// is given them).
    pub fn authorize<B: Body>(
        &self,
        request: &mut Request<B>,
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<(), Error> {
        let writer = self.method.writer(&self.signing_key());
        let values = self.constants()?;
        let constants = Constants::Values(&values);
        self.authorize_with(writer, constants, request, nonce, timestamp)
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
        let writer = self.method.writer(&self.signing_key());
        let values = self.constants()?;
        let constants = Constants::Values(&values);
        let (protocol, signature) = self.signed(writer, constants, request, nonce, timestamp)?;
        Ok(Authorization::new(&protocol, signature))
    }

    /// Signs a request whose body is not at hand — a stream, sent as it is read (a multipart upload)
    /// — exactly as [`Signer::authorize`] signs it with its body. That is possible only where signing
    /// does not read the body: it is not form-encoded (whose parameters are signed), no body hash
    /// covers it, the parameters do not go in it, and it is not a multipart body whose text fields
    /// the provider signs ([`authorize_multipart`](Self::authorize_multipart) is given them). Anywhere
    /// else this refuses, rather than sign the request as if its body were empty.
    ///
    /// ```
    /// use oauth1_core::{BodyHash, ClientCredentials, Nonce, Signer, Timestamp};
    ///
    /// let client = ClientCredentials::new("key", "secret");
    /// let (nonce, now) = (Nonce::new("n").unwrap(), Timestamp::from_secs(1));
    /// let upload = |content_type: &str| {
    ///     http::Request::post("https://upload.example.com/media")
    ///         .header("content-type", content_type)
    ///         .body(std::io::empty()) // any body, never read
    ///         .unwrap()
    /// };
    /// let mut request = upload("multipart/form-data; boundary=b");
    /// Signer::new(&client).authorize_streamed(&mut request, &nonce, now).unwrap();
    ///
    /// // The same header as signing it with its bytes in hand.
    /// let mut in_hand = http::Request::post("https://upload.example.com/media")
    ///     .header("content-type", "multipart/form-data; boundary=b")
    ///     .body(b"--b--".to_vec())
    ///     .unwrap();
    /// Signer::new(&client).authorize(&mut in_hand, &nonce, now).unwrap();
    /// assert_eq!(request.headers()["authorization"], in_hand.headers()["authorization"]);
    ///
    /// // A form's parameters, or a body hash, need the body.
    /// let mut form = upload("application/x-www-form-urlencoded");
    /// assert!(Signer::new(&client).authorize_streamed(&mut form, &nonce, now).is_err());
    /// let hashed = Signer::new(&client).body_hash(BodyHash::Sha1Extension);
    /// assert!(hashed.authorize_streamed(&mut upload("image/png"), &nonce, now).is_err());
    /// ```
    ///
    /// # Errors
    /// As [`Signer::authorize`]; and [`Error::Input`] on the request body when signing would read it.
    pub fn authorize_streamed<B>(
        &self,
        request: &mut Request<B>,
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<(), Error> {
        let form = is_form_urlencoded(request.headers());
        self.refuse_unread_body(
            form.then_some("is not at hand (a stream), and a form-encoded body's parameters are signed"),
        )?;
        // The body is never read on this path, so an empty one signs the same.
        let mut head = with_body(request, ());
        self.authorize(&mut head, nonce, timestamp)?;
        self.take_authorization(request, head);
        Ok(())
    }

    /// Signs a `multipart/form-data` request without reading its body, given the name and value of
    /// each text field in it (every part that is not a file), as the provider signs such a body: RFC
    /// 5849 signs none of it (the default: this is then [`authorize_streamed`](Self::authorize_streamed)
    /// and the fields are not used), Flickr's uploads and WooCommerce sign the text fields as form
    /// parameters and the files never ([`multipart_fields`](Self::multipart_fields), which
    /// [`SigningRules::multipart_fields`] sets). The fields must be the ones the body sends.
    ///
    /// ```
    /// use oauth1_core::{ClientCredentials, Nonce, Provider, Timestamp, TokenCredentials};
    ///
    /// let flickr = Provider::flickr();
    /// let client = ClientCredentials::new("key", "secret");
    /// let token = TokenCredentials::new("token", "token secret");
    /// let signer = flickr.signer(&client).token(&token);
    /// let (nonce, now) = (Nonce::new("n").unwrap(), Timestamp::from_secs(1));
    /// // The photo is a file part; the title and is_public are text fields.
    /// let fields = [("title", "Sunset & sea"), ("is_public", "0")];
    /// let mut upload = http::Request::post("https://up.flickr.com/services/upload/")
    ///     .header("content-type", "multipart/form-data; boundary=b")
    ///     .body(std::io::empty()) // the multipart body, never read
    ///     .unwrap();
    /// signer.authorize_multipart(&mut upload, &fields, &nonce, now).unwrap();
    ///
    /// // Signed as the same fields in a form body would be (Flickr puts the parameters in the query).
    /// let mut form = http::Request::post("https://up.flickr.com/services/upload/")
    ///     .header("content-type", "application/x-www-form-urlencoded")
    ///     .body("title=Sunset%20%26%20sea&is_public=0")
    ///     .unwrap();
    /// signer.authorize(&mut form, &nonce, now).unwrap();
    /// assert_eq!(upload.uri(), form.uri());
    /// // oauthlib 4.0.1 gives that form this signature.
    /// assert!(upload.uri().query().unwrap().contains("&oauth_signature=WWyLXpwko6hKqvXx7ob1FLxp0M8%3D&"));
    /// assert_eq!(upload.headers()["content-type"], "multipart/form-data; boundary=b");
    /// ```
    ///
    /// # Errors
    /// As [`Signer::authorize`]; and [`Error::Input`] on the request body when it is not
    /// `multipart/form-data`, when the protocol parameters would go in it, or when a body hash would
    /// cover it.
    pub fn authorize_multipart<B>(
        &self,
        request: &mut Request<B>,
        fields: &[(&str, &str)],
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<(), Error> {
        let mut signed = self.multipart_as_signed(request, fields)?;
        self.authorize(&mut signed, nonce, timestamp)?;
        self.take_authorization(request, signed);
        Ok(())
    }

    /// The request [`authorize_multipart`](Self::authorize_multipart) signs in place of a multipart
    /// `request` with these text `fields`: where they are signed
    /// [`body::multipart_as_form`](crate::body::multipart_as_form), a form body of the fields,
    /// else its method, URI and headers with no body. Give it to [`base_string`](Self::base_string)
    /// or [`explain`](Self::explain) to see what is signed.
    ///
    /// # Errors
    /// As [`Signer::authorize_multipart`], for the body.
    pub fn multipart_as_signed<B>(
        &self,
        request: &Request<B>,
        fields: &[(&str, &str)],
    ) -> Result<Request<Vec<u8>>, Error> {
        let multipart = is_multipart_form(request.headers());
        self.refuse_unread_body(
            (!multipart).then_some("is not multipart/form-data, whose text fields these are"),
        )?;
        Ok(match self.multipart_fields {
            true => multipart_as_form(request, fields),
            false => with_body(request, Vec::new()),
        })
    }

    /// Refuses a request whose body signing does not read, for the caller's own reason `refused` or
    /// where signing would need the body: the protocol parameters go in it, or a body hash covers it.
    fn refuse_unread_body(&self, refused: Option<&'static str>) -> Result<(), Error> {
        let why = refused
            .or_else(|| {
                let in_body = self.placement == Placement::Body;
                in_body.then_some("is not at hand (a stream), and the protocol parameters go in it")
            })
            .or_else(|| {
                let hashed = self.body_hash != BodyHash::Off;
                hashed.then_some("is not at hand (a stream), and the body hash covers it")
            });
        match why {
            Some(why) => Err(InputError::new("request body", InputProblem::Invalid(why)).into()),
            None => Ok(()),
        }
    }

    /// Moves what [`authorize`](Self::authorize) put on `signed`, a stand-in for `request`'s body,
    /// onto `request`: the header, or the URI with the parameters in its query.
    fn take_authorization<B, T>(&self, request: &mut Request<B>, signed: Request<T>) {
        let (mut signed, _) = signed.into_parts();
        #[allow(clippy::expect_used, clippy::panic)] // Both hold by construction, as the messages say.
        match self.placement {
            Placement::Header => {
                let value = signed.headers.remove(AUTHORIZATION);
                let value = value.expect("authorize puts the Authorization header on the stand-in");
                request.headers_mut().insert(AUTHORIZATION, value);
            }
            Placement::Query => *request.uri_mut() = signed.uri,
            Placement::Body => panic!("body placement is refused before a stand-in body is signed"),
        }
    }

    /// A signer for many requests with these credentials: the method's keyed state (for HMAC, the hashed
    /// key and both pads) and the encoded constant parameters are computed here, once, and copied for
    /// each request instead of being derived again.
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
            constants: self.constants().map(RenderedConstants::new),
            signer: self,
        }
    }

    /// The protocol parameters that are the same for every request, encoded.
    fn constants(&self) -> Result<ConstantValues<'a>, Error> {
        let quotable = |b: u8| (b == b' ' || b.is_ascii_graphic()) && b != b'"' && b != b'\\';
        if self.realm.is_some_and(|realm| !realm.bytes().all(quotable)) {
            let why = "must be printable ASCII without '\"' or '\\'";
            return Err(InputError::new("realm", InputProblem::Invalid(why)).into());
        }
        // RFC 5849 §3.1 requires the key; an empty one is a configuration slip (an unset variable),
        // which the provider would answer only with a 401.
        if self.client.key().is_empty() {
            return Err(InputError::new("consumer key", InputProblem::Empty).into());
        }
        // An empty token means "no token" (none is sent), but then its secret must be empty too: a
        // secret in the key with no token beside it is a signature no provider can check.
        if self
            .token
            .is_some_and(|token| token.token().is_empty() && !token.secret().expose().is_empty())
        {
            return Err(InputError::new("token", InputProblem::Empty).into());
        }
        Ok(ConstantValues {
            consumer_key: Value::known(self.client.identifier()),
            token: self
                .token
                .map(|token| Value::known(token.identifier()))
                .filter(|token| !token.text.is_empty())
                .or_else(|| self.empty_token.then(Value::empty)),
            callback: self.callback,
            verifier: self.verifier,
            realm: self.realm,
            signature_method: self.method.name(),
            version: self.version,
        })
    }

    fn authorize_with<B: Body>(
        &self,
        writer: M::Writer,
        constants: Constants<'_, 'a>,
        request: &mut Request<B>,
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<(), Error> {
        let (protocol, signature) = self.signed(writer, constants, request, nonce, timestamp)?;
        match self.placement {
            Placement::Header => {
                let value = protocol.header_value(&signature);
                request.headers_mut().insert(AUTHORIZATION, value);
            }
            Placement::Query => {
                let uri = uri_with_params(request.uri(), &protocol, &signature)?;
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
                protocol.write_form_pairs(&signature, !empty, &mut pairs);
                if !request.body_mut().append(&pairs) {
                    return Err(InputError::new("form body", InputProblem::BodyCannotGrow).into());
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

    /// Computes the protocol parameters and the signature of `request`.
    fn signed<'c, B: Body>(
        &self,
        mut writer: M::Writer,
        constants: Constants<'c, 'a>,
        request: &Request<B>,
        nonce: &'c Nonce,
        timestamp: Timestamp,
    ) -> Result<(Protocol<'c, 'a>, Signature), Error> {
        let uri = BaseUri::of_request(request)?;
        let mut params = ParamList::default();
        if !self.method.uses_base_string() {
            // Anyone who reads such a signature can sign any request with it: TLS only (§3.4.4).
            if !self.plaintext_over_http && !uri.is_tls_or_loopback() {
                return Err(
                    InputError::new("request URI", InputProblem::Invalid(PLAINTEXT_NEEDS_TLS)).into(),
                );
            }
            let protocol = self.prepare(constants, request, nonce, timestamp, &mut params)?;
            if self.compat != Compat::Rfc5849 {
                // A provider's rule refuses what its server reads another way whatever the method, so
                // that `base_string` and `explain` accept every request signing accepts (found by the
                // sign_request fuzz target: Magento's rule under PLAINTEXT in the body).
                let mut discard = ChunkedWriter::new(|_: &[u8]| {});
                self.write_parameters(request, &params, &protocol, &mut discard)?;
            }
            return Ok((protocol, writer.finish()?));
        }
        let mut chunks = ChunkedWriter::new(|piece: &[u8]| writer.write(piece));
        write_method_and_uri(request.method(), &uri, &mut chunks);
        // Hashed before the parameters are scanned: a hash block waits on its own latency, and the
        // scan's byte handling runs beside it.
        chunks.flush_blocks();
        let protocol = self.prepare(constants, request, nonce, timestamp, &mut params)?;
        self.write_parameters(request, &params, &protocol, &mut chunks)?;
        chunks.finish();
        Ok((protocol, writer.finish()?))
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
        let values = self.constants()?;
        let constants = Constants::Values(&values);
        let uri = BaseUri::of_request(request)?;
        let mut params = ParamList::default();
        let protocol = self.prepare(constants, request, nonce, timestamp, &mut params)?;
        self.base_string_text(request, &uri, &params, &protocol)
    }

    /// The base string of a prepared request, as text.
    fn base_string_text<B: Body>(
        &self,
        request: &Request<B>,
        uri: &BaseUri<'_>,
        params: &ParamList<'_>,
        protocol: &Protocol<'_, '_>,
    ) -> Result<String, Error> {
        let mut out = Vec::new();
        write_method_and_uri(request.method(), uri, &mut out);
        self.write_parameters(request, params, protocol, &mut out)?;
        #[allow(clippy::expect_used)] // Every piece is percent-encoded ASCII.
        Ok(String::from_utf8(out).expect("the base string is percent-encoded ASCII"))
    }

    /// What signing `request` involves, for finding out why a provider refused it: the base string,
    /// the normalized parameters with where each comes from, and the rules applied. Its `Display` is a
    /// report for a person (the verifier redacted); [`Explanation::compare`] finds where a provider's
    /// base string parts from this one.
    ///
    /// ```
    /// use oauth1_core::{ClientCredentials, Nonce, Provider, Timestamp};
    /// use oauth1_core::diagnose::ParameterSource;
    ///
    /// let netsuite = Provider::netsuite("123456").unwrap();
    /// let client = ClientCredentials::new("ck", "cs");
    /// let request = http::Request::get("https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40?fields=id")
    ///     .body(())
    ///     .unwrap();
    /// let explanation = netsuite
    ///     .signer(&client)
    ///     .explain(&request, &Nonce::new("n").unwrap(), Timestamp::from_secs(1))
    ///     .unwrap();
    /// assert!(explanation.base_string().starts_with("GET&https%3A%2F%2F123456.suitetalk"));
    /// let first = &explanation.parameters()[0];
    /// assert_eq!((first.name.as_str(), first.source), ("fields", ParameterSource::Query));
    /// assert_eq!(explanation.rules().method, "HMAC-SHA256");
    /// assert!(explanation.to_string().contains("realm: \"123456\" (header only, not signed)"));
    /// ```
    ///
    /// # Errors
    /// As [`Signer::authorize`].
    pub fn explain<B: Body>(
        &self,
        request: &Request<B>,
        nonce: &Nonce,
        timestamp: Timestamp,
    ) -> Result<Explanation, Error> {
        let values = self.constants()?;
        let constants = Constants::Values(&values);
        let uri = BaseUri::of_request(request)?;
        let mut params = ParamList::default();
        let protocol = self.prepare(constants, request, nonce, timestamp, &mut params)?;
        let base_string = self.base_string_text(request, &uri, &params, &protocol)?;
        let mut query = ParamList::default();
        if let Some(text) = request.uri().query() {
            query.push_form(text.as_bytes(), Placement::Query)?;
        }
        let mut from_query: Vec<(&[u8], &[u8])> = query.pairs().iter().collect();
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        let mut parameters = Vec::new();
        for (name, value) in params.pairs().iter() {
            // Query parameters were collected first; a pair not among them came from the body.
            let source = match from_query.iter().position(|&pair| pair == (name, value)) {
                Some(at) => {
                    from_query.swap_remove(at);
                    ParameterSource::Query
                }
                None => ParameterSource::Body,
            };
            parameters.push(ExplainedParameter {
                name: text(&oauth_encoding(name)),
                value: text(&oauth_encoding(value)),
                source,
            });
        }
        let protocol_params = protocol.encoded(None, false);
        let body_hash_sent = protocol_params.iter().any(|(name, _)| *name == "oauth_body_hash");
        parameters.extend(protocol_params.iter().map(|(name, value)| ExplainedParameter {
            name: String::from(*name),
            value: text(value),
            source: ParameterSource::Protocol,
        }));
        parameters.sort_by(|a, b| {
            (a.name.as_bytes(), a.value.as_bytes()).cmp(&(b.name.as_bytes(), b.value.as_bytes()))
        });
        let rules = AppliedRules {
            method: self.method.name(),
            realm: self.realm.map(String::from),
            placement: self.placement,
            version: self.version,
            empty_token: self.empty_token,
            body_hash: (self.body_hash, body_hash_sent),
            compat: self.compat,
            multipart_fields: self.multipart_fields,
            body: match (is_form_urlencoded(request.headers()), self.compat) {
                _ if request.body().bytes().is_empty() => BodyTreatment::Empty,
                (true, Compat::Mastercard) => BodyTreatment::FormNotSigned,
                (true, _) => BodyTreatment::FormSigned,
                (false, _) => BodyTreatment::NotForm,
            },
        };
        Ok(Explanation {
            base_string,
            parameters,
            rules,
        })
    }

    /// Writes the base string's parameters, its part after `METHOD&encoded-base-URI&` (which every
    /// rule writes alike), by this signer's rule. A provider's rule may refuse what it does not model.
    fn write_parameters<B: Body>(
        &self,
        request: &Request<B>,
        params: &ParamList<'_>,
        protocol: &Protocol<'_, '_>,
        sink: &mut impl Sink,
    ) -> Result<(), Error> {
        match self.compat {
            Compat::Rfc5849 => {
                write_parameters(params.pairs(), Some(protocol), sink);
                Ok(())
            }
            compat => Ok(write_compat_parameters(
                compat,
                self.placement,
                request,
                protocol,
                sink,
            )?),
        }
    }

    fn signing_key(&self) -> SigningKey<'_> {
        SigningKey::from_secrets(self.client.secret(), self.token.map(TokenCredentials::secret))
    }

    /// Validates the request's parameters and collects them, and the protocol parameters. (Its URI
    /// is the caller's to check: the signer hashes it before this runs.) Inlined: its result (the
    /// protocol parameters beside a possible error) was otherwise copied into the caller's frame on
    /// every request.
    #[inline(always)]
    fn prepare<'r, 'c, B: Body>(
        &self,
        constants: Constants<'c, 'a>,
        request: &'r Request<B>,
        nonce: &'c Nonce,
        timestamp: Timestamp,
        params: &mut ParamList<'r>,
    ) -> Result<Protocol<'c, 'a>, Error> {
        let uri = request.uri();
        let body = request.body().bytes();
        let form_body = form_body(request.headers())?;
        // Signed without its text fields (this path has no way to be given them), such a request would
        // carry a signature the provider refuses.
        if self.multipart_fields && !form_body && is_multipart_form(request.headers()) {
            return Err(multipart_without_its_fields());
        }
        if let Some(query) = uri.query() {
            params.push_form(query.as_bytes(), Placement::Query)?;
        }
        let in_query = params.len();
        // Mastercard's rule signs no body parameter: its body hash covers the body.
        if form_body && self.compat != Compat::Mastercard {
            params.push_form(body, Placement::Body)?;
        }
        let body_hash: Option<fn(&[u8]) -> BodyDigest> = match self.body_hash {
            BodyHash::Off => None,
            // Body placement makes the request form-encoded, where the extension forbids a body hash
            // (found by the sign_verify fuzz target: the verifier rightly refused such a request).
            BodyHash::Sha1Extension => {
                (!form_body && self.placement != Placement::Body).then_some(BodyDigest::sha1)
            }
            // The parameters would change the body after it was hashed.
            BodyHash::Sha256Always if self.placement == Placement::Body => {
                let why = "cannot cover a body the protocol parameters are then added to";
                return Err(InputError::new("body hash", InputProblem::Invalid(why)).into());
            }
            BodyHash::Sha256Always => Some(BodyDigest::sha256),
        };
        // The request's own parameters are signed as they stand, `oauth_*` ones included; only a name
        // this signer adds as well (or `oauth_signature`) would appear twice, which no provider reads
        // one way.
        let collision = params.collision(|| constants.values().names(body_hash.is_some()));
        if let Some((name, index)) = collision {
            let placement = if index < in_query {
                Placement::Query
            } else {
                Placement::Body
            };
            return Err(InputError::reserved_parameter(placement, name).into());
        }
        let body_hash = body_hash.map(|digest| digest(body));
        params.sort();
        Ok(Protocol::new(constants, nonce, timestamp, body_hash))
    }
}

/// The base string's parameters by a provider's own rule, which may refuse what it does not model. Out
/// of the signing path's code, which most requests take: inlined there, or its check made in
/// `prepare`, it cost the keyed signer 6-10 % (measured).
#[cold]
#[inline(never)]
fn write_compat_parameters<B: Body>(
    compat: Compat,
    placement: Placement,
    request: &Request<B>,
    protocol: &Protocol<'_, '_>,
    sink: &mut impl Sink,
) -> Result<(), InputError> {
    let query = request.uri().query();
    if compat == Compat::Mastercard {
        compat::write_mastercard_parameters(query, protocol, sink);
        return Ok(());
    }
    let form = is_form_urlencoded(request.headers()).then(|| request.body().bytes());
    match compat {
        Compat::Magento => {
            let path = request.uri().path();
            let text = compat::magento_parameters(path, query, form, placement, protocol)?;
            sink.put(&text);
            Ok(())
        }
        _ => compat::write_woocommerce_parameters(query, form, request.headers(), protocol, sink),
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
            .field("empty_token", &self.empty_token)
            .field("body_hash", &self.body_hash)
            .field("compat", &self.compat)
            .field("placement", &self.placement)
            .field("plaintext_over_http", &self.plaintext_over_http)
            .field("multipart_fields", &self.multipart_fields)
            .finish()
    }
}

/// A [`Signer`] with its keyed state computed once, from [`Signer::keyed`]: for signing many requests
/// with the same credentials. It signs exactly as the signer it was made from.
#[derive(Clone)]
pub struct KeyedSigner<'a, M: SignatureMethod = HmacSha1> {
    signer: Signer<'a, M>,
    /// The encoded constant parameters, or why there are none (a realm that cannot go into a header,
    /// reported by every call as the plain signer would).
    constants: Result<RenderedConstants<'a>, Error>,
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
        self.signer.authorize_with(
            self.writer.clone(),
            Constants::Rendered(self.constants.as_ref().map_err(Clone::clone)?),
            request,
            nonce,
            timestamp,
        )
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
        let constants = Constants::Rendered(self.constants.as_ref().map_err(Clone::clone)?);
        let (protocol, signature) =
            self.signer
                .signed(self.writer.clone(), constants, request, nonce, timestamp)?;
        Ok(Authorization::new(&protocol, signature))
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

/// Why a multipart request is refused where its text fields are signed and not given.
pub(crate) const MULTIPART_NEEDS_FIELDS: &str = "is multipart, whose text fields this provider signs: sign it with Signer::authorize_multipart and \
     those fields";

/// The refusal of a multipart request whose text fields are signed, out of the signing path's code.
#[cold]
fn multipart_without_its_fields() -> Error {
    InputError::new("request body", InputProblem::Invalid(MULTIPART_NEEDS_FIELDS)).into()
}

/// `uri` with the protocol parameters appended to its query.
fn uri_with_params(uri: &Uri, protocol: &Protocol<'_, '_>, signature: &Signature) -> Result<Uri, Error> {
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
    protocol.write_form_pairs(signature, !query.is_empty(), &mut text);
    // The pairs can carry a URI past the longest `http` takes (a long PLAINTEXT signature is encoded
    // twice over): say so, rather than that the URI is somehow invalid.
    if text.len() > MAX_URI_LEN {
        return Err(InputError::new("request URI", InputProblem::TooLong { max: MAX_URI_LEN }).into());
    }
    Uri::try_from(text)
        .map_err(|_| InputError::new("request URI", InputProblem::Invalid("cannot take a query")).into())
}

/// The longest URI `http::Uri` parses, in octets: a request URI longer than this is refused as
/// [`InputProblem::TooLong`] (an HTTP client whose URL type has no such limit names it too).
pub const MAX_URI_LEN: usize = u16::MAX as usize - 1;
