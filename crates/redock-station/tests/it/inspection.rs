//! Inspection and disposition at the desk, driven by scans only, as an inspector with a scanner
//! and the station sheet would.

use redock_domain::disposition::{reason_key, Arg, Channel, Explanation, FraudFlag, Refund};
use redock_station::events::{DecidedBy, RefundDecided, RefundKind};
use redock_station::inspect::{InspectionAction, InspectionOutcome};
use redock_station::{projection, ScanOutcome, ScanSource, Session, Station, StationError};

// Keyed in (F-keys, typing): a scanner's double-read window does not apply, so the same code
// twice at the test's standing clock is two reads (double reads: tests/it/receiving.rs).
fn scan(st: &Station, s: &Session, code: &str) -> ScanOutcome {
    st.scan(s, code, ScanSource::Manual)
        .unwrap_or_else(|e| panic!("{code}: {e} ({})", e.code()))
}

fn insp(o: &ScanOutcome) -> &InspectionOutcome {
    o.inspection
        .as_ref()
        .unwrap_or_else(|| panic!("{} did nothing for inspection", o.code.text))
}

fn keys(e: &[Explanation]) -> Vec<&str> {
    e.iter().map(|e| e.key.as_str()).collect()
}

/// The rule a sentence is about, by its reason's message id.
fn rule_word(e: &Explanation) -> Option<String> {
    match e.args.get("rule") {
        Some(Arg::Word { key, .. }) => Some(key.clone()),
        _ => None,
    }
}

fn refused(st: &Station, s: &Session, code: &str) -> StationError {
    let before = st.status().unwrap().events_total;
    let e = st
        .scan(s, code, ScanSource::Manual)
        .expect_err("the desk should refuse this");
    assert_eq!(
        st.status().unwrap().events_total,
        before,
        "{code}: a refused answer records nothing"
    );
    e
}

const HEADPHONES: &str = "(01)05901234123457(21)HP200-00017";
const PHONE_WRONG_SERIAL: &str = "]d2010460123456789321356938035643800";
const CASE: &str = "96385074";

