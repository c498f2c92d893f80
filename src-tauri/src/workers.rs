//! Background work of the desk that must never hold a scan up: the print queue (labels go out
//! after their decision is committed; an offline printer only makes them wait) and the watched
//! photo folder (a USB camera's app drops files there; each is attached to the unit being
//! inspected).

use crate::state::AppState;
use redock_station::photo_watch::PhotoWatcher;
use redock_station::print_worker::{PrintWorker, LOOK_EVERY};
use std::path::PathBuf;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager};

/// The print thread: woken by the commit that queued a label, and every `LOOK_EVERY` for retries,
/// CUPS jobs and the daily retention sweep. The window is told when the queue changed. Returns
/// the worker (dropping it stops the thread).
pub fn start_printing(app: &AppHandle) -> Option<PrintWorker> {
    let station = app.state::<AppState>().station().ok()?;
    let app = app.clone();
    let worker = PrintWorker::spawn(station, LOOK_EVERY, move |station| {
        if let Ok(status) = station.print_queue_status() {
            let _ = app.emit("print-status", status);
        }
    });
    match worker {
        Ok(w) => Some(w),
        Err(e) => {
            tracing::error!(error = %e, "the print queue thread did not start");
            None
        }
    }
}

/// The sync thread: pushes to the hub while the station is enrolled (nothing otherwise). The
/// window is told when something was pushed or sync failed, so the header shows it.
pub fn start_sync(app: &AppHandle) -> Option<redock_station::sync::SyncWorker> {
    let station = app.state::<AppState>().station().ok()?;
    let app = app.clone();
    match redock_station::sync::SyncWorker::spawn(station, move |station| {
        if let Ok(status) = station.sync_status() {
            let _ = app.emit("sync-status", status);
        }
    }) {
        Ok(w) => Some(w),
        Err(e) => {
            tracing::error!(error = %e, "the sync thread did not start");
            None
        }
    }
}

/// Watch `<data dir>/photo-inbox`; returns the watcher (dropping it stops the thread).
pub fn watch_photos(app: &AppHandle, dir: PathBuf) -> Option<PhotoWatcher> {
    if let Err(e) = std::fs::create_dir_all(&dir) {
        tracing::error!(error = %e, dir = %dir.display(), "photo folder not created");
        return None;
    }
    let app = app.clone();
    let watcher = PhotoWatcher::spawn(dir.clone(), Duration::from_millis(500), move |path, bytes| {
        let state = app.state::<AppState>();
        let station = state.station().map_err(|e| e.message)?;
        let session = state.require_session().map_err(|e| e.message)?;
        match station.add_photo(&session, &bytes) {
            Ok(view) => {
                tracing::info!(file = %path.display(), lpn = %view.lpn, "photo from the folder attached");
                let _ = app.emit("photo-added", view);
                Ok(())
            }
            Err(e) => {
                let ui = crate::commands::UiError::from(e);
                let why = ui.message.clone();
                let _ = app.emit("photo-refused", ui);
                Err(why)
            }
        }
    });
    match watcher {
        Ok(w) => {
            tracing::info!(dir = %dir.display(), "watching the photo folder");
            Some(w)
        }
        Err(e) => {
            tracing::error!(error = %e, "the photo folder watcher did not start");
            None
        }
    }
}
