//! Serial barcode scanners (RS-232, or USB in CDC-ACM / virtual COM mode).
//!
//! A scanner on a serial line sends each code followed by a suffix (CR by default). One plain thread
//! per scanner reads the line, cuts it into codes at the suffix and hands each code to a callback;
//! the callback feeds the same `scan` service as the keyboard wedge. A scanner that is unplugged is
//! reported at once and re-opened in the background until it is back: a failing device never blocks
//! the dock, and nobody has to restart anything.
//!
//! The bytes are only framed here. Cleaning them up (CR/LF, NUL, control characters, length) is
//! `redock_domain::normalize_scan`'s job, as for every other source.

use serde::{Deserialize, Serialize};
use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};
use thiserror::Error;

/// How long one read waits for bytes. It bounds how late `stop` is noticed, and it is the silence
/// that ends an over-long read (see [`ScannerEvent::Overflow`]).
const READ_TIMEOUT: Duration = Duration::from_millis(100);

/// How a serial scanner is reached and how its reads end. Stored in the station's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SerialSettings {
    /// The device, e.g. `/dev/ttyACM0`, `/dev/serial/by-id/usb-…` or `COM3`.
    pub port: String,
    #[serde(default = "default_baud")]
    pub baud: u32,
    /// The bytes the scanner sends after each code, as programmed in the scanner.
    #[serde(default = "default_suffix")]
    pub suffix: Vec<u8>,
    /// How often a missing or unplugged scanner is looked for again.
    #[serde(default = "default_reopen_every", with = "millis", rename = "reopen_every_ms")]
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub reopen_every: Duration,
    /// The longest code accepted, in bytes; the scan service refuses more than 4 KB anyway.
    #[serde(default = "default_max_len")]
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub max_len: usize,
}

fn default_baud() -> u32 {
    9600
}

fn default_suffix() -> Vec<u8> {
    b"\r".to_vec()
}

fn default_reopen_every() -> Duration {
    Duration::from_millis(500)
}

fn default_max_len() -> usize {
    4096
}

impl SerialSettings {
    /// The scanner on `port` with the factory defaults of most scanners: 9600 baud, CR after a code.
    pub fn new(port: impl Into<String>) -> Self {
        SerialSettings {
            port: port.into(),
            baud: default_baud(),
            suffix: default_suffix(),
            reopen_every: default_reopen_every(),
            max_len: default_max_len(),
        }
    }

    /// Refuses settings under which the reader could never produce a code or would spin.
    pub fn validate(&self) -> Result<(), SerialError> {
        let problem = if self.port.is_empty() {
            "no port is chosen"
        } else if self.baud == 0 {
            "the baud rate is 0"
        } else if self.suffix.is_empty() {
            "the suffix is empty, so nothing would end a code"
        } else if self.max_len == 0 {
            "the longest code is 0 bytes"
        } else if self.reopen_every.is_zero() {
            "re-opening every 0 ms would spin"
        } else {
            return Ok(());
        };
        Err(SerialError::InvalidSettings(problem))
    }
}

/// A human-readable duration in the settings file: `"reopen_every_ms": 500`.
mod millis {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_millis)
    }
}

