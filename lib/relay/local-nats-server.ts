/**
 * A local `nats-server -js` for tests and demos: 127.0.0.1, a free port, a temporary store,
 * stopped (and its store removed) by `stop()`. Needs the `nats-server` binary on the PATH
 * (Debian: `apt-get install nats-server`).
 *
 * @module
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';

/** Whether a `nats-server` binary is on the PATH. @example if (!natsServerInstalled()) console.log('apt-get install nats-server') */
export function natsServerInstalled(binary = 'nats-server'): boolean {
  try {
    execFileSync(binary, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A running local NATS server. */
export interface LocalNatsServer {
  /** `nats://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL after 2 s) and removes its store. */
  stop(): Promise<void>;
}

const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const address = s.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    s.close(() => resolve(port));
  });
});

const accepts = (port: number): Promise<boolean> => new Promise((resolve) => {
  const c = createConnection({ host: '127.0.0.1', port }, () => { c.destroy(); resolve(true); });
  c.once('error', () => resolve(false));
});

/**
 * Starts `nats-server -js` and resolves once it accepts connections and JetStream answers (at
 * most `timeoutMs`, default 5 000, for the port). A start that fails or times out stops the
 * process it spawned; a server never stopped is killed when this process exits.
 */
export async function startNatsServer(options: { readonly binary?: string; readonly timeoutMs?: number } = {}): Promise<LocalNatsServer> {
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'kalshi-rx-nats-'));
  const child = spawn(options.binary ?? 'nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', store], { stdio: 'ignore' });
  // The child does not die with this process by itself (Linux has no parent-death signal here).
  const killOnExit = (): void => { child.kill('SIGKILL'); };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(store, { recursive: true, force: true });
  };
  const failed = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`cannot start nats-server (${e.message}); install it, e.g. apt-get install nats-server`))));
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  try {
    const ready = (async () => {
      while (!(await accepts(port))) {
        if (Date.now() > deadline) throw new Error(`nats-server did not accept connections on 127.0.0.1:${port} within ${options.timeoutMs ?? 5_000} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    await Promise.race([ready, failed]);
    // Accepting connections is not JetStream being ready: on a loaded machine the first stream or
    // KV request could time out while the store was still initialising. Wait until JetStream answers.
    await Promise.race([jetStreamReady(`nats://127.0.0.1:${port}`, deadline + 10_000), failed]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `nats://127.0.0.1:${port}`, port, process: child, stop };
}

/** Resolves once the server's JetStream answers an account-info request (retried until `deadline`). */
async function jetStreamReady(url: string, deadline: number): Promise<void> {
  const nc = await natsConnect({ servers: url });
  try {
    for (;;) {
      try {
        await (await jetstreamManager(nc, { timeout: 2_000 })).getAccountInfo();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`nats-server on ${url} started but JetStream did not answer: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await nc.close();
  }
}

