/**
 * `connectRelay`: the read half of `KalshiConnection` (`orderbook`, `ticker`, `trades`,
 * `lifecycle`, `status$`, `close`) backed by a relay over NATS instead of a Kalshi socket.
 *
 * A book is the relay's KV snapshot plus the updates after its relay sequence, with no gap and
 * no duplicate: updates are buffered from before the KV read, a gap in the sequence or a new
 * leader epoch re-reads the KV entry, anything from an older epoch is dropped. A book is `stale`
 * while the relay is silent (no status for `staleAfterMs`) or reports its Kalshi side stale, and
 * `live` again when it is back. Every stream is cold: subscribing creates the NATS subscription,
 * teardown removes it.
 *
 * @module
 */
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { BehaviorSubject, defer, distinctUntilChanged, Observable, share, type Subscriber } from 'rxjs';
import type { Ticker } from '../channels/ticker.js';
import type { Trade } from '../channels/trade.js';
import type { ChannelMessageMap } from '../protocol/data-message.js';
import { decodeFrame } from '../protocol/decode-frame.js';
import { applyLevelChange, bookFromSnapshot, type OrderBook } from '../orderbook/order-book.js';
import type { Count, Price } from '../protocol/fixed-point.js';
import { createOrOpen } from './create-or-open.js';
import { type BookMessage, type BookState, decodeJson, type RelayStatus } from './relay-messages.js';
import { relayNames } from './subjects.js';

/** Options of {@link connectRelay}. */
export interface RelayClientOptions {
  /** An open NATS connection (closed by `close()` only when `ownsConnection`). */
  readonly nats: NatsConnection;
  readonly namespace?: string;
  /** The relay is silent (down, or its leader gone) after this long without a status (default 3 000 ms). */
  readonly staleAfterMs?: number;
  /** Close `nats` in `close()` (default false). */
  readonly ownsConnection?: boolean;
  /** A second KV read this long after a quiet first one (default 300 ms: more than the relay's `kvEveryMs`). */
  readonly confirmAfterMs?: number;
}

/** The relay's health as a consumer sees it. */
export type RelayHealth = { readonly state: 'waiting' } | { readonly state: 'live'; readonly status: RelayStatus } | { readonly state: 'silent'; readonly sinceMs: number };

/** The read half of a Kalshi connection, from a relay. */
export interface RelayConnection {
  /** The live book of `market`: the KV snapshot, then every update after it (stale while the relay is silent). */
  orderbook(market: string): Observable<OrderBook>;
  /** Tickers of `markets` (default: every relayed market), as `connect().ticker()` yields them. */
  ticker(markets?: readonly string[]): Observable<Ticker>;
  /** Trades of `markets` (default: every relayed market). */
  trades(markets?: readonly string[]): Observable<Trade>;
  /** Lifecycle messages. */
  lifecycle(): Observable<ChannelMessageMap['market_lifecycle_v2']>;
  readonly status$: Observable<RelayHealth>;
  /** Counters: KV reads, gaps, messages dropped from older epochs. */
  metricsNow(): { readonly kvReads: number; readonly gaps: number; readonly staleEpochDrops: number; readonly updates: number };
  /** Ends the health watch (and closes the NATS connection when `ownsConnection`). */
  close(): Promise<void>;
}

const bookOf = (s: BookState): OrderBook => {
  const b = bookFromSnapshot({
    type: 'orderbook_snapshot', sid: 0, seq: s.rs,
    msg: { market_ticker: s.market, yes_dollars_fp: s.yes as [Price, Count][], no_dollars_fp: s.no as [Price, Count][] },
  }, false, 'resync');
  return s.status === 'live' ? b : b.with('stale');
};

