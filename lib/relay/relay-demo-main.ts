/**
 * Entry of `npm run relay:demo` (see {@link runRelayDemo}).
 *
 * @module
 */
import { runRelayDemo } from './relay-demo.js';

runRelayDemo(Number(process.argv[2] ?? 12)).then(
  (ok) => { process.exitCode = ok ? 0 : 1; },
  (e: unknown) => { process.stderr.write(`relay demo: ${e instanceof Error ? e.message : String(e)}\n`); process.exitCode = 2; },
);
