//! Label templates as data (`assets/labels/*.json`): the label's size, margins and one box per
//! element, in millimetres from the label's top-left corner. Validated on load.

use crate::error::{LabelError, TemplateError};
use serde::{Deserialize, Serialize};

/// The templates shipped in `assets/labels/`, by name.
const BUILTIN: [(&str, &str); 4] = [
    ("4x6in", include_str!("../../../assets/labels/4x6in.json")),
    ("100x150mm", include_str!("../../../assets/labels/100x150mm.json")),
    (
        "unit-2x1in",
        include_str!("../../../assets/labels/unit-2x1in.json"),
    ),
    // A unit's LPN and product before it is graded: labelled at receipt, or parked waiting.
    (
        "unit-receipt-2x1in",
        include_str!("../../../assets/labels/unit-receipt-2x1in.json"),
    ),
];

/// Names of the built-in templates.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(n, _)| *n)
}

/// A label template. Coordinates are millimetres, origin at the top-left corner, y down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub name: String,
    pub width_mm: f32,
    pub height_mm: f32,
    pub margin_mm: Margins,
    /// Text shrinks down to this size before it wraps (and is cut with "…" only below it).
    #[serde(default = "default_min_font_pt")]
    pub min_font_pt: f32,
    /// ZPL font for text: a resident font letter/digit (`0` = the scalable font) or a font file
    /// on the printer such as `E:TT0003M_.TTF` (needed for Cyrillic on printers whose font 0
    /// lacks it).
    #[serde(default = "default_zpl_font")]
    pub zpl_font: String,
    pub elements: Elements,
}

fn default_min_font_pt() -> f32 {
    6.0
}
fn default_zpl_font() -> String {
    "0".into()
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub left: f32,
}

/// The boxes of a label. `lpn` and `disposition` are required; the rest are optional (the small
/// unit tag carries only the LPN, the grade and the disposition).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Elements {
    /// The LPN as Code 128, with its text under the bars.
    pub lpn: BarcodeBox,
    /// The disposition, in large letters.
    pub disposition: TextBox,
    /// GS1 DataMatrix with (01) GTIN and (21) serial; left out when the unit has no GTIN.
    #[serde(default)]
    pub datamatrix: Option<MatrixBox>,
    /// QR code with the unit's GS1 Digital Link URI (a phone opens the product); left out when
    /// the unit has no GTIN.
    #[serde(default)]
    pub qr: Option<QrBox>,
    #[serde(default)]
    pub grade: Option<TextBox>,
    #[serde(default)]
    pub destination: Option<TextBox>,
    #[serde(default)]
    pub date: Option<TextBox>,
    #[serde(default)]
    pub station: Option<TextBox>,
    #[serde(default)]
    pub title: Option<TextBox>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VAlign {
    #[default]
    Top,
    Middle,
}

/// A text element: an optional caption line ("Grade") above the value, which is fitted into the
/// rest of the box (shrunk down to the template's minimum size, then wrapped).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextBox {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// The value's largest size.
    pub font_pt: f32,
    /// The caption's size; no caption when absent.
    #[serde(default)]
    pub caption_pt: Option<f32>,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub align: Align,
    #[serde(default)]
    pub valign: VAlign,
    /// White text on a black box (for the disposition).
    #[serde(default)]
    pub inverse: bool,
}

/// A Code 128 element: bars, quiet zones (10 modules each side) and the text under the bars,
/// all inside the box.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BarcodeBox {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// Size of the human-readable text under the bars.
    pub text_pt: f32,
    pub min_module_mm: f32,
    pub max_module_mm: f32,
}

/// A GS1 DataMatrix element: the symbol (with its one-module quiet zone) at the top-left of the
/// box, and its human-readable `(01)…(21)…` under it when `hri_pt` is given.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixBox {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    #[serde(default)]
    pub hri_pt: Option<f32>,
    pub min_module_mm: f32,
    pub max_module_mm: f32,
}

