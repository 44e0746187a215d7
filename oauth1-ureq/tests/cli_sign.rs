//! The `oauth1` example program's `sign` command, run as a subprocess.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::path::PathBuf;
use std::process::{Command, Output};

/// `cargo test` builds the examples next to the test binaries: `target/<profile>/examples/oauth1`.
fn program() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    profile_dir
        .join("examples")
        .join(format!("oauth1{}", std::env::consts::EXE_SUFFIX))
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(program());
    command
        .args(args)
        .env_remove("OAUTH1_CONSUMER_KEY")
        .env_remove("OAUTH1_CONSUMER_SECRET");
    command
        .env_remove("OAUTH1_TOKEN")
        .env_remove("OAUTH1_TOKEN_SECRET");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

const TWITTER: &[&str] = &[
    "sign",
    "--json",
    "--method",
    "POST",
    "--url",
    "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
    "--data",
    "status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21",
    "--consumer-key",
    "xvz1evFS4wEEPTGEFPHBog",
    "--consumer-secret",
    "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
    "--token",
    "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
    "--token-secret",
    "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
    "--nonce",
    "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
    "--timestamp",
    "1318622958",
];

fn json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn signs_twitters_example_as_json() {
    let out = json(&run(TWITTER, &[]));
    assert_eq!(out["signature"], "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    assert!(
        out["base_string"]
            .as_str()
            .unwrap()
            .starts_with("POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2F")
    );
    assert!(
        out["authorization"]
            .as_str()
            .unwrap()
            .contains("oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\"")
    );
}

#[test]
fn equals_form_and_hyphen_values_are_accepted() {
    let mut args: Vec<String> = Vec::new();
    let mut it = TWITTER.iter();
    while let Some(arg) = it.next() {
        if arg.starts_with("--") && *arg != "--json" {
            args.push(format!("{arg}={}", it.next().unwrap()));
        } else {
            args.push((*arg).to_owned());
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(
        json(&run(&args, &[]))["signature"],
        "hCtSmYh+iHYCEqBWrE7C7hYmtUk="
    );

    // A secret that begins with '-' is a value, not a flag.
    let out = run(
        &[
            "sign",
            "--json",
            "--url",
            "https://e.com/",
            "--consumer-key",
            "k",
            "--consumer-secret",
            "-s",
            "--nonce",
            "n",
            "--timestamp",
            "1",
            "--signature-method",
            "PLAINTEXT",
        ],
        &[],
    );
    assert_eq!(json(&out)["signature"], "-s&");
}

#[test]
fn credentials_come_from_the_environment() {
    let args = [
        "sign",
        "--json",
        "--url",
        "https://example.com/",
        "--nonce",
        "n",
        "--timestamp",
        "1",
        "--signature-method",
        "PLAINTEXT",
    ];
    let env = [
        ("OAUTH1_CONSUMER_KEY", "k"),
        ("OAUTH1_CONSUMER_SECRET", "cs"),
        ("OAUTH1_TOKEN", "t"),
        ("OAUTH1_TOKEN_SECRET", "ts"),
    ];
    let out = json(&run(&args, &env));
    assert_eq!(out["signature"], "cs&ts");
    assert!(
        out["authorization"]
            .as_str()
            .unwrap()
            .contains("oauth_token=\"t\"")
    );
    // PLAINTEXT still shows the base string, for debugging.
    assert!(
        out["base_string"]
            .as_str()
            .unwrap()
            .starts_with("GET&https%3A%2F%2Fexample.com%2F&")
    );
}

#[test]
fn no_version_omits_oauth_version_and_defaults_pick_a_fresh_nonce() {
    let args = [
        "sign",
        "--json",
        "--url",
        "https://example.com/",
        "--consumer-key",
        "k",
        "--consumer-secret",
        "s",
        "--no-version",
    ];
    let first = json(&run(&args, &[]));
    let second = json(&run(&args, &[]));
    let header = first["authorization"].as_str().unwrap();
    assert!(!header.contains("oauth_version"), "{header}");
    assert_ne!(
        first["authorization"], second["authorization"],
        "two runs reused a nonce"
    );
}

#[test]
fn bad_or_missing_flags_exit_2_with_usage() {
    for args in [
        &["sign", "--url"][..],
        &["sign", "--consumer-key", "k", "--consumer-secret", "s"][..],
        &[
            "sign",
            "--url",
            "https://e.com/",
            "--consumer-key",
            "k",
            "--consumer-secret",
            "s",
            "--bogus",
        ][..],
        &[
            "sign",
            "--url",
            "https://e.com/",
            "--consumer-key",
            "k",
            "--consumer-secret",
            "s",
            "--timestamp",
            "soon",
        ][..],
        &[
            "sign",
            "--url",
            "https://e.com/",
            "--consumer-key",
            "k",
            "--consumer-secret",
            "s",
            "--signature-method",
            "RSA-SHA1",
        ][..],
        &["frobnicate"][..],
        &[][..],
    ] {
        let out = run(args, &[]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("Usage") || stderr.contains("usage"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn bad_values_exit_2_with_a_message_naming_the_flag() {
    let base = [
        "sign",
        "--url",
        "https://e.com/",
        "--consumer-key",
        "k",
        "--consumer-secret",
        "s",
    ];
    let with = |extra: &[&str]| {
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        run(&args, &[])
    };
    let out = with(&["--nonce", "nonce-ü"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--nonce"));
    let out = run(
        &[
            "sign",
            "--url",
            "/relative",
            "--consumer-key",
            "k",
            "--consumer-secret",
            "SECRETVALUE",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("request URI") && !stderr.contains("SECRETVALUE"),
        "{stderr}"
    );
}
