//! What an ordinary day at a real dock does to the desk: double reads and re-scans, units left
//! ungraded, settings this version cannot read, the site's own calendar.

use redock_domain::receiving::ExceptionKind;
use redock_station::receiving::{ReceivingAction, RepeatKind};
use redock_station::settings::{ReceivingSettings, SiteSettings};
use redock_station::{projection, ScanOutcome, ScanSource, Session, Station};
use time::macros::datetime;
use time::Duration;

const PARCEL: &str = "1Z999AA10123456784"; // RMA-100001 (headphones, phone) and RMA-100002 (two cases)
const HEADPHONES: &str = "(01)05901234123457(21)HP200-00017";
const CASE: &str = "96385074";

fn wedge(st: &Station, s: &Session, code: &str) -> ScanOutcome {
    st.scan(s, code, ScanSource::Wedge)
        .unwrap_or_else(|e| panic!("{code}: {e}"))
}

fn events(st: &Station) -> i64 {
    st.status().unwrap().events_total
}

fn count(st: &Station, sql: &str) -> i64 {
    st.store().read(|c| c.query_row(sql, [], |r| r.get(0))).unwrap()
}

fn assert_rebuilds(st: &Station) {
    let mut c = st.store().lock_writer();
    let before = projection::snapshot(&c).unwrap();
    projection::rebuild(&mut c).unwrap();
    assert_eq!(projection::snapshot(&c).unwrap(), before);
}

#[test]
fn the_open_parcels_label_scanned_again_is_already_open_and_closes_nothing() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    assert_eq!(
        wedge(st, &s, PARCEL).receiving.unwrap().action,
        ReceivingAction::Opened
    );
    t.clock.advance(Duration::seconds(5));
    wedge(st, &s, HEADPHONES);
    t.clock.advance(Duration::seconds(5));

    let before = events(st);
    let again = wedge(st, &s, PARCEL);
    let r = again.repeated.expect("the parcel on the desk, read again");
    assert_eq!(r.kind, RepeatKind::ParcelOpen);
    assert!(again.receiving.is_none() && again.parked.is_none());
    assert_eq!(events(st), before + 1, "the scan itself and nothing else");
    assert_eq!(count(st, "SELECT count(*) FROM parcel"), 1);
    assert_eq!(
        count(st, "SELECT count(*) FROM parcel WHERE closed_at IS NULL"),
        1
    );
    assert_eq!(
        count(
            st,
            "SELECT count(*) FROM receiving_exception WHERE kind = 'missing_item'"
        ),
        0
    );
    // The headphones are still the unit on the desk, their inspection untouched.
    let on_desk = again.inspection.unwrap().inspection.unwrap();
    assert_eq!(on_desk.sku.as_deref(), Some("EL-HP-200"));

    // The return label of an RMA the parcel already has: the same.
    let before = events(st);
    let rma = wedge(st, &s, "RMA-100002");
    assert_eq!(rma.repeated.unwrap().kind, RepeatKind::RmaOnParcel);
    assert_eq!(events(st), before + 1);

    // A parcel closes by CMD:CLOSE or another parcel's label, and then the label opens a new one.
    let closed = wedge(st, &s, "CMD:CLOSE").receiving.unwrap();
    assert_eq!(closed.action, ReceivingAction::Closed);
    t.clock.advance(Duration::seconds(5));
    let reopened = wedge(st, &s, PARCEL);
    assert!(reopened.repeated.is_none());
    assert_eq!(reopened.receiving.unwrap().action, ReceivingAction::Opened);
    assert_rebuilds(st);
}

