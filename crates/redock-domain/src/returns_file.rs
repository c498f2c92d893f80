//! Expected returns as a shop sends them: a CSV file (the station's `redock import rmas` and the
//! hub's upload take the same file) or JSON (the hub's `POST /v1/returns`), checked by the same
//! rules so a return refused at one door is refused at the other for the same reason.
//!
//! One CSV row per RMA line. Columns (header names, any order; `;` or `,` as the separator, as
//! spreadsheets in Poland, Romania, Norway and Russia write `;`):
//!
//! | column          | required | example          | notes                                           |
//! |-----------------|----------|------------------|-------------------------------------------------|
//! | `rma`           | yes      | `RMA-200001`     | must fit the shop's RMA pattern                 |
//! | `shop`          | yes      | `demo`           | a configured shop                               |
//! | `order_no`      | yes      | `ORD-2026-0101`  |                                                 |
//! | `order_date`    | yes      | `2026-11-20`     | `YYYY-MM-DD`                                    |
//! | `customer_id`   | yes      | `cust-101`       |                                                 |
//! | `customer_name` | yes      | `Anna Nowak`     |                                                 |
//! | `customer_tier` | no       | `loyal`          | `standard` (default), `loyal`, `vip`            |
//! | `tracking`      | no       | `1Z…`            | the parcel label the return will arrive with    |
//! | `line_no`       | yes      | `1`              | unique within the RMA                           |
//! | `sku`           | yes      | `EL-HP-200`      | a known SKU                                     |
//! | `quantity`      | yes      | `1`              | a whole number ≥ 1                              |
//! | `serials`       | no       | `SN1\|SN2`       | serials sold, separated by `\|`                 |
//! | `stated_reason` | no       | `defective`      | the reason the customer gave                    |
//!
//! UTF-8 (with or without a BOM), UTF-16 with its BOM ("Unicode text"), and the code pages Excel
//! saves "CSV" in where the dock's offices are — Windows-1250 (Polish, Romanian), Windows-1251
//! (Russian), Windows-1252 (Norwegian) and their ISO/KOI8/DOS cousins — told apart by chardetng;
//! the report says which was read. A file whose code page cannot be told for sure is refused,
//! naming the line that gives it away, rather than read as garbage. Bad rows are reported by line
//! number with the reason; an RMA with any bad row is left out whole (never half an RMA).
//!
//! No IO here: what is known (shops, SKUs, RMAs already held) comes in as [`Known`].

use crate::codes::{classify, CodeConfig, CodeKind};
use crate::receiving::days_between;
use redock_events::payloads::{RmaAdded, RmaLine};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

pub const COLUMNS: &[&str] = &[
    "rma",
    "shop",
    "order_no",
    "order_date",
    "customer_id",
    "customer_name",
    "customer_tier",
    "tracking",
    "line_no",
    "sku",
    "quantity",
    "serials",
    "stated_reason",
];
const REQUIRED: &[&str] = &[
    "rma",
    "shop",
    "order_no",
    "order_date",
    "customer_id",
    "customer_name",
    "line_no",
    "sku",
    "quantity",
];
pub const TIERS: &[&str] = &["standard", "loyal", "vip"];

/// An expected return with its customer's name (personal data: kept apart from the `rma_added`
/// fact, which carries only the customer's id). The JSON shape of `POST /v1/returns`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExpectedReturn {
    pub rma: String,
    pub shop: String,
    pub order_no: String,
    pub order_date: String,
    pub customer_id: String,
    pub customer_name: String,
    #[serde(default = "standard")]
    pub customer_tier: String,
    #[serde(default)]
    pub tracking: Option<String>,
    pub lines: Vec<RmaLine>,
}

fn standard() -> String {
    "standard".into()
}

