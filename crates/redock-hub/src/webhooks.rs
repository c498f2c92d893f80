//! Webhooks out (migrations/hub/0010, #15): what a shop hears of its returns at the dock.
//!
//! - A shop registers endpoints with its integrator key (`POST /v1/webhooks/endpoints`: an https
//!   URL — http only on loopback — and the types it wants) and gets the signing secret once.
//! - The push transaction that records a fact writes the messages it owes (`enqueue`, after the
//!   projections): `return.received` (a parcel opened by a return's code or tracking number, or a
//!   return attached to an unlabelled parcel), `unit.inspected`, `unit.decided` (channel, grade,
//!   expected recovery, rule, refund), `exception.recorded`, `sla.breached` (a unit of the
//!   return waited past its SLA target at a station); `return.completed` (every line
//!   settled, with the refunds) is `completion.rs`'s. Only returns the hub holds for a shop have a
//!   shop to tell. A message id is the fact's place in its stream (`msg_<stream>_<seq>`, one per
//!   return for `return.received`): stable across attempts and redeliveries, so a receiver drops
//!   duplicates by it. At least once.
//! - The deliverer (a task of the hub process, woken by each push that owed something and every
//!   second) claims due messages with a lease (`FOR UPDATE SKIP LOCKED`, so several hub
//!   processes share the work and a killed one's claims come back), signs each as Standard
//!   Webhooks specify (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64
//!   HMAC-SHA256(secret, id.timestamp.body)>`, also signed with the previous secret for a day
//!   after a rotation), and posts it with a time-out, many at once and at most 16 to one
//!   endpoint, claiming on while slow ones are under way (a receiver that hangs holds up only its
//!   own messages). Every attempt is in the delivery log. A
//!   failure is tried again after the next step of the schedule (5 s … 12 h, three days in all,
//!   with jitter); a message that is still failing at the end is `failed` and its endpoint is
//!   disabled with the reason. Re-enabling it sends what waited; a redelivery sends one message
//!   again under the same id. Delivered messages and attempts older than [`KEEP_DAYS`] are
//!   pruned hourly.

use crate::error::HubError;
use crate::returns::ShopAuth;
use base64::Engine;
use deadpool_postgres::{GenericClient, Pool};
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// The types a shop may subscribe to. `return.completed` is written by `completion.rs`.
pub const TYPES: &[&str] = &[
    "return.received",
    "unit.inspected",
    "unit.decided",
    "return.completed",
    "exception.recorded",
    "sla.breached",
];

/// Standard Webhooks' retry advice stretched to three days: after each failed attempt, the wait
/// before the next one.
pub const SCHEDULE_SECS: &[u64] = &[
    5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800, 43200, 43200, 43200, 43200, 43200,
];

/// How long a previous secret still signs after a rotation.
pub const ROTATION_GRACE_HOURS: i32 = 24;

fn new_secret() -> String {
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(key))
}

