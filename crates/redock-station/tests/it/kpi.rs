//! KPIs (#16 item 4) on a small dock's day, against numbers worked out by hand; the rollups the
//! projection keeps agree with the upgrade's backfill from the tables.

use redock_domain::disposition::Channel;
use redock_station::Station;
use time::Duration;

use crate::scan;

/// The demo station's clock starts 2026-11-23 08:00 UTC (09:00 in Warsaw). Sam inspects the
/// headphones in 20 s and the phone (a serial that was not sold: held) in 70 s; a supervisor
/// releases the hold; at 23:30 UTC (00:30 on the 24th in Warsaw) Sam inspects the phone case.
fn a_day(t: &crate::TestStation) -> Vec<String> {
    let st = &t.station;
    let s = crate::inspector(st);
    scan(st, &s, "1Z999AA10123456784");
    scan(st, &s, "(01)05901234123457(21)HP200-00017");
    t.clock.advance(Duration::seconds(20));
    scan(st, &s, "CMD:PASS");
    scan(st, &s, "CMD:NEXT");
    scan(st, &s, "]d2010460123456789321356938035643800");
    t.clock.advance(Duration::seconds(70));
    scan(st, &s, "CMD:GRADE:B");
    scan(st, &s, "CMD:NEXT");
    let lpns = crate::lpns_of(st, "decided");
    let sup = st.login("BADGE-0003", "3456").unwrap();
    st.override_disposition(
        &sup,
        &lpns[1],
        Channel::Refurbish,
        None,
        "serial checked with the shop",
    )
    .unwrap();
    t.clock.advance(Duration::hours(15) + Duration::minutes(28));
    let s = crate::inspector(st);
    scan(st, &s, "96385074");
    t.clock.advance(Duration::seconds(5));
    scan(st, &s, "CMD:PASS");
    scan(st, &s, "CMD:CLOSE");
    lpns
}

