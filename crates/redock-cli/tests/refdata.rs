#![allow(clippy::unwrap_used)] // tests: a panic is the failure report
//! The reference data the hub holds (operators with their PIN hashes, grading sets, the rule
//! table, vendor agreements, settings), written at the hub with `redock hub admin`, pulled by the
//! site's stations, and the snapshot a new station starts from. Against a real PostgreSQL
//! (tests/pg/with-pg.sh) and a real hub process.

mod common;

use common::*;
use redock_station::{Station, StationError};

const OSLO: &str = "site-osl-1";

fn add_operator(hub: &Hub, site: &str, badge: &str, name: &str, role: &str, pin: &str) {
    let (ok, out, err) = hub.admin_with(
        &[
            "operator",
            "add",
            "--site",
            site,
            "--badge",
            badge,
            "--name",
            name,
            "--role",
            role,
            "--language",
            "nb",
        ],
        &format!("{pin}\n"),
    );
    assert!(ok, "{out} {err}");
}

/// `redock hub admin <what> put --site SITE FILE` with `json` in the file.
fn put_file(hub: &Hub, what: &str, json: &str) -> (bool, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("put.json");
    std::fs::write(&file, json).unwrap();
    hub.admin_with(&[what, "put", "--site", SITE, file.to_str().unwrap()], "")
}

/// The demo rule table at `version`, with `rows`.
fn rules(version: u32, rows: serde_json::Value) -> String {
    let mut t: serde_json::Value = serde_json::from_str(redock_domain::disposition::DEMO_RULES_JSON).unwrap();
    t["version"] = version.into();
    t["rows"] = rows;
    serde_json::to_string_pretty(&t).unwrap()
}

/// The demo fallback grading set at `version`.
fn general_set(version: u32) -> String {
    let (_, json) = redock_domain::grading::DEMO_SETS_JSON
        .iter()
        .find(|(n, _)| n.starts_with("general"))
        .unwrap();
    let mut s: serde_json::Value = serde_json::from_str(json).unwrap();
    s["version"] = version.into();
    serde_json::to_string_pretty(&s).unwrap()
}

#[test]
fn an_operator_added_at_the_hub_logs_in_at_its_site_s_stations_and_never_reaches_another_site() {
    let hub = Hub::start();
    hub.admin(&["site", "--org", "Demo", "--id", OSLO, "--name", "Oslo"]);
    let wro = desk_at(&hub, SITE, "station-wro-1-01", 1);
    let osl = desk_at(&hub, OSLO, "station-osl-1-01", 1);
    // Their first pulls: the (empty) snapshots; what follows comes by the feed.
    assert!(wro.station.pull_once().unwrap().from_snapshot);
    assert!(osl.station.pull_once().unwrap().from_snapshot);
    add_operator(&hub, SITE, "BADGE-0100", "Kari Hansen", "supervisor", "2468");

    let pulled = wro.station.pull_once().unwrap();
    assert!(!pulled.from_snapshot);
    assert!(pulled.applied >= 2, "the operator and its PIN: {pulled:?}");
    let s = wro.station.login("BADGE-0100", "2468").unwrap();
    assert_eq!(
        (s.name.as_str(), s.role, s.language.as_str()),
        ("Kari Hansen", redock_station::Role::Supervisor, "nb")
    );
    assert!(matches!(
        wro.station.login("BADGE-0100", "0000"),
        Err(StationError::WrongPin { .. })
    ));

    // The other site's station: not in its feed, not in its snapshot, not at the station.
    osl.station.pull_once().unwrap();
    assert!(matches!(
        osl.station.login("BADGE-0100", "2468"),
        Err(StationError::UnknownBadge { .. })
    ));
    for what in ["changes?after=0&limit=5000", "snapshot"] {
        let (status, body) = get(
            &format!("{}/v1/sites/{OSLO}/{what}", hub.url),
            &token(&osl.station),
        );
        assert_eq!(status, 200);
        let text = body.to_string();
        assert!(
            !text.contains("BADGE-0100") && !text.contains("argon2"),
            "{what}: {text}"
        );
        // And it may not read the other site's.
        let (status, body) = get(
            &format!("{}/v1/sites/{SITE}/{what}", hub.url),
            &token(&osl.station),
        );
        assert_eq!(
            (status, body["code"].as_str()),
            (403, Some("auth.forbidden")),
            "{what}"
        );
    }

    // The PIN hash is in the station's secrets only: no event of its log carries it.
    let hash = station_rows(
        &wro.station,
        "SELECT pin_hash FROM operator_secret WHERE operator_id = 'op-BADGE-0100'",
    );
    assert!(hash[0][0].as_deref().unwrap().starts_with("$argon2id$"));
    let events = wro.station.events_after(0, i64::MAX).unwrap();
    assert!(events.iter().all(|e| !e.payload.contains("argon2")));
    let added: Vec<_> = events
        .iter()
        .filter(|e| e.kind == "operator_added" && e.payload.contains("BADGE-0100"))
        .collect();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].origin, "hub");
    // The feed carries it once: pulled again, nothing new.
    assert_eq!(wro.station.pull_once().unwrap().applied, 0);
}

