/**
 * The cases of issue 14 in virtual time (a scripted Kalshi behind a fake socket): overlapping
 * recoveries, a market the server keeps refusing while the user retries, the reconnect storm,
 * the hanging signer, and the connection-wide command budget.
 */
import { retry, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../lib/connection/kalshi-connection.js';
import type { ConnectionStatus } from '../../lib/connection/connection-status.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { CommandFaults } from '../../lib/simulator/command-faults.js';
import { FakeSocket, kalshiScript } from '../helpers/fake-socket.js';
import { deltaFrame, snapshotFrame } from '../helpers/messages.js';
import { prng as seeded } from '../../lib/simulator/prng.js';

beforeEach(() => FakeSocket.reset());

const scheduler = (): TestScheduler => new TestScheduler((a, b) => expect(a).toEqual(b));
const URL_ = 'ws://fake/trade-api/ws/v2';

/** kalshiScript behind the simulator's command faults (refusals answered with an error, the rest as Kalshi would). */
function faultyScript(faults: CommandFaults) {
  const base = kalshiScript();
  return (cmd: Record<string, unknown>, socket: FakeSocket) => {
    const v = faults.decide(cmd);
    if (v.kind === 'ignore') return [];
    if (v.kind === 'error') return [{ id: cmd['id'], type: 'error', msg: { code: v.code, msg: 'refused', ...(v.market === undefined ? {} : { market_ticker: v.market }) } }];
    return base(cmd, socket);
  };
}

/** A seeded PRNG (the simulator's mulberry32) for reproducible jitter. */
function prng(seed: number): () => number {
  const r = seeded(seed);
  return () => r.next();
}

describe('subscription core in virtual time: overlapping recoveries', () => {
  it('a violation on B while A\'s get_snapshot is in flight gets its own get_snapshot; both books end live', () => {
    const ts = scheduler();
    ts.run(() => {
      FakeSocket.now = () => ts.now();
      FakeSocket.script = kalshiScript();
      const conn = connect({ url: URL_, WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, reconnect: false, resyncTimeoutMs: 500 });
      const socket = FakeSocket.last;
      socket.open();
      const books = new Map<string, OrderBook>();
      for (const m of ['A', 'B']) conn.orderbook(m).subscribe((b) => books.set(m, b));
      ts.schedule(() => { socket.receive(snapshotFrame(1, 1, 'A')); socket.receive(snapshotFrame(1, 2, 'B')); }, 1);
      // A delta removing more than the level holds: a violation on A, then one on B while A's refresh is due.
      ts.schedule(() => socket.receive(deltaFrame(1, 3, 'A', '0.0800', '-999.00')), 2);
      ts.schedule(() => socket.receive(deltaFrame(1, 4, 'B', '0.0800', '-999.00')), 3);
      ts.schedule(() => {
        expect(books.get('A')?.status).toBe('stale');
        expect(books.get('B')?.status).toBe('stale');
        const snaps = socket.commands().filter((c: any) => c.params?.action === 'get_snapshot').map((c: any) => c.params.market_tickers);
        expect(snaps).toEqual([['A'], ['B']]);
        socket.receive(snapshotFrame(1, 5, 'B', [['0.1000', '5.00']]));
        socket.receive(snapshotFrame(1, 6, 'A', [['0.2000', '7.00']]));
        expect(books.get('A')).toMatchObject({ status: 'live', base: 'resync', yes: [['0.2000', '7.00']] });
        expect(books.get('B')).toMatchObject({ status: 'live', base: 'resync', yes: [['0.1000', '5.00']] });
        expect(conn.metricsNow()).toMatchObject({ violations: 2, resyncs: 2 });
        conn.close();
      }, 4);
    });
  });

  it('a snapshot that never comes is asked for again after the deadline, never left stale', () => {
    const ts = scheduler();
    ts.run(() => {
      FakeSocket.now = () => ts.now();
      FakeSocket.script = kalshiScript();
      const conn = connect({ url: URL_, WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, reconnect: false, resyncTimeoutMs: 500 });
      const socket = FakeSocket.last;
      socket.open();
      let book: OrderBook | undefined;
      conn.orderbook('A').subscribe((b) => { book = b; });
      ts.schedule(() => socket.receive(snapshotFrame(1, 1, 'A')), 1);
      ts.schedule(() => socket.receive(deltaFrame(1, 5, 'A')), 2);
      ts.schedule(() => {
        const at = socket.sent.filter((s) => s.frame.params?.action === 'get_snapshot').map((s) => s.at);
        expect(at).toEqual([2, 502]);
        socket.receive(snapshotFrame(1, 6, 'A'));
        expect(book?.status).toBe('live');
        conn.close();
      }, 600);
    });
  });
});

describe('subscription core in virtual time: a market the server keeps refusing', () => {
  it('a user retrying every 100 ms costs ≤ 3 commands naming it in its first minute; the other market stays live', () => {
    const ts = scheduler();
    ts.run(() => {
      FakeSocket.now = () => ts.now();
      const faults = new CommandFaults();
      faults.refuseMarket('BAD', true);
      FakeSocket.script = faultyScript(faults);
      const conn = connect({ url: URL_, WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, reconnect: false });
      const socket = FakeSocket.last;
      socket.open();
      let good: OrderBook | undefined;
      let errors = 0;
      conn.orderbook('GOOD').subscribe((b) => { good = b; });
      const user = conn.orderbook('BAD').pipe(retry({ delay: () => { errors++; return timer(100, ts); } })).subscribe();
      ts.schedule(() => socket.receive(snapshotFrame(1, 1, 'GOOD')), 5);
      ts.schedule(() => {
        const naming = socket.commands().filter((c) => JSON.stringify(c).includes('"BAD"'));
        expect(naming.length).toBeLessThanOrEqual(3);
        expect(errors).toBeGreaterThan(500);
        expect(good?.status).toBe('live');
        expect(socket.sent.length).toBeLessThanOrEqual(5);
        user.unsubscribe();
        conn.close();
      }, 59_999);
    });
  });
});

describe('subscription core in virtual time: refusals and releases', () => {
  function rig(faults: CommandFaults, ts: TestScheduler, options: object = {}) {
    FakeSocket.now = () => ts.now();
    FakeSocket.script = faultyScript(faults);
    const conn = connect({ url: URL_, WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, reconnect: false, ...options });
    const socket = FakeSocket.last;
    socket.open();
    const steps = (): string[] => socket.commands().map((c: any) => c.params?.action ?? c.cmd);
    return { conn, socket, steps };
  }

  it('batch isolation: a valid and an invalid market in one tick, the error naming none: only the invalid one errors', () => {
    const ts = scheduler();
    ts.run(() => {
      const faults = new CommandFaults();
      faults.refuseMarket('BAD', false);
      const { conn, socket, steps } = rig(faults, ts);
      let good: unknown;
      let bad: unknown;
      conn.channel('ticker', { market_ticker: 'GOOD' }).subscribe({ error: (e) => { good = e; } });
      conn.channel('ticker', { market_ticker: 'BAD' }).subscribe({ error: (e) => { bad = e; } });
      ts.schedule(() => {
        expect(good).toBeUndefined();
        expect(bad).toMatchObject({ name: 'KalshiCommandError', code: 11, marketTicker: 'BAD' });
        expect(steps()).toEqual(['subscribe', 'subscribe', 'add_markets']);
        expect(socket.commands()[1]).toEqual({ cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['GOOD'] } });
        conn.close();
      }, 5);
    });
  });

  it.each([7, 11])('delete_markets answered %i counts as released: one command, then quiet', (code) => {
    const ts = scheduler();
    ts.run(() => {
      const faults = new CommandFaults();
      faults.add({ match: { action: 'delete_markets' }, effect: { kind: 'error', code } });
      const { conn, steps } = rig(faults, ts);
      conn.channel('ticker', { market_ticker: 'A' }).subscribe();
      const b = conn.channel('ticker', { market_ticker: 'B' }).subscribe();
      ts.schedule(() => b.unsubscribe(), 5);
      ts.schedule(() => {
        expect(steps()).toEqual(['subscribe', 'delete_markets']);
        conn.close();
      }, 10_000);
    });
  });

  it('a release never answered times out once and replaces the socket; the new socket holds exactly what is wanted', () => {
    const ts = scheduler();
    ts.run(() => {
      const faults = new CommandFaults();
      faults.add({ match: { action: 'delete_markets' }, effect: { kind: 'ignore' } });
      FakeSocket.now = () => ts.now();
      FakeSocket.script = faultyScript(faults);
      const conn = connect({ url: URL_, WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, commandTimeoutMs: 300, reconnect: { random: () => 0 } });
      FakeSocket.last.open();
      conn.channel('ticker', { market_ticker: 'A' }).subscribe();
      const b = conn.channel('ticker', { market_ticker: 'B' }).subscribe();
      ts.schedule(() => b.unsubscribe(), 5);
      ts.schedule(() => FakeSocket.last.open(), 400);
      ts.schedule(() => {
        expect(FakeSocket.instances).toHaveLength(2);
        expect(FakeSocket.instances[0]!.commands().map((c: any) => c.params?.action ?? c.cmd)).toEqual(['subscribe', 'delete_markets']);
        expect(FakeSocket.last.commands()).toEqual([{ cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['A'] } }]);
        conn.close();
      }, 5_000);
    });
  });

  it('get_snapshot answered 27 is sent again after 1 s on the same sid (no teardown, no resubscribe)', () => {
    const ts = scheduler();
    ts.run(() => {
      const faults = new CommandFaults();
      faults.add({ match: { action: 'get_snapshot' }, effect: { kind: 'error', code: 27 }, times: 1 });
      const { conn, socket, steps } = rig(faults, ts);
      let book: OrderBook | undefined;
      conn.orderbook('A').subscribe((b) => { book = b; });
      ts.schedule(() => socket.receive(snapshotFrame(1, 1, 'A')), 1);
      ts.schedule(() => socket.receive(deltaFrame(1, 5, 'A')), 2);
      ts.schedule(() => {
        expect(steps()).toEqual(['subscribe', 'get_snapshot', 'get_snapshot']);
        expect(socket.sent.map((x) => x.at)).toEqual([0, 2, 1002]);
        socket.receive(snapshotFrame(1, 6, 'A'));
        expect(book?.status).toBe('live');
        expect(conn.metricsNow().rateLimited).toBe(1);
        conn.close();
      }, 1500);
    });
  });
});

