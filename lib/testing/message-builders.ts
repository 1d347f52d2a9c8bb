/**
 * Builders for every Kalshi message in its exact wire shape, with sensible defaults, so tests
 * can write `orderbookDelta({ market: 'M', side: 'yes', price: '0.56', delta: '-10' })`.
 * Prices and counts are normalized through the fixed-point codecs (`'0.56'` → `"0.5600"`,
 * `'-10'` → `"-10.00"`) and a bad value throws at once.
 *
 * @module
 */
import { CHANNELS } from '../channels/channel-names.js';
import { decodeFrame } from '../protocol/decode-frame.js';
import type { DataMessage } from '../protocol/data-message.js';
import { count, dollars, formatCount, formatDollarsCompact, formatPrice, formatScaled, price } from '../protocol/fixed-point.js';
import { rfc3339Seconds } from '../internal/rfc3339.js';

/** A data message in wire form (what Kalshi sends, before decoding). */
export interface WireMessage {
  readonly type: string;
  readonly sid?: number;
  readonly seq?: number;
  readonly sending_ts_ms?: number;
  readonly msg: Record<string, unknown>;
}

const DEFAULT_MARKET_ID = '9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1';
const TS = 1_733_047_200_000;

/** Exact wire price: `'0.56'` → `"0.5600"`. @example wirePrice('0.56') // '0.5600' */
export const wirePrice = (p: string): string => formatPrice(price(p));
/** Exact wire count: `'-10'` → `"-10.00"`. @example wireCount('-10') // '-10.00' */
export const wireCount = (c: string): string => formatCount(count(c));
const wireDollars = (d: string): string => formatDollarsCompact(dollars(d));

/** Envelope fields a builder accepts. */
export interface EnvelopeInput {
  readonly sid?: number;
  readonly seq?: number;
}

const env = (type: string, input: EnvelopeInput, msg: Record<string, unknown>): WireMessage => ({
  type,
  ...(input.sid === undefined ? {} : { sid: input.sid }),
  ...(input.seq === undefined ? {} : { seq: input.seq }),
  msg,
});

/** `orderbook_snapshot`. Levels as `[price, count]` strings in any precision. @example orderbookSnapshot({ market: 'M', yes: [['0.4', '10']] }) */
export function orderbookSnapshot(
  input: EnvelopeInput & { market: string; yes?: [string, string][]; no?: [string, string][]; marketId?: string },
): WireMessage {
  const levels = (l: [string, string][] | undefined) =>
    (l ?? []).map(([p, q]) => [wirePrice(p), wireCount(q)]).sort((a, b) => Number(a[0]) - Number(b[0]));
  const yes = levels(input.yes);
  const no = levels(input.no);
  return env('orderbook_snapshot', input, {
    market_ticker: input.market,
    market_id: input.marketId ?? DEFAULT_MARKET_ID,
    ...(yes.length > 0 ? { yes_dollars_fp: yes } : {}),
    ...(no.length > 0 ? { no_dollars_fp: no } : {}),
  });
}

/** `orderbook_delta`. @example orderbookDelta({ market: 'M', side: 'yes', price: '0.56', delta: '-10' }) */
export function orderbookDelta(
  input: EnvelopeInput & { market: string; side: 'yes' | 'no'; price: string; delta: string; clientOrderId?: string; tsMs?: number },
): WireMessage {
  return env('orderbook_delta', input, {
    market_ticker: input.market,
    market_id: DEFAULT_MARKET_ID,
    price_dollars: wirePrice(input.price),
    delta_fp: wireCount(input.delta),
    side: input.side,
    ts_ms: input.tsMs ?? TS,
    ...(input.clientOrderId === undefined ? {} : { client_order_id: input.clientOrderId }),
  });
}

