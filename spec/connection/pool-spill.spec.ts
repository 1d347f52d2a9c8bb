// Error 26 on a pool as its consumers see it (fake time, fake sockets answered by the in-memory
// Kalshi or a script): a consumer over many markets keeps the ones that fit where they are and
// moves the rest; a part refused while its socket is not over its cap is placed elsewhere (or, with
// nowhere to go, fails with the refusal); a whole-channel refusal fails at once.
import { describe, expect, it, vi } from 'vitest';
import type { KalshiConnection } from '../../lib/connection/kalshi-connection-api.js';
import { FakeSocket, kalshiScript } from '../helpers/fake-socket.js';
import { placed, pool, sockets, tickerOn, useFakePoolTime } from '../helpers/pool-harness.js';

useFakePoolTime();

/** One events('ticker') consumer: how often it heard live (and with which markets), its data's markets, its error. */
function consumer(conn: KalshiConnection, markets: readonly string[]) {
  const c = { lives: [] as string[], data: [] as string[], error: undefined as unknown, done: false };
  const sub = conn.events('ticker', { market_tickers: [...markets] }).subscribe({
    next: (e) => {
      if (e.kind === 'status' && e.status.state === 'live') c.lives.push(('markets' in e.status ? e.status.markets ?? [] : []).join(','));
      if (e.kind === 'data') c.data.push(e.message.msg.market_ticker);
    },
    error: (e: unknown) => { c.error = e; c.done = true; },
    complete: () => (c.done = true),
  });
  return Object.assign(c, { unsubscribe: () => sub.unsubscribe() });
}

/** (After pool(), which installs the in-memory Kalshi.) Socket 0 refuses an add_markets of several markets with error 26 naming the last one; the rest is the in-memory Kalshi. */
function refuseBatchesOnFirstSocket(): void {
  const kalshi = kalshiScript();
  FakeSocket.script = (cmd, s) => {
    const ms = cmd.params?.market_tickers as string[] | undefined;
    if (s === sockets()[0] && cmd.params?.action === 'add_markets' && ms !== undefined && ms.length > 1) return [{ id: cmd.id, type: 'error', msg: { code: 26, msg: 'Too many markets', market_ticker: ms.at(-1) } }];
    return kalshi(cmd, s);
  };
}

