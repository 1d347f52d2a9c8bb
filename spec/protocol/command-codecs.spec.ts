// The command codecs (`Command` and its parts, exported) as a user checks commands with them,
// e.g. a proxy or a recorder validating what a client sends: every kind of command decodes,
// every declared parameter is checked (a value of the wrong kind is rejected at its path), and
// io-ts's PathReporter names the codecs on the way.
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { describe, expect, it } from 'vitest';
import { Command, SubscribeCommand, UnsubscribeCommand, UpdateSubscriptionCommand } from '../../lib/protocol/commands.js';

/** The paths io-ts reports for `value` (keys joined with '.', intersections/unions skipped). */
function failingPaths(codec: t.Decoder<unknown, unknown>, value: unknown): string[] {
  const r = codec.decode(value);
  if (!isLeft(r)) return [];
  return r.left.map((e) => e.context.map((c) => c.key).filter((k) => k !== '' && !/^\d$/.test(k)).join('.'));
}

const subscribe = {
  id: 1, cmd: 'subscribe',
  params: {
    channels: ['orderbook_delta'], market_ticker: 'A', market_tickers: ['A', 'B'], market_id: 'm', market_ids: ['m'], send_initial_snapshot: true, skip_ticker_ack: false,
    use_yes_price: true, shard_factor: 2, shard_key: 1, user_filter: 'u', index_ids: ['BRTI'], underlying_tickers: ['BTC'],
  },
};
const update = {
  id: 3, cmd: 'update_subscription',
  params: {
    action: 'add_markets', sid: 1, sids: [1], market_ticker: 'A', market_tickers: ['A'], market_id: 'm', market_ids: ['m'], send_initial_snapshot: false,
    index_ids: ['BRTI'], underlying_tickers: ['BTC'],
  },
};

describe('Command', () => {
  it('decodes every kind of command with every parameter', () => {
    for (const c of [subscribe, { id: 2, cmd: 'unsubscribe', params: { sids: [1, 2] } }, update, { id: 4, cmd: 'list_subscriptions' }]) {
      expect(isRight(Command.decode(c)), JSON.stringify(c)).toBe(true);
    }
  });

  it.each(Object.keys(subscribe.params))('subscribe: params.%s of the wrong kind is rejected there', (key) => {
    expect(failingPaths(SubscribeCommand, { ...subscribe, params: { ...subscribe.params, [key]: { wrong: true } } })).toContain(`params.${key}`);
  });

  it.each(Object.keys(update.params))('update_subscription: params.%s of the wrong kind is rejected there', (key) => {
    expect(failingPaths(UpdateSubscriptionCommand, { ...update, params: { ...update.params, [key]: { wrong: true } } })).toContain(`params.${key}`);
  });

  it('unsubscribe: sids must be numbers', () => {
    expect(failingPaths(UnsubscribeCommand, { id: 2, cmd: 'unsubscribe', params: { sids: ['1'] } })).toContain('params.sids');
    expect(failingPaths(UnsubscribeCommand, { id: 2, cmd: 'unsubscribe', params: {} })).toContain('params.sids');
  });

  it('update_subscription: an action Kalshi does not have is rejected', () => {
    expect(failingPaths(UpdateSubscriptionCommand, { ...update, params: { ...update.params, action: 'add_all' } })).toContain('params.action');
  });

  it('PathReporter names the command codecs', () => {
    const report = (value: unknown): string => PathReporter.report(Command.decode(value)).join('\n');
    const bad = report({ id: 1, cmd: 'subscribe', params: { channels: [1] } });
    for (const name of [': Command/', 'SubscribeCommand', 'params: SubscribeParams']) expect(bad).toContain(name);
    expect(report({ id: 2, cmd: 'unsubscribe' })).toContain('UnsubscribeCommand');
    const u = report({ id: 3, cmd: 'update_subscription', params: { action: 'x' } });
    for (const name of ['UpdateSubscriptionCommand', 'params: UpdateSubscriptionParams', 'action: UpdateAction']) expect(u).toContain(name);
    expect(report({ id: 'x', cmd: 'list_subscriptions' })).toContain('ListSubscriptionsCommand');
  });
});
