/**
 * The private `cfbenchmarks_value` channel (reference §4.12): index values. Sequenced.
 * Index values have 8 decimals and stay strings (they are not prices or counts).
 *
 * @module
 */
import * as t from 'io-ts';
import { sequencedMessage } from '../protocol/envelope.js';

/** A windowed average of an index. */
export const IndexWindow = t.type({
  value: t.string, window_size: t.number, window_start_ts_ms: t.number, window_end_ts_exclusive: t.number,
}, 'IndexWindow');

/** `msg` of `cfbenchmarks_value`. */
export const CfBenchmarksValueBody = t.intersection([
  t.type({ index_id: t.string, received_at: t.number, data: t.string, avg_60s_data: IndexWindow }),
  t.partial({ last_60s_windowed_average_15min: IndexWindow }),
], 'CfBenchmarksValueBody');

/** A `cfbenchmarks_value` message. */
export const CfBenchmarksValue = sequencedMessage('cfbenchmarks_value', CfBenchmarksValueBody);
/** A `cfbenchmarks_value` message. */
export type CfBenchmarksValue = t.TypeOf<typeof CfBenchmarksValue>;
