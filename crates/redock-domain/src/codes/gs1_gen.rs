//! Valid values for every AI of the table, for property tests: each component follows its character
//! set, its length and its content check (check digits and pairs, dates, times, flags, IBANs), so a
//! generated value is one the parser must accept.

use super::gs1::alpha_check_pair;
use super::gs1_table::{AiEntry, Component, Cset, Lint, AI_TABLE};
use super::{gs1_check_digit, AiValue};
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;

/// Characters of one set as a regex class. `%` is left out of CSET 82 where the component is
/// percent-encoded (it would need two hex digits after it); `=` out of CSET 64 (padding has rules).
fn class(cset: Cset, allow_percent: bool) -> &'static str {
    match (cset, allow_percent) {
        (Cset::N, _) => "[0-9]",
        (Cset::X, true) => "[!\"%&'()*+,\\-./0-9:;<=>?A-Z_a-z]",
        (Cset::X, false) => "[!\"&'()*+,\\-./0-9:;<=>?A-Z_a-z]",
        (Cset::Y, _) => "[#\\-/0-9A-Z]",
        (Cset::Z, _) => "[\\-0-9A-Z_a-z]",
    }
}

fn run(cset: Cset, min: usize, max: usize) -> BoxedStrategy<String> {
    #[allow(clippy::expect_used)] // the pattern is built from the fixed classes above
    proptest::string::string_regex(&format!("{}{{{min},{max}}}", class(cset, true)))
        .expect("character class pattern")
        .boxed()
}

fn digits(n: usize) -> BoxedStrategy<String> {
    run(Cset::N, n, n)
}

fn date6(day_zero: bool) -> BoxedStrategy<String> {
    (0u32..100, 1u32..13, u32::from(!day_zero)..29)
        .prop_map(|(y, m, d)| format!("{y:02}{m:02}{d:02}"))
        .boxed()
}

/// A valid value for one component.
fn component(c: &Component) -> BoxedStrategy<String> {
    let n = c.max;
    match c.lints {
        [] => run(c.cset, c.min, c.max),
        [Lint::Csum] => digits(n - 1)
            .prop_map(|b| {
                let d = gs1_check_digit(&b).unwrap_or(0);
                format!("{b}{d}")
            })
            .boxed(),
        [Lint::CsumAlpha] | [Lint::CsumAlpha, Lint::HasNonDigit] => {
            // A letter in front satisfies HasNonDigit; the pair itself may be digits.
            (run(c.cset, 0, n - 3), proptest::bool::ANY)
                .prop_map(|(body, letter)| {
                    let body = if letter {
                        format!("A{body}")
                    } else {
                        format!("0{body}")
                    };
                    let pair = alpha_check_pair(body.as_bytes()).unwrap_or(*b"22");
                    format!("{body}{}", String::from_utf8_lossy(&pair))
                })
                .prop_filter("MUDI needs a non-digit", {
                    let needs = c.lints.contains(&Lint::HasNonDigit);
                    move |v| !needs || !v.bytes().all(|b| b.is_ascii_digit())
                })
                .boxed()
        }
        [Lint::Yymmd0] => date6(true),
        [Lint::Yymmdd] => date6(false),
        [Lint::Yyyymmdd] => (1950u32..2100, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| format!("{y:04}{m:02}{d:02}"))
            .boxed(),
        [Lint::Hhmi] => (0u32..24, 0u32..60)
            .prop_map(|(h, m)| format!("{h:02}{m:02}"))
            .boxed(),
        [Lint::Hh] => (0u32..24).prop_map(|h| format!("{h:02}")).boxed(),
        [Lint::Mi] | [Lint::Ss] => (0u32..60).prop_map(|m| format!("{m:02}")).boxed(),
        [Lint::Zero] => Just("0".to_string()).boxed(),
        [Lint::NonZero] => (digits(n - 1), 1u32..10)
            .prop_map(|(d, last)| format!("{d}{last}"))
            .boxed(),
        [Lint::YesNo] => proptest::sample::select(vec!["0", "1"])
            .prop_map(String::from)
            .boxed(),
        [Lint::Iso5218] => proptest::sample::select(vec!["0", "1", "2", "9"])
            .prop_map(String::from)
            .boxed(),
        [Lint::Winding] => proptest::sample::select(vec!["0", "1", "9"])
            .prop_map(String::from)
            .boxed(),
        [Lint::Hyphen] => Just("-".to_string()).boxed(),
        [Lint::PieceOfTotal] => {
            let half = n / 2;
            let top = 10u32.pow(half as u32);
            (1..top)
                .prop_flat_map(|total| (1..=total, Just(total)))
                .prop_map(move |(piece, total)| format!("{piece:0half$}{total:0half$}"))
                .boxed()
        }
        [Lint::Iso3166Alpha2] => proptest::sample::select(vec!["PL", "RO", "NO", "RU", "DE", "GB", "US"])
            .prop_map(String::from)
            .boxed(),
        [Lint::Iban] => proptest::sample::select(vec![
            "FR7630006000011234567890189",
            "DE91100000000123456789",
            "GR9608100010000001234567890",
        ])
        .prop_map(String::from)
        .boxed(),
        [Lint::PercentEncoded] => {
            proptest::string::string_regex(&format!("{}{{{},{}}}", class(c.cset, false), c.min, c.max))
                .map(|s| s.boxed())
                .unwrap_or_else(|_| Just("A".to_string()).boxed())
        }
        [Lint::NoZeroPrefix] => (1u32..10, run(Cset::N, 0, n - 1))
            .prop_map(|(first, rest)| format!("{first}{rest}"))
            .boxed(),
        [Lint::Latitude] => (0u64..=1_800_000_000).prop_map(|v| format!("{v:010}")).boxed(),
        [Lint::Longitude] => (0u64..=3_600_000_000).prop_map(|v| format!("{v:010}")).boxed(),
        [Lint::ImporterIdx] => proptest::string::string_regex("[0-9A-Za-z_-]")
            .map(|s| s.boxed())
            .unwrap_or_else(|_| Just("A".to_string()).boxed()),
        other => panic!("no generator for the content checks {other:?}: add one"),
    }
}