impl ExpectedReturn {
    /// A return as its fact says, with the customer's name kept apart (empty once erased).
    pub fn from_fact(added: RmaAdded, customer_name: Option<String>) -> ExpectedReturn {
        ExpectedReturn {
            rma: added.rma,
            shop: added.shop,
            order_no: added.order_no,
            order_date: added.order_date,
            customer_id: added.customer_id,
            customer_name: customer_name.unwrap_or_default(),
            customer_tier: added.customer_tier,
            tracking: added.tracking,
            lines: added.lines,
        }
    }

    /// One return or a list of them, as JSON; what is wrong names the return (1-based) and the
    /// field.
    pub fn many_from_json(bytes: &[u8]) -> Result<Vec<ExpectedReturn>, String> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| format!("the body is not JSON: {e}"))?;
        match value {
            serde_json::Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| serde_json::from_value(v).map_err(|e| format!("return {}: {e}", i + 1)))
                .collect(),
            v => Ok(vec![serde_json::from_value(v).map_err(|e| e.to_string())?]),
        }
    }

    /// The fact a station records (the name stays out of the log).
    pub fn fact(&self) -> RmaAdded {
        RmaAdded {
            rma: self.rma.clone(),
            shop: self.shop.clone(),
            order_no: self.order_no.clone(),
            order_date: self.order_date.clone(),
            customer_id: self.customer_id.clone(),
            customer_tier: self.customer_tier.clone(),
            tracking: self.tracking.clone().filter(|t| !t.is_empty()),
            lines: self.lines.clone(),
        }
    }
}

/// What the station or the hub holds that a return is checked against.
pub struct Known<'a> {
    pub shops: &'a HashSet<String>,
    pub skus: &'a HashSet<String>,
    /// RMAs held already: a file must not add one twice. (The hub's API amends instead, and
    /// passes an empty set.)
    pub existing: &'a HashSet<String>,
    /// The shops' RMA formats.
    pub codes: &'a CodeConfig,
}

