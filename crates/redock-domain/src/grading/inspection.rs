//! One inspection as a list of steps (the inspector's answers, in order) folded over a grading
//! set. The station stores the steps as events; the state is always recomputed from them, so
//! undo is "drop the last step" and a crash mid-inspection loses nothing.

use super::set::GradingSet;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One answer of the inspector. Each comes from a key or a command barcode on the station sheet.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Step {
    /// The current question passes (the unit does not have that problem).
    Ok,
    /// The current question fails: its grade settles the inspection.
    Fail,
    /// Every remaining question passes.
    Pass,
    /// The inspector names the grade: questions that settle a worse grade pass, the first that
    /// settles this grade fails (its axes apply).
    Grade {
        grade: String,
    },
    Defect {
        code: String,
    },
    /// The reason found, from the set's catalogue (replaces an earlier one).
    Reason {
        code: String,
    },
    Photo {
        sha256: String,
    },
    /// Send the unit to the supervisors' queue whatever the rules say.
    Hold,
}

/// How the grade was reached, for the record and the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Settled {
    /// The first failing question.
    Question { id: String },
    /// Every question passed.
    AllPassed,
    /// The inspector named the grade (no question settles it).
    Chosen,
}

/// Why a step cannot be taken now. The station shows it and records nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("the grade is already settled ({grade}); undo to change an answer")]
    AlreadySettled { grade: String },
    #[error("grade {grade:?} is not on the scale of set {set} ({scale})")]
    UnknownGrade {
        set: String,
        grade: String,
        scale: String,
    },
    #[error("grade {grade} contradicts the answer already given to {question:?}; undo first")]
    Contradicts { grade: String, question: String },
    #[error("defect {code:?} is not in the catalogue of set {set}")]
    UnknownDefect { set: String, code: String },
    #[error("defect {code:?} is already recorded")]
    DefectTwice { code: String },
    #[error("reason {code:?} is not in the catalogue of set {set}")]
    UnknownReason { set: String, code: String },
    #[error("the photo is already attached")]
    PhotoTwice,
    #[error("nothing to undo")]
    NothingToUndo,
}

impl StepError {
    /// Stable code for the screen (`error-<code>` in the station's languages).
    pub fn code(&self) -> &'static str {
        match self {
            StepError::AlreadySettled { .. } => "inspection.already_settled",
            StepError::UnknownGrade { .. } => "inspection.unknown_grade",
            StepError::Contradicts { .. } => "inspection.contradicts",
            StepError::UnknownDefect { .. } => "inspection.unknown_defect",
            StepError::DefectTwice { .. } => "inspection.defect_twice",
            StepError::UnknownReason { .. } => "inspection.unknown_reason",
            StepError::PhotoTwice => "inspection.photo_twice",
            StepError::NothingToUndo => "inspection.nothing_to_undo",
        }
    }

    pub const CODES: [&'static str; 8] = [
        "inspection.already_settled",
        "inspection.unknown_grade",
        "inspection.contradicts",
        "inspection.unknown_defect",
        "inspection.defect_twice",
        "inspection.unknown_reason",
        "inspection.photo_twice",
        "inspection.nothing_to_undo",
    ];
}

/// Where an inspection stands after its steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InspectionState {
    /// Index of the next question to ask; None once the grade is settled.
    pub question: Option<usize>,
    /// Questions answered "ok", in order.
    pub passed: Vec<String>,
    /// The checklist's grade (before defects), once settled.
    pub checklist_grade: Option<String>,
    pub settled: Option<Settled>,
    /// The overall grade: the worse of the checklist's grade and every defect's cap.
    pub grade: Option<String>,
    /// Axis values known so far (an axis every question of which passed gets its best value
    /// once the grade is settled).
    pub axes: BTreeMap<String, String>,
    pub defects: Vec<String>,
    pub reason: Option<String>,
    pub photos: Vec<String>,
    pub hold: bool,
}

impl InspectionState {
    pub fn is_graded(&self) -> bool {
        self.grade.is_some()
    }
}

/// Folds steps over a set. Every step must be one `check_step` accepted; a step that is not
/// valid (a set changed under a stored draft) is an error naming it.
pub fn evaluate(set: &GradingSet, steps: &[Step]) -> Result<InspectionState, StepError> {
    let mut state = InspectionState {
        question: Some(0),
        passed: Vec::new(),
        checklist_grade: None,
        settled: None,
        grade: None,
        axes: BTreeMap::new(),
        defects: Vec::new(),
        reason: None,
        photos: Vec::new(),
        hold: false,
    };
    for step in steps {
        apply(set, &mut state, step)?;
    }
    Ok(state)
}

/// The state after one more step, or why the step cannot be taken.
pub fn check_step(set: &GradingSet, steps: &[Step], next: &Step) -> Result<InspectionState, StepError> {
    let mut state = evaluate(set, steps)?;
    apply(set, &mut state, next)?;
    Ok(state)
}

