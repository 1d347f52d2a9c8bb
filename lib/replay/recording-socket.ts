/**
 * A WebSocket constructor that plays a recording back, so a recording can be opened with
 * `connect()` and go through the same decoding, routing and book pipeline as the live session.
 * It answers the client's commands from the recording: `subscribe` gets the recorded
 * `subscribed` reply of that channel (with the client's id), updates get `ok`.
 *
 * @module
 */
import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import type { WebSocketCtor } from '../connection/connect-options.js';
import { ScriptedSocket } from '../internal/scripted-socket.js';
import type { RecordedFrame } from './recording.js';

/** Options of {@link recordingSocket}. */
export interface RecordingSocketOptions {
  /** Playback speed: 1 = recorded speed, 10 = ten times faster, `Infinity` = as fast as possible (default). */
  readonly speed?: number;
  /** Called after the last frame was delivered. */
  readonly onEnd?: () => void;
  /** Scheduler for playback timing (a `TestScheduler` replays in virtual time). Default: asyncScheduler. */
  readonly scheduler?: SchedulerLike;
}

/** Returns a WebSocket constructor that replays `frames`. */
export function recordingSocket(frames: readonly RecordedFrame[], options: RecordingSocketOptions = {}): WebSocketCtor {
  const speed = options.speed ?? Infinity;
  const scheduler = options.scheduler ?? asyncScheduler;
  const sidByChannel = new Map<string, number>();
  const data: RecordedFrame[] = [];
  for (const f of frames) {
    let parsed: { type?: unknown; id?: unknown; msg?: { channel?: unknown; sid?: unknown } } | undefined;
    try {
      parsed = JSON.parse(f.frame) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (parsed?.type === 'subscribed' && typeof parsed.msg?.channel === 'string' && typeof parsed.msg.sid === 'number') {
      sidByChannel.set(parsed.msg.channel, parsed.msg.sid);
      continue;
    }
    if (parsed !== undefined && typeof parsed.id === 'number' && (parsed.type === 'ok' || parsed.type === 'unsubscribed' || parsed.type === 'error')) {
      // Replies of the recorded session are answered live instead; an `ok` that carried a seq
      // is replayed without its id so the sid's sequence stays continuous.
      const withSeq = parsed as { sid?: unknown; seq?: unknown };
      if (parsed.type === 'ok' && typeof withSeq.sid === 'number' && typeof withSeq.seq === 'number') {
        data.push({ t: f.t, frame: JSON.stringify({ type: 'ok', sid: withSeq.sid, seq: withSeq.seq }) });
      }
      continue;
    }
    data.push(f);
  }

  class RecordingSocket extends ScriptedSocket {
    private timer: Subscription | undefined;
    private started = false;

    constructor(readonly url: string) {
      super();
      this.openOn(scheduler);
    }

    send(text: string): void {
      const cmd = JSON.parse(text) as { id: number; cmd: string; params?: { channels?: string[]; sid?: number; sids?: number[] } };
      const reply = (frame: object): void => { scheduler.schedule(() => this.receive(JSON.stringify(frame))); };
      if (cmd.cmd === 'subscribe') {
        for (const channel of cmd.params?.channels ?? []) {
          const sid = sidByChannel.get(channel);
          reply(sid === undefined
            ? { id: cmd.id, type: 'error', msg: { code: 10, msg: `Channel error: the recording has no ${channel} subscription` } }
            : { id: cmd.id, type: 'subscribed', msg: { channel, sid } });
        }
        this.start();
      } else if (cmd.cmd === 'unsubscribe') {
        for (const sid of cmd.params?.sids ?? []) reply({ id: cmd.id, sid, type: 'unsubscribed' });
      } else if (cmd.cmd === 'update_subscription') {
        reply({ id: cmd.id, sid: cmd.params?.sid ?? cmd.params?.sids?.[0], type: 'ok' });
      } else {
        reply({ id: cmd.id, type: 'ok', msg: [...sidByChannel].map(([channel, sid]) => ({ channel, sid })) });
      }
    }

    private start(): void {
      if (this.started) return;
      this.started = true;
      let i = 0;
      const t0 = data[0]?.t ?? 0;
      const start = scheduler.now();
      const pump = (): void => {
        if (this.readyState !== 1) return;
        const sliceEnd = Date.now() + 20;
        while (i < data.length) {
          const f = data[i] as RecordedFrame;
          const due = Number.isFinite(speed) ? start + (f.t - t0) / speed : start;
          const now = scheduler.now();
          if (due > now) {
            this.timer = scheduler.schedule(pump, due - now);
            return;
          }
          this.receive(f.frame);
          i++;
          // Yield now and then on a real clock so timers (and the consumer) can run.
          if (scheduler === asyncScheduler && Date.now() > sliceEnd) {
            this.timer = scheduler.schedule(pump);
            return;
          }
        }
        options.onEnd?.();
      };
      // Start after the subscribe replies are delivered.
      this.timer = scheduler.schedule(pump);
    }

    protected override onClosed(): void {
      this.timer?.unsubscribe();
    }
  }
  return RecordingSocket as unknown as WebSocketCtor;
}
