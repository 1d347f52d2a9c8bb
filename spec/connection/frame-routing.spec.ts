// How a connection reads what arrives on its socket, as a user sees it through diagnostics$,
// events(), onRawFrame and metricsNow(): frames over maxFrameBytes are dropped and reported,
// binary frames are read as UTF-8 (and reported when they are not), data of a sid nobody holds is
// unroutable, an unknown message type or an undecodable frame on a sid reaches that sid's
// subscribers, and a reply that answers no command is reported for what it is.
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChannelEvent, Diagnostic } from '../../lib/connection/channel-event.js';
import type { ConnectOptions } from '../../lib/connection/connect-options.js';
import { connect } from '../../lib/connection/kalshi-connection.js';
import { FakeSocket, kalshiScript } from '../helpers/fake-socket.js';
import { tickerFrame } from '../helpers/messages.js';

beforeEach(() => FakeSocket.reset());

interface Rig {
  readonly conn: ReturnType<typeof connect>;
  readonly socket: FakeSocket;
  readonly diagnostics: Diagnostic[];
  readonly events: ChannelEvent<unknown>[];
  readonly raw: string[];
}

/** A connection over a fake socket answered by the in-memory Kalshi, with one ticker subscription (sid 1) from t=0; `steps` runs at t=1, `check` at t=5; `raw` holds the frames from t=1. */
function run(options: Partial<ConnectOptions>, steps: (r: Rig) => void, check: (r: Rig) => void): void {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  scheduler.run(() => {
    FakeSocket.script = kalshiScript();
    FakeSocket.now = () => scheduler.now();
    const raw: string[] = [];
    const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler, staleAfterMs: 0, reconnect: false, onRawFrame: (f) => raw.push(f), ...options });
    const socket = FakeSocket.last;
    socket.open();
    const rig: Rig = { conn, socket, diagnostics: [], events: [], raw };
    conn.diagnostics$.subscribe((d) => rig.diagnostics.push(d));
    conn.events('ticker').subscribe((e) => rig.events.push(e));
    scheduler.schedule(() => {
      raw.length = 0; // the subscribed reply
      steps(rig);
    }, 1);
    scheduler.schedule(() => {
      check(rig);
      conn.close();
    }, 5);
  });
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const kinds = (r: Rig): string[] => r.events.filter((e) => !(e.kind === 'status' && e.status.state === 'live')).map((e) => e.kind);

describe('frame size limit', () => {
  const frame = JSON.stringify(tickerFrame(1, 'A'));

  it('a frame of exactly maxFrameBytes is read; one byte more is dropped and reported as frame-too-large', () => {
    run({ maxFrameBytes: frame.length }, (r) => {
      r.socket.receive(frame);
      r.socket.receive(`${frame} `);
    }, (r) => {
      expect(kinds(r)).toEqual(['data']);
      expect(r.diagnostics).toEqual([{ kind: 'frame-too-large', limitBytes: frame.length }]);
      expect(r.raw).toEqual([frame]);
      expect(r.conn.metricsNow()).toMatchObject({ messages: 1, decodeFailures: 1 });
    });
  });
});

describe('binary frames', () => {
  it('a binary frame of UTF-8 JSON is read like a text frame (onRawFrame sees the text)', () => {
    const frame = JSON.stringify(tickerFrame(1, 'Ä-MARKET'));
    run({}, (r) => r.socket.onmessage?.({ data: bytes(frame) }), (r) => {
      expect(kinds(r)).toEqual(['data']);
      expect(r.raw).toEqual([frame]);
      expect(r.diagnostics).toEqual([]);
    });
  });

  it('a binary frame that is not UTF-8 is a decode error (parse), counted, and not passed to onRawFrame', () => {
    run({}, (r) => r.socket.onmessage?.({ data: new Uint8Array([0x7b, 0xff, 0x7d]) }), (r) => {
      expect(r.diagnostics).toHaveLength(1);
      const d = r.diagnostics[0];
      expect(d?.kind === 'decode-error' && { reason: d.error.reason, issues: d.error.issues, frame: d.error.frame }).toEqual({
        reason: 'parse', issues: [{ path: '', message: 'a binary frame that is not UTF-8 text' }], frame: '',
      });
      expect(r.raw).toEqual([]);
      expect(r.conn.metricsNow()).toMatchObject({ messages: 0, decodeFailures: 1 });
    });
  });
});

