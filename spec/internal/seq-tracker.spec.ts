import { describe, expect, it } from 'vitest';
import { isValidSeq, SeqTracker } from '../../lib/internal/seq-tracker.js';

describe('SeqTracker', () => {
  it('takes the first seq as the baseline, then accepts the next and reports duplicates and gaps', () => {
    const t = new SeqTracker();
    expect(t.check(5).kind).toBe('ok');
    expect(t.check(6).kind).toBe('ok');
    expect(t.check(6).kind).toBe('duplicate');
    expect(t.check(9)).toEqual({ kind: 'gap', expected: 7, received: 9 });
    expect(t.check(10).kind).toBe('ok');
  });

  it('counts a reply seq on the sid as consumed (live: ok seq 108, then the snapshot with 109)', () => {
    const t = new SeqTracker();
    t.check(107);
    expect(t.check(108).kind).toBe('ok'); // the `ok` to update_subscription
    expect(t.check(109).kind).toBe('ok'); // the snapshot after it: no gap
  });

  it.each([1e300, 2 ** 53 + 2, -1, 0, 7.5, Infinity, Number.NaN])('treats seq %s as a gap that never becomes the baseline', (poison) => {
    const t = new SeqTracker();
    t.check(7);
    expect(t.check(poison)).toEqual({ kind: 'gap', expected: 8, received: poison });
    expect(t.check(8).kind).toBe('ok');
    expect(t.check(9).kind).toBe('ok');
  });

  it('treats a poisoned first seq as a gap without a baseline', () => {
    const t = new SeqTracker();
    expect(t.check(1e300).kind).toBe('gap');
    expect(t.check(3).kind).toBe('ok');
  });

  it('isValidSeq accepts positive safe integers only', () => {
    expect([1, 2 ** 53 - 1].map(isValidSeq)).toEqual([true, true]);
    expect([0, -3, 1.5, 2 ** 53, 1e300].map(isValidSeq)).toEqual([false, false, false, false, false]);
  });
  it('forgets the baseline on reset (a new sid may start at 1 again)', () => {
    const t = new SeqTracker();
    for (const seq of [7, 8, 9]) t.check(seq);
    t.reset();
    expect(t.check(1)).toEqual({ kind: 'ok' });
    expect(t.check(2)).toEqual({ kind: 'ok' });
  });
});
