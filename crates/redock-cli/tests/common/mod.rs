#![allow(dead_code, clippy::unwrap_used)] // shared by the test files; each uses some
//! What the station ↔ hub tests share: a throwaway database on the test PostgreSQL
//! (tests/pg/with-pg.sh), a real hub process (`redock hub serve`), demo stations enrolled with it.

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
        let database = fresh_database();
        let hub = Hub::on(&database);
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
        let out = redock()
            .args(["hub", "migrate"])
            .env("REDOCK_HUB_DATABASE_URL", database)
            .env("REDOCK_HUB_LISTEN", "127.0.0.1:0")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        Hub::serve(database, "127.0.0.1:0")
    }

    pub fn serve(database: &str, listen: &str) -> Hub {
        Hub::serve_with(database, listen, None)
    }

    /// `tls`: the certificate and key files (then the URL is https).
    pub fn serve_with(database: &str, listen: &str, tls: Option<(&Path, &Path)>) -> Hub {
        let mut cmd = redock();
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
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.sqlite");
    let station = open(&path);
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