#[test]
fn a_serialised_unit_read_again_is_the_same_unit_whenever_it_is_read() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    wedge(st, &s, PARCEL);
    let first = wedge(st, &s, HEADPHONES).receiving.unwrap().lpn.unwrap();
    // A double read, then the inspector scanning the label again a minute later to be sure.
    for wait in [Duration::milliseconds(80), Duration::minutes(1)] {
        t.clock.advance(wait);
        let before = events(st);
        let again = wedge(st, &s, HEADPHONES);
        let r = again.repeated.expect("the same serial is the same unit");
        assert_eq!(
            (r.kind, r.lpn.as_deref()),
            (RepeatKind::UnitReceived, Some(first.as_str()))
        );
        assert_eq!(events(st), before + 1);
    }
    // Also typed in by hand: a serial names one unit.
    let typed = st.scan(&s, HEADPHONES, ScanSource::Manual).unwrap();
    assert_eq!(typed.repeated.unwrap().kind, RepeatKind::UnitReceived);
    assert_eq!(count(st, "SELECT count(*) FROM unit"), 1);
    assert_eq!(
        count(
            st,
            "SELECT received FROM rma_line WHERE rma = 'RMA-100001' AND line_no = 1"
        ),
        1
    );
    assert_eq!(
        count(
            st,
            "SELECT count(*) FROM receiving_exception WHERE kind = 'extra_item'"
        ),
        0
    );
}

#[test]
fn a_double_read_within_the_window_is_one_read_and_a_later_one_is_another_unit() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    wedge(st, &s, PARCEL);
    t.clock.advance(Duration::seconds(3));
    let first = wedge(st, &s, CASE).receiving.unwrap().lpn.unwrap();
    t.clock.advance(Duration::milliseconds(300));
    let double = wedge(st, &s, CASE);
    assert_eq!(
        double.repeated.map(|r| (r.kind, r.lpn)),
        Some((RepeatKind::UnitReceived, Some(first.clone())))
    );
    assert_eq!(count(st, "SELECT count(*) FROM unit"), 1);

    // Two seconds on it is the second case of the RMA (two were expected), not a double read.
    t.clock.advance(Duration::seconds(2));
    let second = wedge(st, &s, CASE);
    assert!(second.repeated.is_none());
    assert_ne!(second.receiving.unwrap().lpn, Some(first));
    assert_eq!(count(st, "SELECT count(*) FROM unit"), 2);

    // A person keying the same code twice means it: no double-read window for the keyboard.
    let again = st.scan(&s, CASE, ScanSource::Manual).unwrap();
    assert!(again.repeated.is_none());
    assert_eq!(count(st, "SELECT count(*) FROM unit"), 3);
    assert_rebuilds(st);
}

#[test]
fn a_command_read_twice_by_the_scanner_answers_once_and_the_window_is_a_setting() {
    let t = crate::demo_station();
    let (st, mut s) = (&t.station, crate::inspector(&t.station));
    wedge(st, &s, PARCEL);
    t.clock.advance(Duration::seconds(2));
    wedge(st, &s, "]d2010460123456789321356938035643809"); // the phone: several questions
    t.clock.advance(Duration::seconds(2));
    let ok = wedge(st, &s, "CMD:OK");
    let steps = |o: &ScanOutcome| o.inspection.as_ref().unwrap().inspection.as_ref().unwrap().steps;
    assert_eq!(steps(&ok), 1);
    t.clock.advance(Duration::milliseconds(150));
    let double = wedge(st, &s, "CMD:OK");
    assert_eq!(double.repeated.as_ref().unwrap().kind, RepeatKind::DoubleRead);
    assert_eq!(steps(&double), 1, "one answer");

    // The LPN of the unit on the desk: already there, its inspection not restarted.
    let lpn = ok.inspection.unwrap().inspection.unwrap().lpn;
    t.clock.advance(Duration::seconds(2));
    let before = events(st);
    let on_desk = wedge(st, &s, &lpn);
    assert_eq!(on_desk.repeated.unwrap().kind, RepeatKind::UnitOnDesk);
    assert_eq!(events(st), before + 1);

    // With the window set to nothing, two reads are two answers.
    let supervisor = st.login("BADGE-0003", "3456").unwrap();
    let off = ReceivingSettings {
        debounce_ms: 0,
        ..ReceivingSettings::default()
    };
    st.set_receiving_settings(&supervisor, &off).unwrap();
    s = crate::inspector(st);
    wedge(st, &s, "CMD:OK");
    let again = wedge(st, &s, "CMD:OK");
    assert!(again.repeated.is_none());
    assert_eq!(steps(&again), 3);
    let refused = st
        .set_receiving_settings(
            &s,
            &ReceivingSettings {
                debounce_ms: 500,
                ..off
            },
        )
        .unwrap_err();
    assert_eq!(refused.code(), "auth.forbidden");
}

