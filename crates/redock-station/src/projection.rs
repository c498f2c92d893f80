//! Current state as a projection of the events. `apply` is the only code that writes projection
//! tables, for live writes and for `rebuild` alike, so the tables are a function of the log.

use crate::error::StoreError;
use crate::events::{read_event, Event, EventBody, EVENT_COLUMNS};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

/// Projection tables, children before parents (the order they are emptied in).
pub const TABLES: &[&str] = &[
    "kpi_hour",
    "queue_state",
    "override_request",
    "customer_erasure",
    "inspection_draft",
    "vendor_agreement",
    "receiving_exception",
    "parcel_rma",
    "scan",
    "print_job",
    "disposition",
    "inspection",
    "unit",
    "parcel",
    "tote",
    "lpn_counter",
    "rma_serial",
    "rma_line",
    "expected_return",
    "sku",
    "operator_session",
    "operator",
    "station",
    "site",
    "settings",
    "shop",
    "grading_set",
    "rule_table",
    "register_settled",
];

// The statements of `apply` that look a row up (the plan test reads them, `queries::HOT`).
pub const OPERATOR_LOGGED_IN: &str =
    "UPDATE operator SET failed_pins = 0, locked_until = NULL WHERE operator_id = ?1";
pub const SESSION_ENDED: &str =
    "UPDATE operator_session SET ended_at = ?2 WHERE session_id = ?1 AND ended_at IS NULL";
pub const OPERATOR_LOGIN_FAILED: &str =
    "UPDATE operator SET failed_pins = ?2, locked_until = ?3 WHERE operator_id = ?1";
pub const LINE_RECEIVED: &str = "UPDATE rma_line SET received = received + 1 WHERE rma = ?1 AND line_no = ?2";
pub const PARCEL_DAMAGED: &str = "UPDATE parcel SET condition = 'damaged' WHERE parcel_id = ?1";
pub const PARCEL_CLOSED: &str = "UPDATE parcel SET closed_at = ?2 WHERE parcel_id = ?1";
pub const DRAFT_SAVED: &str = "DELETE FROM inspection_draft WHERE lpn = ?1";
pub const RETURN_STATUS: &str = "UPDATE expected_return SET status = CASE
                       WHEN (SELECT sum(received >= quantity) = count(*) FROM rma_line WHERE rma = ?1)
                       THEN 'received' ELSE 'partially_received' END
                     WHERE rma = ?1";
pub const DRAFT_STARTED: &str =
    "INSERT INTO inspection_draft (lpn, grading_set, grading_version, started_at, touched_seq,
                                               operator_id)
                 VALUES (?1, ?2, ?3, COALESCE((SELECT received_at FROM unit WHERE lpn = ?1), ?4), ?5, ?6)
                 ON CONFLICT(lpn) DO UPDATE SET touched_seq = excluded.touched_seq,
                   operator_id = excluded.operator_id";
pub const DRAFT_STEP: &str = "UPDATE inspection_draft SET steps = json_insert(steps, '$[#]', json(?2)),
                   touched_seq = ?3 WHERE lpn = ?1";
pub const DRAFT_UNDONE: &str =
    "UPDATE inspection_draft SET steps = json_remove(steps, '$[#-1]'), touched_seq = ?2
                 WHERE lpn = ?1";
/// A grade written at another station (taken in, or handed over with the unit): the register's
/// value here until the hub settles it; the unit's status stays this station's.
pub const UNIT_GRADE: &str = "UPDATE unit SET grade = ?2 WHERE lpn = ?1";
pub const UNIT_INSPECTED: &str = "UPDATE unit SET status = 'inspected', grade = ?2 WHERE lpn = ?1";
pub const UNIT_DECIDED: &str =
    "UPDATE unit SET status = CASE WHEN ?2 = 'hold' THEN 'held' ELSE 'decided' END,
                   disposition = ?2, location = ?3 WHERE lpn = ?1";
pub const PRINT_ATTEMPTED: &str =
    "UPDATE print_job SET state = ?2, attempts = ?3, printer = ?4, last_error = ?5, error_code = ?6,
                   next_attempt_at = ?7, answer = ?8, printed_at = CASE WHEN ?9 THEN ?10 END,
                   finished_at = CASE WHEN ?2 = 'done' THEN ?10 END
                 WHERE job_id = ?1 AND state IN ('queued', 'sending')";
