//! The print queue. A decision queues its label in the same transaction (`print_queued`); printing
//! happens afterwards, outside any transaction, by `print_pending` (the app's print thread, woken
//! by the commit that queued the label, or the CLI). A printer that is offline never blocks the
//! dock: the job waits with its error and is tried again later (5 s, 15 s, 1 min, then every
//! 5 min); only a job that can never print (no such queue, a label that cannot be drawn) is given
//! up, and says why.
//!
//! A label is sent once. Before its first byte goes out the job is `sending`, in its own committed
//! transaction (`print_sending`); then its result is recorded (`print_attempted`). When that record
//! fails (the database locked or full) the job is kept in hand: the recording is tried again, the
//! label is never sent again. A job found `sending` that this station is not sending (it stopped
//! between the two, or another process did) may have printed: it is shown so, and waits for a
//! person to confirm it (`print_confirmed`) or print it again (`print_replaced`); nothing resends it.

use crate::auth::{Role, Session};
use crate::clock::rfc3339;
use crate::error::StationError;
use crate::events::{record, EventBody, PrintAttempted, PrintFollowed, PrintQueued, PrintSending};
use crate::print_worker::LabelsQueued;
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

/// Seconds to wait before recording a result again, by the number of failed records so far.
const RECORD_AGAIN_AFTER_S: [i64; 5] = [1, 2, 5, 10, 30];

/// A job this station has in hand: the print queue does not show it as "may have printed" and a
/// person cannot settle it.
#[derive(Debug, Clone)]
pub(crate) enum InHand {
    /// Its bytes are going to the printer now.
    Sending,
    /// Sent (or tried), its result not recorded yet: recorded again later, never sent again.
    Unrecorded {
        lpn: String,
        result: Box<PrintAttempted>,
        failed_records: u32,
        next_try: OffsetDateTime,
    },
}

/// The station's label printer and what it is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
    /// Labels to print: queued, being sent, or held by a CUPS scheduler.
    pub waiting: u32,
    pub failed: u32,
    /// The failed jobs, oldest first (at most [`LISTED`]), for a supervisor to give up.
    pub failed_jobs: Vec<PrintJobView>,
    /// Labels that may have printed: sent, or about to be, when the station stopped or could not
    /// record what the printer did. Oldest first (at most [`LISTED`]); a person confirms each or
    /// prints it again.
    pub unsure: Vec<PrintJobView>,
    /// The latest error of a waiting job (`print.offline`, …), to say why labels wait.
    pub error_code: Option<String>,
    pub error: Option<String>,
    pub printer: String,
}

/// How many jobs of one kind the status lists.
pub const LISTED: u32 = 50;

/// One print job, as a banner names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PrintJobView {
    pub job_id: String,
    pub lpn: String,
    /// `decision` or `reprint`.
    pub reason: String,
    pub created_at: String,
    pub error_code: Option<String>,
    pub error: Option<String>,
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
    /// False when the result could not be recorded yet: the job is kept in hand and recorded
    /// later, not sent again.
    pub recorded: bool,
    pub error_code: Option<String>,
    pub answer: Option<serde_json::Value>,
}

/// Queue a unit's label in the caller's transaction for `labels.printer`, counting it so that the
/// caller rings the print bell once the transaction has committed.
pub(crate) fn queue_label(
    tx: &Transaction<'_>,
    labels: &LabelsQueued<'_>,
    lpn: &str,
    language: &str,
    reason: &str,
    operator_id: &str,
    now: OffsetDateTime,
) -> Result<String, StationError> {
    let template = labels.printer.template.clone();
    queue_job(tx, labels, lpn, language, reason, template, operator_id, now)
}

#[allow(clippy::too_many_arguments)] // one print job's facts, all of them recorded
fn queue_job(
    tx: &Transaction<'_>,
    labels: &LabelsQueued<'_>,
    lpn: &str,
    language: &str,
    reason: &str,
    template: String,
    operator_id: &str,
    now: OffsetDateTime,
) -> Result<String, StationError> {
    let job_id = uuid::Uuid::now_v7().to_string();
    let body = EventBody::PrintQueued(PrintQueued {
        job_id: job_id.clone(),
        lpn: lpn.to_owned(),
        printer: labels.printer.printer.device(),
        format: labels.printer.format.ext().to_owned(),
        template,
        language: language.to_owned(),
        reason: reason.to_owned(),
    });
    record(tx, &body, Some(operator_id), now)?;
    labels.add();
    Ok(job_id)
}

