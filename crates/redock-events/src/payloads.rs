//! The payload of every kind, at its current version, written for the log: ids and plain values,
//! no screen view and no domain type. Field names are the JSON keys; changing one is a new version
//! of its kind (lib.rs, `KINDS`) with an upcaster from the old one (upcast.rs).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// ---- the station and its people -------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationConfigured {
    pub site_id: String,
    pub site_name: String,
    pub station_id: String,
    pub station_name: String,
    pub station_number: u16,
}

/// An operator who may log in. Version 2: the PIN hash left the log (a 4-digit PIN is found from
/// its hash in minutes); it lives in the station's `operator_secret` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorAdded {
    pub operator_id: String,
    pub badge: String,
    pub name: String,
    pub role: Role,
    pub language: String,
}

/// An operator as it now stands (the whole record, so the fact reads on its own).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorChanged {
    pub operator_id: String,
    pub badge: String,
    pub name: String,
    pub role: Role,
    pub language: String,
    /// False: the operator may no longer log in.
    pub active: bool,
}

/// A grading set put in force: the definition is the set's JSON text as the hub validated it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradingSetAdopted {
    pub set_id: String,
    pub version: u32,
    pub definition: String,
}

/// A disposition table put in force: its JSON text as the hub validated it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesAdopted {
    pub table_id: String,
    pub version: u32,
    pub definition: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Inspector,
    Supervisor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Inspector => "inspector",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }
}

// ---- reference data: what the dock expects ---------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkuAdded {
    pub sku: String,
    pub gtin: Option<String>,
    pub name: String,
    pub category: String,
    pub vendor: Option<String>,
    pub cost_minor: i64,
    pub price_minor: i64,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopConfigured {
    pub shop: String,
    pub name: String,
    pub rma_pattern: String,
    pub return_window_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RmaLine {
    pub line_no: u32,
    pub sku: String,
    pub quantity: u32,
    #[serde(default)]
    pub serials: Vec<String>,
    pub stated_reason: Option<String>,
}

/// An expected return. Version 2: the customer is an id; the name lives in the station's
/// `customer` table, where an erasure removes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RmaAdded {
    pub rma: String,
    pub shop: String,
    pub order_no: String,
    pub order_date: String,
    pub customer_id: String,
    pub customer_tier: String,
    pub tracking: Option<String>,
    pub lines: Vec<RmaLine>,
}

/// A customer's personal data was erased (who and when are the envelope's operator and time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerErased {
    pub customer_id: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RtvTerms {
    Eligible,
    Forced,
    Prohibited,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorAgreement {
    pub rtv: RtvTerms,
    pub window_days: u32,
    pub credit_bp: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorAgreementSet {
    pub vendor: String,
    pub agreement: VendorAgreement,
}

// ---- receiving --------------------------------------------------------------------------------

/// One GS1 element of a read: application identifier and value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    pub ai: String,
    pub value: String,
}

/// What was read and what the station took it for when it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScannedCode {
    /// The data as read (after normalisation), without a symbology identifier.
    pub text: String,
    /// The AIM symbology identifier the scanner sent, if any (`]C1`, `]d2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbology: Option<String>,
    /// `gs1`, `ean13`, `tracking`, `rma`, `lpn`, `command`, `unknown`, … (an open list: a new kind of
    /// code is not a new version of this event).
    pub kind: String,
    pub valid: bool,
    /// Why it is not valid, as an error code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gtin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<Element>,
}

/// What the code was found to be in the station's data, by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "found", rename_all = "snake_case", deny_unknown_fields)]
pub enum ScanMatch {
    /// Expected returns, by RMA code, tracking number or order number (`via`).
    Returns {
        via: String,
        rmas: Vec<String>,
    },
    Product {
        sku: String,
    },
    Unit {
        lpn: String,
    },
}

/// One read. Version 2: the code as the log keeps it and the match by id (version 1 held the
/// domain's classification and the screen's view of the match, customer names included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scanned {
    pub code: ScannedCode,
    /// `wedge`, `manual`, `serial` or `cli`.
    pub source: String,
    pub matched: Option<ScanMatch>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParcelOpened {
    pub parcel_id: String,
    pub code: String,
    pub code_kind: String,
    pub carrier: Option<String>,
    pub rmas: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    UnexpectedReturn,
    WrongItem,
    ExtraItem,
    MissingItem,
    SerialMismatch,
    EmptyBox,
    DamagedInTransit,
    LateReturn,
    /// Version 2.
    LabelMissing,
}

