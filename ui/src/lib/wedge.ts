// Telling a keyboard-wedge scanner from a person: a scanner "types" a whole code in a burst, a few
// milliseconds a key, and ends it with its suffix (Enter by default). A person types slower and
// unevenly. Both are accepted; the source is recorded with the scan.
//
// A scanner presses keys, not characters: the keys that type its code in the layout it is set to
// (US out of the box). A station whose OS types Russian or Norwegian turns those keys into other
// characters (`CMD:OK` arrives as `СЬВЖЩЛ`, `(01)` as `)01=`), so a scanner's read is rebuilt from
// the keys it pressed (`KeyboardEvent.code`, which names the key, not what the OS made of it) with
// the scanner's layout. A person's typing is kept as the OS typed it: that is what they meant.

import type { ScannerLayout } from './bindings';

export type { ScannerLayout };

export interface WedgeSettings {
  /// A scanner's pace (ms): the median gap between keys and the mean at most this.
  maxGapMs: number;
  /// Shortest code a scanner burst can be; shorter is treated as typing.
  minLength: number;
  /// Keys that end a scan (KeyboardEvent.key values).
  suffixes: string[];
  /// The layout the scanner types in.
  layout: ScannerLayout;
  /// The character the scanner sends for FNC1, if one is set.
  gsStandIn: string | null;
}

export const DEFAULT_WEDGE: WedgeSettings = {
  maxGapMs: 50, minLength: 4, suffixes: ['Enter', 'Tab'], layout: 'us', gsStandIn: null,
};

export type Source = 'wedge' | 'manual';

/// The end of a read: nothing was typed, a person typed it, or a scanner did. `code` is the
/// scanner's read rebuilt from its keys, or null when a key is not one its layout types by itself
/// (a dead key, AltGr, Ctrl): the text the OS typed stands then, as it did before the rebuild.
export type ScanEnd = 'empty' | { source: 'manual' } | { source: 'wedge'; code: string | null };

/// What the detector needs of a keydown.
export interface KeyPress {
  key: string;
  code: string;
  shiftKey: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /// AltGr held (`getModifierState('AltGraph')`): the third level, which no table here has.
  altGraph?: boolean;
  /// A key held down, repeating: a person (a scanner presses and releases every key).
  repeat?: boolean;
}

export function keyPress(e: KeyboardEvent): KeyPress {
  return {
    key: e.key, code: e.code, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey,
    altGraph: e.getModifierState?.('AltGraph') ?? false, repeat: e.repeat,
  };
}

/// A key's characters, unshifted and with Shift; null where the key types none by itself (a dead key).
type Levels = readonly [string | null, string | null];

function rows(codes: string[], plain: string, shifted: string): Record<string, Levels> {
  return Object.fromEntries(codes.map((c, i) => [c, [plain[i], shifted[i]] as const]));
}

const DIGITS = ['Digit1', 'Digit2', 'Digit3', 'Digit4', 'Digit5', 'Digit6', 'Digit7', 'Digit8', 'Digit9', 'Digit0'];
const letters = (s: string) => [...s].map((c) => `Key${c.toUpperCase()}`);

/// The US layout, key by key (xkb-data's `us`; the tests hold every table to the XKB files).
const US: Record<string, Levels> = {
  ...rows(['Backquote', ...DIGITS, 'Minus', 'Equal'], '`1234567890-=', '~!@#$%^&*()_+'),
  ...rows([...letters('qwertyuiop'), 'BracketLeft', 'BracketRight'], 'qwertyuiop[]', 'QWERTYUIOP{}'),
  ...rows([...letters('asdfghjkl'), 'Semicolon', 'Quote', 'Backslash'], "asdfghjkl;'\\", 'ASDFGHJKL:"|'),
  ...rows([...letters('zxcvbnm'), 'Comma', 'Period', 'Slash'], 'zxcvbnm,./', 'ZXCVBNM<>?'),
  IntlBackslash: ['<', '>'],
  Space: [' ', ' '],
};

/// Scanners' other layouts, as the keys where they differ from US.
const LAYOUTS: Record<ScannerLayout, Record<string, Levels>> = {
  us: US,
  de: {
    ...US,
    Backquote: [null, '°'], Digit2: ['2', '"'], Digit3: ['3', '§'], Digit6: ['6', '&'], Digit7: ['7', '/'],
    Digit8: ['8', '('], Digit9: ['9', ')'], Digit0: ['0', '='], Minus: ['ß', '?'], Equal: [null, null],
    KeyY: ['z', 'Z'], KeyZ: ['y', 'Y'], BracketLeft: ['ü', 'Ü'], BracketRight: ['+', '*'],
    Semicolon: ['ö', 'Ö'], Quote: ['ä', 'Ä'], Backslash: ['#', "'"],
    Comma: [',', ';'], Period: ['.', ':'], Slash: ['-', '_'],
  },
  no: {
    ...US,
    Backquote: ['|', '§'], Digit2: ['2', '"'], Digit4: ['4', '¤'], Digit6: ['6', '&'], Digit7: ['7', '/'],
    Digit8: ['8', '('], Digit9: ['9', ')'], Digit0: ['0', '='], Minus: ['+', '?'], Equal: ['\\', null],
    BracketLeft: ['å', 'Å'], BracketRight: [null, null], Semicolon: ['ø', 'Ø'], Quote: ['æ', 'Æ'],
    Backslash: ["'", '*'], Comma: [',', ';'], Period: ['.', ':'], Slash: ['-', '_'],
  },
};

