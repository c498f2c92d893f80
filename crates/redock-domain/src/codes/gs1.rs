//! GS1 element strings: the AI-and-value data inside GS1-128, GS1 DataMatrix, GS1 QR Code, GS1 DataBar
//! and GS1 DotCode symbols, in the two forms a station meets:
//!
//! - raw, as a scanner sends it: `0105901234123457` `21ABC` GS `10LOT`, where ASCII 29 (GS) stands for
//!   the FNC1 that ends a field whose length is not predefined (GS1 General Specifications §7.8.5);
//! - bracketed, as printed under the bars or typed by hand: `(01)05901234123457(21)ABC(10)LOT`.
//!
//! Every value is checked against the AI table (`gs1_table.rs`): character set, length, check digits,
//! dates and the other content checks GS1 names. Nothing is guessed: when a variable-length field runs
//! on because its separator was dropped, the data is split only if exactly one split gives a valid
//! read, and a note says so.

use super::gs1_table::{match_ai_prefix, AiEntry, Component, Cset, Lint};
use super::iso3166::is_iso3166_alpha2;
use super::AiValue;
use crate::scan_input::GS;
use thiserror::Error;

/// Why GS1 data (an element string or a Digital Link URI) is not valid. Each variant names the AI.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Gs1Error {
    #[error("the GS1 data is empty")]
    Empty,
    #[error("no GS1 application identifier starts with {found:?}")]
    UnknownAi { found: String },
    #[error("({ai}) has no value")]
    NoValue { ai: String },
    #[error("({ai}) needs {need} characters; {got} were read")]
    Truncated { ai: String, need: String, got: usize },
    #[error("({ai}) is {len} characters long; at most {max} are allowed")]
    TooLong { ai: String, len: usize, max: usize },
    #[error("({ai}) may hold only {allowed}; {ch:?} at position {pos} is not allowed")]
    BadChar {
        ai: String,
        ch: char,
        pos: usize,
        allowed: &'static str,
    },
    #[error("({ai}) {detail}")]
    CheckDigit { ai: String, detail: String },
    #[error("({ai}) {value}: {detail}")]
    BadDate {
        ai: String,
        value: String,
        detail: String,
    },
    #[error("({ai}) {value}: {detail}")]
    BadValue {
        ai: String,
        value: String,
        detail: String,
    },
    #[error("({ai}) appears twice with different values, {first:?} and {second:?}")]
    Duplicate {
        ai: String,
        first: String,
        second: String,
    },
    #[error(
        "separator missing after ({ai}): {count} different splits of the data are valid, so none is taken"
    )]
    AmbiguousSplit { ai: String, count: usize },
    #[error("{0}")]
    Syntax(String),
    #[error("({ai}) holds a broken percent escape in the link")]
    BadPercent { ai: String },
    #[error("({ai}) may not follow ({key}) in a Digital Link path; allowed after ({key}): {allowed}")]
    BadQualifier {
        key: String,
        ai: String,
        allowed: String,
    },
    #[error("({ai}) belongs in the link's path, not in its query")]
    NotAttribute { ai: String },
}

impl Gs1Error {
    /// Stable machine code; the UI translates by it.
    pub fn code(&self) -> &'static str {
        match self {
            Gs1Error::Empty | Gs1Error::NoValue { .. } | Gs1Error::Truncated { .. } => "gs1.truncated",
            Gs1Error::UnknownAi { .. } => "gs1.unknown_ai",
            Gs1Error::TooLong { .. } => "gs1.too_long",
            Gs1Error::BadChar { .. } => "gs1.bad_char",
            Gs1Error::CheckDigit { .. } => "gs1.check_digit",
            Gs1Error::BadDate { .. } => "gs1.bad_date",
            Gs1Error::BadValue { .. } => "gs1.bad_value",
            Gs1Error::Duplicate { .. } => "gs1.duplicate_ai",
            Gs1Error::AmbiguousSplit { .. } => "gs1.ambiguous_split",
            Gs1Error::Syntax(_) => "gs1.syntax",
            Gs1Error::BadPercent { .. } => "dl.bad_percent",
            Gs1Error::BadQualifier { .. } => "dl.bad_path",
            Gs1Error::NotAttribute { .. } => "dl.bad_query",
        }
    }
}

/// Every code `Gs1Error::code` returns.
pub const GS1_ERROR_CODES: &[&str] = &[
    "gs1.truncated",
    "gs1.unknown_ai",
    "gs1.too_long",
    "gs1.bad_char",
    "gs1.check_digit",
    "gs1.bad_date",
    "gs1.bad_value",
    "gs1.duplicate_ai",
    "gs1.ambiguous_split",
    "gs1.syntax",
    "dl.bad_percent",
    "dl.bad_path",
    "dl.bad_query",
];

/// What was read from GS1 data: the AIs in scan order (up to the first error), notes on anything the
/// parser had to recover, and the first error if the data is not valid.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gs1Read {
    pub ais: Vec<AiValue>,
    pub notes: Vec<String>,
    pub error: Option<Gs1Error>,
}

impl Gs1Read {
    pub fn is_valid(&self) -> bool {
        self.error.is_none()
    }