pub const PRINT_FOLLOWED: &str = "UPDATE print_job SET state = ?2, error_code = ?3, last_error = ?4,
                   printed_at = CASE WHEN ?2 = 'done' THEN ?5 ELSE printed_at END,
                   finished_at = CASE WHEN ?2 = 'done' THEN ?5 ELSE finished_at END
                 WHERE job_id = ?1";

/// Projection writes run millions of times in a rebuild or a generated year: prepared once per
/// connection (the store's statement cache), not parsed per event.
fn exec(tx: &Transaction<'_>, sql: &str, params: impl rusqlite::Params) -> Result<usize, StoreError> {
    Ok(tx.prepare_cached(sql)?.execute(params)?)
}

/// The top-level fields of a payload that say what it is about (everything else is skipped).
#[derive(serde::Deserialize)]
struct Subjects {
    lpn: Option<String>,
    parcel_id: Option<String>,
    rma: Option<String>,
    #[serde(default)]
    rmas: Vec<String>,
    /// A label's later facts name only its job: the unit is the job's.
    job_id: Option<String>,
}

/// Index the event by its unit, parcel and return (`event_subject`, a unit's trail).
fn index_subjects(tx: &Transaction<'_>, event: &Event) -> Result<(), StoreError> {
    let Ok(s) = serde_json::from_str::<Subjects>(&event.payload) else {
        return Ok(());
    };
    let lpn = match (s.lpn, &s.job_id) {
        (Some(l), _) => Some(l),
        (None, Some(job)) => tx
            .prepare_cached("SELECT lpn FROM print_job WHERE job_id = ?1")?
            .query_row([job], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten(),
        (None, None) => None,
    };
    let mut st = tx.prepare_cached("INSERT OR IGNORE INTO event_subject (subject, seq) VALUES (?1, ?2)")?;
    let subjects = lpn
        .map(|l| format!("lpn:{l}"))
        .into_iter()
        .chain(s.parcel_id.map(|p| format!("parcel:{p}")))
        .chain(s.rma.into_iter().chain(s.rmas).map(|r| format!("rma:{r}")));
    for subject in subjects {
        st.execute(params![subject, event.seq])?;
    }
    Ok(())
}

pub fn apply(tx: &Transaction<'_>, event: &Event, body: &EventBody) -> Result<(), StoreError> {
    index_subjects(tx, event)?;
    let at = &event.recorded_at;
    match body {
        EventBody::StreamStarted { .. } => {}
        EventBody::StationConfigured(s) => {
            exec(
                tx,
                "INSERT INTO site (site_id, name) VALUES (?1, ?2)
                 ON CONFLICT(site_id) DO UPDATE SET name = excluded.name",
                params![s.site_id, s.site_name],
            )?;
            exec(
                tx,
                "INSERT INTO station (station_id, site_id, name, station_number) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(station_id) DO UPDATE SET site_id = excluded.site_id, name = excluded.name,
                   station_number = excluded.station_number",
                params![s.station_id, s.site_id, s.station_name, s.station_number],
            )?;
        }
        EventBody::OperatorAdded(o) => {
            exec(
                tx,
                "INSERT INTO operator (operator_id, badge, name, role, language) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![o.operator_id, o.badge, o.name, o.role.as_str(), o.language],
            )?;
        }
        EventBody::SkuAdded(s) => {
            exec(
                tx,
                "INSERT INTO sku (sku, gtin, name, category, vendor, cost_minor, price_minor, currency)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    s.sku,
                    s.gtin,
                    s.name,
                    s.category,
                    s.vendor,
                    s.cost_minor,
                    s.price_minor,
                    s.currency
                ],
            )?;
        }
        EventBody::RmaAdded(r) => expected_return(tx, r, false)?,
        // Taken in only while nothing was received against the return here (reference.rs), so
        // no unit names a line that goes.
        EventBody::RmaAmended(r) => expected_return(tx, r, true)?,
        EventBody::CustomerErased(x) => {
            // The personal data goes (the `customer` table is not a projection: a rebuild keeps
            // it, and replaying the erasure removes it again); the erasure is remembered.
            exec(
                tx,
                "DELETE FROM customer WHERE customer_id = ?1",
                [&x.customer_id],
            )?;
            exec(
                tx,
                "INSERT INTO customer_erasure (customer_id, erased_at, operator_id, reason)
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT(customer_id) DO NOTHING",
                params![x.customer_id, at, event.operator_id, x.reason],
            )?;
        }
        EventBody::LoggedIn {
            session_id,
            operator_id,
        } => {
            exec(
                tx,
                "INSERT INTO operator_session (session_id, operator_id, started_at) VALUES (?1, ?2, ?3)",
                params![session_id, operator_id, at],
            )?;
            exec(tx, OPERATOR_LOGGED_IN, [operator_id])?;
        }
        EventBody::LoggedOut { session_id, .. } => {
            exec(tx, SESSION_ENDED, params![session_id, at])?;
        }
        EventBody::LoginFailed {
            operator_id,
            failed_pins,
            locked_until,
        } => {
            exec(
                tx,
                OPERATOR_LOGIN_FAILED,
                params![operator_id, failed_pins, locked_until],
            )?;
        }
        EventBody::Scanned(s) => {
            exec(
                tx,
                "INSERT INTO scan (seq, text, kind, valid, source, matched, operator_id, scanned_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    event.seq,
                    s.code.text,
                    s.code.kind,
                    s.code.valid,
                    s.source,
                    s.matched.as_ref().map(serde_json::to_string).transpose()?,
                    event.operator_id,
                    at
                ],
            )?;
        }
        EventBody::UnitReceived(u) => {
            exec(
                tx,
                "INSERT INTO unit (lpn, parcel_id, rma, line_no, sku, gtin, serial, status, received_at,
                                   operator_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'received', ?8, ?9)",
                params![
                    u.lpn,
                    u.parcel_id,
                    u.rma,
                    u.line_no,
                    u.sku,
                    u.gtin,
                    u.serial,
                    at,
                    event.operator_id
                ],
            )?;
            exec(
                tx,
                "INSERT INTO lpn_counter (station_number, last) VALUES (?1, ?2)
                 ON CONFLICT(station_number) DO UPDATE SET last = max(last, excluded.last)",
                params![u.station_number, u.counter],
            )?;
            if let (Some(rma), Some(line)) = (&u.rma, u.line_no) {
                exec(tx, LINE_RECEIVED, params![rma, line])?;
                exec(tx, RETURN_STATUS, [rma])?;
            }
        }
        EventBody::ShopConfigured(s) => {
            exec(
                tx,
                "INSERT INTO shop (shop, name, rma_pattern, return_window_days) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(shop) DO UPDATE SET name = excluded.name, rma_pattern = excluded.rma_pattern,
                   return_window_days = excluded.return_window_days",
                params![s.shop, s.name, s.rma_pattern, s.return_window_days],
            )?;
        }
        EventBody::ParcelOpened(p) => {
            exec(
                tx,
                "INSERT INTO parcel (parcel_id, code, code_kind, carrier, opened_at, operator_id, closed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?7 = 'hub' THEN ?5 END)",
                // A parcel brought back from the hub after a restore (sync.rs, `take_back`) is
                // history, never the desk's open parcel: closed when it opened, until its own
                // `parcel_closed` (if the lost work had one) says when.
                params![
                    p.parcel_id,
                    p.code,
                    p.code_kind,
                    p.carrier,
                    at,
                    event.operator_id,
                    event.origin
                ],
            )?;
            for rma in &p.rmas {
                exec(
                    tx,
                    "INSERT INTO parcel_rma (parcel_id, rma) VALUES (?1, ?2)",
                    params![p.parcel_id, rma],
                )?;
            }
        }
        EventBody::RmaAttached { parcel_id, rma } => {
            exec(
                tx,
                "INSERT INTO parcel_rma (parcel_id, rma) VALUES (?1, ?2)",
                params![parcel_id, rma],
            )?;
        }
        EventBody::ExceptionRecorded(x) => {
            exec(tx,
                "INSERT INTO receiving_exception (seq, parcel_id, lpn, rma, line_no, kind, details, operator_id,
                                                  recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    event.seq,
                    x.parcel_id,
                    x.lpn,
                    x.rma,
                    x.line_no,
                    x.kind.as_str(),
                    x.details.to_string(),
                    event.operator_id,
                    at
                ],
            )?;
        }
        EventBody::ParcelDamaged { parcel_id } => {
            exec(tx, PARCEL_DAMAGED, [parcel_id])?;
        }
        EventBody::SettingChanged { key, value } => {
            exec(
                tx,
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value.to_string()],
            )?;
        }
        EventBody::VendorAgreementSet(v) => {
            let rtv = serde_json::to_value(v.agreement.rtv)?;
            exec(
                tx,
                "INSERT INTO vendor_agreement (vendor, rtv, window_days, credit_bp) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(vendor) DO UPDATE SET rtv = excluded.rtv, window_days = excluded.window_days,
                   credit_bp = excluded.credit_bp",
                params![
                    v.vendor,
                    rtv.as_str(),
                    v.agreement.window_days,
                    v.agreement.credit_bp
                ],
            )?;
        }
        EventBody::InspectionStarted {
            lpn,
            grading_set,
            grading_version,
        } => {
            // Resuming keeps the steps and the start (handle time counts from the first scan).
            exec(
                tx,
                DRAFT_STARTED,
                params![
                    lpn,
                    grading_set,
                    grading_version,
                    at,
                    event.seq,
                    event.operator_id
                ],
            )?;
            // A waiting unit is taken up again.
            exec(
                tx,
                "UPDATE unit SET status = 'received', parked_at = NULL WHERE lpn = ?1 AND status = 'waiting'",
                [lpn],
            )?;
        }
        EventBody::InspectionStep { lpn, step } => {
            exec(
                tx,
                DRAFT_STEP,
                params![lpn, serde_json::to_string(step)?, event.seq],
            )?;
        }
        EventBody::InspectionUndone { lpn, .. } => {
            exec(tx, DRAFT_UNDONE, params![lpn, event.seq])?;
        }
        EventBody::UnitParked { lpn, .. } => {
            exec(
                tx,
                "UPDATE unit SET status = 'waiting', parked_at = ?2 WHERE lpn = ?1",
                params![lpn, at],
            )?;
        }
        EventBody::Inspected(i) => {
            insert_inspection(tx, i, event.operator_id.as_deref(), at)?;
            if event.origin == "hub" {
                // Another station's inspection of a unit this one has: its grade is a register
                // write that meets this station's (the hub settles them); the desk's draft stays.
                exec(tx, UNIT_GRADE, params![i.lpn, i.grade])?;
            } else {
                exec(tx, DRAFT_SAVED, [&i.lpn])?;
                exec(tx, UNIT_INSPECTED, params![i.lpn, i.grade])?;
            }
        }
        EventBody::Decided(d) => {
            insert_decision(tx, d, event.operator_id.as_deref(), at)?;
            exec(
                tx,
                UNIT_DECIDED,
                params![d.lpn, d.channel.as_str(), d.destination],
            )?;
        }
        EventBody::PrintQueued(p) => {
            exec(
                tx,
                "INSERT INTO print_job (job_id, lpn, printer, format, state, attempts, created_at, template,
                   language, reason)
                 VALUES (?1, ?2, ?3, ?4, 'queued', 0, ?5, ?6, ?7, ?8)",
                params![p.job_id, p.lpn, p.printer, p.format, at, p.template, p.language, p.reason],
            )?;
        }
        EventBody::PrintAttempted(p) => {
            // A job a CUPS scheduler took is printing until it is followed to its end there.
            let spooled = p.answer.as_ref().is_some_and(|a| {
                a.get("kind").and_then(|k| k.as_str()) == Some("cups")
                    && a.get("state").and_then(|k| k.as_str()) != Some("completed")
            });
            let state = if p.ok && spooled {
                "printing"
            } else if p.ok {
                "done"
            } else if p.retry_at.is_some() {
                "queued"
            } else {
                "failed"
            };
            // Only a job being sent (or, in a log older than `print_sending`, queued) takes a
            // result: one a person has settled since stays settled.
            exec(
                tx,
                PRINT_ATTEMPTED,
                params![
                    p.job_id,
                    state,
                    p.attempt,
                    p.printer,
                    p.error,
                    p.error_code,
                    p.retry_at,
                    p.answer.as_ref().map(serde_json::Value::to_string),
                    p.ok,
                    at
                ],
            )?;
        }
        EventBody::PrintFollowed(p) => {
            exec(
                tx,
                PRINT_FOLLOWED,
                params![p.job_id, p.state, p.error_code, p.error, at],
            )?;
        }
        EventBody::PrintSending(p) => {
            exec(
                tx,
                "UPDATE print_job SET state = 'sending', attempts = ?2, printer = ?3 WHERE job_id = ?1",
                params![p.job_id, p.attempt, p.printer],
            )?;
        }
        EventBody::PrintConfirmed { job_id } => {
            exec(
                tx,
                "UPDATE print_job SET state = 'done', printed_at = ?2, finished_at = ?2 WHERE job_id = ?1",
                params![job_id, at],
            )?;
        }
        EventBody::PrintReplaced { job_id, by_job_id } => {
            exec(
                tx,
                "UPDATE print_job SET state = 'replaced', replaced_by = ?2, finished_at = ?3 WHERE job_id = ?1",
                params![job_id, by_job_id, at],
            )?;
        }
        EventBody::PrintDismissed { job_id } => {
            exec(
                tx,
                "UPDATE print_job SET state = 'dismissed', finished_at = ?2 WHERE job_id = ?1",
                params![job_id, at],
            )?;
        }
        EventBody::PrintJobsPruned { job_ids, .. } => {
            let mut st = tx.prepare_cached("DELETE FROM print_job WHERE job_id = ?1")?;
            for id in job_ids {
                st.execute([id])?;
            }
        }
        EventBody::ParcelClosed { parcel_id } => {
            exec(tx, PARCEL_CLOSED, params![parcel_id, at])?;
        }
        EventBody::OperatorChanged(o) => {
            exec(
                tx,
                "UPDATE operator SET badge = ?2, name = ?3, role = ?4, language = ?5, active = ?6
                 WHERE operator_id = ?1",
                params![
                    o.operator_id,
                    o.badge,
                    o.name,
                    o.role.as_str(),
                    o.language,
                    o.active
                ],
            )?;
        }
        EventBody::GradingSetAdopted(g) => {
            exec(
                tx,
                "INSERT INTO grading_set (set_id, version, definition, adopted_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(set_id) DO UPDATE SET version = excluded.version,
                   definition = excluded.definition, adopted_at = excluded.adopted_at",
                params![g.set_id, g.version, g.definition, at],
            )?;
        }
        EventBody::RulesAdopted(r) => {
            exec(
                tx,
                "INSERT INTO rule_table (slot, table_id, version, definition, adopted_at) VALUES (1, ?1, ?2, ?3, ?4)
                 ON CONFLICT(slot) DO UPDATE SET table_id = excluded.table_id, version = excluded.version,
                   definition = excluded.definition, adopted_at = excluded.adopted_at",
                params![r.table_id, r.version, r.definition, at],
            )?;
        }
        EventBody::UnitTakenOver(t) => {
            let r = &t.received;
            let status = match (t.decisions.last(), t.inspections.is_empty()) {
                (Some(d), _) if d.channel.as_str() == "hold" => "held",
                (Some(_), _) => "decided",
                (None, false) => "inspected",
                (None, true) => "received",
            };
            // The parcel stays at the station that opened it; the expected return and the SKU
            // are named when this station knows them (the site's feed brings both).
            exec(
                tx,
                "INSERT INTO unit (lpn, parcel_id, rma, line_no, sku, gtin, serial, status, received_at)
                 VALUES (?1, NULL, (SELECT rma FROM rma_line WHERE rma = ?2 AND line_no = ?3),
                         (SELECT line_no FROM rma_line WHERE rma = ?2 AND line_no = ?3),
                         (SELECT sku FROM sku WHERE sku = ?4), ?5, ?6, ?7, ?8)
                 ON CONFLICT(lpn) DO UPDATE SET custody = NULL",
                params![r.lpn, r.rma, r.line_no, r.sku, r.gtin, r.serial, status, at],
            )?;
            for i in &t.inspections {
                insert_inspection(tx, i, None, at)?;
                exec(tx, UNIT_GRADE, params![i.lpn, i.grade])?;
            }
            for d in &t.decisions {
                insert_decision(tx, d, None, at)?;
                exec(
                    tx,
                    UNIT_DECIDED,
                    params![d.lpn, d.channel.as_str(), d.destination],
                )?;
            }
        }
        EventBody::CustodyChanged(c) => {
            exec(
                tx,
                // This station's stream, or one it had before its database was restored and it
                // went on in a new one (sync.rs, `continue_stream`): held here.
                "UPDATE unit SET custody = CASE WHEN ?2 = (SELECT value FROM meta WHERE key = 'stream_id')
                                             OR ?2 IN (SELECT j.value FROM meta m, json_each(m.value) j
                                                        WHERE m.key = 'former_streams')
                                           THEN NULL ELSE ?2 END
                 WHERE lpn = ?1",
                params![c.lpn, c.holder_stream],
            )?;
        }
        EventBody::QueueChanged(q) => crate::queue::apply_changed(tx, q, at)?,
        EventBody::OverrideRequested(r) => {
            exec(
                tx,
                "INSERT INTO override_request (request_id, lpn, disposition_id, channel, note, operator_id, requested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(request_id) DO NOTHING",
                params![r.request_id, r.lpn, r.disposition_id, r.channel, r.note, event.operator_id, at],
            )?;
        }
        EventBody::PinReset { operator_id } => {
            exec(
                tx,
                "UPDATE operator SET failed_pins = 0, locked_until = NULL WHERE operator_id = ?1",
                [operator_id],
            )?;
        }
        EventBody::SlaBreached(b) => {
            exec(
                tx,
                "INSERT INTO queue_state (kind, lpn, episode, breached_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (kind, lpn, episode) DO UPDATE SET breached_at = COALESCE(breached_at, excluded.breached_at)",
                params![b.kind, b.lpn, b.episode, at],
            )?;
            crate::kpi::count_breach(tx, &b.kind, at)?;
        }
        EventBody::RegisterSettled(r) => {
            exec(
                tx,
                "INSERT INTO register_settled (lpn, register, write_id, heads, conflict, since)
                 VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?5 THEN ?6 END)
                 ON CONFLICT(lpn, register) DO UPDATE SET write_id = excluded.write_id, heads = excluded.heads,
                   conflict = excluded.conflict,
                   since = CASE WHEN NOT excluded.conflict THEN NULL
                                WHEN register_settled.conflict THEN register_settled.since
                                ELSE excluded.since END",
                params![r.lpn, r.register, r.write_id, r.heads, r.conflict, at],
            )?;
            // The unit shows the hub's choice while no later write here superseded it.
            if r.register == "grade" {
                exec(
                    tx,
                    "UPDATE unit SET grade = (SELECT grade FROM inspection WHERE inspection_id = ?2)
                     WHERE lpn = ?1 AND EXISTS (SELECT 1 FROM inspection WHERE inspection_id = ?2)",
                    params![r.lpn, r.write_id],
                )?;
            } else {
                exec(
                    tx,
                    "UPDATE unit SET status = CASE WHEN d.channel = 'hold' THEN 'held' ELSE 'decided' END,
                                     disposition = d.channel, location = d.destination
                     FROM disposition d
                     WHERE unit.lpn = ?1 AND d.disposition_id = ?2
                       AND NOT EXISTS (SELECT 1 FROM disposition l WHERE l.supersedes = ?2
                                          OR EXISTS (SELECT 1 FROM json_each(l.also_supersedes) WHERE value = ?2))",
                    params![r.lpn, r.write_id],
                )?;
            }
        }
    }
    Ok(())
}

