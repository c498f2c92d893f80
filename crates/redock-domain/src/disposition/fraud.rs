//! Fraud signals from what the desk knows of a unit: receiving's findings, whether it was used
//! (as its grading set's scale says), how many returns its customer has made. Pure: the station
//! gathers the facts and the threshold (its `fraud` setting) and records the flags.

use super::input::FraudFlag;
use crate::receiving::ExceptionKind;
use std::collections::BTreeSet;

/// From this many returns on record (the one being inspected included) a customer is a repeat
/// returner, unless the station is set otherwise: what Redock has always counted.
pub const REPEAT_RETURNER_RETURNS: u32 = 3;

/// Whether a customer with `returns_on_record` returns (this one included) is a repeat returner,
/// when the station counts one from `threshold` returns on.
pub fn is_repeat_returner(returns_on_record: u32, threshold: u32) -> bool {
    returns_on_record >= threshold
}

/// What the desk knows of one unit that can be a fraud signal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FraudFacts<'a> {
    /// Receiving's findings for the unit: its own exceptions, its parcel's empty box, its RMA's
    /// late return.
    pub findings: &'a [ExceptionKind],
    /// Whether its grade says it was used (`GradingSet::is_used`).
    pub used: bool,
    /// Its customer's returns on record, this one included.
    pub returns_on_record: u32,
    /// The station's repeat-returner threshold ([`is_repeat_returner`]).
    pub repeat_returner_returns: u32,
}

/// The unit's fraud flags: a serial that is not the one sold, another item than the one
/// expected, an empty box, a late return of a used unit, a repeat returner.
pub fn fraud_flags(facts: &FraudFacts<'_>) -> BTreeSet<FraudFlag> {
    let mut flags: BTreeSet<FraudFlag> = facts
        .findings
        .iter()
        .filter_map(|finding| match finding {
            ExceptionKind::SerialMismatch => Some(FraudFlag::SerialMismatch),
            ExceptionKind::WrongItem => Some(FraudFlag::SwappedItem),
            ExceptionKind::EmptyBox => Some(FraudFlag::EmptyBox),
            ExceptionKind::LateReturn => facts.used.then_some(FraudFlag::UsedBeyondWindow),
            ExceptionKind::UnexpectedReturn
            | ExceptionKind::ExtraItem
            | ExceptionKind::MissingItem
            | ExceptionKind::DamagedInTransit
            // A torn label is the carrier's doing, not the customer's.
            | ExceptionKind::LabelMissing => None,
        })
        .collect();
    if is_repeat_returner(facts.returns_on_record, facts.repeat_returner_returns) {
        flags.insert(FraudFlag::RepeatReturner);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use ExceptionKind::*;

    #[test]
    fn repeat_returner_from_the_threshold_on() {
        for (returns, threshold, expect) in [
            (0, 3, false),
            (1, 3, false),
            (2, 3, false),
            (3, 3, true),
            (4, 3, true),
            (1, 2, false),
            (2, 2, true),
            (9, 10, false),
            (10, 10, true),
            (u32::MAX, 3, true),
            (REPEAT_RETURNER_RETURNS, REPEAT_RETURNER_RETURNS, true),
            (REPEAT_RETURNER_RETURNS - 1, REPEAT_RETURNER_RETURNS, false),
        ] {
            assert_eq!(
                is_repeat_returner(returns, threshold),
                expect,
                "{returns} returns, threshold {threshold}"
            );
        }
    }

    /// Findings, used, returns on record → the flags, by name.
    #[track_caller]
    fn check(findings: &[ExceptionKind], used: bool, returns: u32, expect: &[&str]) {
        let facts = FraudFacts {
            findings,
            used,
            returns_on_record: returns,
            repeat_returner_returns: REPEAT_RETURNER_RETURNS,
        };
        let got: Vec<&str> = fraud_flags(&facts).into_iter().map(FraudFlag::as_str).collect();
        assert_eq!(got, expect, "{findings:?}, used {used}, {returns} returns");
    }

    #[test]
    fn flags_from_the_facts() {
        check(&[], false, 1, &[]);
        check(&[], true, 1, &[]);
        check(&[SerialMismatch], false, 1, &["serial_mismatch"]);
        check(&[WrongItem], false, 1, &["swapped_item"]);
        check(&[EmptyBox], false, 1, &["empty_box"]);
        // Late is a signal only for a used unit.
        check(&[LateReturn], false, 1, &[]);
        check(&[LateReturn], true, 1, &["used_beyond_window"]);
        check(&[], false, 3, &["repeat_returner"]);
        check(&[], false, 2, &[]);
        // Findings that are not fraud signals.
        check(
            &[UnexpectedReturn, ExtraItem, MissingItem, DamagedInTransit],
            true,
            1,
            &[],
        );
        // Several at once, each once.
        check(
            &[WrongItem, LateReturn, WrongItem, EmptyBox],
            true,
            5,
            &[
                "empty_box",
                "swapped_item",
                "used_beyond_window",
                "repeat_returner",
            ],
        );
    }

    #[test]
    fn the_threshold_is_the_stations() {
        let facts = |returns, threshold| FraudFacts {
            findings: &[],
            used: false,
            returns_on_record: returns,
            repeat_returner_returns: threshold,
        };
        assert!(fraud_flags(&facts(2, 2)).contains(&FraudFlag::RepeatReturner));
        assert!(!fraud_flags(&facts(4, 5)).contains(&FraudFlag::RepeatReturner));
    }
}
