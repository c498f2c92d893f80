#![allow(clippy::unwrap_used)] // tests: a panic is the failure report
#![allow(clippy::disallowed_methods)] // plain threads that wait; no async runtime here
//! The sync soak (issue #14, item 10): three stations and a hub for `SOAK_SECS` seconds (60 by
//! default, inside `make test`; `make soak-sync SOAK_SECS=600` for longer). The stations work
//! (parcels opened and closed, units received, graded and decided, customers erased) through the
//! station library while `redock sync` processes push and pull their files; `redock sync`
//! processes and the hub process are killed (SIGKILL) at random, and the test's proxy cuts the
//! network and stalls it mid-body at random. Then, everything back, each station syncs until the
//! hub has it all, and a checker asserts:
//! - the hub holds exactly the union of the stations' logs: each stream dense, every hash the
//!   station's, no other stream, nothing twice;
//! - the hub's projections equal a rebuild from its events;
//! - every station's pulled view equals what the hub's feed offers it: each erasure another
//!   station recorded was taken in once (never twice, never one the feed does not have), and the
//!   station's erasures are exactly the site's; its cursor is at the feed's end.
//!
//! Random choices come from `SOAK_SEED` (printed; set it to replay a run's choices — the
//! timings of processes stay the machine's). The counts are printed at the end (`--nocapture`).

mod common;

use common::*;
use rand::{Rng, SeedableRng};
use redock_station::{ScanSource, Station};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SCRIPTS: [&[&str]; 4] = [
    &A_UNIT,
    &["RMA-100003", "5012345678900", "CMD:GRADE:A", "CMD:CLOSE"],
    &[
        "RMA-100002",
        "00000096385074",
        "CMD:FAIL",
        "CMD:NEXT",
        "CMD:CLOSE",
    ],
    &["RMA-100001", "CMD:CLOSE"],
];
const CUSTOMERS: [&str; 4] = ["cust-001", "cust-002", "cust-003", "cust-004"];

#[derive(Default)]
struct Counts {
    scans: AtomicU64,
    scans_refused: AtomicU64,
    /// The desk's refusals by code (a step out of place, a unit already decided, …).
    refused_codes: Mutex<BTreeMap<&'static str, u64>>,
    /// How the `redock sync` processes that failed ended (`error[<code>]` on their stderr).
    sync_errors: Mutex<BTreeMap<String, u64>>,
    /// The first words of each kind of failure but the hub being away, to read after the run.
    sync_error_words: Mutex<BTreeMap<String, String>>,
    erasures: AtomicU64,
    syncs: AtomicU64,
    syncs_ok: AtomicU64,
    syncs_failed: AtomicU64,
    sync_kills: AtomicU64,
    batches: AtomicU64,
    hub_kills: AtomicU64,
    cuts: AtomicU64,
    stalls: AtomicU64,
    /// From the hub's /metrics, read before each kill of the hub and at the end.
    hub_pushes: AtomicU64,
    hub_duplicates: AtomicU64,
    hub_ingested: AtomicU64,
}

impl Counts {
    fn scrape(&self, hub_url: &str) {
        for (name, c) in [
            ("redock_hub_pushes_total", &self.hub_pushes),
            ("redock_hub_events_duplicate_total", &self.hub_duplicates),
            ("redock_hub_events_ingested_total", &self.hub_ingested),
        ] {
            c.fetch_add(hub_metric(hub_url, name).unwrap_or(0), Relaxed);
        }
    }
}

/// A station of the site, enrolled through the proxy.
fn station(hub: &Hub, proxy: &Proxy, n: u16) -> (tempfile::TempDir, PathBuf, Arc<Station>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.sqlite");
    let st = open(&path);
    st.seed_demo_if_empty().unwrap();
    st.store()
        .lock_writer()
        .execute(
            "UPDATE station SET station_id = ?1, station_number = ?2",
            rusqlite::params![format!("station-wro-1-0{n}"), n],
        )
        .unwrap();
    let admin = st.login("BADGE-0004", "4567").unwrap();
    st.enrol(&admin, &proxy.url, &hub.code()).unwrap();
    (dir, path, Arc::new(st))
}