/// An inspection's row (its own, another station's, or one handed over with a unit).
fn insert_inspection(
    tx: &Transaction<'_>,
    i: &redock_events::Inspected,
    operator_id: Option<&str>,
    at: &str,
) -> Result<(), StoreError> {
    let inserted = exec(
        tx,
        "INSERT INTO inspection (inspection_id, lpn, grading_set, grading_version, grade, axes,
           defects, found_reason, handle_ms, operator_id, inspected_at, photos, stated_reason,
           flags, settled, external, started_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
         ON CONFLICT(inspection_id) DO NOTHING",
        params![
            i.inspection_id,
            i.lpn,
            i.grading_set,
            i.grading_version,
            i.grade,
            serde_json::to_string(&i.axes)?,
            serde_json::to_string(&i.defects)?,
            i.found_reason,
            i.handle_ms,
            operator_id,
            at,
            serde_json::to_string(&i.photos)?,
            i.stated_reason,
            serde_json::to_string(&i.flags)?,
            serde_json::to_string(&i.settled)?,
            serde_json::to_string(&i.external)?,
            i.started_at,
        ],
    )?;
    if inserted == 1 {
        crate::kpi::count_inspection(tx, &i.inspection_id)?;
    }
    Ok(())
}

/// A decision's row. What it supersedes is named when this station holds that decision (one
/// handed over with a unit may supersede one made before, at the station that held it).
fn insert_decision(
    tx: &Transaction<'_>,
    d: &redock_events::Decided,
    operator_id: Option<&str>,
    at: &str,
) -> Result<(), StoreError> {
    let inserted = exec(
        tx,
        "INSERT INTO disposition (disposition_id, lpn, channel, rule, trace, decided_by, supersedes,
           operator_id, decided_at, destination, reason, recovery_minor, currency, note, also_supersedes,
           refund)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT disposition_id FROM disposition WHERE disposition_id = ?7),
                 ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT(disposition_id) DO NOTHING",
        params![
            d.disposition_id,
            d.lpn,
            d.channel.as_str(),
            d.rule,
            d.trace.to_string(),
            d.decided_by.as_str(),
            d.supersedes,
            operator_id,
            at,
            d.destination,
            d.reason,
            d.recovery_minor,
            d.currency,
            d.note,
            serde_json::to_string(&d.also_supersedes)?,
            d.refund.map(|r| serde_json::to_string(&r)).transpose()?,
        ],
    )?;
    if inserted == 1 {
        crate::kpi::count_decision(tx, &d.disposition_id)?;
    }
    Ok(())
}

