//! `redock station-sheet --out FILE.pdf [--lang pl]`: the sheet of command barcodes an inspector
//! keeps beside the scanner. Every answer of the inspection screen is on it (the F-keys send the
//! same commands), with the grades of the default scale and each grading set's top defects.

use anyhow::{Context, Result};
use redock_domain::grading::{demo_sets, GradingSet};
use redock_labels::{message, station_sheet, SheetEntry};
use std::path::Path;

/// The entries in `lang`: answers, grades, the sets' sheet defects, then the desk's commands.
pub fn entries(lang: &str) -> Vec<SheetEntry> {
    let t = |key: &str| {
        let m = message(lang, key).unwrap_or_else(|| key.to_owned());
        // Captions of the F-key hints carry the key ("F1 …"); the sheet has no keys.
        match m.split_once(' ') {
            Some((k, rest)) if k.starts_with('F') && k[1..].chars().all(|c| c.is_ascii_digit()) => {
                rest.to_owned()
            }
            _ => m,
        }
    };
    let mut out = vec![
        entry("CMD:OK", t("inspect-key-ok")),
        entry("CMD:FAIL", t("inspect-key-fail")),
        entry("CMD:PASS", t("inspect-key-pass")),
    ];
    let sets = demo_sets();
    // The default scale, best first (every demo set uses it).
    let grades: Vec<String> = sets.all().first().map(|s| s.grades.clone()).unwrap_or_default();
    for g in grades {
        out.push(entry(
            &format!("CMD:GRADE:{g}"),
            format!("{} {g}", t("inspect-grade")),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for set in sets.all() {
        for d in set.defects.iter().filter(|d| d.sheet) {
            if seen.insert(d.code.clone()) {
                out.push(entry(
                    &format!("CMD:DEFECT:{}", d.code),
                    GradingSet::text(&d.text, lang).to_owned(),
                ));
            }
        }
    }
    for (code, key) in [
        ("CMD:PHOTO", "inspect-key-photo"),
        ("CMD:HOLD", "inspect-key-hold"),
        ("CMD:UNDO", "inspect-key-undo"),
        ("CMD:NEXT", "inspect-key-next"),
        ("CMD:REPRINT", "print-reprint"),
        ("CMD:CLOSE", "action-closed"),
        ("CMD:EMPTY", "exception-empty_box"),
        ("CMD:DAMAGED", "parcel-damaged"),
    ] {
        out.push(entry(code, t(key)));
    }
    out
}

fn entry(code: &str, caption: String) -> SheetEntry {
    SheetEntry {
        code: code.to_owned(),
        caption,
    }
}

pub fn write(out: &Path, lang: &str) -> Result<usize> {
    let entries = entries(lang);
    let title = format!("Redock — {}", message(lang, "sheet-title").unwrap_or_default());
    let pdf = station_sheet(&title, &entries).context("drawing the station sheet")?;
    std::fs::write(out, pdf).with_context(|| format!("writing {}", out.display()))?;
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_on_the_sheet_is_one_the_station_obeys() {
        let codes = redock_domain::CodeConfig::demo();
        for lang in ["en", "pl", "ro", "nb", "ru"] {
            let e = entries(lang);
            assert!(e.len() >= 20, "{lang}: {}", e.len());
            for x in &e {
                let c = redock_domain::classify(&x.code, &codes);
                assert!(
                    c.valid && c.kind == redock_domain::CodeKind::Command,
                    "{lang} {}: {c:?}",
                    x.code
                );
                assert!(
                    !x.caption.is_empty() && !x.caption.starts_with("F1"),
                    "{lang} {}: {:?}",
                    x.code,
                    x.caption
                );
            }
        }
        let pl = entries("pl");
        assert_eq!(pl[0].caption, "Nie");
        assert!(pl
            .iter()
            .any(|x| x.code == "CMD:DEFECT:SCREEN_SCRATCH" && x.caption == "Porysowany ekran"));
    }
}
