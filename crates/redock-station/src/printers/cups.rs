//! CUPS queues over IPP, with the `ipp` crate's blocking client (ureq, no TLS).
//!
//! Why IPP and not the `lp`/`lpstat` commands: the scheduler's answers arrive as IPP status codes
//! and typed attributes (`client-error-not-found` for an unknown queue, `job-state` as a number,
//! `job-id` as an integer), where the commands give localised sentences to parse ("request id is
//! q-12 (1 file(s))", "The printer or class does not exist.") and cannot tell a completed job from
//! an aborted or canceled one (`lpstat -W completed` lists all three). No process is spawned per
//! job and the station needs no cups-client package, only a reachable scheduler.
//!
//! The server is `host:port` (`localhost:631` when none is given); a scheduler that listens only on
//! its unix socket is not reachable this way (Debian's default cupsd.conf listens on both).

use super::{PrintError, PrintPayload, SentJob};
use ipp::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::{self, Cursor};
use std::time::Duration;

pub const DEFAULT_SERVER: &str = "localhost:631";

/// For one whole IPP exchange (the job's bytes included). Connecting is capped at 10 s by the
/// client.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Where a CUPS job is. `Pending` includes held jobs; `Stopped` is IPP's processing-stopped (the
/// printer stopped mid-job, e.g. out of paper).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    Pending,
    Processing,
    Completed,
    Aborted,
    Canceled,
    Stopped,
}

impl JobState {
    /// True once the job will not change any more.
    pub fn is_final(self) -> bool {
        matches!(self, JobState::Completed | JobState::Aborted | JobState::Canceled)
    }

    fn from_ipp(value: i32) -> Option<JobState> {
        Some(match ipp::model::JobState::from_i32(value)? {
            ipp::model::JobState::Pending | ipp::model::JobState::PendingHeld => JobState::Pending,
            ipp::model::JobState::Processing => JobState::Processing,
            ipp::model::JobState::ProcessingStopped => JobState::Stopped,
            ipp::model::JobState::Canceled => JobState::Canceled,
            ipp::model::JobState::Aborted => JobState::Aborted,
            ipp::model::JobState::Completed => JobState::Completed,
        })
    }
}

/// A printer's state in CUPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum QueueState {
    Idle,
    Processing,
    Stopped,
}

/// One queue of a CUPS scheduler, for a settings screen to pick from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CupsQueue {
    pub name: String,
    /// `printer-info`: the description an administrator gave it.
    pub info: Option<String>,
    pub make_and_model: Option<String>,
    pub state: Option<QueueState>,
    pub accepting_jobs: bool,
}

/// The queues of the scheduler at `server` (`localhost:631` when `None`).
pub fn list_cups_queues(server: Option<&str>) -> Result<Vec<CupsQueue>, PrintError> {
    let server = checked_server(server)?;
    let device = format!("cups {server}");
    let uri = uri(server, "/")?;
    let cups = IppOperationBuilder::cups();
    let response = exchange(&device, &uri, cups.get_printers())?;
    check_status(&response, &device, |status| match status {
        StatusCode::ClientErrorNotFound => Some(Ok(())),
        _ => None,
    })?;
    let queues = response
        .attributes()
        .groups_of(DelimiterTag::PrinterAttributes)
        .filter_map(|group| {
            let text = |name: &str| group.get(name).map(|a| a.value().to_string());
            Some(CupsQueue {
                name: text("printer-name")?,
                info: text("printer-info").filter(|s| !s.is_empty()),
                make_and_model: text("printer-make-and-model").filter(|s| !s.is_empty()),
                state: group.get("printer-state").and_then(|a| match a.value() {
                    IppValue::Enum(3) => Some(QueueState::Idle),
                    IppValue::Enum(4) => Some(QueueState::Processing),
                    IppValue::Enum(5) => Some(QueueState::Stopped),
                    _ => None,
                }),
                accepting_jobs: matches!(
                    group.get("printer-is-accepting-jobs").map(|a| a.value()),
                    Some(IppValue::Boolean(true))
                ),
            })
        })
        .collect();
    Ok(queues)
}

/// Where job `job_id` of the scheduler at `server` is now. A job the scheduler has forgotten
/// (history purged, scheduler reinstalled) is [`PrintError::NoSuchJob`].
pub fn cups_job_state(server: Option<&str>, job_id: i32) -> Result<JobState, PrintError> {
    let server = checked_server(server)?;
    let device = format!("cups {server}");
    // CUPS finds the job by its id; the printer-uri that goes with it may be the scheduler's root.
    let uri = uri(server, "/")?;
    let op = IppOperationBuilder::get_job_attributes(uri.clone(), job_id)
        .user_name(user_name())
        .build()
        .map_err(|e| PrintError::BadConfig(format!("{device}: {e}")))?;
    let response = exchange(&device, &uri, op)?;
    check_status(&response, &device, |status| match status {
        StatusCode::ClientErrorNotFound | StatusCode::ClientErrorGone => Some(Err(PrintError::NoSuchJob {
            job_id,
            server: server.to_string(),
        })),
        _ => None,
    })?;
    job_state_of(&response).ok_or_else(|| PrintError::Io {
        device,
        reason: format!("no job-state in the answer for job {job_id}"),
    })
}

