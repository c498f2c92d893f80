//! The scan service: one read from any scanner (wedge, serial, CLI) becomes a recorded fact and an
//! answer for the screen. This is where a scan enters the station (ARCHITECTURE.md, "one scan").

use crate::auth::Session;
use crate::clock::rfc3339;
use crate::error::StationError;
use crate::events::{record, EventBody, Scanned};
use crate::queries as q;
use crate::station::Station;
use redock_domain::{classify, normalize_scan, Classified, CodeKind, Command};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::time::Instant;

// The lookups' answers are part of a scan's outcome: their paths stay where callers know them.
pub use crate::lookup::{find, Matched, ProductView, RmaLineView, RmaView, UnitView, EXPECTED_IN_SHOWN};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ScanSource {
    /// A keyboard-wedge scanner: fast keystrokes ending in Enter, told apart in the UI.
    Wedge,
    /// A person typing at the scan field.
    Manual,
    Serial,
    Cli,
}

impl ScanSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ScanSource::Wedge => "wedge",
            ScanSource::Manual => "manual",
            ScanSource::Serial => "serial",
            ScanSource::Cli => "cli",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScanOutcome {
    /// The event's sequence number: proof the scan was recorded.
    // i64 crosses to the UI as a JS number (exact up to 2^53).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub seq: i64,
    pub scanned_at: String,
    pub source: ScanSource,
    pub code: Classified,
    pub matched: Option<Matched>,
    /// What the scan did at the receiving desk (opened a parcel, received a unit, …), if anything.
    pub receiving: Option<crate::receiving::Receiving>,
    /// Inspection and disposition: the inspection in progress, and the decision this scan made
    /// by saving one.
    pub inspection: Option<crate::inspect::InspectionOutcome>,
    /// A read of what is already on the desk (the open parcel's label again, a double read, the
    /// unit being inspected): recorded as a scan, nothing else done.
    pub repeated: Option<crate::receiving::Repeated>,
    /// The ungraded unit this scan moved the desk on from: parked, waiting for inspection, its
    /// LPN label printed.
    pub parked: Option<String>,
    /// `CMD:LOGOUT`: the operator's session ended (after what was graded was saved).
    pub logged_out: bool,
    /// What the desk asks, when the scan could not be placed by itself (a product with no
    /// parcel open; a serial sold on several returns).
    pub prompt: Option<crate::receiving::DeskPrompt>,
}

impl Station {
    /// Record one scan: normalise, classify, look it up, and append a `scanned` event with the
    /// answer, all in one transaction. A read that is not a code at all (empty, too long, control
    /// characters) is refused with a reason and not recorded; an unknown code is recorded as one.
    pub fn scan(
        &self,
        session: &Session,
        raw: &str,
        source: ScanSource,
    ) -> Result<ScanOutcome, StationError> {
        let started = Instant::now();
        let span = tracing::info_span!(
            "scan",
            source = source.as_str(),
            kind = tracing::field::Empty,
            valid = tracing::field::Empty,
            seq = tracing::field::Empty
        );
        let _g = span.enter();
        self.check_idle(session, true)?;
        let codes = self.codes();
        let text = normalize_scan(raw, codes.gs_stand_in).inspect_err(|e| {
            tracing::warn!(raw = %raw.escape_debug(), error = %e, "scan refused");
        })?;
        let code = classify(&text, &codes);
        let classified_us = started.elapsed().as_micros();
        // An operator's badge over an open session: the next operator stepping up to the desk.
        // Not a scan of the dock's: nothing recorded, the window asks their PIN.
        if matches!(
            code.kind,
            redock_domain::CodeKind::Badge | redock_domain::CodeKind::Unknown
        ) {
            if let Some(name) = self.badge_holder(&text)? {
                tracing::info!(badge = %text, "badge scanned over a session");
                return Err(StationError::BadgeScanned { badge: text, name });
            }
        }
        // A unit another station holds: the hub hands it over before the scan is taken.
        if code.kind == redock_domain::CodeKind::Lpn && code.valid && self.held_elsewhere(&code.text)? {
            match self.take_over_unit(session, &code.text) {
                Ok(()) => {}
                // No station received it: recorded below as an LPN this site does not know.
                Err(e) if e.code() == "custody.unknown_unit" => {}
                Err(e) => {
                    tracing::warn!(lpn = %code.text, error = %e, "unit not taken over");
                    return Err(e);
                }
            }
        }
        let grading = self.grading();
        let rules = self.rules();
        let printer = self.printer_settings()?;
        let queued = crate::print_worker::LabelsQueued::new(&printer);
        let now = self.clock.now();
        let desk = AtTheDesk {
            session,
            now,
            today: self.site_time()?.date(now),
            codes: &codes,
            grading: &grading,
            rules: &rules,
            labels: &queued,
            receiving: self.receiving_settings()?,
            fraud: self.fraud_settings()?,
        };
        let outcome = self
            .store
            .write(|tx| record_scan(tx, &desk, &text, code, source))
            .inspect_err(|e| tracing::error!(text = %text.escape_debug(), error = %e, "scan not recorded"))?;
        // After the commit, so that the print thread sees the label it is woken for.
        self.ring_if(&queued);
        span.record("seq", outcome.seq);
        span.record("kind", outcome.code.kind.as_str());
        span.record("valid", outcome.code.valid);
        tracing::info!(
            text = %text.escape_debug(),
            classified_us,
            total_us = started.elapsed().as_micros(),
            matched = outcome.matched.is_some(),
            "scan recorded"
        );
        Ok(outcome)
    }

