// The one way the UI reaches Rust. Components take a `Backend`, so tests hand them a stand-in.
import {
  commands,
  type RecentScan,
  type ScanOutcome_Serialize as ScanOutcome,
  type ScanSource,
  type Session,
  type StationStatus_Serialize as StationStatus,
  type UiError,
} from './bindings';

export type { RecentScan, ScanOutcome, ScanSource, Session, StationStatus, UiError };

export type Result<T> = { ok: true; value: T } | { ok: false; error: UiError };

export interface Backend {
  session(): Promise<Result<Session | null>>;
  login(badge: string, pin: string): Promise<Result<Session>>;
  logout(): Promise<Result<null>>;
  scan(code: string, source: ScanSource): Promise<Result<ScanOutcome>>;
  status(): Promise<Result<StationStatus>>;
  recentScans(limit: number): Promise<Result<RecentScan[]>>;
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
  status: () => call(() => commands.status()),
  recentScans: (limit) => call(() => commands.recentScans(limit)),
};
