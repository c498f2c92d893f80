//! What a scanner sends is not quite what the barcode holds: keyboard-wedge and USB HID scanners add a
//! byte-order mark, CR/LF suffixes, NULs. This cleans a raw read before classification and refuses what
//! cannot be a barcode, so nothing is guessed silently.

use thiserror::Error;

/// The longest read we accept. The longest symbols a dock sees (a GS1 DataMatrix with many AIs, a
/// Digital Link QR) stay well under this; anything longer is a stuck key or a pasted document.
pub const MAX_SCAN_BYTES: usize = 4096;

/// ASCII 29, the GS1 group separator that stands for FNC1 inside a GS1 element string.
pub const GS: char = '\u{1d}';

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScanInputError {
    #[error("the scan was empty")]
    Empty,
    #[error("the scan is {len} bytes long; at most {max} are accepted")]
    TooLong { len: usize, max: usize },
    #[error("the scan holds a control character U+{code:04X} at position {position}")]
    ControlChar { code: u32, position: usize },
}

impl ScanInputError {
    /// Stable machine code; the UI translates by it.
    pub fn code(&self) -> &'static str {
        match self {
            ScanInputError::Empty => "scan.empty",
            ScanInputError::TooLong { .. } => "scan.too_long",
            ScanInputError::ControlChar { .. } => "scan.control_char",
        }
    }
}

/// Clean one raw read: drop a leading BOM, NULs and the CR/LF/Tab suffix a wedge scanner adds, turn a
/// configured stand-in for FNC1 into GS, collapse a doubled GS (some scanners send FNC1 twice), and trim
/// surrounding spaces. Other control characters are refused with their position.
pub fn normalize_scan(raw: &str, gs_stand_in: Option<char>) -> Result<String, ScanInputError> {
    if raw.len() > MAX_SCAN_BYTES {
        return Err(ScanInputError::TooLong {
            len: raw.len(),
            max: MAX_SCAN_BYTES,
        });
    }
    let mut out = String::with_capacity(raw.len());
    for (position, ch) in raw.chars().enumerate() {
        let ch = if Some(ch) == gs_stand_in { GS } else { ch };
        match ch {
            '\u{feff}' | '\0' | '\r' | '\n' | '\t' => continue,
            GS => {
                if !out.ends_with(GS) {
                    out.push(GS);
                }
            }
            c if c.is_control() => {
                return Err(ScanInputError::ControlChar {
                    code: c as u32,
                    position,
                });
            }
            c => out.push(c),
        }
    }
    // A GS at either end separates nothing: scanners emit one before the first AI.
    let trimmed = out.trim_matches(|c: char| c == GS || c == ' ');
    if trimmed.is_empty() {
        return Err(ScanInputError::Empty);
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expect: Result<&str, &str>) {
        let got = normalize_scan(raw, Some('~'));
        match (got, expect) {
            (Ok(g), Ok(e)) => assert_eq!(g, e, "raw {raw:?}"),
            (Err(g), Err(e)) => assert_eq!(g.code(), e, "raw {raw:?}"),
            (g, e) => panic!("raw {raw:?}: got {g:?}, expected {e:?}"),
        }
    }

    #[test]
    fn cleans_what_scanners_add() {
        check("5901234123457\r\n", Ok("5901234123457"));
        check("\u{feff}5901234123457", Ok("5901234123457"));
        check("59012\u{0}34123457\n", Ok("5901234123457"));
        check("  RMA-100001 \t", Ok("RMA-100001"));
        check(
            "\u{1d}0105901234123457\u{1d}\u{1d}21ABC",
            Ok("0105901234123457\u{1d}21ABC"),
        );
        check(
            "010590123412345721ABC~10LOT",
            Ok("010590123412345721ABC\u{1d}10LOT"),
        );
    }

    #[test]
    fn refuses_what_is_not_a_barcode() {
        check("", Err("scan.empty"));
        check("\r\n", Err("scan.empty"));
        check("\u{1d}\u{1d}", Err("scan.empty"));
        check("590\u{7}123", Err("scan.control_char"));
        check("590\u{1b}[A", Err("scan.control_char"));
        check(&"9".repeat(MAX_SCAN_BYTES + 1), Err("scan.too_long"));
        check(&"9".repeat(MAX_SCAN_BYTES), Ok(&"9".repeat(MAX_SCAN_BYTES)));
    }

    #[test]
    fn control_char_reports_position() {
        let err = normalize_scan("ab\u{7}", None).unwrap_err();
        assert_eq!(err, ScanInputError::ControlChar { code: 7, position: 2 });
        assert_eq!(
            err.to_string(),
            "the scan holds a control character U+0007 at position 2"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_output_is_clean(raw in "\\PC{0,64}") {
            if let Ok(clean) = normalize_scan(&raw, None) {
                proptest::prop_assert!(!clean.is_empty());
                let dirty = clean.contains(['\r', '\n', '\0', '\u{feff}']) || clean.contains("\u{1d}\u{1d}");
                proptest::prop_assert!(!dirty, "left noise in {:?}", clean);
            }
        }
    }
}
