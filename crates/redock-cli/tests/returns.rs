#![allow(clippy::unwrap_used)] // tests: a panic is the failure report
//! A shop's expected returns through the hub (#15): `POST /v1/returns` (JSON) and its CSV upload,
//! scoped by the shop's integrator key, checked as the station's import checks them, reaching
//! the site's stations through the pull feed, amended until the dock receives them and refused
//! after. Against a real PostgreSQL (tests/pg/with-pg.sh) and a real hub process.

mod common;

use common::*;
use redock_station::{ScanSource, Station};
use serde_json::{json, Value};

fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::config::Config::builder()
            .http_status_as_error(false)
            .build(),
    )
}

/// A POST of raw bytes with a key: (status, body as JSON).
fn send(url: &str, key: &str, content_type: &str, body: &[u8]) -> (u16, Value) {
    let mut r = agent()
        .post(url)
        .header("Authorization", format!("Bearer {key}"))
        .header("Content-Type", content_type)
        .send(body)
        .unwrap();
    (
        r.status().as_u16(),
        r.body_mut().read_json().unwrap_or(Value::Null),
    )
}

fn a_return(rma: &str, shop: &str, quantity: u32) -> Value {
    json!({
        "rma": rma, "shop": shop, "order_no": "WEB-7001", "order_date": "2026-11-25",
        "customer_id": "web-cust-1", "customer_name": "Ørjan Håland", "customer_tier": "loyal",
        "lines": [{ "line_no": 1, "sku": "EL-HP-200", "quantity": quantity,
                    "serials": ["WS-SN-0001"], "stated_reason": "defective" }]
    })
}

