import { describe, expect, it } from 'vitest';
import { WedgeDetector } from './wedge';

function type(d: WedgeDetector, text: string, gaps: number[] | number, end = 'Enter') {
  let t = 1000;
  const gap = (i: number) => (Array.isArray(gaps) ? gaps[i % gaps.length] : gaps);
  [...text].forEach((ch, i) => {
    expect(d.key(ch, t)).toBeNull();
    t += gap(i);
  });
  return d.key(end, t);
}

describe('WedgeDetector', () => {
  it('takes a fast burst ending in Enter for a scanner', () => {
    expect(type(new WedgeDetector(), '5901234123457', 8)).toBe('wedge');
  });
  it('takes slow, uneven keys for a person', () => {
    expect(type(new WedgeDetector(), '5901234123457', [180, 90, 240])).toBe('manual');
  });
  it('one slow key in a burst makes it typing', () => {
    expect(type(new WedgeDetector(), '5901234123457', [8, 8, 8, 300])).toBe('manual');
  });
  it('a correction is a person', () => {
    const d = new WedgeDetector();
    d.key('5', 0);
    d.key('9', 5);
    d.key('Backspace', 10);
    d.key('0', 15);
    d.key('1', 20);
    d.key('2', 25);
    expect(d.key('Enter', 30)).toBe('manual');
  });
  it('a very short burst is typing', () => {
    expect(type(new WedgeDetector(), '12', 5)).toBe('manual');
  });
  it('honours the configured suffix and gap', () => {
    const d = new WedgeDetector({ maxGapMs: 20, minLength: 4, suffixes: ['Tab'] });
    expect(type(d, 'RMA-100001', 15, 'Tab')).toBe('wedge');
    expect(type(d, 'RMA-100001', 25, 'Tab')).toBe('manual');
    // Enter is not a suffix here: it is just ignored as a non-printable key.
    expect(d.key('Enter', 0)).toBeNull();
  });
  it('reports an empty end', () => {
    expect(new WedgeDetector().key('Enter', 0)).toBe('end-empty');
  });
  it('starts afresh after each scan', () => {
    const d = new WedgeDetector();
    expect(type(d, 'ABCDEFG', 300)).toBe('manual');
    expect(type(d, 'ABCDEFG', 5)).toBe('wedge');
  });
});