describe('frames of a sid', () => {
  it('data of a sid nobody holds is unroutable (and still counted as a message)', () => {
    run({}, (r) => r.socket.receive(tickerFrame(42, 'A')), (r) => {
      expect(r.diagnostics).toEqual([{ kind: 'unroutable', type: 'ticker', sid: 42 }]);
      expect(kinds(r)).toEqual([]);
      expect(r.conn.metricsNow().messages).toBe(1);
    });
  });

  it('a message of an unknown type on the sid reaches its subscribers as unknown, and diagnostics$ names it', () => {
    run({}, (r) => {
      r.socket.receive({ type: 'ticker_v9', sid: 1, seq: 4, msg: { market_ticker: 'A' } });
      r.socket.receive({ type: 'ticker_v9', sid: 77, msg: {} });
    }, (r) => {
      expect(r.diagnostics).toEqual([{ kind: 'unknown-message', type: 'ticker_v9', sid: 1 }, { kind: 'unknown-message', type: 'ticker_v9', sid: 77 }]);
      const unknown = r.events.find((e) => e.kind === 'unknown');
      expect(unknown?.kind === 'unknown' && { type: unknown.message.type, sid: unknown.message.sid, seq: unknown.message.seq }).toEqual({ type: 'ticker_v9', sid: 1, seq: 4 });
      expect(kinds(r)).toEqual(['unknown']);
    });
  });

  it('an undecodable frame of the sid reaches its subscribers as decode-error; one without a sid only diagnostics$', () => {
    run({}, (r) => {
      r.socket.receive({ type: 'ticker', sid: 1, msg: { market_ticker: 5 } });
      r.socket.receive('{"type":');
    }, (r) => {
      expect(kinds(r)).toEqual(['decode-error']);
      expect(r.diagnostics.map((d) => d.kind)).toEqual(['decode-error', 'decode-error']);
      const [onSid, noSid] = r.diagnostics;
      expect(onSid?.kind === 'decode-error' && onSid.error.sid).toBe(1);
      expect(noSid?.kind === 'decode-error' && noSid.error.reason).toBe('parse');
      expect(r.conn.metricsNow()).toMatchObject({ decodeFailures: 2, messages: 0 });
    });
  });
});

describe('sids of a socket that is gone', () => {
  it('after a drop, data of the old sid on the new socket is unroutable until the new subscribe is answered', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const kalshi = kalshiScript();
      // The second socket holds its replies back: its sids are not known yet.
      FakeSocket.script = (cmd, socket) => (socket === FakeSocket.instances[0] ? kalshi(cmd, socket) : []);
      FakeSocket.now = () => scheduler.now();
      const conn = connect({ url: 'ws://fake/trade-api/ws/v2', WebSocketCtor: FakeSocket as never, scheduler, staleAfterMs: 0, reconnect: { initialDelayMs: 1, random: () => 0 } });
      const diagnostics: Diagnostic[] = [];
      const data: unknown[] = [];
      conn.diagnostics$.subscribe((d) => diagnostics.push(d));
      conn.events('ticker').subscribe((e) => {
        if (e.kind === 'data') data.push(e.message);
      });
      FakeSocket.last.open();
      scheduler.schedule(() => FakeSocket.last.receive(tickerFrame(1, 'A')), 1);
      scheduler.schedule(() => FakeSocket.last.serverClose(false), 2);
      scheduler.schedule(() => {
        expect(FakeSocket.instances).toHaveLength(2);
        FakeSocket.last.open();
        FakeSocket.last.receive(tickerFrame(1, 'B'));
      }, 10);
      scheduler.schedule(() => {
        expect(data).toHaveLength(1);
        expect(diagnostics).toContainEqual({ kind: 'unroutable', type: 'ticker', sid: 1 });
        conn.close();
      }, 20);
    });
  });
});

describe('replies that answer no command', () => {
  it('an error on a sid without id: server-error in diagnostics$ and for the sid\'s subscribers (with its market)', () => {
    run({}, (r) => r.socket.receive({ type: 'error', sid: 1, msg: { code: 12, msg: 'Market not found', market_ticker: 'A' } }), (r) => {
      expect(r.diagnostics).toEqual([{ kind: 'server-error', code: 12, message: 'Market not found', sid: 1 }]);
      expect(r.events.filter((e) => e.kind === 'server-error')).toEqual([{ kind: 'server-error', code: 12, message: 'Market not found', market: 'A' }]);
    });
  });

  it('an error without a sid is reported in diagnostics$ only', () => {
    run({}, (r) => r.socket.receive({ type: 'error', msg: { code: 5, msg: 'Unknown command' } }), (r) => {
      expect(r.diagnostics).toEqual([{ kind: 'server-error', code: 5, message: 'Unknown command', sid: undefined }]);
      expect(kinds(r)).toEqual([]);
    });
  });

  it('an ok or unsubscribed nobody asked for is unroutable, with its sid', () => {
    run({}, (r) => {
      r.socket.receive({ type: 'ok', id: 999, sid: 1, msg: { market_tickers: ['A'] } });
      r.socket.receive({ type: 'unsubscribed', sid: 3 });
      r.socket.receive({ type: 'subscribed', id: 998, msg: { channel: 'ticker', sid: 9 } });
    }, (r) => {
      expect(r.diagnostics).toEqual([
        { kind: 'unroutable', type: 'ok', sid: 1 },
        { kind: 'unroutable', type: 'unsubscribed', sid: 3 },
        { kind: 'unroutable', type: 'subscribed', sid: undefined },
      ]);
    });
  });
});
