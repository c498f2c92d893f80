//! The sync client (../shared/sync.md): enrol with a hub, then push the log in batches of 500
//! from `pushed_upto`. The HTTP calls run outside any transaction (reads on the reader connection,
//! `pushed_upto` written in a short transaction of its own), so a scan never waits for the hub.
//! What the hub answered is kept in `meta` so the screen can say it: "N waiting · last synced …",
//! "hub unreachable since …", or why pushing stopped (a restored or copied database, a revoked
//! token).

use crate::auth::{Role, Session};
use crate::clock::rfc3339;
use crate::error::StationError;
use crate::events::{to_push, Pushed};
use crate::station::Station;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Events per push.
pub const BATCH: i64 = 500;
/// A request that takes longer than this, end to end (connecting, sending the body, waiting for
/// the hub's transaction, reading the answer), is given up and tried again later with back-off:
/// a network that stalls mid-body never holds the sync thread. A batch of [`BATCH`] events is
/// about 0.5 MB, so this still lets a link of ~20 KB/s through; the hub answers a batch in well
/// under a second. Settable per station ([`Station::set_sync_timeout`], `redock sync --timeout`).
pub const TIMEOUT: Duration = Duration::from_secs(30);
/// Connecting to the hub (TCP and TLS) gives up sooner: an address that does not answer at all
/// is the common case of "hub away" and need not hold the thread for the whole [`TIMEOUT`].
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A point of a sync where a caller may look on (`Station::sync_once_with`,
/// `Station::pull_once_with`): the failure tests stop a `redock sync` process at each of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncStep {
    /// About to send the batch that starts after `after`.
    BeforeRequest { after: i64 },
    /// The hub answered that it holds up to `held`; nothing of it is stored here yet.
    Answered { held: i64 },
    /// Inside the transaction that stores `pushed_upto = held`, before it commits.
    StoringAck { held: i64 },
    /// Inside the transaction that stores a pulled page and the cursor `next`, before it commits.
    StoringPull { next: i64 },
}

/// Why pushing stopped until a person acts (it does not retry by itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncStopped {
    pub code: String,
    pub message: String,
}

/// What the station's header says about sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncStatus {
    pub hub_url: Option<String>,
    /// Events not yet acknowledged by the hub.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub waiting: i64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub pushed_upto: i64,
    pub last_synced_at: Option<String>,
    pub unreachable_since: Option<String>,
    pub stopped: Option<SyncStopped>,
    /// What sync did that a person should know, though nothing stopped (this database was found
    /// restored or copied and goes on in a new stream; LPNs it gave out twice): until dismissed.
    pub notice: Option<SyncStopped>,
    /// The last failure of a sync that did not stop it (the hub away, a refusal), with its code.
    pub last_error: Option<SyncStopped>,
}

/// What one `sync_once` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncReport {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub pushed: u64,
    pub batches: u32,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub held: i64,
    /// Events the hub kept but could not apply (unknown kind, newer version): seq and code.
    pub quarantined: Vec<(i64, String)>,
}

#[derive(Deserialize)]
struct HubRefusal {
    code: String,
    message: String,
    expected: Option<i64>,
    /// `seq_conflict`: the first seq the hub holds with another hash.
    #[serde(default)]
    seq: Option<i64>,
    /// `stream_closed`: the stream that continues the one pushed to.
    #[serde(default)]
    successor: Option<String>,
}

#[derive(Deserialize)]
struct PushAnswer {
    held: i64,
    #[serde(default)]
    quarantined: Vec<Quarantined>,
}

#[derive(Deserialize)]
struct Quarantined {
    seq: i64,
    code: String,
}

/// A batch read and serialised, ready to send.
struct Prepared {
    /// The stream it is for.
    stream: String,
    /// It starts after this seq.
    after: i64,
    /// The station's last seq when it was read.
    last: i64,
    /// Its last seq; None: nothing to send.
    batch_last: Option<i64>,
    n: usize,
    body: Vec<u8>,
}

#[derive(Serialize)]
struct PushBody<'a> {
    events: &'a [Pushed],
    backlog: i64,
}

#[derive(Serialize)]
struct EnrolBody<'a> {
    code: &'a str,
    station_id: &'a str,
    station_name: &'a str,
    stream_id: &'a str,
}

#[derive(Deserialize)]
struct Enrolled {
    site_id: String,
    station_id: String,
    token: String,
}

fn meta(c: &Connection, key: &str) -> Result<Option<String>, rusqlite::Error> {
    c.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

fn set_meta(tx: &rusqlite::Transaction<'_>, key: &str, value: Option<&str>) -> Result<(), rusqlite::Error> {
    match value {
        Some(v) => tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, v],
        )?,
        None => tx.execute("DELETE FROM meta WHERE key = ?1", [key])?,
    };
    Ok(())
}

/// The sync state from `c`.
pub(crate) fn sync_status_in(c: &Connection) -> Result<SyncStatus, StationError> {
    let last: i64 = c
        .prepare_cached(crate::queries::EVENTS_TOTAL)?
        .query_row([], |r| r.get(0))?;
    let pushed: i64 = meta(c, "pushed_upto")?.and_then(|v| v.parse().ok()).unwrap_or(0);
    let read = |key: &str| -> Result<Option<SyncStopped>, StationError> {
        Ok(meta(c, key)?
            .map(|s| serde_json::from_str::<SyncStopped>(&s))
            .transpose()?)
    };
    let stopped = read("sync_stopped")?;
    Ok(SyncStatus {
        hub_url: meta(c, "hub_url")?,
        waiting: (last - pushed).max(0),
        pushed_upto: pushed,
        last_synced_at: meta(c, "sync_last_ok_at")?,
        unreachable_since: meta(c, "sync_unreachable_since")?,
        stopped,
        notice: read("sync_notice")?,
        last_error: read("sync_last_error")?,
    })
}

/// What the hub said when it refused: its `{code, message}`, or the bare status when the body
/// cannot be read.
fn refusal(resp: &mut ureq::http::Response<ureq::Body>) -> HubRefusal {
    let status = resp.status().as_u16();
    resp.body_mut().read_json().unwrap_or(HubRefusal {
        code: format!("http_{status}"),
        message: format!("the hub answered {status}"),
        expected: None,
        seq: None,
        successor: None,
    })
}

/// A refusal this station cannot act on, as `sync.refused` with the hub's words; a server error
/// (the hub's database away, a proxy in front of it) is the hub being unreachable, tried again
/// later, as for a push.
fn refused(resp: &mut ureq::http::Response<ureq::Body>) -> StationError {
    let server_error = resp.status().is_server_error();
    let why = refusal(resp);
    let code = if server_error {
        "sync.hub_unreachable"
    } else {
        "sync.refused"
    };
    sync_error(code, format!("{}: {}", why.code, why.message))
}

