#![allow(clippy::unwrap_used)] // tests: a panic is the failure report
#![allow(clippy::disallowed_methods)] // test threads poll with thread::sleep; no async runtime here
//! Printer transports against real components: a folder on real (and, as root, deliberately
//! read-only and full) file systems, a TcpListener as a 9100 printer, a socat pty pair as a serial
//! printer, and a private CUPS scheduler started through `tests/print/cupsd.sh` with a cups-pdf
//! queue and a raw queue. No test here is skipped for a missing tool: it fails and says what to
//! install.

use redock_station::printers::{
    cups_job_state, list_cups_queues, send, JobState, PrintError, PrintFormat, PrintPayload, PrinterConfig,
    SentJob,
};
use std::fs::{self, File};
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// Generous: these waits catch a hang, they do not measure speed.
const WAIT: Duration = Duration::from_secs(60);

const ZPL: &[u8] = b"^XA^CI28^FO40,40^A0N,40,40^FDLPN-000123 \xc5\xbb\xc3\x93\xc5\x81W^FS\
^FO40,100^BCN,80,Y,N,N^FD>;00123456^FS^XZ\r\n";

fn nap(d: Duration) {
    thread::sleep(d);
}

fn wait_until<T>(what: &str, mut done: impl FnMut() -> Option<T>) -> T {
    let until = Instant::now() + WAIT;
    loop {
        if let Some(v) = done() {
            return v;
        }
        assert!(
            Instant::now() < until,
            "timed out after {WAIT:?} waiting for {what}"
        );
        nap(Duration::from_millis(50));
    }
}

fn expect_err(result: Result<SentJob, PrintError>, code: &str, retryable: bool) -> PrintError {
    let e = match result {
        Ok(sent) => panic!("expected {code}, the job was sent: {sent:?}"),
        Err(e) => e,
    };
    assert_eq!(e.code(), code, "{e}");
    assert_eq!(e.is_retryable(), retryable, "{e}");
    e
}

/// Bytes of every value, so that nothing on the way may translate or drop any of them.
fn all_byte_values(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 256) as u8).collect()
}

