//! The SQL of the station's hot paths — a scan, saving an inspection, the desk's refresh, the print
//! thread — in one place, so the code and the test that reads their query plans
//! (`tests/it/query_plans.rs`) use the same text. After a year at a big dock (a million units, ten
//! million events) each of these must still find its rows through an index: `HOT` lists them all.

/// Expected returns with `$condition` on `expected_return`, ordered by RMA.
macro_rules! returns_where {
    ($condition:literal) => {
        concat!(
            "SELECT rma, shop, order_no, order_date, c.name, customer_tier, status,
                    EXISTS (SELECT 1 FROM customer_erasure x WHERE x.customer_id = expected_return.customer_id)
             FROM expected_return LEFT JOIN customer c USING (customer_id) WHERE ",
            $condition,
            " ORDER BY rma"
        )
    };
}

// The event log.
pub const STREAM_ID: &str = "SELECT value FROM meta WHERE key = 'stream_id'";
pub const LAST_EVENT: &str = "SELECT seq, hlc FROM events ORDER BY seq DESC LIMIT 1";
pub const INSERT_EVENT: &str = "INSERT INTO events (seq, event_id, stream_id, kind, schema_version, payload,
                                     payload_hash, recorded_at, hlc, operator_id, origin)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

// Sessions.
pub const SESSION_OPEN: &str =
    "SELECT ended_at IS NULL FROM operator_session WHERE session_id = ?1 AND operator_id = ?2";
pub const OPEN_SESSIONS: &str = "SELECT session_id FROM operator_session WHERE ended_at IS NULL";
pub const OPERATOR_BY_BADGE: &str = "SELECT o.operator_id, o.name, o.role, o.language, s.pin_hash, o.active,
            o.locked_until
     FROM operator o LEFT JOIN operator_secret s USING (operator_id) WHERE o.badge = ?1";

// The station.
pub const STATION_NUMBER: &str = "SELECT station_number FROM station LIMIT 1";
pub const STATION_NAMES: &str =
    "SELECT s.name, s.station_number, site.name FROM station s JOIN site USING (site_id) LIMIT 1";
pub const EVENTS_TOTAL: &str = "SELECT coalesce(max(seq), 0),
            (SELECT recorded_at FROM events ORDER BY seq DESC LIMIT 1) FROM events";
pub const PUSHED_UPTO: &str = "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'pushed_upto'";
pub const SETTING: &str = "SELECT value FROM settings WHERE key = ?1";

// A scan: what the code is in this station's data.
pub const RETURNS_BY_RMA: &str = returns_where!("rma = ?1");
pub const RETURNS_BY_TRACKING: &str = returns_where!("tracking = ?1");
pub const RETURNS_BY_ORDER: &str = returns_where!("order_no = ?1");
pub const RETURNS_IN_PARCEL: &str =
    returns_where!("rma IN (SELECT rma FROM parcel_rma WHERE parcel_id = ?1)");
/// Open returns with a line of the product (`?2`, its GTIN) that sold the serial `?1`: where a
/// parcel without a label belongs.
pub const RETURNS_BY_SERIAL: &str = returns_where!(
    "rma IN (SELECT x.rma FROM rma_serial x JOIN rma_line l USING (rma, line_no) JOIN sku s USING (sku)
             WHERE x.serial = ?1 AND s.gtin = ?2) AND status <> 'received'"
);
/// Open returns whose customer's folded name holds each of up to three folded words (an empty
/// word holds everywhere). A search the inspector types, not a hot path: it reads the customer
/// table; at most [`crate::receiving::CANDIDATES_SHOWN`] + 1 come back, so the screen can say
/// "more".
pub const RETURNS_BY_CUSTOMER: &str = concat!(
    returns_where!(
        "customer_id IN (SELECT customer_id FROM customer
                         WHERE instr(search, ?1) > 0 AND instr(search, ?2) > 0 AND instr(search, ?3) > 0)
         AND status <> 'received'"
    ),
    " LIMIT 9"
);
pub const RETURN_LINES: &str =
    "SELECT l.line_no, l.sku, s.name, l.quantity, l.received, l.serials, l.stated_reason
     FROM rma_line l JOIN sku s USING (sku) WHERE l.rma = ?1 ORDER BY l.line_no";
