/**
 * The relay's names on NATS: subjects, KV buckets and keys. Kalshi tickers contain dots
 * (`FED-23DEC-T3.00`), which separate subject tokens, so every market becomes one token with
 * `=XX` escapes (the UTF-8 bytes, hex) for anything outside `[A-Za-z0-9_-]`:
 * `FED-23DEC-T3.00` → `FED-23DEC-T3=2E00`. The same token is a valid KV key.
 *
 * | what | name |
 * |---|---|
 * | book updates of a market | `kalshi.<ns>.book.<token>` |
 * | tickers / trades of a market | `kalshi.<ns>.ticker.<token>`, `kalshi.<ns>.trade.<token>` |
 * | lifecycle messages | `kalshi.<ns>.lifecycle` |
 * | relay health, every second | `kalshi.<ns>.status` |
 * | current books (KV) | bucket `kalshi_<ns>_books`, key `book.<token>` |
 * | leader lease (KV, TTL) | bucket `kalshi_<ns>_lease`, key `leader` |
 *
 * @module
 */

const PLAIN = /^[A-Za-z0-9_-]$/;

/** A market ticker as one subject token / KV key part. @example encodeToken('FED-23DEC-T3.00') // 'FED-23DEC-T3=2E00' */
export function encodeToken(market: string): string {
  let out = '';
  for (const ch of market) {
    if (PLAIN.test(ch)) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The market ticker of a token. @example decodeToken('FED-23DEC-T3=2E00') // 'FED-23DEC-T3.00' */
export function decodeToken(token: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    if (token[i] === '=') {
      bytes.push(Number.parseInt(token.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(token.charCodeAt(i));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** A namespace: one exchange account's relay (`[a-z0-9_-]`, e.g. `prod` or `demo`). */
export function checkNamespace(ns: string): string {
  if (!/^[a-z0-9_-]{1,32}$/.test(ns)) throw new TypeError(`relay namespace must be 1-32 of [a-z0-9_-], got ${JSON.stringify(ns)}`);
  return ns;
}

/** Every NATS name of one relay namespace. */
export interface RelayNames {
  /** The subject of a market's book messages. */
  readonly book: (market: string) => string;
  /** The subject of a market's tickers. */
  readonly ticker: (market: string) => string;
  /** The subject of a market's trades. */
  readonly trade: (market: string) => string;
  /** Wildcard subject of every market's tickers. */
  readonly allTickers: string;
  /** Wildcard subject of every market's trades. */
  readonly allTrades: string;
  /** The subject of lifecycle messages. */
  readonly lifecycle: string;
  /** The subject of the leader's status, every second. */
  readonly status: string;
  /** The JetStream stream that keeps tickers, trades and lifecycle. */
  readonly stream: string;
  /** The subjects of that stream. */
  readonly streamSubjects: readonly string[];
  /** The KV bucket of current books (and the epoch counter). */
  readonly booksBucket: string;
  /** The KV bucket of the leader lease (entries expire). */
  readonly leaseBucket: string;
  /** The KV key of a market's book. */
  readonly bookKey: (market: string) => string;
  /** The KV key of the leader epoch counter. */
  readonly epochKey: string;
  /** The KV key of the lease. */
  readonly leaderKey: string;
}

/** Every name of one namespace. @example relayNames('prod').book('FED-23DEC-T3.00') // 'kalshi.prod.book.FED-23DEC-T3=2E00' */
export function relayNames(ns: string): RelayNames {
  checkNamespace(ns);
  return {
    book: (market) => `kalshi.${ns}.book.${encodeToken(market)}`,
    ticker: (market) => `kalshi.${ns}.ticker.${encodeToken(market)}`,
    trade: (market) => `kalshi.${ns}.trade.${encodeToken(market)}`,
    allTickers: `kalshi.${ns}.ticker.*`,
    allTrades: `kalshi.${ns}.trade.*`,
    lifecycle: `kalshi.${ns}.lifecycle`,
    status: `kalshi.${ns}.status`,
    stream: `KALSHI_${ns.toUpperCase().replace(/-/g, '_')}`,
    streamSubjects: [`kalshi.${ns}.ticker.>`, `kalshi.${ns}.trade.>`, `kalshi.${ns}.lifecycle`],
    booksBucket: `kalshi_${ns}_books`,
    leaseBucket: `kalshi_${ns}_lease`,
    bookKey: (market) => `book.${encodeToken(market)}`,
    epochKey: 'relay.epoch',
    leaderKey: 'leader',
  };
}
