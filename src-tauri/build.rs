fn main() {
    // Each command gets an allow-/deny- permission; capabilities/main.json grants exactly these.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(redock_app_commands::COMMANDS)),
    )
    .unwrap_or_else(|e| panic!("tauri build step failed: {e:#}"));
}

mod redock_app_commands {
    include!("src/command_names.rs");
}
