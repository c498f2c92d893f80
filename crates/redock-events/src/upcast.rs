//! Upcasters: each turns a payload of version N of one kind into version N + 1. Reading an old
//! event runs them in order up to the current version. They are kept forever: an event recorded
//! once is read by every later build.

use crate::{current_version, EventError};
use serde_json::{Map, Value};

/// A payload of `kind` at `version`, brought to the kind's current version.
pub fn to_current(kind: &str, version: u32, mut value: Value) -> Result<Value, EventError> {
    let known = current_version(kind).ok_or_else(|| EventError::UnknownKind {
        kind: kind.to_string(),
    })?;
    if version > known {
        return Err(EventError::NewerVersion {
            kind: kind.to_string(),
            found: version,
            known,
        });
    }
    if version == 0 {
        return Err(EventError::NoSuchVersion {
            kind: kind.to_string(),
            found: version,
        });
    }
    for v in version..known {
        value = step(kind, v, value).map_err(|reason| EventError::Malformed {
            kind: kind.to_string(),
            version: v,
            reason,
        })?;
    }
    Ok(value)
}

fn object(value: Value) -> Result<Map<String, Value>, String> {
    match value {
        Value::Object(m) => Ok(m),
        other => Err(format!("payload is not an object: {other}")),
    }
}

/// One version forward.
fn step(kind: &str, from: u32, value: Value) -> Result<Value, String> {
    match (kind, from) {
        // v2: the PIN hash is a secret, not a fact; it moved to the station's operator_secret.
        ("operator_added", 1) => {
            let mut m = object(value)?;
            m.remove("pin_hash");
            Ok(Value::Object(m))
        }
        // v2: the customer is an id; the name moved to the station's customer table.
        ("rma_added", 1) => {
            let mut m = object(value)?;
            m.remove("customer_name");
            Ok(Value::Object(m))
        }
        // v2: a decision names the other heads it settles too (none before).
        ("decided", 1) => {
            let mut m = object(value)?;
            m.insert("also_supersedes".into(), Value::Array(Vec::new()));
            Ok(Value::Object(m))
        }
        // v3: a decision may say the refund; one made before says none (`refund` absent).
        ("decided", 2) => Ok(value),
        // v2: the decisions it hands over are `decided` v3 (with the refund, when decided).
        ("unit_taken_over", 1) => Ok(value),
        // v2: the code as the log keeps it, the match by id.
        ("scanned", 1) => {
            let mut m = object(value)?;
            let code = object(m.remove("code").ok_or("no code")?)?;
            let mut kept = Map::new();
            for key in [
                "text",
                "symbology",
                "kind",
                "valid",
                "error_code",
                "gtin",
                "shop",
                "carrier",
            ] {
                if let Some(v) = code.get(key).filter(|v| !v.is_null()) {
                    kept.insert(key.to_string(), v.clone());
                }
            }
            if let Some(Value::Array(ais)) = code.get("ais") {
                if !ais.is_empty() {
                    kept.insert("elements".into(), Value::Array(ais.clone()));
                }
            }
            m.insert("code".into(), Value::Object(kept));
            let matched = match m.remove("matched") {
                None | Some(Value::Null) => Value::Null,
                Some(v) => match_v1(object(v)?)?,
            };
            m.insert("matched".into(), matched);
            Ok(Value::Object(m))
        }
        // v2: a log-out says why; one recorded before does not.
        ("logged_out", 1) => {
            let mut m = object(value)?;
            m.insert("reason".into(), Value::Null);
            Ok(Value::Object(m))
        }
        // v2: one more kind of finding, `label_missing`; a v1 payload is a v2 payload.
        ("exception_recorded", 1) => Ok(value),
        _ => Err(format!("no upcaster from version {from}")),
    }
}

/// Version 1 held the screen's view of a match (`type`: returns with their lines and customer
/// names, product with its price, unit with its status); version 2 names what was found.
fn match_v1(m: Map<String, Value>) -> Result<Value, String> {
    let text = |key: &str| m.get(key).and_then(Value::as_str).map(str::to_string);
    match m.get("type").and_then(Value::as_str) {
        Some("returns") => {
            let rmas: Vec<Value> = m
                .get("returns")
                .and_then(Value::as_array)
                .map(|rs| rs.iter().filter_map(|r| r.get("rma").cloned()).collect())
                .unwrap_or_default();
            Ok(
                serde_json::json!({ "found": "returns", "via": text("via").ok_or("returns without via")?, "rmas": rmas }),
            )
        }
        Some("product") => {
            Ok(serde_json::json!({ "found": "product", "sku": text("sku").ok_or("product without sku")? }))
        }
        Some("unit") => {
            Ok(serde_json::json!({ "found": "unit", "lpn": text("lpn").ok_or("unit without lpn")? }))
        }
        other => Err(format!("unknown match type {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_current_payload_is_left_alone() {
        let v = serde_json::json!({ "parcel_id": "p" });
        assert_eq!(to_current("parcel_closed", 1, v.clone()).unwrap(), v);
    }

    #[test]
    fn an_upcaster_that_cannot_read_says_which_version() {
        let e = to_current("scanned", 1, serde_json::json!({ "source": "cli" })).unwrap_err();
        assert!(matches!(e, EventError::Malformed { version: 1, .. }), "{e:?}");
    }
}
