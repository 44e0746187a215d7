//! Writes the fuzz targets' seed corpora from the published and oauthlib vectors:
//! `cargo run -p oauth1-tests --bin fuzz_seeds`. Seeds are named `seed-…`; the fuzzer's own finds and
//! regression inputs live beside them under other names and are left alone.

#![allow(clippy::print_stdout, clippy::print_stderr)] // A command-line tool reports on its terminal.

use std::fs;
use std::path::{Path, PathBuf};

use oauth1_core::{Compat, Placement};
use oauth1_fuzz::{SignInput, VerifyInput};
use oauth1_tests::interop::repo_root;
use oauth1_tests::{MistakeCases, PhpCases, SigningCase, key_path, vector_path};
use serde::Deserialize;

#[derive(Deserialize)]
struct Published {
    signatures: Vec<SigningCase>,
    encoding: Vec<Encoding>,
    parameters: Vec<Parameters>,
    base_uri: Vec<BaseUri>,
}

#[derive(Deserialize)]
struct Encoding {
    input: String,
}

#[derive(Deserialize)]
struct Parameters {
    query: String,
}

#[derive(Deserialize)]
struct BaseUri {
    url: String,
}

#[derive(Deserialize)]
struct Oauthlib {
    signatures: Vec<SigningCase>,
}

/// How many oauthlib cases seed each signing target (the published cases are all used).
const OAUTHLIB_SEEDS: usize = 40;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = repo_root();
    let read = |name: &str| fs::read_to_string(vector_path(name));
    let published: Published = serde_json::from_str(&read("published.json")?)?;
    let oauthlib: Oauthlib = serde_json::from_str(&read("oauthlib.json")?)?;
    let cases: Vec<&SigningCase> = published
        .signatures
        .iter()
        .chain(oauthlib.signatures.iter().take(OAUTHLIB_SEEDS))
        .collect();
    let mut corpus = Corpus::new(root.join("fuzz/corpus"));

    for (i, case) in cases.iter().enumerate() {
        // Each case in every placement, so the fuzzer starts from all three.
        for (placement, tag) in [
            (Placement::Header, "header"),
            (Placement::Query, "query"),
            (Placement::Body, "body"),
        ] {
            if let Some(bytes) = sign_input(case, placement).and_then(|input| input.to_bytes()) {
                corpus.add("sign_request", &format!("{}-{tag}", case.name), &bytes);
                corpus.add("sign_verify", &format!("{}-{tag}", case.name), &bytes);
            }
        }
        // A form body's pairs as a multipart body's text fields, which sign_request also signs so.
        let multipart = sign_input(case, Placement::Header)
            .filter(|input| !input.body.is_empty())
            .map(|input| SignInput {
                content_type: Some("multipart/form-data; boundary=b".to_owned()),
                ..input
            });
        if let Some(bytes) = multipart.and_then(|input| input.to_bytes()) {
            corpus.add("sign_request", &format!("{}-multipart", case.name), &bytes);
        }
        let header = case
            .authorization
            .as_ref()
            .or(case.authorization_any_order.as_ref());
        if let Some(header) = header {
            corpus.add("authorization_header", &case.name, header.as_bytes());
            let input = VerifyInput {
                now: case.timestamp,
                consumer_secret: case.consumer_secret.clone(),
                token_secret: case.token_secret.clone().unwrap_or_default(),
                method: case.method.clone(),
                uri: case.url.clone(),
                authorization: Some(header.clone().into_bytes()),
                content_type: case.content_type.clone(),
                body: case.body.clone().unwrap_or_default().into_bytes(),
            };
            if let Some(bytes) = input.to_bytes() {
                corpus.add("verify_request", &case.name, &bytes);
                corpus.add("find_mistake", &case.name, &bytes);
            }
        }
        let query = case.url.split_once('?').map_or("", |(_, q)| q);
        let body = case.body.as_deref().unwrap_or_default();
        corpus.add("form", &case.name, format!("{query}\n{body}").as_bytes());
        if i < 8 {
            corpus.add("encoding_roundtrip", &case.name, case.url.as_bytes());
        }
    }
    // Each provider rule's PHP-computed cases under that rule and its preset's placement
    // (sign_request only: sign_verify skips the rules only clients apply).
    for (file, compat, placement) in [
        ("woocommerce.json", Compat::WooCommerce, Placement::Query),
        ("magento.json", Compat::Magento, Placement::Header),
    ] {
        let cases: PhpCases = serde_json::from_str(&read(file)?)?;
        for (i, case) in cases.vectors.iter().enumerate() {
            let input = SignInput {
                signature_method: "HMAC-SHA256",
                placement,
                with_token: cases.token.is_some(),
                version: true,
                body_hash: oauth1_core::BodyHash::Off,
                compat,
                method: case.method.clone(),
                uri: case.url.clone(),
                consumer_key: cases.consumer_key.clone(),
                consumer_secret: cases.consumer_secret.clone(),
                token: cases.token.clone().unwrap_or_default(),
                token_secret: cases.token_secret.clone().unwrap_or_default(),
                nonce: case.nonce.clone(),
                timestamp: case.timestamp,
                realm: None,
                callback: None,
                verifier: None,
                content_type: case
                    .body
                    .as_ref()
                    .map(|_| "application/x-www-form-urlencoded".to_owned()),
                body: case.body.clone().unwrap_or_default().into_bytes(),
            };
            if let Some(bytes) = input.to_bytes() {
                let rule = file.trim_end_matches(".json");
                corpus.add("sign_request", &format!("{rule}-{i}"), &bytes);
            }
        }
    }
    // Requests other libraries signed with a known mistake, which the provider finds.
    let mistakes: MistakeCases = serde_json::from_str(&read("mistakes.json")?)?;
    for case in &mistakes.cases {
        let input = VerifyInput {
            now: case.timestamp,
            consumer_secret: case.consumer_secret.clone(),
            token_secret: case.token_secret.clone(),
            method: case.method.clone(),
            uri: case.url.clone(),
            authorization: Some(case.authorization.clone().into_bytes()),
            content_type: case.content_type.clone(),
            body: case.body.clone().unwrap_or_default().into_bytes(),
        };
        if let Some(bytes) = input.to_bytes() {
            corpus.add("find_mistake", &format!("mistake-{}", case.name), &bytes);
        }
    }
    for (i, p) in published.parameters.iter().enumerate() {
        corpus.add(
            "form",
            &format!("parameters-{i}"),
            format!("{}\n", p.query).as_bytes(),
        );
    }
    for (i, e) in published.encoding.iter().enumerate() {
        corpus.add("encoding_roundtrip", &format!("encoding-{i}"), e.input.as_bytes());
    }
    for (i, b) in published.base_uri.iter().enumerate() {
        corpus.add(
            "callback",
            &format!("base-uri-{i}"),
            format!("T\n{}", b.url).as_bytes(),
        );
    }
    for (name, bytes) in token_responses() {
        corpus.add("token_response", name, &bytes);
    }
    for (name, text) in CALLBACKS {
        corpus.add("callback", name, text.as_bytes());
    }
    for (name, text) in HEADERS {
        corpus.add("authorization_header", name, text.as_bytes());
    }
    for (name, text) in key_files()? {
        corpus.add("key_file", name, text.as_bytes());
    }
    println!("wrote {} seeds under {}", corpus.written, corpus.dir.display());
    Ok(())
}

