//! One layout for every format: where each bar, module and line of text goes, in millimetres from
//! the label's top-left corner. Barcode modules are whole dots of the output's grid (the printer's
//! dots for ZPL, pixels for PNG, 1/203 in for PDF), so bars come out crisp and exact.

use crate::barcode::{self, Code128, Matrix, CODE128_QUIET, QR_QUIET};
use crate::error::LabelError;
use crate::fonts::{self, Faces};
use crate::template::{Align, BarcodeBox, MatrixBox, QrBox, RectMm, Template, TextBox, VAlign};
use crate::{Captions, LabelData};

/// A laid-out label (or page).
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width_mm: f32,
    pub height_mm: f32,
    /// Nothing is drawn outside this rectangle.
    pub printable: RectMm,
    pub items: Vec<Item>,
    /// Elements whose text did not fit even at the minimum size and was cut with "…".
    pub truncated: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A filled black rectangle (the background of inverse text).
    Fill(RectMm),
    Code128(Code128Item),
    DataMatrix(MatrixItem),
    /// A QR code (the unit's GS1 Digital Link URI); `x`, `y` is its top-left module.
    Qr(MatrixItem),
    Text(TextBlock),
}

/// A Code 128 placed on the label: `x`, `y` is the top-left of the first bar (the quiet zones lie
/// left and right of it, inside the element's box).
#[derive(Debug, Clone, PartialEq)]
pub struct Code128Item {
    pub data: String,
    pub x: f32,
    pub y: f32,
    pub module: f32,
    pub height: f32,
    pub code: Code128,
}

impl Code128Item {
    /// The bars as rectangles.
    pub fn bars(&self) -> Vec<RectMm> {
        runs(&self.code.modules)
            .map(|(start, len)| RectMm {
                x: self.x + start as f32 * self.module,
                y: self.y,
                w: len as f32 * self.module,
                h: self.height,
            })
            .collect()
    }
    pub fn width(&self) -> f32 {
        self.code.modules.len() as f32 * self.module
    }
}

/// A DataMatrix placed on the label: `x`, `y` is its top-left module (the one-module quiet zone
/// lies around it, inside the element's box).
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixItem {
    pub x: f32,
    pub y: f32,
    pub module: f32,
    pub matrix: Matrix,
}

impl MatrixItem {
    /// The dark modules as rectangles: horizontal runs, and a run that repeats exactly in the
    /// rows below grown down over them (a third fewer rectangles for a QR code or DataMatrix,
    /// so smaller and faster PDFs).
    pub fn rects(&self) -> Vec<RectMm> {
        let n = self.matrix.size;
        // (start, len, first row, rows) of the runs still growing down.
        let mut open: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut next = Vec::new();
        let mut out = Vec::new();
        let mut row = vec![false; n];
        let emit = |out: &mut Vec<RectMm>, (start, len, top, rows): (usize, usize, usize, usize)| {
            out.push(RectMm {
                x: self.x + start as f32 * self.module,
                y: self.y + top as f32 * self.module,
                w: len as f32 * self.module,
                h: rows as f32 * self.module,
            })
        };
        for y in 0..=n {
            for (x, cell) in row.iter_mut().enumerate() {
                *cell = y < n && self.matrix.get(x, y);
            }
            next.clear();
            let mut above = open.iter().peekable();
            for (start, len) in runs(&row) {
                // Runs above that end before this one starts are finished.
                while let Some(&&r) = above.peek() {
                    if r.0 + r.1 > start || (r.0, r.1) == (start, len) {
                        break;
                    }
                    emit(&mut out, r);
                    above.next();
                }
                match above.peek() {
                    Some(&&r) if (r.0, r.1) == (start, len) => {
                        next.push((start, len, r.2, r.3 + 1));
                        above.next();
                    }
                    _ => next.push((start, len, y, 1)),
                }
            }
            for &r in above {
                emit(&mut out, r);
            }
            std::mem::swap(&mut open, &mut next);
        }
        out
    }
    pub fn side(&self) -> f32 {
        self.matrix.size as f32 * self.module
    }
}

/// Runs of `true`: (start, length).
fn runs(v: &[bool]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < v.len() && !v[i] {
            i += 1;
        }
        if i >= v.len() {
            return None;
        }
        let start = i;
        while i < v.len() && v[i] {
            i += 1;
        }
        Some((start, i - start))
    })
}

/// Lines of text in one box, all of one size and weight.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBlock {
    pub element: String,
    /// The box the lines were fitted into.
    pub area: RectMm,
    pub size_pt: f32,
    pub bold: bool,
    pub align: Align,
    /// White on black.
    pub inverse: bool,
    pub lines: Vec<TextLine>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub text: String,
    /// Left end of the line's advance box and its top (ascent line).
    pub x: f32,
    pub y: f32,
    pub baseline: f32,
    /// Advance width and line height (ascent + descent).
    pub w: f32,
    pub h: f32,
}

