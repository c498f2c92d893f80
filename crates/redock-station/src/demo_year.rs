//! A year at a big dock (`redock demo generate`): a new station database holding what a busy desk
//! records in a year, for benchmarks and for looking at the station under load.
//!
//! Nothing here writes a row: every scan goes through the scan service's own transaction body
//! (`scan::record_scan`: lookup, `scanned`, receiving, inspection, the decision and its label),
//! overrides through `inspect::override_in_tx`, and the rest (expected returns from the hub,
//! log-ins, the print thread's answers) as the events those services record, through
//! `events::record` and so `projection::apply`. So the log is a real one (dense seq, hashes, hlc)
//! and a rebuild gives the same projections.
//!
//! What is generated: 365 days ending on `YearPlan::last_day`; units per day Poisson around a
//! level set by the season (the January returns peak, the summer lull, Black Friday) and the
//! weekday (Monday's backlog, a short Saturday, Sunday closed but in peak weeks); each day's units
//! spread over the hours by the desk's shifts (early, late and a light night shift). Parcels carry
//! one to three units of one or two RMAs, imported from the hub two days before they arrive (and
//! RMAs that never arrive); some returns are unexpected, late, wrong, extra, missing, mis-serialed,
//! empty or damaged. Fifteen inspectors work a weekly rota with substitutes; supervisors release
//! most holds twice a day; the label printer is off now and then and the queue waits; the print
//! thread claims each label before sending it and sweeps finished jobs older than the retention
//! out of the queue daily.
//!
//! Speed: one write transaction per day of the desk's work (tens of thousands of events at a
//! million units a year), statements prepared once (the store's cache), and, for the generation
//! only, `synchronous=OFF`, a 256 MiB page cache and temp_store=MEMORY on the writer; they are set
//! back (FULL, the default cache) before the file is handed over — they belong to the connection,
//! the file is an ordinary station. The rest is the scan service's own cost: it answers every scan
//! with what the screen shows (the parcel, the inspection in the operator's language), which the
//! generator does not need but does not skip, so that it runs the code a desk runs.

use crate::auth::{hash_pin, Role, Session};
use crate::clock::{rfc3339, FixedClock};
use crate::error::{StationError, StoreError};
use crate::events::{
    record, EventBody, OperatorAdded, PrintAttempted, PrintSending, RmaAdded, RmaLine, ShopConfigured,
    SkuAdded, VendorAgreementSet,
};
use crate::events::{RtvTerms, VendorAgreement};
use crate::inspect::{override_in_tx, InspectionAction};
use crate::print_queue::PrinterSettings;
use crate::printers::{PrintFormat, PrinterConfig, SentJob};
use crate::queries as q;
use crate::scan::{record_scan, AtTheDesk, ScanOutcome, ScanSource};
use crate::station::Station;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use redock_domain::codes::{gs1_check_digit, s10_check_digit, ups_check_digit};
use redock_domain::disposition::Channel;
use redock_domain::grading::{check_step, GradingSet, GradingSets, Step};
use redock_domain::{classify, normalize_scan, CodeConfig};
use rusqlite::Transaction;
use serde::Serialize;
use std::collections::VecDeque;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use time::{Date, Duration, OffsetDateTime, Time, Weekday};

/// What to generate.
#[derive(Debug, Clone)]
pub struct YearPlan {
    /// Units received over the year (exactly).
    pub units: u64,
    /// The year's last day; it starts 364 days before.
    pub last_day: Date,
    /// The same seed gives the same history (ids aside: UUIDs are drawn fresh).
    pub seed: u64,
}

/// What was generated, and how fast.
#[derive(Debug, Clone, Serialize)]
pub struct YearReport {
    pub units: u64,
    pub parcels: u64,
    pub scans: u64,
    pub events: i64,
    pub days_open: u32,
    pub operators: u32,
    pub seconds: f64,
    /// The database file after the last checkpoint.
    pub bytes: u64,
}

/// Said after every simulated week.
#[derive(Debug, Clone)]
pub struct Progress {
    pub day: u32,
    pub units: u64,
    pub events: i64,
    pub seconds: f64,
}

const DAYS: i64 = 365;
/// Expected returns reach the station this many days before their parcels.
const IMPORT_LEAD_DAYS: usize = 2;
/// A unit's time at the desk when the desk is not rushed (product, answers, next), and a parcel's.
const UNIT_SECONDS: f64 = 38.0;
const PARCEL_SECONDS: f64 = 8.0;
/// Seconds of an hour the desk works (the rest: breaks, walking to the tote).
const HOUR_WORK_SECONDS: f64 = 3300.0;

const PRINTER_HOST: &str = "10.20.1.31";
/// Jobs named per `print_jobs_pruned` event (print_retention.rs prunes in batches this size).
const PRUNE_BATCH: u32 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    Electronics,
    Apparel,
    Home,
}

impl Category {
    fn as_str(self) -> &'static str {
        match self {
            Category::Electronics => "electronics",
            Category::Apparel => "apparel",
            Category::Home => "home",
        }
    }
}

struct Product {
    sku: String,
    /// EAN-13 as printed on the box.
    ean: String,
    category: Category,
    /// Electronics worth serialising: the label carries (01) GTIN and (21) serial.
    serialised: bool,
}

struct Customer {
    id: String,
    name: String,
    tier: &'static str,
}

/// One parcel as it will be scanned: its label, what is in it, and what goes wrong.
struct PlannedParcel {
    label: String,
    /// RMA labels found inside and scanned after the parcel label.
    inner_labels: Vec<String>,
    items: Vec<PlannedItem>,
    damaged: bool,
    empty: bool,
}

/// An expected return as announced: its code, the label its parcel will be opened with, the
/// serial sold per product, and its RMA label when found inside a parcel opened by another code.
struct Announced {
    rma: String,
    label: String,
    serials: Vec<Option<String>>,
    inner: Vec<String>,
}

struct PlannedItem {
    /// What the scanner reads.
    code: String,
    category: Option<Category>,
}

/// The desk's state between scans.
struct Sim {
    rng: StdRng,
    codes: Arc<CodeConfig>,
    grading: Arc<GradingSets>,
    rules: Arc<redock_domain::disposition::Table>,
    printer: PrinterSettings,
    printer_device: String,
    /// The site's calendar (the demo's: Europe/Warsaw), for "today" at each scan.
    site: crate::clock::SiteTime,
    products: Vec<Product>,
    /// Cumulative popularity weights of `products` (a long tail: a few sell and return a lot).
    popularity: Vec<f64>,
    frequent: Vec<Customer>,
    crew: Vec<(String, String, String)>,
    supervisors: Vec<(String, String, String)>,
    session: Option<Session>,
    /// The desk's clock: never goes back, whatever was planned.
    t: OffsetDateTime,
    outages: Vec<(OffsetDateTime, OffsetDateTime)>,
    /// Labels waiting for the printer, and when the next try is due.
    labels_waiting: bool,
    next_retry: Option<OffsetDateTime>,
    held: VecDeque<(String, OffsetDateTime)>,
    last_decided: Option<String>,
    counters: Counters,
}

