//! A grading set as data (`assets/grading/*.json`), validated on load. Every refusal names the
//! set and the field, so whoever edits a set can fix it without reading this code.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::disposition::DEFAULT_GRADES;

/// Of the default scale, the grades a unit has only if it was not used: sealed (`new-unopened`)
/// or opened but like new (`A`). What a set on the default scale counts as unused unless it says
/// otherwise (`unused_grades`), as Redock always has.
pub const DEFAULT_UNUSED_GRADES: [&str; 2] = ["new-unopened", "A"];

/// The station's languages. Every text in a set exists in each of them.
pub const LANGUAGES: [&str; 5] = ["en", "pl", "ro", "nb", "ru"];

/// The axes a set may grade on, in the order the brief names them.
pub const AXES: [&str; 5] = ["functional", "cosmetic", "packaging", "completeness", "hygiene"];

/// A text in every station language.
pub type Text = BTreeMap<String, String>;

/// What a failing answer (or a defect) does to the unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effect {
    /// The overall grade this answer settles (a defect: the best grade the unit may still have).
    pub grade: String,
    /// Axis values this answer sets, by axis name.
    #[serde(default)]
    pub axes: BTreeMap<String, String>,
}

/// One question of the worst-first checklist, phrased so that "fail" means "has this problem".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: Text,
    pub fail: Effect,
}

/// A defect from the set's catalogue; `sheet: true` puts it on the station sheet as a barcode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defect {
    pub code: String,
    pub text: Text,
    pub effect: Effect,
    #[serde(default)]
    pub sheet: bool,
}

/// A reason the inspector found, next to the reason the customer gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    pub code: String,
    pub text: Text,
}

/// An ordered scale of one axis, best first, with the text of each value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    pub name: String,
    pub scale: Vec<String>,
    pub text: Text,
    /// The text of each value on the scale, by value.
    pub values: BTreeMap<String, Text>,
}

impl Axis {
    /// A value's words in `lang` (English as fallback, the code when unknown).
    pub fn value_text<'a>(&'a self, value: &'a str, lang: &str) -> &'a str {
        self.values
            .get(value)
            .map(|t| GradingSet::text(t, lang))
            .unwrap_or(value)
    }
}

/// A mapping of the result to a marketplace's or standard's scale: by the overall grade
/// (`by: "grade"`) or by one axis. `null` in `map` means "cannot be listed on that scale".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct External {
    pub scale: String,
    pub by: String,
    pub map: BTreeMap<String, Option<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    id: String,
    version: u32,
    #[serde(default)]
    description: String,
    /// Product categories this set grades; empty with `fallback: true` for everything else.
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    fallback: bool,
    #[serde(default)]
    grades: Option<Vec<String>>,
    /// The best grades of the scale, which only an unused unit gets. Default: on the default
    /// scale [`DEFAULT_UNUSED_GRADES`], on a set's own scale its best grade.
    #[serde(default)]
    unused_grades: Option<Vec<String>>,
    axes: Vec<Axis>,
    checklist: Vec<Question>,
    /// What a unit that passes every question gets.
    pass: Effect,
    #[serde(default)]
    defects: Vec<Defect>,
    reasons: Vec<Reason>,
    #[serde(default)]
    external: Vec<External>,
}

/// A validated grading set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradingSet {
    pub id: String,
    pub version: u32,
    pub description: String,
    pub categories: Vec<String>,
    pub fallback: bool,
    /// The overall scale, best first.
    pub grades: Vec<String>,
    /// The best grades of the scale, best first, which only an unused unit gets (as new, or
    /// opened and like new); a unit of any other grade was used ([`GradingSet::is_used`]).
    pub unused_grades: Vec<String>,
    pub axes: Vec<Axis>,
    pub checklist: Vec<Question>,
    pub pass: Effect,
    pub defects: Vec<Defect>,
    pub reasons: Vec<Reason>,
    pub external: Vec<External>,
}

/// Why a grading set is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    #[error("grading set {set}: not valid JSON at line {line}, column {column}: {message}")]
    Json {
        set: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("grading set {set}, `{field}`: {problem}")]
    Invalid {
        set: String,
        field: String,
        problem: String,
    },
    #[error("grading sets: {0}")]
    Collection(String),
}

