//! `redock bench print`: from an inspection saved to the last byte of its label at a printer, and
//! the same bytes written to that printer directly, in the same run.
//!
//! The printer is a raw 9100 listener on 127.0.0.1 that reads each job until the sender closes
//! and notes when its last byte arrived. The station prints to it as the app does: ZPL, through
//! the print thread (`PrintWorker`, woken by the commit that queued the label, with the app's
//! timeout). Each round: a product is scanned (a new unit), graded, and saved with `CMD:NEXT`;
//! ours is the time from that save returning to the label's last byte (zero when the label was
//! out before the call returned). The reference then writes the bytes the printer just got to
//! it directly (connect, write, shut down): what the socket costs without the station.

use anyhow::{bail, Context, Result};
use redock_station::print_queue::PrinterSettings;
use redock_station::print_worker::{PrintWorker, LOOK_EVERY};
use redock_station::printers::{PrintFormat, PrinterConfig};
use redock_station::{ScanSource, Station, SystemClock};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// A label that has not arrived by then is a failure, not a slow sample.
const LABEL_WAIT: Duration = Duration::from_secs(30);
const WARMUP: u32 = 5;
const GOAL_P95_MS: f64 = 100.0;

struct Received {
    last_byte: Instant,
    bytes: Vec<u8>,
}

/// The printer: one job per connection, read to the end, one after another.
fn listener() -> Result<(u16, mpsc::Receiver<Received>)> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding the bench printer")?;
    let port = listener.local_addr()?.port();
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("bench-printer".into())
        .spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { continue };
                let mut bytes = Vec::new();
                let mut buf = [0u8; 64 * 1024];
                let mut last_byte = Instant::now();
                loop {
                    match conn.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => {
                            last_byte = Instant::now();
                            bytes.extend_from_slice(&buf[..n]);
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(_) => break,
                    }
                }
                // Closing at once, as a Zebra does: the sender does not wait for our close.
                drop(conn);
                if tx.send(Received { last_byte, bytes }).is_err() {
                    return;
                }
            }
        })?;
    Ok((port, rx))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn bench_print(n: u32, dir: Option<PathBuf>, json: bool) -> Result<()> {
    let dir = crate::bench::workdir(dir)?;
    let (port, labels) = listener()?;
    let station = Arc::new(Station::open(
        &dir.path().join("station.sqlite"),
        Arc::new(SystemClock),
        redock_domain::CodeConfig::demo(),
    )?);
    station.seed_demo_if_empty()?;
    let supervisor = station.login("BADGE-0003", "3456")?;
    let settings = PrinterSettings {
        printer: PrinterConfig::Raw {
            host: "127.0.0.1".into(),
            port,
            timeout_ms: 5_000,
        },
        format: PrintFormat::Zpl,
        template: "4x6in".into(),
        dpi: 203,
    };
    station.set_printer_settings(&supervisor, &settings)?;
    let session = station.login("BADGE-0005", "1111")?;
    let worker = PrintWorker::spawn(Arc::clone(&station), LOOK_EVERY, |_| {})?;
    station.scan(&session, "1Z999AA10123456784", ScanSource::Cli)?;

    let (mut ours, mut reference, mut saves) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..n + WARMUP {
        let unit = station.scan(&session, "96385074", ScanSource::Cli)?;
        let lpn = unit
            .receiving
            .and_then(|r| r.lpn)
            .context("the product scan received no unit")?;
        station.scan(&session, "CMD:GRADE:A", ScanSource::Cli)?;
        let called = Instant::now();
        station.scan(&session, "CMD:NEXT", ScanSource::Cli)?;
        let saved = Instant::now();
        let label = labels
            .recv_timeout(LABEL_WAIT)
            .with_context(|| format!("the label of {lpn} did not reach the printer within {LABEL_WAIT:?}"))?;
        if !label.bytes.windows(lpn.len()).any(|w| w == lpn.as_bytes()) {
            bail!("the printer got a label without {lpn}: not the unit just saved");
        }

        let started = Instant::now();
        let mut direct = TcpStream::connect(("127.0.0.1", port))?;
        direct.set_nodelay(true)?;
        direct.write_all(&label.bytes)?;
        direct.shutdown(Shutdown::Write)?;
        let echo = labels
            .recv_timeout(LABEL_WAIT)
            .context("the directly written bytes did not arrive")?;
        if echo.bytes != label.bytes {
            bail!("the printer got other bytes than were written to it");
        }
        if i >= WARMUP {
            saves.push(ms(saved - called));
            ours.push(ms(label.last_byte.saturating_duration_since(saved)));
            reference.push(ms(echo.last_byte.saturating_duration_since(started)));
        }
    }
    let rung = worker.wakes().rung.load(Ordering::Relaxed);
    let timed_out = worker.wakes().timed_out.load(Ordering::Relaxed);
    drop(worker);
    for v in [&mut ours, &mut reference, &mut saves] {
        v.sort_by(f64::total_cmp);
    }
    let p = crate::bench::percentile;
    let (o50, o95) = (p(&ours, 0.5), p(&ours, 0.95));
    let (r50, r95) = (p(&reference, 0.5), p(&reference, 0.95));
    let (s50, s95) = (p(&saves, 0.5), p(&saves, 0.95));
    let met = o95 < GOAL_P95_MS;
    if json {
        println!(
            "{}",
            serde_json::json!({"bench": "print", "n": ours.len(), "woken_by_bell": rung, "woken_by_timeout": timed_out,
                "saved_to_last_byte_p50_ms": o50, "saved_to_last_byte_p95_ms": o95,
                "direct_p50_ms": r50, "direct_p95_ms": r95, "save_p50_ms": s50, "save_p95_ms": s95,
                "ratio_p50": o50 / r50.max(1e-9), "ratio_p95": o95 / r95.max(1e-9),
                "goal_p95_ms": GOAL_P95_MS, "goal_met": met})
        );
    } else {
        println!(
            "bench print: {} labels (ZPL 4x6in, raw 9100 listener on 127.0.0.1) after {WARMUP} warm-up rounds; the print thread woke {rung} times by the bell, {timed_out} by its {} s timeout",
            ours.len(),
            LOOK_EVERY.as_secs()
        );
        println!("  save (CMD:NEXT, durable commit)     p50 {s50:>7.2} ms   p95 {s95:>7.2} ms");
        println!("  saved → last byte at the printer    p50 {o50:>7.2} ms   p95 {o95:>7.2} ms");
        println!("  same bytes written directly         p50 {r50:>7.2} ms   p95 {r95:>7.2} ms");
        println!(
            "  ratio                               p50 {:>7.1}      p95 {:>7.1}",
            o50 / r50.max(1e-9),
            o95 / r95.max(1e-9)
        );
        println!(
            "  goal p95 < {GOAL_P95_MS:.0} ms: {}",
            if met { "met" } else { "NOT met" }
        );
    }
    Ok(())
}
