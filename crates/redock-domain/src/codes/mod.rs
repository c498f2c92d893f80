//! What a scanned code is. `classify` takes one normalised read and says which kind of code it is,
//! whether it is valid (check digits, formats), and what it holds. It never guesses: a code that fits
//! nothing is `Unknown` with what was read.

mod check_digit;
mod gtin;
mod lpn;
mod station_codes;

pub use check_digit::gs1_check_digit;
pub use gtin::{classify_gtin, GtinKind};
pub use lpn::{format_lpn, lpn_check_char, parse_lpn, Lpn, LpnError};
pub use station_codes::{CodeConfig, RmaPattern};

use serde::{Deserialize, Serialize};

/// The kinds `redock code --json` reports. Names are stable: the UI, the CLI and events use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    Gs1,
    Ean13,
    Upca,
    Ean8,
    Gtin14,
    DigitalLink,
    Tracking,
    Rma,
    Lpn,
    Tote,
    Bin,
    Badge,
    Command,
    Unknown,
}

impl CodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeKind::Gs1 => "gs1",
            CodeKind::Ean13 => "ean13",
            CodeKind::Upca => "upca",
            CodeKind::Ean8 => "ean8",
            CodeKind::Gtin14 => "gtin14",
            CodeKind::DigitalLink => "digital_link",
            CodeKind::Tracking => "tracking",
            CodeKind::Rma => "rma",
            CodeKind::Lpn => "lpn",
            CodeKind::Tote => "tote",
            CodeKind::Bin => "bin",
            CodeKind::Badge => "badge",
            CodeKind::Command => "command",
            CodeKind::Unknown => "unknown",
        }
    }

    /// Product identifiers carry a GTIN once valid.
    pub fn is_product(self) -> bool {
        matches!(self, CodeKind::Gs1 | CodeKind::Ean13 | CodeKind::Upca | CodeKind::Ean8 | CodeKind::Gtin14)
    }
}

/// One GS1 application identifier and its value, in scan order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AiValue {
    pub ai: String,
    pub value: String,
}

/// The classification of one read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Classified {
    pub kind: CodeKind,
    pub valid: bool,
    /// The code as read, after normalisation (GS shown as-is).
    pub text: String,
    /// Why it is not valid, in English; the UI translates by `error_code`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// GTIN-14 for product codes (EAN-13, UPC-A, EAN-8 padded with zeros), when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gtin: Option<String>,
    /// Shop that issued an RMA, when the pattern names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shop: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub ais: Vec<AiValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
}

impl Classified {
    pub fn valid(kind: CodeKind, text: &str) -> Self {
        Classified {
            kind,
            valid: true,
            text: text.to_string(),
            error: None,
            error_code: None,
            gtin: None,
            shop: None,
            ais: Vec::new(),
            carrier: None,
        }
    }

    pub fn invalid(kind: CodeKind, text: &str, error_code: &str, error: String) -> Self {
        Classified {
            valid: false,
            error: Some(error),
            error_code: Some(error_code.to_string()),
            ..Classified::valid(kind, text)
        }
    }

    pub fn unknown(text: &str) -> Self {
        Classified::invalid(
            CodeKind::Unknown,
            text,
            "code.unknown",
            "this code matches no format the station knows".to_string(),
        )
    }
}

/// Classify one normalised read (see `normalize_scan`). Order matters only where formats overlap:
/// station codes have prefixes no product code has; all-digit codes are told apart by length.
pub fn classify(text: &str, config: &CodeConfig) -> Classified {
    if let Some(c) = config.classify_station_code(text) {
        return c;
    }
    if let Some(c) = classify_gtin(text) {
        return c;
    }
    Classified::unknown(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: &str) {
        let c = classify(text, &CodeConfig::demo());
        let mut got = format!("{} {}", c.kind.as_str(), if c.valid { "valid" } else { "invalid" });
        if let Some(g) = &c.gtin {
            got.push_str(&format!(" gtin={g}"));
        }
        if let Some(s) = &c.shop {
            got.push_str(&format!(" shop={s}"));
        }
        if let Some(e) = &c.error {
            got.push_str(&format!(": {e}"));
        }
        assert_eq!(got, expect, "classify({text:?})");
    }

    #[test]
    fn classifies_what_a_dock_scans() {
        check("5901234123457", "ean13 valid gtin=05901234123457");
        check("5901234123458", "ean13 invalid: check digit is 8, expected 7");
        check("036000291452", "upca valid gtin=00036000291452");
        check("036000291453", "upca invalid: check digit is 3, expected 2");
        check("96385074", "ean8 valid gtin=00000096385074");
        check("15901234123454", "gtin14 valid gtin=15901234123454");
        check("RMA-100001", "rma valid shop=demo");
        check("LPN00100000016", "lpn valid");
        check("LPN00100000017", "lpn invalid: check digit is 7, expected 6");
        check("TOTE-A01", "tote valid");
        check("BIN-R-01-02", "bin valid");
        check("BADGE-0001", "badge valid");
        check("CMD:NEXT", "command valid");
        check("hello world", "unknown invalid: this code matches no format the station knows");
        check("12345", "unknown invalid: this code matches no format the station knows");
    }
}