pub const UNIT_BY_LPN: &str = "SELECT lpn, status, sku, grade, disposition FROM unit WHERE lpn = ?1";
pub const PRODUCT_BY_GTIN: &str =
    "SELECT sku, name, category, gtin, price_minor, currency FROM sku WHERE gtin = ?1";
/// RMAs still waiting for this product, the latest announced first (rowid order), at most `?2`
/// lines: the partial index `rma_line_open` holds only lines not fully received.
pub const PRODUCT_EXPECTED_IN: &str =
    "SELECT rma FROM rma_line WHERE sku = ?1 AND received < quantity ORDER BY rowid DESC LIMIT ?2";
pub const RECENT_SCANS: &str =
    "SELECT seq, text, kind, valid, source, scanned_at FROM scan ORDER BY seq DESC LIMIT ?1";

// Receiving.
pub const OPEN_PARCEL: &str = "SELECT parcel_id FROM parcel WHERE closed_at IS NULL";
/// The open parcel, and whether it came without a readable label (`CMD:NOLABEL`).
pub const OPEN_PARCEL_STATE: &str =
    "SELECT parcel_id, code_kind IS 'no_label' FROM parcel WHERE closed_at IS NULL";
pub const RMA_IN_PARCEL: &str = "SELECT EXISTS (SELECT 1 FROM parcel_rma WHERE parcel_id = ?1 AND rma = ?2)";
pub const SHOP_WINDOW: &str = "SELECT return_window_days FROM shop WHERE shop = ?1";
pub const SKU_BY_GTIN: &str = "SELECT sku, name FROM sku WHERE gtin = ?1";
pub const LPN_COUNTER: &str = "SELECT last FROM lpn_counter WHERE station_number = ?1";
pub const EMPTY_BOX_RECORDED: &str =
    "SELECT EXISTS (SELECT 1 FROM receiving_exception WHERE parcel_id = ?1 AND kind = 'empty_box')";
pub const PARCEL_HAS_UNITS: &str = "SELECT EXISTS (SELECT 1 FROM unit WHERE parcel_id = ?1)";
pub const PARCEL_RMA_COUNT: &str = "SELECT count(*) FROM parcel_rma WHERE parcel_id = ?1";
pub const PARCEL_LINES: &str = "SELECT l.rma, l.line_no, l.sku, s.gtin, l.quantity, l.received, l.serials
     FROM parcel_rma p JOIN rma_line l USING (rma) JOIN sku s ON s.sku = l.sku
     WHERE p.parcel_id = ?1 ORDER BY l.rma, l.line_no";
pub const PARCEL_BY_ID: &str =
    "SELECT code, code_kind, carrier, condition, closed_at IS NULL FROM parcel WHERE parcel_id = ?1";
pub const PARCEL_UNITS: &str =
    "SELECT u.lpn, u.sku, s.name, u.serial, u.rma, u.line_no FROM unit u LEFT JOIN sku s USING (sku)
     WHERE u.parcel_id = ?1 ORDER BY u.received_at, u.lpn";
pub const PARCEL_EXCEPTIONS: &str =
    "SELECT seq, kind, lpn, rma, line_no, details FROM receiving_exception WHERE parcel_id = ?1 ORDER BY seq";

// Inspection and the decision.
/// The inspection in progress: the one touched last.
/// The inspection in progress: the draft touched last, of the units not parked waiting.
pub const CURRENT_DRAFT: &str =
    "SELECT d.lpn, d.grading_set, d.grading_version, d.steps, d.started_at FROM inspection_draft d
     WHERE NOT EXISTS (SELECT 1 FROM unit u WHERE u.lpn = d.lpn AND u.status = 'waiting')
     ORDER BY d.touched_seq DESC LIMIT 1";
pub const DRAFT_OF_UNIT: &str = "SELECT grading_set, grading_version FROM inspection_draft WHERE lpn = ?1";
pub const UNIT_FACTS: &str = "SELECT u.sku, s.name, s.category, u.serial, u.rma, u.line_no
     FROM unit u LEFT JOIN sku s ON s.sku = u.sku WHERE u.lpn = ?1";
