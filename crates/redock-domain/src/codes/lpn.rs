//! License plates (LPNs): one per physical unit, printed on its label and scanned at every later step.
//! Format: `LPN` + 3-digit station number + 7-digit counter + GS1 mod-10 check digit, e.g.
//! `LPN0010000001` + `6`. The station number makes plates unique across a site without asking the hub;
//! the check digit catches every single mistyped digit when an inspector keys a plate by hand.

use super::gs1_check_digit;
use thiserror::Error;

pub const LPN_PREFIX: &str = "LPN";
const STATION_DIGITS: usize = 3;
const COUNTER_DIGITS: usize = 7;
const DIGITS: usize = STATION_DIGITS + COUNTER_DIGITS + 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lpn {
    pub station: u16,
    pub counter: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LpnError {
    #[error("a license plate is LPN and {DIGITS} digits")]
    Shape,
    #[error("check digit is {found}, expected {expected}")]
    CheckDigit { found: u8, expected: u8 },
    #[error("station number {0} does not fit in {STATION_DIGITS} digits")]
    StationOutOfRange(u16),
    #[error("counter {0} does not fit in {COUNTER_DIGITS} digits")]
    CounterOutOfRange(u32),
}

pub fn lpn_check_char(body: &str) -> Option<u8> {
    gs1_check_digit(body)
}

pub fn format_lpn(lpn: Lpn) -> Result<String, LpnError> {
    if lpn.station > 999 {
        return Err(LpnError::StationOutOfRange(lpn.station));
    }
    if lpn.counter > 9_999_999 {
        return Err(LpnError::CounterOutOfRange(lpn.counter));
    }
    let body = format!("{:03}{:07}", lpn.station, lpn.counter);
    let check = gs1_check_digit(&body).ok_or(LpnError::Shape)?;
    Ok(format!("{LPN_PREFIX}{body}{check}"))
}

pub fn parse_lpn(text: &str) -> Result<Lpn, LpnError> {
    let digits = text.strip_prefix(LPN_PREFIX).ok_or(LpnError::Shape)?;
    if digits.len() != DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LpnError::Shape);
    }
    let (body, check) = digits.split_at(DIGITS - 1);
    let found = check.as_bytes()[0] - b'0';
    let expected = gs1_check_digit(body).ok_or(LpnError::Shape)?;
    if found != expected {
        return Err(LpnError::CheckDigit { found, expected });
    }
    let station = body[..STATION_DIGITS].parse().map_err(|_| LpnError::Shape)?;
    let counter = body[STATION_DIGITS..].parse().map_err(|_| LpnError::Shape)?;
    Ok(Lpn { station, counter })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        assert_eq!(
            format_lpn(Lpn {
                station: 1,
                counter: 1
            })
            .unwrap(),
            "LPN00100000016"
        );
        assert_eq!(
            parse_lpn("LPN00100000016"),
            Ok(Lpn {
                station: 1,
                counter: 1
            })
        );
        assert_eq!(
            parse_lpn("LPN00100000017"),
            Err(LpnError::CheckDigit {
                found: 7,
                expected: 6
            })
        );
        assert_eq!(parse_lpn("LPN0010000001"), Err(LpnError::Shape));
        assert_eq!(parse_lpn("XPN00100000016"), Err(LpnError::Shape));
        assert_eq!(
            format_lpn(Lpn {
                station: 1000,
                counter: 1
            }),
            Err(LpnError::StationOutOfRange(1000))
        );
        assert_eq!(
            format_lpn(Lpn {
                station: 1,
                counter: 10_000_000
            }),
            Err(LpnError::CounterOutOfRange(10_000_000))
        );
    }

    proptest::proptest! {
        #[test]
        fn round_trip(station in 0u16..1000, counter in 0u32..10_000_000) {
            let lpn = Lpn { station, counter };
            proptest::prop_assert_eq!(parse_lpn(&format_lpn(lpn).unwrap()), Ok(lpn));
        }
    }
}
