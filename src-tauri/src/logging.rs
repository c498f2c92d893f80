use std::path::Path;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::prelude::*;

/// JSON lines to a daily-rotated file in the station's data dir (two weeks kept), readable text on
/// stderr. `REDOCK_LOG` sets the filter (default `info`).
pub fn init(dir: &Path) {
    let filter = || {
        tracing_subscriber::EnvFilter::try_from_env("REDOCK_LOG")
            .unwrap_or_else(|_| "info,tao=warn,wry=warn".into())
    };
    let file = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("station")
        .filename_suffix("log")
        .max_log_files(14)
        .build(dir);
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter());
    match file {
        Ok(file) => {
            let json = tracing_subscriber::fmt::layer()
                .json()
                .with_current_span(true)
                .with_span_list(false)
                .with_writer(file)
                .with_filter(filter());
            tracing_subscriber::registry().with(stderr).with(json).init();
        }
        Err(e) => {
            tracing_subscriber::registry().with(stderr).init();
            tracing::error!(error = %e, dir = %dir.display(), "cannot write the log file; logging to stderr only");
        }
    }
}
