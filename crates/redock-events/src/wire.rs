//! The push's wire format (../shared/sync.md), shared by the station that sends it and the hub that
//! reads it, and the checks a batch passes before anything of it is stored: consecutive seqs, known
//! origins, the envelope hash of every station event, and which events this build cannot read (to
//! be quarantined, not refused). Pure: the fuzz target `push_batch` drives it.

use crate::{envelope_hash, EventBody, Origin};
use serde::{Deserialize, Serialize};

/// At most this many events in one batch (the station sends 500).
pub const MAX_EVENTS: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("{0}")]
    BadBatch(String),
    #[error("event {seq}: the hash does not match its envelope")]
    HashMismatch { seq: i64 },
    #[error("{0}")]
    TooLarge(String),
}

/// One event as a station pushes it: its own facts whole; reference data it got from the hub only
/// by seq, id and hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushEvent {
    pub seq: i64,
    pub event_id: String,
    pub origin: String,
    pub payload_hash: String,
    #[serde(default)]
    pub stream_id: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub schema_version: Option<i64>,
    #[serde(default)]
    pub payload: Option<String>,
    #[serde(default)]
    pub recorded_at: Option<String>,
    #[serde(default)]
    pub hlc: Option<String>,
    #[serde(default)]
    pub operator_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushBatch {
    pub events: Vec<PushEvent>,
    /// Events the station still has to send after this batch (for the hub's backlog gauge).
    #[serde(default)]
    pub backlog: Option<i64>,
}

/// A checked event, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub seq: i64,
    pub event_id: uuid::Uuid,
    pub kind: String,
    pub version: i32,
    pub origin: Origin,
    pub payload: Option<String>,
    pub hash: String,
    pub recorded_at: Option<String>,
    pub hlc: Option<String>,
    pub operator_id: Option<String>,
    /// The code of why this build cannot read it (kept, acknowledged, not applied).
    pub quarantine: Option<&'static str>,
}

fn check(stream: &uuid::Uuid, e: &PushEvent) -> Result<Checked, WireError> {
    let bad = |m: String| WireError::BadBatch(format!("event {}: {m}", e.seq));
    if e.seq < 1 {
        return Err(bad("seq starts at 1".into()));
    }
    let event_id: uuid::Uuid = e
        .event_id
        .parse()
        .map_err(|_| bad("event_id is not a UUID".into()))?;
    match Origin::parse(&e.origin) {
        Some(Origin::Hub) => Ok(Checked {
            seq: e.seq,
            event_id,
            kind: "reference".into(),
            version: 0,
            origin: Origin::Hub,
            payload: None,
            hash: e.payload_hash.clone(),
            recorded_at: None,
            hlc: None,
            operator_id: None,
            quarantine: None,
        }),
        Some(Origin::Station) => {
            let (Some(stream_id), Some(kind), Some(version), Some(payload)) =
                (&e.stream_id, &e.kind, e.schema_version, &e.payload)
            else {
                return Err(bad(
                    "stream_id, kind, schema_version and payload are required".into()
                ));
            };
            if stream_id.parse::<uuid::Uuid>().ok().as_ref() != Some(stream) {
                return Err(bad(format!("belongs to stream {stream_id}, not {stream}")));
            }
            let version = u32::try_from(version)
                .ok()
                .filter(|v| *v <= i32::MAX as u32)
                .ok_or_else(|| bad(format!("schema_version {version}")))?;
            let expected = envelope_hash(
                &stream.to_string(),
                e.seq,
                kind,
                version,
                Origin::Station,
                payload,
            );
            if expected != e.payload_hash {
                return Err(WireError::HashMismatch { seq: e.seq });
            }
            let quarantine = EventBody::decode(kind, version, payload)
                .err()
                .map(|err| err.code());
            Ok(Checked {
                seq: e.seq,
                event_id,
                kind: kind.clone(),
                version: version as i32,
                origin: Origin::Station,
                payload: Some(payload.clone()),
                hash: e.payload_hash.clone(),
                recorded_at: e.recorded_at.clone(),
                hlc: e.hlc.clone(),
                operator_id: e.operator_id.clone(),
                quarantine,
            })
        }
        None => Err(bad(format!("unknown origin {:?}", e.origin))),
    }
}

