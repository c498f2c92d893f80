//! Decision tables as data: columns, conditions, outcomes, and the loader that turns JSON into a
//! validated `Table`. A `Table` can only be built by `Table::from_json`, so every `Table` in the
//! program has passed `validate::check` and `decide` may rely on it.
//!
//! The JSON is walked by hand rather than derived so that every refusal names the table, the row
//! and the field (serde's messages name neither the row nor the column).

use super::error::TableError;
use super::input::{DecisionInput, FraudFlag, DEFAULT_GRADES};
use super::recovery::RecoveryConfig;
use super::validate;
use crate::words::{parse_word, UnknownWord, WordKind};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::fmt;

/// Where a unit goes. Names are stable: events, labels and the UI use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
// "Channel" is taken in the UI by Tauri's IPC channel type; the container name does not change
// the JSON of a unit-variant enum.
#[serde(rename = "DispositionChannel", rename_all = "snake_case")]
pub enum Channel {
    Restock,
    Refurbish,
    Liquidate,
    Rtv,
    Donate,
    Recycle,
    Destroy,
    Hold,
}

impl Channel {
    pub const ALL: [Channel; 8] = [
        Channel::Restock,
        Channel::Refurbish,
        Channel::Liquidate,
        Channel::Rtv,
        Channel::Donate,
        Channel::Recycle,
        Channel::Destroy,
        Channel::Hold,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Restock => "restock",
            Channel::Refurbish => "refurbish",
            Channel::Liquidate => "liquidate",
            Channel::Rtv => "rtv",
            Channel::Donate => "donate",
            Channel::Recycle => "recycle",
            Channel::Destroy => "destroy",
            Channel::Hold => "hold",
        }
    }

    /// A channel by its word (a table's, or a stored decision's).
    pub fn parse(s: &str) -> Result<Channel, UnknownWord> {
        parse_word(WordKind::Channel, &Channel::ALL, Channel::as_str, s)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of fraud flags as bits (index in `FraudFlag::ALL`): copying it costs nothing, which
/// keeps the trace free of allocations per tested condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FlagSet(pub u8);

impl FlagSet {
    pub fn of(flags: impl IntoIterator<Item = FraudFlag>) -> FlagSet {
        FlagSet(flags.into_iter().fold(0, |acc, f| acc | FlagSet::bit(f)))
    }

    fn bit(f: FraudFlag) -> u8 {
        let i = FraudFlag::ALL.iter().position(|x| *x == f).unwrap_or(0);
        1 << i
    }

    pub fn iter(self) -> impl Iterator<Item = FraudFlag> {
        FraudFlag::ALL
            .into_iter()
            .filter(move |f| self.0 & FlagSet::bit(*f) != 0)
    }
}

impl Serialize for FlagSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(FraudFlag::as_str))
    }
}

/// One input value as a condition sees it. Borrowed from the input (or the table, for the
/// validator's sample values) so that tracing a decision copies no strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Text(&'a str),
    Number(i64),
    Flags(FlagSet),
    /// No such value: no vendor agreement, or an axis the inspection did not record.
    Missing,
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(t) => s.serialize_str(t),
            Value::Number(n) => s.serialize_i64(*n),
            Value::Flags(f) => f.serialize(s),
            Value::Missing => s.serialize_none(),
        }
    }
}

impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(t) => write!(f, "{t:?}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::Flags(set) => {
                let names: Vec<&str> = set.iter().map(FraudFlag::as_str).collect();
                write!(f, "[{}]", names.join(", "))
            }
            Value::Missing => f.write_str("missing"),
        }
    }
}

/// The inputs a row may test. `vendor.window` is derived (open, closed, none) so a rule need not
/// compare two columns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    Grade,
    Axis(String),
    Category,
    Currency,
    CostMinor,
    PriceMinor,
    DaysSincePurchase,
    Window,
    Tier,
    VendorRtv,
    VendorWindow,
    VendorWindowDays,
    VendorCreditBp,
    Flags,
}

