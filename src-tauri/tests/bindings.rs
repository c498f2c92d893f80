#![allow(clippy::unwrap_used)] // tests: a panic is the failure report
//! The UI's typed backend module is generated from the Rust types; this fails when they drift.
//! `make bindings` (UPDATE_BINDINGS=1) rewrites the committed file.

#[test]
fn committed_bindings_match_the_rust_types() {
    let committed = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/lib/bindings.ts");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        redock_app::commands::export_bindings(std::path::Path::new(committed)).unwrap();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    redock_app::commands::export_bindings(&fresh).unwrap();
    assert_eq!(
        std::fs::read_to_string(committed).unwrap_or_default(),
        std::fs::read_to_string(fresh).unwrap(),
        "ui/src/lib/bindings.ts is stale: run `make bindings`"
    );
}

#[test]
fn every_command_is_granted_and_nothing_else() {
    let cap: serde_json::Value = serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
    let mut granted: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    granted.sort();
    let mut expected: Vec<String> = redock_app::COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .chain([
            "core:event:allow-listen".to_string(),
            "core:event:allow-unlisten".to_string(),
        ])
        .collect();
    expected.sort();
    assert_eq!(granted, expected);
}

#[test]
fn csp_is_strict() {
    let conf: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    let csp = conf["app"]["security"]["csp"].as_str().unwrap();
    for needed in [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(needed), "CSP lacks {needed}: {csp}");
    }
    for banned in ["unsafe-inline", "unsafe-eval", "*", "http:", "https:"] {
        let allowed_http =
            banned == "http:" && csp.matches("http:").count() == 1 && csp.contains("http://ipc.localhost");
        assert!(
            !csp.contains(banned) || allowed_http,
            "CSP allows {banned}: {csp}"
        );
    }
}

#[test]
fn the_generated_commands_are_exactly_the_permitted_ones() {
    let ts = include_str!("../../ui/src/lib/bindings.ts");
    let mut invoked: Vec<&str> = ts
        .split("__TAURI_INVOKE(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    invoked.sort();
    let mut listed = redock_app::COMMANDS.to_vec();
    listed.sort();
    assert_eq!(invoked, listed);
}
