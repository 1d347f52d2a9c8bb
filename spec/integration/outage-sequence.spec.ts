// What subscribers see over time, through the public API only (connect, orderbook, events,
// status$, the simulator's faults): the sequence of statuses and books, not only the end
// state. Later recovery repairs books, so these check each step on the way.
import { afterEach, describe, expect, it } from 'vitest';
import { share } from 'rxjs';
import { connect } from '../../lib/connection/kalshi-connection.js';
import type { KalshiConnection } from '../../lib/connection/kalshi-connection-api.js';
import type { ChannelEvent } from '../../lib/connection/channel-event.js';
import type { ConnectionStatus, SubscriptionStatus } from '../../lib/connection/connection-status.js';
import type { OrderbookDelta, OrderbookSnapshot } from '../../lib/channels/orderbook-delta.js';
import { toOrderBook } from '../../lib/operators/to-order-book.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator } from '../../lib/simulator/simulator-api.js';
import { eventually, sleep } from '../helpers/eventually.js';

const MARKETS = ['OUT-A', 'OUT-B', 'OUT-C'];
let sim: Simulator | undefined;
let conn: KalshiConnection | undefined;

afterEach(async () => {
  conn?.close();
  conn = undefined;
  await sim?.close();
  sim = undefined;
});

type BookMessage = OrderbookSnapshot | OrderbookDelta;

/** Books of a market in the order a subscriber got them, split at each stale book. */
function segments(history: readonly OrderBook[]): OrderBook[][] {
  const out: OrderBook[][] = [[]];
  for (const b of history) {
    if (b.status === 'stale') out.push([]);
    else out.at(-1)!.push(b);
  }
  return out;
}

/** Within one base (between stale books) each book follows the one before by a later seq. */
function expectSeqIncreasing(history: readonly OrderBook[]): void {
  for (const seg of segments(history)) {
    for (let i = 1; i < seg.length; i++) expect(seg[i]!.seq!, `seq after ${seg[i - 1]!.seq}`).toBeGreaterThan(seg[i - 1]!.seq!);
  }
}

async function booksEqualTruth(books: ReadonlyMap<string, OrderBook>, markets: readonly string[] = MARKETS): Promise<void> {
  await eventually(() => {
    for (const m of markets) {
      expect(books.get(m)?.status, m).toBe('live');
      expect(books.get(m)?.yes, m).toEqual(sim!.book(m).yes);
      expect(books.get(m)?.no, m).toEqual(sim!.book(m).no);
    }
  }, 4000);
}

