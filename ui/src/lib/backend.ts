// The one way the UI reaches Rust. Components take a `Backend`, so tests hand them a stand-in.
import {
  commands,
  type RecentScan,
  type ScanOutcome_Serialize as ScanOutcome,
  type ScanSource,
  type Session,
  type StationStatus_Serialize as StationStatus,
  type UiError,
  type ParcelView_Serialize as ParcelView,
  type Receiving_Serialize as Receiving,
  type PortInfo,
  type WedgeSettings,
  type ImportReport,
  type ScannerEvent,
  type SerialScan_Serialize as SerialScan,
  type SerialSettings_Serialize as SerialSettings,
  type InspectionView_Serialize as InspectionView,
  type InspectionOutcome_Serialize as InspectionOutcome,
  type DecisionView_Serialize as DecisionView,
  type HeldUnit_Serialize as HeldUnit,
  type InspectorDay,
  type Desk_Serialize as Desk,
  type DispositionChannel,
  type Refund,
  type UnitTrail_Serialize as UnitTrail,
  type DryRun_Serialize as DryRun,
  type PrintQueueStatus_Serialize as PrintQueueStatus,
  type PrintJobView_Serialize as PrintJobView,
  type PrintRetention,
  type PrinterSettings_Serialize as PrinterSettings,
  type PrinterConfig_Serialize as PrinterConfig,
  type PrintFormat,
  type CupsQueue_Serialize as CupsQueue,
  type SentJob,
  type TestPrint,
  type WaitingUnit_Serialize as WaitingUnit,
  type ReceivingSettings,
  type Repeated,
  type RepeatKind,
  type SettingProblem,
  type RmaView_Serialize as RmaView,
  type DeskPrompt_Serialize as DeskPrompt,
  type Queue_Serialize as Queue,
  type QueueItem_Serialize as QueueItem,
  type QueueFilter_Deserialize as QueueFilter,
  type QueueAction_Deserialize as QueueAction,
  type QueueActed,
  type QueueRef,
  type QueueKind,
  type SlaState,
  type PauseReason,
  type SlaAlert,
  type SlaSettings_Serialize as SlaSettings,
  type Kpis_Serialize as Kpis,
  type OperatorView_Serialize as OperatorView,
  type NewOperator,
  type OperatorChange_Deserialize as OperatorChange,
} from './bindings';
import { listen } from '@tauri-apps/api/event';

export type {
  CupsQueue, PrinterConfig, PrinterSettings, PrintFormat, SentJob, TestPrint,
  DecisionView, Desk, DispositionChannel, Refund, UnitTrail, DryRun, PrintJobView, PrintQueueStatus, PrintRetention, HeldUnit, InspectionOutcome, InspectionView, InspectorDay,
  WedgeSettings, ReceivingSettings, Repeated, RepeatKind, SettingProblem, WaitingUnit,
  ImportReport, RmaView, DeskPrompt,
  Kpis, NewOperator, OperatorChange, OperatorView, Queue, QueueItem, QueueFilter, QueueAction, QueueActed, QueueRef, QueueKind, SlaState, PauseReason, SlaAlert, SlaSettings,
  ParcelView, PortInfo, Receiving, RecentScan, ScannerEvent, ScanOutcome, ScanSource, SerialScan, SerialSettings, Session,
  StationStatus, UiError,
};

export type Result<T> = { ok: true; value: T } | { ok: false; error: UiError };

