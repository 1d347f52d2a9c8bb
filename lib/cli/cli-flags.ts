/**
 * The `kalshi-rx` command line: its flags, which command takes which, and their validation, all
 * with the CLI's own one-line messages (never Node's parser text).
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { CHANNELS, isChannelName } from '../channels/channel-names.js';
import { CliError } from './cli-error.js';
import type { EndpointFlags } from './endpoint.js';

/** The flags `parseArgs` accepts. */
export const options = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
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
  nats: { type: 'string' },
  namespace: { type: 'string' },
  'markets-file': { type: 'string' },
  pool: { type: 'string' },
} as const;

/** A flag name. */
export type FlagName = keyof typeof options;

/** Parsed flags. */
export type Flags = EndpointFlags & {
  help?: boolean;
  version?: boolean;
  market?: string[];
  markets?: string;
  limit?: string;
  duration?: string;
  'fault-every'?: string;
  speed?: string;
  book?: string;
  port?: string;
  'tick-ms'?: string;
  'ping-ms'?: string;
  nats?: string;
  namespace?: string;
  'markets-file'?: string;
  pool?: string;
};

const ENDPOINT: readonly FlagName[] = ['simulator', 'env', 'url', 'key-id', 'private-key', 'seed'];

/** What each command takes: its positional arguments (by name) and its flags. */
export const COMMANDS: Record<string, { readonly args: readonly string[]; readonly flags: readonly FlagName[] }> = {
  demo: { args: [], flags: ['market', 'duration', 'fault-every', 'seed'] },
  book: { args: ['ticker'], flags: [...ENDPOINT, 'duration', 'markets-file', 'pool'] },
  stream: { args: ['channel'], flags: [...ENDPOINT, 'market', 'limit', 'duration'] },
  record: { args: ['file', 'channel'], flags: [...ENDPOINT, 'market', 'limit', 'duration'] },
  replay: { args: ['file'], flags: ['speed', 'book'] },
  simulate: { args: [], flags: ['port', 'seed', 'markets', 'tick-ms', 'ping-ms', 'duration'] },
  relay: { args: [], flags: [...ENDPOINT, 'market', 'nats', 'namespace', 'duration'] },
};

/** A parsed command line. */
export interface CommandLine {
  readonly command: string | undefined;
  readonly args: readonly string[];
  readonly flags: Flags;
}

const stringFlags = new Set(
  Object.entries(options)
    .filter(([, o]) => o.type === 'string')
    .map(([n]) => `--${n}`),
);

/**
 * Parses `argv`: unknown flags, flags the command does not take, missing values and extra
 * arguments become {@link CliError}s naming the flag and the command's `--help`.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  // `--limit -1` is a (bad) value, not a flag: hand it to the validators instead of Node's
  // "ambiguous argument" message.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (stringFlags.has(a) && next !== undefined && /^-\d/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  const commandGuess = args.find((a) => !a.startsWith('-'));
  const seeHelp =
    commandGuess !== undefined && COMMANDS[commandGuess] !== undefined ? `kalshi-rx ${commandGuess} --help` : 'kalshi-rx --help';
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    const flag = /'(-[^' ]+)/.exec(err.message)?.[1] ?? '';
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CliError(`unknown option ${flag} (see ${seeHelp})`);
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = flag.replace(/^-+/, '');
      const spec = options[name as FlagName] as { type: string } | undefined;
      if (spec?.type === 'boolean') throw new CliError(`${flag} takes no value (see ${seeHelp})`);
      throw new CliError(`${flag} needs a value (see ${seeHelp})`);
    }
    throw new CliError(`${err.message.split('\n')[0] ?? 'bad command line'} (see ${seeHelp})`);
  }
  const flags = parsed.values as Flags;
  const [command, ...rest] = parsed.positionals;
  const spec = command === undefined ? undefined : COMMANDS[command];
  if (spec !== undefined && flags.help !== true) {
    for (const name of Object.keys(flags) as FlagName[]) {
      if (name === 'help' || name === 'version') continue;
      if (!spec.flags.includes(name)) throw new CliError(`${command} does not take --${name} (see kalshi-rx ${command} --help)`);
    }
    if (rest.length > spec.args.length) {
      const expected = spec.args.length === 0 ? 'no arguments' : spec.args.map((a) => `<${a}>`).join(' ');
      throw new CliError(
        `unexpected argument ${JSON.stringify(rest[spec.args.length])}: kalshi-rx ${command} takes ${expected} (see kalshi-rx ${command} --help)`,
      );
    }
  }
  return { command, args: rest, flags };
}

const bad = (name: string, what: string, value: string): CliError =>
  new CliError(`--${name} must be ${what}, got ${JSON.stringify(value)}`);

/** A non-negative number flag, or `fallback` when absent. */
export const num = (value: string | undefined, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n) || n < 0) throw bad(name, 'a non-negative number', value);
  return n;
};

/** A positive number flag (`--speed`, `--fault-every`), or `fallback` when absent. */
export const positive = (value: string | undefined, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n) || n <= 0) throw bad(name, 'a positive number', value);
  return n;
};

/** An integer flag within `[min, max]`, or `fallback` when absent. */
export const int = (value: string | undefined, name: string, fallback: number, min: number, max: number, what?: string): number => {
  if (value === undefined) return fallback;
  const n = /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw bad(name, what ?? `an integer from ${min} to ${max}`, value);
  return n;
};

/** `--limit`: a positive whole number of messages (default: no limit). */
export const limitFlag = (value: string | undefined): number =>
  int(value, 'limit', Infinity, 1, Number.MAX_SAFE_INTEGER, 'a positive whole number');

/** `--port`: 0 (any free port) to 65535. */
export const portFlag = (value: string | undefined): number =>
  int(value, 'port', 0, 0, 65_535, 'a port number from 0 (any free port) to 65535');

/** `--seed`: a whole number. */
export const seedFlag = (value: string | undefined): number => int(value, 'seed', 1, 0, 2 ** 32 - 1, 'a whole number from 0 to 4294967295');

/** `--url`: a ws:// or wss:// URL. */
export function urlFlag(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw bad('url', 'a ws:// or wss:// URL such as wss://api.elections.kalshi.com/trade-api/ws/v2', value);
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:')
    throw bad('url', 'a ws:// or wss:// URL (not ' + u.protocol.replace(':', '') + ')', value);
  return value;
}

/** The channel argument, validated. */
export function channelArg(name: string | undefined): keyof typeof CHANNELS {
  if (name === undefined) throw new CliError(`give a channel: one of ${Object.keys(CHANNELS).join(', ')}`);
  if (!isChannelName(name)) throw new CliError(`unknown channel ${name}; known channels: ${Object.keys(CHANNELS).join(', ')}`);
  return name;
}
