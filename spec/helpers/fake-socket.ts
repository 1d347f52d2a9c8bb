/**
 * A fake browser-style WebSocket for marble tests: no network, fully synchronous, driven by
 * the test. It records every command the client sends and can answer them with a script.
 */

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

let nextSid = 1;

/** A minimal scripted Kalshi: answers subscribe/update/unsubscribe/list like the reference. */
export function kalshiScript(options: { failChannels?: Record<string, { code: number; msg: string }> } = {}) {
  nextSid = 1;
  return (cmd: any): object[] => {
    switch (cmd.cmd) {
      case 'subscribe': {
        const fail = options.failChannels?.[cmd.params.channels[0]];
        if (fail !== undefined) return [{ id: cmd.id, type: 'error', msg: fail }];
        return cmd.params.channels.map((channel: string) => ({ id: cmd.id, type: 'subscribed', msg: { channel, sid: nextSid++ } }));
      }
      case 'unsubscribe':
        return cmd.params.sids.map((sid: number) => ({ id: cmd.id, sid, seq: 1, type: 'unsubscribed' }));
      case 'update_subscription':
        return [{ id: cmd.id, sid: cmd.params.sid, type: 'ok', msg: { market_tickers: cmd.params.market_tickers } }];
      case 'list_subscriptions':
        return [{ id: cmd.id, type: 'ok', msg: [] }];
      default:
        return [{ id: cmd.id, type: 'error', msg: { code: 5, msg: 'Unknown command' } }];
    }
  };
}
