/**
 * Where a pool puts each (channel, market): the load of every socket, the caps (the configured
 * `maxMarketsPerSocket` and the limit learned from error 26), and the default policy: a market
 * already on a socket stays there; otherwise the first socket with room whose subscription of
 * the channel has the same options; otherwise a new socket while the pool may open one. It
 * knows nothing about sockets or ports, so it is unit-tested alone.
 *
 * @module
 */
import type { ChannelName } from '../channels/channel-names.js';

/** One socket's load as the placement policy sees it. */
export interface SocketLoad {
  /** The socket's number in the pool. */
  readonly socket: number;
  /** Markets per channel placed on it (`-1`: the whole channel). */
  readonly markets: Readonly<Partial<Record<ChannelName, number>>>;
  /** The options key of each channel subscribed on it. */
  readonly options: Readonly<Partial<Record<ChannelName, string>>>;
  /** The market cap of each channel on it (configured cap and learned limit, the lower). */
  readonly caps: Readonly<Partial<Record<ChannelName, number>>>;
}

/**
 * A placement policy: the socket (by number) for one market of `channel`, `'new'` for a new
 * socket, or undefined to let the default decide. A socket whose `channel` has other options
 * cannot take it.
 */
export type AssignPolicy = (channel: ChannelName, market: string | undefined, sockets: readonly SocketLoad[]) => number | 'new' | undefined;

/** The channel load of one socket. */
interface ChannelLoad {
  readonly optionsKey: string;
  /** Market → how many parts hold it. */
  readonly markets: Map<string, number>;
  /** Parts that want the whole channel. */
  whole: number;
}

/** The placement table of one socket. */
export class SlotLoad {
  private readonly channels = new Map<ChannelName, ChannelLoad>();
  /** Limits learned from error 26, per channel. */
  readonly limits = new Map<ChannelName, number>();

  constructor(readonly socket: number) {}

  /** Whether `channel` with `optionsKey` may go on this socket (not there yet, or there with the same options). */
  compatible(channel: ChannelName, optionsKey: string): boolean {
    const c = this.channels.get(channel);
    return c === undefined || c.optionsKey === optionsKey;
  }

  /** Whether `market` of `channel` (undefined: the whole channel) is placed here. */
  holds(channel: ChannelName, market: string | undefined): boolean {
    const c = this.channels.get(channel);
    if (c === undefined) return false;
    return market === undefined ? c.whole > 0 : c.markets.has(market);
  }

  /** Markets of `channel` placed here. */
  count(channel: ChannelName): number {
    return this.channels.get(channel)?.markets.size ?? 0;
  }

  /** Markets of `channel` placed here, in placement order. */
  marketsOf(channel: ChannelName): string[] {
    return [...(this.channels.get(channel)?.markets.keys() ?? [])];
  }

  /** Whether nothing is placed here. */
  get empty(): boolean {
    return this.channels.size === 0;
  }

  /** One part holds `markets` of `channel` (undefined: the whole channel) here. */
  add(channel: ChannelName, optionsKey: string, markets: readonly string[] | undefined): void {
    let c = this.channels.get(channel);
    if (c === undefined) this.channels.set(channel, (c = { optionsKey, markets: new Map(), whole: 0 }));
    if (markets === undefined) c.whole++;
    else for (const m of markets) c.markets.set(m, (c.markets.get(m) ?? 0) + 1);
  }

  /** One part let go of `markets` of `channel` (undefined: the whole channel). */
  remove(channel: ChannelName, markets: readonly string[] | undefined): void {
    const c = this.channels.get(channel);
    if (c === undefined) return;
    if (markets === undefined) c.whole = Math.max(0, c.whole - 1);
    else {
      for (const m of markets) {
        const n = (c.markets.get(m) ?? 0) - 1;
        if (n > 0) c.markets.set(m, n);
        else c.markets.delete(m);
      }
    }
    if (c.whole === 0 && c.markets.size === 0) this.channels.delete(channel);
  }

  /** What the policy sees. */
  view(cap: (channel: ChannelName) => number): SocketLoad {
    const markets: Partial<Record<ChannelName, number>> = {};
    const options: Partial<Record<ChannelName, string>> = {};
    const caps: Partial<Record<ChannelName, number>> = {};
    for (const [ch, c] of this.channels) {
      markets[ch] = c.whole > 0 ? -1 : c.markets.size;
      options[ch] = c.optionsKey;
      caps[ch] = cap(ch);
    }
    return { socket: this.socket, markets, options, caps };
  }
}

/** The caps a placement works under. */
export interface PlacementLimits {
  /** Markets per channel and socket (the configured cap). */
  readonly maxMarketsPerSocket: number;
  /** Sockets the pool may have open at once (a rotation's replacement not counted). */
  readonly maxSockets: number;
  /** The limit learned from error 26 on any socket of the pool, per channel. */
  readonly learned: ReadonlyMap<ChannelName, number>;
}

/** The cap of `channel` on `slot`: the configured cap, or the lower learned limit. */
export function capOf(slot: SlotLoad, channel: ChannelName, limits: PlacementLimits): number {
  return Math.min(limits.maxMarketsPerSocket, slot.limits.get(channel) ?? Infinity, limits.learned.get(channel) ?? Infinity);
}

/**
 * The socket for one market (or the whole channel), by the default policy: `undefined` means
 * a new socket; `'full'` means no socket has room and no new one may open (the least loaded
 * compatible socket is then `fallback`, which the caller may use and let the server decide).
 */
export function chooseSlot(
  slots: readonly SlotLoad[],
  channel: ChannelName,
  optionsKey: string,
  market: string | undefined,
  limits: PlacementLimits,
  exclude?: SlotLoad,
): SlotLoad | undefined | { readonly full: true; readonly fallback: SlotLoad | undefined } {
  const usable = slots.filter((s) => s !== exclude && s.compatible(channel, optionsKey));
  const already = usable.find((s) => s.holds(channel, market));
  if (already !== undefined) return already;
  const room = market === undefined ? usable[0] : usable.find((s) => s.count(channel) < capOf(s, channel, limits));
  if (room !== undefined) return room;
  if (slots.length < limits.maxSockets) return undefined;
  let fallback: SlotLoad | undefined;
  for (const s of usable) if (fallback === undefined || s.count(channel) < fallback.count(channel)) fallback = s;
  return { full: true, fallback };
}
