//! A unit's audit trail (#16 item 3): every fact about it, its parcel and its return, with who
//! and when, oldest first; the parcel's other units left out; a supervisor's.

use redock_domain::disposition::Channel;

#[test]
fn a_unit_s_trail_runs_from_its_return_to_its_last_decision_with_who_and_when() {
    let t = crate::demo_station();
    let st = &t.station;
    let inspector = crate::inspector(st);
    crate::scan_all(
        st,
        &inspector,
        &[
            "1Z999AA10123456784",
            "(01)05901234123457(21)HP200-00017",
            "CMD:PASS",
            // A second unit in the same parcel: not the first one's trail.
            "96385074",
            "CMD:CLOSE",
        ],
    );
    assert_eq!(
        st.unit_trail(&inspector, "LPN00100000016").unwrap_err().code(),
        "auth.forbidden"
    );
    let sup = st.login("BADGE-0003", "3456").unwrap();
    let lpns = crate::lpns_of(st, "unit_received");
    assert_eq!(lpns.len(), 2, "{lpns:?}");
    st.override_disposition(&sup, &lpns[0], Channel::Refurbish, None, "a scratch on the band")
        .unwrap();

    let trail = st.unit_trail(&sup, &lpns[0]).unwrap();
    let kinds: Vec<&str> = trail.entries.iter().map(|e| e.kind.as_str()).collect();
    // The return's arrival first (the demo's RMA), then the parcel, the unit, its decisions.
    assert_eq!(kinds.first(), Some(&"rma_added"), "{kinds:?}");
    let at = |k: &str| {
        kinds
            .iter()
            .position(|x| *x == k)
            .unwrap_or_else(|| panic!("{k} in {kinds:?}"))
    };
    assert!(at("rma_added") < at("parcel_opened"));
    assert!(at("parcel_opened") < at("unit_received"));
    assert!(at("unit_received") < at("inspected"));
    assert!(at("inspected") < at("decided"));
    assert!(kinds.contains(&"parcel_closed"), "{kinds:?}");
    assert_eq!(
        kinds.iter().filter(|k| **k == "decided").count(),
        2,
        "the rules', then the override"
    );
    // Oldest first, each once.
    assert!(trail.entries.windows(2).all(|w| w[0].seq < w[1].seq));
    // Nothing of the other unit (its receipt is its own trail's).
    let received = trail.entries.iter().filter(|e| e.kind == "unit_received").count();
    assert_eq!(received, 1, "{kinds:?}");
    // Who and where: the inspector received it at this station; the supervisor overrode it.
    let receipt = &trail.entries[at("unit_received")];
    assert_eq!(
        receipt.operator_name.as_deref(),
        Some("Sam Taylor"),
        "{receipt:?}"
    );
    assert!(receipt.here);
    let last = trail.entries.iter().rev().find(|e| e.kind == "decided").unwrap();
    assert_eq!(last.facts.get("channel").map(String::as_str), Some("refurbish"));
    assert_eq!(
        last.facts.get("note").map(String::as_str),
        Some("a scratch on the band")
    );
    assert_eq!(last.facts.get("decided_by").map(String::as_str), Some("person"));
    let first = trail.entries.iter().find(|e| e.kind == "decided").unwrap();
    assert_eq!(first.facts.get("refund").map(String::as_str), Some("full"));

    // The other unit's trail has its own receipt and not the first one's.
    let other = st.unit_trail(&sup, &lpns[1]).unwrap();
    assert!(other.entries.iter().any(|e| e.kind == "unit_received"));
    assert!(
        !other.entries.iter().any(|e| e.kind == "inspected"),
        "the second unit was not inspected"
    );
    // An LPN the station does not know.
    assert_eq!(
        st.unit_trail(&sup, "LPN09999999999").unwrap_err().code(),
        "not_found"
    );

    // The migration that indexed the log of a station upgraded to it gives the same index as the
    // projection writes (labels' later facts by their job included).
    let rows = |w: &rusqlite::Connection| -> Vec<(String, i64)> {
        let mut st = w
            .prepare("SELECT subject, seq FROM event_subject ORDER BY subject, seq")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    {
        let w = st.store().lock_writer();
        let live = rows(&w);
        w.execute_batch("DROP TABLE event_subject").unwrap();
        w.execute_batch(include_str!(
            "../../../../migrations/station/0014_event_subject.sql"
        ))
        .unwrap();
        assert_eq!(rows(&w), live);
    }
    // A rebuild gives the same trail.
    let mut w = st.store().lock_writer();
    redock_station::projection::rebuild(&mut w).unwrap();
    drop(w);
    assert_eq!(st.unit_trail(&sup, &lpns[0]).unwrap(), trail);
}
