//! The supervisors' queue (#16 item 2): items aged against their SLA, pauses that stop the clock,
//! breaches recorded once, filters, and bulk actions — all or nothing, an event per unit.

use redock_domain::disposition::Channel;
use redock_station::queue::{
    PauseReason, QueueAction, QueueFilter, QueueKind, QueueRef, SlaSettings, SlaState, SlaTarget,
};
use redock_station::{Session, Station};
use time::Duration;

const PARCEL: &str = "1Z999AA10123456784";
/// The headphones of RMA-100001 with a serial that was not sold: held for a supervisor.
const HEADPHONES_WRONG_SERIAL: &str = "(01)05901234123457(21)HP200-99999";
const PHONE_WRONG_SERIAL: &str = "]d2010460123456789321356938035643800";
const CASE: &str = "96385074";

use crate::scan;

/// Two units on hold (2 minutes apart) and one waiting for inspection.
fn two_holds_and_a_waiting_unit(t: &crate::TestStation) -> (Vec<String>, String) {
    let st = &t.station;
    let s = crate::inspector(st);
    scan(st, &s, PARCEL);
    for code in [HEADPHONES_WRONG_SERIAL, PHONE_WRONG_SERIAL] {
        scan(st, &s, code);
        scan(st, &s, "CMD:GRADE:B");
        scan(st, &s, "CMD:NEXT");
        t.clock.advance(Duration::minutes(2));
    }
    scan(st, &s, CASE);
    scan(st, &s, "CMD:CLOSE");
    let held = crate::lpns_of(st, "decided");
    let received = crate::lpns_of(st, "unit_received");
    let waiting = received.iter().find(|l| !held.contains(l)).unwrap().clone();
    (held, waiting)
}

fn sup(st: &Station) -> Session {
    st.login("BADGE-0003", "3456").unwrap()
}

fn item<'a>(q: &'a redock_station::queue::Queue, lpn: &str) -> &'a redock_station::queue::QueueItem {
    q.items
        .iter()
        .find(|i| i.lpn == lpn)
        .unwrap_or_else(|| panic!("{lpn} in {:?}", q.items))
}

#[test]
fn holds_and_waiting_units_age_against_their_targets_and_a_breach_is_recorded_once() {
    let t = crate::demo_station();
    let st = &t.station;
    let (held, waiting) = two_holds_and_a_waiting_unit(&t);
    let sup = sup(st);
    let all = QueueFilter::default();
    let q = st.queue(&sup, &all).unwrap();
    assert_eq!(q.matching, 3, "{:?}", q.items);
    assert_eq!(q.settings, SlaSettings::default());
    let h0 = item(&q, &held[0]);
    assert_eq!(
        (h0.kind, h0.state, h0.channel),
        (QueueKind::Hold, SlaState::Ok, Some(Channel::Hold))
    );
    assert_eq!(h0.reason.as_deref(), Some("fraud.suspected"));
    assert_eq!(h0.inspector.as_deref(), Some("op-0005"));
    assert!(h0.flags.contains(&"serial_mismatch".to_owned()), "{:?}", h0.flags);
    // The first hold was decided 4 minutes ago (2 + 2): 48 h less 4 min left.
    assert_eq!((h0.age_minutes, h0.left_minutes), (4, 48 * 60 - 4));
    let w = item(&q, &waiting);
    assert_eq!(
        (w.kind, w.left_minutes),
        (QueueKind::Waiting, 24 * 60),
        "received last"
    );
    // Most urgent first: the waiting unit's target (24 h) is nearer.
    assert_eq!(q.items[0].lpn, waiting);

    // Within the warn-before (4 h for waiting), then past the target.
    t.clock.advance(Duration::hours(20) + Duration::minutes(30));
    let q = st.queue(&sup, &all).unwrap();
    assert_eq!(item(&q, &waiting).state, SlaState::Warn);
    assert_eq!(st.sweep_sla().unwrap(), 0, "nothing past its target yet");
    t.clock.advance(Duration::hours(4));
    let q = st.queue(&sup, &all).unwrap();
    let w = item(&q, &waiting);
    assert_eq!((w.state, w.breached), (SlaState::Breached, false));
    assert!(w.left_minutes < 0, "past the target: {}", w.left_minutes);
    assert_eq!(st.sla_alert().unwrap().breached, 1);
    assert_eq!(st.sweep_sla().unwrap(), 1);
    assert_eq!(st.sweep_sla().unwrap(), 0, "a breach is recorded once");
    assert_eq!(crate::lpns_of(st, "sla_breached"), std::slice::from_ref(&waiting));
    assert!(item(&st.queue(&sup, &all).unwrap(), &waiting).breached);
    // The supervisor's desk carries the alert; an inspector's does not.
    assert_eq!(
        st.desk(&sup).unwrap().sla.map(|a| (a.breached, a.warn)),
        Some((1, 0))
    );
    assert!(st.desk(&crate::inspector(st)).unwrap().sla.is_none());
    let sup = st.login("BADGE-0003", "3456").unwrap();

    // Counts are of every item, whatever the filter.
    let only_holds = QueueFilter {
        kinds: vec![QueueKind::Hold],
        ..QueueFilter::default()
    };
    let q = st.queue(&sup, &only_holds).unwrap();
    assert_eq!(q.matching, 2);
    let counted: u32 = q.counts.iter().map(|c| c.n).sum();
    assert_eq!(counted, 3);
    // An inspector cannot see the queue, act on it or change its targets.
    let insp = crate::inspector(st);
    assert_eq!(st.queue(&insp, &all).unwrap_err().code(), "auth.forbidden");
    assert_eq!(
        st.set_sla_settings(&insp, &SlaSettings::default())
            .unwrap_err()
            .code(),
        "auth.forbidden"
    );
}