/// `v1,<base64 signature>` of `id.timestamp.body` with a `whsec_` secret.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Result<String, HubError> {
    let key = secret
        .strip_prefix("whsec_")
        .and_then(|k| base64::engine::general_purpose::STANDARD.decode(k).ok())
        .ok_or_else(|| HubError::Config("a webhook secret is not whsec_<base64>".into()))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key)
        .map_err(|e| HubError::Config(format!("a webhook secret: {e}")))?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Ok(format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// An endpoint's URL: https, or http to this machine (a receiver beside the hub, the tests').
fn check_url(url: &str) -> Result<(), HubError> {
    let uri: axum::http::Uri = url
        .parse()
        .map_err(|e| HubError::BadRequest(format!("{url:?} is not a URL: {e}")))?;
    let host = uri.host().unwrap_or_default();
    let loopback = host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match uri.scheme_str() {
        Some("https") if !host.is_empty() => Ok(()),
        Some("http") if loopback => Ok(()),
        _ => Err(HubError::BadRequest(format!(
            "{url:?}: an endpoint is an https URL (http only on loopback)"
        ))),
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEndpoint {
    pub url: String,
    pub types: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Endpoint {
    pub endpoint_id: String,
    pub url: String,
    pub types: Vec<String>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    /// Shown when the endpoint is made or its secret rotated, never after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

pub async fn add_endpoint(pool: &Pool, who: &ShopAuth, new: &NewEndpoint) -> Result<Endpoint, HubError> {
    check_url(&new.url)?;
    if new.types.is_empty() {
        return Err(HubError::BadRequest("an endpoint wants at least one type".into()));
    }
    if let Some(t) = new.types.iter().find(|t| !TYPES.contains(&t.as_str())) {
        return Err(HubError::BadRequest(format!(
            "unknown type {t:?}; the types are {}",
            TYPES.join(", ")
        )));
    }
    let endpoint_id = format!("ep_{}", crate::auth::random_hex_of(6));
    let secret = new_secret();
    let client = pool.get().await?;
    client
        .execute(
            "INSERT INTO webhook_endpoint (site_id, endpoint_id, shop, url, types, secret) VALUES ($1, $2, $3, $4, $5, $6)",
            &[&who.site_id, &endpoint_id, &who.shop, &new.url, &new.types, &secret],
        )
        .await?;
    tracing::info!(site = %who.site_id, shop = %who.shop, endpoint = %endpoint_id, url = %new.url, "webhook endpoint added");
    Ok(Endpoint {
        endpoint_id,
        url: new.url.clone(),
        types: new.types.clone(),
        enabled: true,
        disabled_reason: None,
        secret: Some(secret),
    })
}

/// The endpoint of the caller's shop (another shop's is not found).
async fn own_endpoint(
    client: &impl GenericClient,
    who: &ShopAuth,
    endpoint: &str,
) -> Result<Endpoint, HubError> {
    shop_endpoints(client, who, Some(endpoint))
        .await?
        .pop()
        .ok_or_else(|| HubError::NoSuchReference(format!("no endpoint {endpoint} of this shop")))
}

/// The caller's shop's endpoints (or the one named), oldest first.
async fn shop_endpoints(
    client: &impl GenericClient,
    who: &ShopAuth,
    only: Option<&str>,
) -> Result<Vec<Endpoint>, HubError> {
    let rows = client
        .query(
            "SELECT endpoint_id, url, types, disabled_at IS NULL, disabled_reason FROM webhook_endpoint
              WHERE site_id = $1 AND shop = $2 AND ($3::text IS NULL OR endpoint_id = $3)
              ORDER BY created_at, endpoint_id",
            &[&who.site_id, &who.shop, &only],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| Endpoint {
            endpoint_id: r.get(0),
            url: r.get(1),
            types: r.get(2),
            enabled: r.get(3),
            disabled_reason: r.get(4),
            secret: None,
        })
        .collect())
}

pub async fn endpoints(pool: &Pool, who: &ShopAuth) -> Result<Vec<Endpoint>, HubError> {
    shop_endpoints(&pool.get().await?, who, None).await
}

/// A new secret; the old one still signs for [`ROTATION_GRACE_HOURS`].
pub async fn rotate_secret(pool: &Pool, who: &ShopAuth, endpoint: &str) -> Result<Endpoint, HubError> {
    let client = pool.get().await?;
    let mut e = own_endpoint(&client, who, endpoint).await?;
    let secret = new_secret();
    client
        .execute(
            "UPDATE webhook_endpoint SET previous_secret = secret, secret = $3,
                    previous_valid_until = now() + make_interval(hours => $4)
              WHERE site_id = $1 AND endpoint_id = $2",
            &[&who.site_id, &endpoint, &secret, &ROTATION_GRACE_HOURS],
        )
        .await?;
    e.secret = Some(secret);
    Ok(e)
}

/// Enable an endpoint again (after the receiver was fixed): what waited for it is sent now.
pub async fn enable(
    pool: &Pool,
    who: &ShopAuth,
    endpoint: &str,
    wake: &tokio::sync::Notify,
) -> Result<Endpoint, HubError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let mut e = own_endpoint(&tx, who, endpoint).await?;
    // The messages first, then the endpoint: the order `record` locks them in.
    tx.execute(
        "UPDATE webhook_message SET state = 'pending', attempts = 0, next_at = now(), lease = NULL
          WHERE site_id = $1 AND endpoint_id = $2 AND state IN ('pending', 'failed')",
        &[&who.site_id, &endpoint],
    )
    .await?;
    tx.execute(
        "UPDATE webhook_endpoint SET disabled_at = NULL, disabled_reason = NULL WHERE site_id = $1 AND endpoint_id = $2",
        &[&who.site_id, &endpoint],
    )
    .await?;
    tx.commit().await?;
    wake.notify_one();
    e.enabled = true;
    e.disabled_reason = None;
    Ok(e)
}

/// One message of an endpoint's delivery log.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Delivery {
    pub msg_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    pub attempts: i32,
    /// The last answer's status code (None: no answer — refused, timed out).
    pub last_code: Option<i32>,
    pub last_error: Option<String>,
    /// The last attempt's latency.
    pub latency_ms: Option<i32>,
    /// When it is tried next (pending only).
    pub next_at: Option<String>,
    pub created_at: String,
}

pub async fn deliveries(
    pool: &Pool,
    who: &ShopAuth,
    endpoint: &str,
    limit: i64,
) -> Result<Vec<Delivery>, HubError> {
    let client = pool.get().await?;
    own_endpoint(&client, who, endpoint).await?;
    let rows = client
        .query(
            "SELECT m.msg_id, m.type, m.state, m.attempts, m.last_code, m.last_error,
                    (SELECT a.latency_ms FROM webhook_attempt a
                      WHERE a.site_id = m.site_id AND a.endpoint_id = m.endpoint_id AND a.msg_id = m.msg_id
                      ORDER BY a.attempt DESC LIMIT 1),
                    CASE WHEN m.state = 'pending' THEN to_char(m.next_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') END,
                    to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
               FROM webhook_message m WHERE m.site_id = $1 AND m.endpoint_id = $2
              ORDER BY m.created_at DESC, m.msg_id DESC LIMIT $3",
            &[&who.site_id, &endpoint, &limit.clamp(1, 1000)],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| Delivery {
            msg_id: r.get(0),
            kind: r.get(1),
            state: r.get(2),
            attempts: r.get(3),
            last_code: r.get(4),
            last_error: r.get(5),
            latency_ms: r.get(6),
            next_at: r.get(7),
            created_at: r.get(8),
        })
        .collect())
}

/// Send one message again, under its id.
pub async fn redeliver(
    pool: &Pool,
    who: &ShopAuth,
    endpoint: &str,
    msg_id: &str,
    wake: &tokio::sync::Notify,
) -> Result<(), HubError> {
    let client = pool.get().await?;
    own_endpoint(&client, who, endpoint).await?;
    let n = client
        .execute(
            "UPDATE webhook_message SET state = 'pending', attempts = 0, next_at = now(), lease = NULL
              WHERE site_id = $1 AND endpoint_id = $2 AND msg_id = $3",
            &[&who.site_id, &endpoint, &msg_id],
        )
        .await?;
    if n == 0 {
        return Err(HubError::NoSuchReference(format!(
            "no message {msg_id} for endpoint {endpoint}"
        )));
    }
    wake.notify_one();
    Ok(())
}

// ---- the outbox, written by the push ---------------------------------------------------------------

macro_rules! owed {
    ($type:literal, $msg_id:expr, $from:expr, $data:expr) => {
        concat!(
            "INSERT INTO webhook_message (site_id, endpoint_id, msg_id, type, body)
             SELECT r.site_id, w.endpoint_id, ", $msg_id, ", '", $type, "',
                    jsonb_build_object('type', '", $type, "',
                                       'timestamp', to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),
                                       'data', ", $data, ")::text
               FROM ", $from, "
               JOIN stream st ON st.site_id = e.site_id AND st.stream_id = e.stream_id
               JOIN webhook_endpoint w ON w.site_id = r.site_id AND w.shop = r.shop
                                      AND '", $type, "' = ANY (w.types)
             ON CONFLICT (site_id, endpoint_id, msg_id) DO NOTHING"
        )
    };
}

/// (kind of fact, statement): run for the kinds the batch has. A disabled endpoint is owed its
/// messages too (the deliverer skips it until it is enabled again, then sends what waited). The unit and the return are looked
/// up by key per fact (a LATERAL with LIMIT: without it the planner hashed every return of the
/// site on each push, 85 ms a batch of 100 in `redock bench webhooks`).
const OWED: &[(&str, &str)] = &[
    (
        "parcel_opened",
        owed!(
            "return.received",
            "'msg_' || e.stream_id::text || '_' || e.seq::text || '_' || r.rma",
            concat!(
                crate::projection::events_of!("parcel_opened"),
                " e CROSS JOIN LATERAL jsonb_array_elements_text(e.p->'rmas') AS x(rma)
                 CROSS JOIN LATERAL (SELECT * FROM hub_return r WHERE r.site_id = e.site_id AND r.rma = x.rma LIMIT 1) r"
            ),
            "jsonb_build_object('rma', r.rma, 'parcel_id', e.p->>'parcel_id', 'code', e.p->>'code',
                                'carrier', e.p->>'carrier', 'station', st.station_id)"
        ),
    ),
    (
        "rma_attached",
        owed!(
            "return.received",
            "'msg_' || e.stream_id::text || '_' || e.seq::text || '_' || r.rma",
            concat!(
                crate::projection::events_of!("rma_attached"),
                " e CROSS JOIN LATERAL (SELECT * FROM hub_return r WHERE r.site_id = e.site_id AND r.rma = e.p->>'rma' LIMIT 1) r"
            ),
            "jsonb_build_object('rma', r.rma, 'parcel_id', e.p->>'parcel_id', 'code', null, 'carrier', null,
                                'station', st.station_id)"
        ),
    ),
    (
        "inspected",
        owed!(
            "unit.inspected",
            "'msg_' || e.stream_id::text || '_' || e.seq::text",
            concat!(
                crate::projection::events_of!("inspected"),
                " e CROSS JOIN LATERAL (SELECT * FROM hub_unit u WHERE u.site_id = e.site_id AND u.lpn = e.p->>'lpn' LIMIT 1) u
                 CROSS JOIN LATERAL (SELECT * FROM hub_return r WHERE r.site_id = u.site_id AND r.rma = u.rma LIMIT 1) r"
            ),
            "jsonb_build_object('rma', r.rma, 'lpn', u.lpn, 'sku', u.sku, 'serial', u.serial,
                                'inspection_id', e.p->>'inspection_id', 'grading_set', e.p->>'grading_set',
                                'grade', e.p->>'grade', 'found_reason', e.p->>'found_reason',
                                'stated_reason', e.p->>'stated_reason', 'flags', e.p->'flags',
                                'station', st.station_id)"
        ),
    ),
    (
        "decided",
        owed!(
            "unit.decided",
            "'msg_' || e.stream_id::text || '_' || e.seq::text",
            concat!(
                crate::projection::events_of!("decided"),
                " e CROSS JOIN LATERAL (SELECT * FROM hub_unit u WHERE u.site_id = e.site_id AND u.lpn = e.p->>'lpn' LIMIT 1) u
                 CROSS JOIN LATERAL (SELECT * FROM hub_return r WHERE r.site_id = u.site_id AND r.rma = u.rma LIMIT 1) r"
            ),
            "jsonb_build_object('rma', r.rma, 'lpn', u.lpn, 'sku', u.sku, 'disposition_id', e.p->>'disposition_id',
                                'channel', e.p->>'channel', 'grade', u.grade, 'destination', e.p->>'destination',
                                'reason', e.p->>'reason', 'rule', e.p->>'rule', 'decided_by', e.p->>'decided_by',
                                'expected_recovery', CASE WHEN e.p->>'recovery_minor' IS NULL THEN NULL ELSE
                                  jsonb_build_object('minor', (e.p->>'recovery_minor')::bigint,
                                                     'currency', e.p->>'currency') END,
                                'refund', e.p->'refund', 'supersedes', e.p->>'supersedes',
                                'station', st.station_id)"
        ),
    ),
    (
        "exception_recorded",
        owed!(
            "exception.recorded",
            "'msg_' || e.stream_id::text || '_' || e.seq::text",
            concat!(
                crate::projection::events_of!("exception_recorded"),
                " e LEFT JOIN LATERAL (SELECT * FROM hub_unit u WHERE u.site_id = e.site_id AND u.lpn = e.p->>'lpn' LIMIT 1) u ON true
                 CROSS JOIN LATERAL (SELECT * FROM hub_return r
                                      WHERE r.site_id = e.site_id AND r.rma = coalesce(e.p->>'rma', u.rma) LIMIT 1) r"
            ),
            "jsonb_build_object('rma', r.rma, 'kind', e.p->>'kind', 'lpn', e.p->>'lpn',
                                'parcel_id', e.p->>'parcel_id', 'line_no', (e.p->>'line_no')::int,
                                'details', e.p->'details', 'station', st.station_id)"
        ),
    ),
    (
        "sla_breached",
        owed!(
            "sla.breached",
            "'msg_' || e.stream_id::text || '_' || e.seq::text",
            concat!(
                crate::projection::events_of!("sla_breached"),
                " e CROSS JOIN LATERAL (SELECT * FROM hub_unit u WHERE u.site_id = e.site_id AND u.lpn = e.p->>'lpn' LIMIT 1) u
                 CROSS JOIN LATERAL (SELECT * FROM hub_return r WHERE r.site_id = u.site_id AND r.rma = u.rma LIMIT 1) r"
            ),
            "jsonb_build_object('rma', r.rma, 'lpn', u.lpn, 'sku', u.sku, 'queue', e.p->>'kind',
                                'since', e.p->>'since', 'due_at', e.p->>'due_at',
                                'target_hours', (e.p->>'target_hours')::int, 'station', st.station_id)"
        ),
    ),
];

