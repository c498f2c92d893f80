//! Inspection and disposition at the desk. A received unit (or a unit whose LPN is scanned) gets
//! an inspection in progress; the inspector's keys and command barcodes (`CMD:OK`, `CMD:FAIL`,
//! `CMD:PASS`, `CMD:GRADE:A`, `CMD:DEFECT:DENT`, `CMD:REASON:NO_FAULT`, `CMD:HOLD`, `CMD:UNDO`,
//! `CMD:NEXT`) become steps, each an event; the grading set folds them into a grade. Saving
//! records `inspected` and, in the same transaction, `decided` with the rule table's trace.
//!
//! A graded inspection is saved by `CMD:NEXT` or by the next scan that is not an answer (the
//! next product, parcel label or `CMD:CLOSE`), so a clean unit takes three scans: the product,
//! `CMD:PASS` (or `CMD:GRADE:A`), and the next product.

use crate::error::StationError;
use crate::events::from_domain as log;
use crate::events::{record, Decided, DecidedBy, EventBody, Inspected};
use crate::lookup::Matched;
use crate::queries as q;
use crate::station::Station;
use redock_domain::disposition::{
    decide, explain, explain_inspector_hold, explain_override, explain_reason, reason, Channel,
    DecisionInput, Explanation, FraudFlag, ReturnWindow, RtvTerms, Table, Tier, VendorAgreement,
};
use redock_domain::grading::{check_step, evaluate, GradingSet, GradingSets, InspectionState, Step};
use redock_domain::{Classified, CodeKind};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use std::collections::BTreeSet;
use time::OffsetDateTime;

/// A customer with this many returns on record (this one included) is a repeat returner.
pub const REPEAT_RETURNER_MIN: i64 = 3;

/// What a scan did to the inspection on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum InspectionAction {
    Started,
    Resumed,
    Answered,
    Undone,
    /// `CMD:PHOTO`: the screen opens the camera or the file picker.
    PhotoRequested,
    /// `CMD:REPRINT`: the last decided unit's label is queued again.
    Reprinted,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Choice {
    pub code: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AxisValue {
    pub axis: String,
    pub text: String,
    pub value: String,
    /// The value in the operator's language.
    pub value_text: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuestionView {
    /// Counted from 1.
    pub number: u32,
    pub count: u32,
    pub id: String,
    pub text: String,
    /// The grade a "fail" settles.
    pub fail_grade: String,
}

/// An inspection in progress, in the operator's language.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InspectionView {
    pub lpn: String,
    pub sku: Option<String>,
    pub name: Option<String>,
    pub category: Option<String>,
    pub serial: Option<String>,
    pub grading_set: String,
    pub grading_version: u32,
    pub question: Option<QuestionView>,
    pub grade: Option<String>,
    pub settled: Option<redock_domain::grading::Settled>,
    pub axes: Vec<AxisValue>,
    pub defects: Vec<Choice>,
    pub reason: Option<Choice>,
    pub stated_reason: Option<String>,
    pub photos: Vec<String>,
    pub hold: bool,
    pub steps: u32,
    /// The scale, best first, and the catalogues, for keys and the screen.
    pub grades: Vec<String>,
    pub defect_catalogue: Vec<Choice>,
    pub reason_catalogue: Vec<Choice>,
    pub external: Vec<ExternalValue>,
    pub started_at: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExternalValue {
    pub scale: String,
    /// None: cannot be listed on that scale.
    pub value: Option<String>,
}

/// A decision as the screen shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DecisionView {
    pub disposition_id: String,
    pub lpn: String,
    pub name: Option<String>,
    pub grade: Option<String>,
    pub channel: Channel,
    pub destination: Option<String>,
    pub reason: String,
    pub rule: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub recovery_minor: Option<i64>,
    pub currency: Option<String>,
    pub decided_by: DecidedBy,
    pub supersedes: Option<String>,
    pub note: Option<String>,
    pub flags: Vec<FraudFlag>,
    /// Why, in sentences for the operator (Fluent ids and arguments; the window says them in
    /// the operator's language).
    pub explanation: Vec<Explanation>,
    /// The full trace as JSON text (the technical details behind "why?").
    pub trace: String,
    pub decided_at: String,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub handle_ms: i64,
}

/// What a scan did for inspection and disposition.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InspectionOutcome {
    pub action: Option<InspectionAction>,
    /// The inspection in progress after this scan (None once saved).
    pub inspection: Option<InspectionView>,
    /// The decision this scan made by saving an inspection.
    pub decision: Option<DecisionView>,
}

