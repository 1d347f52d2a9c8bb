import { describe, expect, it } from 'vitest';
import { HOLD_MS, RecoveryLog } from '../../lib/cli/recovery-log.js';
import { bookFromSnapshot } from '../../lib/orderbook/order-book.js';
import type { OrderbookSnapshot } from '../../lib/channels/orderbook-delta.js';
import { decoded, orderbookSnapshot } from '../../lib/testing/message-builders.js';

const live = bookFromSnapshot(
  decoded<OrderbookSnapshot>(orderbookSnapshot({ market: 'M', seq: 1, yes: [['0.40', '1']], no: [['0.50', '1']] })),
  false,
);
const T = Date.UTC(2026, 0, 1, 10, 0, 0);

describe('RecoveryLog', () => {
  it('holds a reconnect that lasted 40 ms visible on the status line for a second', () => {
    const log = new RecoveryLog();
    log.status(T, { state: 'open', attempt: 1 });
    log.book(T, live);
    log.fault(T + 1000, 'connection dropped');
    log.status(T + 1001, { state: 'reconnecting', attempt: 1, delayMs: 100, reason: 'dropped', detail: '' });
    log.book(T + 1001, live.with('stale'));
    expect(log.label(T + 1002)).toBe('reconnecting (dropped, attempt 1, 100 ms)');
    log.status(T + 1030, { state: 'connecting', attempt: 2 });
    expect(log.label(T + 1031)).toBe('reconnecting (connecting)');
    log.status(T + 1035, { state: 'open', attempt: 2 });
    expect(log.label(T + 1036)).toBe('stale, resyncing');
    const recovered = log.book(T + 1040, live.with('live', 'reconnect'));
    expect(recovered?.text).toBe('recovered: book live again from a reconnect 40 ms after the fault');
    // Over at 1040 ms, still shown until 1000 ms after it began, then the plain state.
    expect(log.label(T + 1040)).toBe('stale, resyncing (recovered)');
    expect(log.label(T + 1001 + HOLD_MS - 1)).toBe('stale, resyncing (recovered)');
    expect(log.label(T + 1001 + HOLD_MS)).toBe('open');
    expect(log.recent()).toEqual([
      '10:00:01.000 fault: connection dropped',
      '10:00:01.001 reconnecting (dropped, attempt 1, in 100 ms)',
      '10:00:01.001 book stale: a gap or a drop was detected, resyncing',
      '10:00:01.035 socket open again (attempt 2)',
      '10:00:01.040 recovered: book live again from a reconnect 40 ms after the fault',
    ]);
    expect([log.faults, log.recoveries]).toEqual([1, 1]);
  });

  it('keeps only the last few events', () => {
    const log = new RecoveryLog(2);
    for (let i = 0; i < 4; i++) log.fault(T + i, `f${i}`);
    expect(log.recent()).toEqual(['10:00:00.002 fault: f2', '10:00:00.003 fault: f3']);
    expect(log.faults).toBe(4);
  });

  it('counts a recovery only after a stale book, and annotates it', () => {
    const log = new RecoveryLog();
    expect(log.book(T, live)).toBeUndefined();
    log.book(T + 1, live.with('stale'));
    expect(log.book(T + 2, live.with('stale'))).toBeUndefined();
    const e = log.book(T + 3, live.with('live', 'resync'))!;
    expect(log.annotate(e, 'checked').text).toBe('recovered: book live again from a resync 2 ms after the fault; checked');
    expect(log.recent().at(-1)).toBe('10:00:00.003 recovered: book live again from a resync 2 ms after the fault; checked');
    expect(log.recoveries).toBe(1);
  });
});
