//! What a scanned code is. `classify` takes one normalised read and says which kind of code it is,
//! whether it is valid (check digits, formats), and what it holds. It never guesses: a code that fits
//! nothing is `Unknown` with what was read, and anything the station had to work out is in `notes`.

mod check_digit;
mod command;
mod digital_link;
mod gs1;
#[cfg(test)]
mod gs1_gen;
mod gs1_table;
mod gtin;
mod iso3166;
mod lpn;
mod station_codes;
mod symbology;
mod tracking;

pub use check_digit::gs1_check_digit;
pub use command::{Command, CommandError};
pub use digital_link::parse_digital_link;
pub use gs1::{
    looks_bracketed, parse_bracketed, parse_element_string, write_bracketed, write_element_string, Gs1Error,
    Gs1Read, GS1_ERROR_CODES,
};
pub use gs1_table::{lookup_ai, AiEntry, Component, Cset, Lint, AI_TABLE};
pub use gtin::{classify_gtin, GtinKind};
pub use iso3166::is_iso3166_alpha2;
pub use lpn::{format_lpn, lpn_check_char, parse_lpn, Lpn, LpnError};
pub use station_codes::{CodeConfig, RmaPattern};
pub use symbology::{strip_symbology, Symbology};
pub use tracking::{
    classify_tracking, fedex_check_digit, s10_check_digit, ups_check_digit, TRACKING_ERROR_CODES,
};

use crate::scan_input::{normalize_scan, GS};
use gs1::parse_element_string_as_sent;
use gs1_table::Evidence;
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
    /// A shop's order number. No format tells one apart; the station names a code so only when an
    /// expected return carries it.
    Order,
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
            CodeKind::Order => "order",
            CodeKind::Unknown => "unknown",
        }
    }

    /// Product identifiers carry a GTIN once valid.
    pub fn is_product(self) -> bool {
        matches!(
            self,
            CodeKind::Gs1 | CodeKind::Ean13 | CodeKind::Upca | CodeKind::Ean8 | CodeKind::Gtin14
        )
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
    /// The code as read, after normalisation (GS shown as-is), without a symbology identifier.
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
    /// The AIM symbology identifier the scanner sent in front of the data (e.g. `]C1`); `text` holds
    /// the data without it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub symbology: Option<String>,
    /// What the station had to work out to read the code, in English: a recovered separator, a padded
    /// GTIN, a format recognised by shape because it has no check digit.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
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
            symbology: None,
            notes: Vec::new(),
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

/// The note on every read taken as a GS1 element string although no symbology identifier came with
/// it. Stable text, first among the notes; a later note names any other reading that also fitted.
pub const NOTE_NO_SYMBOLOGY: &str = "no symbology identifier; read as a GS1 element string by its content";

/// The `error_code`s of the station's own codes and of GTINs.
const OWN_ERROR_CODES: &[&str] = &["code.unknown", "code.check_digit", "code.unknown_command"];

/// Every `error_code` `classify` can give. The UI needs a message for each.
pub fn error_codes() -> impl Iterator<Item = &'static str> {
    OWN_ERROR_CODES
        .iter()
        .chain(GS1_ERROR_CODES)
        .chain(TRACKING_ERROR_CODES)
        .copied()
}

/// Classify one normalised read (see `normalize_scan`). The order settles the overlaps:
///
/// 1. An AIM symbology identifier is taken off the front and reported in `symbology`.
/// 2. A GS1 Digital Link URI (an http(s) link with a primary key AI in its path).
/// 3. GS1 element strings the read itself declares: a GS1 symbology identifier (`]C1`, `]d2`, `]Q3`,
///    `]e0`, `]J1`) or the bracketed form `(01)…`. Errors are reported as GS1, never passed on.
/// 4. The station's own codes: their prefixes and the shops' RMA patterns are explicit configuration,
///    so they come before any guess from the shape of the data.
/// 5. GS1 without a GS1 identifier (see `unmarked_gs1`): on strong evidence, GS1 outright; without any
///    identifier, a complete element string weighed against the carrier readings that also fit it.
/// 6. EAN/UPC/GTIN by length, then carrier tracking numbers, then unknown. A 12-digit read that passes
///    the UPC-A check digit is a UPC-A; one that fails it is a FedEx Express number when FedEx's own
///    check digit holds, else a UPC-A with a wrong check digit. A symbology identifier overrides this:
///    under `]E…`/`]I1` digits are only ever a GTIN; under any other symbology (Code 128, 2D codes),
///    which never carries a UPC-A, a valid tracking number wins over a GTIN.
pub fn classify(text: &str, config: &CodeConfig) -> Classified {
    let (symbology, data) = strip_symbology(text);
    let mut c = classify_data(symbology, data, config);
    c.symbology = symbology.map(|s| s.id.to_string());
    c
}

