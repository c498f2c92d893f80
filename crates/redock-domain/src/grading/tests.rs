use super::*;
use std::collections::BTreeMap;

fn step(s: &str) -> Step {
    match s.split_once(':') {
        Some(("grade", g)) => Step::Grade { grade: g.into() },
        Some(("defect", c)) => Step::Defect { code: c.into() },
        Some(("reason", c)) => Step::Reason { code: c.into() },
        Some(("photo", h)) => Step::Photo { sha256: h.into() },
        _ => match s {
            "ok" => Step::Ok,
            "fail" => Step::Fail,
            "pass" => Step::Pass,
            "hold" => Step::Hold,
            other => panic!("test step {other:?}"),
        },
    }
}

/// Steps (space-separated) → "grade by=… axes" or "open at <question>" or "error <code>".
fn run(set: &str, steps: &str) -> String {
    let sets = demo_sets();
    let set = sets.by_id(set).expect("demo set");
    let steps: Vec<Step> = steps.split_whitespace().map(step).collect();
    match evaluate(set, &steps) {
        Err(e) => format!("error {}", e.code()),
        Ok(s) => match (&s.grade, &s.question) {
            (None, Some(q)) => format!("open at {}", set.checklist[*q].id),
            (Some(g), _) => {
                let by = match s.settled.as_ref().expect("settled with a grade") {
                    Settled::Question { id } => id.clone(),
                    Settled::AllPassed => "all_passed".into(),
                    Settled::Chosen => "chosen".into(),
                };
                let axes: Vec<String> = s.axes.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("{g} by {by} [{}]", axes.join(" "))
            }
            (None, None) => unreachable!("no question and no grade"),
        },
    }
}

#[track_caller]
fn check(set: &str, steps: &str, expect: &str) {
    assert_eq!(run(set, steps), expect, "set {set}, steps {steps:?}");
}

#[test]
fn electronics_worst_first() {
    let s = "electronics";
    check(s, "", "open at dead");
    check(s, "fail", "X by dead [functional=dead]");
    check(s, "ok fail", "D by broken [cosmetic=broken]");
    check(s, "ok ok fail", "D by major_fault [functional=major_fault]");
    // Every question of the functional axis was asked and passed → its best value is known.
    check(
        s,
        "ok ok ok ok ok ok ok ok ok fail",
        "A by opened [completeness=complete functional=works packaging=opened]",
    );
    check(
        s,
        "pass",
        "new-unopened by all_passed [completeness=complete cosmetic=as_new functional=works packaging=sealed]",
    );
    check(s, "ok pass", "new-unopened by all_passed [completeness=complete cosmetic=as_new functional=works packaging=sealed]");
    // Eleven oks = every question passed.
    check(s, &["ok"; 11].join(" "), "new-unopened by all_passed [completeness=complete cosmetic=as_new functional=works packaging=sealed]");
    // Once settled, nothing more is asked.
    check(s, "fail ok", "error inspection.already_settled");
    check(s, "fail pass", "error inspection.already_settled");
}

#[test]
fn named_grade_follows_the_checklist() {
    let s = "electronics";
    // GRADE:A passes every worse question and fails the first that settles A (the seal).
    check(
        s,
        "grade:A",
        "A by opened [completeness=complete functional=works packaging=opened]",
    );
    check(
        s,
        "grade:B",
        "B by visible_wear [cosmetic=visible_wear functional=works]",
    );
    check(s, "grade:X", "X by dead [functional=dead]");
    check(s, "grade:new-unopened", "new-unopened by all_passed [completeness=complete cosmetic=as_new functional=works packaging=sealed]");
    check(s, "grade:Z", "error inspection.unknown_grade");
    // Having said it powers on, the inspector cannot call it dead without undoing.
    check(s, "ok grade:X", "error inspection.contradicts");
    check(
        s,
        "ok ok grade:C",
        "C by major_missing [completeness=major_missing]",
    );
}

#[test]
fn defects_cap_the_grade_and_worsen_axes() {
    let s = "electronics";
    check(
        s,
        "defect:DENT pass",
        "C by all_passed [completeness=complete cosmetic=heavy_wear functional=works packaging=sealed]",
    );
    check(
        s,
        "grade:A defect:WATER_DAMAGE",
        "X by opened [completeness=complete functional=major_fault packaging=opened]",
    );
    // A defect milder than the settled grade changes nothing on the overall scale.
    check(
        s,
        "fail defect:SCREEN_SCRATCH",
        "X by dead [cosmetic=visible_wear functional=dead]",
    );
    check(s, "defect:DENT defect:DENT", "error inspection.defect_twice");
    check(s, "defect:NOPE", "error inspection.unknown_defect");
}

