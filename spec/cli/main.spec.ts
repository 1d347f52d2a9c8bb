import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator } from '../../lib/simulator/simulator-api.js';
import { testKeys } from '../helpers/keys.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'dist', 'cli', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'kalshi-rx-cli-'));

interface Run { code: number | null; stdout: string; stderr: string }

function run(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: timeoutMs, cwd: tmp }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : (typeof error.code === 'number' ? error.code : null), stdout, stderr });
    });
  });
}

const oneLineNoStack = (r: Run): void => {
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^kalshi-rx: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

describe('kalshi-rx (as a user runs it)', () => {
  it.each(['demo', 'book', 'stream', 'record', 'replay', 'simulate'])('%s --help prints its usage and exits 0', async (cmd) => {
    const r = await run([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Usage: kalshi-rx ${cmd}`));
  });

  it('stream prints NDJSON of decoded messages and --limit stops it', async () => {
    const r = await run(['stream', 'orderbook_delta', '--market', 'KXDEMO-FED', '--limit', '5']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0].type).toBe('orderbook_snapshot');
    expect(lines.slice(1).every((l) => l.type === 'orderbook_delta')).toBe(true);
    expect(lines[1].msg.price_dollars).toMatch(/^\d\.\d{4}$/);
  });

  it('demo prints plain status lines when stdout is not a terminal, injects faults and recovers', async () => {
    const r = await run(['demo', '--duration', '4', '--fault-every', '1']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.every((l) => /msg\/s \| gaps \d+ \| resyncs \d+ \| reconnects \d+/.test(l))).toBe(true);
    const last = lines.at(-1)!;
    expect(Number(/reconnects (\d+)/.exec(last)![1]) + Number(/resyncs (\d+)/.exec(last)![1])).toBeGreaterThan(0);
    expect(last).toMatch(/ live bid /);
  });

  it('demo exits cleanly on Ctrl-C (SIGINT)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [bin, 'demo'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += String(d); });
    child.stderr.on('data', (d) => { err += String(d); });
    const firstLine = new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
    await firstLine;
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    expect(await exit).toBe(0);
    clearTimeout(timer);
    expect(out).toMatch(/msg\/s/);
    expect(err).toBe('');
  });

  describe('clear failures', () => {
    let sim: Simulator;
    beforeAll(async () => {
      sim = await startSimulator({ tickIntervalMs: 0, keys: [{ keyId: 'good', publicKeyPem: testKeys().publicKeyPem }] });
    });
    afterAll(async () => { await sim.close(); });

    it('unknown channel', async () => {
      const r = await run(['stream', 'tickr']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/unknown channel tickr/);
      oneLineNoStack(r);
    });

    it('missing ticker', async () => {
      const r = await run(['book']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/needs a market ticker/);
      oneLineNoStack(r);
    });

    it('missing key file', async () => {
      const r = await run(['book', 'X'], { KALSHI_API_KEY_ID: 'good', KALSHI_PRIVATE_KEY_PATH: join(tmp, 'missing.pem') });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot read the private key file .*missing\.pem \(ENOENT\)/);
      oneLineNoStack(r);
    });

    it('a PEM that is not an RSA private key, without printing key material', async () => {
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const file = join(tmp, 'ec.pem');
      writeFileSync(file, ec);
      const r = await run(['book', 'X', '--key-id', 'good', '--private-key', file, '--url', sim.url]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/Kalshi needs an RSA private key/);
      expect(r.stderr).not.toContain(ec.split('\n')[1]!.slice(0, 20));
      oneLineNoStack(r);
    });

    it('401 from the exchange', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const file = join(tmp, 'other.pem');
      writeFileSync(file, other);
      const r = await run(['stream', 'ticker', '--key-id', 'good', '--private-key', file, '--url', sim.url]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/refused the key \(HTTP 401\)/);
      oneLineNoStack(r);
    });

    it('no network', async () => {
      const r = await run(['stream', 'ticker', '--url', 'ws://127.0.0.1:9/trade-api/ws/v2']);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/cannot reach ws:\/\/127\.0\.0\.1:9/);
      oneLineNoStack(r);
    });
  });

  it('record then replay: the replayed book equals the book folded from the recording, and the true book at the end', async () => {
    const file = join(tmp, 'rec.ndjson');
    const rec = await run(['record', file, 'orderbook_delta', '--market', 'KXDEMO-RAIN', '--limit', '200']);
    expect(rec.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(200);
    const rep = await run(['replay', file, '--book', 'KXDEMO-RAIN']);
    expect(rep.code).toBe(0);
    const replayed = JSON.parse(rep.stdout);
    // Fold the recording by hand with exact integer arithmetic, independent of the library's book.
    const yes = new Map<string, number>();
    const no = new Map<string, number>();
    const cents = (s: string) => Math.round(Number(s) * 100);
    for (const l of lines) {
      const f = JSON.parse(JSON.parse(l).frame);
      if (f.type === 'orderbook_snapshot') {
        yes.clear(); no.clear();
        for (const [p, q] of f.msg.yes_dollars_fp ?? []) yes.set(p, cents(q));
        for (const [p, q] of f.msg.no_dollars_fp ?? []) no.set(p, cents(q));
      } else if (f.type === 'orderbook_delta') {
        const side = f.msg.side === 'yes' ? yes : no;
        const next = (side.get(f.msg.price_dollars) ?? 0) + cents(f.msg.delta_fp);
        if (next === 0) side.delete(f.msg.price_dollars); else side.set(f.msg.price_dollars, next);
      }
    }
    const fmt = (m: Map<string, number>) => [...m].sort((a, b) => Number(a[0]) - Number(b[0])).map(([p, q]) => [p, (q / 100).toFixed(2)]);
    expect(replayed.status).toBe('live');
    expect(replayed.yes_dollars_fp).toEqual(fmt(yes));
    expect(replayed.no_dollars_fp).toEqual(fmt(no));
  });
});
