//! Expected recovery per channel: what the unit is likely to bring back, net of what it costs to
//! get it there.
//!
//! Money is `i64` minor units; rates are integer basis points (1/100 of a per cent, 10000 = 100 %).
//! Basis points rather than a decimal type because every rate a returns operation sets is a
//! percentage with at most two decimals, integers round-trip through JSON and SQLite exactly, the
//! arithmetic is one multiply and one divide in `i128` (no overflow for any `i64` amount), and
//! the domain crate stays free of a decimal dependency. Shares round down (`div_euclid`), so an
//! expected recovery is never overstated by rounding.

use super::input::{DecisionInput, RtvTerms};
use super::table::Channel;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// 100 % in basis points.
pub const FULL_BP: u32 = 10_000;

/// Rates for one category. Shares are of the price unless said otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelRates {
    /// Share of the price realised when sold again as new (markdown for a returned unit).
    pub restock_bp: u32,
    /// Share of the price a refurbished unit sells for.
    pub refurbish_bp: u32,
    /// Cost of refurbishing that grows with the price (parts, warranty), as a share of it.
    pub refurbish_cost_bp: u32,
    /// Cost of refurbishing per unit whatever its price (bench time, cleaning, repacking): what
    /// makes refurbishing cheap goods a loss.
    #[serde(default)]
    pub refurbish_flat_minor: i64,
    /// Share of the price a liquidation lot pays per unit, before the grade factor: electronics
    /// up to ~80 %, apparel far less.
    pub liquidate_bp: u32,
    /// Tax relief on donations, as a share of our cost.
    pub donate_bp: u32,
    /// Per unit from the recycler (negative when recycling costs money).
    pub recycle_minor: i64,
    /// Per unit for certified destruction (normally negative).
    pub destroy_minor: i64,
    /// Handling per unit (moving, repacking, shipping out), subtracted from every channel.
    pub handling_minor: i64,
}

impl ChannelRates {
    /// Rates above 100 % are typos, not business: refused with the field and the bound.
    pub fn check(&self) -> Result<(), (&'static str, u32, u32)> {
        for (field, v) in [
            ("restock_bp", self.restock_bp),
            ("refurbish_bp", self.refurbish_bp),
            ("refurbish_cost_bp", self.refurbish_cost_bp),
            ("liquidate_bp", self.liquidate_bp),
            ("donate_bp", self.donate_bp),
        ] {
            if v > FULL_BP {
                return Err((field, v, FULL_BP));
            }
        }
        Ok(())
    }
}

/// A table's recovery configuration: rates per category and a default for the others, all in
/// one currency (flat amounts mean nothing in another).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryConfig {
    pub currency: String,
    pub default: ChannelRates,
    #[serde(default)]
    pub categories: BTreeMap<String, ChannelRates>,
    /// Liquidation value by grade, in basis points of the category's liquidation share; a grade
    /// not listed keeps the full share.
    #[serde(default)]
    pub grade_factor_bp: BTreeMap<String, u32>,
}

/// One channel's expected recovery, as the trace shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ChannelValue {
    pub channel: Channel,
    /// False when the channel is not open to this unit (RTV without an open agreement).
    pub allowed: bool,
    /// Net expected recovery in minor units; None when not allowed or not valued.
    pub expected_minor: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked: Option<Blocked>,
}

/// Why RTV is closed to a unit. A value, not a sentence, so tracing allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Blocked {
    NoVendorAgreement,
    AgreementProhibitsRtv,
    VendorWindowClosed {
        days_since_purchase: u32,
        window_days: u32,
    },
}

/// Which rates valued the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum RatesSource<'a> {
    /// The caller's rates (`DecisionInput::rates`).
    Input,
    Category {
        category: &'a str,
    },
    Default,
    /// The table's flat amounts are in another currency: nothing is valued.
    CurrencyMismatch {
        table: &'a str,
        unit: &'a str,
    },
}

pub(crate) struct Rates<'a> {
    pub rates: Option<&'a ChannelRates>,
    pub source: RatesSource<'a>,
    pub grade_factor_bp: u32,
}

pub(crate) fn rates_for<'a>(config: &'a RecoveryConfig, input: &'a DecisionInput) -> Rates<'a> {
    let grade_factor_bp = config
        .grade_factor_bp
        .get(&input.grade)
        .copied()
        .unwrap_or(FULL_BP);
    let (rates, source) = if let Some(r) = &input.rates {
        // The caller's rates are for this unit, so they are in its currency.
        (Some(r), RatesSource::Input)
    } else if input.currency != config.currency {
        (
            None,
            RatesSource::CurrencyMismatch {
                table: &config.currency,
                unit: &input.currency,
            },
        )
    } else if let Some((cat, r)) = config.categories.get_key_value(&input.category) {
        (Some(r), RatesSource::Category { category: cat })
    } else {
        (Some(&config.default), RatesSource::Default)
    };
    Rates {
        rates,
        source,
        grade_factor_bp,
    }
}

/// `amount × bp / 10000`, rounded down, saturating: no input can overflow or panic here.
pub fn share(amount: i64, bp: u32) -> i64 {
    let v = (i128::from(amount) * i128::from(bp)).div_euclid(i128::from(FULL_BP));
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// Every channel but hold (which recovers nothing by itself), valued for this unit.
pub(crate) fn value_all(rates: &Rates<'_>, input: &DecisionInput) -> Vec<ChannelValue> {
    Channel::ALL
        .into_iter()
        .filter(|c| *c != Channel::Hold)
        .map(|c| value_one(c, rates, input))
        .collect()
}

fn value_one(channel: Channel, rates: &Rates<'_>, input: &DecisionInput) -> ChannelValue {
    let blocked = match (channel, &input.vendor) {
        (Channel::Rtv, None) => Some(Blocked::NoVendorAgreement),
        (Channel::Rtv, Some(v)) if v.rtv == RtvTerms::Prohibited => Some(Blocked::AgreementProhibitsRtv),
        (Channel::Rtv, Some(v)) if !v.window_open(input.days_since_purchase) => {
            Some(Blocked::VendorWindowClosed {
                days_since_purchase: input.days_since_purchase,
                window_days: v.window_days,
            })
        }
        _ => None,
    };
    let allowed = blocked.is_none();
    let expected_minor = match rates.rates {
        Some(r) if allowed => {
            let price = input.price_minor;
            let gross = match channel {
                Channel::Restock => share(price, r.restock_bp),
                Channel::Refurbish => share(price, r.refurbish_bp)
                    .saturating_sub(share(price, r.refurbish_cost_bp))
                    .saturating_sub(r.refurbish_flat_minor),
                Channel::Liquidate => share(share(price, r.liquidate_bp), rates.grade_factor_bp),
                // Vendors credit what we paid them, not what the customer paid us.
                Channel::Rtv => input.vendor.map_or(0, |v| share(input.cost_minor, v.credit_bp)),
                Channel::Donate => share(input.cost_minor, r.donate_bp),
                Channel::Recycle => r.recycle_minor,
                Channel::Destroy => r.destroy_minor,
                Channel::Hold => 0,
            };
            Some(gross.saturating_sub(r.handling_minor))
        }
        _ => None,
    };
    ChannelValue {
        channel,
        allowed,
        expected_minor,
        blocked,
    }
}
