//! Matching what arrived with what was expected. Pure: the station loads the parcel's expected
//! lines and passes them in with the scanned product; the answer says which line the unit belongs
//! to and which exceptions the inspector saw.

use crate::disposition::ReturnWindow;
use crate::words::{parse_word, UnknownWord, WordKind};
use serde::{Deserialize, Serialize};

/// One line of an expected return, as the matcher needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedLine {
    pub rma: String,
    pub line_no: u32,
    pub sku: String,
    pub gtin: Option<String>,
    pub quantity: u32,
    pub received: u32,
    /// Serials sold on this line; empty when the product is not serialised.
    pub serials: Vec<String>,
}

/// The exceptions a dock settles at the scanner. Names are stable (events, UI keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    /// A parcel no expected return names; recorded anyway with what is known.
    UnexpectedReturn,
    /// A product not on any of the parcel's RMAs.
    WrongItem,
    /// A product on an RMA, beyond the quantity expected.
    ExtraItem,
    /// Expected, not in the box (found when the parcel is closed).
    MissingItem,
    /// The serial returned is not the serial sold.
    SerialMismatch,
    EmptyBox,
    DamagedInTransit,
    /// Arrived after the shop's return window (flagged, not refused).
    LateReturn,
    /// The parcel came with no readable label; its return was found from what was inside.
    LabelMissing,
}

impl ExceptionKind {
    pub const ALL: [ExceptionKind; 9] = [
        ExceptionKind::UnexpectedReturn,
        ExceptionKind::WrongItem,
        ExceptionKind::ExtraItem,
        ExceptionKind::MissingItem,
        ExceptionKind::SerialMismatch,
        ExceptionKind::EmptyBox,
        ExceptionKind::DamagedInTransit,
        ExceptionKind::LateReturn,
        ExceptionKind::LabelMissing,
    ];

    /// A stored finding (`receiving_exception.kind`).
    pub fn parse(s: &str) -> Result<ExceptionKind, UnknownWord> {
        parse_word(
            WordKind::ExceptionKind,
            &ExceptionKind::ALL,
            ExceptionKind::as_str,
            s,
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ExceptionKind::UnexpectedReturn => "unexpected_return",
            ExceptionKind::WrongItem => "wrong_item",
            ExceptionKind::ExtraItem => "extra_item",
            ExceptionKind::MissingItem => "missing_item",
            ExceptionKind::SerialMismatch => "serial_mismatch",
            ExceptionKind::EmptyBox => "empty_box",
            ExceptionKind::DamagedInTransit => "damaged_in_transit",
            ExceptionKind::LateReturn => "late_return",
            ExceptionKind::LabelMissing => "label_missing",
        }
    }
}

/// Where a unit is in its life at the desk (`unit.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitStatus {
    /// Received, not graded yet (its inspection may be in progress).
    Received,
    /// Parked on the waiting shelf with its LPN label: only its LPN takes it up again.
    Waiting,
    /// Graded; decided in the same transaction.
    Inspected,
    Decided,
    /// Decided: held for a supervisor.
    Held,
}

impl UnitStatus {
    pub const ALL: [UnitStatus; 5] = [
        UnitStatus::Received,
        UnitStatus::Waiting,
        UnitStatus::Inspected,
        UnitStatus::Decided,
        UnitStatus::Held,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::Received => "received",
            UnitStatus::Waiting => "waiting",
            UnitStatus::Inspected => "inspected",
            UnitStatus::Decided => "decided",
            UnitStatus::Held => "held",
        }
    }

    pub fn parse(s: &str) -> Result<UnitStatus, UnknownWord> {
        parse_word(WordKind::UnitStatus, &UnitStatus::ALL, UnitStatus::as_str, s)
    }

    /// Whether scanning the unit takes up its inspection (not decided yet); a decided unit's LPN
    /// shows its decision.
    pub fn is_to_inspect(self) -> bool {
        matches!(self, UnitStatus::Received | UnitStatus::Waiting)
    }
}

/// Where a scanned unit goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemMatch {
    /// On an expected line with room left. `serial_mismatch` holds the serials sold when the
    /// scanned serial is not among them.
    Line {
        rma: String,
        line_no: u32,
        serial_mismatch: Option<Vec<String>>,
    },
    /// The product is on an RMA of this parcel, but all of it has been received already.
    Extra { rma: String, line_no: u32 },
    /// The product is on none of the parcel's RMAs (or the parcel has none).
    NotExpected,
}

