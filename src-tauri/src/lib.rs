//! The desktop shell. Commands parse their arguments, call one redock-station service on a
//! blocking thread, and map the error to `{code, message, details}`. Nothing here decides anything.

mod command_names;
pub mod commands;
mod logging;
pub mod scanner;
mod state;
mod webview;
mod workers;

pub use command_names::COMMANDS;
pub use state::AppState;

/// Keeps the photo folder's watcher alive as long as the app.
struct PhotoFolder(#[allow(dead_code)] Option<redock_station::photo_watch::PhotoWatcher>);

/// Keeps the print thread alive as long as the app.
struct PrintThread(#[allow(dead_code)] Option<redock_station::print_worker::PrintWorker>);

/// Keeps the sync thread alive as long as the app.
struct SyncThread(#[allow(dead_code)] Option<redock_station::sync::SyncWorker>);

pub fn run() {
    let data_dir = redock_station::paths::default_data_dir();
    let log_dir = data_dir.join("logs");
    logging::init(&log_dir);
    tracing::info!(data_dir = %data_dir.display(), "starting Redock station");
    let state = AppState::open(&data_dir.join("station.sqlite"));
    let serial = state
        .station()
        .ok()
        .and_then(|s| s.serial_settings().ok().flatten());
    let photo_inbox = data_dir.join("photo-inbox");
    let builder = commands::builder();
    let result = tauri::Builder::default()
        .manage(state)
        .manage(scanner::ScannerHost::default())
        .setup(move |app| {
            use tauri::Manager;
            if let Some(window) = app.get_webview_window("main") {
                webview::bound_caches(&window);
            }
            if let Err(e) = app.state::<scanner::ScannerHost>().restart(app.handle(), serial) {
                tracing::error!(error = %e.message, "serial scanner not started");
            }
            app.manage(PrintThread(workers::start_printing(app.handle())));
            app.manage(PhotoFolder(workers::watch_photos(app.handle(), photo_inbox)));
            app.manage(SyncThread(workers::start_sync(app.handle())));
            Ok(())
        })
        .invoke_handler(builder.invoke_handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "the window could not run");
        eprintln!("Redock could not start its window: {e}");
        std::process::exit(1);
    }
}
