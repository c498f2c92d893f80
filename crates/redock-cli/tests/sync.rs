#![allow(clippy::unwrap_used)] // tests: a panic is the failure report
//! Station ↔ hub against a real PostgreSQL and a real hub process (`redock hub serve`): the
//! failures of ../shared/sync.md, each a named test. `make test` (and `make check`) run these under
//! tests/pg/with-pg.sh, which starts a throwaway PostgreSQL and sets REDOCK_TEST_PG.

mod common;

use common::*;
use redock_station::{ScanSource, Station};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

#[test]
fn a_backlog_drains_in_batches_and_the_hub_holds_exactly_the_log() {
    let hub = Hub::start();
    let d = desk(&hub);
    for _ in 0..60 {
        work(&d.station, &["RMA-100001", "CMD:CLOSE"]);
    }
    let before = d.station.sync_status().unwrap();
    assert!(before.waiting > 500, "{before:?}");
    let report = d.station.sync_once().unwrap();
    assert!(report.batches >= 2, "{report:?}");
    assert_hub_holds(&hub, &d.station);
    let after = d.station.sync_status().unwrap();
    assert_eq!(after.waiting, 0);
    assert!(after.last_synced_at.is_some());
    // Nothing new: nothing sent.
    assert_eq!(d.station.sync_once().unwrap().pushed, 0);
}

#[test]
fn a_duplicate_batch_is_a_no_op() {
    let hub = Hub::start();
    let d = desk(&hub);
    let url = format!("{}/v1/streams/{}/events", hub.url, stream(&d.station));
    let b = batch(&d.station, 0, 20);
    let (s1, a1) = post(&url, &token(&d.station), &b);
    let (s2, a2) = post(&url, &token(&d.station), &b);
    assert_eq!((s1, s2), (200, 200));
    assert_eq!(
        (a1["accepted"].as_u64(), a1["held"].as_i64()),
        (Some(20), Some(20))
    );
    assert_eq!(
        (a2["accepted"].as_u64(), a2["duplicates"].as_u64()),
        (Some(0), Some(20))
    );
    assert_eq!(hub.held(&stream(&d.station)).len(), 20);
}

#[test]
fn reordered_batches_a_gap_is_refused_with_the_expected_seq() {
    let hub = Hub::start();
    let d = desk(&hub);
    let url = format!("{}/v1/streams/{}/events", hub.url, stream(&d.station));
    let (status, body) = post(&url, &token(&d.station), &batch(&d.station, 10, 5));
    assert_eq!(status, 409);
    assert_eq!(
        (body["code"].as_str(), body["expected"].as_i64()),
        (Some("gap"), Some(1))
    );
    assert!(hub.held(&stream(&d.station)).is_empty());
    // The station's own client recovers from it: it sends from where the hub stands.
    d.station
        .store()
        .lock_writer()
        .execute("INSERT INTO meta (key, value) VALUES ('pushed_upto', '10')", [])
        .unwrap();
    d.station.sync_once().unwrap();
    assert_hub_holds(&hub, &d.station);
}

#[test]
fn a_corrupted_payload_is_refused_and_nothing_of_its_batch_applied() {
    let hub = Hub::start();
    let d = desk(&hub);
    let url = format!("{}/v1/streams/{}/events", hub.url, stream(&d.station));
    let mut b = batch(&d.station, 0, 10);
    b["events"][6]["payload"] = serde_json::json!("{\"stream_id\":\"forged\"}");
    let (status, body) = post(&url, &token(&d.station), &b);
    assert_eq!(status, 422);
    assert_eq!(
        (body["code"].as_str(), body["seq"].as_i64()),
        (Some("push.hash_mismatch"), Some(7))
    );
    assert!(
        hub.held(&stream(&d.station)).is_empty(),
        "nothing applied half-way"
    );
    let (status, body) = post(&url, &token(&d.station), &serde_json::json!({ "events": "nope" }));
    assert_eq!((status, body["code"].as_str()), (422, Some("push.bad_batch")));
}

#[test]
fn an_unknown_event_kind_is_quarantined_and_acknowledged() {
    let hub = Hub::start();
    let d = desk(&hub);
    work(&d.station, &["RMA-100001"]);
    // A newer station's event (written by hand here): the hub keeps it, does not apply it, and the
    // stream goes on.
    let st = &d.station;
    let (seq, hlc, stream_id): (i64, String, String) = st
        .store()
        .read(|c| {
            c.query_row(
                "SELECT max(seq) + 1, max(hlc) || '1', max(stream_id) FROM events",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
        })
        .unwrap();
    let payload = "{\"beamed\":true}";
    let hash = redock_events::envelope_hash(
        &stream_id,
        seq,
        "teleported",
        1,
        redock_events::Origin::Station,
        payload,
    );
    st.store()
        .lock_writer()
        .execute(
            "INSERT INTO events (seq, event_id, stream_id, kind, schema_version, payload, payload_hash,
                                     recorded_at, hlc, operator_id, origin)
                 VALUES (?1, ?2, ?3, 'teleported', 1, ?4, ?5, '2026-12-01T10:00:00Z', ?6, NULL, 'station')",
            rusqlite::params![
                seq,
                uuid::Uuid::now_v7().to_string(),
                stream_id,
                payload,
                hash,
                hlc
            ],
        )
        .unwrap();
    let report = st.sync_once().unwrap();
    assert_eq!(report.quarantined, [(seq, "event.unknown_kind".to_string())]);
    let held = hub.held(&stream_id);
    assert_eq!(held.last().unwrap().2.as_deref(), Some("event.unknown_kind"));
    assert_eq!(held.len() as i64, seq);
}

