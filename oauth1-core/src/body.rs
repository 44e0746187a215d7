//! Request bodies the signer can read (and, for body placement, append to).
//!
//! The signer only needs the body's bytes: a form-encoded body's parameters are signed, and the optional
//! `oauth_body_hash` covers any other body. Bodies that are not form-encoded (JSON, multipart, binary) are
//! never parsed for parameters.

use alloc::string::String;
use alloc::vec::Vec;

use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, Request};

use crate::encode::form_encode;
use crate::error::{InputError, InputProblem};

/// A request body held in memory.
pub trait Body {
    /// The body's bytes as they will be sent.
    fn bytes(&self) -> &[u8];

    /// Appends `form_pairs` (already encoded, starting with `&` unless the body is empty). Returns `false`
    /// when this body type cannot grow, which makes body placement fail with a typed error.
    fn append(&mut self, form_pairs: &[u8]) -> bool {
        let _ = form_pairs;
        false
    }
}

impl Body for () {
    fn bytes(&self) -> &[u8] {
        &[]
    }
}

impl Body for Vec<u8> {
    fn bytes(&self) -> &[u8] {
        self
    }

    fn append(&mut self, form_pairs: &[u8]) -> bool {
        self.extend_from_slice(form_pairs);
        true
    }
}

impl Body for String {
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }

    fn append(&mut self, form_pairs: &[u8]) -> bool {
        // Encoded pairs are ASCII.
        match core::str::from_utf8(form_pairs) {
            Ok(text) => {
                self.push_str(text);
                true
            }
            Err(_) => false,
        }
    }
}

impl Body for &[u8] {
    fn bytes(&self) -> &[u8] {
        self
    }
}

impl Body for &str {
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Body for bytes::Bytes {
    fn bytes(&self) -> &[u8] {
        self
    }

    fn append(&mut self, form_pairs: &[u8]) -> bool {
        let mut joined = Vec::with_capacity(self.len() + form_pairs.len());
        joined.extend_from_slice(self);
        joined.extend_from_slice(form_pairs);
        *self = joined.into();
        true
    }
}

/// The body of a request a flow step prepared. It is only bytes, but its `Debug` shows its length and
/// nothing else: xAuth's body carries the user's password, and a prepared request is the kind of value
/// that ends up in a log line. Turn it into bytes with [`SensitiveBody::into_bytes`] to send it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SensitiveBody(Vec<u8>);

impl SensitiveBody {
    /// The bytes as they will be sent.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, for the HTTP client.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

impl From<Vec<u8>> for SensitiveBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl AsRef<[u8]> for SensitiveBody {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl core::fmt::Debug for SensitiveBody {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SensitiveBody({} bytes, [redacted])", self.0.len())
    }
}

impl Body for SensitiveBody {
    fn bytes(&self) -> &[u8] {
        &self.0
    }

