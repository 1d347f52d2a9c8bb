// Type-only tests: `vitest --typecheck` (part of `npm test`) runs tsc over `*.test-d.ts` files
// and fails the suite on a wrong type. A plain `vitest run` does not check `expectTypeOf`,
// so these must not live in `*.spec.ts` files.
import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import type { MarketFilteredChannel, ChannelName } from '../../lib/channels/channel-names.js';
import type { EventFeeUpdate, EventLifecycle, MarketLifecycle } from '../../lib/channels/market-lifecycle.js';
import type { OrderbookDelta, OrderbookSnapshot } from '../../lib/channels/orderbook-delta.js';
import type { PythValue } from '../../lib/channels/pyth-value.js';
import type { Ticker } from '../../lib/channels/ticker.js';
import type { KalshiConnection } from '../../lib/connection/kalshi-connection-api.js';
import type { ChannelMessageMap, DataMessage, DataMessageType } from '../../lib/protocol/data-message.js';

declare const conn: KalshiConnection;

describe('channel types', () => {
  it('channel() yields the messages of that channel', () => {
    expectTypeOf(conn.channel('ticker')).toEqualTypeOf<Observable<Ticker>>();
    expectTypeOf(conn.channel('orderbook_delta', { market_ticker: 'A' })).toEqualTypeOf<Observable<OrderbookSnapshot | OrderbookDelta>>();
  });

  it('types each channel with its messages', () => {
    expectTypeOf<ChannelMessageMap['orderbook_delta']>().toEqualTypeOf<OrderbookSnapshot | OrderbookDelta>();
    expectTypeOf<ChannelMessageMap['ticker']>().toEqualTypeOf<Ticker>();
    expectTypeOf<ChannelMessageMap['market_lifecycle_v2']>().toEqualTypeOf<MarketLifecycle | EventLifecycle | EventFeeUpdate>();
    expectTypeOf<ChannelMessageMap['multivariate_market_lifecycle']>().toEqualTypeOf<EventLifecycle>();
    expectTypeOf<ChannelMessageMap['pyth_value']>().toEqualTypeOf<PythValue>();
    expectTypeOf<MarketFilteredChannel>().toEqualTypeOf<'ticker' | 'trade' | 'fill' | 'market_positions' | 'user_orders'>();
    expectTypeOf<DataMessage['type']>().toEqualTypeOf<DataMessageType>();
    expectTypeOf<ChannelName>().toEqualTypeOf<keyof ChannelMessageMap>();
  });
});
