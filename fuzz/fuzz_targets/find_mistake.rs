//! libFuzzer entry point; the checks are `oauth1_fuzz::find_mistake`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| oauth1_fuzz::find_mistake(data));
