//! Per-station settings (scanners, printer, receiving, fraud signals, the site's time zone): JSON
//! values in the `settings` projection, changed only through `setting_changed` events by a
//! supervisor or admin.
//!
//! Settings never stop the dock: a stored value this version cannot read (written by a newer
//! Redock, edited by hand) is reported once in the log and listed in the station's status, and the
//! station goes on with that setting's default. Fields this version does not know are kept when a
//! supervisor saves the setting again.

use crate::auth::{Role, Session};
use crate::error::StationError;
use crate::events::{record, EventBody};
use crate::serial::SerialSettings;
use crate::station::Station;
use rusqlite::{Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub const SERIAL_SCANNER: &str = "serial_scanner";

/// A stored setting this version cannot use; the station works on with the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SettingProblem {
    pub key: String,
    /// Why it was not read (the parser's or the check's words).
    pub reason: String,
}

pub(crate) fn stored_setting(c: &Connection, key: &str) -> Result<Option<String>, rusqlite::Error> {
    c.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

/// Keeps the fields of `old` that `new` lacks (written by a newer version or by hand), object by
/// object; a value of another `kind` (another printer type) starts afresh.
pub(crate) fn keep_unknown_fields(old: &serde_json::Value, new: &mut serde_json::Value) {
    let (serde_json::Value::Object(old), serde_json::Value::Object(new)) = (old, new) else {
        return;
    };
    if old.get("kind").is_some() && old.get("kind") != new.get("kind") {
        return;
    }
    for (k, v) in old {
        match new.get_mut(k) {
            None => {
                new.insert(k.clone(), v.clone());
            }
            Some(n) => keep_unknown_fields(v, n),
        }
    }
}

impl Station {
    pub fn setting(&self, key: &str) -> Result<Option<serde_json::Value>, StationError> {
        let text = self.store.read(|c| stored_setting(c, key))?;
        Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
    }

    /// A setting as this version reads it: `default()` when it is absent or null, and also when
    /// it does not parse or fails `check` — then the problem is logged the first time it is seen
    /// and listed by [`Station::setting_problems`] until the setting is fixed.
    pub(crate) fn setting_or<T: DeserializeOwned>(
        &self,
        key: &str,
        check: impl Fn(&T) -> Result<(), StationError>,
        default: impl FnOnce() -> T,
    ) -> Result<T, StationError> {
        let text = self.store.read(|c| stored_setting(c, key))?;
        Ok(self.parse_setting(key, text.as_deref(), check, default))
    }

    pub(crate) fn parse_setting<T: DeserializeOwned>(
        &self,
        key: &str,
        text: Option<&str>,
        check: impl Fn(&T) -> Result<(), StationError>,
        default: impl FnOnce() -> T,
    ) -> T {
        let parsed = match text {
            None | Some("null") => Ok(None),
            Some(t) => serde_json::from_str::<T>(t)
                .map_err(|e| e.to_string())
                .and_then(|v| match check(&v) {
                    Ok(()) => Ok(Some(v)),
                    Err(e) => Err(e
                        .details()
                        .get("reason")
                        .cloned()
                        .unwrap_or_else(|| e.to_string())),
                }),
        };
        let mut problems = self.setting_problems.lock().unwrap_or_else(|p| p.into_inner());
        match parsed {
            Ok(v) => {
                if problems.remove(key).is_some() {
                    tracing::info!(key, "setting readable again");
                }
                v.unwrap_or_else(default)
            }
            Err(reason) => {
                if problems.get(key) != Some(&reason) {
                    tracing::warn!(key, %reason, stored = text.unwrap_or_default(),
                        "a setting this version cannot use: the station goes on with its default");
                    problems.insert(key.to_owned(), reason);
                }
                default()
            }
        }
    }

    /// The settings this station cannot read and works without, each with its reason.
    pub fn setting_problems(&self) -> Result<Vec<SettingProblem>, StationError> {
        // Read each one, so a setting nothing has used since it broke is listed too.
        self.printer_settings()?;
        self.wedge_settings()?;
        self.serial_settings()?;
        self.receiving_settings()?;
        self.fraud_settings()?;
        self.site_settings()?;
        self.session_settings()?;
        self.sla_settings()?;
        let problems = self.setting_problems.lock().unwrap_or_else(|p| p.into_inner());
        Ok(problems
            .iter()
            .map(|(key, reason)| SettingProblem {
                key: key.clone(),
                reason: reason.clone(),
            })
            .collect())
    }

    pub fn set_setting(
        &self,
        session: &Session,
        key: &str,
        value: serde_json::Value,
    ) -> Result<(), StationError> {
        session.require(Role::Supervisor)?;
        let now = self.clock.now();
        let mut value = value;
        self.store.write(|tx| {
            Station::check_session(tx, session)?;
            if let Some(old) = stored_setting(tx, key)?.and_then(|t| serde_json::from_str(&t).ok()) {
                keep_unknown_fields(&old, &mut value);
            }
            let body = EventBody::SettingChanged {
                key: key.to_string(),
                value,
            };
            record(tx, &body, Some(&session.operator_id), now)?;
            Ok(())
        })
    }

    /// The serial scanner this station reads, if one is configured.
    pub fn serial_settings(&self) -> Result<Option<SerialSettings>, StationError> {
        self.setting_or(
            SERIAL_SCANNER,
            |s: &Option<SerialSettings>| match s {
                Some(s) => s.validate().map_err(|e| StationError::Config(e.to_string())),
                None => Ok(()),
            },
            || None,
        )
    }

    /// Configure (or, with None, remove) the serial scanner. Refused if the settings are invalid.
    pub fn set_serial_settings(
        &self,
        session: &Session,
        settings: Option<SerialSettings>,
    ) -> Result<(), StationError> {
        if let Some(s) = &settings {
            s.validate().map_err(|e| StationError::Config(e.to_string()))?;
        }
        self.set_setting(session, SERIAL_SCANNER, serde_json::to_value(settings)?)
    }
}

pub const WEDGE: &str = "wedge";

/// How the window tells a keyboard-wedge scanner from a person, and what the scanner sends for FNC1.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WedgeSettings {
    /// A scanner's pace, in ms: the median gap between two keys of one scan and the mean at most
    /// this (one stall of a busy window is allowed); slower is a person typing.
    pub max_gap_ms: u32,
    /// Shortest burst taken for a scanner.
    pub min_length: u32,
    /// Keys that end a scan (`Enter`, `Tab`).
    pub suffixes: Vec<String>,
    /// A printable character the scanner is set to send instead of GS (FNC1), e.g. `~`; a keyboard
    /// wedge cannot type ASCII 29 into a text field.
    pub gs_stand_in: Option<char>,
    /// The keyboard layout the scanner is set to type in. Settings saved before there was one
    /// read as `us`, what scanners are set to out of the box.
    #[serde(default)]
    pub layout: ScannerLayout,
}

