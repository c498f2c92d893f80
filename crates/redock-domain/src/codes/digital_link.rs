//! GS1 Digital Link URIs (GS1 Digital Link Standard: URI Syntax, release 1.4): a web address whose path
//! carries a primary key AI and its qualifiers, e.g.
//! `https://id.gs1.org/01/05901234123457/21/ABC?17=261231`, on `id.gs1.org` or any brand's own domain,
//! optionally under a path prefix (`https://example.com/shop/01/…`). Path AIs come first in the
//! result, then the query parameters whose names are AIs; other parameters (`linkType`, …) are not
//! GS1 data and are ignored. Compressed Digital Link URIs are not decoded.

use super::gs1::{multiple_of, validate_value, Gs1Error, Gs1Read};
use super::gs1_table::{lookup_ai, AiEntry};
use super::AiValue;

/// Parse a Digital Link URI. Returns `None` when the text is not an http(s) URI with a primary key AI
/// in its path: such a link is not GS1 data, whatever else it is.
pub fn parse_digital_link(uri: &str) -> Option<Gs1Read> {
    let rest = strip_scheme(uri)?;
    let rest = rest.split('#').next().unwrap_or_default();
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (host, path) = before_query.split_once('/')?;
    if host.is_empty() {
        return None;
    }
    let mut segments: Vec<&str> = path.split('/').collect();
    if segments.last() == Some(&"") {
        segments.pop();
    }
    let start = key_path_start(&segments)?;
    Some(read_link(&segments[start..], query))
}

fn strip_scheme(uri: &str) -> Option<&str> {
    ["https://", "http://"].iter().find_map(|scheme| {
        let head = uri.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme).then(|| &uri[scheme.len()..])
    })
}

/// The first segment from which the path is a primary key AI and then AI/value pairs to the end;
/// anything before it is the domain's own path prefix. Worked out from the end in one pass, so a
/// long path of digits costs no more than a short one.
fn key_path_start(segments: &[&str]) -> Option<usize> {
    let n = segments.len();
    // pairs_to_end[i]: segments i.. are AI/value pairs.
    let mut pairs_to_end = vec![false; n + 2];
    pairs_to_end[n] = true;
    for i in (0..n.saturating_sub(1)).rev() {
        pairs_to_end[i] = pairs_to_end[i + 2] && lookup_ai(segments[i]).is_some();
    }
    (0..n).find(|&i| {
        pairs_to_end[i] && multiple_of(n - i, 2) && lookup_ai(segments[i]).is_some_and(|e| e.dl_key.is_some())
    })
}

fn read_link(path: &[&str], query: &str) -> Gs1Read {
    let mut read = Gs1Read::default();
    let key = path[0];
    let key_entry: Option<&AiEntry> = lookup_ai(key);
    let mut qualifiers: Vec<&str> = Vec::new();
    for (i, pair) in path.chunks(2).enumerate() {
        let (ai, raw) = (pair[0], pair[1]);
        if i > 0 {
            qualifiers.push(ai);
            if let Some(e) = key_entry.filter(|e| !qualifiers_allowed(e, &qualifiers)) {
                read.error = Some(Gs1Error::BadQualifier {
                    key: key.to_string(),
                    ai: ai.to_string(),
                    allowed: describe_qualifiers(e),
                });
                break;
            }
        }
        if let Err(e) = push_value(&mut read, ai, raw, true) {
            read.error = Some(e);
            break;
        }
    }
    if read.error.is_none() {
        for param in query.split('&').filter(|p| !p.is_empty()) {
            let (name, raw) = param.split_once('=').unwrap_or((param, ""));
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            if let Err(e) = push_value(&mut read, name, raw, false) {
                read.error = Some(e);
                break;
            }
        }
    }
    read.check_duplicates()
}

fn push_value(read: &mut Gs1Read, ai: &str, raw: &str, in_path: bool) -> Result<(), Gs1Error> {
    let entry = lookup_ai(ai).ok_or_else(|| Gs1Error::UnknownAi {
        found: ai.to_string(),
    })?;
    if !in_path && !entry.dl_attribute {
        return Err(Gs1Error::NotAttribute { ai: ai.to_string() });
    }
    let mut value = percent_decode(raw).ok_or_else(|| Gs1Error::BadPercent { ai: ai.to_string() })?;
    // The Digital Link standard lets a GTIN-8, -12 or -13 stand in the path as written on the pack;
    // GS1 data always carries it as 14 digits.
    if ai == "01" && matches!(value.len(), 8 | 12 | 13) && value.bytes().all(|b| b.is_ascii_digit()) {
        let padded = format!("{value:0>14}");
        read.notes.push(format!(
            "GTIN-{} {value} in the link read as {padded}",
            value.len()
        ));
        value = padded;
    }
    validate_value(ai, entry, &value)?;
    read.ais.push(AiValue {
        ai: ai.to_string(),
        value,
    });
    Ok(())
}

/// The qualifiers seen so far, in order, must fit one of the key's allowed orders.
fn qualifiers_allowed(key: &AiEntry, seen: &[&str]) -> bool {
    let alternatives = key.dl_key.unwrap_or_default();
    alternatives.iter().any(|order| {
        let mut order = order.iter();
        seen.iter().all(|q| order.any(|o| o == q))
    })
}

fn describe_qualifiers(key: &AiEntry) -> String {
    let alternatives = key.dl_key.unwrap_or_default();
    if alternatives.is_empty() {
        return "none".to_string();
    }
    let orders: Vec<String> = alternatives.iter().map(|o| o.join(", ")).collect();
    format!("{} (in that order)", orders.join(" or "))
}

