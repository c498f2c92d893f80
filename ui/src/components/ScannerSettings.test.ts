import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, WedgeSettings } from '../lib/backend';
import { i18n } from '../lib/i18n.svelte';
import ScannerSettings from './ScannerSettings.svelte';

afterEach(() => {
  cleanup();
  i18n.set('en');
});

function fakeBackend(current: WedgeSettings) {
  const saved: WedgeSettings[] = [];
  const backend = {
    serialPorts: async () => ({ ok: true, value: [] }),
    serialSettings: async () => ({ ok: true, value: null }),
    wedgeSettings: async () => ({ ok: true, value: current }),
    setWedgeSettings: async (s: WedgeSettings) => {
      saved.push(s);
      return { ok: true, value: null };
    },
  } as unknown as Backend;
  return { backend, saved };
}

describe('Scanner settings', () => {
  it("shows the scanner's layout and saves a new one with the rest kept", async () => {
    i18n.set('nb');
    const { backend, saved } = fakeBackend({ max_gap_ms: 30, min_length: 4, suffixes: ['Tab'], gs_stand_in: '~', layout: 'no' });
    render(ScannerSettings, { backend, onClose: () => {} });
    const select = screen.getByTestId('wedge-layout') as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('no'));
    expect([...select.options].map((o) => o.textContent)).toEqual(['Amerikansk (også polsk og rumensk programmerer)', 'Tysk', 'Norsk']);
    await fireEvent.change(select, { target: { value: 'de' } });
    await fireEvent.click(screen.getByText('Lagre', { selector: '#wedge-save' }));
    await waitFor(() => expect(saved).toEqual([{ max_gap_ms: 30, min_length: 4, suffixes: ['Tab'], gs_stand_in: '~', layout: 'de' }]));
  });
});
