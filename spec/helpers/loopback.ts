import { afterEach } from 'vitest';
import type { KalshiConnection } from '../../lib/connection/kalshi-connection-api.js';
import type { Simulator } from '../../lib/simulator/simulator-api.js';

/** The simulator and connection of one loopback test; both are closed after each test. */
export interface Loopback {
  sim: Simulator | undefined;
  conn: KalshiConnection | undefined;
}

/** Registers an `afterEach` that closes whatever the test put in the returned holder. */
export function loopback(): Loopback {
  const rig: Loopback = { sim: undefined, conn: undefined };
  afterEach(async () => {
    rig.conn?.close();
    rig.conn = undefined;
    await rig.sim?.close();
    rig.sim = undefined;
  });
  return rig;
}
