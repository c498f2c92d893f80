import { FluentBundle, FluentResource } from '@fluent/bundle';
import { describe, expect, it } from 'vitest';
import { ftlSource, i18n, LOCALES } from './i18n.svelte';

function ids(locale: string): string[] {
  const text = ftlSource(locale);
  expect(text, `${locale}.ftl missing`).toBeTruthy();
  const res = new FluentResource(text ?? '');
  // FluentResource skips junk silently; count message starts in the text to catch a broken entry.
  const declared = (text ?? '').split('\n').filter((l) => /^[a-zA-Z][\w-]*\s*=/.test(l)).length;
  const parsed = res.body.map((m) => m.id);
  expect(parsed.length, `${locale}.ftl has entries that do not parse`).toBe(declared);
  return parsed;
}

// Values allowed to read the same as English (names and codes).
const SAME_AS_ENGLISH = new Set([
  // patterns of variables only
  'station-operator', 'station-name', 'line-status', 'scanner-connected', 'suffix-cr', 'suffix-crlf',
  'queue-hm', 'kpi-export', 'app-title', 'kind-ean13', 'kind-upca', 'kind-ean8', 'kind-gtin14', 'kind-digital_link', 'tier-vip', 'login-pin-label',
  // marketplace names
  'inspect-scale-amazon', 'inspect-scale-ebay',
]);

describe('translations', () => {
  const en = ids('en');
  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    it(`${locale} has exactly the English keys`, () => {
      expect([...ids(locale)].sort()).toEqual([...en].sort());
    });
    it(`${locale} translates every message`, () => {
      const bundle = (l: string) => {
        const b = new FluentBundle(l, { useIsolating: false });
        b.addResource(new FluentResource(ftlSource(l) ?? ''));
        return b;
      };
      const [b, e] = [bundle(locale), bundle('en')];
      const args = { count: 3, remaining: 2, name: 'X', role: 'r', station: 's', site: 'S', text: 't', len: 5000,
        max: 4096, char: 'U+0007', position: 2, found: 2, known: 1, reason: 'r', badge: 'b', until: 'u', what: 'w',
        id: 'i', code: 'C', port: 'P', discarded: 9, imported: 2, rows: 3, line: 4, field: 'f', value: 'v', shop: 'sh', sku: 'k', serials: 2, serial: 'SN', quantity: 1, first: 2, line_no: 3, rma: 'RM', rmas: 'R', category: 'c', tier: 't', date: 'd', order: 'o', qty: 1, received: 0, lpn: 'L', status: 's',
        set: 'el', version: 1, number: 1, grade: 'A', rate: '4.2', destination: 'BIN-RS', amount: '€1', rule: 'demo@1#3', note: 'n', minutes: 5, row: 2,
        path: '/p', queue: 'q', job: '7', device: 'dev', bytes: '9', server: 'srv', lpns: 'L1, L2', key: 'printer', encoding: 'windows-1250', guess: 'windows-1252', sample: 'Ann¤',
        fact: 'f', needs: 'n', facts: 'fs', channel: 'Ch', axis: 'hygiene', currency: 'PLN', days: 3, left: 3, ago: 3,
        credit: '90%', flags: 'Empty box', op: 'lt', expected: 'B', limit: 3, low: 1, high: 5, table: 'EUR', unit: 'PLN',
        since: '11:40', at: '12:03', hours: 3, time: '2 h 5 min', shown: 2, matching: 9, units: 12, fee: 15, compared: 3, changed: 1, delta: '€1' };
      const same: string[] = [];
      for (const id of en) {
        const errors: Error[] = [];
        const mine = b.formatPattern(b.getMessage(id)!.value!, args, errors);
        expect(errors, `${locale} ${id}`).toEqual([]);
        if (!SAME_AS_ENGLISH.has(id) && mine === e.formatPattern(e.getMessage(id)!.value!, args)) same.push(id);
      }
      expect(same, `${locale}: left in English`).toEqual([]);
    });
  }

  it('translates station errors by code with their details', () => {
    i18n.set('en');
    expect(i18n.error({ code: 'auth.wrong_pin', message: 'x', details: { remaining: '1' } })).toBe('Wrong PIN. 1 try left.');
    expect(i18n.error({ code: 'no.such_code', message: 'fallback text', details: {} })).toBe('fallback text');
    i18n.set('pl');
    expect(i18n.error({ code: 'scan.empty', message: 'x', details: {} })).not.toBe('The scan was empty. Scan again.');
    i18n.set('en');
  });
});
