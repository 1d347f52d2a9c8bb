/**
 * Builds the WebSocket constructor one connection attempt uses: isomorphic-ws (or an
 * override) with the signed handshake headers and a hook that sees Ping frames.
 *
 * @module
 */
import WebSocketImpl from 'isomorphic-ws';
import type { WebSocketCtor } from './connect-options.js';

/** Hooks into the raw socket of one attempt. */
export interface SocketHooks {
  readonly headers: Record<string, string> | undefined;
  /** Called for every frame the socket sees, including Ping control frames (Node `ws`). */
  readonly onActivity: () => void;
  /** Receives the raw socket as soon as it exists, so it can be terminated. */
  readonly onSocket: (socket: WebSocket) => void;
  /** Receives the HTTP status of a refused handshake (Node `ws`). */
  readonly onRefused: (status: number) => void;
  /** Called when the socket refuses a frame over `maxPayload` (Node `ws`, which then closes with 1009). */
  readonly onOversize: () => void;
  /** Largest inbound frame in bytes (Node `ws` enforces it; browsers ignore the option). */
  readonly maxPayload: number;
  /**
   * Receives every message of a Node `ws` socket straight from its `message` event (text as a
   * string, binary as `ws` delivers it for the socket's `binaryType`), instead of through
   * `onmessage` (a `MessageEvent` per frame, and the rxjs subject behind it); the socket's
   * `onmessage` then stays unset. Browser sockets (no `on`) keep `onmessage`.
   */
  readonly onMessage?: (data: unknown) => void;
}

interface NodeLikeSocket {
  on?: (event: string, listener: (...args: never[]) => void) => void;
}

/** Wraps `base` (default isomorphic-ws) so it opens with `hooks.headers` and reports activity. */
export function socketCtorFor(base: WebSocketCtor | undefined, hooks: SocketHooks): WebSocketCtor {
  const Base = (base ?? (WebSocketImpl as unknown as WebSocketCtor));
  const Wrapped = class extends Base {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { ...(hooks.headers === undefined ? {} : { headers: hooks.headers }), maxPayload: hooks.maxPayload } as { headers?: Record<string, string> });
      hooks.onSocket(this);
      const node = this as unknown as NodeLikeSocket;
      if (typeof node.on === 'function') {
        const onMessage = hooks.onMessage;
        if (onMessage !== undefined && this instanceof (WebSocketImpl as unknown as typeof Base)) {
          // What ws's own `onmessage` wrapper does (`toString()` of a text frame), minus the event.
          node.on('message', ((data: { toString(): string }, isBinary: boolean) => onMessage(isBinary ? data : data.toString())) as never);
          Object.defineProperty(this, 'onmessage', { configurable: true, get: () => null, set: () => undefined });
        }
        node.on('ping', () => hooks.onActivity());
        node.on('error', ((e: { code?: string }) => {
          if (e?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') hooks.onOversize();
        }) as never);
        node.on('unexpected-response', ((_req: unknown, res: { statusCode?: number; resume?: () => void }) => {
          if (typeof res.statusCode === 'number') hooks.onRefused(res.statusCode);
          // Without this listener ws would report the status; we read it and let ws abort.
          (this as unknown as { terminate?: () => void }).terminate?.();
        }) as never);
      }
    }
  };
  return Wrapped as unknown as WebSocketCtor;
}
