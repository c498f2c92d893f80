use redock_station::ScanSource;

fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap()
}

#[test]
fn the_desk_shows_in_one_read_what_the_screen_asked_six_times_for() {
    let t = crate::demo_station();
    let st = &t.station;
    let s = crate::inspector(st);
    for code in [
        "1Z999AA10123456784",
        "(01)05901234123457(21)HP200-00017",
        "CMD:PASS",
        "CMD:NEXT",
        "(01)04601234567893(21)356938035643809",
        "CMD:GRADE:B",
    ] {
        st.scan(&s, code, ScanSource::Wedge).unwrap();
    }
    let desk = st.desk(&s).unwrap();
    assert_eq!(json(&desk.status), json(&st.status().unwrap()));
    assert_eq!(json(&desk.recent_scans), json(&st.recent_scans(8).unwrap()));
    assert_eq!(json(&desk.parcel), json(&st.current_parcel().unwrap()));
    assert_eq!(json(&desk.inspection), json(&st.current_inspection(&s).unwrap()));
    assert_eq!(json(&desk.day), json(&st.inspector_day(&s).unwrap()));
    assert_eq!(json(&desk.printing), json(&st.print_queue_status().unwrap()));

    // And it says what the desk holds: the phone being graded in the parcel still open, the
    // headphones decided today with their label waiting, the last scan first.
    let parcel = desk.parcel.unwrap();
    assert!(parcel.open);
    assert_eq!(parcel.units.len(), 2);
    let inspection = desk.inspection.unwrap();
    assert_eq!(inspection.lpn, parcel.units[1].lpn);
    assert_eq!(inspection.grade.as_deref(), Some("B"));
    assert_eq!(desk.day.units_today, 1);
    assert_eq!(desk.printing.waiting, 1);
    assert_eq!(desk.recent_scans.len(), 6);
    assert_eq!(desk.recent_scans[0].text, "CMD:GRADE:B");
    assert_eq!(desk.recent_scans[0].seq, desk.status.events_total - 1);
}

#[test]
fn the_inspectors_day_starts_again_at_midnight() {
    let t = crate::demo_station();
    let st = &t.station;
    let s = crate::inspector(st);
    for code in [
        "1Z999AA10123456784",
        "(01)05901234123457(21)HP200-00017",
        "CMD:PASS",
        "CMD:NEXT",
    ] {
        st.scan(&s, code, ScanSource::Wedge).unwrap();
    }
    assert_eq!(st.desk(&s).unwrap().day.units_today, 1);
    // 08:00 UTC on the demo clock is 09:00 at the demo site (Europe/Warsaw): 23:59:59 there is
    // still today, its midnight (23:00 UTC) the next day.
    t.clock
        .advance(time::Duration::hours(15) - time::Duration::seconds(1));
    assert_eq!(st.desk(&s).unwrap().day.units_today, 1);
    t.clock.advance(time::Duration::seconds(1));
    assert_eq!(st.desk(&s).unwrap().day.units_today, 0);
}
