//! `redock`: the station without a window. Same services as the desktop shell.

mod bench;
mod bench_labels;
mod bench_print;
mod bench_queries;
mod bench_sync;
mod bench_webhooks;
mod decide;
mod failpoint;
mod hub;
mod label;
mod report;
mod sheet;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use redock_domain::{classify, normalize_scan, CodeConfig};
use redock_station::{ScanSource, Station, SystemClock};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(name = "redock", version, about = "Redock returns station, headless")]
struct Cli {
    /// On an error, also print each cause on its own line and the backtrace.
    #[arg(long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Record scans as the logged-in operator and print each outcome as JSON.
    Scan {
        #[command(flatten)]
        login: Login,
        /// Codes as a scanner would send them.
        #[arg(required = true)]
        codes: Vec<String>,
    },
    /// Classify a code without recording anything.
    Code {
        #[arg(long)]
        json: bool,
        text: String,
    },
    /// Print the station's events after a sequence number.
    Events {
        #[arg(long, default_value_os_t = redock_station::paths::default_db_path())]
        db: PathBuf,
        #[arg(long, default_value_t = 0)]
        after: i64,
        #[arg(long, default_value_t = 1000)]
        limit: i64,
    },
    /// Create the station database with the demo data (the embedded default) if it is new.
    Init {
        #[arg(long, default_value_os_t = redock_station::paths::default_db_path())]
        db: PathBuf,
    },
    /// The station's main job without a display: log in the demo inspector and scan demo codes.
    /// `redock demo generate` makes a station with a year of a big dock's history instead.
    Demo {
        #[command(subcommand)]
        what: Option<DemoWhat>,
        #[arg(long, default_value_os_t = redock_station::paths::default_db_path())]
        db: PathBuf,
    },
    /// Station settings (supervisors and admins).
    Settings {
        #[command(subcommand)]
        what: SettingsWhat,
    },
    /// Export the station's records as CSV (supervisors and admins).
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Erase personal data (admins): a `customer_erased` fact, the data gone from the file.
    Erase {
        #[command(subcommand)]
        what: EraseWhat,
    },
    /// Remove the events the hub acknowledged that are older than the log retention, after a
    /// snapshot of the projections (admins). A standalone station keeps everything.
    Compact {
        #[command(flatten)]
        login: Login,
        /// Remove up to this seq instead (it must be acknowledged by the hub).
        #[arg(long)]
        upto: Option<i64>,
    },
    /// The hub: `serve`, `migrate`, `admin site|enrol-code|revoke`.
    Hub {
        #[command(subcommand)]
        what: hub::HubCommand,
    },
    /// Enrol this station with a hub (admins), with a one-time code from `redock hub admin enrol-code`.
    Enrol {
        #[command(flatten)]
        login: Login,
        /// The hub's address, e.g. https://hub.example.com
        #[arg(long)]
        hub: String,
        #[arg(long)]
        code: String,
        /// A private CA's certificate (PEM) to trust for the hub, instead of the public ones.
        #[arg(long)]
        ca: Option<PathBuf>,
    },
    /// Push what the hub has not acknowledged yet, now (the window does it by itself).
    Sync {
        #[arg(long, default_value_os_t = redock_station::paths::default_db_path())]
        db: PathBuf,
        #[arg(long)]
        json: bool,
        /// Give up a request to the hub after this many seconds (default 30).
        #[arg(long, value_name = "SECS")]
        timeout: Option<f64>,
    },
    /// Load data into the station.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Decide a unit's disposition from an input JSON file and print the decision with its trace.
    Decide {
        /// The decision input (see redock_domain::disposition::DecisionInput); `-` for stdin.
        #[arg(long = "json", value_name = "INPUT.json")]
        input: PathBuf,
        /// A rule table in JSON (default: the embedded demo table).
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Try a rule table on this station's last 1,000 rule decisions (an administrator's): which
    /// units would go elsewhere, and the recovery difference, as JSON. Nothing is saved.
    RulesDryRun {
        #[command(flatten)]
        login: Login,
        /// The rule table (JSON).
        file: PathBuf,
    },
    /// The supervisors' queue: holds, units waiting for inspection and conflicts, most urgent
    /// first, each with its time against the SLA target. Breaches due are recorded first.
    Queue {
        #[command(flatten)]
        login: Login,
        /// Only these kinds (comma-separated): hold, waiting, conflict, request.
        #[arg(long, value_delimiter = ',')]
        kind: Vec<String>,
        /// Only these states (comma-separated): ok, warn, breached, paused.
        #[arg(long, value_delimiter = ',')]
        state: Vec<String>,
        /// Only items at least this many hours on the clock.
        #[arg(long)]
        min_age_hours: Option<u32>,
        /// At most this many items (the counts are of all).
        #[arg(long, default_value_t = 200)]
        limit: u32,
        /// The whole answer as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Rule tables and GoRules JDM (for editing in the GoRules editor): `to-jdm` writes a
    /// table as a JDM decision graph, `from-jdm` reads one back onto a base table (the next
    /// version, validated) for `redock hub admin rules`.
    Rules {
        #[command(subcommand)]
        what: RulesWhat,
    },
    /// A unit's audit trail (a supervisor's): every fact about it, its parcel and its return,
    /// with who and when, oldest first, as JSON.
    Trail {
        #[command(flatten)]
        login: Login,
        lpn: String,
    },
    /// Unit labels.
    Label {
        #[command(subcommand)]
        what: LabelWhat,
    },
    /// The station sheet: an A4 PDF of the command barcodes the inspection screen obeys.
    StationSheet {
        #[arg(long)]
        out: PathBuf,
        /// en, pl, ro, nb or ru.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Try the labels waiting in the print queue now (the window does this by itself).
    Print {
        #[arg(long, default_value_os_t = redock_station::paths::default_db_path())]
        db: PathBuf,
        /// Also apply the retention (the window does it daily): remove label files and finished
        /// print jobs older than it.
        #[arg(long)]
        prune: bool,
    },
    /// Benchmarks; each prints ours against a reference measured in the same run.
    Bench {
        #[command(subcommand)]
        which: bench::Bench,
    },
    /// Internal: the child process of the crash test.
    #[command(hide = true)]
    CrashWriter {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        limit: Option<u64>,
    },
}

/// The station database and who acts on it: every command that changes state logs in first.
#[derive(clap::Args)]
struct Login {
    #[arg(long, default_value_os_t = redock_station::paths::default_db_path())]
    db: PathBuf,
    #[arg(long, env = "REDOCK_BADGE")]
    badge: String,
    #[arg(long, env = "REDOCK_PIN", hide_env_values = true)]
    pin: String,
}

/// `TARGET,WARN` hours.
fn parse_sla_target(s: &str) -> Result<redock_station::queue::SlaTarget, String> {
    let (t, w) = s.split_once(',').ok_or("TARGET,WARN hours, e.g. 48,8")?;
    let hours = |v: &str| v.trim().parse::<u32>().map_err(|e| format!("{v:?}: {e}"));
    Ok(redock_station::queue::SlaTarget {
        target_hours: hours(t)?,
        warn_hours: hours(w)?,
    })
}

impl Login {
    fn open(&self) -> Result<(Station, redock_station::Session)> {
        let station = open(&self.db)?;
        let session = station.login(&self.badge, &self.pin)?;
        Ok((station, session))
    }
}

#[derive(Subcommand)]
enum EraseWhat {
    /// A customer, by id (as in the RMA file's customer_id).
    Customer {
        #[command(flatten)]
        login: Login,
        /// Why (kept with the erasure).
        #[arg(long)]
        reason: Option<String>,
        id: String,
    },
}

#[derive(Subcommand)]
enum SettingsWhat {
    /// How long events the hub acknowledged stay on the station (admins).
    Log {
        #[command(flatten)]
        login: Login,
        #[arg(long, required_unless_present = "keep_everything")]
        retention_days: Option<u32>,
        /// Keep every event (the default).
        #[arg(long)]
        keep_everything: bool,
    },
    /// The serial scanner this station reads (the window picks it up when it starts).
    Serial {
        #[command(flatten)]
        login: Login,
        /// The device, e.g. /dev/ttyACM0; leave out with --off.
        #[arg(long, required_unless_present = "off")]
        port: Option<String>,
        #[arg(long, default_value_t = 9600)]
        baud: u32,
        /// What the scanner sends after a code: cr, crlf, lf or tab.
        #[arg(long, default_value = "cr")]
        suffix: String,
        /// No serial scanner.
        #[arg(long)]
        off: bool,
    },
    /// How long label files of the folder printer and finished print jobs are kept.
    Retention {
        #[command(flatten)]
        login: Login,
        #[arg(long)]
        days: u32,
    },
    /// The label printer: a folder of files, a CUPS queue, a raw 9100 printer or a serial one.
    Printer {
        #[command(flatten)]
        login: Login,
        /// The printer as JSON, e.g. {"kind":"folder","dir":"/srv/labels"},
        /// {"kind":"cups","queue":"Zebra","server":null}, {"kind":"raw","host":"10.0.0.7","port":9100,"timeout_ms":5000},
        /// {"kind":"serial","path":"/dev/ttyUSB0","baud":9600,"timeout_ms":5000}.
        #[arg(long)]
        printer: String,
        /// pdf, zpl or png.
        #[arg(long, default_value = "pdf")]
        format: String,
        /// 4x6in, 100x150mm or unit-2x1in (the decision label; unit-receipt-2x1in is the LPN label
        /// of a unit not graded yet).
        #[arg(long, default_value = "100x150mm")]
        template: String,
        #[arg(long, default_value_t = 203)]
        dpi: u32,
    },
    /// The receiving desk: the double-read window and labelling every unit at receipt.
    Receiving {
        #[command(flatten)]
        login: Login,
        /// The same code read again by a scanner within this many ms is one read.
        #[arg(long, default_value_t = 1000)]
        debounce_ms: u32,
        /// Print every unit's LPN label as it is received, before grading.
        #[arg(long)]
        label_every_unit: bool,
    },
    /// Fraud signals that are the dock's policy: from how many returns a customer is a repeat
    /// returner.
    Fraud {
        #[command(flatten)]
        login: Login,
        /// A customer with this many returns on record (this one included) is a repeat returner.
        #[arg(long, default_value_t = redock_domain::disposition::REPEAT_RETURNER_RETURNS)]
        repeat_returner_returns: u32,
    },
    /// The idle log-out (supervisors): minutes without a scan after which the desk logs its
    /// operator out; without --idle-minutes, never.
    Session {
        #[command(flatten)]
        login: Login,
        #[arg(long)]
        idle_minutes: Option<u32>,
    },
    /// The queue's SLA targets (supervisors): hours from an item's start, and the warning
    /// before it, per kind, as TARGET,WARN (e.g. --hold 48,8).
    Sla {
        #[command(flatten)]
        login: Login,
        #[arg(long, value_parser = parse_sla_target, default_value = "48,8")]
        hold: redock_station::queue::SlaTarget,
        #[arg(long, value_parser = parse_sla_target, default_value = "24,4")]
        waiting: redock_station::queue::SlaTarget,
        #[arg(long, value_parser = parse_sla_target, default_value = "24,4")]
        conflict: redock_station::queue::SlaTarget,
        /// Override requests (an operator asked a supervisor to look).
        #[arg(long, value_parser = parse_sla_target, default_value = "8,2")]
        request: redock_station::queue::SlaTarget,
    },
    /// The site's time zone (admins): "today", return windows and label dates count in it.
    Site {
        #[command(flatten)]
        login: Login,
        /// An IANA name, e.g. Europe/Warsaw, Europe/Bucharest, Europe/Oslo, Europe/Moscow.
        #[arg(long)]
        time_zone: String,
    },
}

#[derive(Subcommand)]
enum DemoWhat {
    /// A new station database with a year at a big dock: the demo data, a crew of 15 inspectors
    /// (PINs: the badge's last four digits), 2,000 SKUs, and a year of parcels, units,
    /// inspections, decisions, labels and log-ins, every scan through the scan service.
    Generate {
        /// The new database (refused if it exists).
        #[arg(long)]
        db: PathBuf,
        #[arg(long, default_value_t = 1_000_000)]
        units: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The year's last day, YYYY-MM-DD (default: yesterday, UTC).
        #[arg(long)]
        until: Option<String>,
    },
}

#[derive(Subcommand)]
enum ExportWhat {
    /// KPIs of the site's days FROM..=TO (YYYY-MM-DD) as CSV: pace per inspector, handle time per
    /// grading set, disposition mix and recovery, return reasons, fraud signals, SLA breaches.
    Kpis {
        #[command(flatten)]
        login: Login,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// The CSV file; `-` for standard output.
        #[arg(long, default_value = "-")]
        out: PathBuf,
        /// The KPIs as JSON instead of CSV.
        #[arg(long)]
        json: bool,
    },
    /// Saved inspections with their grade on Amazon, eBay and CTIA scales and the decision.
    Inspections {
        #[command(flatten)]
        login: Login,
        /// The CSV file; `-` for standard output.
        #[arg(long, default_value = "-")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum RulesWhat {
    /// A rule table (JSON; default: the demo table) as a JDM document on standard output.
    ToJdm { table: Option<PathBuf> },
    /// A JDM document read onto BASE (its id, destinations and recovery; the next version) as
    /// our table's JSON on standard output; what our tables do not have is refused by name.
    FromJdm {
        jdm: PathBuf,
        #[arg(long)]
        base: PathBuf,
    },
}

#[derive(Subcommand)]
enum LabelWhat {
    /// Render one unit label to a file (PDF, ZPL or PNG).
    Render(label::LabelRender),
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Expected returns from a CSV file, one row per RMA line (columns: see
    /// crates/redock-station/src/import.rs). Bad rows are reported by line; good RMAs are kept.
    Rmas {
        #[command(flatten)]
        login: Login,
        #[arg(long)]
        json: bool,
        file: PathBuf,
    },
}

/// Exit codes: 0 done, 1 some input refused ([`report::EXIT_REFUSED`]), 2 bad arguments (clap),
/// 3 failed ([`report::EXIT_FAILED`], with the `error[<code>]` line), 101 a panic.
fn main() -> ExitCode {
    init_logs();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap's own words (coloured only on a terminal); --help and --version are not errors.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(report::EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if cli.verbose
        && std::env::var_os("RUST_LIB_BACKTRACE").is_none()
        && std::env::var_os("RUST_BACKTRACE").is_none()
    {
        // Still one thread: errors made from here on capture where they came from.
        std::env::set_var("RUST_LIB_BACKTRACE", "1");
    }
    let json = json_output(&cli.command);
    if !cli.verbose {
        report::quiet_panics(json);
    }
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => report::report(&e, json, cli.verbose),
    }
}

/// tracing's logs go to stderr, in colour only on a terminal and without NO_COLOR.
fn init_logs() {
    let colour = log_colour(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("REDOCK_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(colour)
        .init();
}

/// Colour for a terminal, unless NO_COLOR is set to anything but nothing (no-color.org).
fn log_colour(terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

/// Whether the command writes JSON to stdout (its error is then JSON there too): those given
/// `--json`, and those whose output is JSON anyway (`scan`, `events`, `decide`).
fn json_output(command: &Command) -> bool {
    match command {
        Command::Scan { .. } | Command::Events { .. } | Command::Decide { .. } => true,
        Command::Code { json, .. }
        | Command::Import {
            what: ImportWhat::Rmas { json, .. },
        } => *json,
        Command::Bench { which } => which.json(),
        Command::Sync { json, .. } => *json,
        _ => false,
    }
}

fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Scan { login, codes } => {
            let (station, session) = login.open()?;
            let mut failed = false;
            for code in codes {
                match station.scan(&session, &code, ScanSource::Cli) {
                    Ok(out) => println!("{}", serde_json::to_string(&out)?),
                    Err(e) => {
                        failed = true;
                        println!(
                            "{}",
                            serde_json::json!({"code": e.code(), "message": e.to_string(), "details": e.details()})
                        );
                    }
                }
            }
            if failed {
                return Ok(report::refused());
            }
        }
        Command::Code { json, text } => {
            let config = CodeConfig::demo();
            let classified = match normalize_scan(&text, config.gs_stand_in) {
                Ok(clean) => classify(&clean, &config),
                Err(e) => {
                    println!(
                        "{}",
                        serde_json::json!({"kind": "unknown", "valid": false, "error": e.to_string(), "error_code": e.code()})
                    );
                    return Ok(report::refused());
                }
            };
            if json {
                println!("{}", serde_json::to_string(&classified)?);
            } else {
                let state = if classified.valid { "valid" } else { "invalid" };
                println!(
                    "{} {state}{}",
                    classified.kind.as_str(),
                    classified.error.map(|e| format!(": {e}")).unwrap_or_default()
                );
            }
        }
        Command::Events { db, after, limit } => {
            let station = open(&db)?;
            for e in station.events_after(after, limit)? {
                println!("{}", serde_json::to_string(&e)?);
            }
        }
        Command::Init { db } => {
            let station = open(&db)?;
            let loaded = station.seed_demo_if_empty()?;
            println!(
                "{} {}",
                db.display(),
                if loaded {
                    "created with demo data"
                } else {
                    "already set up"
                }
            );
        }
        Command::Demo { what: None, db } => demo(&db)?,
        Command::Demo {
            what:
                Some(DemoWhat::Generate {
                    db,
                    units,
                    seed,
                    until,
                }),
            ..
        } => generate_year(&db, units, seed, until.as_deref())?,
        Command::Settings {
            what:
                SettingsWhat::Serial {
                    login,
                    port,
                    baud,
                    suffix,
                    off,
                },
        } => {
            let (station, session) = login.open()?;
            let settings = match (off, port) {
                (true, _) | (false, None) => None,
                (false, Some(port)) => {
                    let suffix = match suffix.as_str() {
                        "cr" => b"\r".to_vec(),
                        "crlf" => b"\r\n".to_vec(),
                        "lf" => b"\n".to_vec(),
                        "tab" => b"\t".to_vec(),
                        other => bail!("unknown suffix {other:?}: use cr, crlf, lf or tab"),
                    };
                    Some(redock_station::serial::SerialSettings {
                        baud,
                        suffix,
                        ..redock_station::serial::SerialSettings::new(port)
                    })
                }
            };
            station.set_serial_settings(&session, settings.clone())?;
            println!(
                "serial scanner: {}",
                settings.map_or("none".to_string(), |s| s.port)
            );
        }
        Command::Settings {
            what:
                SettingsWhat::Printer {
                    login,
                    printer,
                    format,
                    template,
                    dpi,
                },
        } => {
            let (station, session) = login.open()?;
            let settings = redock_station::print_queue::PrinterSettings {
                printer: serde_json::from_str(&printer).context("--printer is not a printer as JSON")?,
                format: serde_json::from_value(serde_json::Value::String(format))
                    .context("--format is pdf, zpl or png")?,
                template,
                dpi,
            };
            station.set_printer_settings(&session, &settings)?;
            println!(
                "printer: {} ({}, {})",
                settings.printer.device(),
                settings.format.ext(),
                settings.template
            );
        }
        Command::Settings {
            what:
                SettingsWhat::Receiving {
                    login,
                    debounce_ms,
                    label_every_unit,
                },
        } => {
            let (station, session) = login.open()?;
            let settings = redock_station::settings::ReceivingSettings {
                debounce_ms,
                label_every_unit,
            };
            station.set_receiving_settings(&session, &settings)?;
            println!("receiving: double reads within {debounce_ms} ms, label every unit: {label_every_unit}");
        }
        Command::Settings {
            what:
                SettingsWhat::Sla {
                    login,
                    hold,
                    waiting,
                    conflict,
                    request,
                },
        } => {
            let (station, session) = login.open()?;
            let sla = redock_station::queue::SlaSettings {
                hold,
                waiting,
                conflict,
                request,
            };
            station.set_sla_settings(&session, &sla)?;
            println!("{}", serde_json::to_string(&sla)?);
        }
        Command::Settings {
            what: SettingsWhat::Session { login, idle_minutes },
        } => {
            let (station, session) = login.open()?;
            station.set_session_settings(
                &session,
                &redock_station::settings::SessionSettings { idle_minutes },
            )?;
            match idle_minutes {
                Some(m) => println!("session: logged out after {m} minutes without a scan"),
                None => println!("session: never logged out for being idle"),
            }
        }
        Command::Settings {
            what:
                SettingsWhat::Fraud {
                    login,
                    repeat_returner_returns,
                },
        } => {
            let (station, session) = login.open()?;
            let settings = redock_station::settings::FraudSettings {
                repeat_returner_returns,
            };
            station.set_fraud_settings(&session, &settings)?;
            println!("fraud: a repeat returner has {repeat_returner_returns} returns on record");
        }
        Command::Settings {
            what: SettingsWhat::Site { login, time_zone },
        } => {
            let (station, session) = login.open()?;
            let settings = redock_station::settings::SiteSettings { time_zone };
            station.set_site_settings(&session, &settings)?;
            println!("site time zone: {}", settings.time_zone);
        }
        Command::Settings {
            what: SettingsWhat::Retention { login, days },
        } => {
            let (station, session) = login.open()?;
            station
                .set_print_retention(&session, redock_station::print_retention::PrintRetention { days })?;
            println!("label files and finished print jobs kept {days} days");
        }
        Command::Settings {
            what:
                SettingsWhat::Log {
                    login,
                    retention_days,
                    keep_everything,
                },
        } => {
            let (station, session) = login.open()?;
            let retention_days = if keep_everything { None } else { retention_days };
            station.set_log_settings(&session, &redock_station::compact::LogSettings { retention_days })?;
            match retention_days {
                Some(d) => println!("acknowledged events kept {d} days"),
                None => println!("every event kept"),
            }
        }
        Command::Erase {
            what: EraseWhat::Customer { login, reason, id },
        } => {
            let (station, session) = login.open()?;
            let erased = station.erase_customer(&session, &id, reason.as_deref())?;
            println!(
                "customer {} erased (event {}; {} expected returns now show the customer as erased)",
                erased.customer_id, erased.seq, erased.returns
            );
        }
        Command::Hub { what } => hub::run(what)?,
        Command::Enrol { login, hub, code, ca } => {
            let ca = ca
                .map(|p| std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display())))
                .transpose()?;
            let (station, session) = login.open()?;
            let site = station.enrol_trusting(&session, &hub, &code, ca.as_deref())?;
            println!("enrolled with {hub} for site {site}");
        }
        Command::Sync { db, json, timeout } => {
            let station = open(&db)?;
            if let Some(secs) = timeout {
                let t = std::time::Duration::try_from_secs_f64(secs)
                    .map_err(|e| anyhow::anyhow!("--timeout {secs}: {e}"))?;
                station.set_sync_timeout(t);
            }
            let mut failpoint = failpoint::from_env()?;
            let report = station.sync_once_with(&mut |step| failpoint.reached(step))?;
            let pulled = station.pull_once_with(&mut |step| failpoint.reached(step))?;
            let status = station.sync_status()?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "report": report, "pulled": pulled, "status": status })
                );
            } else {
                println!(
                    "{} events pushed in {} batches; the hub holds up to {}; {} waiting; {} changes read from the site, {} taken in",
                    report.pushed, report.batches, report.held, status.waiting, pulled.read, pulled.applied
                );
            }
        }
        Command::Compact { login, upto } => {
            let (station, session) = login.open()?;
            let done = station.compact(&session, upto)?;
            println!(
                "{} events removed; the snapshot stands after event {}; {} events remain",
                done.removed, done.snapshot_upto, done.remaining
            );
        }
        Command::Import {
            what: ImportWhat::Rmas { login, json, file },
        } => {
            let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let (station, session) = login.open()?;
            let report = station.import_rmas(&session, &bytes)?;
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                println!(
                    "{} ({}): {} rows read, {} RMAs imported{}",
                    file.display(),
                    report.encoding,
                    report.rows_read,
                    report.imported.len(),
                    if report.imported.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", report.imported.join(", "))
                    }
                );
                for e in &report.errors {
                    println!(
                        "  line {}: {}{}",
                        e.line,
                        e.rma.as_deref().map(|r| format!("{r}: ")).unwrap_or_default(),
                        e.reason
                    );
                }
            }
            if !report.errors.is_empty() {
                return Ok(crate::report::refused());
            }
        }
        Command::Decide { input, rules } => println!("{}", decide::run(&input, rules.as_deref())?),
        Command::Queue {
            login,
            kind,
            state,
            min_age_hours,
            limit,
            json,
        } => {
            let (station, session) = login.open()?;
            let kinds = kind
                .iter()
                .map(|k| {
                    redock_station::queue::QueueKind::parse(k).ok_or_else(|| {
                        anyhow::anyhow!("--kind {k:?}: one of hold, waiting, conflict, request")
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let states = state
                .iter()
                .map(|s| {
                    serde_json::from_value(serde_json::Value::String(s.clone()))
                        .map_err(|_| anyhow::anyhow!("--state {s:?}: one of ok, warn, breached, paused"))
                })
                .collect::<Result<Vec<_>>>()?;
            let recorded = station.sweep_sla()?;
            let filter = redock_station::queue::QueueFilter {
                kinds,
                states,
                min_age_hours,
                limit: Some(limit),
                ..Default::default()
            };
            let queue = station.queue(&session, &filter)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&queue)?);
            } else {
                if recorded > 0 {
                    println!("{recorded} breach(es) recorded now");
                }
                println!("{} of {} matching items", queue.items.len(), queue.matching);
                for i in &queue.items {
                    let clock = if i.left_minutes < 0 {
                        format!("{}h{:02}m past", -i.left_minutes / 60, -i.left_minutes % 60)
                    } else {
                        format!("{}h{:02}m left", i.left_minutes / 60, i.left_minutes % 60)
                    };
                    println!(
                        "{:<16} {:<8} {:<8} {:>14}  {}",
                        i.lpn,
                        i.kind.as_str(),
                        serde_json::to_value(i.state)?.as_str().unwrap_or("?"),
                        clock,
                        i.reason.as_deref().unwrap_or("")
                    );
                }
            }
        }
        Command::Rules { what } => {
            let read = |p: &std::path::Path| {
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))
            };
            let rules_error = |code: &'static str, message: String| {
                anyhow::Error::from(redock_station::StationError::Refused { code, message })
            };
            match what {
                RulesWhat::ToJdm { table } => {
                    let text = match table {
                        Some(p) => read(&p)?,
                        None => redock_domain::disposition::DEMO_RULES_JSON.to_owned(),
                    };
                    let table = redock_domain::disposition::Table::from_json(&text)
                        .map_err(|e| rules_error("rules.invalid", e.to_string()))?;
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&redock_domain::disposition::jdm::to_jdm(&table))?
                    );
                }
                RulesWhat::FromJdm { jdm, base } => {
                    let (json, table) =
                        redock_domain::disposition::jdm::from_jdm(&read(&jdm)?, &read(&base)?)
                            .map_err(|e| rules_error(e.code(), e.to_string()))?;
                    println!("{json}");
                    eprintln!("{} v{}: {} rows", table.id(), table.version(), table.rows().len());
                }
            }
        }
        Command::Trail { login, lpn } => {
            let (station, session) = login.open()?;
            println!(
                "{}",
                serde_json::to_string_pretty(&station.unit_trail(&session, &lpn)?)?
            );
        }
        Command::RulesDryRun { login, file } => {
            let (station, session) = login.open()?;
            let json =
                std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let run = station.dry_run_rules(&session, &json)?;
            println!("{}", serde_json::to_string_pretty(&run)?);
        }
        Command::Label {
            what: LabelWhat::Render(args),
        } => label::run(args)?,
        Command::Export {
            what:
                ExportWhat::Kpis {
                    login,
                    from,
                    to,
                    out,
                    json,
                },
        } => {
            let (station, session) = login.open()?;
            let kpis = station.kpis(&session, &from, &to)?;
            let text = if json {
                serde_json::to_string_pretty(&kpis)? + "\n"
            } else {
                kpis.to_csv()?
            };
            if out == std::path::Path::new("-") {
                print!("{text}");
            } else {
                std::fs::write(&out, text).with_context(|| format!("writing {}", out.display()))?;
                eprintln!("KPIs of {}..{} written to {}", kpis.from, kpis.to, out.display());
            }
        }
        Command::Export {
            what: ExportWhat::Inspections { login, out },
        } => {
            let (station, session) = login.open()?;
            let n = if out == std::path::Path::new("-") {
                station.export_inspections(&session, std::io::stdout().lock())
            } else {
                let file =
                    std::fs::File::create(&out).with_context(|| format!("creating {}", out.display()))?;
                station.export_inspections(&session, file)
            }?;
            eprintln!("{n} inspections exported");
        }
        Command::StationSheet { out, lang } => {
            let n = sheet::write(&out, &lang)?;
            println!("Wrote {n} command barcodes to {}", out.display());
        }
        Command::Print { db, prune } => {
            let station = open(&db)?;
            for r in station.print_pending()? {
                match (r.ok, &r.error_code) {
                    (_, _) if !r.recorded => println!(
                        "sent {}, its result not recorded (the database refuses writes): it may have printed",
                        r.lpn
                    ),
                    (true, _) => println!("printed {} ({})", r.lpn, r.answer.unwrap_or_default()),
                    (false, code) => println!("waiting {} ({})", r.lpn, code.as_deref().unwrap_or("?")),
                }
            }
            // Labels a CUPS scheduler took earlier: printed there, stopped, or ended.
            for r in station.follow_printing()? {
                match (r.ok, &r.error_code) {
                    (true, None) => println!("CUPS printed {}", r.lpn),
                    (true, Some(code)) => println!("waiting in CUPS {} ({code})", r.lpn),
                    (false, code) => println!(
                        "not printed by CUPS {} ({})",
                        r.lpn,
                        code.as_deref().unwrap_or("?")
                    ),
                }
            }
            if prune {
                let r = station.prune_print_jobs()?;
                println!(
                    "retention: {} label files and {} finished jobs from before {} removed{}",
                    r.files_removed,
                    r.jobs_pruned,
                    r.before,
                    if r.files_failed > 0 {
                        format!(" ({} files could not be removed)", r.files_failed)
                    } else {
                        String::new()
                    }
                );
            }
            let q = station.print_queue_status()?;
            for j in &q.unsure {
                println!(
                    "may have printed {} (job {}): look at the printer, then confirm or reprint it in the window",
                    j.lpn, j.job_id
                );
            }
            println!(
                "{} waiting, {} failed, {} may have printed on {}",
                q.waiting,
                q.failed,
                q.unsure.len(),
                q.printer
            );
        }
        Command::Bench { which } => bench::run(which)?,
        Command::CrashWriter { db, limit } => redock_station::crash::writer_loop(&db, limit)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `redock demo generate`: a year at a big dock, with the rate it was made at.
