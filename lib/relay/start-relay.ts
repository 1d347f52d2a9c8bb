/**
 * `startRelay`: holds one Kalshi connection (`connect()`, or anything with its read API) and fans
 * its books, tickers, trades and lifecycle out over NATS JetStream, so every service, notebook
 * and browser reads the same exact books without its own Kalshi connection.
 *
 * Per market it folds the connection's `orderbook_delta` events into a book (the library's exact
 * integer fold; the connection's own recovery supplies fresh snapshots after gaps and drops),
 * publishes every level change with a per-market relay sequence, and keeps the current book in a
 * KV bucket with the sequence it corresponds to. Several relays may run for one namespace; a KV
 * lease elects one leader, which alone publishes (see {@link campaign}).
 *
 * @module
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Subscription } from 'rxjs';
import type { OrderbookDelta, OrderbookSnapshot } from '../channels/orderbook-delta.js';
import type { ChannelEvent } from '../connection/channel-event.js';
import type { KalshiConnection } from '../connection/kalshi-connection-api.js';
import { levelEntries } from '../orderbook/level-tree.js';
import { applyDelta, bookFromSnapshot, type OrderBook } from '../orderbook/order-book.js';
import { encodeMessage } from '../protocol/data-message.js';
import { createOrOpen } from './create-or-open.js';
import { campaign, type LeaderLease } from './leader-lease.js';
import { type BookMessage, type BookState, encodeJson, type RelayStatus } from './relay-messages.js';
import { relayNames } from './subjects.js';

/** Options of {@link startRelay}. */
export interface RelayOptions {
  /** The Kalshi side: `connect(...)` (or a pool with the same read API). */
  readonly connection: Pick<KalshiConnection, 'events' | 'orderbook' | 'ticker' | 'trades' | 'lifecycle' | 'status$'>;
  /** An open NATS connection (the relay does not close it). */
  readonly nats: NatsConnection;
  /** The markets to relay. */
  readonly markets: readonly string[];
  /** What to relay besides books (default all three). */
  readonly channels?: readonly ('ticker' | 'trade' | 'lifecycle')[];
  /** Namespace of subjects and buckets (default `'prod'`). */
  readonly namespace?: string;
  /** This relay's id in status messages and the lease (default random). */
  readonly id?: string;
  /** Lease time-to-live: a dead leader is replaced after at most this long (default 3 000 ms). */
  readonly leaseTtlMs?: number;
  /** `warm` (default): a standby keeps its Kalshi subscriptions and books; `cold`: it subscribes on taking over. */
  readonly standby?: 'warm' | 'cold';
  /** Longest time between KV writes of a changing book (default 100 ms; snapshots and status changes are written at once). */
  readonly kvEveryMs?: number;
}

/** A running relay. */
export interface Relay {
  /** Whether this relay leads (publishes) now. */
  readonly leading: boolean;
  readonly epoch: number;
  /** Stops relaying; a leader hands the lease back so a standby takes over at once. */
  stop(): Promise<void>;
}

interface MarketState {
  book: OrderBook | undefined;
  rs: number;
  status: 'live' | 'stale';
  dirty: boolean;
}

/** JetStream's refusal of an add whose stream name exists with another configuration. */
const NAME_TAKEN = /stream name already in use/i;

