// The package as a user gets it, and the docs as a user reads them: a copy of this checkout
// without dist/ is packed (so `prepack` must build), the tarball is installed into an empty
// project, and every TypeScript block of README.md and docs/*.md is compiled there with
// `tsc --strict` against the installed package and run (see doc-blocks.ts for the rules).
import { execFile } from 'node:child_process';
import { natsServerInstalled } from '../../lib/relay/local-nats-server.js';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/run-source.js';
import { allBlocks, type DocBlock } from './doc-blocks.js';

const exec = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'kalshi-rx-docs-'));
const scratch = join(work, 'project');
// docs/resilience.md belongs to the connection redesign (issue 14); it has no TypeScript blocks today.
const blocks = allBlocks(root);
let tarball = '';
let tarFiles: string[] = [];
let tscOutput = '';

const run = (cmd: string, args: string[], cwd: string, timeout = 60_000) =>
  exec(cmd, args, {
    cwd,
    timeout,
    killSignal: 'SIGKILL',
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });

beforeAll(async () => {
  // A fresh checkout: the tracked and new files, no dist/, node_modules linked.
  const src = join(work, 'src');
  const { stdout } = await run('git', ['ls-files', '-co', '--exclude-standard', '-z'], root);
  for (const f of stdout.split('\0').filter((f) => f !== '' && existsSync(join(root, f)))) {
    mkdirSync(dirname(join(src, f)), { recursive: true });
    cpSync(join(root, f), join(src, f));
  }
  symlinkSync(join(root, 'node_modules'), join(src, 'node_modules'));
  const packed = await run('npm', ['pack', '--silent', '--pack-destination', work], src, 120_000);
  tarball = join(work, packed.stdout.trim().split('\n').at(-1)!);
  tarFiles = (await run('tar', ['tzf', tarball], work)).stdout.trim().split('\n');

  mkdirSync(scratch);
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--silent', tarball], scratch, 120_000);
  // The user's own tools: the compiler, Node's types and a test runner.
  // The relay's optional peer dependencies, which a relay user installs beside kalshi-rx.
  for (const tool of ['typescript', '@types/node', '@types/ws', 'vitest', '@nats-io/transport-node', '@nats-io/jetstream', '@nats-io/kv']) {
    mkdirSync(dirname(join(scratch, 'node_modules', tool)), { recursive: true });
    symlinkSync(join(root, 'node_modules', tool), join(scratch, 'node_modules', tool));
  }
  for (const b of blocks) {
    const file = join(scratch, 'docs', b.doc.replace(/\.md$/, ''), b.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, b.code);
  }
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        outDir: 'out',
        rootDir: '.',
        types: ['node'],
        sourceMap: true,
      },
      include: ['docs'],
    }),
  );
  tscOutput = await run(
    process.execPath,
    [join(scratch, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', scratch],
    scratch,
    120_000,
  ).then(
    (r) => r.stdout,
    (e: Error & { stdout?: string }) => e.stdout ?? e.message,
  );
}, 240_000);

afterAll(() => undefined);

describe('the packed package', () => {
  it('prepack builds: a fresh checkout packs dist/ with declarations, the CLI and source maps with their sources', () => {
    expect(tarFiles).toContain('package/dist/index.js');
    expect(tarFiles).toContain('package/dist/index.d.ts');
    expect(tarFiles).toContain('package/dist/cli/main.js');
    expect(tarFiles).toContain('package/README.md');
    expect(tarFiles.some((f) => f.startsWith('package/lib/') || f.startsWith('package/spec/'))).toBe(false);
    const map = JSON.parse(
      readFileSync(join(scratch, 'node_modules', 'kalshi-rx', 'dist', 'connection', 'kalshi-connection.js.map'), 'utf8'),
    ) as { sources: string[]; sourcesContent?: string[] };
    expect(map.sourcesContent?.[0]).toMatch(/export function connect/);
  });

  it('import and require() both load it (Node >= 20.19 requires ESM through the default condition)', async () => {
    const esm = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { connect } from 'kalshi-rx'; import { startSimulator } from 'kalshi-rx/simulator'; import { createTestConnection } from 'kalshi-rx/testing'; console.log(typeof connect, typeof startSimulator, typeof createTestConnection)",
      ],
      scratch,
    );
    expect(esm.stdout.trim()).toBe('function function function');
    const cjs = await run(
      process.execPath,
      [
        '--no-warnings',
        '-e',
        "const { connect } = require('kalshi-rx'); const { startSimulator } = require('kalshi-rx/simulator'); console.log(typeof connect, typeof startSimulator)",
      ],
      scratch,
    );
    expect(cjs.stdout.trim()).toBe('function function');
  });

  it('installs the kalshi-rx command', async () => {
    const r = await run(join(scratch, 'node_modules', '.bin', 'kalshi-rx'), ['--version'], scratch);
    expect(r.stdout).toBe(`kalshi-rx ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n`);
  });
});

describe('every TypeScript block of README.md and docs/*.md', () => {
  it('compiles with tsc --strict against the installed package', () => {
    expect(blocks.length).toBeGreaterThan(15);
    expect(tscOutput).toBe('');
  });

  // A block that runs the relay needs nats-server; without it (and outside CI, which installs it) it is only compiled.
  const natsServer = natsServerInstalled() || process.env['KALSHI_RX_REQUIRE_NATS'] === '1';
  const runnable = blocks.filter((b) => b.mode === 'run' && (natsServer || !b.code.includes("from 'kalshi-rx/relay'")));
  it.concurrent.for<[string, DocBlock]>(runnable.map((b) => [`${b.doc}:${b.line}`, b]))(
    '%s runs and ends by itself',
    { timeout: 30_000 },
    async ([, b], { expect }) => {
      const js = join(scratch, 'out', 'docs', b.doc.replace(/\.md$/, ''), b.file.replace(/\.ts$/, '.js'));
      const r = await run(process.execPath, ['--enable-source-maps', js], scratch, 20_000).catch(
        (e: { code?: number; stderr?: string; signal?: string }) => e,
      );
      expect({ code: 'code' in r ? r.code : 0, signal: 'signal' in r ? r.signal : null, stderr: r.stderr }).toEqual({
        code: 0,
        signal: null,
        stderr: expect.any(String),
      });
    },
  );

  it('test blocks pass under vitest', async () => {
    const tests = blocks.filter((b) => b.mode === 'test');
    expect(tests.length).toBeGreaterThan(0);
    const r = await run(
      process.execPath,
      [join(scratch, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', scratch, '--dir', 'docs', '--reporter', 'dot'],
      scratch,
      60_000,
    ).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: `FAILED\n${e.stdout ?? ''}\n${e.stderr ?? ''}` }));
    expect(r.stdout).not.toMatch(/FAILED|failed/);
    expect(r.stdout).toMatch(new RegExp(`${tests.length} passed`));
  }, 90_000);
});
