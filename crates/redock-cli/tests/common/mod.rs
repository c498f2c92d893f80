#![allow(dead_code, clippy::unwrap_used)] // shared by the test files; each uses some
//! What the station ↔ hub tests share (tests/sync.rs, refdata.rs, faults.rs, soak.rs): a real hub
//! process (`redock hub serve`) on a throwaway PostgreSQL database (tests/pg/with-pg.sh sets
//! REDOCK_TEST_PG), demo stations enrolled with it, the dock's work, and the check that the hub
//! holds exactly a log.

use redock_station::{ScanSource, Station, SystemClock};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

pub const SITE: &str = "site-wro-1";

pub fn redock() -> Command {
    Command::new(env!("CARGO_BIN_EXE_redock"))
}

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A new, empty database on the test server.
pub fn fresh_database() -> String {
    let admin = std::env::var("REDOCK_TEST_PG").unwrap_or_else(|_| {
        panic!("REDOCK_TEST_PG is not set: run these tests through tests/pg/with-pg.sh (make check does)")
    });
    let name = format!("redock_test_{}", uuid::Uuid::now_v7().simple());
    rt().block_on(async {
        let pool = redock_hub::db::pool(&admin, 1).unwrap();
        let c = pool.get().await.unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    });
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// A hub process on a free loopback port, with its database migrated and the demo site made.
pub struct Hub {
    pub child: Child,
    pub url: String,
    pub database: String,
}

impl Hub {
    pub fn start() -> Hub {
        Hub::start_env(&[])
    }

    /// [`Hub::start`] with `env` set for the hub process.
    pub fn start_env(env: &[(&str, &str)]) -> Hub {
        let database = fresh_database();
        let hub = Hub::on_env(&database, env);
        hub.admin(&[
            "site",
            "--org",
            "Demo",
            "--id",
            SITE,
            "--name",
            "Wrocław Returns Centre",
        ]);
        hub
    }

    pub fn on(database: &str) -> Hub {
        Hub::on_env(database, &[])
    }

    pub fn on_env(database: &str, env: &[(&str, &str)]) -> Hub {
        let out = redock()
            .args(["hub", "migrate"])
            .env("REDOCK_HUB_DATABASE_URL", database)
            .env("REDOCK_HUB_LISTEN", "127.0.0.1:0")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        Hub::serve_env(database, "127.0.0.1:0", None, env)
    }

    pub fn serve(database: &str, listen: &str) -> Hub {
        Hub::serve_with(database, listen, None)
    }

    /// `tls`: the certificate and key files (then the URL is https).
    pub fn serve_with(database: &str, listen: &str, tls: Option<(&Path, &Path)>) -> Hub {
        Hub::serve_env(database, listen, tls, &[])
    }

    /// A hub process with `env` set besides (the webhook deliverer's schedule, say).
    pub fn serve_env(database: &str, listen: &str, tls: Option<(&Path, &Path)>, env: &[(&str, &str)]) -> Hub {
        let mut cmd = redock();
        cmd.envs(env.iter().copied());
        cmd.args(["hub", "serve"])
            .env("REDOCK_HUB_DATABASE_URL", database)
            .env("REDOCK_HUB_LISTEN", listen)
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some((cert, key)) = tls {
            cmd.env("REDOCK_HUB_TLS_CERT", cert)
                .env("REDOCK_HUB_TLS_KEY", key);
        }
        let mut child = cmd.spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("{line:?}"));
        let scheme = if tls.is_some() { "https" } else { "http" };
        Hub {
            child,
            url: format!("{scheme}://{addr}"),
            database: database.to_string(),
        }
    }

    pub fn admin(&self, args: &[&str]) -> String {
        let out = redock()
            .args(["hub", "admin"])
            .args(args)
            .env("REDOCK_HUB_DATABASE_URL", &self.database)
            .env("REDOCK_HUB_LISTEN", "127.0.0.1:0")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    pub fn code(&self) -> String {
        self.admin(&["enrol-code", "--site", SITE])
    }

    /// (seq, hash, quarantine) of a stream at the hub, in order.
    pub fn held(&self, stream: &str) -> Vec<(i64, String, Option<String>)> {
        rt().block_on(async {
            let pool = redock_hub::db::pool(&self.database, 1).unwrap();
            let c = pool.get().await.unwrap();
            c.query(
                "SELECT seq, payload_hash, quarantine FROM event WHERE stream_id = $1::text::uuid ORDER BY seq",
                &[&stream],
            )
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect()
        })
    }

    pub fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.database.clone()
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Desk {
    pub _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub station: Station,
}

pub fn open(path: &Path) -> Station {
    Station::open(path, Arc::new(SystemClock), redock_domain::CodeConfig::demo()).unwrap()
}

/// A demo station, enrolled with the hub.
pub fn desk(hub: &Hub) -> Desk {
    desk_on(hub, Arc::new(SystemClock))
}

/// A demo station on `clock`, enrolled with the hub.
pub fn desk_on(hub: &Hub, clock: Arc<dyn redock_station::clock::Clock>) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.sqlite");
    let station = Station::open(&path, clock, redock_domain::CodeConfig::demo()).unwrap();
    station.seed_demo_if_empty().unwrap();
    let admin = station.login("BADGE-0004", "4567").unwrap();
    assert_eq!(station.enrol(&admin, &hub.url, &hub.code()).unwrap(), SITE);
    Desk {
        _dir: dir,
        path,
        station,
    }
}

pub fn work(st: &Station, codes: &[&str]) {
    let s = st.login("BADGE-0005", "1111").unwrap();
    for c in codes {
        st.scan(&s, c, ScanSource::Manual).unwrap();
    }
}

pub const A_UNIT: [&str; 4] = [
    "1Z999AA10123456784",
    "(01)05901234123457(21)HP200-00017",
    "CMD:PASS",
    "CMD:NEXT",
];

pub fn stream(st: &Station) -> String {
    st.events_after(0, 1).unwrap()[0].stream_id.clone()
}

/// The hub holds exactly this station's log: every seq once, in order, with the station's hashes.
pub fn assert_hub_holds(hub: &Hub, st: &Station) {
    let local: Vec<(i64, String)> = st
        .events_after(0, i64::MAX)
        .unwrap()
        .into_iter()
        .map(|e| (e.seq, e.payload_hash))
        .collect();
    let held: Vec<(i64, String)> = hub
        .held(&stream(st))
        .into_iter()
        .map(|(s, h, _)| (s, h))
        .collect();
    assert_eq!(held, local);
}

pub fn post(url: &str, token: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
    let agent = ureq::Agent::new_with_config(
        ureq::config::Config::builder()
            .http_status_as_error(false)
            .build(),
    );
    let mut resp = agent
        .post(url)
        .header("Authorization", format!("Bearer {token}"))
        .send_json(body)
        .unwrap();
    let status = resp.status().as_u16();
    (
        status,
        resp.body_mut().read_json().unwrap_or(serde_json::Value::Null),
    )
}

pub fn token(st: &Station) -> String {
    st.store()
        .read(|c| {
            c.query_row("SELECT value FROM meta WHERE key = 'hub_token'", [], |r| {
                r.get::<_, String>(0)
            })
        })
        .unwrap()
}

pub fn batch(st: &Station, after: i64, n: i64) -> serde_json::Value {
    let events = st
        .store()
        .read(|c| redock_station::events::to_push(c, after, n))
        .unwrap();
    serde_json::json!({ "events": events })
}

impl Hub {
    /// `redock hub admin …` with `stdin` given (a PIN), as it ended: (success, stdout, stderr).
    pub fn admin_with(&self, args: &[&str], stdin: &str) -> (bool, String, String) {
        use std::io::Write;
        let mut child = redock()
            .args(["hub", "admin"])
            .args(args)
            .env("REDOCK_HUB_DATABASE_URL", &self.database)
            .env("REDOCK_HUB_LISTEN", "127.0.0.1:0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        )
    }

    /// One SQL query's rows at the hub (every column selected as text).
    pub fn rows(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        rt().block_on(async {
            let pool = redock_hub::db::pool(&self.database, 1).unwrap();
            let c = pool.get().await.unwrap();
            c.query(sql, &[])
                .await
                .unwrap()
                .into_iter()
                .map(|r| (0..r.len()).map(|i| r.get::<_, Option<String>>(i)).collect())
                .collect()
        })
    }

    /// The site's change counter.
    pub fn counter(&self, site: &str) -> i64 {
        self.rows(&format!("SELECT n::text FROM site_feed WHERE site_id = '{site}'"))[0][0]
            .as_deref()
            .unwrap()
            .parse()
            .unwrap()
    }
}

/// A demo station renamed to `station_id` (number `number`) of `site`, enrolled with the hub.
pub fn desk_at(hub: &Hub, site: &str, station_id: &str, number: u16) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.sqlite");
    let station = open(&path);
    station.seed_demo_if_empty().unwrap();
    {
        let w = station.store().lock_writer();
        w.execute(
            "INSERT INTO site (site_id, name) VALUES (?1, ?1) ON CONFLICT DO NOTHING",
            [site],
        )
        .unwrap();
        w.execute(
            "UPDATE station SET station_id = ?1, station_number = ?2, site_id = ?3",
            rusqlite::params![station_id, number, site],
        )
        .unwrap();
    }
    let admin = station.login("BADGE-0004", "4567").unwrap();
    let code = hub.admin(&["enrol-code", "--site", site]);
    assert_eq!(station.enrol(&admin, &hub.url, &code).unwrap(), site);
    Desk {
        _dir: dir,
        path,
        station,
    }
}

/// A GET of the hub's API with a station's token: (status, body as JSON).
pub fn get(url: &str, token: &str) -> (u16, serde_json::Value) {
    let agent = ureq::Agent::new_with_config(
        ureq::config::Config::builder()
            .http_status_as_error(false)
            .build(),
    );
    let mut r = agent
        .get(url)
        .header("Authorization", format!("Bearer {token}"))
        .call()
        .unwrap();
    let status = r.status().as_u16();
    (
        status,
        r.body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_json()
            .unwrap_or(serde_json::Value::Null),
    )
}

/// A counter of the hub's `/metrics` (since the hub process started).
pub fn hub_metric(hub_url: &str, name: &str) -> Option<u64> {
    let agent = ureq::Agent::new_with_config(
        ureq::config::Config::builder()
            .http_status_as_error(false)
            .timeout_global(Some(std::time::Duration::from_secs(5)))
            .build(),
    );
    let text = agent
        .get(format!("{hub_url}/metrics"))
        .call()
        .ok()?
        .body_mut()
        .read_to_string()
        .ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.trim().parse().ok())
}

