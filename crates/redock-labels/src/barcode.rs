//! Barcode encoding: Code 128 through rxing (see Cargo.toml for why), its code sets chosen by
//! rxing's minimal encoder; GS1 DataMatrix in our ASCII encodation (FNC1 first) with rxing's
//! Reed–Solomon and placement; QR codes (GS1 Digital Link URIs) through fast_qr. We get module
//! matrices and draw them ourselves as vector rectangles (PDF), pixels (PNG) or printer commands
//! (ZPL).

use crate::error::LabelError;
use rxing::datamatrix::encoder::SymbolShapeHint;
use rxing::oned::{Code128Writer, OneDimensionalCodeWriter};
use rxing::{EncodeHintValue, EncodeHints};

/// Code 128: the modules (true = bar) from the start character to the end of the stop
/// character, without quiet zones, and the symbol characters (start, data, check) they encode.
#[derive(Debug, Clone, PartialEq)]
pub struct Code128 {
    pub modules: Vec<bool>,
    pub codewords: Vec<u8>,
}

/// Quiet zone on each side of a Code 128, in modules (ISO/IEC 15417).
pub const CODE128_QUIET: usize = 10;

/// Encodes printable ASCII (space to `~`) as Code 128. Letters and `:` go in code set B, runs
/// of digits in code set C.
pub fn code128(data: &str) -> Result<Code128, LabelError> {
    if data.is_empty() || data.len() > 48 {
        return Err(LabelError::InvalidData {
            field: "barcode text",
            reason: format!("{} characters; Code 128 here takes 1 to 48", data.chars().count()),
        });
    }
    if let Some(c) = data.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(LabelError::InvalidData {
            field: "barcode text",
            reason: format!("{c:?} cannot be put in a Code 128 (printable ASCII only)"),
        });
    }
    let hints = EncodeHints::default().with(EncodeHintValue::Code128Compact(true));
    let modules = Code128Writer
        .encode_oned_with_hints(data, &hints)
        .map_err(|e| LabelError::Barcode(e.to_string()))?;
    let codewords = code128_codewords(&modules)
        .ok_or_else(|| LabelError::Barcode("Code 128 encoder returned an unreadable pattern".into()))?;
    // rxing's minimal encoder may start in code set A for upper-case text ("LPN…"); set B holds
    // the same characters with the same values and is what every printer language programs as
    // plain text, so prefer it (same length, or shorter when a shift goes away).
    match prefer_set_b(&codewords) {
        Some(b) if b != codewords => {
            let modules = code128_modules(&b);
            Ok(Code128 {
                modules,
                codewords: b,
            })
        }
        _ => Ok(Code128 { modules, codewords }),
    }
}

/// The same symbol with every code set A stretch written in code set B, check character
/// recomputed; `None` when a stretch holds something only set A has (control characters, FNC4).
fn prefer_set_b(cw: &[u8]) -> Option<Vec<u8>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Set {
        A,
        B,
        C,
    }
    let (_, body) = cw.split_last()?;
    let (&start, data) = body.split_first()?;
    let mut set = match start {
        103 => Set::A,
        104 => Set::B,
        105 => Set::C,
        _ => return None,
    };
    let mut out = vec![if start == 105 { 105 } else { 104 }];
    let mut it = data.iter().copied();
    while let Some(v) = it.next() {
        match (set, v) {
            (Set::C, 0..=99 | 102) => out.push(v),
            (Set::C, 100) => {
                out.push(100);
                set = Set::B;
            }
            (Set::C, 101) => {
                out.push(100);
                set = Set::A;
            }
            (Set::A, 0..=63 | 96 | 97 | 102) | (Set::B, 0..=97 | 102) => out.push(v),
            (Set::A | Set::B, 99) => {
                out.push(99);
                set = Set::C;
            }
            // Already in B: the switch goes.
            (Set::A, 100) | (Set::B, 101) => set = if v == 100 { Set::B } else { Set::A },
            // A shift: the next character is written directly (in B if it is one of B's).
            (Set::A | Set::B, 98) => match it.next()? {
                n @ 0..=63 => out.push(n),
                n @ 64..=95 if set == Set::A => out.push(n),
                _ => return None,
            },
            _ => return None,
        }
    }
    let sum: usize = out
        .iter()
        .enumerate()
        .map(|(i, &v)| usize::from(v) * i.max(1))
        .sum();
    out.push(u8::try_from(sum % 103).ok()?);
    Some(out)
}

