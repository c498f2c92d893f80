//! The embedded fonts (DejaVu Sans and Sans Bold: Latin incl. Polish, Romanian and Norwegian
//! letters, and Cyrillic), their metrics, and fitting text into a box: shrink down to a minimum
//! size, then wrap, and only as a last resort cut the last line with "…".
//!
//! Widths are the fonts' own advance widths (no kerning), which is exactly what the PDF and the
//! PNG draw, so a line measured here is the line drawn there.

use ab_glyph::{Font, FontRef};
use std::sync::OnceLock;

pub(crate) const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub(crate) const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Points to millimetres.
const MM_PER_PT: f32 = 25.4 / 72.0;

pub(crate) struct Face {
    pub font: FontRef<'static>,
    pub units_per_em: f32,
    pub ascent: f32,
    pub descent: f32,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Option<Face> {
        let font = FontRef::try_from_slice(bytes).ok()?;
        let units_per_em = font.units_per_em()?;
        Some(Face {
            ascent: font.ascent_unscaled(),
            descent: font.descent_unscaled(),
            font,
            units_per_em,
        })
    }

    /// Width of `text` at `size_pt`, in millimetres.
    pub fn width_mm(&self, text: &str, size_pt: f32) -> f32 {
        let units: f32 = text
            .chars()
            .map(|c| self.font.h_advance_unscaled(self.font.glyph_id(c)))
            .sum();
        units / self.units_per_em * size_pt * MM_PER_PT
    }

    /// Ascent (above the baseline) at `size_pt`, in millimetres.
    pub fn ascent_mm(&self, size_pt: f32) -> f32 {
        self.ascent / self.units_per_em * size_pt * MM_PER_PT
    }

    /// Line height (ascent + descent) at `size_pt`, in millimetres.
    pub fn line_mm(&self, size_pt: f32) -> f32 {
        (self.ascent - self.descent) / self.units_per_em * size_pt * MM_PER_PT
    }

    /// Whether the font has a glyph for every character.
    #[cfg(test)]
    pub fn covers(&self, text: &str) -> bool {
        text.chars()
            .all(|c| c.is_whitespace() || self.font.glyph_id(c).0 != 0)
    }
}

pub(crate) struct Faces {
    pub regular: Face,
    pub bold: Face,
}

impl Faces {
    pub fn get(&self, bold: bool) -> &Face {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// The parsed fonts, once per process. `None` only if the embedded files were corrupt.
pub(crate) fn faces() -> Option<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: Face::load(REGULAR_TTF)?,
                bold: Face::load(BOLD_TTF)?,
            })
        })
        .as_ref()
}

/// Text fitted into a box.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fitted {
    pub size_pt: f32,
    pub lines: Vec<String>,
    /// Some text did not fit even at the minimum size and was cut ("…").
    pub truncated: bool,
}

/// Fits `text` into `w`×`h` mm, in this order of preference:
/// 1. one line, shrinking from `max_pt` to 60% of it (large letters stay large);
/// 2. wrapped at spaces, shrinking from `max_pt` down to `min_pt` (a word is never split here,
///    so a code like `TOTE-RESTOCK-07` shrinks on its line rather than breaking);
/// 3. also broken after hyphens and slashes inside words too long for a line, `max_pt` → `min_pt`;
/// 4. at `min_pt`, a word still too long split between characters;
/// 5. at `min_pt`, as many lines as fit, the last one cut with "…".
pub(crate) fn fit(face: &Face, text: &str, w: f32, h: f32, max_pt: f32, min_pt: f32) -> Fitted {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let max_pt = max_pt.max(min_pt);
    let sizes = sizes(max_pt, min_pt);
    let fits = |lines: &[String], s: f32| {
        lines.len() as f32 * face.line_mm(s) <= h + 1e-4
            && lines.iter().all(|l| face.width_mm(l, s) <= w + 1e-4)
    };
    let floor = (max_pt * 0.6).max(min_pt);
    // Width is linear in the size: measure the line once.
    let mm_per_pt = face.width_mm(&text, 1.0);
    for &s in sizes.iter().filter(|s| **s >= floor) {
        if face.line_mm(s) <= h + 1e-4 && mm_per_pt * s <= w + 1e-4 {
            return Fitted {
                size_pt: s,
                lines: vec![text],
                truncated: false,
            };
        }
    }
    // Wrapping fits at every size below one that fits: binary search for the largest.
    for split in [Split::Words, Split::Hyphens] {
        let wrapped = |i: usize| {
            let lines = wrap(face, &text, w, sizes[i], split);
            fits(&lines, sizes[i]).then_some(lines)
        };
        let last = sizes.len() - 1;
        if wrapped(last).is_none() {
            continue;
        }
        let (mut lo, mut hi) = (0, last);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if wrapped(mid).is_some() {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if let Some(lines) = wrapped(lo) {
            return Fitted {
                size_pt: sizes[lo],
                lines,
                truncated: false,
            };
        }
    }
    let s = min_pt;
    let mut lines = wrap(face, &text, w, s, Split::Chars);
    if fits(&lines, s) {
        return Fitted {
            size_pt: s,
            lines,
            truncated: false,
        };
    }
    let keep = ((h + 1e-4) / face.line_mm(s)).floor().max(0.0) as usize;
    lines.truncate(keep);
    if let Some(last) = lines.last_mut() {
        *last = ellipsize(face, last, w, s);
    }
    lines.retain(|l| !l.is_empty() && face.width_mm(l, s) <= w + 1e-4);
    Fitted {
        size_pt: s,
        lines,
        truncated: true,
    }
}

/// The candidate sizes, largest first, in steps of 2% (at least 0.25 pt).
fn sizes(max_pt: f32, min_pt: f32) -> Vec<f32> {
    let mut v = Vec::new();
    let mut s = max_pt;
    while s > min_pt {
        v.push(s);
        s -= (s * 0.02).max(0.25);
    }
    v.push(min_pt);
    v
}

/// Where a word too long for a line may be broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Split {
    /// Nowhere: it stays whole (and too wide).
    Words,
    /// After a hyphen or slash.
    Hyphens,
    /// After a hyphen or slash, else between any two characters.
    Chars,
}

