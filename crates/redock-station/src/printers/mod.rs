//! Printer transports: hand one rendered job (PDF, ZPL or PNG bytes) to one device and say what it
//! answered. Nothing here retries, queues or records events: the print queue does that on top of
//! [`send`], deciding by [`PrintError::is_retryable`] whether a failed job waits for another try.
//!
//! Transports, one file each:
//! - [`folder`] — the embedded default: each job becomes a file `<job_id>.<ext>` in a directory,
//!   written atomically (temp file, fsync, rename, fsync of the directory);
//! - [`cups`] — a CUPS queue over IPP (the `ipp` crate), on this machine or another scheduler;
//! - [`raw`] — raw TCP, port 9100 by default (Zebra and friends);
//! - [`serial`] — a serial port (serialport crate).

pub mod cups;
pub mod folder;
pub mod raw;
pub mod serial;

pub use cups::{cups_job_state, follow_cups_job, list_cups_queues, CupsQueue, JobState, QueueState};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where a station prints to. Stored as JSON in the station's settings, tagged by `kind`:
/// `{"kind": "folder", "dir": "/var/lib/redock/labels"}`,
/// `{"kind": "cups", "queue": "zebra", "server": "10.0.0.5:631"}`,
/// `{"kind": "raw", "host": "10.0.0.7"}`, `{"kind": "serial", "path": "/dev/ttyUSB0", "baud": 9600}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PrinterConfig {
    /// Writes each job as a file in `dir` (created if missing).
    Folder { dir: PathBuf },
    /// A CUPS queue. `server` is `host:port` of a scheduler other than this machine's
    /// (`localhost:631` when absent).
    Cups {
        queue: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<String>,
    },
    /// Raw TCP: the bytes as they are, to `host:port`.
    Raw {
        host: String,
        #[serde(default = "default_raw_port")]
        port: u16,
        /// For connecting and for each write; waiting for the printer to close is capped lower.
        #[serde(default = "default_raw_timeout_ms")]
        #[cfg_attr(feature = "specta", specta(type = u32))]
        timeout_ms: u64,
    },
    /// A serial port, 8N1 without flow control.
    Serial {
        path: String,
        #[serde(default = "default_baud")]
        baud: u32,
        /// For each write.
        #[serde(default = "default_serial_timeout_ms")]
        #[cfg_attr(feature = "specta", specta(type = u32))]
        timeout_ms: u64,
    },
}

pub const DEFAULT_RAW_PORT: u16 = 9100;

fn default_raw_port() -> u16 {
    DEFAULT_RAW_PORT
}

fn default_raw_timeout_ms() -> u64 {
    5_000
}

fn default_cups_server() -> String {
    cups::DEFAULT_SERVER.to_string()
}

fn default_baud() -> u32 {
    9600
}

fn default_serial_timeout_ms() -> u64 {
    5_000
}

impl PrinterConfig {
    /// The transport's name, as in the JSON `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            PrinterConfig::Folder { .. } => "folder",
            PrinterConfig::Cups { .. } => "cups",
            PrinterConfig::Raw { .. } => "raw",
            PrinterConfig::Serial { .. } => "serial",
        }
    }

    /// Says what is wrong with a configuration before anything is sent with it.
    pub fn validate(&self) -> Result<(), PrintError> {
        let bad = |reason: &str| Err(PrintError::BadConfig(reason.to_string()));
        match self {
            PrinterConfig::Folder { dir } if dir.as_os_str().is_empty() => bad("the folder is empty"),
            PrinterConfig::Cups { queue, .. } if !cups::is_valid_queue_name(queue) => {
                bad("a CUPS queue name is 1–127 printable characters without space, / \\ ? # ' \"")
            }
            PrinterConfig::Cups {
                server: Some(server), ..
            } if !cups::is_valid_server(server) => bad("the CUPS server is host or host:port"),
            PrinterConfig::Raw { host, .. } if host.trim().is_empty() => bad("the host is empty"),
            PrinterConfig::Raw { port: 0, .. } => bad("the port is 0"),
            PrinterConfig::Raw { timeout_ms: 0, .. } | PrinterConfig::Serial { timeout_ms: 0, .. } => {
                bad("the timeout is 0")
            }
            PrinterConfig::Serial { path, .. } if path.trim().is_empty() => bad("the port is empty"),
            PrinterConfig::Serial { baud: 0, .. } => bad("the baud rate is 0"),
            _ => Ok(()),
        }
    }

    /// For logs and error messages: where the job went.
    pub fn device(&self) -> String {
        match self {
            PrinterConfig::Folder { dir } => format!("folder {}", dir.display()),
            PrinterConfig::Cups { queue, server } => {
                format!(
                    "cups {queue}@{}",
                    server.as_deref().unwrap_or(cups::DEFAULT_SERVER)
                )
            }
            PrinterConfig::Raw { host, port, .. } => format!("raw {host}:{port}"),
            PrinterConfig::Serial { path, baud, .. } => format!("serial {path} at {baud} baud"),
        }
    }
}