pub(crate) struct Ctx<'a> {
    pub operator_id: &'a str,
    pub language: &'a str,
    pub now: OffsetDateTime,
    /// The site's local date of `now` (`YYYY-MM-DD`): return windows count in it.
    pub today: &'a str,
    pub grading: &'a GradingSets,
    pub rules: &'a Table,
    /// The printer labels are queued for; counts them (the caller rings the print bell after
    /// the commit).
    pub labels: &'a crate::print_worker::LabelsQueued<'a>,
}

/// Inspection commands: the word after `CMD:` and its argument.
fn answer(code: &Classified) -> Option<(&str, Option<&str>)> {
    if code.kind != CodeKind::Command || !code.valid {
        return None;
    }
    let rest = code.text.split_once(':')?.1;
    let (word, arg) = match rest.split_once(':') {
        Some((w, a)) => (w, Some(a)),
        None => (rest, None),
    };
    matches!(
        word,
        "OK" | "FAIL"
            | "PASS"
            | "GRADE"
            | "DEFECT"
            | "REASON"
            | "HOLD"
            | "UNDO"
            | "NEXT"
            | "PHOTO"
            | "REPRINT"
    )
    .then_some((word, arg))
}

/// The command that logs the operator out, as the log-out key does.
pub const LOGOUT: &str = "CMD:LOGOUT";

/// What a scan did to the unit on the desk before receiving saw it.
#[derive(Debug, Default)]
pub(crate) struct BeforeScan {
    /// The graded unit it saved and decided.
    pub saved: Option<DecisionView>,
    /// The ungraded unit it parked, waiting for inspection with its LPN label.
    pub parked: Option<String>,
}

/// Whether a scan takes the desk to another unit or parcel: the next product received, another
/// parcel's label, `CMD:CLOSE`/`CMD:EMPTY`, or another unit's LPN.
fn moves_on(code: &Classified, matched: Option<&Matched>, parcel_open: bool, on_desk: &str) -> bool {
    match matched {
        // Taking up another unit not decided yet; a decided unit's LPN only shows its decision.
        Some(Matched::Unit(u)) => {
            return u.lpn != on_desk && matches!(u.status.as_str(), "received" | "waiting")
        }
        Some(Matched::Returns { via, .. }) => return via != "rma" || !parcel_open,
        _ => {}
    }
    match code.kind {
        _ if !code.valid => false,
        CodeKind::Tracking => true,
        CodeKind::Command => matches!(code.text.as_str(), "CMD:CLOSE" | "CMD:EMPTY" | LOGOUT),
        k if k.is_product() => parcel_open && code.gtin.is_some(),
        _ => false,
    }
}

/// Before receiving sees the scan: a scan that is not an answer saves a graded inspection first
/// (so the next product or parcel label moves on). An ungraded unit the desk moves on from is
/// parked as waiting for inspection and its LPN label printed at once: no unit leaves the desk
/// unlabelled, and only its LPN brings it back.
pub(crate) fn before_scan(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    code: &Classified,
    matched: Option<&Matched>,
) -> Result<BeforeScan, StationError> {
    // An answer is for the inspection; a misread or unknown code moves nothing on.
    if answer(code).is_some() || !code.valid || code.kind == CodeKind::Unknown {
        return Ok(BeforeScan::default());
    }
    let Some(draft) = current_draft(tx)? else {
        return Ok(BeforeScan::default());
    };
    let state = draft_state(ctx.grading, &draft)?;
    if state.1.is_graded() {
        return Ok(BeforeScan {
            saved: Some(save(tx, ctx, &draft, &state.1)?),
            parked: None,
        });
    }
    let parcel_open = crate::lookup::open_parcel_id(tx)?.is_some();
    if !moves_on(code, matched, parcel_open, &draft.lpn) {
        return Ok(BeforeScan::default());
    }
    let parcel_id: Option<String> = tx.query_row(crate::queries::UNIT_PARCEL, [&draft.lpn], |r| r.get(0))?;
    record(
        tx,
        &EventBody::UnitParked {
            lpn: draft.lpn.clone(),
            parcel_id,
        },
        Some(ctx.operator_id),
        ctx.now,
    )?;
    crate::print_queue::queue_unit_label(
        tx,
        ctx.labels,
        &draft.lpn,
        ctx.language,
        crate::print_queue::UNIT_LABEL_WAITING,
        ctx.operator_id,
        ctx.now,
    )?;
    tracing::info!(lpn = %draft.lpn, "unit parked, waiting for inspection");
    Ok(BeforeScan {
        saved: None,
        parked: Some(draft.lpn),
    })
}

