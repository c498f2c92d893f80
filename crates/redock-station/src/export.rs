//! CSV exports for supervisors and integrators: inspections with their grade on the external
//! scales (Amazon condition, eBay condition id, CTIA functional/cosmetic) and the current decision.

use crate::auth::{Role, Session};
use crate::error::StationError;
use crate::station::Station;
use std::collections::BTreeMap;

/// The external scales exported as their own columns, in order.
pub const EXTERNAL_COLUMNS: [&str; 4] = ["amazon", "ebay", "ctia_functional", "ctia_cosmetic"];

impl Station {
    /// Writes a file the window exports into `<the station's folder>/exports/` (whole or not at
    /// all: written aside, then renamed). Returns its path.
    pub(crate) fn write_export(&self, name: &str, bytes: &[u8]) -> Result<String, StationError> {
        let dir = self
            .store
            .path()
            .parent()
            .map(|p| p.join("exports"))
            .ok_or_else(|| StationError::Config("the station's folder is unknown".into()))?;
        let io = |e: std::io::Error| StationError::Refused {
            code: "export.failed",
            message: format!("cannot write to {}: {e}", dir.display()),
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        let path = dir.join(name);
        let tmp = dir.join(format!("{name}.part"));
        std::fs::write(&tmp, bytes).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)?;
        Ok(path.display().to_string())
    }

    /// Every saved inspection, oldest first, as CSV (UTF-8, comma, header row). Returns the rows.
    pub fn export_inspections(
        &self,
        session: &Session,
        out: impl std::io::Write,
    ) -> Result<usize, StationError> {
        session.require(Role::Supervisor)?;
        let mut w = csv::Writer::from_writer(out);
        let io = |e: csv::Error| StationError::Config(format!("writing the export: {e}"));
        let mut header = vec![
            "inspected_at",
            "lpn",
            "sku",
            "grading_set",
            "grading_version",
            "grade",
            "axes",
            "defects",
            "found_reason",
            "stated_reason",
            "flags",
            "handle_ms",
            "operator_id",
        ];
        header.extend(EXTERNAL_COLUMNS);
        header.extend(["channel", "destination", "decided_by"]);
        w.write_record(&header).map_err(io)?;
        let rows: Vec<Vec<String>> = self.store.read(|c| {
            let mut st = c.prepare(
                "SELECT i.inspected_at, i.lpn, u.sku, i.grading_set, i.grading_version, i.grade, i.axes,
                        i.defects, i.found_reason, i.stated_reason, i.flags, i.handle_ms, i.operator_id,
                        i.external, u.disposition, u.location,
                        (SELECT d.decided_by FROM disposition d WHERE d.lpn = i.lpn
                           AND NOT EXISTS (SELECT 1 FROM disposition l WHERE l.supersedes = d.disposition_id))
                 FROM inspection i JOIN unit u ON u.lpn = i.lpn ORDER BY i.inspected_at, i.rowid",
            )?;
            let rows = st
                .query_map([], |r| {
                    let text = |i: usize| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
                    let external: BTreeMap<String, Option<String>> =
                        serde_json::from_str(&text(13)?).unwrap_or_default();
                    let mut row = Vec::new();
                    for i in 0..11 {
                        row.push(if i == 4 {
                            r.get::<_, i64>(i)?.to_string()
                        } else {
                            text(i)?
                        });
                    }
                    row.push(r.get::<_, Option<i64>>(11)?.unwrap_or(0).to_string());
                    row.push(text(12)?);
                    for col in EXTERNAL_COLUMNS {
                        row.push(external.get(col).cloned().flatten().unwrap_or_default());
                    }
                    row.extend([text(14)?, text(15)?, text(16)?]);
                    Ok(row)
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok::<_, StationError>(rows)
        })?;
        for row in &rows {
            w.write_record(row).map_err(io)?;
        }
        w.flush()
            .map_err(|e| StationError::Config(format!("writing the export: {e}")))?;
        Ok(rows.len())
    }
}