/** `ticker`. @example ticker({ market: 'M', yesBid: '0.45', yesAsk: '0.47' }) */
export function ticker(
  input: EnvelopeInput & {
    market: string;
    price?: string;
    yesBid?: string;
    yesAsk?: string;
    volume?: string;
    openInterest?: string;
    tsMs?: number;
  },
): WireMessage {
  const ts = input.tsMs ?? TS;
  return env('ticker', input, {
    market_id: DEFAULT_MARKET_ID,
    market_ticker: input.market,
    price_dollars: wirePrice(input.price ?? '0.50'),
    yes_bid_dollars: wirePrice(input.yesBid ?? '0.49'),
    yes_ask_dollars: wirePrice(input.yesAsk ?? '0.51'),
    volume_fp: wireCount(input.volume ?? '0'),
    open_interest_fp: wireCount(input.openInterest ?? '0'),
    dollar_volume: 0,
    dollar_open_interest: 0,
    yes_bid_size_fp: '0.00',
    yes_ask_size_fp: '0.00',
    last_trade_size_fp: '0.00',
    ts: Math.floor(ts / 1000),
    ts_ms: ts,
    time: rfc3339Seconds(ts),
  });
}

/** `trade`. @example trade({ market: 'M', yesPrice: '0.36', count: '136', takerSide: 'no' }) */
export function trade(
  input: EnvelopeInput & { market: string; yesPrice: string; count: string; takerSide?: 'yes' | 'no'; tradeId?: string; tsMs?: number },
): WireMessage {
  const side = input.takerSide ?? 'yes';
  const ts = input.tsMs ?? TS;
  const yes = price(input.yesPrice);
  return env('trade', input, {
    trade_id: input.tradeId ?? 'd91bc706-ee49-470d-82d8-11418bda6fed',
    market_ticker: input.market,
    yes_price_dollars: formatPrice(yes),
    no_price_dollars: formatPrice((10_000 - yes) as typeof yes),
    count_fp: wireCount(input.count),
    taker_side: side,
    taker_outcome_side: side,
    taker_book_side: side === 'yes' ? 'bid' : 'ask',
    is_block_trade: false,
    ts: Math.floor(ts / 1000),
    ts_ms: ts,
  });
}

/** `fill`. @example fill({ market: 'M', side: 'yes', yesPrice: '0.75', count: '10' }) */
export function fill(
  input: EnvelopeInput & {
    market: string;
    side: 'yes' | 'no';
    yesPrice: string;
    count: string;
    postPosition?: string;
    fee?: string;
    orderId?: string;
    isTaker?: boolean;
  },
): WireMessage {
  return env('fill', input, {
    trade_id: 'd91bc706-ee49-470d-82d8-11418bda6fed',
    order_id: input.orderId ?? 'ee587a1c-8b87-4dcf-b721-9f6f790619fa',
    market_ticker: input.market,
    exchange_index: 0,
    is_taker: input.isTaker ?? true,
    side: input.side,
    yes_price_dollars: wirePrice(input.yesPrice),
    count_fp: wireCount(input.count),
    fee_cost: formatScaled(dollars(input.fee ?? '0'), 6),
    action: 'buy',
    ts: Math.floor(TS / 1000),
    ts_ms: TS,
    post_position_fp: wireCount(input.postPosition ?? input.count),
    purchased_side: input.side,
    outcome_side: input.side,
    book_side: input.side === 'yes' ? 'bid' : 'ask',
  });
}

/** `market_position`. @example marketPosition({ market: 'M', position: '100', cost: '50' }) */
export function marketPosition(
  input: EnvelopeInput & {
    market: string;
    position: string;
    cost?: string;
    realizedPnl?: string;
    fees?: string;
    volume?: string;
    userId?: string;
  },
): WireMessage {
  return env('market_position', input, {
    user_id: input.userId ?? 'user123',
    market_ticker: input.market,
    position_fp: wireCount(input.position),
    position_cost_dollars: wireDollars(input.cost ?? '0'),
    realized_pnl_dollars: wireDollars(input.realizedPnl ?? '0'),
    fees_paid_dollars: wireDollars(input.fees ?? '0'),
    position_fee_cost_dollars: wireDollars(input.fees ?? '0'),
    volume_fp: wireCount(input.volume ?? input.position.replace('-', '')),
  });
}