/// A one-page PDF with a line of text, its xref offsets computed.
fn small_pdf() -> Vec<u8> {
    let content = "BT /F1 24 Tf 72 720 Td (Redock LPN-000123) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

// ---------------------------------------------------------------------------------------------
// Folder

fn folder(dir: &Path) -> PrinterConfig {
    PrinterConfig::Folder {
        dir: dir.to_path_buf(),
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn folder_writes_the_job_under_its_name_creating_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("labels").join("today");
    let pdf = small_pdf();
    let sent = send(
        &folder(&dir),
        &PrintPayload::new("job-1", PrintFormat::Pdf, pdf.clone()),
    )
    .unwrap();
    assert_eq!(
        sent,
        SentJob::File {
            path: dir.join("job-1.pdf"),
            bytes: pdf.len() as u64
        }
    );
    assert_eq!(fs::read(dir.join("job-1.pdf")).unwrap(), pdf);

    send(&folder(&dir), &PrintPayload::new("job-2", PrintFormat::Zpl, ZPL)).unwrap();
    send(
        &folder(&dir),
        &PrintPayload::new("job-3", PrintFormat::Png, vec![0x89, b'P']),
    )
    .unwrap();
    // The same job again (a retry) replaces the file; no temp file is left behind by anything.
    send(
        &folder(&dir),
        &PrintPayload::new("job-1", PrintFormat::Pdf, pdf.clone()),
    )
    .unwrap();
    assert_eq!(entries(&dir), ["job-1.pdf", "job-2.zpl", "job-3.png"]);
    assert_eq!(fs::read(dir.join("job-2.zpl")).unwrap(), ZPL);
}

/// A reader polling the folder while the same job is rewritten with other bytes sees the whole old
/// file or the whole new one, never a part.
#[test]
fn folder_readers_never_see_a_partial_file() {
    const LEN: usize = 1 << 20;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let path = dir.join("big.pdf");
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let (done, path) = (done.clone(), path.clone());
        thread::spawn(move || {
            let mut seen = 0;
            while !done.load(Ordering::Acquire) {
                if let Ok(bytes) = fs::read(&path) {
                    assert_eq!(bytes.len(), LEN, "a partial file was visible");
                    assert!(bytes.iter().all(|&b| b == bytes[0]), "a mixed file was visible");
                    seen += 1;
                }
            }
            seen
        })
    };
    for i in 0..30u8 {
        let job = PrintPayload::new("big", PrintFormat::Pdf, vec![b'a' + i % 2; LEN]);
        send(&folder(&dir), &job).unwrap();
    }
    done.store(true, Ordering::Release);
    let seen = reader.join().unwrap();
    assert!(seen > 0, "the reader never saw the file");
    assert_eq!(entries(&dir), ["big.pdf"]);
}

/// A file system mounted for the length of a test (we are root in the test environment), unmounted
/// on drop.
struct Mount {
    dir: tempfile::TempDir,
}

impl Mount {
    fn tmpfs(options: &str) -> Mount {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                options,
                "redock-test",
                dir.path().to_str().unwrap(),
            ])
            .output()
            .unwrap_or_else(|e| panic!("mount (Debian package mount) could not run: {e}"));
        assert!(
            out.status.success(),
            "mount -t tmpfs -o {options} failed (these tests need root, as in CI): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Mount { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// True when permission bits stop this process (not root): then a 0555 folder is read-only.
fn permission_bits_apply(dir: &Path) -> bool {
    let probe = dir.join("probe");
    let denied = File::create(&probe).is_err();
    let _ = fs::remove_file(probe);
    denied
}

#[test]
fn folder_read_only_is_denied_not_retryable() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let locked = tmp.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    let job = PrintPayload::new("job-1", PrintFormat::Pdf, small_pdf());
    if permission_bits_apply(&locked) {
        let e = expect_err(send(&folder(&locked), &job), "print.denied", false);
        assert!(e.to_string().contains("locked"), "{e}");
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();

    // Root ignores permission bits; a read-only file system stops everyone.
    let ro = Mount::tmpfs("ro,size=1m");
    let e = expect_err(send(&folder(ro.path()), &job), "print.denied", false);
    assert!(e.to_string().contains("Read-only file system"), "{e}");
    assert!(entries(ro.path()).is_empty());
}

#[test]
fn folder_full_disk_is_retryable_and_leaves_no_temp_file() {
    let full = Mount::tmpfs("size=64k");
    let job = PrintPayload::new("job-1", PrintFormat::Pdf, vec![b'x'; 256 * 1024]);
    let e = expect_err(send(&folder(full.path()), &job), "print.disk_full", true);
    assert!(e.to_string().contains("No space left"), "{e}");
    assert!(entries(full.path()).is_empty(), "{:?}", entries(full.path()));
    // Once there is room the same job goes through.
    let small = PrintPayload::new("job-1", PrintFormat::Pdf, vec![b'x'; 1024]);
    send(&folder(full.path()), &small).unwrap();
    assert_eq!(entries(full.path()), ["job-1.pdf"]);
}

#[test]
fn folder_that_is_a_file_is_an_error_with_a_code() {
    let tmp = tempfile::tempdir().unwrap();
    let not_a_dir = tmp.path().join("file");
    fs::write(&not_a_dir, b"").unwrap();
    let e = send(
        &folder(&not_a_dir),
        &PrintPayload::new("j", PrintFormat::Pdf, small_pdf()),
    )
    .unwrap_err();
    assert_eq!(e.code(), "print.io", "{e}");
}

#[test]
fn bad_job_ids_never_reach_the_device() {
    let tmp = tempfile::tempdir().unwrap();
    let job = PrintPayload::new("../escape", PrintFormat::Pdf, small_pdf());
    expect_err(send(&folder(tmp.path()), &job), "print.bad_job", false);
    assert!(entries(tmp.path()).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Raw TCP

fn raw(port: u16, timeout_ms: u64) -> PrinterConfig {
    PrinterConfig::Raw {
        host: "127.0.0.1".into(),
        port,
        timeout_ms,
    }
}

/// A 9100 "printer": accepts one connection and reads it to the end.
fn raw_printer() -> (u16, mpsc::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let _ = tx.send(bytes);
    });
    (port, rx)
}

#[test]
fn raw_delivers_exactly_the_bytes() {
    let (port, rx) = raw_printer();
    let mut bytes = ZPL.to_vec();
    bytes.extend(all_byte_values(300_000));
    let sent = send(
        &raw(port, 5000),
        &PrintPayload::new("job-1", PrintFormat::Zpl, bytes.clone()),
    )
    .unwrap();
    assert_eq!(
        sent,
        SentJob::Raw {
            bytes: bytes.len() as u64,
            peer_closed: true
        }
    );
    assert_eq!(rx.recv_timeout(WAIT).unwrap(), bytes);
}

#[test]
fn raw_to_a_closed_port_is_offline_and_retryable() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let e = expect_err(
        send(
            &raw(port, 2000),
            &PrintPayload::new("job-1", PrintFormat::Zpl, ZPL),
        ),
        "print.offline",
        true,
    );
    assert!(e.to_string().contains(&port.to_string()), "{e}");
}

#[test]
fn raw_printer_that_stops_reading_times_out_and_is_retryable() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepts and holds the connection without reading, like a printer out of paper with a full
    // buffer.
    let holder = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        nap(Duration::from_secs(2));
        drop(stream);
    });
    let started = Instant::now();
    let job = PrintPayload::new("job-1", PrintFormat::Zpl, vec![b'Z'; 64 << 20]);
    expect_err(send(&raw(port, 300), &job), "print.timeout", true);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    holder.join().unwrap();
}

