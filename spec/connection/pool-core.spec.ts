// A pool of sockets as its user sees it, over fake sockets answered by the in-memory Kalshi, in
// fake time (vitest's timers drive rxjs's asyncScheduler; promises run between timers): where
// markets go, when sockets open and close, what error 26 teaches the pool, and what consumers
// see across a make-before-break rotation. The same behaviours run over loopback against the
// simulator in spec/integration/pool.spec.ts and rotation.spec.ts; these are the fast, exact ones.
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus } from '../../lib/connection/connection-status.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { FakeSocket, kalshiScript } from '../helpers/fake-socket.js';
import { AutoSocket, placed, pool, rotating, sidOf, sockets, tickerOn, useFakePoolTime, watchLive } from '../helpers/pool-harness.js';

useFakePoolTime();
const MARKETS = ['M0', 'M1', 'M2', 'M3', 'M4'];

describe('connectPool placement (fake time)', () => {
  it('puts at most maxMarketsPerSocket markets on a socket, and opens the next socket only once the previous one is open', async () => {
    const conn = pool({ maxMarketsPerSocket: 2 });
    for (const m of MARKETS) conn.ticker([m]).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets().map(placed)).toEqual([['M0', 'M1'], ['M2', 'M3'], ['M4']]);
    const made = sockets().map((s) => s.createdAt - 1_000_000);
    expect(made[0]).toBe(0);
    for (let i = 1; i < made.length; i++) expect(made[i]!).toBeGreaterThan(made[i - 1]!);
    expect(conn.metricsNow().sockets?.map((s) => s.markets['ticker'])).toEqual([2, 2, 1]);
    conn.close();
  });

  it('a consumer over two sockets hears live once, with all its markets, and receives the data of both', async () => {
    const conn = pool({ maxMarketsPerSocket: 2 });
    const events: string[] = [];
    conn.events('ticker', { market_tickers: ['M0', 'M1', 'M2'] }).subscribe((e) => {
      if (e.kind === 'status') events.push(`${e.status.state}:${'markets' in e.status ? (e.status.markets ?? []).join(',') : ''}`);
      else if (e.kind === 'data') events.push(`data:${(e.message as { msg: { market_ticker: string } }).msg.market_ticker}`);
    });
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets()).toHaveLength(2);
    tickerOn(sockets()[1]!, 'M2', '0.5000');
    tickerOn(sockets()[0]!, 'M0', '0.4000');
    tickerOn(sockets()[0]!, 'M9', '0.4000'); // a market the consumer did not name
    expect(events).toEqual(['live:M0,M1,M2', 'data:M2', 'data:M0']);
    conn.close();
  });

  it('closes a socket other than the first once it carried nothing for idleSocketMs, and not before', async () => {
    const conn = pool({ maxMarketsPerSocket: 2, idleSocketMs: 1_000 });
    const subs = MARKETS.slice(0, 4).map((m) => conn.ticker([m]).subscribe());
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets()).toHaveLength(2);
    subs[2]!.unsubscribe();
    subs[3]!.unsubscribe();
    subs[0]!.unsubscribe();
    subs[1]!.unsubscribe();
    await vi.advanceTimersByTimeAsync(990);
    expect(sockets().map((s) => s.readyState)).toEqual([1, 1]);
    await vi.advanceTimersByTimeAsync(20);
    expect(sockets().map((s) => s.readyState)).toEqual([1, 3]);
    // A market placed later goes on the first socket (still open), and no new socket is made.
    conn.ticker(['M4']).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets()).toHaveLength(2);
    expect(placed(sockets()[0]!)).toContain('M4');
    conn.close();
  });

  it('close(): every socket closes and every consumer completes', async () => {
    const conn = pool({ maxMarketsPerSocket: 2 });
    let completed = 0;
    for (const m of MARKETS) conn.ticker([m]).subscribe({ complete: () => completed++ });
    await vi.advanceTimersByTimeAsync(50);
    conn.close();
    expect(sockets().map((s) => s.readyState)).toEqual([3, 3, 3]);
    expect(completed).toBe(5);
  });
});

