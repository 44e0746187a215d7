//! Targets for the signer and the verifier, and for the two together.

use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderValue, Request};
use oauth1_core::encode::{form_decode, form_pairs, percent_encode};
use oauth1_core::signature::AnyMethod;
use oauth1_core::verify::{
    AuthorizationHeader, Checker, MemoryReplayStore, Rejection, Secrets, UnknownCredentials,
};
use oauth1_core::{
    ClientCredentials, Compat, Error, InputProblem, Nonce, Placement, Secret, Signer, Timestamp,
    TokenCredentials,
};

use crate::input::{SignInput, VerifyInput};
use crate::{assert_no_secret, assert_printable};

/// The request a [`SignInput`] describes, or `None` when `http` refuses its method, URI or header.
fn build_request(input: &SignInput) -> Option<Request<Vec<u8>>> {
    let mut builder = Request::builder()
        .method(input.method.as_str())
        .uri(input.uri.as_str());
    if let Some(content_type) = &input.content_type {
        builder = builder.header(CONTENT_TYPE, content_type.as_str());
    }
    builder.body(input.body.clone()).ok()
}

/// Runs `f` with the signer a [`SignInput`] describes.
fn with_signer<R>(input: &SignInput, f: impl FnOnce(&Signer<'_, AnyMethod<'_>>) -> R) -> R {
    let client = ClientCredentials::new(input.consumer_key.as_str(), input.consumer_secret.as_str());
    let token = TokenCredentials::new(input.token.as_str(), input.token_secret.as_str());
    #[allow(clippy::expect_used)] // Every name in METHODS is built in, and the RSA key is given.
    let method = AnyMethod::from_name(input.signature_method, Some(crate::rsa_key()))
        .expect("METHODS holds built-in names");
    let mut signer = Signer::new(&client)
        .method(method)
        .version(input.version)
        .body_hash(input.body_hash)
        .compat(input.compat)
        .placement(input.placement);
    if input.with_token {
        signer = signer.token(&token);
    }
    if let Some(realm) = &input.realm {
        signer = signer.realm(realm);
    }
    if let Some(callback) = &input.callback {
        signer = signer.callback(callback);
    }
    if let Some(verifier) = &input.verifier {
        signer = signer.verifier(verifier);
    }
    f(&signer)
}

/// `pairs` with one occurrence of each of `own` taken out (the request's own `oauth_*` parameters,
/// which the signer leaves where they were).
fn without(mut pairs: Vec<(String, String)>, own: &[(String, String)]) -> Vec<(String, String)> {
    for pair in own {
        if let Some(index) = pairs.iter().position(|p| p == pair) {
            pairs.remove(index);
        }
    }
    pairs
}

/// The `oauth_*` pairs of a form-encoded string, decoded. A pair that does not decode is kept as sent,
/// marked: a request's own parameter may be any octets (and a body with raw octets is read lossily
/// here), so it must still match itself in the original request, and never a pair the signer placed.
fn protocol_pairs(form: &str) -> Vec<(String, String)> {
    form_pairs(form)
        .filter(|(name, _)| name.starts_with("oauth_"))
        .map(|(name, value)| match (form_decode(name), form_decode(value)) {
            (Ok(n), Ok(v)) => (n.into_owned(), v.into_owned()),
            _ => (format!("(does not decode) {name}"), value.to_owned()),
        })
        .collect()
}

/// The input with each secret replaced by a stand-in. An empty secret stays empty: emptiness is
/// checked (a token secret without its token is refused), so a stand-in for it would take the request
/// down another path.
fn with_stand_in_secrets(input: &SignInput) -> SignInput {
    let stand_in_for = |secret: &str| String::from(if secret.is_empty() { "" } else { "\u{1}" });
    SignInput {
        consumer_secret: stand_in_for(&input.consumer_secret),
        token_secret: stand_in_for(&input.token_secret),
        verifier: input.verifier.as_deref().map(stand_in_for),
        ..input.clone()
    }
}

/// The input's secrets: consumer secret, token secret, verifier.
fn secrets(input: &SignInput) -> [&str; 3] {
    [
        input.consumer_secret.as_str(),
        &input.token_secret,
        input.verifier.as_deref().unwrap_or_default(),
    ]
}

