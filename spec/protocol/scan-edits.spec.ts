// Every one-character edit of a hot frame: the scanner takes the edited text only when JSON.parse
// + the codec give the same value, and decodeFrame classifies it as the JSON.parse path does.
// Random near-misses (scan-decode.spec.ts) reach the common ways a frame goes wrong; this walks
// all of the small ones, deterministically and without a cap on the number of cases: a colon,
// comma, quote or brace dropped, doubled or swapped for another at every position, in frames in
// Kalshi's order (an edit takes them off the live expression, onto the general scanner) and in
// the other orders the general scanner reads.
import { describe, expect, it } from 'vitest';
import { scanFrame } from '../../lib/protocol/scan-decode.js';
import { check } from '../helpers/scan-reference.js';

const DELTA = '{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"KX-T1","market_id":"u1","price_dollars":"0.5600","delta_fp":"-5.00","side":"no","ts":"2026-08-27T13:56:23.996443Z","ts_ms":1787838983996}}';
const SNAPSHOT = '{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"KX-T1","market_id":"u1","yes_dollars_fp":[["0.0100","1410.00"],["0.0200","3.50"]],"no_dollars_fp":[["0.0100","100.00"]]}}';
const TICKER = '{"type":"ticker","sid":4,"msg":{"market_id":"ef79","market_ticker":"KX-T1","price_dollars":"0.0000","yes_bid_dollars":"0.0100","yes_ask_dollars":"0.9800","volume_fp":"0.00","open_interest_fp":"0.00","yes_bid_size_fp":"1410.00","yes_ask_size_fp":"2500.00","last_trade_size_fp":"0.00","ts":1787838990,"ts_ms":1787838990880}}';
const TRADE = '{"type":"trade","sid":3,"seq":1,"msg":{"count_fp":"2.00","market_ticker":"K","no_price_dollars":"0.2000","taker_book_side":"ask","taker_outcome_side":"no","taker_side":"no","trade_id":"t","ts":1786956599,"ts_ms":1786956599391,"yes_price_dollars":"0.8000"}}';

/** The frames whose edits are walked: Kalshi's order, and the other orders of the general scanner. */
const BASES: readonly (readonly [string, string])[] = [
  ['delta', DELTA],
  ['delta, msg keys reordered', DELTA.replace('"market_ticker":"KX-T1","market_id":"u1",', '').replace('"side":"no",', '"side":"no","market_id":"u1","market_ticker":"KX-T1",')],
  ['delta, envelope reordered', '{"sid":1,"seq":2,"type":"orderbook_delta","msg":' + DELTA.slice(DELTA.indexOf('"msg":') + 6)],
  ['delta, msg before type', `{"msg":${DELTA.slice(DELTA.indexOf('"msg":') + 6, -1)},"type":"orderbook_delta","sid":1,"seq":2}`],
  ['snapshot', SNAPSHOT],
  ['ticker', TICKER],
  ['ticker, market_ticker first', TICKER.replace('"market_id":"ef79","market_ticker":"KX-T1"', '"market_ticker":"KX-T1","market_id":"ef79"')],
  ['trade', TRADE],
];

/** Characters that change what JSON means, and two that do not. */
const EDITS = ['"', ':', ',', '{', '}', '[', ']', '\\', '0', '-', '.', 'x'];

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Every text one edit away from `base`: each character deleted, each of EDITS put before it and in its place. */
function* oneEditFrom(base: string): Generator<string> {
  for (let i = 0; i <= base.length; i++) {
    if (i < base.length) yield base.slice(0, i) + base.slice(i + 1);
    for (const c of EDITS) {
      yield base.slice(0, i) + c + base.slice(i);
      if (i < base.length && base[i] !== c) yield base.slice(0, i) + c + base.slice(i + 1);
    }
  }
}

