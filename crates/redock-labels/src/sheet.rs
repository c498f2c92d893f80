//! The station sheet: an A4 PDF of command barcodes (`CMD:PASS`, `CMD:GRADE:A`, …) so that every
//! action can be scanned. Each entry: its caption (localized, passed in), the Code 128 (code set
//! B carries the `:`), and the code as text under the bars. Modules are at least 0.33 mm (8 dots
//! at 600 dpi = 0.339 mm) so a handheld scanner reads them from a desk sheet.

use crate::error::LabelError;
use crate::layout::{faces, place_code128, text_element, Layout};
use crate::template::{Align, BarcodeBox, RectMm, TextBox, VAlign};
use serde::{Deserialize, Serialize};

/// One command barcode on the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetEntry {
    /// What the barcode carries, e.g. `CMD:GRADE:A` (printable ASCII).
    pub code: String,
    /// What a person reads above it, e.g. "Grade A" in the station's language.
    pub caption: String,
}

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const MARGIN: f32 = 12.0;
const GAP_X: f32 = 8.0;
const GAP_Y: f32 = 7.0;
const CAPTION_PT: f32 = 13.0;
const CODE_TEXT_PT: f32 = 9.0;
const BAR_H: f32 = 15.0;
const MIN_MODULE: f32 = 0.33;
const MAX_MODULE: f32 = 0.5;
const MIN_FONT_PT: f32 = 6.0;
/// Modules snap to 1/600 in: office laser printers.
const GRID_DPMM: f32 = 600.0 / 25.4;

/// The sheet as PDF, as many A4 pages as the entries need.
pub fn station_sheet(title: &str, entries: &[SheetEntry]) -> Result<Vec<u8>, LabelError> {
    let pages = station_sheet_layout(title, entries)?;
    crate::pdf::render(title, &pages)
}

/// The sheet's pages as layouts (for a PNG preview or for checking where things went).
pub fn station_sheet_layout(title: &str, entries: &[SheetEntry]) -> Result<Vec<Layout>, LabelError> {
    if entries.is_empty() {
        return Err(LabelError::EmptySheet);
    }
    let faces = faces()?;
    let printable = RectMm {
        x: MARGIN,
        y: MARGIN,
        w: PAGE_W - 2.0 * MARGIN,
        h: PAGE_H - 2.0 * MARGIN,
    };
    // Two columns when every code fits half the width at the smallest module, else one.
    let mut widest = 0usize;
    for e in entries {
        widest = widest.max(crate::barcode::code128(&e.code)?.modules.len());
    }
    let need = (widest + 2 * crate::barcode::CODE128_QUIET) as f32 * snap_min();
    let half = (printable.w - GAP_X) / 2.0;
    let (cols, cell_w) = if need <= half { (2, half) } else { (1, printable.w) };
    if need > cell_w {
        return Err(LabelError::BarcodeDoesNotFit {
            what: "the longest command".into(),
            needed_mm: need,
            available_mm: cell_w,
        });
    }
    let caption_h = 2.0 * faces.bold.line_mm(CAPTION_PT);
    let code_h = BAR_H + 0.5 + faces.regular.line_mm(CODE_TEXT_PT);
    let cell_h = caption_h + 1.0 + code_h;
    let title_h = faces.bold.line_mm(16.0) + 4.0;
    let top = printable.y + title_h;
    let rows = (((printable.bottom() - top) + GAP_Y) / (cell_h + GAP_Y))
        .floor()
        .max(1.0) as usize;
    let per_page = rows * cols;
    let page_count = entries.len().div_ceil(per_page);
    let mut pages = Vec::with_capacity(page_count);
    for (p, chunk) in entries.chunks(per_page).enumerate() {
        let mut l = Layout {
            width_mm: PAGE_W,
            height_mm: PAGE_H,
            printable,
            items: Vec::new(),
            truncated: Vec::new(),
        };
        let heading = if page_count > 1 {
            format!("{title} ({}/{page_count})", p + 1)
        } else {
            title.to_string()
        };
        let title_box = TextBox {
            x: printable.x,
            y: printable.y,
            w: printable.w,
            h: title_h - 4.0,
            font_pt: 16.0,
            caption_pt: None,
            bold: true,
            align: Align::Left,
            valign: VAlign::Top,
            inverse: false,
        };
        text_element(&mut l, faces, "title", None, &heading, &title_box, MIN_FONT_PT);
        for (i, e) in chunk.iter().enumerate() {
            let (row, col) = (i / cols, i % cols);
            let x = printable.x + col as f32 * (cell_w + GAP_X);
            let y = top + row as f32 * (cell_h + GAP_Y);
            let caption = TextBox {
                x,
                y,
                w: cell_w,
                h: caption_h,
                font_pt: CAPTION_PT,
                caption_pt: None,
                bold: true,
                align: Align::Center,
                valign: VAlign::Top,
                inverse: false,
            };
            text_element(&mut l, faces, "caption", None, &e.caption, &caption, MIN_FONT_PT);
            let code_box = BarcodeBox {
                x,
                y: y + caption_h + 1.0,
                w: cell_w,
                h: code_h,
                text_pt: CODE_TEXT_PT,
                min_module_mm: MIN_MODULE,
                max_module_mm: MAX_MODULE,
            };
            place_code128(&mut l, faces, "code", &e.code, &code_box, MIN_FONT_PT, GRID_DPMM)?;
        }
        pages.push(l);
    }
    Ok(pages)
}

/// The smallest module on the sheet's grid.
fn snap_min() -> f32 {
    (MIN_MODULE * GRID_DPMM).ceil() / GRID_DPMM
}