/// Print-job reasons of a unit's LPN label, printed before the unit is graded: every unit at
/// receipt (a station setting), or a unit parked waiting for inspection.
pub const UNIT_LABEL_AT_RECEIPT: &str = "received";
pub const UNIT_LABEL_WAITING: &str = "waiting";
/// The template of that small label: LPN as Code 128, the product, "to inspect".
pub const UNIT_LABEL_TEMPLATE: &str = "unit-receipt-2x1in";

fn is_unit_label(reason: &str) -> bool {
    matches!(reason, UNIT_LABEL_AT_RECEIPT | UNIT_LABEL_WAITING)
}

/// Queue a unit's LPN label (before any decision) in the caller's transaction, on the station's
/// printer. A unit already given one is not given another.
pub(crate) fn queue_unit_label(
    tx: &Transaction<'_>,
    labels: &LabelsQueued<'_>,
    lpn: &str,
    language: &str,
    reason: &str,
    operator_id: &str,
    now: OffsetDateTime,
) -> Result<Option<String>, StationError> {
    let labelled: bool = tx.query_row(
        crate::queries::UNIT_LABELLED,
        rusqlite::params![lpn, UNIT_LABEL_AT_RECEIPT, UNIT_LABEL_WAITING],
        |r| r.get(0),
    )?;
    if labelled {
        return Ok(None);
    }
    let template = UNIT_LABEL_TEMPLATE.to_owned();
    queue_job(tx, labels, lpn, language, reason, template, operator_id, now).map(Some)
}

/// The LPN label of a unit not graded yet: its plate, its product, the day it was received.
pub(crate) fn unit_label_data(
    c: &Connection,
    site: &crate::clock::SiteTime,
    lpn: &str,
) -> Result<LabelData, StationError> {
    let row = c
        .query_row(
            "SELECT u.gtin, u.serial, u.received_at, st.name, s.name
             FROM unit u LEFT JOIN sku s ON s.sku = u.sku LEFT JOIN station st ON 1
             WHERE u.lpn = ?1",
            [lpn],
            |r| {
                Ok(LabelData {
                    lpn: lpn.to_owned(),
                    gtin: r.get(0)?,
                    serial: r.get(1)?,
                    grade: String::new(),
                    disposition: UNIT_LABEL_WAITING.to_owned(),
                    destination: String::new(),
                    date: site.date_of(&r.get::<_, String>(2)?),
                    station: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    title: r.get(4)?,
                })
            },
        )
        .optional()?;
    row.ok_or_else(|| StationError::NotFound {
        what: "unit",
        id: lpn.to_owned(),
    })
}

/// The label of a decided unit, as it stands now (its current decision); its date is the day of
/// the decision on the site's calendar.
pub(crate) fn label_data(
    c: &Connection,
    site: &crate::clock::SiteTime,
    lpn: &str,
) -> Result<LabelData, StationError> {
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
                date: site.date_of(&r.get::<_, String>(5)?),
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
    render_with(data, &settings.template, language, format)
}

fn render_with(
    data: &LabelData,
    template: &str,
    language: &str,
    format: Format,
) -> Result<Vec<u8>, StationError> {
    let template =
        Template::builtin(template).map_err(|e| StationError::Config(format!("label template: {e}")))?;
    render(&template, data, &captions(language, &data.disposition), format).map_err(|e| StationError::Print {
        code: "label.render",
        message: e.to_string(),
        retryable: false,
    })
}

