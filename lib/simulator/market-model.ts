/**
 * The simulator's seeded market model: per market an exact order book (integer-scaled prices
 * and counts) that changes realistically (subpenny levels on some markets, fractional counts
 * sometimes), trades that consume liquidity, an own order flow for the private channels, and
 * lifecycle events. Every step returns the events it caused.
 *
 * @module
 */
import { prng, type Prng } from './prng.js';

/** A side of the book. */
export type SimSide = 'yes' | 'no';

/** One level change (`delta` in 1/100 contract, `price` in 1/10,000 dollar on that side's own scale). */
export interface DeltaEvent { readonly kind: 'delta'; readonly market: string; readonly side: SimSide; readonly price: number; readonly delta: number; readonly own: boolean }
/** A trade: `takerSide` bought; it consumed the best bid of the other side. */
export interface TradeEvent {
  readonly kind: 'trade'; readonly market: string; readonly tradeId: string; readonly yesPrice: number; readonly count: number;
  readonly takerSide: SimSide; readonly ts: number; readonly own: boolean;
}
/** The simulated user's order executed (taker): order, fill and position updates. */
export interface OwnFillEvent {
  readonly kind: 'own-fill'; readonly market: string; readonly tradeId: string; readonly orderId: string; readonly clientOrderId: string;
  readonly side: SimSide; readonly yesPrice: number; readonly count: number; readonly fee: number; readonly ts: number;
  readonly position: number; readonly positionCost: number; readonly feesPaid: number; readonly volume: number;
}
/** A lifecycle event of a market. */
export interface LifecycleEvent { readonly kind: 'lifecycle'; readonly market: string; readonly eventType: 'close_date_updated' | 'deactivated' | 'activated'; readonly closeTs?: number; readonly isDeactivated?: boolean }
/** The ticker of a market changed. */
export interface TickerEvent { readonly kind: 'ticker'; readonly market: string }

/** Anything a model step produces. */
export type MarketEvent = DeltaEvent | TradeEvent | OwnFillEvent | LifecycleEvent | TickerEvent;

/** One market's state. */
export class SimMarket {
  readonly yes = new Map<number, number>();
  readonly no = new Map<number, number>();
  lastPrice = 5000;
  volume = 0;
  openInterest = 0;
  lastTradeSize = 0;
  dollarVolume = 0;
  dollarOpenInterest = 0;
  position = 0;
  positionCost = 0;
  feesPaid = 0;
  ownVolume = 0;
  closeTs = 1_900_000_000;

  constructor(readonly ticker: string, readonly id: string, readonly tick: number) {}

  /** Best bid of a side (own scale), or 0 when empty. */
  best(side: SimSide): number {
    let best = 0;
    for (const p of (side === 'yes' ? this.yes : this.no).keys()) if (p > best) best = p;
    return best;
  }

  /** Resting quantity at a level. */
  qty(side: SimSide, price: number): number {
    return (side === 'yes' ? this.yes : this.no).get(price) ?? 0;
  }

  /** Applies a delta exactly; a level reaching 0 is removed. */
  apply(side: SimSide, price: number, delta: number): void {
    const book = side === 'yes' ? this.yes : this.no;
    const next = (book.get(price) ?? 0) + delta;
    if (next < 0) throw new RangeError(`simulator book went negative at ${this.ticker} ${side} ${price}`);
    if (next === 0) book.delete(price);
    else book.set(price, next);
  }

  /** Levels of a side ascending by price, as `[price, count]` integers. */
  levels(side: SimSide): [number, number][] {
    return [...(side === 'yes' ? this.yes : this.no).entries()].sort((a, b) => a[0] - b[0]);
  }
}

/** Options of the market model. */
export interface MarketModelOptions {
  readonly seed: number;
  readonly markets: readonly string[];
  /** Levels per side at start (default 12). */
  readonly depth?: number;
  /** Probability that the simulated user trades on a step (default 0.03). */
  readonly ownFlowRate?: number;
  /**
   * Start of a model clock that advances 100 ms per step (deterministic streams). Without it
   * the model reads the real clock, so timestamps look like the live exchange's.
   */
  readonly startTimeMs?: number;
}

const uuidFrom = (r: Prng): string => {
  const h = (n: number): string => Array.from({ length: n }, () => r.int(0, 15).toString(16)).join('');
  return `${h(8)}-${h(4)}-4${h(3)}-a${h(3)}-${h(12)}`;
};

/** The deterministic market model behind the simulator. */
export class MarketModel {
  readonly markets = new Map<string, SimMarket>();
  private readonly r: Prng;
  private tradeSeq = 0;
  private orderSeq = 0;
  private clock: number;
  private readonly realClock: boolean;
  private readonly ownFlowRate: number;

  constructor(options: MarketModelOptions) {
    this.r = prng(options.seed);
    this.ownFlowRate = options.ownFlowRate ?? 0.03;
    this.realClock = options.startTimeMs === undefined;
    this.clock = options.startTimeMs ?? Date.now();
    const depth = options.depth ?? 12;
    for (const [i, ticker] of options.markets.entries()) {
      // Every third market trades on a tenth-of-a-cent grid (subpenny).
      const tick = i % 3 === 2 ? 10 : 100;
      const m = new SimMarket(ticker, uuidFrom(this.r), tick);
      const fair = Math.round(this.r.int(2000, 8000) / tick) * tick;
      for (let k = 1; k <= depth; k++) {
        const yp = fair - k * tick;
        const np = 10_000 - fair - k * tick;
        if (yp > 0) m.yes.set(yp, this.size());
        if (np > 0) m.no.set(np, this.size());
      }
      m.lastPrice = fair;
      this.markets.set(ticker, m);
    }
  }

