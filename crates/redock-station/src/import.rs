//! Expected returns from a CSV file (`redock import rmas`, and the same importer behind the UI).
//! The file's format and its checks are `redock_domain::returns_file`, shared with the hub's
//! upload; here the station says what it knows (shops, SKUs, RMAs) and records the good returns,
//! all in one transaction with an `rma_added` event each.

use crate::auth::{Role, Session};
use crate::error::StationError;
use crate::events::{record, EventBody};
use crate::station::Station;
use redock_domain::returns_file::{read_csv, FileError, Known};
pub use redock_domain::returns_file::{RowError, COLUMNS, ROW_CODES};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportReport {
    /// The character encoding the file was read in (`UTF-8`, `UTF-16LE`, `windows-1250`, …).
    pub encoding: String,
    pub imported: Vec<String>,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub rows_read: u64,
    pub errors: Vec<RowError>,
}

impl From<FileError> for StationError {
    fn from(e: FileError) -> Self {
        match e {
            FileError::Refused(reason) => StationError::Import { reason },
            FileError::Encoding { line, guess, sample } => {
                StationError::ImportEncoding { line, guess, sample }
            }
        }
    }
}

impl Station {
    /// Import expected returns. Supervisors and admins only.
    pub fn import_rmas(&self, session: &Session, bytes: &[u8]) -> Result<ImportReport, StationError> {
        session.require(Role::Supervisor)?;
        // At a station connected to a hub, the hub holds the expected returns: two stations
        // importing one file must not make two competing facts.
        if self.store.read(crate::station::hub_of)?.is_some() {
            return Err(StationError::Refused {
                code: "import.use_hub",
                message: "this station is connected to a hub: import the file at the hub, which sends the returns to every station of the site".into(),
            });
        }
        let codes = self.codes();
        let (skus, shops, existing) = self.store.read(|c| -> Result<_, StationError> {
            let strings = |sql: &str| -> Result<HashSet<String>, StationError> {
                let mut st = c.prepare(sql)?;
                let rows = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
                Ok(rows)
            };
            Ok((
                strings("SELECT sku FROM sku")?,
                strings("SELECT shop FROM shop")?,
                strings("SELECT rma FROM expected_return")?,
            ))
        })?;
        let known = Known {
            shops: &shops,
            skus: &skus,
            existing: &existing,
            codes: &codes,
        };
        let read = read_csv(bytes, &known)?;
        tracing::info!(encoding = %read.encoding, "RMA file read");
        let mut report = ImportReport {
            encoding: read.encoding,
            rows_read: read.rows_read,
            errors: read.errors,
            imported: Vec::new(),
        };
        let good = read.good;
        let now = self.clock.now();
        self.store.write(|tx| {
            Station::check_session(tx, session)?;
            for r in &good {
                // Customers' names are personal data: kept apart from the `rma_added` facts.
                crate::customers::remember(tx, &r.customer_id, &r.customer_name)?;
                record(
                    tx,
                    &EventBody::RmaAdded(r.fact()),
                    Some(&session.operator_id),
                    now,
                )?;
            }
            Ok::<_, StationError>(())
        })?;
        report.imported = good.into_iter().map(|r| r.rma).collect();
        tracing::info!(
            imported = report.imported.len(),
            errors = report.errors.len(),
            "RMA import"
        );
        Ok(report)
    }
}
