// The sockets of a pool as its user sees them (fake time, fake sockets answered by the in-memory
// Kalshi): a placement policy, refusals at attach, idle sockets closing, what status$ replays,
// a socket that ends for good, and age rotation's edges.
import { describe, expect, it, vi } from 'vitest';
import { KalshiConnectionClosedError } from '../../lib/connection/connection-errors.js';
import type { ConnectionStatus } from '../../lib/connection/connection-status.js';
import { KalshiUsageError } from '../../lib/errors/kalshi-error.js';
import { FakeSocket } from '../helpers/fake-socket.js';
import { AutoSocket, holdOpening, placed, pool, rotating, sockets, tickerOn, useFakePoolTime } from '../helpers/pool-harness.js';

useFakePoolTime();

/**
 * A one-socket pool whose only ticker consumer (M0, live) left just now: the socket's
 * subscription of the channel lives until Kalshi answers the unsubscribe.
 */
async function channelJustLeft(): Promise<ReturnType<typeof pool>> {
  const conn = pool({ maxSockets: 1 });
  const first = conn.ticker(['M0']).subscribe();
  await vi.advanceTimersByTimeAsync(20);
  first.unsubscribe();
  return conn;
}

const errorOf = (subscribe: (o: { error: (e: unknown) => void }) => unknown): unknown => {
  let error: unknown;
  subscribe({ error: (e) => (error = e) });
  return error;
};

describe('placement policy (assign)', () => {
  it("'new' opens a socket per market up to maxSockets; a socket number is used when it can take the channel, else the default decides", async () => {
    const seen: number[][] = [];
    const conn = pool({
      maxSockets: 3,
      assign: (_channel, market, loads) => {
        seen.push(loads.map((l) => l.socket));
        if (market === 'N0' || market === 'N1' || market === 'N2' || market === 'N3') return 'new';
        if (market === 'P0') return 1;
        if (market === 'P9') return 9;
        return undefined;
      },
    });
    for (const m of ['N0', 'N1', 'N2', 'N3', 'P0', 'P9']) conn.ticker([m]).subscribe();
    await vi.advanceTimersByTimeAsync(100);
    // N2 finds the pool full and N3 no policy: the default's first socket with room; so does P9 (no socket 9).
    expect(sockets().map(placed)).toEqual([['N2', 'N3', 'P9'], ['N0', 'P0'], ['N1']]);
    expect(seen[0]).toEqual([0]);
    conn.close();
  });

  it('a socket number whose channel has other options is no option: the default places the market', async () => {
    const conn = pool({ maxSockets: 2, assign: (_c, market) => (market === 'B' ? 0 : undefined) });
    conn.ticker(['A']).subscribe();
    conn.channel('ticker', { market_ticker: 'B', skip_ticker_ack: true }).subscribe();
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets().map(placed)).toEqual([['A'], ['B']]);
    conn.close();
  });
});

