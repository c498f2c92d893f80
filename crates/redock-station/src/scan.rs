//! The scan service: one read from any scanner (wedge, serial, CLI) becomes a recorded fact and an
//! answer for the screen. This is where a scan enters the station (ARCHITECTURE.md, "one scan").

use crate::auth::Session;
use crate::clock::rfc3339;
use crate::error::StationError;
use crate::events::{record, EventBody, Scanned};
use crate::station::Station;
use redock_domain::{classify, normalize_scan, Classified, CodeKind};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ScanSource {
    /// A keyboard-wedge scanner: fast keystrokes ending in Enter, told apart in the UI.
    Wedge,
    /// A person typing at the scan field.
    Manual,
    Serial,
    Cli,
}

impl ScanSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ScanSource::Wedge => "wedge",
            ScanSource::Manual => "manual",
            ScanSource::Serial => "serial",
            ScanSource::Cli => "cli",
        }
    }
}

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
    pub customer_name: String,
    pub customer_tier: String,
    pub status: String,
    pub lines: Vec<RmaLineView>,
}

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
    /// RMAs that expect this product and have not received all of it.
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

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScanOutcome {
    /// The event's sequence number: proof the scan was recorded.
    // i64 crosses to the UI as a JS number (exact up to 2^53).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub seq: i64,
    pub scanned_at: String,
    pub source: ScanSource,
    pub code: Classified,
    pub matched: Option<Matched>,
    /// What the scan did at the receiving desk (opened a parcel, received a unit, …), if anything.
    pub receiving: Option<crate::receiving::Receiving>,
    /// Inspection and disposition: the inspection in progress, and the decision this scan made
    /// by saving one.
    pub inspection: Option<crate::inspect::InspectionOutcome>,
    /// A read of what is already on the desk (the open parcel's label again, a double read, the
    /// unit being inspected): recorded as a scan, nothing else done.
    pub repeated: Option<crate::receiving::Repeated>,
    /// The ungraded unit this scan moved the desk on from: parked, waiting for inspection, its
    /// LPN label printed.
    pub parked: Option<String>,
    /// `CMD:LOGOUT`: the operator's session ended (after what was graded was saved).
    pub logged_out: bool,
}