/// Whether reading the hub's answer failed for the network's sake (a timeout, a connection cut
/// mid-body) rather than because the answer cannot be read.
/// An answer whose body could not be read: cut or stalled mid-body is the network (retried),
/// anything else a refusal.
fn unreadable_answer(e: &ureq::Error, what: &str) -> StationError {
    let code = if network_failure(e) {
        "sync.hub_unreachable"
    } else {
        "sync.refused"
    };
    sync_error(code, format!("{what}: {e}"))
}

fn network_failure(e: &ureq::Error) -> bool {
    match e {
        ureq::Error::Json(j) => j.is_io(),
        ureq::Error::BodyExceedsLimit(_) => false,
        _ => true,
    }
}

fn sync_error(code: &'static str, message: String) -> StationError {
    StationError::Refused { code, message }
}

/// The HTTP client: Mozilla's root certificates, or only the private CA given at enrolment;
/// every request ends within `timeout` ([`TIMEOUT`]), a connection within [`CONNECT_TIMEOUT`].
fn agent(ca_pem: Option<&str>, timeout: Duration) -> Result<ureq::Agent, StationError> {
    let mut config = ureq::config::Config::builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .timeout_connect(Some(CONNECT_TIMEOUT.min(timeout)));
    if let Some(pem) = ca_pem {
        let certs = ureq::tls::parse_pem(pem.as_bytes())
            .filter_map(|item| match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => Some(Ok(c)),
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| sync_error("sync.refused", format!("the hub's CA certificate: {e}")))?;
        if certs.is_empty() {
            return Err(sync_error(
                "sync.refused",
                "no certificate in the hub's CA file".into(),
            ));
        }
        config = config.tls_config(
            ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::new_with_certs(&certs))
                .build(),
        );
    }
    Ok(ureq::Agent::new_with_config(config.build()))
}