describe('error 26 (fake time)', () => {
  it('learns the exchange limit from the first refusal of one market and moves what does not fit, with a bounded number of commands', async () => {
    const conn = pool({ maxMarketsPerSocket: 1000 }, { maxMarketsPerSubscription: 2 });
    const { live, errors } = watchLive(conn, MARKETS);
    await vi.advanceTimersByTimeAsync(500);
    expect(errors).toEqual([]);
    expect([...live].sort()).toEqual(MARKETS);
    expect(sockets()).toHaveLength(3);
    expect(conn.metricsNow().sockets?.map((s) => s.markets['ticker'])).toEqual([2, 2, 1]);
    expect(conn.metricsNow().sockets?.every((s) => s.learnedLimits['ticker'] === undefined || s.learnedLimits['ticker'] === 2)).toBe(true);
    const commands = sockets().reduce((n, s) => n + s.sent.length, 0);
    expect(commands).toBeLessThanOrEqual(8);
    conn.close();
  });
});

describe('error 26 after markets were placed (fake time)', () => {
  it('the limit learned on one socket sheds the markets placed beyond it on every socket, which move to new sockets', async () => {
    const markets = Array.from({ length: 8 }, (_, i) => `S${i}`);
    const conn = pool({ maxMarketsPerSocket: 4 }, { maxMarketsPerSubscription: 2 });
    const { live, errors } = watchLive(conn, markets);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(errors).toEqual([]);
    expect([...live].sort()).toEqual(markets);
    const perSocket = conn.metricsNow().sockets!;
    expect(perSocket.map((s) => s.markets['ticker'])).toEqual([2, 2, 2, 2]);
    // Learned on the first socket (the others take it as the pool's default).
    expect(perSocket.map((s) => s.learnedLimits['ticker'])).toEqual([2, undefined, undefined, undefined]);
    // Seven commands in all: two refused on the first socket (the batch of four, then the third market), one per new socket.
    expect(sockets().map((s) => s.sent.length)).toEqual([4, 1, 1, 1]);
    expect(sockets().slice(1).map(placed)).toEqual([['S4', 'S5'], ['S2', 'S3'], ['S6', 'S7']]);
    conn.close();
  });
});