#[test]
fn a_clean_unit_takes_three_scans() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    scan(st, &s, "1Z999AA10123456784");

    // 1: the product. It is received and its inspection starts at the worst question.
    let first = scan(st, &s, HEADPHONES);
    let o = insp(&first);
    assert_eq!(o.action, Some(InspectionAction::Started));
    let view = o.inspection.as_ref().unwrap();
    let lpn = view.lpn.clone();
    assert_eq!(
        first.receiving.as_ref().unwrap().lpn.as_deref(),
        Some(lpn.as_str())
    );
    assert_eq!(
        (
            view.grading_set.as_str(),
            view.question.as_ref().unwrap().id.as_str()
        ),
        ("electronics", "dead")
    );
    assert_eq!(
        view.question.as_ref().unwrap().text,
        "Does it fail to power on or start?"
    );
    assert_eq!(view.stated_reason.as_deref(), Some("defective"));

    // 2: "pass" on the station sheet.
    t.clock.advance(time::Duration::seconds(20));
    let pass = scan(st, &s, "CMD:PASS");
    let v = insp(&pass).inspection.as_ref().unwrap();
    assert_eq!(v.grade.as_deref(), Some("new-unopened"));
    assert!(v.question.is_none());
    assert!(v
        .external
        .iter()
        .any(|e| e.scale == "amazon" && e.value.as_deref() == Some("New")));

    // A misread or unknown code in between saves nothing.
    for noise in ["5901234123458", "HELLO-42"] {
        let out = scan(st, &s, noise);
        assert!(out.inspection.is_none_or(|i| i.decision.is_none()), "{noise}");
    }
    // 3: the next product saves the graded unit, decides, and starts the next inspection.
    t.clock.advance(time::Duration::seconds(25));
    let next = scan(st, &s, CASE);
    let o = insp(&next);
    let d = o.decision.as_ref().expect("the headphones were decided");
    assert_eq!(d.lpn, lpn);
    // Loyal customer, new and within the window: back on the shelf.
    assert_eq!(d.channel, Channel::Restock, "{}", d.trace);
    assert_eq!(d.decided_by, DecidedBy::Rule);
    assert!(d.rule.as_deref().unwrap().starts_with("demo@2#"), "{:?}", d.rule);
    assert_eq!(d.destination.as_deref(), Some("BIN-RS"));
    // Clean and inside the window: the whole price back (the headphones are € 89.99).
    assert_eq!(
        d.refund,
        Some(RefundDecided {
            kind: RefundKind::Full,
            fee_bp: None,
            amount_minor: Some(8999)
        })
    );
    assert!(d.recovery_minor.unwrap() > 0);
    assert_eq!(d.handle_ms, 45_000, "first scan of the unit → inspection saved");
    // The trace explains: the row, the inputs, every channel's value.
    let trace: serde_json::Value = serde_json::from_str(&d.trace).unwrap();
    assert_eq!(trace["input"]["grade"], "new-unopened");
    assert_eq!(trace["input"]["tier"], "loyal");
    assert!(trace["recovery"].as_array().unwrap().len() >= 7);
    // Why, in sentences: the row that fired by its reason, then each earlier row; the same
    // sentences when the decision is read again.
    let first = &d.explanation[0];
    assert_eq!(
        (first.key.as_str(), first.row, rule_word(first)),
        (
            "explain-decided",
            trace["row"].as_u64().map(|r| r as u32),
            Some(reason_key(&d.reason))
        )
    );
    let skipped: Vec<Option<u32>> = d
        .explanation
        .iter()
        .filter(|e| e.key.starts_with("explain-skipped"))
        .map(|e| e.row)
        .collect();
    let missed = trace["missed"].as_array().unwrap();
    assert_eq!(skipped.len(), missed.len());
    assert_eq!(skipped[0], Some(1));
    assert_eq!(st.decision(&lpn).unwrap().unwrap().explanation, d.explanation);
    assert_eq!(o.action, Some(InspectionAction::Started));
    assert_ne!(
        o.inspection.as_ref().unwrap().lpn,
        lpn,
        "the case is inspected next"
    );

    let c = st.store().lock_writer();
    let (status, grade, disposition): (String, String, String) = c
        .query_row(
            "SELECT status, grade, disposition FROM unit WHERE lpn = ?1",
            [&lpn],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), grade.as_str(), disposition.as_str()),
        ("decided", "new-unopened", "restock")
    );
    let kinds: Vec<String> = c
        .prepare("SELECT kind FROM events WHERE payload LIKE '%' || ?1 || '%' ORDER BY seq")
        .unwrap()
        .query_map([&lpn], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let tail: Vec<&str> = kinds
        .iter()
        .map(String::as_str)
        .filter(|k| *k != "scanned")
        .collect();
    assert_eq!(
        tail,
        [
            "unit_received",
            "inspection_started",
            "inspection_step",
            "inspected",
            "decided",
            "print_queued"
        ]
    );
    let (handle, set, version): (i64, String, i64) = c
        .query_row(
            "SELECT handle_ms, grading_set, grading_version FROM inspection WHERE lpn = ?1",
            [&lpn],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((handle, set.as_str(), version), (45_000, "electronics", 1));
}

#[test]
fn answers_undo_defects_reasons_and_a_hold_for_fraud() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    scan(st, &s, "1Z999AA10123456784");
    let phone = scan(st, &s, PHONE_WRONG_SERIAL);
    let lpn = insp(&phone).inspection.as_ref().unwrap().lpn.clone();

    let q = |o: &ScanOutcome| {
        insp(o)
            .inspection
            .as_ref()
            .unwrap()
            .question
            .as_ref()
            .map(|q| q.id.clone())
    };
    assert_eq!(q(&scan(st, &s, "CMD:OK")).as_deref(), Some("broken"));
    let failed = scan(st, &s, "CMD:FAIL");
    assert_eq!(
        insp(&failed).inspection.as_ref().unwrap().grade.as_deref(),
        Some("D")
    );
    // Once settled, more answers are refused (with a code the screen translates).
    assert_eq!(refused(st, &s, "CMD:OK").code(), "inspection.already_settled");
    let undone = scan(st, &s, "CMD:UNDO");
    assert_eq!(insp(&undone).action, Some(InspectionAction::Undone));
    assert_eq!(q(&undone).as_deref(), Some("broken"));
    // Having passed "does it power on", the inspector cannot call it scrap without undoing.
    assert_eq!(refused(st, &s, "CMD:GRADE:X").code(), "inspection.contradicts");
    assert_eq!(refused(st, &s, "CMD:GRADE:Q").code(), "inspection.unknown_grade");
    assert_eq!(refused(st, &s, "CMD:NEXT").code(), "inspection.not_graded");
    scan(st, &s, "CMD:GRADE:B");
    let dent = scan(st, &s, "CMD:DEFECT:DENT");
    let v = insp(&dent).inspection.as_ref().unwrap();
    assert_eq!(v.grade.as_deref(), Some("C"), "a dent caps the grade at C");
    assert_eq!(v.defects[0].text, "Dent in the housing");
    assert_eq!(
        refused(st, &s, "CMD:DEFECT:DENT").code(),
        "inspection.defect_twice"
    );
    assert_eq!(
        refused(st, &s, "CMD:DEFECT:STAIN").code(),
        "inspection.unknown_defect"
    );
    assert_eq!(
        refused(st, &s, "CMD:REASON:WRONG_SIZE").code(),
        "inspection.unknown_reason"
    );
    let reason = scan(st, &s, "CMD:REASON:CUSTOMER_DAMAGE");
    assert_eq!(
        insp(&reason)
            .inspection
            .as_ref()
            .unwrap()
            .reason
            .as_ref()
            .unwrap()
            .text,
        "Damaged by the customer"
    );
    let saved = scan(st, &s, "CMD:NEXT");
    let d = insp(&saved).decision.as_ref().unwrap();
    // The serial returned is not the serial sold: held for a supervisor, whatever the grade.
    assert_eq!(d.channel, Channel::Hold, "{}", d.trace);
    assert!(d.flags.contains(&FraudFlag::SerialMismatch));
    assert_eq!(
        d.refund.map(|r| (r.kind, r.amount_minor)),
        Some((RefundKind::Review, None))
    );
    assert_eq!(
        (d.explanation[0].key.as_str(), rule_word(&d.explanation[0])),
        ("explain-decided", Some("reason-fraud-suspected".to_owned()))
    );
    assert!(
        insp(&saved).inspection.is_none(),
        "nothing else is being inspected"
    );

    // The supervisors' queue; inspectors cannot see or override it.
    assert_eq!(st.holds(&s).unwrap_err().code(), "auth.forbidden");
    assert_eq!(
        st.override_disposition(&s, &lpn, Channel::Refurbish, None, "checked")
            .unwrap_err()
            .code(),
        "auth.forbidden"
    );
    let sup = st.login("BADGE-0003", "3456").unwrap();
    t.clock.advance(time::Duration::minutes(90));
    let holds = st.holds(&sup).unwrap();
    assert_eq!(holds.len(), 1);
    assert_eq!(
        (holds[0].decision.lpn.as_str(), holds[0].age_minutes),
        (lpn.as_str(), 90)
    );
    assert_eq!(
        st.override_disposition(&sup, &lpn, Channel::Refurbish, None, "  ")
            .unwrap_err()
            .code(),
        "disposition.reason_required"
    );
    // A fee a refund cannot carry is refused, nothing written.
    for fee_bp in [0, 10_000, 15_000] {
        assert_eq!(
            st.override_disposition(
                &sup,
                &lpn,
                Channel::Refurbish,
                Some(Refund::Partial { fee_bp }),
                "fee"
            )
            .unwrap_err()
            .code(),
            "disposition.refund_invalid"
        );
    }
    let over = st
        .override_disposition(
            &sup,
            &lpn,
            Channel::Refurbish,
            Some(Refund::Partial { fee_bp: 1000 }),
            "serial typo on the invoice, checked with the shop",
        )
        .unwrap();
    assert_eq!(
        (over.channel, over.decided_by),
        (Channel::Refurbish, DecidedBy::Person)
    );
    // The supervisor's refund: the price less 10 % (of € 549.00, € 54.90).
    assert_eq!(
        over.refund,
        Some(RefundDecided {
            kind: RefundKind::Partial,
            fee_bp: Some(1000),
            amount_minor: Some(49410)
        })
    );
    assert_eq!(over.supersedes.as_deref(), Some(d.disposition_id.as_str()));
    assert_eq!(
        keys(&over.explanation),
        ["reason-override", "explain-override-was"]
    );
    assert!(matches!(&over.explanation[1].args["channel"],
        Arg::Word { key, .. } if key == "decision-channel-hold"));
    assert!(st.holds(&sup).unwrap().is_empty());
    // Overriding again without a refund keeps the one decided.
    let again = st
        .override_disposition(
            &sup,
            &lpn,
            Channel::Liquidate,
            None,
            "refurbishing costs more than it is worth",
        )
        .unwrap();
    assert_eq!(again.refund, over.refund);
    // Every decision stays; each later one supersedes the one before.
    let history = st.decision_history(&lpn).unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(
        history.iter().map(|h| h.channel).collect::<Vec<_>>(),
        [Channel::Hold, Channel::Refurbish, Channel::Liquidate]
    );
    assert_eq!(
        history[1].supersedes.as_deref(),
        Some(history[0].disposition_id.as_str())
    );
    assert_eq!(st.decision(&lpn).unwrap().unwrap().channel, Channel::Liquidate);

    let mut c = st.store().lock_writer();
    let before = projection::snapshot(&c).unwrap();
    projection::rebuild(&mut c).unwrap();
    assert_eq!(before, projection::snapshot(&c).unwrap());
    assert!(before.contains("## disposition (3)"), "{before}");
}