#[test]
fn reasons_photos_and_hold() {
    let sets = demo_sets();
    let set = sets.by_id("electronics").expect("set");
    let steps: Vec<Step> = "reason:DEFECTIVE photo:ab reason:NO_FAULT hold grade:A"
        .split_whitespace()
        .map(step)
        .collect();
    let st = evaluate(set, &steps).expect("valid");
    assert_eq!(st.reason.as_deref(), Some("NO_FAULT"));
    assert_eq!(st.photos, vec!["ab".to_owned()]);
    assert!(st.hold);
    assert_eq!(st.grade.as_deref(), Some("A"));
    assert_eq!(
        run("electronics", "reason:WRONG_SIZE"),
        "error inspection.unknown_reason"
    );
    assert_eq!(
        run("electronics", "photo:ab photo:ab"),
        "error inspection.photo_twice"
    );
    assert_eq!(
        check_step(set, &steps, &Step::Ok).map(|_| ()),
        Err(StepError::AlreadySettled { grade: "A".into() })
    );
}

#[test]
fn apparel_hygiene_first() {
    let s = "apparel";
    check(s, "fail", "X by soiled [hygiene=fail]");
    check(s, "ok fail", "X by liner_removed [hygiene=fail]");
    check(s, "ok ok fail", "D by torn [cosmetic=damaged hygiene=pass]");
    check(
        s,
        "grade:B",
        "B by tags_removed [completeness=tags_missing hygiene=pass]",
    );
    check(
        s,
        "grade:A",
        "A by opened [completeness=complete cosmetic=as_new hygiene=pass packaging=opened]",
    );
    check(
        s,
        "defect:ODOUR grade:A",
        "X by opened [completeness=complete cosmetic=as_new hygiene=fail packaging=opened]",
    );
}

#[test]
fn home_and_fallback() {
    check("home", "ok ok fail", "C by used [cosmetic=used functional=works]");
    check(
        "home",
        "grade:D",
        "D by major_missing [completeness=major_missing functional=works]",
    );
    check(
        "general",
        "grade:C",
        "C by damaged [completeness=complete cosmetic=damaged functional=works]",
    );
    let sets = demo_sets();
    assert_eq!(sets.for_category("electronics").id, "electronics");
    assert_eq!(sets.for_category("toys").id, "general");
}

#[test]
fn demo_sets_speak_every_language_and_map_every_grade() {
    let sets = demo_sets();
    assert_eq!(sets.all().len(), 4);
    for set in sets.all() {
        for lang in LANGUAGES {
            // Questions, defects, reasons and axis values are real translations, not English.
            let texts = set
                .checklist
                .iter()
                .map(|q| (&q.id, &q.text))
                .chain(set.defects.iter().map(|d| (&d.code, &d.text)))
                .chain(set.reasons.iter().map(|r| (&r.code, &r.text)))
                .chain(set.axes.iter().flat_map(|a| a.values.iter()));
            for (what, text) in texts {
                assert!(!GradingSet::text(text, lang).is_empty());
                if lang != "en" {
                    assert_ne!(text.get(lang), text.get("en"), "{} {what} {lang}", set.id);
                }
            }
        }
        let amazon = set.external.iter().find(|e| e.scale == "amazon").expect("amazon");
        for g in &set.grades {
            assert!(amazon.map.contains_key(g));
        }
        // Every sheet defect and reason code fits a command barcode.
        for d in &set.defects {
            assert!(d.code.len() <= 24);
        }
    }
    let el = sets.by_id("electronics").expect("set");
    let mut axes = BTreeMap::new();
    axes.insert("functional".to_owned(), "works".to_owned());
    axes.insert("cosmetic".to_owned(), "light_wear".to_owned());
    assert_eq!(
        el.external_values("A", &axes),
        vec![
            ("amazon".to_owned(), Some("Used - Like New".to_owned())),
            ("ebay".to_owned(), Some("1500".to_owned())),
            ("ctia_functional".to_owned(), Some("0".to_owned())),
            ("ctia_cosmetic".to_owned(), Some("B".to_owned())),
        ]
    );
    assert_eq!(
        el.external_values("X", &BTreeMap::new())[0],
        ("amazon".to_owned(), None)
    );
}

