use crate::scanner::ScannerHost;
use crate::state::AppState;
use redock_domain::disposition::{Channel, DryRun, Refund};
use redock_station::desk::Desk;
use redock_station::import::ImportReport;
use redock_station::inspect::{DecisionView, HeldUnit, InspectionView};
use redock_station::kpi::Kpis;
use redock_station::operators::{NewOperator, OperatorChange, OperatorView};
use redock_station::print_queue::{PrintQueueStatus, PrinterSettings, TestPrint};
use redock_station::print_retention::PrintRetention;
use redock_station::printers::{list_cups_queues, CupsQueue};
use redock_station::queue::{Queue, QueueActed, QueueAction, QueueFilter, QueueItem, QueueRef, SlaSettings};
use redock_station::serial::{list_ports, PortInfo, ScannerEvent, SerialSettings};
use redock_station::settings::{ReceivingSettings, WedgeSettings};
use redock_station::trail::UnitTrail;
use redock_station::{ScanOutcome, ScanSource, Session, StationError};
use serde::Serialize;
use std::collections::BTreeMap;
use tauri::{AppHandle, State};

/// The one error shape that crosses to the UI. The UI shows `error-<code>` from assets/i18n in the
/// operator's language with `details` as arguments; `message` is the English fallback for logs.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct UiError {
    pub code: String,
    pub message: String,
    pub details: BTreeMap<String, String>,
}

impl From<StationError> for UiError {
    fn from(e: StationError) -> Self {
        UiError {
            code: e.code().to_string(),
            message: e.to_string(),
            details: e.details(),
        }
    }
}

impl UiError {
    fn ipc(e: impl std::fmt::Display) -> Self {
        let mut details = BTreeMap::new();
        details.insert("reason".to_string(), e.to_string());
        UiError {
            code: "ipc".into(),
            message: e.to_string(),
            details,
        }
    }
}

/// Run a station service off the main thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StationError> + Send + 'static,
) -> Result<T, UiError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(UiError::ipc)?
        .map_err(UiError::from)
}

#[tauri::command]
#[specta::specta]
pub async fn session(state: State<'_, AppState>) -> Result<Option<Session>, UiError> {
    Ok(state.session())
}

#[tauri::command]
#[specta::specta]
pub async fn login(state: State<'_, AppState>, badge: String, pin: String) -> Result<Session, UiError> {
    let station = state.station()?;
    let session = blocking(move || station.login(&badge, &pin)).await?;
    state.set_session(Some(session.clone()));
    Ok(session)
}

#[tauri::command]
#[specta::specta]
pub async fn logout(state: State<'_, AppState>) -> Result<(), UiError> {
    let station = state.station()?;
    if let Some(session) = state.session() {
        blocking(move || station.logout(&session)).await?;
    }
    state.set_session(None);
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn scan(
    state: State<'_, AppState>,
    code: String,
    source: ScanSource,
) -> Result<ScanOutcome, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    let outcome = blocking(move || station.scan(&session, &code, source)).await?;
    if outcome.logged_out {
        state.set_session(None);
    }
    Ok(outcome)
}

/// Everything the station screen shows, in one read of the store: it asks after every scan and
/// every few seconds.
#[tauri::command]
#[specta::specta]
pub async fn desk(state: State<'_, AppState>) -> Result<Desk, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.desk(&session)).await
}

#[tauri::command]
#[specta::specta]
pub async fn serial_ports() -> Result<Vec<PortInfo>, UiError> {
    tauri::async_runtime::spawn_blocking(list_ports)
        .await
        .map_err(UiError::ipc)?
        .map_err(|e| UiError::from(StationError::Config(e.to_string())))
}

#[tauri::command]
#[specta::specta]
pub async fn serial_settings(state: State<'_, AppState>) -> Result<Option<SerialSettings>, UiError> {
    let station = state.station()?;
    blocking(move || station.serial_settings()).await
}

/// The scanner's last connect/disconnect, for a window that starts after it happened.
#[tauri::command]
#[specta::specta]
pub async fn scanner_status(host: State<'_, ScannerHost>) -> Result<Option<ScannerEvent>, UiError> {
    Ok(host.last_status())
}

