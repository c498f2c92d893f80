//! Expected returns from a CSV file (`redock import rmas`, and the same importer behind the UI).
//!
//! One row per RMA line. Columns (header names, any order; `;` or `,` as the separator, as
//! spreadsheets in Poland, Romania, Norway and Russia write `;`):
//!
//! | column          | required | example          | notes                                           |
//! |-----------------|----------|------------------|-------------------------------------------------|
//! | `rma`           | yes      | `RMA-200001`     | must fit the shop's RMA pattern                 |
//! | `shop`          | yes      | `demo`           | a shop configured on the station                |
//! | `order_no`      | yes      | `ORD-2026-0101`  |                                                 |
//! | `order_date`    | yes      | `2026-11-20`     | `YYYY-MM-DD`                                    |
//! | `customer_id`   | yes      | `cust-101`       |                                                 |
//! | `customer_name` | yes      | `Anna Nowak`     |                                                 |
//! | `customer_tier` | no       | `loyal`          | `standard` (default), `loyal`, `vip`            |
//! | `tracking`      | no       | `1Z…`            | the parcel label the return will arrive with    |
//! | `line_no`       | yes      | `1`              | unique within the RMA                           |
//! | `sku`           | yes      | `EL-HP-200`      | a SKU the station knows                         |
//! | `quantity`      | yes      | `1`              | a whole number ≥ 1                              |
//! | `serials`       | no       | `SN1\|SN2`       | serials sold, separated by `\|`                 |
//! | `stated_reason` | no       | `defective`      | the reason the customer gave                    |
//!
//! UTF-8 (with or without a BOM), UTF-16 with its BOM ("Unicode text"), and the code pages Excel
//! saves "CSV" in where the dock's offices are — Windows-1250 (Polish, Romanian), Windows-1251
//! (Russian), Windows-1252 (Norwegian) and their ISO/KOI8/DOS cousins — told apart by chardetng; the
//! report says which was read. A file whose code page cannot be told for sure is refused, naming the
//! line that gives it away, rather than imported as garbage. Bad rows are reported by line number with the reason;
//! an RMA with any bad row is left out whole (never half an RMA); good RMAs are kept, all in one
//! transaction with an `rma_added` event each.

