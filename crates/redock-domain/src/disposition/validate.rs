//! Checks a parsed table before anyone may use it: conditions fit their columns, literals exist
//! (a grade on the scale, a known category, a tier that exists), outcomes can be carried out
//! (destinations, best-of lists that always have a candidate), and the rows cover every valid
//! input. Unreachable rows and overlaps are warnings: the table still works, but someone should
//! look.
//!
//! Coverage is decided exactly on a finite abstraction. Each tested column's domain is cut into
//! cells that no condition of the table splits (numbers at every bound any condition uses, texts
//! into the literals used plus "anything else", flags into the subsets of the flags used), so a
//! row is a box: a product of cell sets, one per column. "Row j is unreachable" is "box j lies in
//! the union of the earlier boxes", decided by subtracting boxes. Columns are treated as
//! independent (e.g. `vendor.rtv = none` with a `vendor.window_days`), so the abstract space is a
//! superset of the real one: an unreachable warning is always true, and a table that passes the
//! coverage check truly covers every valid input; at worst a table is asked for a catch-all it
//! did not strictly need.

use super::error::TableError;
use super::input::FraudFlag;
use super::recovery::FULL_BP;
use super::table::{Channel, Column, ColumnKind, Condition, FlagSet, Lit, Outcome, Row, Table, Value};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;

/// Something worth a look in a table that is still valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Every input this row matches is taken by earlier rows: it never fires.
    Unreachable { row: usize, covered_by: Vec<usize> },
    /// Earlier rows with a different outcome take part of this row's inputs.
    Overlap { row: usize, earlier: Vec<usize> },
    /// The table is too large to analyse exactly; nothing is claimed about its rows.
    NotAnalysed { reason: String },
    /// These rows say nothing of the refund (a table written before refunds): a person decides it.
    NoRefund { rows: Vec<usize> },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[usize]| v.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
        match self {
            Warning::Unreachable { row, covered_by } => {
                write!(
                    f,
                    "row {row} is unreachable: rows {} take all its inputs",
                    list(covered_by)
                )
            }
            Warning::Overlap { row, earlier } => write!(
                f,
                "row {row} overlaps rows {} with another outcome (first hit: they win)",
                list(earlier)
            ),
            Warning::NotAnalysed { reason } => write!(f, "coverage not analysed: {reason}"),
            Warning::NoRefund { rows } => write!(
                f,
                "rows {} say nothing of the refund (`then.refund`): a person decides it",
                list(rows)
            ),
        }
    }
}

/// Above this many pieces the subtraction stops: tables that large need a literal catch-all.
const MAX_PIECES: usize = 20_000;

pub(crate) fn check(t: &Table) -> Result<Vec<Warning>, TableError> {
    let bad = |row: Option<usize>, field: String, problem: String| TableError::Invalid {
        table: t.id.clone(),
        row,
        field,
        problem,
    };
    check_table_fields(t, &bad)?;
    if t.rows.is_empty() {
        return Err(bad(None, "rows".into(), "a table needs at least one row".into()));
    }
    for (i, row) in t.rows.iter().enumerate() {
        check_row(t, row).map_err(|(field, problem)| bad(Some(i + 1), field, problem))?;
    }
    let mut warnings = coverage(t)?;
    let silent: Vec<usize> = (1..=t.rows.len())
        .filter(|i| !t.rows[i - 1].refund_given)
        .collect();
    if !silent.is_empty() {
        warnings.push(Warning::NoRefund { rows: silent });
    }
    Ok(warnings)
}

type Bad<'a> = dyn Fn(Option<usize>, String, String) -> TableError + 'a;

fn check_table_fields(t: &Table, bad: &Bad<'_>) -> Result<(), TableError> {
    if t.grades.is_empty() {
        return Err(bad(
            None,
            "grades".into(),
            "the scale needs at least one grade".into(),
        ));
    }
    let mut seen = BTreeSet::new();
    for g in &t.grades {
        if g.trim().is_empty() || !seen.insert(g) {
            return Err(bad(
                None,
                "grades".into(),
                format!("grade {g:?} is empty or repeated"),
            ));
        }
    }
    for (c, d) in &t.destinations {
        if d.trim().is_empty() {
            return Err(bad(None, format!("destinations.{c}"), "must not be empty".into()));
        }
    }
    let r = &t.recovery;
    if r.currency.len() != 3 || !r.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(bad(
            None,
            "recovery.currency".into(),
            format!("{:?} is not an ISO 4217 code", r.currency),
        ));
    }
    let rate_err = |at: String, (field, v, max): (&str, u32, u32)| {
        bad(
            None,
            format!("{at}.{field}"),
            format!("{v} basis points; at most {max}"),
        )
    };
    r.default
        .check()
        .map_err(|e| rate_err("recovery.default".into(), e))?;
    for (cat, rates) in &r.categories {
        rates
            .check()
            .map_err(|e| rate_err(format!("recovery.categories.{cat}"), e))?;
    }
    for (g, bp) in &r.grade_factor_bp {
        let field = format!("recovery.grade_factor_bp.{g}");
        if !t.grades.contains(g) {
            return Err(bad(None, field, "not a grade on the table's scale".into()));
        }
        if *bp > FULL_BP {
            return Err(bad(None, field, format!("{bp} basis points; at most {FULL_BP}")));
        }
    }
    Ok(())
}