describe('attaching', () => {
  it('after close() a new consumer fails at once as closed, and no socket is made', async () => {
    const conn = pool({ maxMarketsPerSocket: 1 });
    conn.ticker(['M0']).subscribe();
    await vi.advanceTimersByTimeAsync(10);
    conn.close();
    for (const m of ['M0', 'M1']) {
      const error = errorOf((o) => conn.ticker([m]).subscribe(o));
      expect(error).toBeInstanceOf(KalshiConnectionClosedError);
      expect((error as Error).message).toBe('connection is closed');
    }
    await vi.advanceTimersByTimeAsync(10);
    expect(sockets()).toHaveLength(1);
  });

  it('after close() a consumer that a placement policy puts on a new socket fails at once as closed too', async () => {
    const conn = pool({ assign: (_c, m) => (m === 'M1' ? 'new' : undefined) });
    conn.ticker(['M0']).subscribe();
    await vi.advanceTimersByTimeAsync(10);
    conn.close();
    const error = errorOf((o) => conn.ticker(['M1']).subscribe(o));
    expect(error).toBeInstanceOf(KalshiConnectionClosedError);
    expect((error as Error).message).toBe('connection is closed');
    await vi.advanceTimersByTimeAsync(10);
    expect(sockets()).toHaveLength(1);
  });

  it('other options on every socket the pool may open: refused naming maxSockets; a whole-channel consumer too', async () => {
    const conn = pool({ maxSockets: 2 });
    conn.channel('ticker', { market_ticker: 'M0' }).subscribe();
    conn.channel('ticker', { market_ticker: 'M1', skip_ticker_ack: true }).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    const error = errorOf((o) => conn.channel('ticker', { market_ticker: 'M2', send_initial_snapshot: true }).subscribe(o));
    expect(error).toBeInstanceOf(KalshiUsageError);
    expect((error as Error).message).toBe('ticker is already subscribed with other options on every socket this pool may open (maxSockets 2); Kalshi merges subscriptions per channel and socket');
    expect(errorOf((o) => conn.channel('ticker', { send_initial_snapshot: true }).subscribe(o))).toBeInstanceOf(KalshiUsageError);
    expect(conn.metricsNow().sockets!.map((s) => s.markets['ticker'])).toEqual([1, 1]);
    conn.close();
  });
  it('one socket: a consumer with other options right after the last consumer of the channel left (its unsubscribe still on the way) waits for the release, then subscribes with its options', async () => {
    const conn = await channelJustLeft();
    // The new one waits for the release instead of failing (it used to fail with the usage error).
    let error: unknown;
    const states: string[] = [];
    conn.events('ticker', { market_ticker: 'M1', skip_ticker_ack: true }).subscribe({ next: (e) => { if (e.kind === 'status') states.push(e.status.state); }, error: (e: unknown) => (error = e) });
    await vi.advanceTimersByTimeAsync(50);
    expect(error).toBeUndefined();
    expect(states).toContain('live');
    expect(sockets()[0]!.commands()).toEqual([
      { cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['M0'] } },
      { cmd: 'unsubscribe', params: { sids: [1] } },
      { cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['M1'], skip_ticker_ack: true } },
    ]);
    conn.close();
  });

  it('one socket: while the waiting subscription has consumers, the old options are refused (no stall); once they left, nothing of theirs is sent', async () => {
    const conn = await channelJustLeft();
    const waiting = conn.channel('ticker', { market_ticker: 'M1', skip_ticker_ack: true }).subscribe();
    const error = errorOf((o) => conn.channel('ticker', { market_ticker: 'M2' }).subscribe(o));
    expect(error).toBeInstanceOf(KalshiUsageError);
    expect((error as Error).message).toMatch(/^ticker is already subscribed on this connection with other options/);
    waiting.unsubscribe();
    // The waiting one is gone before the release: the old options may come back (to the old
    // subscription, still held), and nothing of the waiting one's goes out.
    conn.channel('ticker', { market_ticker: 'M3' }).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets()[0]!.commands()).toEqual([
      { cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['M0'] } },
      { cmd: 'update_subscription', params: { sid: 1, action: 'add_markets', market_tickers: ['M3'] } },
      { cmd: 'update_subscription', params: { sid: 1, action: 'delete_markets', market_tickers: ['M0'] } },
    ]);
    conn.close();
  });
});

