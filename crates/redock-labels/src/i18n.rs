//! The words printed on a label, from the station's Fluent files (`assets/i18n/<lang>.ftl`,
//! embedded). Unknown language → English; a key missing in a language → its English text.

use crate::Captions;
use fluent_bundle::{FluentBundle, FluentResource};
use unic_langid::LanguageIdentifier;

const FTL: [(&str, &str); 5] = [
    ("en", include_str!("../../../assets/i18n/en.ftl")),
    ("pl", include_str!("../../../assets/i18n/pl.ftl")),
    ("ro", include_str!("../../../assets/i18n/ro.ftl")),
    ("nb", include_str!("../../../assets/i18n/nb.ftl")),
    ("ru", include_str!("../../../assets/i18n/ru.ftl")),
];

/// The disposition channels a label knows a word for.
pub const CHANNELS: [&str; 8] = [
    "restock",
    "refurbish",
    "liquidate",
    "rtv",
    "donate",
    "recycle",
    "destroy",
    "hold",
];

/// Languages with an .ftl file.
pub fn languages() -> impl Iterator<Item = &'static str> {
    FTL.iter().map(|(l, _)| *l)
}

struct Messages {
    bundles: Vec<FluentBundle<FluentResource>>,
}

impl Messages {
    /// `lang` first (e.g. `pl`, `pl-PL`, `nb_NO`), then English.
    fn new(lang: &str) -> Messages {
        let primary = lang.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        let primary = if primary == "no" {
            "nb".to_string()
        } else {
            primary
        };
        let mut codes = vec![primary.as_str()];
        if primary != "en" {
            codes.push("en");
        }
        let mut bundles = Vec::new();
        for (code, src) in codes.iter().filter_map(|c| FTL.iter().find(|(f, _)| f == c)) {
            // A syntax error elsewhere in the file still leaves the good messages usable.
            let res = FluentResource::try_new((*src).to_string()).unwrap_or_else(|(res, _)| res);
            let id: LanguageIdentifier = code.parse().unwrap_or_default();
            let mut bundle = FluentBundle::new(vec![id]);
            bundle.set_use_isolating(false);
            // Duplicate keys: the first wins, which is what Fluent does too.
            let _ = bundle.add_resource(res);
            bundles.push(bundle);
        }
        Messages { bundles }
    }

    fn get(&self, key: &str) -> Option<String> {
        for bundle in &self.bundles {
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, None, &mut errors);
                if errors.is_empty() && !text.trim().is_empty() {
                    return Some(text.into_owned());
                }
            }
        }
        None
    }
}

/// The localized words for a label: the disposition (e.g. `restock` → "Na stan" in Polish) and
/// the captions. An unknown disposition code is printed as it is.
pub fn captions(lang: &str, disposition: &str) -> Captions {
    let m = Messages::new(lang);
    let code = disposition.trim().to_ascii_lowercase();
    Captions {
        disposition: m
            .get(&format!("label-channel-{code}"))
            .unwrap_or_else(|| disposition.trim().to_string()),
        grade: m.get("label-grade").unwrap_or_else(|| "Grade".into()),
        destination: m.get("label-destination").unwrap_or_else(|| "Destination".into()),
        station: m.get("label-station").unwrap_or_else(|| "Station".into()),
        date: m.get("label-date").unwrap_or_else(|| "Date".into()),
    }
}

/// Any message of the station's Fluent files in `lang` (English when missing), for the captions
/// of a station sheet.
pub fn message(lang: &str, key: &str) -> Option<String> {
    Messages::new(lang).get(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_has_its_own_word_in_every_language() {
        for lang in languages() {
            let m = Messages::new(lang);
            for ch in CHANNELS {
                let key = format!("label-channel-{ch}");
                let own = m.bundles[0].get_message(&key).is_some();
                assert!(own, "{lang} lacks {key}");
            }
            for key in ["label-grade", "label-destination", "label-station", "label-date"] {
                assert!(m.bundles[0].get_message(key).is_some(), "{lang} lacks {key}");
            }
        }
    }

    #[test]
    fn translations_and_fallbacks() {
        assert_eq!(captions("pl", "restock").disposition, "Na stan");
        assert_eq!(captions("ru-RU", "restock").disposition, "На склад");
        assert_eq!(captions("nb_NO", "restock").disposition, "Tilbake på lager");
        assert_eq!(captions("no", "hold").disposition, "På vent");
        assert_eq!(captions("ro", "hold").disposition, "În așteptare");
        assert_eq!(captions("xx", "restock").disposition, "Restock");
        assert_eq!(captions("xx", "restock").grade, "Grade");
        assert_eq!(captions("pl", "teleport").disposition, "teleport");
        assert_eq!(captions("ru", "rtv").grade, "Категория");
    }
}