fn check_row(t: &Table, row: &Row) -> Result<(), (String, String)> {
    for (col, cond) in &row.when {
        let field = format!("when.{col}");
        check_condition(t, col, cond).map_err(|p| (field, p))?;
    }
    let reason_ok = !row.reason.is_empty()
        && row
            .reason
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b));
    if !reason_ok {
        // Reason codes are keys (translations, reports), not prose.
        return Err((
            "then.reason".into(),
            format!("{:?} is not a reason code (a-z, 0-9, _ . -)", row.reason),
        ));
    }
    match &row.outcome {
        Outcome::Channel { channel, destination } => {
            let has = destination
                .as_deref()
                .or(t.destinations.get(channel).map(String::as_str));
            match has {
                Some(d) if !d.trim().is_empty() => {}
                _ => {
                    return Err((
                        "then.destination".into(),
                        format!("no destination for {channel}: give one here or in the table's destinations"),
                    ))
                }
            }
        }
        Outcome::BestOf(list) => {
            let f = || "then.best_of".to_owned();
            if list.is_empty() {
                return Err((f(), "lists no channel".into()));
            }
            let mut seen = BTreeSet::new();
            for c in list {
                if *c == Channel::Hold {
                    return Err((
                        f(),
                        "hold recovers nothing by itself: make it a row of its own".into(),
                    ));
                }
                if !seen.insert(*c) {
                    return Err((f(), format!("{c} is listed twice")));
                }
                if !t.destinations.contains_key(c) {
                    return Err((f(), format!("{c} has no destination in the table's destinations")));
                }
            }
            // RTV is the only channel a unit can be refused; one other keeps the list non-empty.
            if list.iter().all(|c| *c == Channel::Rtv) {
                return Err((
                    f(),
                    "needs a channel besides rtv, which is not always open".into(),
                ));
            }
        }
    }
    Ok(())
}

