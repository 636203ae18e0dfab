#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vnews_fuzz::check_normalize(data));
