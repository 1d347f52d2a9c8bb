// How the connection remembers markets the server refuses, as a user and the server see it
// (connect() over a fake socket, virtual time far from 0 so time arithmetic shows): a market
// refused twice fails new subscribers at once until the first refusal is a minute old (exactly
// then it is tried again); a lone market refused without a name is the culprit; a big batch
// refused without a name is searched in parts of ceil(n / 16), then market by market, and what
// was accepted goes out again as one batch after a reconnect.
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../lib/connection/kalshi-connection.js';
import { FakeSocket, kalshiScript } from '../helpers/fake-socket.js';

beforeEach(() => FakeSocket.reset());

const START = 100_000;

/** Kalshi that refuses any command naming `bad` (error 12, with the market named only when `named`). */
function refusing(bad: string, named: boolean) {
  const base = kalshiScript();
  return (cmd: { id: number; cmd: string; params?: { market_tickers?: string[] } }, socket: FakeSocket): object[] => {
    if (cmd.params?.market_tickers?.includes(bad)) return [{ id: cmd.id, type: 'error', msg: { code: 12, msg: 'Market not found', ...(named ? { market_ticker: bad } : {}) } }];
    return base(cmd, socket);
  };
}

function rig(scheduler: TestScheduler, bad: string, named: boolean, reconnect = false) {
  FakeSocket.script = refusing(bad, named);
  FakeSocket.now = () => scheduler.now();
  const conn = connect({
    url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler, staleAfterMs: 0,
    reconnect: reconnect ? { initialDelayMs: 1, random: () => 0 } : false,
  });
  FakeSocket.last.open();
  return conn;
}

/** The market lists of the commands every socket received, in order. */
const marketLists = (): string[][] => FakeSocket.instances.flatMap((s) => s.sent.map((c) => (c.frame.params?.market_tickers ?? []) as string[]));

describe('refusal memory', () => {
  it('twice refused: new subscribers fail at once, until the first refusal is exactly a minute old', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const conn = rig(scheduler, 'X', true);
      const keep = conn.channel('ticker', { market_ticker: 'A' }).subscribe();
      const outcomes: [number, string][] = [];
      const attempt = (): void => {
        const sent = FakeSocket.last.sent.length;
        conn.channel('ticker', { market_ticker: 'X' }).subscribe({
          error: (e: unknown) => outcomes.push([scheduler.now(), FakeSocket.last.sent.length > sent ? `refused ${(e as { code: number }).code}` : `at once ${(e as { code: number }).code}`]),
        });
      };
      for (const at of [START, START + 1_000, START + 2_000, START + 59_999, START + 60_000]) scheduler.schedule(attempt, at);
      scheduler.schedule(() => {
        keep.unsubscribe();
        conn.close();
      }, START + 61_000);
      scheduler.flush();
      expect(outcomes).toEqual([
        [START, 'refused 12'],
        [START + 1_000, 'refused 12'],
        [START + 2_000, 'at once 12'],
        [START + 59_999, 'at once 12'],
        [START + 60_000, 'refused 12'],
      ]);
    });
  });

  it('a lone market refused without naming it is the culprit: its subscriber fails', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const conn = rig(scheduler, 'X', false);
      const errors: unknown[] = [];
      scheduler.schedule(() => conn.channel('ticker', { market_ticker: 'X' }).subscribe({ error: (e: unknown) => errors.push(e) }), START);
      scheduler.schedule(() => conn.close(), START + 10);
      scheduler.flush();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code: 12 });
      expect(marketLists()).toEqual([['X']]);
    });
  });

  it('40 markets refused without a name: parts of 3, then one by one; only the culprit fails; after a reconnect one batch', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const markets = Array.from({ length: 40 }, (_, i) => `M${String(i).padStart(2, '0')}`);
      const conn = rig(scheduler, 'M17', false, true);
      const failed: string[] = [];
      scheduler.schedule(() => {
        for (const m of markets) conn.channel('ticker', { market_ticker: m }).subscribe({ error: () => failed.push(m) });
      }, START);
      scheduler.schedule(() => FakeSocket.last.serverClose(false), START + 30_000);
      scheduler.schedule(() => FakeSocket.last.open(), START + 30_100);
      scheduler.schedule(() => conn.close(), START + 60_000);
      scheduler.flush();
      expect(failed).toEqual(['M17']);
      const lists = marketLists();
      const first = FakeSocket.instances[0]?.sent.length ?? 0;
      const sizes = lists.slice(0, first).map((l) => l.length);
      // The whole batch, refused; parts of ceil(40 / 16) = 3 up to the refused M15–M17; then M15, M16, M17 alone; then parts of 3 again.
      expect(sizes).toEqual([40, 3, 3, 3, 3, 3, 3, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3, 1]);
      expect(lists[6]).toEqual(['M15', 'M16', 'M17']);
      expect(lists.slice(7, 10)).toEqual([['M15'], ['M16'], ['M17']]);
      // After the reconnect: every accepted market in one subscribe.
      expect(lists.slice(first)).toEqual([markets.filter((m) => m !== 'M17')]);
    });
  });
});