/** Connects to the relays of a namespace. */
export async function connectRelay(options: RelayClientOptions): Promise<RelayConnection> {
  const names = relayNames(options.namespace ?? 'prod');
  const nc = options.nats;
  // Create-or-open: a consumer may start before any relay has made the bucket.
  const books: KV = await createOrOpen(`KV bucket ${names.booksBucket}`, () => new Kvm(nc).create(names.booksBucket, { history: 1 }));
  const staleAfter = options.staleAfterMs ?? 3_000;
  const confirmAfterMs = options.confirmAfterMs ?? 300;
  const m = { kvReads: 0, gaps: 0, staleEpochDrops: 0, updates: 0 };
  const health = new BehaviorSubject<RelayHealth>({ state: 'waiting' });
  let lastStatusAt = 0;
  const statusSub = nc.subscribe(names.status, {
    callback: (_err, msg) => {
      const st = decodeJson<RelayStatus>(msg.data);
      if (st === undefined) return;
      lastStatusAt = Date.now();
      health.next({ state: 'live', status: st });
    },
  });
  const watchdog = setInterval(() => {
    const h = health.value;
    if (h.state === 'live' && Date.now() - lastStatusAt > staleAfter) health.next({ state: 'silent', sinceMs: Date.now() - lastStatusAt });
  }, Math.max(50, Math.floor(staleAfter / 4)));

  const orderbook = (market: string): Observable<OrderBook> => new Observable<OrderBook>((subscriber: Subscriber<OrderBook>) => {
    let book: OrderBook | undefined;
    let epoch = 0;
    let rs = 0;
    let buffer: BookMessage[] | undefined = [];
    let reading = false;
    let closed = false;
    let silent = false;

    const emit = (b: OrderBook): void => {
      book = b;
      if (!closed) subscriber.next(silent && b.status === 'live' ? b.with('stale') : b);
    };
    const apply = (msg: BookMessage): void => {
      if (msg.e < epoch) {
        m.staleEpochDrops++;
        return;
      }
      if (msg.e > epoch || book === undefined) {
        resync();
        buffer?.push(msg);
        return;
      }
      if (msg.rs <= rs) return; // already in the book (from the KV read or a duplicate)
      if (msg.rs !== rs + 1 && msg.k !== 'snap') {
        m.gaps++;
        resync();
        buffer?.push(msg);
        return;
      }
      rs = msg.rs;
      m.updates++;
      if (msg.k === 'snap') emit(bookOf(msg));
      else if (msg.k === 'status') emit(msg.status === 'stale' ? book.with('stale') : book.with('live'));
      else {
        const change = msg.qty - book.quantityAt(msg.side, msg.price as Price);
        const result = applyLevelChange(book, msg.side, msg.price as Price, change as Count, msg.rs, false);
        if (result.ok) emit(result.book);
        else resync();
      }
    };
    const resync = (): void => {
      if (reading || closed) return;
      reading = true;
      buffer ??= [];
      const attempt = async (tries: number): Promise<void> => {
        const entry = await books.get(names.bookKey(market)).catch(() => null);
        m.kvReads++;
        const s = entry === null || entry.operation !== 'PUT' ? undefined : (entry.json<BookState>());
        const first = buffer?.find((x) => x.e >= (s?.e ?? 0));
        // The KV entry must reach the first buffered update; it is written at least every kvEveryMs.
        if ((s === undefined || (first !== undefined && (first.e > s.e || s.rs < first.rs - 1))) && tries > 0) {
          await new Promise((r) => setTimeout(r, 50));
          return attempt(tries - 1);
        }
        reading = false;
        const pending = buffer ?? [];
        buffer = undefined;
        if (s !== undefined) {
          epoch = s.e;
          rs = s.rs;
          emit(bookOf(s));
        }
        for (const msg of pending) apply(msg);
        // With nothing buffered, updates published just before we subscribed may not be in the KV
        // entry yet (the relay writes it every kvEveryMs): read it once more after that.
        if (pending.length === 0 && !closed) confirm = setTimeout(() => void recheck(), confirmAfterMs);
      };
      attempt(40).catch((e: unknown) => { reading = false; if (!closed) subscriber.error(e); });
    };

    let confirm: ReturnType<typeof setTimeout> | undefined;
    const recheck = async (): Promise<void> => {
      const entry = await books.get(names.bookKey(market)).catch(() => null);
      m.kvReads++;
      if (closed || reading || entry === null || entry.operation !== 'PUT') return;
      const s = entry.json<BookState>();
      if (s.e > epoch || (s.e === epoch && s.rs > rs)) {
        epoch = s.e;
        rs = s.rs;
        emit(bookOf(s));
      }
    };

    const sub = nc.subscribe(names.book(market), {
      callback: (_err, msg) => {
        const parsed = decodeJson<BookMessage>(msg.data);
        if (parsed === undefined) return;
        if (buffer !== undefined) buffer.push(parsed);
        else apply(parsed);
      },
    });
    const healthSub = health.pipe(distinctUntilChanged((a, b) => a.state === b.state)).subscribe((h) => {
      const nowSilent = h.state === 'silent';
      const wasSilent = silent;
      silent = nowSilent;
      if (silent && !wasSilent && book !== undefined && book.status === 'live') subscriber.next(book.with('stale'));
      // Back after silence, or a relay appeared before this market had a book: re-read the KV entry.
      if (h.state === 'live' && (wasSilent || book === undefined)) resync();
    });
    resync();
    return () => {
      closed = true;
      if (confirm !== undefined) clearTimeout(confirm);
      sub.unsubscribe();
      healthSub.unsubscribe();
    };
  });

  const decoded = <T>(subject: string): Observable<T> => new Observable<T>((subscriber) => {
    const sub = nc.subscribe(subject, {
      callback: (_err, msg) => {
        const body = decodeJson<{ e: number; m: unknown }>(msg.data);
        if (body === undefined) return;
        const f = decodeFrame(JSON.stringify(body.m));
        if (f.kind === 'data') subscriber.next(f.message as T);
      },
    });
    return () => sub.unsubscribe();
  });
  const perMarket = <T>(subject: (m: string) => string, all: string, markets: readonly string[] | undefined): Observable<T> =>
    markets === undefined ? decoded<T>(all) : defer(() => new Observable<T>((subscriber) => {
      const subs = markets.map((mk) => decoded<T>(subject(mk)).subscribe(subscriber));
      return () => { for (const s of subs) s.unsubscribe(); };
    }));

  return {
    orderbook: (market) => orderbook(market).pipe(share()),
    ticker: (markets) => perMarket<Ticker>(names.ticker, names.allTickers, markets),
    trades: (markets) => perMarket<Trade>(names.trade, names.allTrades, markets),
    lifecycle: () => decoded<ChannelMessageMap['market_lifecycle_v2']>(names.lifecycle),
    status$: health.asObservable(),
    metricsNow: () => ({ ...m }),
    close: async () => {
      clearInterval(watchdog);
      statusSub.unsubscribe();
      health.complete();
      if (options.ownsConnection === true) await nc.close();
    },
  };
}
