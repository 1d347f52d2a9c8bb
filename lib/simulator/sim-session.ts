/**
 * `SimSession`: one client connection of the in-memory Kalshi, with no socket. It takes a
 * command (text or parsed) and returns the frames Kalshi would send, as values; it holds the
 * connection's subscriptions and their seq counters. Table-driven from the channel table and
 * the error table; refusals are values (`CommandError`), never exceptions that escape.
 *
 * The simulator runs one per WebSocket connection; the test kit's in-memory Kalshi runs one
 * per test socket, so both answer every command the same way.
 *
 * @module
 */
import type { SimSub } from './sim-state.js';
import { checkSubscribeFlags, parseMarkets } from './sim-params.js';
import { envelope } from './wire-frames.js';
import { ALL_ACTIONS, CommandError, FILTERABLE, isObject, isStringArray, KNOWN_CHANNELS, MARKET_ACTIONS, MESSAGES, PRIVATE, SEQUENCED } from './sim-rules.js';

/** Where a session reads markets from: the market model (simulator) or an open book of any ticker (test kit). */
export interface MarketSource {
  /** Whether `ticker` is a market (error 11 naming it otherwise). */
  has(ticker: string): boolean;
  /** The ticker of a market id, if any. */
  tickerOfId(id: string): string | undefined;
  /** Every market ticker (for `send_initial_snapshot` without a filter). */
  tickers(): readonly string[];
  /** The `msg` of a fresh `orderbook_snapshot`, or `undefined` when this source sends none. */
  snapshotBody(ticker: string, useYesPrice: boolean): string | undefined;
  /** The `msg` of a current `ticker`, or `undefined` when this source sends none. */
  tickerBody(ticker: string): string | undefined;
}

/**
 * One frame a session sends: a reply (object) or a data frame (pre-serialized body). A data frame
 * takes its `seq` when it is sent ({@link SimSession.text}), so a frame held back (a delayed
 * snapshot) still fits the sid's sequence when it goes out.
 */
export type Outbound =
  | { readonly kind: 'reply'; readonly frame: Readonly<Record<string, unknown>> }
  | { readonly kind: 'data'; readonly sub: SimSub; readonly type: string; readonly body: string };

/** Options of a session. */
export interface SessionOptions {
  readonly authenticated: boolean;
  readonly markets: MarketSource;
  /** Markets allowed per subscription; beyond it: error 26. */
  readonly maxMarketsPerSubscription?: number;
  /** update_subscription commands per second per subscription; beyond it: error 27. */
  readonly maxCommandsPerSecond?: number;
  /** Clock for the command rate (default `Date.now`). */
  readonly now?: () => number;
}

const idOf = (id: unknown): { id?: number } => (typeof id === 'number' ? { id } : {});
const errorFrame = (id: unknown, code: number, market?: string): Outbound => ({
  kind: 'reply',
  frame: { ...idOf(id), type: 'error', msg: { code, msg: MESSAGES[code] ?? 'Unable to process message', ...(market === undefined ? {} : { market_ticker: market }) } },
});

/** The command handler of one connection. */
export class SimSession {
  private nextSid = 1;
  /** Subscriptions by sid. */
  readonly subs = new Map<number, SimSub>();
  /** Subscriptions by channel (one sid per channel: a repeat subscribe merges). */
  readonly byChannel = new Map<string, SimSub>();
  private out: Outbound[] = [];

  constructor(private readonly options: SessionOptions) {}

  /** Whether the connection may use private channels. */
  get authenticated(): boolean {
    return this.options.authenticated;
  }

  /** Answers one command (a text frame, or an already parsed value): the frames to send, in order. */
  handle(command: unknown): Outbound[] {
    this.out = [];
    let cmd = command;
    if (typeof command === 'string') {
      try {
        cmd = JSON.parse(command) as unknown;
      } catch {
        return [errorFrame(undefined, 1)];
      }
    }
    if (!isObject(cmd)) return [errorFrame(undefined, 1)];
    const id = cmd['id'];
    if (id !== undefined && (typeof id !== 'number' || !Number.isInteger(id) || id < 0)) return [errorFrame(undefined, 1)];
    try {
      this.dispatch(id, cmd['cmd'], cmd['params']);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      this.out.push(errorFrame(id, e.code, e.market));
    }
    return this.out;
  }

  /** A data frame on `sub` (its seq is taken when it is sent). */
  data(sub: SimSub, type: string, body: string): Outbound {
    return { kind: 'data', sub, type, body };
  }

  /** The text of `out` as it goes out now: a data frame consumes its sid's next seq on sequenced channels. */
  static text(out: Outbound, sendingTsMs?: number): string {
    if (out.kind === 'reply') return JSON.stringify(out.frame);
    return envelope(out.type, out.sub.sid, SEQUENCED.has(out.sub.channel) ? ++out.sub.seq : undefined, out.body, sendingTsMs);
  }

