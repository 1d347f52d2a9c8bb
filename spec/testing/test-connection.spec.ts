import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createTestConnection, ticker } from '../../lib/testing/index.js';
import { bundleSource, runNode } from '../helpers/run-source.js';

// A marble test that never ends spins the worker synchronously, which no vitest timeout can
// interrupt: the examples run in a child process killed after 10 s.
describe('createTestConnection', () => {
  it('ends a virtual-time run by itself when the test forgot t.connection.close() (docs/testing.md §2 as written)', async () => {
    const file = await bundleSource('spec/testing/fixtures/forgotten-close.ts', 'forgotten-close');
    const r = await runNode(file, ['closed'], { timeoutMs: 10_000 });
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe('');
    // The expectations held (no failure) and the run stopped at the watchdog check after 40 s.
    expect(r.stdout.trim()).toMatch(/^ended at \d+$/);
    expect(Number(/\d+/.exec(r.stdout)![0])).toBeLessThan(60_000);
  }, 20_000);

  it('fails a run whose subscription stays open with a message naming the fix instead of spinning', async () => {
    const file = await bundleSource('spec/testing/fixtures/forgotten-close.ts', 'forgotten-close-open');
    const r = await runNode(file, ['open'], { timeoutMs: 10_000 });
    expect(r.signal).toBeNull();
    expect(r.stdout).toMatch(
      /^failed at \d+: createTestConnection: .*only the connection's own timers.*1 subscription\(s\).*t\.connection\.close\(\)/,
    );
    // 10 virtual minutes after the last test action (40 s), at the next watchdog check.
    expect(Number(/failed at (\d+)/.exec(r.stdout)![1])).toBeGreaterThanOrEqual(640_000);
    expect(Number(/failed at (\d+)/.exec(r.stdout)![1])).toBeLessThan(660_000);
  }, 20_000);

  it('does not close a connection nobody has subscribed to yet: flush, then subscribe, still works', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const t = createTestConnection(scheduler);
    scheduler.flush(); // opens the socket; no subscription yet
    const seen: string[] = [];
    t.connection.channel('ticker').subscribe((m) => seen.push(m.msg.yes_bid_dollars === undefined ? '' : String(m.msg.yes_bid_dollars)));
    scheduler.flush();
    expect(t.push('ticker', ticker({ market: 'M', yesBid: '0.45' }))).toBe(true);
    scheduler.flush();
    expect(seen).toEqual(['4500']);
    t.connection.close();
  });
});
