/**
 * The private `communications` channel (reference §4.11): RFQs and quotes. No seq.
 * Timestamps are RFC3339 strings.
 *
 * @module
 */
import * as t from 'io-ts';
import { Side, unsequencedMessage } from '../protocol/envelope.js';
import { CountFromString, DollarsFromString, PriceFromString } from '../protocol/fixed-point.js';

const MveLeg = t.type({ event_ticker: t.string, market_ticker: t.string, side: Side, yes_settlement_value_dollars: PriceFromString });

/** `msg` of `rfq_created`. */
export const RfqCreatedBody = t.intersection([
  t.type({ id: t.string, creator_id: t.string, market_ticker: t.string, created_ts: t.string }),
  t.partial({
    event_ticker: t.string, contracts_fp: CountFromString, target_cost_dollars: DollarsFromString,
    mve_collection_ticker: t.string, mve_selected_legs: t.array(MveLeg), contracts: t.number, target_cost: t.number,
  }),
], 'RfqCreatedBody');
/** An `rfq_created` message. */
export const RfqCreated = unsequencedMessage('rfq_created', RfqCreatedBody);
/** An `rfq_created` message. */
export type RfqCreated = t.TypeOf<typeof RfqCreated>;

/** `msg` of `rfq_deleted`. */
export const RfqDeletedBody = t.intersection([
  t.type({ id: t.string, creator_id: t.string, market_ticker: t.string, deleted_ts: t.string }),
  t.partial({ event_ticker: t.string, contracts_fp: CountFromString, target_cost_dollars: DollarsFromString }),
], 'RfqDeletedBody');
/** An `rfq_deleted` message. */
export const RfqDeleted = unsequencedMessage('rfq_deleted', RfqDeletedBody);
/** An `rfq_deleted` message. */
export type RfqDeleted = t.TypeOf<typeof RfqDeleted>;

const QuoteCore = t.type({
  quote_id: t.string, rfq_id: t.string, quote_creator_id: t.string, market_ticker: t.string,
  yes_bid_dollars: PriceFromString, no_bid_dollars: PriceFromString,
});
const QuoteOptional = t.partial({
  event_ticker: t.string, yes_contracts_offered_fp: CountFromString, no_contracts_offered_fp: CountFromString,
  rfq_target_cost_dollars: DollarsFromString,
});

/** `msg` of `quote_created`. */
export const QuoteCreatedBody = t.intersection([QuoteCore, t.type({ created_ts: t.string }), QuoteOptional], 'QuoteCreatedBody');
/** A `quote_created` message. */
export const QuoteCreated = unsequencedMessage('quote_created', QuoteCreatedBody);
/** A `quote_created` message. */
export type QuoteCreated = t.TypeOf<typeof QuoteCreated>;

/** `msg` of `quote_accepted` (no timestamp). */
export const QuoteAcceptedBody = t.intersection([
  QuoteCore, QuoteOptional, t.partial({ accepted_side: Side, contracts_accepted_fp: CountFromString }),
], 'QuoteAcceptedBody');
/** A `quote_accepted` message. */
export const QuoteAccepted = unsequencedMessage('quote_accepted', QuoteAcceptedBody);
/** A `quote_accepted` message. */
export type QuoteAccepted = t.TypeOf<typeof QuoteAccepted>;

/** `msg` of `quote_executed` (all required). */
export const QuoteExecutedBody = t.type({
  quote_id: t.string, rfq_id: t.string, quote_creator_id: t.string, rfq_creator_id: t.string,
  order_id: t.string, client_order_id: t.string, market_ticker: t.string, executed_ts: t.string,
}, 'QuoteExecutedBody');
/** A `quote_executed` message. */
export const QuoteExecuted = unsequencedMessage('quote_executed', QuoteExecutedBody);
/** A `quote_executed` message. */
export type QuoteExecuted = t.TypeOf<typeof QuoteExecuted>;
