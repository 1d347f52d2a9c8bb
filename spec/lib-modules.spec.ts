import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every module of lib/ loads on its own: the tables, codecs and regular expressions built when a
// module is evaluated do not throw. A module that throws at load fails every spec that imports
// it, but as a file that could not be collected, not as a failing test; this spec turns it into
// one (Stryker's vitest runner counts only failing tests, so a mutant that broke a module's
// load survived: see docs/quality.md, "static mutants").
const lib = fileURLToPath(new URL('../lib/', import.meta.url));
// Entry points run their program when loaded: the CLI (spec/cli tests it in a child process) and
// `npm run relay:demo` (relay-failover.spec runs the demo and waits for its end). Loaded here, the
// demo went on in the background, and the worker's exit left its nats-server running.
const RUNS_ON_LOAD = new Set(['cli/main.ts', 'relay/relay-demo-main.ts']);
const modules = readdirSync(lib, { recursive: true, encoding: 'utf8' })
  .map((f) => f.replaceAll('\\', '/'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !RUNS_ON_LOAD.has(f))
  .sort();

describe('lib/ modules', () => {
  it('finds the modules (the walk itself is not empty); only the entry points that run on load are left out, and they exist', () => {
    const all = readdirSync(lib, { recursive: true, encoding: 'utf8' }).map((f) => f.replaceAll('\\', '/'));
    for (const entry of RUNS_ON_LOAD) expect(all).toContain(entry);
    // A module reading process.argv is an entry point: it belongs in RUNS_ON_LOAD, not in the walk.
    for (const f of modules) expect(readFileSync(`${lib}${f}`, 'utf8'), f).not.toMatch(/process\.argv/);
    expect(modules).toContain('protocol/scan-live.ts');
    expect(modules).toContain('connection/kalshi-connection.ts');
    expect(modules.length).toBeGreaterThan(100);
  });

  it.each(modules)('%s loads without throwing', async (file) => {
    const loaded = (await import(pathToFileURL(`${lib}${file}`).href)) as Record<string, unknown>;
    expect(typeof loaded).toBe('object');
  });
});