/// Write the messages the events `first..=last` of `stream` owe, in the push's transaction.
/// Returns how many.
pub async fn enqueue(
    client: &impl GenericClient,
    site_id: &str,
    stream: &uuid::Uuid,
    first: i64,
    last: i64,
    kinds: &std::collections::HashSet<&str>,
) -> Result<u64, HubError> {
    let mut n = 0;
    for (kind, sql) in OWED {
        if !kinds.contains(kind) {
            continue;
        }
        let st = client.prepare_cached(sql).await?;
        n += client.execute(&st, &[&site_id, stream, &first, &last]).await?;
    }
    // Returns these facts completed (the registers are settled by now: a unit's decision is the
    // winner's).
    n += crate::completion::enqueue(client, site_id, stream, first, last, kinds).await?;
    Ok(n)
}

// ---- the deliverer -------------------------------------------------------------------------------

/// How the deliverer works (hub.toml `webhook_retry_secs`, `webhook_timeout_secs`).
#[derive(Debug, Clone)]
pub struct Delivering {
    pub schedule: Vec<Duration>,
    pub timeout: Duration,
}

impl Default for Delivering {
    fn default() -> Self {
        Delivering {
            schedule: SCHEDULE_SECS.iter().map(|s| Duration::from_secs(*s)).collect(),
            timeout: Duration::from_secs(10),
        }
    }
}