describe('one-character edits of the hot frames', () => {
  it.each(BASES)('%s: the base frame is valid and taken by the scanner', (_name, base) => {
    expect(check(base)).toBe(true);
    expect(scanFrame(base)).toBeDefined();
  });

  it.each(BASES)('%s: every edit is taken only with the codec\'s value, and classified as JSON.parse does', (_name, base) => {
    let edits = 0;
    let parsed = 0;
    let taken = 0;
    const takenButNotJson: string[] = [];
    for (const text of oneEditFrom(base)) {
      edits++;
      if (!parses(text)) {
        // Most edits break the JSON: the scanner must leave them to JSON.parse (check() would say
        // the same, at many times the cost).
        if (scanFrame(text) !== undefined) takenButNotJson.push(text);
        continue;
      }
      parsed++;
      if (check(text)) taken++;
    }
    expect(takenButNotJson).toEqual([]);
    // The walk reached every position; some edits stay JSON (a digit in a number or a string) and some of those are taken.
    expect(edits).toBeGreaterThan(base.length * EDITS.length);
    expect(parsed).toBeGreaterThan(base.length);
    expect(taken).toBeGreaterThan(0);
    // A walk is thousands of decodes (~1 s here, several under Stryker's instrumentation).
  }, 60_000);
});

describe('envelope keys given twice (JSON.parse keeps the last)', () => {
  const tail = (frame: string): string => frame.slice(1, -1);
  const deltaBody = DELTA.slice(DELTA.indexOf('"msg":') + 6, -1);
  const tickerBody = TICKER.slice(TICKER.indexOf('"msg":') + 6, -1);
  const cases: [string, string][] = [
    ['type, then another type', `{${tail(DELTA)},"type":"ticker"}`],
    ['type, then the same type', `{${tail(DELTA)},"type":"orderbook_delta"}`],
    ['type first as ticker, then delta', `{"type":"ticker",${tail(DELTA)}}`],
    ['sid twice', `{${tail(DELTA)},"sid":9}`],
    ['seq twice', `{${tail(DELTA)},"seq":9}`],
    ['msg twice, another body', `{${tail(TICKER)},"msg":${deltaBody}}`],
    ['msg twice, before type', `{"msg":${tickerBody},${tail(TICKER)}}`],
    ['sending_ts_ms twice', `{${tail(TICKER)},"sending_ts_ms":1,"sending_ts_ms":2}`],
  ];
  it.each(cases)('%s: taken only with the codec\'s value', (_name, text) => {
    expect(parses(text)).toBe(true);
    check(text);
  });
});

describe('a required key of msg left out', () => {
  // What each codec requires (lib/channels): the scanner must leave such a frame to the codec.
  const required: [string, string, string[]][] = [
    ['delta', DELTA, ['market_ticker', 'price_dollars', 'delta_fp', 'side']],
    ['snapshot', SNAPSHOT, ['market_ticker']],
    ['ticker', TICKER, ['market_ticker']],
    ['trade', TRADE, ['market_ticker']],
  ];
  const without = (text: string, key: string): string => text.replace(new RegExp(`"${key}":("[^"]*"|\\[\\[.*?\\]\\]|[^,}]*),?`), '').replace(',}', '}');
  it.each(required.flatMap(([name, text, keys]) => keys.map((k) => [name, k, without(text, k)] as const)))('%s without %s: not taken, a decode error as the codec says', (_name, key, text) => {
    expect(text).not.toContain(`"${key}":`);
    expect(parses(text)).toBe(true);
    expect(check(text)).toBe(false);
  });
});

describe('integers longer than the scanner reads exactly', () => {
  // 16 digits and more: JSON.parse rounds to the nearest double; digit-by-digit reading would not
  // always land on the same one, so the scanner leaves them to JSON.parse.
  const long = ['1234567890123456', '98765432109876543', '12345678901234567890123', '9007199254740993', '99999999999999999999'];
  it.each(long)('sid, seq and ts_ms of %s: taken only with the codec\'s value', (digits) => {
    for (const text of [DELTA.replace('"sid":1', `"sid":${digits}`), DELTA.replace('"seq":2', `"seq":${digits}`), TICKER.replace('"ts_ms":1787838990880', `"ts_ms":${digits}`), TRADE.replace('"ts":1786956599', `"ts":${digits}`)]) {
      expect(text).toContain(digits);
      check(text);
      // And the same integer in the general reader's path (sid before type).
      check(text.replace(/^\{"type":"(\w+)","sid":(\d+),/, '{"sid":$2,"type":"$1",'));
    }
  });
});
