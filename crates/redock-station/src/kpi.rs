//! KPIs over a date range (#16 item 4): units per hour per inspector and for the station, handle
//! time per grading set, the disposition mix and expected recovery per channel, the top return
//! reasons per SKU and per vendor (stated against found), fraud signals and SLA breaches, and
//! units per day for the chart. Read from `kpi_hour` (migration 0016), which the projection keeps
//! with every inspection, decision and breach it inserts, so a month at a big dock is a few
//! thousand rows. Dates are the site's calendar days.
//!
//! Every decision counts once, on the day it was made: a hold released later counts as a hold and
//! as the release, told apart by who decided (`by_rule`, `by_person`). Dock-to-stock waits for
//! sorting into containers.

use crate::auth::{Role, Session};
use crate::error::{StationError, StoreError};
use crate::station::Station;
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A handle time's bucket (lower bound in seconds), as the rollup and the migration have it.
pub const HANDLE_BUCKETS_S: [u32; 6] = [0, 15, 30, 60, 120, 300];
/// The longest range the screen and `redock export kpis` take.
pub const MAX_DAYS: i64 = 366;
/// How many of the top return reasons are listed.
const TOP: usize = 10;

macro_rules! bucket {
    ($col:literal) => {
        concat!(
            "CASE WHEN ",
            $col,
            " < 15000 THEN '0' WHEN ",
            $col,
            " < 30000 THEN '15' WHEN ",
            $col,
            " < 60000 THEN '30' WHEN ",
            $col,
            " < 120000 THEN '60' WHEN ",
            $col,
            " < 300000 THEN '120' ELSE '300' END"
        )
    };
}

const UPSERT: &str = " ON CONFLICT (metric, hour, k1, k2, k3) DO UPDATE SET n = n + excluded.n, total = total + excluded.total";

/// Counts an inspection the projection just inserted (`inspection_id`).
pub(crate) fn count_inspection(tx: &Transaction<'_>, inspection_id: &str) -> Result<(), StoreError> {
    const STATEMENTS: [&str; 4] = [
        concat!(
            "INSERT INTO kpi_hour (metric, hour, k1, k2, n, total)
             SELECT 'inspected', substr(inspected_at, 1, 13), COALESCE(operator_id, ''), grading_set, 1,
                    COALESCE(handle_ms, 0)
               FROM inspection WHERE inspection_id = ?1",
            " ON CONFLICT (metric, hour, k1, k2, k3) DO UPDATE SET n = n + excluded.n, total = total + excluded.total"
        ),
        concat!(
            "INSERT INTO kpi_hour (metric, hour, k1, k2, n)
             SELECT 'handle', substr(inspected_at, 1, 13), grading_set, ",
            bucket!("handle_ms"),
            ", 1 FROM inspection WHERE inspection_id = ?1 AND handle_ms IS NOT NULL",
            " ON CONFLICT (metric, hour, k1, k2, k3) DO UPDATE SET n = n + excluded.n, total = total + excluded.total"
        ),
        concat!(
            "INSERT INTO kpi_hour (metric, hour, k1, k2, k3, n)
             SELECT 'reason', substr(i.inspected_at, 1, 13), COALESCE(u.sku, ''), COALESCE(i.stated_reason, ''),
                    COALESCE(i.found_reason, ''), 1
               FROM inspection i LEFT JOIN unit u ON u.lpn = i.lpn WHERE i.inspection_id = ?1",
            " ON CONFLICT (metric, hour, k1, k2, k3) DO UPDATE SET n = n + excluded.n, total = total + excluded.total"
        ),
        concat!(
            "INSERT INTO kpi_hour (metric, hour, k1, n)
             SELECT 'flag', substr(i.inspected_at, 1, 13), f.value, 1
               FROM inspection i, json_each(i.flags) f WHERE i.inspection_id = ?1",
            " ON CONFLICT (metric, hour, k1, k2, k3) DO UPDATE SET n = n + excluded.n, total = total + excluded.total"
        ),
    ];
    for sql in STATEMENTS {
        tx.prepare_cached(sql)?.execute([inspection_id])?;
    }
    Ok(())
}

