//! Every published vector in `vectors/published.json`, checked against oauth1-core: base strings and
//! signatures of whole requests, percent-encoding, parameter normalization, base string URIs, the raw
//! HMAC-SHA1/PLAINTEXT primitives, and the format of Twitter's documented request-token header.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use oauth1_core::encode::{form_decode, percent_encode};
use oauth1_tests::{SigningCase, check_all, sign, sign_text, vector_path};
use serde::Deserialize;

#[derive(Deserialize)]
struct Published {
    signatures: Vec<SigningCase>,
    encoding: Vec<Encoding>,
    parameters: Vec<Parameters>,
    base_uri: Vec<BaseUri>,
    hmac: Vec<Hmac>,
    header_format: Vec<HeaderFormat>,
}

#[derive(Deserialize)]
struct Encoding {
    source: String,
    input: String,
    output: String,
}

#[derive(Deserialize)]
struct Parameters {
    source: String,
    query: String,
    normalized: String,
}

#[derive(Deserialize)]
struct BaseUri {
    source: String,
    url: String,
    base_uri: String,
}

#[derive(Deserialize)]
struct Hmac {
    source: String,
    method: String,
    consumer_secret: String,
    token_secret: Option<String>,
    text: String,
    signature: String,
}

#[derive(Deserialize)]
struct HeaderFormat {
    source: String,
    request: SigningCase,
    header: String,
}

fn published() -> Published {
    let text = std::fs::read_to_string(vector_path("published.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A request with no credentials beyond placeholders, to look at one part of its base string.
fn probe(url: &str) -> SigningCase {
    SigningCase {
        source: String::new(),
        name: "probe".into(),
        method: "GET".into(),
        url: url.into(),
        content_type: None,
        body: None,
        consumer_key: "k".into(),
        consumer_secret: "s".into(),
        token: None,
        token_secret: None,
        signature_method: "HMAC-SHA1".into(),
        rsa_key: None,
        nonce: "n".into(),
        timestamp: 1,
        realm: None,
        callback: None,
        verifier: None,
        version: false,
        body_hash: false,
        base_string: None,
        signature: None,
        authorization: None,
        authorization_any_order: None,
    }
}

/// The three `&`-separated parts of a base string, each decoded once.
fn base_string_parts(base_string: &str) -> Vec<String> {
    base_string
        .split('&')
        .map(|part| form_decode(part).unwrap().into_owned())
        .collect()
}

#[test]
fn published_vectors() {
    let published = published();
    let mut failures = Vec::new();

    assert!(published.signatures.len() >= 12);
    if let Err(report) = check_all(&published.signatures) {
        failures.push(report);
    }

    for v in &published.encoding {
        let got = percent_encode(&v.input).to_string();
        if got != v.output {
            failures.push(format!(
                "encoding {:?} ({}): want {}, got {got}",
                v.input, v.source, v.output
            ));
        }
    }

    for v in &published.parameters {
        let signed = sign(&probe(&format!("http://example.com/?{}", v.query))).unwrap();
        let params = &base_string_parts(&signed.base_string)[2];
        let without_protocol: Vec<&str> = params.split('&').filter(|p| !p.starts_with("oauth_")).collect();
        if without_protocol.join("&") != v.normalized {
            failures.push(format!(
                "parameters {:?} ({}): want {}, got {params}",
                v.query, v.source, v.normalized
            ));
        }
    }

    for v in &published.base_uri {
        let signed = sign(&probe(&v.url)).unwrap();
        let got = &base_string_parts(&signed.base_string)[1];
        if *got != v.base_uri {
            failures.push(format!(
                "base URI {:?} ({}): want {}, got {got}",
                v.url, v.source, v.base_uri
            ));
        }
    }

    for v in &published.hmac {
        let got = sign_text(&v.method, &v.consumer_secret, v.token_secret.as_deref(), &v.text).unwrap();
        if got != v.signature {
            failures.push(format!(
                "{} {:?} ({}): want {}, got {got}",
                v.method, v.text, v.source, v.signature
            ));
        }
    }

    for v in &published.header_format {
        // Same parameters, same encoding of each value; our order is alphabetical, Twitter's example is not.
        let ours = sign(&v.request).unwrap().authorization;
        let params = |h: &str| -> Vec<String> {
            let mut p: Vec<String> = h
                .trim_start_matches("OAuth ")
                .split(", ")
                .filter(|p| !p.starts_with("oauth_signature="))
                .map(String::from)
                .collect();
            p.sort();
            p
        };
        if params(&ours) != params(&v.header) {
            failures.push(format!(
                "header format ({}):\n  want {}\n  got  {ours}",
                v.source, v.header
            ));
        }
    }

    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
