//! The one-time upgrade of a station's log to the log's own payloads (migration 0008).
//!
//! Facts never change, with one exception made here, once, before any event has left a station:
//! events recorded at schema version 1 are rewritten at their kind's current version (through the
//! same upcasters that read old events), which takes customers' names and PIN hashes out of them,
//! and every envelope is hashed the new way. Nothing is rewritten once a hub has acknowledged an
//! event (`meta.pushed_upto` set): those are the hub's too, and stay as they are.

use crate::error::StoreError;
use crate::events::{envelope_hash, EventBody, Origin};
use rusqlite::{params, OptionalExtension, Transaction};

/// The trigger 0001 made and 0008 drops for the rewrite.
const NO_UPDATE: &str = "CREATE TRIGGER events_are_facts_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are facts and never change'); END;";

/// Events read and rewritten per round (the rewrite never holds a whole year in memory).
const BATCH: i64 = 10_000;

pub(crate) fn to_v2(tx: &Transaction<'_>) -> Result<(), StoreError> {
    let pushed: Option<String> = tx
        .query_row("SELECT value FROM meta WHERE key = 'pushed_upto'", [], |r| {
            r.get(0)
        })
        .optional()?;
    if pushed.is_some() {
        return Err(StoreError::Decode(
            "this station's events were acknowledged by a hub; its log cannot be upgraded in place".into(),
        ));
    }
    let mut after = 0i64;
    let mut rewritten = 0u64;
    loop {
        let batch: Vec<(i64, String, String, i64, String)> = {
            let mut st = tx.prepare(
                "SELECT seq, stream_id, kind, schema_version, payload FROM events
                 WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )?;
            let rows = st
                .query_map(params![after, BATCH], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows
        };
        let Some(last) = batch.last() else { break };
        after = last.0;
        let mut update = tx.prepare_cached(
            "UPDATE events SET schema_version = ?2, payload = ?3, payload_hash = ?4 WHERE seq = ?1",
        )?;
        for (seq, stream, kind, version, payload) in &batch {
            let version = u32::try_from(*version)
                .map_err(|_| StoreError::Decode(format!("event {seq}: schema version {version}")))?;
            let body = EventBody::decode(kind, version, payload)?;
            let enc = body.encode()?;
            let hash = envelope_hash(
                stream,
                *seq,
                &enc.kind,
                enc.version,
                Origin::Station,
                &enc.payload,
            );
            update.execute(params![seq, enc.version, enc.payload, hash])?;
            rewritten += 1;
        }
    }
    tx.execute_batch(NO_UPDATE)?;
    // The projections are rebuilt from the rewritten log once every migration has run
    // (`store::migrate`).
    tracing::info!(rewritten, "event log upgraded to the log's own payloads");
    Ok(())
}
