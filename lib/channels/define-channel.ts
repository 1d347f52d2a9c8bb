/**
 * `defineChannel`: everything kalshi-rx knows about one Kalshi channel, stated once, in the
 * channel's own file. The channel table (`CHANNELS`), the codecs by message type
 * (`DATA_CODECS`), the message types of each channel (`ChannelMessageMap`), the simulator's
 * rules and the test kit's in-memory Kalshi are all derived from these specs.
 *
 * @module
 */
import type * as t from 'io-ts';
import type { UpdateAction } from '../protocol/commands.js';

/** How a channel takes a market filter: `required` (error 14 without), `optional` (omit = all), `none` (ignored). */
export type MarketFilter = 'required' | 'optional' | 'none';

/**
 * What the client does when it cannot trust a channel's state any more (a gap, a dropped socket):
 * `snapshot`: ask for a fresh snapshot of the affected markets (`get_snapshot`);
 * `resubscribe`: subscribe again (the server replays the current state);
 * `none`: report the gap as status and carry on (nothing to recover, e.g. trades).
 */
export type RecoveryPolicy = 'snapshot' | 'resubscribe' | 'none';

/** The field of `msg` that names a message's market, or `null` for channel-wide messages. */
export type MarketField = 'market_ticker' | 'ticker' | null;

/** The spec of one channel, as passed to {@link defineChannel}. */
export interface ChannelSpec<
  N extends string = string,
  C extends Readonly<Record<string, t.Mixed>> = Readonly<Record<string, t.Mixed>>,
  F extends MarketFilter = MarketFilter,
> {
  /** The `channels[]` value. */
  readonly name: N;
  /** Codecs of the data messages it emits, keyed by message `type`. */
  readonly codecs: C;
  /** Message types it emits that kalshi-rx does not decode (delivered as `unknown` events). */
  readonly untypedMessages?: readonly string[];
  /** Whether it needs an authenticated connection (error 9 otherwise). */
  readonly privateOnly: boolean;
  readonly marketFilter: F;
  /** Whether its messages carry `seq` (checked when present). */
  readonly sequenced: boolean;
  /** The `update_subscription` actions it accepts (others: error 13). */
  readonly updateActions: readonly UpdateAction[];
  readonly recovery: RecoveryPolicy;
  /** Where its messages name their market. */
  readonly marketField: MarketField;
}

/**
 * Declares a channel. Returns the spec unchanged, with its literal types kept so that the
 * derived tables are typed exactly.
 *
 * @example
 * export const tradeChannel = defineChannel({
 *   name: 'trade', codecs: { trade: Trade }, privateOnly: false, marketFilter: 'optional',
 *   sequenced: true, updateActions: ['add_markets', 'delete_markets'], recovery: 'none', marketField: 'market_ticker',
 * });
 */
export function defineChannel<const N extends string, const C extends Readonly<Record<string, t.Mixed>>, const F extends MarketFilter>(
  spec: ChannelSpec<N, C, F>,
): ChannelSpec<N, C, F> {
  return spec;
}

/** The decoded message type of a channel spec (`never` when it decodes none). */
export type MessageOf<S> = S extends ChannelSpec<string, infer C, MarketFilter> ? { [K in keyof C]: t.TypeOf<C[K]> }[keyof C] : never;
