//! Grading: sets as data (`assets/grading/*.json`), one per product category plus a fallback,
//! validated on load; a worst-first checklist whose first failing answer settles the grade;
//! defects that cap it; the found reason; mappings to external scales (Amazon, eBay, CTIA).
//!
//! An inspection is its list of steps (`Step`), folded by `evaluate`: pure, so the station can
//! store steps as events, undo by dropping the last, and rebuild the state after a crash.

mod inspection;
mod set;

#[cfg(test)]
mod tests;

pub use inspection::{check_step, evaluate, InspectionState, Settled, Step, StepError};
pub use set::{
    Axis, Defect, Effect, External, GradingSet, GradingSets, Question, Reason, SetError, Text, AXES,
    DEFAULT_UNUSED_GRADES, LANGUAGES,
};

/// The demo grading sets, embedded so the station and the CLI work out of the box.
pub const DEMO_SETS_JSON: [(&str, &str); 4] = [
    (
        "electronics-v1.json",
        include_str!("../../../../assets/grading/electronics-v1.json"),
    ),
    (
        "apparel-v1.json",
        include_str!("../../../../assets/grading/apparel-v1.json"),
    ),
    (
        "home-v1.json",
        include_str!("../../../../assets/grading/home-v1.json"),
    ),
    (
        "general-v1.json",
        include_str!("../../../../assets/grading/general-v1.json"),
    ),
];

/// Loads sets from (file name, JSON) pairs; a refusal names the file.
pub fn load_sets<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<GradingSets, SetError> {
    let mut sets = Vec::new();
    for (name, json) in files {
        let set = GradingSet::from_json(json).map_err(|e| match e {
            SetError::Json {
                set,
                line,
                column,
                message,
            } => SetError::Json {
                set: format!("{set} ({name})"),
                line,
                column,
                message,
            },
            SetError::Invalid { set, field, problem } => SetError::Invalid {
                set: format!("{set} ({name})"),
                field,
                problem,
            },
            other => other,
        })?;
        sets.push(set);
    }
    GradingSets::new(sets)
}

/// The demo sets. The JSON is compiled in and a test loads it.
#[allow(clippy::expect_used)]
pub fn demo_sets() -> GradingSets {
    load_sets(DEMO_SETS_JSON).expect("assets/grading/*.json are checked by the tests")
}