#[test]
fn the_window_s_look_at_the_desk_records_a_breach_without_a_sweep_of_its_own() {
    let t = crate::demo_station();
    let st = &t.station;
    let (_, waiting) = two_holds_and_a_waiting_unit(&t);
    t.clock.advance(Duration::hours(25));
    let sup = sup(st);
    assert_eq!(st.desk(&sup).unwrap().sla.map(|a| a.breached), Some(1));
    assert_eq!(crate::lpns_of(st, "sla_breached"), [waiting]);
    assert_eq!(st.sweep_sla().unwrap(), 0);
}

#[test]
fn a_pause_stops_the_clock_and_an_extension_moves_the_target() {
    let t = crate::demo_station();
    let st = &t.station;
    let (held, _) = two_holds_and_a_waiting_unit(&t);
    let sup = sup(st);
    let all = QueueFilter::default();
    let key = item(&st.queue(&sup, &all).unwrap(), &held[0]).key();
    let left0 = item(&st.queue(&sup, &all).unwrap(), &held[0]).left_minutes;

    st.act_on_queue(
        &sup,
        std::slice::from_ref(&key),
        &QueueAction::Pause {
            reason: PauseReason::VendorRga,
        },
        "RGA asked of the vendor",
    )
    .unwrap();
    t.clock.advance(Duration::hours(100));
    let i = item(&st.queue(&sup, &all).unwrap(), &held[0]).clone();
    assert_eq!(
        (i.state, i.pause_reason),
        (SlaState::Paused, Some(PauseReason::VendorRga))
    );
    assert_eq!(i.left_minutes, left0, "a paused clock does not run");
    assert_eq!(
        st.sweep_sla().unwrap(),
        2,
        "the other hold and the waiting unit breached; not the paused one"
    );
    assert_eq!(
        st.act_on_queue(
            &sup,
            std::slice::from_ref(&key),
            &QueueAction::Pause {
                reason: PauseReason::Other
            },
            "again"
        )
        .unwrap_err()
        .code(),
        "queue.already_paused"
    );
    st.act_on_queue(
        &sup,
        std::slice::from_ref(&key),
        &QueueAction::Resume,
        "the RGA came",
    )
    .unwrap();
    t.clock.advance(Duration::hours(1));
    let i = item(&st.queue(&sup, &all).unwrap(), &held[0]).clone();
    assert_eq!((i.state, i.left_minutes), (SlaState::Ok, left0 - 60));
    st.act_on_queue(
        &sup,
        std::slice::from_ref(&key),
        &QueueAction::Extend { hours: 24 },
        "vendor asked for a day",
    )
    .unwrap();
    let i = item(&st.queue(&sup, &all).unwrap(), &held[0]).clone();
    assert_eq!((i.left_minutes, i.extended_hours), (left0 - 60 + 24 * 60, 24));
    // The 100 paused hours count for nothing on the clock.
    assert_eq!(i.age_minutes, 4 + 60);
    for (action, code) in [
        (QueueAction::Extend { hours: 0 }, "queue.extend_invalid"),
        (QueueAction::Extend { hours: 721 }, "queue.extend_invalid"),
        (QueueAction::Resume, "queue.not_paused"),
    ] {
        assert_eq!(
            st.act_on_queue(&sup, std::slice::from_ref(&key), &action, "x")
                .unwrap_err()
                .code(),
            code
        );
    }
    // Every action is in the unit's history, with the supervisor's words.
    let trail = st.unit_trail(&sup, &held[0]).unwrap();
    let actions: Vec<_> = trail
        .entries
        .iter()
        .filter(|e| e.kind == "queue_changed")
        .map(|e| (e.facts["action"].as_str(), e.operator_id.as_deref()))
        .collect();
    assert_eq!(
        actions,
        [
            ("pause", Some("op-0003")),
            ("resume", Some("op-0003")),
            ("extend", Some("op-0003"))
        ]
    );
}