/// A message claimed for one attempt.
struct Claimed {
    site_id: String,
    endpoint_id: String,
    msg_id: String,
    body: String,
    attempts: i32,
    url: String,
    secrets: Vec<String>,
    lease: String,
}

/// Messages claimed at once; each is posted on a blocking thread of its own.
const CLAIM: i64 = 64;
/// Attempts under way at once in this process, and at most this many to one endpoint: a
/// receiver that hangs until the time-out holds up its own messages, never the other shops'.
const IN_FLIGHT: usize = 256;
const PER_ENDPOINT: usize = 16;

/// One endpoint's attempts under way (the key is `site/endpoint`), counted down when an attempt
/// ends however it ends (a panicking attempt too: its lease brings the message back).
#[derive(Clone, Default)]
struct Busy(Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>);

struct Slot {
    busy: Busy,
    key: String,
}

impl Busy {
    fn take(&self, key: String) -> Slot {
        if let Ok(mut m) = self.0.lock() {
            *m.entry(key.clone()).or_insert(0) += 1;
        }
        Slot {
            busy: self.clone(),
            key,
        }
    }

    /// The endpoints with `PER_ENDPOINT` attempts under way: not claimed from until one ends.
    fn full(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|m| {
                m.iter()
                    .filter(|(_, n)| **n >= PER_ENDPOINT)
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut m) = self.busy.0.lock() {
            if let Some(n) = m.get_mut(&self.key) {
                *n -= 1;
                if *n == 0 {
                    m.remove(&self.key);
                }
            }
        }
    }
}

