//! The `oauth1` program, installed as a user installs it and run as a subprocess: `sign` offline, and
//! `demo`, `authorize` and `request` against the reference provider on a loopback port.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The `oauth1` program, installed the way a user installs it (`cargo install --path oauth1-ureq
/// --features cli`) into `target/cli-install`, once per test run. Its own target directory: the
/// `cargo test` that runs this holds the workspace's. `--locked`: the workspace's versions.
/// `--offline` first, so that a machine holding every crate never waits on the network; on a fresh
/// machine the workspace's build has not fetched the program's own dependencies (`dirs`), and
/// `cargo test --workspace` alone must pass there too, so the install then runs again online.
fn program() -> PathBuf {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            let exe = std::env::current_exe().unwrap();
            // target/<profile>/deps/cli-… → target
            let target = exe.ancestors().nth(3).unwrap().to_path_buf();
            let root = target.join("cli-install");
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let install = |offline: bool| {
                let mut command = Command::new(&cargo);
                command
                    .args([
                        "install",
                        "--path",
                        env!("CARGO_MANIFEST_DIR"),
                        "--features",
                        "cli",
                    ])
                    .args(["--debug", "--locked", "--quiet", "--force", "--root"])
                    .arg(&root)
                    .arg("--target-dir")
                    .arg(root.join("target"));
                if offline {
                    // Its failure is only "not fetched yet": the online run reports a real one.
                    command.arg("--offline").stderr(std::process::Stdio::null());
                }
                command.status().unwrap().success()
            };
            assert!(
                install(true) || install(false),
                "cargo install --path oauth1-ureq --features cli failed"
            );
            root.join("bin")
                .join(format!("oauth1{}", std::env::consts::EXE_SUFFIX))
        })
        .clone()
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

/// `--compare` takes a base string another implementation computed: the same one is said to be the
/// same (exit 0); another is shown where it differs, with the known cause, and exits 1 as `cmp` does.
#[test]
fn sign_compares_a_base_string_from_elsewhere_and_names_the_cause() {
    let ours = json(&run(TWITTER, &[]))["base_string"]
        .as_str()
        .unwrap()
        .to_owned();
    let text: Vec<&str> = TWITTER.iter().copied().filter(|&arg| arg != "--json").collect();
    let compare = |theirs: &str| run(&[&text[..], &["--compare", theirs]].concat(), &[]);
    let same = compare(&ours);
    assert!(same.status.success(), "{}", String::from_utf8_lossy(&same.stderr));
    let stdout = String::from_utf8_lossy(&same.stdout);
    assert!(
        stdout.ends_with("compared:      the same base string\n"),
        "{stdout}"
    );
    // A server that keeps the default port in its base string.
    let theirs = ours.replace("twitter.com%2F", "twitter.com%3A443%2F");
    let other = compare(&theirs);
    assert_eq!(other.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&other.stdout);
    assert!(
        stdout.contains(
            "compared:      base strings differ at byte 35 (the base string URI): ours \"3A%2F%2Fapi.twitter.com%2F1.1"
        ),
        "{stdout}"
    );
    assert!(
        stdout.trim_end().ends_with(
            "; one side writes a default port (RFC 5849 §3.4.1.2 leaves out :80 for http and :443 for https)"
        ),
        "{stdout}"
    );
    assert_eq!(
        String::from_utf8_lossy(&other.stderr),
        "oauth1: the base strings differ\n"
    );
    // As JSON: `compared` is null for the same string, the difference otherwise.
    let with_json = |theirs: &str| run(&[TWITTER, &["--compare", theirs]].concat(), &[]);
    assert_eq!(json(&with_json(&ours))["compared"], serde_json::Value::Null);
    let out = with_json(&theirs);
    assert_eq!(out.status.code(), Some(1));
    let out: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        out["compared"].as_str().unwrap().contains("default port"),
        "{out}"
    );
}

