/**
 * The Kalshi WebSocket error codes (reference §3.7), with names, exact messages and whether
 * the error kills the subscription it concerns (terminal: resubscribe).
 *
 * @module
 */

/** One row of the error-code table. */
export interface ErrorCodeInfo {
  readonly code: number;
  /** A stable identifier for the code, e.g. `'UnknownChannel'`. */
  readonly name: string;
  /** The exact message Kalshi sends (newest spec). */
  readonly message: string;
  /** The subscription is dead and must be resubscribed (codes 10 and 25). */
  readonly terminal: boolean;
  /** Kept for mapping old servers; the newest spec no longer emits it. */
  readonly retired: boolean;
}

const row = (code: number, name: string, message: string, terminal = false, retired = false): ErrorCodeInfo =>
  ({ code, name, message, terminal, retired });

/**
 * Every known error code, keyed by code.
 *
 * @example
 * ERROR_CODES.get(8)?.message // 'Unknown channel name'
 */
export const ERROR_CODES: ReadonlyMap<number, ErrorCodeInfo> = new Map(
  [
    row(1, 'UnableToProcessMessage', 'Unable to process message'),
    row(2, 'ParamsRequired', 'Params required'),
    row(3, 'ChannelsRequired', 'Channels required'),
    row(4, 'SubscriptionIdsRequired', 'Subscription IDs required'),
    row(5, 'UnknownCommand', 'Unknown command'),
    row(6, 'AlreadySubscribed', 'Already subscribed', false, true),
    row(7, 'UnknownSubscriptionId', 'Unknown subscription ID'),
    row(8, 'UnknownChannel', 'Unknown channel name'),
    row(9, 'AuthenticationRequired', 'Authentication required'),
    row(10, 'ChannelError', 'Channel error', true),
    row(11, 'InvalidParameter', 'Invalid parameter'),
    row(12, 'ExactlyOneSubscriptionIdRequired', 'Exactly one subscription ID is required'),
    row(13, 'UnsupportedAction', 'Unsupported action'),
    row(14, 'MarketTickerRequired', 'Market Ticker required'),
    row(15, 'ActionRequired', 'Action required'),
    row(16, 'MarketNotFound', 'Market not found', false, true),
    row(17, 'InternalError', 'Internal error', false, true),
    row(18, 'CommandTimeout', 'Command timeout'),
    row(19, 'ShardFactorMustBePositive', 'shard_factor must be > 0'),
    row(20, 'ShardFactorRequired', 'shard_factor is required when shard_key is set'),
    row(21, 'ShardKeyOutOfRange', 'shard_key must be >= 0 and < shard_factor'),
    row(22, 'ShardFactorTooLarge', 'shard_factor must be <= 100'),
    row(23, 'MatchIdsRequired', 'Match IDs required'),
    row(24, 'IndexIdsRequired', 'Index IDs required'),
    row(25, 'SubscriptionBufferOverflow', 'Subscription buffer overflow', true),
    row(26, 'SubscriptionMarketLimitExceeded', 'Subscription market limit exceeded'),
    row(27, 'TooManyRequests', 'Too many requests'),
    row(28, 'UnderlyingTickersRequired', 'Underlying tickers required'),
    row(29, 'InvalidUpdateInterval', 'Invalid update interval'),
  ].map((r) => [r.code, r] as const),
);

/** The name of an error code, or `'Unknown'` for a code not in the table. @example errorCodeName(25) // 'SubscriptionBufferOverflow' */
export function errorCodeName(code: number): string {
  return ERROR_CODES.get(code)?.name ?? 'Unknown';
}

/** Whether an error code is terminal for its subscription (10, 25). @example isTerminalErrorCode(10) // true */
export function isTerminalErrorCode(code: number): boolean {
  return ERROR_CODES.get(code)?.terminal ?? false;
}
