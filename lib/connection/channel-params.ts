/**
 * Validation and normalization of `channel()` parameters (fail fast on caller mistakes).
 *
 * @module
 */
import { CHANNELS, type ChannelInfo, type ChannelName, isChannelName } from '../channels/channel-names.js';
import { KalshiUsageError } from '../errors/kalshi-error.js';
import type { ChannelParams } from './kalshi-connection-api.js';
import type { ChannelOptions } from './server-subscription.js';

/** A checked `channel()` request: the channel, its markets (undefined: every market) and the other options. */
export interface ChannelRequest {
  readonly channel: ChannelName;
  readonly info: ChannelInfo;
  /** De-duplicated markets; always undefined for a channel without a market filter. */
  readonly markets: readonly string[] | undefined;
  readonly options: ChannelOptions;
  /** {@link optionsKey} of `options`. */
  readonly optionsKey: string;
}

/** Checks a `channel()` request now (fail fast on a caller mistake) and normalizes it. */
export function channelRequest(name: ChannelName, params: ChannelParams): ChannelRequest {
  if (typeof name !== 'string' || !isChannelName(name)) {
    throw new KalshiUsageError(`unknown Kalshi channel ${JSON.stringify(name)}; known channels: ${Object.keys(CHANNELS).join(', ')}`);
  }
  const info = CHANNELS[name];
  const markets = marketsOf(params);
  if (info.marketFilter === 'required' && markets === undefined) throw new KalshiUsageError(`${name} needs market_ticker or market_tickers`);
  const { market_ticker: _a, market_tickers: _b, ...options } = params;
  return { channel: name, info, markets: info.marketFilter === 'none' ? undefined : markets, options, optionsKey: optionsKey(options) };
}

/** A stable key of the non-market options, so subscribers with the same options share a sid. */
export const optionsKey = (options: ChannelOptions): string =>
  JSON.stringify(Object.keys(options).sort().map((k) => [k, (options as Record<string, unknown>)[k]]));

/** The de-duplicated market tickers of `params`, or undefined for every market; throws on bad input. */
export function marketsOf(params: ChannelParams): string[] | undefined {
  if (params.market_ticker !== undefined && params.market_tickers !== undefined) {
    throw new KalshiUsageError('give market_ticker or market_tickers, not both');
  }
  // From JavaScript a lone ticker here would iterate as its characters, each taken as a market.
  if (params.market_tickers !== undefined && !Array.isArray(params.market_tickers)) {
    const got = params.market_tickers as unknown;
    throw new KalshiUsageError(`markets must be an array of market tickers or an Observable of them, got ${JSON.stringify(got)}${typeof got === 'string' ? ` (pass [${JSON.stringify(got)}])` : ''}`);
  }
  const list = params.market_tickers ?? (params.market_ticker === undefined ? undefined : [params.market_ticker]);
  if (list === undefined) return undefined;
  if (list.length === 0) throw new KalshiUsageError('market_tickers must not be empty (omit it for every market)');
  for (const m of list) if (typeof m !== 'string' || m.trim() === '') throw new KalshiUsageError(`market ticker must be a non-empty string, got ${JSON.stringify(m)}`);
  return [...new Set(list)];
}
