//! The hub's HTTP API (sync.md): enrol, hello, push, pull; health and metrics.

use crate::auth::{authenticate, enroll, EnrolRequest, StationAuth};
use crate::error::HubError;
use crate::push::{push, PushBatch};
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use deadpool_postgres::Pool;
use redock_domain::returns_file::ExpectedReturn;
use redock_events::feed::RefChange;
use redock_events::wire::PushBatch as PushBatchSchema;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// A push body larger than this is refused before it is read whole (500 events are ~0.5 MB).
pub const MAX_BODY: usize = 16 * 1024 * 1024;
/// At most this many changes per pull page.
pub const MAX_PAGE: i64 = 5_000;

#[derive(Default)]
pub struct Metrics {
    pub events_ingested: AtomicU64,
    pub duplicates: AtomicU64,
    pub quarantined: AtomicU64,
    pub pushes: AtomicU64,
    pub push_micros: AtomicU64,
    pub refused: AtomicU64,
}

pub struct AppState {
    pub pool: Pool,
    pub metrics: Metrics,
    /// Wakes the webhook deliverer: a push may have written messages to the outbox.
    pub webhooks: Arc<tokio::sync::Notify>,
}

pub type Shared = Arc<AppState>;

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/v1/hello", get(hello))
        .route("/v1/enroll", post(enrol))
        .route("/v1/token/rotate", post(rotate_token))
        .route("/v1/streams/{stream_id}/events", post(push_events))
        .route("/v1/streams/{stream_id}/successor", post(continue_stream))
        .route("/v1/sites/{site}/changes", get(changes))
        .route("/v1/sites/{site}/snapshot", get(snapshot))
        .route("/v1/sites/{site}/units/{lpn}/custody", post(take_custody))
        .route("/v1/sites/{site}/conflicts", get(conflicts))
        .route("/v1/openapi.json", get(openapi_json))
        .route("/v1/returns", post(post_returns))
        .route("/v1/returns/csv", post(post_returns_csv))
        .route("/v1/returns/{rma}", get(get_return))
        .route("/v1/webhooks/endpoints", post(add_endpoint).get(list_endpoints))
        .route(
            "/v1/webhooks/endpoints/{id}/rotate-secret",
            post(rotate_endpoint_secret),
        )
        .route("/v1/webhooks/endpoints/{id}/enable", post(enable_endpoint))
        .route("/v1/webhooks/endpoints/{id}/deliveries", get(endpoint_deliveries))
        .route(
            "/v1/webhooks/endpoints/{id}/messages/{msg_id}/redeliver",
            post(redeliver),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, HubError> {
    match body {
        Ok(Json(b)) => Ok(b),
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            Err(HubError::TooLarge(format!("more than {MAX_BODY} bytes")))
        }
        Err(e) => Err(HubError::BadBatch(e.body_text())),
    }
}

async fn station(state: &AppState, headers: &HeaderMap) -> Result<StationAuth, HubError> {
    let header = headers.get("authorization").and_then(|v| v.to_str().ok());
    authenticate(&state.pool, header).await
}

#[utoipa::path(get, path = "/readyz", tag = "health", responses((status = 200, description = "Every migration this hub knows is applied, and none newer", body = String), (status = 503, description = "Not ready, and why", body = String)))]
async fn readyz(State(state): State<Shared>) -> impl IntoResponse {
    match crate::db::schema_ready(&state.pool).await {
        Ok(Ok(())) => (StatusCode::OK, "ready".to_string()),
        Ok(Err(why)) => (StatusCode::SERVICE_UNAVAILABLE, why),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
    }
}

