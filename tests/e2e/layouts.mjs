// A US scanner at stations whose OS types another layout, in the real window: the X layout is
// switched with setxkbmap and the scanner's keys are pressed by X keycode (xdotool), as a USB
// scanner presses them; X turns them into the layout's characters, the station must read the
// code the scanner meant.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// What each layout types at each key, and the keys' X keycodes: read from xkb-data by
// ui/scripts/xkb-layouts.py (the same data the vitest wedge tests use).
const xkb = JSON.parse(readFileSync(new URL('../../ui/src/lib/fixtures/xkb-layouts.json', import.meta.url), 'utf8'));
const RETURN = 36;

/// The key and level a US (ANSI) keyboard types `ch` with.
function usKey(ch) {
  for (const [code, levels] of Object.entries(xkb.layouts.us)) {
    const level = levels.indexOf(ch);
    if (code !== 'IntlBackslash' && level >= 0) return { code, level };
  }
  throw new Error(`a US keyboard has no key for ${ch}`);
}

/// xdotool's key list for `text` pressed as a US scanner presses it, then Return: `shift+54` is C.
/// Numbers are X keycodes, so X maps them with whatever layout is set, as it does a real keyboard's.
export function usKeycodes(text) {
  return [...text].map((ch) => {
    const { code, level } = usKey(ch);
    return `${level ? 'shift+' : ''}${xkb.x_keycodes[code]}`;
  }).concat(String(RETURN));
}

/// What the OS types for those keys under `layout` (XKB's own answer, to compare the window with).
export function typedUnder(layout, text) {
  return [...text].map((ch) => {
    const { code, level } = usKey(ch);
    return xkb.layouts[layout][code][level];
  }).join('');
}

export function setLayout(layout) {
  execFileSync('setxkbmap', ['-display', process.env.DISPLAY, layout]);
  const now = execFileSync('setxkbmap', ['-display', process.env.DISPLAY, '-query']).toString();
  if (!new RegExp(`^layout:\\s+${layout}$`, 'm').test(now)) throw new Error(`setxkbmap ${layout} did not take: ${now}`);
}

/// Press the keys of `code` as a US scanner does. Returns what the scan field held when Return
/// came (what the OS typed) and the scan-result the station showed for the read.
export async function scanByKeycode(wd, code) {
  const prevSeq = await wd.exec(`
    const input = document.querySelector('[data-testid=scan-input]');
    window.__typedAtReturn = null;
    if (!window.__typedProbe) {
      window.__typedProbe = true;
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__typedAtReturn = input.value; }, { capture: true });
    }
    input.focus();
    const r = document.querySelector('[data-testid=scan-result]');
    return r ? r.dataset.seq : null;
  `);
  execFileSync('xdotool', ['key', '--delay', '5', ...usKeycodes(code)]);
  const el = await wd.waitFor('[data-testid=scan-result], [data-testid=scan-error]', async (e) =>
    (await wd.attr(e, 'data-testid')) === 'scan-error' || (await wd.attr(e, 'data-seq')) !== prevSeq, 15000);
  const typed = await wd.exec('return window.__typedAtReturn;');
  return { el, typed };
}
