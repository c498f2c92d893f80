use redock_station::{Role, ScanSource};

#[test]
fn login_with_badge_and_pin() {
    let t = crate::demo_station();
    let s = t.station.login(" BADGE-0001 ", "1234").unwrap();
    assert_eq!(
        (s.name.as_str(), s.role, s.language.as_str()),
        ("Ewa Nowak", Role::Inspector, "pl")
    );
    let pin_hash: String = t
        .station
        .store()
        .read(|c| {
            c.query_row(
                "SELECT pin_hash FROM operator_secret JOIN operator USING (operator_id) WHERE badge = 'BADGE-0001'",
                [],
                |r| r.get(0),
            )
        })
        .unwrap();
    assert!(pin_hash.starts_with("$argon2id$"), "{pin_hash}");
    assert!(!pin_hash.contains("1234"));
    // The hash is a secret, not a fact: no event carries it.
    for e in t.station.events_after(0, 100_000).unwrap() {
        assert!(
            !e.payload.contains(&pin_hash) && !e.payload.contains("argon2"),
            "{}: {}",
            e.kind,
            e.payload
        );
    }
}

#[test]
fn wrong_pins_count_down_then_lock_then_expire() {
    let t = crate::demo_station();
    for remaining in (1..5).rev() {
        let e = t.station.login("BADGE-0001", "9999").unwrap_err();
        assert_eq!(e.code(), "auth.wrong_pin");
        assert_eq!(e.details()["remaining"], remaining.to_string());
    }
    assert_eq!(
        t.station.login("BADGE-0001", "9999").unwrap_err().code(),
        "auth.locked"
    );
    // Locked: even the right PIN is refused.
    assert_eq!(
        t.station.login("BADGE-0001", "1234").unwrap_err().code(),
        "auth.locked"
    );
    t.clock.advance(time::Duration::minutes(6));
    t.station.login("BADGE-0001", "1234").unwrap();
    // A good log-in resets the count.
    assert_eq!(
        t.station.login("BADGE-0001", "0").unwrap_err().details()["remaining"],
        "4"
    );
}

#[test]
fn unknown_badge_is_named() {
    let t = crate::demo_station();
    let e = t.station.login("BADGE-9999", "1234").unwrap_err();
    assert_eq!(e.code(), "auth.unknown_badge");
    assert_eq!(e.details()["badge"], "BADGE-9999");
}

#[test]
fn a_new_login_ends_the_previous_session() {
    let t = crate::demo_station();
    let first = t.station.login("BADGE-0005", "1111").unwrap();
    let _second = t.station.login("BADGE-0001", "1234").unwrap();
    let e = t
        .station
        .scan(&first, "5901234123457", ScanSource::Wedge)
        .unwrap_err();
    assert_eq!(e.code(), "auth.not_logged_in");
}

#[test]
fn logged_out_session_cannot_scan() {
    let t = crate::demo_station();
    let s = crate::inspector(&t.station);
    t.station.logout(&s).unwrap();
    assert_eq!(
        t.station
            .scan(&s, "5901234123457", ScanSource::Wedge)
            .unwrap_err()
            .code(),
        "auth.not_logged_in"
    );
}

#[test]
fn roles_are_ordered() {
    let t = crate::demo_station();
    let inspector = crate::inspector(&t.station);
    assert_eq!(
        inspector.require(Role::Supervisor).unwrap_err().code(),
        "auth.forbidden"
    );
    inspector.require(Role::Inspector).unwrap();
    let admin = t.station.login("BADGE-0004", "4567").unwrap();
    admin.require(Role::Supervisor).unwrap();
}

#[test]
fn serial_settings_are_for_supervisors_and_recorded_as_events() {
    use redock_station::serial::SerialSettings;
    let t = crate::demo_station();
    let inspector = crate::inspector(&t.station);
    let settings = SerialSettings::new("/dev/ttyACM0");
    let e = t
        .station
        .set_serial_settings(&inspector, Some(settings.clone()))
        .unwrap_err();
    assert_eq!(e.code(), "auth.forbidden");
    let sup = t.station.login("BADGE-0003", "3456").unwrap();
    let bad = SerialSettings {
        baud: 0,
        ..settings.clone()
    };
    assert_eq!(
        t.station.set_serial_settings(&sup, Some(bad)).unwrap_err().code(),
        "config.invalid"
    );
    t.station
        .set_serial_settings(&sup, Some(settings.clone()))
        .unwrap();
    assert_eq!(t.station.serial_settings().unwrap().unwrap().port, "/dev/ttyACM0");
    let last = t.station.events_after(0, 10_000).unwrap().pop().unwrap();
    assert_eq!(
        (last.kind.as_str(), last.operator_id.as_deref()),
        ("setting_changed", Some("op-0003"))
    );
    t.station.set_serial_settings(&sup, None).unwrap();
    assert!(t.station.serial_settings().unwrap().is_none());
}

