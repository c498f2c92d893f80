use crate::commands::UiError;
use redock_station::{Session, Station, SystemClock};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The shell's state: the station (or why it could not open, shown on screen instead of a crash)
/// and who is logged in at this desk.
pub struct AppState {
    station: Result<Arc<Station>, UiError>,
    session: Mutex<Option<Session>>,
}

impl AppState {
    pub fn open(db: &Path) -> AppState {
        let station = Station::open(db, Arc::new(SystemClock), redock_domain::CodeConfig::demo())
            .and_then(|s| {
                // The embedded default: a new station gets the demo data.
                if s.status()?.writable {
                    s.seed_demo_if_empty()?;
                }
                Ok(s)
            })
            .map(Arc::new)
            .map_err(|e| {
                tracing::error!(error = %e, db = %db.display(), "cannot open the station database");
                UiError::from(e)
            });
        AppState {
            station,
            session: Mutex::new(None),
        }
    }

    pub fn station(&self) -> Result<Arc<Station>, UiError> {
        self.station.clone()
    }

    pub fn session(&self) -> Option<Session> {
        self.session.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn require_session(&self) -> Result<Session, UiError> {
        self.session()
            .ok_or_else(|| UiError::from(redock_station::StationError::NotLoggedIn))
    }

    pub fn set_session(&self, session: Option<Session>) {
        *self.session.lock().unwrap_or_else(|p| p.into_inner()) = session;
    }
}
