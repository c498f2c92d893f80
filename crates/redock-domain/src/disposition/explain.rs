//! Decisions in sentences: a decision and its trace turned into what a person reads on the dock,
//! one sentence per row tried, as Fluent message ids with their arguments.
//!
//! Only *what* to say is decided here, from structured data — the row, its reason code and
//! outcome, the condition that failed, the value it saw, the recovery of each channel — never
//! by reading English text. The words are chosen where the operator's language is known (the
//! window renders `assets/i18n/*.ftl`), so the same explanation reads in all five languages and
//! a better translation needs no new decision. Numbers stay numbers (Fluent picks the plural
//! form), money stays minor units with its currency, a percentage stays basis points.
//!
//! The station keeps the explanation with the decision (in the `decided` event's trace), made
//! from the table and the input that decided it: a later version of the rules does not change
//! why an earlier unit went where it went.

use super::input::{DecisionInput, RtvTerms};
use super::recovery::{Blocked, ChannelValue, RatesSource};
use super::table::{Channel, Column, Condition, FlagSet, Lit, Row, Table, Value};
use super::{Choice, Decision, NO_ROW_MATCHED};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One sentence: a Fluent message id and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Explanation {
    /// The rule row this sentence is about (counted from 1), to find it in the trace.
    pub row: Option<u32>,
    pub key: String,
    pub args: BTreeMap<String, Arg>,
}

