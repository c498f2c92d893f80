//! A year at a big dock leaves a million units and ten million events in the station: every query
//! of a scan, of saving an inspection, of the desk's refresh and of the print thread
//! (`queries::HOT`, the same text the code runs) must find its rows through an index. This reads
//! each plan (EXPLAIN QUERY PLAN on the real schema) and fails on a scan of a table that grows with
//! the dock's work, and keeps every plan in `query_plans.txt` so a change of plan is seen in review
//! (`UPDATE_PLANS=1 cargo test -p redock-station --test it query_plans` rewrites it).

use redock_station::queries::HOT;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// Tables that grow with the dock's work. The others hold the station's configuration (one site
/// and station, a few shops, operators, settings, vendor agreements, the LPN counter).
const GROWING: &[&str] = &[
    "events",
    "scan",
    "unit",
    "parcel",
    "parcel_rma",
    "expected_return",
    "rma_line",
    "receiving_exception",
    "inspection",
    "inspection_draft",
    "disposition",
    "print_job",
    "operator_session",
    "sku",
    "tote",
];

/// Scans of a growing table that read a bounded number of rows however large it is: an
/// `ORDER BY … LIMIT` walked in the order of the rowid or an index stops after its rows.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "last_event",
        "events",
        "ORDER BY seq DESC LIMIT 1 on the rowid: the last row",
    ),
    (
        "events_total",
        "events",
        "max(seq) is the rowid's end; the subquery's ORDER BY seq DESC LIMIT 1 reads the last row",
    ),
    (
        "recent_scans",
        "scan",
        "ORDER BY seq DESC LIMIT ?1 on the rowid: the last rows",
    ),
    (
        "last_scan",
        "scan",
        "ORDER BY seq DESC LIMIT 1 on the rowid: the last row",
    ),
    (
        "previous_scan",
        "scan",
        "ORDER BY seq DESC LIMIT 1 OFFSET 1 on the rowid: the row before the last",
    ),
    (
        "last_received_at",
        "unit",
        "ORDER BY rowid DESC LIMIT 1: the last row",
    ),
    (
        "current_draft",
        "inspection_draft",
        "ORDER BY touched_seq DESC LIMIT 1 in the order of inspection_draft_touched: one row",
    ),
];

/// `alias → table` for the tables named after FROM and JOIN.
fn tables_by_alias(sql: &str) -> BTreeMap<String, String> {
    const KEYWORDS: &[&str] = &[
        "WHERE", "JOIN", "LEFT", "INNER", "ON", "USING", "ORDER", "GROUP", "LIMIT", "UNION", "AND", "SET",
    ];
    let tokens: Vec<&str> = sql
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|t| !t.is_empty())
        .collect();
    let mut map = BTreeMap::new();
    for (i, t) in tokens.iter().enumerate() {
        let upper = t.to_ascii_uppercase();
        if upper != "FROM" && upper != "JOIN" && upper != "UPDATE" && upper != "INTO" {
            continue;
        }
        let Some(table) = tokens.get(i + 1) else { continue };
        if table.eq_ignore_ascii_case("SELECT") {
            continue;
        }
        map.insert(table.to_string(), table.to_string());
        let mut next = tokens.get(i + 2).copied();
        if next.is_some_and(|n| n.eq_ignore_ascii_case("AS")) {
            next = tokens.get(i + 3).copied();
        }
        if let Some(alias) = next.filter(|n| {
            n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !KEYWORDS.contains(&n.to_ascii_uppercase().as_str())
        }) {
            map.insert(alias.to_string(), table.to_string());
        }
    }
    map
}

