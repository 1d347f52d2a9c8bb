/**
 * The port between a {@link ServerSubscription} and its connection: commands, routing, timers
 * and counters. The phase spec drives a subscription through a fake of it, with no socket.
 *
 * @module
 */
import type { Observable, SchedulerLike } from 'rxjs';
import type { SubscribeParams } from '../protocol/commands.js';
import type { Reply } from '../protocol/replies.js';
import type { Diagnostic } from './channel-event.js';
import type { CommandBody } from './command-path.js';
import type { ServerSubscription } from './server-subscription.js';
import type { CoreMetric } from './sid-feed.js';

export type { CoreMetric };

/** Subscribe parameters other than the channel and the markets. */
export type ChannelOptions = Omit<SubscribeParams, 'channels' | 'market_ticker' | 'market_tickers'>;

/** What a server subscription needs from its connection (a fake in the phase spec). */
export interface SubscriptionHost {
  readonly scheduler: SchedulerLike;
  /** How long a snapshot may take after its command was acknowledged. */
  readonly resyncTimeoutMs: number;
  /** Sends a command on the open socket (the connection's one command path). */
  request(body: CommandBody): Observable<Reply>;
  /** Routes `sid` to `sub` (or stops routing it). */
  route(sid: number, sub: ServerSubscription | undefined): void;
  /** A command got no reply: the socket is unhealthy. */
  replaceSocket(): void;
  /** Calls `reconcile()` of `sub` once later in this turn (joins and leaves of a turn share a command). */
  soon(sub: ServerSubscription): void;
  /** `sub` is idle without members: forget it. */
  released(sub: ServerSubscription): void;
  count(metric: CoreMetric): void;
  diagnostic(d: Diagnostic): void;
  /** Error 26 (market limit) refused `batch` markets while the server held `held` (a pool learns the limit from it). */
  marketLimit?(channel: ServerSubscription['channel'], held: number, batch: number): void;
}
