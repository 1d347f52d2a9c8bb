// The level tree behind every book: each node's size and sum are exact after every kind of
// update (they give depth and totals in O(log n)), and the tree stays shallow whatever the
// order of inserts and removals (each delta is O(log n) on a book of thousands of levels).
import { describe, expect, it } from 'vitest';
import {
  levelAdjust, levelChange, levelCount, levelEntries, levelGet, levelMax, levelMin, levelsFrom, levelsFromBottom, levelsFromTop, levelSet, levelSumFrom, levelSumTo, levelTotal, type LevelTree,
} from '../../lib/orderbook/level-tree.js';

const depth = (t: LevelTree): number => (t === null ? 0 : 1 + Math.max(depth(t.left), depth(t.right)));

/** Every node: BST order, size = 1 + children, sum = qty + children, qty > 0. */
function expectConsistent(t: LevelTree, lo = -Infinity, hi = Infinity): { size: number; sum: number } {
  if (t === null) return { size: 0, sum: 0 };
  expect(t.price).toBeGreaterThan(lo);
  expect(t.price).toBeLessThan(hi);
  expect(t.qty).toBeGreaterThan(0);
  const l = expectConsistent(t.left, lo, t.price);
  const r = expectConsistent(t.right, t.price, hi);
  expect(t.size).toBe(1 + l.size + r.size);
  expect(t.sum).toBe(t.qty + l.sum + r.sum);
  return { size: t.size, sum: t.sum };
}

describe('level tree shape', () => {
  it('stays shallow for descending inserts, interleaved inserts and after removing most levels', () => {
    let down: LevelTree = null;
    for (let p = 5000; p >= 1; p--) down = levelSet(down, p, 1);
    expect(depth(down)).toBeLessThan(40);
    let zig: LevelTree = null;
    for (let i = 0; i < 2500; i++) { zig = levelSet(zig, i, 1); zig = levelSet(zig, 9999 - i, 1); }
    expect(depth(zig)).toBeLessThan(40);
    let t = down;
    for (let p = 1; p <= 5000; p++) if (p % 10 !== 0) t = levelSet(t, p, 0);
    expect(levelCount(t)).toBe(500);
    expect(depth(t)).toBeLessThan(30);
    expectConsistent(t);
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
        const diff = rand(2) === 0 ? 1 + rand(50) : -(1 + rand(Math.min(before, 3)));
        const adjusted = levelAdjust(t, p, diff);
        if (before + diff > 0) paths[diff > 0 ? 'adjustUp' : 'adjustDown']++; else paths.adjustToZero++;
        if (before + diff > 0) {
          expect(adjusted).toBeDefined();
          t = adjusted!;
          model.set(p, before + diff);
        } else {
          expect(adjusted).toBeUndefined();
        }
      } else {
        expect(levelAdjust(t, p, -before)).toBeUndefined(); // to zero (or absent): the general path
      }
    }
    // Every kind of update happened many times.
    for (const [path, n] of Object.entries(paths)) expect(n, path).toBeGreaterThan(20);
    const { size, sum } = expectConsistent(t);
    expect(size).toBe(model.size);
    expect(sum).toBe([...model.values()].reduce((a, b) => a + b, 0));
    expect(levelEntries(t)).toEqual([...model.entries()].sort((a, b) => a[0] - b[0]));
    expect(depth(t)).toBeLessThan(30);
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
    expect(levelAdjust(null, 10, 1)).toBeUndefined();
    expect(levelAdjust(t, 25, 1)).toBeUndefined();
    // Removing an absent level, or setting an absent one to 0, returns the same tree.
    expect(levelChange(t, 25, 0, 0)).toBe(t);
    expect(levelSet(t, 25, 0)).toBe(t);
  });

  it('never changes an earlier version', () => {
    const a = levelsFrom([[10, 1], [20, 2], [30, 3]]);
    const b = levelAdjust(a, 20, 5)!;
    const c = levelSet(b, 10, 0);
    const d = levelSet(c, 15, 9);
    expect(levelEntries(a)).toEqual([[10, 1], [20, 2], [30, 3]]);
    expect(levelEntries(b)).toEqual([[10, 1], [20, 7], [30, 3]]);
    expect(levelEntries(c)).toEqual([[20, 7], [30, 3]]);
    expect(levelEntries(d)).toEqual([[15, 9], [20, 7], [30, 3]]);
    for (const t of [a, b, c, d]) expectConsistent(t);
  });
});
