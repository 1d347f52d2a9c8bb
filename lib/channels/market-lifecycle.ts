/**
 * The public `market_lifecycle_v2` channel (reference §4.10): `market_lifecycle_v2`,
 * `event_lifecycle` and `event_fee_update`, all sequenced.
 *
 * @module
 */
import * as t from 'io-ts';
import { sequencedMessage } from '../protocol/envelope.js';
import { PriceFromString } from '../protocol/fixed-point.js';

/** `event_type` of `market_lifecycle_v2`. */
export const MarketLifecycleEventType = t.keyof({
  created: null, activated: null, deactivated: null, close_date_updated: null,
  determined: null, settled: null, price_level_structure_updated: null, metadata_updated: null,
}, 'MarketLifecycleEventType');

/** `additional_metadata` of a `created` lifecycle event. */
export const MarketMetadata = t.intersection([
  t.type({
    name: t.string, title: t.string, yes_sub_title: t.string, no_sub_title: t.string,
    rules_primary: t.string, rules_secondary: t.string, can_close_early: t.boolean,
    event_ticker: t.string, expected_expiration_ts: t.number,
  }),
  t.partial({ strike_type: t.string, floor_strike: t.number, cap_strike: t.number, custom_strike: t.unknown }),
], 'MarketMetadata');

/** `msg` of `market_lifecycle_v2`. */
export const MarketLifecycleBody = t.intersection([
  t.type({ market_ticker: t.string, event_type: MarketLifecycleEventType }),
  t.partial({
    exchange_index: t.number,
    open_ts: t.number,
    close_ts: t.number,
    determination_ts: t.number,
    result: t.string,
    settlement_value: PriceFromString,
    settled_ts: t.number,
    is_deactivated: t.boolean,
    additional_metadata: MarketMetadata,
    price_level_structure: t.string,
    price_ranges: t.array(t.type({ start: PriceFromString, end: PriceFromString, step: PriceFromString })),
    strike_type: t.string,
    floor_strike: t.number,
    cap_strike: t.number,
    custom_strike: t.unknown,
    yes_sub_title: t.string,
  }),
], 'MarketLifecycleBody');

/** A `market_lifecycle_v2` message. */
export const MarketLifecycle = sequencedMessage('market_lifecycle_v2', MarketLifecycleBody);
/** A `market_lifecycle_v2` message. */
export type MarketLifecycle = t.TypeOf<typeof MarketLifecycle>;

/** `msg` of `event_lifecycle`. */
export const EventLifecycleBody = t.intersection([
  t.type({
    event_ticker: t.string, exchange_index: t.number, title: t.string, subtitle: t.string,
    collateral_return_type: t.keyof({ MECNET: null, DIRECNET: null, '': null }), series_ticker: t.string,
  }),
  t.partial({ strike_date: t.number, strike_period: t.string }),
], 'EventLifecycleBody');

/** An `event_lifecycle` message. */
export const EventLifecycle = sequencedMessage('event_lifecycle', EventLifecycleBody);
/** An `event_lifecycle` message. */
export type EventLifecycle = t.TypeOf<typeof EventLifecycle>;

/** `msg` of `event_fee_update`. */
export const EventFeeUpdateBody = t.intersection([
  t.type({ event_ticker: t.string }),
  t.partial({
    fee_type_override: t.union([
      t.keyof({ quadratic: null, quadratic_with_maker_fees: null, quadratic_with_combo_maker_fees: null, flat: null, margin_market_maker_program_fees: null }),
      t.null,
    ]),
    fee_multiplier_override: t.union([t.number, t.null]),
  }),
], 'EventFeeUpdateBody');

/** An `event_fee_update` message. */
export const EventFeeUpdate = sequencedMessage('event_fee_update', EventFeeUpdateBody);
/** An `event_fee_update` message. */
export type EventFeeUpdate = t.TypeOf<typeof EventFeeUpdate>;
