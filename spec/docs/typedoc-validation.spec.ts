// `npm run docs` fails the build on an undocumented export: typedoc, with this repo's validation
// settings (typedoc.json), over a one-file project, with and without a doc comment.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/run-source.js';

const repoConfig = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as Record<string, unknown>;

function typedoc(source: string): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kalshi-rx-typedoc-'));
  writeFileSync(join(dir, 'index.ts'), source);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2022', noEmit: true, types: [] },
      files: ['index.ts'],
    }),
  );
  const { entryPoints: _e, out: _o, tsconfig: _t, ...validation } = repoConfig;
  writeFileSync(
    join(dir, 'typedoc.json'),
    JSON.stringify({ ...validation, entryPoints: [join(dir, 'index.ts')], tsconfig: join(dir, 'tsconfig.json'), emit: 'none' }),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--options', join(dir, 'typedoc.json')],
      { cwd: dir, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, output: stdout + stderr });
      },
    );
  });
}

describe('typedoc.json', () => {
  it('makes an undocumented export fail npm run docs, and passes once it is documented', async () => {
    const [bad, good] = await Promise.all([
      typedoc('export function undocumented(): number {\n  return 1;\n}\n'),
      typedoc('/** Documented. */\nexport function documented(): number {\n  return 1;\n}\n'),
    ]);
    expect(bad.output).toMatch(/undocumented.*does not have any documentation/);
    expect(bad.code).not.toBe(0);
    expect(good.code).toBe(0);
  }, 90_000);
});