/// RFC 3986 percent-decoding; `None` for a broken escape or bytes that are not UTF-8. A `+` stays a
/// `+`: GS1 data has no spaces, and `+` is a GS1 character.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(uri: &str, expect: &str) {
        let got = match parse_digital_link(uri) {
            None => "not a digital link".to_string(),
            Some(read) => {
                let mut out: Vec<String> = read
                    .ais
                    .iter()
                    .map(|a| format!("({}){}", a.ai, a.value))
                    .collect();
                out.extend(read.notes.iter().map(|n| format!("note: {n}")));
                if let Some(e) = &read.error {
                    out.push(format!("error {}: {e}", e.code()));
                }
                out.join(" ")
            }
        };
        assert_eq!(got, expect, "parse_digital_link({uri:?})");
    }

    #[test]
    fn reads_digital_links() {
        check("https://id.gs1.org/01/05901234123457", "(01)05901234123457");
        check(
            "https://id.gs1.org/01/05901234123457/21/ABC?17=261231",
            "(01)05901234123457 (21)ABC (17)261231",
        );
        check(
            "https://id.gs1.org/01/05901234123457/10/LOT%2F7/21/S%201?17=261231&linkType=gs1:pip",
            "(01)05901234123457 (10)LOT/7 error gs1.bad_char: (21) may hold only GS1 character set 82; ' ' at position 2 is not allowed",
        );
        check(
            "https://id.gs1.org/01/05901234123457/10/LOT%2F7",
            "(01)05901234123457 (10)LOT/7",
        );
        check(
            "HTTPS://ID.GS1.ORG/01/05901234123457/21/ABC",
            "(01)05901234123457 (21)ABC",
        );
        check(
            "http://example.com/shop/products/01/05901234123457/",
            "(01)05901234123457",
        );
        check(
            "https://brand.example/01/5901234123457?3103=000500",
            "(01)05901234123457 (3103)000500 note: GTIN-13 5901234123457 in the link read as 05901234123457",
        );
        check(
            "https://id.gs1.org/00/376104250021234569",
            "(00)376104250021234569",
        );
        check(
            "https://id.gs1.org/414/5901234123457/254/1",
            "(414)5901234123457 (254)1",
        );
        check("https://id.gs1.org/8004/0614141ABC", "(8004)0614141ABC");
        check("https://id.gs1.org/01/05901234123457#frag", "(01)05901234123457");
    }

    #[test]
    fn refuses_bad_links_with_reasons() {
        check(
            "https://id.gs1.org/01/05901234123458",
            "error gs1.check_digit: (01) check digit is 8, expected 7",
        );
        check(
            "https://id.gs1.org/01/05901234123457/21/ABC/10/LOT",
            "(01)05901234123457 (21)ABC error dl.bad_path: (10) may not follow (01) in a Digital Link path; \
             allowed after (01): 22, 10, 21 or 235 (in that order)",
        );
        check(
            "https://id.gs1.org/00/376104250021234569/10/LOT",
            "(00)376104250021234569 error dl.bad_path: (10) may not follow (00) in a Digital Link path; allowed after (00): none",
        );
        check(
            "https://id.gs1.org/01/05901234123457?17=261399",
            "(01)05901234123457 error gs1.bad_date: (17) 261399: month 13 does not exist",
        );
        check(
            "https://id.gs1.org/01/05901234123457?21=ABC",
            "(01)05901234123457 error dl.bad_query: (21) belongs in the link's path, not in its query",
        );
        check(
            "https://id.gs1.org/01/05901234123457?9999=1",
            "(01)05901234123457 error gs1.unknown_ai: no GS1 application identifier starts with \"9999\"",
        );
        check(
            "https://id.gs1.org/01/05901234123457/21/A%2",
            "(01)05901234123457 error dl.bad_percent: (21) holds a broken percent escape in the link",
        );
        check(
            "https://id.gs1.org/01/05901234123457/21/%FF",
            "(01)05901234123457 error dl.bad_percent: (21) holds a broken percent escape in the link",
        );
        check("https://id.gs1.org/01/05901234123457?17=261231&17=261230", "(01)05901234123457 (17)261231 (17)261230 error gs1.duplicate_ai: (17) appears twice with different values, \"261231\" and \"261230\"");
    }

    #[test]
    fn other_links_are_not_digital_links() {
        check("https://example.com/", "not a digital link");
        check("https://example.com/returns/123", "not a digital link");
        check("https://example.com/10/LOT", "not a digital link");
        check("https:///01/05901234123457", "not a digital link");
        check("ftp://id.gs1.org/01/05901234123457", "not a digital link");
        check("https://id.gs1.org/01", "not a digital link");
        check("0105901234123457", "not a digital link");
        check("https://id.gs1.org/01/05901234123457/99", "not a digital link");
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("A%2FB%25"), Some("A/B%".to_string()));
        assert_eq!(percent_decode("a+b"), Some("a+b".to_string()));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%C3%A9"), Some("é".to_string()));
    }

    #[test]
    fn long_paths_stay_cheap() {
        let uri = format!("https://example.com{}", "/01".repeat(1300));
        assert!(parse_digital_link(&uri).is_some_and(|r| !r.is_valid()));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(path in "[0-9A-Za-z/%?=&#.:é]{0,60}") {
            let _ = parse_digital_link(&format!("https://{path}"));
            let _ = parse_digital_link(&path);
        }
    }
}
