import { connect as natsConnect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { NEVER } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createOrOpen } from '../../lib/relay/create-or-open.js';
import { startNatsServer } from '../../lib/relay/local-nats-server.js';
import { type RelayOptions, startRelay } from '../../lib/relay/start-relay.js';
import { relayNames } from '../../lib/relay/subjects.js';
import { hasNats } from '../helpers/nats.js';

// What nats-server 2.9 answered in CI when two relays and a consumer made one bucket at once.
const OVERLAP = 'subjects overlap with an existing stream';

/** A create that fails with `replies` in turn, then returns 'bucket'; records each call. */
function scripted(replies: string[]) {
  const calls: number[] = [];
  const create = (): Promise<string> => {
    calls.push(calls.length + 1);
    const reply = replies.shift();
    return reply === undefined ? Promise.resolve('bucket') : Promise.reject(new Error(reply));
  };
  return { calls, create };
}

describe('createOrOpen', () => {
  it('tries again after the race replies and returns what the later try opened, waiting 10, 20, 40 ms', async () => {
    const waits: number[] = [];
    const { calls, create } = scripted([OVERLAP, 'stream name already in use with a different configuration', 'stream not found']);
    await expect(createOrOpen('KV bucket b', create, { sleep: (ms) => { waits.push(ms); return Promise.resolve(); } })).resolves.toBe('bucket');
    expect(calls).toEqual([1, 2, 3, 4]);
    expect(waits).toEqual([10, 20, 40]);
  });

  it('gives up after the budget, naming what it made and the last reply', async () => {
    const { calls, create } = scripted(Array(9).fill(OVERLAP));
    const run = createOrOpen('KV bucket b', create, { attempts: 3, sleep: () => Promise.resolve() });
    await expect(run).rejects.toThrow(`KV bucket b: still refused after 3 tries: ${OVERLAP}`);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('throws any other reply at once', async () => {
    const { calls, create } = scripted(['insufficient resources']);
    await expect(createOrOpen('stream S', create, { sleep: () => Promise.resolve() })).rejects.toThrow('stream S: refused: insufficient resources');
    expect(calls).toEqual([1]);
  });

  it('refuses a budget that is not a positive integer', async () => {
    await expect(createOrOpen('x', () => Promise.resolve(1), { attempts: 0 })).rejects.toThrow('attempts must be a positive integer, got 0');
  });

  it.skipIf(!hasNats)('matches the real server: a stream that owns the bucket\'s subjects is the overlap reply, retried and then reported', async () => {
    const server = await startNatsServer();
    const nc = await natsConnect({ servers: server.url });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'SQUATTER', subjects: ['$KV.taken.>'] });
      let tries = 0;
      const run = createOrOpen('KV bucket taken', () => { tries++; return new Kvm(nc).create('taken', { history: 1 }); }, { attempts: 2, delayMs: 1 });
      await expect(run).rejects.toThrow(/KV bucket taken: still refused after 2 tries: .*subjects overlap/);
      expect(tries).toBe(2);
      // Many clients at once all get the one bucket.
      const conns = await Promise.all(Array.from({ length: 8 }, () => natsConnect({ servers: server.url })));
      const kvs = await Promise.all(conns.map((c) => createOrOpen('KV bucket shared', () => new Kvm(c).create('shared', { history: 1 }))));
      await kvs[0]!.put('k', 'v');
      expect(new TextDecoder().decode((await kvs[7]!.get('k'))?.value)).toBe('v');
      for (const c of conns) await c.close();
    } finally {
      await nc.close();
      await server.stop();
    }
  }, 20_000);
});

describe('startRelay over createOrOpen', () => {
  it.skipIf(!hasNats)('reports why its stream was refused (another stream owns the subjects), not the update it no longer tries', async () => {
    const server = await startNatsServer();
    const nc = await natsConnect({ servers: server.url });
    try {
      const jsm = await jetstreamManager(nc);
      const names = relayNames('squat');
      await jsm.streams.add({ name: 'SQUATTER', subjects: [...names.streamSubjects] });
      // Refused before it touches Kalshi: any call on the connection would throw.
      const never = (): never => {
        throw new Error('the relay must not reach Kalshi when its stream is refused');
      };
      const refusedConnection = { events: never, orderbook: never, ticker: never, trades: never, lifecycle: never, status$: never } as unknown as RelayOptions['connection'];
      await expect(startRelay({ connection: refusedConnection, nats: nc, markets: ['M'], namespace: 'squat' })).rejects.toThrow(
        new RegExp(`stream ${names.stream}: still refused after 5 tries: .*subjects overlap`),
      );
      // A stream of the relay's name made earlier with other limits (a second add of another
      // configuration is refused as "already in use") is taken as it is, with the relay's subjects.
      await jsm.streams.delete('SQUATTER');
      await jsm.streams.add({ name: names.stream, subjects: [`${names.stream}-old`], max_msgs_per_subject: 5 });
      const quiet = () => NEVER;
      const connection = { events: quiet, orderbook: quiet, ticker: quiet, trades: quiet, lifecycle: quiet, status$: NEVER } as unknown as RelayOptions['connection'];
      const relay = await startRelay({ connection, nats: nc, markets: ['M'], namespace: 'squat', channels: [] });
      await relay.stop();
      const info = await jsm.streams.info(names.stream);
      expect(info.config.subjects).toEqual([...names.streamSubjects]);
      expect(info.config.max_msgs_per_subject).toBe(5);
    } finally {
      await nc.close();
      await server.stop();
    }
  }, 20_000);
});
