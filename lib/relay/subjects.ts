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

/** Every name of one namespace. */
export function relayNames(ns: string) {
  checkNamespace(ns);
  return {
    book: (market: string) => `kalshi.${ns}.book.${encodeToken(market)}`,
    ticker: (market: string) => `kalshi.${ns}.ticker.${encodeToken(market)}`,
    trade: (market: string) => `kalshi.${ns}.trade.${encodeToken(market)}`,
    allTickers: `kalshi.${ns}.ticker.*`,
    allTrades: `kalshi.${ns}.trade.*`,
    lifecycle: `kalshi.${ns}.lifecycle`,
    status: `kalshi.${ns}.status`,
    stream: `KALSHI_${ns.toUpperCase().replace(/-/g, '_')}`,
    streamSubjects: [`kalshi.${ns}.ticker.>`, `kalshi.${ns}.trade.>`, `kalshi.${ns}.lifecycle`],
    booksBucket: `kalshi_${ns}_books`,
    leaseBucket: `kalshi_${ns}_lease`,
    bookKey: (market: string) => `book.${encodeToken(market)}`,
    epochKey: 'relay.epoch',
    leaderKey: 'leader',
  } as const;
}

/** The names of one namespace. */
export type RelayNames = ReturnType<typeof relayNames>;