#[test]
fn raw_to_an_unknown_host_is_offline() {
    let config = PrinterConfig::Raw {
        host: "no-such-printer.invalid".into(),
        port: 9100,
        timeout_ms: 1000,
    };
    expect_err(
        send(&config, &PrintPayload::new("job-1", PrintFormat::Zpl, ZPL)),
        "print.offline",
        true,
    );
}

// ---------------------------------------------------------------------------------------------
// Serial

/// A socat pty pair: the printer driver opens `printer`, the test reads what arrives at `host`.
struct PtyPair {
    dir: tempfile::TempDir,
    socat: Child,
}

impl PtyPair {
    fn new() -> PtyPair {
        let dir = tempfile::tempdir().unwrap();
        let pty = |name: &str| format!("pty,raw,echo=0,link={}", dir.path().join(name).display());
        let socat = Command::new("socat")
            .args(["-d", "-d", &pty("printer"), &pty("host")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "socat could not start ({e}); the serial printer tests need it: apt-get install -y socat"
                )
            });
        let pair = PtyPair { dir, socat };
        wait_until("socat to create both pty links", || {
            (pair.path("printer").exists() && pair.path("host").exists()).then_some(())
        });
        pair
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

impl Drop for PtyPair {
    fn drop(&mut self) {
        let _ = self.socat.kill();
        let _ = self.socat.wait();
    }
}

#[test]
fn serial_delivers_exactly_the_bytes() {
    let pair = PtyPair::new();
    let mut bytes = ZPL.to_vec();
    bytes.extend(all_byte_values(20_000));
    let mut host = File::open(pair.path("host")).unwrap();
    let reader = {
        let len = bytes.len();
        thread::spawn(move || {
            let mut got = vec![0u8; len];
            host.read_exact(&mut got).unwrap();
            got
        })
    };
    let config = PrinterConfig::Serial {
        path: pair.path("printer").to_str().unwrap().to_string(),
        baud: 115_200,
        timeout_ms: 5000,
    };
    let sent = send(
        &config,
        &PrintPayload::new("job-1", PrintFormat::Zpl, bytes.clone()),
    )
    .unwrap();
    assert_eq!(
        sent,
        SentJob::Serial {
            bytes: bytes.len() as u64
        }
    );
    assert_eq!(reader.join().unwrap(), bytes);
}

#[test]
fn serial_port_missing_is_offline_and_retryable() {
    let tmp = tempfile::tempdir().unwrap();
    let config = PrinterConfig::Serial {
        path: tmp.path().join("ttyUSB9").to_str().unwrap().to_string(),
        baud: 9600,
        timeout_ms: 1000,
    };
    expect_err(
        send(&config, &PrintPayload::new("job-1", PrintFormat::Zpl, ZPL)),
        "print.offline",
        true,
    );
}

// ---------------------------------------------------------------------------------------------
// CUPS

fn harness() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/print/cupsd.sh")
}

