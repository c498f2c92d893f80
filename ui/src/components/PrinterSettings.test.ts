import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, CupsQueue, PrinterSettings as Settings, Result, TestPrint, UiError } from '../lib/backend';
import { i18n } from '../lib/i18n.svelte';
import PrinterSettings from './PrinterSettings.svelte';

afterEach(() => {
  cleanup();
  i18n.set('en');
});

const folder: Settings = { printer: { kind: 'folder', dir: '/srv/labels' }, format: 'pdf', template: '100x150mm', dpi: 203 };

/// A stand-in for Rust: records what was sent, answers what the test says.
function fakeBackend(opts: {
  current?: Settings;
  save?: (s: Settings) => Result<null> | Promise<Result<null>>;
  queues?: (server: string | null) => Result<CupsQueue[]> | Promise<Result<CupsQueue[]>>;
  test?: (s: Settings) => Result<TestPrint> | Promise<Result<TestPrint>>;
} = {}) {
  const saved: Settings[] = [];
  const tested: Settings[] = [];
  const listed: (string | null)[] = [];
  const backend = {
    printerSettings: async () => ({ ok: true, value: opts.current ?? folder }),
    setPrinterSettings: async (s: Settings) => {
      saved.push(s);
      return opts.save ? opts.save(s) : { ok: true, value: null };
    },
    cupsQueues: async (server: string | null) => {
      listed.push(server);
      return opts.queues ? opts.queues(server) : { ok: true, value: [] };
    },
    testPrint: async (s: Settings) => {
      tested.push(s);
      return opts.test ? opts.test(s) : { ok: false, error: { code: 'print.offline', message: 'x', details: {} } };
    },
    serialPorts: async () => ({ ok: true, value: [{ name: '/dev/ttyUSB0', description: 'USB serial' }] }),
  } as unknown as Backend;
  return { backend, saved, tested, listed };
}

const value = (id: string) => (screen.getByTestId(id) as HTMLInputElement | HTMLSelectElement).value;
const type = (id: string, text: string) => fireEvent.input(screen.getByTestId(id), { target: { value: text } });
const pick = (id: string, v: string) => fireEvent.change(screen.getByTestId(id), { target: { value: v } });
const zebra: CupsQueue = { name: 'zebra', info: 'Dock 1 Zebra', make_and_model: null, state: 'idle', accepting_jobs: true };
/// An answer the test gives when it says so.
function later<T>() {
  let answer!: (v: T) => void;
  const promise = new Promise<T>((resolve) => (answer = resolve));
  return { promise, answer };
}
const offline: UiError = { code: 'print.offline', message: 'cups localhost:631 is offline: connecting: refused', details: { reason: 'x' } };

