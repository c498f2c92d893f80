//! The command grammar: what follows the station's command prefix (`CMD:`) on a command barcode
//! or a key. Parsed once, when the code is classified; the station matches on [`Command`] and
//! never on the text again.

/// A command the station obeys.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Command {
    /// Save the graded unit on the desk and decide it.
    Next,
    /// Take back the inspection's last step.
    Undo,
    /// Hold the unit for a supervisor, whatever the rules say.
    Hold,
    /// Queue the label of the unit on screen again.
    Reprint,
    /// "No" to the question asked: the unit does not have this problem.
    Ok,
    /// Every remaining question passes.
    Pass,
    /// "Yes" to the question asked: the unit has this problem.
    Fail,
    /// Open the camera or the file picker for a photo of the unit.
    Photo,
    /// Close the parcel on the desk (recording what it is missing).
    Close,
    /// The parcel came empty: record it and close it.
    Empty,
    /// The parcel was damaged in transit.
    Damaged,
    /// End the operator's session (after saving what was graded).
    Logout,
    /// The parcel on the desk has no readable label: open it unidentified, and look for its
    /// return from what is inside (a product's serial, a packing slip, the customer's name).
    NoLabel,
    /// An overall grade on the set's scale (`CMD:GRADE:A`).
    Grade(String),
    /// A defect from the set's catalogue (`CMD:DEFECT:DENT`).
    Defect(String),
    /// The reason the inspector found (`CMD:REASON:NO_FAULT`).
    Reason(String),
}

/// Why a text after the prefix is not a command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("the station has no command {0:?}")]
    Unknown(String),
    #[error("{word} needs a value of letters, digits, '_' or '-' (got {value:?})")]
    BadValue { word: &'static str, value: String },
}

impl CommandError {
    pub fn code(&self) -> &'static str {
        "code.unknown_command"
    }
}

/// The longest value a command takes (`CMD:DEFECT:SCREEN_SCRATCH`).
pub const MAX_VALUE_LEN: usize = 24;

impl Command {
    /// The words that stand alone, in the station sheet's order.
    pub const WORDS: [&'static str; 13] = [
        "NEXT", "UNDO", "HOLD", "REPRINT", "OK", "PASS", "FAIL", "PHOTO", "CLOSE", "EMPTY", "DAMAGED",
        "LOGOUT", "NOLABEL",
    ];
    /// The words that take a value after a second ':'. Whether the value exists (a grade on the
    /// scale, a defect in the catalogue) is the station's question; here only its shape is.
    pub const WORDS_WITH_VALUE: [&'static str; 3] = ["GRADE", "DEFECT", "REASON"];

    /// A command from the text after the prefix: `NEXT`, `GRADE:A`.
    pub fn parse(text: &str) -> Result<Command, CommandError> {
        if let Some((word, value)) = text.split_once(':') {
            if let Some(&word) = Self::WORDS_WITH_VALUE.iter().find(|w| **w == word) {
                let shape = !value.is_empty()
                    && value.len() <= MAX_VALUE_LEN
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                if !shape {
                    return Err(CommandError::BadValue {
                        word,
                        value: value.to_owned(),
                    });
                }
                let value = value.to_owned();
                return Ok(match word {
                    "GRADE" => Command::Grade(value),
                    "DEFECT" => Command::Defect(value),
                    _ => Command::Reason(value),
                });
            }
        }
        Ok(match text {
            "NEXT" => Command::Next,
            "UNDO" => Command::Undo,
            "HOLD" => Command::Hold,
            "REPRINT" => Command::Reprint,
            "OK" => Command::Ok,
            "PASS" => Command::Pass,
            "FAIL" => Command::Fail,
            "PHOTO" => Command::Photo,
            "CLOSE" => Command::Close,
            "EMPTY" => Command::Empty,
            "DAMAGED" => Command::Damaged,
            "LOGOUT" => Command::Logout,
            "NOLABEL" => Command::NoLabel,
            other => return Err(CommandError::Unknown(other.to_owned())),
        })
    }

    /// The command's word: `GRADE` for `CMD:GRADE:A`.
    pub fn word(&self) -> &'static str {
        match self {
            Command::Next => "NEXT",
            Command::Undo => "UNDO",
            Command::Hold => "HOLD",
            Command::Reprint => "REPRINT",
            Command::Ok => "OK",
            Command::Pass => "PASS",
            Command::Fail => "FAIL",
            Command::Photo => "PHOTO",
            Command::Close => "CLOSE",
            Command::Empty => "EMPTY",
            Command::Damaged => "DAMAGED",
            Command::Logout => "LOGOUT",
            Command::NoLabel => "NOLABEL",
            Command::Grade(_) => "GRADE",
            Command::Defect(_) => "DEFECT",
            Command::Reason(_) => "REASON",
        }
    }

    /// The command as text after the prefix: `NEXT`, `GRADE:A` (what [`Command::parse`] reads).
    pub fn text(&self) -> String {
        match self {
            Command::Grade(v) | Command::Defect(v) | Command::Reason(v) => format!("{}:{v}", self.word()),
            _ => self.word().to_owned(),
        }
    }

