//! Serial scanners on real pseudo-terminal pairs made by socat: the `SerialScanner` opens one end
//! (`scanner`), the test writes to the other (`host`) as the scanner hardware would. Killing socat is
//! unplugging the scanner; starting it again with the same link names is plugging it back in.

use redock_station::serial::{list_ports, ScannerEvent, SerialError, SerialScanner, SerialSettings};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// Generous on purpose: these waits catch a hang, they do not measure speed.
const WAIT: Duration = Duration::from_secs(5);

/// A socat pty pair that can be unplugged and plugged in again under the same names.
struct PtyPair {
    dir: tempfile::TempDir,
    socat: Option<Child>,
    /// Held open while plugged: socat ends when the last opener of a pty closes it.
    host: Option<File>,
}

impl PtyPair {
    fn plugged() -> PtyPair {
        let mut pair = PtyPair::unplugged();
        pair.plug();
        pair
    }

    fn unplugged() -> PtyPair {
        if Command::new("socat")
            .arg("-V")
            .stdout(Stdio::null())
            .status()
            .is_err()
        {
            panic!("socat is not installed; the serial scanner tests need it: apt-get install -y socat");
        }
        PtyPair {
            dir: tempfile::tempdir().unwrap(),
            socat: None,
            host: None,
        }
    }

    fn scanner(&self) -> PathBuf {
        self.dir.path().join("scanner")
    }

    fn host_path(&self) -> PathBuf {
        self.dir.path().join("host")
    }

    fn settings(&self) -> SerialSettings {
        SerialSettings::new(self.scanner().to_str().unwrap())
    }

    fn plug(&mut self) {
        assert!(self.socat.is_none(), "already plugged");
        let pty = |link: &Path| format!("pty,raw,echo=0,link={}", link.display());
        let child = Command::new("socat")
            .args(["-d", "-d", &pty(&self.scanner()), &pty(&self.host_path())])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.socat = Some(child);
        let (scanner, host) = (self.scanner(), self.host_path());
        wait_until("socat to create both pty links", || {
            scanner.exists() && host.exists()
        });
        self.host = Some(
            std::fs::OpenOptions::new()
                .write(true)
                .open(self.host_path())
                .unwrap(),
        );
    }