describe('error 26 sheds a consumer over many markets (fake time)', () => {
  it('one consumer of 8 markets, cap 4, exchange limit 2: it hears live once with all of them and the data of each, over 4 sockets of 2', async () => {
    const markets = Array.from({ length: 8 }, (_, i) => `S${i}`);
    const conn = pool({ maxMarketsPerSocket: 4 }, { maxMarketsPerSubscription: 2 });
    const c = consumer(conn, markets);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(c.error).toBeUndefined();
    expect(c.lives).toEqual([markets.join(',')]);
    expect(conn.metricsNow().sockets!.map((s) => s.markets['ticker'])).toEqual([2, 2, 2, 2]);
    expect(sockets().map(placed).flat().sort()).toEqual(expect.arrayContaining(markets));
    for (const s of sockets()) for (const m of new Set(placed(s))) tickerOn(s, m, '0.5000');
    expect(new Set(c.data)).toEqual(new Set(markets));
    conn.close();
  });

  it('eight consumers of one market each: every one hears live exactly once', async () => {
    const markets = Array.from({ length: 8 }, (_, i) => `S${i}`);
    const conn = pool({ maxMarketsPerSocket: 4 }, { maxMarketsPerSubscription: 2 });
    const cs = markets.map((m) => consumer(conn, [m]));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cs.map((c) => c.lives)).toEqual(markets.map((m) => [m]));
    expect(cs.every((c) => c.error === undefined)).toBe(true);
    conn.close();
  });
  it("markets shed from one channel leave the socket's other channels where they are", async () => {
    const markets = ['S0', 'S1', 'S2', 'S3'];
    const conn = pool({ maxMarketsPerSocket: 4 }, { maxMarketsPerSubscription: 2 });
    conn.trades(['S2', 'S3']).subscribe();
    const c = consumer(conn, markets);
    await vi.advanceTimersByTimeAsync(1_000);
    // S2,S3 are refused and placed again a turn later: live once, with all four, when they are live too.
    expect(c.lives).toEqual(['S0,S1,S2,S3']);
    const trades = (s: FakeSocket): string[] => s.sent.filter((x) => x.frame.cmd === 'subscribe' && x.frame.params.channels[0] === 'trade').flatMap((x) => x.frame.params.market_tickers as string[]);
    expect(sockets().map(trades)).toEqual([['S2', 'S3'], ...sockets().slice(1).map(() => [])]);
    expect(sockets()[0]!.sent.filter((x) => x.frame.params?.sid === 1 && x.frame.params?.action === 'delete_markets')).toEqual([]);
    conn.close();
  });
  it('a limit learned on another socket leaves the markets of a whole-channel subscription where they are (the server sends every market there)', async () => {
    const conn = pool({ maxMarketsPerSocket: 4 }, { maxMarketsPerSubscription: 2 });
    conn.channel('ticker').subscribe();
    await vi.advanceTimersByTimeAsync(20);
    const cs: ReturnType<typeof consumer>[] = [];
    // M0..M3 fill socket 0 (whole channel there: no command); M4..M6 go to socket 1, which refuses M6 holding 2.
    for (const m of ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6']) {
      cs.push(consumer(conn, [m]));
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(cs.map((c) => c.error)).toEqual(cs.map(() => undefined));
    expect(cs.map((c) => c.lives)).toEqual(['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6'].map((m) => [m]));
    expect(sockets()[0]!.commands()).toEqual([{ cmd: 'subscribe', params: { channels: ['ticker'] } }]);
    expect(sockets().slice(1).map(placed)).toEqual([['M4', 'M5', 'M6'], ['M6']]);
    expect(conn.metricsNow().sockets!.map((s) => s.learnedLimits)).toEqual([{}, { ticker: 2 }, {}]);
    tickerOn(sockets()[0]!, 'M3', '0.5000');
    expect(cs[3]!.data).toEqual(['M3']);
    conn.close();
  });
  it('markets the server already holds stay when the socket sheds, even when they were placed last', async () => {
    const conn = pool({ maxMarketsPerSocket: 4 }, { maxMarketsPerSubscription: 2 });
    const first = consumer(conn, ['M0']);
    await vi.advanceTimersByTimeAsync(20);
    consumer(conn, ['M1']);
    await vi.advanceTimersByTimeAsync(20);
    const later = [consumer(conn, ['M2']), consumer(conn, ['M3'])];
    // M0 leaves and comes back in the same turn: the server keeps it, and it is now the socket's last market.
    first.unsubscribe();
    const back = consumer(conn, ['M0']);
    await vi.advanceTimersByTimeAsync(200);
    expect([back, ...later].map((c) => c.error)).toEqual([undefined, undefined, undefined]);
    expect([back, ...later].map((c) => c.lives)).toEqual([['M0'], ['M2'], ['M3']]);
    expect(sockets().slice(1).map(placed)).toEqual([['M2', 'M3']]);
    expect(sockets()[0]!.sent.filter((c) => c.frame.params?.action === 'delete_markets')).toEqual([]);
    tickerOn(sockets()[0]!, 'M0', '0.5000');
    expect(back.data).toEqual(['M0']);
    conn.close();
  });
});

/**
 * The first socket refuses a batch beyond its limit: M0 and M1 go on first, M2 and M3 (two more
 * consumers) come after, and the socket refuses the batch naming M3.
 */
async function refusedFourth(conn: ReturnType<typeof pool>) {
  refuseBatchesOnFirstSocket();
  const a = consumer(conn, ['M0', 'M1']);
  await vi.advanceTimersByTimeAsync(20);
  const b = consumer(conn, ['M2']);
  const c = consumer(conn, ['M3']);
  await vi.advanceTimersByTimeAsync(200);
  return { a, b, c };
}

