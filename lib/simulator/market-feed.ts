/**
 * The market feed: how the market model's events become data frames, one rule per channel of
 * the channel table (a channel the model does not produce says so with `null`). The feed has no
 * `switch` on channel names: adding a modelled channel is one entry here.
 *
 * @module
 */
import type { ChannelName } from '../channels/channel-names.js';
import { rfc3339Seconds } from '../internal/rfc3339.js';
import type { MarketEvent, MarketModel, OwnFillEvent, SimMarket } from './market-model.js';
import type { SimSub } from './sim-state.js';
import * as wire from './wire-frames.js';

/** What a feed rule can read besides the event. */
export interface FeedContext {
  readonly model: MarketModel;
  /** The user of the connection (own-flow frames). */
  readonly userId: string;
  /** Own fills before this event (for the channels that only speak every few fills). */
  readonly ownFills: number;
  /** Frames in the live feed's shapes (`liveShapes`). */
  readonly live: boolean;
}

/** One channel's rule: the message type and body for an event, or `undefined` when the event is not for it. */
export interface FeedRule {
  /** Whether the connection must be authenticated (own order flow). */
  readonly own: boolean;
  frame(event: MarketEvent, sub: SimSub, ctx: FeedContext): { readonly type: string; readonly body: string } | undefined;
}

const marketOf = (ctx: FeedContext, ticker: string): SimMarket => ctx.model.markets.get(ticker) as SimMarket;
const covers = (sub: SimSub, market: string): boolean => sub.markets === null || sub.markets.has(market);
const ownFill = (event: MarketEvent, sub: SimSub): OwnFillEvent | undefined => (event.kind === 'own-fill' && covers(sub, event.market) ? event : undefined);
const everyNth = (event: MarketEvent, ctx: FeedContext, n: number): OwnFillEvent | undefined => (event.kind === 'own-fill' && ctx.ownFills % n === 0 ? event : undefined);

/** Every channel of the table: its feed rule, or `null` when the simulator does not model it. */
export const FEEDS: { readonly [C in ChannelName]: FeedRule | null } = {
  orderbook_delta: {
    own: false,
    frame: (e, sub, ctx) => (e.kind === 'delta' && covers(sub, e.market)
      ? { type: 'orderbook_delta', body: wire.deltaBody(marketOf(ctx, e.market), e.side, e.price, e.delta, ctx.model.now, sub.useYesPrice) }
      : undefined),
  },
  ticker: {
    own: false,
    frame: (e, sub, ctx) => (e.kind === 'ticker' && covers(sub, e.market) ? { type: 'ticker', body: wire.tickerBody(marketOf(ctx, e.market), ctx.model.now, ctx.live) } : undefined),
  },
  trade: {
    own: false,
    frame: (e, sub, ctx) => (e.kind === 'trade' && covers(sub, e.market) ? { type: 'trade', body: wire.tradeBody(e, ctx.live) } : undefined),
  },
  market_lifecycle_v2: {
    own: false,
    frame: (e) => (e.kind === 'lifecycle'
      ? { type: 'market_lifecycle_v2', body: JSON.stringify({ market_ticker: e.market, event_type: e.eventType, ...(e.closeTs === undefined ? {} : { close_ts: e.closeTs }) }) }
      : undefined),
  },
  user_orders: { own: true, frame: (e, sub, ctx) => { const f = ownFill(e, sub); return f && { type: 'user_order', body: wire.userOrderBody(f, ctx.userId) }; } },
  fill: { own: true, frame: (e, sub, ctx) => { const f = ownFill(e, sub); return f && { type: 'fill', body: wire.fillBody(f, ctx.userId) }; } },
  market_positions: { own: true, frame: (e, sub, ctx) => { const f = ownFill(e, sub); return f && { type: 'market_position', body: wire.positionBody(f, ctx.userId) }; } },
  order_group_updates: {
    own: true,
    frame: (e, _sub, ctx) => {
      const f = everyNth(e, ctx, 3);
      return f && { type: 'order_group_updates', body: JSON.stringify({ event_type: 'limit_updated', order_group_id: 'og_sim', contracts_limit_fp: '50.00', ts_ms: f.ts }) };
    },
  },
  communications: {
    own: true,
    frame: (e, _sub, ctx) => {
      const f = everyNth(e, ctx, 4);
      return f && { type: 'rfq_created', body: JSON.stringify({ id: `rfq_${ctx.ownFills}`, creator_id: '', market_ticker: f.market, contracts_fp: '100.00', created_ts: rfc3339Seconds(f.ts) }) };
    },
  },
  multivariate_market_lifecycle: null,
  cfbenchmarks_value: null,
  cfbenchmarks_value_5hz: null,
  pyth_value: null,
};

/** The channels the simulator produces data for. @example MODELLED_CHANNELS.includes('pyth_value') // false */
export const MODELLED_CHANNELS: readonly ChannelName[] = (Object.keys(FEEDS) as ChannelName[]).filter((c) => FEEDS[c] !== null);