/// A private cupsd from `tests/print/cupsd.sh`, stopped on drop.
struct Cupsd {
    dir: tempfile::TempDir,
    server: String,
}

impl Cupsd {
    /// Starts it with its raw queue pointing at `raw_port`. Fails the test, naming what is missing,
    /// when the scheduler cannot be started.
    fn start(raw_port: u16) -> Cupsd {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("bash")
            .arg(harness())
            .arg("start")
            .arg(dir.path())
            .arg(raw_port.to_string())
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("could not run bash {}: {e}", harness().display()));
        let server = String::from_utf8_lossy(&out.stdout).trim().to_string();
        // Held from here so that a scheduler started before a failure is stopped all the same.
        let cupsd = Cupsd { dir, server };
        assert!(
            out.status.success() && !cupsd.server.is_empty(),
            "the private cupsd did not start (exit {:?}). The CUPS tests need root and the Debian \
             packages from `apt-get install -y --no-install-recommends cups printer-driver-cups-pdf \
             socat`. The harness ({}) said:\n{}",
            out.status.code(),
            harness().display(),
            String::from_utf8_lossy(&out.stderr)
        );
        cupsd
    }

    fn pdf_dir(&self) -> PathBuf {
        self.dir.path().join("pdf")
    }

    fn stop(&self) {
        let status = Command::new("bash")
            .arg(harness())
            .arg("stop")
            .arg(self.dir.path())
            .stdin(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "cupsd.sh stop failed");
    }

    fn queue(&self, queue: &str) -> PrinterConfig {
        PrinterConfig::Cups {
            queue: queue.into(),
            server: Some(self.server.clone()),
        }
    }

    /// What the scheduler logged, for failure messages.
    fn log_tail(&self) -> String {
        let log = fs::read_to_string(self.dir.path().join("log/error_log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().filter(|l| !l.starts_with("D ")).collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    fn wait_for_final_state(&self, job_id: i32) -> JobState {
        let server = Some(self.server.as_str());
        let state = wait_until(&format!("CUPS job {job_id} to finish"), || {
            let state = cups_job_state(server, job_id).unwrap();
            state.is_final().then_some(state)
        });
        assert_eq!(
            state,
            JobState::Completed,
            "job {job_id} ended {state:?}; cupsd log:\n{}",
            self.log_tail()
        );
        state
    }
}

impl Drop for Cupsd {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(harness())
            .arg("stop")
            .arg(self.dir.path())
            .stdin(Stdio::null())
            .status();
    }
}

fn sent_cups_job(sent: SentJob, expected_queue: &str) -> i32 {
    match sent {
        SentJob::Cups {
            queue, job_id, state, ..
        } => {
            assert_eq!(queue, expected_queue);
            assert!(job_id > 0);
            assert!(
                !matches!(state, JobState::Aborted | JobState::Canceled),
                "{state:?}"
            );
            job_id
        }
        other => panic!("expected a CUPS job, got {other:?}"),
    }
}

#[test]
fn cups_prints_a_pdf_through_cups_pdf_and_zpl_through_a_raw_queue() {
    let started = Instant::now();
    let (raw_port, captured) = raw_printer();
    let cupsd = Cupsd::start(raw_port);
    let server = Some(cupsd.server.as_str());

    let queues = list_cups_queues(server).unwrap();
    let names: Vec<&str> = queues.iter().map(|q| q.name.as_str()).collect();
    assert_eq!(names, ["redock-pdf", "redock-raw"], "{queues:?}");
    assert!(queues.iter().all(|q| q.accepting_jobs), "{queues:?}");

    // A PDF to the cups-pdf queue: a PDF appears in its folder once the job has completed.
    let pdf = PrintPayload::new("label-0001", PrintFormat::Pdf, small_pdf());
    let job_id = sent_cups_job(send(&cupsd.queue("redock-pdf"), &pdf).unwrap(), "redock-pdf");
    cupsd.wait_for_final_state(job_id);
    let made = wait_until("cups-pdf's file", || {
        fs::read_dir(cupsd.pdf_dir())
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.to_string_lossy().contains(&format!("job_{job_id}")))
    });
    let bytes = fs::read(&made).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{} is not a PDF", made.display());

    // ZPL to the raw queue: the printer behind it gets exactly these bytes.
    let zpl = PrintPayload::new("label-0002", PrintFormat::Zpl, ZPL);
    let job_id = sent_cups_job(send(&cupsd.queue("redock-raw"), &zpl).unwrap(), "redock-raw");
    let got = captured.recv_timeout(WAIT).unwrap_or_else(|_| {
        panic!(
            "the raw queue's printer got nothing; cupsd log:\n{}",
            cupsd.log_tail()
        )
    });
    assert_eq!(got, ZPL);
    cupsd.wait_for_final_state(job_id);
    eprintln!(
        "CUPS round trip (start, list, PDF, ZPL) took {:?}",
        started.elapsed()
    );
}