#[test]
fn a_badge_scanned_over_a_session_names_its_operator_and_records_nothing() {
    let t = crate::demo_station();
    let st = &t.station;
    let sam = crate::inspector(st);
    let before = st.status().unwrap().events_total;
    let e = st.scan(&sam, "BADGE-0003", ScanSource::Wedge).unwrap_err();
    assert_eq!(e.code(), "auth.badge_scanned");
    assert_eq!(e.details().get("name").map(String::as_str), Some("Ingrid Hansen"));
    assert_eq!(e.details().get("badge").map(String::as_str), Some("BADGE-0003"));
    assert_eq!(st.status().unwrap().events_total, before, "nothing recorded");
    // Sam's session stands until Ingrid's PIN is right; then the desk is hers.
    assert_eq!(
        st.login("BADGE-0003", "0000").unwrap_err().code(),
        "auth.wrong_pin"
    );
    st.scan(&sam, "5901234123457", ScanSource::Wedge).unwrap();
    let ingrid = st.login("BADGE-0003", "3456").unwrap();
    assert_eq!(ingrid.role, Role::Supervisor);
    assert_eq!(
        st.scan(&sam, "5901234123457", ScanSource::Wedge)
            .unwrap_err()
            .code(),
        "auth.not_logged_in"
    );
    // A badge that is nobody's is just a code the station does not know, recorded as one.
    let unknown = st.scan(&ingrid, "BADGE-9999", ScanSource::Wedge).unwrap();
    assert_eq!(unknown.code.kind.as_str(), "badge");
    assert!(unknown.seq > 0);
}

#[test]
fn an_operator_idle_past_the_setting_is_logged_out_at_the_next_look() {
    use redock_station::settings::SessionSettings;
    let t = crate::demo_station();
    let st = &t.station;
    // Unset: never.
    let sam = crate::inspector(st);
    t.clock.advance(time::Duration::hours(10));
    st.scan(&sam, "5901234123457", ScanSource::Wedge).unwrap();
    // 0 and beyond 12 hours are refused, nothing saved.
    let ingrid = st.login("BADGE-0003", "3456").unwrap();
    for bad in [0, 721] {
        let e = st
            .set_session_settings(
                &ingrid,
                &SessionSettings {
                    idle_minutes: Some(bad),
                },
            )
            .unwrap_err();
        assert_eq!(e.code(), "config.invalid", "{bad}: {e}");
    }
    let sam = crate::inspector(st);
    assert_eq!(
        st.set_session_settings(
            &sam,
            &SessionSettings {
                idle_minutes: Some(15)
            }
        )
        .unwrap_err()
        .code(),
        "auth.forbidden"
    );
    let ingrid = st.login("BADGE-0003", "3456").unwrap();
    st.set_session_settings(
        &ingrid,
        &SessionSettings {
            idle_minutes: Some(15),
        },
    )
    .unwrap();

    let sam = crate::inspector(st);
    // Each scan keeps the desk Sam's for 15 more minutes.
    for _ in 0..3 {
        t.clock.advance(time::Duration::minutes(14));
        st.scan(&sam, "5901234123457", ScanSource::Wedge).unwrap();
        st.desk(&sam).unwrap();
    }
    // Looking at the desk is not work: 16 minutes after the last scan the window's look ends it.
    t.clock.advance(time::Duration::minutes(16));
    let e = st.desk(&sam).unwrap_err();
    assert_eq!(
        (e.code(), e.details().get("minutes").map(String::as_str)),
        ("auth.idle", Some("15"))
    );
    let last = st.events_after(0, i64::MAX).unwrap().pop().unwrap();
    assert_eq!(last.kind, "logged_out");
    // The log says why the session ended.
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&last.payload).unwrap()["reason"],
        "idle"
    );
    assert_eq!(
        st.scan(&sam, "5901234123457", ScanSource::Wedge)
            .unwrap_err()
            .code(),
        "auth.not_logged_in"
    );
    // The next scan after a log-in counts from the log-in, not from the last session.
    let sam = crate::inspector(st);
    t.clock.advance(time::Duration::minutes(10));
    st.scan(&sam, "5901234123457", ScanSource::Wedge).unwrap();
    t.clock.advance(time::Duration::minutes(20));
    assert_eq!(
        st.scan(&sam, "5901234123457", ScanSource::Wedge)
            .unwrap_err()
            .code(),
        "auth.idle"
    );
}

