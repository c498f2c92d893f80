//! `redock decide --json INPUT.json [--rules FILE]`: the disposition engine headless, on the same
//! code the station calls. Prints the decision with its trace and its explanation (the sentences'
//! message ids and arguments, as the station keeps them) as JSON; table warnings go to
//! stderr so the output stays one JSON document.

use anyhow::{Context, Result};
use redock_domain::disposition::{decide, demo_table, explain, DecisionInput, Table, Warning};
use std::path::Path;

/// Loads the rules (the demo table by default) and the input, decides, and returns the JSON.
pub fn run(input: &Path, rules: Option<&Path>) -> Result<String> {
    let table = match rules {
        Some(path) => {
            let text = read(path)?;
            Table::from_json(&text).with_context(|| format!("refusing the rules in {}", path.display()))?
        }
        None => demo_table(),
    };
    // Overlaps are the normal shape of a first-hit table (guards first, catch-all last): one line
    // for them; anything else (unreachable rows) in full.
    let overlaps = table
        .warnings()
        .iter()
        .filter(|w| matches!(w, Warning::Overlap { .. }))
        .count();
    for w in table
        .warnings()
        .iter()
        .filter(|w| !matches!(w, Warning::Overlap { .. }))
    {
        eprintln!("warning: rule table {} v{}: {w}", table.id(), table.version());
    }
    if overlaps > 0 && rules.is_some() {
        eprintln!(
            "note: rule table {} v{}: {overlaps} rows overlap earlier rows (first hit decides)",
            table.id(),
            table.version()
        );
    }
    let text = read(input)?;
    let input: DecisionInput = serde_json::from_str(&text)
        .with_context(|| format!("reading the decision input {}", input.display()))?;
    input
        .validate(&table)
        .context("the input does not fit the rule table")?;
    let decision = decide(&table, &input);
    let mut out = serde_json::to_value(&decision)?;
    if let serde_json::Value::Object(m) = &mut out {
        m.insert(
            "explanation".into(),
            serde_json::to_value(explain(&table, &input, &decision))?,
        );
    }
    Ok(serde_json::to_string_pretty(&out)?)
}

/// `-` reads standard input, so a station script can pipe an inspection in.
fn read(path: &Path) -> Result<String> {
    if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).context("reading standard input")?;
        return Ok(s);
    }
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHONE_B_RTV: &str = r#"{"grade": "B", "category": "electronics", "cost_minor": 31000,
        "price_minor": 54900, "currency": "EUR", "days_since_purchase": 12, "window": "within",
        "tier": "standard", "vendor": {"rtv": "eligible", "window_days": 60, "credit_bp": 9000}}"#;

    fn file(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn decide_prints_the_decision_and_its_trace() {
        let dir = tempfile::tempdir().unwrap();
        let input = file(&dir, "in.json", PHONE_B_RTV);
        let out: serde_json::Value = serde_json::from_str(&run(&input, None).unwrap()).unwrap();
        assert_eq!(out["channel"], "refurbish");
        assert_eq!(out["trace"]["table"], "demo");
        assert_eq!(out["trace"]["row"], 10);
        assert_eq!(out["trace"]["choice"]["by"], "best_recovery");
        assert_eq!(out["trace"]["missed"].as_array().unwrap().len(), 9);
        assert_eq!(out["trace"]["recovery"].as_array().unwrap().len(), 7);
        assert_eq!(out["explanation"][0]["key"], "explain-decided");
        assert_eq!(out["explanation"][0]["row"], 10);
    }

    #[test]
    fn decide_with_rules_file_and_refusals() {
        let dir = tempfile::tempdir().unwrap();
        let input = file(&dir, "in.json", PHONE_B_RTV);
        let rules = file(
            &dir,
            "r.json",
            r#"{"id": "tiny", "version": 2, "destinations": {"hold": "H"},
                "recovery": {"currency": "EUR", "default": {"restock_bp": 0, "refurbish_bp": 0,
                "refurbish_cost_bp": 0, "liquidate_bp": 0, "donate_bp": 0, "recycle_minor": 0,
                "destroy_minor": 0, "handling_minor": 0}},
                "rows": [{"then": {"channel": "hold", "reason": "all.hold"}}]}"#,
        );
        let out: serde_json::Value = serde_json::from_str(&run(&input, Some(&rules)).unwrap()).unwrap();
        assert_eq!(
            (out["channel"].as_str(), out["trace"]["version"].as_u64()),
            (Some("hold"), Some(2))
        );

        let broken = file(
            &dir,
            "bad.json",
            &std::fs::read_to_string(&rules)
                .unwrap()
                .replace("hold\", \"reason", "holdd\", \"reason"),
        );
        let err = format!("{:#}", run(&input, Some(&broken)).unwrap_err());
        assert!(
            err.contains("rule table tiny, row 1, field `then.channel`"),
            "{err}"
        );

        let bad_input = file(&dir, "in2.json", &PHONE_B_RTV.replace("\"B\"", "\"E\""));
        let err = format!("{:#}", run(&bad_input, None).unwrap_err());
        assert!(err.contains("grade \"E\" is not on the scale"), "{err}");
    }
}
