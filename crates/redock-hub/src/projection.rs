//! The hub's projections (migrations/hub/0002): parcels, units, inspections, decisions, labels and
//! exceptions per site, the union of its stations' facts. Applied in the push transaction by
//! set-based statements over the batch's stored events (one statement per table and kind, not one
//! per event), inserts before updates. A unit's grade and disposition are registers, resolved
//! over all their writes by `registers.rs` after the statements. `rebuild` runs the same
//! statements over every stream from its first event.

use crate::error::HubError;
use deadpool_postgres::{GenericClient, Pool};

/// The batch's events of one kind, readable (not quarantined), payload as jsonb.
macro_rules! events_of {
    ($kind:literal) => {
        concat!(
            "(SELECT site_id, stream_id, seq, recorded_at, hlc, operator_id, payload::jsonb AS p FROM event
              WHERE site_id = $1 AND stream_id = $2 AND seq BETWEEN $3 AND $4 AND quarantine IS NULL
                AND kind = '",
            $kind,
            // OFFSET 0 keeps the subquery from being flattened into the statement, which would
            // parse the payload's JSON once per `p->>` instead of once per event.
            "' OFFSET 0)"
        )
    };
}

pub(crate) use events_of;

/// In this order: rows are made before they are updated. Each is run only when its kind is in
/// the batch.
const STATEMENTS: &[(&str, &str)] = &[
    (
        "parcel_opened",
        concat!(
        "INSERT INTO hub_parcel (site_id, parcel_id, stream_id, code, code_kind, opened_at)
         SELECT site_id, p->>'parcel_id', stream_id, p->>'code', p->>'code_kind', recorded_at FROM ",
        events_of!("parcel_opened"),
        " e ON CONFLICT (site_id, parcel_id) DO NOTHING"
        ),
    ),
    // An LPN received twice, by different receipts (a restored station gave out again the LPNs
    // of the work its backup lost; two stations with the same number): one unit row, and the
    // receipts in the conflict queue as `receipt`, until a person relabels one of the units. The
    // heads are the set of receipts, in one order, whatever order they came in.
    (
        "unit_received",
        concat!(
        "INSERT INTO hub_conflict (site_id, lpn, register, heads)
         SELECT e.site_id, e.p->>'lpn', 'receipt', jsonb_build_array(
                  jsonb_build_object('stream_id', h.stream_id, 'seq', h.received_seq, 'parcel_id', h.parcel_id,
                                     'sku', h.sku, 'serial', h.serial),
                  jsonb_build_object('stream_id', e.stream_id, 'seq', e.seq, 'parcel_id', e.p->>'parcel_id',
                                     'sku', e.p->>'sku', 'serial', e.p->>'serial'))
         FROM ",
        events_of!("unit_received"),
        // A lookup by key per receipt (LIMIT keeps the planner from hashing all of hub_unit).
        " e CROSS JOIN LATERAL (SELECT * FROM hub_unit u WHERE u.site_id = e.site_id AND u.lpn = e.p->>'lpn' LIMIT 1) h
         WHERE (h.stream_id, h.received_seq) IS DISTINCT FROM (e.stream_id, e.seq)
         ON CONFLICT (site_id, lpn, register) DO UPDATE SET heads = (
           SELECT jsonb_agg(x ORDER BY x->>'stream_id', (x->>'seq')::bigint)
             FROM (SELECT DISTINCT jsonb_array_elements(hub_conflict.heads || excluded.heads) AS x) s)"
        ),
    ),
    (
        "unit_received",
        concat!(
        "INSERT INTO hub_unit (site_id, lpn, stream_id, parcel_id, rma, sku, serial, received_at, received_seq,
                               line_no)
         SELECT site_id, p->>'lpn', stream_id, p->>'parcel_id', p->>'rma', p->>'sku', p->>'serial', recorded_at, seq,
                (p->>'line_no')::int
         FROM ",
        events_of!("unit_received"),
        " e ON CONFLICT (site_id, lpn) DO NOTHING"
        ),
    ),
    // An inspection is a row and a write of the unit's grade register; a decision a row and a
    // write of its disposition register. One statement each, so the payload (a decision's is
    // ~5 kB with its trace) is parsed once.
    (
        "inspected",
        concat!(
        "WITH e AS MATERIALIZED ",
        events_of!("inspected"),
        ", i AS (
           INSERT INTO hub_inspection (site_id, inspection_id, lpn, grading_set, grade, handle_ms, operator_id,
                                       inspected_at)
           SELECT site_id, p->>'inspection_id', p->>'lpn', p->>'grading_set', p->>'grade', (p->>'handle_ms')::bigint,
                  operator_id, recorded_at FROM e
           ON CONFLICT (site_id, inspection_id) DO NOTHING)
         INSERT INTO hub_register_write (site_id, lpn, register, write_id, value, authority, hlc, stream_id, seq,
                                         supersedes)
         SELECT site_id, p->>'lpn', 'grade', p->>'inspection_id', p->>'grade', 1, hlc, stream_id, seq, '{}'::text[]
           FROM e ON CONFLICT (site_id, lpn, register, write_id) DO NOTHING"
        ),
    ),
    (
        "decided",
        concat!(
        "WITH e AS MATERIALIZED ",
        events_of!("decided"),
        ", d AS (
           INSERT INTO hub_decision (site_id, disposition_id, lpn, channel, reason, rule, decided_by, supersedes,
                                     operator_id, decided_at, destination, currency, refund_kind, refund_fee_bp,
                                     refund_minor)
           SELECT site_id, p->>'disposition_id', p->>'lpn', p->>'channel', p->>'reason', p->>'rule',
                  p->>'decided_by', p->>'supersedes', operator_id, recorded_at, p->>'destination', p->>'currency',
                  p->'refund'->>'kind', (p->'refund'->>'fee_bp')::int, (p->'refund'->>'amount_minor')::bigint FROM e
           ON CONFLICT (site_id, disposition_id) DO NOTHING)
         INSERT INTO hub_register_write (site_id, lpn, register, write_id, value, authority, hlc, stream_id, seq,
                                         supersedes)
         SELECT site_id, p->>'lpn', 'disposition', p->>'disposition_id', p->>'channel',
                CASE WHEN p->>'decided_by' = 'rule' THEN 2 WHEN p->>'reason' = 'override' THEN 3 ELSE 1 END,
                hlc, stream_id, seq,
                ARRAY(SELECT x FROM (SELECT p->>'supersedes' AS x
                                     UNION ALL SELECT jsonb_array_elements_text(coalesce(p->'also_supersedes', '[]'))) s
                      WHERE x IS NOT NULL)
           FROM e ON CONFLICT (site_id, lpn, register, write_id) DO NOTHING"
        ),
    ),
    (
        "sku_added",
        concat!(
        "INSERT INTO hub_sku (site_id, sku) SELECT site_id, p->>'sku' FROM ",
        events_of!("sku_added"),
        " e ON CONFLICT (site_id, sku) DO NOTHING"
        ),
    ),
    // A customer erased at a station: the name of their returns goes at the hub too, and stays
    // gone when a shop sends the return again.
    (
        "customer_erased",
        concat!(
        "INSERT INTO hub_customer_erased (site_id, customer_id) SELECT site_id, p->>'customer_id' FROM ",
        events_of!("customer_erased"),
        " e ON CONFLICT (site_id, customer_id) DO NOTHING"
        ),
    ),
    (
        "customer_erased",
        concat!(
        "UPDATE hub_reference r SET personal = NULL FROM ",
        events_of!("customer_erased"),
        " e WHERE r.site_id = e.site_id AND r.kind = 'rma' AND r.personal IS NOT NULL
            AND (r.body::jsonb -> 'added' ->> 'customer_id') = e.p->>'customer_id'"
        ),
    ),
    (
        "print_queued",
        concat!(
        "INSERT INTO hub_print (site_id, job_id, lpn, reason, queued_at)
         SELECT site_id, p->>'job_id', p->>'lpn', p->>'reason', recorded_at FROM ",
        events_of!("print_queued"),
        " e ON CONFLICT (site_id, job_id) DO NOTHING"
        ),
    ),
    (
        "exception_recorded",
        concat!(
        "INSERT INTO hub_exception (site_id, stream_id, seq, kind, parcel_id, lpn, rma, recorded_at)
         SELECT site_id, stream_id, seq, p->>'kind', p->>'parcel_id', p->>'lpn', p->>'rma', recorded_at FROM ",
        events_of!("exception_recorded"),
        " e ON CONFLICT (site_id, stream_id, seq) DO NOTHING"
        ),
    ),
    // Registers: the latest of the batch wins.
    (
        "parcel_closed",
        concat!(
        "UPDATE hub_parcel h SET closed_at = e.recorded_at FROM (SELECT DISTINCT ON (p->>'parcel_id') * FROM ",
        events_of!("parcel_closed"),
        " x ORDER BY p->>'parcel_id', seq DESC) e WHERE h.site_id = e.site_id AND h.parcel_id = e.p->>'parcel_id'"
        ),
    ),
    (
        "parcel_damaged",
        concat!(
        "UPDATE hub_parcel h SET damaged = true FROM ",
        events_of!("parcel_damaged"),
        " e WHERE h.site_id = e.site_id AND h.parcel_id = e.p->>'parcel_id'"
        ),
    ),
    // The takeovers that say what a stream's later writes supersede.
    (
        "unit_taken_over",
        concat!(
        "INSERT INTO hub_takeover (site_id, stream_id, seq, lpn, from_stream, seen)
         SELECT site_id, stream_id, seq, p->>'lpn', (p->>'from_stream')::uuid,
                ARRAY(SELECT jsonb_array_elements_text(p->'seen')) FROM ",
        events_of!("unit_taken_over"),
        " e ON CONFLICT (site_id, stream_id, seq) DO NOTHING"
        ),
    ),
    (
        "print_attempted",
        concat!(
        "UPDATE hub_print h SET attempts = greatest(h.attempts, e.n), printed = h.printed OR e.ok
         FROM (SELECT site_id, p->>'job_id' AS job, max((p->>'attempt')::int) AS n, bool_or((p->>'ok')::boolean) AS ok
               FROM ",
        events_of!("print_attempted"),
        " x GROUP BY site_id, p->>'job_id') e WHERE h.site_id = e.site_id AND h.job_id = e.job"
        ),
    ),
    (
        "print_confirmed",
        concat!(
        "UPDATE hub_print h SET printed = true FROM ",
        events_of!("print_confirmed"),
        " e WHERE h.site_id = e.site_id AND h.job_id = e.p->>'job_id'"
        ),
    ),
];