/// An argument of a sentence, kept as data so the window formats it in the operator's
/// language: money with its currency, a count for the plural, a word by its own message id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Arg {
    /// Shown as it is: a grade, a category, a currency code, an axis value.
    Text { text: String },
    /// A count (days): Fluent chooses the plural form from it.
    Number {
        #[cfg_attr(feature = "specta", specta(type = i32))]
        value: i64,
    },
    Money {
        #[cfg_attr(feature = "specta", specta(type = i32))]
        minor: i64,
        currency: String,
    },
    /// Basis points (10000 = 100 %).
    Percent { bp: u32 },
    /// A word of its own message (a channel, a tier, a fraud flag, a rule's reason code);
    /// `fallback` is shown when no locale has the message (a code from a newer table).
    Word { key: String, fallback: String },
    /// Items joined as a list in the operator's language ("C, D or X").
    List { items: Vec<Arg>, join: Join },
    /// A part of a sentence that has its own message and arguments.
    Message {
        key: String,
        args: BTreeMap<String, Arg>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Join {
    And,
    Or,
}

/// Reason codes the station gives when the rules did not decide, or did not have the last
/// word. They are translated like the rules' own (`reason_key`).
pub mod reason {
    /// The unit's product is not in the catalogue: no rule can judge it.
    pub const UNKNOWN_ITEM: &str = "unknown_item";
    /// No expected return names the unit: no window, tier or customer to judge by.
    pub const NO_EXPECTED_RETURN: &str = "no_expected_return";
    /// The inputs gathered for the unit do not fit the table (a grade off its scale, …).
    pub const INPUT_NOT_VALID: &str = "input_not_valid";
    /// The order date of the unit's expected return cannot be read: whether it is late, and how
    /// long since the purchase, cannot be told.
    pub const ORDER_DATE_UNREADABLE: &str = "order_date_unreadable";
    /// The inspector held the unit; the rules' answer stays in the trace.
    pub const INSPECTOR_HOLD: &str = "inspector_hold";
    /// A supervisor decided instead of the rules.
    pub const OVERRIDE: &str = "override";

    pub const ALL: [&str; 6] = [
        UNKNOWN_ITEM,
        NO_EXPECTED_RETURN,
        INPUT_NOT_VALID,
        ORDER_DATE_UNREADABLE,
        INSPECTOR_HOLD,
        OVERRIDE,
    ];
}

/// The message id of a reason code: `reason-` and the code with dots and underscores as
/// hyphens, as error codes map to `error-…` (`resell.as_new` → `reason-resell-as-new`).
pub fn reason_key(code: &str) -> String {
    format!("reason-{}", code.replace(['.', '_'], "-"))
}

/// Every fixed message id an explanation can use; reason codes add `reason_key` of each.
/// A test keeps this list true (every id an explanation of the demo table uses is in it) and
/// every id in it translated in every locale.
pub const KEYS: &[&str] = &[
    "explain-skipped",
    "explain-skipped-needs",
    "explain-decided",
    "explain-decided-always",
    "explain-best-chosen",
    "explain-best-other",
    "explain-best-blocked",
    "explain-best-unvalued",
    "explain-rules-would",
    "explain-override-was",
    "explain-fact-grade",
    "explain-fact-axis",
    "explain-fact-axis-missing",
    "explain-fact-category",
    "explain-fact-currency",
    "explain-fact-cost",
    "explain-fact-price",
    "explain-fact-days",
    "explain-fact-window-within",
    "explain-fact-window-late",
    "explain-fact-tier",
    "explain-fact-vendor-eligible",
    "explain-fact-vendor-forced",
    "explain-fact-vendor-prohibited",
    "explain-fact-vendor-none",
    "explain-fact-vendor-window-open",
    "explain-fact-vendor-window-closed",
    "explain-fact-vendor-window-days",
    "explain-fact-vendor-credit",
    "explain-fact-flags",
    "explain-fact-flags-none",
    "explain-needs",
    "explain-needs-days",
    "explain-needs-flags",
    "recovery-note-no-vendor-agreement",
    "recovery-note-agreement-prohibits-rtv",
    "recovery-note-vendor-window-closed",
    "recovery-note-currency-mismatch",
    "recovery-note-input-rates",
    "recovery-note-category-rates",
    "recovery-note-default-rates",
    "tier-standard",
    "tier-loyal",
    "tier-vip",
    "flag-empty_box",
    "flag-swapped_item",
    "flag-serial_mismatch",
    "flag-used_beyond_window",
    "flag-repeat_returner",
    "decision-channel-restock",
    "decision-channel-refurbish",
    "decision-channel-liquidate",
    "decision-channel-rtv",
    "decision-channel-donate",
    "decision-channel-recycle",
    "decision-channel-destroy",
    "decision-channel-hold",
];

/// Why the table decided what it did: the row that fired first (what it saw), then how the
/// channel was chosen among its candidates (what each would recover, why one was closed), then
/// each earlier row with the first condition that kept it from firing. Pure: the same
/// decision gives the same sentences.
pub fn explain(table: &Table, input: &DecisionInput, decision: &Decision<'_>) -> Vec<Explanation> {
    let trace = &decision.trace;
    let mut out = Vec::with_capacity(trace.missed.len() + 4);
    let row_of = |n: usize| n.checked_sub(1).and_then(|i| table.rows().get(i));
    match (trace.row, trace.row.and_then(row_of)) {
        (Some(n), Some(row)) => {
            let facts: Vec<Arg> = trace
                .matched
                .iter()
                .map(|t| fact(t.field, &t.value, input))
                .collect();
            let mut args = BTreeMap::from([("rule".to_owned(), rule_word(row))]);
            let key = if facts.is_empty() {
                "explain-decided-always"
            } else {
                args.insert(
                    "facts".into(),
                    Arg::List {
                        items: facts,
                        join: Join::And,
                    },
                );
                "explain-decided"
            };
            out.push(sentence(Some(n), key, args));
        }
        _ => out.push(sentence(None, &reason_key(NO_ROW_MATCHED), BTreeMap::new())),
    }
    if let Choice::BestRecovery { among, valued } = trace.choice {
        out.extend(best_of(trace.row, among, valued, decision, input));
    }
    if let RatesSource::CurrencyMismatch { table, unit } = trace.rates {
        out.push(sentence(
            None,
            "recovery-note-currency-mismatch",
            BTreeMap::from([("table".into(), text(table)), ("unit".into(), text(unit))]),
        ));
    }
    for m in &trace.missed {
        let Some(row) = row_of(m.row) else { continue };
        let mut args = BTreeMap::from([
            ("rule".to_owned(), rule_word(row)),
            ("fact".to_owned(), fact(m.field, &m.value, input)),
        ]);
        let key = match needs(m.field, m.condition, &m.value, input) {
            Some(n) => {
                args.insert("needs".into(), n);
                "explain-skipped-needs"
            }
            None => "explain-skipped",
        };
        out.push(sentence(Some(m.row), key, args));
    }
    out
}

/// A decision the station made without the rules (`reason::UNKNOWN_ITEM`, …), or one recorded
/// before decisions were explained: the reason in one sentence.
pub fn explain_reason(code: &str) -> Vec<Explanation> {
    vec![sentence(None, &reason_key(code), BTreeMap::new())]
}

/// The inspector's hold, then what the rules would have done: the supervisor who releases the
/// unit reads both.
pub fn explain_inspector_hold(rules_channel: Channel, rules: Vec<Explanation>) -> Vec<Explanation> {
    let mut out = explain_reason(reason::INSPECTOR_HOLD);
    out.push(sentence(
        None,
        "explain-rules-would",
        BTreeMap::from([("channel".into(), channel_word(rules_channel))]),
    ));
    out.extend(rules);
    out
}

/// A supervisor's override and the channel it replaced.
pub fn explain_override(was: Channel) -> Vec<Explanation> {
    let mut out = explain_reason(reason::OVERRIDE);
    out.push(sentence(
        None,
        "explain-override-was",
        BTreeMap::from([("channel".into(), channel_word(was))]),
    ));
    out
}

fn sentence(row: Option<usize>, key: &str, args: BTreeMap<String, Arg>) -> Explanation {
    Explanation {
        row: row.map(|r| u32::try_from(r).unwrap_or(u32::MAX)),
        key: key.to_owned(),
        args,
    }
}

fn text(s: &str) -> Arg {
    Arg::Text { text: s.to_owned() }
}

fn number(n: impl Into<i64>) -> Arg {
    Arg::Number { value: n.into() }
}

fn word(key: String, fallback: &str) -> Arg {
    Arg::Word {
        key,
        fallback: fallback.to_owned(),
    }
}

fn message(key: &str, args: impl IntoIterator<Item = (&'static str, Arg)>) -> Arg {
    Arg::Message {
        key: key.to_owned(),
        args: args.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
    }
}

fn money(minor: i64, input: &DecisionInput) -> Arg {
    Arg::Money {
        minor,
        currency: input.currency.clone(),
    }
}

/// A rule by what it is for (its reason code); a table's own code without a translation falls
/// back to the row's name, then the code.
fn rule_word(row: &Row) -> Arg {
    word(
        reason_key(&row.reason),
        row.name.as_deref().unwrap_or(&row.reason),
    )
}

fn channel_word(c: Channel) -> Arg {
    word(format!("decision-channel-{c}"), c.as_str())
}

fn tier_word(t: &str) -> Arg {
    word(format!("tier-{t}"), t)
}

fn flags_list(set: FlagSet, join: Join) -> Arg {
    Arg::List {
        items: set
            .iter()
            .map(|f| word(format!("flag-{}", f.as_str()), f.as_str()))
            .collect(),
        join,
    }
}

/// What the unit is, for one column: the clause a matched row lists and a skipped row gives
/// as its reason.
fn fact(column: &Column, value: &Value<'_>, input: &DecisionInput) -> Arg {
    let vendor_none = || message("explain-fact-vendor-none", []);
    let shown = || text(&value_text(value));
    match (column, value) {
        (Column::Grade, _) => message("explain-fact-grade", [("grade", shown())]),
        (Column::Axis(axis), Value::Missing) => message("explain-fact-axis-missing", [("axis", text(axis))]),
        (Column::Axis(axis), _) => message("explain-fact-axis", [("axis", text(axis)), ("value", shown())]),
        (Column::Category, _) => message("explain-fact-category", [("category", shown())]),
        (Column::Currency, _) => message("explain-fact-currency", [("currency", shown())]),
        (Column::CostMinor, _) => message("explain-fact-cost", [("amount", money(input.cost_minor, input))]),
        (Column::PriceMinor, _) => message(
            "explain-fact-price",
            [("amount", money(input.price_minor, input))],
        ),
        (Column::DaysSincePurchase, _) => {
            message("explain-fact-days", [("days", number(input.days_since_purchase))])
        }
        (Column::Window, Value::Text("late")) => message(
            "explain-fact-window-late",
            [("days", number(input.days_since_purchase))],
        ),
        (Column::Window, _) => message(
            "explain-fact-window-within",
            [("days", number(input.days_since_purchase))],
        ),
        (Column::Tier, _) => message("explain-fact-tier", [("tier", tier_word(input.tier.as_str()))]),
        (Column::VendorRtv, _) => match input.vendor.map(|v| v.rtv) {
            None => vendor_none(),
            Some(RtvTerms::Eligible) => message("explain-fact-vendor-eligible", []),
            Some(RtvTerms::Forced) => message("explain-fact-vendor-forced", []),
            Some(RtvTerms::Prohibited) => message("explain-fact-vendor-prohibited", []),
        },
        // The window is closed either by time or because the agreement takes nothing back.
        (Column::VendorWindow, _) => match input.vendor {
            None => vendor_none(),
            Some(v) if v.rtv == RtvTerms::Prohibited => message("explain-fact-vendor-prohibited", []),
            Some(v) if v.window_open(input.days_since_purchase) => message(
                "explain-fact-vendor-window-open",
                [(
                    "left",
                    number(v.window_days.saturating_sub(input.days_since_purchase)),
                )],
            ),
            Some(v) => message(
                "explain-fact-vendor-window-closed",
                [(
                    "ago",
                    number(input.days_since_purchase.saturating_sub(v.window_days)),
                )],
            ),
        },
        (Column::VendorWindowDays, _) => match input.vendor {
            None => vendor_none(),
            Some(v) => message(
                "explain-fact-vendor-window-days",
                [("days", number(v.window_days))],
            ),
        },
        (Column::VendorCreditBp, _) => match input.vendor {
            None => vendor_none(),
            Some(v) => message(
                "explain-fact-vendor-credit",
                [("credit", Arg::Percent { bp: v.credit_bp })],
            ),
        },
        (Column::Flags, Value::Flags(set)) if set.0 == 0 => message("explain-fact-flags-none", []),
        (Column::Flags, Value::Flags(set)) => {
            message("explain-fact-flags", [("flags", flags_list(*set, Join::And))])
        }
        (Column::Flags, _) => message("explain-fact-flags-none", []),
    }
}

fn value_text(v: &Value<'_>) -> String {
    match v {
        Value::Text(t) => (*t).to_owned(),
        other => other.to_string(),
    }
}

/// What a skipped row needed, when the fact alone does not say it: a grade, a price limit, a
/// tier. None for columns whose fact already tells the mismatch (the return window, the
/// vendor's terms and window, no fraud signals) and for values that are missing.
fn needs(column: &Column, condition: &Condition, value: &Value<'_>, input: &DecisionInput) -> Option<Arg> {
    if matches!(value, Value::Missing) {
        return None;
    }
    match column {
        Column::Window | Column::VendorRtv | Column::VendorWindow => return None,
        Column::Flags => {
            return match (condition, value) {
                (Condition::HasAnyOf(wanted), Value::Flags(had)) if had.0 != 0 => Some(message(
                    "explain-needs-flags",
                    [("flags", flags_list(*wanted, Join::Or))],
                )),
                _ => None,
            }
        }
        _ => {}
    }
    let days = matches!(column, Column::DaysSincePurchase | Column::VendorWindowDays);
    let key = if days {
        "explain-needs-days"
    } else {
        "explain-needs"
    };
    // Days keep plain numbers so that the message can put the word "days" in the right form.
    let lit = |l: &Lit| match (l, column) {
        (Lit::Number(n), Column::CostMinor | Column::PriceMinor) => money(*n, input),
        (Lit::Number(n), Column::VendorCreditBp) => Arg::Percent {
            bp: u32::try_from(*n).unwrap_or(0),
        },
        (Lit::Number(n), _) => number(*n),
        (Lit::Text(t), Column::Tier) => tier_word(t),
        (Lit::Text(t), _) => text(t),
    };
    let limit = |n: i64| lit(&Lit::Number(n));
    let list = |ls: &[Lit]| Arg::List {
        items: ls.iter().map(lit).collect(),
        join: Join::Or,
    };
    let op = |o: &str| ("op", text(o));
    Some(match condition {
        Condition::Any | Condition::HasAnyOf(_) => return None,
        Condition::Eq(Lit::Number(n)) if days => message(key, [op("eq"), ("limit", number(*n))]),
        Condition::Eq(l) => message(key, [op("is"), ("expected", list(std::slice::from_ref(l)))]),
        Condition::OneOf(ls) => message(key, [op("is"), ("expected", list(ls))]),
        Condition::Not(ls) => message(key, [op("not"), ("expected", list(ls))]),
        Condition::Lt(a) => message(key, [op("lt"), ("limit", limit(*a))]),
        Condition::Le(a) => message(key, [op("le"), ("limit", limit(*a))]),
        Condition::Gt(a) => message(key, [op("gt"), ("limit", limit(*a))]),
        Condition::Ge(a) => message(key, [op("ge"), ("limit", limit(*a))]),
        Condition::Between(lo, hi) => {
            message(key, [op("between"), ("low", limit(*lo)), ("high", limit(*hi))])
        }
    })
}

/// How a best-of row chose: the channel that recovers the most, what the others would have,
/// and why a closed one was not a candidate ("return to vendor skipped: the vendor's window
/// closed 3 days ago").
fn best_of(
    row: Option<usize>,
    among: &[Channel],
    valued: bool,
    decision: &Decision<'_>,
    input: &DecisionInput,
) -> Vec<Explanation> {
    let value =
        |c: Channel| -> Option<&ChannelValue> { decision.trace.recovery.iter().find(|v| v.channel == c) };
    let mut out = Vec::new();
    let chosen = decision.channel;
    let amount = |m: i64| money(m, input);
    match (valued, value(chosen).and_then(|v| v.expected_minor)) {
        (true, Some(m)) => out.push(sentence(
            row,
            "explain-best-chosen",
            BTreeMap::from([
                ("channel".into(), channel_word(chosen)),
                ("amount".into(), amount(m)),
            ]),
        )),
        _ => out.push(sentence(
            row,
            "explain-best-unvalued",
            BTreeMap::from([("channel".into(), channel_word(chosen))]),
        )),
    }
    for c in among.iter().copied().filter(|c| *c != chosen) {
        let Some(v) = value(c) else { continue };
        let mut args = BTreeMap::from([("channel".to_owned(), channel_word(c))]);
        let key = match (v.blocked, v.expected_minor) {
            (Some(b), _) => {
                args.insert("note".into(), blocked_note(b));
                "explain-best-blocked"
            }
            (None, Some(m)) => {
                args.insert("amount".into(), amount(m));
                "explain-best-other"
            }
            (None, None) => continue,
        };
        out.push(sentence(row, key, args));
    }
    if valued {
        let (key, args) = match decision.trace.rates {
            RatesSource::Input => ("recovery-note-input-rates", BTreeMap::new()),
            RatesSource::Category { category } => (
                "recovery-note-category-rates",
                BTreeMap::from([("category".into(), text(category))]),
            ),
            RatesSource::Default => (
                "recovery-note-default-rates",
                BTreeMap::from([("category".into(), text(&input.category))]),
            ),
            // Said once for the whole decision (nothing at all was valued).
            RatesSource::CurrencyMismatch { .. } => return out,
        };
        out.push(sentence(row, key, args));
    }
    out
}

fn blocked_note(b: Blocked) -> Arg {
    match b {
        Blocked::NoVendorAgreement => message("recovery-note-no-vendor-agreement", []),
        Blocked::AgreementProhibitsRtv => message("recovery-note-agreement-prohibits-rtv", []),
        Blocked::VendorWindowClosed {
            days_since_purchase,
            window_days,
        } => message(
            "recovery-note-vendor-window-closed",
            [("ago", number(days_since_purchase.saturating_sub(window_days)))],
        ),
    }
}
