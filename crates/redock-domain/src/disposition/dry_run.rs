//! A rule table tried on decisions already made, before it is saved (#16): each past decision's
//! input decided again by the new table, and what would change — which units, from which channel
//! to which, the recovery and refund each way. Pure, like `decide`.

use super::{decide, Channel, Refund, Table};
use crate::disposition::DecisionInput;
use serde::Serialize;
use std::collections::BTreeMap;

/// A decision the rules made, with the input they saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Past {
    pub lpn: String,
    pub input: DecisionInput,
    pub channel: Channel,
    pub recovery_minor: Option<i64>,
    /// None: decided before refunds were.
    pub refund: Option<Refund>,
}

impl Past {
    /// A `decided` event's payload (as recorded at a station, relayed to the hub) as a past
    /// decision of the rules: None for a person's decision, or one without the rules' input in
    /// its trace (a unit held before the rules ran: no SKU, no expected return).
    pub fn from_decided(payload: &serde_json::Value) -> Option<Past> {
        if payload.get("decided_by")?.as_str()? != "rule" {
            return None;
        }
        let input: DecisionInput =
            serde_json::from_value(payload.get("trace")?.get("input")?.clone()).ok()?;
        let channel = Channel::parse(payload.get("channel")?.as_str()?).ok()?;
        Some(Past {
            lpn: payload.get("lpn")?.as_str()?.to_owned(),
            input,
            channel,
            recovery_minor: payload.get("recovery_minor").and_then(serde_json::Value::as_i64),
            refund: payload
                .get("refund")
                .and_then(|r| serde_json::from_value(r.clone()).ok()),
        })
    }
}

/// How many past decisions a dry run looks at: the newest.
pub const DRY_RUN_DECISIONS: usize = 1_000;

/// One unit the new table decides otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Change {
    pub lpn: String,
    pub from: Channel,
    pub to: Channel,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub recovery_from: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub recovery_to: Option<i64>,
    pub refund_from: Option<Refund>,
    pub refund_to: Refund,
    /// The new table's row that decided it.
    #[cfg_attr(feature = "specta", specta(type = Option<u32>))]
    pub row: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DryRun {
    pub table: String,
    pub version: u32,
    /// Decisions decided again.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub compared: usize,
    /// Those that would change (channel, recovery or refund), newest first as given.
    pub changed: Vec<Change>,
    /// Units moving from one channel to another, by `from → to`.
    #[cfg_attr(feature = "specta", specta(type = BTreeMap<String, u32>))]
    pub moves: BTreeMap<String, usize>,
    /// The new table's expected recovery less the old one's, over every compared decision
    /// (a decision without a value counts as 0).
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub recovery_delta_minor: i64,
    pub currency: Option<String>,
}

/// `dry_run` over `decided` payloads as recorded (JSON text, newest first): a person's decisions,
/// and any the rules' input cannot be read back from, are left out (`compared` says how many
/// were tried).
pub fn dry_run_recorded<'a>(table: &Table, payloads: impl IntoIterator<Item = &'a str>) -> DryRun {
    let past: Vec<Past> = payloads
        .into_iter()
        .filter_map(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .filter_map(|p| Past::from_decided(&p))
        .collect();
    dry_run(table, &past)
}

/// Decide every past input again with `table`.
pub fn dry_run(table: &Table, past: &[Past]) -> DryRun {
    let mut changed = Vec::new();
    let mut moves = BTreeMap::new();
    let mut delta = 0i64;
    for p in past {
        // As the station decides: an input the table cannot take (a grade off its scale) is held
        // for a person, not run.
        let (channel, recovery, refund, row) = if p.input.validate(table).is_err() {
            (Channel::Hold, None, Refund::Review, None)
        } else {
            let d = decide(table, &p.input);
            (d.channel, d.expected_recovery_minor, d.refund, d.trace.row)
        };
        delta = delta.saturating_add(
            recovery
                .unwrap_or(0)
                .saturating_sub(p.recovery_minor.unwrap_or(0)),
        );
        // A decision made before refunds says nothing of one: its refund is not a change.
        let same =
            channel == p.channel && recovery == p.recovery_minor && p.refund.is_none_or(|r| r == refund);
        if same {
            continue;
        }
        if channel != p.channel {
            *moves
                .entry(format!("{} → {}", p.channel.as_str(), channel.as_str()))
                .or_insert(0) += 1;
        }
        changed.push(Change {
            lpn: p.lpn.clone(),
            from: p.channel,
            to: channel,
            recovery_from: p.recovery_minor,
            recovery_to: recovery,
            refund_from: p.refund,
            refund_to: refund,
            row,
        });
    }
    DryRun {
        table: table.id().to_owned(),
        version: table.version(),
        compared: past.len(),
        changed,
        moves,
        recovery_delta_minor: delta,
        currency: past.first().map(|p| p.input.currency.clone()),
    }
}
