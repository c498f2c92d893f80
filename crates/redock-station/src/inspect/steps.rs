//! What a scan does to the unit on the desk: a received unit (or one scanned by its LPN) starts
//! or resumes its inspection, answers become steps, a scan that moves the desk on saves a graded
//! unit or parks an ungraded one; photos are attached as steps.

use super::decide::save;
use super::draft::{current_draft, draft_state, step_error, unit_facts};
use super::views::{
    current_decision, outcome, view, DecisionView, InspectionAction, InspectionOutcome, InspectionView,
};
use super::Ctx;
use crate::error::StationError;
use crate::events::from_domain as log;
use crate::events::{record, EventBody};
use crate::lookup::Matched;
use crate::queries as q;
use crate::station::Station;
use redock_domain::grading::{check_step, Step};
use redock_domain::receiving::UnitStatus;
use redock_domain::{Classified, CodeKind, Command};
use rusqlite::{OptionalExtension, Transaction};

/// What a scan did to the unit on the desk before receiving saw it.
#[derive(Debug, Default)]
pub(crate) struct BeforeScan {
    /// The graded unit it saved and decided.
    pub saved: Option<DecisionView>,
    /// The ungraded unit it parked, waiting for inspection with its LPN label.
    pub parked: Option<String>,
}

/// Whether a scan takes the desk to another unit or parcel: the next product received, another
/// parcel's label, `CMD:CLOSE`/`CMD:EMPTY`/`CMD:LOGOUT`, or another unit's LPN.
fn moves_on(
    code: &Classified,
    command: Option<&Command>,
    matched: Option<&Matched>,
    parcel: Option<bool>,
    on_desk: &str,
) -> Result<bool, StationError> {
    // Some(without a label)
    let parcel_open = parcel.is_some();
    match matched {
        // Taking up another unit not decided yet; a decided unit's LPN only shows its decision.
        Some(Matched::Unit(u)) => {
            return Ok(u.lpn != on_desk && UnitStatus::parse(&u.status)?.is_to_inspect())
        }
        // An RMA label in the open parcel (or a packing slip's order number in a parcel without a
        // label) identifies the parcel: it stays on the desk.
        Some(Matched::Returns { via, .. }) => {
            return Ok(match parcel {
                None => true,
                Some(unlabelled) => via != "rma" && !(unlabelled && via == "order"),
            })
        }
        _ => {}
    }
    Ok(match code.kind {
        _ if !code.valid => false,
        CodeKind::Tracking => true,
        CodeKind::Command => matches!(
            command,
            Some(Command::Close | Command::Empty | Command::Logout | Command::NoLabel)
        ),
        k if k.is_product() => parcel_open && code.gtin.is_some(),
        _ => false,
    })
}

/// Before receiving sees the scan: a scan that is not an answer saves a graded inspection first
/// (so the next product or parcel label moves on). An ungraded unit the desk moves on from is
/// parked as waiting for inspection and its LPN label printed at once: no unit leaves the desk
/// unlabelled, and only its LPN brings it back.
pub(crate) fn before_scan(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    code: &Classified,
    command: Option<&Command>,
    matched: Option<&Matched>,
) -> Result<BeforeScan, StationError> {
    // An answer is for the inspection; a misread or unknown code moves nothing on.
    if command.is_some_and(Command::is_for_inspection) || !code.valid || code.kind == CodeKind::Unknown {
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
    let parcel = crate::lookup::open_parcel_state(tx)?.map(|(_, unlabelled)| unlabelled);
    if !moves_on(code, command, matched, parcel, &draft.lpn)? {
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
    command: Option<&Command>,
    matched: Option<&Matched>,
    received_lpn: Option<&str>,
) -> Result<Option<InspectionOutcome>, StationError> {
    if let Some(lpn) = received_lpn {
        start(tx, ctx, lpn)?;
        return outcome(tx, ctx, Some(InspectionAction::Started), None).map(Some);
    }
    if let Some(Matched::Unit(u)) = matched {
        if UnitStatus::parse(&u.status)?.is_to_inspect() {
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
    // The parcel's and the session's commands are not for the inspection.
    let Some(command) = command.filter(|c| c.is_for_inspection()) else {
        return Ok(None);
    };
    if *command == Command::Reprint {
        return reprint_on_screen(tx, ctx).map(Some);
    }
    let Some(draft) = current_draft(tx)? else {
        return Err(StationError::Inspection {
            code: "inspection.no_unit",
            message: "no unit is being inspected: scan a product or an LPN first".into(),
        });
    };
    let (set, state) = draft_state(ctx.grading, &draft)?;
    let step = match command {
        Command::Ok => Step::Ok,
        Command::Fail => Step::Fail,
        Command::Pass => Step::Pass,
        Command::Hold => Step::Hold,
        Command::Grade(g) => Step::Grade { grade: g.clone() },
        Command::Defect(c) => Step::Defect { code: c.clone() },
        Command::Reason(c) => Step::Reason { code: c.clone() },
        Command::Photo => return outcome(tx, ctx, Some(InspectionAction::PhotoRequested), None).map(Some),
        Command::Undo => {
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
        Command::Next => {
            if !state.is_graded() {
                return Err(StationError::Inspection {
                    code: "inspection.not_graded",
                    message: "the unit has no grade yet: answer the question or scan a grade".into(),
                });
            }
            let decision = save(tx, ctx, &draft, &state)?;
            return outcome(tx, ctx, None, Some(decision)).map(Some);
        }
        // Reprinted above; the others are not for the inspection (filtered above).
        Command::Reprint
        | Command::Close
        | Command::Empty
        | Command::Damaged
        | Command::Logout
        | Command::NoLabel => return Ok(None),
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

pub(super) fn start(tx: &Transaction<'_>, ctx: &Ctx<'_>, lpn: &str) -> Result<(), StationError> {
    crate::sync::ensure_held(tx, lpn)?;
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

impl Station {
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
