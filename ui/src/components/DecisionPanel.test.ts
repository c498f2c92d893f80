import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, DecisionView } from '../lib/backend';
import { i18n } from '../lib/i18n.svelte';
import DecisionPanel from './DecisionPanel.svelte';
// A real decision of the demo table, as redock-domain explains it (kept true by its test
// `the_windows_fixture_is_what_the_domain_explains`).
import fixture from './DecisionPanel.fixture.json';

afterEach(() => {
  cleanup();
  i18n.set('en');
});

const decision = {
  disposition_id: 'd1', lpn: 'LPN0100000000017', name: 'Smartphone Nova 15', grade: 'B',
  channel: fixture.channel, destination: fixture.destination, reason: fixture.reason, rule: fixture.rule,
  recovery_minor: fixture.recovery_minor, currency: fixture.currency, refund: fixture.refund, decided_by: 'rule', supersedes: null, note: null,
  flags: [], decided_at: 'now', handle_ms: 4000,
  explanation: fixture.explanation,
  trace: JSON.stringify(fixture.trace),
} as unknown as DecisionView; // JSON's types are wider than the bindings' unions

const backend = {
  labelPreview: async () => ({ ok: true, value: 'data:image/png;base64,iVBORw0KGgo=' }),
  reprint: async () => ({ ok: true, value: 'job-1' }),
} as unknown as Backend;

function lines(): string[] {
  return screen.getAllByTestId('explanation-line').map((l) => l.textContent ?? '');
}

describe('Decision panel: the refund beside the decision', () => {
  it('says the refund the rule decided, in the operator language', () => {
    i18n.set('en');
    render(DecisionPanel, { decision, backend });
    // Row 10 of the demo rules: a used phone, 15 % restocking fee of € 549.00.
    expect(screen.getByTestId('decision-refund').textContent).toBe('Refund: €466.65 (restocking fee 15 %)');
    cleanup();
    i18n.set('nb');
    render(DecisionPanel, { decision, backend });
    expect(screen.getByTestId('decision-refund').textContent).toBe('Refusjon: 466,65\u00a0€ (returgebyr 15 %)');
  });
  it('says full, none, and that a person decides (also for a decision made before refunds)', () => {
    i18n.set('en');
    const with_ = (refund: unknown) => ({ ...decision, refund }) as unknown as DecisionView;
    render(DecisionPanel, { decision: with_({ kind: 'full', fee_bp: null, amount_minor: 54900 }), backend });
    expect(screen.getByTestId('decision-refund').textContent).toBe('Refund: full, €549.00');
    cleanup();
    render(DecisionPanel, { decision: with_({ kind: 'none', fee_bp: null, amount_minor: 0 }), backend });
    expect(screen.getByTestId('decision-refund').textContent).toBe('No refund');
    cleanup();
    render(DecisionPanel, { decision: with_({ kind: 'review', fee_bp: null, amount_minor: null }), backend });
    expect(screen.getByTestId('decision-refund').textContent).toBe('Refund: a supervisor decides');
    cleanup();
    render(DecisionPanel, { decision: with_(null), backend });
    expect(screen.getByTestId('decision-refund').textContent).toBe('Refund: a supervisor decides');
  });
});

