//! Codes the station itself issues or is configured with: RMA codes (a pattern per shop), LPNs,
//! totes, bins, operator badges and command barcodes.

use super::{parse_lpn, Classified, CodeKind, Command, CommandError, LpnError};
use regex::Regex;

/// A shop's RMA code format, as a regular expression over the whole code.
#[derive(Debug, Clone)]
pub struct RmaPattern {
    pub shop: String,
    pub pattern: Regex,
}

#[derive(Debug, Clone)]
pub struct CodeConfig {
    pub rma_patterns: Vec<RmaPattern>,
    pub tote_prefix: String,
    pub bin_prefix: String,
    pub badge_prefix: String,
    pub command_prefix: String,
    /// Command words the station obeys (of [`Command::WORDS`], all by default); any other word
    /// after the prefix is an unknown command.
    pub commands: Vec<String>,
    /// Command words that take a value after a second ':' (`CMD:GRADE:A`, `CMD:DEFECT:DENT`), of
    /// [`Command::WORDS_WITH_VALUE`]. Whether the value exists (a grade on the scale, a defect in
    /// the catalogue) is the station's question; here only its shape is checked.
    pub commands_with_value: Vec<String>,
    /// A printable character some scanners are set to send instead of the GS (FNC1) byte.
    pub gs_stand_in: Option<char>,
}

impl CodeConfig {
    /// Build from text patterns, refusing a pattern that does not compile (a configuration error an
    /// admin must see, not a scan error).
    pub fn with_rma_patterns<'a>(
        patterns: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, regex::Error> {
        let mut rma_patterns = Vec::new();
        for (shop, pattern) in patterns {
            rma_patterns.push(RmaPattern {
                shop: shop.to_string(),
                pattern: Regex::new(&format!("^(?:{pattern})$"))?,
            });
        }
        Ok(CodeConfig {
            rma_patterns,
            ..CodeConfig::without_shops()
        })
    }

    fn without_shops() -> Self {
        CodeConfig {
            rma_patterns: Vec::new(),
            tote_prefix: "TOTE-".into(),
            bin_prefix: "BIN-".into(),
            badge_prefix: "BADGE-".into(),
            command_prefix: "CMD:".into(),
            commands: Command::WORDS.into_iter().map(String::from).collect(),
            commands_with_value: Command::WORDS_WITH_VALUE.into_iter().map(String::from).collect(),
            gs_stand_in: None,
        }
    }

    /// The demo shop's configuration (assets/demo): `RMA-` and six digits.
    pub fn demo() -> Self {
        #[allow(clippy::expect_used)] // a constant pattern, covered by tests
        CodeConfig::with_rma_patterns([("demo", r"RMA-\d{6}")]).expect("demo RMA pattern compiles")
    }

    pub(crate) fn classify_station_code(&self, text: &str) -> Option<Classified> {
        if text.starts_with(super::lpn::LPN_PREFIX) {
            return Some(match parse_lpn(text) {
                Ok(_) => Classified::valid(CodeKind::Lpn, text),
                Err(e @ LpnError::CheckDigit { .. }) => {
                    Classified::invalid(CodeKind::Lpn, text, "code.check_digit", e.to_string())
                }
                // "LPN" followed by something else may still be a shop's RMA or unknown.
                Err(_) => return self.classify_rma(text),
            });
        }
        if let Some(rest) = text.strip_prefix(&self.command_prefix) {
            return Some(match self.command_in(rest) {
                Ok(_) => Classified::valid(CodeKind::Command, text),
                Err(e) => Classified::invalid(CodeKind::Command, text, e.code(), e.to_string()),
            });
        }
        for (prefix, kind) in [
            (&self.tote_prefix, CodeKind::Tote),
            (&self.bin_prefix, CodeKind::Bin),
            (&self.badge_prefix, CodeKind::Badge),
        ] {
            if let Some(rest) = text.strip_prefix(prefix.as_str()) {
                if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                    return Some(Classified::valid(kind, text));
                }
            }
        }
        self.classify_rma(text)
    }

    /// The command a classified code is; `None` unless it is a valid command code. The classifier
    /// took the code for one only if [`Command::parse`] read it and this station obeys its word,
    /// so every valid command code has its command.
    pub fn command(&self, code: &Classified) -> Option<Command> {
        if code.kind != CodeKind::Command || !code.valid {
            return None;
        }
        self.command_in(code.text.strip_prefix(&self.command_prefix)?)
            .ok()
    }

    /// A command this station obeys, from the text after the prefix.
    fn command_in(&self, rest: &str) -> Result<Command, CommandError> {
        let command = Command::parse(rest)?;
        let words = match command {
            Command::Grade(_) | Command::Defect(_) | Command::Reason(_) => &self.commands_with_value,
            _ => &self.commands,
        };
        if !words.iter().any(|w| w == command.word()) {
            return Err(CommandError::Unknown(rest.to_owned()));
        }
        Ok(command)
    }

    fn classify_rma(&self, text: &str) -> Option<Classified> {
        let p = self.rma_patterns.iter().find(|p| p.pattern.is_match(text))?;
        let mut c = Classified::valid(CodeKind::Rma, text);
        c.shop = Some(p.shop.clone());
        Some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_pattern_is_refused() {
        assert!(CodeConfig::with_rma_patterns([("x", "RMA-(")]).is_err());
    }

    #[test]
    fn pattern_matches_whole_code_only() {
        let cfg = CodeConfig::demo();
        assert!(cfg.classify_station_code("RMA-100001").is_some());
        assert!(cfg.classify_station_code("RMA-1000011").is_none());
        assert!(cfg.classify_station_code("XRMA-100001").is_none());
    }

    #[test]
    fn commands_with_a_value() {
        let cfg = CodeConfig::demo();
        for ok in [
            "CMD:GRADE:A",
            "CMD:GRADE:new-unopened",
            "CMD:DEFECT:SCREEN_SCRATCH",
            "CMD:REASON:NO_FAULT",
        ] {
            let c = cfg.classify_station_code(ok).unwrap();
            assert!(c.valid, "{ok}: {c:?}");
        }
        for bad in ["CMD:GRADE:", "CMD:DEFECT:a b", "CMD:NEXT:1", "CMD:FLY:A"] {
            let c = cfg.classify_station_code(bad).unwrap();
            assert!(!c.valid, "{bad}");
            assert_eq!(c.error_code.as_deref(), Some("code.unknown_command"), "{bad}");
        }
    }

    #[test]
    fn unknown_command_is_named() {
        let c = CodeConfig::demo().classify_station_code("CMD:FLY").unwrap();
        assert!(!c.valid);
        assert_eq!(c.error.as_deref(), Some("the station has no command \"FLY\""));
    }
}
