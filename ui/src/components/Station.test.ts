import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, DecisionView, Desk, PrintJobView, PrintQueueStatus, ScanOutcome, ScanSource, Session } from '../lib/backend';
import type { SyncStatus_Serialize as SyncStatus } from '../lib/bindings';
import { i18n } from '../lib/i18n.svelte';
import Station from './Station.svelte';
import App from '../App.svelte';
import { pressed, XKB } from '../lib/fixtures/keys';
import type { KeyPress } from '../lib/wedge';

const session: Session = { session_id: 's', operator_id: 'op', name: 'Sam Taylor', role: 'inspector', language: 'en' };

const idleQueue: PrintQueueStatus = {
  waiting: 0, failed: 0, failed_jobs: [], unsure: [], error_code: null, error: null, printer: 'folder:/tmp',
};

function printJob(job_id: string, lpn: string, error_code: string | null = null): PrintJobView {
  return { job_id, lpn, reason: 'decision', created_at: '2026-11-23T08:00:00Z', error_code, error: error_code };
}

/// What the store would say about a quiet desk, with `parts` changed.
function desk(seq: number, parts: Partial<Desk> = {}): Desk {
  return {
    status: { station_name: 'Dock 1', station_number: 1, site_name: 'Site', db_path: '/x', writable: true,
      events_total: seq, events_pending: seq, last_event_at: null, schema_version: 1,
      setting_problems: [], time_zone: 'Europe/Warsaw', sync: null },
    recent_scans: [],
    parcel: null,
    inspection: null,
    day: { units_today: 0, units_per_hour: 0, median_handle_ms: 0 },
    printing: idleQueue,
    waiting: [],
    sla: null,
    ...parts,
  };
}

function fakeBackend(overrides: Partial<Backend> = {}) {
  const scans: { code: string; source: ScanSource }[] = [];
  let seq = 10;
  const backend: Backend = {
    session: async () => ({ ok: true, value: session }),
    login: async () => ({ ok: true, value: session }),
    logout: async () => ({ ok: true, value: null }),
    desk: async () => ({ ok: true, value: desk(seq) }),
    serialPorts: async () => ({ ok: true, value: [] }),
    serialSettings: async () => ({ ok: true, value: null }),
    setSerialSettings: async () => ({ ok: true, value: null }),
    scannerStatus: async () => ({ ok: true, value: null }),
    wedgeSettings: async () => ({ ok: true, value: { max_gap_ms: 50, min_length: 4, suffixes: ['Enter', 'Tab'], gs_stand_in: null, layout: 'us' } }),
    setWedgeSettings: async () => ({ ok: true, value: null }),
    receivingSettings: async () => ({ ok: true, value: { debounce_ms: 1000, label_every_unit: false } }),
    setReceivingSettings: async () => ({ ok: true, value: null }),
    importRmas: async () => ({ ok: true, value: { encoding: 'UTF-8', imported: [], rows_read: 0, errors: [] } }),
    findReturns: async () => ({ ok: true, value: [] }),
    holds: async () => ({ ok: true, value: [] }),
    queue: async () => ({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'supervisor' } } }),
    actOnQueue: async () => ({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'supervisor' } } }),
    requestOverride: async () => ({ ok: false, error: { code: 'queue.already_requested', message: 'x', details: {} } }),
    kpis: async () => ({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'supervisor' } } }),
    exportKpis: async () => ({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'supervisor' } } }),
    exportRulesJdm: async () => ({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'admin' } } }),
    operators: async () => ({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'admin' } } }),
    addOperator: async () => ({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'admin' } } }),
    changeOperator: async () => ({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'admin' } } }),
    resetPin: async () => ({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'admin' } } }),
    saveTableFromJdm: async () => ({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'admin' } } }),
    unitTrail: async () => ({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'supervisor' } } }),
    dryRunRules: async () => ({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'admin' } } }),
    overrideDisposition: async () => ({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'supervisor' } } }),
    addPhoto: async () => ({ ok: false, error: { code: 'inspection.no_unit', message: 'x', details: {} } }),
    reprint: async () => ({ ok: true, value: 'job' }),
    labelPreview: async () => ({ ok: true, value: 'data:image/png;base64,iVBORw0KGgo=' }),
    confirmPrinted: async () => ({ ok: true, value: null }),
    reprintUnsure: async () => ({ ok: true, value: 'job-2' }),
    dismissFailedPrints: async () => ({ ok: true, value: 0 }),
    dismissSyncNotice: async () => ({ ok: true, value: null }),
    printRetention: async () => ({ ok: true, value: { days: 30 } }),
    setPrintRetention: async () => ({ ok: true, value: null }),
    printerSettings: async () => ({ ok: true, value: { printer: { kind: 'folder', dir: '/tmp/labels' }, format: 'pdf', template: '100x150mm', dpi: 203 } }),
    setPrinterSettings: async () => ({ ok: true, value: null }),
    cupsQueues: async () => ({ ok: true, value: [] }),
    testPrint: async () => ({ ok: true, value: { job_id: 'test-1', device: 'folder /tmp/labels', sent: { kind: 'file', path: '/tmp/labels/test-1.pdf', bytes: 9 } } }),
    onPhoto: async () => () => {},
    onSerialScan: async () => () => {},
    onScannerStatus: async () => () => {},
    scan: async (code, source) => {
      scans.push({ code, source });
      seq += 1;
      const outcome: ScanOutcome = {
        seq, scanned_at: 'now', source, receiving: null, inspection: null, repeated: null, parked: null, logged_out: false, prompt: null,
        code: { kind: 'ean13', valid: true, text: code, gtin: '0' + code },
        matched: { type: 'product', sku: 'EL-HP-200', name: 'Wireless headphones HP-200', category: 'electronics',
          gtin: '0' + code, price_minor: 8999, currency: 'EUR', expected_in: ['RMA-100001'] },
      };
      return { ok: true, value: outcome };
    },
    ...overrides,
  };
  return { backend, scans };
}

