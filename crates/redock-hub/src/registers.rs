//! Registers and the conflict queue (migrations/hub/0005, ../shared/sync.md "Conflicts").
//!
//! Facts never conflict; a unit's grade and disposition are registers. Every write of one is kept
//! (`hub_register_write`, from `inspected` and `decided`) with what it supersedes:
//! - the writes it names (`supersedes`: an override names the decision it overrides and the
//!   other heads it settles, `also_supersedes`);
//! - every earlier write of its own stream (a station saw what it wrote before);
//! - the writes its stream was handed when it took the unit over (`hub_takeover.seen`, from a
//!   `unit_taken_over` fact earlier in that stream).
//!
//! The writes nothing supersedes are the heads. The register holds the head of highest authority
//! (a supervisor's override 3 > a rule 2 > an inspector 1), then latest hybrid logical clock,
//! then highest stream id. Heads of the top authority with different values cannot be settled by
//! a rule: they are a conflict (`hub_conflict`) until a later write supersedes or outranks them.
//! Everything is a function of the set of writes, never of the order pushes arrive in, so a
//! rebuild from the events gives the same rows and every station that pulls the settlement agrees.

use crate::error::HubError;
use deadpool_postgres::GenericClient;
use serde::{Deserialize, Serialize};

/// A register with more than one head after a batch: what the hub settled, for the feed (the
/// fact a station records when it takes the settlement in).
pub type Settled = redock_events::RegisterSettled;

/// The registers the events `first..=last` of `stream` wrote (or made it take over), resolved
/// again from all their writes: `hub_register`, `hub_conflict` and the unit's grade and
/// disposition. Returns those with more than one head.
pub async fn resolve(
    client: &impl GenericClient,
    site_id: &str,
    stream: &uuid::Uuid,
    first: i64,
    last: i64,
) -> Result<Vec<Settled>, HubError> {
    let st = client.prepare_cached(RESOLVE).await?;
    let rows = client.query(&st, &[&site_id, stream, &first, &last]).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let (mut lpns, mut registers, mut writes, mut values, mut authorities, mut streams, mut heads) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let (mut c_lpns, mut c_registers, mut c_heads) = (vec![], vec![], vec![]);
    let mut touched_lpns = vec![];
    let mut touched_registers = vec![];
    for r in &rows {
        let lpn: String = r.get(0);
        let register: String = r.get(1);
        touched_lpns.push(lpn.clone());
        touched_registers.push(register.clone());
        let Some(write_id) = r.get::<_, Option<String>>(2) else {
            continue; // taken over, nothing written yet
        };
        let n: i64 = r.get(6);
        let conflict: Option<serde_json::Value> = r.get(7);
        let value: String = r.get(3);
        if n > 1 {
            out.push(Settled {
                lpn: lpn.clone(),
                register: register.clone(),
                write_id: write_id.clone(),
                value: value.clone(),
                heads: n as u32,
                conflict: conflict.is_some(),
            });
        }
        if let Some(c) = conflict {
            c_lpns.push(lpn.clone());
            c_registers.push(register.clone());
            c_heads.push(c);
        }
        lpns.push(lpn);
        registers.push(register);
        writes.push(write_id);
        values.push(value);
        authorities.push(r.get::<_, i16>(4));
        streams.push(r.get::<_, uuid::Uuid>(5));
        heads.push(n as i32);
    }
    let upsert = client
        .prepare_cached(
            "INSERT INTO hub_register (site_id, lpn, register, write_id, value, authority, stream_id, heads)
             SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $6::int2[], $7::uuid[], $8::int4[])
             ON CONFLICT (site_id, lpn, register) DO UPDATE SET write_id = excluded.write_id,
               value = excluded.value, authority = excluded.authority, stream_id = excluded.stream_id,
               heads = excluded.heads",
        )
        .await?;
    client
        .execute(
            &upsert,
            &[
                &site_id,
                &lpns,
                &registers,
                &writes,
                &values,
                &authorities,
                &streams,
                &heads,
            ],
        )
        .await?;
    let clear = client
        .prepare_cached(
            "DELETE FROM hub_conflict c USING UNNEST($2::text[], $3::text[]) AS k(lpn, register)
             WHERE c.site_id = $1 AND c.lpn = k.lpn AND c.register = k.register",
        )
        .await?;
    client
        .execute(&clear, &[&site_id, &touched_lpns, &touched_registers])
        .await?;
    if !c_lpns.is_empty() {
        let open = client
            .prepare_cached(
                "INSERT INTO hub_conflict (site_id, lpn, register, heads)
                 SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::jsonb[])",
            )
            .await?;
        client
            .execute(&open, &[&site_id, &c_lpns, &c_registers, &c_heads])
            .await?;
    }
    // The hub's unit row shows its registers' values (and the winning decision's destination).
    let unit = client
        .prepare_cached(
            // Per unit, lookups by key (the LATERAL with LIMIT keeps the planner from hashing
            // every register and decision of the site on each push).
            "UPDATE hub_unit h SET
               grade = coalesce(r.grade, h.grade),
               disposition = coalesce(r.disposition, h.disposition),
               destination = CASE WHEN r.decision IS NULL THEN h.destination ELSE r.destination END
             FROM (SELECT DISTINCT u.lpn FROM UNNEST($2::text[]) AS u(lpn)) k
             CROSS JOIN LATERAL (
               SELECT (SELECT g.value FROM hub_register g
                        WHERE g.site_id = $1 AND g.lpn = k.lpn AND g.register = 'grade') AS grade,
                      d.value AS disposition, d.write_id AS decision, dd.destination
                 FROM (SELECT 1) one
                 LEFT JOIN hub_register d ON d.site_id = $1 AND d.lpn = k.lpn AND d.register = 'disposition'
                 LEFT JOIN hub_decision dd ON dd.site_id = $1 AND dd.disposition_id = d.write_id
                LIMIT 1) r
             WHERE h.site_id = $1 AND h.lpn = k.lpn",
        )
        .await?;
    client.execute(&unit, &[&site_id, &lpns]).await?;
    Ok(out)
}