/// What is wrong with one row or line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RowProblem {
    #[error("unreadable row: {0}")]
    Unreadable(String),
    #[error("{0} is empty")]
    Empty(&'static str),
    #[error("shop {0:?} is not configured")]
    UnknownShop(String),
    #[error("{rma:?} does not fit shop {shop:?}'s RMA format")]
    RmaFormat { rma: String, shop: String },
    #[error("{0} exists already")]
    RmaExists(String),
    #[error("order_date {0:?} is not a date (YYYY-MM-DD)")]
    BadDate(String),
    #[error("customer_tier {0:?} is not one of standard, loyal, vip")]
    BadTier(String),
    #[error("{field} {value:?} is not a whole number ≥ 1")]
    NotCount { field: &'static str, value: String },
    #[error("SKU {0:?} is not known")]
    UnknownSku(String),
    #[error("{serials} serials for a quantity of {quantity}")]
    TooManySerials { serials: usize, quantity: u32 },
    #[error("{rma}'s order, customer or tracking differ from its line on line {first}")]
    HeaderMismatch { rma: String, first: u64 },
    #[error("{rma} has line_no {line_no} twice")]
    DuplicateLine { rma: String, line_no: u32 },
    #[error("{0} has no lines")]
    NoLines(String),
}

impl RowProblem {
    pub fn code(&self) -> &'static str {
        match self {
            RowProblem::Unreadable(_) => "unreadable",
            RowProblem::Empty(_) => "empty",
            RowProblem::UnknownShop(_) => "unknown-shop",
            RowProblem::RmaFormat { .. } => "rma-format",
            RowProblem::RmaExists(_) => "rma-exists",
            RowProblem::BadDate(_) => "bad-date",
            RowProblem::BadTier(_) => "bad-tier",
            RowProblem::NotCount { .. } => "not-count",
            RowProblem::UnknownSku(_) => "unknown-sku",
            RowProblem::TooManySerials { .. } => "too-many-serials",
            RowProblem::HeaderMismatch { .. } => "header-mismatch",
            RowProblem::DuplicateLine { .. } => "duplicate-line",
            RowProblem::NoLines(_) => "no-lines",
        }
    }

    fn details(&self) -> BTreeMap<String, String> {
        let pairs: Vec<(&str, String)> = match self {
            RowProblem::Unreadable(e) => vec![("reason", e.clone())],
            RowProblem::Empty(f) => vec![("field", f.to_string())],
            RowProblem::UnknownShop(v) | RowProblem::BadDate(v) | RowProblem::BadTier(v) => {
                vec![("value", v.clone())]
            }
            RowProblem::RmaFormat { rma, shop } => vec![("rma", rma.clone()), ("shop", shop.clone())],
            RowProblem::RmaExists(rma) | RowProblem::NoLines(rma) => vec![("rma", rma.clone())],
            RowProblem::NotCount { field, value } => {
                vec![("field", field.to_string()), ("value", value.clone())]
            }
            RowProblem::UnknownSku(sku) => vec![("sku", sku.clone())],
            RowProblem::TooManySerials { serials, quantity } => {
                vec![
                    ("serials", serials.to_string()),
                    ("quantity", quantity.to_string()),
                ]
            }
            RowProblem::HeaderMismatch { rma, first } => {
                vec![("rma", rma.clone()), ("first", first.to_string())]
            }
            RowProblem::DuplicateLine { rma, line_no } => {
                vec![("rma", rma.clone()), ("line_no", line_no.to_string())]
            }
        };
        pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    /// The problem at `line` (of a file: 1-based, the header is line 1; of a JSON body: the
    /// return's position, 1-based).
    pub fn at(self, line: u64, rma: Option<String>) -> RowError {
        RowError {
            line,
            rma,
            code: self.code().to_string(),
            details: self.details(),
            reason: self.to_string(),
        }
    }
}

/// Every row code, for the translation test.
pub const ROW_CODES: &[&str] = &[
    "unreadable",
    "empty",
    "unknown-shop",
    "rma-format",
    "rma-exists",
    "bad-date",
    "bad-tier",
    "not-count",
    "unknown-sku",
    "too-many-serials",
    "header-mismatch",
    "duplicate-line",
    "no-lines",
];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct RowError {
    /// 1-based line of the file (the header is line 1), or position of the return in a JSON body.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub line: u64,
    pub rma: Option<String>,
    /// Stable code; the window shows `import-row-<code>` with `details` in the operator's language.
    pub code: String,
    pub details: BTreeMap<String, String>,
    /// The same in English, for the CLI, the API and the log.
    pub reason: String,
}

/// Why a whole file is refused (nothing taken).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FileError {
    #[error("the file cannot be imported: {0}")]
    Refused(String),
    /// A file not in UTF-8 whose code page cannot be told for sure: refused, not guessed.
    #[error("the file's character encoding cannot be told for sure (line {line} reads {sample:?} as {guess}); save it as CSV UTF-8")]
    Encoding {
        line: u64,
        guess: String,
        sample: String,
    },
}

/// A file read: its good returns and the problems of the others.
#[derive(Debug, Clone, Default)]
pub struct ReadFile {
    /// The character encoding the file was read in (`UTF-8`, `UTF-16LE`, `windows-1250`, …).
    pub encoding: String,
    pub rows_read: u64,
    pub good: Vec<ExpectedReturn>,
    /// The line each good return starts at, in the order of `good`.
    pub first_lines: Vec<u64>,
    /// Sorted by line.
    pub errors: Vec<RowError>,
}