#[test]
fn a_pin_changed_at_the_hub_replaces_the_old_one_and_a_disabled_operator_cannot_log_in() {
    let hub = Hub::start();
    let d = desk_at(&hub, SITE, "station-wro-1-01", 1);
    add_operator(&hub, SITE, "BADGE-0100", "Kari Hansen", "inspector", "2468");
    d.station.pull_once().unwrap();
    d.station.login("BADGE-0100", "2468").unwrap();

    let (ok, out, err) = hub.admin_with(
        &["operator", "set-pin", "--site", SITE, "--id", "op-BADGE-0100"],
        "1357\n",
    );
    assert!(ok, "{out} {err}");
    assert_eq!(d.station.pull_once().unwrap().applied, 1, "the PIN only: no fact");
    assert!(matches!(
        d.station.login("BADGE-0100", "2468"),
        Err(StationError::WrongPin { .. })
    ));
    d.station.login("BADGE-0100", "1357").unwrap();

    // A PIN that is not 4–12 digits is refused at the hub, and nothing is written.
    let before = hub.counter(SITE);
    let (ok, _, err) = hub.admin_with(
        &["operator", "set-pin", "--site", SITE, "--id", "op-BADGE-0100"],
        "12a4\n",
    );
    assert!(!ok && err.contains("error[reference.invalid]"), "{err}");
    assert_eq!(hub.counter(SITE), before, "the change number was given back");

    let (ok, out, err) = hub.admin_with(
        &["operator", "disable", "--site", SITE, "--id", "op-BADGE-0100"],
        "",
    );
    assert!(ok, "{out} {err}");
    d.station.pull_once().unwrap();
    assert!(matches!(
        d.station.login("BADGE-0100", "1357"),
        Err(StationError::UnknownBadge { .. })
    ));
    let changed = d
        .station
        .events_after(0, i64::MAX)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "operator_changed")
        .collect::<Vec<_>>();
    assert_eq!(changed.len(), 1);
    assert!(changed[0].payload.contains(r#""active":false"#) && changed[0].origin == "hub");
}

#[test]
fn a_rule_table_put_at_the_hub_becomes_the_station_s_rules_and_a_scan_decides_by_it() {
    let hub = Hub::start();
    let d = desk_at(&hub, SITE, "station-wro-1-01", 1);
    assert_eq!((d.station.rules().id(), d.station.rules().version()), ("demo", 2));
    d.station.pull_once().unwrap();
    let table = rules(
        3,
        serde_json::json!([
            { "name": "everything-recycled", "then": { "channel": "recycle", "reason": "value.best_default" } }
        ]),
    );
    let (ok, out, err) = put_file(&hub, "rules", &table);
    assert!(ok, "{out} {err}");
    d.station.pull_once().unwrap();
    assert_eq!(d.station.rules().version(), 3);

    work(&d.station, &A_UNIT);
    let decided = station_rows(&d.station, "SELECT channel, rule FROM disposition");
    assert_eq!(
        decided,
        [[Some("recycle".to_string()), Some("demo@3#1".to_string())]],
        "the unit was decided by the hub's table"
    );
    let adopted: Vec<_> = d
        .station
        .events_after(0, i64::MAX)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "rules_adopted")
        .collect();
    assert_eq!(adopted.len(), 1);
    assert_eq!(adopted[0].origin, "hub");

    // The table stays the station's after a restart, and a rebuild of the log gives it back.
    let path = d.path.clone();
    let Desk { _dir, station, .. } = d;
    drop(station);
    let st = open(&path);
    assert_eq!(st.rules().version(), 3);
    let before = redock_station::projection::snapshot(&st.store().lock_writer()).unwrap();
    redock_station::projection::rebuild(&mut st.store().lock_writer()).unwrap();
    let after = redock_station::projection::snapshot(&st.store().lock_writer()).unwrap();
    assert_eq!(before, after);

    // The same table again: nothing changes. An older version, or the same version changed: refused.
    let (ok, out, _) = put_file(&hub, "rules", &table);
    assert!(ok && out.contains("nothing changed"), "{out}");
    let other = rules(
        3,
        serde_json::json!([{ "then": { "channel": "donate", "reason": "value.best_default" } }]),
    );
    let (ok, _, err) = put_file(&hub, "rules", &other);
    assert!(!ok && err.contains("error[reference.version]"), "{err}");
}