#[derive(Debug, Error)]
pub enum SerialError {
    #[error("the serial scanner settings are invalid: {0}")]
    InvalidSettings(&'static str),
    #[error("the serial ports cannot be listed: {0}")]
    List(#[from] serialport::Error),
    #[error("the serial scanner's thread cannot be started: {0}")]
    Spawn(#[source] io::Error),
}

/// A serial port the operator can pick in the settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PortInfo {
    /// What goes into [`SerialSettings::port`].
    pub name: String,
    /// What kind of port it is, e.g. `USB 0c2e:0b61 Honeywell Xenon 1950g`, `PCI`, `Bluetooth`.
    pub description: String,
}

/// The serial ports of this machine. Pseudo-terminals are not listed; a scanner reached through one
/// can still be opened by its path.
pub fn list_ports() -> Result<Vec<PortInfo>, SerialError> {
    // Without libudev serialport scans /sys/class/tty and panics if it is missing (a container
    // without /sys): say so instead.
    #[cfg(target_os = "linux")]
    if !std::path::Path::new("/sys/class/tty").is_dir() {
        return Err(SerialError::List(serialport::Error::new(
            serialport::ErrorKind::Unknown,
            "/sys/class/tty is missing",
        )));
    }
    let ports = serialport::available_ports()?;
    Ok(ports
        .into_iter()
        .map(|p| PortInfo {
            description: describe(&p.port_type),
            name: p.port_name,
        })
        .collect())
}

fn describe(kind: &serialport::SerialPortType) -> String {
    use serialport::SerialPortType as T;
    match kind {
        T::UsbPort(usb) => {
            let mut d = format!("USB {:04x}:{:04x}", usb.vid, usb.pid);
            for part in [&usb.manufacturer, &usb.product].into_iter().flatten() {
                d.push(' ');
                d.push_str(part);
            }
            d
        }
        T::PciPort => "PCI".to_string(),
        T::BluetoothPort => "Bluetooth".to_string(),
        T::Unknown => "unknown".to_string(),
    }
}

/// What a serial scanner reports, in order, from its own thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScannerEvent {
    /// The port is open and being read.
    Connected { port: String },
    /// The port could not be opened, or went away; it is tried again every `reopen_every`.
    /// Reported once per loss, not once per attempt.
    Disconnected { port: String, reason: String },
    /// One code, without its suffix.
    Read { text: String },
    /// More than `max_len` bytes came without a suffix: they were thrown away, up to the next suffix
    /// or the next pause in the line, so that they are never glued to the code after them.
    Overflow {
        #[cfg_attr(feature = "specta", specta(type = u32))]
        discarded: usize,
    },
}

/// A running serial scanner: a thread that owns the port. Stopped by [`SerialScanner::stop`] or on
/// drop.
pub struct SerialScanner {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl SerialScanner {
    /// Starts reading `settings.port` on a thread of its own and reports to `on_event` from there.
    /// A port that is missing now is reported `Disconnected` and looked for until it appears.
    /// `on_event` runs on the reader's thread: while it blocks, the line is not read.
    pub fn start(
        settings: SerialSettings,
        on_event: impl Fn(ScannerEvent) + Send + 'static,
    ) -> Result<SerialScanner, SerialError> {
        settings.validate()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stop_seen = stop.clone();
        let thread = thread::Builder::new()
            .name("serial-scanner".to_string())
            .spawn(move || run(&settings, &stop_seen, &on_event))
            .map_err(SerialError::Spawn)?;
        Ok(SerialScanner {
            stop,
            thread: Some(thread),
        })
    }

