use redock_station::store::{Store, SCHEMA_VERSION};
use redock_station::StoreError;

#[test]
fn opens_with_wal_full_sync_and_foreign_keys() {
    let t = crate::demo_station();
    let c = t.station.store().lock_writer();
    let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!((mode.as_str(), sync, fk, version), ("wal", 2, 1, SCHEMA_VERSION));
}

/// The sync client's relaxed write (its ack) leaves the writer at synchronous=FULL afterwards,
/// whether it commits or fails: every other write still waits for the disk.
#[test]
fn a_relaxed_write_leaves_the_writer_at_full_sync() {
    let t = crate::demo_station();
    let store = t.station.store();
    store
        .write_relaxed(|tx| {
            tx.execute("INSERT INTO meta (key, value) VALUES ('pushed_upto', '3')", [])?;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let failed = store.write_relaxed(|_| Err::<(), _>(StoreError::Decode("no".into())));
    assert!(failed.is_err());
    let c = store.lock_writer();
    let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    let acked: String = c
        .query_row("SELECT value FROM meta WHERE key = 'pushed_upto'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!((sync, acked.as_str()), (2, "3"));
}

#[test]
fn every_migration_file_is_embedded_in_order() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations/station");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    let embedded: Vec<&str> = redock_station::store::MIGRATIONS
        .iter()
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(files, embedded);
    for (i, name) in embedded.iter().enumerate() {
        assert!(
            name.starts_with(&format!("{:04}_", i + 1)),
            "{name} is out of sequence"
        );
    }
}

#[test]
fn newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(StoreError::NewerSchema { found: 99, known }) => assert_eq!(known, SCHEMA_VERSION),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("a newer database was opened"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file was modified");
    assert!(
        !dir.path().join("future.sqlite-wal").exists(),
        "WAL was switched on"
    );
}

#[test]
fn reopening_keeps_data_and_stream() {
    let t = crate::demo_station();
    let status = t.station.status().unwrap();
    let db = t.db();
    let stream: String = t.station.events_after(0, 1).unwrap()[0].stream_id.clone();
    drop(t.station);
    let again = redock_station::Station::open(
        &db,
        std::sync::Arc::new(redock_station::SystemClock),
        redock_domain::CodeConfig::demo(),
    )
    .unwrap();
    assert!(!again.seed_demo_if_empty().unwrap(), "demo data loaded twice");
    assert_eq!(again.status().unwrap().events_total, status.events_total);
    assert_eq!(again.events_after(0, 1).unwrap()[0].stream_id, stream);
}

#[test]
fn not_a_database_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.sqlite");
    std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
    match Store::open(&path) {
        Err(StoreError::Corrupt(_)) => {}
        Err(e) => panic!("unexpected error {e:?}"),
        Ok(_) => panic!("junk opened as a database"),
    }
}

/// 0006 rebuilds `print_job` for its new states: the jobs of a station at schema 4 are kept as
/// they were, and a printed one says since when it is finished (as a replay of its events would).
/// (The rows here have no events, so the test stops before 0008, whose rebuild would replay the
/// log and leave none.)
#[test]
fn print_jobs_survive_the_print_once_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.sqlite");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        for (i, (_, sql)) in redock_station::store::MIGRATIONS[..4].iter().enumerate() {
            c.execute_batch(&format!("{sql}\nPRAGMA user_version = {};", i + 1))
                .unwrap();
        }
        c.execute_batch(
            "INSERT INTO print_job (job_id, printer, format, state, attempts, created_at, printed_at)
             VALUES ('j-done', 'folder x', 'pdf', 'done', 1, '2026-11-01T08:00:00Z', '2026-11-01T08:00:01Z'),
                    ('j-wait', 'raw h:9100', 'zpl', 'queued', 2, '2026-11-02T08:00:00Z', NULL);",
        )
        .unwrap();
    }
    let c = rusqlite::Connection::open(&path).unwrap();
    for (i, (_, sql)) in redock_station::store::MIGRATIONS[..7].iter().enumerate().skip(4) {
        c.execute_batch(&format!("BEGIN; {sql}\nPRAGMA user_version = {}; COMMIT;", i + 1))
            .unwrap();
    }
    type Row = (String, String, i64, Option<String>, Option<String>);
    let rows: Vec<Row> = c
        .prepare("SELECT job_id, state, attempts, printed_at, finished_at FROM print_job ORDER BY job_id")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let printed = Some("2026-11-01T08:00:01Z".to_string());
    assert_eq!(
        rows,
        [
            ("j-done".into(), "done".into(), 1, printed.clone(), printed),
            ("j-wait".into(), "queued".into(), 2, None, None),
        ]
    );
    c.execute(
        "UPDATE print_job SET state = 'sending' WHERE job_id = 'j-wait'",
        [],
    )
    .unwrap();
    let indexes: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'print_job'
               AND name IN ('print_job_waiting', 'print_job_lpn', 'print_job_finished')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 3);
}
