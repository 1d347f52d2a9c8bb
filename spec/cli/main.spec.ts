import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator } from '../../lib/simulator/simulator-api.js';
import { testKeys } from '../helpers/keys.js';
import { bundleSource, runNode, type Run } from '../helpers/run-source.js';

// The command as a user runs it, built from the current source (not a possibly stale dist/).
let bin = '';
beforeAll(async () => {
  bin = await bundleSource('lib/cli/main.ts', 'cli');
});
const tmp = mkdtempSync(join(tmpdir(), 'kalshi-rx-cli-'));

function run(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<Run> {
  return runNode(bin, args, { env, cwd: tmp, timeoutMs });
}

/** Runs `kalshi-rx <args> | head -n <lines>` in bash; resolves with the CLI's own exit status. */
function runPiped(args: string[], lines: number, timeoutMs = 20_000): Promise<Run & { head: string }> {
  const quoted = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve) => {
    const child = spawn('bash', ['--norc', '--noprofile', '-c', `${quoted} | head -n ${lines}; echo "cli-exit=\${PIPESTATUS[0]}" >&2`], {
      cwd: tmp,
      env: { PATH: process.env['PATH'] ?? '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const t0 = Date.now();
    child.on('close', () => {
      clearTimeout(timer);
      const m = /cli-exit=(\d+)\n?$/.exec(stderr);
      resolve({
        code: m === null ? null : Number(m[1]),
        signal: null,
        stdout,
        head: stdout,
        stderr: stderr.replace(/cli-exit=\d+\n?$/, ''),
        ms: Date.now() - t0,
      });
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
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0].type).toBe('orderbook_snapshot');
    expect(lines.slice(1).every((l) => l.type === 'orderbook_delta')).toBe(true);
    expect(lines[1].msg.price_dollars).toMatch(/^\d\.\d{4}$/);
  });

  it('demo piped: a status line a second, one line per fault and per recovery, and a one-line summary', async () => {
    const r = await run(['demo', '--duration', '4.5', '--fault-every', '1']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const status = lines.filter((l) => /msg\/s \| gaps \d+ \| resyncs \d+ \| reconnects \d+/.test(l));
    const faults = lines.filter((l) => /^\d\d:\d\d:\d\d\.\d{3} fault: (connection dropped|one book message lost)/.test(l));
    const recoveries = lines.filter((l) =>
      /^\d\d:\d\d:\d\d\.\d{3} recovered: book live again from a (reconnect|resync) \d+ ms after the fault; book equals the simulator's truth \(seq \d+\)$/.test(
        l,
      ),
    );
    expect(status.length).toBeGreaterThanOrEqual(3);
    expect(faults.length).toBeGreaterThanOrEqual(3);
    expect(recoveries.length).toBeGreaterThanOrEqual(faults.length - 1);
    expect(status.length + faults.length + recoveries.length).toBe(lines.length - 1);
    const summary =
      /^demo: (\d+) faults injected \((\d+) dropped connections, (\d+) lost messages\), (\d+) recoveries, (\d+) of (\d+) books checked equal to the simulator's truth$/.exec(
        lines.at(-1)!,
      );
    expect(summary).not.toBeNull();
    const [, total, , , recovered, equal, checked] = summary!.map(Number);
    expect(total).toBe(faults.length);
    expect(recovered).toBe(recoveries.length);
    expect(equal).toBe(checked);
    expect(checked).toBe(recoveries.length);
    expect(r.stderr).toBe('');
  });

  it.skipIf(!existsSync('/usr/bin/script'))(
    'demo on a terminal holds reconnecting / stale, resyncing on the status line for a second, with the recent events',
    async () => {
      // `script` gives the demo a pseudo-terminal, so it redraws (every 250 ms) as a user sees it.
      const cmd = [process.execPath, bin, 'demo', '--duration', '3.2', '--fault-every', '1'].map((a) => `'${a}'`).join(' ');
      const out = await new Promise<string>((resolve) => {
        const child = spawn('/usr/bin/script', ['-qfec', cmd, '/dev/null'], {
          cwd: tmp,
          env: { PATH: process.env['PATH'] ?? '', TERM: 'xterm' },
        });
        let text = '';
        child.stdout.on('data', (d) => {
          text += String(d);
        });
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.on('close', () => {
          clearTimeout(timer);
          resolve(text);
        });
      });
      const frames = out.replace(/\r/g, '').split('\x1b[H\x1b[2J').slice(1);
      const statusOf = (f: string): string => /^ {2}(\S[^|\n]*) \| \d+ msg\/s/m.exec(f)?.[1] ?? '';
      const held = (label: string): number => frames.filter((f) => statusOf(f).startsWith(label)).length;
      // Each recovery takes well under 100 ms here; held for 1 s at 4 redraws a second, it shows in several frames.
      expect(held('reconnecting')).toBeGreaterThanOrEqual(3);
      expect(held('stale, resyncing')).toBeGreaterThanOrEqual(3);
      expect(frames.some((f) => /recent events\n {2}\d\d:\d\d:\d\d\.\d{3} fault: connection dropped/.test(f))).toBe(true);
      expect(out).toMatch(/demo: \d+ faults injected/);
    },
    30_000,
  );

  it('demo exits cleanly on Ctrl-C (SIGINT)', async () => {
    const child = spawn(process.execPath, [bin, 'demo'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      err += String(d);
    });
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
    afterAll(async () => {
      await sim.close();
    });

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
      expect(r.stderr).toMatch(/--private-key .*ec\.pem \(or KALSHI_PRIVATE_KEY_PATH\): a ec key; Kalshi needs an RSA private key/);
      expect(r.stderr).not.toMatch(/auth\.privateKeyPem/);
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

    it('an HTTP server instead of a WebSocket endpoint: names the status', async () => {
      const { createServer } = await import('node:http');
      const http = createServer((_req, res) => res.writeHead(404).end('not here'));
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
      try {
        const port = (http.address() as { port: number }).port;
        const r = await run(['stream', 'ticker', '--url', `ws://127.0.0.1:${port}/wrong`]);
        expect(r.code).toBe(4);
        expect(r.stderr).toBe(
          `kalshi-rx: cannot reach ws://127.0.0.1:${port}/wrong: the server answered HTTP 404 instead of a WebSocket upgrade: check the URL (Kalshi's path is /trade-api/ws/v2)\n`,
        );
      } finally {
        http.close();
      }
    });

    it('no network', async () => {
      const r = await run(['stream', 'ticker', '--url', 'ws://127.0.0.1:9/trade-api/ws/v2']);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/cannot reach ws:\/\/127\.0\.0\.1:9\/trade-api\/ws\/v2: connection refused \(ECONNREFUSED\)/);
      oneLineNoStack(r);
    });
  });

  it('record then replay: the replayed book equals the book folded from the recording, and the true book at the end', async () => {
    const file = join(tmp, 'rec.ndjson');
    const rec = await run(['record', file, 'orderbook_delta', '--market', 'KXDEMO-RAIN', '--limit', '80']);
    expect(rec.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(80);
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
        yes.clear();
        no.clear();
        for (const [p, q] of f.msg.yes_dollars_fp ?? []) yes.set(p, cents(q));
        for (const [p, q] of f.msg.no_dollars_fp ?? []) no.set(p, cents(q));
      } else if (f.type === 'orderbook_delta') {
        const side = f.msg.side === 'yes' ? yes : no;
        const next = (side.get(f.msg.price_dollars) ?? 0) + cents(f.msg.delta_fp);
        if (next === 0) side.delete(f.msg.price_dollars);
        else side.set(f.msg.price_dollars, next);
      }
    }
    const fmt = (m: Map<string, number>) => [...m].sort((a, b) => Number(a[0]) - Number(b[0])).map(([p, q]) => [p, (q / 100).toFixed(2)]);
    expect(replayed.status).toBe('live');
    expect(replayed.yes_dollars_fp).toEqual(fmt(yes));
    expect(replayed.no_dollars_fp).toEqual(fmt(no));
  }, 40_000);

  describe('as a Unix tool', () => {
    let recording = '';
    beforeAll(async () => {
      recording = join(tmp, 'piped.ndjson');
      const r = await run(['record', recording, 'ticker', '--limit', '20']);
      expect(r.code).toBe(0);
    }, 30_000);

    it('stream ... | head -2 ends quietly with exit 0 when the reader goes away (no EPIPE trace)', async () => {
      const r = await runPiped(['stream', 'ticker'], 2);
      expect(r.head.trim().split('\n')).toHaveLength(2);
      expect(r.code).toBe(0);
      expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    });

    it('replay <file> | head -3 ends quietly with exit 0', async () => {
      const r = await runPiped(['replay', recording], 3);
      expect(r.head.trim().split('\n')).toHaveLength(3);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    });

    it('record into a directory that does not exist: one line, exit 2, before connecting', async () => {
      const r = await run(['record', '/nonexistent-dir/x.ndjson', 'ticker', '--limit', '1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('kalshi-rx: cannot write /nonexistent-dir/x.ndjson (ENOENT)\n');
    });

    it.concurrent.for<[string[], string]>([
      [['stream', 'ticker', '--foo'], 'unknown option --foo (see kalshi-rx stream --help)'],
      [['--bogus'], 'unknown option --bogus (see kalshi-rx --help)'],
      [['stream', 'ticker', '-x'], 'unknown option -x (see kalshi-rx stream --help)'],
      [['stream', 'ticker', '--port', '1'], 'stream does not take --port (see kalshi-rx stream --help)'],
      [['stream', 'ticker', '--limit'], '--limit needs a value (see kalshi-rx stream --help)'],
      [['stream', 'ticker', '--limit', '-1'], '--limit must be a positive whole number, got "-1"'],
      [['stream', 'ticker', '--limit', '0'], '--limit must be a positive whole number, got "0"'],
      [['stream', 'ticker', '--limit', 'ten'], '--limit must be a positive whole number, got "ten"'],
      [['stream', 'ticker', '--duration', '-3'], '--duration must be a non-negative number, got "-3"'],
      [['simulate', '--port', '99999'], '--port must be a port number from 0 (any free port) to 65535, got "99999"'],
      [['simulate', '--port', 'http'], '--port must be a port number from 0 (any free port) to 65535, got "http"'],
      [['replay', 'x.ndjson', '--speed', '0'], '--speed must be a positive number, got "0"'],
      [['demo', '--seed', 'abc'], '--seed must be a whole number from 0 to 4294967295, got "abc"'],
      [
        ['stream', 'ticker', '--url', 'notaurl'],
        '--url must be a ws:// or wss:// URL such as wss://api.elections.kalshi.com/trade-api/ws/v2, got "notaurl"',
      ],
      [
        ['stream', 'ticker', '--url', 'https://example.com/'],
        '--url must be a ws:// or wss:// URL (not https), got "https://example.com/"',
      ],
      [['stream', 'ticker', '--env', 'staging'], '--env must be demo or prod, got "staging"'],
      [['stream', 'ticker', 'extra'], 'unexpected argument "extra": kalshi-rx stream takes <channel> (see kalshi-rx stream --help)'],
      [['book', 'A', 'B'], 'unexpected argument "B": kalshi-rx book takes <ticker> (see kalshi-rx book --help)'],
      [['demo', 'now'], 'unexpected argument "now": kalshi-rx demo takes no arguments (see kalshi-rx demo --help)'],
      [
        ['stream', 'ticker', '--simulator', '--env', 'demo'],
        '--simulator cannot be combined with --env: the embedded simulator needs no endpoint and no key',
      ],
      [
        ['book', 'X', '--simulator', '--url', 'ws://127.0.0.1:9/'],
        '--simulator cannot be combined with --url: the embedded simulator needs no endpoint and no key',
      ],
      [['stream', 'ticker', '--env', 'demo', '--url', 'ws://127.0.0.1:9/'], '--env and --url both choose the endpoint: give one of them'],
      [['help', 'nope'], 'unknown command nope (see kalshi-rx --help)'],
    ])('%j: its own one-line message, exit 2', async ([args, message], { expect }) => {
      const r = await run(args);
      expect(r.stderr).toBe(`kalshi-rx: ${message}\n`);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    });

    it('--version prints the package version', async () => {
      const r = await run(['--version']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`kalshi-rx ${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version}\n`);
      expect((await run(['stream', '-V'])).stdout).toBe(r.stdout);
    });

    it("help <command> prints that command's usage", async () => {
      const r = await run(['help', 'record']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: kalshi-rx record/);
    });

    it('says on stderr, in one line, that the embedded simulator is used and which markets it has', async () => {
      const r = await run(['stream', 'ticker', '--limit', '1']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(
        'kalshi-rx: using the embedded simulator (no key or endpoint given; markets: KXDEMO-RAIN, KXDEMO-FED, KXDEMO-BTC); pass --env demo|prod with a key for Kalshi\n',
      );
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
    });

    it('--simulator: the notice names the simulator and its markets, without the no-key reason', async () => {
      const r = await run(['stream', 'trade', '--simulator', '--duration', '0.3']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('kalshi-rx: using the embedded simulator (markets: KXDEMO-RAIN, KXDEMO-FED, KXDEMO-BTC)\n');
    });

    it('a market the embedded simulator does not have: says "simulator" and lists its markets', async () => {
      const r = await run(['book', 'FED-23DEC-T3.00']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        "kalshi-rx: the embedded simulator has no market FED-23DEC-T3.00; its markets: KXDEMO-RAIN, KXDEMO-FED, KXDEMO-BTC (for Kalshi's markets pass --env demo|prod with --key-id and --private-key)\n",
      );
    });

    it.each(['pyth_value', 'cfbenchmarks_value', 'cfbenchmarks_value_5hz', 'multivariate_market_lifecycle'])(
      'stream %s against the embedded simulator says it is not modelled instead of printing nothing',
      async (channel) => {
        const r = await run(['stream', channel]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(
          new RegExp(
            `^kalshi-rx: the embedded simulator does not model ${channel} \\(nor .*\\): it would print nothing; use --env demo\\|prod with a key for real data\\n$`,
          ),
        );
      },
    );

    it('simulate lists the channels it does not model', async () => {
      const r = await run(['simulate', '--duration', '0.2']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /channels it accepts but sends no data on: multivariate_market_lifecycle, cfbenchmarks_value, cfbenchmarks_value_5hz, pyth_value/,
      );
    });

    it('a port in use: one line naming the cause', async () => {
      const sim = await startSimulator({ tickIntervalMs: 0 });
      try {
        const port = new URL(sim.url).port;
        const r = await run(['simulate', '--port', port, '--duration', '0.2']);
        expect(r.code).toBe(2);
        expect(r.stderr).toBe(
          `kalshi-rx: the simulator cannot listen on port ${port}: it is in use (EADDRINUSE); pick another --port or 0 for any free port\n`,
        );
      } finally {
        await sim.close();
      }
    });

    it('a private key that is not a PEM names the flag, not the library option', async () => {
      const file = join(tmp, 'garbage.pem');
      writeFileSync(file, 'not a key');
      const r = await run(['book', 'X', '--key-id', 'k', '--private-key', file, '--url', 'ws://127.0.0.1:9/']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `kalshi-rx: --private-key ${file} (or KALSHI_PRIVATE_KEY_PATH): not a readable PEM private key (expected "-----BEGIN RSA PRIVATE KEY-----" or "-----BEGIN PRIVATE KEY-----")\n`,
      );
    });
  });
});
