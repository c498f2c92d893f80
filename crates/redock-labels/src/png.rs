//! PNG preview: the same layout rasterised — bars and modules as filled pixels, text drawn from
//! the embedded font's outlines (ab_glyph), at the advance widths the layout measured.

use crate::error::LabelError;
use crate::fonts::Face;
use crate::layout::{faces, Item, Layout, TextBlock, TextLine};
use crate::template::RectMm;
use ab_glyph::{point, Font, PxScale};
use image::{GrayImage, ImageEncoder, Luma};

pub(crate) fn render(l: &Layout, dpi: u32) -> Result<Vec<u8>, LabelError> {
    if !(72..=1200).contains(&dpi) {
        return Err(LabelError::BadDpi(dpi));
    }
    let img = raster(l, dpi as f32 / 25.4)?;
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::L8,
        )
        .map_err(|e| LabelError::Png(e.to_string()))?;
    Ok(out)
}

/// The layout as a greyscale image, `s` pixels per millimetre.
pub(crate) fn raster(l: &Layout, s: f32) -> Result<GrayImage, LabelError> {
    let faces = faces()?;
    let w = (l.width_mm * s).round().max(1.0) as u32;
    let h = (l.height_mm * s).round().max(1.0) as u32;
    let mut img = GrayImage::from_pixel(w, h, Luma([255]));
    for item in &l.items {
        match item {
            Item::Fill(r) => fill(&mut img, s, r, 0),
            Item::Code128(c) => c.bars().iter().for_each(|r| fill(&mut img, s, r, 0)),
            Item::DataMatrix(m) | Item::Qr(m) => m.rects().iter().for_each(|r| fill(&mut img, s, r, 0)),
            Item::Text(b) => {
                let face = faces.get(b.bold);
                for line in &b.lines {
                    draw_line(&mut img, s, (0.0, 0.0), face, b.size_pt, line, b.inverse);
                }
            }
        }
    }
    Ok(img)
}

fn fill(img: &mut GrayImage, s: f32, r: &RectMm, v: u8) {
    let x0 = (r.x * s).round().max(0.0) as u32;
    let y0 = (r.y * s).round().max(0.0) as u32;
    let x1 = ((r.x + r.w) * s).round().max(0.0) as u32;
    let y1 = ((r.y + r.h) * s).round().max(0.0) as u32;
    for y in y0..y1.min(img.height()) {
        for x in x0..x1.min(img.width()) {
            img.put_pixel(x, y, Luma([v]));
        }
    }
}

/// A text block's lines, black on white, in an image of `w`×`h` pixels whose top-left corner
/// lies at `origin` (mm) on the label; `s` pixels per millimetre. The ZPL writer prints it as a
/// graphic where the printer's own font lacks the letters.
pub(crate) fn text_bitmap(
    b: &TextBlock,
    origin: (f32, f32),
    s: f32,
    w: u32,
    h: u32,
) -> Result<GrayImage, LabelError> {
    let face = faces()?.get(b.bold);
    let mut img = GrayImage::from_pixel(w.max(1), h.max(1), Luma([255]));
    for line in &b.lines {
        draw_line(&mut img, s, origin, face, b.size_pt, line, false);
    }
    Ok(img)
}

fn draw_line(
    img: &mut GrayImage,
    s: f32,
    origin: (f32, f32),
    face: &Face,
    size_pt: f32,
    line: &TextLine,
    white: bool,
) {
    let px_per_em = size_pt * 25.4 / 72.0 * s;
    let k = px_per_em / face.units_per_em;
    // ab_glyph scales so that ascent − descent equals the PxScale.
    let scale = PxScale::from((face.ascent - face.descent) * k);
    let baseline = (line.baseline - origin.1) * s;
    let mut pen = (line.x - origin.0) * s;
    let (w, h) = (img.width() as i64, img.height() as i64);
    for c in line.text.chars() {
        let id = face.font.glyph_id(c);
        let glyph = id.with_scale_and_position(scale, point(pen, baseline));
        pen += face.font.h_advance_unscaled(id) * k;
        let Some(outlined) = face.font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        outlined.draw(|gx, gy, coverage| {
            let x = bounds.min.x as i64 + i64::from(gx);
            let y = bounds.min.y as i64 + i64::from(gy);
            if x < 0 || y < 0 || x >= w || y >= h {
                return;
            }
            let ink = (coverage.clamp(0.0, 1.0) * 255.0).round() as u8;
            let p = img.get_pixel_mut(x as u32, y as u32);
            p.0[0] = if white {
                p.0[0].max(ink)
            } else {
                p.0[0].min(255 - ink)
            };
        });
    }
}
