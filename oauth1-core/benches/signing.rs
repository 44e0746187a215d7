//! Signing cost per request, side by side with the floor (HMAC + base64 over the precomputed base string
//! with the precomputed key) and with the `oauth1-request` crate signing the same requests.
//!
//! `cargo bench -p oauth1-core --bench signing`; BENCHMARKS.md has the numbers and how to read them.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

#[path = "workloads.rs"]
mod workloads;

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use oauth1_core::response::FormFields;
use oauth1_core::verify::{
    Checker, NonceCheck, NonceUse, Rejection, ReplayStore, Secrets, UnknownCredentials,
};
use oauth1_core::{HmacSha256, Provider, Secret, SignatureMethod, Signer, Step, TemporaryCredentialsRequest};
use workloads::*;

/// A replay store that remembers nothing, so the same request verifies every iteration.
struct Forgetful;

impl ReplayStore for Forgetful {
    fn check_and_record(&mut self, _: &NonceUse<'_>) -> NonceCheck {
        NonceCheck::Fresh
    }
}

/// The floor (HMAC with digest `D`), oauth1-core and oauth1-core's keyed signer, in `group`.
fn floor_and_ours<D: hmac::EagerHash, M: SignatureMethod + Clone>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    floor_name: &str,
    signer: &Signer<'_, M>,
    request: &http::Request<Vec<u8>>,
) where
    M::Writer: Clone,
{
    let (nonce, timestamp) = (nonce(), timestamp());
    let base_string = signer.base_string(request, &nonce, timestamp).unwrap();
    let key = key();
    group.bench_function(floor_name, |b| {
        b.iter(|| floor::<D>(black_box(key.as_bytes()), black_box(base_string.as_bytes())));
    });
    // The same request is signed again and again: each call parses it afresh and replaces the header
    // the previous one inserted (dropping the old value is timed, as a client's would be).
    let mut signed = request.clone();
    group.bench_function("oauth1-core", |b| {
        b.iter(|| {
            signer
                .authorize(black_box(&mut signed), &nonce, timestamp)
                .unwrap();
        });
    });
    let keyed = signer.clone().keyed();
    group.bench_function("oauth1-core keyed", |b| {
        b.iter(|| {
            keyed
                .authorize(black_box(&mut signed), &nonce, timestamp)
                .unwrap();
        });
    });
}

fn workload(c: &mut Criterion, name: &str, extra: bool) {
    let (client, token, nonce, timestamp) = (client(), token(), nonce(), timestamp());
    let request = request(extra);
    let signer = Signer::new(&client).token(&token);
    let mut group = c.benchmark_group(name);
    floor_and_ours::<sha1::Sha1, _>(&mut group, "floor HMAC-SHA1", &signer, &request);

    // oauth1-request takes the parameters decoded and the URI without its query, and returns the header.
    let builder = oauth1_request_builder();
    // Both sign the same thing, on both of its paths.
    let mut ours = request.clone();
    signer.authorize(&mut ours, &nonce, timestamp).unwrap();
    let ours = ours.headers()["authorization"].to_str().unwrap().to_owned();
    let signature = |header: &str| header.split("oauth_signature=\"").nth(1).unwrap()[..30].to_owned();
    let decoded = decoded_parameters(extra);
    // A fresh request's parameters: collected from the request's own values and sorted, every time.
    let per_request = || {
        let list: Vec<(&str, &str)> = decoded.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        oauth1_request::ParameterList::new(list)
    };
    let theirs = builder.authorize("POST", URL, &per_request());
    assert_eq!(signature(&ours), signature(&theirs), "{ours}\n{theirs}");
    group.bench_function("oauth1-request ParameterList per request", |b| {
        b.iter(|| builder.authorize("POST", black_box(URL), &per_request()));
    });
    // Its `#[derive(Request)]` path: the parameters are struct fields, serialized in an order fixed at
    // compile time.
    if extra {
        let theirs = builder.authorize("POST", URL, &derived_20_params());
        assert_eq!(signature(&ours), signature(&theirs), "{ours}\n{theirs}");
        group.bench_function("oauth1-request derive", |b| {
            b.iter(|| builder.authorize("POST", black_box(URL), &derived_20_params()));
        });
    } else {
        let theirs = builder.authorize("POST", URL, &derived_status());
        assert_eq!(signature(&ours), signature(&theirs), "{ours}\n{theirs}");
        group.bench_function("oauth1-request derive", |b| {
            b.iter(|| builder.authorize("POST", black_box(URL), &derived_status()));
        });
    }
    group.finish();
}

fn twitter_post(c: &mut Criterion) {
    workload(c, "1 twitter POST", false);
}

fn twitter_post_20_params(c: &mut Criterion) {
    workload(c, "2 twitter POST + 20 params", true);
}