fn work(st: &Station, rng: &mut rand::rngs::StdRng, counts: &Counts, stop: &AtomicBool) {
    let mut inspector = st.login("BADGE-0005", "1111").unwrap();
    while !stop.load(Relaxed) {
        if rng.gen_ratio(1, 60) {
            let admin = st.login("BADGE-0004", "4567").unwrap();
            let who = CUSTOMERS[rng.gen_range(0..CUSTOMERS.len())];
            match st.erase_customer(&admin, who, Some("soak")) {
                Ok(_) => {
                    counts.erasures.fetch_add(1, Relaxed);
                }
                Err(e) if e.code() == "customer.already_erased" => {}
                Err(e) => panic!("erasing {who}: {e}"),
            }
            // One operator at a desk: the admin's log-in ended the inspector's session.
            inspector = st.login("BADGE-0005", "1111").unwrap();
        }
        for code in SCRIPTS[rng.gen_range(0..SCRIPTS.len())] {
            match st.scan(&inspector, code, ScanSource::Manual) {
                Ok(_) => counts.scans.fetch_add(1, Relaxed),
                // The store failing is the soak's failure; the desk refusing a step is not.
                Err(e) if e.code().starts_with("store.") => panic!("scan {code}: {e}"),
                Err(e) => {
                    *counts.refused_codes.lock().unwrap().entry(e.code()).or_default() += 1;
                    counts.scans_refused.fetch_add(1, Relaxed)
                }
            };
        }
        std::thread::sleep(Duration::from_millis(rng.gen_range(0..40)));
    }
}

/// `redock sync` on the station's file again and again, some killed at a random instant.
fn syncs(path: &PathBuf, rng: &mut rand::rngs::StdRng, counts: &Counts, stop: &AtomicBool) {
    use std::io::Read;
    while !stop.load(Relaxed) {
        let mut child = redock()
            .args(["sync", "--json", "--timeout", "3", "--db"])
            .arg(path)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        counts.syncs.fetch_add(1, Relaxed);
        let started = Instant::now();
        // A third are killed: most within the time a sync takes here, some later.
        let kill_after = rng.gen_bool(0.3).then(|| {
            Duration::from_millis(if rng.gen_bool(0.8) {
                rng.gen_range(0..120)
            } else {
                rng.gen_range(0..1500)
            })
        });
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if kill_after.is_some_and(|k| started.elapsed() >= k)
                || started.elapsed() > Duration::from_secs(60)
            {
                child.kill().unwrap();
                child.wait().unwrap();
                counts.sync_kills.fetch_add(1, Relaxed);
                break None;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        match status {
            Some(s) if s.success() => {
                let mut out = String::new();
                child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
                let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                counts.syncs_ok.fetch_add(1, Relaxed);
                counts
                    .batches
                    .fetch_add(v["report"]["batches"].as_u64().unwrap_or(0), Relaxed);
            }
            Some(_) => {
                counts.syncs_failed.fetch_add(1, Relaxed);
                let mut err = String::new();
                child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
                let code = err
                    .split("error[")
                    .nth(1)
                    .and_then(|rest| rest.split(']').next())
                    .unwrap_or("?")
                    .to_string();
                assert!(!code.starts_with("store."), "redock sync: {err}");
                if code != "sync.hub_unreachable" {
                    counts
                        .sync_error_words
                        .lock()
                        .unwrap()
                        .entry(code.clone())
                        .or_insert_with(|| {
                            err.lines()
                                .find(|l| l.contains("error["))
                                .unwrap_or("")
                                .to_string()
                        });
                }
                *counts.sync_errors.lock().unwrap().entry(code).or_default() += 1;
            }
            None => {}
        }
        std::thread::sleep(Duration::from_millis(rng.gen_range(0..300)));
    }
}

/// The hub killed and started again, the network cut or stalled, at random.
fn chaos(
    hub: &Mutex<Option<Hub>>,
    database: &str,
    listen: &str,
    proxy: &Proxy,
    rng: &mut rand::rngs::StdRng,
    counts: &Counts,
    stop: &AtomicBool,
) {
    while !stop.load(Relaxed) {
        std::thread::sleep(Duration::from_millis(rng.gen_range(500..3000)));
        let pause = Duration::from_millis(rng.gen_range(100..2000));
        match rng.gen_range(0..10) {
            0..=2 => {
                let mut h = hub.lock().unwrap();
                let running = h.take().unwrap();
                counts.scrape(&running.url);
                running.stop();
                counts.hub_kills.fetch_add(1, Relaxed);
                std::thread::sleep(pause);
                *h = Some(Hub::serve(database, listen));
            }
            3..=5 => {
                proxy.set(Net::Cut);
                counts.cuts.fetch_add(1, Relaxed);
                std::thread::sleep(pause);
                proxy.set(Net::Pass);
            }
            6 | 7 => {
                proxy.set(if rng.gen_bool(0.5) {
                    Net::StallRequest
                } else {
                    Net::StallResponse
                });
                counts.stalls.fetch_add(1, Relaxed);
                std::thread::sleep(pause + Duration::from_secs(2));
                proxy.set(Net::Pass);
            }
            _ => {}
        }
    }
}

/// One change of the site's feed.
struct Change {
    change_no: i64,
    stream_id: String,
    kind: String,
    origin: String,
    payload: Option<String>,
}

/// The whole feed as the hub offers it to a station (with its token).
fn feed(hub_url: &str, token: &str) -> Vec<Change> {
    let agent = ureq::Agent::new_with_config(
        ureq::config::Config::builder()
            .http_status_as_error(false)
            .build(),
    );
    let (mut out, mut after) = (Vec::new(), 0i64);
    loop {
        let mut r = agent
            .get(format!(
                "{hub_url}/v1/sites/{SITE}/changes?after={after}&limit=5000"
            ))
            .header("Authorization", format!("Bearer {token}"))
            .call()
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let page: serde_json::Value = r.body_mut().read_json().unwrap();
        let changes = page["changes"].as_array().unwrap();
        if changes.is_empty() {
            return out;
        }
        for c in changes {
            out.push(Change {
                change_no: c["change_no"].as_i64().unwrap(),
                stream_id: c["stream_id"].as_str().unwrap().to_string(),
                kind: c["kind"].as_str().unwrap().to_string(),
                origin: c["origin"].as_str().unwrap().to_string(),
                payload: c["payload"].as_str().map(str::to_string),
            });
        }
        after = page["next"].as_i64().unwrap();
    }
}

fn customer_of(payload: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(payload).unwrap();
    v["customer_id"].as_str().unwrap().to_string()
}

/// The customers erased by this station's events of `origin`, in log order (a customer twice is
/// a fact doubled).
fn erasures(st: &Station, origin: &str) -> Vec<String> {
    st.events_after(0, i64::MAX)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "customer_erased" && e.origin == origin)
        .map(|e| customer_of(&e.payload))
        .collect()
}