describe('error 26 naming one market of a batch (fake time)', () => {
  it('the named market moves to another socket; the socket learns the limit as the markets it held', async () => {
    const conn = pool();
    const { a, b, c } = await refusedFourth(conn);
    expect([a.error, b.error, c.error]).toEqual([undefined, undefined, undefined]);
    expect([a.lives, b.lives, c.lives]).toEqual([['M0,M1'], ['M2'], ['M3']]);
    expect(sockets()).toHaveLength(2);
    expect(placed(sockets()[1]!)).toEqual(['M3']);
    expect(conn.metricsNow().sockets!.map((s) => s.learnedLimits)).toEqual([{ ticker: 2 }, {}]);
    tickerOn(sockets()[1]!, 'M3', '0.5000');
    expect(c.data).toEqual(['M3']);
    conn.close();
  });

  it('a placement policy naming the refusing socket is not followed for the move', async () => {
    const conn = pool({ assign: (_c, m) => (m === 'M3' ? 0 : undefined) });
    const { c } = await refusedFourth(conn);
    expect(c.error).toBeUndefined();
    expect(sockets()).toHaveLength(2);
    expect(placed(sockets()[1]!)).toEqual(['M3']);
    conn.close();
  });

  it('with nowhere else to go (maxSockets 1) the consumer fails with the refusal; the others keep their markets', async () => {
    const conn = pool({ maxSockets: 1 });
    const { a, b, c } = await refusedFourth(conn);
    expect(c.error).toMatchObject({ name: 'KalshiCommandError', code: 26 });
    expect([a.error, b.error]).toEqual([undefined, undefined]);
    expect(b.lives).toEqual(['M2']);
    expect(sockets()).toHaveLength(1);
    conn.close();
  });

  it('a move that fits only partly places nothing: the markets it had counted elsewhere are let go', async () => {
    // Socket 1 (opened by the policy) holds X1..X3 of its 4; socket 0 refuses B's batch naming M3.
    const conn = pool({ maxSockets: 2, maxMarketsPerSocket: 4, assign: (_c, m) => (m === 'X1' ? 'new' : m?.startsWith('X') === true ? 1 : undefined) });
    refuseBatchesOnFirstSocket();
    consumer(conn, ['X1', 'X2', 'X3']);
    consumer(conn, ['M0', 'M1']);
    await vi.advanceTimersByTimeAsync(50);
    const b = consumer(conn, ['M2', 'M3']);
    await vi.advanceTimersByTimeAsync(200);
    expect(b.error).toMatchObject({ name: 'KalshiCommandError', code: 26 });
    expect(conn.metricsNow().sockets!.map((s) => s.markets['ticker'])).toEqual([2, 3]);
    expect(placed(sockets()[1]!)).toEqual(['X1', 'X2', 'X3']);
    conn.close();
  });

  it('a consumer that left before its markets were placed again is placed nowhere', async () => {
    const conn = pool();
    refuseBatchesOnFirstSocket();
    consumer(conn, ['M0', 'M1']);
    await vi.advanceTimersByTimeAsync(20);
    consumer(conn, ['M2']);
    const c = consumer(conn, ['M3']);
    // The refusal arrives when the add_markets goes out; the consumer leaves in that same turn, before the move.
    const send = sockets()[0]!.send.bind(sockets()[0]!);
    sockets()[0]!.send = (data: string) => { send(data); if ((JSON.parse(data) as { params?: { action?: string } }).params?.action === 'add_markets') c.unsubscribe(); };
    await vi.advanceTimersByTimeAsync(200);
    expect(c.error).toBeUndefined();
    expect(sockets()).toHaveLength(1);
    conn.close();
  });

  it('a whole-channel subscription refused with error 26 fails at once, and no other socket is tried', async () => {
    const conn = pool();
    FakeSocket.script = (cmd) => (cmd.cmd === 'subscribe' ? [{ id: cmd.id, type: 'error', msg: { code: 26, msg: 'Too many markets' } }] : []);
    let error: unknown;
    conn.channel('ticker').subscribe({ error: (e: unknown) => (error = e) });
    await vi.advanceTimersByTimeAsync(20);
    expect(error).toMatchObject({ name: 'KalshiCommandError', code: 26 });
    await vi.advanceTimersByTimeAsync(200);
    expect(sockets()).toHaveLength(1);
    conn.close();
  });
});
