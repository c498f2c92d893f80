use redock_domain::CodeKind;
use redock_station::{Matched, ScanSource};

#[test]
fn ean_of_a_demo_product_is_recorded_and_found() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    let out = t
        .station
        .scan(&s, "5901234123457\r\n", ScanSource::Wedge)
        .unwrap();
    assert_eq!(out.code.kind, CodeKind::Ean13);
    assert!(out.code.valid);
    match &out.matched {
        Some(Matched::Product(p)) => {
            assert_eq!(p.sku, "EL-HP-200");
            assert_eq!(p.expected_in, vec!["RMA-100001".to_string()]);
        }
        other => panic!("expected a product, got {other:?}"),
    }
    let (kind, text, source, op): (String, String, String, String) = t
        .station
        .store()
        .read(|c| {
            c.query_row(
                "SELECT e.kind, s.text, s.source, e.operator_id FROM events e JOIN scan s USING (seq) WHERE seq = ?1",
                [out.seq],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
        })
        .unwrap();
    assert_eq!(
        (kind.as_str(), text.as_str(), source.as_str(), op.as_str()),
        ("scanned", "5901234123457", "wedge", "op-0005")
    );
}

#[test]
fn rma_tracking_and_order_number_find_expected_returns() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    let rmas = |code: &str| match t.station.scan(&s, code, ScanSource::Wedge).unwrap().matched {
        Some(Matched::Returns { via, returns }) => {
            (via, returns.into_iter().map(|r| r.rma).collect::<Vec<_>>())
        }
        other => panic!("{code}: expected returns, got {other:?}"),
    };
    assert_eq!(rmas("RMA-100003"), ("rma".into(), vec!["RMA-100003".to_string()]));
    // One parcel, two RMAs.
    assert_eq!(
        rmas("1Z999AA10123456784"),
        ("tracking".into(), vec!["RMA-100001".into(), "RMA-100002".into()])
    );
    assert_eq!(
        rmas("ORD-2026-0004"),
        ("order".into(), vec!["RMA-100004".to_string()])
    );
    let order = t.station.scan(&s, "ORD-2026-0004", ScanSource::Wedge).unwrap();
    assert_eq!((order.code.kind, order.code.valid), (CodeKind::Order, true));
    let out = t.station.scan(&s, "RMA-100001", ScanSource::Wedge).unwrap();
    let Some(Matched::Returns { returns, .. }) = out.matched else {
        panic!()
    };
    assert_eq!(returns[0].customer_tier, "loyal");
    assert_eq!(returns[0].lines.len(), 2);
    assert_eq!(returns[0].lines[1].serials, vec!["356938035643809".to_string()]);
}

#[test]
fn unknown_code_is_recorded_as_unknown_with_what_was_read() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    let out = t.station.scan(&s, "HELLO-42", ScanSource::Manual).unwrap();
    assert_eq!(out.code.kind, CodeKind::Unknown);
    assert_eq!(out.code.text, "HELLO-42");
    assert!(out.matched.is_none());
    let recent = t.station.recent_scans(5).unwrap();
    assert_eq!(
        (recent[0].text.as_str(), recent[0].kind.as_str(), recent[0].valid),
        ("HELLO-42", "unknown", false)
    );
}

#[test]
fn check_digit_failure_is_recorded_invalid_and_not_matched() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    let out = t.station.scan(&s, "5901234123458", ScanSource::Wedge).unwrap();
    assert_eq!((out.code.kind, out.code.valid), (CodeKind::Ean13, false));
    assert_eq!(out.code.error_code.as_deref(), Some("code.check_digit"));
    assert!(out.matched.is_none());
}

#[test]
fn concurrent_scans_are_all_recorded_in_order() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    let station = &t.station;
    std::thread::scope(|scope| {
        for i in 0..4 {
            let s = s.clone();
            scope.spawn(move || {
                for j in 0..10 {
                    station
                        .scan(&s, &format!("CODE-{i}-{j}"), ScanSource::Wedge)
                        .unwrap();
                }
            });
        }
    });
    let n: i64 = station
        .store()
        .read(|c| c.query_row("SELECT count(*) FROM scan", [], |r| r.get(0)))
        .unwrap();
    assert_eq!(n, 40);
    let events = station.events_after(0, 100_000).unwrap();
    assert!(events.iter().enumerate().all(|(i, e)| e.seq == i as i64 + 1));
}