/// A keyboard-wedge scanner presses keys, not characters: it presses the keys that type the code
/// in the layout it is set to. The window rebuilds a scanner's read from the keys with this layout,
/// so a station whose OS types Russian or Norwegian still reads `CMD:PASS`. `us` also covers the
/// Polish and the Romanian programmers layouts, which have the US keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ScannerLayout {
    #[default]
    Us,
    De,
    No,
}

impl Default for WedgeSettings {
    fn default() -> Self {
        WedgeSettings {
            max_gap_ms: 50,
            min_length: 4,
            suffixes: vec!["Enter".into(), "Tab".into()],
            gs_stand_in: None,
            layout: ScannerLayout::Us,
        }
    }
}

impl WedgeSettings {
    pub fn validate(&self) -> Result<(), StationError> {
        let bad = |m: &str| Err(StationError::Config(m.to_string()));
        if self.max_gap_ms == 0 || self.max_gap_ms > 1000 {
            return bad("the key gap must be 1 to 1000 ms");
        }
        if self.min_length == 0 {
            return bad("the shortest scan must be at least 1 character");
        }
        if self.suffixes.is_empty()
            || self
                .suffixes
                .iter()
                .any(|s| !matches!(s.as_str(), "Enter" | "Tab"))
        {
            return bad("a scan ends with Enter and/or Tab");
        }
        if self
            .gs_stand_in
            .is_some_and(|c| c.is_alphanumeric() || c.is_control() || c.is_whitespace())
        {
            return bad("the FNC1 stand-in must be a printable symbol that no code contains, such as ~");
        }
        Ok(())
    }
}

