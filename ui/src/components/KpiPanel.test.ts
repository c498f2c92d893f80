import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, Kpis } from '../lib/backend';
import { i18n } from '../lib/i18n.svelte';
import KpiPanel from './KpiPanel.svelte';

afterEach(cleanup);

const KPIS: Kpis = {
  from: '2026-11-23', to: '2026-11-24', time_zone: 'Europe/Warsaw', units: 3, hours: 2, units_per_hour: 1.5,
  inspectors: [{ operator_id: 'op-0005', name: 'Sam Taylor', units: 3, hours: 2, units_per_hour: 1.5, mean_handle_s: 31.7 }],
  handle: [{ grading_set: 'electronics', units: 3, mean_handle_s: 31.7, buckets: [1, 1, 0, 1, 0, 0] }],
  channels: [
    { channel: 'restock', by_rule: 2, by_person: 0, recovery: [{ minor: 10998, currency: 'EUR' }] },
    { channel: 'refurbish', by_rule: 0, by_person: 1, recovery: [] },
  ],
  reasons_by_sku: [{ key: 'EL-HP-200', name: 'Wireless headphones HP-200', stated: 'defective', found: null, units: 1 }],
  reasons_by_vendor: [{ key: 'Sonora', name: null, stated: 'defective', found: null, units: 1 }],
  fraud: [{ key: 'serial_mismatch', n: 1 }],
  breaches: [{ key: 'waiting', n: 1 }],
  per_day: [{ date: '2026-11-23', units: 2 }, { date: '2026-11-24', units: 1 }],
};

describe('KPI panel', () => {
  it('shows a range\'s numbers, refuses a bad range with the reason, and exports CSV', async () => {
    i18n.set('en');
    const asked: [string, string][] = [];
    const backend = {
      kpis: async (from: string, to: string) => {
        asked.push([from, to]);
        if (to < from) return { ok: false, error: { code: 'kpi.range_invalid', message: 'x', details: { reason: 'the range ends before it starts' } } };
        return { ok: true, value: KPIS };
      },
      exportKpis: async (from: string, to: string) => ({ ok: true, value: `/data/exports/kpis-${from}-${to}.csv` }),
    } as unknown as Backend;
    render(KpiPanel, { backend, timeZone: 'Europe/Warsaw', onClose: () => {} });
    const summary = await screen.findByTestId('kpi-summary');
    expect(summary.textContent).toBe('3 units in 2 working hours: 1.5 an hour');
    // The default range is the last seven days, today included, in the site's calendar.
    const [from, to] = asked[0];
    expect((Date.parse(to) - Date.parse(from)) / 86_400_000).toBe(6);
    expect(screen.getByTestId('kpi-inspectors').textContent).toContain('Sam Taylor');
    expect(screen.getByTestId('kpi-mix').textContent).toContain('€109.98');
    expect(screen.getByTestId('kpi-fraud').textContent).toBe('Serial mismatch: 1');
    expect(screen.getByTestId('kpi-breaches').textContent).toBe('Waiting for inspection: 1');
    expect(screen.getByTestId('kpi-chart')).toBeTruthy();

    await fireEvent.input(screen.getByTestId('kpi-from'), { target: { value: '2026-11-25' } });
    await fireEvent.input(screen.getByTestId('kpi-to'), { target: { value: '2026-11-24' } });
    await fireEvent.click(screen.getByTestId('kpi-show'));
    await waitFor(() => expect(screen.getByTestId('kpi-error').textContent)
      .toBe('That date range cannot be shown: the range ends before it starts'));
    await fireEvent.input(screen.getByTestId('kpi-from'), { target: { value: '2026-11-23' } });
    await fireEvent.click(screen.getByTestId('kpi-export'));
    await waitFor(() => expect(screen.getByTestId('kpi-exported').textContent).toBe('Saved as /data/exports/kpis-2026-11-23-2026-11-24.csv'));
  });
});
