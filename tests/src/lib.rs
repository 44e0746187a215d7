//! Shared pieces of the workspace's cross-crate tests: the signing-case format used by the published
//! vectors (`vectors/published.json`) and the differential vectors made with Python's oauthlib
//! (`vectors/oauthlib.json`), and the code that checks one case against oauth1-core.

#![forbid(unsafe_code)]

// The workspace README's examples are compiled (and the first one run) with this package's doctests:
// it has core with `rsa`, `rand`, and both adapters as dev-dependencies. (In a published adapter the
// README would lie outside the package.)
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

pub mod flow_driver;
pub mod http_client;
pub mod interop;
pub mod misbehaving;
pub mod provider;

use oauth1_core::rsa::{RsaPrivateKey, RsaPublicKey};
use oauth1_core::signature::{AnyMethod, SigningKey, sign_base_string};
use oauth1_core::{BodyHash, BuiltinMethod, ClientCredentials, Nonce, Signer, Timestamp, TokenCredentials};
use serde::Deserialize;

/// One request to sign and what an independent source says the result must be.
#[derive(Debug, Clone, Deserialize)]
pub struct SigningCase {
    /// Where the expectation comes from.
    #[serde(default)]
    pub source: String,
    /// A short identifier.
    pub name: String,
    /// HTTP method.
    pub method: String,
    /// Request URI, query as sent.
    pub url: String,
    /// `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// Body as sent.
    pub body: Option<String>,
    /// `oauth_consumer_key`.
    pub consumer_key: String,
    /// Consumer secret.
    pub consumer_secret: String,
    /// `oauth_token`.
    pub token: Option<String>,
    /// Token secret.
    pub token_secret: Option<String>,
    /// `oauth_signature_method`.
    pub signature_method: String,
    /// For the RSA methods: the private key's file under `oauth1-core/tests/keys/`.
    #[serde(default)]
    pub rsa_key: Option<String>,
    /// `oauth_nonce`.
    pub nonce: String,
    /// `oauth_timestamp`.
    pub timestamp: u64,
    /// Header realm.
    pub realm: Option<String>,
    /// `oauth_callback`.
    pub callback: Option<String>,
    /// `oauth_verifier`.
    pub verifier: Option<String>,
    /// Whether `oauth_version=1.0` is sent.
    pub version: bool,
    /// Whether `oauth_body_hash` is sent.
    #[serde(default)]
    pub body_hash: bool,
    /// Expected base string, when the source gives one.
    pub base_string: Option<String>,
    /// Expected signature (raw, not percent-encoded), when the source gives one.
    pub signature: Option<String>,
    /// Expected `Authorization` header, when the source gives one.
    pub authorization: Option<String>,
    /// Expected `Authorization` header whose parameters may come in another order.
    #[serde(default)]
    pub authorization_any_order: Option<String>,
}

/// What oauth1-core produced for a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The signature base string.
    pub base_string: String,
    /// The raw signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

