/** Raw wire frames for tests, in the newest shapes. */

export const MARKET_ID = '9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1';

export function tickerFrame(sid: number, market: string, yesBid = '0.4500'): object {
  return {
    type: 'ticker', sid,
    msg: {
      market_id: MARKET_ID, market_ticker: market, price_dollars: '0.4800', yes_bid_dollars: yesBid, yes_ask_dollars: '0.5300',
      volume_fp: '33896.00', open_interest_fp: '20422.00', dollar_volume: 16948, dollar_open_interest: 10211,
      yes_bid_size_fp: '300.00', yes_ask_size_fp: '150.00', last_trade_size_fp: '25.00', ts: 1669149841, ts_ms: 1669149841000, time: '2022-11-22T20:44:01Z',
    },
  };
}

export function snapshotFrame(sid: number, seq: number, market: string, yes: [string, string][] = [['0.0800', '300.00']], no: [string, string][] = [['0.5400', '20.00']]): object {
  return {
    type: 'orderbook_snapshot', sid, seq,
    msg: { market_ticker: market, market_id: MARKET_ID, ...(yes.length ? { yes_dollars_fp: yes } : {}), ...(no.length ? { no_dollars_fp: no } : {}) },
  };
}

export function deltaFrame(sid: number, seq: number, market: string, price = '0.0800', delta = '10.00', side: 'yes' | 'no' = 'yes'): object {
  return { type: 'orderbook_delta', sid, seq, msg: { market_ticker: market, market_id: MARKET_ID, price_dollars: price, delta_fp: delta, side, ts_ms: 1 } };
}
