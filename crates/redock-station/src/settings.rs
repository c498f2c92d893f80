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
