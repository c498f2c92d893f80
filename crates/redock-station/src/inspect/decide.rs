//! Saving an inspection and deciding it: `inspected` and `decided` (the rules' answer with its
//! trace and explanation, or a hold), and the label, in the scan's transaction; a supervisor's
//! override as a new decision that supersedes the current one.

use super::draft::{draft_state, stated_reason, step_error, unit_facts, Draft};
use super::inputs::{decision_input, fraud_flags};
use super::views::{current_decision, DecisionView};
use super::Ctx;
use crate::error::StationError;
use crate::events::from_domain as log;
use crate::events::{record, Decided, DecidedBy, EventBody, Inspected};
use crate::station::Station;
use redock_domain::disposition::{
    decide, explain, explain_inspector_hold, explain_override, explain_reason, reason, Channel, FraudFlag,
    Refund,
};
use redock_domain::grading::{InspectionState, StepError};
use rusqlite::{Connection, OptionalExtension, Transaction};
use std::collections::BTreeSet;
use time::OffsetDateTime;

pub(super) fn save(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    draft: &Draft,
    state: &InspectionState,
) -> Result<DecisionView, StationError> {
    let (set, _) = draft_state(ctx.grading, draft)?;
    let grade = state.grade.clone().ok_or_else(|| StationError::Inspection {
        code: "inspection.not_graded",
        message: "the unit has no grade yet".into(),
    })?;
    let used = set.is_used(&grade).ok_or_else(|| {
        step_error(StepError::UnknownGrade {
            set: set.id.clone(),
            grade: grade.clone(),
            scale: set.grades.join(", "),
        })
    })?;
    let flags = fraud_flags(tx, ctx, &draft.lpn, used)?;
    let facts = unit_facts(tx, &draft.lpn)?;
    let started =
        time::OffsetDateTime::parse(&draft.started_at, &time::format_description::well_known::Rfc3339)
            .unwrap_or(ctx.now);
    let handle_ms = i64::try_from((ctx.now - started).whole_milliseconds())
        .unwrap_or(0)
        .max(0);
    let inspection = Inspected {
        inspection_id: uuid::Uuid::now_v7().to_string(),
        lpn: draft.lpn.clone(),
        grading_set: set.id.clone(),
        grading_version: set.version,
        grade: grade.clone(),
        settled: log::settled(
            state
                .settled
                .as_ref()
                .unwrap_or(&redock_domain::grading::Settled::Chosen),
        ),
        axes: state.axes.clone(),
        defects: state.defects.clone(),
        photos: state.photos.clone(),
        found_reason: state.reason.clone(),
        stated_reason: stated_reason(tx, &facts)?,
        flags: flags.iter().copied().map(log::flag).collect(),
        external: set.external_values(&grade, &state.axes).into_iter().collect(),
        started_at: draft.started_at.clone(),
        handle_ms,
    };
    record(
        tx,
        &EventBody::Inspected(inspection),
        Some(ctx.operator_id),
        ctx.now,
    )?;
    let decided = rule_decision(tx, ctx, &draft.lpn, state, &flags)?;
    record(
        tx,
        &EventBody::Decided(decided.clone()),
        Some(ctx.operator_id),
        ctx.now,
    )?;
    // The label is queued with the decision; printing happens after the commit and never
    // holds the dock up.
    crate::print_queue::queue_label(
        tx,
        ctx.labels,
        &draft.lpn,
        ctx.language,
        "decision",
        ctx.operator_id,
        ctx.now,
    )?;
    current_decision(tx, &draft.lpn)?.ok_or_else(|| StationError::NotFound {
        what: "decision",
        id: draft.lpn.clone(),
    })
}

