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
}

pub fn run(which: Bench) -> Result<()> {
    match which {
        Bench::Commit { n, dir, json } => commit(n, dir, json),
        Bench::Crash { kills, seed, dir, json } => crash(kills, seed, dir, json),
    }
}

fn workdir(dir: Option<PathBuf>) -> Result<tempfile::TempDir> {
    let base = match dir {
        Some(d) => d,
        None => std::env::current_dir()?,
    };
    std::fs::create_dir_all(&base)?;
    tempfile::Builder::new().prefix(".redock-bench-").tempdir_in(&base).context("making the bench directory")
}

/// The reference: what the disk gives one durable single-row transaction.
fn raw_inserts(path: &Path, n: u32) -> Result<f64> {
    let c = rusqlite::Connection::open(path)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "FULL")?;
    c.execute_batch("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, lpn TEXT NOT NULL, at TEXT NOT NULL)")?;
    let mut st = c.prepare("INSERT INTO t (lpn, at) VALUES (?1, ?2)")?;
    let started = Instant::now();
    for i in 0..n {
        st.execute(rusqlite::params![format!("LPN{i:011}"), "2026-11-23T10:00:00Z"])?;
    }
    Ok(f64::from(n) / started.elapsed().as_secs_f64())
}

fn receives(station: &Station, session: &redock_station::Session, n: u32) -> Result<f64> {
    let started = Instant::now();
    for _ in 0..n {
        station.receive_unit(
            session,
            ReceiveInput { sku: Some("EL-HP-200".into()), gtin: Some("05901234123457".into()), ..Default::default() },
        )?;
    }
    Ok(f64::from(n) / started.elapsed().as_secs_f64())
}

fn commit(n: u32, dir: Option<PathBuf>, json: bool) -> Result<()> {
    let dir = workdir(dir)?;
    let station = Station::open(&dir.path().join("station.sqlite"), Arc::new(SystemClock), redock_domain::CodeConfig::demo())?;
    station.seed_demo_if_empty()?;
    let session = station.login("BADGE-0005", "1111")?;
    // Warm both files, then alternate reference / ours / reference so drift of the disk shows up
    // in the reference's spread rather than in the ratio.
    raw_inserts(&dir.path().join("raw.sqlite"), 50)?;
    receives(&station, &session, 50)?;
    let raw_a = raw_inserts(&dir.path().join("raw.sqlite"), n)?;
    let ours = receives(&station, &session, n)?;
    let raw_b = raw_inserts(&dir.path().join("raw.sqlite"), n)?;
    let raw = (raw_a + raw_b) / 2.0;
    let ratio = ours / raw;
    if json {
        println!(
            "{}",
            serde_json::json!({"bench": "commit", "n": n, "raw_per_s": raw, "raw_runs": [raw_a, raw_b],
                               "receive_per_s": ours, "ratio": ratio, "goal": 0.5})
        );
    } else {
        println!("bench commit: {n} durable commits each, WAL + synchronous=FULL, in {}", dir.path().display());
        println!("  raw single-row INSERT     {raw:>9.0} /s   (runs: {raw_a:.0}, {raw_b:.0})");
        println!("  receive_unit + event      {ours:>9.0} /s");
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
