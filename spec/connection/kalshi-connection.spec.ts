import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it, beforeEach } from 'vitest';
import { connect } from '../../lib/connection/kalshi-connection.js';
import { KalshiCommandError } from '../../lib/connection/connection-errors.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';
import { FakeSocket, kalshiScript } from '../helpers/fake-socket.js';
import { deltaFrame, snapshotFrame, tickerFrame } from '../helpers/messages.js';

const decoded = (frame: object) => {
  const f = decodeFrame(JSON.stringify(frame));
  if (f.kind !== 'data') throw new Error(`not data: ${f.kind}`);
  return f.message;
};

function harness() {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  return scheduler;
}

function open(scheduler: TestScheduler, extra: object = {}) {
  FakeSocket.now = () => scheduler.now();
  const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler, staleAfterMs: 0, reconnect: false, ...extra });
  const socket = FakeSocket.last;
  socket.open();
  return { conn, socket };
}

beforeEach(() => {
  FakeSocket.reset();
});

describe('connect().channel', () => {
  it('subscribing sends subscribe; data routes by sid; teardown sends exactly one unsubscribe', () => {
    const scheduler = harness();
    scheduler.run(({ expectObservable }) => {
      FakeSocket.script = kalshiScript();
      const { conn, socket } = open(scheduler);
      scheduler.schedule(() => socket.receive(tickerFrame(1, 'A')), 2);
      scheduler.schedule(() => socket.receive(tickerFrame(99, 'A')), 3); // other sid: not ours
      scheduler.schedule(() => socket.receive(tickerFrame(1, 'A', '0.4600')), 4);
      expectObservable(conn.channel('ticker', { market_tickers: ['A'] }), '^-----!').toBe('--a-b-', {
        a: decoded(tickerFrame(1, 'A')), b: decoded(tickerFrame(1, 'A', '0.4600')),
      });
      scheduler.schedule(() => {
        expect(socket.sent.map((s) => [s.at, s.frame])).toEqual([
          [0, { id: 1, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['A'] } }],
          [6, { id: 2, cmd: 'unsubscribe', params: { sids: [1] } }],
        ]);
        conn.close();
      }, 10);
    });
  });

  it('is cold: nothing is sent until someone subscribes', () => {
    const scheduler = harness();
    scheduler.run(() => {
      FakeSocket.script = kalshiScript();
      const { conn, socket } = open(scheduler);
      const ticker$ = conn.channel('ticker');
      scheduler.schedule(() => {
        expect(socket.sent).toEqual([]);
        const s = ticker$.subscribe();
        scheduler.schedule(() => {
          expect(socket.commands()).toEqual([{ cmd: 'subscribe', params: { channels: ['ticker'] } }]);
          s.unsubscribe();
          conn.close();
        }, 1);
      }, 5);
    });
  });

  it('teardown before the subscribed reply sends unsubscribe once the sid is known, and emits nothing', () => {
    const scheduler = harness();
    scheduler.run(({ expectObservable }) => {
      const held: any[] = [];
      FakeSocket.script = (cmd) => { held.push(cmd); return []; };
      const { conn, socket } = open(scheduler);
      expectObservable(conn.channel('ticker', { market_ticker: 'A' }), '^-!').toBe('---');
      scheduler.schedule(() => socket.receive({ id: held[0].id, type: 'subscribed', msg: { channel: 'ticker', sid: 7 } }), 5);
      scheduler.schedule(() => socket.receive(tickerFrame(7, 'A')), 6);
      scheduler.schedule(() => {
        expect(socket.commands()).toEqual([
          { cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['A'] } },
          { cmd: 'unsubscribe', params: { sids: [7] } },
        ]);
        conn.close();
      }, 8);
    });
  });

  it('a second subscriber of the channel joins the sid with add_markets; leaving sends delete_markets; the last sends unsubscribe', () => {
    const scheduler = harness();
    scheduler.run(({ expectObservable }) => {
      FakeSocket.script = kalshiScript();
      const { conn, socket } = open(scheduler);
      scheduler.schedule(() => socket.receive(snapshotFrame(1, 1, 'A')), 1);
      scheduler.schedule(() => socket.receive(snapshotFrame(1, 2, 'B')), 3);
      scheduler.schedule(() => socket.receive(deltaFrame(1, 3, 'A')), 4);
      scheduler.schedule(() => socket.receive(deltaFrame(1, 4, 'B')), 5);
      scheduler.schedule(() => socket.receive(deltaFrame(1, 5, 'A')), 7);
      expectObservable(conn.channel('orderbook_delta', { market_ticker: 'A' }), '^--------!').toBe('-a--b--c--', {
        a: decoded(snapshotFrame(1, 1, 'A')), b: decoded(deltaFrame(1, 3, 'A')), c: decoded(deltaFrame(1, 5, 'A')),
      });
      expectObservable(conn.channel('orderbook_delta', { market_ticker: 'B' }), '--^---!').toBe('---a-b-', {
        a: decoded(snapshotFrame(1, 2, 'B')), b: decoded(deltaFrame(1, 4, 'B')),
      });
      scheduler.schedule(() => {
        expect(socket.sent.map((s) => [s.at, s.frame.cmd, s.frame.params])).toEqual([
          [0, 'subscribe', { channels: ['orderbook_delta'], market_tickers: ['A'] }],
          [2, 'update_subscription', { sid: 1, market_tickers: ['B'], action: 'add_markets' }],
          [6, 'update_subscription', { sid: 1, market_tickers: ['B'], action: 'delete_markets' }],
          [9, 'unsubscribe', { sids: [1] }],
        ]);
        conn.close();
      }, 12);
    });
  });

  it('tearing down one of two subscribers of the same market sends nothing and silences nobody', () => {
    const scheduler = harness();
    scheduler.run(({ expectObservable }) => {
      FakeSocket.script = kalshiScript();
      const { conn, socket } = open(scheduler);
      scheduler.schedule(() => socket.receive(tickerFrame(1, 'A')), 4);
      expectObservable(conn.channel('ticker', { market_ticker: 'A' }), '^-!').toBe('---');
      expectObservable(conn.channel('ticker', { market_ticker: 'A' }), '^-----!').toBe('----a-', { a: decoded(tickerFrame(1, 'A')) });
      scheduler.schedule(() => {
        expect(socket.commands()).toEqual([
          { cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['A'] } },
          { cmd: 'unsubscribe', params: { sids: [1] } },
        ]);
        conn.close();
      }, 8);
    });
  });

  it('an error reply errors only that subscriber with a typed KalshiCommandError', () => {
    const scheduler = harness();
    scheduler.run(({ expectObservable }) => {
      FakeSocket.script = kalshiScript({ failChannels: { fill: { code: 9, msg: 'Authentication required' } } });
      const { conn, socket } = open(scheduler);
      scheduler.schedule(() => socket.receive(tickerFrame(1, 'A')), 2);
      let caught: unknown;
      conn.channel('fill').subscribe({ error: (e) => { caught = e; } });
      expectObservable(conn.channel('ticker', { market_ticker: 'A' }), '^---!').toBe('--a-', { a: decoded(tickerFrame(1, 'A')) });
      scheduler.schedule(() => {
        expect(caught).toBeInstanceOf(KalshiCommandError);
        expect(caught).toMatchObject({ code: 9, codeName: 'AuthenticationRequired' });
        expect((caught as Error).message).toMatch(/subscribe fill: Kalshi error 9 AuthenticationRequired/);
        conn.close();
      }, 6);
    });
  });

  it('a bad frame on a sid reaches that subscription as a decode-error event and valid frames around it still arrive', () => {
    const scheduler = harness();
    scheduler.run(({ expectObservable }) => {
      FakeSocket.script = kalshiScript();
      const { conn, socket } = open(scheduler);
      const bad = { ...tickerFrame(1, 'A'), msg: { ...(tickerFrame(1, 'A') as any).msg, yes_bid_dollars: 'cheap' } };
      scheduler.schedule(() => socket.receive(tickerFrame(1, 'A')), 1);
      scheduler.schedule(() => socket.receive(bad), 2);
      scheduler.schedule(() => socket.receive('{not json'), 3);
      scheduler.schedule(() => socket.receive(tickerFrame(1, 'A', '0.4700')), 4);
      const kinds: string[] = [];
      conn.events('ticker', { market_ticker: 'A' }).subscribe((e) => kinds.push(e.kind === 'status' ? `status:${e.status.state}` : e.kind));
      const diagnostics: string[] = [];
      conn.diagnostics$.subscribe((d) => diagnostics.push(d.kind));
      expectObservable(conn.channel('ticker', { market_ticker: 'A' }), '^----!').toBe('-a--b', { a: decoded(tickerFrame(1, 'A')), b: decoded(tickerFrame(1, 'A', '0.4700')) });
      scheduler.schedule(() => {
        expect(kinds).toEqual(['status:live', 'data', 'decode-error', 'data']);
        expect(diagnostics).toEqual(['decode-error', 'decode-error']);
        conn.close();
      }, 6);
    });
  });

  it('fails fast on an unknown channel or a missing ticker', () => {
    const scheduler = harness();
    scheduler.run(() => {
      const { conn } = open(scheduler);
      expect(() => conn.channel('tickr' as never)).toThrow(/unknown Kalshi channel "tickr"/);
      expect(() => conn.channel('orderbook_delta')).toThrow(/orderbook_delta needs market_ticker/);
      expect(() => conn.channel('ticker', { market_tickers: [] })).toThrow(/must not be empty/);
      // From JavaScript: a lone ticker string where a list belongs (it would spread into characters).
      expect(() => conn.ticker('FED-23DEC' as never)).toThrow(/must be an array of market tickers .*got "FED-23DEC" \(pass \["FED-23DEC"\]\)/);
      expect(() => conn.trades(42 as never)).toThrow(/must be an array of market tickers .*got 42$/);
      expect(() => conn.channel('ticker', { market_tickers: 'FED-23DEC' as never })).toThrow(/\(pass \["FED-23DEC"\]\)/);
      expect(FakeSocket.last.sent).toEqual([]);
      conn.close();
    });
  });

  it('listSubscriptions and updateSubscription emit the reply and complete', () => {
    const scheduler = harness();
    scheduler.run(({ expectObservable }) => {
      FakeSocket.script = (cmd) => cmd.cmd === 'list_subscriptions'
        ? [{ id: cmd.id, type: 'ok', subscriptions: [{ channel: 'ticker', sid: 2 }] }]
        : [{ id: cmd.id, sid: 2, type: 'ok', market_tickers: ['A', 'B'] }];
      const { conn } = open(scheduler);
      expectObservable(conn.listSubscriptions()).toBe('(a|)', { a: [{ channel: 'ticker', sid: 2 }] });
      expectObservable(conn.updateSubscription({ sid: 2, market_tickers: ['B'], action: 'add_markets' })).toBe('(a|)', {
        a: { id: 2, sid: 2, type: 'ok', market_tickers: ['A', 'B'] },
      });
      expect(() => conn.updateSubscription({ sids: [1, 2], action: 'get_snapshot' })).toThrow(/exactly one subscription/);
      scheduler.schedule(() => conn.close(), 1);
    });
  });

  it('a command without a reply times out with a typed error', () => {
    const scheduler = harness();
    scheduler.run(({ expectObservable }) => {
      const { conn } = open(scheduler, { commandTimeoutMs: 50 });
      expectObservable(conn.listSubscriptions()).toBe('50ms #', undefined, expect.objectContaining({ name: 'KalshiTimeoutError' }));
      scheduler.schedule(() => conn.close(), 60);
    });
  });

});

describe('connect().close', () => {
  it('fails a command still waiting for the socket to open instead of leaving it pending', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ expectObservable }) => {
      const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler, staleAfterMs: 0, reconnect: false });
      expectObservable(conn.listSubscriptions()).toBe('--#', undefined, expect.objectContaining({ name: 'KalshiConnectionClosedError' }));
      scheduler.schedule(() => conn.close(), 2);
    });
  });
});