/// What kind of values a column holds, which decides the conditions it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text from a fixed set of values (listed by `Column::closed_domain`).
    Closed,
    /// Text from an open set (categories, currencies, axis values); `optional` when it can be
    /// missing.
    Open {
        optional: bool,
    },
    /// A non-negative integer; `optional` when it can be missing.
    Number {
        optional: bool,
    },
    Flags,
}

impl Column {
    pub const NAMES: [&'static str; 14] = [
        "grade",
        "axis.<name>",
        "category",
        "currency",
        "cost_minor",
        "price_minor",
        "days_since_purchase",
        "window",
        "tier",
        "vendor.rtv",
        "vendor.window",
        "vendor.window_days",
        "vendor.credit_bp",
        "flags",
    ];

    pub fn parse(name: &str) -> Option<Column> {
        Some(match name {
            "grade" => Column::Grade,
            "category" => Column::Category,
            "currency" => Column::Currency,
            "cost_minor" => Column::CostMinor,
            "price_minor" => Column::PriceMinor,
            "days_since_purchase" => Column::DaysSincePurchase,
            "window" => Column::Window,
            "tier" => Column::Tier,
            "vendor.rtv" => Column::VendorRtv,
            "vendor.window" => Column::VendorWindow,
            "vendor.window_days" => Column::VendorWindowDays,
            "vendor.credit_bp" => Column::VendorCreditBp,
            "flags" => Column::Flags,
            _ => match name.strip_prefix("axis.") {
                Some(axis) if !axis.is_empty() => Column::Axis(axis.to_owned()),
                _ => return None,
            },
        })
    }

    pub fn name(&self) -> String {
        match self {
            Column::Axis(a) => format!("axis.{a}"),
            other => other.fixed_name().to_owned(),
        }
    }

    fn fixed_name(&self) -> &'static str {
        match self {
            Column::Grade => "grade",
            Column::Axis(_) => "axis",
            Column::Category => "category",
            Column::Currency => "currency",
            Column::CostMinor => "cost_minor",
            Column::PriceMinor => "price_minor",
            Column::DaysSincePurchase => "days_since_purchase",
            Column::Window => "window",
            Column::Tier => "tier",
            Column::VendorRtv => "vendor.rtv",
            Column::VendorWindow => "vendor.window",
            Column::VendorWindowDays => "vendor.window_days",
            Column::VendorCreditBp => "vendor.credit_bp",
            Column::Flags => "flags",
        }
    }

    pub fn kind(&self) -> ColumnKind {
        match self {
            Column::Grade | Column::Window | Column::Tier | Column::VendorRtv | Column::VendorWindow => {
                ColumnKind::Closed
            }
            Column::Axis(_) => ColumnKind::Open { optional: true },
            Column::Category | Column::Currency => ColumnKind::Open { optional: false },
            Column::CostMinor | Column::PriceMinor | Column::DaysSincePurchase => {
                ColumnKind::Number { optional: false }
            }
            Column::VendorWindowDays | Column::VendorCreditBp => ColumnKind::Number { optional: true },
            Column::Flags => ColumnKind::Flags,
        }
    }

    /// The values a closed column can take (the grade scale is the table's).
    pub fn closed_domain<'t>(&self, grades: &'t [String]) -> Vec<&'t str> {
        match self {
            Column::Grade => grades.iter().map(String::as_str).collect(),
            Column::Window => vec!["within", "late"],
            Column::Tier => vec!["standard", "loyal", "vip"],
            Column::VendorRtv => vec!["eligible", "forced", "prohibited", "none"],
            Column::VendorWindow => vec!["open", "closed", "none"],
            _ => Vec::new(),
        }
    }

    /// This column's value for one input.
    pub fn value<'a>(&self, input: &'a DecisionInput) -> Value<'a> {
        use super::input::ReturnWindow;
        match self {
            Column::Grade => Value::Text(&input.grade),
            Column::Axis(a) => input.axes.get(a).map_or(Value::Missing, |v| Value::Text(v)),
            Column::Category => Value::Text(&input.category),
            Column::Currency => Value::Text(&input.currency),
            Column::CostMinor => Value::Number(input.cost_minor),
            Column::PriceMinor => Value::Number(input.price_minor),
            Column::DaysSincePurchase => Value::Number(i64::from(input.days_since_purchase)),
            Column::Window => Value::Text(match input.window {
                ReturnWindow::Within => "within",
                ReturnWindow::Late => "late",
            }),
            Column::Tier => Value::Text(input.tier.as_str()),
            Column::VendorRtv => Value::Text(input.vendor.map_or("none", |v| v.rtv.as_str())),
            Column::VendorWindow => Value::Text(match input.vendor {
                None => "none",
                Some(v) if v.window_open(input.days_since_purchase) => "open",
                Some(_) => "closed",
            }),
            Column::VendorWindowDays => input
                .vendor
                .map_or(Value::Missing, |v| Value::Number(v.window_days.into())),
            Column::VendorCreditBp => input
                .vendor
                .map_or(Value::Missing, |v| Value::Number(v.credit_bp.into())),
            Column::Flags => Value::Flags(FlagSet::of(input.flags.iter().copied())),
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Column::Axis(a) => write!(f, "axis.{a}"),
            other => f.write_str(other.fixed_name()),
        }
    }
}