/// Apply the events `first..=last` of one stream (already stored) to the projections, in the
/// caller's transaction. `kinds`: the kinds among them, when known (statements for kinds not
/// there are skipped); None runs every statement.
pub async fn apply(
    client: &impl GenericClient,
    site_id: &str,
    stream: &uuid::Uuid,
    first: i64,
    last: i64,
    kinds: Option<&std::collections::HashSet<&str>>,
) -> Result<Vec<crate::registers::Settled>, HubError> {
    for (kind, sql) in STATEMENTS {
        if kinds.is_some_and(|k| !k.contains(kind)) {
            continue;
        }
        let st = client.prepare_cached(sql).await?;
        client.execute(&st, &[&site_id, stream, &first, &last]).await?;
    }
    let writes_registers = ["inspected", "decided", "unit_taken_over"];
    if kinds.is_some_and(|k| !writes_registers.iter().any(|w| k.contains(w))) {
        return Ok(Vec::new());
    }
    crate::registers::resolve(client, site_id, stream, first, last).await
}

/// The projection tables, to empty and to compare.
pub const TABLES: &[&str] = &[
    "hub_parcel",
    "hub_unit",
    "hub_inspection",
    "hub_decision",
    "hub_print",
    "hub_exception",
    "hub_register_write",
    "hub_takeover",
    "hub_register",
    "hub_conflict",
    "hub_sku",
    "hub_customer_erased",
];

