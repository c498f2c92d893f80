//! The desk's rules as the station applies them (issue 13, item 7): "used" is what the grading
//! set's scale says, the repeat-returner threshold is a setting, an unreadable order date and a
//! word this version does not know are said, never taken for a default.

use redock_domain::disposition::{Channel, FraudFlag};
use redock_domain::grading::{load_sets, GradingSets, DEMO_SETS_JSON};
use redock_station::inspect::DecisionView;
use redock_station::settings::FraudSettings;
use redock_station::{ScanOutcome, ScanSource, Session, Station};

/// RMA-100003: ordered 2026-10-01, 53 days before the test's clock, in a shop with a 30-day
/// window: a late return of one running jacket (apparel).
const LATE_PARCEL: &str = "RR123456785PL";
const JACKET: &str = "5012345678900";

fn scan(st: &Station, s: &Session, code: &str) -> ScanOutcome {
    st.scan(s, code, ScanSource::Manual)
        .unwrap_or_else(|e| panic!("{code}: {e} ({})", e.code()))
}

/// The late jacket, received, graded `grade` and saved: its decision.
fn late_jacket_graded(st: &Station, grade: &str) -> DecisionView {
    let s = crate::inspector(st);
    scan(st, &s, LATE_PARCEL);
    scan(st, &s, JACKET);
    scan(st, &s, &format!("CMD:GRADE:{grade}"));
    let saved = scan(st, &s, "CMD:NEXT");
    saved
        .inspection
        .and_then(|i| i.decision)
        .expect("CMD:NEXT decided the jacket")
}

/// RMA-100001's headphones (Anna Kowalska, cust-001), received, passed and saved: the decision.
fn headphones_passed(st: &Station) -> DecisionView {
    let s = crate::inspector(st);
    scan(st, &s, "1Z999AA10123456784");
    headphones_passed_on_the_open_parcel(st, &s)
}

fn headphones_passed_on_the_open_parcel(st: &Station, s: &Session) -> DecisionView {
    scan(st, s, "(01)05901234123457(21)HP200-00017");
    scan(st, s, "CMD:PASS");
    let saved = scan(st, s, "CMD:NEXT");
    saved
        .inspection
        .and_then(|i| i.decision)
        .expect("CMD:NEXT decided the headphones")
}

fn supervisor(st: &Station) -> Session {
    st.login("BADGE-0003", "3456").unwrap()
}

/// Anna Kowalska's second return: two on record.
fn second_return_of_cust_001(st: &Station) {
    let csv = "rma;shop;order_no;order_date;customer_id;customer_name;customer_tier;tracking;line_no;sku;quantity;serials;stated_reason\n\
               RMA-200201;demo;ORD-2026-0201;2026-11-18;cust-001;Anna Kowalska;loyal;;1;EL-CASE-15;1;;changed_mind\n";
    let report = st.import_rmas(&supervisor(st), csv.as_bytes()).unwrap();
    assert_eq!(report.imported, ["RMA-200201"], "{:?}", report.errors);
}

/// The demo sets with one set's JSON changed.
fn sets_with(id: &str, change: impl Fn(&mut serde_json::Value)) -> GradingSets {
    let files: Vec<(&str, String)> = DEMO_SETS_JSON
        .iter()
        .map(|(name, json)| {
            let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
            if v["id"] == id {
                change(&mut v);
            }
            (*name, v.to_string())
        })
        .collect();
    load_sets(files.iter().map(|(n, j)| (*n, j.as_str()))).unwrap()
}

#[test]
fn used_beyond_the_window_is_what_the_grading_sets_scale_says() {
    // The demo apparel set counts new-unopened and A as unused, as the desk always did.
    for (grade, used) in [("A", false), ("B", true), ("C", true)] {
        let t = crate::demo_station();
        let d = late_jacket_graded(&t.station, grade);
        assert_eq!(
            d.flags.contains(&FraudFlag::UsedBeyondWindow),
            used,
            "grade {grade}: {:?}",
            d.flags
        );
    }
    // A set whose scale counts B as unused too: a late B jacket is not flagged.
    let t = crate::demo_station();
    t.station.set_grading(sets_with("apparel", |v| {
        v["unused_grades"] = serde_json::json!(["new-unopened", "A", "B"]);
    }));
    let d = late_jacket_graded(&t.station, "B");
    assert!(!d.flags.contains(&FraudFlag::UsedBeyondWindow), "{:?}", d.flags);
    // A set with a scale of its own that does not say: only its best grade is unused (the desk
    // used to call A unused whatever the scale).
    let t = crate::demo_station();
    t.station.set_grading(sets_with("apparel", |v| {
        v.as_object_mut().unwrap().remove("unused_grades");
        v["grades"] = serde_json::json!(["new-unopened", "A", "B", "C", "D", "X"]);
    }));
    let d = late_jacket_graded(&t.station, "A");
    assert!(d.flags.contains(&FraudFlag::UsedBeyondWindow), "{:?}", d.flags);
}