impl TextLine {
    pub fn rect(&self) -> RectMm {
        RectMm {
            x: self.x,
            y: self.y,
            w: self.w,
            h: self.h,
        }
    }
}

impl Layout {
    /// Every text line's box, with its element's name.
    pub fn text_boxes(&self) -> Vec<(String, RectMm)> {
        let mut v = Vec::new();
        for item in &self.items {
            if let Item::Text(b) = item {
                for l in &b.lines {
                    v.push((b.element.clone(), l.rect()));
                }
            }
        }
        v
    }

    /// Everything that puts ink on the label, as rectangles (text as its line boxes, barcodes
    /// with their quiet zones).
    pub fn ink_boxes(&self) -> Vec<RectMm> {
        let mut v = Vec::new();
        for item in &self.items {
            match item {
                Item::Fill(r) => v.push(*r),
                Item::Code128(c) => v.push(RectMm {
                    x: c.x - CODE128_QUIET as f32 * c.module,
                    y: c.y,
                    w: c.width() + 2.0 * CODE128_QUIET as f32 * c.module,
                    h: c.height,
                }),
                Item::DataMatrix(m) => v.push(RectMm {
                    x: m.x - m.module,
                    y: m.y - m.module,
                    w: m.side() + 2.0 * m.module,
                    h: m.side() + 2.0 * m.module,
                }),
                Item::Qr(m) => {
                    let quiet = QR_QUIET as f32 * m.module;
                    v.push(RectMm {
                        x: m.x - quiet,
                        y: m.y - quiet,
                        w: m.side() + 2.0 * quiet,
                        h: m.side() + 2.0 * quiet,
                    })
                }
                Item::Text(b) => v.extend(b.lines.iter().map(|l| l.rect())),
            }
        }
        v
    }
}

pub(crate) fn faces() -> Result<&'static Faces, LabelError> {
    fonts::faces().ok_or_else(|| LabelError::Font("the embedded DejaVu fonts could not be read".into()))
}

/// Lays out a unit label. `grid_dpmm` is the output's dots per millimetre.
pub fn layout(
    t: &Template,
    data: &LabelData,
    captions: &Captions,
    grid_dpmm: f32,
) -> Result<Layout, LabelError> {
    let faces = faces()?;
    let e = &t.elements;
    let mut out = Layout {
        width_mm: t.width_mm,
        height_mm: t.height_mm,
        printable: t.printable(),
        items: Vec::new(),
        truncated: Vec::new(),
    };
    let lpn = data.lpn.trim();
    if lpn.is_empty() {
        return Err(LabelError::InvalidData {
            field: "LPN",
            reason: "empty".into(),
        });
    }
    place_code128(&mut out, faces, "lpn", lpn, &e.lpn, t.min_font_pt, grid_dpmm)?;

    // Check the GS1 data even when this template has no DataMatrix: bad data is refused alike.
    let gtin = data.gtin.as_deref().filter(|g| !g.trim().is_empty());
    let serial = data.serial.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let matrix = gtin.map(|g| barcode::gs1_datamatrix(g, serial)).transpose()?;
    if let (Some(g), Some(b)) = (gtin, &e.qr) {
        let qr = barcode::qr_code(&barcode::gs1_digital_link(g, serial)?)?;
        place_qr(&mut out, qr, b, grid_dpmm)?;
    }
    if let (Some(m), Some(b)) = (matrix, &e.datamatrix) {
        place_matrix(&mut out, faces, m, b, t.min_font_pt, grid_dpmm)?;
    }

    let disposition = captions.disposition.to_uppercase();
    text_element(
        &mut out,
        faces,
        "disposition",
        None,
        &disposition,
        &e.disposition,
        t.min_font_pt,
    );
    let fields: [(&str, &Option<TextBox>, &str, &str); 5] = [
        ("grade", &e.grade, &captions.grade, &data.grade),
        (
            "destination",
            &e.destination,
            &captions.destination,
            &data.destination,
        ),
        ("date", &e.date, &captions.date, &data.date),
        ("station", &e.station, &captions.station, &data.station),
        ("title", &e.title, "", data.title.as_deref().unwrap_or("")),
    ];
    for (name, b, caption, value) in fields {
        if let Some(b) = b {
            if value.trim().is_empty() && name == "title" {
                continue;
            }
            let caption = b.caption_pt.map(|pt| (caption, pt));
            text_element(&mut out, faces, name, caption, value, b, t.min_font_pt);
        }
    }
    Ok(out)
}

