//! Receiving a unit: it gets its license plate (LPN) and becomes a row the later steps work on.
//! The receiving issue grows this into parcels, matching and exceptions; the shape stays: one
//! transaction, the unit row and its `unit_received` event together.

use crate::auth::Session;
use crate::error::StationError;
use crate::events::{record, EventBody, UnitReceived};
use crate::station::Station;
use redock_domain::codes::{format_lpn, Lpn};
use rusqlite::OptionalExtension;

#[derive(Debug, Clone, Default)]
pub struct ReceiveInput {
    pub parcel_id: Option<String>,
    pub rma: Option<String>,
    pub line_no: Option<u32>,
    pub sku: Option<String>,
    pub gtin: Option<String>,
    pub serial: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Received {
    pub seq: i64,
    pub lpn: String,
}

impl Station {
    pub fn receive_unit(&self, session: &Session, input: ReceiveInput) -> Result<Received, StationError> {
        let now = self.clock.now();
        self.store.write(|tx| {
            Station::check_session(tx, session)?;
            receive_in_tx(tx, &session.operator_id, now, input)
        })
    }
}

/// Issue the next license plate of this station and record the unit, inside the caller's transaction.
pub(crate) fn receive_in_tx(
    tx: &rusqlite::Transaction<'_>,
    operator_id: &str,
    now: time::OffsetDateTime,
    input: ReceiveInput,
) -> Result<Received, StationError> {
    let station_number = Station::station_number(tx)?;
    let last: u32 = tx
        .prepare_cached(crate::queries::LPN_COUNTER)?
        .query_row([station_number], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    let counter = last + 1;
    let lpn = format_lpn(Lpn {
        station: station_number,
        counter,
    })
    .map_err(|e| StationError::Config(format!("cannot issue a license plate: {e}")))?;
    let body = EventBody::UnitReceived(UnitReceived {
        lpn: lpn.clone(),
        station_number,
        counter,
        parcel_id: input.parcel_id,
        rma: input.rma,
        line_no: input.line_no,
        sku: input.sku,
        gtin: input.gtin,
        serial: input.serial,
    });
    let event = record(tx, &body, Some(operator_id), now)?;
    Ok(Received { seq: event.seq, lpn })
}
