/**
 * A deterministic (seeded) Kalshi-like stream, shared by every figure of `npm run bench`:
 *
 * - 1 to 1,000 markets with Kalshi-shaped tickers and market ids;
 * - books on the cent grid (tick $0.01) and on two subpenny grids ($0.001, $0.0001), 50 to 2,000
 *   levels a side where the grid allows it (the cent grid holds 99 prices for both sides, so a
 *   cent book keeps 30 to 48 levels a side), fractional sizes;
 * - deltas that change resting levels, add new levels and empty levels (the book stays
 *   consistent: never negative, never an unknown level removed, never crossed);
 * - skewed activity: markets drawn from a Zipf law (a few hot markets, a long tail), or
 *   round-robin for the routing figure;
 * - `ticker` and `trade` frames interleaved (sid 2 and 3) as on the real feed;
 * - field order and spacing as Kalshi sends them (`../shared/fixtures/kalshi-live-frames.ndjson`),
 *   and a share of frames in other key orders.
 *
 * Frames are kept as the text before and after their `seq`, so a firehose can lay them out for
 * any subscription's seq base before it starts sending.
 *
 * @module
 */
import { prng } from '../lib/simulator/prng.js';

/** Fixed sids of the bench server (one subscription per channel). */
export const SID = { orderbook_delta: 1, ticker: 2, trade: 3 } as const;

/** Options of {@link generateWorkload}. */
export interface WorkloadOptions {
  readonly seed: number;
  /** Number of markets (1 to 1,000). */
  readonly markets: number;
  /** Number of `orderbook_delta` frames in the stream (ticker and trade frames come on top). */
  readonly deltas: number;
  /** `'zipf'` (default): hot markets and a long tail; `'round-robin'`: market i % n. */
  readonly activity?: 'zipf' | 'round-robin';
  /** Every book with exactly this many levels a side (on the finest grid), e.g. for memory figures. */
  readonly levels?: number;
  /** Share of frames with another key order (default 0.1). */
  readonly otherOrderShare?: number;
  /** `ticker` frames per delta (default 0.08) and `trade` frames per delta (default 0.04). */
  readonly tickerShare?: number;
  readonly tradeShare?: number;
  /** Prefix of the market tickers (default realistic Kalshi-like tickers). */
  readonly tickerPrefix?: string;
}

/** One frame of the stream: `head + seq + tail` (sequenced), or `head` alone. */
export interface StreamFrame {
  readonly sid: number;
  readonly head: string;
  /** `undefined` for frames without `seq` (ticker). */
  readonly tail: string | undefined;
  readonly delta: boolean;
}

/** The market universe and the stream. */
export interface Workload {
  readonly markets: readonly string[];
  /** Snapshot `msg` body text of each market's starting book (Kalshi field order). */
  readonly snapshotBodies: ReadonlyMap<string, string>;
  /** Levels a side of each market's starting book. */
  readonly depth: ReadonlyMap<string, number>;
  readonly frames: readonly StreamFrame[];
  readonly deltaCount: number;
  /** Share of frames in another key order, as generated. */
  readonly otherOrder: number;
}

/** mulberry32 (the simulator's PRNG): small, fast, deterministic. */
export function rng(seed: number): () => number {
  const r = prng(seed);
  return () => r.next();
}

const SERIES = ['KXHIGHNY', 'KXBTCD', 'KXGOLDH', 'KXETHD', 'KXINXU', 'KXFED', 'KXCPI', 'KXNASDAQ100U', 'KXWTI', 'KXHIGHCHI', 'KXRAINNYC', 'KXEURUSD'];

/** Fixed-point text, exactly as Kalshi formats it. */
function fixed(value: number, decimals: number): string {
  const negative = value < 0;
  const digits = String(Math.abs(value)).padStart(decimals + 1, '0');
  const cut = digits.length - decimals;
  return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}
const priceText = (p: number): string => fixed(p, 4);
const countText = (c: number): string => fixed(c, 2);

