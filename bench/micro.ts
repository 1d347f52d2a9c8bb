/**
 * Micro benchmarks: one frame parsed and decoded, one delta applied, one book emitted.
 */
import { Subject } from 'rxjs';
import type { OrderbookDelta, OrderbookSnapshot } from '../lib/channels/orderbook-delta.js';
import type { ChannelEvent } from '../lib/connection/channel-event.js';
import { toOrderBook } from '../lib/operators/to-order-book.js';
import { applyDelta, bookFromSnapshot, type OrderBook } from '../lib/orderbook/order-book.js';
import { decodeFrame } from '../lib/protocol/decode-frame.js';
import { decoded, orderbookDelta, orderbookSnapshot } from '../lib/testing/message-builders.js';
import { nsPer } from './measure.js';
import { generateWorkload } from './workload.js';

/** Nanoseconds per operation of the micro benchmarks. */
export interface Micro { parseNs: number; decodeNs: number; streamParseNs: number; streamDecodeNs: number; deltaNs: number; emitNs: number }

/** The micro benchmarks: parse and decode a frame, apply a delta, emit a book. */
export function micro(seed: number): Micro {
  let sink = 0;
  // Frames of the realistic stream (all types, all key orders), as text.
  const w = generateWorkload({ seed: seed + 1, markets: 200, deltas: 20_000 });
  let seq = 0;
  const texts = w.frames.map((f) => (f.tail === undefined ? f.head : `${f.head}${++seq}${f.tail}`));
  const mask = 16_383;
  const streamParseNs = nsPer(200_000, (i) => { sink += (JSON.parse(texts[i & mask] as string) as { sid: number }).sid; });
  const streamDecodeNs = nsPer(200_000, (i) => { if (decodeFrame(texts[i & mask] as string).kind === 'data') sink++; });
  const frame = JSON.stringify({ sid: 1, seq: 7, ...orderbookDelta({ market: 'MICRO', side: 'yes', price: '0.5612', delta: '-12.50' }) });
  const parseNs = nsPer(300_000, () => { sink += (JSON.parse(frame) as { seq: number }).seq; });
  const decodeNs = nsPer(300_000, () => { if (decodeFrame(frame).kind === 'data') sink++; });
  const levels = (offset: number): [string, string][] => Array.from({ length: 2000 }, (_, i) => [((offset + i * 2) / 10_000).toFixed(4), '100.00']);
  const snap = decoded<OrderbookSnapshot>(orderbookSnapshot({ market: 'MICRO', yes: levels(1), no: levels(2) }));
  let book: OrderBook = bookFromSnapshot(snap, false);
  const deltas: OrderbookDelta[] = Array.from({ length: 4096 }, (_, i) => {
    const p = 1 + 2 * (((i >> 1) * 7919) % 2000);
    return decoded<OrderbookDelta>(orderbookDelta({ market: 'MICRO', side: 'yes', price: (p / 10_000).toFixed(4), delta: i % 2 === 0 ? '5.00' : '-5.00' }));
  });
  let applied = 0;
  const deltaNs = nsPer(400_000, (i) => {
    const r = applyDelta(book, deltas[i & 4095] as OrderbookDelta, false);
    if (r.ok) {
      book = r.book;
      applied++;
    }
  });
  if (applied !== 420_000) throw new Error(`bench: only ${applied} of 420,000 deltas applied`);
  const events = new Subject<ChannelEvent<OrderbookSnapshot | OrderbookDelta>>();
  let emitted = 0;
  events.pipe(toOrderBook('MICRO', { checkCrossed: false })).subscribe(() => { emitted++; });
  events.next({ kind: 'data', message: snap });
  const emitNs = nsPer(400_000, (i) => {
    events.next({ kind: 'data', message: deltas[i & 4095] as OrderbookDelta });
  });
  if (emitted !== 420_001) throw new Error(`bench: only ${emitted} of 420,001 books emitted`);
  sink += emitted;
  if (sink < 0) console.log(sink);
  return { parseNs, decodeNs, streamParseNs, streamDecodeNs, deltaNs, emitNs };
}
