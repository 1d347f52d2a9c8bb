// The command budget as the connection uses it (no socket): a burst goes out at once, then one
// command per 1 / perSecond; waitMs says exactly when the next token comes; error 27 empties it;
// time that runs backwards never mints tokens; a budget that could never send is a caller mistake.
import { describe, expect, it } from 'vitest';
import { CommandBudget } from '../../lib/connection/command-budget.js';

const takes = (b: CommandBudget, now: number, n: number): number => {
  let got = 0;
  for (let i = 0; i < n; i++) if (b.take(now)) got++;
  return got;
};

describe('CommandBudget', () => {
  it('defaults: a burst of 20, then 10 per second', () => {
    const b = new CommandBudget();
    expect(takes(b, 1_000, 25)).toBe(20);
    expect(b.waitMs(1_000)).toBe(100);
    expect(b.take(1_099)).toBe(false);
    expect(b.take(1_100)).toBe(true);
    expect(takes(b, 2_100, 20)).toBe(10);
  });

  it('refills to the burst and no further', () => {
    const b = new CommandBudget({ burst: 3, perSecond: 1 });
    expect(b.waitMs(0)).toBe(0);
    expect(takes(b, 0, 1)).toBe(1);
    expect(b.waitMs(0)).toBe(0);
    expect(takes(b, 0, 2)).toBe(2);
    expect(takes(b, 60_000, 10)).toBe(3);
    expect(b.waitMs(60_000)).toBe(1_000);
    expect(b.waitMs(60_400)).toBe(600);
    expect(b.waitMs(61_000)).toBe(0);
  });

  it('drain(): the server said too many requests; the next token comes a full interval later', () => {
    const b = new CommandBudget({ burst: 5, perSecond: 2 });
    expect(b.take(0)).toBe(true);
    b.drain(10);
    expect(b.take(10)).toBe(false);
    expect(b.waitMs(10)).toBe(500);
    expect(b.take(510)).toBe(true);
  });

  it('a clock that goes backwards mints nothing', () => {
    const b = new CommandBudget({ burst: 1, perSecond: 1 });
    expect(b.take(5_000)).toBe(true);
    expect(b.take(1_000)).toBe(false);
    expect(b.take(5_999)).toBe(false);
    expect(b.take(6_000)).toBe(true);
  });

  it('a budget that could never send fails fast', () => {
    expect(() => new CommandBudget({ burst: 0 })).toThrow(/commandBudget.burst must be a positive integer, got 0/);
    expect(() => new CommandBudget({ burst: 2.5 })).toThrow(/commandBudget.burst must be a positive integer, got 2.5/);
    expect(() => new CommandBudget({ perSecond: 0 })).toThrow(/commandBudget.perSecond must be a positive number, got 0/);
    expect(() => new CommandBudget({ perSecond: Number.NaN })).toThrow(/commandBudget.perSecond must be a positive number, got NaN/);
    expect(() => new CommandBudget({ perSecond: 0.5 })).not.toThrow();
  });
});