describe('rotate() (fake time)', () => {
  it('a replacement opens and subscribes, the old socket closes after the handover, rotated is reported once, and consumers see no gap', async () => {
    const conn = pool({}, { books: true });
    const statuses: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => statuses.push(s));
    const books: OrderBook[] = [];
    const prices: number[] = [];
    conn.orderbook('M0').subscribe((b) => books.push(b));
    conn.ticker(['M0']).subscribe((t) => prices.push(Number(t.msg.price_dollars)));
    await vi.advanceTimersByTimeAsync(50);
    expect(books.at(-1)?.status).toBe('live');
    const old = sockets()[0]!;
    let done = false;
    AutoSocket.hold = true; // the replacement opens when the test says
    void conn.rotate().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(sockets()).toHaveLength(2);
    const fresh = sockets()[1]!;
    // During the overlap the old socket still serves.
    tickerOn(old, 'M0', '0.4100');
    expect(prices).toEqual([4100]);
    fresh.open();
    await vi.advanceTimersByTimeAsync(200);
    expect(done).toBe(true);
    expect(old.readyState).toBe(3);
    expect(fresh.readyState).toBe(1);
    expect(statuses.filter((s) => s.state === 'rotated')).toHaveLength(1);
    expect(statuses.filter((s) => s.state === 'closed')).toEqual([]);
    // The replacement, lagging, sends the ticker the old socket delivered in the overlap: dropped; a new one passes.
    tickerOn(fresh, 'M0', '0.4100');
    tickerOn(fresh, 'M0', '0.4200');
    expect(prices).toEqual([4100, 4200]);
    expect(books.every((b) => b.status === 'live')).toBe(true);
    expect(books.at(-1)?.yes).toEqual(books[0]!.yes);
    conn.close();
  });

  /** A ticker consumer on one socket whose answers to the handover barrier are held (returned, not sent). */
  async function tickerWithHeldBarrier(): Promise<{ conn: ReturnType<typeof pool>; prices: number[]; old: AutoSocket; held: object[] }> {
    const conn = pool();
    const prices: number[] = [];
    conn.ticker(['M0']).subscribe((t) => prices.push(Number(t.msg.price_dollars)));
    await vi.advanceTimersByTimeAsync(50);
    const old = sockets()[0]!;
    const kalshi = FakeSocket.script;
    const held: object[] = [];
    FakeSocket.script = (cmd, s) => {
      const out = kalshi(cmd, s);
      if (s !== old || cmd.cmd !== 'list_subscriptions') return out;
      held.push(...out);
      return [];
    };
    return { conn, prices, old, held };
  }

  it('a frame the old socket sent before the replacement subscribed, read only after the replacement is live, still reaches the consumer: the handover waits for the old socket to answer a barrier', async () => {
    const { conn, prices, old, held } = await tickerWithHeldBarrier();
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(50);
    const fresh = sockets()[1]!;
    expect(fresh.readyState).toBe(1);
    expect(r.outcome).toBe('pending');
    // Sent on the old socket before the replacement's subscription existed: the replacement never
    // sends it; the old socket's answer to the barrier comes after it.
    tickerOn(old, 'M0', '0.4300');
    expect(held).toHaveLength(1);
    for (const f of held) old.receive(f);
    // Then the old socket stays quiet on the stream for QUIET_MS.
    await vi.advanceTimersByTimeAsync(50);
    expect(r.outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(60);
    expect(r.outcome).toBe('resolved');
    expect(old.readyState).toBe(3);
    tickerOn(fresh, 'M0', '0.4400');
    expect(prices).toEqual([4300, 4400]);
    conn.close();
  });

  it('an old socket behind the replacement (its data lags its answer) hands over once it delivers what the replacement already sent: nothing lost, nothing twice', async () => {
    const { conn, prices, old, held } = await tickerWithHeldBarrier();
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(50);
    const fresh = sockets()[1]!;
    for (const f of held) old.receive(f);
    // The replacement is ahead; the old socket's backlog still arrives, 60 ms apart (never quiet for QUIET_MS).
    tickerOn(fresh, 'M0', '0.4500');
    for (const p of ['0.4300', '0.4400']) {
      tickerOn(old, 'M0', p);
      await vi.advanceTimersByTimeAsync(60);
      expect(r.outcome).toBe('pending');
    }
    tickerOn(old, 'M0', '0.4500');
    await vi.advanceTimersByTimeAsync(1);
    expect(r.outcome).toBe('resolved');
    tickerOn(fresh, 'M0', '0.4600');
    expect(prices).toEqual([4300, 4400, 4500, 4600]);
    conn.close();
  });

  it('an old socket that never answers the barrier is handed over after 2 s (the replacement is live)', async () => {
    const { conn, prices, old } = await tickerWithHeldBarrier();
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(1_900);
    expect(r.outcome).toBe('pending');
    tickerOn(old, 'M0', '0.4300');
    await vi.advanceTimersByTimeAsync(200);
    expect(r.outcome).toBe('resolved');
    tickerOn(sockets()[1]!, 'M0', '0.4400');
    expect(prices).toEqual([4300, 4400]);
    conn.close();
  });

  it('a replacement that never answers is abandoned after handoverTimeoutMs: rotate() rejects, the old socket keeps serving', async () => {
    const conn = pool({ rotation: { handoverTimeoutMs: 1_000 } });
    const prices: number[] = [];
    conn.ticker(['M0']).subscribe((t) => prices.push(Number(t.msg.price_dollars)));
    await vi.advanceTimersByTimeAsync(50);
    const old = sockets()[0]!;
    const kalshi = FakeSocket.script;
    FakeSocket.script = (cmd, s) => (s === old ? kalshi(cmd, s) : []);
    let outcome = 'pending';
    conn.rotate().then(() => (outcome = 'resolved'), (e: Error) => (outcome = e.name));
    await vi.advanceTimersByTimeAsync(990);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(100);
    expect(outcome).not.toBe('pending');
    expect(outcome).not.toBe('resolved');
    expect(sockets()[1]!.readyState).toBe(3);
    expect(old.readyState).toBe(1);
    tickerOn(old, 'M0', '0.4300');
    expect(prices).toEqual([4300]);
    conn.close();
  });
});

