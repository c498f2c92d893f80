//! License plates and AIM identifiers: the codes the station prints and the prefix scanners add.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redock_domain::codes::{format_lpn, parse_lpn, strip_symbology};

fuzz_target!(|data: &str| {
    if let Ok(lpn) = parse_lpn(data) {
        assert_eq!(format_lpn(lpn).as_deref(), Ok(data));
    }
    let (sym, rest) = strip_symbology(data);
    match sym {
        Some(s) => assert_eq!(format!("{}{rest}", s.id), data),
        None => assert_eq!(rest, data),
    }
});