/// Match one unit (by GTIN-14, with its serial if the code carried one) against the parcel's lines.
/// A line whose serials include the scanned serial wins; then the first line of the same product
/// with room left, in RMA and line order; then "extra" on the first line of that product.
pub fn match_item(lines: &[ExpectedLine], gtin: &str, serial: Option<&str>) -> ItemMatch {
    let same: Vec<&ExpectedLine> = lines.iter().filter(|l| l.gtin.as_deref() == Some(gtin)).collect();
    if let Some(serial) = serial {
        if let Some(l) = same
            .iter()
            .find(|l| l.received < l.quantity && l.serials.iter().any(|s| s == serial))
        {
            return ItemMatch::Line {
                rma: l.rma.clone(),
                line_no: l.line_no,
                serial_mismatch: None,
            };
        }
    }
    if let Some(l) = same.iter().find(|l| l.received < l.quantity) {
        let mismatch = match serial {
            Some(s) if !l.serials.is_empty() && !l.serials.iter().any(|x| x == s) => Some(l.serials.clone()),
            _ => None,
        };
        return ItemMatch::Line {
            rma: l.rma.clone(),
            line_no: l.line_no,
            serial_mismatch: mismatch,
        };
    }
    match same.first() {
        Some(l) => ItemMatch::Extra {
            rma: l.rma.clone(),
            line_no: l.line_no,
        },
        None => ItemMatch::NotExpected,
    }
}

/// Lines with units still missing: (rma, line_no, how many missing).
pub fn missing(lines: &[ExpectedLine]) -> Vec<(String, u32, u32)> {
    lines
        .iter()
        .filter(|l| l.received < l.quantity)
        .map(|l| (l.rma.clone(), l.line_no, l.quantity - l.received))
        .collect()
}

/// A date that is not one: not `YYYY-MM-DD`, or no such day. Whether a return is late cannot be
/// told from it, and is not guessed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{date:?} is not a date (YYYY-MM-DD)")]
pub struct UnreadableDate {
    pub date: String,
}

/// Whether a return arriving on `today` is past the shop's window (days are calendar days, counted
/// from the order date, as shops state them). Dates are `YYYY-MM-DD`.
pub fn is_late(order_date: &str, today: &str, window_days: u32) -> Result<bool, UnreadableDate> {
    let days = days_between(order_date, today)?;
    Ok(days > i64::from(window_days))
}

/// What the rules are told of a return's age: the days since the purchase, and whether that is
/// past the shop's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SincePurchase {
    pub days: u32,
    pub window: ReturnWindow,
}

/// A return on the site's `today` against the shop's window (`None`: the shop has none, so it is
/// never late). An order dated after today (a clock or a time zone a day off) counts as bought
/// today. An unreadable date is an error: the desk holds the unit rather than call it on time.
pub fn since_purchase(
    order_date: &str,
    today: &str,
    window_days: Option<u32>,
) -> Result<SincePurchase, UnreadableDate> {
    let days = days_between(order_date, today)?;
    let late = match window_days {
        Some(w) => is_late(order_date, today, w)?,
        None => false,
    };
    Ok(SincePurchase {
        days: u32::try_from(days.max(0)).unwrap_or(u32::MAX),
        window: if late {
            ReturnWindow::Late
        } else {
            ReturnWindow::Within
        },
    })
}

/// Days from `a` to `b` (proleptic Gregorian, `YYYY-MM-DD`).
pub fn days_between(a: &str, b: &str) -> Result<i64, UnreadableDate> {
    let day = |d: &str| day_number(d).ok_or_else(|| UnreadableDate { date: d.to_owned() });
    Ok(day(b)? - day(a)?)
}

