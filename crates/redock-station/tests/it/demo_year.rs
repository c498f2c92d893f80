//! `redock demo generate`: a year at a big dock must be a real station database (its log valid,
//! its projections what a rebuild gives) with a dock's rhythm and mix. On 2,000 units.

use redock_station::clock::SystemClock;
use redock_station::demo_year::{generate, YearPlan};
use redock_station::{projection, Station};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use time::macros::date;

const UNITS: u64 = 2_000;

/// One year, generated once for the tests below (a few seconds).
fn year() -> &'static Path {
    static YEAR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = YEAR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("year.sqlite");
        let plan = YearPlan {
            units: UNITS,
            last_day: date!(2026 - 11 - 22),
            seed: 7,
        };
        let report = generate(&path, &plan, |_| {}).unwrap();
        assert_eq!(report.units, UNITS);
        (dir, path)
    });
    path
}

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_generated_year_is_a_station_whose_projections_are_its_log_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.sqlite");
    std::fs::copy(year(), &copy).unwrap();
    let station = Station::open(&copy, Arc::new(SystemClock), redock_domain::CodeConfig::demo()).unwrap();
    let events = station.events_after(0, i64::MAX).unwrap();
    assert!(events.len() as u64 > UNITS * 10, "{} events", events.len());
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e.seq, i as i64 + 1, "gap before {}", e.seq);
        assert_eq!(e.payload_hash, e.expected_hash().unwrap(), "seq {}", e.seq);
        assert_eq!(e.stream_id, events[0].stream_id);
    }
    assert!(
        events.windows(2).all(|w| w[0].hlc < w[1].hlc),
        "hlc not increasing"
    );
    let times: Vec<time::OffsetDateTime> = events
        .iter()
        .map(|e| {
            time::OffsetDateTime::parse(&e.recorded_at, &time::format_description::well_known::Rfc3339)
                .unwrap()
        })
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "time goes back");
    let mut c = station.store().lock_writer();
    let generated = projection::snapshot(&c).unwrap();
    assert_eq!(projection::rebuild(&mut c).unwrap(), events.len() as u64);
    let rebuilt = projection::snapshot(&c).unwrap();
    if generated != rebuilt {
        let diff: Vec<_> = generated
            .lines()
            .zip(rebuilt.lines())
            .filter(|(a, b)| a != b)
            .take(5)
            .collect();
        panic!("the rebuild differs from the generated projections, first lines: {diff:#?}");
    }
    drop(c);
    assert_eq!(station.store().integrity_check().unwrap(), vec!["ok".to_string()]);
}