/// After receiving: start an inspection for a unit just received or scanned by its LPN, or take
/// an answer for the inspection in progress.
pub(crate) fn after_scan(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    code: &Classified,
    matched: Option<&Matched>,
    received_lpn: Option<&str>,
) -> Result<Option<InspectionOutcome>, StationError> {
    if let Some(lpn) = received_lpn {
        start(tx, ctx, lpn)?;
        return outcome(tx, ctx, Some(InspectionAction::Started), None).map(Some);
    }
    if let Some(Matched::Unit(u)) = matched {
        if matches!(u.status.as_str(), "received" | "waiting") {
            start(tx, ctx, &u.lpn)?;
            return outcome(tx, ctx, Some(InspectionAction::Resumed), None).map(Some);
        }
        // Already decided: show the decision (reprint and overrides start from here).
        let decision = current_decision(tx, &u.lpn)?;
        return Ok(Some(InspectionOutcome {
            action: None,
            inspection: None,
            decision,
        }));
    }
    let Some((word, arg)) = answer(code) else {
        return Ok(None);
    };
    if word == "REPRINT" {
        return reprint_on_screen(tx, ctx).map(Some);
    }
    let Some(draft) = current_draft(tx)? else {
        return Err(StationError::Inspection {
            code: "inspection.no_unit",
            message: "no unit is being inspected: scan a product or an LPN first".into(),
        });
    };
    let (set, state) = draft_state(ctx.grading, &draft)?;
    let step = match (word, arg) {
        ("OK", _) => Step::Ok,
        ("FAIL", _) => Step::Fail,
        ("PASS", _) => Step::Pass,
        ("HOLD", _) => Step::Hold,
        ("GRADE", Some(g)) => Step::Grade { grade: g.to_owned() },
        ("DEFECT", Some(c)) => Step::Defect { code: c.to_owned() },
        ("REASON", Some(c)) => Step::Reason { code: c.to_owned() },
        ("PHOTO", _) => return outcome(tx, ctx, Some(InspectionAction::PhotoRequested), None).map(Some),
        ("UNDO", _) => {
            let Some(last) = draft.steps.last().cloned() else {
                return Err(step_error(redock_domain::grading::StepError::NothingToUndo));
            };
            let body = EventBody::InspectionUndone {
                lpn: draft.lpn.clone(),
                step: log::step(&last),
            };
            record(tx, &body, Some(ctx.operator_id), ctx.now)?;
            return outcome(tx, ctx, Some(InspectionAction::Undone), None).map(Some);
        }
        ("NEXT", _) => {
            if !state.is_graded() {
                return Err(StationError::Inspection {
                    code: "inspection.not_graded",
                    message: "the unit has no grade yet: answer the question or scan a grade".into(),
                });
            }
            let decision = save(tx, ctx, &draft, &state)?;
            return outcome(tx, ctx, None, Some(decision)).map(Some);
        }
        _ => {
            return Err(StationError::Inspection {
                code: "inspection.unknown_command",
                message: format!("{} needs a value after the second ':'", code.text),
            })
        }
    };
    check_step(set, &draft.steps, &step).map_err(step_error)?;
    record(
        tx,
        &EventBody::InspectionStep {
            lpn: draft.lpn.clone(),
            step: log::step(&step),
        },
        Some(ctx.operator_id),
        ctx.now,
    )?;
    outcome(tx, ctx, Some(InspectionAction::Answered), None).map(Some)
}