  /** Whether `sub` receives messages of `market`. */
  static covers(sub: SimSub, market: string): boolean {
    return sub.markets === null || sub.markets.has(market);
  }

  /** Removes a subscription (the server killed it). */
  drop(sub: SimSub): void {
    this.subs.delete(sub.sid);
    if (this.byChannel.get(sub.channel) === sub) this.byChannel.delete(sub.channel);
  }

  private dispatch(id: unknown, name: unknown, params: unknown): void {
    if (name === 'list_subscriptions') {
      this.reply({ id, type: 'ok', msg: [...this.subs.values()].map((s) => ({ channel: s.channel, sid: s.sid })) });
      return;
    }
    if (name !== 'subscribe' && name !== 'unsubscribe' && name !== 'update_subscription') throw new CommandError(5);
    if (params === undefined) throw new CommandError(2);
    if (!isObject(params)) throw new CommandError(11);
    if (name === 'subscribe') this.subscribe(id, params);
    else if (name === 'unsubscribe') this.unsubscribe(id, params);
    else this.update(id, params);
  }

  private reply(frame: Record<string, unknown>): void {
    this.out.push({ kind: 'reply', frame });
  }

  /** `ok` for a subscription: its sid, its next seq on sequenced channels, and the full market list unless `skip_ticker_ack`. */
  private ok(id: unknown, sub: SimSub): void {
    const seq = SEQUENCED.has(sub.channel) ? ++sub.seq : undefined;
    this.reply({
      ...idOf(id), sid: sub.sid, ...(seq === undefined ? {} : { seq }), type: 'ok',
      ...(sub.skipAck || sub.markets === null ? {} : { msg: { market_tickers: [...sub.markets] } }),
    });
  }

  private snapshot(sub: SimSub, market: string): void {
    const body = this.options.markets.snapshotBody(market, sub.useYesPrice);
    if (body !== undefined) this.out.push(this.data(sub, 'orderbook_snapshot', body));
  }

  private initialTicker(sub: SimSub, market: string): void {
    const body = this.options.markets.tickerBody(market);
    if (body !== undefined) this.out.push(this.data(sub, 'ticker', body));
  }

  private checkKnown(list: readonly string[]): void {
    for (const m of list) if (!this.options.markets.has(m)) throw new CommandError(11, m);
  }

  private rateCheck(sub: SimSub): void {
    const limit = this.options.maxCommandsPerSecond;
    if (limit === undefined) return;
    const now = (this.options.now ?? Date.now)();
    sub.commandTimes = sub.commandTimes.filter((t) => now - t < 1000);
    if (sub.commandTimes.length >= limit) throw new CommandError(27);
    sub.commandTimes.push(now);
  }

  private marketLimit(count: number): void {
    const limit = this.options.maxMarketsPerSubscription;
    if (limit !== undefined && count > limit) throw new CommandError(26);
  }

  private subscribe(id: unknown, params: Record<string, unknown>): void {
    const channels = params['channels'];
    if (channels === undefined || (Array.isArray(channels) && channels.length === 0)) throw new CommandError(3);
    if (!isStringArray(channels)) throw new CommandError(11);
    for (const ch of channels) {
      if (!KNOWN_CHANNELS.has(ch)) throw new CommandError(8);
      if (PRIVATE.has(ch) && !this.options.authenticated) throw new CommandError(9);
    }
    checkSubscribeFlags(params);
    for (const ch of channels) {
      const list = parseMarkets(params, ch, this.options.markets);
      if (ch === 'orderbook_delta' && list === undefined) throw new CommandError(14);
      if (ch.startsWith('cfbenchmarks') && params['index_ids'] !== undefined && !isStringArray(params['index_ids'])) throw new CommandError(11);
      if (list !== undefined) this.checkKnown(list);
    }
    for (const ch of channels) this.subscribeOne(id, ch, FILTERABLE.has(ch) ? parseMarkets(params, ch, this.options.markets) : undefined, params);
  }

