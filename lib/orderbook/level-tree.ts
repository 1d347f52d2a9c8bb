/**
 * A persistent (immutable, path-copying) treap of price levels: `price → quantity`, both
 * integer-scaled. Every update copies O(log n) nodes and shares the rest, so each emitted
 * book is an immutable value and applying a delta stays O(log n) for thousands of levels.
 * Subtree sums give cumulative depth in O(log n).
 *
 * @module
 */

/** A node of the tree; `null` is the empty tree. */
export interface LevelNode {
  readonly price: number;
  readonly qty: number;
  readonly left: LevelTree;
  readonly right: LevelTree;
  /** Number of levels in this subtree. */
  readonly size: number;
  /** Total quantity in this subtree. */
  readonly sum: number;
}

/** An immutable set of price levels. */
export type LevelTree = LevelNode | null;

const sizeOf = (t: LevelTree): number => (t === null ? 0 : t.size);
const sumOf = (t: LevelTree): number => (t === null ? 0 : t.sum);

function node(price: number, qty: number, left: LevelTree, right: LevelTree): LevelNode {
  return { price, qty, left, right, size: 1 + sizeOf(left) + sizeOf(right), sum: qty + sumOf(left) + sumOf(right) };
}

/** Deterministic pseudo-random priority of a price (a bit mixer), so shapes do not depend on order. */
function priorityOf(price: number): number {
  let x = Math.imul(price ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** The quantity at `price`, or 0. */
export function levelGet(t: LevelTree, price: number): number {
  let cur = t;
  while (cur !== null) {
    if (price === cur.price) return cur.qty;
    cur = price < cur.price ? cur.left : cur.right;
  }
  return 0;
}

// Priorities are a pure function of the price, so nodes need not store them.
function merge(a: LevelTree, b: LevelTree): LevelTree {
  if (a === null) return b;
  if (b === null) return a;
  return priorityOf(a.price) > priorityOf(b.price)
    ? node(a.price, a.qty, a.left, merge(a.right, b))
    : node(b.price, b.qty, merge(a, b.left), b.right);
}

function insert(t: LevelTree, price: number, qty: number, priority: number): LevelNode {
  if (t === null) return node(price, qty, null, null);
  if (price < t.price) {
    const l = insert(t.left, price, qty, priority);
    return l.price === price && priority > priorityOf(t.price)
      ? node(l.price, l.qty, l.left, node(t.price, t.qty, l.right, t.right))
      : node(t.price, t.qty, l, t.right);
  }
  const r = insert(t.right, price, qty, priority);
  return r.price === price && priority > priorityOf(t.price)
    ? node(r.price, r.qty, node(t.price, t.qty, t.left, r.left), r.right)
    : node(t.price, t.qty, t.left, r);
}

/** Path copy for a quantity change at an existing level: sizes are unchanged, sums shift by `diff`. */
function replace(t: LevelNode, price: number, qty: number, diff: number): LevelNode {
  if (price === t.price) return { price, qty, left: t.left, right: t.right, size: t.size, sum: t.sum + diff };
  return price < t.price
    ? { price: t.price, qty: t.qty, left: replace(t.left as LevelNode, price, qty, diff), right: t.right, size: t.size, sum: t.sum + diff }
    : { price: t.price, qty: t.qty, left: t.left, right: replace(t.right as LevelNode, price, qty, diff), size: t.size, sum: t.sum + diff };
}

function remove(t: LevelNode, price: number): LevelTree {
  if (price === t.price) return merge(t.left, t.right);
  return price < t.price
    ? node(t.price, t.qty, remove(t.left as LevelNode, price), t.right)
    : node(t.price, t.qty, t.left, remove(t.right as LevelNode, price));
}

/** Returns a tree with `price` set to `qty` (removed when `qty` is 0). The input is unchanged. */
export function levelSet(t: LevelTree, price: number, qty: number): LevelTree {
  return levelChange(t, price, levelGet(t, price), qty);
}

/** {@link levelSet} when the caller already read the quantity `before` at `price` (0: absent), saving a lookup. */
export function levelChange(t: LevelTree, price: number, before: number, qty: number): LevelTree {
  if (qty === 0) return before !== 0 ? remove(t as LevelNode, price) : t;
  return before !== 0 ? replace(t as LevelNode, price, qty, qty - before) : insert(t, price, qty, priorityOf(price));
}

/**
 * One-pass quantity change at an existing level: returns the new tree when `price` rests and
 * stays above zero after `diff`; otherwise `undefined` (the caller takes the general path for
 * new levels, removals and inconsistencies). Nothing is allocated when it returns `undefined`.
 */
export function levelAdjust(t: LevelTree, price: number, diff: number): LevelTree | undefined {
  if (t === null) return undefined;
  if (price === t.price) {
    const qty = t.qty + diff;
    return qty > 0 ? { price, qty, left: t.left, right: t.right, size: t.size, sum: t.sum + diff } : undefined;
  }
  if (price < t.price) {
    const left = levelAdjust(t.left, price, diff);
    return left === undefined ? undefined : { price: t.price, qty: t.qty, left, right: t.right, size: t.size, sum: t.sum + diff };
  }
  const right = levelAdjust(t.right, price, diff);
  return right === undefined ? undefined : { price: t.price, qty: t.qty, left: t.left, right, size: t.size, sum: t.sum + diff };
}

/** Highest price, or undefined for an empty tree. */
export function levelMax(t: LevelTree): number | undefined {
  if (t === null) return undefined;
  let cur: LevelNode = t;
  while (cur.right !== null) cur = cur.right;
  return cur.price;
}

/** Lowest price, or undefined for an empty tree. */
export function levelMin(t: LevelTree): number | undefined {
  if (t === null) return undefined;
  let cur: LevelNode = t;
  while (cur.left !== null) cur = cur.left;
  return cur.price;
}

/** Total quantity at prices ≥ `price`. */
export function levelSumFrom(t: LevelTree, price: number): number {
  let total = 0;
  let cur = t;
  while (cur !== null) {
    if (cur.price >= price) {
      total += cur.qty + sumOf(cur.right);
      cur = cur.left;
    } else {
      cur = cur.right;
    }
  }
  return total;
}

/** Total quantity at prices ≤ `price`. */
export function levelSumTo(t: LevelTree, price: number): number {
  return sumOf(t) - levelSumFrom(t, price + 1);
}

/** At most `n` levels in price order (ascending or descending): an iterative in-order walk, O(log size + n). */
function walk(t: LevelTree, ascending: boolean, n: number): [number, number][] {
  const out: [number, number][] = [];
  const stack: LevelNode[] = [];
  let cur = t;
  while ((cur !== null || stack.length > 0) && out.length < n) {
    while (cur !== null) {
      stack.push(cur);
      cur = ascending ? cur.left : cur.right;
    }
    const node = stack.pop() as LevelNode;
    out.push([node.price, node.qty]);
    cur = ascending ? node.right : node.left;
  }
  return out;
}

/** Every level ascending by price. */
export const levelEntries = (t: LevelTree): [number, number][] => walk(t, true, Infinity);

/** At most `n` levels, highest price first. */
export const levelsFromTop = (t: LevelTree, n: number): [number, number][] => walk(t, false, n);

/** At most `n` levels, lowest price first. */
export const levelsFromBottom = (t: LevelTree, n: number): [number, number][] => walk(t, true, n);

/** Builds a tree from levels (any order; later duplicates win). */
export function levelsFrom(levels: Iterable<readonly [number, number]>): LevelTree {
  let t: LevelTree = null;
  for (const [p, q] of levels) t = levelSet(t, p, q);
  return t;
}

/** Number of levels. */
export const levelCount = sizeOf;
/** Total quantity. */
export const levelTotal = sumOf;
