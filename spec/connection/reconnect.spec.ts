import fc from 'fast-check';
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../lib/connection/backoff-delay.js';
import { connect } from '../../lib/connection/kalshi-connection.js';
import type { ConnectionStatus } from '../../lib/connection/connection-status.js';
import { FakeSocket, kalshiScript } from '../helpers/fake-socket.js';
import { tickerFrame } from '../helpers/messages.js';

beforeEach(() => FakeSocket.reset());

const scheduler = (): TestScheduler => new TestScheduler((a, b) => expect(a).toEqual(b));

describe('backoffDelay', () => {
  it('stays within full-jitter bounds [0, min(max, initial·2^(n-1)))', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, r) => {
      const d = backoffDelay(n, 250, 30_000, () => r);
      return d >= 0 && d < Math.min(30_000, 250 * 2 ** (n - 1));
    }));
  });
});

describe('connect() reconnect in virtual time', () => {
  it('backs off exponentially with jitter and a cap, then opens and restores subscriptions', () => {
    const ts = scheduler();
    ts.run(() => {
      FakeSocket.now = () => ts.now();
      FakeSocket.script = kalshiScript();
      const statuses: ConnectionStatus[] = [];
      const created: number[] = [];
      const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, reconnect: { initialDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 } });
      conn.status$.subscribe((s) => statuses.push(s));
      conn.channel('ticker').subscribe();
      // Every attempt fails at once, five times; the sixth opens.
      let failures = 0;
      const tick = (): void => {
        const s = FakeSocket.last;
        if (!created.includes(FakeSocket.instances.length)) {
          created.push(FakeSocket.instances.length);
          if (failures < 5) {
            failures++;
            s.serverClose(false);
          } else s.open();
        }
      };
      for (let t = 0; t <= 4000; t++) ts.schedule(tick, t);
      ts.schedule(() => {
        const delays = statuses.filter((s): s is Extract<ConnectionStatus, { state: 'reconnecting' }> => s.state === 'reconnecting').map((s) => s.delayMs);
        expect(delays).toEqual([99, 199, 399, 799, 999]);
        expect(statuses.at(-1)).toEqual({ state: 'open', attempt: 1 });
        expect(FakeSocket.last.commands()).toEqual([{ cmd: 'subscribe', params: { channels: ['ticker'] } }]);
        // Nothing was sent on the dead sockets.
        expect(FakeSocket.instances.slice(0, -1).every((s) => s.sent.length === 0)).toBe(true);
        conn.close();
      }, 4001);
    });
  });

  it('after a healthy socket drops, refused reconnects count 1, 2, 3 with their own delays (no attempt number twice)', () => {
    const ts = scheduler();
    ts.run(() => {
      FakeSocket.now = () => ts.now();
      FakeSocket.script = kalshiScript();
      const statuses: ConnectionStatus[] = [];
      const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, reconnect: { initialDelayMs: 100, maxDelayMs: 10_000, healthyAfterMs: 50, random: () => 0.999 } });
      conn.status$.subscribe((s) => statuses.push(s));
      FakeSocket.last.open();
      // Healthy for 100 ms, then it drops; the next two reconnects are refused, the third opens.
      ts.schedule(() => FakeSocket.last.serverClose(false), 100);
      let handled = 1;
      const tick = (): void => {
        if (FakeSocket.instances.length === handled) return;
        handled = FakeSocket.instances.length;
        if (handled <= 3) FakeSocket.last.serverClose(false);
        else FakeSocket.last.open();
      };
      for (let t = 101; t <= 2000; t++) ts.schedule(tick, t);
      ts.schedule(() => {
        const seen = statuses.map((s) => (s.state === 'reconnecting' ? `reconnecting ${s.attempt} ${s.delayMs}` : `${s.state} ${'attempt' in s ? s.attempt : ''}`));
        expect(seen).toEqual(['connecting 1', 'open 1', 'reconnecting 1 99', 'connecting 1', 'reconnecting 2 199', 'connecting 2', 'reconnecting 3 399', 'connecting 3', 'open 1']);
        conn.close();
      }, 2001);
    });
  });

  it('gives up after the attempt budget with a typed error to every subscriber', () => {
    const ts = scheduler();
    ts.run(() => {
      const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, reconnect: { initialDelayMs: 10, maxAttempts: 3, random: () => 0.5 } });
      for (let t = 0; t < 100; t++) ts.schedule(() => { const s = FakeSocket.last; if (s.readyState === 0) s.serverClose(false); }, t);
      let error: unknown;
      conn.channel('ticker').subscribe({ error: (e) => { error = e; } });
      const seen: string[] = [];
      conn.status$.subscribe((s) => seen.push(`${ts.now()}:${s.state}`));
      // attempt 1 fails at 0 → wait floor(0.5·10) = 5; attempt 2 fails at 6 → wait floor(0.5·20) = 10;
      // attempt 3 fails at 17 → budget spent.
      ts.schedule(() => expect(seen).toEqual(['0:connecting', '0:reconnecting', '5:connecting', '6:reconnecting', '16:connecting', '17:closed']), 99);
      ts.schedule(() => {
        expect(FakeSocket.instances).toHaveLength(3);
        expect(error).toMatchObject({ name: 'KalshiConnectionClosedError', message: expect.stringMatching(/gave up after 3/) });
      }, 99);
    });
  });

  it('HTTP 401 is fatal: KalshiAuthError, no second attempt', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, reconnect: { initialDelayMs: 10 } });
      ts.schedule(() => FakeSocket.last.onerror?.({ message: 'Unexpected server response: 401' }), 3);
      expectObservable(conn.channel('ticker')).toBe('---#', undefined, expect.objectContaining({ name: 'KalshiAuthError', status: 401 }));
      ts.schedule(() => expect(FakeSocket.instances).toHaveLength(1), 1000);
    });
  });

  it('the watchdog terminates a silent socket after staleAfterMs and reconnects', () => {
    const ts = scheduler();
    ts.run(() => {
      FakeSocket.script = kalshiScript();
      const statuses: string[] = [];
      const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 30_000, reconnect: { initialDelayMs: 100, random: () => 0 } });
      conn.status$.subscribe((s) => statuses.push(s.state === 'reconnecting' ? `reconnecting:${s.reason}` : s.state));
      FakeSocket.last.open();
      ts.schedule(() => expect(statuses).toEqual(['connecting', 'open']), 29_999);
      ts.schedule(() => {
        expect(statuses).toEqual(['connecting', 'open', 'reconnecting:stale', 'connecting']);
        expect(FakeSocket.instances).toHaveLength(2);
        conn.close();
      }, 30_001);
    });
  });

  it('the watchdog does not fire while frames keep arriving', () => {
    const ts = scheduler();
    ts.run(() => {
      FakeSocket.script = kalshiScript();
      const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 30_000 });
      conn.channel('ticker').subscribe();
      const socket = FakeSocket.last;
      socket.open();
      for (let t = 10_000; t <= 120_000; t += 10_000) ts.schedule(() => socket.receive(tickerFrame(1, 'A')), t);
      ts.schedule(() => {
        expect(FakeSocket.instances).toHaveLength(1);
        conn.close();
      }, 125_000);
    });
  });
});
