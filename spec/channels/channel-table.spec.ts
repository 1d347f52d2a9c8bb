import { describe, expect, it } from 'vitest';
import { CHANNEL_SPECS, CHANNELS } from '../../lib/channels/channel-names.js';
import { DATA_CODECS, type DataMessageType, marketOf } from '../../lib/protocol/data-message.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';

describe('the channel table derived from the channel specs', () => {
  it('has one spec per channel name and one row per spec', () => {
    const names = CHANNEL_SPECS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(CHANNELS).sort()).toEqual([...names].sort());
  });

  it('lists every decoded message type in DATA_CODECS, each with the codec of its spec', () => {
    for (const spec of CHANNEL_SPECS) {
      for (const [type, codec] of Object.entries(spec.codecs)) expect(DATA_CODECS[type as DataMessageType]).toBe(codec);
    }
    expect(Object.keys(DATA_CODECS).sort()).toEqual([...new Set(CHANNEL_SPECS.flatMap((s) => Object.keys(s.codecs)))].sort());
  });

  it('finds the market of a message in the field its spec names (user_order: ticker)', () => {
    const order = decodeFrame(JSON.stringify({ type: 'user_order', sid: 1, msg: { order_id: 'o', ticker: 'M-1', status: 'resting', side: 'yes' } }));
    const pyth = decodeFrame(JSON.stringify({ type: 'pyth_value', sid: 1, seq: 1, msg: { underlying_ticker: 'BTC', value_usd: '1.00000000' } }));
    if (order.kind !== 'data' || pyth.kind !== 'data') throw new Error('not data');
    expect(marketOf(order.message)).toBe('M-1');
    expect(marketOf(pyth.message)).toBeUndefined();
  });

  it('orderbook_delta recovers by snapshot (its types: spec/types/channel-types.test-d.ts)', () => {
    expect(CHANNELS.orderbook_delta.recovery).toBe('snapshot');
  });
});
