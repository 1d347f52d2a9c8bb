import { describe, expect, it } from 'vitest';
import { capOf, chooseSlot, type PlacementLimits, SlotLoad } from '../../lib/connection/pool-placement.js';

const limits = (over: Partial<PlacementLimits> = {}): PlacementLimits => ({ maxMarketsPerSocket: 2, maxSockets: 3, learned: new Map(), ...over });

describe('pool placement (no socket)', () => {
  it('fills a socket up to the cap, then asks for a new one, then reports full with the least loaded fallback', () => {
    const a = new SlotLoad(0);
    const l = limits({ maxSockets: 2 });
    expect(chooseSlot([a], 'ticker', '[]', 'M1', l)).toBe(a);
    a.add('ticker', '[]', ['M1', 'M2']);
    expect(chooseSlot([a], 'ticker', '[]', 'M3', l)).toBeUndefined();
    const b = new SlotLoad(1);
    b.add('ticker', '[]', ['M3']);
    expect(chooseSlot([a, b], 'ticker', '[]', 'M4', l)).toBe(b);
    b.add('ticker', '[]', ['M4']);
    expect(chooseSlot([a, b], 'ticker', '[]', 'M5', l)).toEqual({ full: true, fallback: a });
  });

  it('a market already placed stays where it is, even over the cap', () => {
    const a = new SlotLoad(0);
    a.add('trade', '[]', ['M1', 'M2']);
    expect(chooseSlot([a], 'trade', '[]', 'M2', limits({ maxSockets: 1 }))).toBe(a);
  });

  it('different options of one channel go to different sockets; a whole-channel request takes the first compatible socket', () => {
    const a = new SlotLoad(0);
    a.add('communications', '[["shard_key",0]]', undefined);
    expect(chooseSlot([a], 'communications', '[["shard_key",1]]', undefined, limits())).toBeUndefined();
    const b = new SlotLoad(1);
    expect(chooseSlot([a, b], 'communications', '[["shard_key",1]]', undefined, limits())).toBe(b);
    expect(chooseSlot([a, b], 'communications', '[["shard_key",0]]', undefined, limits())).toBe(a);
    expect(chooseSlot([a], 'communications', '[["shard_key",1]]', undefined, limits({ maxSockets: 1 }))).toEqual({ full: true, fallback: undefined });
  });

  it('a learned limit (pool-wide or per socket) lowers the cap; a spill excludes the refusing socket', () => {
    const a = new SlotLoad(0);
    const b = new SlotLoad(1);
    const learned = new Map([['orderbook_delta' as const, 1]]);
    a.add('orderbook_delta', '[]', ['M1']);
    expect(capOf(a, 'orderbook_delta', limits({ learned }))).toBe(1);
    expect(chooseSlot([a, b], 'orderbook_delta', '[]', 'M2', limits({ learned }))).toBe(b);
    b.limits.set('ticker', 0);
    expect(capOf(b, 'ticker', limits())).toBe(0);
    expect(chooseSlot([a, b], 'orderbook_delta', '[]', 'M1', limits(), a)).toBe(b);
  });

  it('refcounts parts: a market leaves a socket when its last part does; the view shows counts, options and caps', () => {
    const a = new SlotLoad(4);
    a.add('ticker', '[]', ['M1']);
    a.add('ticker', '[]', ['M1', 'M2']);
    a.remove('ticker', ['M1']);
    expect(a.marketsOf('ticker')).toEqual(['M1', 'M2']);
    a.remove('ticker', ['M1', 'M2']);
    expect(a.empty).toBe(true);
    a.add('market_lifecycle_v2', '[]', undefined);
    a.add('ticker', '[["skip_ticker_ack",true]]', ['M9']);
    expect(a.view(() => 7)).toEqual({ socket: 4, markets: { market_lifecycle_v2: -1, ticker: 1 }, options: { market_lifecycle_v2: '[]', ticker: '[["skip_ticker_ack",true]]' }, caps: { market_lifecycle_v2: 7, ticker: 7 } });
  });
});

describe('a socket load (no socket)', () => {
  it('holds a market while a part has it, and the whole channel while a whole-channel part has it', () => {
    const a = new SlotLoad(0);
    expect(a.holds('ticker', undefined)).toBe(false);
    expect(a.holds('ticker', 'M1')).toBe(false);
    a.add('ticker', '[]', ['M1', 'M2']);
    expect([a.holds('ticker', 'M1'), a.holds('ticker', 'M3'), a.holds('ticker', undefined), a.holds('trade', 'M1')]).toEqual([true, false, false, false]);
    a.remove('ticker', ['M1']);
    expect([a.holds('ticker', 'M1'), a.holds('ticker', 'M2'), a.count('ticker')]).toEqual([false, true, 1]);
    expect(a.compatible('ticker', 'other')).toBe(false);
    a.add('ticker', '[]', undefined);
    a.add('ticker', '[]', undefined);
    a.remove('ticker', undefined);
    expect(a.holds('ticker', undefined)).toBe(true);
    a.remove('ticker', undefined);
    expect(a.holds('ticker', undefined)).toBe(false);
    a.remove('ticker', ['M2']);
    // Nothing left of the channel: other options may take it.
    expect(a.compatible('ticker', 'other')).toBe(true);
    expect(a.marketsOf('ticker')).toEqual([]);
  });

  it('a whole channel goes on the first compatible socket even when it is full; a full pool falls back to the least loaded socket', () => {
    const a = new SlotLoad(0);
    const b = new SlotLoad(1);
    a.add('ticker', '[]', ['M1', 'M2']);
    expect(chooseSlot([a, b], 'ticker', '[]', undefined, limits())).toBe(a);
    b.add('ticker', '[]', ['M3']);
    expect(chooseSlot([a, b], 'ticker', '[]', 'M4', limits({ maxSockets: 2, maxMarketsPerSocket: 1 }))).toEqual({ full: true, fallback: b });
  });
});
