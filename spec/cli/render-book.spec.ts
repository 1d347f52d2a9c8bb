import { describe, expect, it } from 'vitest';
import { renderBook, summaryLine } from '../../lib/cli/render-book.js';
import { bookFromSnapshot } from '../../lib/orderbook/order-book.js';
import { decoded, orderbookSnapshot, trade } from '../../lib/testing/message-builders.js';
import type { OrderbookSnapshot } from '../../lib/channels/orderbook-delta.js';
import type { Trade } from '../../lib/channels/trade.js';
import type { HealthMetrics } from '../../lib/connection/health-metrics.js';

const metrics: HealthMetrics = {
  rateLimited: 0,
  commandsSent: 3,
  reconnects: 1,
  gaps: 2,
  resyncs: 2,
  duplicates: 0,
  decodeFailures: 0,
  messages: 10,
  resubscribes: 1,
  droppedUntilSnapshot: 0,
  violations: 0,
  subscriptions: 1,
  pendingCommands: 0,
  lastMessageAgeMs: {},
};
const book = bookFromSnapshot(
  decoded<OrderbookSnapshot>(
    orderbookSnapshot({
      market: 'M',
      seq: 1,
      yes: [
        ['0.40', '10'],
        ['0.44', '5'],
      ],
      no: [
        ['0.54', '7'],
        ['0.50', '1'],
      ],
    }),
  ),
  false,
);
const state = {
  market: 'M',
  book,
  trades: [decoded<Trade>(trade({ market: 'M', yesPrice: '0.45', count: '3' }))],
  state: 'open',
  metrics,
  messagesPerSecond: 12.4,
};

describe('renderBook', () => {
  it('shows the ladder (implied asks above bids), trades and the status line', () => {
    const lines = renderBook(state);
    const text = lines.join('\n');
    expect(text).toContain('best bid 0.4400   implied ask 0.4600   spread 0.0200');
    const ask46 = lines.findIndex((l) => /^\s+0\.4600\s+7\.00$/.test(l));
    const ask50 = lines.findIndex((l) => /^\s+0\.5000\s+1\.00$/.test(l));
    const bid44 = lines.findIndex((l) => /^\s+0\.4400\s+5\.00$/.test(l));
    expect(ask50).toBeLessThan(ask46);
    expect(ask46).toBeLessThan(bid44);
    expect(text).toMatch(/0\.4500\s+3\.00\s+taker yes/);
    expect(lines.at(-1)).toContain('open | 12 msg/s | gaps 2 | resyncs 2 | reconnects 1');
  });

  it('shows the state label it is given and the recent events above the status line', () => {
    const lines = renderBook({
      ...state,
      state: 'stale, resyncing',
      events: ['10:00:00.000 fault: one message lost', '10:00:00.020 book stale: a gap or a drop was detected, resyncing'],
    });
    expect(renderBook({ ...state, source: 'embedded simulator' })[0]).toBe('kalshi-rx  M  · embedded simulator');
    expect(lines.slice(-5)).toEqual([
      '  recent events',
      '  10:00:00.000 fault: one message lost',
      '  10:00:00.020 book stale: a gap or a drop was detected, resyncing',
      '',
      '  stale, resyncing | 12 msg/s | gaps 2 | resyncs 2 | reconnects 1 | dups 0 | bad frames 0',
    ]);
  });

  it('summarizes one line for non-terminals', () => {
    expect(summaryLine(state)).toBe(
      'M live bid 0.4400 x 5.00 | ask 0.4600 x 7.00 | spread 0.0200 | open | 12 msg/s | gaps 2 | resyncs 2 | reconnects 1 | dups 0 | bad frames 0',
    );
  });
});