fn generate_year(db: &std::path::Path, units: u64, seed: u64, until: Option<&str>) -> Result<()> {
    let last_day = match until {
        Some(d) => time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]"))
            .with_context(|| format!("--until {d}: not a date (YYYY-MM-DD)"))?,
        None => time::OffsetDateTime::now_utc()
            .date()
            .previous_day()
            .context("no yesterday")?,
    };
    let plan = redock_station::demo_year::YearPlan {
        units,
        last_day,
        seed,
    };
    eprintln!(
        "generating {units} units, the year to {last_day}, into {} (synchronous=OFF while generating)",
        db.display()
    );
    let report = redock_station::demo_year::generate(db, &plan, |p| {
        eprintln!(
            "  day {:>3}/365  {:>9} units  {:>10} events  {:>7.1} s  {:>7.0} events/s",
            p.day,
            p.units,
            p.events,
            p.seconds,
            p.events as f64 / p.seconds.max(1e-9)
        );
    })?;
    println!(
        "{}: {} units in {} parcels, {} scans, {} events over {} days open, {} operators",
        db.display(),
        report.units,
        report.parcels,
        report.scans,
        report.events,
        report.days_open,
        report.operators
    );
    println!(
        "  {:.1} s: {:.0} events/s, {:.0} scans/s, {:.0} units/s; file {:.1} MB",
        report.seconds,
        report.events as f64 / report.seconds,
        report.scans as f64 / report.seconds,
        report.units as f64 / report.seconds,
        report.bytes as f64 / 1e6
    );
    Ok(())
}

