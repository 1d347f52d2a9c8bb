// An error code the table does not know (a newer server, or a code from the future) must not
// break anything: it decodes, is named 'Unknown', is not terminal, and KalshiCommandError says so.
import { describe, expect, it } from 'vitest';
import { KalshiCommandError } from '../../lib/index.js';
import { ERROR_CODES, ErrorCode, errorCodeName, isTerminalErrorCode } from '../../lib/protocol/error-codes.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';

function errorReply(code: number, msg: string, market?: string) {
  const f = decodeFrame(JSON.stringify({ id: 4, type: 'error', msg: { code, msg, ...(market === undefined ? {} : { market_ticker: market }) } }));
  if (f.kind !== 'reply' || f.reply.type !== 'error') throw new Error(`not an error reply: ${f.kind}`);
  return f.reply;
}

describe('unknown error codes', () => {
  it.each([0, -1, 30, 99, 1000])('code %i is Unknown and not terminal', (code) => {
    expect(ERROR_CODES.has(code)).toBe(false);
    expect(errorCodeName(code)).toBe('Unknown');
    expect(isTerminalErrorCode(code)).toBe(false);
  });

  it('KalshiCommandError names an unknown code Unknown and keeps the server message', () => {
    const e = new KalshiCommandError(errorReply(99, 'Something new'), 'subscribe ticker');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('KalshiCommandError');
    expect(e.code).toBe(99);
    expect(e.codeName).toBe('Unknown');
    expect(e.terminal).toBe(false);
    expect(e.marketTicker).toBeUndefined();
    expect(e.message).toBe('subscribe ticker: Kalshi error 99 Unknown: Something new');
  });

  it('KalshiCommandError of known codes: the name from the table, terminal for 10 and 25 only, the market when given', () => {
    const e = new KalshiCommandError(errorReply(25, 'Subscription buffer overflow', 'FED-X'), 'subscribe orderbook_delta');
    expect(e.codeName).toBe('SubscriptionBufferOverflow');
    expect(e.terminal).toBe(true);
    expect(e.marketTicker).toBe('FED-X');
    expect(e.message).toBe('subscribe orderbook_delta: Kalshi error 25 SubscriptionBufferOverflow: Subscription buffer overflow (market FED-X)');
    expect(new KalshiCommandError(errorReply(10, 'Channel error'), 'x').terminal).toBe(true);
    expect(new KalshiCommandError(errorReply(6, 'Already subscribed'), 'x').codeName).toBe('AlreadySubscribed');
  });

  it('every row: name ↔ code both ways, messages and flags exact', () => {
    for (const info of ERROR_CODES.values()) {
      expect((ErrorCode as Record<string, number>)[info.name]).toBe(info.code);
      expect(errorCodeName(info.code)).toBe(info.name);
      expect(isTerminalErrorCode(info.code)).toBe(info.terminal);
      expect(info.message.length).toBeGreaterThan(0);
    }
    expect(ErrorCode.TooManyRequests).toBe(27);
    expect(ERROR_CODES.get(8)).toEqual({ code: 8, name: 'UnknownChannel', message: 'Unknown channel name', terminal: false, retired: false });
    expect(ERROR_CODES.get(16)).toEqual({ code: 16, name: 'MarketNotFound', message: 'Market not found', terminal: false, retired: true });
    expect(ERROR_CODES.get(10)).toEqual({ code: 10, name: 'ChannelError', message: 'Channel error', terminal: true, retired: false });
  });
});
