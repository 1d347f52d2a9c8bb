/**
 * Serves the browser example on 127.0.0.1 next to a local Kalshi simulator, and prints the URL
 * to open. `npm run example:browser`; Ctrl-C stops both.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator } from '../../lib/simulator/simulator-api.js';

const root = fileURLToPath(new URL('..', import.meta.url)); // examples/browser/
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

/** Serves examples/browser/ (index.html and dist/) on 127.0.0.1:`port` (0: any free port). */
export async function serveExample(port = 0, dir = root): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path === '/' ? 'index.html' : path);
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
      },
      () => {
        res.writeHead(404).end('not found');
      },
    );
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : port}/` };
}

async function main(): Promise<void> {
  const sim: Simulator = await startSimulator({ tickIntervalMs: 50 });
  const { server, url } = await serveExample(Number(process.env['PORT'] ?? 8080));
  const market = sim.markets[0]!;
  process.stdout.write(
    `open ${url}?url=${encodeURIComponent(sim.url)}&market=${market}\n(markets: ${sim.markets.join(', ')}; Ctrl-C stops)\n`,
  );
  const stop = (): void => {
    server.close();
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) void main();
