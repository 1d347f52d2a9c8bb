/**
 * The private `cfbenchmarks_value_5hz` channel (reference §4.12, §12): the same index values
 * as `cfbenchmarks_value`, up to five a second for BTC, ETH, SOL, XRP and DOGE.
 *
 * @module
 */
import { CfBenchmarksValue } from './cfbenchmarks-value.js';
import { defineChannel } from './define-channel.js';

/** The private `cfbenchmarks_value_5hz` channel. */
export const cfBenchmarksValue5hzChannel = defineChannel({
  name: 'cfbenchmarks_value_5hz', codecs: { cfbenchmarks_value: CfBenchmarksValue }, untypedMessages: ['cfbenchmarks_value_indexlist'],
  privateOnly: true, marketFilter: 'none', sequenced: true,
  updateActions: ['subscribe_indices', 'unsubscribe_indices', 'indexlist'], recovery: 'none', marketField: null,
});
