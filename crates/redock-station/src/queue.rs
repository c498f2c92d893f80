//! The supervisors' queue (#16 item 2): what waits for a person at this station, each item aged
//! against its kind's SLA target (the `sla` setting).
//!
//! - **Items** are read from the current state, never stored as a list of their own: units on
//!   hold (`hold`, since the hold was decided; an episode per hold decision), units waiting for
//!   inspection (`waiting`, since they were received) and decisions the hub settled with a
//!   conflict (`conflict`, since the hub first said so). Units handed to another station are
//!   that station's. A unit leaves the queue when its state does.
//! - **What supervisors did** to an item (`queue_changed`: pause with a reason — the clock stops
//!   —, resume, extend the target, assign to an operator) and its breach (`sla_breached`, once per
//!   episode) are kept in `queue_state` by kind, unit and episode: a later hold of the same unit is
//!   a new episode whose clock starts afresh.
//! - **A breach** is noticed by [`Station::sweep_sla`] (the window's look at the desk, at most
//!   once a minute; `redock queue`) and recorded as an event: it syncs to the hub, which tells the
//!   unit's shop (`sla.breached`).
//! - **Bulk actions** ([`Station::act_on_queue`]) take a set of items and one action with the
//!   supervisor's reason, all or nothing in one transaction, an event per unit: release to a
//!   channel (a supervisor's decision, as an override is), assign, extend, pause, resume. An item
//!   that is no longer in the queue as the supervisor saw it (released meanwhile at this desk, a
//!   new episode) refuses the whole set, naming it.

use crate::auth::{Role, Session};
use crate::error::StationError;
use crate::events::{record, EventBody};
use crate::station::Station;
use redock_domain::disposition::{Channel, Refund};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub const SLA: &str = "sla";

/// The kinds of item the queue holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    Hold,
    Waiting,
    Conflict,
    /// An operator asked a supervisor to look at a unit's decision.
    Request,
}

impl QueueKind {
    pub const ALL: [QueueKind; 4] = [
        QueueKind::Hold,
        QueueKind::Waiting,
        QueueKind::Conflict,
        QueueKind::Request,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueKind::Hold => "hold",
            QueueKind::Waiting => "waiting",
            QueueKind::Conflict => "conflict",
            QueueKind::Request => "request",
        }
    }

    pub fn parse(s: &str) -> Option<QueueKind> {
        QueueKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One kind's target: hours of calendar time from the item's start, and how long before it the
/// item shows as due soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SlaTarget {
    pub target_hours: u32,
    pub warn_hours: u32,
}

/// The `sla` setting: a target per kind (site-wide from the hub, or set at the station by a
/// supervisor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct SlaSettings {
    pub hold: SlaTarget,
    pub waiting: SlaTarget,
    pub conflict: SlaTarget,
    pub request: SlaTarget,
}

impl Default for SlaSettings {
    fn default() -> Self {
        SlaSettings {
            hold: SlaTarget {
                target_hours: 48,
                warn_hours: 8,
            },
            waiting: SlaTarget {
                target_hours: 24,
                warn_hours: 4,
            },
            conflict: SlaTarget {
                target_hours: 24,
                warn_hours: 4,
            },
            request: SlaTarget {
                target_hours: 8,
                warn_hours: 2,
            },
        }
    }
}

impl SlaSettings {
    /// A year: a target longer than that is no target.
    pub const MAX_HOURS: u32 = 8760;

    pub fn target(&self, kind: QueueKind) -> SlaTarget {
        match kind {
            QueueKind::Hold => self.hold,
            QueueKind::Waiting => self.waiting,
            QueueKind::Conflict => self.conflict,
            QueueKind::Request => self.request,
        }
    }

    pub fn validate(&self) -> Result<(), StationError> {
        for kind in QueueKind::ALL {
            let t = self.target(kind);
            let k = kind.as_str();
            if !(1..=Self::MAX_HOURS).contains(&t.target_hours) {
                return Err(StationError::Config(format!(
                    "sla.{k}.target_hours is 1 to {} hours, not {}",
                    Self::MAX_HOURS,
                    t.target_hours
                )));
            }
            if t.warn_hours >= t.target_hours {
                return Err(StationError::Config(format!(
                    "sla.{k}.warn_hours ({}) is less than its target ({} hours)",
                    t.warn_hours, t.target_hours
                )));
            }
        }
        Ok(())
    }
}

