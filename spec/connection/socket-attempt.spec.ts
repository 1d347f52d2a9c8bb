// One SocketAttempt on its own: once disposed (or ended) none of its callbacks reaches the
// driver: a signer answering late opens nothing and a late failure is not reported; a kill
// reports the end once; an oversize event of a disposed socket is dropped. The last spec runs a
// real `ws` socket against a server on 127.0.0.1 (port 0): frames come straight from the
// socket's `message` event, and none after dispose.
import { asyncScheduler } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import type { HeaderSigner } from '../../lib/auth/create-signer.js';
import type { ConnectOptions } from '../../lib/connection/connect-options.js';
import { type AttemptHooks, SocketAttempt } from '../../lib/connection/socket-attempt.js';
import { FakeSocket } from '../helpers/fake-socket.js';

class NodeSocket extends FakeSocket {
  readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  on(event: string, listener: (...args: unknown[]) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  terminate(): void {
    this.serverClose(false);
  }
}

function attempt(options: Partial<ConnectOptions> = {}, signer?: HeaderSigner, url = 'ws://fake') {
  const events: string[] = [];
  const hooks: AttemptHooks = {
    onOpen: () => events.push('open'),
    onFrame: (data) => events.push(`frame ${String(data)}`),
    onDown: (_a, reason, wasOpen, refused, detail) => events.push(`down ${reason} ${wasOpen} ${String(refused)} ${String(detail)}`),
    onSignerError: () => events.push('signer-error'),
    onOversize: () => events.push('oversize'),
  };
  const a = new SocketAttempt({ WebSocketCtor: NodeSocket as never, staleAfterMs: 0, ...options }, url, signer, asyncScheduler, hooks);
  return { a, events, hooks };
}

describe('SocketAttempt after its end', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    FakeSocket.reset();
  });
  afterEach(() => vi.useRealTimers());

  it('disposed while signing: the signed headers open no socket', async () => {
    let answer: (h: never) => void = () => undefined;
    const h = attempt({}, () => new Promise((resolve) => { answer = resolve; }));
    h.a.start();
    h.a.dispose();
    answer({ 'KALSHI-ACCESS-KEY': 'k' } as never);
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.instances).toHaveLength(0);
    expect(h.events).toEqual([]);
  });

  it('disposed while signing: a failing signer is not reported', async () => {
    let fail: (e: Error) => void = () => undefined;
    const h = attempt({}, () => new Promise((_resolve, reject) => { fail = reject; }));
    h.a.start();
    h.a.dispose();
    fail(new Error('no key'));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(h.events).toEqual([]);
  });

  it('kill() on an open socket reports the end once, with the reason given', () => {
    const h = attempt();
    h.a.start();
    (FakeSocket.last as NodeSocket).open();
    h.a.kill('stale');
    h.a.kill('command-timeout');
    expect(h.events).toEqual(['open', 'down stale true undefined undefined']);
    expect(h.a.isOpen).toBe(false);
  });

  it('an oversize event of a disposed socket is dropped', () => {
    const h = attempt();
    h.a.start();
    const s = FakeSocket.last as NodeSocket;
    s.open();
    s.emit('error', { code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' });
    h.a.dispose();
    s.emit('error', { code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' });
    expect(h.events).toEqual(['open', 'oversize']);
  });
});

describe('SocketAttempt on a real ws socket (127.0.0.1)', () => {
  let wss: WebSocketServer | undefined;
  afterEach(() => wss?.close());

  it('frames come from the socket itself, as text; none after dispose', async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    wss.on('connection', (c) => {
      c.send('{"n":1}');
      c.send('{"n":2}');
    });
    await new Promise((r) => wss?.once('listening', r));
    const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    const events: string[] = [];
    const hooks: AttemptHooks = {
      onOpen: () => events.push('open'),
      onFrame: (data) => {
        events.push(`frame ${typeof data} ${String(data)}`);
        a.dispose();
      },
      onDown: () => events.push('down'),
      onSignerError: () => undefined,
      onOversize: () => undefined,
    };
    const a = new SocketAttempt({ staleAfterMs: 0, reconnect: false }, url, undefined, asyncScheduler, hooks);
    a.start();
    for (let i = 0; i < 200 && !events.some((e) => e.startsWith('frame')); i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual(['open', 'frame string {"n":1}']);
  });
});