pub const STATED_REASON: &str = "SELECT stated_reason FROM rma_line WHERE rma = ?1 AND line_no = ?2";
pub const DECISION_SKU: &str =
    "SELECT category, vendor, cost_minor, price_minor, currency FROM sku WHERE sku = ?1";
/// The newest `decided` facts the rules made, with their inputs (a person's are skipped): what a
/// rule table's dry run decides again.
pub const RULE_DECISIONS: &str = "SELECT payload FROM events WHERE kind = 'decided'
       AND json_extract(payload, '$.decided_by') = 'rule' ORDER BY seq DESC LIMIT ?1";
/// A unit's parcel and return: the other subjects of its trail.
pub const TRAIL_UNIT: &str = "SELECT parcel_id, rma FROM unit WHERE lpn = ?1";
/// The facts about a unit, its parcel or its return, oldest first (`trail.rs`).
pub const TRAIL: &str = "SELECT e.seq, e.kind, e.recorded_at, e.operator_id, o.name, e.stream_id, e.payload
       FROM events e LEFT JOIN operator o ON o.operator_id = e.operator_id
      WHERE e.seq IN (SELECT seq FROM event_subject WHERE subject IN (?1, ?2, ?3))
      ORDER BY e.seq";
/// The price of a unit's product: what its refund is of.
pub const UNIT_PRICE: &str = "SELECT s.price_minor FROM unit u JOIN sku s ON s.sku = u.sku WHERE u.lpn = ?1";
pub const DECISION_RETURN: &str = "SELECT e.order_date, e.customer_tier, s.return_window_days
     FROM expected_return e LEFT JOIN shop s ON s.shop = e.shop WHERE e.rma = ?1";
pub const VENDOR_AGREEMENT: &str =
    "SELECT rtv, window_days, credit_bp FROM vendor_agreement WHERE vendor = ?1";
/// Receiving's findings that are fraud signals for a unit: its own, its parcel's empty box, its
/// RMA's late return. Each branch of the OR has its index (a MULTI-INDEX OR).
pub const FRAUD_EXCEPTIONS: &str = "SELECT kind FROM receiving_exception
     WHERE lpn = ?1
        OR (kind = 'empty_box' AND parcel_id = (SELECT parcel_id FROM unit WHERE lpn = ?1))
        OR (kind = 'late_return' AND rma = (SELECT rma FROM unit WHERE lpn = ?1))";
pub const CUSTOMER_RETURNS: &str = "SELECT count(*) FROM expected_return
     WHERE customer_id = (SELECT e.customer_id FROM unit u JOIN expected_return e ON e.rma = u.rma
                          WHERE u.lpn = ?1)";
/// A unit's current decision: the one no later decision supersedes; of two (written at two
/// stations), the one the hub settled on, else the one taken in last (`register_settled`).
pub const CURRENT_DECISION: &str =
    "SELECT d.disposition_id, d.channel, d.destination, d.reason, d.rule, d.recovery_minor,
            d.currency, d.decided_by, d.supersedes, d.note, d.trace, d.decided_at,
            u.grade, s.name,
            (SELECT flags FROM inspection i WHERE i.lpn = d.lpn ORDER BY inspected_at DESC LIMIT 1),
            (SELECT handle_ms FROM inspection i WHERE i.lpn = d.lpn ORDER BY inspected_at DESC LIMIT 1),
            d.refund
     FROM disposition d JOIN unit u ON u.lpn = d.lpn LEFT JOIN sku s ON s.sku = u.sku
     WHERE d.lpn = ?1
       AND NOT EXISTS (SELECT 1 FROM disposition later WHERE later.lpn = d.lpn
                         AND (later.supersedes = d.disposition_id
                              OR EXISTS (SELECT 1 FROM json_each(later.also_supersedes)
                                         WHERE value = d.disposition_id)))
     ORDER BY d.disposition_id = (SELECT write_id FROM register_settled r
                                  WHERE r.lpn = ?1 AND r.register = 'disposition') DESC,
              d.rowid DESC
     LIMIT 1";
/// A unit's decisions nothing supersedes (more than one when stations wrote it concurrently).
pub const DECISION_HEADS: &str = "SELECT d.disposition_id FROM disposition d
     WHERE d.lpn = ?1
       AND NOT EXISTS (SELECT 1 FROM disposition later WHERE later.lpn = d.lpn
                         AND (later.supersedes = d.disposition_id
                              OR EXISTS (SELECT 1 FROM json_each(later.also_supersedes)
                                         WHERE value = d.disposition_id)))
     ORDER BY d.disposition_id";