export interface Backend {
  session(): Promise<Result<Session | null>>;
  login(badge: string, pin: string): Promise<Result<Session>>;
  logout(): Promise<Result<null>>;
  scan(code: string, source: ScanSource): Promise<Result<ScanOutcome>>;
  /// Everything the station screen shows, in one read: status, recent scans, the open parcel, the
  /// inspection in progress, the inspector's day, the print queue.
  desk(): Promise<Result<Desk>>;
  serialPorts(): Promise<Result<PortInfo[]>>;
  serialSettings(): Promise<Result<SerialSettings | null>>;
  setSerialSettings(settings: SerialSettings | null): Promise<Result<null>>;
  scannerStatus(): Promise<Result<ScannerEvent | null>>;
  importRmas(csv: number[]): Promise<Result<ImportReport>>;
  wedgeSettings(): Promise<Result<WedgeSettings>>;
  setWedgeSettings(settings: WedgeSettings): Promise<Result<null>>;
  receivingSettings(): Promise<Result<ReceivingSettings>>;
  /// Refused by Rust unless a supervisor or admin is logged in.
  setReceivingSettings(settings: ReceivingSettings): Promise<Result<null>>;
  /// Open returns by the customer's name (a parcel without a label); nothing is recorded.
  findReturns(name: string): Promise<Result<RmaView[]>>;
  holds(): Promise<Result<HeldUnit[]>>;
  queue(filter: QueueFilter): Promise<Result<Queue>>;
  actOnQueue(items: QueueRef[], action: QueueAction, note: string): Promise<Result<QueueActed>>;
  requestOverride(lpn: string, channel: DispositionChannel | null, note: string): Promise<Result<QueueItem>>;
  kpis(from: string, to: string): Promise<Result<Kpis>>;
  exportKpis(from: string, to: string): Promise<Result<string>>;
  exportRulesJdm(): Promise<Result<string>>;
  operators(): Promise<Result<OperatorView[]>>;
  addOperator(operator: NewOperator): Promise<Result<OperatorView>>;
  changeOperator(operatorId: string, change: OperatorChange): Promise<Result<OperatorView>>;
  resetPin(operatorId: string, pin: string): Promise<Result<null>>;
  saveTableFromJdm(text: string): Promise<Result<string>>;
  unitTrail(lpn: string): Promise<Result<UnitTrail>>;
  dryRunRules(json: string): Promise<Result<DryRun>>;
  overrideDisposition(lpn: string, channel: DispositionChannel, refund: Refund | null, note: string): Promise<Result<DecisionView>>;
  addPhoto(base64: string): Promise<Result<InspectionView>>;
  reprint(lpn: string): Promise<Result<string>>;
  /// The unit's label as the printer gets it, a PNG `data:` URL.
  labelPreview(lpn: string): Promise<Result<string>>;
  /// A label that may have printed is on the printer.
  confirmPrinted(jobId: string): Promise<Result<null>>;
  /// A label that may have printed is not there: print it again; the new job's id.
  reprintUnsure(jobId: string): Promise<Result<string>>;
  /// Give failed jobs up (refused by Rust unless a supervisor or admin is logged in).
  dismissFailedPrints(jobIds: string[]): Promise<Result<number>>;
  /// The sync notice was read (refused by Rust unless a supervisor or admin is logged in).
  dismissSyncNotice(): Promise<Result<null>>;
  /// How long label files and finished print jobs are kept.
  printRetention(): Promise<Result<PrintRetention>>;
  /// Refused by Rust unless a supervisor or admin is logged in, or outside 1–3650 days.
  setPrintRetention(retention: PrintRetention): Promise<Result<null>>;
  printerSettings(): Promise<Result<PrinterSettings>>;
  /// Refused by Rust unless a supervisor or admin is logged in, or when the settings cannot work.
  setPrinterSettings(settings: PrinterSettings): Promise<Result<null>>;
  /// The queues of a CUPS scheduler (this machine's when `server` is null).
  cupsQueues(server: string | null): Promise<Result<CupsQueue[]>>;
  /// A sample label to the printer as proposed, without saving it.
  testPrint(settings: PrinterSettings): Promise<Result<TestPrint>>;
  /// Photos taken from the watched folder (attached in Rust) and ones it refused.
  onPhoto(f: (view: InspectionView) => void, refused: (e: UiError) => void): Promise<() => void>;
  /// Serial scanner reads (recorded in Rust) and its connect/disconnect; returns an unsubscribe.
  onSerialScan(f: (scan: SerialScan) => void): Promise<() => void>;
  onScannerStatus(f: (status: ScannerEvent) => void): Promise<() => void>;
}

type Generated<T> = { status: 'ok'; data: T } | { status: 'error'; error: UiError };

