/**
 * A persistent (immutable, copy-on-write) sorted set of price levels: `price → quantity`, both
 * integer-scaled. It is a two-level B-tree: a root holding a list of chunks, each chunk a flat
 * number array `[sum, p0, q0, p1, q1, …]` of at most {@link LEVEL_CHUNK_MAX} levels ascending by
 * price. An update copies one chunk and the root's chunk list and shares every other chunk, so
 * each emitted book is an immutable value, and a level costs 16 bytes of unboxed doubles (the
 * treap this replaced cost ~72 bytes a level: an object per node). Per-chunk sums give
 * cumulative depth in O(chunks + chunk size).
 *
 * @module
 */

/** A chunk: `[sum, p0, q0, p1, q1, …]`, prices strictly ascending, at least one level. */
export type LevelChunk = readonly number[];

/**
 * The root of a non-empty set of levels; `null` is the empty set. A class, not an object
 * literal: V8 pretenures a literal's allocation site once many of its objects survive (as the
 * roots of snapshot-built books do), and every update's root would then be allocated in old
 * space (measured: a delta on a 2,000-level book 0.6 µs → 6.5 µs after the bench's memory
 * phase); `new` of a class has no such site.
 */
export class LevelNode {
  constructor(
    /** Chunks ascending by price; none is empty, and each has at least {@link LEVEL_CHUNK_MIN} levels unless it is the only one. */
    readonly chunks: readonly LevelChunk[],
    /** Number of levels. */
    readonly size: number,
    /** Total quantity. */
    readonly sum: number,
  ) {}
}

/** An immutable set of price levels (`null`: empty). */
export type LevelTree = LevelNode | null;

/** Most levels in a chunk (an insert into a full chunk splits it). */
export const LEVEL_CHUNK_MAX = 32;
/** Fewest levels in a chunk that has neighbours (a removal below it merges the chunk with one). */
export const LEVEL_CHUNK_MIN = 8;
/** Levels a chunk gets when a set is built from a snapshot. */
const BUILD_CHUNK = 24;

// Every chunk is a slice of this array: slices have no spare capacity, and all chunks share its
// elements kind (packed doubles, fixed by the non-integer fill), so element loads stay monomorphic.
const scratch: number[] = Array.from({ length: 4 * LEVEL_CHUNK_MAX + 8 }, () => 0.5);

const sizeOf = (t: LevelTree): number => (t === null ? 0 : t.size);
const sumOf = (t: LevelTree): number => (t === null ? 0 : t.sum);
const levelsIn = (c: LevelChunk): number => (c.length - 1) >> 1;
const root = (chunks: readonly LevelChunk[], size: number, sum: number): LevelNode => new LevelNode(chunks, size, sum);