impl Station {
    /// How long one request to the hub may take (default [`TIMEOUT`]).
    pub fn set_sync_timeout(&self, timeout: Duration) {
        let ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX).max(1);
        self.sync_timeout_ms
            .store(ms, std::sync::atomic::Ordering::Relaxed);
    }

    fn sync_timeout(&self) -> Duration {
        Duration::from_millis(self.sync_timeout_ms.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Enrol this station with a hub (admins): trade the one-time code for a token, kept in this
    /// station's `meta` (never in an event). The code names its site; a code of another site than
    /// the station's is refused here.
    pub fn enrol(&self, session: &Session, hub_url: &str, code: &str) -> Result<String, StationError> {
        self.enrol_trusting(session, hub_url, code, None)
    }

    /// [`Station::enrol`] with a private CA's certificate (PEM) to trust for the hub instead of
    /// the public ones; kept for every later sync.
    pub fn enrol_trusting(
        &self,
        session: &Session,
        hub_url: &str,
        code: &str,
        ca_pem: Option<&str>,
    ) -> Result<String, StationError> {
        session.require(Role::Admin)?;
        let hub_url = hub_url.trim_end_matches('/').to_string();
        let (station_id, station_name, site_id, stream_id) = self.store.read(|c| {
            let (station_id, name, site): (String, String, String) =
                c.query_row("SELECT station_id, name, site_id FROM station LIMIT 1", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
            let stream = meta(c, "stream_id")?.unwrap_or_default();
            Ok::<_, StationError>((station_id, name, site, stream))
        })?;
        match code.split_once('.') {
            Some((site, _)) if site == site_id => {}
            _ => {
                return Err(sync_error(
                    "sync.other_site",
                    format!("this enrolment code is not for this station's site ({site_id})"),
                ))
            }
        }
        let body = EnrolBody {
            code,
            station_id: &station_id,
            station_name: &station_name,
            stream_id: &stream_id,
        };
        let mut resp = agent(ca_pem, self.sync_timeout())?
            .post(format!("{hub_url}/v1/enroll"))
            .send_json(&body)
            .map_err(|e| sync_error("sync.hub_unreachable", format!("{hub_url}: {e}")))?;
        if !resp.status().is_success() {
            return Err(refused(&mut resp));
        }
        let enrolled: Enrolled = resp
            .body_mut()
            .read_json()
            .map_err(|e| sync_error("sync.refused", format!("the hub's answer: {e}")))?;
        let now = rfc3339(self.clock.now());
        self.store.write(|tx| {
            set_meta(tx, "hub_url", Some(&hub_url))?;
            set_meta(tx, "hub_token", Some(&enrolled.token))?;
            set_meta(tx, "hub_site", Some(&enrolled.site_id))?;
            set_meta(tx, "hub_station", Some(&enrolled.station_id))?;
            set_meta(tx, "hub_enrolled_at", Some(&now))?;
            set_meta(tx, "hub_ca_pem", ca_pem)?;
            set_meta(tx, "sync_stopped", None)?;
            Ok::<_, StationError>(())
        })?;
        tracing::info!(hub = %hub_url, site = %enrolled.site_id, "station enrolled with the hub");
        Ok(enrolled.site_id)
    }

    pub fn sync_status(&self) -> Result<SyncStatus, StationError> {
        self.store.read(sync_status_in)
    }

    /// Push everything not yet acknowledged, in batches, until the hub holds it all or refuses.
    pub fn sync_once(&self) -> Result<SyncReport, StationError> {
        self.sync_once_with(&mut |_| {})
    }

    /// [`Station::sync_once`], telling `step` where it stands (before each request, on each
    /// answer, inside the write of each acknowledgement). A failure stays in the status as its
    /// last error until a sync succeeds.
    pub fn sync_once_with(&self, step: &mut dyn FnMut(SyncStep)) -> Result<SyncReport, StationError> {
        let pushed = self.push_all(step);
        if let Err(e) = &pushed {
            // `unreachable` kept the network's own words already.
            if e.code() != "sync.hub_unreachable" {
                let last = SyncStopped {
                    code: e.code().to_string(),
                    message: e.to_string(),
                };
                let kept = serde_json::to_string(&last)
                    .map_err(StationError::from)
                    .and_then(|text| {
                        self.store.write(|tx| {
                            set_meta(tx, "sync_last_error", Some(&text))?;
                            Ok::<_, StationError>(())
                        })
                    });
                if let Err(k) = kept {
                    tracing::warn!(error = %k, "could not keep the sync's last error");
                }
            }
        }
        pushed
    }

    fn push_all(&self, step: &mut dyn FnMut(SyncStep)) -> Result<SyncReport, StationError> {
        let (hub, token, stream, ca) = self.store.read(|c| {
            Ok::<_, StationError>((
                meta(c, "hub_url")?,
                meta(c, "hub_token")?,
                meta(c, "stream_id")?,
                meta(c, "hub_ca_pem")?,
            ))
        })?;
        let (Some(hub), Some(token), Some(mut stream)) = (hub, token, stream) else {
            return Err(sync_error(
                "sync.not_enrolled",
                "this station is not enrolled with a hub".into(),
            ));
        };
        if let Some(stopped) = self.sync_status()?.stopped {
            return Err(sync_error(
                "sync.stopped",
                format!("{}: {}", stopped.code, stopped.message),
            ));
        }
        let agent = agent(ca.as_deref(), self.sync_timeout())?;
        let mut report = SyncReport {
            pushed: 0,
            batches: 0,
            held: 0,
            quarantined: Vec::new(),
        };
        // The next batch is read and serialised while the current one is in flight (the hub and
        // the station each have a core); it is thrown away if the hub answers anything but "held
        // up to the end of this batch".
        let prepare = |after: i64, stream: &str| -> Result<Prepared, StationError> {
            self.store.read(|c| {
                // The batch first, then the last seq: two statements are two snapshots, and the
                // desk may commit between them. Read the other way round, `last` could be older
                // than the batch's end, and the hub's answer (capped at `last`) looked like "held
                // nothing new": a sync refused under a busy desk (found by the sync soak).
                let mut batch = to_push(c, after, BATCH)?;
                // Events recorded before this station went on in a new stream (a restored or
                // copied database) are sent under it: same facts, the envelope of their place
                // in the stream they belong to now. The stored row keeps its own.
                for p in &mut batch {
                    if let Pushed::Station(e) = p {
                        if e.stream_id != stream {
                            let version = u32::try_from(e.schema_version).unwrap_or(0);
                            let origin = crate::events::Origin::parse(&e.origin)
                                .unwrap_or(crate::events::Origin::Station);
                            e.payload_hash = redock_events::envelope_hash(
                                stream, e.seq, &e.kind, version, origin, &e.payload,
                            );
                            e.stream_id = stream.to_string();
                        }
                    }
                }
                let last: i64 = c.query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?;
                let batch_last = batch.last().map(|p| match p {
                    Pushed::Station(e) => e.seq,
                    Pushed::Hub { seq, .. } => *seq,
                });
                let body = match batch_last {
                    Some(end) => serde_json::to_vec(&PushBody {
                        events: &batch,
                        backlog: last - end,
                    })?,
                    None => Vec::new(),
                };
                Ok(Prepared {
                    stream: stream.to_string(),
                    after,
                    last,
                    batch_last,
                    n: batch.len(),
                    body,
                })
            })
        };
        let mut ready: Option<Prepared> = None;
        loop {
            let after: i64 = self.store.read(|c| {
                Ok::<_, StationError>(meta(c, "pushed_upto")?.and_then(|v| v.parse().ok()).unwrap_or(0))
            })?;
            let current = match ready.take() {
                Some(p) if p.after == after && p.stream == stream => p,
                _ => prepare(after, &stream)?,
            };
            report.held = after;
            let last = current.last;
            let Some(batch_last) = current.batch_last else {
                self.sync_ok()?;
                return Ok(report);
            };
            let span = tracing::info_span!("push", after, n = current.n);
            let _g = span.enter();
            step(SyncStep::BeforeRequest { after });
            let (sent, next) = std::thread::scope(|scope| {
                let ahead = scope.spawn(|| prepare(batch_last, &stream));
                let sent = agent
                    .post(format!("{hub}/v1/streams/{stream}/events"))
                    .header("Authorization", format!("Bearer {token}"))
                    .header("Content-Type", "application/json")
                    .send(&current.body[..]);
                (sent, ahead.join())
            });
            ready = match next {
                Ok(Ok(p)) => Some(p),
                Ok(Err(e)) => return Err(e),
                Err(_) => None,
            };
            let mut resp = match sent {
                Ok(r) => r,
                Err(e) => return Err(self.unreachable(&hub, &e.to_string())?),
            };
            let status = resp.status().as_u16();
            if status == 200 {
                let answer: PushAnswer = match resp.body_mut().read_json() {
                    Ok(a) => a,
                    // The answer stalled or was cut mid-body: the hub may have committed (the
                    // batch goes again, as duplicates), and it is the network, not a refusal.
                    Err(e) if network_failure(&e) => {
                        return Err(self.unreachable(&hub, &format!("its answer: {e}"))?)
                    }
                    Err(e) => return Err(sync_error("sync.refused", format!("the hub's answer: {e}"))),
                };
                let held = answer.held.min(last);
                step(SyncStep::Answered { held });
                // Lost on a power cut (or refused by a full disk), the next push sends this batch
                // again: a duplicate.
                self.store.write_relaxed(|tx| {
                    set_meta(tx, "pushed_upto", Some(&held.max(after).to_string()))?;
                    step(SyncStep::StoringAck { held });
                    Ok::<_, StationError>(())
                })?;
                report.pushed += (held - after).max(0) as u64;
                report.batches += 1;
                report.held = held;
                report
                    .quarantined
                    .extend(answer.quarantined.into_iter().map(|q| (q.seq, q.code)));
                if held <= after {
                    // The hub took nothing new: do not spin.
                    return Err(sync_error(
                        "sync.refused",
                        format!("the hub held {held} after a batch from {after}"),
                    ));
                }
                continue;
            }
            if status >= 500 {
                return Err(self.unreachable(&hub, &format!("the hub answered {status}"))?);
            }
            let why = refusal(&mut resp);
            match why.code.as_str() {
                // The hub holds less than this station believed (the hub's database was restored):
                // send again from where it stands, if this station still has those events.
                "gap" => {
                    let expected = why.expected.unwrap_or(after + 1);
                    if expected > after {
                        // This batch started where the hub asks to start: its answer makes no
                        // sense, and sending again would only repeat it.
                        return Err(sync_error(
                            "sync.refused",
                            format!(
                                "the hub asks for event {expected} after a batch from {}",
                                after + 1
                            ),
                        ));
                    }
                    let first_here: i64 = self.store.read(|c| {
                        c.query_row("SELECT coalesce(min(seq), 1) FROM events", [], |r| r.get(0))
                    })?;
                    if expected < first_here {
                        return Err(self.stop(
                            "sync.hub_behind",
                            format!("the hub needs event {expected}, but this station kept events from {first_here} only"),
                        )?);
                    }
                    self.store.write(|tx| {
                        set_meta(tx, "pushed_upto", Some(&(expected - 1).to_string()))?;
                        Ok::<_, StationError>(())
                    })?;
                    continue;
                }
                // A restored or copied database: pushing stops and says so. sync.md's answer (a new
                // stream linked to the old one, the station's acknowledged history pulled back) is
                // not built yet: the local log has one seq space, equal to the stream's (`events.seq`
                // is its primary key, and the hash binds stream and seq), so the events recorded
                // after the backup cannot move to a new stream without a second numbering, and the
                // lost events the hub holds under those same seqs have no place to come back to.
                "seq_conflict" => {
                    let Some(first) = why.seq.filter(|&d| d > after) else {
                        return Err(self.stop(
                            "sync.seq_conflict",
                            format!(
                                "the hub holds other events under the same numbers ({})",
                                why.message
                            ),
                        )?);
                    };
                    stream = self.continue_stream(&agent, &hub, &token, &stream, first)?;
                    continue;
                }
                // This stream was continued by another: by this database before it heard the
                // hub's answer (go on as it asked), or by another copy of it (stop and say so).
                "stream_closed" => {
                    let pending = self
                        .store
                        .read(|c| Ok::<_, StationError>(meta(c, "stream_successor")?))?;
                    let successor = why.successor.unwrap_or_default();
                    match pending {
                        Some(p) if p.split_once(' ').is_some_and(|(id, _)| id == successor) => {
                            let first = p
                                .split_once(' ')
                                .and_then(|(_, f)| f.parse().ok())
                                .unwrap_or(after + 1);
                            stream = self.continue_stream(&agent, &hub, &token, &stream, first)?;
                            continue;
                        }
                        _ => {
                            return Err(self.stop(
                                "sync.stream_closed",
                                format!("another copy of this station's database goes on as the station (stream {successor}); this one stopped pushing"),
                            )?)
                        }
                    }
                }
                "auth.revoked" => {
                    return Err(self.stop(
                        "sync.revoked",
                        "the hub revoked this station's token; enrol it again".into(),
                    )?)
                }
                "auth.unauthorized" => {
                    return Err(self.stop(
                        "sync.unauthorized",
                        "the hub does not know this station's token".into(),
                    )?)
                }
                _ => {
                    return Err(sync_error(
                        "sync.refused",
                        format!("{}: {}", why.code, why.message),
                    ))
                }
            }
        }
    }

    /// This station's stream met a `seq_conflict` at `first` (its database was restored from an
    /// old backup, or copied): it never renumbers. It asks the hub for a new stream that goes on
    /// from `first`, linked to the old one, and from then on pushes there: the events from
    /// `first` on (recorded since the backup) under the new stream, then a `stream_started`
    /// fact. The old stream stays this station's former one: its events the hub holds and this
    /// database lost come back with the next pull (`take_page`). The successor's id is kept
    /// before it is asked for, so a stop before the hub's answer is stored asks again for the
    /// same one. Returns the new stream.
    fn continue_stream(
        &self,
        agent: &ureq::Agent,
        hub: &str,
        token: &str,
        old: &str,
        first: i64,
    ) -> Result<String, StationError> {
        let pending = self
            .store
            .read(|c| Ok::<_, StationError>(meta(c, "stream_successor")?))?;
        let new = match pending.as_deref().and_then(|p| p.split_once(' ')) {
            Some((id, f)) if f == first.to_string() => id.to_string(),
            _ => {
                let id = uuid::Uuid::now_v7().to_string();
                let keep = format!("{id} {first}");
                self.store.write(|tx| {
                    set_meta(tx, "stream_successor", Some(&keep))?;
                    Ok::<_, StationError>(())
                })?;
                id
            }
        };
        tracing::warn!(old, %new, first, "seq_conflict: this database was restored or copied; going on in a new stream");
        let mut resp = match agent
            .post(format!("{hub}/v1/streams/{old}/successor"))
            .header("Authorization", format!("Bearer {token}"))
            .send_json(serde_json::json!({ "stream_id": new, "first_seq": first }))
        {
            Ok(r) => r,
            Err(e) => return Err(self.unreachable(hub, &e.to_string())?),
        };
        if resp.status().is_server_error() {
            return Err(self.unreachable(hub, &format!("the hub answered {}", resp.status().as_u16()))?);
        }
        if !resp.status().is_success() {
            let why = refusal(&mut resp);
            return Err(self.stop(
                "sync.seq_conflict",
                format!("the hub holds other events under the same numbers from {first}, and would not open a stream to go on in ({}: {})", why.code, why.message),
            )?);
        }
        let now = self.clock.now();
        let at = rfc3339(now);
        self.store.write(|tx| {
            let mut former: Vec<String> = meta(tx, "former_streams")?
                .and_then(|v| serde_json::from_str(&v).ok())
                .unwrap_or_default();
            if !former.iter().any(|f| f == old) {
                former.push(old.to_string());
            }
            set_meta(tx, "former_streams", Some(&serde_json::to_string(&former)?))?;
            set_meta(tx, "stream_id", Some(&new))?;
            set_meta(tx, "stream_successor", None)?;
            set_meta(tx, "pushed_upto", Some(&(first - 1).to_string()))?;
            // A backup that never pulled would start from the site's snapshot, which carries
            // reference data only: the lost work comes back by reading the feed from its start.
            if meta(tx, "pull_cursor")?.is_none() {
                set_meta(tx, "pull_cursor", Some("0"))?;
            }
            let notice = SyncStopped {
                code: "sync.stream_continued".into(),
                message: format!(
                    "this database was restored from a backup or copied: the hub held other events from number {first} on ({at}). Nothing recorded here is lost: it goes on in a new stream, and what the hub held of the lost work comes back with the next pull"
                ),
            };
            set_meta(tx, "sync_notice", Some(&serde_json::to_string(&notice)?))?;
            crate::events::record(tx, &crate::events::EventBody::StreamStarted { stream_id: new.clone() }, None, now)?;
            Ok::<_, StationError>(())
        })?;
        Ok(new)
    }

    /// The operator read the sync notice: it goes from the header.
    pub fn dismiss_sync_notice(&self, session: &Session) -> Result<(), StationError> {
        session.require(Role::Supervisor)?;
        self.store.write(|tx| {
            set_meta(tx, "sync_notice", None)?;
            Ok::<_, StationError>(())
        })
    }

    fn sync_ok(&self) -> Result<(), StationError> {
        let now = rfc3339(self.clock.now());
        self.store.write(|tx| {
            set_meta(tx, "sync_last_ok_at", Some(&now))?;
            set_meta(tx, "sync_unreachable_since", None)?;
            set_meta(tx, "sync_last_error", None)?;
            Ok::<_, StationError>(())
        })
    }

    /// The hub did not answer: remember since when, say so.
    fn unreachable(&self, hub: &str, why: &str) -> Result<StationError, StationError> {
        let now = rfc3339(self.clock.now());
        let last = serde_json::to_string(&SyncStopped {
            code: "sync.hub_unreachable".into(),
            message: why.to_string(),
        })?;
        let since = self.store.write(|tx| {
            let since = meta(tx, "sync_unreachable_since")?.unwrap_or(now);
            set_meta(tx, "sync_unreachable_since", Some(&since))?;
            set_meta(tx, "sync_last_error", Some(&last))?;
            Ok::<_, StationError>(since)
        })?;
        tracing::warn!(hub, why, %since, "hub unreachable");
        Ok(sync_error(
            "sync.hub_unreachable",
            format!("the hub ({hub}) is unreachable since {since}: {why}"),
        ))
    }

    /// Pushing stops until a person acts; the reason stays on screen.
    fn stop(&self, code: &'static str, message: String) -> Result<StationError, StationError> {
        let stopped = SyncStopped {
            code: code.to_string(),
            message: message.clone(),
        };
        let text = serde_json::to_string(&stopped)?;
        self.store.write(|tx| {
            set_meta(tx, "sync_stopped", Some(&text))?;
            Ok::<_, StationError>(())
        })?;
        tracing::error!(code, %message, "sync stopped");
        Ok(sync_error(code, message))
    }
}

/// One change of the site's feed, as the hub sends it.
#[derive(Debug, Clone, Deserialize)]
struct Change {
    change_no: i64,
    stream_id: String,
    #[serde(default)]
    seq: i64,
    #[serde(default)]
    event_id: String,
    #[serde(default)]
    operator_id: Option<String>,
    #[serde(default)]
    recorded_at: Option<String>,
    kind: String,
    schema_version: i32,
    origin: String,
    payload: Option<String>,
    quarantine: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct Changes {
    changes: Vec<Change>,
    /// The reference data written at the hub in the page's range.
    #[serde(default)]
    reference: Vec<redock_events::feed::RefChange>,
    next: i64,
}

/// The site as it stands at `position` (`GET /v1/sites/{site}/snapshot`).
#[derive(Debug, Clone, Deserialize)]
struct Snapshot {
    position: i64,
    reference: Vec<redock_events::feed::RefChange>,
    facts: Vec<Change>,
}

/// What one `pull_once` took in.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PullReport {
    /// Changes read from the feed.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub read: u64,
    /// Reference facts recorded here (as `origin = hub` events).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub applied: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub cursor: i64,
    /// Whether the pull started from the site's snapshot (a new station's first pull).
    pub from_snapshot: bool,
}

/// Whether a fact of another station is reference data this station takes in, and is not here yet.
fn takes_in(tx: &rusqlite::Transaction<'_>, body: &crate::events::EventBody) -> Result<bool, StationError> {
    use crate::events::EventBody as B;
    let exists = |sql: &str, key: &str| -> Result<bool, StationError> {
        Ok(tx.query_row(sql, [key], |r| r.get::<_, bool>(0))?)
    };
    Ok(match body {
        B::RmaAdded(r) => !exists(
            "SELECT EXISTS (SELECT 1 FROM expected_return WHERE rma = ?1)",
            &r.rma,
        )?,
        B::SkuAdded(s) => !exists("SELECT EXISTS (SELECT 1 FROM sku WHERE sku = ?1)", &s.sku)?,
        // Configuration: taken in when it says something this station does not have.
        B::ShopConfigured(x) => !tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM shop WHERE shop = ?1 AND name = ?2 AND rma_pattern = ?3
                                                 AND return_window_days = ?4)",
            params![x.shop, x.name, x.rma_pattern, x.return_window_days],
            |r| r.get::<_, bool>(0),
        )?,
        B::VendorAgreementSet(v) => !tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM vendor_agreement WHERE vendor = ?1 AND rtv = ?2 AND window_days = ?3
                                                            AND credit_bp = ?4)",
            params![
                v.vendor,
                serde_json::to_value(v.agreement.rtv)?.as_str().unwrap_or_default(),
                v.agreement.window_days,
                v.agreement.credit_bp
            ],
            |r| r.get::<_, bool>(0),
        )?,
        // The erasure reaches every station of the site.
        B::CustomerErased(c) => !exists(
            "SELECT EXISTS (SELECT 1 FROM customer_erasure WHERE customer_id = ?1)",
            &c.customer_id,
        )?,
        // Another station's grade or decision of a unit this station has (it took the unit over,
        // or the unit was taken from it): a register write, settled by the hub.
        B::Inspected(i) => {
            exists("SELECT EXISTS (SELECT 1 FROM unit WHERE lpn = ?1)", &i.lpn)?
                && !exists(
                    "SELECT EXISTS (SELECT 1 FROM inspection WHERE inspection_id = ?1)",
                    &i.inspection_id,
                )?
        }
        B::Decided(d) => {
            exists("SELECT EXISTS (SELECT 1 FROM unit WHERE lpn = ?1)", &d.lpn)?
                && !exists(
                    "SELECT EXISTS (SELECT 1 FROM disposition WHERE disposition_id = ?1)",
                    &d.disposition_id,
                )?
        }
        _ => false,
    })
}

