//! What the screen shows of inspection and disposition: the inspection in progress, decisions,
//! the supervisors' holds, the inspector's day and the waiting shelf. Reads only.

use super::draft::{current_draft, draft_state, stated_reason, unit_facts, Draft};
use super::Ctx;
use crate::error::StationError;
use crate::events::{DecidedBy, RefundDecided};
use crate::queries as q;
use crate::station::Station;
use redock_domain::disposition::{explain_reason, Channel, Explanation, FraudFlag};
use redock_domain::grading::{GradingSet, GradingSets};
use redock_domain::{UnknownWord, WordKind};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use time::OffsetDateTime;

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
    /// What the customer gets back (None: decided before refunds were; a person decides).
    pub refund: Option<RefundDecided>,
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

pub(super) fn view(
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
                    r.get::<_, Option<String>>(16)?,
                ),
            ))
        })
        .optional()?;
    let Some((
        (id, channel, destination, reason, rule, recovery_minor, currency),
        (by, supersedes, note, trace, decided_at, grade, name, flags, handle_ms, refund),
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
        channel: Channel::parse(&channel)?,
        destination,
        reason,
        rule,
        recovery_minor,
        currency,
        refund: refund.map(|r| serde_json::from_str(&r)).transpose()?,
        decided_by: decided_by(&by)?,
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

/// Who decided, as a decision row says it (`DecidedBy::as_str`).
fn decided_by(s: &str) -> Result<DecidedBy, UnknownWord> {
    [DecidedBy::Rule, DecidedBy::Person]
        .into_iter()
        .find(|d| d.as_str() == s)
        .ok_or_else(|| UnknownWord::new(WordKind::DecidedBy, s))
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
            rows.into_iter()
                .map(|(disposition_id, ch, by, supersedes)| {
                    Ok(DecisionRecord {
                        disposition_id,
                        channel: Channel::parse(&ch)?,
                        decided_by: decided_by(&by)?,
                        supersedes,
                    })
                })
                .collect()
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

    /// Today's units and pace for the operator: today as the site's calendar has it.
    pub fn inspector_day(&self, session: &crate::auth::Session) -> Result<InspectorDay, StationError> {
        let now = self.clock.now();
        let (start, end) = self.site_time()?.day_bounds(now);
        self.store
            .read(|c| inspector_day_in(c, &session.operator_id, now, (&start, &end)))
    }
}