impl Station {
    pub fn wedge_settings(&self) -> Result<WedgeSettings, StationError> {
        self.setting_or(WEDGE, WedgeSettings::validate, WedgeSettings::default)
    }

    pub fn set_wedge_settings(&self, session: &Session, settings: WedgeSettings) -> Result<(), StationError> {
        settings.validate()?;
        self.set_setting(session, WEDGE, serde_json::to_value(settings)?)?;
        self.reload_codes()
    }
}

pub const RECEIVING: &str = "receiving";

/// How the receiving desk treats repeated reads and labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ReceivingSettings {
    /// The same code read again within this many milliseconds is one read (a scanner's double
    /// read), not a second unit or a second answer.
    pub debounce_ms: u32,
    /// Print every unit's LPN label as it is received, before it is graded (some docks work so).
    pub label_every_unit: bool,
}

impl Default for ReceivingSettings {
    fn default() -> Self {
        ReceivingSettings {
            debounce_ms: 1000,
            label_every_unit: false,
        }
    }
}

impl ReceivingSettings {
    pub fn validate(&self) -> Result<(), StationError> {
        if self.debounce_ms > 10_000 {
            return Err(StationError::Config(
                "the double-read window is at most 10,000 ms".into(),
            ));
        }
        Ok(())
    }
}

pub const FRAUD: &str = "fraud";

/// How the desk reads fraud signals that are a matter of policy, not of fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct FraudSettings {
    /// A customer with this many returns on record (the one being inspected included) is a
    /// repeat returner (`disposition::is_repeat_returner`).
    pub repeat_returner_returns: u32,
}

impl Default for FraudSettings {
    fn default() -> Self {
        FraudSettings {
            repeat_returner_returns: redock_domain::disposition::REPEAT_RETURNER_RETURNS,
        }
    }
}

impl FraudSettings {
    /// The most returns a threshold may ask for: beyond, the flag would never be raised, and
    /// switching it off is not this setting's job.
    pub const MAX_REPEAT_RETURNER_RETURNS: u32 = 1000;

    pub fn validate(&self) -> Result<(), StationError> {
        // The return being inspected counts: a threshold of 1 would flag every customer.
        if !(2..=Self::MAX_REPEAT_RETURNER_RETURNS).contains(&self.repeat_returner_returns) {
            return Err(StationError::Config(format!(
                "a repeat returner has 2 to {} returns on record",
                Self::MAX_REPEAT_RETURNER_RETURNS
            )));
        }
        Ok(())
    }
}

pub const SITE: &str = "site";

/// What the station knows of its site: the time zone "today", return windows, label dates and the
/// inspector's day are counted in. Timestamps are stored in UTC whatever it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct SiteSettings {
    /// An IANA time zone name, e.g. `Europe/Warsaw`.
    pub time_zone: String,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            time_zone: "UTC".into(),
        }
    }
}

impl SiteSettings {
    pub fn validate(&self) -> Result<(), StationError> {
        crate::clock::SiteTime::new(&self.time_zone).map(|_| ())
    }
}

impl Station {
    pub fn receiving_settings(&self) -> Result<ReceivingSettings, StationError> {
        self.setting_or(RECEIVING, ReceivingSettings::validate, ReceivingSettings::default)
    }

    pub fn set_receiving_settings(
        &self,
        session: &Session,
        settings: &ReceivingSettings,
    ) -> Result<(), StationError> {
        session.require(Role::Supervisor)?;
        settings.validate()?;
        self.set_setting(session, RECEIVING, serde_json::to_value(settings)?)
    }

