//! Customers' personal data: kept out of the event log (facts carry `customer_id`), in the
//! `customer` table, which is not a projection (a rebuild keeps it). Erasure is a fact,
//! `customer_erased`, that removes the data; the screens then say "erased". With
//! `secure_delete` on and the WAL truncated after an erasure, the name is gone from the file.

use crate::auth::{Role, Session};
use crate::error::StationError;
use crate::events::{record, CustomerErased, EventBody};
use crate::station::Station;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// Keep a customer's name for the screens, in the caller's transaction (with the RMA that names
/// them). An erased customer's name is not taken in again.
pub(crate) fn remember(tx: &Transaction<'_>, customer_id: &str, name: &str) -> Result<(), StationError> {
    if erased(tx, customer_id)? {
        tracing::warn!(
            customer = customer_id,
            "an erased customer's name was offered again; not kept"
        );
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT INTO customer (customer_id, name, search) VALUES (?1, ?2, ?3)
         ON CONFLICT(customer_id) DO UPDATE SET name = excluded.name, search = excluded.search",
    )?
    .execute(params![customer_id, name, redock_domain::words::fold_name(name)])?;
    Ok(())
}

/// Migration 0009: every kept name gets its folded form for the desk's search.
pub(crate) fn fold_names(tx: &Transaction<'_>) -> Result<(), rusqlite::Error> {
    let names: Vec<(String, String)> = tx
        .prepare("SELECT customer_id, name FROM customer")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut set = tx.prepare("UPDATE customer SET search = ?2 WHERE customer_id = ?1")?;
    for (id, name) in names {
        set.execute(params![id, redock_domain::words::fold_name(&name)])?;
    }
    Ok(())
}

pub(crate) fn erased(c: &Connection, customer_id: &str) -> Result<bool, StationError> {
    Ok(
        c.prepare_cached("SELECT EXISTS (SELECT 1 FROM customer_erasure WHERE customer_id = ?1)")?
            .query_row([customer_id], |r| r.get(0))?,
    )
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Erased {
    pub customer_id: String,
    // i64 crosses to the UI as a JS number (exact up to 2^53).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub seq: i64,
    /// Expected returns of the customer (kept, with the customer as "erased").
    pub returns: u32,
}

impl Station {
    /// Erase a customer's personal data (admins): a `customer_erased` fact, the name removed, the
    /// WAL truncated so no copy of the old page stays in it. An unknown customer, or one already
    /// erased: an error, nothing changed.
    pub fn erase_customer(
        &self,
        session: &Session,
        customer_id: &str,
        reason: Option<&str>,
    ) -> Result<Erased, StationError> {
        session.require(Role::Admin)?;
        let now = self.clock.now();
        let erased_now = self.store.write(|tx| {
            Station::check_session(tx, session)?;
            if erased(tx, customer_id)? {
                return Err(StationError::Refused {
                    code: "customer.already_erased",
                    message: format!("customer {customer_id} was already erased"),
                });
            }
            let known: Option<String> = tx
                .query_row(
                    "SELECT name FROM customer WHERE customer_id = ?1",
                    [customer_id],
                    |r| r.get(0),
                )
                .optional()?;
            let returns: u32 = tx.query_row(
                "SELECT count(*) FROM expected_return WHERE customer_id = ?1",
                [customer_id],
                |r| r.get(0),
            )?;
            if known.is_none() && returns == 0 {
                return Err(StationError::Refused {
                    code: "customer.unknown",
                    message: format!("no customer {customer_id} is known here; nothing was erased"),
                });
            }
            let event = record(
                tx,
                &EventBody::CustomerErased(CustomerErased {
                    customer_id: customer_id.to_string(),
                    reason: reason.map(str::to_string),
                }),
                Some(&session.operator_id),
                now,
            )?;
            crate::store::mark_wal_truncate_due(tx)?;
            Ok(Erased {
                customer_id: customer_id.to_string(),
                seq: event.seq,
                returns,
            })
        })?;
        // The old page (with the name) may still be in the WAL: fold it into the file, where
        // secure_delete has zeroed it, and empty the WAL (now, or once a reader lets go).
        self.store.truncate_wal_if_due()?;
        tracing::info!(customer = customer_id, seq = erased_now.seq, "customer erased");
        Ok(erased_now)
    }
}