describe('idle sockets', () => {
  it('a socket closes idleSocketMs after its last consumer left, not after the first; its statuses are not reported; it leaves the metrics', async () => {
    const conn = pool({ maxMarketsPerSocket: 2, idleSocketMs: 1_000 });
    const statuses: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => statuses.push(s));
    const subs = ['M0', 'M1', 'M2', 'M3'].map((m) => conn.ticker([m]).subscribe());
    await vi.advanceTimersByTimeAsync(50);
    statuses.length = 0;
    subs[2]!.unsubscribe();
    await vi.advanceTimersByTimeAsync(500);
    subs[3]!.unsubscribe();
    await vi.advanceTimersByTimeAsync(990);
    expect(sockets()[1]!.readyState).toBe(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(sockets()[1]!.readyState).toBe(3);
    expect(statuses).toEqual([]);
    expect(conn.metricsNow().sockets!.map((s) => s.socket)).toEqual([0]);
    conn.close();
  });

  it('a socket emptied again closes idleSocketMs after it was last emptied, not after the first time', async () => {
    const conn = pool({ maxMarketsPerSocket: 1, idleSocketMs: 1_000 });
    conn.ticker(['M0']).subscribe();
    conn.ticker(['M1']).subscribe().unsubscribe();
    await vi.advanceTimersByTimeAsync(100);
    const again = conn.ticker(['M2']).subscribe();
    await vi.advanceTimersByTimeAsync(800);
    again.unsubscribe();
    await vi.advanceTimersByTimeAsync(200);
    expect(sockets().map((s) => s.readyState)).toEqual([1, 1]);
    await vi.advanceTimersByTimeAsync(850);
    expect(sockets().map((s) => s.readyState)).toEqual([1, 3]);
    conn.close();
  });

  it('a market placed on an emptied socket before idleSocketMs keeps it open', async () => {
    const conn = pool({ maxMarketsPerSocket: 2, idleSocketMs: 1_000 });
    const subs = ['M0', 'M1', 'M2'].map((m) => conn.ticker([m]).subscribe());
    await vi.advanceTimersByTimeAsync(50);
    subs[2]!.unsubscribe();
    await vi.advanceTimersByTimeAsync(500);
    conn.ticker(['M5']).subscribe();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sockets()).toHaveLength(2);
    expect(sockets()[1]!.readyState).toBe(1);
    expect(placed(sockets()[1]!)).toEqual(['M2', 'M5']);
    conn.close();
  });
});

describe('idle sockets and rotation', () => {
  it('an emptied socket rotated before it closed: its replacement closes idleSocketMs after the handover, and the totals do not move', async () => {
    const conn = pool({ maxMarketsPerSocket: 1, idleSocketMs: 1_000 });
    conn.ticker(['M0']).subscribe();
    const leaving = conn.ticker(['M1']).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    leaving.unsubscribe();
    let done = false;
    void conn.rotate().then(() => (done = true));
    // Socket 0's ticker stream hands over after the barrier and QUIET_MS; the emptied socket at once.
    await vi.advanceTimersByTimeAsync(200);
    expect(done).toBe(true);
    expect(sockets().map((s) => s.readyState)).toEqual([3, 3, 1, 1]);
    const sent = conn.metricsNow().commandsSent;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets().map((s) => s.readyState)).toEqual([3, 3, 1, 3]);
    expect(conn.metricsNow().sockets!.map((s) => s.socket)).toEqual([2]);
    expect(conn.metricsNow().commandsSent).toBe(sent);
    conn.close();
  });
  it('a socket emptied while its rotation is under way closes idleSocketMs after the rotation is abandoned', async () => {
    const conn = pool({ maxMarketsPerSocket: 1, idleSocketMs: 1_000, rotation: { handoverTimeoutMs: 500 } });
    conn.ticker(['M0']).subscribe();
    const leaving = conn.ticker(['M1']).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    // Socket 0's replacement (socket 2) opens and takes over; socket 1's (socket 3) never opens.
    holdOpening(2);
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(120);
    expect(sockets().map((s) => s.readyState)).toEqual([3, 1, 1, 0]);
    leaving.unsubscribe();
    await vi.advanceTimersByTimeAsync(500);
    expect(r.outcome).toBe('rejected');
    expect(sockets().map((s) => s.readyState)).toEqual([3, 1, 1, 3]);
    await vi.advanceTimersByTimeAsync(600);
    expect(sockets()[1]!.readyState).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets()[1]!.readyState).toBe(3);
    expect(conn.metricsNow().sockets!.map((s) => s.socket)).toEqual([2]);
    conn.close();
  });
  it('a socket whose idle time comes while its rotation is under way is not closed under it; its replacement closes idleSocketMs after the handover', async () => {
    const conn = pool({ maxMarketsPerSocket: 1, idleSocketMs: 1_000 });
    conn.ticker(['M0']).subscribe();
    const leaving = conn.ticker(['M1']).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    leaving.unsubscribe();
    await vi.advanceTimersByTimeAsync(500);
    holdOpening(2);
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(600);
    // Socket 1's idle time has come; its replacement (socket 3) has not opened yet.
    expect(sockets().map((s) => s.readyState)).toEqual([3, 1, 1, 0]);
    sockets()[3]!.open();
    await vi.advanceTimersByTimeAsync(10);
    expect(r.outcome).toBe('resolved');
    expect(sockets().map((s) => s.readyState)).toEqual([3, 3, 1, 1]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets().map((s) => s.readyState)).toEqual([3, 3, 1, 3]);
    expect(conn.metricsNow().sockets!.map((s) => s.socket)).toEqual([2]);
    conn.close();
  });
});

