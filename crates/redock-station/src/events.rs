//! The station's event stream (../shared/sync.md): every state change appends one or more facts,
//! in the same transaction, with the next dense sequence number.

use crate::clock::rfc3339;
use crate::error::StoreError;
use crate::projection;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// Version of the payload shapes below; bumped when one changes incompatibly.
pub const SCHEMA_VERSION: i64 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum EventBody {
    StreamStarted {
        stream_id: String,
    },
    StationConfigured(StationConfigured),
    OperatorAdded(OperatorAdded),
    SkuAdded(SkuAdded),
    RmaAdded(RmaAdded),
    LoggedIn {
        session_id: String,
        operator_id: String,
    },
    LoggedOut {
        session_id: String,
    },
    LoginFailed {
        operator_id: String,
        failed_pins: u32,
        locked_until: Option<String>,
    },
    Scanned(Scanned),
    UnitReceived(UnitReceived),
    ShopConfigured(ShopConfigured),
    ParcelOpened(ParcelOpened),
    RmaAttached {
        parcel_id: String,
        rma: String,
    },
    ExceptionRecorded(ExceptionRecorded),
    ParcelDamaged {
        parcel_id: String,
    },
    ParcelClosed {
        parcel_id: String,
    },
    SettingChanged {
        key: String,
        value: serde_json::Value,
    },
    VendorAgreementSet(VendorAgreementSet),
    /// An inspection begins (or resumes, when the unit's LPN is scanned again).
    InspectionStarted {
        lpn: String,
        grading_set: String,
        grading_version: u32,
    },
    /// One answer of the inspector, in order.
    InspectionStep {
        lpn: String,
        step: redock_domain::grading::Step,
    },
    /// The last answer taken back (named, so the log reads on its own).
    InspectionUndone {
        lpn: String,
        step: redock_domain::grading::Step,
    },
    /// The desk moved on from a unit before it was graded: it waits for inspection, labelled,
    /// until its LPN is scanned again.
    UnitParked {
        lpn: String,
        parcel_id: Option<String>,
    },
    Inspected(Inspected),
    Decided(Decided),
    PrintQueued(PrintQueued),
    PrintAttempted(PrintAttempted),
    PrintFollowed(PrintFollowed),
    /// A label about to go to the printer, committed before its first byte does: a job found
    /// `sending` with nobody sending it may have printed, and is never sent again by itself.
    PrintSending(PrintSending),
    /// A person saw the label of a job that may have printed: it did.
    PrintConfirmed {
        job_id: String,
    },
    /// A job that may have printed did not: printed again as `by_job_id` (queued in the same
    /// transaction).
    PrintReplaced {
        job_id: String,
        by_job_id: String,
    },
    /// A supervisor gave a failed job up: it is no longer shown as failed.
    PrintDismissed {
        job_id: String,
    },
    /// Finished jobs older than the retention (finished before `before`) leave the print queue;
    /// their events stay.
    PrintJobsPruned {
        job_ids: Vec<String>,
        before: String,
    },
}

/// One try at a printer, about to start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintSending {
    pub job_id: String,
    pub attempt: u32,
    pub printer: String,
}

/// A label to print, queued in the transaction that decided the unit (or by a reprint).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintQueued {
    pub job_id: String,
    pub lpn: String,
    /// The printer as configured when queued (`folder:/…`, `cups:queue`, `raw:host:port`).
    pub printer: String,
    pub format: String,
    pub template: String,
    pub language: String,
    /// `decision` or `reprint`.
    pub reason: String,
}

/// One try at a printer: printed, or failed (and whether it is tried again, and when).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintAttempted {
    pub job_id: String,
    pub attempt: u32,
    pub printer: String,
    pub ok: bool,
    /// What the device answered (file path, CUPS job id, bytes sent) when printed.
    pub answer: Option<serde_json::Value>,
    pub error_code: Option<String>,
    pub error: Option<String>,
    /// Set when the job waits for another try; None when printed or given up.
    pub retry_at: Option<String>,
}

/// A label CUPS took, followed there: printed, ended without printing, or waiting and why
/// (recorded when that changes, not on every look).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintFollowed {
    pub job_id: String,
    /// `printing` (CUPS still holds it), `done` or `failed`.
    pub state: String,
    pub error_code: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VendorAgreementSet {
    pub vendor: String,
    pub agreement: redock_domain::disposition::VendorAgreement,
}

/// A saved inspection: what was found, by whom, how long it took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspected {
    pub inspection_id: String,
    pub lpn: String,
    pub grading_set: String,
    pub grading_version: u32,
    pub grade: String,
    pub settled: redock_domain::grading::Settled,
    pub axes: std::collections::BTreeMap<String, String>,
    pub defects: Vec<String>,
    pub photos: Vec<String>,
    pub found_reason: Option<String>,
    pub stated_reason: Option<String>,
    pub flags: Vec<redock_domain::disposition::FraudFlag>,
    /// The result on external scales (Amazon condition, eBay condition id, CTIA), null when the
    /// unit cannot be listed on that scale.
    pub external: std::collections::BTreeMap<String, Option<String>>,
    pub started_at: String,
    /// First scan of the unit → inspection saved.
    pub handle_ms: i64,
}