impl GradingSet {
    pub fn from_json(text: &str) -> Result<GradingSet, SetError> {
        let name = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_owned))
            .unwrap_or_else(|| "(unnamed)".into());
        let raw: RawSet = serde_json::from_str(text).map_err(|e| SetError::Json {
            set: name.clone(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        validate(raw)
    }

    /// Position on the overall scale, 0 = best.
    pub fn rank(&self, grade: &str) -> Option<usize> {
        self.grades.iter().position(|g| g == grade)
    }

    /// Whether a unit of `grade` was used, as this set's scale says: every grade below its
    /// `unused_grades` is. None for a grade not on the scale: the set cannot say.
    pub fn is_used(&self, grade: &str) -> Option<bool> {
        Some(self.rank(grade)? >= self.unused_grades.len())
    }

    pub fn axis(&self, name: &str) -> Option<&Axis> {
        self.axes.iter().find(|a| a.name == name)
    }

    pub fn defect(&self, code: &str) -> Option<&Defect> {
        self.defects.iter().find(|d| d.code == code)
    }

    pub fn reason(&self, code: &str) -> Option<&Reason> {
        self.reasons.iter().find(|r| r.code == code)
    }

    /// The external scales' values for a result: (scale, value or None when not listable).
    pub fn external_values(
        &self,
        grade: &str,
        axes: &BTreeMap<String, String>,
    ) -> Vec<(String, Option<String>)> {
        self.external
            .iter()
            .filter_map(|e| {
                let key = if e.by == "grade" {
                    Some(grade)
                } else {
                    axes.get(&e.by).map(String::as_str)
                }?;
                Some((e.scale.clone(), e.map.get(key).cloned().flatten()))
            })
            .collect()
    }

    /// Text in `lang`, falling back to English (validation guarantees both exist).
    pub fn text<'t>(text: &'t Text, lang: &str) -> &'t str {
        text.get(lang)
            .or_else(|| text.get("en"))
            .map(String::as_str)
            .unwrap_or("")
    }
}

