//! The whole path of a scanner read: clean-up, then classification. Beyond "never panics": what
//! the classifier says must hang together.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redock_domain::{classify, classify_error_codes, normalize_scan, Classified, CodeConfig, CodeKind};

static CONFIG: std::sync::OnceLock<CodeConfig> = std::sync::OnceLock::new();

/// What holds for any classification, whatever the text was.
fn consistent(text: &str, c: &Classified) {
    assert_eq!(c.valid, c.error_code.is_none(), "{text:?}: {c:?}");
    assert_eq!(c.error.is_some(), c.error_code.is_some(), "{text:?}: {c:?}");
    if let Some(code) = &c.error_code {
        assert!(
            classify_error_codes().any(|k| k == code),
            "unlisted {code}: {c:?}"
        );
    }
    // `text` is the read without its symbology identifier, nothing added or dropped.
    assert!(c.text.len() <= text.len(), "{text:?}: {c:?}");
    let sym = c.symbology.as_deref().unwrap_or_default();
    assert_eq!(format!("{sym}{}", c.text), text, "{c:?}");
    if c.valid && matches!(c.kind, CodeKind::Gs1 | CodeKind::DigitalLink) {
        assert!(!c.ais.is_empty(), "{text:?}: {c:?}");
    }
    if let Some(g) = &c.gtin {
        assert!(
            c.valid && (c.kind.is_product() || c.kind == CodeKind::DigitalLink),
            "{c:?}"
        );
        assert!(g.len() == 14 && g.bytes().all(|b| b.is_ascii_digit()), "{c:?}");
    }
    if c.valid
        && matches!(
            c.kind,
            CodeKind::Ean13 | CodeKind::Upca | CodeKind::Ean8 | CodeKind::Gtin14
        )
    {
        assert!(c.gtin.is_some(), "{c:?}");
    }
    if c.kind == CodeKind::Tracking {
        assert!(c.carrier.is_some(), "{c:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    // Every parser on the raw bytes, as the domain crate's own fuzz entry does.
    redock_domain::fuzz_classify(data);
    let raw = String::from_utf8_lossy(data);
    let config = CONFIG.get_or_init(CodeConfig::demo);
    consistent(&raw, &classify(&raw, config));
    let Ok(clean) = normalize_scan(&raw, Some('~')) else {
        return;
    };
    assert!(
        !clean.is_empty() && clean.len() <= raw.len(),
        "{raw:?} -> {clean:?}"
    );
    consistent(&clean, &classify(&clean, config));
});
