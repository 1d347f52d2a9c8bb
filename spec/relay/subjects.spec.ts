import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNamespace, decodeToken, encodeToken, relayNames } from '../../lib/relay/subjects.js';

describe('relay subject tokens', () => {
  it('encode a dotted Kalshi ticker as one token and back', () => {
    expect(encodeToken('FED-23DEC-T3.00')).toBe('FED-23DEC-T3=2E00');
    expect(decodeToken('FED-23DEC-T3=2E00')).toBe('FED-23DEC-T3.00');
    expect(relayNames('prod').book('KXBTCD-25AUG2617-T112999.99')).toBe('kalshi.prod.book.KXBTCD-25AUG2617-T112999=2E99');
  });

  it('produce only subject- and KV-safe characters, and round-trip any string (seed 77)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
      const token = encodeToken(s);
      expect(token).toMatch(/^[A-Za-z0-9_=-]*$/);
      expect(decodeToken(token)).toBe(s);
    }), { numRuns: 2_000, seed: 77 });
  });

  it('refuse a namespace that would break subjects or bucket names', () => {
    expect(() => checkNamespace('prod.x')).toThrow(/namespace/);
    expect(() => checkNamespace('')).toThrow(/namespace/);
    expect(checkNamespace('demo-2')).toBe('demo-2');
  });
});