#[utoipa::path(get, path = "/metrics", tag = "health", responses((status = 200, description = "Prometheus text: events ingested, backlog per station, push latency", body = String)))]
async fn metrics(State(state): State<Shared>) -> Result<String, HubError> {
    let m = &state.metrics;
    let mut out = String::new();
    let mut line = |name: &str, kind: &str, help: &str, v: String| {
        out.push_str(&format!(
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {v}\n"
        ));
    };
    line(
        "redock_hub_events_ingested_total",
        "counter",
        "Events stored from pushes.",
        m.events_ingested.load(Ordering::Relaxed).to_string(),
    );
    line(
        "redock_hub_events_duplicate_total",
        "counter",
        "Events pushed again (no-ops).",
        m.duplicates.load(Ordering::Relaxed).to_string(),
    );
    line(
        "redock_hub_events_quarantined_total",
        "counter",
        "Events kept but not applied.",
        m.quarantined.load(Ordering::Relaxed).to_string(),
    );
    line(
        "redock_hub_pushes_total",
        "counter",
        "Push requests answered.",
        m.pushes.load(Ordering::Relaxed).to_string(),
    );
    line(
        "redock_hub_push_seconds_sum",
        "counter",
        "Time spent answering pushes.",
        format!("{:.6}", m.push_micros.load(Ordering::Relaxed) as f64 / 1e6),
    );
    line(
        "redock_hub_requests_refused_total",
        "counter",
        "Requests refused with a code.",
        m.refused.load(Ordering::Relaxed).to_string(),
    );
    let client = state.pool.get().await?;
    out.push_str("# HELP redock_hub_station_backlog Events a station said it still had to push.\n# TYPE redock_hub_station_backlog gauge\n");
    for r in client
        .query(
            "SELECT site_id, station_id, coalesce(backlog, 0) FROM station ORDER BY 1, 2",
            &[],
        )
        .await?
    {
        let (site, station, backlog): (String, String, i64) = (r.get(0), r.get(1), r.get(2));
        out.push_str(&format!(
            "redock_hub_station_backlog{{site=\"{site}\",station=\"{station}\"}} {backlog}\n"
        ));
    }
    Ok(out)
}

#[derive(Serialize, utoipa::ToSchema)]
struct Hello {
    hub_version: &'static str,
    /// Every event kind with the newest version this hub reads.
    #[schema(value_type = Vec<(String, u32)>)]
    kinds: Vec<(&'static str, u32)>,
    server_time: String,
}

#[utoipa::path(get, path = "/v1/hello", tag = "stations", responses((status = 200, body = Hello)))]
async fn hello() -> Json<Hello> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    Json(Hello {
        hub_version: env!("CARGO_PKG_VERSION"),
        kinds: redock_events::KINDS.to_vec(),
        server_time: now.to_string(),
    })
}

#[utoipa::path(post, path = "/v1/enroll", tag = "stations", request_body = crate::auth::EnrolRequest, responses((status = 201, description = "The station's id, stream and token", body = crate::auth::Enrolled), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn enrol(
    State(state): State<Shared>,
    body: Result<Json<EnrolRequest>, JsonRejection>,
) -> Result<impl IntoResponse, HubError> {
    let req = json_body(body)?;
    let done = enroll(&state.pool, &req).await;
    if done.is_err() {
        state.metrics.refused.fetch_add(1, Ordering::Relaxed);
    }
    Ok((StatusCode::CREATED, Json(done?)))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Rotated {
    token: String,
}

#[utoipa::path(post, path = "/v1/token/rotate", tag = "stations", security(("station" = [])), responses((status = 200, body = Rotated), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn rotate_token(State(state): State<Shared>, headers: HeaderMap) -> Result<Json<Rotated>, HubError> {
    let who = station(&state, &headers).await?;
    Ok(Json(Rotated {
        token: crate::auth::rotate(&state.pool, &who).await?,
    }))
}