#[test]
fn commands_with_no_unit_and_a_held_inspection_by_the_inspector() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    assert_eq!(refused(st, &s, "CMD:PASS").code(), "inspection.no_unit");
    assert_eq!(refused(st, &s, "CMD:UNDO").code(), "inspection.no_unit");
    scan(st, &s, "1Z999AA10123456784");
    scan(st, &s, HEADPHONES);
    assert_eq!(refused(st, &s, "CMD:UNDO").code(), "inspection.nothing_to_undo");
    let photo = scan(st, &s, "CMD:PHOTO");
    assert_eq!(insp(&photo).action, Some(InspectionAction::PhotoRequested));
    let v = st.attach_photo(&s, &"ab".repeat(32)).unwrap();
    assert_eq!(v.photos.len(), 1);
    assert_eq!(
        st.attach_photo(&s, &"ab".repeat(32)).unwrap_err().code(),
        "inspection.photo_twice"
    );
    scan(st, &s, "CMD:HOLD");
    scan(st, &s, "CMD:GRADE:A");
    let d = insp(&scan(st, &s, "CMD:NEXT")).decision.clone().unwrap();
    // The inspector's hold wins; the rules' answer stays in the trace for the supervisor.
    assert_eq!(
        (d.channel, d.decided_by, d.reason.as_str()),
        (Channel::Hold, DecidedBy::Person, "inspector_hold")
    );
    let trace: serde_json::Value = serde_json::from_str(&d.trace).unwrap();
    assert!(trace["row"].as_u64().is_some(), "the rules' row is kept: {trace}");
    assert_eq!(trace["input"]["grade"], "A");
    // The hold first, then what the rules would have done and why.
    assert_eq!(
        keys(&d.explanation)[..3],
        ["reason-inspector-hold", "explain-rules-would", "explain-decided"]
    );
    assert_eq!(d.explanation[2].row, trace["row"].as_u64().map(|r| r as u32));
    let c = st.store().lock_writer();
    let photos: String = c
        .query_row("SELECT photos FROM inspection WHERE lpn = ?1", [&d.lpn], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(photos.contains(&"ab".repeat(32)));
}

