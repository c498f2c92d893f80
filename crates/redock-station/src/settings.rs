//! Per-station settings (scanner, later printers): JSON values in the `settings` projection,
//! changed only through `setting_changed` events by a supervisor or admin.

use crate::auth::{Role, Session};
use crate::error::StationError;
use crate::events::{record, EventBody};
use crate::serial::SerialSettings;
use crate::station::Station;
use rusqlite::OptionalExtension;

pub const SERIAL_SCANNER: &str = "serial_scanner";

impl Station {
    pub fn setting(&self, key: &str) -> Result<Option<serde_json::Value>, StationError> {
        let text: Option<String> = self.store.read(|c| {
            c.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
                .optional()
        })?;
        Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
    }

    pub fn set_setting(
        &self,
        session: &Session,
        key: &str,
        value: serde_json::Value,
    ) -> Result<(), StationError> {
        session.require(Role::Supervisor)?;
        let now = self.clock.now();
        self.store.write(|tx| {
            Station::check_session(tx, session)?;
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
        match self.setting(SERIAL_SCANNER)? {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(v) => serde_json::from_value(v)
                .map(Some)
                .map_err(|e| StationError::Config(format!("the serial scanner settings are invalid: {e}"))),
        }
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
    /// Largest gap between two keys of one scan, in ms; slower is a person typing.
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
        match self.setting(WEDGE)? {
            None | Some(serde_json::Value::Null) => Ok(WedgeSettings::default()),
            Some(v) => serde_json::from_value(v)
                .map_err(|e| StationError::Config(format!("the scanner settings are invalid: {e}"))),
        }
    }

    pub fn set_wedge_settings(&self, session: &Session, settings: WedgeSettings) -> Result<(), StationError> {
        settings.validate()?;
        self.set_setting(session, WEDGE, serde_json::to_value(settings)?)?;
        self.reload_codes()
    }
}
