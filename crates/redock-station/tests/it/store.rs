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
