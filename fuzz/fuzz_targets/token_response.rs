//! libFuzzer entry point; the checks are `oauth1_fuzz::token_response`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| oauth1_fuzz::token_response(data));