/// `CMD:REPRINT`'s unit: the last decided here, or a decided unit scanned by its LPN since. Each
/// side reads one row from the end of its index (`events_kind`, `scan_lpn`); reading every
/// `decided` event to sort them was a scan of the log.
pub const LAST_DECIDED: &str = "SELECT lpn FROM (
       SELECT * FROM (SELECT seq, json_extract(payload, '$.lpn') AS lpn FROM events
                      WHERE kind = 'decided' ORDER BY seq DESC LIMIT 1)
       UNION ALL
       SELECT * FROM (SELECT s.seq, s.text AS lpn FROM scan s JOIN unit u ON u.lpn = s.text
                      WHERE s.kind = 'lpn' AND u.disposition IS NOT NULL ORDER BY s.seq DESC LIMIT 1))
     ORDER BY seq DESC LIMIT 1";
/// The operator's inspections of one UTC day, `?2` ≤ inspected_at < `?3` (dates as text: RFC 3339
/// UTC times sort as text), so the index is read for that day only, not the whole year.
pub const INSPECTOR_DAY: &str = "SELECT handle_ms, COALESCE(started_at, inspected_at) FROM inspection
     WHERE operator_id = ?1 AND inspected_at >= ?2 AND inspected_at < ?3 ORDER BY handle_ms";
pub const HELD_UNITS: &str = "SELECT lpn FROM unit WHERE status = 'held' ORDER BY lpn";
pub const DECISION_HISTORY: &str =
    "SELECT disposition_id, channel, decided_by, supersedes FROM disposition WHERE lpn = ?1
     ORDER BY decided_at, rowid";

// Labels and the print queue.
pub const LABEL_DATA: &str =
    "SELECT u.gtin, u.serial, u.grade, d.channel, d.destination, d.decided_at, st.name, s.name
     FROM unit u
     JOIN disposition d ON d.lpn = u.lpn
       AND NOT EXISTS (SELECT 1 FROM disposition l WHERE l.lpn = d.lpn
                         AND (l.supersedes = d.disposition_id
                              OR EXISTS (SELECT 1 FROM json_each(l.also_supersedes)
                                         WHERE value = d.disposition_id)))
     LEFT JOIN sku s ON s.sku = u.sku
     LEFT JOIN station st ON 1
     WHERE u.lpn = ?1
     ORDER BY d.disposition_id = (SELECT write_id FROM register_settled r
                                  WHERE r.lpn = ?1 AND r.register = 'disposition') DESC,
              d.rowid DESC
     LIMIT 1";
/// Counted by state through `print_job_waiting`: the year's printed labels are not read.
pub const PRINT_COUNTS: &str =
    "SELECT (SELECT count(*) FROM print_job WHERE state IN ('queued', 'printing')),
            (SELECT count(*) FROM print_job WHERE state = 'failed')";
/// The latest error of a label that waits or failed. A queued label that erred waits for its next
/// try (`next_attempt_at` set): asking for that reads only the labels that erred, through
/// `print_job_waiting`, not every label waiting its first try (thousands while a printer is off).
pub const PRINT_LAST_ERROR: &str = "SELECT error_code, last_error FROM print_job
     WHERE ((state = 'queued' AND next_attempt_at IS NOT NULL) OR state IN ('printing', 'failed'))
       AND error_code IS NOT NULL
     ORDER BY created_at DESC LIMIT 1";
pub const PRINT_DUE: &str = "SELECT job_id, lpn, language, attempts, reason FROM print_job
     WHERE state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?1)
     ORDER BY created_at, rowid LIMIT 50";
pub const PRINTING: &str = "SELECT job_id, COALESCE(lpn, ''), answer, error_code FROM print_job
     WHERE state = 'printing' ORDER BY created_at, rowid LIMIT 50";

