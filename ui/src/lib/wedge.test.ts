import { describe, expect, it } from 'vitest';
import { pressed, XKB } from './fixtures/keys';
import { meantBy, SCANNER_LAYOUTS, WedgeDetector, type KeyPress, type ScannerLayout, type WedgeSettings } from './wedge';

/// Simple presses by character, as the layout-free tests type them.
const plain = (ch: string): KeyPress => ({ key: ch, code: '', shiftKey: false });
const ENTER: KeyPress = { key: 'Enter', code: 'Enter', shiftKey: false };

/// Feed `presses` `gaps` ms apart, then the suffix; returns the end and what the OS typed.
function read(d: WedgeDetector, presses: KeyPress[], gaps: number[] | number, end: KeyPress = ENTER) {
  let t = 1000;
  const gap = (i: number) => (Array.isArray(gaps) ? gaps[i % gaps.length] : gaps);
  presses.forEach((p, i) => {
    expect(d.key(p, t)).toBeNull();
    t += gap(i);
  });
  return { end: d.key(end, t), typed: presses.map((p) => (p.key.length === 1 ? p.key : '')).join('') };
}
const type = (d: WedgeDetector, text: string, gaps: number[] | number, end = ENTER) => read(d, [...text].map(plain), gaps, end).end;
const scanAs = (os: string, code: string, settings: Partial<WedgeSettings> = {}) =>
  read(new WedgeDetector(settings), [...code].map((ch) => pressed(os, ch)), 6);

describe('WedgeDetector', () => {
  it('takes a fast burst ending in Enter for a scanner', () => {
    expect(type(new WedgeDetector(), '5901234123457', 8)).toMatchObject({ source: 'wedge' });
  });
  it('takes slow, uneven keys for a person', () => {
    expect(type(new WedgeDetector(), '5901234123457', [180, 90, 240])).toEqual({ source: 'manual' });
  });
  it('slow keys again and again in a burst make it typing', () => {
    expect(type(new WedgeDetector(), '5901234123457', [8, 8, 8, 300])).toEqual({ source: 'manual' });
  });
  it('one stall of the window in a burst keeps it a scanner', () => {
    // CMD:PASS, 5 ms a key, with the window busy for 250 ms after the third key.
    expect(type(new WedgeDetector(), 'CMD:PASS', [5, 5, 250, 5, 5, 5, 5])).toMatchObject({ source: 'wedge' });
    expect(type(new WedgeDetector(), '5901234123457', [8, 8, 8, 8, 8, 400, 8, 8, 8, 8, 8, 8])).toMatchObject({ source: 'wedge' });
  });
  it('a stall longer than the whole read could take is typing', () => {
    expect(type(new WedgeDetector(), 'CMD:PASS', [5, 5, 400, 5, 5, 5, 5])).toEqual({ source: 'manual' });
  });
  it('a key held down is a person, however fast it repeats', () => {
    const d = new WedgeDetector();
    const held: KeyPress[] = Array.from({ length: 40 }, (_, i) => ({ key: 'a', code: 'KeyA', shiftKey: false, repeat: i > 0 }));
    expect(read(d, held, 30).end).toEqual({ source: 'manual' });
  });
  it('a person typing fast, in rolls, is still a person', () => {
    expect(type(new WedgeDetector(), 'CMD:PASS', [30, 110, 40, 140, 35, 120, 45])).toEqual({ source: 'manual' });
  });
  it('a correction is a person', () => {
    const d = new WedgeDetector();
    [...'59'].forEach((ch, i) => d.key(plain(ch), i * 5));
    d.key({ key: 'Backspace', code: 'Backspace', shiftKey: false }, 10);
    [...'012'].forEach((ch, i) => d.key(plain(ch), 15 + i * 5));
    expect(d.key(ENTER, 30)).toEqual({ source: 'manual' });
  });
  it('a very short burst is typing', () => {
    expect(type(new WedgeDetector(), '12', 5)).toEqual({ source: 'manual' });
  });
  it('honours the configured suffix and gap', () => {
    const d = new WedgeDetector({ maxGapMs: 20, minLength: 4, suffixes: ['Tab'] });
    const tab = { key: 'Tab', code: 'Tab', shiftKey: false };
    expect(type(d, 'RMA-100001', 15, tab)).toMatchObject({ source: 'wedge' });
    expect(type(d, 'RMA-100001', 25, tab)).toEqual({ source: 'manual' });
    // Enter is not a suffix here: it is just ignored as a non-printable key.
    expect(d.key(ENTER, 0)).toBeNull();
  });
  it('reports an empty end', () => {
    expect(new WedgeDetector().key(ENTER, 0)).toBe('empty');
  });
  it('starts afresh after each scan', () => {
    const d = new WedgeDetector();
    expect(type(d, 'ABCDEFG', 300)).toEqual({ source: 'manual' });
    expect(type(d, 'ABCDEFG', 5)).toMatchObject({ source: 'wedge' });
  });
});

