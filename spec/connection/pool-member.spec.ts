import { describe, expect, it } from 'vitest';
import { channelRequest } from '../../lib/connection/channel-params.js';
import type { SubscriptionStatus } from '../../lib/connection/connection-status.js';
import { KalshiCommandError } from '../../lib/connection/connection-errors.js';
import { type PartHost, PoolMember, type PoolPart } from '../../lib/connection/pool-member.js';
import type { SinkPort } from '../../lib/connection/sink-port.js';

function recorder(): SinkPort & { seen: unknown[] } {
  const seen: unknown[] = [];
  return { seen, data: (m) => seen.push(['data', m]), status: (s) => seen.push(['status', s.state]), problem: (p) => seen.push(['problem', p.kind]), end: (e) => seen.push(['end', e === undefined ? 'complete' : (e as Error).name]) };
}

function host(spill = false): PartHost<string> & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    released: (p) => log.push(`released ${p.slot}`),
    detach: (p) => log.push(`detach ${p.slot}`),
    spill: (p) => { log.push(`spill ${p.slot}`); return spill; },
    noticed: () => undefined,
  };
}

const limitError = (): KalshiCommandError => new KalshiCommandError({ type: 'error', id: 1, msg: { code: 26, msg: 'Subscription market limit exceeded' } } as never, 'add_markets ticker', 'M2');

function twoParts(h: PartHost<string>, port: SinkPort): [PoolMember<string>, PoolPart<string>, PoolPart<string>] {
  const member = new PoolMember<string>(channelRequest('ticker', { market_tickers: ['M1', 'M2'] }), port, h);
  const a = member.part('A', ['M1']);
  const b = member.part('B', ['M2']);
  member.parts.add(a);
  member.parts.add(b);
  return [member, a, b];
}

describe('a pool consumer over several sockets (no socket)', () => {
  it('reports live once, when every part is live, with all its markets; one status object heard by two parts is reported once', () => {
    const port = recorder();
    const [, a, b] = twoParts(host(), port);
    a.status({ state: 'live', sid: 1, markets: ['M1'] });
    expect(port.seen).toEqual([]);
    const lives: SubscriptionStatus[] = [];
    port.status = (s) => lives.push(s);
    b.status({ state: 'live', sid: 3, markets: ['M2'] });
    expect(lives).toEqual([{ state: 'live', sid: 3, markets: ['M1', 'M2'] }]);
    const down: SubscriptionStatus = { state: 'disconnected', reason: 'dropped' };
    a.status(down);
    a.status(down);
    expect(lives).toHaveLength(2);
    a.status({ state: 'live', sid: 2, markets: ['M1'] });
    expect(lives.map((s) => s.state)).toEqual(['live', 'disconnected', 'live']);
  });

  it('data and problems go straight through; a shadow part buffers instead', () => {
    const port = recorder();
    const [member, a] = twoParts(host(), port);
    a.data('x');
    a.problem({ kind: 'unknown', message: {} as never });
    const shadow = member.part('C', ['M1']);
    shadow.buffer = [];
    shadow.data('y');
    shadow.status({ state: 'live', sid: 9 });
    expect(port.seen).toEqual([['data', 'x'], ['problem', 'unknown']]);
    expect(shadow.buffer.map((e) => e.kind)).toEqual(['data', 'status']);
  });

  it('error 26 on a part is spilled, not delivered; when it cannot be spilled, the consumer fails and its other parts leave', () => {
    const spilled = recorder();
    const h1 = host(true);
    const [, a1] = twoParts(h1, spilled);
    a1.end(limitError());
    expect(spilled.seen).toEqual([]);
    expect(h1.log).toEqual(['released A', 'spill A']);

    const failed = recorder();
    const h2 = host(false);
    const [, a2] = twoParts(h2, failed);
    a2.end(limitError());
    expect(failed.seen).toEqual([['end', 'KalshiCommandError']]);
    expect(h2.log).toEqual(['released A', 'spill A', 'detach B']);
  });

  it('completes only when its last part completes; another error fails it at once; teardown detaches every part once', () => {
    const port = recorder();
    const h = host();
    const [member, a, b] = twoParts(h, port);
    a.end();
    expect(port.seen).toEqual([]);
    b.end();
    expect(port.seen).toEqual([['end', 'complete']]);
    expect(member.done).toBe(true);

    const port2 = recorder();
    const [, c] = twoParts(host(), port2);
    c.end(new Error('boom'));
    expect(port2.seen).toEqual([['end', 'Error']]);

    const h3 = host();
    const [m3] = twoParts(h3, recorder());
    m3.teardown();
    m3.teardown();
    expect(h3.log).toEqual(['detach A', 'detach B']);
  });
});