/// A QR code element: the symbol centred in the box, its four-module quiet zone inside it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QrBox {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub min_module_mm: f32,
    pub max_module_mm: f32,
}

/// A rectangle in millimetres, origin top-left.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RectMm {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl RectMm {
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    /// Whether `other` lies inside this rectangle (with a micrometre of tolerance).
    pub fn contains(&self, other: &RectMm) -> bool {
        const EPS: f32 = 1e-3;
        other.x >= self.x - EPS
            && other.y >= self.y - EPS
            && other.right() <= self.right() + EPS
            && other.bottom() <= self.bottom() + EPS
    }
    fn overlaps(&self, other: &RectMm) -> bool {
        const EPS: f32 = 1e-3;
        self.x < other.right() - EPS
            && other.x < self.right() - EPS
            && self.y < other.bottom() - EPS
            && other.y < self.bottom() - EPS
    }
}

/// Every element box has its place as `x`, `y`, `w`, `h` in millimetres.
macro_rules! element_rect {
    ($($t:ty),*) => {$(
        impl $t {
            pub fn rect(&self) -> RectMm {
                RectMm { x: self.x, y: self.y, w: self.w, h: self.h }
            }
        }
    )*};
}
element_rect!(TextBox, BarcodeBox, MatrixBox, QrBox);

/// Points to millimetres.
pub(crate) const MM_PER_PT: f32 = 25.4 / 72.0;

