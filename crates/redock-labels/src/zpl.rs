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
//! - QR code (`^BQ`, model 2, error correction M): the GS1 Digital Link URI, percent-encoded, so
//!   it holds no `^` or `~`.
//! - Text in plain ASCII: `^FB` blocks with the lines the layout wrapped (joined by `\&`) and
//!   its alignment, in the printer's font 0 (narrower than DejaVu Sans, so the lines fit). `^FH_`
//!   escapes `^`, `~`, `_`.
//! - Any other text (ą ș ø, Cyrillic): font 0 has no such letters on most printers, so the block
//!   is drawn from the embedded DejaVu font into a 1-bit `^GFA` graphic (compressed), reversed
//!   with `^FR` over a black band.

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
            Item::Qr(q) => {
                // Labelary and Zebrash, both modelled on Zebra firmware, print a `^FO`-placed QR
                // code lower by the `^BY` bar height in effect: set it to its minimum, 10 dots,
                // and start as much higher. Error correction M (in `^BQ` and in the field's
                // switches) and automatic input, as the layout encoded it.
                // `^BQ` magnifies 1–10 dots a module; a larger planned module (600 dpi) prints at
                // 10, centred where the layout put the symbol.
                let planned = dots(q.module).max(1);
                let module = planned.min(10);
                let inset = (planned - module) * q.matrix.size as u32 / 2;
                let _ = writeln!(
                    z,
                    "^BY2,3,10^FO{},{}^BQN,2,{module},M^FDMA,{}^FS",
                    dots(q.x) + inset,
                    (dots(q.y) + inset).saturating_sub(10),
                    q.matrix.element_string
                );
            }
            Item::Text(b) if printer_font_can_print(b) => text(&mut z, b, d, font),
            Item::Text(b) => text_graphic(&mut z, b, d)?,
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

/// The printers' resident font 0 is sure to have printable ASCII and nothing more: Polish,
/// Romanian and Cyrillic letters print as boxes (and Latin-1 depends on the firmware).
fn printer_font_can_print(b: &TextBlock) -> bool {
    b.lines
        .iter()
        .all(|l| l.text.chars().all(|c| c == ' ' || c.is_ascii_graphic()))
}

/// A text block the printer's font cannot print, as a 1-bit graphic (`^GFA`) of the block's
/// box: the same DejaVu glyphs as the PDF, at the printer's dots, so what is read on the dock is
/// what the layout measured. White-on-black blocks are reversed over their fill (`^FR`).
fn text_graphic(z: &mut String, b: &TextBlock, d: f32) -> Result<(), LabelError> {
    let x = (b.area.x * d).round().max(0.0);
    let y = (b.area.y * d).round().max(0.0);
    let w = (b.area.w * d).round().max(1.0) as u32;
    let h = (b.area.h * d).round().max(1.0) as u32;
    let img = crate::png::text_bitmap(b, (x / d, y / d), d, w, h)?;
    let row_bytes = w.div_ceil(8) as usize;
    let mut rows = Vec::with_capacity(h as usize);
    for row in img.rows() {
        let mut bits = vec![0u8; row_bytes];
        for (i, p) in row.enumerate() {
            if p.0[0] < 128 {
                bits[i / 8] |= 0x80 >> (i % 8);
            }
        }
        rows.push(bits);
    }
    // Blank rows above and below the letters are not sent; the rest goes in strips, as `^GF`
    // takes at most 99,999 bytes a field (a disposition band at 600 dpi is ~170 KB).
    let ink = |r: &Vec<u8>| r.iter().any(|&b| b != 0);
    let (Some(top), Some(bottom)) = (rows.iter().position(ink), rows.iter().rposition(ink)) else {
        return Ok(());
    };
    let reverse = if b.inverse { "^FR" } else { "" };
    let per_strip = (GF_MAX_BYTES / row_bytes).max(1);
    for (i, strip) in rows[top..=bottom].chunks(per_strip).enumerate() {
        let total = row_bytes * strip.len();
        let _ = writeln!(
            z,
            "^FO{},{}{reverse}^GFA,{total},{total},{row_bytes},{}^FS",
            x as u32,
            y as usize + top + i * per_strip,
            compress_rows(strip)
        );
    }
    Ok(())
}

