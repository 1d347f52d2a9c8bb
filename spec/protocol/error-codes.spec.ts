import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorCodeName, isTerminalErrorCode } from '../../lib/protocol/error-codes.js';

describe('error codes', () => {
  it('name every code 1–29 of the reference and mark only 10 and 25 terminal', () => {
    expect([...ERROR_CODES.keys()]).toEqual(Array.from({ length: 29 }, (_, i) => i + 1));
    expect([...ERROR_CODES.values()].filter((c) => c.terminal).map((c) => c.code)).toEqual([10, 25]);
    expect([...ERROR_CODES.values()].filter((c) => c.retired).map((c) => c.code)).toEqual([6, 16, 17]);
    expect(errorCodeName(14)).toBe('MarketTickerRequired');
    expect(errorCodeName(99)).toBe('Unknown');
    expect(isTerminalErrorCode(25)).toBe(true);
    expect(isTerminalErrorCode(17)).toBe(false);
  });
});