/// Where a job that CUPS took stands: printed (`Ok(true)`), still to print (`Ok(false)`), or why
/// it is not printing — [`PrintError::Stopped`] while its printer is stopped (the job waits
/// there), [`PrintError::JobEnded`] once CUPS aborted or canceled it, [`PrintError::NoSuchJob`]
/// when the scheduler forgot it, [`PrintError::Offline`] when the scheduler does not answer.
pub fn follow_cups_job(server: &str, queue: &str, job_id: i32) -> Result<bool, PrintError> {
    let device = format!("cups {queue}@{server}");
    match cups_job_state(Some(server), job_id)? {
        JobState::Completed => Ok(true),
        state @ (JobState::Aborted | JobState::Canceled) => Err(PrintError::JobEnded {
            device,
            job_id,
            state,
        }),
        JobState::Stopped => Err(PrintError::Stopped { device }),
        JobState::Pending | JobState::Processing => {
            let stopped = list_cups_queues(Some(server))?
                .iter()
                .any(|q| q.name == queue && q.state == Some(QueueState::Stopped));
            if stopped {
                Err(PrintError::Stopped { device })
            } else {
                Ok(false)
            }
        }
    }
}

pub(crate) fn send(server: Option<&str>, queue: &str, job: &PrintPayload) -> Result<SentJob, PrintError> {
    let server = checked_server(server)?;
    let device = format!("cups {queue}@{server}");
    let uri = uri(server, &format!("/printers/{queue}"))?;
    let op = IppOperationBuilder::print_job(uri.clone(), IppPayload::new(Cursor::new(job.bytes.clone())))
        .user_name(user_name())
        .job_title(&job.job_id)
        .document_format(job.format.mime())
        .build()
        .map_err(|e| PrintError::BadConfig(format!("{device}: {e}")))?;
    let response = exchange(&device, &uri, op)?;
    check_status(&response, &device, |status| match status {
        StatusCode::ClientErrorNotFound => Some(Err(PrintError::NoSuchQueue {
            queue: queue.to_string(),
            server: server.to_string(),
        })),
        _ => None,
    })?;
    let job_id = response
        .attributes()
        .groups_of(DelimiterTag::JobAttributes)
        .find_map(|g| match g.get("job-id").map(|a| a.value()) {
            Some(IppValue::Integer(id)) => Some(*id),
            _ => None,
        })
        .ok_or_else(|| PrintError::Io {
            device: device.clone(),
            reason: "the scheduler took the job but gave no job-id".to_string(),
        })?;
    Ok(SentJob::Cups {
        queue: queue.to_string(),
        server: server.to_string(),
        job_id,
        state: job_state_of(&response).unwrap_or(JobState::Pending),
    })
}

fn job_state_of(response: &IppRequestResponse) -> Option<JobState> {
    response
        .attributes()
        .groups_of(DelimiterTag::JobAttributes)
        .find_map(|g| match g.get("job-state").map(|a| a.value()) {
            Some(IppValue::Enum(v) | IppValue::Integer(v)) => JobState::from_ipp(*v),
            _ => None,
        })
}

/// CUPS queue names: 1–127 printable characters, none of space, `/`, `\`, `?`, `#`, `'`, `"`
/// (what lpadmin allows, limited to ASCII here so the name goes into a URI as it is).
pub(crate) fn is_valid_queue_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 127
        && name
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'/' | b'\\' | b'?' | b'#' | b'\'' | b'"' | b'%'))
}

/// `host` or `host:port`; an IPv6 address in brackets (`[::1]:631`).
pub(crate) fn is_valid_server(server: &str) -> bool {
    !server.is_empty()
        && server
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':' | b'[' | b']'))
}

fn checked_server(server: Option<&str>) -> Result<&str, PrintError> {
    let server = server.unwrap_or(DEFAULT_SERVER);
    if is_valid_server(server) {
        Ok(server)
    } else {
        Err(PrintError::BadConfig(format!(
            "the CUPS server {server:?} is not host or host:port"
        )))
    }
}

fn uri(server: &str, path: &str) -> Result<Uri, PrintError> {
    // A server without a port gets CUPS's 631 from the ipp: scheme.
    format!("ipp://{server}{path}")
        .parse::<Uri>()
        .map_err(|e| PrintError::BadConfig(format!("CUPS address {server}{path}: {e}")))
}