/// Each bad set is refused, and the message names the field and the problem.
#[test]
fn bad_sets_are_refused_with_the_reason() {
    let good: serde_json::Value = serde_json::from_str(DEMO_SETS_JSON[0].1).expect("electronics JSON");
    type Change = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(&str, Change, &str)> = vec![
        ("not json", Box::new(|_| {}), "not valid JSON"),
        (
            "version 0",
            Box::new(|v| v["version"] = 0.into()),
            "`version`: versions count from 1",
        ),
        (
            "unknown axis",
            Box::new(|v| v["axes"][0]["name"] = "smell".into()),
            "`axes[0].name`: unknown axis \"smell\"",
        ),
        (
            "grade off the scale",
            Box::new(|v| v["checklist"][0]["fail"]["grade"] = "E".into()),
            "`checklist[0].fail.grade`: \"E\" is not on the scale",
        ),
        (
            "axis value off the scale",
            Box::new(|v| v["checklist"][1]["fail"]["axes"]["cosmetic"] = "shiny".into()),
            "`checklist[1].fail.axes.cosmetic`: \"shiny\" is not on the scale",
        ),
        (
            "not worst first",
            Box::new(|v| v["checklist"][0]["fail"]["grade"] = "A".into()),
            "`checklist[1].fail.grade`: the checklist is worst first",
        ),
        (
            "missing translation",
            Box::new(|v| {
                v["checklist"][2]["text"]
                    .as_object_mut()
                    .expect("text")
                    .remove("ro");
            }),
            "`checklist[2].text`: no text in \"ro\"",
        ),
        (
            "axis value without words",
            Box::new(|v| {
                v["axes"][1]["values"]
                    .as_object_mut()
                    .expect("values")
                    .remove("broken");
            }),
            "`axes[1].values`: no text for the value \"broken\"",
        ),
        (
            "repeated question",
            Box::new(|v| v["checklist"][1]["id"] = "dead".into()),
            "`checklist[1].id`: \"dead\" is empty or repeated",
        ),
        (
            "defect code not barcode-safe",
            Box::new(|v| v["defects"][0]["code"] = "scratch on screen".into()),
            "`defects[0].code`",
        ),
        (
            "external map incomplete",
            Box::new(|v| {
                v["external"][0]["map"].as_object_mut().expect("map").remove("B");
            }),
            "`external[0].map`: amazon has no value for \"B\"",
        ),
        (
            "external by unknown axis",
            Box::new(|v| v["external"][2]["by"] = "hygiene".into()),
            "`external[2].by`",
        ),
        (
            "no reasons",
            Box::new(|v| v["reasons"] = serde_json::json!([])),
            "`reasons`",
        ),
        (
            "unknown field",
            Box::new(|v| v["colour"] = "red".into()),
            "unknown field `colour`",
        ),
        (
            "categories and fallback",
            Box::new(|v| v["fallback"] = true.into()),
            "`categories`",
        ),
        (
            "no grade unused",
            Box::new(|v| v["unused_grades"] = serde_json::json!([])),
            "`unused_grades`: [] are not the best grades of the scale",
        ),
        (
            "unused grades not the best",
            Box::new(|v| v["unused_grades"] = serde_json::json!(["A"])),
            "`unused_grades`: [\"A\"] are not the best grades of the scale",
        ),
        (
            "unused grades out of order",
            Box::new(|v| v["unused_grades"] = serde_json::json!(["A", "new-unopened"])),
            "`unused_grades`",
        ),
        (
            "unused grade off the scale",
            Box::new(|v| v["unused_grades"] = serde_json::json!(["mint"])),
            "`unused_grades`",
        ),
        (
            "every grade unused",
            Box::new(|v| v["unused_grades"] = serde_json::json!(["new-unopened", "A", "B", "C", "D", "X"])),
            "with at least one grade below them",
        ),
    ];
    for (name, change, expect) in cases {
        let text = if name == "not json" {
            "{\"id\": \"electronics\",".to_owned()
        } else {
            let mut v = good.clone();
            change(&mut v);
            v.to_string()
        };
        match GradingSet::from_json(&text) {
            Ok(_) => panic!("{name}: accepted"),
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.contains(expect), "{name}: {msg:?} lacks {expect:?}");
                let set = if name == "not json" {
                    "(unnamed)"
                } else {
                    "electronics"
                };
                assert!(msg.contains(set), "{name}: {msg:?} does not name the set");
            }
        }
    }
}

