// The endpoint and frame limit a connection uses, from its options (no socket): an explicit url
// wins, env picks Kalshi's demo or production socket, and a caller mistake fails at once.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FRAME_BYTES, DEMO_URL, maxFrameBytesOf, PROD_URL, resolveUrl } from '../../lib/connection/connect-options.js';
import { connect } from '../../lib/connection/kalshi-connection.js';

describe('connect options', () => {
  it('url wins over env; env demo or prod (the default) picks Kalshi\'s socket', () => {
    expect(resolveUrl({ url: 'ws://127.0.0.1:9/x', env: 'demo' })).toBe('ws://127.0.0.1:9/x');
    expect(resolveUrl({ env: 'demo' })).toBe(DEMO_URL);
    expect(resolveUrl({ env: 'prod' })).toBe(PROD_URL);
    expect(resolveUrl({})).toBe(PROD_URL);
    expect(DEMO_URL).toBe('wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2');
    expect(PROD_URL).toBe('wss://external-api-ws.kalshi.com/trade-api/ws/v2');
    expect(() => resolveUrl({ env: 'staging' as never })).toThrow(/env must be 'demo' or 'prod', got "staging"/);
  });

  it('maxFrameBytes: 16 MiB by default, any positive integer, nothing else', () => {
    expect(maxFrameBytesOf({})).toBe(DEFAULT_MAX_FRAME_BYTES);
    expect(DEFAULT_MAX_FRAME_BYTES).toBe(16 * 1024 * 1024);
    expect(maxFrameBytesOf({ maxFrameBytes: 1 })).toBe(1);
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 60]) expect(() => maxFrameBytesOf({ maxFrameBytes: bad })).toThrow(`maxFrameBytes must be a positive integer number of bytes, got ${String(bad)}`);
  });

  it('connect() fails at once on a budget that could never send, before any socket', () => {
    expect(() => connect({ url: 'ws://127.0.0.1:9/x', commandBudget: { perSecond: 0 }, reconnect: false })).toThrow(/commandBudget.perSecond must be a positive number/);
  });
});
