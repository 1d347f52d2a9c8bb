/**
 * The simulator's per-connection state.
 *
 * @module
 */
import type { WebSocket } from 'ws';
import type { SimSession } from './sim-session.js';

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

/** One client connection of the simulator: its socket and its session (subscriptions, seq). */
export interface SimConn {
  readonly id: number;
  readonly ws: WebSocket;
  readonly userId: string;
  readonly session: SimSession;
}
