import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../lib/channels/channel-names.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';
import { FEEDS, MODELLED_CHANNELS } from '../../lib/simulator/market-feed.js';
import { MarketModel } from '../../lib/simulator/market-model.js';
import type { SimSub } from '../../lib/simulator/sim-state.js';
import { envelope } from '../../lib/simulator/wire-frames.js';

const sub = (channel: string): SimSub => ({ sid: 1, channel, markets: null, seq: 0, useYesPrice: false, skipAck: false, sendInitialSnapshot: false, commandTimes: [] });

describe('market feed', () => {
  it('has a rule (or an explicit null) for every channel of the table', () => {
    expect(Object.keys(FEEDS).sort()).toEqual(Object.keys(CHANNELS).sort());
    expect(MODELLED_CHANNELS).not.toContain('pyth_value');
    expect(MODELLED_CHANNELS).toContain('orderbook_delta');
  });

  it.each(MODELLED_CHANNELS.map((c) => [c]))('%s: the model produces frames of its channel\'s types that decode', (channel) => {
    const model = new MarketModel({ seed: 2, markets: ['F-A', 'F-B', 'F-C'], ownFlowRate: 0.05, startTimeMs: 1_780_000_000_000 });
    const rule = FEEDS[channel];
    const s = sub(channel);
    const types = new Set<string>();
    let ownFills = 0;
    for (let i = 0; i < 4000; i++) {
      for (const e of model.step()) {
        const f = rule?.frame(e, s, { model, userId: 'u', ownFills, live: false });
        if (f !== undefined) {
          types.add(f.type);
          const decoded = decodeFrame(envelope(f.type, 1, ++s.seq, f.body));
          if (decoded.kind === 'invalid') throw decoded.error;
          expect(decoded.kind).toBe('data');
        }
        if (e.kind === 'own-fill') ownFills++;
      }
    }
    expect(types.size).toBeGreaterThan(0);
    for (const t of types) expect(CHANNELS[channel].messageTypes).toContain(t);
  });
});