/// One valid field of `entry`: an AI of its range and a value, optional components present or not
/// (and once one is left out, every later one: the table allows no mandatory after optional).
pub(crate) fn field(entry: &'static AiEntry) -> BoxedStrategy<AiValue> {
    let width = entry.first.len();
    let (lo, hi) = (
        entry.first.parse::<u32>().unwrap_or(0),
        entry.last.parse::<u32>().unwrap_or(0),
    );
    let parts: Vec<BoxedStrategy<Option<String>>> = entry
        .components
        .iter()
        .map(|c| {
            if c.optional {
                proptest::option::of(component(c)).boxed()
            } else {
                component(c).prop_map(Some).boxed()
            }
        })
        .collect();
    (lo..=hi, parts)
        .prop_map(move |(ai, parts)| AiValue {
            ai: format!("{ai:0width$}"),
            value: parts.into_iter().map_while(|p| p).collect(),
        })
        .boxed()
}

/// A valid field of any AI in the table.
pub(crate) fn any_field() -> BoxedStrategy<AiValue> {
    (0..AI_TABLE.len()).prop_flat_map(|i| field(&AI_TABLE[i])).boxed()
}

/// Fields that, written one after the other, need no GS: any number of predefined-length fields,
/// then at most one field of any other AI, last. The reads the symbology-free rule weighs.
pub(crate) fn fields_without_gs() -> BoxedStrategy<Vec<AiValue>> {
    let predefined: Vec<usize> = (0..AI_TABLE.len()).filter(|&i| AI_TABLE[i].predefined).collect();
    let others: Vec<usize> = (0..AI_TABLE.len()).filter(|&i| !AI_TABLE[i].predefined).collect();
    let head = proptest::collection::vec(
        proptest::sample::select(predefined).prop_flat_map(|i| field(&AI_TABLE[i])),
        1..4,
    );
    let tail = proptest::option::of(proptest::sample::select(others).prop_flat_map(|i| field(&AI_TABLE[i])));
    (head, tail)
        .prop_map(|(mut fields, tail)| {
            fields.extend(tail);
            fields
        })
        .boxed()
}
