//! Push (sync.md): a batch of consecutive events of one stream, in one PostgreSQL transaction with
//! the stream's head row locked. Same (seq, hash) → a duplicate, nothing done; same seq with another
//! hash → `seq_conflict`; a first seq past the head + 1 → `gap` with the expected seq; an event
//! this hub cannot read (unknown kind, newer version) → kept in quarantine and acknowledged. Every
//! check runs before anything is written: a batch is applied whole or not at all.

use crate::auth::StationAuth;
use crate::error::HubError;
use deadpool_postgres::Pool;
use redock_events::{envelope_hash, EventBody, Origin};
use serde::{Deserialize, Serialize};

/// At most this many events in one batch (the station sends 500).
pub const MAX_EVENTS: usize = 2_000;

/// One event as a station pushes it: its own facts whole; reference data it got from the hub only
/// by seq, id and hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[serde(deny_unknown_fields)]
pub struct PushBatch {
    pub events: Vec<PushEvent>,
    /// Events the station still has to send after this batch (for the hub's backlog gauge).
    #[serde(default)]
    pub backlog: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Quarantined {
    pub seq: i64,
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PushAnswer {
    /// The highest seq the hub now holds of this stream.
    pub held: i64,
    pub accepted: u64,
    pub duplicates: u64,
    pub quarantined: Vec<Quarantined>,
}

/// A checked event, ready to insert.
struct Row {
    seq: i64,
    event_id: uuid::Uuid,
    kind: String,
    version: i32,
    origin: &'static str,
    payload: Option<String>,
    hash: String,
    recorded_at: Option<String>,
    hlc: Option<String>,
    operator_id: Option<String>,
    quarantine: Option<String>,
}

fn check(stream: &uuid::Uuid, e: &PushEvent) -> Result<Row, HubError> {
    let bad = |m: String| HubError::BadBatch(format!("event {}: {m}", e.seq));
    let event_id: uuid::Uuid = e
        .event_id
        .parse()
        .map_err(|_| bad("event_id is not a UUID".into()))?;
    match Origin::parse(&e.origin) {
        Some(Origin::Hub) => Ok(Row {
            seq: e.seq,
            event_id,
            kind: "reference".into(),
            version: 0,
            origin: "hub",
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
            let version = u32::try_from(version).map_err(|_| bad(format!("schema_version {version}")))?;
            let expected = envelope_hash(
                &stream.to_string(),
                e.seq,
                kind,
                version,
                Origin::Station,
                payload,
            );
            if expected != e.payload_hash {
                return Err(HubError::HashMismatch { seq: e.seq });
            }
            let quarantine = EventBody::decode(kind, version, payload).err().map(|err| {
                tracing::warn!(seq = e.seq, kind = %kind, error = %err, "event quarantined");
                err.code().to_string()
            });
            Ok(Row {
                seq: e.seq,
                event_id,
                kind: kind.clone(),
                version: version as i32,
                origin: "station",
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

pub async fn push(
    pool: &Pool,
    who: &StationAuth,
    stream_id: &str,
    batch: &PushBatch,
) -> Result<PushAnswer, HubError> {
    let stream: uuid::Uuid = stream_id
        .parse()
        .map_err(|_| HubError::UnknownStream(stream_id.to_string()))?;
    if batch.events.is_empty() {
        return Err(HubError::BadBatch("the batch has no events".into()));
    }
    if batch.events.len() > MAX_EVENTS {
        return Err(HubError::TooLarge(format!(
            "{} events; at most {MAX_EVENTS} per batch",
            batch.events.len()
        )));
    }
    for w in batch.events.windows(2) {
        if w[1].seq != w[0].seq + 1 {
            return Err(HubError::BadBatch(format!(
                "events must be consecutive: {} follows {}",
                w[1].seq, w[0].seq
            )));
        }
    }
    let rows = batch
        .events
        .iter()
        .map(|e| check(&stream, e))
        .collect::<Result<Vec<_>, _>>()?;

    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let head = tx
        .query_opt(
            "SELECT station_id, head_seq FROM stream WHERE site_id = $1 AND stream_id = $2 FOR UPDATE",
            &[&who.site_id, &stream],
        )
        .await?
        .ok_or_else(|| HubError::UnknownStream(stream_id.to_string()))?;
    let (owner, head): (String, i64) = (head.get(0), head.get(1));
    if owner != who.station_id {
        return Err(HubError::Forbidden(format!(
            "stream {stream} belongs to station {owner}"
        )));
    }
    let first = rows[0].seq;
    if first > head + 1 {
        return Err(HubError::Gap { expected: head + 1 });
    }
    // What the hub already holds must be the same facts.
    let held: Vec<i64> = rows.iter().filter(|r| r.seq <= head).map(|r| r.seq).collect();
    let mut duplicates = 0u64;
    if !held.is_empty() {
        let stored = tx
            .query(
                "SELECT seq, payload_hash FROM event WHERE site_id = $1 AND stream_id = $2 AND seq = ANY($3)",
                &[&who.site_id, &stream, &held],
            )
            .await?;
        let stored: std::collections::HashMap<i64, String> =
            stored.into_iter().map(|r| (r.get(0), r.get(1))).collect();
        for r in rows.iter().filter(|r| r.seq <= head) {
            match stored.get(&r.seq) {
                Some(h) if *h == r.hash => duplicates += 1,
                _ => return Err(HubError::SeqConflict { seq: r.seq }),
            }
        }
    }
    let new: Vec<&Row> = rows.iter().filter(|r| r.seq > head).collect();
    let mut quarantined = Vec::new();
    if !new.is_empty() {
        let k = new.len() as i64;
        let last_n: i64 = tx
            .query_one(
                "UPDATE site_feed SET n = n + $2 WHERE site_id = $1 RETURNING n",
                &[&who.site_id, &k],
            )
            .await?
            .get(0);
        let changes: Vec<i64> = (last_n - k + 1..=last_n).collect();
        let seqs: Vec<i64> = new.iter().map(|r| r.seq).collect();
        let ids: Vec<uuid::Uuid> = new.iter().map(|r| r.event_id).collect();
        let kinds: Vec<&str> = new.iter().map(|r| r.kind.as_str()).collect();
        let versions: Vec<i32> = new.iter().map(|r| r.version).collect();
        let origins: Vec<&str> = new.iter().map(|r| r.origin).collect();
        let payloads: Vec<Option<&str>> = new.iter().map(|r| r.payload.as_deref()).collect();
        let hashes: Vec<&str> = new.iter().map(|r| r.hash.as_str()).collect();
        let recorded: Vec<Option<&str>> = new.iter().map(|r| r.recorded_at.as_deref()).collect();
        let hlcs: Vec<Option<&str>> = new.iter().map(|r| r.hlc.as_deref()).collect();
        let operators: Vec<Option<&str>> = new.iter().map(|r| r.operator_id.as_deref()).collect();
        let quarantine: Vec<Option<&str>> = new.iter().map(|r| r.quarantine.as_deref()).collect();
        tx.execute(
            "INSERT INTO event (site_id, stream_id, seq, event_id, kind, schema_version, origin, payload,
                                payload_hash, recorded_at, hlc, operator_id, quarantine, change_no)
             SELECT $1, $2, u.seq, u.event_id, u.kind, u.version, u.origin, u.payload, u.hash,
                    u.recorded_at::timestamptz, u.hlc, u.operator_id, u.quarantine, u.change_no
             FROM UNNEST($3::bigint[], $4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[],
                         $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::bigint[])
                  AS u(seq, event_id, kind, version, origin, payload, hash, recorded_at, hlc,
                       operator_id, quarantine, change_no)",
            &[
                &who.site_id,
                &stream,
                &seqs,
                &ids,
                &kinds,
                &versions,
                &origins,
                &payloads,
                &hashes,
                &recorded,
                &hlcs,
                &operators,
                &quarantine,
                &changes,
            ],
        )
        .await?;
        tx.execute(
            "UPDATE stream SET head_seq = $3 WHERE site_id = $1 AND stream_id = $2",
            &[&who.site_id, &stream, &seqs[seqs.len() - 1]],
        )
        .await?;
        quarantined = new
            .iter()
            .filter_map(|r| {
                r.quarantine.as_ref().map(|c| Quarantined {
                    seq: r.seq,
                    code: c.clone(),
                })
            })
            .collect();
    }
    tx.execute(
        "UPDATE station SET last_seen_at = now(), backlog = $3 WHERE site_id = $1 AND station_id = $2",
        &[&who.site_id, &who.station_id, &batch.backlog],
    )
    .await?;
    tx.commit().await?;
    let held = head.max(rows[rows.len() - 1].seq);
    Ok(PushAnswer {
        held,
        accepted: new.len() as u64,
        duplicates,
        quarantined,
    })
}
