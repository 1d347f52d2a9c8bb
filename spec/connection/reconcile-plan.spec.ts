// The one command reconcile() sends, as the server would receive it (a pure function, no socket):
// every plan names exactly the snapshots its command brings, so a book never waits for a
// snapshot nobody asked for and never asks again for one on the way.
import { describe, expect, it } from 'vitest';
import { MemberTable } from '../../lib/connection/member-table.js';
import { planStep, type PlanInput } from '../../lib/connection/reconcile-plan.js';
import { Refusals } from '../../lib/connection/refusals.js';
import type { Member } from '../../lib/connection/sink-port.js';
import { SnapshotNeeds } from '../../lib/connection/snapshot-needs.js';

const port = { data: () => undefined, status: () => undefined, problem: () => undefined, end: () => undefined };
let id = 0;
const member = (markets?: string[]): Member => ({ id: ++id, markets, port, live: false });

function input(over: Partial<PlanInput> & { wants?: (string[] | undefined)[] } = {}): PlanInput {
  const members = new MemberTable(true);
  for (const w of over.wants ?? [['A']]) members.add(member(w));
  return {
    sid: 4, channel: 'orderbook_delta', options: {}, actions: ['add_markets', 'delete_markets', 'get_snapshot'], books: true,
    members, server: new Set(['A']), needs: new SnapshotNeeds(), refusals: new Refusals(), replaceSid: false, ...over,
  };
}

describe('planStep', () => {
  it('nobody left: unsubscribe the sid (no snapshots), or release when there is none', () => {
    expect(planStep(input({ wants: [] }))).toEqual({ kind: 'send', phase: { kind: 'releasing', sid: 4 }, body: { cmd: 'unsubscribe', params: { sids: [4] } }, snapshots: [] });
    expect(planStep(input({ wants: [], sid: undefined }))).toEqual({ kind: 'released' });
  });

  it('no sid: one subscribe whose snapshots are its markets on a book channel, none otherwise', () => {
    expect(planStep(input({ sid: undefined, wants: [['A', 'B']] }))).toEqual({
      kind: 'send', phase: { kind: 'subscribing', markets: ['A', 'B'] }, body: { cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: ['A', 'B'] } }, snapshots: ['A', 'B'],
    });
    expect(planStep(input({ sid: undefined, channel: 'ticker', books: false, wants: [['A']] }))).toMatchObject({ snapshots: [] });
    expect(planStep(input({ sid: undefined, channel: 'ticker', books: false, wants: [undefined] }))).toEqual({
      kind: 'send', phase: { kind: 'subscribing', markets: undefined }, body: { cmd: 'subscribe', params: { channels: ['ticker'] } }, snapshots: [],
    });
  });

  it('a sid that must start over, or cannot widen to every market, is unsubscribed with no snapshots', () => {
    const release = { kind: 'send', phase: { kind: 'releasing', sid: 4 }, body: { cmd: 'unsubscribe', params: { sids: [4] } }, snapshots: [] };
    expect(planStep(input({ replaceSid: true }))).toEqual(release);
    expect(planStep(input({ wants: [['A'], undefined] }))).toEqual(release);
    expect(planStep(input({ wants: [undefined], server: 'all' }))).toEqual({ kind: 'none' });
  });

  it('a market joining: add_markets bringing its snapshot on a book channel, none on others', () => {
    expect(planStep(input({ wants: [['A', 'B']] }))).toEqual({
      kind: 'send', phase: { kind: 'updating', sid: 4, step: 'add_markets', markets: ['B'] },
      body: { cmd: 'update_subscription', params: { sid: 4, market_tickers: ['B'], action: 'add_markets' } }, snapshots: ['B'],
    });
    expect(planStep(input({ channel: 'ticker', books: false, wants: [['A', 'B']] }))).toMatchObject({ body: { params: { action: 'add_markets' } }, snapshots: [] });
  });

  it('a market leaving: delete_markets, which brings no snapshot', () => {
    expect(planStep(input({ server: new Set(['A', 'B']) }))).toEqual({
      kind: 'send', phase: { kind: 'updating', sid: 4, step: 'delete_markets', markets: ['B'] },
      body: { cmd: 'update_subscription', params: { sid: 4, market_tickers: ['B'], action: 'delete_markets' } }, snapshots: [],
    });
  });

  it('asks get_snapshot only for markets the server holds, somebody wants, and nobody asked for yet', () => {
    const needs = new SnapshotNeeds();
    needs.need(['A', 'B', 'C', 'D'], true);
    needs.requested(['D']);
    // A: held and wanted. B: wanted but not held yet (its add_markets brings it). C: held, unwanted.
    const i = input({ wants: [['A', 'B', 'D']], server: new Set(['A', 'C', 'D']), needs, actions: ['get_snapshot'] });
    // B is missing and this channel has no add_markets here, so the repeat subscribe comes first ...
    expect(planStep(i)).toMatchObject({ phase: { step: 'subscribe', markets: ['B'] }, snapshots: ['B'] });
    // ... once B is held too, the snapshot request names A and B only.
    const held = input({ wants: [['A', 'B', 'D']], server: new Set(['A', 'B', 'C', 'D']), needs, actions: ['get_snapshot'] });
    expect(planStep(held)).toEqual({
      kind: 'send', phase: { kind: 'updating', sid: 4, step: 'get_snapshot', markets: ['A', 'B'] },
      body: { cmd: 'update_subscription', params: { sid: 4, market_tickers: ['A', 'B'], action: 'get_snapshot' } }, snapshots: ['A', 'B'],
    });
  });

  it('nothing to do: none (and a channel without books asks no snapshot)', () => {
    expect(planStep(input())).toEqual({ kind: 'none' });
    const needs = new SnapshotNeeds();
    needs.need(['A'], true);
    expect(planStep(input({ books: false, channel: 'ticker', needs }))).toEqual({ kind: 'none' });
  });
});
