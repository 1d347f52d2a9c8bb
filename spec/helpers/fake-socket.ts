/**
 * A fake browser-style WebSocket for marble tests: no network, fully synchronous, driven by
 * the test. It records every command the client sends and can answer them with a script.
 */
import { type MarketSource, SimSession } from '../../lib/simulator/sim-session.js';

type Handler = ((ev: any) => void) | null;

export interface SentCommand {
  readonly at: number;
  readonly frame: any;
}

export class FakeSocket {
  static instances: FakeSocket[] = [];
  static now: () => number = () => 0;
  /** Called for every command a socket receives; may return reply frames to deliver at once. */
  static script: (cmd: any, socket: FakeSocket) => readonly object[] = () => [];

  static reset(): void {
    FakeSocket.instances = [];
    FakeSocket.script = () => [];
  }

  static get last(): FakeSocket {
    const s = FakeSocket.instances[FakeSocket.instances.length - 1];
    if (s === undefined) throw new Error('no socket created');
    return s;
  }

  readyState = 0;
  binaryType = 'blob';
  onopen: Handler = null;
  onclose: Handler = null;
  onerror: Handler = null;
  onmessage: Handler = null;
  readonly sent: SentCommand[] = [];
  readonly headers: Record<string, string> | undefined;

  constructor(readonly url: string, _protocols?: unknown, options?: { headers?: Record<string, string> }) {
    this.headers = options?.headers;
    FakeSocket.instances.push(this);
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.({ type: 'open' });
  }

  send(data: string): void {
    const frame = JSON.parse(data);
    this.sent.push({ at: FakeSocket.now(), frame });
    for (const reply of FakeSocket.script(frame, this)) this.receive(reply);
  }

  receive(frame: object | string): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  serverClose(wasClean: boolean, code = wasClean ? 1000 : 1006): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ wasClean, code, reason: '' });
  }

  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ wasClean: true, code: 1000, reason: '' });
  }

  /** The commands sent, without ids, for literal comparison. */
  commands(): object[] {
    return this.sent.map(({ frame }) => {
      const { id: _id, ...rest } = frame;
      return rest;
    });
  }
}

const anyMarket: MarketSource = { has: () => true, tickerOfId: (id) => id, tickers: () => [], snapshotBody: () => undefined, tickerBody: () => undefined };
/** Any ticker is a market whose book is one YES level (40¢ × 10) and one NO level (50¢ × 5). */
const anyBook: MarketSource = {
  ...anyMarket,
  snapshotBody: (ticker) => JSON.stringify({ market_ticker: ticker, yes_dollars_fp: [['0.4000', '10.00']], no_dollars_fp: [['0.5000', '5.00']] }),
};

/** Options of {@link kalshiScript}. */
export interface KalshiScriptOptions {
  /** A subscribe to these channels fails with the given error instead. */
  readonly failChannels?: Record<string, { code: number; msg: string }>;
  /** The exchange's market limit per subscription (error 26 above it). */
  readonly maxMarketsPerSubscription?: number;
  /** Send an `orderbook_snapshot` for each market joining an `orderbook_delta` sid. */
  readonly books?: boolean;
}

/**
 * The in-memory Kalshi (the simulator's `SimSession`, one per socket) as a script: answers
 * subscribe / update / unsubscribe / list exactly as the simulator does. `failChannels` makes
 * a subscribe to those channels fail with the given error instead.
 */
export function kalshiScript(options: KalshiScriptOptions = {}) {
  const sessions = new WeakMap<FakeSocket, SimSession>();
  const newSession = (): SimSession => new SimSession({ authenticated: true, markets: options.books === true ? anyBook : anyMarket, ...(options.maxMarketsPerSubscription === undefined ? {} : { maxMarketsPerSubscription: options.maxMarketsPerSubscription }) });
  const shared = newSession();
  return (cmd: any, socket?: FakeSocket): object[] => {
    const fail = cmd.cmd === 'subscribe' ? options.failChannels?.[cmd.params?.channels?.[0]] : undefined;
    if (fail !== undefined) return [{ id: cmd.id, type: 'error', msg: fail }];
    let session = socket === undefined ? shared : sessions.get(socket);
    if (session === undefined && socket !== undefined) sessions.set(socket, (session = newSession()));
    return (session ?? shared).handle(cmd).map((o) => JSON.parse(SimSession.text(o)) as object);
  };
}
