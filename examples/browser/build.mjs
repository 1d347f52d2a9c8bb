// Bundles the browser example (app.ts with the library, rxjs and isomorphic-ws's native
// WebSocket) into dist/app.js with esbuild. `npm run example:browser` runs this, then serve.ts.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** Builds dist/app.js (and dist/serve.js, the local server); returns the app bundle's path. */
export async function buildBrowserExample() {
  const common = { bundle: true, logLevel: 'warning', sourcemap: true };
  await build({
    ...common,
    entryPoints: [here('./app.ts')],
    outfile: here('./dist/app.js'),
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
  });
  await build({
    ...common,
    entryPoints: [here('./serve.ts')],
    outfile: here('./dist/serve.js'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
  });
  return here('./dist/app.js');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildBrowserExample();
