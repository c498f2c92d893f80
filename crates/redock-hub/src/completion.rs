//! `return.completed` (#15): a return the hub holds for a shop is complete when every line is
//! settled — each unit received against it decided somewhere other than hold, and either all of
//! the line's quantity received or the parcel closed with the rest missing. The message carries
//! the refund decided per unit, per line and in total, so the shop can pay out on inspection.
//!
//! Worked out in the push transaction that recorded the deciding fact (a decision, or the
//! `missing_item` a closed parcel records), after the registers: what counts is each unit's
//! current decision at the hub (the register's winner). A return is told again only when what
//! it says changes (a supervisor's override after completion): `hub_return.completed_digest`
//! keeps the last and `completed_rev` counts the changes; a message's id and its `revision` are
//! that count, so a retried push sends nothing twice and a receiver keeps the highest.
//! `settle` is pure and decides; the rest reads and writes.

use crate::error::HubError;
use deadpool_postgres::GenericClient;
use redock_events::feed::Reference;
use redock_events::RmaLine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// A unit received against the return, with its current decision at the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitState {
    pub lpn: String,
    pub line_no: Option<u32>,
    pub grade: Option<String>,
    /// The current decision's channel; None while the unit waits for inspection.
    pub channel: Option<String>,
    pub refund: Option<UnitRefund>,
    pub currency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UnitRefund {
    /// full, partial, none or review.
    pub kind: String,
    pub fee_bp: Option<i32>,
    pub amount_minor: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Money {
    pub minor: i64,
    pub currency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CompletedUnit {
    pub lpn: String,
    pub channel: String,
    pub grade: Option<String>,
    /// A decision made before refunds were decided says `review`.
    pub refund: UnitRefund,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CompletedLine {
    pub line_no: u32,
    pub sku: String,
    pub quantity: u32,
    pub received: u32,
    /// Not in the parcel when it was closed: no refund for these.
    pub missing: u32,
    pub units: Vec<CompletedUnit>,
    /// The line's refund: the sum of its units' known amounts.
    pub refund: Money,
    /// Some unit's refund waits for a person.
    pub review: bool,
}

/// The body's `data` of `return.completed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReturnCompleted {
    pub rma: String,
    pub shop: String,
    pub order_no: String,
    /// full (everything back), partial, none, or review (some unit's refund waits for a person;
    /// `refund` then sums the others).
    pub refund_decision: String,
    pub refund: Money,
    pub lines: Vec<CompletedLine>,
}

fn review() -> UnitRefund {
    UnitRefund {
        kind: "review".into(),
        fee_bp: None,
        amount_minor: None,
    }
}

/// Whether the return is complete, and what `return.completed` says of it. `missing_lines`: the
/// lines a closed parcel recorded items missing of. A unit on no line of the return (a wrong
/// item) is not the customer's to be refunded and is left out; units beyond a line's quantity
/// (a double delivery) count up to it, in the order received.
pub fn settle(
    rma: &str,
    shop: &str,
    order_no: &str,
    lines: &[RmaLine],
    units: &[UnitState],
    missing_lines: &HashSet<u32>,
) -> Option<ReturnCompleted> {
    if lines.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(lines.len());
    let mut currency: Option<String> = None;
    for line in lines {
        let on_line: Vec<&UnitState> = units
            .iter()
            .filter(|u| u.line_no == Some(line.line_no))
            .take(line.quantity as usize)
            .collect();
        let received = on_line.len() as u32;
        let missing = if missing_lines.contains(&line.line_no) {
            line.quantity.saturating_sub(received)
        } else {
            0
        };
        // Not settled: a unit still to be decided or on hold, or items neither here nor missing.
        if received + missing < line.quantity {
            return None;
        }
        let mut done = Vec::with_capacity(on_line.len());
        for u in on_line {
            match u.channel.as_deref() {
                None | Some("hold") => return None,
                Some(channel) => {
                    if currency.is_none() {
                        currency.clone_from(&u.currency);
                    }
                    done.push(CompletedUnit {
                        lpn: u.lpn.clone(),
                        channel: channel.to_owned(),
                        grade: u.grade.clone(),
                        refund: u.refund.clone().unwrap_or_else(review),
                    })
                }
            }
        }
        let minor = done.iter().filter_map(|u| u.refund.amount_minor).sum();
        let review = done.iter().any(|u| u.refund.amount_minor.is_none());
        out.push(CompletedLine {
            line_no: line.line_no,
            sku: line.sku.clone(),
            quantity: line.quantity,
            received,
            missing,
            units: done,
            refund: Money {
                minor,
                currency: None,
            },
            review,
        });
    }
    for l in &mut out {
        l.refund.currency.clone_from(&currency);
    }
    let all = || out.iter().flat_map(|l| l.units.iter());
    let any_missing = out.iter().any(|l| l.missing > 0);
    let decision = if out.iter().any(|l| l.review) {
        "review"
    } else if !any_missing && all().all(|u| u.refund.kind == "full") {
        "full"
    } else if all().all(|u| u.refund.kind == "none") {
        "none"
    } else {
        "partial"
    };
    Some(ReturnCompleted {
        rma: rma.to_owned(),
        shop: shop.to_owned(),
        order_no: order_no.to_owned(),
        refund_decision: decision.to_owned(),
        refund: Money {
            minor: out.iter().map(|l| l.refund.minor).sum(),
            currency,
        },
        lines: out,
    })
}

/// The returns the batch `first..=last` of `stream` may have completed: those of the units it
/// decided, received (a decision relayed before its receipt) or took over (another decision may
/// win the register now), and those it recorded items missing of, that the hub holds for a shop.
const TOUCHED: &str = "SELECT DISTINCT r.rma FROM (
       SELECT u.rma FROM event e
         JOIN hub_unit u ON u.site_id = e.site_id AND u.lpn = e.payload::jsonb->>'lpn'
        WHERE e.site_id = $1 AND e.stream_id = $2 AND e.seq BETWEEN $3 AND $4
          AND e.kind IN ('decided', 'unit_received', 'unit_taken_over') AND e.quarantine IS NULL
       UNION
       SELECT e.payload::jsonb->>'rma' FROM event e
        WHERE e.site_id = $1 AND e.stream_id = $2 AND e.seq BETWEEN $3 AND $4 AND e.kind = 'exception_recorded'
          AND e.quarantine IS NULL AND e.payload::jsonb->>'kind' = 'missing_item') t
     JOIN hub_return r ON r.site_id = $1 AND r.rma = t.rma";

const UNITS: &str =
    "SELECT u.lpn, u.line_no, u.grade, u.disposition, d.refund_kind, d.refund_fee_bp, d.refund_minor,
            d.currency
       FROM hub_unit u
       LEFT JOIN hub_register g ON g.site_id = u.site_id AND g.lpn = u.lpn AND g.register = 'disposition'
       LEFT JOIN hub_decision d ON d.site_id = u.site_id AND d.disposition_id = g.write_id
      WHERE u.site_id = $1 AND u.rma = $2
      ORDER BY u.received_at, u.lpn";

const MISSING: &str = "SELECT DISTINCT (e.payload::jsonb->>'line_no')::int FROM hub_exception x
       JOIN event e ON e.site_id = x.site_id AND e.stream_id = x.stream_id AND e.seq = x.seq
      WHERE x.site_id = $1 AND x.rma = $2 AND x.kind = 'missing_item'";

/// What `return.completed` said last of `rma`, or would say now.
pub async fn state_of(
    client: &impl GenericClient,
    site_id: &str,
    rma: &str,
) -> Result<Option<(ReturnCompleted, String)>, HubError> {
    let Some(row) = client
        .query_opt(
            &client
                .prepare_cached(
                    "SELECT h.shop, x.body FROM hub_return h
                       JOIN hub_reference x ON x.site_id = h.site_id AND x.kind = 'rma' AND x.key = h.rma
                      WHERE h.site_id = $1 AND h.rma = $2",
                )
                .await?,
            &[&site_id, &rma],
        )
        .await?
    else {
        return Ok(None);
    };
    let (shop, body): (String, String) = (row.get(0), row.get(1));
    let Ok(Reference::Rma { added, .. }) = serde_json::from_str::<Reference>(&body) else {
        return Err(HubError::Config(format!(
            "the stored return {rma} cannot be read"
        )));
    };
    let units: Vec<UnitState> = client
        .query(&client.prepare_cached(UNITS).await?, &[&site_id, &rma])
        .await?
        .iter()
        .map(|r| UnitState {
            lpn: r.get(0),
            line_no: r.get::<_, Option<i32>>(1).and_then(|n| u32::try_from(n).ok()),
            grade: r.get(2),
            channel: r.get(3),
            refund: r.get::<_, Option<String>>(4).map(|kind| UnitRefund {
                kind,
                fee_bp: r.get(5),
                amount_minor: r.get(6),
            }),
            currency: r.get(7),
        })
        .collect();
    let missing: HashSet<u32> = client
        .query(&client.prepare_cached(MISSING).await?, &[&site_id, &rma])
        .await?
        .iter()
        .filter_map(|r| r.get::<_, Option<i32>>(0).and_then(|n| u32::try_from(n).ok()))
        .collect();
    let Some(done) = settle(rma, &shop, &added.order_no, &added.lines, &units, &missing) else {
        return Ok(None);
    };
    let digest = hex::encode(Sha256::digest(
        serde_json::to_vec(&done).map_err(|e| HubError::Config(e.to_string()))?,
    ));
    Ok(Some((done, digest)))
}

/// Write the `return.completed` messages the batch owes, in the push's transaction. Returns how
/// many.
pub async fn enqueue(
    client: &impl GenericClient,
    site_id: &str,
    stream: &uuid::Uuid,
    first: i64,
    last: i64,
    kinds: &HashSet<&str>,
) -> Result<u64, HubError> {
    if ![
        "decided",
        "exception_recorded",
        "unit_received",
        "unit_taken_over",
    ]
    .iter()
    .any(|k| kinds.contains(k))
    {
        return Ok(0);
    }
    // Most sites' pushes owe no shop anything: one look at the endpoints first.
    let wanted: bool = client
        .query_one(
            &client
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM webhook_endpoint
                                     WHERE site_id = $1 AND 'return.completed' = ANY (types))",
                )
                .await?,
            &[&site_id],
        )
        .await?
        .get(0);
    if !wanted {
        return Ok(0);
    }
    let touched: Vec<String> = client
        .query(
            &client.prepare_cached(TOUCHED).await?,
            &[&site_id, stream, &first, &last],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut n = 0;
    for rma in touched {
        let Some((done, digest)) = state_of(client, site_id, &rma).await? else {
            continue;
        };
        // A new revision only when what it says changed; its number names the message, so a
        // return told A, then B, then A again is told each time, and a retried push (its
        // transaction rolled back) sends the same id.
        let Some(rev) = client
            .query_opt(
                &client
                    .prepare_cached(
                        "UPDATE hub_return SET completed_digest = $3, completed_at = now(),
                                completed_rev = completed_rev + 1
                          WHERE site_id = $1 AND rma = $2 AND completed_digest IS DISTINCT FROM $3
                         RETURNING completed_rev",
                    )
                    .await?,
                &[&site_id, &rma, &digest],
            )
            .await?
            .map(|r| r.get::<_, i32>(0))
        else {
            continue;
        };
        let msg_id = format!("msg_completed_{rma}_{rev}");
        let mut data = serde_json::to_value(&done).map_err(|e| HubError::Config(e.to_string()))?;
        data["revision"] = rev.into();
        let data = data.to_string();
        n += client
            .execute(
                &client
                    .prepare_cached(
                        "INSERT INTO webhook_message (site_id, endpoint_id, msg_id, type, body)
                         SELECT $1, w.endpoint_id, $2, 'return.completed',
                                jsonb_build_object('type', 'return.completed',
                                                   'timestamp', to_char(now() AT TIME ZONE 'UTC',
                                                                        'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),
                                                   'data', $3::text::jsonb)::text
                           FROM webhook_endpoint w
                          WHERE w.site_id = $1 AND w.shop = $4 AND 'return.completed' = ANY (w.types)
                         ON CONFLICT (site_id, endpoint_id, msg_id) DO NOTHING",
                    )
                    .await?,
                &[&site_id, &msg_id, &data, &done.shop],
            )
            .await?;
        tracing::info!(site = %site_id, rma = %rma, refund = %done.refund_decision, minor = done.refund.minor, "return completed");
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(line_no: u32, sku: &str, quantity: u32) -> RmaLine {
        RmaLine {
            line_no,
            sku: sku.into(),
            quantity,
            serials: Vec::new(),
            stated_reason: None,
        }
    }

    fn unit(
        lpn: &str,
        line_no: u32,
        channel: Option<&str>,
        refund: Option<(&str, Option<i64>)>,
    ) -> UnitState {
        UnitState {
            lpn: lpn.into(),
            line_no: Some(line_no),
            grade: Some("A".into()),
            channel: channel.map(str::to_owned),
            refund: refund.map(|(kind, amount_minor)| UnitRefund {
                kind: kind.into(),
                fee_bp: (kind == "partial").then_some(1500),
                amount_minor,
            }),
            currency: Some("EUR".into()),
        }
    }

    fn settled(lines: &[RmaLine], units: &[UnitState], missing: &[u32]) -> Option<ReturnCompleted> {
        settle(
            "RMA-1",
            "shop-a",
            "ORD-1",
            lines,
            units,
            &missing.iter().copied().collect(),
        )
    }

    #[test]
    fn complete_when_every_line_is_decided_and_totals_the_refunds() {
        let lines = [line(1, "HP-200", 1), line(2, "CASE", 2)];
        let units = [
            unit("L1", 1, Some("restock"), Some(("full", Some(8999)))),
            unit("L2", 2, Some("refurbish"), Some(("partial", Some(1700)))),
            unit("L3", 2, Some("restock"), Some(("full", Some(2000)))),
        ];
        let done = settled(&lines, &units, &[]).expect("complete");
        assert_eq!(done.refund_decision, "partial");
        assert_eq!(
            done.refund,
            Money {
                minor: 12699,
                currency: Some("EUR".into())
            }
        );
        assert_eq!(
            done.lines.iter().map(|l| l.refund.minor).collect::<Vec<_>>(),
            [8999, 3700]
        );
        // All full: full.
        let full = [
            unit("L1", 1, Some("restock"), Some(("full", Some(8999)))),
            unit("L2", 2, Some("restock"), Some(("full", Some(2000)))),
            unit("L3", 2, Some("restock"), Some(("full", Some(2000)))),
        ];
        assert_eq!(settled(&lines, &full, &[]).unwrap().refund_decision, "full");
    }

    #[test]
    fn not_complete_while_a_unit_waits_is_held_or_an_item_is_neither_here_nor_missing() {
        let lines = [line(1, "HP-200", 2)];
        let one = unit("L1", 1, Some("restock"), Some(("full", Some(8999))));
        assert_eq!(
            settled(&lines, std::slice::from_ref(&one), &[]),
            None,
            "one of two arrived"
        );
        let waiting = unit("L2", 1, None, None);
        assert_eq!(
            settled(&lines, &[one.clone(), waiting], &[]),
            None,
            "one not inspected"
        );
        let held = unit("L2", 1, Some("hold"), Some(("review", None)));
        assert_eq!(settled(&lines, &[one.clone(), held], &[]), None, "one on hold");
        // The parcel closed without the second: complete, nothing back for it.
        let done = settled(&lines, &[one], &[1]).expect("complete with one missing");
        assert_eq!((done.lines[0].received, done.lines[0].missing), (1, 1));
        assert_eq!(done.refund_decision, "partial");
        assert_eq!(done.refund.minor, 8999);
        // Nothing arrived and the parcel closed: complete, no refund.
        let empty = settled(&lines, &[], &[1]).expect("all missing");
        assert_eq!((empty.refund_decision.as_str(), empty.refund.minor), ("none", 0));
        assert_eq!(empty.refund.currency, None);
    }

    #[test]
    fn a_refund_for_a_person_makes_the_return_review_and_the_total_what_is_known() {
        let lines = [line(1, "HP-200", 1), line(2, "CASE", 1)];
        let units = [
            unit("L1", 1, Some("restock"), Some(("full", Some(8999)))),
            unit("L2", 2, Some("recycle"), Some(("review", None))),
        ];
        let done = settled(&lines, &units, &[]).unwrap();
        assert_eq!(done.refund_decision, "review");
        assert!(done.lines[1].review && !done.lines[0].review);
        assert_eq!(done.refund.minor, 8999);
        // A decision from before refunds counts as review.
        let old = [
            unit("L1", 1, Some("restock"), Some(("full", Some(8999)))),
            unit("L2", 2, Some("restock"), None),
        ];
        let done = settled(&lines, &old, &[]).unwrap();
        assert_eq!(done.lines[1].units[0].refund.kind, "review");
        assert_eq!(done.refund_decision, "review");
    }

    #[test]
    fn wrong_items_and_extra_units_are_not_refunded() {
        let lines = [line(1, "HP-200", 1)];
        let mut wrong = unit("LX", 9, Some("restock"), Some(("full", Some(100))));
        wrong.line_no = None;
        let units = [
            unit("L1", 1, Some("restock"), Some(("full", Some(8999)))),
            unit("L2", 1, Some("restock"), Some(("full", Some(8999)))),
            wrong,
        ];
        let done = settled(&lines, &units, &[]).unwrap();
        assert_eq!(done.lines[0].units.len(), 1);
        assert_eq!(done.refund.minor, 8999);
    }
}
