// Which subscriber gets what, as the users of one connection see it: on a filtered channel a
// message or an unknown message of one market reaches only that market's subscriber; a sid
// that was unsubscribed routes nothing; seq is checked only where the channel carries it (a trade
// without seq, a ticker with jumping seqs or replies with seqs are no gaps); and a new sid after
// a reconnect starts its sequence afresh; a repeated seq is dropped.
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChannelEvent, Diagnostic } from '../../lib/connection/channel-event.js';
import { connect } from '../../lib/connection/kalshi-connection.js';
import { FakeSocket, kalshiScript } from '../helpers/fake-socket.js';
import { tickerFrame } from '../helpers/messages.js';

beforeEach(() => FakeSocket.reset());

function open(scheduler: TestScheduler, reconnect = false) {
  FakeSocket.script = kalshiScript();
  FakeSocket.now = () => scheduler.now();
  const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler, staleAfterMs: 0, reconnect: reconnect ? { initialDelayMs: 1, random: () => 0 } : false });
  FakeSocket.last.open();
  return conn;
}
const label = (e: ChannelEvent<unknown>): string => (e.kind === 'status' ? `status:${e.status.state}` : e.kind === 'data' ? `data:${String((e.message as { msg: { market_ticker?: string } }).msg.market_ticker)}` : e.kind);
const trade = (sid: number, seq: number | undefined): object => ({ type: 'trade', sid, ...(seq === undefined ? {} : { seq }), msg: { market_ticker: 'M', yes_price_dollars: '0.5000', count_fp: '1.00' } });

describe('routing on one connection', () => {
  it('a ticker or an unknown message of market B reaches only B\'s subscriber', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const conn = open(scheduler);
      const a: string[] = [];
      const b: string[] = [];
      conn.events('ticker', { market_ticker: 'A' }).subscribe((e) => a.push(label(e)));
      scheduler.schedule(() => conn.events('ticker', { market_ticker: 'B' }).subscribe((e) => b.push(label(e))), 1);
      scheduler.schedule(() => {
        FakeSocket.last.receive(tickerFrame(1, 'B'));
        FakeSocket.last.receive({ type: 'ticker_v9', sid: 1, msg: { market_ticker: 'B' } });
        FakeSocket.last.receive(tickerFrame(1, 'A'));
      }, 3);
      scheduler.schedule(() => conn.close(), 5);
      scheduler.flush();
      expect(a.filter((l) => !l.startsWith('status'))).toEqual(['data:A']);
      expect(b.filter((l) => !l.startsWith('status'))).toEqual(['data:B', 'unknown']);
    });
  });

  it('data of a sid that was unsubscribed is unroutable', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const conn = open(scheduler);
      const diagnostics: Diagnostic[] = [];
      conn.diagnostics$.subscribe((d) => diagnostics.push(d));
      const s = conn.channel('ticker').subscribe();
      scheduler.schedule(() => s.unsubscribe(), 1);
      scheduler.schedule(() => FakeSocket.last.receive(tickerFrame(1, 'A')), 3);
      scheduler.schedule(() => conn.close(), 5);
      scheduler.flush();
      expect(FakeSocket.last.commands()).toEqual([{ cmd: 'subscribe', params: { channels: ['ticker'] } }, { cmd: 'unsubscribe', params: { sids: [1] } }]);
      expect(diagnostics).toEqual([{ kind: 'unroutable', type: 'ticker', sid: 1 }]);
    });
  });
});

describe('seq only where the channel carries it', () => {
  it('trades without seq, tickers with jumping seqs, replies with seqs on a ticker sid: no gap', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const conn = open(scheduler);
      const trades: string[] = [];
      const tickers: string[] = [];
      conn.events('trade').subscribe((e) => trades.push(label(e)));
      conn.events('ticker').subscribe((e) => tickers.push(label(e)));
      scheduler.schedule(() => {
        const s = FakeSocket.last;
        s.receive(trade(1, undefined));
        s.receive(trade(1, undefined));
        s.receive({ ...tickerFrame(2, 'A'), seq: 4 });
        s.receive({ ...tickerFrame(2, 'A'), seq: 9 });
        s.receive({ type: 'ok', id: 900, sid: 2, seq: 20, msg: { market_tickers: ['A'] } });
        s.receive({ type: 'error', sid: 2, seq: 30, msg: { code: 13, msg: 'Unsupported action' } });
        s.receive({ ...tickerFrame(2, 'A'), seq: 4 });
      }, 2);
      scheduler.schedule(() => conn.close(), 5);
      scheduler.flush();
      expect(trades.filter((l) => l !== 'status:live' && l !== 'status:closed')).toEqual(['data:M', 'data:M']);
      expect(tickers.filter((l) => l !== 'status:live' && l !== 'status:closed')).toEqual(['data:A', 'data:A', 'server-error', 'data:A']);
      expect(conn.metricsNow()).toMatchObject({ gaps: 0, duplicates: 0 });
    });
  });

  it('a repeated seq on a trade sid is dropped and counted as a duplicate', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const conn = open(scheduler);
      const seen: string[] = [];
      conn.events('trade').subscribe((e) => seen.push(label(e)));
      scheduler.schedule(() => {
        for (const seq of [1, 2, 2, 3]) FakeSocket.last.receive(trade(1, seq));
      }, 2);
      scheduler.schedule(() => conn.close(), 5);
      scheduler.flush();
      expect(seen.filter((l) => l === 'data:M')).toHaveLength(3);
      expect(conn.metricsNow()).toMatchObject({ gaps: 0, duplicates: 1 });
    });
  });

  it('after a reconnect the new sid\'s sequence starts afresh (seq 1 is not a duplicate)', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const conn = open(scheduler, true);
      const seen: string[] = [];
      conn.events('trade').subscribe((e) => seen.push(label(e)));
      scheduler.schedule(() => {
        for (const seq of [1, 2, 3]) FakeSocket.last.receive(trade(1, seq));
        FakeSocket.last.serverClose(false);
      }, 2);
      scheduler.schedule(() => FakeSocket.last.open(), 20);
      scheduler.schedule(() => FakeSocket.last.receive(trade(1, 1)), 30);
      scheduler.schedule(() => conn.close(), 40);
      scheduler.flush();
      expect(FakeSocket.instances).toHaveLength(2);
      expect(seen.filter((l) => l === 'data:M')).toHaveLength(4);
      expect(conn.metricsNow()).toMatchObject({ gaps: 0, duplicates: 0 });
    });
  });
});
