/**
 * The one path every command takes: `request(command)` is a cold Observable that waits for the
 * connection-wide budget, is sent on one socket only (never replayed into another), correlates
 * the reply by `id` (or by sid for an id-less `unsubscribed`), times out, and on error 27 backs
 * off and sends again. It emits the final reply (an error reply included) and completes, or
 * errors with `KalshiTimeoutError`, `KalshiConnectionLostError` or `KalshiConnectionClosedError`.
 *
 * @module
 */
import { Observable, type SchedulerLike, type Subscriber, type Subscription } from 'rxjs';
import type { Reply } from '../protocol/replies.js';
import { CommandBudget, type CommandBudgetOptions } from './command-budget.js';
import { KalshiConnectionClosedError, KalshiConnectionLostError, KalshiTimeoutError } from './connection-errors.js';

const TOO_MANY_REQUESTS = 27;

/** A command without its `id` (the path assigns ids). */
export interface CommandBody {
  readonly cmd: string;
  readonly params?: object;
}

/**
 * Which socket a command belongs to: `'socket'` the one open now (lost with it), `'next-open'`
 * the first open one (user commands made while disconnected wait for it).
 */
export type CommandBinding = 'socket' | 'next-open';

/** How the path reaches the socket and reports what it does. */
export interface CommandPathOptions {
  readonly scheduler: SchedulerLike;
  readonly timeoutMs: number;
  /** The budget's options, or a budget shared with other sockets (a pool's). */
  readonly budget?: CommandBudgetOptions | CommandBudget;
  /** Writes one command to the open socket. */
  readonly send: (command: object) => void;
  /** Called for each error 27 (before the back-off). */
  readonly onRateLimited: () => void;
}

interface Entry {
  readonly body: CommandBody;
  readonly subscriber: Subscriber<Reply>;
  /** The socket generation it is bound to (undefined: the next open one). */
  generation: number | undefined;
  id: number | undefined;
  timer: Subscription | undefined;
  done: boolean;
}

/** The command path of one connection. */
export class CommandPath {
  private nextId = 1;
  private generation = 0;
  private open = false;
  private ended = false;
  private readonly queue: Entry[] = [];
  private readonly byId = new Map<number, Entry>();
  private readonly unsubscribeBySid = new Map<number, number>();
  /** Commands refused with error 27, waiting out the back-off (in neither the queue nor byId). */
  private readonly backingOff = new Set<Entry>();
  private readonly budget: CommandBudget;
  private pumpTimer: Subscription | undefined;
  private backoffMs = 0;

  constructor(private readonly options: CommandPathOptions) {
    this.budget = options.budget instanceof CommandBudget ? options.budget : new CommandBudget(options.budget);
  }

  /** Commands sent and awaiting a reply. */
  get size(): number {
    return this.byId.size;
  }

  /** A cold request: subscribing queues the command, unsubscribing forgets it. */
  request(body: CommandBody, binding: CommandBinding = 'socket'): Observable<Reply> {
    return new Observable<Reply>((subscriber) => {
      if (this.ended) {
        subscriber.error(new KalshiConnectionClosedError('connection is closed'));
        return undefined;
      }
      if (binding === 'socket' && !this.open) {
        subscriber.error(new KalshiConnectionLostError('no open socket for this command'));
        return undefined;
      }
      const entry: Entry = { body, subscriber, generation: binding === 'socket' ? this.generation : undefined, id: undefined, timer: undefined, done: false };
      this.queue.push(entry);
      this.pump();
      return () => this.forget(entry);
    });
  }

  /** A socket opened: commands waiting for one go out. */
  opened(): void {
    this.generation++;
    this.open = true;
    this.pump();
  }

  /** The socket is gone: everything sent or bound to it fails with `error`. */
  down(error: Error): void {
    this.open = false;
    for (const e of [...this.byId.values()]) this.fail(e, error);
    for (const e of [...this.backingOff, ...this.queue.filter((q) => q.generation !== undefined)]) this.fail(e, error);
  }

  /** The connection ended: every command fails with `error`. */
  end(error: Error): void {
    this.ended = true;
    this.open = false;
    this.pumpTimer?.unsubscribe();
    for (const e of [...this.byId.values(), ...this.backingOff, ...this.queue]) this.fail(e, error);
  }

  /** Routes a reply to its command; false when no command claims it. */
  resolve(reply: Reply): boolean {
    let id = 'id' in reply ? reply.id : undefined;
    if ((id === undefined || id === 0) && reply.type === 'unsubscribed') id = this.unsubscribeBySid.get(reply.sid);
    const entry = id === undefined ? undefined : this.byId.get(id);
    if (entry === undefined) return false;
    this.unsent(entry);
    if (reply.type === 'error' && reply.msg.code === TOO_MANY_REQUESTS) {
      this.options.onRateLimited();
      this.backoffMs = Math.min(30_000, this.backoffMs === 0 ? 1000 : this.backoffMs * 2);
      const now = this.options.scheduler.now();
      this.budget.drain(now);
      this.backingOff.add(entry);
      entry.timer = this.options.scheduler.schedule(() => {
        entry.timer = undefined;
        this.backingOff.delete(entry);
        this.queue.unshift(entry);
        this.pump();
      }, this.backoffMs);
      return true;
    }
    this.backoffMs = 0;
    entry.done = true;
    entry.subscriber.next(reply);
    entry.subscriber.complete();
    return true;
  }

  private pump(): void {
    if (!this.open || this.pumpTimer !== undefined) return;
    const scheduler = this.options.scheduler;
    while (this.queue.length > 0 && this.open) {
      const now = scheduler.now();
      if (!this.budget.take(now)) {
        this.pumpTimer = scheduler.schedule(() => {
          this.pumpTimer = undefined;
          this.pump();
        }, this.budget.waitMs(now));
        return;
      }
      // Every entry here is for this socket: down() failed those bound to an older one, and
      // those backing off from error 27, which were sent on it.
      const entry = this.queue.shift() as Entry;
      entry.generation = this.generation;
      this.transmit(entry);
    }
  }

  private transmit(entry: Entry): void {
    const id = this.nextId++;
    entry.id = id;
    this.byId.set(id, entry);
    if (entry.body.cmd === 'unsubscribe') {
      for (const sid of (entry.body.params as { sids?: readonly number[] } | undefined)?.sids ?? []) this.unsubscribeBySid.set(sid, id);
    }
    const timeoutMs = this.options.timeoutMs;
    entry.timer = this.options.scheduler.schedule(() => {
      entry.timer = undefined;
      this.fail(entry, new KalshiTimeoutError(`no reply to command ${id} within ${timeoutMs} ms`));
    }, timeoutMs);
    this.options.send({ id, ...entry.body });
  }

  /** Takes a sent entry off the books (reply, failure or cancel). */
  private unsent(entry: Entry): void {
    entry.timer?.unsubscribe();
    entry.timer = undefined;
    if (entry.id === undefined) return;
    this.byId.delete(entry.id);
    for (const [sid, id] of this.unsubscribeBySid) if (id === entry.id) this.unsubscribeBySid.delete(sid);
    entry.id = undefined;
  }

  private fail(entry: Entry, error: Error): void {
    if (entry.done) return;
    this.forget(entry);
    entry.subscriber.error(error);
  }

  private forget(entry: Entry): void {
    entry.done = true;
    this.unsent(entry);
    this.backingOff.delete(entry);
    const i = this.queue.indexOf(entry);
    if (i >= 0) this.queue.splice(i, 1);
  }
}
