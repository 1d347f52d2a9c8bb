/**
 * The private `communications` channel (reference §4.11, §12): RFQs and quotes. Carries `seq`
 * on the live wire (checked when present). Timestamps are RFC3339 strings.
 *
 * Decode policy: required are the ids that correlate the flow (`id` of an RFQ; `quote_id` and
 * `rfq_id` of a quote). Everything else is optional (`market_ticker` too: an RFQ on a
 * multivariate collection names the collection), unknown fields are kept.
 *
 * @module
 */
import * as t from 'io-ts';
import { Side, unsequencedMessage } from '../protocol/envelope.js';
import { CountFromString, DollarsFromString, PriceFromString } from '../protocol/fixed-point.js';
import { opt, optValue } from '../protocol/tolerant.js';
import { defineChannel } from './define-channel.js';

const MveLeg = t.partial({
  event_ticker: opt(t.string), market_ticker: opt(t.string), side: opt(Side), yes_settlement_value_dollars: optValue(PriceFromString),
});

const RfqOptional = t.partial({
  creator_id: opt(t.string), market_ticker: opt(t.string), event_ticker: opt(t.string),
  contracts_fp: optValue(CountFromString), target_cost_dollars: optValue(DollarsFromString),
  mve_collection_ticker: opt(t.string), mve_selected_legs: opt(t.array(MveLeg)), contracts: opt(t.number), target_cost: opt(t.number),
});

/** `msg` of `rfq_created`. */
export const RfqCreatedBody = t.intersection([t.type({ id: t.string }), RfqOptional, t.partial({ created_ts: opt(t.string) })], 'RfqCreatedBody');
/** An `rfq_created` message. */
export const RfqCreated = unsequencedMessage('rfq_created', RfqCreatedBody);
/** An `rfq_created` message. */
export type RfqCreated = t.TypeOf<typeof RfqCreated>;

/** `msg` of `rfq_deleted`. */
export const RfqDeletedBody = t.intersection([t.type({ id: t.string }), RfqOptional, t.partial({ deleted_ts: opt(t.string) })], 'RfqDeletedBody');
/** An `rfq_deleted` message. */
export const RfqDeleted = unsequencedMessage('rfq_deleted', RfqDeletedBody);
/** An `rfq_deleted` message. */
export type RfqDeleted = t.TypeOf<typeof RfqDeleted>;

const QuoteCore = t.type({ quote_id: t.string, rfq_id: t.string });
const QuoteOptional = t.partial({
  quote_creator_id: opt(t.string), rfq_creator_id: opt(t.string), market_ticker: opt(t.string), event_ticker: opt(t.string),
  yes_bid_dollars: optValue(PriceFromString), no_bid_dollars: optValue(PriceFromString),
  yes_contracts_offered_fp: optValue(CountFromString), no_contracts_offered_fp: optValue(CountFromString),
  rfq_target_cost_dollars: optValue(DollarsFromString), subaccount: opt(t.number),
});

/** `msg` of `quote_created`. */
export const QuoteCreatedBody = t.intersection([QuoteCore, QuoteOptional, t.partial({ created_ts: opt(t.string) })], 'QuoteCreatedBody');
/** A `quote_created` message. */
export const QuoteCreated = unsequencedMessage('quote_created', QuoteCreatedBody);
/** A `quote_created` message. */
export type QuoteCreated = t.TypeOf<typeof QuoteCreated>;

/** `msg` of `quote_accepted`. */
export const QuoteAcceptedBody = t.intersection([
  QuoteCore, QuoteOptional, t.partial({ accepted_side: opt(Side), contracts_accepted_fp: optValue(CountFromString) }),
], 'QuoteAcceptedBody');
/** A `quote_accepted` message. */
export const QuoteAccepted = unsequencedMessage('quote_accepted', QuoteAcceptedBody);
/** A `quote_accepted` message. */
export type QuoteAccepted = t.TypeOf<typeof QuoteAccepted>;

/** `msg` of `quote_executed`. */
export const QuoteExecutedBody = t.intersection([
  QuoteCore, QuoteOptional, t.partial({ order_id: opt(t.string), client_order_id: opt(t.string), executed_ts: opt(t.string) }),
], 'QuoteExecutedBody');
/** A `quote_executed` message. */
export const QuoteExecuted = unsequencedMessage('quote_executed', QuoteExecutedBody);
/** A `quote_executed` message. */
export type QuoteExecuted = t.TypeOf<typeof QuoteExecuted>;

/** The private `communications` channel (RFQs and quotes; sharded with `shard_factor` / `shard_key`). */
export const communicationsChannel = defineChannel({
  name: 'communications',
  codecs: { rfq_created: RfqCreated, rfq_deleted: RfqDeleted, quote_created: QuoteCreated, quote_accepted: QuoteAccepted, quote_executed: QuoteExecuted },
  privateOnly: true, marketFilter: 'none', sequenced: true, updateActions: [], recovery: 'none', marketField: 'market_ticker',
});
