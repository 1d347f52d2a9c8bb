import { describe, expect, it } from 'vitest';
import type { ChannelEvent } from '../../lib/connection/channel-event.js';
import { createTestConnection, createTestScheduler, orderbookDelta, orderbookSnapshot, trade } from '../../lib/testing/index.js';

// Envelope facts of the live wire (reference §11), in virtual time over the in-memory Kalshi.

describe('connection: envelope facts of the live wire', () => {
  it('counts the seq of an ok on the sid (live: ok seq 108, then the snapshot 109): no gap, no resync', () => {
    const scheduler = createTestScheduler(expect);
    scheduler.run(() => {
      const t = createTestConnection(scheduler);
      const events: ChannelEvent<unknown>[] = [];
      t.connection.events('orderbook_delta', { market_tickers: ['M'] }).subscribe((e) => events.push(e));
      scheduler.schedule(() => {
        t.push('orderbook_delta', { ...orderbookSnapshot({ market: 'M', yes: [['0.40', '10']], no: [] }), seq: 107 });
        t.pushRaw(`{"type":"ok","id":99,"sid":${t.sidOf('orderbook_delta')},"seq":108,"msg":{"market_tickers":["M"]}}`);
        t.push('orderbook_delta', { ...orderbookDelta({ market: 'M', side: 'yes', price: '0.40', delta: '1' }), seq: 109 });
      }, 1);
      scheduler.schedule(() => {
        expect(events.filter((e) => e.kind === 'status').map((e) => (e.kind === 'status' ? e.status.state : ''))).not.toContain('gap');
        expect(events.filter((e) => e.kind === 'data')).toHaveLength(2);
        t.connection.close();
      }, 5);
    });
  });

  it('routes an error on a sid without id to that subscription and counts its seq (live: error 13 on a trade sid, seq 2)', () => {
    const scheduler = createTestScheduler(expect);
    scheduler.run(() => {
      const t = createTestConnection(scheduler);
      const events: ChannelEvent<unknown>[] = [];
      t.connection.events('trade').subscribe((e) => events.push(e));
      scheduler.schedule(() => {
        const sid = t.sidOf('trade');
        t.push('trade', { ...trade({ market: 'M', yesPrice: '0.80', count: '2' }), seq: 1 });
        t.pushRaw(`{"type":"error","sid":${sid},"seq":2,"msg":{"code":13,"msg":"Unsupported action"}}`);
        t.push('trade', { ...trade({ market: 'M', yesPrice: '0.81', count: '1' }), seq: 3 });
      }, 1);
      scheduler.schedule(() => {
        const seen = events.filter((e) => !(e.kind === 'status' && e.status.state === 'live'));
        expect(seen.map((e) => e.kind)).toEqual(['data', 'server-error', 'data']);
        expect(seen[1]).toEqual({ kind: 'server-error', code: 13, message: 'Unsupported action', market: undefined });
        t.connection.close();
      }, 5);
    });
  });

  it('checks trade seq when present and reports a gap as status, delivering the trade', () => {
    const scheduler = createTestScheduler(expect);
    scheduler.run(() => {
      const t = createTestConnection(scheduler);
      const events: ChannelEvent<unknown>[] = [];
      t.connection.events('trade').subscribe((e) => events.push(e));
      scheduler.schedule(() => {
        t.push('trade', { ...trade({ market: 'M', yesPrice: '0.80', count: '2' }), seq: 1 });
        t.push('trade', { ...trade({ market: 'M', yesPrice: '0.80', count: '2' }), seq: 4 });
      }, 1);
      scheduler.schedule(() => {
        const seen = events.filter((e) => !(e.kind === 'status' && e.status.state === 'live'));
        expect(seen.map((e) => (e.kind === 'status' ? e.status : e.kind))).toEqual([
          'data', { state: 'gap', sid: t.sidOf('trade'), expected: 2, received: 4 }, 'data',
        ]);
        t.connection.close();
      }, 5);
    });
  });
});
