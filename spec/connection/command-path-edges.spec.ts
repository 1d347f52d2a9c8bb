// CommandPath at its edges, as the connection sees it (no socket): what is refused before a
// socket opens and after the connection ends, what a cancelled command leaves behind, how an
// id-less `unsubscribed` finds its command, and what happens to a command backing off from
// error 27 when its socket goes or the connection ends.
import { describe, expect, it } from 'vitest';
import { CommandPath } from '../../lib/connection/command-path.js';
import type { Reply } from '../../lib/protocol/replies.js';
import { ManualScheduler } from '../helpers/fake-host.js';

function path(budget = { burst: 10, perSecond: 10 }) {
  const scheduler = new ManualScheduler();
  const sent: { id: number; cmd: string; params?: unknown }[] = [];
  const p = new CommandPath({ scheduler, timeoutMs: 1000, budget, send: (c) => { sent.push(c as never); }, onRateLimited: () => undefined });
  const outcomes: string[] = [];
  const run = (cmd: string, binding: 'socket' | 'next-open' = 'socket', params?: object) =>
    p.request(params === undefined ? { cmd } : { cmd, params }, binding).subscribe({
      next: (r) => outcomes.push(`${cmd}:${r.type}`),
      error: (e: unknown) => outcomes.push(`${cmd}:${(e as Error).name}:${(e as Error).message}`),
      complete: () => outcomes.push(`${cmd}:complete`),
    });
  return { scheduler, p, sent, outcomes, run };
}

const tooMany = (id: number): Reply => ({ id, type: 'error', msg: { code: 27, msg: 'Too many requests' } });
const unsubscribed = (sid: number, id?: number): Reply => ({ ...(id === undefined ? {} : { id }), sid, seq: 1, type: 'unsubscribed' });

describe('CommandPath: before the first socket and after the end', () => {
  it('a socket-bound command before any socket opened fails at once and sends nothing', () => {
    const h = path();
    h.run('a');
    h.run('user', 'next-open');
    expect(h.outcomes).toEqual(['a:KalshiConnectionLostError:no open socket for this command']);
    expect(h.sent).toEqual([]);
    h.p.opened();
    expect(h.sent).toEqual([{ id: 1, cmd: 'user' }]);
  });

  it('after end() every new command, user commands too, fails with "connection is closed"', () => {
    const h = path();
    h.p.opened();
    h.p.end(new Error('closed'));
    h.run('user', 'next-open');
    h.run('a');
    expect(h.outcomes).toEqual(['user:KalshiConnectionClosedError:connection is closed', 'a:KalshiConnectionClosedError:connection is closed']);
    expect(h.sent).toEqual([]);
  });

  it('the timeout names the command id and the limit', () => {
    const h = path();
    h.p.opened();
    h.run('a');
    h.run('b');
    h.scheduler.advance(999);
    expect(h.outcomes).toEqual([]);
    h.scheduler.advance(1);
    expect(h.outcomes).toEqual(['a:KalshiTimeoutError:no reply to command 1 within 1000 ms', 'b:KalshiTimeoutError:no reply to command 2 within 1000 ms']);
  });
});

describe('CommandPath: cancelling', () => {
  it('a command unsubscribed while it waits for the budget is never sent; one unsubscribed after sending stops waiting', () => {
    const h = path({ burst: 1, perSecond: 1 });
    h.p.opened();
    const a = h.run('a');
    const b = h.run('b');
    b.unsubscribe();
    h.run('c');
    expect(h.p.size).toBe(1);
    a.unsubscribe();
    expect(h.p.size).toBe(0);
    expect(h.p.resolve({ id: 1, type: 'ok' })).toBe(false);
    h.scheduler.advance(5000);
    expect(h.sent.map((s) => s.cmd)).toEqual(['a', 'c']);
    expect(h.outcomes).toEqual(['c:KalshiTimeoutError:no reply to command 2 within 1000 ms']);
  });
});

describe('CommandPath: an unsubscribed reply without an id', () => {
  it('finds the unsubscribe that named its sid (no id, or id 0); other commands naming sids are not claimed', () => {
    const h = path();
    h.p.opened();
    h.run('unsubscribe', 'socket', { sids: [5, 6] });
    h.run('update_subscription', 'socket', { sids: [5], action: 'add_markets' });
    h.run('unsubscribe', 'socket', { sids: [7] });
    expect(h.p.resolve(unsubscribed(6))).toBe(true);
    expect(h.outcomes).toEqual(['unsubscribe:unsubscribed', 'unsubscribe:complete']);
    // Command 1 is answered: its other sid no longer points at it, and the update is not an unsubscribe.
    expect(h.p.resolve(unsubscribed(5))).toBe(false);
    expect(h.p.resolve(unsubscribed(7, 0))).toBe(true);
    expect(h.outcomes.slice(2)).toEqual(['unsubscribe:unsubscribed', 'unsubscribe:complete']);
    expect(h.p.size).toBe(1);
  });

  it('a reply that carries its id is routed by the id, not by its sid', () => {
    const h = path();
    h.p.opened();
    h.run('first', 'socket', { sids: [] });
    h.run('unsubscribe', 'socket', { sids: [9] });
    expect(h.p.resolve(unsubscribed(9, 1))).toBe(true);
    expect(h.outcomes).toEqual(['first:unsubscribed', 'first:complete']);
    expect(h.p.size).toBe(1);
  });

  it('answering one unsubscribe leaves the sids of another one routable', () => {
    const h = path();
    h.p.opened();
    h.run('unsubscribe', 'socket', { sids: [1] });
    h.run('unsubscribe', 'socket', { sids: [2] });
    expect(h.p.resolve(unsubscribed(1, 1))).toBe(true);
    expect(h.p.resolve(unsubscribed(2))).toBe(true);
    expect(h.p.size).toBe(0);
  });
});

describe('CommandPath: a command backing off from error 27', () => {
  it('the error 27 reply is claimed (true) and the command is sent again after the back-off', () => {
    const h = path();
    h.p.opened();
    h.run('a');
    expect(h.p.resolve(tooMany(1))).toBe(true);
    h.scheduler.advance(1000);
    expect(h.sent.map((s) => s.id)).toEqual([1, 2]);
  });

  it('fails at once when its socket goes, and is not sent into the next one', () => {
    const h = path();
    h.p.opened();
    h.run('a');
    h.p.resolve(tooMany(1));
    h.p.down(new Error('gone'));
    expect(h.outcomes).toEqual(['a:Error:gone']);
    h.p.opened();
    h.scheduler.advance(5000);
    expect(h.sent.map((s) => s.id)).toEqual([1]);
  });

  it('fails when the connection ends and is never sent again', () => {
    const h = path();
    h.p.opened();
    h.run('user', 'next-open');
    h.p.resolve(tooMany(1));
    h.p.end(new Error('closed'));
    expect(h.outcomes).toEqual(['user:Error:closed']);
    h.scheduler.advance(5000);
    expect(h.sent.map((s) => s.id)).toEqual([1]);
  });

  it('a user command still queued when its socket goes waits for the next one, whatever its place in the queue', () => {
    const h = path({ burst: 1, perSecond: 1 });
    h.p.opened();
    h.run('a');
    h.run('user', 'next-open');
    h.run('bound');
    h.p.down(new Error('gone'));
    expect(h.outcomes).toEqual(['a:Error:gone', 'bound:Error:gone']);
    h.scheduler.advance(1000);
    h.p.opened();
    expect(h.sent.map((s) => s.cmd)).toEqual(['a', 'user']);
  });
});
