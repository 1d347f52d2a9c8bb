/**
 * The throughput scenarios, each one client reading one firehose's stream: `ws` alone (the
 * ceiling), the hand-rolled baseline (`ws` + `JSON.parse`), and kalshi-rx's channel and books.
 */
import type { Subscription } from 'rxjs';
import { WebSocket } from 'ws';
import { connect } from '../lib/connection/kalshi-connection.js';
import { connectPool } from '../lib/connection/connect-pool.js';
import type { PoolOptions } from '../lib/connection/pool-options.js';
import type { Firehose } from './firehose-client.js';
import { pause, type Rate, rateCounter, until } from './measure.js';

/** What a hand-rolled client sends: the three channels for every market. */
const subscribeAll = (ws: WebSocket, markets: readonly string[]): void => {
  ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: markets } }));
  ws.send(JSON.stringify({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: markets } }));
  ws.send(JSON.stringify({ id: 3, cmd: 'subscribe', params: { channels: ['trade'], market_tickers: markets } }));
};

// ------------------------------------------------------------------ throughput scenarios

/** `ws` alone: counts frames, parses nothing (the ceiling of any client). */
export async function ceiling(fh: Firehose): Promise<Rate> {
  const { markets, frameCount, deltaCount } = fh.w;
  const ws = new WebSocket(fh.url);
  await new Promise((r) => ws.once('open', r));
  let setup = 0;
  const counter = rateCounter(frameCount);
  ws.on('message', () => {
    if (setup < markets.length + 3) setup++;
    else counter.tick();
  });
  subscribeAll(ws, markets);
  await until(() => setup === markets.length + 3, 'ceiling setup');
  void fh.fire();
  const rate = await counter.done;
  ws.terminate();
  return { wall: (rate.wall * deltaCount) / frameCount, cpu: (rate.cpu * deltaCount) / frameCount, utilization: rate.utilization };
}

/** The baseline: a hand-rolled client, `ws` + `JSON.parse` per frame, counting deltas. */
export async function baseline(fh: Firehose): Promise<Rate> {
  const { markets, deltaCount } = fh.w;
  const ws = new WebSocket(fh.url);
  await new Promise((r) => ws.once('open', r));
  const counter = rateCounter(deltaCount);
  let snapshots = 0;
  ws.on('message', (data) => {
    const m = JSON.parse(data as unknown as string) as { type: string };
    if (m.type === 'orderbook_delta') counter.tick();
    else if (m.type === 'orderbook_snapshot') snapshots++;
  });
  subscribeAll(ws, markets);
  await until(() => snapshots === markets.length, 'baseline snapshots');
  void fh.fire();
  const rate = await counter.done;
  ws.terminate();
  return rate;
}

/** The `connect()` a scenario measures: this build's, or the `--against` build's. */
export type Connect = typeof connect;

/** `channel('orderbook_delta')` for every market (plus ticker and trade): decoded, validated, seq-checked. */
export async function channelRate(fh: Firehose, perMarket = false, connectWith: Connect = connect): Promise<Rate> {
  const { markets, deltaCount } = fh.w;
  const conn = connectWith({ url: fh.url });
  const counter = rateCounter(deltaCount);
  let snapshots = 0;
  let others = 0;
  const onDelta = (m: { type: string }): void => {
    if (m.type === 'orderbook_delta') counter.tick();
    else snapshots++;
  };
  const subs: Subscription[] = perMarket
    ? markets.map((market) => conn.channel('orderbook_delta', { market_ticker: market }).subscribe(onDelta))
    : [conn.channel('orderbook_delta', { market_tickers: [...markets] }).subscribe(onDelta)];
  subs.push(conn.channel('ticker', { market_tickers: [...markets] }).subscribe(() => { others++; }));
  subs.push(conn.channel('trade', { market_tickers: [...markets] }).subscribe(() => { others++; }));
  await until(() => snapshots === markets.length, 'channel snapshots');
  await pause(50);
  void fh.fire();
  const rate = await counter.done;
  for (const s of subs) s.unsubscribe();
  conn.close();
  if (others === 0) throw new Error('bench: no ticker/trade frames reached the channel client');
  return rate;
}

