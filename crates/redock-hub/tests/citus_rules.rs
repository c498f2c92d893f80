#![allow(clippy::unwrap_used)] // tests: a panic is the failure report
//! The hub's schema keeps Citus's rules (Citus is not installable here, so the rules are checked
//! on the DDL): every table is marked `-- reference` or is distributed by site_id; a distributed
//! table has site_id in its primary key and in every unique constraint; a foreign key goes to a
//! reference table, or to a distributed table with site_id among its columns; keys are bigint (no
//! serial, no integer identity); and 9000_citus.sql distributes every distributed table.

use std::collections::BTreeMap;

struct Table {
    reference: bool,
    body: String,
}

fn tables() -> BTreeMap<String, Table> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/hub");
    let mut out = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files.iter().filter(|f| !f.ends_with("9000_citus.sql")) {
        let sql = std::fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = sql.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(rest) = line.strip_prefix("CREATE TABLE ") else {
                continue;
            };
            let name = rest.split_whitespace().next().unwrap().to_string();
            let reference = i > 0 && lines[i - 1].trim() == "-- reference";
            let mut body = String::new();
            for l in &lines[i + 1..] {
                if l.starts_with(");") {
                    break;
                }
                // Comments are not DDL.
                body.push_str(l.split("--").next().unwrap());
                body.push('\n');
            }
            out.insert(name, Table { reference, body });
        }
    }
    out
}

fn constraint_columns(body: &str, keyword: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for line in body.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix(keyword) {
            let inner = rest.trim_start().trim_start_matches('(');
            let cols = inner.split(')').next().unwrap();
            found.push(cols.split(',').map(|c| c.trim().to_string()).collect());
        }
    }
    found
}

/// The tables of the `FOREACH t IN ARRAY ARRAY[…]` loop whose body calls `call`.
fn listed(citus: &str, call: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in citus.split("FOREACH t IN ARRAY ARRAY[").skip(1) {
        let (names, body) = part.split_once(']').unwrap();
        let body = body.split("END LOOP").next().unwrap();
        if body.contains(call) {
            out.extend(names.split(',').map(|n| n.trim().trim_matches('\'').to_string()));
        }
    }
    out
}

#[test]
fn the_hub_schema_keeps_citus_s_rules() {
    let tables = tables();
    assert!(tables.len() >= 7, "{:?}", tables.keys());
    let citus = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/hub/9000_citus.sql"),
    )
    .unwrap();
    let mut problems = Vec::new();
    for (name, t) in &tables {
        let body = &t.body;
        // A column's type is its second word (a column may be *named* serial).
        let serial_type = body.lines().any(|l| {
            matches!(
                l.split_whitespace().nth(1),
                Some("serial" | "bigserial" | "smallserial")
            )
        });
        if serial_type || body.contains("integer GENERATED") {
            problems.push(format!("{name}: keys are bigint"));
        }
        if t.reference {
            if !listed(&citus, "create_reference_table(t)").contains(name) {
                problems.push(format!(
                    "{name}: reference, but 9000_citus.sql does not make it one"
                ));
            }
            continue;
        }
        let distributed = citus.contains(&format!("create_distributed_table('{name}', 'site_id'"))
            || listed(&citus, "create_distributed_table(t, 'site_id'").contains(name);
        if !distributed {
            problems.push(format!("{name}: not distributed by site_id in 9000_citus.sql"));
        }
        // The primary key: a table constraint, or `site_id text PRIMARY KEY` on the column.
        let pks = constraint_columns(body, "PRIMARY KEY");
        let column_pk = body
            .lines()
            .any(|l| l.trim().starts_with("site_id") && l.contains("PRIMARY KEY"));
        if !column_pk && !pks.iter().any(|cols| cols.contains(&"site_id".to_string())) {
            problems.push(format!("{name}: site_id is not in the primary key"));
        }
        for cols in constraint_columns(body, "UNIQUE") {
            if !cols.contains(&"site_id".to_string()) {
                problems.push(format!("{name}: UNIQUE ({}) without site_id", cols.join(", ")));
            }
        }
        if body.lines().any(|l| {
            let l = l.trim();
            !l.starts_with("site_id") && !l.starts_with("PRIMARY KEY") && l.contains(" UNIQUE")
        }) {
            problems.push(format!("{name}: a column UNIQUE without site_id"));
        }
        // Foreign keys: to a reference table, or with site_id to a distributed one.
        for line in body.lines() {
            let l = line.trim();
            let Some((cols, target)) = (if let Some(rest) = l.strip_prefix("FOREIGN KEY") {
                let cols = rest
                    .trim()
                    .trim_start_matches('(')
                    .split(')')
                    .next()
                    .unwrap()
                    .to_string();
                let target = l
                    .split("REFERENCES")
                    .nth(1)
                    .unwrap()
                    .trim()
                    .split('(')
                    .next()
                    .unwrap()
                    .to_string();
                Some((cols, target))
            } else if l.contains("REFERENCES") {
                let col = l.split_whitespace().next().unwrap().to_string();
                let target = l
                    .split("REFERENCES")
                    .nth(1)
                    .unwrap()
                    .trim()
                    .split('(')
                    .next()
                    .unwrap()
                    .to_string();
                Some((col, target))
            } else {
                None
            }) else {
                continue;
            };
            let Some(to) = tables.get(&target) else {
                problems.push(format!("{name}: foreign key to unknown {target}"));
                continue;
            };
            if !to.reference && !cols.split(',').any(|c| c.trim() == "site_id") {
                problems.push(format!(
                    "{name}: foreign key ({cols}) to distributed {target} without site_id"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checker catches what it is for.
#[test]
fn the_rule_check_sees_a_violation() {
    let body = "    id bigint NOT NULL,\n    UNIQUE (id)\n";
    assert_eq!(constraint_columns(body, "UNIQUE"), vec![vec!["id".to_string()]]);
}