/// What the proxy does to the bytes it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Net {
    /// Every byte through.
    Pass,
    /// The network is cut: open connections are closed, new ones closed at once.
    Cut,
    /// New connections carry the request's headers and part of its body, then nothing more
    /// (nothing refused, nothing closed: a stalled link).
    StallRequest,
    /// New connections carry the whole request, and of the answer only its headers and one
    /// byte of its body, then nothing more.
    StallResponse,
}

/// A TCP proxy between the stations and the hub, on a loopback port of its own: it passes
/// bytes, cuts the network, or stalls a connection mid-body in either direction. A change of
/// mode closes the connections that were stalled or open under the previous one.
pub struct Proxy {
    pub url: String,
    shared: Arc<ProxyShared>,
}

struct ProxyShared {
    mode: std::sync::Mutex<(Net, u64)>,
    upstream: std::sync::Mutex<String>,
    open: std::sync::Mutex<Vec<std::net::TcpStream>>,
    connections: std::sync::atomic::AtomicU64,
}

impl ProxyShared {
    fn mode(&self) -> (Net, u64) {
        *self.mode.lock().unwrap()
    }
}

impl Proxy {
    /// A proxy to `upstream` (host:port).
    #[allow(clippy::disallowed_methods)] // plain threads, no async runtime
    pub fn start(upstream: &str) -> Proxy {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(ProxyShared {
            mode: std::sync::Mutex::new((Net::Pass, 0)),
            upstream: std::sync::Mutex::new(upstream.to_string()),
            open: std::sync::Mutex::new(Vec::new()),
            connections: std::sync::atomic::AtomicU64::new(0),
        });
        let s = Arc::clone(&shared);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let (mode, generation) = s.mode();
                if mode == Net::Cut {
                    let _ = client.shutdown(std::net::Shutdown::Both);
                    continue;
                }
                let upstream = s.upstream.lock().unwrap().clone();
                let Ok(server) = std::net::TcpStream::connect(&upstream) else {
                    let _ = client.shutdown(std::net::Shutdown::Both);
                    continue;
                };
                s.connections.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                {
                    let mut open = s.open.lock().unwrap();
                    open.push(client.try_clone().unwrap());
                    open.push(server.try_clone().unwrap());
                }
                for (from, to, up) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap(), true),
                    (server, client.try_clone().unwrap(), false),
                ] {
                    let s = Arc::clone(&s);
                    std::thread::spawn(move || pump(&s, from, to, up, mode, generation));
                }
            }
        });
        Proxy { url, shared }
    }

    pub fn set(&self, net: Net) {
        let mut m = self.shared.mode.lock().unwrap();
        *m = (net, m.1 + 1);
        drop(m);
        for c in self.shared.open.lock().unwrap().drain(..) {
            let _ = c.shutdown(std::net::Shutdown::Both);
        }
    }

    /// Where the proxy sends (after a hub restart on another port).
    pub fn upstream(&self, to: &str) {
        *self.shared.upstream.lock().unwrap() = to.to_string();
    }

    /// TCP connections carried so far.
    pub fn connections(&self) -> u64 {
        self.shared.connections.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Copy `from` → `to` under the mode the connection was opened in, until either side closes or
/// the mode changes.
#[allow(clippy::disallowed_methods)] // a stalled link sleeps
fn pump(
    s: &ProxyShared,
    mut from: std::net::TcpStream,
    mut to: std::net::TcpStream,
    up: bool,
    mode: Net,
    generation: u64,
) {
    use std::io::{Read, Write};
    let stall = matches!(
        (mode, up),
        (Net::StallRequest, true) | (Net::StallResponse, false)
    );
    let mut seen: Vec<u8> = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let mut chunk = &buf[..n];
        let mut stalled = false;
        if stall {
            // Up to the end of the headers and a little of the body (a request's first 1,000
            // bytes of body, an answer's first byte), then nothing.
            let before = seen.len();
            seen.extend_from_slice(chunk);
            if let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                let keep = end + 4 + if up { 1000 } else { 1 };
                if seen.len() > keep {
                    chunk = &chunk[..keep.saturating_sub(before).min(chunk.len())];
                    stalled = true;
                }
            }
        }
        if to.write_all(chunk).is_err() {
            break;
        }
        if stalled {
            while s.mode().1 == generation {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            break;
        }
    }
    let _ = from.shutdown(std::net::Shutdown::Both);
    let _ = to.shutdown(std::net::Shutdown::Both);
}