#[test]
fn an_invalid_rule_table_or_grading_set_is_refused_at_the_hub_with_where_and_why() {
    let hub = Hub::start();
    let before = hub.counter(SITE);
    // A row the domain refuses: named by row and field.
    let bad_row = rules(
        2,
        serde_json::json!([
            { "name": "ok", "when": { "flags": { "has_any_of": ["empty_box"] } }, "then": { "channel": "hold", "reason": "fraud.suspected" } },
            { "name": "bad", "then": { "channel": "teleport", "reason": "value.best_default" } }
        ]),
    );
    let (ok, _, err) = put_file(&hub, "rules", &bad_row);
    assert!(!ok, "{err}");
    assert!(
        err.contains("error[reference.invalid]") && err.contains("row 2"),
        "{err}"
    );
    assert!(err.contains("channel"), "{err}");
    // JSON that does not parse: named by line and column.
    let (ok, _, err) = put_file(&hub, "rules", "{\n  \"id\": \"demo\",\n  \"version\": 2,,\n}");
    assert!(
        !ok && err.contains("error[reference.invalid]") && err.contains("line 3"),
        "{err}"
    );
    // A table whose rows can all miss.
    let may_miss = rules(
        2,
        serde_json::json!([{ "when": { "flags": { "has_any_of": ["empty_box"] } }, "then": { "channel": "hold", "reason": "fraud.suspected" } }]),
    );
    let (ok, _, err) = put_file(&hub, "rules", &may_miss);
    assert!(!ok && err.contains("catch-all"), "{err}");
    // A grading set that would make the site's sets two fallbacks.
    let mut second: serde_json::Value = serde_json::from_str(&general_set(1)).unwrap();
    second["id"] = "general-2".into();
    let (ok, _, err) = put_file(&hub, "grading-set", &second.to_string());
    assert!(
        !ok && err.contains("error[reference.invalid]") && err.contains("fallback"),
        "{err}"
    );
    // Nothing was written, and no change number was used.
    assert_eq!(hub.counter(SITE), before);
    assert!(hub.rows("SELECT kind FROM hub_reference").is_empty());
}

