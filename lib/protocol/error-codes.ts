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

/** The error table as literal rows `[code, name, message, flag?]` (the source of {@link ERROR_CODES} and {@link ErrorCode}). */
export const ERROR_CODE_ROWS = [
  [1, 'UnableToProcessMessage', 'Unable to process message'],
  [2, 'ParamsRequired', 'Params required'],
  [3, 'ChannelsRequired', 'Channels required'],
  [4, 'SubscriptionIdsRequired', 'Subscription IDs required'],
  [5, 'UnknownCommand', 'Unknown command'],
  [6, 'AlreadySubscribed', 'Already subscribed', 'retired'],
  [7, 'UnknownSubscriptionId', 'Unknown subscription ID'],
  [8, 'UnknownChannel', 'Unknown channel name'],
  [9, 'AuthenticationRequired', 'Authentication required'],
  [10, 'ChannelError', 'Channel error', 'terminal'],
  [11, 'InvalidParameter', 'Invalid parameter'],
  [12, 'ExactlyOneSubscriptionIdRequired', 'Exactly one subscription ID is required'],
  [13, 'UnsupportedAction', 'Unsupported action'],
  [14, 'MarketTickerRequired', 'Market Ticker required'],
  [15, 'ActionRequired', 'Action required'],
  [16, 'MarketNotFound', 'Market not found', 'retired'],
  [17, 'InternalError', 'Internal error', 'retired'],
  [18, 'CommandTimeout', 'Command timeout'],
  [19, 'ShardFactorMustBePositive', 'shard_factor must be > 0'],
  [20, 'ShardFactorRequired', 'shard_factor is required when shard_key is set'],
  [21, 'ShardKeyOutOfRange', 'shard_key must be >= 0 and < shard_factor'],
  [22, 'ShardFactorTooLarge', 'shard_factor must be <= 100'],
  [23, 'MatchIdsRequired', 'Match IDs required'],
  [24, 'IndexIdsRequired', 'Index IDs required'],
  [25, 'SubscriptionBufferOverflow', 'Subscription buffer overflow', 'terminal'],
  [26, 'SubscriptionMarketLimitExceeded', 'Subscription market limit exceeded'],
  [27, 'TooManyRequests', 'Too many requests'],
  [28, 'UnderlyingTickersRequired', 'Underlying tickers required'],
  [29, 'InvalidUpdateInterval', 'Invalid update interval'],
] as const;

/** One row of the error table: code, name, message and an optional `terminal` / `retired` flag. */
export type ErrorCodeRow = (typeof ERROR_CODE_ROWS)[number];

/**
 * Every known error code, keyed by code (the one table: the client and the simulator use it).
 *
 * @example
 * ERROR_CODES.get(8)?.message // 'Unknown channel name'
 */
export const ERROR_CODES: ReadonlyMap<number, ErrorCodeInfo> = new Map(
  ERROR_CODE_ROWS.map(([code, name, message, flag]: ErrorCodeRow) => [code, { code, name, message, terminal: flag === 'terminal', retired: flag === 'retired' }] as const),
);

/** Error codes by name, for code that must not restate a number. @example ErrorCode.TooManyRequests // 27 */
export const ErrorCode: { readonly [R in ErrorCodeRow as R[1]]: R[0] } = Object.fromEntries(ERROR_CODE_ROWS.map(([code, name]) => [name, code])) as never;

/** The name of an error code, or `'Unknown'` for a code not in the table. @example errorCodeName(25) // 'SubscriptionBufferOverflow' */
export function errorCodeName(code: number): string {
  return ERROR_CODES.get(code)?.name ?? 'Unknown';
}

/** Whether an error code is terminal for its subscription (10, 25). @example isTerminalErrorCode(10) // true */
export function isTerminalErrorCode(code: number): boolean {
  return ERROR_CODES.get(code)?.terminal ?? false;
}
