use redock_station::store::Store;
use redock_station::{ScanSource, Station, SystemClock};
use std::sync::Arc;
use std::time::Duration;

fn count_events(station: &Station) -> i64 {
    station.status().unwrap().events_total
}

#[test]
fn refused_reads_say_why_and_record_nothing() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    let before = count_events(&t.station);
    let cases = [
        ("", "scan.empty"),
        ("\r\n", "scan.empty"),
        (&"7".repeat(5000) as &str, "scan.too_long"),
        ("59012\u{7}3", "scan.control_char"),
    ];
    for (raw, code) in cases {
        let e = t.station.scan(&s, raw, ScanSource::Wedge).unwrap_err();
        assert_eq!(e.code(), code, "{raw:?}");
    }
    let e = t.station.scan(&s, "ab\u{1b}", ScanSource::Wedge).unwrap_err();
    assert_eq!(e.details()["char"], "U+001B");
    assert_eq!(e.details()["position"], "2");
    assert_eq!(count_events(&t.station), before);
}

#[test]
fn locked_database_is_reported_and_the_scan_goes_through_after() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    let db = t.db();
    drop(t.station);
    let station = Station::from_store(
        Store::open_with(&db, Duration::from_millis(200), false).unwrap(),
        Arc::new(SystemClock),
        redock_domain::CodeConfig::demo(),
    )
    .unwrap();
    let other = rusqlite::Connection::open(&db).unwrap();
    other
        .execute_batch("BEGIN EXCLUSIVE; INSERT INTO meta VALUES ('x', 'y');")
        .unwrap();
    let e = station.scan(&s, "5901234123457", ScanSource::Wedge).unwrap_err();
    assert_eq!(e.code(), "store.busy");
    other.execute_batch("ROLLBACK").unwrap();
    station.scan(&s, "5901234123457", ScanSource::Wedge).unwrap();
}

#[test]
fn read_only_database_refuses_scans_visibly() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    let db = t.db();
    drop(t.station);
    let station = Station::from_store(
        Store::open_with(&db, Duration::from_millis(200), true).unwrap(),
        Arc::new(SystemClock),
        redock_domain::CodeConfig::demo(),
    )
    .unwrap();
    let status = station.status().unwrap();
    assert!(!status.writable);
    assert!(
        status.events_total > 0,
        "a read-only station still shows what it holds"
    );
    assert_eq!(
        station
            .scan(&s, "5901234123457", ScanSource::Wedge)
            .unwrap_err()
            .code(),
        "store.read_only"
    );
    assert_eq!(
        station.login("BADGE-0005", "1111").unwrap_err().code(),
        "store.read_only"
    );
}

#[test]
fn every_error_code_has_a_message_in_every_locale() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/i18n");
    for lang in ["en", "pl", "ro", "nb", "ru"] {
        let ftl = std::fs::read_to_string(format!("{dir}/{lang}.ftl")).unwrap();
        for code in redock_station::StationError::all_codes().chain(redock_domain::classify_error_codes()) {
            let key = format!("error-{} =", code.replace(['.', '_'], "-"));
            assert!(ftl.lines().any(|l| l.starts_with(&key)), "{lang}.ftl lacks {key}");
        }
        for code in redock_station::import::ROW_CODES {
            let key = format!("import-row-{code} =");
            assert!(ftl.lines().any(|l| l.starts_with(&key)), "{lang}.ftl lacks {key}");
        }
    }
}

#[test]
fn full_disk_is_reported_and_nothing_half_written() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    let before = count_events(&t.station);
    {
        // SQLite answers SQLITE_FULL when the file may not grow: the same path as a full disk.
        let c = t.station.store().lock_writer();
        let pages: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
        c.pragma_update(None, "max_page_count", pages).unwrap();
    }
    let mut last = None;
    for i in 0..500 {
        match t.station.scan(
            &s,
            &format!("FILLER-{i:04}-{}", "X".repeat(200)),
            ScanSource::Wedge,
        ) {
            Ok(_) => continue,
            Err(e) => {
                last = Some(e);
                break;
            }
        }
    }
    let e = last.expect("the database never filled up");
    assert_eq!(e.code(), "store.disk_full");
    let after = count_events(&t.station);
    let scans: i64 = t
        .station
        .store()
        .read(|c| c.query_row("SELECT count(*) FROM scan", [], |r| r.get(0)))
        .unwrap();
    // Every recorded event has its scan row and the other way round: the failed write left nothing.
    assert_eq!(after - before, scans);
    assert_eq!(
        t.station.store().integrity_check().unwrap(),
        vec!["ok".to_string()]
    );
}
