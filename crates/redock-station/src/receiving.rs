//! Receiving at the scanner: a parcel label opens a parcel with its expected returns, each product
//! scanned becomes a unit with an LPN matched to a line, and what does not fit is recorded as an
//! exception with what the inspector saw. Runs inside the scan's transaction, so the scan, the
//! unit and the exceptions are one commit.

use crate::error::StationError;
use crate::events::{record, EventBody, ExceptionRecorded, ParcelOpened};
use crate::lookup::{Matched, RmaView};
use crate::queries as q;
use crate::receive::{receive_in_tx, ReceiveInput};
use redock_domain::receiving::{is_late, match_item, missing, ExceptionKind, ExpectedLine, ItemMatch};
use redock_domain::{Classified, CodeKind, Command};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use time::OffsetDateTime;

/// What a scan did to the parcel on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReceivingAction {
    Opened,
    Attached,
    Received,
    Damaged,
    Closed,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExceptionView {
    // i64 crosses to the UI as a JS number (exact up to 2^53).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub seq: i64,
    pub kind: ExceptionKind,
    pub lpn: Option<String>,
    pub rma: Option<String>,
    pub line_no: Option<u32>,
    /// JSON text of what was seen.
    pub details: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UnitLine {
    pub lpn: String,
    pub sku: Option<String>,
    pub name: Option<String>,
    pub serial: Option<String>,
    pub rma: Option<String>,
    pub line_no: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ParcelView {
    pub parcel_id: String,
    pub code: String,
    pub code_kind: Option<String>,
    pub carrier: Option<String>,
    pub condition: String,
    pub open: bool,
    pub returns: Vec<RmaView>,
    pub units: Vec<UnitLine>,
    pub exceptions: Vec<ExceptionView>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Receiving {
    pub action: ReceivingAction,
    /// The LPN issued by this scan, when it received a unit.
    pub lpn: Option<String>,
    /// Exceptions this scan recorded (the parcel lists all of them).
    pub new_exceptions: Vec<ExceptionKind>,
    pub parcel: ParcelView,
    /// When the parcel was closed: its units still waiting for inspection (labelled, on the
    /// waiting shelf), so the screen can say so.
    pub waiting: Vec<String>,
}

/// A read of something already on the desk: recorded as a scan and nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Repeated {
    pub kind: RepeatKind,
    /// The unit it is, when it is one.
    pub lpn: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RepeatKind {
    /// The label of the parcel open on the desk (carrier label, order number on its slip).
    ParcelOpen,
    /// A return label of an RMA already on the open parcel.
    RmaOnParcel,
    /// A unit already received in this parcel: the same serial, or the same read just now.
    UnitReceived,
    /// The LPN of the unit being inspected.
    UnitOnDesk,
    /// The same command read again within the double-read window.
    DoubleRead,
}

/// Whether this read repeats what is on the desk. Checked before anything else sees the scan: a
/// repeat saves nothing, parks nothing and opens nothing. A scanner's double read is the same text
/// within `debounce` of the previous scan; a person's keys (`manual`) are never taken for one.
#[allow(clippy::too_many_arguments)]
pub(crate) fn repeat_of(
    tx: &Transaction<'_>,
    code: &Classified,
    command: Option<&Command>,
    matched: Option<&Matched>,
    from_scanner: bool,
    now: OffsetDateTime,
    debounce: time::Duration,
    on_desk: Option<&str>,
) -> Result<Option<Repeated>, StationError> {
    let previous: Option<(String, String)> = tx
        .query_row(crate::queries::LAST_SCAN, [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let double = from_scanner
        && previous.is_some_and(|(text, at)| {
            text == code.text
                && OffsetDateTime::parse(&at, &time::format_description::well_known::Rfc3339)
                    .is_ok_and(|at| now >= at && now - at < debounce)
        });
    let repeat = |kind, lpn: Option<String>| Ok(Some(Repeated { kind, lpn }));
    if let Some(Matched::Unit(u)) = matched {
        if on_desk == Some(u.lpn.as_str()) {
            return repeat(RepeatKind::UnitOnDesk, Some(u.lpn.clone()));
        }
        return Ok(None);
    }
    if code.kind == CodeKind::Command && code.valid && double {
        return repeat(RepeatKind::DoubleRead, None);
    }
    let Some((parcel, parcel_code)) = tx
        .query_row(crate::queries::OPEN_PARCEL_CODE, [], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    // `CMD:NOLABEL` again over a parcel without a label that nothing is in yet: the same parcel.
    if command == Some(&Command::NoLabel)
        && crate::lookup::open_parcel_state(tx)?.is_some_and(|(_, u)| u)
        && !has_units(tx, &parcel)?
        && parcel_rma_count(tx, &parcel)? == 0
    {
        return repeat(RepeatKind::ParcelOpen, None);
    }
    if code.kind.is_product() && code.valid {
        let Some(gtin) = &code.gtin else { return Ok(None) };
        let serial = code.ais.iter().find(|a| a.ai == "21").map(|a| a.value.as_str());
        let same: Option<String> = match serial {
            // A serial names one unit: seen in this parcel, it is that unit, whenever it was read.
            Some(serial) => tx
                .query_row(
                    crate::queries::PARCEL_UNIT_BY_SERIAL,
                    params![parcel, gtin, serial],
                    |r| r.get(0),
                )
                .optional()?,
            None if double => tx
                .query_row(
                    crate::queries::PARCEL_LAST_UNIT_OF_GTIN,
                    params![parcel, gtin],
                    |r| r.get(0),
                )
                .optional()?,
            None => None,
        };
        return match same {
            Some(lpn) => repeat(RepeatKind::UnitReceived, Some(lpn)),
            None => Ok(None),
        };
    }
    let label = match matched {
        Some(Matched::Returns { via, returns }) => Some((via.as_str(), returns.as_slice())),
        None if code.kind == CodeKind::Tracking && code.valid => Some(("tracking", &[][..])),
        _ => None,
    };
    let Some((via, returns)) = label else {
        return Ok(None);
    };
    if parcel_code == code.text {
        return repeat(RepeatKind::ParcelOpen, None);
    }
    // The return label or the packing slip's order number of a return this parcel already has.
    if matches!(via, "rma" | "order") && !returns.is_empty() {
        let mut attached = tx.prepare_cached(crate::queries::RMA_IN_PARCEL)?;
        let mut all = true;
        for r in returns {
            all &= attached.query_row(params![parcel, r.rma], |row| row.get::<_, bool>(0))?;
        }
        if all {
            let kind = if via == "rma" {
                RepeatKind::RmaOnParcel
            } else {
                RepeatKind::ParcelOpen
            };
            return repeat(kind, None);
        }
    }
    Ok(None)
}

pub(crate) struct Ctx<'a> {
    pub operator_id: &'a str,
    pub now: OffsetDateTime,
    /// The site's local date of `now` (`YYYY-MM-DD`): a return is late by the site's calendar.
    pub today: &'a str,
    pub language: &'a str,
    /// The printer labels are queued for; counts them (the caller rings the print bell).
    pub labels: &'a crate::print_worker::LabelsQueued<'a>,
    /// Print every unit's LPN label as it is received.
    pub label_every_unit: bool,
    /// The station's codes: a product read earlier is read again as it was.
    pub codes: &'a redock_domain::CodeConfig,
}

/// The `code_kind` of a parcel opened by `CMD:NOLABEL`: its label was torn, wet or covered.
pub const NO_LABEL: &str = "no_label";

/// How long a product read with no parcel open waits for one: the parcel's label or
/// `CMD:NOLABEL` scanned within this time (by the same operator, nothing received since) takes
/// it in, so the inspector does not scan it twice.
pub const PENDING_PRODUCT: time::Duration = time::Duration::minutes(2);

/// How many candidate returns a question lists (chosen by Alt+1…9, or by scanning one).
pub const CANDIDATES_SHOWN: usize = 9;

/// A question the desk asks the inspector, when a scan could not be placed by itself.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DeskPrompt {
    /// A product read with no parcel open: scan the parcel's label, or `CMD:NOLABEL` to open it
    /// without one. Either takes the product in (within [`PENDING_PRODUCT`]).
    NoParcelOpen { code: String },
    /// In a parcel without a label, the product's serial was sold on several open returns:
    /// the inspector chooses one (by scanning its RMA or order number, or by key). Nothing was
    /// received yet; the choice takes the product in.
    ChooseReturn {
        serial: String,
        candidates: Vec<RmaView>,
    },
    /// In a parcel without a label, no open return sold this serial: received as an unexpected
    /// return.
    SerialNotFound { serial: String },
}

/// What receiving made of a scan: what it did, and what it asks.
#[derive(Debug, Default)]
pub(crate) struct AtReceiving {
    pub receiving: Option<Receiving>,
    pub prompt: Option<DeskPrompt>,
}

/// Decide what a scan means for receiving and do it, or what to ask.
pub(crate) fn on_scan(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    code: &Classified,
    command: Option<&Command>,
    matched: Option<&Matched>,
) -> Result<AtReceiving, StationError> {
    let state = crate::lookup::open_parcel_state(tx)?;
    let unlabelled = state.as_ref().is_some_and(|(_, u)| *u);
    let open = state.map(|(id, _)| id);
    let was_open = open.is_some();
    let mut new = Vec::new();
    let mut waiting = Vec::new();
    let mut prompt = None;
    let (action, lpn, parcel_id) = match (code.kind, matched, open) {
        // No readable label: the parcel on the desk (if any) is done, an unidentified one opens.
        (_, _, open) if command == Some(&Command::NoLabel) => {
            if let Some(previous) = open {
                close(tx, ctx, &previous, &mut new)?;
            }
            let parcel = open_unlabelled(tx, ctx)?;
            let lpn = if was_open {
                None
            } else {
                take_pending(tx, ctx, &parcel, None, &mut new, &mut prompt)?
            };
            (ReceivingAction::Opened, lpn, parcel)
        }
        (_, _, Some(parcel)) if command.is_some() => {
            let action = match command {
                Some(Command::Close) => {
                    close(tx, ctx, &parcel, &mut new)?;
                    waiting = waiting_in(tx, &parcel)?;
                    ReceivingAction::Closed
                }
                Some(Command::Empty) => {
                    if !has_units(tx, &parcel)? {
                        exception(
                            tx,
                            ctx,
                            &parcel,
                            ExceptionKind::EmptyBox,
                            None,
                            None,
                            serde_json::json!({}),
                        )?;
                        new.push(ExceptionKind::EmptyBox);
                    }
                    close(tx, ctx, &parcel, &mut new)?;
                    waiting = waiting_in(tx, &parcel)?;
                    ReceivingAction::Closed
                }
                Some(Command::Damaged) => {
                    record(
                        tx,
                        &EventBody::ParcelDamaged {
                            parcel_id: parcel.clone(),
                        },
                        Some(ctx.operator_id),
                        ctx.now,
                    )?;
                    exception(
                        tx,
                        ctx,
                        &parcel,
                        ExceptionKind::DamagedInTransit,
                        None,
                        None,
                        serde_json::json!({}),
                    )?;
                    new.push(ExceptionKind::DamagedInTransit);
                    ReceivingAction::Damaged
                }
                _ => return Ok(AtReceiving::default()),
            };
            (action, None, parcel)
        }
        // The return label inside a box: add its RMA to the open parcel. In a parcel without a
        // label, the packing slip's order number does the same: it is how the box is identified.
        (_, Some(Matched::Returns { via, returns }), Some(parcel))
            if via == "rma" || (unlabelled && via == "order") =>
        {
            let found_by = unlabelled.then_some((via.as_str(), code.text.as_str()));
            for r in returns {
                let attached: bool = tx
                    .prepare_cached(q::RMA_IN_PARCEL)?
                    .query_row(params![parcel, r.rma], |row| row.get(0))?;
                if !attached {
                    attach(tx, ctx, &parcel, r, found_by, &mut new)?;
                }
            }
            // A product whose serial was sold on several returns waited for this choice.
            let lpn = if unlabelled {
                take_pending(tx, ctx, &parcel, Some(&parcel), &mut new, &mut prompt)?
            } else {
                None
            };
            (ReceivingAction::Attached, lpn, parcel)
        }
        // A parcel label (or an RMA with no parcel open): the next parcel. The one on the desk is
        // closed first, recording what it is missing.
        (_, Some(Matched::Returns { returns, .. }), open) => {
            if let Some(previous) = open {
                close(tx, ctx, &previous, &mut new)?;
            }
            let parcel = open_parcel(tx, ctx, code, returns, &mut new)?;
            let lpn = if was_open {
                None
            } else {
                take_pending(tx, ctx, &parcel, None, &mut new, &mut prompt)?
            };
            (ReceivingAction::Opened, lpn, parcel)
        }
        // A carrier label no expected return names: an unexpected return, recorded anyway.
        (CodeKind::Tracking, None, open) if code.valid => {
            if let Some(previous) = open {
                close(tx, ctx, &previous, &mut new)?;
            }
            let parcel = open_parcel(tx, ctx, code, &[], &mut new)?;
            let lpn = if was_open {
                None
            } else {
                take_pending(tx, ctx, &parcel, None, &mut new, &mut prompt)?
            };
            (ReceivingAction::Opened, lpn, parcel)
        }
        // A product, by its GTIN. (A GS1 code without one, such as an SSCC, is not a unit.)
        (kind, _, Some(parcel)) if kind.is_product() && code.valid && code.gtin.is_some() => {
            match receive_product(tx, ctx, &parcel, unlabelled, code, &mut new, &mut prompt)? {
                Some(lpn) => (ReceivingAction::Received, Some(lpn), parcel),
                None => {
                    return Ok(AtReceiving {
                        receiving: None,
                        prompt,
                    })
                }
            }
        }
        // A product with no parcel open: which parcel is it in?
        (kind, _, None) if kind.is_product() && code.valid && code.gtin.is_some() => {
            return Ok(AtReceiving {
                receiving: None,
                prompt: Some(DeskPrompt::NoParcelOpen {
                    code: code.text.clone(),
                }),
            });
        }
        _ => return Ok(AtReceiving::default()),
    };
    Ok(AtReceiving {
        receiving: Some(Receiving {
            action,
            lpn,
            new_exceptions: new,
            parcel: parcel_view(tx, &parcel_id)?,
            waiting,
        }),
        prompt,
    })
}

/// A parcel with no readable label: opened unidentified, its return looked for from what is in
/// it. Until one is found nothing is known to be unexpected; the first product no return claims
/// says so ([`receive_product`]).
fn open_unlabelled(tx: &Transaction<'_>, ctx: &Ctx<'_>) -> Result<String, StationError> {
    let parcel_id = record_opened(
        tx,
        ctx,
        ParcelOpened {
            parcel_id: String::new(),
            code: String::new(),
            code_kind: NO_LABEL.to_string(),
            carrier: None,
            rmas: Vec::new(),
        },
    )?;
    tracing::info!(parcel_id, "parcel without a label opened");
    Ok(parcel_id)
}

/// A new parcel's `parcel_opened` fact (its id made here); the id.
fn record_opened(tx: &Transaction<'_>, ctx: &Ctx<'_>, opened: ParcelOpened) -> Result<String, StationError> {
    let parcel_id = uuid::Uuid::now_v7().to_string();
    let body = EventBody::ParcelOpened(ParcelOpened {
        parcel_id: parcel_id.clone(),
        ..opened
    });
    record(tx, &body, Some(ctx.operator_id), ctx.now)?;
    Ok(parcel_id)
}

/// Attach an expected return to the open parcel. In a parcel without a label (`found_by`: how
/// the return was found, and the code that found it) the missing label is recorded against it.
fn attach(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    parcel_id: &str,
    r: &RmaView,
    found_by: Option<(&str, &str)>,
    new: &mut Vec<ExceptionKind>,
) -> Result<(), StationError> {
    let body = EventBody::RmaAttached {
        parcel_id: parcel_id.to_string(),
        rma: r.rma.clone(),
    };
    record(tx, &body, Some(ctx.operator_id), ctx.now)?;
    if let Some((by, code)) = found_by {
        let details = serde_json::json!({ "found_by": by, "code": code });
        exception(
            tx,
            ctx,
            parcel_id,
            ExceptionKind::LabelMissing,
            None,
            Some((&r.rma, None)),
            details,
        )?;
        new.push(ExceptionKind::LabelMissing);
    }
    flag_late(tx, ctx, parcel_id, r, new)
}

/// The product read just before this scan, if it is still waiting for a parcel: read by the same
/// operator within [`PENDING_PRODUCT`], and not received. `in_parcel` None: it was read with no
/// parcel open (and no unit was received since); Some: it was the question of a parcel without
/// a label (a serial sold on several returns) and is not in that parcel yet.
fn pending_product(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    in_parcel: Option<&str>,
) -> Result<Option<Classified>, StationError> {
    let previous: Option<(String, bool, String, Option<String>)> = tx
        .prepare_cached(q::PREVIOUS_SCAN)?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((text, valid, at, operator)) = previous else {
        return Ok(None);
    };
    let parse = |t: &str| OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok();
    let Some(at) = parse(&at) else { return Ok(None) };
    if !valid || operator.as_deref() != Some(ctx.operator_id) || ctx.now - at > PENDING_PRODUCT {
        return Ok(None);
    }
    let code = redock_domain::classify(&text, ctx.codes);
    let Some(gtin) = code
        .gtin
        .as_deref()
        .filter(|_| code.kind.is_product() && code.valid)
    else {
        return Ok(None);
    };
    let serial = code.ais.iter().find(|a| a.ai == "21").map(|a| a.value.as_str());
    let waiting = match in_parcel {
        None => {
            let last: Option<String> = tx
                .prepare_cached(q::LAST_RECEIVED_AT)?
                .query_row([], |r| r.get(0))
                .optional()?;
            last.and_then(|t| parse(&t)).is_none_or(|last| last < at)
        }
        Some(parcel) => match serial {
            Some(serial) => tx
                .prepare_cached(q::PARCEL_UNIT_BY_SERIAL)?
                .query_row(params![parcel, gtin, serial], |r| r.get::<_, String>(0))
                .optional()?
                .is_none(),
            None => false,
        },
    };
    Ok(waiting.then_some(code))
}

/// Receive the pending product (if any) into the parcel just opened or identified.
fn take_pending(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    parcel_id: &str,
    in_parcel: Option<&str>,
    new: &mut Vec<ExceptionKind>,
    prompt: &mut Option<DeskPrompt>,
) -> Result<Option<String>, StationError> {
    let Some(code) = pending_product(tx, ctx, in_parcel)? else {
        return Ok(None);
    };
    let unlabelled = crate::lookup::open_parcel_state(tx)?.is_some_and(|(_, u)| u);
    tracing::info!(code = %code.text, parcel_id, "the product read before is taken in");
    receive_product(tx, ctx, parcel_id, unlabelled, &code, new, prompt)
}

/// A product into the open parcel. In a parcel without a label whose returns do not expect it,
/// its serial is looked up among the site's open returns: one found is attached (the missing
/// label recorded against it); several are a question, and nothing is received (`None`); none,
/// and the parcel has no return, make it an unexpected return, received and inspected as any.
fn receive_product(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    parcel_id: &str,
    unlabelled: bool,
    code: &Classified,
    new: &mut Vec<ExceptionKind>,
    prompt: &mut Option<DeskPrompt>,
) -> Result<Option<String>, StationError> {
    if unlabelled {
        let gtin = code.gtin.clone().unwrap_or_default();
        let serial = code.ais.iter().find(|a| a.ai == "21").map(|a| a.value.as_str());
        let lines = parcel_lines(tx, parcel_id)?;
        if matches!(match_item(&lines, &gtin, serial), ItemMatch::NotExpected) {
            if let Some(serial) = serial {
                let found = crate::lookup::returns_matching(tx, q::RETURNS_BY_SERIAL, params![serial, gtin])?;
                match found.as_slice() {
                    [one] => attach(tx, ctx, parcel_id, one, Some(("serial", &code.text)), new)?,
                    [] => {
                        *prompt = Some(DeskPrompt::SerialNotFound {
                            serial: serial.to_string(),
                        })
                    }
                    several => {
                        tracing::info!(
                            serial,
                            returns = several.len(),
                            "a serial sold on several open returns"
                        );
                        *prompt = Some(DeskPrompt::ChooseReturn {
                            serial: serial.to_string(),
                            candidates: several.iter().take(CANDIDATES_SHOWN).cloned().collect(),
                        });
                        return Ok(None);
                    }
                }
            }
            let unexpected: bool = tx
                .prepare_cached(q::UNEXPECTED_RECORDED)?
                .query_row([parcel_id], |r| r.get(0))?;
            if parcel_rma_count(tx, parcel_id)? == 0 && !unexpected {
                let details =
                    serde_json::json!({ "label_missing": true, "code": code.text, "serial": serial });
                exception(
                    tx,
                    ctx,
                    parcel_id,
                    ExceptionKind::UnexpectedReturn,
                    None,
                    None,
                    details,
                )?;
                new.push(ExceptionKind::UnexpectedReturn);
            }
        }
    }
    receive_item(tx, ctx, parcel_id, code, new).map(Some)
}

/// A parcel's units waiting for inspection, oldest first.
fn waiting_in(tx: &rusqlite::Connection, parcel_id: &str) -> Result<Vec<String>, StationError> {
    let mut st = tx.prepare_cached(crate::queries::PARCEL_WAITING)?;
    let rows = st
        .query_map([parcel_id], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(rows)
}

fn open_parcel(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    code: &Classified,
    returns: &[RmaView],
    new: &mut Vec<ExceptionKind>,
) -> Result<String, StationError> {
    let parcel_id = record_opened(
        tx,
        ctx,
        ParcelOpened {
            parcel_id: String::new(),
            code: code.text.clone(),
            code_kind: code.kind.as_str().to_string(),
            carrier: code.carrier.clone(),
            rmas: returns.iter().map(|r| r.rma.clone()).collect(),
        },
    )?;
    if returns.is_empty() {
        let details = serde_json::json!({ "code": code.text, "carrier": code.carrier });
        exception(
            tx,
            ctx,
            &parcel_id,
            ExceptionKind::UnexpectedReturn,
            None,
            None,
            details,
        )?;
        new.push(ExceptionKind::UnexpectedReturn);
    }
    for r in returns {
        flag_late(tx, ctx, &parcel_id, r, new)?;
    }
    Ok(parcel_id)
}

/// Past the shop's return window: flagged, not refused.
fn flag_late(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    parcel_id: &str,
    r: &RmaView,
    new: &mut Vec<ExceptionKind>,
) -> Result<(), StationError> {
    let window: Option<u32> = tx
        .prepare_cached(q::SHOP_WINDOW)?
        .query_row([&r.shop], |row| row.get(0))
        .optional()?;
    let Some(window) = window else { return Ok(()) };
    let late = match is_late(&r.order_date, ctx.today, window) {
        Ok(late) => late,
        // Not guessed either way: the decision holds the unit for a person
        // (`order_date_unreadable`); receiving has no finding to record.
        Err(e) => {
            tracing::warn!(rma = %r.rma, error = %e, "order date unreadable: lateness not known");
            return Ok(());
        }
    };
    if late {
        let days = redock_domain::receiving::days_between(&r.order_date, ctx.today).ok();
        let details = serde_json::json!({ "order_date": r.order_date, "window_days": window, "days": days });
        exception(
            tx,
            ctx,
            parcel_id,
            ExceptionKind::LateReturn,
            None,
            Some((&r.rma, None)),
            details,
        )?;
        new.push(ExceptionKind::LateReturn);
    }
    Ok(())
}

fn receive_item(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    parcel_id: &str,
    code: &Classified,
    new: &mut Vec<ExceptionKind>,
) -> Result<String, StationError> {
    let gtin = code.gtin.clone().unwrap_or_default();
    let serial = code.ais.iter().find(|a| a.ai == "21").map(|a| a.value.clone());
    let sku: Option<(String, String)> = tx
        .prepare_cached(q::SKU_BY_GTIN)?
        .query_row([&gtin], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let lines = parcel_lines(tx, parcel_id)?;
    let found = match_item(&lines, &gtin, serial.as_deref());
    let (rma, line_no) = match &found {
        ItemMatch::Line { rma, line_no, .. } => (Some(rma.clone()), Some(*line_no)),
        _ => (None, None),
    };
    let received = receive_in_tx(
        tx,
        ctx.operator_id,
        ctx.now,
        ReceiveInput {
            parcel_id: Some(parcel_id.to_string()),
            rma: rma.clone(),
            line_no,
            sku: sku.as_ref().map(|s| s.0.clone()),
            gtin: Some(gtin.clone()),
            serial: serial.clone(),
        },
    )?;
    let lpn = received.lpn;
    if ctx.label_every_unit {
        crate::print_queue::queue_unit_label(
            tx,
            ctx.labels,
            &lpn,
            ctx.language,
            crate::print_queue::UNIT_LABEL_AT_RECEIPT,
            ctx.operator_id,
            ctx.now,
        )?;
    }
    let seen = serde_json::json!({
        "code": code.text, "gtin": gtin, "serial": serial,
        "sku": sku.as_ref().map(|s| &s.0), "name": sku.as_ref().map(|s| &s.1),
    });
    let mut raise = |kind: ExceptionKind, at: Option<(&String, Option<u32>)>, details: serde_json::Value| {
        new.push(kind);
        exception(tx, ctx, parcel_id, kind, Some(&lpn), at, details)
    };
    match found {
        ItemMatch::Line {
            rma,
            line_no,
            serial_mismatch: Some(sold),
        } => {
            let mut details = seen;
            details["sold"] = serde_json::json!(sold);
            raise(
                ExceptionKind::SerialMismatch,
                Some((&rma, Some(line_no))),
                details,
            )?;
        }
        ItemMatch::Line { .. } => {}
        ItemMatch::Extra { rma, line_no } => {
            raise(ExceptionKind::ExtraItem, Some((&rma, Some(line_no))), seen)?
        }
        // In an unexpected return nothing was expected: the parcel's exception already says so.
        ItemMatch::NotExpected if lines.is_empty() && parcel_rma_count(tx, parcel_id)? == 0 => {}
        ItemMatch::NotExpected => raise(ExceptionKind::WrongItem, None, seen)?,
    }
    Ok(lpn)
}

fn close(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    parcel_id: &str,
    new: &mut Vec<ExceptionKind>,
) -> Result<(), StationError> {
    for (rma, line_no, short) in missing(&parcel_lines(tx, parcel_id)?) {
        let details = serde_json::json!({ "missing": short });
        exception(
            tx,
            ctx,
            parcel_id,
            ExceptionKind::MissingItem,
            None,
            Some((&rma, Some(line_no))),
            details,
        )?;
        new.push(ExceptionKind::MissingItem);
    }
    let empty_recorded: bool = tx
        .prepare_cached(q::EMPTY_BOX_RECORDED)?
        .query_row([parcel_id], |r| r.get(0))?;
    // A parcel without a label that nothing was found in nor attached to was opened before its
    // label turned up (or by mistake): closing it is not a finding. `CMD:EMPTY` still records one.
    let unlabelled_untouched = crate::lookup::open_parcel_state(tx)?
        .is_some_and(|(id, u)| u && id == parcel_id)
        && parcel_rma_count(tx, parcel_id)? == 0;
    if !has_units(tx, parcel_id)? && !empty_recorded && !unlabelled_untouched {
        exception(
            tx,
            ctx,
            parcel_id,
            ExceptionKind::EmptyBox,
            None,
            None,
            serde_json::json!({}),
        )?;
        new.push(ExceptionKind::EmptyBox);
    }
    record(
        tx,
        &EventBody::ParcelClosed {
            parcel_id: parcel_id.to_string(),
        },
        Some(ctx.operator_id),
        ctx.now,
    )?;
    Ok(())
}

fn exception(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    parcel_id: &str,
    kind: ExceptionKind,
    lpn: Option<&String>,
    at: Option<(&String, Option<u32>)>,
    details: serde_json::Value,
) -> Result<(), StationError> {
    let body = EventBody::ExceptionRecorded(ExceptionRecorded {
        kind: crate::events::from_domain::exception(kind),
        parcel_id: Some(parcel_id.to_string()),
        lpn: lpn.cloned(),
        rma: at.map(|a| a.0.clone()),
        line_no: at.and_then(|a| a.1),
        details,
    });
    tracing::info!(kind = kind.as_str(), parcel_id, "receiving exception");
    record(tx, &body, Some(ctx.operator_id), ctx.now)?;
    Ok(())
}

fn has_units(tx: &rusqlite::Connection, parcel_id: &str) -> Result<bool, StationError> {
    Ok(tx
        .prepare_cached(q::PARCEL_HAS_UNITS)?
        .query_row([parcel_id], |r| r.get(0))?)
}

fn parcel_rma_count(tx: &rusqlite::Connection, parcel_id: &str) -> Result<i64, StationError> {
    Ok(tx
        .prepare_cached(q::PARCEL_RMA_COUNT)?
        .query_row([parcel_id], |r| r.get(0))?)
}

fn parcel_lines(c: &rusqlite::Connection, parcel_id: &str) -> Result<Vec<ExpectedLine>, StationError> {
    let mut st = c.prepare_cached(q::PARCEL_LINES)?;
    let rows = st
        .query_map([parcel_id], |r| {
            let serials: String = r.get(6)?;
            Ok(ExpectedLine {
                rma: r.get(0)?,
                line_no: r.get(1)?,
                sku: r.get(2)?,
                gtin: r.get(3)?,
                quantity: r.get(4)?,
                received: r.get(5)?,
                serials: serde_json::from_str(&serials).unwrap_or_default(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The parcel as the screen shows it: its returns with received counts, its units, its exceptions.
pub fn parcel_view(c: &rusqlite::Connection, parcel_id: &str) -> Result<ParcelView, StationError> {
    let (code, code_kind, carrier, condition, open): (String, Option<String>, Option<String>, String, bool) =
        c.prepare_cached(q::PARCEL_BY_ID)?
            .query_row([parcel_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?
            .ok_or_else(|| StationError::NotFound {
                what: "parcel",
                id: parcel_id.to_string(),
            })?;
    let returns = crate::lookup::returns_where(c, q::RETURNS_IN_PARCEL, parcel_id)?;
    let mut st = c.prepare_cached(q::PARCEL_UNITS)?;
    let units = st
        .query_map([parcel_id], |r| {
            Ok(UnitLine {
                lpn: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                serial: r.get(3)?,
                rma: r.get(4)?,
                line_no: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut st = c.prepare_cached(q::PARCEL_EXCEPTIONS)?;
    let exceptions = st
        .query_map([parcel_id], |r| {
            let kind: String = r.get(1)?;
            Ok((r.get(0)?, kind, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })?
        .collect::<Result<Vec<(i64, String, Option<String>, Option<String>, Option<u32>, String)>, _>>()?
        .into_iter()
        .map(|(seq, kind, lpn, rma, line_no, details)| {
            Ok(ExceptionView {
                seq,
                kind: ExceptionKind::parse(&kind)?,
                lpn,
                rma,
                line_no,
                details,
            })
        })
        .collect::<Result<_, StationError>>()?;
    Ok(ParcelView {
        parcel_id: parcel_id.to_string(),
        code,
        code_kind,
        carrier,
        condition,
        open,
        returns,
        units,
        exceptions,
    })
}

/// The shortest name worth searching (folded): fewer letters would list half the site.
pub const NAME_SEARCH_MIN: usize = 3;

impl crate::station::Station {
    /// Open returns of the customers whose name holds every word typed (case and accents aside,
    /// at most three words): how a parcel without a label is found when all that is in it is a
    /// name. A lookup, not a fact: nothing is recorded, and the name goes into no log (a scan's
    /// text is kept in the event log forever, so a name is never typed into the scan field).
    /// At most [`CANDIDATES_SHOWN`] come back.
    pub fn find_returns_by_customer(
        &self,
        session: &crate::auth::Session,
        typed: &str,
    ) -> Result<Vec<RmaView>, StationError> {
        let folded = redock_domain::words::fold_name(typed);
        if folded.chars().filter(|c| *c != ' ').count() < NAME_SEARCH_MIN {
            return Err(StationError::Refused {
                code: "receiving.name_too_short",
                message: format!("type at least {NAME_SEARCH_MIN} letters of the customer's name"),
            });
        }
        let words: Vec<&str> = folded.split(' ').collect();
        let word = |i: usize| words.get(i).copied().unwrap_or("");
        let found = self.store.read(|c| {
            crate::station::Station::check_session(c, session)?;
            crate::lookup::returns_matching(c, q::RETURNS_BY_CUSTOMER, params![word(0), word(1), word(2)])
        })?;
        tracing::info!(found = found.len(), "returns searched by a customer's name");
        Ok(found.into_iter().take(CANDIDATES_SHOWN).collect())
    }
}
