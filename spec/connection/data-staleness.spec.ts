// dataStaleAfterMs as a user sees it: a subscription without data for that long hears `stale`
// once (not again while the silence lasts), hears `live` again with the next message, and can go
// stale again; metricsNow() shows the age of the last data per sid. Quiet is not dead: the socket
// stays, nothing is resubscribed.
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChannelEvent } from '../../lib/connection/channel-event.js';
import { connect } from '../../lib/connection/kalshi-connection.js';
import { FakeSocket, kalshiScript } from '../helpers/fake-socket.js';
import { tickerFrame } from '../helpers/messages.js';

beforeEach(() => FakeSocket.reset());

describe('dataStaleAfterMs', () => {
  it('stale once per silence, live with the next message, stale again; ages in metricsNow()', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      FakeSocket.script = kalshiScript();
      FakeSocket.now = () => scheduler.now();
      const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler, staleAfterMs: 0, reconnect: false, dataStaleAfterMs: 100 });
      const socket = FakeSocket.last;
      socket.open();
      const seen: [number, string][] = [];
      conn.events('ticker').subscribe((e: ChannelEvent<unknown>) => seen.push([scheduler.now(), e.kind === 'status' ? JSON.stringify(e.status) : e.kind]));
      const ages: Record<number, number>[] = [];
      scheduler.schedule(() => socket.receive(tickerFrame(1, 'A')), 10);
      scheduler.schedule(() => ages.push(conn.metricsNow().lastMessageAgeMs), 60);
      scheduler.schedule(() => ages.push(conn.metricsNow().lastMessageAgeMs), 90);
      scheduler.schedule(() => socket.receive(tickerFrame(1, 'A')), 400);
      scheduler.schedule(() => {
        expect(socket.commands()).toEqual([{ cmd: 'subscribe', params: { channels: ['ticker'] } }]);
        conn.close();
      }, 700);
      scheduler.flush();
      const stale = seen.filter(([, k]) => k.includes('"stale"'));
      // Checks every 50 ms, and a check times the data it sees first (no clock per message): data
      // at 10 is timed at 50, stale at 150; data at 400 is timed by the check at 400, stale at 500.
      expect(stale.map(([at]) => at)).toEqual([150, 500]);
      expect(stale.map(([, k]) => JSON.parse(k))).toEqual([{ state: 'stale', sid: 1, silentForMs: 100 }, { state: 'stale', sid: 1, silentForMs: 100 }]);
      // The message at 400 brings `live` back before the data itself.
      expect(seen.filter(([at]) => at === 400).map(([, k]) => k)).toEqual([JSON.stringify({ state: 'live', sid: 1 }), 'data']);
      expect(ages).toEqual([{ 1: 10 }, { 1: 40 }]);
    });
  });

  it('off by default: a subscription silent for a minute hears nothing', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      FakeSocket.script = kalshiScript();
      const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler, staleAfterMs: 0, reconnect: false });
      FakeSocket.last.open();
      const states: string[] = [];
      conn.events('ticker').subscribe((e) => {
        if (e.kind === 'status') states.push(e.status.state);
      });
      scheduler.schedule(() => conn.close(), 60_000);
      scheduler.flush();
      expect(states).toContain('live');
      expect(states).not.toContain('stale');
    });
  });
});
