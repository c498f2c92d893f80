//! A rule table tried before it is saved (#16): the station's newest rule decisions decided
//! again by it (`disposition::dry_run`), for an administrator.

use crate::error::StationError;
use crate::station::Station;
use redock_domain::disposition::{dry_run_recorded, DryRun, Table, DRY_RUN_DECISIONS};

/// A table's JSON as an administrator gives it: refused with the table, row and field.
pub fn table_of(json: &str) -> Result<Table, StationError> {
    Table::from_json(json).map_err(|e| StationError::Inspection {
        code: "rules.invalid",
        message: e.to_string(),
    })
}

impl Station {
    /// How `json` (a rule table) would decide the station's last 1,000 rule decisions. Nothing
    /// is saved. An administrator's: an inspector or supervisor is refused.
    pub fn dry_run_rules(&self, session: &crate::auth::Session, json: &str) -> Result<DryRun, StationError> {
        session.require(crate::auth::Role::Admin)?;
        let table = table_of(json)?;
        let recorded = self.store.read(|c| {
            Station::check_session(c, session)?;
            let mut st = c.prepare_cached(crate::queries::RULE_DECISIONS)?;
            let rows = st
                .query_map([DRY_RUN_DECISIONS as i64], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok::<_, StationError>(rows)
        })?;
        let run = dry_run_recorded(&table, recorded.iter().map(String::as_str));
        if run.compared == 0 {
            return Err(StationError::Inspection {
                code: "rules.dry_run_empty",
                message: "no decisions of the rules at this station to try the table on yet".into(),
            });
        }
        tracing::info!(table = %run.table, version = run.version, compared = run.compared, changed = run.changed.len(),
            delta = run.recovery_delta_minor, "rule table tried on past decisions");
        Ok(run)
    }
}
