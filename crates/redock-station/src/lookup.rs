//! Lookups: what a code, a parcel or a product is in this station's data, read-only. Scanning,
//! receiving and inspection all ask these questions; this module imports none of them, so the
//! dependencies inside the crate go one way (`scan` → `receiving`, `inspect` → `lookup`).

use crate::error::StationError;
use crate::queries as q;
use redock_domain::{Classified, CodeKind};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RmaLineView {
    pub line_no: u32,
    pub sku: String,
    pub name: String,
    pub quantity: u32,
    pub received: u32,
    pub serials: Vec<String>,
    pub stated_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RmaView {
    pub rma: String,
    pub shop: String,
    pub order_no: String,
    pub order_date: String,
    /// None when the customer's data was erased (`customer_erased`) or never came.
    pub customer_name: Option<String>,
    pub customer_erased: bool,
    pub customer_tier: String,
    pub status: String,
    pub lines: Vec<RmaLineView>,
}

/// How many of the RMAs waiting for a product a scan of it names. Returns that never came stay
/// expected: after a year a popular product waits in thousands, and every scan of it would carry
/// them all (in its event too).
pub const EXPECTED_IN_SHOWN: i64 = 10;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProductView {
    pub sku: String,
    pub name: String,
    pub category: String,
    pub gtin: Option<String>,
    // i64 crosses to the UI as a JS number (exact up to 2^53).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub price_minor: i64,
    pub currency: String,
    /// RMAs that expect this product and have not received all of it: the latest
    /// [`EXPECTED_IN_SHOWN`], newest first.
    pub expected_in: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UnitView {
    pub lpn: String,
    pub status: String,
    pub sku: Option<String>,
    pub grade: Option<String>,
    pub disposition: Option<String>,
}

/// What a code was found to be in this station's data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Matched {
    /// Expected returns found by RMA code, tracking number or order number.
    Returns {
        via: String,
        returns: Vec<RmaView>,
    },
    Product(ProductView),
    Unit(UnitView),
}

/// Look a classified code up in the station's data.
pub fn find(c: &Connection, code: &Classified) -> Result<Option<Matched>, StationError> {
    if code.kind == CodeKind::Rma && code.valid {
        let returns = returns_where(c, q::RETURNS_BY_RMA, &code.text)?;
        return Ok((!returns.is_empty()).then(|| Matched::Returns {
            via: "rma".into(),
            returns,
        }));
    }
    if code.kind.is_product() {
        let Some(gtin) = &code.gtin else { return Ok(None) };
        return Ok(product(c, gtin)?.map(Matched::Product));
    }
    if code.kind == CodeKind::Lpn && code.valid {
        return Ok(c
            .prepare_cached(q::UNIT_BY_LPN)?
            .query_row([&code.text], |r| {
                Ok(UnitView {
                    lpn: r.get(0)?,
                    status: r.get(1)?,
                    sku: r.get(2)?,
                    grade: r.get(3)?,
                    disposition: r.get(4)?,
                })
            })
            .optional()?
            .map(Matched::Unit));
    }
    if matches!(code.kind, CodeKind::Unknown | CodeKind::Tracking) {
        // A carrier label or an order number: both may name expected returns.
        for (via, sql) in [
            ("tracking", q::RETURNS_BY_TRACKING),
            ("order", q::RETURNS_BY_ORDER),
        ] {
            let returns = returns_where(c, sql, &code.text)?;
            if !returns.is_empty() {
                return Ok(Some(Matched::Returns {
                    via: via.into(),
                    returns,
                }));
            }
        }
    }
    Ok(None)
}

/// Expected returns by one of the `queries::RETURNS_*` lookups, with their lines.
pub(crate) fn returns_where(c: &Connection, sql: &str, value: &str) -> Result<Vec<RmaView>, StationError> {
    returns_matching(c, sql, [value])
}

/// Expected returns by a lookup that takes several parameters.
pub(crate) fn returns_matching(
    c: &Connection,
    sql: &str,
    values: impl rusqlite::Params,
) -> Result<Vec<RmaView>, StationError> {
    let mut st = c.prepare_cached(sql)?;
    let mut returns = st
        .query_map(values, |r| {
            Ok(RmaView {
                rma: r.get(0)?,
                shop: r.get(1)?,
                order_no: r.get(2)?,
                order_date: r.get(3)?,
                customer_name: r.get(4)?,
                customer_tier: r.get(5)?,
                status: r.get(6)?,
                customer_erased: r.get(7)?,
                lines: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut lines = c.prepare_cached(q::RETURN_LINES)?;
    for ret in &mut returns {
        ret.lines = lines
            .query_map([&ret.rma], |r| {
                let serials: String = r.get(5)?;
                Ok(RmaLineView {
                    line_no: r.get(0)?,
                    sku: r.get(1)?,
                    name: r.get(2)?,
                    quantity: r.get(3)?,
                    received: r.get(4)?,
                    serials: serde_json::from_str(&serials).unwrap_or_default(),
                    stated_reason: r.get(6)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
    }
    Ok(returns)
}

fn product(c: &Connection, gtin: &str) -> Result<Option<ProductView>, StationError> {
    let found = c
        .prepare_cached(q::PRODUCT_BY_GTIN)?
        .query_row([gtin], |r| {
            Ok(ProductView {
                sku: r.get(0)?,
                name: r.get(1)?,
                category: r.get(2)?,
                gtin: r.get(3)?,
                price_minor: r.get(4)?,
                currency: r.get(5)?,
                expected_in: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut p) = found else { return Ok(None) };
    let mut st = c.prepare_cached(q::PRODUCT_EXPECTED_IN)?;
    // Lines, not RMAs: one RMA may have two lines of the product.
    let lines: Vec<String> = st
        .query_map(params![p.sku, 2 * EXPECTED_IN_SHOWN], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for rma in lines {
        if p.expected_in.len() < EXPECTED_IN_SHOWN as usize && !p.expected_in.contains(&rma) {
            p.expected_in.push(rma);
        }
    }
    Ok(Some(p))
}

/// The parcel open on this desk, and whether it came without a readable label.
pub(crate) fn open_parcel_state(c: &Connection) -> Result<Option<(String, bool)>, StationError> {
    Ok(c.prepare_cached(q::OPEN_PARCEL_STATE)?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The parcel open on this desk, if any.
pub(crate) fn open_parcel_id(c: &Connection) -> Result<Option<String>, StationError> {
    Ok(c.prepare_cached(q::OPEN_PARCEL)?
        .query_row([], |r| r.get(0))
        .optional()?)
}