/// Signs `case` with oauth1-core.
///
/// # Errors
/// A description of what oauth1-core rejected.
pub fn sign(case: &SigningCase) -> Result<Signed, String> {
    let mut builder = http::Request::builder()
        .method(case.method.as_str())
        .uri(case.url.as_str());
    if let Some(content_type) = &case.content_type {
        builder = builder.header(http::header::CONTENT_TYPE, content_type.as_str());
    }
    let mut request = builder
        .body(case.body.clone().unwrap_or_default().into_bytes())
        .map_err(|e| format!("building the request: {e}"))?;
    let rsa_key = case.rsa_key.as_deref().map(private_key).transpose()?;
    let method = AnyMethod::from_name(&case.signature_method, rsa_key.as_ref()).map_err(|e| e.to_string())?;
    let client = ClientCredentials::new(case.consumer_key.as_str(), case.consumer_secret.as_str());
    let token = case
        .token
        .as_ref()
        .map(|t| TokenCredentials::new(t.as_str(), case.token_secret.clone().unwrap_or_default()));
    // The cases are about signing, not transport: their URLs are http as often as https.
    let mut signer = Signer::new(&client)
        .method(method)
        .allow_plaintext_over_http()
        .version(case.version)
        .body_hash(if case.body_hash {
            BodyHash::Sha1Extension
        } else {
            BodyHash::Off
        });
    if let Some(token) = &token {
        signer = signer.token(token);
    }
    if let Some(realm) = &case.realm {
        signer = signer.realm(realm);
    }
    if let Some(callback) = &case.callback {
        signer = signer.callback(callback);
    }
    if let Some(verifier) = &case.verifier {
        signer = signer.verifier(verifier);
    }
    let nonce = Nonce::new(&case.nonce).map_err(|e| e.to_string())?;
    let timestamp = Timestamp::from_secs(case.timestamp);
    let base_string = signer
        .base_string(&request, &nonce, timestamp)
        .map_err(|e| e.to_string())?;
    let signature = signer
        .sign(&request, &nonce, timestamp)
        .map_err(|e| e.to_string())?
        .signature()
        .as_str()
        .to_owned();
    signer
        .authorize(&mut request, &nonce, timestamp)
        .map_err(|e| e.to_string())?;
    let authorization = request.headers()[http::header::AUTHORIZATION]
        .to_str()
        .map_err(|e| e.to_string())?
        .to_owned();
    Ok(Signed {
        base_string,
        signature,
        authorization,
    })
}

/// Checks every expectation `case` states.
///
/// # Errors
/// Each mismatch, with what was expected and what oauth1-core produced.
pub fn check(case: &SigningCase) -> Result<(), String> {
    let got = sign(case).map_err(|e| format!("{}: oauth1-core refused: {e}", case.name))?;
    let mut problems = Vec::new();
    let mut expect = |what: &str, want: &Option<String>, got: &str| {
        if let Some(want) = want.as_deref().filter(|want| *want != got) {
            problems.push(format!("  {what}:\n    want {want}\n    got  {got}"));
        }
    };
    expect("base string", &case.base_string, &got.base_string);
    expect("signature", &case.signature, &got.signature);
    expect("authorization", &case.authorization, &got.authorization);
    let in_any_order = case.authorization_any_order.as_ref().map(|h| header_items(h));
    expect(
        "authorization (any order)",
        &in_any_order,
        &header_items(&got.authorization),
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} ({}):\n{}",
            case.name,
            case.source,
            problems.join("\n")
        ))
    }
}

/// The `name="value"` items of an `Authorization: OAuth` header, sorted, joined by `, `.
pub fn header_items(header: &str) -> String {
    let mut items: Vec<&str> = header
        .trim_start_matches("OAuth ")
        .split(',')
        .map(str::trim)
        .collect();
    items.sort_unstable();
    items.join(", ")
}

/// Signs `text` directly with a built-in method (for the primitive HMAC/PLAINTEXT vectors).
///
/// # Errors
/// An unknown method name.
pub fn sign_text(
    method: &str,
    consumer_secret: &str,
    token_secret: Option<&str>,
    text: &str,
) -> Result<String, String> {
    let method =
        BuiltinMethod::from_name(method).ok_or_else(|| format!("unknown signature method {method}"))?;
    let signature = sign_base_string(&method, &SigningKey::new(consumer_secret, token_secret), text);
    Ok(String::from(signature.map_err(|e| e.to_string())?))
}

/// Reads a private key under `oauth1-core/tests/keys/`.
///
/// # Errors
/// The file cannot be read or is not an RSA private key.
pub fn private_key(name: &str) -> Result<RsaPrivateKey, String> {
    let path = key_path(name);
    let pem = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    RsaPrivateKey::from_pem(&pem).map_err(|e| format!("{}: {e}", path.display()))
}

/// The public key file that goes with the private key file `private` under `oauth1-core/tests/keys/`: the
/// published one (oauth.net) or the one generated beside it, `name.pem` / `name.pkcs1.pem` /
/// `name.pkcs8.pem` → `name.pub.pem`.
pub fn public_key_file(private: &str) -> String {
    let stem = private
        .trim_end_matches(".pem")
        .trim_end_matches(".pkcs1")
        .trim_end_matches(".pkcs8");
    format!("{stem}.pub.pem")
}

