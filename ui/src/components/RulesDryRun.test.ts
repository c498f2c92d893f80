import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, DryRun } from '../lib/backend';
import { i18n } from '../lib/i18n.svelte';
import RulesDryRun from './RulesDryRun.svelte';

afterEach(() => {
  cleanup();
  i18n.set('en');
});

const run: DryRun = {
  table: 'demo', version: 3, compared: 2, currency: 'EUR', recovery_delta_minor: -8399,
  moves: { 'restock → recycle': 1 },
  changed: [
    { lpn: 'LPN00100000016', from: 'restock', to: 'recycle', recovery_from: 8299, recovery_to: -100,
      refund_from: { kind: 'full' }, refund_to: { kind: 'none' }, row: 1 },
    { lpn: 'LPN00100000023', from: 'refurbish', to: 'refurbish', recovery_from: 2347, recovery_to: 2347,
      refund_from: { kind: 'partial', fee_bp: 1000 }, refund_to: { kind: 'review' }, row: 4 },
  ],
};

describe('Trying a rule table', () => {
  it('sends the table and shows what would change, in the operator\'s language; saves nothing', async () => {
    i18n.set('en');
    const sent: string[] = [];
    const backend = {
      dryRunRules: async (json: string) => {
        sent.push(json);
        return json.includes('"half"')
          ? { ok: false, error: { code: 'rules.invalid', message: 'rule table demo, row 1, then.refund: unknown refund "half"', details: {} } }
          : { ok: true, value: run };
      },
    } as unknown as Backend;
    render(RulesDryRun, { backend, onClose: () => {} });
    const go = screen.getByTestId('dry-run-go') as HTMLButtonElement;
    expect(go.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('dry-run-json'), { target: { value: '{"id": "demo", "version": 3}' } });
    await fireEvent.click(go);
    await waitFor(() => expect(screen.getByTestId('dry-run-summary')).toBeTruthy());
    expect(sent).toEqual(['{"id": "demo", "version": 3}']);
    expect(screen.getByTestId('dry-run-summary').textContent)
      .toBe('demo v3: 2 decisions tried, 2 would change; expected recovery -€83.99 in all.');
    expect(screen.getByTestId('dry-run-moves').textContent).toContain('Restock → Recycle: 1');
    const rows = screen.getAllByTestId('dry-run-change').map((r) => r.textContent ?? '');
    expect(rows[0]).toContain('€82.99 → -€1.00');
    expect(rows[0]).toContain('Full → None');
    expect(rows[1]).toContain('Less a restocking fee 10 % → Refund: a supervisor decides');

    // A table that does not validate: the reason, no result.
    await fireEvent.input(screen.getByTestId('dry-run-json'), { target: { value: '{"refund": "half"}' } });
    await fireEvent.click(go);
    await waitFor(() => expect(screen.getByTestId('dry-run-error')).toBeTruthy());
    expect(screen.queryByTestId('dry-run-summary')).toBeNull();
  });

  it('exports the table in force as JDM, tries a GoRules document and saves it as a table for the hub', async () => {
    i18n.set('en');
    const saved: string[] = [];
    const backend = {
      dryRunRules: async () => ({ ok: true, value: run }),
      exportRulesJdm: async () => ({ ok: true, value: '/data/exports/demo-v2.jdm.json' }),
      saveTableFromJdm: async (text: string) => {
        saved.push(text);
        return text.includes('collect')
          ? { ok: false, error: { code: 'rules.jdm_unsupported', message: 'x', details: { reason: "hit policy `collect`: Redock's tables are first hit (`first`)" } } }
          : { ok: true, value: '/data/exports/demo-v3.json' };
      },
    } as unknown as Backend;
    render(RulesDryRun, { backend, onClose: () => {} });
    await fireEvent.click(screen.getByTestId('dry-run-jdm-export'));
    await waitFor(() => expect(screen.getByTestId('dry-run-saved').textContent)
      .toBe('Saved as /data/exports/demo-v2.jdm.json: open it in the GoRules editor.'));
    expect(screen.queryByTestId('dry-run-jdm-save')).toBeNull();
    const jdm = '{"nodes": [{"type": "decisionTableNode", "content": {"hitPolicy": "first"}}], "edges": []}';
    await fireEvent.input(screen.getByTestId('dry-run-json'), { target: { value: jdm } });
    expect(screen.getByTestId('dry-run-jdm').textContent).toContain('GoRules JDM document');
    await fireEvent.click(screen.getByTestId('dry-run-jdm-save'));
    await waitFor(() => expect(screen.getByTestId('dry-run-saved').textContent)
      .toBe('Saved as /data/exports/demo-v3.json: put it at the hub (redock hub admin rules).'));
    expect(saved).toEqual([jdm]);
    await fireEvent.input(screen.getByTestId('dry-run-json'), { target: { value: jdm.replace('first', 'collect') } });
    await fireEvent.click(screen.getByTestId('dry-run-jdm-save'));
    await waitFor(() => expect(screen.getByTestId('dry-run-error').textContent)
      .toBe("Redock's tables cannot hold this: hit policy `collect`: Redock's tables are first hit (`first`)"));
  });
});
