#![no_main]
use libfuzzer_sys::fuzz_target;
use redock_domain::codes::parse_bracketed;

fuzz_target!(|data: &str| {
    let read = parse_bracketed(data);
    if read.is_valid() {
        // Every AI read is one the table knows, with a value GS1 allows there.
        for a in &read.ais {
            assert!(redock_domain::codes::lookup_ai(&a.ai).is_some(), "{a:?}");
        }
    }
});