impl Station {
    /// Record one scan: normalise, classify, look it up, and append a `scanned` event with the
    /// answer, all in one transaction. A read that is not a code at all (empty, too long, control
    /// characters) is refused with a reason and not recorded; an unknown code is recorded as one.
    pub fn scan(
        &self,
        session: &Session,
        raw: &str,
        source: ScanSource,
    ) -> Result<ScanOutcome, StationError> {
        let started = Instant::now();
        let span = tracing::info_span!(
            "scan",
            source = source.as_str(),
            kind = tracing::field::Empty,
            valid = tracing::field::Empty,
            seq = tracing::field::Empty
        );
        let _g = span.enter();
        let codes = self.codes();
        let text = normalize_scan(raw, codes.gs_stand_in).inspect_err(|e| {
            tracing::warn!(raw = %raw.escape_debug(), error = %e, "scan refused");
        })?;
        let mut code = classify(&text, &codes);
        let classified_us = started.elapsed().as_micros();
        let now = self.clock.now();
        let grading = self.grading();
        let rules = self.rules();
        let printer = self.printer_settings()?;
        let desk = self.receiving_settings()?;
        let today = self.site_time()?.date(now);
        let debounce = time::Duration::milliseconds(i64::from(desk.debounce_ms));
        let from_scanner = matches!(source, ScanSource::Wedge | ScanSource::Serial);
        let queued = crate::print_worker::LabelsQueued::new(&printer);
        let outcome = self
            .store
            .write(|tx| {
                Station::check_session(tx, session)?;
                let matched = find(tx, &code)?;
                // A code no format claims, found as an order or tracking number of an expected
                // return, is that: the shop told us so.
                if let Some(Matched::Returns { via, .. }) = &matched {
                    let known = match via.as_str() {
                        "order" => Some(CodeKind::Order),
                        "tracking" => Some(CodeKind::Tracking),
                        _ => None,
                    };
                    if let (CodeKind::Unknown, Some(kind)) = (code.kind, known) {
                        code = Classified::valid(kind, &text);
                    }
                }
                let ictx = crate::inspect::Ctx {
                    operator_id: &session.operator_id,
                    language: &session.language,
                    now,
                    today: &today,
                    grading: &grading,
                    rules: &rules,
                    labels: &queued,
                };
                let on_desk = crate::inspect::current_draft(tx)?.map(|d| d.lpn);
                let repeated = crate::receiving::repeat_of(
                    tx,
                    &code,
                    matched.as_ref(),
                    from_scanner,
                    now,
                    debounce,
                    on_desk.as_deref(),
                )?;
                let body = EventBody::Scanned(Scanned {
                    code: code.clone(),
                    source: source.as_str().to_string(),
                    matched: matched.as_ref().map(serde_json::to_value).transpose()?,
                });
                let event = record(tx, &body, Some(&session.operator_id), now)?;
                if let Some(r) = &repeated {
                    tracing::info!(kind = ?r.kind, lpn = ?r.lpn, "a read of what is on the desk: nothing more recorded");
                    return Ok(ScanOutcome {
                        seq: event.seq,
                        scanned_at: rfc3339(now),
                        source,
                        code: code.clone(),
                        matched,
                        receiving: None,
                        inspection: Some(crate::inspect::outcome(tx, &ictx, None, None)?),
                        repeated,
                        parked: None,
                        logged_out: false,
                    });
                }
                if code.kind == CodeKind::Command && code.valid && code.text == crate::inspect::LOGOUT {
                    let before = crate::inspect::before_scan(tx, &ictx, &code, matched.as_ref())?;
                    Station::end_session(tx, session, now)?;
                    return Ok(ScanOutcome {
                        seq: event.seq,
                        scanned_at: rfc3339(now),
                        source,
                        code: code.clone(),
                        matched,
                        receiving: None,
                        inspection: Some(crate::inspect::InspectionOutcome {
                            action: None,
                            inspection: None,
                            decision: before.saved,
                        }),
                        repeated: None,
                        parked: before.parked,
                        logged_out: true,
                    });
                }
                let ctx = crate::receiving::Ctx {
                    operator_id: &session.operator_id,
                    now,
                    today: &today,
                    language: &session.language,
                    labels: &queued,
                    label_every_unit: desk.label_every_unit,
                };
                // A graded unit is saved before the next product or parcel moves the desk on; an
                // ungraded one is parked with its label.
                let before = crate::inspect::before_scan(tx, &ictx, &code, matched.as_ref())?;
                let receiving = crate::receiving::on_scan(tx, &ctx, &code, matched.as_ref())?;
                let received = receiving.as_ref().and_then(|r| r.lpn.as_deref());
                let mut inspection =
                    crate::inspect::after_scan(tx, &ictx, &code, matched.as_ref(), received)?;
                if let Some(decision) = before.saved {
                    let mut o = match inspection.take() {
                        Some(o) => o,
                        None => crate::inspect::outcome(tx, &ictx, None, None)?,
                    };
                    o.decision.get_or_insert(decision);
                    inspection = Some(o);
                }
                Ok::<_, StationError>(ScanOutcome {
                    seq: event.seq,
                    scanned_at: rfc3339(now),
                    source,
                    code: code.clone(),
                    matched,
                    receiving,
                    inspection,
                    repeated: None,
                    parked: before.parked,
                    logged_out: false,
                })
            })
            .inspect_err(|e| tracing::error!(text = %text.escape_debug(), error = %e, "scan not recorded"))?;
        // After the commit: the print thread must find the label's job when it wakes.
        self.ring_if(&queued);
        span.record("seq", outcome.seq);
        span.record("kind", outcome.code.kind.as_str());
        span.record("valid", outcome.code.valid);
        tracing::info!(
            text = %text.escape_debug(),
            classified_us,
            total_us = started.elapsed().as_micros(),
            matched = outcome.matched.is_some(),
            "scan recorded"
        );
        Ok(outcome)
    }