/// Why an item's clock is stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    /// Waiting for the vendor's return goods authorisation.
    VendorRga,
    /// Waiting for the customer (photos, a statement, a serial number).
    Customer,
    /// A carrier claim is open for the parcel.
    CarrierClaim,
    Other,
}

impl PauseReason {
    pub fn as_str(self) -> &'static str {
        match self {
            PauseReason::VendorRga => "vendor_rga",
            PauseReason::Customer => "customer",
            PauseReason::CarrierClaim => "carrier_claim",
            PauseReason::Other => "other",
        }
    }

    fn parse(s: &str) -> Option<PauseReason> {
        [
            PauseReason::VendorRga,
            PauseReason::Customer,
            PauseReason::CarrierClaim,
            PauseReason::Other,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// Where an item stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    Ok,
    /// Within the warn-before of its target.
    Warn,
    /// Past its target.
    Breached,
    /// Its clock is stopped.
    Paused,
}

/// An item as the supervisor acts on it: the episode they saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueueRef {
    pub kind: QueueKind,
    pub lpn: String,
    pub episode: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueueItem {
    pub kind: QueueKind,
    pub lpn: String,
    pub episode: String,
    pub sku: Option<String>,
    pub name: Option<String>,
    pub grade: Option<String>,
    /// The decision's reason code (a hold's rule reason; a conflict's settled decision's).
    pub reason: Option<String>,
    /// The unit's decision channel (a conflict: the one the hub settled on; a hold: `hold`).
    pub channel: Option<Channel>,
    /// Who inspected the unit (waiting: who received it).
    pub inspector: Option<String>,
    pub inspector_name: Option<String>,
    pub flags: Vec<String>,
    pub assigned_to: Option<String>,
    pub assigned_name: Option<String>,
    pub since: String,
    pub due_at: String,
    /// Calendar time on the clock so far (pauses not counted).
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub age_minutes: i64,
    /// Time to the target; negative: how long past it.
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub left_minutes: i64,
    pub state: SlaState,
    pub pause_reason: Option<PauseReason>,
    pub extended_hours: u32,
    /// The breach is recorded (it stays so after a pause or an extension).
    pub breached: bool,
}

impl QueueItem {
    pub fn key(&self) -> QueueRef {
        QueueRef {
            kind: self.kind,
            lpn: self.lpn.clone(),
            episode: self.episode.clone(),
        }
    }
}

/// Which items to show. Empty lists and `None`: no filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct QueueFilter {
    pub kinds: Vec<QueueKind>,
    pub states: Vec<SlaState>,
    /// At least this many hours on the clock.
    pub min_age_hours: Option<u32>,
    pub channel: Option<Channel>,
    /// Inspected (waiting: received) by this operator.
    pub inspector: Option<String>,
    /// Carries this fraud flag.
    pub flag: Option<String>,
    /// Assigned to this operator.
    pub assigned_to: Option<String>,
    /// At most this many items (default 200, at most 1,000); the counts are of all.
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueueCount {
    pub kind: QueueKind,
    pub state: SlaState,
    pub n: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Queue {
    /// The matching items, most urgent first (least time left), at most the filter's limit.
    pub items: Vec<QueueItem>,
    /// How many items match (may be more than `items`).
    pub matching: u32,
    /// Every item of the queue by kind and state, unfiltered.
    pub counts: Vec<QueueCount>,
    pub settings: SlaSettings,
    /// The station's active operators (whom an item may be assigned to, or filtered by).
    pub operators: Vec<QueueOperator>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueueOperator {
    pub operator_id: String,
    pub name: String,
    pub role: String,
}

/// What a bulk action does to each item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum QueueAction {
    /// A supervisor's decision for each unit (holds and conflicts), as an override is.
    Release {
        channel: Channel,
        refund: Option<Refund>,
    },
    /// To an operator of the station; none: unassigned.
    Assign {
        operator_id: Option<String>,
    },
    /// The target moves this many hours later (1 to 720).
    Extend {
        hours: u32,
    },
    Pause {
        reason: PauseReason,
    },
    Resume,
    /// An override request needs nothing done (the decision stands): it leaves the queue.
    Dismiss,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueueActed {
    pub items: u32,
}

/// At most this many items in one bulk action.
pub const MAX_BULK: usize = 500;
const MAX_EXTEND_HOURS: u32 = 720;

// ---- reading the queue -----------------------------------------------------------------------

/// The columns every kind's statement gives, in order: lpn, episode, since, sku, name, grade,
/// reason, channel, inspector, inspector's name, flags, then `queue_state`'s assigned_to,
/// assignee's name, extended_hours, paused_at, pause_reason, paused_seconds, breached_at.
macro_rules! queue_sql {
    ($kind:literal, $episode:literal, $since:literal, $reason:literal, $channel:literal, $who:literal,
     $flags:literal, $from:literal, $where:literal) => {
        concat!(
            "SELECT u.lpn, ",
            $episode,
            ", ",
            $since,
            ", u.sku, s.name, u.grade, ",
            $reason,
            ", ",
            $channel,
            ", ",
            $who,
            ", (SELECT name FROM operator o WHERE o.operator_id = ",
            $who,
            "), ",
            $flags,
            ",
                    q.assigned_to, (SELECT name FROM operator o WHERE o.operator_id = q.assigned_to),
                    q.extended_hours, q.paused_at, q.pause_reason, q.paused_seconds, q.breached_at
             FROM ",
            $from,
            "
             LEFT JOIN sku s ON s.sku = u.sku
             LEFT JOIN queue_state q ON q.kind = '",
            $kind,
            "' AND q.lpn = u.lpn AND q.episode = ",
            $episode,
            "
             WHERE ",
            $where
        )
    };
}

/// Units on hold: since their hold decision (the latest of the unit's `hold` decisions).
pub const QUEUE_HOLDS: &str = queue_sql!(
    "hold",
    "h.disposition_id",
    "h.decided_at",
    "h.reason",
    "'hold'",
    "i.operator_id",
    "i.flags",
    "unit u JOIN disposition h ON h.disposition_id =
        (SELECT d.disposition_id FROM disposition d WHERE d.lpn = u.lpn AND d.channel = 'hold'
          ORDER BY d.rowid DESC LIMIT 1)
     LEFT JOIN inspection i ON i.inspection_id = (SELECT l.inspection_id FROM inspection l
                                                   WHERE l.lpn = u.lpn ORDER BY l.inspected_at DESC LIMIT 1)",
    "u.status = 'held' AND u.custody IS NULL"
);
/// Units waiting for inspection: since they were received.
pub const QUEUE_WAITING: &str = queue_sql!(
    "waiting",
    "u.received_at",
    "u.received_at",
    "NULL",
    "NULL",
    "u.operator_id",
    "NULL",
    "unit u",
    "u.status = 'waiting' AND u.custody IS NULL"
);
/// Decisions the hub settled with a conflict that no decision here has settled since: since the
/// hub first said so.
pub const QUEUE_CONFLICTS: &str = queue_sql!(
    "conflict",
    "r.since",
    "r.since",
    "d.reason",
    "d.channel",
    "i.operator_id",
    "i.flags",
    "register_settled r JOIN unit u ON u.lpn = r.lpn
     JOIN disposition d ON d.disposition_id = r.write_id
     LEFT JOIN inspection i ON i.inspection_id = (SELECT l.inspection_id FROM inspection l
                                                   WHERE l.lpn = u.lpn ORDER BY l.inspected_at DESC LIMIT 1)",
    "r.conflict = 1 AND r.register = 'disposition' AND r.since IS NOT NULL AND u.custody IS NULL
     AND NOT EXISTS (SELECT 1 FROM disposition x WHERE x.lpn = r.lpn
                       AND (x.supersedes = r.write_id
                            OR EXISTS (SELECT 1 FROM json_each(x.also_supersedes) WHERE value = r.write_id)))"
);

/// Requests not dismissed whose decision is still the unit's (no decision superseded it): since
/// they were made.
pub const QUEUE_REQUESTS: &str = queue_sql!(
    "request",
    "o.request_id",
    "o.requested_at",
    "o.note",
    "o.channel",
    "o.operator_id",
    "i.flags",
    "override_request o JOIN unit u ON u.lpn = o.lpn
     LEFT JOIN inspection i ON i.inspection_id = (SELECT l.inspection_id FROM inspection l
                                                   WHERE l.lpn = u.lpn ORDER BY l.inspected_at DESC LIMIT 1)",
    "q.closed_at IS NULL AND u.custody IS NULL
     AND NOT EXISTS (SELECT 1 FROM disposition x WHERE x.lpn = o.lpn
                       AND (x.supersedes = o.disposition_id
                            OR EXISTS (SELECT 1 FROM json_each(x.also_supersedes) WHERE value = o.disposition_id)))"
);

fn statement(kind: QueueKind) -> &'static str {
    match kind {
        QueueKind::Hold => QUEUE_HOLDS,
        QueueKind::Waiting => QUEUE_WAITING,
        QueueKind::Conflict => QUEUE_CONFLICTS,
        QueueKind::Request => QUEUE_REQUESTS,
    }
}

/// One kind's statement for one unit.
fn statement_of_unit(kind: QueueKind) -> &'static str {
    static ONE: std::sync::LazyLock<[String; 4]> =
        std::sync::LazyLock::new(|| QueueKind::ALL.map(|k| format!("{} AND u.lpn = ?1", statement(k))));
    match kind {
        QueueKind::Hold => &ONE[0],
        QueueKind::Waiting => &ONE[1],
        QueueKind::Conflict => &ONE[2],
        QueueKind::Request => &ONE[3],
    }
}

/// A row before the clock is read.
struct Row {
    kind: QueueKind,
    lpn: String,
    episode: String,
    since: String,
    sku: Option<String>,
    name: Option<String>,
    grade: Option<String>,
    reason: Option<String>,
    channel: Option<String>,
    inspector: Option<String>,
    inspector_name: Option<String>,
    flags: Option<String>,
    assigned_to: Option<String>,
    assigned_name: Option<String>,
    extended_hours: Option<i64>,
    paused_at: Option<String>,
    pause_reason: Option<String>,
    paused_seconds: Option<i64>,
    breached_at: Option<String>,
}

fn read_rows(c: &Connection, kind: QueueKind, lpn: Option<&str>) -> Result<Vec<Row>, StationError> {
    let map = |r: &rusqlite::Row<'_>| {
        Ok(Row {
            kind,
            lpn: r.get(0)?,
            episode: r.get(1)?,
            since: r.get(2)?,
            sku: r.get(3)?,
            name: r.get(4)?,
            grade: r.get(5)?,
            reason: r.get(6)?,
            channel: r.get(7)?,
            inspector: r.get(8)?,
            inspector_name: r.get(9)?,
            flags: r.get(10)?,
            assigned_to: r.get(11)?,
            assigned_name: r.get(12)?,
            extended_hours: r.get(13)?,
            paused_at: r.get(14)?,
            pause_reason: r.get(15)?,
            paused_seconds: r.get(16)?,
            breached_at: r.get(17)?,
        })
    };
    let rows = match lpn {
        None => c
            .prepare_cached(statement(kind))?
            .query_map([], map)?
            .collect::<Result<Vec<_>, _>>()?,
        Some(lpn) => c
            .prepare_cached(statement_of_unit(kind))?
            .query_map([lpn], map)?
            .collect::<Result<Vec<_>, _>>()?,
    };
    Ok(rows)
}

