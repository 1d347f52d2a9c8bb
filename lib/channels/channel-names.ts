/**
 * The channel table (reference §4.2, §12), derived from the one spec per channel in this folder
 * (`defineChannel`): every channel, whether it needs a private connection, how it filters
 * markets, whether it carries `seq` (checked when present), which update actions it accepts,
 * how it recovers and which message types it emits. Nothing here is stated twice: adding a
 * channel is its own file plus one entry in {@link CHANNEL_SPECS}.
 *
 * @module
 */
import type { UpdateAction } from '../protocol/commands.js';
import { cfBenchmarksValue5hzChannel } from './cfbenchmarks-value-5hz.js';
import { cfBenchmarksValueChannel } from './cfbenchmarks-value.js';
import { communicationsChannel } from './communications.js';
import type { ChannelSpec, MarketField, MarketFilter, RecoveryPolicy } from './define-channel.js';
import { fillChannel } from './fill.js';
import { marketLifecycleChannel } from './market-lifecycle.js';
import { marketPositionsChannel } from './market-positions.js';
import { multivariateMarketLifecycleChannel } from './multivariate-market-lifecycle.js';
import { orderGroupUpdatesChannel } from './order-group-updates.js';
import { orderbookDeltaChannel } from './orderbook-delta.js';
import { pythValueChannel } from './pyth-value.js';
import { tickerChannel } from './ticker.js';
import { tradeChannel } from './trade.js';
import { userOrdersChannel } from './user-orders.js';

export type { MarketField, MarketFilter, RecoveryPolicy } from './define-channel.js';

/** Every channel kalshi-rx knows, one spec each. */
export const CHANNEL_SPECS = [
  orderbookDeltaChannel, tickerChannel, tradeChannel, fillChannel, marketPositionsChannel, userOrdersChannel, orderGroupUpdatesChannel,
  communicationsChannel, marketLifecycleChannel, multivariateMarketLifecycleChannel, cfBenchmarksValueChannel, cfBenchmarksValue5hzChannel,
  pythValueChannel,
] as const;

/** One channel spec of {@link CHANNEL_SPECS}. */
export type AnyChannelSpec = (typeof CHANNEL_SPECS)[number];

/** A channel name kalshi-rx knows. */
export type ChannelName = AnyChannelSpec['name'];

/** The spec of channel `C`. */
export type ChannelSpecOf<C extends ChannelName> = Extract<AnyChannelSpec, { readonly name: C }>;

/** What kalshi-rx knows about one channel (the table row). */
export interface ChannelInfo {
  readonly private: boolean;
  readonly marketFilter: MarketFilter;
  readonly sequenced: boolean;
  readonly updateActions: readonly UpdateAction[];
  readonly recovery: RecoveryPolicy;
  readonly marketField: MarketField;
  /** The message `type`s this channel emits (decoded or not). */
  readonly messageTypes: readonly string[];
}

const rowOf = (s: ChannelSpec): ChannelInfo => ({
  private: s.privateOnly, marketFilter: s.marketFilter, sequenced: s.sequenced, updateActions: s.updateActions,
  recovery: s.recovery, marketField: s.marketField, messageTypes: [...Object.keys(s.codecs), ...(s.untypedMessages ?? [])],
});

/** Every channel, keyed by its `channels[]` name. @example CHANNELS.orderbook_delta.marketFilter // 'required' */
export const CHANNELS: { readonly [C in ChannelName]: ChannelInfo & Pick<ChannelSpecOf<C>, 'marketFilter'> } = Object.fromEntries(
  CHANNEL_SPECS.map((s) => [s.name, rowOf(s)]),
) as never;

/** Whether `name` is a channel kalshi-rx knows. @example isChannelName('ticker') // true */
export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(CHANNELS, name);
}

/** The channels that take an optional market filter (the typed per-market streams). */
export type MarketFilteredChannel = { [C in ChannelName]: ChannelSpecOf<C>['marketFilter'] extends 'optional' ? C : never }[ChannelName];
