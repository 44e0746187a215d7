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