/// Counts a decision the projection just inserted (`disposition_id`).
pub(crate) fn count_decision(tx: &Transaction<'_>, disposition_id: &str) -> Result<(), StoreError> {
    const SQL: &str = concat!(
        "INSERT INTO kpi_hour (metric, hour, k1, k2, k3, n, total)
         SELECT 'decided', substr(decided_at, 1, 13), channel, decided_by, COALESCE(currency, ''), 1,
                COALESCE(recovery_minor, 0)
           FROM disposition WHERE disposition_id = ?1",
        " ON CONFLICT (metric, hour, k1, k2, k3) DO UPDATE SET n = n + excluded.n, total = total + excluded.total"
    );
    tx.prepare_cached(SQL)?.execute([disposition_id])?;
    Ok(())
}

/// Counts a breach recorded at `at`.
pub(crate) fn count_breach(tx: &Transaction<'_>, kind: &str, at: &str) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO kpi_hour (metric, hour, k1, n) VALUES ('breach', substr(?2, 1, 13), ?1, 1){UPSERT}"
    );
    tx.prepare_cached(&sql)?.execute(params![kind, at])?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InspectorKpi {
    pub operator_id: String,
    pub name: Option<String>,
    pub units: u32,
    /// Hours in which the inspector inspected at least one unit.
    pub hours: u32,
    pub units_per_hour: f64,
    pub mean_handle_s: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HandleKpi {
    pub grading_set: String,
    pub units: u32,
    pub mean_handle_s: f64,
    /// Units per bucket, in the order of `HANDLE_BUCKETS_S` (lower bounds in seconds).
    pub buckets: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChannelKpi {
    pub channel: String,
    pub by_rule: u32,
    pub by_person: u32,
    /// Expected recovery of the decisions, per currency, in minor units.
    pub recovery: Vec<Money>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Money {
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub minor: i64,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReasonKpi {
    /// A SKU, or a vendor.
    pub key: String,
    /// The SKU's name (a vendor's: none).
    pub name: Option<String>,
    /// What the customer said (none: not stated).
    pub stated: Option<String>,
    /// What the inspector found (none: nothing found).
    pub found: Option<String>,
    pub units: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CountKpi {
    pub key: String,
    pub n: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DayKpi {
    pub date: String,
    pub units: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Kpis {
    pub from: String,
    pub to: String,
    pub time_zone: String,
    /// The station's units, active hours and pace.
    pub units: u32,
    pub hours: u32,
    pub units_per_hour: f64,
    pub inspectors: Vec<InspectorKpi>,
    pub handle: Vec<HandleKpi>,
    pub channels: Vec<ChannelKpi>,
    pub reasons_by_sku: Vec<ReasonKpi>,
    pub reasons_by_vendor: Vec<ReasonKpi>,
    pub fraud: Vec<CountKpi>,
    pub breaches: Vec<CountKpi>,
    /// Units inspected per day of the range, every day listed.
    pub per_day: Vec<DayKpi>,
}

fn bad_range(message: String) -> StationError {
    StationError::Refused {
        code: "kpi.range_invalid",
        message,
    }
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, StationError> {
    s.trim()
        .parse::<jiff::civil::Date>()
        .map_err(|e| bad_range(format!("{s:?} is not a date (YYYY-MM-DD): {e}")))
}

/// A metric's rollup rows of a range of UTC hours (the primary key's range).
pub const KPI_ROWS: &str =
    "SELECT hour, k1, k2, k3, n, total FROM kpi_hour WHERE metric = ?1 AND hour >= ?2 AND hour < ?3";

/// The reasons of a range, those that say something (stated or found).
pub const KPI_REASONS: &str = "SELECT k1, k2, k3, n FROM kpi_hour
     WHERE metric = 'reason' AND hour >= ?1 AND hour < ?2 AND (k2 <> '' OR k3 <> '')";

/// Words counted by number (a month's reasons are tens of thousands of rows of a few hundred words).
#[derive(Default)]
struct Interner {
    ids: std::collections::HashMap<String, u32>,
    words: Vec<String>,
}

impl Interner {
    fn id(&mut self, w: &str) -> u32 {
        if let Some(id) = self.ids.get(w) {
            return *id;
        }
        let id = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        self.words.push(w.to_owned());
        self.ids.insert(w.to_owned(), id);
        id
    }

    fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", String::as_str)
    }
}

/// One rollup row: hour, k1, k2, k3, n, total.
type RollupRow = (String, String, String, String, i64, i64);

fn rows(c: &Connection, metric: &str, start: &str, end: &str) -> Result<Vec<RollupRow>, StationError> {
    Ok(c.prepare_cached(KPI_ROWS)?
        .query_map(params![metric, start, end], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })?
        .collect::<Result<Vec<_>, _>>()?)
}

fn n32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

fn opt(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// The KPIs of the site's days `from..=to` (zone `site`) from the rollups.
pub(crate) fn kpis_in(
    c: &Connection,
    site: &crate::clock::SiteTime,
    from: &str,
    to: &str,
) -> Result<Kpis, StationError> {
    let (d0, d1) = (parse_date(from)?, parse_date(to)?);
    if d1 < d0 {
        return Err(bad_range(format!(
            "the range ends ({to}) before it starts ({from})"
        )));
    }
    let days = (d1 - d0).get_days() + 1;
    if i64::from(days) > MAX_DAYS {
        return Err(bad_range(format!("{days} days; at most {MAX_DAYS}")));
    }
    let after = d1.tomorrow().map_err(|e| bad_range(e.to_string()))?;
    let (start, end) = (site.hour_of_midnight(d0), site.hour_of_midnight(after));

    // Inspections: per inspector, the station, per day.
    let mut per_op: BTreeMap<String, (i64, i64, BTreeSet<String>)> = BTreeMap::new();
    let mut hours = BTreeSet::new();
    let mut per_day: BTreeMap<String, i64> = BTreeMap::new();
    let mut units = 0i64;
    let inspected = rows(c, "inspected", &start, &end)?;
    let mut day_of: BTreeMap<&str, String> = BTreeMap::new();
    for (hour, op, _set, _, n, total) in &inspected {
        let (op, n, total) = (op.clone(), *n, *total);
        let e = per_op.entry(op).or_default();
        e.0 += n;
        e.1 += total;
        e.2.insert(hour.clone());
        units += n;
        let day = day_of.entry(hour).or_insert_with(|| site.date_of_hour(hour));
        *per_day.entry(day.clone()).or_default() += n;
        hours.insert(hour.clone());
    }
    let names: BTreeMap<String, String> = c
        .prepare_cached("SELECT operator_id, name FROM operator")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut inspectors: Vec<InspectorKpi> = per_op
        .into_iter()
        .map(|(op, (n, total, h))| InspectorKpi {
            name: names.get(&op).cloned(),
            units: n32(n),
            hours: n32(h.len() as i64),
            units_per_hour: n as f64 / (h.len().max(1)) as f64,
            mean_handle_s: if n > 0 {
                total as f64 / n as f64 / 1000.0
            } else {
                0.0
            },
            operator_id: op,
        })
        .collect();
    inspectors.sort_by(|a, b| {
        b.units
            .cmp(&a.units)
            .then_with(|| a.operator_id.cmp(&b.operator_id))
    });

    // Handle time per grading set.
    let mut handle: BTreeMap<String, (Vec<u32>, i64, i64)> = BTreeMap::new();
    for (_, _op, set, _, n, total) in &inspected {
        let (n, total) = (*n, *total);
        let e = handle
            .entry(set.clone())
            .or_insert_with(|| (vec![0; HANDLE_BUCKETS_S.len()], 0, 0));
        e.1 += n;
        e.2 += total;
    }
    for (_, set, bucket, _, n, _) in rows(c, "handle", &start, &end)? {
        let e = handle
            .entry(set)
            .or_insert_with(|| (vec![0; HANDLE_BUCKETS_S.len()], 0, 0));
        if let Some(i) = HANDLE_BUCKETS_S.iter().position(|b| b.to_string() == bucket) {
            e.0[i] += n32(n);
        }
    }
    let handle = handle
        .into_iter()
        .map(|(grading_set, (buckets, n, total))| HandleKpi {
            grading_set,
            units: n32(n),
            mean_handle_s: if n > 0 {
                total as f64 / n as f64 / 1000.0
            } else {
                0.0
            },
            buckets,
        })
        .collect();

    // Decisions per channel.
    let mut channels: BTreeMap<String, (i64, i64, BTreeMap<String, i64>)> = BTreeMap::new();
    for (_, channel, by, currency, n, total) in rows(c, "decided", &start, &end)? {
        let e = channels.entry(channel).or_default();
        if by == "person" {
            e.1 += n;
        } else {
            e.0 += n;
        }
        if !currency.is_empty() {
            *e.2.entry(currency).or_default() += total;
        }
    }
    let channels = channels
        .into_iter()
        .map(|(channel, (rule, person, money))| ChannelKpi {
            channel,
            by_rule: n32(rule),
            by_person: n32(person),
            recovery: money
                .into_iter()
                .map(|(currency, minor)| Money { minor, currency })
                .collect(),
        })
        .collect();

    // Reasons, stated against found, per SKU and per vendor.
    let skus: BTreeMap<String, (String, Option<String>)> = c
        .prepare_cached("SELECT sku, name, vendor FROM sku")?
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<Result<_, _>>()?;
    // A month at a big dock is ~90,000 (SKU, stated, found) rows: read them in place, words
    // interned, counted by numbers, and only the top ones named.
    let mut words = Interner::default();
    let vendor_of: std::collections::HashMap<u32, u32> = skus
        .iter()
        .map(|(sku, (_, vendor))| (words.id(sku), words.id(vendor.as_deref().unwrap_or(""))))
        .collect();
    let mut by_sku: std::collections::HashMap<(u32, u32, u32), i64> = std::collections::HashMap::new();
    let mut by_vendor: std::collections::HashMap<(u32, u32, u32), i64> = std::collections::HashMap::new();
    {
        let mut st = c.prepare_cached(KPI_REASONS)?;
        let mut q = st.query(params![start, end])?;
        while let Some(r) = q.next()? {
            let text = |i| {
                r.get_ref(i)
                    .and_then(|v| v.as_str().map_err(rusqlite::Error::from))
            };
            let (sku, stated, found) = (text(0)?, text(1)?, text(2)?);
            let n: i64 = r.get(3)?;
            let (sku, stated, found) = (words.id(sku), words.id(stated), words.id(found));
            let vendor = match vendor_of.get(&sku) {
                Some(v) => *v,
                None => words.id(""),
            };
            *by_sku.entry((sku, stated, found)).or_default() += n;
            *by_vendor.entry((vendor, stated, found)).or_default() += n;
        }
    }
    let top = |m: std::collections::HashMap<(u32, u32, u32), i64>, named: bool| {
        let mut v: Vec<((u32, u32, u32), i64)> = m.into_iter().collect();
        let order = |a: &((u32, u32, u32), i64), b: &((u32, u32, u32), i64)| {
            let key = |k: &(u32, u32, u32)| (words.word(k.0), words.word(k.1), words.word(k.2));
            b.1.cmp(&a.1).then_with(|| key(&a.0).cmp(&key(&b.0)))
        };
        if v.len() > TOP {
            v.select_nth_unstable_by(TOP - 1, order);
            v.truncate(TOP);
        }
        v.sort_by(order);
        v.into_iter()
            .map(|((key, stated, found), n)| {
                let key = words.word(key).to_owned();
                ReasonKpi {
                    name: if named {
                        skus.get(&key).map(|(n, _)| n.clone())
                    } else {
                        None
                    },
                    key,
                    stated: opt(words.word(stated).to_owned()),
                    found: opt(words.word(found).to_owned()),
                    units: n32(n),
                }
            })
            .collect::<Vec<_>>()
    };
    let reasons_by_sku = top(by_sku, true);
    let reasons_by_vendor = top(by_vendor, false);

    let counts = |metric: &str| -> Result<Vec<CountKpi>, StationError> {
        let mut m: BTreeMap<String, i64> = BTreeMap::new();
        for (_, k, _, _, n, _) in rows(c, metric, &start, &end)? {
            *m.entry(k).or_default() += n;
        }
        let mut v: Vec<CountKpi> = m
            .into_iter()
            .map(|(key, n)| CountKpi { key, n: n32(n) })
            .collect();
        v.sort_by(|a, b| b.n.cmp(&a.n).then_with(|| a.key.cmp(&b.key)));
        Ok(v)
    };
    let fraud = counts("flag")?;
    let breaches = counts("breach")?;

    let mut days_out = Vec::new();
    let mut d = d0;
    while d <= d1 {
        let date = d.to_string();
        days_out.push(DayKpi {
            units: n32(per_day.get(&date).copied().unwrap_or(0)),
            date,
        });
        d = match d.tomorrow() {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    Ok(Kpis {
        from: d0.to_string(),
        to: d1.to_string(),
        time_zone: site.name().to_owned(),
        units: n32(units),
        hours: n32(hours.len() as i64),
        units_per_hour: units as f64 / (hours.len().max(1)) as f64,
        inspectors,
        handle,
        channels,
        reasons_by_sku,
        reasons_by_vendor,
        fraud,
        breaches,
        per_day: days_out,
    })
}

impl Kpis {
    /// The KPIs as CSV (UTF-8, comma, header row; one row per number: section, key, detail,
    /// value, unit), for a spreadsheet.
    pub fn to_csv(&self) -> Result<String, StationError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut rows: Vec<[String; 5]> = Vec::new();
        let mut row = |section: &str, key: &str, detail: &str, value: String, unit: &str| {
            rows.push([section.into(), key.into(), detail.into(), value, unit.into()]);
        };
        row("range", &self.from, &self.to, self.time_zone.clone(), "");
        row("station", "units", "", self.units.to_string(), "units");
        row("station", "hours", "", self.hours.to_string(), "hours");
        row(
            "station",
            "units_per_hour",
            "",
            format!("{:.2}", self.units_per_hour),
            "units/h",
        );
        for i in &self.inspectors {
            let who = i.name.as_deref().unwrap_or(&i.operator_id);
            row("inspector", who, "units", i.units.to_string(), "units");
            row(
                "inspector",
                who,
                "units_per_hour",
                format!("{:.2}", i.units_per_hour),
                "units/h",
            );
            row(
                "inspector",
                who,
                "mean_handle",
                format!("{:.1}", i.mean_handle_s),
                "s",
            );
        }
        for h in &self.handle {
            for (b, n) in HANDLE_BUCKETS_S.iter().zip(&h.buckets) {
                row(
                    "handle_time",
                    &h.grading_set,
                    &format!(">={b}s"),
                    n.to_string(),
                    "units",
                );
            }
            row(
                "handle_time",
                &h.grading_set,
                "mean",
                format!("{:.1}", h.mean_handle_s),
                "s",
            );
        }
        for ch in &self.channels {
            row(
                "disposition",
                &ch.channel,
                "by_rule",
                ch.by_rule.to_string(),
                "units",
            );
            row(
                "disposition",
                &ch.channel,
                "by_person",
                ch.by_person.to_string(),
                "units",
            );
            for m in &ch.recovery {
                row(
                    "recovery",
                    &ch.channel,
                    &m.currency,
                    format!("{:.2}", m.minor as f64 / 100.0),
                    &m.currency,
                );
            }
        }
        for (section, list) in [
            ("reason_by_sku", &self.reasons_by_sku),
            ("reason_by_vendor", &self.reasons_by_vendor),
        ] {
            for r in list {
                let detail = format!(
                    "{} / {}",
                    r.stated.as_deref().unwrap_or("-"),
                    r.found.as_deref().unwrap_or("-")
                );
                row(section, &r.key, &detail, r.units.to_string(), "units");
            }
        }
        for f in &self.fraud {
            row("fraud_signal", &f.key, "", f.n.to_string(), "units");
        }
        for b in &self.breaches {
            row("sla_breach", &b.key, "", b.n.to_string(), "items");
        }
        for d in &self.per_day {
            row("per_day", &d.date, "", d.units.to_string(), "units");
        }
        let io = |e: csv::Error| StationError::Config(format!("writing the KPIs: {e}"));
        w.write_record(["section", "key", "detail", "value", "unit"])
            .map_err(io)?;
        for r in &rows {
            w.write_record(r).map_err(io)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| StationError::Config(format!("writing the KPIs: {e}")))?;
        String::from_utf8(bytes).map_err(|e| StationError::Config(format!("writing the KPIs: {e}")))
    }
}

impl Station {
    /// The KPIs of `from..=to` as CSV, written to `<the station's folder>/exports/` (the window's
    /// export: the file is where the supervisor's spreadsheet can open it). Returns its path.
    pub fn export_kpis_csv(&self, session: &Session, from: &str, to: &str) -> Result<String, StationError> {
        let k = self.kpis(session, from, to)?;
        self.write_export(&format!("kpis-{}-{}.csv", k.from, k.to), k.to_csv()?.as_bytes())
    }

    /// The KPIs of the site's days `from..=to` (YYYY-MM-DD), for a supervisor.
    pub fn kpis(&self, session: &Session, from: &str, to: &str) -> Result<Kpis, StationError> {
        session.require(Role::Supervisor)?;
        let site = self.site_time()?;
        self.store.read(|c| kpis_in(c, &site, from, to))
    }
}
