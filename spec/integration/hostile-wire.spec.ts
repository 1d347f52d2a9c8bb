import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderbookDelta, OrderbookSnapshot } from '../../lib/channels/orderbook-delta.js';
import type { ChannelEvent, Diagnostic } from '../../lib/connection/channel-event.js';
import { connect } from '../../lib/connection/kalshi-connection.js';
import type { ConnectionStatus, SubscriptionStatus } from '../../lib/connection/connection-status.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { formatCount, formatPrice } from '../../lib/protocol/fixed-point.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import { loopback } from '../helpers/loopback.js';
import { eventually, sleep } from '../helpers/eventually.js';

// What a hostile or broken peer can put on the wire, mixed into a live book stream over a real
// socket: nothing may crash, stall or cost a valid delta.

const MARKET = 'HOST-A';
const rig = loopback();

const asWire = (b: OrderBook) => ({ yes: b.yes.map(([p, q]) => [p, q]), no: b.no.map(([p, q]) => [p, q]) });

/** Malformed frames for the live sid `sid` (whose last seq is `seq`): each must decode as invalid, unknown or unroutable. */
function malformed(sid: number, seq: number): fc.Arbitrary<string | Buffer> {
  const delta = (msg: Record<string, unknown>, env: Record<string, unknown> = {}) =>
    JSON.stringify({ type: 'orderbook_delta', sid, seq: seq + 1, ...env, msg: { market_ticker: MARKET, price_dollars: '0.5000', delta_fp: '1.00', side: 'yes', ...msg } });
  const deep = (n: number) => `{"type":"orderbook_snapshot","sid":${sid},"seq":${seq + 1},"msg":{"market_ticker":"${MARKET}","yes_dollars_fp":${'['.repeat(n)}${']'.repeat(n)}}}`;
  return fc.oneof(
    { weight: 4, arbitrary: fc.string().filter((s) => { try { const v = JSON.parse(s) as unknown; return typeof v !== 'object' || v === null || Array.isArray(v); } catch { return true; } }) },
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 60 }).map((k) => delta({}).slice(0, k)) },
    { weight: 2, arbitrary: fc.constantFrom('null', '42', '[1,2]', '"x"', 'true', '') },
    { weight: 3, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty').map((type) => JSON.stringify({ type, sid, seq: seq + 1, msg: {} })) },
    { weight: 2, arbitrary: fc.constant(`{"type":"orderbook_delta","__proto__":null,"sid":${sid},"seq":${seq + 1},"msg":{}}`) },
    { weight: 3, arbitrary: fc.constantFrom('NaN', '-0.0100', '1.0100', '0.50001', 'Infinity', '', '0x10').map((p) => delta({ price_dollars: p })) },
    { weight: 2, arbitrary: fc.constantFrom('1.001', 'lots', '1e3', '').map((c) => delta({ delta_fp: c })) },
    { weight: 2, arbitrary: fc.constantFrom('maybe', 'YES', '').map((s) => delta({ side: s })) },
    { weight: 2, arbitrary: fc.constantFrom(-1, 987_654, 1.5).map((s) => delta({}, { sid: s })) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'М😀\u202e').map((m) => delta({}, { sid: 999 }).replace(`"${MARKET}"`, JSON.stringify(m))) },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 2_000 }).map(deep) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((a) => Buffer.concat([Buffer.from([0xff]), Buffer.from(a)])) },
  );
}