impl Serialize for Column {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A literal in a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lit {
    Text(String),
    Number(i64),
}

impl Lit {
    fn matches(&self, v: &Value<'_>) -> bool {
        match (self, v) {
            (Lit::Text(a), Value::Text(b)) => a == b,
            (Lit::Number(a), Value::Number(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for Lit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lit::Text(t) => write!(f, "{t:?}"),
            Lit::Number(n) => write!(f, "{n}"),
        }
    }
}

/// One cell of a row. Comparisons and `has any of` fail on a missing value; `not` holds for it
/// (a missing value is none of the listed ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    Any,
    Eq(Lit),
    OneOf(Vec<Lit>),
    Not(Vec<Lit>),
    Lt(i64),
    Le(i64),
    Gt(i64),
    Ge(i64),
    /// Inclusive at both ends.
    Between(i64, i64),
    HasAnyOf(FlagSet),
}

impl Condition {
    pub fn eval(&self, v: &Value<'_>) -> bool {
        let num = |f: &dyn Fn(i64) -> bool| matches!(v, Value::Number(n) if f(*n));
        match self {
            Condition::Any => true,
            Condition::Eq(l) => l.matches(v),
            Condition::OneOf(ls) => ls.iter().any(|l| l.matches(v)),
            Condition::Not(ls) => !ls.iter().any(|l| l.matches(v)),
            Condition::Lt(a) => num(&|n| n < *a),
            Condition::Le(a) => num(&|n| n <= *a),
            Condition::Gt(a) => num(&|n| n > *a),
            Condition::Ge(a) => num(&|n| n >= *a),
            Condition::Between(a, b) => num(&|n| *a <= n && n <= *b),
            Condition::HasAnyOf(set) => matches!(v, Value::Flags(f) if f.0 & set.0 != 0),
        }
    }

