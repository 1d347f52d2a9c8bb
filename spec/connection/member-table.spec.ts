// The routing table of one server subscription, as the router uses it (no socket): data,
// problems and statuses go to the members concerned with a market and to the members that want
// every market; `live` is told once per sid, only when every market a member named is held.
import { describe, expect, it } from 'vitest';
import type { SubscriptionStatus } from '../../lib/connection/connection-status.js';
import { MemberTable } from '../../lib/connection/member-table.js';
import type { Member, SubscriptionProblem } from '../../lib/connection/sink-port.js';

interface Heard {
  data: unknown[];
  statuses: SubscriptionStatus[];
  problems: SubscriptionProblem[];
  ended: unknown[];
}

let nextId = 1;
function member(markets?: string[]): Member & { heard: Heard } {
  const heard: Heard = { data: [], statuses: [], problems: [], ended: [] };
  return {
    id: nextId++,
    markets,
    live: false,
    heard,
    port: {
      data: (m) => heard.data.push(m),
      status: (s) => heard.statuses.push(s),
      problem: (p) => heard.problems.push(p),
      end: (e) => heard.ended.push(e),
    },
  };
}

const resyncing: SubscriptionStatus = { state: 'resyncing', sid: 7, markets: ['A'] };
const problem: SubscriptionProblem = { kind: 'server-error', code: 9, message: 'x', market: 'A' };

function filteredRig() {
  const table = new MemberTable(true);
  const a = member(['A']);
  const ab = member(['A', 'B']);
  const b = member(['B']);
  const whole = member();
  for (const m of [a, ab, b, whole]) table.add(m);
  return { table, a, ab, b, whole };
}