fn classify_data(symbology: Option<Symbology<'_>>, data: &str, config: &CodeConfig) -> Classified {
    if let Some(read) = parse_digital_link(data) {
        return from_gs1(CodeKind::DigitalLink, data, read);
    }
    if symbology.is_some_and(|s| s.is_gs1()) {
        return gs1_or_carrier(data, parse_element_string(data));
    }
    if looks_bracketed(data) {
        return gs1_or_carrier(data, parse_bracketed(data));
    }
    if let Some(c) = config.classify_station_code(data) {
        return c;
    }
    match unmarked_gs1(symbology, data) {
        Unmarked::Gs1(read) => {
            let mut c = gs1_or_carrier(data, read);
            if c.kind == CodeKind::Gs1 {
                if symbology.is_none() {
                    c.notes.insert(0, NOTE_NO_SYMBOLOGY.to_string());
                }
                // With a GS, `gs1_or_carrier` has already weighed the carriers' GS1-128 labels.
                if !data.contains(GS) {
                    let carrier = tracking::read_tracking(data).filter(|(t, _)| t.valid);
                    c.notes.extend(other_reading(data, &c.ais, carrier.as_ref()));
                }
            }
            return c;
        }
        // Too much like GS1 to be taken as anything else by its length, too broken to be taken as GS1.
        Unmarked::ShapedOnly(e) => {
            let mut c = Classified::unknown(data);
            c.notes.push(format!(
                "starts like GS1 data, a (01) GTIN, but is not valid GS1: {e}"
            ));
            return c;
        }
        Unmarked::Weighed(read, evidence) => return weigh_unmarked(data, read, evidence),
        Unmarked::No => {}
    }
    let gtin_symbol = symbology.is_some_and(|s| s.is_ean_upc() || s.is_itf14());
    if symbology.is_some() && !gtin_symbol {
        if let Some(t) = classify_tracking(data).filter(|t| t.valid) {
            return t;
        }
    }
    if let Some(c) = classify_product(symbology, data) {
        if c.valid || gtin_symbol || data.len() != 12 {
            return c;
        }
        return classify_tracking(data).filter(|t| t.valid).unwrap_or(c);
    }
    if gtin_symbol {
        return Classified::unknown(data);
    }
    classify_tracking(data).unwrap_or_else(|| Classified::unknown(data))
}

/// EAN/UPC and GTIN-14 by length; under `]E3` the 2- or 5-digit add-on after the GTIN is set aside and
/// named in a note.
fn classify_product(symbology: Option<Symbology<'_>>, data: &str) -> Option<Classified> {
    if symbology.is_some_and(|s| s.id == "]E3") {
        let main_len = match data.len() {
            14 | 17 => 12,
            15 | 18 => 13,
            _ => return None,
        };
        let (main, add_on) = (data.get(..main_len)?, data.get(main_len..)?);
        let mut c = classify_gtin(main)?;
        c.text = data.to_string();
        c.notes.push(format!("add-on {add_on} is not part of the GTIN"));
        return Some(c);
    }
    classify_gtin(data)
}

/// What a read without a GS1 symbology identifier looks like from the GS1 side.
enum Unmarked {
    /// GS1 on evidence of its own, whatever else the data could be.
    Gs1(Gs1Read),
    /// Starts like GS1 (`01` and a GTIN-14 whose check digit holds) but does not parse.
    ShapedOnly(Gs1Error),
    /// A complete, valid element string, and no other sign of GS1: to be weighed against the other
    /// readings of the data by what vouches for each.
    Weighed(Gs1Read, Evidence),
    No,
}

/// Most scanners ship with symbology identifiers off and send no FNC1 in first position, so GS1-128
/// and GS1 DataMatrix data arrive starting with the AI. Such a read is GS1 outright on strong evidence:
/// - it holds a GS (which a scanner sends only for FNC1) and starts with a known AI; or
/// - it starts with `01` and a GTIN-14 whose check digit holds, is longer than 16 characters and
///   parses as valid GS1 from end to end; or
/// - it is `00` and an 18-digit SSCC whose check digit holds, and nothing else (a pallet or parcel
///   label; see `other_reading` for the carriers that print this form).
///
/// With no identifier at all, any other read that is a complete, valid element string exactly as
/// sent is weighed by `weigh_unmarked`: every AI known, fixed lengths exact, check digits and dates
/// right, and no dropped separator guessed (without a GS, only the last field may vary in length).
/// Not weighed: all-digit reads of a GTIN's length (8, 12, 13, 14), which stay
/// EAN/UPC/GTIN (or FedEx) as they always were, since an EAN/UPC symbol sends exactly those digits
/// and no identifier either; and reads under a non-GS1 identifier (`]C0`, `]d1`, `]E0`, …), which
/// say the symbol is not GS1.
fn unmarked_gs1(symbology: Option<Symbology<'_>>, data: &str) -> Unmarked {
    let starts_with_ai = gs1_table::match_ai_prefix(data).is_some();
    if data.contains(GS) && starts_with_ai {
        return Unmarked::Gs1(parse_element_string(data));
    }
    let digits_with_check = |s: Option<&str>| {
        // All ASCII digits first: only then is splitting off the last byte a char boundary
        // (found by the `classify` fuzz target).
        s.is_some_and(|s| {
            s.bytes().all(|b| b.is_ascii_digit()) && {
                let (body, check) = s.split_at(s.len().saturating_sub(1));
                gs1_check_digit(body).is_some_and(|d| check.as_bytes() == [b'0' + d])
            }
        })
    };
    let gtin_first = data.len() > 16 && data.starts_with("01") && digits_with_check(data.get(2..16));
    let sscc_only = data.len() == 20 && data.starts_with("00") && digits_with_check(data.get(2..));
    if gtin_first || sscc_only {
        let read = parse_element_string(data);
        return match read.error {
            None => Unmarked::Gs1(read),
            Some(e) => Unmarked::ShapedOnly(e),
        };
    }
    let gtin_length = data.bytes().all(|b| b.is_ascii_digit()) && matches!(data.len(), 8 | 12 | 13 | 14);
    if symbology.is_some() || gtin_length || !starts_with_ai {
        return Unmarked::No;
    }
    let read = parse_element_string_as_sent(data);
    if !read.is_valid() {
        return Unmarked::No;
    }
    let evidence = read
        .ais
        .iter()
        .filter_map(|a| gs1_table::lookup_ai(&a.ai))
        .map(AiEntry::evidence)
        .max()
        .unwrap_or(Evidence::Shape);
    Unmarked::Weighed(read, evidence)
}