fn twitter_post_sha256(c: &mut Criterion) {
    let (client, token) = (client(), token());
    let signer = Signer::new(&client).token(&token).method(HmacSha256);
    let mut group = c.benchmark_group("3 twitter POST HMAC-SHA256");
    floor_and_ours::<sha2::Sha256, _>(&mut group, "floor HMAC-SHA256", &signer, &request(false));
    group.finish();
}

fn verify(c: &mut Criterion) {
    let (client, token, nonce, timestamp) = (client(), token(), nonce(), timestamp());
    let mut request = request(false);
    let signer = Signer::new(&client).token(&token);
    signer.authorize(&mut request, &nonce, timestamp).unwrap();
    // A provider's secrets live in its store: the lookup lends them.
    let (client_secret, token_secret) = (Secret::new(CONSUMER_SECRET), Secret::new(TOKEN_SECRET));
    let lookup = |_: &str, _: Option<&str>| Ok(Secrets::borrowed(&client_secret, Some(&token_secret)));
    let verifier = Checker::new(timestamp);
    verifier.verify(&request, lookup, &mut Forgetful).unwrap();
    c.bench_function("4 verify twitter POST/oauth1-core", |b| {
        b.iter(|| {
            verifier
                .verify(black_box(&request), lookup, &mut Forgetful)
                .unwrap()
                .timestamp()
        });
    });
    // Refusals must not tell an unknown consumer key from a known one by their time: the first is
    // checked against stand-in secrets, the second against its own and fails on the signature.
    // Wrong secrets of the real ones' lengths: HMAC's cost depends on the key's length, not its value.
    let (wrong_client, wrong_token) = (
        Secret::new(CONSUMER_SECRET.to_ascii_uppercase()),
        Secret::new(TOKEN_SECRET.to_ascii_uppercase()),
    );
    let wrong_secret = |_: &str, _: Option<&str>| Ok(Secrets::borrowed(&wrong_client, Some(&wrong_token)));
    let unknown = |_: &str, _: Option<&str>| Err(UnknownCredentials::Client);
    assert_eq!(
        verifier
            .verify(&request, wrong_secret, &mut Forgetful)
            .unwrap_err(),
        Rejection::BadSignature
    );
    assert_eq!(
        verifier.verify(&request, unknown, &mut Forgetful).unwrap_err(),
        Rejection::UnknownClient
    );
    c.bench_function("4 verify refused/known key, bad signature", |b| {
        b.iter(|| {
            verifier
                .verify(black_box(&request), wrong_secret, &mut Forgetful)
                .is_err()
        });
    });
    c.bench_function("4 verify refused/unknown consumer key", |b| {
        b.iter(|| {
            verifier
                .verify(black_box(&request), unknown, &mut Forgetful)
                .is_err()
        });
    });
}

fn flow_step(c: &mut Criterion) {
    let (client, nonce, timestamp) = (client(), nonce(), timestamp());
    let provider = Provider::twitter();
    let step = TemporaryCredentialsRequest::new(&provider, &client, "oob").unwrap();
    let response = http::Response::new(
        b"oauth_token=Z6eEdO8MOmk394WozF5oKyuAv855l4Mlqo7hhlSLik&oauth_token_secret=Kd75W4OQfb2oJTV0vzGzeXftVAwgMnEK9MumzYcM&oauth_callback_confirmed=true"
            .to_vec(),
    );
    c.bench_function("5 request_token prepare + parse/oauth1-core", |b| {
        b.iter(|| {
            let request = step.prepare(&nonce, timestamp).unwrap();
            let pending = step.parse(black_box(response.clone())).unwrap();
            (request, pending)
        });
    });
}

/// A 1 MiB 2xx token response of unique short fields (`0=v&1=v&…`): parsing it must stay within a
/// small factor of merely splitting it into pairs (it was quadratic: 22 s).
fn token_response_1mib(c: &mut Criterion) {
    let mut body = String::new();
    let mut i = 0u64;
    while body.len() < (1 << 20) {
        body.push_str(&format!("{i:x}=v&"));
        i += 1;
    }
    body.pop();
    let fields = FormFields::parse(body.as_bytes()).unwrap();
    assert_eq!(fields.into_vec().len(), usize::try_from(i).unwrap());
    let mut group = c.benchmark_group("6 token response 1 MiB unique fields");
    group.sample_size(20);
    // Splitting into (name, value) pairs and looking at each (black_box keeps the optimizer from
    // skipping the `=` search that a bare `.count()` never needs).
    group.bench_function("plain form-pair scan", |b| {
        b.iter(|| {
            for pair in oauth1_core::encode::form_pairs(black_box(&body)) {
                black_box(pair);
            }
        });
    });
    group.bench_function("FormFields::parse", |b| {
        b.iter(|| FormFields::parse(black_box(body.as_bytes())).is_ok());
    });
    group.finish();
}

criterion_group!(
    benches,
    token_response_1mib,
    twitter_post,
    twitter_post_20_params,
    twitter_post_sha256,
    verify,
    flow_step
);
criterion_main!(benches);