/// Empty a site's projections and replay every stream of it from its first event, in one
/// transaction.
pub async fn rebuild(pool: &Pool, site_id: &str) -> Result<u64, HubError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    for t in TABLES {
        tx.execute(&format!("DELETE FROM {t} WHERE site_id = $1"), &[&site_id])
            .await?;
    }
    let streams = tx
        .query(
            "SELECT stream_id, head_seq FROM stream WHERE site_id = $1 ORDER BY stream_id",
            &[&site_id],
        )
        .await?;
    for s in &streams {
        let (stream, head): (uuid::Uuid, i64) = (s.get(0), s.get(1));
        apply(&tx, site_id, &stream, 1, head, None).await?;
    }
    tx.commit().await?;
    Ok(streams.len() as u64)
}

/// A site's projections as sorted text, to compare a rebuild with what the pushes made.
pub async fn snapshot(pool: &Pool, site_id: &str) -> Result<String, HubError> {
    let client = pool.get().await?;
    let mut out = String::new();
    for t in TABLES {
        let rows = client
            .query(
                &format!("SELECT row_to_json(x)::text FROM {t} x WHERE site_id = $1 ORDER BY 1"),
                &[&site_id],
            )
            .await?;
        out.push_str(&format!("## {t} ({})\n", rows.len()));
        for r in rows {
            out.push_str(r.get::<_, &str>(0));
            out.push('\n');
        }
    }
    Ok(out)
}
