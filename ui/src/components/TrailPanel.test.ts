import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, UnitTrail } from '../lib/backend';
import { i18n } from '../lib/i18n.svelte';
import TrailPanel from './TrailPanel.svelte';

afterEach(() => {
  cleanup();
  i18n.set('en');
});

const entry = (seq: number, kind: string, facts: Record<string, string> = {}, who: string | null = 'Sam Taylor', here = true) => ({
  seq, kind, at: `2026-11-23T08:00:${String(seq).padStart(2, '0')}Z`, operator_id: who ? 'op-0005' : null, operator_name: who,
  stream_id: 's1', here, facts,
});
const trail: UnitTrail = {
  lpn: 'LPN00100000016', rma: 'RMA-100001', parcel_id: 'p1',
  entries: [
    entry(1, 'rma_added', {}, null),
    entry(5, 'parcel_opened', { code: '1Z999AA10123456784', carrier: 'ups' }),
    entry(7, 'unit_received', { sku: 'EL-HP-200', serial: 'HP200-00017', line_no: '1' }),
    entry(12, 'inspected', { grade: 'new-unopened', grading_set: 'electronics' }),
    entry(13, 'decided', { channel: 'restock', decided_by: 'rule', refund: 'full', refund_minor: '8999', currency: 'EUR' }),
    entry(20, 'decided', { channel: 'refurbish', decided_by: 'person', note: 'a scratch', refund: 'review' }, 'Ingrid Hansen', false),
  ],
};

function backend(calls: string[]): Backend {
  return {
    unitTrail: async (lpn: string) => {
      calls.push(lpn);
      return lpn === trail.lpn ? { ok: true, value: trail }
        : { ok: false, error: { code: 'not_found', message: 'x', details: { what: 'unit', id: lpn } } };
    },
  } as unknown as Backend;
}

describe('Trail panel', () => {
  it('shows a scanned LPN\'s history, oldest first, with who and where, in the operator\'s language', async () => {
    i18n.set('en');
    const calls: string[] = [];
    render(TrailPanel, { backend: backend(calls), timeZone: 'Europe/Warsaw', onClose: () => {} });
    const field = screen.getByTestId('trail-lpn') as HTMLInputElement;
    expect(document.activeElement).toBe(field); // a scanner types into it at once
    await fireEvent.input(field, { target: { value: ' LPN00100000016 ' } });
    await fireEvent.submit(field.form!);
    await waitFor(() => expect(screen.getAllByTestId('trail-entry')).toHaveLength(6));
    expect(calls).toEqual(['LPN00100000016']);
    const rows = screen.getAllByTestId('trail-entry').map((r) => r.textContent ?? '');
    expect(rows[0]).toContain('Return expected');
    expect(rows[2]).toContain('Unit received');
    expect(rows[2]).toContain('Sam Taylor');
    expect(rows[2]).toContain('this station');
    expect(rows[3]).toContain('Grade new-unopened');
    expect(rows[4]).toContain('Decided');
    expect(rows[4]).toContain('Restock');
    expect(rows[4]).toContain('€89.99');
    expect(rows[5]).toContain('Ingrid Hansen');
    expect(rows[5]).toContain('another station');
    expect(rows[5]).toContain('a scratch');
    expect(rows[5]).toContain('a supervisor decides');
    // The site's clock: 08:00 UTC is 09:00 in Warsaw.
    expect(rows[0]).toContain('9:00');
    // The field is emptied for the next scan.
    expect(field.value).toBe('');
  });

  it('opens on a unit from the holds panel, says so in Norwegian, and explains an unknown LPN', async () => {
    i18n.set('nb');
    const calls: string[] = [];
    render(TrailPanel, { backend: backend(calls), lpn: 'LPN00100000016', onClose: () => {} });
    await waitFor(() => expect(screen.getAllByTestId('trail-entry')).toHaveLength(6));
    expect(screen.getAllByTestId('trail-entry')[2].textContent).toContain('Enhet mottatt');
    const field = screen.getByTestId('trail-lpn') as HTMLInputElement;
    await fireEvent.input(field, { target: { value: 'LPN09999999999' } });
    await fireEvent.submit(field.form!);
    await waitFor(() => expect(screen.getByTestId('trail-error')).toBeTruthy());
    expect(screen.queryAllByTestId('trail-entry')).toHaveLength(0);
  });
});