#[test]
fn soak_three_stations_a_hub_kills_and_cuts_and_the_hub_holds_exactly_their_logs() {
    let secs: u64 = std::env::var("SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed: u64 = std::env::var("SOAK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    println!("soak: {secs} s, seed {seed} (SOAK_SEED={seed} replays its choices)");
    let first = Hub::start();
    let database = first.database.clone();
    let listen = first.url.trim_start_matches("http://").to_string();
    let proxy = Proxy::start(&listen);
    let stations: Vec<_> = (1..=3).map(|n| station(&first, &proxy, n)).collect();
    let hub = Arc::new(Mutex::new(Some(first)));
    let counts = Arc::new(Counts::default());
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    std::thread::scope(|scope| {
        for (i, (_, path, st)) in stations.iter().enumerate() {
            let (counts, stop) = (&*counts, &*stop);
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed.wrapping_add(i as u64));
            scope.spawn(move || work(st, &mut rng, counts, stop));
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed.wrapping_add(100 + i as u64));
            scope.spawn(move || syncs(path, &mut rng, counts, stop));
        }
        let (hub, counts, stop, proxy) = (&*hub, &*counts, &*stop, &proxy);
        let (database, listen) = (&database, &listen);
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed.wrapping_add(200));
        scope.spawn(move || chaos(hub, database, listen, proxy, &mut rng, counts, stop));
        while started.elapsed() < Duration::from_secs(secs) {
            std::thread::sleep(Duration::from_millis(200));
        }
        stop.store(true, Relaxed);
    });
    // Everything back: each station pushes what is left and takes in the site's feed, twice (what
    // a pull recorded is pushed in the second round).
    proxy.set(Net::Pass);
    let hub = hub.lock().unwrap().take().unwrap();
    for _ in 0..2 {
        for (_, _, st) in &stations {
            let r = st.sync_once().unwrap();
            counts.batches.fetch_add(u64::from(r.batches), Relaxed);
            st.pull_once().unwrap();
        }
    }
    counts.scrape(&hub.url);

    // 1. The hub holds exactly the union of the stations' logs.
    let mut total = 0usize;
    let mut streams = BTreeSet::new();
    for (_, _, st) in &stations {
        let status = st.sync_status().unwrap();
        assert_eq!((status.waiting, status.stopped), (0, None));
        assert_hub_holds(&hub, st);
        total += local_log(st).len();
        streams.insert(stream(st));
    }
    let rt = rt();
    let pool = redock_hub::db::pool(&hub.database, 2).unwrap();
    let (hub_streams, hub_events): (Vec<String>, i64) = rt.block_on(async {
        let c = pool.get().await.unwrap();
        let s = c
            .query(
                "SELECT DISTINCT stream_id::text FROM event WHERE site_id = $1 ORDER BY 1",
                &[&SITE],
            )
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.get(0))
            .collect();
        let n = c
            .query_one("SELECT count(*) FROM event WHERE site_id = $1", &[&SITE])
            .await
            .unwrap()
            .get(0);
        (s, n)
    });
    assert_eq!(hub_streams, streams.iter().cloned().collect::<Vec<_>>());
    assert_eq!(hub_events as usize, total, "no other event at the hub");

    // 2. The hub's projections are its events replayed.
    let live = rt
        .block_on(redock_hub::projection::snapshot(&pool, SITE))
        .unwrap();
    assert_eq!(
        rt.block_on(redock_hub::projection::rebuild(&pool, SITE)).unwrap(),
        3
    );
    assert_eq!(
        rt.block_on(redock_hub::projection::snapshot(&pool, SITE))
            .unwrap(),
        live,
        "the projections equal a rebuild"
    );

    // 3. Every station's pulled view is what the feed offers it.
    let mut taken_in_total = 0;
    for (_, _, st) in &stations {
        let own = stream(st);
        let changes = feed(&hub.url, &token(st));
        let offered: BTreeSet<String> = changes
            .iter()
            .filter(|c| c.stream_id != own && c.origin == "station" && c.kind == "customer_erased")
            .map(|c| customer_of(c.payload.as_deref().unwrap()))
            .collect();
        let taken: Vec<String> = erasures(st, "hub");
        let taken_set: BTreeSet<String> = taken.iter().cloned().collect();
        assert_eq!(taken.len(), taken_set.len(), "a pulled fact taken in twice");
        assert!(
            taken_set.is_subset(&offered),
            "taken in what the feed does not offer"
        );
        let mine: BTreeSet<String> = erasures(st, "station").into_iter().collect();
        let all: BTreeSet<String> = offered.union(&mine).cloned().collect();
        assert_eq!(
            taken_set.union(&mine).cloned().collect::<BTreeSet<_>>(),
            all,
            "every erasure the feed offers is here"
        );
        let here: BTreeSet<String> = st
            .store()
            .read(|c| {
                let mut q = c.prepare("SELECT customer_id FROM customer_erasure")?;
                let rows = q.query_map([], |r| r.get::<_, String>(0))?;
                rows.collect::<Result<BTreeSet<_>, _>>()
            })
            .unwrap();
        assert_eq!(here, all, "the station's erasures are the site's");
        let cursor: i64 = st
            .store()
            .read(|c| {
                c.query_row(
                    "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'pull_cursor'",
                    [],
                    |r| r.get(0),
                )
            })
            .unwrap();
        assert_eq!(
            cursor,
            changes.last().unwrap().change_no,
            "read to the feed's end"
        );
        taken_in_total += taken.len();
    }

    let c = |a: &AtomicU64| a.load(Relaxed);
    let per_station: BTreeMap<String, usize> = stations
        .iter()
        .map(|(_, _, st)| (stream(st), local_log(st).len()))
        .collect();
    println!(
        "soak: {secs} s (ran {:.0} s), seed {seed}\n\
         events at the hub: {hub_events} (per station: {:?})\n\
         scans: {} recorded, {} refused by the desk {:?}; erasures: {} recorded, {taken_in_total} taken in from the feed\n\
         redock sync processes: {} started, {} ended well, {} ended with an error {:?}, {} killed (SIGKILL)\n\
         batches acknowledged to syncs that ended well: {}\n\
         hub: killed {} times; network cut {} times, stalled mid-body {} times\n\
         hub metrics (summed over its lives): {} pushes, {} events ingested, {} duplicates seen",
        started.elapsed().as_secs_f64(),
        per_station.values().collect::<Vec<_>>(),
        c(&counts.scans),
        c(&counts.scans_refused),
        counts.refused_codes.lock().unwrap(),
        c(&counts.erasures),
        c(&counts.syncs),
        c(&counts.syncs_ok),
        c(&counts.syncs_failed),
        counts.sync_errors.lock().unwrap(),
        c(&counts.sync_kills),
        c(&counts.batches),
        c(&counts.hub_kills),
        c(&counts.cuts),
        c(&counts.stalls),
        c(&counts.hub_pushes),
        c(&counts.hub_ingested),
        c(&counts.hub_duplicates),
    );
    for (code, words) in counts.sync_error_words.lock().unwrap().iter() {
        println!("soak: a sync ended with {code}: {words}");
    }
    assert!(c(&counts.hub_kills) + c(&counts.cuts) + c(&counts.sync_kills) > 0 || secs < 5);
}
