//! `redock bench webhooks`: facts pushed to a real hub process at a steady rate (parcels opened
//! for returns a shop posted, each owing a `return.received`), delivered by the hub's deliverer
//! to a local receiver. Reports deliveries per second and the time from a fact's push being
//! acknowledged (committed at the hub) to its delivery at the receiver, p50 / p95 / p99; and, as
//! the reference in the same run, the same number of signed posts sent straight to the receiver
//! at the deliverer's concurrency. Goal: p95 < 1 s at 1,000 facts/s.

use crate::bench_sync::{bench_hub_process, push, pushed_event, redock};
use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The receiver: HTTP/1.1 with keep-alive, 204 to every POST, the arrival time of each
/// `webhook-id` kept (the first, if a message came twice).
struct Receiver {
    port: u16,
    arrivals: Arc<Mutex<HashMap<String, Instant>>>,
    posts: Arc<std::sync::atomic::AtomicU64>,
}

impl Receiver {
    fn start() -> Result<Receiver> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let arrivals = Arc::new(Mutex::new(HashMap::new()));
        let posts = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (a, p) = (Arc::clone(&arrivals), Arc::clone(&posts));
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let (a, p) = (Arc::clone(&a), Arc::clone(&p));
                std::thread::spawn(move || serve(conn, &a, &p));
            }
        });
        Ok(Receiver {
            port,
            arrivals,
            posts,
        })
    }

    fn delivered(&self) -> usize {
        self.arrivals.lock().map(|m| m.len()).unwrap_or(0)
    }
}

fn serve(
    conn: std::net::TcpStream,
    arrivals: &Mutex<HashMap<String, Instant>>,
    posts: &std::sync::atomic::AtomicU64,
) {
    let mut writer = match conn.try_clone() {
        Ok(w) => w,
        Err(_) => return,
    };
    let mut reader = BufReader::new(conn);
    loop {
        let (mut length, mut id) = (0usize, None);
        let mut line = String::new();
        // The request line, then headers up to the blank line.
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                match k.trim().to_ascii_lowercase().as_str() {
                    "content-length" => length = v.trim().parse().unwrap_or(0),
                    "webhook-id" => id = Some(v.trim().to_string()),
                    _ => {}
                }
            }
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let now = Instant::now();
        posts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let (Some(id), Ok(mut m)) = (id, arrivals.lock()) {
            m.entry(id).or_insert(now);
        }
        if writer
            .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
            .is_err()
        {
            return;
        }
    }
}

