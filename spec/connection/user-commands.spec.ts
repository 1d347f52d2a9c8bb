// The commands a caller sends directly (listSubscriptions, updateSubscription) over a CommandPath
// with a manual clock and no socket: the exact command sent, what the reply becomes, and the
// exact errors (usage, error reply, unexpected reply).
import { describe, expect, it } from 'vitest';
import { CommandPath } from '../../lib/connection/command-path.js';
import { listSubscriptions, updateSubscription } from '../../lib/connection/user-commands.js';
import type { UpdateSubscriptionParams } from '../../lib/protocol/commands.js';
import type { Reply } from '../../lib/protocol/replies.js';
import { ManualScheduler } from '../helpers/fake-host.js';

function harness() {
  const scheduler = new ManualScheduler();
  const sent: object[] = [];
  const p = new CommandPath({ scheduler, timeoutMs: 1000, send: (c) => { sent.push(c); }, onRateLimited: () => undefined });
  p.opened();
  const seen: unknown[] = [];
  const watch = <T>(o: { subscribe: (obs: { next: (v: T) => void; error: (e: unknown) => void }) => unknown }): void => {
    o.subscribe({ next: (v) => seen.push(v), error: (e) => seen.push(`${(e as Error).name}: ${(e as Error).message}`) });
  };
  const answer = (reply: object): boolean => p.resolve({ id: sent.length, ...reply } as Reply);
  return { p, sent, seen, watch, answer };
}

const refusal = { type: 'error', msg: { code: 8, msg: 'Unknown channel' } };

describe('listSubscriptions', () => {
  it('sends list_subscriptions and emits the list, in either reply shape', () => {
    const h = harness();
    h.watch(listSubscriptions(h.p));
    expect(h.sent).toEqual([{ id: 1, cmd: 'list_subscriptions' }]);
    h.answer({ type: 'ok', msg: [{ channel: 'ticker', sid: 3 }] });
    h.watch(listSubscriptions(h.p));
    h.answer({ type: 'ok', subscriptions: [{ channel: 'fill', sid: 4 }] });
    expect(h.seen).toEqual([[{ channel: 'ticker', sid: 3 }], [{ channel: 'fill', sid: 4 }]]);
  });

  it('an error reply becomes a KalshiCommandError naming list_subscriptions; an ok without a list is unexpected', () => {
    const h = harness();
    h.watch(listSubscriptions(h.p));
    h.answer(refusal);
    h.watch(listSubscriptions(h.p));
    h.answer({ type: 'ok' });
    expect(h.seen).toEqual([
      'KalshiCommandError: list_subscriptions: Kalshi error 8 UnknownChannel: Unknown channel',
      'KalshiError: list_subscriptions: unexpected reply ok',
    ]);
  });
});

describe('updateSubscription', () => {
  const params: UpdateSubscriptionParams = { action: 'add_markets', sid: 2, market_tickers: ['A'] };

  it('sends update_subscription with the caller\'s params and emits the ok reply', () => {
    const h = harness();
    h.watch(updateSubscription(h.p, params));
    h.watch(updateSubscription(h.p, { action: 'delete_markets', sids: [5], market_ticker: 'B' }));
    expect(h.sent).toEqual([
      { id: 1, cmd: 'update_subscription', params },
      { id: 2, cmd: 'update_subscription', params: { action: 'delete_markets', sids: [5], market_ticker: 'B' } },
    ]);
    expect(h.p.resolve({ id: 1, type: 'ok', sid: 2 })).toBe(true);
    expect(h.seen).toEqual([{ id: 1, type: 'ok', sid: 2 }]);
  });

  it('needs exactly one subscription: sid, or sids with one element, not both', () => {
    const h = harness();
    const usage = 'update_subscription needs exactly one subscription: give sid, or sids with one element';
    expect(() => updateSubscription(h.p, { action: 'add_markets', sid: 1, sids: [1] })).toThrow(usage);
    expect(() => updateSubscription(h.p, { action: 'add_markets', sids: [1, 2] })).toThrow(usage);
    expect(() => updateSubscription(h.p, { action: 'add_markets', sids: [] })).toThrow(usage);
    expect(() => updateSubscription(h.p, { action: 'add_markets' })).toThrow(usage);
    expect(h.sent).toEqual([]);
  });

  it('an error reply becomes a KalshiCommandError naming update_subscription; another reply type is unexpected', () => {
    const h = harness();
    h.watch(updateSubscription(h.p, params));
    h.answer(refusal);
    h.watch(updateSubscription(h.p, params));
    h.answer({ type: 'subscribed', msg: { channel: 'ticker', sid: 2 } });
    expect(h.seen).toEqual([
      'KalshiCommandError: update_subscription: Kalshi error 8 UnknownChannel: Unknown channel',
      'KalshiError: update_subscription: unexpected reply subscribed',
    ]);
  });
});