    /// The repeat-returner threshold this station counts by.
    pub fn fraud_settings(&self) -> Result<FraudSettings, StationError> {
        self.setting_or(FRAUD, FraudSettings::validate, FraudSettings::default)
    }

    /// Set the repeat-returner threshold (supervisors: a policy of the dock).
    pub fn set_fraud_settings(
        &self,
        session: &Session,
        settings: &FraudSettings,
    ) -> Result<(), StationError> {
        session.require(Role::Supervisor)?;
        settings.validate()?;
        self.set_setting(session, FRAUD, serde_json::to_value(settings)?)
    }

    pub fn site_settings(&self) -> Result<SiteSettings, StationError> {
        self.setting_or(SITE, SiteSettings::validate, SiteSettings::default)
    }

    /// The site's clock: local dates in its time zone (UTC when the zone cannot be used).
    pub fn site_time(&self) -> Result<crate::clock::SiteTime, StationError> {
        let zone = self.site_settings()?.time_zone;
        Ok(crate::clock::SiteTime::new(&zone).unwrap_or_else(|_| crate::clock::SiteTime::utc()))
    }

    /// Set the site's time zone (admins: it moves every "today" of the site).
    pub fn set_site_settings(&self, session: &Session, settings: &SiteSettings) -> Result<(), StationError> {
        session.require(Role::Admin)?;
        settings.validate()?;
        self.set_setting(session, SITE, serde_json::to_value(settings)?)
    }
}

pub const SESSION: &str = "session";

/// How long a desk stays its operator's without a scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct SessionSettings {
    /// Minutes without a scan after which the operator is logged out (the next scan, or the
    /// window's next look at the desk, finds the session ended); None: never.
    pub idle_minutes: Option<u32>,
}

impl SessionSettings {
    pub const MAX_IDLE_MINUTES: u32 = 720;

    pub fn validate(&self) -> Result<(), StationError> {
        match self.idle_minutes {
            Some(m) if !(1..=Self::MAX_IDLE_MINUTES).contains(&m) => Err(StationError::Config(format!(
                "session.idle_minutes is 1 to {} (or unset: never), not {m}",
                Self::MAX_IDLE_MINUTES
            ))),
            _ => Ok(()),
        }
    }
}

impl Station {
    pub fn session_settings(&self) -> Result<SessionSettings, StationError> {
        self.setting_or(SESSION, SessionSettings::validate, SessionSettings::default)
    }

    /// The idle log-out (supervisors: a policy of the dock).
    pub fn set_session_settings(
        &self,
        session: &Session,
        settings: &SessionSettings,
    ) -> Result<(), StationError> {
        session.require(Role::Supervisor)?;
        settings.validate()?;
        self.set_setting(session, SESSION, serde_json::to_value(settings)?)
    }
}

/// The settings a hub may set for every station of a site (receiving, fraud, the site's time
/// zone, the idle log-out); a station's own devices (scanner, wedge, printer) are set at the
/// station.
pub const SITE_WIDE: [&str; 5] = [RECEIVING, FRAUD, SITE, SESSION, crate::queue::SLA];

/// Whether `value` is a valid `key` for every station of a site, as the station reads it.
pub fn check_site_wide(key: &str, value: &serde_json::Value) -> Result<(), StationError> {
    fn parse<T: DeserializeOwned>(key: &str, value: &serde_json::Value) -> Result<T, StationError> {
        serde_json::from_value(value.clone()).map_err(|e| StationError::Config(format!("setting {key}: {e}")))
    }
    match key {
        RECEIVING => parse::<ReceivingSettings>(key, value)?.validate(),
        FRAUD => parse::<FraudSettings>(key, value)?.validate(),
        SITE => parse::<SiteSettings>(key, value)?.validate(),
        SESSION => parse::<SessionSettings>(key, value)?.validate(),
        crate::queue::SLA => parse::<crate::queue::SlaSettings>(key, value)?.validate(),
        _ => Err(StationError::Config(format!(
            "setting {key} is not set for a whole site (one of: {})",
            SITE_WIDE.join(", ")
        ))),
    }
}
