// rotation.maxAgeMs meeting rotate() (fake time, fake sockets answered by the in-memory Kalshi):
// an age rotation queued behind rotate() finds its socket already replaced and does nothing.
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus } from '../../lib/connection/connection-status.js';
import { AutoSocket, pool, sockets, useFakePoolTime } from '../helpers/pool-harness.js';

useFakePoolTime();

describe('age rotation behind rotate() (fake time)', () => {
  it('a socket that came of age while rotate() was under way is rotated once, by rotate()', async () => {
    const conn = pool({ maxMarketsPerSocket: 1, rotation: { maxAgeMs: 2_000 } });
    const rotated: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => { if (s.state === 'rotated') rotated.push(s); });
    conn.ticker(['M0']).subscribe();
    conn.ticker(['M1']).subscribe();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets()).toHaveLength(2);
    AutoSocket.hold = true;
    let done = false;
    void conn.rotate().then(() => (done = true));
    // Socket 1 comes of age (socket 0 is being rotated): its age rotation waits behind rotate().
    await vi.advanceTimersByTimeAsync(1_600);
    expect(sockets()).toHaveLength(3);
    sockets()[2]!.open();
    // Each handover of a stream waits for the old socket to be quiet after the barrier (QUIET_MS).
    await vi.advanceTimersByTimeAsync(150);
    expect(sockets()).toHaveLength(4);
    sockets()[3]!.open();
    await vi.advanceTimersByTimeAsync(150);
    expect(done).toBe(true);
    expect(rotated.map((s) => s.state === 'rotated' && [s.socket, s.why])).toEqual([[0, 'requested'], [1, 'requested']]);
    expect(sockets()).toHaveLength(4);
    expect(sockets().map((s) => s.readyState)).toEqual([3, 3, 1, 1]);
    conn.close();
  });
});