fn lpns(st: &Station) -> Vec<(String, String)> {
    st.store()
        .read(|c| {
            c.prepare("SELECT lpn, sku FROM unit ORDER BY lpn")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()
        })
        .unwrap()
}

#[test]
fn a_station_restored_from_an_old_backup_goes_on_in_a_new_stream_and_gets_its_lost_work_back() {
    let hub = Hub::start();
    let d = desk(&hub);
    work(&d.station, &A_UNIT);
    d.station.sync_once().unwrap();
    let s1 = stream(&d.station);
    // The backup, taken now.
    let backup = d.path.with_file_name("backup.sqlite");
    d.station
        .store()
        .lock_writer()
        .execute("VACUUM INTO ?1", [backup.to_str().unwrap()])
        .unwrap();
    let backed_up = local_log(&d.station).last().unwrap().0;
    // Work the backup does not have: two more units, pushed to the hub.
    let grinder = [
        "RMA-100004",
        "(01)08712345678906(21)KV-GR-55102",
        "CMD:PASS",
        "CMD:NEXT",
        "CMD:CLOSE",
    ];
    let case = [
        "RMA-100002",
        "(01)00000096385074",
        "CMD:PASS",
        "CMD:NEXT",
        "CMD:CLOSE",
    ];
    work(&d.station, &grinder);
    work(&d.station, &case);
    d.station.sync_once().unwrap();
    let original = lpns(&d.station);
    assert_eq!(original.len(), 3, "{original:?}");
    let held_s1 = hub.held(&s1);

    // The disk died; the backup comes back and the dock works on it (its LPN counter is the
    // backup's: the jacket gets the grinder's LPN), then syncs.
    let restored = open(&backup);
    work(
        &restored,
        &[
            "RMA-100003",
            "(01)05012345678900",
            "CMD:PASS",
            "CMD:NEXT",
            "CMD:CLOSE",
        ],
    );
    restored.sync_once().unwrap();
    let status = restored.sync_status().unwrap();
    assert!(status.stopped.is_none(), "{status:?}");
    assert_eq!(status.waiting, 0);
    assert_eq!(
        status.notice.as_ref().map(|n| n.code.as_str()),
        Some("sync.stream_continued")
    );
    let s2 = restored
        .store()
        .read(|c| {
            c.query_row("SELECT value FROM meta WHERE key = 'stream_id'", [], |r| {
                r.get::<_, String>(0)
            })
        })
        .unwrap();
    assert_ne!(s2, s1);
    // Nothing overwritten at the hub: the old stream as it was, closed, continued by the new one
    // from the first seq the two databases disagree on.
    assert_eq!(hub.held(&s1), held_s1, "nothing overwritten at the hub");
    // The first seq the two databases disagree on (the logout both recorded when the next
    // operator logged in is the same fact in both, hash and all).
    let first = local_log(&d.station)
        .into_iter()
        .zip(local_log(&restored))
        .find(|(a, b)| a != b)
        .unwrap()
        .0
         .0;
    assert!(first > backed_up);
    assert_eq!(
        hub.rows(&format!(
            "SELECT succeeded_by::text, (closed_at IS NOT NULL)::text FROM stream WHERE stream_id = '{s1}'"
        )),
        [[Some(s2.clone()), Some("true".into())]]
    );
    assert_eq!(
        hub.rows(&format!(
            "SELECT continues::text, first_seq::text FROM stream WHERE stream_id = '{s2}'"
        )),
        [[Some(s1.clone()), Some(first.to_string())]]
    );
    // The new stream holds every event the restored database recorded since the backup, under
    // their own seqs, and the `stream_started` fact.
    let local = restored.events_after(first - 1, i64::MAX).unwrap();
    let held_s2: Vec<i64> = hub.held(&s2).into_iter().map(|(s, _, _)| s).collect();
    assert_eq!(held_s2, local.iter().map(|e| e.seq).collect::<Vec<_>>());
    assert_eq!(local.last().unwrap().kind, "stream_started");

    // The next pull brings the lost work back: the case's unit, graded and decided; the grinder's
    // LPN was given out again to the jacket, so it is flagged, not merged.
    let report = restored.pull_once().unwrap();
    assert!(report.applied > 0, "{report:?}");
    let now = lpns(&restored);
    let (jacket_lpn, grinder_lpn, case_lpn) = (&now[1].0, &original[1].0, &original[2].0);
    assert_eq!(
        jacket_lpn, grinder_lpn,
        "the restored counter gave the same LPN out again"
    );
    assert_eq!(now.len(), 3, "{now:?}");
    assert_eq!(now[1].1, "AP-JKT-M", "the jacket keeps its LPN");
    assert_eq!(&now[2], &original[2], "the case's unit came back");
    assert!(
        restored.decision(case_lpn).unwrap().is_some(),
        "with its decision"
    );
    let reused: Vec<String> = restored
        .store()
        .read(|c| {
            c.prepare("SELECT lpn FROM lpn_reused")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<Vec<_>, _>>()
        })
        .unwrap();
    assert_eq!(reused, std::slice::from_ref(grinder_lpn));
    let notice = restored.sync_status().unwrap().notice.unwrap();
    assert_eq!(
        (notice.code.as_str(), notice.message.as_str()),
        ("sync.lpn_reused", grinder_lpn.as_str())
    );
    // Pulled facts are never pushed back as the station's own, and a second pull takes nothing.
    restored.sync_once().unwrap();
    assert_eq!(restored.pull_once().unwrap().applied, 0);
    assert_eq!(lpns(&restored).len(), 3);
    // The hub has the two receipts of that LPN in its conflict queue.
    let (code, queue) = get(
        &format!("{}/v1/sites/{SITE}/conflicts", hub.url),
        &token(&restored),
    );
    assert_eq!(code, 200);
    let receipts: Vec<&serde_json::Value> = queue
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["register"] == "receipt")
        .collect();
    assert_eq!(receipts.len(), 1, "{queue:?}");
    assert_eq!(receipts[0]["lpn"], grinder_lpn.as_str());
    let streams: Vec<&str> = receipts[0]["heads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["stream_id"].as_str().unwrap())
        .collect();
    let mut both = vec![s1.as_str(), s2.as_str()];
    both.sort();
    assert_eq!(streams, both);

    // Asking again for the same successor (an answer not heard) is the same answer; for another,
    // the stream is closed.
    let url = format!("{}/v1/streams/{s1}/successor", hub.url);
    let again = post(
        &url,
        &token(&restored),
        &serde_json::json!({ "stream_id": s2, "first_seq": first }),
    );
    assert_eq!((again.0, again.1["stream_id"].as_str()), (200, Some(s2.as_str())));
    let other = uuid::Uuid::now_v7().to_string();
    let refused = post(
        &url,
        &token(&restored),
        &serde_json::json!({ "stream_id": other, "first_seq": first }),
    );
    assert_eq!(
        (
            refused.0,
            refused.1["code"].as_str(),
            refused.1["successor"].as_str()
        ),
        (409, Some("stream_closed"), Some(s2.as_str()))
    );

    // The dead disk's database, if it ever comes back, is caught: another copy goes on as the
    // station, and this one stops and says so.
    work(&d.station, &["RMA-100001", "CMD:CLOSE"]);
    assert_eq!(d.station.sync_once().unwrap_err().code(), "sync.stream_closed");
    assert_eq!(
        d.station.sync_status().unwrap().stopped.unwrap().code,
        "sync.stream_closed"
    );
    assert_eq!(hub.held(&s1), held_s1);
}