/// Greedy wrap at `size_pt` into lines no wider than `w` mm, breaking at spaces and, in a word
/// too long for a line, where `split` allows.
pub(crate) fn wrap(face: &Face, text: &str, w: f32, size_pt: f32, split: Split) -> Vec<String> {
    let fits = |s: &str| face.width_mm(s, size_pt) <= w;
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if fits(&candidate) {
            cur = candidate;
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        if fits(word) || split == Split::Words {
            cur = word.to_string();
            continue;
        }
        // Pieces ending after each hyphen or slash, joined greedily.
        for piece in word.split_inclusive(['-', '/', '\u{2010}', '\u{2013}']) {
            let joined = format!("{cur}{piece}");
            if fits(&joined) {
                cur = joined;
                continue;
            }
            if !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
            }
            if fits(piece) || split == Split::Hyphens {
                cur = piece.to_string();
                continue;
            }
            for ch in piece.chars() {
                let mut next = cur.clone();
                next.push(ch);
                if !fits(&next) && !cur.is_empty() {
                    lines.push(std::mem::take(&mut cur));
                    cur.push(ch);
                } else {
                    cur = next;
                }
            }
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// `line`, cut so that it and a trailing "…" fit in `w` mm.
fn ellipsize(face: &Face, line: &str, w: f32, size_pt: f32) -> String {
    let mut chars: Vec<char> = line.chars().collect();
    loop {
        let s: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if face.width_mm(&s, size_pt) <= w || chars.is_empty() {
            return if face.width_mm(&s, size_pt) <= w {
                s
            } else {
                String::new()
            };
        }
        chars.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_cover_every_language_printed() {
        let f = faces().expect("fonts");
        let samples = [
            "zażółć gęślą jaźń ZAŻÓŁĆ GĘŚLĄ JAŹŃ",
            "ș ț ă î â Ș Ț Ă Î Â ş ţ",
            "æ ø å Æ Ø Å",
            "Съешь же ещё этих мягких французских булок, да выпей чаю ЁЖ №",
            "– — „“ ” … • € ₽",
        ];
        for s in samples {
            assert!(f.regular.covers(s) && f.bold.covers(s), "{s}");
        }
        for lang in crate::languages() {
            for ch in crate::CHANNELS {
                let c = crate::captions(lang, ch);
                for word in [&c.disposition, &c.grade, &c.destination, &c.station, &c.date] {
                    assert!(
                        f.bold.covers(&word.to_uppercase()) && f.regular.covers(word),
                        "{lang}: {word}"
                    );
                }
            }
        }
    }

    #[test]
    fn fitting_shrinks_then_wraps_then_cuts() {
        let f = &faces().expect("fonts").bold;
        // Fits as it is.
        let a = fit(f, "A", 20.0, 20.0, 40.0, 6.0);
        assert_eq!((a.size_pt, a.lines.len(), a.truncated), (40.0, 1, false));
        // A code without spaces shrinks on one line.
        let b = fit(f, "TOTE-RESTOCK-07", 60.0, 20.0, 30.0, 6.0);
        assert_eq!(b.lines, vec!["TOTE-RESTOCK-07".to_string()]);
        assert!(b.size_pt < 30.0);
        // Words wrap.
        let c = fit(f, "Reintroducere în stoc", 40.0, 30.0, 30.0, 6.0);
        assert!(c.lines.len() > 1, "{c:?}");
        // Too much text: cut at the minimum size, never wider or taller than the box.
        let long = "слово ".repeat(200);
        let d = fit(f, &long, 30.0, 10.0, 20.0, 6.0);
        assert!(
            d.truncated && d.lines.last().is_some_and(|l| l.ends_with('…')),
            "{d:?}"
        );
        assert!(d.lines.len() as f32 * f.line_mm(d.size_pt) <= 10.0 + 1e-3);
        assert!(d.lines.iter().all(|l| f.width_mm(l, d.size_pt) <= 30.0 + 1e-3));
    }
}
