/**
 * Flags of the `kalshi-rx` command and their validation.
 *
 * @module
 */
import { CHANNELS, isChannelName } from '../channels/channel-names.js';
import { CliError } from './cli-error.js';
import type { EndpointFlags } from './endpoint.js';

/** The flags `parseArgs` accepts. */
export const options = {
  help: { type: 'boolean', short: 'h' },
  simulator: { type: 'boolean' },
  env: { type: 'string' },
  url: { type: 'string' },
  'key-id': { type: 'string' },
  'private-key': { type: 'string' },
  market: { type: 'string', multiple: true },
  markets: { type: 'string' },
  limit: { type: 'string' },
  duration: { type: 'string' },
  'fault-every': { type: 'string' },
  seed: { type: 'string' },
  speed: { type: 'string' },
  book: { type: 'string' },
  port: { type: 'string' },
  'tick-ms': { type: 'string' },
  'ping-ms': { type: 'string' },
} as const;

/** Parsed flags. */
export type Flags = EndpointFlags & {
  help?: boolean; market?: string[]; markets?: string; limit?: string; duration?: string; 'fault-every'?: string;
  speed?: string; book?: string; port?: string; 'tick-ms'?: string; 'ping-ms'?: string;
};

/** A non-negative number flag, or `fallback` when absent. */
export const num = (value: string | undefined, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new CliError(`--${name} must be a non-negative number, got ${value}`);
  return n;
};


/** The channel argument, validated. */
export function channelArg(name: string | undefined): keyof typeof CHANNELS {
  if (name === undefined) throw new CliError(`give a channel: one of ${Object.keys(CHANNELS).join(', ')}`);
  if (!isChannelName(name)) throw new CliError(`unknown channel ${name}; known channels: ${Object.keys(CHANNELS).join(', ')}`);
  return name;
}