describe('subscription core in virtual time: a channel the server refuses', () => {
  it('a user retrying a refused whole-channel subscription every 100 ms costs ≤ 3 commands in a minute', () => {
    const ts = scheduler();
    ts.run(() => {
      FakeSocket.now = () => ts.now();
      FakeSocket.script = kalshiScript({ failChannels: { fill: { code: 9, msg: 'Authentication required' } } });
      const conn = connect({ url: URL_, WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, reconnect: false });
      const socket = FakeSocket.last;
      socket.open();
      let errors = 0;
      const user = conn.fills().pipe(retry({ delay: () => { errors++; return timer(100, ts); } })).subscribe();
      ts.schedule(() => {
        expect(socket.sent.length).toBeLessThanOrEqual(3);
        expect(errors).toBeGreaterThan(500);
        user.unsubscribe();
        conn.close();
      }, 59_999);
    });
  });
});

describe('subscription core in virtual time: reconnect storm', () => {
  it.each([1, 2, 3])('every socket killed 50 ms after it opens, for 10 s (seed %i): ≤ 20 handshakes; books restored after', (seed) => {
    const ts = scheduler();
    ts.run(() => {
      FakeSocket.now = () => ts.now();
      const base = kalshiScript();
      let sid = 0;
      FakeSocket.script = (cmd, socket) => {
        const replies = base(cmd, socket) as { msg?: { sid?: number } }[];
        for (const r of replies) if (r.msg?.sid !== undefined) sid = r.msg.sid;
        return replies;
      };
      const statuses: ConnectionStatus[] = [];
      const conn = connect({ url: URL_, WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, reconnect: { random: prng(seed) } });
      conn.status$.subscribe((s) => statuses.push(s));
      let book: OrderBook | undefined;
      conn.orderbook('A').subscribe((b) => { book = b; });
      let seen = 0;
      const watch = (): void => {
        const count = FakeSocket.instances.length;
        for (let i = seen; i < count; i++) {
          const s = FakeSocket.instances[i]!;
          ts.schedule(() => {
            s.open();
            if (ts.now() < 10_000) ts.schedule(() => s.serverClose(false), 50);
            else ts.schedule(() => s.receive(snapshotFrame(sid, 1, 'A')), 1);
          }, 1);
        }
        seen = count;
      };
      const tick = (): void => {
        watch();
        if (ts.now() < 59_000) ts.schedule(tick, 1);
      };
      ts.schedule(tick, 0);
      ts.schedule(() => {
        const handshakes = FakeSocket.instances.filter((_, i) => i < seen).length;
        const during = statuses.filter((s) => s.state === 'reconnecting').length;
        expect(during).toBeLessThanOrEqual(20);
        expect(handshakes).toBeLessThanOrEqual(21);
        expect(book?.status).toBe('live');
        conn.close();
      }, 60_000);
    });
  });
});

