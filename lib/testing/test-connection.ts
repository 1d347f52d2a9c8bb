/**
 * A real {@link KalshiConnection} over an in-memory Kalshi, for tests of your own code: no
 * socket, deterministic, in virtual time when created inside `TestScheduler.run`. It answers
 * commands with the simulator's own command handler (`SimSession`: `subscribed` with fresh
 * sids, merged `ok` on a repeat subscribe, `ok` and `unsubscribed` consuming a seq, Kalshi's
 * error codes), so a test here sees the frames the simulator sends; it records every
 * command your code caused, and lets the test push messages, feed marble streams per channel,
 * and inject drops, closes and lost messages.
 *
 * @module
 */
import { asyncScheduler, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { ChannelName } from '../channels/channel-names.js';
import type { ConnectOptions } from '../connection/connect-options.js';
import { connect } from '../connection/kalshi-connection.js';
import type { KalshiConnection } from '../connection/kalshi-connection-api.js';
import { ScriptedSocket } from '../internal/scripted-socket.js';
import { isSequencedType, type WireMessage } from './message-builders.js';
import { type MarketSource, SimSession } from '../simulator/sim-session.js';
import { envelope } from '../simulator/wire-frames.js';

/** A command the connection sent, with the (virtual) time it was sent. */
export interface RecordedCommand {
  readonly at: number;
  readonly command: { readonly id: number; readonly cmd: string; readonly params?: Record<string, unknown> };
}

/** The handle a test uses to drive a {@link TestConnection}. */
export interface TestConnection {
  /** The connection under test: the same type and code as `connect()` returns. */
  readonly connection: KalshiConnection;
  /** Every command sent so far. */
  sent(): readonly RecordedCommand[];
  /** Every command sent so far without its `id`, for literal comparison. */
  commands(): readonly object[];
  /** How many commands were sent (also counted when `keepCommands` is false). */
  commandCount(): number;
  /** The sid the in-memory server gave `channel` on the current socket, if subscribed. */
  sidOf(channel: ChannelName): number | undefined;
  /**
   * Delivers a message now on `channel`'s current sid. Sequenced messages without `seq` get the
   * sid's next one. Returns false when the channel has no subscription (nothing delivered).
   */
  push(channel: ChannelName, message: WireMessage): boolean;
  /** Delivers every value of `source` (e.g. a `cold()` marble) as it is emitted. */
  feed(channel: ChannelName, source: Observable<WireMessage>): Subscription;
  /** Delivers a raw text frame now (malformed input, unknown types). */
  pushRaw(frame: string): void;
  /** Consumes the next sequenced seq of `channel` without delivering it (a lost message). */
  lose(channel: ChannelName): void;
  /** Opens the current socket (with `manualOpen`). */
  open(): void;
  /** Drops the socket abruptly; the connection reconnects (in virtual time). */
  drop(): void;
  /** Closes the socket cleanly from the server side. */
  closeClean(): void;
  /** Makes the in-memory server answer a command with an error instead. */
  failNext(cmd: 'subscribe' | 'update_subscription' | 'unsubscribe', code: number, msg: string): void;
}

/** Options of {@link createTestConnection}. */
export interface TestConnectionOptions extends Omit<ConnectOptions, 'url' | 'WebSocketCtor' | 'scheduler'> {
  /** Do not open the socket by itself: call `open()` on the handle. Default false. */
  readonly manualOpen?: boolean;
  /** Keep every command for `sent()` / `commands()` (default true; false for long soak or leak runs). */
  readonly keepCommands?: boolean;
}

/** The in-memory Kalshi's markets: any ticker is a market; snapshots and tickers come only from the test. */
const anyMarket: MarketSource = {
  has: () => true,
  tickerOfId: (id) => id,
  tickers: () => [],
  snapshotBody: () => undefined,
  tickerBody: () => undefined,
};

/**
 * Creates a test connection. Pass the `TestScheduler` for virtual time (every timer of the
 * library runs on it).
 *
 * @example
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const t = createTestConnection(testScheduler);
 *   t.feed('ticker', cold('--a', { a: ticker({ market: 'M' }) }));
 *   expectObservable(t.connection.channel('ticker')).toBe('--a', { a: decoded(ticker({ market: 'M' })) });
 * });
 */
export function createTestConnection(scheduler: SchedulerLike = asyncScheduler, options: TestConnectionOptions = {}): TestConnection {
  const sent: RecordedCommand[] = [];
  const failures: { cmd: string; code: number; msg: string }[] = [];
  let socket: InMemorySocket | undefined;
  let session = new SimSession({ authenticated: true, markets: anyMarket });
  let commandCount = 0;

  const deliver = (frame: object | string): void => {
    socket?.receive(typeof frame === 'string' ? frame : JSON.stringify(frame));
  };

  // The same command handler as the simulator's: a test here sees the frames the simulator sends.
  const answer = (text: string, command: RecordedCommand['command']): void => {
    const failure = failures.findIndex((f) => f.cmd === command.cmd);
    if (failure >= 0) {
      const [f] = failures.splice(failure, 1);
      deliver({ id: command.id, type: 'error', msg: { code: f?.code, msg: f?.msg } });
      return;
    }
    for (const out of session.handle(text)) {
      deliver(out.kind === 'reply' ? out.frame : envelope(out.type, out.sub.sid, out.seq, out.body));
    }
  };

  class InMemorySocket extends ScriptedSocket {
    constructor() {
      super();
      socket = this;
      session = new SimSession({ authenticated: true, markets: anyMarket });
      if (options.manualOpen !== true) this.openOn(scheduler);
    }

    send(text: string): void {
      const command = JSON.parse(text) as RecordedCommand['command'];
      commandCount++;
      if (options.keepCommands !== false) sent.push({ at: scheduler.now(), command });
      answer(text, command);
    }
  }

  const { manualOpen: _m, keepCommands: _k, ...connectOptions } = options;
  const connection = connect({
    staleAfterMs: 0, ...connectOptions, url: 'ws://in-memory/trade-api/ws/v2', WebSocketCtor: InMemorySocket as never, scheduler,
  });

  const push = (channel: ChannelName, message: WireMessage): boolean => {
    const s = session.byChannel.get(channel);
    if (s === undefined) return false;
    const seq = message.seq ?? (isSequencedType(message.type) ? ++s.seq : undefined);
    if (message.seq !== undefined) s.seq = message.seq;
    deliver({ ...message, sid: s.sid, ...(seq === undefined ? {} : { seq }) });
    return true;
  };

  return {
    connection,
    sent: () => [...sent],
    commands: () => sent.map(({ command }) => {
      const { id: _id, ...rest } = command;
      return rest;
    }),
    commandCount: () => commandCount,
    sidOf: (channel) => session.byChannel.get(channel)?.sid,
    push,
    feed: (channel, source) => source.subscribe((m) => { push(channel, m); }),
    pushRaw: (frame) => deliver(frame),
    lose: (channel) => { const s = session.byChannel.get(channel); if (s !== undefined) s.seq++; },
    open: () => socket?.open(),
    drop: () => socket?.serverClose(false),
    closeClean: () => socket?.serverClose(true),
    failNext: (cmd, code, msg) => { failures.push({ cmd, code, msg }); },
  };
}