    /// Whether the command is for the inspection on the desk (an answer, undo, next, a photo, a
    /// reprint), not for the parcel or the session: such a scan never moves the desk on.
    pub fn is_for_inspection(&self) -> bool {
        !matches!(
            self,
            Command::Close | Command::Empty | Command::Damaged | Command::Logout | Command::NoLabel
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{classify, CodeConfig};

    /// What the station makes of a read: the command, or why it is none.
    fn check(text: &str, expect: &str) {
        let config = CodeConfig::demo();
        let code = classify(text, &config);
        let got = match config.command(&code) {
            Some(c) => format!("{c:?}"),
            None => format!("none: {}", code.error.as_deref().unwrap_or("not a command")),
        };
        assert_eq!(got, expect, "{text}");
    }

    #[test]
    fn commands_are_parsed_once_from_the_classified_code() {
        check("CMD:NEXT", "Next");
        check("CMD:UNDO", "Undo");
        check("CMD:HOLD", "Hold");
        check("CMD:REPRINT", "Reprint");
        check("CMD:OK", "Ok");
        check("CMD:PASS", "Pass");
        check("CMD:FAIL", "Fail");
        check("CMD:PHOTO", "Photo");
        check("CMD:CLOSE", "Close");
        check("CMD:EMPTY", "Empty");
        check("CMD:DAMAGED", "Damaged");
        check("CMD:LOGOUT", "Logout");
        check("CMD:NOLABEL", "NoLabel");
        check("CMD:GRADE:A", r#"Grade("A")"#);
        check("CMD:GRADE:new-unopened", r#"Grade("new-unopened")"#);
        check("CMD:DEFECT:SCREEN_SCRATCH", r#"Defect("SCREEN_SCRATCH")"#);
        check("CMD:REASON:NO_FAULT", r#"Reason("NO_FAULT")"#);
        // A value that spells another command's word is still a value.
        check("CMD:DEFECT:DAMAGED", r#"Defect("DAMAGED")"#);
        check("CMD:GRADE:CLOSE", r#"Grade("CLOSE")"#);
        check(
            "CMD:GRADE:",
            r#"none: GRADE needs a value of letters, digits, '_' or '-' (got "")"#,
        );
        check(
            "CMD:DEFECT:a.b",
            r#"none: DEFECT needs a value of letters, digits, '_' or '-' (got "a.b")"#,
        );
        check(
            &format!("CMD:REASON:{}", "X".repeat(MAX_VALUE_LEN + 1)),
            &format!(
                r#"none: REASON needs a value of letters, digits, '_' or '-' (got "{}")"#,
                "X".repeat(MAX_VALUE_LEN + 1)
            ),
        );
        check(
            &format!("CMD:REASON:{}", "X".repeat(MAX_VALUE_LEN)),
            &format!(r#"Reason("{}")"#, "X".repeat(MAX_VALUE_LEN)),
        );
        check("CMD:GRADE", r#"none: the station has no command "GRADE""#);
        check("CMD:NEXT:1", r#"none: the station has no command "NEXT:1""#);
        check("CMD:next", r#"none: the station has no command "next""#);
        check("CMD:FLY", r#"none: the station has no command "FLY""#);
        check("CMD:", r#"none: the station has no command """#);
        check("5901234123457", "none: not a command");
        check("RMA-100001", "none: not a command");
    }

    #[test]
    fn every_command_the_classifier_accepts_is_a_command_and_writes_back() {
        let config = CodeConfig::demo();
        // The classifier's words are the enum's: nothing it accepts is unknown downstream.
        assert_eq!(config.commands, Command::WORDS.map(String::from));
        assert_eq!(
            config.commands_with_value,
            Command::WORDS_WITH_VALUE.map(String::from)
        );
        let texts = config
            .commands
            .iter()
            .cloned()
            .chain(config.commands_with_value.iter().map(|w| format!("{w}:x-1_B")));
        for text in texts {
            let scanned = format!("{}{text}", config.command_prefix);
            let code = classify(&scanned, &config);
            assert!(code.valid, "{scanned}: {code:?}");
            let command = config
                .command(&code)
                .unwrap_or_else(|| panic!("{scanned} is valid but no command"));
            assert_eq!(command.text(), text);
            assert_eq!(Command::parse(&text), Ok(command.clone()));
            assert_eq!(
                command.is_for_inspection(),
                !matches!(
                    command.word(),
                    "CLOSE" | "EMPTY" | "DAMAGED" | "LOGOUT" | "NOLABEL"
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn a_word_the_station_does_not_obey_is_refused_by_the_classifier() {
        let mut config = CodeConfig::demo();
        config.commands.retain(|w| w != "PHOTO");
        config.commands_with_value.retain(|w| w != "REASON");
        for (text, error) in [
            ("CMD:PHOTO", r#"the station has no command "PHOTO""#),
            (
                "CMD:REASON:NO_FAULT",
                r#"the station has no command "REASON:NO_FAULT""#,
            ),
        ] {
            let code = classify(text, &config);
            assert!(!code.valid, "{text}");
            assert_eq!(code.error.as_deref(), Some(error));
            assert_eq!(code.error_code.as_deref(), Some("code.unknown_command"));
            assert_eq!(config.command(&code), None);
        }
    }
}
