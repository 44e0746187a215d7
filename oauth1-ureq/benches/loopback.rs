//! What signing adds to a real request: a signed GET to the in-process reference provider through
//! `oauth1_ureq::Client`, beside the same GET sent unsigned with plain ureq (the provider answers it 401,
//! after looking for the missing parameters). Both are one HTTP/1.1 round trip on loopback.
//!
//! `cargo bench -p oauth1-ureq --bench loopback`. The provider's replay store holds 100 000 nonces, so
//! the measurement is kept short enough not to fill it.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use oauth1_core::{ClientCredentials, Signer};
use oauth1_tests::provider::ReferenceProvider;

fn loopback(c: &mut Criterion) {
    let client = ClientCredentials::new("bench-key", "bench-secret");
    let provider = ReferenceProvider::start(client.clone()).unwrap();
    let token = provider.issue_access_token();
    let url = format!("{}/1.1/account/verify_credentials.json", provider.url());

    let plain = ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build(),
    );
    let signed = oauth1_ureq::Client::new();
    let signer = Signer::new(&client).token(&token);
    let request = || http::Request::get(url.as_str()).body(Vec::new()).unwrap();
    assert_eq!(signed.send_signed(&signer, request()).unwrap().status(), 200);
    assert_eq!(plain.run(request()).unwrap().status(), 401);

    let mut group = c.benchmark_group("GET verify_credentials on loopback");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("plain ureq, unsigned", |b| {
        b.iter(|| {
            let mut response = plain.run(black_box(request())).unwrap();
            response.body_mut().read_to_vec().unwrap()
        });
    });
    group.bench_function("oauth1-ureq, signed", |b| {
        b.iter(|| signed.send_signed(&signer, black_box(request())).unwrap());
    });
    group.finish();
}

criterion_group!(benches, loopback);
criterion_main!(benches);
