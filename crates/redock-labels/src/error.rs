//! Errors of this crate: a bad template is refused on load with the problem named; bad label data
//! is refused before anything is drawn.

/// What is wrong with a label template.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TemplateError {
    #[error("template is not valid JSON for a label template: {0}")]
    Json(String),
    #[error("template has no name")]
    NoName,
    #[error("label size {width_mm}×{height_mm} mm is not a label (each side must be 10–1000 mm)")]
    BadSize { width_mm: f32, height_mm: f32 },
    #[error("margins leave no printable area ({0})")]
    BadMargins(String),
    #[error("element `{element}` has a box of {w}×{h} mm: width and height must be positive")]
    EmptyBox { element: String, w: f32, h: f32 },
    #[error(
        "element `{element}` ({x}, {y}, {w}×{h} mm) lies outside the printable area \
         ({left}..{right} × {top}..{bottom} mm)"
    )]
    BoxOutside {
        element: String,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        left: f32,
        top: f32,
        right: f32,
        bottom: f32,
    },
    #[error("elements `{a}` and `{b}` overlap")]
    Overlap { a: String, b: String },
    #[error("element `{element}`: {problem}")]
    BadFont { element: String, problem: String },
    #[error("element `{element}`: module width {min_mm}..{max_mm} mm is not a valid range")]
    BadModule {
        element: String,
        min_mm: f32,
        max_mm: f32,
    },
    #[error("element `{element}` is too small: {problem}")]
    TooSmall { element: String, problem: String },
    #[error("ZPL font `{0}` is neither a resident font letter (A–Z, 0–9) nor a font file like E:NAME.TTF")]
    BadZplFont(String),
}

/// Why a label could not be rendered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LabelError {
    #[error("unknown label template `{0}` (built in: 4x6in, 100x150mm, unit-2x1in, unit-receipt-2x1in)")]
    UnknownTemplate(String),
    #[error("template `{template}`: {error}")]
    Template { template: String, error: TemplateError },
    #[error("{field}: {reason}")]
    InvalidData { field: &'static str, reason: String },
    #[error(
        "the barcode for {what} needs {needed_mm:.1} mm at the smallest allowed module, \
         but its box is {available_mm:.1} mm"
    )]
    BarcodeDoesNotFit {
        what: String,
        needed_mm: f32,
        available_mm: f32,
    },
    #[error("barcode encoder: {0}")]
    Barcode(String),
    #[error("font: {0}")]
    Font(String),
    #[error("resolution {0} dpi is not supported here")]
    BadDpi(u32),
    #[error("PNG encoding: {0}")]
    Png(String),
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("the station sheet has no entries")]
    EmptySheet,
}
