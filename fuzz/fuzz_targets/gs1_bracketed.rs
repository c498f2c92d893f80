//! The bracketed (human-readable) GS1 form, `(01)05901234123457(21)ABC`. Whatever parses as valid
//! must read the same written again in that form, and written as a scanner would send it (GS after
//! each field without a predefined length).
#![no_main]
use libfuzzer_sys::fuzz_target;
use redock_domain::codes::{
    lookup_ai, parse_bracketed, parse_element_string, write_bracketed, write_element_string, GS1_ERROR_CODES,
};

fuzz_target!(|data: &str| {
    let read = parse_bracketed(data);
    for a in &read.ais {
        assert!(lookup_ai(&a.ai).is_some(), "{data:?}: unknown AI in {a:?}");
    }
    let Some(e) = &read.error else {
        assert!(!read.ais.is_empty(), "{data:?}: valid with no AIs");
        let bracketed = write_bracketed(&read.ais);
        let again = parse_bracketed(&bracketed);
        assert_eq!(again.error, None, "{data:?} as {bracketed:?}");
        assert_eq!(again.ais, read.ais, "{data:?} as {bracketed:?}");

        let raw = write_element_string(&read.ais);
        let again = parse_element_string(&raw);
        assert_eq!(again.error, None, "{data:?} as {raw:?}");
        assert_eq!(again.ais, read.ais, "{data:?} as {raw:?}");
        assert!(again.notes.is_empty(), "{data:?} as {raw:?}: {:?}", again.notes);
        return;
    };
    assert!(GS1_ERROR_CODES.contains(&e.code()), "{e:?}");
});