  /** Milliseconds of the model clock: the real clock, or 100 ms per step from `startTimeMs`. */
  get now(): number {
    return this.clock;
  }

  private size(): number {
    // Mostly whole contracts; sometimes fractional (fractional trading).
    const whole = this.r.int(1, 500) * 100;
    return this.r.next() < 0.15 ? whole + this.r.int(1, 99) : whole;
  }

  /** Advances the model by one step and returns what happened. */
  step(): MarketEvent[] {
    // Never backwards, even if the wall clock steps back.
    this.clock = this.realClock ? Math.max(this.clock, Date.now()) : this.clock + 100;
    const tickers = [...this.markets.keys()];
    if (tickers.length === 0) return [];
    const m = this.markets.get(this.r.pick(tickers)) as SimMarket;
    const roll = this.r.next();
    if (roll < this.ownFlowRate) return this.ownTrade(m);
    if (roll < 0.12) return this.trade(m, false);
    if (roll < 0.125) {
      m.closeTs += 3600;
      return [{ kind: 'lifecycle', market: m.ticker, eventType: 'close_date_updated', closeTs: m.closeTs }];
    }
    if (roll < 0.55) return this.add(m);
    return this.cancel(m);
  }

  private add(m: SimMarket): MarketEvent[] {
    const side: SimSide = this.r.next() < 0.5 ? 'yes' : 'no';
    const other = m.best(side === 'yes' ? 'no' : 'yes');
    // Never cross: yes bid + no bid stays below $1.00.
    const ceiling = 10_000 - (other === 0 ? 100 : other) - m.tick;
    if (ceiling < m.tick) return [];
    const levels = Math.max(1, Math.min(20, Math.floor(ceiling / m.tick)));
    const price = ceiling - this.r.int(0, levels - 1) * m.tick;
    const delta = this.size();
    m.apply(side, price, delta);
    return [{ kind: 'delta', market: m.ticker, side, price, delta, own: false }, { kind: 'ticker', market: m.ticker }];
  }

  private cancel(m: SimMarket): MarketEvent[] {
    const side: SimSide = this.r.next() < 0.5 ? 'yes' : 'no';
    const levels = m.levels(side);
    if (levels.length <= 2) return this.add(m);
    const [price, qty] = this.r.pick(levels);
    const part = this.r.next() < 0.5 ? qty : Math.max(1, Math.floor(qty * this.r.next()));
    m.apply(side, price, -part);
    return [{ kind: 'delta', market: m.ticker, side, price, delta: -part, own: false }, { kind: 'ticker', market: m.ticker }];
  }

  /** A taker buys `takerSide`, consuming the best bid of the other side. */
  private trade(m: SimMarket, own: boolean, takerSide: SimSide = this.r.next() < 0.5 ? 'yes' : 'no', wanted?: number): MarketEvent[] {
    const hit: SimSide = takerSide === 'yes' ? 'no' : 'yes';
    const best = m.best(hit);
    if (best === 0) return [];
    const avail = m.qty(hit, best);
    const count = Math.min(avail, wanted ?? Math.max(1, Math.floor(avail * this.r.next() * 0.6)));
    m.apply(hit, best, -count);
    const yesPrice = hit === 'yes' ? best : 10_000 - best;
    m.lastPrice = yesPrice;
    m.volume += count;
    // A trade opens new contracts or closes existing ones: open interest goes both ways.
    const closing = m.openInterest > 0 && this.r.next() < 0.4 ? Math.min(m.openInterest, count) : 0;
    m.openInterest += closing > 0 ? -closing : count;
    m.lastTradeSize = count;
    m.dollarVolume += Math.round((count * yesPrice) / 1_000_000);
    m.dollarOpenInterest = Math.round((m.openInterest * m.lastPrice) / 1_000_000);
    const tradeId = `t-${++this.tradeSeq}`;
    return [
      { kind: 'delta', market: m.ticker, side: hit, price: best, delta: -count, own },
      { kind: 'trade', market: m.ticker, tradeId, yesPrice, count, takerSide, ts: this.clock, own },
      { kind: 'ticker', market: m.ticker },
    ];
  }

  private ownTrade(m: SimMarket): MarketEvent[] {
    const side: SimSide = this.r.next() < 0.5 ? 'yes' : 'no';
    const events = this.trade(m, true, side, this.r.int(1, 20) * 100);
    const t = events.find((e): e is TradeEvent => e.kind === 'trade');
    if (t === undefined) return events;
    const sidePrice = side === 'yes' ? t.yesPrice : 10_000 - t.yesPrice;
    // Fee in 1/1,000,000 dollar: 0.07 · C · P · (1 − P), rounded up to the cent like Kalshi.
    const feeCents = Math.ceil((7 * (t.count / 100) * sidePrice * (10_000 - sidePrice)) / 1e8);
    const fee = feeCents * 10_000;
    const signed = side === 'yes' ? t.count : -t.count;
    m.position += signed;
    m.positionCost += t.count * sidePrice; // (1/100 contract) · (1/10,000 dollar) = 1/1,000,000 dollar
    m.feesPaid += fee;
    m.ownVolume += t.count;
    const orderId = uuidFrom(this.r);
    return [...events, {
      kind: 'own-fill', market: m.ticker, tradeId: t.tradeId, orderId, clientOrderId: `sim-${++this.orderSeq}`, side,
      yesPrice: t.yesPrice, count: t.count, fee, ts: t.ts, position: m.position, positionCost: m.positionCost, feesPaid: m.feesPaid, volume: m.ownVolume,
    }];
  }
}
