//! The reference data the hub holds for the station's site (operators with their PIN hashes,
//! grading sets, the rule table, vendor agreements, site-wide settings), taken in by the pull
//! (`sync.rs`) in the page's transaction: each piece becomes the fact it stands for, recorded with
//! origin `hub` (never pushed back but as ids), and only when it says something new here. A PIN
//! hash goes to `operator_secret`, never into an event.
//!
//! The grading sets and the rule table in force are projections (`grading_set`, `rule_table`):
//! the embedded demo sets with those the hub put replacing the set of their id, and the hub's
//! table or the demo one. `Station::reload_reference` reads them on open and after a pull.

use crate::error::StationError;
use crate::events::{record_from, EventBody, Origin};
use crate::station::Station;
use redock_domain::disposition::Table;
use redock_domain::grading::{GradingSet, GradingSets};
use redock_events::feed::Reference;
use redock_events::payloads::{
    CustodyChanged, GradingSetAdopted, OperatorAdded, OperatorChanged, RegisterSettled, RmaAdded, RmaLine,
    RulesAdopted, VendorAgreementSet,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// The grading sets in force from the station's `grading_set` rows: the demo sets, each
/// replaced by the stored set of its id, and the others added.
pub(crate) fn stored_grading(
    c: &Connection,
    extra: Option<&GradingSet>,
) -> Result<GradingSets, StationError> {
    let mut sets: Vec<GradingSet> = redock_domain::grading::demo_sets().all().to_vec();
    let mut st = c.prepare_cached("SELECT set_id, definition FROM grading_set ORDER BY set_id")?;
    let rows: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, definition) in rows {
        let set = GradingSet::from_json(&definition)
            .map_err(|e| StationError::Config(format!("stored grading set {id}: {e}")))?;
        sets.retain(|s| s.id != set.id);
        sets.push(set);
    }
    if let Some(set) = extra {
        sets.retain(|s| s.id != set.id);
        sets.push(set.clone());
    }
    GradingSets::new(sets).map_err(|e| StationError::Config(e.to_string()))
}

/// The JSON of the rule table in force: the stored one, or None (the demo table).
pub(crate) fn stored_rule_table(c: &Connection) -> Result<Option<String>, rusqlite::Error> {
    c.prepare_cached("SELECT definition FROM rule_table WHERE slot = 1")?
        .query_row([], |r| r.get(0))
        .optional()
}

/// The rule table in force: the stored one, or None (the demo table).
pub(crate) fn stored_rules(c: &Connection) -> Result<Option<Table>, StationError> {
    stored_rule_table(c)?
        .map(|d| Table::from_json(&d).map_err(|e| StationError::Config(format!("stored rule table: {e}"))))
        .transpose()
}

impl Station {
    /// Put the stored grading sets and rule table in force (on open, and after a pull took in new
    /// ones). A stored definition this build cannot read leaves the one in force and is logged:
    /// the dock goes on.
    pub fn reload_reference(&self) -> Result<(), StationError> {
        let (grading, rules) = self
            .store
            .read(|c| Ok::<_, StationError>((stored_grading(c, None), stored_rules(c))))?;
        match grading {
            Ok(sets) => self.set_grading(sets),
            Err(e) => {
                tracing::error!(error = %e, "the stored grading sets cannot be used; the previous ones stay")
            }
        }
        match rules {
            Ok(Some(table)) => self.set_rules(table),
            Ok(None) => {}
            Err(e) => {
                tracing::error!(error = %e, "the stored rule table cannot be used; the previous one stays")
            }
        }
        Ok(())
    }
}

/// What taking in one piece of reference data did.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Taken {
    /// Facts recorded (or a PIN stored).
    pub applied: u64,
    /// The grading sets or the rule table changed: reload them after the commit.
    pub reload: bool,
}

struct Operator {
    badge: String,
    name: String,
    role: String,
    language: String,
    active: bool,
}