#[utoipa::path(post, path = "/v1/streams/{stream_id}/events", tag = "stations", security(("station" = [])), params(("stream_id" = String, Path, description = "The station's stream (a UUID)")), request_body = PushBatchSchema, responses((status = 200, description = "The highest seq held, and what was new, a duplicate or quarantined", body = crate::push::PushAnswer), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn push_events(
    State(state): State<Shared>,
    Path(stream_id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<PushBatch>, JsonRejection>,
) -> Result<impl IntoResponse, HubError> {
    let started = Instant::now();
    let answer = async {
        let who = station(&state, &headers).await?;
        let batch = json_body(body)?;
        push(&state.pool, &who, &stream_id, &batch).await
    }
    .await;
    let m = &state.metrics;
    match &answer {
        Ok(a) => {
            if a.accepted > 0 {
                state.webhooks.notify_one();
            }
            m.pushes.fetch_add(1, Ordering::Relaxed);
            m.events_ingested.fetch_add(a.accepted, Ordering::Relaxed);
            m.duplicates.fetch_add(a.duplicates, Ordering::Relaxed);
            m.quarantined
                .fetch_add(a.quarantined.len() as u64, Ordering::Relaxed);
            m.push_micros
                .fetch_add(started.elapsed().as_micros() as u64, Ordering::Relaxed);
        }
        Err(_) => {
            m.refused.fetch_add(1, Ordering::Relaxed);
        }
    }
    Ok(Json(answer?))
}

/// A restored or copied station goes on in a new stream (`push::continue_stream`).
#[utoipa::path(post, path = "/v1/streams/{stream_id}/successor", tag = "stations", security(("station" = [])), params(("stream_id" = String, Path, description = "The stream a restored or copied database cannot go on in")), request_body = crate::push::Continuation, responses((status = 200, body = crate::push::Continuation), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn continue_stream(
    State(state): State<Shared>,
    Path(stream_id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<crate::push::Continuation>, JsonRejection>,
) -> Result<Json<crate::push::Continuation>, HubError> {
    let who = station(&state, &headers).await?;
    let next = json_body(body)?;
    Ok(Json(
        crate::push::continue_stream(&state.pool, &who, &stream_id, &next).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ChangesQuery {
    #[serde(default)]
    after: i64,
    limit: Option<i64>,
}

/// One change of the site's feed: an event some station of the site pushed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Change {
    pub change_no: i64,
    pub stream_id: String,
    pub seq: i64,
    pub event_id: String,
    pub kind: String,
    pub schema_version: i32,
    pub origin: String,
    pub payload: Option<String>,
    pub payload_hash: String,
    pub recorded_at: Option<String>,
    pub hlc: Option<String>,
    pub operator_id: Option<String>,
    pub quarantine: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Changes {
    pub changes: Vec<Change>,
    /// The reference data written at the hub in the same range of change numbers (each row at
    /// its latest write; PIN hashes only in the feed of the operator's own site).
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub reference: Vec<RefChange>,
    /// The cursor to ask with next (the last change given, or `after` when none).
    pub next: i64,
}

/// A new or restored station's start: the site's reference data as it stands at `position`,
/// and the facts it takes in from the site's stations up to there. Pulling changes after
/// `position` then misses nothing and doubles nothing.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Snapshot {
    pub position: i64,
    /// Reference rows (operators, grading sets, rules, vendors, settings, shops, returns, …), each
    /// tagged by `kind`.
    #[schema(value_type = Vec<Object>)]
    pub reference: Vec<RefChange>,
    /// Station facts of the kinds a station takes in (`feed::RELAYED_KINDS`), in change order.
    pub facts: Vec<Change>,
}

const CHANGE_COLUMNS: &str = "change_no, stream_id::text, seq, event_id::text, kind, schema_version, origin, payload,
                    payload_hash, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),
                    hlc, operator_id, quarantine";

fn change_of(r: &tokio_postgres::Row) -> Change {
    Change {
        change_no: r.get(0),
        stream_id: r.get(1),
        seq: r.get(2),
        event_id: r.get(3),
        kind: r.get(4),
        schema_version: r.get(5),
        origin: r.get(6),
        payload: r.get(7),
        payload_hash: r.get(8),
        recorded_at: r.get(9),
        hlc: r.get(10),
        operator_id: r.get(11),
        quarantine: r.get(12),
    }
}

fn own_site(who: &StationAuth, site: &str) -> Result<(), HubError> {
    if who.site_id != site {
        return Err(HubError::Forbidden(format!(
            "station {} belongs to site {}, not {site}",
            who.station_id, who.site_id
        )));
    }
    Ok(())
}

/// A read-only REPEATABLE READ transaction: everything a feed page or a snapshot reads sees one
/// moment, so its rows and its position agree.
async fn consistent_read(
    client: &mut deadpool_postgres::Object,
) -> Result<deadpool_postgres::Transaction<'_>, HubError> {
    Ok(client
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?)
}