#[test]
fn an_ungraded_unit_the_desk_moves_on_from_waits_labelled_until_its_lpn_is_scanned() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    wedge(st, &s, PARCEL);
    t.clock.advance(Duration::seconds(2));
    let headphones = wedge(st, &s, HEADPHONES).receiving.unwrap().lpn.unwrap();
    t.clock.advance(Duration::seconds(2));
    // The next product with the headphones ungraded: they are parked, with their label.
    let case = wedge(st, &s, CASE);
    assert_eq!(case.parked.as_deref(), Some(headphones.as_str()));
    let case_lpn = case.receiving.unwrap().lpn.unwrap();
    assert_eq!(case.inspection.unwrap().inspection.unwrap().lpn, case_lpn);
    let waiting = st.waiting_units().unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (
            waiting[0].lpn.as_str(),
            waiting[0].sku.as_deref(),
            waiting[0].parcel_code.as_deref()
        ),
        (headphones.as_str(), Some("EL-HP-200"), Some(PARCEL))
    );
    let (reason, template): (String, String) = st
        .store()
        .read(|c| {
            c.query_row(
                "SELECT reason, template FROM print_job WHERE lpn = ?1",
                [&headphones],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        })
        .unwrap();
    assert_eq!(
        (reason.as_str(), template.as_str()),
        ("waiting", "unit-receipt-2x1in")
    );
    let printed = st.print_pending().unwrap();
    assert_eq!(printed.len(), 1);
    let why: Option<String> = st
        .store()
        .read(|c| c.query_row("SELECT last_error FROM print_job", [], |r| r.get(0)))
        .unwrap();
    assert!(printed[0].ok, "{printed:?} {why:?}");

    // Grading and saving the case does not bring the headphones back as the unit on screen.
    t.clock.advance(Duration::seconds(2));
    wedge(st, &s, "CMD:GRADE:A");
    t.clock.advance(Duration::seconds(2));
    let saved = wedge(st, &s, "CMD:NEXT").inspection.unwrap();
    assert!(saved.decision.is_some());
    assert!(
        saved.inspection.is_none(),
        "{:?}",
        saved.inspection.map(|i| i.lpn)
    );
    assert!(st.current_inspection(&s).unwrap().is_none());

    // Only the headphones' LPN takes them up again, where they were left.
    t.clock.advance(Duration::seconds(2));
    let resumed = wedge(st, &s, &headphones).inspection.unwrap();
    assert_eq!(resumed.inspection.unwrap().lpn, headphones);
    assert!(st.waiting_units().unwrap().is_empty());

    // CMD:CLOSE with an ungraded unit on the desk: it is parked (no second label), and the
    // close says which units of the parcel wait.
    t.clock.advance(Duration::seconds(2));
    let close = wedge(st, &s, "CMD:CLOSE");
    assert_eq!(close.parked.as_deref(), Some(headphones.as_str()));
    assert_eq!(close.receiving.unwrap().waiting, vec![headphones.clone()]);
    assert_eq!(
        count(
            st,
            "SELECT count(*) FROM print_job WHERE reason IN ('waiting', 'received')"
        ),
        1
    );
    assert_rebuilds(st);
}