    /// Closes the port and ends the thread; returns once it has ended (within about one read timeout).
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        let Some(thread) = self.thread.take() else { return };
        self.stop.store(true, Ordering::Release);
        thread.thread().unpark();
        if thread.join().is_err() {
            tracing::error!("the serial scanner's thread panicked (in its event handler?)");
        }
    }
}

impl Drop for SerialScanner {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Why reading a port ended.
enum Ended {
    Stopped,
    Gone(String),
}

fn run(settings: &SerialSettings, stop: &AtomicBool, on_event: &dyn Fn(ScannerEvent)) {
    let port = settings.port.as_str();
    // The loss is reported once; the retries after it would only repeat it every half second.
    let mut reported_gone = false;
    while !stop.load(Ordering::Acquire) {
        match serialport::new(port, settings.baud).timeout(READ_TIMEOUT).open() {
            Ok(device) => {
                tracing::info!(port, "serial scanner connected");
                on_event(ScannerEvent::Connected {
                    port: port.to_string(),
                });
                match read_until_gone(device, settings, stop, on_event) {
                    Ended::Stopped => break,
                    Ended::Gone(reason) => {
                        tracing::warn!(port, reason, "serial scanner disconnected");
                        on_event(ScannerEvent::Disconnected {
                            port: port.to_string(),
                            reason,
                        });
                        reported_gone = true;
                    }
                }
            }
            Err(e) if !reported_gone => {
                let reason = e.to_string();
                tracing::warn!(port, reason, "serial scanner not available");
                on_event(ScannerEvent::Disconnected {
                    port: port.to_string(),
                    reason,
                });
                reported_gone = true;
            }
            Err(e) => tracing::debug!(port, reason = %e, "serial scanner still not available"),
        }
        pause(stop, settings.reopen_every);
    }
    tracing::info!(port, "serial scanner stopped");
}

/// Waits `how_long` or until stopped. There is no async runtime on this thread; `park_timeout`
/// rather than `thread::sleep` because `stop` unparks it, so stopping never waits out a pause.
fn pause(stop: &AtomicBool, how_long: Duration) {
    let until = Instant::now() + how_long;
    while !stop.load(Ordering::Acquire) {
        let now = Instant::now();
        if now >= until {
            return;
        }
        thread::park_timeout(until - now);
    }
}

/// Takes the port by value so that it is closed before any re-open: a USB scanner plugged back in
/// while the old node is still held open comes back under another name (ttyACM1 for ttyACM0).
fn read_until_gone(
    mut device: Box<dyn serialport::SerialPort>,
    settings: &SerialSettings,
    stop: &AtomicBool,
    on_event: &dyn Fn(ScannerEvent),
) -> Ended {
    let mut framer = Framer::new(settings.suffix.clone(), settings.max_len);
    let mut frames = Vec::new();
    let mut bytes = [0u8; 1024];
    let ended = loop {
        if stop.load(Ordering::Acquire) {
            break Ended::Stopped;
        }
        match device.read(&mut bytes) {
            // A tty reads 0 bytes only once the other end has hung up.
            Ok(0) => break Ended::Gone("end of file".to_string()),
            Ok(n) => framer.push(&bytes[..n], &mut frames),
            Err(e) if e.kind() == io::ErrorKind::TimedOut => framer.pause(&mut frames),
            Err(e) if matches!(e.kind(), io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock) => {}
            // Whatever else (EIO, ENXIO, a hang-up, the node removed) means the device is gone for
            // this open; re-opening tells whether it comes back.
            Err(e) => break Ended::Gone(e.to_string()),
        }
        emit(&mut frames, &settings.port, on_event);
    };
    if let Ended::Gone(_) = ended {
        framer.end(&mut frames);
        emit(&mut frames, &settings.port, on_event);
    }
    ended
}

fn emit(frames: &mut Vec<Frame>, port: &str, on_event: &dyn Fn(ScannerEvent)) {
    for frame in frames.drain(..) {
        match frame {
            Frame::Code(text) => on_event(ScannerEvent::Read { text }),
            Frame::Overflow(discarded) => {
                tracing::warn!(port, discarded, "serial scanner read too long, discarded");
                on_event(ScannerEvent::Overflow { discarded });
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Frame {
    Code(String),
    Overflow(usize),
}

/// Cuts the byte stream into codes at the suffix. The OS hands over whatever has arrived, so a code
/// may come in several reads and several codes in one.
struct Framer {
    suffix: Vec<u8>,
    max_len: usize,
    pending: Vec<u8>,
    /// While a read is over-long: how many of its bytes have been thrown away so far.
    discarding: Option<usize>,
}

impl Framer {
    fn new(suffix: Vec<u8>, max_len: usize) -> Framer {
        Framer {
            suffix,
            max_len,
            pending: Vec::new(),
            discarding: None,
        }
    }

    fn push(&mut self, bytes: &[u8], out: &mut Vec<Frame>) {
        // A suffix of several bytes may have started at the end of the previous read.
        let partial_suffix = self.suffix.len() - 1;
        let mut from = self.pending.len().saturating_sub(partial_suffix);
        self.pending.extend_from_slice(bytes);
        while let Some(at) = find(&self.pending[from..], &self.suffix).map(|i| from + i) {
            let mut code: Vec<u8> = self.pending.drain(..at + self.suffix.len()).collect();
            code.truncate(at);
            if let Some(discarded) = self.discarding.take() {
                out.push(Frame::Overflow(discarded + at));
            } else if at > self.max_len {
                out.push(Frame::Overflow(at));
            } else if !code.is_empty() {
                // Decoded only now that the code is whole: a UTF-8 character cut between two reads
                // would otherwise become two replacement characters. Lossy, because a scanner set to
                // another code page must still show what it read rather than lose the read.
                out.push(Frame::Code(String::from_utf8_lossy(&code).into_owned()));
            }
            // A bare suffix (some scanners send one for a failed read) carries no code.
            from = 0;
        }
        // No suffix in `pending` now; it holds at least `len - partial_suffix` bytes of the code.
        if self.discarding.is_some() || self.pending.len() > self.max_len + partial_suffix {
            let dropped = self.pending.len().saturating_sub(partial_suffix);
            *self.discarding.get_or_insert(0) += dropped;
            self.pending.drain(..dropped);
        }
    }

    /// The line went quiet. A scanner sends a code in one burst, so an over-long read ends here
    /// even without its suffix; a normal partial code is kept, as its rest may still come.
    fn pause(&mut self, out: &mut Vec<Frame>) {
        if let Some(discarded) = self.discarding.take() {
            out.push(Frame::Overflow(discarded + self.pending.len()));
            self.pending.clear();
        }
    }

    /// The port went away: half a code must not be joined to what comes after a re-plug.
    fn end(&mut self, out: &mut Vec<Frame>) {
        self.pause(out);
        if !self.pending.is_empty() {
            tracing::warn!(
                bytes = self.pending.len(),
                "partial serial read dropped on disconnect"
            );
            self.pending.clear();
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::{Frame, Framer};

    fn frames(suffix: &[u8], max_len: usize, reads: &[&[u8]]) -> Vec<Frame> {
        let mut framer = Framer::new(suffix.to_vec(), max_len);
        let mut out = Vec::new();
        for read in reads {
            if read.is_empty() {
                framer.pause(&mut out);
            } else {
                framer.push(read, &mut out);
            }
        }
        framer.end(&mut out);
        out
    }

    fn code(s: &str) -> Frame {
        Frame::Code(s.to_string())
    }

    #[test]
    fn suffix_split_between_reads() {
        assert_eq!(
            frames(b"\r\n", 10, &[b"AB\r", b"\nCD\r", b"", b"\n"]),
            [code("AB"), code("CD")]
        );
    }

    #[test]
    fn utf8_character_split_between_reads() {
        let bytes = "ŻÓŁW\r".as_bytes();
        assert_eq!(frames(b"\r", 10, &[&bytes[..1], &bytes[1..]]), [code("ŻÓŁW")]);
    }

    #[test]
    fn empty_frames_carry_nothing() {
        assert_eq!(frames(b"\r", 10, &[b"\r\rA\r\r"]), [code("A")]);
    }

    #[test]
    fn exactly_max_len_is_a_code() {
        assert_eq!(frames(b"\r\n", 3, &[b"ABC\r", b"\n"]), [code("ABC")]);
    }

    #[test]
    fn over_long_ends_at_the_suffix() {
        assert_eq!(
            frames(b"\r", 3, &[b"ABCD", b"EF\rGH\r"]),
            [Frame::Overflow(6), code("GH")]
        );
        assert_eq!(
            frames(b"\r", 3, &[b"ABCD\rGH\r"]),
            [Frame::Overflow(4), code("GH")]
        );
    }

    #[test]
    fn over_long_ends_at_a_pause() {
        assert_eq!(
            frames(b"\r\n", 3, &[b"ABCDE", b"F\r", b"", b"GH\r\n"]),
            [Frame::Overflow(7), code("GH")]
        );
    }

    #[test]
    fn over_long_is_reported_on_disconnect() {
        assert_eq!(frames(b"\r", 3, &[b"ABCDE"]), [Frame::Overflow(5)]);
    }

    #[test]
    fn partial_code_survives_a_pause_but_not_a_disconnect() {
        assert_eq!(frames(b"\r", 10, &[b"AB", b"", b"C\r", b"D"]), [code("ABC")]);
    }
}