/// The site's changes after a cursor, in commit order (change numbers come from the site's counter
/// row, taken in the writing transaction): the stations' events and the reference data written at
/// the hub, merged by change number. Both are read in one REPEATABLE READ transaction, so a write
/// committed between the two reads cannot be skipped by the cursor. A station sees only its own
/// site.
#[utoipa::path(get, path = "/v1/sites/{site}/changes", tag = "stations", security(("station" = [])), params(("site" = String, Path), ChangesQuery), responses((status = 200, body = Changes), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn changes(
    State(state): State<Shared>,
    Path(site): Path<String>,
    Query(q): Query<ChangesQuery>,
    headers: HeaderMap,
) -> Result<Json<Changes>, HubError> {
    let who = station(&state, &headers).await?;
    own_site(&who, &site)?;
    let limit = q.limit.unwrap_or(1_000).clamp(1, MAX_PAGE);
    let mut client = state.pool.get().await?;
    let tx = consistent_read(&mut client).await?;
    let rows = tx
        .query(
            &format!("SELECT {CHANGE_COLUMNS} FROM event WHERE site_id = $1 AND change_no > $2 ORDER BY change_no LIMIT $3"),
            &[&site, &q.after, &limit],
        )
        .await?;
    let reference = crate::refdata::changes_in(&tx, &site, q.after, None, limit).await?;
    tx.commit().await?;
    let mut events: Vec<Change> = rows.iter().map(change_of).collect();
    // The first `limit` of the two, by change number.
    let (mut e, mut r) = (0usize, 0usize);
    while e + r < limit as usize && (e < events.len() || r < reference.len()) {
        let take_event = match (events.get(e), reference.get(r)) {
            (Some(a), Some(b)) => a.change_no < b.change_no,
            (Some(_), None) => true,
            _ => false,
        };
        if take_event {
            e += 1;
        } else {
            r += 1;
        }
    }
    events.truncate(e);
    let mut reference = reference;
    reference.truncate(r);
    let next = events
        .last()
        .map(|c| c.change_no)
        .into_iter()
        .chain(reference.last().map(|c| c.change_no))
        .max()
        .unwrap_or(q.after);
    Ok(Json(Changes {
        changes: events,
        reference,
        next,
    }))
}

/// A station takes a unit over (custody.rs): the unit's facts for it, the hand-over in the feed.
#[utoipa::path(post, path = "/v1/sites/{site}/units/{lpn}/custody", tag = "stations", security(("station" = [])), params(("site" = String, Path), ("lpn" = String, Path)), request_body = redock_events::feed::TakeRequest, responses((status = 200, description = "The unit's receipt and register heads, handed to the asking station", body = Object), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn take_custody(
    State(state): State<Shared>,
    Path((site, lpn)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Json<crate::custody::TakeRequest>, JsonRejection>,
) -> Result<Json<crate::custody::Handed>, HubError> {
    let who = station(&state, &headers).await?;
    own_site(&who, &site)?;
    let req = json_body(body)?;
    Ok(Json(crate::custody::take(&state.pool, &who, &lpn, &req).await?))
}

/// The site's conflict queue: registers whose top-authority heads disagree (registers.rs).
#[utoipa::path(get, path = "/v1/sites/{site}/conflicts", tag = "stations", security(("station" = [])), params(("site" = String, Path)), responses((status = 200, body = Vec<crate::registers::Conflict>), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn conflicts(
    State(state): State<Shared>,
    Path(site): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Vec<crate::registers::Conflict>>, HubError> {
    let who = station(&state, &headers).await?;
    own_site(&who, &site)?;
    let client = state.pool.get().await?;
    Ok(Json(crate::registers::open_conflicts(&client, &site).await?))
}

