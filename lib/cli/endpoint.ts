/**
 * Resolves where the CLI connects: the embedded simulator (default without a key), the demo or
 * production exchange, or a URL, and with which key.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import type { AuthOptions } from '../auth/auth-options.js';
import { resolveUrl } from '../connection/connect-options.js';
import { startSimulator } from '../simulator/start-simulator.js';
import type { Simulator } from '../simulator/simulator-api.js';
import { CliError } from './cli-error.js';

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

/** Reads the key from flags or `KALSHI_API_KEY_ID` / `KALSHI_PRIVATE_KEY_PATH`. */
export function resolveKey(flags: EndpointFlags, env: NodeJS.ProcessEnv): AuthOptions | undefined {
  const keyId = flags['key-id'] ?? env['KALSHI_API_KEY_ID'];
  const path = flags['private-key'] ?? env['KALSHI_PRIVATE_KEY_PATH'];
  if (keyId === undefined && path === undefined) return undefined;
  if (keyId === undefined || keyId.trim() === '') throw new CliError('a private key was given but no key id: pass --key-id or set KALSHI_API_KEY_ID');
  if (path === undefined || path.trim() === '') throw new CliError('a key id was given but no private key: pass --private-key <file> or set KALSHI_PRIVATE_KEY_PATH');
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CliError(`cannot read the private key file ${path} (${code}): check --private-key / KALSHI_PRIVATE_KEY_PATH`);
  }
  return { keyId, privateKeyPem: pem };
}

/** Resolves the endpoint, starting the embedded simulator when that is the choice. */
export async function resolveEndpoint(flags: EndpointFlags, env: NodeJS.ProcessEnv, simOptions: { tickIntervalMs?: number; stepsPerTick?: number } = {}): Promise<Endpoint> {
  const auth = resolveKey(flags, env);
  if (flags.env !== undefined && flags.env !== 'demo' && flags.env !== 'prod') throw new CliError(`--env must be demo or prod, got ${flags.env}`);
  const useSim = flags.simulator === true || (flags.url === undefined && flags.env === undefined && auth === undefined);
  if (useSim) {
    const sim = await startSimulator({ seed: flags.seed === undefined ? 1 : Number(flags.seed), ...simOptions });
    return { url: sim.url, auth: undefined, simulator: sim, close: () => sim.close() };
  }
  if (auth === undefined && flags.url === undefined) {
    throw new CliError('Kalshi needs an API key: pass --key-id and --private-key (or set KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH), or use --simulator');
  }
  const url = flags.url ?? resolveUrl(flags.env === 'demo' ? { env: 'demo' } : { env: 'prod' });
  return { url, auth, simulator: undefined, close: async () => undefined };
}
