// Every example of docs/testing.md, as a test.
import { describe, expect, it } from 'vitest';
import { map, take, toArray, firstValueFrom } from 'rxjs';
import { price } from '../../lib/protocol/fixed-point.js';
import { connect } from '../../lib/connection/kalshi-connection.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import {
  createRecorder,
  createTestConnection,
  createTestScheduler,
  decoded,
  orderbookDelta,
  orderbookSnapshot,
  parseRecording,
  replayConnection,
  ticker,
} from '../../lib/testing/index.js';
import { spreadAlerts } from '../../examples/spread-alert.js';
import { eventually } from '../helpers/eventually.js';

describe('docs/testing.md', () => {
  it('1. marbles: the strategy alerts once per widening, and we know exactly what was sent', () => {
    const scheduler = createTestScheduler(expect);
    scheduler.run(({ cold, expectObservable }) => {
      const t = createTestConnection(scheduler);
      t.feed(
        'orderbook_delta',
        cold('-s-a-b-c-d', {
          s: orderbookSnapshot({
            market: 'M',
            yes: [
              ['0.40', '10'],
              ['0.44', '5'],
            ],
            no: [['0.54', '7']],
          }), // spread 0.02
          a: orderbookDelta({ market: 'M', side: 'yes', price: '0.44', delta: '-5' }), // spread 0.06 → alert
          b: orderbookDelta({ market: 'M', side: 'yes', price: '0.39', delta: '3' }), // still wide: quiet
          c: orderbookDelta({ market: 'M', side: 'yes', price: '0.45', delta: '1' }), // 0.01: narrow again
          d: orderbookDelta({ market: 'M', side: 'yes', price: '0.45', delta: '-1' }), // 0.06 → alert
        }),
      );
      const alerts$ = t.connection.orderbook('M').pipe(spreadAlerts(price('0.05')));
      expectObservable(alerts$, '^---------!').toBe('---a-----b', {
        a: { market: 'M', spread: price('0.06') },
        b: { market: 'M', spread: price('0.06') },
      });
      scheduler.schedule(() => {
        expect(t.commands()).toEqual([
          { cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: ['M'] } },
          { cmd: 'unsubscribe', params: { sids: [1] } },
        ]);
      }, 20);
    });
  });

  it('1b. marbles: channel streams with builders and decoded()', () => {
    const scheduler = createTestScheduler(expect);
    scheduler.run(({ cold, expectObservable }) => {
      const t = createTestConnection(scheduler);
      t.feed('ticker', cold('--a--b', { a: ticker({ market: 'M', yesBid: '0.45' }), b: ticker({ market: 'M', yesBid: '0.46' }) }));
      expectObservable(t.connection.channel('ticker').pipe(map((m) => m.msg.yes_bid_dollars))).toBe('--a--b', {
        a: price('0.45'),
        b: price('0.46'),
      });
      expectObservable(t.connection.channel('ticker'), '^-!').toBe('--a', { a: decoded(ticker({ market: 'M', yesBid: '0.45' })) });
    });
  });

  it('2. virtual time: a reconnect after 30 s of silence, tested in microseconds; no alert from a stale book', () => {
    const scheduler = createTestScheduler(expect);
    scheduler.run(({ expectObservable }) => {
      const t = createTestConnection(scheduler, { staleAfterMs: 30_000, reconnect: { initialDelayMs: 1000, random: () => 0.5 } });
      const books: string[] = [];
      t.connection.orderbook('M').subscribe((b) => books.push(`${scheduler.now()}:${b.status}/${b.base}`));
      scheduler.schedule(() => t.push('orderbook_delta', orderbookSnapshot({ market: 'M', yes: [['0.40', '1']], no: [['0.58', '1']] })), 1);
      // Silence from 1 ms on: the watchdog checks every 7.5 s and declares the socket dead after four quiet
      // checks (37 500 ms: at least 30 s, at most 37.5 s of silence); the reconnect waits 500 ms (jitter pinned).
      scheduler.schedule(
        () => t.push('orderbook_delta', orderbookSnapshot({ market: 'M', yes: [['0.30', '1']], no: [['0.50', '1']] })),
        38_001,
      );
      const alerts$ = t.connection.orderbook('M').pipe(spreadAlerts(price('0.05')));
      expectObservable(alerts$, '^ 40s !').toBe('38001ms a', { a: { market: 'M', spread: price('0.20') } });
      scheduler.schedule(() => {
        expect(books).toEqual(['1:live/snapshot', '37500:stale/snapshot', '38001:live/reconnect']);
        expect(t.sent().map((s) => `${s.at}:${s.command.cmd}`)).toEqual(['0:subscribe', '38000:subscribe']);
        t.connection.close();
      }, 40_001);
    });
  });

  it('3. replay: a recorded live session replayed in virtual time yields the same books as the live session', async () => {
    const sim = await startSimulator({ markets: ['REC-A'], seed: 4, tickIntervalMs: 2 });
    const lines: string[] = [];
    const live = connect({ url: sim.url, onRawFrame: createRecorder((l) => lines.push(l)) });
    const view = (b: OrderBook) => `${b.status}|${b.seq}|${JSON.stringify(b.yes)}|${JSON.stringify(b.no)}`;
    const liveBooks = await firstValueFrom(live.orderbook('REC-A').pipe(take(300), map(view), toArray()));
    live.close();
    await sim.close();

    const recording = parseRecording(lines.join(''));
    const scheduler = createTestScheduler(expect);
    let replayed: string[] = [];
    scheduler.run(() => {
      const replay = replayConnection(recording, { scheduler, speed: 1 });
      replay
        .orderbook('REC-A')
        .pipe(take(300), map(view), toArray())
        .subscribe((v) => {
          replayed = v;
        });
    });
    expect(replayed).toEqual(liveBooks);
    await eventually(() => expect(replayed).toHaveLength(300));
  });
});
