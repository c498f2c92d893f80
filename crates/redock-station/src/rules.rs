//! A rule table tried before it is saved (#16): the station's newest rule decisions decided
//! again by it (`disposition::dry_run`), for an administrator.

use crate::error::StationError;
use crate::station::Station;
use redock_domain::disposition::{dry_run_recorded, jdm, DryRun, Table, DEMO_RULES_JSON, DRY_RUN_DECISIONS};

/// A table's JSON as an administrator gives it: refused with the table, row and field.
pub fn table_of(json: &str) -> Result<Table, StationError> {
    Table::from_json(json).map_err(|e| StationError::Inspection {
        code: "rules.invalid",
        message: e.to_string(),
    })
}

/// Whether `text` is a GoRules JDM document rather than one of our tables.
fn is_jdm(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.get("nodes").is_some())
}

impl Station {
    /// The JSON of the rule table in force (the demo table until the hub sent one).
    fn table_in_force(&self) -> Result<String, StationError> {
        Ok(self
            .store
            .read(crate::reference::stored_rule_table)?
            .unwrap_or_else(|| DEMO_RULES_JSON.to_owned()))
    }

    /// A table as an administrator gives it — our JSON, or a GoRules JDM document read onto the
    /// table in force (its destinations and recovery, the next version) — validated.
    pub fn table_from_text(&self, text: &str) -> Result<(String, Table), StationError> {
        if !is_jdm(text) {
            return Ok((text.to_owned(), table_of(text)?));
        }
        jdm::from_jdm(text, &self.table_in_force()?).map_err(|e| StationError::Refused {
            code: e.code(),
            message: e.to_string(),
        })
    }

    /// The table in force as a GoRules JDM document, written to the station's exports (an
    /// administrator's). Returns the file's path.
    pub fn export_rules_jdm(&self, session: &crate::auth::Session) -> Result<String, StationError> {
        session.require(crate::auth::Role::Admin)?;
        let table = table_of(&self.table_in_force()?)?;
        let doc = serde_json::to_string_pretty(&jdm::to_jdm(&table))?;
        self.write_export(
            &format!("{}-v{}.jdm.json", table.id(), table.version()),
            doc.as_bytes(),
        )
    }

    /// A JDM document read into our table (see `table_from_text`), written to the station's
    /// exports for `redock hub admin rules` (tables are put at the hub). Returns the path.
    pub fn save_table_from_jdm(
        &self,
        session: &crate::auth::Session,
        text: &str,
    ) -> Result<String, StationError> {
        session.require(crate::auth::Role::Admin)?;
        if !is_jdm(text) {
            return Err(StationError::Refused {
                code: "rules.jdm_invalid",
                message: "not a JDM document (no `nodes`)".into(),
            });
        }
        let (json, table) = self.table_from_text(text)?;
        self.write_export(
            &format!("{}-v{}.json", table.id(), table.version()),
            json.as_bytes(),
        )
    }

    /// How `json` (a rule table) would decide the station's last 1,000 rule decisions. Nothing
    /// is saved. An administrator's: an inspector or supervisor is refused.
    pub fn dry_run_rules(&self, session: &crate::auth::Session, json: &str) -> Result<DryRun, StationError> {
        session.require(crate::auth::Role::Admin)?;
        let (_, table) = self.table_from_text(json)?;
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