#[test]
fn pulled_reference_data_is_never_pushed_back() {
    let hub = Hub::start();
    let d = desk_at(&hub, SITE, "station-wro-1-01", 1);
    d.station.sync_once().unwrap();
    d.station.pull_once().unwrap();
    add_operator(&hub, SITE, "BADGE-0100", "Kari Hansen", "inspector", "2468");
    let (ok, _, err) = put_file(&hub, "grading-set", &general_set(2));
    assert!(ok, "{err}");
    let table = rules(
        2,
        serde_json::json!([{ "then": { "channel": "recycle", "reason": "value.best_default" } }]),
    );
    assert!(put_file(&hub, "rules", &table).0);
    let (ok, _, err) = hub.admin_with(
        &[
            "vendor",
            "put",
            "--site",
            SITE,
            "Nordic Gear",
            "--rtv",
            "eligible",
            "--window-days",
            "45",
            "--credit-bp",
            "6000",
        ],
        "",
    );
    assert!(ok, "{err}");
    let (ok, _, err) = hub.admin_with(
        &[
            "setting",
            "put",
            "--site",
            SITE,
            "fraud",
            r#"{"repeat_returner_returns":5}"#,
        ],
        "",
    );
    assert!(ok, "{err}");
    // A setting the station would not accept is refused at the hub.
    let (ok, _, err) = hub.admin_with(
        &[
            "setting",
            "put",
            "--site",
            SITE,
            "fraud",
            r#"{"repeat_returner_returns":1}"#,
        ],
        "",
    );
    assert!(!ok && err.contains("repeat returner"), "{err}");

    let pulled = d.station.pull_once().unwrap();
    assert_eq!(
        pulled.applied, 6,
        "operator, PIN, grading set, rules, vendor, setting: {pulled:?}"
    );
    assert_eq!(d.station.grading().by_id("general").unwrap().version, 2);
    assert_eq!(d.station.fraud_settings().unwrap().repeat_returner_returns, 5);
    let vendor = station_rows(
        &d.station,
        "SELECT rtv, window_days, credit_bp FROM vendor_agreement WHERE vendor = 'Nordic Gear'",
    );
    assert_eq!(
        vendor,
        [[Some("eligible".into()), Some("45".into()), Some("6000".into())]]
    );

    let hub_facts: Vec<String> = d
        .station
        .events_after(0, i64::MAX)
        .unwrap()
        .into_iter()
        .filter(|e| e.origin == "hub")
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        hub_facts,
        [
            "operator_added",
            "grading_set_adopted",
            "rules_adopted",
            "vendor_agreement_set",
            "setting_changed"
        ]
    );
    d.station.sync_once().unwrap();
    assert_hub_holds(&hub, &d.station);
    // The station's stream at the hub: its own facts whole, what it was sent only as ids.
    let pushed_back = hub.rows(&format!(
        "SELECT kind, coalesce(payload, '') FROM event WHERE stream_id = '{}' AND origin = 'hub'",
        stream(&d.station)
    ));
    assert_eq!(pushed_back.len(), 5);
    assert!(pushed_back
        .iter()
        .all(|r| r[0].as_deref() == Some("reference") && r[1].as_deref() == Some("")));
    assert!(hub
        .rows("SELECT payload FROM event WHERE payload LIKE '%argon2%' OR payload LIKE '%Nordic Gear%'")
        .is_empty());
    // And the hub's projections took nothing from them: pulling again adds nothing.
    assert_eq!(d.station.pull_once().unwrap().applied, 0);
}