fn codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|e| e["code"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn expected(st: &Station, rma: &str) -> Vec<Vec<Option<String>>> {
    station_rows(
        st,
        &format!(
            "SELECT r.shop, r.customer_tier, l.line_no, l.sku, l.quantity, c.name
               FROM expected_return r JOIN rma_line l USING (rma)
               LEFT JOIN customer c ON c.customer_id = r.customer_id
              WHERE r.rma = '{rma}' ORDER BY l.line_no"
        ),
    )
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// A demo station enrolled with the hub, its SKUs pushed (a return's lines must name one), and the
/// shop `web` (RMAs `WS-` and six digits) configured at the hub: the station and the shop's key.
fn web_shop(hub: &Hub) -> (Desk, String) {
    web_shop_at(hub, desk(hub))
}

fn web_shop_at(hub: &Hub, d: Desk) -> (Desk, String) {
    d.station.sync_once().unwrap();
    hub.admin(&[
        "shop",
        "--site",
        SITE,
        "--shop",
        "web",
        "--name",
        "Nordlys Web",
        "--rma-pattern",
        r"WS-\d{6}",
    ]);
    let key = hub.admin(&["shop-key", "--site", SITE, "--shop", "web"]);
    (d, key)
}

#[test]
fn a_return_posted_by_a_shop_reaches_the_station_is_amended_until_it_arrives_and_refused_after() {
    let hub = Hub::start();
    let (d, key) = web_shop(&hub);
    hub.admin(&[
        "shop",
        "--site",
        SITE,
        "--shop",
        "other",
        "--name",
        "Other shop",
        "--rma-pattern",
        r"OT-\d{6}",
    ]);
    let other = hub.admin(&["shop-key", "--site", SITE, "--shop", "other"]);
    assert!(key.starts_with(&format!("rdks1.{SITE}.")), "{key}");
    let returns = format!("{}/v1/returns", hub.url);

    // Created, then the same again changes nothing; the station expects it, with the name.
    let (status, body) = post(&returns, &key, &a_return("WS-000001", "web", 1));
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["returns"][0],
        json!({"rma": "WS-000001", "status": "created", "revision": 1})
    );
    let (status, body) = post(&returns, &key, &json!([a_return("WS-000001", "web", 1)]));
    assert_eq!(
        (status, body["returns"][0]["status"].as_str()),
        (200, Some("unchanged"))
    );
    d.station.pull_once().unwrap();
    assert_eq!(
        expected(&d.station, "WS-000001"),
        [vec![
            s("web"),
            s("loyal"),
            s("1"),
            s("EL-HP-200"),
            s("1"),
            s("Ørjan Håland")
        ]]
    );

    // Another shop's key neither reads nor writes it.
    let (status, body) = get(&format!("{returns}/WS-000001"), &other);
    assert_eq!((status, body["code"].as_str()), (404, Some("returns.not_found")));
    let (status, body) = post(&returns, &other, &a_return("WS-000001", "web", 3));
    assert_eq!((status, codes(&body)), (422, vec!["unknown-shop".to_string()]));
    let (status, body) = post(&returns, &other, &a_return("WS-000001", "other", 3));
    assert_eq!((status, codes(&body)), (422, vec!["rma-format".to_string()]));
    let (status, _) = get(&format!("{returns}/WS-000001"), "rdks1.site-wro-1.nokey.00");
    assert_eq!(status, 401);

    // Bad input: nothing of the request stored, each return's problems named.
    let (status, body) = send(&returns, &key, "application/json", b"{\"rma\": ");
    assert_eq!((status, body["code"].as_str()), (400, Some("request.invalid")));
    let (status, body) = send(
        &returns,
        &key,
        "application/json",
        br#"{"rma": "WS-000009", "shop": "web"}"#,
    );
    assert_eq!(status, 400);
    assert!(
        body["message"].as_str().unwrap().contains("missing field"),
        "{body}"
    );
    let mut no_sku = a_return("WS-000002", "web", 0);
    no_sku["lines"][0]["sku"] = json!("");
    let (status, body) = post(&returns, &key, &json!([a_return("WS-000003", "web", 1), no_sku]));
    assert_eq!(status, 422, "{body}");
    assert_eq!(codes(&body), ["empty", "not-count"]);
    assert_eq!(body["errors"][0]["line"], 2);
    let (status, _) = get(&format!("{returns}/WS-000003"), &key);
    assert_eq!(status, 404, "a refused request stores none of its returns");

    // Amended before it arrives: the station expects the new quantity, and the name.
    let (status, body) = post(&returns, &key, &a_return("WS-000001", "web", 2));
    assert_eq!(
        body["returns"][0],
        json!({"rma": "WS-000001", "status": "amended", "revision": 2}),
        "{status}"
    );
    d.station.pull_once().unwrap();
    assert_eq!(
        expected(&d.station, "WS-000001"),
        [vec![
            s("web"),
            s("loyal"),
            s("1"),
            s("EL-HP-200"),
            s("2"),
            s("Ørjan Håland")
        ]]
    );
    let kinds: Vec<(String, String)> = d
        .station
        .store()
        .read(|c| {
            let mut q = c.prepare(
                r#"SELECT kind, origin FROM events WHERE kind IN ('rma_added', 'rma_amended', 'shop_configured')
                    AND (payload LIKE '%WS-%' OR payload LIKE '%"shop":"web"%') ORDER BY seq"#,
            )?;
            let rows = q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>();
            rows
        })
        .unwrap();
    assert_eq!(
        kinds,
        [
            ("shop_configured", "hub"),
            ("rma_added", "hub"),
            ("rma_amended", "hub")
        ]
        .map(|(k, o)| (k.to_string(), o.to_string()))
    );

    // The dock receives it: the RMA label is read as the web shop's (its format came with the
    // shop), the product is matched to the line.
    let inspector = d.station.login("BADGE-0005", "1111").unwrap();
    let out = d
        .station
        .scan(&inspector, "WS-000001", ScanSource::Wedge)
        .unwrap();
    let parcel = out.receiving.unwrap().parcel;
    assert_eq!(parcel.returns[0].rma, "WS-000001");
    assert_eq!(parcel.returns[0].customer_name.as_deref(), Some("Ørjan Håland"));
    let out = d
        .station
        .scan(&inspector, "(01)05901234123457(21)WS-SN-0001", ScanSource::Wedge)
        .unwrap();
    let received = out.receiving.unwrap();
    assert!(received.lpn.is_some(), "{:?}", received.action);
    assert!(
        received.new_exceptions.is_empty(),
        "{:?}",
        received.new_exceptions
    );
    d.station.sync_once().unwrap();
    let (status, body) = get(&format!("{returns}/WS-000001"), &key);
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["status"].as_str(), body["units_received"].as_i64()),
        (Some("received"), Some(1))
    );
    assert_eq!(body["revision"], 2);
    assert_eq!(body["return"]["customer_name"], "Ørjan Håland");

    // After receipt a change is refused with the reason; the same return again is still fine.
    let (status, body) = post(&returns, &key, &a_return("WS-000001", "web", 5));
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("returns.received")),
        "{body}"
    );
    assert!(body["errors"][0]["reason"].as_str().unwrap().contains("arrived"));
    let (status, _) = post(&returns, &key, &a_return("WS-000001", "web", 2));
    assert_eq!(status, 200);

    // The station importer's file at the hub: the good return kept, the bad row by its line.
    let file = "rma;shop;order_no;order_date;customer_id;customer_name;line_no;sku;quantity;serials\n\
                WS-000004;web;WEB-7004;2026-11-26;web-cust-4;Ion Popescu;1;EL-HP-200;1;\n\
                WS-000005;web;WEB-7005;2026-11-26;web-cust-5;Иван Петров;1;NO-SUCH-SKU;1;\n\
                WS-000001;web;WEB-7001;2026-11-25;web-cust-1;Ørjan Håland;1;EL-HP-200;9;WS-SN-0001\n";
    let (status, body) = send(&format!("{returns}/csv"), &key, "text/csv", file.as_bytes());
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["returns"],
        json!([{"rma": "WS-000004", "status": "created", "revision": 1}])
    );
    let errors: Vec<(i64, &str)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_i64().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(errors, [(3, "unknown-sku"), (4, "received")]);
    let (status, body) = send(&format!("{returns}/csv"), &key, "text/csv", b"\xff\xfe\x00\xd8");
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("returns.bad_file")),
        "{body}"
    );
    d.station.pull_once().unwrap();
    assert_eq!(expected(&d.station, "WS-000004")[0][5], s("Ion Popescu"));
    assert_eq!(
        expected(&d.station, "WS-000001")[0][4],
        s("2"),
        "the received return kept its lines"
    );

    // A customer erased at a station stays erased at the hub: the shop sending the return again
    // (its daily file, say) does not bring the name back.
    let admin = d.station.login("BADGE-0004", "4567").unwrap();
    d.station
        .erase_customer(&admin, "web-cust-4", Some("asked"))
        .unwrap();
    d.station.sync_once().unwrap();
    let (_, body) = get(&format!("{returns}/WS-000004"), &key);
    assert_eq!(body["return"]["customer_name"], "", "{body}");
    let again = "rma;shop;order_no;order_date;customer_id;customer_name;line_no;sku;quantity\n\
                 WS-000004;web;WEB-7004;2026-11-26;web-cust-4;Ion Popescu;1;EL-HP-200;1\n";
    let (status, body) = send(&format!("{returns}/csv"), &key, "text/csv", again.as_bytes());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["returns"][0]["status"], "unchanged", "{body}");
    let (_, body) = get(&format!("{returns}/WS-000004"), &key);
    assert_eq!(body["return"]["customer_name"], "", "{body}");
    let names = hub.rows("SELECT personal FROM hub_reference WHERE kind = 'rma' AND key = 'WS-000004'");
    assert_eq!(names, [vec![None]]);

    // A return new to the hub that the dock has received already (the station's own import,
    // before it joined the hub) is refused, not created.
    let (status, body) = post(&returns, &key, &a_return("WS-000001", "web", 2));
    assert_eq!(status, 200, "the same return again is still unchanged: {body}");
    hub.rows("DELETE FROM hub_return WHERE rma = 'WS-000001' RETURNING rma");
    let (status, body) = post(&returns, &key, &a_return("WS-000001", "web", 7));
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("returns.received")),
        "{body}"
    );

    // An administrator lists the shop's keys by id, never the key itself.
    let key_id = key.split('.').nth(2).unwrap();
    let listed: Value =
        serde_json::from_str(&hub.admin(&["shop-keys", "--site", SITE, "--shop", "web"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["key_id"], key_id);
    assert_eq!(listed[0]["revoked_at"], Value::Null);
    assert!(!listed.to_string().contains(key.as_str()), "{listed}");
    // A revoked key stops at its next request, and the list says when it was revoked.
    hub.admin(&["revoke-shop-key", "--site", SITE, "--key-id", key_id]);
    let listed: Value = serde_json::from_str(&hub.admin(&["shop-keys", "--site", SITE])).unwrap();
    assert!(listed[0]["revoked_at"].is_string(), "{listed}");
    let (status, body) = get(&format!("{returns}/WS-000001"), &key);
    assert_eq!((status, body["code"].as_str()), (401, Some("auth.revoked")));
    // The station's pulled facts are the hub's: nothing of it pushed back.
    d.station.sync_once().unwrap();
    d.station.pull_once().unwrap();
    d.station.sync_once().unwrap();
    assert_hub_holds(&hub, &d.station);
    hub.stop();
}

#[test]
fn a_change_the_hub_took_before_it_heard_of_the_receipt_leaves_the_received_return_as_it_was_at_the_station()
{
    let hub = Hub::start();
    let (d, key) = web_shop(&hub);
    let returns = format!("{}/v1/returns", hub.url);
    assert_eq!(post(&returns, &key, &a_return("WS-000001", "web", 1)).0, 200);
    d.station.pull_once().unwrap();
    // Received at the station; its push has not reached the hub when the shop changes the return.
    let inspector = d.station.login("BADGE-0005", "1111").unwrap();
    d.station
        .scan(&inspector, "WS-000001", ScanSource::Wedge)
        .unwrap();
    d.station
        .scan(&inspector, "(01)05901234123457(21)WS-SN-0001", ScanSource::Wedge)
        .unwrap();
    let (status, body) = post(&returns, &key, &a_return("WS-000001", "web", 4));
    assert_eq!(
        (status, body["returns"][0]["status"].as_str()),
        (200, Some("amended"))
    );
    d.station.pull_once().unwrap();
    assert_eq!(
        expected(&d.station, "WS-000001")[0][4],
        s("1"),
        "the lines the unit was matched to stay"
    );
    // Once the receipt is there, the hub says so and refuses further changes.
    d.station.sync_once().unwrap();
    let (_, body) = get(&format!("{returns}/WS-000001"), &key);
    assert_eq!(body["status"], "received");
    assert_eq!(post(&returns, &key, &a_return("WS-000001", "web", 5)).0, 409);
    hub.stop();
}

/// The shop's receiver (tests/webhooks/receiver.py): it checks each delivery's signature with
/// the Standard Webhooks reference library and answers as its control file says.
struct Receiver {
    child: std::process::Child,
    dir: tempfile::TempDir,
    url: String,
}

impl Receiver {
    fn start() -> Receiver {
        use std::io::BufRead;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("control.json"), "{}").unwrap();
        std::fs::write(dir.path().join("secret"), "").unwrap();
        let script =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/webhooks/receiver.py");
        let mut child = std::process::Command::new("python3")
            .arg(script)
            .arg("--secret-file")
            .arg(dir.path().join("secret"))
            .arg("--control")
            .arg(dir.path().join("control.json"))
            .arg("--log")
            .arg(dir.path().join("log.jsonl"))
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().strip_prefix("listening on ").unwrap_or_else(|| {
            panic!("the receiver did not start ({line:?}): `make test-deps` installs standardwebhooks")
        });
        Receiver {
            url: format!("http://127.0.0.1:{port}/hooks"),
            child,
            dir,
        }
    }

    fn control(&self, json: Value) {
        std::fs::write(self.dir.path().join("control.json"), json.to_string()).unwrap();
    }

    fn secret(&self, secret: &str) {
        std::fs::write(self.dir.path().join("secret"), secret).unwrap();
    }

    fn log(&self) -> Vec<Value> {
        std::fs::read_to_string(self.dir.path().join("log.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The log once `done` holds of it (at most 30 s).
    #[allow(clippy::disallowed_methods)] // a plain test thread polls; no async runtime here
    fn wait_for(&self, what: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let log = self.log();
            if done(&log) {
                return log;
            }
            assert!(std::time::Instant::now() < deadline, "{what}: {log:#?}");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The verified deliveries a receiver took (answered 2xx), by type.
fn delivered<'a>(log: &'a [Value], kind: &str) -> Vec<&'a Value> {
    log.iter()
        .filter(|e| {
            e["verified"] == true && e["answered"] == 204 && e["behaved"] == "ok" && e["type"] == kind
        })
        .collect()
}

#[test]
#[allow(clippy::disallowed_methods)] // a plain test thread polls; no async runtime here
fn a_return_received_inspected_and_decided_reaches_the_shop_s_receiver_signed_through_failures_and_rotation()
{
    // Retries after 1 s (four attempts in all), a receiver has 2 s to answer.
    let hub = Hub::start_env(&[
        ("REDOCK_HUB_WEBHOOK_RETRY_SECS", "1,1,1"),
        ("REDOCK_HUB_WEBHOOK_TIMEOUT_SECS", "2"),
    ]);
    let (d, key) = web_shop(&hub);
    let receiver = Receiver::start();
    let endpoints = format!("{}/v1/webhooks/endpoints", hub.url);

    // Bad endpoints are refused with the reason.
    let (status, body) = post(
        &endpoints,
        &key,
        &json!({"url": "http://shop.example/hooks", "types": ["unit.decided"]}),
    );
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("request.invalid")),
        "{body}"
    );
    let (status, body) = post(
        &endpoints,
        &key,
        &json!({"url": receiver.url, "types": ["unit.teleported"]}),
    );
    assert_eq!(status, 400, "{body}");

    let (status, endpoint) = post(
        &endpoints,
        &key,
        &json!({"url": receiver.url,
                "types": ["return.received", "unit.inspected", "unit.decided", "exception.recorded"]}),
    );
    assert_eq!(status, 200, "{endpoint}");
    let id = endpoint["endpoint_id"].as_str().unwrap().to_string();
    receiver.secret(endpoint["secret"].as_str().unwrap());
    assert!(endpoint["secret"].as_str().unwrap().starts_with("whsec_"));

    // The receiver fails twice on purpose, then recovers.
    receiver.control(json!({"fail": 2}));
    let returns = format!("{}/v1/returns", hub.url);
    assert_eq!(post(&returns, &key, &a_return("WS-000001", "web", 1)).0, 200);
    d.station.pull_once().unwrap();
    work(
        &d.station,
        &[
            "WS-000001",
            "(01)05901234123457(21)WS-SN-0001",
            "CMD:PASS",
            "CMD:NEXT",
        ],
    );
    d.station.sync_once().unwrap();
    let log = receiver.wait_for("received, inspected and decided, delivered", |log| {
        ["return.received", "unit.inspected", "unit.decided"]
            .iter()
            .all(|t| !delivered(log, t).is_empty())
    });
    assert!(
        log.iter().all(|e| e["verified"] == true),
        "every delivery verifies: {log:#?}"
    );
    assert_eq!(log.iter().filter(|e| e["behaved"] == "fail").count(), 2);
    let received = delivered(&log, "return.received")[0];
    assert_eq!(received["data"]["rma"], "WS-000001");
    assert_eq!(received["data"]["code"], "WS-000001");
    let inspected = delivered(&log, "unit.inspected")[0];
    let decided = delivered(&log, "unit.decided")[0];
    let lpn = inspected["data"]["lpn"].as_str().unwrap();
    assert_eq!(decided["data"]["lpn"], lpn);
    assert_eq!(decided["data"]["rma"], "WS-000001");
    assert_eq!(decided["data"]["grade"], inspected["data"]["grade"]);
    assert!(decided["data"]["channel"].is_string(), "{decided}");
    assert!(decided["data"]["rule"].is_string(), "{decided}");
    assert!(
        decided["data"]["expected_recovery"]["minor"].is_i64(),
        "{decided}"
    );
    // Each message once delivered; the ones that failed were tried again under the same id.
    let ids: Vec<&str> = log
        .iter()
        .filter(|e| e["answered"] == 204)
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    for failed in log.iter().filter(|e| e["behaved"] == "fail") {
        assert!(
            unique.contains(failed["id"].as_str().unwrap()),
            "{failed} was retried"
        );
    }

    // The delivery log says so.
    let (status, deliveries) = get(&format!("{endpoints}/{id}/deliveries"), &key);
    assert_eq!(status, 200, "{deliveries}");
    let rows = deliveries.as_array().unwrap();
    assert_eq!(rows.len(), 3, "{deliveries}");
    assert!(rows
        .iter()
        .all(|r| r["state"] == "delivered" && r["last_code"] == 204));
    assert_eq!(
        rows.iter().map(|r| r["attempts"].as_i64().unwrap()).sum::<i64>(),
        5,
        "{deliveries}"
    );
    // Another shop's key sees none of it.
    hub.admin(&[
        "shop",
        "--site",
        SITE,
        "--shop",
        "other",
        "--name",
        "Other",
        "--rma-pattern",
        r"OT-\d{6}",
    ]);
    let other = hub.admin(&["shop-key", "--site", SITE, "--shop", "other"]);
    assert_eq!(get(&format!("{endpoints}/{id}/deliveries"), &other).0, 404);

    // A redelivery: the same id again, which the receiver can drop as a duplicate.
    let msg = decided["id"].as_str().unwrap().to_string();
    let (status, _) = post(
        &format!("{endpoints}/{id}/messages/{msg}/redeliver"),
        &key,
        &json!({}),
    );
    assert_eq!(status, 202);
    // Verified and taken (2xx) deliveries of the message; the first is behind us.
    let oks = |log: &[Value]| {
        log.iter()
            .filter(|e| {
                e["id"] == msg.as_str()
                    && e["verified"] == true
                    && e["answered"] == 204
                    && e["behaved"] == "ok"
            })
            .count()
    };
    receiver.wait_for("the redelivery", |log| oks(log) == 2);

    // A rotated secret: for a day the old one still verifies, and the new one does.
    let (status, rotated) = post(&format!("{endpoints}/{id}/rotate-secret"), &key, &json!({}));
    assert_eq!(status, 200, "{rotated}");
    let new_secret = rotated["secret"].as_str().unwrap().to_string();
    assert_ne!(Some(new_secret.as_str()), endpoint["secret"].as_str());
    post(
        &format!("{endpoints}/{id}/messages/{msg}/redeliver"),
        &key,
        &json!({}),
    );
    receiver.wait_for("signed with the old secret too", |log| oks(log) == 3);
    receiver.secret(&new_secret);
    post(
        &format!("{endpoints}/{id}/messages/{msg}/redeliver"),
        &key,
        &json!({}),
    );
    receiver.wait_for("signed with the new secret", |log| oks(log) == 4);

    // A receiver that does not answer in time, then answers: timed out, tried again, delivered.
    receiver.control(json!({"hang": 1, "hang_secs": 4}));
    post(
        &format!("{endpoints}/{id}/messages/{msg}/redeliver"),
        &key,
        &json!({}),
    );
    receiver.wait_for("delivered after a time-out", |log| oks(log) == 5);
    let (_, deliveries) = get(&format!("{endpoints}/{id}/deliveries"), &key);
    let row = deliveries
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["msg_id"] == msg.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        (row["state"].as_str(), row["attempts"].as_i64()),
        (Some("delivered"), Some(2)),
        "{row}"
    );

    // A receiver that keeps failing: after the last retry the message has failed and the endpoint
    // is disabled with the reason; enabled again, what waited is delivered.
    receiver.control(json!({"fail": 1000}));
    post(
        &format!("{endpoints}/{id}/messages/{msg}/redeliver"),
        &key,
        &json!({}),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let listed = loop {
        let (_, listed) = get(&endpoints, &key);
        if listed[0]["enabled"] == false {
            break listed;
        }
        assert!(std::time::Instant::now() < deadline, "{listed}");
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    let reason = listed[0]["disabled_reason"].as_str().unwrap();
    assert!(
        reason.contains("failed 4 times") && reason.contains("answered 500"),
        "{reason}"
    );
    // A fact while it is disabled is owed too: a second return's parcel.
    assert_eq!(post(&returns, &key, &a_return("WS-000002", "web", 1)).0, 200);
    d.station.pull_once().unwrap();
    work(&d.station, &["CMD:CLOSE", "WS-000002"]);
    d.station.sync_once().unwrap();
    receiver.control(json!({}));
    let before = receiver.log().len();
    let (status, _) = post(&format!("{endpoints}/{id}/enable"), &key, &json!({}));
    assert_eq!(status, 200);
    receiver.wait_for("sent again once enabled, with what came meanwhile", |log| {
        log[before..]
            .iter()
            .any(|e| e["id"] == msg.as_str() && e["answered"] == 204)
            && log[before..].iter().any(|e| {
                e["data"]["rma"] == "WS-000002" && e["type"] == "return.received" && e["answered"] == 204
            })
    });

    // A month on, the other two delivered messages and their attempts are pruned (at the
    // deliverer's start, then hourly); the log keeps what is recent.
    let aged = hub.rows(&format!(
        "WITH m AS (UPDATE webhook_message SET delivered_at = now() - interval '31 days'
                     WHERE state = 'delivered' AND msg_id <> '{msg}' AND msg_id NOT LIKE '%_WS-000002'
                     RETURNING msg_id)
         UPDATE webhook_attempt a SET at = now() - interval '31 days' FROM m WHERE a.msg_id = m.msg_id
         RETURNING a.msg_id"
    ));
    assert!(aged.len() >= 2, "{aged:?}");
    let database = hub.database.clone();
    hub.stop();
    let hub = Hub::on_env(&database, &[("REDOCK_HUB_WEBHOOK_RETRY_SECS", "1,1,1")]);
    let endpoints = format!("{}/v1/webhooks/endpoints", hub.url);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let (_, deliveries) = get(&format!("{endpoints}/{id}/deliveries"), &key);
        let ids: Vec<&str> = deliveries
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["msg_id"].as_str().unwrap())
            .collect();
        if ids.len() == 2 && ids.contains(&msg.as_str()) && ids.iter().any(|i| i.ends_with("_WS-000002")) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{ids:?}");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let left = hub.rows(&format!(
        "SELECT msg_id FROM webhook_attempt WHERE msg_id <> '{msg}' AND msg_id NOT LIKE '%_WS-000002'"
    ));
    assert!(left.is_empty(), "{left:?}");
    hub.stop();
}

