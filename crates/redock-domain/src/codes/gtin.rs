use super::{gs1_check_digit, Classified, CodeKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GtinKind {
    Ean8,
    Upca,
    Ean13,
    Gtin14,
}

/// Plain all-digit product codes told apart by length: EAN-8 (8), UPC-A (12), EAN-13 (13), GTIN-14
/// (14, e.g. from ITF-14 on an outer case). Returns None when the text is not one of these shapes.
pub fn classify_gtin(text: &str) -> Option<Classified> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let kind = match text.len() {
        8 => CodeKind::Ean8,
        12 => CodeKind::Upca,
        13 => CodeKind::Ean13,
        14 => CodeKind::Gtin14,
        _ => return None,
    };
    let (body, check) = text.split_at(text.len() - 1);
    let found = check.as_bytes()[0] - b'0';
    let expected = gs1_check_digit(body)?;
    if found != expected {
        return Some(Classified::invalid(
            kind,
            text,
            "code.check_digit",
            format!("check digit is {found}, expected {expected}"),
        ));
    }
    let mut c = Classified::valid(kind, text);
    c.gtin = Some(format!("{text:0>14}"));
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any body with its computed check digit is valid and pads to a 14-digit GTIN ending in it.
        #[test]
        fn round_trip(body in "[0-9]{7}|[0-9]{11}|[0-9]{12}|[0-9]{13}") {
            let code = format!("{body}{}", gs1_check_digit(&body).unwrap());
            let c = classify_gtin(&code).unwrap();
            proptest::prop_assert!(c.valid);
            let gtin = c.gtin.unwrap();
            proptest::prop_assert_eq!(gtin.len(), 14);
            proptest::prop_assert!(gtin.ends_with(&code));
        }
    }
}
