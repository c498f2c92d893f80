#![allow(clippy::unwrap_used)] // tests: a panic is the failure report
//! More failures of ../shared/sync.md against a real PostgreSQL and a real hub process: the
//! station killed (a real `redock sync` process, SIGKILL) before its request, mid-batch and
//! inside its local writes; the token revoked between two batches; the station's disk full while
//! it stores the hub's acknowledgement; a network that stalls mid-body in either direction.
//! After each: nothing lost, nothing doubled, and the station says what happened.

mod common;

use common::*;
use redock_station::sync::SyncStep;
use redock_station::Station;
use std::path::Path;
use std::sync::Arc;

/// A station with real work and a backlog of three and a bit batches.
fn busy_desk(hub: &Hub) -> Desk {
    let d = desk(hub);
    work(&d.station, &A_UNIT);
    backlog(&d.station, 1_600);
    work(&d.station, &["RMA-100002", "CMD:CLOSE"]);
    d
}

fn pushed_upto(st: &Station) -> i64 {
    st.sync_status().unwrap().pushed_upto
}

/// Killed before its first request: nothing reached the hub; started again, it sends it all.
#[test]
fn a_station_killed_before_its_request_loses_and_doubles_nothing() {
    let hub = Hub::start();
    let d = busy_desk(&hub);
    sync_killed_at(&d.path, "before_request:1");
    assert!(hub.held(&stream(&d.station)).is_empty());
    assert_eq!(pushed_upto(&d.station), 0);
    sync_process(&d.path);
    assert_hub_holds(&hub, &d.station);
    assert_eq!(d.station.sync_status().unwrap().waiting, 0);
}

/// Killed mid-batch while a backlog drains: after the hub committed the second batch and before
/// the station heard of it, and (another time) before the third batch's request. Started again,
/// it resends what the hub did not acknowledge to it, which the hub takes as duplicates.
#[test]
fn a_station_killed_mid_batch_while_a_backlog_drains_loses_and_doubles_nothing() {
    let hub = Hub::start();
    let d = busy_desk(&hub);
    sync_killed_at(&d.path, "answered:2");
    assert_eq!(
        hub.held(&stream(&d.station)).len(),
        1_000,
        "the hub committed two batches"
    );
    assert_eq!(
        pushed_upto(&d.station),
        500,
        "the station stored the first ack only"
    );
    sync_killed_at(&d.path, "before_request:3");
    assert_eq!(pushed_upto(&d.station), 1_500);
    assert_eq!(hub.held(&stream(&d.station)).len(), 1_500);
    let duplicates_before = hub_metric(&hub.url, "redock_hub_events_duplicate_total").unwrap();
    sync_process(&d.path);
    assert_hub_holds(&hub, &d.station);
    assert_eq!(
        hub_metric(&hub.url, "redock_hub_events_duplicate_total").unwrap() - duplicates_before,
        0,
        "the third batch was never sent, so nothing is a duplicate"
    );
}

/// Killed inside the transaction that stores the hub's acknowledgement: the write is rolled
/// back with the process (the station still believes the hub holds the batch before), the batch
/// goes again as duplicates, nothing is doubled.
#[test]
fn a_station_killed_while_it_stores_the_ack_loses_and_doubles_nothing() {
    let hub = Hub::start();
    let d = busy_desk(&hub);
    sync_killed_at(&d.path, "storing_ack:2");
    assert_eq!(pushed_upto(&d.station), 500, "the second ack was not committed");
    assert_eq!(hub.held(&stream(&d.station)).len(), 1_000);
    sync_process(&d.path);
    assert_hub_holds(&hub, &d.station);
    assert_eq!(
        hub_metric(&hub.url, "redock_hub_events_duplicate_total").unwrap(),
        500,
        "the unacknowledged batch went again and was taken as duplicates"
    );
    integrity(&d.path);
}

/// Killed inside the transaction that takes in a page of the site's feed: neither the facts nor
/// the cursor are kept; started again, the page is taken in once.
#[test]
fn a_station_killed_while_it_stores_a_pulled_page_takes_it_in_once() {
    let hub = Hub::start();
    let d = desk(&hub);
    let other = other_desk(&hub, "station-wro-1-02", 2);
    let admin = other.station.login("BADGE-0004", "4567").unwrap();
    other
        .station
        .erase_customer(&admin, "cust-002", Some("asked"))
        .unwrap();
    other.station.sync_once().unwrap();
    let cursor_before = pull_cursor(&d.station);
    sync_killed_at(&d.path, "storing_pull:1");
    assert_eq!(
        pull_cursor(&d.station),
        cursor_before,
        "the page was not committed"
    );
    assert_eq!(erased(&d.station), 0);
    sync_process(&d.path);
    assert_eq!(erased(&d.station), 1, "the erasure, once");
    let taken_in: i64 = d
        .station
        .store()
        .read(|c| {
            c.query_row(
                "SELECT count(*) FROM events WHERE origin = 'hub' AND kind = 'customer_erased'",
                [],
                |r| r.get(0),
            )
        })
        .unwrap();
    assert_eq!(taken_in, 1, "recorded once");
    assert!(pull_cursor(&d.station) > cursor_before);
    // And what it recorded from the feed reaches the hub as its own log, once.
    sync_process(&d.path);
    assert_hub_holds(&hub, &d.station);
}