/// Reads a public key under `oauth1-core/tests/keys/`.
///
/// # Errors
/// The file cannot be read or is not an RSA public key.
pub fn public_key(name: &str) -> Result<RsaPublicKey, String> {
    let path = key_path(name);
    let pem = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    RsaPublicKey::from_pem(&pem).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs `check` over every case and reports all failures at once.
///
/// # Errors
/// A report listing every failing case.
pub fn check_all(cases: &[SigningCase]) -> Result<usize, String> {
    let failures: Vec<String> = cases.iter().filter_map(|c| check(c).err()).collect();
    if failures.is_empty() {
        Ok(cases.len())
    } else {
        Err(format!(
            "{} of {} cases differ:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        ))
    }
}

/// `vectors/mistakes.json`: requests other libraries signed, each making one known mistake, written
/// by `tests/scripts/mistakes/generate.sh`.
#[derive(Debug, Clone, Deserialize)]
pub struct MistakeCases {
    /// The cases.
    pub cases: Vec<MistakeCase>,
}

/// A request another library signed, making one known mistake.
#[derive(Debug, Clone, Deserialize)]
pub struct MistakeCase {
    /// The library, and how it was called.
    pub source: String,
    /// A short identifier.
    pub name: String,
    /// The mistake, as `SigningMistake`'s variant or `Cause`'s.
    pub mistake: String,
    /// HTTP method.
    pub method: String,
    /// The URI the provider receives.
    pub url: String,
    /// `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// Body as sent.
    pub body: Option<String>,
    /// Consumer secret.
    pub consumer_secret: String,
    /// Token secret (every case carries a token).
    pub token_secret: String,
    /// `oauth_timestamp`, the provider's `now`.
    pub timestamp: u64,
    /// The `Authorization` header the library wrote.
    pub authorization: String,
}

/// A file of requests with the base strings and signatures a provider's PHP server computes for them
/// (`vectors/woocommerce.json`, `vectors/magento.json`), written by `tests/scripts/*_vectors.php`.
#[derive(Debug, Clone, Deserialize)]
pub struct PhpCases {
    /// The consumer key every case signs with.
    pub consumer_key: String,
    /// The consumer secret.
    pub consumer_secret: String,
    /// The token, where the provider signs with one (Magento).
    #[serde(default)]
    pub token: Option<String>,
    /// The token secret.
    #[serde(default)]
    pub token_secret: Option<String>,
    /// The cases.
    pub vectors: Vec<PhpCase>,
}

/// One request and what the provider's PHP server computes for it.
#[derive(Debug, Clone, Deserialize)]
pub struct PhpCase {
    /// What the case shows.
    pub about: String,
    /// HTTP method.
    pub method: String,
    /// Request URL, its query as sent.
    pub url: String,
    /// A form body (WooCommerce's cases only).
    #[serde(default)]
    pub body: Option<String>,
    /// `oauth_nonce`.
    pub nonce: String,
    /// `oauth_timestamp`.
    pub timestamp: u64,
    /// The base string PHP computed.
    pub base_string: String,
    /// The signature PHP computed.
    pub signature: String,
}

/// Path of a file under `tests/vectors/`.
pub fn vector_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("vectors")
        .join(name)
}

/// Path of a test key under `oauth1-core/tests/keys/` (kept in core, whose own tests and doctests
/// read them: a file outside a crate's package is missing when its published tests are built).
pub fn key_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../oauth1-core/tests/keys")
        .join(name)
}

/// `child`'s output once it exits, or `None` (the child killed) when it still runs after `limit`:
/// a test of a program that could wait forever ends either way, and says what it waited for.
pub fn output_within(
    mut child: std::process::Child,
    limit: std::time::Duration,
) -> Option<std::process::Output> {
    let deadline = std::time::Instant::now() + limit;
    while matches!(child.try_wait(), Ok(None)) {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().ok()
}
