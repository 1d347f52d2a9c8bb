import { TestScheduler } from 'rxjs/testing';
import { map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ChannelEvent } from '../../lib/connection/channel-event.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';
import { toOrderBook } from '../../lib/operators/to-order-book.js';
import { deltaFrame, snapshotFrame } from '../helpers/messages.js';

const data = (frame: object): ChannelEvent<any> => {
  const f = decodeFrame(JSON.stringify(frame));
  if (f.kind !== 'data') throw new Error('bad fixture');
  return { kind: 'data', message: f.message };
};
const status = (s: any): ChannelEvent<any> => ({ kind: 'status', status: s });

const view = (b: { status: string; base: string; yes: readonly (readonly string[])[] }) => `${b.status}/${b.base}/${b.yes.map((l) => l.join('@')).join(',')}`;

describe('toOrderBook', () => {
  const events = {
    s: data(snapshotFrame(1, 1, 'M', [['0.4000', '10.00']], [['0.5000', '5.00']])),
    d: data(deltaFrame(1, 2, 'M', '0.4100', '3.00')),
    o: data(deltaFrame(1, 3, 'OTHER', '0.4100', '3.00')),
    g: status({ state: 'gap', sid: 1, expected: 4, received: 5 }),
    x: data(deltaFrame(1, 5, 'M', '0.4200', '1.00')),
    r: data(snapshotFrame(1, 6, 'M', [['0.3900', '2.00']], [])),
    k: status({ state: 'disconnected', reason: 'dropped' }),
    n: status({ state: 'reconnected', sid: 7, downForMs: 40 }),
    t: data(snapshotFrame(7, 1, 'M', [['0.3800', '1.00']], [])),
  };

  it('emits after the snapshot and each delta; after a gap re-emits the last book as stale and waits for a snapshot', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ hot, expectObservable }) => {
      const source = hot('-s-d-o-g-x-r-|', events);
      expectObservable(source.pipe(toOrderBook('M'), map(view))).toBe('-a-b---c---e-|', {
        a: 'live/snapshot/0.4000@10.00',
        b: 'live/snapshot/0.4000@10.00,0.4100@3.00',
        c: 'stale/snapshot/0.4000@10.00,0.4100@3.00',
        e: 'live/resync/0.3900@2.00',
      });
    });
  });

  it('around a reconnect: stale on disconnect, nothing until the fresh snapshot, then base = reconnect', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ hot, expectObservable }) => {
      const source = hot('-s-k-d-n-t-|', events);
      expectObservable(source.pipe(toOrderBook('M'), map(view))).toBe('-a-b-----c-|', {
        a: 'live/snapshot/0.4000@10.00',
        b: 'stale/snapshot/0.4000@10.00',
        c: 'live/reconnect/0.3800@1.00',
      });
    });
  });

  it('a broken invariant makes the book stale and asks for a resync', () => {
    const violations: string[] = [];
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ hot, expectObservable }) => {
      const bad = data(deltaFrame(1, 2, 'M', '0.3000', '-1.00'));
      const source = hot('-s-v-d-r-|', { s: events.s, v: bad, d: events.d, r: events.r });
      expectObservable(source.pipe(toOrderBook('M', { onViolation: (v) => violations.push(v.kind) }), map(view))).toBe('-a-b---c-|', {
        a: 'live/snapshot/0.4000@10.00',
        b: 'stale/snapshot/0.4000@10.00',
        c: 'live/resync/0.3900@2.00',
      });
    });
    expect(violations).toEqual(['unknown-level-removed']);
  });
});

describe('toOrderBook on bare messages (channel())', () => {
  it('builds the same books from messages without event wrappers', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ hot, expectObservable }) => {
      const bare = (e: ChannelEvent<any>) => (e.kind === 'data' ? e.message : e);
      const s = bare(data(snapshotFrame(1, 1, 'M', [['0.4000', '10.00']], [['0.5000', '5.00']])));
      const d = bare(data(deltaFrame(1, 2, 'M', '0.4100', '3.00')));
      expectObservable(hot('-s-d-|', { s, d }).pipe(toOrderBook('M'), map(view))).toBe('-a-b-|', {
        a: 'live/snapshot/0.4000@10.00',
        b: 'live/snapshot/0.4000@10.00,0.4100@3.00',
      });
    });
  });
});