/// What a job is: its format decides the file extension and the IPP document format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum PrintFormat {
    Pdf,
    /// Zebra Programming Language: printer commands as text, sent as they are.
    Zpl,
    Png,
}

impl PrintFormat {
    pub fn ext(self) -> &'static str {
        match self {
            PrintFormat::Pdf => "pdf",
            PrintFormat::Zpl => "zpl",
            PrintFormat::Png => "png",
        }
    }

    /// The IPP `document-format`. ZPL goes as `application/vnd.cups-raw` so that CUPS passes it to
    /// the printer without running any filter on it.
    pub fn mime(self) -> &'static str {
        match self {
            PrintFormat::Pdf => "application/pdf",
            PrintFormat::Zpl => "application/vnd.cups-raw",
            PrintFormat::Png => "image/png",
        }
    }
}

impl fmt::Display for PrintFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.ext())
    }
}

/// One rendered job. `job_id` names the file in a folder printer and the job in CUPS: 1–100
/// characters of `A–Z a–z 0–9 - _ .`, not starting with a dot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintPayload {
    pub job_id: String,
    pub format: PrintFormat,
    pub bytes: Vec<u8>,
}

impl PrintPayload {
    pub fn new(job_id: impl Into<String>, format: PrintFormat, bytes: impl Into<Vec<u8>>) -> PrintPayload {
        PrintPayload {
            job_id: job_id.into(),
            format,
            bytes: bytes.into(),
        }
    }

    fn validate(&self) -> Result<(), PrintError> {
        let id = self.job_id.as_str();
        let id_ok = !id.is_empty()
            && id.len() <= 100
            && !id.starts_with('.')
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !id_ok {
            return Err(PrintError::BadJob(format!(
                "job id {id:?} is not 1–100 characters of A–Z a–z 0–9 - _ . (not starting with a dot)"
            )));
        }
        if self.bytes.is_empty() {
            return Err(PrintError::BadJob(format!("job {id} has no bytes")));
        }
        Ok(())
    }
}

/// What the device answered to a job it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SentJob {
    /// The file is complete under its final name.
    File {
        path: PathBuf,
        #[cfg_attr(feature = "specta", specta(type = u32))]
        bytes: u64,
    },
    /// CUPS took the job: its id there and its state when accepted (follow it with
    /// [`cups_job_state`]).
    Cups {
        queue: String,
        /// The scheduler (`host:port`) that holds the job, to follow it there (answers recorded
        /// before it was kept name none: the default server).
        #[serde(default = "default_cups_server")]
        server: String,
        job_id: i32,
        state: JobState,
    },
    /// All bytes were written and the write side shut down; `peer_closed` says whether the printer
    /// closed the connection after (many do once they have the job; some keep it open).
    Raw {
        #[cfg_attr(feature = "specta", specta(type = u32))]
        bytes: u64,
        peer_closed: bool,
    },
    /// All bytes were written and drained to the port.
    Serial {
        #[cfg_attr(feature = "specta", specta(type = u32))]
        bytes: u64,
    },
}

/// Why a job was not taken. [`code`](PrintError::code) is stable (for the screen, logs, i18n keys
/// `error-print-…`); [`is_retryable`](PrintError::is_retryable) tells the queue whether trying the
/// same job again later can work without anyone changing the configuration.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// Nobody answered: connection refused, host unreachable, the port or device node missing, the
    /// scheduler or the printer not accepting jobs now.
    #[error("{device} is offline: {reason}")]
    Offline { device: String, reason: String },
    /// The device was there but stopped taking bytes (or answering) within the time allowed.
    #[error("{device} did not answer within {after_ms} ms ({doing})")]
    Timeout {
        device: String,
        after_ms: u64,
        doing: &'static str,
    },
    /// The device answered and said no to this job (format not supported, forbidden, too large).
    #[error("{device} refused the job: {reason}")]
    Refused { device: String, reason: String },
    /// The CUPS scheduler does not know the queue.
    #[error("CUPS has no queue {queue:?} on {server}")]
    NoSuchQueue { queue: String, server: String },
    /// The CUPS scheduler does not know the job (or has forgotten it).
    #[error("CUPS has no job {job_id} on {server}")]
    NoSuchJob { job_id: i32, server: String },
    /// The scheduler holds the job but its printer is stopped (disabled, out of paper, unplugged):
    /// the label prints when it is started again.
    #[error("{device} is stopped: the label waits in CUPS until the printer is started again")]
    Stopped { device: String },
    /// The scheduler took the job and then ended it without printing (aborted or canceled there).
    #[error("{device}: CUPS {state:?} job {job_id} without printing it")]
    JobEnded {
        device: String,
        job_id: i32,
        state: JobState,
    },
    /// No space left where the job was to be written.
    #[error("{device} is full: {reason}")]
    DiskFull { device: String, reason: String },
    /// Not allowed: a read-only folder or file system, a port without permission.
    #[error("{device} cannot be written: {reason}")]
    Denied { device: String, reason: String },
    /// The configuration cannot work as it is.
    #[error("printer configuration: {0}")]
    BadConfig(String),
    /// The job itself cannot be sent (its id or its bytes).
    #[error("{0}")]
    BadJob(String),
    /// Any other input/output or protocol failure.
    #[error("{device}: {reason}")]
    Io { device: String, reason: String },
}

