//! Redock's pure core. Nothing here does IO or reads a clock: the station passes time and
//! configuration in, so the same inputs always give the same answer (ARCHITECTURE.md, invariant 3).

pub mod codes;
pub mod scan_input;

pub use codes::{classify, CodeConfig, CodeKind, Classified};
pub use scan_input::{normalize_scan, ScanInputError, MAX_SCAN_BYTES};

/// Every `error_code` a classification can carry; the station checks each has a message in every
/// locale (assets/i18n).
pub const CODE_ERROR_CODES: &[&str] = &["code.unknown", "code.check_digit", "code.unknown_command"];
