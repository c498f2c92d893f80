use std::path::PathBuf;

/// The identifier the desktop shell is installed under; its data dir is shared with the CLI.
pub const APP_IDENTIFIER: &str = "org.redock.station";

/// Where the station keeps its database, photos and logs: `$REDOCK_DATA_DIR` if set (tests, several
/// stations on one machine), else the user's data dir (`~/.local/share/org.redock.station`).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("REDOCK_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
}

pub fn default_db_path() -> PathBuf {
    default_data_dir().join("station.sqlite")
}
