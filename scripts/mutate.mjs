#!/usr/bin/env node
// Runs Stryker one folder at a time (the machine is small), each with its own incremental file
// so a later run re-tests only mutants whose code or covering tests changed, and prints the
// score of each folder with the wall time of its run.
//
//   npm run mutate                      every scoped folder
//   npm run mutate -- orderbook auth    only these (folders: protocol, protocol-scan, channels, orderbook, operators, auth;
//                                       protocol-scan is scan-live, scan-shapes, scan-decode and scan-readers, each its own run)
//   npm run mutate:core                 the connection core: core-stable, core-pool, core-socket (unit specs)
//   npm run mutate:core -- core-pool    one part of it (or connection / internal / book-folder: every spec)
//   Folders run in parallel from two shells do not collide (each has its own sandbox directory).
//   npm run mutate -- --full orderbook  ignore the incremental file (a from-scratch score)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const FOLDERS = {
  // scan-decode.ts (the hot-path scanner, ~600 lines) has a run of its own: it is a third of
  // the mutants, so the rest of the folder can be re-scored without it.
  protocol: ['lib/protocol/**/*.ts', '!lib/protocol/scan-*.ts'],
  // The scanner in four runs, one a file (a run saves its report only when it ends, and the whole
  // scanner took over an hour and a half): `protocol-scan` runs all four in turn.
  'scan-live': ['lib/protocol/scan-live.ts'],
  'scan-shapes': ['lib/protocol/scan-shapes.ts'],
  'scan-decode': ['lib/protocol/scan-decode.ts'],
  'scan-readers': ['lib/protocol/scan-readers.ts'],
  channels: ['lib/channels/**/*.ts'],
  orderbook: ['lib/orderbook/**/*.ts', '!lib/orderbook/book-folder.ts'],
  operators: ['lib/operators/**/*.ts'],
  auth: ['lib/auth/**/*.ts'],
};
// Folders scored against the unit specs only (vitest.stryker.config.ts): every line of them
// also runs under the loopback specs, which would make each surviving mutant cost a full
// simulator run on this machine. Their score is a lower bound.
const SCAN = ['scan-live', 'scan-shapes', 'scan-decode', 'scan-readers'];
const UNIT_ONLY = new Set(['protocol', ...SCAN, 'channels', 'orderbook', 'core-stable', 'core-pool', 'core-socket']);
// Folders scored against a narrower set of unit specs: the specs of the folder and of the layer
// right above it. Most mutants of lib/channels and lib/protocol are static (codecs built when
// the module loads), and a static mutant reruns every spec with a fresh module graph: ~10 s
// for the whole unit suite on this machine, ~55 min for channels. The score is what these
// specs catch (a lower bound); docs/quality.md lists them.
// `spec` (the specs at the top of spec/) brings spec/lib-modules.spec.ts: it loads every module
// inside a test, so a static mutant that makes a module throw when it loads fails a test (the
// vitest runner does not count a spec file that fails to load as a failure).
const SPECS = {
  channels: ['spec/channels/**', 'spec/protocol/**', 'spec'],
  protocol: ['spec/protocol/**', 'spec/channels/**', 'spec'],
  ...Object.fromEntries(SCAN.map((f) => [f, ['spec/protocol/**', 'spec']])),
};
// The TypeScript checker's program per folder (default tsconfig.stryker.json: lib/ and
// spec/types). lib/protocol and lib/channels are imported by everything, so with all of lib/ in
// the program each of their mutants re-checked most of it and the checker, not the tests, set
// the pace (~5 s a mutant); checked against those two folders and the open-enum type test a
// mutant that only breaks a type elsewhere in lib/ is run instead of rejected.
// Property runs per folder (KALSHI_PROP_RUNS; vitest.stryker.config.ts defaults to 500). The
// scanner's mutants are each covered by every property of spec/protocol, and at 500 runs one of
// them took over the 5 s unit timeout in the dry run on this loaded machine.
const PROP_RUNS = Object.fromEntries(SCAN.map((f) => [f, '150']));
const DECODE_TSCONFIG = 'tsconfig.stryker-decode.json';
const TSCONFIG = { channels: DECODE_TSCONFIG, protocol: DECODE_TSCONFIG, ...Object.fromEntries(SCAN.map((f) => [f, DECODE_TSCONFIG])) };
// The subscription core. `core-stable` is the part of it that the connection-pool work does
// not change (kalshi-connection.ts, command-path.ts, command-budget.ts, subscription-host.ts and
// server-subscription.ts are being reworked, so they are scored after that lands), plus
// lib/internal without the test-only scripted socket.
const CORE_STABLE = [
  'sid-feed', 'member-table', 'refusals', 'reconcile-plan', 'reply-outcome', 'snapshot-needs', 'frame-router', 'backoff-delay',
  'classify-socket-error', 'frame-watchdog',
].map((f) => `lib/connection/${f}.ts`);
// The pool and the API surface over it (connect() is a pool of one socket); their unit specs run
// several sockets over fake sockets in fake time (spec/connection/pool-core.spec.ts).
const CORE_POOL = ['lib/connection/pool-*.ts', ...['connection-surface', 'connection-core', 'connect-pool', 'kalshi-connection', 'channel-params'].map((f) => `lib/connection/${f}.ts`)];
const CORE = {
  'core-stable': [...CORE_STABLE, 'lib/internal/**/*.ts', '!lib/internal/scripted-socket.ts'],
  'core-pool': CORE_POOL,
  // One socket: its command path, subscriptions, socket lifecycle, and the book folder.
  'core-socket': ['lib/connection/**/*.ts', ...[...CORE_STABLE, ...CORE_POOL].map((g) => `!${g}`), 'lib/orderbook/book-folder.ts'],
  connection: ['lib/connection/**/*.ts'],
  internal: ['lib/internal/**/*.ts', '!lib/internal/scripted-socket.ts'],
  'book-folder': ['lib/orderbook/book-folder.ts'],
};