    /// Parses one cell: `"any"`, a string or integer (equals), an array (one of), or an object
    /// with one operator: `eq`, `one_of`, `not`, `<`, `<=`, `>`, `>=`, `between`, `has_any_of`.
    fn from_json(j: &Json) -> Result<Condition, String> {
        match j {
            Json::String(s) if s == "any" => Ok(Condition::Any),
            Json::Array(items) => Ok(Condition::OneOf(lits(items)?)),
            Json::Object(map) => {
                let mut it = map.iter();
                let (Some((op, arg)), None) = (it.next(), it.next()) else {
                    return Err(format!(
                        "an operator object has exactly one key (got {})",
                        map.len()
                    ));
                };
                let int = || {
                    arg.as_i64()
                        .ok_or_else(|| format!("`{op}` takes an integer, got {arg}"))
                };
                Ok(match op.as_str() {
                    "eq" => Condition::Eq(lit(arg)?),
                    "one_of" => match arg {
                        Json::Array(items) => Condition::OneOf(lits(items)?),
                        _ => return Err(format!("`one_of` takes an array, got {arg}")),
                    },
                    "not" => match arg {
                        Json::Array(items) => Condition::Not(lits(items)?),
                        one => Condition::Not(vec![lit(one)?]),
                    },
                    "<" => Condition::Lt(int()?),
                    "<=" => Condition::Le(int()?),
                    ">" => Condition::Gt(int()?),
                    ">=" => Condition::Ge(int()?),
                    "between" => match arg.as_array().map(|a| a.as_slice()) {
                        Some([lo, hi]) => match (lo.as_i64(), hi.as_i64()) {
                            (Some(lo), Some(hi)) => Condition::Between(lo, hi),
                            _ => return Err(format!("`between` takes two integers, got {arg}")),
                        },
                        _ => return Err(format!("`between` takes [low, high], got {arg}")),
                    },
                    "has_any_of" => {
                        let Json::Array(items) = arg else {
                            return Err(format!("`has_any_of` takes an array of flags, got {arg}"));
                        };
                        let mut set = FlagSet::default();
                        for item in items {
                            let flag = item.as_str().and_then(FraudFlag::parse).ok_or_else(|| {
                                let known: Vec<&str> = FraudFlag::ALL.iter().map(|f| f.as_str()).collect();
                                format!("unknown fraud flag {item} (known: {})", known.join(", "))
                            })?;
                            set.0 |= FlagSet::of([flag]).0;
                        }
                        Condition::HasAnyOf(set)
                    }
                    other => {
                        return Err(format!(
                            "unknown operator `{other}` (known: eq, one_of, not, <, <=, >, >=, between, has_any_of)"
                        ))
                    }
                })
            }
            other => Ok(Condition::Eq(lit(other)?)),
        }
    }
}

fn lit(j: &Json) -> Result<Lit, String> {
    match j {
        Json::String(s) => Ok(Lit::Text(s.clone())),
        Json::Number(n) => n
            .as_i64()
            .map(Lit::Number)
            .ok_or_else(|| format!("{n} is not an integer")),
        other => Err(format!("expected a string or an integer, got {other}")),
    }
}

fn lits(items: &[Json]) -> Result<Vec<Lit>, String> {
    items.iter().map(lit).collect()
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |ls: &[Lit]| ls.iter().map(Lit::to_string).collect::<Vec<_>>().join(", ");
        match self {
            Condition::Any => f.write_str("any"),
            Condition::Eq(l) => write!(f, "= {l}"),
            Condition::OneOf(ls) => write!(f, "one of [{}]", list(ls)),
            Condition::Not(ls) => write!(f, "not [{}]", list(ls)),
            Condition::Lt(a) => write!(f, "< {a}"),
            Condition::Le(a) => write!(f, "<= {a}"),
            Condition::Gt(a) => write!(f, "> {a}"),
            Condition::Ge(a) => write!(f, ">= {a}"),
            Condition::Between(a, b) => write!(f, "between {a} and {b}"),
            Condition::HasAnyOf(set) => write!(f, "has any of {}", Value::Flags(*set)),
        }
    }
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What a row decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// This channel; the destination is the row's or, if it names none, the table's.
    Channel {
        channel: Channel,
        destination: Option<String>,
    },
    /// The allowed channel with the highest expected recovery (ties: the earlier in the list).
    BestOf(Vec<Channel>),
}

/// What the customer gets back for a unit, decided with its channel (`then.refund`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Refund {
    /// The price paid.
    Full,
    /// The price paid less a restocking fee, in basis points of it (1..=9999).
    Partial { fee_bp: u32 },
    /// Nothing.
    None,
    /// A person decides (the unit is suspect, or the rules cannot tell).
    Review,
}