/// The modules of start, data and check characters plus the stop character.
fn code128_modules(codewords: &[u8]) -> Vec<bool> {
    let mut modules = Vec::with_capacity(codewords.len() * 11 + 13);
    let stop = [PATTERNS[106], "2"];
    let patterns = codewords
        .iter()
        .map(|&v| PATTERNS[usize::from(v).min(106)])
        .chain(stop);
    for p in patterns {
        for (i, w) in p.bytes().enumerate() {
            modules.extend(std::iter::repeat_n(i % 2 == 0, usize::from(w - b'0')));
        }
    }
    modules
}

/// The Code 128 symbol characters 0..=106 as their six bar/space widths (ISO/IEC 15417 table 1;
/// 106 is the stop character, whose final 2-module bar is handled apart).
const PATTERNS: [&str; 107] = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
    "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
    "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
    "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
    "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
    "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
    "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
    "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
    "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
    "114131", "311141", "411131", "211412", "211214", "211232", "233111",
];

/// Reads the symbol characters back from the modules (start, data, check; without the stop),
/// verifying the check character. Used to write the very same symbol in ZPL.
fn code128_codewords(modules: &[bool]) -> Option<Vec<u8>> {
    // 11 modules per character, 13 for the stop character.
    if modules.len() < 11 * 3 + 13 || !(modules.len() - 13).is_multiple_of(11) {
        return None;
    }
    let n = (modules.len() - 13) / 11;
    let mut out = Vec::with_capacity(n);
    for i in 0..=n {
        let chunk = &modules[i * 11..i * 11 + 11];
        let mut widths = String::with_capacity(6);
        let mut run = 1;
        for k in 1..chunk.len() {
            if chunk[k] == chunk[k - 1] {
                run += 1;
            } else {
                widths.push(char::from(b'0' + run));
                run = 1;
            }
        }
        widths.push(char::from(b'0' + run));
        let value = PATTERNS.iter().position(|p| *p == widths)?;
        out.push(u8::try_from(value).ok()?);
    }
    // The last one read is the stop character (without its final bar).
    if out.pop() != Some(106) {
        return None;
    }
    let (&check, body) = out.split_last()?;
    let sum: usize = body
        .iter()
        .enumerate()
        .map(|(i, &v)| usize::from(v) * i.max(1))
        .sum();
    (sum % 103 == usize::from(check)).then_some(out)
}

/// A square 2D symbol (GS1 DataMatrix or QR code): module matrix (true = dark), rows top to
/// bottom, without quiet zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub size: usize,
    pub dark: Vec<bool>,
    /// The GS1 element string in human-readable form, e.g. `(01)05901234123457(21)HP200-00017`.
    pub hri: String,
    /// The same without parentheses, as the DataMatrix carries it after FNC1 (no separator
    /// is needed: the serial is the last field).
    pub element_string: String,
}

impl Matrix {
    pub fn get(&self, x: usize, y: usize) -> bool {
        self.dark.get(y * self.size + x).copied().unwrap_or(false)
    }
}

/// Checks and normalises a GTIN (8, 12, 13 or 14 digits) to the 14 digits of AI (01).
pub fn gtin14(gtin: &str) -> Result<String, LabelError> {
    let g = gtin.trim();
    if !matches!(g.len(), 8 | 12 | 13 | 14) || !g.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LabelError::InvalidData {
            field: "GTIN",
            reason: format!("{g:?} is not 8, 12, 13 or 14 digits"),
        });
    }
    let padded = format!("{g:0>14}");
    let digits: Vec<u32> = padded.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = digits[..13]
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    let check = (10 - sum % 10) % 10;
    if check != digits[13] {
        return Err(LabelError::InvalidData {
            field: "GTIN",
            reason: format!("{g}: the check digit should be {check}"),
        });
    }
    Ok(padded)
}

/// Checks a serial for AI (21): 1 to 20 characters of GS1's character set 82.
pub fn check_serial(serial: &str) -> Result<(), LabelError> {
    const CSET82_PUNCT: &str = "!\"%&'()*+,-./:;<=>?_";
    let n = serial.chars().count();
    if n == 0 || n > 20 {
        return Err(LabelError::InvalidData {
            field: "serial",
            reason: format!("{n} characters; GS1 (21) takes 1 to 20"),
        });
    }
    if let Some(c) = serial
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || CSET82_PUNCT.contains(*c)))
    {
        return Err(LabelError::InvalidData {
            field: "serial",
            reason: format!("{c:?} is not allowed in a GS1 serial (21)"),
        });
    }
    Ok(())
}

