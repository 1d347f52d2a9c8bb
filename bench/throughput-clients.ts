/**
 * The clients of the throughput figures, each set up once on a firehose's stream and then fed
 * slice by slice (bench/slice-client.ts runs each in its own thread): `ws` alone (the ceiling),
 * the hand-rolled baseline (`ws` + `JSON.parse`), books by hand, and kalshi-rx's channel, books,
 * per-market routing and the floor (its channel with mutable books). Each calls `tick` once per
 * delta it handled (the ceiling once per frame) after its setup.
 */
import type { Subscription } from 'rxjs';
import { WebSocket } from 'ws';
import type { KalshiConnection } from '../lib/connection/kalshi-connection-api.js';
import type { connect } from '../lib/connection/kalshi-connection.js';
import { pause, until } from './measure.js';

/** The `connect()` a client runs: this build's, or another build's (`--against`). */
export type Connect = typeof connect;

/** The throughput clients. */
export const CLIENTS = ['baseline', 'ceiling', 'hand', 'floor', 'channel', 'book', 'routing'] as const;
/** One of {@link CLIENTS}. */
export type ClientName = (typeof CLIENTS)[number];

/** What a hand-rolled client sends: the three channels for every market. */
export const subscribeAll = (ws: WebSocket, markets: readonly string[]): void => {
  ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: markets } }));
  ws.send(JSON.stringify({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: markets } }));
  ws.send(JSON.stringify({ id: 3, cmd: 'subscribe', params: { channels: ['trade'], market_tickers: markets } }));
};

/** `orderbook(m)` for every market (plus ticker and trade): `onBook(true)` for each first book, `onBook(false)` for every later one. */
export function subscribeBooks(conn: KalshiConnection, markets: readonly string[], onBook: (first: boolean) => void): Subscription[] {
  const subs = markets.map((market) => {
    let first = true;
    return conn.orderbook(market).subscribe(() => {
      onBook(first);
      first = false;
    });
  });
  subs.push(conn.channel('ticker', { market_tickers: [...markets] }).subscribe());
  subs.push(conn.channel('trade', { market_tickers: [...markets] }).subscribe());
  return subs;
}

/** A mutable book side as a hand-rolled client keeps it: price → quantity, updated in place, unsorted. */
type MapSide<K> = Map<K, number>;

/** Applies one change in place (a level that reaches 0 goes). */
function changeLevel<K>(side: MapSide<K>, price: K, change: number): void {
  const q = (side.get(price) ?? 0) + change;
  if (q > 0) side.set(price, q);
  else side.delete(price);
}

type RawFrame = { type: string; msg: { market_ticker: string; price_dollars: string; delta_fp: string; side: 'yes' | 'no'; yes_dollars_fp: [string, string][]; no_dollars_fp: [string, string][] } };

/** A raw `ws` client that reads frames with `onFrame` once it is open; resolves with its teardown when `ready()` holds. */
async function rawClient(url: string, markets: readonly string[], onFrame: (data: Buffer) => void, ready: () => boolean, what: string): Promise<() => void> {
  const ws = new WebSocket(url);
  await new Promise((r) => ws.once('open', r));
  ws.on('message', onFrame);
  subscribeAll(ws, markets);
  await until(ready, what);
  return () => ws.terminate();
}

/** `channel()` clients: one subscription per market (`perMarket`, the routing figure) or one for all, plus ticker and trade. */
async function channelClient(url: string, markets: readonly string[], perMarket: boolean, onMessage: (m: unknown) => boolean, connectWith: Connect): Promise<() => void> {
  const conn = connectWith({ url });
  let snapshots = 0;
  const on = (m: unknown): void => { if (!onMessage(m)) snapshots++; };
  const subs: Subscription[] = perMarket
    ? markets.map((market) => conn.channel('orderbook_delta', { market_ticker: market }).subscribe(on))
    : [conn.channel('orderbook_delta', { market_tickers: [...markets] }).subscribe(on)];
  subs.push(conn.channel('ticker', { market_tickers: [...markets] }).subscribe());
  subs.push(conn.channel('trade', { market_tickers: [...markets] }).subscribe());
  await until(() => snapshots === markets.length, 'channel snapshots');
  await pause(50);
  return () => {
    for (const s of subs) s.unsubscribe();
    conn.close();
  };
}

