import { describe, expect, it } from 'vitest';
import { DATA_CODECS } from '../../lib/protocol/data-message.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';
import * as b from '../../lib/testing/message-builders.js';
import { createTestConnection, createTestScheduler } from '../../lib/testing/index.js';

const all: b.WireMessage[] = [
  b.orderbookSnapshot({ market: 'M', yes: [['0.4', '10']], no: [['0.55', '2.5']] }),
  b.orderbookDelta({ market: 'M', side: 'yes', price: '0.56', delta: '-10', seq: 2 }),
  b.ticker({ market: 'M' }),
  b.trade({ market: 'M', yesPrice: '0.36', count: '136', takerSide: 'no' }),
  b.fill({ market: 'M', side: 'yes', yesPrice: '0.75', count: '10', fee: '0.01' }),
  b.marketPosition({ market: 'M', position: '-5', cost: '2.5' }),
  b.userOrder({ market: 'M', side: 'no', yesPrice: '0.35', count: '10', filled: '4' }),
  b.orderGroupUpdate({ limit: '50', seq: 1 }),
  b.rfqCreated({ market: 'M' }),
  b.rfqDeleted({ market: 'M' }),
  b.quoteCreated({ market: 'M' }),
  b.quoteAccepted({ market: 'M' }),
  b.quoteExecuted({ market: 'M' }),
  b.marketLifecycle({ market: 'M', eventType: 'determined', result: 'yes', settlementValue: '1', seq: 1 }),
  b.eventLifecycle({ event: 'FED-23DEC', seq: 1 }),
  b.eventFeeUpdate({ event: 'FED-23DEC', seq: 1 }),
  b.cfbenchmarksValue({ seq: 1 }),
  b.pythValue({ seq: 1 }),
];

describe('message builders', () => {
  it('cover every data message type', () => {
    expect(all.map((m) => m.type).sort()).toEqual(Object.keys(DATA_CODECS).sort());
  });

  it.each(all.map((m) => [m.type, m] as const))('%s decodes under the codecs', (_type, m) => {
    const f = decodeFrame(JSON.stringify({ sid: 1, seq: 1, ...m }));
    if (f.kind === 'invalid') throw f.error;
    expect(f.kind).toBe('data');
  });

  it('write exact fixed-point strings and reject bad ones', () => {
    expect(b.orderbookDelta({ market: 'M', side: 'yes', price: '0.56', delta: '-10' }).msg).toMatchObject({
      price_dollars: '0.5600',
      delta_fp: '-10.00',
    });
    expect(() => b.orderbookDelta({ market: 'M', side: 'yes', price: '0.56001', delta: '1' })).toThrow(/not a Kalshi price/);
  });
});

describe('createTestConnection', () => {
  it('loses a sequenced message on request: the book goes stale and a get_snapshot is sent', () => {
    const scheduler = createTestScheduler(expect);
    scheduler.run(() => {
      const t = createTestConnection(scheduler);
      const states: string[] = [];
      t.connection.orderbook('M').subscribe((book) => states.push(book.status));
      scheduler.schedule(() => t.push('orderbook_delta', b.orderbookSnapshot({ market: 'M', yes: [['0.40', '1']] })), 1);
      scheduler.schedule(() => t.lose('orderbook_delta'), 2);
      scheduler.schedule(() => t.push('orderbook_delta', b.orderbookDelta({ market: 'M', side: 'yes', price: '0.41', delta: '1' })), 3);
      scheduler.schedule(() => {
        expect(states).toEqual(['live', 'stale']);
        expect(t.commands().at(-1)).toEqual({
          cmd: 'update_subscription',
          params: { sid: 1, market_tickers: ['M'], action: 'get_snapshot' },
        });
        t.connection.close();
      }, 4);
    });
  });

  it('fails the next command on request, with a typed error to that subscriber only', () => {
    const scheduler = createTestScheduler(expect);
    scheduler.run(({ expectObservable }) => {
      const t = createTestConnection(scheduler);
      t.failNext('subscribe', 9, 'Authentication required');
      expectObservable(t.connection.channel('fill')).toBe('#', undefined, expect.objectContaining({ code: 9 }));
    });
  });
});
