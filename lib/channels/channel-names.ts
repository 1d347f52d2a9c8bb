/**
 * The channel table (reference §4.2): every channel, whether it needs a private connection,
 * how it filters markets, whether it carries `seq`, and which update actions it accepts.
 *
 * @module
 */
import type { UpdateAction } from '../protocol/commands.js';

/** How a channel takes a market filter. */
export type MarketFilter = 'required' | 'optional' | 'none';

/**
 * How a connection recovers a sequenced channel after a gap: `snapshot` asks for fresh snapshots
 * of the affected markets (`get_snapshot`), `resubscribe` replaces the sid, `none` only reports
 * the gap (there is nothing to fetch again).
 */
export type RecoveryPolicy = 'snapshot' | 'resubscribe' | 'none';

/** What kalshi-rx knows about one channel. */
export interface ChannelInfo {
  readonly private: boolean;
  readonly marketFilter: MarketFilter;
  readonly sequenced: boolean;
  readonly updateActions: readonly UpdateAction[];
  /** The message `type`s this channel emits. */
  readonly messageTypes: readonly string[];
  /** What a gap on this channel's sid triggers. */
  readonly recovery: RecoveryPolicy;
}

const info = (
  priv: boolean, marketFilter: MarketFilter, sequenced: boolean, updateActions: readonly UpdateAction[], messageTypes: readonly string[],
  recovery: RecoveryPolicy = 'none',
): ChannelInfo => ({ private: priv, marketFilter, sequenced, updateActions, messageTypes, recovery });

const market: readonly UpdateAction[] = ['add_markets', 'delete_markets'];

/** Every channel of the newest reference, keyed by its `channels[]` name. */
export const CHANNELS = {
  orderbook_delta: info(true, 'required', true, [...market, 'get_snapshot'], ['orderbook_snapshot', 'orderbook_delta'], 'snapshot'),
  ticker: info(false, 'optional', false, market, ['ticker']),
  trade: info(false, 'optional', false, market, ['trade']),
  fill: info(true, 'optional', false, market, ['fill']),
  market_positions: info(true, 'optional', false, [], ['market_position']),
  user_orders: info(true, 'optional', false, market, ['user_order']),
  order_group_updates: info(true, 'none', true, [], ['order_group_updates']),
  communications: info(true, 'none', false, [], ['rfq_created', 'rfq_deleted', 'quote_created', 'quote_accepted', 'quote_executed']),
  market_lifecycle_v2: info(false, 'none', true, [], ['market_lifecycle_v2', 'event_lifecycle', 'event_fee_update']),
  multivariate_market_lifecycle: info(false, 'none', true, [], ['multivariate_market_lifecycle', 'event_lifecycle']),
  cfbenchmarks_value: info(true, 'none', true, ['subscribe_indices', 'unsubscribe_indices', 'indexlist'], ['cfbenchmarks_value', 'cfbenchmarks_value_indexlist']),
  cfbenchmarks_value_5hz: info(true, 'none', true, ['subscribe_indices', 'unsubscribe_indices', 'indexlist'], ['cfbenchmarks_value', 'cfbenchmarks_value_indexlist']),
  pyth_value: info(true, 'none', false, ['subscribe_underlyings', 'unsubscribe_underlyings'], []),
} as const satisfies Record<string, ChannelInfo>;

/** A channel name kalshi-rx knows. */
export type ChannelName = keyof typeof CHANNELS;

/** Whether `name` is a channel kalshi-rx knows. @example isChannelName('ticker') // true */
export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(CHANNELS, name);
}
