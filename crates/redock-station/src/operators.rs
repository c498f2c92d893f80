//! Operators at a station that works on its own (#16 item 5): an administrator adds one (badge,
//! name, role, language, PIN), changes a role, a language or a name, disables or enables one, and
//! gives a new PIN. Each is a fact (`operator_added`, `operator_changed`, `pin_reset`; the PIN's
//! hash goes to `operator_secret`, never into an event) in the transaction that makes the change.
//!
//! Once the station is enrolled with a hub, operators are the hub's reference data for the whole
//! site (`redock hub admin operator`, reaching every station of it through the pull): changing
//! them here is refused (`operators.at_hub`), so no station has operators the others do not.

use crate::auth::{hash_pin, Role, Session};
use crate::error::StationError;
use crate::events::{record, EventBody};
use crate::station::Station;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

/// The languages the window speaks.
pub const LANGUAGES: [&str; 5] = ["en", "pl", "ro", "nb", "ru"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OperatorView {
    pub operator_id: String,
    pub badge: String,
    pub name: String,
    pub role: Role,
    pub language: String,
    pub active: bool,
    /// Locked after wrong PINs until then (a new PIN ends it).
    pub locked_until: Option<String>,
}

/// A new operator as an administrator types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewOperator {
    pub badge: String,
    pub name: String,
    /// `inspector`, `supervisor` or `admin`.
    pub role: String,
    pub language: String,
    pub pin: String,
}

/// What changes (None: as it is).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct OperatorChange {
    pub badge: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    pub language: Option<String>,
    pub active: Option<bool>,
}

fn refused(code: &'static str, message: String) -> StationError {
    StationError::Refused { code, message }
}

fn role_of(s: &str) -> Result<Role, StationError> {
    Role::parse(s.trim()).ok_or_else(|| {
        refused(
            "operators.role_required",
            format!("an operator's role is inspector, supervisor or admin, not {s:?}"),
        )
    })
}

fn badge_of(s: &str) -> Result<String, StationError> {
    let b = s.trim();
    if b.is_empty() || b.len() > 64 || b.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refused(
            "operators.badge_invalid",
            format!("a badge is 1 to 64 characters without spaces, not {s:?}"),
        ));
    }
    Ok(b.to_owned())
}

fn name_of(s: &str) -> Result<String, StationError> {
    let n = s.trim();
    if n.is_empty() || n.chars().count() > 80 {
        return Err(refused(
            "operators.name_required",
            "an operator's name is 1 to 80 characters".into(),
        ));
    }
    Ok(n.to_owned())
}

fn language_of(s: &str) -> Result<String, StationError> {
    let l = s.trim();
    if !LANGUAGES.contains(&l) {
        return Err(refused(
            "operators.language_unknown",
            format!("the window speaks {}, not {s:?}", LANGUAGES.join(", ")),
        ));
    }
    Ok(l.to_owned())
}

fn pin_of(s: &str) -> Result<&str, StationError> {
    if !(4..=8).contains(&s.len()) || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(refused("operators.pin_invalid", "a PIN is 4 to 8 digits".into()));
    }
    Ok(s)
}

fn operators_in(c: &Connection) -> Result<Vec<OperatorView>, StationError> {
    let rows = c
        .prepare_cached(
            "SELECT operator_id, badge, name, role, language, active, locked_until FROM operator
              ORDER BY active DESC, name",
        )?
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, bool>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(
            |(operator_id, badge, name, role, language, active, locked_until)| {
                Ok(OperatorView {
                    role: Role::parse(&role).ok_or_else(|| {
                        StationError::Config(format!("stored role {role:?} of {operator_id}"))
                    })?,
                    operator_id,
                    badge,
                    name,
                    language,
                    active,
                    locked_until,
                })
            },
        )
        .collect()
}

/// Refuses when the station is enrolled: the hub's operators are the site's.
fn standalone(tx: &Transaction<'_>) -> Result<(), StationError> {
    let hub: Option<String> = tx
        .query_row("SELECT value FROM meta WHERE key = 'hub_url'", [], |r| r.get(0))
        .optional()?;
    if hub.is_some() {
        return Err(refused(
            "operators.at_hub",
            "this station is enrolled with a hub: operators are set there for the whole site (redock hub admin operator)"
                .into(),
        ));
    }
    Ok(())
}

fn badge_taken(tx: &Transaction<'_>, badge: &str, other_than: Option<&str>) -> Result<(), StationError> {
    let holder: Option<String> = tx
        .query_row(
            "SELECT operator_id FROM operator WHERE badge = ?1",
            [badge],
            |r| r.get(0),
        )
        .optional()?;
    match holder {
        Some(h) if Some(h.as_str()) != other_than => Err(refused(
            "operators.badge_taken",
            format!("badge {badge} is {h}'s already"),
        )),
        _ => Ok(()),
    }
}

impl Station {
    /// The station's operators (an administrator's).
    pub fn operators(&self, session: &Session) -> Result<Vec<OperatorView>, StationError> {
        session.require(Role::Admin)?;
        self.store.read(operators_in)
    }