/// Signs and places the parameters; `None` when the input is not a request or the signer refuses it
/// (with an error that shows no secret and a request left unchanged).
fn sign(input: &SignInput) -> Option<Request<Vec<u8>>> {
    let original = build_request(input)?;
    let nonce = Nonce::new(&input.nonce).ok()?;
    let timestamp = Timestamp::from_secs(input.timestamp);
    let mut request = original.clone();
    let (authorized, expected) = with_signer(input, |signer| {
        let authorized = signer.authorize(&mut request, &nonce, timestamp);
        let expected = signer.sign(&original, &nonce, timestamp).map(|a| a.parameters());
        (authorized, expected)
    });
    if let Err(error) = authorized {
        // Only placing can fail where computing succeeded: a body that cannot take the parameters, or
        // a URI they would carry past the longest `http` parses.
        let placing_refused = matches!(&error, Error::Input(e) if match input.placement {
            Placement::Body => e.problem() == &InputProblem::BodyNotForm,
            Placement::Query => matches!(e.problem(), InputProblem::TooLong { .. }),
            _ => false,
        });
        assert!(
            expected.is_err() || placing_refused,
            "authorize refused what sign accepted: {error}"
        );
        // The message the same request gets with stand-in secrets: text a secret shares with it comes
        // from the message's wording or the public inputs, not from the secret.
        let mut again = original.clone();
        let baseline = with_signer(&with_stand_in_secrets(input), |signer| {
            signer.authorize(&mut again, &nonce, timestamp)
        });
        let baseline = baseline.err().map(|e| format!("{e} {e:?}")).unwrap_or_default();
        for secret in secrets(input) {
            assert_no_secret(&error.to_string(), secret, &[&baseline]);
            assert_no_secret(&format!("{error:?}"), secret, &[&baseline]);
        }
        assert_printable(&error.to_string());
        assert_eq!(request.uri(), original.uri());
        assert_eq!(request.headers(), original.headers());
        assert_eq!(request.body(), original.body());
        return None;
    }
    let expected: Vec<(String, String)> = match expected {
        Ok(parameters) => parameters.into_iter().map(|(n, v)| (n.to_owned(), v)).collect(),
        Err(error) => panic!("sign refused what authorize accepted: {error}"),
    };
    // What the signer did is shown without a secret, in any of the spellings a base string and its
    // parameter list use (the verifier is signed, encoded once in the list and twice in the string).
    let shown = |input: &SignInput| {
        let explanation = with_signer(input, |signer| signer.explain(&original, &nonce, timestamp));
        explanation.map(|e| format!("{e} {e:?}"))
    };
    let Ok(explained) = shown(input) else {
        panic!("explain refused what sign accepted");
    };
    let baseline = shown(&with_stand_in_secrets(input)).unwrap_or_default();
    for secret in secrets(input) {
        let once = percent_encode(secret).to_string();
        let twice = percent_encode(&once).to_string();
        for spelling in [secret, &once, &twice] {
            assert_no_secret(&explained, spelling, &[&baseline]);
        }
    }
    // The parameters are where the placement says, and read back as signed (the request's own
    // `oauth_*` parameters, which are signed as they stand, are not among the placed ones).
    let placed = match input.placement {
        Placement::Header => {
            let value = request.headers().get(AUTHORIZATION).map(HeaderValue::as_bytes);
            let header = AuthorizationHeader::parse(value.unwrap_or_default());
            let Ok(Some(header)) = header else {
                panic!("the Authorization header does not parse back: {header:?}");
            };
            assert_eq!(header.realm(), input.realm.as_deref());
            header
                .parameters()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect()
        }
        Placement::Query => {
            assert!(!request.headers().contains_key(AUTHORIZATION));
            let own = protocol_pairs(original.uri().query().unwrap_or_default());
            without(protocol_pairs(request.uri().query().unwrap_or_default()), &own)
        }
        _ => {
            assert!(!request.headers().contains_key(AUTHORIZATION));
            // The appended pairs are ASCII; a raw octet elsewhere in the body must not hide them.
            let own = protocol_pairs(&String::from_utf8_lossy(original.body()));
            without(protocol_pairs(&String::from_utf8_lossy(request.body())), &own)
        }
    };
    assert_eq!(placed, expected);
    Some(request)
}

/// Signs an arbitrary request: a signature or a typed error, never a panic; the placed parameters read
/// back as signed (the header through the verifier's parser).
pub fn sign_request(data: &[u8]) {
    if let Some(input) = SignInput::parse(data) {
        sign(&input);
        sign_multipart_fields(&input);
    }
}

