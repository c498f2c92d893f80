//! What the engine is asked about one unit. The station gathers it (inspection, SKU, RMA, vendor
//! agreement, customer) and passes it in whole: the engine reads nothing else, not even the clock
//! (`days_since_purchase` is computed by the caller from its `Clock`).

use super::recovery::ChannelRates;
use super::table::Table;
use crate::words::{parse_word, UnknownWord, WordKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The grading sets' default overall scale, best first. A table may declare its own (`grades`).
pub const DEFAULT_GRADES: [&str; 6] = ["new-unopened", "A", "B", "C", "D", "X"];

/// Whether the customer returned within the shop's return window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnWindow {
    Within,
    Late,
}

/// Customer tiers; loyal customers get more lenient rules (the rules say how).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Standard,
    Loyal,
    Vip,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Standard, Tier::Loyal, Tier::Vip];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Standard => "standard",
            Tier::Loyal => "loyal",
            Tier::Vip => "vip",
        }
    }

    /// A stored tier (an expected return's `customer_tier`).
    pub fn parse(s: &str) -> Result<Tier, UnknownWord> {
        parse_word(WordKind::Tier, &Tier::ALL, Tier::as_str, s)
    }
}

/// What a vendor agreement says about returning units to the vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RtvTerms {
    /// The vendor takes units back for credit if we choose to send them.
    Eligible,
    /// Defective units must go back to the vendor while the window is open.
    Forced,
    /// The vendor takes nothing back.
    Prohibited,
}

impl RtvTerms {
    pub const ALL: [RtvTerms; 3] = [RtvTerms::Eligible, RtvTerms::Forced, RtvTerms::Prohibited];

    pub fn as_str(self) -> &'static str {
        match self {
            RtvTerms::Eligible => "eligible",
            RtvTerms::Forced => "forced",
            RtvTerms::Prohibited => "prohibited",
        }
    }

    /// A stored agreement's terms (`vendor_agreement.rtv`).
    pub fn parse(s: &str) -> Result<RtvTerms, UnknownWord> {
        parse_word(WordKind::RtvTerms, &RtvTerms::ALL, RtvTerms::as_str, s)
    }
}

/// A vendor return agreement as it applies to this unit's SKU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorAgreement {
    pub rtv: RtvTerms,
    /// Days after the customer's purchase during which the vendor accepts units.
    pub window_days: u32,
    /// Credit the vendor gives, in basis points of our cost (10000 = 100 %).
    pub credit_bp: u32,
}

impl VendorAgreement {
    /// The window counts from the customer's purchase, inclusive of its last day.
    pub fn window_open(&self, days_since_purchase: u32) -> bool {
        self.rtv != RtvTerms::Prohibited && days_since_purchase <= self.window_days
    }
}

/// Fraud signals raised at receiving and grading. A closed set: a rule cannot test a flag nobody
/// raises, and an input cannot carry one no rule knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FraudFlag {
    EmptyBox,
    SwappedItem,
    SerialMismatch,
    UsedBeyondWindow,
    RepeatReturner,
}

impl FraudFlag {
    pub const ALL: [FraudFlag; 5] = [
        FraudFlag::EmptyBox,
        FraudFlag::SwappedItem,
        FraudFlag::SerialMismatch,
        FraudFlag::UsedBeyondWindow,
        FraudFlag::RepeatReturner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FraudFlag::EmptyBox => "empty_box",
            FraudFlag::SwappedItem => "swapped_item",
            FraudFlag::SerialMismatch => "serial_mismatch",
            FraudFlag::UsedBeyondWindow => "used_beyond_window",
            FraudFlag::RepeatReturner => "repeat_returner",
        }
    }

    pub fn parse(s: &str) -> Option<FraudFlag> {
        FraudFlag::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// Everything one decision looks at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    /// Overall grade on the table's scale (default: new-unopened, A, B, C, D, X).
    pub grade: String,
    /// Axis values from the inspection (functional, cosmetic, packaging, …), by axis name.
    #[serde(default)]
    pub axes: BTreeMap<String, String>,
    pub category: String,
    pub cost_minor: i64,
    pub price_minor: i64,
    /// ISO 4217 code of `cost_minor` and `price_minor`.
    pub currency: String,
    pub days_since_purchase: u32,
    pub window: ReturnWindow,
    pub tier: Tier,
    /// None when no agreement covers the SKU's vendor.
    #[serde(default)]
    pub vendor: Option<VendorAgreement>,
    #[serde(default)]
    pub flags: BTreeSet<FraudFlag>,
    /// Channel recovery rates for this unit, when the caller has its own (e.g. this week's
    /// liquidation prices); otherwise the table's rates for the category apply.
    #[serde(default)]
    pub rates: Option<ChannelRates>,
}

/// Why an input is not one the table can be asked about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("grade {grade:?} is not on the scale of table {table} ({scale})")]
    UnknownGrade {
        table: String,
        grade: String,
        scale: String,
    },
    #[error("{field} must not be negative (got {value})")]
    Negative { field: &'static str, value: i64 },
    #[error("currency {0:?} is not a three-letter ISO 4217 code")]
    Currency(String),
    #[error("{field} is {value} basis points; at most {max} make sense")]
    Rate {
        field: &'static str,
        value: u32,
        max: u32,
    },
    #[error("category must not be empty")]
    EmptyCategory,
}

impl DecisionInput {
    /// Checks what serde cannot: the grade is on the table's scale, money is not negative, rates
    /// are within bounds. `decide` gives an answer for any input (a hold when nothing matches);
    /// a valid input is one for which a valid table guarantees a matching row.
    pub fn validate(&self, table: &Table) -> Result<(), InputError> {
        if !table.grades().iter().any(|g| g == &self.grade) {
            return Err(InputError::UnknownGrade {
                table: table.id().to_owned(),
                grade: self.grade.clone(),
                scale: table.grades().join(", "),
            });
        }
        if self.category.is_empty() {
            return Err(InputError::EmptyCategory);
        }
        for (field, value) in [("cost_minor", self.cost_minor), ("price_minor", self.price_minor)] {
            if value < 0 {
                return Err(InputError::Negative { field, value });
            }
        }
        if self.currency.len() != 3 || !self.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(InputError::Currency(self.currency.clone()));
        }
        if let Some(v) = &self.vendor {
            // A credit above our cost would be a pricing error upstream, not an agreement.
            if v.credit_bp > 10_000 {
                return Err(InputError::Rate {
                    field: "vendor.credit_bp",
                    value: v.credit_bp,
                    max: 10_000,
                });
            }
        }
        if let Some(r) = &self.rates {
            r.check()
                .map_err(|(field, value, max)| InputError::Rate { field, value, max })?;
        }
        Ok(())
    }
}