fn parse_time(s: &str) -> Result<OffsetDateTime, StationError> {
    OffsetDateTime::parse(s, &Rfc3339)
        .map_err(|e| StationError::Store(crate::error::StoreError::Decode(format!("time {s:?}: {e}"))))
}

/// Whole seconds, as the screen shows them.
fn format_time(t: OffsetDateTime) -> String {
    crate::clock::rfc3339(t.replace_nanosecond(0).unwrap_or(t))
}

/// The item a row is at `now` under `sla`: its due time, age and state.
fn item_of(row: Row, sla: &SlaSettings, now: OffsetDateTime) -> Result<QueueItem, StationError> {
    let since = parse_time(&row.since)?;
    let target = sla.target(row.kind);
    let extended = u32::try_from(row.extended_hours.unwrap_or(0).max(0)).unwrap_or(u32::MAX);
    let mut paused = time::Duration::seconds(row.paused_seconds.unwrap_or(0).max(0));
    if let Some(p) = &row.paused_at {
        paused += (now - parse_time(p)?).max(time::Duration::ZERO);
    }
    let due = since + time::Duration::hours(i64::from(target.target_hours) + i64::from(extended)) + paused;
    let left = due - now;
    let age = (now - since - paused).max(time::Duration::ZERO);
    let state = if row.paused_at.is_some() {
        SlaState::Paused
    } else if left <= time::Duration::ZERO {
        SlaState::Breached
    } else if left <= time::Duration::hours(i64::from(target.warn_hours)) {
        SlaState::Warn
    } else {
        SlaState::Ok
    };
    let flags = match row.flags.as_deref() {
        Some(f) => serde_json::from_str::<Vec<String>>(f)?,
        None => Vec::new(),
    };
    Ok(QueueItem {
        kind: row.kind,
        lpn: row.lpn,
        episode: row.episode,
        sku: row.sku,
        name: row.name,
        grade: row.grade,
        reason: row.reason.filter(|r| !r.is_empty()),
        channel: row.channel.as_deref().map(Channel::parse).transpose()?,
        inspector: row.inspector,
        inspector_name: row.inspector_name,
        flags,
        assigned_to: row.assigned_to,
        assigned_name: row.assigned_name,
        since: format_time(since),
        due_at: format_time(due),
        age_minutes: age.whole_minutes(),
        left_minutes: if left.is_negative() {
            // Past the target by a part of a minute is a minute past.
            -((-left).whole_seconds() + 59) / 60
        } else {
            left.whole_minutes()
        },
        state,
        pause_reason: row.pause_reason.as_deref().and_then(PauseReason::parse),
        extended_hours: extended,
        breached: row.breached_at.is_some(),
    })
}

