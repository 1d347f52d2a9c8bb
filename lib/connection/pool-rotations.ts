/**
 * When a pool's sockets rotate: on `rotate()` (every socket, one at a time), one socket at a
 * time when it is degraded or too old (`rotation.maxAgeMs`), each rotation queued behind the one
 * under way, each replacement socket taking a command-budget token before it opens.
 *
 * @module
 */
import type { ChannelName } from '../channels/channel-names.js';
import { KalshiUsageError } from '../errors/kalshi-error.js';
import type { RotationReason } from './connection-status.js';
import { KalshiConnectionClosedError } from './connection-errors.js';
import type { PoolCore } from './pool-core.js';
import { Rotation } from './pool-rotation.js';
import type { Slot } from './pool-slot.js';

/** The rotations of one pool, one at a time. */
export class RotationQueue {
  private rotations: Promise<void> = Promise.resolve();

  constructor(private readonly pool: PoolCore) {}

  /** Make-before-break rotation of every socket, one at a time. */
  rotateAll(): Promise<void> {
    return this.serial(async () => {
      for (const s of [...this.pool.slots]) if (this.pool.slots.includes(s)) await this.rotateNow(s, 'requested');
    });
  }

  /** Rotates one socket (queued behind a rotation under way); `quiet`: the channel that went stale, for a degraded rotation. */
  rotateSlot(slot: Slot, why: RotationReason, quiet?: ChannelName): Promise<void> {
    return this.serial(() => this.rotateNow(slot, why, quiet));
  }

  private serial(task: () => Promise<void>): Promise<void> {
    const next = this.rotations.then(task);
    this.rotations = next.catch(() => undefined);
    return next;
  }

  private async rotateNow(old: Slot, why: RotationReason, quiet?: ChannelName): Promise<void> {
    if (this.pool.isClosed) throw new KalshiConnectionClosedError('connection is closed');
    if (!this.pool.slots.includes(old) || old.retired) return;
    await this.socketToken();
    const replacement = this.pool.newSlot();
    replacement.hidden = true;
    for (const c of old.quietChannels) replacement.quietChannels.add(c);
    if (quiet !== undefined) replacement.quietChannels.add(quiet);
    const rotation = new Rotation(this.pool, old, replacement, why);
    replacement.replacing = rotation;
    rotation.start();
    await rotation.done;
  }

  /** Waits for a command-budget token for opening a socket. */
  private socketToken(): Promise<void> {
    return new Promise((resolve, reject) => {
      const attempt = (): void => {
        if (this.pool.isClosed) return reject(new KalshiConnectionClosedError('connection is closed'));
        if (this.pool.budget.take(this.pool.scheduler.now())) return resolve();
        this.pool.scheduler.schedule(attempt, Math.max(1, this.pool.budget.waitMs(this.pool.scheduler.now())));
      };
      attempt();
    });
  }

  /** With `rotation.maxAgeMs`: checks the sockets' ages a few times per period and rotates the old ones. */
  armAgeRotation(): void {
    const maxAge = this.pool.options.rotation?.maxAgeMs;
    if (maxAge === undefined) return;
    if (!Number.isSafeInteger(maxAge) || maxAge < 1) throw new KalshiUsageError(`rotation.maxAgeMs must be a positive integer, got ${String(maxAge)}`);
    const pool = this.pool;
    const queue = this;
    const period = Math.max(1, Math.min(1000, Math.floor(maxAge / 4)));
    this.pool.scheduler.schedule(function tick() {
      if (pool.isClosed) return;
      const now = pool.scheduler.now();
      for (const s of pool.slots) {
        if (s.openedAt !== undefined && now - s.openedAt >= maxAge && s.rotation === undefined && !s.ageRotationQueued) {
          s.ageRotationQueued = true;
          void queue.rotateSlot(s, 'age').catch(() => { s.ageRotationQueued = false; });
        }
      }
      this.schedule(undefined, period);
    }, period);
  }
}
