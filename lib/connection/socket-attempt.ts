/**
 * One connection attempt: sign (with a timeout), open one `WebSocketSubject`, watch it, and
 * report its end exactly once. A fresh object per attempt: once it is disposed none of its
 * callbacks reach the driver, so nothing has to compare generations.
 *
 * @module
 */
import type { SchedulerLike, Subscription } from 'rxjs';
import { webSocket, type WebSocketSubject } from 'rxjs/webSocket';
import type { HeaderSigner } from '../auth/create-signer.js';
import { classifySocketError } from './classify-socket-error.js';
import { type ConnectOptions, maxFrameBytesOf, type WebSocketCtor } from './connect-options.js';
import type { CloseReason } from './connection-status.js';
import { frameWatchdog } from './frame-watchdog.js';
import { socketCtorFor } from './socket-factory.js';

/** What an attempt tells its driver (each at most once, and never after `dispose`). */
export interface AttemptHooks {
  onOpen(attempt: SocketAttempt): void;
  onFrame(data: unknown): void;
  /** The attempt ended: `refusedStatus` is the HTTP status of a refused handshake, if any. */
  onDown(attempt: SocketAttempt, reason: CloseReason, wasOpen: boolean, refusedStatus: number | undefined, detail: string | undefined): void;
  /** The signer failed (rejected): not retried. */
  onSignerError(attempt: SocketAttempt, error: unknown): void;
  /** The socket refused a frame over `maxFrameBytes` (Node `ws`; it then closes with 1009). */
  onOversize(): void;
}

/** One attempt to hold a socket. */
export class SocketAttempt {
  private alive = true;
  private open = false;
  private frames = 0;
  private refusedStatus: number | undefined;
  private downReason: CloseReason | undefined;
  private subject: WebSocketSubject<unknown> | undefined;
  private raw: WebSocket | undefined;
  private readonly subs: Subscription[] = [];

  constructor(
    private readonly options: ConnectOptions,
    private readonly url: string,
    private readonly signer: HeaderSigner | undefined,
    private readonly scheduler: SchedulerLike,
    private readonly hooks: AttemptHooks,
  ) {}

  /** Whether the socket is open. */
  get isOpen(): boolean {
    return this.alive && this.open;
  }

  /** Signs (when there is a signer) and opens the socket. */
  start(): void {
    if (this.signer === undefined) return this.connect(undefined);
    const timeoutMs = this.options.signerTimeoutMs ?? 10_000;
    const timer = this.scheduler.schedule(() => this.down('signing-failed', `signing-failed (the signer gave no answer within ${timeoutMs} ms)`), timeoutMs);
    this.subs.push(timer);
    this.signer(Date.now()).then(
      (headers) => {
        timer.unsubscribe();
        if (this.alive) this.connect({ ...headers });
      },
      (error: unknown) => {
        timer.unsubscribe();
        if (this.alive) this.hooks.onSignerError(this, error);
      },
    );
  }

  /** Writes a command (only while open; nothing is queued for a socket that is not open). */
  send(command: object): void {
    if (this.isOpen) this.subject?.next(command);
  }

  /** Kills the socket on our side (watchdog, open timeout, command timeout) and reports the end. */
  kill(reason: CloseReason): void {
    if (!this.alive) return;
    this.downReason = reason;
    const raw = this.raw as (WebSocket & { terminate?: () => void }) | undefined;
    if (raw?.terminate !== undefined) raw.terminate();
    else raw?.close();
    // A browser socket may never report the close of a dead peer: move on regardless.
    this.down(reason);
  }

  /** Stops everything of this attempt; no callback of it runs afterwards. */
  dispose(): void {
    this.alive = false;
    this.open = false;
    for (const s of this.subs.splice(0)) s.unsubscribe();
    this.subject = undefined;
    this.raw = undefined;
  }

  private connect(headers: Record<string, string> | undefined): void {
    const reconnect = this.options.reconnect === false ? undefined : this.options.reconnect;
    const WebSocketCtor: WebSocketCtor = socketCtorFor(this.options.WebSocketCtor, {
      headers,
      onActivity: () => { this.frames++; },
      onSocket: (s) => { if (this.alive) this.raw = s; },
      onRefused: (status) => { this.refusedStatus = status; },
      onOversize: () => { if (this.alive) this.hooks.onOversize(); },
      maxPayload: maxFrameBytesOf(this.options),
      // Node `ws`: frames arrive here, not through the subject (browsers: the subject's `next` below).
      onMessage: (data) => this.frame(data),
    });
    const subject = webSocket<unknown>({
      url: this.url,
      WebSocketCtor: WebSocketCtor as never,
      deserializer: (e: MessageEvent) => e.data as unknown,
      binaryType: 'arraybuffer',
      serializer: (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v)),
      openObserver: { next: () => this.opened() },
    });
    this.subject = subject;
    this.subs.push(this.scheduler.schedule(() => { if (!this.open) this.kill('open-timeout'); }, reconnect?.openTimeoutMs ?? 10_000));
    this.subs.push(subject.subscribe({
      next: (data) => this.frame(data),
      error: (e: unknown) => this.down(this.classify(e)),
      complete: () => this.down(this.downReason ?? 'server-closed'),
    }));
  }

  private frame(data: unknown): void {
    if (!this.alive) return;
    this.frames++;
    this.hooks.onFrame(data);
  }

  private opened(): void {
    if (!this.alive) return;
    this.open = true;
    const staleAfter = this.options.staleAfterMs ?? 30_000;
    if (staleAfter > 0) this.subs.push(frameWatchdog(this.scheduler, staleAfter, () => this.frames, () => this.kill('stale')));
    this.hooks.onOpen(this);
  }

  private classify(e: unknown): CloseReason {
    if (this.downReason !== undefined) return this.downReason;
    const verdict = classifySocketError(e, this.refusedStatus);
    this.refusedStatus = verdict.status;
    return verdict.reason;
  }

  private down(reason: CloseReason, detail?: string): void {
    if (!this.alive) return;
    const wasOpen = this.open;
    const refused = this.refusedStatus;
    this.dispose();
    this.hooks.onDown(this, reason, wasOpen, refused, detail);
  }
}