/// The reference data of a station, to compare two stations by (the demo operators each station
/// seeded itself have their own salts: only the hub's are compared).
fn reference_of(st: &Station) -> String {
    let mut out = String::new();
    for sql in [
        "SELECT o.operator_id, o.badge, o.name, o.role, o.language, o.active, s.pin_hash
         FROM operator o LEFT JOIN operator_secret s USING (operator_id)
         WHERE o.operator_id LIKE 'op-BADGE-%' ORDER BY o.operator_id",
        "SELECT set_id, version, definition FROM grading_set ORDER BY set_id",
        "SELECT table_id, version, definition FROM rule_table",
        "SELECT vendor, rtv, window_days, credit_bp FROM vendor_agreement ORDER BY vendor",
        "SELECT key, value FROM settings WHERE key IN ('fraud', 'receiving', 'site') ORDER BY key",
        "SELECT customer_id FROM customer_erasure ORDER BY customer_id",
    ] {
        out.push_str(&format!("{:?}\n", station_rows(st, sql)));
    }
    let rules = st.rules();
    out.push_str(&format!("rules {}@{}\n", rules.id(), rules.version()));
    for s in st.grading().all() {
        out.push_str(&format!("set {}@{}\n", s.id, s.version));
    }
    out
}

#[test]
fn a_station_enrolled_after_a_thousand_changes_takes_a_snapshot_and_ends_like_one_that_pulled_every_change() {
    let hub = Hub::start();
    let early = desk_at(&hub, SITE, "station-wro-1-01", 1);
    // A fact of a station that a new one takes in from the snapshot: an erasure.
    let admin = early.station.login("BADGE-0004", "4567").unwrap();
    early
        .station
        .erase_customer(&admin, "cust-002", Some("asked"))
        .unwrap();
    early.station.sync_once().unwrap();
    assert!(early.station.pull_once().unwrap().from_snapshot);
    let start = hub.counter(SITE);

    // 1,000 writes at the hub, the early station pulling as they come.
    let rt = rt();
    let pool = redock_hub::db::pool(&hub.database, 2).unwrap();
    let mut writes = 0;
    let put = |n: usize| {
        use redock_hub::refdata as r;
        rt.block_on(async {
            match n {
                0..50 => {
                    let badge = format!("BADGE-{:04}", 200 + n);
                    let op = r::NewOperator {
                        operator_id: &format!("op-{badge}"),
                        badge: &badge,
                        name: &format!("Operator {n}"),
                        role: redock_events::payloads::Role::Inspector,
                        language: "pl",
                        pin: &format!("{:04}", 1000 + n),
                    };
                    r::add_operator(&pool, SITE, &op).await.map(Some)
                }
                50..200 => r::set_pin(&pool, SITE, &format!("op-BADGE-{:04}", 200 + n % 50), &format!("{:05}", n))
                    .await
                    .map(Some),
                200..220 => r::disable_operator(&pool, SITE, &format!("op-BADGE-{:04}", 200 + n % 50)).await.map(Some),
                220..620 => {
                    let agreement = redock_events::payloads::VendorAgreement {
                        rtv: redock_events::payloads::RtvTerms::Eligible,
                        window_days: (n % 90) as u32 + 1,
                        credit_bp: 5000,
                    };
                    r::put_vendor(&pool, SITE, &format!("vendor-{}", n % 40), agreement).await.map(Some)
                }
                620..920 => {
                    let (key, value) = if n.is_multiple_of(2) {
                        ("fraud", serde_json::json!({ "repeat_returner_returns": 2 + n % 50 }))
                    } else {
                        ("receiving", serde_json::json!({ "debounce_ms": n, "label_every_unit": false }))
                    };
                    r::put_setting(&pool, SITE, key, value).await.map(Some)
                }
                920..980 => {
                    let table = rules(
                        (n - 920) as u32 + 2,
                        serde_json::json!([{ "then": { "channel": "recycle", "reason": "value.best_default" } }]),
                    );
                    r::put_rules(&pool, SITE, &table).await
                }
                _ => r::put_grading_set(&pool, SITE, &general_set((n - 980) as u32 + 2)).await,
            }
        })
        .unwrap()
        .unwrap();
    };
    for n in 0..1000 {
        put(n);
        writes += 1;
        if n % 100 == 99 {
            let p = early.station.pull_once().unwrap();
            assert!(!p.from_snapshot);
        }
    }
    assert_eq!(writes, 1000);
    assert_eq!(hub.counter(SITE) - start, 1000);

    let late = desk_at(&hub, SITE, "station-wro-1-02", 2);
    let first = late.station.pull_once().unwrap();
    assert!(first.from_snapshot, "{first:?}");
    assert!(
        first.read < 200,
        "one row per operator, vendor, setting, set and table, not the 1,000 writes: {first:?}"
    );
    assert_eq!(first.cursor, hub.counter(SITE));
    assert_eq!(reference_of(&late.station), reference_of(&early.station));
    let rules = late.station.rules();
    assert_eq!((rules.id(), rules.version()), ("demo", 61));
    // The late station took in fewer facts than the early one recorded (no replay).
    let hub_facts = |st: &Station| {
        st.events_after(0, i64::MAX)
            .unwrap()
            .iter()
            .filter(|e| e.origin == "hub")
            .count()
    };
    assert!(hub_facts(&late.station) < hub_facts(&early.station));
    // An operator's latest PIN works there.
    late.station.login("BADGE-0249", "00199").unwrap();

    // Then both go on from the feed: one more change reaches both.
    rt.block_on(redock_hub::refdata::set_pin(&pool, SITE, "op-BADGE-0249", "4242"))
        .unwrap();
    assert!(!late.station.pull_once().unwrap().from_snapshot);
    early.station.pull_once().unwrap();
    assert_eq!(reference_of(&late.station), reference_of(&early.station));
    late.station.login("BADGE-0249", "4242").unwrap();
}

