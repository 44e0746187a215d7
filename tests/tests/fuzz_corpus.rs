//! Replays every fuzz target's committed corpus (`fuzz/corpus/<target>/`) through the target's checks,
//! so a regression the fuzzer once found fails plain `cargo test`, without libFuzzer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};

use oauth1_tests::interop::repo_root;

#[test]
fn every_committed_fuzz_input_passes_its_target() {
    let corpus = repo_root().join("fuzz/corpus");
    let mut failures = Vec::new();
    for (target, check) in oauth1_fuzz::TARGETS {
        let dir = corpus.join(target);
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.is_file())
            .collect();
        files.sort();
        let seeds = files
            .iter()
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("seed-"))
            })
            .count();
        assert!(seeds >= 5, "{target}: only {seeds} seeds in {}", dir.display());
        for path in files {
            let data = fs::read(&path).unwrap();
            if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
                failures.push(path.display().to_string());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "inputs that fail their target: {failures:#?}"
    );
}