impl Template {
    /// A built-in template by name (`4x6in`, `100x150mm`, `unit-2x1in`).
    pub fn builtin(name: &str) -> Result<Template, LabelError> {
        let (_, json) = BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| LabelError::UnknownTemplate(name.to_string()))?;
        Template::from_json(json).map_err(|error| LabelError::Template {
            template: name.to_string(),
            error,
        })
    }

    /// Parses and validates a template.
    pub fn from_json(json: &str) -> Result<Template, TemplateError> {
        let t: Template = serde_json::from_str(json).map_err(|e| TemplateError::Json(e.to_string()))?;
        t.validate()?;
        Ok(t)
    }

    /// The label minus its margins: nothing is drawn outside it.
    pub fn printable(&self) -> RectMm {
        RectMm {
            x: self.margin_mm.left,
            y: self.margin_mm.top,
            w: self.width_mm - self.margin_mm.left - self.margin_mm.right,
            h: self.height_mm - self.margin_mm.top - self.margin_mm.bottom,
        }
    }

    /// Every element with its name and box, in drawing order.
    pub fn boxes(&self) -> Vec<(&'static str, RectMm)> {
        let e = &self.elements;
        let mut v = vec![("lpn", e.lpn.rect()), ("disposition", e.disposition.rect())];
        if let Some(m) = &e.datamatrix {
            v.push(("datamatrix", m.rect()));
        }
        if let Some(q) = &e.qr {
            v.push(("qr", q.rect()));
        }
        for (name, t) in self.text_elements() {
            if name != "disposition" {
                v.push((name, t.rect()));
            }
        }
        v
    }

    pub(crate) fn text_elements(&self) -> Vec<(&'static str, &TextBox)> {
        let e = &self.elements;
        let mut v = vec![("disposition", &e.disposition)];
        for (name, t) in [
            ("grade", &e.grade),
            ("destination", &e.destination),
            ("date", &e.date),
            ("station", &e.station),
            ("title", &e.title),
        ] {
            if let Some(t) = t {
                v.push((name, t));
            }
        }
        v
    }

    /// Checks everything a renderer relies on; the first problem found is returned.
    pub fn validate(&self) -> Result<(), TemplateError> {
        if self.name.trim().is_empty() {
            return Err(TemplateError::NoName);
        }
        let sane = |v: f32| v.is_finite() && (10.0..=1000.0).contains(&v);
        if !sane(self.width_mm) || !sane(self.height_mm) {
            return Err(TemplateError::BadSize {
                width_mm: self.width_mm,
                height_mm: self.height_mm,
            });
        }
        let m = self.margin_mm;
        if [m.top, m.right, m.bottom, m.left]
            .iter()
            .any(|v| !v.is_finite() || *v < 0.0)
        {
            return Err(TemplateError::BadMargins("a margin is negative".into()));
        }
        let p = self.printable();
        if p.w < 5.0 || p.h < 5.0 {
            return Err(TemplateError::BadMargins(format!(
                "{:.1}×{:.1} mm left",
                p.w, p.h
            )));
        }
        if !self.min_font_pt.is_finite() || !(3.0..=72.0).contains(&self.min_font_pt) {
            return Err(TemplateError::BadFont {
                element: "min_font_pt".into(),
                problem: format!("{} pt is not between 3 and 72", self.min_font_pt),
            });
        }
        let z = &self.zpl_font;
        let resident = z.len() == 1 && z.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let file = z.len() > 2
            && z.as_bytes().get(1) == Some(&b':')
            && z.chars().all(|c| c.is_ascii_graphic())
            && !z.contains([',', '^', '~']);
        if !resident && !file {
            return Err(TemplateError::BadZplFont(z.clone()));
        }
        let boxes = self.boxes();
        for (name, r) in &boxes {
            if !(r.w.is_finite() && r.h.is_finite() && r.w > 0.0 && r.h > 0.0) {
                return Err(TemplateError::EmptyBox {
                    element: name.to_string(),
                    w: r.w,
                    h: r.h,
                });
            }
            if !(r.x.is_finite() && r.y.is_finite() && p.contains(r)) {
                return Err(TemplateError::BoxOutside {
                    element: name.to_string(),
                    x: r.x,
                    y: r.y,
                    w: r.w,
                    h: r.h,
                    left: p.x,
                    top: p.y,
                    right: p.right(),
                    bottom: p.bottom(),
                });
            }
        }
        for (i, (a, ra)) in boxes.iter().enumerate() {
            for (b, rb) in &boxes[i + 1..] {
                if ra.overlaps(rb) {
                    return Err(TemplateError::Overlap {
                        a: a.to_string(),
                        b: b.to_string(),
                    });
                }
            }
        }
        let font = |element: &str, pt: f32| -> Result<(), TemplateError> {
            if !pt.is_finite() || pt < self.min_font_pt || pt > 400.0 {
                return Err(TemplateError::BadFont {
                    element: element.into(),
                    problem: format!(
                        "{pt} pt is not between min_font_pt ({}) and 400",
                        self.min_font_pt
                    ),
                });
            }
            Ok(())
        };
        for (name, t) in self.text_elements() {
            font(name, t.font_pt)?;
            let mut need = self.min_font_pt * MM_PER_PT * LINE_HEIGHT_EM;
            if let Some(c) = t.caption_pt {
                font(name, c)?;
                need += self.min_font_pt * MM_PER_PT * LINE_HEIGHT_EM;
            }
            if t.h < need {
                return Err(TemplateError::TooSmall {
                    element: name.into(),
                    problem: format!("{:.1} mm high, its text needs at least {need:.1} mm", t.h),
                });
            }
        }
        let lpn = &self.elements.lpn;
        font("lpn", lpn.text_pt)?;
        module_range("lpn", lpn.min_module_mm, lpn.max_module_mm)?;
        let text_h = self.min_font_pt * MM_PER_PT * LINE_HEIGHT_EM;
        if lpn.h < text_h + 3.0 {
            return Err(TemplateError::TooSmall {
                element: "lpn".into(),
                problem: format!("{:.1} mm high leaves no room for bars of at least 3 mm", lpn.h),
            });
        }
        if let Some(dm) = &self.elements.datamatrix {
            module_range("datamatrix", dm.min_module_mm, dm.max_module_mm)?;
            if let Some(pt) = dm.hri_pt {
                font("datamatrix", pt)?;
            }
            // The smallest GS1 DataMatrix for a GTIN alone is 12×12 modules, plus quiet zone.
            if dm.w.min(dm.h) < 14.0 * dm.min_module_mm {
                return Err(TemplateError::TooSmall {
                    element: "datamatrix".into(),
                    problem: "not even the smallest symbol fits at the minimum module".into(),
                });
            }
        }
        if let Some(q) = &self.elements.qr {
            module_range("qr", q.min_module_mm, q.max_module_mm)?;
            // The longest Digital Link URI of a valid GTIN and serial (20 characters, each
            // percent-encoded: ~100 bytes) needs version 6 (41 modules), plus 2 × 4 quiet zone.
            if q.w.min(q.h) < 49.0 * q.min_module_mm {
                return Err(TemplateError::TooSmall {
                    element: "qr".into(),
                    problem: "a GS1 Digital Link QR code does not fit at the minimum module".into(),
                });
            }
        }
        Ok(())
    }
}

