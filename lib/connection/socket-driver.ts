/**
 * The socket lifecycle of a connection: one `WebSocketSubject` per attempt (signed afresh),
 * open timeout, keep-alive watchdog, classification of why a socket went down, reconnect with
 * backoff (or a terminal close), and `status$`. It knows nothing about subscriptions: the
 * connection hears about opens, frames and drops through {@link SocketDriverHooks}.
 *
 * @module
 */
import { BehaviorSubject, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { webSocket, type WebSocketSubject } from 'rxjs/webSocket';
import { KalshiAuthError } from '../auth/auth-errors.js';
import type { HeaderSigner } from '../auth/create-signer.js';
import { backoffDelay } from './backoff-delay.js';
import { classifySocketError } from './classify-socket-error.js';
import { type ConnectOptions, maxFrameBytesOf, type WebSocketCtor } from './connect-options.js';
import { KalshiConnectionClosedError } from './connection-errors.js';
import type { CloseReason, ConnectionStatus } from './connection-status.js';
import { frameWatchdog } from './frame-watchdog.js';
import { socketCtorFor } from './socket-factory.js';

/** What the driver tells its connection. */
export interface SocketDriverHooks {
  /** A socket opened (the first or a replacement). */
  onOpen(): void;
  /** A frame arrived on the current socket (as `WebSocketSubject` delivered it). */
  onFrame(data: unknown): void;
  /** The current socket is gone; `wasOpen` tells whether it had opened. Runs before any reconnect. */
  onDown(reason: CloseReason, wasOpen: boolean): void;
  /** The connection ended for good (fatal auth, spent budget, reconnect disabled). */
  onClosed(reason: CloseReason, error: Error): void;
  /** The socket refused a frame over `maxFrameBytes` (Node `ws`; it then closes with 1009). */
  onOversize(): void;
}

/** Drives the socket(s) behind one connection. */
export class SocketDriver {
  /** Increments with every socket; work tied to an older socket must be ignored. */
  epoch = 0;
  /** Frames seen on the current socket (data, replies, Pings). */
  frames = 0;
  private open = false;
  private ended = false;
  private attempt = 0;
  private refusedStatus: number | undefined;
  private downReason: CloseReason | undefined;
  private subject: WebSocketSubject<unknown> | undefined;
  private subjectSub: Subscription | undefined;
  private raw: WebSocket | undefined;
  private watchdog: Subscription | undefined;
  private openTimer: Subscription | undefined;
  private reconnectTimer: Subscription | undefined;
  private readonly statusSubject = new BehaviorSubject<ConnectionStatus>({ state: 'connecting', attempt: 1 });
  /** The connection's state; replays the current state. */
  readonly status$: Observable<ConnectionStatus> = this.statusSubject.asObservable();

  constructor(
    private readonly options: ConnectOptions,
    private readonly url: string,
    private readonly signer: HeaderSigner | undefined,
    private readonly scheduler: SchedulerLike,
    private readonly hooks: SocketDriverHooks,
  ) {}

  /** Whether the current socket is open. */
  get isOpen(): boolean {
    return this.open;
  }

  /** Whether the driver has ended (closed by the client or for good). */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Opens the first socket. */
  start(): void {
    this.startAttempt();
  }

  /** Sends a command on the current socket (nothing is queued for a socket that is not open). */
  send(command: object): void {
    if (this.open) this.subject?.next(command);
  }

  /** Kills the current socket on our side (watchdog, open timeout, command timeout) and reconnects. */
  drop(epoch: number, reason: CloseReason): void {
    if (epoch !== this.epoch || this.ended) return;
    this.downReason = reason;
    const raw = this.raw as (WebSocket & { terminate?: () => void }) | undefined;
    if (raw?.terminate !== undefined) raw.terminate();
    else raw?.close();
    // A browser socket may never report the close of a dead peer: move on regardless.
    this.onDown(epoch, reason);
  }

  /** Closes for good at the client's request. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.teardown();
    this.reconnectTimer?.unsubscribe();
    this.statusSubject.next({ state: 'closed', reason: 'closed-by-client' });
    this.statusSubject.complete();
  }

  private startAttempt(): void {
    if (this.ended) return;
    const epoch = ++this.epoch;
    this.attempt++;
    this.refusedStatus = undefined;
    this.downReason = undefined;
    this.statusSubject.next({ state: 'connecting', attempt: this.attempt });
    if (this.signer === undefined) {
      this.openSocket(epoch, undefined);
      return;
    }
    this.signer(Date.now()).then(
      (headers) => this.openSocket(epoch, { ...headers }),
      (error: unknown) => {
        if (epoch !== this.epoch) return;
        this.fail('auth', new KalshiAuthError(0, `signing the handshake failed: ${error instanceof Error ? error.name : 'error'}`));
      },
    );
  }

  private openSocket(epoch: number, headers: Record<string, string> | undefined): void {
    if (epoch !== this.epoch || this.ended) return;
    const reconnect = this.options.reconnect === false ? undefined : this.options.reconnect;
    const WebSocketCtor: WebSocketCtor = socketCtorFor(this.options.WebSocketCtor, {
      headers,
      onActivity: () => { if (epoch === this.epoch) this.frames++; },
      onSocket: (s) => { if (epoch === this.epoch) this.raw = s; },
      onRefused: (status) => { if (epoch === this.epoch) this.refusedStatus = status; },
      onOversize: () => { if (epoch === this.epoch) this.hooks.onOversize(); },
      maxPayload: maxFrameBytesOf(this.options),
    });
    const subject = webSocket<unknown>({
      url: this.url,
      WebSocketCtor: WebSocketCtor as never,
      deserializer: (e: MessageEvent) => e.data as unknown,
      binaryType: 'arraybuffer',
      serializer: (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v)),
      openObserver: { next: () => this.onOpen(epoch) },
    });
    this.subject = subject;
    this.openTimer = this.scheduler.schedule(() => {
      if (epoch === this.epoch && !this.open) this.drop(epoch, 'open-timeout');
    }, reconnect?.openTimeoutMs ?? 10_000);
    this.subjectSub = subject.subscribe({
      next: (data) => {
        if (epoch !== this.epoch) return;
        this.frames++;
        this.hooks.onFrame(data);
      },
      error: (e: unknown) => this.onDown(epoch, this.classify(e)),
      complete: () => this.onDown(epoch, this.downReason ?? 'server-closed'),
    });
  }

  private classify(e: unknown): CloseReason {
    if (this.downReason !== undefined) return this.downReason;
    const verdict = classifySocketError(e, this.refusedStatus);
    this.refusedStatus = verdict.status;
    return verdict.reason;
  }

  private onOpen(epoch: number): void {
    if (epoch !== this.epoch) return;
    this.openTimer?.unsubscribe();
    this.open = true;
    this.attempt = 0;
    this.statusSubject.next({ state: 'open', attempt: 1 });
    const staleAfter = this.options.staleAfterMs ?? 30_000;
    if (staleAfter > 0) {
      this.watchdog = frameWatchdog(this.scheduler, staleAfter, () => this.frames, () => {
        if (epoch === this.epoch && this.open) this.drop(epoch, 'stale');
      });
    }
    this.hooks.onOpen();
  }

  private teardown(): void {
    this.epoch++;
    this.open = false;
    this.watchdog?.unsubscribe();
    this.openTimer?.unsubscribe();
    const sub = this.subjectSub;
    this.subjectSub = undefined;
    this.subject = undefined;
    this.raw = undefined;
    sub?.unsubscribe();
  }

  private onDown(epoch: number, reason: CloseReason): void {
    if (epoch !== this.epoch || this.ended) return;
    const wasOpen = this.open;
    this.teardown();
    this.hooks.onDown(reason, wasOpen);
    if (reason === 'auth') {
      const status = this.refusedStatus ?? 401;
      this.fail('auth', new KalshiAuthError(status, `Kalshi refused the handshake with HTTP ${status}: check the API key id and private key (and the clock)`));
      return;
    }
    const policy = this.options.reconnect;
    if (policy === false) {
      this.fail(reason, new KalshiConnectionClosedError(`socket ${reason}; reconnect is disabled`));
      return;
    }
    const attempt = Math.max(1, this.attempt);
    const http = this.refusedStatus === undefined ? '' : ` (HTTP ${this.refusedStatus})`;
    if (policy?.maxAttempts !== undefined && attempt >= policy.maxAttempts) {
      this.fail('budget-exhausted', new KalshiConnectionClosedError(`gave up after ${attempt} failed connection attempt(s); last: ${reason}${http}`));
      return;
    }
    const random = policy?.random ?? Math.random;
    let delayMs = backoffDelay(attempt, policy?.initialDelayMs ?? 250, policy?.maxDelayMs ?? 30_000, random);
    if (reason === 'rate-limited') {
      const floor = policy?.rateLimitedDelayMs ?? 15_000;
      delayMs = floor + Math.floor(random() * floor);
    }
    this.statusSubject.next({ state: 'reconnecting', attempt, delayMs, reason, detail: `${reason}${http}` });
    this.reconnectTimer = this.scheduler.schedule(() => this.startAttempt(), delayMs);
  }

  private fail(reason: CloseReason, error: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.teardown();
    this.reconnectTimer?.unsubscribe();
    this.statusSubject.next({ state: 'closed', reason, error });
    this.statusSubject.complete();
    this.hooks.onClosed(reason, error);
  }
}