/// Run until the process ends: claim what is due, deliver it, record the attempts. Attempts run
/// side by side and are recorded as they end, a batch of those that ended together in one
/// transaction (a commit per message would be the deliverer's whole cost, and the pushes' wait
/// for the disk); claiming goes on while slow ones are under way.
pub async fn deliver_forever(pool: Pool, wake: Arc<tokio::sync::Notify>, how: Delivering) {
    let agent = ureq::Agent::new_with_config(
        ureq::config::Config::builder()
            .http_status_as_error(false)
            .timeout_global(Some(how.timeout))
            .max_redirects(0)
            .build(),
    );
    // A claim lasts longer than an attempt can: a hub killed mid-attempt leaves it for another.
    let lease = how.timeout.as_secs_f64() * 3.0 + 5.0;
    let mut pruned_at: Option<Instant> = None;
    let mut set: tokio::task::JoinSet<(Claimed, Attempted)> = tokio::task::JoinSet::new();
    let busy = Busy::default();
    loop {
        if pruned_at.is_none_or(|t| t.elapsed() > PRUNE_EVERY) {
            pruned_at = Some(Instant::now());
            match prune(&pool).await {
                Ok((m, a)) if m + a > 0 => {
                    tracing::info!(
                        messages = m,
                        attempts = a,
                        days = KEEP_DAYS,
                        "webhooks: old deliveries pruned"
                    )
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "webhooks: pruning old deliveries failed; trying again later")
                }
            }
        }
        let room = IN_FLIGHT.saturating_sub(set.len());
        let claimed = if room == 0 {
            Vec::new()
        } else {
            match claim(&pool, lease, (room as i64).min(CLAIM), &busy.full()).await {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %e, "webhooks: cannot read the outbox; trying again");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            }
        };
        let claimed_any = !claimed.is_empty();
        for m in claimed {
            let agent = agent.clone();
            let span = tracing::info_span!("webhook", msg = %m.msg_id, endpoint = %m.endpoint_id);
            let slot = busy.take(format!("{}/{}", m.site_id, m.endpoint_id));
            set.spawn(
                async move {
                    let _slot = slot;
                    let outcome = post(agent, &m).await;
                    (m, outcome)
                }
                .instrument(span),
            );
        }
        // Wait for an attempt to end, for a push that owes something, or a second (what fell due
        // meanwhile); just after a claim, look again at once for more.
        let mut done = Vec::new();
        if claimed_any && set.len() < IN_FLIGHT {
            tokio::task::yield_now().await;
        } else if set.is_empty() {
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
            continue;
        } else {
            tokio::select! {
                r = set.join_next() => {
                    if let Some(Ok(x)) = r {
                        done.push(x);
                    }
                }
                _ = wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
        while let Some(r) = set.try_join_next() {
            if let Ok(x) = r {
                done.push(x);
            }
        }
        if let Err(e) = record(&pool, &done, &how.schedule).await {
            tracing::warn!(error = %e, "webhooks: attempts' outcomes were not recorded; the lease brings them back");
        }
    }
}

