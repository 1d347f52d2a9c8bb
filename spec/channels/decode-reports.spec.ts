// What a user sees when a message does not decode: the channel codecs are exported, and io-ts's
// own PathReporter names every codec on the way to the failing field (so the names are part of
// what a user reads); kalshi-rx's KalshiDecodeError names the open enumeration that wanted a
// string. Nested objects are checked field by field too (a wrong-kind value inside
// `mve_selected_legs`, `additional_metadata`, `price_ranges` or an index window is an error
// at that path), and an orderbook_delta with an exact price but a legacy integer `delta` gets
// its `delta_fp` filled in.
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { describe, expect, it } from 'vitest';
import { DATA_CODECS } from '../../lib/protocol/data-message.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';

const report = (type: string, msg: object): string => {
  const codec = DATA_CODECS[type as keyof typeof DATA_CODECS] as { decode: (u: unknown) => Parameters<typeof PathReporter.report>[0] };
  return PathReporter.report(codec.decode({ type, sid: 1, seq: 1, msg })).join('\n');
};

/** The decode error of one frame (sid 1, seq 1), or a failure when it decodes. */
function decodeError(type: string, msg: object): { message: string; paths: string[] } {
  const f = decodeFrame(JSON.stringify({ type, sid: 1, seq: 1, msg }));
  if (f.kind !== 'invalid') throw new Error(`expected invalid, got ${f.kind}`);
  return { message: f.error.message, paths: f.error.issues.map((i) => i.path) };
}

describe('PathReporter names the codecs on the way to the failing field', () => {
  // Each message type with a msg missing its first required field, and the codec names the report must show.
  const cases: [string, object, string[]][] = [
    ['orderbook_snapshot', {}, ['orderbook_snapshot', 'msg: OrderbookSnapshotBody']],
    ['orderbook_delta', {}, ['msg: OrderbookDeltaBody', ': OrderbookDeltaFields']],
    ['ticker', {}, ['msg: TickerBody', ': TickerFields']],
    ['trade', {}, ['msg: TradeBody', ': TradeFields']],
    ['fill', {}, ['msg: FillBody', ': FillFields']],
    ['market_position', {}, ['msg: MarketPositionBody']],
    ['user_order', {}, ['msg: UserOrderBody', 'status: OrderStatus']],
    ['order_group_updates', { event_type: 'created' }, ['msg: OrderGroupUpdateBody', 'order_group_id: string']],
    ['rfq_created', {}, ['msg: RfqCreatedBody']],
    ['rfq_deleted', {}, ['msg: RfqDeletedBody']],
    ['quote_created', {}, ['msg: QuoteCreatedBody']],
    ['quote_accepted', {}, ['msg: QuoteAcceptedBody']],
    ['quote_executed', {}, ['msg: QuoteExecutedBody']],
    ['market_lifecycle_v2', {}, ['msg: MarketLifecycleBody', 'event_type: MarketLifecycleEventType']],
    ['event_lifecycle', {}, ['msg: EventLifecycleBody']],
    ['event_fee_update', {}, ['msg: EventFeeUpdateBody']],
    ['cfbenchmarks_value', {}, ['msg: CfBenchmarksValueBody']],
    ['pyth_value', {}, ['msg: PythValueBody']],
  ];

  it.each(cases)('%s', (type, msg, names) => {
    const text = report(type, msg);
    for (const name of names) expect(text).toContain(name);
  });

  it('names the nested codecs: SnapshotLevel, MarketMetadata, IndexWindow', () => {
    expect(report('orderbook_snapshot', { market_ticker: 'M', yes_dollars_fp: ['x'] })).toContain('0: SnapshotLevel');
    expect(report('market_lifecycle_v2', { market_ticker: 'M', event_type: 'created', additional_metadata: 5 })).toContain('opt(MarketMetadata)');
    expect(report('cfbenchmarks_value', { index_id: 'I', avg_60s_data: 5 })).toContain('opt(IndexWindow)');
  });
});

describe('an open enumeration that gets no string names itself', () => {
  it.each([
    ['fill', { trade_id: 't', order_id: 'o', market_ticker: 'M', side: 'yes', yes_price_dollars: '0.5000', count_fp: '1.00', action: 5 }, 'msg.action', 'FillAction'],
    ['user_order', { order_id: 'o', ticker: 'M', status: 5, side: 'yes' }, 'msg.status', 'OrderStatus'],
    ['user_order', { order_id: 'o', ticker: 'M', status: 'resting', side: 'yes', last_update_reason: 5 }, 'msg.last_update_reason', 'OrderUpdateReason'],
    ['user_order', { order_id: 'o', ticker: 'M', status: 'resting', side: 'yes', self_trade_prevention_type: 5 }, 'msg.self_trade_prevention_type', 'SelfTradePrevention'],
    ['order_group_updates', { event_type: 5, order_group_id: 'g' }, 'msg.event_type', 'OrderGroupEventType'],
    ['market_lifecycle_v2', { market_ticker: 'M', event_type: 5 }, 'msg.event_type', 'MarketLifecycleEventType'],
    ['event_lifecycle', { event_ticker: 'E', collateral_return_type: 5 }, 'msg.collateral_return_type', 'CollateralReturnType'],
    ['event_fee_update', { event_ticker: 'E', fee_type_override: 5 }, 'msg.fee_type_override', 'FeeType'],
  ])('%s %s', (type, msg, path, name) => {
    const e = decodeError(type, msg);
    expect(e.paths).toContain(path);
    expect(e.message).toContain(`${path}: ${name}: expected a string`);
  });
});