describe('Printer settings', () => {
  it('shows the station’s current printer when it opens', async () => {
    const current: Settings = {
      printer: { kind: 'raw', host: '10.0.0.7', port: 6101, timeout_ms: 3000 }, format: 'zpl', template: '4x6in', dpi: 300,
    };
    render(PrinterSettings, { backend: fakeBackend({ current }).backend, onClose: () => {} });
    await waitFor(() => expect(value('printer-host')).toBe('10.0.0.7'));
    expect(value('printer-kind')).toBe('raw');
    expect(value('printer-port')).toBe('6101');
    expect(value('printer-raw-timeout')).toBe('3000');
    expect(value('printer-format')).toBe('zpl');
    expect(value('printer-template')).toBe('4x6in');
    expect(value('printer-dpi')).toBe('300');
    expect((screen.getByTestId('printer-dpi') as HTMLSelectElement).disabled).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('printer-kind')));
  });

  it('shows the fields of the printer type chosen', async () => {
    render(PrinterSettings, { backend: fakeBackend().backend, onClose: () => {} });
    await waitFor(() => expect(value('printer-dir')).toBe('/srv/labels'));
    // PDF needs no resolution.
    expect((screen.getByTestId('printer-dpi') as HTMLSelectElement).disabled).toBe(true);
    const fields = ['printer-dir', 'printer-cups-queue', 'printer-cups-server', 'printer-host', 'printer-port', 'printer-serial-path', 'printer-baud'];
    const shown = () => fields.filter((f) => screen.queryByTestId(f) !== null);
    expect(shown()).toEqual(['printer-dir']);
    await pick('printer-kind', 'cups');
    expect(shown()).toEqual(['printer-cups-queue', 'printer-cups-server']);
    await pick('printer-kind', 'raw');
    expect(shown()).toEqual(['printer-host', 'printer-port']);
    expect(value('printer-port')).toBe('9100');
    await pick('printer-kind', 'serial');
    expect(shown()).toEqual(['printer-serial-path', 'printer-baud']);
    expect(value('printer-baud')).toBe('9600');
    expect(screen.getByTestId('printer-kind').textContent).toContain('Network printer (port 9100)');
  });

  it('saves exactly the settings on screen', async () => {
    const { backend, saved } = fakeBackend();
    render(PrinterSettings, { backend, onClose: () => {} });
    await waitFor(() => expect(value('printer-dir')).toBe('/srv/labels'));
    await pick('printer-kind', 'raw');
    await type('printer-host', ' 10.0.0.9 ');
    await pick('printer-format', 'zpl');
    await pick('printer-template', 'unit-2x1in');
    await pick('printer-dpi', '300');
    await fireEvent.click(screen.getByTestId('printer-save'));
    await screen.findByTestId('printer-saved');
    expect(saved).toEqual([
      { printer: { kind: 'raw', host: '10.0.0.9', port: 9100, timeout_ms: 5000 }, format: 'zpl', template: 'unit-2x1in', dpi: 300 },
    ]);
    expect(JSON.stringify(saved[0])).toBe(
      '{"printer":{"kind":"raw","host":"10.0.0.9","port":9100,"timeout_ms":5000},"format":"zpl","template":"unit-2x1in","dpi":300}',
    );

    await pick('printer-kind', 'serial');
    await type('printer-serial-path', '/dev/ttyUSB0');
    await pick('printer-baud', '115200');
    await fireEvent.click(screen.getByTestId('printer-save'));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved[1].printer).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baud: 115200, timeout_ms: 5000 });

    await pick('printer-kind', 'folder');
    await fireEvent.click(screen.getByTestId('printer-save'));
    await waitFor(() => expect(saved).toHaveLength(3));
    expect(saved[2]).toEqual({ printer: { kind: 'folder', dir: '/srv/labels' }, format: 'zpl', template: 'unit-2x1in', dpi: 300 });
  });

  it('shows a refused save in the operator’s language', async () => {
    i18n.set('pl');
    let answer: UiError = { code: 'auth.forbidden', message: 'this needs the supervisor role', details: { role: 'supervisor' } };
    const { backend } = fakeBackend({ save: () => ({ ok: false, error: answer }) });
    render(PrinterSettings, { backend, onClose: () => {} });
    await waitFor(() => expect(value('printer-dir')).toBe('/srv/labels'));
    await fireEvent.click(screen.getByTestId('printer-save'));
    const refused = await screen.findByTestId('printer-error');
    expect(refused.dataset.code).toBe('auth.forbidden');
    expect(refused.textContent).not.toContain('this needs the supervisor role');
    expect(refused.textContent).toBe(i18n.error(answer));
    expect(screen.queryByTestId('printer-saved')).toBeNull();

    i18n.set('en');
    answer = { code: 'config.invalid', message: 'x', details: { reason: 'printer: printer configuration: the host is empty' } };
    await fireEvent.click(screen.getByTestId('printer-save'));
    await waitFor(() => expect(screen.getByTestId('printer-error').textContent).toBe(
      'The station\'s configuration is invalid: printer: printer configuration: the host is empty',
    ));
  });

  it('sends a test label to the settings on screen without saving them, and says where it went', async () => {
    const { backend, saved, tested } = fakeBackend({
      test: (s) => ({ ok: true, value: s.printer.kind === 'folder'
        ? { job_id: 'test-1', device: 'folder /tmp/try', sent: { kind: 'file', path: '/tmp/try/test-1.pdf', bytes: 2048 } }
        : { job_id: 'test-2', device: 'cups zebra@localhost:631', sent: { kind: 'cups', queue: 'zebra', server: 'localhost:631', job_id: 1234, state: 'pending' } } }),
    });
    render(PrinterSettings, { backend, onClose: () => {} });
    await waitFor(() => expect(value('printer-dir')).toBe('/srv/labels'));
    await type('printer-dir', '/tmp/try');
    await fireEvent.click(screen.getByTestId('printer-test'));
    expect((await screen.findByTestId('printer-tested')).textContent).toBe('Test label written to /tmp/try/test-1.pdf');
    expect(tested).toEqual([{ ...folder, printer: { kind: 'folder', dir: '/tmp/try' } }]);
    expect(saved).toEqual([]);

    await pick('printer-kind', 'cups');
    await type('printer-cups-queue', 'zebra');
    await fireEvent.click(screen.getByTestId('printer-test'));
    await waitFor(() => expect(screen.getByTestId('printer-tested').textContent)
      .toBe('Test label sent to CUPS queue zebra as job 1234.'));
    expect(tested[1].printer).toEqual({ kind: 'cups', queue: 'zebra' });
  });

  it('shows why a test label did not print, translated, with the printer’s own words', async () => {
    i18n.set('ru');
    const { backend } = fakeBackend({ test: () => ({ ok: false, error: offline }) });
    render(PrinterSettings, { backend, onClose: () => {} });
    await waitFor(() => expect(value('printer-dir')).toBe('/srv/labels'));
    await fireEvent.click(screen.getByTestId('printer-test'));
    const failed = await screen.findByTestId('printer-test-error');
    expect(failed.dataset.code).toBe('print.offline');
    expect(failed.textContent).toContain('Пробная этикетка не напечатана');
    expect(failed.textContent).toContain('Принтер не отвечает');
    expect(failed.textContent).toContain('connecting: refused');
  });

  it('lists the CUPS queues to pick from, and the queue can be typed when CUPS does not answer', async () => {
    let reachable = false;
    const queues: CupsQueue[] = [
      { name: 'zebra', info: 'Dock 1 Zebra', make_and_model: null, state: 'idle', accepting_jobs: true },
      { name: 'office', info: null, make_and_model: 'HP LaserJet', state: 'stopped', accepting_jobs: false },
    ];
    const { backend, saved, listed } = fakeBackend({
      queues: () => (reachable ? { ok: true, value: queues } : { ok: false, error: offline }),
    });
    render(PrinterSettings, { backend, onClose: () => {} });
    await waitFor(() => expect(value('printer-dir')).toBe('/srv/labels'));
    await pick('printer-kind', 'cups');
    const unreachable = await screen.findByTestId('printer-cups-error');
    expect(unreachable.textContent).toContain('CUPS does not answer on localhost:631. You can still type the queue name.');
    expect(screen.queryByTestId('printer-cups-pick')).toBeNull();
    expect(listed).toEqual([null]);
    await type('printer-cups-queue', 'zebra-typed');
    await fireEvent.click(screen.getByTestId('printer-save'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].printer).toEqual({ kind: 'cups', queue: 'zebra-typed' });

    // The scheduler comes back (or another one is named): Refresh fills the list.
    reachable = true;
    await type('printer-cups-server', '10.0.0.5:631');
    await fireEvent.click(screen.getByTestId('printer-cups-refresh'));
    const list = await screen.findByTestId('printer-cups-pick');
    expect(listed).toEqual([null, '10.0.0.5:631']);
    expect(screen.queryByTestId('printer-cups-error')).toBeNull();
    expect(list.textContent).toContain('zebra — Dock 1 Zebra');
    expect(list.textContent).toContain('office — HP LaserJet (stopped, not accepting jobs)');
    await pick('printer-cups-pick', 'office');
    expect(value('printer-cups-queue')).toBe('office');
    await fireEvent.click(screen.getByTestId('printer-save'));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved[1].printer).toEqual({ kind: 'cups', queue: 'office', server: '10.0.0.5:631' });
  });

  it('closes with Escape and with Close', async () => {
    let closed = 0;
    render(PrinterSettings, { backend: fakeBackend().backend, onClose: () => (closed += 1) });
    await waitFor(() => expect(value('printer-dir')).toBe('/srv/labels'));
    await fireEvent.keyDown(screen.getByTestId('printer-dir'), { key: 'Escape' });
    expect(closed).toBe(1);
    await fireEvent.click(screen.getByTestId('printer-close'));
    expect(closed).toBe(2);
  });

  it('does not close while a save or a test print runs, so its answer is seen', async () => {
    let closed = 0;
    const saving = later<Result<null>>();
    const testing = later<Result<TestPrint>>();
    const { backend, saved } = fakeBackend({ save: () => saving.promise, test: () => testing.promise });
    render(PrinterSettings, { backend, onClose: () => (closed += 1) });
    await waitFor(() => expect(value('printer-dir')).toBe('/srv/labels'));
    const close = screen.getByTestId('printer-close') as HTMLButtonElement;

    await fireEvent.click(screen.getByTestId('printer-save'));
    expect(saved).toHaveLength(1);
    await fireEvent.keyDown(screen.getByTestId('printer-dir'), { key: 'Escape' });
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(close.disabled).toBe(true);
    await fireEvent.click(close);
    expect(closed).toBe(0);
    expect(screen.getByTestId('printer-settings')).toBeTruthy();

    saving.answer({ ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'supervisor' } } });
    const refused = await screen.findByTestId('printer-error');
    expect(refused.dataset.code).toBe('auth.forbidden');
    expect(close.disabled).toBe(false);

    await fireEvent.click(screen.getByTestId('printer-test'));
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(close.disabled).toBe(true);
    expect(closed).toBe(0);
    testing.answer({ ok: false, error: offline });
    await screen.findByTestId('printer-test-error');

    // An Escape that ends an input method's composition is not for the panel.
    await fireEvent.keyDown(screen.getByTestId('printer-dir'), { key: 'Escape', isComposing: true });
    expect(closed).toBe(0);
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(closed).toBe(1);
  });

  it('does not offer the queues of the previous CUPS server once another one is typed', async () => {
    const { backend, saved, listed } = fakeBackend({
      queues: (server) => ({ ok: true, value: server === null ? [zebra] : [] }),
    });
    render(PrinterSettings, { backend, onClose: () => {} });
    await waitFor(() => expect(value('printer-dir')).toBe('/srv/labels'));
    await pick('printer-kind', 'cups');
    expect((await screen.findByTestId('printer-cups-pick')).textContent).toContain('zebra — Dock 1 Zebra');

    await type('printer-cups-server', '10.0.0.5:631');
    expect(screen.queryByTestId('printer-cups-pick')).toBeNull();
    expect(screen.queryByTestId('printer-cups-none')).toBeNull();
    expect(screen.queryByTestId('printer-cups-error')).toBeNull();
    expect(listed).toEqual([null]);
    // The queue can still be typed and saved for the new server.
    await type('printer-cups-queue', 'dock2');
    await fireEvent.click(screen.getByTestId('printer-save'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].printer).toEqual({ kind: 'cups', queue: 'dock2', server: '10.0.0.5:631' });

    await fireEvent.click(screen.getByTestId('printer-cups-refresh'));
    expect((await screen.findByTestId('printer-cups-none')).textContent)
      .toBe('CUPS has no queues on 10.0.0.5:631. Type the queue name.');
    expect(listed).toEqual([null, '10.0.0.5:631']);
    await type('printer-cups-server', '10.0.0.6:631');
    expect(screen.queryByTestId('printer-cups-none')).toBeNull();
  });

  it('drops a queue list that arrives for a server no longer typed', async () => {
    const slow = later<Result<CupsQueue[]>>();
    const { backend, listed } = fakeBackend({ queues: (server) => (server === null ? slow.promise : { ok: true, value: [] }) });
    render(PrinterSettings, { backend, onClose: () => {} });
    await waitFor(() => expect(value('printer-dir')).toBe('/srv/labels'));
    await pick('printer-kind', 'cups');
    expect(listed).toEqual([null]);
    await type('printer-cups-server', '10.0.0.5:631');
    // Refresh need not wait for the old server's answer.
    expect((screen.getByTestId('printer-cups-refresh') as HTMLButtonElement).disabled).toBe(false);
    slow.answer({ ok: true, value: [zebra] });
    await slow.promise;
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByTestId('printer-cups-pick')).toBeNull();
    expect(screen.queryByTestId('printer-cups-none')).toBeNull();
  });

  it('drops what was said about the previous settings once a field is edited', async () => {
    let refuse = false;
    const { backend, saved, tested } = fakeBackend({
      save: () => (refuse ? { ok: false, error: { code: 'auth.forbidden', message: 'x', details: { role: 'supervisor' } } } : { ok: true, value: null }),
      test: () => ({ ok: true, value: { job_id: 't', device: 'raw 10.0.0.7:9100', sent: { kind: 'raw', bytes: 812 } } as TestPrint }),
    });
    render(PrinterSettings, { backend, onClose: () => {} });
    await waitFor(() => expect(value('printer-dir')).toBe('/srv/labels'));
    await pick('printer-kind', 'raw');
    await type('printer-host', '10.0.0.7');

    await fireEvent.click(screen.getByTestId('printer-save'));
    await screen.findByTestId('printer-saved');
    await type('printer-host', '10.0.0.8');
    expect(screen.queryByTestId('printer-saved')).toBeNull();

    await fireEvent.click(screen.getByTestId('printer-test'));
    await screen.findByTestId('printer-tested');
    await pick('printer-format', 'zpl');
    expect(screen.queryByTestId('printer-tested')).toBeNull();
    await fireEvent.click(screen.getByTestId('printer-test'));
    await screen.findByTestId('printer-tested');
    await type('printer-port', '6101');
    expect(screen.queryByTestId('printer-tested')).toBeNull();

    refuse = true;
    await fireEvent.click(screen.getByTestId('printer-save'));
    await screen.findByTestId('printer-error');
    await type('printer-raw-timeout', '3000');
    expect(screen.queryByTestId('printer-error')).toBeNull();

    await fireEvent.click(screen.getByTestId('printer-save'));
    await screen.findByTestId('printer-error');
    await fireEvent.click(screen.getByTestId('printer-test'));
    expect(screen.queryByTestId('printer-error')).toBeNull();
    await screen.findByTestId('printer-tested');
    expect(saved).toHaveLength(3);
    expect(tested).toHaveLength(3);
  });

  it('checks the port, the timeouts and the speed before sending anything', async () => {
    const { backend, saved, tested } = fakeBackend();
    render(PrinterSettings, { backend, onClose: () => {} });
    await waitFor(() => expect(value('printer-dir')).toBe('/srv/labels'));
    await pick('printer-kind', 'raw');
    await type('printer-host', '10.0.0.7');
    await type('printer-port', '70000');
    expect(screen.queryByTestId('printer-port-problem')).toBeNull();
    await fireEvent.click(screen.getByTestId('printer-save'));
    const problem = await screen.findByTestId('printer-port-problem');
    expect(problem.textContent).toBe('The port must be a whole number from 1 to 65535.');
    const portField = screen.getByTestId('printer-port');
    expect(portField.getAttribute('aria-invalid')).toBe('true');
    expect(portField.getAttribute('aria-describedby')).toBe('printer-port-problem');
    expect(document.activeElement).toBe(portField);
    await fireEvent.click(screen.getByTestId('printer-test'));
    expect(saved).toEqual([]);
    expect(tested).toEqual([]);

    for (const bad of ['-5', '5000.5', '0', '']) {
      await type('printer-port', bad);
      expect(screen.getByTestId('printer-port-problem'), bad).toBeTruthy();
    }
    await type('printer-port', '6101');
    expect(screen.queryByTestId('printer-port-problem')).toBeNull();
    for (const bad of ['0', '-1', '2.5']) {
      await type('printer-raw-timeout', bad);
      await fireEvent.click(screen.getByTestId('printer-save'));
      expect(screen.getByTestId('printer-raw-timeout-problem').textContent, bad)
        .toBe('The timeout must be a whole number of milliseconds, at least 1.');
    }
    expect(saved).toEqual([]);
    await type('printer-raw-timeout', '1');
    await fireEvent.click(screen.getByTestId('printer-save'));
    await screen.findByTestId('printer-saved');
    expect(saved).toEqual([{ ...folder, printer: { kind: 'raw', host: '10.0.0.7', port: 6101, timeout_ms: 1 } }]);

    await pick('printer-kind', 'serial');
    await type('printer-serial-path', '/dev/ttyUSB0');
    await type('printer-serial-timeout', '0');
    await fireEvent.click(screen.getByTestId('printer-test'));
    expect(screen.getByTestId('printer-serial-timeout-problem')).toBeTruthy();
    expect(tested).toEqual([]);
  });

  it('does not send a speed the serial port cannot take', async () => {
    i18n.set('pl');
    const current: Settings = { ...folder, printer: { kind: 'serial', path: '/dev/ttyUSB0', baud: 0, timeout_ms: 5000 } };
    const { backend, saved } = fakeBackend({ current });
    render(PrinterSettings, { backend, onClose: () => {} });
    await waitFor(() => expect(value('printer-serial-path')).toBe('/dev/ttyUSB0'));
    await fireEvent.click(screen.getByTestId('printer-save'));
    expect(screen.getByTestId('printer-baud-problem').textContent).toBe(i18n.t('printer-baud-invalid'));
    expect(i18n.t('printer-baud-invalid')).toContain('Prędkość');
    expect(saved).toEqual([]);
    await pick('printer-baud', '19200');
    expect(screen.queryByTestId('printer-baud-problem')).toBeNull();
    await fireEvent.click(screen.getByTestId('printer-save'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].printer).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baud: 19200, timeout_ms: 5000 });
  });
});