#[tauri::command]
#[specta::specta]
pub async fn set_serial_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    host: State<'_, ScannerHost>,
    settings: Option<SerialSettings>,
) -> Result<(), UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    let saved = settings.clone();
    blocking(move || station.set_serial_settings(&session, saved)).await?;
    host.restart(&app, settings)
}

#[tauri::command]
#[specta::specta]
pub async fn wedge_settings(state: State<'_, AppState>) -> Result<WedgeSettings, UiError> {
    let station = state.station()?;
    blocking(move || station.wedge_settings()).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_wedge_settings(state: State<'_, AppState>, settings: WedgeSettings) -> Result<(), UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.set_wedge_settings(&session, settings)).await
}

/// How the receiving desk treats double reads and labels.
#[tauri::command]
#[specta::specta]
pub async fn receiving_settings(state: State<'_, AppState>) -> Result<ReceivingSettings, UiError> {
    let station = state.station()?;
    blocking(move || station.receiving_settings()).await
}

/// Change them (supervisors and admins; checked in Rust).
#[tauri::command]
#[specta::specta]
pub async fn set_receiving_settings(
    state: State<'_, AppState>,
    settings: ReceivingSettings,
) -> Result<(), UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.set_receiving_settings(&session, &settings)).await
}

/// Expected returns from a CSV file the operator picked (supervisors and admins; checked in Rust).
#[tauri::command]
#[specta::specta]
pub async fn import_rmas(state: State<'_, AppState>, csv: Vec<u8>) -> Result<ImportReport, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.import_rmas(&session, &csv)).await
}

/// Open returns by the customer's name typed, for a parcel without a label: a lookup, nothing
/// recorded (a name never goes through the scan field, whose text the event log keeps).
#[tauri::command]
#[specta::specta]
pub async fn find_returns(
    state: State<'_, AppState>,
    name: String,
) -> Result<Vec<redock_station::lookup::RmaView>, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.find_returns_by_customer(&session, &name)).await
}

/// The supervisors' queue (supervisors and admins; checked in Rust).
#[tauri::command]
#[specta::specta]
pub async fn holds(state: State<'_, AppState>) -> Result<Vec<HeldUnit>, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.holds(&session)).await
}

/// A supervisor's decision with its reason; it supersedes the unit's current one. `refund`:
/// the supervisor's, or null to keep the current decision's.
#[tauri::command]
#[specta::specta]
pub async fn override_disposition(
    state: State<'_, AppState>,
    lpn: String,
    channel: Channel,
    refund: Option<Refund>,
    note: String,
) -> Result<DecisionView, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.override_disposition(&session, &lpn, channel, refund, &note)).await
}

/// The supervisors' queue: holds, units waiting for inspection and conflicts, aged against
/// their SLA targets, filtered.
#[tauri::command]
#[specta::specta]
pub async fn queue(state: State<'_, AppState>, filter: QueueFilter) -> Result<Queue, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.queue(&session, &filter)).await
}

/// An operator asks a supervisor to look at a unit's decision (an item of the queue).
#[tauri::command]
#[specta::specta]
pub async fn request_override(
    state: State<'_, AppState>,
    lpn: String,
    channel: Option<Channel>,
    note: String,
) -> Result<QueueItem, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.request_override(&session, &lpn, channel, &note)).await
}

/// One action on a set of the queue's items, with the supervisor's reason: all or nothing.
#[tauri::command]
#[specta::specta]
pub async fn act_on_queue(
    state: State<'_, AppState>,
    items: Vec<QueueRef>,
    action: QueueAction,
    note: String,
) -> Result<QueueActed, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.act_on_queue(&session, &items, &action, &note)).await
}

#[tauri::command]
#[specta::specta]
pub async fn sla_settings(state: State<'_, AppState>) -> Result<SlaSettings, UiError> {
    let station = state.station()?;
    state.require_session()?;
    blocking(move || station.sla_settings()).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_sla_settings(state: State<'_, AppState>, settings: SlaSettings) -> Result<(), UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.set_sla_settings(&session, &settings)).await
}

/// The station's operators (an administrator's; a station on its own).
#[tauri::command]
#[specta::specta]
pub async fn operators(state: State<'_, AppState>) -> Result<Vec<OperatorView>, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.operators(&session)).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_operator(
    state: State<'_, AppState>,
    operator: NewOperator,
) -> Result<OperatorView, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.add_operator(&session, &operator)).await
}