    /// The parcel open on this desk, if any.
    pub fn current_parcel(&self) -> Result<Option<crate::receiving::ParcelView>, StationError> {
        self.store.read(current_parcel_in)
    }

    /// The last `limit` scans, newest first, for the station screen.
    pub fn recent_scans(&self, limit: i64) -> Result<Vec<RecentScan>, StationError> {
        self.store.read(|c| recent_scans_in(c, limit))
    }
}

pub(crate) fn current_parcel_in(
    c: &Connection,
) -> Result<Option<crate::receiving::ParcelView>, StationError> {
    match crate::lookup::open_parcel_id(c)? {
        Some(id) => crate::receiving::parcel_view(c, &id).map(Some),
        None => Ok(None),
    }
}

pub(crate) fn recent_scans_in(c: &Connection, limit: i64) -> Result<Vec<RecentScan>, StationError> {
    let mut st = c.prepare_cached(q::RECENT_SCANS)?;
    let rows = st
        .query_map([limit], |r| {
            Ok(RecentScan {
                seq: r.get(0)?,
                text: r.get(1)?,
                kind: r.get(2)?,
                valid: r.get(3)?,
                source: r.get(4)?,
                scanned_at: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RecentScan {
    // i64 crosses to the UI as a JS number (exact up to 2^53).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub seq: i64,
    pub text: String,
    pub kind: String,
    pub valid: bool,
    pub source: String,
    pub scanned_at: String,
}

/// Who scans, when, and the station's configuration for it, read before the write transaction.
pub(crate) struct AtTheDesk<'a> {
    pub session: &'a Session,
    pub now: time::OffsetDateTime,
    /// The site's local date of `now` (`YYYY-MM-DD`).
    pub today: String,
    /// The station's code configuration: its command prefix and the commands it obeys.
    pub codes: &'a redock_domain::CodeConfig,
    pub grading: &'a redock_domain::grading::GradingSets,
    pub rules: &'a redock_domain::disposition::Table,
    /// The printer labels are queued for; counts them, so the caller rings the print bell after
    /// the commit.
    pub labels: &'a crate::print_worker::LabelsQueued<'a>,
    pub receiving: crate::settings::ReceivingSettings,
    pub fraud: crate::settings::FraudSettings,
}

/// One scan inside the caller's transaction: the session is still open, the code is looked up,
/// a read of what is already on the desk is only recorded, `CMD:LOGOUT` ends the session, and
/// otherwise receiving and inspection do what the scan means at the desk.
pub(crate) fn record_scan(
    tx: &rusqlite::Transaction<'_>,
    desk: &AtTheDesk<'_>,
    text: &str,
    mut code: Classified,
    source: ScanSource,
) -> Result<ScanOutcome, StationError> {
    let (session, now) = (desk.session, desk.now);
    Station::check_session(tx, session)?;
    let matched = find(tx, &code)?;
    // A code no format claims, found as an order or tracking number of an expected
    // return, is that: the shop told us so.
    if let Some(Matched::Returns { via, .. }) = &matched {
        let known = match via.as_str() {
            "order" => Some(CodeKind::Order),
            "tracking" => Some(CodeKind::Tracking),
            _ => None,
        };
        if let (CodeKind::Unknown, Some(kind)) = (code.kind, known) {
            code = Classified::valid(kind, text);
        }
    }
    let ictx = crate::inspect::Ctx {
        operator_id: &session.operator_id,
        language: &session.language,
        now,
        today: &desk.today,
        grading: desk.grading,
        rules: desk.rules,
        labels: desk.labels,
        repeat_returner_returns: desk.fraud.repeat_returner_returns,
    };
    // The command grammar is read once, here; receiving and inspection match on the command.
    let command = desk.codes.command(&code);
    let command = command.as_ref();
    let on_desk = crate::inspect::current_draft(tx)?.map(|d| d.lpn);
    let debounce = time::Duration::milliseconds(i64::from(desk.receiving.debounce_ms));
    let from_scanner = matches!(source, ScanSource::Wedge | ScanSource::Serial);
    let repeated = crate::receiving::repeat_of(
        tx,
        &code,
        command,
        matched.as_ref(),
        from_scanner,
        now,
        debounce,
        on_desk.as_deref(),
    )?;
    let body = EventBody::Scanned(Scanned {
        code: crate::events::from_domain::code(&code),
        source: source.as_str().to_string(),
        matched: matched.as_ref().map(crate::events::from_domain::matched),
    });
    let event = record(tx, &body, Some(&session.operator_id), now)?;
    let answer = |receiving, inspection, parked, logged_out| ScanOutcome {
        seq: event.seq,
        scanned_at: rfc3339(now),
        source,
        code: code.clone(),
        matched: matched.clone(),
        receiving,
        inspection,
        repeated: repeated.clone(),
        parked,
        logged_out,
        prompt: None,
    };
    if let Some(r) = &repeated {
        tracing::info!(kind = ?r.kind, lpn = ?r.lpn, "a read of what is on the desk: nothing more recorded");
        let on_screen = crate::inspect::outcome(tx, &ictx, None, None)?;
        return Ok(answer(None, Some(on_screen), None, false));
    }
    if command == Some(&Command::Logout) {
        let before = crate::inspect::before_scan(tx, &ictx, &code, command, matched.as_ref())?;
        Station::end_session(tx, session, now, crate::auth::LOGGED_OUT_BY_OPERATOR)?;
        let saved = crate::inspect::InspectionOutcome {
            action: None,
            inspection: None,
            decision: before.saved,
        };
        return Ok(answer(None, Some(saved), before.parked, true));
    }
    let ctx = crate::receiving::Ctx {
        operator_id: &session.operator_id,
        now,
        today: &desk.today,
        language: &session.language,
        labels: desk.labels,
        label_every_unit: desk.receiving.label_every_unit,
        codes: desk.codes,
    };
    // A graded unit is saved before the next product or parcel moves the desk on; an
    // ungraded one is parked with its label.
    let before = crate::inspect::before_scan(tx, &ictx, &code, command, matched.as_ref())?;
    let crate::receiving::AtReceiving { receiving, prompt } =
        crate::receiving::on_scan(tx, &ctx, &code, command, matched.as_ref())?;
    let received = receiving.as_ref().and_then(|r| r.lpn.as_deref());
    let mut inspection = crate::inspect::after_scan(tx, &ictx, command, matched.as_ref(), received)?;
    if let Some(decision) = before.saved {
        let mut o = match inspection.take() {
            Some(o) => o,
            None => crate::inspect::outcome(tx, &ictx, None, None)?,
        };
        o.decision.get_or_insert(decision);
        inspection = Some(o);
    }
    let mut out = answer(receiving, inspection, before.parked, false);
    out.prompt = prompt;
    Ok(out)
}
