//! The whole path of a scanner read: clean-up, then classification. Beyond "never panics": what
//! the classifier says must hang together.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redock_domain::{classify, normalize_scan, CodeConfig, CodeKind};

static CONFIG: std::sync::OnceLock<CodeConfig> = std::sync::OnceLock::new();

fuzz_target!(|data: &[u8]| {
    redock_domain::fuzz_classify(data);
    let raw = String::from_utf8_lossy(data);
    let config = CONFIG.get_or_init(CodeConfig::demo);
    let Ok(clean) = normalize_scan(&raw, Some('~')) else { return };
    assert!(!clean.is_empty());
    let c = classify(&clean, config);
    assert_eq!(c.valid, c.error_code.is_none(), "{c:?}");
    assert!(c.text.len() <= clean.len(), "{c:?}");
    if c.valid && matches!(c.kind, CodeKind::Gs1 | CodeKind::DigitalLink) {
        assert!(!c.ais.is_empty(), "{c:?}");
    }
    if let Some(g) = &c.gtin {
        assert!(c.valid && g.len() == 14 && g.bytes().all(|b| b.is_ascii_digit()), "{c:?}");
    }
    if c.kind == CodeKind::Tracking && c.valid && c.ais.is_empty() {
        assert!(c.carrier.is_some(), "{c:?}");
    }
});
