//! PDF through printpdf 0.12: bars and modules are filled vector rectangles, text is set in the
//! embedded DejaVu fonts at the positions the layout measured. Each document embeds a subset of
//! the fonts holding only the glyphs it uses (printpdf subsets only with its HTML feature; without
//! it, it would embed — and compress — both whole faces on every label, ~9 ms a label). Streams
//! are left uncompressed (`optimize: false`): deflate was two thirds of the remaining time, and
//! a label is ~40 KB instead of ~15 KB.

use crate::error::LabelError;
use crate::fonts::{Face, BOLD_TTF, REGULAR_TTF};
use crate::layout::{Item, Layout};
use crate::template::RectMm;
use ab_glyph::Font;
use printpdf::{
    Color, FontId, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point,
    Pt, Rect, Rgb, TextItem, WindingOrder,
};
use std::collections::BTreeSet;

/// `ttf` cut down to the glyphs of `chars` (plus .notdef), keeping its Unicode cmap so printpdf
/// maps the text to the same glyphs, and parsed for printpdf.
fn subset(ttf: &[u8], face: &Face, chars: impl Iterator<Item = char>) -> Result<ParsedFont, LabelError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    let glyphs: BTreeSet<u16> = std::iter::once(0)
        .chain(chars.map(|c| face.font.glyph_id(c).0))
        .collect();
    let ids: Vec<u16> = glyphs.into_iter().collect();
    let font_error = |e: String| LabelError::Font(format!("subsetting the embedded font: {e}"));
    let data = ReadScope::new(ttf)
        .read::<FontData<'_>>()
        .map_err(|e| font_error(e.to_string()))?;
    let provider = data.table_provider(0).map_err(|e| font_error(e.to_string()))?;
    let bytes = subset(&provider, &ids, &SubsetProfile::Minimal, CmapTarget::Unicode)
        .map_err(|e| font_error(e.to_string()))?;
    ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
        .ok_or_else(|| font_error("printpdf could not read the subset".into()))
}

/// Subsets are cached by their set of characters, which always holds the digits and the
/// punctuation of codes and dates: labels of the same product and disposition in one language
/// then share one subset whatever their LPN, grade letter's digits, tote number or time (without
/// the digits, a bench of varying totes and grades cut the font for every label: 0.82 ms a PDF).
/// (A subset of all printable ASCII instead was slower: printpdf's cost grows with the glyphs
/// embedded.)
fn cached_subset(
    ttf: &[u8],
    face: &Face,
    bold: bool,
    chars: impl Iterator<Item = char>,
) -> Result<ParsedFont, LabelError> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<(bool, String), ParsedFont>>> = OnceLock::new();
    const MAX_ENTRIES: usize = 64;
    const ALWAYS: &str = "0123456789 -:./()";
    let used: BTreeSet<char> = chars.chain(ALWAYS.chars()).collect();
    let key = (bold, used.iter().collect::<String>());
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(font) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return Ok(font.clone());
    }
    let font = subset(ttf, face, used.iter().copied())?;
    let mut map = cache.lock().unwrap_or_else(|p| p.into_inner());
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    map.insert(key, font.clone());
    Ok(font)
}

fn color(v: f32) -> Color {
    Color::Rgb(Rgb {
        r: v,
        g: v,
        b: v,
        icc_profile: None,
    })
}

fn fill(ops: &mut Vec<Op>, page_h: f32, r: &RectMm) {
    ops.push(Op::DrawRectangle {
        rectangle: Rect {
            x: Mm(r.x).into(),
            y: Mm(page_h - r.y - r.h).into(),
            width: Mm(r.w).into(),
            height: Mm(r.h).into(),
            mode: Some(PaintMode::Fill),
            winding_order: Some(WindingOrder::NonZero),
        },
    });
}

/// One page per layout.
pub(crate) fn render(title: &str, pages: &[Layout]) -> Result<Vec<u8>, LabelError> {
    let faces = crate::layout::faces()?;
    let mut doc = PdfDocument::new(title);
    let text = |bold: bool| {
        pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(move |i| match i {
                Item::Text(b) if b.bold == bold => Some(b.lines.iter().flat_map(|l| l.text.chars())),
                _ => None,
            })
            .flatten()
    };
    let regular_id = doc.add_font(&cached_subset(REGULAR_TTF, &faces.regular, false, text(false))?);
    let bold_id = if text(true).next().is_some() {
        doc.add_font(&cached_subset(BOLD_TTF, &faces.bold, true, text(true))?)
    } else {
        regular_id.clone()
    };
    let pdf_pages = pages.iter().map(|l| page(l, &regular_id, &bold_id)).collect();
    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        image_optimization: None,
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let bytes = doc.with_pages(pdf_pages).save(&opts, &mut warnings);
    if bytes.is_empty() {
        return Err(LabelError::Pdf(format!("printpdf wrote nothing: {warnings:?}")));
    }
    Ok(bytes)
}

fn page(l: &Layout, regular: &FontId, bold: &FontId) -> PdfPage {
    let h = l.height_mm;
    let mut ops = vec![Op::SetFillColor { col: color(0.0) }];
    for item in &l.items {
        match item {
            Item::Fill(r) => fill(&mut ops, h, r),
            Item::Code128(c) => c.bars().iter().for_each(|r| fill(&mut ops, h, r)),
            Item::DataMatrix(m) | Item::Qr(m) => m.rects().iter().for_each(|r| fill(&mut ops, h, r)),
            Item::Text(b) => {
                if b.lines.is_empty() {
                    continue;
                }
                let font = if b.bold { bold } else { regular };
                if b.inverse {
                    ops.push(Op::SetFillColor { col: color(1.0) });
                }
                for line in &b.lines {
                    ops.extend([
                        Op::StartTextSection,
                        Op::SetFont {
                            font: PdfFontHandle::External(font.clone()),
                            size: Pt(b.size_pt),
                        },
                        Op::SetTextCursor {
                            pos: Point::new(Mm(line.x), Mm(h - line.baseline)),
                        },
                        Op::ShowText {
                            items: vec![TextItem::Text(line.text.clone())],
                        },
                        Op::EndTextSection,
                    ]);
                }
                if b.inverse {
                    ops.push(Op::SetFillColor { col: color(0.0) });
                }
            }
        }
    }
    PdfPage::new(Mm(l.width_mm), Mm(l.height_mm), ops)
}
