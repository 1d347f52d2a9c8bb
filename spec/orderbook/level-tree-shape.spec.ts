// The level set behind every book: each chunk's sum and the root's size and sum are exact after
// every kind of update (they give depth and totals), chunks stay between their bounds whatever
// the order of inserts and removals (so each delta copies one small chunk and a short chunk list
// on a book of thousands of levels), and an update shares every chunk it does not touch.
import { describe, expect, it } from 'vitest';
import {
  LEVEL_CHUNK_MAX, LEVEL_CHUNK_MIN, levelChange, levelChangeFound, levelFind, levelCount, levelEntries, levelGet, levelMax, levelMin, levelsFrom, levelsFromBottom, levelsFromTop, levelSet, levelSumFrom, levelSumTo, levelTotal, type LevelTree,
} from '../../lib/orderbook/level-tree.js';

/** Chunks in the set (the length of the list an update copies). */
const chunkCount = (t: LevelTree): number => (t === null ? 0 : t.chunks.length);

/**
 * Every chunk: prices strictly ascending across the whole set, qty > 0, slot 0 = the chunk's sum,
 * between the chunk bounds (the minimum only with neighbours); the root's size and sum exact.
 */
function expectConsistent(t: LevelTree): { size: number; sum: number } {
  if (t === null) return { size: 0, sum: 0 };
  expect(t.chunks.length).toBeGreaterThan(0);
  let last = -Infinity;
  let size = 0;
  let sum = 0;
  for (const c of t.chunks) {
    const levels = (c.length - 1) / 2;
    expect(Number.isInteger(levels)).toBe(true);
    expect(levels).toBeGreaterThanOrEqual(t.chunks.length === 1 ? 1 : LEVEL_CHUNK_MIN);
    expect(levels).toBeLessThanOrEqual(LEVEL_CHUNK_MAX);
    let chunkSum = 0;
    for (let j = 1; j < c.length; j += 2) {
      expect(c[j]).toBeGreaterThan(last);
      last = c[j]!;
      expect(c[j + 1]).toBeGreaterThan(0);
      chunkSum += c[j + 1]!;
    }
    expect(c[0]).toBe(chunkSum);
    size += levels;
    sum += chunkSum;
  }
  expect(t.size).toBe(size);
  expect(t.sum).toBe(sum);
  return { size: t.size, sum: t.sum };
}

/** Chunks of `b` that are not (by identity) chunks of `a`: what an update copied. */
const copiedChunks = (a: LevelTree, b: LevelTree): number => (b === null ? 0 : b.chunks.filter((c) => a === null || !a.chunks.includes(c)).length);