#[test]
fn a_revoked_token_stops_the_station_at_its_next_request_and_it_says_so() {
    let hub = Hub::start();
    let d = desk(&hub);
    d.station.sync_once().unwrap();
    let station_id = "station-wro-1-01";
    let listed: serde_json::Value = serde_json::from_str(&hub.admin(&["stations", "--site", SITE])).unwrap();
    assert_eq!(listed[0]["station_id"], station_id, "{listed}");
    assert!(
        listed[0]["last_seen_at"].is_string() && listed[0]["revoked_at"].is_null(),
        "{listed}"
    );
    assert!(hub
        .admin(&["revoke", "--site", SITE, "--station", station_id])
        .contains("revoked"));
    let listed: serde_json::Value = serde_json::from_str(&hub.admin(&["stations", "--site", SITE])).unwrap();
    assert!(listed[0]["revoked_at"].is_string(), "{listed}");
    work(&d.station, &["RMA-100001"]);
    assert_eq!(d.station.sync_once().unwrap_err().code(), "sync.revoked");
    assert_eq!(
        d.station.sync_status().unwrap().stopped.unwrap().code,
        "sync.revoked"
    );
    // Enrolled again with a new code, it goes on from where the hub stands.
    let admin = d.station.login("BADGE-0004", "4567").unwrap();
    d.station.enrol(&admin, &hub.url, &hub.code()).unwrap();
    d.station.sync_once().unwrap();
    assert_hub_holds(&hub, &d.station);
}