// Added on the scan path and by the print thread since (double reads, units waiting, unit labels,
// sending once, retention).
pub const LAST_SCAN: &str = "SELECT text, scanned_at FROM scan ORDER BY seq DESC LIMIT 1";
/// The scan before the one being recorded: a product read with no parcel open, waiting for one.
pub const PREVIOUS_SCAN: &str =
    "SELECT text, valid, scanned_at, operator_id FROM scan ORDER BY seq DESC LIMIT 1 OFFSET 1";
/// When the station last received a unit (units are rows in the order they were received).
pub const LAST_RECEIVED_AT: &str = "SELECT received_at FROM unit ORDER BY rowid DESC LIMIT 1";
pub const UNEXPECTED_RECORDED: &str = "SELECT EXISTS (SELECT 1 FROM receiving_exception
     WHERE parcel_id = ?1 AND kind = 'unexpected_return')";
pub const OPEN_PARCEL_CODE: &str = "SELECT parcel_id, code FROM parcel WHERE closed_at IS NULL";
pub const PARCEL_UNIT_BY_SERIAL: &str =
    "SELECT lpn FROM unit WHERE parcel_id = ?1 AND gtin = ?2 AND serial = ?3";
pub const PARCEL_LAST_UNIT_OF_GTIN: &str =
    "SELECT lpn FROM unit WHERE parcel_id = ?1 AND gtin = ?2 ORDER BY received_at DESC, rowid DESC LIMIT 1";
pub const PARCEL_WAITING: &str =
    "SELECT lpn FROM unit WHERE parcel_id = ?1 AND status = 'waiting' ORDER BY parked_at, lpn";
pub const UNIT_PARCEL: &str = "SELECT parcel_id FROM unit WHERE lpn = ?1";
pub const WAITING_UNITS: &str = "SELECT u.lpn, u.sku, s.name, u.serial, p.code, u.parked_at
     FROM unit u LEFT JOIN sku s ON s.sku = u.sku LEFT JOIN parcel p ON p.parcel_id = u.parcel_id
     WHERE u.status = 'waiting' ORDER BY u.parked_at, u.lpn";
pub const UNIT_LABELLED: &str =
    "SELECT EXISTS (SELECT 1 FROM print_job WHERE lpn = ?1 AND reason IN (?2, ?3))";
pub const PRINT_JOB_STATE: &str = "SELECT state FROM print_job WHERE job_id = ?1";
pub const PRINT_JOBS_IN: &str =
    "SELECT job_id, COALESCE(lpn, ''), reason, created_at, error_code, last_error FROM print_job
     WHERE state = ?1 ORDER BY created_at, rowid LIMIT ?2";
pub const PRINT_FINISHED_BEFORE: &str = "SELECT job_id FROM print_job
     WHERE state IN ('done', 'dismissed', 'replaced') AND finished_at < ?1
     ORDER BY finished_at, job_id LIMIT ?2";

