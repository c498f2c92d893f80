#![no_main]
use libfuzzer_sys::fuzz_target;
use redock_domain::codes::classify_tracking;

fuzz_target!(|data: &str| {
    if let Some(c) = classify_tracking(data) {
        assert_eq!(c.valid, c.error_code.is_none(), "{c:?}");
        if c.valid {
            assert!(c.carrier.is_some(), "{c:?}");
        }
    }
});
