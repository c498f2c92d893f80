//! Push (sync.md): a batch of consecutive events of one stream, in one PostgreSQL transaction with
//! the stream's head row locked. Same (seq, hash) → a duplicate, nothing done; same seq with another
//! hash → `seq_conflict`; a first seq past the head + 1 → `gap` with the expected seq; an event
//! this hub cannot read (unknown kind, newer version) → kept in quarantine and acknowledged. Every
//! check runs before anything is written: a batch is applied whole or not at all.

use crate::auth::StationAuth;
use crate::error::HubError;
use deadpool_postgres::Pool;
use redock_events::wire::{check_batch, WireError};
pub use redock_events::wire::{PushBatch, PushEvent, MAX_EVENTS};
use serde::{Deserialize, Serialize};

impl From<WireError> for HubError {
    fn from(e: WireError) -> Self {
        match e {
            WireError::BadBatch(m) => HubError::BadBatch(m),
            WireError::HashMismatch { seq } => HubError::HashMismatch { seq },
            WireError::TooLarge(m) => HubError::TooLarge(m),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Quarantined {
    pub seq: i64,
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct PushAnswer {
    /// The highest seq the hub now holds of this stream.
    pub held: i64,
    pub accepted: u64,
    pub duplicates: u64,
    pub quarantined: Vec<Quarantined>,
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
    let rows = check_batch(&stream, batch)?;

    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let head = tx
        .query_opt(
            &tx.prepare_cached(
                "SELECT station_id, head_seq, succeeded_by FROM stream WHERE site_id = $1 AND stream_id = $2 FOR UPDATE",
            )
            .await?,
            &[&who.site_id, &stream],
        )
        .await?
        .ok_or_else(|| HubError::UnknownStream(stream_id.to_string()))?;
    let (owner, head, successor): (String, i64, Option<uuid::Uuid>) = (head.get(0), head.get(1), head.get(2));
    if owner != who.station_id {
        return Err(HubError::Forbidden(format!(
            "stream {stream} belongs to station {owner}"
        )));
    }
    if let Some(successor) = successor {
        return Err(HubError::StreamClosed {
            stream: stream.to_string(),
            successor: successor.to_string(),
        });
    }
    let first = rows[0].seq;
    if first > head + 1 {
        return Err(HubError::Gap { expected: head + 1 });
    }
    // What the hub already holds must be the same facts.
    let held: Vec<i64> = rows.iter().filter(|r| r.seq <= head).map(|r| r.seq).collect();
    let mut duplicates = 0u64;
    if !held.is_empty() {
        let stored = tx.query(
        &tx.prepare_cached("SELECT seq, payload_hash FROM event WHERE site_id = $1 AND stream_id = $2 AND seq = ANY($3)").await?,
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
    let new: Vec<&redock_events::wire::Checked> = rows.iter().filter(|r| r.seq > head).collect();
    let mut quarantined = Vec::new();
    if !new.is_empty() {
        let k = new.len() as i64;
        let last_n: i64 = tx
            .query_one(
                &tx.prepare_cached("UPDATE site_feed SET n = n + $2 WHERE site_id = $1 RETURNING n")
                    .await?,
                &[&who.site_id, &k],
            )
            .await?
            .get(0);
        let changes: Vec<i64> = (last_n - k + 1..=last_n).collect();
        let seqs: Vec<i64> = new.iter().map(|r| r.seq).collect();
        let ids: Vec<uuid::Uuid> = new.iter().map(|r| r.event_id).collect();
        let kinds: Vec<&str> = new.iter().map(|r| r.kind.as_str()).collect();
        let versions: Vec<i32> = new.iter().map(|r| r.version).collect();
        let origins: Vec<&str> = new.iter().map(|r| r.origin.as_str()).collect();
        let payloads: Vec<Option<&str>> = new.iter().map(|r| r.payload.as_deref()).collect();
        let hashes: Vec<&str> = new.iter().map(|r| r.hash.as_str()).collect();
        let recorded: Vec<Option<&str>> = new.iter().map(|r| r.recorded_at.as_deref()).collect();
        let hlcs: Vec<Option<&str>> = new.iter().map(|r| r.hlc.as_deref()).collect();
        let operators: Vec<Option<&str>> = new.iter().map(|r| r.operator_id.as_deref()).collect();
        let quarantine: Vec<Option<&str>> = new.iter().map(|r| r.quarantine).collect();
        tx.execute(
            &tx.prepare_cached(
                "INSERT INTO event (site_id, stream_id, seq, event_id, kind, schema_version, origin, payload,
                                payload_hash, recorded_at, hlc, operator_id, quarantine, change_no)
             SELECT $1, $2, u.seq, u.event_id, u.kind, u.version, u.origin, u.payload, u.hash,
                    u.recorded_at::timestamptz, u.hlc, u.operator_id, u.quarantine, u.change_no
             FROM UNNEST($3::bigint[], $4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[],
                         $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::bigint[])
                  AS u(seq, event_id, kind, version, origin, payload, hash, recorded_at, hlc,
                       operator_id, quarantine, change_no)",
            )
            .await?,
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
        // The hub's view, in the same transaction: exactly the union of the stations' facts.
        let present: std::collections::HashSet<&str> = new.iter().map(|r| r.kind.as_str()).collect();
        let settled = crate::projection::apply(
            &tx,
            &who.site_id,
            &stream,
            seqs[0],
            seqs[seqs.len() - 1],
            Some(&present),
        )
        .await?;
        crate::registers::publish(&tx, &who.site_id, &settled).await?;
        // What the shops are owed of these facts, in the same transaction (the outbox).
        crate::webhooks::enqueue(
            &tx,
            &who.site_id,
            &stream,
            seqs[0],
            seqs[seqs.len() - 1],
            &present,
        )
        .await?;
        tx.execute(
            &tx.prepare_cached("UPDATE stream SET head_seq = $3 WHERE site_id = $1 AND stream_id = $2")
                .await?,
            &[&who.site_id, &stream, &seqs[seqs.len() - 1]],
        )
        .await?;
        quarantined = new
            .iter()
            .filter_map(|r| {
                r.quarantine.map(|c| Quarantined {
                    seq: r.seq,
                    code: c.to_string(),
                })
            })
            .collect();
    }
    tx.execute(
        &tx.prepare_cached(
            "UPDATE station SET last_seen_at = now(), backlog = $3 WHERE site_id = $1 AND station_id = $2",
        )
        .await?,
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

/// What a station asks when its stream met a `seq_conflict`: go on in `stream_id`, from
/// `first_seq` (the first seq the hub holds with another hash).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Continuation {
    pub stream_id: String,
    pub first_seq: i64,
}

/// Open the stream that continues `old` (sync.md, "Restored or cloned stations"): it starts at
/// `first_seq` (its head is `first_seq - 1`), it is linked to the old one, and the old one is
/// closed, so whatever still pushes to it is told `stream_closed` and its successor. Asked again
/// with the same successor (the station did not hear the answer), the same answer; with another,
/// `stream_closed`: only one copy of a database goes on as the station.
pub async fn continue_stream(
    pool: &Pool,
    who: &StationAuth,
    old: &str,
    next: &Continuation,
) -> Result<Continuation, HubError> {
    let old_id: uuid::Uuid = old
        .parse()
        .map_err(|_| HubError::UnknownStream(old.to_string()))?;
    let new_id: uuid::Uuid = next
        .stream_id
        .parse()
        .map_err(|_| HubError::BadBatch(format!("{:?} is not a stream id", next.stream_id)))?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            "SELECT station_id, head_seq, first_seq, succeeded_by FROM stream
              WHERE site_id = $1 AND stream_id = $2 FOR UPDATE",
            &[&who.site_id, &old_id],
        )
        .await?
        .ok_or_else(|| HubError::UnknownStream(old.to_string()))?;
    let (owner, head, first, successor): (String, i64, i64, Option<uuid::Uuid>) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    if owner != who.station_id {
        return Err(HubError::Forbidden(format!(
            "stream {old} belongs to station {owner}"
        )));
    }
    match successor {
        Some(s) if s == new_id => {
            let first_seq: i64 = tx
                .query_one(
                    "SELECT first_seq FROM stream WHERE site_id = $1 AND stream_id = $2",
                    &[&who.site_id, &new_id],
                )
                .await?
                .get(0);
            return Ok(Continuation {
                stream_id: new_id.to_string(),
                first_seq,
            });
        }
        Some(s) => {
            return Err(HubError::StreamClosed {
                stream: old.to_string(),
                successor: s.to_string(),
            })
        }
        None => {}
    }
    if next.first_seq <= first || next.first_seq > head + 1 {
        return Err(HubError::BadBatch(format!(
            "stream {old} holds {first}..={head}: a continuation starts after its first seq and at most at {}",
            head + 1
        )));
    }
    let taken = tx
        .query_opt(
            "SELECT 1 FROM stream WHERE site_id = $1 AND stream_id = $2",
            &[&who.site_id, &new_id],
        )
        .await?;
    if taken.is_some() {
        return Err(HubError::StreamTaken(format!("stream {new_id} exists already")));
    }
    tx.execute(
        "INSERT INTO stream (site_id, stream_id, station_id, head_seq, first_seq, continues)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            &who.site_id,
            &new_id,
            &who.station_id,
            &(next.first_seq - 1),
            &next.first_seq,
            &old_id,
        ],
    )
    .await?;
    tx.execute(
        "UPDATE stream SET succeeded_by = $3, closed_at = now() WHERE site_id = $1 AND stream_id = $2",
        &[&who.site_id, &old_id, &new_id],
    )
    .await?;
    tx.commit().await?;
    tracing::warn!(
        site = %who.site_id, station = %who.station_id, old = %old_id, new = %new_id,
        first_seq = next.first_seq, held = head,
        "a stream continued by a new one (restored or copied database)"
    );
    Ok(Continuation {
        stream_id: new_id.to_string(),
        first_seq: next.first_seq,
    })
}
