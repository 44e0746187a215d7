//! libFuzzer entry point; the checks are `oauth1_fuzz::callback`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| oauth1_fuzz::callback(data));
