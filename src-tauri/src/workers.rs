//! Background work of the desk that must never hold a scan up: the print queue (labels go out
//! after their decision is committed; an offline printer only makes them wait) and the watched
//! photo folder (a USB camera's app drops files there; each is attached to the unit being
//! inspected).

use crate::state::AppState;
use redock_station::photo_watch::PhotoWatcher;
use std::path::PathBuf;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager};

/// How often the print queue is looked at. A label prints within this of its decision.
const PRINT_EVERY: Duration = Duration::from_millis(700);
/// How often labels a CUPS scheduler holds are followed there (an IPP request or two each).
const FOLLOW_EVERY: Duration = Duration::from_secs(3);

pub fn start_printing(app: &AppHandle) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("print-queue".into())
        .spawn(move || {
            let (_tx, rx) = std::sync::mpsc::channel::<()>();
            let mut last_follow = std::time::Instant::now();
            loop {
                // The channel is never sent to: recv_timeout is the pause (no blocking sleep).
                let _ = rx.recv_timeout(PRINT_EVERY);
                let Ok(station) = app.state::<AppState>().station() else {
                    return;
                };
                let mut changed = match station.print_pending() {
                    Ok(reports) => !reports.is_empty(),
                    Err(e) => {
                        tracing::error!(error = %e, code = e.code(), "print queue");
                        false
                    }
                };
                // Labels a CUPS scheduler holds: printed, stopped there, or ended without printing.
                if last_follow.elapsed() >= FOLLOW_EVERY {
                    last_follow = std::time::Instant::now();
                    match station.follow_printing() {
                        Ok(reports) => changed |= !reports.is_empty(),
                        Err(e) => tracing::error!(error = %e, code = e.code(), "following CUPS jobs"),
                    }
                }
                if changed {
                    if let Ok(status) = station.print_queue_status() {
                        let _ = app.emit("print-status", status);
                    }
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "the print queue thread did not start");
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
