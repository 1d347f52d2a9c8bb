// SocketCore over a fake socket answered by the in-memory Kalshi (kalshiScript), in fake time
// (vitest's timers drive rxjs's asyncScheduler): members and their statuses, one set of options
// per channel, the command budget it is given, what a pending command hears when the socket
// drops or the connection closes, the metrics, and the diagnostics it forwards.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelRequest } from '../../lib/connection/channel-params.js';
import { CommandBudget } from '../../lib/connection/command-budget.js';
import type { ConnectOptions } from '../../lib/connection/connect-options.js';
import type { Diagnostic } from '../../lib/connection/channel-event.js';
import { SocketCore } from '../../lib/connection/socket-core.js';
import { recordingPort } from '../helpers/fake-host.js';
import { FakeSocket, kalshiScript } from '../helpers/fake-socket.js';

/** Opens 1 ms after it is made (a socket that reaches the server). */
class OpeningSocket extends FakeSocket {
  readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  constructor(url: string, protocols?: unknown, options?: { headers?: Record<string, string> }) {
    super(url, protocols, options);
    setTimeout(() => { if (this.readyState === 0) this.open(); }, 1);
  }
  on(event: string, listener: (...args: unknown[]) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  FakeSocket.reset();
  FakeSocket.now = () => Date.now();
  FakeSocket.script = kalshiScript();
});
afterEach(() => vi.useRealTimers());

function core(options: Partial<ConnectOptions> = {}, extras = {}) {
  const c = new SocketCore({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: OpeningSocket as never, staleAfterMs: 0, reconnect: { random: () => 0 }, ...options }, extras);
  const diagnostics: Diagnostic[] = [];
  c.diagnostics$.subscribe((d) => diagnostics.push(d));
  return { c, diagnostics };
}
const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const socket = (): OpeningSocket => FakeSocket.last as OpeningSocket;
const sentAt = () => socket().sent.map((s) => [s.at - 1_000_000, s.frame.cmd]);

describe('SocketCore: members', () => {
  it('a member hears live once its market is subscribed; leaving releases the channel, so other options may follow', async () => {
    const { c } = core();
    const port = recordingPort();
    const detach = c.attach(channelRequest('ticker', { market_tickers: ['A'] }), port);
    await wait(10);
    expect(socket().commands()).toEqual([{ cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['A'] } }]);
    expect(port.statuses).toEqual([{ state: 'live', sid: 1, markets: ['A'] }]);
    const second = recordingPort();
    const detachSecond = c.attach(channelRequest('ticker', { market_tickers: ['A'] }), second);
    expect(second.statuses).toEqual([{ state: 'live', sid: 1, markets: ['A'] }]);
    detachSecond();
    expect(() => c.attach(channelRequest('ticker', { market_tickers: ['B'], skip_ticker_ack: true }), recordingPort())).toThrow(
      'ticker is already subscribed on this connection with other options ([] vs [["skip_ticker_ack",true]]); Kalshi merges subscriptions per channel, so use one set of options per channel and connection',
    );
    detach();
    await wait(10);
    expect(socket().commands().at(-1)).toEqual({ cmd: 'unsubscribe', params: { sids: [1] } });
    expect(c.serverMarkets('ticker')).toBeUndefined();
    expect(() => c.attach(channelRequest('ticker', { market_tickers: ['B'], skip_ticker_ack: true }), recordingPort())).not.toThrow();
  });

  it('after close() a new member ends at once; members end, commands fail with "connection closed"', async () => {
    const { c } = core();
    const port = recordingPort();
    c.attach(channelRequest('ticker', {}), port);
    await wait(10);
    FakeSocket.script = () => [];
    const errors: string[] = [];
    c.listSubscriptions().subscribe({ error: (e: unknown) => errors.push(`${(e as Error).name}: ${(e as Error).message}`) });
    await wait(1);
    c.close();
    expect(c.isClosed).toBe(true);
    expect(errors).toEqual(['KalshiConnectionClosedError: connection closed']);
    expect(port.ended).toEqual({ error: undefined });
    const late = recordingPort();
    c.attach(channelRequest('ticker', {}), late);
    expect((late.ended?.error as Error).message).toBe('connection is closed');
  });
});

describe('SocketCore: the socket going down', () => {
  it('a command waiting for its reply fails naming the reason; a drop of an open socket counts as a reconnect', async () => {
    const { c } = core();
    await wait(10);
    FakeSocket.script = () => [];
    const errors: string[] = [];
    c.listSubscriptions().subscribe({ error: (e: unknown) => errors.push(`${(e as Error).name}: ${(e as Error).message}`) });
    await wait(1);
    socket().serverClose(false);
    expect(errors).toEqual(['KalshiConnectionLostError: socket dropped before the reply arrived']);
    expect(c.metricsNow().reconnects).toBe(1);
    c.close();
  });

  it('a socket that never opened, or a refused handshake, is no reconnect', async () => {
    class Shut extends FakeSocket {
      constructor(url: string, protocols?: unknown, options?: { headers?: Record<string, string> }) {
        super(url, protocols, options);
        setTimeout(() => this.serverClose(false), 1);
      }
    }
    const { c } = core({ WebSocketCtor: Shut as never });
    await wait(10);
    expect(FakeSocket.instances.length).toBeGreaterThan(1);
    expect(c.metricsNow().reconnects).toBe(0);
    c.close();
  });
});

describe('SocketCore: budget, staleness, diagnostics', () => {
  it('commandBudget paces the commands: one at once, the next a second later', async () => {
    const { c } = core({ commandBudget: { burst: 1, perSecond: 1 } });
    c.attach(channelRequest('ticker', {}), recordingPort());
    c.attach(channelRequest('trade', {}), recordingPort());
    await wait(2000);
    expect(sentAt()).toEqual([[1, 'subscribe'], [1001, 'subscribe']]);
    c.close();
  });

  it('a budget shared by a pool is the one spent', async () => {
    const shared = new CommandBudget({ burst: 1, perSecond: 1 });
    expect(shared.take(Date.now())).toBe(true);
    const { c } = core({}, { budget: shared });
    c.attach(channelRequest('ticker', {}), recordingPort());
    await wait(2000);
    expect(sentAt()).toEqual([[1000, 'subscribe']]);
    c.close();
  });

  it('without dataStaleAfterMs a quiet subscription is never reported stale', async () => {
    const { c } = core();
    const port = recordingPort();
    c.attach(channelRequest('ticker', {}), port);
    await wait(60_000);
    expect(port.statuses).toEqual([{ state: 'live', sid: 1 }]);
    c.close();
  });

  it('forwards an oversize frame and a subscription\'s server error as diagnostics; counts violations', async () => {
    const { c, diagnostics } = core({ maxFrameBytes: 1024 });
    const detach = c.attach(channelRequest('ticker', {}), recordingPort());
    await wait(10);
    socket().emit('error', { code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' });
    FakeSocket.script = (cmd: { id: number }) => [{ id: cmd.id, type: 'error', msg: { code: 7, msg: 'Unknown sid' } }];
    detach();
    await wait(10);
    expect(diagnostics).toEqual([{ kind: 'frame-too-large', limitBytes: 1024 }, { kind: 'server-error', code: 7, message: 'Unknown sid', sid: 1 }]);
    c.countViolation();
    c.countViolation();
    expect(c.metricsNow().violations).toBe(2);
    c.close();
  });
});