#[test]
fn collections_need_one_fallback_and_no_shared_category() {
    let el = GradingSet::from_json(DEMO_SETS_JSON[0].1).expect("el");
    let err = GradingSets::new(vec![el.clone()]).expect_err("no fallback");
    assert!(err.to_string().contains("exactly one fallback"), "{err}");
    let gen = GradingSet::from_json(DEMO_SETS_JSON[3].1).expect("general");
    let mut el2 = el.clone();
    el2.id = "electronics-2".into();
    let err = GradingSets::new(vec![el, el2, gen]).expect_err("shared category");
    assert!(err.to_string().contains("graded by both"), "{err}");
    let err = load_sets([("x.json", "[]")]).expect_err("not an object");
    assert!(err.to_string().contains("x.json"), "{err}");
}

#[test]
fn undo_is_dropping_the_last_step() {
    let sets = demo_sets();
    let set = sets.by_id("home").expect("home");
    let steps = vec![Step::Ok, Step::Fail];
    let after = evaluate(set, &steps).expect("ok");
    assert_eq!(after.grade.as_deref(), Some("D"));
    let undone = evaluate(set, &steps[..1]).expect("ok");
    assert_eq!(undone.grade, None);
    assert_eq!(undone.question, Some(1));
}

/// "Used" is what a set's scale says: its `unused_grades`, the best of the scale, are unused,
/// every grade below them used. (A late return of a used unit is a fraud signal.)
#[test]
fn used_is_what_the_sets_scale_says() {
    let sets = demo_sets();
    let mut cases = Vec::new();
    for set in ["electronics", "apparel", "home", "general"] {
        for (grade, used) in [
            ("new-unopened", Some(false)),
            ("A", Some(false)),
            ("B", Some(true)),
            ("C", Some(true)),
            ("D", Some(true)),
            ("X", Some(true)),
            ("mint", None),
            ("", None),
        ] {
            cases.push((set, grade, used));
        }
    }
    for (set, grade, used) in cases {
        let set = sets.by_id(set).expect("demo set");
        assert_eq!(set.is_used(grade), used, "{} {grade:?}", set.id);
    }
    // The real sets say what Redock always counted as unused.
    for set in sets.all() {
        assert_eq!(set.unused_grades, DEFAULT_UNUSED_GRADES, "{}", set.id);
    }
}

/// A set that does not say: on the default scale its two best grades are unused (as before the
/// sets said so), on a scale of its own only its best.
#[test]
fn unused_grades_default_to_the_best_of_the_scale() {
    let electronics: serde_json::Value = serde_json::from_str(DEMO_SETS_JSON[0].1).expect("electronics JSON");
    let with = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut v = electronics.clone();
        change(&mut v);
        GradingSet::from_json(&v.to_string()).expect("a valid set")
    };
    let used = |set: &GradingSet| -> Vec<String> {
        set.grades
            .iter()
            .map(|g| {
                format!(
                    "{g}:{}",
                    if set.is_used(g) == Some(true) {
                        "used"
                    } else {
                        "unused"
                    }
                )
            })
            .collect()
    };
    let default_scale = with(&|v| {
        v.as_object_mut().expect("object").remove("unused_grades");
    });
    assert_eq!(
        used(&default_scale),
        [
            "new-unopened:unused",
            "A:unused",
            "B:used",
            "C:used",
            "D:used",
            "X:used"
        ]
    );
    let own_scale = with(&|v| {
        v.as_object_mut().expect("object").remove("unused_grades");
        v["grades"] = serde_json::json!(crate::disposition::DEFAULT_GRADES);
    });
    assert_eq!(
        used(&own_scale),
        [
            "new-unopened:unused",
            "A:used",
            "B:used",
            "C:used",
            "D:used",
            "X:used"
        ]
    );
    let three = with(&|v| v["unused_grades"] = serde_json::json!(["new-unopened", "A", "B"]));
    assert_eq!(
        used(&three),
        [
            "new-unopened:unused",
            "A:unused",
            "B:unused",
            "C:used",
            "D:used",
            "X:used"
        ]
    );
}