#[derive(Default)]
struct Counters {
    rma: u64,
    fjordline_rma: u64,
    order: u64,
    tracking: u64,
    customer: u64,
    serial: u64,
    units: u64,
    parcels: u64,
    scans: u64,
}

fn rfc3339_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn at(d: Date, seconds: f64) -> OffsetDateTime {
    let whole = seconds.max(0.0);
    d.with_time(Time::MIDNIGHT).assume_utc() + Duration::milliseconds((whole * 1000.0) as i64)
}

/// Generate a year at a big dock into a new database at `path` (refused if it exists).
pub fn generate(
    path: &Path,
    plan: &YearPlan,
    mut progress: impl FnMut(&Progress),
) -> Result<YearReport, StationError> {
    if path.exists() {
        return Err(StationError::Config(format!(
            "{} exists: a year is generated into a new station database",
            path.display()
        )));
    }
    if plan.units == 0 {
        return Err(StationError::Config("a year needs at least one unit".into()));
    }
    let started = Instant::now();
    let first_day = plan.last_day - Duration::days(DAYS - 1);
    let setup_day = first_day - Duration::days(1);
    // The station is set up the day before the year starts, so the log begins there.
    let clock = Arc::new(FixedClock::new(at(setup_day, 4.0 * 3600.0)));
    let station = Station::open(path, clock, CodeConfig::demo())?;
    station.seed_demo_if_empty()?;
    {
        let c = station.store.lock_writer();
        c.pragma_update(None, "synchronous", "OFF")?;
        c.pragma_update(None, "cache_size", -262_144)?;
        c.pragma_update(None, "temp_store", "MEMORY")?;
    }
    let mut rng = StdRng::seed_from_u64(plan.seed);
    let products = catalogue(&mut rng, plan.units);
    let printer = PrinterSettings {
        printer: PrinterConfig::Raw {
            host: PRINTER_HOST.into(),
            port: crate::printers::DEFAULT_RAW_PORT,
            timeout_ms: 5_000,
        },
        format: PrintFormat::Zpl,
        template: "4x6in".into(),
        dpi: 203,
    };
    printer.validate()?;
    let crew = crew()?;
    let setup_at = at(setup_day, 4.5 * 3600.0);
    station.store.write(|tx| {
        setup(tx, &products, &crew, &printer, setup_at)?;
        Ok::<_, StationError>(())
    })?;
    station.reload_codes()?;

    let operators = station
        .store
        .read(|c| c.query_row("SELECT count(*) FROM operator", [], |r| r.get::<_, u32>(0)))?;
    let popularity = {
        let mut acc = 0.0;
        (0..products.len())
            .map(|i| {
                acc += 1.0 / ((i + 1) as f64).powf(0.6);
                acc
            })
            .collect()
    };
    let frequent = (0..(plan.units / 150).max(10))
        .map(|i| Customer {
            id: format!("cust-f{i:06}"),
            name: person_name(&mut rng),
            tier: tier(&mut rng),
        })
        .collect();
    let (inspectors, supervisors): (Vec<_>, Vec<_>) = crew
        .iter()
        .map(|(o, _)| {
            (
                o.operator_id.clone(),
                o.name.clone(),
                o.role.as_str().to_string(),
                o.language.clone(),
            )
        })
        .chain(
            crate::demo::demo_data()?
                .operators
                .into_iter()
                .map(|o| (o.operator_id, o.name, o.role, o.language)),
        )
        .filter(|o| o.2 != "admin")
        .partition(|o| o.2 == "inspector");
    let outages = (0..14)
        .map(|_| {
            let day = first_day + Duration::days(rng.gen_range(0..DAYS));
            let start = at(day, rng.gen_range(7.0..20.0) * 3600.0);
            (start, start + Duration::minutes(rng.gen_range(5..50)))
        })
        .collect();
    let mut sim = Sim {
        codes: station.codes(),
        grading: station.grading(),
        rules: station.rules(),
        printer_device: printer.printer.device(),
        printer,
        site: station.site_time()?,
        products,
        popularity,
        frequent,
        crew: inspectors.into_iter().map(|(a, b, _, d)| (a, b, d)).collect(),
        supervisors: supervisors.into_iter().map(|(a, b, _, d)| (a, b, d)).collect(),
        session: None,
        t: setup_at,
        outages,
        labels_waiting: false,
        next_retry: None,
        held: VecDeque::new(),
        last_decided: None,
        counters: Counters::default(),
        rng,
    };

    let per_day = daily_units(&mut sim.rng, first_day, plan.units);
    let mut planned: VecDeque<Vec<PlannedParcel>> = VecDeque::new();
    let mut days_open = 0u32;
    for day in 0..DAYS as usize {
        let date = first_day + Duration::days(day as i64);
        // The hub sends the returns expected in two days (on the first day, those of the first three).
        let upto = (day + IMPORT_LEAD_DAYS).min(DAYS as usize - 1);
        let from = if day == 0 { 0 } else { upto };
        // The hub's nightly feed, before the night shift's first parcel.
        let import_at = at(date, sim.rng.gen_range(10.0..120.0));
        let import = day == 0 || day + IMPORT_LEAD_DAYS < DAYS as usize;
        // One transaction per day: tens of thousands of events at a big dock, and the pages
        // every scan touches (the tails of the log and its indexes) written once a day.
        station.store.write(|tx| {
            if import {
                for (d, units) in per_day.iter().enumerate().take(upto + 1).skip(from) {
                    let arrival = first_day + Duration::days(d as i64);
                    let parcels = sim.plan_day(tx, arrival, *units, import_at)?;
                    planned.push_back(parcels);
                }
            }
            sim.sweep_print_jobs(tx, import_at + Duration::seconds(20))?;
            let parcels = planned.pop_front().unwrap_or_default();
            if !parcels.is_empty() {
                days_open += 1;
                sim.work_day(tx, date, parcels)?;
            }
            Ok::<_, StationError>(())
        })?;
        if day % 7 == 6 || day + 1 == DAYS as usize {
            progress(&Progress {
                day: day as u32 + 1,
                units: sim.counters.units,
                events: station.status()?.events_total,
                seconds: started.elapsed().as_secs_f64(),
            });
        }
    }
    let last = sim.t + Duration::minutes(5);
    if let Some(session) = sim.session.take() {
        station.store.write(|tx| logout(tx, &session, last))?;
    }
    {
        let c = station.store.lock_writer();
        c.pragma_update(None, "synchronous", "FULL")?;
        c.pragma_update(None, "cache_size", -2000)?;
        c.pragma_update(None, "temp_store", "DEFAULT")?;
        c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    let events = station.status()?.events_total;
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(YearReport {
        units: sim.counters.units,
        parcels: sim.counters.parcels,
        scans: sim.counters.scans,
        events,
        days_open,
        operators,
        seconds: started.elapsed().as_secs_f64(),
        bytes,
    })
}

/// The second shop, the vendors, the crew, the catalogue and the dock's label printer, as the
/// hub's enrolment and an admin would record them.
fn setup(
    tx: &Transaction<'_>,
    products: &[Product],
    crew: &[(OperatorAdded, String)],
    printer: &PrinterSettings,
    now: OffsetDateTime,
) -> Result<(), StationError> {
    record(
        tx,
        &EventBody::ShopConfigured(ShopConfigured {
            shop: "fjordline".into(),
            name: "Fjordline Outdoor".into(),
            rma_pattern: r"FJ-\d{8}".into(),
            return_window_days: 60,
        }),
        None,
        now,
    )?;
    for (vendor, rtv, window_days, credit_bp) in [
        ("Volta Audio", RtvTerms::Eligible, 45, 6500),
        ("Pixelbay", RtvTerms::Prohibited, 0, 0),
        ("Nordvind Sport", RtvTerms::Eligible, 30, 4000),
        ("Lumo Light", RtvTerms::Eligible, 60, 5500),
    ] {
        record(
            tx,
            &EventBody::VendorAgreementSet(VendorAgreementSet {
                vendor: vendor.into(),
                agreement: VendorAgreement {
                    rtv,
                    window_days,
                    credit_bp,
                },
            }),
            None,
            now,
        )?;
    }
    for (o, pin_hash) in crew {
        crate::auth::add_operator(tx, o.clone(), pin_hash, None, now)?;
    }
    for p in products {
        let (vendors, low, high): (&[&str], f64, f64) = match p.category {
            Category::Electronics => (
                &["Sonora", "Nova Mobile", "Volta Audio", "Pixelbay"],
                1500.0,
                90000.0,
            ),
            Category::Apparel => (&["Fjordline", "Carpați Knit", "Nordvind Sport"], 1500.0, 20000.0),
            Category::Home => (
                &["Kaffeverk", "Linnea", "Lumo Light", "Schreibwerk"],
                900.0,
                25000.0,
            ),
        };
        // A stable price per SKU from its number: log-uniform between the category's bounds.
        let n: u64 = p.sku[p.sku.len() - 5..].parse().unwrap_or(0);
        let f = ((n * 2_654_435_761) % 1000) as f64 / 1000.0;
        let price = (low * (high / low).powf(f)).round() as i64 / 10 * 10 + 9;
        record(
            tx,
            &EventBody::SkuAdded(SkuAdded {
                sku: p.sku.clone(),
                gtin: Some(format!("0{}", p.ean)),
                name: product_name(p.category, n),
                category: p.category.as_str().into(),
                vendor: Some(vendors[(n as usize) % vendors.len()].into()),
                cost_minor: price * (40 + (n % 20) as i64) / 100,
                price_minor: price,
                currency: "EUR".into(),
            }),
            None,
            now,
        )?;
    }
    record(
        tx,
        &EventBody::SettingChanged {
            key: crate::print_queue::PRINTER.into(),
            value: serde_json::to_value(printer)?,
        },
        Some("op-0004"),
        now,
    )?;
    Ok(())
}

/// The crew beyond the demo's operators. Their PINs are the badge's last four digits
/// (BADGE-0006: 0006); the demo operators keep theirs (README).
fn crew() -> Result<Vec<(OperatorAdded, String)>, StationError> {
    let people = [
        ("Katarzyna Zielińska", "inspector", "pl"),
        ("Piotr Wójcik", "inspector", "pl"),
        ("Magdalena Kamińska", "inspector", "pl"),
        ("Elena Dumitru", "inspector", "ro"),
        ("Mihai Popa", "inspector", "ro"),
        ("Lars Johansen", "inspector", "nb"),
        ("Sofie Berg", "inspector", "nb"),
        ("Дмитрий Козлов", "inspector", "ru"),
        ("Анна Морозова", "inspector", "ru"),
        ("Chloe Evans", "inspector", "en"),
        ("Daniel Okafor", "inspector", "en"),
        ("Priya Shah", "inspector", "en"),
        ("Tomasz Wiśniewski", "supervisor", "pl"),
    ];
    people
        .iter()
        .enumerate()
        .map(|(i, (name, role, lang))| {
            let number = format!("{:04}", i + 6);
            Ok((
                OperatorAdded {
                    operator_id: format!("op-{number}"),
                    badge: format!("BADGE-{number}"),
                    name: name.to_string(),
                    role: crate::events::from_domain::role(role)?,
                    language: lang.to_string(),
                },
                hash_pin(&number)?,
            ))
        })
        .collect()
}

/// SKUs for a dock of this size: about one per 500 units a year, 50 to 2,000.
fn catalogue(rng: &mut StdRng, units: u64) -> Vec<Product> {
    let n = (units / 500).clamp(50, 2000) as usize;
    (0..n)
        .map(|i| {
            let roll: f64 = rng.gen();
            let category = if roll < 0.32 {
                Category::Electronics
            } else if roll < 0.75 {
                Category::Apparel
            } else {
                Category::Home
            };
            // Company prefixes the demo catalogue does not use, one item number per SKU.
            let body = format!("59097{i:07}");
            let ean = format!("{body}{}", gs1_check_digit(&body).unwrap_or(0));
            let serialised = category == Category::Electronics && rng.gen_bool(0.6);
            let prefix = match category {
                Category::Electronics => "EL",
                Category::Apparel => "AP",
                Category::Home => "HG",
            };
            Product {
                sku: format!("{prefix}-Y{i:05}"),
                ean,
                category,
                serialised,
            }
        })
        .collect()
}

fn product_name(category: Category, n: u64) -> String {
    let (brands, things): (&[&str], &[&str]) = match category {
        Category::Electronics => (
            &["Sonora", "Nova", "Volta", "Pixelbay"],
            &[
                "wireless headphones",
                "earbuds",
                "smartphone",
                "tablet",
                "smartwatch",
                "speaker",
                "charger",
                "e-reader",
                "keyboard",
            ],
        ),
        Category::Apparel => (
            &["Fjordline", "Carpați", "Nordvind"],
            &[
                "running jacket",
                "wool sweater",
                "jeans",
                "T-shirt",
                "dress",
                "hoodie",
                "rain coat",
                "trail shoes",
            ],
        ),
        Category::Home => (
            &["Kaffeverk", "Linnea", "Lumo", "Schreibwerk"],
            &[
                "coffee grinder",
                "kettle",
                "towel set",
                "frying pan",
                "desk lamp",
                "blender",
                "bedding set",
                "pen set",
            ],
        ),
    };
    let brand = brands[(n as usize) % brands.len()];
    let thing = things[(n as usize / brands.len()) % things.len()];
    match category {
        Category::Apparel => {
            let size = ["XS", "S", "M", "L", "XL"][(n as usize / 7) % 5];
            format!("{brand} {thing}, size {size}")
        }
        _ => format!("{brand} {thing} {}", 100 + n % 900),
    }
}

fn person_name(rng: &mut StdRng) -> String {
    const FIRST: &[&str] = &[
        "Anna",
        "Jan",
        "Maria",
        "Ion",
        "Ingrid",
        "Ola",
        "Olga",
        "Sergey",
        "Emma",
        "James",
        "Zofia",
        "Andrei",
        "Kari",
        "Елена",
        "Ewa",
        "Radu",
        "Nora",
        "Mikkel",
        "Ирина",
        "Oliver",
    ];
    const LAST: &[&str] = &[
        "Kowalska",
        "Nowak",
        "Popescu",
        "Ionescu",
        "Hansen",
        "Olsen",
        "Иванова",
        "Смирнов",
        "Smith",
        "Brown",
        "Wiśniewska",
        "Dumitrescu",
        "Nordmann",
        "Kuznetsova",
        "Larsen",
        "Lewandowski",
        "Constantin",
        "Berg",
        "Соколова",
        "Taylor",
    ];
    format!(
        "{} {}",
        FIRST[rng.gen_range(0..FIRST.len())],
        LAST[rng.gen_range(0..LAST.len())]
    )
}

fn tier(rng: &mut StdRng) -> &'static str {
    match rng.gen_range(0..100) {
        0..=69 => "standard",
        70..=91 => "loyal",
        _ => "vip",
    }
}

