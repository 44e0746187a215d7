//! Heap allocations per signed request, counted by dhat's global allocator (not timed: speed is in the
//! criterion benches). The goal is at most two per request, inserting the `Authorization` header included.
//! Everything is measured in one test: the counter is process-wide, and tests run on parallel threads.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, missing_docs)]

#[path = "../benches/workloads.rs"]
mod workloads;

use oauth1_core::verify::{
    Checker, NonceCheck, NonceUse, Rejection, ReplayStore, Secrets, UnknownCredentials,
};
use oauth1_core::{HmacSha256, Secret, Signer};
use workloads::*;

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

/// Heap allocations made by `f`.
fn allocations<T>(f: impl FnOnce() -> T) -> (u64, T) {
    let before = dhat::HeapStats::get().total_blocks;
    let out = f();
    (dhat::HeapStats::get().total_blocks - before, out)
}

fn signature(request: &http::Request<Vec<u8>>) -> String {
    let header = request.headers()["authorization"].to_str().unwrap();
    let encoded = header
        .split("oauth_signature=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    oauth1_core::encode::form_decode(&encoded.replace('+', "%2B"))
        .unwrap()
        .into_owned()
}

#[test]
fn signing_costs_one_heap_allocation_and_verifying_at_most_two() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let (client, token, nonce, timestamp) = (client(), token(), nonce(), timestamp());
    let signer = Signer::new(&client).token(&token);
    let keyed = signer.clone().keyed();
    let sha256 = signer.clone().method(HmacSha256);

    let mut counts = Vec::new();
    for (name, extra, expected) in [
        ("1 Twitter POST", false, TWITTER_SIGNATURE),
        ("2 Twitter POST + 20 params", true, OAUTHLIB_SIGNATURE_20_PARAMS),
    ] {
        let mut plain = request(extra);
        let (n, result) = allocations(|| signer.authorize(&mut plain, &nonce, timestamp));
        result.unwrap();
        // The same signature as Twitter's documentation or oauthlib, so the work counted is the real one.
        assert_eq!(signature(&plain), expected, "{name}");
        counts.push((name, n));

        let mut with_key = request(extra);
        let (n, result) = allocations(|| keyed.authorize(&mut with_key, &nonce, timestamp));
        result.unwrap();
        assert_eq!(signature(&with_key), expected, "{name}, keyed");
        counts.push((name, n));
    }
    let mut sha = request(false);
    let (n, result) = allocations(|| sha256.authorize(&mut sha, &nonce, timestamp));
    result.unwrap();
    assert_eq!(signature(&sha), OAUTHLIB_SIGNATURE_SHA256);
    counts.push(("3 Twitter POST, HMAC-SHA256", n));

    // Workload 1's body spelled as Twitter's "Authorizing a request" page sends it (lowercase hex) and
    // as `form_urlencoded` writes it (`+` for a space): the same signature, no more allocations.
    for (name, body) in [
        (
            "1 with lowercase hex",
            "status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21",
        ),
        (
            "1 with + for a space",
            "status=Hello+Ladies+%2B+Gentlemen%2C+a+signed+OAuth+request%21",
        ),
    ] {
        let mut spelled = request(false);
        *spelled.body_mut() = body.as_bytes().to_vec();
        let (n, result) = allocations(|| signer.authorize(&mut spelled, &nonce, timestamp));
        result.unwrap();
        assert_eq!(signature(&spelled), TWITTER_SIGNATURE, "{name}");
        counts.push((name, n));
    }

    // Secrets as a provider's store lends them (verifying allocates nothing for them).
    let (client_secret, token_secret) = (Secret::new(CONSUMER_SECRET), Secret::new(TOKEN_SECRET));
    let lent = |_: &str, _: Option<&str>| Ok(Secrets::borrowed(&client_secret, Some(&token_secret)));

    // A body of 1.5 KiB with an escape early on: the scan makes room for each escaped component
    // where room for the rest of the form would not fit its inline buffer, so no spill.
    let mut long = request(false);
    let mut body = long.body().clone();
    body.extend_from_slice(b"&padding=");
    body.resize(1500, b'a');
    *long.body_mut() = body;
    let (n, result) = allocations(|| signer.authorize(&mut long, &nonce, timestamp));
    result.unwrap();
    // The header is a signature of the request as a provider receives it.
    Checker::new(timestamp)
        .verify(&long, lent, &mut Forgetful)
        .unwrap();
    counts.push(("1 with a 1.5 KiB body", n));

    println!("{counts:?}");
    // The one allocation left is the header value's own buffer: `http` stores it on the heap.
    for (name, n) in &counts {
        assert_eq!(*n, 1, "{name}: {n} heap allocations");
    }

    // A request with no header yet: `http::HeaderMap` allocates its table on the first insert, which
    // is the map's cost, not signing's; with room reserved, signing is back to one.
    let mut bare = http::Request::get(URL).body(Vec::new()).unwrap();
    let (n, result) = allocations(|| signer.authorize(&mut bare, &nonce, timestamp));
    result.unwrap();
    println!("GET without headers: {n} allocations");
    let mut reserved = http::Request::get(URL).body(Vec::new()).unwrap();
    reserved.headers_mut().reserve(4);
    let (n, result) = allocations(|| signer.authorize(&mut reserved, &nonce, timestamp));
    result.unwrap();
    assert_eq!(n, 1);

    // Verifying, with a store that records nothing (`MemoryReplayStore` adds its own, to keep the nonce):
    // with secrets the lookup lends from where the provider keeps them, nothing; with secrets it makes
    // for the call, their two strings. Verification itself reads values where they lie and decodes the
    // signature inline.
    let mut signed = request(false);
    signer.authorize(&mut signed, &nonce, timestamp).unwrap();
    let made = |_: &str, _: Option<&str>| Ok(Secrets::new(CONSUMER_SECRET, Some(TOKEN_SECRET.into())));
    let unknown = |_: &str, _: Option<&str>| Err(UnknownCredentials::Client);
    let (n, result) = allocations(|| {
        Checker::new(timestamp)
            .verify(&signed, lent, &mut Forgetful)
            .map(|_| ())
    });
    result.unwrap();
    println!("verify, secrets lent: {n} allocations");
    assert_eq!(n, 0, "verify with lent secrets");
    let (n, result) = allocations(|| {
        Checker::new(timestamp)
            .verify(&signed, made, &mut Forgetful)
            .map(|_| ())
    });
    result.unwrap();
    assert!(n <= 2, "verify: {n} heap allocations");
    // An unknown client is checked against the stand-in secrets, which cost no allocation either: the
    // time a refusal takes does not tell an unknown consumer key from a known one by an allocation.
    let (n, result) = allocations(|| {
        Checker::new(timestamp)
            .verify(&signed, unknown, &mut Forgetful)
            .map(|_| ())
    });
    assert_eq!(result, Err(Rejection::UnknownClient));
    assert_eq!(n, 0, "refusing an unknown client");
}

struct Forgetful;

impl ReplayStore for Forgetful {
    fn check_and_record(&mut self, _: &NonceUse<'_>) -> NonceCheck {
        NonceCheck::Fresh
    }
}