/// Delivered messages and the attempt log are kept this long (a shop's "what did you send me
/// last month"); a message still pending or failed stays until it is delivered.
pub const KEEP_DAYS: i32 = 30;
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

async fn prune(pool: &Pool) -> Result<(u64, u64), HubError> {
    let client = pool.get().await?;
    let messages = client
        .execute(
            "DELETE FROM webhook_message WHERE state = 'delivered' AND delivered_at < now() - make_interval(days => $1)",
            &[&KEEP_DAYS],
        )
        .await?;
    let attempts = client
        .execute(
            "DELETE FROM webhook_attempt a WHERE a.at < now() - make_interval(days => $1)
                AND NOT EXISTS (SELECT 1 FROM webhook_message m
                                 WHERE m.site_id = a.site_id AND m.endpoint_id = a.endpoint_id
                                   AND m.msg_id = a.msg_id AND m.state <> 'delivered')",
            &[&KEEP_DAYS],
        )
        .await?;
    Ok((messages, attempts))
}

/// Due messages, at most `limit`, none of the endpoints in `full` (`site/endpoint`).
async fn claim(pool: &Pool, lease_secs: f64, limit: i64, full: &[String]) -> Result<Vec<Claimed>, HubError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "WITH due AS (
               SELECT m.site_id, m.endpoint_id, m.msg_id FROM webhook_message m
                 JOIN webhook_endpoint w ON w.site_id = m.site_id AND w.endpoint_id = m.endpoint_id
                WHERE m.state = 'pending' AND m.next_at <= now() AND w.disabled_at IS NULL
                  AND NOT (m.site_id || '/' || m.endpoint_id = ANY ($3::text[]))
                ORDER BY m.next_at LIMIT $1 FOR UPDATE OF m SKIP LOCKED)
             UPDATE webhook_message m SET next_at = now() + make_interval(secs => $2), lease = gen_random_uuid()::text
               FROM due, webhook_endpoint w
              WHERE m.site_id = due.site_id AND m.endpoint_id = due.endpoint_id AND m.msg_id = due.msg_id
                AND w.site_id = m.site_id AND w.endpoint_id = m.endpoint_id
             RETURNING m.site_id, m.endpoint_id, m.msg_id, m.body, m.attempts, w.url, w.secret,
                       CASE WHEN w.previous_valid_until > now() THEN w.previous_secret END, m.lease",
            &[&limit, &lease_secs, &full],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| Claimed {
            site_id: r.get(0),
            endpoint_id: r.get(1),
            msg_id: r.get(2),
            body: r.get(3),
            attempts: r.get(4),
            url: r.get(5),
            secrets: std::iter::once(r.get::<_, String>(6))
                .chain(r.get::<_, Option<String>>(7))
                .collect(),
            lease: r.get(8),
        })
        .collect())
}