/// How busy the dock is on a date, relative to an ordinary Wednesday.
fn day_weight(date: Date) -> f64 {
    use time::Month::*;
    let (m, d) = (date.month(), date.day());
    let season = match (m, d) {
        (January, 1) | (December, 25) | (December, 26) => 0.0,
        (January, 2..=21) => 1.7,
        (January, _) => 1.3,
        (July, _) | (August, _) => 0.8,
        (November, 25..=30) | (December, 1..=23) => 1.25,
        (December, 24) => 0.4,
        (December, _) => 1.5,
        (November, _) => 1.05,
        (February, _) => 1.0,
        _ => 0.95,
    };
    let weekday = match date.weekday() {
        Weekday::Monday => 1.25,
        Weekday::Tuesday => 1.1,
        Weekday::Wednesday | Weekday::Thursday => 1.0,
        Weekday::Friday => 0.9,
        Weekday::Saturday => 0.45,
        // Open on Sundays only in the peak weeks.
        Weekday::Sunday if season >= 1.25 => 0.25,
        Weekday::Sunday => 0.0,
    };
    season * weekday
}

/// How the day's work spreads over its hours (UTC), by the desk's shifts.
fn hour_weights(date: Date) -> [f64; 24] {
    let mut w = [0.0; 24];
    match date.weekday() {
        Weekday::Saturday => w[7..15].iter_mut().for_each(|x| *x = 1.0),
        Weekday::Sunday => w[9..15].iter_mut().for_each(|x| *x = 1.0),
        _ => {
            w = [
                0.2, 0.2, 0.15, 0.1, 0.1, 0.3, 0.6, 1.0, 1.2, 1.3, 1.3, 1.2, 0.8, 1.1, 1.0, 1.2, 1.2, 1.1,
                1.0, 0.9, 0.7, 0.5, 0.3, 0.25,
            ]
        }
    }
    w
}