    fn append(&mut self, form_pairs: &[u8]) -> bool {
        Body::append(&mut self.0, form_pairs)
    }
}

/// Whether `Content-Type` says `application/x-www-form-urlencoded` (any letter case, with or without
/// parameters such as `; charset=UTF-8`). Only such bodies contribute parameters to the signature.
/// It reads the first `Content-Type`; the signer and the verifier refuse a request with two.
pub fn is_form_urlencoded(headers: &HeaderMap) -> bool {
    headers.get(CONTENT_TYPE).is_some_and(names_a_form)
}

/// [`is_form_urlencoded`] as the signer asks it: a request with two `Content-Type` headers is
/// refused, since which one the provider reads decides whether the body's parameters are signed
/// (reqwest's builder appends a `.header(CONTENT_TYPE, …)` after `.form(…)` or `.multipart(…)`).
pub(crate) fn form_body(headers: &HeaderMap) -> Result<bool, InputError> {
    let mut values = headers.get_all(CONTENT_TYPE).iter();
    match (values.next(), values.next()) {
        (None, _) => Ok(false),
        (Some(value), None) => Ok(names_a_form(value)),
        (Some(_), Some(_)) => {
            let why = "appears more than once, and which one the provider reads decides whether the \
                       body's parameters are signed";
            Err(InputError::new("Content-Type header", InputProblem::Invalid(why)))
        }
    }
}

/// Whether `Content-Type` says `multipart/form-data` (any letter case, with its parameters): a body
/// RFC 5849 does not sign, whose text fields some providers do
/// ([`Signer::authorize_multipart`](crate::Signer::authorize_multipart)).
pub fn is_multipart_form(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .is_some_and(|value| names_media_type(value, b"multipart/form-data"))
}

/// A multipart `request` as a provider that signs its text fields reads it: its method, URI and
/// headers, with a form body of `fields` (each name and value, encoded as RFC 5849 encodes) in place
/// of the multipart body, and `Content-Type` saying so. It is what
/// [`Signer::authorize_multipart`](crate::Signer::authorize_multipart) signs, and what such a provider
/// gives [`Checker::verify`](crate::verify::Checker::verify) with the fields it read.
///
/// ```
/// let upload = http::Request::post("https://up.flickr.com/services/upload/")
///     .header("content-type", "multipart/form-data; boundary=b")
///     .body(std::io::empty())
///     .unwrap();
/// let form = oauth1_core::body::multipart_as_form(&upload, &[("title", "a+b c"), ("is_public", "0")]);
/// assert_eq!(form.body(), b"title=a%2Bb%20c&is_public=0");
/// assert_eq!(form.headers()["content-type"], "application/x-www-form-urlencoded");
/// assert_eq!(form.uri(), upload.uri());
/// ```
pub fn multipart_as_form<B>(request: &Request<B>, fields: &[(&str, &str)]) -> Request<Vec<u8>> {
    let form = form_encode(fields.iter().copied());
    let mut stand_in = with_body(request, form.into_bytes());
    stand_in.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    stand_in
}

/// `request`'s method, URI, version and headers with another `body`: a stand-in for a body signing
/// does not read.
pub(crate) fn with_body<B, T>(request: &Request<B>, body: T) -> Request<T> {
    let mut head = Request::new(body);
    *head.method_mut() = request.method().clone();
    *head.uri_mut() = request.uri().clone();
    *head.version_mut() = request.version();
    *head.headers_mut() = request.headers().clone();
    head
}

/// Whether a `Content-Type` value is `application/x-www-form-urlencoded`, parameters or not.
fn names_a_form(value: &HeaderValue) -> bool {
    names_media_type(value, b"application/x-www-form-urlencoded")
}

/// Whether a `Content-Type` value names `media_type` (lowercase), parameters or not.
fn names_media_type(value: &HeaderValue, media_type: &[u8]) -> bool {
    let value = value.as_bytes().trim_ascii_start();
    // The type, then nothing but whitespace up to the end or a `;` and its parameters.
    value.len() >= media_type.len()
        && value[..media_type.len()].eq_ignore_ascii_case(media_type)
        && matches!(
            value[media_type.len()..].trim_ascii_start().first(),
            None | Some(b';')
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(content_type: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        headers
    }

    /// `body`, holding `a=1`, gives it as it is, and appending a pair grows it exactly when `grows`.
    fn reads_and_grows<B: Body>(mut body: B, grows: bool) {
        assert_eq!(body.bytes(), b"a=1");
        assert_eq!(body.append(b"&b=2"), grows);
        let after: &[u8] = if grows { b"a=1&b=2" } else { b"a=1" };
        assert_eq!(body.bytes(), after);
    }

    #[test]
    fn every_body_type_gives_its_bytes_and_grows_where_it_owns_them() {
        reads_and_grows(b"a=1".to_vec(), true);
        reads_and_grows(String::from("a=1"), true);
        reads_and_grows(bytes::Bytes::from_static(b"a=1"), true);
        reads_and_grows(SensitiveBody::from(b"a=1".to_vec()), true);
        reads_and_grows(&b"a=1"[..], false);
        reads_and_grows("a=1", false);
        assert_eq!(().bytes(), b"");
        assert!(!().append(b"b=2"));
        // A String takes only UTF-8 (the encoded pairs always are).
        let mut text = String::from("a=1");
        assert!(!text.append(b"&b=\xff"));
        assert_eq!(text, "a=1");
    }

    #[test]
    fn a_sensitive_body_hands_over_its_bytes() {
        let body = SensitiveBody::from(b"x_auth_password=pw".to_vec());
        assert_eq!(body.as_bytes(), b"x_auth_password=pw");
        assert_eq!(body.as_ref(), b"x_auth_password=pw");
        assert_eq!(body.into_bytes(), b"x_auth_password=pw");
    }

    #[test]
    fn form_content_type_matches_with_charset_and_any_case() {
        assert!(is_form_urlencoded(&with("application/x-www-form-urlencoded")));
        assert!(is_form_urlencoded(&with(
            "Application/X-WWW-Form-URLEncoded; charset=UTF-8"
        )));
        assert!(is_form_urlencoded(&with(
            " application/x-www-form-urlencoded ;charset=utf-8"
        )));
        assert!(!is_form_urlencoded(&with("application/json")));
        assert!(!is_form_urlencoded(&with("multipart/form-data; boundary=x")));
        assert!(!is_form_urlencoded(&with(
            "application/x-www-form-urlencoded-not"
        )));
        assert!(!is_form_urlencoded(&HeaderMap::new()));
    }

    #[test]
    fn multipart_content_type_matches_with_its_boundary_and_any_case() {
        assert!(is_multipart_form(&with("multipart/form-data; boundary=x")));
        assert!(is_multipart_form(&with(" Multipart/Form-Data ;boundary=\"a b\"")));
        assert!(!is_multipart_form(&with("multipart/mixed; boundary=x")));
        assert!(!is_multipart_form(&with("multipart/form-datax")));
        assert!(!is_multipart_form(&with("application/x-www-form-urlencoded")));
        assert!(!is_multipart_form(&HeaderMap::new()));
    }
}