/// The stand-in, with `decision` made by the scan that saves the inspection (`CMD:NEXT`).
function decidingBackend(decision: DecisionView, overrides: Partial<Backend> = {}) {
  const base = fakeBackend(overrides);
  const backend: Backend = {
    ...base.backend,
    scan: async (code, source) => {
      const r = await base.backend.scan(code, source);
      if (r.ok && code === 'CMD:NEXT') r.value.inspection = { action: null, inspection: null, decision };
      return r;
    },
  };
  return { backend, scans: base.scans };
}

async function typeFast(input: HTMLElement, text: string) {
  let t = 1000;
  for (const ch of text) {
    await fireEvent.input(input, { target: { value: ((input as HTMLInputElement).value ?? '') + ch } });
    await fireEvent.keyDown(input, { key: ch, timeStamp: (t += 5) });
  }
  await fireEvent.keyDown(input, { key: 'Enter', timeStamp: t + 5 });
}

/// Key events as the OS gives them: the field gets what the OS typed, the keydown names the key.
async function typeKeys(input: HTMLElement, keys: KeyPress[]) {
  for (const k of keys) {
    if (k.key.length === 1) await fireEvent.input(input, { target: { value: ((input as HTMLInputElement).value ?? '') + k.key } });
    else if (k.key === 'Backspace') await fireEvent.input(input, { target: { value: (input as HTMLInputElement).value.slice(0, -1) } });
    await fireEvent.keyDown(input, k);
  }
  const typed = (input as HTMLInputElement).value;
  await fireEvent.keyDown(input, { key: 'Enter', code: 'Enter' });
  return typed;
}

afterEach(cleanup);

describe('Another operator at the desk', () => {
  it('a badge scanned over a session asks that operator\'s PIN and switches; Escape goes back', async () => {
    i18n.set('en');
    const ingrid: Session = { session_id: 's2', operator_id: 'op-0003', name: 'Ingrid Hansen', role: 'supervisor', language: 'nb' };
    const logins: [string, string][] = [];
    const { backend, scans } = fakeBackend({
      session: async () => ({ ok: true, value: session }),
      login: async (badge: string, pin: string) => {
        logins.push([badge, pin]);
        return pin === '3456' ? { ok: true, value: ingrid }
          : { ok: false, error: { code: 'auth.wrong_pin', message: 'x', details: { remaining: '4' } } };
      },
    });
    const scan = backend.scan;
    backend.scan = async (code, source) => code === 'BADGE-0003'
      ? { ok: false, error: { code: 'auth.badge_scanned', message: 'x', details: { badge: 'BADGE-0003', name: 'Ingrid Hansen' } } }
      : scan(code, source);
    render(App, { backend });
    await typeFast(await screen.findByTestId('scan-input'), 'BADGE-0003');
    // Her PIN is asked at once, the badge filled in; the desk is still Sam's until it is right.
    expect((await screen.findByTestId('login-switch')).textContent).toBe('Ingrid Hansen: your PIN takes the desk over');
    expect((document.getElementById('badge') as HTMLInputElement).value).toBe('BADGE-0003');
    expect(document.activeElement?.id).toBe('pin');
    await fireEvent.keyDown(document.getElementById('pin')!, { key: 'Escape' });
    expect((await screen.findByTestId('operator')).textContent).toContain('Sam Taylor');
    // Again, with her PIN: the desk is hers, in her language.
    await typeFast(await screen.findByTestId('scan-input'), 'BADGE-0003');
    await screen.findByTestId('login-switch');
    await fireEvent.input(document.getElementById('pin')!, { target: { value: '3456' } });
    await fireEvent.submit(screen.getByTestId('login-form'));
    await waitFor(() => expect(screen.getByTestId('operator').textContent).toContain('Ingrid Hansen'));
    expect(logins).toEqual([['BADGE-0003', '3456']]);
    expect(scans.map((x) => x.code)).not.toContain('BADGE-0003');
  });
});

describe('An idle desk', () => {
  it('goes back to the log-in when the station logs its operator out for being idle, and says why', async () => {
    i18n.set('en');
    let looks = 0;
    const { backend } = fakeBackend({
      session: async () => ({ ok: true, value: session }),
      desk: async () => (++looks > 1
        ? { ok: false, error: { code: 'auth.idle', message: 'x', details: { minutes: '15' } } }
        : { ok: true, value: desk(10) }),
    });
    render(App, { backend });
    await typeFast(await screen.findByTestId('scan-input'), '5901234123457');
    expect((await screen.findByTestId('login-notice')).textContent).toBe('Logged out after 15 minutes without a scan.');
    expect(screen.queryByTestId('scan-input')).toBeNull();
  });
});

