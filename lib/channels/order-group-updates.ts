/**
 * The private `order_group_updates` channel (reference §4.9). Sequenced.
 *
 * @module
 */
import * as t from 'io-ts';
import { unsequencedMessage } from '../protocol/envelope.js';
import { CountFromString } from '../protocol/fixed-point.js';
import { openEnum, opt, optValue } from '../protocol/tolerant.js';
import { defineChannel } from './define-channel.js';

/** `msg` of `order_group_updates`. */
export const OrderGroupUpdateBody = t.intersection([
  t.type({
    event_type: openEnum('OrderGroupEventType', ['created', 'triggered', 'reset', 'deleted', 'limit_updated']),
    order_group_id: t.string,
  }),
  t.partial({ contracts_limit_fp: optValue(CountFromString), ts_ms: opt(t.number) }),
], 'OrderGroupUpdateBody');

/** An `order_group_updates` message. */
export const OrderGroupUpdate = unsequencedMessage('order_group_updates', OrderGroupUpdateBody);
/** An `order_group_updates` message. */
export type OrderGroupUpdate = t.TypeOf<typeof OrderGroupUpdate>;

/** The private `order_group_updates` channel. */
export const orderGroupUpdatesChannel = defineChannel({
  name: 'order_group_updates', codecs: { order_group_updates: OrderGroupUpdate },
  privateOnly: true, marketFilter: 'none', sequenced: true, updateActions: [], recovery: 'none', marketField: null,
});