    fn failed(ais: Vec<AiValue>, error: Gs1Error) -> Self {
        Gs1Read {
            ais,
            notes: Vec::new(),
            error: Some(error),
        }
    }

    /// GS1 allows an AI to repeat only with the same value (General Specifications §4.14).
    pub(crate) fn check_duplicates(mut self) -> Self {
        if self.error.is_none() {
            for (i, a) in self.ais.iter().enumerate() {
                if let Some(b) = self.ais[..i].iter().find(|b| b.ai == a.ai && b.value != a.value) {
                    self.error = Some(Gs1Error::Duplicate {
                        ai: a.ai.clone(),
                        first: b.value.clone(),
                        second: a.value.clone(),
                    });
                    break;
                }
            }
        }
        self
    }
}

/// `n` is a multiple of `d`. `usize::is_multiple_of` needs Rust 1.87; the workspace supports 1.80.
#[allow(clippy::manual_is_multiple_of)]
pub(crate) fn multiple_of(n: usize, d: usize) -> bool {
    n % d == 0
}

fn ai_value(ai: &str, value: &str) -> AiValue {
    AiValue {
        ai: ai.to_string(),
        value: value.to_string(),
    }
}

/// Parse a raw element string (after `normalize_scan`, without the symbology identifier), where GS
/// ends each field that has no predefined length.
pub fn parse_element_string(data: &str) -> Gs1Read {
    parse_raw(data, true)
}

/// `parse_element_string` without recovering a dropped separator: the data must be exactly as a
/// scanner sends it. For reads that carry no other sign of being GS1 (no symbology identifier, no
/// GS), where guessing a split as well would be a second guess.
pub(crate) fn parse_element_string_as_sent(data: &str) -> Gs1Read {
    parse_raw(data, false)
}

fn parse_raw(data: &str, recover: bool) -> Gs1Read {
    // Separators alone hold no AI: as empty as no data (found by the `gs1_raw` fuzz target).
    if data.chars().all(|c| c == GS) {
        return Gs1Read::failed(Vec::new(), Gs1Error::Empty);
    }
    let mut read = Gs1Read::default();
    // A GS only ever ends a field, so each segment between separators parses on its own; a doubled or
    // leading GS separates nothing.
    for segment in data.split(GS).filter(|s| !s.is_empty()) {
        match parse_segment(segment, recover) {
            Ok(seg) => {
                read.ais.extend(seg.ais);
                read.notes.extend(seg.note);
            }
            Err(fail) => {
                read.ais.extend(fail.ais);
                read.error = Some(fail.error);
                return read;
            }
        }
    }
    read.check_duplicates()
}

struct Segment {
    ais: Vec<AiValue>,
    note: Option<String>,
}

struct SegmentError {
    ais: Vec<AiValue>,
    error: Gs1Error,
}

/// One run of data without separators: any number of predefined-length fields, then at most one
/// variable field that runs to the end. With `recover`, a variable field that is not valid as read
/// is tried at every split point; one valid split is taken (the separator after it was dropped),
/// several are refused as ambiguous.
fn parse_segment(segment: &str, recover: bool) -> Result<Segment, SegmentError> {
    let mut ais = Vec::new();
    let mut rest = segment;
    let mut note = None;
    while !rest.is_empty() {
        let Some((ai_len, entry)) = match_ai_prefix(rest) else {
            let found = rest.chars().take(4).collect();
            return Err(SegmentError {
                ais,
                error: Gs1Error::UnknownAi { found },
            });
        };
        let (ai, data) = rest.split_at(ai_len);
        if entry.predefined {
            // Predefined AIs have one fixed length (tested in gs1_table); a shorter rest, or one that
            // cannot be cut there because it is not ASCII, fails validation with the reason.
            let len = entry.max_len();
            let value = data.get(..len).unwrap_or(data);
            if let Err(error) = validate_value(ai, entry, value) {
                return Err(SegmentError { ais, error });
            }
            ais.push(ai_value(ai, value));
            rest = &data[value.len()..];
            continue;
        }
        match validate_value(ai, entry, data) {
            Ok(()) => ais.push(ai_value(ai, data)),
            Err(error) if recover => {
                let mut valid_splits = (1..data.len().min(entry.max_len() + 1)).filter_map(|k| {
                    let (head, tail) = (data.get(..k)?, data.get(k..)?);
                    validate_value(ai, entry, head).ok()?;
                    parse_segment(tail, false).ok().map(|t| (head, t.ais))
                });
                let first = valid_splits.next();
                let others = valid_splits.count();
                match first {
                    Some((head, tail_ais)) if others == 0 => {
                        ais.push(ai_value(ai, head));
                        ais.extend(tail_ais);
                        note = Some(format!(
                            "separator missing after ({ai}); recovered the only valid split"
                        ));
                    }
                    Some(_) => {
                        let error = Gs1Error::AmbiguousSplit {
                            ai: ai.to_string(),
                            count: others + 1,
                        };
                        return Err(SegmentError { ais, error });
                    }
                    None => return Err(SegmentError { ais, error }),
                }
            }
            Err(error) => return Err(SegmentError { ais, error }),
        }
        break;
    }
    Ok(Segment { ais, note })
}

