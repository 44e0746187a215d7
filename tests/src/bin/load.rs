//! A bounded load test of the reference provider (a benchmark, not a test; BENCHMARKS.md has its
//! numbers):
//!
//! ```text
//! cargo build --release -p oauth1-tests --bins
//! target/release/load --seconds 660 --threads 4
//! ```
//!
//! It starts `provider` (the binary beside it) on a loopback port with one client and one access token,
//! then `--threads` workers send signed `GET /1.1/account/verify_credentials.json` as fast as it
//! answers, each with a fresh nonce and the current time, until `--seconds` have passed. Every
//! `--every` seconds it prints the requests so far, the rate, the answers other than 200, and the
//! provider's resident memory. It exits 1 when any answer was not 200 (a false refusal: every request
//! is correctly signed) or when the provider's memory after the warm-up (one timestamp window, 300 s,
//! plus `--every`) moved by more than 20 %.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool reports on its terminal

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use oauth1_core::{ClientCredentials, Nonce, Signer, Timestamp, TokenCredentials};
use oauth1_tests::http_client;

/// Load the reference provider with signed calls; report rate, refusals and memory.
#[derive(Parser)]
struct Args {
    /// How long to run, in seconds.
    #[arg(long, default_value_t = 660)]
    seconds: u64,
    /// Concurrent workers.
    #[arg(long, default_value_t = 4)]
    threads: usize,
    /// Seconds between reports.
    #[arg(long, default_value_t = 30)]
    every: u64,
}

/// The provider's timestamp window: nonces live this long, so memory settles after it.
const WINDOW_SECS: u64 = 300;

struct Provider(Child);

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Resident memory of `pid` in KiB, from `/proc`.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("load: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<bool, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let provider_bin = exe.with_file_name(format!("provider{}", std::env::consts::EXE_SUFFIX));
    let (key, secret, token, token_secret) = ("load-key", "load-secret", "load-token", "load-token-secret");
    let mut child = Command::new(&provider_bin)
        .args(["--port", "0", "--consumer-key", key, "--consumer-secret", secret])
        .args(["--token", token, "--token-secret", token_secret])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e} (build it with --bins)", provider_bin.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let pid = child.id();
    let provider = Provider(child);
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .map_err(|e| e.to_string())?;
    let port: u16 = first
        .trim()
        .strip_prefix("PORT ")
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| format!("unexpected first line {first:?}"))?;
    let url = format!("http://127.0.0.1:{port}/1.1/account/verify_credentials.json");

    let stop = Arc::new(AtomicBool::new(false));
    let (sent, refused) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let workers: Vec<_> = (0..args.threads)
        .map(|_| {
            let (stop, sent, refused, url) = (stop.clone(), sent.clone(), refused.clone(), url.clone());
            std::thread::spawn(move || {
                let agent = http_client::agent();
                let client = ClientCredentials::new(key, secret);
                let token = TokenCredentials::new(token, token_secret);
                let signer = Signer::new(&client).token(&token);
                let mut rng = rand::rng();
                while !stop.load(Ordering::Relaxed) {
                    let Ok(mut request) = http::Request::get(url.as_str()).body(Vec::new()) else {
                        return;
                    };
                    let nonce = Nonce::generate(&mut rng);
                    let Ok(now) = Timestamp::now() else {
                        return;
                    };
                    if signer.authorize(&mut request, &nonce, now).is_err() {
                        return;
                    }
                    let ok = http_client::send(&agent, request).is_ok_and(|r| r.status() == 200);
                    sent.fetch_add(1, Ordering::Relaxed);
                    if !ok {
                        refused.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();

    let started = Instant::now();
    let warm_up = WINDOW_SECS + args.every;
    let mut settled: Vec<u64> = Vec::new();
    let mut last = (0u64, Instant::now());
    println!("   t (s)    requests    req/s   not 200   provider RSS (MiB)");
    while started.elapsed() < Duration::from_secs(args.seconds) {
        std::thread::sleep(Duration::from_secs(args.every));
        let (now_sent, now) = (sent.load(Ordering::Relaxed), Instant::now());
        let rate = (now_sent - last.0) as f64 / now.duration_since(last.1).as_secs_f64();
        last = (now_sent, now);
        let rss = rss_kib(pid).ok_or("the provider is gone")?;
        let t = started.elapsed().as_secs();
        if t >= warm_up {
            settled.push(rss);
        }
        println!(
            "{t:>8} {now_sent:>11} {rate:>8.0} {:>9} {:>20.1}",
            refused.load(Ordering::Relaxed),
            rss as f64 / 1024.0
        );
    }
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        let _ = worker.join();
    }
    drop(provider);

    let (total, bad) = (sent.load(Ordering::Relaxed), refused.load(Ordering::Relaxed));
    let seconds = started.elapsed().as_secs_f64();
    let (low, high) = (
        settled.iter().copied().min().unwrap_or(0),
        settled.iter().copied().max().unwrap_or(0),
    );
    let spread = if low == 0 {
        f64::INFINITY
    } else {
        (high - low) as f64 / low as f64
    };
    println!(
        "\n{total} requests in {seconds:.0} s ({:.0} req/s, {} threads); not 200: {bad}",
        total as f64 / seconds,
        args.threads
    );
    println!(
        "provider RSS after the {warm_up} s warm-up: {:.1} to {:.1} MiB ({:.1} % spread, {} samples)",
        low as f64 / 1024.0,
        high as f64 / 1024.0,
        spread * 100.0,
        settled.len()
    );
    Ok(bad == 0 && !settled.is_empty() && spread <= 0.20)
}