#[test]
fn a_bulk_release_decides_each_unit_with_the_reason_all_or_nothing() {
    let t = crate::demo_station();
    let st = &t.station;
    let (held, waiting) = two_holds_and_a_waiting_unit(&t);
    let sup = sup(st);
    let q = st
        .queue(
            &sup,
            &QueueFilter {
                kinds: vec![QueueKind::Hold],
                flag: Some("serial_mismatch".into()),
                ..QueueFilter::default()
            },
        )
        .unwrap();
    let keys: Vec<QueueRef> = q.items.iter().map(|i| i.key()).collect();
    assert_eq!(keys.len(), 2);
    let release = QueueAction::Release {
        channel: Channel::Refurbish,
        refund: None,
    };
    // No reason, nothing chosen, to hold, and a waiting unit among them: refused, nothing written.
    let before = st.events_after(0, i64::MAX).unwrap().len();
    assert_eq!(
        st.act_on_queue(&sup, &keys, &release, " ").unwrap_err().code(),
        "queue.reason_required"
    );
    assert_eq!(
        st.act_on_queue(&sup, &[], &release, "r").unwrap_err().code(),
        "queue.nothing_chosen"
    );
    assert_eq!(
        st.act_on_queue(
            &sup,
            &keys,
            &QueueAction::Release {
                channel: Channel::Hold,
                refund: None
            },
            "r"
        )
        .unwrap_err()
        .code(),
        "queue.release_to_hold"
    );
    let w = item(&st.queue(&sup, &QueueFilter::default()).unwrap(), &waiting).key();
    let mut with_waiting = keys.clone();
    with_waiting.push(w);
    assert_eq!(
        st.act_on_queue(&sup, &with_waiting, &release, "r")
            .unwrap_err()
            .code(),
        "queue.not_decided"
    );
    assert_eq!(
        st.act_on_queue(&sup, &keys, &QueueAction::Dismiss, "r")
            .unwrap_err()
            .code(),
        "queue.not_a_request"
    );
    // An item as it no longer is (another episode) refuses the set.
    let mut stale = keys.clone();
    stale[1].episode = "not-this-hold".into();
    assert_eq!(
        st.act_on_queue(&sup, &stale, &release, "r").unwrap_err().code(),
        "queue.stale"
    );
    assert_eq!(
        st.events_after(0, i64::MAX).unwrap().len(),
        before,
        "nothing half-way"
    );

    let done = st
        .act_on_queue(&sup, &keys, &release, "serials checked with the shop")
        .unwrap();
    assert_eq!(done.items, 2);
    for lpn in &held {
        let d = st.decision(lpn).unwrap().unwrap();
        assert_eq!(
            (d.channel, d.note.as_deref()),
            (Channel::Refurbish, Some("serials checked with the shop"))
        );
    }
    let q = st.queue(&sup, &QueueFilter::default()).unwrap();
    assert_eq!(
        q.items.iter().map(|i| i.lpn.as_str()).collect::<Vec<_>>(),
        [waiting.as_str()]
    );
    // Released again: no longer in the queue.
    assert_eq!(
        st.act_on_queue(&sup, &keys, &release, "r").unwrap_err().code(),
        "queue.stale"
    );
}

