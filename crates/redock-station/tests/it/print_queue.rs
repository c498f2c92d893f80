//! The label of every decision is queued with it and printed after the commit; an offline printer
//! makes labels wait, never the dock.

use redock_station::print_queue::{default_label_dir, PrinterSettings};
use redock_station::printers::{PrintFormat, PrinterConfig};
use redock_station::{ScanSource, Session, Station};
use std::io::Read;
use std::net::TcpListener;

fn scan(st: &Station, s: &Session, code: &str) {
    st.scan(s, code, ScanSource::Wedge)
        .unwrap_or_else(|e| panic!("{code}: {e}"));
}

/// Opens the demo parcel and decides the headphones (new, restock). Returns the LPN.
fn decide_headphones(st: &Station, s: &Session) -> String {
    scan(st, s, "1Z999AA10123456784");
    let out = st
        .scan(s, "(01)05901234123457(21)HP200-00017", ScanSource::Wedge)
        .unwrap();
    let lpn = out.receiving.unwrap().lpn.unwrap();
    scan(st, s, "CMD:PASS");
    scan(st, s, "CMD:NEXT");
    lpn
}

#[test]
fn a_decision_prints_its_label_into_the_folder_printer() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    let lpn = decide_headphones(st, &s);
    let status = st.print_queue_status().unwrap();
    assert_eq!(
        (status.waiting, status.failed),
        (1, 0),
        "queued with the decision"
    );
    let reports = st.print_pending().unwrap();
    assert_eq!(reports.len(), 1);
    assert!(reports[0].ok, "{reports:?}");
    assert_eq!(reports[0].lpn, lpn);
    let dir = default_label_dir(&t.db());
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let pdf = std::fs::read(&files[0]).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "a PDF label");
    assert_eq!(st.print_queue_status().unwrap().waiting, 0);
    // Nothing more is due; a reprint queues the label again.
    assert!(st.print_pending().unwrap().is_empty());
    st.reprint(&s, &lpn).unwrap();
    assert!(st.print_pending().unwrap()[0].ok);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
    // CMD:REPRINT at the scanner: the unit last decided, or a decided unit scanned by its LPN.
    scan(st, &s, "96385074");
    scan(st, &s, "CMD:GRADE:A");
    scan(st, &s, "CMD:NEXT");
    let other: String = st
        .store()
        .lock_writer()
        .query_row(
            "SELECT lpn FROM disposition ORDER BY rowid DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_ne!(other, lpn);
    let reprinted = |st: &Station| {
        let out = st.scan(&s, "CMD:REPRINT", ScanSource::Wedge).unwrap();
        out.inspection.unwrap().decision.unwrap().lpn
    };
    assert_eq!(reprinted(st), other);
    scan(st, &s, &lpn);
    assert_eq!(reprinted(st), lpn);
    let c = st.store().lock_writer();
    let (done, reprints): (i64, i64) = c
        .query_row(
            "SELECT count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE reason = 'reprint') FROM print_job",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((done, reprints), (2, 3));
}

/// PNG width and height from its IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[test]
fn the_label_preview_is_drawn_at_the_printers_dots() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    let lpn = decide_headphones(st, &s);
    // The embedded default: PDF on 100 × 150 mm, barcodes on a 203 dpi grid.
    let (w, h) = png_size(&st.label_preview(&lpn, "pl").unwrap());
    assert_eq!((w, h), (799, 1199), "100 × 150 mm at 203 dpi");
    // A 300 dpi thermal printer on 4 × 6 in labels: the preview follows it.
    let sup = st.login("BADGE-0003", "3456").unwrap();
    let zebra = PrinterSettings {
        printer: PrinterConfig::Raw {
            host: "127.0.0.1".into(),
            port: 9100,
            timeout_ms: 1_000,
        },
        format: PrintFormat::Zpl,
        template: "4x6in".into(),
        dpi: 300,
    };
    st.set_printer_settings(&sup, &zebra).unwrap();
    assert_eq!(png_size(&st.label_preview(&lpn, "ru").unwrap()), (1200, 1800));
    // A unit that was never decided has no label.
    assert!(st.label_preview("LPN99999999999", "en").is_err());
}

