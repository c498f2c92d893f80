//! ZPL II for Zebra-compatible thermal printers, from the same layout as the PDF.
//!
//! - `^CI28`: field data is UTF-8 (Polish, Romanian, Norwegian and Cyrillic letters as they are).
//! - Code 128 (`^BC`, mode N) gets the very symbol characters our encoder chose, written with
//!   ZPL's invocation codes (`>:` start B, `>;` start C, `>5`/`>6` switch to C/B, …), so the
//!   printed barcode has exactly the width the layout planned for.
//! - GS1 DataMatrix (`^BX` quality 200) with the escape character set explicitly to `_` (its
//!   default differs between firmware versions): `_1` is FNC1 — in first position it marks the
//!   symbol as GS1, elsewhere it is the GS separator after a variable-length field — and a
//!   literal `_` is written `__`. `^FH` is not used on this field, so nothing is unescaped twice.
//! - Text: `^FB` blocks with the lines the layout wrapped (joined by `\&`) and its alignment; the
//!   printer's font is narrower than DejaVu Sans, so the lines fit. `^FH_` escapes `^`, `~`, `_`.

use crate::error::LabelError;
use crate::layout::{Code128Item, Item, Layout, TextBlock};
use crate::template::Align;
use std::fmt::Write;

/// Dots per millimetre of the printer resolutions ZPL printers come in.
pub(crate) fn dots_per_mm(dpi: u32) -> Result<u8, LabelError> {
    match dpi {
        203 => Ok(8),
        300 => Ok(12),
        600 => Ok(24),
        other => Err(LabelError::BadDpi(other)),
    }
}

pub(crate) fn render(l: &Layout, dpi: u32, font: &str) -> Result<String, LabelError> {
    let d = f32::from(dots_per_mm(dpi)?);
    let dots = |mm: f32| (mm * d).round().max(0.0) as u32;
    let mut z = String::with_capacity(2048);
    // Writing to a String cannot fail.
    let _ = write!(
        z,
        "^XA\n^CI28\n^PW{}\n^LL{}\n^LH0,0\n",
        dots(l.width_mm),
        dots(l.height_mm)
    );
    for item in &l.items {
        match item {
            Item::Fill(r) => {
                let (w, h) = (dots(r.w).max(1), dots(r.h).max(1));
                let _ = writeln!(z, "^FO{},{}^GB{w},{h},{},B,0^FS", dots(r.x), dots(r.y), w.min(h));
            }
            Item::Code128(c) => {
                let data = code128_field(c)?;
                let (module, h) = (dots(c.module).max(1), dots(c.height).max(1));
                let _ = writeln!(
                    z,
                    "^FO{},{}^BY{module},3,{h}^BCN,{h},N,N,N,N^FD{data}^FS",
                    dots(c.x),
                    dots(c.y)
                );
            }
            Item::DataMatrix(m) => {
                let data = m.matrix.element_string.replace('_', "__");
                let _ = writeln!(
                    z,
                    "^FO{},{}^BXN,{},200,,,,_^FD_1{data}^FS",
                    dots(m.x),
                    dots(m.y),
                    dots(m.module).max(1)
                );
            }
            Item::Text(b) => text(&mut z, b, d, font),
        }
    }
    z.push_str("^PQ1\n^XZ\n");
    Ok(z)
}

fn text(z: &mut String, b: &TextBlock, d: f32, font: &str) {
    let Some(first) = b.lines.first() else { return };
    let dots = |mm: f32| (mm * d).round().max(0.0) as u32;
    let em = dots(b.size_pt * 25.4 / 72.0).max(10);
    let line = dots(first.h).max(em);
    let font_cmd = if font.len() == 1 {
        format!("^A{font}N,{em},{em}")
    } else {
        format!("^A@N,{em},{em},{font}")
    };
    let just = match b.align {
        Align::Left => 'L',
        Align::Center => 'C',
        Align::Right => 'R',
    };
    let body = b
        .lines
        .iter()
        .map(|l| escape_text(&l.text))
        .collect::<Vec<_>>()
        .join("\\&");
    let reverse = if b.inverse { "^FR" } else { "" };
    let _ = writeln!(
        z,
        "^FO{},{}{font_cmd}^FB{},{},{},{just},0{reverse}^FH_^FD{body}^FS",
        dots(b.area.x),
        dots(first.y),
        dots(b.area.w).max(1),
        b.lines.len(),
        line as i64 - em as i64,
    );
}

