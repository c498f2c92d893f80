//! The event log fit to leave the station: the frozen old database upgrades and rebuilds to the
//! same projections, personal data is erased from the file, compaction keeps the projections, the
//! hlc keeps order with the clock held back, origin, and bad input to each.

use redock_station::compact::LogSettings;
use redock_station::events::{current_version, EventBody};
use redock_station::{projection, ScanSource, Station, SystemClock};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/station/station-v7.sqlite")
}

/// The rows of `table` (the columns named), sorted, as text.
fn rows(c: &rusqlite::Connection, table: &str, columns: &[&str]) -> Vec<String> {
    let mut st = c
        .prepare(&format!("SELECT {} FROM {table}", columns.join(", ")))
        .unwrap();
    let n = columns.len();
    let mut out: Vec<String> = st
        .query_map([], |r| {
            let mut cells = Vec::new();
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i)?;
                cells.push(format!("{v:?}"));
            }
            Ok(cells.join("|"))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    out.sort();
    out
}

fn columns(c: &rusqlite::Connection, table: &str) -> Vec<String> {
    let mut st = c
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn file_has(path: &Path, needle: &str) -> bool {
    let mut found = false;
    for p in [
        path.to_path_buf(),
        PathBuf::from(format!("{}-wal", path.display())),
    ] {
        if let Ok(bytes) = std::fs::read(&p) {
            found |= bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        }
    }
    found
}

/// A station database made by the main of 2026-12-01 (schema 7, every event at version 1) opens,
/// migrates, and its projections are what they were: every column they had, but the two that
/// moved out (customers' names, PIN hashes), which are found where they went; a rebuild from the
/// upgraded log gives the same again. No event holds a customer's name or a PIN hash any more.
#[test]
fn the_database_of_today_s_main_opens_migrates_and_rebuilds_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.sqlite");
    std::fs::copy(fixture(), &db).unwrap();
    let old = rusqlite::Connection::open(&db).unwrap();
    let version: i64 = old.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 7, "the fixture is frozen at schema 7");
    let mut before = std::collections::BTreeMap::new();
    for t in projection::TABLES {
        let cols = columns(&old, t);
        if cols.is_empty() {
            continue; // a table this schema did not have yet
        }
        before.insert(t.to_string(), cols);
    }
    let names: Vec<(String, String)> = {
        let mut st = old
            .prepare("SELECT DISTINCT customer_id, customer_name FROM expected_return ORDER BY 1")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let pins: Vec<(String, String)> = {
        let mut st = old
            .prepare("SELECT operator_id, pin_hash FROM operator ORDER BY 1")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(names.len() > 10 && pins.len() > 10);
    let moved = ["customer_name", "pin_hash"];
    // scan.matched was the screen's view; it is now the log's match, checked below.
    let changed = ["matched"];
    let mut old_rows = std::collections::BTreeMap::new();
    for (t, cols) in &before {
        let kept: Vec<&str> = cols
            .iter()
            .map(String::as_str)
            .filter(|c| !moved.contains(c) && !changed.contains(c))
            .collect();
        old_rows.insert(t.clone(), (kept.clone(), rows(&old, t, &kept)));
    }
    let events_before: i64 = old
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    drop(old);

    let st = Station::open(&db, Arc::new(SystemClock), redock_domain::CodeConfig::demo()).unwrap();
    let c = st.store().lock_writer();
    for (t, (cols, was)) in &old_rows {
        assert_eq!(&rows(&c, t, cols), was, "table {t} changed in the upgrade");
    }
    let customers: Vec<(String, String)> = {
        let mut st = c
            .prepare("SELECT customer_id, name FROM customer ORDER BY 1")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(customers, names);
    let secrets: Vec<(String, String)> = {
        let mut st = c
            .prepare("SELECT operator_id, pin_hash FROM operator_secret ORDER BY 1")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(secrets, pins);
    let matched: Vec<String> = {
        let mut st = c
            .prepare("SELECT matched FROM scan WHERE matched IS NOT NULL")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(matched.len() > 50);
    for m in &matched {
        let v: serde_json::Value = serde_json::from_str(m).unwrap();
        assert!(v.get("found").is_some(), "{m}");
    }
    let upgraded = projection::snapshot(&c).unwrap();
    drop(c);

    let events = st.events_after(0, i64::MAX).unwrap();
    assert_eq!(events.len() as i64, events_before);
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e.seq, i as i64 + 1);
        assert_eq!(
            Some(e.schema_version as u32),
            current_version(&e.kind),
            "{}",
            e.kind
        );
        assert_eq!(e.payload_hash, e.expected_hash().unwrap(), "seq {}", e.seq);
        assert_eq!(e.origin, "station");
        assert!(!e.payload.contains("argon2"), "a PIN hash in {}", e.kind);
        assert!(!e.payload.contains("customer_name"), "{}", e.kind);
        // (A customer may share a name with an operator: operators' names are kept.)
        if e.kind != "operator_added" {
            for (_, name) in &names {
                assert!(
                    !e.payload.contains(name.as_str()),
                    "{name} in {} {}",
                    e.kind,
                    e.payload
                );
            }
        }
    }
    let mut c = st.store().lock_writer();
    projection::rebuild(&mut c).unwrap();
    assert_eq!(
        projection::snapshot(&c).unwrap(),
        upgraded,
        "rebuilt from the upgraded log"
    );
    drop(c);
    // And the station works on it.
    let s = st.login("BADGE-0001", "1234").unwrap();
    let out = st.scan(&s, "RMA-100001", ScanSource::Manual).unwrap();
    assert!(out.matched.is_some());
}

/// An admin erases a demo customer: the fact is recorded, the screens say "erased", and the name
/// is nowhere in the database file or its WAL.
#[test]
fn an_erased_customer_s_name_is_gone_from_the_file_and_its_wal() {
    let t = crate::demo_station();
    let name = "Ion Popescu";
    let s = crate::inspector(&t.station);
    let found = t.station.scan(&s, "RMA-100002", ScanSource::Manual).unwrap();
    let Some(redock_station::scan::Matched::Returns { returns, .. }) = &found.matched else {
        panic!()
    };
    assert_eq!(returns[0].customer_name.as_deref(), Some(name));
    assert!(
        file_has(&t.db(), name),
        "the name is in the file before the erasure"
    );
    for e in t.station.events_after(0, 100_000).unwrap() {
        assert!(
            !e.payload.contains(name),
            "{} carries the name: {}",
            e.kind,
            e.payload
        );
    }

    let err = t.station.erase_customer(&s, "cust-002", None).unwrap_err();
    assert_eq!(err.code(), "auth.forbidden");
    let admin = t.station.login("BADGE-0004", "4567").unwrap();
    let erased = t
        .station
        .erase_customer(&admin, "cust-002", Some("the customer asked"))
        .unwrap();
    assert_eq!(erased.returns, 1);
    assert!(
        !file_has(&t.db(), name),
        "the name is still in the file or its WAL"
    );

    let s = crate::inspector(&t.station);
    let again = t.station.scan(&s, "RMA-100002", ScanSource::Manual).unwrap();
    let Some(redock_station::scan::Matched::Returns { returns, .. }) = &again.matched else {
        panic!()
    };
    assert_eq!(returns[0].customer_name, None);
    assert!(returns[0].customer_erased);
    let last = t.station.events_after(erased.seq - 1, 1).unwrap();
    assert_eq!(last[0].kind, "customer_erased");
    assert_eq!(last[0].operator_id.as_deref(), Some("op-0004"));

    // A rebuild keeps it erased; the log did not have the name to bring back.
    let mut c = t.station.store().lock_writer();
    let before = projection::snapshot(&c).unwrap();
    projection::rebuild(&mut c).unwrap();
    assert_eq!(projection::snapshot(&c).unwrap(), before);
    drop(c);
    assert!(!file_has(&t.db(), name));

    // Bad input: nothing changed.
    let admin = t.station.login("BADGE-0004", "4567").unwrap();
    let total = t.station.status().unwrap().events_total;
    let e = t.station.erase_customer(&admin, "cust-002", None).unwrap_err();
    assert_eq!(e.code(), "customer.already_erased");
    let e = t.station.erase_customer(&admin, "cust-nobody", None).unwrap_err();
    assert_eq!(e.code(), "customer.unknown");
    assert_eq!(t.station.status().unwrap().events_total, total);
}

/// A reader holding an older snapshot (a backup tool, say) keeps the WAL from being truncated
/// after an erasure: the erasure stands, the truncation stays due, and it happens at the next
/// open once the reader has let go.
#[test]
fn an_erasure_whose_wal_a_reader_holds_is_truncated_at_the_next_open() {
    let t = crate::demo_station();
    let name = "Ion Popescu";
    let reader = rusqlite::Connection::open(t.db()).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let _: i64 = reader
        .query_row("SELECT count(*) FROM customer", [], |r| r.get(0))
        .unwrap();
    let admin = t.station.login("BADGE-0004", "4567").unwrap();
    let erased = t
        .station
        .erase_customer(&admin, "cust-002", Some("the customer asked"))
        .unwrap();
    assert!(erased.seq > 0);
    let due = |st: &redock_station::Station| -> bool {
        st.store()
            .read(|c| {
                c.query_row(
                    "SELECT count(*) FROM meta WHERE key = 'wal_truncate_due'",
                    [],
                    |r| r.get::<_, i64>(0),
                )
            })
            .unwrap()
            == 1
    };
    assert!(due(&t.station), "the truncation waits for the reader");
    assert!(
        file_has(&t.db(), name),
        "the reader's snapshot keeps the old page"
    );
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    let crate::TestStation { dir, station, clock } = t;
    drop(station);
    let path = dir.path().join("station.sqlite");
    let station = redock_station::Station::open(&path, clock, redock_domain::CodeConfig::demo()).unwrap();
    assert!(!due(&station));
    assert!(!file_has(&path, name), "the name is still in the file or its WAL");
}

/// The hub acknowledged part of the log: compaction removes the acknowledged events older than the
/// retention after a snapshot, and a rebuild (snapshot + the rest) gives the same projections.
#[test]
fn compaction_keeps_the_projections_and_a_rebuild_still_matches() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    for code in [
        "1Z999AA10123456784",
        "(01)05901234123457(21)HP200-00017",
        "CMD:PASS",
        "CMD:NEXT",
    ] {
        t.station.scan(&s, code, ScanSource::Wedge).unwrap();
        t.clock.advance(time::Duration::seconds(5));
    }
    t.clock.advance(time::Duration::days(40));
    for code in ["RMA-100003", "5012345678900", "CMD:GRADE:A", "CMD:CLOSE"] {
        t.station.scan(&s, code, ScanSource::Wedge).unwrap();
        t.clock.advance(time::Duration::seconds(5));
    }
    let admin = t.station.login("BADGE-0004", "4567").unwrap();
    let all = t.station.events_after(0, 100_000).unwrap();
    let last = all.last().unwrap().seq;

    // Standalone: everything is kept, and asking is an error that changes nothing.
    let e = t.station.compact(&admin, None).unwrap_err();
    assert_eq!(e.code(), "log.keep_everything");
    t.station
        .set_log_settings(
            &admin,
            &LogSettings {
                retention_days: Some(30),
            },
        )
        .unwrap();
    let e = t.station.compact(&admin, None).unwrap_err();
    assert_eq!(e.code(), "log.not_acknowledged");
    let acked = last - 3;
    t.station
        .store()
        .lock_writer()
        .execute(
            "INSERT INTO meta (key, value) VALUES ('pushed_upto', ?1)",
            [acked.to_string()],
        )
        .unwrap();
    let e = t.station.compact(&admin, Some(acked + 1)).unwrap_err();
    assert_eq!(e.code(), "log.not_acknowledged");
    assert_eq!(
        t.station.events_after(0, 100_000).unwrap().len(),
        all.len() + 1,
        "nothing removed"
    );
    let e = t.station.compact(&s, None).unwrap_err();
    assert_eq!(e.code(), "auth.forbidden");

    let before = projection::snapshot(&t.station.store().lock_writer()).unwrap();
    let done = t.station.compact(&admin, None).unwrap();
    // The old first day went; the days within the retention stayed, acknowledged or not.
    let old_end = all
        .iter()
        .filter(|e| e.recorded_at.as_str() < "2026-11-24")
        .map(|e| e.seq)
        .max()
        .unwrap();
    assert_eq!(done.snapshot_upto, old_end);
    assert_eq!(done.removed as i64, old_end);
    let left = t.station.events_after(0, 100_000).unwrap();
    assert_eq!(left[0].seq, old_end + 1);
    let mut c = t.station.store().lock_writer();
    assert_eq!(
        projection::snapshot(&c).unwrap(),
        before,
        "compaction changed the projections"
    );
    projection::rebuild(&mut c).unwrap();
    assert_eq!(
        projection::snapshot(&c).unwrap(),
        before,
        "snapshot + remaining events differ"
    );
    drop(c);
    // Compacting again removes nothing more; the station goes on with the next seq.
    assert_eq!(t.station.compact(&admin, None).unwrap().removed, 0);
    let s = crate::inspector(&t.station);
    let next = t.station.scan(&s, "RMA-100004", ScanSource::Manual).unwrap();
    assert!(next.seq > left.last().unwrap().seq);
}

/// The clock held back (set an hour behind the last event): 200,000 events keep their order.
#[test]
fn two_hundred_thousand_events_with_the_clock_held_back_keep_their_order() {
    let t = crate::demo_station();
    let last_before = t
        .station
        .events_after(0, 100_000)
        .unwrap()
        .last()
        .unwrap()
        .hlc
        .clone();
    t.clock.advance(-time::Duration::hours(1));
    let now = redock_station::clock::Clock::now(&*t.clock);
    t.station
        .store()
        .write(|tx| {
            for i in 0..200_000 {
                redock_station::events::record(
                    tx,
                    &EventBody::LoggedOut {
                        session_id: format!("s{i}"),
                        reason: None,
                    },
                    None,
                    now,
                )?;
            }
            Ok::<_, redock_station::error::StoreError>(())
        })
        .unwrap();
    let c = t.station.store().lock_writer();
    let (n, ordered, last): (i64, i64, String) = c
        .query_row(
            "SELECT count(*), sum(hlc > prev), max(hlc) FROM
               (SELECT hlc, lag(hlc) OVER (ORDER BY seq) AS prev FROM events WHERE hlc > ?1)",
            [&last_before],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(n, 200_000);
    assert_eq!(ordered, 199_999, "every event after the one before it");
    assert!(last > last_before);
}

/// An event of a kind or version this build cannot read stops a rebuild with a code, and the
/// projections stay as they were.
#[test]
fn an_unknown_kind_or_a_newer_version_in_the_log_is_an_error_and_changes_nothing() {
    for (kind, version) in [("teleported", 1), ("logged_out", 9)] {
        let t = crate::demo_station();
        let mut c = t.station.store().lock_writer();
        let before = projection::snapshot(&c).unwrap();
        c.execute(
            "INSERT INTO events (seq, event_id, stream_id, kind, schema_version, payload, payload_hash,
                                 recorded_at, hlc, operator_id, origin)
             SELECT max(seq) + 1, 'x', stream_id, ?1, ?2, '{\"session_id\":\"s\"}', 'h', recorded_at,
                    hlc || '9', NULL, 'station' FROM events",
            rusqlite::params![kind, version],
        )
        .unwrap();
        let e = projection::rebuild(&mut c).unwrap_err();
        let code = redock_station::error::StationError::from(e).code();
        assert_eq!(
            code,
            if kind == "teleported" {
                "event.unknown_kind"
            } else {
                "event.newer_version"
            }
        );
        assert_eq!(projection::snapshot(&c).unwrap(), before);
    }
}

/// Reference data received from the hub is marked so, and a push sends it back only as seq, id and
/// hash (the payload stays home); the station's own facts go whole.
#[test]
fn a_push_sends_the_station_s_own_facts_and_only_the_ids_of_what_the_hub_sent() {
    use redock_station::events::{record_from, to_push, Origin, Pushed, SkuAdded};
    let t = crate::demo_station();
    let last = t.station.status().unwrap().events_total;
    let now = redock_station::clock::Clock::now(&*t.clock);
    t.station
        .store()
        .write(|tx| {
            let sku = SkuAdded {
                sku: "HUB-1".into(),
                gtin: None,
                name: "From the hub".into(),
                category: "electronics".into(),
                vendor: None,
                cost_minor: 100,
                price_minor: 200,
                currency: "EUR".into(),
            };
            record_from(tx, &EventBody::SkuAdded(sku), None, now, Origin::Hub)
        })
        .unwrap();
    let s = crate::inspector(&t.station);
    t.station.scan(&s, "RMA-100001", ScanSource::Manual).unwrap();
    let pushed = t.station.store().read(|c| to_push(c, last, 100)).unwrap();
    let Pushed::Hub {
        seq, payload_hash, ..
    } = &pushed[0]
    else {
        panic!("{:?}", pushed[0])
    };
    assert_eq!(*seq, last + 1);
    let stored = &t.station.events_after(last, 1).unwrap()[0];
    assert_eq!(
        (stored.origin.as_str(), payload_hash),
        ("hub", &stored.payload_hash)
    );
    assert_eq!(stored.payload_hash, stored.expected_hash().unwrap());
    assert!(pushed[1..]
        .iter()
        .all(|p| matches!(p, Pushed::Station(e) if e.origin == "station")));
    assert!(serde_json::to_string(&pushed[0])
        .unwrap()
        .find("From the hub")
        .is_none());
}

/// Every event a station records is its own fact; at a station connected to a hub, an RMA file
/// is refused (the hub imports it for the site), so two stations never make competing facts.
#[test]
fn events_are_the_station_s_own_and_a_synced_station_imports_at_the_hub() {
    let t = crate::demo_station();
    assert!(t
        .station
        .events_after(0, 100_000)
        .unwrap()
        .iter()
        .all(|e| e.origin == "station"));
    let supervisor = t.station.login("BADGE-0003", "3456").unwrap();
    let file = "rma,shop,order_no,order_date,customer_id,customer_name,line_no,sku,quantity\n\
                RMA-200010,demo,O-1,2026-11-20,c-9,Ola Nordmann,1,EL-HP-200,1\n";
    t.station
        .store()
        .lock_writer()
        .execute(
            "INSERT INTO meta (key, value) VALUES ('hub_url', 'https://hub.example')",
            [],
        )
        .unwrap();
    let total = t.station.status().unwrap().events_total;
    let e = t.station.import_rmas(&supervisor, file.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "import.use_hub");
    assert_eq!(t.station.status().unwrap().events_total, total);
    t.station
        .store()
        .lock_writer()
        .execute("DELETE FROM meta WHERE key = 'hub_url'", [])
        .unwrap();
    let report = t.station.import_rmas(&supervisor, file.as_bytes()).unwrap();
    assert_eq!(report.imported, ["RMA-200010"]);
}
