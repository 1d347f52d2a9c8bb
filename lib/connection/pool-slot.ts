/**
 * One socket of a pool as the pool keeps it: its {@link SocketCore} (once started), the parts
 * placed on it, its placement load, and its part in a rotation.
 *
 * @module
 */
import type { Subscription } from 'rxjs';
import type { ChannelName } from '../channels/channel-names.js';
import type { ConnectionStatus } from './connection-status.js';
import type { PoolPart } from './pool-member.js';
import type { SlotLoad } from './pool-placement.js';
import type { Rotation } from './pool-rotation.js';
import type { SocketCore } from './socket-core.js';

/** One socket of a pool. */
export class Slot {
  core: SocketCore | undefined;
  /** Parts placed here (attached, or waiting for the socket to start). */
  readonly parts = new Set<PoolPart<Slot>>();
  status: ConnectionStatus = { state: 'connecting', attempt: 1 };
  openedAt: number | undefined;
  /** Being closed by the pool (rotated away, or the pool closing): its statuses are not reported. */
  retired = false;
  /** A rotation's replacement before its handover: its statuses are not reported. */
  hidden = false;
  /** The rotation replacing this socket, while it runs. */
  rotation: Rotation | undefined;
  /** The rotation this socket is the replacement of, until the handover. */
  replacing: Rotation | undefined;
  /** A rotation for being degraded (`stale` while open) is queued or under way. */
  degradedRotationQueued = false;
  /** Channels whose subscription here reported `stale` and has not carried data since. */
  readonly staleChannels = new Set<ChannelName>();
  /** Channels this socket was rotated in for being stale: their next `stale` (before data) does not rotate it again. */
  readonly quietChannels = new Set<ChannelName>();
  /** An age rotation of it is queued or under way. */
  ageRotationQueued = false;
  /** The pending idle close, from the last time it was emptied. */
  idleTimer: Subscription | undefined;
  constructor(readonly load: SlotLoad) {}
  get index(): number {
    return this.load.socket;
  }
}