#[test]
fn with_label_every_unit_each_unit_is_labelled_as_it_is_received() {
    let t = crate::demo_station();
    let st = &t.station;
    let supervisor = st.login("BADGE-0003", "3456").unwrap();
    let every = ReceivingSettings {
        label_every_unit: true,
        ..ReceivingSettings::default()
    };
    st.set_receiving_settings(&supervisor, &every).unwrap();
    let s = crate::inspector(st);
    wedge(st, &s, PARCEL);
    for code in [HEADPHONES, CASE] {
        t.clock.advance(Duration::seconds(2));
        wedge(st, &s, code);
    }
    assert_eq!(
        count(st, "SELECT count(*) FROM print_job WHERE reason = 'received'"),
        2
    );
    // The headphones were parked by the case: already labelled, not labelled twice.
    assert_eq!(count(st, "SELECT count(*) FROM print_job"), 2);
    assert_eq!(st.waiting_units().unwrap().len(), 1);
    let labels = st.print_pending().unwrap();
    assert!(labels.iter().all(|r| r.ok), "{labels:?}");
}

#[test]
fn a_setting_this_version_cannot_read_is_reported_and_the_dock_goes_on_with_the_default() {
    let t = crate::demo_station();
    let st = &t.station;
    let supervisor = st.login("BADGE-0003", "3456").unwrap();
    // As a newer Redock (or a hand edit) might leave them.
    st.set_setting(
        &supervisor,
        "printer",
        serde_json::json!({"printer": {"kind": "hologram"}, "format": "pdf"}),
    )
    .unwrap();
    st.set_setting(&supervisor, "wedge", serde_json::json!({"max_gap_ms": "fast"}))
        .unwrap();
    st.set_setting(
        &supervisor,
        "site",
        serde_json::json!({"time_zone": "Mars/Olympus"}),
    )
    .unwrap();

    let problems = st.status().unwrap().setting_problems;
    let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["printer", "site", "wedge"], "{problems:?}");
    assert!(problems.iter().all(|p| !p.reason.is_empty()));
    assert_eq!(st.status().unwrap().time_zone, "UTC");

    // Scans go on, and the label goes to the embedded default (a folder beside the database).
    let s = crate::inspector(st);
    wedge(st, &s, PARCEL);
    t.clock.advance(Duration::seconds(2));
    wedge(st, &s, HEADPHONES);
    wedge(st, &s, "CMD:GRADE:A");
    assert!(wedge(st, &s, "CMD:NEXT").inspection.unwrap().decision.is_some());
    let printed = st.print_pending().unwrap();
    assert!(printed.iter().all(|r| r.ok), "{printed:?}");
    assert!(t.dir.path().join("labels").read_dir().unwrap().next().is_some());
    assert_eq!(st.wedge_settings().unwrap(), Default::default());

    // Fixed, it is no longer listed.
    let supervisor = st.login("BADGE-0003", "3456").unwrap();
    st.set_setting(&supervisor, "wedge", serde_json::json!(null))
        .unwrap();
    let keys: Vec<String> = st
        .status()
        .unwrap()
        .setting_problems
        .into_iter()
        .map(|p| p.key)
        .collect();
    assert_eq!(keys, ["printer", "site"]);
}

#[test]
fn fields_of_a_newer_version_are_kept_when_a_setting_is_saved_again() {
    let t = crate::demo_station();
    let st = &t.station;
    let supervisor = st.login("BADGE-0003", "3456").unwrap();
    let mut newer = serde_json::to_value(st.printer_settings().unwrap()).unwrap();
    newer["cut_after_each"] = true.into();
    newer["printer"]["fsync"] = false.into();
    st.set_setting(&supervisor, "printer", newer).unwrap();
    assert!(st.status().unwrap().setting_problems.is_empty());

    let mut mine = st.printer_settings().unwrap();
    mine.dpi = 300;
    st.set_printer_settings(&supervisor, &mine).unwrap();
    let stored = st.setting("printer").unwrap().unwrap();
    assert_eq!(stored["dpi"], 300);
    assert_eq!(stored["cut_after_each"], true);
    assert_eq!(stored["printer"]["fsync"], false);

    // Another kind of printer does not inherit the folder's unknown fields.
    mine.printer = redock_station::printers::PrinterConfig::Raw {
        host: "127.0.0.1".into(),
        port: 9100,
        timeout_ms: 1000,
    };
    st.set_printer_settings(&supervisor, &mine).unwrap();
    let stored = st.setting("printer").unwrap().unwrap();
    assert_eq!(stored["cut_after_each"], true);
    assert!(stored["printer"].get("fsync").is_none(), "{stored}");
}

