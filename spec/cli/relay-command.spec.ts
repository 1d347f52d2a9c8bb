import { connect as natsConnect } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalNatsServer, startNatsServer } from '../../lib/relay/local-nats-server.js';
import { bundleSource, runNode } from '../helpers/run-source.js';
import { hasNats } from '../helpers/nats.js';

// `kalshi-rx relay` as a child process (the current source, bundled), against the embedded simulator.

let bin = '';
let nats: LocalNatsServer | undefined;
beforeAll(async () => {
  bin = await bundleSource('lib/cli/main.ts', 'cli-relay');
  if (hasNats) nats = await startNatsServer();
}, 60_000);
afterAll(async () => {
  await nats?.stop();
});

describe('kalshi-rx relay', () => {
  it.each([
    [['relay', '--market', 'X'], /relay needs --nats/],
    [['relay', '--nats', 'nats://127.0.0.1:4222'], /at least one --market/],
    [['relay', '--nats', 'not a url', '--market', 'X'], /--nats must be a NATS URL/],
    [['relay', '--nats', 'nats://127.0.0.1:4222', '--market', 'X', '--namespace', 'a.b'], /--namespace must be/],
  ])('%j: one line, exit 2', async (args, message) => {
    const r = await runNode(bin, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.includes('embedded simulator')),
    ).toHaveLength(1);
  });

  it('names an unreachable NATS server, exit 4', async () => {
    const r = await runNode(bin, ['relay', '--simulator', '--nats', 'nats://127.0.0.1:1', '--market', 'KXDEMO-RAIN', '--duration', '2']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/cannot reach NATS at nats:\/\/127\.0\.0\.1:1/);
  });

  it.skipIf(!hasNats)(
    'relays the embedded simulator: leads, writes the book into the KV bucket, stops by itself',
    async () => {
      const r = await runNode(
        bin,
        ['relay', '--simulator', '--nats', nats!.url, '--market', 'KXDEMO-RAIN', '--namespace', 'clitest', '--duration', '3'],
        { timeoutMs: 20_000 },
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/leading \(epoch 1\) KXDEMO-RAIN/);
      const nc = await natsConnect({ servers: nats!.url });
      const kv = await new Kvm(nc).open('kalshi_clitest_books');
      const entry = await kv.get('book.KXDEMO-RAIN');
      await nc.close();
      const state = entry?.json<{ market: string; e: number; yes: unknown[] }>();
      expect(state?.market).toBe('KXDEMO-RAIN');
      expect(state?.e).toBe(1);
      expect(state?.yes.length).toBeGreaterThan(0);
    },
    30_000,
  );
});
