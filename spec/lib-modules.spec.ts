import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every module of lib/ loads on its own: the tables, codecs and regular expressions built when a
// module is evaluated do not throw. A module that throws at load fails every spec that imports
// it, but as a file that could not be collected, not as a failing test; this spec turns it into
// one (Stryker's vitest runner counts only failing tests, so a mutant that broke a module's
// load survived: see docs/quality.md, "static mutants").
const lib = fileURLToPath(new URL('../lib/', import.meta.url));
// The CLI's entry point runs the CLI when it is loaded (spec/cli tests it in a child process).
const RUNS_ON_LOAD = new Set(['cli/main.ts']);
const modules = readdirSync(lib, { recursive: true, encoding: 'utf8' })
  .map((f) => f.replaceAll('\\', '/'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !RUNS_ON_LOAD.has(f))
  .sort();

describe('lib/ modules', () => {
  it('finds the modules (the walk itself is not empty)', () => {
    expect(modules).toContain('protocol/scan-live.ts');
    expect(modules).toContain('connection/kalshi-connection.ts');
    expect(modules.length).toBeGreaterThan(100);
  });

  it.each(modules)('%s loads without throwing', async (file) => {
    const loaded = (await import(pathToFileURL(`${lib}${file}`).href)) as Record<string, unknown>;
    expect(typeof loaded).toBe('object');
  });
});