#[test]
fn cups_unknown_queue_and_job_are_not_retryable() {
    let (raw_port, _captured) = raw_printer();
    let cupsd = Cupsd::start(raw_port);
    let job = PrintPayload::new("label-0001", PrintFormat::Zpl, ZPL);
    let e = expect_err(
        send(&cupsd.queue("no-such-queue"), &job),
        "print.no_such_queue",
        false,
    );
    assert!(e.to_string().contains("no-such-queue"), "{e}");
    let e = cups_job_state(Some(&cupsd.server), 9999).unwrap_err();
    assert_eq!(e.code(), "print.no_such_job", "{e}");
    assert!(!e.is_retryable());
}

#[test]
fn cups_scheduler_stopped_is_offline_and_retryable() {
    let (raw_port, _captured) = raw_printer();
    let cupsd = Cupsd::start(raw_port);
    list_cups_queues(Some(&cupsd.server)).unwrap();
    cupsd.stop();
    let job = PrintPayload::new("label-0001", PrintFormat::Pdf, small_pdf());
    let e = expect_err(send(&cupsd.queue("redock-pdf"), &job), "print.offline", true);
    assert!(e.to_string().contains(&cupsd.server), "{e}");
    let e = list_cups_queues(Some(&cupsd.server)).unwrap_err();
    assert_eq!(e.code(), "print.offline", "{e}");
    let e = cups_job_state(Some(&cupsd.server), 1).unwrap_err();
    assert_eq!(e.code(), "print.offline", "{e}");
}

/// Runs a CUPS admin command (`cupsdisable`, `cupsenable`, `cupsreject`) against the private
/// scheduler.
fn cups_admin(cupsd: &Cupsd, command: &str, queue: &str) {
    let status = Command::new("bash")
        .args([
            "-c",
            &format!("PATH=$PATH:/usr/sbin exec {command} -h \"$0\" \"$1\""),
            &cupsd.server,
            queue,
        ])
        .status()
        .unwrap_or_else(|e| panic!("{command} (Debian package cups-client) could not run: {e}"));
    assert!(status.success(), "{command} {queue} failed");
}