/// A Poisson draw (Knuth's method when small, the normal approximation when large).
fn poisson(rng: &mut StdRng, lambda: f64) -> u64 {
    if lambda <= 0.0 {
        return 0;
    }
    if lambda < 30.0 {
        let limit = (-lambda).exp();
        let (mut k, mut p) = (0u64, 1.0f64);
        loop {
            p *= rng.gen::<f64>();
            if p <= limit {
                return k;
            }
            k += 1;
        }
    }
    let (u1, u2): (f64, f64) = (rng.gen::<f64>().max(1e-12), rng.gen());
    let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
    (lambda + lambda.sqrt() * z).round().max(0.0) as u64
}

/// Units per day: Poisson around each day's level, then nudged (days drawn by weight) so the
/// year holds exactly `units`.
fn daily_units(rng: &mut StdRng, first_day: Date, units: u64) -> Vec<u64> {
    let weights: Vec<f64> = (0..DAYS)
        .map(|d| day_weight(first_day + Duration::days(d)))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut per_day: Vec<u64> = weights
        .iter()
        .map(|w| poisson(rng, units as f64 * w / total))
        .collect();
    let cumulative: Vec<f64> = weights
        .iter()
        .scan(0.0, |acc, w| {
            *acc += w;
            Some(*acc)
        })
        .collect();
    let mut sum: u64 = per_day.iter().sum();
    while sum != units {
        let x = rng.gen::<f64>() * total;
        let d = cumulative.partition_point(|c| *c < x).min(per_day.len() - 1);
        if weights[d] == 0.0 {
            continue;
        }
        if sum < units {
            per_day[d] += 1;
            sum += 1;
        } else if per_day[d] > 0 {
            per_day[d] -= 1;
            sum -= 1;
        }
    }
    per_day
}

fn logout(tx: &Transaction<'_>, session: &Session, now: OffsetDateTime) -> Result<(), StationError> {
    Station::end_session(tx, session, now, crate::auth::LOGGED_OUT_BY_OPERATOR)
}

impl Sim {
    /// The desk's clock moves to `planned`, or a moment past its last fact if that is later.
    fn tick(&mut self, planned: OffsetDateTime) -> OffsetDateTime {
        self.t = planned.max(self.t + Duration::milliseconds(self.rng.gen_range(150..900)));
        self.t
    }

    fn product(&mut self) -> usize {
        let last = self.popularity.last().copied().unwrap_or(1.0);
        let x = self.rng.gen::<f64>() * last;
        self.popularity
            .partition_point(|c| *c < x)
            .min(self.products.len() - 1)
    }

    fn customer(&mut self) -> Customer {
        if self.rng.gen_bool(0.06) {
            let f = &self.frequent[self.rng.gen_range(0..self.frequent.len())];
            return Customer {
                id: f.id.clone(),
                name: f.name.clone(),
                tier: f.tier,
            };
        }
        self.counters.customer += 1;
        Customer {
            id: format!("cust-{:07}", self.counters.customer),
            name: person_name(&mut self.rng),
            tier: tier(&mut self.rng),
        }
    }

