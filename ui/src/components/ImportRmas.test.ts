import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../lib/backend';
import { i18n } from '../lib/i18n.svelte';
import ImportRmas from './ImportRmas.svelte';

afterEach(cleanup);

describe('RMA import', () => {
  it('sends the file as bytes and shows the report with row errors by line', async () => {
    i18n.set('en');
    let sent: number[] = [];
    const backend = {
      importRmas: async (csv: number[]) => {
        sent = csv;
        return { ok: true as const, value: { encoding: 'windows-1250', imported: ['RMA-200101'], rows_read: 3,
          errors: [{ line: 3, rma: 'RMA-200102', code: 'unknown-sku', details: { sku: 'X' },
            reason: 'SKU "X" is not known to the station' }] } };
      },
    } as unknown as Backend;
    render(ImportRmas, { backend, onClose: () => {} });
    const input = document.getElementById('import-file') as HTMLInputElement;
    const file = new File([new Uint8Array([0xc5, 0x81, 0x2c])], 'r.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file] });
    await fireEvent.change(input);
    expect((await screen.findByTestId('import-result')).textContent).toBe('1 returns imported from 3 rows. Read as windows-1250.');
    expect(sent).toEqual([0xc5, 0x81, 0x2c]);
    expect(screen.getByText('Line 3: SKU “X” is not known to the station')).toBeTruthy();
  });

  it('shows a refused file in the operator language', async () => {
    i18n.set('pl');
    const backend = {
      importRmas: async () => ({ ok: false as const,
        error: { code: 'import.refused', message: 'x', details: { reason: 'the file is empty' } } }),
    } as unknown as Backend;
    render(ImportRmas, { backend, onClose: () => {} });
    const input = document.getElementById('import-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File([], 'e.csv')] });
    await fireEvent.change(input);
    expect((await screen.findByRole('alert')).textContent).toContain('Nie można zaimportować pliku');
    i18n.set('en');
  });

  it('says which line gives an unsure code page away, in the operator language', async () => {
    i18n.set('ru');
    const backend = {
      importRmas: async () => ({ ok: false as const,
        error: { code: 'import.encoding_unsure', message: 'x',
          details: { line: '2', guess: 'windows-1252', sample: 'RMA-200009,demo,Ann¤ Kowalsk¤' } } }),
    } as unknown as Backend;
    render(ImportRmas, { backend, onClose: () => {} });
    const input = document.getElementById('import-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File([new Uint8Array([0xa4])], 'x.csv')] });
    await fireEvent.change(input);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('строка 2');
    expect(alert.textContent).toContain('Ann¤ Kowalsk¤');
    i18n.set('en');
  });
});
