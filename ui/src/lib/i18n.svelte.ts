// Fluent, with the same .ftl files Rust uses (assets/i18n). English is the fallback for a key a
// locale lacks, though a test keeps every locale complete.
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import type { Arg } from './bindings';

export const LOCALES = ['en', 'pl', 'ro', 'nb', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

const sources = import.meta.glob('../../../assets/i18n/*.ftl', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export function ftlSource(locale: string): string | undefined {
  const entry = Object.entries(sources).find(([path]) => path.endsWith(`/${locale}.ftl`));
  return entry?.[1];
}

function makeBundle(locale: string): FluentBundle {
  // No bidi isolation marks: labels are left-to-right and the marks would break copy and tests.
  const bundle = new FluentBundle(locale, { useIsolating: false });
  const text = ftlSource(locale);
  if (text) {
    const errors = bundle.addResource(new FluentResource(text));
    for (const e of errors) console.error(`i18n ${locale}:`, e);
  }
  return bundle;
}

const bundles = new Map<string, FluentBundle>(LOCALES.map((l) => [l, makeBundle(l)]));

export function isLocale(x: string): x is Locale {
  return (LOCALES as readonly string[]).includes(x);
}

class I18n {
  locale: Locale = $state('en');

  set(locale: string) {
    if (isLocale(locale)) {
      this.locale = locale;
      document.documentElement.lang = locale;
    }
  }

  has(id: string): boolean {
    return bundles.get(this.locale)?.hasMessage(id) ?? false;
  }

  t(id: string, args?: Record<string, FluentVariable | null | undefined>): string {
    for (const locale of [this.locale, 'en']) {
      const bundle = bundles.get(locale);
      const message = bundle?.getMessage(id);
      if (bundle && message?.value) {
        const clean: Record<string, FluentVariable> = {};
        for (const [k, v] of Object.entries(args ?? {})) {
          if (v !== null && v !== undefined) clean[k] = v;
        }
        return bundle.formatPattern(message.value, clean, []);
      }
    }
    return id;
  }

  /// Money in the operator's language: minor units of `currency`.
  money(minor: number, currency: string): string {
    return new Intl.NumberFormat(this.locale, { style: 'currency', currency }).format(minor / 100);
  }

  /// One sentence of a decision's explanation (redock-domain `disposition::explain`): a message
  /// id whose arguments are data — counts stay numbers so Fluent picks the plural, money and
  /// lists are formatted for the operator's locale, words are messages of their own.
  explain(e: { key: string; args: Partial<Record<string, Arg>> }): string {
    return this.t(e.key, this.explainArgs(e.args));
  }

  private explainArgs(args: Partial<Record<string, Arg>>): Record<string, FluentVariable> {
    const out: Record<string, FluentVariable> = {};
    for (const [k, a] of Object.entries(args)) {
      if (a) out[k] = this.explainArg(a);
    }
    return out;
  }

  private explainArg(a: Arg): FluentVariable {
    switch (a.kind) {
      case 'text':
        return a.text;
      case 'number':
        return a.value;
      case 'money':
        return this.money(a.minor, a.currency);
      case 'percent':
        return new Intl.NumberFormat(this.locale, { style: 'percent', maximumFractionDigits: 2 }).format(a.bp / 10000);
      case 'word':
        // A reason code of a newer table than these translations: its row's name, or the code.
        return this.hasAny(a.key) ? this.t(a.key) : a.fallback;
      case 'list':
        return new Intl.ListFormat(this.locale, { type: a.join === 'and' ? 'conjunction' : 'disjunction' }).format(
          a.items.map((i) => String(this.explainArg(i))),
        );
      case 'message':
        return this.t(a.key, this.explainArgs(a.args));
    }
  }

  /// A station error in the operator's language: `error-<code>` with its details, else the
  /// English text Rust sent.
  error(e: { code: string; message: string; details: Partial<Record<string, string>> }): string {
    const id = `error-${e.code.replaceAll('.', '-').replaceAll('_', '-')}`;
    const details: Record<string, FluentVariable> = {};
    for (const [k, v] of Object.entries(e.details)) {
      if (v === undefined) continue;
      // Counts arrive as text; Fluent needs numbers to pick a plural form.
      details[k] = /^\d+$/.test(v) ? Number(v) : v;
    }
    return this.hasAny(id) ? this.t(id, details) : e.message;
  }

  private hasAny(id: string): boolean {
    return this.has(id) || (bundles.get('en')?.hasMessage(id) ?? false);
  }
}

export const i18n = new I18n();