describe('starting sockets', () => {
  it('a socket still waiting for the one before it to open is not replayed by status$', async () => {
    AutoSocket.hold = true;
    const conn = pool({ maxMarketsPerSocket: 1 });
    conn.ticker(['M0']).subscribe();
    conn.ticker(['M1']).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets()).toHaveLength(1);
    const late: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => late.push(s)).unsubscribe();
    expect(late).toEqual([{ state: 'connecting', attempt: 1, socket: 0 }]);
    conn.close();
  });

  it('close() after the next socket was due to start: it is never made', async () => {
    AutoSocket.hold = true;
    const conn = pool({ maxMarketsPerSocket: 1 });
    conn.ticker(['M0']).subscribe();
    conn.ticker(['M1']).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    sockets()[0]!.open();
    vi.advanceTimersToNextTimer();
    conn.close();
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets()).toHaveLength(1);
    // Nothing is left trying to start it (the idle timers of the emptied sockets run out too).
    await vi.advanceTimersByTimeAsync(10_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a socket that ends for good ends the pool: one closed status, and every consumer fails', async () => {
    const conn = pool({ maxMarketsPerSocket: 1 });
    const statuses: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => statuses.push(s));
    const errors: unknown[] = [];
    for (const m of ['M0', 'M1']) conn.ticker([m]).subscribe({ error: (e: unknown) => errors.push(e) });
    await vi.advanceTimersByTimeAsync(50);
    statuses.length = 0;
    sockets()[1]!.serverClose(false);
    await vi.advanceTimersByTimeAsync(50);
    expect(statuses).toMatchObject([{ state: 'closed', reason: 'dropped', error: { name: 'KalshiConnectionClosedError' } }]);
    expect(sockets()[0]!.readyState).toBe(3);
    expect(errors).toHaveLength(2);
  });

  it('close() after a socket ended the pool changes nothing: status$ still ends with the closed status of that end', async () => {
    const conn = pool();
    await vi.advanceTimersByTimeAsync(10);
    sockets()[0]!.serverClose(false);
    conn.close();
    const late: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => late.push(s));
    expect(late).toMatchObject([{ state: 'closed', reason: 'dropped', error: { message: 'socket dropped; reconnect is disabled' } }]);
  });
  it('a socket that cannot even be made (reconnect off) ends the pool before it reports anything: one closed status, reason error', async () => {
    const conn = pool({ WebSocketCtor: class { constructor() { throw new SyntaxError('bad url'); } } as never });
    const statuses: unknown[] = [];
    conn.status$.subscribe({ next: (s) => statuses.push(s), complete: () => statuses.push('complete') });
    expect(statuses).toEqual([{ state: 'closed', reason: 'error', error: expect.any(KalshiConnectionClosedError) }, 'complete']);
    expect(((statuses[0] as { error: Error }).error).message).toBe('socket error; reconnect is disabled');
    let error: unknown;
    conn.ticker(['M0']).subscribe({ error: (e: unknown) => (error = e) });
    await vi.advanceTimersByTimeAsync(10);
    expect(error).toBeInstanceOf(KalshiConnectionClosedError);
  });
});

