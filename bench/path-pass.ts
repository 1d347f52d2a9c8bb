/**
 * The client's whole path but the socket, for counting rather than timing: the realistic
 * stream's frames pushed as text into `connect()` over an in-memory socket (decode, routing,
 * seq checks, the folds, the emissions), with `orderbook(m)` for every market (`book`) or one
 * `channel('orderbook_delta')` (`channel`); `parse` is the baseline's `JSON.parse` per frame.
 * `book-setup` (or `channel-setup`) does everything but the pass, so under cachegrind the
 * difference of the two runs is the pass:
 *
 *     valgrind --tool=cachegrind --cache-sim=yes --D1=49152,12,64 --LL=2097152,16,64 \
 *       node --single-threaded build-bench/bench/path-pass.js book|book-setup [deltas]
 *
 * The fold alone (bench/fold-pass.ts) can mislead: V8 compiles a function in that harness
 * differently from the same function on this path (one change read −30 % instructions there
 * and nothing here). Without valgrind it prints ns per delta, a rough figure on this machine.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { asyncScheduler } from 'rxjs';
import type { WebSocketCtor } from '../lib/connection/connect-options.js';
import { connect } from '../lib/connection/kalshi-connection.js';
import { ScriptedSocket } from '../lib/internal/scripted-socket.js';
import { benchAnswers, type BenchSub } from './bench-answers.js';
import { generateWorkload } from './workload.js';

const arg = process.argv[2] ?? 'book';
const setupOnly = arg.endsWith('-setup');
const mode = arg.replace(/-setup$/, '');
if (!['book', 'channel', 'parse', 'routing-1', 'routing-1000'].includes(mode)) {
  throw new Error(`path-pass: mode book, channel, parse, routing-1 or routing-1000 (with -setup), not ${arg}`);
}
const deltas = Number(process.argv[3] ?? 200_000);
// routing-N: the routing figure's round-robin streams (as bench/run.ts loads them), one channel() per market.
const routing = mode.startsWith('routing-');
const w = routing
  ? generateWorkload({ seed: 20_260_829, markets: Number(mode.slice(8)), deltas, activity: 'round-robin', levels: 50, tickerPrefix: 'RR' })
  : generateWorkload({ seed: 20_260_827, markets: 1000, deltas });

/** The bench exchange's conversation (bench-answers.ts, as the firehose serves it), in memory. */
class BenchSocket extends ScriptedSocket {
  static current: BenchSocket | undefined;
  readonly subs = new Map<number, BenchSub>();

  constructor() {
    super();
    BenchSocket.current = this;
    this.openOn(asyncScheduler);
  }

  send(text: string): void {
    const out = benchAnswers(text, this.subs, w);
    queueMicrotask(() => { for (const t of out) this.receive(t); });
  }
}

/** The stream's frames, their seqs following what the socket has sent on each sid. */
const frames = (subs: ReadonlyMap<number, BenchSub>): string[] => {
  const next = new Map([...subs].map(([sid, sub]) => [sid, sub.seq]));
  return w.frames.map((f) => {
    if (f.tail === undefined) return f.head;
    const s = (next.get(f.sid) ?? 0) + 1;
    next.set(f.sid, s);
    // A flat string, as `ws` hands over a frame's text (a concatenation would be flattened on the path).
    return Buffer.from(`${f.head}${s}${f.tail}`).toString();
  });
};

const until = async (done: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 12_000 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!done()) throw new Error(`path-pass: timed out waiting for ${what}`);
};

let count = 0;
let ready = 0;
let texts: string[];
let finish = (): void => undefined;
if (mode === 'parse') {
  texts = frames(new Map());
} else {
  const conn = connect({ url: 'ws://in-memory/trade-api/ws/v2', WebSocketCtor: BenchSocket as unknown as WebSocketCtor });
  const subs = mode === 'book'
    ? w.markets.map((m) => {
      let first = true;
      return conn.orderbook(m).subscribe(() => {
        if (first) {
          first = false;
          ready++;
        } else count++;
      });
    })
    : routing
      ? w.markets.map((m) => conn.channel('orderbook_delta', { market_ticker: m }).subscribe((d) => { if (d.type === 'orderbook_delta') count++; else ready++; }))
      : [conn.channel('orderbook_delta', { market_tickers: [...w.markets] }).subscribe((m) => { if (m.type === 'orderbook_delta') count++; else ready++; })];
  subs.push(conn.channel('ticker', { market_tickers: [...w.markets] }).subscribe());
  subs.push(conn.channel('trade', { market_tickers: [...w.markets] }).subscribe());
  await until(() => ready === w.markets.length && BenchSocket.current?.subs.size === 3, 'the first books');
  await new Promise((r) => setTimeout(r, 50));
  texts = frames((BenchSocket.current as BenchSocket).subs);
  finish = () => {
    for (const s of subs) s.unsubscribe();
    conn.close();
  };
}
const socket = BenchSocket.current;
// PATH_PASS_PROFILE=file.cpuprofile: a V8 CPU profile of the pass alone (not the stream's generation).
const profileTo = process.env.PATH_PASS_PROFILE;
const session = profileTo === undefined ? undefined : new Session();
if (session !== undefined) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
}
const t0 = process.hrtime.bigint();
if (setupOnly) count = w.deltaCount;
else if (mode === 'parse') for (const t of texts) { if ((JSON.parse(t) as { type: string }).type === 'orderbook_delta') count++; }
else for (const t of texts) socket?.receive(t);
const ns = Number(process.hrtime.bigint() - t0) / w.deltaCount;
if (session !== undefined && profileTo !== undefined) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(profileTo, JSON.stringify(profile));
}
if (count !== w.deltaCount) throw new Error(`path-pass: ${count} of ${w.deltaCount} deltas reached the ${mode} client`);
finish();
console.log(`path-pass ${arg}: ${w.deltaCount} deltas, ${setupOnly ? 'no pass' : `${ns.toFixed(0)} ns per delta`}`);
process.exit(0);
