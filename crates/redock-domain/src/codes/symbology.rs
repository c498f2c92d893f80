//! AIM symbology identifiers (ISO/IEC 15424): the `]` + code character + modifier that a scanner set
//! to transmit them puts in front of every read, e.g. `]C1` for GS1-128 or `]E0` for EAN-13. They say
//! which barcode the data came from and, for GS1 symbols, that what follows is a GS1 element string
//! (GS1 General Specifications §5.1.2, Figure 5.1.2-2).

/// Code characters of ISO/IEC 15424 Table 1, plus `J` (DotCode), which GS1 lists as `]J1`.
const CODE_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUXYZcdeopsz";

/// The GS1 symbologies whose data is an element string with FNC1 in first position (GS1 General
/// Specifications Figure 5.1.2-2): GS1-128, GS1 DataMatrix, GS1 QR Code, GS1 DataBar, GS1 DotCode.
const GS1_IDS: &[&str] = &["]C1", "]d2", "]Q3", "]e0", "]J1"];

/// A symbology identifier as read, e.g. `]C1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbology<'a> {
    pub id: &'a str,
}

impl Symbology<'_> {
    /// The ISO/IEC 15424 code character: `C` Code 128, `d` Data Matrix, `Q` QR Code, `E` EAN/UPC, …
    pub fn code(&self) -> char {
        self.id[1..].chars().next().unwrap_or(']')
    }

    /// The data that follows is a GS1 element string.
    pub fn is_gs1(&self) -> bool {
        GS1_IDS.contains(&self.id)
    }

    /// EAN/UPC (`]E0` EAN-13, UPC-A, UPC-E; `]E3` with add-on; `]E4` EAN-8): the data is a GTIN.
    pub fn is_ean_upc(&self) -> bool {
        self.code() == 'E'
    }

    /// ITF-14 (`]I1`): a GTIN-14 on an outer case.
    pub fn is_itf14(&self) -> bool {
        self.id == "]I1"
    }
}

/// Split a read into its symbology identifier, if it starts with one, and the data. A `]` followed by
/// anything that is not a known code character and a modifier is left alone: it is data.
pub fn strip_symbology(text: &str) -> (Option<Symbology<'_>>, &str) {
    let b = text.as_bytes();
    if b.first() != Some(&b']') || b.len() < 3 || !CODE_CHARS.contains(&b[1]) {
        return (None, text);
    }
    // System expansion (`]Y`) carries a count digit and that many further modifier characters.
    let len = if b[1] == b'Y' {
        match b[2] {
            d @ b'0'..=b'9' => 3 + usize::from(d - b'0'),
            _ => return (None, text),
        }
    } else {
        3
    };
    let modifiers_ok = b
        .get(2..len)
        .is_some_and(|m| m.iter().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
    match (modifiers_ok, text.get(..len), text.get(len..)) {
        (true, Some(id), Some(rest)) => (Some(Symbology { id }), rest),
        _ => (None, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: &str) {
        let (sym, rest) = strip_symbology(text);
        let got = match sym {
            Some(s) => {
                let mut flags = Vec::new();
                if s.is_gs1() {
                    flags.push("gs1");
                }
                if s.is_ean_upc() {
                    flags.push("ean");
                }
                if s.is_itf14() {
                    flags.push("itf14");
                }
                format!("{} [{}] {rest}", s.id, flags.join(","))
            }
            None => format!("none {rest}"),
        };
        assert_eq!(got, expect, "strip_symbology({text:?})");
    }

    #[test]
    fn strips_known_identifiers() {
        check("]C10105901234123457", "]C1 [gs1] 0105901234123457");
        check("]d20105901234123457", "]d2 [gs1] 0105901234123457");
        check("]Q30105901234123457", "]Q3 [gs1] 0105901234123457");
        check("]e00105901234123457", "]e0 [gs1] 0105901234123457");
        check("]J10105901234123457", "]J1 [gs1] 0105901234123457");
        check("]E05901234123457", "]E0 [ean] 5901234123457");
        check("]E496385074", "]E4 [ean] 96385074");
        check("]I115901234123454", "]I1 [itf14] 15901234123454");
        check("]C0RMA-100001", "]C0 [] RMA-100001");
        check(
            "]d1https://id.gs1.org/01/05901234123457",
            "]d1 [] https://id.gs1.org/01/05901234123457",
        );
        check("]Q1TOTE-A01", "]Q1 [] TOTE-A01");
        check("]A0CODE39", "]A0 [] CODE39");
        check("]Y2AB123", "]Y2AB [] 123");
        check("]C1", "]C1 [gs1] ");
    }

    #[test]
    fn leaves_data_that_is_not_an_identifier() {
        check("]W0123", "none ]W0123");
        check("]C", "none ]C");
        check("]Cx123", "none ]Cx123");
        check("]Yx", "none ]Yx");
        check("]Y9A", "none ]Y9A");
        check("]Cé", "none ]Cé");
        check("5901234123457", "none 5901234123457");
        check("", "none ");
    }
}
