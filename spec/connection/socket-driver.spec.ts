// SocketDriver and its SocketAttempts with a Node-like fake socket (an `on` method, `terminate`,
// no network) and fake time (vitest's timers drive rxjs's asyncScheduler; promises run between
// timers): the exact statuses of each way a socket ends (clean close, open timeout, command
// timeout, refused handshake, 429, reconnect disabled, a signer that fails or never answers),
// what is sent when, and what the raw socket's events (ping, oversize) reach.
import { asyncScheduler } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HeaderSigner } from '../../lib/auth/create-signer.js';
import type { ConnectOptions } from '../../lib/connection/connect-options.js';
import type { ConnectionStatus } from '../../lib/connection/connection-status.js';
import { SocketDriver } from '../../lib/connection/socket-driver.js';
import { FakeSocket } from '../helpers/fake-socket.js';

/** A FakeSocket that looks like Node `ws` to the socket factory: listeners by event, and terminate(). */
class NodeSocket extends FakeSocket {
  readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  terminated = false;
  readonly options: unknown;
  constructor(url: string, protocols?: unknown, options?: { headers?: Record<string, string> }) {
    super(url, protocols, options);
    this.options = options;
  }
  on(event: string, listener: (...args: unknown[]) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  terminate(): void {
    this.terminated = true;
    this.serverClose(false);
  }
}
const last = (): NodeSocket => FakeSocket.last as NodeSocket;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  FakeSocket.reset();
});
afterEach(() => vi.useRealTimers());

