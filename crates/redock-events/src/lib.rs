//! The event log's own language, shared by the station and the hub (../shared/sync.md).
//!
//! - Every kind has its own schema version ([`KINDS`]). An event is written at its kind's current
//!   version; an older one is read through the upcasters in [`upcast`] to the current shape; a newer
//!   one, or a kind this build does not know, is an error with a code, never a guess.
//! - Payloads ([`payloads`]) are written for the log: ids and plain values. They depend on no other
//!   Redock crate, so a change to a screen or to a domain type cannot change what is recorded.
//! - No personal data and no secrets: customers are ids (their names live in the station's
//!   `customer` table, erased by [`EventBody::CustomerErased`]); an operator's PIN hash is not here.
//! - The hash ([`envelope_hash`]) covers the envelope: stream, seq, kind, version, origin, payload.
//!
//! Frozen fixtures of every kind at every version are in `tests/fixtures/events/` (the test
//! `tests/fixtures.rs` decodes them all).

pub mod feed;
pub mod payloads;
pub mod upcast;
pub mod wire;

pub use payloads::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Every kind with its current schema version. Append a kind; bump a version (and add its
/// upcaster and a fixture) when a payload changes shape.
pub const KINDS: &[(&str, u32)] = &[
    ("stream_started", 1),
    ("station_configured", 1),
    ("operator_added", 2),
    ("sku_added", 1),
    ("rma_added", 2),
    ("customer_erased", 1),
    ("logged_in", 1),
    ("logged_out", 2),
    ("login_failed", 1),
    ("scanned", 2),
    ("unit_received", 1),
    ("shop_configured", 1),
    ("parcel_opened", 1),
    ("rma_attached", 1),
    ("exception_recorded", 2),
    ("parcel_damaged", 1),
    ("parcel_closed", 1),
    ("setting_changed", 1),
    ("vendor_agreement_set", 1),
    ("inspection_started", 1),
    ("inspection_step", 1),
    ("inspection_undone", 1),
    ("unit_parked", 1),
    ("inspected", 1),
    ("decided", 3),
    ("print_queued", 1),
    ("print_attempted", 1),
    ("print_followed", 1),
    ("print_sending", 1),
    ("print_confirmed", 1),
    ("print_replaced", 1),
    ("print_dismissed", 1),
    ("print_jobs_pruned", 1),
    ("operator_changed", 1),
    ("grading_set_adopted", 1),
    ("rules_adopted", 1),
    ("unit_taken_over", 2),
    ("custody_changed", 1),
    ("register_settled", 1),
    ("rma_amended", 1),
    ("queue_changed", 1),
    ("sla_breached", 1),
    ("pin_reset", 1),
    ("override_requested", 1),
];

/// The current version of `kind`, if this build knows it.
pub fn current_version(kind: &str) -> Option<u32> {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, v)| *v)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("unknown event kind {kind:?}")]
    UnknownKind { kind: String },
    #[error("event {kind} is at version {found}; this build reads up to version {known}")]
    NewerVersion { kind: String, found: u32, known: u32 },
    #[error("event {kind} has no version {found}")]
    NoSuchVersion { kind: String, found: u32 },
    #[error("event {kind} v{version} does not decode: {reason}")]
    Malformed {
        kind: String,
        version: u32,
        reason: String,
    },
    #[error("event {kind} does not encode: {reason}")]
    Encode { kind: String, reason: String },
}

impl EventError {
    pub fn code(&self) -> &'static str {
        match self {
            EventError::UnknownKind { .. } => "event.unknown_kind",
            EventError::NewerVersion { .. } => "event.newer_version",
            EventError::NoSuchVersion { .. } => "event.no_such_version",
            EventError::Malformed { .. } => "event.malformed",
            EventError::Encode { .. } => "event.encode",
        }
    }
}

/// Whose fact an event is: the station's own, or reference data it received from the hub (RMAs,
/// SKUs, operators, shops, grading sets, rule tables). A station pushes only its own facts' payloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Station,
    Hub,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Station => "station",
            Origin::Hub => "hub",
        }
    }

    pub fn parse(s: &str) -> Option<Origin> {
        match s {
            "station" => Some(Origin::Station),
            "hub" => Some(Origin::Hub),
            _ => None,
        }
    }
}