#[test]
#[allow(clippy::disallowed_methods)] // a plain test thread polls; no async runtime here
fn a_return_posted_at_the_hub_is_inspected_at_the_dock_and_its_refund_reaches_the_shop() {
    use redock_domain::disposition::{Channel, Refund};
    let hub = Hub::start_env(&[("REDOCK_HUB_WEBHOOK_RETRY_SECS", "1,1,1")]);
    let (d, key) = web_shop(&hub);
    let receiver = Receiver::start();
    let (status, endpoint) = post(
        &format!("{}/v1/webhooks/endpoints", hub.url),
        &key,
        &json!({"url": receiver.url, "types": ["unit.decided", "return.completed"]}),
    );
    assert_eq!(status, 200, "{endpoint}");
    receiver.secret(endpoint["secret"].as_str().unwrap());

    // Two headphones expected; one arrives.
    let mut two = a_return("WS-000003", "web", 2);
    two["lines"][0]["serials"] = json!(["WS-SN-0031", "WS-SN-0032"]);
    assert_eq!(post(&format!("{}/v1/returns", hub.url), &key, &two).0, 200);
    d.station.pull_once().unwrap();
    work(
        &d.station,
        &[
            "WS-000003",
            "(01)05901234123457(21)WS-SN-0031",
            "CMD:PASS",
            "CMD:NEXT",
        ],
    );
    d.station.sync_once().unwrap();
    let log = receiver.wait_for("the unit's decision", |log| {
        !delivered(log, "unit.decided").is_empty()
    });
    let decided = delivered(&log, "unit.decided")[0];
    let lpn = decided["data"]["lpn"].as_str().unwrap().to_string();
    // New, inside the window: the whole price (€ 89.99) back, as the rule says.
    assert_eq!(
        decided["data"]["refund"],
        json!({"kind": "full", "fee_bp": null, "amount_minor": 8999}),
        "{decided}"
    );
    // One of two decided, the parcel still open: the return is not complete.
    assert!(hub
        .rows("SELECT msg_id FROM webhook_message WHERE type = 'return.completed'")
        .is_empty());

    // The parcel is closed without the second: complete, with nothing back for the missing one.
    work(&d.station, &["CMD:CLOSE"]);
    d.station.sync_once().unwrap();
    let log = receiver.wait_for("the return completed", |log| {
        !delivered(log, "return.completed").is_empty()
    });
    let done = &delivered(&log, "return.completed")[0]["data"];
    assert_eq!(done["rma"], "WS-000003");
    assert_eq!(done["shop"], "web");
    assert_eq!(done["order_no"], "WEB-7001");
    assert_eq!(done["refund_decision"], "partial", "{done}");
    assert_eq!(done["revision"], 1);
    assert_eq!(done["refund"], json!({"minor": 8999, "currency": "EUR"}));
    let line = &done["lines"][0];
    assert_eq!(
        (&line["quantity"], &line["received"], &line["missing"]),
        (&json!(2), &json!(1), &json!(1)),
        "{line}"
    );
    assert_eq!(line["units"][0]["lpn"], lpn.as_str());
    assert_eq!(line["units"][0]["refund"]["kind"], "full");
    assert!(log.iter().all(|e| e["verified"] == true), "{log:#?}");

    // The shop reads the same back.
    let (status, state) = get(&format!("{}/v1/returns/WS-000003", hub.url), &key);
    assert_eq!(status, 200, "{state}");
    assert_eq!(state["status"], "completed");
    assert_eq!(state["completed"]["refund"], done["refund"]);
    assert_eq!(state["completed"]["lines"], done["lines"]);

    // A supervisor's override changes the refund: the shop is told again, under a new id.
    let sup = d.station.login("BADGE-0003", "3456").unwrap();
    d.station
        .override_disposition(
            &sup,
            &lpn,
            Channel::Refurbish,
            Some(Refund::Partial { fee_bp: 2000 }),
            "scratches under the seal",
        )
        .unwrap();
    d.station.sync_once().unwrap();
    let log = receiver.wait_for("the changed refund", |log| {
        delivered(log, "return.completed").len() == 2
    });
    let again = delivered(&log, "return.completed");
    assert_ne!(again[0]["id"], again[1]["id"]);
    let done = &again[1]["data"];
    assert_eq!(done["revision"], 2);
    // € 89.99 less 20 % (€ 18.00): € 71.99.
    assert_eq!(done["refund"], json!({"minor": 7199, "currency": "EUR"}));
    assert_eq!(done["lines"][0]["units"][0]["channel"], "refurbish");
    assert_eq!(
        done["lines"][0]["units"][0]["refund"],
        json!({"kind": "partial", "fee_bp": 2000, "amount_minor": 7199})
    );
    // Back to what was said first: told again (revision 3), not lost as a duplicate of the first.
    d.station
        .override_disposition(
            &sup,
            &lpn,
            Channel::Restock,
            Some(Refund::Full),
            "the scratches polish out",
        )
        .unwrap();
    d.station.sync_once().unwrap();
    let log = receiver.wait_for("the refund as at first", |log| {
        delivered(log, "return.completed").len() == 3
    });
    let third = &delivered(&log, "return.completed")[2]["data"];
    assert_eq!(
        (third["revision"].as_i64(), &third["refund"]),
        (Some(3), &json!({"minor": 8999, "currency": "EUR"}))
    );
    // Nothing new to say, nothing sent: a later push of other facts completes nothing again.
    work(&d.station, &["1Z999AA10123456784", "CMD:CLOSE"]);
    d.station.sync_once().unwrap();
    assert_eq!(
        hub.rows("SELECT msg_id FROM webhook_message WHERE type = 'return.completed'")
            .len(),
        3
    );
    hub.stop();
}

