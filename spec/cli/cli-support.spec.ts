import { describe, expect, it } from 'vitest';
import { explain, describeCause } from '../../lib/cli/cli-support.js';
import { KalshiCommandError, KalshiConnectionClosedError } from '../../lib/connection/connection-errors.js';

const sysError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('explain', () => {
  // ENOTFOUND needs a DNS lookup to happen for real; the spec stays on 127.0.0.1, so the mapping is checked here.
  it('names the socket cause of a connection that could not be made (ENOTFOUND)', () => {
    const e = explain(new KalshiConnectionClosedError('connection closed after 5 reconnect attempts (last: error)'), {
      url: 'wss://nosuch.invalid/trade-api/ws/v2',
      cause: sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND nosuch.invalid'),
    });
    expect(e.message).toBe('cannot reach wss://nosuch.invalid/trade-api/ws/v2: host not found (ENOTFOUND): check the host name in the URL');
    expect(e.exitCode).toBe(4);
  });

  it('falls back to the message and code of an unknown cause', () => {
    expect(describeCause(sysError('EWEIRD', 'something odd'))).toBe('something odd (EWEIRD)');
  });

  it('says "simulator" for errors from the embedded simulator', () => {
    const reply = { id: 1, type: 'error' as const, msg: { code: 11, msg: 'Invalid parameter', market_ticker: 'X' } };
    const e = explain(new KalshiCommandError(reply, 'subscribe orderbook_delta'), { url: 'ws://127.0.0.1:1/', simulator: true });
    expect(e.message).toMatch(/^the embedded simulator answered: subscribe orderbook_delta: Kalshi error 11 /);
    const closed = explain(new KalshiConnectionClosedError('closed'), {
      url: 'ws://127.0.0.1:1/',
      simulator: true,
      cause: sysError('ECONNRESET', 'reset'),
    });
    expect(closed.message).toBe('cannot reach the embedded simulator at ws://127.0.0.1:1/: the connection was reset (ECONNRESET)');
  });
});
