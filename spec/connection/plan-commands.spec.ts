// The commands a subscription sends, as the server sees them, when the user passes channel
// options: they go out with the subscribe, a market joining the sid carries
// send_initial_snapshot exactly as the user gave it (and nothing when not given), and a
// channel without add_markets merges a new market with a repeat subscribe that carries them too.
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChannelParams } from '../../lib/connection/kalshi-connection-api.js';
import { connect } from '../../lib/connection/kalshi-connection.js';
import type { ChannelName } from '../../lib/channels/channel-names.js';
import { FakeSocket, kalshiScript } from '../helpers/fake-socket.js';

beforeEach(() => FakeSocket.reset());

/** Subscribes `channel` with `params` for market A at t=0 and for B at t=2; returns the commands sent (without ids). */
function commandsFor(channel: ChannelName, params: Omit<ChannelParams, 'market_ticker' | 'market_tickers'>): object[] {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  let sent: object[] = [];
  scheduler.run(() => {
    FakeSocket.script = kalshiScript();
    const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler, staleAfterMs: 0, reconnect: false });
    const socket = FakeSocket.last;
    socket.open();
    const a = conn.channel(channel, { ...params, market_ticker: 'A' }).subscribe();
    let b: { unsubscribe(): void } | undefined;
    scheduler.schedule(() => (b = conn.channel(channel, { ...params, market_ticker: 'B' }).subscribe()), 2);
    scheduler.schedule(() => {
      sent = socket.commands();
      a.unsubscribe();
      b?.unsubscribe();
      conn.close();
    }, 4);
  });
  return sent;
}

describe('channel options on the wire', () => {
  it.each([false, true])('send_initial_snapshot: %s goes out with the subscribe and with add_markets', (flag) => {
    expect(commandsFor('orderbook_delta', { send_initial_snapshot: flag })).toEqual([
      { cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: ['A'], send_initial_snapshot: flag } },
      { cmd: 'update_subscription', params: { sid: 1, market_tickers: ['B'], action: 'add_markets', send_initial_snapshot: flag } },
    ]);
  });

  it('without send_initial_snapshot neither command names it', () => {
    expect(commandsFor('orderbook_delta', {})).toEqual([
      { cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: ['A'] } },
      { cmd: 'update_subscription', params: { sid: 1, market_tickers: ['B'], action: 'add_markets' } },
    ]);
  });

  it('other options go out with the subscribe only (add_markets takes no options)', () => {
    expect(commandsFor('ticker', { skip_ticker_ack: true })).toEqual([
      { cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['A'], skip_ticker_ack: true } },
      { cmd: 'update_subscription', params: { sid: 1, market_tickers: ['B'], action: 'add_markets' } },
    ]);
  });

  it('market_positions (no add_markets): a repeat subscribe for the new market, with the options', () => {
    expect(commandsFor('market_positions', { shard_factor: 2, shard_key: 1 })).toEqual([
      { cmd: 'subscribe', params: { channels: ['market_positions'], market_tickers: ['A'], shard_factor: 2, shard_key: 1 } },
      { cmd: 'subscribe', params: { channels: ['market_positions'], market_tickers: ['B'], shard_factor: 2, shard_key: 1 } },
    ]);
  });
});

describe('a subscriber of every market on a filtered sid', () => {
  it('makes the sid start over: unsubscribe it, then subscribe without markets', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      FakeSocket.script = kalshiScript();
      const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler, staleAfterMs: 0, reconnect: false });
      const socket = FakeSocket.last;
      socket.open();
      const a = conn.channel('ticker', { market_ticker: 'A' }).subscribe();
      let all: { unsubscribe(): void } | undefined;
      scheduler.schedule(() => (all = conn.channel('ticker').subscribe()), 2);
      scheduler.schedule(() => {
        expect(socket.commands()).toEqual([
          { cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['A'] } },
          { cmd: 'unsubscribe', params: { sids: [1] } },
          { cmd: 'subscribe', params: { channels: ['ticker'] } },
        ]);
        a.unsubscribe();
        all?.unsubscribe();
        conn.close();
      }, 6);
    });
  });
});

