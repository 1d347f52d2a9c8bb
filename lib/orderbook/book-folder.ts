/**
 * The fold behind `toOrderBook` and `connection.orderbook()`: one market's snapshots, deltas
 * and continuity events in, immutable books out, never a book built on a stale base.
 *
 * @module
 */
import type { OrderbookDelta, OrderbookSnapshot } from '../channels/orderbook-delta.js';
import type { ChannelEvent } from '../connection/channel-event.js';
import type { SubscriptionStatus } from '../connection/connection-status.js';
import type { SinkPort } from '../connection/sink-port.js';
import { PRICE_SCALE, type Price } from '../protocol/fixed-point.js';
import { type BookBase, type BookViolation, bookFromSnapshot, OrderBook, stepBook } from './order-book.js';

/** What the fold reads: `events()` values, or bare messages (e.g. from `channel()`, without continuity status). */
export type BookInput = ChannelEvent<OrderbookSnapshot | OrderbookDelta | { readonly type: string }> | OrderbookSnapshot | OrderbookDelta;

/** Where the fold emits its books (an rxjs subscriber, or a shared book's sink). */
export interface BookSink {
  /** One book: after a snapshot, a delta, or a status change of the subscription. */
  next(book: OrderBook): void;
}

/** Options of the fold (and of `toOrderBook`). */
export interface BookFoldOptions {
  /** The subscription used `use_yes_price` (default false). */
  readonly useYesPrice?: boolean;
  /** Called when a delta breaks a book invariant; the book is stale until the next snapshot. */
  readonly onViolation?: (violation: BookViolation) => void;
  /** Check that a new level does not cross the other side (default true). */
  readonly checkCrossed?: boolean;
  /**
   * The input carries NO-leg prices (a default subscription) but the book should hold NO levels
   * on the YES scale (`useYesPrice`): convert each NO price p to 1 − p. Exact, so one default
   * subscription serves books of both scales.
   */
  readonly convertNoLeg?: boolean;
}

/**
 * Folds one market's stream into books, calling `out.next` after the snapshot and after every
 * applied delta. On a gap, a drop or a broken invariant it emits the last good book once more
 * with `status: 'stale'` and then nothing until a fresh snapshot rebuilds it (`base` says why).
 * Under a connection it is the member's {@link SinkPort} itself (bare messages in `data`,
 * continuity in `status`); `push` takes `events()` values for the `toOrderBook` operator.
 */
export class BookFolder implements SinkPort<OrderbookSnapshot | OrderbookDelta | { readonly type: string }> {
  private book: OrderBook | undefined;
  private suspect = true;
  private nextBase: BookBase = 'snapshot';
  private readonly useYesPrice: boolean;
  private readonly checkCrossed: boolean;
  private readonly convertNoLeg: boolean;

  constructor(
    private readonly marketTicker: string,
    private readonly options: BookFoldOptions,
    private readonly out: BookSink,
    private readonly onEnd: (error?: unknown) => void = () => undefined,
  ) {
    this.useYesPrice = options.useYesPrice ?? false;
    this.checkCrossed = options.checkCrossed ?? true;
    this.convertNoLeg = options.convertNoLeg ?? false;
  }

  /** Takes one input (an `events()` value or a bare message); emits zero or one book. */
  push(input: BookInput): void {
    // A bare message has a `type` (an own property: a fast load); an event has none.
    if ((input as { readonly type?: string }).type !== undefined) return this.data(input as OrderbookSnapshot | OrderbookDelta);
    const event = input as ChannelEvent<OrderbookSnapshot | OrderbookDelta>;
    if (event.kind === 'status') this.status(event.status);
    else if (event.kind === 'data') this.data(event.message);
  }

  /** One message of the market's subscription (port side: bare messages, hot path). */
  data(message: OrderbookSnapshot | OrderbookDelta | { readonly type: string }): void {
    this.onMessage(message as OrderbookSnapshot | OrderbookDelta);
  }

  /** The folder takes deliveries itself ({@link SinkPort.receiver}). */
  get receiver(): this {
    return this;
  }

  /** {@link BookFolder.data} under the name a delivery calls. */
  next(message: unknown): void {
    this.onMessage(message as OrderbookSnapshot | OrderbookDelta);
  }

  /** A continuity change: gaps, resyncs of this market and drops make the book stale. */
  status(s: SubscriptionStatus): void {
    if (s.state === 'gap' || (s.state === 'resyncing' && s.markets.includes(this.marketTicker))) this.goStale('resync');
    else if (s.state === 'disconnected') this.goStale('reconnect');
    else if (s.state === 'resubscribed') this.nextBase = 'resubscribe';
  }

  /** Decode errors and unknown messages do not touch the book. */
  problem(): void {}

  /** The subscription ended. */
  end(error?: unknown): void {
    this.onEnd(error);
  }

  private onMessage(message: OrderbookSnapshot | OrderbookDelta): void {
    if (message.type === 'orderbook_delta') {
      const book = this.book;
      if (this.suspect || book === undefined || message.msg.market_ticker !== this.marketTicker) return;
      const m = message.msg;
      const price = this.convertNoLeg && m.side === 'no' ? ((PRICE_SCALE - m.price_dollars) as Price) : m.price_dollars;
      const next = stepBook(book, m.side, price, m.delta_fp, message.seq, this.checkCrossed);
      if (next instanceof OrderBook) {
        this.book = next;
        this.out.next(next);
        return;
      }
      this.goStale('resync');
      this.options.onViolation?.(next);
      return;
    }
    if (message.type !== 'orderbook_snapshot' || message.msg.market_ticker !== this.marketTicker) return;
    this.book = bookFromSnapshot(message, this.useYesPrice, this.nextBase, this.convertNoLeg);
    this.suspect = false;
    this.out.next(this.book);
  }

  private goStale(base: BookBase): void {
    this.nextBase = base;
    if (this.suspect) return;
    this.suspect = true;
    if (this.book !== undefined) {
      this.book = this.book.with('stale');
      this.out.next(this.book);
    }
  }
}
