/**
 * The private `cfbenchmarks_value` channel (reference §4.12): index values. Sequenced.
 * Index values have 8 decimals and stay strings (they are not prices or counts).
 *
 * @module
 */
import * as t from 'io-ts';
import { unsequencedMessage } from '../protocol/envelope.js';
import { opt } from '../protocol/tolerant.js';
import { defineChannel } from './define-channel.js';

/** A windowed average of an index. */
export const IndexWindow = t.partial({
  value: opt(t.string), window_size: opt(t.number), window_start_ts_ms: opt(t.number), window_end_ts_exclusive: opt(t.number),
}, 'IndexWindow');

/** `msg` of `cfbenchmarks_value`. */
export const CfBenchmarksValueBody = t.intersection([
  t.type({ index_id: t.string }),
  t.partial({
    received_at: opt(t.number), data: opt(t.string), value_usd: opt(t.string), source_ts_ms: opt(t.number),
    avg_60s_data: opt(IndexWindow), last_60s_windowed_average_15min: opt(IndexWindow),
  }),
], 'CfBenchmarksValueBody');

/** A `cfbenchmarks_value` message. */
export const CfBenchmarksValue = unsequencedMessage('cfbenchmarks_value', CfBenchmarksValueBody);
/** A `cfbenchmarks_value` message. */
export type CfBenchmarksValue = t.TypeOf<typeof CfBenchmarksValue>;

/** The private `cfbenchmarks_value` channel (index values, about once a second). */
export const cfBenchmarksValueChannel = defineChannel({
  name: 'cfbenchmarks_value', codecs: { cfbenchmarks_value: CfBenchmarksValue }, untypedMessages: ['cfbenchmarks_value_indexlist'],
  privateOnly: true, marketFilter: 'none', sequenced: true,
  updateActions: ['subscribe_indices', 'unsubscribe_indices', 'indexlist'], recovery: 'none', marketField: null,
});
