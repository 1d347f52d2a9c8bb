/**
 * The union of every data message, the per-channel message map and the typed unknown message.
 *
 * @module
 */
import type * as t from 'io-ts';
import { type AnyChannelSpec, CHANNEL_SPECS, type ChannelName, type ChannelSpecOf } from '../channels/channel-names.js';
import type { MessageOf } from '../channels/define-channel.js';

/** A message whose `type` kalshi-rx does not know yet: passed on, not an error. */
export interface UnknownMessage {
  readonly type: string;
  readonly sid: number | undefined;
  readonly seq: number | undefined;
  /** Marks it as unknown, so it can be told apart from every typed message. */
  readonly unknown: true;
  /** The whole parsed frame. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The codecs of a channel spec, by message `type`. */
export type CodecsOfSpec<S> = S extends { readonly codecs: infer C } ? C : never;
/** The intersection of the members of a union (`A | B` → `A & B`). */
export type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** Every message codec of every channel spec, by message `type`. */
export type AllCodecs = UnionToIntersection<CodecsOfSpec<AnyChannelSpec>>;

/** Codecs of every data message, keyed by `type` (derived from the channel specs). */
export const DATA_CODECS: { readonly [K in keyof AllCodecs]: AllCodecs[K] } = Object.assign({}, ...CHANNEL_SPECS.map((s) => s.codecs)) as never;

/** The `type` of a known data message. */
export type DataMessageType = Extract<keyof typeof DATA_CODECS, string>;

/** A decoded data message of a known type. */
export type DataMessage = { [K in DataMessageType]: t.TypeOf<(typeof DATA_CODECS)[K]> }[DataMessageType];

/**
 * The decoded messages each channel yields (derived from the channel specs). Messages of a type
 * kalshi-rx does not decode are not data: `events()` delivers them as `{ kind: 'unknown' }`.
 */
export type ChannelMessageMap = { [C in ChannelName]: MessageOf<ChannelSpecOf<C>> };

const marketFieldByType = new Map<string, 'market_ticker' | 'ticker' | null>(
  CHANNEL_SPECS.flatMap((spec) => Object.keys(spec.codecs).map((type) => [type, spec.marketField] as const)),
);

/** The market a data message concerns (the field its channel spec names), or `undefined` for channel-wide messages. */
export function marketOf(message: DataMessage | UnknownMessage): string | undefined {
  if ('unknown' in message) {
    const msg = message.raw['msg'];
    if (typeof msg === 'object' && msg !== null) {
      const m = (msg as Record<string, unknown>)['market_ticker'];
      return typeof m === 'string' ? m : undefined;
    }
    return undefined;
  }
  const field = marketFieldByType.get(message.type);
  if (field === undefined || field === null) return undefined;
  const m = (message.msg as Record<string, unknown>)[field];
  return typeof m === 'string' ? m : undefined;
}

/** Encodes a decoded message back to its exact wire shape (fixed-point strings), the inverse of decoding. */
export function encodeMessage(message: DataMessage): unknown {
  const codec = DATA_CODECS[message.type] as { encode: (m: DataMessage) => unknown };
  return codec.encode(message);
}