/// The requesting-user-name CUPS records (and cups-pdf uses to pick its output folder): the OS
/// user the station runs as, else `redock`.
fn user_name() -> String {
    ["USER", "LOGNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|u| !u.is_empty() && u.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or_else(|| "redock".to_string())
}

fn exchange(
    device: &str,
    uri: &Uri,
    op: impl Into<IppRequestResponse>,
) -> Result<IppRequestResponse, PrintError> {
    IppClient::builder(uri.clone())
        .request_timeout(REQUEST_TIMEOUT)
        .build()
        .send(op)
        .map_err(|e| from_ipp_error(device, e))
}

/// Sorts the IPP status of an answer; `special` decides the statuses that mean something for this
/// operation (not-found is a queue for Print-Job, a job for Get-Job-Attributes).
fn check_status(
    response: &IppRequestResponse,
    device: &str,
    special: impl Fn(StatusCode) -> Option<Result<(), PrintError>>,
) -> Result<(), PrintError> {
    let status = response.header().status_code();
    if status.is_success() {
        return Ok(());
    }
    if let Some(answer) = special(status) {
        return answer;
    }
    let message = response
        .attributes()
        .groups_of(DelimiterTag::OperationAttributes)
        .find_map(|g| g.get("status-message").map(|a| a.value().to_string()));
    let reason = match message {
        Some(m) => format!("{status} ({m})"),
        None => status.to_string(),
    };
    let device = device.to_string();
    Err(match status {
        // The scheduler or the queue is there but not taking jobs now: paused, rejecting, busy.
        StatusCode::ServerErrorNotAcceptingJobs
        | StatusCode::ServerErrorBusy
        | StatusCode::ServerErrorServiceUnavailable
        | StatusCode::ServerErrorTemporaryError => PrintError::Offline { device, reason },
        StatusCode::ClientErrorTimeout => PrintError::Timeout {
            device,
            after_ms: REQUEST_TIMEOUT.as_millis() as u64,
            doing: "taking the job",
        },
        s if (s as u16) < 0x0500 => PrintError::Refused { device, reason },
        _ => PrintError::Io { device, reason },
    })
}

fn from_ipp_error(device: &str, e: IppError) -> PrintError {
    let io_err = |e: &io::Error| PrintError::from_io(device, "talking to the scheduler", REQUEST_TIMEOUT, e);
    let offline = |reason: String| PrintError::Offline {
        device: device.to_string(),
        reason,
    };
    match e {
        IppError::IoError(e) => io_err(&e),
        IppError::ClientError(e) => match e {
            ureq::Error::Io(e) => io_err(&e),
            ureq::Error::Timeout(_) => PrintError::Timeout {
                device: device.to_string(),
                after_ms: REQUEST_TIMEOUT.as_millis() as u64,
                doing: "talking to the scheduler",
            },
            ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => offline(e.to_string()),
            ureq::Error::StatusCode(code) => http_status(device, code),
            other => PrintError::Io {
                device: device.to_string(),
                reason: other.to_string(),
            },
        },
        IppError::RequestError(code) => http_status(device, code),
        IppError::PrinterNotReady => offline(e.to_string()),
        other => PrintError::Io {
            device: device.to_string(),
            reason: other.to_string(),
        },
    }
}

/// An HTTP error before any IPP answer: 401/403 refuse (a policy wants a user or forbids us), 404
/// is a resource that is not there, 5xx a scheduler in trouble (try later).
fn http_status(device: &str, code: u16) -> PrintError {
    let reason = format!("HTTP {code}");
    let device = device.to_string();
    match code {
        500..=599 => PrintError::Offline { device, reason },
        _ => PrintError::Refused { device, reason },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_names() {
        for ok in ["zebra", "Label_Printer-2", "a.b"] {
            assert!(is_valid_queue_name(ok), "{ok}");
        }
        for bad in ["", "a b", "a/b", "a#b", "q?x", "é", &"q".repeat(128)] {
            assert!(!is_valid_queue_name(bad), "{bad}");
        }
    }

    #[test]
    fn servers() {
        for ok in ["localhost:631", "10.0.0.5", "[::1]:631", "print-server.local"] {
            assert!(is_valid_server(ok), "{ok}");
            uri(ok, "/printers/q").unwrap();
        }
        for bad in ["", "http://x", "a/b", "a b"] {
            assert!(!is_valid_server(bad), "{bad}");
        }
    }

    #[test]
    fn every_ipp_job_state_maps() {
        let states: Vec<_> = (3..=9).map(|v| JobState::from_ipp(v).unwrap()).collect();
        use JobState::*;
        assert_eq!(
            states,
            [Pending, Pending, Processing, Stopped, Canceled, Aborted, Completed]
        );
        assert_eq!(JobState::from_ipp(10), None);
    }
}