/// As twurl and curl do, `-d` without `-X` is a POST: Twitter's example signs the same without
/// `--method POST`. Without a body the method is GET; `-X` says otherwise either way.
#[test]
fn data_without_a_method_is_a_post() {
    let without_method: Vec<&str> = TWITTER
        .iter()
        .copied()
        .filter(|&arg| arg != "--method" && arg != "POST")
        .collect();
    assert_eq!(without_method.len(), TWITTER.len() - 2);
    let out = json(&run(&without_method, &[]));
    assert_eq!(out["signature"], "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    let base = |args: &[&str]| json(&run(args, &[]))["base_string"].as_str().unwrap().to_owned();
    let get = [
        "sign",
        "--json",
        "https://a.example/",
        "--consumer-key",
        "k",
        "--consumer-secret",
        "s",
    ];
    assert!(base(&get).starts_with("GET&"));
    let mut put = get.to_vec();
    put.extend(["-d", "a=1", "-X", "PUT"]);
    assert!(base(&put).starts_with("PUT&"));
}

/// `-d @FILE` reads a body part from FILE and `-d @-` from standard input, as curl does: a form's
/// line breaks are dropped (an editor ends the file with one), any other body is sent byte for byte.
#[test]
fn data_from_a_file_or_standard_input_is_read_as_curl_reads_it() {
    let dir = fresh_config_dir("data-file");
    std::fs::create_dir_all(&dir).unwrap();
    let form = dir.join("status.form");
    let at = |path: &std::path::Path| format!("@{}", path.display());
    let data = TWITTER.iter().position(|&arg| arg == "--data").unwrap() + 1;
    std::fs::write(&form, format!("{}\r\n", TWITTER[data])).unwrap();
    let from_file = at(&form);
    let mut args = TWITTER.to_vec();
    args[data] = &from_file;
    assert_eq!(
        json(&run(&args, &[]))["signature"],
        "hCtSmYh+iHYCEqBWrE7C7hYmtUk="
    );
    // A form named as one by its content type is read the same way.
    let mut typed = args.clone();
    typed.extend(["--content-type", "application/x-www-form-urlencoded"]);
    assert_eq!(
        json(&run(&typed, &[]))["signature"],
        "hCtSmYh+iHYCEqBWrE7C7hYmtUk="
    );

    args[data] = "@-";
    let mut child = Command::new(program())
        .args(&args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::io::Write::write_all(&mut stdin, TWITTER[data].as_bytes()).unwrap();
    drop(stdin);
    let from_stdin = oauth1_tests::output_within(child, std::time::Duration::from_secs(20)).unwrap();
    assert_eq!(json(&from_stdin)["signature"], "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");

    // A JSON body keeps its line break: its body hash is the one of the same bytes given inline.
    let document = "{\"name\": \"a\"}\n";
    let json_file = dir.join("item.json");
    std::fs::write(&json_file, document).unwrap();
    let item_from_file = at(&json_file);
    let signed = |body: &str| {
        let mut args = vec!["sign", "--json", "https://api.example.com/items", "-d", body];
        args.extend(["--content-type", "application/json", "--body-hash", "sha1"]);
        args.extend(["--nonce", "n", "--timestamp", "1"]);
        args.extend_from_slice(CREDENTIALS);
        json(&run(&args, &[]))["authorization"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let inline = signed(document);
    assert!(inline.contains("oauth_body_hash="), "{inline}");
    assert_eq!(signed(&item_from_file), inline);
    assert_ne!(
        signed("{\"name\": \"a\"}"),
        inline,
        "the line break is part of the body"
    );

    // A file that cannot be read is bad input, named with its path.
    let missing = at(&dir.join("missing.form"));
    let mut args = vec!["sign", "https://api.example.com/items", "-d", &missing];
    args.extend_from_slice(CREDENTIALS);
    let output = run(&args, &[]);
    exits_saying(&output, 2, &format!("--data {missing}: "));
    assert!(!stderr(&output).contains("Usage:"), "{}", stderr(&output));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--data-urlencode` encodes a part's text as curl does (curl's own test 1015: a part without a
/// name, `name@FILE` and `@FILE`, the file's line break kept), joined with the `-d` parts in the order
/// given; `--data-raw` and `--data-binary` are curl's too; `-G` puts the data in the query of a GET,
/// as curl -G does.
#[test]
fn data_urlencode_and_get_build_the_data_as_curl_does() {
    let dir = fresh_config_dir("data-urlencode");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("1015.txt");
    std::fs::write(&file, "content to _?!#$'|<>\n").unwrap();
    let named = format!("v_alue@{}", file.display());
    let whole = format!("@{}", file.display());
    let signed = |args: &[&str]| {
        let mut all = vec!["sign", "--json", "--nonce", "n", "--timestamp", "1"];
        all.extend_from_slice(CREDENTIALS);
        all.extend_from_slice(args);
        json(&run(&all, &[]))
    };
    let url = "https://api.example.com/1015";
    let out = signed(&[
        url,
        "--data-urlencode",
        "my name is moo[]",
        "-d",
        "x=1",
        "--data-urlencode",
        &named,
        "--data-urlencode",
        &whole,
        "--data-urlencode=a=b@c",
    ]);
    // curl's test 1015 expects these octets for the same three parts (without its part whose
    // name holds spaces, which a form never holds; a form is checked here).
    let encoded = "content%20to%20_%3F%21%23%24%27%7C%3C%3E%0A";
    let body = format!("my%20name%20is%20moo%5B%5D&x=1&v_alue={encoded}&{encoded}&a=b%40c");
    assert_eq!(out["body"], body.as_str());
    assert!(out["base_string"].as_str().unwrap().starts_with("POST&"));
    // Signed as the same body given as it is sent.
    let as_sent = signed(&[url, "-d", &body]);
    assert_eq!(out["signature"], as_sent["signature"]);

    // --data-raw sends a leading `@` as it is; --data-binary reads a file byte for byte, so a form
    // file's line break stays (and is refused, as in any form), where -d drops it.
    let form_file = dir.join("form");
    std::fs::write(&form_file, "b=2\n").unwrap();
    let form_file = format!("@{}", form_file.display());
    let out = signed(&[url, "--data-raw", "@x=1", "-d", &form_file]);
    assert_eq!(out["body"], "@x=1&b=2");
    let mut binary = vec!["sign", url, "--data-binary", &form_file];
    binary.extend_from_slice(CREDENTIALS);
    exits_saying(&run(&binary, &[]), 2, "a control character at byte 3");
    let text = |data: &[&str]| {
        let mut args = vec![url, "--content-type", "text/plain", "--body-hash", "sha1"];
        args.extend_from_slice(data);
        signed(&args)["authorization"].clone()
    };
    let kept = text(&["--data-binary", &form_file]);
    assert_eq!(kept, text(&["-d", "b=2\n"]));
    assert_ne!(kept, text(&["-d", "b=2"]), "the body hash covers the line break");

    // -G: a GET whose query gets the data after its own, before a fragment; no body.
    let out = signed(&[
        "https://api.example.com/search?lang=en#top",
        "-G",
        "--data-urlencode",
        "q=a b&c",
        "-d",
        "n=2",
    ]);
    let query = "https://api.example.com/search?lang=en&q=a%20b%26c&n=2";
    assert_eq!(out["url"], query);
    assert!(out["base_string"].as_str().unwrap().starts_with("GET&"));
    assert_eq!(out["body"], serde_json::Value::Null);
    assert_eq!(out["signature"], signed(&[query])["signature"]);
    let out = signed(&["https://api.example.com/search", "-G", "-d", "q=x"]);
    assert_eq!(out["url"], "https://api.example.com/search?q=x");

    // A form with a space names the flag that encodes it; so does a query.
    let mut refused = vec!["sign", url, "-d", "status=hi there"];
    refused.extend_from_slice(CREDENTIALS);
    exits_saying(
        &run(&refused, &[]),
        2,
        "--data holds a space at byte 9, which a form never holds unencoded: percent-encode it \
         (--data-urlencode does)",
    );
    refused.push("-G");
    exits_saying(&run(&refused, &[]), 2, "which a query never holds unencoded");
    let mut typed = vec!["sign", url, "-G", "-d", "a=1", "--content-type", "text/plain"];
    typed.extend_from_slice(CREDENTIALS);
    exits_saying(&run(&typed, &[]), 2, "with -G the data goes in the query");

    // A file that cannot be read, or whose text is not UTF-8, is named with its flag.
    let binary = dir.join("binary");
    std::fs::write(&binary, b"\xff\xfe").unwrap();
    for (spec, said) in [
        (format!("t@{}", dir.join("missing").display()), "No such file"),
        (format!("t@{}", binary.display()), "not UTF-8 text"),
    ] {
        let mut args = vec!["sign", url, "--data-urlencode", &spec];
        args.extend_from_slice(CREDENTIALS);
        let output = run(&args, &[]);
        exits_saying(&output, 2, &format!("--data-urlencode {spec}: "));
        exits_saying(&output, 2, said);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The oauth.net TestCases RSA-SHA1 request, signed with its published key.
fn oauth_net_rsa(key_file: &str, method: &str) -> Output {
    let key = oauth1_tests::key_path(key_file);
    run(
        &[
            "sign",
            "--json",
            "--url",
            "http://photos.example.net/photos?file=vacaction.jpg&size=original",
            "--consumer-key",
            "dpf43f3p2l4k3l03",
            // Empty, as the oauth.net case has it: the RSA methods never read it, so it may be.
            "--consumer-secret",
            "",
            "--signature-method",
            method,
            "--rsa-key",
            key.to_str().unwrap(),
            "--nonce",
            "13917289812797014437",
            "--timestamp",
            "1196666512",
        ],
        &[],
    )
}

#[test]
fn signs_the_oauth_net_rsa_sha1_example_with_its_key_file() {
    let out = json(&oauth_net_rsa("oauth-net-test-cases.pem", "RSA-SHA1"));
    assert_eq!(
        out["signature"],
        "jvTp/wX1TYtByB1m+Pbyo0lnCOLIsyGCH7wke8AUs3BpnwZJtAuEJkvQL2/9n4s5wUmUl4aCI4BwpraNx4RtEXMe5qg5T1LVT\
         GliMRpKasKsW//e+RinhejgCuzoH26dyF8iY2ZZ/5D1ilgeijhV/vBka5twt399mXwaYdCwFYE="
    );
    assert!(out["base_string"].as_str().unwrap().contains("RSA-SHA1"));
    assert!(
        out["authorization"]
            .as_str()
            .unwrap()
            .contains("oauth_signature_method=\"RSA-SHA1\"")
    );
    // The same key as binary PKCS#8 (DER) gives the same signature.
    let der = json(&oauth_net_rsa("oauth-net-test-cases.pkcs8.der", "RSA-SHA1"));
    assert_eq!(der["signature"], out["signature"]);
    // PKCS#1 and PKCS#8 files of one key sign alike; SHA-256 and SHA-512 name their method.
    let pkcs1 = json(&oauth_net_rsa("test-client-2048.pkcs1.pem", "RSA-SHA256"));
    let pkcs8 = json(&oauth_net_rsa("test-client-2048.pkcs8.pem", "RSA-SHA256"));
    assert_eq!(pkcs1["signature"], pkcs8["signature"]);
    assert_eq!(pkcs1["signature"].as_str().unwrap().len(), 344); // 256 bytes in base64
    let sha512 = json(&oauth_net_rsa("test-client-2048.pkcs8.pem", "RSA-SHA512"));
    assert!(sha512["base_string"].as_str().unwrap().contains("RSA-SHA512"));
}

#[test]
fn hmac_sha512_signs() {
    let mut args = TWITTER.to_vec();
    args.extend(["--signature-method", "HMAC-SHA512"]);
    let out = json(&run(&args, &[]));
    assert_eq!(out["signature"].as_str().unwrap().len(), 88);
    assert!(out["base_string"].as_str().unwrap().contains("HMAC-SHA512"));
}

#[test]
fn a_bad_rsa_key_file_exits_2_naming_what_is_wrong() {
    let dir = std::env::temp_dir().join(format!("oauth1-cli-key-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        ("empty.pem", b"".as_slice(), "no PEM block"),
        (
            "cert.pem",
            b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            "CERTIFICATE",
        ),
        (
            "broken.pem",
            b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "not a well-formed PKCS#8 key",
        ),
        // Not text: read as DER, and said so.
        (
            "key.p12",
            b"\x30\x82\x0a\x00\xff\xfe",
            "not text, so read as DER: RSA key: not a well-formed PKCS#8 key",
        ),
    ];
    for (name, content, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        let out = oauth_net_rsa(path.to_str().unwrap(), "RSA-SHA1");
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("--rsa-key") && stderr.contains(expected),
            "{name}: {stderr}"
        );
        // The flags were right, the file is not: no usage line.
        assert!(!stderr.contains("Usage"), "{name}: {stderr}");
    }
    let missing = oauth_net_rsa(dir.join("missing.pem").to_str().unwrap(), "RSA-SHA1");
    assert_eq!(missing.status.code(), Some(2));
    // A device that never ends (or a huge file named by mistake) is refused, not read without bound.
    let endless = oauth_net_rsa("/dev/zero", "RSA-SHA1");
    assert_eq!(endless.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&endless.stderr);
    assert!(
        stderr.contains("--rsa-key /dev/zero: larger than 1048576 bytes"),
        "{stderr}"
    );
    // A key with a method that takes none is a usage error too.
    let hmac = oauth_net_rsa("oauth-net-test-cases.pem", "HMAC-SHA1");
    assert_eq!(hmac.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
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
        // Without an RSA method, a consumer key needs its secret.
        &["sign", "--url", "https://e.com/", "--consumer-key", "k"][..],
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
        // The subcommand's own usage, whether clap or the command refused the flags.
        if args.first() == Some(&"sign") {
            assert!(stderr.contains("Usage: oauth1 sign "), "{args:?}: {stderr}");
        }
    }
    // A nested subcommand's, too.
    let config = fresh_config_dir("usage");
    let env = [("OAUTH1_CONFIG_DIR", config.to_str().unwrap())];
    for (args, line) in [
        (
            &["profiles", "remove", "nope"][..],
            "Usage: oauth1 profiles remove <NAME>",
        ),
        (
            &["profiles", "default"][..],
            "Usage: oauth1 profiles default <NAME>",
        ),
    ] {
        let out = run(args, &env);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(line), "{args:?}: {stderr}");
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

/// A URL, method or header `http` refuses is named by its flag, with what is wrong in it: a URL
/// typed with a space (as twurl users write `?q=a b`) is told to percent-encode it.
#[test]
fn an_unsendable_url_method_or_header_is_named_with_what_is_wrong() {
    let sign = |extra: &[&str]| {
        let mut args = vec!["sign", "--consumer-key", "k", "--consumer-secret", "s"];
        args.extend_from_slice(extra);
        let out = run(&args, &[]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        stderr(&out)
    };
    let message = sign(&["https://e.com/search?q=a b"]);
    assert!(
        message.contains("--url holds a space at byte 24") && message.contains("%20"),
        "{message}"
    );
    let message = sign(&["e.com/search"]);
    assert!(
        message.contains("neither a URL (https://host/…) nor a path"),
        "{message}"
    );
    let message = sign(&["https://e.com/a<b"]);
    assert!(message.contains("--url holds '<' at byte 15"), "{message}");
    let message = sign(&["-X", "GE T", "https://e.com/"]);
    assert!(message.contains("--method"), "{message}");
    assert!(!message.contains("--url"), "{message}");
    // Headers go with `request`; each is refused before anything is sent, its value never quoted.
    let request = |header: &str| {
        let args = [
            "request",
            "--consumer-key",
            "k",
            "--consumer-secret",
            "s",
            "-H",
            header,
        ];
        let out = run(&[&args[..], &["https://e.com/"]].concat(), &[]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        stderr(&out)
    };
    let message = request("X-Token: key-\u{7}-value");
    assert!(message.contains("-H x-token: its value holds"), "{message}");
    let message = request("X-Token key-value");
    assert!(
        message.contains("no ':'") && !message.contains("key-value"),
        "{message}"
    );
    let message = request("X Token: v");
    assert!(message.contains("-H \"X Token\": not a header name"), "{message}");
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn demo_walks_the_flow_and_prints_no_secret() {
    let output = run(&["demo"], &[]);
    let out = stdout(&output);
    assert!(output.status.success(), "{out}\n{}", stderr(&output));
    for step in [
        "1. Temporary credentials",
        "oauth_callback_confirmed=true",
        "2. The user authorizes the application at:",
        "/oauth/authorize?oauth_token=",
        "The page shows the PIN: ",
        "3. Token credentials",
        "screen_name=twitterapi",
        "4. A signed API call",
        "5. A signed API call",
        "\"text\":\"Hello Ladies + Gentlemen, a signed OAuth request! !*'() ☃ é\"",
        "Done",
    ] {
        assert!(out.contains(step), "missing {step:?} in:\n{out}");
    }
    assert_eq!(out.matches("<- 200 OK").count(), 4, "{out}");
    assert!(!out.contains("demo-consumer-secret"), "{out}");
    assert!(out.contains("oauth_token_secret=[redacted]") && out.contains("oauth_verifier=\"[redacted]\""));
}

#[test]
fn authorize_prints_the_url_reads_the_pin_and_prints_the_tokens() {
    let consumer = oauth1_core::ClientCredentials::new("cli-key", "cli-secret");
    let provider = oauth1_tests::provider::ReferenceProvider::start(consumer).unwrap();
    let url = provider.url();
    let args = [
        "--json",
        "--host",
        &url,
        "--force-login",
        "--consumer-key",
        "cli-key",
        "--consumer-secret",
        "cli-secret",
    ];
    let output = authorize_as_user(&args, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    // The URL is alone on its line on stderr.
    let err = stderr(&output);
    let line = err.lines().find(|l| l.starts_with("http://")).unwrap();
    assert!(
        line.contains("/oauth/authorize?oauth_token=") && line.ends_with("&force_login=true"),
        "{line}"
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["screen_name"], "twitterapi");
    assert_eq!(json["user_id"], "6253282");
    assert_eq!(json["oauth_token"].as_str().unwrap().len(), 32);
    assert_eq!(json["oauth_token_secret"].as_str().unwrap().len(), 32);
}

/// A provider's token, user id and screen name reach the terminal with their control characters
/// escaped: an escape sequence in them could recolour, retitle or clear the user's terminal.
#[test]
fn authorize_shows_a_hostile_providers_text_escaped() {
    use std::io::Write as _;
    let hostile = oauth1_tests::misbehaving::Misbehaving::answering(
        "oauth_token=t%1B%5B31m&oauth_token_secret=s%07&oauth_callback_confirmed=true\
         &user_id=1%1B%5B2J&screen_name=evil%1B%5D0%3Bpwned%07",
    )
    .unwrap();
    let url = hostile.url();
    let mut child = Command::new(program())
        .args([
            "authorize",
            "--host",
            &url,
            "--consumer-key",
            "ck",
            "--consumer-secret",
            "cs",
        ])
        .arg("--show-secrets")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"1234\n").unwrap();
    let output = oauth1_tests::output_within(child, std::time::Duration::from_secs(20)).unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(!out.contains(['\u{1b}', '\u{7}']), "{out:?}");
    assert!(out.contains("oauth_token:        t\\u{1b}[31m"), "{out}");
    assert!(out.contains("oauth_token_secret: s\\u{7}"), "{out}");
    assert!(out.contains("user_id:            1\\u{1b}[2J"), "{out}");
    assert!(
        out.contains("screen_name:        evil\\u{1b}]0;pwned\\u{7}"),
        "{out}"
    );
}

/// With nothing on standard input (`output()` gives the child a closed stdin), `authorize` says so
/// instead of calling the empty answer a missing verifier.
#[test]
fn authorize_without_a_pin_on_stdin_says_that_input_ended() {
    let consumer = oauth1_core::ClientCredentials::new("cli-key", "cli-secret");
    let provider = oauth1_tests::provider::ReferenceProvider::start(consumer).unwrap();
    let url = provider.url();
    let args = [
        "authorize",
        "--host",
        &url,
        "--consumer-key",
        "cli-key",
        "--consumer-secret",
        "cli-secret",
    ];
    let output = run(&args, &[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("no PIN: standard input ended"), "{err}");
}

/// Runs `authorize` against a loopback provider with `extra` flags, hands its standard input to
/// `feed` on a thread (which keeps it open as long as it holds it), and returns its output once it
/// exits; fails the test if it is still running after 20 s.
fn authorize_fed(extra: &[&str], feed: impl FnOnce(std::process::ChildStdin) + Send + 'static) -> Output {
    let consumer = oauth1_core::ClientCredentials::new("cli-key", "cli-secret");
    let provider = oauth1_tests::provider::ReferenceProvider::start(consumer).unwrap();
    let url = provider.url();
    let mut child = Command::new(program())
        .args(["authorize", "--host", &url, "--consumer-key", "cli-key"])
        .args(["--consumer-secret", "cli-secret"])
        .args(extra)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || feed(stdin));
    oauth1_tests::output_within(child, std::time::Duration::from_secs(20))
        .expect("authorize still waiting for its answer after 20 s")
}

/// Waiting for the user has a deadline too: an answer that never comes ends the command, saying so.
#[test]
fn authorize_stops_waiting_for_an_answer_at_its_deadline() {
    // Standard input stays open and silent.
    let silent = |stdin| {
        std::thread::sleep(std::time::Duration::from_secs(30));
        drop(stdin);
    };
    let output = authorize_fed(&["--pin-timeout", "1"], silent);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("no answer within 1 s"), "{err}");
}

/// An answer that never ends its line (a stream piped in by mistake) is refused once it is longer
/// than any PIN or callback URL, not read into memory for as long as it flows.
#[test]
fn authorize_refuses_an_endless_answer() {
    use std::io::Write as _;
    // The pipe stays open: only the program's own limit can end its read.
    let endless = |mut stdin: std::process::ChildStdin| {
        let chunk = [b'7'; 4096];
        for _ in 0..64 {
            if stdin.write_all(&chunk).is_err() {
                return; // the program stopped reading
            }
        }
        std::thread::sleep(std::time::Duration::from_secs(30));
    };
    let output = authorize_fed(&[], endless);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("longer than 16384 bytes"), "{err}");
}

/// A reference provider on a loopback port for the consumer `cli-key` / `cli-secret`, and an access
/// token it issued.
fn provider_with_a_token() -> (
    oauth1_tests::provider::ReferenceProvider,
    oauth1_core::TokenCredentials,
) {
    let consumer = oauth1_core::ClientCredentials::new("cli-key", "cli-secret");
    let provider = oauth1_tests::provider::ReferenceProvider::start(consumer).unwrap();
    let token = provider.issue_access_token();
    (provider, token)
}

/// The environment that signs as `cli-key` with `token`.
fn signing_env(token: &oauth1_core::TokenCredentials) -> [(&'static str, &str); 4] {
    [
        ("OAUTH1_CONSUMER_KEY", "cli-key"),
        ("OAUTH1_CONSUMER_SECRET", "cli-secret"),
        ("OAUTH1_TOKEN", token.token()),
        ("OAUTH1_TOKEN_SECRET", token.secret().expose()),
    ]
}

/// `request` says who sends it: `oauth1/<version>` unless `-A` names the application (Discogs asks
/// each to); a value that is no header value is bad usage, before any traffic.
#[test]
fn request_sends_a_user_agent_that_a_names() {
    let (provider, token) = provider_with_a_token();
    let url = format!("{}/test/user-agent", provider.url());
    let env = signing_env(&token);
    let out = run(&["request", &url], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("oauth1/{}\n", env!("CARGO_PKG_VERSION")));
    let out = run(
        &["request", "-A", "MyDiscogsClient/1.0 +https://example.com", &url],
        &env,
    );
    assert_eq!(stdout(&out), "MyDiscogsClient/1.0 +https://example.com\n");
    // Text beyond ASCII goes out as its UTF-8 octets, as curl sends it (http 1.6 refuses it as a
    // `&str`, which once made this a usage error blaming a control character).
    let out = run(&["request", "-A", "Café-Client/1.0", &url], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "Café-Client/1.0\n");
    let out = run(&["request", "-H", "User-Agent: Ünï/2", &url], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "Ünï/2\n");
    let out = run(&["request", "--user-agent", "two\nlines", &url], &env);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--user-agent"), "{}", stderr(&out));
}

/// `--placement` puts the protocol parameters where asked, for any provider: `sign` shows them there,
/// and the provider accepts the request sent that way.
#[test]
fn placement_puts_the_parameters_where_asked() {
    let (provider, token) = provider_with_a_token();
    let url = format!("{}/1.1/statuses/update.json", provider.url());
    let env = signing_env(&token);
    for (placement, carrier) in [("header", "authorization"), ("query", "url"), ("body", "body")] {
        let signed = json(&run(
            &[
                "sign",
                "--json",
                "--placement",
                placement,
                &url,
                "-d",
                "status=hi",
            ],
            &env,
        ));
        for part in ["authorization", "url", "body"] {
            let text = signed[part].as_str().unwrap_or_default();
            assert_eq!(
                text.contains("oauth_signature="),
                part == carrier,
                "{placement}: {signed}"
            );
        }
        let out = run(
            &["request", "--placement", placement, &url, "-d", "status=hi"],
            &env,
        );
        assert!(out.status.success(), "{placement}: {}", stderr(&out));
        assert!(
            stdout(&out).contains("\"text\":\"hi\""),
            "{placement}: {}",
            stdout(&out)
        );
    }
}

#[test]
fn request_prints_status_and_body_and_fails_with_the_providers_message() {
    let (provider, token) = provider_with_a_token();
    let url = format!("{}/1.1/statuses/update.json", provider.url());
    let env = signing_env(&token);
    let args = [
        "request",
        "--json",
        "--method",
        "POST",
        "--url",
        &url,
        "--data",
        "status=hi%20%E2%98%83",
    ];
    let output = run(&args, &env);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["status"], 200);
    let body: serde_json::Value = serde_json::from_str(json["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["text"], "hi ☃");
    // The same status as text, encoded by --data-urlencode, with what a form gives meaning to.
    let encoded = [
        "request",
        "--json",
        &url,
        "--data-urlencode",
        "status=hi ☃ & 50% + more",
    ];
    let json: serde_json::Value = serde_json::from_slice(&run(&encoded, &env).stdout).unwrap();
    let body: serde_json::Value = serde_json::from_str(json["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["text"], "hi ☃ & 50% + more");

    // A wrong token secret: the provider's 401 and message, exit 1, and no secret printed.
    let wrong = [
        env[0],
        env[1],
        env[2],
        ("OAUTH1_TOKEN_SECRET", "wrong-token-secret"),
    ];
    let output = run(&args[..], &wrong);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("401") && err.contains("Could not authenticate you."),
        "{err}"
    );
    for text in [stdout(&output), err] {
        assert!(
            !text.contains("wrong-token-secret") && !text.contains("cli-secret"),
            "{text}"
        );
    }

    // An answer longer than --max-body-size is an error that names the flag, never a cut body.
    let mut capped = args.to_vec();
    capped.extend_from_slice(&["--max-body-size", "16"]);
    let output = run(&capped, &env);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    assert!(
        err.contains("the response body is longer than 16 bytes (--max-body-size raises it)"),
        "{err}"
    );

    // An Authorization header of the user's own would be replaced by the OAuth one, unsent: exit 2,
    // before any traffic.
    let hits = provider.hits("/1.1/statuses/update.json");
    let mut with_own = args.to_vec();
    with_own.extend_from_slice(&["-H", "Authorization: Basic dTpw"]);
    exits_saying(
        &run(&with_own, &env),
        2,
        "-H Authorization: the OAuth Authorization header takes its place, so it would not be sent; \
         drop it",
    );
    assert_eq!(provider.hits("/1.1/statuses/update.json"), hits);

    // `-H Content-Type` is the body's content type (one on the wire, none added): a JSON body goes
    // out under it, signed with a body hash; the provider checks the signature, then wants a status.
    let json_body = [
        "request",
        "-X",
        "POST",
        &url,
        "-d",
        r#"{"status": "hi"}"#,
        "-H",
        "Content-Type: application/json",
        "--body-hash",
        "sha1",
    ];
    let output = run(&json_body, &env);
    exits_saying(&output, 1, "400 Bad Request");
    // The provider's error body on stdout, as curl prints it.
    assert!(
        stdout(&output).contains("status is missing"),
        "{}",
        stdout(&output)
    );
    // Given twice, it is refused.
    let mut twice = json_body.to_vec();
    twice.extend_from_slice(&["--content-type", "application/json"]);
    exits_saying(&run(&twice, &env), 2, "the content type is given twice");
}

/// `-m/--max-time` bounds the whole call, as curl's does: an answer that never comes ends the
/// command with exit 1 naming the flag, well before the 60 s default.
#[test]
fn max_time_bounds_the_call() {
    let (provider, token) = provider_with_a_token();
    let url = format!("{}/test/hang", provider.url());
    let child = Command::new(program())
        .args(["request", &url, "-m", "1"])
        .envs(signing_env(&token))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Half the default: without -m 1 this would still be waiting.
    let output = oauth1_tests::output_within(child, std::time::Duration::from_secs(30)).unwrap();
    exits_saying(&output, 1, "(--max-time raises it)");
    exits_saying(&run(&["request", &url, "-m", "0"], &[]), 2, "--max-time");
}

/// `-F` sends a multipart/form-data body as curl does: text fields, files (type guessed from the name,
/// or `;type=`, and `;filename=`), and `<FILE` fields; a parser that is not ours (multer, in the test
/// provider's `/test/multipart`) reads the parts back, and the provider accepts the signature.
#[test]
fn form_parts_go_out_as_multipart_as_curl_sends_them() {
    let (provider, token) = provider_with_a_token();
    let env = signing_env(&token);
    let dir = fresh_config_dir("multipart");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("pic.png"), "picture octets").unwrap();
    std::fs::write(dir.join("caption.txt"), "a caption\n").unwrap();
    std::fs::write(dir.join("notes.bin"), "notes").unwrap();
    let at = |spec: &str| spec.replace("DIR", &dir.display().to_string());
    let url = format!("{}/test/multipart", provider.url());
    let (media, caption, doc) = (
        at("media=@DIR/pic.png"),
        at("caption=<DIR/caption.txt"),
        at("doc=@DIR/notes.bin;type=text/plain;filename=notes.txt"),
    );
    let args = [
        "request",
        "--json",
        "--explain",
        &url,
        "-F",
        "status=hi there",
        "-F",
        &media,
        "-F",
        &caption,
        "-F",
        &doc,
    ];
    let output = run(&args, &env);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("\n  POST&"), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let parts: serde_json::Value = serde_json::from_str(json["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        parts,
        serde_json::json!([
            {"name": "status", "file_name": null, "content_type": null, "text": "hi there"},
            {"name": "media", "file_name": "pic.png", "content_type": "image/png", "text": "picture octets"},
            {"name": "caption", "file_name": null, "content_type": null, "text": "a caption\n"},
            {"name": "doc", "file_name": "notes.txt", "content_type": "text/plain", "text": "notes"},
        ])
    );

    // The provider checks the signature of a multipart request (no body parameters), then wants
    // its status, which a multipart body does not give it.
    let update = format!("{}/1.1/statuses/update.json", provider.url());
    exits_saying(
        &run(&["request", &update, "-F", "status=hi"], &env),
        1,
        "status is missing",
    );

    // Bad parts are named, before any traffic.
    let hits = provider.hits("/1.1/statuses/update.json");
    let missing = at("a=@DIR/missing.png");
    let unknown = at("a=@DIR/pic.png;color=red");
    let directory = at("a=@DIR");
    for (part, extra, said) in [
        ("novalue", None, "-F expects name=value, name=@FILE or name=<FILE"),
        (missing.as_str(), None, "-F a=@"),
        (
            unknown.as_str(),
            None,
            "only ;type=TYPE and ;filename=NAME are known",
        ),
        (directory.as_str(), None, "a directory, not a file"),
        ("a\"b=1", None, "a part's name cannot hold"),
        ("a=1", Some(["-d", "b=2"]), "cannot be used with"),
        (
            "a=1",
            Some(["-H", "Content-Type: text/plain"]),
            "-F sends multipart/form-data",
        ),
    ] {
        let mut args = vec!["request", &update, "-F", part];
        args.extend(extra.into_iter().flatten());
        exits_saying(&run(&args, &env), 2, said);
    }
    assert_eq!(provider.hits("/1.1/statuses/update.json"), hits);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Flickr signs an upload's text fields, the photo never: `sign --provider flickr` with `-F` gives
/// the signature oauthlib 4.0.1 gives the same fields in a form body (as in the presets tests), a
/// `<FILE` field included; without a provider that signs them, the fields are not in the base string.
#[test]
fn flickr_uploads_sign_their_text_fields() {
    let dir = fresh_config_dir("flickr-upload");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("sunset.jpg"), "photo octets").unwrap();
    std::fs::write(dir.join("tags.txt"), "paris \"food\" ☕").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"caf\xe9").unwrap();
    let at = |spec: &str| spec.replace("DIR", &dir.display().to_string());
    let (photo, tags, latin1) = (
        at("photo=@DIR/sunset.jpg"),
        at("tags=<DIR/tags.txt"),
        at("tags=<DIR/latin1.txt"),
    );
    let upload = |provider: Option<&str>, tags: &str| {
        let mut args = vec![
            "sign",
            "--json",
            "--url",
            "https://up.flickr.com/services/upload/",
        ];
        args.extend(provider.map(|name| ["--provider", name]).into_iter().flatten());
        args.extend([
            "-F",
            &photo,
            "-F",
            "title=Café + croissant",
            "-F",
            "description=a=b&c d",
        ]);
        args.extend(["-F", tags, "-F", "is_public=1"]);
        args.extend([
            "--consumer-key",
            "flickr-key",
            "--consumer-secret",
            "flickr-secret",
        ]);
        args.extend(["--token", "72157-token", "--token-secret", "token-secret"]);
        args.extend(["--nonce", "95613465", "--timestamp", "1305586162"]);
        run(&args, &[])
    };

    let out = json(&upload(Some("flickr"), &tags));
    assert_eq!(out["signature"], "vNbDR2DjSbDxbLnQn96naa1mMwI=");
    let url = out["url"].as_str().unwrap();
    assert!(
        url.contains("&oauth_signature=vNbDR2DjSbDxbLnQn96naa1mMwI%3D&"),
        "{url}"
    );
    let base = out["base_string"].as_str().unwrap();
    assert!(
        base.contains("%26title%3DCaf%25C3%25A9%2520%252B%2520croissant"),
        "{base}"
    );
    assert!(!base.contains("photo"), "{base}");

    let rfc = json(&upload(None, &tags));
    assert!(!rfc["base_string"].as_str().unwrap().contains("title"), "{rfc}");

    exits_saying(&upload(Some("flickr"), &latin1), 2, "this file is not UTF-8 text");
    std::fs::remove_dir_all(&dir).unwrap();

    let providers = stdout(&run(&["providers"], &[]));
    let flickr = providers
        .lines()
        .find(|line| line.starts_with("flickr "))
        .unwrap();
    assert!(flickr.ends_with("multipart text fields signed"), "{flickr}");
}

/// `-i` prints the response's headers between the status and the body, as curl -i does; with
/// `--json` as name/value pairs in the order received.
#[test]
fn include_prints_the_response_headers() {
    let (provider, token) = provider_with_a_token();
    let url = format!("{}/1.1/account/verify_credentials.json", provider.url());
    let env = signing_env(&token);
    let output = run(&["request", "-i", &url], &env);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let (head, body) = text.split_once("\n\n").unwrap();
    let mut lines = head.lines();
    assert_eq!(lines.next(), Some("200 OK"));
    let headers: Vec<&str> = lines.collect();
    assert!(
        headers.contains(&"content-type: application/json; charset=utf-8"),
        "{headers:?}"
    );
    assert!(headers.iter().all(|line| line.contains(": ")), "{headers:?}");
    let user: serde_json::Value = serde_json::from_str(body).unwrap();
    assert!(user["screen_name"].is_string(), "{body}");
    // Without -i: the body alone, as curl and twurl print it (`| jq` reads it).
    let plain = stdout(&run(&["request", &url], &env));
    assert_eq!(plain, body);
    serde_json::from_str::<serde_json::Value>(&plain).unwrap();

    let out = json(&run(&["request", "-i", "--json", &url], &env));
    let pairs = out["headers"].as_array().unwrap();
    assert!(
        pairs.contains(&serde_json::json!([
            "content-type",
            "application/json; charset=utf-8"
        ])),
        "{pairs:?}"
    );
    assert!(
        json(&run(&["request", "--json", &url], &env))
            .get("headers")
            .is_none()
    );

    // A refusal prints its headers too, then the provider's error body; the command still fails.
    let wrong = [
        env[0],
        env[1],
        env[2],
        ("OAUTH1_TOKEN_SECRET", "wrong-token-secret"),
    ];
    let output = run(&["request", "--include", &url], &wrong);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.starts_with("401 Unauthorized\n"), "{text}");
    assert!(text.contains("\ndate: "), "{text}");
    assert!(text.contains("\n\n{\"errors\":"), "{text}");
}

#[test]
fn request_prints_a_body_that_is_not_text_as_its_bytes() {
    let consumer = oauth1_core::ClientCredentials::new("cli-key", "cli-secret");
    let provider = oauth1_tests::provider::ReferenceProvider::start(consumer).unwrap();
    let env = [
        ("OAUTH1_CONSUMER_KEY", "cli-key"),
        ("OAUTH1_CONSUMER_SECRET", "cli-secret"),
    ];
    let url = format!("{}/test/bytes", provider.url());
    let bytes: Vec<u8> = (0..=u8::MAX).collect();
    // As sent, alone (an image or an archive saved from stdout stays whole).
    let output = run(&["request", &url], &env);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(output.stdout, bytes);
    // JSON cannot hold them as a string: they go in base64, under a name that says so.
    let output = run(&["request", "--json", &url], &env);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        json(&output),
        serde_json::json!({ "status": 200, "body_base64": base64_of(&bytes) })
    );
}

/// Standard base64 with padding, written out here so that the test does not share the program's
/// encoder.
fn base64_of(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A reader that stops early (`oauth1 providers | head -1`) ends the program quietly with the status a
/// program stopped by SIGPIPE reports (141), not a panic; a full disk is an error that says so.
#[test]
fn a_closed_or_full_stdout_is_no_panic() {
    for args in [&["providers"][..], TWITTER] {
        // The read end is closed before the program starts. Another test spawning at that moment can
        // hold a copy of it until its own exec, so that the writes still fit a pipe buffer: the
        // program must then succeed, and a few tries see the closed pipe.
        let mut codes = Vec::new();
        for _ in 0..5 {
            let (reader, writer) = std::io::pipe().unwrap();
            drop(reader);
            let output = Command::new(program())
                .args(args)
                .stdout(writer)
                .output()
                .unwrap();
            assert_eq!(stderr(&output), "", "{args:?}");
            codes.push(output.status.code());
            if output.status.code() == Some(141) {
                break;
            }
        }
        assert!(
            codes.iter().all(|code| matches!(code, Some(0 | 141))),
            "{args:?}: {codes:?}"
        );
        assert_eq!(codes.last(), Some(&Some(141)), "{args:?}: {codes:?}");
    }
    if cfg!(target_os = "linux") {
        for arg in ["providers", "--help", "--version"] {
            let output = Command::new(program())
                .arg(arg)
                .stdout(std::fs::File::create("/dev/full").unwrap())
                .output()
                .unwrap();
            exits_saying(
                &output,
                1,
                "oauth1: cannot write to stdout: No space left on device",
            );
        }
    }
}

/// PLAINTEXT's signature is the secrets: `sign` refuses to make one for plain http to a host that
/// is not loopback (RFC 5849 §3.4.4), and makes it for https and loopback.
#[test]
fn plaintext_is_signed_only_for_tls_or_loopback() {
    let plaintext = |url: &str| {
        let mut args = vec!["sign", "--signature-method", "PLAINTEXT", url];
        args.extend_from_slice(CREDENTIALS);
        run(&args, &[])
    };
    let refused = plaintext("http://api.example.com/a");
    exits_saying(&refused, 2, "requires https");
    assert!(!stderr(&refused).contains("cs&"), "{}", stderr(&refused));
    for url in ["https://api.example.com/a", "http://127.0.0.1:8080/a"] {
        let signed = plaintext(url);
        assert_eq!(signed.status.code(), Some(0), "{url}: {}", stderr(&signed));
    }
}

/// With standard error unwritable there is nowhere left to say why the program stopped; its exit
/// status still says it, and it does not panic (status 101) trying.
#[test]
fn an_unwritable_stderr_is_no_panic() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let full = || std::fs::File::create("/dev/full").unwrap();
    for (args, code) in [
        (&["sign", "--no-such-flag"][..], 2),
        (&["sign", "--provider", "no-such-provider"][..], 2),
        (&["providers"][..], 1),
    ] {
        let output = Command::new(program())
            .args(args)
            .stdout(full())
            .stderr(full())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(code), "{args:?}");
    }
}

/// Asserts that the program exited with `code` and said `said` on stderr.
fn exits_saying(output: &Output, code: i32, said: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(code), "{err}");
    assert!(err.contains(said), "{err}");
}

const CREDENTIALS: &[&str] = &["--consumer-key", "ck", "--consumer-secret", "cs"];

#[test]
fn sign_applies_a_providers_rules() {
    let mut args = vec![
        "sign",
        "--json",
        "--provider",
        "netsuite",
        "--account-id",
        "123456_SB1",
        "--url",
        "https://123456-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40",
    ];
    args.extend_from_slice(CREDENTIALS);
    let out = json(&run(&args, &[]));
    let header = out["authorization"].as_str().unwrap();
    assert!(header.starts_with("OAuth realm=\"123456_SB1\", "), "{header}");
    assert!(
        header.contains("oauth_signature_method=\"HMAC-SHA256\""),
        "{header}"
    );
    // A flag overrides the preset.
    args.extend_from_slice(&["--signature-method", "HMAC-SHA512", "--no-version"]);
    let out = json(&run(&args, &[]));
    let header = out["authorization"].as_str().unwrap();
    assert!(
        header.contains("oauth_signature_method=\"HMAC-SHA512\""),
        "{header}"
    );
    assert!(!header.contains("oauth_version"), "{header}");

    // Launchpad's consumer secret is empty by design: an empty --consumer-secret is taken as given
    // (unlike an empty key or token), and PLAINTEXT's signature is then `&` and the token secret.
    let args = [
        "sign",
        "--json",
        "--provider",
        "launchpad",
        "--url",
        "https://api.launchpad.net/1.0/people",
        "--consumer-key",
        "my-app",
        "--consumer-secret",
        "",
        "--token",
        "t",
        "--token-secret",
        "ts",
    ];
    let out = json(&run(&args, &[]));
    assert_eq!(out["signature"], "&ts");
    // Launchpad's API reads the parameters from the header alone (its token requests take them in
    // the form body): a form POST keeps its body as given, and `sign` prints the header.
    let mut post = args.to_vec();
    post.extend_from_slice(&["-d", "a=1", "--nonce", "n", "--timestamp", "1"]);
    let out = json(&run(&post, &[]));
    assert_eq!(out["body"], "a=1");
    assert_eq!(
        out["authorization"],
        "OAuth realm=\"https://api.launchpad.net/\", oauth_consumer_key=\"my-app\", \
         oauth_nonce=\"n\", oauth_signature=\"%26ts\", oauth_signature_method=\"PLAINTEXT\", \
         oauth_timestamp=\"1\", oauth_token=\"t\", oauth_version=\"1.0\""
    );

    // Flickr takes the parameters in the query: `sign` prints the URL to send, which carries its
    // published request-token signature (tests/vectors/providers.json), and no header.
    let args = [
        "sign",
        "--provider",
        "flickr",
        "http://www.flickr.com/services/oauth/request_token",
        "--consumer-key",
        "653e7a6ecc1d528c516cc8f92cf98611",
        "--consumer-secret",
        "a9567d986a7539fe",
        "--callback",
        "http://www.example.com",
        "--nonce",
        "95613465",
        "--timestamp",
        "1305586162",
    ];
    let output = run(&args, &[]);
    let out = stdout(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!out.contains("authorization:"), "{out}");
    let url = out
        .lines()
        .find_map(|line| line.strip_prefix("url:"))
        .unwrap()
        .trim();
    assert_eq!(
        url,
        "http://www.flickr.com/services/oauth/request_token?oauth_callback=http%3A%2F%2Fwww.example.com\
         &oauth_consumer_key=653e7a6ecc1d528c516cc8f92cf98611&oauth_nonce=95613465\
         &oauth_signature=7w18YS2bONDPL%2FzgyzP5XTr5af4%3D&oauth_signature_method=HMAC-SHA1\
         &oauth_timestamp=1305586162&oauth_version=1.0"
    );

    // An LTI 1.1 launch goes in the form body: `sign` prints the body to post, which carries the
    // signature the learn-lti test consumer published for it (tests/vectors/providers.json).
    let fields = "lti_message_type=basic-lti-launch-request&lti_version=LTI-1p0&context_id=e05c24be1e\
                  &context_title=Section%20955&launch_presentation_return_url=https%3A%2F%2Flearn-lti.\
                  herokuapp.com%2Ftool_return%2Fsignature_check%2F2%2F6862&lis_person_name_full=Dong%20Miller\
                  &resource_link_id=30fd061cfe&roles=&tool_consumer_instance_name=Organization%20738\
                  &user_id=b029d74d0a";
    let args = [
        "sign",
        "--provider",
        "lti-launch",
        "https://localhost:8080/launch",
        "--consumer-key",
        "5b6ee40cc9fcdaede550654a93307dcd",
        "--consumer-secret",
        "c64d84750dcb21febd995058588f019f",
        "--nonce",
        "1rC2NGlkEacq5jD0u7msfCT0mRfOaFMz4jJyvHM4MsQ",
        "--timestamp",
        "1536162928",
        "-d",
        fields,
        "--json",
    ];
    let out = json(&run(&args, &[]));
    assert_eq!(out["authorization"], serde_json::Value::Null);
    let body = out["body"].as_str().unwrap();
    assert!(
        body.starts_with(&format!("{fields}&oauth_consumer_key=")),
        "{body}"
    );
    assert!(
        body.contains("&oauth_signature=%2Ftuo1sYQB8oKiKfbR7xB7ayuv0s%3D&"),
        "{body}"
    );
}

// Mastercard's Node signer's published base string (tests/vectors/providers.json), signed with their
// published Java test key; the signature was computed from that base string with openssl.
#[test]
fn sign_reproduces_mastercards_published_base_string() {
    let key = oauth1_tests::key_path("mastercard-oauth1-signer-java-test.pkcs8.pem")
        .display()
        .to_string();
    let url = "https://sandbox.api.mastercard.com/merchantid/v1/merchantid?MerchantId=GOOGLE%20LTD%20ADWORDS%20%28CC%40GOOGLE.COM%29&Type=ExactMatch&Format=JSON&Format=XML";
    let args = [
        "sign",
        "--json",
        "--provider",
        "mastercard-sandbox",
        "--rsa-key",
        &key,
        "--body-hash",
        "off",
        "--url",
        url,
        // RSA signs with the key alone: no --consumer-secret.
        "--consumer-key",
        "aaa!aaa",
        "--nonce",
        "uTeLPs6K",
        "--timestamp",
        "1524771555",
    ];
    let out = json(&run(&args, &[]));
    assert_eq!(
        out["base_string"],
        "GET&https%3A%2F%2Fsandbox.api.mastercard.com%2Fmerchantid%2Fv1%2Fmerchantid&Format%3DJSON%26Format%3DXML%26MerchantId%3DGOOGLE%2520LTD%2520ADWORDS%2520%2528CC%2540GOOGLE.COM%2529%26Type%3DExactMatch%26oauth_consumer_key%3Daaa%21aaa%26oauth_nonce%3DuTeLPs6K%26oauth_signature_method%3DRSA-SHA256%26oauth_timestamp%3D1524771555%26oauth_version%3D1.0"
    );
    assert!(
        out["signature"]
            .as_str()
            .unwrap()
            .starts_with("hfTqda71NTrcKJT0/ObLo0ydv1u6PZBv")
    );
    // Without --body-hash, the preset's SHA-256 body hash is sent, even for an empty body.
    let out = json(&run(
        &args[..6].iter().chain(&args[8..]).copied().collect::<Vec<_>>(),
        &[],
    ));
    assert!(
        out["authorization"]
            .as_str()
            .unwrap()
            .contains("oauth_body_hash=\"47DEQpj8HBSa%2B%2FTImW%2B5JCeuQeRkm5NMpJWZG3hSuFU%3D\"")
    );
}

#[test]
fn sign_covers_a_non_form_body_with_a_body_hash_and_explains_itself() {
    let mut args = vec![
        "sign",
        "--method",
        "POST",
        "--url",
        "https://api.example.com/items",
        "--data",
        "{\"name\":\"a=b&c\"}",
        "--content-type",
        "application/json",
        "--body-hash",
        "sha1",
        "--nonce",
        "n",
        "--timestamp",
        "1",
    ];
    args.extend_from_slice(CREDENTIALS);
    let mut as_json = args.clone();
    as_json.push("--json");
    let out = json(&run(&as_json, &[]));
    let base = out["base_string"].as_str().unwrap();
    assert!(base.contains("oauth_body_hash%3D"), "{base}");
    assert!(!base.contains("name"), "the JSON body was parsed: {base}");
    args.push("--explain");
    let out = run(&args, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "parameters (normalized, in base-string order):",
        "oauth_body_hash",
        "body hash: SHA-1 (Body Hash extension; never on form bodies); sent on this request",
        "body: not form-encoded: not parsed, covered only by a body hash",
        "authorization: OAuth ",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
}

#[test]
fn bad_provider_input_exits_2_naming_the_flag() {
    let cases: &[(&[&str], &str)] = &[
        (&["--provider", "twiter"], "--provider twiter"),
        (&["--provider", "netsuite"], "--account-id"),
        (
            &["--provider", "netsuite", "--account-id", "12 34"],
            "NetSuite account id",
        ),
        (
            &["--provider", "jira", "--base-url", "http://jira.example.com"],
            "--provider jira",
        ),
        (
            &["--provider", "jira", "--base-url", "https://jira.example.com"],
            "--rsa-key",
        ),
        (
            &["--provider", "twitter", "--base-url", "https://x.example"],
            "takes neither",
        ),
        (&["--account-id", "123456"], "go with --provider"),
        // Paths are appended to a base URL: a query or fragment in it would swallow them.
        (
            &[
                "--provider",
                "magento",
                "--base-url",
                "https://m.example/?store=1",
            ],
            "base URL is invalid: must not hold a query or a fragment",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["sign", "--url", "https://e.example/"];
        args.extend_from_slice(CREDENTIALS);
        args.extend_from_slice(extra);
        exits_saying(&run(&args, &[]), 2, expected);
    }
    // Likewise the flow's --host (its requests went to the bare origin, the paths in its query).
    for (host, insecure) in [("http://127.0.0.1:9/?x=1", false), ("http://h.example#f", true)] {
        let mut args = vec!["authorize", "--host", host];
        args.extend_from_slice(CREDENTIALS);
        if insecure {
            args.push("--insecure-http");
        }
        exits_saying(
            &run(&args, &[]),
            2,
            "host is invalid: must not hold a query or a fragment",
        );
    }
}

#[test]
fn providers_lists_every_preset() {
    let out = run(&["providers"], &[]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for preset in oauth1_core::Preset::ALL {
        assert!(
            text.lines()
                .any(|line| line.starts_with(&format!("{} ", preset.name()))),
            "{preset} missing:\n{text}"
        );
    }
    assert!(text.contains("Mastercard base string"), "{text}");
}

/// Runs `authorize` with `args` and `env`, plays the user (approves in a "browser", types the PIN on
/// stdin), and returns the program's output.
fn authorize_as_user(args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Output {
    use std::io::{BufRead as _, BufReader, Write as _};
    let mut command = Command::new(program());
    command
        .arg("authorize")
        .args(args)
        .env_remove("OAUTH1_CONSUMER_KEY")
        .env_remove("OAUTH1_CONSUMER_SECRET")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let url = loop {
        let mut line = String::new();
        assert_ne!(
            stderr.read_line(&mut line).unwrap(),
            0,
            "no URL on stderr: {seen}"
        );
        seen.push_str(&line);
        if line.starts_with("http://") {
            break line.trim().to_owned();
        }
    };
    let agent = oauth1_tests::http_client::agent();
    let page = oauth1_tests::http_client::send(
        &agent,
        http::Request::get(format!("{url}&approve=1"))
            .body(Vec::new())
            .unwrap(),
    )
    .unwrap();
    let page = String::from_utf8(page.into_body()).unwrap();
    let pin = oauth1_tests::flow_driver::pin_on_page(&page).unwrap();
    writeln!(child.stdin.take().unwrap(), "{pin}").unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let mut output = child.wait_with_output().unwrap();
    output.stderr = format!("{seen}{rest}").into_bytes();
    output
}

fn fresh_config_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("oauth1-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn authorize_saves_a_private_profile_that_request_signs_with() {
    let consumer = oauth1_core::ClientCredentials::new("store-key", "store-consumer-secret");
    let provider = oauth1_tests::provider::ReferenceProvider::start(consumer).unwrap();
    let dir = fresh_config_dir("store");
    let env = [("OAUTH1_CONFIG_DIR", dir.as_os_str())];
    let url = provider.url();
    let args = [
        "--host",
        &url,
        "--consumer-key",
        "store-key",
        "--consumer-secret",
        "store-consumer-secret",
        "--save",
        "t",
    ];
    let out = authorize_as_user(&args, &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = format!("{}{}", stdout(&out), stderr(&out));
    assert!(printed.contains("oauth_token_secret: [redacted]"), "{printed}");
    assert!(!printed.contains("store-consumer-secret"), "{printed}");
    #[cfg(unix)]
    {
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("profiles.json")), 0o600);
    }
    // Written by renaming a complete temporary file: nothing else is left in the directory.
    let entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["profiles.json"]);

    // A custom provider by its three endpoints runs the same flow, saved as a second profile.
    let (rt, au, at) = (
        format!("{url}/oauth/request_token"),
        format!("{url}/oauth/authorize"),
        format!("{url}/oauth/access_token"),
    );
    let custom = [
        "--request-token-url",
        &rt,
        "--authorize-url",
        &au,
        "--access-token-url",
        &at,
        "--consumer-key",
        "store-key",
        "--consumer-secret",
        "store-consumer-secret",
        "--save",
        "custom",
    ];
    let out = authorize_as_user(&custom, &env);
    assert!(out.status.success(), "{}", stderr(&out));

    // The saved profile signs a request: by URL, and by a path joined to the provider's host.
    let env_map: Vec<(&str, &str)> = vec![("OAUTH1_CONFIG_DIR", dir.to_str().unwrap())];
    let full = format!("{url}/1.1/account/verify_credentials.json");
    for target in [full.as_str(), "/1.1/account/verify_credentials.json"] {
        let out = run(&["request", "--profile", "t", "-X", "GET", target], &env_map);
        assert!(out.status.success(), "{target}: {}", stderr(&out));
        assert!(stdout(&out).contains("\"screen_name\""), "{}", stdout(&out));
        let printed = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!printed.contains("store-consumer-secret"), "{printed}");
    }
    // The default profile is the first saved: no --profile needed.
    let out = run(&["request", &full], &env_map);
    assert!(out.status.success(), "{}", stderr(&out));

    // `profiles` lists it without a secret, and removes it.
    let out = run(&["profiles"], &env_map);
    let listed = stdout(&out);
    assert!(
        listed.contains("* t ") && listed.contains("store-key"),
        "{listed}"
    );
    assert!(!listed.contains("store-consumer-secret"), "{listed}");
    let out = run(&["profiles", "remove", "t"], &env_map);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&["request", "--profile", "t", &full], &env_map);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no such profile"), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A profile saved with a relative `--rsa-key` keeps the key's absolute path, so it signs from any
/// directory.
#[test]
fn a_saved_rsa_key_path_is_absolute() {
    let mut config =
        oauth1_tests::provider::ProviderConfig::new(oauth1_core::ClientCredentials::new("rsa-key", ""));
    config.rsa_public_key = Some(oauth1_tests::public_key("test-client-2048.pub.pem").unwrap());
    let provider = oauth1_tests::provider::ReferenceProvider::start_with(config).unwrap();
    let dir = fresh_config_dir("rsa");
    let env = [("OAUTH1_CONFIG_DIR", dir.as_os_str())];
    let url = provider.url();
    // Relative to the test's working directory (the package's).
    let relative = "../oauth1-core/tests/keys/test-client-2048.pkcs1.pem";
    let args = [
        "--host",
        &url,
        "--consumer-key",
        "rsa-key",
        "--signature-method",
        "RSA-SHA1",
        "--rsa-key",
        relative,
        "--no-version",
        "--realm",
        "Photos",
        "--save",
        "jira",
    ];
    let out = authorize_as_user(&args, &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let store: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("profiles.json")).unwrap()).unwrap();
    // The profile keeps the rules the flow was signed by, flags included: it signs as the flow did
    // (with HMAC-SHA1 here and an empty secret, a provider that took it would be wrong to).
    let rules = &store["profiles"]["jira"]["provider"]["rules"];
    assert_eq!(rules["method"], "RSA-SHA1", "{rules}");
    assert_eq!(rules["version"], false, "{rules}");
    assert_eq!(rules["realm"], "Photos", "{rules}");
    let saved = PathBuf::from(store["profiles"]["jira"]["rsa_key"].as_str().unwrap());
    assert!(saved.is_absolute(), "{}", saved.display());
    assert_eq!(
        saved.canonicalize().unwrap(),
        PathBuf::from(relative).canonicalize().unwrap()
    );
    // And it signs from elsewhere.
    let out = Command::new(program())
        .args(["request", "--profile", "jira"])
        .arg(format!("{url}/1.1/account/verify_credentials.json"))
        .env("OAUTH1_CONFIG_DIR", &dir)
        .env_remove("OAUTH1_CONSUMER_KEY")
        .env_remove("OAUTH1_CONSUMER_SECRET")
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("\"screen_name\""), "{}", stdout(&out));
    // A profile saved before its method was kept (an RSA key under HMAC-SHA1 rules) is refused, not
    // signed with an empty secret.
    #[cfg(unix)]
    {
        let mut old = store;
        old["profiles"]["jira"]["provider"]["rules"]["method"] = "HMAC-SHA1".into();
        write_store(&dir, &old.to_string(), 0o600);
        let env = [("OAUTH1_CONFIG_DIR", dir.to_str().unwrap())];
        let out = run(
            &[
                "request",
                "--profile",
                "jira",
                &format!("{url}/1.1/account/verify_credentials.json"),
            ],
            &env,
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("the profile keeps an RSA key but signs with HMAC-SHA1"),
            "{}",
            stderr(&out)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `profiles.json` in `dir` (created 0700) holding `text`, with file mode `mode`.
#[cfg(unix)]
fn write_store(dir: &std::path::Path, text: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::create_dir_all(dir).unwrap();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let file = dir.join("profiles.json");
    std::fs::write(&file, text).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_store_others_can_read_is_refused_with_the_fix() {
    let dir = fresh_config_dir("loose");
    write_store(&dir, r#"{"profiles": {}}"#, 0o644);
    let out = run(&["profiles"], &[("OAUTH1_CONFIG_DIR", dir.to_str().unwrap())]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("readable by others") && err.contains("chmod 600"),
        "{err}"
    );
    // The flags were right: no usage line after a file's fault.
    assert!(!err.contains("Usage"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A hand-edited store with a secret where another type belongs is refused by line and column, and
/// the message says what was expected without quoting what was found.
#[cfg(unix)]
#[test]
fn a_broken_store_is_refused_without_quoting_its_values() {
    let dir = fresh_config_dir("broken");
    let env = [("OAUTH1_CONFIG_DIR", dir.to_str().unwrap())];
    for (store, secret, said) in [
        (
            r#"{"profiles": {"t": {"consumer_secret": 982451653}}}"#,
            "982451653",
            "a value of the wrong kind: expected a string at line 1 column 48",
        ),
        // A quoted value that itself holds serde's separator.
        (
            r#"{"profiles": {"t": "s3cret, expected s3cret"}}"#,
            "s3cret",
            "a value of the wrong kind: expected struct Profile at line 1 column 44",
        ),
        (
            r#"{"profiles": {"t": {"provider": {"name": "x", "rules": "s3cret"}}}}"#,
            "s3cret",
            "a value of the wrong kind: expected struct SigningRules",
        ),
        // Our own field names and syntax errors are said as serde says them.
        (r#"{"profiles": {"t": {}}}"#, "", "missing field `provider`"),
        (r#"{"profiles": {"#, "", "EOF while parsing an object"),
    ] {
        write_store(&dir, store, 0o600);
        let out = run(&["profiles"], &env);
        assert_eq!(out.status.code(), Some(2), "{store}");
        let err = stderr(&out);
        assert!(
            err.contains("not a profile store: ") && err.contains(said),
            "{store}: {err}"
        );
        assert!(secret.is_empty() || !err.contains(secret), "{store}: {err}");
        assert!(!err.contains("Usage"), "{store}: {err}");
    }
    // A file far larger than any store is not read whole.
    let padded = format!("{{\"profiles\": {{}}, \"pad\": \"{}\"}}", "x".repeat(5 << 20));
    write_store(&dir, &padded, 0o600);
    let out = run(&["profiles"], &env);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("larger than 4194304 bytes: not a profile store"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `authorize --save` finds out that the store cannot be written before the flow, not after the
/// provider has issued tokens that would then be lost: here nothing listens at the host, so an error
/// about the store shows that no request went out first.
#[test]
fn authorize_refuses_a_store_it_could_not_save_before_any_traffic() {
    let dir = fresh_config_dir("unwritable");
    std::fs::create_dir_all(&dir).unwrap();
    let not_a_directory = dir.join("a-file");
    std::fs::write(&not_a_directory, "").unwrap();
    let store_dir = not_a_directory.join("oauth1");
    let env = [("OAUTH1_CONFIG_DIR", store_dir.to_str().unwrap())];
    let args = ["authorize", "--host", "http://127.0.0.1:1", "--save", "work"];
    let out = run(&[&args[..], CREDENTIALS].concat(), &env);
    exits_saying(&out, 2, &store_dir.display().to_string());
    let err = stderr(&out);
    assert!(!err.contains("Open this URL") && !err.contains("onnect"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Bad input exits 2 before any network traffic, for every command alike; the message names the
/// problem.
#[test]
fn the_error_policy_holds_for_every_command() {
    let dir = fresh_config_dir("policy");
    let env = [
        ("OAUTH1_CONFIG_DIR", dir.to_str().unwrap()),
        ("OAUTH1_CONSUMER_KEY", "k"),
        ("OAUTH1_CONSUMER_SECRET", "s"),
    ];
    // Port 9 on loopback: nothing listens, so reaching the network would fail with exit 1, not 2.
    let cases: &[(&[&str], &str)] = &[
        (
            &["request", "http://127.0.0.1:9/x", "--token", "t"],
            "--token needs --token-secret",
        ),
        (
            &["request", "http://127.0.0.1:9/x", "--token-secret", "t"],
            "--token-secret needs --token",
        ),
        (
            &["sign", "--url", "https://e.example/", "--token", "t"],
            "--token needs --token-secret",
        ),
        (
            &["request", "-X", "POST", "http://127.0.0.1:9/x", "-d", "{\"a\":1}"],
            "--content-type",
        ),
        (
            &["sign", "--url", "https://e.example/", "-d", "{\"a\":1}"],
            "--content-type",
        ),
        // A form with one character left unencoded: the message points at it, never prints a value.
        (
            &["sign", "--url", "https://e.example/", "-d", "a=1", "-d", "b=x y"],
            "--data holds a space at byte 7",
        ),
        (
            &["sign", "--url", "https://e.example/", "-d", "pin=s\u{e9}cret"],
            "--data holds a non-ASCII character at byte 5",
        ),
        (&["request", "http://api.example.com/x"], "plain http"),
        // An empty credential, as an undefined CI secret gives it, is refused by name.
        (
            &[
                "request",
                "http://127.0.0.1:9/x",
                "--token-secret",
                "",
                "--token",
                "t",
            ],
            "--token-secret (or OAUTH1_TOKEN_SECRET) is empty",
        ),
        (
            &[
                "sign",
                "--url",
                "https://e.example/",
                "--token",
                "",
                "--token-secret",
                "u",
            ],
            "--token (or OAUTH1_TOKEN) is empty",
        ),
        (
            &["authorize", "--consumer-key", "", "--host", "http://127.0.0.1:9"],
            "--consumer-key (or OAUTH1_CONSUMER_KEY) is empty",
        ),
        // Not http at all: the scheme is the problem, not the clear text.
        (
            &["request", "ftp://api.example.com/x"],
            "must use the http or https scheme",
        ),
        (&["request", "http://127.0.0.1:9/x", "-H", "no colon"], "-H"),
        (
            &["request", "--profile", "nope", "http://127.0.0.1:9/x"],
            "no such profile",
        ),
        (&["request", "/relative"], "request URI is not absolute"),
        (&["authorize", "--host", "http://api.example.com"], "--host"),
        (
            &[
                "authorize",
                "--provider",
                "woocommerce",
                "--base-url",
                "http://shop.example",
            ],
            "no 3-legged flow",
        ),
        (&["profiles", "remove", "nope"], "no such profile"),
    ];
    for (args, expected) in cases {
        let out = run(args, &env);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    // A transport failure is exit 1.
    let out = run(
        &[
            "request",
            "--token",
            "t",
            "--token-secret",
            "u",
            "http://127.0.0.1:9/x",
        ],
        &env,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn request_explains_and_points_at_where_an_echoed_base_string_differs() {
    let consumer = oauth1_core::ClientCredentials::new("explain-key", "explain-secret");
    let mut config = oauth1_tests::provider::ProviderConfig::new(consumer);
    config.errors = oauth1_tests::provider::ErrorStyle::ProblemReporting;
    config.uri = oauth1_tests::provider::UriConfig::Origin("https://api.example.com".into());
    let provider = oauth1_tests::provider::ReferenceProvider::start_with(config).unwrap();
    let token = provider.issue_access_token();
    let url = format!("{}/1.1/account/verify_credentials.json", provider.url());
    let args = [
        "request",
        "--explain",
        &url,
        "--consumer-key",
        "explain-key",
        "--consumer-secret",
        "explain-secret",
        "--token",
        token.token(),
        "--token-secret",
        token.secret().expose(),
    ];
    let out = run(&args, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("parameters (normalized, in base-string order):"),
        "{err}"
    );
    assert!(err.contains("signature_invalid"), "{err}");
    assert!(err.contains("base strings differ at byte"), "{err}");
    assert!(err.contains("(the base string URI)"), "{err}");
    assert!(
        !err.contains("explain-secret") && !err.contains(token.secret().expose()),
        "{err}"
    );
}

// `--provider magento` signs as Magento's PHP server does: the magento/zf1 #34 request (`keys[10]`
// after `keys[9]`, in PHP's natural order) gives the signature PHP computed for it
// (tests/vectors/magento.json).
#[test]
fn sign_reproduces_magentos_php_signature() {
    let text = std::fs::read_to_string(oauth1_tests::vector_path("magento.json")).unwrap();
    let vectors: serde_json::Value = serde_json::from_str(&text).unwrap();
    let v = &vectors["vectors"][1];
    assert!(v["about"].as_str().unwrap().contains("zf1"));
    let field = |value: &serde_json::Value| value.as_str().unwrap().to_owned();
    let timestamp = v["timestamp"].to_string();
    let args = [
        "sign",
        "--json",
        "--provider",
        "magento",
        "--base-url",
        "https://store.example.com",
        "--consumer-key",
        &field(&vectors["consumer_key"]),
        "--consumer-secret",
        &field(&vectors["consumer_secret"]),
        "--token",
        &field(&vectors["token"]),
        "--token-secret",
        &field(&vectors["token_secret"]),
        "--nonce",
        &field(&v["nonce"]),
        "--timestamp",
        &timestamp,
        &field(&v["url"]),
    ];
    let out = json(&run(&args, &[]));
    assert_eq!(out["base_string"], v["base_string"]);
    assert_eq!(out["signature"], v["signature"]);
}

/// `oauth1 verify`'s arguments for a request of `vectors/mistakes.json`, as its provider received it.
fn verify_args(case: &oauth1_tests::MistakeCase) -> Vec<String> {
    let mut args: Vec<String> = ["verify", "--any-time", "--json", "-X", &case.method, &case.url]
        .map(String::from)
        .into();
    args.extend(["-H".into(), format!("Authorization: {}", case.authorization)]);
    if let Some(body) = &case.body {
        args.extend(["--data-raw".into(), body.clone()]);
    }
    // Every case is signed by the same client and token (its header names them).
    args.extend(
        [
            "--consumer-key",
            "dpf43f3p2l4k3l03",
            "--consumer-secret",
            &case.consumer_secret,
            "--token",
            "nnch734d00sl2jdk",
            "--token-secret",
            &case.token_secret,
        ]
        .map(String::from),
    );
    args
}

#[test]
fn verify_names_the_mistake_each_other_library_made() {
    let text = std::fs::read_to_string(oauth1_tests::vector_path("mistakes.json")).unwrap();
    let cases = serde_json::from_str::<oauth1_tests::MistakeCases>(&text)
        .unwrap()
        .cases;
    // A few cases' mistakes in words; every case must name one.
    let words = [
        ("proxy ends TLS", "another scheme, host or port"),
        ("oauthlib token secret left out", "leaving out the token secret"),
        ("oauth gem PATCH form", "leaves out parameters ours signs"),
        ("Net::OAuth UTF-8 value", "UTF-8 twice"),
    ];
    for case in &cases {
        let args = verify_args(case);
        let output = run(&args.iter().map(String::as_str).collect::<Vec<_>>(), &[]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}: {}",
            case.name,
            stderr(&output)
        );
        let out: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(out["verified"], false, "{}", case.name);
        assert_eq!(
            out["refused"], "oauth_signature does not match the request",
            "{}",
            case.name
        );
        let mistake = out["mistake"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: {out}", case.name));
        assert!(mistake.starts_with("the client "), "{}: {mistake}", case.name);
        if let Some((_, said)) = words.iter().find(|(name, _)| *name == case.name) {
            assert!(mistake.contains(said), "{}: {mistake}", case.name);
        }
    }
    assert!(cases.len() >= 12);
}

#[test]
fn verify_accepts_what_sign_signed_and_says_why_it_refuses() {
    let credentials = [
        "--consumer-key",
        "ck",
        "--consumer-secret",
        "secret-of-ck",
        "--token",
        "tk",
        "--token-secret",
        "secret-of-tk",
    ];
    let url = "https://api.example.com/1.1/statuses/update.json";
    let mut sign = vec!["sign", "--json", "-d", "status=hello%20world", url];
    sign.extend(credentials);
    let signed = json(&run(&sign, &[]));
    let header = format!("Authorization: {}", signed["authorization"].as_str().unwrap());
    let verify = |url: &str, extra: &[&str]| {
        let mut args = vec!["verify", "-d", "status=hello%20world", "-H", &header, url];
        args.extend(credentials);
        args.extend(extra);
        run(&args, &[])
    };

    let output = verify(url, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "verified:  consumer key ck, token tk, HMAC-SHA1 in the header\n"
    );

    // Received over http (a proxy ended TLS): refused, and the mistake named.
    let output = verify("http://api.example.com/1.1/statuses/update.json", &[]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(
        out.starts_with("refused:   oauth_signature does not match the request\n"),
        "{out}"
    );
    assert!(
        out.contains("mistake:   the client signed a base string (theirs)"),
        "{out}"
    );
    let shown = format!("{out}{}", stderr(&output));
    assert!(!shown.contains("secret-of-"), "no secret shown: {shown}");

    // Another client's key, and a stale request without --any-time.
    let mut other = vec!["verify", "-d", "status=hello%20world", "-H", &header, url];
    other.extend(["--consumer-key", "other", "--consumer-secret", "secret-of-ck"]);
    let output = run(&other, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "refused:   oauth_consumer_key is not a known client\n"
    );
    let output = verify(url, &["--now", "100"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).starts_with("refused:   oauth_timestamp "),
        "{}",
        stdout(&output)
    );
    assert!(stderr(&output).contains("--any-time"), "{}", stderr(&output));

    // A path alone is bad input: there is no API base to join it to.
    let output = run(
        &[
            "verify",
            "/1.1/x",
            "--consumer-key",
            "ck",
            "--consumer-secret",
            "s",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("needs the absolute URL"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn verify_shows_a_requests_control_characters_escaped() {
    let key = "k\u{1b}[2J";
    let url = "https://api.example.com/1.1/account/verify_credentials.json";
    let signed = json(&run(
        &[
            "sign",
            "--json",
            url,
            "--consumer-key",
            key,
            "--consumer-secret",
            "s",
        ],
        &[],
    ));
    let header = format!("Authorization: {}", signed["authorization"].as_str().unwrap());
    let args = [
        "verify",
        url,
        "-H",
        &header,
        "--consumer-key",
        key,
        "--consumer-secret",
        "s",
    ];
    let output = run(&args, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.starts_with("verified:  consumer key k\\u{1b}[2J, no token, HMAC-SHA1"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "{out}");
}
