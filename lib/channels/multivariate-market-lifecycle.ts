/**
 * The public `multivariate_market_lifecycle` channel (reference §4.2, §12): lifecycle of
 * multivariate (KXMVE) markets and events, sequenced. Its `multivariate_market_lifecycle`
 * payload has no published schema: those messages arrive as `unknown` events; its
 * `event_lifecycle` messages decode as on `market_lifecycle_v2`.
 *
 * @module
 */
import { defineChannel } from './define-channel.js';
import { EventLifecycle } from './market-lifecycle.js';

/** The public `multivariate_market_lifecycle` channel. */
export const multivariateMarketLifecycleChannel = defineChannel({
  name: 'multivariate_market_lifecycle', codecs: { event_lifecycle: EventLifecycle }, untypedMessages: ['multivariate_market_lifecycle'],
  privateOnly: false, marketFilter: 'none', sequenced: true, updateActions: [], recovery: 'none', marketField: null,
});