fn open(db: &std::path::Path) -> Result<Station> {
    Station::open(db, Arc::new(SystemClock), CodeConfig::demo())
        .with_context(|| format!("opening the station database {}", db.display()))
}

/// What the window does, as text: log in, scan a parcel label, an RMA, a product, a mistyped EAN
/// and an unknown code, and show what the station recorded.
fn demo(db: &std::path::Path) -> Result<()> {
    let station = open(db)?;
    if station.seed_demo_if_empty()? {
        println!("Loaded the demo data into {}", db.display());
    }
    let session = station.login("BADGE-0005", "1111")?;
    println!("Logged in: {} ({})", session.name, session.role.as_str());
    // A parcel with two RMAs: the right headphones, a phone with the wrong serial, an item from
    // neither RMA, then close (the missing cases are recorded); a misread EAN and an unknown code.
    // Each unit is graded by command barcodes as it arrives; the next scan saves it, decides
    // where it goes and queues its label.
    for code in [
        "1Z999AA10123456784",
        "(01)05901234123457(21)HP200-00017",
        "CMD:PASS",
        "(01)04601234567893(21)356938035643800",
        "CMD:GRADE:B",
        "CMD:DEFECT:SCREEN_SCRATCH",
        "8712345678906",
        "CMD:FAIL",
        "CMD:CLOSE",
        "5901234123458",
        "HELLO-42",
    ] {
        let out = station.scan(&session, code, ScanSource::Cli)?;
        let what = match (&out.receiving, &out.matched) {
            (Some(r), _) => {
                let mut s = format!("{:?}", r.action).to_lowercase();
                if let Some(lpn) = &r.lpn {
                    s.push_str(&format!(" as {lpn}"));
                }
                if r.action == redock_station::receiving::ReceivingAction::Opened {
                    let rmas: Vec<&str> = r.parcel.returns.iter().map(|x| x.rma.as_str()).collect();
                    s.push_str(&format!(" with {}", rmas.join(", ")));
                }
                for x in &r.new_exceptions {
                    s.push_str(&format!(" [{}]", x.as_str()));
                }
                s
            }
            (None, Some(redock_station::Matched::Product(p))) => format!("product {} ({})", p.name, p.sku),
            (None, Some(redock_station::Matched::Returns { via, returns })) => {
                format!("{} expected return(s) via {via}", returns.len())
            }
            (None, Some(redock_station::Matched::Unit(u))) => format!("unit {} ({})", u.lpn, u.status),
            (None, None) => out.code.error.clone().unwrap_or_else(|| "no match".into()),
        };
        let mut what = what;
        if let Some(i) = &out.inspection {
            if let Some(v) = &i.inspection {
                match (&v.grade, &v.question) {
                    (Some(g), _) => what.push_str(&format!(" · {} graded {g}", v.lpn)),
                    (None, Some(q)) => what.push_str(&format!(" · {} asks: {}", v.lpn, q.text)),
                    (None, None) => {}
                }
            }
            if let Some(d) = &i.decision {
                what.push_str(&format!(
                    " · DECIDED {} → {} ({})",
                    d.lpn,
                    d.channel.as_str().to_uppercase(),
                    d.destination.as_deref().unwrap_or("-")
                ));
            }
        }
        println!(
            "scan #{:<4} {:<38} {:<8} {:<7} {what}",
            out.seq,
            out.code.text,
            out.code.kind.as_str(),
            if out.code.valid { "valid" } else { "INVALID" }
        );
    }
    for r in station.print_pending()? {
        match &r.answer {
            Some(a) if r.ok => println!(
                "label printed for {}: {}",
                r.lpn,
                a["path"].as_str().unwrap_or("")
            ),
            _ => println!(
                "label for {} waits: {}",
                r.lpn,
                r.error_code.as_deref().unwrap_or("?")
            ),
        }
    }
    let status = station.status()?;
    if !status.writable {
        bail!("the station database is read-only");
    }
    println!(
        "{} events recorded, {} waiting for the hub",
        status.events_total, status.events_pending
    );
    station.logout(&session)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn logs_are_coloured_only_on_a_terminal_without_no_color() {
        use super::log_colour;
        let set = Some(std::ffi::OsStr::new("1"));
        let empty = Some(std::ffi::OsStr::new(""));
        assert!(log_colour(true, None) && log_colour(true, empty));
        assert!(!log_colour(true, set) && !log_colour(false, None) && !log_colour(false, empty));
    }
}