#[test]
fn assigning_filters_by_the_assignee_and_needs_an_active_operator() {
    let t = crate::demo_station();
    let st = &t.station;
    let (held, waiting) = two_holds_and_a_waiting_unit(&t);
    let sup = sup(st);
    let q = st.queue(&sup, &QueueFilter::default()).unwrap();
    let keys: Vec<QueueRef> = [&held[1], &waiting].iter().map(|l| item(&q, l).key()).collect();
    assert_eq!(
        st.act_on_queue(
            &sup,
            &keys,
            &QueueAction::Assign {
                operator_id: Some("op-9999".into())
            },
            "r"
        )
        .unwrap_err()
        .code(),
        "queue.unknown_operator"
    );
    st.act_on_queue(
        &sup,
        &keys,
        &QueueAction::Assign {
            operator_id: Some("op-0001".into()),
        },
        "Ewa knows these",
    )
    .unwrap();
    let mine = st
        .queue(
            &sup,
            &QueueFilter {
                assigned_to: Some("op-0001".into()),
                ..QueueFilter::default()
            },
        )
        .unwrap();
    let mut lpns: Vec<_> = mine.items.iter().map(|i| i.lpn.clone()).collect();
    lpns.sort();
    let mut want = vec![held[1].clone(), waiting.clone()];
    want.sort();
    assert_eq!(lpns, want);
    assert_eq!(mine.items[0].assigned_name.as_deref(), Some("Ewa Nowak"));
    // By age and by inspector.
    t.clock.advance(Duration::hours(3));
    let old = st
        .queue(
            &sup,
            &QueueFilter {
                min_age_hours: Some(3),
                ..QueueFilter::default()
            },
        )
        .unwrap();
    assert_eq!(old.matching, 3);
    let by_other = st
        .queue(
            &sup,
            &QueueFilter {
                inspector: Some("op-0001".into()),
                ..QueueFilter::default()
            },
        )
        .unwrap();
    assert_eq!(by_other.matching, 0);
}

#[test]
fn sla_targets_of_zero_hours_or_a_warning_past_the_target_are_refused() {
    let t = crate::demo_station();
    let st = &t.station;
    let sup = sup(st);
    let mut s = SlaSettings {
        hold: SlaTarget {
            target_hours: 0,
            warn_hours: 0,
        },
        ..SlaSettings::default()
    };
    let e = st.set_sla_settings(&sup, &s).unwrap_err();
    assert_eq!(e.code(), "config.invalid");
    assert!(e.to_string().contains("sla.hold.target_hours"), "{e}");
    s.hold = SlaTarget {
        target_hours: 8,
        warn_hours: 8,
    };
    assert!(st
        .set_sla_settings(&sup, &s)
        .unwrap_err()
        .to_string()
        .contains("warn_hours"));
    s.hold = SlaTarget {
        target_hours: 8,
        warn_hours: 2,
    };
    st.set_sla_settings(&sup, &s).unwrap();
    assert_eq!(st.sla_settings().unwrap().hold.target_hours, 8);
    // A stored target this version cannot use (written by another version, through the log):
    // the default, and a problem listed.
    st.set_setting(
        &sup,
        "sla",
        serde_json::json!({"hold": {"target_hours": 0, "warn_hours": 0}}),
    )
    .unwrap();
    assert_eq!(st.sla_settings().unwrap(), SlaSettings::default());
    assert!(st.setting_problems().unwrap().iter().any(|p| p.key == "sla"));
}