/// Every hot query by name, with the projection's statements that look rows up, for the test that
/// reads their plans.
pub const HOT: &[(&str, &str)] = &[
    ("stream_id", STREAM_ID),
    ("last_event", LAST_EVENT),
    ("session_open", SESSION_OPEN),
    ("open_sessions", OPEN_SESSIONS),
    ("operator_by_badge", OPERATOR_BY_BADGE),
    ("station_number", STATION_NUMBER),
    ("station_names", STATION_NAMES),
    ("events_total", EVENTS_TOTAL),
    ("pushed_upto", PUSHED_UPTO),
    ("setting", SETTING),
    ("returns_by_rma", RETURNS_BY_RMA),
    ("returns_by_tracking", RETURNS_BY_TRACKING),
    ("returns_by_order", RETURNS_BY_ORDER),
    ("returns_in_parcel", RETURNS_IN_PARCEL),
    ("returns_by_serial", RETURNS_BY_SERIAL),
    ("return_lines", RETURN_LINES),
    ("unit_by_lpn", UNIT_BY_LPN),
    ("product_by_gtin", PRODUCT_BY_GTIN),
    ("product_expected_in", PRODUCT_EXPECTED_IN),
    ("recent_scans", RECENT_SCANS),
    ("open_parcel", OPEN_PARCEL),
    ("open_parcel_state", OPEN_PARCEL_STATE),
    ("rma_in_parcel", RMA_IN_PARCEL),
    ("shop_window", SHOP_WINDOW),
    ("sku_by_gtin", SKU_BY_GTIN),
    ("lpn_counter", LPN_COUNTER),
    ("empty_box_recorded", EMPTY_BOX_RECORDED),
    ("parcel_has_units", PARCEL_HAS_UNITS),
    ("parcel_rma_count", PARCEL_RMA_COUNT),
    ("parcel_lines", PARCEL_LINES),
    ("parcel_by_id", PARCEL_BY_ID),
    ("parcel_units", PARCEL_UNITS),
    ("parcel_exceptions", PARCEL_EXCEPTIONS),
    ("current_draft", CURRENT_DRAFT),
    ("draft_of_unit", DRAFT_OF_UNIT),
    ("unit_facts", UNIT_FACTS),
    ("stated_reason", STATED_REASON),
    ("decision_sku", DECISION_SKU),
    ("decision_return", DECISION_RETURN),
    ("unit_price", UNIT_PRICE),
    ("rule_decisions", RULE_DECISIONS),
    ("trail_unit", TRAIL_UNIT),
    ("trail", TRAIL),
    ("vendor_agreement", VENDOR_AGREEMENT),
    ("fraud_exceptions", FRAUD_EXCEPTIONS),
    ("customer_returns", CUSTOMER_RETURNS),
    ("current_decision", CURRENT_DECISION),
    ("last_decided", LAST_DECIDED),
    ("inspector_day", INSPECTOR_DAY),
    ("held_units", HELD_UNITS),
    ("decision_history", DECISION_HISTORY),
    ("label_data", LABEL_DATA),
    ("print_counts", PRINT_COUNTS),
    ("print_last_error", PRINT_LAST_ERROR),
    ("print_due", PRINT_DUE),
    ("printing", PRINTING),
    ("last_scan", LAST_SCAN),
    ("previous_scan", PREVIOUS_SCAN),
    ("last_received_at", LAST_RECEIVED_AT),
    ("unexpected_recorded", UNEXPECTED_RECORDED),
    ("open_parcel_code", OPEN_PARCEL_CODE),
    ("parcel_unit_by_serial", PARCEL_UNIT_BY_SERIAL),
    ("parcel_last_unit_of_gtin", PARCEL_LAST_UNIT_OF_GTIN),
    ("parcel_waiting", PARCEL_WAITING),
    ("unit_parcel", UNIT_PARCEL),
    ("waiting_units", WAITING_UNITS),
    ("queue_holds", crate::queue::QUEUE_HOLDS),
    ("queue_waiting", crate::queue::QUEUE_WAITING),
    ("queue_conflicts", crate::queue::QUEUE_CONFLICTS),
    ("queue_requests", crate::queue::QUEUE_REQUESTS),
    ("kpi_rows", crate::kpi::KPI_ROWS),
    ("kpi_reasons", crate::kpi::KPI_REASONS),
    ("unit_labelled", UNIT_LABELLED),
    ("print_job_state", PRINT_JOB_STATE),
    ("print_jobs_in", PRINT_JOBS_IN),
    ("print_finished_before", PRINT_FINISHED_BEFORE),
    ("apply_logged_in", crate::projection::OPERATOR_LOGGED_IN),
    ("apply_logged_out", crate::projection::SESSION_ENDED),
    ("apply_login_failed", crate::projection::OPERATOR_LOGIN_FAILED),
    ("apply_line_received", crate::projection::LINE_RECEIVED),
    ("apply_return_status", crate::projection::RETURN_STATUS),
    ("apply_parcel_damaged", crate::projection::PARCEL_DAMAGED),
    ("apply_parcel_closed", crate::projection::PARCEL_CLOSED),
    ("apply_inspection_started", crate::projection::DRAFT_STARTED),
    ("apply_inspection_step", crate::projection::DRAFT_STEP),
    ("apply_inspection_undone", crate::projection::DRAFT_UNDONE),
    ("apply_draft_saved", crate::projection::DRAFT_SAVED),
    ("apply_unit_inspected", crate::projection::UNIT_INSPECTED),
    ("apply_unit_decided", crate::projection::UNIT_DECIDED),
    ("apply_print_attempted", crate::projection::PRINT_ATTEMPTED),
    ("apply_print_followed", crate::projection::PRINT_FOLLOWED),
];
