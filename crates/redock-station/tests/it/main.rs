#![allow(clippy::unwrap_used)] // tests: a panic is the failure report
//! One integration-test binary for the station (keeps link times down).

mod auth;
mod bad_input;
mod demo_year;
mod desk;
mod desk_rules;
mod desk_view;
mod events;
mod import;
mod inspection;
mod kpi;
mod log;
mod operators;
mod print_queue;
mod query_plans;
mod queue;
mod raw_printer;
mod receiving;
mod rules;
mod scan;
mod serial;
mod store;
mod trail;
mod unlabelled;

use redock_station::clock::FixedClock;
use redock_station::{Session, Station};
use std::sync::Arc;
use time::macros::datetime;

pub struct TestStation {
    pub dir: tempfile::TempDir,
    pub station: Station,
    pub clock: Arc<FixedClock>,
}

impl TestStation {
    pub fn db(&self) -> std::path::PathBuf {
        self.dir.path().join("station.sqlite")
    }
}

/// A fresh station on a temp file with the demo data loaded.
pub fn demo_station() -> TestStation {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(datetime!(2026-11-23 08:00 UTC)));
    let station = Station::open(
        &dir.path().join("station.sqlite"),
        clock.clone(),
        redock_domain::CodeConfig::demo(),
    )
    .unwrap();
    assert!(station.seed_demo_if_empty().unwrap());
    TestStation { dir, station, clock }
}

pub fn inspector(s: &Station) -> Session {
    s.login("BADGE-0005", "1111").unwrap()
}

/// Scans a code by hand, failing the test with the code that was refused.
pub fn scan(st: &Station, s: &Session, code: &str) {
    st.scan(s, code, redock_station::ScanSource::Manual)
        .unwrap_or_else(|e| panic!("{code}: {e}"));
}

/// Scans each code by hand, in order.
pub fn scan_all(st: &Station, s: &Session, codes: &[&str]) {
    for code in codes {
        scan(st, s, code);
    }
}

/// The LPNs of the station's `kind` events, in log order.
pub fn lpns_of(st: &Station, kind: &str) -> Vec<String> {
    st.events_after(0, i64::MAX)
        .unwrap()
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| {
            serde_json::from_str::<serde_json::Value>(&e.payload).unwrap()["lpn"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}
