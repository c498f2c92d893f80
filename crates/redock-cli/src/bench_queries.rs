//! `redock bench queries`: the supervisors' reads on a big station (#16 item 7) — the queue, its
//! filters, the desk's SLA alert, the desk itself, the holds list, a unit's trail — each p50 / p95,
//! against the floor of one read (a unit looked up by its LPN) measured in the same run, the
//! queries taking turns so a burst of the machine's other work hits them alike.

use anyhow::{Context, Result};
use redock_station::queue::{QueueFilter, QueueKind};
use redock_station::{Station, SystemClock};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// The goal for every query (the issue's): p95 under this many milliseconds.
const GOAL_P95_MS: f64 = 50.0;

type Query<'a> = Box<dyn FnMut(usize) -> Result<usize> + 'a>;

pub fn bench_queries(db: &Path, runs: u32, json: bool) -> Result<()> {
    if !db.is_file() {
        anyhow::bail!("{} is not a station database", db.display());
    }
    let station = Station::open(db, Arc::new(SystemClock), redock_domain::CodeConfig::demo())
        .with_context(|| format!("opening {}", db.display()))?;
    let sup = station.login("BADGE-0003", "3456")?;
    let (units, events): (i64, i64) = station.store().read(|c| {
        c.query_row(
            "SELECT (SELECT count(*) FROM unit), (SELECT coalesce(max(seq), 0) FROM events)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    })?;
    // Units spread over the year for the trail and the reference lookup (by rowid, not OFFSET).
    let lpns: Vec<String> = station.store().read(|c| {
        let (lo, hi): (i64, i64) = c.query_row("SELECT min(rowid), max(rowid) FROM unit", [], |r| {
            Ok((
                r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
            ))
        })?;
        let mut st = c.prepare("SELECT lpn FROM unit WHERE rowid >= ?1 ORDER BY rowid LIMIT 1")?;
        let mut out = Vec::new();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..256 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let span = u64::try_from((hi - lo).max(1)).unwrap_or(1);
            let at = lo + i64::try_from(x % span).unwrap_or(0);
            if let Some(l) = st
                .query_map([at], |r| r.get::<_, String>(0))?
                .next()
                .transpose()?
            {
                out.push(l);
            }
        }
        Ok::<_, rusqlite::Error>(out)
    })?;
    if lpns.is_empty() {
        anyhow::bail!("{} has no units", db.display());
    }
    let all = QueueFilter::default();
    let holds_flagged = QueueFilter {
        kinds: vec![QueueKind::Hold],
        flag: Some("serial_mismatch".into()),
        ..QueueFilter::default()
    };
    let old = QueueFilter {
        min_age_hours: Some(24),
        ..QueueFilter::default()
    };
    // The last days the station worked, as the site's calendar has them.
    let last: String = station.store().read(|c| {
        c.query_row(
            "SELECT COALESCE(max(inspected_at), '') FROM inspection",
            [],
            |r| r.get(0),
        )
    })?;
    let site = station.site_time()?;
    let last_day = match time::OffsetDateTime::parse(&last, &time::format_description::well_known::Rfc3339) {
        Ok(t) => site.date(t),
        Err(_) => site.date(time::OffsetDateTime::now_utc()),
    };
    let back = |days: i64| -> Result<(String, String)> {
        let d: jiff::civil::Date = last_day.parse()?;
        Ok((
            (d - jiff::Span::new().days(days - 1)).to_string(),
            last_day.clone(),
        ))
    };
    let (week, month) = (back(7)?, back(30)?);
    let (week, month) = (&week, &month);
    let st = &station;
    let s = &sup;
    let lp = &lpns;
    let mut queries: Vec<(&str, Query<'_>)> = vec![
        (
            "reference: a unit by its LPN",
            Box::new(move |i| {
                Ok(st
                    .store()
                    .read(|c| {
                        c.prepare_cached("SELECT status FROM unit WHERE lpn = ?1")?
                            .query_row([&lp[i % lp.len()]], |r| r.get::<_, String>(0))
                    })?
                    .len())
            }),
        ),
        (
            "queue, everything",
            Box::new(move |_| Ok(st.queue(s, &all)?.items.len())),
        ),
        (
            "queue, holds with a flag",
            Box::new(move |_| Ok(st.queue(s, &holds_flagged)?.items.len())),
        ),
        (
            "queue, a day old or more",
            Box::new(move |_| Ok(st.queue(s, &old)?.items.len())),
        ),
        (
            "desk's SLA alert",
            Box::new(move |_| Ok(st.sla_alert()?.breached as usize)),
        ),
        (
            "desk (supervisor)",
            Box::new(move |_| Ok(st.desk(s)?.recent_scans.len())),
        ),
        ("holds list", Box::new(move |_| Ok(st.holds(s)?.len()))),
        (
            "KPIs, the last 7 days",
            Box::new(move |_| Ok(st.kpis(s, &week.0, &week.1)?.units as usize)),
        ),
        (
            "KPIs, the last 30 days",
            Box::new(move |_| Ok(st.kpis(s, &month.0, &month.1)?.units as usize)),
        ),
        (
            "a unit's trail",
            Box::new(move |i| Ok(st.unit_trail(s, &lp[i % lp.len()])?.entries.len())),
        ),
    ];
    // Warm: statement caches and the pages each query reads.
    for (_, q) in queries.iter_mut() {
        for i in 0..3 {
            q(i)?;
        }
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(runs as usize); queries.len()];
    let mut rows: Vec<usize> = vec![0; queries.len()];
    for run in 0..runs as usize {
        // Taking turns, the first one moving each round.
        let n = queries.len();
        for k in 0..n {
            let j = (run + k) % n;
            let t = Instant::now();
            rows[j] = queries[j].1(run)?;
            times[j].push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let stats: Vec<(f64, f64)> = times
        .iter_mut()
        .map(|t| {
            t.sort_by(f64::total_cmp);
            (
                crate::bench::percentile(t, 0.50),
                crate::bench::percentile(t, 0.95),
            )
        })
        .collect();
    let reference = stats[0].0.max(1e-6);
    let met = stats.iter().skip(1).all(|(_, p95)| *p95 < GOAL_P95_MS);
    let queue = station.queue(&sup, &QueueFilter::default())?;
    let items: u32 = queue.counts.iter().map(|c| c.n).sum();
    if json {
        let each: Vec<serde_json::Value> = queries
            .iter()
            .zip(&stats)
            .zip(&rows)
            .map(|(((name, _), (p50, p95)), rows)| {
                serde_json::json!({"query": name, "p50_ms": p50, "p95_ms": p95, "ratio_p50": p50 / reference, "rows": rows})
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({"bench": "queries", "db": db.display().to_string(), "units": units, "events": events,
                "queue_items": items, "runs": runs, "queries": each, "goal_p95_ms": GOAL_P95_MS, "met": met})
        );
        return Ok(());
    }
    println!(
        "bench queries: {} ({units} units, {events} events, {items} items in the queue), {runs} runs each, taking turns",
        db.display()
    );
    println!(
        "  {:<32} {:>9} {:>9} {:>12} {:>7}",
        "query", "p50", "p95", "p50 / ref", "rows"
    );
    for (((name, _), (p50, p95)), rows) in queries.iter().zip(&stats).zip(&rows) {
        println!(
            "  {name:<32} {p50:>6.2} ms {p95:>6.2} ms {:>11.1}x {rows:>7}",
            p50 / reference
        );
    }
    println!(
        "  goal: every query's p95 < {GOAL_P95_MS:.0} ms: {}",
        if met { "met" } else { "NOT met" }
    );
    Ok(())
}
