//! The print queue. A decision queues its label in the same transaction (`print_queued`); printing
//! happens afterwards, outside any transaction, by `print_pending` (the app's print thread, or the
//! CLI right after a scan). A printer that is offline never blocks the dock: the job waits with
//! its error and is tried again later (5 s, 15 s, 1 min, then every 5 min); only a job that can
//! never print (no such queue, a label that cannot be drawn) is given up, and says why.

use crate::auth::{Role, Session};
use crate::clock::rfc3339;
use crate::error::StationError;
use crate::events::{record, EventBody, PrintAttempted, PrintFollowed, PrintQueued};
use crate::printers::{self, PrintFormat, PrintPayload, PrinterConfig, SentJob};
use crate::queries as q;
use crate::station::Station;
use redock_labels::{captions, render, Format, LabelData, Template};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

pub const PRINTER: &str = "printer";

/// Seconds to wait before the next try, by the number of tries so far.
const RETRY_AFTER_S: [i64; 4] = [5, 15, 60, 300];

/// The station's label printer and what it is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct PrinterSettings {
    pub printer: PrinterConfig,
    pub format: PrintFormat,
    /// A built-in template: `4x6in`, `100x150mm`, `unit-2x1in`.
    pub template: String,
    /// Printer resolution for ZPL (203 or 300 dpi; 600 for a few models).
    #[serde(default = "default_dpi")]
    pub dpi: u32,
}

fn default_dpi() -> u32 {
    203
}

impl PrinterSettings {
    /// The embedded default: PDFs in a folder beside the database.
    pub fn folder_default(db: &Path) -> PrinterSettings {
        PrinterSettings {
            printer: PrinterConfig::Folder {
                dir: db
                    .parent()
                    .map(|p| p.join("labels"))
                    .unwrap_or_else(|| PathBuf::from("labels")),
            },
            format: PrintFormat::Pdf,
            template: "100x150mm".into(),
            dpi: 203,
        }
    }

    fn label_format(&self) -> Format {
        match self.format {
            PrintFormat::Pdf => Format::Pdf,
            PrintFormat::Zpl => Format::Zpl { dpi: self.dpi },
            PrintFormat::Png => Format::Png {
                dpi: self.dpi.max(150),
            },
        }
    }

    pub fn validate(&self) -> Result<(), StationError> {
        self.printer
            .validate()
            .map_err(|e| StationError::Config(format!("printer: {e}")))?;
        Template::builtin(&self.template)
            .map_err(|e| StationError::Config(format!("label template: {e}")))?;
        self.label_format()
            .grid_dpmm()
            .map_err(|e| StationError::Config(format!("printer resolution: {e}")))?;
        Ok(())
    }
}

/// The queue as the status bar shows it.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PrintQueueStatus {
    pub waiting: u32,
    pub failed: u32,
    /// The latest error of a waiting job (`print.offline`, …), to say why labels wait.
    pub error_code: Option<String>,
    pub error: Option<String>,
    pub printer: String,
}

/// Where a test label went ([`Station::test_print`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TestPrint {
    pub job_id: String,
    /// The printer as in logs: `folder /srv/labels`, `cups zebra@localhost:631`, …
    pub device: String,
    /// What the device answered: the file written, the CUPS job, the bytes sent.
    pub sent: SentJob,
}

/// One try of `print_pending`.
#[derive(Debug, Clone, Serialize)]
pub struct PrintReport {
    pub job_id: String,
    pub lpn: String,
    pub ok: bool,
    pub error_code: Option<String>,
    pub answer: Option<serde_json::Value>,
}

pub(crate) fn settings_in(c: &Connection, db: &Path) -> Result<PrinterSettings, StationError> {
    let text: Option<String> = c
        .prepare_cached(q::SETTING)?
        .query_row([PRINTER], |r| r.get(0))
        .optional()?;
    match text {
        None => Ok(PrinterSettings::folder_default(db)),
        Some(t) => serde_json::from_str(&t)
            .map_err(|e| StationError::Config(format!("the printer settings are invalid: {e}"))),
    }
}

