/**
 * Resolves where the CLI connects: the embedded simulator (default without a key), the demo or
 * production exchange, or a URL, and with which key. Conflicting or malformed endpoint flags,
 * unreadable or unusable keys, and requests the embedded simulator cannot serve fail here,
 * before anything connects, with a message naming the flag.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { KalshiAuthConfigError } from '../auth/auth-errors.js';
import type { AuthOptions } from '../auth/auth-options.js';
import { createSigner } from '../auth/create-signer.js';
import type { ChannelName } from '../channels/channel-names.js';
import { resolveUrl } from '../connection/connect-options.js';
import { startSimulator } from '../simulator/start-simulator.js';
import type { Simulator } from '../simulator/simulator-api.js';
import { CliError } from './cli-error.js';
import { urlFlag } from './cli-flags.js';
import { SIMULATOR_SILENT_CHANNELS } from './simulator-coverage.js';

/** Endpoint flags shared by every command. */
export interface EndpointFlags {
  readonly simulator?: boolean;
  readonly env?: string;
  readonly url?: string;
  readonly 'key-id'?: string;
  readonly 'private-key'?: string;
  readonly seed?: string;
}

/** A resolved endpoint; `close()` stops the embedded simulator if one was started. */
export interface Endpoint {
  readonly url: string;
  readonly auth: AuthOptions | undefined;
  readonly simulator: Simulator | undefined;
  close(): Promise<void>;
}

/** What the command will ask of the endpoint, checked up front against the embedded simulator. */
export interface EndpointNeeds {
  readonly markets?: readonly string[];
  readonly channel?: ChannelName;
}

/** Options of the embedded simulator the command starts. */
export interface EmbeddedSimOptions {
  /** The simulator's markets (default: its own). */
  readonly markets?: readonly string[];
  readonly tickIntervalMs?: number;
  readonly stepsPerTick?: number;
  readonly seed?: number;
}

/** Rewrites the library's option names (`auth.privateKeyPem`) into the flags the user typed. */
function keyProblem(e: KalshiAuthConfigError, path: string): CliError {
  const what = e.message.replace(/^auth\.privateKeyPem (is )?/, '').replace(/^auth\.keyId /, 'the key id ');
  return new CliError(`--private-key ${path} (or KALSHI_PRIVATE_KEY_PATH): ${what}`);
}

/** Reads and checks the key from flags or `KALSHI_API_KEY_ID` / `KALSHI_PRIVATE_KEY_PATH`. */
export function resolveKey(flags: EndpointFlags, env: NodeJS.ProcessEnv): AuthOptions | undefined {
  const keyId = flags['key-id'] ?? env['KALSHI_API_KEY_ID'];
  const path = flags['private-key'] ?? env['KALSHI_PRIVATE_KEY_PATH'];
  if (keyId === undefined && path === undefined) return undefined;
  if (keyId === undefined || keyId.trim() === '')
    throw new CliError('a private key was given but no key id: pass --key-id or set KALSHI_API_KEY_ID');
  if (path === undefined || path.trim() === '')
    throw new CliError('a key id was given but no private key: pass --private-key <file> or set KALSHI_PRIVATE_KEY_PATH');
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CliError(`cannot read the private key file ${path} (${code}): check --private-key / KALSHI_PRIVATE_KEY_PATH`);
  }
  const auth = { keyId, privateKeyPem: pem };
  try {
    createSigner(auth);
  } catch (e) {
    if (e instanceof KalshiAuthConfigError) throw keyProblem(e, path);
    throw e;
  }
  return auth;
}

/** Rejects flag combinations that choose two endpoints, and malformed endpoint flags. */
export function checkEndpointFlags(flags: EndpointFlags): void {
  if (flags.simulator === true) {
    const other = (['env', 'url', 'key-id', 'private-key'] as const).find((f) => flags[f] !== undefined);
    if (other !== undefined)
      throw new CliError(`--simulator cannot be combined with --${other}: the embedded simulator needs no endpoint and no key`);
  }
  if (flags.url !== undefined) urlFlag(flags.url);
  if (flags.env !== undefined && flags.url !== undefined) throw new CliError('--env and --url both choose the endpoint: give one of them');
  if (flags.env !== undefined && flags.env !== 'demo' && flags.env !== 'prod')
    throw new CliError(`--env must be demo or prod, got ${JSON.stringify(flags.env)}`);
}

/**
 * Resolves the endpoint, starting the embedded simulator when that is the choice (and saying so
 * on stderr, with its markets).
 */
export async function resolveEndpoint(
  flags: EndpointFlags,
  env: NodeJS.ProcessEnv,
  simOptions: EmbeddedSimOptions = {},
  needs: EndpointNeeds = {},
  notice: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<Endpoint> {
  checkEndpointFlags(flags);
  const auth = flags.simulator === true ? undefined : resolveKey(flags, env);
  const useSim = flags.simulator === true || (flags.url === undefined && flags.env === undefined && auth === undefined);
  if (useSim) {
    if (needs.channel !== undefined && SIMULATOR_SILENT_CHANNELS.includes(needs.channel)) {
      throw new CliError(
        `the embedded simulator does not model ${needs.channel} (nor ${SIMULATOR_SILENT_CHANNELS.filter((c) => c !== needs.channel).join(', ')}): ` +
          'it would print nothing; use --env demo|prod with a key for real data',
      );
    }
    const sim = await startSimulator({ seed: simOptions.seed ?? 1, ...simOptions });
    const unknown = needs.markets?.filter((m) => !sim.markets.includes(m)) ?? [];
    if (unknown.length > 0) {
      await sim.close();
      throw new CliError(
        `the embedded simulator has no market ${unknown.join(', ')}; its markets: ${sim.markets.join(', ')} ` +
          "(for Kalshi's markets pass --env demo|prod with --key-id and --private-key)",
      );
    }
    notice(
      flags.simulator === true
        ? `kalshi-rx: using the embedded simulator (markets: ${sim.markets.join(', ')})`
        : `kalshi-rx: using the embedded simulator (no key or endpoint given; markets: ${sim.markets.join(', ')}); pass --env demo|prod with a key for Kalshi`,
    );
    return { url: sim.url, auth: undefined, simulator: sim, close: () => sim.close() };
  }
  if (auth === undefined && flags.url === undefined) {
    throw new CliError(
      'Kalshi needs an API key: pass --key-id and --private-key (or set KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH), or use --simulator',
    );
  }
  const url = flags.url ?? resolveUrl(flags.env === 'demo' ? { env: 'demo' } : { env: 'prod' });
  return { url, auth, simulator: undefined, close: () => Promise.resolve() };
}
