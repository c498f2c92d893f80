//! The station's SQLite file: pragmas, migrations, and the one way to write (`Store::write`).

use crate::error::StoreError;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// Migrations in order; migration N brings `user_version` from N-1 to N. Append, never edit.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_core.sql",
        include_str!("../../../migrations/station/0001_core.sql"),
    ),
    (
        "0002_receiving.sql",
        include_str!("../../../migrations/station/0002_receiving.sql"),
    ),
    (
        "0003_inspection.sql",
        include_str!("../../../migrations/station/0003_inspection.sql"),
    ),
    (
        "0004_print_queue.sql",
        include_str!("../../../migrations/station/0004_print_queue.sql"),
    ),
    (
        "0005_waiting_units.sql",
        include_str!("../../../migrations/station/0005_waiting_units.sql"),
    ),
    (
        "0006_print_once.sql",
        include_str!("../../../migrations/station/0006_print_once.sql"),
    ),
    (
        "0007_big_dock.sql",
        include_str!("../../../migrations/station/0007_big_dock.sql"),
    ),
    (
        "0008_log_v2.sql",
        include_str!("../../../migrations/station/0008_log_v2.sql"),
    ),
    (
        "0009_unlabelled.sql",
        include_str!("../../../migrations/station/0009_unlabelled.sql"),
    ),
    (
        "0010_reference.sql",
        include_str!("../../../migrations/station/0010_reference.sql"),
    ),
    (
        "0011_custody.sql",
        include_str!("../../../migrations/station/0011_custody.sql"),
    ),
    (
        "0012_restored.sql",
        include_str!("../../../migrations/station/0012_restored.sql"),
    ),
    (
        "0013_refund.sql",
        include_str!("../../../migrations/station/0013_refund.sql"),
    ),
    (
        "0014_event_subject.sql",
        include_str!("../../../migrations/station/0014_event_subject.sql"),
    ),
    (
        "0015_queue.sql",
        include_str!("../../../migrations/station/0015_queue.sql"),
    ),
    (
        "0016_kpi.sql",
        include_str!("../../../migrations/station/0016_kpi.sql"),
    ),
    (
        "0017_override_requests.sql",
        include_str!("../../../migrations/station/0017_override_requests.sql"),
    ),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a write waits for another program's lock before the station says "locked".
const WAL_TRUNCATE_DUE: &str = "wal_truncate_due";

/// In an erasure's transaction: the WAL is to be emptied once it has committed (an older copy of
/// an erased page may be in it). See [`Store::truncate_wal_if_due`].
pub fn mark_wal_truncate_due(tx: &Transaction<'_>) -> Result<(), rusqlite::Error> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, '1') ON CONFLICT(key) DO NOTHING",
        [WAL_TRUNCATE_DUE],
    )?;
    Ok(())
}

pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(3);

/// One writer connection (a single writer is what SQLite wants) and one reader, which in WAL mode
/// never waits for the writer.
pub struct Store {
    path: PathBuf,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
    read_only: bool,
}