#[tauri::command]
#[specta::specta]
pub async fn change_operator(
    state: State<'_, AppState>,
    operator_id: String,
    change: OperatorChange,
) -> Result<OperatorView, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.change_operator(&session, &operator_id, &change)).await
}

#[tauri::command]
#[specta::specta]
pub async fn reset_pin(state: State<'_, AppState>, operator_id: String, pin: String) -> Result<(), UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.reset_pin(&session, &operator_id, &pin)).await
}

/// The rule table in force as a GoRules JDM file in the station's exports (an administrator's).
#[tauri::command]
#[specta::specta]
pub async fn export_rules_jdm(state: State<'_, AppState>) -> Result<String, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.export_rules_jdm(&session)).await
}

/// A JDM document read into our table, saved in the station's exports for the hub.
#[tauri::command]
#[specta::specta]
pub async fn save_table_from_jdm(state: State<'_, AppState>, text: String) -> Result<String, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.save_table_from_jdm(&session, &text)).await
}

/// KPIs of the site's days `from..=to` (YYYY-MM-DD), for a supervisor.
#[tauri::command]
#[specta::specta]
pub async fn kpis(state: State<'_, AppState>, from: String, to: String) -> Result<Kpis, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.kpis(&session, &from, &to)).await
}

/// The same KPIs as a CSV file in the station's folder; returns its path.
#[tauri::command]
#[specta::specta]
pub async fn export_kpis(state: State<'_, AppState>, from: String, to: String) -> Result<String, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.export_kpis_csv(&session, &from, &to)).await
}

/// A unit's audit trail (a supervisor's): every fact about it, its parcel and its return.
#[tauri::command]
#[specta::specta]
pub async fn unit_trail(state: State<'_, AppState>, lpn: String) -> Result<UnitTrail, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.unit_trail(&session, &lpn)).await
}

/// A rule table (JSON) tried on the station's last 1,000 rule decisions (an administrator's):
/// what would change. Nothing is saved; tables are put at the hub.
#[tauri::command]
#[specta::specta]
pub async fn dry_run_rules(state: State<'_, AppState>, json: String) -> Result<DryRun, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.dry_run_rules(&session, &json)).await
}

/// A photo for the unit being inspected (camera frame or chosen file), as base64.
#[tauri::command]
#[specta::specta]
pub async fn add_photo(state: State<'_, AppState>, photo_base64: String) -> Result<InspectionView, UiError> {
    use base64::Engine;
    let station = state.station()?;
    let session = state.require_session()?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(photo_base64.trim())
        .map_err(|e| {
            UiError::from(StationError::Photo(
                redock_station::photos::PhotoError::Unreadable {
                    reason: format!("not base64: {e}"),
                },
            ))
        })?;
    blocking(move || station.add_photo(&session, &bytes)).await
}

/// Queue a unit's label again.
#[tauri::command]
#[specta::specta]
pub async fn reprint(state: State<'_, AppState>, lpn: String) -> Result<String, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.reprint(&session, &lpn)).await
}

/// A unit's label as the printer gets it, as a PNG `data:` URL for the screen (the operator's
/// language, the station's label size).
#[tauri::command]
#[specta::specta]
pub async fn label_preview(state: State<'_, AppState>, lpn: String) -> Result<String, UiError> {
    use base64::Engine;
    let station = state.station()?;
    let session = state.require_session()?;
    let png = blocking(move || station.label_preview(&lpn, &session.language)).await?;
    Ok(format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    ))
}

/// The label of a job that may have printed is on the printer (any operator at the desk).
#[tauri::command]
#[specta::specta]
pub async fn confirm_printed(state: State<'_, AppState>, job_id: String) -> Result<(), UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.confirm_printed(&session, &job_id)).await
}

/// The label of a job that may have printed is not there: print it again (any operator at the
/// desk). Returns the new job's id.
#[tauri::command]
#[specta::specta]
pub async fn reprint_unsure(state: State<'_, AppState>, job_id: String) -> Result<String, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.reprint_unsure(&session, &job_id)).await
}