fn day_number(date: &str) -> Option<i64> {
    let mut it = date.get(..10)?.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm): exact for every Gregorian date.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(
        rma: &str,
        line_no: u32,
        gtin: &str,
        quantity: u32,
        received: u32,
        serials: &[&str],
    ) -> ExpectedLine {
        ExpectedLine {
            rma: rma.into(),
            line_no,
            sku: format!("SKU-{gtin}"),
            gtin: Some(gtin.into()),
            quantity,
            received,
            serials: serials.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn check(lines: &[ExpectedLine], gtin: &str, serial: Option<&str>, expect: &str) {
        let got = match match_item(lines, gtin, serial) {
            ItemMatch::Line {
                rma,
                line_no,
                serial_mismatch: None,
            } => format!("line {rma}/{line_no}"),
            ItemMatch::Line {
                rma,
                line_no,
                serial_mismatch: Some(sold),
            } => {
                format!("line {rma}/{line_no} serial mismatch, sold {}", sold.join(","))
            }
            ItemMatch::Extra { rma, line_no } => format!("extra {rma}/{line_no}"),
            ItemMatch::NotExpected => "not expected".into(),
        };
        assert_eq!(got, expect, "gtin {gtin} serial {serial:?}");
    }

    #[test]
    fn matches_items_to_lines() {
        let parcel = [
            line("R1", 1, "A", 1, 0, &["S1"]),
            line("R1", 2, "B", 2, 0, &[]),
            line("R2", 1, "A", 1, 0, &["S2"]),
        ];
        check(&parcel, "A", None, "line R1/1");
        check(&parcel, "A", Some("S1"), "line R1/1");
        check(&parcel, "A", Some("S2"), "line R2/1");
        check(&parcel, "A", Some("S9"), "line R1/1 serial mismatch, sold S1");
        check(&parcel, "B", Some("ANY"), "line R1/2");
        check(&parcel, "C", None, "not expected");
        check(&[], "A", None, "not expected");
    }

    #[test]
    fn full_lines_give_extra_or_move_on() {
        let parcel = [
            line("R1", 1, "A", 1, 1, &["S1"]),
            line("R2", 1, "A", 1, 0, &["S2"]),
        ];
        check(&parcel, "A", None, "line R2/1");
        check(&parcel, "A", Some("S1"), "line R2/1 serial mismatch, sold S2");
        let full = [line("R1", 1, "A", 1, 1, &[]), line("R1", 2, "B", 2, 2, &[])];
        check(&full, "B", None, "extra R1/2");
    }

    #[test]
    fn missing_lists_what_is_short() {
        let parcel = [line("R1", 1, "A", 1, 1, &[]), line("R1", 2, "B", 3, 1, &[])];
        assert_eq!(missing(&parcel), vec![("R1".to_string(), 2, 2)]);
    }

    #[test]
    fn return_window() {
        let unreadable = |d: &str| Err(UnreadableDate { date: d.to_owned() });
        for (order, today, window, late) in [
            ("2026-11-01", "2026-12-01", 30, Ok(false)),
            ("2026-11-01", "2026-12-02", 30, Ok(true)),
            ("2024-02-01", "2024-03-02", 30, Ok(false)), // leap year
            ("2023-02-01", "2023-03-04", 30, Ok(true)),
            ("2023-12-20", "2024-01-19", 30, Ok(false)),
            ("2026-11-01", "2026-11-01", 0, Ok(false)),
            ("2026-11-01", "2026-11-02", 0, Ok(true)),
            // Ordered "after" today: not late.
            ("2026-12-05", "2026-12-01", 0, Ok(false)),
            // A timestamp's date counts.
            ("2026-11-01T23:30:00Z", "2026-12-02", 30, Ok(true)),
            ("2026-02-30", "2026-03-10", 30, unreadable("2026-02-30")),
            ("garbage", "2026-03-10", 30, unreadable("garbage")),
            ("", "2026-03-10", 30, unreadable("")),
            ("2026-13-01", "2026-03-10", 30, unreadable("2026-13-01")),
            ("2026-11-01", "today", 30, unreadable("today")),
        ] {
            assert_eq!(
                is_late(order, today, window),
                late,
                "{order} → {today}, {window} days"
            );
        }
        assert_eq!(days_between("2000-01-01", "2100-01-01"), Ok(36_525));
        assert_eq!(
            UnreadableDate {
                date: "2026-02-30".into()
            }
            .to_string(),
            "\"2026-02-30\" is not a date (YYYY-MM-DD)"
        );
    }

    #[test]
    fn since_purchase_tells_the_rules_days_and_window() {
        let within = ReturnWindow::Within;
        let late = ReturnWindow::Late;
        for (order, today, window, expect) in [
            ("2026-11-02", "2026-11-23", Some(30), Ok((21, within))),
            ("2026-10-01", "2026-11-23", Some(30), Ok((53, late))),
            ("2026-10-24", "2026-11-23", Some(30), Ok((30, within))),
            ("2026-10-23", "2026-11-23", Some(30), Ok((31, late))),
            // A shop without a window: never late, days still counted (vendor windows use them).
            ("2026-10-01", "2026-11-23", None, Ok((53, within))),
            // Ordered after today (a clock a day off): bought today.
            ("2026-11-24", "2026-11-23", Some(0), Ok((0, within))),
            // Unreadable: said, not taken for "on time", with or without a window.
            ("2026-02-30", "2026-11-23", Some(30), Err("2026-02-30")),
            ("not a date", "2026-11-23", None, Err("not a date")),
        ] {
            let got = since_purchase(order, today, window)
                .map(|s| (s.days, s.window))
                .map_err(|e| e.date);
            assert_eq!(
                got,
                expect.map_err(str::to_owned),
                "{order} → {today}, window {window:?}"
            );
        }
    }

    proptest::proptest! {
        /// Whatever the lines, a product present on some line never reads as "not expected", and a
        /// product on no line always does.
        #[test]
        fn not_expected_iff_absent(quantities in proptest::collection::vec((0u32..3, 0u32..3), 0..5), pick in 0usize..6) {
            let lines: Vec<ExpectedLine> = quantities.iter().enumerate()
                .map(|(i, (q, r))| line("R", i as u32 + 1, &format!("G{i}"), q + 1, *r, &[]))
                .collect();
            let gtin = format!("G{pick}");
            let present = pick < lines.len();
            proptest::prop_assert_eq!(match_item(&lines, &gtin, None) == ItemMatch::NotExpected, !present);
        }
    }
}