#[test]
fn an_offline_printer_makes_labels_wait_and_the_dock_goes_on() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    let sup = st.login("BADGE-0003", "3456").unwrap();
    // A port nobody listens on (bound, then freed).
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let settings = PrinterSettings {
        printer: PrinterConfig::Raw {
            host: "127.0.0.1".into(),
            port,
            timeout_ms: 500,
        },
        format: PrintFormat::Zpl,
        template: "4x6in".into(),
        dpi: 203,
    };
    st.set_printer_settings(&sup, &settings).unwrap();
    let s = st.login("BADGE-0005", "1111").unwrap_or(s);
    let lpn = decide_headphones(st, &s);
    let r = st.print_pending().unwrap();
    assert!(!r[0].ok);
    assert_eq!(r[0].error_code.as_deref(), Some("print.offline"));
    let status = st.print_queue_status().unwrap();
    assert_eq!(
        (status.waiting, status.error_code.as_deref()),
        (1, Some("print.offline"))
    );
    // The dock goes on: the next unit is received and graded meanwhile.
    scan(st, &s, "96385074");
    scan(st, &s, "CMD:GRADE:A");
    // Not due again yet.
    assert!(st.print_pending().unwrap().is_empty());

    // The printer comes back; after the wait the label goes out, whole.
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
    let catcher = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut bytes = Vec::new();
        conn.read_to_end(&mut bytes).unwrap();
        bytes
    });
    t.clock.advance(time::Duration::seconds(6));
    let r = st.print_pending().unwrap();
    assert!(r[0].ok, "{r:?}");
    let zpl = String::from_utf8(catcher.join().unwrap()).unwrap();
    assert!(zpl.starts_with("^XA") && zpl.trim_end().ends_with("^XZ"), "{zpl}");
    assert!(zpl.contains(&lpn), "the LPN is on the label");
    let c = st.store().lock_writer();
    let attempts: i64 = c
        .query_row("SELECT attempts FROM print_job WHERE lpn = ?1", [&lpn], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(attempts, 2);
}

#[test]
fn printer_settings_are_checked_and_only_for_supervisors() {
    let t = crate::demo_station();
    let st = &t.station;
    let inspector = crate::inspector(st);
    let good = PrinterSettings::folder_default(&t.db());
    assert_eq!(
        st.set_printer_settings(&inspector, &good).unwrap_err().code(),
        "auth.forbidden"
    );
    let sup = st.login("BADGE-0003", "3456").unwrap();
    let mut bad = good.clone();
    bad.template = "A7-napkin".into();
    assert_eq!(
        st.set_printer_settings(&sup, &bad).unwrap_err().code(),
        "config.invalid"
    );
    assert_eq!(
        st.printer_settings().unwrap(),
        good,
        "the refused settings were not saved"
    );
}

#[test]
fn photos_are_stored_by_hash_and_broken_ones_refused() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    let mut png = Vec::new();
    image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([(x * 6) as u8, (y * 8) as u8, 90]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    assert_eq!(st.add_photo(&s, &png).unwrap_err().code(), "inspection.no_unit");
    scan(st, &s, "1Z999AA10123456784");
    scan(st, &s, "(01)05901234123457(21)HP200-00017");
    let before = st.status().unwrap().events_total;
    assert_eq!(
        st.add_photo(&s, b"not an image at all").unwrap_err().code(),
        "photo.unreadable"
    );
    assert_eq!(
        st.status().unwrap().events_total,
        before,
        "a refused photo records nothing"
    );
    let v = st.add_photo(&s, &png).unwrap();
    assert_eq!(v.photos.len(), 1);
    let path = st.photo_store().path_of(&v.photos[0]).unwrap();
    assert!(path.exists(), "{path:?}");
    assert!(path.starts_with(t.dir.path().join("photos")));
    // The same photo again is one file, and refused as a second attachment.
    assert_eq!(
        st.add_photo(&s, &png).unwrap_err().code(),
        "inspection.photo_twice"
    );
}

// ---------------------------------------------------------------------------------------------
// A label is sent once; the print thread wakes with the commit; retention.

use crate::raw_printer::RawPrinter;
use redock_station::print_retention::PrintRetention;
use redock_station::print_worker::PrintWorker;
use redock_station::{projection, Store};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The station on `t`'s database, waiting at most `busy` for a lock (the default 3 s makes a test
/// of a locked database slow, not different).
fn reopen(t: &crate::TestStation, busy: Duration) -> Station {
    Station::from_store(
        Store::open_with(&t.db(), busy, false).unwrap(),
        t.clock.clone(),
        redock_domain::CodeConfig::demo(),
    )
    .unwrap()
}

fn zpl_to(port: u16) -> PrinterSettings {
    PrinterSettings {
        printer: PrinterConfig::Raw {
            host: "127.0.0.1".into(),
            port,
            timeout_ms: 5_000,
        },
        format: PrintFormat::Zpl,
        template: "4x6in".into(),
        dpi: 203,
    }
}