    fn tracking(&mut self) -> String {
        self.counters.tracking += 1;
        let n = self.counters.tracking;
        match self.rng.gen_range(0..100) {
            0..=44 => {
                let body = format!("8E73V4{:02}{:07}", [1, 3, 12][(n % 3) as usize], n % 10_000_000);
                format!("1Z{body}{}", ups_check_digit(&body).unwrap_or(0))
            }
            45..=84 => {
                let serial = format!("{:08}", n % 100_000_000);
                let service = ["RR", "CP", "EE"][(n % 3) as usize];
                let country = ["PL", "RO", "NO", "RU", "DE"][(n / 3 % 5) as usize];
                format!(
                    "{service}{serial}{}{country}",
                    s10_check_digit(&serial).unwrap_or(0)
                )
            }
            _ => {
                let body = 300_000_000 + n % 600_000_000;
                format!("{body}{}", body % 7)
            }
        }
    }

    fn stated_reason(&mut self, category: Category) -> &'static str {
        let reasons: &[&str] = match category {
            Category::Electronics => &[
                "defective",
                "changed_mind",
                "not_as_described",
                "arrived_damaged",
                "better_price",
            ],
            Category::Apparel => &[
                "too_small",
                "too_large",
                "wrong_size",
                "changed_mind",
                "not_as_described",
            ],
            Category::Home => &[
                "changed_mind",
                "defective",
                "not_as_described",
                "unwanted_gift",
                "arrived_damaged",
            ],
        };
        reasons[self.rng.gen_range(0..reasons.len())]
    }

    fn product_code(&mut self, p: usize, serial: Option<&str>) -> String {
        let product = &self.products[p];
        match serial {
            Some(s) => format!("(01)0{}(21){s}", product.ean),
            None => product.ean.clone(),
        }
    }

    /// Plan the parcels arriving on `arrival` and import their expected returns (and some that will
    /// never come) as the hub would, at `now`.
    fn plan_day(
        &mut self,
        tx: &Transaction<'_>,
        arrival: Date,
        units: u64,
        now: OffsetDateTime,
    ) -> Result<Vec<PlannedParcel>, StationError> {
        let now = self.tick(now);
        let mut parcels = Vec::new();
        let mut left = units;
        while left > 0 {
            let roll = self.rng.gen_range(0..1000);
            if roll < 5 {
                // An empty box: the RMA's label, nothing inside.
                self.counters.parcels += 1;
                let p = self.product();
                let label = self.expected_return(tx, arrival, &[p], now)?.label;
                parcels.push(PlannedParcel {
                    label,
                    inner_labels: Vec::new(),
                    items: Vec::new(),
                    damaged: false,
                    empty: true,
                });
                continue;
            }
            let n = match self.rng.gen_range(0..100) {
                0..=69 => 1,
                70..=91 => 2,
                _ => 3,
            }
            .min(left);
            self.counters.parcels += 1;
            if roll < 35 {
                // An unexpected return: a carrier label no RMA names; a few items nobody knows.
                left -= n;
                let items = (0..n)
                    .map(|_| {
                        if self.rng.gen_bool(0.1) {
                            let body = format!("2000{:08}", self.rng.gen_range(0..100_000_000));
                            PlannedItem {
                                code: format!("{body}{}", gs1_check_digit(&body).unwrap_or(0)),
                                category: None,
                            }
                        } else {
                            let p = self.product();
                            PlannedItem {
                                code: self.product_code(p, None),
                                category: Some(self.products[p].category),
                            }
                        }
                    })
                    .collect();
                let label = self.tracking();
                parcels.push(PlannedParcel {
                    label,
                    inner_labels: Vec::new(),
                    items,
                    damaged: self.rng.gen_bool(0.01),
                    empty: false,
                });
                continue;
            }
            let lines: Vec<usize> = (0..n).map(|_| self.product()).collect();
            // Two RMAs in one box now and then (a household's two orders).
            let split = if n >= 2 && self.rng.gen_bool(0.12) {
                1
            } else {
                n as usize
            };
            let first = self.expected_return(tx, arrival, &lines[..split], now)?;
            let (label, mut sold, mut inner) = (first.label, first.serials, first.inner);
            if split < n as usize {
                // The second RMA's return label inside the box attaches it to the parcel.
                let second = self.expected_return(tx, arrival, &lines[split..], now)?;
                inner.push(second.rma);
                sold.extend(second.serials);
            }
            let mut items = Vec::new();
            for (i, p) in lines.iter().enumerate() {
                // Missing: expected, not in the box.
                if n > 1 && self.rng.gen_bool(0.04) {
                    continue;
                }
                // Wrong item: something else came back instead.
                let p = if self.rng.gen_bool(0.02) {
                    self.product()
                } else {
                    *p
                };
                let serial = match &sold[i] {
                    Some(s) if self.rng.gen_bool(0.02) => Some(format!("{s}X")),
                    Some(s) if self.products[p].serialised => Some(s.clone()),
                    _ if self.products[p].serialised => {
                        self.counters.serial += 1;
                        Some(format!("SN{:010}", self.counters.serial))
                    }
                    _ => None,
                };
                items.push(PlannedItem {
                    code: self.product_code(p, serial.as_deref()),
                    category: Some(self.products[p].category),
                });
            }
            // Extra: one more of the same.
            if self.rng.gen_bool(0.01) {
                let p = lines[0];
                items.push(PlannedItem {
                    code: self.product_code(p, None),
                    category: Some(self.products[p].category),
                });
            }
            if items.is_empty() {
                let p = lines[0];
                items.push(PlannedItem {
                    code: self.product_code(p, sold[0].as_deref()),
                    category: Some(self.products[p].category),
                });
            }
            // Every item scanned is a unit received: the year holds exactly the units asked for.
            items.truncate(left as usize);
            left -= items.len() as u64;
            parcels.push(PlannedParcel {
                label,
                inner_labels: inner,
                items,
                damaged: self.rng.gen_bool(0.01),
                empty: false,
            });
        }
        // Returns that are authorised and never sent.
        let ghosts = (parcels.len() as f64 * 0.09).round() as usize;
        for _ in 0..ghosts {
            let p = self.product();
            self.expected_return(tx, arrival, &[p], now)?;
        }
        Ok(parcels)
    }

    /// Record one expected return for `products` arriving on `arrival`.
    fn expected_return(
        &mut self,
        tx: &Transaction<'_>,
        arrival: Date,
        products: &[usize],
        now: OffsetDateTime,
    ) -> Result<Announced, StationError> {
        self.counters.order += 1;
        // The demo shop's RMA numbers run RMA-200001 to RMA-999999; beyond, all go to the other.
        let fjordline = self.rng.gen_bool(0.4) || self.counters.rma >= 799_999;
        let (shop, rma, window) = if fjordline {
            self.counters.fjordline_rma += 1;
            (
                "fjordline",
                format!("FJ-{:08}", 10_000_000 + self.counters.fjordline_rma),
                60,
            )
        } else {
            self.counters.rma += 1;
            ("demo", format!("RMA-{:06}", 200_000 + self.counters.rma), 30)
        };
        let order_no = if fjordline {
            format!("FJO{:09}", self.counters.order)
        } else {
            format!("ORD-{}-{:07}", arrival.year(), self.counters.order)
        };
        let days = if self.rng.gen_bool(0.05) {
            window + self.rng.gen_range(1..40)
        } else {
            self.rng.gen_range(3..window)
        };
        let customer = self.customer();
        let tracking = self.tracking();
        let mut serials = Vec::new();
        let mut lines: Vec<RmaLine> = Vec::new();
        for p in products {
            let product = &self.products[*p];
            let (sku, category, serialised) = (product.sku.clone(), product.category, product.serialised);
            let serial = serialised.then(|| {
                self.counters.serial += 1;
                format!("SN{:010}", self.counters.serial)
            });
            if let Some(line) = lines.iter_mut().find(|l| l.sku == sku && serial.is_none()) {
                line.quantity += 1;
            } else {
                let stated = self.stated_reason(category);
                lines.push(RmaLine {
                    line_no: lines.len() as u32 + 1,
                    sku,
                    quantity: 1,
                    serials: serial.iter().cloned().collect(),
                    stated_reason: Some(stated.into()),
                });
            }
            serials.push(serial);
        }
        let body = EventBody::RmaAdded(RmaAdded {
            rma: rma.clone(),
            shop: shop.into(),
            order_no: order_no.clone(),
            order_date: rfc3339_date(arrival - Duration::days(days)),
            customer_id: customer.id.clone(),
            customer_tier: customer.tier.into(),
            tracking: Some(tracking.clone()),
            lines,
        });
        crate::customers::remember(tx, &customer.id, &customer.name)?;
        record(tx, &body, None, now)?;
        let (label, inner) = match self.rng.gen_range(0..100) {
            0..=54 => {
                let inner = if self.rng.gen_bool(0.2) {
                    vec![rma.clone()]
                } else {
                    Vec::new()
                };
                (tracking, inner)
            }
            55..=89 => (rma.clone(), Vec::new()),
            _ => (order_no, Vec::new()),
        };
        Ok(Announced {
            rma,
            label,
            serials,
            inner,
        })
    }

    /// The day's parcels, hour by hour.
    fn work_day(
        &mut self,
        tx: &Transaction<'_>,
        date: Date,
        parcels: Vec<PlannedParcel>,
    ) -> Result<(), StationError> {
        let weights = hour_weights(date);
        let cumulative: Vec<f64> = weights
            .iter()
            .scan(0.0, |acc, w| {
                *acc += w;
                Some(*acc)
            })
            .collect();
        let total = cumulative[23];
        let mut by_hour: Vec<Vec<PlannedParcel>> = (0..24).map(|_| Vec::new()).collect();
        for p in parcels {
            let x = self.rng.gen::<f64>() * total;
            let h = cumulative.partition_point(|c| *c <= x).min(23);
            by_hour[h].push(p);
        }
        let weekday = !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
        for (hour, parcels) in by_hour.into_iter().enumerate() {
            if parcels.is_empty() {
                continue;
            }
            let visit = weekday && (hour == 10 || hour == 17) && !self.held.is_empty();
            let mut start = hour as f64 * 3600.0;
            if visit {
                self.supervisor_visit(tx, at(date, start + 60.0))?;
                start += 900.0;
            }
            self.work_hour(tx, date, hour, start, parcels)?;
        }
        Ok(())
    }

    fn shift_operator(&mut self, date: Date, hour: usize) -> (String, String, String) {
        let shift = match hour {
            6..=13 => 0,
            14..=21 => 1,
            _ => 2,
        };
        let week = (date.to_julian_day() / 7) as usize;
        let day = date.to_julian_day() as usize;
        // A substitute now and then: the same one all that shift.
        let n = self.crew.len();
        let mut i = (week * 3 + shift) % n;
        if (day * 31 + shift * 7) % 100 < 12 {
            i = (i + 1 + (day % (n - 1))) % n;
        }
        self.crew[i].clone()
    }

    fn login(
        &mut self,
        tx: &Transaction<'_>,
        (operator_id, name, language): (String, String, String),
        role: Role,
        planned: OffsetDateTime,
    ) -> Result<(), StationError> {
        if let Some(open) = self.session.take() {
            let at = self.tick(planned);
            logout(tx, &open, at)?;
        }
        if self.rng.gen_bool(0.02) {
            let at = self.tick(planned + Duration::seconds(5));
            record(
                tx,
                &EventBody::LoginFailed {
                    operator_id: operator_id.clone(),
                    failed_pins: 1,
                    locked_until: None,
                },
                Some(&operator_id),
                at,
            )?;
        }
        let at = self.tick(planned + Duration::seconds(12));
        let session_id = uuid::Uuid::now_v7().to_string();
        record(
            tx,
            &EventBody::LoggedIn {
                session_id: session_id.clone(),
                operator_id: operator_id.clone(),
            },
            Some(&operator_id),
            at,
        )?;
        self.session = Some(Session {
            session_id,
            operator_id,
            name,
            role,
            language,
        });
        Ok(())
    }

    /// A supervisor at the desk for a few minutes: holds older than six hours are released (most
    /// of them) with a reason, each with its new label.
    fn supervisor_visit(&mut self, tx: &Transaction<'_>, from: OffsetDateTime) -> Result<(), StationError> {
        let who = self.supervisors[self.rng.gen_range(0..self.supervisors.len())].clone();
        self.login(tx, who, Role::Supervisor, from)?;
        let mut t = from + Duration::seconds(60);
        let mut kept = VecDeque::new();
        while let Some((lpn, held_at)) = self.held.pop_front() {
            if from - held_at < Duration::hours(6) || kept.len() > 200 {
                kept.push_back((lpn, held_at));
                continue;
            }
            if self.rng.gen_bool(0.12) {
                // Still waiting for the customer or the vendor.
                kept.push_back((lpn, held_at));
                continue;
            }
            let (channel, note) = match self.rng.gen_range(0..10) {
                0..=3 => (Channel::Restock, "checked: sound, back to stock"),
                4..=5 => (Channel::Refurbish, "checked: needs a clean and new packaging"),
                6..=7 => (Channel::Liquidate, "checked: sell in the next lot"),
                8 => (Channel::Rtv, "vendor agreed to take it back"),
                _ => (Channel::Destroy, "checked: not safe to sell"),
            };
            t += Duration::seconds(self.rng.gen_range(5..25));
            let now = self.tick(t);
            let destination = self.rules.destinations().get(&channel).cloned();
            let Some(session) = self.session.clone() else {
                break;
            };
            let queued = crate::print_worker::LabelsQueued::new(&self.printer);
            override_in_tx(tx, &session, &lpn, channel, destination, note, None, &queued, now)?;
            self.labels_waiting = true;
            self.print(tx, now)?;
        }
        self.held = kept;
        Ok(())
    }

    fn work_hour(
        &mut self,
        tx: &Transaction<'_>,
        date: Date,
        hour: usize,
        start: f64,
        parcels: Vec<PlannedParcel>,
    ) -> Result<(), StationError> {
        let operator = self.shift_operator(date, hour);
        let logged_in = self
            .session
            .as_ref()
            .is_some_and(|s| s.operator_id == operator.0 && s.role == Role::Inspector);
        if !logged_in {
            self.login(tx, operator, Role::Inspector, at(date, start))?;
        }
        let units: usize = parcels.iter().map(|p| p.items.len()).sum();
        let work = (hour as f64 + 1.0) * 3600.0 - start - (3600.0 - HOUR_WORK_SECONDS);
        let busy = PARCEL_SECONDS * parcels.len() as f64;
        let per_unit = if units == 0 {
            UNIT_SECONDS
        } else {
            ((work - busy) / units as f64).clamp(6.0, UNIT_SECONDS)
        };
        let idle = (work - busy - per_unit * units as f64).max(0.0);
        let gaps: Vec<f64> = (0..parcels.len())
            .map(|_| -self.rng.gen::<f64>().max(1e-9).ln())
            .collect();
        let gap_sum: f64 = gaps.iter().sum::<f64>().max(1e-9);
        let mut clock = start + 30.0;
        for (parcel, gap) in parcels.into_iter().zip(gaps) {
            clock += idle * gap / gap_sum;
            clock = self.work_parcel(tx, date, clock, per_unit, parcel)?;
        }
        Ok(())
    }

    /// One parcel at the desk: its label, what is inside, close. Returns the desk's time after.
    fn work_parcel(
        &mut self,
        tx: &Transaction<'_>,
        date: Date,
        mut clock: f64,
        per_unit: f64,
        parcel: PlannedParcel,
    ) -> Result<f64, StationError> {
        self.scan(tx, &parcel.label, at(date, clock), ScanSource::Wedge)?;
        for label in &parcel.inner_labels {
            clock += 4.0;
            self.scan(tx, label, at(date, clock), ScanSource::Wedge)?;
        }
        if parcel.damaged {
            clock += 3.0;
            self.scan(tx, "CMD:DAMAGED", at(date, clock), ScanSource::Wedge)?;
        }
        if parcel.empty {
            clock += 5.0;
            self.scan(tx, "CMD:EMPTY", at(date, clock), ScanSource::Wedge)?;
            return Ok(clock + 3.0);
        }
        let n = parcel.items.len();
        for (i, item) in parcel.items.into_iter().enumerate() {
            clock += 3.0;
            self.counters.units += 1;
            clock = self.work_unit(tx, date, clock, per_unit, item, i + 1 == n)?;
        }
        clock += 2.0;
        self.scan(tx, "CMD:CLOSE", at(date, clock), ScanSource::Wedge)?;
        Ok(clock + 2.0)
    }

    /// One unit: the product, the inspector's answers; the next scan (or `CMD:NEXT`) saves it.
    fn work_unit(
        &mut self,
        tx: &Transaction<'_>,
        date: Date,
        start: f64,
        per_unit: f64,
        item: PlannedItem,
        last_in_parcel: bool,
    ) -> Result<f64, StationError> {
        let mut clock = start;
        // A misread first now and then (a creased label): recorded, and nothing else happens.
        if self.rng.gen_bool(0.005) && item.code.len() == 13 {
            let mut bad = item.code.clone();
            let last = bad.pop().and_then(|c| c.to_digit(10)).unwrap_or(0);
            bad.push(char::from_digit((last + 1) % 10, 10).unwrap_or('0'));
            self.scan(tx, &bad, at(date, clock), ScanSource::Wedge)?;
            clock += 2.0;
        }
        let source = if self.rng.gen_bool(0.015) {
            ScanSource::Manual
        } else {
            ScanSource::Wedge
        };
        self.scan(tx, &item.code, at(date, clock), source)?;
        let set = self
            .grading
            .for_category(item.category.map(Category::as_str).unwrap_or(""))
            .clone();
        let answers = self.answers(&set, item.category);
        let step = per_unit * 0.8 / (answers.len() as f64 + 1.0);
        for a in &answers {
            clock += step * self.rng.gen_range(0.6..1.4);
            // Inspection keys (F1–F9) send commands typed, the station sheet's barcodes scanned.
            let source = if self.rng.gen_bool(0.5) {
                ScanSource::Manual
            } else {
                ScanSource::Wedge
            };
            self.scan(tx, a, at(date, clock), source)?;
        }
        let end = start + per_unit;
        if last_in_parcel || self.rng.gen_bool(0.2) {
            if !last_in_parcel || self.rng.gen_bool(0.55) {
                clock = clock.max(end - step);
                self.scan(tx, "CMD:NEXT", at(date, clock), ScanSource::Manual)?;
                // Checking the label of the unit just decided, and printing it again.
                if self.rng.gen_bool(0.01) {
                    if let Some(lpn) = self.last_decided.clone() {
                        clock += 3.0;
                        self.scan(tx, &lpn, at(date, clock), ScanSource::Wedge)?;
                        if self.rng.gen_bool(0.4) {
                            clock += 2.0;
                            self.scan(tx, "CMD:REPRINT", at(date, clock), ScanSource::Wedge)?;
                        }
                    }
                }
            }
        } else if self.rng.gen_bool(0.002) {
            self.scan(tx, "HELLO-42", at(date, clock + 1.0), ScanSource::Wedge)?;
        }
        Ok(clock.max(end))
    }

    /// The inspector's answers for a unit of this set: a grade in a plausible mix for its
    /// category, by a grade barcode or question by question, defects, the reason found, now and
    /// then a hold or an answer taken back. Only steps the set accepts.
    fn answers(&mut self, set: &GradingSet, category: Option<Category>) -> Vec<String> {
        let mix: [u32; 6] = match category {
            Some(Category::Apparel) => [30, 35, 20, 8, 4, 3],
            Some(Category::Electronics) => [20, 30, 22, 14, 9, 5],
            Some(Category::Home) => [25, 32, 20, 12, 7, 4],
            None => [10, 20, 30, 20, 12, 8],
        };
        let total: u32 = mix.iter().sum();
        let mut roll = self.rng.gen_range(0..total);
        let mut rank = 0;
        for (i, w) in mix.iter().enumerate() {
            if roll < *w {
                rank = i;
                break;
            }
            roll -= w;
        }
        let grade = set
            .grades
            .get(rank.min(set.grades.len() - 1))
            .cloned()
            .unwrap_or_default();
        let mut planned: Vec<(String, Step)> = Vec::new();
        if self.rng.gen_bool(0.02) {
            let other = set.grades[self.rng.gen_range(0..set.grades.len())].clone();
            planned.push((format!("CMD:GRADE:{other}"), Step::Grade { grade: other }));
            planned.push(("CMD:UNDO".into(), Step::Ok));
        }
        let question = set.checklist.iter().position(|q| q.fail.grade == grade);
        if grade == set.pass.grade {
            planned.push(("CMD:PASS".into(), Step::Pass));
        } else if let Some(i) = question.filter(|i| *i <= 3 && self.rng.gen_bool(0.45)) {
            for _ in 0..i {
                planned.push(("CMD:OK".into(), Step::Ok));
            }
            planned.push(("CMD:FAIL".into(), Step::Fail));
        } else {
            planned.push((format!("CMD:GRADE:{grade}"), Step::Grade { grade: grade.clone() }));
        }
        if rank >= 2 && !set.defects.is_empty() {
            let count = match self.rng.gen_range(0..100) {
                0..=49 => 0,
                50..=84 => 1,
                _ => 2,
            };
            for _ in 0..count {
                let code = set.defects[self.rng.gen_range(0..set.defects.len())].code.clone();
                planned.push((format!("CMD:DEFECT:{code}"), Step::Defect { code }));
            }
        }
        if self.rng.gen_bool(0.35) && !set.reasons.is_empty() {
            let code = set.reasons[self.rng.gen_range(0..set.reasons.len())].code.clone();
            planned.push((format!("CMD:REASON:{code}"), Step::Reason { code }));
        }
        if self.rng.gen_bool(0.01) {
            planned.push(("CMD:HOLD".into(), Step::Hold));
        }
        let mut steps: Vec<Step> = Vec::new();
        let mut out = Vec::new();
        let mut taken = false;
        for (text, step) in planned {
            if text == "CMD:UNDO" {
                if taken {
                    steps.pop();
                    out.push(text);
                }
                continue;
            }
            taken = check_step(set, &steps, &step).is_ok();
            if taken {
                steps.push(step);
                out.push(text);
            }
        }
        out
    }

    /// One scan through the scan service's transaction body, then the print thread's turn.
    fn scan(
        &mut self,
        tx: &Transaction<'_>,
        raw: &str,
        planned: OffsetDateTime,
        source: ScanSource,
    ) -> Result<ScanOutcome, StationError> {
        let now = self.tick(planned);
        let text = normalize_scan(raw, self.codes.gs_stand_in)?;
        let code = classify(&text, &self.codes);
        let Some(session) = self.session.as_ref() else {
            return Err(StationError::NotLoggedIn);
        };
        let queued = crate::print_worker::LabelsQueued::new(&self.printer);
        let desk = AtTheDesk {
            session,
            now,
            today: self.site.date(now),
            codes: &self.codes,
            grading: &self.grading,
            rules: &self.rules,
            labels: &queued,
            receiving: crate::settings::ReceivingSettings::default(),
            fraud: crate::settings::FraudSettings::default(),
        };
        let outcome = record_scan(tx, &desk, &text, code, source)?;
        self.labels_waiting |= queued.any();
        self.counters.scans += 1;
        if let Some(i) = &outcome.inspection {
            if let Some(d) = &i.decision {
                self.last_decided = Some(d.lpn.clone());
                if d.channel == Channel::Hold {
                    self.held.push_back((d.lpn.clone(), now));
                }
                self.labels_waiting = true;
            }
            if i.action == Some(InspectionAction::Reprinted) {
                self.labels_waiting = true;
            }
        }
        if self.labels_waiting && self.next_retry.is_none_or(|r| r <= now) {
            self.print(tx, now)?;
        }
        Ok(outcome)
    }

    /// The print thread: every label that is due goes to the printer, which takes it unless it is
    /// off (then the label waits: 5 s, 15 s, 1 min, then every 5 min, as the queue does).
    fn print(&mut self, tx: &Transaction<'_>, now: OffsetDateTime) -> Result<(), StationError> {
        let due: Vec<(String, u32)> = tx
            .prepare_cached(q::PRINT_DUE)?
            .query_map([rfc3339(now)], |r| Ok((r.get(0)?, r.get(3)?)))?
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)?;
        self.labels_waiting = false;
        self.next_retry = None;
        for (job_id, attempts) in due {
            let after = Duration::milliseconds(self.rng.gen_range(300..900));
            let claimed = self.tick(now + after);
            let attempt = attempts + 1;
            // The print thread claims the job (so it is sent once), then says what the printer did.
            let sending = EventBody::PrintSending(PrintSending {
                job_id: job_id.clone(),
                attempt,
                printer: self.printer_device.clone(),
            });
            record(tx, &sending, None, claimed)?;
            let offline = self.outages.iter().any(|(a, b)| *a <= claimed && claimed < *b);
            let took = if offline { 5..40 } else { 150..700 };
            let took = Duration::milliseconds(self.rng.gen_range(took));
            let when = self.tick(claimed + took);
            let body = if offline {
                let wait = [5, 15, 60, 300][(attempts as usize).min(3)];
                let retry = when + Duration::seconds(wait);
                self.labels_waiting = true;
                self.next_retry = Some(self.next_retry.map_or(retry, |r| r.min(retry)));
                PrintAttempted {
                    job_id,
                    attempt,
                    printer: self.printer_device.clone(),
                    ok: false,
                    answer: None,
                    error_code: Some("print.offline".into()),
                    error: Some(format!(
                        "{} is offline: connecting to {PRINTER_HOST}:9100: Connection refused (os error 111)",
                        self.printer_device
                    )),
                    retry_at: Some(rfc3339(retry)),
                }
            } else {
                let sent = SentJob::Raw {
                    bytes: self.rng.gen_range(2400..4800),
                    peer_closed: true,
                };
                PrintAttempted {
                    job_id,
                    attempt,
                    printer: self.printer_device.clone(),
                    ok: true,
                    answer: Some(serde_json::to_value(sent)?),
                    error_code: None,
                    error: None,
                    retry_at: None,
                }
            };
            record(tx, &EventBody::PrintAttempted(body), None, when)?;
        }
        Ok(())
    }

    /// The print thread's daily sweep: finished jobs older than the retention leave the queue,
    /// 500 to an event, as `Station::prune_print_jobs` records them.
    fn sweep_print_jobs(
        &mut self,
        tx: &Transaction<'_>,
        planned: OffsetDateTime,
    ) -> Result<(), StationError> {
        let now = self.tick(planned);
        let retention = crate::print_retention::PrintRetention::default();
        let before = rfc3339(now - Duration::days(i64::from(retention.days)));
        loop {
            let job_ids: Vec<String> = tx
                .prepare_cached(q::PRINT_FINISHED_BEFORE)?
                .query_map(rusqlite::params![before, PRUNE_BATCH], |r| r.get(0))?
                .collect::<Result<_, _>>()
                .map_err(StoreError::from)?;
            let n = job_ids.len();
            if n == 0 {
                break;
            }
            let body = EventBody::PrintJobsPruned {
                job_ids,
                before: before.clone(),
            };
            let at = self.tick(now);
            record(tx, &body, None, at)?;
            if n < PRUNE_BATCH as usize {
                break;
            }
        }
        Ok(())
    }
}
