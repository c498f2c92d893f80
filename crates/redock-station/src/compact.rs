//! Compaction: events the hub has acknowledged (`meta.pushed_upto`) and that are older than the
//! station's retention leave the station, after a snapshot of the projections as they stood after
//! the last event removed. A rebuild is then that snapshot plus the events after it
//! (`projection::rebuild_in`). A standalone station keeps everything: no retention is set, and
//! nothing is acknowledged.

use crate::auth::{Role, Session};
use crate::error::{StationError, StoreError};
use crate::events::{read_event, EVENT_COLUMNS};
use crate::projection::{apply, TABLES};
use crate::station::Station;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

pub const LOG: &str = "log";

/// How long acknowledged events stay on the station.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct LogSettings {
    /// Days an acknowledged event is kept; None (the default): every event is kept.
    pub retention_days: Option<u32>,
}

impl LogSettings {
    pub fn validate(&self) -> Result<(), StationError> {
        match self.retention_days {
            Some(0) => Err(StationError::Config(
                "log.retention_days must be at least 1 (or unset: keep everything)".into(),
            )),
            _ => Ok(()),
        }
    }
}

/// What a compaction did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Compacted {
    /// Events removed by this compaction.
    pub removed: u64,
    /// The snapshot now stands after this event; events after it remain.
    pub snapshot_upto: i64,
    /// Events left on the station.
    pub remaining: u64,
}

fn log_error(code: &'static str, message: String) -> StationError {
    StationError::Refused { code, message }
}

/// The columns of a projection table, in order.
fn columns_of(tx: &Transaction<'_>, table: &str) -> Result<Vec<String>, StoreError> {
    let mut st = tx.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let cols = st
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(cols)
}

/// The projections' snapshot position (0: none), after loading its rows into the emptied tables.
pub(crate) fn load_snapshot(tx: &Transaction<'_>) -> Result<i64, StoreError> {
    let upto: Option<i64> = tx
        .query_row(
            "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'snapshot_upto'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let Some(upto) = upto else { return Ok(0) };
    // Children after parents: TABLES lists children first.
    for table in TABLES.iter().rev() {
        let columns = columns_of(tx, table)?;
        // Columns a later migration added are left to their defaults; none is ever removed from
        // a snapshot's rows without a migration rewriting them.
        let list = columns.join(", ");
        let values = columns
            .iter()
            .map(|c| format!("json_extract(row, '$.\"{c}\"')"))
            .collect::<Vec<_>>()
            .join(", ");
        tx.execute(
            &format!("INSERT INTO {table} ({list}) SELECT {values} FROM log_snapshot WHERE table_name = ?1"),
            [table],
        )?;
    }
    Ok(upto)
}

/// Write the projections as they stand now as the snapshot.
fn write_snapshot(tx: &Transaction<'_>, upto: i64) -> Result<(), StoreError> {
    tx.execute("DELETE FROM log_snapshot", [])?;
    for table in TABLES {
        let columns = columns_of(tx, table)?;
        let object = columns
            .iter()
            .map(|c| format!("'{c}', \"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        tx.execute(
            &format!(
                "INSERT INTO log_snapshot (table_name, row) SELECT ?1, json_object({object}) FROM {table}"
            ),
            [table],
        )?;
    }
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('snapshot_upto', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [upto.to_string()],
    )?;
    Ok(())
}

/// Replay the events in `(after, upto]` onto the projections as they stand.
fn replay(tx: &Transaction<'_>, after: i64, upto: i64) -> Result<(), StoreError> {
    let mut st = tx.prepare(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE seq > ?1 AND seq <= ?2 ORDER BY seq"
    ))?;
    let mut rows = st.query(params![after, upto])?;
    while let Some(row) = rows.next()? {
        let event = read_event(row)?;
        apply(tx, &event, &event.body()?)?;
    }
    Ok(())
}

impl Station {
    pub fn log_settings(&self) -> Result<LogSettings, StationError> {
        self.setting_or(LOG, LogSettings::validate, LogSettings::default)
    }

    /// Set how long acknowledged events stay (admins).
    pub fn set_log_settings(&self, session: &Session, settings: &LogSettings) -> Result<(), StationError> {
        session.require(Role::Admin)?;
        settings.validate()?;
        self.set_setting(session, LOG, serde_json::to_value(settings)?)
    }

    /// Remove the events the hub acknowledged that are older than the retention (or, with `upto`,
    /// those up to that seq, which must be acknowledged), after a snapshot of the projections.
    /// Asked for events not acknowledged, or with no retention set: an error, nothing changed.
    pub fn compact(&self, session: &Session, upto: Option<i64>) -> Result<Compacted, StationError> {
        session.require(Role::Admin)?;
        let retention = self.log_settings()?.retention_days;
        let now = self.clock.now();
        self.store.write(|tx| {
            Station::check_session(tx, session)?;
            let pushed: Option<i64> = tx
                .prepare_cached(crate::queries::PUSHED_UPTO)?
                .query_row([], |r| r.get(0))
                .optional()?;
            let (last, done): (i64, i64) = tx.query_row(
                "SELECT coalesce(max(seq), 0),
                        coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'snapshot_upto'), 0)
                 FROM events",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let acknowledged = pushed.unwrap_or(0);
            let cutoff = match upto {
                Some(n) if n > acknowledged => {
                    return Err(log_error(
                        "log.not_acknowledged",
                        format!(
                            "events up to {n} were asked for, but the hub has acknowledged only up to {acknowledged}; nothing was removed"
                        ),
                    ))
                }
                Some(n) => n,
                None => {
                    let Some(days) = retention else {
                        return Err(log_error(
                            "log.keep_everything",
                            "this station keeps every event (no log retention is set); nothing was removed".into(),
                        ));
                    };
                    if pushed.is_none() {
                        return Err(log_error(
                            "log.not_acknowledged",
                            "no event has been acknowledged by a hub; nothing was removed".into(),
                        ));
                    }
                    let before = crate::clock::rfc3339(now - time::Duration::days(i64::from(days)));
                    let old: i64 = tx.query_row(
                        "SELECT coalesce(max(seq), 0) FROM events WHERE seq <= ?1 AND recorded_at < ?2",
                        params![acknowledged, before],
                        |r| r.get(0),
                    )?;
                    old
                }
            };
            // The newest event always stays: the next seq and hlc follow it.
            let cutoff = cutoff.min(last - 1);
            if cutoff <= done {
                let remaining: u64 = tx.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?;
                return Ok(Compacted {
                    removed: 0,
                    snapshot_upto: done,
                    remaining,
                });
            }
            // The projections as they stood after `cutoff`: rebuilt to there, saved, and brought
            // back to now by the events after it.
            for t in TABLES {
                tx.execute(&format!("DELETE FROM {t}"), [])?;
            }
            let from = load_snapshot(tx)?;
            replay(tx, from, cutoff)?;
            write_snapshot(tx, cutoff)?;
            replay(tx, cutoff, last)?;
            let removed = tx.execute("DELETE FROM events WHERE seq <= ?1", [cutoff])? as u64;
            tx.execute("DELETE FROM event_subject WHERE seq <= ?1", [cutoff])?;
            let remaining: u64 = tx.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?;
            tracing::info!(removed, cutoff, remaining, "event log compacted");
            Ok(Compacted {
                removed,
                snapshot_upto: cutoff,
                remaining,
            })
        })
    }
}