/// A fact of one of this station's former streams (it went on in a new one after its database
/// was restored from a backup): recorded here again when this database lost it, so the dock's
/// history comes back whole, as an `origin = hub` event (never pushed back) at its original time.
/// Desk state of that moment (sessions, drafts, settings, labels to print: a label is sent once)
/// is not brought back. An LPN the restored database gave out again to another unit is not
/// merged: its lost facts stay at the hub, the LPN is listed in `lpn_reused` and in the sync
/// notice, and a person relabels one of the two units. Returns whether it was recorded.
fn take_back(
    tx: &rusqlite::Transaction<'_>,
    c: &Change,
    body: &crate::events::EventBody,
    now: time::OffsetDateTime,
) -> Result<bool, StationError> {
    use crate::events::EventBody as B;
    let here: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM events WHERE event_id = ?1)",
        [&c.event_id],
        |r| r.get(0),
    )?;
    if here {
        return Ok(false);
    }
    let lpn = match body {
        B::UnitReceived(u) => Some(u.lpn.as_str()),
        B::UnitParked { lpn, .. } => Some(lpn.as_str()),
        B::Inspected(i) => Some(i.lpn.as_str()),
        B::Decided(d) => Some(d.lpn.as_str()),
        B::UnitTakenOver(t) => Some(t.lpn.as_str()),
        B::ExceptionRecorded(x) => x.lpn.as_deref(),
        B::Scanned(_)
        | B::ParcelOpened(_)
        | B::RmaAttached { .. }
        | B::ParcelDamaged { .. }
        | B::ParcelClosed { .. } => None,
        B::RmaAdded(_)
        | B::SkuAdded(_)
        | B::ShopConfigured(_)
        | B::VendorAgreementSet(_)
        | B::CustomerErased(_) => {
            if !takes_in(tx, body)? {
                return Ok(false);
            }
            None
        }
        _ => return Ok(false),
    };
    if let Some(lpn) = lpn {
        let reused: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM lpn_reused WHERE lpn = ?1)",
            [lpn],
            |r| r.get(0),
        )?;
        let first_receipt = matches!(body, B::UnitReceived(_) | B::UnitTakenOver(_));
        let present: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM unit WHERE lpn = ?1)", [lpn], |r| {
                r.get(0)
            })?;
        if reused || (first_receipt && present) {
            if !reused {
                tx.execute(
                    "INSERT INTO lpn_reused (lpn, former_stream, seq, noted_at) VALUES (?1, ?2, ?3, ?4)",
                    params![lpn, c.stream_id, c.seq, rfc3339(now)],
                )?;
                tracing::error!(lpn, stream = %c.stream_id, seq = c.seq, "an LPN given out twice: the restored database reused it");
                let all: Vec<String> = tx
                    .prepare("SELECT lpn FROM lpn_reused ORDER BY lpn")?
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                let notice = SyncStopped {
                    code: "sync.lpn_reused".into(),
                    message: all.join(", "),
                };
                set_meta(tx, "sync_notice", Some(&serde_json::to_string(&notice)?))?;
            }
            return Ok(false);
        }
        if !present && !first_receipt {
            // A fact of a unit this station no longer holds, or never got back: the hub keeps it.
            return Ok(false);
        }
    }
    crate::events::record_as(
        tx,
        body,
        c.operator_id.as_deref(),
        now,
        crate::events::Origin::Hub,
        c.recorded_at.as_deref(),
    )?;
    Ok(true)
}

