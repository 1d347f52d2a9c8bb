/**
 * Inbound frames of a connection: decoded once, data routed by sid through one Map lookup to the
 * sid's feed, replies to the command path, the rest to diagnostics.
 *
 * @module
 */
import type { Subject } from 'rxjs';
import { KalshiDecodeError } from '../protocol/decode-error.js';
import { decodeFrame, frameText } from '../protocol/decode-frame.js';
import type { Reply } from '../protocol/replies.js';
import type { Diagnostic } from './channel-event.js';
import type { CommandPath } from './command-path.js';
import type { ServerSubscription } from './server-subscription.js';
import type { SidFeed } from './sid-feed.js';

/** Counters the router keeps. */
export interface RouterCounters {
  messages: number;
  decodeFailures: number;
}

/** Routes one connection's frames. */
export class FrameRouter {
  /** Live sids of the current socket. */
  private readonly subs = new Map<number, ServerSubscription>();
  private readonly feeds = new Map<number, SidFeed>();

  constructor(
    private readonly commands: CommandPath,
    private readonly diagnostics: Subject<Diagnostic>,
    private readonly counters: RouterCounters,
    private readonly onRawFrame: ((frame: string) => void) | undefined,
    private readonly maxFrameBytes: number,
  ) {}

  /** Number of routed sids. */
  get size(): number {
    return this.subs.size;
  }

  /** The routed sids and their subscriptions. */
  entries(): IterableIterator<[number, ServerSubscription]> {
    return this.subs.entries();
  }

  /** Routes `sid` to `sub`, or stops routing it. */
  route(sid: number, sub: ServerSubscription | undefined): void {
    if (sub === undefined) {
      this.subs.delete(sid);
      this.feeds.delete(sid);
    } else {
      this.subs.set(sid, sub);
      this.feeds.set(sid, sub.feed);
    }
  }

  /** Forgets every sid (the socket is gone). */
  clear(): void {
    this.subs.clear();
    this.feeds.clear();
  }

  /** One frame as the socket delivered it. */
  onFrame(raw: unknown): void {
    // A binary frame of JSON is read like a text frame (Kalshi accepts both; be ready to receive both).
    const data = frameText(raw);
    if (data === undefined) {
      this.counters.decodeFailures++;
      this.diagnostics.next({ kind: 'decode-error', error: new KalshiDecodeError('parse', [{ path: '', message: 'a binary frame that is not UTF-8 text' }], '') });
      return;
    }
    // Node's socket enforces the limit itself (maxPayload); this covers the others.
    if (data.length > this.maxFrameBytes) {
      this.counters.decodeFailures++;
      this.diagnostics.next({ kind: 'frame-too-large', limitBytes: this.maxFrameBytes });
      return;
    }
    this.onRawFrame?.(data);
    const frame = decodeFrame(data);
    switch (frame.kind) {
      case 'data': {
        this.counters.messages++;
        const feed = this.feeds.get(frame.message.sid);
        if (feed === undefined) this.diagnostics.next({ kind: 'unroutable', type: frame.message.type, sid: frame.message.sid });
        else feed.onData(frame.message);
        return;
      }
      case 'reply':
        this.onReply(frame.reply);
        return;
      case 'unknown': {
        const message = frame.message;
        this.diagnostics.next({ kind: 'unknown-message', type: message.type, sid: message.sid });
        if (message.sid !== undefined) this.feeds.get(message.sid)?.onUnknown(message);
        return;
      }
      case 'invalid':
        this.counters.decodeFailures++;
        if (frame.error.sid !== undefined) this.feeds.get(frame.error.sid)?.onInvalid(frame.error);
        this.diagnostics.next({ kind: 'decode-error', error: frame.error });
        return;
    }
  }

  private onReply(reply: Reply): void {
    if ((reply.type === 'ok' || reply.type === 'error') && reply.sid !== undefined && reply.seq !== undefined) this.feeds.get(reply.sid)?.noteReplySeq(reply.sid, reply.seq);
    if (this.commands.resolve(reply)) return;
    if (reply.type === 'error') {
      // An error that answers no command: a terminal error on a live subscription, or noise.
      this.diagnostics.next({ kind: 'server-error', code: reply.msg.code, message: reply.msg.msg, sid: reply.sid });
      if (reply.sid !== undefined) {
        this.feeds.get(reply.sid)?.onServerError(reply.msg.code, reply.msg.msg, reply.msg.market_ticker);
        this.subs.get(reply.sid)?.onServerError(reply);
      }
      return;
    }
    this.diagnostics.next({ kind: 'unroutable', type: reply.type, sid: 'sid' in reply ? reply.sid : undefined });
  }
}