describe('a live book under hostile frames (loopback)', () => {
  it('20,000 malformed frames among valid deltas: no crash, no stall, every valid delta delivered once, the book equals the truth', async () => {
    const seed = 20_261_201;
    const sim = rig.sim = await startSimulator({ markets: [MARKET], tickIntervalMs: 0, pingIntervalMs: 0, seed: 3 });
    const conn = rig.conn = connect({ url: sim.url, reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    const crashes: unknown[] = [];
    const onCrash = (e: unknown): void => { crashes.push(e); };
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    try {
      const diagnostics: Diagnostic[] = [];
      const statuses: ConnectionStatus[] = [];
      const subStatus: SubscriptionStatus[] = [];
      const deltaSeqs: number[] = [];
      let snapshotSeq: number | undefined;
      let book: OrderBook | undefined;
      conn.diagnostics$.subscribe((d) => diagnostics.push(d));
      conn.status$.subscribe((s) => statuses.push(s));
      conn.orderbook(MARKET).subscribe((b) => { book = b; });
      conn.events('orderbook_delta', { market_tickers: [MARKET] }).subscribe((e: ChannelEvent<OrderbookSnapshot | OrderbookDelta>) => {
        if (e.kind === 'status') subStatus.push(e.status);
        if (e.kind !== 'data') return;
        if (e.message.type === 'orderbook_snapshot') snapshotSeq = e.message.seq;
        else deltaSeqs.push(e.message.seq);
      });
      await eventually(() => expect(book).toBeDefined());
      const sid = sim.subscriptions()[0]!.sid;

      const injected = fc.sample(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), malformed(sid, 0)), { numRuns: 20_000, seed });
      let sent = 0;
      for (const [roll, frame] of injected) {
        if (roll < 0.15) sim.step(1);
        const last = sim.lastSeq('orderbook_delta') ?? 0;
        // Frames that quote a seq quote the next one, so a decoder that let one through would break the stream.
        sim.faults.sendRaw(typeof frame === 'string' ? frame.replaceAll(`"seq":1,`, `"seq":${last + 1},`) : frame);
        sent++;
        if (sent % 2_000 === 0) await sleep(1); // let the socket drain
      }
      sim.step(20);
      const finalSeq = sim.lastSeq('orderbook_delta') ?? 0;
      await eventually(() => {
        expect(deltaSeqs[deltaSeqs.length - 1]).toBe(finalSeq);
        expect(asWire(book!)).toEqual(sim.book(MARKET));
      }, 10_000);

      const context = `seed ${seed}`;
      expect(crashes, context).toEqual([]);
      expect(statuses.filter((s) => s.state !== 'open' && s.state !== 'connecting'), context).toEqual([]);
      expect(subStatus.filter((s) => s.state === 'gap' || s.state === 'resyncing'), context).toEqual([]);
      // Every valid delta exactly once: the seqs after the snapshot, contiguous, none twice.
      const expected = Array.from({ length: finalSeq - (snapshotSeq ?? 0) }, (_v, i) => (snapshotSeq ?? 0) + 1 + i);
      expect(deltaSeqs, context).toEqual(expected);
      expect(deltaSeqs.length, context).toBeGreaterThan(500);
      // Each bad frame reported once, with a bounded excerpt.
      expect(diagnostics.length, context).toBe(sent);
      for (const d of diagnostics) if (d.kind === 'decode-error') expect(d.error.frame.length).toBeLessThanOrEqual(201);
      expect(book!.status).toBe('live');
    } finally {
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
    }
  }, 60_000);

  it.each([1e300, 2 ** 53 + 2, -1, 0, 0.5])('a delta with seq %s counts as a gap: the book resyncs and is live and true again within 2 s', async (poison) => {
    const sim = rig.sim = await startSimulator({ markets: [MARKET], tickIntervalMs: 0, pingIntervalMs: 0, seed: 4 });
    const conn = rig.conn = connect({ url: sim.url });
    let book: OrderBook | undefined;
    const subStatus: SubscriptionStatus[] = [];
    conn.orderbook(MARKET).subscribe((b) => { book = b; });
    conn.events('orderbook_delta', { market_tickers: [MARKET] }).subscribe((e) => { if (e.kind === 'status') subStatus.push(e.status); });
    await eventually(() => expect(book).toBeDefined());
    sim.step(50);
    await eventually(() => expect(asWire(book!)).toEqual(sim.book(MARKET)));
    const last = sim.lastSeq('orderbook_delta') ?? 0;
    const price = formatPrice(book!.bestYesBid ?? (100 as never));
    const bad = JSON.stringify({ type: 'orderbook_delta', sid: sim.subscriptions()[0]!.sid, seq: poison === 0.5 ? last + 0.5 : poison, msg: { market_ticker: MARKET, price_dollars: price, delta_fp: formatCount(1_000_00 as never), side: 'yes' } });
    const at = Date.now();
    sim.faults.sendRaw(bad);
    await eventually(() => expect(subStatus.some((s) => s.state === 'resyncing')).toBe(true), 2_000);
    await eventually(() => {
      expect(book!.status).toBe('live');
      expect(book!.base).toBe('resync');
      expect(asWire(book!)).toEqual(sim.book(MARKET));
    }, 2_000);
    expect(Date.now() - at).toBeLessThan(2_000);
    // Not stalled: later deltas still apply.
    sim.step(50);
    await eventually(() => expect(asWire(book!)).toEqual(sim.book(MARKET)), 2_000);
  });

  it('a data frame sent as a binary frame is delivered like a text frame', async () => {
    const sim = rig.sim = await startSimulator({ markets: [MARKET], tickIntervalMs: 0, pingIntervalMs: 0 });
    const conn = rig.conn = connect({ url: sim.url });
    const got: string[] = [];
    conn.ticker([MARKET]).subscribe((t) => got.push(t.msg.market_ticker));
    await eventually(() => expect(sim.subscriptions()).toHaveLength(1));
    const sid = sim.subscriptions()[0]!.sid;
    sim.faults.sendRaw(Buffer.from(JSON.stringify({ type: 'ticker', sid, msg: { market_ticker: MARKET, yes_bid_dollars: '0.4200' } })));
    await eventually(() => expect(got).toEqual([MARKET]));
  });

  it('a frame over maxFrameBytes is reported as frame-too-large; the socket is replaced and the book restored', async () => {
    const sim = rig.sim = await startSimulator({ markets: [MARKET], tickIntervalMs: 0, pingIntervalMs: 0 });
    const conn = rig.conn = connect({ url: sim.url, maxFrameBytes: 64 * 1024, reconnect: { initialDelayMs: 10, maxDelayMs: 50 } });
    const diagnostics: Diagnostic[] = [];
    const statuses: ConnectionStatus[] = [];
    let book: OrderBook | undefined;
    conn.diagnostics$.subscribe((d) => diagnostics.push(d));
    conn.status$.subscribe((s) => statuses.push(s));
    conn.orderbook(MARKET).subscribe((b) => { book = b; });
    await eventually(() => expect(book).toBeDefined());
    sim.faults.sendRaw(`{"type":"ticker","sid":1,"msg":{"market_ticker":"${MARKET}","pad":"${'x'.repeat(100 * 1024)}"}}`);
    await eventually(() => expect(diagnostics).toContainEqual({ kind: 'frame-too-large', limitBytes: 64 * 1024 }));
    await eventually(() => expect(statuses.some((s) => s.state === 'reconnecting')).toBe(true));
    sim.step(30);
    await eventually(() => {
      expect(book!.status).toBe('live');
      expect(asWire(book!)).toEqual(sim.book(MARKET));
    });
  });

  it('fails fast on a maxFrameBytes that is not a positive integer', () => {
    expect(() => connect({ url: 'ws://127.0.0.1:1/x', maxFrameBytes: 0, reconnect: false })).toThrow(/maxFrameBytes must be a positive integer/);
  });
});
