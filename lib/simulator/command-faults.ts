/**
 * Command-level faults of the simulator (for the subscription-core tests): answer a command
 * matched by `cmd` / `action` / market with an error, ignore or delay it, hold `get_snapshot`
 * snapshots, a market that starts refusing (error 11 naming it or not), and sockets killed a
 * fixed time after they open. Kept apart from the simulator's closure so the stages issue can
 * move each rule into its own stage.
 *
 * @module
 */

/** Which commands a rule applies to; every given field must match. */
export interface CommandMatch {
  readonly cmd?: string;
  readonly action?: string;
  /** The command names this market (`market_ticker` or in `market_tickers`). */
  readonly market?: string;
}

/** What happens to a matched command. */
export type CommandFaultEffect =
  | { readonly kind: 'ignore' }
  | { readonly kind: 'delay'; readonly ms: number }
  /** Answer with error `code` (naming the market when `nameMarket`); with `apply` the command takes effect first (its own reply is swallowed). */
  | { readonly kind: 'error'; readonly code: number; readonly nameMarket?: boolean; readonly apply?: boolean };

/** One rule: `times` matches (default: every match until cleared). */
export interface CommandRule {
  readonly match: CommandMatch;
  readonly effect: CommandFaultEffect;
  readonly times?: number;
}

/** The simulator's verdict on one command. */
export type CommandVerdict =
  | { readonly kind: 'pass' }
  | { readonly kind: 'ignore' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'error'; readonly code: number; readonly market: string | undefined; readonly apply?: boolean };

const PASS: CommandVerdict = { kind: 'pass' };

/** The market tickers a command names. @example marketsOfCommand({ params: { market_ticker: 'A' } }) // ['A'] */
export function marketsOfCommand(command: Record<string, unknown>): string[] {
  const params = command['params'];
  if (typeof params !== 'object' || params === null) return [];
  const p = params as Record<string, unknown>;
  const out: string[] = [];
  if (typeof p['market_ticker'] === 'string') out.push(p['market_ticker']);
  if (Array.isArray(p['market_tickers'])) for (const m of p['market_tickers']) if (typeof m === 'string') out.push(m);
  return out;
}

const actionOf = (command: Record<string, unknown>): unknown => (command['params'] as Record<string, unknown> | undefined)?.['action'];

/** The mutable fault state one simulator holds. */
export class CommandFaults {
  private rules: { rule: CommandRule; left: number }[] = [];
  private readonly refusing = new Map<string, boolean>();
  private holding = false;
  private readonly held: (() => void)[] = [];
  /** Kill every socket this many ms after it opens (0: off). */
  killAfterOpenMs = 0;
  private muting = false;

  /** Whether replies are swallowed right now (a command applied under an error fault). */
  get replyMuted(): boolean {
    return this.muting;
  }

  /** Runs `apply` with replies swallowed. */
  mute(apply: () => void): void {
    this.muting = true;
    try {
      apply();
    } finally {
      this.muting = false;
    }
  }

  /** Adds a rule. */
  add(rule: CommandRule): void {
    this.rules.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY });
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** `market` refuses from now on (error 11, naming it when `named`), or accepts again (`false`). */
  refuseMarket(market: string, named: boolean | 'stop'): void {
    if (named === 'stop') this.refusing.delete(market);
    else this.refusing.set(market, named);
  }

  /** Decides what happens to one parsed command. */
  decide(command: Record<string, unknown>): CommandVerdict {
    const markets = marketsOfCommand(command);
    const action = actionOf(command);
    if (action !== 'delete_markets' && command['cmd'] !== 'unsubscribe') {
      for (const m of markets) {
        const named = this.refusing.get(m);
        if (named !== undefined) return { kind: 'error', code: 11, market: named ? m : undefined };
      }
    }
    for (const entry of this.rules) {
      const { match, effect } = entry.rule;
      if (entry.left <= 0) continue;
      if (match.cmd !== undefined && match.cmd !== command['cmd']) continue;
      if (match.action !== undefined && match.action !== action) continue;
      if (match.market !== undefined && !markets.includes(match.market)) continue;
      entry.left--;
      if (effect.kind === 'error') {
        return { kind: 'error', code: effect.code, market: effect.nameMarket === true ? match.market ?? markets[0] : undefined, ...(effect.apply === true ? { apply: true } : {}) };
      }
      return effect;
    }
    return PASS;
  }

  /** Holds (true) the snapshots `get_snapshot` causes, or releases every held one (false). */
  holdSnapshots(on: boolean): void {
    this.holding = on;
    if (!on) for (const send of this.held.splice(0)) send();
  }

  /** Runs `send` now, or later when snapshots are held. */
  snapshot(send: () => void): void {
    if (this.holding) this.held.push(send);
    else send();
  }
}