fn every_item(
    c: &Connection,
    sla: &SlaSettings,
    now: OffsetDateTime,
) -> Result<Vec<QueueItem>, StationError> {
    let mut out = Vec::new();
    for kind in QueueKind::ALL {
        for row in read_rows(c, kind, None)? {
            out.push(item_of(row, sla, now)?);
        }
    }
    Ok(out)
}

impl QueueFilter {
    fn keeps(&self, i: &QueueItem) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&i.kind))
            && (self.states.is_empty() || self.states.contains(&i.state))
            && self
                .min_age_hours
                .is_none_or(|h| i.age_minutes >= i64::from(h) * 60)
            && self.channel.is_none_or(|c| i.channel == Some(c))
            && self
                .inspector
                .as_ref()
                .is_none_or(|o| i.inspector.as_ref() == Some(o))
            && self.flag.as_ref().is_none_or(|f| i.flags.contains(f))
            && self
                .assigned_to
                .as_ref()
                .is_none_or(|o| i.assigned_to.as_ref() == Some(o))
    }
}

/// The supervisors' alert: how many items are past their target, and how many near it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SlaAlert {
    pub breached: u32,
    pub warn: u32,
}

pub(crate) fn sla_alert_in(
    c: &Connection,
    sla: &SlaSettings,
    now: OffsetDateTime,
) -> Result<SlaAlert, StationError> {
    let items = every_item(c, sla, now)?;
    let count = |s| u32::try_from(items.iter().filter(|i| i.state == s).count()).unwrap_or(u32::MAX);
    Ok(SlaAlert {
        breached: count(SlaState::Breached),
        warn: count(SlaState::Warn),
    })
}

