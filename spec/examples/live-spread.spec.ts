import { describe, expect, it, vi } from 'vitest';
import { eventually } from '../helpers/eventually.js';

describe('examples/live-spread', () => {
  it('prints twenty live spreads of two books combined with combineLatest', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line); });
    try {
      await import('../../examples/live-spread.js');
      await eventually(() => expect(lines).toHaveLength(20), 10_000);
      expect(lines.every((l) => /^A \d\.\d{4} {2}B \d\.\d{4} {2}A−B -?\d\.\d{4}$/.test(l))).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});