function drive(options: Partial<ConnectOptions> = {}, signer?: HeaderSigner) {
  const statuses: ConnectionStatus[] = [];
  const events: string[] = [];
  const d = new SocketDriver({ WebSocketCtor: NodeSocket as never, staleAfterMs: 0, ...options }, 'ws://fake/trade-api/ws/v2', signer, asyncScheduler, {
    onOpen: () => events.push('open'),
    onFrame: (data) => events.push(`frame ${String(data)}`),
    onDown: (reason, wasOpen) => events.push(`down ${reason} ${wasOpen}`),
    onClosed: (reason, error) => events.push(`closed ${reason}: ${error.name}: ${error.message}`),
    onOversize: () => events.push('oversize'),
  });
  d.status$.subscribe((s) => statuses.push(s));
  d.start();
  return { d, statuses, events };
}
const reconnecting = (h: { statuses: ConnectionStatus[] }) => h.statuses.filter((s) => s.state === 'reconnecting');
const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('SocketDriver: an open socket', () => {
  it('is not open until the socket says so; nothing sent before is flushed on open; frames reach the connection', () => {
    const h = drive();
    expect(h.d.isOpen).toBe(false);
    h.d.send({ id: 1, cmd: 'early' });
    last().open();
    expect(h.d.isOpen).toBe(true);
    expect(last().sent).toEqual([]);
    h.d.send({ id: 2, cmd: 'subscribe' });
    expect(last().sent.map((s) => s.frame)).toEqual([{ id: 2, cmd: 'subscribe' }]);
    last().receive('{"type":"ok"}');
    expect(h.events).toEqual(['open', 'frame {"type":"ok"}']);
    // The replayed initial state, then the attempt's own.
    expect(h.statuses).toEqual([{ state: 'connecting', attempt: 1 }, { state: 'connecting', attempt: 1 }, { state: 'open', attempt: 1 }]);
    expect(last().options).toEqual({ maxPayload: 16 * 1024 * 1024 });
  });

  it('a clean server close reconnects (server-closed) after the backoff, with a fresh socket', async () => {
    const h = drive({ reconnect: { initialDelayMs: 100, random: () => 0.5 } });
    last().open();
    last().serverClose(true);
    expect(h.events).toEqual(['open', 'down server-closed true']);
    expect(h.d.isOpen).toBe(false);
    expect(reconnecting(h)).toEqual([{ state: 'reconnecting', attempt: 1, delayMs: 50, reason: 'server-closed', detail: 'server-closed' }]);
    await wait(49);
    expect(FakeSocket.instances).toHaveLength(1);
    await wait(1);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(h.statuses.at(-1)).toEqual({ state: 'connecting', attempt: 2 });
  });

  it('replace() terminates the socket and reconnects with the given reason', () => {
    const h = drive({ reconnect: { initialDelayMs: 100, random: () => 0 } });
    last().open();
    h.d.replace('command-timeout');
    expect(last().terminated).toBe(true);
    expect(h.events).toEqual(['open', 'down command-timeout true']);
    expect(reconnecting(h)).toEqual([{ state: 'reconnecting', attempt: 1, delayMs: 0, reason: 'command-timeout', detail: 'command-timeout' }]);
  });

  it('a socket that does not open within openTimeoutMs is terminated (open-timeout)', async () => {
    const h = drive({ reconnect: { openTimeoutMs: 500, random: () => 0 } });
    await wait(499);
    expect(h.events).toEqual([]);
    await wait(1);
    expect(last().terminated).toBe(true);
    expect(h.events).toEqual(['down open-timeout false']);
    expect(reconnecting(h)[0]).toMatchObject({ reason: 'open-timeout', detail: 'open-timeout' });
  });

  it('Ping frames count as activity for the watchdog; silence kills the socket (stale)', async () => {
    const h = drive({ staleAfterMs: 400, reconnect: { random: () => 0 } });
    last().open();
    for (let i = 0; i < 10; i++) {
      await wait(100);
      last().emit('ping');
    }
    expect(h.events).toEqual(['open']);
    await wait(500);
    expect(h.events).toEqual(['open', 'down stale true']);
  });

  it('a frame over maxFrameBytes is reported; other socket errors are not', () => {
    const h = drive();
    last().open();
    last().emit('error', { code: 'ECONNRESET' });
    last().emit('error', { code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' });
    expect(h.events).toEqual(['open', 'oversize']);
  });

  it('close() ends it for good: closed-by-client, once', () => {
    const h = drive();
    last().open();
    h.d.close();
    h.d.close();
    expect(h.d.isEnded).toBe(true);
    expect(h.d.isOpen).toBe(false);
    expect(h.statuses.slice(3)).toEqual([{ state: 'closed', reason: 'closed-by-client' }]);
  });
});

describe('SocketDriver: a refused handshake', () => {
  const refuse = (status: number): void => {
    last().emit('unexpected-response', {}, { statusCode: status });
  };

  it('HTTP 503 is retried and named; at maxAttempts the driver gives up with it', async () => {
    const h = drive({ reconnect: { maxAttempts: 2, random: () => 0 } });
    refuse(503);
    expect(last().terminated).toBe(true);
    expect(reconnecting(h)).toEqual([{ state: 'reconnecting', attempt: 1, delayMs: 0, reason: 'dropped', detail: 'dropped (HTTP 503)' }]);
    await wait(0);
    refuse(503);
    expect(h.events.at(-1)).toBe('closed budget-exhausted: KalshiConnectionClosedError: gave up after 2 failed connection attempt(s); last: dropped (HTTP 503)');
    expect(h.d.isEnded).toBe(true);
  });

  it('HTTP 401 ends the connection with an auth error naming the status', () => {
    const h = drive();
    refuse(401);
    expect(h.events).toEqual(['down auth false', 'closed auth: KalshiAuthError: Kalshi refused the handshake with HTTP 401: check the API key id and private key (and the clock)']);
    expect(h.d.isEnded).toBe(true);
    expect(h.statuses.at(-1)).toMatchObject({ state: 'closed', reason: 'auth' });
  });

  it('HTTP 429 waits at least rateLimitedDelayMs, plus jitter up to as much again', () => {
    const h = drive({ reconnect: { rateLimitedDelayMs: 1000, random: () => 0.5 } });
    refuse(429);
    expect(reconnecting(h)).toEqual([{ state: 'reconnecting', attempt: 1, delayMs: 1500, reason: 'rate-limited', detail: 'rate-limited (HTTP 429)' }]);
  });

  it('with reconnect disabled the first drop ends the connection', () => {
    const h = drive({ reconnect: false });
    last().open();
    last().serverClose(false);
    expect(h.events).toEqual(['open', 'down dropped true', 'closed dropped: KalshiConnectionClosedError: socket dropped; reconnect is disabled']);
  });
});

describe('SocketDriver: the signer', () => {
  const headers = { 'KALSHI-ACCESS-KEY': 'k', 'KALSHI-ACCESS-SIGNATURE': 's', 'KALSHI-ACCESS-TIMESTAMP': '1' };

  it('each attempt opens with the signed headers', async () => {
    drive({}, () => Promise.resolve(headers as never));
    expect(FakeSocket.instances).toHaveLength(0);
    await wait(0);
    expect(last().headers).toEqual(headers);
  });

  it('a signer that fails ends the connection with an auth error naming the failure', async () => {
    const h = drive({}, () => Promise.reject(new TypeError('bad key')));
    await wait(0);
    // A signer written in JavaScript may reject with anything: the message then says 'error'.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    const s = drive({}, () => Promise.reject('no key'));
    await wait(0);
    expect(h.events).toEqual(['closed auth: KalshiAuthError: signing the handshake failed: TypeError']);
    expect(s.events).toEqual(['closed auth: KalshiAuthError: signing the handshake failed: error']);
    expect(FakeSocket.instances).toHaveLength(0);
  });

  it('a signer that never answers shows as signing-failed after signerTimeoutMs; its late answer opens nothing', async () => {
    let answer: (h: never) => void = () => undefined;
    let calls = 0;
    const h = drive({ signerTimeoutMs: 100, reconnect: { initialDelayMs: 1000, random: () => 0.5 } }, () => {
      calls++;
      return new Promise((resolve) => { answer = resolve; });
    });
    await wait(100);
    expect(h.events).toEqual(['down signing-failed false']);
    expect(reconnecting(h)).toEqual([{ state: 'reconnecting', attempt: 1, delayMs: 500, reason: 'signing-failed', detail: 'signing-failed (the signer gave no answer within 100 ms)' }]);
    answer(headers as never);
    await wait(0);
    expect(FakeSocket.instances).toHaveLength(0);
    await wait(500);
    expect(calls).toBe(2);
  });
});
