use redock_domain::ScanInputError;
use std::collections::BTreeMap;
use thiserror::Error;

/// What can go wrong in the store, in the dock's words. Each maps to a stable code the UI translates.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("the database is read-only; the station cannot record anything")]
    ReadOnly,
    #[error("the database is locked by another program")]
    Busy,
    #[error("the disk is full; nothing more can be recorded")]
    DiskFull,
    #[error("the database was written by a newer Redock (schema {found}, this one knows up to {known}); it was not opened")]
    NewerSchema { found: i64, known: i64 },
    #[error("the database file is damaged: {0}")]
    Corrupt(String),
    #[error("the database cannot be opened at {path}: {reason}")]
    CannotOpen { path: String, reason: String },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("stored data could not be read: {0}")]
    Decode(String),
    /// An event of a kind or version this build cannot read, or one that does not decode.
    #[error(transparent)]
    Event(#[from] redock_events::EventError),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::ReadOnly) => StoreError::ReadOnly,
            Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => StoreError::Busy,
            Some(C::DiskFull) => StoreError::DiskFull,
            Some(C::DatabaseCorrupt) | Some(C::NotADatabase) => StoreError::Corrupt(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Decode(e.to_string())
    }
}

#[derive(Debug, Error)]
pub enum StationError {
    #[error(transparent)]
    Input(#[from] ScanInputError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no operator has badge {badge:?}")]
    UnknownBadge { badge: String },
    #[error("logged out after {minutes} minutes without a scan")]
    Idle { minutes: u32 },
    /// An operator's badge scanned over an open session: the window asks that operator's PIN
    /// and switches (nothing is recorded until the PIN is right).
    #[error("badge of {name}: their PIN switches the desk to them")]
    BadgeScanned { badge: String, name: String },
    #[error("wrong PIN; {remaining} tries left before the badge is locked")]
    WrongPin { remaining: u32 },
    #[error("this badge is locked until {until} after too many wrong PINs")]
    Locked { until: String },
    #[error("no operator is logged in")]
    NotLoggedIn,
    #[error("this needs the {needed} role")]
    Forbidden { needed: &'static str },
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error("the file cannot be imported: {reason}")]
    Import { reason: String },
    /// A file not in UTF-8 whose code page cannot be told for sure: refused, not guessed.
    #[error("the file's character encoding cannot be told for sure (line {line} reads {sample:?} as {guess}); save it as CSV UTF-8")]
    ImportEncoding {
        line: u64,
        guess: String,
        sample: String,
    },
    #[error("{what} {id:?} not found")]
    NotFound { what: &'static str, id: String },
    /// An answer, a save or an override the desk cannot take now; `code` is stable.
    #[error("{message}")]
    Inspection { code: &'static str, message: String },
    /// A label that could not be drawn or sent; `retryable` says whether the job waits.
    #[error("{message}")]
    Print {
        code: &'static str,
        message: String,
        retryable: bool,
    },
    #[error(transparent)]
    Photo(#[from] crate::photos::PhotoError),
    /// A word in the station's data this version does not know (a tier, a channel, a unit's
    /// status, …): said with its own code, never read as a default.
    #[error(transparent)]
    UnknownWord(#[from] redock_domain::UnknownWord),
    /// A request the station refuses as asked (erase an unknown customer, compact events not
    /// acknowledged, import at a station whose hub holds the data); `code` is stable.
    #[error("{message}")]
    Refused { code: &'static str, message: String },
}

impl From<rusqlite::Error> for StationError {
    fn from(e: rusqlite::Error) -> Self {
        StationError::Store(e.into())
    }
}

impl From<serde_json::Error> for StationError {
    fn from(e: serde_json::Error) -> Self {
        StationError::Store(e.into())
    }
}

/// A printer's refusal or silence, with its own code (`print.offline`, …).
impl From<crate::printers::PrintError> for StationError {
    fn from(e: crate::printers::PrintError) -> Self {
        StationError::Print {
            code: e.code(),
            message: e.to_string(),
            retryable: e.is_retryable(),
        }
    }
}

impl StationError {
    /// The stable machine code crossing to the UI (`error-<code with . as ->` in assets/i18n).
    pub fn code(&self) -> &'static str {
        match self {
            StationError::Input(e) => e.code(),
            StationError::Store(e) => match e {
                StoreError::ReadOnly => "store.read_only",
                StoreError::Busy => "store.busy",
                StoreError::DiskFull => "store.disk_full",
                StoreError::NewerSchema { .. } => "store.newer_schema",
                StoreError::Corrupt(_) => "store.corrupt",
                StoreError::CannotOpen { .. } => "store.cannot_open",
                StoreError::Sqlite(_) | StoreError::Decode(_) => "store.error",
                StoreError::Event(e) => e.code(),
            },
            StationError::UnknownBadge { .. } => "auth.unknown_badge",
            StationError::BadgeScanned { .. } => "auth.badge_scanned",
            StationError::Idle { .. } => "auth.idle",
            StationError::WrongPin { .. } => "auth.wrong_pin",
            StationError::Locked { .. } => "auth.locked",
            StationError::NotLoggedIn => "auth.not_logged_in",
            StationError::Forbidden { .. } => "auth.forbidden",
            StationError::Config(_) => "config.invalid",
            StationError::NotFound { .. } => "not_found",
            StationError::Import { .. } => "import.refused",
            StationError::ImportEncoding { .. } => "import.encoding_unsure",
            StationError::Inspection { code, .. } => code,
            StationError::Print { code, .. } => code,
            StationError::Photo(e) => e.code(),
            StationError::Refused { code, .. } => code,
            StationError::UnknownWord(e) => e.code(),
        }
    }

    /// Arguments for the translated message (Fluent variables).
    pub fn details(&self) -> BTreeMap<String, String> {
        let mut d = BTreeMap::new();
        let mut put = |k: &str, v: String| {
            d.insert(k.to_string(), v);
        };
        match self {
            StationError::Input(ScanInputError::TooLong { len, max }) => {
                put("len", len.to_string());
                put("max", max.to_string());
            }
            StationError::Input(ScanInputError::ControlChar { code, position }) => {
                put("char", format!("U+{code:04X}"));
                put("position", position.to_string());
            }
            StationError::Store(StoreError::NewerSchema { found, known }) => {
                put("found", found.to_string());
                put("known", known.to_string());
            }
            StationError::Store(e) => put("reason", e.to_string()),
            StationError::UnknownBadge { badge } => put("badge", badge.clone()),
            StationError::Idle { minutes } => put("minutes", minutes.to_string()),
            StationError::BadgeScanned { badge, name } => {
                put("badge", badge.clone());
                put("name", name.clone());
            }
            StationError::WrongPin { remaining } => put("remaining", remaining.to_string()),
            StationError::Locked { until } => put("until", until.clone()),
            StationError::Forbidden { needed } => put("role", needed.to_string()),
            StationError::Config(m) => put("reason", m.clone()),
            StationError::Import { reason } => put("reason", reason.clone()),
            StationError::ImportEncoding { line, guess, sample } => {
                put("line", line.to_string());
                put("guess", guess.clone());
                put("sample", sample.clone());
            }
            StationError::Inspection { message, .. } => put("reason", message.clone()),
            StationError::Print { message, .. } => put("reason", message.clone()),
            StationError::Refused { message, .. } => put("reason", message.clone()),
            StationError::Photo(e) => {
                for (k, v) in e.details() {
                    put(&k, v);
                }
            }
            StationError::UnknownWord(e) => {
                put("what", e.kind.noun().to_string());
                put("value", e.value.clone());
            }
            StationError::NotFound { what, id } => {
                put("what", what.to_string());
                put("id", id.clone());
            }
            StationError::Input(ScanInputError::Empty) | StationError::NotLoggedIn => {}
        }
        d
    }

    /// Every code `code()` can return; a test checks each has a message in every locale.
    pub fn all_codes() -> impl Iterator<Item = &'static str> {
        StationError::ALL_CODES
            .iter()
            .copied()
            .chain(redock_domain::grading::StepError::CODES)
            .chain(redock_domain::UnknownWord::CODES)
            .chain(crate::photos::PhotoError::ALL_CODES.iter().copied())
            .chain(crate::printers::PrintError::ALL_CODES.iter().copied())
    }

    /// The codes of the station's own errors (those of the errors it wraps: `all_codes`).
    pub const ALL_CODES: &'static [&'static str] = &[
        "scan.empty",
        "scan.too_long",
        "scan.control_char",
        "store.read_only",
        "store.busy",
        "store.disk_full",
        "store.newer_schema",
        "store.corrupt",
        "store.cannot_open",
        "store.error",
        "event.unknown_kind",
        "event.newer_version",
        "event.no_such_version",
        "event.malformed",
        "event.encode",
        "auth.unknown_badge",
        "auth.wrong_pin",
        "auth.locked",
        "auth.not_logged_in",
        "auth.forbidden",
        "config.invalid",
        "not_found",
        "import.refused",
        "import.encoding_unsure",
        "receiving.name_too_short",
        "inspection.no_unit",
        "inspection.not_graded",
        "inspection.set_changed",
        "disposition.reason_required",
        "disposition.not_decided",
        "label.render",
        "print.settled",
        "print.sending",
        "customer.unknown",
        "customer.already_erased",
        "log.not_acknowledged",
        "log.keep_everything",
        "import.use_hub",
        "sync.not_enrolled",
        "sync.stopped",
        "sync.other_site",
        "sync.hub_unreachable",
        "sync.refused",
        "sync.hub_behind",
        "sync.seq_conflict",
        "sync.stream_continued",
        "sync.stream_closed",
        "sync.lpn_reused",
        "sync.revoked",
        "sync.unauthorized",
        "custody.elsewhere",
        "custody.hub_unreachable",
        "custody.unknown_unit",
    ];
}
