/**
 * The private `order_group_updates` channel (reference §4.9). Sequenced.
 *
 * @module
 */
import * as t from 'io-ts';
import { sequencedMessage } from '../protocol/envelope.js';
import { CountFromString } from '../protocol/fixed-point.js';

/** `msg` of `order_group_updates`. */
export const OrderGroupUpdateBody = t.intersection([
  t.type({
    event_type: t.keyof({ created: null, triggered: null, reset: null, deleted: null, limit_updated: null }),
    order_group_id: t.string,
  }),
  t.partial({ contracts_limit_fp: CountFromString, ts_ms: t.number }),
], 'OrderGroupUpdateBody');

/** An `order_group_updates` message. */
export const OrderGroupUpdate = sequencedMessage('order_group_updates', OrderGroupUpdateBody);
/** An `order_group_updates` message. */
export type OrderGroupUpdate = t.TypeOf<typeof OrderGroupUpdate>;