/// The queue at `now`: the filter's items, most urgent first, and the counts of all.
pub(crate) fn queue_in(
    c: &Connection,
    sla: &SlaSettings,
    filter: &QueueFilter,
    now: OffsetDateTime,
) -> Result<Queue, StationError> {
    let all = every_item(c, sla, now)?;
    let mut counts = std::collections::BTreeMap::<(QueueKind, SlaState), u32>::new();
    for i in &all {
        *counts.entry((i.kind, i.state)).or_default() += 1;
    }
    let mut items: Vec<QueueItem> = all.into_iter().filter(|i| filter.keeps(i)).collect();
    let matching = u32::try_from(items.len()).unwrap_or(u32::MAX);
    // Most urgent first; a paused item's time left is frozen, so it sorts by that too.
    items.sort_by(|a, b| {
        a.left_minutes
            .cmp(&b.left_minutes)
            .then_with(|| a.lpn.cmp(&b.lpn))
    });
    let limit = filter.limit.unwrap_or(200).clamp(1, 1000) as usize;
    items.truncate(limit);
    let operators = c
        .prepare_cached("SELECT operator_id, name, role FROM operator WHERE active ORDER BY name")?
        .query_map([], |r| {
            Ok(QueueOperator {
                operator_id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Queue {
        operators,
        items,
        matching,
        counts: counts
            .into_iter()
            .map(|((kind, state), n)| QueueCount { kind, state, n })
            .collect(),
        settings: *sla,
    })
}

// ---- what supervisors do -------------------------------------------------------------------

/// The projection of `queue_changed`.
pub(crate) fn apply_changed(
    tx: &Transaction<'_>,
    q: &redock_events::QueueChanged,
    at: &str,
) -> Result<(), crate::error::StoreError> {
    tx.prepare_cached("INSERT OR IGNORE INTO queue_state (kind, lpn, episode) VALUES (?1, ?2, ?3)")?
        .execute(params![q.kind, q.lpn, q.episode])?;
    const KEY: &str = "WHERE kind = ?1 AND lpn = ?2 AND episode = ?3";
    match q.action.as_str() {
        "pause" => tx
            .prepare_cached(&format!(
                "UPDATE queue_state SET paused_at = COALESCE(paused_at, ?4), pause_reason = ?5 {KEY}"
            ))?
            .execute(params![q.kind, q.lpn, q.episode, at, q.pause_reason])?,
        "resume" => tx
            .prepare_cached(&format!(
                "UPDATE queue_state
                    SET paused_seconds = paused_seconds
                          + MAX(0, CAST(ROUND((julianday(?4) - julianday(paused_at)) * 86400) AS INTEGER)),
                        paused_at = NULL, pause_reason = NULL
                  {KEY} AND paused_at IS NOT NULL"
            ))?
            .execute(params![q.kind, q.lpn, q.episode, at])?,
        "extend" => tx
            .prepare_cached(&format!(
                "UPDATE queue_state SET extended_hours = extended_hours + ?4 {KEY}"
            ))?
            .execute(params![q.kind, q.lpn, q.episode, q.hours.unwrap_or(0)])?,
        "assign" => tx
            .prepare_cached(&format!("UPDATE queue_state SET assigned_to = ?4 {KEY}"))?
            .execute(params![q.kind, q.lpn, q.episode, q.operator_id])?,
        "dismiss" => tx
            .prepare_cached(&format!("UPDATE queue_state SET closed_at = ?4 {KEY}"))?
            .execute(params![q.kind, q.lpn, q.episode, at])?,
        other => {
            return Err(crate::error::StoreError::Decode(format!(
                "queue_changed: unknown action {other:?}"
            )))
        }
    };
    Ok(())
}

fn refused(code: &'static str, message: String) -> StationError {
    StationError::Refused { code, message }
}

/// What every item of one bulk action shares.
struct Acting<'a> {
    session: &'a Session,
    note: &'a str,
    rules: &'a redock_domain::disposition::Table,
    labels: &'a crate::print_worker::LabelsQueued<'a>,
    now: OffsetDateTime,
}

/// One item's action, checked against the item as it is now, in the caller's transaction.
fn act_on_item(
    tx: &Transaction<'_>,
    item: &QueueItem,
    action: &QueueAction,
    a: &Acting<'_>,
) -> Result<(), StationError> {
    let Acting {
        session,
        note,
        rules,
        labels,
        now,
    } = *a;
    let changed = |action: &str, hours, pause_reason: Option<PauseReason>, operator_id: Option<String>| {
        EventBody::QueueChanged(redock_events::QueueChanged {
            kind: item.kind.as_str().to_owned(),
            lpn: item.lpn.clone(),
            episode: item.episode.clone(),
            action: action.to_owned(),
            hours,
            pause_reason: pause_reason.map(|r| r.as_str().to_owned()),
            operator_id,
            note: note.to_owned(),
        })
    };
    let body = match action {
        QueueAction::Release { channel, refund } => {
            if item.kind == QueueKind::Waiting {
                return Err(refused(
                    "queue.not_decided",
                    format!(
                        "unit {} waits for inspection: it is inspected, not released",
                        item.lpn
                    ),
                ));
            }
            let destination = rules.destinations().get(channel).cloned();
            crate::inspect::override_in_tx(
                tx,
                session,
                &item.lpn,
                *channel,
                destination,
                note,
                *refund,
                labels,
                now,
            )?;
            return Ok(());
        }
        QueueAction::Assign { operator_id } => changed("assign", None, None, operator_id.clone()),
        QueueAction::Extend { hours } => changed("extend", Some(*hours), None, None),
        QueueAction::Pause { reason } => {
            if item.state == SlaState::Paused {
                return Err(refused(
                    "queue.already_paused",
                    format!("{} is paused already", item.lpn),
                ));
            }
            changed("pause", None, Some(*reason), None)
        }
        QueueAction::Resume => {
            if item.state != SlaState::Paused {
                return Err(refused("queue.not_paused", format!("{} is not paused", item.lpn)));
            }
            changed("resume", None, None, None)
        }
        QueueAction::Dismiss => {
            if item.kind != QueueKind::Request {
                return Err(refused(
                    "queue.not_a_request",
                    format!(
                        "{} is not an override request: only those are dismissed",
                        item.lpn
                    ),
                ));
            }
            changed("dismiss", None, None, None)
        }
    };
    record(tx, &body, Some(&session.operator_id), now)?;
    Ok(())
}

impl Station {
    pub fn sla_settings(&self) -> Result<SlaSettings, StationError> {
        self.setting_or(SLA, SlaSettings::validate, SlaSettings::default)
    }

    /// The SLA targets (supervisors: a policy of the dock; site-wide from the hub too).
    pub fn set_sla_settings(&self, session: &Session, settings: &SlaSettings) -> Result<(), StationError> {
        session.require(Role::Supervisor)?;
        settings.validate()?;
        self.set_setting(session, SLA, serde_json::to_value(settings)?)
    }

    /// The supervisors' queue, filtered, with every item's time against its target.
    pub fn queue(&self, session: &Session, filter: &QueueFilter) -> Result<Queue, StationError> {
        session.require(Role::Supervisor)?;
        let sla = self.sla_settings()?;
        let now = self.clock.now();
        self.store.read(|c| queue_in(c, &sla, filter, now))
    }

    /// How many items are past their target now, and how many near it (the supervisors' alert).
    pub fn sla_alert(&self) -> Result<SlaAlert, StationError> {
        let sla = self.sla_settings()?;
        let now = self.clock.now();
        self.store.read(|c| sla_alert_in(c, &sla, now))
    }

    /// Records `sla_breached` for every item past its target whose breach is not recorded yet,
    /// in one transaction. Returns how many. The clock is read in the transaction, so two sweeps
    /// at once record a breach once.
    pub fn sweep_sla(&self) -> Result<u32, StationError> {
        let sla = self.sla_settings()?;
        let now = self.clock.now();
        // Most sweeps find nothing new: look first without the writer's lock.
        let due = self.store.read(|c| {
            Ok::<_, StationError>(
                every_item(c, &sla, now)?
                    .into_iter()
                    .any(|i| i.state == SlaState::Breached && !i.breached),
            )
        })?;
        if !due {
            return Ok(0);
        }
        let n = self.store.write(|tx| {
            let mut n = 0u32;
            for item in every_item(tx, &sla, now)? {
                if item.state != SlaState::Breached || item.breached {
                    continue;
                }
                let body = EventBody::SlaBreached(redock_events::SlaBreached {
                    kind: item.kind.as_str().to_owned(),
                    lpn: item.lpn.clone(),
                    episode: item.episode.clone(),
                    since: item.since.clone(),
                    due_at: item.due_at.clone(),
                    target_hours: sla.target(item.kind).target_hours + item.extended_hours,
                });
                record(tx, &body, None, now)?;
                n += 1;
            }
            Ok::<_, StationError>(n)
        })?;
        if n > 0 {
            tracing::warn!(breaches = n, "queue items past their SLA target");
        }
        Ok(n)
    }

    /// [`Station::sweep_sla`] at most once a minute (the window's look at the desk calls it).
    pub fn sweep_sla_if_due(&self) -> Result<u32, StationError> {
        let now = std::time::Instant::now();
        {
            let mut last = self
                .last_sla_sweep
                .lock()
                .map_err(|_| StationError::Config("sweep clock poisoned".into()))?;
            if last.is_some_and(|l| now.duration_since(l) < std::time::Duration::from_secs(60)) {
                return Ok(0);
            }
            *last = Some(now);
        }
        self.sweep_sla()
    }

    /// An operator (any role) asks a supervisor to look at a unit's decision, with why and the
    /// channel they would choose: `override_requested`, an item of the queue until a supervisor
    /// decides the unit again or dismisses it. One open request per decision.
    pub fn request_override(
        &self,
        session: &Session,
        lpn: &str,
        channel: Option<Channel>,
        note: &str,
    ) -> Result<QueueItem, StationError> {
        let note = note.trim();
        if note.is_empty() {
            return Err(refused(
                "queue.reason_required",
                "say why a supervisor should look".into(),
            ));
        }
        if channel == Some(Channel::Hold) {
            return Err(refused(
                "queue.release_to_hold",
                "a request names the channel the unit should go to, not hold".into(),
            ));
        }
        let sla = self.sla_settings()?;
        let now = self.clock.now();
        let request_id = uuid::Uuid::now_v7().to_string();
        self.store.write(|tx| {
            Station::check_session(tx, session)?;
            crate::sync::ensure_held(tx, lpn)?;
            let current =
                crate::inspect::current_decision(tx, lpn)?.ok_or_else(|| StationError::Inspection {
                    code: "disposition.not_decided",
                    message: format!("unit {lpn} has no decision to look at yet"),
                })?;
            if !read_rows(tx, QueueKind::Request, Some(lpn))?.is_empty() {
                return Err(refused(
                    "queue.already_requested",
                    format!("a supervisor has been asked about {lpn} already"),
                ));
            }
            let body = EventBody::OverrideRequested(redock_events::OverrideRequested {
                request_id: request_id.clone(),
                lpn: lpn.to_owned(),
                disposition_id: current.disposition_id,
                channel: channel.map(|c| c.as_str().to_owned()),
                note: note.to_owned(),
            });
            record(tx, &body, Some(&session.operator_id), now)?;
            Ok::<_, StationError>(())
        })?;
        tracing::info!(lpn, by = %session.operator_id, "override requested");
        let row = self
            .store
            .read(|c| read_rows(c, QueueKind::Request, Some(lpn)))?
            .into_iter()
            .find(|r| r.episode == request_id)
            .ok_or_else(|| StationError::NotFound {
                what: "override request",
                id: request_id,
            })?;
        item_of(row, &sla, now)
    }

    /// One action on a set of items, each with an event, all or nothing (see the module).
    pub fn act_on_queue(
        &self,
        session: &Session,
        items: &[QueueRef],
        action: &QueueAction,
        note: &str,
    ) -> Result<QueueActed, StationError> {
        session.require(Role::Supervisor)?;
        let note = note.trim();
        if note.is_empty() {
            return Err(refused(
                "queue.reason_required",
                "a queue action needs a reason".into(),
            ));
        }
        if items.is_empty() {
            return Err(refused(
                "queue.nothing_chosen",
                "no item of the queue was chosen".into(),
            ));
        }
        if items.len() > MAX_BULK {
            return Err(refused(
                "queue.too_many",
                format!("{} items at once; at most {MAX_BULK}", items.len()),
            ));
        }
        match action {
            QueueAction::Extend { hours } if !(1..=MAX_EXTEND_HOURS).contains(hours) => {
                return Err(refused(
                    "queue.extend_invalid",
                    format!("an extension is 1 to {MAX_EXTEND_HOURS} hours, not {hours}"),
                ))
            }
            QueueAction::Release {
                channel: Channel::Hold,
                ..
            } => {
                return Err(refused(
                    "queue.release_to_hold",
                    "a release names the channel the units go to, not hold".into(),
                ))
            }
            _ => {}
        }
        let sla = self.sla_settings()?;
        let now = self.clock.now();
        let rules = self.rules();
        let printer = self.printer_settings()?;
        let queued = crate::print_worker::LabelsQueued::new(&printer);
        let acting = Acting {
            session,
            note,
            rules: &rules,
            labels: &queued,
            now,
        };
        let n = self.store.write(|tx| {
            Station::check_session(tx, session)?;
            if let QueueAction::Assign {
                operator_id: Some(op),
            } = action
            {
                let active = tx
                    .query_row("SELECT active FROM operator WHERE operator_id = ?1", [op], |r| {
                        r.get::<_, bool>(0)
                    })
                    .optional()?;
                if active != Some(true) {
                    return Err(refused(
                        "queue.unknown_operator",
                        format!("{op} is not an active operator of this station"),
                    ));
                }
            }
            let mut seen = std::collections::HashSet::new();
            // A unit released once in this set answers its other items (a request about a hold).
            let mut released = std::collections::HashSet::new();
            for r in items {
                if !seen.insert((r.kind, r.lpn.as_str())) {
                    continue;
                }
                if matches!(action, QueueAction::Release { .. }) && !released.insert(r.lpn.as_str()) {
                    continue;
                }
                let current = read_rows(tx, r.kind, Some(&r.lpn))?
                    .into_iter()
                    .next()
                    .map(|row| item_of(row, &sla, now))
                    .transpose()?;
                let item = match current {
                    Some(i) if i.episode == r.episode => i,
                    _ => {
                        return Err(StationError::Refused {
                            code: "queue.stale",
                            message: format!(
                                "{} is no longer in the queue as it was shown ({}); look again",
                                r.lpn,
                                r.kind.as_str()
                            ),
                        })
                    }
                };
                act_on_item(tx, &item, action, &acting)?;
            }
            Ok::<_, StationError>(u32::try_from(seen.len()).unwrap_or(u32::MAX))
        })?;
        self.ring_if(&queued);
        tracing::info!(items = n, action = ?action, "queue action");
        Ok(QueueActed { items: n })
    }
}