describe('subscription core in virtual time: signer', () => {
  it('a signer that never answers shows as reconnecting (signing-failed) within its timeout and is retried', () => {
    const ts = scheduler();
    ts.run(() => {
      FakeSocket.now = () => ts.now();
      FakeSocket.script = kalshiScript();
      let calls = 0;
      const sign = (): Promise<string> => (++calls === 1 ? new Promise<string>(() => undefined) : Promise.resolve('c2ln'));
      const statuses: string[] = [];
      const conn = connect({ url: URL_, WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, auth: { keyId: 'k', sign }, reconnect: { random: () => 0 } });
      conn.status$.subscribe((s) => statuses.push(`${ts.now()}:${s.state}${s.state === 'reconnecting' ? `:${s.reason}` : ''}`));
      ts.schedule(() => {
        expect(statuses).toEqual(['0:connecting', '10000:reconnecting:signing-failed', '10000:connecting']);
        expect(calls).toBe(2);
        conn.close();
      }, 10_001);
    });
  });
});

describe('subscription core in virtual time: restore', () => {
  it('restoring 3 channels of 1,000 markets each after a drop costs 3 commands, within the budget', () => {
    const ts = scheduler();
    ts.run(() => {
      FakeSocket.now = () => ts.now();
      FakeSocket.script = kalshiScript();
      const conn = connect({ url: URL_, WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, reconnect: { random: () => 0 } });
      FakeSocket.last.open();
      const markets = Array.from({ length: 1000 }, (_, i) => `R-${i}`);
      for (const m of markets) conn.orderbook(m).subscribe();
      conn.ticker(markets).subscribe();
      conn.trades(markets).subscribe();
      ts.schedule(() => FakeSocket.last.serverClose(false), 10);
      ts.schedule(() => FakeSocket.last.open(), 20);
      ts.schedule(() => {
        expect(FakeSocket.instances).toHaveLength(2);
        const restore = FakeSocket.last.commands() as { cmd: string; params: { market_tickers?: string[] } }[];
        expect(restore.map((c) => [c.cmd, c.params.market_tickers?.length])).toEqual([['subscribe', 1000], ['subscribe', 1000], ['subscribe', 1000]]);
        conn.close();
      }, 100);
    });
  });
});

describe('subscription core in virtual time: command budget', () => {
  it('no path exceeds the connection-wide budget: 100 user commands go out 20 at once, then 10 per second', () => {
    const ts = scheduler();
    ts.run(() => {
      FakeSocket.now = () => ts.now();
      FakeSocket.script = kalshiScript();
      const conn = connect({ url: URL_, WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, reconnect: false, commandTimeoutMs: 60_000 });
      const socket = FakeSocket.last;
      socket.open();
      let done = 0;
      for (let i = 0; i < 100; i++) conn.listSubscriptions().subscribe({ complete: () => { done++; } });
      ts.schedule(() => {
        expect(socket.sent.filter((s) => s.at === 0)).toHaveLength(20);
        for (let t = 1000; t <= 8000; t += 1000) expect(socket.sent.filter((s) => s.at <= t).length).toBeLessThanOrEqual(20 + t / 100);
        expect(done).toBe(100);
        conn.close();
      }, 9_000);
    });
  });
});
