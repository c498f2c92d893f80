import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, NewOperator, OperatorChange, OperatorView } from '../lib/backend';
import { i18n } from '../lib/i18n.svelte';
import OperatorsPanel from './OperatorsPanel.svelte';

afterEach(cleanup);

describe('Operators panel', () => {
  it('adds an operator, refuses one without a role, changes a role and sets a new PIN', async () => {
    i18n.set('en');
    let list: OperatorView[] = [
      { operator_id: 'op-0001', badge: 'BADGE-0001', name: 'Ewa Nowak', role: 'inspector', language: 'pl', active: true, locked_until: '2026-12-04T10:00:00Z' },
      { operator_id: 'op-0004', badge: 'BADGE-0004', name: 'Olga Smirnova', role: 'admin', language: 'ru', active: true, locked_until: null },
    ];
    const calls: unknown[] = [];
    const backend = {
      operators: async () => ({ ok: true, value: list }),
      addOperator: async (o: NewOperator) => {
        calls.push(['add', o]);
        if (!o.role) return { ok: false, error: { code: 'operators.role_required', message: 'x', details: {} } };
        const added = { operator_id: 'op-0006', badge: o.badge, name: o.name, role: o.role as OperatorView['role'], language: o.language, active: true, locked_until: null };
        list = [...list, added];
        return { ok: true, value: added };
      },
      changeOperator: async (id: string, change: OperatorChange) => {
        calls.push(['change', id, change]);
        return { ok: true, value: list[0] };
      },
      resetPin: async (id: string, pin: string) => {
        calls.push(['pin', id, pin]);
        return { ok: true, value: null };
      },
    } as unknown as Backend;
    render(OperatorsPanel, { backend, onClose: () => {} });
    const rows = await screen.findAllByTestId('operator');
    expect(rows).toHaveLength(2);
    expect(screen.getByTestId('operator-locked').textContent).toBe('locked after wrong PINs');

    await fireEvent.input(screen.getByTestId('new-badge'), { target: { value: 'BADGE-0042' } });
    await fireEvent.input(screen.getByTestId('new-name'), { target: { value: 'Mihai Popa' } });
    await fireEvent.input(screen.getByTestId('new-pin'), { target: { value: '2468' } });
    await fireEvent.click(screen.getByTestId('new-save'));
    await waitFor(() => expect(screen.getByTestId('operators-error').textContent)
      .toBe("Choose the operator's role: inspector, supervisor or administrator."));
    await fireEvent.change(screen.getByTestId('new-role'), { target: { value: 'inspector' } });
    await fireEvent.change(screen.getByTestId('new-language'), { target: { value: 'ro' } });
    await fireEvent.click(screen.getByTestId('new-save'));
    await waitFor(() => expect(screen.getByTestId('operators-done').textContent).toBe('Mihai Popa added.'));
    expect(calls[1]).toEqual(['add', { badge: 'BADGE-0042', name: 'Mihai Popa', role: 'inspector', language: 'ro', pin: '2468' }]);
    await waitFor(() => expect(screen.getAllByTestId('operator')).toHaveLength(3));

    await fireEvent.change(screen.getAllByTestId('operator-role')[0], { target: { value: 'supervisor' } });
    await waitFor(() => expect(calls).toContainEqual(['change', 'op-0001', { role: 'supervisor' }]));
    await fireEvent.input(screen.getAllByTestId('operator-pin')[0], { target: { value: '8642' } });
    await fireEvent.click(screen.getAllByTestId('operator-pin-save')[0]);
    await waitFor(() => expect(screen.getByTestId('operators-done').textContent).toBe('Ewa Nowak has a new PIN.'));
    expect(calls).toContainEqual(['pin', 'op-0001', '8642']);
  });
});
