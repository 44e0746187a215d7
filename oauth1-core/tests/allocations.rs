//! Heap allocations per signed request, counted by dhat's global allocator (not timed: speed is in the
//! criterion benches). The goal is at most two per request, inserting the `Authorization` header included.
//! Everything is measured in one test: the counter is process-wide, and tests run on parallel threads.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, missing_docs)]

#[path = "../benches/workloads.rs"]
mod workloads;

use oauth1_core::verify::{Checker, NonceCheck, NonceUse, ReplayStore, Secrets};
use oauth1_core::{HmacSha256, Signer};
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

    println!("{counts:?}");
    for (name, n) in &counts {
        assert!(*n <= 2, "{name}: {n} heap allocations");
    }
    // The one allocation left is the header value's own buffer: `http` stores it on the heap.
    assert!(counts.iter().all(|(_, n)| *n == 1), "{counts:?}");

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
    // only the lookup's two owned `Secret` strings. Verification itself reads values where they lie and
    // decodes the signature inline.
    let mut signed = request(false);
    signer.authorize(&mut signed, &nonce, timestamp).unwrap();
    let lookup = |_: &str, _: Option<&str>| Ok(Secrets::new(CONSUMER_SECRET, Some(TOKEN_SECRET.into())));
    let (n, result) = allocations(|| {
        Checker::new(timestamp)
            .verify(&signed, lookup, &mut Forgetful)
            .map(|_| ())
    });
    result.unwrap();
    println!("verify: {n} allocations");
    assert!(n <= 2, "verify: {n} heap allocations");
}

struct Forgetful;

impl ReplayStore for Forgetful {
    fn check_and_record(&mut self, _: &NonceUse<'_>) -> NonceCheck {
        NonceCheck::Fresh
    }
}