/// The case as a sign input, when its method is a built-in one.
fn sign_input(case: &SigningCase, placement: Placement) -> Option<SignInput> {
    Some(SignInput {
        signature_method: oauth1_fuzz::METHODS
            .into_iter()
            .find(|m| *m == case.signature_method)?,
        placement,
        with_token: case.token.is_some(),
        version: case.version,
        body_hash: if case.body_hash {
            oauth1_core::BodyHash::Sha1Extension
        } else {
            oauth1_core::BodyHash::Off
        },
        compat: Compat::default(),
        method: case.method.clone(),
        uri: case.url.clone(),
        consumer_key: case.consumer_key.clone(),
        consumer_secret: case.consumer_secret.clone(),
        token: case.token.clone().unwrap_or_default(),
        token_secret: case.token_secret.clone().unwrap_or_default(),
        nonce: case.nonce.clone(),
        timestamp: case.timestamp,
        realm: case.realm.clone(),
        callback: case.callback.clone(),
        verifier: case.verifier.clone(),
        content_type: case.content_type.clone(),
        body: case.body.clone().unwrap_or_default().into_bytes(),
    })
}

/// Twitter/X's documented answers: two bytes of status, a `Date` line, the body.
fn token_responses() -> Vec<(&'static str, Vec<u8>)> {
    let date = "Tue, 14 Nov 2023 22:13:20 GMT";
    let answers: [(&str, u16, &str); 8] = [
        (
            "request-token",
            200,
            "oauth_token=Z6eEdO8MOmk394WozF5oKyuAv855l4Mlqo7hhlSLik&oauth_token_secret=Kd75W4OQfb2oJTV0vzGzeXftVAwgMnEK9MumzYcM&oauth_callback_confirmed=true",
        ),
        (
            "access-token",
            200,
            "oauth_token=6253282-eWudHldSbIaelX7swmsiHImEL4KinwaGloHANdrY&oauth_token_secret=2EEfA6BG5ly3sR3XjE0IBSnlQu4ZrUzPiYTmrkVU&user_id=6253282&screen_name=twitterapi",
        ),
        (
            "byte-order-mark",
            200,
            "\u{feff}oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed=true",
        ),
        (
            "unconfirmed",
            200,
            "oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed=false",
        ),
        (
            "timestamp-out-of-bounds",
            401,
            r#"{"errors":[{"code":135,"message":"Timestamp out of bounds."}]}"#,
        ),
        (
            "could-not-authenticate",
            401,
            r#"{"errors":[{"code":32,"message":"Could not authenticate you."}]}"#,
        ),
        (
            "rate-limited",
            429,
            r#"{"errors":[{"code":88,"message":"Rate limit exceeded"}]}"#,
        ),
        (
            "plain-text-error",
            403,
            "Desktop applications only support the oauth_callback value 'oob'",
        ),
    ];
    answers
        .into_iter()
        .map(|(name, status, body)| {
            let mut bytes = status.to_be_bytes().to_vec();
            bytes.extend_from_slice(format!("{date}\n{body}").as_bytes());
            (name, bytes)
        })
        .collect()
}