describe('Decision panel: why, in sentences', () => {
  it('says why in the operator language, one sentence per row, with the trace one click further', async () => {
    i18n.set('en');
    render(DecisionPanel, { decision, backend });
    expect(screen.queryByTestId('trace')).toBeNull();
    await fireEvent.click(screen.getByTestId('why'));
    const said = lines();
    expect(said[0]).toBe('Electronics to the channel that recovers the most? Yes: the grade is B, the category is electronics, '
      + 'the vendor takes units back but does not require it, and the vendor\'s window is open 48 more days.');
    expect(said[1]).toBe('Refurbish recovers the most: €311.90.');
    expect(said).toContain('Return to vendor would recover €276.50.');
    expect(said).toContain('Hold for suspected fraud? No: the unit has no fraud signals.');
    expect(said).toContain('Review a costly unit in poor condition? No: the grade is B; the rule needs C, D, or X.');
    // One sentence for the row that fired, four for how it chose, one for each of the nine rows before it.
    expect(said).toHaveLength(1 + 4 + 9);
    const rows = screen.getAllByTestId('explanation-line').map((l) => l.dataset.row);
    expect(rows.slice(5)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    // Nothing reads as code.
    expect(screen.getByTestId('trace').textContent).not.toMatch(/Row \d+ did not match|reason-|explain-|vendor\.window/);

    // The technical trace, one click further, and away again.
    expect(screen.queryByTestId('trace-details')).toBeNull();
    await fireEvent.click(screen.getByTestId('trace-details-toggle'));
    const details = screen.getByTestId('trace-details');
    expect(details.textContent).toContain('Row 10 matched');
    expect(details.textContent).toContain('Row 1 did not match: flags was []');
    expect(details.textContent).toContain('value.best_electronics');
    expect(screen.getByTestId('trace-details-toggle').textContent?.trim()).toBe('Hide details');
    await fireEvent.click(screen.getByTestId('trace-details-toggle'));
    expect(screen.queryByTestId('trace-details')).toBeNull();
    expect(lines()).toHaveLength(14);
  });

  it('says the same in Polish, with Polish money, lists and plurals', async () => {
    i18n.set('pl');
    render(DecisionPanel, { decision, backend });
    await fireEvent.click(screen.getByTestId('why'));
    const said = lines();
    expect(said[0]).toBe('Elektronika do kanału o największym odzysku? Tak: ocena to B, kategoria to electronics, '
      + 'dostawca przyjmuje zwroty, ale ich nie wymaga i termin zwrotu do dostawcy trwa jeszcze 48 dni.');
    // Intl puts a no-break space between the amount and its sign.
    expect(said[1]).toBe('Największy odzysk: Do naprawy, 311,90\u00a0€.');
    expect(said).toContain('Wstrzymanie przy podejrzeniu oszustwa? Nie: jednostka nie ma sygnałów nadużycia.');
    expect(said).toContain('Przegląd drogiej jednostki w złym stanie? Nie: ocena to B; reguła wymaga: C, D lub X.');
    expect(screen.getByTestId('trace-details-toggle').textContent?.trim()).toBe('Szczegóły');
    await fireEvent.click(screen.getByTestId('trace-details-toggle'));
    expect(screen.getByTestId('trace-details').textContent).toContain('Pasuje wiersz 10');
  });

  it('counts days with the plural each language needs', () => {
    const closed = (ago: number) => ({
      key: 'explain-best-blocked', row: 3,
      args: {
        channel: { kind: 'word' as const, key: 'decision-channel-rtv', fallback: 'rtv' },
        note: { kind: 'message' as const, key: 'recovery-note-vendor-window-closed', args: { ago: { kind: 'number' as const, value: ago } } },
      },
    });
    const say = (locale: string, ago: number) => {
      i18n.set(locale);
      return i18n.explain(closed(ago));
    };
    expect(say('en', 1)).toBe("Return to vendor skipped: the vendor's window closed 1 day ago.");
    expect(say('en', 3)).toBe("Return to vendor skipped: the vendor's window closed 3 days ago.");
    expect([1, 3, 5, 22].map((n) => say('ru', n))).toEqual([
      'Возврат поставщику — пропущено: срок поставщика истёк 1 день назад.',
      'Возврат поставщику — пропущено: срок поставщика истёк 3 дня назад.',
      'Возврат поставщику — пропущено: срок поставщика истёк 5 дней назад.',
      'Возврат поставщику — пропущено: срок поставщика истёк 22 дня назад.',
    ]);
    expect([1, 3, 5].map((n) => say('pl', n))).toEqual([
      'Zwrot do dostawcy — pominięte: termin zwrotu do dostawcy minął 1 dzień temu.',
      'Zwrot do dostawcy — pominięte: termin zwrotu do dostawcy minął 3 dni temu.',
      'Zwrot do dostawcy — pominięte: termin zwrotu do dostawcy minął 5 dni temu.',
    ]);
    expect([1, 3, 20].map((n) => say('ro', n))).toEqual([
      'Retur la furnizor — omis: termenul furnizorului s-a încheiat acum o zi.',
      'Retur la furnizor — omis: termenul furnizorului s-a încheiat acum 3 zile.',
      'Retur la furnizor — omis: termenul furnizorului s-a încheiat acum 20 de zile.',
    ]);
  });

  it('shows a reason code no locale knows by its row name, not as a message id', async () => {
    i18n.set('en');
    const e = { key: 'explain-skipped', row: 1, args: {
      rule: { kind: 'word' as const, key: 'reason-brand-new-rule', fallback: 'brand-new-rule' },
      fact: { kind: 'message' as const, key: 'explain-fact-flags-none', args: {} },
    } };
    expect(i18n.explain(e)).toBe('brand-new-rule? No: the unit has no fraud signals.');
  });
});
