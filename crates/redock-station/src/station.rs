use crate::clock::Clock;
use crate::error::{StationError, StoreError};
use crate::events;
use crate::store::Store;
use redock_domain::disposition::Table;
use redock_domain::grading::GradingSets;
use redock_domain::CodeConfig;
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::path::Path;
use std::sync::{Arc, RwLock};

/// One desk: its store, its clock and its code configuration. Cheap to share (`Arc<Station>`);
/// writes serialise on the store's single writer.
pub struct Station {
    pub(crate) store: Store,
    pub(crate) clock: Arc<dyn Clock>,
    /// Built from the `shop` table (RMA patterns); the configuration passed to `open` until a shop
    /// is configured.
    pub(crate) codes: RwLock<Arc<CodeConfig>>,
    /// Grading sets and the disposition table in force (the embedded demo ones until the hub
    /// pushes others).
    pub(crate) grading: RwLock<Arc<GradingSets>>,
    pub(crate) rules: RwLock<Arc<Table>>,
    /// One print run at a time (the app's print thread and a reprint may both ask).
    pub(crate) print_lock: std::sync::Mutex<()>,
    /// Settings found unreadable, by key, with the reason (each logged once when first seen).
    pub(crate) setting_problems: std::sync::Mutex<std::collections::BTreeMap<String, String>>,
    /// Print jobs this station is sending, or has sent without recording the result yet.
    pub(crate) print_in_hand:
        std::sync::Mutex<std::collections::BTreeMap<String, crate::print_queue::InHand>>,
    /// Rung after each commit that queued a label.
    pub(crate) print_bell: crate::print_worker::PrintBell,
    /// How long one sync request may take, in milliseconds ([`crate::sync::TIMEOUT`] unless set).
    pub(crate) sync_timeout_ms: std::sync::atomic::AtomicU64,
    /// Each session's last scan (or log-in), for the idle log-out.
    pub(crate) active: std::sync::Mutex<std::collections::HashMap<String, time::OffsetDateTime>>,
    /// When this process last looked for SLA breaches (`Station::sweep_sla_if_due`).
    pub(crate) last_sla_sweep: std::sync::Mutex<Option<std::time::Instant>>,
}

/// What the station shows in its status bar.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StationStatus {
    pub station_name: Option<String>,
    pub station_number: Option<u16>,
    pub site_name: Option<String>,
    pub db_path: String,
    pub writable: bool,
    // i64 crosses to the UI as a JS number (exact up to 2^53).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub events_total: i64,
    /// Events not yet acknowledged by the hub.
    // i64 crosses to the UI as a JS number (exact up to 2^53).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub events_pending: i64,
    pub last_event_at: Option<String>,
    // i64 crosses to the UI as a JS number (exact up to 2^53).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub schema_version: i64,
    /// Settings this version cannot use: the station works on with their defaults.
    pub setting_problems: Vec<crate::settings::SettingProblem>,
    /// The site's time zone (IANA name).
    pub time_zone: String,
    /// Sync with the hub: None for a standalone station.
    pub sync: Option<crate::sync::SyncStatus>,
}

impl Station {
    /// Open the station's database, migrating it and starting its event stream on first use.
    pub fn open(path: &Path, clock: Arc<dyn Clock>, codes: CodeConfig) -> Result<Station, StationError> {
        Station::from_store(Store::open(path)?, clock, codes)
    }

    pub fn from_store(
        store: Store,
        clock: Arc<dyn Clock>,
        codes: CodeConfig,
    ) -> Result<Station, StationError> {
        if !store.is_read_only() {
            let now = clock.now();
            store.write(|tx| events::ensure_stream(tx, now).map_err(StationError::from))?;
        }
        let station = Station {
            store,
            clock,
            codes: RwLock::new(Arc::new(codes)),
            grading: RwLock::new(Arc::new(redock_domain::grading::demo_sets())),
            rules: RwLock::new(Arc::new(redock_domain::disposition::demo_table())),
            print_lock: std::sync::Mutex::new(()),
            setting_problems: Default::default(),
            print_in_hand: std::sync::Mutex::default(),
            print_bell: crate::print_worker::PrintBell::default(),
            sync_timeout_ms: std::sync::atomic::AtomicU64::new(crate::sync::TIMEOUT.as_millis() as u64),
            active: std::sync::Mutex::default(),
            last_sla_sweep: std::sync::Mutex::default(),
        };
        station.reload_codes()?;
        station.reload_reference()?;
        // An erasure whose WAL truncation a crash or a reader put off.
        station.store.truncate_wal_if_due()?;
        Ok(station)
    }

