//! Inspection and disposition at the desk. A received unit (or a unit whose LPN is scanned) gets
//! an inspection in progress; the inspector's keys and command barcodes (`CMD:OK`, `CMD:FAIL`,
//! `CMD:PASS`, `CMD:GRADE:A`, `CMD:DEFECT:DENT`, `CMD:REASON:NO_FAULT`, `CMD:HOLD`, `CMD:UNDO`,
//! `CMD:NEXT`) become steps, each an event; the grading set folds them into a grade. Saving
//! records `inspected` and, in the same transaction, `decided` with the rule table's trace.
//!
//! A graded inspection is saved by `CMD:NEXT` or by the next scan that is not an answer (the
//! next product, parcel label or `CMD:CLOSE`), so a clean unit takes three scans: the product,
//! `CMD:PASS` (or `CMD:GRADE:A`), and the next product.
//!
//! One job a file, each importing only the ones below it:
//! - `steps`: what a scan does to the unit on the desk (start, answer, undo, park, save, photos);
//! - `decide`: saving an inspection and deciding it (`inspected` + `decided`), overrides;
//! - `inputs`: the facts a decision looks at, gathered from the store (the decision's input,
//!   fraud flags);
//! - `views`: the read models the screen shows (inspection, decision, holds, the day, the
//!   waiting shelf);
//! - `draft`: the inspection in progress and the unit it is of.

mod decide;
mod draft;
mod inputs;
mod steps;
mod views;

use redock_domain::disposition::Table;
use redock_domain::grading::GradingSets;
use time::OffsetDateTime;

pub use views::{
    AxisValue, Choice, DecisionRecord, DecisionView, ExternalValue, HeldUnit, InspectionAction,
    InspectionOutcome, InspectionView, InspectorDay, QuestionView, WaitingUnit,
};

pub(crate) use decide::override_in_tx;
pub(crate) use draft::current_draft;
pub(crate) use steps::{after_scan, before_scan};
pub(crate) use views::{current_decision, current_inspection_in, inspector_day_in, outcome, waiting_units};

/// Who inspects, when, and the station's configuration for it, read before the write
/// transaction.
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
    /// From this many returns on record a customer is a repeat returner (`fraud` setting).
    pub repeat_returner_returns: u32,
}
