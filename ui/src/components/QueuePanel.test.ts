import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, Queue, QueueAction, QueueFilter, QueueItem, QueueRef } from '../lib/backend';
import { i18n } from '../lib/i18n.svelte';
import QueuePanel from './QueuePanel.svelte';

afterEach(cleanup);

function item(lpn: string, parts: Partial<QueueItem>): QueueItem {
  return {
    kind: 'hold', lpn, episode: `d-${lpn}`, sku: 'EL-PH-15', name: 'Smartphone Nova 15', grade: 'B',
    reason: 'fraud.suspected', channel: 'hold', inspector: 'op-0005', inspector_name: 'Sam Taylor',
    flags: ['serial_mismatch'], assigned_to: null, assigned_name: null, since: '2026-11-23T08:00:00Z',
    due_at: '2026-11-25T08:00:00Z', age_minutes: 60, left_minutes: 47 * 60, state: 'ok', pause_reason: null,
    extended_hours: 0, breached: false, ...parts,
  };
}

const ITEMS: QueueItem[] = [
  item('LPN00100000031', { state: 'breached', left_minutes: -75, breached: true }),
  item('LPN00100000032', { state: 'paused', pause_reason: 'vendor_rga' }),
  item('LPN00100000033', { kind: 'waiting', episode: 'e', reason: null, channel: null, flags: [], left_minutes: 125 }),
];

function backend(calls: { filters: QueueFilter[]; acts: [QueueRef[], QueueAction, string][] }) {
  let items = ITEMS;
  return {
    queue: async (filter: QueueFilter) => {
      calls.filters.push(filter);
      const shown = items.filter((i) => !filter.kinds?.length || filter.kinds.includes(i.kind));
      const q: Queue = {
        items: shown, matching: shown.length,
        counts: [{ kind: 'hold', state: 'breached', n: 1 }, { kind: 'hold', state: 'paused', n: 1 }, { kind: 'waiting', state: 'ok', n: 1 }],
        settings: { hold: { target_hours: 48, warn_hours: 8 }, waiting: { target_hours: 24, warn_hours: 4 }, conflict: { target_hours: 24, warn_hours: 4 }, request: { target_hours: 8, warn_hours: 2 } },
        operators: [{ operator_id: 'op-0001', name: 'Ewa Nowak', role: 'inspector' }],
      };
      return { ok: true, value: q };
    },
    actOnQueue: async (refs: QueueRef[], action: QueueAction, note: string) => {
      calls.acts.push([refs, action, note]);
      if (!note.trim()) return { ok: false, error: { code: 'queue.reason_required', message: 'x', details: {} } };
      items = items.filter((i) => !refs.some((r) => r.lpn === i.lpn));
      return { ok: true, value: { items: refs.length } };
    },
  } as unknown as Backend;
}

describe('Queue panel', () => {
  it('shows time left, how long past the target in red, and a stopped clock with its reason', async () => {
    i18n.set('en');
    render(QueuePanel, { backend: backend({ filters: [], acts: [] }), onClose: () => {} });
    const rows = await screen.findAllByTestId('queue-item');
    expect(rows.map((r) => r.dataset.lpn)).toEqual(['LPN00100000031', 'LPN00100000032', 'LPN00100000033']);
    const clocks = screen.getAllByTestId('queue-clock').map((c) => c.textContent?.trim());
    expect(clocks).toEqual(['1 h 15 min past the target', "Clock stopped: waiting for the vendor's RGA", '2 h 5 min left']);
    expect(rows[0].className).toContain('breached');
    expect(rows[0].textContent).toContain('Hold for suspected fraud');
    expect(rows[0].textContent).toContain('Serial mismatch');
    expect(screen.getByTestId('count-hold-breached').textContent).toBe('1');
    expect(screen.getByTestId('queue-matching').textContent).toBe('3 of 3 shown');
  });

  it('filters by kind and releases the chosen holds with a reason, all in one action', async () => {
    i18n.set('en');
    const calls = { filters: [] as QueueFilter[], acts: [] as [QueueRef[], QueueAction, string][] };
    render(QueuePanel, { backend: backend(calls), onClose: () => {} });
    await screen.findAllByTestId('queue-item');
    await fireEvent.change(screen.getByTestId('queue-filter-kind'), { target: { value: 'hold' } });
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(2));
    expect(calls.filters.at(-1)?.kinds).toEqual(['hold']);
    expect(screen.getByTestId('queue-apply')).toHaveProperty('disabled', true);
    await fireEvent.click(screen.getByTestId('queue-choose-all'));
    expect(screen.getByTestId('queue-apply').textContent).toBe('Apply to 2 chosen');
    await fireEvent.change(screen.getByTestId('queue-release-channel'), { target: { value: 'rtv' } });
    await fireEvent.click(screen.getByTestId('queue-apply'));
    await waitFor(() => expect(screen.getByTestId('queue-error').textContent).toBe('Write the reason for this action.'));
    await fireEvent.input(screen.getByTestId('queue-note'), { target: { value: 'vendor confirmed the serials' } });
    await fireEvent.click(screen.getByTestId('queue-apply'));
    await waitFor(() => expect(screen.getByTestId('queue-done').textContent).toBe('Done for 2 items.'));
    const [refs, action, note] = calls.acts[1];
    expect(refs).toEqual([
      { kind: 'hold', lpn: 'LPN00100000031', episode: 'd-LPN00100000031' },
      { kind: 'hold', lpn: 'LPN00100000032', episode: 'd-LPN00100000032' },
    ]);
    expect(action).toEqual({ action: 'release', channel: 'rtv', refund: null });
    expect(note).toBe('vendor confirmed the serials');
    await waitFor(() => expect(screen.queryAllByTestId('queue-item')).toHaveLength(0));
  });

  it('extends, pauses with a reason and assigns to an operator', async () => {
    i18n.set('pl');
    const calls = { filters: [] as QueueFilter[], acts: [] as [QueueRef[], QueueAction, string][] };
    render(QueuePanel, { backend: backend(calls), onClose: () => {} });
    const choose = await screen.findAllByTestId('queue-choose');
    await fireEvent.click(choose[2]);
    await fireEvent.change(screen.getByTestId('queue-action'), { target: { value: 'assign' } });
    await fireEvent.change(screen.getByTestId('queue-assign-to'), { target: { value: 'op-0001' } });
    await fireEvent.input(screen.getByTestId('queue-note'), { target: { value: 'Ewa zna te' } });
    await fireEvent.click(screen.getByTestId('queue-apply'));
    await waitFor(() => expect(calls.acts).toHaveLength(1));
    expect(calls.acts[0][1]).toEqual({ action: 'assign', operator_id: 'op-0001' });
    expect(calls.acts[0][0].map((r) => r.lpn)).toEqual(['LPN00100000033']);
    expect(screen.getByTestId('queue-done').textContent).toBe('Zrobione dla jednej pozycji.');
    i18n.set('en');
  });
});