    /// Re-read the shops' RMA formats and the scanner's FNC1 stand-in. A pattern that does not
    /// compile is refused with the reason; the station keeps its previous configuration.
    pub fn reload_codes(&self) -> Result<(), StationError> {
        let shops: Vec<(String, String)> = self.store.read(|c| {
            let mut st = c.prepare("SELECT shop, rma_pattern FROM shop ORDER BY shop")?;
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>();
            rows.map_err(StoreError::from)
        })?;
        let mut config = if shops.is_empty() {
            CodeConfig::clone(&self.codes())
        } else {
            CodeConfig::with_rma_patterns(shops.iter().map(|(s, p)| (s.as_str(), p.as_str())))
                .map_err(|e| StationError::Config(format!("a shop's RMA pattern does not compile: {e}")))?
        };
        config.gs_stand_in = self.wedge_settings()?.gs_stand_in;
        *self.codes.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(config);
        Ok(())
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The code configuration in force (shared, not copied: every scan reads it).
    pub fn codes(&self) -> Arc<CodeConfig> {
        Arc::clone(&self.codes.read().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn grading(&self) -> Arc<GradingSets> {
        Arc::clone(&self.grading.read().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn rules(&self) -> Arc<Table> {
        Arc::clone(&self.rules.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Grade with other sets (validated by `grading::load_sets`). Inspections in progress keep
    /// the set and version they started with; one whose set is gone says so.
    pub fn set_grading(&self, sets: GradingSets) {
        *self.grading.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(sets);
    }

    /// Decide with another rule table (validated by `Table::from_json`).
    pub fn set_rules(&self, table: Table) {
        *self.rules.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(table);
    }

    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    pub fn status(&self) -> Result<StationStatus, StationError> {
        let setting_problems = self.setting_problems()?;
        let time_zone = self.site_time()?.name().to_owned();
        self.store
            .read(|c| self.status_in(c, setting_problems, time_zone))
    }

    /// The status from `c`; the settings' problems and the time zone are read before (settings
    /// are read on their own connection).
    pub(crate) fn status_in(
        &self,
        c: &rusqlite::Connection,
        setting_problems: Vec<crate::settings::SettingProblem>,
        time_zone: String,
    ) -> Result<StationStatus, StationError> {
        let station: Option<(String, u16, String)> = c
            .prepare_cached(crate::queries::STATION_NAMES)?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let (events_total, last_event_at): (i64, Option<String>) = c
            .prepare_cached(crate::queries::EVENTS_TOTAL)?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let pushed: i64 = c
            .prepare_cached(crate::queries::PUSHED_UPTO)?
            .query_row([], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        Ok(StationStatus {
            station_name: station.as_ref().map(|s| s.0.clone()),
            station_number: station.as_ref().map(|s| s.1),
            site_name: station.map(|s| s.2),
            db_path: self.store.path().display().to_string(),
            writable: !self.store.is_read_only(),
            events_total,
            events_pending: events_total - pushed,
            last_event_at,
            schema_version: crate::store::SCHEMA_VERSION,
            setting_problems,
            time_zone,
            sync: Some(crate::sync::sync_status_in(c)?).filter(|s| s.hub_url.is_some()),
        })
    }

    /// The station's number, used in its license plates. Set when the station is configured
    /// (demo data, or enrolment at the hub).
    pub(crate) fn station_number(tx: &rusqlite::Connection) -> Result<u16, StationError> {
        tx.prepare_cached(crate::queries::STATION_NUMBER)?
            .query_row([], |r| r.get(0))
            .optional()?
            .ok_or_else(|| {
                StationError::Config("this station is not configured yet (no station number)".into())
            })
    }

    pub fn events_after(&self, after: i64, limit: i64) -> Result<Vec<events::Event>, StationError> {
        Ok(self.store.read(|c| events::events_after(c, after, limit))?)
    }
}

/// The hub this station syncs with (`meta.hub_url`, set at enrolment), if any. A standalone
/// station has none: its imports and settings are its own facts.
pub(crate) fn hub_of(c: &rusqlite::Connection) -> Result<Option<String>, crate::error::StationError> {
    use rusqlite::OptionalExtension;
    Ok(
        c.query_row("SELECT value FROM meta WHERE key = 'hub_url'", [], |r| r.get(0))
            .optional()?,
    )
}
