//! Disposition: where a graded unit goes, decided by a first-hit decision table kept as data.
//!
//! A table (`Table::from_json`) is versioned (`id`, `version`) and validated on load: malformed
//! tables are refused with the table, row and field; unreachable and overlapping rows are
//! warnings; a table whose rows could all miss a valid input is refused. `decide` is pure (no IO,
//! no clock) and total: every valid input gets exactly one decision, with a trace that says which
//! row fired, what each of its conditions saw, why every earlier row missed, and what every
//! channel would recover.
//!
//! `explain` turns a decision into sentences for the dock (Fluent message ids and arguments).
//!
//! The trace borrows from the table and the input instead of copying strings, so a decision with
//! its full trace costs a handful of allocations; serialise it (JSON) to keep it.

mod dry_run;
mod error;
mod explain;
mod fraud;
mod input;
pub mod jdm;
mod recovery;
mod table;
mod validate;

#[cfg(test)]
mod explain_tests;
#[cfg(test)]
mod tests;

pub use dry_run::{dry_run, dry_run_recorded, Change, DryRun, Past, DRY_RUN_DECISIONS};
pub use error::TableError;
pub use explain::{
    explain, explain_inspector_hold, explain_override, explain_reason, reason, reason_key, Arg, Explanation,
    Join, KEYS as EXPLANATION_KEYS,
};
pub use fraud::{fraud_flags, is_repeat_returner, FraudFacts, REPEAT_RETURNER_RETURNS};
pub use input::{
    DecisionInput, FraudFlag, InputError, ReturnWindow, RtvTerms, Tier, VendorAgreement, DEFAULT_GRADES,
};
pub use recovery::{share, Blocked, ChannelRates, ChannelValue, RatesSource, RecoveryConfig, FULL_BP};
pub use table::{Channel, Column, ColumnKind, Condition, FlagSet, Lit, Outcome, Refund, Row, Table, Value};
pub use validate::Warning;

use serde::Serialize;

/// The demo rules (electronics, apparel, home goods), embedded so the station and the CLI work
/// out of the box.
pub const DEMO_RULES_JSON: &str = include_str!("../../../../assets/rules/demo.json");

/// The demo table. The JSON is compiled in and a test loads it, so it cannot fail at run time
/// unless the build itself is broken.
#[allow(clippy::expect_used)]
pub fn demo_table() -> Table {
    Table::from_json(DEMO_RULES_JSON).expect("assets/rules/demo.json is checked by the tests")
}

/// Reason code of the hold given to an input no row matches. A valid table matches every valid
/// input; this only answers inputs that skipped `DecisionInput::validate`.
pub const NO_ROW_MATCHED: &str = "engine.no_row_matched";

/// One decision and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision<'a> {
    pub channel: Channel,
    /// Tote or bin prefix the unit goes to.
    pub destination: &'a str,
    pub reason: &'a str,
    /// The chosen channel's expected recovery (None for hold, or when not valued).
    pub expected_recovery_minor: Option<i64>,
    pub currency: &'a str,
    /// What the customer gets back: the row's refund (review when no row matched).
    pub refund: Refund,
    /// That refund of the unit's price, in `currency`; None while a person decides it.
    pub refund_minor: Option<i64>,
    pub trace: Trace<'a>,
}

/// Everything needed to explain a decision after the fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trace<'a> {
    pub table: &'a str,
    pub version: u32,
    /// The row that fired, counted from 1; None only for an input no row matched.
    pub row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row_name: Option<&'a str>,
    /// The conditions of that row (those that test something) with the values they saw.
    pub matched: Vec<Tested<'a>>,
    /// Every earlier row: the first condition that failed and the value it saw.
    pub missed: Vec<Missed<'a>>,
    pub choice: Choice<'a>,
    pub rates: RatesSource<'a>,
    /// Every channel but hold, valued for this unit; `allowed` says whether it was open.
    pub recovery: Vec<ChannelValue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tested<'a> {
    pub field: &'a Column,
    pub condition: &'a Condition,
    pub value: Value<'a>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Missed<'a> {
    pub row: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    pub field: &'a Column,
    pub condition: &'a Condition,
    pub value: Value<'a>,
}