/// The hash of an event: SHA-256 (hex) of the JSON array `[stream_id, seq, kind, version, origin,
/// payload]`, so that a fact moved to another place in the stream, relabelled or re-versioned no
/// longer matches its hash.
pub fn envelope_hash(
    stream_id: &str,
    seq: i64,
    kind: &str,
    version: u32,
    origin: Origin,
    payload: &str,
) -> String {
    let canonical = serde_json::json!([stream_id, seq, kind, version, origin.as_str(), payload]);
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

/// Every fact the log holds, at its current shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    content = "payload",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum EventBody {
    StreamStarted {
        stream_id: String,
    },
    StationConfigured(StationConfigured),
    OperatorAdded(OperatorAdded),
    SkuAdded(SkuAdded),
    RmaAdded(RmaAdded),
    CustomerErased(CustomerErased),
    LoggedIn {
        session_id: String,
        operator_id: String,
    },
    /// A session ended; `reason` (v2): `logout` (the operator's key or CMD:LOGOUT), `idle` (the
    /// idle log-out), `replaced` (another operator logged in at the desk); none before v2.
    LoggedOut {
        session_id: String,
        reason: Option<String>,
    },
    LoginFailed {
        operator_id: String,
        failed_pins: u32,
        locked_until: Option<String>,
    },
    Scanned(Scanned),
    UnitReceived(UnitReceived),
    ShopConfigured(ShopConfigured),
    ParcelOpened(ParcelOpened),
    RmaAttached {
        parcel_id: String,
        rma: String,
    },
    ExceptionRecorded(ExceptionRecorded),
    ParcelDamaged {
        parcel_id: String,
    },
    ParcelClosed {
        parcel_id: String,
    },
    SettingChanged {
        key: String,
        value: serde_json::Value,
    },
    VendorAgreementSet(VendorAgreementSet),
    /// An inspection begins (or resumes, when the unit's LPN is scanned again).
    InspectionStarted {
        lpn: String,
        grading_set: String,
        grading_version: u32,
    },
    /// One answer of the inspector, in order.
    InspectionStep {
        lpn: String,
        step: Step,
    },
    /// The last answer taken back (named, so the log reads on its own).
    InspectionUndone {
        lpn: String,
        step: Step,
    },
    /// The desk moved on from a unit before it was graded: it waits for inspection, labelled.
    UnitParked {
        lpn: String,
        parcel_id: Option<String>,
    },
    Inspected(Inspected),
    Decided(Decided),
    PrintQueued(PrintQueued),
    PrintAttempted(PrintAttempted),
    PrintFollowed(PrintFollowed),
    /// A label about to go to the printer, committed before its first byte does.
    PrintSending(PrintSending),
    /// A person saw the label of a job that may have printed: it did.
    PrintConfirmed {
        job_id: String,
    },
    /// A job that may have printed did not: printed again as `by_job_id`.
    PrintReplaced {
        job_id: String,
        by_job_id: String,
    },
    /// A supervisor gave a failed job up.
    PrintDismissed {
        job_id: String,
    },
    /// Finished jobs older than the retention leave the print queue; their events stay.
    PrintJobsPruned {
        job_ids: Vec<String>,
        before: String,
    },
    /// An operator's badge, name, role, language or standing changed (set at the hub; the PIN
    /// is not a fact and never here).
    OperatorChanged(OperatorChanged),
    /// A grading set (its JSON definition, as validated by the domain) is in force from now;
    /// it replaces the set of the same id. Inspections started before keep their version.
    GradingSetAdopted(GradingSetAdopted),
    /// The disposition table this station decides by from now.
    RulesAdopted(RulesAdopted),
    /// This station took a unit over from the station that held it, as the hub handed it over.
    UnitTakenOver(UnitTakenOver),
    /// The hub moved a unit's custody to another station (origin `hub`).
    CustodyChanged(CustodyChanged),
    /// The hub settled a register that had more than one head (origin `hub`).
    RegisterSettled(RegisterSettled),
    /// The shop changed a return before it arrived (through the hub, origin `hub`): it is
    /// expected as this from now; the name is in the `customer` table, as for `rma_added`.
    RmaAmended(RmaAdded),
    /// A supervisor acted on an item of the queue (paused or resumed its clock, extended its
    /// target, assigned it): one event per item, with the supervisor's reason.
    QueueChanged(QueueChanged),
    /// An item of the queue passed its SLA target (recorded once per item and episode).
    SlaBreached(SlaBreached),
    /// An administrator gave an operator a new PIN (the hash is not a fact: it is in the
    /// station's `operator_secret`); a lockout after wrong PINs ends with it.
    PinReset {
        operator_id: String,
    },
    /// An operator asks a supervisor to look at a unit's decision (`disposition_id`), with why
    /// and, if they have one, the channel they would choose: an item of the supervisors' queue.
    OverrideRequested(OverrideRequested),
}

