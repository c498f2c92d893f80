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