/// The largest `^GF` field, in bytes of the uncompressed bitmap (ZPL II manual: 1–99999).
const GF_MAX_BYTES: usize = 99_999;

/// Rows of a 1-bit image as `^GF` ASCII hex with the ZPL II compression scheme: a run of one
/// hex digit is prefixed with its count (`G`–`Y` = 1–19, `g`–`z` = 20–400), `,` ends a row
/// with zeros and `:` repeats the row above.
fn compress_rows(rows: &[Vec<u8>]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::new();
    let mut prev: Option<&Vec<u8>> = None;
    let mut hex = Vec::new();
    for row in rows {
        if prev == Some(row) {
            out.push(':');
            continue;
        }
        prev = Some(row);
        hex.clear();
        for byte in row {
            hex.push(HEX[usize::from(byte >> 4)]);
            hex.push(HEX[usize::from(byte & 0xF)]);
        }
        let end = hex.iter().rposition(|&c| c != b'0').map_or(0, |i| i + 1);
        let mut i = 0;
        while i < end {
            let c = hex[i];
            let run = hex[i..end].iter().take_while(|&&h| h == c).count();
            push_count(&mut out, run);
            out.push(char::from(c));
            i += run;
        }
        if end < hex.len() {
            out.push(',');
        }
    }
    out
}

