/// The GS1 mod-10 check digit (GS1 General Specifications §7.9.1): from the right, weights 3, 1, 3, …
/// over the digits before the check digit. Serves GTIN-8/12/13/14, SSCC and GLN alike.
/// Returns None if `body` holds anything but ASCII digits.
pub fn gs1_check_digit(body: &str) -> Option<u8> {
    let mut sum: u32 = 0;
    for (i, b) in body.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        let d = u32::from(b - b'0');
        sum += if i % 2 == 0 { d * 3 } else { d };
    }
    Some(((10 - sum % 10) % 10) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert_eq!(gs1_check_digit("590123412345"), Some(7));
        assert_eq!(gs1_check_digit("03600029145"), Some(2));
        assert_eq!(gs1_check_digit("9638507"), Some(4));
        assert_eq!(gs1_check_digit("37610425002123456"), Some(9)); // SSCC example from GS1 GenSpecs
        assert_eq!(gs1_check_digit("12a"), None);
    }

    proptest::proptest! {
        /// Any single changed digit changes the check digit: the property that makes it worth having.
        #[test]
        fn detects_every_single_digit_error(body in "[0-9]{7,17}", pos in 0usize..17, delta in 1u8..10) {
            let pos = pos % body.len();
            let mut bytes = body.clone().into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            proptest::prop_assert_ne!(gs1_check_digit(&body), gs1_check_digit(&changed));
        }
    }
}
