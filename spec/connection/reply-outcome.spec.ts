import { describe, expect, it } from 'vitest';
import { replyOutcome } from '../../lib/connection/reply-outcome.js';
import type { Reply } from '../../lib/protocol/replies.js';

const err = (code: number, market?: string): Reply => ({ type: 'error', msg: { code, msg: 'x', ...(market === undefined ? {} : { market_ticker: market }) } });
const upd = (step: 'add_markets' | 'delete_markets' | 'get_snapshot' | 'subscribe', markets: string[]) => ({ kind: 'updating' as const, sid: 1, step, markets });

describe('replyOutcome', () => {
  it.each([
    ['releasing, unsubscribed', { kind: 'releasing', sid: 1 }, { type: 'unsubscribed', sid: 1 }, { kind: 'released', error: undefined }],
    ['releasing, error 7 (counts as released)', { kind: 'releasing', sid: 1 }, err(7), { kind: 'released', error: err(7) }],
    ['subscribing, subscribed', { kind: 'subscribing', markets: ['A'] }, { type: 'subscribed', msg: { channel: 'ticker', sid: 3 } }, { kind: 'subscribed', sid: 3 }],
    ['subscribing, ok with sid (merged)', { kind: 'subscribing', markets: ['A'] }, { type: 'ok', sid: 4 }, { kind: 'subscribed', sid: 4 }],
    ['subscribing, ok without sid', { kind: 'subscribing', markets: ['A'] }, { type: 'ok' }, { kind: 'no-sid' }],
    ['subscribing, answered by an unsubscribed (its sid is not a new one)', { kind: 'subscribing', markets: ['A'] }, { type: 'unsubscribed', sid: 5 }, { kind: 'no-sid' }],
    ['subscribing, error', { kind: 'subscribing', markets: ['A'] }, err(11, 'A'), { kind: 'refused', error: err(11, 'A'), cmd: 'subscribe' }],
    ['add_markets, ok', upd('add_markets', ['A']), { type: 'ok', sid: 1 }, { kind: 'applied', error: undefined }],
    ['delete_markets, error 11 (counts as released)', upd('delete_markets', ['A']), err(11), { kind: 'applied', error: err(11) }],
    ['add_markets, error 7 (sid gone)', upd('add_markets', ['A']), err(7), { kind: 'sid-gone', code: 7 }],
    ['add_markets, error 25 (sid killed)', upd('add_markets', ['A']), err(25), { kind: 'sid-gone', code: 25 }],
    ['add_markets, error 11', upd('add_markets', ['A', 'B']), err(11), { kind: 'refused', error: err(11), cmd: 'update_subscription' }],
    ['merging subscribe, error', upd('subscribe', ['A']), err(9), { kind: 'refused', error: err(9), cmd: 'subscribe' }],
    ['get_snapshot of several, unnamed error', upd('get_snapshot', ['A', 'B']), err(11), { kind: 'restart', error: err(11) }],
    ['get_snapshot of several, named error', upd('get_snapshot', ['A', 'B']), err(11, 'B'), { kind: 'refused', error: err(11, 'B'), cmd: 'update_subscription' }],
    ['get_snapshot of one, unnamed error', upd('get_snapshot', ['A']), err(11), { kind: 'refused', error: err(11), cmd: 'update_subscription' }],
  ] as const)('%s', (_name, phase, reply, outcome) => {
    expect(replyOutcome(phase as never, reply as Reply)).toEqual(outcome);
  });
});