/// Text for a `^FH_` `^FB` field: the characters ZPL would take as commands or escapes are
/// written as hex, a backslash as `\\`.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '_' => out.push_str("_5F"),
            '^' => out.push_str("_5E"),
            '~' => out.push_str("_7E"),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The `^BC` field data for exactly the symbol characters in `c` (ZPL computes the check
/// character itself).
pub(crate) fn code128_field(c: &Code128Item) -> Result<String, LabelError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Set {
        A,
        B,
        C,
    }
    let cw = &c.code.codewords;
    let (Some(&start), Some((_, body))) = (cw.first(), cw.split_last()) else {
        return Err(LabelError::Barcode("empty Code 128".into()));
    };
    let mut out = String::new();
    let mut set = match start {
        103 => Set::A,
        104 => Set::B,
        105 => Set::C,
        other => return Err(LabelError::Barcode(format!("Code 128 starts with {other}"))),
    };
    out.push_str(match set {
        Set::A => ">9",
        Set::B => ">:",
        Set::C => ">;",
    });
    let mut shifted = false;
    for &v in &body[1..] {
        let cur = if shifted {
            match set {
                Set::A => Set::B,
                Set::B => Set::A,
                Set::C => Set::C,
            }
        } else {
            set
        };
        shifted = false;
        match (cur, v) {
            (Set::C, 0..=99) => {
                let _ = write!(out, "{v:02}");
            }
            (Set::C, 100) => {
                out.push_str(">6");
                set = Set::B;
            }
            (Set::C, 101) => {
                out.push_str(">7");
                set = Set::A;
            }
            (Set::A | Set::B, 30) => out.push_str(">0"),
            (Set::A | Set::B, 62) => out.push_str("><"),
            (Set::B, 94) => out.push_str(">="),
            (Set::B, 0..=95) => out.push(char::from(v + 32)),
            // ZPL programs subset A as digit pairs, like subset C.
            (Set::A, 0..=95) => {
                let _ = write!(out, "{v:02}");
            }
            (Set::A | Set::B, 96) => out.push_str(">2"),
            (Set::A | Set::B, 97) => out.push_str(">3"),
            (Set::A | Set::B, 98) => {
                out.push_str(">4");
                shifted = true;
            }
            (Set::A | Set::B, 99) => {
                out.push_str(">5");
                set = Set::C;
            }
            (Set::A, 100) => {
                out.push_str(">6");
                set = Set::B;
            }
            (Set::B, 100) => out.push_str(">6"),
            (Set::B, 101) => {
                out.push_str(">7");
                set = Set::A;
            }
            (Set::A, 101) => out.push_str(">7"),
            (_, 102) => out.push_str(">8"),
            (_, other) => {
                return Err(LabelError::Barcode(format!(
                    "Code 128 value {other} inside the data"
                )))
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::barcode::code128;

    fn field(data: &str) -> String {
        let code = code128(data).expect("encodes");
        let item = Code128Item {
            data: data.into(),
            x: 0.0,
            y: 0.0,
            module: 0.25,
            height: 10.0,
            code,
        };
        code128_field(&item).expect("ZPL field")
    }

    #[test]
    fn code128_invocation_codes() {
        assert_eq!(field("CMD:PASS"), ">:CMD:PASS");
        // LPN: letters in B, then the even run of digits in C.
        let f = field("LPN00100000016");
        assert!(f.starts_with(">:LPN"), "{f}");
        assert!(f.contains(">5"), "{f}");
        assert_eq!(field("12345678"), ">;12345678");
        assert_eq!(field("A>B^C~"), ">:A>0B><C>=");
    }

    #[test]
    fn text_escapes() {
        assert_eq!(escape_text("a_b^c~d\\e"), "a_5Fb_5Ec_7Ed\\\\e");
    }
}
