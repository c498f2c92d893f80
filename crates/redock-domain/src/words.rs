//! The words the desk stores and reads back: customer tiers, vendor return terms, channels, who
//! decided, unit statuses, receiving's findings. Reading one this version does not know is an
//! error with a stable code ([`UnknownWord`]), never a default: a "gold" tier is not "standard",
//! a channel this version does not know is not "hold".

/// What kind of word could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordKind {
    Tier,
    RtvTerms,
    Channel,
    DecidedBy,
    UnitStatus,
    ExceptionKind,
}

impl WordKind {
    pub const ALL: [WordKind; 6] = [
        WordKind::Tier,
        WordKind::RtvTerms,
        WordKind::Channel,
        WordKind::DecidedBy,
        WordKind::UnitStatus,
        WordKind::ExceptionKind,
    ];

    /// The kind in English, for logs and traces.
    pub fn noun(self) -> &'static str {
        match self {
            WordKind::Tier => "customer tier",
            WordKind::RtvTerms => "vendor return terms",
            WordKind::Channel => "disposition channel",
            WordKind::DecidedBy => "decision maker",
            WordKind::UnitStatus => "unit status",
            WordKind::ExceptionKind => "receiving exception",
        }
    }

    /// The stable code of an unknown word of this kind (`error-<code>` in the station's
    /// languages).
    pub fn code(self) -> &'static str {
        match self {
            WordKind::Tier => "data.unknown_tier",
            WordKind::RtvTerms => "data.unknown_rtv_terms",
            WordKind::Channel => "data.unknown_channel",
            WordKind::DecidedBy => "data.unknown_decided_by",
            WordKind::UnitStatus => "data.unknown_unit_status",
            WordKind::ExceptionKind => "data.unknown_exception_kind",
        }
    }
}

/// A stored word this version does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {} {value:?}", kind.noun())]
pub struct UnknownWord {
    pub kind: WordKind,
    pub value: String,
}

impl UnknownWord {
    pub fn new(kind: WordKind, value: &str) -> UnknownWord {
        UnknownWord {
            kind,
            value: value.to_owned(),
        }
    }

    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// Every code an unknown word can have.
    pub const CODES: [&'static str; 6] = [
        "data.unknown_tier",
        "data.unknown_rtv_terms",
        "data.unknown_channel",
        "data.unknown_decided_by",
        "data.unknown_unit_status",
        "data.unknown_exception_kind",
    ];
}