/// The checks of a return's header (shop, RMA format, date, tier, not held yet) and of each of its
/// lines (SKU, quantity, serials, a line number once), the same for a CSV row and a JSON body.
pub fn check_header(r: &ExpectedReturn, known: &Known<'_>) -> Vec<RowProblem> {
    let mut out = Vec::new();
    for (name, value) in [
        ("rma", &r.rma),
        ("shop", &r.shop),
        ("order_no", &r.order_no),
        ("order_date", &r.order_date),
        ("customer_id", &r.customer_id),
        ("customer_name", &r.customer_name),
    ] {
        if value.trim().is_empty() {
            out.push(RowProblem::Empty(name));
        }
    }
    if !out.is_empty() {
        return out;
    }
    if !known.shops.contains(&r.shop) {
        out.push(RowProblem::UnknownShop(r.shop.clone()));
    }
    let classified = classify(&r.rma, known.codes);
    if classified.kind != CodeKind::Rma || classified.shop.as_deref() != Some(r.shop.as_str()) {
        out.push(RowProblem::RmaFormat {
            rma: r.rma.clone(),
            shop: r.shop.clone(),
        });
    }
    if known.existing.contains(&r.rma) {
        out.push(RowProblem::RmaExists(r.rma.clone()));
    }
    if days_between(&r.order_date, &r.order_date).is_err() {
        out.push(RowProblem::BadDate(r.order_date.clone()));
    }
    if !TIERS.contains(&r.customer_tier.as_str()) {
        out.push(RowProblem::BadTier(r.customer_tier.clone()));
    }
    out
}

pub fn check_line(l: &RmaLine, known: &Known<'_>) -> Vec<RowProblem> {
    let mut out = Vec::new();
    if l.sku.trim().is_empty() {
        out.push(RowProblem::Empty("sku"));
    } else if !known.skus.contains(&l.sku) {
        out.push(RowProblem::UnknownSku(l.sku.clone()));
    }
    for (field, n) in [("line_no", l.line_no), ("quantity", l.quantity)] {
        if n == 0 {
            out.push(RowProblem::NotCount {
                field,
                value: n.to_string(),
            });
        }
    }
    if l.quantity > 0 && l.serials.len() > l.quantity as usize {
        out.push(RowProblem::TooManySerials {
            serials: l.serials.len(),
            quantity: l.quantity,
        });
    }
    out
}

/// Every problem of a return as the API receives it whole (no lines, a line number twice, and
/// the header and line checks).
pub fn check_return(r: &ExpectedReturn, known: &Known<'_>) -> Vec<RowProblem> {
    let mut out = check_header(r, known);
    if r.lines.is_empty() {
        out.push(RowProblem::NoLines(r.rma.clone()));
    }
    let mut seen = HashSet::new();
    for l in &r.lines {
        out.extend(check_line(l, known));
        if !seen.insert(l.line_no) {
            out.push(RowProblem::DuplicateLine {
                rma: r.rma.clone(),
                line_no: l.line_no,
            });
        }
    }
    out
}