describe('a US scanner at stations whose OS types their own layout', () => {
  // What the OS types for each code, from the XKB layouts: Polish and Romanian (programmers) have
  // the US keys, Romanian (standard) has `ș` where US has `;`, Norwegian moves `:` `(` `)` `-`,
  // Russian has Cyrillic letters where US has Latin ones.
  const TYPED: Record<string, Record<string, string>> = {
    us: {},
    pl: {},
    ro: {},
    'ro(std)': { 'CMD:PASS': 'CMDȘPASS', 'CMD:OK': 'CMDȘOK' },
    no: {
      'CMD:PASS': 'CMDØPASS', 'CMD:OK': 'CMDØOK',
      '(01)05901234123457(21)ABC123': ')01=05901234123457)21=ABC123', 'RMA-100001': 'RMA+100001',
    },
    ru: {
      'CMD:PASS': 'СЬВЖЗФЫЫ', 'CMD:OK': 'СЬВЖЩЛ',
      '(01)05901234123457(21)ABC123': '(01)05901234123457(21)ФИС123', 'RMA-100001': 'КЬФ-100001',
    },
  };
  for (const [os, typed] of Object.entries(TYPED)) {
    for (const code of ['CMD:PASS', 'CMD:OK', '(01)05901234123457(21)ABC123', 'RMA-100001']) {
      it(`reads ${code} under ${os}`, () => {
        const r = scanAs(os, code);
        expect(r.typed).toBe(typed[code] ?? code);
        expect(r.end).toEqual({ source: 'wedge', code });
      });
    }
  }

  it('a person typing slowly under ru keeps their Cyrillic', () => {
    const cyrillic: KeyPress[] = [
      { key: 'п', code: 'KeyG', shiftKey: false }, { key: 'р', code: 'KeyH', shiftKey: false },
      { key: 'о', code: 'KeyJ', shiftKey: false }, { key: 'б', code: 'Comma', shiftKey: false },
      { key: 'а', code: 'KeyF', shiftKey: false },
    ];
    const r = read(new WedgeDetector(), cyrillic, [160, 230, 120]);
    expect(r.end).toEqual({ source: 'manual' });
    expect(r.typed).toBe('проба');
  });

  it('a Backspace in a burst makes it a person, with what the OS typed', () => {
    const d = new WedgeDetector();
    const keys = [...'CMD:P'].map((ch) => pressed('ru', ch));
    keys.splice(3, 0, { key: 'Backspace', code: 'Backspace', shiftKey: false });
    expect(read(d, keys, 6).end).toEqual({ source: 'manual' });
  });

  it('keys that are dead in the OS layout are read as the scanner meant them', () => {
    // `]` and `+` are dead keys in Norwegian (they wait for the next letter).
    const r = scanAs('no', 'RMA]+100001');
    expect(r.end).toEqual({ source: 'wedge', code: 'RMA]+100001' });
  });

  it('the FNC1 stand-in arrives as the scanner sends it, and one set to what the OS types stays', () => {
    const gs1 = '0105901234123457~10LOT7';
    expect(scanAs('no', gs1, { gsStandIn: '~' })).toMatchObject({ typed: '0105901234123457§10LOT7', end: { code: gs1 } });
    expect(scanAs('ru', gs1, { gsStandIn: '~' })).toMatchObject({ end: { code: gs1 } });
    // A Norwegian station set up before the rebuild took `§` for its US scanner's `~`.
    expect(scanAs('no', gs1, { gsStandIn: '§' }).end).toEqual({ source: 'wedge', code: '0105901234123457§10LOT7' });
  });

  it('a scan ended by Tab is read the same way', () => {
    const d = new WedgeDetector({ suffixes: ['Tab'] });
    const r = read(d, [...'CMD:OK'].map((ch) => pressed('ru', ch)), 6, { key: 'Tab', code: 'Tab', shiftKey: false });
    expect(r.end).toEqual({ source: 'wedge', code: 'CMD:OK' });
  });

  it("under Caps Lock the OS's case stands", () => {
    // Caps Lock on and a US scanner pressing Shift for capitals: the OS types `cmd:ok`.
    const caps: KeyPress[] = [...'CMD:OK'].map((ch) => {
      const p = pressed('us', ch);
      return /[A-Z]/.test(ch) ? { ...p, key: ch.toLowerCase() } : p;
    });
    expect(read(new WedgeDetector(), caps, 6).end).toEqual({ source: 'wedge', code: 'cmd:ok' });
  });

  it('a key the scanner layout does not type by itself leaves the OS text standing', () => {
    // A German scanner's `^` is a dead key, and AltGr is a level no table here has.
    const dead = [...'RMA'].map((ch) => pressed('us', ch)).concat({ key: '`', code: 'Backquote', shiftKey: false });
    expect(read(new WedgeDetector({ layout: 'de' }), dead, 6).end).toEqual({ source: 'wedge', code: null });
    const altGr = [...'RMA'].map((ch) => pressed('us', ch)).concat({ key: '@', code: 'KeyQ', shiftKey: false, altGraph: true });
    expect(read(new WedgeDetector({ layout: 'de' }), altGr, 6).end).toEqual({ source: 'wedge', code: null });
  });

  it('keypad digits are the same in every layout', () => {
    const keys = [...'RMA'].map((ch) => pressed('ru', ch)).concat(
      [...'100001'].map((d) => ({ key: d, code: `Numpad${d}`, shiftKey: false })),
    );
    expect(read(new WedgeDetector(), keys, 6).end).toEqual({ source: 'wedge', code: 'RMA100001' });
  });
});

