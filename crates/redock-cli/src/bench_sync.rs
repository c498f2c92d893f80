//! `redock bench sync`: a backlog of N events drained from a station to a real hub process over
//! HTTP, against raw ingest of the same rows into the same PostgreSQL (UNNEST in batches of the
//! same size, and one COPY; the faster is the reference), in the same run. Goal: ratio ≥ 0.5.

use anyhow::{bail, Context, Result};
use redock_station::events::{record, EventBody, Scanned, ScannedCode};
use redock_station::{Station, SystemClock};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

/// A PostgreSQL of the bench's own: initdb in a temp dir, a free port, stopped on drop.
pub(crate) struct Throwaway {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    pub(crate) url: String,
}

fn pg_bin() -> Result<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .context("PostgreSQL is not installed (Debian package postgresql)")?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|b| b.join("initdb").exists())
        .collect();
    found.sort();
    found.pop().context("no initdb under /usr/lib/postgresql")
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl Throwaway {
    fn command(&self, tool: &str) -> Command {
        let exe = self.bin.join(tool);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    pub(crate) fn start() -> Result<Throwaway> {
        let bin = pg_bin()?;
        let dir = tempfile::tempdir()?;
        // PostgreSQL refuses to run as root.
        let as_postgres = std::env::var("USER").as_deref() == Ok("root")
            || Command::new("id")
                .arg("-u")
                .output()
                .map(|o| o.stdout == b"0\n")
                .unwrap_or(false);
        let user = if as_postgres {
            "postgres".to_string()
        } else {
            whoami()
        };
        let mut pg = Throwaway {
            dir,
            bin,
            as_postgres,
            url: String::new(),
        };
        if as_postgres {
            let ok = Command::new("chown")
                .arg("postgres")
                .arg(pg.dir.path())
                .status()?
                .success();
            if !ok {
                bail!("cannot hand {} to the postgres user", pg.dir.path().display());
            }
        }
        let data = pg.dir.path().join("data");
        let out = pg
            .command("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", &user, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
            .output()?;
        if !out.status.success() {
            bail!("initdb: {}", String::from_utf8_lossy(&out.stderr));
        }
        let port = free_port()?;
        let out = pg
            .command("pg_ctl")
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(pg.dir.path().join("server.log"))
            .args(["-w", "-o"])
            .arg(format!(
                "-c listen_addresses=127.0.0.1 -p {port} -k {} -c max_connections=100",
                pg.dir.path().display()
            ))
            .arg("start")
            .output()?;
        if !out.status.success() {
            bail!("pg_ctl start: {}", String::from_utf8_lossy(&out.stderr));
        }
        pg.url = format!("postgres://{user}@127.0.0.1:{port}/postgres");
        Ok(pg)
    }
}

fn whoami() -> String {
    std::env::var("USER").unwrap_or_else(|_| "postgres".into())
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

async fn create_database(admin_url: &str, name: &str) -> Result<String> {
    let pool = redock_hub::db::pool(admin_url, 1)?;
    pool.get()
        .await?
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await?;
    let (base, _) = admin_url
        .rsplit_once('/')
        .context("a database URL ends in /dbname")?;
    Ok(format!("{base}/{name}"))
}

pub(crate) struct HubProcess(Child);

impl Drop for HubProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn redock(database: &str) -> Result<Command> {
    let mut c = Command::new(std::env::current_exe()?);
    c.env("REDOCK_HUB_DATABASE_URL", database)
        .env("REDOCK_HUB_LISTEN", "127.0.0.1:0");
    Ok(c)
}

/// A station whose log holds about `n` events: the demo data, then product scans.
fn backlog(path: &Path, n: u64) -> Result<Station> {
    let station = Station::open(path, Arc::new(SystemClock), redock_domain::CodeConfig::demo())?;
    station.seed_demo_if_empty()?;
    let now = time::OffsetDateTime::now_utc();
    station.store().write(|tx| {
        for i in 0..n {
            let body = EventBody::Scanned(Scanned {
                code: ScannedCode {
                    text: format!("(01)05901234123457(21)SN{i:010}"),
                    symbology: Some("]C1".into()),
                    kind: "gs1".into(),
                    valid: true,
                    error_code: None,
                    gtin: Some("05901234123457".into()),
                    shop: None,
                    carrier: None,
                    elements: vec![],
                },
                source: "serial".into(),
                matched: Some(redock_station::events::ScanMatch::Product {
                    sku: "EL-HP-200".into(),
                }),
            });
            record(tx, &body, Some("op-0005"), now)?;
        }
        Ok::<_, redock_station::error::StoreError>(())
    })?;
    Ok(station)
}

/// A station whose log is a generated dock of `units` units over a year (every kind of fact a
/// desk writes, registers included); then opened on the system clock like any station.
fn dock_backlog(path: &Path, units: u64) -> Result<Station> {
    let plan = redock_station::demo_year::YearPlan {
        units,
        last_day: time::OffsetDateTime::now_utc().date(),
        seed: 7,
    };
    redock_station::demo_year::generate(path, &plan, |_| {})?;
    Ok(Station::open(
        path,
        Arc::new(SystemClock),
        redock_domain::CodeConfig::demo(),
    )?)
}

pub fn bench_sync(n: u64, dock: Option<u64>, database_url: Option<String>, json: bool) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let own;
    let admin = match database_url {
        Some(u) => u,
        None => {
            own = Throwaway::start()?;
            own.url.clone()
        }
    };
    let tag = uuid::Uuid::now_v7().simple().to_string();
    let (_hub, hub_url, hub_db) = hub_for_bench(&admin, &rt)?;
    // The reference's database: the same schema, migrated the same way, on the same server.
    let raw_db = rt.block_on(create_database(&admin, &format!("bench_raw_{tag}")))?;
    migrated_with_site(&raw_db)?;

    let dir = tempfile::tempdir()?;
    let path = dir.path().join("station.sqlite");
    let station = match dock {
        Some(units) => {
            eprintln!("generating a dock of {units} units …");
            dock_backlog(&path, units)?
        }
        None => {
            eprintln!("recording a backlog of {n} events …");
            backlog(&path, n)?
        }
    };
    let kinds = if dock.is_some() {
        "a dock's events"
    } else {
        "product scans"
    };
    let code_out = redock(&hub_db)?
        .args(["hub", "admin", "enrol-code", "--site", "site-wro-1"])
        .output()?;
    let code = String::from_utf8(code_out.stdout)?.trim().to_string();
    let admin_session = station.login("BADGE-0004", "4567")?;
    station.enrol(&admin_session, &hub_url, &code)?;
    let events = station.events_after(0, i64::MAX)?;
    let total = events.len() as u64;

    eprintln!("draining {total} events to the hub over HTTP …");
    let t = Instant::now();
    let report = station.sync_once()?;
    let sync_s = t.elapsed().as_secs_f64();
    // How much of that the hub spent answering (its own metric), the rest being the station and HTTP.
    let hub_s = ureq::get(format!("{hub_url}/metrics"))
        .call()
        .ok()
        .and_then(|mut r| r.body_mut().read_to_string().ok())
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("redock_hub_push_seconds_sum "))
                .and_then(|v| v.trim().parse::<f64>().ok())
        })
        .unwrap_or(f64::NAN);
    if report.held != events.last().map_or(0, |e| e.seq) {
        bail!("the hub holds up to {} of {}", report.held, total);
    }

    // The same rows, straight into the same PostgreSQL: UNNEST batches of the same size, then COPY.
    eprintln!("the same rows by UNNEST and by COPY …");
    let (unnest_s, copy_s) = rt.block_on(async {
        let pool = redock_hub::db::pool(&raw_db, 2)?;
        let mut c = pool.get().await?;
        let stream = uuid::Uuid::parse_str(&events[0].stream_id)?;
        c.batch_execute(
            "INSERT INTO station (site_id, station_id, name, token_hash) VALUES ('site-wro-1', 's', 's', 'x');",
        )
        .await?;
        let ins_stream = "INSERT INTO stream (site_id, stream_id, station_id) VALUES ('site-wro-1', $1, 's')";
        c.execute(ins_stream, &[&stream]).await?;
        let t = Instant::now();
        for chunk in events.chunks(redock_station::sync::BATCH as usize) {
            let tx = c.transaction().await?;
            let seqs: Vec<i64> = chunk.iter().map(|e| e.seq).collect();
            let ids: Vec<uuid::Uuid> = chunk.iter().map(|e| uuid::Uuid::parse_str(&e.event_id)).collect::<Result<_, _>>()?;
            let kinds: Vec<&str> = chunk.iter().map(|e| e.kind.as_str()).collect();
            let versions: Vec<i32> = chunk.iter().map(|e| e.schema_version as i32).collect();
            let payloads: Vec<&str> = chunk.iter().map(|e| e.payload.as_str()).collect();
            let hashes: Vec<&str> = chunk.iter().map(|e| e.payload_hash.as_str()).collect();
            let recorded: Vec<&str> = chunk.iter().map(|e| e.recorded_at.as_str()).collect();
            let hlcs: Vec<&str> = chunk.iter().map(|e| e.hlc.as_str()).collect();
            let ops: Vec<Option<&str>> = chunk.iter().map(|e| e.operator_id.as_deref()).collect();
            let changes: Vec<i64> = chunk.iter().map(|e| e.seq).collect();
            tx.execute(
                "INSERT INTO event (site_id, stream_id, seq, event_id, kind, schema_version, origin, payload,
                                    payload_hash, recorded_at, hlc, operator_id, change_no)
                 SELECT 'site-wro-1', $1, u.seq, u.id, u.kind, u.v, 'station', u.p, u.h, u.r::timestamptz, u.hlc, u.op, u.c
                 FROM UNNEST($2::bigint[], $3::uuid[], $4::text[], $5::int[], $6::text[], $7::text[],
                             $8::text[], $9::text[], $10::text[], $11::bigint[])
                      AS u(seq, id, kind, v, p, h, r, hlc, op, c)",
                &[&stream, &seqs, &ids, &kinds, &versions, &payloads, &hashes, &recorded, &hlcs, &ops, &changes],
            )
            .await?;
            tx.commit().await?;
        }
        let unnest_s = t.elapsed().as_secs_f64();
        c.batch_execute("TRUNCATE event").await?;
        let t = Instant::now();
        let tx = c.transaction().await?;
        let sink = tx
            .copy_in(
                "COPY event (site_id, stream_id, seq, event_id, kind, schema_version, origin, payload,
                             payload_hash, recorded_at, hlc, operator_id, change_no) FROM STDIN (FORMAT csv)",
            )
            .await?;
        let mut csv = Vec::with_capacity(events.len() * 400);
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        for e in &events {
            let line = format!(
                "site-wro-1,{},{},{},{},{},station,{},{},{},{},{},{}\n",
                stream,
                e.seq,
                e.event_id,
                quote(&e.kind),
                e.schema_version,
                quote(&e.payload),
                e.payload_hash,
                e.recorded_at,
                quote(&e.hlc),
                e.operator_id.as_deref().map(quote).unwrap_or_default(),
                e.seq
            );
            csv.extend_from_slice(line.as_bytes());
        }
        use futures_util::SinkExt;
        let mut sink = std::pin::pin!(sink);
        sink.send(bytes::Bytes::from(csv)).await?;
        sink.as_mut().finish().await?;
        tx.commit().await?;
        let copy_s = t.elapsed().as_secs_f64();
        Ok::<_, anyhow::Error>((unnest_s, copy_s))
    })?;
    let reference_s = unnest_s.min(copy_s);
    let ratio = reference_s / sync_s;
    let rate = |s: f64| total as f64 / s;
    if json {
        println!(
            "{}",
            serde_json::json!({
                "bench": "sync", "events": total, "kinds": kinds, "batches": report.batches,
                "sync_s": sync_s, "hub_push_s": hub_s, "unnest_s": unnest_s, "copy_s": copy_s,
                "sync_events_per_s": rate(sync_s), "reference_events_per_s": rate(reference_s),
                "ratio": ratio, "goal": 0.5
            })
        );
    } else {
        println!(
            "bench sync: {total} events ({kinds}), {} batches of up to {}",
            report.batches,
            redock_station::sync::BATCH
        );
        println!(
            "  station → hub over HTTP   {:>8.2} s  {:>9.0} events/s  (the hub answering: {hub_s:.2} s)",
            sync_s,
            rate(sync_s)
        );
        println!(
            "  raw UNNEST, same batches  {:>8.2} s  {:>9.0} events/s",
            unnest_s,
            rate(unnest_s)
        );
        println!(
            "  raw COPY, one statement   {:>8.2} s  {:>9.0} events/s",
            copy_s,
            rate(copy_s)
        );
        println!("  ratio {ratio:.2} against the faster raw ingest (goal ≥ 0.5)");
    }
    Ok(())
}