/// Read a CSV file of returns.
pub fn read_csv(bytes: &[u8], known: &Known<'_>) -> Result<ReadFile, FileError> {
    let (text, encoding) = decode(bytes)?;
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| FileError::Refused(format!("the header line cannot be read: {e}")))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !headers.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Err(FileError::Refused(format!(
            "missing column(s): {}; the header must name: {}",
            missing.join(", "),
            COLUMNS.join(", ")
        )));
    }
    let unknown: Vec<&str> = headers
        .iter()
        .filter(|h| !COLUMNS.contains(&h.as_str()))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(FileError::Refused(format!(
            "unknown column(s): {}",
            unknown.join(", ")
        )));
    }
    let col = |name: &str| headers.iter().position(|h| h == name);

    let mut out = ReadFile {
        encoding: encoding.to_owned(),
        ..ReadFile::default()
    };
    let mut returns: BTreeMap<String, (u64, ExpectedReturn)> = BTreeMap::new();
    let mut bad: HashSet<String> = HashSet::new();
    for (i, row) in reader.records().enumerate() {
        let line = i as u64 + 2;
        out.rows_read += 1;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                out.errors
                    .push(RowProblem::Unreadable(e.to_string()).at(line, None));
                continue;
            }
        };
        let get = |name: &str| col(name).and_then(|i| row.get(i)).unwrap_or("").to_string();
        let rma = get("rma");
        let empty: Vec<RowProblem> = REQUIRED
            .iter()
            .filter(|c| get(c).is_empty())
            .map(|c| RowProblem::Empty(c))
            .collect();
        let mut counts = Vec::new();
        let mut count = |field: &'static str| {
            let value = get(field);
            let n = value.parse::<u32>().ok().filter(|n| *n > 0);
            if n.is_none() {
                counts.push(RowProblem::NotCount { field, value });
            }
            n.unwrap_or(0)
        };
        let (line_no, quantity) = (count("line_no"), count("quantity"));
        let header = ExpectedReturn {
            rma: rma.clone(),
            shop: get("shop"),
            order_no: get("order_no"),
            order_date: get("order_date"),
            customer_id: get("customer_id"),
            customer_name: get("customer_name"),
            customer_tier: Some(get("customer_tier"))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(standard),
            tracking: Some(get("tracking")).filter(|t| !t.is_empty()),
            lines: Vec::new(),
        };
        let item = RmaLine {
            line_no,
            sku: get("sku"),
            quantity,
            serials: get("serials")
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            stated_reason: Some(get("stated_reason")).filter(|s| !s.is_empty()),
        };
        let mut problems = empty;
        if problems.is_empty() {
            problems.extend(check_header(&header, known));
            problems.append(&mut counts);
            problems.extend(
                check_line(&item, known)
                    .into_iter()
                    .filter(|p| !matches!(p, RowProblem::NotCount { .. })),
            );
        }
        let rma_of = (!rma.is_empty()).then(|| rma.clone());
        if !problems.is_empty() {
            out.errors
                .extend(problems.into_iter().map(|p| p.at(line, rma_of.clone())));
            bad.insert(rma);
            continue;
        }
        let entry = returns
            .entry(rma.clone())
            .or_insert_with(|| (line, header.clone()));
        if (ExpectedReturn {
            lines: Vec::new(),
            ..entry.1.clone()
        }) != header
        {
            out.errors.push(
                RowProblem::HeaderMismatch {
                    rma: rma.clone(),
                    first: entry.0,
                }
                .at(line, rma_of),
            );
            bad.insert(rma);
            continue;
        }
        if entry.1.lines.iter().any(|l| l.line_no == line_no) {
            out.errors.push(
                RowProblem::DuplicateLine {
                    rma: rma.clone(),
                    line_no,
                }
                .at(line, rma_of),
            );
            bad.insert(rma);
            continue;
        }
        entry.1.lines.push(item);
    }
    (out.first_lines, out.good) = returns
        .into_iter()
        .filter(|(rma, _)| !bad.contains(rma))
        .map(|(_, lr)| lr)
        .unzip();
    out.errors.sort_by_key(|e| e.line);
    Ok(out)
}

/// Code pages an office at a European dock saves spreadsheets in. A guess outside these is not
/// trusted.
const LEGACY: [&encoding_rs::Encoding; 7] = [
    encoding_rs::WINDOWS_1250,
    encoding_rs::WINDOWS_1251,
    encoding_rs::WINDOWS_1252,
    encoding_rs::ISO_8859_2,
    encoding_rs::KOI8_R,
    encoding_rs::IBM866,
    encoding_rs::WINDOWS_1257,
];

/// The file's text and the encoding it was read in. Names read in the wrong code page would match
/// nothing later ("£ucja", "Ïåòðîâ"), so a legacy guess is taken only when every character it gives
/// outside ASCII is a letter or ordinary typography; otherwise the file is refused naming the line.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), FileError> {
    let line_of = |at: usize| {
        bytes[..at.min(bytes.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64
            + 1
    };
    let (text, encoding) = if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let text = enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .ok_or_else(|| FileError::Refused(format!("the file starts as {} but is not", enc.name())))?;
        (text.into_owned(), enc.name())
    } else if let Ok(t) = std::str::from_utf8(bytes) {
        (t.to_owned(), "UTF-8")
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
        let unsure = |at: usize, sample: String| FileError::Encoding {
            line: line_of(at),
            guess: guess.name().to_owned(),
            sample,
        };
        let first_high = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
        let sample_at = |at: usize| {
            let start = bytes[..at].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
            let end = bytes[at..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |p| at + p);
            guess
                .decode_without_bom_handling(&bytes[start..end])
                .0
                .trim_end()
                .to_owned()
        };
        if !LEGACY.contains(&guess) {
            return Err(unsure(first_high, sample_at(first_high)));
        }
        let Some(text) = guess.decode_without_bom_handling_and_without_replacement(bytes) else {
            return Err(unsure(first_high, sample_at(first_high)));
        };
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            if line
                .chars()
                .any(|c| !c.is_ascii() && !c.is_alphabetic() && !TYPOGRAPHY.contains(&c))
            {
                return Err(FileError::Encoding {
                    line: text[..offset].matches('\n').count() as u64 + 1,
                    guess: guess.name().to_owned(),
                    sample: line.trim_end().to_owned(),
                });
            }
            offset += line.len();
        }
        (text.into_owned(), guess.name())
    };
    if text.trim().is_empty() {
        return Err(FileError::Refused("the file is empty".into()));
    }
    Ok((text, encoding))
}