fn check_condition(t: &Table, col: &Column, cond: &Condition) -> Result<(), String> {
    let lits: &[Lit] = match cond {
        Condition::Eq(l) => std::slice::from_ref(l),
        Condition::OneOf(ls) | Condition::Not(ls) => ls,
        _ => &[],
    };
    if matches!(cond, Condition::OneOf(ls) | Condition::Not(ls) if ls.is_empty()) {
        return Err("an empty list matches nothing (one_of) or everything (not): say what you mean".into());
    }
    let ranged = matches!(
        cond,
        Condition::Lt(_) | Condition::Le(_) | Condition::Gt(_) | Condition::Ge(_) | Condition::Between(..)
    );
    match col.kind() {
        ColumnKind::Flags => {
            if !matches!(cond, Condition::Any | Condition::HasAnyOf(_)) {
                return Err(format!("flags take `has_any_of` or \"any\", not {cond}"));
            }
            if matches!(cond, Condition::HasAnyOf(s) if s.0 == 0) {
                return Err("`has_any_of` needs at least one flag".into());
            }
        }
        ColumnKind::Number { .. } => {
            if matches!(cond, Condition::HasAnyOf(_)) {
                return Err(format!("{col} is a number: {cond} does not apply"));
            }
            if let Some(l) = lits.iter().find(|l| matches!(l, Lit::Text(_))) {
                return Err(format!("{col} is a number, {l} is text"));
            }
            if let Condition::Between(lo, hi) = cond {
                if lo > hi {
                    return Err(format!("between {lo} and {hi} is empty"));
                }
            }
        }
        kind @ (ColumnKind::Closed | ColumnKind::Open { .. }) => {
            if ranged || matches!(cond, Condition::HasAnyOf(_)) {
                return Err(format!("{col} is text: {cond} does not apply"));
            }
            for l in lits {
                let Lit::Text(s) = l else {
                    return Err(format!("{col} is text, {l} is a number"));
                };
                if kind == ColumnKind::Closed {
                    let domain = col.closed_domain(&t.grades);
                    if !domain.contains(&s.as_str()) {
                        return Err(format!("unknown value {s:?} (known: {})", domain.join(", ")));
                    }
                }
                // A misspelt category would silently never match: only categories the table
                // has rates for may be named.
                if *col == Column::Category && !t.recovery.categories.contains_key(s) {
                    let known: Vec<&str> = t.recovery.categories.keys().map(String::as_str).collect();
                    return Err(format!(
                        "unknown category {s:?} (categories with rates: {})",
                        known.join(", ")
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The cells of one tested column, each given by a value inside it.
struct Axis<'t> {
    column: &'t Column,
    samples: Vec<Value<'t>>,
}

/// Texts no table literal can equal stand for "any other value" of an open column.
const OTHER: &str = "\u{1}other";

fn axes<'t>(t: &'t Table) -> Vec<Axis<'t>> {
    let mut columns: BTreeSet<&Column> = BTreeSet::new();
    for row in &t.rows {
        for (c, cond) in &row.when {
            if *cond != Condition::Any {
                columns.insert(c);
            }
        }
    }
    columns
        .into_iter()
        .map(|column| {
            let conds = t
                .rows
                .iter()
                .flat_map(|r| &r.when)
                .filter(|(c, _)| c == column)
                .map(|(_, c)| c);
            let samples = match column.kind() {
                ColumnKind::Closed => column
                    .closed_domain(&t.grades)
                    .into_iter()
                    .map(Value::Text)
                    .collect(),
                ColumnKind::Open { optional } => {
                    let mut texts: BTreeSet<&str> = BTreeSet::new();
                    for cond in conds {
                        let ls: &[Lit] = match cond {
                            Condition::Eq(l) => std::slice::from_ref(l),
                            Condition::OneOf(ls) | Condition::Not(ls) => ls,
                            _ => &[],
                        };
                        texts.extend(ls.iter().filter_map(|l| match l {
                            Lit::Text(s) => Some(s.as_str()),
                            Lit::Number(_) => None,
                        }));
                    }
                    let mut v: Vec<Value> = texts.into_iter().map(Value::Text).collect();
                    v.push(Value::Text(OTHER));
                    if optional {
                        v.push(Value::Missing);
                    }
                    v
                }
                ColumnKind::Number { optional } => {
                    // Valid inputs hold no negative number (money, days, rates), so 0 starts the
                    // domain; every bound a condition uses starts a new cell.
                    let mut starts: BTreeSet<i64> = BTreeSet::from([0]);
                    for cond in conds {
                        let mut add = |n: i64| {
                            if n > 0 {
                                starts.insert(n);
                            }
                        };
                        match cond {
                            Condition::Lt(a) | Condition::Ge(a) => add(*a),
                            Condition::Le(a) | Condition::Gt(a) => add(a.saturating_add(1)),
                            Condition::Between(a, b) => {
                                add(*a);
                                add(b.saturating_add(1));
                            }
                            Condition::Eq(l) => {
                                if let Lit::Number(n) = l {
                                    add(*n);
                                    add(n.saturating_add(1));
                                }
                            }
                            Condition::OneOf(ls) | Condition::Not(ls) => {
                                for l in ls {
                                    if let Lit::Number(n) = l {
                                        add(*n);
                                        add(n.saturating_add(1));
                                    }
                                }
                            }
                            Condition::Any | Condition::HasAnyOf(_) => {}
                        }
                    }
                    let mut v: Vec<Value> = starts.into_iter().map(Value::Number).collect();
                    if optional {
                        v.push(Value::Missing);
                    }
                    v
                }
                ColumnKind::Flags => {
                    let used = conds.fold(0u8, |acc, c| match c {
                        Condition::HasAnyOf(s) => acc | s.0,
                        _ => acc,
                    });
                    // Every subset of the flags the table names; the others change nothing.
                    let bits: Vec<u8> = (0..FraudFlag::ALL.len() as u8)
                        .map(|i| 1 << i)
                        .filter(|b| used & b != 0)
                        .collect();
                    (0u32..1 << bits.len())
                        .map(|mask| {
                            let set = bits
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| mask & (1 << i) != 0)
                                .fold(0u8, |acc, (_, b)| acc | b);
                            Value::Flags(FlagSet(set))
                        })
                        .collect()
                }
            };
            Axis { column, samples }
        })
        .collect()
}

/// A set of cells per axis.
type Cube = Vec<Vec<bool>>;

fn row_cube(axes: &[Axis<'_>], row: &Row) -> Cube {
    axes.iter()
        .map(|a| {
            let cond = row.when.iter().find(|(c, _)| c == a.column).map(|(_, c)| c);
            a.samples.iter().map(|v| cond.is_none_or(|c| c.eval(v))).collect()
        })
        .collect()
}

fn is_empty(c: &Cube) -> bool {
    c.iter().any(|cells| !cells.iter().any(|x| *x))
}

fn intersects(a: &Cube, b: &Cube) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| x.iter().zip(y).any(|(p, q)| *p && *q))
}

/// `b` minus `a`, as at most one cube per axis.
fn subtract(b: &Cube, a: &Cube) -> Vec<Cube> {
    if !intersects(b, a) {
        return vec![b.clone()];
    }
    let mut out = Vec::new();
    let mut cur = b.clone();
    for i in 0..cur.len() {
        let outside: Vec<bool> = cur[i].iter().zip(&a[i]).map(|(x, y)| *x && !*y).collect();
        if outside.iter().any(|x| *x) {
            let mut piece = cur.clone();
            piece[i] = outside;
            out.push(piece);
        }
        cur[i] = cur[i].iter().zip(&a[i]).map(|(x, y)| *x && *y).collect();
    }
    out
}

/// What of `target` the `cover` cubes leave, or None when the subtraction grew too large.
fn uncovered(target: &Cube, cover: &[&Cube]) -> Option<Vec<Cube>> {
    let mut pieces = vec![target.clone()];
    for a in cover {
        pieces = pieces.iter().flat_map(|p| subtract(p, a)).collect();
        if pieces.is_empty() || pieces.len() > MAX_PIECES {
            break;
        }
    }
    (pieces.len() <= MAX_PIECES).then_some(pieces)
}

fn coverage(t: &Table) -> Result<Vec<Warning>, TableError> {
    let axes = axes(t);
    let cubes: Vec<Cube> = t.rows.iter().map(|r| row_cube(&axes, r)).collect();
    let mut warnings = Vec::new();
    let mut gave_up = false;
    // Rows found unreachable never take an input, so they are left out of later comparisons.
    let mut live: Vec<usize> = Vec::new();
    for (j, cube) in cubes.iter().enumerate() {
        let earlier: Vec<usize> = live
            .iter()
            .copied()
            .filter(|i| intersects(&cubes[*i], cube))
            .collect();
        if is_empty(cube) {
            warnings.push(Warning::Unreachable {
                row: j + 1,
                covered_by: Vec::new(),
            });
            continue;
        }
        let cover: Vec<&Cube> = earlier.iter().map(|i| &cubes[*i]).collect();
        match uncovered(cube, &cover) {
            Some(rest) if rest.is_empty() => {
                warnings.push(Warning::Unreachable {
                    row: j + 1,
                    covered_by: earlier.iter().map(|i| i + 1).collect(),
                });
                continue;
            }
            Some(_) => {}
            None => gave_up = true,
        }
        live.push(j);
        // A catch-all overlaps everything by design; only rows that test something are worth
        // flagging when earlier rows with another outcome take part of them.
        if !t.rows[j].is_catch_all() {
            let differ: Vec<usize> = earlier
                .iter()
                .filter(|i| {
                    let (a, b) = (&t.rows[**i], &t.rows[j]);
                    a.outcome != b.outcome || a.reason != b.reason || a.refund != b.refund
                })
                .map(|i| i + 1)
                .collect();
            if !differ.is_empty() {
                warnings.push(Warning::Overlap {
                    row: j + 1,
                    earlier: differ,
                });
            }
        }
    }
    let everything: Cube = axes.iter().map(|a| vec![true; a.samples.len()]).collect();
    let all: Vec<&Cube> = cubes.iter().collect();
    match uncovered(&everything, &all) {
        Some(rest) => {
            if let Some(piece) = rest.first() {
                return Err(TableError::MayMiss {
                    table: t.id.clone(),
                    example: describe(&axes, piece),
                });
            }
        }
        None => {
            gave_up = true;
            // Too large to prove: only a literal catch-all at the end guarantees a decision.
            if !t.rows.last().is_some_and(Row::is_catch_all) {
                return Err(TableError::MayMiss {
                    table: t.id.clone(),
                    example: "the table is too large to prove it covers every input".into(),
                });
            }
        }
    }
    if gave_up {
        warnings.push(Warning::NotAnalysed {
            reason: format!("more than {MAX_PIECES} pieces; unreachable rows may go unreported"),
        });
    }
    Ok(warnings)
}

fn describe(axes: &[Axis<'_>], piece: &Cube) -> String {
    let parts: Vec<String> = axes
        .iter()
        .zip(piece)
        .filter_map(|(a, cells)| {
            let i = cells.iter().position(|x| *x)?;
            let v = match a.samples[i] {
                Value::Text(OTHER) => "another value".to_owned(),
                v => v.to_string(),
            };
            Some(format!("{} = {v}", a.column))
        })
        .collect();
    if parts.is_empty() {
        "any input".into()
    } else {
        parts.join(", ")
    }
}