/** Index of the chunk that holds `price` or would receive it: the last whose first price is ≤ `price` (0 below all). */
function chunkIndex(chunks: readonly LevelChunk[], price: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (((chunks[mid] as LevelChunk)[1] as number) <= price) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Level index of `price` in a chunk, or `-(insertion index) - 1` when it does not rest there. */
function levelIndex(c: LevelChunk, price: number): number {
  let lo = 0;
  let hi = levelsIn(c) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = c[1 + 2 * mid] as number;
    if (p === price) return mid;
    if (p < price) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

/** Levels `[from, to)` of a chunk as a new chunk. */
function sliceLevels(c: LevelChunk, from: number, to: number): LevelChunk {
  let sum = 0;
  let w = 1;
  for (let j = 1 + 2 * from; j < 1 + 2 * to; j += 2) {
    scratch[w++] = c[j] as number;
    const q = c[j + 1] as number;
    scratch[w++] = q;
    sum += q;
  }
  scratch[0] = sum;
  return scratch.slice(0, w);
}

/** A new chunk of one level (packed doubles, like every chunk). */
function singleLevelChunk(price: number, qty: number): LevelChunk {
  scratch[0] = qty;
  scratch[1] = price;
  scratch[2] = qty;
  return scratch.slice(0, 3);
}

/** The levels of two neighbouring chunks as one new chunk, or two of even size when they are more than {@link LEVEL_CHUNK_MAX}. */
function mergeChunks(a: LevelChunk, b: LevelChunk): LevelChunk[] {
  scratch[0] = (a[0] as number) + (b[0] as number);
  let w = 1;
  for (let j = 1; j < a.length; j++) scratch[w++] = a[j] as number;
  for (let j = 1; j < b.length; j++) scratch[w++] = b[j] as number;
  const merged = scratch.slice(0, w);
  const total = levelsIn(merged);
  return total <= LEVEL_CHUNK_MAX ? [merged] : [sliceLevels(merged, 0, total >> 1), sliceLevels(merged, total >> 1, total)];
}

/** A copy of a chunk with the quantity of level `k` changed by `diff`. */
function withQty(c: LevelChunk, k: number, diff: number): LevelChunk {
  const out = c.slice();
  out[0] = (c[0] as number) + diff;
  out[2 + 2 * k] = (c[2 + 2 * k] as number) + diff;
  return out;
}

/** A copy of the root with chunk `i` replaced by `replacement` (sizes shift by `dSize`, sums by `dSum`). */
function replaceChunk(t: LevelNode, i: number, replacement: LevelChunk, dSize: number, dSum: number): LevelNode {
  const chunks = t.chunks.slice();
  chunks[i] = replacement;
  return root(chunks, t.size + dSize, t.sum + dSum);
}

/** A copy of the root with `count` chunks from `i` replaced by `replacements`. */
function spliceChunks(t: LevelNode, i: number, count: number, replacements: readonly LevelChunk[], dSize: number, dSum: number): LevelTree {
  if (t.size + dSize === 0) return null;
  return root(t.chunks.slice(0, i).concat(replacements, t.chunks.slice(i + count)), t.size + dSize, t.sum + dSum);
}

/** The quantity at `price`, or 0. */
export function levelGet(t: LevelTree, price: number): number {
  if (t === null) return 0;
  const c = t.chunks[chunkIndex(t.chunks, price)] as LevelChunk;
  const k = levelIndex(c, price);
  return k < 0 ? 0 : (c[2 + 2 * k] as number);
}

// Where the last levelFind looked (its tree, chunk index and level index as levelIndex gives
// it): levelChangeFound changes that level without a second lookup. Module state, not a result
// object, so the hot path allocates nothing for it.
let foundIn: LevelTree = null;
let foundPrice = 0;
let foundChunk = 0;
let foundLevel = 0;

/**
 * {@link levelGet} that remembers where it looked, for a {@link levelChangeFound} on the same
 * tree right after it (a delta's fold reads the level, checks the book, then changes it).
 */
export function levelFind(t: LevelTree, price: number): number {
  foundIn = t;
  foundPrice = price;
  if (t === null) return 0;
  const i = chunkIndex(t.chunks, price);
  const c = t.chunks[i] as LevelChunk;
  const k = levelIndex(c, price);
  foundChunk = i;
  foundLevel = k;
  return k < 0 ? 0 : (c[2 + 2 * k] as number);
}

/**
 * {@link levelChange} at the level the last {@link levelFind} on `t` looked up (`before`: what it
 * returned), without looking it up again. Any other tree, or a price that find did not look
 * up, takes the full path.
 */
export function levelChangeFound(t: LevelTree, price: number, before: number, qty: number): LevelTree {
  if (t !== foundIn || price !== foundPrice || t === null || qty === before) return levelChange(t, price, before, qty);
  foundIn = null;
  return changeAt(t, foundChunk, foundLevel, price, before, qty);
}

/** Sets level `k` of chunk `i` (as levelIndex gives it: negative where `price` would go) from `before` to `qty`, not both 0. */
function changeAt(t: LevelNode, i: number, k: number, price: number, before: number, qty: number): LevelTree {
  if (qty === 0) return removeAt(t, i, k);
  if (before === 0) return insertAt(t, i, -k - 1, price, qty);
  return replaceChunk(t, i, withQty(t.chunks[i] as LevelChunk, k, qty - before), 0, qty - before);
}

/** Inserts a new level at level index `k` of chunk `i`. */
function insertAt(t: LevelNode, i: number, k: number, price: number, qty: number): LevelNode {
  const c = t.chunks[i] as LevelChunk;
  const at = 1 + 2 * k;
  const n = c.length;
  scratch[0] = (c[0] as number) + qty;
  for (let j = 1; j < at; j++) scratch[j] = c[j] as number;
  scratch[at] = price;
  scratch[at + 1] = qty;
  for (let j = at; j < n; j++) scratch[j + 2] = c[j] as number;
  const grown = scratch.slice(0, n + 2);
  const levels = levelsIn(grown);
  if (levels <= LEVEL_CHUNK_MAX) return replaceChunk(t, i, grown, 1, qty);
  const half = levels >> 1;
  return spliceChunks(t, i, 1, [sliceLevels(grown, 0, half), sliceLevels(grown, half, levels)], 1, qty) as LevelNode;
}

/** Removes level `k` of chunk `i`. */
function removeAt(t: LevelNode, i: number, k: number): LevelTree {
  const c = t.chunks[i] as LevelChunk;
  const qty = c[2 + 2 * k] as number;
  const levels = levelsIn(c);
  if (levels === 1) return spliceChunks(t, i, 1, [], -1, -qty);
  // The chunk without level k.
  const at = 1 + 2 * k;
  scratch[0] = (c[0] as number) - qty;
  for (let j = 1; j < at; j++) scratch[j] = c[j] as number;
  for (let j = at + 2; j < c.length; j++) scratch[j - 2] = c[j] as number;
  const shrunk = scratch.slice(0, c.length - 2);
  if (levels - 1 >= LEVEL_CHUNK_MIN || t.chunks.length === 1) return replaceChunk(t, i, shrunk, -1, -qty);
  // Too small with neighbours: merge with the next chunk (the previous one for the last), and
  // split the result evenly when it is over the maximum.
  const first = i + 1 < t.chunks.length ? i : i - 1;
  const a = first === i ? shrunk : (t.chunks[first] as LevelChunk);
  const b = first === i ? (t.chunks[i + 1] as LevelChunk) : shrunk;
  return spliceChunks(t, first, 2, mergeChunks(a, b), -1, -qty);
}

/** Returns a set with `price` set to `qty` (removed when `qty` is 0). The input is unchanged. */
export function levelSet(t: LevelTree, price: number, qty: number): LevelTree {
  return levelChange(t, price, levelGet(t, price), qty);
}

/** {@link levelSet} when the caller already read the quantity `before` at `price` (0: absent), saving a lookup. */
export function levelChange(t: LevelTree, price: number, before: number, qty: number): LevelTree {
  if (qty === 0 && before === 0) return t;
  if (t === null) return root([singleLevelChunk(price, qty)], 1, qty);
  const i = chunkIndex(t.chunks, price);
  return changeAt(t, i, levelIndex(t.chunks[i] as LevelChunk, price), price, before, qty);
}

/** Highest price, or undefined for an empty set. */
export function levelMax(t: LevelTree): number | undefined {
  if (t === null) return undefined;
  const c = t.chunks[t.chunks.length - 1] as LevelChunk;
  return c[c.length - 2];
}

/** Lowest price, or undefined for an empty set. */
export function levelMin(t: LevelTree): number | undefined {
  return t === null ? undefined : (t.chunks[0] as LevelChunk)[1];
}

/** Total quantity at prices ≥ `price`. */
export function levelSumFrom(t: LevelTree, price: number): number {
  if (t === null) return 0;
  const i = chunkIndex(t.chunks, price);
  const c = t.chunks[i] as LevelChunk;
  let total = 0;
  for (let j = c.length - 2; j >= 1 && (c[j] as number) >= price; j -= 2) total += c[j + 1] as number;
  for (let x = i + 1; x < t.chunks.length; x++) total += (t.chunks[x] as LevelChunk)[0] as number;
  return total;
}

/** Total quantity at prices ≤ `price`. */
export function levelSumTo(t: LevelTree, price: number): number {
  return sumOf(t) - levelSumFrom(t, price + 1);
}

/** At most `n` levels in price order (ascending or descending), O(n). */
function walk(t: LevelTree, ascending: boolean, n: number): [number, number][] {
  const out: [number, number][] = [];
  if (t === null) return out;
  const { chunks } = t;
  for (let x = 0; x < chunks.length && out.length < n; x++) {
    const c = chunks[ascending ? x : chunks.length - 1 - x] as LevelChunk;
    if (ascending) for (let j = 1; j < c.length && out.length < n; j += 2) out.push([c[j] as number, c[j + 1] as number]);
    else for (let j = c.length - 2; j >= 1 && out.length < n; j -= 2) out.push([c[j] as number, c[j + 1] as number]);
  }
  return out;
}

/** Every level ascending by price. */
export const levelEntries = (t: LevelTree): [number, number][] => walk(t, true, Infinity);

/** At most `n` levels, highest price first. */
export const levelsFromTop = (t: LevelTree, n: number): [number, number][] => walk(t, false, n);

/** At most `n` levels, lowest price first. */
export const levelsFromBottom = (t: LevelTree, n: number): [number, number][] => walk(t, true, n);

/** Chunks of {@link BUILD_CHUNK} levels (spread evenly) from strictly ascending levels with positive quantities. */
function build(levels: readonly (readonly [number, number])[]): LevelTree {
  const n = levels.length;
  if (n === 0) return null;
  const count = n <= LEVEL_CHUNK_MAX ? 1 : Math.ceil(n / BUILD_CHUNK);
  const chunks: LevelChunk[] = [];
  let total = 0;
  for (let x = 0; x < count; x++) {
    let sum = 0;
    let w = 1;
    for (let k = Math.floor((x * n) / count); k < Math.floor(((x + 1) * n) / count); k++) {
      const [p, q] = levels[k] as readonly [number, number];
      scratch[w++] = p;
      scratch[w++] = q;
      sum += q;
    }
    scratch[0] = sum;
    chunks.push(scratch.slice(0, w));
    total += sum;
  }
  return root(chunks, n, total);
}

/** Builds a set from levels (any order; later duplicates win, a 0 quantity removes). */
export function levelsFrom(levels: Iterable<readonly [number, number]>): LevelTree {
  const list = Array.isArray(levels) ? (levels as readonly (readonly [number, number])[]) : [...levels];
  // Snapshots come sorted (ascending; descending once NO-leg prices are converted): built in one pass.
  let ascending = true;
  let descending = true;
  for (let k = 0; k < list.length; k++) {
    const [p, q] = list[k] as readonly [number, number];
    if (!(q > 0)) ascending = descending = false;
    else if (k > 0) {
      const prev = (list[k - 1] as readonly [number, number])[0];
      if (!(p > prev)) ascending = false;
      if (!(p < prev)) descending = false;
    }
    if (!ascending && !descending) break;
  }
  if (ascending) return build(list);
  if (descending) return build([...list].reverse());
  let t: LevelTree = null;
  for (const [p, q] of list) t = levelSet(t, p, q);
  return t;
}

/** Number of levels. */
export const levelCount = sizeOf;
/** Total quantity. */
export const levelTotal = sumOf;