/// Queue a unit's label in the caller's transaction.
pub(crate) fn queue_label(
    tx: &Transaction<'_>,
    settings: &PrinterSettings,
    lpn: &str,
    language: &str,
    reason: &str,
    operator_id: &str,
    now: OffsetDateTime,
) -> Result<String, StationError> {
    let job_id = uuid::Uuid::now_v7().to_string();
    let body = EventBody::PrintQueued(PrintQueued {
        job_id: job_id.clone(),
        lpn: lpn.to_owned(),
        printer: settings.printer.device(),
        format: settings.format.ext().to_owned(),
        template: settings.template.clone(),
        language: language.to_owned(),
        reason: reason.to_owned(),
    });
    record(tx, &body, Some(operator_id), now)?;
    Ok(job_id)
}

/// The label of a decided unit, as it stands now (its current decision).
pub(crate) fn label_data(c: &Connection, lpn: &str) -> Result<LabelData, StationError> {
    let row = c
        .prepare_cached(q::LABEL_DATA)?
        .query_row([lpn], |r| {
            Ok(LabelData {
                lpn: lpn.to_owned(),
                gtin: r.get(0)?,
                serial: r.get(1)?,
                grade: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                disposition: r.get(3)?,
                destination: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                date: r.get::<_, String>(5)?.get(..10).unwrap_or_default().to_owned(),
                station: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                title: r.get(7)?,
            })
        })
        .optional()?;
    row.ok_or_else(|| StationError::Inspection {
        code: "disposition.not_decided",
        message: format!("unit {lpn} has no decision to print"),
    })
}

/// Draw a unit's label with the station's template, in the given language.
pub fn render_label(
    data: &LabelData,
    settings: &PrinterSettings,
    language: &str,
    format: Format,
) -> Result<Vec<u8>, StationError> {
    let template = Template::builtin(&settings.template)
        .map_err(|e| StationError::Config(format!("label template: {e}")))?;
    render(&template, data, &captions(language, &data.disposition), format).map_err(|e| StationError::Print {
        code: "label.render",
        message: e.to_string(),
        retryable: false,
    })
}

/// Labels waiting and failed, and the latest error of one that waits, for the status bar.
pub(crate) fn print_queue_status_in(c: &Connection, db: &Path) -> Result<PrintQueueStatus, StationError> {
    let settings = settings_in(c, db)?;
    // A label a CUPS scheduler holds and has not printed yet waits too.
    let (waiting, failed): (u32, u32) = c
        .prepare_cached(q::PRINT_COUNTS)?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let last: Option<(Option<String>, Option<String>)> = c
        .prepare_cached(q::PRINT_LAST_ERROR)?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (error_code, error) = last.unwrap_or_default();
    Ok(PrintQueueStatus {
        waiting,
        failed,
        error_code,
        error,
        printer: settings.printer.device(),
    })
}

struct Due {
    job_id: String,
    lpn: String,
    language: String,
    attempts: u32,
}

impl Station {
    pub fn printer_settings(&self) -> Result<PrinterSettings, StationError> {
        let db = self.store.path().to_owned();
        self.store.read(|c| settings_in(c, &db))
    }

    /// Whether this session may configure the station (an open session of a supervisor or an
    /// admin), e.g. before listing a print server's queues for the settings screen.
    pub fn may_configure(&self, session: &Session) -> Result<(), StationError> {
        session.require(Role::Supervisor)?;
        self.store.read(|c| Station::check_session(c, session))
    }

    /// Change the printer (supervisors and admins). Refused when the settings cannot work.
    pub fn set_printer_settings(
        &self,
        session: &Session,
        settings: &PrinterSettings,
    ) -> Result<(), StationError> {
        session.require(Role::Supervisor)?;
        settings.validate()?;
        self.set_setting(session, PRINTER, serde_json::to_value(settings)?)
    }