/** `orderbook(market)` for every market of the stream (plus ticker and trade): books maintained. */
export async function bookRate(fh: Firehose, latency?: { rate: number; samples: Float64Array }, pool?: PoolOptions, connectWith: Connect = connect): Promise<Rate> {
  const { markets, deltaCount, frameCount } = fh.w;
  let receipt = 0;
  const options = { url: fh.url, ...(latency === undefined ? {} : { onRawFrame: () => { receipt = performance.now(); } }) };
  const conn = pool === undefined ? connectWith(options) : connectPool({ ...options, ...pool });
  const counter = rateCounter(deltaCount);
  let ready = 0;
  const samples = latency?.samples;
  const subs = markets.map((market) => {
    let first = true;
    return conn.orderbook(market).subscribe(samples === undefined
      ? () => {
        if (first) {
          first = false;
          ready++;
        } else counter.tick();
      }
      : () => {
        if (first) {
          first = false;
          ready++;
        } else {
          const i = counter.count();
          if (i < samples.length) samples[i] = performance.now() - receipt;
          counter.tick();
        }
      });
  });
  subs.push(conn.channel('ticker', { market_tickers: [...markets] }).subscribe());
  subs.push(conn.channel('trade', { market_tickers: [...markets] }).subscribe());
  await until(() => ready === markets.length, 'first books');
  await pause(50);
  void (pool === undefined ? fh.fire(latency === undefined ? undefined : (latency.rate * frameCount) / deltaCount) : fh.fireSplit());
  const rate = await counter.done;
  for (const s of subs) s.unsubscribe();
  conn.close();
  return rate;
}

// ------------------------------------------------------------------ reference book clients

/** A mutable book side as a hand-rolled client keeps it: price → quantity, updated in place, unsorted. */
type MapSide<K> = Map<K, number>;

/** Applies one change in place (a level that reaches 0 goes). */
function changeLevel<K>(side: MapSide<K>, price: K, change: number): void {
  const q = (side.get(price) ?? 0) + change;
  if (q > 0) side.set(price, q);
  else side.delete(price);
}

/**
 * Reference: books by hand, as a client without a library keeps them: `ws` + `JSON.parse`, and
 * per market two mutable `Map`s keyed by the price text, quantities as `Number`s. No book value
 * is emitted and none is immutable: what a hand-rolled book costs.
 */
export async function handBooks(fh: Firehose): Promise<Rate> {
  const { markets, deltaCount } = fh.w;
  const ws = new WebSocket(fh.url);
  await new Promise((r) => ws.once('open', r));
  const counter = rateCounter(deltaCount);
  const books = new Map<string, { yes: MapSide<string>; no: MapSide<string> }>();
  type Frame = { type: string; msg: { market_ticker: string; price_dollars: string; delta_fp: string; side: 'yes' | 'no'; yes_dollars_fp: [string, string][]; no_dollars_fp: [string, string][] } };
  ws.on('message', (data) => {
    const m = JSON.parse(data as unknown as string) as Frame;
    if (m.type === 'orderbook_delta') {
      const b = books.get(m.msg.market_ticker);
      if (b !== undefined) changeLevel(m.msg.side === 'yes' ? b.yes : b.no, m.msg.price_dollars, Number(m.msg.delta_fp));
      counter.tick();
    } else if (m.type === 'orderbook_snapshot') {
      books.set(m.msg.market_ticker, {
        yes: new Map(m.msg.yes_dollars_fp.map(([p, q]) => [p, Number(q)])),
        no: new Map(m.msg.no_dollars_fp.map(([p, q]) => [p, Number(q)])),
      });
    }
  });
  subscribeAll(ws, markets);
  await until(() => books.size === markets.length, 'hand-rolled snapshots');
  void fh.fire();
  const rate = await counter.done;
  ws.terminate();
  return rate;
}

/**
 * Reference: kalshi-rx's `channel()` for every market with the same mutable `Map` book per
 * market, keyed by the decoded integer price. It has this client's decode, seq checks and
 * routing but no immutable book, no per-market member and no emission: a floor for any book
 * that `orderbook(m)` could keep on this decode path.
 */
export async function floorBooks(fh: Firehose, connectWith: Connect = connect): Promise<Rate> {
  const { markets, deltaCount } = fh.w;
  const conn = connectWith({ url: fh.url });
  const counter = rateCounter(deltaCount);
  const books = new Map<string, { yes: MapSide<number>; no: MapSide<number> }>();
  const subs: Subscription[] = [conn.channel('orderbook_delta', { market_tickers: [...markets] }).subscribe((m) => {
    if (m.type === 'orderbook_delta') {
      const b = books.get(m.msg.market_ticker);
      if (b !== undefined) changeLevel(m.msg.side === 'yes' ? b.yes : b.no, m.msg.price_dollars, m.msg.delta_fp);
      counter.tick();
    } else {
      const s = m.msg;
      books.set(s.market_ticker, { yes: new Map(s.yes_dollars_fp ?? []), no: new Map(s.no_dollars_fp ?? []) });
    }
  })];
  subs.push(conn.channel('ticker', { market_tickers: [...markets] }).subscribe());
  subs.push(conn.channel('trade', { market_tickers: [...markets] }).subscribe());
  await until(() => books.size === markets.length, 'floor snapshots');
  await pause(50);
  void fh.fire();
  const rate = await counter.done;
  for (const s of subs) s.unsubscribe();
  conn.close();
  return rate;
}
