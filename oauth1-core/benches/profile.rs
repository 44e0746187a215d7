//! Signs one workload many times and nothing else, for instruction counts under callgrind:
//! `valgrind --tool=callgrind target/release/deps/profile-* <workload> <iterations>`, workload one of
//! `sign`, `sign20`, `keyed`, `keyed20`, `sha256`, `verify`, `floor`, `floor20`, `floor256`, `keyed-floor`,
//! `keyed-floor+header`, or oauth1-request's `request-list`, `request-list20`, `request-derive`,
//! `request-derive20`. Criterion's timing is in `signing.rs`.
//!
//! `profile-* ratio <workload>...` times workloads against their floor on a shared machine: alternating
//! batches, the fastest of each kept.

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)] // A measuring program: its output is the result.

#[path = "workloads.rs"]
mod workloads;

use std::hint::black_box;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{KeyInit, Mac};
use oauth1_core::verify::{Checker, NonceCheck, NonceUse, ReplayStore, Secrets};
use oauth1_core::{HmacSha256, Secret, Signer};
use workloads::*;

struct Forgetful;

impl ReplayStore for Forgetful {
    fn check_and_record(&mut self, _: &NonceUse<'_>) -> NonceCheck {
        NonceCheck::Fresh
    }
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with("--"));
    let workload = args.next().unwrap_or_else(|| "sign".into());
    if workload == "ratio" {
        return ratios(&args.collect::<Vec<_>>());
    }
    let iterations: usize = args.next().map_or(10_000, |n| n.parse().unwrap());
    run(&workload, iterations);
}

/// Times each workload against its floor on a machine shared with others: batches of the two
/// alternate, and each keeps its fastest batch (interference only ever adds time).
fn ratios(workloads: &[String]) {
    const ROUNDS: usize = 150;
    const BATCH: usize = 500;
    let per_request = |workload: &str| {
        let start = std::time::Instant::now();
        run(workload, BATCH);
        start.elapsed().as_nanos() as f64 / BATCH as f64
    };
    for workload in workloads {
        let floor = match workload.as_str() {
            "sha256" => "floor256",
            w if w.ends_with("20") => "floor20",
            _ => "floor",
        };
        let (mut best, mut best_floor) = (f64::MAX, f64::MAX);
        for _ in 0..ROUNDS {
            best_floor = best_floor.min(per_request(floor));
            best = best.min(per_request(workload));
        }
        println!(
            "{workload:<18} {best:7.0} ns   {floor:<8} {best_floor:6.0} ns   x floor {:.2}",
            best / best_floor
        );
    }
}

/// The floor with digest `D` over `base_string`, `iterations` times.
fn run_floor<D: hmac::EagerHash>(base_string: &str, iterations: usize) {
    let key = key();
    for _ in 0..iterations {
        black_box(floor::<D>(
            black_box(key.as_bytes()),
            black_box(base_string.as_bytes()),
        ));
    }
}

