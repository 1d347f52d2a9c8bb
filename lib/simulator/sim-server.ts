/**
 * The simulator's thin server: an HTTP server on 127.0.0.1 (port 0 by default) that upgrades
 * `GET /trade-api/ws/v2` to a WebSocket after checking the signed handshake, and can refuse the
 * next handshakes with a chosen HTTP status. It knows nothing about commands or markets.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type SimulatorKey, verifyHandshake } from './handshake-auth.js';
import { PATH } from './sim-rules.js';

/** Who connected: authenticated or anonymous, and as which user. */
export interface Admission {
  readonly authenticated: boolean;
  readonly userId: string;
}

/** Options of {@link startSimServer}. */
export interface SimServerOptions {
  readonly port?: number;
  readonly keys: readonly SimulatorKey[];
  readonly allowAnonymous: boolean;
  readonly maxSkewMs: number;
  readonly onConnection: (ws: WebSocket, who: Admission) => void;
}

/** A running server. */
export interface SimServer {
  readonly port: number;
  /** Refuses the next `n` handshakes with HTTP `status`. */
  refuse(n: number, status: number): void;
  close(): Promise<void>;
}

const STATUS_TEXT: Readonly<Record<number, string>> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' };

function reject(socket: Duplex, status: number): void {
  const text = STATUS_TEXT[status] ?? 'Error';
  const body = `${text}\n`;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Starts the server and resolves once it listens. */
export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  let refusals = { n: 0, status: 401 };
  const server: Server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket upgrade required');
  });
  const wss = new WebSocketServer({ noServer: true });

  const admit = (req: IncomingMessage): Admission | number => {
    if (options.keys.length === 0) return { authenticated: true, userId: 'sim-user' };
    if (req.headers['kalshi-access-key'] === undefined && options.allowAnonymous) return { authenticated: false, userId: '' };
    const verdict = verifyHandshake(req.headers, PATH, options.keys, Date.now(), options.maxSkewMs);
    return verdict.ok ? { authenticated: true, userId: `user-${verdict.keyId}` } : 401;
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== PATH) return reject(socket, 404);
    if (refusals.n > 0) {
      refusals.n--;
      return reject(socket, refusals.status);
    }
    const who = admit(req);
    if (typeof who === 'number') return reject(socket, who);
    wss.handleUpgrade(req, socket, head, (ws) => options.onConnection(ws, who));
  });

  await new Promise<void>((resolve, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    refuse: (n, status) => { refusals = { n, status }; },
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