describe('pool status and metrics (fake time)', () => {
  it('status$ tags each socket, replays the current states to a late subscriber, and ends with one untagged closed', async () => {
    const conn = pool({ maxMarketsPerSocket: 2 });
    const early: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => early.push(s));
    for (const m of MARKETS.slice(0, 3)) conn.ticker([m]).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    expect(early.filter((s) => s.state === 'open').map((s) => s.socket)).toEqual([0, 1]);
    const late: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => late.push(s));
    expect(late).toEqual([
      { state: 'open', attempt: 1, socket: 0 },
      { state: 'open', attempt: 1, socket: 1 },
    ]);
    let completed = false;
    conn.status$.subscribe({ complete: () => (completed = true) });
    conn.close();
    expect(early.at(-1)).toEqual({ state: 'closed', reason: 'closed-by-client' });
    expect(early.filter((s) => s.state === 'closed')).toHaveLength(1);
    expect(completed).toBe(true);
    const after: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => after.push(s));
    expect(after).toEqual([{ state: 'closed', reason: 'closed-by-client' }]);
  });

  it('connect() is a pool of one whose statuses carry no socket tag', async () => {
    FakeSocket.script = kalshiScript();
    const { connect } = await import('../../lib/connection/kalshi-connection.js');
    const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: AutoSocket as never, staleAfterMs: 0, reconnect: false });
    const statuses: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => statuses.push(s));
    await vi.advanceTimersByTimeAsync(10);
    expect(statuses).toEqual([{ state: 'connecting', attempt: 1 }, { state: 'open', attempt: 1 }]);
    expect(conn.metricsNow().sockets).toBeUndefined();
    conn.close();
  });

  it('metricsNow() sums every socket and lists each one; a rotated-away socket keeps counting in the totals', async () => {
    const conn = pool({ maxMarketsPerSocket: 2 });
    for (const m of MARKETS.slice(0, 3)) conn.ticker([m]).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    tickerOn(sockets()[0]!, 'M0', '0.4000');
    tickerOn(sockets()[0]!, 'M1', '0.4000');
    tickerOn(sockets()[1]!, 'M2', '0.4000');
    await vi.advanceTimersByTimeAsync(100);
    const m = conn.metricsNow();
    expect(m.messages).toBe(3);
    expect(m.subscriptions).toBe(2);
    expect(m.commandsSent).toBe(sockets().reduce((n, s) => n + s.sent.length, 0));
    // M0 and M1 went out in one subscribe.
    expect(m.sockets?.map((x) => ({ socket: x.socket, state: x.state, markets: x.markets, commandsSent: x.commandsSent, learnedLimits: x.learnedLimits }))).toEqual([
      { socket: 0, state: 'open', markets: { ticker: 2 }, commandsSent: 1, learnedLimits: {} },
      { socket: 1, state: 'open', markets: { ticker: 1 }, commandsSent: 1, learnedLimits: {} },
    ]);
    const [age0, age1] = m.sockets!.map((x) => x.ageMs);
    expect(age0).toBeGreaterThan(100);
    expect(age0).toBeGreaterThanOrEqual(age1!);
    expect(Object.keys(m.sockets![0]!.lastMessageAgeMs)).toEqual(['1']);
    expect(m.sockets![0]!.lastMessageAgeMs[1]).toBeLessThanOrEqual(100);
    let rotated = false;
    void conn.rotate().then(() => (rotated = true));
    await vi.advanceTimersByTimeAsync(500);
    expect(rotated).toBe(true);
    const after = conn.metricsNow();
    expect(after.messages).toBeGreaterThanOrEqual(3);
    expect(after.commandsSent).toBeGreaterThan(m.commandsSent);
    expect(after.sockets?.map((x) => x.socket)).toEqual([2, 3]);
    conn.close();
  });
});