#[test]
fn the_repeat_returner_threshold_is_a_setting() {
    // Two returns on record, and the threshold Redock always had (3): not a repeat returner.
    let t = crate::demo_station();
    let st = &t.station;
    assert_eq!(
        st.fraud_settings().unwrap(),
        FraudSettings {
            repeat_returner_returns: 3
        }
    );
    second_return_of_cust_001(st);
    let d = headphones_passed(st);
    assert!(!d.flags.contains(&FraudFlag::RepeatReturner), "{:?}", d.flags);

    // A dock that counts from two returns on: the same customer is one.
    let t = crate::demo_station();
    let st = &t.station;
    second_return_of_cust_001(st);
    let two = FraudSettings {
        repeat_returner_returns: 2,
    };
    assert_eq!(
        st.set_fraud_settings(&crate::inspector(st), &two)
            .unwrap_err()
            .code(),
        "auth.forbidden",
        "a policy of the dock: supervisors set it"
    );
    let sup = supervisor(st);
    let one = FraudSettings {
        repeat_returner_returns: 1,
    };
    assert_eq!(
        st.set_fraud_settings(&sup, &one).unwrap_err().code(),
        "config.invalid",
        "the return inspected counts: 1 would flag every customer"
    );
    st.set_fraud_settings(&sup, &two).unwrap();
    assert_eq!(st.fraud_settings().unwrap(), two);
    let d = headphones_passed(st);
    assert!(d.flags.contains(&FraudFlag::RepeatReturner), "{:?}", d.flags);
    let trace: serde_json::Value = serde_json::from_str(&d.trace).unwrap();
    assert!(
        trace["input"]["flags"]
            .as_array()
            .unwrap()
            .contains(&"repeat_returner".into()),
        "the rules saw the flag: {trace}"
    );
}

#[test]
fn a_threshold_this_version_cannot_use_is_reported_and_the_default_counts() {
    let t = crate::demo_station();
    let st = &t.station;
    second_return_of_cust_001(st);
    // Written by hand (or a newer Redock): refused by validation, so the default (3) counts.
    st.set_setting(
        &supervisor(st),
        "fraud",
        serde_json::json!({ "repeat_returner_returns": 0 }),
    )
    .unwrap();
    assert_eq!(st.fraud_settings().unwrap(), FraudSettings::default());
    let problems = st.status().unwrap().setting_problems;
    assert_eq!(
        problems.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(),
        ["fraud"],
        "{problems:?}"
    );
    let d = headphones_passed(st);
    assert!(!d.flags.contains(&FraudFlag::RepeatReturner), "{:?}", d.flags);
}

/// A stored value this version cannot read, written past the log (a hub's or a newer version's
/// data, a hand edit): what the desk must say rather than guess.
fn corrupt(st: &Station, sql: &str) {
    let c = st.store().lock_writer();
    // Some columns hold only the words of this version (CHECK): a newer schema would not.
    c.pragma_update(None, "ignore_check_constraints", true).unwrap();
    let changed = c.execute(sql, []).unwrap();
    c.pragma_update(None, "ignore_check_constraints", false).unwrap();
    assert!(changed >= 1, "{sql}");
}