describe('MemberTable', () => {
  it('routes a market data message to its members and the whole-channel members, each once', () => {
    const { table, a, ab, b, whole } = filteredRig();
    table.deliver('A', 1);
    table.deliver('B', 2);
    table.deliver('C', 3);
    table.deliver(undefined, 4);
    expect(a.heard.data).toEqual([1, 4]);
    expect(ab.heard.data).toEqual([1, 2, 4]);
    expect(b.heard.data).toEqual([2, 4]);
    expect(whole.heard.data).toEqual([1, 2, 3, 4]);
  });

  it('sends a status naming markets only to the members concerned, once each', () => {
    const { table, a, ab, b, whole } = filteredRig();
    table.status(resyncing, ['A']);
    expect([a, ab, b, whole].map((m) => m.heard.statuses.length)).toEqual([1, 1, 0, 1]);
    table.status(resyncing, ['A', 'B']);
    expect([a, ab, b, whole].map((m) => m.heard.statuses.length)).toEqual([2, 2, 1, 2]);
    table.status(resyncing, []);
    expect([a, ab, b, whole].map((m) => m.heard.statuses.length)).toEqual([2, 2, 1, 3]);
    table.status(resyncing);
    expect([a, ab, b, whole].map((m) => m.heard.statuses.length)).toEqual([3, 3, 2, 4]);
  });

  it('on a channel without a market filter every member hears everything', () => {
    const table = new MemberTable(false);
    const a = member(['A']);
    const other = member(['B']);
    table.add(a);
    table.add(other);
    table.status(resyncing, ['A']);
    table.deliver('A', 1);
    table.problem('A', problem);
    expect(other.heard.statuses).toEqual([resyncing]);
    expect(other.heard.data).toEqual([1]);
    expect(other.heard.problems).toEqual([problem]);
    expect(table.wantsWhole).toBe(true);
  });

  it('reports a problem of a market to its members and the whole-channel members only', () => {
    const { table, a, ab, b, whole } = filteredRig();
    table.problem('A', problem);
    expect([a, ab, b, whole].map((m) => m.heard.problems.length)).toEqual([1, 1, 0, 1]);
    table.problem(undefined, problem);
    expect([a, ab, b, whole].map((m) => m.heard.problems.length)).toEqual([2, 2, 1, 2]);
  });

  it('tells live once per sid, and only to a member every one of whose markets is held', () => {
    const { table, a, ab, b, whole } = filteredRig();
    const held = new Set(['A']);
    table.reportLive(7, (m) => held.has(m), false);
    expect(a.heard.statuses).toEqual([{ state: 'live', sid: 7, markets: ['A'] }]);
    expect(ab.heard.statuses).toEqual([]);
    expect(b.heard.statuses).toEqual([]);
    expect(whole.heard.statuses).toEqual([]);
    held.add('B');
    table.reportLive(7, (m) => held.has(m), true);
    expect(a.heard.statuses).toHaveLength(1);
    expect(ab.heard.statuses).toEqual([{ state: 'live', sid: 7, markets: ['A', 'B'] }]);
    expect(b.heard.statuses).toEqual([{ state: 'live', sid: 7, markets: ['B'] }]);
    expect(whole.heard.statuses).toEqual([{ state: 'live', sid: 7 }]);
    table.resetLive();
    table.reportLive(8, (m) => held.has(m), true);
    expect(a.heard.statuses.at(-1)).toEqual({ state: 'live', sid: 8, markets: ['A'] });
    expect(whole.heard.statuses.at(-1)).toEqual({ state: 'live', sid: 8 });
  });

  it('keeps its market index exact as members come and go', () => {
    const { table, a, ab, b, whole } = filteredRig();
    expect(table.size).toBe(4);
    expect(table.markets()).toEqual(['A', 'B']);
    expect(table.membersOf('A')).toEqual([a, ab]);
    table.remove(ab);
    table.remove(a);
    expect(table.wants('A')).toBe(false);
    expect(table.markets()).toEqual(['B']);
    expect(table.has(a)).toBe(false);
    table.remove(whole);
    expect(table.wantsWhole).toBe(false);
    table.deliver('A', 1);
    expect(b.heard.data).toEqual([]);
    expect([a.heard.data, ab.heard.data, whole.heard.data]).toEqual([[], [], []]);
    expect(table.members()).toEqual([b]);
    // A member that leaves and comes back hears its market again, once.
    table.add(a);
    table.deliver('A', 2);
    expect(a.heard.data).toEqual([2]);
  });

  it('fails the members of one market, or every member, and takes them out', () => {
    const { table, a, ab, b, whole } = filteredRig();
    const error = new Error('refused');
    table.fail('A', error);
    expect(a.heard.ended).toEqual([error]);
    expect(ab.heard.ended).toEqual([error]);
    expect(b.heard.ended).toEqual([]);
    expect(table.members()).toEqual([b, whole]);
    expect(table.wants('B')).toBe(true);
    table.fail(undefined, error);
    expect(b.heard.ended).toEqual([error]);
    expect(whole.heard.ended).toEqual([error]);
    expect(table.size).toBe(0);
  });
  it('a member that names a market twice, or is added twice, hears each message once', () => {
    const table = new MemberTable(true);
    const twice = member(['A', 'A']);
    table.add(twice);
    table.add(twice);
    table.deliver('A', 1);
    expect(twice.heard.data).toEqual([1]);
    expect(table.membersOf('A')).toEqual([twice]);
  });

  it('removing one of three members of a market keeps the other two, in order', () => {
    const table = new MemberTable(true);
    const [x, y, z] = [member(['A']), member(['A']), member(['A'])];
    for (const m of [x, y, z]) table.add(m);
    table.remove(y);
    table.deliver('A', 1);
    expect([x.heard.data, y.heard.data, z.heard.data]).toEqual([[1], [], [1]]);
    expect(table.membersOf('A')).toEqual([x, z]);
    table.remove(x);
    table.deliver('A', 2);
    expect(z.heard.data).toEqual([1, 2]);
    expect(table.membersOf('A')).toEqual([z]);
  });
});
