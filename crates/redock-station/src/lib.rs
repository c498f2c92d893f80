//! The station: services over its SQLite store. One function per user action (`login`, `scan`,
//! `receive_unit`, …); each writes its rows and the event describing them in one transaction.
//! Nothing here knows Tauri: the desktop shell and the CLI call the same functions.

pub mod auth;
pub mod clock;
pub mod compact;
pub mod crash;
pub mod customers;
pub mod demo;
pub mod demo_year;
pub mod desk;
pub mod error;
pub mod events;
pub mod export;
pub mod import;
pub mod inspect;
pub mod kpi;
mod log_upgrade;
pub mod lookup;
pub mod operators;
pub mod paths;
pub mod photo_watch;
pub mod photos;
pub mod print_queue;
pub mod print_retention;
pub mod print_worker;
pub mod printers;
pub mod projection;
pub mod queries;
pub mod queue;
pub mod receive;
pub mod receiving;
pub mod reference;
pub mod rules;
pub mod scan;
pub mod serial;
pub mod settings;
pub mod station;
pub mod store;
pub mod sync;
pub mod trail;

pub use auth::{Role, Session};
pub use clock::{Clock, SystemClock};
pub use error::{StationError, StoreError};
pub use events::{Event, EventBody};
pub use scan::{Matched, ScanOutcome, ScanSource};
pub use station::{Station, StationStatus};
pub use store::Store;
