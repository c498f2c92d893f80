//! GS1 Digital Link URIs. A link that parses names a primary key first, and its AIs read the same
//! in the bracketed GS1 form; a broken one says why with a listed code.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redock_domain::codes::{
    lookup_ai, parse_bracketed, parse_digital_link, write_bracketed, GS1_ERROR_CODES,
};

fn check(uri: &str) {
    let Some(read) = parse_digital_link(uri) else {
        return;
    };
    let scheme = uri.get(..8).unwrap_or(uri).to_ascii_lowercase();
    assert!(
        scheme.starts_with("https://") || scheme.starts_with("http://"),
        "{uri:?}"
    );
    for a in &read.ais {
        assert!(lookup_ai(&a.ai).is_some(), "{uri:?}: unknown AI in {a:?}");
    }
    if let Some(e) = &read.error {
        assert!(GS1_ERROR_CODES.contains(&e.code()), "{e:?}");
        return;
    }
    let key = read
        .ais
        .first()
        .unwrap_or_else(|| panic!("{uri:?}: valid with no AIs"));
    assert!(
        lookup_ai(&key.ai).is_some_and(|e| e.dl_key.is_some()),
        "{uri:?}: {key:?} is no key"
    );
    let bracketed = write_bracketed(&read.ais);
    let again = parse_bracketed(&bracketed);
    assert_eq!(again.error, None, "{uri:?} as {bracketed:?}");
    assert_eq!(again.ais, read.ais, "{uri:?} as {bracketed:?}");
}

fuzz_target!(|data: &str| {
    check(data);
    // Most mutations of a link break its scheme; also read the input as the path of one.
    check(&format!("https://id.gs1.org/{data}"));
});