/// Killed at random instants while a backlog drains (no failpoint: wherever the process is),
/// several times: every restart goes on from what was stored, and the hub ends with exactly the
/// log.
#[test]
#[allow(clippy::disallowed_methods)] // the test waits a random while before killing
fn a_station_killed_at_random_times_loses_and_doubles_nothing() {
    use rand::{Rng, SeedableRng};
    let seed: u64 = std::env::var("REDOCK_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    println!("seed {seed} (REDOCK_TEST_SEED={seed} replays it)");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let hub = Hub::start();
    let d = desk(&hub);
    work(&d.station, &A_UNIT);
    backlog(&d.station, 5_000);
    let mut kills = 0;
    for _ in 0..8 {
        let mut child = redock()
            .args(["sync", "--json", "--db"])
            .arg(&d.path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(rng.gen_range(5..400)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        // What the hub holds is always a prefix of the log, never more than it.
        let held = hub.held(&stream(&d.station));
        let local = local_log(&d.station);
        assert!(held.len() <= local.len());
        for ((s, h, _), (ls, lh)) in held.iter().zip(&local) {
            assert_eq!((s, h), (ls, lh));
        }
        assert!(pushed_upto(&d.station) <= held.len() as i64);
    }
    println!("{kills} kills");
    sync_process(&d.path);
    assert_hub_holds(&hub, &d.station);
    integrity(&d.path);
}

/// The token revoked between two batches of a large backlog: the station stops at its next
/// request and says so (`sync.revoked` in its status, which the header shows); the hub holds the
/// batches it took whole and nothing of the rest; the station keeps every event (waiting, never
/// compacted away) and goes on recording. Enrolled again, it sends the rest from where the hub
/// stands, once.
#[test]
fn a_token_revoked_mid_push_stops_the_station_and_nothing_is_half_applied_or_lost() {
    let hub = Hub::start();
    let d = busy_desk(&hub);
    let before = local_log(&d.station);
    let mut answers = 0;
    let e = d
        .station
        .sync_once_with(&mut |step| {
            if let SyncStep::Answered { .. } = step {
                answers += 1;
                if answers == 1 {
                    hub.admin(&["revoke", "--site", SITE, "--station", "station-wro-1-01"]);
                }
            }
        })
        .unwrap_err();
    assert_eq!(e.code(), "sync.revoked", "{e}");
    assert_eq!(answers, 1, "no batch was taken after the revocation");
    let status = d.station.sync_status().unwrap();
    assert_eq!(status.stopped.unwrap().code, "sync.revoked");
    assert_eq!(status.pushed_upto, 500);
    assert_eq!(status.waiting, before.len() as i64 - 500);
    let held: Vec<(i64, String)> = hub
        .held(&stream(&d.station))
        .into_iter()
        .map(|(s, h, _)| (s, h))
        .collect();
    assert_eq!(held, before[..500], "the first batch whole, nothing of the next");
    // Nothing lost here: the log is whole, the dock records on, and the sync thread does not try
    // again by itself.
    assert_eq!(local_log(&d.station)[..before.len()], before[..]);
    work(&d.station, &["RMA-100003", "CMD:CLOSE"]);
    assert_eq!(d.station.sync_once().unwrap_err().code(), "sync.stopped");
    assert_eq!(hub.held(&stream(&d.station)).len(), 500);
    // An admin enrols it again: the rest goes, once.
    let admin = d.station.login("BADGE-0004", "4567").unwrap();
    d.station.enrol(&admin, &hub.url, &hub.code()).unwrap();
    d.station.sync_once().unwrap();
    assert_hub_holds(&hub, &d.station);
    assert_eq!(
        hub_metric(&hub.url, "redock_hub_events_duplicate_total").unwrap(),
        0
    );
}

/// A tmpfs of its own (we run as root in CI and in the dev container): the station's file lives
/// there, and the test fills the rest of it.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(megabytes: u32) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "this test mounts a small tmpfs (it needs root): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write a filler file until the disk says it is full.
    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.path().join("filler")).unwrap();
        let block = vec![0u8; 4096];
        loop {
            if f.write_all(&block).and_then(|_| f.sync_all()).is_err() {
                break;
            }
        }
    }

    fn free(&self) {
        std::fs::remove_file(self.path().join("filler")).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// The station's disk full while it syncs: the hub takes the first batch, the station cannot
/// store the acknowledgement (a real SQLITE_FULL, on a full tmpfs) and says so
/// (`store.disk_full`, also on the next scan); once there is room again, the batch goes again as
/// duplicates and the rest after it: nothing lost, nothing doubled.
#[test]
fn the_station_s_disk_full_during_sync_loses_and_doubles_nothing() {
    let hub = Hub::start();
    let disk = SmallDisk::mount(32);
    let path = disk.path().join("station.sqlite");
    let st = open(&path);
    st.seed_demo_if_empty().unwrap();
    let admin = st.login("BADGE-0004", "4567").unwrap();
    st.enrol(&admin, &hub.url, &hub.code()).unwrap();
    work(&st, &A_UNIT);
    backlog(&st, 1_200);
    let before = local_log(&st);
    // An empty WAL, so that the next write must take new room on the disk.
    st.store().checkpoint_truncate().unwrap();
    disk.fill();
    let e = st.sync_once().unwrap_err();
    assert_eq!(e.code(), "store.disk_full", "{e}");
    assert_eq!(hub.held(&stream(&st)).len(), 500, "the hub took the first batch");
    assert_eq!(st.sync_status().unwrap().pushed_upto, 0, "its ack was not stored");
    let s = st.login("BADGE-0005", "1111");
    let scan = s.and_then(|s| st.scan(&s, "RMA-100001", redock_station::ScanSource::Manual));
    assert_eq!(scan.unwrap_err().code(), "store.disk_full");
    assert_eq!(local_log(&st), before, "nothing lost here");
    disk.free();
    st.sync_once().unwrap();
    assert_hub_holds(&hub, &st);
    assert_eq!(
        hub_metric(&hub.url, "redock_hub_events_duplicate_total").unwrap(),
        500
    );
    drop(st);
    integrity(&path);
}

/// A network that stalls mid-body on the way to the hub: the request is given up at the
/// station's timeout (the hub never got a whole body, so it applied nothing), the station says
/// the hub is unreachable, and the next try, the link back, sends it all once.
#[test]
fn a_network_stalled_mid_request_times_out_and_the_retry_sends_it_once() {
    let hub = Hub::start();
    let proxy = Proxy::start(hub.url.trim_start_matches("http://"));
    let d = desk(&hub);
    retarget(&d.station, &proxy.url);
    d.station.set_sync_timeout(std::time::Duration::from_secs(2));
    work(&d.station, &A_UNIT);
    backlog(&d.station, 800);
    proxy.set(Net::StallRequest);
    let e = d.station.sync_once().unwrap_err();
    assert_eq!(e.code(), "sync.hub_unreachable", "{e}");
    assert!(e.to_string().contains("imeout"), "{e}");
    assert!(hub.held(&stream(&d.station)).is_empty(), "nothing half-applied");
    assert!(d.station.sync_status().unwrap().unreachable_since.is_some());
    proxy.set(Net::Pass);
    d.station.sync_once().unwrap();
    assert_hub_holds(&hub, &d.station);
    assert_eq!(d.station.sync_status().unwrap().unreachable_since, None);
}

/// A network that stalls mid-body on the way back (the hub committed the batch, its answer never
/// arrives whole): the station's sync thread gives up at its timeout, backs off, tries again, and
/// the batch it resends is taken as duplicates: nothing doubled.
#[test]
#[allow(clippy::disallowed_methods)] // the test polls the sync thread's progress
fn a_network_stalled_mid_answer_times_out_backs_off_and_retries_without_doubling() {
    let hub = Hub::start();
    let proxy = Proxy::start(hub.url.trim_start_matches("http://"));
    let d = desk(&hub);
    retarget(&d.station, &proxy.url);
    d.station.set_sync_timeout(std::time::Duration::from_secs(2));
    work(&d.station, &A_UNIT);
    backlog(&d.station, 800);
    proxy.set(Net::StallResponse);
    let station = Arc::new(d.station);
    let worker = redock_station::sync::SyncWorker::spawn(Arc::clone(&station), |_| {}).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let wait_for = |what: &str, done: &dyn Fn() -> bool| {
        while !done() {
            assert!(std::time::Instant::now() < deadline, "waited too long for {what}");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    wait_for("the stalled answer to time out", &|| {
        station.sync_status().unwrap().unreachable_since.is_some()
    });
    assert_eq!(station.sync_status().unwrap().pushed_upto, 0);
    assert_eq!(
        hub.held(&stream(&station)).len(),
        500,
        "the hub committed the first batch"
    );
    proxy.set(Net::Pass);
    wait_for("the retry after the back-off", &|| {
        station.sync_status().unwrap().waiting == 0
    });
    drop(worker);
    assert_hub_holds(&hub, &station);
    assert_eq!(
        hub_metric(&hub.url, "redock_hub_events_duplicate_total").unwrap(),
        500,
        "the batch whose answer was lost went again, as duplicates"
    );
}

fn integrity(path: &Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
}

fn pull_cursor(st: &Station) -> i64 {
    st.store()
        .read(|c| {
            c.query_row(
                "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'pull_cursor'), 0)",
                [],
                |r| r.get(0),
            )
        })
        .unwrap()
}

fn erased(st: &Station) -> i64 {
    st.store()
        .read(|c| c.query_row("SELECT count(*) FROM customer_erasure", [], |r| r.get(0)))
        .unwrap()
}

/// Another demo station of the site, enrolled.
fn other_desk(hub: &Hub, station_id: &str, number: u16) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.sqlite");
    let station = open(&path);
    station.seed_demo_if_empty().unwrap();
    station
        .store()
        .lock_writer()
        .execute(
            "UPDATE station SET station_id = ?1, station_number = ?2",
            rusqlite::params![station_id, number],
        )
        .unwrap();
    let admin = station.login("BADGE-0004", "4567").unwrap();
    station.enrol(&admin, &hub.url, &hub.code()).unwrap();
    Desk {
        _dir: dir,
        path,
        station,
    }
}

/// The station talks to the hub through `url` (the test's proxy) from now on.
fn retarget(st: &Station, url: &str) {
    st.store()
        .lock_writer()
        .execute("UPDATE meta SET value = ?1 WHERE key = 'hub_url'", [url])
        .unwrap();
}

/// The hub's answer cut mid-body (the connection closed after the answer's headers and first
/// byte): the hub committed, the station cannot know it; that is the network, not a refusal —
/// the station says the hub is unreachable and the next sync resends the batch as duplicates.
#[test]
#[allow(clippy::disallowed_methods)] // the test waits for the hub's commit
fn an_answer_cut_mid_body_is_the_network_and_the_batch_goes_again_once() {
    let hub = Hub::start();
    let proxy = Proxy::start(hub.url.trim_start_matches("http://"));
    let d = desk(&hub);
    retarget(&d.station, &proxy.url);
    work(&d.station, &A_UNIT);
    backlog(&d.station, 800);
    proxy.set(Net::StallResponse);
    let stream_id = stream(&d.station);
    let station = d.station;
    let pusher = std::thread::spawn(move || {
        let r = station.sync_once();
        (station, r)
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while hub.held(&stream_id).len() < 500 {
        assert!(
            std::time::Instant::now() < deadline,
            "the hub never took the batch"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    proxy.set(Net::Pass); // closes the stalled connection: the answer ends after one byte
    let (station, r) = pusher.join().unwrap();
    let e = r.unwrap_err();
    assert_eq!(e.code(), "sync.hub_unreachable", "{e}");
    assert!(station.sync_status().unwrap().unreachable_since.is_some());
    assert_eq!(station.sync_status().unwrap().pushed_upto, 0);
    station.sync_once().unwrap();
    assert_hub_holds(&hub, &station);
    assert_eq!(
        hub_metric(&hub.url, "redock_hub_events_duplicate_total").unwrap(),
        500
    );
}

/// The hub up but its database failing under the feed's query (503 `hub.database`): a pull says
/// the hub is unreachable (tried again later, as a push would be), not that it refused; nothing
/// is taken in and the cursor stays; the database back, the pull goes on.
#[test]
fn a_hub_whose_database_fails_is_unreachable_to_a_pull_not_a_refusal() {
    let hub = Hub::start();
    let d = desk(&hub);
    let other = other_desk(&hub, "station-wro-1-02", 2);
    let admin = other.station.login("BADGE-0004", "4567").unwrap();
    other.station.erase_customer(&admin, "cust-003", None).unwrap();
    other.station.sync_once().unwrap();
    let hub_sql = |sql: &str| {
        rt().block_on(async {
            let pool = redock_hub::db::pool(&hub.database, 1).unwrap();
            pool.get().await.unwrap().batch_execute(sql).await.unwrap();
        })
    };
    hub_sql("ALTER TABLE event RENAME TO event_away");
    let e = d.station.pull_once().unwrap_err();
    assert_eq!(e.code(), "sync.hub_unreachable", "{e}");
    assert!(e.to_string().contains("hub.database"), "{e}");
    assert_eq!((pull_cursor(&d.station), erased(&d.station)), (0, 0));
    hub_sql("ALTER TABLE event_away RENAME TO event");
    d.station.pull_once().unwrap();
    assert_eq!(erased(&d.station), 1);
}
