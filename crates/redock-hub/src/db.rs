//! The hub's PostgreSQL: a pool, and migrations from migrations/hub applied in order, each in its
//! own transaction, recorded with a checksum (a migration edited after it ran is refused).

use crate::error::HubError;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use sha2::{Digest, Sha256};

pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_core.sql",
        include_str!("../../../migrations/hub/0001_core.sql"),
    ),
    (
        "0002_projections.sql",
        include_str!("../../../migrations/hub/0002_projections.sql"),
    ),
    (
        "0003_token_rotation.sql",
        include_str!("../../../migrations/hub/0003_token_rotation.sql"),
    ),
    (
        "0004_reference.sql",
        include_str!("../../../migrations/hub/0004_reference.sql"),
    ),
    (
        "0005_registers.sql",
        include_str!("../../../migrations/hub/0005_registers.sql"),
    ),
    (
        "0006_stream_successor.sql",
        include_str!("../../../migrations/hub/0006_stream_successor.sql"),
    ),
    (
        "0007_register_write_by_seq.sql",
        include_str!("../../../migrations/hub/0007_register_write_by_seq.sql"),
    ),
    (
        "0008_unit_last_seq_dropped.sql",
        include_str!("../../../migrations/hub/0008_unit_last_seq_dropped.sql"),
    ),
    (
        "0009_shops_returns.sql",
        include_str!("../../../migrations/hub/0009_shops_returns.sql"),
    ),
    (
        "0010_webhooks.sql",
        include_str!("../../../migrations/hub/0010_webhooks.sql"),
    ),
    (
        "0011_customer_erased.sql",
        include_str!("../../../migrations/hub/0011_customer_erased.sql"),
    ),
    (
        "0012_refunds.sql",
        include_str!("../../../migrations/hub/0012_refunds.sql"),
    ),
];

/// A migration's version is the number its file name starts with (so a number left free for
/// another branch's migration stays free, and that one is applied when it arrives).
fn version_of(name: &str) -> i32 {
    name.split('_').next().and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// The newest schema this build knows.
pub fn newest_version() -> i32 {
    MIGRATIONS.iter().map(|(n, _)| version_of(n)).max().unwrap_or(0)
}

/// Applied only where the citus extension is installed: distributes the tables by site_id.
pub const CITUS: &str = include_str!("../../../migrations/hub/9000_citus.sql");

pub fn pool(url: &str, size: usize) -> Result<Pool, HubError> {
    let mut config: tokio_postgres::Config = url
        .parse()
        .map_err(|e: tokio_postgres::Error| HubError::Config(format!("database_url: {e}")))?;
    // The push's statements are prepared once per connection and run with arrays and seq ranges
    // of every size, over tables that grow from empty: a generic plan, fixed after five runs on
    // the first (tiny) batches, hashes whole tables later (13 ms instead of 1 ms for the unit
    // update in `redock bench sync --dock`). A plan per execution costs a fraction of a
    // millisecond.
    let custom = "-c plan_cache_mode=force_custom_plan";
    let options = match config.get_options() {
        Some(o) if !o.is_empty() => format!("{o} {custom}"),
        _ => custom.to_string(),
    };
    config.options(&options);
    let manager = Manager::from_config(
        config,
        tokio_postgres::NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(size)
        .build()
        .map_err(|e| HubError::Config(format!("database pool: {e}")))
}

fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

/// Bring the database to the latest schema. Returns the migrations applied now.
pub async fn migrate(pool: &Pool) -> Result<Vec<String>, HubError> {
    let mut client = pool.get().await?;
    client
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version    integer PRIMARY KEY,
                 name       text NOT NULL,
                 checksum   text NOT NULL,
                 applied_at timestamptz NOT NULL DEFAULT now()
             )",
        )
        .await?;
    // A database a newer hub migrated is left alone: this hub does not know its tables.
    let newest: Option<i32> = client
        .query_one("SELECT max(version) FROM schema_migrations", &[])
        .await?
        .get(0);
    if let Some(v) = newest.filter(|v| *v > newest_version()) {
        return Err(HubError::Migration {
            name: format!("schema {v}"),
            reason: format!(
                "the database was migrated by a newer hub (schema {v}; this one knows up to {}); nothing was changed",
                newest_version()
            ),
        });
    }
    let mut applied = Vec::new();
    for (name, sql) in MIGRATIONS {
        let version = version_of(name);
        let tx = client.transaction().await?;
        // One migrator at a time.
        tx.execute("LOCK TABLE schema_migrations IN EXCLUSIVE MODE", &[])
            .await?;
        let row = tx
            .query_opt(
                "SELECT name, checksum FROM schema_migrations WHERE version = $1",
                &[&version],
            )
            .await?;
        match row {
            Some(r) => {
                let (was, sum): (String, String) = (r.get(0), r.get(1));
                if sum != checksum(sql) || was != *name {
                    return Err(HubError::Migration {
                        name: name.to_string(),
                        reason: format!("applied as {was} with another checksum; migrations are append-only"),
                    });
                }
            }
            None => {
                tx.batch_execute(sql).await.map_err(|e| HubError::Migration {
                    name: name.to_string(),
                    reason: e.to_string(),
                })?;
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    &[&version, name, &checksum(sql)],
                )
                .await?;
                applied.push(name.to_string());
                tracing::info!(migration = name, "hub database migrated");
            }
        }
        tx.commit().await?;
    }
    // Past one PostgreSQL: where citus is installed, distribute by site.
    let citus = client
        .query_opt("SELECT 1 FROM pg_extension WHERE extname = 'citus'", &[])
        .await?
        .is_some();
    if citus {
        client.batch_execute(CITUS).await?;
    }
    Ok(applied)
}

/// Whether the database holds exactly the migrations this hub knows: every one applied, under
/// its name and checksum, and none newer. `Err` says what is wrong and what to do.
pub async fn schema_ready(pool: &Pool) -> Result<Result<(), String>, HubError> {
    let client = pool.get().await?;
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])
        .await?
        .get(0);
    if !exists {
        return Ok(Err(format!(
            "database at schema 0, this hub needs {}: run `redock hub migrate`",
            newest_version()
        )));
    }
    let rows = client
        .query(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
            &[],
        )
        .await?;
    let applied: std::collections::BTreeMap<i32, (String, String)> =
        rows.iter().map(|r| (r.get(0), (r.get(1), r.get(2)))).collect();
    if let Some((v, (name, _))) = applied.range(newest_version() + 1..).next() {
        return Ok(Err(format!(
            "database at schema {v} ({name}), newer than this hub (up to {}): run the newer hub",
            newest_version()
        )));
    }
    for (name, sql) in MIGRATIONS {
        match applied.get(&version_of(name)) {
            None => {
                return Ok(Err(format!(
                    "migration {name} is not applied: run `redock hub migrate`"
                )))
            }
            Some((was, sum)) if was != name || *sum != checksum(sql) => {
                return Ok(Err(format!(
                    "migration {name} was applied as {was} with another checksum: this database was not made by this hub's migrations"
                )))
            }
            Some(_) => {}
        }
    }
    Ok(Ok(()))
}
