//! How long the print queue keeps what it is done with: label files the folder printer wrote and
//! finished print jobs (printed, dismissed, printed again). A setting (`print_retention`, 30 days
//! unless a supervisor changes it), applied by a sweep the print thread runs daily.
//!
//! Jobs leave the `print_job` projection through a `print_jobs_pruned` event naming them, so a
//! rebuild from the log prunes the same rows; the events of those jobs stay (events are facts).
//! Files are not state: they are removed with a log line, and only files named as the folder
//! printer names its jobs (`<job id>.pdf|zpl|png`, and its hidden temp files), so a folder
//! shared with other files loses nothing else.

use crate::auth::{Role, Session};
use crate::clock::rfc3339;
use crate::error::StationError;
use crate::events::{record, EventBody};
use crate::print_queue::default_label_dir;
use crate::printers::PrinterConfig;
use crate::station::Station;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub const PRINT_RETENTION: &str = "print_retention";

/// Jobs pruned per event (and per transaction).
const PRUNE_BATCH: u32 = 500;

/// How long label files and finished print jobs are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct PrintRetention {
    pub days: u32,
}

impl Default for PrintRetention {
    fn default() -> Self {
        PrintRetention { days: 30 }
    }
}

impl PrintRetention {
    pub fn validate(&self) -> Result<(), StationError> {
        if !(1..=3650).contains(&self.days) {
            return Err(StationError::Config(
                "label files and print jobs are kept 1 to 3650 days".into(),
            ));
        }
        Ok(())
    }
}

/// What one sweep removed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PruneReport {
    /// Older than this went (now minus the retention).
    pub before: String,
    pub files_removed: u32,
    /// Files that were old enough but could not be removed (logged; tried again next sweep).
    pub files_failed: u32,
    pub jobs_pruned: u32,
}

impl Station {
    pub fn print_retention(&self) -> Result<PrintRetention, StationError> {
        match self.setting(PRINT_RETENTION)? {
            None | Some(serde_json::Value::Null) => Ok(PrintRetention::default()),
            Some(v) => serde_json::from_value(v)
                .map_err(|e| StationError::Config(format!("the print retention is invalid: {e}"))),
        }
    }

    /// Change how long label files and finished jobs are kept (supervisors and admins).
    pub fn set_print_retention(
        &self,
        session: &Session,
        retention: PrintRetention,
    ) -> Result<(), StationError> {
        session.require(Role::Supervisor)?;
        retention.validate()?;
        self.set_setting(session, PRINT_RETENTION, serde_json::to_value(retention)?)
    }

    /// Removes label files and finished print jobs older than the retention. The folder printer's
    /// folder is swept, and the embedded default's folder beside the database too (labels written
    /// before the printer was changed).
    pub fn prune_print_jobs(&self) -> Result<PruneReport, StationError> {
        let retention = self.print_retention()?;
        let now = self.clock.now();
        let cutoff = now - time::Duration::days(i64::from(retention.days));
        let before = rfc3339(cutoff);
        let mut report = PruneReport {
            before: before.clone(),
            ..PruneReport::default()
        };
        let mut dirs = vec![default_label_dir(self.store.path())];
        if let PrinterConfig::Folder { dir } = self.printer_settings()?.printer {
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
        for dir in &dirs {
            let (removed, failed) = remove_old_labels(dir, SystemTime::from(cutoff));
            report.files_removed += removed;
            report.files_failed += failed;
        }
        loop {
            let job_ids: Vec<String> = self.store.read(|c| {
                let mut st = c.prepare_cached(crate::queries::PRINT_FINISHED_BEFORE)?;
                let rows = st
                    .query_map(rusqlite::params![before, PRUNE_BATCH], |r| r.get(0))?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok::<_, StationError>(rows)
            })?;
            if job_ids.is_empty() {
                break;
            }
            let n = job_ids.len() as u32;
            let body = EventBody::PrintJobsPruned {
                job_ids,
                before: before.clone(),
            };
            self.store
                .write(|tx| record(tx, &body, None, now).map_err(StationError::from))?;
            report.jobs_pruned += n;
            if n < PRUNE_BATCH {
                break;
            }
        }
        tracing::info!(
            days = retention.days,
            %before,
            files_removed = report.files_removed,
            files_failed = report.files_failed,
            jobs_pruned = report.jobs_pruned,
            "print retention applied"
        );
        Ok(report)
    }
}

/// A file the folder printer writes: `<job id>.<ext>` (a job id is a UUID, or `test-` and one),
/// or its hidden temp file `.<that>.<random>.tmp`.
fn is_label_file(name: &str) -> bool {
    let name = match name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) {
        Some(temp) => match temp.rsplit_once('.') {
            Some((label, random)) if random.bytes().all(|b| b.is_ascii_hexdigit()) => label,
            _ => return false,
        },
        None => name,
    };
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let id = stem.strip_prefix("test-").unwrap_or(stem);
    matches!(ext, "pdf" | "zpl" | "png") && id.len() == 36 && uuid::Uuid::parse_str(id).is_ok()
}

/// Removes the label files in `dir` last written before `cutoff`; (removed, failed).
fn remove_old_labels(dir: &Path, cutoff: SystemTime) -> (u32, u32) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (0, 0),
        Err(e) => {
            tracing::warn!(dir = %dir.display(), error = %e, "the label folder cannot be read; nothing removed");
            return (0, 1);
        }
    };
    let (mut removed, mut failed) = (0, 0);
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_label_file) {
            continue;
        }
        let path: PathBuf = entry.path();
        let old = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .is_some_and(|t| t < cutoff);
        if !old {
            continue;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) => {
                failed += 1;
                tracing::warn!(path = %path.display(), error = %e, "an old label file could not be removed");
            }
        }
    }
    (removed, failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_named_as_the_folder_printer_names_them_are_labels() {
        let id = "019ad6a0-7c1e-7a8e-9f00-1234567890ab";
        for yes in [
            format!("{id}.pdf"),
            format!("{id}.zpl"),
            format!("test-{id}.png"),
            format!(".{id}.pdf.00ff00ff00ff00ff.tmp"),
        ] {
            assert!(is_label_file(&yes), "{yes}");
        }
        for no in [
            format!("{id}.txt"),
            format!("{id}.pdf.bak"),
            "invoice.pdf".to_string(),
            format!("x{id}.pdf"),
            format!(".{id}.pdf.notes.tmp"),
            format!(".{id}.tmp"),
            ".pdf".to_string(),
        ] {
            assert!(!is_label_file(&no), "{no}");
        }
    }
}
