//! The desk's rules as the station applies them (issue 13, item 7): "used" is what the grading
//! set's scale says, the repeat-returner threshold is a setting, an unreadable order date and a
//! word this version does not know are said, never taken for a default.

use redock_domain::disposition::FraudFlag;
use redock_domain::grading::{load_sets, GradingSets, DEMO_SETS_JSON};
use redock_station::inspect::DecisionView;
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
