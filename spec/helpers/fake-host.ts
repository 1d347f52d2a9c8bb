/** A fake {@link SubscriptionHost} for the phase spec: a manual clock, recorded requests the test answers, no socket. */
import { Observable, type SchedulerAction, type SchedulerLike, Subscription, type Subscriber } from 'rxjs';
import type { ChannelName } from '../../lib/channels/channel-names.js';
import { CHANNELS } from '../../lib/channels/channel-names.js';
import type { CommandBody } from '../../lib/connection/command-path.js';
import type { Diagnostic } from '../../lib/connection/channel-event.js';
import type { SubscriptionStatus } from '../../lib/connection/connection-status.js';
import { ServerSubscription, type SubscriptionHost } from '../../lib/connection/server-subscription.js';
import type { Member, SinkPort } from '../../lib/connection/sink-port.js';
import type { DataMessage } from '../../lib/protocol/data-message.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';
import type { Reply } from '../../lib/protocol/replies.js';
import { snapshotFrame } from './messages.js';

/** A scheduler whose clock moves only when the test says so. */
export class ManualScheduler implements SchedulerLike {
  private t = 0;
  private tasks: { at: number; run: () => void; sub: Subscription }[] = [];

  now(): number {
    return this.t;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const sub = new Subscription();
    const task = { at: this.t + delay, run: () => work.call(undefined as never, state), sub };
    this.tasks.push(task);
    sub.add(() => { this.tasks = this.tasks.filter((x) => x !== task); });
    return sub;
  }

  /** Moves the clock by `ms`, running what falls due, in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (let guard = 0; guard < 10_000; guard++) {
      const next = [...this.tasks].sort((a, b) => a.at - b.at)[0];
      if (next === undefined || next.at > end) break;
      this.tasks = this.tasks.filter((x) => x !== next);
      this.t = Math.max(this.t, next.at);
      next.run();
    }
    this.t = end;
  }
}

/** One request the subscription made. */
export interface FakeRequest {
  readonly body: CommandBody & { params?: Record<string, unknown> };
  readonly subscriber: Subscriber<Reply>;
  cancelled: boolean;
}

/** A recording member port. */
export interface RecordingPort extends SinkPort {
  readonly data: (m: unknown) => void;
  readonly statuses: SubscriptionStatus[];
  readonly messages: unknown[];
  ended: { error: unknown } | undefined;
}

export function recordingPort(): RecordingPort {
  const port: RecordingPort = {
    statuses: [], messages: [], ended: undefined,
    data: (m) => { port.messages.push(m); },
    status: (s) => { port.statuses.push(s); },
    problem: () => undefined,
    end: (error) => { port.ended = { error }; },
  };
  return port;
}

/** A fake host and helpers around one subscription. */
export function fakeHost(channel: ChannelName = 'orderbook_delta', resyncTimeoutMs = 1000) {
  const scheduler = new ManualScheduler();
  const requests: FakeRequest[] = [];
  const routes = new Map<number, ServerSubscription>();
  const soon = new Set<ServerSubscription>();
  const diagnostics: Diagnostic[] = [];
  const counts: Record<string, number> = {};
  let replaced = 0;
  let released = 0;
  const host: SubscriptionHost = {
    scheduler, resyncTimeoutMs,
    request: (body) => new Observable<Reply>((subscriber) => {
      const r: FakeRequest = { body: body as FakeRequest['body'], subscriber, cancelled: false };
      requests.push(r);
      return () => { r.cancelled = true; };
    }),
    route: (sid, sub) => { if (sub === undefined) routes.delete(sid); else routes.set(sid, sub); },
    replaceSocket: () => { replaced++; },
    soon: (sub) => { soon.add(sub); },
    released: () => { released++; },
    count: (m) => { counts[m] = (counts[m] ?? 0) + 1; },
    diagnostic: (d) => { diagnostics.push(d); },
  };
  const sub = new ServerSubscription(channel, CHANNELS[channel], {}, '[]', host);
  let nextId = 1;
  const member = (markets: readonly string[] | undefined): Member & { port: RecordingPort } => ({ id: nextId++, markets, port: recordingPort(), live: false });
  /** Runs the reconciles asked for with `soon` (a scheduler turn). */
  const turn = (): void => {
    for (const s of [...soon]) {
      soon.delete(s);
      s.reconcile();
    }
  };
  const last = (): FakeRequest => {
    const r = requests.at(-1);
    if (r === undefined) throw new Error('no request');
    return r;
  };
  const answer = (reply: object, r: FakeRequest = last()): void => {
    r.subscriber.next(reply as Reply);
    r.subscriber.complete();
  };
  const commands = (): string[] => requests.map((r) => (r.body.params?.['action'] as string | undefined) ?? r.body.cmd);
  return {
    scheduler, host, sub, requests, routes, diagnostics, counts, member, turn, last, answer, commands,
    get replaced() { return replaced; },
    get released() { return released; },
  };
}

/** The data message of a frame (the test's own frames are always data). */
export const dataOf = (frame: object): DataMessage => {
  const f = decodeFrame(JSON.stringify(frame));
  if (f.kind !== 'data') throw new Error(`not data: ${f.kind}`);
  return f.message;
};
/** A `subscribed` reply to command `id`. */
export const subscribed = (id: number, sid: number, channel = 'orderbook_delta') => ({ id, type: 'subscribed', msg: { channel, sid } });
/** An `ok` reply on `sid`. */
export const ok = (sid: number) => ({ type: 'ok', sid });
/** An `error` reply with `code`, naming `market` when given. */
export const error = (code: number, market?: string) => ({ type: 'error', msg: { code, msg: 'x', ...(market === undefined ? {} : { market_ticker: market }) } });

/** A subscription that is live on sid 1 with one member per market, snapshots delivered. */
export function liveWith(markets: string[]) {
  const h = fakeHost();
  h.sub.socketOpen();
  const members = markets.map((m) => h.member([m]));
  for (const m of members) h.sub.join(m);
  h.turn();
  h.answer(subscribed(1, 1));
  let seq = 1;
  for (const m of markets) h.sub.feed.onData(dataOf(snapshotFrame(1, seq++, m)));
  return Object.assign(h, { members, seq: () => seq++ });
}