#[test]
fn a_unit_that_waits_past_its_sla_at_the_dock_is_told_to_its_shop() {
    use redock_station::clock::FixedClock;
    let hub = Hub::start_env(&[("REDOCK_HUB_WEBHOOK_RETRY_SECS", "1,1,1")]);
    let clock = std::sync::Arc::new(FixedClock::new(time::OffsetDateTime::now_utc()));
    let (d, key) = web_shop_at(&hub, desk_on(&hub, clock.clone()));
    let receiver = Receiver::start();
    let (status, endpoint) = post(
        &format!("{}/v1/webhooks/endpoints", hub.url),
        &key,
        &json!({"url": receiver.url, "types": ["sla.breached"]}),
    );
    assert_eq!(status, 200, "{endpoint}");
    receiver.secret(endpoint["secret"].as_str().unwrap());
    let mut r = a_return("WS-000004", "web", 1);
    r["lines"][0]["serials"] = json!(["WS-SN-0041"]);
    assert_eq!(post(&format!("{}/v1/returns", hub.url), &key, &r).0, 200);
    d.station.pull_once().unwrap();
    // Received, and the parcel closed before it was graded: it waits for inspection.
    work(
        &d.station,
        &["WS-000004", "(01)05901234123457(21)WS-SN-0041", "CMD:CLOSE"],
    );
    let lpn = d.station.waiting_units().unwrap()[0].lpn.clone();
    assert_eq!(d.station.sweep_sla().unwrap(), 0);
    // A day and an hour later (the waiting target is 24 hours).
    clock.advance(time::Duration::hours(25));
    assert_eq!(d.station.sweep_sla().unwrap(), 1);
    d.station.sync_once().unwrap();
    let log = receiver.wait_for("the breach", |log| !delivered(log, "sla.breached").is_empty());
    let breach = &delivered(&log, "sla.breached")[0]["data"];
    assert_eq!(breach["rma"], "WS-000004");
    assert_eq!(breach["lpn"], lpn.as_str());
    assert_eq!(
        (&breach["queue"], &breach["target_hours"]),
        (&json!("waiting"), &json!(24))
    );
    assert!(
        breach["due_at"].as_str().unwrap() > breach["since"].as_str().unwrap(),
        "{breach}"
    );
    assert!(log.iter().all(|e| e["verified"] == true), "{log:#?}");
    hub.stop();
}

