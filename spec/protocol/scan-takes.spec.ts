// The hot path must *take* the frames Kalshi sends, not just agree with the codec when it does:
// a scanner that declines a field quietly falls back to JSON.parse + the codec (the same value,
// many times slower), which no value check can see. For each hot type, a frame with every field
// the scanner knows, in Kalshi's order and reversed, and with each optional field left out, is
// taken by scanFrame and is strictly equal to what the codec gives.
import { isRight } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { DATA_CODECS } from '../../lib/protocol/data-message.js';
import { scanFrame } from '../../lib/protocol/scan-decode.js';

function codecValue(text: string): unknown {
  const parsed = JSON.parse(text) as { type: keyof typeof DATA_CODECS };
  const r = (DATA_CODECS[parsed.type] as t.Decoder<unknown, unknown>).decode(parsed);
  if (!isRight(r)) throw new Error(`the codec rejects ${text}`);
  return r.right;
}

/** A compact frame with `msg` keys in the given order. */
const frame = (head: string, msg: [string, unknown][]): string => `{${head},"msg":{${msg.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}}`;

const SHAPES: { name: string; head: string; msg: [string, unknown][]; required: string[] }[] = [
  {
    name: 'orderbook_delta', head: '"type":"orderbook_delta","sid":3,"seq":17', required: ['market_ticker', 'price_dollars', 'delta_fp', 'side'],
    msg: [['market_ticker', 'KX-1'], ['market_id', 'id-1'], ['price_dollars', '0.5612'], ['delta_fp', '-12.50'], ['side', 'no'], ['ts', '2026-08-01T00:00:00Z'], ['ts_ms', 1785000000123], ['client_order_id', 'c-1'], ['subaccount', 2]],
  },
  {
    name: 'orderbook_snapshot', head: '"type":"orderbook_snapshot","sid":3,"seq":16', required: ['market_ticker'],
    msg: [['market_ticker', 'KX-1'], ['market_id', 'id-1'], ['yes_dollars_fp', [['0.0100', '5.00'], ['0.4500', '120.25']]], ['no_dollars_fp', [['0.5000', '0.01']]]],
  },
  {
    name: 'ticker', head: '"type":"ticker","sid":4', required: ['market_ticker'],
    msg: [
      ['market_ticker', 'KX-1'], ['market_id', 'id-1'], ['price_dollars', '0.4800'], ['yes_bid_dollars', '0.4500'], ['yes_ask_dollars', '0.5300'], ['volume_fp', '33896.00'],
      ['open_interest_fp', '20422.00'], ['dollar_volume', 16948], ['dollar_open_interest', 10211], ['yes_bid_size_fp', '300.00'], ['yes_ask_size_fp', '150.00'],
      ['last_trade_size_fp', '25.00'], ['ts', 1669149841], ['ts_ms', 1669149841000], ['time', '2022-11-22T20:44:01Z'],
    ],
  },
  {
    name: 'trade', head: '"type":"trade","sid":5,"seq":9', required: ['market_ticker', 'count_fp'],
    msg: [
      ['count_fp', '2.00'], ['market_ticker', 'KX-1'], ['no_price_dollars', '0.2000'], ['taker_book_side', 'ask'], ['taker_outcome_side', 'no'], ['taker_side', 'no'],
      ['trade_id', 't-1'], ['ts', 1786956599], ['ts_ms', 1786956599391], ['yes_price_dollars', '0.8000'], ['is_block_trade', false],
    ],
  },
];

describe('scanFrame takes the newest shapes whole', () => {
  for (const shape of SHAPES) {
    describe(shape.name, () => {
      it('every field, in Kalshi order and reversed', () => {
        for (const msg of [shape.msg, [...shape.msg].reverse()]) {
          const text = frame(shape.head, msg);
          const taken = scanFrame(text);
          expect(taken, text).toBeDefined();
          expect(taken).toStrictEqual(codecValue(text));
        }
      });

      it.each(shape.msg.filter(([k]) => !shape.required.includes(k)).map(([k]) => k))('without %s', (key) => {
        const text = frame(shape.head, shape.msg.filter(([k]) => k !== key));
        expect(scanFrame(text), text).toStrictEqual(codecValue(text));
      });
    });
  }

  it('trade: is_block_trade true, a YES-only price, the other booleans of the sides', () => {
    const text = frame('"type":"trade","sid":5', [['count_fp', '1.00'], ['market_ticker', 'K'], ['taker_book_side', 'bid'], ['taker_side', 'yes'], ['yes_price_dollars', '0.0001'], ['is_block_trade', true]]);
    expect(scanFrame(text), text).toStrictEqual(codecValue(text));
  });

  it('ticker: "" as no value in every price and count field', () => {
    const text = frame('"type":"ticker","sid":4', [['market_ticker', 'K'], ['price_dollars', ''], ['yes_bid_dollars', ''], ['yes_ask_dollars', ''], ['volume_fp', ''], ['open_interest_fp', ''], ['yes_bid_size_fp', ''], ['yes_ask_size_fp', ''], ['last_trade_size_fp', '']]);
    expect(scanFrame(text), text).toStrictEqual(codecValue(text));
  });

  it('snapshot: empty ladders, and no ladder at all', () => {
    for (const msg of [[['market_ticker', 'K'], ['yes_dollars_fp', []], ['no_dollars_fp', []]], [['market_ticker', 'K']]] as [string, unknown][][]) {
      const text = frame('"type":"orderbook_snapshot","sid":3,"seq":1', msg);
      expect(scanFrame(text), text).toStrictEqual(codecValue(text));
    }
  });
});

// `sending_ts_ms` is top-level (reference §12: after `msg`, or before it as on the ticker page).
describe('scanFrame takes the envelope with sending_ts_ms', () => {
  const delta = SHAPES[0] as (typeof SHAPES)[number];
  const ticker = SHAPES[2] as (typeof SHAPES)[number];
  const body = (shape: (typeof SHAPES)[number]): string => frame(shape.head, shape.msg).slice(shape.head.length + 2, -1);
  const cases: [string, string][] = [
    ['a delta, after msg', `{${delta.head},${body(delta)},"sending_ts_ms":1669149841123}`],
    ['a delta, before msg', `{${delta.head},"sending_ts_ms":1669149841123,${body(delta)}}`],
    ['a ticker (no seq), before msg', `{${ticker.head},"sending_ts_ms":1669149841123,${body(ticker)}}`],
    ['a ticker (no seq), after msg', `{${ticker.head},${body(ticker)},"sending_ts_ms":0}`],
    ['a delta with msg first', `{${body(delta)},${delta.head},"sending_ts_ms":7}`],
  ];
  // Strict: a key set to undefined (a `seq` the frame has not) is not the same as no key.
  it.each(cases)('%s: taken, strictly equal to the codec (no seq key where the frame has none)', (_name, text) => {
    const taken = scanFrame(text);
    expect(taken, text).toBeDefined();
    expect(taken).toStrictEqual(codecValue(text));
  });
});