/// Take in a page of the feed (or a snapshot) inside the caller's transaction: the other
/// stations' reference facts and the facts of this station's former streams its database lost
/// (`take_back`), then the hub's reference data. Returns what was taken and whether a customer was
/// erased.
fn take_page(
    tx: &rusqlite::Transaction<'_>,
    own: &str,
    former: &[String],
    changes: &[Change],
    reference: &[redock_events::feed::RefChange],
    now: time::OffsetDateTime,
) -> Result<(crate::reference::Taken, bool), StationError> {
    let mut taken = crate::reference::Taken::default();
    let mut erased = false;
    // The two lists merged by change number, as the hub committed them.
    let (mut e, mut r) = (0usize, 0usize);
    while e < changes.len() || r < reference.len() {
        let event_first = match (changes.get(e), reference.get(r)) {
            (Some(a), Some(b)) => a.change_no < b.change_no,
            (Some(_), None) => true,
            _ => false,
        };
        if !event_first {
            let t = crate::reference::take_in(tx, &reference[r].item, now)?;
            taken.applied += t.applied;
            taken.reload |= t.reload;
            r += 1;
            continue;
        }
        let c = &changes[e];
        e += 1;
        if c.stream_id == own || c.origin != "station" || c.quarantine.is_some() {
            continue;
        }
        let formerly_own = former.contains(&c.stream_id);
        let (Some(payload), Ok(version)) = (&c.payload, u32::try_from(c.schema_version)) else {
            continue;
        };
        // A kind or version this build cannot read: left for a newer one (the hub keeps it).
        let Ok(body) = crate::events::EventBody::decode(&c.kind, version, payload) else {
            tracing::warn!(change = c.change_no, kind = %c.kind, "a pulled fact this version cannot read");
            continue;
        };
        if formerly_own {
            if take_back(tx, c, &body, now)? {
                erased |= matches!(body, crate::events::EventBody::CustomerErased(_));
                taken.applied += 1;
            }
            continue;
        }
        if takes_in(tx, &body)? {
            erased |= matches!(body, crate::events::EventBody::CustomerErased(_));
            // Another station's shop: its RMA format is read on the next scan, not at restart.
            taken.reload |= matches!(body, crate::events::EventBody::ShopConfigured(_));
            crate::events::record_from(tx, &body, None, now, crate::events::Origin::Hub)?;
            taken.applied += 1;
        }
    }
    Ok((taken, erased))
}