#[test]
fn a_day_s_kpis_are_the_numbers_worked_out_by_hand() {
    let t = crate::demo_station();
    let st = &t.station;
    a_day(&t);
    let sup = st.login("BADGE-0003", "3456").unwrap();
    let k = st.kpis(&sup, "2026-11-23", "2026-11-23").unwrap();
    assert_eq!(k.time_zone, "Europe/Warsaw");
    // Two units in one hour (08 UTC): 2 an hour.
    assert_eq!((k.units, k.hours, k.units_per_hour), (2, 1, 2.0));
    assert_eq!(k.inspectors.len(), 1);
    let sam = &k.inspectors[0];
    assert_eq!(
        (sam.operator_id.as_str(), sam.name.as_deref()),
        ("op-0005", Some("Sam Taylor"))
    );
    // (20 s + 70 s) / 2.
    assert_eq!((sam.units, sam.hours, sam.mean_handle_s), (2, 1, 45.0));
    assert_eq!(k.handle.len(), 1, "{:?}", k.handle);
    let h = &k.handle[0];
    assert_eq!(h.grading_set, "electronics");
    // 20 s in 15–30 s, 70 s in 60–120 s.
    assert_eq!(h.buckets, [0, 1, 0, 1, 0, 0]);
    // The headphones restocked by the rules, the phone held by them and released by a person.
    let mix: Vec<(&str, u32, u32)> = k
        .channels
        .iter()
        .map(|c| (c.channel.as_str(), c.by_rule, c.by_person))
        .collect();
    assert_eq!(
        mix,
        [("hold", 1, 0), ("refurbish", 0, 1), ("restock", 1, 0)],
        "{:?}",
        k.channels
    );
    let restock = k.channels.iter().find(|c| c.channel == "restock").unwrap();
    assert_eq!(restock.recovery.len(), 1);
    assert_eq!(restock.recovery[0].currency, "EUR");
    assert!(restock.recovery[0].minor > 0);
    assert_eq!(
        k.fraud.iter().map(|f| (f.key.as_str(), f.n)).collect::<Vec<_>>(),
        [("serial_mismatch", 1)]
    );
    // Stated reasons from the return's lines; per SKU and per vendor.
    let hp = k.reasons_by_sku.iter().find(|r| r.key == "EL-HP-200").unwrap();
    assert_eq!((hp.stated.as_deref(), hp.units), (Some("defective"), 1));
    assert_eq!(hp.name.as_deref(), Some("Wireless headphones HP-200"));
    let vendors: Vec<&str> = k.reasons_by_vendor.iter().map(|r| r.key.as_str()).collect();
    assert!(
        vendors.contains(&"Sonora") && vendors.contains(&"Nova Mobile"),
        "{vendors:?}"
    );
    assert_eq!(k.per_day.len(), 1);
    assert_eq!(
        (k.per_day[0].date.as_str(), k.per_day[0].units),
        ("2026-11-23", 2)
    );

    // The case, inspected at 23:30 UTC, is on the 24th in Warsaw.
    let k = st.kpis(&sup, "2026-11-23", "2026-11-24").unwrap();
    assert_eq!((k.units, k.hours), (3, 2));
    let days: Vec<(&str, u32)> = k.per_day.iter().map(|d| (d.date.as_str(), d.units)).collect();
    assert_eq!(days, [("2026-11-23", 2), ("2026-11-24", 1)]);
    let k = st.kpis(&sup, "2026-11-24", "2026-11-24").unwrap();
    assert_eq!(k.units, 1);

    // A breach counts on its day: the jacket of another parcel left waiting for inspection.
    let s = crate::inspector(st);
    scan(st, &s, "RR123456785PL");
    scan(st, &s, "5012345678900");
    scan(st, &s, "CMD:CLOSE");
    let sup = st.login("BADGE-0003", "3456").unwrap();
    t.clock.advance(Duration::hours(30));
    st.sweep_sla().unwrap();
    let k = st.kpis(&sup, "2026-11-23", "2026-11-30").unwrap();
    assert_eq!(k.per_day.len(), 8);
    assert_eq!(k.breaches.iter().map(|b| b.n).sum::<u32>(), 1, "{:?}", k.breaches);

    // CSV: one row per number.
    let csv = k.to_csv().unwrap();
    assert!(csv.starts_with("section,key,detail,value,unit\n"), "{csv}");
    assert!(csv.contains("inspector,Sam Taylor,units,3,units\n"), "{csv}");
    assert!(csv.contains("fraud_signal,serial_mismatch,,1,units\n"), "{csv}");
    // From the window: a file in the station's folder.
    let path = st.export_kpis_csv(&sup, "2026-11-23", "2026-11-30").unwrap();
    assert!(path.ends_with("exports/kpis-2026-11-23-2026-11-30.csv"), "{path}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), csv);
}

#[test]
fn a_range_that_ends_before_it_starts_or_is_over_a_year_is_refused_and_inspectors_cannot_see_kpis() {
    let t = crate::demo_station();
    let st = &t.station;
    let sup = st.login("BADGE-0003", "3456").unwrap();
    for (from, to) in [
        ("2026-11-24", "2026-11-23"),
        ("2025-01-01", "2026-11-23"),
        ("23.11.2026", "2026-11-23"),
    ] {
        assert_eq!(
            st.kpis(&sup, from, to).unwrap_err().code(),
            "kpi.range_invalid",
            "{from}..{to}"
        );
    }
    // Nothing yet: zeros, every day listed.
    let k = st.kpis(&sup, "2026-11-20", "2026-11-23").unwrap();
    assert_eq!((k.units, k.per_day.len()), (0, 4));
    let insp = crate::inspector(st);
    assert_eq!(
        st.kpis(&insp, "2026-11-23", "2026-11-23").unwrap_err().code(),
        "auth.forbidden"
    );
}

#[test]
fn the_rollups_the_projection_keeps_are_what_the_upgrade_backfills_from_the_tables() {
    let t = crate::demo_station();
    let st = &t.station;
    a_day(&t);
    t.clock.advance(Duration::hours(30));
    st.sweep_sla().unwrap();
    let dump = |st: &Station| -> Vec<String> {
        st.store()
            .read(|c| {
                let mut s = c.prepare("SELECT metric, hour, k1, k2, k3, n, total FROM kpi_hour WHERE metric <> 'breach' ORDER BY 1, 2, 3, 4, 5")?;
                let rows = s
                    .query_map([], |r| {
                        Ok(format!(
                            "{}|{}|{}|{}|{}|{}|{}",
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                            r.get::<_, String>(4)?,
                            r.get::<_, i64>(5)?,
                            r.get::<_, i64>(6)?
                        ))
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok::<_, rusqlite::Error>(rows)
            })
            .unwrap()
    };
    let kept = dump(st);
    assert!(kept.len() >= 8, "{kept:?}");
    let migration = include_str!("../../../../migrations/station/0016_kpi.sql");
    let backfill = &migration[migration.find("INSERT INTO kpi_hour").unwrap()..];
    st.store()
        .write(|tx| {
            tx.execute("DELETE FROM kpi_hour", [])?;
            tx.execute_batch(backfill)?;
            Ok::<_, redock_station::error::StoreError>(())
        })
        .unwrap();
    assert_eq!(dump(st), kept);
}