    /// A new operator: `operator_added` and the PIN's hash, in one transaction.
    pub fn add_operator(&self, session: &Session, new: &NewOperator) -> Result<OperatorView, StationError> {
        session.require(Role::Admin)?;
        let (badge, name, role, language) = (
            badge_of(&new.badge)?,
            name_of(&new.name)?,
            role_of(&new.role)?,
            language_of(&new.language)?,
        );
        let hash = hash_pin(pin_of(&new.pin)?)?;
        let now = self.clock.now();
        let id = self.store.write(|tx| {
            Station::check_session(tx, session)?;
            standalone(tx)?;
            badge_taken(tx, &badge, None)?;
            let n: i64 = tx.query_row("SELECT count(*) FROM operator", [], |r| r.get(0))?;
            let mut id = format!("op-{:04}", n + 1);
            while tx
                .query_row("SELECT 1 FROM operator WHERE operator_id = ?1", [&id], |_| Ok(()))
                .optional()?
                .is_some()
            {
                id = format!("op-{}", uuid::Uuid::now_v7().simple());
            }
            let added = crate::events::OperatorAdded {
                operator_id: id.clone(),
                badge: badge.clone(),
                name: name.clone(),
                role: crate::events::from_domain::role(role.as_str())?,
                language: language.clone(),
            };
            crate::auth::add_operator(tx, added, &hash, Some(&session.operator_id), now)?;
            Ok::<_, StationError>(id)
        })?;
        tracing::info!(operator = %id, role = role.as_str(), by = %session.operator_id, "operator added");
        self.store
            .read(operators_in)?
            .into_iter()
            .find(|o| o.operator_id == id)
            .ok_or_else(|| StationError::NotFound { what: "operator", id })
    }

    /// An operator's badge, name, role, language or standing: `operator_changed` with the whole
    /// record. The last active administrator stays one (a station nobody can administer is
    /// refused), and an administrator does not disable themselves.
    pub fn change_operator(
        &self,
        session: &Session,
        operator_id: &str,
        change: &OperatorChange,
    ) -> Result<OperatorView, StationError> {
        session.require(Role::Admin)?;
        let now = self.clock.now();
        self.store.write(|tx| {
            Station::check_session(tx, session)?;
            standalone(tx)?;
            let current = operators_in(tx)?
                .into_iter()
                .find(|o| o.operator_id == operator_id)
                .ok_or_else(|| StationError::NotFound {
                    what: "operator",
                    id: operator_id.to_owned(),
                })?;
            let badge = change
                .badge
                .as_deref()
                .map(badge_of)
                .transpose()?
                .unwrap_or(current.badge.clone());
            badge_taken(tx, &badge, Some(operator_id))?;
            let name = change
                .name
                .as_deref()
                .map(name_of)
                .transpose()?
                .unwrap_or(current.name.clone());
            let role = change
                .role
                .as_deref()
                .map(role_of)
                .transpose()?
                .unwrap_or(current.role);
            let language = change
                .language
                .as_deref()
                .map(language_of)
                .transpose()?
                .unwrap_or(current.language.clone());
            let active = change.active.unwrap_or(current.active);
            if operator_id == session.operator_id && !active {
                return Err(refused(
                    "operators.not_yourself",
                    "an administrator does not disable themselves".into(),
                ));
            }
            if current.role == Role::Admin && current.active && (role != Role::Admin || !active) {
                let admins: i64 = tx.query_row(
                    "SELECT count(*) FROM operator WHERE role = 'admin' AND active AND operator_id <> ?1",
                    [operator_id],
                    |r| r.get(0),
                )?;
                if admins == 0 {
                    return Err(refused(
                        "operators.last_admin",
                        "the station's last active administrator stays one".into(),
                    ));
                }
            }
            let body = EventBody::OperatorChanged(crate::events::OperatorChanged {
                operator_id: operator_id.to_owned(),
                badge,
                name,
                role: crate::events::from_domain::role(role.as_str())?,
                language,
                active,
            });
            record(tx, &body, Some(&session.operator_id), now)?;
            Ok::<_, StationError>(())
        })?;
        tracing::info!(operator = %operator_id, by = %session.operator_id, "operator changed");
        self.store
            .read(operators_in)?
            .into_iter()
            .find(|o| o.operator_id == operator_id)
            .ok_or_else(|| StationError::NotFound {
                what: "operator",
                id: operator_id.to_owned(),
            })
    }

    /// A new PIN for an operator (a forgotten one, or a lockout): the hash replaced and
    /// `pin_reset` recorded, which ends a lockout.
    pub fn reset_pin(&self, session: &Session, operator_id: &str, pin: &str) -> Result<(), StationError> {
        session.require(Role::Admin)?;
        let hash = hash_pin(pin_of(pin)?)?;
        let now = self.clock.now();
        self.store.write(|tx| {
            Station::check_session(tx, session)?;
            standalone(tx)?;
            let n = tx
                .prepare_cached("UPDATE operator_secret SET pin_hash = ?2 WHERE operator_id = ?1")?
                .execute(params![operator_id, hash])?;
            if n == 0 {
                return Err(StationError::NotFound {
                    what: "operator",
                    id: operator_id.to_owned(),
                });
            }
            record(
                tx,
                &EventBody::PinReset {
                    operator_id: operator_id.to_owned(),
                },
                Some(&session.operator_id),
                now,
            )?;
            Ok::<_, StationError>(())
        })?;
        tracing::info!(operator = %operator_id, by = %session.operator_id, "PIN reset");
        Ok(())
    }
}
