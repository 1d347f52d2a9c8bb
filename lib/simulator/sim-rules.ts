/**
 * The protocol tables the simulator enforces, from the reference: channels, private channels,
 * sequenced channels, update actions, error messages.
 *
 * @module
 */

/** The WebSocket path. */
export const PATH = '/trade-api/ws/v2';

/** Channel names the simulator accepts. */
export const KNOWN_CHANNELS = new Set([
  'orderbook_delta', 'ticker', 'trade', 'fill', 'market_positions', 'user_orders', 'order_group_updates', 'communications',
  'market_lifecycle_v2', 'multivariate_market_lifecycle', 'cfbenchmarks_value', 'cfbenchmarks_value_5hz', 'pyth_value',
]);
/** Channels that need an authenticated connection (error 9 otherwise). */
export const PRIVATE = new Set(['orderbook_delta', 'fill', 'market_positions', 'user_orders', 'order_group_updates', 'communications', 'cfbenchmarks_value', 'cfbenchmarks_value_5hz']);
/** Channels whose messages carry `seq` (§12 adds `trade`, `communications` and `pyth_value`). */
export const SEQUENCED = new Set([
  'orderbook_delta', 'order_group_updates', 'market_lifecycle_v2', 'multivariate_market_lifecycle', 'cfbenchmarks_value', 'cfbenchmarks_value_5hz',
  'trade', 'communications', 'pyth_value',
]);
/** Channels whose frames `loseNext` / `duplicateNext` affect (the channels with recoverable state before §12). */
export const LOSSY = new Set(['orderbook_delta', 'order_group_updates', 'market_lifecycle_v2', 'multivariate_market_lifecycle', 'cfbenchmarks_value', 'cfbenchmarks_value_5hz']);
/** The update_subscription actions each channel supports. */
export const MARKET_ACTIONS: Record<string, readonly string[]> = {
  orderbook_delta: ['add_markets', 'delete_markets', 'get_snapshot'],
  ticker: ['add_markets', 'delete_markets'],
  trade: ['add_markets', 'delete_markets'],
  fill: ['add_markets', 'delete_markets'],
  user_orders: ['add_markets', 'delete_markets'],
  cfbenchmarks_value: ['subscribe_indices', 'unsubscribe_indices', 'indexlist'],
  cfbenchmarks_value_5hz: ['subscribe_indices', 'unsubscribe_indices', 'indexlist'],
};
/** Every action name (others get error 13). */
export const ALL_ACTIONS = new Set(['add_markets', 'delete_markets', 'get_snapshot', 'subscribe_indices', 'unsubscribe_indices', 'indexlist', 'subscribe_underlyings', 'unsubscribe_underlyings']);
/** Channels that take a market filter. */
export const FILTERABLE = new Set(['orderbook_delta', 'ticker', 'trade', 'fill', 'market_positions', 'user_orders']);

/** Exact error messages by code (reference §3.7). */
export const MESSAGES: Record<number, string> = {
  1: 'Unable to process message', 2: 'Params required', 3: 'Channels required', 4: 'Subscription IDs required', 5: 'Unknown command',
  7: 'Unknown subscription ID', 8: 'Unknown channel name', 9: 'Authentication required', 10: 'Channel error', 11: 'Invalid parameter',
  12: 'Exactly one subscription ID is required', 13: 'Unsupported action', 14: 'Market Ticker required', 15: 'Action required',
  19: 'shard_factor must be > 0', 20: 'shard_factor is required when shard_key is set', 21: 'shard_key must be >= 0 and < shard_factor',
  22: 'shard_factor must be <= 100', 24: 'Index IDs required', 25: 'Subscription buffer overflow', 26: 'Subscription market limit exceeded',
  27: 'Too many requests',
};

/** A command refused with an error code (and the market it concerns). */
export class CommandError {
  constructor(readonly code: number, readonly market?: string) {}
}

/** A plain JSON object. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** An array of strings. */
export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