describe('Station screen', () => {
  it('CMD:LOGOUT scanned ends the session on screen as the log-out key does', async () => {
    i18n.set('en');
    const base = fakeBackend();
    let loggedOut = 0;
    const backend: Backend = {
      ...base.backend,
      scan: async (code, source) => {
        const r = await base.backend.scan(code, source);
        if (r.ok && code === 'CMD:LOGOUT') r.value.logged_out = true;
        return r;
      },
    };
    render(Station, { backend, session, onLogout: () => (loggedOut += 1) });
    await typeFast(screen.getByTestId('scan-input'), 'CMD:NEXT');
    await waitFor(() => expect(base.scans.length).toBe(1));
    expect(loggedOut).toBe(0);
    await typeFast(screen.getByTestId('scan-input'), 'CMD:LOGOUT');
    await waitFor(() => expect(loggedOut).toBe(1));
  });

  it('says a repeated read is already there, and a parked unit waits with its label, in the operator language', async () => {
    i18n.set('pl');
    const base = fakeBackend();
    let waiting: import('../lib/backend').WaitingUnit[] = [];
    const backend: Backend = {
      ...base.backend,
      desk: async () => ({ ok: true, value: desk(10, { waiting }) }),
      scan: async (code, source) => {
        const r = await base.backend.scan(code, source);
        if (!r.ok) return r;
        if (code === '1Z999AA10123456784') r.value.repeated = { kind: 'parcel_open', lpn: null };
        if (code === '96385074') {
          r.value.parked = 'LPN00100000016';
          waiting = [{ lpn: 'LPN00100000016', sku: 'EL-HP-200', name: 'Słuchawki HP-200', serial: 'HP200-00017',
            parcel_code: '1Z999AA10123456784', parked_at: 'now' }];
        }
        return r;
      },
    };
    render(Station, { backend, session: { ...session, language: 'pl' }, onLogout: () => {} });
    const input = screen.getByTestId('scan-input');
    await typeFast(input, '1Z999AA10123456784');
    const again = await screen.findByTestId('repeated');
    expect(again.dataset.kind).toBe('parcel_open');
    expect(again.textContent).toContain('Już otwarta');
    expect(screen.queryByTestId('waiting-units')).toBeNull();

    await typeFast(input, '96385074');
    const parked = await screen.findByTestId('parked');
    expect(parked.textContent).toContain('LPN00100000016 czeka na inspekcję');
    expect(screen.getByTestId('scan-result').classList.contains('warn')).toBe(true);
    const shelf = await screen.findByTestId('waiting-units');
    expect(shelf.textContent).toContain('Czekają na inspekcję (1)');
    expect(shelf.textContent).toContain('LPN00100000016');
    expect(shelf.textContent).toContain('Słuchawki HP-200');
    i18n.set('en');
  });

  it('shows a supervisor the items past their SLA target, and opens the queue from the badge', async () => {
    i18n.set('en');
    const base = fakeBackend();
    const sup: Session = { ...session, role: 'supervisor', name: 'Ingrid Hansen' };
    const backend: Backend = {
      ...base.backend,
      desk: async () => ({ ok: true, value: desk(10, { sla: { breached: 2, warn: 1 } }) }),
      queue: async () => ({ ok: true, value: { items: [], matching: 0, counts: [], operators: [],
        settings: { hold: { target_hours: 48, warn_hours: 8 }, waiting: { target_hours: 24, warn_hours: 4 }, conflict: { target_hours: 24, warn_hours: 4 }, request: { target_hours: 8, warn_hours: 2 } } } }),
    };
    render(Station, { backend, session: sup, onLogout: () => {} });
    const badge = await screen.findByTestId('sla-alert');
    expect(badge.textContent).toBe('2 items past their target');
    await fireEvent.click(badge);
    expect(await screen.findByTestId('supervisor-queue')).toBeTruthy();
  });

  it('shows an inspector no SLA badge', async () => {
    i18n.set('en');
    const { backend } = fakeBackend();
    render(Station, { backend, session, onLogout: () => {} });
    await screen.findByTestId('scan-input');
    await waitFor(() => expect(screen.queryByTestId('open-queue')).toBeNull());
    expect(screen.queryByTestId('sla-alert')).toBeNull();
  });

  it('shows a setting the station cannot read, and goes on scanning', async () => {
    i18n.set('nb');
    const base = fakeBackend();
    const backend: Backend = {
      ...base.backend,
      desk: async () => {
        const d = desk(10);
        d.status.setting_problems = [{ key: 'printer', reason: 'unknown variant `hologram`' }];
        return { ok: true, value: d };
      },
    };
    render(Station, { backend, session: { ...session, language: 'nb' }, onLogout: () => {} });
    const banner = await screen.findByTestId('setting-problem');
    expect(banner.dataset.key).toBe('printer');
    expect(banner.textContent).toContain('Innstillingen «printer» kan ikke leses');
    expect(banner.textContent).toContain('hologram');
    await typeFast(screen.getByTestId('scan-input'), '5901234123457');
    await waitFor(() => expect(base.scans.map((s) => s.code)).toEqual(['5901234123457']));
    i18n.set('en');
  });

  it('sends a scan and shows the product large', async () => {
    i18n.set('en');
    const { backend, scans } = fakeBackend();
    render(Station, { backend, session, onLogout: () => {} });
    const input = screen.getByTestId('scan-input');
    expect(document.activeElement).toBe(input);
    await typeFast(input, '5901234123457');
    await waitFor(() => expect(screen.getByTestId('scan-result').textContent).toContain('Wireless headphones HP-200'));
    expect(scans).toEqual([{ code: '5901234123457', source: expect.stringMatching(/wedge|manual/) }]);
    expect((input as HTMLInputElement).value).toBe('');
    expect(screen.getByTestId('match-product').textContent).toContain('Expected in RMA-100001');
  });

  it('shows what the store says after a scan, read in one go', async () => {
    i18n.set('en');
    let reads = 0;
    const { backend } = fakeBackend();
    const base = backend.desk;
    const counted: Backend = { ...backend, desk: async () => {
      reads += 1;
      const d = await base();
      if (!d.ok || reads < 2) return d;
      return { ok: true, value: { ...d.value,
        recent_scans: [{ seq: 11, text: '5901234123457', kind: 'ean13', valid: true, source: 'wedge', scanned_at: 'now' }],
        day: { units_today: 7, units_per_hour: 42, median_handle_ms: 31000 },
        status: { ...d.value.status, events_pending: 11 } } };
    } };
    render(Station, { backend: counted, session, onLogout: () => {} });
    await waitFor(() => expect(reads).toBe(1));
    await typeFast(screen.getByTestId('scan-input'), '5901234123457');
    await waitFor(() => expect(screen.getByTestId('recent').textContent).toContain('5901234123457'));
    expect(reads).toBe(2);
    expect(screen.getByTestId('pending').textContent).toContain('11');
    expect(screen.getByTestId('inspector-day').textContent).toContain('42.0');
  });

  it('says in the header when it last synced, since when the hub is away, and why sync stopped', async () => {
    i18n.set('en');
    const sync: SyncStatus = { hub_url: 'https://hub', waiting: 3, pushed_upto: 7, last_synced_at: '2026-11-23T11:03:00Z',
      unreachable_since: null, stopped: null, notice: null, last_error: null };
    const shows = async (s: SyncStatus) => {
      const { backend } = fakeBackend({ desk: async () => ({ ok: true, value: { ...desk(10), status: { ...desk(10).status, sync: s } } }) });
      render(Station, { backend, session, onLogout: () => {} });
      const text = (await screen.findByTestId('sync-status')).textContent ?? '';
      cleanup();
      return text;
    };
    // Warsaw is UTC+1 in November.
    expect(await shows(sync)).toBe('Last synced 12:03');
    expect(await shows({ ...sync, unreachable_since: '2026-11-23T10:40:00Z' })).toBe('Hub unreachable since 11:40; nothing is lost');
    const stopped = await shows({ ...sync, stopped: { code: 'sync.revoked', message: 'x' } });
    expect(stopped).toContain('Sync stopped');
    expect(stopped).toContain('revoked');
  });

  it('shows what sync did to a restored database until a supervisor has read it', async () => {
    i18n.set('pl');
    let notice: SyncStatus['notice'] = { code: 'sync.lpn_reused', message: 'LPN-000123, LPN-000124' };
    let dismissed = 0;
    const { backend } = fakeBackend({
      desk: async () => ({ ok: true, value: { ...desk(10), status: { ...desk(10).status, sync: {
        hub_url: 'https://hub', waiting: 0, pushed_upto: 10, last_synced_at: '2026-11-23T11:03:00Z',
        unreachable_since: null, stopped: null, notice, last_error: null } } } }),
      dismissSyncNotice: async () => { dismissed += 1; notice = null; return { ok: true, value: null }; },
    });
    const { unmount } = render(Station, { backend, session, onLogout: () => {} });
    const banner = await screen.findByTestId('sync-notice');
    expect(banner.textContent).toContain('LPN-000123, LPN-000124');
    expect(banner.textContent).toContain('wydane dwa razy');
    expect(screen.queryByTestId('sync-notice-dismiss')).toBeNull();
    unmount();

    render(Station, { backend, session: { ...session, role: 'supervisor' }, onLogout: () => {} });
    await fireEvent.click(await screen.findByTestId('sync-notice-dismiss'));
    await waitFor(() => expect(screen.queryByTestId('sync-notice')).toBeNull());
    expect(dismissed).toBe(1);
  });

  it("reads a US scanner's code at a station whose OS types Russian, and keeps a person's Cyrillic", async () => {
    i18n.set('en');
    // A generous gap: jsdom's key events carry their own time stamps, and only the keys matter here.
    const { backend, scans } = fakeBackend({
      wedgeSettings: async () => ({ ok: true, value: { max_gap_ms: 1000, min_length: 4, suffixes: ['Enter'], gs_stand_in: null, layout: 'us' } }),
    });
    render(Station, { backend, session, onLogout: () => {} });
    await screen.findByTestId('pending');
    const input = screen.getByTestId('scan-input');
    const typed = await typeKeys(input, [...'CMD:PASS'].map((ch) => pressed('ru', ch)));
    expect(typed).toBe('СЬВЖЗФЫЫ');
    await waitFor(() => expect(scans).toEqual([{ code: 'CMD:PASS', source: 'wedge' }]));
    // A person correcting themselves: what the OS typed is what they meant.
    const person = [...'проба'].map((ch) => ({ key: ch, code: Object.entries(XKB.ru).find(([, l]) => l.includes(ch))![0], shiftKey: false }));
    person.splice(2, 0, { key: 'Backspace', code: 'Backspace', shiftKey: false });
    expect(await typeKeys(input, person)).toBe('поба');
    await waitFor(() => expect(scans[1]).toEqual({ code: 'поба', source: 'manual' }));
  });

  it('shows a refused scan as an error in the operator language, with what was read', async () => {
    i18n.set('pl');
    const { backend } = fakeBackend({
      scan: async () => ({ ok: false, error: { code: 'store.read_only', message: 'ro', details: {} } }),
    });
    render(Station, { backend, session: { ...session, language: 'pl' }, onLogout: () => {} });
    const input = screen.getByTestId('scan-input');
    await typeFast(input, 'RMA-100001');
    const err = await screen.findByTestId('scan-error');
    expect(err.dataset.code).toBe('store.read_only');
    expect(err.textContent).toContain('RMA-100001');
    expect(err.textContent).not.toContain('The database is read-only');
    expect(document.querySelector('main.station')?.classList.contains('has-error')).toBe(true);
    i18n.set('en');
  });

  it('queues scans that arrive while one is saving and loses none', async () => {
    i18n.set('en');
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const base = fakeBackend();
    const slow = { ...base.backend, scan: async (c: string, s: ScanSource) => { await gate; return base.backend.scan(c, s); } };
    render(Station, { backend: slow, session, onLogout: () => {} });
    const input = screen.getByTestId('scan-input');
    await typeFast(input, 'AAAA1');
    await typeFast(input, 'BBBB2');
    await typeFast(input, 'CCCC3');
    await waitFor(() => expect(screen.getByTestId('queue').textContent).toContain('3 scans waiting'));
    release();
    await waitFor(() => expect(base.scans.map((s) => s.code)).toEqual(['AAAA1', 'BBBB2', 'CCCC3']));
  });

  it('shows a serial scan and an unplugged scanner at once', async () => {
    i18n.set('en');
    const { backend } = fakeBackend();
    let serial: (s: import('../lib/backend').SerialScan) => void = () => {};
    let status: (s: import('../lib/backend').ScannerEvent) => void = () => {};
    const wired = { ...backend,
      onSerialScan: async (f: typeof serial) => { serial = f; return () => {}; },
      onScannerStatus: async (f: typeof status) => { status = f; return () => {}; } };
    render(Station, { backend: wired, session, onLogout: () => {} });
    await waitFor(() => expect(serial).not.toBe(undefined));
    status({ kind: 'disconnected', port: '/dev/ttyACM0', reason: 'gone' });
    expect((await screen.findByTestId('scanner-disconnected')).textContent).toContain('/dev/ttyACM0');
    status({ kind: 'connected', port: '/dev/ttyACM0' });
    await waitFor(() => expect(screen.queryByTestId('scanner-disconnected')).toBeNull());
    const scanned = await backend.scan('5901234123457', 'serial');
    serial({ outcome: scanned.ok ? scanned.value : null, error: null, read: '5901234123457' });
    await waitFor(() => expect(screen.getByTestId('scan-result').textContent).toContain('Wireless headphones'));
  });

  it('warns when the database is read-only', async () => {
    const { backend } = fakeBackend();
    const ro = { ...backend, desk: async () => {
      const d = await backend.desk();
      return d.ok ? { ok: true as const, value: { ...d.value, status: { ...d.value.status, writable: false } } } : d;
    } };
    render(Station, { backend: ro, session, onLogout: () => {} });
    expect((await screen.findByTestId('readonly')).textContent).toContain('read-only');
  });

  it('sends inspection keys as commands and shows the decision large, with why', async () => {
    i18n.set('en');
    const decision: DecisionView = {
      disposition_id: 'd1', lpn: 'LPN0100000000017', name: 'Wireless headphones HP-200', grade: 'A', channel: 'restock',
      destination: 'BIN-RS', reason: 'sellable', rule: 'demo@1#6', recovery_minor: 7650, currency: 'EUR',
      refund: { kind: 'full', fee_bp: null, amount_minor: 8999 },
      decided_by: 'rule', supersedes: null, note: null, flags: [], decided_at: 'now', handle_ms: 4000,
      explanation: [{ key: 'explain-skipped', row: 1, args: {
        rule: { kind: 'word', key: 'reason-fraud-suspected', fallback: 'fraud-hold' },
        fact: { kind: 'message', key: 'explain-fact-flags-none', args: {} } } }],
      trace: JSON.stringify({ row: 6, missed: [{ row: 1, field: 'flags', value: [] }],
        recovery: [{ channel: 'restock', allowed: true, expected_minor: 7650 }, { channel: 'rtv', allowed: false, expected_minor: null }] }),
    };
    const base = decidingBackend(decision);
    const backend = base.backend;
    render(Station, { backend, session, onLogout: () => {} });
    const input = screen.getByTestId('scan-input');
    await fireEvent.keyDown(input, { key: 'F3', timeStamp: 10 });
    await fireEvent.keyDown(input, { key: 'F9', timeStamp: 20 });
    await waitFor(() => expect(base.scans.map((s) => s.code)).toEqual(['CMD:PASS', 'CMD:NEXT']));
    expect(base.scans[0].source).toBe('manual');
    const shown = await screen.findByTestId('decision');
    expect(shown.dataset.channel).toBe('restock');
    expect(screen.getByTestId('decision-channel').textContent).toBe('Restock');
    expect(shown.textContent).toContain('Put it in BIN-RS');
    expect(screen.queryByTestId('trace')).toBeNull();
    await fireEvent.click(screen.getByTestId('why'));
    const trace = screen.getByTestId('trace');
    expect(trace.textContent).toContain('Hold for suspected fraud? No: the unit has no fraud signals.');
    await fireEvent.click(screen.getByTestId('trace-details-toggle'));
    expect(trace.textContent).toContain('Row 6 matched');
    expect(trace.textContent).toContain('Row 1 did not match: flags was []');
    expect(trace.textContent).toContain('not allowed');
    expect(document.activeElement).toBe(input);
  });

  it('shows the decided unit\'s label as the printer gets it, and prints it again on request', async () => {
    i18n.set('pl');
    const decision: DecisionView = {
      disposition_id: 'd2', lpn: 'LPN0100000000024', name: 'Kettle', grade: 'B', channel: 'refurbish',
      destination: 'TOTE-RF', reason: 'repairable', rule: 'demo@1#3', recovery_minor: null, currency: 'EUR',
      refund: { kind: 'partial', fee_bp: 1500, amount_minor: 4250 },
      decided_by: 'rule', supersedes: null, note: null, flags: [], decided_at: 'now', handle_ms: 3000, explanation: [], trace: '{}',
    };
    const previews: string[] = [];
    const reprints: string[] = [];
    const { backend } = decidingBackend(decision, {
      labelPreview: async (lpn) => {
        previews.push(lpn);
        return { ok: true, value: 'data:image/png;base64,iVBORw0KGgo=' };
      },
      reprint: async (lpn) => {
        reprints.push(lpn);
        return { ok: true, value: 'job-7' };
      },
    });
    render(Station, { backend, session: { ...session, language: 'pl' }, onLogout: () => {} });
    await fireEvent.keyDown(screen.getByTestId('scan-input'), { key: 'F9', timeStamp: 10 });
    const img = (await screen.findByTestId('label-preview')) as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(img.alt).toBe('Etykieta LPN0100000000024');
    expect(previews).toEqual(['LPN0100000000024']);
    await fireEvent.click(screen.getByTestId('reprint'));
    expect((await screen.findByTestId('reprinted')).textContent).toBe('Etykieta ponownie w kolejce drukowania.');
    expect(reprints).toEqual(['LPN0100000000024']);
  });

  it('says why a label cannot be previewed, in the operator language', async () => {
    i18n.set('en');
    const decision: DecisionView = {
      disposition_id: 'd3', lpn: 'LPN0100000000031', name: null, grade: null, channel: 'hold',
      destination: null, reason: 'unknown_item', rule: null, recovery_minor: null, currency: null,
      refund: { kind: 'review', fee_bp: null, amount_minor: null },
      decided_by: 'rule', supersedes: null, note: null, flags: [], decided_at: 'now', handle_ms: 1000, explanation: [], trace: '{}',
    };
    const { backend } = decidingBackend(decision, {
      labelPreview: async () => ({ ok: false, error: { code: 'store.busy', message: 'busy', details: {} } }),
    });
    render(Station, { backend, session, onLogout: () => {} });
    await fireEvent.keyDown(screen.getByTestId('scan-input'), { key: 'F9', timeStamp: 10 });
    const err = await screen.findByTestId('label-preview-error');
    expect(err.textContent).toBe(i18n.t('error-store-busy'));
    expect(screen.queryByTestId('label-preview')).toBeNull();
  });

  it('says labels wait for an offline printer, in the operator language, and keeps the scan field', async () => {
    i18n.set('pl');
    const base = fakeBackend();
    const backend: Backend = {
      ...base.backend,
      desk: async () => ({ ok: true, value: desk(10, {
        printing: { ...idleQueue, waiting: 2, error_code: 'print.offline', error: 'refused', printer: 'raw:127.0.0.1:9100' },
      }) }),
    };
    render(Station, { backend, session: { ...session, language: 'pl' }, onLogout: () => {} });
    const banner = await screen.findByTestId('print-waiting');
    expect(banner.dataset.code).toBe('print.offline');
    expect(banner.textContent).toContain('2 etykiety czekają na drukarkę');
    expect(banner.textContent).toContain('Drukarka nie odpowiada');
    expect(document.activeElement).toBe(screen.getByTestId('scan-input'));
    i18n.set('en');
  });

  it('offers the printer settings to supervisors only; Escape closes them and the scan field gets the focus back', async () => {
    i18n.set('en');
    const { backend } = fakeBackend();
    const { unmount } = render(Station, { backend, session, onLogout: () => {} });
    expect(screen.queryByTestId('open-printer')).toBeNull();
    unmount();
    render(Station, { backend, session: { ...session, role: 'supervisor' }, onLogout: () => {} });
    await fireEvent.click(screen.getByTestId('open-printer'));
    const panel = await screen.findByTestId('printer-settings');
    await waitFor(() => expect((screen.getByTestId('printer-dir') as HTMLInputElement).value).toBe('/tmp/labels'));
    expect(panel.textContent).toContain('Printer settings');
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('printer-settings')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('scan-input')));
  });
  it('asks about a label that may have printed; confirming or reprinting it is sent to Rust and the banner goes', async () => {
    i18n.set('en');
    let queue: PrintQueueStatus = { ...idleQueue, unsure: [printJob('j1', 'LPN0100000000024'), printJob('j2', 'LPN0100000000031')] };
    const confirmed: string[] = [];
    const reprinted: string[] = [];
    const drop = (id: string) => { queue = { ...queue, unsure: queue.unsure.filter((j) => j.job_id !== id) }; };
    const { backend } = fakeBackend({
      desk: async () => ({ ok: true, value: desk(10, { printing: queue }) }),
      confirmPrinted: async (id) => { confirmed.push(id); drop(id); return { ok: true, value: null }; },
      reprintUnsure: async (id) => { reprinted.push(id); drop(id); return { ok: true, value: 'j3' }; },
    });
    render(Station, { backend, session, onLogout: () => {} });
    await waitFor(() => expect(screen.getAllByTestId('print-unsure')).toHaveLength(2));
    const [first, second] = screen.getAllByTestId('print-unsure');
    expect(first.textContent).toContain('The label for LPN0100000000024 may have printed');
    expect(second.dataset.job).toBe('j2');

    await fireEvent.click(within(first).getByTestId('print-unsure-confirm'));
    await waitFor(() => expect(screen.getAllByTestId('print-unsure')).toHaveLength(1));
    expect(confirmed).toEqual(['j1']);
    await fireEvent.click(within(screen.getByTestId('print-unsure')).getByTestId('print-unsure-reprint'));
    await waitFor(() => expect(screen.queryByTestId('print-unsure')).toBeNull());
    expect(reprinted).toEqual(['j2']);
    expect(screen.queryByTestId('scan-error')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('scan-input')));
  });

  it('says why when a label that may have printed cannot be settled', async () => {
    i18n.set('ro');
    const { backend } = fakeBackend({
      desk: async () => ({ ok: true, value: desk(10, { printing: { ...idleQueue, unsure: [printJob('j1', 'LPN0100000000024')] } }) }),
      confirmPrinted: async () => ({ ok: false, error: { code: 'print.sending', message: 'busy', details: { reason: 'busy' } } }),
    });
    render(Station, { backend, session, onLogout: () => {} });
    await fireEvent.click(await screen.findByTestId('print-unsure-confirm'));
    const shown = await screen.findByTestId('scan-error');
    expect(shown.dataset.code).toBe('print.sending');
    expect(shown.textContent).toContain('Stația trimite sau înregistrează chiar acum această etichetă');
    expect(screen.getByTestId('print-unsure').textContent).toContain('poate s-a tipărit');
    i18n.set('en');
  });

  it('lets a supervisor, and only a supervisor, dismiss the failed labels shown', async () => {
    i18n.set('en');
    let queue: PrintQueueStatus = {
      ...idleQueue, failed: 2, failed_jobs: [printJob('f1', 'LPN1', 'print.job_ended'), printJob('f2', 'LPN2', 'label.render')],
      error_code: 'print.job_ended', error: 'ended',
    };
    const dismissed: string[][] = [];
    const { backend } = fakeBackend({
      desk: async () => ({ ok: true, value: desk(10, { printing: queue }) }),
      dismissFailedPrints: async (ids) => {
        dismissed.push(ids);
        queue = { ...queue, failed: 0, failed_jobs: [], error_code: null, error: null };
        return { ok: true, value: ids.length };
      },
    });
    const { unmount } = render(Station, { backend, session, onLogout: () => {} });
    expect((await screen.findByTestId('print-failed')).textContent).toContain('2 labels could not be printed');
    expect(screen.queryByTestId('print-failed-dismiss')).toBeNull();
    unmount();

    render(Station, { backend, session: { ...session, role: 'supervisor' }, onLogout: () => {} });
    await fireEvent.click(await screen.findByTestId('print-failed-dismiss'));
    await waitFor(() => expect(screen.queryByTestId('print-failed')).toBeNull());
    expect(dismissed).toEqual([['f1', 'f2']]);
  });
  it('F4 opens a parcel without a label; a serial sold twice is chosen by Alt+2, the name search by F7', async () => {
    i18n.set('pl');
    const rma = (id: string, name: string): import('../lib/backend').RmaView => ({
      rma: id, shop: 'demo', order_no: 'ORD-' + id, order_date: '2026-11-18', customer_name: name, customer_erased: false,
      customer_tier: 'standard', status: 'expected',
      lines: [{ line_no: 1, sku: 'HG-GRIND', name: 'Młynek do kawy', quantity: 1, received: 0, serials: ['KV-GR-55102'], stated_reason: null }],
    });
    const unlabelled: import('../lib/backend').ParcelView = {
      parcel_id: 'p1', code: '', code_kind: 'no_label', carrier: null, condition: 'ok', open: true, returns: [], units: [], exceptions: [],
    };
    const searches: string[] = [];
    const base = fakeBackend({
      findReturns: async (name) => {
        searches.push(name);
        return { ok: true, value: name.includes('Petrov') ? [rma('RMA-100004', 'Иван Петров')] : [] };
      },
    });
    const backend: Backend = {
      ...base.backend,
      desk: async () => ({ ok: true, value: desk(10, { parcel: unlabelled }) }),
      scan: async (code, source) => {
        const r = await base.backend.scan(code, source);
        if (r.ok && code.startsWith('(01)')) {
          r.value.matched = null;
          r.value.prompt = { type: 'choose_return', serial: 'KV-GR-55102', candidates: [rma('RMA-100004', 'Иван Петров'), rma('RMA-200301', 'Ola Nordmann')] };
        }
        return r;
      },
    };
    render(Station, { backend, session: { ...session, language: 'pl' }, onLogout: () => {} });
    const input = screen.getByTestId('scan-input');
    await fireEvent.keyDown(input, { key: 'F4', code: 'F4', timeStamp: 10 });
    await waitFor(() => expect(base.scans.map((s) => s.code)).toEqual(['CMD:NOLABEL']));
    expect(base.scans[0].source).toBe('manual');
    const parcelPanel = await screen.findByTestId('parcel');
    await waitFor(() => expect(parcelPanel.textContent).toContain('Paczka bez etykiety'));
    expect(screen.getByTestId('parcel-no-label-hint').textContent).toContain('F7');

    await typeFast(input, '(01)08712345678906(21)KV-GR-55102');
    const prompt = await screen.findByTestId('prompt');
    expect(prompt.dataset.type).toBe('choose_return');
    expect(prompt.textContent).toContain('KV-GR-55102');
    expect(screen.getAllByTestId('return-choice').map((b) => b.dataset.rma)).toEqual(['RMA-100004', 'RMA-200301']);
    // Alt+2 is the second return, sent as if its RMA were scanned.
    await fireEvent.keyDown(input, { key: '2', code: 'Digit2', altKey: true });
    await waitFor(() => expect(base.scans.at(-1)).toEqual({ code: 'RMA-200301', source: 'manual' }));

    // F7: the customer's name, searched and never sent as a scan (the log would keep it).
    const before = base.scans.length;
    await fireEvent.keyDown(input, { key: 'F7', code: 'F7' });
    const find = await screen.findByTestId('find-input');
    await waitFor(() => expect(document.activeElement).toBe(find));
    await fireEvent.input(find, { target: { value: 'Nikt Taki' } });
    await fireEvent.keyDown(find, { key: 'Enter', code: 'Enter' });
    expect((await screen.findByTestId('find-none')).textContent).toContain('Brak otwartego zwrotu dla „Nikt Taki”');
    await fireEvent.input(find, { target: { value: 'Ivan Petrov' } });
    await fireEvent.keyDown(find, { key: 'Enter', code: 'Enter' });
    await waitFor(() => expect(screen.getAllByTestId('return-choice').map((b) => b.dataset.rma)).toContain('RMA-100004'));
    expect(searches).toEqual(['Nikt Taki', 'Ivan Petrov']);
    expect(base.scans.length).toBe(before);
    await fireEvent.keyDown(find, { key: '1', code: 'Digit1', altKey: true });
    await waitFor(() => expect(base.scans.at(-1)).toEqual({ code: 'RMA-100004', source: 'manual' }));
    await waitFor(() => expect(screen.queryByTestId('find-returns')).toBeNull());
    expect(base.scans.some((s) => s.code.includes('Petrov'))).toBe(false);
    i18n.set('en');
  });

  it('asks which parcel a product is in when none is open', async () => {
    i18n.set('en');
    const base = fakeBackend();
    const backend: Backend = {
      ...base.backend,
      scan: async (code, source) => {
        const r = await base.backend.scan(code, source);
        if (r.ok) r.value.prompt = { type: 'no_parcel_open', code };
        return r;
      },
    };
    render(Station, { backend, session, onLogout: () => {} });
    await typeFast(screen.getByTestId('scan-input'), '5901234123457');
    const prompt = await screen.findByTestId('prompt');
    expect(prompt.textContent).toContain('No parcel is open');
    expect(prompt.textContent).toContain('F4');
    expect(screen.getByTestId('scan-result').classList.contains('warn')).toBe(true);
  });
});
