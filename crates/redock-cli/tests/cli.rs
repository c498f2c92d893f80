#![allow(clippy::unwrap_used)] // tests: a panic is the failure report
//! The `redock` binary as an operator or a script runs it.

use std::process::Command;

fn redock() -> Command {
    Command::new(env!("CARGO_BIN_EXE_redock"))
}

/// A new station database with the demo data, in a temp dir kept alive by the caller.
fn demo_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite");
    assert!(redock()
        .arg("init")
        .arg("--db")
        .arg(&db)
        .status()
        .unwrap()
        .success());
    (dir, db)
}

fn json_lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn crash_test_50_kills_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = redock()
        .args([
            "bench", "crash", "--kills", "50", "--seed", "7", "--json", "--dir",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let report = &json_lines(&out)[0];
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(report["kills"], 50);
    assert_eq!(report["failures"].as_array().unwrap().len(), 0, "{report}");
    // The kills must have interrupted real work, not an idle process (most kills wait until the
    // writer is writing, so this holds however slow the machine is).
    assert!(report["acknowledged"].as_u64().unwrap() > 0, "{report}");
    assert!(report["units"].as_i64().unwrap() >= report["acknowledged"].as_i64().unwrap());
}

#[test]
fn scan_records_and_prints_json() {
    let (_dir, db) = demo_db();
    let out = redock()
        .args(["scan", "--badge", "BADGE-0005", "--pin", "1111", "--db"])
        .arg(&db)
        .args(["5901234123457", "RMA-100002"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    assert_eq!(lines[0]["code"]["kind"], "ean13");
    assert_eq!(lines[0]["matched"]["type"], "product");
    assert_eq!(lines[1]["matched"]["returns"][0]["customer_name"], "Ion Popescu");
    let events = redock().arg("events").arg("--db").arg(&db).output().unwrap();
    let kinds: Vec<String> = json_lines(&events)
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds.iter().filter(|k| *k == "scanned").count(), 2);
}

#[test]
fn rules_dry_run_tries_a_table_on_the_station_s_decisions_for_an_administrator_only() {
    let (dir, db) = demo_db();
    let scanned = redock()
        .args(["scan", "--badge", "BADGE-0005", "--pin", "1111", "--db"])
        .arg(&db)
        .args([
            "1Z999AA10123456784",
            "(01)05901234123457(21)HP200-00017",
            "CMD:PASS",
            "CMD:NEXT",
        ])
        .output()
        .unwrap();
    assert!(
        scanned.status.success(),
        "{}",
        String::from_utf8_lossy(&scanned.stderr)
    );
    let mut table: serde_json::Value =
        serde_json::from_str(redock_domain::disposition::DEMO_RULES_JSON).unwrap();
    table["version"] = 3.into();
    table["rows"] = serde_json::json!([{ "then": { "channel": "donate", "reason": "r", "refund": "full" } }]);
    let file = dir.path().join("rules.json");
    std::fs::write(&file, table.to_string()).unwrap();
    let run = |badge: &str, pin: &str| {
        redock()
            .args(["rules-dry-run", "--badge", badge, "--pin", pin, "--db"])
            .arg(&db)
            .arg(&file)
            .output()
            .unwrap()
    };
    let out = run("BADGE-0004", "4567");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["compared"], 1, "{report}");
    assert_eq!(report["changed"][0]["to"], "donate", "{report}");
    let out = run("BADGE-0005", "1111");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("auth.forbidden"));

    // The unit's trail, for a supervisor: from its return to its decision.
    let lpn = report["changed"][0]["lpn"].as_str().unwrap();
    let out = redock()
        .args(["trail", "--badge", "BADGE-0003", "--pin", "3456", "--db"])
        .arg(&db)
        .arg(lpn)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let trail: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = trail["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"rma_added"), "{kinds:?}");
    assert!(
        kinds.contains(&"decided") && kinds.last() == Some(&"print_queued"),
        "{kinds:?}"
    );
}

#[test]
fn the_queue_headless_shows_a_hold_and_its_targets_are_set_by_a_supervisor() {
    let (_dir, db) = demo_db();
    // The phone with a serial that was not sold: held for a supervisor.
    run_ok(
        &["scan", "--badge", "BADGE-0005", "--pin", "1111"],
        &db,
        &[
            "1Z999AA10123456784",
            "]d2010460123456789321356938035643800",
            "CMD:GRADE:B",
            "CMD:NEXT",
        ],
    );
    let sup = ["--badge", "BADGE-0003", "--pin", "3456"];
    let text = run_ok(&[&["queue"][..], &sup].concat(), &db, &["--json"]);
    let q: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(q["matching"], 1, "{q}");
    assert_eq!(
        (&q["items"][0]["kind"], &q["items"][0]["state"]),
        (&"hold".into(), &"ok".into())
    );
    let text = run_ok(&[&["queue"][..], &sup].concat(), &db, &["--kind", "waiting"]);
    assert!(text.starts_with("0 of 0 matching items"), "{text}");
    let out = failing(
        &[&["settings", "sla"][..], &sup].concat(),
        &db,
        &["--hold", "0,0"],
    );
    assert!(error_line(&out, "config.invalid").contains("sla.hold.target_hours"));
    run_ok(
        &[&["settings", "sla"][..], &sup].concat(),
        &db,
        &["--hold", "8,2"],
    );
    let text = run_ok(&[&["queue"][..], &sup].concat(), &db, &["--json"]);
    let q: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(q["settings"]["hold"]["target_hours"], 8, "{q}");
    let out = failing(&["queue", "--badge", "BADGE-0005", "--pin", "1111"], &db, &[]);
    error_line(&out, "auth.forbidden");
}

#[test]
fn a_table_goes_to_gorules_jdm_and_back_and_jdm_features_we_lack_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = redock().args(["rules", "to-jdm"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let jdm = dir.path().join("demo.jdm.json");
    std::fs::write(&jdm, &out.stdout).unwrap();
    let base = dir.path().join("demo.json");
    std::fs::write(&base, redock_domain::disposition::DEMO_RULES_JSON).unwrap();
    let from_jdm = || {
        redock()
            .args(["rules", "from-jdm"])
            .arg(&jdm)
            .arg("--base")
            .arg(&base)
            .output()
            .unwrap()
    };
    let back = from_jdm();
    assert!(back.status.success(), "{}", String::from_utf8_lossy(&back.stderr));
    let table =
        redock_domain::disposition::Table::from_json(&String::from_utf8(back.stdout).unwrap()).unwrap();
    assert_eq!(table.rows(), redock_domain::disposition::demo_table().rows());
    let mut doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["nodes"][1]["content"]["hitPolicy"] = "collect".into();
    std::fs::write(&jdm, doc.to_string()).unwrap();
    let refused = from_jdm();
    assert_eq!(refused.status.code(), Some(3));
    assert!(error_line(&refused, "rules.jdm_unsupported").contains("hit policy `collect`"));
}

#[test]
fn scan_with_wrong_pin_fails_with_a_reason() {
    let (_dir, db) = demo_db();
    let out = redock()
        .args(["scan", "--badge", "BADGE-0005", "--pin", "0000", "--db"])
        .arg(&db)
        .arg("5901234123457")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("auth.wrong_pin"));
}

#[test]
fn code_json_classifies() {
    let out = redock()
        .args(["code", "--json", "5901234123458"])
        .output()
        .unwrap();
    let v = &json_lines(&out)[0];
    assert_eq!(
        (v["kind"].as_str(), v["valid"].as_bool()),
        (Some("ean13"), Some(false))
    );
    assert_eq!(v["error"], "check digit is 8, expected 7");
}

#[test]
fn import_rmas_from_the_example_csv() {
    let (_dir, db) = demo_db();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/demo/rmas-example.csv");
    let run = |badge: &str, pin: &str| {
        redock()
            .args(["import", "rmas", "--json", "--badge", badge, "--pin", pin, "--db"])
            .arg(&db)
            .arg(example)
            .output()
            .unwrap()
    };
    let refused = run("BADGE-0005", "1111");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("auth.forbidden"));
    let out = run("BADGE-0003", "3456");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let report = &json_lines(&out)[0];
    assert_eq!(
        report["imported"],
        serde_json::json!(["RMA-200101", "RMA-200102", "RMA-200103"])
    );
    // A second import of the same file is refused row by row, nothing doubled.
    let again = run("BADGE-0003", "3456");
    assert!(!again.status.success());
    assert_eq!(json_lines(&again)[0]["imported"], serde_json::json!([]));
}