/// Snaps a module width to whole dots: the largest that is at most `fit` (and `max`), but never
/// below `min`; `None` when even `min` (rounded up to a dot) is wider than `fit`.
pub(crate) fn snap_module(fit: f32, min: f32, max: f32, grid: f32) -> Option<f32> {
    let want = fit.min(max);
    let mut dots = (want * grid + 1e-3).floor();
    if dots / grid < min - 1e-4 {
        dots = (min * grid - 1e-3).ceil();
    }
    let dots = dots.max(1.0);
    (dots / grid <= fit + 1e-4).then_some(dots / grid)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn place_code128(
    out: &mut Layout,
    faces: &Faces,
    element: &str,
    data: &str,
    b: &BarcodeBox,
    min_font_pt: f32,
    grid: f32,
) -> Result<(), LabelError> {
    let code = barcode::code128(data)?;
    let total = (code.modules.len() + 2 * CODE128_QUIET) as f32;
    let module = snap_module(b.w / total, b.min_module_mm, b.max_module_mm, grid).ok_or_else(|| {
        LabelError::BarcodeDoesNotFit {
            what: format!("{element} {data:?}"),
            needed_mm: total * b.min_module_mm,
            available_mm: b.w,
        }
    })?;
    // Text under the bars, then the bars in the rest of the box (0.5 mm apart).
    let face = &faces.regular;
    let fitted = fonts::fit(face, data, b.w, face.line_mm(b.text_pt), b.text_pt, min_font_pt);
    let text_h = face.line_mm(fitted.size_pt);
    let bar_h = b.h - text_h - 0.5;
    let width = code.modules.len() as f32 * module;
    let x = b.x + (b.w - width) / 2.0;
    out.items.push(Item::Code128(Code128Item {
        data: data.to_string(),
        x,
        y: b.y,
        module,
        height: bar_h,
        code,
    }));
    let area = RectMm {
        x: b.x,
        y: b.y + b.h - text_h,
        w: b.w,
        h: text_h,
    };
    push_block(
        out,
        face,
        element,
        area,
        fitted,
        false,
        Align::Center,
        VAlign::Top,
        false,
    );
    Ok(())
}

fn place_matrix(
    out: &mut Layout,
    faces: &Faces,
    matrix: Matrix,
    b: &MatrixBox,
    min_font_pt: f32,
    grid: f32,
) -> Result<(), LabelError> {
    let face = &faces.regular;
    let hri_h = b.hri_pt.map(|pt| 2.0 * face.line_mm(pt)).unwrap_or(0.0);
    let avail = b.w.min(b.h - hri_h).min(b.h);
    let cells = (matrix.size + 2) as f32;
    let module = snap_module(avail / cells, b.min_module_mm, b.max_module_mm, grid).ok_or_else(|| {
        LabelError::BarcodeDoesNotFit {
            what: "the GS1 DataMatrix".into(),
            needed_mm: cells * b.min_module_mm,
            available_mm: avail,
        }
    })?;
    let side = matrix.size as f32 * module;
    let hri = matrix.hri.replace("(21)", " (21)");
    out.items.push(Item::DataMatrix(MatrixItem {
        x: b.x + module,
        y: b.y + module,
        module,
        matrix,
    }));
    if let Some(pt) = b.hri_pt {
        let top = b.y + side + 2.0 * module;
        let area = RectMm {
            x: b.x,
            y: top,
            w: b.w,
            h: b.y + b.h - top,
        };
        if area.h > 0.0 {
            let fitted = fonts::fit(face, &hri, area.w, area.h, pt, min_font_pt.min(pt));
            push_block(
                out,
                face,
                "datamatrix",
                area,
                fitted,
                false,
                Align::Left,
                VAlign::Top,
                false,
            );
        }
    }
    Ok(())
}

/// The QR code centred in its box, on the output's dot grid, quiet zone inside the box.
fn place_qr(out: &mut Layout, qr: Matrix, b: &QrBox, grid: f32) -> Result<(), LabelError> {
    let cells = (qr.size + 2 * QR_QUIET) as f32;
    let avail = b.w.min(b.h);
    let module = snap_module(avail / cells, b.min_module_mm, b.max_module_mm, grid).ok_or_else(|| {
        LabelError::BarcodeDoesNotFit {
            what: "the QR code".into(),
            needed_mm: cells * b.min_module_mm,
            available_mm: avail,
        }
    })?;
    let side = qr.size as f32 * module;
    let snap = |mm: f32| (mm * grid).round() / grid;
    out.items.push(Item::Qr(MatrixItem {
        x: snap(b.x + (b.w - side) / 2.0),
        y: snap(b.y + (b.h - side) / 2.0),
        module,
        matrix: qr,
    }));
    Ok(())
}

/// A text element: optional caption line, then the value fitted into the rest of the box.
pub(crate) fn text_element(
    out: &mut Layout,
    faces: &Faces,
    element: &str,
    caption: Option<(&str, f32)>,
    value: &str,
    b: &TextBox,
    min_font_pt: f32,
) {
    let mut area = b.rect();
    if b.inverse {
        out.items.push(Item::Fill(area));
        // Keep the letters off the edges of the black box.
        let pad = (area.h * 0.06).min(1.5);
        area = RectMm {
            x: area.x + pad,
            y: area.y,
            w: area.w - 2.0 * pad,
            h: area.h,
        };
    }
    if let Some((caption, pt)) = caption {
        let face = &faces.regular;
        let h = face.line_mm(pt);
        let fitted = fonts::fit(face, caption, area.w, h, pt, min_font_pt.min(pt));
        let cap_area = RectMm {
            x: area.x,
            y: area.y,
            w: area.w,
            h,
        };
        push_block(
            out,
            face,
            element,
            cap_area,
            fitted,
            false,
            b.align,
            VAlign::Top,
            b.inverse,
        );
        area = RectMm {
            x: area.x,
            y: area.y + h,
            w: area.w,
            h: area.h - h,
        };
    }
    let face = faces.get(b.bold);
    let fitted = fonts::fit(face, value, area.w, area.h, b.font_pt, min_font_pt);
    push_block(
        out, face, element, area, fitted, b.bold, b.align, b.valign, b.inverse,
    );
}

#[allow(clippy::too_many_arguments)]
fn push_block(
    out: &mut Layout,
    face: &fonts::Face,
    element: &str,
    area: RectMm,
    fitted: fonts::Fitted,
    bold: bool,
    align: Align,
    valign: VAlign,
    inverse: bool,
) {
    if fitted.truncated {
        out.truncated.push(element.to_string());
    }
    let s = fitted.size_pt;
    let line_h = face.line_mm(s);
    let block_h = line_h * fitted.lines.len() as f32;
    let top = match valign {
        VAlign::Top => area.y,
        VAlign::Middle => area.y + ((area.h - block_h) / 2.0).max(0.0),
    };
    let lines = fitted
        .lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let w = face.width_mm(&text, s);
            let x = match align {
                Align::Left => area.x,
                Align::Center => area.x + (area.w - w) / 2.0,
                Align::Right => area.x + area.w - w,
            };
            let y = top + i as f32 * line_h;
            TextLine {
                text,
                x,
                y,
                baseline: y + face.ascent_mm(s),
                w,
                h: line_h,
            }
        })
        .collect();
    out.items.push(Item::Text(TextBlock {
        element: element.to_string(),
        area,
        size_pt: s,
        bold,
        align,
        inverse,
        lines,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every dark module is covered by exactly one rectangle and no light one by any.
    fn covers_exactly(m: &Matrix) -> usize {
        let item = MatrixItem {
            x: 0.0,
            y: 0.0,
            module: 1.0,
            matrix: m.clone(),
        };
        let rects = item.rects();
        let n = m.size;
        let mut count = vec![0u8; n * n];
        for r in &rects {
            for y in r.y as usize..(r.y + r.h) as usize {
                for x in r.x as usize..(r.x + r.w) as usize {
                    count[y * n + x] += 1;
                }
            }
        }
        for y in 0..n {
            for x in 0..n {
                let want = u8::from(m.get(x, y));
                assert_eq!(count[y * n + x], want, "module ({x}, {y})");
            }
        }
        rects.len()
    }

    #[test]
    fn matrix_rects_cover_the_dark_modules_exactly_and_merge_rows() {
        let qr = barcode::qr_code("https://id.gs1.org/01/05901234123457/21/HP200-00017").expect("qr");
        let dm = barcode::gs1_datamatrix("5901234123457", Some("HP200-00017")).expect("dm");
        for m in [&qr, &dm] {
            let row_runs: usize = (0..m.size)
                .map(|y| {
                    let row: Vec<bool> = (0..m.size).map(|x| m.get(x, y)).collect();
                    runs(&row).count()
                })
                .sum();
            let merged = covers_exactly(m);
            assert!(merged < row_runs, "{merged} rectangles for {row_runs} runs");
        }
        // A full square is one rectangle; a checkerboard is one per dark module.
        let full = Matrix {
            size: 5,
            dark: vec![true; 25],
            hri: String::new(),
            element_string: String::new(),
        };
        assert_eq!(covers_exactly(&full), 1);
        let checker = Matrix {
            dark: (0..25).map(|i| (i % 5 + i / 5) % 2 == 0).collect(),
            ..full
        };
        assert_eq!(covers_exactly(&checker), 13);
    }
}