fn apply(set: &GradingSet, s: &mut InspectionState, step: &Step) -> Result<(), StepError> {
    let settled_err = |s: &InspectionState| StepError::AlreadySettled {
        grade: s.grade.clone().unwrap_or_default(),
    };
    match step {
        Step::Ok => {
            let i = s.question.ok_or_else(|| settled_err(s))?;
            s.passed.push(set.checklist[i].id.clone());
            if i + 1 == set.checklist.len() {
                settle_all_passed(set, s);
            } else {
                s.question = Some(i + 1);
            }
        }
        Step::Fail => {
            let i = s.question.ok_or_else(|| settled_err(s))?;
            let q = &set.checklist[i];
            settle(
                set,
                s,
                &q.fail.grade,
                &q.fail.axes,
                Settled::Question { id: q.id.clone() },
            );
        }
        Step::Pass => {
            let i = s.question.ok_or_else(|| settled_err(s))?;
            for q in &set.checklist[i..] {
                s.passed.push(q.id.clone());
            }
            settle_all_passed(set, s);
        }
        Step::Grade { grade } => {
            let i = s.question.ok_or_else(|| settled_err(s))?;
            let Some(target) = set.rank(grade) else {
                return Err(StepError::UnknownGrade {
                    set: set.id.clone(),
                    grade: grade.clone(),
                    scale: set.grades.join(", "),
                });
            };
            // A question already passed that settles this very grade or a better one says the
            // unit is better than the grade named: refuse rather than guess which answer is wrong.
            if let Some(q) = set.checklist[..i]
                .iter()
                .find(|q| set.rank(&q.fail.grade).is_some_and(|r| r <= target))
            {
                return Err(StepError::Contradicts {
                    grade: grade.clone(),
                    question: q.id.clone(),
                });
            }
            let mut settled = false;
            for q in &set.checklist[i..] {
                let r = set.rank(&q.fail.grade).unwrap_or(usize::MAX);
                if r > target {
                    s.passed.push(q.id.clone());
                } else if r == target {
                    settle(
                        set,
                        s,
                        &q.fail.grade,
                        &q.fail.axes,
                        Settled::Question { id: q.id.clone() },
                    );
                    settled = true;
                    break;
                } else {
                    break;
                }
            }
            if !settled {
                if set.rank(&set.pass.grade) == Some(target) && s.passed.len() == set.checklist.len() {
                    settle_all_passed(set, s);
                } else {
                    let none = BTreeMap::new();
                    settle(set, s, grade, &none, Settled::Chosen);
                }
            }
        }
        Step::Defect { code } => {
            let Some(d) = set.defect(code) else {
                return Err(StepError::UnknownDefect {
                    set: set.id.clone(),
                    code: code.clone(),
                });
            };
            if s.defects.contains(code) {
                return Err(StepError::DefectTwice { code: code.clone() });
            }
            s.defects.push(code.clone());
            worsen_axes(set, &mut s.axes, &d.effect.axes);
            recompute_grade(set, s);
        }
        Step::Reason { code } => {
            if set.reason(code).is_none() {
                return Err(StepError::UnknownReason {
                    set: set.id.clone(),
                    code: code.clone(),
                });
            }
            s.reason = Some(code.clone());
        }
        Step::Photo { sha256 } => {
            if s.photos.contains(sha256) {
                return Err(StepError::PhotoTwice);
            }
            s.photos.push(sha256.clone());
        }
        Step::Hold => s.hold = true,
    }
    Ok(())
}

fn settle_all_passed(set: &GradingSet, s: &mut InspectionState) {
    settle(set, s, &set.pass.grade, &set.pass.axes, Settled::AllPassed);
}

fn settle(
    set: &GradingSet,
    s: &mut InspectionState,
    grade: &str,
    axes: &BTreeMap<String, String>,
    how: Settled,
) {
    s.question = None;
    s.checklist_grade = Some(grade.to_owned());
    s.settled = Some(how);
    worsen_axes(set, &mut s.axes, axes);
    // Axes whose every question passed are at their best value; axes a later (unasked)
    // question would have tested stay unknown.
    let asked: BTreeSet<&str> = s.passed.iter().map(String::as_str).collect();
    for axis in &set.axes {
        if s.axes.contains_key(&axis.name) {
            continue;
        }
        let all_asked = set
            .checklist
            .iter()
            .filter(|q| q.fail.axes.contains_key(&axis.name))
            .all(|q| asked.contains(q.id.as_str()));
        if all_asked {
            if let Some(best) = axis.scale.first() {
                s.axes.insert(axis.name.clone(), best.clone());
            }
        }
    }
    recompute_grade(set, s);
}

fn worsen_axes(set: &GradingSet, axes: &mut BTreeMap<String, String>, new: &BTreeMap<String, String>) {
    for (name, value) in new {
        let Some(axis) = set.axis(name) else { continue };
        let pos = |v: &str| axis.scale.iter().position(|x| x == v);
        let worse = match axes.get(name) {
            Some(old) => pos(value) > pos(old),
            None => true,
        };
        if worse {
            axes.insert(name.clone(), value.clone());
        }
    }
}

fn recompute_grade(set: &GradingSet, s: &mut InspectionState) {
    let Some(base) = &s.checklist_grade else { return };
    let mut worst = set.rank(base).unwrap_or(0);
    for code in &s.defects {
        if let Some(r) = set.defect(code).and_then(|d| set.rank(&d.effect.grade)) {
            worst = worst.max(r);
        }
    }
    s.grade = set.grades.get(worst).cloned();
}