fn rule_decision(
    c: &Connection,
    ctx: &Ctx<'_>,
    lpn: &str,
    state: &InspectionState,
    flags: &BTreeSet<FraudFlag>,
) -> Result<Decided, StationError> {
    let id = uuid::Uuid::now_v7().to_string();
    let hold_dest = ctx.rules.destinations().get(&Channel::Hold).cloned();
    let input = match decision_input(c, ctx, lpn, state, flags)? {
        Ok(i) => i,
        Err(held) => {
            let mut trace = serde_json::json!({
                "held": held.reason,
                "explanation": explain_reason(held.reason),
            });
            if let Some(problem) = held.problem {
                trace["problem"] = problem.into();
            }
            return Ok(Decided {
                disposition_id: id,
                lpn: lpn.to_owned(),
                channel: crate::events::Channel::Hold,
                destination: hold_dest,
                reason: held.reason.to_owned(),
                rule: None,
                trace,
                recovery_minor: None,
                currency: None,
                decided_by: DecidedBy::Rule,
                supersedes: None,
                also_supersedes: Vec::new(),
                note: None,
                refund: Some(log::review()),
            });
        }
    };
    if let Err(e) = input.validate(ctx.rules) {
        return Ok(Decided {
            disposition_id: id,
            lpn: lpn.to_owned(),
            channel: crate::events::Channel::Hold,
            destination: hold_dest,
            reason: reason::INPUT_NOT_VALID.into(),
            rule: None,
            trace: serde_json::json!({
                "held": reason::INPUT_NOT_VALID,
                "problem": e.to_string(),
                "input": input,
                "explanation": explain_reason(reason::INPUT_NOT_VALID),
            }),
            recovery_minor: None,
            currency: Some(input.currency.clone()),
            decided_by: DecidedBy::Rule,
            supersedes: None,
            also_supersedes: Vec::new(),
            note: None,
            refund: Some(log::review()),
        });
    }
    let d = decide(ctx.rules, &input);
    // Explained now, from the table that decided: a later version of the rules must not change
    // why this unit went where it went.
    let mut explanation = explain(ctx.rules, &input, &d);
    if state.hold {
        explanation = explain_inspector_hold(d.channel, explanation);
    }
    let mut trace = serde_json::to_value(&d.trace)?;
    if let serde_json::Value::Object(m) = &mut trace {
        m.insert("input".into(), serde_json::to_value(&input)?);
        m.insert("explanation".into(), serde_json::to_value(&explanation)?);
    }
    let rule = d
        .trace
        .row
        .map(|r| format!("{}@{}#{}", d.trace.table, d.trace.version, r));
    // The inspector's hold wins over the rules; the rules' answer stays in the trace for the
    // supervisor who releases the unit.
    let (channel, destination, reason, by) = if state.hold {
        (
            Channel::Hold,
            hold_dest,
            reason::INSPECTOR_HOLD.to_owned(),
            DecidedBy::Person,
        )
    } else {
        (
            d.channel,
            Some(d.destination.to_owned()),
            d.reason.to_owned(),
            DecidedBy::Rule,
        )
    };
    Ok(Decided {
        disposition_id: id,
        lpn: lpn.to_owned(),
        channel: log::channel(channel),
        destination,
        reason,
        rule,
        trace,
        recovery_minor: if state.hold {
            None
        } else {
            d.expected_recovery_minor
        },
        currency: Some(d.currency.to_owned()),
        decided_by: by,
        supersedes: None,
        also_supersedes: Vec::new(),
        note: None,
        // A unit the inspector holds is a person's to refund too.
        refund: Some(if state.hold {
            log::review()
        } else {
            log::refund(d.refund, d.refund_minor)
        }),
    })
}

