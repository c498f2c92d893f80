//! `redock bench …`: each benchmark measures ours and a reference in the same run on the same disk
//! and prints both with their ratio. No thresholds here: numbers go to the issue notes.

use anyhow::{Context, Result};
use clap::Subcommand;
use redock_station::receive::ReceiveInput;
use redock_station::{Station, SystemClock};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[derive(Subcommand)]
pub enum Bench {
    /// A receive with its event, durably committed, against a raw single-row INSERT with
    /// synchronous=FULL on the same disk.
    Commit {
        #[arg(long, default_value_t = 2000)]
        n: u32,
        /// Where to put the databases (default: a temp dir under the current directory, i.e. the
        /// disk the station runs on).
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// A scan end to end (normalise, classify, match, receive, durable commit), p50/p99, against
    /// the raw single-row INSERT rate on the same disk in the same run.
    ///
    /// With --db: on a copy of that station (a year at a big dock, `redock demo generate`) against
    /// an empty one (the demo data) in the same run, the same dock's round of scans on both
    /// (parcel labels, products, grades, defects, next, close), taking turns scan by scan, and the
    /// desk's refresh after each.
    Scan {
        #[arg(long, default_value_t = 2000)]
        n: u32,
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// A station database to measure a copy of (it is not changed).
        #[arg(long)]
        db: Option<PathBuf>,
        /// Measure the --db file itself instead of a copy; it keeps the bench's scans. For a
        /// generated station when the disk has no room for a second one.
        #[arg(long, requires = "db")]
        in_place: bool,
    },
    /// Kill a writer process at random moments and check the database after each kill.
    Crash {
        #[arg(long, default_value_t = 1000)]
        kills: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Our decision tables with the full trace against GoRules' zen-engine on the same tables:
    /// evaluations/s, p50/p99, ratio. The first run builds zen-engine (minutes).
    ///
    /// Two tables (7 rows over 4 inputs, and the demo rules), the same generated inputs, the same
    /// run; every input is first checked to get the same answer from both engines. Runs the
    /// separate cargo project benches/rules with `cargo run --release`: it is kept out of the
    /// workspace because its first build compiles zen-engine and its JavaScript engine (QuickJS),
    /// about 8 minutes on two cores; later runs start in seconds. Its target dir is
    /// benches/rules/target unless CARGO_TARGET_DIR says otherwise.
    Rules {
        /// Inputs, generated once from a fixed seed; each engine evaluates all of them.
        #[arg(long, default_value_t = 200_000)]
        n: u32,
    },
    /// Inspection saved → last byte of its label at a raw 9100 listener (through the print
    /// thread, woken by the commit), p50/p95, against writing the same bytes to that listener
    /// directly, in the same run. Goal: p95 < 100 ms.
    Print {
        #[arg(long, default_value_t = 200)]
        n: u32,
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// A backlog drained from a station to a real hub process over HTTP against raw ingest of
    /// the same rows into the same PostgreSQL (UNNEST batches and COPY; the faster), in the same
    /// run. Goal: ratio ≥ 0.5. Starts its own throwaway PostgreSQL unless given --database-url.
    Sync {
        #[arg(long, default_value_t = 100_000)]
        n: u64,
        /// Instead of `n` product scans, a generated dock of this many units (parcels, scans,
        /// inspections, decisions, labels): the hub resolves every unit's registers as it ingests.
        #[arg(long, value_name = "UNITS")]
        dock: Option<u64>,
        /// A PostgreSQL superuser URL to make the bench's databases in.
        #[arg(long)]
        database_url: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Many stations pushing to one hub at once: events/s and push latency p50/p99; then a pull
    /// of the whole site's feed. Starts its own throwaway PostgreSQL unless given --database-url.
    Hub {
        #[arg(long, default_value_t = 50)]
        stations: usize,
        /// Batches of 500 each station pushes (50 × 4 × 500 = 100,000 events to pull).
        #[arg(long, default_value_t = 4)]
        batches: usize,
        #[arg(long)]
        database_url: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Webhooks out: facts pushed to a real hub at `rate` a second, each owing a webhook to a
    /// local receiver; fact acknowledged → delivered p50/p95/p99 (goal p95 < 1 s), then a burst's
    /// deliveries per second against signed posts sent straight to the receiver, in the same run.
    Webhooks {
        #[arg(long, default_value_t = 5_000)]
        facts: usize,
        #[arg(long, default_value_t = 1_000)]
        rate: usize,
        #[arg(long)]
        database_url: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The supervisors' reads (the queue and its filters, the desk's SLA alert, the desk, the
    /// holds list, a unit's trail) on a station database, each p50 / p95 against one unit read
    /// by its LPN in the same run. Goal: p95 < 50 ms on a year at a big dock (`redock demo
    /// generate`). The file is migrated to this version and keeps a supervisor's log-in (and the
    /// breaches the desk notices).
    Queries {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, default_value_t = 200)]
        runs: u32,
        #[arg(long)]
        json: bool,
    },
    /// Unit labels per second (PDF, ZPL, PNG) against glabels-3-batch and zint, in the same run.
    Labels {
        #[arg(long, default_value_t = 200)]
        n: usize,
    },
}

impl Bench {
    /// Whether the report goes to stdout as JSON (`--json`).
    pub fn json(&self) -> bool {
        match self {
            Bench::Commit { json, .. }
            | Bench::Scan { json, .. }
            | Bench::Crash { json, .. }
            | Bench::Print { json, .. }
            | Bench::Sync { json, .. }
            | Bench::Hub { json, .. }
            | Bench::Webhooks { json, .. }
            | Bench::Queries { json, .. } => *json,
            Bench::Rules { .. } | Bench::Labels { .. } => false,
        }
    }
}

pub fn run(which: Bench) -> Result<()> {
    match which {
        Bench::Commit { n, dir, json } => commit(n, dir, json),
        Bench::Scan {
            n,
            dir,
            json,
            db: None,
            ..
        } => scan(n, dir, json),
        Bench::Scan {
            n,
            dir,
            json,
            db: Some(db),
            in_place,
        } => scan_big(n, dir, json, &db, in_place),
        Bench::Crash {
            kills,
            seed,
            dir,
            json,
        } => crash(kills, seed, dir, json),
        Bench::Rules { n } => rules(n),
        Bench::Labels { n } => crate::bench_labels::bench_labels(n),
        Bench::Queries { db, runs, json } => crate::bench_queries::bench_queries(&db, runs, json),
        Bench::Print { n, dir, json } => crate::bench_print::bench_print(n, dir, json),
        Bench::Sync {
            n,
            dock,
            database_url,
            json,
        } => crate::bench_sync::bench_sync(n, dock, database_url, json),
        Bench::Hub {
            stations,
            batches,
            database_url,
            json,
        } => crate::bench_sync::bench_hub(stations, batches, database_url, json),
        Bench::Webhooks {
            facts,
            rate,
            database_url,
            json,
        } => crate::bench_webhooks::bench_webhooks(facts, rate, database_url, json),
    }
}

/// Runs benches/rules in its own cargo project, its output going straight to ours.
fn rules(n: u32) -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);
    let manifest = root.join("benches/rules/Cargo.toml");
    if !manifest.is_file() {
        anyhow::bail!(
            "{} not found: `redock bench rules` runs from a checkout of the Redock repository",
            manifest.display()
        );
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!(
        "bench rules: cargo run --release --manifest-path {} (the first build compiles zen-engine: minutes)",
        manifest.display()
    );
    let status = std::process::Command::new(cargo)
        .args(["run", "--release", "--manifest-path"])
        .arg(&manifest)
        .args(["--", "--n", &n.to_string()])
        .status()
        .context("starting cargo for benches/rules")?;
    if !status.success() {
        anyhow::bail!("benches/rules failed ({status})");
    }
    Ok(())
}

pub(crate) fn workdir(dir: Option<PathBuf>) -> Result<tempfile::TempDir> {
    let base = match dir {
        Some(d) => d,
        None => std::env::current_dir()?,
    };
    std::fs::create_dir_all(&base)?;
    tempfile::Builder::new()
        .prefix(".redock-bench-")
        .tempdir_in(&base)
        .context("making the bench directory")
}

/// The reference: what the disk gives one durable single-row transaction.
fn raw_inserts(path: &Path, n: u32) -> Result<f64> {
    Ok(raw_inserts_timed(path, n)?.0)
}

/// Same, with each insert's latency in ms.
fn raw_inserts_timed(path: &Path, n: u32) -> Result<(f64, Vec<f64>)> {
    let c = rusqlite::Connection::open(path)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "FULL")?;
    c.execute_batch(
        "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, lpn TEXT NOT NULL, at TEXT NOT NULL)",
    )?;
    let mut st = c.prepare("INSERT INTO t (lpn, at) VALUES (?1, ?2)")?;
    let started = Instant::now();
    let mut ms = Vec::with_capacity(n as usize);
    for i in 0..n {
        let t = Instant::now();
        st.execute(rusqlite::params![format!("LPN{i:011}"), "2026-11-23T10:00:00Z"])?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok((f64::from(n) / started.elapsed().as_secs_f64(), ms))
}

fn receives(station: &Station, session: &redock_station::Session, n: u32) -> Result<f64> {
    let started = Instant::now();
    for _ in 0..n {
        station.receive_unit(
            session,
            ReceiveInput {
                sku: Some("EL-HP-200".into()),
                gtin: Some("05901234123457".into()),
                ..Default::default()
            },
        )?;
    }
    Ok(f64::from(n) / started.elapsed().as_secs_f64())
}

const ROUNDS: u32 = 5;

/// A station with the demo data, the demo inspector logged in.
fn demo_station(dir: &Path) -> Result<(Station, redock_station::Session)> {
    let station = Station::open(
        &dir.join("station.sqlite"),
        Arc::new(SystemClock),
        redock_domain::CodeConfig::demo(),
    )?;
    station.seed_demo_if_empty()?;
    let session = station.login("BADGE-0005", "1111")?;
    Ok((station, session))
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn commit(n: u32, dir: Option<PathBuf>, json: bool) -> Result<()> {
    let dir = workdir(dir)?;
    let (station, session) = demo_station(dir.path())?;
    // Warm both files, then alternate reference and ours in rounds so that drift of the disk (other
    // processes, writeback) hits both alike; the medians of the rounds are compared.
    raw_inserts(&dir.path().join("raw.sqlite"), 50)?;
    receives(&station, &session, 50)?;
    let per_round = (n / ROUNDS).max(1);
    let (mut raw_runs, mut our_runs) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        raw_runs.push(raw_inserts(&dir.path().join("raw.sqlite"), per_round)?);
        our_runs.push(receives(&station, &session, per_round)?);
    }
    let raw = median(&raw_runs);
    let ours = median(&our_runs);
    let ratio = ours / raw;
    if json {
        println!(
            "{}",
            serde_json::json!({"bench": "commit", "n": n, "raw_per_s": raw, "raw_runs": raw_runs,
                               "receive_per_s": ours, "receive_runs": our_runs, "ratio": ratio, "goal": 0.5})
        );
    } else {
        let show = |v: &[f64]| v.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(", ");
        println!(
            "bench commit: {n} durable commits each, {ROUNDS} alternating rounds, WAL + synchronous=FULL, in {}",
            dir.path().display()
        );
        println!(
            "  raw single-row INSERT     {raw:>9.0} /s   rounds: {}",
            show(&raw_runs)
        );
        println!(
            "  receive_unit + event      {ours:>9.0} /s   rounds: {}",
            show(&our_runs)
        );
        println!("  ratio                     {ratio:>9.2}     (goal >= 0.50)");
    }
    Ok(())
}

fn crash(kills: u32, seed: u64, dir: Option<PathBuf>, json: bool) -> Result<()> {
    let dir = workdir(dir)?;
    let exe = std::env::current_exe()?;
    let report = redock_station::crash::run(&exe, dir.path(), kills, seed)?;
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "bench crash: {} kills in {:.1} s; {} acknowledged receives, {} events, {} units; {} failures",
            report.kills,
            report.seconds,
            report.acknowledged,
            report.events,
            report.units,
            report.failures.len()
        );
        for f in &report.failures {
            println!("  FAIL {f}");
        }
    }
    if !report.failures.is_empty() {
        anyhow::bail!("{} consistency failures after crashes", report.failures.len());
    }
    Ok(())
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// A dock's rhythm: a parcel label, its items (one with a serial in GS1), a wrong item, close.
const SCAN_CYCLE: &[&str] = &[
    "1Z999AA10123456784",
    "]d201059012341234572111HP200-00017",
    "(01)04601234567893(21)356938035643809",
    "96385074",
    "96385074",
    "8712345678906",
    "CMD:CLOSE",
    "RMA-100003",
    "5012345678900",
    "HELLO-42",
];

fn scan(n: u32, dir: Option<PathBuf>, json: bool) -> Result<()> {
    let dir = workdir(dir)?;
    let (station, session) = demo_station(dir.path())?;
    let raw_path = dir.path().join("raw.sqlite");
    raw_inserts(&raw_path, 50)?;
    let (mut scan_ms, mut raw_ms, mut raw_rates, mut scan_rates) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let per_round = (n / ROUNDS).max(1);
    let mut i = 0usize;
    for _ in 0..ROUNDS {
        let (rate, ms) = raw_inserts_timed(&raw_path, per_round)?;
        raw_rates.push(rate);
        raw_ms.extend(ms);
        let started = Instant::now();
        for _ in 0..per_round {
            let t = Instant::now();
            station.scan(
                &session,
                SCAN_CYCLE[i % SCAN_CYCLE.len()],
                redock_station::ScanSource::Cli,
            )?;
            scan_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            i += 1;
        }
        scan_rates.push(f64::from(per_round) / started.elapsed().as_secs_f64());
    }
    scan_ms.sort_by(f64::total_cmp);
    raw_ms.sort_by(f64::total_cmp);
    let (p50, p99) = (percentile(&scan_ms, 0.5), percentile(&scan_ms, 0.99));
    let (raw50, raw99) = (percentile(&raw_ms, 0.5), percentile(&raw_ms, 0.99));
    let (raw, ours) = (median(&raw_rates), median(&scan_rates));
    let ratio = ours / raw;
    if json {
        println!(
            "{}",
            serde_json::json!({"bench": "scan", "n": scan_ms.len(), "scan_p50_ms": p50, "scan_p99_ms": p99,
                               "raw_p50_ms": raw50, "raw_p99_ms": raw99,
                               "scans_per_s": ours, "raw_per_s": raw, "ratio": ratio})
        );
    } else {
        println!("bench scan: {} scans (parcel labels, GS1 with serials, EANs, commands, unknown codes), {ROUNDS} rounds alternating with raw INSERTs", scan_ms.len());
        println!("  scan latency              p50 {p50:.2} ms   p99 {p99:.2} ms");
        println!("  raw INSERT latency        p50 {raw50:.2} ms   p99 {raw99:.2} ms");
        println!("  scans                     {ours:>9.0} /s");
        println!("  raw single-row INSERT     {raw:>9.0} /s   (bench commit's reference)");
        println!("  ratio                     {ratio:>9.2}");
    }
    Ok(())
}

/// A dock's round at the desk, valid again and again on the demo data (which every station
/// generated by `redock demo generate` has too): a carrier label with two RMAs, three units graded
/// three ways, close; an RMA label, a jacket, close; a product looked up; an unknown code.
const DESK_ROUND: &[&str] = &[
    "1Z999AA10123456784",
    "(01)05901234123457(21)HP200-00017",
    "CMD:GRADE:A",
    "(01)04601234567893(21)356938035643809",
    "CMD:OK",
    "CMD:GRADE:B",
    "CMD:DEFECT:SCREEN_SCRATCH",
    "CMD:NEXT",
    "96385074",
    "CMD:PASS",
    "CMD:CLOSE",
    "RMA-100003",
    "5012345678900",
    "CMD:GRADE:C",
    "CMD:REASON:WRONG_SIZE",
    "CMD:NEXT",
    "CMD:CLOSE",
    "8712345678906",
    "HELLO-42",
];

/// Latencies of one station in `bench scan --db`.
#[derive(Default)]
struct Desk {
    scan_ms: Vec<f64>,
    desk_ms: Vec<f64>,
    errors: u32,
}

impl Desk {
    /// Scan `codes` in order, each followed by the desk's refresh, as the screen does.
    fn run(&mut self, station: &Station, session: &redock_station::Session, codes: &[String]) {
        for code in codes {
            self.one(station, session, code);
        }
    }

    fn one(&mut self, station: &Station, session: &redock_station::Session, code: &str) {
        let t = Instant::now();
        let scanned = station.scan(session, code, redock_station::ScanSource::Wedge);
        self.scan_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        if scanned.is_err() {
            self.errors += 1;
        }
        let t = Instant::now();
        if station.desk(session).is_err() {
            self.errors += 1;
        }
        self.desk_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }

    fn summary(&self) -> [f64; 4] {
        let (mut s, mut d) = (self.scan_ms.clone(), self.desk_ms.clone());
        s.sort_by(f64::total_cmp);
        d.sort_by(f64::total_cmp);
        [
            percentile(&s, 0.5),
            percentile(&s, 0.99),
            percentile(&d, 0.5),
            percentile(&d, 0.99),
        ]
    }
}

/// Parcels of the big station's own year: expected returns that never came, with what they
/// expect, each graded and closed. Only the big station has them.
fn year_parcels(station: &Station, parcels: usize) -> Result<Vec<String>> {
    let rows: Vec<(String, Option<String>, String)> = station.store().read(|c| {
        let mut st = c.prepare(
            "SELECT e.tracking, json_extract(l.serials, '$[0]'), s.gtin
             FROM expected_return e JOIN rma_line l USING (rma) JOIN sku s USING (sku)
             WHERE e.status = 'expected' AND e.tracking IS NOT NULL AND s.gtin IS NOT NULL
             ORDER BY e.rowid DESC LIMIT ?1",
        )?;
        let rows = st
            .query_map([parcels as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<Vec<_>, _>>();
        rows
    })?;
    let mut codes = Vec::new();
    let mut last_label = None;
    for (tracking, serial, gtin) in rows {
        if last_label.as_ref() != Some(&tracking) {
            if last_label.is_some() {
                codes.push("CMD:CLOSE".to_string());
            }
            codes.push(tracking.clone());
            last_label = Some(tracking);
        }
        codes.push(match serial {
            Some(s) => format!("(01){gtin}(21){s}"),
            None => gtin.trim_start_matches('0').to_string(),
        });
        codes.push(
            if codes.len() % 3 == 0 {
                "CMD:PASS"
            } else {
                "CMD:GRADE:B"
            }
            .to_string(),
        );
    }
    codes.push("CMD:CLOSE".to_string());
    Ok(codes)
}

fn scan_big(n: u32, dir: Option<PathBuf>, json: bool, db: &Path, in_place: bool) -> Result<()> {
    if !db.is_file() {
        anyhow::bail!("{} is not a station database", db.display());
    }
    let dir = workdir(dir)?;
    let copying = Instant::now();
    let copy = if in_place {
        db.to_path_buf()
    } else {
        let big_dir = dir.path().join("big");
        std::fs::create_dir_all(&big_dir)?;
        let copy = big_dir.join("station.sqlite");
        eprintln!("bench scan: copying {} ...", db.display());
        std::fs::copy(db, &copy).with_context(|| format!("copying {}", db.display()))?;
        let wal = db.with_extension("sqlite-wal");
        if wal.is_file() {
            std::fs::copy(&wal, copy.with_extension("sqlite-wal"))?;
        }
        copy
    };
    let copy_s = copying.elapsed().as_secs_f64();
    let big = Station::open(&copy, Arc::new(SystemClock), redock_domain::CodeConfig::demo())?;
    let big_session = big.login("BADGE-0005", "1111")?;
    let empty_dir = dir.path().join("empty");
    std::fs::create_dir_all(&empty_dir)?;
    let (empty, empty_session) = demo_station(&empty_dir)?;
    let (units, events): (i64, i64) = big.store().read(|c| {
        c.query_row(
            "SELECT (SELECT count(*) FROM unit), (SELECT max(seq) FROM events)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    })?;
    let round: Vec<String> = DESK_ROUND.iter().map(|c| c.to_string()).collect();
    // Warm both (statement caches, the pages of the indexes a scan walks), then take turns scan by
    // scan, who goes first alternating: a burst of the machine's other work or of the disk hits
    // both alike, not one station's round.
    let (mut warm_e, mut warm_b) = (Desk::default(), Desk::default());
    for _ in 0..2 {
        warm_e.run(&empty, &empty_session, &round);
        warm_b.run(&big, &big_session, &round);
    }
    let (mut e, mut b) = (Desk::default(), Desk::default());
    for i in 0..n as usize {
        let code = &round[i % round.len()];
        if i % 2 == 0 {
            e.one(&empty, &empty_session, code);
            b.one(&big, &big_session, code);
        } else {
            b.one(&big, &big_session, code);
            e.one(&empty, &empty_session, code);
        }
    }
    let mut own = Desk::default();
    own.run(&big, &big_session, &year_parcels(&big, 200)?);
    let [e50, e99, ed50, ed99] = e.summary();
    let [b50, b99, bd50, bd99] = b.summary();
    let [o50, o99, od50, od99] = own.summary();
    let ratio = b99 / e99;
    let met = ratio <= 1.5;
    if json {
        println!(
            "{}",
            serde_json::json!({"bench": "scan_db", "db": db.display().to_string(), "units": units, "events": events,
                "scans_each": e.scan_ms.len(),
                "empty": {"scan_p50_ms": e50, "scan_p99_ms": e99, "desk_p50_ms": ed50, "desk_p99_ms": ed99, "errors": e.errors},
                "big": {"scan_p50_ms": b50, "scan_p99_ms": b99, "desk_p50_ms": bd50, "desk_p99_ms": bd99, "errors": b.errors},
                "year_parcels": {"scans": own.scan_ms.len(), "scan_p50_ms": o50, "scan_p99_ms": o99, "desk_p50_ms": od50, "desk_p99_ms": od99, "errors": own.errors},
                "p50_ratio": b50 / e50, "p99_ratio": ratio, "desk_p99_ratio": bd99 / ed99, "goal_p99_ratio": 1.5, "met": met})
        );
        return Ok(());
    }
    println!(
        "bench scan --db: {} ({units} units, {events} events; {}) against an empty station",
        db.display(),
        if in_place {
            "the file itself, --in-place".to_string()
        } else {
            format!("a copy, made in {copy_s:.0} s")
        }
    );
    println!(
        "  {} scans on each, the same dock's round ({} scans: labels, products, grades, next, close), taking turns scan by scan, WAL + synchronous=FULL; the desk's refresh after every scan",
        e.scan_ms.len(),
        round.len()
    );
    println!("                            scan p50   scan p99   desk p50   desk p99   errors");
    let row = |name: &str, v: [f64; 4], errors: u32| {
        println!(
            "  {name:<24}  {:>6.2} ms  {:>6.2} ms  {:>6.2} ms  {:>6.2} ms  {errors:>6}",
            v[0], v[1], v[2], v[3]
        )
    };
    row("empty station", [e50, e99, ed50, ed99], e.errors);
    row(&format!("{units} units"), [b50, b99, bd50, bd99], b.errors);
    println!(
        "  ratio                       {:>6.2}     {:>6.2}     {:>6.2}     {:>6.2}       (goal: scan p99 <= 1.50: {})",
        b50 / e50,
        ratio,
        bd50 / ed50,
        bd99 / ed99,
        if met { "met" } else { "NOT met" }
    );
    row(
        &format!("its own year's parcels ({})", own.scan_ms.len()),
        [o50, o99, od50, od99],
        own.errors,
    );
    Ok(())
}
