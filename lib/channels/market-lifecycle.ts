/**
 * The public `market_lifecycle_v2` channel (reference §4.10, §11): `market_lifecycle_v2`,
 * `event_lifecycle` and `event_fee_update`. Sequenced in the spec; recordings from 2025 carry no
 * `seq`, so it is checked when present and never required.
 *
 * Decode policy: required are the key the message is about (`market_ticker` and `event_type`,
 * or `event_ticker`); event types and fee types are open enumerations; everything else is
 * optional (`exchange_index` is absent from older `event_lifecycle` frames). Unknown fields are kept.
 *
 * @module
 */
import * as t from 'io-ts';
import { unsequencedMessage } from '../protocol/envelope.js';
import { PriceFromString } from '../protocol/fixed-point.js';
import { openEnum, opt, optValue } from '../protocol/tolerant.js';
import { defineChannel } from './define-channel.js';

/** `event_type` of `market_lifecycle_v2`. */
export const MarketLifecycleEventType = openEnum('MarketLifecycleEventType', [
  'created', 'activated', 'deactivated', 'close_date_updated', 'determined', 'settled', 'price_level_structure_updated', 'metadata_updated',
]);

/** `additional_metadata` of a `created` lifecycle event. */
export const MarketMetadata = t.partial({
  name: opt(t.string), title: opt(t.string), yes_sub_title: opt(t.string), no_sub_title: opt(t.string),
  rules_primary: opt(t.string), rules_secondary: opt(t.string), can_close_early: opt(t.boolean),
  event_ticker: opt(t.string), expected_expiration_ts: opt(t.number),
  strike_type: opt(t.string), floor_strike: opt(t.number), cap_strike: opt(t.number), custom_strike: t.unknown,
}, 'MarketMetadata');

/** `msg` of `market_lifecycle_v2`. */
export const MarketLifecycleBody = t.intersection([
  t.type({ market_ticker: t.string, event_type: MarketLifecycleEventType }),
  t.partial({
    exchange_index: opt(t.number),
    open_ts: opt(t.number),
    close_ts: opt(t.number),
    determination_ts: opt(t.number),
    result: opt(t.string),
    settlement_value: optValue(PriceFromString),
    settled_ts: opt(t.number),
    is_deactivated: opt(t.boolean),
    additional_metadata: opt(MarketMetadata),
    price_level_structure: opt(t.string),
    price_ranges: opt(t.array(t.type({ start: PriceFromString, end: PriceFromString, step: PriceFromString }))),
    strike_type: opt(t.string),
    floor_strike: opt(t.number),
    cap_strike: opt(t.number),
    custom_strike: t.unknown,
    yes_sub_title: opt(t.string),
  }),
], 'MarketLifecycleBody');

/** A `market_lifecycle_v2` message. */
export const MarketLifecycle = unsequencedMessage('market_lifecycle_v2', MarketLifecycleBody);
/** A `market_lifecycle_v2` message. */
export type MarketLifecycle = t.TypeOf<typeof MarketLifecycle>;

/** `msg` of `event_lifecycle`. */
export const EventLifecycleBody = t.intersection([
  t.type({ event_ticker: t.string }),
  t.partial({
    exchange_index: opt(t.number), title: opt(t.string), subtitle: opt(t.string),
    collateral_return_type: opt(openEnum('CollateralReturnType', ['MECNET', 'DIRECNET', ''])), series_ticker: opt(t.string),
    strike_date: opt(t.number), strike_period: opt(t.string),
  }),
], 'EventLifecycleBody');

/** An `event_lifecycle` message. */
export const EventLifecycle = unsequencedMessage('event_lifecycle', EventLifecycleBody);
/** An `event_lifecycle` message. */
export type EventLifecycle = t.TypeOf<typeof EventLifecycle>;

/** `msg` of `event_fee_update`. */
export const EventFeeUpdateBody = t.intersection([
  t.type({ event_ticker: t.string }),
  t.partial({
    fee_type_override: opt(openEnum('FeeType', ['quadratic', 'quadratic_with_maker_fees', 'quadratic_with_combo_maker_fees', 'flat', 'margin_market_maker_program_fees'])),
    fee_multiplier_override: opt(t.number),
  }),
], 'EventFeeUpdateBody');

/** An `event_fee_update` message. */
export const EventFeeUpdate = unsequencedMessage('event_fee_update', EventFeeUpdateBody);
/** An `event_fee_update` message. */
export type EventFeeUpdate = t.TypeOf<typeof EventFeeUpdate>;

/** The public `market_lifecycle_v2` channel. */
export const marketLifecycleChannel = defineChannel({
  name: 'market_lifecycle_v2',
  codecs: { market_lifecycle_v2: MarketLifecycle, event_lifecycle: EventLifecycle, event_fee_update: EventFeeUpdate },
  privateOnly: false, marketFilter: 'none', sequenced: true, updateActions: [], recovery: 'none', marketField: 'market_ticker',
});
