//! GS1 element strings with GS separators: whatever parses must read the same written in the
//! parentheses form.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redock_domain::codes::{parse_bracketed, parse_element_string};

fuzz_target!(|data: &str| {
    let read = parse_element_string(data);
    if read.is_valid() && !read.ais.is_empty() && read.notes.is_empty() {
        let bracketed: String = read.ais.iter().map(|a| format!("({}){}", a.ai, a.value)).collect();
        // Values holding a parenthesis cannot be written in this form unambiguously.
        if read.ais.iter().all(|a| !a.value.contains(['(', ')'])) {
            let again = parse_bracketed(&bracketed);
            assert!(again.is_valid(), "{bracketed:?}: {:?}", again.error);
            assert_eq!(again.ais, read.ais, "{bracketed:?}");
        }
    }
});
