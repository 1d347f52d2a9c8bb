// The fake-time harness of the pool specs: fake sockets answered by the in-memory Kalshi, opened
// 1 ms after they are made, in vitest's fake time (which drives rxjs's asyncScheduler).
import { afterEach, beforeEach, vi } from 'vitest';
import { connectPool } from '../../lib/connection/connect-pool.js';
import type { PoolOptions } from '../../lib/connection/pool-options.js';
import type { KalshiConnection } from '../../lib/connection/kalshi-connection-api.js';
import { FakeSocket, kalshiScript, type KalshiScriptOptions } from './fake-socket.js';

/** A fake socket that opens 1 ms after it is made (unless `hold` is set when it is made). */
export class AutoSocket extends FakeSocket {
  static hold = false;
  readonly createdAt = Date.now();
  constructor(url: string, protocols?: unknown, options?: { headers?: Record<string, string> }) {
    super(url, protocols, options);
    if (!AutoSocket.hold) setTimeout(() => { if (this.readyState === 0) this.open(); }, 1);
  }
}

/** Installs fake time (starting at 1,000,000 ms) and a fresh fake-socket world around each test. */
export function useFakePoolTime(): void {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    FakeSocket.reset();
    AutoSocket.hold = false;
    FakeSocket.now = () => Date.now();
  });
  afterEach(() => vi.useRealTimers());
}

export const sockets = (): AutoSocket[] => FakeSocket.instances as AutoSocket[];

export function pool(options: Partial<PoolOptions> = {}, script: KalshiScriptOptions = {}): KalshiConnection {
  FakeSocket.script = kalshiScript(script);
  return connectPool({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: AutoSocket as never, staleAfterMs: 0, reconnect: false, ...options });
}

/** The market lists of the subscribe / add_markets commands a socket received. */
export const placed = (s: FakeSocket): string[] => s.sent.flatMap((c) => (c.frame.cmd === 'subscribe' || c.frame.params?.action === 'add_markets' ? ((c.frame.params?.market_tickers ?? []) as string[]) : []));

/** The sid the in-memory Kalshi gave the socket's subscription of `channel` (sids count up per socket from 1). */
export function sidOf(s: FakeSocket, channel: string): number {
  const subscribes = s.sent.filter((c) => c.frame.cmd === 'subscribe').map((c) => (c.frame.params.channels as string[])[0]);
  const first = subscribes.indexOf(channel);
  if (first < 0) throw new Error(`no ${channel} subscription on this socket`);
  return new Set(subscribes.slice(0, first + 1)).size;
}

/** A ticker frame of `market` on the socket's ticker sid. */
export function tickerOn(s: FakeSocket, market: string, price: string): void {
  s.receive({ type: 'ticker', sid: sidOf(s, 'ticker'), msg: { market_ticker: market, price_dollars: price, ts: 1, ts_ms: 1000 } });
}

/** Subscribes events('ticker') per market; records which markets heard `live` and every subscriber error. */
export function watchLive(conn: KalshiConnection, markets: readonly string[]): { live: Set<string>; errors: unknown[] } {
  const live = new Set<string>();
  const errors: unknown[] = [];
  for (const m of markets) conn.events('ticker', { market_ticker: m }).subscribe({ next: (e) => { if (e.kind === 'status' && e.status.state === 'live') live.add(m); }, error: (e: unknown) => errors.push(e) });
  return { live, errors };
}

/** Starts `rotate()`; the returned object tells how it ended. */
export function rotating(conn: ReturnType<typeof pool>): { outcome: string; error: unknown } {
  const r: { outcome: string; error: unknown } = { outcome: 'pending', error: undefined };
  conn.rotate().then(() => (r.outcome = 'resolved'), (e: unknown) => { r.outcome = 'rejected'; r.error = e; });
  return r;
}

/** Socket `index` (the `index`-th made) waits to open until the test opens it; the others open as scripted. */
export function holdOpening(index: number): void {
  const kalshi = FakeSocket.script;
  FakeSocket.script = (cmd, s) => {
    if (s === sockets()[index]) AutoSocket.hold = true;
    return kalshi(cmd, s);
  };
}