/// Take in one piece of the hub's reference data, inside the pull's transaction.
pub(crate) fn take_in(
    tx: &Transaction<'_>,
    item: &Reference,
    now: time::OffsetDateTime,
) -> Result<Taken, StationError> {
    let mut taken = Taken::default();
    let mut fact = |tx: &Transaction<'_>, body: EventBody| -> Result<(), StationError> {
        record_from(tx, &body, None, now, Origin::Hub)?;
        taken.applied += 1;
        Ok(())
    };
    match item {
        Reference::Operator {
            operator_id,
            badge,
            name,
            role,
            language,
            active,
            pin_hash,
        } => {
            let here: Option<Operator> = tx
                .query_row(
                    "SELECT badge, name, role, language, active FROM operator WHERE operator_id = ?1",
                    [operator_id],
                    |r| {
                        Ok(Operator {
                            badge: r.get(0)?,
                            name: r.get(1)?,
                            role: r.get(2)?,
                            language: r.get(3)?,
                            active: r.get(4)?,
                        })
                    },
                )
                .optional()?;
            let badge_holder: Option<String> = tx
                .query_row(
                    "SELECT operator_id FROM operator WHERE badge = ?1",
                    [badge],
                    |r| r.get(0),
                )
                .optional()?;
            let changed = EventBody::OperatorChanged(OperatorChanged {
                operator_id: operator_id.clone(),
                badge: badge.clone(),
                name: name.clone(),
                role: *role,
                language: language.clone(),
                active: *active,
            });
            if badge_holder.as_ref().is_some_and(|h| h != operator_id) {
                tracing::warn!(operator = %operator_id, badge = %badge, "the hub's operator has a badge another operator holds here; not taken in");
                return Ok(taken);
            }
            match here {
                None => {
                    fact(
                        tx,
                        EventBody::OperatorAdded(OperatorAdded {
                            operator_id: operator_id.clone(),
                            badge: badge.clone(),
                            name: name.clone(),
                            role: *role,
                            language: language.clone(),
                        }),
                    )?;
                    if !active {
                        fact(tx, changed)?;
                    }
                }
                Some(o) => {
                    let same = o.badge == *badge
                        && o.name == *name
                        && o.role == role.as_str()
                        && o.language == *language
                        && o.active == *active;
                    if !same {
                        fact(tx, changed)?;
                    }
                }
            }
            if let Some(hash) = pin_hash {
                let stored: Option<String> = tx
                    .query_row(
                        "SELECT pin_hash FROM operator_secret WHERE operator_id = ?1",
                        [operator_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if stored.as_deref() != Some(hash.as_str()) {
                    tx.execute(
                        "INSERT INTO operator_secret (operator_id, pin_hash) VALUES (?1, ?2)
                         ON CONFLICT(operator_id) DO UPDATE SET pin_hash = excluded.pin_hash",
                        params![operator_id, hash],
                    )?;
                    taken.applied += 1;
                }
            }
        }
        Reference::GradingSet {
            set_id,
            version,
            definition,
        } => {
            let held: Option<(u32, String)> = tx
                .query_row(
                    "SELECT version, definition FROM grading_set WHERE set_id = ?1",
                    [set_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if held.is_some_and(|(v, d)| v == *version && d == *definition) {
                return Ok(taken);
            }
            let checked = GradingSet::from_json(definition)
                .map_err(|e| StationError::Config(e.to_string()))
                .and_then(|set| stored_grading(tx, Some(&set)).map(|_| ()));
            if let Err(e) = checked {
                tracing::warn!(set = %set_id, error = %e, "a grading set from the hub this station cannot use; not taken in");
                return Ok(taken);
            }
            fact(
                tx,
                EventBody::GradingSetAdopted(GradingSetAdopted {
                    set_id: set_id.clone(),
                    version: *version,
                    definition: definition.clone(),
                }),
            )?;
            taken.reload = true;
        }
        Reference::Rules {
            table_id,
            version,
            definition,
        } => {
            let held: Option<String> = tx
                .query_row("SELECT definition FROM rule_table WHERE slot = 1", [], |r| {
                    r.get(0)
                })
                .optional()?;
            if held.as_deref() == Some(definition.as_str()) {
                return Ok(taken);
            }
            if let Err(e) = Table::from_json(definition) {
                tracing::warn!(table = %table_id, error = %e, "a rule table from the hub this station cannot use; not taken in");
                return Ok(taken);
            }
            fact(
                tx,
                EventBody::RulesAdopted(RulesAdopted {
                    table_id: table_id.clone(),
                    version: *version,
                    definition: definition.clone(),
                }),
            )?;
            taken.reload = true;
        }
        Reference::VendorAgreement { vendor, agreement } => {
            let rtv = serde_json::to_value(agreement.rtv)?;
            let same: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM vendor_agreement WHERE vendor = ?1 AND rtv = ?2 AND window_days = ?3
                                                                AND credit_bp = ?4)",
                params![vendor, rtv.as_str().unwrap_or_default(), agreement.window_days, agreement.credit_bp],
                |r| r.get(0),
            )?;
            if !same {
                fact(
                    tx,
                    EventBody::VendorAgreementSet(VendorAgreementSet {
                        vendor: vendor.clone(),
                        agreement: *agreement,
                    }),
                )?;
            }
        }
        Reference::Setting { key, value } => {
            let stored: Option<serde_json::Value> =
                crate::settings::stored_setting(tx, key)?.and_then(|s| serde_json::from_str(&s).ok());
            if stored.as_ref() != Some(value) {
                fact(
                    tx,
                    EventBody::SettingChanged {
                        key: key.clone(),
                        value: value.clone(),
                    },
                )?;
            }
        }
        // A unit's custody moved: taken in when this station has the unit and its custody
        // changes here (given away, or come back).
        Reference::Custody {
            lpn,
            holder_stream,
            from_stream,
        } => {
            let here = crate::sync::unit_custody(tx, lpn)?;
            let own: Option<String> = crate::events::stream_id(tx)?;
            if let Some(custody) = here {
                let now_held =
                    (own.as_deref() != Some(holder_stream.as_str())).then(|| holder_stream.clone());
                if custody != now_held {
                    fact(
                        tx,
                        EventBody::CustodyChanged(CustodyChanged {
                            lpn: lpn.clone(),
                            holder_stream: holder_stream.clone(),
                            from_stream: from_stream.clone(),
                        }),
                    )?;
                }
            }
        }
        // The hub's settlement of a register: taken in when this station holds the winning write.
        Reference::Register {
            lpn,
            register,
            write_id,
            value,
            heads,
            conflict,
        } => {
            let sql = if register == "grade" {
                "SELECT EXISTS (SELECT 1 FROM inspection WHERE inspection_id = ?1)"
            } else {
                "SELECT EXISTS (SELECT 1 FROM disposition WHERE disposition_id = ?1)"
            };
            let held: bool = tx.query_row(sql, [write_id], |r| r.get(0))?;
            let same: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM register_settled WHERE lpn = ?1 AND register = ?2
                                                                AND write_id = ?3 AND heads = ?4 AND conflict = ?5)",
                params![lpn, register, write_id, heads, conflict],
                |r| r.get(0),
            )?;
            if held && !same {
                fact(
                    tx,
                    EventBody::RegisterSettled(RegisterSettled {
                        lpn: lpn.clone(),
                        register: register.clone(),
                        write_id: write_id.clone(),
                        value: value.clone(),
                        heads: *heads,
                        conflict: *conflict,
                    }),
                )?;
            }
        }
        Reference::Shop(shop) => {
            let same: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM shop WHERE shop = ?1 AND name = ?2 AND rma_pattern = ?3
                                                     AND return_window_days = ?4)",
                params![shop.shop, shop.name, shop.rma_pattern, shop.return_window_days],
                |r| r.get(0),
            )?;
            if !same {
                fact(tx, EventBody::ShopConfigured(shop.clone()))?;
                taken.reload = true;
            }
        }
        // A return a shop sent to the hub: recorded when new here, amended while nothing of it
        // was received here. Once a unit of it is here, its lines are what the units were
        // matched to: a later change (the shop changed it while this station was offline, and
        // the hub had not heard of the receipt) is logged and left, and the receipt reaching
        // the hub settles it there.
        Reference::Rma {
            added, customer_name, ..
        } => {
            let held = held_return(tx, &added.rma)?;
            let mut sorted = added.clone();
            sorted.lines.sort_by_key(|l| l.line_no);
            match held {
                None => {
                    fact(tx, EventBody::RmaAdded(added.clone()))?;
                }
                Some(h) if h == sorted => {}
                Some(_) => {
                    let received: bool = tx.query_row(
                        "SELECT EXISTS (SELECT 1 FROM unit WHERE rma = ?1)",
                        [&added.rma],
                        |r| r.get(0),
                    )?;
                    if received {
                        tracing::warn!(rma = %added.rma,
                            "the shop changed a return this station has received units of: the change is not taken in");
                    } else {
                        fact(tx, EventBody::RmaAmended(added.clone()))?;
                    }
                }
            }
            if let Some(name) = customer_name {
                crate::customers::remember(tx, &added.customer_id, name)?;
            }
        }
        Reference::Unknown => {
            tracing::warn!("a kind of reference data this version does not know: skipped");
        }
    }
    Ok(taken)
}

