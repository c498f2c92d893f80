//! The station's event stream (../shared/sync.md): every state change appends one or more facts,
//! in the same transaction, with the next dense sequence number.

use crate::clock::rfc3339;
use crate::error::StoreError;
use crate::projection;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

// The payloads are the log's own (crates/redock-events), shared with the hub.
pub use redock_events::payloads::*;
pub use redock_events::{current_version, envelope_hash, EventBody, EventError, Origin, KINDS};

/// One stored event, as the hub will receive it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Event {
    pub seq: i64,
    pub event_id: String,
    pub stream_id: String,
    pub kind: String,
    pub schema_version: i64,
    pub payload: String,
    pub payload_hash: String,
    pub recorded_at: String,
    pub hlc: String,
    pub operator_id: Option<String>,
    /// `station` (this station's own fact) or `hub` (reference data it received).
    pub origin: String,
}

impl Event {
    /// The hash this event's envelope must have.
    pub fn expected_hash(&self) -> Result<String, StoreError> {
        let origin = Origin::parse(&self.origin).ok_or_else(|| {
            StoreError::Decode(format!("event {}: unknown origin {:?}", self.seq, self.origin))
        })?;
        Ok(envelope_hash(
            &self.stream_id,
            self.seq,
            &self.kind,
            version_of(self.schema_version)?,
            origin,
            &self.payload,
        ))
    }

    /// The payload at its kind's current shape (older versions through the upcasters).
    pub fn body(&self) -> Result<EventBody, StoreError> {
        Ok(EventBody::decode(
            &self.kind,
            version_of(self.schema_version)?,
            &self.payload,
        )?)
    }
}

fn version_of(v: i64) -> Result<u32, StoreError> {
    u32::try_from(v).map_err(|_| StoreError::Decode(format!("schema version {v} is out of range")))
}

/// Room in the hlc's counter: five digits, as the text has always had.
const HLC_COUNTER_ROOM: u32 = 100_000;

/// Hybrid logical clock: wall-clock milliseconds, or the last value + 1 when the wall clock is behind
/// (a clock set back must not reorder this station's facts). Text sorts in time order. When the
/// counter is full the clock carries into the next millisecond, so any number of events can be
/// recorded while the wall clock is behind: the hlc then runs ahead of the wall by a millisecond
/// per 100,000 events, and the wall catches up with it.
fn next_hlc(last: Option<&str>, now: OffsetDateTime) -> String {
    let wall = (now.unix_timestamp_nanos() / 1_000_000).max(0) as u64;
    let (last_ms, last_c) = last
        .and_then(|h| {
            let (ms, c) = h.split_once('.')?;
            Some((ms.parse::<u64>().ok()?, c.parse::<u32>().ok()?))
        })
        .unwrap_or((0, 0));
    if wall > last_ms {
        format!("{wall:015}.{:05}", 0)
    } else if last_c + 1 < HLC_COUNTER_ROOM {
        format!("{last_ms:015}.{:05}", last_c + 1)
    } else {
        format!("{:015}.{:05}", last_ms + 1, 0)
    }
}

