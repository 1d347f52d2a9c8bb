/**
 * The commands a caller issues directly (`listSubscriptions`, `updateSubscription`), sent
 * through the connection's one command path like every other command: they wait for an open
 * socket and the budget, and an error reply becomes a `KalshiCommandError`.
 *
 * @module
 */
import { map, type Observable } from 'rxjs';
import { KalshiError, KalshiUsageError } from '../errors/kalshi-error.js';
import type { UpdateSubscriptionParams } from '../protocol/commands.js';
import { type OkReply, okSubscriptions, type Reply, type SubscriptionInfo } from '../protocol/replies.js';
import type { CommandBody, CommandPath } from './command-path.js';
import { KalshiCommandError } from './connection-errors.js';

/** A user command: emits the final reply and completes; an error reply errors. */
function userCommand(commands: CommandPath, body: CommandBody, what: string): Observable<Reply> {
  return commands.request(body, 'next-open').pipe(
    map((reply) => {
      if (reply.type === 'error') throw new KalshiCommandError(reply, what);
      return reply;
    }),
  );
}

/** `list_subscriptions`: the server's subscriptions (what `connection.listSubscriptions()` returns). */
export function listSubscriptions(commands: CommandPath): Observable<readonly SubscriptionInfo[]> {
  return userCommand(commands, { cmd: 'list_subscriptions' }, 'list_subscriptions').pipe(
    map((reply) => {
      const subs = reply.type === 'ok' ? okSubscriptions(reply) : undefined;
      if (subs === undefined) throw new KalshiError('KALSHI_ERR_UNEXPECTED_REPLY', `list_subscriptions: unexpected reply ${reply.type}`);
      return subs;
    }),
  );
}

/** `update_subscription` with the caller's params (validated now: exactly one sid), as `connection.updateSubscription()` sends it. */
export function updateSubscription(commands: CommandPath, params: UpdateSubscriptionParams): Observable<OkReply> {
  const single = params.sid !== undefined ? [params.sid] : params.sids;
  if (single === undefined || single.length !== 1 || (params.sid !== undefined && params.sids !== undefined)) {
    throw new KalshiUsageError('update_subscription needs exactly one subscription: give sid, or sids with one element');
  }
  return userCommand(commands, { cmd: 'update_subscription', params }, 'update_subscription').pipe(
    map((reply) => {
      if (reply.type !== 'ok') throw new KalshiError('KALSHI_ERR_UNEXPECTED_REPLY', `update_subscription: unexpected reply ${reply.type}`);
      return reply;
    }),
  );
}
