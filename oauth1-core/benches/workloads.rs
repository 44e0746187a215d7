//! The requests the benchmarks and the allocation test sign: Twitter/X's documented POST example
//! ("Creating a signature"), and the same request with 20 more query parameters holding non-ASCII and
//! reserved characters.

#![allow(dead_code, clippy::unwrap_used)] // Each includer uses its own part; the inputs are constants.

use oauth1_core::encode::percent_encode;
use oauth1_core::{ClientCredentials, Nonce, Timestamp, TokenCredentials};

pub(crate) const CONSUMER_KEY: &str = "xvz1evFS4wEEPTGEFPHBog";
pub(crate) const CONSUMER_SECRET: &str = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw";
pub(crate) const TOKEN: &str = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb";
pub(crate) const TOKEN_SECRET: &str = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";
pub(crate) const NONCE: &str = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg";
pub(crate) const TIMESTAMP: u64 = 1_318_622_958;
pub(crate) const URL: &str = "https://api.twitter.com/1.1/statuses/update.json";
pub(crate) const STATUS: &str = "Hello Ladies + Gentlemen, a signed OAuth request!";
/// Twitter's published signature for workload 1.
pub(crate) const TWITTER_SIGNATURE: &str = "hCtSmYh+iHYCEqBWrE7C7hYmtUk=";
/// Workload 2's signature as oauthlib 4.0.1 computes it (an independent implementation).
pub(crate) const OAUTHLIB_SIGNATURE_20_PARAMS: &str = "DSVqm25eylGF0MbdLUeeDciEd0Y=";
/// Workload 1 signed with HMAC-SHA256, as oauthlib 4.0.1 computes it.
pub(crate) const OAUTHLIB_SIGNATURE_SHA256: &str = "PLbq+OWUE2vwiOZeZBSR06GFvymUHoaBdCIHyD66IcM=";

pub(crate) fn client() -> ClientCredentials {
    ClientCredentials::new(CONSUMER_KEY, CONSUMER_SECRET)
}

pub(crate) fn token() -> TokenCredentials {
    TokenCredentials::new(TOKEN, TOKEN_SECRET)
}

pub(crate) fn nonce() -> Nonce {
    Nonce::new(NONCE).unwrap()
}

pub(crate) fn timestamp() -> Timestamp {
    Timestamp::from_secs(TIMESTAMP)
}

/// `enc(consumer secret) & enc(token secret)`: both secrets are unreserved characters only.
pub(crate) fn key() -> String {
    format!("{CONSUMER_SECRET}&{TOKEN_SECRET}")
}

/// The floor: one HMAC (keyed here, as a signer must) and one base64 encoding, nothing else.
pub(crate) fn floor<D: hmac::EagerHash>(key: &[u8], base_string: &[u8]) -> [u8; 44] {
    use base64::Engine as _;
    use hmac::{KeyInit as _, Mac as _};
    let mut mac = hmac::Hmac::<D>::new_from_slice(key).unwrap();
    mac.update(base_string);
    let tag = mac.finalize().into_bytes();
    let mut out = [0u8; 44];
    base64::engine::general_purpose::STANDARD
        .encode_slice(tag.as_slice(), &mut out)
        .unwrap();
    out
}

/// The values of workload 2's extra parameters, in turn.
pub(crate) const EXTRA_VALUES: [&str; 10] = [
    "café crème",
    "日本語のテキスト",
    "a+b=c&d/e?f#g",
    "100% ☃ snow",
    "!*'();:@&=+$,/?#[]",
    "Ünïcödé 🦀 rust",
    "~-._ unreserved",
    "tab\tand\nnewline",
    "ελληνικά & русский",
    "emoji 🔏🚀✨",
];

/// The 20 extra query parameters of workload 2, decoded. Their names are ASCII: oauth1-request does not
/// encode names (its `Serializer` documents it), so with a non-ASCII name it would sign something else.
pub(crate) fn extra_parameters() -> Vec<(String, String)> {
    (0..20)
        .map(|i| {
            (
                format!("p{i:02}{}", ["", "_x", "-y", ".z", "~w"][i % 5]),
                EXTRA_VALUES[i % 10].to_owned(),
            )
        })
        .collect()
}