/// Whether `data` opens like the bracketed form: `(` two to four digits `)`.
pub fn looks_bracketed(data: &str) -> bool {
    ai_marker_len(data).is_some()
}

/// Length of a `(NN)` … `(NNNN)` marker at the start of `s`.
fn ai_marker_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.first() != Some(&b'(') {
        return None;
    }
    let digits = b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
    ((2..=4).contains(&digits) && b.get(1 + digits) == Some(&b')')).then_some(digits + 2)
}

/// Write AIs in the bracketed (human-readable) form that `parse_bracketed` reads back; a `(` inside
/// a value is written `\(` (no GS1 character set has `\`).
pub fn write_bracketed(ais: &[AiValue]) -> String {
    ais.iter()
        .map(|a| format!("({}){}", a.ai, a.value.replace('(', "\\(")))
        .collect()
}

/// Write AIs as a scanner sends them: GS after each field without a predefined length, except the
/// last. `parse_element_string` reads it back.
pub fn write_element_string(ais: &[AiValue]) -> String {
    let mut raw = String::new();
    for (i, a) in ais.iter().enumerate() {
        raw.push_str(&a.ai);
        raw.push_str(&a.value);
        let predefined = super::gs1_table::lookup_ai(&a.ai).is_some_and(|e| e.predefined);
        if !predefined && i + 1 < ais.len() {
            raw.push(GS);
        }
    }
    raw
}

