/**
 * The browser-WebSocket surface `rxjs/webSocket` drives (readyState, on* handlers, send, close),
 * for sockets whose far end is code in this process: the test connection's in-memory Kalshi and
 * the replay of a recording. Subclasses implement `send`.
 */
import type { SchedulerLike } from 'rxjs';

/** A socket opened, fed and closed by code in this process. */
export abstract class ScriptedSocket {
  readyState = 0;
  binaryType = 'blob';
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;

  /** Handles one command the client sent. */
  abstract send(text: string): void;

  /**
   * Opens on `scheduler`, after the WebSocketSubject attached its handlers: a synchronous
   * scheduler (queueScheduler) would run the action inside the constructor, so it is deferred
   * to a microtask then.
   */
  protected openOn(scheduler: SchedulerLike): void {
    let constructing = true;
    scheduler.schedule(() => {
      if (constructing) queueMicrotask(() => this.open());
      else this.open();
    });
    constructing = false;
  }

  /** Opens now (no-op unless connecting). */
  open(): void {
    if (this.readyState !== 0) return;
    this.readyState = 1;
    this.onopen?.({ type: 'open' });
  }

  /** Delivers one text frame to the client (only while open). */
  receive(text: string): void {
    if (this.readyState === 1) this.onmessage?.({ data: text });
  }

  /** Closes from the far end, cleanly (1000) or abruptly (1006). */
  serverClose(wasClean: boolean): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onClosed();
    this.onclose?.({ wasClean, code: wasClean ? 1000 : 1006, reason: '' });
  }

  /** Closes at the client's request. */
  close(): void {
    this.serverClose(true);
  }

  /** Hook for subclasses to stop their own work when the socket closes. */
  protected onClosed(): void {}
}
