// Runs a TypeScript entry point of this repo as a child process, from the current source (not a
// possibly stale dist/): esbuild bundles it (dependencies stay external) next to the repo root,
// where node_modules resolves, and `node` runs it with a hard timeout.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Bundles `entry` (a path relative to the repo root) to `.spec-build/<name>/main.js`; returns the file. */
export async function bundleSource(entry: string, name: string): Promise<string> {
  const outfile = join(root, '.spec-build', name, 'main.js');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(root, entry)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    packages: 'external', sourcemap: 'inline', logLevel: 'error',
  });
  return outfile;
}

/** The outcome of a child process. */
export interface Run { code: number | null; signal: string | null; stdout: string; stderr: string; ms: number }

/** Runs `node file ...args` and resolves when it ends or was killed after `timeoutMs`. */
export function runNode(file: string, args: readonly string[], opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<Run> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ['--enable-source-maps', file, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...opts.env }, timeout: opts.timeoutMs ?? 20_000, killSignal: 'SIGKILL', cwd: opts.cwd ?? root,
    }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, signal: error?.signal ?? null, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}
