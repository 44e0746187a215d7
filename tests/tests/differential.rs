//! Differential test against Python's oauthlib, an independent OAuth 1.0a implementation.
//!
//! `vectors/oauthlib.json` holds thousands of random requests with the base string, signature and
//! Authorization header oauthlib computed for each (made by `scripts/oauthlib_vectors.py`). Every one must
//! agree exactly. `.ci/run` also generates a fresh set with a new seed on each run and points
//! `OAUTH1_DIFFERENTIAL_CASES` at it; then that file is checked as well.
//!
//! The other direction: every case, with a new nonce and timestamp (a request oauthlib never saw), is
//! signed by oauth1-core and verified by oauthlib's own `verify_*` functions
//! (`scripts/oauthlib_verify.py`). oauthlib-signed headers verified by our `Checker` are in `verify.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use oauth1_tests::{SigningCase, check_all, interop, key_path, vector_path};
use serde::Deserialize;

#[derive(Deserialize)]
struct Cases {
    signatures: Vec<SigningCase>,
}

fn load(path: &std::path::Path) -> Vec<SigningCase> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str::<Cases>(&text).unwrap().signatures
}

#[test]
fn committed_oauthlib_cases_agree() {
    let cases = load(&vector_path("oauthlib.json"));
    assert!(cases.len() >= 2000, "only {} committed cases", cases.len());
    let methods = [
        "HMAC-SHA1",
        "HMAC-SHA256",
        "HMAC-SHA512",
        "PLAINTEXT",
        "RSA-SHA1",
        "RSA-SHA256",
        "RSA-SHA512",
    ];
    assert!(
        methods
            .iter()
            .all(|m| cases.iter().filter(|c| c.signature_method == *m).count() >= 200),
        "every method has at least 200 cases"
    );
    match check_all(&cases) {
        Ok(n) => println!("{n} oauthlib cases agree"),
        Err(report) => panic!("{report}"),
    }
}

#[test]
fn fresh_oauthlib_cases_agree() {
    let Some(path) = std::env::var_os("OAUTH1_DIFFERENTIAL_CASES") else {
        println!("OAUTH1_DIFFERENTIAL_CASES not set; .ci/run sets it to a freshly generated file");
        return;
    };
    let cases = load(std::path::Path::new(&path));
    assert!(!cases.is_empty());
    match check_all(&cases) {
        Ok(n) => println!("{n} fresh oauthlib cases agree"),
        Err(report) => panic!("{report}"),
    }
}

/// Signs each case anew with oauth1-core (another nonce and timestamp) and has oauthlib verify it.
fn oauthlib_verifies(cases: &[SigningCase], label: &str) {
    let Some(python) = interop::python_or_skip() else {
        return;
    };
    let public_pem = |file: &str| {
        let public = key_path(&oauth1_tests::public_key_file(file));
        std::fs::read_to_string(public).unwrap()
    };
    let signed: Vec<serde_json::Value> = cases
        .iter()
        .map(|case| {
            let ours = SigningCase {
                nonce: format!("{}-o", case.nonce),
                timestamp: case.timestamp + 1,
                ..case.clone()
            };
            let signed = oauth1_tests::sign(&ours).unwrap_or_else(|e| panic!("{}: {e}", case.name));
            serde_json::json!({
                "name": case.name,
                "method": case.method,
                "url": case.url,
                "content_type": case.content_type,
                "body": case.body,
                "authorization": signed.authorization,
                "consumer_secret": case.consumer_secret,
                "token_secret": case.token_secret,
                "rsa_public_key": case.rsa_key.as_deref().map(public_pem),
            })
        })
        .collect();
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ours-{label}.json"));
    std::fs::write(&path, serde_json::to_vec(&signed).unwrap()).unwrap();
    let script = interop::repo_root().join("tests/scripts/oauthlib_verify.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(&path)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    assert_eq!(stdout.trim(), format!("{} passed, 0 failed", cases.len()));
}

#[test]
fn oauthlib_verifies_what_we_sign() {
    oauthlib_verifies(&load(&vector_path("oauthlib.json")), "committed");
    if let Some(path) = std::env::var_os("OAUTH1_DIFFERENTIAL_CASES") {
        oauthlib_verifies(&load(std::path::Path::new(&path)), "fresh");
    }
}