fn validate(raw: RawSet) -> Result<GradingSet, SetError> {
    let set = raw.id.clone();
    let bad = |field: String, problem: String| SetError::Invalid {
        set: set.clone(),
        field,
        problem,
    };
    if raw.id.is_empty() || !raw.id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(bad("id".into(), "letters, digits and '-' only, not empty".into()));
    }
    if raw.version == 0 {
        return Err(bad("version".into(), "versions count from 1".into()));
    }
    if raw.fallback != raw.categories.is_empty() {
        return Err(bad(
            "categories".into(),
            "a set names its categories, or is the fallback with none".into(),
        ));
    }
    let own_scale = raw.grades.is_some();
    let grades: Vec<String> = raw
        .grades
        .unwrap_or_else(|| DEFAULT_GRADES.iter().map(|g| (*g).to_owned()).collect());
    unique(&grades).map_err(|d| bad("grades".into(), format!("{d:?} appears twice")))?;
    if grades.len() < 2 {
        return Err(bad("grades".into(), "a scale has at least two grades".into()));
    }
    let unused_grades = match raw.unused_grades {
        Some(u) => u,
        None if own_scale => grades[..1].to_vec(),
        None => DEFAULT_UNUSED_GRADES.iter().map(|g| (*g).to_owned()).collect(),
    };
    // The best grades and no others: a unit cannot be used at one grade and unused at a worse.
    if unused_grades.is_empty()
        || unused_grades.len() >= grades.len()
        || unused_grades[..] != grades[..unused_grades.len()]
    {
        return Err(bad(
            "unused_grades".into(),
            format!(
                "{unused_grades:?} are not the best grades of the scale, best first, with at least \
                 one grade below them ({})",
                grades.join(", ")
            ),
        ));
    }

    let mut axis_names = BTreeSet::new();
    for (i, axis) in raw.axes.iter().enumerate() {
        let field = format!("axes[{i}]");
        if !AXES.contains(&axis.name.as_str()) {
            return Err(bad(
                format!("{field}.name"),
                format!("unknown axis {:?} (known: {})", axis.name, AXES.join(", ")),
            ));
        }
        if !axis_names.insert(axis.name.as_str()) {
            return Err(bad(
                format!("{field}.name"),
                format!("axis {:?} twice", axis.name),
            ));
        }
        if axis.scale.len() < 2 {
            return Err(bad(format!("{field}.scale"), "at least two values".into()));
        }
        unique(&axis.scale).map_err(|d| bad(format!("{field}.scale"), format!("{d:?} appears twice")))?;
        texts(&axis.text).map_err(|p| bad(format!("{field}.text"), p))?;
        for v in &axis.scale {
            let t = axis
                .values
                .get(v)
                .ok_or_else(|| bad(format!("{field}.values"), format!("no text for the value {v:?}")))?;
            texts(t).map_err(|p| bad(format!("{field}.values.{v}"), p))?;
        }
        if let Some(extra) = axis.values.keys().find(|k| !axis.scale.contains(k)) {
            return Err(bad(
                format!("{field}.values"),
                format!("{extra:?} is not on the scale"),
            ));
        }
    }
    if raw.axes.is_empty() {
        return Err(bad("axes".into(), "a set grades at least one axis".into()));
    }

    let check_effect = |field: String, e: &Effect| -> Result<(), SetError> {
        if !grades.contains(&e.grade) {
            return Err(bad(
                format!("{field}.grade"),
                format!("{:?} is not on the scale ({})", e.grade, grades.join(", ")),
            ));
        }
        for (axis, value) in &e.axes {
            let Some(a) = raw.axes.iter().find(|a| &a.name == axis) else {
                return Err(bad(
                    format!("{field}.axes"),
                    format!("axis {axis:?} is not one of this set's axes"),
                ));
            };
            if !a.scale.contains(value) {
                return Err(bad(
                    format!("{field}.axes.{axis}"),
                    format!("{value:?} is not on the scale ({})", a.scale.join(", ")),
                ));
            }
        }
        Ok(())
    };

    if raw.checklist.is_empty() {
        return Err(bad("checklist".into(), "at least one question".into()));
    }
    let rank = |g: &str| grades.iter().position(|x| x == g).unwrap_or(usize::MAX);
    let mut ids = BTreeSet::new();
    let mut previous: Option<(usize, &str)> = None;
    for (i, q) in raw.checklist.iter().enumerate() {
        let field = format!("checklist[{i}]");
        if q.id.is_empty() || !ids.insert(q.id.as_str()) {
            return Err(bad(
                format!("{field}.id"),
                format!("{:?} is empty or repeated", q.id),
            ));
        }
        texts(&q.text).map_err(|p| bad(format!("{field}.text"), p))?;
        check_effect(format!("{field}.fail"), &q.fail)?;
        // Worst first: a question may not settle a worse grade than one before it, or a unit
        // with that worse problem would be settled early by the milder question.
        let r = rank(&q.fail.grade);
        if let Some((prev, prev_id)) = previous {
            if r > prev {
                return Err(bad(
                    format!("{field}.fail.grade"),
                    format!(
                        "the checklist is worst first: {:?} ({}) comes after {prev_id:?} ({}), \
                         which settles a better grade",
                        q.id, q.fail.grade, grades[prev]
                    ),
                ));
            }
        }
        previous = Some((r, q.id.as_str()));
    }
    check_effect("pass".into(), &raw.pass)?;
    if let Some((last, last_id)) = previous {
        if rank(&raw.pass.grade) > last {
            return Err(bad(
                "pass.grade".into(),
                format!(
                    "passing every question ({}) may not be worse than failing the last one \
                     ({last_id:?}: {})",
                    raw.pass.grade, grades[last]
                ),
            ));
        }
    }

    let mut codes = BTreeSet::new();
    for (i, d) in raw.defects.iter().enumerate() {
        let field = format!("defects[{i}]");
        code_shape(&d.code).map_err(|p| bad(format!("{field}.code"), p))?;
        if !codes.insert(d.code.as_str()) {
            return Err(bad(format!("{field}.code"), format!("{:?} twice", d.code)));
        }
        texts(&d.text).map_err(|p| bad(format!("{field}.text"), p))?;
        check_effect(format!("{field}.effect"), &d.effect)?;
    }
    let mut reason_codes = BTreeSet::new();
    for (i, r) in raw.reasons.iter().enumerate() {
        let field = format!("reasons[{i}]");
        code_shape(&r.code).map_err(|p| bad(format!("{field}.code"), p))?;
        if !reason_codes.insert(r.code.as_str()) {
            return Err(bad(format!("{field}.code"), format!("{:?} twice", r.code)));
        }
        texts(&r.text).map_err(|p| bad(format!("{field}.text"), p))?;
    }
    if raw.reasons.is_empty() {
        return Err(bad(
            "reasons".into(),
            "a catalogue of found reasons is needed".into(),
        ));
    }

    for (i, e) in raw.external.iter().enumerate() {
        let field = format!("external[{i}]");
        let scale: &[String] = if e.by == "grade" {
            &grades
        } else if let Some(a) = raw.axes.iter().find(|a| a.name == e.by) {
            &a.scale
        } else {
            return Err(bad(
                format!("{field}.by"),
                format!("{:?} is neither \"grade\" nor one of this set's axes", e.by),
            ));
        };
        if let Some(missing) = scale.iter().find(|v| !e.map.contains_key(*v)) {
            return Err(bad(
                format!("{field}.map"),
                format!(
                    "{} has no value for {missing:?} (use null if it cannot be listed)",
                    e.scale
                ),
            ));
        }
        if let Some(extra) = e.map.keys().find(|k| !scale.contains(k)) {
            return Err(bad(
                format!("{field}.map"),
                format!("{extra:?} is not on the {} scale", e.by),
            ));
        }
    }

    Ok(GradingSet {
        id: raw.id,
        version: raw.version,
        description: raw.description,
        categories: raw.categories,
        fallback: raw.fallback,
        grades,
        unused_grades,
        axes: raw.axes,
        checklist: raw.checklist,
        pass: raw.pass,
        defects: raw.defects,
        reasons: raw.reasons,
        external: raw.external,
    })
}