/// A multipart request's text fields (its body's pairs, read as a form's), signed as a provider that
/// signs them does: as the same fields in a form body in hand sign, header and URI alike; refused
/// where they would be (a body that is not multipart, body placement, a body hash), naming the body.
fn sign_multipart_fields(input: &SignInput) {
    let Some(original) = build_request(input) else {
        return;
    };
    let Ok(nonce) = Nonce::new(&input.nonce) else {
        return;
    };
    let timestamp = Timestamp::from_secs(input.timestamp);
    let text = String::from_utf8_lossy(original.body());
    let fields: Vec<(String, String)> = form_pairs(&text)
        .filter_map(|(name, value)| {
            Some((
                form_decode(name).ok()?.into_owned(),
                form_decode(value).ok()?.into_owned(),
            ))
        })
        .collect();
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    // The same fields in a form body in hand (the encoding itself is checked against the url crate's
    // in the property tests).
    let mut in_form = oauth1_core::body::multipart_as_form(&original, &pairs);
    let mut upload = original.clone();
    let (multipart, in_hand) = with_signer(input, |signer| {
        let signer = signer.clone().multipart_fields(true);
        let multipart = signer.authorize_multipart(&mut upload, &pairs, &nonce, timestamp);
        (multipart, signer.authorize(&mut in_form, &nonce, timestamp))
    });
    let refused = !oauth1_core::body::is_multipart_form(original.headers())
        || input.placement == Placement::Body
        || input.body_hash != oauth1_core::BodyHash::Off;
    match multipart {
        Ok(()) => {
            assert!(!refused, "a body authorize_multipart must refuse was signed");
            assert!(in_hand.is_ok(), "the form in hand was refused: {in_hand:?}");
            assert_eq!(upload.uri(), in_form.uri());
            assert_eq!(
                upload.headers().get(AUTHORIZATION),
                in_form.headers().get(AUTHORIZATION)
            );
            assert_eq!(upload.body(), original.body());
        }
        Err(error) if refused => assert!(error.to_string().contains("request body"), "{error}"),
        Err(error) => {
            assert!(
                in_hand.is_err(),
                "only the multipart request was refused: {error}"
            );
            assert_eq!(upload.uri(), original.uri());
            assert_eq!(upload.headers(), original.headers());
        }
    }
}

/// Signs an arbitrary request and verifies it with the same secrets: whatever the signer accepts, the
/// verifier must accept, and report the same credentials, nonce and timestamp.
pub fn sign_verify(data: &[u8]) {
    let Some(input) = SignInput::parse(data) else {
        return;
    };
    let Some(request) = sign(&input) else { return };
    // Mastercard's, WooCommerce's and Magento's base strings are clients' rules only: their servers
    // verify them, our checker does not.
    if input.compat != Compat::Rfc5849 {
        return;
    }
    // A request may carry protocol parameters of its own, which are signed as they stand; the checker
    // then reads them as the request's (its verifier, its token), so the comparisons below hold only
    // for requests that carry none the checker interprets.
    let Some(original) = build_request(&input) else {
        return;
    };
    let interprets = |form: &str| {
        form_pairs(form)
            .any(|(name, _)| form_decode(name).is_ok_and(|n| PARAMETER_NAMES.contains(&n.as_ref())))
    };
    let form_body = oauth1_core::body::is_form_urlencoded(original.headers());
    if interprets(original.uri().query().unwrap_or_default())
        || (form_body && interprets(&String::from_utf8_lossy(original.body())))
    {
        return;
    }
    let token = Some(input.token.as_str()).filter(|t| input.with_token && !t.is_empty());
    let lookup = |key: &str, requested: Option<&str>| {
        assert_eq!(key, input.consumer_key);
        assert_eq!(requested, token);
        let token_secret = input.with_token.then(|| Secret::new(input.token_secret.as_str()));
        Ok(Secrets::new(input.consumer_secret.as_str(), token_secret)
            .with_rsa_public_key(crate::rsa_key().public_key()))
    };
    let verifier = Checker::new(Timestamp::from_secs(input.timestamp)).allow_plaintext_over_http();
    let mut nonces = MemoryReplayStore::new(4);
    match verifier.verify(&request, lookup, &mut nonces) {
        Ok(verified) => {
            // Nothing to find in a good signature.
            assert_eq!(verifier.find_mistake(&request, lookup), None);
            assert_eq!(verified.consumer_key(), input.consumer_key);
            assert_eq!(verified.token(), token);
            assert_eq!(verified.callback(), input.callback.as_deref());
            assert_eq!(verified.verifier(), input.verifier.as_deref());
            assert_eq!(verified.nonce().as_str(), input.nonce);
            assert_eq!(verified.timestamp().as_secs(), input.timestamp);
            assert_eq!(verified.signature_method(), input.signature_method);
        }
        Err(rejection) => panic!("a request we signed was rejected: {rejection}"),
    }
}

/// The request a provider receives, as a [`VerifyInput`] describes it (none where `http` refuses it).
fn received(input: &VerifyInput) -> Option<Request<Vec<u8>>> {
    let mut builder = Request::builder()
        .method(input.method.as_str())
        .uri(input.uri.as_str());
    if let Some(authorization) = &input.authorization {
        builder = builder.header(AUTHORIZATION, HeaderValue::from_bytes(authorization).ok()?);
    }
    if let Some(content_type) = &input.content_type {
        builder = builder.header(CONTENT_TYPE, content_type.as_str());
    }
    builder.body(input.body.clone()).ok()
}