describe('a second and a third outage after healthy reconnects', () => {
  it('each starts the backoff again at attempt 1; attempts count up and delays follow the documented formula; books go stale once per outage and come back on a reconnect base', async () => {
    const initialDelayMs = 40;
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 3 });
    // A socket counts as healthy (the backoff starts over) after healthyAfterMs; short here, and each outage waits for it.
    conn = connect({ url: sim.url, reconnect: { initialDelayMs, maxDelayMs: 1000, random: () => 0.5, healthyAfterMs: 50 } });
    const statuses: ConnectionStatus[] = [];
    const subStatus: SubscriptionStatus[] = [];
    const errors: unknown[] = [];
    const books = new Map<string, OrderBook>();
    const history: OrderBook[] = [];
    conn.status$.subscribe({ next: (s) => statuses.push(s), error: (e: unknown) => errors.push(e) });
    for (const m of MARKETS) {
      conn.orderbook(m).subscribe({
        next: (b) => { books.set(m, b); if (m === 'OUT-A') history.push(b); },
        error: (e: unknown) => errors.push(e),
      });
    }
    conn.events('orderbook_delta', { market_tickers: MARKETS }).subscribe({
      next: (e) => { if (e.kind === 'status') subStatus.push(e.status); },
      error: (e: unknown) => errors.push(e),
    });
    const opens = (): number => statuses.filter((s) => s.state === 'open').length;
    await eventually(() => expect(books.size).toBe(MARKETS.length));
    sim.step(200);
    await booksEqualTruth(books);

    // Outage k is refused k−1 times before it reconnects.
    for (const refusals of [0, 1, 2]) {
      const from = statuses.length;
      await sleep(150);
      if (refusals > 0) sim.faults.refuseHandshakes(refusals, 503);
      sim.faults.drop();
      await eventually(() => expect(opens()).toBe(refusals + 2), 5000);
      sim.step(200);
      await booksEqualTruth(books);

      const outage = statuses.slice(from);
      expect(outage.map((s) => s.state)).toEqual(['reconnecting', ...Array(refusals).fill(['connecting', 'reconnecting']).flat(), 'connecting', 'open']);
      // A healthy open resets the count: the first delay is the first backoff step again.
      expect(outage[0]).toMatchObject({ state: 'reconnecting', attempt: 1, reason: 'dropped', delayMs: Math.floor(0.5 * initialDelayMs) });
      const connecting = outage.filter((s) => s.state === 'connecting');
      expect(connecting.map((s) => s.attempt)).toEqual(Array.from({ length: refusals + 1 }, (_, i) => i + 1));
      let lastAttempt = 0;
      for (const s of outage) {
        if (s.state !== 'reconnecting') continue;
        // docs/resilience.md: uniform in [0, min(maxDelayMs, initialDelayMs·2^(attempt−1))), here at 0.5.
        expect(s.delayMs).toBe(Math.floor(0.5 * Math.min(1000, initialDelayMs * 2 ** (s.attempt - 1))));
        expect(s.attempt).toBeGreaterThanOrEqual(lastAttempt);
        lastAttempt = s.attempt;
      }
      expect(outage.filter((s) => s.state === 'reconnecting').slice(1).every((s) => s.state === 'reconnecting' && s.detail.includes('HTTP 503'))).toBe(true);
      // The next connecting attempt is never behind the reconnecting status announcing it.
      outage.forEach((s, i) => {
        const next = outage[i + 1];
        if (s.state === 'reconnecting' && next?.state === 'connecting') expect(next.attempt).toBeGreaterThanOrEqual(s.attempt);
      });
    }

    expect(errors).toEqual([]);
    expect(conn.metricsNow().reconnects).toBe(3);
    // Three outages: three disconnected/reconnected pairs, in that order.
    const lifecycle = subStatus.filter((s) => s.state === 'disconnected' || s.state === 'reconnected').map((s) => s.state);
    expect(lifecycle).toEqual(['disconnected', 'reconnected', 'disconnected', 'reconnected', 'disconnected', 'reconnected']);
    // OUT-A: exactly one stale book per outage, and every base after the first is a reconnect.
    const segs = segments(history);
    expect(history.filter((b) => b.status === 'stale')).toHaveLength(3);
    expect(segs).toHaveLength(4);
    expect(segs.map((s) => s[0]?.base)).toEqual(['snapshot', 'reconnect', 'reconnect', 'reconnect']);
    for (const seg of segs) expect(seg.every((b) => b.base === seg[0]!.base)).toBe(true);
    expectSeqIncreasing(history);
  }, 20_000);
});