/// Line height as a multiple of the font size (DejaVu Sans: ascent 0.928 + descent 0.236 em).
pub(crate) const LINE_HEIGHT_EM: f32 = 1.1641;

fn module_range(element: &str, min: f32, max: f32) -> Result<(), TemplateError> {
    if !(min.is_finite() && max.is_finite() && min >= 0.1 && min <= max && max <= 5.0) {
        return Err(TemplateError::BadModule {
            element: element.into(),
            min_mm: min,
            max_mm: max,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> serde_json::Value {
        serde_json::from_str(BUILTIN[0].1).expect("4x6in is JSON")
    }

    fn refused(v: serde_json::Value) -> TemplateError {
        Template::from_json(&v.to_string()).expect_err("should be refused")
    }

    #[test]
    fn builtins_load() {
        for name in builtin_names() {
            let t = Template::builtin(name).expect(name);
            assert_eq!(t.name, name);
        }
        assert!(matches!(
            Template::builtin("a5"),
            Err(LabelError::UnknownTemplate(_))
        ));
    }

    #[test]
    fn bad_templates_are_refused_with_the_problem_named() {
        let mut v = base();
        v["elements"]["grade"]["x"] = 90.0.into();
        let e = refused(v);
        assert!(
            matches!(&e, TemplateError::BoxOutside { element, .. } if element == "grade"),
            "{e}"
        );
        assert!(
            e.to_string().contains("`grade`") && e.to_string().contains("outside"),
            "{e}"
        );

        let mut v = base();
        v["elements"]["title"]["y"] = 90.0.into();
        let e = refused(v);
        assert!(matches!(&e, TemplateError::Overlap { .. }), "{e}");

        let mut v = base();
        v["margin_mm"]["left"] = (-1.0).into();
        assert!(matches!(refused(v), TemplateError::BadMargins(_)));

        let mut v = base();
        v["width_mm"] = 5.0.into();
        assert!(matches!(refused(v), TemplateError::BadSize { .. }));

        let mut v = base();
        v["elements"]["lpn"]["min_module_mm"] = 0.8.into();
        assert!(matches!(refused(v), TemplateError::BadModule { .. }));

        let mut v = base();
        v["elements"]["date"]["font_pt"] = 2.0.into();
        assert!(matches!(refused(v), TemplateError::BadFont { .. }));

        let mut v = base();
        v["elements"]["station"]["h"] = 3.0.into();
        assert!(matches!(refused(v), TemplateError::TooSmall { .. }));

        let mut v = base();
        v["zpl_font"] = "E:FONT,^XZ".into();
        assert!(matches!(refused(v), TemplateError::BadZplFont(_)));

        let mut v = base();
        v["elements"]["barcode2"] = serde_json::json!({});
        assert!(matches!(refused(v), TemplateError::Json(_)));

        let mut v = base();
        v["elements"].as_object_mut().expect("object").remove("lpn");
        assert!(matches!(refused(v), TemplateError::Json(_)));
    }

    #[test]
    fn line_height_matches_the_font() {
        let faces = crate::fonts::faces().expect("fonts");
        for face in [&faces.regular, &faces.bold] {
            let em = (face.ascent - face.descent) / face.units_per_em;
            assert!((em - LINE_HEIGHT_EM).abs() < 1e-3, "{em}");
        }
    }
}