/** One side of a generated book: O(1) random pick, insert and removal. */
class Side {
  readonly prices: number[] = [];
  readonly qty = new Map<number, number>();
  private readonly index = new Map<number, number>();

  add(price: number, qty: number): void {
    this.index.set(price, this.prices.length);
    this.prices.push(price);
    this.qty.set(price, qty);
  }

  remove(price: number): void {
    const i = this.index.get(price) as number;
    const last = this.prices.pop() as number;
    if (last !== price) {
      this.prices[i] = last;
      this.index.set(last, i);
    }
    this.index.delete(price);
    this.qty.delete(price);
  }

  sorted(): [number, number][] {
    return [...this.prices].sort((a, b) => a - b).map((p) => [p, this.qty.get(p) as number]);
  }
}

interface Market {
  readonly ticker: string;
  readonly id: string;
  readonly tick: number;
  /** Highest price a side may use (yes + no never exceeds $1.00 - 1 tick: no crossing). */
  readonly yesMax: number;
  readonly noMax: number;
  readonly target: number;
  readonly yes: Side;
  readonly no: Side;
  volume: number;
  lastPrice: number;
}

/** Generates the workload. Deterministic for a given option set. */
export function generateWorkload(options: WorkloadOptions): Workload {
  const r = rng(options.seed);
  const int = (min: number, max: number): number => min + Math.floor(r() * (max - min + 1));
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const otherShare = options.otherOrderShare ?? 0.1;
  const tickerShare = options.tickerShare ?? 0.08;
  const tradeShare = options.tradeShare ?? 0.04;
  const size = (): number => (r() < 0.7 ? int(1, 2500) * 100 : int(1, 250_000)); // whole contracts or fractional

  const markets: Market[] = [];
  const tickers = new Set<string>();
  for (let i = 0; i < options.markets; i++) {
    let ticker: string;
    do {
      ticker = options.tickerPrefix !== undefined
        ? `${options.tickerPrefix}-${String(i).padStart(4, '0')}`
        : `${SERIES[int(0, SERIES.length - 1)]}-26AUG${int(10, 31)}${int(10, 23)}-T${int(10, 99_999)}${r() < 0.5 ? '.99' : ''}`;
    } while (tickers.has(ticker));
    tickers.add(ticker);
    let tick: number;
    let target: number;
    if (options.levels !== undefined) {
      tick = 1;
      target = options.levels;
    } else {
      const grid = r();
      // Levels a side: log-uniform within what the grid holds.
      const logUniform = (lo: number, hi: number): number => Math.round(Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo))));
      if (grid < 0.3) [tick, target] = [100, int(30, 44)];
      else if (grid < 0.7) [tick, target] = [10, logUniform(50, 400)];
      else [tick, target] = [1, logUniform(200, 2000)];
    }
    const slots = Math.floor(5000 / tick);
    const m: Market = {
      ticker,
      id: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
      tick,
      yesMax: slots * tick,
      noMax: (slots - 1) * tick,
      target,
      yes: new Side(),
      no: new Side(),
      volume: int(0, 500_000) * 100,
      lastPrice: int(1, slots - 1) * tick,
    };
    for (const [side, max] of [[m.yes, m.yesMax], [m.no, m.noMax]] as const) {
      // Fill from the top of the book down (dense near the best price, as real books are).
      const free = Array.from({ length: max / tick }, (_, k) => max - k * tick);
      const want = Math.min(target, free.length - 2);
      let k = 0;
      while (side.prices.length < want) {
        const p = free[k++ % free.length] as number;
        if (!side.qty.has(p) && (r() < 0.85 || k > free.length)) side.add(p, size());
      }
    }
    markets.push(m);
  }

  const snapshotBodies = new Map<string, string>();
  const depth = new Map<string, number>();
  const ladder = (s: Side): string => s.sorted().map(([p, q]) => `["${priceText(p)}","${countText(q)}"]`).join(',');
  for (const m of markets) {
    snapshotBodies.set(m.ticker, `{"market_ticker":"${m.ticker}","market_id":"${m.id}","yes_dollars_fp":[${ladder(m.yes)}],"no_dollars_fp":[${ladder(m.no)}]}`);
    depth.set(m.ticker, Math.max(m.yes.prices.length, m.no.prices.length));
  }

  // Zipf(1.1) over a random permutation of the markets: cumulative weights, binary search.
  const order = markets.map((_, i) => i).sort(() => r() - 0.5);
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 0; k < markets.length; k++) cumulative.push((total += 1 / Math.pow(k + 1, 1.1)));
  const zipf = (): Market => {
    const x = r() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return markets[order[lo] as number] as Market;
  };

  let nowUs = Date.UTC(2026, 7, 27, 13, 56, 23) * 1000;
  const tsText = (): string => {
    const ms = Math.floor(nowUs / 1000);
    return `${new Date(ms).toISOString().slice(0, 19)}.${String(nowUs % 1_000_000).padStart(6, '0')}Z`;
  };

  /** Serializes entries in Kalshi order, or shuffled for the "other order" share. */
  const shuffle = <T>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
    }
    return xs;
  };
  const object = (entries: [string, string][], other: boolean): string => `{${(other ? shuffle(entries) : entries).map(([k, v]) => `"${k}":${v}`).join(',')}}`;
  const SEQ = '\u0000SEQ\u0000';
  let otherCount = 0;
  const frame = (type: string, sid: number, sequenced: boolean, msg: [string, string][], other: boolean, delta: boolean): StreamFrame => {
    const envelope: [string, string][] = [['type', `"${type}"`], ['sid', String(sid)]];
    if (sequenced) envelope.push(['seq', SEQ]);
    envelope.push(['msg', object(msg, other)]);
    const text = object(envelope, other);
    if (other) otherCount++;
    if (!sequenced) return { sid, head: text, tail: undefined, delta };
    const at = text.indexOf(SEQ);
    return { sid, head: text.slice(0, at), tail: text.slice(at + SEQ.length), delta };
  };
  const str = (s: string): string => `"${s}"`;

  const frames: StreamFrame[] = [];
  let deltas = 0;
  let tradeId = 0;
  while (deltas < options.deltas) {
    const m = options.activity === 'round-robin' ? (markets[deltas % markets.length] as Market) : zipf();
    nowUs += int(20, 400);
    const other = r() < otherShare;
    const roll = r();
    if (roll < tickerShare / (1 + tickerShare + tradeShare)) {
      const bid = Math.max(...m.yes.prices, 0);
      const bestNo = Math.max(...m.no.prices, 0);
      frames.push(frame('ticker', SID.ticker, false, [
        ['market_ticker', str(m.ticker)], ['market_id', str(m.id)], ['price_dollars', str(priceText(m.lastPrice))],
        ['yes_bid_dollars', str(priceText(bid))], ['yes_ask_dollars', str(priceText(10_000 - bestNo))],
        ['volume_fp', str(countText(m.volume))], ['open_interest_fp', str(countText(Math.floor(m.volume / 3)))],
        ['yes_bid_size_fp', str(countText(m.yes.qty.get(bid) ?? 0))], ['yes_ask_size_fp', str(countText(m.no.qty.get(bestNo) ?? 0))],
        ['last_trade_size_fp', str(countText(int(1, 50) * 100))], ['ts', String(Math.floor(nowUs / 1e6))], ['ts_ms', String(Math.floor(nowUs / 1000))],
      ], other, false));
      continue;
    }
    if (roll < (tickerShare + tradeShare) / (1 + tickerShare + tradeShare)) {
      const yes = int(1, 99) * 100;
      const count = r() < 0.7 ? int(1, 100) * 100 : int(1, 10_000);
      m.volume += count;
      m.lastPrice = yes;
      const taker = r() < 0.5 ? 'yes' : 'no';
      // Trades come in alphabetical key order on the live wire.
      frames.push(frame('trade', SID.trade, true, [
        ['count_fp', str(countText(count))], ['market_ticker', str(m.ticker)], ['no_price_dollars', str(priceText(10_000 - yes))],
        ['taker_book_side', str(taker === 'yes' ? 'bid' : 'ask')], ['taker_outcome_side', str(taker)], ['taker_side', str(taker)],
        ['trade_id', str(`${(++tradeId).toString(16).padStart(8, '0')}-553e-7222-2304-fb05558d63d0`)],
        ['ts', String(Math.floor(nowUs / 1e6))], ['ts_ms', String(Math.floor(nowUs / 1000))], ['yes_price_dollars', str(priceText(yes))],
      ], other, false));
      continue;
    }
    const yesSide = r() < 0.5;
    const side = yesSide ? m.yes : m.no;
    const max = yesSide ? m.yesMax : m.noMax;
    const n = side.prices.length;
    const under = n < m.target;
    const op = r();
    let price: number;
    let change: number;
    const pAdd = under ? 0.22 : 0.12;
    const pRemove = under ? 0.12 : 0.22;
    if (n === 0 || op < pAdd) {
      // A new level: near the top of the book most of the time.
      let p = 0;
      for (let attempt = 0; attempt < 12; attempt++) {
        const slotsDown = Math.floor(Math.pow(r(), 2) * (max / m.tick));
        const candidate = max - slotsDown * m.tick;
        if (candidate > 0 && !side.qty.has(candidate)) {
          p = candidate;
          break;
        }
      }
      if (p === 0) continue; // the grid is full around the top: draw again
      price = p;
      change = size();
      side.add(price, change);
    } else {
      price = side.prices[Math.floor(r() * n)] as number;
      const q = side.qty.get(price) as number;
      if (op < pAdd + pRemove) {
        change = -q;
        side.remove(price);
      } else {
        change = r() < 0.5 ? size() : -Math.min(q - 1, size());
        if (change === 0) change = 100;
        side.qty.set(price, q + change);
      }
    }
    deltas++;
    frames.push(frame('orderbook_delta', SID.orderbook_delta, true, [
      ['market_ticker', str(m.ticker)], ['market_id', str(m.id)], ['price_dollars', str(priceText(price))],
      ['delta_fp', str(countText(change))], ['side', str(yesSide ? 'yes' : 'no')], ['ts', str(tsText())], ['ts_ms', String(Math.floor(nowUs / 1000))],
    ], other, true));
  }
  return { markets: markets.map((m) => m.ticker), snapshotBodies, depth, frames, deltaCount: deltas, otherOrder: otherCount / frames.length };
}

/** The old micro case: two alternating bodies, a +/− pair at one level of one market. */
export function twoBodyWorkload(deltas: number): Workload {
  const ticker = 'MICRO-TWO-BODY';
  const body = (d: string): string => `{"market_ticker":"${ticker}","market_id":"","price_dollars":"0.5000","delta_fp":"${d}","side":"yes","ts":"2026-08-27T13:56:23.996443Z","ts_ms":1787838983996}`;
  const bodies = [body('100.00'), body('-100.00')];
  const frames: StreamFrame[] = Array.from({ length: deltas }, (_, i) => ({
    sid: SID.orderbook_delta, head: '{"type":"orderbook_delta","sid":1,"seq":', tail: `,"msg":${bodies[i & 1] as string}}`, delta: true,
  }));
  return {
    markets: [ticker],
    snapshotBodies: new Map([[ticker, `{"market_ticker":"${ticker}","market_id":"","yes_dollars_fp":[["0.5000","1000.00"]],"no_dollars_fp":[["0.4000","1000.00"]]}`]]),
    depth: new Map([[ticker, 1]]),
    frames,
    deltaCount: deltas,
    otherOrder: 0,
  };
}