/// Where a unit goes and why. A later decision names the one it supersedes; both stay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decided {
    pub disposition_id: String,
    pub lpn: String,
    pub channel: redock_domain::disposition::Channel,
    pub destination: Option<String>,
    /// Reason code (the rule's, or `override` / `inspector_hold`).
    pub reason: String,
    /// `table@version#row` of the rule that fired, when a rule decided.
    pub rule: Option<String>,
    pub trace: serde_json::Value,
    pub recovery_minor: Option<i64>,
    pub currency: Option<String>,
    pub decided_by: DecidedBy,
    pub supersedes: Option<String>,
    /// A person's words: why they overrode or held.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    Rule,
    Person,
}

impl DecidedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            DecidedBy::Rule => "rule",
            DecidedBy::Person => "person",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShopConfigured {
    pub shop: String,
    pub name: String,
    pub rma_pattern: String,
    pub return_window_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParcelOpened {
    pub parcel_id: String,
    pub code: String,
    pub code_kind: String,
    pub carrier: Option<String>,
    pub rmas: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExceptionRecorded {
    pub kind: redock_domain::receiving::ExceptionKind,
    pub parcel_id: Option<String>,
    pub lpn: Option<String>,
    pub rma: Option<String>,
    pub line_no: Option<u32>,
    /// What the inspector saw: codes, serials, counts.
    pub details: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StationConfigured {
    pub site_id: String,
    pub site_name: String,
    pub station_id: String,
    pub station_name: String,
    pub station_number: u16,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperatorAdded {
    pub operator_id: String,
    pub badge: String,
    pub name: String,
    pub role: String,
    pub language: String,
    /// argon2id PHC string; the PIN itself is never stored or logged.
    pub pin_hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkuAdded {
    pub sku: String,
    pub gtin: Option<String>,
    pub name: String,
    pub category: String,
    pub vendor: Option<String>,
    pub cost_minor: i64,
    pub price_minor: i64,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RmaLine {
    pub line_no: u32,
    pub sku: String,
    pub quantity: u32,
    #[serde(default)]
    pub serials: Vec<String>,
    pub stated_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RmaAdded {
    pub rma: String,
    pub shop: String,
    pub order_no: String,
    pub order_date: String,
    pub customer_id: String,
    pub customer_name: String,
    pub customer_tier: String,
    pub tracking: Option<String>,
    pub lines: Vec<RmaLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scanned {
    pub code: redock_domain::Classified,
    pub source: String,
    pub matched: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitReceived {
    pub lpn: String,
    pub station_number: u16,
    pub counter: u32,
    pub parcel_id: Option<String>,
    pub rma: Option<String>,
    pub line_no: Option<u32>,
    pub sku: Option<String>,
    pub gtin: Option<String>,
    pub serial: Option<String>,
}

impl EventBody {
    /// Split into the stored `kind` and `payload` JSON.
    pub fn encode(&self) -> Result<(String, String), StoreError> {
        let mut v = serde_json::to_value(self)?;
        let kind = v
            .get("kind")
            .and_then(|k| k.as_str())
            .map(str::to_string)
            .unwrap_or_default();
        let payload = v
            .get_mut("payload")
            .map(serde_json::Value::take)
            .unwrap_or(serde_json::Value::Null);
        Ok((kind, serde_json::to_string(&payload)?))
    }

    pub fn decode(kind: &str, payload: &str) -> Result<Self, StoreError> {
        let payload: serde_json::Value = serde_json::from_str(payload)?;
        Ok(serde_json::from_value(
            serde_json::json!({ "kind": kind, "payload": payload }),
        )?)
    }
}

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
}

pub fn payload_hash(payload: &str) -> String {
    hex::encode(Sha256::digest(payload.as_bytes()))
}

/// Hybrid logical clock: wall-clock milliseconds, or the last value + 1 when the wall clock is behind
/// (a clock set back must not reorder this station's facts). Text sorts in time order.
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
    } else {
        format!("{last_ms:015}.{:05}", last_c + 1)
    }
}

pub fn stream_id(tx: &Transaction<'_>) -> Result<Option<String>, StoreError> {
    Ok(tx
        .prepare_cached(crate::queries::STREAM_ID)?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// Append one event and apply it to the projections, inside the caller's transaction. This is the
/// only place events are written.
pub fn record(
    tx: &Transaction<'_>,
    body: &EventBody,
    operator_id: Option<&str>,
    now: OffsetDateTime,
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
    let (kind, payload) = body.encode()?;
    let event = Event {
        seq,
        event_id: uuid::Uuid::now_v7().to_string(),
        stream_id,
        kind,
        schema_version: SCHEMA_VERSION,
        payload_hash: payload_hash(&payload),
        payload,
        recorded_at: rfc3339(now),
        hlc: next_hlc(last.as_ref().map(|(_, h)| h.as_str()), now),
        operator_id: operator_id.map(str::to_string),
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
        event.operator_id
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
    })
}

pub const EVENT_COLUMNS: &str =
    "seq, event_id, stream_id, kind, schema_version, payload, payload_hash, recorded_at, hlc, operator_id";

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
    fn body_round_trips() {
        let body = EventBody::LoggedOut {
            session_id: "s1".into(),
        };
        let (kind, payload) = body.encode().unwrap();
        assert_eq!(kind, "logged_out");
        assert_eq!(payload, r#"{"session_id":"s1"}"#);
        assert_eq!(EventBody::decode(&kind, &payload).unwrap(), body);
    }
}