/// The station sheet is read back by an independent reader (poppler + zbar): every barcode on it
/// is one the station obeys, and scanning them grades a unit.
#[test]
fn station_sheet_barcodes_decode_and_drive_an_inspection() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("sheet.pdf");
    let out = redock()
        .args(["station-sheet", "--lang", "ro", "--out"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let png = dir.path().join("sheet");
    let r = Command::new("pdftoppm")
        .args(["-r", "300", "-png"])
        .arg(&pdf)
        .arg(&png)
        .status()
        .expect("pdftoppm (Debian poppler-utils) is needed to read the sheet back");
    assert!(r.success());
    let mut decoded = Vec::new();
    for page in std::fs::read_dir(dir.path()).unwrap() {
        let p = page.unwrap().path();
        if p.extension().is_some_and(|e| e == "png") {
            let z = Command::new("zbarimg")
                .args(["--raw", "-q", "-Sdisable", "-Scode128.enable"])
                .arg(&p)
                .output()
                .expect("zbarimg (Debian zbar-tools) is needed to read the sheet back");
            decoded.extend(String::from_utf8_lossy(&z.stdout).lines().map(str::to_owned));
        }
    }
    decoded.sort();
    for must in [
        "CMD:PASS",
        "CMD:GRADE:A",
        "CMD:GRADE:new-unopened",
        "CMD:DEFECT:SCREEN_SCRATCH",
        "CMD:UNDO",
        "CMD:NEXT",
    ] {
        assert!(
            decoded.iter().any(|d| d == must),
            "{must} not read from the sheet: {decoded:?}"
        );
    }
    // What the sheet says, the station does: receive a unit, grade it from the decoded codes, save.
    let (_db_dir, db) = demo_db();
    let codes = [
        "1Z999AA10123456784",
        "(01)05901234123457(21)HP200-00017",
        "CMD:GRADE:A",
        "CMD:NEXT",
    ];
    let mut args = vec!["scan".to_owned(), "--db".into(), db.display().to_string()];
    args.extend(["--badge", "BADGE-0005", "--pin", "1111"].map(String::from));
    args.extend(codes.iter().map(|c| {
        decoded
            .iter()
            .find(|d| d == c)
            .cloned()
            .unwrap_or_else(|| (*c).to_owned())
    }));
    let out = redock().args(&args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    let saved = &lines[3]["inspection"]["decision"];
    assert_eq!(saved["grade"], "A", "{saved}");
    assert!(saved["channel"].is_string());
}

#[test]
fn demo_grades_decides_and_prints_labels() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.sqlite");
    let out = redock().args(["demo", "--db"]).arg(&db).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(text.matches("DECIDED").count(), 3, "{text}");
    assert_eq!(text.matches("label printed").count(), 3, "{text}");
    let labels = std::fs::read_dir(dir.path().join("labels")).unwrap().count();
    assert_eq!(labels, 3);
}

fn run_ok(args: &[&str], db: &std::path::Path, tail: &[&str]) -> String {
    let out = redock()
        .args(args)
        .arg("--db")
        .arg(db)
        .args(tail)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{args:?}: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// The next connection to a 9100 "printer", waited for at most a minute (a child that never
/// connects fails the test instead of hanging it).
#[allow(clippy::disallowed_methods)] // a plain test thread polls; no async runtime here
fn accept(listener: &std::net::TcpListener) -> std::net::TcpStream {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    listener.set_nonblocking(true).unwrap();
    loop {
        match listener.accept() {
            Ok((conn, _)) => {
                conn.set_nonblocking(false).unwrap();
                return conn;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(std::time::Instant::now() < until, "no label reached the printer");
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(e) => panic!("accept: {e}"),
        }
    }
}

/// A label is sent once, even when the station dies between sending it and recording what the
/// printer did. A real `redock print` process is SIGKILLed after every byte of its label is at
/// the printer and before it can record the result (the printer keeps the connection open, which
/// the sender waits for, and the database's write lock is held meanwhile). The label then may
/// have printed: the next run sends nothing, and a person settles it.
#[test]
fn a_print_killed_between_send_and_record_is_not_sent_again() {
    use std::io::Read;
    let (_dir, db) = demo_db();
    let printer = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = printer.local_addr().unwrap().port();
    let raw = format!(r#"{{"kind":"raw","host":"127.0.0.1","port":{port},"timeout_ms":5000}}"#);
    run_ok(
        &["settings", "printer", "--badge", "BADGE-0003", "--pin", "3456"],
        &db,
        &["--printer", &raw, "--format", "zpl", "--template", "4x6in"],
    );
    let scans = run_ok(
        &["scan", "--badge", "BADGE-0005", "--pin", "1111"],
        &db,
        &[
            "1Z999AA10123456784",
            "(01)05901234123457(21)HP200-00017",
            "CMD:PASS",
            "CMD:NEXT",
        ],
    );
    let lpn = scans
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find_map(|v| v["receiving"]["lpn"].as_str().map(str::to_string))
        .unwrap();

    let mut child = redock()
        .args(["print", "--db"])
        .arg(&db)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut conn = accept(&printer);
    conn.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let mut label = Vec::new();
    conn.read_to_end(&mut label).unwrap();
    let lock = rusqlite::Connection::open(&db).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(lock);
    drop(conn);
    let label = String::from_utf8(label).unwrap();
    assert!(label.starts_with("^XA") && label.contains(&lpn), "{label}");

    let text = run_ok(&["print"], &db, &[]);
    assert!(
        text.contains(&format!("may have printed {lpn}"))
            && text.contains("0 waiting, 0 failed, 1 may have printed"),
        "{text}"
    );
    printer.set_nonblocking(true).unwrap();
    assert!(
        matches!(printer.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the label was sent again"
    );

    // The inspector finds the label on the printer.
    let station = redock_station::Station::open(
        &db,
        std::sync::Arc::new(redock_station::SystemClock),
        redock_domain::CodeConfig::demo(),
    )
    .unwrap();
    let unsure = station.print_queue_status().unwrap().unsure;
    assert_eq!(unsure.len(), 1);
    assert_eq!(unsure[0].lpn, lpn);
    let kinds: Vec<String> = station
        .events_after(0, 100_000)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .filter(|k| k.starts_with("print_"))
        .collect();
    assert_eq!(kinds, ["print_queued", "print_sending"]);
    let s = station.login("BADGE-0005", "1111").unwrap();
    station.confirm_printed(&s, &unsure[0].job_id).unwrap();
    let mut c = station.store().lock_writer();
    let before = redock_station::projection::snapshot(&c).unwrap();
    redock_station::projection::rebuild(&mut c).unwrap();
    assert_eq!(redock_station::projection::snapshot(&c).unwrap(), before);
    drop(c);
    let text = run_ok(&["print"], &db, &[]);
    assert!(text.contains("0 waiting, 0 failed, 0 may have printed"), "{text}");
    assert!(
        matches!(printer.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "nothing sent"
    );
}

/// `redock` as a script sees it when a command fails: RUST_BACKTRACE as a developer's shell may
/// leave it, NO_COLOR unset, stderr a pipe.
fn failing(args: &[&str], db: &std::path::Path, tail: &[&str]) -> std::process::Output {
    let out = redock()
        .args(args)
        .arg("--db")
        .arg(db)
        .args(tail)
        .env("RUST_BACKTRACE", "full")
        .env_remove("RUST_LIB_BACKTRACE")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{args:?} {tail:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The one line that is not a log line (those start with their RFC 3339 time), which must start
/// `error[<code>]: `; no backtrace and no terminal escapes anywhere on stderr.
fn error_line(out: &std::process::Output, code: &str) -> String {
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(!stderr.contains('\x1b'), "colour on a pipe: {stderr:?}");
    assert!(!stderr.to_lowercase().contains("backtrace"), "{stderr}");
    let is_log =
        |l: &str| l.len() > 20 && l.as_bytes()[..4].iter().all(u8::is_ascii_digit) && &l[10..11] == "T";
    let lines: Vec<&str> = stderr.lines().filter(|l| !is_log(l)).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with(&format!("error[{code}]: ")), "{stderr}");
    lines[0].to_owned()
}

/// stdout is exactly one JSON error with this code.
fn json_error(out: &std::process::Output, code: &str) -> serde_json::Value {
    let lines = json_lines(out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["error"]["code"], code, "{}", lines[0]);
    assert!(lines[0]["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    lines[0].clone()
}

#[test]
fn a_database_that_cannot_be_opened_is_one_error_line_with_its_code() {
    // A directory where the database should be: SQLite refuses it, and the station logs a warning.
    let dir = tempfile::tempdir().unwrap();
    for cmd in [&["print"][..], &["init"], &["demo"]] {
        let out = failing(cmd, dir.path(), &[]);
        let line = error_line(&out, "store.cannot_open");
        assert!(
            line.contains("opening the station database") && line.contains(": caused by "),
            "{line}"
        );
        assert!(out.stdout.is_empty(), "{cmd:?}");
    }
    // `events` writes JSON: its error too.
    let out = failing(&["events"], dir.path(), &[]);
    error_line(&out, "store.cannot_open");
    json_error(&out, "store.cannot_open");
}

#[test]
fn a_refused_login_is_one_error_line_with_its_code() {
    let (_dir, db) = demo_db();
    let scan =
        |badge: &str, pin: &str| failing(&["scan", "--badge", badge, "--pin", pin], &db, &["5901234123457"]);
    let out = scan("BADGE-0005", "0000");
    assert_eq!(
        error_line(&out, "auth.wrong_pin"),
        "error[auth.wrong_pin]: wrong PIN; 4 tries left before the badge is locked"
    );
    assert_eq!(
        json_error(&out, "auth.wrong_pin")["error"]["details"]["remaining"],
        "4"
    );
    let out = scan("BADGE-9999", "1111");
    assert!(error_line(&out, "auth.unknown_badge").contains("BADGE-9999"));
    json_error(&out, "auth.unknown_badge");

    // A scan the station refuses after a good log-in is an outcome, not an error: exit code 1.
    let out = redock()
        .args(["scan", "--badge", "BADGE-0005", "--pin", "1111", "--db"])
        .arg(&db)
        .args(["5901234123457", ""])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_lines(&out)[1]["code"], "scan.empty");
}

#[test]
fn json_commands_give_their_error_as_json_on_stdout() {
    let (dir, db) = demo_db();
    let import = ["import", "rmas", "--json"];
    let missing = dir.path().join("no-such.csv");
    let missing = missing.to_str().unwrap();
    let out = failing(
        &[&import[..], &["--badge", "BADGE-0003", "--pin", "3456"]].concat(),
        &db,
        &[missing],
    );
    let line = error_line(&out, "io.error");
    assert!(line.contains(&format!("reading {missing}: caused by ")), "{line}");
    let v = json_error(&out, "io.error");
    assert_eq!(
        v["error"]["message"].as_str(),
        line.strip_prefix("error[io.error]: ")
    );

    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/demo/rmas-example.csv");
    let out = failing(
        &[&import[..], &["--badge", "BADGE-0005", "--pin", "1111"]].concat(),
        &db,
        &[example],
    );
    error_line(&out, "auth.forbidden");
    json_error(&out, "auth.forbidden");
    // Without --json: the line, and nothing on stdout.
    let out = failing(
        &["import", "rmas", "--badge", "BADGE-0005", "--pin", "1111"],
        &db,
        &[example],
    );
    error_line(&out, "auth.forbidden");
    assert!(out.stdout.is_empty());
}

#[test]
fn verbose_adds_the_chain_and_a_backtrace() {
    let dir = tempfile::tempdir().unwrap();
    for backtrace in [Some("full"), None] {
        let mut cmd = redock();
        cmd.args(["--verbose", "print", "--db"]).arg(dir.path());
        match backtrace {
            Some(v) => cmd.env("RUST_BACKTRACE", v),
            None => cmd.env_remove("RUST_BACKTRACE"),
        };
        let out = cmd.env_remove("RUST_LIB_BACKTRACE").output().unwrap();
        assert_eq!(out.status.code(), Some(3));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let mut lines = stderr.lines().skip_while(|l| !l.starts_with("error["));
        assert!(lines.next().unwrap().starts_with("error[store.cannot_open]: "));
        assert!(lines
            .next()
            .unwrap()
            .starts_with("  0: opening the station database"));
        assert!(lines
            .next()
            .unwrap()
            .starts_with("  1: the database cannot be opened"));
        assert_eq!(lines.next(), Some("backtrace:"), "{stderr}");
        assert!(lines.count() > 3, "{stderr}");
    }
}

#[test]
fn bad_arguments_keep_clap_words_without_colour() {
    let out = redock()
        .args(["scan", "--no-such-flag"])
        .env("RUST_BACKTRACE", "full")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: unexpected argument"), "{stderr}");
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert!(out.stdout.is_empty());
}

/// A stdout that cannot be written (a full disk; `println!` panics) ends in one line too.
#[cfg(target_os = "linux")] // /dev/full
#[test]
fn a_panic_is_one_line_without_a_backtrace() {
    let (_dir, db) = demo_db();
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = redock()
        .args(["events", "--db"])
        .arg(&db)
        .env("RUST_BACKTRACE", "full")
        .env_remove("NO_COLOR")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(101));
    let line = error_line(&out, "cli.panic");
    assert!(line.contains("failed printing to stdout"), "{line}");
}

/// `redock erase customer` headless, as an admin: the name is gone from the file and its WAL, and
/// a second erasure, an unknown customer or an inspector is one error line with its code.
#[test]
fn erase_customer_headless_leaves_no_trace_of_the_name() {
    let (_dir, db) = demo_db();
    let name = "Anna Kowalska";
    let has_name = |db: &std::path::Path| {
        ["", "-wal"].iter().any(|suffix| {
            std::fs::read(format!("{}{suffix}", db.display()))
                .is_ok_and(|b| b.windows(name.len()).any(|w| w == name.as_bytes()))
        })
    };
    assert!(has_name(&db));
    let admin = ["--badge", "BADGE-0004", "--pin", "4567"];
    let out = failing(
        &["erase", "customer"],
        &db,
        &["--badge", "BADGE-0005", "--pin", "1111", "cust-001"],
    );
    error_line(&out, "auth.forbidden");
    let text = run_ok(
        &["erase", "customer"],
        &db,
        &[&admin[..], &["--reason", "asked", "cust-001"]].concat(),
    );
    assert!(text.contains("cust-001 erased"), "{text}");
    assert!(!has_name(&db), "the name is still in the file");
    error_line(
        &failing(&["erase", "customer"], &db, &[&admin[..], &["cust-001"]].concat()),
        "customer.already_erased",
    );
    error_line(
        &failing(
            &["erase", "customer"],
            &db,
            &[&admin[..], &["cust-nobody"]].concat(),
        ),
        "customer.unknown",
    );
    // A standalone station keeps every event: compaction says so and changes nothing.
    error_line(&failing(&["compact"], &db, &admin), "log.keep_everything");
    run_ok(
        &["settings", "log"],
        &db,
        &[&admin[..], &["--retention-days", "30"]].concat(),
    );
    error_line(&failing(&["compact"], &db, &admin), "log.not_acknowledged");
}

/// `redock hub openapi` prints a document an independent validator (the openapi-spec-validator
/// Python package, `make test-deps`) accepts, and it is the one `/v1/openapi.json` serves
/// (the same function; `every_route_is_in_the_openapi_document_and_nothing_else` checks routes).
#[test]
fn the_hub_s_openapi_document_is_valid_openapi_3_1() {
    let out = redock().args(["hub", "openapi"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/v1/returns"]["post"].is_object());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, &out.stdout).unwrap();
    let checked = Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&file)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(
        !said.contains("No module named"),
        "`make test-deps` installs openapi-spec-validator: {said}"
    );
    assert!(checked.status.success() && said.contains("OK"), "{said}");
}
