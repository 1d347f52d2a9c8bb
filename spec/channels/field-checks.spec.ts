// Every field a channel declares is checked: in each fixture data message, putting a value of
// the wrong kind into any one field of `msg` makes the frame a decode error naming that field
// (a field the codec forgot would pass through unchecked, and a user would get, say, a string
// where the type promises an exact number). Unknown fields are kept as they came.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';
import { loadFixtures } from '../fixtures/load-fixtures.js';

const WRONG = { wrong: true };
// A value of the wrong kind for every field: an object for scalars, a fraction for objects and strings.
const WRONGS: readonly unknown[] = [WRONG, 12345.5];
const here = dirname(fileURLToPath(import.meta.url));
const live = readFileSync(join(here, '../fixtures/live/kalshi-live-frames.ndjson'), 'utf8').split('\n').filter((l) => l.trim() !== '')
  .map((line, i) => ({ name: `live#${i}`, obj: JSON.parse(line) as Record<string, unknown> }));
// The frames are chosen by decoding them while the spec is collected (each becomes a test). A
// decoder that throws there would fail the file's collection, which a runner may not count as a
// failing test (Stryker's vitest runner does not), so the error is kept and fails a test below.
let collectError: unknown;
const frames = ((): { name: string; obj: Record<string, unknown> }[] => {
  try {
    return [...loadFixtures().map((f) => ({ name: `${f.origin}/${f.name}`, obj: JSON.parse(f.text) as Record<string, unknown> })), ...live].filter(({ obj }) => {
      const d = decodeFrame(JSON.stringify(obj));
      return d.kind === 'data' && typeof obj['msg'] === 'object' && obj['msg'] !== null && !Array.isArray(obj['msg']);
    });
  } catch (error) {
    collectError = error;
    return [];
  }
})();

describe('every declared field is checked', () => {
  it('decoded every fixture while the spec was collected', () => {
    expect(collectError).toBeUndefined();
  });

  it('has data fixtures of every kind to work on', () => {
    const types = new Set(frames.map((f) => f.obj['type']));
    for (const t of ['orderbook_snapshot', 'orderbook_delta', 'ticker', 'trade', 'fill', 'market_position', 'user_order', 'market_lifecycle_v2', 'event_lifecycle', 'order_group_updates', 'rfq_created']) expect(types, t).toContain(t);
  });

  it.each(frames.map((f) => [f.name, f] as const))('%s', (_name, { obj }) => {
    const msg = obj['msg'] as Record<string, unknown>;
    const unchecked: string[] = [];
    for (const key of Object.keys(msg)) {
      const rejected = WRONGS.some((wrong) => {
        const bad = decodeFrame(JSON.stringify({ ...obj, msg: { ...msg, [key]: wrong } }));
        return bad.kind === 'invalid' && bad.error.issues.some((i) => i.path === `msg.${key}` || i.path.startsWith(`msg.${key}.`) || i.path.startsWith(`msg.${key}[`));
      });
      if (!rejected) unchecked.push(key);
    }
    expect(unchecked).toEqual([]);
    const extra = decodeFrame(JSON.stringify({ ...obj, msg: { ...msg, some_new_field: WRONG } }));
    expect(extra.kind).toBe('data');
    expect(extra.kind === 'data' && (extra.message.msg as unknown as Record<string, unknown>)['some_new_field']).toEqual(WRONG);
  });
});
