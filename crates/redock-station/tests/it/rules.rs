//! A rule table tried on the station's past decisions before it is saved (#16 item 5): an
//! administrator's, refused with the reason when it cannot be tried.

use redock_domain::disposition::{Channel, Refund, DEMO_RULES_JSON};

/// The demo parcel's headphones received, passed and decided by the rules.
const HEADPHONES_DECIDED: [&str; 4] = [
    "1Z999AA10123456784",
    "(01)05901234123457(21)HP200-00017",
    "CMD:PASS",
    "CMD:NEXT",
];

fn table(version: u32, rows: serde_json::Value) -> String {
    let mut t: serde_json::Value = serde_json::from_str(DEMO_RULES_JSON).unwrap();
    t["version"] = version.into();
    t["rows"] = rows;
    t.to_string()
}

#[test]
fn a_dry_run_shows_which_units_a_new_table_would_send_elsewhere_and_saves_nothing() {
    let t = crate::demo_station();
    let st = &t.station;
    // One operator at a time at a desk: each logs in for their part.
    let inspector = crate::inspector(st);
    let sup = st.login("BADGE-0003", "3456").unwrap();
    let admin = st.login("BADGE-0004", "4567").unwrap();
    let recycle_all = table(
        3,
        serde_json::json!([{ "then": { "channel": "recycle", "reason": "value.best_default", "refund": "none" } }]),
    );

    // Nothing decided yet: nothing to try it on, and it says so.
    assert_eq!(
        st.dry_run_rules(&admin, &recycle_all).unwrap_err().code(),
        "rules.dry_run_empty"
    );
    // Roles are the station's to enforce: only an administrator tries rule tables.
    for s in [&inspector, &sup] {
        assert_eq!(
            st.dry_run_rules(s, &recycle_all).unwrap_err().code(),
            "auth.forbidden"
        );
    }
    // A table that does not validate is refused with where and why.
    let bad = table(
        3,
        serde_json::json!([{ "then": { "channel": "recycle", "reason": "r", "refund": "half" } }]),
    );
    let e = st.dry_run_rules(&admin, &bad).unwrap_err();
    assert_eq!(e.code(), "rules.invalid");
    assert!(
        e.to_string().contains("row 1") && e.to_string().contains("then.refund"),
        "{e}"
    );

    // A session that ended (the next operator logged in) is refused too.
    let stale = admin.clone();
    let inspector = crate::inspector(st);
    assert_eq!(
        st.dry_run_rules(&stale, &recycle_all).unwrap_err().code(),
        "auth.not_logged_in"
    );
    crate::scan_all(st, &inspector, &HEADPHONES_DECIDED);
    let decided = crate::lpns_of(st, "decided");
    assert_eq!(decided.len(), 1);
    let lpn = decided[0].clone();
    let admin = st.login("BADGE-0004", "4567").unwrap();
    let events_before = st.events_after(0, i64::MAX).unwrap().len();

    // The table in force changes nothing.
    let same = st.dry_run_rules(&admin, DEMO_RULES_JSON).unwrap();
    assert_eq!((same.compared, same.changed.len()), (1, 0));

    let run = st.dry_run_rules(&admin, &recycle_all).unwrap();
    assert_eq!(run.compared, 1);
    assert_eq!(run.changed.len(), 1);
    let c = &run.changed[0];
    assert_eq!(
        (c.lpn.as_str(), c.from, c.to),
        (lpn.as_str(), Channel::Restock, Channel::Recycle)
    );
    assert_eq!((c.refund_from, c.refund_to), (Some(Refund::Full), Refund::None));
    assert!(run.recovery_delta_minor < 0, "{run:?}");
    assert_eq!(
        run.recovery_delta_minor,
        c.recovery_to.unwrap_or(0) - c.recovery_from.unwrap_or(0)
    );
    assert_eq!(run.moves.get("restock → recycle"), Some(&1));
    // Nothing saved: no event, the rules in force unchanged.
    assert_eq!(st.events_after(0, i64::MAX).unwrap().len(), events_before);
    assert_eq!(st.rules().version(), 2);

    // A person's decision is not the rules': still one decision to compare.
    let sup = st.login("BADGE-0003", "3456").unwrap();
    st.override_disposition(&sup, &lpn, Channel::Refurbish, None, "box dented")
        .unwrap();
    let admin = st.login("BADGE-0004", "4567").unwrap();
    assert_eq!(st.dry_run_rules(&admin, &recycle_all).unwrap().compared, 1);
}

#[test]
fn an_administrator_exports_the_table_in_force_as_jdm_and_a_jdm_edited_in_gorules_is_tried_and_saved() {
    let t = crate::demo_station();
    let st = &t.station;
    let inspector = crate::inspector(st);
    crate::scan_all(st, &inspector, &HEADPHONES_DECIDED);
    let admin = st.login("BADGE-0004", "4567").unwrap();
    let path = st.export_rules_jdm(&admin).unwrap();
    assert!(path.ends_with("exports/demo-v2.jdm.json"), "{path}");
    let mut jdm: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(jdm["nodes"][1]["content"]["hitPolicy"], "first");
    // As the GoRules editor would save it unchanged: the dry run finds nothing to change.
    let same = st.dry_run_rules(&admin, &jdm.to_string()).unwrap();
    assert_eq!((same.version, same.changed.len()), (3, 0), "{same:?}");
    // Edited there: every row of the table sends to recycling.
    let rules = jdm["nodes"][1]["content"]["rules"].as_array_mut().unwrap();
    for r in rules.iter_mut() {
        r["o-channel"] = "'recycle'".into();
        r["o-best"] = "".into();
        r["o-destination"] = "".into();
    }
    let run = st.dry_run_rules(&admin, &jdm.to_string()).unwrap();
    assert_eq!(run.changed.len(), 1);
    assert_eq!(run.changed[0].to, Channel::Recycle);
    // Saved as our table for the hub, the next version.
    let saved = st.save_table_from_jdm(&admin, &jdm.to_string()).unwrap();
    assert!(saved.ends_with("exports/demo-v3.json"), "{saved}");
    let table =
        redock_domain::disposition::Table::from_json(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(table.version(), 3);
    // What JDM has and our tables do not: refused by name, nothing written.
    jdm["nodes"][1]["content"]["hitPolicy"] = "collect".into();
    let e = st.dry_run_rules(&admin, &jdm.to_string()).unwrap_err();
    assert_eq!(e.code(), "rules.jdm_unsupported");
    assert_eq!(
        st.save_table_from_jdm(&admin, &jdm.to_string())
            .unwrap_err()
            .code(),
        "rules.jdm_unsupported"
    );
    assert_eq!(
        st.save_table_from_jdm(&admin, DEMO_RULES_JSON)
            .unwrap_err()
            .code(),
        "rules.jdm_invalid"
    );
    let sup = st.login("BADGE-0003", "3456").unwrap();
    assert_eq!(st.export_rules_jdm(&sup).unwrap_err().code(), "auth.forbidden");
}
