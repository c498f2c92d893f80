//! Crash safety, proven: a child process writes receives as fast as it can and prints `ACK seq lpn`
//! after each durable commit; the harness SIGKILLs it at random moments, reopens the database and
//! checks that it is consistent and that every acknowledged write is there with its event.
//! Used by `redock bench crash` and by the CLI's integration test.

use crate::clock::SystemClock;
use crate::error::StationError;
use crate::projection;
use crate::receive::ReceiveInput;
use crate::station::Station;
use crate::store::Store;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The child's side: open (seeding demo data if new), log in the demo inspector, and receive units
/// until killed, acknowledging each on stdout only after its commit returned.
pub fn writer_loop(db: &Path, limit: Option<u64>) -> Result<(), StationError> {
    let station = Station::open(db, Arc::new(SystemClock), redock_domain::CodeConfig::demo())?;
    station.seed_demo_if_empty()?;
    let session = station.login("BADGE-0005", "1111")?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = writeln!(out, "READY");
    let _ = out.flush();
    let mut n = 0u64;
    while limit.is_none_or(|l| n < l) {
        let r = station.receive_unit(
            &session,
            ReceiveInput {
                sku: Some("EL-HP-200".into()),
                gtin: Some("05901234123457".into()),
                ..Default::default()
            },
        )?;
        // A failed write to stdout means the harness is gone; nothing to acknowledge to.
        if writeln!(out, "ACK {} {}", r.seq, r.lpn)
            .and_then(|_| out.flush())
            .is_err()
        {
            return Ok(());
        }
        n += 1;
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct CrashReport {
    pub kills: u32,
    pub acknowledged: u64,
    pub events: i64,
    pub units: i64,
    pub seconds: f64,
    pub failures: Vec<String>,
}

/// What must hold after any crash. Returns the list of violations (empty when consistent).
/// `acked` are the acknowledged writes to look for; `rebuild` also replays the whole log and
/// compares the projections (the slow part, O(events)).
pub fn verify(
    db: &Path,
    acked: &[(i64, String)],
    rebuild: bool,
) -> Result<(Vec<String>, i64, i64), StationError> {
    let store = Store::open(db)?;
    let mut failures = Vec::new();
    let integrity = store.integrity_check()?;
    if integrity != ["ok"] {
        failures.push(format!("integrity_check: {integrity:?}"));
    }
    let mut conn = store.lock_writer();
    let (count, max): (i64, i64) =
        conn.query_row("SELECT count(*), coalesce(max(seq), 0) FROM events", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    if count != max {
        failures.push(format!("sequence has gaps: {count} events, highest seq {max}"));
    }
    for (seq, lpn) in acked {
        let found: Option<String> = conn
            .query_row(
                "SELECT json_extract(e.payload, '$.lpn') FROM events e JOIN unit u
                   ON u.lpn = json_extract(e.payload, '$.lpn')
                 WHERE e.seq = ?1 AND e.kind = 'unit_received'",
                [seq],
                |r| r.get(0),
            )
            .ok();
        if found.as_deref() != Some(lpn.as_str()) {
            failures.push(format!(
                "acknowledged write lost: seq {seq} {lpn} (found {found:?})"
            ));
        }
    }
    // EXCEPT sorts both sides: O(n log n), where a correlated NOT EXISTS over the JSON payloads
    // would be quadratic and dominate a long crash run.
    let orphans: i64 = conn.query_row(
        "SELECT count(*) FROM (SELECT lpn FROM unit
           EXCEPT SELECT json_extract(payload, '$.lpn') FROM events WHERE kind = 'unit_received')",
        [],
        |r| r.get(0),
    )?;
    if orphans > 0 {
        failures.push(format!("{orphans} units without their event"));
    }
    let units: i64 = conn.query_row("SELECT count(*) FROM unit", [], |r| r.get(0))?;
    if rebuild {
        let before = projection::snapshot(&conn)?;
        projection::rebuild(&mut conn)?;
        let after = projection::snapshot(&conn)?;
        if before != after {
            failures.push("projection differs from a rebuild of the events".into());
        }
    }
    Ok((failures, max, units))
}

const REBUILD_EVERY: u32 = 100;

/// Kill a writer `kills` times at random moments, verifying after each kill.
pub fn run(exe: &Path, dir: &Path, kills: u32, seed: u64) -> Result<CrashReport, StationError> {
    let db = dir.join("crash.sqlite");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut acked: Vec<(i64, String)> = Vec::new();
    let mut report = CrashReport {
        kills: 0,
        acknowledged: 0,
        events: 0,
        units: 0,
        seconds: 0.0,
        failures: Vec::new(),
    };
    let started = Instant::now();
    for i in 0..kills {
        let mut child = Command::new(exe)
            .args(["crash-writer", "--db"])
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| StationError::Config(format!("cannot start {}: {e}", exe.display())))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| StationError::Config("no stdout from writer".into()))?;
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<()>();
        let reader = std::thread::spawn(move || {
            let mut acks = Vec::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line == "READY" {
                    let _ = ready_tx.send(());
                    continue;
                }
                let mut parts = line.split(' ');
                if let (Some("ACK"), Some(seq), Some(lpn)) = (parts.next(), parts.next(), parts.next()) {
                    if let Ok(seq) = seq.parse::<i64>() {
                        acks.push((seq, lpn.to_string()));
                    }
                }
            }
            acks
        });
        // One kill in five lands during start-up (open, migrate, demo seed, log-in), at a random
        // moment after spawning. The others wait until the writer is writing, however slow the
        // machine, and then strike at a random moment in the write loop.
        let delay = if i % 5 == 0 {
            rng.gen_range(0..60)
        } else {
            // A writer that never gets ready is killed anyway; verification still runs.
            let _ = ready_rx.recv_timeout(Duration::from_secs(60));
            rng.gen_range(20..150)
        };
        #[allow(clippy::disallowed_methods)] // a plain thread, no async runtime here
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        report.kills += 1;
        let acks = reader.join().unwrap_or_default();
        report.acknowledged += acks.len() as u64;
        if db.exists() {
            // Each kill checks the writes acknowledged since the last one (older ones were checked
            // and events never change); every `REBUILD_EVERY`th kill and the last also rebuild the
            // projections and recheck every acknowledgement (O(events): a long run holds hundreds
            // of thousands).
            let full = (i + 1) % REBUILD_EVERY == 0 || i + 1 == kills;
            acked.extend(acks.iter().cloned());
            let check = if full { &acked[..] } else { &acks[..] };
            let (failures, events, units) = verify(&db, check, full)?;
            report.events = events;
            report.units = units;
            for f in failures {
                report.failures.push(format!("after kill {}: {f}", i + 1));
            }
        }
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}