/// How the channel was chosen once the row fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Choice<'a> {
    /// The row names the channel.
    Row,
    /// Highest expected recovery among the row's allowed channels (ties: the earlier listed).
    /// `valued` is false when no rates applied and the first allowed channel was taken.
    BestRecovery { among: &'a [Channel], valued: bool },
    /// No row matched (an input that was not validated): held for a person.
    NoRowMatched,
}

/// Runs the table on one input. Pure and total: no IO, no clock, no panic; the same input gives
/// the same decision and trace.
pub fn decide<'a>(table: &'a Table, input: &'a DecisionInput) -> Decision<'a> {
    let mut missed = Vec::new();
    let mut hit = None;
    'rows: for (i, row) in table.rows.iter().enumerate() {
        for (field, condition) in &row.when {
            let value = field.value(input);
            if !condition.eval(&value) {
                missed.push(Missed {
                    row: i + 1,
                    name: row.name.as_deref(),
                    field,
                    condition,
                    value,
                });
                continue 'rows;
            }
        }
        hit = Some((i, row));
        break;
    }
    let rates = recovery::rates_for(&table.recovery, input);
    let values = recovery::value_all(&rates, input);
    let value_of = |c: Channel| {
        values
            .iter()
            .find(|v| v.channel == c)
            .and_then(|v| v.expected_minor)
    };
    let destination_of = |c: Channel| table.destinations.get(&c).map_or("", String::as_str);

    let (channel, destination, reason, choice, row, matched) = match hit {
        None => (
            Channel::Hold,
            destination_of(Channel::Hold),
            NO_ROW_MATCHED,
            Choice::NoRowMatched,
            None,
            Vec::new(),
        ),
        Some((i, row)) => {
            let matched = row
                .when
                .iter()
                .filter(|(_, c)| *c != Condition::Any)
                .map(|(field, condition)| Tested {
                    field,
                    condition,
                    value: field.value(input),
                })
                .collect();
            let (channel, destination, choice) = match &row.outcome {
                Outcome::Channel { channel, destination } => (
                    *channel,
                    destination.as_deref().unwrap_or_else(|| destination_of(*channel)),
                    Choice::Row,
                ),
                Outcome::BestOf(list) => {
                    let allowed = || {
                        list.iter()
                            .copied()
                            .filter(|c| values.iter().any(|v| v.channel == *c && v.allowed))
                    };
                    // Strictly greater replaces: of equal values the first listed stays.
                    let mut best: Option<(Channel, i64)> = None;
                    for c in allowed() {
                        if let Some(v) = value_of(c) {
                            if best.is_none_or(|(_, b)| v > b) {
                                best = Some((c, v));
                            }
                        }
                    }
                    let best = best.map(|(c, _)| c);
                    let valued = best.is_some();
                    // Validation guarantees a channel other than rtv, which is always allowed.
                    let channel = best.or_else(|| allowed().next()).unwrap_or(Channel::Hold);
                    (
                        channel,
                        destination_of(channel),
                        Choice::BestRecovery { among: list, valued },
                    )
                }
            };
            (
                channel,
                destination,
                row.reason.as_str(),
                choice,
                Some(i + 1),
                matched,
            )
        }
    };
    let row_name = hit.and_then(|(_, r)| r.name.as_deref());
    let refund = hit.map_or(Refund::Review, |(_, r)| r.refund);
    Decision {
        refund,
        refund_minor: refund.amount_minor(input.price_minor),
        channel,
        destination,
        reason,
        expected_recovery_minor: if channel == Channel::Hold {
            None
        } else {
            value_of(channel)
        },
        currency: &input.currency,
        trace: Trace {
            table: &table.id,
            version: table.version,
            row,
            row_name,
            matched,
            missed,
            choice,
            rates: rates.source,
            recovery: values,
        },
    }
}
