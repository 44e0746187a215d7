//! The bodies of oauth1's fuzz targets.
//!
//! Each function takes the fuzzer's bytes and panics only when oauth1-core breaks a promise: a panic of
//! its own, a result that contradicts a second way of computing it, or a secret in an error message. The
//! `fuzz_targets/` binaries call them under libFuzzer; the workspace's `tests` package calls them on every
//! file of `corpus/`, so `cargo test` replays the corpora without the fuzzer.

#![forbid(unsafe_code)]

mod input;
mod parsers;
mod roundtrip;
mod signing;

pub use input::{METHODS, SignInput, VerifyInput};
pub use parsers::{authorization_header, callback, form, key_file, token_response};
pub use roundtrip::encoding_roundtrip;
pub use signing::{find_mistake, sign_request, sign_verify, verify_request};

/// The RSA key the signing targets sign with: the oauth.net TestCases key (1024 bits, so that RSA does
/// not slow the fuzzer more than it must), read once.
fn rsa_key() -> &'static oauth1_core::rsa::RsaPrivateKey {
    static KEY: std::sync::LazyLock<oauth1_core::rsa::RsaPrivateKey> = std::sync::LazyLock::new(|| {
        #[allow(clippy::expect_used)] // A committed, published test key.
        oauth1_core::rsa::RsaPrivateKey::from_pem(RSA_KEY_PEM).expect("the committed test key reads")
    });
    &KEY
}

/// [`rsa_key`] as its PEM file.
const RSA_KEY_PEM: &str = include_str!("../../oauth1-core/tests/keys/oauth-net-test-cases.pem");

/// A target's checks over one input.
pub type Target = fn(&[u8]);

/// Every target, by the name of its binary and corpus directory.
pub const TARGETS: [(&str, Target); 10] = [
    ("token_response", token_response),
    ("callback", callback),
    ("authorization_header", authorization_header),
    ("form", form),
    ("encoding_roundtrip", encoding_roundtrip),
    ("sign_request", sign_request),
    ("sign_verify", sign_verify),
    ("verify_request", verify_request),
    ("find_mistake", find_mistake),
    ("key_file", key_file),
];

/// Asserts that `message` (an error's `Display` or `Debug`) does not show `secret`. Short secrets, and
/// secrets that also appear in the non-secret inputs, are skipped: the message may name those inputs.
fn assert_no_secret(message: &str, secret: &str, public: &[&str]) {
    if secret.len() < 8 || public.iter().any(|p| p.contains(secret)) {
        return;
    }
    assert!(!message.contains(secret), "a secret leaked into {message:?}");
}

/// Asserts that `message` (an error's `Display`, which may quote the provider) holds no control
/// character: it goes into logs and onto terminals, where one would split a line or act.
fn assert_printable(message: &str) {
    assert!(
        !message.chars().any(char::is_control),
        "a control character in {message:?}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_with_a_control_character_fails_the_check() {
        assert!(std::panic::catch_unwind(|| assert_printable("line\nforged")).is_err());
        assert!(std::panic::catch_unwind(|| assert_printable("\u{1b}[2J")).is_err());
        assert_printable("provider answered 401: a \\u{1b} b");
    }

    #[test]
    fn a_message_showing_a_secret_fails_the_check() {
        let leak = std::panic::catch_unwind(|| assert_no_secret("bad: s3cr3t-value", "s3cr3t-value", &[]));
        assert!(leak.is_err());
        // Short secrets, and secrets that are also public inputs, are not checked.
        assert_no_secret("bad: abc", "abc", &[]);
        assert_no_secret(
            "uri https://h/s3cr3t-value",
            "s3cr3t-value",
            &["https://h/s3cr3t-value"],
        );
    }
}