    /// Send a sample label to `settings` as proposed, before they are saved: nothing is saved,
    /// queued or recorded (supervisors and admins). Blocks until the printer took the label or
    /// its timeout passed; the error says why not, as the print queue would.
    pub fn test_print(
        &self,
        session: &Session,
        settings: &PrinterSettings,
    ) -> Result<TestPrint, StationError> {
        session.require(Role::Supervisor)?;
        self.store.read(|c| Station::check_session(c, session))?;
        settings.validate()?;
        let station: Option<String> = self.store.read(|c| {
            c.query_row("SELECT name FROM station LIMIT 1", [], |r| r.get(0))
                .optional()
        })?;
        let language = session.language.as_str();
        let data = LabelData {
            lpn: "TEST-LABEL".into(),
            gtin: Some("5901234123457".into()),
            grade: "A".into(),
            disposition: "restock".into(),
            destination: "TEST".into(),
            date: rfc3339(self.clock.now()).get(..10).unwrap_or_default().to_owned(),
            station: station.unwrap_or_default(),
            title: Some(
                redock_labels::message(language, "label-test-title").unwrap_or_else(|| "Test label".into()),
            ),
            ..LabelData::default()
        };
        let bytes = render_label(&data, settings, language, settings.label_format())?;
        let job_id = format!("test-{}", uuid::Uuid::now_v7());
        let device = settings.printer.device();
        // One job at a time on a printer: a serial port opens for one writer, many 9100 printers
        // take one connection; the test label waits for a label being printed, not the reverse.
        let sent = {
            let _one_at_a_time = self.print_lock.lock().unwrap_or_else(|p| p.into_inner());
            printers::send(
                &settings.printer,
                &PrintPayload::new(job_id.clone(), settings.format, bytes),
            )?
        };
        tracing::info!(job = %job_id, printer = %device, by = %session.operator_id, "test label sent");
        Ok(TestPrint { job_id, device, sent })
    }

    /// Print a unit's label again (its current decision, in the operator's language).
    pub fn reprint(&self, session: &Session, lpn: &str) -> Result<String, StationError> {
        let now = self.clock.now();
        let db = self.store.path().to_owned();
        self.store.write(|tx| {
            Station::check_session(tx, session)?;
            label_data(tx, lpn)?;
            let settings = settings_in(tx, &db)?;
            queue_label(
                tx,
                &settings,
                lpn,
                &session.language,
                "reprint",
                &session.operator_id,
                now,
            )
        })
    }

    /// A PNG of the unit's label, for the screen.
    pub fn label_preview(&self, lpn: &str, language: &str) -> Result<Vec<u8>, StationError> {
        let settings = self.printer_settings()?;
        let data = self.store.read(|c| label_data(c, lpn))?;
        // At the printer's own dots (a PDF's barcodes snap to 203 dpi), so the bars and modules on
        // screen are the ones printed; the window scales the picture down.
        let dpi = match settings.format {
            PrintFormat::Pdf => 203,
            PrintFormat::Zpl | PrintFormat::Png => settings.dpi,
        };
        render_label(&data, &settings, language, Format::Png { dpi })
    }

    pub fn print_queue_status(&self) -> Result<PrintQueueStatus, StationError> {
        let db = self.store.path().to_owned();
        self.store.read(|c| print_queue_status_in(c, &db))
    }

