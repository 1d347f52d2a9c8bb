/**
 * Make-before-break rotation of one pool socket: a replacement socket subscribes to everything
 * the old one carries, its parts (*shadows*) buffer until every one is live and every book on it
 * has a fresh snapshot, then, in one turn, each consumer is switched: the old part leaves, the
 * shadow's buffer is delivered (books from their fresh snapshot; other channels without the
 * messages the old socket already delivered during the overlap), and the old socket closes.
 * Consumers see no status of the replacement, no gap and no duplicate; the pool reports
 * `rotated` once.
 *
 * @module
 */
import type { Subscription } from 'rxjs';
import { type GatedStream, HandoverGate } from './handover-gate.js';
import type { RotationReason } from './connection-status.js';
import type { PoolMember, PoolPart } from './pool-member.js';
import type { PoolCore, Slot } from './pool-core.js';

/** How long after a handover a message the old socket delivered is still dropped when the replacement sends it late. */
const LATE_WINDOW_MS = 5_000;
/** Longest wait for the handover gate (see handover-gate.ts) before handing over anyway. */
const GATE_MS = 2_000;

/** The pairing of old parts with their shadows while a rotation is under way. */
export class Rotation {
  /** Old part → its shadow on the replacement. */
  private readonly shadows = new Map<PoolPart<Slot>, Shadow>();
  private waiting = 0;
  private settled = false;
  private timer: Subscription | undefined;
  /** The wait before the handover of streams (not books). */
  private readonly gate: HandoverGate;
  private resolve!: () => void;
  private reject!: (error: Error) => void;
  readonly done: Promise<void>;
  private readonly started: number;

  constructor(
    private readonly pool: PoolCore,
    readonly old: Slot,
    readonly replacement: Slot,
    private readonly why: RotationReason,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.started = pool.scheduler.now();
    this.gate = new HandoverGate(pool.scheduler, Math.min(GATE_MS, pool.limits.handoverTimeoutMs / 2), () => this.check());
  }

  /** Shadows every part of the old socket, opens the replacement and arms the timeout. */
  start(): void {
    this.old.rotation = this;
    for (const part of [...this.old.parts]) if (part.member.parts.has(part)) this.shadow(part);
    this.pool.startCore(this.replacement);
    this.timer = this.pool.scheduler.schedule(() => this.abort(new Error(`rotation of socket ${this.old.index}: the replacement did not catch up within ${this.pool.limits.handoverTimeoutMs} ms`)), this.pool.limits.handoverTimeoutMs);
    this.check();
  }

  /** A part joined the old socket during the rotation: it gets a shadow too. */
  shadow(part: PoolPart<Slot>): void {
    if (this.settled || this.shadows.has(part)) return;
    const request = part.request;
    const shadow = new Shadow(this, part.member.part(this.replacement, request.markets), request.info.recovery === 'snapshot' ? new Set(request.markets ?? []) : undefined);
    this.shadows.set(part, shadow);
    this.waiting++;
    this.replacement.load.add(request.channel, request.optionsKey, request.markets);
    shadow.part.buffer = [];
    if (shadow.seen !== undefined) part.tap = (m) => shadow.deliveredByOld(m);
    this.replacement.parts.add(shadow.part);
    this.pool.attachNow(shadow.part);
  }

  /** A part left the old socket (consumer gone, or moved): its shadow goes too. */
  forget(part: PoolPart<Slot>): void {
    const shadow = this.shadows.get(part);
    if (shadow === undefined) return;
    this.shadows.delete(part);
    part.tap = undefined;
    if (!shadow.ready) this.waiting--;
    this.pool.detach(shadow.part);
    this.check();
  }

  /** Runs `task` once the replacement had time to catch up with what the old socket delivered. */
  later(task: () => void): void {
    this.pool.scheduler.schedule(task, Math.min(LATE_WINDOW_MS, this.pool.limits.handoverTimeoutMs));
  }

  /** A shadow became ready. */
  readied(): void {
    this.waiting--;
    this.check();
  }

  /** A shadow ended before the handover: the rotation is abandoned. */
  shadowEnded(error: unknown): void {
    this.abort(error instanceof Error ? error : new Error(`rotation of socket ${this.old.index}: a replacement subscription ended`));
  }

  /**
   * Hands over once every shadow is ready, the replacement socket is open, and the shadows of
   * streams other than books pass the {@link HandoverGate}: the old socket then holds nothing
   * the exchange sent before the replacement subscribed.
   */
  check(): void {
    if (this.settled || this.waiting > 0 || this.replacement.core === undefined || this.replacement.openedAt === undefined) return;
    const core = this.old.core;
    const streams = [...this.shadows.values()].filter((sh) => sh.seen !== undefined);
    if (streams.length === 0 || core === undefined || core.isClosed || this.gate.ready(streams, () => core.listSubscriptions())) this.handover();
  }

  /** A shadow saw a message on both sockets: look again, outside the delivery under way. */
  overlapped(): void {
    this.pool.scheduler.schedule(() => this.check());
  }

  /** The scheduler's time. */
  now(): number {
    return this.pool.scheduler.now();
  }

  /** Switches every consumer to its shadow in one turn, then closes the old socket. */
  private handover(): void {
    if (this.settled) return;
    this.settled = true;
    this.timer?.unsubscribe();
    this.gate.cancel();
    // Detached old parts must not take their shadows with them (see `forget`).
    this.old.rotation = undefined;
    for (const [old, shadow] of this.shadows) {
      old.tap = undefined;
      const member: PoolMember<Slot> = old.member;
      if (member.done || !member.parts.has(old)) {
        this.pool.detach(shadow.part);
        continue;
      }
      member.parts.delete(old);
      this.pool.detach(old);
      member.parts.add(shadow.part);
      shadow.part.live = true;
      shadow.flush();
    }
    this.shadows.clear();
    this.pool.swap(this.old, this.replacement);
    this.pool.report({ state: 'rotated', ...this.pool.socketTag(this.old), by: this.replacement.index, durationMs: this.pool.scheduler.now() - this.started, why: this.why });
    this.resolve();
  }