/// Characters outside ASCII that a spreadsheet of returns holds besides letters.
const TYPOGRAPHY: [char; 14] = [
    '–', '—', '„', '“', '”', '‘', '’', '«', '»', '€', '№', '°', '·', '…',
];

fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known<'a>(
        shops: &'a HashSet<String>,
        skus: &'a HashSet<String>,
        existing: &'a HashSet<String>,
        codes: &'a CodeConfig,
    ) -> Known<'a> {
        Known {
            shops,
            skus,
            existing,
            codes,
        }
    }

    fn set(items: &[&str]) -> HashSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_file_and_the_same_return_as_json_meet_the_same_checks() {
        let (shops, skus, existing) = (set(&["demo"]), set(&["EL-HP-200"]), set(&[]));
        let codes = CodeConfig::demo();
        let k = known(&shops, &skus, &existing, &codes);
        let file = "rma;shop;order_no;order_date;customer_id;customer_name;line_no;sku;quantity;serials\n\
                    RMA-200001;demo;O-1;2026-11-20;c-1;Łucja Kowalska;1;EL-HP-200;1;SN1|SN2\n\
                    RMA-200002;demo;O-2;2026-11-31;c-2;Ion Popescu;1;EL-HP-200;1;\n\
                    RMA-200003;demo;O-3;2026-11-20;c-3;Kari Nordmann;1;NOPE;1;\n";
        let read = read_csv(file.as_bytes(), &k).unwrap();
        let codes_by_rma: Vec<(Option<String>, String, u64)> = read
            .errors
            .iter()
            .map(|e| (e.rma.clone(), e.code.clone(), e.line))
            .collect();
        assert_eq!(
            codes_by_rma,
            [
                (Some("RMA-200001".into()), "too-many-serials".into(), 2),
                (Some("RMA-200002".into()), "bad-date".into(), 3),
                (Some("RMA-200003".into()), "unknown-sku".into(), 4),
            ]
        );
        assert!(read.good.is_empty());
        let json = ExpectedReturn {
            rma: "RMA-200001".into(),
            shop: "demo".into(),
            order_no: "O-1".into(),
            order_date: "2026-11-20".into(),
            customer_id: "c-1".into(),
            customer_name: "Łucja Kowalska".into(),
            customer_tier: "standard".into(),
            tracking: None,
            lines: vec![RmaLine {
                line_no: 1,
                sku: "EL-HP-200".into(),
                quantity: 1,
                serials: vec!["SN1".into(), "SN2".into()],
                stated_reason: None,
            }],
        };
        let codes: Vec<&str> = check_return(&json, &k).iter().map(|p| p.code()).collect();
        assert_eq!(codes, ["too-many-serials"]);
        let empty = ExpectedReturn {
            lines: vec![],
            shop: "other".into(),
            ..json
        };
        let codes: Vec<&str> = check_return(&empty, &k).iter().map(|p| p.code()).collect();
        assert_eq!(codes, ["unknown-shop", "rma-format", "no-lines"]);
    }
}