#[test]
fn a_return_is_late_by_the_sites_calendar_not_by_utc() {
    // RMA-100001 was ordered on 2026-11-02 with a 30-day window: its last day is 2026-12-02.
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    assert_eq!(st.status().unwrap().time_zone, "Europe/Warsaw");
    let late = |at: time::OffsetDateTime| {
        *t.clock.0.lock().unwrap() = at;
        let opened = wedge(st, &s, PARCEL).receiving.unwrap();
        t.clock.advance(Duration::seconds(2));
        wedge(st, &s, "CMD:CLOSE");
        opened.new_exceptions.contains(&ExceptionKind::LateReturn)
    };
    // 00:30 in Warsaw on the last day (23:30 UTC the day before): in time.
    assert!(!late(datetime!(2026-12-01 23:30 UTC)));
    // 23:30 in Warsaw on the last day: in time.
    assert!(!late(datetime!(2026-12-02 22:30 UTC)));
    // 00:30 in Warsaw the day after (still 2026-12-02 in UTC): late.
    assert!(late(datetime!(2026-12-02 23:30 UTC)));
}

#[test]
fn the_inspectors_day_and_the_labels_date_are_the_sites() {
    let t = crate::demo_station();
    let st = &t.station;
    let supervisor = st.login("BADGE-0003", "3456").unwrap();
    let mut zpl = st.printer_settings().unwrap();
    zpl.format = redock_station::printers::PrintFormat::Zpl;
    st.set_printer_settings(&supervisor, &zpl).unwrap();
    // Only an admin moves the site's clock.
    let e = st
        .set_site_settings(
            &supervisor,
            &SiteSettings {
                time_zone: "UTC".into(),
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), "auth.forbidden");
    let s = crate::inspector(st);
    let inspect = |at: time::OffsetDateTime, code: &str| {
        *t.clock.0.lock().unwrap() = at;
        wedge(st, &s, code);
        wedge(st, &s, "CMD:GRADE:A");
        t.clock.advance(Duration::seconds(30));
        let d = wedge(st, &s, "CMD:NEXT").inspection.unwrap().decision.unwrap();
        t.clock.advance(Duration::seconds(2));
        d.lpn
    };
    wedge(st, &s, PARCEL);
    // 23:50 in Warsaw on the 23rd, then 00:50 on the 24th (22:50 and 23:50 UTC, both the 23rd).
    inspect(datetime!(2026-11-23 22:50 UTC), CASE);
    let after_midnight = inspect(datetime!(2026-11-23 23:50 UTC), HEADPHONES);

    *t.clock.0.lock().unwrap() = datetime!(2026-11-24 08:00 UTC);
    assert_eq!(st.inspector_day(&s).unwrap().units_today, 1, "the 24th in Warsaw");
    *t.clock.0.lock().unwrap() = datetime!(2026-11-23 23:55 UTC);
    assert_eq!(
        st.inspector_day(&s).unwrap().units_today,
        1,
        "still the 24th in Warsaw"
    );
    *t.clock.0.lock().unwrap() = datetime!(2026-11-23 22:55 UTC);
    assert_eq!(st.inspector_day(&s).unwrap().units_today, 1, "the 23rd in Warsaw");

    // The label says the day it was decided in Warsaw.
    st.print_pending().unwrap();
    let label = std::fs::read_dir(t.dir.path().join("labels"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|z| z.contains(&after_midnight))
        .expect("the label of the unit decided after midnight");
    assert!(label.contains("2026-11-24"), "{label}");
    assert!(!label.contains("2026-11-23"), "{label}");
}
