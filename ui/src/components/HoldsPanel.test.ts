import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, DecisionView, DispositionChannel, HeldUnit } from '../lib/backend';
import { i18n } from '../lib/i18n.svelte';
import HoldsPanel from './HoldsPanel.svelte';

afterEach(cleanup);

const held: DecisionView = {
  disposition_id: 'd1', lpn: 'LPN00100000023', name: 'Smartphone Nova 15', grade: 'B', channel: 'hold',
  destination: 'TOTE-HOLD', reason: 'fraud.review', rule: 'demo@1#1', recovery_minor: null, currency: 'EUR',
  refund: { kind: 'review', fee_bp: null, amount_minor: null },
  decided_by: 'rule', supersedes: null, note: null, flags: ['serial_mismatch'],
  explanation: [{ key: 'explain-decided', row: 1, args: {
    rule: { kind: 'word', key: 'reason-fraud-suspected', fallback: 'fraud-hold' },
    facts: { kind: 'list', join: 'and', items: [{ kind: 'message', key: 'explain-fact-flags', args: {
      flags: { kind: 'list', join: 'and', items: [{ kind: 'word', key: 'flag-serial_mismatch', fallback: 'serial_mismatch' }] } } }] },
  } }],
  trace: '{}', decided_at: 'now', handle_ms: 9000,
};

describe('Holds panel', () => {
  it('lists held units with why they wait, their age and flags, and overrides with a reason', async () => {
    i18n.set('en');
    let queue: HeldUnit[] = [{ decision: held, age_minutes: 95 }];
    const calls: [string, DispositionChannel, unknown, string][] = [];
    const backend = {
      holds: async () => ({ ok: true, value: queue }),
      overrideDisposition: async (lpn: string, channel: DispositionChannel, refund: unknown, note: string) => {
        calls.push([lpn, channel, refund, note]);
        if (!note.trim()) return { ok: false, error: { code: 'disposition.reason_required', message: 'x', details: {} } };
        queue = [];
        return { ok: true, value: { ...held, channel, decided_by: 'person', note, supersedes: 'd1' } };
      },
    } as unknown as Backend;
    render(HoldsPanel, { backend, onClose: () => {} });
    const row = await screen.findByTestId('hold');
    expect(row.textContent).toContain('waiting 95 min');
    expect(row.textContent).toContain('Serial mismatch');
    expect(screen.getByTestId('hold-why').textContent).toBe('Hold for suspected fraud? Yes: the unit has fraud signals (Serial mismatch).');
    await fireEvent.click(screen.getByTestId('override-save'));
    await waitFor(() => expect(screen.getByTestId('holds-error').textContent).toBe('Write the reason for this decision.'));
    expect(calls[0][2]).toBeNull(); // the refund kept as decided unless one is chosen
    await fireEvent.change(screen.getByTestId('override-channel'), { target: { value: 'rtv' } });
    expect(screen.queryByTestId('override-refund-fee')).toBeNull();
    await fireEvent.change(screen.getByTestId('override-refund'), { target: { value: 'partial' } });
    await fireEvent.input(screen.getByTestId('override-refund-fee'), { target: { value: '12.5' } });
    await fireEvent.input(screen.getByTestId('override-note'), { target: { value: 'vendor confirmed the swap' } });
    await fireEvent.click(screen.getByTestId('override-save'));
    await waitFor(() => expect(screen.queryByTestId('hold')).toBeNull());
    expect(calls[1]).toEqual(['LPN00100000023', 'rtv', { kind: 'partial', fee_bp: 1250 }, 'vendor confirmed the swap']);
    expect(screen.getByText('Decision saved for LPN00100000023.')).toBeTruthy();
  });
});