impl ExceptionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ExceptionKind::UnexpectedReturn => "unexpected_return",
            ExceptionKind::WrongItem => "wrong_item",
            ExceptionKind::ExtraItem => "extra_item",
            ExceptionKind::MissingItem => "missing_item",
            ExceptionKind::SerialMismatch => "serial_mismatch",
            ExceptionKind::EmptyBox => "empty_box",
            ExceptionKind::DamagedInTransit => "damaged_in_transit",
            ExceptionKind::LateReturn => "late_return",
            ExceptionKind::LabelMissing => "label_missing",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExceptionRecorded {
    pub kind: ExceptionKind,
    pub parcel_id: Option<String>,
    pub lpn: Option<String>,
    pub rma: Option<String>,
    pub line_no: Option<u32>,
    /// What the inspector saw: codes, serials, counts, dates (never a person's name).
    pub details: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitReceived {
    pub lpn: String,
    pub station_number: u16,
    pub counter: u32,
    pub parcel_id: Option<String>,
    pub rma: Option<String>,
    pub line_no: Option<u32>,
    pub sku: Option<String>,
    pub gtin: Option<String>,
    pub serial: Option<String>,
}

// ---- inspection and disposition -------------------------------------------------------------

/// One answer of the inspector, as the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    Ok,
    Fail,
    Pass,
    Grade { grade: String },
    Defect { code: String },
    Reason { code: String },
    Photo { sha256: String },
    Hold,
}

/// How the grade was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case", deny_unknown_fields)]
pub enum Settled {
    Question { id: String },
    AllPassed,
    Chosen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FraudFlag {
    EmptyBox,
    SwappedItem,
    SerialMismatch,
    UsedBeyondWindow,
    RepeatReturner,
}

/// A saved inspection: what was found, by whom, how long it took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspected {
    pub inspection_id: String,
    pub lpn: String,
    pub grading_set: String,
    pub grading_version: u32,
    pub grade: String,
    pub settled: Settled,
    pub axes: BTreeMap<String, String>,
    pub defects: Vec<String>,
    pub photos: Vec<String>,
    pub found_reason: Option<String>,
    pub stated_reason: Option<String>,
    pub flags: Vec<FraudFlag>,
    /// The result on external scales (Amazon condition, eBay condition id, CTIA), null when the
    /// unit cannot be listed on that scale.
    pub external: BTreeMap<String, Option<String>>,
    pub started_at: String,
    /// First scan of the unit → inspection saved.
    pub handle_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Restock,
    Refurbish,
    Liquidate,
    Rtv,
    Donate,
    Recycle,
    Destroy,
    Hold,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Restock => "restock",
            Channel::Refurbish => "refurbish",
            Channel::Liquidate => "liquidate",
            Channel::Rtv => "rtv",
            Channel::Donate => "donate",
            Channel::Recycle => "recycle",
            Channel::Destroy => "destroy",
            Channel::Hold => "hold",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    Rule,
    Person,
}

impl DecidedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            DecidedBy::Rule => "rule",
            DecidedBy::Person => "person",
        }
    }
}

/// Where a unit goes and why. A later decision names the one it supersedes; both stay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decided {
    pub disposition_id: String,
    pub lpn: String,
    pub channel: Channel,
    pub destination: Option<String>,
    /// Reason code (the rule's, or `override` / `inspector_hold`).
    pub reason: String,
    /// `table@version#row` of the rule that fired, when a rule decided.
    pub rule: Option<String>,
    /// The reasoning as a document: the rule engine's trace (its shape is the rule table format's,
    /// named by `rule`), or the person's hold. Kept as written; nothing reads a decision from it.
    pub trace: serde_json::Value,
    pub recovery_minor: Option<i64>,
    pub currency: Option<String>,
    pub decided_by: DecidedBy,
    pub supersedes: Option<String>,
    /// v2: the other decisions of the unit nothing superseded when this one was made (written at
    /// other stations while this one was offline, ../shared/sync.md "Conflicts"): a person's
    /// decision settles them all.
    pub also_supersedes: Vec<String>,
    /// A person's words: why they overrode or held.
    pub note: Option<String>,
    /// v3: what the customer gets back for the unit (the rule's row, or the person's word). Absent
    /// in decisions made before refunds were decided: nobody decided one, a person has to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<RefundDecided>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RefundKind {
    Full,
    Partial,
    None,
    Review,
}