#[test]
fn a_configured_fnc1_stand_in_reads_gs1_from_a_keyboard_wedge() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    let read = "]d2010460123456789321356938035643809~10LOT7";
    // Without the setting `~` is just a character, and one GS1 does not allow in a serial.
    let before = t.station.scan(&s, read, ScanSource::Wedge).unwrap();
    assert!(!before.code.valid, "{:?}", before.code);
    let sup = t.station.login("BADGE-0003", "3456").unwrap();
    let bad = redock_station::settings::WedgeSettings {
        gs_stand_in: Some('7'),
        ..Default::default()
    };
    assert_eq!(
        t.station.set_wedge_settings(&sup, bad).unwrap_err().code(),
        "config.invalid"
    );
    let good = redock_station::settings::WedgeSettings {
        gs_stand_in: Some('~'),
        ..Default::default()
    };
    t.station.set_wedge_settings(&sup, good.clone()).unwrap();
    assert_eq!(t.station.wedge_settings().unwrap(), good);
    let after = t.station.scan(&sup, read, ScanSource::Wedge).unwrap();
    let ais: Vec<(&str, &str)> = after
        .code
        .ais
        .iter()
        .map(|a| (a.ai.as_str(), a.value.as_str()))
        .collect();
    assert_eq!(
        ais,
        [
            ("01", "04601234567893"),
            ("21", "356938035643809"),
            ("10", "LOT7")
        ]
    );
}

#[test]
fn a_product_names_the_latest_returns_waiting_for_it_not_all_of_them() {
    let t = crate::demo_station();
    let sup = t.station.login("BADGE-0003", "3456").unwrap();
    // Twelve more returns of the headphones (the demo's RMA-100001 is the oldest), one with two
    // lines of them.
    let mut csv = String::from(
        "rma;shop;order_no;order_date;customer_id;customer_name;customer_tier;tracking;line_no;sku;quantity;serials;stated_reason\n",
    );
    for i in 1..=12 {
        csv.push_str(&format!(
            "RMA-3000{i:02};demo;ORD-3-{i};2026-11-20;cust-3{i};Anna Nowak;standard;;1;EL-HP-200;1;;defective\n"
        ));
    }
    csv.push_str(
        "RMA-300012;demo;ORD-3-12;2026-11-20;cust-312;Anna Nowak;standard;;2;EL-HP-200;1;;defective\n",
    );
    let report = t.station.import_rmas(&sup, csv.as_bytes()).unwrap();
    assert_eq!(report.imported.len(), 12, "{report:?}");
    let s = crate::inspector(&t.station);
    let out = t.station.scan(&s, "5901234123457", ScanSource::Wedge).unwrap();
    let Some(Matched::Product(p)) = &out.matched else {
        panic!("expected a product, got {:?}", out.matched)
    };
    let newest: Vec<String> = (3..=12).rev().map(|i| format!("RMA-3000{i:02}")).collect();
    assert_eq!(p.expected_in, newest);
}

#[test]
fn the_scanner_layout_is_kept_and_settings_saved_before_it_read_as_us() {
    use redock_station::settings::{ScannerLayout, WedgeSettings, WEDGE};
    let t = crate::demo_station();
    let sup = t.station.login("BADGE-0003", "3456").unwrap();
    // The shape an older Redock saved: no `layout`.
    let old = serde_json::json!({"max_gap_ms": 30, "min_length": 6, "suffixes": ["Tab"], "gs_stand_in": "~"});
    t.station.set_setting(&sup, WEDGE, old).unwrap();
    let read = t.station.wedge_settings().unwrap();
    assert_eq!(
        read,
        WedgeSettings {
            max_gap_ms: 30,
            min_length: 6,
            suffixes: vec!["Tab".into()],
            gs_stand_in: Some('~'),
            layout: ScannerLayout::Us,
        }
    );
    let norwegian = WedgeSettings {
        layout: ScannerLayout::No,
        ..read
    };
    t.station.set_wedge_settings(&sup, norwegian.clone()).unwrap();
    assert_eq!(t.station.wedge_settings().unwrap(), norwegian);
    assert_eq!(
        t.station.setting(WEDGE).unwrap().unwrap()["layout"],
        serde_json::json!("no")
    );
    // A layout this Redock has no keys for (a newer version's) is not guessed: the station reads
    // the scanner with its defaults and says which setting it cannot use (settings never stop
    // the dock).
    let unknown = serde_json::json!({"max_gap_ms": 50, "min_length": 4, "suffixes": ["Enter"], "gs_stand_in": null, "layout": "fr"});
    t.station.set_setting(&sup, WEDGE, unknown).unwrap();
    assert_eq!(t.station.wedge_settings().unwrap(), WedgeSettings::default());
    let problems = t.station.status().unwrap().setting_problems;
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].key, WEDGE);
    assert!(problems[0].reason.contains("fr"), "{problems:?}");
}
