/**
 * Builds the simulator's outbound frames in the newest wire shapes, or, with `live` set (the
 * `liveShapes` profile), in the shapes the live feed was captured sending (reference §11):
 * tickers without `dollar_volume`, `dollar_open_interest` and `time`, trades without
 * `is_block_trade`, snapshot ladders in descending order. Message bodies are serialized once
 * per event; the envelope (sid, seq) is spliced in per subscription.
 *
 * @module
 */
import { type Dollars, formatDollarsCompact, formatScaled } from '../protocol/fixed-point.js';
import type { OwnFillEvent, SimMarket, SimSide, TradeEvent } from './market-model.js';
import { rfc3339Seconds } from '../internal/rfc3339.js';

const P = (n: number): string => formatScaled(n, 4);
const C = (n: number): string => formatScaled(n, 2);
/** Money, as Kalshi shows costs. */
const D = (n: number): string => formatDollarsCompact(n as Dollars);

/** Converts a NO-side price to the YES scale when `use_yes_price` is set. */
export const sidePrice = (side: SimSide, price: number, useYesPrice: boolean): number => (useYesPrice && side === 'no' ? 10_000 - price : price);

/** A data frame with a pre-serialized body. */
export function envelope(type: string, sid: number, seq: number | undefined, body: string, sendingTs?: number): string {
  return `{"type":"${type}","sid":${sid}${seq === undefined ? '' : `,"seq":${seq}`}${sendingTs === undefined ? '' : `,"sending_ts_ms":${sendingTs}`},"msg":${body}}`;
}

/** `msg` of an `orderbook_snapshot` (sides absent when empty; ascending by price, or the NO ladder descending when `live`). */
export function snapshotBody(m: SimMarket, useYesPrice: boolean, live = false): string {
  const levels = (side: SimSide): [string, string][] =>
    m.levels(side).map(([p, q]) => [sidePrice(side, p, useYesPrice), q] as [number, number])
      .sort((a, b) => (live && side === 'no' ? b[0] - a[0] : a[0] - b[0]))
      .map(([p, q]) => [P(p), C(q)]);
  const body: Record<string, unknown> = { market_ticker: m.ticker, market_id: m.id };
  const yes = levels('yes');
  const no = levels('no');
  if (yes.length > 0) body['yes_dollars_fp'] = yes;
  if (no.length > 0) body['no_dollars_fp'] = no;
  return JSON.stringify(body);
}

/** `msg` of an `orderbook_delta`. */
export function deltaBody(m: SimMarket, side: SimSide, price: number, delta: number, ts: number, useYesPrice: boolean, clientOrderId?: string): string {
  return JSON.stringify({
    market_ticker: m.ticker, market_id: m.id, price_dollars: P(sidePrice(side, price, useYesPrice)), delta_fp: C(delta), side, ts_ms: ts,
    ...(clientOrderId === undefined ? {} : { client_order_id: clientOrderId }),
  });
}

/** `msg` of a `ticker`, agreeing with the book and the last trade. */
export function tickerBody(m: SimMarket, ts: number, live = false): string {
  const bestYes = m.best('yes');
  const bestNo = m.best('no');
  return JSON.stringify({
    market_id: m.id, market_ticker: m.ticker, price_dollars: P(m.lastPrice),
    yes_bid_dollars: P(bestYes), yes_ask_dollars: P(bestNo === 0 ? 10_000 : 10_000 - bestNo),
    volume_fp: C(m.volume), open_interest_fp: C(m.openInterest),
    ...(live ? {} : { dollar_volume: m.dollarVolume, dollar_open_interest: m.dollarOpenInterest }),
    yes_bid_size_fp: C(m.qty('yes', bestYes)), yes_ask_size_fp: C(m.qty('no', bestNo)), last_trade_size_fp: C(m.lastTradeSize),
    ts: Math.floor(ts / 1000), ts_ms: ts, ...(live ? {} : { time: rfc3339Seconds(ts) }),
  });
}

/** `msg` of a `trade`. */
export function tradeBody(t: TradeEvent, live = false): string {
  return JSON.stringify({
    trade_id: t.tradeId, market_ticker: t.market, yes_price_dollars: P(t.yesPrice), no_price_dollars: P(10_000 - t.yesPrice),
    count_fp: C(t.count), taker_side: t.takerSide, taker_outcome_side: t.takerSide, taker_book_side: t.takerSide === 'yes' ? 'bid' : 'ask',
    ...(live ? {} : { is_block_trade: false }), ts: Math.floor(t.ts / 1000), ts_ms: t.ts,
  });
}

/** `msg` of a `fill` for the simulated user. */
export function fillBody(f: OwnFillEvent, userId: string): string {
  void userId;
  return JSON.stringify({
    trade_id: f.tradeId, order_id: f.orderId, client_order_id: f.clientOrderId, market_ticker: f.market, exchange_index: 0,
    is_taker: true, side: f.side, yes_price_dollars: P(f.yesPrice), count_fp: C(f.count), fee_cost: formatScaled(f.fee, 6), action: 'buy',
    ts: Math.floor(f.ts / 1000), ts_ms: f.ts, post_position_fp: C(Math.abs(f.position)), purchased_side: f.side,
    outcome_side: f.side, book_side: f.side === 'yes' ? 'bid' : 'ask',
  });
}

/** `msg` of a `user_order` (the executed taker order). */
export function userOrderBody(f: OwnFillEvent, userId: string): string {
  const iso = rfc3339Seconds(f.ts);
  const sidePx = f.side === 'yes' ? f.yesPrice : 10_000 - f.yesPrice;
  return JSON.stringify({
    order_id: f.orderId, user_id: userId, ticker: f.market, status: 'executed', side: f.side, is_yes: f.side === 'yes',
    outcome_side: f.side, book_side: f.side === 'yes' ? 'bid' : 'ask', yes_price_dollars: P(f.yesPrice),
    fill_count_fp: C(f.count), remaining_count_fp: '0.00', initial_count_fp: C(f.count),
    taker_fill_cost_dollars: D(f.count * sidePx), maker_fill_cost_dollars: '0.0000',
    taker_fees_dollars: D(f.fee), maker_fees_dollars: '0.0000', client_order_id: f.clientOrderId,
    created_time: iso, created_ts_ms: f.ts, last_updated_ts_ms: f.ts, self_trade_prevention_type: 'taker_at_cross', subaccount_number: 0,
  });
}

/** `msg` of a `market_position` after an own fill. */
export function positionBody(f: OwnFillEvent, userId: string): string {
  return JSON.stringify({
    user_id: userId, market_ticker: f.market, position_fp: C(f.position), position_cost_dollars: D(f.positionCost),
    realized_pnl_dollars: '0.0000', fees_paid_dollars: D(f.feesPaid), position_fee_cost_dollars: D(f.feesPaid), volume_fp: C(f.volume),
  });
}