/// A `redock sync` process on a station's file, stopped dead (SIGKILL) at a failpoint
/// (`REDOCK_SYNC_FAILPOINT`, src/failpoint.rs): returns once it is killed there. Panics if the
/// process ended without reaching it.
pub fn sync_killed_at(db: &Path, failpoint: &str) {
    let mut child = redock()
        .args(["sync", "--json", "--db"])
        .arg(db)
        .env("REDOCK_SYNC_FAILPOINT", failpoint)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut said = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.starts_with("failpoint ") {
            child.kill().unwrap();
            child.wait().unwrap();
            return;
        }
        said.push(line);
    }
    let status = child.wait().unwrap();
    panic!("redock sync ended ({status}) before {failpoint}: {said:?}");
}

/// A `redock sync` process on a station's file, to its end: its JSON report.
pub fn sync_process(db: &Path) -> serde_json::Value {
    let out = redock()
        .args(["sync", "--json", "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "redock sync: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `n` events of the log written at once (a backlog of several batches, made quickly).
pub fn backlog(st: &Station, n: usize) {
    let now = time::OffsetDateTime::now_utc();
    st.store()
        .write(|tx| {
            for i in 0..n {
                redock_station::events::record(
                    tx,
                    &redock_station::events::EventBody::LoggedOut {
                        session_id: format!("b{i}"),
                        reason: None,
                    },
                    None,
                    now,
                )?;
            }
            Ok::<_, redock_station::error::StoreError>(())
        })
        .unwrap();
}

/// The station's log: (seq, hash), in order, with no seq missing or twice.
pub fn local_log(st: &Station) -> Vec<(i64, String)> {
    let log: Vec<(i64, String)> = st
        .events_after(0, i64::MAX)
        .unwrap()
        .into_iter()
        .map(|e| (e.seq, e.payload_hash))
        .collect();
    for (i, (seq, _)) in log.iter().enumerate() {
        assert_eq!(*seq, i as i64 + 1, "the station's log is dense");
    }
    log
}

/// The rows of a query at a station, every column as text.
pub fn station_rows(st: &Station, sql: &str) -> Vec<Vec<Option<String>>> {
    st.store()
        .read(|c| {
            let mut q = c.prepare(sql)?;
            let n = q.column_count();
            let rows = q
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            let v: rusqlite::types::Value = r.get(i)?;
                            Ok(match v {
                                rusqlite::types::Value::Null => None,
                                rusqlite::types::Value::Integer(i) => Some(i.to_string()),
                                rusqlite::types::Value::Real(f) => Some(f.to_string()),
                                rusqlite::types::Value::Text(t) => Some(t),
                                rusqlite::types::Value::Blob(b) => Some(format!("{b:?}")),
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()
                })?
                .collect::<Result<Vec<_>, _>>();
            rows
        })
        .unwrap()
}