/// The CTEs `w` (the writes of the registers in a CTE `keys(lpn, register)`, site `$1`) and
/// `heads` (those nothing supersedes): the one statement of what supersedes what.
macro_rules! heads_of_keys {
    () => {
        "w AS (
    SELECT w.* FROM hub_register_write w JOIN keys k ON k.lpn = w.lpn AND k.register = w.register
     WHERE w.site_id = $1
),
heads AS (
    SELECT w.* FROM w WHERE NOT EXISTS (
        SELECT 1 FROM w x
         WHERE x.lpn = w.lpn AND x.register = w.register AND x.write_id <> w.write_id
           AND (w.write_id = ANY (x.supersedes)
                OR (x.stream_id = w.stream_id AND x.seq > w.seq)
                OR EXISTS (SELECT 1 FROM hub_takeover t
                            WHERE t.site_id = $1 AND t.lpn = x.lpn AND t.stream_id = x.stream_id
                              AND t.seq < x.seq AND w.write_id = ANY (t.seen))))
)"
    };
}

/// Per register the batch touched: its winning head (NULL when it has no write yet), the head
/// count, and the conflicting heads when the top authority disagrees.
const RESOLVE: &str = concat!(
    "
WITH keys AS (
    SELECT DISTINCT lpn, register FROM hub_register_write
     WHERE site_id = $1 AND stream_id = $2 AND seq BETWEEN $3 AND $4
    UNION
    SELECT t.lpn, r.register FROM hub_takeover t CROSS JOIN (VALUES ('grade'), ('disposition')) AS r(register)
     WHERE t.site_id = $1 AND t.stream_id = $2 AND t.seq BETWEEN $3 AND $4
),
", heads_of_keys!(), ",\nranked AS (
    SELECT heads.*,
           count(*) OVER k AS n,
           max(authority) OVER k AS top,
           row_number() OVER (PARTITION BY lpn, register
                              ORDER BY authority DESC, hlc DESC NULLS LAST, stream_id DESC, write_id DESC) AS rk
      FROM heads WINDOW k AS (PARTITION BY lpn, register)
),
conflicts AS (
    SELECT lpn, register,
           jsonb_agg(jsonb_build_object('write_id', write_id, 'value', value, 'authority', authority,
                                        'stream_id', stream_id, 'hlc', hlc) ORDER BY write_id) AS heads
      FROM ranked WHERE authority = top
     GROUP BY lpn, register HAVING count(DISTINCT value) > 1
)
SELECT k.lpn, k.register, r.write_id, r.value, r.authority, r.stream_id, coalesce(r.n, 0), c.heads
  FROM keys k
  LEFT JOIN ranked r ON r.lpn = k.lpn AND r.register = k.register AND r.rk = 1
  LEFT JOIN conflicts c ON c.lpn = k.lpn AND c.register = k.register
 ORDER BY k.lpn, k.register"
);