#[test]
#[allow(clippy::disallowed_methods)] // a plain test thread waits; no async runtime here
fn a_snapshot_taken_while_a_write_is_open_misses_nothing_and_doubles_nothing() {
    let hub = Hub::start();
    add_operator(&hub, SITE, "BADGE-0100", "Kari Hansen", "inspector", "2468");
    let rt = rt();
    let pool = redock_hub::db::pool(&hub.database, 2).unwrap();
    // A write at the hub that holds the site's counter row and commits after the snapshot.
    let mut client = rt.block_on(pool.get()).unwrap();
    let tx = rt.block_on(client.transaction()).unwrap();
    let n: i64 = rt
        .block_on(tx.query_one(
            "UPDATE site_feed SET n = n + 1 WHERE site_id = $1 RETURNING n",
            &[&SITE],
        ))
        .unwrap()
        .get(0);
    rt.block_on(tx.execute(
        "INSERT INTO hub_reference (site_id, kind, key, body, change_no)
         VALUES ($1, 'setting', 'fraud', '{\"kind\":\"setting\",\"key\":\"fraud\",\"value\":{\"repeat_returner_returns\":7}}', $2)",
        &[&SITE, &n],
    ))
    .unwrap();
    let d = desk_at(&hub, SITE, "station-wro-1-01", 1);
    let first = d.station.pull_once().unwrap();
    assert!(first.from_snapshot);
    assert!(
        first.cursor < n,
        "the snapshot's position is before the open write: {first:?}"
    );
    d.station.login("BADGE-0100", "2468").unwrap();
    assert_eq!(d.station.fraud_settings().unwrap().repeat_returner_returns, 3);
    rt.block_on(tx.commit()).unwrap();
    let next = d.station.pull_once().unwrap();
    assert_eq!(d.station.fraud_settings().unwrap().repeat_returner_returns, 7);
    assert_eq!(next.applied, 1, "{next:?}");
    // Nothing twice: the operator came once.
    let added = d
        .station
        .events_after(0, i64::MAX)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "operator_added" && e.origin == "hub")
        .count();
    assert_eq!(added, 1);
}