/// `'rma_added', 'sku_added', …`: the relayed kinds as SQL literals (plain ASCII words).
pub fn relayed_kinds_sql() -> String {
    redock_events::feed::RELAYED_KINDS
        .iter()
        .map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The site's snapshot (a new or restored station): the counter and everything it covers, read
/// in one REPEATABLE READ transaction.
#[utoipa::path(get, path = "/v1/sites/{site}/snapshot", tag = "stations", security(("station" = [])), params(("site" = String, Path)), responses((status = 200, body = Snapshot), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn snapshot(
    State(state): State<Shared>,
    Path(site): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Snapshot>, HubError> {
    let who = station(&state, &headers).await?;
    own_site(&who, &site)?;
    let mut client = state.pool.get().await?;
    let tx = consistent_read(&mut client).await?;
    let position: i64 = tx
        .query_opt("SELECT n FROM site_feed WHERE site_id = $1", &[&site])
        .await?
        .map(|r| r.get(0))
        .unwrap_or(0);
    let reference = crate::refdata::changes_in(&tx, &site, 0, Some(position), i64::MAX).await?;
    // The kinds as literals, so the planner uses the partial index `event_relayed` (migration
    // 0004 lists the same kinds; a test holds the two together).
    let facts = tx
        .query(
            &format!(
                "SELECT {CHANGE_COLUMNS} FROM event
                 WHERE site_id = $1 AND change_no <= $2 AND origin = 'station' AND quarantine IS NULL
                   AND kind IN ({})
                 ORDER BY change_no",
                relayed_kinds_sql()
            ),
            &[&site, &position],
        )
        .await?
        .iter()
        .map(change_of)
        .collect();
    tx.commit().await?;
    tracing::info!(site, station = %who.station_id, position, "snapshot");
    Ok(Json(Snapshot {
        position,
        reference,
        facts,
    }))
}

#[cfg(test)]
mod tests {
    /// Every `.route(PATH, method(handler)…)` of the router, as (path, method).
    fn routes() -> std::collections::BTreeSet<(String, String)> {
        let source = include_str!("api.rs");
        let mut out = std::collections::BTreeSet::new();
        for part in source.split(".route(").skip(1) {
            let Some(part) = part.trim_start().strip_prefix('"') else {
                continue;
            };
            let Some((path, rest)) = part.split_once('"') else {
                continue;
            };
            // The methods of this route: up to the router's next call.
            let call = [".layer(", ".with_state("]
                .iter()
                .filter_map(|end| rest.find(end))
                .min()
                .map_or(rest, |end| &rest[..end]);
            for method in ["get", "post", "put", "patch", "delete"] {
                if call.contains(&format!(" {method}(")) || call.contains(&format!(".{method}(")) {
                    out.insert((path.to_string(), method.to_string()));
                }
            }
        }
        out
    }

    #[test]
    fn every_route_is_in_the_openapi_document_and_nothing_else() {
        let doc: serde_json::Value = serde_json::from_str(&super::openapi()).unwrap_or_default();
        assert_eq!(
            doc["openapi"].as_str().map(|v| v.starts_with("3.1")),
            Some(true),
            "{doc}"
        );
        let documented: std::collections::BTreeSet<(String, String)> = doc["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(path, item)| {
                item.as_object()
                    .into_iter()
                    .flatten()
                    .map(move |(method, _)| (path.clone(), method.clone()))
            })
            .collect();
        let routed = routes();
        assert!(routed.len() > 20, "{routed:?}");
        assert_eq!(documented, routed);
    }

    #[test]
    fn the_snapshot_s_index_lists_the_kinds_it_reads() {
        let migration = include_str!("../../../migrations/hub/0004_reference.sql");
        assert!(
            migration.contains(&format!("kind IN ({})", super::relayed_kinds_sql())),
            "event_relayed in 0004_reference.sql must list feed::RELAYED_KINDS"
        );
    }
}

// ---- shops' integrations (returns.rs) -----------------------------------------------------------

async fn shop(state: &AppState, headers: &HeaderMap) -> Result<crate::returns::ShopAuth, HubError> {
    let header = headers.get("authorization").and_then(|v| v.to_str().ok());
    crate::returns::authenticate(&state.pool, header).await
}

#[derive(Serialize, utoipa::ToSchema)]
struct ReturnsAnswer {
    returns: Vec<crate::returns::Outcome>,
}

