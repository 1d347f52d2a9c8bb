import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleSource, runNode, type Run } from '../helpers/run-source.js';

let bin = '';
beforeAll(async () => {
  bin = await bundleSource('lib/cli/main.ts', 'cli-pool');
});
const tmp = mkdtempSync(join(tmpdir(), 'kalshi-rx-pool-'));
const run = (args: string[]): Promise<Run> => runNode(bin, args, { env: {}, cwd: tmp, timeoutMs: 30_000 });

describe('kalshi-rx book --markets-file F --pool N', () => {
  it('keeps every book of the file live over the pool against the embedded simulator, one status line a second, a summary at the end', async () => {
    const file = join(tmp, 'markets.txt');
    writeFileSync(file, `# sixty markets\n${Array.from({ length: 60 }, (_, i) => `CLI-POOL-${i}`).join('\n')}\n\nCLI-POOL-0\n`);
    const r = await run(['book', '--markets-file', file, '--pool', '3', '--duration', '2.5', '--simulator']);
    expect(r.stderr).toContain('60 books from embedded simulator over up to 3 socket(s), 20 markets each');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toMatch(
      /^summary: books live 60\/60 · sockets 3 \(markets 20\/20\/20\) · commands \d+ · messages \d+ · reconnects 0$/,
    );
  }, 40_000);

  it.each([
    [['--pool', '0'], '--pool must be a positive number, got "0"'],
    [['--pool', '2.5'], '--pool must be a whole number of sockets from 1 to 100, got 2.5'],
  ])('%j fails fast with its own message', async (extra, message) => {
    const file = join(tmp, 'two.txt');
    writeFileSync(file, 'A\nB\n');
    const r = await run(['book', '--markets-file', file, ...extra, '--simulator']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('an empty or missing file, and a ticker with --markets-file, are refused with a one-line message', async () => {
    const empty = join(tmp, 'empty.txt');
    writeFileSync(empty, '# nothing\n\n');
    expect((await run(['book', '--markets-file', empty, '--simulator'])).stderr).toContain('names no market (one ticker per line)');
    expect((await run(['book', '--markets-file', join(tmp, 'nope.txt'), '--simulator'])).stderr).toContain('cannot read --markets-file');
    expect((await run(['book', 'X', '--markets-file', empty, '--simulator'])).stderr).toContain(
      'book takes a ticker or --markets-file, not both',
    );
  });
});