/// The word of `value` among `all` by `as_str`, or an [`UnknownWord`] of `kind`.
pub(crate) fn parse_word<T: Copy>(
    kind: WordKind,
    all: &[T],
    as_str: impl Fn(T) -> &'static str,
    value: &str,
) -> Result<T, UnknownWord> {
    all.iter()
        .copied()
        .find(|w| as_str(*w) == value)
        .ok_or_else(|| UnknownWord::new(kind, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disposition::{Channel, RtvTerms, Tier};
    use crate::receiving::{ExceptionKind, UnitStatus};

    /// A word → what it reads as, or the error's code and message.
    fn show<T: std::fmt::Debug>(r: Result<T, UnknownWord>) -> String {
        match r {
            Ok(w) => format!("{w:?}"),
            Err(e) => format!("{}: {e}", e.code()),
        }
    }

    #[test]
    fn known_words_read_and_unknown_ones_are_errors() {
        let cases: Vec<(String, &str)> = vec![
            (show(Tier::parse("standard")), "Standard"),
            (show(Tier::parse("loyal")), "Loyal"),
            (show(Tier::parse("vip")), "Vip"),
            (
                show(Tier::parse("gold")),
                r#"data.unknown_tier: unknown customer tier "gold""#,
            ),
            (
                show(Tier::parse("")),
                r#"data.unknown_tier: unknown customer tier """#,
            ),
            (
                show(Tier::parse("Loyal")),
                r#"data.unknown_tier: unknown customer tier "Loyal""#,
            ),
            (show(RtvTerms::parse("eligible")), "Eligible"),
            (show(RtvTerms::parse("forced")), "Forced"),
            (show(RtvTerms::parse("prohibited")), "Prohibited"),
            (
                show(RtvTerms::parse("partial")),
                r#"data.unknown_rtv_terms: unknown vendor return terms "partial""#,
            ),
            (show(Channel::parse("restock")), "Restock"),
            (show(Channel::parse("hold")), "Hold"),
            (
                show(Channel::parse("resell")),
                r#"data.unknown_channel: unknown disposition channel "resell""#,
            ),
            (show(UnitStatus::parse("received")), "Received"),
            (show(UnitStatus::parse("waiting")), "Waiting"),
            (show(UnitStatus::parse("inspected")), "Inspected"),
            (show(UnitStatus::parse("decided")), "Decided"),
            (show(UnitStatus::parse("held")), "Held"),
            (
                show(UnitStatus::parse("shipped")),
                r#"data.unknown_unit_status: unknown unit status "shipped""#,
            ),
            (show(ExceptionKind::parse("wrong_item")), "WrongItem"),
            (show(ExceptionKind::parse("late_return")), "LateReturn"),
            (
                show(ExceptionKind::parse("stolen")),
                r#"data.unknown_exception_kind: unknown receiving exception "stolen""#,
            ),
        ];
        for (got, expect) in cases {
            assert_eq!(got, expect);
        }
    }

    #[test]
    fn every_word_reads_back_as_itself() {
        for t in Tier::ALL {
            assert_eq!(Tier::parse(t.as_str()), Ok(t));
        }
        for r in RtvTerms::ALL {
            assert_eq!(RtvTerms::parse(r.as_str()), Ok(r));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Ok(c));
        }
        for s in UnitStatus::ALL {
            assert_eq!(UnitStatus::parse(s.as_str()), Ok(s));
        }
        for k in ExceptionKind::ALL {
            assert_eq!(ExceptionKind::parse(k.as_str()), Ok(k));
            // The stored word is the serde name (events and the UI use it).
            assert_eq!(
                serde_json::to_value(k).ok(),
                Some(serde_json::Value::String(k.as_str().into()))
            );
        }
        for t in Tier::ALL {
            assert_eq!(serde_json::to_value(t).ok(), Some(t.as_str().into()));
        }
        for r in RtvTerms::ALL {
            assert_eq!(serde_json::to_value(r).ok(), Some(r.as_str().into()));
        }
    }

    #[test]
    fn every_kind_has_its_code() {
        let codes: Vec<&str> = WordKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes, UnknownWord::CODES);
    }
}

/// A name as the desk searches it: lower case, accents and the letters that have none in the
/// Latin alphabet's base folded (`Łukasz Sørensen` → `lukasz sorensen`, `Ștefan` → `stefan`,
/// `Ёлкин` → `елкин`), runs of spaces one. An inspector types a customer's name as a keyboard
/// without their letters allows; both sides of a search are folded the same way.
pub fn fold_name(name: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    for c in name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
    {
        match c {
            'ł' => out.push('l'),
            'ø' => out.push('o'),
            'æ' => out.push_str("ae"),
            'đ' => out.push('d'),
            'ß' => out.push_str("ss"),
            c if c.is_whitespace() || c == '-' || c == ',' || c == '.' => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod fold_tests {
    use super::fold_name;

    #[test]
    fn names_fold_to_what_a_keyboard_without_their_letters_types() {
        for (name, folded) in [
            ("Łukasz Żółkiewski", "lukasz zolkiewski"),
            ("Ștefan Țurcanu", "stefan turcanu"),
            ("Ioana Mărgărit-Bâlea", "ioana margarit balea"),
            ("Bjørn Ærø Håland", "bjorn aero haland"),
            ("Пётр  Ёлкин", "петр елкин"),
            ("  MÜLLER, Grüß ", "muller gruss"),
        ] {
            assert_eq!(fold_name(name), folded, "{name}");
        }
    }
}