/// Expected returns from a shop (JSON): stored all or none.
#[utoipa::path(post, path = "/v1/returns", tag = "returns", security(("shop" = [])), request_body(description = "One expected return, or a list (at most 1,000): stored all or none", content((ExpectedReturn = "application/json"))), responses((status = 200, description = "Each return created, amended or unchanged", body = ReturnsAnswer), (status = 409, description = "A return the dock has received already cannot change", body = ErrorBody), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn post_returns(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<ReturnsAnswer>, HubError> {
    let who = shop(&state, &headers).await?;
    let returns = ExpectedReturn::many_from_json(&body).map_err(HubError::BadRequest)?;
    Ok(Json(ReturnsAnswer {
        returns: crate::returns::put_returns(&state.pool, &who, &returns).await?,
    }))
}

/// The station importer's CSV file, uploaded by a shop: good returns kept, bad rows by line.
#[utoipa::path(post, path = "/v1/returns/csv", tag = "returns", security(("shop" = [])), request_body(description = "The station importer's CSV file (UTF-8, UTF-16 with a BOM, or a Central/Eastern European code page)", content((String = "text/csv"))), responses((status = 200, description = "Good returns kept, bad rows by line", body = crate::returns::CsvReport), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn post_returns_csv(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<crate::returns::CsvReport>, HubError> {
    let who = shop(&state, &headers).await?;
    Ok(Json(crate::returns::put_csv(&state.pool, &who, &body).await?))
}

#[utoipa::path(get, path = "/v1/returns/{rma}", tag = "returns", security(("shop" = [])), params(("rma" = String, Path)), responses((status = 200, body = crate::returns::ReturnState), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn get_return(
    State(state): State<Shared>,
    Path(rma): Path<String>,
    headers: HeaderMap,
) -> Result<Json<crate::returns::ReturnState>, HubError> {
    let who = shop(&state, &headers).await?;
    Ok(Json(crate::returns::get_return(&state.pool, &who, &rma).await?))
}

// ---- webhooks (webhooks.rs) ----------------------------------------------------------------------

#[utoipa::path(post, path = "/v1/webhooks/endpoints", tag = "webhooks", security(("shop" = [])), request_body = crate::webhooks::NewEndpoint, responses((status = 200, description = "The endpoint, with its signing secret (shown once)", body = crate::webhooks::Endpoint), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn add_endpoint(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Result<Json<crate::webhooks::NewEndpoint>, JsonRejection>,
) -> Result<Json<crate::webhooks::Endpoint>, HubError> {
    let who = shop(&state, &headers).await?;
    let new = body
        .map(|Json(b)| b)
        .map_err(|e| HubError::BadRequest(e.body_text()))?;
    Ok(Json(
        crate::webhooks::add_endpoint(&state.pool, &who, &new).await?,
    ))
}

#[utoipa::path(get, path = "/v1/webhooks/endpoints", tag = "webhooks", security(("shop" = [])), responses((status = 200, body = Vec<crate::webhooks::Endpoint>), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn list_endpoints(
    State(state): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Vec<crate::webhooks::Endpoint>>, HubError> {
    let who = shop(&state, &headers).await?;
    Ok(Json(crate::webhooks::endpoints(&state.pool, &who).await?))
}

#[utoipa::path(post, path = "/v1/webhooks/endpoints/{id}/rotate-secret", tag = "webhooks", security(("shop" = [])), params(("id" = String, Path)), responses((status = 200, description = "The new secret (the old one signs too for a day)", body = crate::webhooks::Endpoint), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn rotate_endpoint_secret(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<crate::webhooks::Endpoint>, HubError> {
    let who = shop(&state, &headers).await?;
    Ok(Json(
        crate::webhooks::rotate_secret(&state.pool, &who, &id).await?,
    ))
}