/// The keypad types the same in every layout (with Num Lock on; off, its keys type nothing).
const KEYPAD: Record<string, string> = {
  ...Object.fromEntries([...'0123456789'].map((d) => [`Numpad${d}`, d])),
  NumpadAdd: '+', NumpadSubtract: '-', NumpadMultiply: '*', NumpadDivide: '/',
};

/// The character a scanner set to `layout` meant by one key press, or null if that layout types
/// none there by itself.
export function meantBy(layout: ScannerLayout, press: KeyPress): string | null {
  if (press.ctrlKey || press.altKey || press.metaKey || press.altGraph) return null;
  if (press.code in KEYPAD) return press.key === KEYPAD[press.code] ? press.key : null;
  const levels = LAYOUTS[layout][press.code];
  if (!levels) return null;
  // Where the OS typed a character the scanner's layout has on this key, the two layouts agree
  // there and the OS's stands, whatever Shift says: Caps Lock turns letters over, and a scanner set
  // to make up for it, a remote desktop or a WebDriver sends a capital or a `(` without Shift.
  // (The one pair of layouts here where this reads another character than Shift would: `'` is
  // Backslash in Norwegian and Shift+Backslash in German.)
  if (press.key.length === 1 && levels.includes(press.key)) return press.key;
  return press.shiftKey ? levels[1] : levels[0];
}

/// The tables, for the test that holds them to the XKB files.
export const SCANNER_LAYOUTS = LAYOUTS;

interface Pressed {
  at: number;
  press: KeyPress | null; // null: a correction
}

export class WedgeDetector {
  private keys: Pressed[] = [];
  private settings: WedgeSettings;
  constructor(settings: Partial<WedgeSettings> = {}) {
    this.settings = { ...DEFAULT_WEDGE, ...settings };
  }

  /// New settings (from the station) apply from the next key on.
  configure(settings: Partial<WedgeSettings>) {
    this.settings = { ...DEFAULT_WEDGE, ...settings };
    this.keys = [];
  }

  /// Feed every keydown of the scan field. Returns how the read ended when the key ends one.
  key(press: KeyPress, at: number): ScanEnd | null {
    if (this.settings.suffixes.includes(press.key)) {
      const keys = this.keys;
      this.keys = [];
      if (keys.length === 0) return 'empty';
      return this.isScanner(keys) ? { source: 'wedge', code: this.rebuild(keys) } : { source: 'manual' };
    }
    if (press.key === 'Backspace' || press.key === 'Delete' || press.repeat) {
      // Scanners never correct themselves, nor hold a key down.
      this.keys.push({ at: Number.NEGATIVE_INFINITY, press: null });
      return null;
    }
    // A key that types a character, or a dead key waiting for the next one (the OS layout's dead
    // keys are keys the scanner meant as characters: `]` is a dead key in Norwegian).
    if (press.key.length === 1 || press.key === 'Dead') this.keys.push({ at, press });
    return null;
  }

  reset() {
    this.keys = [];
  }

  /// A scanner's pace: most gaps within `maxGapMs` (the median) and the read as a whole no slower
  /// than that (the mean). One long gap alone does not make a person: a busy window (the last
  /// scan's result being drawn) or a starved CPU holds keys back and then hands them over at once,
  /// and the scanner's read would otherwise come out as the OS typed it (`СЬВЖЗФЫЫ` for
  /// `CMD:PASS`). No person types 8 keys in 350 ms with most of them 50 ms apart or less.
  private isScanner(keys: Pressed[]): boolean {
    if (keys.length < this.settings.minLength) return false;
    if (!keys.every((k) => k.press !== null)) return false;
    const gaps: number[] = [];
    for (let i = 1; i < keys.length; i++) {
      const gap = keys[i].at - keys[i - 1].at;
      if (!(gap >= 0)) return false;
      gaps.push(gap);
    }
    if (gaps.length === 0) return true;
    const max = this.settings.maxGapMs;
    const sorted = [...gaps].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    const total = gaps.reduce((a, b) => a + b, 0);
    return median <= max && total <= max * gaps.length;
  }

  private rebuild(keys: Pressed[]): string | null {
    let code = '';
    for (const { press } of keys) {
      if (!press) return null;
      // A stand-in set to what the OS types for the scanner's FNC1 key (a Norwegian station set to
      // `§` for a US scanner's `~`) stays what it was set to.
      const ch = press.key === this.settings.gsStandIn ? press.key : meantBy(this.settings.layout, press);
      if (ch === null) return null;
      code += ch;
    }
    return code;
  }
}
