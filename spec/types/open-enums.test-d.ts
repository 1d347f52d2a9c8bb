// The known values of every open enumeration (`openEnum`): any string decodes, but the values
// kalshi-rx knows are part of the message types (they autocomplete, and a user can switch over
// them). The lists exist only as types, so only a type test can see one go wrong (a value
// dropped or misspelt); the mutation checker runs these too (tsconfig.stryker.json).
import { describe, expectTypeOf, it } from 'vitest';
import type { Fill } from '../../lib/channels/fill.js';
import type { EventFeeUpdate, EventLifecycle, MarketLifecycle } from '../../lib/channels/market-lifecycle.js';
import type { OrderGroupUpdate } from '../../lib/channels/order-group-updates.js';
import type { UserOrder } from '../../lib/channels/user-orders.js';

/** The known values of an open enumeration's type (`K` of `K | (string & {})`). */
type Known<T> = T extends string ? (string extends T ? never : T) : never;

describe('open enumerations: the known values', () => {
  it('the helper sees only the literal members', () => {
    expectTypeOf<Known<'a' | 'b' | (string & {})>>().toEqualTypeOf<'a' | 'b'>();
    expectTypeOf<Known<string>>().toEqualTypeOf<never>();
  });

  it('fill.action', () => {
    expectTypeOf<Known<Fill['msg']['action']>>().toEqualTypeOf<'buy' | 'sell' | 'sell_partial' | 'sell_to_close' | ''>();
  });

  it('market_lifecycle_v2.event_type', () => {
    expectTypeOf<Known<MarketLifecycle['msg']['event_type']>>().toEqualTypeOf<
      'created' | 'activated' | 'deactivated' | 'close_date_updated' | 'determined' | 'settled' | 'price_level_structure_updated' | 'metadata_updated'
    >();
  });

  it('event_lifecycle.collateral_return_type and event_fee_update.fee_type_override', () => {
    expectTypeOf<Known<EventLifecycle['msg']['collateral_return_type']>>().toEqualTypeOf<'MECNET' | 'DIRECNET' | ''>();
    expectTypeOf<Known<EventFeeUpdate['msg']['fee_type_override']>>().toEqualTypeOf<
      'quadratic' | 'quadratic_with_maker_fees' | 'quadratic_with_combo_maker_fees' | 'flat' | 'margin_market_maker_program_fees'
    >();
  });

  it('user_order.status, last_update_reason and self_trade_prevention_type', () => {
    expectTypeOf<Known<UserOrder['msg']['status']>>().toEqualTypeOf<'resting' | 'canceled' | 'executed' | 'unknown'>();
    expectTypeOf<Known<UserOrder['msg']['last_update_reason']>>().toEqualTypeOf<
      'Decrease' | 'Amend' | 'MarginCancel' | 'SelfTradeCancel' | 'ExpiryCancel' | 'CloseCancel' | 'HaltCancel' | 'Trade' | 'PostOnlyCrossCancel' | 'ReduceOnlyCancel'
    >();
    expectTypeOf<Known<UserOrder['msg']['self_trade_prevention_type']>>().toEqualTypeOf<'taker_at_cross' | 'maker'>();
  });

  it('order_group_updates.event_type', () => {
    expectTypeOf<Known<OrderGroupUpdate['msg']['event_type']>>().toEqualTypeOf<'created' | 'triggered' | 'reset' | 'deleted' | 'limit_updated'>();
  });
});