/// Every check a batch for `stream` passes before anything of it is stored.
pub fn check_batch(stream: &uuid::Uuid, batch: &PushBatch) -> Result<Vec<Checked>, WireError> {
    if batch.events.is_empty() {
        return Err(WireError::BadBatch("the batch has no events".into()));
    }
    if batch.events.len() > MAX_EVENTS {
        return Err(WireError::TooLarge(format!(
            "{} events; at most {MAX_EVENTS} per batch",
            batch.events.len()
        )));
    }
    for w in batch.events.windows(2) {
        if w[1].seq != w[0].seq.wrapping_add(1) {
            return Err(WireError::BadBatch(format!(
                "events must be consecutive: {} follows {}",
                w[1].seq, w[0].seq
            )));
        }
    }
    // The hash and decode checks are most of a push's CPU: a large batch is checked on two cores.
    if batch.events.len() < 64 {
        return batch.events.iter().map(|e| check(stream, e)).collect();
    }
    let (a, b) = batch.events.split_at(batch.events.len() / 2);
    let (first, second) = std::thread::scope(|scope| {
        let other = scope.spawn(|| a.iter().map(|e| check(stream, e)).collect::<Result<Vec<_>, _>>());
        let second = b.iter().map(|e| check(stream, e)).collect::<Result<Vec<_>, _>>();
        (other.join(), second)
    });
    let mut first = first.map_err(|_| WireError::BadBatch("checking the batch failed".into()))??;
    first.extend(second?);
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(n: i64, stream: &uuid::Uuid) -> PushBatch {
        let events = (1..=n)
            .map(|seq| {
                let payload = format!("{{\"session_id\":\"s{seq}\"}}");
                PushEvent {
                    seq,
                    event_id: "019ad0a0-0000-7000-8000-000000000001".into(),
                    origin: "station".into(),
                    payload_hash: envelope_hash(
                        &stream.to_string(),
                        seq,
                        "logged_out",
                        1,
                        Origin::Station,
                        &payload,
                    ),
                    stream_id: Some(stream.to_string()),
                    kind: Some("logged_out".into()),
                    schema_version: Some(1),
                    payload: Some(payload),
                    recorded_at: None,
                    hlc: None,
                    operator_id: None,
                }
            })
            .collect();
        PushBatch {
            events,
            backlog: None,
        }
    }

    #[test]
    fn a_large_batch_checked_on_two_cores_keeps_its_order_and_names_the_bad_event() {
        let stream = uuid::Uuid::nil();
        let b = batch(100, &stream);
        let checked = check_batch(&stream, &b).unwrap();
        assert_eq!(
            checked.iter().map(|c| c.seq).collect::<Vec<_>>(),
            (1..=100).collect::<Vec<_>>()
        );
        for bad in [10, 80] {
            let mut b = batch(100, &stream);
            b.events[bad - 1].payload = Some("{\"session_id\":\"forged\"}".into());
            assert_eq!(
                check_batch(&stream, &b),
                Err(WireError::HashMismatch { seq: bad as i64 })
            );
        }
        let mut b = batch(100, &stream);
        b.events[70].kind = Some("teleported".into());
        b.events[70].payload_hash = envelope_hash(
            &stream.to_string(),
            71,
            "teleported",
            1,
            Origin::Station,
            b.events[70].payload.as_deref().unwrap(),
        );
        let checked = check_batch(&stream, &b).unwrap();
        assert_eq!(checked[70].quarantine, Some("event.unknown_kind"));
        assert!(checked.iter().filter(|c| c.quarantine.is_some()).count() == 1);
    }
}
