//! A unit's audit trail (#16 item 3): every fact the station's log holds about the unit — its
//! return's arrival (`rma_added`, amendments), its parcel (opened, damaged, closed, the parcel's
//! own findings), its receipt, inspection, decisions, labels, custody — with who, when and
//! where, oldest first. Read through `event_subject` (what each event is about, written by the
//! projection), so a trail costs a handful of index lookups however long the log. Facts of the
//! parcel's other units are left out. Events compacted away are not in it (the hub keeps them).

use crate::error::StationError;
use crate::station::Station;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::collections::BTreeMap;

/// One fact of the trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrailEntry {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub seq: i64,
    pub kind: String,
    pub at: String,
    pub operator_id: Option<String>,
    pub operator_name: Option<String>,
    /// The stream that recorded it: this station's, or another station's relayed by the hub.
    pub stream_id: String,
    pub here: bool,
    /// The fact's own words that say what happened (channel, grade, reason, code, printer, …),
    /// as text; the window words them in the operator's language.
    pub facts: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UnitTrail {
    pub lpn: String,
    pub rma: Option<String>,
    pub parcel_id: Option<String>,
    pub entries: Vec<TrailEntry>,
}

/// The payload fields a trail shows, where a fact has them.
const SHOWN: &[&str] = &[
    "channel",
    "grade",
    "reason",
    "destination",
    "rule",
    "decided_by",
    "note",
    "code",
    "carrier",
    "kind",
    "line_no",
    "sku",
    "serial",
    "grading_set",
    "printer",
    "format",
    "state",
    "error",
    "attempt",
    "from_stream",
    "holder_stream",
    "action",
    "pause_reason",
    "hours",
    "due_at",
];

fn facts_of(kind: &str, payload: &serde_json::Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for key in SHOWN {
        // An exception's `kind` is what was found; an event's own kind is the entry's.
        match payload.get(*key) {
            Some(serde_json::Value::String(s)) => {
                out.insert((*key).to_owned(), s.clone());
            }
            Some(v @ serde_json::Value::Number(_)) | Some(v @ serde_json::Value::Bool(_)) => {
                out.insert((*key).to_owned(), v.to_string());
            }
            _ => {}
        }
    }
    if kind == "decided" {
        if let Some(r) = payload.get("refund") {
            if let Some(k) = r.get("kind").and_then(|k| k.as_str()) {
                out.insert("refund".into(), k.to_owned());
            }
            if let Some(a) = r.get("amount_minor").and_then(|a| a.as_i64()) {
                out.insert("refund_minor".into(), a.to_string());
            }
        }
        if let Some(c) = payload.get("currency").and_then(|c| c.as_str()) {
            out.insert("currency".into(), c.to_owned());
        }
    }
    out
}

impl Station {
    /// The unit's trail, for a supervisor. `not_found` for an LPN the station does not know.
    pub fn unit_trail(&self, session: &crate::auth::Session, lpn: &str) -> Result<UnitTrail, StationError> {
        session.require(crate::auth::Role::Supervisor)?;
        let lpn = lpn.trim();
        self.store.read(|c| {
            Station::check_session(c, session)?;
            let unit: Option<(Option<String>, Option<String>)> = c
                .prepare_cached(crate::queries::TRAIL_UNIT)?
                .query_row([lpn], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((parcel_id, rma)) = unit else {
                return Err(StationError::NotFound {
                    what: "unit",
                    id: lpn.to_owned(),
                });
            };
            let own: Option<String> = c
                .prepare_cached(crate::queries::STREAM_ID)?
                .query_row([], |r| r.get(0))
                .optional()?;
            let subjects = [
                format!("lpn:{lpn}"),
                parcel_id
                    .as_ref()
                    .map_or_else(String::new, |p| format!("parcel:{p}")),
                rma.as_ref().map_or_else(String::new, |r| format!("rma:{r}")),
            ];
            let mut st = c.prepare_cached(crate::queries::TRAIL)?;
            let rows = st
                .query_map(params![subjects[0], subjects[1], subjects[2]], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let mut entries = Vec::with_capacity(rows.len());
            for (seq, kind, at, operator_id, operator_name, stream_id, payload) in rows {
                let payload: serde_json::Value = serde_json::from_str(&payload)?;
                // The parcel's and the return's facts about another unit are that unit's.
                if payload
                    .get("lpn")
                    .and_then(|l| l.as_str())
                    .is_some_and(|other| other != lpn)
                {
                    continue;
                }
                entries.push(TrailEntry {
                    seq,
                    facts: facts_of(&kind, &payload),
                    kind,
                    at,
                    operator_id,
                    operator_name,
                    here: own.as_deref() == Some(stream_id.as_str()),
                    stream_id,
                });
            }
            Ok(UnitTrail {
                lpn: lpn.to_owned(),
                rma,
                parcel_id,
                entries,
            })
        })
    }
}