pub fn stream_id(tx: &Transaction<'_>) -> Result<Option<String>, StoreError> {
    Ok(tx
        .prepare_cached(crate::queries::STREAM_ID)?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// Append one of the station's own facts and apply it to the projections, inside the caller's
/// transaction.
pub fn record(
    tx: &Transaction<'_>,
    body: &EventBody,
    operator_id: Option<&str>,
    now: OffsetDateTime,
) -> Result<Event, StoreError> {
    record_from(tx, body, operator_id, now, Origin::Station)
}

/// Append one event of the given origin and apply it. This is the only place events are written.
pub fn record_from(
    tx: &Transaction<'_>,
    body: &EventBody,
    operator_id: Option<&str>,
    now: OffsetDateTime,
    origin: Origin,
) -> Result<Event, StoreError> {
    record_as(tx, body, operator_id, now, origin, None)
}

/// [`record_from`] at a wall-clock time of its own (`recorded_at`, RFC 3339): a fact of this
/// station's former stream brought back after a restore keeps the time it happened. Its hlc is
/// this log's next, so the log's order stays its own.
pub fn record_as(
    tx: &Transaction<'_>,
    body: &EventBody,
    operator_id: Option<&str>,
    now: OffsetDateTime,
    origin: Origin,
    recorded_at: Option<&str>,
) -> Result<Event, StoreError> {
    let stream_id = match stream_id(tx)? {
        Some(s) => s,
        None => return Err(StoreError::Decode("the station has no stream id yet".into())),
    };
    let last: Option<(i64, String)> = tx
        .prepare_cached(crate::queries::LAST_EVENT)?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let seq = last.as_ref().map_or(1, |(s, _)| s + 1);
    let enc = body.encode()?;
    let event = Event {
        seq,
        event_id: uuid::Uuid::now_v7().to_string(),
        payload_hash: envelope_hash(&stream_id, seq, &enc.kind, enc.version, origin, &enc.payload),
        stream_id,
        kind: enc.kind,
        schema_version: i64::from(enc.version),
        payload: enc.payload,
        recorded_at: recorded_at.map_or_else(|| rfc3339(now), str::to_string),
        hlc: next_hlc(last.as_ref().map(|(_, h)| h.as_str()), now),
        operator_id: operator_id.map(str::to_string),
        origin: origin.as_str().to_string(),
    };
    tx.prepare_cached(crate::queries::INSERT_EVENT)?.execute(params![
        event.seq,
        event.event_id,
        event.stream_id,
        event.kind,
        event.schema_version,
        event.payload,
        event.payload_hash,
        event.recorded_at,
        event.hlc,
        event.operator_id,
        event.origin
    ])?;
    projection::apply(tx, &event, body)?;
    Ok(event)
}

/// Start the stream on a new database: a UUIDv7 stream id and the first event. Idempotent.
pub fn ensure_stream(tx: &Transaction<'_>, now: OffsetDateTime) -> Result<String, StoreError> {
    if let Some(s) = stream_id(tx)? {
        return Ok(s);
    }
    let id = uuid::Uuid::now_v7().to_string();
    tx.execute("INSERT INTO meta (key, value) VALUES ('stream_id', ?1)", [&id])?;
    record(
        tx,
        &EventBody::StreamStarted {
            stream_id: id.clone(),
        },
        None,
        now,
    )?;
    Ok(id)
}

pub fn read_event(row: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        seq: row.get(0)?,
        event_id: row.get(1)?,
        stream_id: row.get(2)?,
        kind: row.get(3)?,
        schema_version: row.get(4)?,
        payload: row.get(5)?,
        payload_hash: row.get(6)?,
        recorded_at: row.get(7)?,
        hlc: row.get(8)?,
        operator_id: row.get(9)?,
        origin: row.get(10)?,
    })
}

pub const EVENT_COLUMNS: &str =
    "seq, event_id, stream_id, kind, schema_version, payload, payload_hash, recorded_at, hlc, operator_id, origin";

/// Events after `after`, in order, at most `limit`.
pub fn events_after(c: &rusqlite::Connection, after: i64, limit: i64) -> Result<Vec<Event>, StoreError> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2"
    ))?;
    let rows = st
        .query_map(params![after, limit], read_event)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// One event as a push sends it (../shared/sync.md): the station's own facts whole; reference data
/// it received from the hub only by seq, id and hash, so the hub's dense-seq check holds and the
/// station never sends back what it was sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Pushed {
    /// The whole event (its `origin` is `station`).
    Station(Event),
    Hub {
        seq: i64,
        event_id: String,
        /// Always `hub`.
        origin: String,
        payload_hash: String,
    },
}