#[test]
fn enrol_twice_a_code_is_used_once_and_a_copied_database_is_refused() {
    let hub = Hub::start();
    let d = desk(&hub);
    let code = hub.code();
    // A copy of the first station's database (the same stream), set up as another station: the
    // hub refuses it, and the refusal does not use the code up.
    let copy = d.path.with_file_name("copy.sqlite");
    d.station
        .store()
        .lock_writer()
        .execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    let copied = open(&copy);
    copied
        .store()
        .lock_writer()
        .execute("UPDATE station SET station_id = 'station-wro-1-02'", [])
        .unwrap();
    let admin = copied.login("BADGE-0004", "4567").unwrap();
    let e = copied.enrol(&admin, &hub.url, &code).unwrap_err();
    assert!(e.to_string().contains("enrol.stream_taken"), "{e}");
    // A station of its own (a new database, a new stream) enrols with that code; twice, no.
    let other = open(&d._dir.path().join("other.sqlite"));
    other.seed_demo_if_empty().unwrap();
    other
        .store()
        .lock_writer()
        .execute("UPDATE station SET station_id = 'station-wro-1-03'", [])
        .unwrap();
    let admin = other.login("BADGE-0004", "4567").unwrap();
    assert_eq!(
        other
            .enrol(&admin, &hub.url, "site-other.abcd")
            .unwrap_err()
            .code(),
        "sync.other_site"
    );
    other.enrol(&admin, &hub.url, &code).unwrap();
    let e = other.enrol(&admin, &hub.url, &code).unwrap_err();
    assert!(e.to_string().contains("enrol.invalid_code"), "{e}");
    other.sync_once().unwrap();
    d.station.sync_once().unwrap();
    assert_hub_holds(&hub, &other);
    assert_hub_holds(&hub, &d.station);
}

#[test]
fn a_station_sees_only_its_own_site() {
    let hub = Hub::start();
    hub.admin(&["site", "--org", "Demo", "--id", "site-osl-1", "--name", "Oslo"]);
    let d = desk(&hub);
    d.station.sync_once().unwrap();
    let agent = ureq::Agent::new_with_config(
        ureq::config::Config::builder()
            .http_status_as_error(false)
            .build(),
    );
    let get = |site: &str| {
        let mut r = agent
            .get(format!("{}/v1/sites/{site}/changes?after=0&limit=10", hub.url))
            .header("Authorization", format!("Bearer {}", token(&d.station)))
            .call()
            .unwrap();
        (
            r.status().as_u16(),
            r.body_mut().read_json::<serde_json::Value>().unwrap(),
        )
    };
    let (status, body) = get(SITE);
    assert_eq!(status, 200);
    assert_eq!(body["changes"].as_array().unwrap().len(), 10);
    assert_eq!(body["next"], 10);
    let (status, body) = get("site-osl-1");
    assert_eq!((status, body["code"].as_str()), (403, Some("auth.forbidden")));
    let (status, _) = post(
        &format!("{}/v1/streams/{}/events", hub.url, stream(&d.station)),
        "rdk1.site-wro-1.station-wro-1-01.0000",
        &batch(&d.station, 0, 1),
    );
    assert_eq!(status, 401);
}

#[test]
fn hub_down_the_dock_goes_on_and_the_backlog_drains_when_it_is_back() {
    let hub = Hub::start();
    let d = desk(&hub);
    d.station.sync_once().unwrap();
    let url = hub.url.clone();
    let listen = url.trim_start_matches("http://").to_string();
    let database = hub.stop();
    work(&d.station, &A_UNIT);
    let e = d.station.sync_once().unwrap_err();
    assert_eq!(e.code(), "sync.hub_unreachable");
    let status = d.station.sync_status().unwrap();
    assert!(
        status.unreachable_since.is_some() && status.waiting > 0,
        "{status:?}"
    );
    work(&d.station, &["RMA-100002", "CMD:CLOSE"]);
    let hub = Hub::serve(&database, &listen);
    d.station.sync_once().unwrap();
    assert_hub_holds(&hub, &d.station);
    let status = d.station.sync_status().unwrap();
    assert_eq!((status.waiting, status.unreachable_since), (0, None));
}

