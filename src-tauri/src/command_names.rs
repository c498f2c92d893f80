/// Every command the webview may call. build.rs turns each into a permission; the capability
/// grants these and nothing else; `commands::builder` registers the same list (a test checks).
pub const COMMANDS: &[&str] = &[
    "session",
    "login",
    "logout",
    "scan",
    "status",
    "recent_scans",
    "current_parcel",
    "serial_ports",
    "serial_settings",
    "scanner_status",
    "set_serial_settings",
    "import_rmas",
    "wedge_settings",
    "set_wedge_settings",
    "current_inspection",
    "inspector_day",
    "holds",
    "override_disposition",
];