use crate::auth::{Role, Session};
use crate::error::StationError;
use crate::events::{record, EventBody, RmaAdded, RmaLine};
use crate::station::Station;
use redock_domain::receiving::days_between;
use redock_domain::{classify, CodeKind};
use serde::Serialize;
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
const TIERS: &[&str] = &["standard", "loyal", "vip"];

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RowError {
    /// 1-based line of the file (the header is line 1).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub line: u64,
    pub rma: Option<String>,
    /// Stable code; the window shows `import-row-<code>` with `details` in the operator's language.
    pub code: String,
    pub details: BTreeMap<String, String>,
    /// The same in English, for the CLI and the log.
    pub reason: String,
}

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
enum RowProblem {
    #[error("unreadable row: {0}")]
    Unreadable(String),
    #[error("{0} is empty")]
    Empty(&'static str),
    #[error("shop {0:?} is not configured on this station")]
    UnknownShop(String),
    #[error("{rma:?} does not fit shop {shop:?}'s RMA format")]
    RmaFormat { rma: String, shop: String },
    #[error("{0} is already on the station")]
    RmaExists(String),
    #[error("order_date {0:?} is not a date (YYYY-MM-DD)")]
    BadDate(String),
    #[error("customer_tier {0:?} is not one of standard, loyal, vip")]
    BadTier(String),
    #[error("{field} {value:?} is not a whole number ≥ 1")]
    NotCount { field: &'static str, value: String },
    #[error("SKU {0:?} is not known to the station")]
    UnknownSku(String),
    #[error("{serials} serials for a quantity of {quantity}")]
    TooManySerials { serials: usize, quantity: u32 },
    #[error("{rma}'s order, customer or tracking differ from its line on line {first}")]
    HeaderMismatch { rma: String, first: u64 },
    #[error("{rma} has line_no {line_no} twice")]
    DuplicateLine { rma: String, line_no: u32 },
}

impl RowProblem {
    fn code(&self) -> &'static str {
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
            RowProblem::RmaExists(rma) => vec![("rma", rma.clone())],
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

    fn at(self, line: u64, rma: Option<String>) -> RowError {
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
];

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportReport {
    /// The character encoding the file was read in (`UTF-8`, `UTF-16LE`, `windows-1250`, …).
    pub encoding: String,
    pub imported: Vec<String>,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub rows_read: u64,
    pub errors: Vec<RowError>,
}

/// Why a whole file is refused (nothing imported).
fn file_error(reason: String) -> StationError {
    StationError::Import { reason }
}

impl Station {
    /// Import expected returns. Supervisors and admins only.
    pub fn import_rmas(&self, session: &Session, bytes: &[u8]) -> Result<ImportReport, StationError> {
        session.require(Role::Supervisor)?;
        // At a station connected to a hub, the hub holds the expected returns: two stations
        // importing one file must not make two competing facts.
        if self.store.read(crate::station::hub_of)?.is_some() {
            return Err(StationError::Refused {
                code: "import.use_hub",
                message: "this station is connected to a hub: import the file at the hub, which sends the returns to every station of the site".into(),
            });
        }
        let (text, encoding) = decode(bytes)?;
        tracing::info!(encoding, "RMA file read");
        let delimiter = sniff_delimiter(&text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| file_error(format!("the header line cannot be read: {e}")))?
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect();
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| !headers.iter().any(|h| h == c))
            .collect();
        if !missing.is_empty() {
            return Err(file_error(format!(
                "missing column(s): {}; the header must name: {}",
                missing.join(", "),
                COLUMNS.join(", ")
            )));
        }
        let unknown: Vec<&String> = headers
            .iter()
            .filter(|h| !COLUMNS.contains(&h.as_str()))
            .collect();
        if !unknown.is_empty() {
            return Err(file_error(format!(
                "unknown column(s): {}",
                unknown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            )));
        }
        let col = |name: &str| headers.iter().position(|h| h == name);

        let codes = self.codes();
        let (skus, shops, existing) = self.store.read(|c| -> Result<_, StationError> {
            let strings = |sql: &str| -> Result<HashSet<String>, StationError> {
                let mut st = c.prepare(sql)?;
                let rows = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
                Ok(rows)
            };
            Ok((
                strings("SELECT sku FROM sku")?,
                strings("SELECT shop FROM shop")?,
                strings("SELECT rma FROM expected_return")?,
            ))
        })?;

        let mut report = ImportReport {
            encoding: encoding.to_owned(),
            ..ImportReport::default()
        };
        let mut rmas: BTreeMap<String, (u64, RmaAdded)> = BTreeMap::new();
        // Customers' names are personal data: kept apart from the `rma_added` facts.
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let mut bad: HashSet<String> = HashSet::new();
        for (i, row) in reader.records().enumerate() {
            let line = i as u64 + 2;
            report.rows_read += 1;
            let row = match row {
                Ok(r) => r,
                Err(e) => {
                    report
                        .errors
                        .push(RowProblem::Unreadable(e.to_string()).at(line, None));
                    continue;
                }
            };
            let get = |name: &str| col(name).and_then(|i| row.get(i)).unwrap_or("").to_string();
            let rma = get("rma");
            let mut fail = |problem: RowProblem| {
                report
                    .errors
                    .push(problem.at(line, (!rma.is_empty()).then(|| rma.clone())));
            };
            for c in REQUIRED {
                if get(c).is_empty() {
                    fail(RowProblem::Empty(c));
                }
            }
            if REQUIRED.iter().any(|c| get(c).is_empty()) {
                bad.insert(rma.clone());
                continue;
            }
            let mut ok = true;
            let shop = get("shop");
            if !shops.contains(&shop) {
                fail(RowProblem::UnknownShop(shop.clone()));
                ok = false;
            }
            let classified = classify(&rma, &codes);
            if classified.kind != CodeKind::Rma || classified.shop.as_deref() != Some(shop.as_str()) {
                fail(RowProblem::RmaFormat {
                    rma: rma.clone(),
                    shop: shop.clone(),
                });
                ok = false;
            }
            if existing.contains(&rma) {
                fail(RowProblem::RmaExists(rma.clone()));
                ok = false;
            }
            let order_date = get("order_date");
            if days_between(&order_date, &order_date).is_err() {
                fail(RowProblem::BadDate(order_date.clone()));
                ok = false;
            }
            let tier = match get("customer_tier") {
                t if t.is_empty() => "standard".to_string(),
                t if TIERS.contains(&t.as_str()) => t,
                t => {
                    fail(RowProblem::BadTier(t.clone()));
                    ok = false;
                    t
                }
            };
            let mut count = |field: &'static str| {
                let value = get(field);
                let n = value.parse::<u32>().ok().filter(|n| *n > 0);
                if n.is_none() {
                    fail(RowProblem::NotCount { field, value });
                }
                n
            };
            let (line_no, quantity) = (count("line_no"), count("quantity"));
            ok &= line_no.is_some() && quantity.is_some();
            let sku = get("sku");
            if !skus.contains(&sku) {
                fail(RowProblem::UnknownSku(sku.clone()));
                ok = false;
            }
            let serials: Vec<String> = get("serials")
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            if let Some(q) = quantity {
                if serials.len() > q as usize {
                    fail(RowProblem::TooManySerials {
                        serials: serials.len(),
                        quantity: q,
                    });
                    ok = false;
                }
            }
            let (Some(line_no), Some(quantity), true) = (line_no, quantity, ok) else {
                bad.insert(rma);
                continue;
            };
            let header = RmaAdded {
                rma: rma.clone(),
                shop,
                order_no: get("order_no"),
                order_date,
                customer_id: get("customer_id"),
                customer_tier: tier,
                tracking: Some(get("tracking")).filter(|t| !t.is_empty()),
                lines: Vec::new(),
            };
            let stated = Some(get("stated_reason")).filter(|s| !s.is_empty());
            let entry = rmas.entry(rma.clone()).or_insert_with(|| (line, header.clone()));
            let name = names.entry(rma.clone()).or_insert_with(|| get("customer_name"));
            let same_header = RmaAdded {
                lines: Vec::new(),
                ..entry.1.clone()
            } == header
                && *name == get("customer_name");
            if !same_header {
                fail(RowProblem::HeaderMismatch {
                    rma: rma.clone(),
                    first: entry.0,
                });
                bad.insert(rma);
                continue;
            }
            if entry.1.lines.iter().any(|l| l.line_no == line_no) {
                fail(RowProblem::DuplicateLine {
                    rma: rma.clone(),
                    line_no,
                });
                bad.insert(rma);
                continue;
            }
            entry.1.lines.push(RmaLine {
                line_no,
                sku,
                quantity,
                serials,
                stated_reason: stated,
            });
        }
        let good: Vec<RmaAdded> = rmas
            .into_iter()
            .filter(|(rma, _)| !bad.contains(rma))
            .map(|(_, (_, r))| r)
            .collect();
        let now = self.clock.now();
        self.store.write(|tx| {
            Station::check_session(tx, session)?;
            for r in &good {
                if let Some(name) = names.get(&r.rma) {
                    crate::customers::remember(tx, &r.customer_id, name)?;
                }
                record(
                    tx,
                    &EventBody::RmaAdded(r.clone()),
                    Some(&session.operator_id),
                    now,
                )?;
            }
            Ok::<_, StationError>(())
        })?;
        report.imported = good.into_iter().map(|r| r.rma).collect();
        report.errors.sort_by_key(|e| e.line);
        tracing::info!(
            imported = report.imported.len(),
            errors = report.errors.len(),
            "RMA import"
        );
        Ok(report)
    }
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
fn decode(bytes: &[u8]) -> Result<(String, &'static str), StationError> {
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
            .ok_or_else(|| file_error(format!("the file starts as {} but is not", enc.name())))?;
        (text.into_owned(), enc.name())
    } else if let Ok(t) = std::str::from_utf8(bytes) {
        (t.to_owned(), "UTF-8")
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
        let unsure = |at: usize, sample: String| StationError::ImportEncoding {
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
                return Err(StationError::ImportEncoding {
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
        return Err(file_error("the file is empty".into()));
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