describe('a gap and its resync as subscribers see it', () => {
  it('gap → resyncing → live on events(); each book goes stale once, the next book is exactly the resync snapshot, and no delta from before it is applied', async () => {
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 5 });
    conn = connect({ url: sim.url, resyncTimeoutMs: 2000 });
    const errors: unknown[] = [];
    const events: ChannelEvent<BookMessage | { readonly type: string }>[] = [];
    const histories = new Map<string, OrderBook[]>(MARKETS.map((m) => [m, []]));
    const books = new Map<string, OrderBook>();
    conn.events('orderbook_delta', { market_tickers: MARKETS }).subscribe({ next: (e) => events.push(e), error: (e: unknown) => errors.push(e) });
    for (const m of MARKETS) {
      conn.orderbook(m).subscribe({ next: (b) => { books.set(m, b); histories.get(m)!.push(b); }, error: (e: unknown) => errors.push(e) });
    }
    await eventually(() => expect(books.size).toBe(MARKETS.length));
    sim.step(100);
    await booksEqualTruth(books);
    expect(sim.subscriptions()).toHaveLength(1); // events() and the books share one sid: their seqs compare

    sim.faults.loseNext(1);
    sim.step(300);
    await booksEqualTruth(books);
    expect(conn.metricsNow()).toMatchObject({ gaps: 1, resyncs: 1, reconnects: 0 });
    expect(errors).toEqual([]);

    const statuses = events.filter((e) => e.kind === 'status').map((e) => e.status);
    expect(statuses.slice(0, 3).map((s) => s.state)).toEqual(['live', 'gap', 'resyncing']);
    // Then live again: one status per market as its snapshot arrives (the core reports each), covering every market.
    const after = statuses.slice(3);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s.state === 'live')).toBe(true);
    expect([...new Set(after.flatMap((s) => (s.state === 'live' ? (s.markets ?? MARKETS) : [])))].sort()).toEqual([...MARKETS].sort());
    const resyncing = statuses[2] as Extract<SubscriptionStatus, { state: 'resyncing' }>;
    expect([...resyncing.markets].sort()).toEqual(MARKETS);
    const gapAt = events.findIndex((e) => e.kind === 'status' && e.status.state === 'gap');

    for (const m of MARKETS) {
      const history = histories.get(m)!;
      const segs = segments(history);
      expect(segs, m).toHaveLength(2);
      expect(history.filter((b) => b.status === 'stale'), m).toHaveLength(1);
      // The resync snapshot of m, as events() delivered it after the gap.
      const snapshot = events.slice(gapAt).map((e) => (e.kind === 'data' ? e.message : undefined))
        .find((msg): msg is OrderbookSnapshot => msg?.type === 'orderbook_snapshot' && (msg as OrderbookSnapshot).msg.market_ticker === m);
      expect(snapshot, m).toBeDefined();
      // events() delivers no delta of m between the gap and m's snapshot (they would be from before it).
      const snapshotAt = events.findIndex((e) => e.kind === 'data' && e.message === snapshot);
      const early = events.slice(gapAt, snapshotAt).filter((e) => e.kind === 'data' && e.message.type === 'orderbook_delta' && (e.message as OrderbookDelta).msg.market_ticker === m);
      expect(early, m).toEqual([]);
      const first = segs[1]![0]!;
      expect(first.base, m).toBe('resync');
      expect(first.seq, m).toBe(snapshot!.seq);
      const levels = (side: 'yes' | 'no') => (snapshot!.msg[side === 'yes' ? 'yes_dollars_fp' : 'no_dollars_fp'] ?? []).map(([p, q]) => [p, q]).sort((a, b) => a[0]! - b[0]!);
      expect(first.top('yes', Infinity).reverse(), m).toEqual(levels('yes'));
      expect(first.top('no', Infinity).reverse(), m).toEqual(levels('no'));
      // Every later book is one delta of m delivered after that snapshot (none from before it).
      const after = new Set(events.slice(events.findIndex((e) => e.kind === 'data' && e.message === snapshot))
        .flatMap((e) => (e.kind === 'data' && e.message.type === 'orderbook_delta' && (e.message as OrderbookDelta).msg.market_ticker === m ? [(e.message as OrderbookDelta).seq] : [])));
      for (const b of segs[1]!.slice(1)) expect(after.has(b.seq!), `${m} book at seq ${b.seq}`).toBe(true);
      expect(segs[1]!.length, m).toBe(after.size + 1);
      expectSeqIncreasing(history);
    }
  }, 20_000);
});

describe('several markets in one events() stream through toOrderBook', () => {
  it('each toOrderBook keeps only its market, all equal the truth, and one gap on the shared sid makes each stale once until its snapshot', async () => {
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 8 });
    conn = connect({ url: sim.url, resyncTimeoutMs: 2000 });
    const errors: unknown[] = [];
    const events$ = conn.events('orderbook_delta', { market_tickers: MARKETS }).pipe(share());
    const books = new Map<string, OrderBook>();
    const histories = new Map<string, OrderBook[]>(MARKETS.map((m) => [m, []]));
    const deltas = new Map<string, number>(MARKETS.map((m) => [m, 0]));
    events$.subscribe({
      next: (e) => { if (e.kind === 'data' && e.message.type === 'orderbook_delta') { const t = (e.message as OrderbookDelta).msg.market_ticker; deltas.set(t, deltas.get(t)! + 1); } },
      error: (e: unknown) => errors.push(e),
    });
    for (const m of MARKETS) {
      events$.pipe(toOrderBook(m)).subscribe({ next: (b) => { books.set(m, b); histories.get(m)!.push(b); }, error: (e: unknown) => errors.push(e) });
    }
    await eventually(() => expect(books.size).toBe(MARKETS.length));
    sim.step(300);
    await booksEqualTruth(books);
    expect(sim.subscriptions()).toEqual([expect.objectContaining({ channel: 'orderbook_delta', markets: MARKETS })]);
    for (const m of MARKETS) {
      const h = histories.get(m)!;
      expect(h.every((b) => b.marketTicker === m), m).toBe(true);
      // One book for the snapshot and one per delta of that market, none for the others' deltas.
      expect(h, m).toHaveLength(1 + deltas.get(m)!);
      expectSeqIncreasing(h);
    }
    expect([...deltas.values()].every((n) => n > 0)).toBe(true);

    sim.faults.loseNext(1);
    sim.step(300);
    await booksEqualTruth(books);
    for (const m of MARKETS) {
      const h = histories.get(m)!;
      expect(h.filter((b) => b.status === 'stale'), m).toHaveLength(1);
      expect(segments(h).map((s) => s[0]?.base), m).toEqual(['snapshot', 'resync']);
      expectSeqIncreasing(h);
    }
    expect(errors).toEqual([]);
  }, 20_000);
});