describe('scanners set to another layout', () => {
  it('a Norwegian scanner at a Norwegian station and at a Russian one', () => {
    // A scanner set to Norwegian presses Shift+Period for `:` and Shift+Digit8 for `(`.
    const norwegian = (os: string, code: string): KeyPress[] =>
      [...code].map((ch) => {
        const [c, levels] = Object.entries(XKB.no).find(([, l]) => l.includes(ch))!;
        const shiftKey = levels.indexOf(ch) === 1;
        return { key: XKB[os][c][shiftKey ? 1 : 0], code: c, shiftKey };
      });
    const code = '(01)05901234123457(21)ABC-1:2';
    expect(read(new WedgeDetector({ layout: 'no' }), norwegian('no', code), 6).end).toEqual({ source: 'wedge', code });
    const ru = read(new WedgeDetector({ layout: 'no' }), norwegian('ru', code), 6);
    expect(ru.typed).not.toBe(code);
    expect(ru.end).toEqual({ source: 'wedge', code });
    // The same keys read as a US scanner's are something else: the setting matters.
    expect(read(new WedgeDetector({ layout: 'us' }), norwegian('no', code), 6).end).not.toEqual({ source: 'wedge', code });
  });

  it('every table is its XKB layout, key by key, and real key events read as the tables say', () => {
    const otherLevel: string[] = [];
    for (const [layout, table] of Object.entries(SCANNER_LAYOUTS) as [ScannerLayout, (typeof SCANNER_LAYOUTS)['us']][]) {
      const fromXkb = Object.fromEntries(
        Object.entries(XKB[layout]).map(([code, levels]) => [code, levels.map((l) => (l.length === 1 ? l : null))]),
      );
      expect(table, layout).toEqual(fromXkb);
      // Whatever layout the OS types, real key events (Shift as pressed) read as the table says,
      // but where the OS types at one level what the scanner's layout has at the other.
      for (const os of Object.keys(XKB)) {
        for (const [code, levels] of Object.entries(XKB[os])) {
          levels.forEach((typed, level) => {
            const press = { key: typed.length === 1 ? typed : 'Dead', code, shiftKey: level === 1 };
            const meant = meantBy(layout, press);
            if (meant !== table[code][level]) otherLevel.push(`${layout} scanner, ${os} OS, ${code}${level ? '+Shift' : ''}: ${meant}`);
          });
        }
      }
    }
    expect(otherLevel).toEqual(["de scanner, no OS, Backslash: '", "no scanner, de OS, Backslash+Shift: '"]);
  });

  it('a WebDriver (or a remote desktop) that sends characters without Shift still reads right', () => {
    // WebKitWebDriver presses the key of `(` or `C` but holds no Shift for it.
    const synthetic = [...'(01)05901234123457(21)HP200-00017'].map((ch) => ({ ...pressed('us', ch), shiftKey: false }));
    expect(read(new WedgeDetector(), synthetic, 6).end).toEqual({ source: 'wedge', code: '(01)05901234123457(21)HP200-00017' });
  });
});
