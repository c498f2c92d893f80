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
        ("CMD:NOLABEL", "parcel-key-nolabel"),
        ("CMD:LOGOUT", "station-logout"),
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

    /// A demo station with a parcel open and the headphones received, being inspected.
    fn desk_with_a_unit() -> (
        tempfile::TempDir,
        redock_station::Station,
        redock_station::Session,
    ) {
        use redock_station::{ScanSource, Station};
        let dir = tempfile::tempdir().expect("tempdir");
        let clock = std::sync::Arc::new(redock_station::clock::FixedClock::new(
            time::macros::datetime!(2026-11-23 08:00 UTC),
        ));
        let codes = redock_domain::CodeConfig::demo();
        let st = Station::open(&dir.path().join("s.sqlite"), clock, codes).expect("open");
        st.seed_demo_if_empty().expect("demo");
        let s = st.login("BADGE-0005", "1111").expect("login");
        st.scan(&s, "1Z999AA10123456784", ScanSource::Manual)
            .expect("parcel");
        st.scan(&s, "(01)05901234123457(21)HP200-00017", ScanSource::Manual)
            .expect("unit");
        (dir, st, s)
    }

    /// Every command the classifier takes for valid is on the sheet and does something at the
    /// desk: an effect on screen (receiving, an inspection step, a decision, a log-out), or an
    /// error that says why not now — never a silent nothing.
    #[test]
    fn every_command_the_classifier_accepts_is_on_the_sheet_and_does_something() {
        use redock_station::ScanSource;
        let codes = redock_domain::CodeConfig::demo();
        let on_sheet: Vec<String> = entries("en").into_iter().map(|e| e.code).collect();
        let sample = |word: &str| match word {
            "GRADE" => "A",
            "DEFECT" => "DENT",
            _ => "NO_FAULT",
        };
        let mut commands: Vec<String> = codes.commands.iter().map(|w| format!("CMD:{w}")).collect();
        for w in &codes.commands_with_value {
            assert!(
                on_sheet.iter().any(|c| c.starts_with(&format!("CMD:{w}:"))) || w == "REASON",
                "CMD:{w}:… is not on the station sheet"
            );
            commands.push(format!("CMD:{w}:{}", sample(w)));
        }
        for cmd in commands {
            let word = cmd.split(':').nth(1).unwrap_or_default();
            if !codes.commands_with_value.iter().any(|w| w == word) {
                assert!(on_sheet.contains(&cmd), "{cmd} is not on the station sheet");
            }
            // A parcel open and a unit on the desk: where every command has something to act on.
            let (_dir, st, s) = desk_with_a_unit();
            match st.scan(&s, &cmd, ScanSource::Manual) {
                Err(e) => assert!(e.code().contains('.'), "{cmd}: {e}"),
                Ok(o) => {
                    let did = o.receiving.is_some()
                        || o.logged_out
                        || o.parked.is_some()
                        || o.inspection
                            .as_ref()
                            .is_some_and(|i| i.action.is_some() || i.decision.is_some());
                    assert!(did, "{cmd} was taken and did nothing: {o:?}");
                }
            }
        }
    }

    #[test]
    fn cmd_logout_saves_what_is_graded_and_ends_the_session() {
        use redock_station::ScanSource;
        let (_dir, st, s) = desk_with_a_unit();
        st.scan(&s, "CMD:GRADE:A", ScanSource::Manual).expect("grade");
        let out = st.scan(&s, "CMD:LOGOUT", ScanSource::Wedge).expect("logout");
        assert!(out.logged_out);
        let decided = out
            .inspection
            .and_then(|i| i.decision)
            .expect("the graded unit was saved");
        assert_eq!(decided.grade.as_deref(), Some("A"));
        let e = st.scan(&s, "CMD:PASS", ScanSource::Manual).unwrap_err();
        assert_eq!(e.code(), "auth.not_logged_in");
        // The log-out key after it records nothing more.
        let events = st.status().expect("status").events_total;
        st.logout(&s).expect("logout");
        assert_eq!(st.status().expect("status").events_total, events);

        // The key does the same: an ungraded unit is parked with its label, not left behind.
        let s = st.login("BADGE-0005", "1111").expect("login");
        st.scan(&s, "]d2010460123456789321356938035643809", ScanSource::Manual)
            .expect("the phone");
        st.logout(&s).expect("logout");
        assert_eq!(st.waiting_units().expect("waiting").len(), 1);
    }
}