/// Empty every projection table and replay the log, in one transaction.
pub fn rebuild(conn: &mut Connection) -> Result<u64, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let replayed = rebuild_in(&tx)?;
    tx.commit()?;
    Ok(replayed)
}

/// Empty every projection table, load the compaction's snapshot if there is one, and replay the
/// events after it, inside the caller's transaction. Returns the events replayed.
pub fn rebuild_in(tx: &Transaction<'_>) -> Result<u64, StoreError> {
    for t in TABLES {
        tx.execute(&format!("DELETE FROM {t}"), [])?;
    }
    tx.execute("DELETE FROM event_subject", [])?;
    let from = crate::compact::load_snapshot(tx)?;
    let mut replayed = 0u64;
    let mut st = tx.prepare(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE seq > ?1 ORDER BY seq"
    ))?;
    let mut rows = st.query([from])?;
    while let Some(row) = rows.next()? {
        let event = read_event(row)?;
        let body = event.body()?;
        apply(tx, &event, &body)?;
        replayed += 1;
    }
    Ok(replayed)
}

/// A canonical text dump of every projection table (rows sorted), to compare state before and after
/// a rebuild.
pub fn snapshot(conn: &Connection) -> Result<String, StoreError> {
    let mut out = String::new();
    for t in TABLES {
        let mut st = conn.prepare(&format!("SELECT * FROM {t}"))?;
        let n = st.column_count();
        let mut rows: Vec<String> = st
            .query_map([], |r| {
                let mut cells = Vec::with_capacity(n);
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    cells.push(format!("{v:?}"));
                }
                Ok(cells.join("|"))
            })?
            .collect::<Result<_, _>>()?;
        rows.sort();
        out.push_str(&format!("## {t} ({})\n", rows.len()));
        for r in rows {
            out.push_str(&r);
            out.push('\n');
        }
    }
    Ok(out)
}

