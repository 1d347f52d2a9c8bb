// The set of markets awaiting a snapshot on one sid, as the subscription uses it (no socket,
// virtual time): a market is asked for once, its deadline starts when the command is
// acknowledged, a passed deadline makes it askable again (and the second miss is reported as a
// repeat), and a resync that overlaps a plain need still ends as a resync.
import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { SnapshotNeeds } from '../../lib/connection/snapshot-needs.js';

const all = (): boolean => true;

describe('SnapshotNeeds', () => {
  it('counts a market once however many triggers name it', () => {
    const n = new SnapshotNeeds();
    expect(n.need(['A', 'B'], false)).toEqual(['A', 'B']);
    expect(n.need(['B', 'C'], true)).toEqual(['C']);
    expect(n.need(['A'], false)).toEqual([]);
    expect(n.size).toBe(3);
    expect(n.has('A')).toBe(true);
    expect(n.has('D')).toBe(false);
    expect(n.askable(all)).toEqual(['A', 'B', 'C']);
    expect(n.askable((m) => m !== 'B')).toEqual(['A', 'C']);
  });

  it('a resync that overlaps an unasked plain need makes it a resync; an asked one stays as it was', () => {
    const n = new SnapshotNeeds();
    n.need(['A', 'B'], false);
    n.requested(['B']);
    expect(n.need(['A', 'B'], true)).toEqual([]);
    expect(n.askable(all)).toEqual(['A']);
    expect(n.arrived('A')).toBe(true);
    expect(n.arrived('B')).toBe(false);
    expect(n.size).toBe(0);
    // a resync need is not downgraded by a later plain one
    n.need(['C'], true);
    n.need(['C'], false);
    expect(n.arrived('C')).toBe(true);
    expect(n.arrived('C')).toBe(false);
  });

  it('a market asked for is not askable until its command fails or its deadline passes', () => {
    const n = new SnapshotNeeds();
    n.need(['A', 'B'], false);
    n.requested(['A', 'B']);
    expect(n.askable(all)).toEqual([]);
    expect(n.nextDeadline()).toBeUndefined();
    n.acknowledged(['A', 'B'], 1_000, 500);
    expect(n.nextDeadline()).toBe(1_500);
    n.unrequested(['A']);
    expect(n.askable(all)).toEqual(['A']);
    expect(n.nextDeadline()).toBe(1_500);
    n.unrequested(['B', 'Z']);
    expect(n.nextDeadline()).toBeUndefined();
    expect(n.askable(all)).toEqual(['A', 'B']);
    expect(n.size).toBe(2);
  });

  it('an acknowledgement starts deadlines only for markets that were asked for', () => {
    const n = new SnapshotNeeds();
    n.need(['A', 'B'], false);
    n.requested(['A']);
    n.acknowledged(['A', 'B', 'Z'], 100, 50);
    expect(n.expire(150)).toEqual({ expired: 1, repeated: 0 });
    expect(n.askable(all)).toEqual(['A', 'B']);
    expect(n.size).toBe(2);
  });

  it('a command for a market that needed nothing still records it as awaited, not as a resync', () => {
    const n = new SnapshotNeeds();
    n.requested(['A']);
    expect(n.has('A')).toBe(true);
    expect(n.askable(all)).toEqual([]);
    expect(n.need(['A'], true)).toEqual([]);
    expect(n.arrived('A')).toBe(false);
  });

  it('expires at the deadline exactly, counts repeats from the second miss, and keeps the count across needs', () => {
    const n = new SnapshotNeeds();
    n.need(['A', 'B'], false);
    n.requested(['A', 'B']);
    n.acknowledged(['A'], 0, 100);
    n.acknowledged(['B'], 0, 200);
    expect(n.expire(99)).toEqual({ expired: 0, repeated: 0 });
    expect(n.expire(100)).toEqual({ expired: 1, repeated: 0 });
    expect(n.askable(all)).toEqual(['A']);
    expect(n.nextDeadline()).toBe(200);
    // asked again, missed again: a repeat
    n.need(['A'], true);
    n.requested(['A']);
    n.acknowledged(['A'], 300, 100);
    expect(n.expire(400)).toEqual({ expired: 2, repeated: 1 });
    expect(n.nextDeadline()).toBeUndefined();
    expect(n.expire(10_000)).toEqual({ expired: 0, repeated: 0 });
  });

  it('forgets markets: one, the unwanted, or all', () => {
    const n = new SnapshotNeeds();
    n.need(['A', 'B', 'C', 'D'], false);
    n.delete('A');
    expect(n.has('A')).toBe(false);
    n.retain((m) => m !== 'C');
    expect(n.askable(all)).toEqual(['B', 'D']);
    n.clear();
    expect(n.size).toBe(0);
  });

  it('one alarm at the earliest deadline re-arms for the next and reports repeats', () => {
    const scheduler = new VirtualTimeScheduler();
    const n = new SnapshotNeeds();
    const heard: [number, number][] = [];
    const onExpired = (repeated: number): void => {
      heard.push([scheduler.now(), repeated]);
    };
    n.need(['A', 'B'], false);
    n.requested(['A', 'B']);
    n.acknowledged(['A'], 0, 100);
    n.acknowledged(['B'], 0, 250);
    n.arm(scheduler, onExpired);
    n.arm(scheduler, onExpired); // re-arming replaces the alarm, it does not add one
    scheduler.flush();
    expect(heard).toEqual([
      [100, 0],
      [250, 0],
    ]);
    expect(n.askable(all)).toEqual(['A', 'B']);
    n.requested(['A']);
    n.acknowledged(['A'], 250, 50);
    n.arm(scheduler, onExpired);
    scheduler.flush();
    expect(heard.at(-1)).toEqual([300, 1]);
  });

  it('an alarm with no deadline is not set, and clear() cancels a set one', () => {
    const scheduler = new VirtualTimeScheduler();
    const n = new SnapshotNeeds();
    let rang = 0;
    n.need(['A'], false);
    n.arm(scheduler, () => rang++);
    scheduler.flush();
    expect(rang).toBe(0);
    n.requested(['A']);
    n.acknowledged(['A'], 0, 100);
    n.arm(scheduler, () => rang++);
    n.clear();
    scheduler.flush();
    expect(rang).toBe(0);
  });
});