fn run(workload: &str, iterations: usize) {
    let (client, token, nonce, timestamp) = (client(), token(), nonce(), timestamp());
    let signer = Signer::new(&client).token(&token);
    let template = request(workload.ends_with("20"));
    // As in `signing.rs`, one request is signed again and again (each call replaces the header).
    let mut request = template.clone();
    match workload {
        "sign" | "sign20" => {
            for _ in 0..iterations {
                signer
                    .authorize(black_box(&mut request), &nonce, timestamp)
                    .unwrap();
            }
        }
        "keyed" | "keyed20" => {
            let keyed = signer.keyed();
            for _ in 0..iterations {
                keyed
                    .authorize(black_box(&mut request), &nonce, timestamp)
                    .unwrap();
            }
        }
        "sha256" => {
            let signer = signer.method(HmacSha256);
            for _ in 0..iterations {
                signer
                    .authorize(black_box(&mut request), &nonce, timestamp)
                    .unwrap();
            }
        }
        "verify" => {
            let mut request = template.clone();
            signer.authorize(&mut request, &nonce, timestamp).unwrap();
            // A provider's secrets live in its store: the lookup lends them.
            let (client_secret, token_secret) = (Secret::new(CONSUMER_SECRET), Secret::new(TOKEN_SECRET));
            let lookup =
                |_: &str, _: Option<&str>| Ok(Secrets::borrowed(&client_secret, Some(&token_secret)));
            for _ in 0..iterations {
                black_box(
                    Checker::new(timestamp)
                        .verify(black_box(&request), lookup, &mut Forgetful)
                        .unwrap(),
                );
            }
        }
        // What the keyed signer cannot avoid even knowing the base string: the keyed MAC state
        // copied, the base string hashed, base64; with `+header`, also the header written from its
        // fixed parts around the signature, made a `HeaderValue` and inserted, as `keyed` does.
        "keyed-floor" | "keyed-floor+header" => {
            let base = signer.base_string(&template, &nonce, timestamp).unwrap();
            let keyed_mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(key().as_bytes()).unwrap();
            let mut signed = template.clone();
            signer.authorize(&mut signed, &nonce, timestamp).unwrap();
            let header = signed.headers()[http::header::AUTHORIZATION].as_bytes().to_vec();
            let marker = b"oauth_signature=\"";
            let at = header.windows(marker.len()).position(|w| w == marker).unwrap() + marker.len();
            let end = at + header[at..].iter().position(|&b| b == b'"').unwrap();
            let (head, tail) = (&header[..at], &header[end..]);
            let sign = || {
                let mut mac = black_box(&keyed_mac).clone();
                mac.update(black_box(base.as_bytes()));
                let mut signature = [0u8; 28];
                BASE64
                    .encode_slice(mac.finalize().into_bytes().as_slice(), &mut signature)
                    .unwrap();
                signature
            };
            let render = |signature: [u8; 28]| {
                let mut text = [0u8; 512];
                let mut len = head.len();
                text[..len].copy_from_slice(head);
                for &b in &signature {
                    let escape = match b {
                        b'+' => *b"%2B",
                        b'/' => *b"%2F",
                        b'=' => *b"%3D",
                        _ => {
                            text[len] = b;
                            len += 1;
                            continue;
                        }
                    };
                    text[len..len + 3].copy_from_slice(&escape);
                    len += 3;
                }
                text[len..len + tail.len()].copy_from_slice(tail);
                len += tail.len();
                let mut value = http::HeaderValue::from_bytes(&text[..len]).unwrap();
                value.set_sensitive(true);
                value
            };
            assert_eq!(render(sign()).as_bytes(), header, "the keyed signer's header");
            for _ in 0..iterations {
                let signature = sign();
                if workload == "keyed-floor" {
                    black_box(signature);
                } else {
                    black_box(&mut request)
                        .headers_mut()
                        .insert(http::header::AUTHORIZATION, render(signature));
                }
            }
        }
        // The base string the floor hashes names the method, so it is the matching signer's.
        "floor" | "floor20" => {
            let base = signer.base_string(&template, &nonce, timestamp).unwrap();
            run_floor::<sha1::Sha1>(&base, iterations);
        }
        "floor256" => {
            let base = signer
                .method(HmacSha256)
                .base_string(&template, &nonce, timestamp);
            run_floor::<sha2::Sha256>(&base.unwrap(), iterations);
        }
        // oauth1-request on the same workloads: the parameters collected and sorted per request, or
        // the derived struct.
        "request-list" | "request-list20" => {
            let builder = oauth1_request_builder();
            let decoded = decoded_parameters(workload.ends_with("20"));
            for _ in 0..iterations {
                let list: Vec<(&str, &str)> = decoded.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
                black_box(builder.authorize(
                    "POST",
                    black_box(URL),
                    &oauth1_request::ParameterList::new(list),
                ));
            }
        }
        "request-derive" => {
            let builder = oauth1_request_builder();
            for _ in 0..iterations {
                black_box(builder.authorize("POST", black_box(URL), &derived_status()));
            }
        }
        "request-derive20" => {
            let builder = oauth1_request_builder();
            for _ in 0..iterations {
                black_box(builder.authorize("POST", black_box(URL), &derived_20_params()));
            }
        }
        other => panic!("unknown workload {other}"),
    }
    black_box(request);
}
