/**
 * One consumer of a pool and its parts: a consumer's markets may sit on several sockets, one
 * {@link PoolPart} (a member of that socket's server subscription) per socket. The parts fan in
 * to the consumer's one {@link SinkPort}: data straight through, a status once even when several
 * parts hear it, `live` when every part is live, and the end once. Error 26 on a part moves its
 * markets to another socket instead of failing the consumer. A part can also be a *shadow*
 * (a rotation's replacement): it buffers until the handover.
 *
 * @module
 */
import type { SubscriptionStatus } from './connection-status.js';
import type { ChannelRequest } from './channel-params.js';
import type { SinkPort, SubscriptionProblem } from './sink-port.js';

/** One buffered event of a shadow part. */
export type BufferedEvent =
  | { readonly kind: 'data'; readonly message: unknown }
  | { readonly kind: 'status'; readonly status: SubscriptionStatus }
  | { readonly kind: 'problem'; readonly problem: SubscriptionProblem };

/** What a member needs from its pool. */
export interface PartHost<S> {
  /** The part let go of its markets (its socket member already left or was ended). */
  released(part: PoolPart<S>): void;
  /** Takes the part off its socket and lets go of its markets. */
  detach(part: PoolPart<S>): void;
  /** The part was refused with error 26: place its markets elsewhere (false: nowhere to go). */
  spill(part: PoolPart<S>, error: Error): boolean;
  /** Sees every status a delivering part reports (a pool watches for degraded sockets). */
  noticed(part: PoolPart<S>, status: SubscriptionStatus): void;
}

/** A consumer's share on one socket: a member of that socket's server subscription. */
export class PoolPart<S> implements SinkPort {
  /** The socket teardown (set once attached). */
  teardown: (() => void) | undefined;
  ended = false;
  live = false;
  /** Set while the part is a rotation's shadow: what it heard, for the handover. */
  buffer: BufferedEvent[] | undefined;
  /** Set while another part shadows this one: sees each data message delivered. */
  tap: ((message: unknown) => void) | undefined;
  /** Set on a shadow: hears each buffered event, and its end. */
  onBuffered: ((event: BufferedEvent | { readonly kind: 'end'; readonly error: unknown }) => void) | undefined;

  /** The consumer's port, held here so a delivery does not go through the member (hot path). */
  private readonly port: SinkPort;

  constructor(
    readonly member: PoolMember<S>,
    readonly slot: S,
    readonly request: ChannelRequest,
  ) {
    this.port = member.port;
  }

  /** Set for a while after a handover: false drops a message the old socket already delivered. */
  filter: ((message: unknown) => boolean) | undefined;

  /** The part takes deliveries itself ({@link SinkPort.receiver}). */
  get receiver(): this {
    return this;
  }

  /** {@link PoolPart.data} under the name a delivery calls. */
  next(message: unknown): void {
    this.data(message);
  }

  data(message: unknown): void {
    if (this.buffer !== undefined) this.buffered({ kind: 'data', message });
    else if (this.filter !== undefined && !this.filter(message)) return;
    else {
      this.tap?.(message);
      this.port.data(message);
    }
  }

  status(status: SubscriptionStatus): void {
    if (this.buffer !== undefined) this.buffered({ kind: 'status', status });
    else this.member.statusOf(this, status);
  }

  problem(problem: SubscriptionProblem): void {
    if (this.buffer !== undefined) this.buffered({ kind: 'problem', problem });
    else this.member.port.problem(problem);
  }

  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.member.partEnded(this, error);
    this.onBuffered?.({ kind: 'end', error });
  }

  private buffered(event: BufferedEvent): void {
    this.buffer?.push(event);
    this.onBuffered?.(event);
  }
}

/** One consumer (`channel()`, `events()` or a book) of a pool. */
export class PoolMember<S> {
  /** Its parts that deliver (shadows are not here until their handover). */
  readonly parts = new Set<PoolPart<S>>();
  private ended = false;
  private lastStatus: SubscriptionStatus | undefined;
  private reportedLive = false;
  /** A stale or gap went to the consumer since its last live. */
  private heardQuiet = false;

  constructor(
    readonly request: ChannelRequest,
    readonly port: SinkPort,
    private readonly host: PartHost<S>,
  ) {}

  /** Whether the consumer is finished (ended, or torn down). */
  get done(): boolean {
    return this.ended;
  }

  /** A new part on `slot` for `markets` (undefined: the whole channel). */
  part(slot: S, markets: readonly string[] | undefined): PoolPart<S> {
    return new PoolPart(this, slot, markets === undefined ? this.request : { ...this.request, markets });
  }

  /** A status from one part: once per event (parts of one socket hear the same object), `live` once every part is live. */
  statusOf(part: PoolPart<S>, status: SubscriptionStatus): void {
    if (this.ended) return;
    this.host.noticed(part, status);
    if (status === this.lastStatus) return;
    this.lastStatus = status;
    if (status.state !== 'live') {
      if (status.state !== 'gap' && status.state !== 'stale') part.live = false;
      else this.heardQuiet = true;
      this.reportedLive = this.reportedLive && part.live;
      this.port.status(status);
      return;
    }
    part.live = true;
    // Once live, a single part's next live (a new sid) passes as on one socket, and so does the
    // live that ends a stale or gap the consumer heard; a consumer over several parts is not
    // told again when one more of them (e.g. a moved market) becomes live.
    if (this.reportedLive) {
      if (this.parts.size > 1 && !this.heardQuiet) return;
      this.heardQuiet = false;
      return this.port.status(status);
    }
    for (const p of this.parts) if (!p.live) return;
    // Markets moved off a socket (error 26) are placed again a turn later: until then the
    // live parts do not cover the consumer, which must not hear live without them.
    if (!this.covered()) return;
    this.reportedLive = true;
    this.heardQuiet = false;
    const markets = this.request.markets;
    this.port.status(this.parts.size <= 1 ? status : { state: 'live', sid: status.sid, ...(markets === undefined ? {} : { markets }) });
  }

  /** Whether the delivering parts carry every market the consumer asked for. */
  private covered(): boolean {
    const wanted = this.request.markets;
    if (wanted === undefined) return this.parts.size > 0;
    const held = new Set<string>();
    for (const p of this.parts) for (const m of p.request.markets ?? wanted) held.add(m);
    return wanted.every((m) => held.has(m));
  }

  /** A part ended: error 26 spills its markets; another error fails the consumer; the last completion completes it. */
  partEnded(part: PoolPart<S>, error: unknown): void {
    const delivering = this.parts.delete(part);
    this.host.released(part);
    if (this.ended || !delivering) return;
    if (error !== undefined && isMarketLimit(error) && this.host.spill(part, error)) return;
    if (error === undefined && this.parts.size > 0) return;
    this.finish(error);
  }

  /** The consumer unsubscribed: every part leaves its socket. */
  teardown(): void {
    if (this.ended) return;
    this.ended = true;
    for (const p of [...this.parts]) this.host.detach(p);
    this.parts.clear();
  }

  /** Ends the consumer once: its other parts leave, the port ends. */
  finish(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    for (const p of [...this.parts]) this.host.detach(p);
    this.parts.clear();
    this.port.end(error);
  }
}

/** Whether `error` is a refusal with error 26 (the subscription's market limit). */
export function isMarketLimit(error: unknown): error is Error {
  return error instanceof Error && (error as { code?: unknown }).code === 26 && error.name === 'KalshiCommandError';
}
