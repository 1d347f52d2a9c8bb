import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { frameWatchdog } from '../../lib/connection/frame-watchdog.js';

const run = (frameTimes: number[], until: number): number[] => {
  const fired: number[] = [];
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  scheduler.run(() => {
    let frames = 0;
    for (const t of frameTimes) scheduler.schedule(() => { frames++; }, t);
    const w = frameWatchdog(scheduler, 400, () => frames, () => fired.push(scheduler.now()));
    scheduler.schedule(() => w.unsubscribe(), until);
  });
  return fired;
};

describe('frameWatchdog', () => {
  it('fires once after staleAfterMs of silence from the start', () => {
    expect(run([], 2000)).toEqual([400]);
  });

  it('never fires while frames keep coming faster than staleAfterMs', () => {
    expect(run([150, 450, 750, 1050, 1350, 1650, 1950], 2000)).toEqual([]);
  });

  it('fires between 1 and 1.25 × staleAfterMs after the last frame, never early', () => {
    for (const last of [1, 99, 100, 101, 250, 399]) {
      const [fired] = run([last], 3000);
      expect(fired! - last).toBeGreaterThanOrEqual(400);
      expect(fired! - last).toBeLessThanOrEqual(500);
    }
  });
});
