/**
 * The simulator's per-connection state.
 *
 * @module
 */
import type { WebSocket } from 'ws';

/** A subscription as the simulator holds it. */
export interface SimSub {
  readonly sid: number;
  readonly channel: string;
  markets: Set<string> | null;
  seq: number;
  readonly useYesPrice: boolean;
  readonly skipAck: boolean;
  readonly sendInitialSnapshot: boolean;
  commandTimes: number[];
}

/** One client connection of the simulator. */
export interface SimConn {
  readonly id: number;
  readonly ws: WebSocket;
  readonly authenticated: boolean;
  readonly userId: string;
  nextSid: number;
  readonly subs: Map<number, SimSub>;
  readonly byChannel: Map<string, SimSub>;
}
