//! The facts a decision looks at, gathered from the store: the decision's input (grade, SKU,
//! return window, tier, vendor agreement) and the unit's fraud flags.

use super::draft::unit_facts;
use super::Ctx;
use crate::error::StationError;
use crate::queries as q;
use redock_domain::disposition::{
    self, reason, DecisionInput, FraudFacts, FraudFlag, RtvTerms, Tier, VendorAgreement,
};
use redock_domain::grading::InspectionState;
use redock_domain::receiving::{since_purchase, ExceptionKind};
use rusqlite::{Connection, OptionalExtension};
use std::collections::BTreeSet;

/// Why the rules cannot decide a unit: it is held for a person with this reason and, when a
/// fact could not be read, what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Held {
    pub reason: &'static str,
    pub problem: Option<String>,
}

impl Held {
    fn because(reason: &'static str) -> Held {
        Held {
            reason,
            problem: None,
        }
    }

    fn unreadable(reason: &'static str, problem: impl std::fmt::Display) -> Held {
        Held {
            reason,
            problem: Some(problem.to_string()),
        }
    }
}

/// Everything the rules look at for one unit, gathered from the store. Err(Held) when the unit
/// cannot be decided by rules (no SKU, no expected return, an order date that cannot be read, a
/// customer tier or vendor terms this version does not know): it is held for a person.
pub(super) fn decision_input(
    c: &Connection,
    ctx: &Ctx<'_>,
    lpn: &str,
    state: &InspectionState,
    flags: &BTreeSet<FraudFlag>,
) -> Result<Result<DecisionInput, Held>, StationError> {
    let facts = unit_facts(c, lpn)?;
    let Some(sku) = &facts.sku else {
        return Ok(Err(Held::because(reason::UNKNOWN_ITEM)));
    };
    let Some(rma) = &facts.rma else {
        return Ok(Err(Held::because(reason::NO_EXPECTED_RETURN)));
    };
    let (category, vendor, cost, price, currency): (String, Option<String>, i64, i64, String) =
        c.prepare_cached(q::DECISION_SKU)?.query_row([sku], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
    let (order_date, tier, window_days): (String, String, Option<u32>) = c
        .prepare_cached(q::DECISION_RETURN)?
        .query_row([rma], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    // Late or not, and the days since the purchase, are the domain's; a date it cannot read
    // holds the unit, it does not pass as on time.
    let since = match since_purchase(&order_date, ctx.today, window_days) {
        Ok(since) => since,
        Err(e) => return Ok(Err(Held::unreadable(reason::ORDER_DATE_UNREADABLE, e))),
    };
    // A tier or terms this version does not know is not the default one: the unit is held with
    // the word in the trace.
    let tier = match Tier::parse(&tier) {
        Ok(tier) => tier,
        Err(e) => return Ok(Err(Held::unreadable(reason::INPUT_NOT_VALID, e))),
    };
    let agreement: Option<(String, u32, u32)> = match vendor {
        Some(v) => c
            .prepare_cached(q::VENDOR_AGREEMENT)?
            .query_row([v], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?,
        None => None,
    };
    let vendor = match agreement {
        Some((rtv, window_days, credit_bp)) => match RtvTerms::parse(&rtv) {
            Ok(rtv) => Some(VendorAgreement {
                rtv,
                window_days,
                credit_bp,
            }),
            Err(e) => return Ok(Err(Held::unreadable(reason::INPUT_NOT_VALID, e))),
        },
        None => None,
    };
    Ok(Ok(DecisionInput {
        grade: state.grade.clone().unwrap_or_default(),
        axes: state.axes.clone(),
        category,
        cost_minor: cost,
        price_minor: price,
        currency,
        days_since_purchase: since.days,
        window: since.window,
        tier,
        vendor,
        flags: flags.clone(),
        rates: None,
    }))
}

/// The unit's fraud flags (`disposition::fraud_flags`) from what the store knows of it:
/// receiving's findings (its own, its parcel's empty box, its RMA's late return) and its
/// customer's returns on record; `used` is its grading set's word for its grade, the threshold
/// the station's `fraud` setting.
pub(super) fn fraud_flags(
    c: &Connection,
    ctx: &Ctx<'_>,
    lpn: &str,
    used: bool,
) -> Result<BTreeSet<FraudFlag>, StationError> {
    let mut st = c.prepare_cached(q::FRAUD_EXCEPTIONS)?;
    let kinds = st
        .query_map([lpn], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let findings = kinds
        .iter()
        .map(|k| ExceptionKind::parse(k))
        .collect::<Result<Vec<_>, _>>()?;
    let returns: i64 = c
        .prepare_cached(q::CUSTOMER_RETURNS)?
        .query_row([lpn], |r| r.get(0))?;
    Ok(disposition::fraud_flags(&FraudFacts {
        findings: &findings,
        used,
        returns_on_record: u32::try_from(returns).unwrap_or(u32::MAX),
        repeat_returner_returns: ctx.repeat_returner_returns,
    }))
}