    /// SIGTERM, so socat removes its links as a vanished device node would be: a link left dangling
    /// could later point at another test's pty, as pty numbers are reused.
    fn unplug(&mut self) {
        self.host = None;
        let mut child = self.socat.take().expect("not plugged");
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -TERM socat failed");
        child.wait().unwrap();
        for link in [self.scanner(), self.host_path()] {
            let _ = std::fs::remove_file(link);
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        let host = self.host.as_mut().expect("not plugged");
        host.write_all(bytes).unwrap();
        host.flush().unwrap();
    }
}

impl Drop for PtyPair {
    fn drop(&mut self) {
        self.host = None;
        if let Some(mut child) = self.socat.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[allow(clippy::disallowed_methods)] // a test thread, no async runtime
fn nap(d: Duration) {
    std::thread::sleep(d);
}

fn wait_until(what: &str, done: impl Fn() -> bool) {
    let until = Instant::now() + WAIT;
    while !done() {
        assert!(Instant::now() < until, "timed out waiting for {what}");
        nap(Duration::from_millis(10));
    }
}

fn start(settings: SerialSettings) -> (SerialScanner, Receiver<ScannerEvent>) {
    let (tx, rx) = channel();
    let scanner = SerialScanner::start(settings, move |e| {
        let _ = tx.send(e);
    })
    .unwrap();
    (scanner, rx)
}

fn next(rx: &Receiver<ScannerEvent>) -> ScannerEvent {
    rx.recv_timeout(WAIT)
        .unwrap_or_else(|e| panic!("no scanner event within {WAIT:?}: {e}"))
}

fn expect_connected(rx: &Receiver<ScannerEvent>, pair: &PtyPair) {
    let port = pair.scanner().to_str().unwrap().to_string();
    assert_eq!(next(rx), ScannerEvent::Connected { port });
}

fn expect_read(rx: &Receiver<ScannerEvent>, text: &str) {
    assert_eq!(
        next(rx),
        ScannerEvent::Read {
            text: text.to_string()
        }
    );
}

fn expect_disconnected(rx: &Receiver<ScannerEvent>, pair: &PtyPair) -> String {
    match next(rx) {
        ScannerEvent::Disconnected { port, reason } => {
            assert_eq!(port, pair.scanner().to_str().unwrap());
            assert!(!reason.is_empty());
            reason
        }
        other => panic!("expected Disconnected, got {other:?}"),
    }
}

fn expect_quiet(rx: &Receiver<ScannerEvent>) {
    if let Ok(e) = rx.recv_timeout(Duration::from_millis(300)) {
        panic!("expected no more events, got {e:?}");
    }
}

/// A pair, a scanner reading it with `settings` changed by `adjust`, and its Connected seen.
fn connected(adjust: impl FnOnce(&mut SerialSettings)) -> (PtyPair, SerialScanner, Receiver<ScannerEvent>) {
    let pair = PtyPair::plugged();
    let mut settings = pair.settings();
    adjust(&mut settings);
    let (scanner, rx) = start(settings);
    expect_connected(&rx, &pair);
    (pair, scanner, rx)
}

#[test]
fn one_code_per_write() {
    let (mut pair, scanner, rx) = connected(|_| {});
    pair.write(b"5901234123457\r");
    expect_read(&rx, "5901234123457");
    pair.write(b"LPN-000123\r");
    expect_read(&rx, "LPN-000123");
    expect_quiet(&rx);
    scanner.stop();
}

#[test]
fn code_split_across_three_writes_is_reassembled() {
    let (mut pair, scanner, rx) = connected(|_| {});
    // Cut inside "Ż" too: the halves of a UTF-8 character must not become replacement characters.
    let code = "RMA-ŻÓŁW-42\r".as_bytes();
    for part in [&code[..5], &code[5..9], &code[9..]] {
        pair.write(part);
        nap(Duration::from_millis(250)); // longer than a read timeout: each part is its own read
    }
    expect_read(&rx, "RMA-ŻÓŁW-42");
    expect_quiet(&rx);
    scanner.stop();
}

#[test]
fn two_codes_in_one_write_are_split() {
    let (mut pair, scanner, rx) = connected(|_| {});
    pair.write(b"TOTE-0001\rBIN-A-01-02\r");
    expect_read(&rx, "TOTE-0001");
    expect_read(&rx, "BIN-A-01-02");
    expect_quiet(&rx);
    scanner.stop();
}

#[test]
fn crlf_suffix_setting() {
    let (mut pair, scanner, rx) = connected(|s| s.suffix = b"\r\n".to_vec());
    pair.write(b"AB\rC\r\nDEF\r");
    pair.write(b"\n");
    expect_read(&rx, "AB\rC"); // a lone CR is part of the code; the scan service refuses it
    expect_read(&rx, "DEF");
    scanner.stop();
}

#[test]
fn tab_suffix_setting() {
    let (mut pair, scanner, rx) = connected(|s| s.suffix = b"\t".to_vec());
    pair.write(b"4006381333931\t1Z999AA10123456784\t");
    expect_read(&rx, "4006381333931");
    expect_read(&rx, "1Z999AA10123456784");
    scanner.stop();
}

#[test]
fn over_long_read_without_suffix_is_discarded_and_the_next_code_reads() {
    let (mut pair, scanner, rx) = connected(|_| {});
    pair.write(&[b'X'; 5000]);
    assert_eq!(next(&rx), ScannerEvent::Overflow { discarded: 5000 });
    pair.write(b"5901234123457\r");
    expect_read(&rx, "5901234123457");
    expect_quiet(&rx);
    scanner.stop();
}

#[test]
fn unplug_reports_disconnected() {
    let (mut pair, scanner, rx) = connected(|_| {});
    pair.unplug();
    expect_disconnected(&rx, &pair);
    // Still absent: retried quietly, not reported again on every attempt.
    expect_quiet(&rx);
    scanner.stop();
}

#[test]
fn replug_reconnects_and_reads_without_a_new_scanner() {
    let (mut pair, scanner, rx) = connected(|_| {});
    pair.write(b"BEFORE\r");
    expect_read(&rx, "BEFORE");
    pair.unplug();
    expect_disconnected(&rx, &pair);
    pair.plug();
    expect_connected(&rx, &pair);
    pair.write(b"AFTER\r");
    expect_read(&rx, "AFTER");
    scanner.stop();
}

#[test]
fn half_a_code_at_unplug_is_not_glued_to_the_next() {
    let (mut pair, scanner, rx) = connected(|_| {});
    pair.write(b"HALF-A-C");
    nap(Duration::from_millis(250)); // let the half be read before the line goes
    pair.unplug();
    expect_disconnected(&rx, &pair);
    pair.plug();
    expect_connected(&rx, &pair);
    pair.write(b"WHOLE\r");
    expect_read(&rx, "WHOLE");
    scanner.stop();
}

#[test]
fn port_missing_at_start_connects_once_it_appears() {
    let mut pair = PtyPair::unplugged();
    let (scanner, rx) = start(pair.settings());
    let reason = expect_disconnected(&rx, &pair);
    assert!(reason.contains("No such file"), "{reason}");
    pair.plug();
    expect_connected(&rx, &pair);
    pair.write(b"LPN-000777\r");
    expect_read(&rx, "LPN-000777");
    scanner.stop();
}

#[test]
fn stop_ends_the_thread_while_reading_and_while_waiting_to_reopen() {
    let (_pair, reading, _rx) = connected(|_| {});
    let missing = PtyPair::unplugged();
    let (waiting, rx) = start(SerialSettings {
        reopen_every: Duration::from_secs(3600),
        ..missing.settings()
    });
    expect_disconnected(&rx, &missing);
    let (done_tx, done_rx) = channel();
    std::thread::spawn(move || {
        reading.stop();
        waiting.stop();
        let _ = done_tx.send(());
    });
    done_rx.recv_timeout(WAIT).expect("stop() did not return");
}

#[test]
fn invalid_settings_are_refused() {
    let mut empty_suffix = SerialSettings::new("/dev/ttyS0");
    empty_suffix.suffix.clear();
    let zero_len = SerialSettings {
        max_len: 0,
        ..SerialSettings::new("/dev/ttyS0")
    };
    for settings in [empty_suffix, zero_len, SerialSettings::new("")] {
        match SerialScanner::start(settings.clone(), |_| {}) {
            Err(SerialError::InvalidSettings(_)) => {}
            Err(e) => panic!("{settings:?}: unexpected error {e}"),
            Ok(_) => panic!("{settings:?} was accepted"),
        }
    }
}

#[test]
fn settings_defaults_and_round_trip() {
    let s: SerialSettings = serde_json::from_str(r#"{"port": "/dev/ttyACM0"}"#).unwrap();
    assert_eq!(s, SerialSettings::new("/dev/ttyACM0"));
    assert_eq!((s.baud, s.suffix.as_slice(), s.max_len), (9600, &b"\r"[..], 4096));
    assert_eq!(s.reopen_every, Duration::from_millis(500));
    let custom = SerialSettings {
        suffix: b"\r\n".to_vec(),
        baud: 115_200,
        ..s
    };
    let json = serde_json::to_string(&custom).unwrap();
    assert!(json.contains(r#""reopen_every_ms":500"#), "{json}");
    assert_eq!(serde_json::from_str::<SerialSettings>(&json).unwrap(), custom);
}

#[test]
fn list_ports_works_without_libudev() {
    // Which ports a machine has varies; listing must work (pseudo-terminals are not listed).
    let ports = list_ports().unwrap();
    assert!(
        ports
            .iter()
            .all(|p| !p.name.is_empty() && !p.description.is_empty()),
        "{ports:?}"
    );
}