#[test]
fn an_unfinished_inspection_waits_and_resumes_by_its_lpn_even_after_a_restart() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    scan(st, &s, "1Z999AA10123456784");
    let hp = scan(st, &s, HEADPHONES);
    let hp_lpn = insp(&hp).inspection.as_ref().unwrap().lpn.clone();
    scan(st, &s, "CMD:OK");
    // Not graded: the next product leaves it waiting, nothing is decided.
    let case = scan(st, &s, CASE);
    assert!(insp(&case).decision.is_none());
    let case_lpn = insp(&case).inspection.as_ref().unwrap().lpn.clone();
    drop(s);
    let db = t.db();
    let TestStationParts { dir, clock } = split(t);

    // The station restarts: nothing of the answers is lost.
    let st = Station::open(&db, clock, redock_domain::CodeConfig::demo()).unwrap();
    let s = crate::inspector(&st);
    assert_eq!(st.current_inspection(&s).unwrap().unwrap().lpn, case_lpn);
    let resumed = scan(&st, &s, &hp_lpn);
    let o = insp(&resumed);
    assert_eq!(o.action, Some(InspectionAction::Resumed));
    let v = o.inspection.as_ref().unwrap();
    assert_eq!((v.lpn.as_str(), v.steps), (hp_lpn.as_str(), 1));
    assert_eq!(v.question.as_ref().unwrap().id, "broken");
    scan(&st, &s, "CMD:PASS");
    let d = insp(&scan(&st, &s, "CMD:NEXT")).decision.clone().unwrap();
    assert_eq!(d.lpn, hp_lpn);
    // A decided unit's LPN shows its decision.
    let again = scan(&st, &s, &hp_lpn);
    assert_eq!(
        insp(&again).decision.as_ref().unwrap().disposition_id,
        d.disposition_id
    );
    // Exported with the external scales, for supervisors only.
    assert_eq!(
        st.export_inspections(&s, Vec::new()).unwrap_err().code(),
        "auth.forbidden"
    );
    let sup = st.login("BADGE-0003", "3456").unwrap();
    let mut csv = Vec::new();
    assert_eq!(st.export_inspections(&sup, &mut csv).unwrap(), 1);
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().contains("grade,axes,defects"), "{csv}");
    let row = lines.next().unwrap();
    assert!(row.contains(&hp_lpn) && row.contains(",New,1000,0,A,"), "{row}");
    let s = st.login("BADGE-0005", "1111").unwrap();
    let day = st.inspector_day(&s).unwrap();
    assert_eq!(day.units_today, 1);
    assert!(day.units_per_hour > 0.0);
    drop(dir);
}