#[test]
fn an_order_date_that_cannot_be_read_holds_the_unit_and_says_why() {
    let t = crate::demo_station();
    let st = &t.station;
    // RMA-100001 would be on time (ordered 2026-11-02) and its new headphones restocked.
    corrupt(
        st,
        "UPDATE expected_return SET order_date = '2026-02-30' WHERE rma = 'RMA-100001'",
    );
    let s = crate::inspector(st);
    let opened = scan(st, &s, "1Z999AA10123456784");
    // Receiving cannot tell either: no late return is recorded, none is ruled out.
    let r = opened.receiving.unwrap();
    assert!(
        !r.new_exceptions
            .contains(&redock_domain::receiving::ExceptionKind::LateReturn),
        "{:?}",
        r.new_exceptions
    );
    let d = headphones_passed_on_the_open_parcel(st, &s);
    assert_eq!(d.channel, Channel::Hold, "{}", d.trace);
    assert_eq!(d.reason, "order_date_unreadable");
    assert_eq!(d.rule, None);
    assert_eq!(d.explanation[0].key, "reason-order-date-unreadable");
    let trace: serde_json::Value = serde_json::from_str(&d.trace).unwrap();
    assert_eq!(
        trace["problem"], "\"2026-02-30\" is not a date (YYYY-MM-DD)",
        "{trace}"
    );
    // A return whose date reads is decided by the rules as ever.
    let t = crate::demo_station();
    let d = headphones_passed(&t.station);
    assert_eq!(d.channel, Channel::Restock, "{}", d.trace);
}

/// The headphones decided, then the station's data edited by `sql`.
fn decided_then(sql: &str) -> (crate::TestStation, String) {
    let t = crate::demo_station();
    let d = headphones_passed(&t.station);
    corrupt(&t.station, sql);
    (t, d.lpn)
}

#[test]
fn a_tier_or_vendor_terms_this_version_does_not_know_hold_the_unit() {
    for (sql, problem) in [
        (
            "UPDATE expected_return SET customer_tier = 'gold' WHERE rma = 'RMA-100001'",
            r#"unknown customer tier "gold""#,
        ),
        (
            "UPDATE vendor_agreement SET rtv = 'partial' WHERE vendor = 'Sonora'",
            r#"unknown vendor return terms "partial""#,
        ),
    ] {
        let t = crate::demo_station();
        corrupt(&t.station, sql);
        // Before: "gold" was decided as a standard customer, "partial" as no returns to the
        // vendor.
        let d = headphones_passed(&t.station);
        assert_eq!(
            (d.channel, d.reason.as_str()),
            (Channel::Hold, "input_not_valid"),
            "{sql}: {}",
            d.trace
        );
        let trace: serde_json::Value = serde_json::from_str(&d.trace).unwrap();
        assert_eq!(trace["problem"], problem, "{trace}");
        assert_eq!(d.explanation[0].key, "reason-input-not-valid");
    }
}

#[test]
fn a_stored_word_this_version_does_not_know_is_an_error_with_its_code() {
    // A decision's channel or maker: the decision is not shown as something else.
    for (sql, code) in [
        (
            "UPDATE disposition SET channel = 'resell'",
            "data.unknown_channel",
        ),
        (
            "UPDATE disposition SET decided_by = 'robot'",
            "data.unknown_decided_by",
        ),
    ] {
        let (t, lpn) = decided_then(sql);
        let e = t.station.decision(&lpn).unwrap_err();
        assert_eq!(e.code(), code, "{sql}: {e}");
        assert_eq!(
            t.station.decision_history(&lpn).unwrap_err().code(),
            code,
            "{sql}"
        );
        assert_eq!(e.details()["value"], sql.split('\'').nth(1).unwrap());
    }

    // A unit's status: its LPN is not taken for a decided unit's; the scan records nothing.
    let (t, lpn) = decided_then("UPDATE unit SET status = 'shipped'");
    let s = crate::inspector(&t.station);
    let before = t.station.status().unwrap().events_total;
    let e = t.station.scan(&s, &lpn, ScanSource::Manual).unwrap_err();
    assert_eq!(e.code(), "data.unknown_unit_status", "{e}");
    assert_eq!(e.to_string(), r#"unknown unit status "shipped""#);
    assert_eq!(t.station.status().unwrap().events_total, before);

    // Receiving's finding: the parcel is not shown without it, nor a unit decided without it.
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    scan(&t.station, &s, "1Z999AA10123456784");
    scan(&t.station, &s, "(01)05901234123457(21)HP200-00099"); // not the serial sold
    scan(&t.station, &s, "CMD:PASS");
    corrupt(
        &t.station,
        "UPDATE receiving_exception SET kind = 'stolen' WHERE kind = 'serial_mismatch'",
    );
    assert_eq!(
        t.station.current_parcel().unwrap_err().code(),
        "data.unknown_exception_kind"
    );
    let e = t.station.scan(&s, "CMD:NEXT", ScanSource::Manual).unwrap_err();
    assert_eq!(e.code(), "data.unknown_exception_kind", "{e}");
}
