/**
 * The union of every data message, the per-channel message map and the typed unknown message.
 *
 * @module
 */
import type * as t from 'io-ts';
import { CfBenchmarksValue } from '../channels/cfbenchmarks-value.js';
import { QuoteAccepted, QuoteCreated, QuoteExecuted, RfqCreated, RfqDeleted } from '../channels/communications.js';
import { Fill } from '../channels/fill.js';
import { EventFeeUpdate, EventLifecycle, MarketLifecycle } from '../channels/market-lifecycle.js';
import { MarketPosition } from '../channels/market-positions.js';
import { OrderGroupUpdate } from '../channels/order-group-updates.js';
import { OrderbookDelta, OrderbookSnapshot } from '../channels/orderbook-delta.js';
import { Ticker } from '../channels/ticker.js';
import { Trade } from '../channels/trade.js';
import { UserOrder } from '../channels/user-orders.js';

/** A message whose `type` kalshi-rx does not know yet: passed on, not an error. */
export interface UnknownMessage {
  readonly type: string;
  readonly sid: number | undefined;
  readonly seq: number | undefined;
  /** Marks it as unknown, so it can be told apart from every typed message. */
  readonly unknown: true;
  /** The whole parsed frame. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** Codecs of every data message, keyed by `type`. */
export const DATA_CODECS = {
  orderbook_snapshot: OrderbookSnapshot,
  orderbook_delta: OrderbookDelta,
  ticker: Ticker,
  trade: Trade,
  fill: Fill,
  market_position: MarketPosition,
  user_order: UserOrder,
  order_group_updates: OrderGroupUpdate,
  rfq_created: RfqCreated,
  rfq_deleted: RfqDeleted,
  quote_created: QuoteCreated,
  quote_accepted: QuoteAccepted,
  quote_executed: QuoteExecuted,
  market_lifecycle_v2: MarketLifecycle,
  event_lifecycle: EventLifecycle,
  event_fee_update: EventFeeUpdate,
  cfbenchmarks_value: CfBenchmarksValue,
} as const;

/** The `type` of a known data message. */
export type DataMessageType = keyof typeof DATA_CODECS;

/** A decoded data message of a known type. */
export type DataMessage = { [K in DataMessageType]: t.TypeOf<(typeof DATA_CODECS)[K]> }[DataMessageType];

/**
 * The decoded messages each channel yields. Messages of a type kalshi-rx does not know are
 * not data: `events()` delivers them as `{ kind: 'unknown' }`.
 */
export interface ChannelMessageMap {
  orderbook_delta: OrderbookSnapshot | OrderbookDelta;
  ticker: Ticker;
  trade: Trade;
  fill: Fill;
  market_positions: MarketPosition;
  user_orders: UserOrder;
  order_group_updates: OrderGroupUpdate;
  communications: RfqCreated | RfqDeleted | QuoteCreated | QuoteAccepted | QuoteExecuted;
  market_lifecycle_v2: MarketLifecycle | EventLifecycle | EventFeeUpdate;
  multivariate_market_lifecycle: EventLifecycle;
  cfbenchmarks_value: CfBenchmarksValue;
  cfbenchmarks_value_5hz: CfBenchmarksValue;
  /** No schema published yet: its messages arrive as `unknown` events from `events()`. */
  pyth_value: never;
}

/** The market a data message concerns, or `undefined` for channel-wide messages. */
export function marketOf(message: DataMessage | UnknownMessage): string | undefined {
  if ('unknown' in message) {
    const msg = message.raw['msg'];
    if (typeof msg === 'object' && msg !== null) {
      const m = (msg as Record<string, unknown>)['market_ticker'];
      return typeof m === 'string' ? m : undefined;
    }
    return undefined;
  }
  const msg: object = message.msg;
  if ('market_ticker' in msg && typeof msg.market_ticker === 'string') return msg.market_ticker;
  if ('ticker' in msg && typeof msg.ticker === 'string') return msg.ticker;
  return undefined;
}
