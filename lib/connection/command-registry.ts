/**
 * Correlates command replies with their commands by `id` (and, for `unsubscribed` replies
 * that carry no id, by `sid`), with a per-command timeout on the connection's scheduler.
 *
 * @module
 */
import type { SchedulerLike, Subscription } from 'rxjs';
import type { Reply } from '../protocol/replies.js';

/** Callbacks of one pending command. */
export interface PendingCommand {
  /** Called with each reply; return `true` when the command is complete. */
  readonly onReply: (reply: Reply) => boolean;
  readonly onFail: (error: Error) => void;
  /** The socket generation the command was sent on. */
  readonly epoch: number;
  timer?: Subscription;
}

/** Pending commands of a connection. */
export class CommandRegistry {
  private nextId = 1;
  private readonly byId = new Map<number, PendingCommand>();
  private readonly unsubscribeBySid = new Map<number, number>();

  constructor(private readonly scheduler: SchedulerLike, private readonly timeoutMs: number, private readonly onTimeout: (id: number) => Error) {}

  /** Registers a command and returns its fresh id. */
  register(pending: PendingCommand, unsubscribeSids?: readonly number[]): number {
    const id = this.nextId++;
    this.byId.set(id, pending);
    if (unsubscribeSids !== undefined) for (const sid of unsubscribeSids) this.unsubscribeBySid.set(sid, id);
    pending.timer = this.scheduler.schedule(() => {
      if (this.byId.get(id) !== pending) return;
      this.forget(id);
      pending.onFail(this.onTimeout(id));
    }, this.timeoutMs);
    return id;
  }

  /** Routes a reply to its command. Returns `false` when no command claims it. */
  resolve(reply: Reply): boolean {
    let id = 'id' in reply ? reply.id : undefined;
    if ((id === undefined || id === 0) && reply.type === 'unsubscribed') id = this.unsubscribeBySid.get(reply.sid);
    if (id === undefined) return false;
    const pending = this.byId.get(id);
    if (pending === undefined) return false;
    if (reply.type === 'unsubscribed') this.unsubscribeBySid.delete(reply.sid);
    if (pending.onReply(reply)) this.forget(id);
    return true;
  }

  /** Fails every command sent on `epoch` or earlier (the socket is gone). */
  failAll(error: Error): void {
    const all = [...this.byId.values()];
    this.byId.clear();
    this.unsubscribeBySid.clear();
    for (const p of all) {
      p.timer?.unsubscribe();
      p.onFail(error);
    }
  }

  private forget(id: number): void {
    const pending = this.byId.get(id);
    pending?.timer?.unsubscribe();
    this.byId.delete(id);
  }

  /** Number of commands awaiting a reply. */
  get size(): number {
    return this.byId.size;
  }
}
