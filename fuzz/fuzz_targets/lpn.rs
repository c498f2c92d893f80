//! License plates: what parses formats back to the same text, and every plate in range formats to
//! text that parses back to it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redock_domain::codes::{format_lpn, parse_lpn, Lpn, LpnError};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(lpn) = parse_lpn(&text) {
        assert!(
            lpn.station <= 999 && lpn.counter <= 9_999_999,
            "{text:?}: {lpn:?}"
        );
        assert_eq!(format_lpn(lpn).as_deref(), Ok(&*text));
    }
    // The same bytes as a plate: station and counter from the first six.
    let mut n = [0u8; 6];
    let k = data.len().min(6);
    n[..k].copy_from_slice(&data[..k]);
    let lpn = Lpn {
        station: u16::from_le_bytes([n[0], n[1]]) % 1100,
        counter: u32::from_le_bytes([n[2], n[3], n[4], n[5]]) % 11_000_000,
    };
    match format_lpn(lpn) {
        Ok(s) => {
            assert!(
                lpn.station <= 999 && lpn.counter <= 9_999_999,
                "{lpn:?} formatted as {s:?}"
            );
            assert_eq!(parse_lpn(&s), Ok(lpn), "{s:?}");
        }
        Err(LpnError::StationOutOfRange(_)) => assert!(lpn.station > 999),
        Err(LpnError::CounterOutOfRange(_)) => assert!(lpn.station <= 999 && lpn.counter > 9_999_999),
        Err(e) => panic!("{lpn:?}: {e:?}"),
    }
});
