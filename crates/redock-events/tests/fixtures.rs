//! The frozen fixtures: a file per kind and version (some with variants) under
//! `tests/fixtures/events/`, each a payload as once recorded and, for an old version, the payload
//! it reads as today (`current`). Every file must decode to exactly that; every version of every
//! kind must have a file. A change that breaks one fails here. Fixtures are never edited: a new
//! version gets new files. `UPDATE_FIXTURES=1` only fills in a missing `current` (look at it
//! before you commit it).

use redock_events::{current_version, EventBody, KINDS};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/events")
}

struct Fixture {
    path: PathBuf,
    doc: Value,
    kind: String,
    version: u32,
}

fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("tests/fixtures/events exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a readable fixture");
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let kind = doc["kind"].as_str().expect("kind").to_string();
        let version = doc["version"].as_u64().expect("version") as u32;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        assert!(
            name.starts_with(&format!("{kind}.v{version}.")),
            "{name}: the file name starts with <kind>.v<version>"
        );
        out.push(Fixture {
            path,
            doc,
            kind,
            version,
        });
    }
    out
}

#[test]
fn every_fixture_decodes_to_its_current_shape() {
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    let mut failures = Vec::new();
    for f in fixtures() {
        let payload = f.doc["payload"].to_string();
        let body = match EventBody::decode(&f.kind, f.version, &payload) {
            Ok(b) => b,
            Err(e) => {
                failures.push(format!("{}: {e} ({})", f.path.display(), e.code()));
                continue;
            }
        };
        let enc = body.encode().expect("a decoded event encodes");
        assert_eq!(enc.kind, f.kind, "{}", f.path.display());
        assert_eq!(Some(enc.version), current_version(&f.kind));
        let now: Value = serde_json::from_str(&enc.payload).expect("json");
        let expected = if enc.version == f.version {
            Some(f.doc["payload"].clone())
        } else {
            f.doc.get("current").cloned()
        };
        match expected {
            Some(e) if e == now => {}
            Some(e) => failures.push(format!("{}: reads as\n  {now}\nnot as\n  {e}", f.path.display())),
            None if update => {
                let mut doc = f.doc.clone();
                doc["current"] = now;
                let text = serde_json::to_string_pretty(&doc).expect("json") + "\n";
                std::fs::write(&f.path, text).expect("fixture written");
            }
            None => failures.push(format!(
                "{}: an old version needs `current` (UPDATE_FIXTURES=1 fills it in)",
                f.path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_version_of_every_kind_has_a_fixture() {
    let have: BTreeSet<(String, u32)> = fixtures().into_iter().map(|f| (f.kind, f.version)).collect();
    let mut missing = Vec::new();
    for (kind, current) in KINDS {
        for v in 1..=*current {
            if !have.contains(&(kind.to_string(), v)) {
                missing.push(format!("{kind} v{v}"));
            }
        }
    }
    assert!(missing.is_empty(), "no fixture for: {}", missing.join(", "));
    for (kind, v) in &have {
        assert!(
            current_version(kind).is_some_and(|c| *v <= c),
            "a fixture for {kind} v{v}, which this build does not know"
        );
    }
}

#[test]
fn no_current_payload_carries_personal_data_or_secrets() {
    // The words that name personal data or secrets never appear as a key of a current payload.
    let banned = [
        "customer_name",
        "name_of_customer",
        "email",
        "phone",
        "address",
        "pin_hash",
        "pin",
    ];
    fn keys(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    out.push(k.clone());
                    keys(v, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }
    for f in fixtures() {
        let body = EventBody::decode(&f.kind, f.version, &f.doc["payload"].to_string()).expect("decodes");
        let now: Value = serde_json::from_str(&body.encode().expect("encodes").payload).expect("json");
        let mut ks = Vec::new();
        keys(&now, &mut ks);
        for k in ks {
            assert!(!banned.contains(&k.as_str()), "{}: key {k}", f.path.display());
        }
    }
}
