#![allow(clippy::unwrap_used)] // tests: a panic is the failure report
//! Registers, conflicts and custody (../shared/sync.md "Conflicts") against a real PostgreSQL and
//! a real hub process: two stations of one site changing the same unit while the hub is away.
//! A unit received at one station is taken over by another (the hub hands custody over when its
//! LPN is scanned there); the station that held it goes on writing before it hears. After both
//! sync, the hub settles the register by authority then hybrid logical clock, or queues a conflict;
//! every station shows what the hub settled, and the hub's rows are its events replayed.

mod common;

use common::*;
use redock_domain::disposition::Channel;
use redock_station::{ScanSource, Station};

const SUPERVISOR: (&str, &str) = ("BADGE-0003", "3456");
const INSPECTOR: (&str, &str) = ("BADGE-0005", "1111");

fn scan_as(st: &Station, who: (&str, &str), codes: &[&str]) -> Result<(), redock_station::StationError> {
    let s = st.login(who.0, who.1).unwrap();
    for c in codes {
        st.scan(&s, c, ScanSource::Manual)?;
    }
    Ok(())
}

fn one(st: &Station, sql: &str, lpn: &str) -> Option<String> {
    use rusqlite::OptionalExtension;
    st.store()
        .read(|c| {
            c.query_row(sql, [lpn], |r| r.get::<_, Option<String>>(0))
                .optional()
        })
        .unwrap()
        .flatten()
}

fn unit_lpn(st: &Station) -> String {
    st.store()
        .read(|c| {
            c.query_row("SELECT lpn FROM unit ORDER BY rowid DESC LIMIT 1", [], |r| {
                r.get(0)
            })
        })
        .unwrap()
}

fn current(st: &Station, lpn: &str) -> (String, String) {
    let d = st.decision(lpn).unwrap().unwrap();
    (d.disposition_id, d.channel.as_str().to_string())
}

/// Push and pull both stations until nothing moves (a settlement written by one push reaches the
/// other station at its next pull).
fn settle(stations: &[&Station]) {
    for _ in 0..2 {
        for st in stations {
            st.sync_once().unwrap();
            st.pull_once().unwrap();
        }
    }
    // What the pulls took in is pushed too (its ids and hashes): the hub holds every log whole.
    for st in stations {
        st.sync_once().unwrap();
    }
}

fn at_hub(hub: &Hub, sql: &str) -> Vec<Vec<Option<String>>> {
    hub.rows(sql)
}

fn assert_rebuild_is_live(hub: &Hub) {
    let rt = rt();
    let pool = redock_hub::db::pool(&hub.database, 2).unwrap();
    let live = rt
        .block_on(redock_hub::projection::snapshot(&pool, SITE))
        .unwrap();
    rt.block_on(redock_hub::projection::rebuild(&pool, SITE)).unwrap();
    assert_eq!(
        rt.block_on(redock_hub::projection::snapshot(&pool, SITE))
            .unwrap(),
        live
    );
}

fn offline(hub: Hub) -> (String, String) {
    let listen = hub.url.trim_start_matches("http://").to_string();
    (hub.stop(), listen)
}