/// Parse the bracketed (human-readable) form, `(01)05901234123457(21)ABC`. A value runs to the next
/// `(NN)` marker; a literal `(` inside a value may be written `\(` as the GS1 Barcode Syntax Engine
/// does, and a `(` not followed by digits and `)` is taken literally.
pub fn parse_bracketed(data: &str) -> Gs1Read {
    let mut ais = Vec::new();
    let mut rest = data;
    if rest.is_empty() {
        return Gs1Read::failed(ais, Gs1Error::Empty);
    }
    while !rest.is_empty() {
        let Some(marker) = ai_marker_len(rest) else {
            let error = Gs1Error::Syntax(format!("expected an AI in brackets, like (01), at {rest:?}"));
            return Gs1Read::failed(ais, error);
        };
        let ai = &rest[1..marker - 1];
        rest = &rest[marker..];
        let Some(entry) = super::gs1_table::lookup_ai(ai) else {
            return Gs1Read::failed(
                ais,
                Gs1Error::UnknownAi {
                    found: ai.to_string(),
                },
            );
        };
        let mut value = String::new();
        while let Some(c) = rest.chars().next() {
            if c == '(' && ai_marker_len(rest).is_some() {
                break;
            }
            if c == '\\' && rest[1..].starts_with('(') {
                value.push('(');
                rest = &rest[2..];
            } else {
                value.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        if let Err(e) = validate_value(ai, entry, &value) {
            return Gs1Read::failed(ais, e);
        }
        ais.push(ai_value(ai, &value));
    }
    Gs1Read {
        ais,
        notes: Vec::new(),
        error: None,
    }
    .check_duplicates()
}

/// Check one AI's value against its table entry: characters, length, then each component's content.
pub(crate) fn validate_value(ai: &str, entry: &AiEntry, value: &str) -> Result<(), Gs1Error> {
    let ai_s = || ai.to_string();
    if value.is_empty() {
        return Err(Gs1Error::NoValue { ai: ai_s() });
    }
    // Every GS1 character set is ASCII; naming the first other character keeps later slicing safe.
    if let Some((i, ch)) = value.chars().enumerate().find(|(_, c)| !c.is_ascii()) {
        return Err(Gs1Error::BadChar {
            ai: ai_s(),
            ch,
            pos: i + 1,
            allowed: "GS1 characters",
        });
    }
    let max = entry.max_len();
    if value.len() > max {
        return Err(Gs1Error::TooLong {
            ai: ai_s(),
            len: value.len(),
            max,
        });
    }
    let bytes = value.as_bytes();
    let mut pos = 0;
    for comp in entry.components {
        let left = bytes.len() - pos;
        if left == 0 && comp.optional {
            break;
        }
        let take = if comp.min == comp.max {
            comp.min
        } else {
            left.min(comp.max)
        };
        if left == 0 || left < take {
            return Err(Gs1Error::Truncated {
                ai: ai_s(),
                need: need_text(entry),
                got: value.len(),
            });
        }
        let part = &bytes[pos..pos + take];
        check_component(ai, comp, part, pos, value)?;
        pos += take;
    }
    if pos < bytes.len() {
        return Err(Gs1Error::TooLong {
            ai: ai_s(),
            len: value.len(),
            max: pos,
        });
    }
    Ok(())
}

fn need_text(entry: &AiEntry) -> String {
    match entry.fixed_len() {
        Some(n) => n.to_string(),
        None => {
            let min: usize = entry
                .components
                .iter()
                .filter(|c| !c.optional)
                .map(|c| c.min)
                .sum();
            format!("at least {min}")
        }
    }
}

fn check_component(
    ai: &str,
    comp: &Component,
    part: &[u8],
    offset: usize,
    value: &str,
) -> Result<(), Gs1Error> {
    if let Some(i) = part.iter().position(|&b| !comp.cset.allows(b)) {
        return Err(Gs1Error::BadChar {
            ai: ai.to_string(),
            ch: char::from(part[i]),
            pos: offset + i + 1,
            allowed: comp.cset.name(),
        });
    }
    if comp.cset == Cset::Z {
        check_base64_padding(ai, part, offset)?;
    }
    for lint in comp.lints {
        if let Err(fail) = run_lint(*lint, part) {
            let (ai, value) = (ai.to_string(), value.to_string());
            return Err(match fail {
                LintFail::Check(detail) => Gs1Error::CheckDigit { ai, detail },
                LintFail::Date(detail) => Gs1Error::BadDate { ai, value, detail },
                LintFail::Value(detail) => Gs1Error::BadValue { ai, value, detail },
            });
        }
    }
    Ok(())
}

/// CSET 64 allows `=` only as padding: at most two at the end, and then only when the length is a
/// multiple of three (the rule of the GS1 `cset64` linter).
fn check_base64_padding(ai: &str, part: &[u8], offset: usize) -> Result<(), Gs1Error> {
    let pads = part.iter().rev().take_while(|&&b| b == b'=').count();
    let body = part.len() - pads;
    let bad = part[..body].iter().position(|&b| b == b'=').or_else(|| {
        let bad_padding = pads > 2 || (pads > 0 && !multiple_of(part.len(), 3));
        bad_padding.then_some(body)
    });
    match bad {
        Some(i) => Err(Gs1Error::BadChar {
            ai: ai.to_string(),
            ch: '=',
            pos: offset + i + 1,
            allowed: "base64url characters, with at most two = of padding at the end",
        }),
        None => Ok(()),
    }
}

enum LintFail {
    Check(String),
    Date(String),
    Value(String),
}

fn digits_value(part: &[u8]) -> u64 {
    part.iter().fold(0u64, |acc, &b| {
        acc.saturating_mul(10)
            .saturating_add(u64::from(b.wrapping_sub(b'0')))
    })
}

fn two(part: &[u8], at: usize) -> u32 {
    part.get(at..at + 2).map_or(0, |p| digits_value(p) as u32)
}

/// Each lint follows the GS1 reference linter of the same name (gs1/gs1-syntax-dictionary, src/lint_*.c).
/// Components reach here already checked for character set and length.
fn run_lint(lint: Lint, part: &[u8]) -> Result<(), LintFail> {
    let text = String::from_utf8_lossy(part);
    match lint {
        Lint::Csum => {
            let Some((&last, body)) = part.split_last() else {
                return Err(LintFail::Value("too short for a check digit".into()));
            };
            let body = std::str::from_utf8(body).unwrap_or_default();
            let found = char::from(last);
            match super::gs1_check_digit(body) {
                Some(expected) if found.to_digit(10) == Some(u32::from(expected)) => Ok(()),
                Some(expected) => Err(LintFail::Check(format!(
                    "check digit is {found}, expected {expected}"
                ))),
                None => Err(LintFail::Value("a check digit needs digits".into())),
            }
        }
        Lint::CsumAlpha => check_alpha_pair(part),
        Lint::Yymmd0 => check_date(two(part, 0), two(part, 2), two(part, 4), true, false),
        Lint::Yymmdd => check_date(two(part, 0), two(part, 2), two(part, 4), false, false),
        Lint::Yyyymmdd => {
            let year = two(part, 0) * 100 + two(part, 2);
            check_date(year, two(part, 4), two(part, 6), false, true)
        }
        Lint::Hhmi => {
            check_hour(two(part, 0))?;
            check_minute(two(part, 2), "minute")
        }
        Lint::Hh => check_hour(two(part, 0)),
        Lint::Mi => check_minute(two(part, 0), "minute"),
        Lint::Ss => check_minute(two(part, 0), "second"),
        Lint::Zero => one_of(part, b"0", "must be 0"),
        Lint::NonZero => {
            if part.iter().all(|&b| b == b'0') {
                Err(LintFail::Value(format!("{text} must not be zero")))
            } else {
                Ok(())
            }
        }
        Lint::YesNo => one_of(part, b"01", "must be 0 (no) or 1 (yes)"),
        Lint::Iso5218 => one_of(part, b"0129", "must be an ISO/IEC 5218 code: 0, 1, 2 or 9"),
        Lint::Winding => one_of(part, b"019", "winding direction must be 0, 1 or 9"),
        Lint::Hyphen => {
            if part.iter().all(|&b| b == b'-') {
                Ok(())
            } else {
                Err(LintFail::Value(format!("{text} must be a hyphen")))
            }
        }
        Lint::PieceOfTotal => {
            let half = part.len() / 2;
            let (piece, total) = part.split_at(half);
            if !multiple_of(part.len(), 2) || half == 0 {
                return Err(LintFail::Value(
                    "piece and total must have the same number of digits".into(),
                ));
            }
            let (piece, total) = (digits_value(piece), digits_value(total));
            if piece == 0 || total == 0 || piece > total {
                return Err(LintFail::Value(format!(
                    "piece {piece} of total {total} is not possible"
                )));
            }
            Ok(())
        }
        Lint::Iso3166Alpha2 => {
            if is_iso3166_alpha2(&text) {
                Ok(())
            } else {
                Err(LintFail::Value(format!("{text} is not an ISO 3166 country code")))
            }
        }
        Lint::Iban => check_iban(part),
        Lint::PercentEncoded => {
            let broken = part.iter().enumerate().any(|(i, &b)| {
                b == b'%'
                    && !part
                        .get(i + 1..i + 3)
                        .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
            });
            if broken {
                Err(LintFail::Value(
                    "a % must be followed by two hexadecimal digits".into(),
                ))
            } else {
                Ok(())
            }
        }
        Lint::NoZeroPrefix => {
            if part.first() == Some(&b'0') {
                Err(LintFail::Value("must not start with 0".into()))
            } else {
                Ok(())
            }
        }
        Lint::HasNonDigit => {
            if part.iter().all(u8::is_ascii_digit) {
                Err(LintFail::Value(
                    "must hold at least one character that is not a digit".into(),
                ))
            } else {
                Ok(())
            }
        }
        Lint::Latitude => range_limit(part, 1_800_000_000, "latitude"),
        Lint::Longitude => range_limit(part, 3_600_000_000, "longitude"),
        Lint::ImporterIdx => {
            if part.len() == 1 && (part[0].is_ascii_alphanumeric() || part[0] == b'-' || part[0] == b'_') {
                Ok(())
            } else {
                Err(LintFail::Value(format!("{text} is not an importer index")))
            }
        }
    }
}

fn one_of(part: &[u8], allowed: &[u8], why: &str) -> Result<(), LintFail> {
    if part.len() == 1 && allowed.contains(&part[0]) {
        Ok(())
    } else {
        Err(LintFail::Value(why.to_string()))
    }
}

fn range_limit(part: &[u8], max: u64, what: &str) -> Result<(), LintFail> {
    if digits_value(part) <= max {
        Ok(())
    } else {
        Err(LintFail::Value(format!("{what} is out of range")))
    }
}

fn check_hour(hh: u32) -> Result<(), LintFail> {
    if hh > 23 {
        return Err(LintFail::Date(format!("hour {hh:02} does not exist")));
    }
    Ok(())
}

fn check_minute(mi: u32, what: &str) -> Result<(), LintFail> {
    if mi > 59 {
        return Err(LintFail::Date(format!("{what} {mi:02} does not exist")));
    }
    Ok(())
}

/// Month and day must exist; `day_zero` allows DD = 00, which GS1 reads as the last day of the month
/// for the YYMMDD date AIs (General Specifications §7.12). For two-digit years the leap year is
/// YY % 4 == 0: GS1 places YY within 49 years before and 50 after the current year (§7.12), which
/// keeps 00 as 2000, a leap year, for every current year up to 2049.
fn check_date(year: u32, month: u32, day: u32, day_zero: bool, four_digit: bool) -> Result<(), LintFail> {
    if !(1..=12).contains(&month) {
        return Err(LintFail::Date(format!("month {month:02} does not exist")));
    }
    let y = year as usize;
    let leap = if four_digit {
        (multiple_of(y, 4) && !multiple_of(y, 100)) || multiple_of(y, 400)
    } else {
        multiple_of(y, 4)
    };
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 && !day_zero {
        return Err(LintFail::Date("day 00 is not allowed in this date".into()));
    }
    if day > days {
        return Err(LintFail::Date(format!(
            "day {day:02} does not exist in month {month:02}"
        )));
    }
    Ok(())
}

/// The GS1 check character pair (General Specifications §7.9.5, GS1 `csumalpha` linter): the CSET 82
/// position of each character before the pair, weighted by primes from the right, summed mod 1021,
/// and written as two characters of CSET 32.
fn check_alpha_pair(part: &[u8]) -> Result<(), LintFail> {
    if part.len() < 2 {
        return Err(LintFail::Value("too short for a check character pair".into()));
    }
    let (body, pair) = part.split_at(part.len() - 2);
    let expected = alpha_check_pair(body)
        .map_err(|b| LintFail::Value(format!("{:?} has no check value", char::from(b))))?;
    if pair == expected {
        Ok(())
    } else {
        let show = |p: &[u8]| String::from_utf8_lossy(p).into_owned();
        Err(LintFail::Check(format!(
            "check characters are {}, expected {}",
            show(pair),
            show(&expected)
        )))
    }
}

/// The check character pair for `body`, or the first byte outside CSET 82.
pub(crate) fn alpha_check_pair(body: &[u8]) -> Result<[u8; 2], u8> {
    const CSET82: &[u8] =
        b"!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    const CSET32: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let primes = first_primes(body.len());
    let mut sum = 0usize;
    for (i, &b) in body.iter().enumerate() {
        let weight = CSET82.iter().position(|&c| c == b).ok_or(b)?;
        sum += weight * primes[body.len() - 1 - i];
    }
    let sum = sum % 1021;
    Ok([CSET32[sum >> 5], CSET32[sum & 31]])
}

fn first_primes(n: usize) -> Vec<usize> {
    let mut primes: Vec<usize> = Vec::with_capacity(n);
    let mut candidate = 2;
    while primes.len() < n {
        if primes
            .iter()
            .take_while(|&&p| p * p <= candidate)
            .all(|&p| candidate % p != 0)
        {
            primes.push(candidate);
        }
        candidate += 1;
    }
    primes
}

/// ISO 13616 IBAN check (GS1 `iban` linter): country code, then the first four characters moved to
/// the end, letters as 10-35, the whole number mod 97 must be 1.
fn check_iban(part: &[u8]) -> Result<(), LintFail> {
    let country = part.get(..2).map(String::from_utf8_lossy).unwrap_or_default();
    if part.len() <= 4 || !is_iso3166_alpha2(&country) {
        return Err(LintFail::Value("is not an IBAN".into()));
    }
    let mut rem = 0u32;
    for &b in part[4..].iter().chain(&part[..4]) {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => {
                return Err(LintFail::Value(format!(
                    "{:?} cannot appear in an IBAN",
                    char::from(b)
                )))
            }
        };
        rem = (rem * if v < 10 { 10 } else { 100 } + v) % 97;
    }
    if rem == 1 {
        Ok(())
    } else {
        Err(LintFail::Check("IBAN check digits do not match".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Render a read as `(ai)value (ai)value`, then `; note: …` and `; error code: message`.
    fn render(read: &Gs1Read) -> String {
        let mut out: Vec<String> = read
            .ais
            .iter()
            .map(|a| format!("({}){}", a.ai, a.value))
            .collect();
        for n in &read.notes {
            out.push(format!("note: {n}"));
        }
        if let Some(e) = &read.error {
            out.push(format!("error {}: {e}", e.code()));
        }
        out.join(" ")
    }

    /// `|` stands for GS in the raw form so the cases stay readable.
    fn check(raw: &str, expect: &str) {
        let data = raw.replace('|', "\u{1d}");
        assert_eq!(
            render(&parse_element_string(&data)),
            expect,
            "parse_element_string({raw:?})"
        );
    }

    fn check_bracketed(text: &str, expect: &str) {
        assert_eq!(
            render(&parse_bracketed(text)),
            expect,
            "parse_bracketed({text:?})"
        );
    }

    #[test]
    fn raw_element_strings() {
        // GS1 General Specifications examples and everyday labels.
        check("0105901234123457", "(01)05901234123457");
        check("010590123412345721ABC", "(01)05901234123457 (21)ABC");
        check(
            "010590123412345717261231|10LOT",
            "(01)05901234123457 (17)261231 (10)LOT",
        );
        check(
            "0105901234123457172612311017|21SER",
            "(01)05901234123457 (17)261231 (10)17 (21)SER",
        );
        check("00376104250021234569", "(00)376104250021234569");
        check("00376104250021234569|", "(00)376104250021234569");
        check("|0105901234123457", "(01)05901234123457");
        check("0105901234123457|21ABC", "(01)05901234123457 (21)ABC");
        check("01059012341234573103000500", "(01)05901234123457 (3103)000500");
        check(
            "0105901234123457170000001700",
            "(01)05901234123457 error gs1.bad_date: (17) 000000: month 00 does not exist",
        );
        check(
            "0105901234123457172612001123",
            "(01)05901234123457 (17)261200 error gs1.truncated: (11) needs 6 characters; 2 were read",
        );
        check("010590123412345717261200", "(01)05901234123457 (17)261200");
        check(
            "0105901234123457112602291000",
            "(01)05901234123457 error gs1.bad_date: (11) 260229: day 29 does not exist in month 02",
        );
        check(
            "0105901234123457112402291000",
            "(01)05901234123457 (11)240229 (10)00",
        );
        check("0105901234123457422616", "(01)05901234123457 (422)616");
        check(
            "01059012341234574220616",
            "(01)05901234123457 error gs1.too_long: (422) is 4 characters long; at most 3 are allowed",
        );
        check("8004ABC-123|254X", "(8004)ABC-123 (254)X");
        check(
            "4150614141000005|8020ABC123|3902123",
            "(415)0614141000005 (8020)ABC123 (3902)123",
        );
        check("8006141234567890150102", "(8006)141234567890150102");
        check("8007DE91100000000123456789", "(8007)DE91100000000123456789");
        check("80137907665Bm8v2AB", "(8013)7907665Bm8v2AB");
        check(
            "7003261231|0105901234123457",
            "error gs1.truncated: (7003) needs 10 characters; 6 were read",
        );
        check("70032612312359", "(7003)2612312359");
        check(
            "70032612312460",
            "error gs1.bad_date: (7003) 2612312460: hour 24 does not exist",
        );
        check("8030AbC-_123=", "(8030)AbC-_123=");
        // The GS1 cset64 linter allows padding only when the length is a multiple of three.
        check(
            "8030AbC-_12=",
            "error gs1.bad_char: (8030) may hold only base64url characters, with at most two = of padding at \
             the end; '=' at position 8 is not allowed",
        );
        check("4321", "error gs1.truncated: (4321) has no value");
        check(
            "43212",
            "error gs1.bad_value: (4321) 2: must be 0 (no) or 1 (yes)",
        );
        check("4307PL", "(4307)PL");
        check(
            "4307XX",
            "error gs1.bad_value: (4307) XX: XX is not an ISO 3166 country code",
        );
    }

    #[test]
    fn raw_errors_name_the_ai() {
        check(
            "0105901234123458",
            "error gs1.check_digit: (01) check digit is 8, expected 7",
        );
        check(
            "01059012341234",
            "error gs1.truncated: (01) needs 14 characters; 12 were read",
        );
        check(
            "010590123412345A",
            "error gs1.bad_char: (01) may hold only digits; 'A' at position 14 is not allowed",
        );
        check(
            "0105901234123457|14ABC",
            "(01)05901234123457 error gs1.unknown_ai: no GS1 application identifier starts with \"14AB\"",
        );
        check(
            "21ABC DEF",
            "error gs1.bad_char: (21) may hold only GS1 character set 82; ' ' at position 4 is not allowed",
        );
        check(
            "21ABCé",
            "error gs1.bad_char: (21) may hold only GS1 characters; 'é' at position 4 is not allowed",
        );
        check("10|21", "error gs1.truncated: (10) has no value");
        check("", "error gs1.truncated: the GS1 data is empty");
        check("|", "error gs1.truncated: the GS1 data is empty");
        check("||", "error gs1.truncated: the GS1 data is empty");
        check(
            "10ABCDEFGHIJKLMNOPQRSTU",
            "error gs1.too_long: (10) is 21 characters long; at most 20 are allowed",
        );
        check("0105901234123457|21A|21B", "(01)05901234123457 (21)A (21)B error gs1.duplicate_ai: (21) appears twice with different values, \"A\" and \"B\"");
        check("0105901234123457|21A|21A", "(01)05901234123457 (21)A (21)A");
        check(
            "8013123456789012345678901NT",
            "error gs1.check_digit: (8013) check characters are NT, expected WP",
        );
        check(
            "8007DE91100000000123456788",
            "error gs1.check_digit: (8007) IBAN check digits do not match",
        );
        check("8030AB==C", "error gs1.bad_char: (8030) may hold only base64url characters, with at most two = of padding at the end; '=' at position 3 is not allowed");
        check(
            "80060000000000000002",
            "error gs1.truncated: (8006) needs 18 characters; 16 were read",
        );
        check(
            "8006141234567890150302",
            "error gs1.bad_value: (8006) 141234567890150302: piece 3 of total 2 is not possible",
        );
        check(
            "x",
            "error gs1.unknown_ai: no GS1 application identifier starts with \"x\"",
        );
    }

    #[test]
    fn dropped_separator_recovered_only_when_unique() {
        // (21) at its 20-character maximum runs into (10): only one split leaves a valid rest.
        check(
            "010590123412345721ABCDEFGHIJKLMNOPQRST10LOT1",
            "(01)05901234123457 (21)ABCDEFGHIJKLMNOPQRST (10)LOT1 \
             note: separator missing after (21); recovered the only valid split",
        );
        // (30) is digits only, so a letter after it shows where it ended.
        check("305|10LOT", "(30)5 (10)LOT");
        check(
            "30510LOT",
            "(30)5 (10)LOT note: separator missing after (30); recovered the only valid split",
        );
        // (30)12 then (3103)…, (30)123 then (10)…, (30)12310 then (30)…: all valid, so none is taken.
        check(
            "30123103000500",
            "error gs1.ambiguous_split: separator missing after (30): 3 different splits of the data are valid, \
             so none is taken",
        );
        // No split helps: the original error stands.
        check(
            "10ABCDEFGHIJKLMNOPQRSTUVW",
            "error gs1.too_long: (10) is 23 characters long; at most 20 are allowed",
        );
        // A run that is valid as read cannot be told from a dropped separator, so it is left alone.
        check("21ABC10LOT", "(21)ABC10LOT");
    }

    #[test]
    fn bracketed_form() {
        check_bracketed("(01)05901234123457(21)ABC", "(01)05901234123457 (21)ABC");
        check_bracketed(
            "(01)05901234123457(17)261231(10)LOT",
            "(01)05901234123457 (17)261231 (10)LOT",
        );
        check_bracketed("(00)376104250021234569", "(00)376104250021234569");
        check_bracketed("(3103)000500", "(3103)000500");
        check_bracketed("(10)A(B)C", "(10)A(B)C");
        check_bracketed("(10)A\\(12)B", "(10)A(12)B");
        check_bracketed(
            "(01)05901234123458",
            "error gs1.check_digit: (01) check digit is 8, expected 7",
        );
        check_bracketed(
            "(01)0590123412345",
            "error gs1.truncated: (01) needs 14 characters; 13 were read",
        );
        check_bracketed(
            "(01)059012341234570",
            "error gs1.too_long: (01) is 15 characters long; at most 14 are allowed",
        );
        check_bracketed(
            "(14)1",
            "error gs1.unknown_ai: no GS1 application identifier starts with \"14\"",
        );
        check_bracketed("(21)", "error gs1.truncated: (21) has no value");
        check_bracketed(
            "01(21)A",
            "error gs1.syntax: expected an AI in brackets, like (01), at \"01(21)A\"",
        );
        check_bracketed(
            "(17)261300",
            "error gs1.bad_date: (17) 261300: month 13 does not exist",
        );
        check_bracketed(
            "(21)A(21)B",
            "(21)A (21)B error gs1.duplicate_ai: (21) appears twice with different values, \"A\" and \"B\"",
        );
        assert!(looks_bracketed("(01)1"));
        assert!(!looks_bracketed("(1)1"));
        assert!(!looks_bracketed("(01234)1"));
        assert!(!looks_bracketed("01"));
    }

    #[test]
    fn dates_follow_gs1_rules() {
        let date = |lint, v: &str| run_lint(lint, v.as_bytes()).is_ok();
        assert!(date(Lint::Yymmd0, "261200"));
        assert!(!date(Lint::Yymmdd, "261200"));
        assert!(date(Lint::Yymmdd, "000229"));
        assert!(!date(Lint::Yymmdd, "010229"));
        assert!(date(Lint::Yymmdd, "260430"));
        assert!(!date(Lint::Yymmdd, "260431"));
        assert!(!date(Lint::Yymmdd, "261301"));
        assert!(date(Lint::Yyyymmdd, "20000229"));
        assert!(!date(Lint::Yyyymmdd, "19000229"));
        assert!(date(Lint::Hhmi, "2359"));
        assert!(!date(Lint::Hhmi, "2360"));
    }

    #[test]
    fn alpha_check_pair_matches_gs1_vectors() {
        // Vectors from the GS1 csumalpha linter's own tests.
        for ok in [
            "22",
            "!22",
            "1987654Ad4X4bL5ttr2310c2K",
            "12345_ABCDEFGHIJKLMCP",
            "12345_0123456789:;<=>?62",
        ] {
            assert!(check_alpha_pair(ok.as_bytes()).is_ok(), "{ok}");
        }
        for bad in ["33", "1987654Ad4X4bL5ttr2310cXK", "2"] {
            assert!(check_alpha_pair(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn iban_vectors() {
        for ok in [
            "FR7630006000011234567890189",
            "DE91100000000123456789",
            "GR9608100010000001234567890",
        ] {
            assert!(check_iban(ok.as_bytes()).is_ok(), "{ok}");
        }
        for bad in ["DE91100000000123456788", "XX91100000000123456789", "DE9"] {
            assert!(check_iban(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    /// Strategy for one valid AI value: a GTIN, an SSCC, dates, weights, and free-text fields.
    fn valid_ai() -> impl proptest::strategy::Strategy<Value = (String, String)> {
        use proptest::prelude::*;
        let with_check = |body: String| {
            let d = crate::codes::gs1_check_digit(&body).unwrap_or(0);
            format!("{body}{d}")
        };
        prop_oneof![
            "[0-9]{13}".prop_map(move |b| ("01".to_string(), with_check(b))),
            "[0-9]{17}".prop_map(move |b| ("00".to_string(), with_check(b))),
            (0u32..100, 1u32..13, 0u32..29)
                .prop_map(|(y, m, d)| ("17".to_string(), format!("{y:02}{m:02}{d:02}"))),
            (0u32..6, "[0-9]{6}").prop_map(|(d, v)| (format!("310{d}"), v)),
            "[!%-?A-Z_a-z]{1,20}".prop_map(|v| ("10".to_string(), v)),
            "[!%-?A-Z_a-z]{1,20}".prop_map(|v| ("21".to_string(), v)),
            "[0-9]{1,8}".prop_map(|v| ("30".to_string(), v)),
            "[!%-?A-Z_a-z]{1,30}".prop_map(|v| ("8004".to_string(), v)),
            "[!%-?A-Z_a-z]{1,90}".prop_map(|v| ("91".to_string(), v)),
        ]
    }

    proptest::proptest! {
        /// Encode random valid AIs as a scanner would (GS after each field without a predefined length,
        /// except the last), and both forms parse back to the same AIs in the same order.
        #[test]
        fn round_trip(fields in proptest::collection::vec(valid_ai(), 1..6)) {
            let mut fields = fields;
            // One value per AI: a repeated AI with another value is an error by design.
            let mut seen = std::collections::HashSet::new();
            fields.retain(|(ai, _)| seen.insert(ai.clone()));
            let expect: Vec<AiValue> = fields.iter().map(|(a, v)| ai_value(a, v)).collect();
            let raw = write_element_string(&expect);
            let bracketed = write_bracketed(&expect);
            let read = parse_element_string(&raw);
            proptest::prop_assert_eq!(&read.error, &None, "raw {:?}", raw);
            proptest::prop_assert_eq!(&read.ais, &expect);
            proptest::prop_assert!(read.notes.is_empty());
            let read = parse_bracketed(&bracketed);
            proptest::prop_assert_eq!(&read.error, &None, "bracketed {:?}", bracketed);
            proptest::prop_assert_eq!(&read.ais, &expect);
        }

        /// Nothing a scanner can send makes the parsers panic.
        #[test]
        fn never_panics(data in "[0-9A-Za-z()\\\\\u{1d}%=é-]{0,60}") {
            let _ = parse_element_string(&data);
            let _ = parse_bracketed(&data);
        }
    }
}
