/**
 * The server-side subscription of one channel on one connection, shared by every cold
 * subscriber of that channel (Kalshi merges repeat subscribes into one sid per channel):
 * its sid, the markets the server holds for it, and who receives which market.
 *
 * @module
 */
import type { Subscription } from 'rxjs';
import type { ChannelInfo, ChannelName } from '../channels/channel-names.js';
import type { SubscribeParams } from '../protocol/commands.js';
import { SeqTracker } from '../internal/seq-tracker.js';
import type { ChannelEvent } from './channel-event.js';
import type { SubscriptionStatus } from './connection-status.js';

/** Subscribe parameters other than the channel and the markets. */
export type ChannelOptions = Omit<SubscribeParams, 'channels' | 'market_ticker' | 'market_tickers'>;

/**
 * How a subscriber receives its stream: `'data'` bare messages only (`channel()`), `'events'`
 * every {@link ChannelEvent} (`events()`), `'mixed'` bare messages plus the non-data events
 * (books: no wrapper object per message).
 */
export type DeliveryMode = 'data' | 'events' | 'mixed';

/** Where a subscriber's values go: an rxjs Subscriber, or a plain observer (books fold in place). */
export interface Sink {
  next(value: unknown): void;
  error(error: unknown): void;
  complete(): void;
}

/** One cold subscriber. Its `id` is stable across reconnects; its group's sid is not. */
export interface Subscriber_ {
  readonly id: number;
  readonly markets: readonly string[] | undefined;
  readonly mode: DeliveryMode;
  readonly sink: Sink;
  live: boolean;
  closed: boolean;
}

const send = (s: Subscriber_, message: unknown): void => {
  s.sink.next(s.mode === 'events' ? { kind: 'data', message } : message);
};

/** The state of one channel's server subscription. */
export class SubscriptionGroup {
  readonly subs = new Set<Subscriber_>();
  /** Subscribers without a market filter. */
  readonly wholeChannel = new Set<Subscriber_>();
  /** Subscribers per market: routing is one Map lookup per message. */
  readonly byMarket = new Map<string, Set<Subscriber_>>();
  /** The server-assigned sid on the current socket. */
  sid: number | undefined;
  /** Markets the server acknowledged for this sid. */
  readonly serverMarkets = new Set<string>();
  /** Whether the server subscription covers every market. */
  serverWhole = false;
  /** A command of this group is in flight (commands are serialized per sid). */
  busy = false;
  /** Current back-off after error 27 (0 when the last command went through). */
  rateLimitDelayMs = 0;
  /** A sync is scheduled for this turn. */
  syncScheduled = false;
  readonly seq = new SeqTracker();
  /** orderbook_delta markets whose book base is missing or stale until a snapshot arrives. */
  readonly suspect = new Set<string>();
  /** Markets a newly joined subscriber needs a fresh snapshot for. */
  readonly needSnapshot = new Set<string>();
  resyncing = false;
  /** The markets of the resync in flight. */
  resyncMarkets: readonly string[] = [];
  resyncTimer: Subscription | undefined;
  /** Data messages received on this sid (a counter, so the hot path reads no clock). */
  messages = 0;
  /** Count at the last sample, and when a sample last saw it change (or the sid was created). */
  sampledMessages = 0;
  lastDataAt = 0;
  staleReported = false;
  /** When the socket dropped (for the `reconnected` status), or undefined. */
  downSince: number | undefined;
  /** A terminal error code that caused a resubscribe, reported once the new sid is known. */
  resubscribedAfter: number | undefined;

  constructor(
    readonly channel: ChannelName,
    readonly info: ChannelInfo,
    readonly options: ChannelOptions,
    readonly optionsKey: string,
  ) {}

  /** Whether the subscribers want every market of the channel. */
  get wantsWhole(): boolean {
    return this.info.marketFilter === 'none' || this.wholeChannel.size > 0;
  }

  /** The markets the subscribers want. */
  desiredMarkets(): string[] {
    return [...this.byMarket.keys()];
  }

  /** Adds a subscriber to the routing tables. */
  add(sub: Subscriber_): void {
    this.subs.add(sub);
    if (sub.markets === undefined) {
      this.wholeChannel.add(sub);
      return;
    }
    for (const m of sub.markets) {
      let set = this.byMarket.get(m);
      if (set === undefined) this.byMarket.set(m, (set = new Set()));
      set.add(sub);
    }
  }

  /** Removes a subscriber; returns the markets no subscriber wants any more. */
  remove(sub: Subscriber_): string[] {
    this.subs.delete(sub);
    this.wholeChannel.delete(sub);
    const orphaned: string[] = [];
    for (const m of sub.markets ?? []) {
      const set = this.byMarket.get(m);
      if (set === undefined) continue;
      set.delete(sub);
      if (set.size === 0) {
        this.byMarket.delete(m);
        orphaned.push(m);
      }
    }
    return orphaned;
  }

  /** Delivers a data message to the subscribers concerned with `market` (hot path: no allocation for `channel()` subscribers). */
  deliver(market: string | undefined, message: unknown): void {
    if (market === undefined || this.info.marketFilter === 'none') {
      for (const s of this.subs) send(s, message);
      return;
    }
    const set = this.byMarket.get(market);
    if (set !== undefined) for (const s of set) send(s, message);
    for (const s of this.wholeChannel) send(s, message);
  }

  /** Emits a non-data event to the `events()` subscribers concerned with `market` (all when undefined). */
  emit(market: string | undefined, event: ChannelEvent<unknown>): void {
    if (market === undefined || this.info.marketFilter === 'none') {
      for (const s of this.subs) if (s.mode !== 'data') s.sink.next(event);
      return;
    }
    const set = this.byMarket.get(market);
    if (set !== undefined) for (const s of set) if (s.mode !== 'data') s.sink.next(event);
    for (const s of this.wholeChannel) if (s.mode !== 'data') s.sink.next(event);
  }

  /** Emits a status once to each subscriber concerned with any of `markets`. */
  statusFor(markets: readonly string[], status: SubscriptionStatus): void {
    const event: ChannelEvent<unknown> = { kind: 'status', status };
    const targets = new Set<Subscriber_>(this.wholeChannel);
    for (const m of markets) for (const s of this.byMarket.get(m) ?? []) targets.add(s);
    if (this.info.marketFilter === 'none') for (const s of this.subs) targets.add(s);
    for (const s of targets) if (s.mode !== 'data') s.sink.next(event);
  }

  /** Emits a status to every subscriber. */
  status(status: SubscriptionStatus): void {
    const event: ChannelEvent<unknown> = { kind: 'status', status };
    for (const s of this.subs) if (s.mode !== 'data') s.sink.next(event);
  }

  /** Samples the message counter at `now`: when it moved, data arrived since the last sample. */
  sample(now: number): void {
    if (this.messages !== this.sampledMessages) {
      this.sampledMessages = this.messages;
      this.lastDataAt = now;
    }
  }

  /** Forgets everything about the server side (socket gone or subscription killed). */
  resetServerState(): void {
    this.sid = undefined;
    this.serverMarkets.clear();
    this.serverWhole = false;
    this.busy = false;
    this.seq.reset();
    this.needSnapshot.clear();
    this.resyncing = false;
    this.resyncTimer?.unsubscribe();
    this.resyncTimer = undefined;
    this.suspect.clear();
  }
}