  /** The pool is closing, or the replacement socket ended: the replacement closes unseen and `rotate()` rejects with `error`. */
  cancel(error: Error): void {
    this.abort(error);
  }

  private abort(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.timer?.unsubscribe();
    this.gate.cancel();
    for (const [old, shadow] of this.shadows) {
      old.tap = undefined;
      this.pool.detach(shadow.part);
    }
    this.shadows.clear();
    this.old.rotation = undefined;
    this.pool.discard(this.replacement);
    // An old socket emptied while the rotation ran (and so not closed) closes when it stays idle.
    this.pool.closeWhenIdle(this.old);
    this.reject(error);
  }
}

/** One shadow part and what it waits for. */
class Shadow implements GatedStream {
  private live = false;
  /** Keys of messages the old part delivered since the shadow started, with their counts. */
  private readonly delivered = new Map<string, number>();
  /** Keys of the data messages buffered (content-deduplicated channels). */
  private readonly bufferedKeys = new Set<string>();
  ready = false;
  overlap = false;
  lastFromOld = Number.NEGATIVE_INFINITY;

  /**
   * @param pendingSnapshots markets still without a fresh snapshot (snapshot channels), or
   *   undefined for channels whose overlap is de-duplicated by message content
   */
  constructor(
    private readonly rotation: Rotation,
    readonly part: PoolPart<Slot>,
    private readonly pendingSnapshots: Set<string> | undefined,
  ) {
    part.onBuffered = (event) => this.heard(event);
  }

  /** For content-deduplicated channels: the old part's deliveries are recorded. */
  get seen(): Map<string, number> | undefined {
    return this.pendingSnapshots === undefined ? this.delivered : undefined;
  }

  deliveredByOld(message: unknown): void {
    const key = messageKey(message);
    this.delivered.set(key, (this.delivered.get(key) ?? 0) + 1);
    this.lastFromOld = this.rotation.now();
    if (this.bufferedKeys.has(key)) this.overlapped();
  }

  /** A message came from both sockets: the old one has read past the replacement's start. */
  private overlapped(): void {
    if (this.overlap) return;
    this.overlap = true;
    this.rotation.overlapped();
  }

  private heard(event: BufferedKinds): void {
    if (event.kind === 'end') return this.rotation.shadowEnded(event.error);
    if (event.kind === 'status' && event.status.state === 'live') this.live = true;
    if (event.kind === 'data' && this.pendingSnapshots === undefined) {
      const key = messageKey(event.message);
      this.bufferedKeys.add(key);
      if (this.delivered.has(key)) this.overlapped();
    } else if (event.kind === 'data' && this.pendingSnapshots !== undefined) {
      const m = event.message as { type?: string; msg?: { market_ticker?: string } };
      if (m.type === 'orderbook_snapshot' && m.msg?.market_ticker !== undefined) this.pendingSnapshots.delete(m.msg.market_ticker);
    }
    if (!this.ready && this.live && (this.pendingSnapshots === undefined || this.pendingSnapshots.size === 0)) {
      this.ready = true;
      this.rotation.readied();
    }
  }

  /** Delivers the buffer to the consumer: data and problems in order, statuses of the replacement dropped, the overlap de-duplicated. */
  flush(): void {
    const events = this.part.buffer ?? [];
    this.part.buffer = undefined;
    this.part.onBuffered = undefined;
    const port = this.part.member.port;
    for (const e of events) {
      if (e.kind === 'problem') port.problem(e.problem);
      if (e.kind !== 'data') continue;
      if (this.pendingSnapshots === undefined) {
        const key = messageKey(e.message);
        const n = this.delivered.get(key) ?? 0;
        if (n > 0) {
          this.delivered.set(key, n - 1);
          continue;
        }
      }
      port.data(e.message);
    }
    this.lateDuplicates();
  }

  /**
   * Messages the old socket delivered that the replacement has not sent yet (it lags a little)
   * would arrive again after the handover: for a while, each is dropped once when it does.
   */
  private lateDuplicates(): void {
    for (const [key, n] of this.delivered) if (n <= 0) this.delivered.delete(key);
    if (this.delivered.size === 0) return;
    const part = this.part;
    part.filter = (message) => {
      const key = messageKey(message);
      const n = this.delivered.get(key);
      if (n === undefined) return true;
      if (n <= 1) this.delivered.delete(key);
      else this.delivered.set(key, n - 1);
      if (this.delivered.size === 0) part.filter = undefined;
      return false;
    };
    this.rotation.later(() => {
      part.filter = undefined;
      this.delivered.clear();
    });
  }
}

type BufferedKinds = NonNullable<PoolPart<Slot>['buffer']>[number] | { readonly kind: 'end'; readonly error: unknown };

/**
 * The identity of a data message across sockets: its type and content without `sid` / `seq`
 * (which differ per socket), keys sorted. Two sockets deliver the same server event with the
 * same key.
 */
export function messageKey(message: unknown): string {
  const m = message as { type?: unknown; msg?: unknown };
  return `${String(m.type)}|${stable(m.msg)}`;
}

function stable(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stable(o[k])}`).join(',')}}`;
}
