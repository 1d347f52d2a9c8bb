/**
 * Parameter checks of the simulator's commands (reference §3.2–3.4): the market selection of a
 * command and the flags of `subscribe`, each refusal a {@link CommandError} with Kalshi's code.
 *
 * @module
 */
import { CommandError, FILTERABLE, isStringArray } from './sim-rules.js';

/** What the market selection needs to know about markets. */
export interface MarketIds {
  tickerOfId(id: string): string | undefined;
}

/**
 * The markets a command selects (`market_ticker`, `market_tickers`, or `market_id(s)` on
 * `ticker`), or `undefined` for none. `[]` on a channel without a market filter means none.
 */
export function parseMarkets(params: Readonly<Record<string, unknown>>, channel: string | undefined, ids: MarketIds): string[] | undefined {
  const one = params['market_ticker'];
  const many = params['market_tickers'];
  const byId = params['market_id'] ?? params['market_ids'];
  if (one !== undefined && many !== undefined) throw new CommandError(11);
  if (byId !== undefined && channel !== undefined && channel !== 'ticker') throw new CommandError(11);
  if (one !== undefined) {
    if (typeof one !== 'string' || one === '') throw new CommandError(11);
    return [one];
  }
  if (many !== undefined) {
    // `[]` on a channel without a market filter means "no filter" (a widely used client sends it).
    if (Array.isArray(many) && many.length === 0 && channel !== undefined && !FILTERABLE.has(channel)) return undefined;
    if (!isStringArray(many) || many.length === 0) throw new CommandError(11);
    return [...new Set(many)];
  }
  if (byId !== undefined) {
    const list = typeof byId === 'string' ? [byId] : isStringArray(byId) ? byId : undefined;
    if (list === undefined) throw new CommandError(11);
    return list.map((marketId) => {
      const ticker = ids.tickerOfId(marketId);
      if (ticker === undefined) throw new CommandError(11);
      return ticker;
    });
  }
  return undefined;
}

/** Checks `shard_factor` / `shard_key` (errors 19–22) and the boolean flags of `subscribe` (error 11). */
export function checkSubscribeFlags(params: Readonly<Record<string, unknown>>): void {
  const sf = params['shard_factor'];
  const sk = params['shard_key'];
  if (sk !== undefined && sf === undefined) throw new CommandError(20);
  if (sf !== undefined) {
    if (typeof sf !== 'number' || !Number.isInteger(sf)) throw new CommandError(11);
    if (sf <= 0) throw new CommandError(19);
    if (sf > 100) throw new CommandError(22);
    if (sk !== undefined && (typeof sk !== 'number' || sk < 0 || sk >= sf)) throw new CommandError(21);
  }
  for (const flag of ['send_initial_snapshot', 'skip_ticker_ack', 'use_yes_price']) {
    if (params[flag] !== undefined && typeof params[flag] !== 'boolean') throw new CommandError(11);
  }
}