/// The secrets a [`VerifyInput`]'s provider holds for any consumer key and token.
fn lookup(
    input: &VerifyInput,
) -> impl Fn(&str, Option<&str>) -> Result<Secrets<'static>, UnknownCredentials> + Copy {
    move |_: &str, token: Option<&str>| {
        let token_secret = token.map(|_| Secret::new(input.token_secret.as_str()));
        Ok(Secrets::new(input.consumer_secret.as_str(), token_secret)
            .with_rsa_public_key(crate::rsa_key().public_key()))
    }
}

/// Looks for the mistake an arbitrary request was signed with: an answer, never a panic, and a
/// mistake only for a request refused for its signature.
pub fn find_mistake(data: &[u8]) {
    let input = VerifyInput::parse(data);
    let Some(request) = received(&input) else { return };
    let verifier = Checker::new(Timestamp::from_secs(input.now));
    let verdict = verifier
        .verify(&request, lookup(&input), &mut MemoryReplayStore::new(4))
        .map(|_| ());
    let mistake = verifier.find_mistake(&request, lookup(&input));
    assert!(
        mistake.is_none() || verdict == Err(Rejection::BadSignature),
        "{mistake:?} for {verdict:?}"
    );
}

/// Verifies an arbitrary request: a verdict, never a panic; a request that verifies is a replay the
/// second time; no rejection shows a secret.
pub fn verify_request(data: &[u8]) {
    let input = VerifyInput::parse(data);
    let Some(request) = received(&input) else { return };
    let lookup = lookup(&input);
    let verifier = Checker::new(Timestamp::from_secs(input.now));
    let mut nonces = MemoryReplayStore::new(4);
    match verifier.verify(&request, lookup, &mut nonces) {
        Ok(_) => {
            let again = verifier.verify(&request, lookup, &mut nonces);
            assert_eq!(again.err(), Some(Rejection::ReplayedNonce));
        }
        Err(rejection) => {
            // Text a secret shares with a rejection's wording, or with the request, is not a leak.
            let mut wording: String = WORDING.iter().map(|r| format!("{r} {r:?} ")).collect();
            // Rejections name protocol parameters.
            for name in PARAMETER_NAMES {
                for named in [
                    Rejection::Missing { name },
                    Rejection::Repeated { name: name.into() },
                ] {
                    wording.push_str(&format!("{named} {named:?} "));
                }
            }
            // And the rejection the same request gets when the lookup returns stand-in secrets.
            let stand_in = |_: &str, token: Option<&str>| -> Result<Secrets<'static>, UnknownCredentials> {
                Ok(Secrets::new("\u{1}", token.map(|_| Secret::new("\u{1}"))))
            };
            let mut empty = MemoryReplayStore::new(4);
            if let Err(other) = verifier.verify(&request, stand_in, &mut empty) {
                wording.push_str(&format!("{other} {other:?}"));
            }
            let public = [
                input.uri.as_str(),
                &String::from_utf8_lossy(input.authorization.as_deref().unwrap_or_default()),
                &String::from_utf8_lossy(&input.body),
                &wording,
            ];
            for secret in [&input.consumer_secret, &input.token_secret] {
                assert_no_secret(&rejection.to_string(), secret, &public);
                assert_no_secret(&format!("{rejection:?}"), secret, &public);
            }
            // A provider logs rejections: a client's bytes must not split or forge its lines.
            assert_printable(&rejection.to_string());
        }
    }
}

/// Every rejection whose message does not depend on the request.
const WORDING: [Rejection; 15] = [
    Rejection::MalformedHeader(""),
    Rejection::RepeatedHeader("Content-Type"),
    Rejection::BadUri,
    Rejection::UnsupportedVersion,
    Rejection::UnsupportedSignatureMethod,
    Rejection::PlaintextWithoutTls,
    Rejection::BadTimestamp,
    Rejection::BadNonce,
    Rejection::UnknownClient,
    Rejection::UnknownToken,
    Rejection::BadSignature,
    Rejection::BadBodyHash,
    Rejection::ReplayedNonce,
    Rejection::ReplayStoreFull { retry_after_secs: 0 },
    Rejection::Missing { name: "oauth_" },
];

/// The protocol parameters' names, which rejections quote.
const PARAMETER_NAMES: [&str; 11] = [
    "realm",
    "oauth_body_hash",
    "oauth_callback",
    "oauth_consumer_key",
    "oauth_nonce",
    "oauth_signature",
    "oauth_signature_method",
    "oauth_timestamp",
    "oauth_token",
    "oauth_verifier",
    "oauth_version",
];