/** `user_order`. @example userOrder({ market: 'M', side: 'yes', yesPrice: '0.35', count: '10' }) */
export function userOrder(
  input: EnvelopeInput & {
    market: string;
    side: 'yes' | 'no';
    yesPrice: string;
    count: string;
    filled?: string;
    status?: 'resting' | 'canceled' | 'executed';
    orderId?: string;
    clientOrderId?: string;
  },
): WireMessage {
  const filled = count(input.filled ?? '0');
  const total = count(input.count);
  return env('user_order', input, {
    order_id: input.orderId ?? 'ee587a1c-8b87-4dcf-b721-9f6f790619fa',
    user_id: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
    ticker: input.market,
    status: input.status ?? 'resting',
    side: input.side,
    is_yes: input.side === 'yes',
    outcome_side: input.side,
    book_side: input.side === 'yes' ? 'bid' : 'ask',
    yes_price_dollars: wirePrice(input.yesPrice),
    fill_count_fp: formatCount(filled),
    remaining_count_fp: formatCount((total - filled) as typeof total),
    initial_count_fp: formatCount(total),
    taker_fill_cost_dollars: '0.0000',
    maker_fill_cost_dollars: '0.0000',
    taker_fees_dollars: '0.0000',
    maker_fees_dollars: '0.0000',
    client_order_id: input.clientOrderId ?? 'my-order-1',
    created_time: '2024-12-01T10:00:00Z',
    created_ts_ms: TS,
  });
}

/** `order_group_updates`. @example orderGroupUpdate({ eventType: 'triggered', groupId: 'g1' }) */
export function orderGroupUpdate(
  input: EnvelopeInput & { eventType?: 'created' | 'triggered' | 'reset' | 'deleted' | 'limit_updated'; groupId?: string; limit?: string },
): WireMessage {
  return env('order_group_updates', input, {
    event_type: input.eventType ?? 'limit_updated',
    order_group_id: input.groupId ?? 'og_123',
    ...(input.limit === undefined ? {} : { contracts_limit_fp: wireCount(input.limit) }),
    ts_ms: TS,
  });
}

/** `market_lifecycle_v2`. @example marketLifecycle({ market: 'M', eventType: 'settled' }) */
export function marketLifecycle(
  input: EnvelopeInput & {
    market: string;
    eventType: 'created' | 'activated' | 'deactivated' | 'close_date_updated' | 'determined' | 'settled';
    result?: string;
    settlementValue?: string;
    closeTs?: number;
  },
): WireMessage {
  return env('market_lifecycle_v2', input, {
    market_ticker: input.market,
    event_type: input.eventType,
    ...(input.result === undefined ? {} : { result: input.result }),
    ...(input.settlementValue === undefined ? {} : { settlement_value: wirePrice(input.settlementValue) }),
    ...(input.closeTs === undefined ? {} : { close_ts: input.closeTs }),
  });
}

/** `event_lifecycle`. @example eventLifecycle({ event: 'KXFED-23DEC', title: 'Fed rate' }) */
export function eventLifecycle(input: EnvelopeInput & { event: string; series?: string; title?: string }): WireMessage {
  return env('event_lifecycle', input, {
    event_ticker: input.event,
    exchange_index: 0,
    title: input.title ?? input.event,
    subtitle: '',
    collateral_return_type: 'MECNET',
    series_ticker: input.series ?? input.event.split('-')[0],
  });
}

/** `event_fee_update`. @example eventFeeUpdate({ event: 'KXFED-23DEC', feeType: 'flat', multiplier: 1 }) */
export function eventFeeUpdate(
  input: EnvelopeInput & { event: string; feeType?: 'quadratic' | 'flat' | null; multiplier?: number | null },
): WireMessage {
  return env('event_fee_update', input, {
    event_ticker: input.event,
    fee_type_override: input.feeType ?? null,
    fee_multiplier_override: input.multiplier ?? null,
  });
}

/** `rfq_created`. @example rfqCreated({ market: 'M', contracts: '100' }) */
export function rfqCreated(input: EnvelopeInput & { market: string; id?: string; contracts?: string }): WireMessage {
  return env('rfq_created', input, {
    id: input.id ?? 'rfq_1',
    creator_id: '',
    market_ticker: input.market,
    contracts_fp: wireCount(input.contracts ?? '100'),
    created_ts: '2024-12-01T10:00:00Z',
  });
}

/** `rfq_deleted`. @example rfqDeleted({ market: 'M', id: 'rfq_1' }) */
export function rfqDeleted(input: EnvelopeInput & { market: string; id?: string }): WireMessage {
  return env('rfq_deleted', input, {
    id: input.id ?? 'rfq_1',
    creator_id: '',
    market_ticker: input.market,
    deleted_ts: '2024-12-01T10:05:00Z',
  });
}

