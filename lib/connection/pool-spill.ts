/**
 * What a pool does with error 26 (the per-subscription market limit, whose number Kalshi does
 * not publish): a refusal of a single market while the server held `n` markets means the limit
 * is `n`, so the socket (and, by default, every socket) is capped there and the markets that do
 * not fit move to other sockets before more commands go out; a consumer whose part is refused
 * anyway is placed elsewhere instead of failing.
 *
 * @module
 */
import type { ChannelName } from '../channels/channel-names.js';
import type { PoolCore } from './pool-core.js';
import type { PoolMember, PoolPart } from './pool-member.js';
import { capOf } from './pool-placement.js';
import type { Slot } from './pool-slot.js';

/** The error-26 handling of one pool. */
export class LimitLearner {
  constructor(private readonly pool: PoolCore) {}

  /** A part was refused with error 26: its socket is full for the channel; its markets go elsewhere (false: nowhere). */
  spill(part: PoolPart<Slot>, error: Error): boolean {
    const markets = part.request.markets;
    if (markets === undefined || this.pool.isClosed) return false;
    const { slot, member } = part;
    const channel = part.request.channel;
    const held = slot.core?.serverMarkets(channel);
    const limit = Math.max(1, Array.isArray(held) ? held.length : slot.load.count(channel));
    slot.load.limits.set(channel, Math.min(slot.load.limits.get(channel) ?? Infinity, limit));
    this.pool.scheduler.schedule(() => {
      if (member.done || this.pool.isClosed) return;
      if (this.pool.place(member, markets, slot) !== undefined) member.finish(error);
    });
    return true;
  }

  /** A refusal of one market while `held` were held is exact: the limit is `held`; move what does not fit. */
  onMarketLimit(slot: Slot, channel: ChannelName, held: number, batch: number): void {
    if (batch !== 1) return;
    const limit = Math.max(1, held);
    slot.load.limits.set(channel, limit);
    this.pool.learned.set(channel, Math.min(this.pool.learned.get(channel) ?? Infinity, limit));
    for (const s of this.pool.slots) this.shed(s, channel);
  }

  /** Moves markets of `channel` beyond the socket's cap (those the server does not hold) to other sockets. */
  private shed(slot: Slot, channel: ChannelName): void {
    const excess = slot.load.count(channel) - capOf(slot.load, channel, this.pool.placement);
    if (excess <= 0) return;
    const held = slot.core?.serverMarkets(channel);
    const keep = held === 'all' ? undefined : new Set(held ?? []);
    if (keep === undefined) return;
    const moving = new Set(slot.load.marketsOf(channel).filter((m) => !keep.has(m)).slice(-excess));
    for (const part of [...slot.parts]) {
      const ms = part.request.markets;
      if (part.request.channel !== channel || ms === undefined || part.member.done || !part.member.parts.has(part)) continue;
      const out = ms.filter((m) => moving.has(m));
      if (out.length > 0) this.move(part, out);
    }
  }

  /** Moves `out` of a part's markets to other sockets (kept where they are when no socket has room). */
  private move(part: PoolPart<Slot>, out: readonly string[]): void {
    const { member, slot } = part;
    member.parts.delete(part);
    this.pool.detach(part);
    const stay = (part.request.markets ?? []).filter((m) => !out.includes(m));
    if (stay.length > 0) this.placeOn(member, slot, stay);
    if (this.pool.place(member, out, slot) !== undefined) this.placeOn(member, slot, out);
  }

  private placeOn(member: PoolMember<Slot>, slot: Slot, markets: readonly string[]): void {
    slot.load.add(member.request.channel, member.request.optionsKey, markets);
    this.pool.addPart(member, slot, markets);
  }
}