#[test]
fn an_inspector_asks_a_supervisor_to_look_and_the_request_leaves_the_queue_when_decided_or_dismissed() {
    let t = crate::demo_station();
    let st = &t.station;
    let s = crate::inspector(st);
    scan(st, &s, PARCEL);
    scan(st, &s, "(01)05901234123457(21)HP200-00017");
    scan(st, &s, "CMD:PASS");
    scan(st, &s, "CMD:NEXT");
    scan(st, &s, CASE);
    let lpns = crate::lpns_of(st, "unit_received");
    let (headphones, case) = (lpns[0].clone(), lpns[1].clone());
    // Not decided yet, no reason, or "to hold": refused.
    assert_eq!(
        st.request_override(&s, &case, None, "looks used")
            .unwrap_err()
            .code(),
        "disposition.not_decided"
    );
    assert_eq!(
        st.request_override(&s, &headphones, None, "  ")
            .unwrap_err()
            .code(),
        "queue.reason_required"
    );
    assert_eq!(
        st.request_override(&s, &headphones, Some(Channel::Hold), "x")
            .unwrap_err()
            .code(),
        "queue.release_to_hold"
    );
    let asked = st
        .request_override(
            &s,
            &headphones,
            Some(Channel::Refurbish),
            "the left ear cup crackles",
        )
        .unwrap();
    assert_eq!(
        (asked.kind, asked.state, asked.left_minutes),
        (QueueKind::Request, SlaState::Ok, 8 * 60)
    );
    assert_eq!(
        st.request_override(&s, &headphones, None, "again")
            .unwrap_err()
            .code(),
        "queue.already_requested"
    );
    let sup = sup(st);
    let q = st
        .queue(
            &sup,
            &QueueFilter {
                kinds: vec![QueueKind::Request],
                ..QueueFilter::default()
            },
        )
        .unwrap();
    assert_eq!(q.items.len(), 1);
    let r = &q.items[0];
    assert_eq!(
        (
            r.lpn.as_str(),
            r.reason.as_deref(),
            r.channel,
            r.inspector.as_deref()
        ),
        (
            headphones.as_str(),
            Some("the left ear cup crackles"),
            Some(Channel::Refurbish),
            Some("op-0005")
        )
    );
    // Only requests are dismissed.
    assert_eq!(
        st.act_on_queue(&sup, &[r.key()], &QueueAction::Resume, "x")
            .unwrap_err()
            .code(),
        "queue.not_paused"
    );
    // Decided again from the queue: the request is answered.
    st.act_on_queue(
        &sup,
        &[r.key()],
        &QueueAction::Release {
            channel: Channel::Refurbish,
            refund: None,
        },
        "crackle confirmed",
    )
    .unwrap();
    assert_eq!(
        st.decision(&headphones).unwrap().unwrap().channel,
        Channel::Refurbish
    );
    let requests = |st: &Station, sup: &Session| {
        st.queue(
            sup,
            &QueueFilter {
                kinds: vec![QueueKind::Request],
                ..QueueFilter::default()
            },
        )
        .unwrap()
        .items
    };
    assert!(requests(st, &sup).is_empty());
    // Asked again about the new decision, and dismissed: the decision stands.
    let s = crate::inspector(st);
    st.request_override(&s, &headphones, None, "still not sure")
        .unwrap();
    let sup = st.login("BADGE-0003", "3456").unwrap();
    let again = requests(st, &sup);
    assert_eq!(again.len(), 1);
    st.act_on_queue(
        &sup,
        &[again[0].key()],
        &QueueAction::Dismiss,
        "checked: refurbish is right",
    )
    .unwrap();
    assert!(requests(st, &sup).is_empty());
    assert_eq!(
        st.decision(&headphones).unwrap().unwrap().channel,
        Channel::Refurbish
    );
    let kinds: Vec<String> = st
        .events_after(0, i64::MAX)
        .unwrap()
        .iter()
        .map(|e| e.kind.clone())
        .collect();
    assert_eq!(kinds.iter().filter(|k| *k == "override_requested").count(), 2);
}
