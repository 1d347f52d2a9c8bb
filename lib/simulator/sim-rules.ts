/**
 * The protocol tables the simulator enforces, derived from the client's one channel table and
 * error table (the conformance spec checks those against the reference): channels, private
 * channels, sequenced channels, update actions, error messages.
 *
 * @module
 */
import { CHANNELS } from '../channels/channel-names.js';
import { UpdateAction } from '../protocol/commands.js';
import { ERROR_CODES } from '../protocol/error-codes.js';

/** The WebSocket path. */
export const PATH = '/trade-api/ws/v2';

const specs = Object.entries(CHANNELS);

/** Channel names the simulator accepts (the client's channel table). */
export const KNOWN_CHANNELS: ReadonlySet<string> = new Set(specs.map(([name]) => name));
/** Channels that need an authenticated connection (error 9 otherwise). */
export const PRIVATE: ReadonlySet<string> = new Set(specs.filter(([, c]) => c.private).map(([name]) => name));
/** Channels whose messages carry `seq`. */
export const SEQUENCED: ReadonlySet<string> = new Set(specs.filter(([, c]) => c.sequenced).map(([name]) => name));
/** Channels whose frames `loseNext` / `duplicateNext` affect: a fault-injection choice, not a protocol fact. */
export const LOSSY: ReadonlySet<string> = new Set(['orderbook_delta', 'order_group_updates', 'market_lifecycle_v2', 'multivariate_market_lifecycle', 'cfbenchmarks_value', 'cfbenchmarks_value_5hz']);
/** The update_subscription actions each channel supports. */
export const MARKET_ACTIONS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(specs.map(([name, c]) => [name, c.updateActions]));
/** Every action name (others get error 13). */
export const ALL_ACTIONS: ReadonlySet<string> = new Set(Object.keys(UpdateAction.keys));
/** Channels that take a market filter. */
export const FILTERABLE: ReadonlySet<string> = new Set(specs.filter(([, c]) => c.marketFilter !== 'none').map(([name]) => name));

/** Exact error messages by code (the client's error table, reference §3.7). */
export const MESSAGES: Readonly<Record<number, string>> = Object.fromEntries([...ERROR_CODES.values()].map((e) => [e.code, e.message]));

/** A command refused with an error code (and the market it concerns). */
export class CommandError {
  constructor(readonly code: number, readonly market?: string) {}
}

/** A plain JSON object. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** An array of strings. */
export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