#[test]
fn a_generated_year_has_a_docks_rhythm_and_mix() {
    let c = Connection::open(year()).unwrap();
    assert_eq!(count(&c, "SELECT count(*) FROM unit"), UNITS as i64);
    assert_eq!(
        count(&c, "SELECT count(*) FROM inspection"),
        UNITS as i64,
        "every unit graded"
    );
    assert_eq!(count(&c, "SELECT count(*) FROM inspection_draft"), 0);

    // Parcels of one to three units, most of one; a few empty.
    let per_parcel: Vec<(i64, i64)> = c
        .prepare("SELECT n, count(*) FROM (SELECT count(u.lpn) n FROM parcel p LEFT JOIN unit u USING (parcel_id) GROUP BY p.parcel_id) GROUP BY n ORDER BY n")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let parcels = |n: i64| per_parcel.iter().find(|p| p.0 == n).map_or(0, |p| p.1);
    assert!(
        parcels(1) > parcels(2) && parcels(2) > parcels(3) && parcels(3) > 0,
        "{per_parcel:?}"
    );
    assert!(
        parcels(0) > 0 && per_parcel.iter().all(|p| p.0 <= 4),
        "{per_parcel:?}"
    );

    // The week: Monday's backlog, a short Saturday, Sunday closed outside the peak.
    let by_weekday = |d: &str| {
        count(
            &c,
            &format!("SELECT count(*) FROM unit WHERE strftime('%w', received_at) = '{d}'"),
        )
    };
    let (sunday, monday, friday, saturday) =
        (by_weekday("0"), by_weekday("1"), by_weekday("5"), by_weekday("6"));
    assert!(
        monday > friday && friday > saturday && saturday > sunday,
        "{monday} {friday} {saturday} {sunday}"
    );
    assert!(sunday * 20 < UNITS as i64, "{sunday} on Sundays");
    // The season: the January peak against the summer.
    let january = count(
        &c,
        "SELECT count(*) FROM unit WHERE received_at BETWEEN '2026-01-02' AND '2026-01-22'",
    );
    let july = count(
        &c,
        "SELECT count(*) FROM unit WHERE received_at BETWEEN '2026-07-02' AND '2026-07-22'",
    );
    assert!(january > july * 3 / 2, "January {january}, July {july}");
    // The day: the shifts' hours, little at night.
    let day_shifts = count(
        &c,
        "SELECT count(*) FROM scan WHERE substr(scanned_at, 12, 2) BETWEEN '06' AND '21'",
    );
    let scans = count(&c, "SELECT count(*) FROM scan");
    assert!(
        day_shifts * 10 > scans * 8,
        "{day_shifts} of {scans} between 06 and 22"
    );

    // Several operators, each shift its own session.
    assert!(count(&c, "SELECT count(DISTINCT operator_id) FROM inspection") >= 8);
    assert!(count(&c, "SELECT count(*) FROM operator_session") > 300);
    assert_eq!(
        count(&c, "SELECT count(*) FROM operator_session WHERE ended_at IS NULL"),
        0
    );

    // What goes wrong at a dock, all of it.
    for kind in [
        "unexpected_return",
        "wrong_item",
        "extra_item",
        "missing_item",
        "serial_mismatch",
        "empty_box",
        "damaged_in_transit",
        "late_return",
    ] {
        let n = count(
            &c,
            &format!("SELECT count(*) FROM receiving_exception WHERE kind = '{kind}'"),
        );
        assert!(n > 0, "no {kind}");
    }
    // Returns that never came stay expected.
    assert!(
        count(
            &c,
            "SELECT count(*) FROM expected_return WHERE status = 'expected'"
        ) > 50
    );

    // Grades and dispositions in a plausible mix; supervisors released holds.
    assert_eq!(count(&c, "SELECT count(DISTINCT grade) FROM inspection"), 6);
    let share = |channel: &str| {
        count(
            &c,
            &format!("SELECT count(*) FROM unit WHERE disposition = '{channel}'"),
        ) as f64
            / UNITS as f64
    };
    assert!(
        (0.25..0.7).contains(&share("restock")),
        "restock {}",
        share("restock")
    );
    assert!(share("hold") < 0.1, "hold {}", share("hold"));
    assert!(count(&c, "SELECT count(DISTINCT channel) FROM disposition") >= 6);
    assert!(
        count(
            &c,
            "SELECT count(*) FROM disposition WHERE decided_by = 'person' AND supersedes IS NOT NULL"
        ) > 20
    );

    // Every label claimed, then printed (some after waiting for the printer); the queue keeps the
    // last 30 days, the daily sweep took the rest out.
    assert_eq!(
        count(&c, "SELECT count(*) FROM print_job WHERE state <> 'done'"),
        0
    );
    let (queued, sending, attempted) = (
        count(&c, "SELECT count(*) FROM events WHERE kind = 'print_queued'"),
        count(&c, "SELECT count(*) FROM events WHERE kind = 'print_sending'"),
        count(&c, "SELECT count(*) FROM events WHERE kind = 'print_attempted'"),
    );
    assert!(
        queued as u64 > UNITS && sending >= queued && attempted == sending,
        "{queued} {sending} {attempted}"
    );
    assert!(count(&c, "SELECT count(*) FROM events WHERE kind = 'print_jobs_pruned'") > 0);
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM print_job WHERE finished_at < '2026-10-22'"
        ),
        0
    );
    assert!(count(&c, "SELECT count(*) FROM print_job") > 0);
}
