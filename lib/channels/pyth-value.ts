/**
 * The `pyth_value` channel (reference §12, 2026-07-23): Pyth prices of underlyings, sequenced;
 * subscribed per underlying with `subscribe_underlyings` / `unsubscribe_underlyings`
 * (`["all"]` for every one); the `underlying_list` reply arrives as an `unknown` event.
 *
 * Decode policy: `underlying_ticker` is required (which underlying); the value (8 decimals,
 * kept as a string: it is not a price or a count) and the times are optional. Whether the
 * channel is private is not documented; kalshi-rx treats it as private, as its sibling
 * `cfbenchmarks_value` is.
 *
 * @module
 */
import * as t from 'io-ts';
import { unsequencedMessage } from '../protocol/envelope.js';
import { opt } from '../protocol/tolerant.js';
import { defineChannel } from './define-channel.js';

/** `msg` of `pyth_value`. */
export const PythValueBody = t.intersection([
  t.type({ underlying_ticker: t.string }),
  t.partial({ value_usd: opt(t.string), source_ts_ms: opt(t.number), received_at: opt(t.number) }),
], 'PythValueBody');

/** A `pyth_value` message. */
export const PythValue = unsequencedMessage('pyth_value', PythValueBody);
/** A `pyth_value` message. */
export type PythValue = t.TypeOf<typeof PythValue>;

/** The `pyth_value` channel. */
export const pythValueChannel = defineChannel({
  name: 'pyth_value', codecs: { pyth_value: PythValue }, untypedMessages: ['pyth_value_underlying_list'],
  privateOnly: true, marketFilter: 'none', sequenced: true,
  updateActions: ['subscribe_underlyings', 'unsubscribe_underlyings'], recovery: 'none', marketField: null,
});