/**
 * Sets up client `name` on the stream at `url` (subscribed, every snapshot in); resolves with its
 * teardown. From then on it calls `tick` per delta (the ceiling: per frame).
 */
export async function startClient(name: ClientName, url: string, markets: readonly string[], tick: () => void, connectWith: Connect): Promise<() => void> {
  switch (name) {
    case 'ceiling': {
      // `ws` alone: counts frames, parses nothing (the ceiling of any client).
      let setup = 0;
      return rawClient(url, markets, () => { if (setup < markets.length + 3) setup++; else tick(); }, () => setup === markets.length + 3, 'ceiling setup');
    }
    case 'baseline': {
      // A hand-rolled client: `JSON.parse` per frame, counting deltas.
      let snapshots = 0;
      return rawClient(url, markets, (data) => {
        const m = JSON.parse(data as unknown as string) as { type: string };
        if (m.type === 'orderbook_delta') tick();
        else if (m.type === 'orderbook_snapshot') snapshots++;
      }, () => snapshots === markets.length, 'baseline snapshots');
    }
    case 'hand': {
      // Books by hand: per market two mutable Maps keyed by the price text, quantities as Numbers; nothing emitted.
      const books = new Map<string, { yes: MapSide<string>; no: MapSide<string> }>();
      return rawClient(url, markets, (data) => {
        const m = JSON.parse(data as unknown as string) as RawFrame;
        if (m.type === 'orderbook_delta') {
          const b = books.get(m.msg.market_ticker);
          if (b !== undefined) changeLevel(m.msg.side === 'yes' ? b.yes : b.no, m.msg.price_dollars, Number(m.msg.delta_fp));
          tick();
        } else if (m.type === 'orderbook_snapshot') {
          books.set(m.msg.market_ticker, { yes: new Map(m.msg.yes_dollars_fp.map(([p, q]) => [p, Number(q)])), no: new Map(m.msg.no_dollars_fp.map(([p, q]) => [p, Number(q)])) });
        }
      }, () => books.size === markets.length, 'hand-rolled snapshots');
    }
    case 'floor': {
      // kalshi-rx's channel() with the same mutable Maps keyed by the decoded integer price: no
      // per-market stream, no immutable book, no emission (a floor for any orderbook(m)).
      const books = new Map<string, { yes: MapSide<number>; no: MapSide<number> }>();
      return channelClient(url, markets, false, (message) => {
        const m = message as { type: string; msg: { market_ticker: string; price_dollars: number; delta_fp: number; side: 'yes' | 'no'; yes_dollars_fp?: [number, number][]; no_dollars_fp?: [number, number][] } };
        if (m.type !== 'orderbook_delta') {
          books.set(m.msg.market_ticker, { yes: new Map(m.msg.yes_dollars_fp ?? []), no: new Map(m.msg.no_dollars_fp ?? []) });
          return false;
        }
        const b = books.get(m.msg.market_ticker);
        if (b !== undefined) changeLevel(m.msg.side === 'yes' ? b.yes : b.no, m.msg.price_dollars, m.msg.delta_fp);
        tick();
        return true;
      }, connectWith);
    }
    case 'channel':
    case 'routing': {
      // channel('orderbook_delta') decoded, validated, seq-checked: one for all markets, or one per market (routing).
      return channelClient(url, markets, name === 'routing', (m) => {
        if ((m as { type: string }).type !== 'orderbook_delta') return false;
        tick();
        return true;
      }, connectWith);
    }
    case 'book': {
      const conn = connectWith({ url });
      let ready = 0;
      const subs = subscribeBooks(conn, markets, (first) => { if (first) ready++; else tick(); });
      await until(() => ready === markets.length, 'first books');
      await pause(50);
      return () => {
        for (const s of subs) s.unsubscribe();
        conn.close();
      };
    }
  }
}