/// `CMD:REPRINT`: the unit on screen is the last one decided here, or a decided unit scanned by
/// its LPN since, whichever came later; its label is queued again.
fn reprint_on_screen(tx: &Transaction<'_>, ctx: &Ctx<'_>) -> Result<InspectionOutcome, StationError> {
    let last: Option<String> = tx
        .prepare_cached(q::LAST_DECIDED)?
        .query_row([], |r| r.get(0))
        .optional()?;
    let Some(lpn) = last else {
        return Err(StationError::Inspection {
            code: "disposition.not_decided",
            message: "no unit has been decided at this station yet".into(),
        });
    };
    crate::print_queue::queue_label(
        tx,
        ctx.labels,
        &lpn,
        ctx.language,
        "reprint",
        ctx.operator_id,
        ctx.now,
    )?;
    let decision = current_decision(tx, &lpn)?;
    outcome(tx, ctx, Some(InspectionAction::Reprinted), decision)
}

fn step_error(e: redock_domain::grading::StepError) -> StationError {
    StationError::Inspection {
        code: e.code(),
        message: e.to_string(),
    }
}

pub(crate) fn outcome(
    c: &Connection,
    ctx: &Ctx<'_>,
    action: Option<InspectionAction>,
    decision: Option<DecisionView>,
) -> Result<InspectionOutcome, StationError> {
    let inspection = match current_draft(c)? {
        Some(d) => Some(view(c, ctx.grading, ctx.language, &d)?),
        None => None,
    };
    Ok(InspectionOutcome {
        action,
        inspection,
        decision,
    })
}

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

fn draft_state<'g>(
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

struct UnitFacts {
    sku: Option<String>,
    name: Option<String>,
    category: Option<String>,
    serial: Option<String>,
    rma: Option<String>,
    line_no: Option<u32>,
}

