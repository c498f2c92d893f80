import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, PrintRetention, Result } from '../lib/backend';
import { i18n } from '../lib/i18n.svelte';
import RetentionSettings from './RetentionSettings.svelte';

afterEach(() => {
  cleanup();
  i18n.set('en');
});

function fakeBackend(current: PrintRetention, save?: (r: PrintRetention) => Result<null>) {
  const saved: PrintRetention[] = [];
  const backend = {
    printRetention: async () => ({ ok: true, value: current }),
    setPrintRetention: async (r: PrintRetention) => {
      saved.push(r);
      return save ? save(r) : { ok: true, value: null };
    },
  } as unknown as Backend;
  return { backend, saved };
}

const days = () => screen.getByTestId('retention-days') as HTMLInputElement;

describe('Label retention', () => {
  it('shows the station’s retention and saves a new one', async () => {
    const { backend, saved } = fakeBackend({ days: 45 });
    render(RetentionSettings, { backend });
    await waitFor(() => expect(days().value).toBe('45'));
    await fireEvent.input(days(), { target: { value: '7' } });
    await fireEvent.click(screen.getByTestId('retention-save'));
    expect(await screen.findByTestId('retention-saved')).toBeTruthy();
    expect(saved).toEqual([{ days: 7 }]);
  });

  it('says what a number of days must be and sends nothing else', async () => {
    i18n.set('nb');
    const { backend, saved } = fakeBackend({ days: 30 });
    render(RetentionSettings, { backend });
    await waitFor(() => expect(days().disabled).toBe(false));
    for (const bad of ['0', '3651', '2.5', '']) {
      await fireEvent.input(days(), { target: { value: bad } });
      await fireEvent.click(screen.getByTestId('retention-save'));
      expect((await screen.findByTestId('retention-days-problem')).textContent).toBe('Antall dager må være et helt tall fra 1 til 3650.');
      expect(document.activeElement).toBe(days());
    }
    expect(saved).toEqual([]);
  });

  it('shows why Rust refused it, in the operator language', async () => {
    i18n.set('pl');
    const { backend } = fakeBackend({ days: 30 }, () => ({
      ok: false, error: { code: 'auth.forbidden', message: 'this needs the supervisor role', details: { role: 'supervisor' } },
    }));
    render(RetentionSettings, { backend });
    await waitFor(() => expect(days().disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('retention-save'));
    const shown = await screen.findByTestId('retention-error');
    expect(shown.dataset.code).toBe('auth.forbidden');
    expect(screen.queryByTestId('retention-saved')).toBeNull();
  });
});