/// `redock hub migrate` and the bench's site on `db`.
fn migrated_with_site(db: &str) -> Result<()> {
    for args in [
        &["hub", "migrate"][..],
        &[
            "hub",
            "admin",
            "site",
            "--org",
            "Bench",
            "--id",
            "site-wro-1",
            "--name",
            "Bench",
        ][..],
    ] {
        let out = redock(db)?.args(args).output()?;
        if !out.status.success() {
            bail!("{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    Ok(())
}

/// A hub process with a migrated database and the bench site; (process, URL, database URL).
pub(crate) fn hub_for_bench(
    admin: &str,
    rt: &tokio::runtime::Runtime,
) -> Result<(HubProcess, String, String)> {
    let tag = uuid::Uuid::now_v7().simple().to_string();
    let db = rt.block_on(create_database(admin, &format!("bench_hub_{tag}")))?;
    for args in [
        &["hub", "migrate"][..],
        &[
            "hub",
            "admin",
            "site",
            "--org",
            "Bench",
            "--id",
            "site-wro-1",
            "--name",
            "Bench",
        ][..],
    ] {
        let out = redock(&db)?.args(args).output()?;
        if !out.status.success() {
            bail!("{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    let mut child = redock(&db)?
        .args(["hub", "serve"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("the hub's stdout")?).read_line(&mut line)?;
    let hub = HubProcess(child);
    let addr = line
        .trim()
        .strip_prefix("listening on ")
        .and_then(|r| r.split_whitespace().next())
        .context("the hub did not start")?
        .to_string();
    Ok((hub, format!("http://{addr}"), db))
}

/// One event as a station pushes it: `payload` of `kind` v1 at `seq` of `stream`, hashed as the
/// station hashes it.
pub(crate) fn pushed_event(stream: &str, seq: i64, kind: &str, payload: &str) -> serde_json::Value {
    let hash = redock_station::events::envelope_hash(
        stream,
        seq,
        kind,
        1,
        redock_station::events::Origin::Station,
        payload,
    );
    serde_json::json!({
        "seq": seq, "event_id": uuid::Uuid::now_v7().to_string(), "origin": "station",
        "payload_hash": hash, "stream_id": stream, "kind": kind, "schema_version": 1,
        "payload": payload, "recorded_at": "2026-12-01T10:00:00Z", "hlc": format!("{seq:015}.00000"),
    })
}

/// Push `events` of `stream` with a station's `token`; anything but 200 is the bench's failure.
pub(crate) fn push(
    agent: &ureq::Agent,
    url: &str,
    stream: &str,
    token: &str,
    events: Vec<serde_json::Value>,
) -> Result<()> {
    let r = agent
        .post(format!("{url}/v1/streams/{stream}/events"))
        .header("Authorization", format!("Bearer {token}"))
        .send_json(serde_json::json!({ "events": events }))?;
    if r.status().as_u16() != 200 {
        bail!("push answered {}", r.status());
    }
    Ok(())
}

/// A bench's hub: its own throwaway PostgreSQL unless given a server's URL, a migrated database
/// with the bench site, and a hub process; (the PostgreSQL to keep alive, the runtime, the hub,
/// its URL, its database URL).
pub(crate) type BenchHub = (
    Option<Throwaway>,
    tokio::runtime::Runtime,
    HubProcess,
    String,
    String,
);

pub(crate) fn bench_hub_process(database_url: Option<String>) -> Result<BenchHub> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let (own, admin) = match database_url {
        Some(u) => (None, u),
        None => {
            let pg = Throwaway::start()?;
            let url = pg.url.clone();
            (Some(pg), url)
        }
    };
    let (hub, url, db) = hub_for_bench(&admin, &rt)?;
    Ok((own, rt, hub, url, db))
}

/// `redock bench hub`: `stations` simulated stations push batches of 500 at once (each its own
/// thread and connection, events hashed as a station hashes them); events/s and push latency
/// p50/p99; then one station pulls the site's feed page by page from the start.
pub fn bench_hub(stations: usize, batches: usize, database_url: Option<String>, json: bool) -> Result<()> {
    let (_pg, _rt, _hub, url, db) = bench_hub_process(database_url)?;
    let agent = ureq::Agent::new_with_config(
        ureq::config::Config::builder()
            .http_status_as_error(false)
            .build(),
    );
    // Enrol every station.
    let mut enrolled = Vec::new();
    for i in 0..stations {
        let out = redock(&db)?
            .args(["hub", "admin", "enrol-code", "--site", "site-wro-1"])
            .output()?;
        let code = String::from_utf8(out.stdout)?.trim().to_string();
        let stream = uuid::Uuid::now_v7().to_string();
        let mut r = agent.post(format!("{url}/v1/enroll")).send_json(serde_json::json!({
            "code": code, "station_id": format!("bench-{i:03}"), "station_name": format!("Bench {i}"), "stream_id": stream,
        }))?;
        let v: serde_json::Value = r.body_mut().read_json()?;
        let token = v["token"].as_str().context("no token")?.to_string();
        enrolled.push((stream, token));
    }
    eprintln!("{stations} stations enrolled; each pushes {batches} batches of 500 at once …");
    let started = Instant::now();
    let handles: Vec<_> = enrolled
        .iter()
        .cloned()
        .map(|(stream, token)| {
            let url = url.clone();
            std::thread::spawn(move || -> Result<Vec<f64>> {
                let agent = ureq::Agent::new_with_config(
                    ureq::config::Config::builder()
                        .http_status_as_error(false)
                        .build(),
                );
                let mut latencies = Vec::new();
                for b in 0..batches {
                    let events: Vec<serde_json::Value> = (0..500)
                        .map(|i| {
                            let seq = (b * 500 + i + 1) as i64;
                            pushed_event(
                                &stream,
                                seq,
                                "logged_out",
                                &format!("{{\"session_id\":\"s{seq}\"}}"),
                            )
                        })
                        .collect();
                    let t = Instant::now();
                    push(&agent, &url, &stream, &token, events)?;
                    latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                Ok(latencies)
            })
        })
        .collect();
    let mut all = Vec::new();
    for h in handles {
        all.extend(
            h.join()
                .map_err(|_| anyhow::anyhow!("a station thread panicked"))??,
        );
    }
    let push_s = started.elapsed().as_secs_f64();
    all.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| all[((all.len() as f64 - 1.0) * p).round() as usize];
    let events = (stations * batches * 500) as f64;
    // The pull: the whole site's feed, from the start, by one station.
    let token = &enrolled[0].1;
    let t = Instant::now();
    let (mut after, mut pulled) = (0i64, 0u64);
    loop {
        let mut r = agent
            .get(format!(
                "{url}/v1/sites/site-wro-1/changes?after={after}&limit=5000"
            ))
            .header("Authorization", format!("Bearer {token}"))
            .call()?;
        let v: serde_json::Value = r.body_mut().read_json()?;
        let n = v["changes"].as_array().map_or(0, Vec::len) as u64;
        if n == 0 {
            break;
        }
        pulled += n;
        after = v["next"].as_i64().context("no next")?;
    }
    let pull_s = t.elapsed().as_secs_f64();
    if json {
        println!(
            "{}",
            serde_json::json!({
                "bench": "hub", "stations": stations, "events": events, "push_s": push_s,
                "events_per_s": events / push_s, "push_p50_ms": pct(0.5), "push_p99_ms": pct(0.99),
                "pulled": pulled, "pull_s": pull_s, "pulled_per_s": pulled as f64 / pull_s
            })
        );
    } else {
        println!(
            "bench hub: {stations} stations at once, {} events in batches of 500",
            events as u64
        );
        println!(
            "  pushed in {push_s:.2} s: {:.0} events/s; push latency p50 {:.1} ms, p99 {:.1} ms",
            events / push_s,
            pct(0.5),
            pct(0.99)
        );
        println!(
            "  pulled {pulled} changes in {pull_s:.2} s ({:.0} changes/s, pages of 5,000)",
            pulled as f64 / pull_s
        );
    }
    Ok(())
}