describe('a socket reconnecting', () => {
  it('keeps its age from when it first opened, and the pool goes on', async () => {
    const conn = pool({ reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
    const statuses: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => statuses.push(s));
    conn.ticker(['M0']).subscribe();
    await vi.advanceTimersByTimeAsync(101);
    sockets()[0]!.serverClose(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets()).toHaveLength(2);
    expect(sockets()[1]!.readyState).toBe(1);
    expect(statuses.filter((s) => s.state === 'open')).toHaveLength(2);
    expect(conn.metricsNow().sockets!.map((s) => s.ageMs)).toEqual([200]);
    conn.close();
  });
});

describe('age rotation edges', () => {
  it('maxAgeMs 1 is accepted', () => {
    expect(() => pool({ rotation: { maxAgeMs: 1 } }).close()).not.toThrow();
  });

  it('a socket is rotated at the first check where its age reaches maxAgeMs exactly', async () => {
    const conn = pool({ rotation: { maxAgeMs: 4 } });
    await vi.advanceTimersByTimeAsync(5);
    expect(sockets()).toHaveLength(2);
    expect(sockets()[1]!.createdAt - 1_000_000).toBe(5);
    conn.close();
  });

  it('an age rotation that fails is tried again at a later check', async () => {
    const conn = pool({ rotation: { maxAgeMs: 400, handoverTimeoutMs: 300 } });
    conn.ticker(['M0']).subscribe();
    await vi.advanceTimersByTimeAsync(10);
    const old = sockets()[0]!;
    const kalshi = FakeSocket.script;
    FakeSocket.script = (cmd, s) => (s === old ? kalshi(cmd, s) : []);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets().length).toBeGreaterThanOrEqual(3);
    expect(old.readyState).toBe(1);
    conn.close();
  });

  it('after close() no check is left running', async () => {
    const conn = pool({ rotation: { maxAgeMs: 400 } });
    await vi.advanceTimersByTimeAsync(10);
    conn.close();
    await vi.advanceTimersByTimeAsync(500);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('pool metrics', () => {
  it('pendingCommands is the sum over the sockets', async () => {
    const conn = pool({ maxMarketsPerSocket: 1 });
    FakeSocket.script = () => []; // nothing is answered: every subscribe stays pending
    conn.ticker(['M0']).subscribe();
    conn.ticker(['M1']).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets()).toHaveLength(2);
    expect(conn.metricsNow().pendingCommands).toBe(2);
    conn.close();
  });

  it('lastMessageAgeMs merges the sockets per sid, the oldest age winning; a socket not started yet is waiting', async () => {
    const conn = pool({ maxMarketsPerSocket: 1 });
    conn.ticker(['M0']).subscribe();
    conn.ticker(['M1']).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    tickerOn(sockets()[0]!, 'M0', '0.4000');
    tickerOn(sockets()[1]!, 'M1', '0.4000');
    expect(conn.metricsNow().lastMessageAgeMs).toEqual({ 1: 0 });
    await vi.advanceTimersByTimeAsync(30);
    tickerOn(sockets()[1]!, 'M1', '0.4000');
    expect(conn.metricsNow().lastMessageAgeMs).toEqual({ 1: 30 });
    conn.close();
    AutoSocket.hold = true;
    const held = pool({ maxMarketsPerSocket: 1 });
    held.ticker(['M0']).subscribe();
    held.ticker(['M1']).subscribe();
    await vi.advanceTimersByTimeAsync(50);
    expect(held.metricsNow().sockets!.map((s) => s.state)).toEqual(['connecting', 'waiting']);
    held.close();
  });
});
