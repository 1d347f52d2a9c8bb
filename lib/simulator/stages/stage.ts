/**
 * The outbox: every frame the simulator sends passes through a list of fault stages, in order,
 * before it reaches the socket. A stage may pass a frame on, drop it, repeat it, hold it or
 * delay it. Stages hold their own switches; the simulator's `faults` API flips them.
 *
 * @module
 */

/** One outbound frame of the simulator. */
export interface OutFrame {
  /** The connection it is for. */
  readonly connection: number;
  /** `reply` to a command, `data` on a subscription, a keep-alive `ping`, or a `raw` frame sent as is. */
  readonly kind: 'reply' | 'data' | 'ping' | 'raw';
  /** The channel of a data frame. */
  readonly channel: string | undefined;
  readonly text: string | Buffer;
}

/** A fault stage: receives each frame and the rest of the pipeline. */
export interface Stage {
  readonly name: string;
  pass(frame: OutFrame, next: (frame: OutFrame) => void): void;
}

/** Composes `stages` in order in front of `deliver`. @example const send = outbox([], (f) => console.log(f.text)); send({ connection: 1, kind: 'ping', channel: undefined, text: 'heartbeat' }); */
export function outbox(stages: readonly Stage[], deliver: (frame: OutFrame) => void): (frame: OutFrame) => void {
  return stages.reduceRight<(frame: OutFrame) => void>((next, stage) => (frame) => stage.pass(frame, next), deliver);
}