#[utoipa::path(post, path = "/v1/webhooks/endpoints/{id}/enable", tag = "webhooks", security(("shop" = [])), params(("id" = String, Path)), responses((status = 200, body = crate::webhooks::Endpoint), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn enable_endpoint(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<crate::webhooks::Endpoint>, HubError> {
    let who = shop(&state, &headers).await?;
    Ok(Json(
        crate::webhooks::enable(&state.pool, &who, &id, &state.webhooks).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Limit {
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/v1/webhooks/endpoints/{id}/deliveries", tag = "webhooks", security(("shop" = [])), params(("id" = String, Path), Limit), responses((status = 200, description = "The delivery log, newest first", body = Vec<crate::webhooks::Delivery>), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn endpoint_deliveries(
    State(state): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<Limit>,
    headers: HeaderMap,
) -> Result<Json<Vec<crate::webhooks::Delivery>>, HubError> {
    let who = shop(&state, &headers).await?;
    Ok(Json(
        crate::webhooks::deliveries(&state.pool, &who, &id, q.limit.unwrap_or(100)).await?,
    ))
}

#[utoipa::path(post, path = "/v1/webhooks/endpoints/{id}/messages/{msg_id}/redeliver", tag = "webhooks", security(("shop" = [])), params(("id" = String, Path), ("msg_id" = String, Path)), responses((status = 202, description = "Sent again under the same id"), (status = "4XX", description = "Refused: `{code, message}` (and `errors`, `expected`, `seq`, `successor` where they apply)", body = ErrorBody), (status = 503, description = "The hub's database is away", body = ErrorBody)))]
async fn redeliver(
    State(state): State<Shared>,
    Path((id, msg_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, HubError> {
    let who = shop(&state, &headers).await?;
    crate::webhooks::redeliver(&state.pool, &who, &id, &msg_id, &state.webhooks).await?;
    Ok(StatusCode::ACCEPTED)
}

// ---- the OpenAPI document ------------------------------------------------------------------------

#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, description = "The process answers", body = String)))]
async fn healthz() -> &'static str {
    "ok"
}

/// What a refusal says (`error.rs`).
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable: `auth.unauthorized`, `seq_conflict`, `gap`, `returns.invalid`, `request.invalid`, …
    pub code: String,
    /// In English, for a person.
    pub message: String,
    /// `gap`: the seq the stream continues at.
    pub expected: Option<i64>,
    /// `seq_conflict`, `push.hash_mismatch`: the event.
    pub seq: Option<i64>,
    /// `stream_closed`: the stream that continues it.
    pub successor: Option<String>,
    /// `returns.invalid`, `returns.received`: each return's or row's problem.
    pub errors: Option<Vec<redock_domain::returns_file::RowError>>,
}

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        let bearer = |what: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(what.to_string()))
                    .build(),
            )
        };
        components.add_security_scheme(
            "station",
            bearer("A station's token (`rdk1.<site>.<station>.<hex>`), from enrolment"),
        );
        components.add_security_scheme(
            "shop",
            bearer(
                "A shop's integrator key (`rdks1.<site>.<key id>.<hex>`), from `redock hub admin shop-key`",
            ),
        );
    }
}

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Redock hub", description = "The hub of a site's returns dock stations: sync for stations, expected returns and webhooks for shops."),
    paths(
        healthz, readyz, metrics, hello, enrol, rotate_token, push_events, continue_stream, changes, snapshot,
        take_custody, conflicts, openapi_json, post_returns, post_returns_csv, get_return, add_endpoint,
        list_endpoints, rotate_endpoint_secret, enable_endpoint, endpoint_deliveries, redeliver
    ),
    // `ReturnCompleted` is the `data` of a `return.completed` webhook (and its parts).
    components(schemas(
        ErrorBody, ExpectedReturn, redock_events::payloads::RmaLine, crate::completion::ReturnCompleted,
        crate::completion::CompletedLine, crate::completion::CompletedUnit, crate::completion::UnitRefund,
        crate::completion::Money
    )),
    modifiers(&Security)
)]
pub struct ApiDoc;

/// The hub's OpenAPI 3.1 document, as JSON.
pub fn openapi() -> String {
    use utoipa::OpenApi;
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[utoipa::path(get, path = "/v1/openapi.json", tag = "health", responses((status = 200, description = "This document", body = Object)))]
async fn openapi_json() -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi(),
    )
}