#[test]
#[allow(clippy::disallowed_methods)] // a plain test thread polls; no async runtime here
fn a_receiver_that_hangs_holds_up_only_its_own_messages() {
    // A long time-out, and a receiver that answers only after 20 s: under it, the other
    // endpoint's deliveries go on.
    let hub = Hub::start_env(&[
        ("REDOCK_HUB_WEBHOOK_RETRY_SECS", "1,1,1"),
        ("REDOCK_HUB_WEBHOOK_TIMEOUT_SECS", "25"),
    ]);
    let (d, key) = web_shop(&hub);
    let (slow, quick) = (Receiver::start(), Receiver::start());
    slow.control(json!({"hang": 100, "hang_secs": 20}));
    for r in [&slow, &quick] {
        let (status, endpoint) = post(
            &format!("{}/v1/webhooks/endpoints", hub.url),
            &key,
            &json!({"url": r.url, "types": ["return.received"]}),
        );
        assert_eq!(status, 200, "{endpoint}");
        r.secret(endpoint["secret"].as_str().unwrap());
    }
    let returns = format!("{}/v1/returns", hub.url);
    for rma in ["WS-000011", "WS-000012"] {
        assert_eq!(post(&returns, &key, &a_return(rma, "web", 1)).0, 200);
    }
    d.station.pull_once().unwrap();
    work(&d.station, &["WS-000011"]);
    d.station.sync_once().unwrap();
    quick.wait_for("the first return's arrival", |log| {
        delivered(log, "return.received").len() == 1
    });
    // The slow receiver has the first message and has not answered; a second fact is told to
    // the quick one while it still hangs.
    work(&d.station, &["WS-000012"]);
    d.station.sync_once().unwrap();
    quick.wait_for("the second return's arrival", |log| {
        delivered(log, "return.received").len() == 2
    });
    assert!(
        slow.log().is_empty(),
        "the quick receiver waited for the slow one: {:?}",
        slow.log()
    );
    hub.stop();
}