impl Store {
    /// Open (creating if needed) and migrate. A database from a newer Redock is refused untouched.
    /// A file that cannot be opened for writing is opened read-only so the station can show what it
    /// holds and refuse scans visibly.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, DEFAULT_BUSY_TIMEOUT, false)
    }

    pub fn open_with(
        path: &Path,
        busy_timeout: Duration,
        force_read_only: bool,
    ) -> Result<Store, StoreError> {
        let cannot_open = |e: &dyn std::fmt::Display| StoreError::CannotOpen {
            path: path.display().to_string(),
            reason: e.to_string(),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                std::fs::create_dir_all(dir).map_err(|e| cannot_open(&e))?;
            }
        }
        let rw = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let ro = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let (writer, read_only) = if force_read_only {
            (
                Connection::open_with_flags(path, ro).map_err(|e| cannot_open(&e))?,
                true,
            )
        } else {
            match Connection::open_with_flags(path, rw) {
                Ok(c) => (c, false),
                Err(e) if path.exists() => {
                    tracing::warn!(error = %e, path = %path.display(), "opening read-only");
                    (
                        Connection::open_with_flags(path, ro).map_err(|e| cannot_open(&e))?,
                        true,
                    )
                }
                Err(e) => return Err(cannot_open(&e)),
            }
        };
        writer.busy_timeout(busy_timeout)?;
        // Refuse a newer schema before touching anything (even journal mode changes the file).
        let found: i64 = writer
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(StoreError::from)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found,
                known: SCHEMA_VERSION,
            });
        }
        let read_only = read_only || writer.is_readonly(rusqlite::DatabaseName::Main).unwrap_or(true);
        if !read_only {
            writer.pragma_update(None, "journal_mode", "WAL")?;
        }
        set_pragmas(&writer)?;
        if !read_only {
            migrate(&writer)?;
        } else if found < SCHEMA_VERSION {
            return Err(StoreError::ReadOnly);
        }
        let reader = Connection::open_with_flags(path, ro).map_err(|e| cannot_open(&e))?;
        reader.busy_timeout(busy_timeout)?;
        set_pragmas(&reader)?;
        Ok(Store {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            read_only,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Run `f` in one `BEGIN IMMEDIATE` transaction and commit durably. Every state change of the
    /// station goes through here (ARCHITECTURE.md, invariant 1).
    pub fn write<T, E>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        if self.read_only {
            return Err(StoreError::ReadOnly.into());
        }
        let mut conn = self.lock_writer();
        transact(&mut conn, f)
    }

    /// Like [`Store::write`], but the commit does not wait for the disk (`synchronous=NORMAL` for
    /// this one transaction; WAL keeps it atomic). Only for writes that are safe to lose on power
    /// loss because they are redone: the sync client's `pushed_upto` (a lost one only sends a batch
    /// again, which the hub takes as a duplicate).
    pub fn write_relaxed<T, E>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        if self.read_only {
            return Err(StoreError::ReadOnly.into());
        }
        let mut conn = self.lock_writer();
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(StoreError::from)?;
        // Back to FULL whatever happens, a panic included: every other write must wait for the disk.
        struct Full<'a>(&'a mut Connection);
        impl Drop for Full<'_> {
            fn drop(&mut self) {
                if let Err(e) = self.0.pragma_update(None, "synchronous", "FULL") {
                    tracing::error!(error = %e, "synchronous=FULL not restored");
                }
            }
        }
        let guard = Full(&mut conn);
        transact(guard.0, f)
    }

    /// Read from a consistent snapshot (the reader connection; in WAL mode it never blocks writes).
    pub fn read<T, E>(&self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E> {
        let conn = self.reader.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    }

    /// The writer connection, for maintenance (rebuild, integrity check) that must see its own writes.
    pub fn lock_writer(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves no open transaction behind (rusqlite rolls back on
        // drop), so the connection is still good.
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Copy the WAL into the database file and truncate the WAL to nothing (after an erasure, so
    /// no older copy of an erased page stays in it). Waits (the busy timeout) for a reader that
    /// still holds an older snapshot; if it does not let go, says so.
    pub fn checkpoint_truncate(&self) -> Result<(), StoreError> {
        let conn = self.lock_writer();
        let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(StoreError::Busy);
        }
        Ok(())
    }

    /// Empty the WAL if an erasure asked for it ([`mark_wal_truncate_due`], in the erasure's own
    /// transaction, so a crash before the truncation is caught at the next open). A reader that
    /// holds an older snapshot past the busy timeout keeps it due, to be tried again at the next
    /// open, log-in or pull; the erasure itself has committed either way. Returns whether the WAL
    /// still waits for it.
    pub fn truncate_wal_if_due(&self) -> Result<bool, StoreError> {
        if self.read_only {
            return Ok(false);
        }
        let due = self.read(|c| {
            c.query_row(
                "SELECT 1 FROM meta WHERE key = ?1",
                [WAL_TRUNCATE_DUE],
                |_| Ok(()),
            )
            .optional()
        })?;
        if due.is_none() {
            return Ok(false);
        }
        match self.checkpoint_truncate() {
            Ok(()) => {
                // The erased pages are out of the WAL; this delete writes only the meta page.
                self.write(|tx| {
                    tx.execute("DELETE FROM meta WHERE key = ?1", [WAL_TRUNCATE_DUE])?;
                    Ok::<_, StoreError>(())
                })?;
                Ok(false)
            }
            Err(StoreError::Busy) => {
                tracing::warn!(
                    "a reader holds an older snapshot: the WAL after an erasure is truncated later"
                );
                Ok(true)
            }
            Err(e) => Err(e),
        }
    }

    pub fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        self.read(|c| {
            let mut st = c.prepare("PRAGMA integrity_check")?;
            let rows = st
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }
}

/// `f` in one `BEGIN IMMEDIATE` transaction, committed if it succeeds.
fn transact<T, E>(conn: &mut Connection, f: impl FnOnce(&Transaction<'_>) -> Result<T, E>) -> Result<T, E>
where
    E: From<StoreError>,
{
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(StoreError::from)?;
    let value = f(&tx)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(value)
}

/// Statements kept prepared per connection: a scan and the desk's refresh use about sixty
/// (`queries::HOT`); rusqlite's default of 16 would parse most of them again on every scan.
const STATEMENT_CACHE: usize = 128;

fn set_pragmas(c: &Connection) -> Result<(), StoreError> {
    c.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    // FULL: a commit the station acknowledged survives power loss, not just a process crash.
    c.pragma_update(None, "synchronous", "FULL")?;
    c.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted content is overwritten, not left in free pages: an erased customer's name must not
    // linger in the file.
    c.pragma_update(None, "secure_delete", "ON")?;
    Ok(())
}

fn migrate(c: &Connection) -> Result<(), StoreError> {
    let current: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current >= SCHEMA_VERSION {
        return Ok(());
    }
    // One transaction for every pending migration: their SQL and what each needs done in Rust,
    // in order, then the projections rebuilt once if a step rewrote the log. A rebuild runs the
    // projection code of this build, which writes the tables of the last migration, so it waits
    // for all of them; a crash anywhere leaves the file as it was.
    let tx = Transaction::new_unchecked(c, TransactionBehavior::Immediate)?;
    let mut rebuild = false;
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate() {
        let version = i as i64 + 1;
        if version <= current {
            continue;
        }
        tracing::info!(migration = name, version, "migrating station database");
        tx.execute_batch(sql)?;
        if version == 8 {
            crate::log_upgrade::to_v2(&tx)?;
            rebuild = true;
        }
        if version == 9 {
            crate::customers::fold_names(&tx)?;
        }
        tx.pragma_update(None, "user_version", version)?;
    }
    if rebuild {
        let replayed = crate::projection::rebuild_in(&tx)?;
        tracing::info!(replayed, "projections rebuilt after the migrations");
    }
    tx.commit()?;
    Ok(())
}
