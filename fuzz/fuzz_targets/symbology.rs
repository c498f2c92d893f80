//! AIM symbology identifiers: taking one off never panics and never changes the text: the
//! identifier and the rest put back together are the input.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redock_domain::codes::strip_symbology;

fuzz_target!(|data: &str| {
    let (sym, rest) = strip_symbology(data);
    let Some(s) = sym else {
        assert_eq!(rest, data);
        return;
    };
    assert_eq!(format!("{}{rest}", s.id), data);
    assert!(
        s.id.starts_with(']') && s.id.len() >= 3 && s.id.is_ascii(),
        "{s:?}"
    );
    assert_eq!(s.code(), char::from(s.id.as_bytes()[1]), "{s:?}");
    if s.is_gs1() || s.is_itf14() {
        assert_eq!(s.id.len(), 3, "{s:?}");
    }
    assert!(!(s.is_ean_upc() && s.is_itf14()), "{s:?}");
    // Taking it off once is all: what follows is data, even if it looks like another identifier.
    let _ = strip_symbology(rest);
});