describe('nested objects are checked field by field', () => {
  const leg = { event_ticker: 'E', market_ticker: 'M', side: 'yes', yes_settlement_value_dollars: '1.0000' };
  const rfq = { id: 'r', market_ticker: 'M', mve_selected_legs: [leg] };
  it.each(Object.keys(leg))('rfq_created mve_selected_legs[0].%s', (key) => {
    expect(decodeFrame(JSON.stringify({ type: 'rfq_created', sid: 1, msg: rfq })).kind).toBe('data');
    const e = decodeError('rfq_created', { ...rfq, mve_selected_legs: [{ ...leg, [key]: { wrong: true } }] });
    expect(e.paths).toContain(`msg.mve_selected_legs[0].${key}`);
  });

  const metadata = { name: 'n', title: 't', yes_sub_title: 'y', no_sub_title: 'n', rules_primary: 'r', rules_secondary: 'r', can_close_early: true, event_ticker: 'E', expected_expiration_ts: 1, strike_type: 's', floor_strike: 1, cap_strike: 2 };
  const lifecycle = { market_ticker: 'M', event_type: 'metadata_updated', additional_metadata: metadata, price_ranges: [{ start: '0.0000', end: '1.0000', step: '0.0100' }] };
  it.each(Object.keys(metadata))('market_lifecycle_v2 additional_metadata.%s', (key) => {
    expect(decodeFrame(JSON.stringify({ type: 'market_lifecycle_v2', sid: 1, msg: lifecycle })).kind).toBe('data');
    const e = decodeError('market_lifecycle_v2', { ...lifecycle, additional_metadata: { ...metadata, [key]: { wrong: true } } });
    expect(e.paths).toContain(`msg.additional_metadata.${key}`);
  });

  it.each(['start', 'end', 'step'])('market_lifecycle_v2 price_ranges[0].%s (exact prices)', (key) => {
    const f = decodeFrame(JSON.stringify({ type: 'market_lifecycle_v2', sid: 1, msg: lifecycle }));
    expect(f.kind === 'data' && f.message.msg).toMatchObject({ price_ranges: [{ start: 0, end: 10_000, step: 100 }] });
    const e = decodeError('market_lifecycle_v2', { ...lifecycle, price_ranges: [{ start: '0.0000', end: '1.0000', step: '0.0100', [key]: 'x' }] });
    expect(e.paths).toContain(`msg.price_ranges[0].${key}`);
  });

  const window = { value: '97000.12', window_size: 60, window_start_ts_ms: 1, window_end_ts_exclusive: 2 };
  const index = { index_id: 'BRTI', avg_60s_data: window, last_60s_windowed_average_15min: window };
  it.each(Object.keys(window))('cfbenchmarks_value avg_60s_data.%s and last_60s_windowed_average_15min.%s', (key) => {
    expect(decodeFrame(JSON.stringify({ type: 'cfbenchmarks_value', sid: 1, msg: index })).kind).toBe('data');
    for (const field of ['avg_60s_data', 'last_60s_windowed_average_15min']) {
      const e = decodeError('cfbenchmarks_value', { ...index, [field]: { ...window, [key]: { wrong: true } } });
      expect(e.paths).toContain(`msg.${field}.${key}`);
    }
  });
});

describe('orderbook_delta: exact price, legacy count', () => {
  it('fills delta_fp from an integer delta when price_dollars is exact', () => {
    const f = decodeFrame(JSON.stringify({ type: 'orderbook_delta', sid: 1, seq: 1, msg: { market_ticker: 'M', side: 'no', price_dollars: '0.5400', delta: -3 } }));
    expect(f.kind === 'data' && f.message.msg).toMatchObject({ price_dollars: 5400, delta_fp: -300 });
  });

  it('fills price_dollars from integer cents when delta_fp is exact', () => {
    const f = decodeFrame(JSON.stringify({ type: 'orderbook_delta', sid: 1, seq: 1, msg: { market_ticker: 'M', side: 'yes', price: 7, delta_fp: '2.50' } }));
    expect(f.kind === 'data' && f.message.msg).toMatchObject({ price_dollars: 700, delta_fp: 250 });
  });
});
