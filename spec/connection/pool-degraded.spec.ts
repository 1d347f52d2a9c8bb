// rotation.whenDegraded as the pool's user sees it (fake time, fake sockets answered by the
// in-memory Kalshi): which statuses rotate a socket, and when a quiet channel is rotated again.
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus } from '../../lib/connection/connection-status.js';
import { FakeSocket } from '../helpers/fake-socket.js';
import { pool, sidOf, sockets, tickerOn, useFakePoolTime } from '../helpers/pool-harness.js';

useFakePoolTime();

function rotations(conn: ReturnType<typeof pool>): ConnectionStatus[] {
  const rotated: ConnectionStatus[] = [];
  conn.status$.subscribe((s) => { if (s.state === 'rotated') rotated.push(s); });
  return rotated;
}

describe('rotation.whenDegraded (fake time)', () => {
  it('without it, a stale subscription rotates nothing', async () => {
    const conn = pool({ dataStaleAfterMs: 1_000 });
    const rotated = rotations(conn);
    const statuses: string[] = [];
    conn.events('ticker', { market_ticker: 'M0' }).subscribe((e) => { if (e.kind === 'status') statuses.push(e.status.state); });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(statuses).toEqual(['live', 'stale']);
    expect(rotated).toEqual([]);
    expect(sockets()).toHaveLength(1);
    conn.close();
  });

  it('a sequence gap is not degradation: the book resyncs on its socket, which is not rotated', async () => {
    const conn = pool({ rotation: { whenDegraded: true } }, { books: true });
    const rotated = rotations(conn);
    conn.orderbook('M0').subscribe();
    await vi.advanceTimersByTimeAsync(50);
    const s = sockets()[0]!;
    const before = s.sent.length;
    s.receive({ type: 'orderbook_delta', sid: sidOf(s, 'orderbook_delta'), seq: 9, msg: { market_ticker: 'M0', price_dollars: '0.4000', delta_fp: '1.00', side: 'yes' } });
    await vi.advanceTimersByTimeAsync(500);
    expect(s.sent.slice(before).map((c) => c.frame)).toMatchObject([{ cmd: 'update_subscription', params: { action: 'get_snapshot', market_tickers: ['M0'] } }]);
    expect(rotated).toEqual([]);
    expect(sockets()).toHaveLength(1);
    conn.close();
  });

  it('a degraded rotation that fails is tried again the next time the subscription goes stale', async () => {
    const conn = pool({ dataStaleAfterMs: 1_000, rotation: { whenDegraded: true, handoverTimeoutMs: 500 } });
    conn.ticker(['M0']).subscribe();
    await vi.advanceTimersByTimeAsync(10);
    const old = sockets()[0]!;
    const kalshi = FakeSocket.script;
    FakeSocket.script = (cmd, s) => (s === old ? kalshi(cmd, s) : []);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sockets()).toHaveLength(2);
    expect(sockets()[1]!.readyState).toBe(3);
    // Data again (live), then silence again (stale): another attempt.
    tickerOn(old, 'M0', '0.4000');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sockets()).toHaveLength(3);
    expect(old.readyState).toBe(1);
    conn.close();
  });

  it('a consumer joining the replacement before it goes quiet too does not make its channel rotate again', async () => {
    const conn = pool({ dataStaleAfterMs: 1_000, rotation: { whenDegraded: true } });
    const rotated = rotations(conn);
    conn.ticker(['M0']).subscribe();
    for (let i = 0; i < 500 && rotated.length === 0; i++) await vi.advanceTimersByTimeAsync(10);
    expect(rotated).toHaveLength(1);
    // Joins (and hears live) before the replacement's subscription went stale.
    conn.ticker(['M1']).subscribe();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(rotated).toHaveLength(1);
    expect(sockets()).toHaveLength(2);
    conn.close();
  });

  it('two channels going stale together queue one degraded rotation; when it fails, none is left queued behind it', async () => {
    const conn = pool({ dataStaleAfterMs: 1_000, rotation: { whenDegraded: true, handoverTimeoutMs: 500 } });
    const rotated = rotations(conn);
    conn.ticker(['M0']).subscribe();
    conn.trades(['M0']).subscribe();
    await vi.advanceTimersByTimeAsync(10);
    const old = sockets()[0]!;
    const kalshi = FakeSocket.script;
    FakeSocket.script = (cmd, s) => (s === old ? kalshi(cmd, s) : []);
    await vi.advanceTimersByTimeAsync(2_500);
    expect(sockets()).toHaveLength(2);
    expect(sockets().map((s) => s.readyState)).toEqual([1, 3]);
    expect(rotated).toEqual([]);
    conn.close();
  });
});
