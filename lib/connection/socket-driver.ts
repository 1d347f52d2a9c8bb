/**
 * The socket lifecycle of a connection: one {@link SocketAttempt} per attempt (signed afresh),
 * reconnect with backoff (or a terminal close), and `status$`. The backoff grows with every
 * attempt that did not stay healthy, and resets only after a socket has been open for
 * `healthyAfterMs`, not on open (a server that kills every socket at once cannot make it spin).
 * It knows nothing about subscriptions: the connection hears about opens, frames and drops
 * through {@link SocketDriverHooks}.
 *
 * @module
 */
import { BehaviorSubject, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { KalshiAuthError } from '../auth/auth-errors.js';
import type { HeaderSigner } from '../auth/create-signer.js';
import { backoffDelay } from './backoff-delay.js';
import type { ConnectOptions } from './connect-options.js';
import { KalshiConnectionClosedError } from './connection-errors.js';
import type { CloseReason, ConnectionStatus } from './connection-status.js';
import { SocketAttempt } from './socket-attempt.js';

/** A socket open this long (default) counts as healthy: the backoff starts over. */
export const HEALTHY_AFTER_MS = 5_000;

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
  private current: SocketAttempt | undefined;
  private ended = false;
  /** Consecutive attempts that did not stay healthy. */
  private failures = 0;
  /** Reconnect waits since the last healthy socket (the `attempt` of `reconnecting`, and its backoff step). */
  private retries = 0;
  private reconnectTimer: Subscription | undefined;
  private healthyTimer: Subscription | undefined;
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
    return this.current?.isOpen ?? false;
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
    this.current?.send(command);
  }

  /** Kills the current socket (command timeout) and reconnects. */
  replace(reason: CloseReason): void {
    this.current?.kill(reason);
  }

  /** Closes for good at the client's request. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.stop();
    this.statusSubject.next({ state: 'closed', reason: 'closed-by-client' });
    this.statusSubject.complete();
  }

  private startAttempt(): void {
    if (this.ended) return;
    this.failures++;
    this.statusSubject.next({ state: 'connecting', attempt: this.failures });
    const attempt = new SocketAttempt(this.options, this.url, this.signer, this.scheduler, {
      onOpen: (a) => this.onOpen(a),
      onFrame: (data) => this.hooks.onFrame(data),
      onDown: (a, reason, wasOpen, refused, detail) => this.onDown(a, reason, wasOpen, refused, detail),
      onSignerError: (a, error) => {
        if (a !== this.current) return;
        this.fail('auth', new KalshiAuthError(0, `signing the handshake failed: ${error instanceof Error ? error.name : 'error'}`));
      },
      onOversize: () => this.hooks.onOversize(),
    });
    this.current = attempt;
    attempt.start();
  }

  private onOpen(attempt: SocketAttempt): void {
    if (attempt !== this.current) return;
    this.statusSubject.next({ state: 'open', attempt: 1 });
    const healthyAfter = this.options.reconnect === false ? 0 : this.options.reconnect?.healthyAfterMs ?? HEALTHY_AFTER_MS;
    this.healthyTimer = this.scheduler.schedule(() => { if (attempt === this.current && attempt.isOpen) this.failures = this.retries = 0; }, healthyAfter);
    this.hooks.onOpen();
  }

  private onDown(attempt: SocketAttempt, reason: CloseReason, wasOpen: boolean, refused: number | undefined, detail: string | undefined): void {
    if (attempt !== this.current || this.ended) return;
    this.current = undefined;
    this.healthyTimer?.unsubscribe();
    this.hooks.onDown(reason, wasOpen);
    if (reason === 'auth') {
      const status = refused ?? 401;
      this.fail('auth', new KalshiAuthError(status, `Kalshi refused the handshake with HTTP ${status}: check the API key id and private key (and the clock)`));
      return;
    }
    const policy = this.options.reconnect;
    if (policy === false) {
      this.fail(reason, new KalshiConnectionClosedError(`socket ${reason}; reconnect is disabled`));
      return;
    }
    const failures = Math.max(1, this.failures);
    const http = refused === undefined ? '' : ` (HTTP ${refused})`;
    if (policy?.maxAttempts !== undefined && failures >= policy.maxAttempts) {
      this.fail('budget-exhausted', new KalshiConnectionClosedError(`gave up after ${failures} failed connection attempt(s); last: ${reason}${http}`));
      return;
    }
    const random = policy?.random ?? Math.random;
    const retry = ++this.retries;
    let delayMs = backoffDelay(retry, policy?.initialDelayMs ?? 250, policy?.maxDelayMs ?? 30_000, random);
    if (reason === 'rate-limited') {
      const floor = policy?.rateLimitedDelayMs ?? 15_000;
      delayMs = floor + Math.floor(random() * floor);
    }
    this.statusSubject.next({ state: 'reconnecting', attempt: retry, delayMs, reason, detail: detail ?? `${reason}${http}` });
    this.reconnectTimer = this.scheduler.schedule(() => this.startAttempt(), delayMs);
  }

  private stop(): void {
    const attempt = this.current;
    this.current = undefined;
    attempt?.dispose();
    this.healthyTimer?.unsubscribe();
    this.reconnectTimer?.unsubscribe();
  }

  private fail(reason: CloseReason, error: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.stop();
    this.statusSubject.next({ state: 'closed', reason, error });
    this.statusSubject.complete();
    this.hooks.onClosed(reason, error);
  }
}