/// The return as this station expects it (lines in order), if it has it.
fn held_return(tx: &Transaction<'_>, rma: &str) -> Result<Option<RmaAdded>, StationError> {
    let header = tx
        .query_row(
            "SELECT shop, order_no, order_date, customer_id, customer_tier, tracking
               FROM expected_return WHERE rma = ?1",
            [rma],
            |r| {
                Ok(RmaAdded {
                    rma: rma.to_string(),
                    shop: r.get(0)?,
                    order_no: r.get(1)?,
                    order_date: r.get(2)?,
                    customer_id: r.get(3)?,
                    customer_tier: r.get(4)?,
                    tracking: r.get(5)?,
                    lines: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut header) = header else {
        return Ok(None);
    };
    let mut st = tx.prepare_cached(
        "SELECT line_no, sku, quantity, serials, stated_reason FROM rma_line WHERE rma = ?1 ORDER BY line_no",
    )?;
    let rows: Vec<(u32, String, u32, String, Option<String>)> = st
        .query_map([rma], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    for (line_no, sku, quantity, serials, stated_reason) in rows {
        header.lines.push(RmaLine {
            line_no,
            sku,
            quantity,
            serials: serde_json::from_str(&serials)?,
            stated_reason,
        });
    }
    Ok(Some(header))
}