/// A complete element string without a symbology identifier against the carrier reading of the same
/// data, if one fits (is valid). What vouches for a reading ranks it: a check digit over a date, a
/// date over shape alone (`Evidence`). GS1 needs at least a date, since a run of characters after
/// `10`, `21`, `91` or `8004` is also every shop's order number and serial; GS1 wins a tie, since its
/// check digit comes with every AI known and every fixed length exact, a narrower fit than one carrier
/// check digit. The winner names the other reading in a note.
fn weigh_unmarked(data: &str, read: Gs1Read, evidence: Evidence) -> Classified {
    let carrier = tracking::read_tracking(data).filter(|(t, _)| t.valid);
    let carrier_evidence = carrier.as_ref().map(|&(_, checked)| {
        if checked {
            Evidence::CheckDigit
        } else {
            Evidence::Shape
        }
    });
    if evidence > Evidence::Shape && carrier_evidence.is_none_or(|c| c <= evidence) {
        let mut c = from_gs1(CodeKind::Gs1, data, read);
        c.notes.insert(0, NOTE_NO_SYMBOLOGY.to_string());
        c.notes.extend(other_reading(data, &c.ais, carrier.as_ref()));
        return c;
    }
    let bracketed = write_bracketed(&read.ais);
    if let Some((mut t, _)) = carrier {
        // A GS1 reading on shape alone is not named: every USPS and FedEx "9x" number is one ((91) to
        // (96) are internal AIs of any length).
        if evidence == Evidence::Date {
            t.notes.push(format!(
                "could be GS1 {bracketed} sent without a symbology identifier, but only a date vouches for \
                 it and the carrier's check digit holds; read as the tracking number"
            ));
        }
        return t;
    }
    // Shape alone: whatever else the data is (a tracking number that fails its check digit, or an
    // unknown code that may still be an order number of an expected return).
    let mut c = classify_tracking(data).unwrap_or_else(|| Classified::unknown(data));
    if c.kind == CodeKind::Unknown {
        c.notes.push(format!(
            "could be GS1 {bracketed} sent without a symbology identifier, but nothing in it has a check \
             digit or a date"
        ));
    }
    c
}

/// The note naming a carrier reading that also fits data read as GS1 without an identifier: `carrier`
/// is the valid tracking reading of `data` and whether its check digit vouches for it.
fn other_reading(data: &str, ais: &[AiValue], carrier: Option<&(Classified, bool)>) -> Option<String> {
    if let [sscc] = ais {
        // USPS 20-digit numbers (tracking_number_data `usps_20`) carry the GS1 mod-10 check digit over
        // all 19 digits, so `00` and a valid SSCC always passes it too; FedEx Ground prints the SSCC
        // as its tracking number. Neither is read as a carrier here (see tracking.rs).
        if sscc.ai == "00" && data.len() == 20 {
            return Some(
                "also fits a USPS 20-digit number and FedEx Ground's SSCC label, with the same check \
                 digit; read as the SSCC (00)"
                    .to_string(),
            );
        }
    }
    let (t, checked) = carrier?;
    let carrier = t.carrier.as_deref()?;
    Some(if *checked {
        format!(
            "also fits a tracking number of carrier {carrier}, whose check digit holds; read as GS1, whose \
             check digit holds too and whose every AI and length is exact"
        )
    } else {
        format!(
            "also fits a tracking number of carrier {carrier} by shape only, with no check digit; read as \
             GS1, which is checked"
        )
    })
}

/// GS1 data, unless it is a carrier's GS1-128 label: USPS IMpb and FedEx Ground barcodes are
/// (420) ship-to ZIP and/or one internal AI 91-96 holding the tracking number. Those are reported as
/// tracking numbers, with their AIs.
fn gs1_or_carrier(data: &str, read: Gs1Read) -> Classified {
    let tracking = match read.ais.as_slice() {
        [only] => Some(only),
        [routing, last] if routing.ai == "420" => Some(last),
        _ => None,
    }
    .filter(|a| read.is_valid() && matches!(a.ai.as_str(), "91" | "92" | "93" | "94" | "95" | "96"))
    .and_then(|a| classify_tracking(&format!("{}{}", a.ai, a.value)))
    .filter(|t| t.valid);
    match tracking {
        Some(mut t) => {
            t.text = data.to_string();
            t.ais = read.ais;
            t.notes.extend(read.notes);
            t
        }
        None => from_gs1(CodeKind::Gs1, data, read),
    }
}

fn from_gs1(kind: CodeKind, text: &str, read: Gs1Read) -> Classified {
    let mut c = match &read.error {
        None => Classified::valid(kind, text),
        Some(e) => Classified::invalid(kind, text, e.code(), e.to_string()),
    };
    // A product code carries its GTIN only when the whole read is valid: a label with a wrong date
    // or serial is not one to look products up by.
    if c.valid {
        let gtin = read
            .ais
            .iter()
            .find(|a| a.ai == "01")
            .or_else(|| read.ais.iter().find(|a| a.ai == "02"));
        c.gtin = gtin.map(|a| a.value.clone());
    }
    c.ais = read.ais;
    c.notes = read.notes;
    c
}