/// A command that could not even be delivered (IPC failure) becomes an error like any other.
async function call<T>(f: () => Promise<Generated<T>>): Promise<Result<T>> {
  try {
    const r = await f();
    return r.status === 'ok' ? { ok: true, value: r.data } : { ok: false, error: r.error };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { code: 'ipc', message: reason, details: { reason } } };
  }
}

export const tauriBackend: Backend = {
  session: () => call(() => commands.session()),
  login: (badge, pin) => call(() => commands.login(badge, pin)),
  logout: () => call(() => commands.logout()),
  scan: (code, source) => call(() => commands.scan(code, source)),
  desk: () => call(() => commands.desk()),
  serialPorts: () => call(() => commands.serialPorts()),
  serialSettings: () => call(() => commands.serialSettings()),
  setSerialSettings: (settings) => call(() => commands.setSerialSettings(settings)),
  scannerStatus: () => call(() => commands.scannerStatus()),
  importRmas: (csv) => call(() => commands.importRmas(csv)),
  wedgeSettings: () => call(() => commands.wedgeSettings()),
  setWedgeSettings: (settings) => call(() => commands.setWedgeSettings(settings)),
  receivingSettings: () => call(() => commands.receivingSettings()),
  setReceivingSettings: (settings) => call(() => commands.setReceivingSettings(settings)),
  findReturns: (name) => call(() => commands.findReturns(name)),
  holds: () => call(() => commands.holds()),
  queue: (filter) => call(() => commands.queue(filter)),
  actOnQueue: (items, action, note) => call(() => commands.actOnQueue(items, action, note)),
  requestOverride: (lpn, channel, note) => call(() => commands.requestOverride(lpn, channel, note)),
  kpis: (from, to) => call(() => commands.kpis(from, to)),
  exportKpis: (from, to) => call(() => commands.exportKpis(from, to)),
  exportRulesJdm: () => call(() => commands.exportRulesJdm()),
  operators: () => call(() => commands.operators()),
  addOperator: (operator) => call(() => commands.addOperator(operator)),
  changeOperator: (operatorId, change) => call(() => commands.changeOperator(operatorId, change)),
  resetPin: (operatorId, pin) => call(() => commands.resetPin(operatorId, pin)),
  saveTableFromJdm: (text) => call(() => commands.saveTableFromJdm(text)),
  unitTrail: (lpn) => call(() => commands.unitTrail(lpn)),
  dryRunRules: (json) => call(() => commands.dryRunRules(json)),
  overrideDisposition: (lpn, channel, refund, note) => call(() => commands.overrideDisposition(lpn, channel, refund, note)),
  addPhoto: (base64) => call(() => commands.addPhoto(base64)),
  reprint: (lpn) => call(() => commands.reprint(lpn)),
  labelPreview: (lpn) => call(() => commands.labelPreview(lpn)),
  confirmPrinted: (jobId) => call(() => commands.confirmPrinted(jobId)),
  reprintUnsure: (jobId) => call(() => commands.reprintUnsure(jobId)),
  dismissFailedPrints: (jobIds) => call(() => commands.dismissFailedPrints(jobIds)),
  dismissSyncNotice: () => call(() => commands.dismissSyncNotice()),
  printRetention: () => call(() => commands.printRetention()),
  setPrintRetention: (retention) => call(() => commands.setPrintRetention(retention)),
  printerSettings: () => call(() => commands.printerSettings()),
  setPrinterSettings: (settings) => call(() => commands.setPrinterSettings(settings)),
  cupsQueues: (server) => call(() => commands.cupsQueues(server)),
  testPrint: (settings) => call(() => commands.testPrint(settings)),
  onPhoto: async (f, refused) => {
    const a = await listen<InspectionView>('photo-added', (e) => f(e.payload));
    const b = await listen<UiError>('photo-refused', (e) => refused(e.payload));
    return () => { a(); b(); };
  },
  onSerialScan: (f) => listen<SerialScan>('serial-scan', (e) => f(e.payload)),
  onScannerStatus: (f) => listen<ScannerEvent>('scanner-status', (e) => f(e.payload)),
};
