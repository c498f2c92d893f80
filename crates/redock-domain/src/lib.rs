//! Redock's pure core. Nothing here does IO or reads a clock: the station passes time and
//! configuration in, so the same inputs always give the same answer (ARCHITECTURE.md, invariant 3).

pub mod codes;
pub mod disposition;
pub mod grading;
pub mod receiving;
pub mod returns_file;
pub mod scan_input;
pub mod words;

/// Every `error_code` `classify` can give, the GS1, Digital Link and tracking codes included.
pub use codes::error_codes as classify_error_codes;
pub use codes::{classify, fuzz_classify, AiValue, Classified, CodeConfig, CodeKind, Command};
pub use scan_input::{normalize_scan, ScanInputError, MAX_SCAN_BYTES};
pub use words::{UnknownWord, WordKind};