impl Station {
    /// After a page's commit: the WAL truncated after an erasure (as at the station that erased:
    /// no copy of the old page stays), new grading sets or rules put in force.
    /// One pulled page (or the snapshot) and the cursor after it, in one transaction; then what
    /// taking it in asks for outside the transaction.
    fn store_page(
        &self,
        own: &str,
        changes: &[Change],
        reference: &[redock_events::feed::RefChange],
        next: i64,
        step: &mut dyn FnMut(SyncStep),
    ) -> Result<crate::reference::Taken, StationError> {
        let now = self.clock.now();
        let taken = self.store.write(|tx| {
            let former: Vec<String> = meta(tx, "former_streams")?
                .and_then(|v| serde_json::from_str(&v).ok())
                .unwrap_or_default();
            let (taken, erased) = take_page(tx, own, &former, changes, reference, now)?;
            if erased {
                crate::store::mark_wal_truncate_due(tx)?;
            }
            set_meta(tx, "pull_cursor", Some(&next.to_string()))?;
            step(SyncStep::StoringPull { next });
            Ok::<_, StationError>(taken)
        })?;
        self.after_pull(&taken)?;
        Ok(taken)
    }

    fn after_pull(&self, taken: &crate::reference::Taken) -> Result<(), StationError> {
        self.store.truncate_wal_if_due()?;
        if taken.reload {
            self.reload_reference()?;
            if let Err(e) = self.reload_codes() {
                tracing::error!(error = %e, "a shop's RMA format from the hub cannot be used; the previous formats stay");
            }
        }
        Ok(())
    }
}

impl Station {
    /// Read the site's feed after this station's cursor, page by page, and take in the reference
    /// facts other stations recorded (expected returns, SKUs, shops, vendor agreements, customer
    /// erasures) and the reference data the hub holds (operators with their PIN hashes, grading
    /// sets, the rule table, vendor agreements, settings: `reference.rs`) as `origin = hub`
    /// events, each page and the cursor in one transaction. A push never sends those back (their
    /// payloads stay here). The station's own stream is skipped. A station that has no cursor yet
    /// (just enrolled) starts from the site's snapshot and its position.
    pub fn pull_once(&self) -> Result<PullReport, StationError> {
        self.pull_once_with(&mut |_| {})
    }