/// Encodes (01) GTIN and, when given, (21) serial as a square GS1 DataMatrix (ECC 200).
pub fn gs1_datamatrix(gtin: &str, serial: Option<&str>) -> Result<Matrix, LabelError> {
    let gtin = gtin14(gtin)?;
    let mut element_string = format!("01{gtin}");
    let mut hri = format!("(01){gtin}");
    if let Some(s) = serial {
        check_serial(s)?;
        element_string.push_str("21");
        element_string.push_str(s);
        hri.push_str(&format!("(21){s}"));
    }
    let (size, dark) = datamatrix_ascii_gs1(&element_string)?;
    Ok(Matrix {
        size,
        dark,
        hri,
        element_string,
    })
}

/// ECC 200 square symbol for a GS1 element string, in ASCII encodation (ISO/IEC 16022 §5.2.3):
/// FNC1 (232) first, each pair of digits as one codeword (130 + nn), any other character as its
/// code + 1, then the pad codewords; rxing adds the Reed–Solomon codewords and places the modules.
/// A GS1 element string is mostly digits, for which ASCII is the densest encodation: the same
/// symbol as rxing's minimal encoder for digit serials, at most one size larger for a serial with
/// a long run of capitals (where C40 would pack three in two codewords). The minimal encoder
/// searched every mode on every label and was a sixth of a PDF label's time (a test compares).
fn datamatrix_ascii_gs1(element_string: &str) -> Result<(usize, Vec<bool>), LabelError> {
    use rxing::datamatrix::encoder::{error_correction, DefaultPlacement, SymbolInfoLookup};
    const FNC1: u8 = 232;
    const PAD: u8 = 129;
    let bad = |e: rxing::Exceptions| LabelError::Barcode(format!("DataMatrix: {e}"));
    let b = element_string.as_bytes();
    let mut cw = vec![FNC1];
    let mut i = 0;
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (d1 @ b'0'..=b'9', Some(&d2 @ b'0'..=b'9')) => {
                cw.push(130 + (d1 - b'0') * 10 + (d2 - b'0'));
                i += 2;
            }
            (c @ 0..=127, _) => {
                cw.push(c + 1);
                i += 1;
            }
            (c, _) => return Err(LabelError::Barcode(format!("DataMatrix: byte {c} is not ASCII"))),
        }
    }
    let lookup = SymbolInfoLookup::new();
    let info = lookup
        .lookup_with_codewords_shape_size_fail(
            cw.len() as u32,
            SymbolShapeHint::FORCE_SQUARE,
            &None,
            &None,
            true,
        )
        .map_err(bad)?
        .ok_or_else(|| LabelError::Barcode("DataMatrix: too much data".into()))?;
    let capacity = info.getDataCapacity() as usize;
    if cw.len() < capacity {
        cw.push(PAD);
    }
    while cw.len() < capacity {
        // The 253-state randomising of pad codewords, by 1-based position.
        let r = (149 * (cw.len() + 1)) % 253 + 1;
        let v = usize::from(PAD) + r;
        cw.push(if v <= 254 { v } else { v - 254 } as u8);
    }
    let data: String = cw.iter().map(|&c| char::from(c)).collect();
    let all = error_correction::encodeECC200(&data, info).map_err(bad)?;
    let data_w = info.getSymbolDataWidth().map_err(bad)? as usize;
    let data_h = info.getSymbolDataHeight().map_err(bad)? as usize;
    let size = info.getSymbolWidth().map_err(bad)? as usize;
    let mut placement = DefaultPlacement::new(all, data_w, data_h);
    placement.place().map_err(bad)?;
    // Data regions of `region` × `region` modules, each framed by its finder pattern: solid
    // left and bottom edges, alternating top and right edges.
    let regions = (size - data_w) / 2;
    let region = data_w / regions.max(1);
    let mut dark = vec![false; size * size];
    for y in 0..size {
        for x in 0..size {
            let (rx, ry) = (x % (region + 2), y % (region + 2));
            dark[y * size + x] = if ry == region + 1 || rx == 0 {
                true
            } else if ry == 0 {
                x % 2 == 0
            } else if rx == region + 1 {
                y % 2 == 1
            } else {
                let dx = (x / (region + 2)) * region + rx - 1;
                let dy = (y / (region + 2)) * region + ry - 1;
                placement.getBit(dx, dy)
            };
        }
    }
    Ok((size, dark))
}