/// The next events to push after `after`, in order, at most `limit`.
pub fn to_push(c: &rusqlite::Connection, after: i64, limit: i64) -> Result<Vec<Pushed>, StoreError> {
    events_after(c, after, limit)?
        .into_iter()
        .map(|e| match Origin::parse(&e.origin) {
            Some(Origin::Station) => Ok(Pushed::Station(e)),
            Some(Origin::Hub) => Ok(Pushed::Hub {
                seq: e.seq,
                event_id: e.event_id,
                origin: e.origin,
                payload_hash: e.payload_hash,
            }),
            None => Err(StoreError::Decode(format!(
                "event {}: unknown origin {:?}",
                e.seq, e.origin
            ))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn hlc_never_goes_back() {
        let t = datetime!(2026-11-23 10:00 UTC);
        let a = next_hlc(None, t);
        let b = next_hlc(Some(&a), t - time::Duration::days(1));
        let c = next_hlc(Some(&b), t);
        let d = next_hlc(Some(&c), t + time::Duration::milliseconds(1));
        assert!(a < b && b < c && c < d, "{a} {b} {c} {d}");
    }

    #[test]
    fn hlc_has_room_for_any_number_of_events_with_the_clock_held_back() {
        let t = datetime!(2026-11-23 10:00 UTC);
        let mut last = next_hlc(None, t);
        for _ in 0..250_000 {
            let next = next_hlc(Some(&last), t - time::Duration::hours(1));
            assert!(next > last, "{next} after {last}");
            last = next;
        }
        // 250,000 events on a clock an hour behind: the hlc ran 2 ms ahead of where it started.
        assert!(
            last.starts_with(&format!("{:015}.", t.unix_timestamp() * 1000 + 2)),
            "{last}"
        );
    }
}

/// The domain's values as the log writes them. The log's types are its own (crates/redock-events):
/// these are the only places a domain type becomes a recorded one, so a change to the domain shows
/// up here as a compile error, not as a silently different fact.
pub mod from_domain {
    use super::*;
    use redock_domain::disposition as d;
    use redock_domain::grading as g;

    pub fn step(s: &g::Step) -> Step {
        match s {
            g::Step::Ok => Step::Ok,
            g::Step::Fail => Step::Fail,
            g::Step::Pass => Step::Pass,
            g::Step::Grade { grade } => Step::Grade { grade: grade.clone() },
            g::Step::Defect { code } => Step::Defect { code: code.clone() },
            g::Step::Reason { code } => Step::Reason { code: code.clone() },
            g::Step::Photo { sha256 } => Step::Photo {
                sha256: sha256.clone(),
            },
            g::Step::Hold => Step::Hold,
        }
    }

    /// A recorded step as the domain's (drafts are replayed from the log).
    pub fn step_back(s: &Step) -> g::Step {
        match s {
            Step::Ok => g::Step::Ok,
            Step::Fail => g::Step::Fail,
            Step::Pass => g::Step::Pass,
            Step::Grade { grade } => g::Step::Grade { grade: grade.clone() },
            Step::Defect { code } => g::Step::Defect { code: code.clone() },
            Step::Reason { code } => g::Step::Reason { code: code.clone() },
            Step::Photo { sha256 } => g::Step::Photo {
                sha256: sha256.clone(),
            },
            Step::Hold => g::Step::Hold,
        }
    }

    pub fn settled(s: &g::Settled) -> Settled {
        match s {
            g::Settled::Question { id } => Settled::Question { id: id.clone() },
            g::Settled::AllPassed => Settled::AllPassed,
            g::Settled::Chosen => Settled::Chosen,
        }
    }

    pub fn flag(f: d::FraudFlag) -> FraudFlag {
        match f {
            d::FraudFlag::EmptyBox => FraudFlag::EmptyBox,
            d::FraudFlag::SwappedItem => FraudFlag::SwappedItem,
            d::FraudFlag::SerialMismatch => FraudFlag::SerialMismatch,
            d::FraudFlag::UsedBeyondWindow => FraudFlag::UsedBeyondWindow,
            d::FraudFlag::RepeatReturner => FraudFlag::RepeatReturner,
        }
    }

    /// A refund as the log keeps it, with its amount of the unit's price (`Refund::amount_minor`:
    /// None for review).
    pub fn refund(r: d::Refund, amount_minor: Option<i64>) -> RefundDecided {
        let (kind, fee_bp) = match r {
            d::Refund::Full => (RefundKind::Full, None),
            d::Refund::Partial { fee_bp } => (RefundKind::Partial, Some(fee_bp)),
            d::Refund::None => (RefundKind::None, None),
            d::Refund::Review => (RefundKind::Review, None),
        };
        RefundDecided {
            kind,
            fee_bp,
            amount_minor,
        }
    }

    /// A person decides the refund.
    pub fn review() -> RefundDecided {
        refund(d::Refund::Review, None)
    }

    pub fn channel(c: d::Channel) -> Channel {
        match c {
            d::Channel::Restock => Channel::Restock,
            d::Channel::Refurbish => Channel::Refurbish,
            d::Channel::Liquidate => Channel::Liquidate,
            d::Channel::Rtv => Channel::Rtv,
            d::Channel::Donate => Channel::Donate,
            d::Channel::Recycle => Channel::Recycle,
            d::Channel::Destroy => Channel::Destroy,
            d::Channel::Hold => Channel::Hold,
        }
    }

    pub fn agreement(a: d::VendorAgreement) -> VendorAgreement {
        VendorAgreement {
            rtv: match a.rtv {
                d::RtvTerms::Eligible => RtvTerms::Eligible,
                d::RtvTerms::Forced => RtvTerms::Forced,
                d::RtvTerms::Prohibited => RtvTerms::Prohibited,
            },
            window_days: a.window_days,
            credit_bp: a.credit_bp,
        }
    }

    pub fn exception(k: redock_domain::receiving::ExceptionKind) -> ExceptionKind {
        use redock_domain::receiving::ExceptionKind as K;
        match k {
            K::UnexpectedReturn => ExceptionKind::UnexpectedReturn,
            K::WrongItem => ExceptionKind::WrongItem,
            K::ExtraItem => ExceptionKind::ExtraItem,
            K::MissingItem => ExceptionKind::MissingItem,
            K::SerialMismatch => ExceptionKind::SerialMismatch,
            K::EmptyBox => ExceptionKind::EmptyBox,
            K::DamagedInTransit => ExceptionKind::DamagedInTransit,
            K::LateReturn => ExceptionKind::LateReturn,
            K::LabelMissing => ExceptionKind::LabelMissing,
        }
    }

    /// An operator role named in data (demo file, CSV): one of the three, or an error.
    pub fn role(s: &str) -> Result<Role, StoreError> {
        match s {
            "inspector" => Ok(Role::Inspector),
            "supervisor" => Ok(Role::Supervisor),
            "admin" => Ok(Role::Admin),
            other => Err(StoreError::Decode(format!(
                "unknown operator role {other:?} (inspector, supervisor or admin)"
            ))),
        }
    }

    pub fn code(c: &redock_domain::Classified) -> ScannedCode {
        ScannedCode {
            text: c.text.clone(),
            symbology: c.symbology.clone(),
            kind: c.kind.as_str().to_string(),
            valid: c.valid,
            error_code: c.error_code.clone(),
            gtin: c.gtin.clone(),
            shop: c.shop.clone(),
            carrier: c.carrier.clone(),
            elements: c
                .ais
                .iter()
                .map(|a| Element {
                    ai: a.ai.clone(),
                    value: a.value.clone(),
                })
                .collect(),
        }
    }

    pub fn matched(m: &crate::lookup::Matched) -> ScanMatch {
        use crate::lookup::Matched as M;
        match m {
            M::Returns { via, returns } => ScanMatch::Returns {
                via: via.clone(),
                rmas: returns.iter().map(|r| r.rma.clone()).collect(),
            },
            M::Product(p) => ScanMatch::Product { sku: p.sku.clone() },
            M::Unit(u) => ScanMatch::Unit { lpn: u.lpn.clone() },
        }
    }
}
