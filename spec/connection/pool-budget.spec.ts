// The pool-wide command budget as the pool's user sees it (fake time, fake sockets answered by the
// in-memory Kalshi): opening a socket, a rotation's replacement included, takes a token.
import { describe, expect, it, vi } from 'vitest';
import { KalshiConnectionClosedError } from '../../lib/connection/connection-errors.js';
import { pool, sockets, useFakePoolTime } from '../helpers/pool-harness.js';

useFakePoolTime();

const at = (ms: number): number => ms - 1_000_000;

describe('command budget (fake time)', () => {
  it('the second socket opens once a token is free, and its subscribe waits for the next one', async () => {
    const conn = pool({ maxMarketsPerSocket: 1, commandBudget: { burst: 1, perSecond: 1 } });
    conn.ticker(['M0']).subscribe();
    conn.ticker(['M1']).subscribe();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sockets()).toHaveLength(2);
    const [first, second] = sockets();
    // Tokens: socket 0's subscribe (at once), socket 1 (a second later), its subscribe (a second after that).
    expect(at(first!.sent[0]!.at)).toBeLessThan(10);
    const made = at(second!.createdAt);
    expect(made).toBeGreaterThanOrEqual(990);
    expect(made).toBeLessThan(1_100);
    expect(at(second!.sent[0]!.at) - made).toBeGreaterThanOrEqual(900);
    conn.close();
  });

  it("a rotation's replacement waits for a token; close() during that wait rejects rotate() as closed", async () => {
    const conn = pool({ commandBudget: { burst: 1, perSecond: 1 } });
    await vi.advanceTimersByTimeAsync(10);
    let first = false;
    void conn.rotate().then(() => (first = true)); // takes the one token
    await vi.advanceTimersByTimeAsync(10);
    expect(first).toBe(true);
    expect(sockets()).toHaveLength(2);
    let done = false;
    void conn.rotate().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(600);
    expect(sockets()).toHaveLength(3);
    expect(done).toBe(true);
    let error: unknown;
    conn.rotate().catch((e: unknown) => (error = e));
    await vi.advanceTimersByTimeAsync(200);
    conn.close();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(error).toBeInstanceOf(KalshiConnectionClosedError);
    expect((error as Error).message).toBe('connection is closed');
    expect(sockets()).toHaveLength(3);
  });
});
