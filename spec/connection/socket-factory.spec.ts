// The socket constructor an attempt uses: on Node `ws` every message goes to `onMessage` straight
// from the socket's `message` event (text as a string, binary as ws delivers it), exactly once,
// and `onmessage` (the MessageEvent path rxjs would use) stays unset; without `onMessage` the
// socket is a plain ws socket.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { socketCtorFor, type SocketHooks } from '../../lib/connection/socket-factory.js';

const servers: WebSocketServer[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A server that sends a text frame, a binary frame and another text frame to each client. */
async function server(): Promise<string> {
  const wss = new WebSocketServer({ port: 0 });
  servers.push(wss);
  wss.on('connection', (c) => {
    c.send('{"a":1}');
    c.send(Buffer.from('{"b":2}'), { binary: true });
    c.send('{"c":3}');
  });
  await new Promise((r) => wss.once('listening', r));
  return `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
}

const hooks = (onMessage?: (data: unknown) => void): SocketHooks => ({
  headers: undefined, onActivity: () => undefined, onSocket: () => undefined, onRefused: () => undefined, onOversize: () => undefined, maxPayload: 1 << 20,
  ...(onMessage === undefined ? {} : { onMessage }),
});

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('socketCtorFor', () => {
  it('with onMessage: every frame once, text as a string, binary as ws gives it; onmessage never fires', async () => {
    const url = await server();
    const got: unknown[] = [];
    const viaEvent: unknown[] = [];
    const Ctor = socketCtorFor(undefined, hooks((d) => got.push(d)));
    const socket = new Ctor(url);
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (e: MessageEvent) => viaEvent.push(e.data);
    expect(socket.onmessage).toBeNull();
    await new Promise<void>((resolve) => {
      const wait = (): void => void (got.length >= 3 ? resolve() : setTimeout(wait, 5));
      wait();
    });
    await settle(50);
    socket.close();
    expect(got).toHaveLength(3);
    expect(got[0]).toBe('{"a":1}');
    expect(got[1]).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(got[1] as ArrayBuffer).toString()).toBe('{"b":2}');
    expect(got[2]).toBe('{"c":3}');
    expect(viaEvent).toEqual([]);
  });

  it('without onMessage: frames arrive through onmessage as before', async () => {
    const url = await server();
    const viaEvent: unknown[] = [];
    const Ctor = socketCtorFor(undefined, hooks());
    const socket = new Ctor(url);
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (e: MessageEvent) => viaEvent.push(e.data);
    await new Promise<void>((resolve) => {
      const wait = (): void => void (viaEvent.length >= 3 ? resolve() : setTimeout(wait, 5));
      wait();
    });
    socket.close();
    expect(viaEvent[0]).toBe('{"a":1}');
    expect(viaEvent[1]).toBeInstanceOf(ArrayBuffer);
    expect(viaEvent[2]).toBe('{"c":3}');
  });
});