fn unique(items: &[String]) -> Result<(), &str> {
    let mut seen = BTreeSet::new();
    for i in items {
        if !seen.insert(i.as_str()) {
            return Err(i);
        }
    }
    Ok(())
}

/// Codes travel in command barcodes (`CMD:DEFECT:<code>`): upper-case letters, digits, '_'.
fn code_shape(code: &str) -> Result<(), String> {
    if code.is_empty()
        || code.len() > 24
        || !code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(format!(
            "{code:?}: 1–24 characters of A–Z, 0–9 and '_' (it is printed as a barcode)"
        ));
    }
    Ok(())
}

fn texts(text: &Text) -> Result<(), String> {
    for lang in LANGUAGES {
        match text.get(lang) {
            Some(t) if !t.trim().is_empty() => {}
            _ => {
                return Err(format!(
                    "no text in {lang:?} (every set speaks {})",
                    LANGUAGES.join(", ")
                ))
            }
        }
    }
    if let Some(extra) = text.keys().find(|k| !LANGUAGES.contains(&k.as_str())) {
        return Err(format!("unknown language {extra:?}"));
    }
    Ok(())
}

/// The sets a station grades with: one per category, and exactly one fallback.
#[derive(Debug, Clone)]
pub struct GradingSets {
    sets: Vec<GradingSet>,
}

impl GradingSets {
    pub fn new(sets: Vec<GradingSet>) -> Result<GradingSets, SetError> {
        let fallbacks = sets.iter().filter(|s| s.fallback).count();
        if fallbacks != 1 {
            return Err(SetError::Collection(format!(
                "exactly one fallback set is needed, found {fallbacks}"
            )));
        }
        let mut ids = BTreeSet::new();
        let mut categories = BTreeMap::new();
        for s in &sets {
            if !ids.insert(s.id.as_str()) {
                return Err(SetError::Collection(format!("set {:?} loaded twice", s.id)));
            }
            for c in &s.categories {
                if let Some(other) = categories.insert(c.as_str(), s.id.as_str()) {
                    return Err(SetError::Collection(format!(
                        "category {c:?} is graded by both {other:?} and {:?}",
                        s.id
                    )));
                }
            }
        }
        Ok(GradingSets { sets })
    }

    /// The set for a product category, or the fallback.
    pub fn for_category(&self, category: &str) -> &GradingSet {
        self.sets
            .iter()
            .find(|s| s.categories.iter().any(|c| c == category))
            .or_else(|| self.sets.iter().find(|s| s.fallback))
            .unwrap_or(&self.sets[0])
    }

    pub fn by_id(&self, id: &str) -> Option<&GradingSet> {
        self.sets.iter().find(|s| s.id == id)
    }

    pub fn all(&self) -> &[GradingSet] {
        &self.sets
    }
}
