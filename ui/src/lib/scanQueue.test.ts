import { describe, expect, it } from 'vitest';
import { ScanQueue } from './scanQueue';

describe('ScanQueue', () => {
  it('saves scans one at a time, in order, none dropped', async () => {
    const saved: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const counts: number[] = [];
    const q = new ScanQueue<string>(
      async (code) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        saved.push(code);
        inFlight--;
      },
      (n) => counts.push(n),
    );
    const all = ['a', 'b', 'c', 'd'].map((c) => q.push(c));
    expect(q.waiting).toBe(4);
    await Promise.all(all);
    await new Promise((r) => setTimeout(r, 30));
    expect(saved).toEqual(['a', 'b', 'c', 'd']);
    expect(maxInFlight).toBe(1);
    expect(q.waiting).toBe(0);
    expect(counts.at(-1)).toBe(0);
    expect(Math.max(...counts)).toBe(4);
  });

  it('goes on after a failed save', async () => {
    const saved: string[] = [];
    const q = new ScanQueue<string>(async (c) => {
      if (c === 'bad') throw new Error('boom');
      saved.push(c);
    });
    q.push('bad');
    await q.push('good');
    await new Promise((r) => setTimeout(r, 10));
    expect(saved).toEqual(['good']);
  });
});