    /// [`Station::pull_once`], telling `step` when it stores each page.
    pub fn pull_once_with(&self, step: &mut dyn FnMut(SyncStep)) -> Result<PullReport, StationError> {
        let HubLink {
            hub,
            token,
            site,
            own,
            ca,
        } = self.store.read(hub_link)?;
        let agent = agent(ca.as_deref(), self.sync_timeout())?;
        let mut report = PullReport::default();
        let pulled_before = self
            .store
            .read(|c| Ok::<_, StationError>(meta(c, "pull_cursor")?.is_some()))?;
        if !pulled_before {
            // A new station (no cursor yet): the site as it stands, then the changes after it,
            // never a replay of the whole feed.
            let mut resp = agent
                .get(format!("{hub}/v1/sites/{site}/snapshot"))
                .header("Authorization", format!("Bearer {token}"))
                .call()
                .map_err(|e| sync_error("sync.hub_unreachable", format!("{hub}: {e}")))?;
            if !resp.status().is_success() {
                return Err(refused(&mut resp));
            }
            let snap: Snapshot = resp
                .body_mut()
                .with_config()
                .limit(256 * 1024 * 1024)
                .read_json()
                .map_err(|e| unreadable_answer(&e, "the hub's snapshot"))?;
            // The snapshot is the first page a new station stores.
            let taken = self.store_page(&own, &snap.facts, &snap.reference, snap.position, step)?;
            tracing::info!(
                position = snap.position,
                applied = taken.applied,
                "took the site's snapshot"
            );
            report.read += (snap.facts.len() + snap.reference.len()) as u64;
            report.applied += taken.applied;
            report.cursor = snap.position;
            report.from_snapshot = true;
        }
        loop {
            let cursor: i64 = self.store.read(|c| {
                Ok::<_, StationError>(meta(c, "pull_cursor")?.and_then(|v| v.parse().ok()).unwrap_or(0))
            })?;
            report.cursor = cursor;
            let mut resp = agent
                .get(format!("{hub}/v1/sites/{site}/changes?after={cursor}&limit=1000"))
                .header("Authorization", format!("Bearer {token}"))
                .call()
                .map_err(|e| sync_error("sync.hub_unreachable", format!("{hub}: {e}")))?;
            if !resp.status().is_success() {
                return Err(refused(&mut resp));
            }
            let page: Changes = resp
                .body_mut()
                .read_json()
                .map_err(|e| unreadable_answer(&e, "the hub's feed"))?;
            if page.changes.is_empty() && page.reference.is_empty() {
                return Ok(report);
            }
            let taken = self.store_page(&own, &page.changes, &page.reference, page.next, step)?;
            let applied = taken.applied;
            report.read += (page.changes.len() + page.reference.len()) as u64;
            report.applied += applied;
            report.cursor = page.next;
        }
    }
}

/// A station's token is traded for a new one this often (by its sync thread).
pub const ROTATE_EVERY_DAYS: i64 = 30;

impl Station {
    /// Trade this station's hub token for a new one. The hub keeps the old one valid for a grace
    /// period, so a stop between the hub's answer and this write loses nothing: the old token is
    /// still good and the next rotation succeeds.
    pub fn rotate_token(&self) -> Result<(), StationError> {
        let (hub, token, ca) = self.store.read(|c| {
            Ok::<_, StationError>((meta(c, "hub_url")?, meta(c, "hub_token")?, meta(c, "hub_ca_pem")?))
        })?;
        let (Some(hub), Some(token)) = (hub, token) else {
            return Err(sync_error(
                "sync.not_enrolled",
                "this station is not enrolled with a hub".into(),
            ));
        };
        let mut resp = agent(ca.as_deref(), self.sync_timeout())?
            .post(format!("{hub}/v1/token/rotate"))
            .header("Authorization", format!("Bearer {token}"))
            .send_empty()
            .map_err(|e| sync_error("sync.hub_unreachable", format!("{hub}: {e}")))?;
        if !resp.status().is_success() {
            return Err(refused(&mut resp));
        }
        #[derive(Deserialize)]
        struct Rotated {
            token: String,
        }
        let new: Rotated = resp
            .body_mut()
            .read_json()
            .map_err(|e| sync_error("sync.refused", format!("the hub's answer: {e}")))?;
        let now = rfc3339(self.clock.now());
        self.store.write(|tx| {
            set_meta(tx, "hub_token", Some(&new.token))?;
            set_meta(tx, "hub_token_at", Some(&now))?;
            Ok::<_, StationError>(())
        })?;
        tracing::info!("hub token rotated");
        Ok(())
    }

    /// Whether the token is due for rotation (older than [`ROTATE_EVERY_DAYS`]).
    pub fn token_due(&self) -> Result<bool, StationError> {
        let at = self
            .store
            .read(|c| Ok::<_, StationError>(meta(c, "hub_token_at")?.or(meta(c, "hub_enrolled_at")?)))?;
        let Some(at) = at else { return Ok(false) };
        let at = time::OffsetDateTime::parse(&at, &time::format_description::well_known::Rfc3339)
            .map_err(|e| StationError::Config(format!("meta hub_token_at: {e}")))?;
        Ok(self.clock.now() - at > time::Duration::days(ROTATE_EVERY_DAYS))
    }
}

/// How often an enrolled station pushes when all is well.
pub const SYNC_EVERY: Duration = Duration::from_secs(10);
/// The longest wait between tries while the hub is away.
pub const BACKOFF_MAX: Duration = Duration::from_secs(300);

/// The wait after `failures` failed tries in a row: 5 s doubling up to [`BACKOFF_MAX`], with ±20 %
/// jitter so that a site's stations do not all come back at the same instant.
pub fn backoff(failures: u32, jitter: f64) -> Duration {
    let base = 5.0 * 2f64.powi(failures.saturating_sub(1).min(16) as i32);
    let secs = base.min(BACKOFF_MAX.as_secs_f64()) * (1.0 + 0.2 * jitter.clamp(-1.0, 1.0));
    Duration::from_secs_f64(secs)
}

