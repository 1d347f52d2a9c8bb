/** A raw `ws` client for conformance tests: literal frames in, parsed frames out, bounded waits. */
import { WebSocket } from 'ws';

export interface RawClient {
  readonly ws: WebSocket;
  readonly frames: any[];
  readonly pings: string[];
  send(frame: object | string): void;
  /** Waits (bounded) for the next frame matching `pred` that has not been taken yet. */
  next(pred?: (f: any) => boolean, timeoutMs?: number): Promise<any>;
  /** Collects frames for `ms` and returns those matching `pred`. */
  collect(ms: number, pred?: (f: any) => boolean): Promise<any[]>;
  close(): Promise<void>;
}

export function rawClient(url: string, headers?: Record<string, string>): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, headers === undefined ? {} : { headers });
    const frames: any[] = [];
    const pings: string[] = [];
    let cursor = 0;
    const waiters = new Set<() => void>();
    ws.on('message', (data) => {
      const text = data.toString();
      try { frames.push(JSON.parse(text)); } catch { frames.push({ __raw: text }); }
      for (const w of [...waiters]) w();
    });
    ws.on('ping', (d) => pings.push(d.toString()));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.once('open', () => {
      const client: RawClient = {
        ws, frames, pings,
        send: (f) => ws.send(typeof f === 'string' ? f : JSON.stringify(f)),
        next: (pred = () => true, timeoutMs = 2000) => new Promise((res, rej) => {
          const scan = (): boolean => {
            for (let i = cursor; i < frames.length; i++) {
              if (pred(frames[i])) {
                const f = frames[i];
                frames.splice(i, 1);
                res(f);
                return true;
              }
            }
            return false;
          };
          if (scan()) return;
          const timer = setTimeout(() => { waiters.delete(w); rej(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames.slice(-5))}`)); }, timeoutMs);
          const w = (): void => { if (scan()) { clearTimeout(timer); waiters.delete(w); } };
          waiters.add(w);
        }),
        collect: (ms, pred = () => true) => new Promise((res) => setTimeout(() => {
          const got = frames.filter(pred);
          res(got);
        }, ms)),
        close: () => new Promise((res) => {
          if (ws.readyState === WebSocket.CLOSED) return res();
          ws.once('close', () => res());
          ws.terminate();
        }),
      };
      void cursor;
      resolve(client);
    });
  });
}
