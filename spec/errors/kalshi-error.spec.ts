import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { explain } from '../../lib/cli/cli-support.js';
import { KalshiConnectionClosedError, KalshiConnectionLostError, KalshiTimeoutError } from '../../lib/connection/connection-errors.js';
import { connect } from '../../lib/connection/kalshi-connection.js';
import { KalshiError, KalshiUsageError } from '../../lib/errors/kalshi-error.js';
import { FakeSocket } from '../helpers/fake-socket.js';

describe('KalshiError', () => {
  it('gives every error of the library a stable string code', () => {
    expect(new KalshiTimeoutError('t')).toMatchObject({ name: 'KalshiTimeoutError', code: 'KALSHI_ERR_COMMAND_TIMEOUT' });
    expect(new KalshiConnectionClosedError('c')).toMatchObject({ name: 'KalshiConnectionClosedError', code: 'KALSHI_ERR_CONNECTION_CLOSED' });
    expect(new KalshiConnectionLostError('l')).toMatchObject({ name: 'KalshiConnectionLostError', code: 'KALSHI_ERR_CONNECTION_LOST' });
    expect(new KalshiUsageError('u')).toMatchObject({ name: 'KalshiUsageError', code: 'KALSHI_ERR_USAGE' });
    for (const e of [new KalshiTimeoutError('t'), new KalshiUsageError('u')]) expect(e).toBeInstanceOf(KalshiError);
  });

  it('caller mistakes throw KalshiUsageError, not a bare TypeError', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(() => {
      const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler: ts, staleAfterMs: 0, reconnect: false });
      expect(() => conn.channel('tickr' as never)).toThrow(KalshiUsageError);
      expect(() => conn.channel('orderbook_delta')).toThrow(KalshiUsageError);
      expect(() => conn.orderbook('')).toThrow(KalshiUsageError);
      expect(() => conn.updateSubscription({ sids: [1, 2], action: 'get_snapshot' })).toThrow(KalshiUsageError);
      conn.close();
    });
  });

  it('the CLI turns usage errors into exit 2 and a real TypeError (a bug) into exit 1', () => {
    expect(explain(new KalshiUsageError('market_tickers must not be empty'), { url: 'ws://x' })).toMatchObject({ exitCode: 2 });
    expect(explain(new TypeError("Cannot read properties of undefined (reading 'x')"), { url: 'ws://x' })).toMatchObject({ exitCode: 1 });
  });
});