#[test]
fn the_feed_s_pages_merge_events_and_reference_rows_in_change_order_each_once() {
    let hub = Hub::start();
    let d = desk_at(&hub, SITE, "station-wro-1-01", 1);
    let rt = rt();
    let pool = redock_hub::db::pool(&hub.database, 2).unwrap();
    // Events and hub writes interleaved; a vendor written twice keeps only its latest number.
    for round in 0..4u32 {
        work(&d.station, &["RMA-100001", "CMD:CLOSE"]);
        d.station.sync_once().unwrap();
        for v in 0..3 {
            let agreement = redock_events::payloads::VendorAgreement {
                rtv: redock_events::payloads::RtvTerms::Eligible,
                window_days: 10 + round,
                credit_bp: 5000,
            };
            rt.block_on(redock_hub::refdata::put_vendor(
                &pool,
                SITE,
                &format!("v{v}"),
                agreement,
            ))
            .unwrap();
        }
    }
    let expected: Vec<i64> = hub
        .rows(&format!(
            "SELECT change_no::text FROM event WHERE site_id = '{SITE}'
             UNION ALL SELECT change_no::text FROM hub_reference WHERE site_id = '{SITE}'"
        ))
        .into_iter()
        .map(|r| r[0].as_deref().unwrap().parse().unwrap())
        .collect::<std::collections::BTreeSet<i64>>()
        .into_iter()
        .collect();
    let (mut after, mut seen) = (0i64, Vec::new());
    loop {
        let (status, page) = get(
            &format!("{}/v1/sites/{SITE}/changes?after={after}&limit=7", hub.url),
            &token(&d.station),
        );
        assert_eq!(status, 200);
        let mut numbers: Vec<i64> = page["changes"]
            .as_array()
            .unwrap()
            .iter()
            .chain(page["reference"].as_array().unwrap())
            .map(|c| c["change_no"].as_i64().unwrap())
            .collect();
        if numbers.is_empty() {
            break;
        }
        assert!(numbers.len() <= 7);
        numbers.sort();
        assert_eq!(page["next"].as_i64(), numbers.last().copied());
        after = page["next"].as_i64().unwrap();
        seen.extend(numbers);
    }
    assert_eq!(seen, expected, "every change once, in order, across pages");
    assert_eq!(
        hub.rows(&format!(
            "SELECT count(*)::text FROM hub_reference WHERE site_id = '{SITE}'"
        )),
        [[Some("3".to_string())]]
    );
}

#[test]
fn a_rule_table_is_tried_at_the_hub_on_the_site_s_decisions_before_it_is_put() {
    let hub = Hub::start();
    let d = desk_at(&hub, SITE, "station-wro-1-01", 1);
    let table = rules(
        3,
        serde_json::json!([
            { "name": "everything-recycled", "then": { "channel": "recycle", "reason": "value.best_default", "refund": "none" } }
        ]),
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rules.json");
    std::fs::write(&file, &table).unwrap();
    let dry = |hub: &Hub| hub.admin_with(&["rules", "dry-run", "--site", SITE, file.to_str().unwrap()], "");
    // Nothing decided at the site yet: said so, nothing written.
    let (ok, _, err) = dry(&hub);
    assert!(!ok && err.contains("no decisions of the rules yet"), "{err}");

    work(&d.station, &A_UNIT);
    d.station.sync_once().unwrap();
    let (ok, out, err) = dry(&hub);
    assert!(ok, "{err}");
    let run: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(run["compared"], 1, "{run}");
    assert_eq!(run["changed"][0]["from"], "restock", "{run}");
    assert_eq!(run["changed"][0]["to"], "recycle");
    assert_eq!(run["changed"][0]["refund_to"]["kind"], "none");
    assert_eq!(run["moves"]["restock → recycle"], 1);
    assert!(run["recovery_delta_minor"].as_i64().unwrap() < 0, "{run}");
    // Nothing was put: the site's stations still decide by the demo table.
    d.station.pull_once().unwrap();
    assert_eq!(d.station.rules().version(), 2);
    // A table that does not validate is refused as `put` refuses it.
    std::fs::write(&file, table.replace(r#""refund": "none""#, r#""refund": "half""#)).unwrap();
    let (ok, _, err) = dry(&hub);
    assert!(!ok && err.contains("then.refund"), "{err}");
}