/// The sync thread of the desktop app: pushes every [`SYNC_EVERY`] while enrolled, backs off while
/// the hub is away, and waits for a person when pushing stopped. It has its own connection's
/// short transactions (through the store), so a scan never waits for it. Dropping it stops it.
pub struct SyncWorker {
    stop: std::sync::Arc<(std::sync::Mutex<bool>, std::sync::Condvar)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SyncWorker {
    pub fn spawn(
        station: std::sync::Arc<Station>,
        mut on_change: impl FnMut(&Station) + Send + 'static,
    ) -> std::io::Result<SyncWorker> {
        let stop = std::sync::Arc::new((std::sync::Mutex::new(false), std::sync::Condvar::new()));
        let thread = {
            let stop = std::sync::Arc::clone(&stop);
            std::thread::Builder::new().name("sync".into()).spawn(move || {
                use rand::Rng;
                let mut failures = 0u32;
                loop {
                    let enrolled = station
                        .sync_status()
                        .map(|s| s.hub_url.is_some() && s.stopped.is_none());
                    let wait = match enrolled {
                        Ok(true) => match station
                            .sync_once()
                            .and_then(|r| Ok((r, station.pull_once()?)))
                            .and_then(|done| {
                                if station.token_due()? {
                                    station.rotate_token()?;
                                }
                                Ok(done)
                            }) {
                            Ok((r, pulled)) => {
                                failures = 0;
                                if r.pushed > 0 || pulled.applied > 0 {
                                    on_change(&station);
                                }
                                SYNC_EVERY
                            }
                            Err(e) => {
                                failures += 1;
                                tracing::warn!(code = e.code(), error = %e, failures, "sync");
                                on_change(&station);
                                backoff(failures, rand::thread_rng().gen_range(-1.0..1.0))
                            }
                        },
                        Ok(false) => SYNC_EVERY,
                        Err(e) => {
                            tracing::error!(error = %e, "sync status");
                            SYNC_EVERY
                        }
                    };
                    let (lock, cvar) = &*stop;
                    let stopped = lock.lock().unwrap_or_else(|p| p.into_inner());
                    let (stopped, _) = cvar
                        .wait_timeout_while(stopped, wait, |s| !*s)
                        .unwrap_or_else(|p| p.into_inner());
                    if *stopped {
                        return;
                    }
                }
            })?
        };
        Ok(SyncWorker {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for SyncWorker {
    fn drop(&mut self) {
        let (lock, cvar) = &*self.stop;
        *lock.lock().unwrap_or_else(|p| p.into_inner()) = true;
        cvar.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// What a request to the hub needs: its address, this station's token, site and stream, and the
/// private CA given at enrolment.
struct HubLink {
    hub: String,
    token: String,
    site: String,
    own: String,
    ca: Option<String>,
}

fn hub_link(c: &Connection) -> Result<HubLink, StationError> {
    let (Some(hub), Some(token), Some(site), Some(own)) = (
        meta(c, "hub_url")?,
        meta(c, "hub_token")?,
        meta(c, "hub_site")?,
        meta(c, "stream_id")?,
    ) else {
        return Err(sync_error(
            "sync.not_enrolled",
            "this station is not enrolled with a hub".into(),
        ));
    };
    Ok(HubLink {
        hub,
        token,
        site,
        own,
        ca: meta(c, "hub_ca_pem")?,
    })
}

/// How long the desk waits for the hub to hand a unit over (an operator is holding it).
pub const TAKE_OVER_TIMEOUT: Duration = Duration::from_secs(5);

impl Station {
    /// Take a unit over from the station of the site that holds it (../shared/sync.md
    /// "Conflicts"): the hub hands custody to this station and gives the unit's receipt and the
    /// register writes nothing supersedes, recorded here as `unit_taken_over` by the operator in
    /// one transaction. The station that held it hears at its next pull. Needs the hub: offline,
    /// the unit waits (`custody.hub_unreachable`); a unit the hub does not hold is
    /// `custody.unknown_unit`.
    pub fn take_over_unit(&self, session: &crate::auth::Session, lpn: &str) -> Result<(), StationError> {
        let span = tracing::info_span!("take_over", lpn);
        let _g = span.enter();
        let HubLink {
            hub,
            token,
            site,
            own,
            ca,
        } = self.store.read(|c| {
            Station::check_session(c, session)?;
            hub_link(c)
        })?;
        let unreachable = |why: String| StationError::Refused {
            code: "custody.hub_unreachable",
            message: format!(
                "unit {lpn} is held by another station and the hub ({hub}) cannot hand it over now: \
                 {why}; set it aside and scan it again when the network is back"
            ),
        };
        let mut resp = agent(ca.as_deref(), self.sync_timeout().min(TAKE_OVER_TIMEOUT))?
            .post(format!("{hub}/v1/sites/{site}/units/{lpn}/custody"))
            .header("Authorization", format!("Bearer {token}"))
            .send_json(&redock_events::feed::TakeRequest { stream_id: own })
            .map_err(|e| unreachable(e.to_string()))?;
        if resp.status().as_u16() == 404 {
            return Err(StationError::Refused {
                code: "custody.unknown_unit",
                message: format!("no station of this site received unit {lpn}"),
            });
        }
        if resp.status().is_server_error() {
            let why = refusal(&mut resp);
            return Err(unreachable(format!("{}: {}", why.code, why.message)));
        }
        if !resp.status().is_success() {
            return Err(refused(&mut resp));
        }
        let handed: redock_events::feed::Handed = resp.body_mut().read_json().map_err(|e| {
            if network_failure(&e) {
                unreachable(e.to_string())
            } else {
                sync_error("sync.refused", format!("the hub's answer: {e}"))
            }
        })?;
        if handed.lpn != lpn || handed.received.lpn != lpn {
            return Err(sync_error(
                "sync.refused",
                format!("the hub handed unit {} for {lpn}", handed.lpn),
            ));
        }
        let now = self.clock.now();
        self.store.write(|tx| {
            crate::events::record(
                tx,
                &crate::events::EventBody::UnitTakenOver(redock_events::UnitTakenOver {
                    lpn: handed.lpn.clone(),
                    from_stream: handed.from_stream.clone(),
                    seen: handed.seen.clone(),
                    received: handed.received.clone(),
                    inspections: handed.inspections.clone(),
                    decisions: handed.decisions.clone(),
                }),
                Some(&session.operator_id),
                now,
            )?;
            Ok::<_, StationError>(())
        })?;
        tracing::info!(from = %handed.from_stream, writes = handed.seen.len(), "unit taken over");
        Ok(())
    }
}

/// Whether this station has the unit (None: not here), and if so the stream of the station the
/// hub handed it to (None: this station holds it).
pub(crate) fn unit_custody(
    c: &rusqlite::Connection,
    lpn: &str,
) -> Result<Option<Option<String>>, StationError> {
    Ok(c.prepare_cached("SELECT custody FROM unit WHERE lpn = ?1")?
        .query_row([lpn], |r| r.get(0))
        .optional()?)
}

/// A unit another station holds is not graded or decided here: it is taken over first (the hub
/// hands custody over; scanning its LPN at an enrolled station asks for it).
pub(crate) fn ensure_held(c: &rusqlite::Connection, lpn: &str) -> Result<(), StationError> {
    if let Some(Some(holder)) = unit_custody(c, lpn)? {
        return Err(StationError::Refused {
            code: "custody.elsewhere",
            message: format!(
                "unit {lpn} was handed to another station ({holder}): scan it there, or scan it here again to take it back"
            ),
        });
    }
    Ok(())
}

impl Station {
    /// Whether scanning `lpn` here asks the hub for the unit: this station is enrolled, and the
    /// unit was handed to another station, or it is not here and another station's number made
    /// it (an unknown LPN of this station's own number is a misread or a misprint, not the hub's).
    pub(crate) fn held_elsewhere(&self, lpn: &str) -> Result<bool, StationError> {
        self.store.read(|c| {
            if meta(c, "hub_url")?.is_none() {
                return Ok(false);
            }
            Ok(match unit_custody(c, lpn)? {
                Some(holder) => holder.is_some(),
                None => match redock_domain::codes::parse_lpn(lpn) {
                    Ok(l) => l.station != Station::station_number(c)?,
                    Err(_) => false,
                },
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_five_minutes_with_jitter() {
        let s = |f, j| backoff(f, j).as_secs_f64();
        assert_eq!((s(1, 0.0), s(2, 0.0), s(3, 0.0)), (5.0, 10.0, 20.0));
        assert_eq!(s(30, 0.0), 300.0);
        assert!((s(1, 1.0) - 6.0).abs() < 1e-9 && (s(1, -1.0) - 4.0).abs() < 1e-9);
    }
}