    /// The parcel open on this desk, if any.
    pub fn current_parcel(&self) -> Result<Option<crate::receiving::ParcelView>, StationError> {
        self.store.read(|c| match crate::receiving::open_parcel_id(c)? {
            Some(id) => crate::receiving::parcel_view(c, &id).map(Some),
            None => Ok(None),
        })
    }

    /// The last `limit` scans, newest first, for the station screen.
    pub fn recent_scans(&self, limit: i64) -> Result<Vec<RecentScan>, StationError> {
        Ok(self.store.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT seq, text, kind, valid, source, scanned_at FROM scan ORDER BY seq DESC LIMIT ?1",
            )?;
            let rows = st
                .query_map([limit], |r| {
                    Ok(RecentScan {
                        seq: r.get(0)?,
                        text: r.get(1)?,
                        kind: r.get(2)?,
                        valid: r.get(3)?,
                        source: r.get(4)?,
                        scanned_at: r.get(5)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok::<_, crate::error::StoreError>(rows)
        })?)
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RecentScan {
    // i64 crosses to the UI as a JS number (exact up to 2^53).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub seq: i64,
    pub text: String,
    pub kind: String,
    pub valid: bool,
    pub source: String,
    pub scanned_at: String,
}

/// Look a classified code up in the station's data.
pub fn find(c: &Connection, code: &Classified) -> Result<Option<Matched>, StationError> {
    if code.kind == CodeKind::Rma && code.valid {
        let returns = returns_where(c, "rma = ?1", &code.text)?;
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
            .query_row(
                "SELECT lpn, status, sku, grade, disposition FROM unit WHERE lpn = ?1",
                [&code.text],
                |r| {
                    Ok(UnitView {
                        lpn: r.get(0)?,
                        status: r.get(1)?,
                        sku: r.get(2)?,
                        grade: r.get(3)?,
                        disposition: r.get(4)?,
                    })
                },
            )
            .optional()?
            .map(Matched::Unit));
    }
    if matches!(code.kind, CodeKind::Unknown | CodeKind::Tracking) {
        // A carrier label or an order number: both may name expected returns.
        for (via, column) in [("tracking", "tracking"), ("order", "order_no")] {
            let returns = returns_where(c, &format!("{column} = ?1"), &code.text)?;
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

pub(crate) fn returns_where(
    c: &Connection,
    condition: &str,
    value: &str,
) -> Result<Vec<RmaView>, StationError> {
    let mut st = c.prepare_cached(&format!(
        "SELECT rma, shop, order_no, order_date, customer_name, customer_tier, status
         FROM expected_return WHERE {condition} ORDER BY rma"
    ))?;
    let mut returns = st
        .query_map([value], |r| {
            Ok(RmaView {
                rma: r.get(0)?,
                shop: r.get(1)?,
                order_no: r.get(2)?,
                order_date: r.get(3)?,
                customer_name: r.get(4)?,
                customer_tier: r.get(5)?,
                status: r.get(6)?,
                lines: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut lines = c.prepare_cached(
        "SELECT l.line_no, l.sku, s.name, l.quantity, l.received, l.serials, l.stated_reason
         FROM rma_line l JOIN sku s USING (sku) WHERE l.rma = ?1 ORDER BY l.line_no",
    )?;
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
        .query_row(
            "SELECT sku, name, category, gtin, price_minor, currency FROM sku WHERE gtin = ?1",
            [gtin],
            |r| {
                Ok(ProductView {
                    sku: r.get(0)?,
                    name: r.get(1)?,
                    category: r.get(2)?,
                    gtin: r.get(3)?,
                    price_minor: r.get(4)?,
                    currency: r.get(5)?,
                    expected_in: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut p) = found else { return Ok(None) };
    let mut st = c.prepare_cached(
        "SELECT DISTINCT rma FROM rma_line WHERE sku = ?1 AND received < quantity ORDER BY rma",
    )?;
    p.expected_in = st
        .query_map(params![p.sku], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(Some(p))
}
