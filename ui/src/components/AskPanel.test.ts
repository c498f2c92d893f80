import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, DecisionView, DispositionChannel } from '../lib/backend';
import { i18n } from '../lib/i18n.svelte';
import AskPanel from './AskPanel.svelte';
import fixture from './DecisionPanel.fixture.json';

afterEach(cleanup);

const decision = {
  ...fixture, disposition_id: 'd1', lpn: 'LPN00100000016', name: 'Wireless headphones HP-200', grade: 'B',
  decided_by: 'rule', supersedes: null, note: null, flags: [], trace: '{}', decided_at: 'now', handle_ms: 9000,
} as unknown as DecisionView;

describe('Asking a supervisor', () => {
  it('sends why and the channel chosen to the supervisors\' queue, and says a second ask is refused', async () => {
    i18n.set('pl');
    const sent: [string, DispositionChannel | null, string][] = [];
    const backend = {
      requestOverride: async (lpn: string, channel: DispositionChannel | null, note: string) => {
        sent.push([lpn, channel, note]);
        return sent.length === 1
          ? { ok: true, value: {} }
          : { ok: false, error: { code: 'queue.already_requested', message: 'x', details: {} } };
      },
    } as unknown as Backend;
    render(AskPanel, { backend, decision, onClose: () => {} });
    expect(document.activeElement).toBe(screen.getByTestId('ask-note'));
    await fireEvent.input(screen.getByTestId('ask-note'), { target: { value: 'lewa muszla trzeszczy' } });
    await fireEvent.change(screen.getByTestId('ask-channel'), { target: { value: 'refurbish' } });
    await fireEvent.click(screen.getByTestId('ask-send'));
    await waitFor(() => expect(screen.getByTestId('ask-sent').textContent).toBe('Wysłano: czeka w kolejce kierowników.'));
    expect(sent[0]).toEqual(['LPN00100000016', 'refurbish', 'lewa muszla trzeszczy']);
    cleanup();
    render(AskPanel, { backend, decision, onClose: () => {} });
    await fireEvent.input(screen.getByTestId('ask-note'), { target: { value: 'jeszcze raz' } });
    await fireEvent.click(screen.getByTestId('ask-send'));
    await waitFor(() => expect(screen.getByTestId('ask-error').textContent).toBe('O tę sztukę już zapytano kierownika.'));
    i18n.set('en');
  });
});
