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

describe('a pool consumer: statuses after live, ends, and what counts as error 26 (no socket)', () => {
  const liveBoth = (): { lives: SubscriptionStatus[]; a: PoolPart<string>; b: PoolPart<string>; member: PoolMember<string>; h: ReturnType<typeof host> } => {
    const lives: SubscriptionStatus[] = [];
    const port = { ...recorder(), status: (s: SubscriptionStatus) => lives.push(s) };
    const h = host();
    const [member, a, b] = twoParts(h, port);
    a.status({ state: 'live', sid: 1, markets: ['M1'] });
    b.status({ state: 'live', sid: 3, markets: ['M2'] });
    return { lives, a, b, member, h };
  };

  it('a part carries only its own markets; a whole-channel part the consumer request itself', () => {
    const member = new PoolMember<string>(channelRequest('ticker', { market_tickers: ['M1', 'M2'] }), recorder(), host());
    expect(member.part('A', ['M2']).request.markets).toEqual(['M2']);
    const whole = new PoolMember<string>(channelRequest('ticker', {}), recorder(), host());
    expect(whole.part('A', undefined).request).toBe(whole.request);
  });

  it('stale and gap keep a part live: the next live of that part passes as it is', () => {
    for (const quiet of [{ state: 'stale', sid: 1, silentForMs: 5 }, { state: 'gap', sid: 1, expected: 4, got: 6 }] as SubscriptionStatus[]) {
      const { lives, a } = liveBoth();
      a.status(quiet);
      a.status({ state: 'live', sid: 1, markets: ['M1'] });
      expect(lives).toEqual([{ state: 'live', sid: 3, markets: ['M1', 'M2'] }, quiet, { state: 'live', sid: 1, markets: ['M1'] }]);
    }
  });

  it('live parts that do not carry every market (the rest is placed again after error 26) are not live yet; a part added later is not announced again', () => {
    const lives: SubscriptionStatus[] = [];
    const member = new PoolMember<string>(channelRequest('ticker', { market_tickers: ['M1', 'M2', 'M3'] }), { ...recorder(), status: (s) => lives.push(s) }, host());
    const a = member.part('A', ['M1', 'M2']);
    member.parts.add(a);
    a.status({ state: 'live', sid: 1, markets: ['M1', 'M2'] });
    expect(lives).toEqual([]);
    const b = member.part('B', ['M3']);
    member.parts.add(b);
    b.status({ state: 'live', sid: 2, markets: ['M3'] });
    expect(lives).toEqual([{ state: 'live', sid: 2, markets: ['M1', 'M2', 'M3'] }]);
    // M3 moves again (error 26 on B): its new part's live is not a second live of the consumer.
    member.parts.delete(b);
    const c = member.part('C', ['M3']);
    member.parts.add(c);
    c.status({ state: 'live', sid: 4, markets: ['M3'] });
    expect(lives).toHaveLength(1);
    // A gap the consumer heard is still ended by the next live of that part.
    const gap: SubscriptionStatus = { state: 'gap', sid: 4, expected: 3, received: 5 };
    c.status(gap);
    c.status({ state: 'live', sid: 4, markets: ['M3'] });
    expect(lives).toEqual([{ state: 'live', sid: 2, markets: ['M1', 'M2', 'M3'] }, gap, { state: 'live', sid: 4, markets: ['M3'] }]);
  });

  it('any other status takes the part out of live: live is reported again only with every part live, with all markets', () => {
    const { lives, a, b } = liveBoth();
    a.status({ state: 'disconnected', reason: 'dropped' });
    b.status({ state: 'live', sid: 4, markets: ['M2'] });
    expect(lives.slice(2)).toEqual([]);
    a.status({ state: 'live', sid: 2, markets: ['M1'] });
    expect(lives.slice(1)).toEqual([{ state: 'disconnected', reason: 'dropped' }, { state: 'live', sid: 2, markets: ['M1', 'M2'] }]);
  });

  it('after teardown or its end, a consumer hears nothing more and ends once', () => {
    const { lives, a, member, h } = liveBoth();
    let noticed = 0;
    h.noticed = () => noticed++;
    member.teardown();
    a.status({ state: 'stale', sid: 1, silentForMs: 5 });
    expect(lives).toHaveLength(1);
    expect(noticed).toBe(0);
    const port = recorder();
    const [m2] = twoParts(host(), port);
    m2.finish(new Error('one'));
    m2.finish(new Error('two'));
    expect(port.seen).toEqual([['end', 'Error']]);
    const [m3] = twoParts(host(), port);
    m3.teardown();
    m3.finish(new Error('three'));
    expect(port.seen).toEqual([['end', 'Error']]);
  });

  it('a part ends once; a part that does not deliver (a shadow) ending does not end the consumer', () => {
    const port = recorder();
    const h = host();
    const [member, a] = twoParts(h, port);
    a.end(new Error('boom'));
    a.end(new Error('boom'));
    expect(h.log.filter((l) => l.startsWith('released'))).toEqual(['released A']);
    const port2 = recorder();
    const h2 = host(true);
    const [m2] = twoParts(h2, port2);
    const shadow = m2.part('C', ['M1']);
    shadow.buffer = [];
    shadow.problem({ kind: 'unknown', message: {} as never });
    expect(shadow.buffer.map((e) => e.kind)).toEqual(['problem']);
    expect(port2.seen).toEqual([]);
    shadow.end(new Error('gone'));
    shadow.end(limitError());
    expect(port2.seen).toEqual([]);
    expect(m2.done).toBe(false);
    expect(member.done).toBe(true);
  });

  it('only a KalshiCommandError with code 26 is spilled; other refusals and look-alikes fail the consumer', () => {
    const other = new KalshiCommandError({ type: 'error', id: 1, msg: { code: 8, msg: 'Unknown channel name' } } as never, 'subscribe ticker');
    const lookAlike = Object.assign(new Error('not a refusal'), { code: 26 });
    const plain = { name: 'KalshiCommandError', code: 26, message: 'not an Error' };
    for (const error of [other, lookAlike, plain, new Error('boom')]) {
      const port = recorder();
      const h = host(true);
      const [, a] = twoParts(h, port);
      a.end(error);
      expect(h.log).toEqual(['released A', 'detach B']);
      expect(port.seen).toHaveLength(1);
    }
  });
});
