import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { checkSeq } from '../../lib/operators/check-seq.js';

const m = (sid: number, seq?: number) => ({ sid, ...(seq === undefined ? {} : { seq }) });

describe('checkSeq', () => {
  it('passes in-order messages, precedes a gap with SeqGap, drops duplicates, keeps sids apart', () => {
    const dups: number[] = [];
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-d-e-f-g-h-|', {
        a: m(1, 5), b: m(1, 6), c: m(2, 1), d: m(1, 8), e: m(1, 8), f: m(2, 2), g: m(1, 7), h: m(3),
      });
      expectObservable(source.pipe(checkSeq({ onDuplicate: (_sid, seq) => dups.push(seq) }))).toBe('-a-b-c-(xd)f---h-|', {
        a: m(1, 5), b: m(1, 6), c: m(2, 1), x: { kind: 'seq-gap', sid: 1, expected: 7, received: 8 }, d: m(1, 8), f: m(2, 2), h: m(3),
      });
    });
    expect(dups).toEqual([8, 7]);
  });

  it('treats the first message of a sid as its baseline, whatever its seq', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      expectObservable(cold('ab|', { a: m(4, 42), b: m(4, 43) }).pipe(checkSeq())).toBe('ab|', { a: m(4, 42), b: m(4, 43) });
    });
  });
});