/// Key files: the committed keys as they are, and as tools and editors leave them (after a
/// certificate or `Bag Attributes` lines, with blank lines or another block after them, CRLF).
fn key_files() -> std::io::Result<Vec<(&'static str, String)>> {
    let key = |name: &str| fs::read_to_string(key_path(name));
    let (pkcs8, pkcs1, public) = (
        key("test-client-2048.pkcs8.pem")?,
        key("test-client-2048.pkcs1.pem")?,
        key("test-client-2048.pub.pem")?,
    );
    let certificate = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    Ok(vec![
        ("oauth-net", key("oauth-net-test-cases.pem")?),
        ("pkcs1", pkcs1.clone()),
        ("public", public.clone()),
        (
            "mastercard-public",
            key("mastercard-oauth1-signer-java-test.pub.pem")?,
        ),
        ("after-certificate", format!("{certificate}{pkcs8}")),
        (
            "bag-attributes",
            format!("Bag Attributes\n    localKeyID: 01\n{pkcs8}"),
        ),
        ("blank-lines-after", format!("{pkcs1}\n\n")),
        ("public-after", format!("{pkcs8}{public}")),
        ("crlf", pkcs8.replace('\n', "\r\n")),
        ("no-key", String::from("not a key file\n")),
    ])
}

/// The temporary token, then what comes back from the authorization page.
const CALLBACKS: [(&str, &str); 7] = [
    (
        "url",
        "Z6eEdO8MOmk394WozF5oKyuAv855l4Mlqo7hhlSLik\nhttps://client.example/cb?oauth_token=Z6eEdO8MOmk394WozF5oKyuAv855l4Mlqo7hhlSLik&oauth_verifier=hw1hb8qyKjdkCGN4OB7jO3MkTqLbsKAI",
    ),
    (
        "custom-scheme",
        "tok\nmyapp://cb?oauth_token=tok&oauth_verifier=v%2B1#frag",
    ),
    ("query-only", "tok\noauth_verifier=v&oauth_token=tok"),
    ("pin", "tok\n 9876543 \n"),
    ("denied", "tok\nhttps://client.example/cb?denied=tok"),
    (
        "repeated",
        "tok\n?oauth_token=tok&oauth_token=tok&oauth_verifier=v",
    ),
    ("bad-escape", "tok\n?oauth_token=t%zzk&oauth_verifier=v"),
];

/// `Authorization` headers beyond the vectors': spacing, escapes, case, other schemes.
const HEADERS: [(&str, &str); 6] = [
    (
        "rfc5849-3.5.1",
        r#"OAuth realm="Example", oauth_consumer_key="0685bd9184jfhq22", oauth_token="ad180jjd733klru7", oauth_signature_method="HMAC-SHA1", oauth_signature="wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D", oauth_timestamp="137131200", oauth_nonce="4572616e48616d6d65724c61686176", oauth_version="1.0""#,
    ),
    ("tight", r#"oauth oauth_a="1",oauth_b="2""#),
    ("loose", "OAuth\t ,, realm = \"a\\\"b\" ,\toauth_x=\"y%20z\" ,"),
    ("quoted-pair", r#"OAuth oauth_nonce="a\\b\"c""#),
    ("bearer", "Bearer abc.def"),
    ("empty", "OAuth "),
];

/// The corpus directory, one folder per target.
struct Corpus {
    dir: PathBuf,
    written: usize,
}

impl Corpus {
    fn new(dir: PathBuf) -> Self {
        Self { dir, written: 0 }
    }

    fn add(&mut self, target: &str, name: &str, bytes: &[u8]) {
        let folder = self.dir.join(target);
        let name: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let path = folder.join(format!("seed-{name}"));
        if let Err(error) = write(&folder, &path, bytes) {
            eprintln!("{}: {error}", path.display());
            std::process::exit(1);
        }
        self.written += 1;
    }
}

fn write(folder: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    fs::create_dir_all(folder)?;
    fs::write(path, bytes)
}