/// The station hands a label to CUPS and does not call it printed until CUPS has printed it: while
/// the printer is stopped there, the label waits and the station says why; once it is started,
/// the label reaches the printer and the job is done. Each change is one event.
#[test]
fn the_station_follows_a_cups_job_to_the_printer_and_says_when_it_is_stopped() {
    use redock_station::print_queue::PrinterSettings;
    use redock_station::{ScanSource, Station, SystemClock};
    let (raw_port, captured) = raw_printer();
    let cupsd = Cupsd::start(raw_port);
    let dir = tempfile::tempdir().unwrap();
    let st = Station::open(
        &dir.path().join("station.sqlite"),
        Arc::new(SystemClock),
        redock_domain::CodeConfig::demo(),
    )
    .unwrap();
    st.seed_demo_if_empty().unwrap();
    let supervisor = st.login("BADGE-0003", "3456").unwrap();
    let settings = PrinterSettings {
        printer: cupsd.queue("redock-raw"),
        format: PrintFormat::Zpl,
        template: "4x6in".into(),
        dpi: 203,
    };
    st.set_printer_settings(&supervisor, &settings).unwrap();
    cups_admin(&cupsd, "cupsdisable", "redock-raw");

    let s = st.login("BADGE-0005", "1111").unwrap();
    for code in [
        "1Z999AA10123456784",
        "(01)05901234123457(21)HP200-00017",
        "CMD:PASS",
        "CMD:NEXT",
    ] {
        st.scan(&s, code, ScanSource::Wedge).unwrap();
    }
    let sent = st.print_pending().unwrap();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].ok, "CUPS took the job: {sent:?}");
    assert_eq!(sent[0].answer.as_ref().unwrap()["kind"], "cups");
    let status = st.print_queue_status().unwrap();
    assert_eq!(
        (status.waiting, status.error_code.as_deref()),
        (1, None),
        "taken, not printed"
    );

    let followed = st.follow_printing().unwrap();
    assert_eq!(followed.len(), 1, "{followed:?}");
    assert_eq!(followed[0].error_code.as_deref(), Some("print.stopped"));
    let status = st.print_queue_status().unwrap();
    assert_eq!(
        (status.waiting, status.error_code.as_deref()),
        (1, Some("print.stopped"))
    );
    assert!(status.error.unwrap().contains("redock-raw"));
    assert!(st.follow_printing().unwrap().is_empty(), "nothing new: no event");
    assert!(
        captured.try_recv().is_err(),
        "nothing reached the stopped printer"
    );

    cups_admin(&cupsd, "cupsenable", "redock-raw");
    let got = captured.recv_timeout(WAIT).unwrap_or_else(|_| {
        panic!(
            "the printer got nothing once started; cupsd log:\n{}",
            cupsd.log_tail()
        )
    });
    assert!(
        got.starts_with(b"^XA") && got.windows(3).any(|w| w == b"^BC"),
        "a ZPL label"
    );
    // CUPS may be seen printing (no longer stopped) before it is seen done: wait for done.
    wait_until("CUPS to finish the label", || {
        st.follow_printing().unwrap();
        (st.print_queue_status().unwrap().waiting == 0).then_some(())
    });
    let status = st.print_queue_status().unwrap();
    assert_eq!((status.waiting, status.failed, status.error_code), (0, 0, None));
    let followed: Vec<(String, Option<String>)> = st
        .events_after(0, 100_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "print_followed")
        .map(|e| {
            let p: serde_json::Value = serde_json::from_str(&e.payload).unwrap();
            (
                p["state"].as_str().unwrap().to_string(),
                p["error_code"].as_str().map(str::to_string),
            )
        })
        .collect();
    let stopped = ("printing".to_string(), Some("print.stopped".to_string()));
    let printing = ("printing".to_string(), None);
    let done = ("done".to_string(), None);
    assert!(
        followed == [stopped.clone(), done.clone()] || followed == [stopped, printing, done],
        "stopped, (printing,) then done, each once: {followed:?}"
    );

    // Canceled in CUPS before it printed: failed, with why, for a supervisor to print again.
    cups_admin(&cupsd, "cupsdisable", "redock-raw");
    let lpn = sent[0].lpn.clone();
    st.reprint(&s, &lpn).unwrap();
    assert!(st.print_pending().unwrap()[0].ok);
    cups_admin(&cupsd, "cancel -a", "redock-raw");
    let ended = wait_until("the canceled job to be seen", || {
        st.follow_printing()
            .unwrap()
            .into_iter()
            .find(|r| r.error_code.as_deref() == Some("print.job_ended"))
    });
    assert!(!ended.ok);
    let status = st.print_queue_status().unwrap();
    assert_eq!((status.waiting, status.failed), (0, 1));
    assert_eq!(status.error_code.as_deref(), Some("print.job_ended"));
}

/// The scheduler is up but the queue rejects jobs (an operator ran `cupsreject`): try later.
#[test]
fn cups_queue_not_accepting_is_offline_and_retryable() {
    let (raw_port, _captured) = raw_printer();
    let cupsd = Cupsd::start(raw_port);
    let status = Command::new("bash")
        .args([
            "-c",
            "PATH=$PATH:/usr/sbin exec cupsreject -h \"$0\" redock-raw",
            &cupsd.server,
        ])
        .status()
        .unwrap_or_else(|e| panic!("cupsreject (Debian package cups-client) could not run: {e}"));
    assert!(status.success());
    let job = PrintPayload::new("label-0001", PrintFormat::Zpl, ZPL);
    expect_err(send(&cupsd.queue("redock-raw"), &job), "print.offline", true);
}
