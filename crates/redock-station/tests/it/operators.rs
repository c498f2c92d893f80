//! Operators at a station on its own (#16 item 5): added, changed, disabled and given a new PIN
//! by an administrator, each a fact; bad input refused by name with nothing saved; the hub's
//! once the station is enrolled.

use redock_station::operators::{NewOperator, OperatorChange};
use redock_station::Role;

fn new(badge: &str, role: &str, language: &str, pin: &str) -> NewOperator {
    NewOperator {
        badge: badge.into(),
        name: "Mihai Popa".into(),
        role: role.into(),
        language: language.into(),
        pin: pin.into(),
    }
}

#[test]
fn an_administrator_adds_an_operator_who_logs_in_and_bad_input_is_refused_by_name() {
    let t = crate::demo_station();
    let st = &t.station;
    let admin = st.login("BADGE-0004", "4567").unwrap();
    let before = st.events_after(0, i64::MAX).unwrap().len();
    for (op, code) in [
        (new("BADGE-0042", "", "ro", "2468"), "operators.role_required"),
        (new("BADGE-0042", "boss", "ro", "2468"), "operators.role_required"),
        (
            new("BADGE-0042", "inspector", "de", "2468"),
            "operators.language_unknown",
        ),
        (
            new("BADGE-0042", "inspector", "ro", "12"),
            "operators.pin_invalid",
        ),
        (
            new("BADGE-0042", "inspector", "ro", "12ab"),
            "operators.pin_invalid",
        ),
        (
            new("BADGE 42", "inspector", "ro", "2468"),
            "operators.badge_invalid",
        ),
        (
            new("BADGE-0001", "inspector", "ro", "2468"),
            "operators.badge_taken",
        ),
    ] {
        assert_eq!(st.add_operator(&admin, &op).unwrap_err().code(), code, "{op:?}");
    }
    assert_eq!(
        st.events_after(0, i64::MAX).unwrap().len(),
        before,
        "nothing saved half-way"
    );
    let added = st
        .add_operator(&admin, &new(" BADGE-0042 ", "inspector", "ro", "2468"))
        .unwrap();
    assert_eq!(
        (added.badge.as_str(), added.role, added.language.as_str()),
        ("BADGE-0042", Role::Inspector, "ro")
    );
    let kinds: Vec<String> = st.events_after(0, i64::MAX).unwrap()[before..]
        .iter()
        .map(|e| e.kind.clone())
        .collect();
    assert_eq!(kinds, ["operator_added"]);
    // No PIN in the log.
    assert!(!st
        .events_after(0, i64::MAX)
        .unwrap()
        .iter()
        .any(|e| e.payload.contains("2468")));
    let s = st.login("BADGE-0042", "2468").unwrap();
    assert_eq!((s.name.as_str(), s.role), ("Mihai Popa", Role::Inspector));
    // Only an administrator manages operators.
    assert_eq!(st.operators(&s).unwrap_err().code(), "auth.forbidden");
    assert_eq!(
        st.add_operator(&s, &new("BADGE-0043", "admin", "en", "1357"))
            .unwrap_err()
            .code(),
        "auth.forbidden"
    );
}

#[test]
fn a_role_changed_a_disabled_operator_and_a_new_pin_that_ends_a_lockout() {
    let t = crate::demo_station();
    let st = &t.station;
    // Ewa locks her badge with five wrong PINs.
    for _ in 0..5 {
        st.login("BADGE-0001", "0000").unwrap_err();
    }
    assert_eq!(st.login("BADGE-0001", "1234").unwrap_err().code(), "auth.locked");
    let admin = st.login("BADGE-0004", "4567").unwrap();
    let ewa = st
        .operators(&admin)
        .unwrap()
        .into_iter()
        .find(|o| o.badge == "BADGE-0001")
        .unwrap();
    assert!(ewa.locked_until.is_some());
    assert_eq!(
        st.reset_pin(&admin, &ewa.operator_id, "12").unwrap_err().code(),
        "operators.pin_invalid"
    );
    st.reset_pin(&admin, &ewa.operator_id, "8642").unwrap();
    let listed = st
        .operators(&admin)
        .unwrap()
        .into_iter()
        .find(|o| o.badge == "BADGE-0001")
        .unwrap();
    assert_eq!(listed.locked_until, None);
    st.login("BADGE-0001", "8642").unwrap();
    assert_eq!(
        st.login("BADGE-0001", "1234").unwrap_err().code(),
        "auth.wrong_pin"
    );

    let admin = st.login("BADGE-0004", "4567").unwrap();
    let promoted = st
        .change_operator(
            &admin,
            &ewa.operator_id,
            &OperatorChange {
                role: Some("supervisor".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(promoted.role, Role::Supervisor);
    assert_eq!(
        st.change_operator(
            &admin,
            &ewa.operator_id,
            &OperatorChange {
                role: Some("".into()),
                ..Default::default()
            }
        )
        .unwrap_err()
        .code(),
        "operators.role_required"
    );
    st.change_operator(
        &admin,
        &ewa.operator_id,
        &OperatorChange {
            active: Some(false),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        st.login("BADGE-0001", "8642").is_err(),
        "a disabled operator cannot log in"
    );
    // The station keeps an administrator: not themselves, not the last one.
    let admin = st.login("BADGE-0004", "4567").unwrap();
    assert_eq!(
        st.change_operator(
            &admin,
            &admin.operator_id,
            &OperatorChange {
                active: Some(false),
                ..Default::default()
            }
        )
        .unwrap_err()
        .code(),
        "operators.not_yourself"
    );
    assert_eq!(
        st.change_operator(
            &admin,
            &admin.operator_id,
            &OperatorChange {
                role: Some("inspector".into()),
                ..Default::default()
            }
        )
        .unwrap_err()
        .code(),
        "operators.last_admin"
    );
    let kinds: Vec<String> = st
        .events_after(0, i64::MAX)
        .unwrap()
        .iter()
        .filter(|e| ["pin_reset", "operator_changed"].contains(&e.kind.as_str()))
        .map(|e| e.kind.clone())
        .collect();
    assert_eq!(kinds, ["pin_reset", "operator_changed", "operator_changed"]);
}

#[test]
fn an_enrolled_station_leaves_its_operators_to_the_hub() {
    let t = crate::demo_station();
    let st = &t.station;
    // As `enrol` leaves it (the enrolment itself is the hub tests').
    st.store()
        .write(|tx| {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('hub_url', 'https://hub.example')",
                [],
            )?;
            Ok::<_, redock_station::error::StoreError>(())
        })
        .unwrap();
    let admin = st.login("BADGE-0004", "4567").unwrap();
    assert_eq!(
        st.add_operator(&admin, &new("BADGE-0042", "inspector", "ro", "2468"))
            .unwrap_err()
            .code(),
        "operators.at_hub"
    );
    assert_eq!(
        st.reset_pin(&admin, "op-0001", "2468").unwrap_err().code(),
        "operators.at_hub"
    );
    assert_eq!(st.operators(&admin).unwrap().len(), 5, "listed still");
}
