//! The provider's side of "why was my signature refused": `Checker::find_mistake` names the known
//! mistake a refused signature was made with. Proven on requests other libraries signed with their
//! own mistakes (`vectors/mistakes.json`, made by `scripts/mistakes/generate.sh`), and shown to name
//! nothing where there is no such mistake to find.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::collections::BTreeSet;

use http::Request;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use oauth1_core::diagnose::Cause;
use oauth1_core::verify::{
    Checker, MemoryReplayStore, Rejection, Secrets, SigningMistake, UnknownCredentials,
};
use oauth1_core::{ClientCredentials, Nonce, Signer, Timestamp, TokenCredentials};
use oauth1_tests::{MistakeCase, MistakeCases, vector_path};

/// The mistake a case names.
fn expected(name: &str) -> SigningMistake {
    let cause = match name {
        "TokenSecretLeftOut" => return SigningMistake::TokenSecretLeftOut,
        "KeyNotEncoded" => return SigningMistake::KeyNotEncoded,
        "Authority" => Cause::Authority,
        "DefaultPort" => Cause::DefaultPort,
        "UriCase" => Cause::UriCase,
        "TrailingSlash" => Cause::TrailingSlash,
        "Missing" => Cause::Missing,
        "Semicolon" => Cause::Semicolon,
        "IndexedNames" => Cause::IndexedNames,
        "Utf8Twice" => Cause::Utf8Twice,
        "DecodedOrder" => Cause::DecodedOrder,
        other => panic!("no mistake named {other}"),
    };
    SigningMistake::BaseString(cause)
}

fn request(case: &MistakeCase) -> Request<Vec<u8>> {
    let mut builder = Request::builder()
        .method(case.method.as_str())
        .uri(case.url.as_str())
        .header(AUTHORIZATION, case.authorization.as_str());
    if let Some(content_type) = &case.content_type {
        builder = builder.header(CONTENT_TYPE, content_type.as_str());
    }
    builder
        .body(case.body.clone().unwrap_or_default().into_bytes())
        .unwrap()
}

#[test]
fn the_mistake_each_other_library_made_is_named() {
    let text = std::fs::read_to_string(vector_path("mistakes.json")).unwrap();
    let cases = serde_json::from_str::<MistakeCases>(&text).unwrap().cases;
    let mut named = BTreeSet::new();
    for case in &cases {
        let request = request(case);
        let secrets = Secrets::new(
            case.consumer_secret.as_str(),
            Some(case.token_secret.clone().into()),
        );
        let lookup = |_: &str, token: Option<&str>| {
            assert!(token.is_some(), "{}: every case carries a token", case.name);
            Ok(secrets.clone())
        };
        let checker = Checker::new(Timestamp::from_secs(case.timestamp));
        let verdict = checker.verify(&request, lookup, &mut MemoryReplayStore::new(1));
        assert_eq!(
            verdict.map(|_| ()),
            Err(Rejection::BadSignature),
            "{} ({})",
            case.name,
            case.source
        );
        let found = checker.find_mistake(&request, lookup);
        assert_eq!(
            found,
            Some(expected(&case.mistake)),
            "{} ({})",
            case.name,
            case.source
        );
        named.insert(case.mistake.as_str());
    }
    assert!(
        named.len() >= 11,
        "only {} kinds of mistake: {named:?}",
        named.len()
    );
}

/// A provider with one client and one token.
struct Provider {
    client: ClientCredentials,
    token: TokenCredentials,
    now: Timestamp,
}

impl Provider {
    fn new() -> Self {
        Self {
            client: ClientCredentials::new("key", "client secret"),
            token: TokenCredentials::new("token", "token secret"),
            now: Timestamp::from_secs(1_700_000_000),
        }
    }

    fn signed(&self, uri: &str) -> Request<Vec<u8>> {
        let mut request = Request::get(uri).body(Vec::new()).unwrap();
        Signer::new(&self.client)
            .token(&self.token)
            .authorize(&mut request, &Nonce::new("n-1").unwrap(), self.now)
            .unwrap();
        request
    }

    fn find_mistake(&self, request: &Request<Vec<u8>>) -> Option<SigningMistake> {
        let lookup = |key: &str, token: Option<&str>| match (key, token) {
            ("key", Some("token")) => Ok(Secrets::new("client secret", Some("token secret".into()))),
            ("key", _) => Err(UnknownCredentials::Token),
            _ => Err(UnknownCredentials::Client),
        };
        Checker::new(self.now).find_mistake(request, lookup)
    }
}

#[test]
fn a_good_signature_or_one_without_a_known_mistake_names_nothing() {
    let provider = Provider::new();
    let good = provider.signed("https://api.example.com/1.1/items?page=2");
    assert_eq!(provider.find_mistake(&good), None, "nothing to find");

    // Signed for another request altogether (another path): no single known mistake gives it.
    let mut other = provider.signed("https://api.example.com/1.1/users?page=2");
    *other.uri_mut() = "https://api.example.com/1.1/items?page=2".parse().unwrap();
    assert_eq!(provider.find_mistake(&other), None);

    // Refused before its signature is looked at: an unknown client, an unknown token, a stale
    // timestamp.
    let mut unknown_client = provider.signed("http://api.example.com/");
    let header = unknown_client.headers()[AUTHORIZATION]
        .to_str()
        .unwrap()
        .replace("\"key\"", "\"nobody\"");
    unknown_client
        .headers_mut()
        .insert(AUTHORIZATION, header.parse().unwrap());
    assert_eq!(provider.find_mistake(&unknown_client), None);
    let mut unknown_token = provider.signed("http://api.example.com/");
    let header = unknown_token.headers()[AUTHORIZATION]
        .to_str()
        .unwrap()
        .replace("\"token\"", "\"other\"");
    unknown_token
        .headers_mut()
        .insert(AUTHORIZATION, header.parse().unwrap());
    assert_eq!(provider.find_mistake(&unknown_token), None);
    let stale = Provider {
        now: Timestamp::from_secs(1_700_000_000 + 3600),
        ..Provider::new()
    };
    let mut proxied = provider.signed("https://api.example.com/");
    *proxied.uri_mut() = "http://api.example.com/".parse().unwrap();
    assert_eq!(
        provider.find_mistake(&proxied),
        Some(SigningMistake::BaseString(Cause::Authority))
    );
    assert_eq!(stale.find_mistake(&proxied), None, "refused for its timestamp");
}

#[test]
fn the_mistake_is_told_in_words() {
    let message = SigningMistake::BaseString(Cause::Authority).to_string();
    assert!(
        message.starts_with("the client signed a base string (theirs)"),
        "{message}"
    );
    assert!(message.contains("a proxy or gateway in between"), "{message}");
    let message = SigningMistake::TokenSecretLeftOut.to_string();
    assert!(message.contains("leaving out the token secret"), "{message}");
}