describe('automatic rotation (fake time)', () => {
  it('rotation.maxAgeMs: a socket is replaced once it is that old (why: age), and its replacement later in turn', async () => {
    const conn = pool({ rotation: { maxAgeMs: 2_000 } });
    const rotated: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => { if (s.state === 'rotated') rotated.push(s); });
    conn.ticker(['M0']).subscribe();
    await vi.advanceTimersByTimeAsync(1_900);
    expect(rotated).toEqual([]);
    await vi.advanceTimersByTimeAsync(800);
    expect(rotated).toMatchObject([{ state: 'rotated', socket: 0, by: 1, why: 'age' }]);
    expect(sockets()[0]!.readyState).toBe(3);
    // The replacement opened at ~2,500 ms; it is checked every maxAgeMs / 4.
    await vi.advanceTimersByTimeAsync(2_300);
    expect(rotated).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(rotated.map((s) => s.state === 'rotated' && [s.socket, s.by])).toEqual([[0, 1], [1, 2]]);
    conn.close();
  });

  it('rotation.whenDegraded: data stalls while the socket stays open (stale) → that socket is replaced once (why: degraded)', async () => {
    const conn = pool({ maxMarketsPerSocket: 1, dataStaleAfterMs: 1_000, rotation: { whenDegraded: true } });
    const rotated: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => { if (s.state === 'rotated') rotated.push(s); });
    conn.ticker(['M0']).subscribe();
    conn.ticker(['M1']).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets()).toHaveLength(2);
    // M1's socket keeps delivering; M0's goes silent.
    for (let t = 0; t < 20; t++) {
      tickerOn(sockets()[1]!, 'M1', '0.4000');
      await vi.advanceTimersByTimeAsync(100);
    }
    // Replaced once: the replacement's ticker subscription is just as silent (the feed is quiet).
    expect(rotated).toMatchObject([{ state: 'rotated', socket: 0, by: 2, why: 'degraded' }]);
    expect(sockets()[1]!.readyState).toBe(1);
    // Once it carried data and then stalls again, it is replaced again.
    const replacement = sockets()[2]!;
    tickerOn(replacement, 'M0', '0.4100');
    for (let t = 0; t < 18; t++) {
      tickerOn(sockets()[1]!, 'M1', '0.4000');
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(rotated).toMatchObject([{ socket: 0, by: 2 }, { socket: 2, by: 3, why: 'degraded' }]);
    conn.close();
  });

  it('rejects bad numbers at once', () => {
    expect(() => pool({ maxSockets: 0 })).toThrow(/maxSockets must be a positive integer, got 0/);
    expect(() => pool({ maxMarketsPerSocket: 1.5 })).toThrow(/maxMarketsPerSocket must be a positive integer, got 1.5/);
    expect(() => pool({ idleSocketMs: -1 })).toThrow(/idleSocketMs must be a positive integer/);
    expect(() => pool({ rotation: { handoverTimeoutMs: 0 } })).toThrow(/rotation.handoverTimeoutMs must be a positive integer/);
    expect(() => pool({ rotation: { maxAgeMs: 0 } })).toThrow(/rotation.maxAgeMs must be a positive integer, got 0/);
  });
});