/// The database's write lock, taken by another connection (as another program would) while
/// `armed`: the printer's hook takes it once a label's bytes are in, before the station can
/// record what the printer did.
#[derive(Clone, Default)]
struct WriteLock {
    armed: Arc<AtomicBool>,
    held: Arc<Mutex<Option<rusqlite::Connection>>>,
}

impl WriteLock {
    fn take(&self, db: &std::path::Path) {
        if self.armed.load(Ordering::SeqCst) {
            let c = rusqlite::Connection::open(db).unwrap();
            c.execute_batch("BEGIN IMMEDIATE").unwrap();
            *self.held.lock().unwrap() = Some(c);
        }
    }
    fn release(&self) {
        self.armed.store(false, Ordering::SeqCst);
        // Dropping the connection rolls its transaction back.
        self.held.lock().unwrap().take();
    }
    fn is_held(&self) -> bool {
        self.held.lock().unwrap().is_some()
    }
}

fn locking_printer(db: &std::path::Path, lock: &WriteLock) -> RawPrinter {
    let (db, lock) = (db.to_path_buf(), lock.clone());
    RawPrinter::start(move |_| lock.take(&db))
}

fn job_state(st: &Station, job_id: &str) -> String {
    st.store()
        .lock_writer()
        .query_row("SELECT state FROM print_job WHERE job_id = ?1", [job_id], |r| {
            r.get(0)
        })
        .unwrap()
}

fn count_events(st: &Station, kind: &str) -> usize {
    st.events_after(0, 1_000_000)
        .unwrap()
        .iter()
        .filter(|e| e.kind == kind)
        .count()
}

fn assert_rebuild_matches(st: &Station) {
    let mut c = st.store().lock_writer();
    let before = projection::snapshot(&c).unwrap();
    projection::rebuild(&mut c).unwrap();
    assert_eq!(projection::snapshot(&c).unwrap(), before, "a rebuild differs");
}

#[test]
fn a_label_whose_result_cannot_be_recorded_is_not_sent_again() {
    let t = crate::demo_station();
    let st = reopen(&t, Duration::from_millis(200));
    let lock = WriteLock::default();
    let printer = locking_printer(&t.db(), &lock);
    let sup = st.login("BADGE-0003", "3456").unwrap();
    st.set_printer_settings(&sup, &zpl_to(printer.port)).unwrap();
    let s = crate::inspector(&st);
    let lpn = decide_headphones(&st, &s);

    lock.armed.store(true, Ordering::SeqCst);
    let r = st.print_pending().unwrap();
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].ok && !r[0].recorded, "sent, not recorded: {r:?}");
    assert!(lock.is_held());
    let job = r[0].job_id.clone();
    assert_eq!(
        job_state(&st, &job),
        "sending",
        "claimed before the bytes went out"
    );
    // The station has it in hand: it waits, it is not one that may have printed.
    let status = st.print_queue_status().unwrap();
    assert_eq!((status.waiting, status.unsure.len()), (1, 0), "{status:?}");
    assert_eq!(st.confirm_printed(&s, &job).unwrap_err().code(), "print.sending");

    // However often the queue runs while the store refuses writes, nothing is sent again.
    for _ in 0..3 {
        t.clock.advance(time::Duration::minutes(5));
        assert!(st.print_pending().unwrap().is_empty());
    }
    assert_eq!(printer.jobs().len(), 1, "one label at the printer");

    // The store takes writes again: the result is recorded, still nothing is sent.
    lock.release();
    t.clock.advance(time::Duration::minutes(5));
    let r = st.print_pending().unwrap();
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].ok && r[0].recorded && r[0].job_id == job, "{r:?}");
    let labels = printer.jobs();
    assert_eq!(labels.len(), 1, "one label at the printer");
    assert!(String::from_utf8_lossy(&labels[0]).contains(&lpn));
    assert_eq!(job_state(&st, &job), "done");
    assert_eq!(count_events(&st, "print_sending"), 1);
    assert_eq!(count_events(&st, "print_attempted"), 1);
    let status = st.print_queue_status().unwrap();
    assert_eq!((status.waiting, status.unsure.len()), (0, 0), "{status:?}");
    assert_rebuild_matches(&st);
}