/// Entry point for a cargo-fuzz target, e.g.
/// `fuzz_target!(|data: &[u8]| redock_domain::codes::fuzz_classify(data));`. Runs the scan clean-up
/// and every parser on arbitrary bytes; none of them may panic.
pub fn fuzz_classify(data: &[u8]) {
    static CONFIG: std::sync::OnceLock<CodeConfig> = std::sync::OnceLock::new();
    let config = CONFIG.get_or_init(CodeConfig::demo);
    let raw = String::from_utf8_lossy(data);
    if let Ok(clean) = normalize_scan(&raw, config.gs_stand_in) {
        let _ = classify(&clean, config);
    }
    let _ = classify(&raw, config);
    let _ = strip_symbology(&raw);
    let _ = parse_element_string(&raw);
    let _ = parse_bracketed(&raw);
    let _ = parse_digital_link(&raw);
    let _ = classify_tracking(&raw);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multibyte_text_where_a_gtin_would_be_does_not_panic() {
        // Found by the `classify` fuzz target: "01" then 14 characters ending inside a UTF-8 char.
        let raw = String::from_utf8_lossy(b"0160001574201\xcb\xff\xff\xff\x04\x00\x00'\x0062408163415");
        fuzz_classify(raw.as_bytes());
        assert_eq!(
            classify("0160001574201\u{fffd}\u{fffd}123", &CodeConfig::demo()).kind,
            CodeKind::Unknown
        );
    }

    fn render(c: &Classified) -> String {
        let mut got = format!(
            "{} {}",
            c.kind.as_str(),
            if c.valid { "valid" } else { "invalid" }
        );
        if let Some(g) = &c.gtin {
            got.push_str(&format!(" gtin={g}"));
        }
        if let Some(s) = &c.shop {
            got.push_str(&format!(" shop={s}"));
        }
        if let Some(s) = &c.carrier {
            got.push_str(&format!(" carrier={s}"));
        }
        if let Some(s) = &c.symbology {
            got.push_str(&format!(" sym={s}"));
        }
        for a in &c.ais {
            got.push_str(&format!(" ({}){}", a.ai, a.value));
        }
        if let Some(e) = &c.error {
            got.push_str(&format!(": {e}"));
        }
        for n in &c.notes {
            got.push_str(&format!(" [{n}]"));
        }
        got
    }

    /// `|` stands for GS so the cases stay readable.
    fn check(text: &str, expect: &str) {
        let text = text.replace('|', "\u{1d}");
        let c = classify(&text, &CodeConfig::demo());
        assert_eq!(render(&c), expect, "classify({text:?})");
        if let Some(code) = &c.error_code {
            assert!(
                error_codes().any(|c| c == code.as_str()),
                "{code} is missing from error_codes()"
            );
        }
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
        check(
            "hello world",
            "unknown invalid: this code matches no format the station knows",
        );
        check(
            "12345",
            "unknown invalid: this code matches no format the station knows",
        );
    }

    #[test]
    fn symbology_identifiers() {
        check("]E05901234123457", "ean13 valid gtin=05901234123457 sym=]E0");
        check("]E00036000291452", "ean13 valid gtin=00036000291452 sym=]E0");
        check("]E496385074", "ean8 valid gtin=00000096385074 sym=]E4");
        check("]I115901234123454", "gtin14 valid gtin=15901234123454 sym=]I1");
        check(
            "]E3590123412345712",
            "ean13 valid gtin=05901234123457 sym=]E3 [add-on 12 is not part of the GTIN]",
        );
        check(
            "]E0hello",
            "unknown invalid sym=]E0: this code matches no format the station knows",
        );
        check("]C0RMA-100001", "rma valid shop=demo sym=]C0");
        check("]Q1LPN00100000016", "lpn valid sym=]Q1");
        check("]C01Z999AA10123456784", "tracking valid carrier=ups sym=]C0");
        check(
            "]d1hello",
            "unknown invalid sym=]d1: this code matches no format the station knows",
        );
        check(
            "]W9ABC",
            "unknown invalid: this code matches no format the station knows",
        );
    }

    #[test]
    fn gs1_element_strings() {
        check(
            "]C10105901234123457",
            "gs1 valid gtin=05901234123457 sym=]C1 (01)05901234123457",
        );
        check(
            "]d2010590123412345717261231|10LOT|21SER",
            "gs1 valid gtin=05901234123457 sym=]d2 (01)05901234123457 (17)261231 (10)LOT (21)SER",
        );
        check(
            "]Q30105901234123457172612001234",
            "gs1 invalid sym=]Q3 (01)05901234123457 (17)261200: (12) needs 6 characters; 2 were read",
        );
        check(
            "]e00105901234123458",
            "gs1 invalid sym=]e0: (01) check digit is 8, expected 7",
        );
        check(
            "]J10205901234123457|3712",
            "gs1 valid gtin=05901234123457 sym=]J1 (02)05901234123457 (37)12",
        );
        check("]C1", "gs1 invalid sym=]C1: the GS1 data is empty");
        check("]C1|", "gs1 invalid sym=]C1: the GS1 data is empty");
        check(
            "]C100376104250021234569",
            "gs1 valid sym=]C1 (00)376104250021234569",
        );
        check(
            "(01)05901234123457(21)ABC",
            "gs1 valid gtin=05901234123457 (01)05901234123457 (21)ABC",
        );
        check(
            "(01)05901234123457(17)261232",
            "gs1 invalid (01)05901234123457: (17) 261232: day 32 does not exist in month 12",
        );
        check(
            "]C1010590123412345721ABCDEFGHIJKLMNOPQRST10LOT1",
            "gs1 valid gtin=05901234123457 sym=]C1 (01)05901234123457 (21)ABCDEFGHIJKLMNOPQRST (10)LOT1 \
             [separator missing after (21); recovered the only valid split]",
        );
    }

    /// The note on GS1 read without a symbology identifier, as `render` shows it.
    const UNMARKED: &str = "[no symbology identifier; read as a GS1 element string by its content]";

    /// Without a symbology identifier a read is GS1 outright on strong evidence (a GS, a (01) GTIN in
    /// front of more data, a lone (00) SSCC); these are the edges of those rules.
    #[test]
    fn unmarked_gs1_is_conservative() {
        check(
            "010590123412345721ABC",
            &format!("gs1 valid gtin=05901234123457 (01)05901234123457 (21)ABC {UNMARKED}"),
        );
        check(
            "0105901234123457|21ABC",
            &format!("gs1 valid gtin=05901234123457 (01)05901234123457 (21)ABC {UNMARKED}"),
        );
        check(
            "0105901234123457|17261399",
            &format!("gs1 invalid (01)05901234123457: (17) 261399: month 13 does not exist {UNMARKED}"),
        );
        check("10LOT|21SER", &format!("gs1 valid (10)LOT (21)SER {UNMARKED}"));
        // A GTIN with a wrong check digit, a date that does not parse, an SSCC with a wrong check
        // digit: none is taken as GS1.
        check(
            "0105901234123458172612",
            "unknown invalid: this code matches no format the station knows",
        );
        // 24 digits, InPost's length: the GS1 shape wins over a length-only match, and the note says
        // what is wrong with it as GS1.
        check(
            "010590123412345717261399",
            "unknown invalid: this code matches no format the station knows \
             [starts like GS1 data, a (01) GTIN, but is not valid GS1: (17) 261399: month 13 does not exist]",
        );
        check(
            "00376104250021234568",
            "unknown invalid: this code matches no format the station knows",
        );
        check(
            "0037610425002123456900",
            "unknown invalid: this code matches no format the station knows",
        );
        // GS with no AI in front of it is not GS1.
        check(
            "ABC|DEF",
            "unknown invalid: this code matches no format the station knows",
        );
        // Under an identifier that says the symbol is not GS1 (Code 128 without FNC1), only the
        // strong rules read GS1, and no note says the identifier is missing.
        check(
            "]C0010590123412345721ABC",
            "gs1 valid gtin=05901234123457 sym=]C0 (01)05901234123457 (21)ABC",
        );
        check(
            "]C01726123110LOT",
            "unknown invalid sym=]C0: this code matches no format the station knows",
        );
    }

    /// Any AI may come first in a read without a symbology identifier: a complete, valid element string
    /// as sent is GS1 when a check digit or a date vouches for it.
    #[test]
    fn unmarked_gs1_any_ai_first() {
        check(
            "00376104250021234569",
            &format!(
                "gs1 valid (00)376104250021234569 {UNMARKED} [also fits a USPS 20-digit number and FedEx \
                 Ground's SSCC label, with the same check digit; read as the SSCC (00)]"
            ),
        );
        check(
            "0037610425002123456910LOT",
            &format!("gs1 valid (00)376104250021234569 (10)LOT {UNMARKED}"),
        );
        // Exactly (01) and nothing else: 16 digits, which no other format claims, and the check digit.
        check(
            "0105901234123457",
            &format!("gs1 valid gtin=05901234123457 (01)05901234123457 {UNMARKED}"),
        );
        check(
            "02059012341234573712",
            &format!("gs1 valid gtin=05901234123457 (02)05901234123457 (37)12 {UNMARKED}"),
        );
        check(
            "10LOT|0105901234123457",
            &format!("gs1 valid gtin=05901234123457 (10)LOT (01)05901234123457 {UNMARKED}"),
        );
        check(
            "1126010117261231",
            &format!("gs1 valid (11)260101 (17)261231 {UNMARKED}"),
        );
        check(
            "1726123110LOT",
            &format!("gs1 valid (17)261231 (10)LOT {UNMARKED}"),
        );
        check(
            "172612310105901234123457|21SER",
            &format!("gs1 valid gtin=05901234123457 (17)261231 (01)05901234123457 (21)SER {UNMARKED}"),
        );
        check(
            "21SER|17261231",
            &format!("gs1 valid (21)SER (17)261231 {UNMARKED}"),
        );
        check(
            "31030005001726123121SER",
            &format!("gs1 valid (3103)000500 (17)261231 (21)SER {UNMARKED}"),
        );
        check(
            "4140614141000005",
            &format!("gs1 valid (414)0614141000005 {UNMARKED}"),
        );
        check(
            "4140614141000005254X",
            &format!("gs1 valid (414)0614141000005 (254)X {UNMARKED}"),
        );
        check(
            "8004ABC-123|0105901234123457",
            &format!("gs1 valid gtin=05901234123457 (8004)ABC-123 (01)05901234123457 {UNMARKED}"),
        );
        check(
            "8007DE91100000000123456789",
            &format!("gs1 valid (8007)DE91100000000123456789 {UNMARKED}"),
        );
        check(
            "8013123456789012345678901WP",
            &format!("gs1 valid (8013)123456789012345678901WP {UNMARKED}"),
        );
        // A stand-in or doubled GS is the scan clean-up's business; what reaches `classify` is one GS.
        let config = CodeConfig {
            gs_stand_in: Some('~'),
            ..CodeConfig::demo()
        };
        let clean = normalize_scan("21SER~~17261231", config.gs_stand_in).unwrap_or_default();
        assert_eq!(classify(&clean, &config).ais.len(), 2, "{clean:?}");
    }

    /// Fields GS1 cannot check (batch, serial, GIAI, internal, counts) prove nothing on their own: a
    /// read made only of them is not GS1 without an identifier or a GS, so numeric order numbers still
    /// reach the expected-return lookup. Each refusal beside the reading that is taken.
    #[test]
    fn unmarked_gs1_needs_a_check_digit_or_a_date() {
        let shape_only = |gs1: &str| {
            format!(
                "unknown invalid: this code matches no format the station knows [could be GS1 {gs1} sent \
                 without a symbology identifier, but nothing in it has a check digit or a date]"
            )
        };
        check("10LOT", &shape_only("(10)LOT"));
        check("10LOT|21SER", &format!("gs1 valid (10)LOT (21)SER {UNMARKED}"));
        check("21SER", &shape_only("(21)SER"));
        check("8004ABC-123", &shape_only("(8004)ABC-123"));
        check("100000123", &shape_only("(10)0000123"));
        check("91ABC123", &shape_only("(91)ABC123"));
        check(
            "1726123110LOT",
            &format!("gs1 valid (17)261231 (10)LOT {UNMARKED}"),
        );
        // A shape-only reading that is also a tracking number with a wrong check digit is left to it.
        check(
            "3103000500",
            "tracking invalid carrier=dhl: DHL Express waybill number: check digit is 0, expected 4",
        );
    }

    /// A complete element string or nothing: an unknown AI, a wrong check digit, a date that does not
    /// exist, a fixed field cut short or a separator dropped leaves the read as what else it is.
    #[test]
    fn unmarked_gs1_refuses_what_does_not_parse() {
        let unknown = "unknown invalid: this code matches no format the station knows";
        check(
            "4140614141000005",
            &format!("gs1 valid (414)0614141000005 {UNMARKED}"),
        );
        check("4140614141000006", unknown);
        check("41406141410000051412", unknown);
        check(
            "1726123110LOT",
            &format!("gs1 valid (17)261231 (10)LOT {UNMARKED}"),
        );
        check("1726133110LOT", unknown);
        check("1726023010LOT", unknown);
        check("1726123114AB", unknown);
        check("1726123", unknown);
        check("0037610425002123456", unknown);
        // 15 digits cut short of (414) and GLN: FedEx Ground's length, so its check digit decides.
        check(
            "414061414100000",
            "tracking invalid carrier=fedex: FedEx Ground tracking number: check digit is 0, expected 6",
        );
        // (21) at its 20-character maximum runs into (10): a dropped separator is recovered only where
        // something else says the data is GS1 (here a (01) GTIN in front), not in a read with no other
        // sign of it.
        check("1726123121ABCDEFGHIJKLMNOPQRST10LOT1", unknown);
        check(
            "010590123412345721ABCDEFGHIJKLMNOPQRST10LOT1",
            &format!(
                "gs1 valid gtin=05901234123457 (01)05901234123457 (21)ABCDEFGHIJKLMNOPQRST (10)LOT1 \
                 {UNMARKED} [separator missing after (21); recovered the only valid split]"
            ),
        );
    }

    /// A carrier reading that also fits: a check digit outranks a date, a date outranks shape alone,
    /// and a tie goes to GS1. The winner names the other reading.
    #[test]
    fn unmarked_gs1_against_carriers() {
        let inpost = "[also fits a tracking number of carrier inpost by shape only, with no check digit; \
                      read as GS1, which is checked]";
        // InPost's 24 digits have no check digit: GS1 with a check digit or a date wins.
        check(
            "010590123412345717261231",
            &format!("gs1 valid gtin=05901234123457 (01)05901234123457 (17)261231 {UNMARKED} {inpost}"),
        );
        check(
            "112601011726123110123456",
            &format!("gs1 valid (11)260101 (17)261231 (10)123456 {UNMARKED} {inpost}"),
        );
        // Shape against shape: InPost, since GS1 needs more.
        check(
            "910123456789012345678901",
            "tracking valid carrier=inpost \
             [InPost publishes no check digit for its 24-digit parcel numbers; recognised by length only]",
        );
        // A date against a carrier check digit that holds: the tracking number, naming the GS1 reading.
        check(
            "172612311012342",
            "tracking valid carrier=fedex [could be GS1 (17)261231(10)12342 sent without a symbology \
             identifier, but only a date vouches for it and the carrier's check digit holds; read as the \
             tracking number]",
        );
        check(
            "172612311012343",
            &format!("gs1 valid (17)261231 (10)12343 {UNMARKED}"),
        );
        check(
            "7006261231",
            "tracking valid carrier=dhl [could be GS1 (7006)261231 sent without a symbology identifier, \
             but only a date vouches for it and the carrier's check digit holds; read as the tracking \
             number]",
        );
        check("7006261230", &format!("gs1 valid (7006)261230 {UNMARKED}"));
        // Check digit against check digit: GS1, naming the carrier. FedEx's 34 digits hold its
        // check digit here, and so do the SSCC and the GTIN.
        let fedex = "[also fits a tracking number of carrier fedex, whose check digit holds; read as GS1, \
                     whose check digit holds too and whose every AI and length is exact]";
        check(
            "0037610425002123456917261231101235",
            &format!("gs1 valid (00)376104250021234569 (17)261231 (10)1235 {UNMARKED} {fedex}"),
        );
        check(
            "0105901234123457172612311012345670",
            &format!(
                "gs1 valid gtin=05901234123457 (01)05901234123457 (17)261231 (10)12345670 {UNMARKED} {fedex}"
            ),
        );
        // Carriers whose numbers start with letters or a (9x) internal AI keep them.
        check("1Z999AA10123456784", "tracking valid carrier=ups");
        check("RB123456785GB", "tracking valid carrier=upu_s10");
        check("9400111206206406260787", "tracking valid carrier=usps");
        check("9611020987654312345672", "tracking valid carrier=fedex");
        check(
            "1001921334250001000300779017972697",
            "tracking valid carrier=fedex",
        );
    }

    /// The claim of the SSCC note: a USPS 20-digit number's check digit is the GS1 one over all 19
    /// digits (tracking_number_data `usps_20`, its valid test numbers), so `00` + a valid SSCC is one.
    #[test]
    fn usps_20_digits_check_like_an_sscc() {
        for n in ["03071790000523483741", "71123456789123456787"] {
            let (body, check) = n.split_at(19);
            assert_eq!(
                gs1_check_digit(body).map(|d| d.to_string()).as_deref(),
                Some(check),
                "{n}"
            );
        }
        check(
            "00376104250021234569",
            &format!(
                "gs1 valid (00)376104250021234569 {UNMARKED} [also fits a USPS 20-digit number and FedEx \
                 Ground's SSCC label, with the same check digit; read as the SSCC (00)]"
            ),
        );
    }

    /// All digits at a GTIN's length stay EAN/UPC/GTIN (or FedEx's 12) even when they also read as
    /// GS1: an EAN/UPC symbol sends exactly those digits without an identifier too. The station's own
    /// codes and the shops' RMA patterns come before any GS1 guess.
    #[test]
    fn unmarked_gs1_leaves_gtins_and_station_codes() {
        check("17261231", "ean8 invalid: check digit is 1, expected 4");
        check("1012345678905", "ean13 invalid: check digit is 5, expected 4");
        check("70032612312359", "gtin14 invalid: check digit is 9, expected 5");
        check("05901234123457", "gtin14 valid gtin=05901234123457");
        check(
            "0105901234123457",
            &format!("gs1 valid gtin=05901234123457 (01)05901234123457 {UNMARKED}"),
        );
        let shop =
            CodeConfig::with_rma_patterns([("digits", r"01\d{14}")]).unwrap_or_else(|_| CodeConfig::demo());
        let c = classify("0105901234123457", &shop);
        assert_eq!((c.kind, c.shop.as_deref()), (CodeKind::Rma, Some("digits")));
        for own in [
            "RMA-100001",
            "LPN00100000016",
            "TOTE-A01",
            "BIN-R-01-02",
            "BADGE-0001",
            "CMD:NEXT",
        ] {
            let c = classify(own, &CodeConfig::demo());
            assert!(
                c.valid && c.kind != CodeKind::Gs1 && c.notes.is_empty(),
                "{own}: {c:?}"
            );
        }
    }

    #[test]
    fn digital_links() {
        check(
            "https://id.gs1.org/01/05901234123457/21/ABC?17=261231",
            "digital_link valid gtin=05901234123457 (01)05901234123457 (21)ABC (17)261231",
        );
        check(
            "]Q1https://example.com/01/5901234123457",
            "digital_link valid gtin=05901234123457 sym=]Q1 (01)05901234123457 \
             [GTIN-13 5901234123457 in the link read as 05901234123457]",
        );
        check(
            "https://id.gs1.org/01/05901234123458",
            "digital_link invalid: (01) check digit is 8, expected 7",
        );
        check(
            "https://example.com/returns",
            "unknown invalid: this code matches no format the station knows",
        );
    }

    #[test]
    fn tracking_numbers() {
        check("1Z999AA10123456784", "tracking valid carrier=ups");
        check(
            "1Z999AA10123456785",
            "tracking invalid carrier=ups: UPS tracking number: check digit is 5, expected 4",
        );
        check("RB123456785GB", "tracking valid carrier=upu_s10");
        check("EE123456785PL", "tracking valid carrier=upu_s10");
        check(
            "RB123456786PL",
            "tracking invalid carrier=upu_s10: UPU S10 item number: check digit is 6, expected 5",
        );
        check("3318810025", "tracking valid carrier=dhl");
        check("9400111206206406260787", "tracking valid carrier=usps");
        check(
            "670781097283000026014876",
            "tracking valid carrier=inpost \
             [InPost publishes no check digit for its 24-digit parcel numbers; recognised by length only]",
        );
        check("041441760228964", "tracking valid carrier=fedex");
    }

    /// 12 digits: UPC-A first, FedEx when the UPC-A check fails and FedEx's holds, and the symbology
    /// identifier overrides.
    #[test]
    fn twelve_digits() {
        check("986578788855", "tracking valid carrier=fedex");
        check(
            "]E0986578788855",
            "upca invalid sym=]E0: check digit is 5, expected 7",
        );
        check("036000291452", "upca valid gtin=00036000291452");
        check("]C0036000291452", "upca valid gtin=00036000291452 sym=]C0");
        check("]C0986578788855", "tracking valid carrier=fedex sym=]C0");
        check("996578788855", "upca invalid: check digit is 5, expected 6");
        // Valid as both: a UPC-A unless a non-EAN symbology says otherwise.
        check("012345678905", "upca valid gtin=00012345678905");
    }

    /// Carriers' GS1-128 labels: the tracking number under an internal AI, with or without (420).
    #[test]
    fn carrier_gs1_labels() {
        check(
            "]C142078745|9400111206206406260787",
            "tracking valid carrier=usps sym=]C1 (420)78745 (94)00111206206406260787",
        );
        check(
            "42078745|9400111206206406260787",
            "tracking valid carrier=usps (420)78745 (94)00111206206406260787",
        );
        check(
            "]C19611020987654312345672",
            "tracking valid carrier=fedex sym=]C1 (96)11020987654312345672",
        );
        check(
            "]C19400111206206406260788",
            "gs1 valid sym=]C1 (94)00111206206406260788",
        );
    }

    #[test]
    fn serialises_new_fields_only_when_set() {
        let plain = classify("5901234123457", &CodeConfig::demo());
        let json = serde_json::to_string(&plain).unwrap_or_default();
        assert!(!json.contains("symbology") && !json.contains("notes"), "{json}");
        let marked = classify(
            "]C1010590123412345721ABCDEFGHIJKLMNOPQRST10LOT1",
            &CodeConfig::demo(),
        );
        let json = serde_json::to_value(&marked).unwrap_or_default();
        assert_eq!(json["symbology"], "]C1");
        assert_eq!(
            json["notes"][0],
            "separator missing after (21); recovered the only valid split"
        );
        // Events recorded before these fields existed still read back.
        let old = r#"{"kind":"ean13","valid":true,"text":"5901234123457","gtin":"05901234123457"}"#;
        let back: Classified =
            serde_json::from_str(old).unwrap_or_else(|_| Classified::unknown("parse failed"));
        assert_eq!(back.kind, CodeKind::Ean13);
        assert!(back.notes.is_empty() && back.symbology.is_none());
    }

    /// What `classify` must say about `fields` written as a scanner with identifiers off sends them
    /// (`write_element_string`: no identifier, no leading FNC1, GS after each variable field that
    /// another follows). GS1, valid, with the same AIs, except where the design says otherwise:
    /// - all digits at a GTIN's length: a GTIN (or FedEx's 12 digits), as an EAN/UPC read would be;
    /// - no GS and nothing checked (only batch, serial, GIAI, counts…): not GS1, and when nothing
    ///   else claims it, unknown with a note naming the GS1 reading;
    /// - no GS, only a date checked, and a carrier's check digit holds: the tracking number, naming
    ///   the GS1 reading;
    /// - (420) and a (91)-(96) holding a valid tracking number: the carrier's GS1-128 label.
    fn check_unmarked(fields: &[AiValue]) -> Result<(), proptest::test_runner::TestCaseError> {
        use proptest::{prop_assert, prop_assert_eq};
        let raw = write_element_string(fields);
        let c = classify(&raw, &CodeConfig::demo());
        let evidence = fields
            .iter()
            .filter_map(|a| lookup_ai(&a.ai))
            .map(AiEntry::evidence)
            .max()
            .unwrap_or(Evidence::Shape);
        let gs1_note = format!("could be GS1 {} sent without", write_bracketed(fields));
        let names_gs1 = c.notes.iter().any(|n| n.starts_with(&gs1_note));
        if raw.bytes().all(|b| b.is_ascii_digit()) && matches!(raw.len(), 8 | 12 | 13 | 14) {
            prop_assert!(
                matches!(
                    c.kind,
                    CodeKind::Ean8 | CodeKind::Upca | CodeKind::Ean13 | CodeKind::Gtin14 | CodeKind::Tracking
                ),
                "{:?}: {:?}",
                raw,
                c
            );
            return Ok(());
        }
        if !raw.contains(GS) {
            let carrier = tracking::read_tracking(&raw).filter(|(t, _)| t.valid);
            if evidence == Evidence::Shape {
                prop_assert!(c.kind != CodeKind::Gs1, "{:?}: {:?}", raw, c);
                prop_assert!(c.kind != CodeKind::Unknown || names_gs1, "{:?}: {:?}", raw, c);
                return Ok(());
            }
            if evidence == Evidence::Date && carrier.is_some_and(|(_, checked)| checked) {
                prop_assert_eq!(c.kind, CodeKind::Tracking, "{:?}: {:?}", raw, c);
                prop_assert!(names_gs1, "{:?}: {:?}", raw, c);
                return Ok(());
            }
        }
        if let [routing, last] = fields {
            let label = routing.ai == "420"
                && matches!(last.ai.as_str(), "91" | "92" | "93" | "94" | "95" | "96")
                && classify_tracking(&format!("{}{}", last.ai, last.value)).is_some_and(|t| t.valid);
            if label {
                prop_assert_eq!(c.kind, CodeKind::Tracking, "{:?}: {:?}", raw, c);
                prop_assert_eq!(&c.ais, fields);
                return Ok(());
            }
        }
        prop_assert_eq!(c.kind, CodeKind::Gs1, "{:?}: {:?}", raw, c);
        prop_assert!(c.valid, "{:?}: {:?}", raw, c);
        prop_assert_eq!(&c.ais, fields);
        prop_assert_eq!(
            c.notes.first().map(String::as_str),
            Some(NOTE_NO_SYMBOLOGY),
            "{:?}",
            raw
        );
        let key = |ai: &str| fields.iter().find(|a| a.ai == ai).map(|a| a.value.clone());
        prop_assert_eq!(c.gtin, key("01").or_else(|| key("02")), "{:?}", raw);
        Ok(())
    }

    /// Every AI of the table, several valid values each: alone, then after and before a GTIN (or an
    /// SSCC, for the GTIN's own AI), which makes the read checked whatever the AI is.
    #[test]
    fn every_ai_reads_back_without_an_identifier() {
        use proptest::strategy::{Strategy, ValueTree};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let gtin = AiValue {
            ai: "01".into(),
            value: "05901234123457".into(),
        };
        let sscc = AiValue {
            ai: "00".into(),
            value: "376104250021234569".into(),
        };
        let (mut taken, mut refused) = (0, 0);
        for entry in AI_TABLE {
            let fields = gs1_gen::field(entry);
            let anchor = if entry.contains("01") { &sscc } else { &gtin };
            for _ in 0..8 {
                let f = fields.new_tree(&mut runner).map(|t| t.current());
                let f = f.unwrap_or_else(|e| panic!("({}): {e}", entry.first));
                for read in [
                    vec![f.clone()],
                    vec![anchor.clone(), f.clone()],
                    vec![f.clone(), anchor.clone()],
                ] {
                    if let Err(e) = check_unmarked(&read) {
                        panic!("({}) {read:?}: {e}", entry.first);
                    }
                }
                if classify(&write_element_string(&[f]), &CodeConfig::demo()).kind == CodeKind::Gs1 {
                    taken += 1;
                } else {
                    refused += 1;
                }
            }
        }
        // Both sides of the rule are exercised by the table itself.
        assert!(taken > 100 && refused > 100, "alone: {taken} GS1, {refused} not");
    }

    proptest::proptest! {
        /// Several valid fields of any AIs, written unmarked: GS1 with the same AIs and values, but
        /// for the designed exceptions (`check_unmarked`).
        #[test]
        fn unmarked_element_strings_classify_as_gs1(fields in proptest::collection::vec(gs1_gen::any_field(), 1..6)) {
            let mut fields = fields;
            // One value per AI: a repeated AI with another value is an error by design.
            let mut seen = std::collections::HashSet::new();
            fields.retain(|f| seen.insert(f.ai.clone()));
            check_unmarked(&fields)?;
        }

        /// The same for reads without a GS (predefined-length fields, then at most one other), the
        /// ones weighed against carrier numbers: most are all digits.
        #[test]
        fn unmarked_element_strings_without_gs(fields in gs1_gen::fields_without_gs()) {
            let mut fields = fields;
            let mut seen = std::collections::HashSet::new();
            fields.retain(|f| seen.insert(f.ai.clone()));
            check_unmarked(&fields)?;
        }

        /// Whatever is read, classification does not panic, and an invalid result says why in a
        /// listed code.
        #[test]
        fn classify_is_total(text in "(\\]([A-Za-z][0-9])?)?[0-9A-Za-z()|:/?=&%.\u{1d}é-]{0,50}") {
            let c = classify(&text, &CodeConfig::demo());
            proptest::prop_assert!(c.valid || c.error.is_some());
            if let Some(code) = &c.error_code {
                proptest::prop_assert!(error_codes().any(|c| c == code.as_str()), "{}", code);
            }
        }

        #[test]
        fn fuzz_entry_never_panics(data in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            fuzz_classify(&data);
        }
    }
}