/// The site's open conflicts, for the supervisors (`GET /v1/sites/{site}/conflicts`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Conflict {
    pub lpn: String,
    pub register: String,
    /// The write the register holds meanwhile (for a `receipt`: the receipt the unit row is of,
    /// as `stream:seq`).
    pub holding: String,
    pub heads: serde_json::Value,
}

pub async fn open_conflicts(client: &impl GenericClient, site_id: &str) -> Result<Vec<Conflict>, HubError> {
    let rows = client
        .query(
            "SELECT c.lpn, c.register,
                    coalesce(r.write_id, h.stream_id::text || ':' || h.received_seq::text), c.heads
               FROM hub_conflict c
               LEFT JOIN hub_register r ON r.site_id = c.site_id AND r.lpn = c.lpn AND r.register = c.register
               LEFT JOIN hub_unit h ON h.site_id = c.site_id AND h.lpn = c.lpn
              WHERE c.site_id = $1 ORDER BY c.lpn, c.register",
            &[&site_id],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| Conflict {
            lpn: r.get(0),
            register: r.get(1),
            holding: r.get(2),
            heads: r.get(3),
        })
        .collect())
}

/// Put the settlements of a push in the site's feed (`hub_reference`, kind `register`), each
/// with a change number from the site's counter row, in the push's transaction: the stations
/// that hold the unit's writes take the hub's choice. A settlement the feed already says is not
/// written again.
pub async fn publish(
    client: &impl GenericClient,
    site_id: &str,
    settled: &[Settled],
) -> Result<(), HubError> {
    for s in settled {
        let item = redock_events::feed::Reference::Register {
            lpn: s.lpn.clone(),
            register: s.register.clone(),
            write_id: s.write_id.clone(),
            value: s.value.clone(),
            heads: s.heads,
            conflict: s.conflict,
        };
        let body = serde_json::to_string(&item).map_err(|e| HubError::Config(e.to_string()))?;
        let key = item.key();
        let same = client
            .query_opt(
                "SELECT 1 FROM hub_reference WHERE site_id = $1 AND kind = 'register' AND key = $2 AND body = $3",
                &[&site_id, &key, &body],
            )
            .await?;
        if same.is_some() {
            continue;
        }
        client
            .execute(
                "WITH n AS (UPDATE site_feed SET n = n + 1 WHERE site_id = $1 RETURNING n)
                 INSERT INTO hub_reference (site_id, kind, key, body, change_no)
                 SELECT $1, 'register', $2, $3, n FROM n
                 ON CONFLICT (site_id, kind, key) DO UPDATE SET body = excluded.body,
                   change_no = excluded.change_no, updated_at = now()",
                &[&site_id, &key, &body],
            )
            .await?;
        tracing::info!(site = site_id, lpn = %s.lpn, register = %s.register, winner = %s.write_id,
                       heads = s.heads, conflict = s.conflict, "register settled");
    }
    Ok(())
}

/// The writes of a unit's registers nothing supersedes, with the event each came from: what a
/// station taking the unit over is handed.
pub const UNIT_HEADS: &str = concat!(
    "WITH keys AS (SELECT $2::text AS lpn, r.register FROM (VALUES ('grade'), ('disposition')) AS r(register)), ",
    heads_of_keys!(),
    " SELECT heads.write_id, heads.stream_id, heads.seq FROM heads ORDER BY heads.register, heads.write_id"
);