impl RefundKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RefundKind::Full => "full",
            RefundKind::Partial => "partial",
            RefundKind::None => "none",
            RefundKind::Review => "review",
        }
    }
}

/// A unit's refund: full, partial (the price less `fee_bp` basis points of it), none, or review
/// (a person decides); `amount_minor` in the decision's currency, None while under review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct RefundDecided {
    pub kind: RefundKind,
    pub fee_bp: Option<u32>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub amount_minor: Option<i64>,
}

// ---- custody and registers ---------------------------------------------------------------------

/// A unit this station took over (../shared/sync.md "Conflicts"): the hub handed it from the
/// station that held it (`from_stream`) with its receipt and the register writes nothing had
/// superseded there (its current grades and decisions). `seen` names those writes: what this
/// station's later writes of the unit supersede.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitTakenOver {
    pub lpn: String,
    pub from_stream: String,
    pub seen: Vec<String>,
    pub received: UnitReceived,
    pub inspections: Vec<Inspected>,
    pub decisions: Vec<Decided>,
}

/// A unit's custody moved at the hub: `holder_stream` holds it now, `from_stream` held it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustodyChanged {
    pub lpn: String,
    pub holder_stream: String,
    pub from_stream: String,
}

/// The hub's settlement of a register (`grade` or `disposition`) written concurrently at more
/// than one station: `write_id` (an inspection or disposition id) won among `heads` writes;
/// `conflict` when the top-authority heads disagree and a supervisor should look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterSettled {
    pub lpn: String,
    pub register: String,
    pub write_id: String,
    pub value: String,
    pub heads: u32,
    pub conflict: bool,
}

// ---- labels -------------------------------------------------------------------------------------

/// A label to print, queued in the transaction that decided the unit (or by a reprint).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintQueued {
    pub job_id: String,
    pub lpn: String,
    /// The printer as configured when queued (`folder:/…`, `cups:queue`, `raw:host:port`).
    pub printer: String,
    pub format: String,
    pub template: String,
    pub language: String,
    /// `decision`, `reprint`, `receipt`, …
    pub reason: String,
}

/// One try at a printer, about to start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintSending {
    pub job_id: String,
    pub attempt: u32,
    pub printer: String,
}

/// One try at a printer: printed, or failed (and whether it is tried again, and when).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintAttempted {
    pub job_id: String,
    pub attempt: u32,
    pub printer: String,
    pub ok: bool,
    /// What the device answered (file path, CUPS job id, bytes sent) when printed.
    pub answer: Option<serde_json::Value>,
    pub error_code: Option<String>,
    pub error: Option<String>,
    /// Set when the job waits for another try; None when printed or given up.
    pub retry_at: Option<String>,
}

/// A label CUPS took, followed there: `printing`, `done` or `failed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintFollowed {
    pub job_id: String,
    pub state: String,
    pub error_code: Option<String>,
    pub error: Option<String>,
}

/// What a supervisor did to an item of the queue. An item is `kind` (`hold`, `waiting`,
/// `conflict`) of the unit `lpn` in one `episode` (a hold: the hold's disposition id; waiting:
/// when the unit was parked; a conflict: the write the hub settled on): the clock of a later
/// episode starts afresh. `action`: `pause` (with `pause_reason`: the clock stops), `resume`,
/// `extend` (the target moves `hours` later), `assign` (to `operator_id`, none: unassigned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueChanged {
    pub kind: String,
    pub lpn: String,
    pub episode: String,
    pub action: String,
    pub hours: Option<u32>,
    pub pause_reason: Option<String>,
    pub operator_id: Option<String>,
    pub note: String,
}

/// An item of the queue passed its target: open since `since`, due at `due_at` (the SLA's
/// `target_hours` plus any extension and pause), noticed by the station at the event's time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaBreached {
    pub kind: String,
    pub lpn: String,
    pub episode: String,
    pub since: String,
    pub due_at: String,
    pub target_hours: u32,
}

/// A request that a supervisor look at a unit's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideRequested {
    pub request_id: String,
    pub lpn: String,
    pub disposition_id: String,
    pub channel: Option<String>,
    pub note: String,
}
