//! The pull's wire format (../shared/sync.md): what `GET /v1/sites/{site}/changes` and
//! `GET /v1/sites/{site}/snapshot` carry besides the stations' events — the reference data the hub
//! holds for the site, written at the hub. Shared by the hub that sends it and the station that
//! reads it.
//!
//! These are not events: an operator's PIN hash travels here (to the stations of its site only,
//! which keep it in `operator_secret`), and the log forbids secrets. The station turns each into
//! the facts it stands for (`operator_added`, `operator_changed`, `grading_set_adopted`,
//! `rules_adopted`, `vendor_agreement_set`, `setting_changed`, recorded with origin `hub`), so
//! its log still says what it graded and decided by.

use crate::payloads::{Role, VendorAgreement};
use serde::{Deserialize, Serialize};

/// The kinds of station facts a station takes in from the other stations of its site (expected
/// returns, SKUs, shops, vendor agreements, customer erasures): what a snapshot carries of the
/// stations' streams.
pub const RELAYED_KINDS: [&str; 5] = [
    "rma_added",
    "sku_added",
    "shop_configured",
    "vendor_agreement_set",
    "customer_erased",
];

/// One piece of a site's reference data, as it now stands at the hub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reference {
    Operator {
        operator_id: String,
        badge: String,
        name: String,
        role: Role,
        language: String,
        active: bool,
        /// The argon2id PHC string of the PIN (None in the hub's stored body; filled in from its
        /// own column when sent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pin_hash: Option<String>,
    },
    GradingSet {
        set_id: String,
        version: u32,
        /// The set's JSON text, validated by the domain at the hub.
        definition: String,
    },
    Rules {
        table_id: String,
        version: u32,
        /// The disposition table's JSON text, validated by the domain at the hub.
        definition: String,
    },
    VendorAgreement {
        vendor: String,
        agreement: VendorAgreement,
    },
    Setting {
        key: String,
        value: serde_json::Value,
    },
    /// Which station holds a unit, once the hub handed it from the one that received it.
    Custody {
        lpn: String,
        holder_stream: String,
        from_stream: String,
    },
    /// The hub's settlement of a register with more than one head (`registers.rs` at the hub).
    Register {
        lpn: String,
        register: String,
        write_id: String,
        value: String,
        heads: u32,
        conflict: bool,
    },
    /// A shop whose returns come to the site (configured at the hub).
    Shop(crate::payloads::ShopConfigured),
    /// An expected return a shop sent to the hub (`POST /v1/returns`, or its CSV upload), as it
    /// now stands: `revision` 1 when it came, one more each time the shop changed it before it
    /// arrived.
    Rma {
        added: crate::payloads::RmaAdded,
        revision: u32,
        /// The customer's name (None in the hub's stored body, where it is a column of its own
        /// that an erasure clears; filled in when sent to a station of the site).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        customer_name: Option<String>,
    },
    /// A kind a newer hub sends that this build does not know: skipped, not a failed page.
    #[serde(other)]
    Unknown,
}

impl Reference {
    /// The `kind` column of the hub's row.
    pub fn kind(&self) -> &'static str {
        match self {
            Reference::Operator { .. } => "operator",
            Reference::GradingSet { .. } => "grading_set",
            Reference::Rules { .. } => "rules",
            Reference::VendorAgreement { .. } => "vendor_agreement",
            Reference::Setting { .. } => "setting",
            Reference::Custody { .. } => "custody",
            Reference::Register { .. } => "register",
            Reference::Shop(_) => "shop",
            Reference::Rma { .. } => "rma",
            Reference::Unknown => "unknown",
        }
    }

    /// The row's key within its kind: one row per operator, grading set, vendor and setting; a
    /// site decides by one rule table.
    pub fn key(&self) -> String {
        match self {
            Reference::Operator { operator_id, .. } => operator_id.clone(),
            Reference::GradingSet { set_id, .. } => set_id.clone(),
            Reference::Rules { .. } => "site".to_string(),
            Reference::VendorAgreement { vendor, .. } => vendor.clone(),
            Reference::Setting { key, .. } => key.clone(),
            Reference::Custody { lpn, .. } => lpn.clone(),
            Reference::Register { lpn, register, .. } => format!("{lpn}/{register}"),
            Reference::Shop(s) => s.shop.clone(),
            Reference::Rma { added, .. } => added.rma.clone(),
            Reference::Unknown => String::new(),
        }
    }
}

/// A station asks the hub for a unit (`POST /v1/sites/{site}/units/{lpn}/custody`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct TakeRequest {
    /// The asking station's stream (its later writes of the unit are in it).
    pub stream_id: String,
}

/// What the hub hands a station taking a unit over: what it records as `unit_taken_over`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handed {
    pub lpn: String,
    /// The stream that held the unit (the asking one, when it held it already).
    pub from_stream: String,
    /// The register writes handed over: what the taker's later writes supersede.
    pub seen: Vec<String>,
    pub received: crate::payloads::UnitReceived,
    pub inspections: Vec<crate::payloads::Inspected>,
    /// The heads of the disposition register, the one the register holds last.
    pub decisions: Vec<crate::payloads::Decided>,
    /// The change number of the hand-over (None when nothing moved).
    pub change_no: Option<i64>,
}

/// A piece of reference data with the change number of its last write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefChange {
    pub change_no: i64,
    #[serde(flatten)]
    pub item: Reference,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_reads_back_as_sent() {
        let c = RefChange {
            change_no: 7,
            item: Reference::Operator {
                operator_id: "op-1".into(),
                badge: "B-1".into(),
                name: "Ewa".into(),
                role: Role::Inspector,
                language: "pl".into(),
                active: true,
                pin_hash: Some("$argon2id$x".into()),
            },
        };
        let text = serde_json::to_string(&c).unwrap_or_default();
        assert!(text.contains(r#""kind":"operator""#), "{text}");
        assert_eq!(serde_json::from_str::<RefChange>(&text).ok(), Some(c));
    }

    #[test]
    fn a_kind_from_a_newer_hub_reads_as_unknown() {
        let c: Result<RefChange, _> =
            serde_json::from_str(r#"{"change_no":9,"kind":"container","code":"T-1","zone":"A"}"#);
        assert_eq!(c.ok().map(|c| c.item), Some(Reference::Unknown));
    }

    #[test]
    fn a_shop_and_a_return_read_back_as_written() {
        let shop = Reference::Shop(crate::payloads::ShopConfigured {
            shop: "web".into(),
            name: "Web".into(),
            rma_pattern: r"WS-\d{6}".into(),
            return_window_days: 30,
        });
        let c = RefChange {
            change_no: 3,
            item: shop,
        };
        let text = serde_json::to_string(&c).unwrap_or_default();
        assert_eq!(serde_json::from_str::<RefChange>(&text).ok(), Some(c), "{text}");
    }
}
