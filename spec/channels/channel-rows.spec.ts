// The whole channel table as a user reads it (`CHANNELS`, exported): for every channel, whether it
// is private, how it filters markets, whether it carries seq, which update actions it takes, how
// it recovers, where its messages name their market and which message types it emits. The
// reference-conformance spec checks the columns the reference documents; this one pins the rest
// (recovery, market field, the undecoded message types, and what kalshi-rx decided where the
// reference says "?", e.g. pyth_value is private like cfbenchmarks_value).
import { describe, expect, it } from 'vitest';
import { CHANNELS, type ChannelInfo } from '../../lib/channels/channel-names.js';

const none: ChannelInfo['updateActions'] = [];
const addDelete: ChannelInfo['updateActions'] = ['add_markets', 'delete_markets'];
const indices: ChannelInfo['updateActions'] = ['subscribe_indices', 'unsubscribe_indices', 'indexlist'];

const EXPECTED: Record<string, ChannelInfo> = {
  orderbook_delta: {
    private: true, marketFilter: 'required', sequenced: true, updateActions: [...addDelete, 'get_snapshot'], recovery: 'snapshot', marketField: 'market_ticker',
    messageTypes: ['orderbook_snapshot', 'orderbook_delta'],
  },
  ticker: { private: false, marketFilter: 'optional', sequenced: false, updateActions: addDelete, recovery: 'none', marketField: 'market_ticker', messageTypes: ['ticker'] },
  trade: { private: false, marketFilter: 'optional', sequenced: true, updateActions: addDelete, recovery: 'none', marketField: 'market_ticker', messageTypes: ['trade'] },
  fill: { private: true, marketFilter: 'optional', sequenced: false, updateActions: addDelete, recovery: 'none', marketField: 'market_ticker', messageTypes: ['fill'] },
  market_positions: { private: true, marketFilter: 'optional', sequenced: false, updateActions: none, recovery: 'none', marketField: 'market_ticker', messageTypes: ['market_position'] },
  user_orders: { private: true, marketFilter: 'optional', sequenced: false, updateActions: addDelete, recovery: 'none', marketField: 'ticker', messageTypes: ['user_order'] },
  order_group_updates: { private: true, marketFilter: 'none', sequenced: true, updateActions: none, recovery: 'none', marketField: null, messageTypes: ['order_group_updates'] },
  communications: {
    private: true, marketFilter: 'none', sequenced: true, updateActions: none, recovery: 'none', marketField: 'market_ticker',
    messageTypes: ['rfq_created', 'rfq_deleted', 'quote_created', 'quote_accepted', 'quote_executed'],
  },
  market_lifecycle_v2: {
    private: false, marketFilter: 'none', sequenced: true, updateActions: none, recovery: 'none', marketField: 'market_ticker',
    messageTypes: ['market_lifecycle_v2', 'event_lifecycle', 'event_fee_update'],
  },
  multivariate_market_lifecycle: {
    private: false, marketFilter: 'none', sequenced: true, updateActions: none, recovery: 'none', marketField: null, messageTypes: ['event_lifecycle', 'multivariate_market_lifecycle'],
  },
  cfbenchmarks_value: {
    private: true, marketFilter: 'none', sequenced: true, updateActions: indices, recovery: 'none', marketField: null, messageTypes: ['cfbenchmarks_value', 'cfbenchmarks_value_indexlist'],
  },
  cfbenchmarks_value_5hz: {
    private: true, marketFilter: 'none', sequenced: true, updateActions: indices, recovery: 'none', marketField: null, messageTypes: ['cfbenchmarks_value', 'cfbenchmarks_value_indexlist'],
  },
  pyth_value: {
    private: true, marketFilter: 'none', sequenced: true, updateActions: ['subscribe_underlyings', 'unsubscribe_underlyings'], recovery: 'none', marketField: null,
    messageTypes: ['pyth_value', 'pyth_value_underlying_list'],
  },
};

describe('CHANNELS, row by row', () => {
  it('has exactly these channels', () => {
    expect(Object.keys(CHANNELS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (name, row) => {
    expect(CHANNELS[name as keyof typeof CHANNELS]).toEqual(row);
  });
});