impl Refund {
    pub fn as_str(self) -> &'static str {
        match self {
            Refund::Full => "full",
            Refund::Partial { .. } => "partial",
            Refund::None => "none",
            Refund::Review => "review",
        }
    }

    /// The amount refunded for a unit paid `price_minor`: the fee is rounded half up to the minor
    /// unit, so the customer is never refunded more than the rule says. None for `review`.
    pub fn amount_minor(self, price_minor: i64) -> Option<i64> {
        match self {
            Refund::Full => Some(price_minor.max(0)),
            Refund::Partial { fee_bp } => {
                let price = i128::from(price_minor.max(0));
                let fee = (price * i128::from(fee_bp) + 5_000) / 10_000;
                i64::try_from((price - fee).max(0)).ok()
            }
            Refund::None => Some(0),
            Refund::Review => None,
        }
    }

    /// Whether a person's or a table's refund can be carried out: a partial refund's fee is
    /// 1..=9999 basis points (0 is a full refund, 10000 none).
    pub fn check(self) -> Result<Refund, String> {
        match self {
            Refund::Partial { fee_bp: 1..=9_999 } | Refund::Full | Refund::None | Refund::Review => Ok(self),
            Refund::Partial { fee_bp } => Err(format!(
                "a restocking fee is 1..9999 basis points (0 is a full refund, 10000 none), not {fee_bp}"
            )),
        }
    }

    /// `"full"`, `"none"`, `"review"` or `{"partial_fee_bp": 1500}`, as a row's `then.refund`.
    pub fn from_json(j: &Json) -> Result<Refund, String> {
        const KNOWN: &str = "\"full\", \"none\", \"review\" or {\"partial_fee_bp\": 1..9999}";
        match j {
            Json::String(s) => match s.as_str() {
                "full" => Ok(Refund::Full),
                "none" => Ok(Refund::None),
                "review" => Ok(Refund::Review),
                "partial" => Err(format!("a partial refund names its fee: {KNOWN}")),
                other => Err(format!("unknown refund {other:?} (known: {KNOWN})")),
            },
            Json::Object(m) if m.len() == 1 && m.contains_key("partial_fee_bp") => {
                let fee_bp = m
                    .get("partial_fee_bp")
                    .and_then(Json::as_u64)
                    .and_then(|bp| u32::try_from(bp).ok())
                    .ok_or_else(|| format!("a restocking fee is a whole number of basis points: {KNOWN}"))?;
                Refund::Partial { fee_bp }
                    .check()
                    .map_err(|e| format!("{e}: {KNOWN}"))
            }
            other => Err(format!("unknown refund {other} (known: {KNOWN})")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: Option<String>,
    /// Only the columns the row tests, in column order; a column left out is "any".
    pub when: Vec<(Column, Condition)>,
    pub outcome: Outcome,
    pub reason: String,
    /// What the customer gets back; a row that says nothing sends the refund to a person.
    pub refund: Refund,
    /// Whether the row said it (a table written before refunds: a warning, not an error).
    pub refund_given: bool,
}

impl Row {
    pub fn is_catch_all(&self) -> bool {
        self.when.iter().all(|(_, c)| *c == Condition::Any)
    }
}

/// A validated, versioned first-hit decision table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub(crate) id: String,
    pub(crate) version: u32,
    pub(crate) description: Option<String>,
    pub(crate) grades: Vec<String>,
    pub(crate) destinations: BTreeMap<Channel, String>,
    pub(crate) recovery: RecoveryConfig,
    pub(crate) rows: Vec<Row>,
    pub(crate) warnings: Vec<validate::Warning>,
}

const TOP_FIELDS: [&str; 7] = [
    "id",
    "version",
    "description",
    "grades",
    "destinations",
    "recovery",
    "rows",
];

impl Table {
    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn version(&self) -> u32 {
        self.version
    }
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    pub fn grades(&self) -> &[String] {
        &self.grades
    }
    pub fn destinations(&self) -> &BTreeMap<Channel, String> {
        &self.destinations
    }
    pub fn recovery(&self) -> &RecoveryConfig {
        &self.recovery
    }
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }
    /// Unreachable rows and overlaps found on load: worth a look, not a reason to refuse.
    pub fn warnings(&self) -> &[validate::Warning] {
        &self.warnings
    }

    /// Parses and validates a table. Refusals name the table, the row (counted from 1) and the
    /// field.
    pub fn from_json(text: &str) -> Result<Table, TableError> {
        let doc: Json = serde_json::from_str(text).map_err(|e| TableError::Json {
            table: "(unnamed)".into(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let name = doc
            .get("id")
            .and_then(Json::as_str)
            .unwrap_or("(unnamed)")
            .to_owned();
        let bad = |row: Option<usize>, field: &str, problem: String| TableError::Invalid {
            table: name.clone(),
            row,
            field: field.to_owned(),
            problem,
        };
        let Json::Object(top) = &doc else {
            return Err(bad(None, "(table)", "a table is a JSON object".into()));
        };
        if let Some(k) = top.keys().find(|k| !TOP_FIELDS.contains(&k.as_str())) {
            return Err(bad(
                None,
                k,
                format!("unknown field (known: {})", TOP_FIELDS.join(", ")),
            ));
        }
        let id = match top.get("id") {
            Some(Json::String(s)) if !s.trim().is_empty() => s.clone(),
            _ => return Err(bad(None, "id", "a non-empty string is required".into())),
        };
        let version = match top.get("version").and_then(Json::as_u64).map(u32::try_from) {
            Some(Ok(v)) if v >= 1 => v,
            _ => return Err(bad(None, "version", "an integer from 1 up is required".into())),
        };
        let description = match top.get("description") {
            None | Some(Json::Null) => None,
            Some(Json::String(s)) => Some(s.clone()),
            Some(_) => return Err(bad(None, "description", "must be a string".into())),
        };
        let grades = match top.get("grades") {
            None => DEFAULT_GRADES.iter().map(|g| (*g).to_owned()).collect(),
            Some(Json::Array(items)) => items
                .iter()
                .map(|g| g.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| bad(None, "grades", "must be an array of strings".into()))?,
            Some(_) => return Err(bad(None, "grades", "must be an array of strings".into())),
        };
        let mut destinations = BTreeMap::new();
        match top.get("destinations") {
            None => {}
            Some(Json::Object(map)) => {
                for (k, v) in map {
                    let field = format!("destinations.{k}");
                    let channel =
                        Channel::parse(k).map_err(|_| bad(None, &field, "unknown channel".into()))?;
                    let dest = v
                        .as_str()
                        .ok_or_else(|| bad(None, &field, "must be a string".into()))?;
                    destinations.insert(channel, dest.to_owned());
                }
            }
            Some(_) => {
                return Err(bad(
                    None,
                    "destinations",
                    "must be an object of channel: prefix".into(),
                ))
            }
        }
        let recovery: RecoveryConfig = match top.get("recovery") {
            Some(r) => serde_json::from_value(r.clone()).map_err(|e| bad(None, "recovery", e.to_string()))?,
            None => return Err(bad(None, "recovery", "required (rates per category)".into())),
        };
        let Some(Json::Array(raw_rows)) = top.get("rows") else {
            return Err(bad(None, "rows", "an array of rows is required".into()));
        };
        let mut rows = Vec::with_capacity(raw_rows.len());
        for (i, raw) in raw_rows.iter().enumerate() {
            rows.push(parse_row(raw).map_err(|(field, problem)| bad(Some(i + 1), &field, problem))?);
        }
        let mut table = Table {
            id,
            version,
            description,
            grades,
            destinations,
            recovery,
            rows,
            warnings: Vec::new(),
        };
        table.warnings = validate::check(&table)?;
        Ok(table)
    }
}

const ROW_FIELDS: [&str; 3] = ["name", "when", "then"];
const THEN_FIELDS: [&str; 5] = ["channel", "best_of", "destination", "reason", "refund"];

fn parse_row(raw: &Json) -> Result<Row, (String, String)> {
    let err = |field: &str, problem: String| (field.to_owned(), problem);
    let Json::Object(obj) = raw else {
        return Err(err(
            "(row)",
            "a row is a JSON object with `when` and `then`".into(),
        ));
    };
    if let Some(k) = obj.keys().find(|k| !ROW_FIELDS.contains(&k.as_str())) {
        return Err(err(
            k,
            format!("unknown field (known: {})", ROW_FIELDS.join(", ")),
        ));
    }
    let name = match obj.get("name") {
        None => None,
        Some(Json::String(s)) => Some(s.clone()),
        Some(_) => return Err(err("name", "must be a string".into())),
    };
    let mut when = Vec::new();
    match obj.get("when") {
        None => {}
        Some(Json::Object(map)) => {
            for (k, v) in map {
                let field = format!("when.{k}");
                let column = Column::parse(k).ok_or_else(|| {
                    err(
                        &field,
                        format!("unknown column (known: {})", Column::NAMES.join(", ")),
                    )
                })?;
                let cond = Condition::from_json(v).map_err(|p| err(&field, p))?;
                when.push((column, cond));
            }
        }
        Some(_) => return Err(err("when", "must be an object of column: condition".into())),
    }
    // Column order, not file order: the trace and the validator then see every row alike.
    when.sort_by(|a, b| a.0.cmp(&b.0));
    let Some(Json::Object(then)) = obj.get("then") else {
        return Err(err(
            "then",
            "an object with `channel` or `best_of`, and `reason`, is required".into(),
        ));
    };
    if let Some(k) = then.keys().find(|k| !THEN_FIELDS.contains(&k.as_str())) {
        return Err(err(
            &format!("then.{k}"),
            format!("unknown field (known: {})", THEN_FIELDS.join(", ")),
        ));
    }
    let channel_of = |field: &str, j: &Json| {
        j.as_str()
            .and_then(|c| Channel::parse(c).ok())
            .ok_or_else(|| err(field, format!("unknown channel {j} (known: {})", channel_names())))
    };
    let destination = match then.get("destination") {
        None => None,
        Some(Json::String(s)) => Some(s.clone()),
        Some(_) => return Err(err("then.destination", "must be a string".into())),
    };
    let outcome = match (then.get("channel"), then.get("best_of")) {
        (Some(c), None) => Outcome::Channel {
            channel: channel_of("then.channel", c)?,
            destination,
        },
        (None, Some(Json::Array(items))) => {
            if destination.is_some() {
                return Err(err(
                    "then.destination",
                    "a best_of row takes each channel's destination from the table".into(),
                ));
            }
            Outcome::BestOf(
                items
                    .iter()
                    .map(|j| channel_of("then.best_of", j))
                    .collect::<Result<_, _>>()?,
            )
        }
        (None, Some(_)) => return Err(err("then.best_of", "must be an array of channels".into())),
        (Some(_), Some(_)) => return Err(err("then", "either `channel` or `best_of`, not both".into())),
        (None, None) => return Err(err("then", "`channel` or `best_of` is required".into())),
    };
    let reason = match then.get("reason") {
        Some(Json::String(s)) => s.clone(),
        _ => return Err(err("then.reason", "a reason code (string) is required".into())),
    };
    let (refund, refund_given) = match then.get("refund") {
        None => (Refund::Review, false),
        Some(j) => (Refund::from_json(j).map_err(|p| err("then.refund", p))?, true),
    };
    Ok(Row {
        name,
        when,
        outcome,
        reason,
        refund,
        refund_given,
    })
}

fn channel_names() -> String {
    Channel::ALL
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
