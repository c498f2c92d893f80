//! The desk as the station screen shows it, in one read: the status bar, the recent scans, the
//! parcel open on the desk, the inspection in progress, the inspector's day and the print queue.
//! The screen asks after every scan and every few seconds; one snapshot means one round trip
//! and parts that agree with each other (the scan counted in the status is the one listed).

use crate::auth::Session;
use crate::error::StationError;
use crate::inspect::{InspectionView, InspectorDay};
use crate::print_queue::PrintQueueStatus;
use crate::receiving::ParcelView;
use crate::scan::RecentScan;
use crate::station::{Station, StationStatus};
use serde::Serialize;

/// How many of the last scans the screen lists.
pub const RECENT_SCANS_SHOWN: i64 = 8;

/// Everything on the station screen that comes from the store. New parts of the screen are new
/// fields here, read in the same transaction.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Desk {
    pub status: StationStatus,
    /// Newest first.
    pub recent_scans: Vec<RecentScan>,
    /// The parcel open on the desk.
    pub parcel: Option<ParcelView>,
    /// The inspection in progress, in the operator's language.
    pub inspection: Option<InspectionView>,
    /// The operator's units and pace today.
    pub day: InspectorDay,
    /// Labels waiting or failed, and why.
    pub printing: PrintQueueStatus,
    /// Units parked on the waiting shelf, oldest first.
    pub waiting: Vec<crate::inspect::WaitingUnit>,
    /// For a supervisor or admin: the queue's items past or near their SLA target.
    pub sla: Option<crate::queue::SlaAlert>,
}

impl Station {
    /// The station screen for `session`, read from one snapshot of the store.
    pub fn desk(&self, session: &Session) -> Result<Desk, StationError> {
        // The window looks at the desk every few seconds: an operator gone idle is logged out
        // here too, so the screen locks without waiting for the next scan.
        self.check_idle(session, false)?;
        let grading = self.grading();
        let now = self.clock.now();
        // Settings are read on their own connection, before the snapshot.
        let setting_problems = self.setting_problems()?;
        let site = self.site_time()?;
        let printer = self.printer_settings()?;
        let (start, end) = site.day_bounds(now);
        // As in `print_queue_status`: held across the read, so that a label being claimed is
        // never shown as one that may have printed.
        // Breaches are facts of the station, noticed while the window looks (at most once a
        // minute); a sweep that cannot write (a full disk) does not keep the desk from showing.
        if let Err(e) = self.sweep_sla_if_due() {
            tracing::warn!(error = %e, code = e.code(), "the SLA sweep failed; the desk is shown without it");
        }
        let sla = match session.role {
            crate::auth::Role::Inspector => None,
            _ => Some(self.sla_settings()?),
        };
        let in_hand = self.print_in_hand.lock().unwrap_or_else(|p| p.into_inner());
        self.store.read(|c| {
            // Reads in WAL mode see the database as of their first statement: in one transaction
            // a scan committed halfway through the reads shows in none of them rather than some.
            let snapshot = c.unchecked_transaction()?;
            let desk = Desk {
                status: self.status_in(&snapshot, setting_problems, site.name().to_owned())?,
                recent_scans: crate::scan::recent_scans_in(&snapshot, RECENT_SCANS_SHOWN)?,
                parcel: crate::scan::current_parcel_in(&snapshot)?,
                inspection: crate::inspect::current_inspection_in(&snapshot, &grading, &session.language)?,
                day: crate::inspect::inspector_day_in(&snapshot, &session.operator_id, now, (&start, &end))?,
                printing: crate::print_queue::print_queue_status_in(&snapshot, &printer, &in_hand)?,
                waiting: crate::inspect::waiting_units(&snapshot)?,
                // The alert never keeps the desk from showing: a queue that cannot be read is
                // logged and the badge left out.
                sla: sla.and_then(|sla| match crate::queue::sla_alert_in(&snapshot, &sla, now) {
                    Ok(alert) => Some(alert),
                    Err(e) => {
                        tracing::warn!(error = %e, code = e.code(), "the SLA alert cannot be read");
                        None
                    }
                }),
            };
            snapshot.commit()?;
            Ok(desk)
        })
    }
}