/// A person's decision that supersedes the unit's current one, and its label, in the caller's
/// transaction (the supervisor's role is checked by the caller).
/// `refund`: the person's refund, or None to keep the current decision's (review when it had
/// none). Its amount is of the unit's price, as the rules' is.
#[allow(clippy::too_many_arguments)]
pub(crate) fn override_in_tx(
    tx: &Transaction<'_>,
    session: &crate::auth::Session,
    lpn: &str,
    channel: Channel,
    destination: Option<String>,
    note: &str,
    refund: Option<Refund>,
    labels: &crate::print_worker::LabelsQueued<'_>,
    now: OffsetDateTime,
) -> Result<DecisionView, StationError> {
    Station::check_session(tx, session)?;
    crate::sync::ensure_held(tx, lpn)?;
    let current = current_decision(tx, lpn)?.ok_or_else(|| StationError::Inspection {
        code: "disposition.not_decided",
        message: format!("unit {lpn} has no decision to override yet"),
    })?;
    let refund = match refund {
        None => current.refund.unwrap_or_else(log::review),
        Some(r) => {
            let r = r.check().map_err(|message| StationError::Inspection {
                code: "disposition.refund_invalid",
                message,
            })?;
            log::refund(r, unit_price(tx, lpn)?.and_then(|p| r.amount_minor(p)))
        }
    };
    let body = EventBody::Decided(Decided {
        disposition_id: uuid::Uuid::now_v7().to_string(),
        lpn: lpn.to_owned(),
        channel: log::channel(channel),
        destination,
        reason: reason::OVERRIDE.into(),
        rule: None,
        trace: serde_json::json!({
            "overrides": current.disposition_id,
            "was": current.channel,
            "refund_was": current.refund,
            "explanation": explain_override(current.channel),
        }),
        recovery_minor: None,
        currency: current.currency.clone(),
        decided_by: DecidedBy::Person,
        supersedes: Some(current.disposition_id.clone()),
        also_supersedes: other_heads(tx, lpn, &current.disposition_id)?,
        note: Some(note.to_owned()),
        refund: Some(refund),
    });
    record(tx, &body, Some(&session.operator_id), now)?;
    // The unit goes elsewhere now: it needs the new label.
    crate::print_queue::queue_label(
        tx,
        labels,
        lpn,
        &session.language,
        "decision",
        &session.operator_id,
        now,
    )?;
    current_decision(tx, lpn)?.ok_or_else(|| StationError::NotFound {
        what: "decision",
        id: lpn.to_owned(),
    })
}

/// The price of the unit's product (what a refund is of), if the station knows its SKU.
fn unit_price(tx: &Transaction<'_>, lpn: &str) -> Result<Option<i64>, StationError> {
    Ok(tx
        .prepare_cached(crate::queries::UNIT_PRICE)?
        .query_row([lpn], |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .flatten())
}

/// The unit's other decisions nothing supersedes here (written concurrently at other stations):
/// a person's decision settles them with the current one.
fn other_heads(tx: &Transaction<'_>, lpn: &str, current: &str) -> Result<Vec<String>, StationError> {
    let mut st = tx.prepare_cached(crate::queries::DECISION_HEADS)?;
    let heads = st
        .query_map([lpn], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(heads.into_iter().filter(|h| h != current).collect())
}

impl Station {
    /// A supervisor decides instead of the rules (or releases a hold): a new decision that
    /// supersedes the current one; both stay in the audit trail.
    pub fn override_disposition(
        &self,
        session: &crate::auth::Session,
        lpn: &str,
        channel: Channel,
        refund: Option<Refund>,
        note: &str,
    ) -> Result<DecisionView, StationError> {
        session.require(crate::auth::Role::Supervisor)?;
        let note = note.trim();
        if note.is_empty() {
            return Err(StationError::Inspection {
                code: "disposition.reason_required",
                message: "an override needs a reason".into(),
            });
        }
        let now = self.clock.now();
        let destination = self.rules().destinations().get(&channel).cloned();
        let printer = self.printer_settings()?;
        let queued = crate::print_worker::LabelsQueued::new(&printer);
        let decided = self
            .store
            .write(|tx| override_in_tx(tx, session, lpn, channel, destination, note, refund, &queued, now))?;
        self.ring_if(&queued);
        Ok(decided)
    }
}