fn push_count(out: &mut String, mut n: usize) {
    while n >= 400 {
        out.push('z');
        n -= 400;
    }
    if n >= 20 {
        out.push(char::from(b'g' + (n / 20 - 1) as u8));
        n %= 20;
    }
    if n > 1 || (n == 1 && out.ends_with(|c: char| c.is_ascii_lowercase())) {
        out.push(char::from(b'G' + (n - 1) as u8));
    }
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

    /// The ZPL II manual's decompression, written independently of the encoder.
    fn decompress(data: &str, row_bytes: usize) -> Vec<Vec<u8>> {
        let row_hex = row_bytes * 2;
        let mut rows: Vec<String> = Vec::new();
        let mut line = String::new();
        let mut count = 0usize;
        for c in data.chars() {
            match c {
                'G'..='Y' => count += c as usize - 'G' as usize + 1,
                'g'..='z' => count += (c as usize - 'g' as usize + 1) * 20,
                ',' => {
                    while line.len() < row_hex {
                        line.push('0');
                    }
                }
                ':' => line = rows.last().expect("a row above").clone(),
                c => {
                    for _ in 0..count.max(1) {
                        line.push(c);
                    }
                    count = 0;
                }
            }
            if line.len() >= row_hex {
                assert_eq!(line.len(), row_hex, "a run crosses the row end");
                rows.push(std::mem::take(&mut line));
            }
        }
        assert!(line.is_empty(), "data ends inside a row");
        rows.iter()
            .map(|r| {
                (0..row_bytes)
                    .map(|i| u8::from_str_radix(&r[2 * i..2 * i + 2], 16).expect("hex"))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn graphic_compression_round_trips() {
        let rows = vec![
            vec![0u8; 60],
            vec![0u8; 60],
            (0..60)
                .map(|i| if i < 30 { 0xFF } else { 0 })
                .collect::<Vec<u8>>(),
            (0..60)
                .map(|i| if i < 30 { 0xFF } else { 0 })
                .collect::<Vec<u8>>(),
            vec![0xFF; 60],
            (0..60).map(|i| (i * 37 % 256) as u8).collect::<Vec<u8>>(),
            (0..60)
                .map(|i| if i % 7 == 0 { 0x80 } else { 0 })
                .collect::<Vec<u8>>(),
            vec![0xAB; 60],
        ];
        let packed = compress_rows(&rows);
        assert!(packed.len() < 60 * 2 * rows.len() / 3, "compressed: {packed}");
        assert_eq!(decompress(&packed, 60), rows);
        // Long runs: more than 400 digits.
        let wide = vec![vec![0xFFu8; 450], vec![0x0Fu8; 450]];
        assert_eq!(decompress(&compress_rows(&wide), 450), wide);
        for n in 1..=900 {
            let mut s = String::new();
            push_count(&mut s, n);
            s.push('A');
            assert_eq!(
                decompress(&format!("{s},"), n.div_ceil(2) + 1)[0][..n / 2],
                vec![0xAA; n / 2][..],
                "run {n}"
            );
        }
    }

    fn unit(disposition: &str, title: Option<&str>) -> crate::LabelData {
        crate::LabelData {
            lpn: "LPN00100000016".into(),
            gtin: Some("5901234123457".into()),
            serial: Some("SN-1".into()),
            grade: "A".into(),
            disposition: disposition.into(),
            destination: "TOTE-07".into(),
            date: "2025-06-01".into(),
            station: "ST-001".into(),
            title: title.map(Into::into),
        }
    }

    #[test]
    fn text_the_printer_font_lacks_becomes_a_graphic() {
        let t = crate::Template::builtin("4x6in").expect("template");
        let data = unit("restock", Some("Наушники HP200"));
        let caps = crate::captions("ru", "restock");
        let zpl = String::from_utf8(crate::render(&t, &data, &caps, crate::Format::ZPL_203).expect("zpl"))
            .expect("utf8");
        for field in zpl.split("^FS") {
            if let Some((_, fd)) = field.split_once("^FD") {
                assert!(fd.is_ascii(), "a printer-font field holds {fd:?}");
            }
        }
        assert!(zpl.contains("^FR^GFA,"), "the inverse disposition band: {zpl}");
        assert!(zpl.contains("^FD>:LPN"), "LPN stays a barcode");
        assert!(zpl.contains("TOTE-07"), "ASCII text stays printer text");
    }

    /// At 600 dpi a disposition band in Cyrillic is ~170 KB of bitmap: it goes in strips of at
    /// most 99,999 bytes that stack without gaps; the QR code prints at `^BQ`'s largest
    /// magnification, centred where the layout put it.
    #[test]
    fn six_hundred_dpi_stays_within_zpl_limits() {
        let t = crate::Template::builtin("4x6in").expect("template");
        let data = unit("rtv", None);
        let caps = crate::captions("ru", "rtv");
        let zpl =
            String::from_utf8(crate::render(&t, &data, &caps, crate::Format::Zpl { dpi: 600 }).expect("zpl"))
                .expect("utf8");
        let strips: Vec<(usize, usize, usize)> = zpl
            .lines()
            .filter(|l| l.contains("^FR^GFA,"))
            .map(|l| {
                let origin = l.strip_prefix("^FO").expect("^FO first");
                let y: usize = origin.split(['^', ',']).nth(1).expect("y").parse().expect("y");
                let f: Vec<&str> = l.split("^GFA,").nth(1).expect("gf").splitn(4, ',').collect();
                let (total, per_row): (usize, usize) = (f[0].parse().expect("b"), f[2].parse().expect("row"));
                assert_eq!(f[1].parse::<usize>().expect("c"), total);
                assert!(total <= 99_999, "{total} bytes in one ^GF");
                let rows = decompress(f[3].trim_end_matches("^FS"), per_row);
                assert_eq!(rows.len() * per_row, total);
                (y, rows.len(), total)
            })
            .collect();
        assert!(strips.len() >= 2, "{strips:?}");
        for w in strips.windows(2) {
            assert_eq!(w[1].0, w[0].0 + w[0].1, "strips stack without a gap: {strips:?}");
        }
        let l = crate::layout(&t, &data, &caps, 24.0).expect("layout");
        let Some(crate::layout::Item::Qr(q)) =
            l.items.iter().find(|i| matches!(i, crate::layout::Item::Qr(_)))
        else {
            panic!("no QR code");
        };
        let planned = (q.module * 24.0).round() as u32;
        assert!(planned > 10, "the layout plans {planned} dots a module");
        let qr = zpl.lines().find(|l| l.contains("^BQN,2,")).expect("^BQ");
        assert!(qr.contains("^BQN,2,10,M"), "{qr}");
        let x = (q.x * 24.0).round() as u32 + (planned - 10) * q.matrix.size as u32 / 2;
        assert!(qr.contains(&format!("^FO{x},")), "{qr}: centred at x {x}");
    }

    #[test]
    fn text_escapes() {
        assert_eq!(escape_text("a_b^c~d\\e"), "a_5Fb_5Ec_7Ed\\\\e");
    }
}