describe('a full pool (fake time)', () => {
  it('at maxSockets, markets over the cap go to the least loaded socket; no third socket opens', async () => {
    const conn = pool({ maxSockets: 2, maxMarketsPerSocket: 2 });
    const live: string[] = [];
    for (const m of MARKETS) conn.events('ticker', { market_ticker: m }).subscribe((e) => { if (e.kind === 'status' && e.status.state === 'live') live.push(m); });
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets()).toHaveLength(2);
    expect(live.sort()).toEqual(MARKETS);
    expect(conn.metricsNow().sockets?.map((s) => s.markets['ticker'])).toEqual([3, 2]);
    conn.close();
  });

  it('a consumer leaving sends its command on its own socket only', async () => {
    const conn = pool({ maxMarketsPerSocket: 2 });
    const subs = MARKETS.slice(0, 4).map((m) => conn.ticker([m]).subscribe());
    await vi.advanceTimersByTimeAsync(50);
    const before = sockets().map((s) => s.sent.length);
    subs[2]!.unsubscribe();
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets()[0]!.sent.length).toBe(before[0]);
    expect(sockets()[1]!.sent.slice(before[1]).map((c) => c.frame)).toMatchObject([{ cmd: 'update_subscription', params: { action: 'delete_markets', market_tickers: ['M2'] } }]);
    conn.close();
  });
});

describe('raw commands on a pool (fake time)', () => {
  it('listSubscriptions() asks every socket and returns their lists together', async () => {
    const conn = pool({ maxMarketsPerSocket: 2 });
    for (const m of MARKETS.slice(0, 3)) conn.ticker([m]).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    let lists: readonly { channel: string; sid: number }[] | undefined;
    conn.listSubscriptions().subscribe((l) => (lists = l));
    await vi.advanceTimersByTimeAsync(10);
    expect(lists?.map((l) => [l.channel, l.sid])).toEqual([['ticker', 1], ['ticker', 1]]);
    expect(sockets().map((s) => s.sent.filter((c) => c.frame.cmd === 'list_subscriptions').length)).toEqual([1, 1]);
    conn.close();
  });

  it('updateSubscription() works on one socket and is refused, naming the alternative, on several', async () => {
    const conn = pool({ maxMarketsPerSocket: 2 });
    conn.ticker(['M0']).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    let ok: unknown;
    conn.updateSubscription({ sid: 1, market_tickers: ['M9'], action: 'add_markets' }).subscribe((r) => (ok = r));
    await vi.advanceTimersByTimeAsync(10);
    expect(ok).toMatchObject({ type: 'ok', sid: 1 });
    for (const m of MARKETS.slice(1, 3)) conn.ticker([m]).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets()).toHaveLength(2);
    expect(() => conn.updateSubscription({ sid: 1, market_tickers: ['M9'], action: 'delete_markets' })).toThrow(/a pool has one sid space per socket; use channel\(\) with markets, or connect\(\)/);
    conn.close();
  });

  it('a book violation asks a snapshot on the socket that holds the market, and only there', async () => {
    const conn = pool({ maxMarketsPerSocket: 1 }, { books: true });
    const books: Record<string, number> = { M0: 0, M1: 0 };
    for (const m of ['M0', 'M1']) conn.orderbook(m).subscribe(() => books[m]!++);
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets()).toHaveLength(2);
    const [s0, s1] = sockets() as [AutoSocket, AutoSocket];
    const before = [s0.sent.length, s1.sent.length];
    // A delta that removes more than M1 rests at 40¢ (10): a violation, then a resync of M1.
    s1.receive({ type: 'orderbook_delta', sid: sidOf(s1, 'orderbook_delta'), seq: 2, msg: { market_ticker: 'M1', price_dollars: '0.4000', delta_fp: '-50.00', side: 'yes' } });
    await vi.advanceTimersByTimeAsync(50);
    expect(s0.sent.length).toBe(before[0]);
    expect(s1.sent.slice(before[1]).map((c) => c.frame)).toMatchObject([{ cmd: 'update_subscription', params: { action: 'get_snapshot', market_tickers: ['M1'] } }]);
    expect(conn.metricsNow().violations).toBe(1);
    conn.close();
  });
});