/// oauth1-request's signer for the workloads: the same credentials, nonce and timestamp.
pub(crate) fn oauth1_request_builder()
-> oauth1_request::Builder<'static, oauth1_request::HmacSha1, &'static str> {
    let mut builder = oauth1_request::Builder::new(
        oauth1_request::Credentials::new(CONSUMER_KEY, CONSUMER_SECRET),
        oauth1_request::HmacSha1::new(),
    );
    builder
        .token(oauth1_request::Credentials::new(TOKEN, TOKEN_SECRET))
        .nonce(NONCE)
        .timestamp(std::num::NonZeroU64::new(TIMESTAMP))
        .version(true);
    builder
}

/// Every request parameter of a workload, decoded: what a caller hands oauth1-request.
pub(crate) fn decoded_parameters(extra: bool) -> Vec<(String, String)> {
    let mut params = vec![
        ("include_entities".to_owned(), "true".to_owned()),
        ("status".to_owned(), STATUS.to_owned()),
    ];
    if extra {
        params.extend(extra_parameters());
    }
    params
}

/// Workload 1 (`extra = false`) or 2 as an `http::Request`, ready to sign.
pub(crate) fn request(extra: bool) -> http::Request<Vec<u8>> {
    let mut uri = format!("{URL}?include_entities=true");
    if extra {
        for (name, value) in extra_parameters() {
            uri.push_str(&format!("&{}={}", percent_encode(&name), percent_encode(&value)));
        }
    }
    http::Request::post(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("status={}", percent_encode(STATUS)).into_bytes())
        .unwrap()
}

/// Workload 1's parameters as an `oauth1-request` derived request.
#[derive(oauth1_request::Request)]
pub(crate) struct UpdateStatus<'a> {
    include_entities: bool,
    status: &'a str,
}

pub(crate) fn derived_status() -> UpdateStatus<'static> {
    UpdateStatus {
        include_entities: std::hint::black_box(true),
        status: std::hint::black_box(STATUS),
    }
}

/// Workload 2's parameters as an `oauth1-request` derived request (the names `workloads.rs` generates).
#[derive(oauth1_request::Request)]
pub(crate) struct UpdateStatus20<'a> {
    include_entities: bool,
    status: &'a str,
    p00: &'a str,
    p01_x: &'a str,
    #[oauth1(rename = "p02-y")]
    p02_y: &'a str,
    #[oauth1(rename = "p03.z")]
    p03_z: &'a str,
    #[oauth1(rename = "p04~w")]
    p04_w: &'a str,
    p05: &'a str,
    p06_x: &'a str,
    #[oauth1(rename = "p07-y")]
    p07_y: &'a str,
    #[oauth1(rename = "p08.z")]
    p08_z: &'a str,
    #[oauth1(rename = "p09~w")]
    p09_w: &'a str,
    p10: &'a str,
    p11_x: &'a str,
    #[oauth1(rename = "p12-y")]
    p12_y: &'a str,
    #[oauth1(rename = "p13.z")]
    p13_z: &'a str,
    #[oauth1(rename = "p14~w")]
    p14_w: &'a str,
    p15: &'a str,
    p16_x: &'a str,
    #[oauth1(rename = "p17-y")]
    p17_y: &'a str,
    #[oauth1(rename = "p18.z")]
    p18_z: &'a str,
    #[oauth1(rename = "p19~w")]
    p19_w: &'a str,
}

pub(crate) fn derived_20_params() -> UpdateStatus20<'static> {
    let v = |i: usize| std::hint::black_box(EXTRA_VALUES[i % 10]);
    UpdateStatus20 {
        include_entities: std::hint::black_box(true),
        status: std::hint::black_box(STATUS),
        p00: v(0),
        p01_x: v(1),
        p02_y: v(2),
        p03_z: v(3),
        p04_w: v(4),
        p05: v(5),
        p06_x: v(6),
        p07_y: v(7),
        p08_z: v(8),
        p09_w: v(9),
        p10: v(10),
        p11_x: v(11),
        p12_y: v(12),
        p13_z: v(13),
        p14_w: v(14),
        p15: v(15),
        p16_x: v(16),
        p17_y: v(17),
        p18_z: v(18),
        p19_w: v(19),
    }
}
