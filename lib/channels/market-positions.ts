/**
 * The private `market_positions` channel (reference §4.7): `market_position` messages. No seq.
 * Newest fields are `_dollars` strings; the 2026-03 integer centi-cent fields still decode.
 *
 * @module
 */
import * as t from 'io-ts';
import { unsequencedMessage } from '../protocol/envelope.js';
import { DollarsFromString, SignedCountFromString } from '../protocol/fixed-point.js';
import { opt, optValue } from '../protocol/tolerant.js';
import { defineChannel } from './define-channel.js';

/** `msg` of `market_position`. */
export const MarketPositionBody = t.intersection([
  t.type({ market_ticker: t.string }),
  t.partial({
    user_id: opt(t.string),
    position_fp: optValue(SignedCountFromString),
    position_cost_dollars: optValue(DollarsFromString),
    realized_pnl_dollars: optValue(DollarsFromString),
    fees_paid_dollars: optValue(DollarsFromString),
    position_fee_cost_dollars: optValue(DollarsFromString),
    volume_fp: optValue(SignedCountFromString),
    subaccount: opt(t.number),
    position: opt(t.number),
    position_cost: opt(t.number),
    realized_pnl: opt(t.number),
    fees_paid: opt(t.number),
    position_fee_cost: opt(t.number),
    volume: opt(t.number),
  }),
], 'MarketPositionBody');

/** A `market_position` message. */
export const MarketPosition = unsequencedMessage('market_position', MarketPositionBody);
/** A `market_position` message. */
export type MarketPosition = t.TypeOf<typeof MarketPosition>;

/** The private `market_positions` channel (no update actions documented). */
export const marketPositionsChannel = defineChannel({
  name: 'market_positions', codecs: { market_position: MarketPosition },
  privateOnly: true, marketFilter: 'optional', sequenced: false, updateActions: [], recovery: 'none', marketField: 'market_ticker',
});
