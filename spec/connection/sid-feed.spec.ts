// The hot path of one server subscription, as its members see it (no socket): a resync's market
// hears `live` when its snapshot arrives and not before, deltas of a market awaiting a snapshot
// never reach a member, the owner hears when the last awaited snapshot is in, and seq gaps and
// duplicates are reported, not delivered twice.
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../lib/channels/channel-names.js';
import type { SubscriptionStatus } from '../../lib/connection/connection-status.js';
import { MemberTable } from '../../lib/connection/member-table.js';
import type { Member } from '../../lib/connection/sink-port.js';
import { SidFeed, type CoreMetric } from '../../lib/connection/sid-feed.js';
import { SnapshotNeeds } from '../../lib/connection/snapshot-needs.js';
import type { DataMessage } from '../../lib/protocol/data-message.js';

interface Seen {
  data: DataMessage[];
  statuses: SubscriptionStatus[];
}

function member(id: number, markets: string[] | undefined, seen: Seen): Member {
  return {
    id, markets, live: false,
    port: { data: (m) => seen.data.push(m as DataMessage), status: (s) => seen.statuses.push(s), problem: () => undefined, end: () => undefined },
  };
}

const snapshot = (market: string, seq: number): DataMessage => ({ type: 'orderbook_snapshot', sid: 3, seq, msg: { market_ticker: market, yes: [], no: [] } }) as unknown as DataMessage;
const delta = (market: string, seq: number): DataMessage => ({ type: 'orderbook_delta', sid: 3, seq, msg: { market_ticker: market, price: 50, delta: 1, side: 'yes' } }) as unknown as DataMessage;

function rig() {
  const members = new MemberTable(true);
  const needs = new SnapshotNeeds();
  const a: Seen = { data: [], statuses: [] };
  const b: Seen = { data: [], statuses: [] };
  members.add(member(1, ['A'], a));
  members.add(member(2, ['B'], b));
  const counted: CoreMetric[] = [];
  let gaps = 0;
  let done = 0;
  const feed = new SidFeed(CHANNELS.orderbook_delta, members, needs, { count: (m) => counted.push(m), onGap: () => gaps++, onSnapshotsDone: () => done++ });
  feed.restart(0);
  return { feed, needs, a, b, counted, gaps: () => gaps, done: () => done };
}

const kinds = (s: Seen): string[] => s.data.map((m) => `${m.type}:${m.seq ?? ''}`);

describe('SidFeed', () => {
  it('holds back the deltas of a market awaiting its snapshot, and only that market', () => {
    const r = rig();
    r.needs.need(['A'], true);
    r.feed.onData(delta('A', 1));
    r.feed.onData(delta('B', 2));
    r.feed.onData(snapshot('A', 3));
    r.feed.onData(delta('A', 4));
    expect(kinds(r.a)).toEqual(['orderbook_snapshot:3', 'orderbook_delta:4']);
    expect(kinds(r.b)).toEqual(['orderbook_delta:2']);
    expect(r.counted).toEqual(['droppedUntilSnapshot']);
  });

  it('a resync market hears live with its snapshot; the others hear nothing', () => {
    const r = rig();
    r.needs.need(['A'], true);
    r.feed.onData(delta('B', 1));
    expect(r.a.statuses).toEqual([]);
    r.feed.onData(snapshot('A', 2));
    expect(r.a.statuses).toEqual([{ state: 'live', sid: 3, markets: ['A'] }]);
    expect(r.b.statuses).toEqual([]);
  });

  it('a snapshot that closes no resync (a plain need, or none) says nothing', () => {
    const r = rig();
    r.needs.need(['A'], false);
    r.feed.onData(snapshot('A', 1));
    r.feed.onData(snapshot('B', 2));
    expect(r.a.statuses).toEqual([]);
    expect(r.b.statuses).toEqual([]);
    expect(kinds(r.a)).toEqual(['orderbook_snapshot:1']);
    expect(kinds(r.b)).toEqual(['orderbook_snapshot:2']);
  });

  it('tells the owner once the last awaited snapshot is in', () => {
    const r = rig();
    r.needs.need(['A', 'B'], true);
    r.feed.onData(snapshot('A', 1));
    expect(r.done()).toBe(0);
    r.feed.onData(snapshot('B', 2));
    expect(r.done()).toBe(1);
  });

  it('reports a seq gap once and delivers the message; drops a duplicate', () => {
    const r = rig();
    r.feed.onData(delta('A', 1));
    r.feed.onData(delta('A', 3));
    r.feed.onData(delta('A', 3));
    expect(kinds(r.a)).toEqual(['orderbook_delta:1', 'orderbook_delta:3']);
    expect(r.a.statuses).toEqual([{ state: 'gap', sid: 3, expected: 2, received: 3 }]);
    expect(r.gaps()).toBe(1);
    expect(r.counted).toEqual(['gaps', 'duplicates']);
  });

  it('after a stale report, the next message says live again, once', () => {
    const r = rig();
    r.feed.onData(delta('A', 1));
    r.feed.checkStale(1_000, 1_000, 3); // samples the counter: data seen since the last look
    r.feed.checkStale(5_000, 1_000, 3);
    r.feed.checkStale(6_000, 1_000, 3);
    r.feed.onData(delta('B', 2));
    r.feed.onData(delta('B', 3));
    expect(r.a.statuses).toEqual([
      { state: 'stale', sid: 3, silentForMs: 4_000 },
      { state: 'live', sid: 3 },
    ]);
    expect(r.b.statuses).toEqual(r.a.statuses);
  });
});