/** Starts a relay. Resolves once its buckets and stream exist and it campaigns for the lease. */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const names = relayNames(options.namespace ?? 'prod');
  const id = options.id ?? `relay-${Math.random().toString(36).slice(2, 10)}`;
  const ttl = options.leaseTtlMs ?? 3_000;
  const nc = options.nats;
  const jsm = await jetstreamManager(nc);
  // A stream of this name made by another relay (maybe with other limits) is taken as it is, with
  // our subjects; any other refusal of the add is what the caller hears (createOrOpen tries again
  // on the race replies).
  await createOrOpen(`stream ${names.stream}`, () =>
    jsm.streams.add({ name: names.stream, subjects: [...names.streamSubjects], max_age: 10 * 60 * 1e9, max_msgs_per_subject: 10_000 })
      .catch((refused: unknown) => {
        if (!NAME_TAKEN.test(refused instanceof Error ? refused.message : String(refused))) throw refused;
        return jsm.streams.update(names.stream, { subjects: [...names.streamSubjects] });
      }));
  const kvm = new Kvm(nc);
  const books: KV = await createOrOpen(`KV bucket ${names.booksBucket}`, () => kvm.create(names.booksBucket, { history: 1 }));
  const leaseKv: KV = await createOrOpen(`KV bucket ${names.leaseBucket}`, () => kvm.create(names.leaseBucket, { history: 1, ttl }));

  const state = new Map<string, MarketState>(options.markets.map((m) => [m, { book: undefined, rs: 0, status: 'stale', dirty: false }]));
  const subs: Subscription[] = [];
  let epoch = 0;
  let leading = false;
  let kalshi = 'connecting';
  let lastMessageAt = Date.now();

  const stateOf = (market: string, s: MarketState): BookState => ({
    market, e: epoch, rs: s.rs, status: s.status,
    yes: s.book === undefined ? [] : levelEntries(s.book.yesTree), no: s.book === undefined ? [] : levelEntries(s.book.noTree),
  });
  const writeKv = (market: string, s: MarketState): void => {
    s.dirty = false;
    books.put(names.bookKey(market), JSON.stringify(stateOf(market, s))).catch(() => undefined);
  };
  const publish = (market: string, message: BookMessage): void => {
    nc.publish(names.book(market), encodeJson(message));
  };

  const onBookEvent = (market: string, event: ChannelEvent<OrderbookSnapshot | OrderbookDelta>): void => {
    const s = state.get(market);
    if (s === undefined) return;
    lastMessageAt = Date.now();
    if (event.kind === 'status') {
      const st = event.status.state;
      if ((st === 'gap' || st === 'resyncing' || st === 'stale' || st === 'disconnected') && s.status === 'live') {
        s.status = 'stale';
        if (!leading) return;
        s.rs++;
        publish(market, { k: 'status', e: epoch, rs: s.rs, status: 'stale' });
        writeKv(market, s);
      }
      return;
    }
    if (event.kind !== 'data') return;
    const m = event.message;
    if (m.type === 'orderbook_snapshot') {
      s.book = bookFromSnapshot(m, false);
      s.status = 'live';
      if (!leading) return;
      s.rs++;
      publish(market, { k: 'snap', ...stateOf(market, s) });
      writeKv(market, s);
      return;
    }
    if (s.book === undefined || s.status === 'stale') return;
    const result = applyDelta(s.book, m);
    if (!result.ok) {
      // The shared orderbook() of the same market detects it too and asks for a fresh snapshot.
      s.status = 'stale';
      if (leading) {
        s.rs++;
        publish(market, { k: 'status', e: epoch, rs: s.rs, status: 'stale' });
        writeKv(market, s);
      }
      return;
    }
    s.book = result.book;
    if (!leading) return;
    s.rs++;
    const { side, price_dollars: price } = m.msg;
    publish(market, { k: 'level', e: epoch, rs: s.rs, side, price, qty: result.book.quantityAt(side, price) });
    s.dirty = true;
  };

  const subscribeKalshi = (): void => {
    if (subs.length > 0) return;
    subs.push(options.connection.status$.subscribe((st) => { kalshi = st.state; }));
    for (const market of options.markets) {
      // orderbook() keeps the connection's recovery for this market (resync on an invariant violation).
      subs.push(options.connection.orderbook(market).subscribe({ error: () => undefined }));
      subs.push(options.connection.events('orderbook_delta', { market_tickers: [market] }).subscribe({
        next: (e) => onBookEvent(market, e),
        error: () => undefined,
      }));
    }
    const channels = options.channels ?? ['ticker', 'trade', 'lifecycle'];
    const forward = (subject: (m: string) => string) => (msg: Parameters<typeof encodeMessage>[0] & { msg: { market_ticker: string } }) => {
      lastMessageAt = Date.now();
      if (leading) nc.publish(subject(msg.msg.market_ticker), encodeJson({ e: epoch, m: encodeMessage(msg) }));
    };
    if (channels.includes('ticker')) subs.push(options.connection.ticker(options.markets).subscribe({ next: forward(names.ticker), error: () => undefined }));
    if (channels.includes('trade')) subs.push(options.connection.trades(options.markets).subscribe({ next: forward(names.trade), error: () => undefined }));
    if (channels.includes('lifecycle')) {
      subs.push(options.connection.lifecycle().subscribe({
        next: (msg) => { if (leading) nc.publish(names.lifecycle, encodeJson({ e: epoch, m: encodeMessage(msg) })); },
        error: () => undefined,
      }));
    }
  };
  const unsubscribeKalshi = (): void => {
    for (const s of subs.splice(0)) s.unsubscribe();
    for (const s of state.values()) {
      s.book = undefined;
      s.status = 'stale';
    }
  };

  const lease: LeaderLease = campaign(leaseKv, books, id, ttl, names.epochKey, names.leaderKey, {
    onLead: (e) => {
      epoch = e;
      leading = true;
      subscribeKalshi();
      // A new leader starts every book afresh under its epoch: consumers re-read these.
      for (const [market, s] of state) {
        s.rs = 1;
        if (s.book !== undefined) publish(market, { k: 'snap', ...stateOf(market, s) });
        writeKv(market, s);
      }
    },
    onLose: () => {
      leading = false;
      if (options.standby === 'cold') unsubscribeKalshi();
    },
  });
  if (options.standby !== 'cold') subscribeKalshi();

  const timers = [
    setInterval(() => {
      if (!leading) return;
      for (const [market, s] of state) if (s.dirty) writeKv(market, s);
    }, options.kvEveryMs ?? 100),
    setInterval(() => {
      const status: RelayStatus = { id, e: epoch, leader: leading, markets: options.markets, kalshi, messageAgeMs: Date.now() - lastMessageAt, at: Date.now() };
      if (leading) nc.publish(names.status, encodeJson(status));
    }, 1_000),
  ];
  for (const t of timers) t.unref?.();

  return {
    get leading() {
      return leading;
    },
    get epoch() {
      return epoch;
    },
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await lease.stop();
      leading = false;
      unsubscribeKalshi();
    },
  };
}