#[test]
fn a_label_being_sent_when_the_station_stopped_may_have_printed_and_a_person_settles_it() {
    let t = crate::demo_station();
    let lock = WriteLock::default();
    let printer = locking_printer(&t.db(), &lock);
    let st = reopen(&t, Duration::from_millis(200));
    let sup = st.login("BADGE-0003", "3456").unwrap();
    st.set_printer_settings(&sup, &zpl_to(printer.port)).unwrap();
    let s = crate::inspector(&st);
    let lpn = decide_headphones(&st, &s);

    // Sent; the station stops before its result is recorded.
    lock.armed.store(true, Ordering::SeqCst);
    let first = st.print_pending().unwrap()[0].job_id.clone();
    drop(st);
    lock.release();

    let st = reopen(&t, Duration::from_millis(200));
    let s = crate::inspector(&st);
    let status = st.print_queue_status().unwrap();
    assert_eq!(status.waiting, 0);
    assert_eq!(status.unsure.len(), 1, "{status:?}");
    assert_eq!(
        (status.unsure[0].job_id.as_str(), status.unsure[0].lpn.as_str()),
        (first.as_str(), lpn.as_str())
    );
    assert!(
        st.print_pending().unwrap().is_empty(),
        "never sent again by itself"
    );
    assert_eq!(printer.jobs().len(), 1);

    // The inspector sees the label: printed.
    st.confirm_printed(&s, &first).unwrap();
    assert_eq!(job_state(&st, &first), "done");
    assert!(st.print_queue_status().unwrap().unsure.is_empty());
    assert_eq!(
        st.confirm_printed(&s, &first).unwrap_err().code(),
        "print.settled"
    );
    assert_eq!(st.reprint_unsure(&s, &first).unwrap_err().code(), "print.settled");
    assert_eq!(
        st.confirm_printed(&s, "no-such-job").unwrap_err().code(),
        "not_found"
    );

    // The next unit's label: the station stops again; this time the label is not there.
    scan(&st, &s, "96385074");
    scan(&st, &s, "CMD:GRADE:A");
    scan(&st, &s, "CMD:NEXT");
    lock.armed.store(true, Ordering::SeqCst);
    let second = st.print_pending().unwrap()[0].job_id.clone();
    drop(st);
    lock.release();
    let st = reopen(&t, Duration::from_millis(200));
    let s = crate::inspector(&st);
    let unsure = st.print_queue_status().unwrap().unsure;
    assert_eq!(unsure.len(), 1);
    assert_eq!(unsure[0].job_id, second);
    let second_lpn = unsure[0].lpn.clone();
    let rung = st.print_bell().rung();
    let again = st.reprint_unsure(&s, &second).unwrap();
    assert_eq!(st.print_bell().rung(), rung + 1, "the print thread is woken");
    assert_eq!(job_state(&st, &second), "replaced");
    let r = st.print_pending().unwrap();
    assert_eq!(
        (r.len(), r[0].job_id.as_str(), r[0].ok),
        (1, again.as_str(), true)
    );
    let labels = printer.jobs();
    assert_eq!(labels.len(), 3, "first, second, second again");
    assert!(String::from_utf8_lossy(&labels[2]).contains(&second_lpn));
    assert!(st.print_queue_status().unwrap().unsure.is_empty());
    assert_rebuild_matches(&st);
}

#[test]
fn failed_labels_are_dismissed_by_a_supervisor_and_the_station_stops_showing_them() {
    let t = crate::demo_station();
    let st = &t.station;
    let sup = st.login("BADGE-0003", "3456").unwrap();
    // A template the station does not have (saved around the check): the label cannot be drawn.
    let mut broken = serde_json::to_value(PrinterSettings::folder_default(&t.db())).unwrap();
    broken["template"] = "A7-napkin".into();
    st.set_setting(&sup, "printer", broken).unwrap();
    let s = crate::inspector(st);
    decide_headphones(st, &s);
    let r = st.print_pending().unwrap();
    assert!(!r[0].ok, "{r:?}");
    let status = st.print_queue_status().unwrap();
    assert_eq!(status.failed, 1);
    assert_eq!(status.failed_jobs.len(), 1);
    assert_eq!(
        status.failed_jobs[0].error_code.as_deref(),
        Some("config.invalid")
    );
    let failed = vec![status.failed_jobs[0].job_id.clone()];

    assert_eq!(
        st.dismiss_failed_prints(&s, &failed).unwrap_err().code(),
        "auth.forbidden"
    );
    assert_eq!(st.print_queue_status().unwrap().failed, 1);
    // One operator at the desk at a time: the supervisor logs in again.
    let sup = st.login("BADGE-0003", "3456").unwrap();
    assert_eq!(st.dismiss_failed_prints(&sup, &failed).unwrap(), 1);
    let status = st.print_queue_status().unwrap();
    assert_eq!((status.failed, status.failed_jobs.len()), (0, 0), "{status:?}");
    assert_eq!(job_state(st, &failed[0]), "dismissed");
    // Dismissing it again, or a job that is not failed, changes nothing.
    assert_eq!(st.dismiss_failed_prints(&sup, &failed).unwrap(), 0);
    assert_eq!(count_events(st, "print_dismissed"), 1);
    assert_rebuild_matches(st);
}

