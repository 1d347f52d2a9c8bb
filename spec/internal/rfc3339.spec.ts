// Timestamps in Kalshi's RFC 3339 shape (whole seconds, `Z`), as the simulator and the test kit's
// message builders write them.
import { describe, expect, it } from 'vitest';
import { rfc3339Seconds } from '../../lib/internal/rfc3339.js';

describe('rfc3339Seconds', () => {
  it('drops the milliseconds and keeps the Z', () => {
    expect(rfc3339Seconds(1733047200123)).toBe('2024-12-01T10:00:00Z');
    expect(rfc3339Seconds(0)).toBe('1970-01-01T00:00:00Z');
    expect(rfc3339Seconds(1669149841999)).toBe('2022-11-22T20:44:01Z');
  });
});