struct TestStationParts {
    dir: tempfile::TempDir,
    clock: std::sync::Arc<redock_station::clock::FixedClock>,
}

fn split(t: crate::TestStation) -> TestStationParts {
    TestStationParts {
        dir: t.dir,
        clock: t.clock,
    }
}

#[test]
fn questions_follow_the_operators_language() {
    let t = crate::demo_station();
    let st = &t.station;
    // BADGE-0003 is a supervisor who speaks Norwegian.
    let sup = st.login("BADGE-0003", "3456").unwrap();
    scan(st, &sup, "RR123456785PL");
    let jacket = scan(st, &sup, "(01)05012345678900");
    let v = insp(&jacket).inspection.clone();
    let Some(v) = v else {
        panic!("the jacket was not received: {:?}", jacket.code)
    };
    assert_eq!(v.grading_set, "apparel");
    assert_eq!(v.question.unwrap().text, "Flekket, skitten eller lukter brukt?");
}

#[test]
fn a_unit_no_expected_return_names_is_held_and_says_so() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    // A parcel no RMA names, and a product in it: nothing to judge the return window by.
    scan(st, &s, "EE123456785NO");
    scan(st, &s, "5901234123457");
    scan(st, &s, "CMD:GRADE:A");
    let d = insp(&scan(st, &s, "CMD:NEXT")).decision.clone().unwrap();
    assert_eq!(
        (d.channel, d.reason.as_str()),
        (Channel::Hold, "no_expected_return")
    );
    assert_eq!(keys(&d.explanation), ["reason-no-expected-return"]);
    // Kept with the decision (in the event's trace), not made up when it is read.
    let trace: serde_json::Value = serde_json::from_str(&d.trace).unwrap();
    assert_eq!(trace["explanation"][0]["key"], "reason-no-expected-return");
    assert_eq!(st.decision(&d.lpn).unwrap().unwrap().explanation, d.explanation);
}
