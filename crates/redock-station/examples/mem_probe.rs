//! Memory of the station library over a shift, without the window: the soak's scans (parcels of
//! 20 units, each scanned, passed, saved), every label printed to the folder and previewed as the
//! window does, the desk read as the window's refresh does. Prints the process's RSS and anonymous
//! memory every 100 scans. `cargo run -p redock-station --example mem_probe -- 3000 [no-preview]
//! [no-print]`: tells whether what grows in the app is the station's or the window's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use redock_station::{ScanSource, Station};
use std::sync::Arc;

fn kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let scans: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
    let preview = !args.iter().any(|a| a == "no-preview");
    let print = !args.iter().any(|a| a == "no-print");
    let dir = tempfile::tempdir().unwrap();
    let st = Station::open(
        &dir.path().join("station.sqlite"),
        Arc::new(redock_station::SystemClock),
        redock_domain::CodeConfig::demo(),
    )
    .unwrap();
    st.seed_demo_if_empty().unwrap();
    let s = st.login("BADGE-0005", "1111").unwrap();
    let n = std::cell::Cell::new(0usize);
    let mut unit = 0usize;
    let step = |code: &str| {
        let out = st.scan(&s, code, ScanSource::Wedge).unwrap();
        n.set(n.get() + 1);
        let n = n.get();
        if let Some(d) = out.inspection.as_ref().and_then(|i| i.decision.as_ref()) {
            if print {
                st.print_pending().unwrap();
            }
            if preview {
                st.label_preview(&d.lpn, "en").unwrap();
            }
        }
        if n.is_multiple_of(30) {
            st.desk(&s).unwrap();
        }
        if n.is_multiple_of(100) {
            println!(
                "{n:>6} scans: rss {:>7} kB, anon {:>7} kB",
                kb("VmRSS:"),
                kb("RssAnon:")
            );
        }
    };
    while n.get() < scans {
        step("RMA-100001");
        for _ in 0..20 {
            unit += 1;
            step(&format!("(01)05901234123457(21)SOAK{unit:06}"));
            step("CMD:PASS");
            step("CMD:NEXT");
        }
        step("CMD:CLOSE");
    }
}
