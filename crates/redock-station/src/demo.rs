//! Demo data for the embedded default (assets/demo/demo.json): a site and station, operators, SKUs
//! and expected returns. Loaded once, in one transaction, as events like any other change.

use crate::auth::hash_pin;
use crate::error::StationError;
use crate::events::{
    record, EventBody, OperatorAdded, RmaAdded, ShopConfigured, SkuAdded, StationConfigured,
    VendorAgreementSet,
};
use crate::station::Station;
use serde::Deserialize;

pub const DEMO_JSON: &str = include_str!("../../../assets/demo/demo.json");

#[derive(Debug, Deserialize)]
pub struct DemoData {
    pub station: StationConfigured,
    pub shops: Vec<ShopConfigured>,
    pub operators: Vec<DemoOperator>,
    pub skus: Vec<SkuAdded>,
    pub returns: Vec<DemoReturn>,
    #[serde(default)]
    pub vendors: Vec<VendorAgreementSet>,
}

#[derive(Debug, Deserialize)]
pub struct DemoOperator {
    pub operator_id: String,
    pub badge: String,
    pub name: String,
    pub role: String,
    pub language: String,
    /// Demo PINs are public (README); they are hashed before they are stored.
    pub pin: String,
}

/// An expected return as the demo file has it: the RMA, and its customer's name (kept apart from
/// the event, in the station's customer table).
#[derive(Debug, Clone)]
pub struct DemoReturn {
    pub rma: RmaAdded,
    pub customer_name: String,
}

impl<'de> Deserialize<'de> for DemoReturn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut v = serde_json::Map::deserialize(d)?;
        let name = match v.remove("customer_name") {
            Some(serde_json::Value::String(s)) => s,
            _ => return Err(D::Error::missing_field("customer_name")),
        };
        let rma = RmaAdded::deserialize(serde_json::Value::Object(v)).map_err(D::Error::custom)?;
        Ok(DemoReturn {
            rma,
            customer_name: name,
        })
    }
}

pub fn demo_data() -> Result<DemoData, StationError> {
    serde_json::from_str(DEMO_JSON).map_err(|e| StationError::Config(format!("assets/demo/demo.json: {e}")))
}

impl Station {
    /// Load the demo data if the station has no operators yet. Returns whether it loaded.
    pub fn seed_demo_if_empty(&self) -> Result<bool, StationError> {
        let has_operators: bool = self
            .store
            .read(|c| c.query_row("SELECT EXISTS (SELECT 1 FROM operator)", [], |r| r.get(0)))?;
        if has_operators {
            return Ok(false);
        }
        let demo = demo_data()?;
        let mut operators = Vec::with_capacity(demo.operators.len());
        for o in &demo.operators {
            operators.push((
                OperatorAdded {
                    operator_id: o.operator_id.clone(),
                    badge: o.badge.clone(),
                    name: o.name.clone(),
                    role: crate::events::from_domain::role(&o.role)?,
                    language: o.language.clone(),
                },
                hash_pin(&o.pin)?,
            ));
        }
        let now = self.clock.now();
        self.store
            .write(|tx| {
                // Another process may have seeded between our check and the write lock.
                let seeded: bool =
                    tx.query_row("SELECT EXISTS (SELECT 1 FROM operator)", [], |r| r.get(0))?;
                if seeded {
                    return Ok(false);
                }
                record(tx, &EventBody::StationConfigured(demo.station.clone()), None, now)?;
                // The demo site is a Polish warehouse: its days are Warsaw's.
                let site = crate::settings::SiteSettings {
                    time_zone: "Europe/Warsaw".into(),
                };
                record(
                    tx,
                    &EventBody::SettingChanged {
                        key: crate::settings::SITE.into(),
                        value: serde_json::to_value(site)?,
                    },
                    None,
                    now,
                )?;
                for shop in &demo.shops {
                    record(tx, &EventBody::ShopConfigured(shop.clone()), None, now)?;
                }
                for (o, pin_hash) in operators {
                    crate::auth::add_operator(tx, o, &pin_hash, None, now)?;
                }
                for v in &demo.vendors {
                    record(tx, &EventBody::VendorAgreementSet(v.clone()), None, now)?;
                }
                for s in &demo.skus {
                    record(tx, &EventBody::SkuAdded(s.clone()), None, now)?;
                }
                for r in &demo.returns {
                    crate::customers::remember(tx, &r.rma.customer_id, &r.customer_name)?;
                    record(tx, &EventBody::RmaAdded(r.rma.clone()), None, now)?;
                }
                tracing::info!("demo data loaded");
                Ok::<_, StationError>(true)
            })
            .and_then(|loaded| {
                self.reload_codes()?;
                Ok(loaded)
            })
    }
}