/// An event ready to store: kind, its version, payload JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub kind: String,
    pub version: u32,
    pub payload: String,
}

impl EventBody {
    /// The stored `kind`, its current version and the payload JSON.
    pub fn encode(&self) -> Result<Encoded, EventError> {
        let enc = |reason: String| EventError::Encode {
            kind: "?".into(),
            reason,
        };
        let mut v = serde_json::to_value(self).map_err(|e| enc(e.to_string()))?;
        let kind = v
            .get("kind")
            .and_then(|k| k.as_str())
            .map(str::to_string)
            .ok_or_else(|| enc("no kind".into()))?;
        let version = current_version(&kind).ok_or_else(|| EventError::Encode {
            kind: kind.clone(),
            reason: "the kind is missing from KINDS".into(),
        })?;
        let payload = v
            .get_mut("payload")
            .map(serde_json::Value::take)
            .unwrap_or(serde_json::Value::Null);
        let payload = serde_json::to_string(&payload).map_err(|e| EventError::Encode {
            kind: kind.clone(),
            reason: e.to_string(),
        })?;
        Ok(Encoded {
            kind,
            version,
            payload,
        })
    }

    /// Read a stored event of any version this build knows, upcast to the current shape.
    pub fn decode(kind: &str, version: u32, payload: &str) -> Result<EventBody, EventError> {
        let malformed = |reason: String| EventError::Malformed {
            kind: kind.to_string(),
            version,
            reason,
        };
        let value: serde_json::Value = serde_json::from_str(payload).map_err(|e| malformed(e.to_string()))?;
        let value = upcast::to_current(kind, version, value)?;
        serde_json::from_value(serde_json::json!({ "kind": kind, "payload": value }))
            .map_err(|e| malformed(e.to_string()))
    }

    /// The stored kind of this event.
    pub fn kind(&self) -> Result<String, EventError> {
        Ok(self.encode()?.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_once() {
        let mut seen = std::collections::BTreeSet::new();
        for (k, v) in KINDS {
            assert!(seen.insert(*k), "{k} listed twice");
            assert!(*v >= 1);
        }
    }

    #[test]
    fn body_round_trips() {
        let body = EventBody::LoggedOut {
            session_id: "s1".into(),
            reason: Some("idle".into()),
        };
        let e = body.encode().unwrap();
        assert_eq!((e.kind.as_str(), e.version), ("logged_out", 2));
        assert_eq!(e.payload, r#"{"reason":"idle","session_id":"s1"}"#);
        assert_eq!(EventBody::decode(&e.kind, e.version, &e.payload).unwrap(), body);
    }

    #[test]
    fn unknown_kind_and_newer_version_are_errors_with_codes() {
        let e = EventBody::decode("teleported", 1, "{}").unwrap_err();
        assert_eq!(e.code(), "event.unknown_kind");
        let e = EventBody::decode("logged_out", 3, r#"{"session_id":"s"}"#).unwrap_err();
        assert_eq!(e.code(), "event.newer_version");
        let e = EventBody::decode("logged_out", 0, r#"{"session_id":"s"}"#).unwrap_err();
        assert_eq!(e.code(), "event.no_such_version");
        // A field this version does not have is not dropped quietly.
        let e = EventBody::decode("logged_out", 1, r#"{"session_id":"s","extra":1}"#).unwrap_err();
        assert_eq!(e.code(), "event.malformed");
        let e = EventBody::decode("parcel_closed", 1, r#"{"parcel":"p"}"#).unwrap_err();
        assert_eq!(e.code(), "event.malformed");
    }

    #[test]
    fn the_hash_covers_the_envelope() {
        let h = |stream: &str, seq, kind: &str, v, o, p: &str| envelope_hash(stream, seq, kind, v, o, p);
        let base = h("s", 1, "logged_out", 1, Origin::Station, "{}");
        assert_eq!(base, h("s", 1, "logged_out", 1, Origin::Station, "{}"));
        for other in [
            h("t", 1, "logged_out", 1, Origin::Station, "{}"),
            h("s", 2, "logged_out", 1, Origin::Station, "{}"),
            h("s", 1, "logged_in", 1, Origin::Station, "{}"),
            h("s", 1, "logged_out", 2, Origin::Station, "{}"),
            h("s", 1, "logged_out", 1, Origin::Hub, "{}"),
            h("s", 1, "logged_out", 1, Origin::Station, "{ }"),
        ] {
            assert_ne!(base, other);
        }
    }
}