  private subscribeOne(id: unknown, ch: string, list: string[] | undefined, params: Record<string, unknown>): void {
    const existing = this.byChannel.get(ch);
    if (existing !== undefined) {
      // Idempotent repeat subscribe: merge new tickers into the existing sid and answer ok.
      const added: string[] = [];
      if (existing.markets !== null) {
        if (list === undefined) existing.markets = null;
        else {
          this.marketLimit(new Set([...existing.markets, ...list]).size);
          for (const m of list) if (!existing.markets.has(m)) { existing.markets.add(m); added.push(m); }
        }
      }
      this.ok(id, existing);
      if (ch === 'orderbook_delta') for (const m of added) this.snapshot(existing, m);
      return;
    }
    if (list !== undefined) this.marketLimit(list.length);
    const sub: SimSub = {
      sid: this.nextSid++, channel: ch, markets: list === undefined ? null : new Set(list), seq: 0,
      useYesPrice: params['use_yes_price'] === true, skipAck: params['skip_ticker_ack'] === true,
      sendInitialSnapshot: params['send_initial_snapshot'] === true, commandTimes: [],
    };
    this.subs.set(sub.sid, sub);
    this.byChannel.set(ch, sub);
    this.reply({ ...idOf(id), type: 'subscribed', msg: { channel: ch, sid: sub.sid } });
    if (ch === 'orderbook_delta') for (const m of list ?? []) this.snapshot(sub, m);
    if (ch === 'ticker' && sub.sendInitialSnapshot) for (const m of list ?? this.options.markets.tickers()) this.initialTicker(sub, m);
  }

  private unsubscribe(id: unknown, params: Record<string, unknown>): void {
    const sids = params['sids'];
    if (sids === undefined || (Array.isArray(sids) && sids.length === 0)) throw new CommandError(4);
    if (!Array.isArray(sids) || !sids.every((s) => typeof s === 'number')) throw new CommandError(11);
    for (const sid of sids as number[]) {
      const sub = this.subs.get(sid);
      if (sub === undefined) {
        this.out.push(errorFrame(id, 7));
        continue;
      }
      this.drop(sub);
      this.reply({ ...idOf(id), sid, seq: ++sub.seq, type: 'unsubscribed' });
    }
  }

  private update(id: unknown, params: Record<string, unknown>): void {
    const action = params['action'];
    if (action === undefined) throw new CommandError(15);
    const sid = params['sid'];
    const sids = params['sids'];
    if ((sid !== undefined && sids !== undefined) || (sid === undefined && sids === undefined)) throw new CommandError(12);
    if (sids !== undefined && (!Array.isArray(sids) || sids.length !== 1)) throw new CommandError(12);
    const target = sid !== undefined ? sid : (sids as unknown[])[0];
    if (typeof target !== 'number') throw new CommandError(11);
    if (typeof action !== 'string' || !ALL_ACTIONS.has(action)) throw new CommandError(13);
    const sub = this.subs.get(target);
    if (sub === undefined) throw new CommandError(7);
    if (!(MARKET_ACTIONS[sub.channel] ?? []).includes(action)) throw new CommandError(13);
    this.rateCheck(sub);
    if (action === 'subscribe_indices' || action === 'unsubscribe_indices') {
      if (!isStringArray(params['index_ids'])) throw new CommandError(24);
      this.reply({ ...idOf(id), sid: sub.sid, type: 'ok' });
      return;
    }
    if (action === 'subscribe_underlyings' || action === 'unsubscribe_underlyings') {
      if (!isStringArray(params['underlying_tickers']) || params['underlying_tickers'].length === 0) throw new CommandError(28);
      this.reply({ ...idOf(id), sid: sub.sid, seq: ++sub.seq, type: 'ok', msg: { underlying_tickers: params['underlying_tickers'] } });
      return;
    }
    if (action === 'indexlist') {
      this.reply({ ...idOf(id), sid: sub.sid, type: 'ok' });
      this.out.push(this.data(sub, 'cfbenchmarks_value_indexlist', JSON.stringify({ index_ids: ['BRTI', 'ETHUSD_RTI'] })));
      return;
    }
    this.marketAction(id, sub, action, params);
  }

  private marketAction(id: unknown, sub: SimSub, action: string, params: Record<string, unknown>): void {
    const list = parseMarkets(params, sub.channel, this.options.markets);
    if (list === undefined) throw new CommandError(14);
    this.checkKnown(list);
    if (action === 'get_snapshot') {
      this.ok(id, sub);
      for (const m of list) if (SimSession.covers(sub, m)) this.snapshot(sub, m);
      return;
    }
    if (action === 'add_markets') {
      const added = sub.markets === null ? [] : list.filter((m) => !(sub.markets as Set<string>).has(m));
      if (sub.markets !== null) {
        this.marketLimit(sub.markets.size + added.length);
        for (const m of added) sub.markets.add(m);
      }
      this.ok(id, sub);
      if (sub.channel === 'orderbook_delta') for (const m of added) this.snapshot(sub, m);
      if (sub.channel === 'ticker' && params['send_initial_snapshot'] === true) for (const m of added) this.initialTicker(sub, m);
      return;
    }
    if (sub.markets !== null) for (const m of list) sub.markets.delete(m);
    this.ok(id, sub);
  }
}