describe('level tree shape', () => {
  it('keeps chunks within bounds for descending inserts, interleaved inserts and after removing most levels', () => {
    let down: LevelTree = null;
    for (let p = 5000; p >= 1; p--) down = levelSet(down, p, 1);
    expectConsistent(down);
    expect(chunkCount(down)).toBeLessThanOrEqual(Math.ceil(5000 / LEVEL_CHUNK_MIN));
    let zig: LevelTree = null;
    for (let i = 0; i < 2500; i++) { zig = levelSet(zig, i, 1); zig = levelSet(zig, 9999 - i, 1); }
    expectConsistent(zig);
    let t = down;
    for (let p = 1; p <= 5000; p++) if (p % 10 !== 0) t = levelSet(t, p, 0);
    expect(levelCount(t)).toBe(500);
    expectConsistent(t);
    expect(chunkCount(t)).toBeLessThanOrEqual(Math.ceil(500 / LEVEL_CHUNK_MIN));
    // Down to one level and back to empty, from either end.
    for (let p = 10; p < 5000; p += 10) t = levelSet(t, p, 0);
    expect(levelEntries(t)).toEqual([[5000, 1]]);
    expectConsistent(t);
    expect(levelSet(t, 5000, 0)).toBeNull();
    let u = levelsFrom(Array.from({ length: 200 }, (_, i) => [i + 1, 1] as [number, number]));
    for (let p = 200; p >= 1; p--) { u = levelSet(u, p, 0); expectConsistent(u); }
    expect(u).toBeNull();
  });

  it('an update copies one chunk (two on a split or merge) and shares the rest', () => {
    const t = levelsFrom(Array.from({ length: 2000 }, (_, i) => [2 * i + 2, 5] as [number, number]));
    expectConsistent(t);
    expect(chunkCount(t)).toBeGreaterThan(2000 / LEVEL_CHUNK_MAX);
    expect(levelFind(t, 1000)).toBe(5);
    expect(copiedChunks(t, levelChangeFound(t, 1000, 5, 8))).toBe(1);
    expect(copiedChunks(t, levelSet(t, 1000, 9))).toBe(1);
    expect(copiedChunks(t, levelSet(t, 1001, 9))).toBe(1);
    expect(copiedChunks(t, levelSet(t, 1000, 0))).toBe(1);
    // Filling one chunk past the maximum splits it; emptying one below the minimum merges it.
    let grow: LevelTree = t;
    for (let p = 1001; p < 1001 + 2 * LEVEL_CHUNK_MAX; p += 2) grow = levelSet(grow, p, 1);
    expectConsistent(grow);
    expect(chunkCount(grow)).toBeGreaterThan(chunkCount(t));
    let shrink: LevelTree = t;
    for (let p = 2; p <= 2 * LEVEL_CHUNK_MAX; p += 2) shrink = levelSet(shrink, p, 0);
    expectConsistent(shrink);
    expect(chunkCount(shrink)).toBeLessThan(chunkCount(t));
    expect(copiedChunks(t, shrink)).toBeLessThanOrEqual(2);
  });

  it('builds sorted, reversed and unsorted levels alike (later duplicates win, 0 removes)', () => {
    const asc = Array.from({ length: 300 }, (_, i) => [3 * i + 1, i + 1] as [number, number]);
    const expected = asc.map(([p, q]) => [p, q]);
    for (const levels of [asc, [...asc].reverse(), [...asc.slice(150), ...asc.slice(0, 150)]]) {
      const t = levelsFrom(levels);
      expectConsistent(t);
      expect(levelEntries(t)).toEqual(expected);
    }
    expect(levelEntries(levelsFrom([[5, 1], [3, 2], [5, 7], [4, 0], [3, 0]]))).toEqual([[5, 7]]);
    expect(levelEntries(levelsFrom(new Map([[2, 1], [1, 3]])))).toEqual([[1, 3], [2, 1]]);
    expect(levelsFrom([])).toBeNull();
    // A repeated price in a list that is otherwise sorted (either way) is not a sorted list.
    for (const [levels, entries] of [
      [[[50, 1], [50, 2]], [[50, 2]]],
      [[[50, 1], [60, 1], [60, 2]], [[50, 1], [60, 2]]],
      [[[60, 1], [50, 1], [50, 3]], [[50, 3], [60, 1]]],
      [[[60, 1], [60, 4], [50, 1]], [[50, 1], [60, 4]]],
    ] as [[number, number][], [number, number][]][]) {
      const t = levelsFrom(levels);
      expectConsistent(t);
      expect(levelEntries(t), JSON.stringify(levels)).toEqual(entries);
    }
  });

  it('a chunk emptied below the minimum next to a full one: merged, then split back within bounds', () => {
    // Chunks as a snapshot builds them, at even prices; the second is filled to the maximum with odd prices.
    let t: LevelTree = levelsFrom(Array.from({ length: 96 }, (_, i) => [2 * i + 2, 1] as [number, number]));
    const built = (t!.chunks[0]!.length - 1) / 2;
    expect(built).toBeGreaterThan(LEVEL_CHUNK_MIN);
    expect(built).toBeLessThan(LEVEL_CHUNK_MAX);
    const second = t!.chunks[1]!;
    const from = second[1]!;
    for (let p = from + 1; levelCount(t) < 96 + (LEVEL_CHUNK_MAX - built); p += 2) t = levelSet(t, p, 1);
    expect((t!.chunks[1]!.length - 1) / 2).toBe(LEVEL_CHUNK_MAX);
    // Empty the first chunk down to below the minimum: it merges with the full one (over the maximum), which splits.
    const firstPrices = levelEntries(t).slice(0, built).map(([p]) => p);
    for (const p of firstPrices.slice(0, built - LEVEL_CHUNK_MIN + 1)) {
      t = levelSet(t, p, 0);
      expectConsistent(t);
    }
    expect(levelCount(t)).toBe(96 + LEVEL_CHUNK_MAX - built - (built - LEVEL_CHUNK_MIN + 1));
  });

  it('range sums over many chunks equal the sums of the levels', () => {
    let t: LevelTree = null;
    const model = new Map<number, number>();
    for (let i = 0; i < 600; i++) {
      const p = (i * 7919) % 1000;
      const q = 1 + (i % 13);
      t = levelSet(t, p, q);
      model.set(p, q);
    }
    expect(chunkCount(t)).toBeGreaterThan(10);
    const brute = (pred: (p: number) => boolean): number => [...model].filter(([p]) => pred(p)).reduce((a, [, q]) => a + q, 0);
    for (const x of [-1, 0, 1, 137, 500, 501, 998, 999, 1000]) {
      expect(levelSumFrom(t, x), `from ${x}`).toBe(brute((p) => p >= x));
      expect(levelSumTo(t, x), `to ${x}`).toBe(brute((p) => p <= x));
    }
  });

  it('keeps size and sum exact through inserts, quantity changes, adjustments and removals', () => {
    let t: LevelTree = null;
    const model = new Map<number, number>();
    let seed = 7;
    // The high bits of the LCG (its low bits cycle with a short period).
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return Math.floor((seed / 2 ** 31) * n); };
    const paths = { insert: 0, replace: 0, remove: 0, adjustUp: 0, adjustDown: 0, adjustToZero: 0 };
    for (let i = 0; i < 3000; i++) {
      const p = 1 + rand(400);
      const before = model.get(p) ?? 0;
      const op = rand(3);
      if (op === 0) {
        const q = rand(4) === 0 ? 0 : 1 + rand(rand(2) === 0 ? 3 : 1000);
        t = levelChange(t, p, before, q);
        if (before === 0 && q > 0) paths.insert++; else if (before > 0 && q > 0) paths.replace++; else if (before > 0) paths.remove++;
        if (q === 0) model.delete(p); else model.set(p, q);
      } else if (op === 1 && before > 0) {
        // The fold's path: find the level, then change it where it was found.
        const diff = rand(2) === 0 ? 1 + rand(50) : -(1 + rand(Math.min(before, 3)));
        const q = Math.max(0, before + diff);
        expect(levelFind(t, p)).toBe(before);
        t = levelChangeFound(t, p, before, q);
        if (q > 0) paths[diff > 0 ? 'adjustUp' : 'adjustDown']++; else paths.adjustToZero++;
        if (q === 0) model.delete(p); else model.set(p, q);
      } else {
        // A find on another tree or price does not steer a change: the full path is taken.
        const q = 1 + rand(9);
        const other = levelSet(t, p, before + 1);
        if (rand(2) === 0) {
          levelFind(other, p);
          levelFind(t, p + 1);
        } else {
          levelFind(t, p + 1);
          levelFind(other, p);
        }
        t = levelChangeFound(t, p, before, q);
        if (before === 0) paths.insert++; else paths.replace++;
        model.set(p, q);
      }
    }
    // Every kind of update happened many times.
    for (const [path, n] of Object.entries(paths)) expect(n, path).toBeGreaterThan(20);
    const { size, sum } = expectConsistent(t);
    expect(size).toBe(model.size);
    expect(sum).toBe([...model.values()].reduce((a, b) => a + b, 0));
    expect(levelEntries(t)).toEqual([...model.entries()].sort((a, b) => a[0] - b[0]));
  });

  it('range sums, extremes and walks at their boundaries', () => {
    const t = levelsFrom([[10, 1], [20, 2], [30, 4], [40, 8]]);
    expect([levelSumFrom(t, 10), levelSumFrom(t, 11), levelSumFrom(t, 40), levelSumFrom(t, 41)]).toEqual([15, 14, 8, 0]);
    expect([levelSumTo(t, 9), levelSumTo(t, 10), levelSumTo(t, 39), levelSumTo(t, 40)]).toEqual([0, 1, 7, 15]);
    expect([levelMin(t), levelMax(t), levelMin(null), levelMax(null)]).toEqual([10, 40, undefined, undefined]);
    expect(levelsFromTop(t, 2)).toEqual([[40, 8], [30, 4]]);
    expect(levelsFromBottom(t, 3)).toEqual([[10, 1], [20, 2], [30, 4]]);
    expect(levelsFromTop(t, 0)).toEqual([]);
    expect(levelsFromTop(t, 10)).toHaveLength(4);
    expect([levelTotal(t), levelCount(t), levelTotal(null), levelCount(null)]).toEqual([15, 4, 0, 0]);
    expect([levelGet(t, 30), levelGet(t, 31), levelGet(null, 1)]).toEqual([4, 0, 0]);
    expect(levelFind(null, 10)).toBe(0);
    expect(levelEntries(levelChangeFound(null, 10, 0, 4))).toEqual([[10, 4]]);
    expect(levelFind(t, 25)).toBe(0);
    expect(levelEntries(levelChangeFound(t, 25, 0, 3))).toEqual([[10, 1], [20, 2], [25, 3], [30, 4], [40, 8]]);
    // Removing an absent level, or setting an absent one to 0, returns the same tree.
    expect(levelChange(t, 25, 0, 0)).toBe(t);
    expect(levelSet(t, 25, 0)).toBe(t);
  });

  it('never changes an earlier version', () => {
    const a = levelsFrom([[10, 1], [20, 2], [30, 3]]);
    levelFind(a, 20);
    const b = levelChangeFound(a, 20, 2, 7);
    const c = levelSet(b, 10, 0);
    const d = levelSet(c, 15, 9);
    expect(levelEntries(a)).toEqual([[10, 1], [20, 2], [30, 3]]);
    expect(levelEntries(b)).toEqual([[10, 1], [20, 7], [30, 3]]);
    expect(levelEntries(c)).toEqual([[20, 7], [30, 3]]);
    expect(levelEntries(d)).toEqual([[15, 9], [20, 7], [30, 3]]);
    for (const t of [a, b, c, d]) expectConsistent(t);
  });
});