/// An expected return with its lines and the serials sold on them: new, or (`amended`) in place
/// of the one held.
fn expected_return(
    tx: &Transaction<'_>,
    r: &redock_events::RmaAdded,
    amended: bool,
) -> Result<(), StoreError> {
    if amended {
        exec(tx, "DELETE FROM rma_serial WHERE rma = ?1", [&r.rma])?;
        exec(tx, "DELETE FROM rma_line WHERE rma = ?1", [&r.rma])?;
    }
    let sql = if amended {
        "UPDATE expected_return SET shop = ?2, order_no = ?3, order_date = ?4, customer_id = ?5,
                                    customer_tier = ?6, tracking = ?7
         WHERE rma = ?1"
    } else {
        "INSERT INTO expected_return (rma, shop, order_no, order_date, customer_id, customer_tier, tracking)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    };
    exec(
        tx,
        sql,
        params![
            r.rma,
            r.shop,
            r.order_no,
            r.order_date,
            r.customer_id,
            r.customer_tier,
            r.tracking
        ],
    )?;
    for l in &r.lines {
        exec(
            tx,
            "INSERT INTO rma_line (rma, line_no, sku, quantity, serials, stated_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                r.rma,
                l.line_no,
                l.sku,
                l.quantity,
                serde_json::to_string(&l.serials)?,
                l.stated_reason
            ],
        )?;
        for serial in l.serials.iter().filter(|s| !s.is_empty()) {
            exec(
                tx,
                "INSERT OR IGNORE INTO rma_serial (serial, rma, line_no) VALUES (?1, ?2, ?3)",
                params![serial, r.rma, l.line_no],
            )?;
        }
    }
    Ok(())
}