const args = process.argv.slice(2);
const full = args.includes('--full');
const core = args.includes('--core');
const table = core ? CORE : FOLDERS;
const names = args.filter((a) => !a.startsWith('--')).flatMap((n) => (n === 'protocol-scan' ? SCAN : [n]));
// The core runs as core-stable + core-pool + core-socket (unit specs) by default; `connection`,
// `internal` and `book-folder` (every spec) overlap them and run only when named.
const OVERLAPPING = new Set(['connection', 'internal', 'book-folder']);
const chosen = names.length > 0 ? names : Object.keys(table).filter((n) => !(core && OVERLAPPING.has(n)));
for (const n of chosen) if (!(n in FOLDERS) && !(n in CORE)) throw new Error(`unknown folder ${n}; one of ${Object.keys({ ...FOLDERS, ...CORE }).join(', ')}`);

mkdirSync('reports', { recursive: true });
const summary = [];
for (const name of chosen) {
  const globs = FOLDERS[name] ?? CORE[name];
  const started = Date.now();
  const r = spawnSync('npx', ['stryker', 'run', ...(full ? ['--force'] : [])], {
    stdio: 'inherit',
    env: { ...process.env, KALSHI_MUTATE_FOLDER: name, KALSHI_MUTATE_GLOBS: globs.join(','), KALSHI_MUTATE_SPECS: UNIT_ONLY.has(name) ? 'unit' : 'all', KALSHI_MUTATE_INCLUDE: (SPECS[name] ?? []).join(','), KALSHI_MUTATE_TSCONFIG: TSCONFIG[name] ?? 'tsconfig.stryker.json', ...(PROP_RUNS[name] === undefined ? {} : { KALSHI_PROP_RUNS: PROP_RUNS[name] }) },
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (r.status !== 0) throw new Error(`stryker failed on ${name} (exit ${r.status})`);
  const report = JSON.parse(readFileSync(`reports/mutation/${name}.json`, 'utf8'));
  const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0 };
  const survivors = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      count[m.status] = (count[m.status] ?? 0) + 1;
      if (m.status === 'Survived' || m.status === 'NoCoverage') survivors.push(`${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${m.status}${m.replacement === undefined ? '' : ` → ${JSON.stringify(m.replacement).slice(0, 80)}`}`);
    }
  }
  const detected = count.Killed + count.Timeout;
  const valid = detected + count.Survived + count.NoCoverage;
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  const s = { name, score: Number(score.toFixed(2)), killed: count.Killed, timeout: count.Timeout, survived: count.Survived, noCoverage: count.NoCoverage, compileErrors: count.CompileError, seconds, survivors };
  summary.push(s);
  // Printed as each folder ends (a run of several folders takes long), and kept in the summary file.
  print(s);
  writeFileSync(`reports/mutation/summary${core ? '-core' : ''}.json`, JSON.stringify(summary, null, 2));
}
console.log('');
for (const s of summary) console.log(`${s.name.padEnd(12)} ${s.score.toFixed(2).padStart(6)} %  ${s.seconds} s`);

function print(s) {
  console.log(`${s.name.padEnd(12)} ${s.score.toFixed(2).padStart(6)} %  killed ${s.killed} timeout ${s.timeout} survived ${s.survived} no-coverage ${s.noCoverage} (compile errors ${s.compileErrors})  ${s.seconds} s`);
  for (const line of s.survivors) console.log(`    ${line}`);
}
