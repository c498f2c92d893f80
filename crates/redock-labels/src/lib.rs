//! Redock's labels: the unit label (LPN as Code 128, GS1 DataMatrix with GTIN + serial, the
//! disposition in large letters, grade, destination, date, station, product title) and the
//! station sheet of command barcodes, rendered as PDF (vector bars, embedded font), ZPL for
//! thermal printers, or a PNG preview — all from one layout, so the three agree.
//!
//! Pure: no file or network IO. Templates (`assets/labels/*.json`), fonts (`assets/fonts/`) and
//! the words (`assets/i18n/*.ftl`) are embedded at build time.

pub mod barcode;
mod error;
mod fonts;
mod i18n;
pub mod layout;
mod pdf;
mod png;
mod sheet;
mod template;
mod zpl;

pub use error::{LabelError, TemplateError};
pub use i18n::{captions, languages, message, CHANNELS};
pub use layout::{layout, Layout};
pub use sheet::{station_sheet, station_sheet_layout, SheetEntry};
pub use template::{
    builtin_names, Align, BarcodeBox, Elements, Margins, MatrixBox, QrBox, RectMm, Template, TextBox, VAlign,
};

use serde::{Deserialize, Serialize};

/// What a unit label says. Free text is printed as given (it is shrunk and wrapped to fit).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LabelData {
    /// The license plate, printed as Code 128 (printable ASCII).
    pub lpn: String,
    /// GTIN-8/12/13/14 with a valid check digit; no DataMatrix without it.
    pub gtin: Option<String>,
    /// The unit's serial, GS1 AI (21).
    pub serial: Option<String>,
    pub grade: String,
    /// The disposition channel's code, e.g. `restock` (the printed word comes with [`Captions`]).
    pub disposition: String,
    /// Bin, tote or pallet.
    pub destination: String,
    pub date: String,
    pub station: String,
    pub title: Option<String>,
}

/// The localized words printed on a label; see [`captions`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Captions {
    /// The disposition, printed large (upper-cased on the label).
    pub disposition: String,
    pub grade: String,
    pub destination: String,
    pub station: String,
    pub date: String,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Vector PDF, one page the size of the label.
    Pdf,
    /// ZPL II for a thermal printer of this resolution: 203, 300 or 600 dpi.
    Zpl { dpi: u32 },
    /// A PNG preview at this resolution (72–1200 dpi), 8-bit greyscale.
    Png { dpi: u32 },
}

impl Format {
    /// ZPL at 203 dpi, the common thermal printer.
    pub const ZPL_203: Format = Format::Zpl { dpi: 203 };
    pub const ZPL_300: Format = Format::Zpl { dpi: 300 };

    /// The grid barcode modules snap to, in dots per millimetre.
    pub fn grid_dpmm(&self) -> Result<f32, LabelError> {
        match *self {
            // 1/203 in: exact on the thermal printers PDFs of labels mostly go to, and fine on
            // office printers (a 0.25 mm module is 5.9 dots at 600 dpi).
            Format::Pdf => Ok(8.0),
            Format::Zpl { dpi } => zpl::dots_per_mm(dpi).map(f32::from),
            Format::Png { dpi } if (72..=1200).contains(&dpi) => Ok(dpi as f32 / 25.4),
            Format::Png { dpi } => Err(LabelError::BadDpi(dpi)),
        }
    }
}

/// Renders a unit label.
pub fn render(
    template: &Template,
    data: &LabelData,
    captions: &Captions,
    format: Format,
) -> Result<Vec<u8>, LabelError> {
    let grid = format.grid_dpmm()?;
    let l = layout(template, data, captions, grid)?;
    match format {
        Format::Pdf => pdf::render(&format!("{} {}", data.lpn, captions.disposition), &[l]),
        Format::Zpl { dpi } => zpl::render(&l, dpi, &template.zpl_font).map(String::into_bytes),
        Format::Png { dpi } => png::render(&l, dpi),
    }
}

/// Renders many unit labels as one PDF, a page per label (a tote's or a pallet's labels printed
/// again at once): one font subset and one document for all of them.
pub fn render_pdf_batch(
    template: &Template,
    labels: &[LabelData],
    captions: &Captions,
) -> Result<Vec<u8>, LabelError> {
    let grid = Format::Pdf.grid_dpmm()?;
    let pages = labels
        .iter()
        .map(|d| layout(template, d, captions, grid))
        .collect::<Result<Vec<_>, _>>()?;
    if pages.is_empty() {
        return Err(LabelError::InvalidData {
            field: "labels",
            reason: "no label to render".into(),
        });
    }
    pdf::render(&format!("{} labels", pages.len()), &pages)
}

/// Renders any layout (a label or a station sheet page) as PNG, e.g. for a preview.
pub fn render_layout_png(layout: &Layout, dpi: u32) -> Result<Vec<u8>, LabelError> {
    png::render(layout, dpi)
}