impl PrintError {
    /// Every code `code()` can return (the screen has a message for each).
    pub const ALL_CODES: &'static [&'static str] = &[
        "print.offline",
        "print.timeout",
        "print.refused",
        "print.no_such_queue",
        "print.no_such_job",
        "print.stopped",
        "print.job_ended",
        "print.disk_full",
        "print.denied",
        "print.bad_config",
        "print.bad_job",
        "print.io",
    ];

    pub fn code(&self) -> &'static str {
        match self {
            PrintError::Offline { .. } => "print.offline",
            PrintError::Timeout { .. } => "print.timeout",
            PrintError::Refused { .. } => "print.refused",
            PrintError::NoSuchQueue { .. } => "print.no_such_queue",
            PrintError::NoSuchJob { .. } => "print.no_such_job",
            PrintError::Stopped { .. } => "print.stopped",
            PrintError::JobEnded { .. } => "print.job_ended",
            PrintError::DiskFull { .. } => "print.disk_full",
            PrintError::Denied { .. } => "print.denied",
            PrintError::BadConfig(_) => "print.bad_config",
            PrintError::BadJob(_) => "print.bad_job",
            PrintError::Io { .. } => "print.io",
        }
    }

    /// True when the same job may go through later with nothing changed here: the device comes
    /// back, gets paper, gets its disk cleaned. False when a person has to change the
    /// configuration or the job first.
    pub fn is_retryable(&self) -> bool {
        match self {
            PrintError::Offline { .. }
            | PrintError::Timeout { .. }
            | PrintError::DiskFull { .. }
            | PrintError::Stopped { .. }
            | PrintError::Io { .. } => true,
            PrintError::Refused { .. }
            | PrintError::NoSuchQueue { .. }
            | PrintError::NoSuchJob { .. }
            | PrintError::JobEnded { .. }
            | PrintError::Denied { .. }
            | PrintError::BadConfig(_)
            | PrintError::BadJob(_) => false,
        }
    }

    /// Sorts an IO error from talking to `device` into the codes above. `doing` says what was
    /// being done (for a timeout's message); `timeout` is the limit that applied.
    pub(crate) fn from_io(device: &str, doing: &'static str, timeout: Duration, e: &io::Error) -> PrintError {
        use io::ErrorKind as K;
        const ENOSPC: i32 = 28;
        const EROFS: i32 = 30;
        const EDQUOT: i32 = 122;
        let device = device.to_string();
        let reason = format!("{doing}: {e}");
        match (e.kind(), e.raw_os_error()) {
            (_, Some(ENOSPC | EDQUOT)) => PrintError::DiskFull { device, reason },
            (_, Some(EROFS)) | (K::PermissionDenied, _) => PrintError::Denied { device, reason },
            (K::TimedOut | K::WouldBlock, _) => PrintError::Timeout {
                device,
                after_ms: millis(timeout),
                doing,
            },
            (
                K::ConnectionRefused
                | K::ConnectionReset
                | K::ConnectionAborted
                | K::NotConnected
                | K::BrokenPipe
                | K::AddrNotAvailable
                | K::NotFound,
                _,
            ) => PrintError::Offline { device, reason },
            // EHOSTUNREACH, ENETUNREACH, ENETDOWN, EHOSTDOWN: the kinds for these are newer than
            // the crate's minimum Rust, so by number.
            (_, Some(113 | 101 | 100 | 112)) => PrintError::Offline { device, reason },
            _ => PrintError::Io { device, reason },
        }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Sends one job to one device and waits until the device has taken it (not until it is on
/// paper: for CUPS, follow the job with [`cups_job_state`]). Blocking: run it on a thread that
/// may wait for the device's timeout, never on an async runtime's worker.
pub fn send(config: &PrinterConfig, job: &PrintPayload) -> Result<SentJob, PrintError> {
    let span = tracing::info_span!(
        "print",
        kind = config.kind(),
        device = %config.device(),
        job_id = %job.job_id,
        format = %job.format,
        bytes = job.bytes.len(),
    );
    let _entered = span.enter();
    let started = Instant::now();
    let result = config
        .validate()
        .and_then(|()| job.validate())
        .and_then(|()| match config {
            PrinterConfig::Folder { dir } => folder::send(dir, job),
            PrinterConfig::Cups { queue, server } => cups::send(server.as_deref(), queue, job),
            PrinterConfig::Raw {
                host,
                port,
                timeout_ms,
            } => raw::send(host, *port, Duration::from_millis(*timeout_ms), &job.bytes),
            PrinterConfig::Serial {
                path,
                baud,
                timeout_ms,
            } => serial::send(path, *baud, Duration::from_millis(*timeout_ms), &job.bytes),
        });
    let ms = millis(started.elapsed());
    match &result {
        Ok(sent) => tracing::info!(ms, ?sent, "print job sent"),
        Err(e) => tracing::warn!(
            ms,
            code = e.code(),
            retryable = e.is_retryable(),
            error = %e,
            "print job not sent"
        ),
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_json_is_tagged_by_kind_with_defaults() {
        let raw: PrinterConfig = serde_json::from_str(r#"{"kind":"raw","host":"10.0.0.7"}"#).unwrap();
        assert_eq!(
            raw,
            PrinterConfig::Raw {
                host: "10.0.0.7".into(),
                port: 9100,
                timeout_ms: 5000
            }
        );
        let cups: PrinterConfig = serde_json::from_str(r#"{"kind":"cups","queue":"zebra"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&cups).unwrap(),
            r#"{"kind":"cups","queue":"zebra"}"#
        );
        let folder = PrinterConfig::Folder {
            dir: PathBuf::from("/tmp/labels"),
        };
        let json = serde_json::to_string(&folder).unwrap();
        assert_eq!(json, r#"{"kind":"folder","dir":"/tmp/labels"}"#);
        assert_eq!(serde_json::from_str::<PrinterConfig>(&json).unwrap(), folder);
        assert!(serde_json::from_str::<PrinterConfig>(r#"{"kind":"fax","number":"1"}"#).is_err());
        // A field of a newer version is not refused (settings never stop the dock); saving the
        // setting again keeps it (settings::keep_unknown_fields).
        let newer: PrinterConfig = serde_json::from_str(r#"{"kind":"raw","host":"a","tls":true}"#).unwrap();
        assert!(
            matches!(newer, PrinterConfig::Raw { port: 9100, .. }),
            "{newer:?}"
        );
    }

    #[test]
    fn job_ids_that_could_escape_the_folder_are_refused() {
        for id in ["", ".hidden", "../x", "a/b", "a b", "é", &"x".repeat(101)] {
            let job = PrintPayload::new(id, PrintFormat::Pdf, b"%PDF".to_vec());
            let e = job.validate().unwrap_err();
            assert_eq!(e.code(), "print.bad_job", "{id:?}");
            assert!(!e.is_retryable());
        }
        PrintPayload::new("job-1_a.b", PrintFormat::Zpl, b"^XA^XZ".to_vec())
            .validate()
            .unwrap();
    }

    #[test]
    fn io_errors_sort_into_codes() {
        let t = Duration::from_secs(1);
        let code = |e: io::Error| {
            let e = PrintError::from_io("dev", "writing", t, &e);
            (e.code(), e.is_retryable())
        };
        assert_eq!(code(io::Error::from_raw_os_error(28)), ("print.disk_full", true));
        assert_eq!(code(io::Error::from_raw_os_error(30)), ("print.denied", false));
        assert_eq!(code(io::Error::from_raw_os_error(13)), ("print.denied", false));
        assert_eq!(code(io::Error::from_raw_os_error(111)), ("print.offline", true));
        assert_eq!(code(io::Error::from_raw_os_error(113)), ("print.offline", true));
        assert_eq!(code(io::ErrorKind::TimedOut.into()), ("print.timeout", true));
        assert_eq!(code(io::Error::from_raw_os_error(5)), ("print.io", true));
    }

    #[test]
    fn bad_configs_are_not_retryable() {
        let bad = [
            PrinterConfig::Folder { dir: PathBuf::new() },
            PrinterConfig::Cups {
                queue: "a b".into(),
                server: None,
            },
            PrinterConfig::Cups {
                queue: "ok".into(),
                server: Some("http://x/".into()),
            },
            PrinterConfig::Raw {
                host: "h".into(),
                port: 0,
                timeout_ms: 1,
            },
            PrinterConfig::Serial {
                path: "/dev/ttyS0".into(),
                baud: 9600,
                timeout_ms: 0,
            },
        ];
        for config in bad {
            let e = config.validate().unwrap_err();
            assert_eq!(e.code(), "print.bad_config", "{config:?}");
            assert!(!e.is_retryable());
        }
    }
}