fn unit_facts(c: &Connection, lpn: &str) -> Result<UnitFacts, StationError> {
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

fn start(tx: &Transaction<'_>, ctx: &Ctx<'_>, lpn: &str) -> Result<(), StationError> {
    let existing: Option<(String, u32)> = tx
        .prepare_cached(q::DRAFT_OF_UNIT)?
        .query_row([lpn], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (grading_set, grading_version) = match existing {
        Some(e) => e,
        None => {
            let facts = unit_facts(tx, lpn)?;
            let set = ctx.grading.for_category(facts.category.as_deref().unwrap_or(""));
            (set.id.clone(), set.version)
        }
    };
    record(
        tx,
        &EventBody::InspectionStarted {
            lpn: lpn.to_owned(),
            grading_set,
            grading_version,
        },
        Some(ctx.operator_id),
        ctx.now,
    )?;
    Ok(())
}

fn view(
    c: &Connection,
    grading: &GradingSets,
    lang: &str,
    draft: &Draft,
) -> Result<InspectionView, StationError> {
    let (set, st) = draft_state(grading, draft)?;
    let facts = unit_facts(c, &draft.lpn)?;
    let text = |t| GradingSet::text(t, lang).to_owned();
    let defect = |code: &String| Choice {
        code: code.clone(),
        text: set.defect(code).map(|d| text(&d.text)).unwrap_or_default(),
    };
    let reason = |code: &String| Choice {
        code: code.clone(),
        text: set.reason(code).map(|r| text(&r.text)).unwrap_or_default(),
    };
    Ok(InspectionView {
        lpn: draft.lpn.clone(),
        stated_reason: stated_reason(c, &facts)?,
        sku: facts.sku,
        name: facts.name,
        category: facts.category,
        serial: facts.serial,
        grading_set: set.id.clone(),
        grading_version: set.version,
        question: st.question.and_then(|i| {
            let q = set.checklist.get(i)?;
            Some(QuestionView {
                number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                count: u32::try_from(set.checklist.len()).unwrap_or(u32::MAX),
                id: q.id.clone(),
                text: text(&q.text),
                fail_grade: q.fail.grade.clone(),
            })
        }),
        grade: st.grade.clone(),
        settled: st.settled.clone(),
        axes: set
            .axes
            .iter()
            .filter_map(|a| {
                st.axes.get(&a.name).map(|v| AxisValue {
                    axis: a.name.clone(),
                    text: text(&a.text),
                    value: v.clone(),
                    value_text: a.value_text(v, lang).to_owned(),
                })
            })
            .collect(),
        defects: st.defects.iter().map(defect).collect(),
        reason: st.reason.as_ref().map(reason),
        photos: st.photos.clone(),
        hold: st.hold,
        steps: u32::try_from(draft.steps.len()).unwrap_or(u32::MAX),
        grades: set.grades.clone(),
        defect_catalogue: set.defects.iter().map(|d| defect(&d.code)).collect(),
        reason_catalogue: set.reasons.iter().map(|r| reason(&r.code)).collect(),
        external: match &st.grade {
            Some(g) => set
                .external_values(g, &st.axes)
                .into_iter()
                .map(|(scale, value)| ExternalValue { scale, value })
                .collect(),
            None => Vec::new(),
        },
        started_at: draft.started_at.clone(),
    })
}

fn stated_reason(c: &Connection, facts: &UnitFacts) -> Result<Option<String>, StationError> {
    let (Some(rma), Some(line)) = (&facts.rma, facts.line_no) else {
        return Ok(None);
    };
    Ok(c.prepare_cached(q::STATED_REASON)?
        .query_row(params![rma, line], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Everything the rules look at for one unit, gathered from the store. Err(reason) when the
/// unit cannot be decided by rules (no SKU, no expected return): it is held for a person.
fn decision_input(
    c: &Connection,
    ctx: &Ctx<'_>,
    lpn: &str,
    state: &InspectionState,
    flags: &BTreeSet<FraudFlag>,
) -> Result<Result<DecisionInput, &'static str>, StationError> {
    let facts = unit_facts(c, lpn)?;
    let Some(sku) = &facts.sku else {
        return Ok(Err(reason::UNKNOWN_ITEM));
    };
    let Some(rma) = &facts.rma else {
        return Ok(Err(reason::NO_EXPECTED_RETURN));
    };
    let (category, vendor, cost, price, currency): (String, Option<String>, i64, i64, String) =
        c.prepare_cached(q::DECISION_SKU)?.query_row([sku], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
    let (order_date, tier, window_days): (String, String, Option<u32>) = c
        .prepare_cached(q::DECISION_RETURN)?
        .query_row([rma], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let days = redock_domain::receiving::days_between(&order_date, ctx.today)
        .unwrap_or(0)
        .max(0);
    let late = window_days.is_some_and(|w| days > i64::from(w));
    let vendor = match vendor {
        Some(v) => c
            .prepare_cached(q::VENDOR_AGREEMENT)?
            .query_row([v], |r| {
                let rtv: String = r.get(0)?;
                Ok((rtv, r.get::<_, u32>(1)?, r.get::<_, u32>(2)?))
            })
            .optional()?
            .map(|(rtv, window_days, credit_bp)| VendorAgreement {
                rtv: match rtv.as_str() {
                    "forced" => RtvTerms::Forced,
                    "eligible" => RtvTerms::Eligible,
                    _ => RtvTerms::Prohibited,
                },
                window_days,
                credit_bp,
            }),
        None => None,
    };
    Ok(Ok(DecisionInput {
        grade: state.grade.clone().unwrap_or_default(),
        axes: state.axes.clone(),
        category,
        cost_minor: cost,
        price_minor: price,
        currency,
        days_since_purchase: u32::try_from(days).unwrap_or(u32::MAX),
        window: if late {
            ReturnWindow::Late
        } else {
            ReturnWindow::Within
        },
        tier: match tier.as_str() {
            "loyal" => Tier::Loyal,
            "vip" => Tier::Vip,
            _ => Tier::Standard,
        },
        vendor,
        flags: flags.clone(),
        rates: None,
    }))
}

/// Fraud signals for a unit: from receiving (serial mismatch, wrong item, empty box), from the
/// return window and the grade (used beyond the window), from the customer's history.
fn fraud_flags(c: &Connection, lpn: &str, grade: Option<&str>) -> Result<BTreeSet<FraudFlag>, StationError> {
    let mut flags = BTreeSet::new();
    let mut st = c.prepare_cached(q::FRAUD_EXCEPTIONS)?;
    let kinds = st
        .query_map([lpn], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let used = !matches!(grade, Some("new-unopened") | Some("A") | None);
    for k in kinds {
        match k.as_str() {
            "serial_mismatch" => {
                flags.insert(FraudFlag::SerialMismatch);
            }
            "wrong_item" => {
                flags.insert(FraudFlag::SwappedItem);
            }
            "empty_box" => {
                flags.insert(FraudFlag::EmptyBox);
            }
            "late_return" if used => {
                flags.insert(FraudFlag::UsedBeyondWindow);
            }
            _ => {}
        }
    }
    let returns: i64 = c
        .prepare_cached(q::CUSTOMER_RETURNS)?
        .query_row([lpn], |r| r.get(0))?;
    if returns >= REPEAT_RETURNER_MIN {
        flags.insert(FraudFlag::RepeatReturner);
    }
    Ok(flags)
}

fn save(
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
    let flags = fraud_flags(tx, &draft.lpn, Some(&grade))?;
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
        Err(why) => {
            return Ok(Decided {
                disposition_id: id,
                lpn: lpn.to_owned(),
                channel: crate::events::Channel::Hold,
                destination: hold_dest,
                reason: why.to_owned(),
                rule: None,
                trace: serde_json::json!({ "held": why, "explanation": explain_reason(why) }),
                recovery_minor: None,
                currency: None,
                decided_by: DecidedBy::Rule,
                supersedes: None,
                note: None,
            })
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
            note: None,
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
        note: None,
    })
}

/// The unit's current decision: the one no later decision supersedes.
pub(crate) fn current_decision(c: &Connection, lpn: &str) -> Result<Option<DecisionView>, StationError> {
    let row = c
        .prepare_cached(q::CURRENT_DECISION)?
        .query_row([lpn], |r| {
            Ok((
                (
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ),
                (
                    r.get::<_, String>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, String>(10)?,
                    r.get::<_, String>(11)?,
                    r.get::<_, Option<String>>(12)?,
                    r.get::<_, Option<String>>(13)?,
                    r.get::<_, Option<String>>(14)?,
                    r.get::<_, Option<i64>>(15)?,
                ),
            ))
        })
        .optional()?;
    let Some((
        (id, channel, destination, reason, rule, recovery_minor, currency),
        (by, supersedes, note, trace, decided_at, grade, name, flags, handle_ms),
    )) = row
    else {
        return Ok(None);
    };
    let explanation = explanation_of(&trace, &reason);
    Ok(Some(DecisionView {
        disposition_id: id,
        lpn: lpn.to_owned(),
        name,
        grade,
        channel: Channel::parse(&channel).unwrap_or(Channel::Hold),
        destination,
        reason,
        rule,
        recovery_minor,
        currency,
        decided_by: if by == "person" {
            DecidedBy::Person
        } else {
            DecidedBy::Rule
        },
        supersedes,
        note,
        flags: flags
            .map(|f| serde_json::from_str(&f))
            .transpose()?
            .unwrap_or_default(),
        explanation,
        trace,
        decided_at,
        handle_ms: handle_ms.unwrap_or(0),
    }))
}

/// The sentences kept with a decision; a decision recorded before decisions were explained
/// (or a trace this version cannot read) says its reason alone.
fn explanation_of(trace: &str, reason: &str) -> Vec<Explanation> {
    serde_json::from_str::<serde_json::Value>(trace)
        .ok()
        .and_then(|mut t| t.get_mut("explanation").map(serde_json::Value::take))
        .and_then(|e| serde_json::from_value(e).ok())
        .unwrap_or_else(|| explain_reason(reason))
}

/// One entry of a unit's audit trail of decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub disposition_id: String,
    pub channel: Channel,
    pub decided_by: DecidedBy,
    pub supersedes: Option<String>,
}

/// A unit waiting in the supervisors' queue.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HeldUnit {
    pub decision: DecisionView,
    /// Minutes since the hold, for the SLA.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub age_minutes: i64,
}

/// The inspector's day: units inspected today and the pace.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InspectorDay {
    pub units_today: u32,
    /// Units per hour over the time from the first unit started today to now.
    pub units_per_hour: f64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub median_handle_ms: i64,
}

/// A unit parked on the desk's waiting shelf: labelled, not graded yet.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WaitingUnit {
    pub lpn: String,
    pub sku: Option<String>,
    pub name: Option<String>,
    pub serial: Option<String>,
    pub parcel_code: Option<String>,
    pub parked_at: String,
}

pub(crate) fn waiting_units(c: &Connection) -> Result<Vec<WaitingUnit>, StationError> {
    let mut st = c.prepare_cached(crate::queries::WAITING_UNITS)?;
    let rows = st
        .query_map([], |r| {
            Ok(WaitingUnit {
                lpn: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                serial: r.get(3)?,
                parcel_code: r.get(4)?,
                parked_at: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// A person's decision that supersedes the unit's current one, and its label, in the caller's
/// transaction (the supervisor's role is checked by the caller).
#[allow(clippy::too_many_arguments)]
pub(crate) fn override_in_tx(
    tx: &Transaction<'_>,
    session: &crate::auth::Session,
    lpn: &str,
    channel: Channel,
    destination: Option<String>,
    note: &str,
    labels: &crate::print_worker::LabelsQueued<'_>,
    now: OffsetDateTime,
) -> Result<DecisionView, StationError> {
    Station::check_session(tx, session)?;
    let current = current_decision(tx, lpn)?.ok_or_else(|| StationError::Inspection {
        code: "disposition.not_decided",
        message: format!("unit {lpn} has no decision to override yet"),
    })?;
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
            "explanation": explain_override(current.channel),
        }),
        recovery_minor: None,
        currency: current.currency.clone(),
        decided_by: DecidedBy::Person,
        supersedes: Some(current.disposition_id.clone()),
        note: Some(note.to_owned()),
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

/// The inspection in progress on this desk, in `language`.
pub(crate) fn current_inspection_in(
    c: &Connection,
    grading: &GradingSets,
    language: &str,
) -> Result<Option<InspectionView>, StationError> {
    match current_draft(c)? {
        Some(d) => view(c, grading, language, &d).map(Some),
        None => Ok(None),
    }
}

/// The operator's units and pace on the site's day of `now` (`SiteTime::day_bounds`).
pub(crate) fn inspector_day_in(
    c: &Connection,
    operator_id: &str,
    now: OffsetDateTime,
    (start, end): (&str, &str),
) -> Result<InspectorDay, StationError> {
    let mut st = c.prepare_cached(q::INSPECTOR_DAY)?;
    let rows = st
        .query_map(params![operator_id, start, end], |r| {
            Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let n = rows.len();
    let first = rows
        .iter()
        .filter_map(|(_, s)| OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok())
        .min();
    let hours = first
        .map(|f| (now - f).as_seconds_f64() / 3600.0)
        .unwrap_or(0.0)
        .max(1.0 / 60.0);
    let median = rows.get(n / 2).and_then(|(h, _)| *h).unwrap_or(0);
    Ok(InspectorDay {
        units_today: u32::try_from(n).unwrap_or(u32::MAX),
        units_per_hour: if n == 0 { 0.0 } else { n as f64 / hours },
        median_handle_ms: median,
    })
}

impl Station {
    /// The desk's units waiting for inspection, oldest first: scanning one's LPN takes it up.
    pub fn waiting_units(&self) -> Result<Vec<WaitingUnit>, StationError> {
        self.store.read(waiting_units)
    }

    /// The inspection in progress on this desk, in the operator's language.
    pub fn current_inspection(
        &self,
        session: &crate::auth::Session,
    ) -> Result<Option<InspectionView>, StationError> {
        let grading = self.grading();
        self.store
            .read(|c| current_inspection_in(c, &grading, &session.language))
    }

    pub fn decision(&self, lpn: &str) -> Result<Option<DecisionView>, StationError> {
        self.store.read(|c| current_decision(c, lpn))
    }

    /// Every decision a unit has had, oldest first: the audit trail.
    pub fn decision_history(&self, lpn: &str) -> Result<Vec<DecisionRecord>, StationError> {
        self.store.read(|c| {
            let mut st = c.prepare_cached(q::DECISION_HISTORY)?;
            let rows = st
                .query_map([lpn], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows
                .into_iter()
                .map(|(disposition_id, ch, by, supersedes)| DecisionRecord {
                    disposition_id,
                    channel: Channel::parse(&ch).unwrap_or(Channel::Hold),
                    decided_by: if by == "person" {
                        DecidedBy::Person
                    } else {
                        DecidedBy::Rule
                    },
                    supersedes,
                })
                .collect())
        })
    }

    /// Units on hold, oldest first: the supervisors' queue.
    pub fn holds(&self, session: &crate::auth::Session) -> Result<Vec<HeldUnit>, StationError> {
        session.require(crate::auth::Role::Supervisor)?;
        let now = self.clock.now();
        self.store.read(|c| {
            let mut st = c.prepare_cached(q::HELD_UNITS)?;
            let lpns = st
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            let mut out = Vec::new();
            for lpn in lpns {
                if let Some(d) = current_decision(c, &lpn)? {
                    let at =
                        OffsetDateTime::parse(&d.decided_at, &time::format_description::well_known::Rfc3339)
                            .unwrap_or(now);
                    out.push(HeldUnit {
                        age_minutes: (now - at).whole_minutes().max(0),
                        decision: d,
                    });
                }
            }
            out.sort_by_key(|h| std::cmp::Reverse(h.age_minutes));
            Ok(out)
        })
    }

    /// A supervisor decides instead of the rules (or releases a hold): a new decision that
    /// supersedes the current one; both stay in the audit trail.
    pub fn override_disposition(
        &self,
        session: &crate::auth::Session,
        lpn: &str,
        channel: Channel,
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
            .write(|tx| override_in_tx(tx, session, lpn, channel, destination, note, &queued, now))?;
        self.ring_if(&queued);
        Ok(decided)
    }

    /// Today's units and pace for the operator: today as the site's calendar has it.
    pub fn inspector_day(&self, session: &crate::auth::Session) -> Result<InspectorDay, StationError> {
        let now = self.clock.now();
        let (start, end) = self.site_time()?.day_bounds(now);
        self.store
            .read(|c| inspector_day_in(c, &session.operator_id, now, (&start, &end)))
    }

    /// Where this station keeps inspection photos: beside its database.
    pub fn photo_store(&self) -> crate::photos::PhotoStore {
        let db = self.store.path();
        crate::photos::PhotoStore::new(db.parent().unwrap_or(db).join("photos"))
    }

    /// Take a photo (camera, file or watched folder) for the inspection in progress: stored
    /// content-addressed with EXIF stripped and a thumbnail, then attached as a step. A broken
    /// or oversized image is refused with its reason and nothing is recorded.
    pub fn add_photo(
        &self,
        session: &crate::auth::Session,
        bytes: &[u8],
    ) -> Result<InspectionView, StationError> {
        // Refuse early when nothing is being inspected, before the work of storing the photo.
        if self.store.read(current_draft)?.is_none() {
            return Err(StationError::Inspection {
                code: "inspection.no_unit",
                message: "no unit is being inspected: scan a product or an LPN first".into(),
            });
        }
        let stored = self
            .photo_store()
            .ingest(bytes, &crate::photos::PhotoLimits::default())?;
        tracing::info!(sha256 = %stored.sha256, bytes = stored.bytes, width = stored.width, height = stored.height, "photo stored");
        self.attach_photo(session, &stored.sha256)
    }

    /// Attach a stored photo to the inspection in progress (the photo store ingests it first).
    pub fn attach_photo(
        &self,
        session: &crate::auth::Session,
        sha256: &str,
    ) -> Result<InspectionView, StationError> {
        let grading = self.grading();
        let now = self.clock.now();
        self.store.write(|tx| {
            Station::check_session(tx, session)?;
            let draft = current_draft(tx)?.ok_or_else(|| StationError::Inspection {
                code: "inspection.no_unit",
                message: "no unit is being inspected: scan a product or an LPN first".into(),
            })?;
            let (set, _) = draft_state(&grading, &draft)?;
            let step = Step::Photo {
                sha256: sha256.to_owned(),
            };
            check_step(set, &draft.steps, &step).map_err(step_error)?;
            record(
                tx,
                &EventBody::InspectionStep {
                    lpn: draft.lpn.clone(),
                    step: log::step(&step),
                },
                Some(&session.operator_id),
                now,
            )?;
            let draft = current_draft(tx)?.ok_or_else(|| StationError::NotFound {
                what: "inspection",
                id: sha256.to_owned(),
            })?;
            view(tx, &grading, &session.language, &draft)
        })
    }
}