const quoteCore = (input: { market: string; quoteId?: string; rfqId?: string; yesBid?: string; noBid?: string }) => ({
  quote_id: input.quoteId ?? 'q_1',
  rfq_id: input.rfqId ?? 'rfq_1',
  quote_creator_id: 'u_9',
  market_ticker: input.market,
  yes_bid_dollars: wirePrice(input.yesBid ?? '0.35'),
  no_bid_dollars: wirePrice(input.noBid ?? '0.62'),
});

/** `quote_created`. @example quoteCreated({ market: 'M', yesBid: '0.40', noBid: '0.55' }) */
export function quoteCreated(
  input: EnvelopeInput & { market: string; quoteId?: string; rfqId?: string; yesBid?: string; noBid?: string },
): WireMessage {
  return env('quote_created', input, { ...quoteCore(input), created_ts: '2024-12-01T10:01:00Z' });
}

/** `quote_accepted`. @example quoteAccepted({ market: 'M', side: 'yes', contracts: '10' }) */
export function quoteAccepted(
  input: EnvelopeInput & { market: string; quoteId?: string; rfqId?: string; side?: 'yes' | 'no'; contracts?: string },
): WireMessage {
  return env('quote_accepted', input, {
    ...quoteCore(input),
    accepted_side: input.side ?? 'yes',
    contracts_accepted_fp: wireCount(input.contracts ?? '100'),
  });
}

/** `quote_executed`. @example quoteExecuted({ market: 'M', quoteId: 'q_1', orderId: 'o_1' }) */
export function quoteExecuted(input: EnvelopeInput & { market: string; quoteId?: string; rfqId?: string; orderId?: string }): WireMessage {
  return env('quote_executed', input, {
    quote_id: input.quoteId ?? 'q_1',
    rfq_id: input.rfqId ?? 'rfq_1',
    quote_creator_id: 'u_9',
    rfq_creator_id: 'u_1',
    order_id: input.orderId ?? 'ee587a1c-8b87-4dcf-b721-9f6f790619fa',
    client_order_id: 'my-order-1',
    market_ticker: input.market,
    executed_ts: '2024-12-01T10:02:00Z',
  });
}

/** `cfbenchmarks_value`. @example cfbenchmarksValue({ index: 'BRTI', value: '97001.12' }) */
export function cfbenchmarksValue(input: EnvelopeInput & { index?: string; value?: string }): WireMessage {
  const value = input.value ?? '97001.12345678';
  return env('cfbenchmarks_value', input, {
    index_id: input.index ?? 'BRTI',
    received_at: TS,
    data: JSON.stringify({ type: 'value', id: input.index ?? 'BRTI', value }),
    avg_60s_data: { value, window_size: 60, window_start_ts_ms: TS - 60_000, window_end_ts_exclusive: TS },
  });
}

/**
 * `pyth_value` (reference §12): a Pyth price of an underlying, 8 decimals.
 *
 * @example
 * pythValue({ underlying: 'ETH', value: '3120.50000000', seq: 4 }).msg.underlying_ticker // 'ETH'
 */
export function pythValue(input: EnvelopeInput & { underlying?: string; value?: string }): WireMessage {
  return env('pyth_value', input, {
    underlying_ticker: input.underlying ?? 'BTC',
    value_usd: input.value ?? '97001.12345678',
    source_ts_ms: TS - 5,
    received_at: TS,
  });
}

/** Whether messages of this `type` carry `seq` (reference §5). @example isSequencedType('orderbook_delta') // true */
export function isSequencedType(type: string): boolean {
  return Object.values(CHANNELS).some((c) => c.sequenced && c.messageTypes.includes(type));
}

/**
 * Decodes a wire message (with `sid`/`seq` defaults) into the typed value the library emits,
 * for expectations. Throws the decode error when the message is not valid.
 *
 * @example
 * testScheduler.run(({ expectObservable }) => {
 *   expectObservable(connection.channel('ticker')).toBe('-a', { a: decoded(ticker({ market: 'M', sid: 1 })) });
 * });
 */
export function decoded<M extends DataMessage = DataMessage>(message: WireMessage): M {
  const seq = isSequencedType(message.type) ? { seq: 1 } : {};
  const frame = decodeFrame(JSON.stringify({ sid: 1, ...seq, ...message }));
  if (frame.kind === 'invalid') throw frame.error;
  if (frame.kind !== 'data') throw new TypeError(`${message.type} is not a data message`);
  return frame.message as M;
}
