//! The serial scanner, hosted by the shell: reads go to the same scan service as the keyboard
//! wedge, and what happened is pushed to the window as events (`serial-scan`, `scanner-status`).

use crate::commands::UiError;
use crate::state::AppState;
use redock_station::serial::{ScannerEvent, SerialScanner, SerialSettings};
use redock_station::{ScanOutcome, ScanSource};
use serde::Serialize;
use std::sync::Mutex;
use tauri::{AppHandle, Emitter, Manager};

pub const SCAN_EVENT: &str = "serial-scan";
pub const STATUS_EVENT: &str = "scanner-status";

/// What the window hears of a serial read: the outcome, or why it was not recorded.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SerialScan {
    pub outcome: Option<ScanOutcome>,
    pub error: Option<UiError>,
    pub read: String,
}

#[derive(Default)]
pub struct ScannerHost {
    running: Mutex<Option<SerialScanner>>,
    last: Mutex<Option<ScannerEvent>>,
}

impl ScannerHost {
    /// (Re)start the scanner with these settings, or stop it with None.
    pub fn restart(&self, app: &AppHandle, settings: Option<SerialSettings>) -> Result<(), UiError> {
        let old = self.running.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(old) = old {
            old.stop();
        }
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let Some(settings) = settings else { return Ok(()) };
        let app = app.clone();
        let scanner = SerialScanner::start(settings, move |event| on_event(&app, event))
            .map_err(|e| UiError::from(redock_station::StationError::Config(e.to_string())))?;
        *self.running.lock().unwrap_or_else(|p| p.into_inner()) = Some(scanner);
        Ok(())
    }

    pub fn last_status(&self) -> Option<ScannerEvent> {
        self.last.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

fn on_event(app: &AppHandle, event: ScannerEvent) {
    match event {
        ScannerEvent::Read { text } => {
            let state = app.state::<AppState>();
            let result = state.station().and_then(|station| {
                let session = state.require_session()?;
                let outcome = station
                    .scan(&session, &text, ScanSource::Serial)
                    .map_err(UiError::from)?;
                if outcome.logged_out {
                    state.set_session(None);
                }
                Ok(outcome)
            });
            let payload = match result {
                Ok(outcome) => SerialScan {
                    outcome: Some(outcome),
                    error: None,
                    read: text,
                },
                Err(error) => SerialScan {
                    outcome: None,
                    error: Some(error),
                    read: text,
                },
            };
            if let Err(e) = app.emit(SCAN_EVENT, payload) {
                tracing::error!(error = %e, "cannot tell the window about a serial scan");
            }
        }
        status => {
            if let Some(host) = app.try_state::<ScannerHost>() {
                *host.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(status.clone());
            }
            if let Err(e) = app.emit(STATUS_EVENT, status) {
                tracing::error!(error = %e, "cannot tell the window about the scanner");
            }
        }
    }
}
