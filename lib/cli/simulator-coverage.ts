/**
 * What the embedded simulator does not model: channels it accepts (it answers `subscribed`) but
 * on which it never sends data. The CLI refuses them against the embedded simulator instead of
 * printing nothing; `spec/cli/simulator-coverage.spec.ts` checks this list against the simulator.
 *
 * @module
 */
import type { ChannelName } from '../channels/channel-names.js';

/** Channels the embedded simulator subscribes but never sends data on. */
export const SIMULATOR_SILENT_CHANNELS: readonly ChannelName[] = [
  'multivariate_market_lifecycle',
  'cfbenchmarks_value',
  'cfbenchmarks_value_5hz',
  'pyth_value',
];