fn admin(db: &str, args: &[&str]) -> Result<String> {
    let out = redock(db)?.args(["hub", "admin"]).args(args).output()?;
    if !out.status.success() {
        bail!("{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8(out.stdout)?.trim().to_string())
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub fn bench_webhooks(facts: usize, rate: usize, database_url: Option<String>, json: bool) -> Result<()> {
    let (_pg, rt, _hub, url, db) = bench_hub_process(database_url)?;
    let site = "site-wro-1";
    admin(
        &db,
        &[
            "shop",
            "--site",
            site,
            "--shop",
            "web",
            "--name",
            "Bench shop",
            "--rma-pattern",
            r"WS-\d{7}",
        ],
    )?;
    let key = admin(&db, &["shop-key", "--site", site, "--shop", "web"])?;
    // A return's lines name a SKU the site's stations know: the bench's one, put straight in.
    rt.block_on(async {
        let pool = redock_hub::db::pool(&db, 1)?;
        pool.get()
            .await?
            .execute(
                "INSERT INTO hub_sku (site_id, sku) VALUES ($1, 'BENCH-SKU')",
                &[&site],
            )
            .await?;
        anyhow::Ok(())
    })?;
    let agent = ureq::Agent::new_with_config(
        ureq::config::Config::builder()
            .http_status_as_error(false)
            .build(),
    );
    let rma = |i: usize| format!("WS-{i:07}");
    eprintln!("posting {} returns …", 2 * facts);
    for chunk in (0..2 * facts).collect::<Vec<_>>().chunks(1000) {
        let returns: Vec<serde_json::Value> = chunk
            .iter()
            .map(|i| {
                serde_json::json!({
                    "rma": rma(*i), "shop": "web", "order_no": format!("B-{i}"), "order_date": "2026-11-20",
                    "customer_id": format!("c-{i}"), "customer_name": "Bench Customer",
                    "lines": [{"line_no": 1, "sku": "BENCH-SKU", "quantity": 1, "serials": [], "stated_reason": null}]
                })
            })
            .collect();
        let r = agent
            .post(format!("{url}/v1/returns"))
            .header("Authorization", format!("Bearer {key}"))
            .send_json(serde_json::Value::Array(returns))?;
        if r.status().as_u16() != 200 {
            bail!("posting returns answered {}", r.status());
        }
    }
    let receiver = Receiver::start()?;
    let mut r = agent
        .post(format!("{url}/v1/webhooks/endpoints"))
        .header("Authorization", format!("Bearer {key}"))
        .send_json(serde_json::json!({
            "url": format!("http://127.0.0.1:{}/hooks", receiver.port), "types": ["return.received"],
        }))?;
    let endpoint: serde_json::Value = r.body_mut().read_json()?;
    let secret = endpoint["secret"].as_str().context("no secret")?.to_string();

    // A station of the site, pushing parcels opened for those returns.
    let code = admin(&db, &["enrol-code", "--site", site])?;
    let stream = uuid::Uuid::now_v7().to_string();
    let mut r = agent
        .post(format!("{url}/v1/enroll"))
        .send_json(serde_json::json!({
            "code": code, "station_id": "bench-station", "station_name": "Bench", "stream_id": stream,
        }))?;
    let v: serde_json::Value = r.body_mut().read_json()?;
    let token = v["token"].as_str().context("no token")?.to_string();
    let push = |first: usize,
                n: usize,
                per_batch: usize,
                tick: Option<Duration>|
     -> Result<HashMap<String, Instant>> {
        let mut acked = HashMap::new();
        let started = Instant::now();
        let mut seq = first;
        while seq < first + n {
            if let Some(tick) = tick {
                let due = started + tick * ((seq - first) / per_batch) as u32;
                if let Some(wait) = due.checked_duration_since(Instant::now()) {
                    #[allow(clippy::disallowed_methods)] // a plain thread paces the pushes
                    std::thread::sleep(wait);
                }
            }
            let k = per_batch.min(first + n - seq);
            let events: Vec<serde_json::Value> = (seq..seq + k)
                .map(|i| {
                    let s = (i + 1) as i64;
                    let payload = serde_json::to_string(&redock_events::payloads::ParcelOpened {
                        parcel_id: format!("P-{i}"),
                        code: rma(i),
                        code_kind: "rma".into(),
                        carrier: None,
                        rmas: vec![rma(i)],
                    })
                    .unwrap_or_default();
                    pushed_event(&stream, s, "parcel_opened", &payload)
                })
                .collect();
            push(&agent, &url, &stream, &token, events)?;
            let at = Instant::now();
            for i in seq..seq + k {
                acked.insert(format!("msg_{stream}_{}_{}", i + 1, rma(i)), at);
            }
            seq += k;
        }
        Ok(acked)
    };
    let wait_for = |n: usize| -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(120 + n as u64 / 100);
        while receiver.delivered() < n {
            if Instant::now() > deadline {
                bail!("only {} of {n} delivered", receiver.delivered());
            }
            #[allow(clippy::disallowed_methods)] // a plain thread waits for the receiver
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    };

    // Paced: `rate` facts a second, in ten pushes a second.
    let per_batch = (rate / 10).max(1);
    let tick = Duration::from_secs_f64(per_batch as f64 / rate as f64);
    eprintln!("pushing {facts} parcels opened at {rate} facts/s ({per_batch} every {tick:?}) …");
    let started = Instant::now();
    let acked = push(0, facts, per_batch, Some(tick))?;
    let pushed_s = started.elapsed().as_secs_f64();
    wait_for(facts)?;
    let arrivals = receiver
        .arrivals
        .lock()
        .map_err(|_| anyhow::anyhow!("receiver"))?
        .clone();
    let mut latency: Vec<f64> = acked
        .iter()
        .filter_map(|(id, at)| {
            arrivals
                .get(id)
                .map(|a| a.saturating_duration_since(*at).as_secs_f64() * 1000.0)
        })
        .collect();
    latency.sort_by(|a, b| a.total_cmp(b));

    // A burst: as many facts pushed as fast as the hub takes them (batches of 500); the
    // deliverer's own pace.
    eprintln!("pushing {facts} more at once …");
    let burst = Instant::now();
    push(facts, facts, 500, None)?;
    wait_for(2 * facts)?;
    let hub_s = burst.elapsed().as_secs_f64();

    // The reference: as many signed posts straight to the receiver, 32 at a time (the
    // deliverer's claim), each its own message.
    let direct = Receiver::start()?;
    let body =
        r#"{"type":"return.received","timestamp":"2026-12-01T10:00:00.000Z","data":{"rma":"WS-0000000"}}"#;
    let t = Instant::now();
    let threads: Vec<_> = (0..32)
        .map(|w| {
            let (port, secret) = (direct.port, secret.clone());
            std::thread::spawn(move || -> Result<()> {
                let agent = ureq::Agent::new_with_config(
                    ureq::config::Config::builder()
                        .http_status_as_error(false)
                        .build(),
                );
                for i in (w..facts).step_by(32) {
                    let id = format!("msg_direct_{i}");
                    let ts = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)?
                        .as_secs() as i64;
                    let sig = redock_hub::webhooks::sign(&secret, &id, ts, body)?;
                    agent
                        .post(format!("http://127.0.0.1:{port}/hooks"))
                        .header("webhook-id", &id)
                        .header("webhook-timestamp", ts.to_string())
                        .header("webhook-signature", &sig)
                        .send(body.as_bytes())?;
                }
                Ok(())
            })
        })
        .collect();
    for h in threads {
        h.join()
            .map_err(|_| anyhow::anyhow!("a direct sender panicked"))??;
    }
    let direct_s = t.elapsed().as_secs_f64();
    let (hub_rate, direct_rate) = (facts as f64 / hub_s, facts as f64 / direct_s);
    let dupes =
        (receiver.posts.load(std::sync::atomic::Ordering::Relaxed) as usize).saturating_sub(2 * facts);
    if json {
        println!(
            "{}",
            serde_json::json!({
                "bench": "webhooks", "facts": facts, "rate": rate, "pushed_s": pushed_s,
                "delivered_per_s": hub_rate, "p50_ms": pct(&latency, 0.5), "p95_ms": pct(&latency, 0.95),
                "p99_ms": pct(&latency, 0.99), "direct_per_s": direct_rate, "ratio": hub_rate / direct_rate,
                "duplicates": dupes,
            })
        );
    } else {
        println!("bench webhooks: parcels opened for returns a shop posted, each owing one return.received");
        println!(
            "  {facts} facts at {rate}/s ({pushed_s:.2} s): acknowledged → delivered p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms (goal p95 < 1000 ms)",
            pct(&latency, 0.5),
            pct(&latency, 0.95),
            pct(&latency, 0.99)
        );
        println!(
            "  {facts} facts at once: delivered in {hub_s:.2} s, {hub_rate:.0} deliveries/s ({dupes} sent twice)"
        );
        println!("  reference: signed posts straight to the receiver, 32 at a time: {direct_s:.2} s, {direct_rate:.0}/s");
        println!(
            "  ratio {:.2} (the hub's delivery rate against the direct one)",
            hub_rate / direct_rate
        );
    }
    Ok(())
}
