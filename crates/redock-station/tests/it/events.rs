use redock_station::projection;
use redock_station::receive::ReceiveInput;
use redock_station::ScanSource;

#[test]
fn sequence_is_dense_and_hashes_match() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    for code in ["5901234123457", "RMA-100001", "nonsense", "5901234123458"] {
        t.station.scan(&s, code, ScanSource::Manual).unwrap();
    }
    let events = t.station.events_after(0, 10_000).unwrap();
    assert!(events.len() > 20);
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e.seq, i as i64 + 1, "gap before {}", e.seq);
        assert_eq!(e.payload_hash, e.expected_hash().unwrap());
        assert_eq!(e.stream_id, events[0].stream_id);
        assert_eq!(uuid::Uuid::parse_str(&e.event_id).unwrap().get_version_num(), 7);
    }
    let hlcs: Vec<&str> = events.iter().map(|e| e.hlc.as_str()).collect();
    assert!(hlcs.windows(2).all(|w| w[0] < w[1]), "hlc not increasing");
    assert_eq!(events[0].kind, "stream_started");
}

#[test]
fn events_cannot_be_changed_or_deleted() {
    let t = crate::demo_station();
    let c = t.station.store().lock_writer();
    let upd = c
        .execute("UPDATE events SET kind = 'x' WHERE seq = 1", [])
        .unwrap_err();
    assert!(upd.to_string().contains("events are facts"), "{upd}");
    let del = c.execute("DELETE FROM events WHERE seq = 1", []).unwrap_err();
    assert!(del.to_string().contains("acknowledged"), "{del}");
}

#[test]
fn failed_change_leaves_no_event() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    let before = t.station.status().unwrap().events_total;
    // A receive naming an RMA line that does not exist violates a foreign key: the event written
    // before the failing insert must roll back with it.
    let err = t
        .station
        .receive_unit(
            &s,
            ReceiveInput {
                rma: Some("RMA-999999".into()),
                line_no: Some(1),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "store.error");
    assert_eq!(t.station.status().unwrap().events_total, before);
    let next = t.station.receive_unit(&s, ReceiveInput::default()).unwrap();
    assert_eq!(next.seq, before + 1, "sequence skipped a number after a rollback");
}

#[test]
fn projection_rebuilt_from_events_is_identical() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    for code in [
        "5901234123457",
        "RMA-100001",
        "1Z999AA10123456784",
        "ORD-2026-0003",
        "junk",
    ] {
        t.station.scan(&s, code, ScanSource::Wedge).unwrap();
    }
    let lpn = t
        .station
        .receive_unit(
            &s,
            ReceiveInput {
                rma: Some("RMA-100001".into()),
                line_no: Some(1),
                sku: Some("EL-HP-200".into()),
                gtin: Some("05901234123457".into()),
                serial: Some("HP200-00017".into()),
                ..Default::default()
            },
        )
        .unwrap()
        .lpn;
    t.station.scan(&s, &lpn, ScanSource::Wedge).unwrap();
    assert!(t.station.login("BADGE-0001", "0000").is_err());
    t.station.logout(&s).unwrap();

    let mut c = t.station.store().lock_writer();
    let before = projection::snapshot(&c).unwrap();
    let replayed = projection::rebuild(&mut c).unwrap();
    let after = projection::snapshot(&c).unwrap();
    assert_eq!(before, after);
    assert!(replayed > 25);
    // The snapshot really covers the state: it names the unit and the received count.
    assert!(before.contains(&lpn));
    // The headphones read before the parcel opened are taken in when it opens, then one more.
    assert!(before.contains("## unit (2)"));
}

#[test]
fn license_plates_are_sequential_per_station_and_valid() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    let a = t.station.receive_unit(&s, ReceiveInput::default()).unwrap().lpn;
    let b = t.station.receive_unit(&s, ReceiveInput::default()).unwrap().lpn;
    assert_eq!((a.as_str(), b.as_str()), ("LPN00100000016", "LPN00100000023"));
}

#[test]
fn crash_verification_notices_a_lost_write() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    let r = t.station.receive_unit(&s, ReceiveInput::default()).unwrap();
    let db = t.db();
    let (ok, _, units) = redock_station::crash::verify(&db, &[(r.seq, r.lpn.clone())], true).unwrap();
    assert!(ok.is_empty(), "{ok:?}");
    assert_eq!(units, 1);
    // An acknowledgement the database does not hold, and a unit whose event is missing.
    let (lost, _, _) =
        redock_station::crash::verify(&db, &[(r.seq + 100, "LPN00100000993".into())], false).unwrap();
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert!(lost[0].starts_with("acknowledged write lost"));
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch("PRAGMA foreign_keys = OFF; INSERT INTO unit (lpn, status, received_at) VALUES ('LPN00100000993', 'received', 'x');")
        .unwrap();
    let (orphan, _, _) = redock_station::crash::verify(&db, &[], true).unwrap();
    assert!(
        orphan.iter().any(|f| f == "1 units without their event"),
        "{orphan:?}"
    );
    assert!(
        orphan.iter().any(|f| f.starts_with("projection differs")),
        "{orphan:?}"
    );
}