#[test]
fn a_queued_label_wakes_the_print_thread() {
    let t = crate::demo_station();
    let printer = RawPrinter::start(|_| {});
    let st = Arc::new(reopen(&t, redock_station::store::DEFAULT_BUSY_TIMEOUT));
    let sup = st.login("BADGE-0003", "3456").unwrap();
    st.set_printer_settings(&sup, &zpl_to(printer.port)).unwrap();
    let s = crate::inspector(&st);
    // Within the hour only the bell can wake it.
    let worker = PrintWorker::spawn(Arc::clone(&st), Duration::from_secs(3600), |_| {}).unwrap();

    // A scan that queues no label does not ring.
    let rung = st.print_bell().rung();
    scan(&st, &s, "1Z999AA10123456784");
    scan(&st, &s, "(01)05901234123457(21)HP200-00017");
    assert_eq!(st.print_bell().rung(), rung, "nothing queued, nobody woken");
    scan(&st, &s, "CMD:PASS");
    scan(&st, &s, "CMD:NEXT");
    assert_eq!(st.print_bell().rung(), rung + 1);

    let label = String::from_utf8(printer.next_job()).unwrap();
    assert!(label.starts_with("^XA"), "{label}");
    assert_eq!(worker.wakes().timed_out.load(Ordering::SeqCst), 0);
    assert!(worker.wakes().rung.load(Ordering::SeqCst) >= 1);
    drop(worker);
}

#[test]
fn old_label_files_and_finished_jobs_are_pruned_and_a_rebuild_agrees() {
    let t = crate::demo_station();
    let st = &t.station;
    let s = crate::inspector(st);
    assert_eq!(st.print_retention().unwrap(), PrintRetention { days: 30 });
    assert_eq!(
        st.set_print_retention(&s, PrintRetention { days: 7 })
            .unwrap_err()
            .code(),
        "auth.forbidden"
    );
    let sup = st.login("BADGE-0003", "3456").unwrap();
    assert_eq!(
        st.set_print_retention(&sup, PrintRetention { days: 0 })
            .unwrap_err()
            .code(),
        "config.invalid"
    );
    st.set_print_retention(&sup, PrintRetention { days: 7 }).unwrap();
    let s = crate::inspector(st);

    // Day 0: a label printed into the folder.
    let lpn = decide_headphones(st, &s);
    assert!(st.print_pending().unwrap()[0].ok);
    let dir = default_label_dir(&t.db());
    let old_file = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    // Day 7: printed again.
    t.clock.advance(time::Duration::days(7));
    st.reprint(&s, &lpn).unwrap();
    assert!(st.print_pending().unwrap()[0].ok);
    let recent_file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| *p != old_file)
        .unwrap();
    // The files' times as the station's clock tells them; a file that is not a label, old too.
    let now = std::time::SystemTime::from(st.now());
    let days = |n: u64| Duration::from_secs(n * 24 * 3600);
    let touch = |p: &std::path::Path, age: Duration| {
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(now - age)
            .unwrap()
    };
    let notes = dir.join("notes.pdf");
    std::fs::write(&notes, b"not a label").unwrap();
    touch(&old_file, days(8));
    touch(&notes, days(8));
    touch(&recent_file, days(1));
    // Waiting and failed jobs are kept whatever their age.
    let waiting = st.reprint(&s, &lpn).unwrap();

    // Day 8: the day-0 job and file are beyond the 7 days.
    t.clock.advance(time::Duration::days(1));
    let report = st.prune_print_jobs().unwrap();
    assert_eq!(
        (report.files_removed, report.files_failed, report.jobs_pruned),
        (1, 0, 1),
        "{report:?}"
    );
    assert!(!old_file.exists() && recent_file.exists() && notes.exists());
    let c = st.store().lock_writer();
    let jobs: Vec<(String, String)> = c
        .prepare("SELECT job_id, state FROM print_job ORDER BY created_at")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    drop(c);
    assert_eq!(jobs.len(), 2, "{jobs:?}");
    assert_eq!(jobs[0].1, "done");
    assert_eq!(jobs[1], (waiting, "queued".to_string()));
    assert_eq!(count_events(st, "print_jobs_pruned"), 1);
    assert_rebuild_matches(st);
    // Nothing more to prune until more time passes.
    assert_eq!(st.prune_print_jobs().unwrap().jobs_pruned, 0);
}
