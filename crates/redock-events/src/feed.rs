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
        }
    }
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
}