fn is_partial(c: &Connection, table: &str, index: &str) -> bool {
    let mut st = c.prepare(&format!("PRAGMA index_list({table})")).unwrap();
    let rows: Vec<(String, bool)> = st
        .query_map([], |r| Ok((r.get("name")?, r.get("partial")?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.iter().any(|(name, partial)| name == index && *partial)
}

/// What is wrong with one plan line, if anything.
fn problem(
    c: &Connection,
    name: &str,
    sql: &str,
    detail: &str,
    used: &mut Vec<(String, String)>,
) -> Option<String> {
    if detail.contains("AUTOMATIC") {
        return Some(format!(
            "{detail}: SQLite builds an index by reading the whole table"
        ));
    }
    let rest = detail.strip_prefix("SCAN ")?;
    let (target, using) = match rest.split_once(" USING ") {
        Some((t, u)) => (t, Some(u)),
        None => (rest, None),
    };
    let aliases = tables_by_alias(sql);
    let table = aliases.get(target)?;
    if !GROWING.contains(&table.as_str()) {
        return None;
    }
    if ALLOWED.iter().any(|(q, t, _)| *q == name && t == table) {
        used.push((name.to_string(), table.clone()));
        return None;
    }
    let index = using.and_then(|u| u.rsplit(' ').next());
    if let Some(index) = index {
        // A partial index holds only the rows the query wants (open parcels, held units, …).
        if is_partial(c, table, index) {
            return None;
        }
    }
    Some(format!(
        "{detail}: reads every row of {table}, which grows with the dock's work"
    ))
}

fn plan(c: &Connection, sql: &str) -> Vec<String> {
    let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    // Unbound parameters are NULL: the plan does not depend on their values.
    let mut rows = st.raw_query();
    let mut details = Vec::new();
    while let Some(r) = rows.next().unwrap() {
        details.push(r.get::<_, String>(3).unwrap());
    }
    details
}

#[test]
fn every_hot_query_finds_its_rows_through_an_index() {
    let t = crate::demo_station();
    let c = t.station.store().lock_writer();
    let mut problems = Vec::new();
    let mut used = Vec::new();
    let mut plans = String::new();
    for (name, sql) in HOT {
        plans.push_str(&format!("## {name}\n"));
        for detail in plan(&c, sql) {
            if let Some(p) = problem(&c, name, sql, &detail, &mut used) {
                problems.push(format!("{name}: {p}"));
            }
            plans.push_str(&detail);
            plans.push('\n');
        }
    }
    assert!(
        problems.is_empty(),
        "hot queries that read a growing table:\n{}\n\nplans:\n{plans}",
        problems.join("\n")
    );
    // An exception no plan needs any more is taken out, so the list says only what is true.
    for (q, table, why) in ALLOWED {
        assert!(
            used.iter().any(|(n, t)| n == q && t == table),
            "{q} no longer scans {table} ({why}): remove it from ALLOWED"
        );
    }
    let committed = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/query_plans.txt");
    if std::env::var_os("UPDATE_PLANS").is_some() {
        std::fs::write(committed, &plans).unwrap();
    }
    let kept = std::fs::read_to_string(committed).unwrap_or_default();
    let by_query = |text: &str| -> BTreeMap<String, String> {
        text.split("## ")
            .filter(|b| !b.is_empty())
            .map(|b| {
                let (name, plan) = b.split_once('\n').unwrap_or((b, ""));
                (name.to_string(), plan.to_string())
            })
            .collect()
    };
    let (was, now) = (by_query(&kept), by_query(&plans));
    let changed: Vec<String> = now
        .iter()
        .filter(|(name, plan)| was.get(*name) != Some(plan))
        .map(|(name, plan)| {
            format!(
                "{name}:\nwas:\n{}now:\n{plan}",
                was.get(name).map_or("(none)\n", |p| p)
            )
        })
        .chain(
            was.keys()
                .filter(|n| !now.contains_key(*n))
                .map(|n| format!("{n}: gone")),
        )
        .collect();
    assert!(
        changed.is_empty(),
        "hot query plans changed: check each reads no growing table in full, then \
         UPDATE_PLANS=1 cargo test -p redock-station --test it query_plans\n\n{}",
        changed.join("\n")
    );
}