    /// Try every job that is due, oldest first; returns what happened to each. Safe to call from
    /// several threads: one prints at a time.
    pub fn print_pending(&self) -> Result<Vec<PrintReport>, StationError> {
        let _one_at_a_time = self.print_lock.lock().unwrap_or_else(|p| p.into_inner());
        let now = self.clock.now();
        let due: Vec<Due> = self.store.read(|c| {
            let mut st = c.prepare_cached(q::PRINT_DUE)?;
            let rows = st
                .query_map([rfc3339(now)], |r| {
                    Ok(Due {
                        job_id: r.get(0)?,
                        lpn: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                        language: r.get(2)?,
                        attempts: r.get(3)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok::<_, StationError>(rows)
        })?;
        let mut reports = Vec::with_capacity(due.len());
        for job in due {
            reports.push(self.print_one(&job)?);
        }
        Ok(reports)
    }

    /// Follows the labels a CUPS scheduler took and has not printed yet: printed (done), ended
    /// there without printing (failed: a supervisor reprints), or waiting — and why, when its
    /// printer is stopped, so the station says so instead of "printed". An event is recorded only
    /// when a job's standing changes; a scheduler that does not answer leaves the jobs as they are.
    /// Blocking (IPP); the app's print thread calls it every few seconds.
    pub fn follow_printing(&self) -> Result<Vec<PrintReport>, StationError> {
        let _one_at_a_time = self.print_lock.lock().unwrap_or_else(|p| p.into_inner());
        let jobs: Vec<(String, String, Option<String>, Option<String>)> = self.store.read(|c| {
            let mut st = c.prepare_cached(q::PRINTING)?;
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok::<_, StationError>(rows)
        })?;
        let mut reports = Vec::new();
        for (job_id, lpn, answer, was) in jobs {
            let answer_json = answer
                .as_deref()
                .and_then(|a| serde_json::from_str::<serde_json::Value>(a).ok());
            let sent = answer_json
                .as_ref()
                .and_then(|a| printers::SentJob::deserialize(a).ok());
            let Some(printers::SentJob::Cups {
                queue,
                server,
                job_id: cups_id,
                ..
            }) = sent
            else {
                tracing::warn!(job = %job_id, "a printing job without its CUPS answer; left as it is");
                continue;
            };
            let (state, error) = match printers::follow_cups_job(&server, &queue, cups_id) {
                Ok(true) => ("done", None),
                Ok(false) => ("printing", None),
                // Stopped, offline, slow or a glitch: CUPS still has the job, look again later.
                Err(e) if e.is_retryable() => ("printing", Some(e)),
                // Canceled or aborted there, or forgotten: it will not print by itself.
                Err(e) => ("failed", Some(e)),
            };
            let error_code = error.as_ref().map(|e| e.code().to_string());
            if state == "printing" && error_code == was {
                continue;
            }
            match &error {
                Some(e) if state == "failed" => {
                    tracing::warn!(job = %job_id, %lpn, error = %e, "CUPS did not print the label")
                }
                Some(e) => tracing::warn!(job = %job_id, %lpn, error = %e, "the label waits in CUPS"),
                None if state == "done" => {
                    tracing::info!(job = %job_id, %lpn, cups_job = cups_id, "CUPS printed the label")
                }
                None => tracing::info!(job = %job_id, %lpn, "the label prints again in CUPS"),
            }
            let body = EventBody::PrintFollowed(PrintFollowed {
                job_id: job_id.clone(),
                state: state.to_string(),
                error_code: error_code.clone(),
                error: error.as_ref().map(ToString::to_string),
            });
            let now = self.clock.now();
            self.store
                .write(|tx| record(tx, &body, None, now).map_err(StationError::from))?;
            reports.push(PrintReport {
                job_id,
                lpn,
                ok: state != "failed",
                error_code,
                answer: answer_json,
            });
        }
        Ok(reports)
    }

    fn print_one(&self, job: &Due) -> Result<PrintReport, StationError> {
        let settings = self.printer_settings()?;
        let span = tracing::info_span!("print_job", job = %job.job_id, lpn = %job.lpn, printer = %settings.printer.device());
        let _g = span.enter();
        let sent = self
            .store
            .read(|c| label_data(c, &job.lpn))
            .and_then(|data| render_label(&data, &settings, &job.language, settings.label_format()))
            .and_then(|bytes| {
                printers::send(
                    &settings.printer,
                    &PrintPayload::new(job.job_id.clone(), settings.format, bytes),
                )
                .map_err(|e| StationError::Print {
                    code: e.code(),
                    message: e.to_string(),
                    retryable: e.is_retryable(),
                })
            });
        let now = self.clock.now();
        let attempt = job.attempts + 1;
        let (answer, error_code, error, retry_at) = match &sent {
            Ok(answer) => (Some(serde_json::to_value(answer)?), None, None, None),
            Err(e) => {
                let retryable = matches!(e, StationError::Print { retryable: true, .. })
                    || matches!(e, StationError::Store(_));
                let wait = RETRY_AFTER_S[(job.attempts as usize).min(RETRY_AFTER_S.len() - 1)];
                (
                    None,
                    Some(e.code().to_owned()),
                    Some(e.to_string()),
                    retryable.then(|| rfc3339(now + time::Duration::seconds(wait))),
                )
            }
        };
        match &sent {
            Ok(_) => tracing::info!(attempt, "label printed"),
            Err(e) => {
                tracing::warn!(attempt, error = %e, code = e.code(), retry = ?retry_at, "label not printed")
            }
        }
        let body = EventBody::PrintAttempted(PrintAttempted {
            job_id: job.job_id.clone(),
            attempt,
            printer: settings.printer.device(),
            ok: sent.is_ok(),
            answer: answer.clone(),
            error_code: error_code.clone(),
            error,
            retry_at,
        });
        self.store
            .write(|tx| record(tx, &body, None, now).map_err(StationError::from))?;
        Ok(PrintReport {
            job_id: job.job_id.clone(),
            lpn: job.lpn.clone(),
            ok: sent.is_ok(),
            error_code,
            answer,
        })
    }
}

/// Where the folder printer of the embedded default writes, for a station at `db`.
pub fn default_label_dir(db: &Path) -> PathBuf {
    match PrinterSettings::folder_default(db).printer {
        PrinterConfig::Folder { dir } => dir,
        _ => PathBuf::from("labels"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use std::sync::Arc;
    use time::macros::datetime;

    fn station(dir: &Path) -> Station {
        let clock = Arc::new(FixedClock::new(datetime!(2026-11-23 08:00 UTC)));
        let station = Station::open(
            &dir.join("station.sqlite"),
            clock,
            redock_domain::CodeConfig::demo(),
        )
        .unwrap();
        station.seed_demo_if_empty().unwrap();
        station
    }

    #[test]
    fn a_test_print_goes_to_the_proposed_printer_and_saves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let st = station(dir.path());
        let inspector = st.login("BADGE-0005", "1111").unwrap();
        let supervisor = st.login("BADGE-0003", "3456").unwrap();
        let saved = st.printer_settings().unwrap();
        let events = st.status().unwrap().events_total;
        let proposed = PrinterSettings {
            printer: PrinterConfig::Folder {
                dir: dir.path().join("test-labels"),
            },
            format: PrintFormat::Zpl,
            template: "4x6in".into(),
            dpi: 203,
        };

        let refused = st.test_print(&inspector, &proposed).unwrap_err();
        assert_eq!(refused.code(), "auth.forbidden");

        let report = st.test_print(&supervisor, &proposed).unwrap();
        assert!(report.job_id.starts_with("test-"), "{report:?}");
        assert_eq!(report.device, proposed.printer.device());
        let SentJob::File { path, bytes } = &report.sent else {
            panic!("a folder printer writes a file: {report:?}");
        };
        assert_eq!(path.parent(), Some(dir.path().join("test-labels").as_path()));
        assert_eq!(path.extension().and_then(|e| e.to_str()), Some("zpl"));
        let zpl = std::fs::read_to_string(path).unwrap();
        assert_eq!(zpl.len() as u64, *bytes);
        assert!(zpl.contains("^XA") && zpl.contains("TEST-LABEL"), "{zpl}");

        // Nothing saved, queued or recorded.
        assert_eq!(st.printer_settings().unwrap(), saved);
        assert_eq!(st.status().unwrap().events_total, events);
        assert_eq!(st.print_queue_status().unwrap().waiting, 0);
    }

    #[test]
    fn a_test_print_that_cannot_work_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let st = station(dir.path());
        let supervisor = st.login("BADGE-0003", "3456").unwrap();
        let folder = PrinterConfig::Folder {
            dir: dir.path().join("never"),
        };
        let bad_template = PrinterSettings {
            printer: folder,
            format: PrintFormat::Pdf,
            template: "5x5in".into(),
            dpi: 203,
        };
        let e = st.test_print(&supervisor, &bad_template).unwrap_err();
        assert_eq!(e.code(), "config.invalid");
        assert!(!dir.path().join("never").exists());

        // A port nobody listens on: the printer's own code, as the print queue reports it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let offline = PrinterSettings {
            printer: PrinterConfig::Raw {
                host: "127.0.0.1".into(),
                port,
                timeout_ms: 2_000,
            },
            format: PrintFormat::Zpl,
            template: "unit-2x1in".into(),
            dpi: 300,
        };
        let e = st.test_print(&supervisor, &offline).unwrap_err();
        assert_eq!(e.code(), "print.offline", "{e}");
        assert!(
            e.details()["reason"].contains(&format!("127.0.0.1:{port}")),
            "{:?}",
            e.details()
        );
    }
}
