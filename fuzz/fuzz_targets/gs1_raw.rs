//! GS1 element strings with GS separators, as a scanner sends them. Whatever parses as valid must
//! read the same written in the bracketed form; an invalid read says why with a listed code.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redock_domain::codes::{
    lookup_ai, parse_bracketed, parse_element_string, write_bracketed, GS1_ERROR_CODES,
};

fuzz_target!(|data: &str| {
    let read = parse_element_string(data);
    for a in &read.ais {
        assert!(lookup_ai(&a.ai).is_some(), "{data:?}: unknown AI in {a:?}");
    }
    let Some(e) = &read.error else {
        assert!(!read.ais.is_empty(), "{data:?}: valid with no AIs");
        let bracketed = write_bracketed(&read.ais);
        let again = parse_bracketed(&bracketed);
        assert_eq!(again.error, None, "{data:?} as {bracketed:?}");
        assert_eq!(again.ais, read.ais, "{data:?} as {bracketed:?}");
        return;
    };
    assert!(GS1_ERROR_CODES.contains(&e.code()), "{e:?}");
});