/// Both supervisors override the same decided unit while the hub is away: equal authority, other
/// channels. The hub keeps both (nothing lost), holds the later by hybrid logical clock, and puts
/// the register in the conflict queue; both stations show the hub's choice, and the station that
/// held the unit learns it was handed over (it refuses to decide it again until it takes it back).
/// A supervisor's next override settles both heads: the conflict closes everywhere.
#[test]
fn two_stations_changing_the_same_unit_offline_meet_in_the_conflict_queue() {
    let hub = Hub::start();
    let d1 = desk(&hub);
    let d2 = desk_at(&hub, SITE, "station-wro-1-02", 2);
    work(&d1.station, &A_UNIT);
    let lpn = unit_lpn(&d1.station);
    let (first, _) = current(&d1.station, &lpn);
    settle(&[&d1.station, &d2.station]);

    // The unit moves to the second desk: its LPN scanned there takes it over.
    assert!(one(&d2.station, "SELECT lpn FROM unit WHERE lpn = ?1", &lpn).is_none());
    scan_as(&d2.station, SUPERVISOR, &[&lpn]).unwrap();
    assert_eq!(
        current(&d2.station, &lpn).0,
        first,
        "the decision came with the unit"
    );
    assert_eq!(
        one(&d2.station, "SELECT custody FROM unit WHERE lpn = ?1", &lpn),
        None
    );

    // The hub goes away; both desks go on.
    let (database, listen) = offline(hub);
    let s1 = d1.station.login(SUPERVISOR.0, SUPERVISOR.1).unwrap();
    let at1 = d1
        .station
        .override_disposition(&s1, &lpn, Channel::Refurbish, None, "scratch on the lid")
        .unwrap();
    let s2 = d2.station.login(SUPERVISOR.0, SUPERVISOR.1).unwrap();
    let at2 = d2
        .station
        .override_disposition(&s2, &lpn, Channel::Liquidate, None, "missing charger")
        .unwrap();
    assert_eq!(d1.station.sync_once().unwrap_err().code(), "sync.hub_unreachable");
    // Scanning a unit of another station while the hub is away says why it cannot be taken.
    let other = redock_domain::codes::format_lpn(redock_domain::codes::Lpn {
        station: 2,
        counter: 1,
    })
    .unwrap();
    let e = scan_as(&d1.station, INSPECTOR, &[&other]).unwrap_err();
    assert_eq!(e.code(), "custody.hub_unreachable", "{e}");

    let hub = Hub::serve(&database, &listen);
    settle(&[&d1.station, &d2.station]);
    assert_hub_holds(&hub, &d1.station);
    assert_hub_holds(&hub, &d2.station);

    // Both overrides are facts at the hub; the register holds one, the queue names both.
    let decisions = at_hub(
        &hub,
        &format!("SELECT disposition_id FROM hub_decision WHERE lpn = '{lpn}' ORDER BY 1"),
    );
    assert_eq!(decisions.len(), 3, "{decisions:?}");
    let register = at_hub(
        &hub,
        &format!("SELECT write_id, value, heads::text FROM hub_register WHERE lpn = '{lpn}' AND register = 'disposition'"),
    );
    let later = std::cmp::max_by_key(at1.disposition_id.clone(), at2.disposition_id.clone(), |id| {
        at_hub(
            &hub,
            &format!("SELECT hlc FROM event WHERE payload::jsonb->>'disposition_id' = '{id}'"),
        )[0][0]
            .clone()
    });
    assert_eq!(register[0][0].as_deref(), Some(later.as_str()), "{register:?}");
    assert_eq!(register[0][2].as_deref(), Some("2"));
    let conflicts = get(
        &format!("{}/v1/sites/{SITE}/conflicts", hub.url),
        &token(&d1.station),
    );
    assert_eq!(conflicts.0, 200);
    let queue = conflicts.1.as_array().unwrap();
    assert_eq!(queue.len(), 1, "{queue:?}");
    assert_eq!(queue[0]["lpn"], lpn.as_str());
    assert_eq!(queue[0]["holding"], later.as_str());
    let heads: Vec<&str> = queue[0]["heads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["write_id"].as_str().unwrap())
        .collect();
    let mut both = vec![at1.disposition_id.as_str(), at2.disposition_id.as_str()];
    both.sort();
    assert_eq!(heads, both);

    // Every station shows the hub's choice; the first desk heard that the unit moved.
    assert_eq!(current(&d1.station, &lpn).0, later);
    assert_eq!(current(&d2.station, &lpn).0, later);
    assert_eq!(
        one(&d1.station, "SELECT custody FROM unit WHERE lpn = ?1", &lpn),
        Some(stream(&d2.station))
    );
    let s1 = d1.station.login(SUPERVISOR.0, SUPERVISOR.1).unwrap();
    let e = d1
        .station
        .override_disposition(&s1, &lpn, Channel::Restock, None, "looks fine")
        .unwrap_err();
    assert_eq!(e.code(), "custody.elsewhere", "{e}");

    // The conflict is in the holding desk's queue (not the first desk's: the unit is not its).
    use redock_station::queue::{QueueAction, QueueFilter, QueueKind};
    let s2 = d2.station.login(SUPERVISOR.0, SUPERVISOR.1).unwrap();
    let conflicts = |st: &Station, s| {
        st.queue(
            s,
            &QueueFilter {
                kinds: vec![QueueKind::Conflict],
                ..QueueFilter::default()
            },
        )
        .unwrap()
        .items
    };
    let q2 = conflicts(&d2.station, &s2);
    assert_eq!(q2.len(), 1, "{q2:?}");
    assert_eq!(
        (q2[0].lpn.as_str(), q2[0].channel),
        (
            lpn.as_str(),
            Some(if later == at1.disposition_id {
                Channel::Refurbish
            } else {
                Channel::Liquidate
            })
        )
    );
    assert!(conflicts(&d1.station, &s1).is_empty());
    // The supervisor there releases it from the queue: one decision settles both heads.
    d2.station
        .act_on_queue(
            &s2,
            &[q2[0].key()],
            &QueueAction::Release {
                channel: Channel::Donate,
                refund: None,
            },
            "agreed with the other desk",
        )
        .unwrap();
    let last = d2.station.decision(&lpn).unwrap().unwrap();
    assert!(conflicts(&d2.station, &s2).is_empty());
    settle(&[&d1.station, &d2.station]);
    assert!(conflicts(&d2.station, &s2).is_empty(), "the hub settled it");
    let register = at_hub(
        &hub,
        &format!(
            "SELECT write_id, heads::text FROM hub_register WHERE lpn = '{lpn}' AND register = 'disposition'"
        ),
    );
    assert_eq!(register[0][0].as_deref(), Some(last.disposition_id.as_str()));
    assert_eq!(register[0][1].as_deref(), Some("1"));
    let conflicts = get(
        &format!("{}/v1/sites/{SITE}/conflicts", hub.url),
        &token(&d2.station),
    );
    assert_eq!(conflicts.1.as_array().map(Vec::len), Some(0), "{:?}", conflicts.1);
    assert_eq!(current(&d1.station, &lpn).0, last.disposition_id);
    assert_eq!(current(&d2.station, &lpn).0, last.disposition_id);
    assert_eq!(
        at_hub(
            &hub,
            &format!("SELECT disposition FROM hub_unit WHERE lpn = '{lpn}'")
        )[0][0]
            .as_deref(),
        Some("donate")
    );

    // Scanned at the first desk again, the unit comes back to it.
    scan_as(&d1.station, SUPERVISOR, &[&lpn]).unwrap();
    assert_eq!(
        one(&d1.station, "SELECT custody FROM unit WHERE lpn = ?1", &lpn),
        None
    );
    settle(&[&d1.station, &d2.station]);
    assert_eq!(
        one(&d2.station, "SELECT custody FROM unit WHERE lpn = ?1", &lpn),
        Some(stream(&d1.station))
    );
    for st in [&d1.station, &d2.station] {
        let before = redock_station::projection::snapshot(&st.store().lock_writer()).unwrap();
        redock_station::projection::rebuild(&mut st.store().lock_writer()).unwrap();
        let after = redock_station::projection::snapshot(&st.store().lock_writer()).unwrap();
        // desk_at renamed the second station in SQL, not by an event: its `station` row is not
        // the log's; every other table must be.
        let rows = |dump: &str| -> std::collections::BTreeSet<String> {
            let mut table = String::new();
            dump.lines()
                .filter_map(|l| {
                    if l.starts_with("## ") {
                        table = l.to_string();
                    }
                    (!table.starts_with("## station (")).then(|| l.to_string())
                })
                .collect()
        };
        let (b, a) = (rows(&before), rows(&after));
        assert_eq!(
            (
                b.difference(&a).collect::<Vec<_>>(),
                a.difference(&b).collect::<Vec<_>>()
            ),
            (vec![], vec![]),
            "a station's registers are its events replayed"
        );
    }
    assert_rebuild_is_live(&hub);
}

/// Authority settles what the clock would not: an inspector's hold at the desk that received a
/// waiting unit, written offline after another desk took it over and its rules decided, loses to
/// the rule without a conflict, whichever was written later.
#[test]
fn a_rule_outranks_an_inspector_s_hold_written_concurrently() {
    let hub = Hub::start();
    let d1 = desk(&hub);
    let d2 = desk_at(&hub, SITE, "station-wro-1-02", 2);
    // Received and left ungraded: it waits, labelled.
    work(
        &d1.station,
        &[
            "1Z999AA10123456784",
            "(01)05901234123457(21)HP200-00017",
            "CMD:CLOSE",
        ],
    );
    let lpn = unit_lpn(&d1.station);
    assert_eq!(
        one(&d1.station, "SELECT status FROM unit WHERE lpn = ?1", &lpn).as_deref(),
        Some("waiting")
    );
    settle(&[&d1.station, &d2.station]);
    scan_as(&d2.station, INSPECTOR, &[&lpn, "CMD:PASS", "CMD:NEXT"]).unwrap();
    let by_rule = current(&d2.station, &lpn);
    let (database, listen) = offline(hub);
    // The first desk has not heard: its inspector holds the unit for a supervisor.
    scan_as(
        &d1.station,
        INSPECTOR,
        &[&lpn, "CMD:HOLD", "CMD:GRADE:B", "CMD:NEXT"],
    )
    .unwrap();
    let held = current(&d1.station, &lpn);
    assert_eq!(held.1, "hold");
    let hub = Hub::serve(&database, &listen);
    settle(&[&d1.station, &d2.station]);
    let register = at_hub(
        &hub,
        &format!("SELECT write_id, authority::text, heads::text FROM hub_register WHERE lpn = '{lpn}' AND register = 'disposition'"),
    );
    assert_eq!(
        register[0],
        vec![Some(by_rule.0.clone()), Some("2".into()), Some("2".into())]
    );
    let queue = at_hub(
        &hub,
        &format!("SELECT register FROM hub_conflict WHERE lpn = '{lpn}'"),
    );
    assert!(
        !queue.iter().any(|r| r[0].as_deref() == Some("disposition")),
        "authority settled the disposition: {queue:?}"
    );
    assert_eq!(current(&d1.station, &lpn).0, by_rule.0);
    assert_eq!(current(&d2.station, &lpn).0, by_rule.0);
    // The grade is a register too: both stations show the hub's.
    let grade = at_hub(
        &hub,
        &format!("SELECT value FROM hub_register WHERE lpn = '{lpn}' AND register = 'grade'"),
    );
    for st in [&d1.station, &d2.station] {
        assert_eq!(
            one(st, "SELECT grade FROM unit WHERE lpn = ?1", &lpn),
            grade[0][0]
        );
    }
    assert_rebuild_is_live(&hub);
}
