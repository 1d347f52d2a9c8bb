/**
 * What the bench's exchange answers to a client's command (subscribe, update_subscription,
 * unsubscribe; one fixed sid per channel, snapshots of the workload's books on subscribe and
 * add_markets): shared by the firehose thread (over `ws`) and the in-memory socket of
 * `path-pass.ts`, so both serve the same conversation.
 */
import { SID, type Workload } from './workload.js';

/** One channel subscription of a bench connection. */
export interface BenchSub {
  readonly sid: number;
  seq: number;
  /** `null`: every market. */
  readonly markets: Set<string> | null;
}

const CHANNEL_SID: Record<string, number> = { orderbook_delta: SID.orderbook_delta, ticker: SID.ticker, trade: SID.trade };

const list = (v: unknown): string[] | undefined => (Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : undefined);

/** The frames answering one command `text` on a connection whose subscriptions are `subs` (updated). */
export function benchAnswers(text: string, subs: Map<number, BenchSub>, workload: Workload): string[] {
  let cmd: { id?: number; cmd?: string; params?: Record<string, unknown> };
  try {
    cmd = JSON.parse(text) as typeof cmd;
  } catch {
    return [];
  }
  const out: string[] = [];
  const p = cmd.params ?? {};
  const id = typeof cmd.id === 'number' ? `"id":${cmd.id},` : '';
  const snapshot = (sub: BenchSub, market: string): void => {
    const body = workload.snapshotBodies.get(market);
    if (body !== undefined) out.push(`{"type":"orderbook_snapshot","sid":${sub.sid},"seq":${++sub.seq},"msg":${body}}`);
  };
  switch (cmd.cmd) {
    case 'subscribe': {
      const markets = list(p['market_tickers']) ?? list(p['market_ticker']);
      for (const channel of (p['channels'] as string[] | undefined) ?? []) {
        const sid = CHANNEL_SID[channel];
        if (sid === undefined) {
          out.push(`{${id}"type":"error","msg":{"code":8,"msg":"Unknown channel name"}}`);
          continue;
        }
        const sub: BenchSub = { sid, seq: 0, markets: markets === undefined ? null : new Set(markets) };
        subs.set(sid, sub);
        out.push(`{${id}"type":"subscribed","msg":{"channel":"${channel}","sid":${sid}}}`);
        if (sid === SID.orderbook_delta) for (const m of markets ?? workload.markets) snapshot(sub, m);
      }
      return out;
    }
    case 'update_subscription': {
      const sid = (p['sid'] as number | undefined) ?? (p['sids'] as number[] | undefined)?.[0];
      const sub = sid === undefined ? undefined : subs.get(sid);
      const markets = list(p['market_tickers']) ?? [];
      if (sub === undefined) return [`{${id}"type":"error","msg":{"code":5,"msg":"Subscription not found"}}`];
      const action = p['action'];
      if (action === 'add_markets') for (const m of markets) sub.markets?.add(m);
      if (action === 'delete_markets') for (const m of markets) sub.markets?.delete(m);
      const all = sub.markets === null ? '' : `,"msg":{"market_tickers":${JSON.stringify([...sub.markets])}}`;
      out.push(`{${id}"sid":${sub.sid},"seq":${++sub.seq},"type":"ok"${all}}`);
      if (sub.sid === SID.orderbook_delta && (action === 'add_markets' || action === 'get_snapshot')) for (const m of markets) snapshot(sub, m);
      return out;
    }
    case 'unsubscribe':
      for (const sid of (p['sids'] as number[] | undefined) ?? []) {
        if (subs.delete(sid)) out.push(`{${id}"sid":${sid},"type":"unsubscribed"}`);
      }
      return out;
    default:
      return [`{${id}"type":"error","msg":{"code":13,"msg":"Unsupported action"}}`];
  }
}
