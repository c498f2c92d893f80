//! Carrier tracking numbers. A number with a carrier's shape names the carrier, and a wrong one
//! says why with a listed code.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redock_domain::codes::{classify_tracking, TRACKING_ERROR_CODES};
use redock_domain::CodeKind;

fuzz_target!(|data: &str| {
    let Some(c) = classify_tracking(data) else { return };
    assert_eq!(c.kind, CodeKind::Tracking, "{c:?}");
    assert_eq!(c.text, data, "{c:?}");
    assert!(c.carrier.is_some(), "{c:?}");
    assert_eq!(c.valid, c.error_code.is_none(), "{c:?}");
    assert_eq!(c.error.is_some(), c.error_code.is_some(), "{c:?}");
    if let Some(code) = &c.error_code {
        assert!(
            TRACKING_ERROR_CODES.contains(&code.as_str()),
            "unlisted {code}: {c:?}"
        );
    }
    assert!(c.gtin.is_none() && c.ais.is_empty(), "{c:?}");
});