/// Roles are enforced in Rust, command by command: whatever the window shows or hides, an
/// inspector's session is refused every supervisor's and administrator's action, and a
/// supervisor's every administrator's, each with `auth.forbidden` and nothing recorded.
#[test]
fn every_supervisor_and_admin_action_refuses_a_lesser_role_and_records_nothing() {
    use redock_domain::disposition::{Channel, DEMO_RULES_JSON};
    use redock_station::queue::{QueueAction, QueueFilter, QueueKind, QueueRef, SlaSettings};
    let t = crate::demo_station();
    let st = &t.station;
    let inspector = crate::inspector(st);
    let item = QueueRef {
        kind: QueueKind::Hold,
        lpn: "LPN00100000016".into(),
        episode: "e".into(),
    };
    let release = QueueAction::Release {
        channel: Channel::Refurbish,
        refund: None,
    };
    let before = st.events_after(0, i64::MAX).unwrap().len();
    type Action<'a> = (
        &'a str,
        Box<dyn Fn(&redock_station::Session) -> Result<(), redock_station::StationError> + 'a>,
    );
    let supervisors: Vec<Action<'_>> = vec![
        ("holds", Box::new(|s| st.holds(s).map(drop))),
        (
            "queue",
            Box::new(|s| st.queue(s, &QueueFilter::default()).map(drop)),
        ),
        (
            "act_on_queue",
            Box::new(|s| {
                st.act_on_queue(s, std::slice::from_ref(&item), &release, "r")
                    .map(drop)
            }),
        ),
        (
            "override_disposition",
            Box::new(|s| {
                st.override_disposition(s, "LPN00100000016", Channel::Refurbish, None, "r")
                    .map(drop)
            }),
        ),
        (
            "unit_trail",
            Box::new(|s| st.unit_trail(s, "LPN00100000016").map(drop)),
        ),
        (
            "kpis",
            Box::new(|s| st.kpis(s, "2026-11-23", "2026-11-23").map(drop)),
        ),
        (
            "export_kpis_csv",
            Box::new(|s| st.export_kpis_csv(s, "2026-11-23", "2026-11-23").map(drop)),
        ),
        (
            "set_sla_settings",
            Box::new(|s| st.set_sla_settings(s, &SlaSettings::default())),
        ),
        (
            "set_session_settings",
            Box::new(|s| st.set_session_settings(s, &Default::default())),
        ),
        (
            "set_receiving_settings",
            Box::new(|s| st.set_receiving_settings(s, &st.receiving_settings()?)),
        ),
        (
            "set_fraud_settings",
            Box::new(|s| st.set_fraud_settings(s, &st.fraud_settings()?)),
        ),
        (
            "set_printer_settings",
            Box::new(|s| st.set_printer_settings(s, &st.printer_settings()?)),
        ),
        (
            "set_print_retention",
            Box::new(|s| st.set_print_retention(s, st.print_retention()?)),
        ),
        (
            "set_wedge_settings",
            Box::new(|s| st.set_wedge_settings(s, st.wedge_settings()?)),
        ),
        (
            "dismiss_failed_prints",
            Box::new(|s| st.dismiss_failed_prints(s, &[]).map(drop)),
        ),
        ("dismiss_sync_notice", Box::new(|s| st.dismiss_sync_notice(s))),
        (
            "export_inspections",
            Box::new(|s| st.export_inspections(s, std::io::sink()).map(drop)),
        ),
    ];
    let admins: Vec<Action<'_>> = vec![
        (
            "dry_run_rules",
            Box::new(|s| st.dry_run_rules(s, DEMO_RULES_JSON).map(drop)),
        ),
        ("export_rules_jdm", Box::new(|s| st.export_rules_jdm(s).map(drop))),
        (
            "save_table_from_jdm",
            Box::new(|s| st.save_table_from_jdm(s, "{\"nodes\": []}").map(drop)),
        ),
        (
            "set_site_settings",
            Box::new(|s| st.set_site_settings(s, &st.site_settings()?)),
        ),
        ("compact", Box::new(|s| st.compact(s, None).map(drop))),
        (
            "erase_customer",
            Box::new(|s| st.erase_customer(s, "cust-001", None).map(drop)),
        ),
    ];
    for (name, act) in supervisors.iter().chain(&admins) {
        let e = act(&inspector).err().map(|e| e.code());
        assert_eq!(e, Some("auth.forbidden"), "an inspector may not {name}");
    }
    let sup = st.login("BADGE-0003", "3456").unwrap();
    for (name, act) in &admins {
        let e = act(&sup).err().map(|e| e.code());
        assert_eq!(e, Some("auth.forbidden"), "a supervisor may not {name}");
    }
    // Only the supervisor's log-in was recorded (ending the inspector's session, one desk: a
    // log-out that says it was replaced).
    let replaced = &st.events_after(0, i64::MAX).unwrap()[before];
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&replaced.payload).unwrap()["reason"],
        "replaced"
    );
    let kinds: Vec<String> = st.events_after(0, i64::MAX).unwrap()[before..]
        .iter()
        .map(|e| e.kind.clone())
        .collect();
    assert_eq!(kinds, ["logged_out", "logged_in"], "{kinds:?}");
}