/// The queue as the status bar shows it, from `c`, with the jobs this station has in hand (held
/// by the caller across the read).
pub(crate) fn print_queue_status_in(
    c: &Connection,
    settings: &PrinterSettings,
    in_hand: &std::collections::BTreeMap<String, InHand>,
) -> Result<PrintQueueStatus, StationError> {
    // A label a CUPS scheduler holds and has not printed yet waits too.
    let (waiting, failed): (u32, u32) = c
        .prepare_cached(q::PRINT_COUNTS)?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let last: Option<(Option<String>, Option<String>)> = c
        .prepare_cached(q::PRINT_LAST_ERROR)?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (error_code, error) = last.unwrap_or_default();
    let failed_jobs = jobs_in(c, "failed", LISTED)?;
    // Every job being sent is `sending`: those this station has in hand wait, the others may have
    // printed. In-hand jobs are few (one sending, a few unrecorded).
    let sending = jobs_in(c, "sending", LISTED + in_hand.len() as u32)?;
    let (held, unsure): (Vec<PrintJobView>, Vec<PrintJobView>) =
        sending.into_iter().partition(|j| in_hand.contains_key(&j.job_id));
    Ok(PrintQueueStatus {
        waiting: waiting + held.len() as u32,
        failed,
        failed_jobs,
        unsure: unsure.into_iter().take(LISTED as usize).collect(),
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
    reason: String,
}

impl Station {
    /// The label printer, or the embedded default (PDFs in a folder beside the database) when
    /// none is set or the stored one does not parse (see `setting_or`). One that parses but names
    /// what this station lacks (a newer version's template) is kept: its printer is known, and its
    /// labels fail with the reason where a supervisor sees them, rather than going elsewhere.
    pub fn printer_settings(&self) -> Result<PrinterSettings, StationError> {
        let db = self.store.path().to_owned();
        self.setting_or(PRINTER, |_| Ok(()), || PrinterSettings::folder_default(&db))
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
            date: self.site_time()?.date(self.clock.now()),
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
        let settings = self.printer_settings()?;
        let site = self.site_time()?;
        let queued = LabelsQueued::new(&settings);
        let job_id = self.store.write(|tx| {
            Station::check_session(tx, session)?;
            label_data(tx, &site, lpn)?;
            queue_label(
                tx,
                &queued,
                lpn,
                &session.language,
                "reprint",
                &session.operator_id,
                now,
            )
        })?;
        self.ring_if(&queued);
        Ok(job_id)
    }

    /// A PNG of the unit's label, for the screen.
    pub fn label_preview(&self, lpn: &str, language: &str) -> Result<Vec<u8>, StationError> {
        let settings = self.printer_settings()?;
        let site = self.site_time()?;
        let data = self.store.read(|c| label_data(c, &site, lpn))?;
        // At the printer's own dots (a PDF's barcodes snap to 203 dpi), so the bars and modules on
        // screen are the ones printed; the window scales the picture down.
        let dpi = match settings.format {
            PrintFormat::Pdf => 203,
            PrintFormat::Zpl | PrintFormat::Png => settings.dpi,
        };
        render_label(&data, &settings, language, Format::Png { dpi })
    }

    pub fn print_queue_status(&self) -> Result<PrintQueueStatus, StationError> {
        let settings = self.printer_settings()?;
        // Held across the read: a job goes into hand before its claim commits and out of it only
        // after its result does, so with the set fixed a `sending` row the read sees is in it
        // unless nobody is sending that job.
        let in_hand = self.print_in_hand.lock().unwrap_or_else(|p| p.into_inner());
        self.store.read(|c| print_queue_status_in(c, &settings, &in_hand))
    }

    /// Try every job that is due, oldest first; returns what happened to each. Results that
    /// could not be recorded earlier are recorded first. Safe to call from several threads: one
    /// prints at a time.
    pub fn print_pending(&self) -> Result<Vec<PrintReport>, StationError> {
        let _one_at_a_time = self.print_lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut reports = self.record_unrecorded();
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
                        reason: r.get(4)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok::<_, StationError>(rows)
        })?;
        for job in due {
            let Some(report) = self.print_one(&job)? else {
                continue;
            };
            // The store does not take writes now: the next label would only be claimed in vain.
            let stop = !report.recorded;
            reports.push(report);
            if stop {
                break;
            }
        }
        Ok(reports)
    }

    /// Jobs this station has in hand (being sent, or their result not recorded yet).
    fn in_hand(&self) -> std::collections::BTreeMap<String, InHand> {
        self.print_in_hand
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn set_in_hand(&self, job_id: &str, state: Option<InHand>) {
        let mut in_hand = self.print_in_hand.lock().unwrap_or_else(|p| p.into_inner());
        match state {
            Some(s) => in_hand.insert(job_id.to_owned(), s),
            None => in_hand.remove(job_id),
        };
    }

    /// Records the results kept in hand whose next try is due. A record that fails again waits
    /// longer; the label is never sent again meanwhile.
    fn record_unrecorded(&self) -> Vec<PrintReport> {
        let now = self.clock.now();
        let due: Vec<(String, String, Box<PrintAttempted>, u32)> = self
            .in_hand()
            .into_iter()
            .filter_map(|(job_id, h)| match h {
                InHand::Unrecorded {
                    lpn,
                    result,
                    failed_records,
                    next_try,
                } if next_try <= now => Some((job_id, lpn, result, failed_records)),
                _ => None,
            })
            .collect();
        let mut reports = Vec::new();
        for (job_id, lpn, result, failed_records) in due {
            let body = EventBody::PrintAttempted(PrintAttempted::clone(&result));
            match self
                .store
                .write(|tx| record(tx, &body, None, now).map_err(StationError::from))
            {
                Ok(_) => {
                    tracing::info!(job = %job_id, %lpn, failed_records, "the label's result is recorded at last");
                    self.set_in_hand(&job_id, None);
                    reports.push(PrintReport {
                        job_id,
                        lpn,
                        ok: result.ok,
                        recorded: true,
                        error_code: result.error_code.clone(),
                        answer: result.answer.clone(),
                    });
                }
                Err(e) => {
                    let failed_records = failed_records + 1;
                    let next_try = now + time::Duration::seconds(record_again_after(failed_records));
                    tracing::warn!(job = %job_id, %lpn, error = %e, code = e.code(), failed_records,
                        "the label's result still cannot be recorded; it is not sent again");
                    self.set_in_hand(
                        &job_id,
                        Some(InHand::Unrecorded {
                            lpn,
                            result,
                            failed_records,
                            next_try,
                        }),
                    );
                }
            }
        }
        reports
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
                recorded: true,
                error_code,
                answer: answer_json,
            });
        }
        Ok(reports)
    }

    /// One job: drawn, claimed (`sending`, committed), sent, and its result recorded. None when
    /// the job is no longer queued (another process claimed it since it was read).
    fn print_one(&self, job: &Due) -> Result<Option<PrintReport>, StationError> {
        let settings = self.printer_settings()?;
        let span = tracing::info_span!("print_job", job = %job.job_id, lpn = %job.lpn, printer = %settings.printer.device());
        let _g = span.enter();
        let attempt = job.attempts + 1;
        let site = self.site_time()?;
        let unit_label = is_unit_label(&job.reason);
        let template = if unit_label {
            UNIT_LABEL_TEMPLATE
        } else {
            settings.template.as_str()
        };
        let rendered = self
            .store
            .read(|c| match unit_label {
                true => unit_label_data(c, &site, &job.lpn),
                false => label_data(c, &site, &job.lpn),
            })
            .and_then(|data| render_with(&data, template, &job.language, settings.label_format()));
        let bytes = match rendered {
            Ok(bytes) => bytes,
            // Nothing went to the printer: the failure is recorded like any other.
            Err(e) => {
                let result = attempted(job, &settings, attempt, Err(&e), self.clock.now())?;
                let body = EventBody::PrintAttempted(result.clone());
                let now = self.clock.now();
                self.store
                    .write(|tx| record(tx, &body, None, now).map_err(StationError::from))?;
                return Ok(Some(report(job, &result, true)));
            }
        };

        // In hand before the claim commits, so that the status never shows this job as one that
        // may have printed while it is being sent.
        self.set_in_hand(&job.job_id, Some(InHand::Sending));
        let claim = EventBody::PrintSending(PrintSending {
            job_id: job.job_id.clone(),
            attempt,
            printer: settings.printer.device(),
        });
        let now = self.clock.now();
        let claimed = self.store.write(|tx| {
            let state: Option<String> = tx
                .query_row(crate::queries::PRINT_JOB_STATE, [&job.job_id], |r| r.get(0))
                .optional()?;
            if state.as_deref() != Some("queued") {
                return Ok(false);
            }
            record(tx, &claim, None, now)?;
            Ok::<_, StationError>(true)
        });
        match claimed {
            Ok(true) => {}
            Ok(false) => {
                self.set_in_hand(&job.job_id, None);
                tracing::info!("the job is no longer queued; not sent");
                return Ok(None);
            }
            // Not claimed, so not sent: the job stays queued.
            Err(e) => {
                self.set_in_hand(&job.job_id, None);
                return Err(e);
            }
        }

        let sent = printers::send(
            &settings.printer,
            &PrintPayload::new(job.job_id.clone(), settings.format, bytes),
        )
        .map_err(StationError::from);
        let now = self.clock.now();
        let result = attempted(job, &settings, attempt, sent.as_ref(), now)?;
        match &sent {
            Ok(_) => tracing::info!(attempt, "label printed"),
            Err(e) => {
                tracing::warn!(attempt, error = %e, code = e.code(), retry = ?result.retry_at, "label not printed")
            }
        }
        let body = EventBody::PrintAttempted(result.clone());
        match self
            .store
            .write(|tx| record(tx, &body, None, now).map_err(StationError::from))
        {
            Ok(_) => {
                self.set_in_hand(&job.job_id, None);
                Ok(Some(report(job, &result, true)))
            }
            Err(e) => {
                tracing::error!(attempt, error = %e, code = e.code(),
                    "the label's result cannot be recorded; it is kept to record later, not sent again");
                self.set_in_hand(
                    &job.job_id,
                    Some(InHand::Unrecorded {
                        lpn: job.lpn.clone(),
                        result: Box::new(result.clone()),
                        failed_records: 1,
                        next_try: now + time::Duration::seconds(record_again_after(1)),
                    }),
                );
                Ok(Some(report(job, &result, false)))
            }
        }
    }

    pub(crate) fn ring_if(&self, queued: &LabelsQueued<'_>) {
        if queued.any() {
            self.print_bell.ring();
        }
    }

    /// Rung after each commit that queued a label; the print thread waits on it.
    pub fn print_bell(&self) -> &crate::print_worker::PrintBell {
        &self.print_bell
    }

    /// The label of a job that may have printed is there (any operator at the desk).
    pub fn confirm_printed(&self, session: &Session, job_id: &str) -> Result<(), StationError> {
        self.refuse_in_hand(job_id)?;
        let now = self.clock.now();
        self.store.write(|tx| {
            Station::check_session(tx, session)?;
            Station::unsure_job(tx, job_id)?;
            let body = EventBody::PrintConfirmed {
                job_id: job_id.to_owned(),
            };
            record(tx, &body, Some(&session.operator_id), now)?;
            Ok::<_, StationError>(())
        })?;
        tracing::info!(job = %job_id, by = %session.operator_id, "a label that may have printed did");
        Ok(())
    }

    /// The label of a job that may have printed is not there: it is queued again, as a new job
    /// (any operator at the desk). Returns the new job's id.
    pub fn reprint_unsure(&self, session: &Session, job_id: &str) -> Result<String, StationError> {
        self.refuse_in_hand(job_id)?;
        let now = self.clock.now();
        let settings = self.printer_settings()?;
        let queued = LabelsQueued::new(&settings);
        let new_id = self.store.write(|tx| {
            Station::check_session(tx, session)?;
            let lpn = Station::unsure_job(tx, job_id)?;
            let reason: String =
                tx.query_row("SELECT reason FROM print_job WHERE job_id = ?1", [job_id], |r| {
                    r.get(0)
                })?;
            // The same kind of label again: a unit's LPN label, or its decision's.
            let (reason, template) = if is_unit_label(&reason) {
                (reason, UNIT_LABEL_TEMPLATE.to_owned())
            } else {
                ("reprint".to_owned(), settings.template.clone())
            };
            let new_id = queue_job(
                tx,
                &queued,
                &lpn,
                &session.language,
                &reason,
                template,
                &session.operator_id,
                now,
            )?;
            let body = EventBody::PrintReplaced {
                job_id: job_id.to_owned(),
                by_job_id: new_id.clone(),
            };
            record(tx, &body, Some(&session.operator_id), now)?;
            Ok::<_, StationError>(new_id)
        })?;
        self.ring_if(&queued);
        tracing::info!(job = %job_id, new_job = %new_id, by = %session.operator_id, "a label that may have printed is printed again");
        Ok(new_id)
    }

    /// Give failed jobs up, so the station stops showing them (supervisors and admins). Only the
    /// named jobs that are failed now are dismissed; returns how many.
    pub fn dismiss_failed_prints(&self, session: &Session, job_ids: &[String]) -> Result<u32, StationError> {
        session.require(Role::Supervisor)?;
        let now = self.clock.now();
        let n = self.store.write(|tx| {
            Station::check_session(tx, session)?;
            let mut n = 0;
            for job_id in job_ids {
                let state: Option<String> = tx
                    .query_row(crate::queries::PRINT_JOB_STATE, [job_id], |r| r.get(0))
                    .optional()?;
                if state.as_deref() != Some("failed") {
                    continue;
                }
                let body = EventBody::PrintDismissed {
                    job_id: job_id.clone(),
                };
                record(tx, &body, Some(&session.operator_id), now)?;
                n += 1;
            }
            Ok::<_, StationError>(n)
        })?;
        tracing::info!(dismissed = n, by = %session.operator_id, "failed print jobs dismissed");
        Ok(n)
    }

    /// The LPN of a job that may have printed, or why a person cannot settle this one.
    fn unsure_job(tx: &Connection, job_id: &str) -> Result<String, StationError> {
        let row: Option<(String, Option<String>)> = tx
            .query_row(
                "SELECT state, lpn FROM print_job WHERE job_id = ?1",
                [job_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((state, lpn)) = row else {
            return Err(StationError::NotFound {
                what: "print job",
                id: job_id.to_owned(),
            });
        };
        if state != "sending" {
            return Err(StationError::Print {
                code: "print.settled",
                message: format!("print job {job_id} is {state}, not one that may have printed"),
                retryable: false,
            });
        }
        Ok(lpn.unwrap_or_default())
    }

    /// A job this station is sending, or has sent and not recorded yet, is not for a person to
    /// settle. Checked before the write (which may be what fails now): a job not in hand and
    /// `sending` never comes into hand again, as only queued jobs are claimed.
    fn refuse_in_hand(&self, job_id: &str) -> Result<(), StationError> {
        if self
            .print_in_hand
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains_key(job_id)
        {
            return Err(StationError::Print {
                code: "print.sending",
                message: format!("print job {job_id} is being sent or recorded right now"),
                retryable: true,
            });
        }
        Ok(())
    }
}

fn record_again_after(failed_records: u32) -> i64 {
    let i = (failed_records.max(1) as usize - 1).min(RECORD_AGAIN_AFTER_S.len() - 1);
    RECORD_AGAIN_AFTER_S[i]
}

/// The `print_attempted` of one try: printed, or failed (and whether and when it is tried again).
fn attempted(
    job: &Due,
    settings: &PrinterSettings,
    attempt: u32,
    sent: Result<&SentJob, &StationError>,
    now: OffsetDateTime,
) -> Result<PrintAttempted, StationError> {
    let (answer, error_code, error, retry_at) = match sent {
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
    Ok(PrintAttempted {
        job_id: job.job_id.clone(),
        attempt,
        printer: settings.printer.device(),
        ok: sent.is_ok(),
        answer,
        error_code,
        error,
        retry_at,
    })
}

fn report(job: &Due, result: &PrintAttempted, recorded: bool) -> PrintReport {
    PrintReport {
        job_id: job.job_id.clone(),
        lpn: job.lpn.clone(),
        ok: result.ok,
        recorded,
        error_code: result.error_code.clone(),
        answer: result.answer.clone(),
    }
}

/// Jobs in `state`, oldest first.
fn jobs_in(c: &Connection, state: &str, limit: u32) -> Result<Vec<PrintJobView>, StationError> {
    let mut st = c.prepare_cached(crate::queries::PRINT_JOBS_IN)?;
    let rows = st
        .query_map(rusqlite::params![state, limit], |r| {
            Ok(PrintJobView {
                job_id: r.get(0)?,
                lpn: r.get(1)?,
                reason: r.get(2)?,
                created_at: r.get(3)?,
                error_code: r.get(4)?,
                error: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
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
