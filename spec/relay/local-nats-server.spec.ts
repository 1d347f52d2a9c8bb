// A local nats-server that fails to start must not outlive the attempt (relay spec runs once
// left nats-server processes behind). A stand-in binary that never listens records its pid.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startNatsServer } from '../../lib/relay/local-nats-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kalshi-rx-fake-nats-'));
const pidFile = join(dir, 'pid');
const binary = join(dir, 'fake-nats-server');
writeFileSync(binary, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 30\n`);
chmodSync(binary, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startNatsServer', () => {
  it('stops the process it spawned when the server never accepts connections, and leaves no exit hook', async () => {
    const hooks = process.listenerCount('exit');
    await expect(startNatsServer({ binary, timeoutMs: 300 })).rejects.toThrow(/did not accept connections on 127\.0\.0\.1:\d+ within 300 ms/);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
    expect(process.listenerCount('exit')).toBe(hooks);
  });

  it('says how to install the server when the binary is missing', async () => {
    await expect(startNatsServer({ binary: join(dir, 'no-such-binary'), timeoutMs: 300 })).rejects.toThrow(/cannot start nats-server .*apt-get install nats-server/);
  });
});