/// What one attempt got.
struct Attempted {
    code: Option<u16>,
    error: Option<String>,
    latency: Duration,
}

async fn post(agent: ureq::Agent, m: &Claimed) -> Attempted {
    let started = Instant::now();
    let timestamp = time_now();
    let signatures: Result<Vec<String>, HubError> = m
        .secrets
        .iter()
        .map(|s| sign(s, &m.msg_id, timestamp, &m.body))
        .collect();
    let signatures = match signatures {
        Ok(s) => s.join(" "),
        Err(e) => {
            return Attempted {
                code: None,
                error: Some(e.to_string()),
                latency: started.elapsed(),
            }
        }
    };
    let (url, id, body) = (m.url.clone(), m.msg_id.clone(), m.body.clone());
    let answer = tokio::task::spawn_blocking(move || {
        agent
            .post(&url)
            .header("content-type", "application/json")
            .header("webhook-id", &id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", &signatures)
            .send(body.as_bytes())
            .map(|r| r.status().as_u16())
    })
    .await;
    let latency = started.elapsed();
    match answer {
        Ok(Ok(code)) => Attempted {
            code: Some(code),
            error: (!(200..300).contains(&code)).then(|| format!("answered {code}")),
            latency,
        },
        Ok(Err(e)) => Attempted {
            code: None,
            error: Some(match e {
                ureq::Error::Timeout(_) => "timed out".to_string(),
                e => e.to_string(),
            }),
            latency,
        },
        Err(e) => Attempted {
            code: None,
            error: Some(format!("the attempt did not finish: {e}")),
            latency,
        },
    }
}

fn time_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Attempts that ended, in the log, and each message's next state, in one transaction.
async fn record(pool: &Pool, done: &[(Claimed, Attempted)], schedule: &[Duration]) -> Result<(), HubError> {
    if done.is_empty() {
        return Ok(());
    }
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let col = |f: &dyn Fn(&Claimed) -> String| done.iter().map(|(m, _)| f(m)).collect::<Vec<String>>();
    let (sites, endpoints, msgs) = (
        col(&|m| m.site_id.clone()),
        col(&|m| m.endpoint_id.clone()),
        col(&|m| m.msg_id.clone()),
    );
    let attempts: Vec<i32> = done.iter().map(|(m, _)| m.attempts + 1).collect();
    let codes: Vec<Option<i32>> = done.iter().map(|(_, a)| a.code.map(i32::from)).collect();
    let latencies: Vec<i32> = done
        .iter()
        .map(|(_, a)| a.latency.as_millis().min(i32::MAX as u128) as i32)
        .collect();
    let errors: Vec<Option<String>> = done.iter().map(|(_, a)| a.error.clone()).collect();
    let leases = col(&|m| m.lease.clone());
    // Every attempt stays in the log, numbered on from the last (a redelivery starts the
    // schedule again, not the log).
    tx.execute(
        "INSERT INTO webhook_attempt (site_id, endpoint_id, msg_id, attempt, code, latency_ms, error)
         SELECT u.site_id, u.endpoint_id, u.msg_id,
                coalesce((SELECT max(a.attempt) FROM webhook_attempt a
                           WHERE a.site_id = u.site_id AND a.endpoint_id = u.endpoint_id AND a.msg_id = u.msg_id), 0) + 1,
                u.code, u.latency_ms, u.error
           FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int4[], $5::int4[], $6::text[])
                AS u(site_id, endpoint_id, msg_id, code, latency_ms, error)
         ON CONFLICT (site_id, endpoint_id, msg_id, attempt) DO NOTHING",
        &[&sites, &endpoints, &msgs, &codes, &latencies, &errors],
    )
    .await?;
    // After a failure: the wait before the next attempt (±10 %, so that a receiver back from an
    // outage is not hit by every message at once), or None when the schedule is spent.
    let waits: Vec<Option<f64>> = done
        .iter()
        .map(|(m, a)| {
            if a.error.is_none() {
                return Some(0.0);
            }
            schedule
                .get(m.attempts as usize)
                .map(|w| w.as_secs_f64() * (0.9 + rand::random::<f64>() * 0.2))
        })
        .collect();
    let ok: Vec<bool> = done.iter().map(|(_, a)| a.error.is_none()).collect();
    let settled: std::collections::HashSet<(String, String)> = tx
        .query(
        "UPDATE webhook_message m SET
                state = CASE WHEN u.ok THEN 'delivered' WHEN u.wait IS NULL THEN 'failed' ELSE 'pending' END,
                attempts = u.attempt, last_code = u.code, last_error = u.error,
                delivered_at = CASE WHEN u.ok THEN now() END,
                next_at = CASE WHEN u.ok OR u.wait IS NULL THEN m.next_at ELSE now() + make_interval(secs => u.wait) END,
                lease = NULL
           FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int4[], $5::int4[], $6::text[], $7::bool[], $8::float8[],
                       $9::text[])
                AS u(site_id, endpoint_id, msg_id, attempt, code, error, ok, wait, lease)
          WHERE m.site_id = u.site_id AND m.endpoint_id = u.endpoint_id AND m.msg_id = u.msg_id
            AND m.lease = u.lease
         RETURNING m.endpoint_id, m.msg_id",
        &[&sites, &endpoints, &msgs, &attempts, &codes, &errors, &ok, &waits, &leases],
    )
    .await?
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect();
    let total: u64 = schedule.iter().map(Duration::as_secs).sum();
    for (((m, a), wait), attempt) in done.iter().zip(&waits).zip(&attempts) {
        if !settled.contains(&(m.endpoint_id.clone(), m.msg_id.clone())) {
            // Asked again while it was in flight: it goes again, whatever this attempt got.
            tracing::info!(msg = %m.msg_id, "webhook redelivery asked for during an attempt");
            continue;
        }
        match (&a.error, wait) {
            (None, _) => {
                tracing::info!(msg = %m.msg_id, code = a.code, latency_ms = a.latency.as_millis() as u64, attempt, "webhook delivered")
            }
            (Some(e), Some(w)) => {
                tracing::info!(msg = %m.msg_id, error = %e, attempt, retry_in_s = w, "webhook not delivered")
            }
            (Some(e), None) => {
                let reason = format!(
                    "message {} failed {attempt} times over {}: {e}",
                    m.msg_id,
                    span(total)
                );
                tx.execute(
                    "UPDATE webhook_endpoint SET disabled_at = now(), disabled_reason = $3
                      WHERE site_id = $1 AND endpoint_id = $2 AND disabled_at IS NULL",
                    &[&m.site_id, &m.endpoint_id, &reason],
                )
                .await?;
                tracing::warn!(endpoint = %m.endpoint_id, reason, "webhook endpoint disabled");
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

fn span(secs: u64) -> String {
    match secs {
        s if s >= 86_400 => format!("{:.1} days", s as f64 / 86_400.0),
        s if s >= 3600 => format!("{:.1} hours", s as f64 / 3600.0),
        s => format!("{s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_standard_webhooks_one() {
        // The example of the Standard Webhooks specification (its reference libraries' tests).
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let sig = sign(
            secret,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        )
        .unwrap_or_default();
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn an_endpoint_is_https_or_loopback() {
        assert!(check_url("https://shop.example/hooks").is_ok());
        assert!(check_url("http://127.0.0.1:9000/h").is_ok());
        assert!(check_url("http://[::1]:9000/h").is_ok());
        assert!(check_url("http://localhost/h").is_ok());
        assert!(check_url("http://shop.example/hooks").is_err());
        assert!(check_url("ftp://shop.example/").is_err());
        assert!(check_url("not a url").is_err());
    }
}
