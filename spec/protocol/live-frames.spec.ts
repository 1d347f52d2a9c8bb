import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { OrderbookSnapshot } from '../../lib/channels/orderbook-delta.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';
import { bookFromSnapshot } from '../../lib/orderbook/order-book.js';

// Frames captured from Kalshi's sockets (demo 2026-06 to 2026-08), copied verbatim from the
// shared captures with their provenance (spec/fixtures/live/*.sources.json).
const here = dirname(fileURLToPath(import.meta.url));
const lines = readFileSync(join(here, '../fixtures/live/kalshi-live-frames.ndjson'), 'utf8').trim().split('\n');
const sources = JSON.parse(readFileSync(join(here, '../fixtures/live/kalshi-live-frames.sources.json'), 'utf8')) as { line: number; type: string; captured: string; note: string }[];

const decodeLine = (n: number) => decodeFrame(lines[n - 1] as string);
const snapshotAt = (n: number): OrderbookSnapshot => {
  const f = decodeLine(n);
  if (f.kind !== 'data' || f.message.type !== 'orderbook_snapshot') throw new Error(`line ${n} is not a snapshot`);
  return f.message;
};

describe('frames captured from Kalshi', () => {
  it('has provenance for every line', () => {
    expect(sources.map((s) => s.line)).toEqual(lines.map((_l, i) => i + 1));
  });

  it.each(sources.map((s) => [s.line, s.type, s.captured, s.note] as const))('line %i (%s, %s %s) decodes as data or a reply of its type', (line, type) => {
    const f = decodeLine(line);
    if (f.kind === 'invalid') throw f.error;
    expect(['data', 'reply']).toContain(f.kind);
    expect(f.kind === 'data' ? f.message.type : f.kind === 'reply' ? f.reply.type : undefined).toBe(type);
  });

  it('folds the 2026-08-27 snapshot into the book the venue priced: implied YES ask 0.98, YES bid 0.01, as its own ticker says', () => {
    const book = bookFromSnapshot(snapshotAt(2), false);
    const ticker = decodeLine(4);
    if (ticker.kind !== 'data' || ticker.message.type !== 'ticker') throw new Error('line 4 is not a ticker');
    expect(book.impliedYesAsk).toBe(9800);
    expect(book.bestYesBid).toBe(100);
    expect(ticker.message.msg.yes_ask_dollars).toBe(book.impliedYesAsk);
    expect(ticker.message.msg.yes_bid_dollars).toBe(book.bestYesBid);
    expect(book.quantityAt('no', 200 as never)).toBe(250_000);
  });

  it('reads a descending ladder as the same book as the ascending one', () => {
    const s = snapshotAt(14);
    const reversed = { ...s, msg: { ...s.msg, no_dollars_fp: [...(s.msg.no_dollars_fp ?? [])].reverse() } };
    const book = bookFromSnapshot(s, false);
    expect(book.bestNoBid).toBe(4300);
    expect(book.impliedYesAsk).toBe(5700);
    expect(book.no).toEqual(bookFromSnapshot(reversed, false).no);
  });

  it('reads a snapshot without ladders as an empty book', () => {
    for (const line of [7, 15]) {
      const book = bookFromSnapshot(snapshotAt(line), false);
      expect(book.levels('yes') + book.levels('no')).toBe(0);
      expect(book.bestYesBid).toBeUndefined();
    }
  });

  it('keeps a long real ladder level for level (the 2026-06-24 snapshot)', () => {
    const book = bookFromSnapshot(snapshotAt(17), false);
    expect(book.levels('yes')).toBe(10);
    expect(book.levels('no')).toBe(57);
    expect(book.quantityAt('yes', 100 as never)).toBe(223_099);
  });
});
