#![no_main]
use libfuzzer_sys::fuzz_target;
use redock_domain::codes::parse_digital_link;

fuzz_target!(|data: &str| {
    if let Some(read) = parse_digital_link(data) {
        if read.is_valid() {
            assert!(!read.ais.is_empty());
        }
    }
});
