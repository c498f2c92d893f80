//! The inspection in progress (its draft: the grading set it started with and its steps) and the
//! facts of the unit it is of.

use crate::error::StationError;
use crate::queries as q;
use redock_domain::grading::{evaluate, GradingSet, GradingSets, InspectionState, Step};
use rusqlite::{params, Connection, OptionalExtension};

#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub lpn: String,
    pub grading_set: String,
    pub grading_version: u32,
    pub steps: Vec<Step>,
    pub started_at: String,
}

/// The inspection in progress: the one touched last, of the units not parked waiting.
pub(crate) fn current_draft(c: &Connection) -> Result<Option<Draft>, StationError> {
    let row: Option<(String, String, u32, String, String)> = c
        .prepare_cached(q::CURRENT_DRAFT)?
        .query_row([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    row.map(|(lpn, grading_set, grading_version, steps, started_at)| {
        Ok(Draft {
            lpn,
            grading_set,
            grading_version,
            steps: serde_json::from_str(&steps)?,
            started_at,
        })
    })
    .transpose()
}

pub(super) fn draft_state<'g>(
    grading: &'g GradingSets,
    draft: &Draft,
) -> Result<(&'g GradingSet, InspectionState), StationError> {
    let set = grading
        .by_id(&draft.grading_set)
        .filter(|s| s.version == draft.grading_version)
        .ok_or_else(|| StationError::Inspection {
            code: "inspection.set_changed",
            message: format!(
                "grading set {} version {} is no longer loaded; undo or ask a supervisor",
                draft.grading_set, draft.grading_version
            ),
        })?;
    let state = evaluate(set, &draft.steps).map_err(step_error)?;
    Ok((set, state))
}

pub(super) fn step_error(e: redock_domain::grading::StepError) -> StationError {
    StationError::Inspection {
        code: e.code(),
        message: e.to_string(),
    }
}

pub(super) struct UnitFacts {
    pub sku: Option<String>,
    pub name: Option<String>,
    pub category: Option<String>,
    pub serial: Option<String>,
    pub rma: Option<String>,
    pub line_no: Option<u32>,
}

pub(super) fn unit_facts(c: &Connection, lpn: &str) -> Result<UnitFacts, StationError> {
    c.prepare_cached(q::UNIT_FACTS)?
        .query_row([lpn], |r| {
            Ok(UnitFacts {
                sku: r.get(0)?,
                name: r.get(1)?,
                category: r.get(2)?,
                serial: r.get(3)?,
                rma: r.get(4)?,
                line_no: r.get(5)?,
            })
        })
        .optional()?
        .ok_or_else(|| StationError::NotFound {
            what: "unit",
            id: lpn.to_owned(),
        })
}

pub(super) fn stated_reason(c: &Connection, facts: &UnitFacts) -> Result<Option<String>, StationError> {
    let (Some(rma), Some(line)) = (&facts.rma, facts.line_no) else {
        return Ok(None);
    };
    Ok(c.prepare_cached(q::STATED_REASON)?
        .query_row(params![rma, line], |r| r.get(0))
        .optional()?
        .flatten())
}
