/**
 * The decision of `reconcile()`, as a pure function: given what the members want and what the
 * server has, the one command that closes the gap (or nothing, or "forget me"). Order: release
 * when nobody is left; replace a sid that must start over (or cannot widen to every market);
 * add missing markets (one batch, or one part of a refused batch); delete unwanted ones; ask
 * snapshots nobody asked for yet.
 *
 * @module
 */
import type { ChannelName } from '../channels/channel-names.js';
import type { CommandBody } from './command-path.js';
import type { MemberTable } from './member-table.js';
import type { Refusals } from './refusals.js';
import type { SnapshotNeeds } from './snapshot-needs.js';
import type { InFlightPhase, UpdateStep } from './subscription-phase.js';

/** What `reconcile()` reads. */
export interface PlanInput {
  readonly sid: number | undefined;
  readonly channel: ChannelName;
  readonly options: object;
  readonly actions: readonly string[];
  readonly books: boolean;
  readonly members: MemberTable;
  readonly server: ReadonlySet<string> | 'all';
  readonly needs: SnapshotNeeds;
  readonly refusals: Refusals;
  readonly replaceSid: boolean;
}

/** The one step to take. `snapshots`: markets whose snapshot the command brings. */
export type Plan =
  | { readonly kind: 'none' }
  | { readonly kind: 'released' }
  | { readonly kind: 'send'; readonly phase: InFlightPhase; readonly body: CommandBody; readonly snapshots: readonly string[] };

const NONE: Plan = { kind: 'none' };

const update = (sid: number, step: UpdateStep, markets: string[], extra: object, snapshots: readonly string[]): Plan => ({
  kind: 'send', phase: { kind: 'updating', sid, step, markets }, body: { cmd: 'update_subscription', params: { sid, market_tickers: markets, action: step, ...extra } }, snapshots,
});

/** Plans the next step from an `idle` (no sid) or `live` (sid, nothing in flight) subscription: one command to send, or nothing. */
export function planStep(i: PlanInput): Plan {
  const { sid, members } = i;
  if (members.size === 0) {
    return sid === undefined ? { kind: 'released' } : { kind: 'send', phase: { kind: 'releasing', sid }, body: { cmd: 'unsubscribe', params: { sids: [sid] } }, snapshots: [] };
  }
  if (sid === undefined) {
    const markets = members.wantsWhole ? undefined : i.refusals.nextBatch(members.markets());
    if (markets !== undefined && markets.length === 0) return NONE;
    const params = { channels: [i.channel], ...(markets === undefined ? {} : { market_tickers: markets }), ...i.options };
    return { kind: 'send', phase: { kind: 'subscribing', markets }, body: { cmd: 'subscribe', params }, snapshots: i.books ? markets ?? [] : [] };
  }
  const server = i.server;
  if (i.replaceSid || (members.wantsWhole && server !== 'all')) {
    return { kind: 'send', phase: { kind: 'releasing', sid }, body: { cmd: 'unsubscribe', params: { sids: [sid] } }, snapshots: [] };
  }
  if (server === 'all') return NONE;
  const toAdd = i.refusals.nextBatch(members.markets().filter((m) => !server.has(m)));
  const snapshots = i.books ? toAdd : [];
  if (toAdd.length > 0 && i.actions.includes('add_markets')) {
    const initial = (i.options as { send_initial_snapshot?: boolean }).send_initial_snapshot;
    return update(sid, 'add_markets', toAdd, initial === undefined ? {} : { send_initial_snapshot: initial }, snapshots);
  }
  if (toAdd.length > 0) {
    // No add_markets on this channel: a repeat subscribe merges into the sid.
    const body = { cmd: 'subscribe', params: { channels: [i.channel], market_tickers: toAdd, ...i.options } };
    return { kind: 'send', phase: { kind: 'updating', sid, step: 'subscribe', markets: toAdd }, body, snapshots };
  }
  const toDelete = [...server].filter((m) => !members.wants(m));
  if (toDelete.length > 0 && i.actions.includes('delete_markets')) return update(sid, 'delete_markets', toDelete, {}, []);
  if (!i.books) return NONE;
  const snap = i.needs.askable((m) => server.has(m) && members.wants(m));
  return snap.length === 0 ? NONE : update(sid, 'get_snapshot', snap, {}, snap);
}
