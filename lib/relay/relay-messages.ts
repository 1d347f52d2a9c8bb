/**
 * What the relay publishes, as JSON. Prices and sizes are the library's exact integers
 * (`Price` 1/10,000 $, `Count` 1/100 contract), NO-leg prices as `orderbook()` keeps them.
 * Every book message carries the leader's `epoch` and a per-market relay sequence `rs`.
 *
 * @module
 */

/** The state of a book as the relay holds it (the KV value, and the `snap` message). */
export interface BookState {
  readonly market: string;
  /** The leader epoch that wrote it. */
  readonly e: number;
  /** The relay sequence it corresponds to: updates with `rs` greater than this follow it. */
  readonly rs: number;
  readonly status: 'live' | 'stale';
  readonly yes: readonly (readonly [number, number])[];
  readonly no: readonly (readonly [number, number])[];
}

/** One message on a book subject. */
export type BookMessage =
  | ({ readonly k: 'snap' } & BookState)
  /** A level's new quantity (0: the level is gone). */
  | { readonly k: 'level'; readonly e: number; readonly rs: number; readonly side: 'yes' | 'no'; readonly price: number; readonly qty: number }
  /** The book became stale (the relay's Kalshi side lost continuity) or live again (a `snap` follows). */
  | { readonly k: 'status'; readonly e: number; readonly rs: number; readonly status: 'live' | 'stale' };

/** The relay's health, on the status subject every second. */
export interface RelayStatus {
  readonly id: string;
  readonly e: number;
  readonly leader: boolean;
  readonly markets: readonly string[];
  /** The state of the relay's Kalshi connection. */
  readonly kalshi: string;
  /** Milliseconds since the relay last received a Kalshi message. */
  readonly messageAgeMs: number;
  readonly at: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** JSON bytes of a relay message. */
export const encodeJson = (value: unknown): Uint8Array => enc.encode(JSON.stringify(value));

/** A relay message from JSON bytes, or `undefined` when it is not JSON. */
export function decodeJson<T>(data: Uint8Array): T | undefined {
  try {
    return JSON.parse(dec.decode(data)) as T;
  } catch {
    return undefined;
  }
}
