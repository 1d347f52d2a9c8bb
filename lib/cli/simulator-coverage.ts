/**
 * What the embedded simulator does not model: channels it accepts (it answers `subscribed`) but
 * on which it never sends data, read from the simulator's own market feed (one rule per channel,
 * `null` where it does not model one). The CLI refuses them against the embedded simulator
 * instead of printing nothing; `spec/cli/simulator-coverage.spec.ts` checks this against a
 * running simulator.
 *
 * @module
 */
import type { ChannelName } from '../channels/channel-names.js';
import { FEEDS } from '../simulator/market-feed.js';

/** Channels the embedded simulator subscribes but never sends data on. */
export const SIMULATOR_SILENT_CHANNELS: readonly ChannelName[] = (Object.keys(FEEDS) as ChannelName[]).filter((c) => FEEDS[c] === null);
