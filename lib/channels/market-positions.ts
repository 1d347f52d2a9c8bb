/**
 * The private `market_positions` channel (reference §4.7): `market_position` messages. No seq.
 * Newest fields are `_dollars` strings; the 2026-03 integer centi-cent fields still decode.
 *
 * @module
 */
import * as t from 'io-ts';
import { unsequencedMessage } from '../protocol/envelope.js';
import { DollarsFromString, SignedCountFromString } from '../protocol/fixed-point.js';

/** `msg` of `market_position`. */
export const MarketPositionBody = t.intersection([
  t.type({ user_id: t.string, market_ticker: t.string }),
  t.partial({
    position_fp: SignedCountFromString,
    position_cost_dollars: DollarsFromString,
    realized_pnl_dollars: DollarsFromString,
    fees_paid_dollars: DollarsFromString,
    position_fee_cost_dollars: DollarsFromString,
    volume_fp: SignedCountFromString,
    subaccount: t.number,
    position: t.number,
    position_cost: t.number,
    realized_pnl: t.number,
    fees_paid: t.number,
    position_fee_cost: t.number,
    volume: t.number,
  }),
], 'MarketPositionBody');

/** A `market_position` message. */
export const MarketPosition = unsequencedMessage('market_position', MarketPositionBody);
/** A `market_position` message. */
export type MarketPosition = t.TypeOf<typeof MarketPosition>;