/// The resolver of GS1 Digital Link URIs (GS1's own; a phone camera opens it).
pub const DIGITAL_LINK_BASE: &str = "https://id.gs1.org";

/// The unit as a GS1 Digital Link URI: `https://id.gs1.org/01/{GTIN-14}[/21/{serial}]`, the
/// serial percent-encoded (everything but letters, digits, `-`, `.` and `_`; GS1 Digital Link
/// 1.2, §4.7), so a URI never holds a character a printer language would act on.
pub fn gs1_digital_link(gtin: &str, serial: Option<&str>) -> Result<String, LabelError> {
    let mut uri = format!("{DIGITAL_LINK_BASE}/01/{}", gtin14(gtin)?);
    if let Some(s) = serial {
        check_serial(s)?;
        uri.push_str("/21/");
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') {
                uri.push(char::from(b));
            } else {
                uri.push_str(&format!("%{b:02X}"));
            }
        }
    }
    Ok(uri)
}

/// Quiet zone around a QR code, in modules (ISO/IEC 18004).
pub const QR_QUIET: usize = 4;

/// A QR code (error correction M, the smallest version that holds `text`) as a module matrix
/// without its quiet zone; `hri` and `element_string` both hold the text it carries.
pub fn qr_code(text: &str) -> Result<Matrix, LabelError> {
    if text.is_empty() || !text.is_ascii() {
        return Err(LabelError::InvalidData {
            field: "QR code text",
            reason: "printable ASCII only, not empty".into(),
        });
    }
    let qr = fast_qr::QRBuilder::new(text.as_bytes())
        .ecl(fast_qr::ECL::M)
        .build()
        .map_err(|e| LabelError::Barcode(format!("QR code: {e}")))?;
    let size = qr.size;
    let dark = qr
        .data
        .get(..size * size)
        .ok_or_else(|| LabelError::Barcode("QR code: no matrix".into()))?;
    Ok(Matrix {
        size,
        dark: dark.iter().map(|m| m.value()).collect(),
        hri: text.to_string(),
        element_string: text.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rxing::{BarcodeFormat, Writer};

    #[test]
    fn code128_picks_code_set_c_for_digits_and_b_for_colons() {
        let c = code128("LPN00100000016").expect("encodes");
        // Start B (104), L P N, then code C for the digits.
        assert_eq!(c.codewords[0], 104);
        assert!(
            c.codewords.contains(&99),
            "switches to code set C: {:?}",
            c.codewords
        );
        assert!(
            c.codewords.len() < 1 + 14 + 1,
            "shorter than all in B: {:?}",
            c.codewords
        );
        let cmd = code128("CMD:GRADE:A").expect("encodes");
        assert_eq!(cmd.codewords[0], 104);
        assert_eq!(cmd.codewords.len(), 1 + 11 + 1);
    }

    #[test]
    fn code128_modules_round_trip() {
        for text in ["LPN00100000016", "CMD:DEFECT:SCRATCH", "1234", "aB3:x", "A>B^C~"] {
            let c = code128(text).expect("encodes");
            assert_eq!(code128_modules(&c.codewords), c.modules, "{text}");
            assert_ne!(c.codewords[0], 103, "{text} starts in code set A");
        }
    }

    #[test]
    fn code128_refuses_what_it_cannot_carry() {
        assert!(code128("").is_err());
        assert!(code128("ŁÓDŹ").is_err());
        assert!(code128("a\tb").is_err());
    }

    #[test]
    fn gtin_check_digit_and_padding() {
        assert_eq!(gtin14("5901234123457").expect("valid"), "05901234123457");
        assert!(gtin14("5901234123458").is_err());
        assert!(gtin14("59012341234").is_err());
        assert!(check_serial("HP200-00017").is_ok());
        assert!(check_serial("ŁÓDŹ").is_err());
        assert!(check_serial("123456789012345678901").is_err());
    }

    #[test]
    fn digital_link_pads_the_gtin_and_escapes_the_serial() {
        assert_eq!(
            gs1_digital_link("5901234123457", Some("HP200/17+A&B")).expect("uri"),
            "https://id.gs1.org/01/05901234123457/21/HP200%2F17%2BA%26B"
        );
        assert_eq!(
            gs1_digital_link("5901234123457", None).expect("uri"),
            "https://id.gs1.org/01/05901234123457"
        );
        assert!(
            gs1_digital_link("5901234123458", None).is_err(),
            "bad check digit"
        );
    }

    #[test]
    fn qr_code_has_finder_patterns_and_grows_with_the_text() {
        let short = qr_code("https://id.gs1.org/01/05901234123457").expect("qr");
        assert_eq!(
            (short.size - 21) % 4,
            0,
            "a QR version is 21 + 4k modules: {}",
            short.size
        );
        // The 7×7 finder in three corners: dark ring, light ring, dark 3×3 core.
        for (ox, oy) in [(0, 0), (short.size - 7, 0), (0, short.size - 7)] {
            assert!((0..7).all(|i| short.get(ox + i, oy) && short.get(ox, oy + i)));
            assert!(!short.get(ox + 1, oy + 1) && short.get(ox + 3, oy + 3));
        }
        let long = qr_code(&format!(
            "https://id.gs1.org/01/05901234123457/21/{}",
            "X".repeat(20)
        ))
        .expect("qr");
        assert!(long.size > short.size);
        assert!(qr_code("Łódź").is_err());
    }

    /// rxing's own GS1 DataMatrix (its minimal encoder) for the same element string.
    fn rxing_gs1(element_string: &str) -> (usize, Vec<bool>) {
        let hints = EncodeHints::default()
            .with(EncodeHintValue::DataMatrixCompact(true))
            .with(EncodeHintValue::Gs1Format(true))
            .with(EncodeHintValue::DataMatrixShape(SymbolShapeHint::FORCE_SQUARE))
            .with(EncodeHintValue::Margin("0".into()));
        let bits = rxing::datamatrix::DataMatrixWriter
            .encode_with_hints(element_string, &BarcodeFormat::DATA_MATRIX, 0, 0, &hints)
            .expect("rxing encodes");
        let n = bits.width();
        let dark = (0..n)
            .flat_map(|y| (0..n).map(move |x| (x, y)))
            .map(|(x, y)| bits.get(x, y))
            .collect();
        (n as usize, dark)
    }

    #[test]
    fn datamatrix_matches_rxing_module_for_module_and_size_for_size() {
        // Digits only: both encode in ASCII, so the very same symbol.
        for serial in ["1", "12", "0001234567", "98765432109876543210"] {
            let ours = gs1_datamatrix("5901234123457", Some(serial)).expect("ours");
            let (size, dark) = rxing_gs1(&ours.element_string);
            assert_eq!((ours.size, &ours.dark), (size, &dark), "serial {serial}");
        }
        // Letters too: ASCII is never smaller than the minimal encoder's choice and, for a long
        // run of capitals (C40 packs three in two codewords), at most one symbol size larger.
        const SQUARE: [usize; 12] = [10, 12, 14, 16, 18, 20, 22, 24, 26, 32, 36, 40];
        let step = |n: usize| SQUARE.iter().position(|&s| s == n).expect("a square size");
        let mut seed = 7u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as usize
        };
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-./_abc";
        let mut larger = 0;
        for i in 0..300 {
            let len = 1 + next() % 20;
            let serial: String = (0..len)
                .map(|_| char::from(alphabet[next() % alphabet.len()]))
                .collect();
            let ours = gs1_datamatrix("5901234123457", Some(&serial)).expect("ours");
            let (size, _) = rxing_gs1(&ours.element_string);
            assert!(
                step(ours.size) <= step(size) + 1 && ours.size >= size,
                "#{i} serial {serial}: {} against rxing's {size}",
                ours.size
            );
            larger += usize::from(ours.size > size);
        }
        assert!(larger < 60, "{larger} of 300 one size larger");
        for serial in ["HP200-00017", "SN-1", "a/b.c_d-e", "X"] {
            let ours = gs1_datamatrix("5901234123457", Some(serial)).expect("ours");
            assert_eq!(ours.size, rxing_gs1(&ours.element_string).0, "serial {serial}");
        }
        let ours = gs1_datamatrix("5901234123457", None).expect("gtin only");
        assert_eq!((ours.size, ours.dark.clone()), rxing_gs1("0105901234123457"));
    }

    #[test]
    fn datamatrix_is_square_with_finder_pattern() {
        let m = gs1_datamatrix("5901234123457", Some("HP200-00017")).expect("encodes");
        assert!(m.size >= 12);
        // The L finder: left column and bottom row all dark.
        assert!((0..m.size).all(|y| m.get(0, y)));
        assert!((0..m.size).all(|x| m.get(x, m.size - 1)));
        assert_eq!(m.hri, "(01)05901234123457(21)HP200-00017");
    }
}