/// Give failed print jobs up (supervisors and admins; checked in Rust). Returns how many.
#[tauri::command]
#[specta::specta]
pub async fn dismiss_failed_prints(state: State<'_, AppState>, job_ids: Vec<String>) -> Result<u32, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.dismiss_failed_prints(&session, &job_ids)).await
}

/// The sync notice was read (a restored database went on in a new stream; LPNs given out twice):
/// it goes from the header (supervisors and admins; checked in Rust).
#[tauri::command]
#[specta::specta]
pub async fn dismiss_sync_notice(state: State<'_, AppState>) -> Result<(), UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.dismiss_sync_notice(&session)).await
}

/// How long label files and finished print jobs are kept (any operator at the desk may look).
#[tauri::command]
#[specta::specta]
pub async fn print_retention(state: State<'_, AppState>) -> Result<PrintRetention, UiError> {
    let station = state.station()?;
    state.require_session()?;
    blocking(move || station.print_retention()).await
}

/// Change how long label files and finished print jobs are kept (supervisors and admins; checked
/// in Rust). The print thread applies it daily.
#[tauri::command]
#[specta::specta]
pub async fn set_print_retention(
    state: State<'_, AppState>,
    retention: PrintRetention,
) -> Result<(), UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.set_print_retention(&session, retention)).await
}

/// The station's label printer (any operator at the desk may look).
#[tauri::command]
#[specta::specta]
pub async fn printer_settings(state: State<'_, AppState>) -> Result<PrinterSettings, UiError> {
    let station = state.station()?;
    state.require_session()?;
    blocking(move || station.printer_settings()).await
}

/// Change the label printer (supervisors and admins; checked in Rust). The print thread reads the
/// settings for each job, so the next label goes to the new printer.
#[tauri::command]
#[specta::specta]
pub async fn set_printer_settings(
    state: State<'_, AppState>,
    settings: PrinterSettings,
) -> Result<(), UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.set_printer_settings(&session, &settings)).await
}

/// The queues of a CUPS scheduler (this machine's when `server` is none), to pick the printer from
/// (supervisors and admins: it reaches out to the server they name).
#[tauri::command]
#[specta::specta]
pub async fn cups_queues(
    state: State<'_, AppState>,
    server: Option<String>,
) -> Result<Vec<CupsQueue>, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.may_configure(&session)).await?;
    let server = server.filter(|s| !s.trim().is_empty());
    blocking(move || list_cups_queues(server.as_deref().map(str::trim)).map_err(StationError::from)).await
}

/// A sample label to the printer as proposed on screen, without saving it (supervisors and
/// admins; checked in Rust).
#[tauri::command]
#[specta::specta]
pub async fn test_print(state: State<'_, AppState>, settings: PrinterSettings) -> Result<TestPrint, UiError> {
    let station = state.station()?;
    let session = state.require_session()?;
    blocking(move || station.test_print(&session, &settings)).await
}

pub fn builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            session,
            login,
            logout,
            scan,
            desk,
            serial_ports,
            serial_settings,
            scanner_status,
            set_serial_settings,
            import_rmas,
            wedge_settings,
            set_wedge_settings,
            receiving_settings,
            set_receiving_settings,
            find_returns,
            holds,
            override_disposition,
            queue,
            act_on_queue,
            request_override,
            sla_settings,
            set_sla_settings,
            kpis,
            export_kpis,
            export_rules_jdm,
            save_table_from_jdm,
            operators,
            add_operator,
            change_operator,
            reset_pin,
            unit_trail,
            dry_run_rules,
            add_photo,
            reprint,
            label_preview,
            confirm_printed,
            reprint_unsure,
            dismiss_failed_prints,
            dismiss_sync_notice,
            print_retention,
            set_print_retention,
            printer_settings,
            set_printer_settings,
            cups_queues,
            test_print
        ])
        .typ::<crate::scanner::SerialScan>()
        .typ::<PrintQueueStatus>()
        .typ::<ScannerEvent>()
}

/// The TypeScript the UI imports (ui/src/lib/bindings.ts), generated from the Rust types above.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    builder()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from the Rust types by `make bindings`. Do not edit.\n// @ts-nocheck"),
            path,
        )
        .map_err(|e| e.to_string())
}
