//! Differential test against Python's oauthlib, an independent OAuth 1.0a implementation.
//!
//! `vectors/oauthlib.json` holds thousands of random requests with the base string, signature and
//! Authorization header oauthlib computed for each (made by `scripts/oauthlib_vectors.py`). Every one must
//! agree exactly. `.ci/run` also generates a fresh set with a new seed on each run and points
//! `OAUTH1_DIFFERENTIAL_CASES` at it; then that file is checked as well.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use oauth1_tests::{SigningCase, check_all, vector_path};
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
    let methods = ["HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"];
    assert!(
        methods
            .iter()
            .all(|m| cases.iter().any(|c| c.signature_method == *m))
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