/// The pull cursor across a late commit: while one writer holds the site's counter row (its
/// transaction not yet committed), another station's push waits behind it instead of taking a later
/// number and committing first; the first writer rolls back and its number is given back. The
/// feed has no hole and a reader walking it with a cursor sees every change, in order.
#[test]
#[allow(clippy::disallowed_methods)] // a plain test thread waits; no async runtime here
fn the_pull_cursor_never_skips_a_row_that_commits_late() {
    let hub = Hub::start();
    let d1 = desk(&hub);
    d1.station.sync_once().unwrap();
    let d2_dir = tempfile::tempdir().unwrap();
    let d2 = open(&d2_dir.path().join("s2.sqlite"));
    d2.seed_demo_if_empty().unwrap();
    d2.store()
        .lock_writer()
        .execute("UPDATE station SET station_id = 'station-wro-1-02'", [])
        .unwrap();
    let admin = d2.login("BADGE-0004", "4567").unwrap();
    d2.enrol(&admin, &hub.url, &hub.code()).unwrap();
    let feed = |after: i64| -> Vec<i64> {
        let agent = ureq::Agent::new_with_config(
            ureq::config::Config::builder()
                .http_status_as_error(false)
                .build(),
        );
        let mut r = agent
            .get(format!(
                "{}/v1/sites/{SITE}/changes?after={after}&limit=5000",
                hub.url
            ))
            .header("Authorization", format!("Bearer {}", token(&d1.station)))
            .call()
            .unwrap();
        let body: serde_json::Value = r.body_mut().read_json().unwrap();
        body["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["change_no"].as_i64().unwrap())
            .collect()
    };
    let seen = feed(0);
    let cursor = *seen.last().unwrap();
    let rt = rt();
    let pool = redock_hub::db::pool(&hub.database, 1).unwrap();
    let mut client = rt.block_on(pool.get()).unwrap();
    let tx = rt.block_on(client.transaction()).unwrap();
    let held: i64 = rt
        .block_on(tx.query_one(
            "UPDATE site_feed SET n = n + 1 WHERE site_id = $1 RETURNING n",
            &[&SITE],
        ))
        .unwrap()
        .get(0);
    assert_eq!(held, cursor + 1);
    let pusher = std::thread::spawn(move || {
        let r = d2.sync_once();
        (d2, r)
    });
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(!pusher.is_finished(), "the second push waits for the counter row");
    assert!(
        feed(cursor).is_empty(),
        "nothing is visible before the first writer ends"
    );
    rt.block_on(tx.rollback()).unwrap();
    let (d2, r) = pusher.join().unwrap();
    let report = r.unwrap();
    let after = feed(cursor);
    assert_eq!(after.len() as u64, report.pushed);
    let expected: Vec<i64> = (cursor + 1..=cursor + report.pushed as i64).collect();
    assert_eq!(
        after, expected,
        "the rolled-back number was given back: no hole, in order"
    );
    assert_hub_holds(&hub, &d2);
}

/// The station stopped after the hub committed a batch but before the answer came back (the ack
/// was lost): the next sync sends the batch again, the hub takes it as a duplicate, nothing is
/// doubled.
#[test]
fn a_lost_ack_resends_the_batch_as_a_duplicate_and_nothing_is_doubled() {
    let hub = Hub::start();
    let d = desk(&hub);
    work(&d.station, &A_UNIT);
    let url = format!("{}/v1/streams/{}/events", hub.url, stream(&d.station));
    // The hub commits; the station never hears of it (its pushed_upto stays 0).
    let (status, answer) = post(&url, &token(&d.station), &batch(&d.station, 0, 30));
    assert_eq!((status, answer["held"].as_i64()), (200, Some(30)));
    assert_eq!(d.station.sync_status().unwrap().pushed_upto, 0);
    let report = d.station.sync_once().unwrap();
    assert_hub_holds(&hub, &d.station);
    assert_eq!(
        report.held,
        d.station.events_after(0, i64::MAX).unwrap().last().unwrap().seq
    );
}

/// A station whose clock is a day ahead, and one a day behind: the hub takes their events as they
/// are (recorded_at as the station said), in each stream's order.
#[test]
fn clock_skew_of_a_day_either_way_loses_and_reorders_nothing() {
    use redock_station::clock::FixedClock;
    let hub = Hub::start();
    for (i, skew) in [time::Duration::days(1), -time::Duration::days(1)]
        .into_iter()
        .enumerate()
    {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(FixedClock::new(time::OffsetDateTime::now_utc() + skew));
        let st = Station::open(
            &dir.path().join("s.sqlite"),
            clock.clone(),
            redock_domain::CodeConfig::demo(),
        )
        .unwrap();
        st.seed_demo_if_empty().unwrap();
        st.store()
            .lock_writer()
            .execute(
                "UPDATE station SET station_id = ?1",
                [format!("station-skew-{i}")],
            )
            .unwrap();
        let admin = st.login("BADGE-0004", "4567").unwrap();
        st.enrol(&admin, &hub.url, &hub.code()).unwrap();
        work(&st, &A_UNIT);
        st.sync_once().unwrap();
        assert_hub_holds(&hub, &st);
    }
}

/// The hub was down for days: a backlog of 100,000 events drains when it is back, in batches,
/// and the hub holds exactly the log.
#[test]
fn a_hundred_thousand_event_backlog_drains_after_days_without_the_hub() {
    let hub = Hub::start();
    let d = desk(&hub);
    let now = time::OffsetDateTime::now_utc();
    d.station
        .store()
        .write(|tx| {
            for i in 0..100_000 {
                redock_station::events::record(
                    tx,
                    &redock_station::events::EventBody::LoggedOut {
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
    let report = d.station.sync_once().unwrap();
    assert!(report.batches >= 200, "{report:?}");
    assert_eq!(d.station.sync_status().unwrap().waiting, 0);
    assert_hub_holds(&hub, &d.station);
}

/// A hub database migrated by a newer hub is refused by this one's `migrate`, untouched; and a
/// database this hub has not migrated says so at /readyz.
#[test]
fn a_hub_schema_newer_than_the_hub_is_refused_and_an_older_one_is_not_ready() {
    let hub = Hub::start();
    rt().block_on(async {
        let pool = redock_hub::db::pool(&hub.database, 1).unwrap();
        let c = pool.get().await.unwrap();
        c.execute(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (99, '0099_future.sql', 'x')",
            &[],
        )
        .await
        .unwrap();
    });
    let out = redock()
        .args(["hub", "migrate"])
        .env("REDOCK_HUB_DATABASE_URL", &hub.database)
        .env("REDOCK_HUB_LISTEN", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[hub.migration]") && err.contains("newer hub"),
        "{err}"
    );
    let agent = ureq::Agent::new_with_config(
        ureq::config::Config::builder()
            .http_status_as_error(false)
            .build(),
    );
    let ready = agent
        .get(format!("{}/readyz", hub.url))
        .call()
        .unwrap()
        .status()
        .as_u16();
    assert_eq!(ready, 503, "a newer schema is not this hub's");
    // An empty database (never migrated) is not ready either, and says what to run.
    let fresh = fresh_database();
    let other = Hub::serve(&fresh, "127.0.0.1:0");
    let mut r = agent.get(format!("{}/readyz", other.url)).call().unwrap();
    assert_eq!(r.status().as_u16(), 503);
    assert!(r
        .body_mut()
        .read_to_string()
        .unwrap()
        .contains("redock hub migrate"));
    // Migrated, it is ready; a migration whose text differs from what was applied is not.
    let out = redock()
        .args(["hub", "migrate"])
        .env("REDOCK_HUB_DATABASE_URL", &fresh)
        .env("REDOCK_HUB_LISTEN", "127.0.0.1:0")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let status = |agent: &ureq::Agent| {
        let mut r = agent.get(format!("{}/readyz", other.url)).call().unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    };
    assert_eq!(status(&agent).0, 200);
    rt().block_on(async {
        let pool = redock_hub::db::pool(&fresh, 1).unwrap();
        let c = pool.get().await.unwrap();
        c.execute(
            "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 2",
            &[],
        )
        .await
        .unwrap();
    });
    let (code, why) = status(&agent);
    assert_eq!(code, 503);
    assert!(why.contains("another checksum"), "{why}");
}

/// The hub killed in the middle of a push's transaction (here: while it waits for the stream's
/// head row): PostgreSQL rolls its transaction back, the station is told the hub is unreachable,
/// and the next sync against the restarted hub leaves exactly the log there.
#[test]
#[allow(clippy::disallowed_methods)] // a plain test thread waits; no async runtime here
fn the_hub_killed_mid_transaction_loses_and_doubles_nothing() {
    let hub = Hub::start();
    let d = desk(&hub);
    d.station.sync_once().unwrap();
    work(&d.station, &A_UNIT);
    let listen = hub.url.trim_start_matches("http://").to_string();
    let stream_id = stream(&d.station);
    let rt = rt();
    let pool = redock_hub::db::pool(&hub.database, 1).unwrap();
    let mut client = rt.block_on(pool.get()).unwrap();
    let tx = rt.block_on(client.transaction()).unwrap();
    rt.block_on(tx.execute(
        "SELECT 1 FROM stream WHERE stream_id = $1::text::uuid FOR UPDATE",
        &[&stream_id],
    ))
    .unwrap();
    let station = d.station;
    let pusher = std::thread::spawn(move || {
        let r = station.sync_once();
        (station, r)
    });
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(
        !pusher.is_finished(),
        "the push waits inside the hub's transaction"
    );
    let database = hub.stop();
    let (station, r) = pusher.join().unwrap();
    assert_eq!(r.unwrap_err().code(), "sync.hub_unreachable");
    rt.block_on(tx.rollback()).unwrap();
    let hub = Hub::serve(&database, &listen);
    station.sync_once().unwrap();
    assert_hub_holds(&hub, &station);
}

/// A private CA and a hub certificate for 127.0.0.1 signed by it (openssl, from Debian).
fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "req",
        "-x509",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Redock test CA",
    ]);
    run(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "hub.key",
        "-out",
        "hub.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    std::fs::write(
        dir.join("ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "hub.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "hub.pem",
        "-days",
        "2",
        "-extfile",
        "ext",
    ]);
    (dir.join("ca.pem"), dir.join("hub.pem"), dir.join("hub.key"))
}

/// Over HTTPS with a private CA: a station given the CA at enrolment syncs; one that trusts only
/// the public CAs does not reach it (and says the hub is unreachable); plain HTTP on an address
/// that is not loopback is refused.
#[test]
fn https_with_a_private_ca_and_no_plain_http_off_loopback() {
    let plain = Hub::start();
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(dir.path());
    let hub = Hub::serve_with(&plain.database, "127.0.0.1:0", Some((&cert, &key)));
    assert!(hub.url.starts_with("https://"), "{}", hub.url);
    let dir2 = tempfile::tempdir().unwrap();
    let st = open(&dir2.path().join("s.sqlite"));
    st.seed_demo_if_empty().unwrap();
    let admin = st.login("BADGE-0004", "4567").unwrap();
    let code = plain.code();
    let e = st.enrol(&admin, &hub.url, &code).unwrap_err();
    assert_eq!(e.code(), "sync.hub_unreachable", "{e}");
    let pem = std::fs::read_to_string(&ca).unwrap();
    st.enrol_trusting(&admin, &hub.url, &code, Some(&pem)).unwrap();
    work(&st, &A_UNIT);
    st.sync_once().unwrap();
    assert_hub_holds(&hub, &st);
    let out = redock()
        .args(["hub", "serve"])
        .env("REDOCK_HUB_DATABASE_URL", &plain.database)
        .env("REDOCK_HUB_LISTEN", "0.0.0.0:0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[hub.config]") && err.contains("in the clear"),
        "{err}"
    );
}

/// The hub's projections are the union of its stations' facts, applied in the push transaction:
/// two stations' units, inspections, decisions, labels and exceptions are there, and a rebuild
/// from the hub's events gives the same.
#[test]
fn the_hub_s_projections_are_its_events_replayed() {
    let hub = Hub::start();
    let d1 = desk(&hub);
    work(&d1.station, &A_UNIT);
    work(
        &d1.station,
        &["RMA-100003", "5012345678900", "CMD:GRADE:A", "CMD:CLOSE"],
    );
    d1.station.sync_once().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d2 = open(&dir.path().join("s2.sqlite"));
    d2.seed_demo_if_empty().unwrap();
    d2.store()
        .lock_writer()
        .execute(
            "UPDATE station SET station_id = 'station-wro-1-02', station_number = 2",
            [],
        )
        .unwrap();
    let admin = d2.login("BADGE-0004", "4567").unwrap();
    d2.enrol(&admin, &hub.url, &hub.code()).unwrap();
    work(
        &d2,
        &[
            "RMA-100002",
            "00000096385074",
            "CMD:FAIL",
            "CMD:NEXT",
            "CMD:CLOSE",
        ],
    );
    d2.sync_once().unwrap();
    let count =
        |st: &Station, sql: &str| -> i64 { st.store().read(|c| c.query_row(sql, [], |r| r.get(0))).unwrap() };
    let rt = rt();
    let pool = redock_hub::db::pool(&hub.database, 2).unwrap();
    let at_hub = |sql: &str| -> i64 {
        rt.block_on(async {
            pool.get()
                .await
                .unwrap()
                .query_one(sql, &[])
                .await
                .unwrap()
                .get(0)
        })
    };
    for (station_sql, hub_sql) in [
        ("SELECT count(*) FROM unit", "SELECT count(*) FROM hub_unit"),
        (
            "SELECT count(*) FROM inspection",
            "SELECT count(*) FROM hub_inspection",
        ),
        (
            "SELECT count(*) FROM disposition",
            "SELECT count(*) FROM hub_decision",
        ),
        ("SELECT count(*) FROM parcel", "SELECT count(*) FROM hub_parcel"),
        (
            "SELECT count(*) FROM receiving_exception",
            "SELECT count(*) FROM hub_exception",
        ),
        (
            "SELECT count(*) FROM unit WHERE disposition IS NOT NULL",
            "SELECT count(*) FROM hub_unit WHERE disposition IS NOT NULL",
        ),
    ] {
        let here = count(&d1.station, station_sql) + count(&d2, station_sql);
        assert!(here > 0, "{station_sql}");
        assert_eq!(at_hub(hub_sql), here, "{hub_sql}");
    }
    let live = rt
        .block_on(redock_hub::projection::snapshot(&pool, SITE))
        .unwrap();
    assert_eq!(
        rt.block_on(redock_hub::projection::rebuild(&pool, SITE)).unwrap(),
        2
    );
    assert_eq!(
        rt.block_on(redock_hub::projection::snapshot(&pool, SITE))
            .unwrap(),
        live
    );
}

/// What one station records for the site reaches the others: an erasure at one station removes
/// the customer's name at another (from its file too), an expected return imported at one is
/// known at the other, and the station that pulled it never pushes it back (only its id and hash).
#[test]
fn an_erasure_and_an_rma_reach_the_site_s_other_stations_and_are_not_pushed_back() {
    let hub = Hub::start();
    let dir1 = tempfile::tempdir().unwrap();
    let s1 = open(&dir1.path().join("s1.sqlite"));
    s1.seed_demo_if_empty().unwrap();
    // Imported before it was enrolled: its own fact.
    let supervisor = s1.login("BADGE-0003", "3456").unwrap();
    let file = "rma,shop,order_no,order_date,customer_id,customer_name,line_no,sku,quantity\n\
                RMA-200010,demo,O-1,2026-11-20,c-9,Ola Nordmann,1,EL-HP-200,1\n";
    s1.import_rmas(&supervisor, file.as_bytes()).unwrap();
    s1.store()
        .lock_writer()
        .execute(
            "UPDATE station SET station_id = 'station-wro-1-05', station_number = 5",
            [],
        )
        .unwrap();
    let admin = s1.login("BADGE-0004", "4567").unwrap();
    s1.enrol(&admin, &hub.url, &hub.code()).unwrap();
    let d2 = desk(&hub);
    // cust-002 (Ion Popescu) is a demo customer at both stations.
    let name = "Ion Popescu";
    let has_name = |path: &Path| {
        ["", "-wal"].iter().any(|s| {
            std::fs::read(format!("{}{s}", path.display()))
                .is_ok_and(|b| b.windows(name.len()).any(|w| w == name.as_bytes()))
        })
    };
    assert!(has_name(&d2.path));
    let admin = s1.login("BADGE-0004", "4567").unwrap();
    s1.erase_customer(&admin, "cust-002", Some("asked")).unwrap();
    s1.sync_once().unwrap();
    let pulled = d2.station.pull_once().unwrap();
    assert_eq!(pulled.applied, 2, "the erasure and RMA-200010: {pulled:?}");
    assert!(!has_name(&d2.path), "the name is still at the other station");
    let s = d2.station.login("BADGE-0005", "1111").unwrap();
    let found = d2.station.scan(&s, "RMA-100002", ScanSource::Manual).unwrap();
    let Some(redock_station::scan::Matched::Returns { returns, .. }) = &found.matched else {
        panic!()
    };
    assert!(returns[0].customer_erased && returns[0].customer_name.is_none());
    assert!(d2
        .station
        .scan(&s, "RMA-200010", ScanSource::Manual)
        .unwrap()
        .matched
        .is_some());
    // Pulled again: nothing new. Pushed: the pulled facts go as ids and hashes only.
    assert_eq!(d2.station.pull_once().unwrap().applied, 0);
    d2.station.sync_once().unwrap();
    assert_hub_holds(&hub, &d2.station);
    let hub_kinds: Vec<String> = rt().block_on(async {
        let pool = redock_hub::db::pool(&hub.database, 1).unwrap();
        let c = pool.get().await.unwrap();
        c.query(
            "SELECT kind FROM event WHERE stream_id = $1::text::uuid AND origin = 'hub' ORDER BY seq",
            &[&stream(&d2.station)],
        )
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.get(0))
        .collect()
    });
    assert_eq!(hub_kinds, ["reference", "reference"]);
}

/// Token rotation: the new token works; the one it replaced works for the grace period (a station
/// that stopped before storing the new one is not locked out, and can rotate again from it), and
/// not after; a revoked station cannot rotate its way back in.
#[test]
fn a_rotated_token_replaces_the_old_one_after_a_grace_period() {
    let hub = Hub::start();
    let d = desk(&hub);
    let url = format!("{}/v1/streams/{}/events", hub.url, stream(&d.station));
    let old = token(&d.station);
    d.station.rotate_token().unwrap();
    let new = token(&d.station);
    assert_ne!(old, new);
    assert_eq!(post(&url, &new, &batch(&d.station, 0, 5)).0, 200);
    assert_eq!(
        post(&url, &old, &batch(&d.station, 0, 5)).0,
        200,
        "within the grace period"
    );
    // The station stopped before it stored `new`: it rotates again from the old token.
    let (status, again) = post(
        &format!("{}/v1/token/rotate", hub.url),
        &old,
        &serde_json::json!({}),
    );
    assert_eq!(status, 200, "{again}");
    let newest = again["token"].as_str().unwrap().to_string();
    assert_eq!(post(&url, &newest, &batch(&d.station, 0, 5)).0, 200);
    // After the grace period the replaced token is refused.
    rt().block_on(async {
        let pool = redock_hub::db::pool(&hub.database, 1).unwrap();
        let c = pool.get().await.unwrap();
        c.execute(
            "UPDATE station SET prev_valid_until = now() - interval '1 second'",
            &[],
        )
        .await
        .unwrap();
    });
    assert_eq!(post(&url, &old, &batch(&d.station, 0, 5)).0, 401);
    // Revoked: no rotation, no push.
    hub.admin(&["revoke", "--site", SITE, "--station", "station-wro-1-01"]);
    let (status, body) = post(
        &format!("{}/v1/token/rotate", hub.url),
        &newest,
        &serde_json::json!({}),
    );
    assert_eq!((status, body["code"].as_str()), (401, Some("auth.revoked")));
}
