//! Why a refused signature was refused, from the provider's side: the known client mistake it was
//! made with.

use alloc::borrow::Cow;
use core::fmt;

use http::Request;

use super::{BaseString, Checker, Found, Secrets, UnknownCredentials, collect};
use crate::body::Body;
use crate::diagnose::Cause;
use crate::diagnose::reenact::{REENACTED, Received, base_strings};
use crate::params::ParamList;

/// The known mistake a client signed a refused request with, as [`Checker::find_mistake`] finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningMistake {
    /// The client signed a base string that differs from the provider's by this [`Cause`]. In the
    /// cause's words, "theirs" is the client's base string, "ours" the provider's.
    BaseString(Cause),
    /// The client keyed the signature with the consumer secret alone (`secret&`), leaving out the
    /// secret of the token the request carries (RFC 5849 §3.4.2).
    TokenSecretLeftOut,
    /// The client keyed the signature with the secrets as they stand, where RFC 5849 §3.4.2
    /// percent-encodes each.
    KeyNotEncoded,
}

impl fmt::Display for SigningMistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BaseString(cause) => write!(
                f,
                "the client signed a base string (theirs) that differs from this provider's (ours): {cause}"
            ),
            Self::TokenSecretLeftOut => f.write_str(
                "the client keyed the signature with the consumer secret alone, leaving out the token \
                 secret (RFC 5849 §3.4.2)",
            ),
            Self::KeyNotEncoded => f.write_str(
                "the client keyed the signature with the secrets unencoded (RFC 5849 §3.4.2 \
                 percent-encodes each)",
            ),
        }
    }
}

impl Checker<'_> {
    /// The known mistake the client made, for a request [`verify`](Self::verify) refused with
    /// [`Rejection::BadSignature`](super::Rejection::BadSignature): the request is signed again
    /// as a client that makes each mistake would have signed it, and the first whose signature is
    /// the one received is named. The base string: another scheme (a proxy in between that ends
    /// TLS), a default port or the host as typed, a trailing slash, the query in the URI, the query
    /// or form body left out or a body that is not a form signed, the realm signed, values taken as
    /// sent or decoded twice, `;` read as a separator, repeated names numbered `a[0]`, parameters
    /// sorted decoded or by name alone, a repeated name kept once, UTF-8 encoded twice, lowercase
    /// hex ([`Cause`]). The key: without the token secret, or unencoded.
    ///
    /// For the provider's log, or for the client's developer (as `oauth_problem_advice`, which the
    /// reference provider sends): only the holder of the secrets can make a signature that matches,
    /// so it tells nobody else anything. It costs up to about thirty signatures over the request,
    /// so ask it only for refused requests, and limit how often, as for any refusal.
    ///
    /// `None` when the signature matches the request as it is (nothing to find), when the request
    /// is refused for another reason than its signature (the lookup finds no secrets, say), or when
    /// no known mistake gives the signature received.
    ///
    /// # Panics
    /// Never: every piece of a base string is percent-encoded ASCII.
    ///
    /// ```
    /// use oauth1_core::diagnose::Cause;
    /// use oauth1_core::verify::{Checker, MemoryReplayStore, Rejection, Secrets, SigningMistake, UnknownCredentials};
    /// use oauth1_core::{ClientCredentials, Nonce, Signer, Timestamp};
    ///
    /// let client = ClientCredentials::new("key", "secret");
    /// let now = Timestamp::from_secs(1_700_000_000);
    /// // The client signs for https; a proxy in between ends TLS, and the provider receives the
    /// // request as http (the URI it signs for).
    /// let mut signed = http::Request::get("https://api.example.com/1.1/items?page=2").body(Vec::new())?;
    /// Signer::new(&client).authorize(&mut signed, &Nonce::new("n-1")?, now)?;
    /// let (mut parts, body) = signed.into_parts();
    /// parts.uri = "http://api.example.com/1.1/items?page=2".parse()?;
    /// let received = http::Request::from_parts(parts, body);
    ///
    /// let lookup = |key: &str, _: Option<&str>| match key {
    ///     "key" => Ok(Secrets::new("secret", None)),
    ///     _ => Err(UnknownCredentials::Client),
    /// };
    /// let checker = Checker::new(now);
    /// let refused = checker.verify(&received, lookup, &mut MemoryReplayStore::new(100));
    /// assert_eq!(refused.unwrap_err(), Rejection::BadSignature);
    /// assert_eq!(
    ///     checker.find_mistake(&received, lookup),
    ///     Some(SigningMistake::BaseString(Cause::Authority))
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn find_mistake<'s, B, L>(&self, request: &Request<B>, lookup: L) -> Option<SigningMistake>
    where
        B: Body,
        L: FnOnce(&str, Option<&str>) -> Result<Secrets<'s>, UnknownCredentials>,
    {
        let mut params = ParamList::default();
        let mut found = Found::default();
        let (base_uri, form_body) = collect(request, &mut params, &mut found).ok()?;
        let checked = self.check(&found, &base_uri).ok()?;
        let token = found.token();
        let secrets = lookup(&checked.consumer_key, token).ok()?;
        if token.is_some() && secrets.token.is_none() {
            return None;
        }
        let (method, signature) = (checked.method, checked.signature);
        if method.uses_base_string() {
            params.sort();
        }
        let base_string = BaseString::pieces(request.method(), &base_uri, params.pairs());
        if method.verify(&secrets, &base_string, signature) {
            return None;
        }

        // The key: with the right base string, a key spelled wrong.
        if token.is_some() {
            let without_token = Secrets::borrowed(&secrets.client, None);
            if method.verify(&without_token, &base_string, signature) {
                return Some(SigningMistake::TokenSecretLeftOut);
            }
        }
        let needs_encoding = !secrets.client.is_unreserved()
            || secrets.token.as_ref().is_some_and(|token| !token.is_unreserved());
        if needs_encoding {
            let mut unencoded = secrets.clone();
            unencoded.client = Cow::Owned(secrets.client.unencoded());
            unencoded.token = secrets.token.as_ref().map(|token| Cow::Owned(token.unencoded()));
            if method.verify(&unencoded, &base_string, signature) {
                return Some(SigningMistake::KeyNotEncoded);
            }
        }

        // The base string, with the right key.
        if !method.uses_base_string() {
            return None;
        }
        let ours = base_string.to_bytes();
        #[allow(clippy::expect_used)] // Every piece of a base string is percent-encoded ASCII.
        let ours = core::str::from_utf8(&ours).expect("a base string is percent-encoded ASCII");
        let received = Received {
            base_string: ours,
            query: request.uri().query(),
            body: request.body().bytes(),
            form_body,
            host: request.uri().host(),
            realm: found.realm.as_deref(),
        };
        REENACTED.iter().find_map(|&cause| {
            base_strings(&received, cause)
                .iter()
                .any(|theirs| method.verify(&secrets, &BaseString::text(theirs.as_bytes()), signature))
                .then_some(SigningMistake::BaseString(cause))
        })
    }
}
