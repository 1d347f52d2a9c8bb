#!/usr/bin/env node
/**
 * The `kalshi-rx` command: `demo`, `book`, `stream`, `record`, `replay`, `simulate`.
 *
 * @module
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Observable, Subscription } from 'rxjs';
import { KalshiAuthConfigError, KalshiAuthError } from '../auth/auth-errors.js';
import { CHANNELS, isChannelName } from '../channels/channel-names.js';
import type { Trade } from '../channels/trade.js';
import { KalshiCommandError, KalshiConnectionClosedError } from '../connection/connection-errors.js';
import type { ConnectionStatus } from '../connection/connection-status.js';
import { connect } from '../connection/kalshi-connection.js';
import type { KalshiConnection } from '../connection/kalshi-connection-api.js';
import { DATA_CODECS, type DataMessage } from '../protocol/data-message.js';
import { decodeFrame } from '../protocol/decode-frame.js';
import type { OrderBook } from '../orderbook/order-book.js';
import { parseRecording, recordLine } from '../replay/recording.js';
import { recordingSocket } from '../replay/recording-socket.js';
import { startSimulator } from '../simulator/start-simulator.js';
import { CliError } from './cli-error.js';
import { type EndpointFlags, resolveEndpoint } from './endpoint.js';
import { type BookViewState, renderBook, summaryLine } from './render-book.js';

const ENDPOINT_HELP = `Endpoint (default: the embedded simulator when no key is configured):
  --simulator              use the embedded local simulator (no account, no network)
  --env demo|prod          Kalshi demo or production
  --url <wss-url>          any endpoint
  --key-id <id>            API key id      (or KALSHI_API_KEY_ID)
  --private-key <file>     RSA private key (or KALSHI_PRIVATE_KEY_PATH)`;

const HELP: Record<string, string> = {
  main: `kalshi-rx: the Kalshi Trade API WebSocket as RxJS streams

Usage: kalshi-rx <command> [options]

Commands:
  demo                     live book against the embedded simulator, with faults injected
  book <ticker>            live book view of one market
  stream <channel>         NDJSON of decoded messages on stdout
  record <file> <channel>  record raw frames with timestamps as NDJSON
  replay <file>            replay a recording through the decoder and book pipeline
  simulate                 run the local Kalshi simulator until stopped

Run kalshi-rx <command> --help for the options of a command.`,
  demo: `Usage: kalshi-rx demo [--market T] [--duration S] [--fault-every S] [--seed N]

Starts the embedded simulator and shows a live book with trades and a status line. Every few
seconds it injects a fault (dropped connection, lost message) so you can watch the recovery.
Plain periodic lines instead of a redrawn screen when stdout is not a terminal. Ctrl-C exits.`,
  book: `Usage: kalshi-rx book <ticker> [--duration S] [endpoint options]

${ENDPOINT_HELP}`,
  stream: `Usage: kalshi-rx stream <channel> [--market T]... [--limit N] [endpoint options]

Channels: ${Object.keys(CHANNELS).join(', ')}

${ENDPOINT_HELP}`,
  record: `Usage: kalshi-rx record <file> <channel> [--market T]... [--limit N] [--duration S] [endpoint options]

Writes every raw frame received, with its time, as NDJSON lines {"t": ms, "frame": "..."}.

${ENDPOINT_HELP}`,
  replay: `Usage: kalshi-rx replay <file> [--speed N] [--book T]

Replays a recording through the same decoding and book pipeline: prints NDJSON of the decoded
messages, or with --book the final book of that market. --speed 1 is the recorded speed
(default: as fast as possible).`,
  simulate: `Usage: kalshi-rx simulate [--port N] [--seed S] [--markets A,B,C] [--tick-ms N] [--ping-ms N]

Runs the local Kalshi simulator on 127.0.0.1 and prints its URL. Ctrl-C stops it.`,
};

const options = {
  help: { type: 'boolean', short: 'h' },
  simulator: { type: 'boolean' },
  env: { type: 'string' },
  url: { type: 'string' },
  'key-id': { type: 'string' },
  'private-key': { type: 'string' },
  market: { type: 'string', multiple: true },
  markets: { type: 'string' },
  limit: { type: 'string' },
  duration: { type: 'string' },
  'fault-every': { type: 'string' },
  seed: { type: 'string' },
  speed: { type: 'string' },
  book: { type: 'string' },
  port: { type: 'string' },
  'tick-ms': { type: 'string' },
  'ping-ms': { type: 'string' },
} as const;

type Flags = EndpointFlags & {
  help?: boolean; market?: string[]; markets?: string; limit?: string; duration?: string; 'fault-every'?: string;
  speed?: string; book?: string; port?: string; 'tick-ms'?: string; 'ping-ms'?: string;
};

const num = (value: string | undefined, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new CliError(`--${name} must be a non-negative number, got ${value}`);
  return n;
};

/** Encodes a decoded message back to its exact wire shape (fixed-point strings). */
function toWire(message: DataMessage): unknown {
  const codec = DATA_CODECS[message.type] as { encode: (m: DataMessage) => unknown };
  return codec.encode(message);
}

/** Turns library errors into one-line CLI errors. */
function explain(e: unknown, url: string): CliError {
  if (e instanceof CliError) return e;
  if (e instanceof KalshiAuthConfigError) return new CliError(`${e.message}`, 2);
  if (e instanceof KalshiAuthError) return new CliError(`Kalshi refused the key (HTTP ${e.status}): check --key-id / --private-key and the clock`, 3);
  if (e instanceof KalshiCommandError) return new CliError(`${e.message}`, 2);
  if (e instanceof KalshiConnectionClosedError) return new CliError(`cannot reach ${url}: ${e.message}; check the network or the URL`, 4);
  if (e instanceof TypeError) return new CliError(e.message, 2);
  return new CliError(e instanceof Error ? e.message : String(e), 1);
}

function whenStopped(durationS: number): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (durationS > 0) setTimeout(stop, durationS * 1000).unref();
  });
}

/** Runs the live book view until stopped; rejects on a fatal stream error. */
async function liveView(conn: KalshiConnection, market: string, durationS: number, inject?: (tick: number) => string | undefined, faultEveryS = 4): Promise<void> {
  const tty = process.stdout.isTTY === true;
  let book: OrderBook | undefined;
  let status: ConnectionStatus | undefined;
  const trades: Trade[] = [];
  let note: string | undefined;
  let failure: unknown;
  const subs = new Subscription();
  const fail = (e: unknown): void => { failure ??= e; };
  subs.add(conn.orderbook(market).subscribe({ next: (b) => { book = b; }, error: fail }));
  subs.add(conn.trades([market]).subscribe({ next: (t) => { trades.push(t); if (trades.length > 50) trades.shift(); }, error: fail }));
  subs.add(conn.status$.subscribe((s) => { status = s; }));
  let lastCount = 0;
  let lastAt = Date.now();
  let rate = 0;
  let ticks = 0;
  const draw = (): void => {
    const now = Date.now();
    const count = conn.metricsNow().messages;
    if (now - lastAt >= 1000) {
      rate = ((count - lastCount) * 1000) / (now - lastAt);
      lastCount = count;
      lastAt = now;
    }
    const state: BookViewState = { market, book, trades, status, metrics: conn.metricsNow(), messagesPerSecond: rate, ...(note === undefined ? {} : { note }) };
    if (tty) process.stdout.write(`\x1b[H\x1b[2J${renderBook(state).join('\n')}\n`);
    else process.stdout.write(`${summaryLine(state)}\n`);
  };
  const period = tty ? 250 : 1000;
  const timer = setInterval(() => {
    ticks++;
    if (inject !== undefined && (ticks * period) % Math.max(period, faultEveryS * 1000) === 0) note = inject(ticks) ?? note;
    draw();
  }, period);
  const stopped = whenStopped(durationS);
  const failed = new Promise<void>((resolve) => {
    const check = setInterval(() => { if (failure !== undefined) { clearInterval(check); resolve(); } }, 50);
    void stopped.then(() => { clearInterval(check); resolve(); });
  });
  await Promise.race([stopped, failed]);
  clearInterval(timer);
  if (failure === undefined) draw();
  subs.unsubscribe();
  if (failure !== undefined) throw failure;
}

async function demo(flags: Flags): Promise<void> {
  const sim = await startSimulator({ seed: num(flags.seed, 'seed', 1), tickIntervalMs: 20, stepsPerTick: 6, pingIntervalMs: 2000 });
  const market = flags.market?.[0] ?? sim.markets[0] ?? 'KXDEMO-RAIN';
  if (!sim.markets.includes(market)) {
    await sim.close();
    throw new CliError(`the simulator has no market ${market}; its markets: ${sim.markets.join(', ')}`);
  }
  const conn = connect({ url: sim.url, reconnect: { initialDelayMs: 100, maxDelayMs: 2000 }, staleAfterMs: 6000 });
  let n = 0;
  const inject = (): string => {
    n++;
    if (n % 2 === 1) {
      sim.faults.drop();
      return 'fault injected: connection dropped (watch it reconnect and resync)';
    }
    sim.faults.loseNext(1);
    return 'fault injected: one message lost (watch the gap and the narrow resync)';
  };
  try {
    await liveView(conn, market, num(flags.duration, 'duration', 0), inject, num(flags['fault-every'], 'fault-every', 4));
  } finally {
    conn.close();
    await sim.close();
  }
}

async function withEndpoint<T>(flags: Flags, run: (conn: KalshiConnection, url: string) => Promise<T>): Promise<T> {
  const endpoint = await resolveEndpoint(flags, process.env, { tickIntervalMs: 20 });
  let conn: KalshiConnection | undefined;
  try {
    conn = connect({ url: endpoint.url, ...(endpoint.auth === undefined ? {} : { auth: endpoint.auth }), reconnect: { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 2000 } });
    return await run(conn, endpoint.url);
  } catch (e) {
    throw explain(e, endpoint.url);
  } finally {
    conn?.close();
    await endpoint.close();
  }
}

async function book(flags: Flags, args: string[]): Promise<void> {
  const market = args[0];
  if (market === undefined || market.trim() === '') throw new CliError('book needs a market ticker: kalshi-rx book <ticker>');
  await withEndpoint(flags, (conn) => liveView(conn, market, num(flags.duration, 'duration', 0)));
}

function channelArg(name: string | undefined): keyof typeof CHANNELS {
  if (name === undefined) throw new CliError(`give a channel: one of ${Object.keys(CHANNELS).join(', ')}`);
  if (!isChannelName(name)) throw new CliError(`unknown channel ${name}; known channels: ${Object.keys(CHANNELS).join(', ')}`);
  if (CHANNELS[name].marketFilter === 'required') return name;
  return name;
}

function consume(source: Observable<unknown>, onValue: (v: unknown) => boolean, durationS: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sub = source.subscribe({
      next: (v) => { if (onValue(v)) { sub.unsubscribe(); resolve(); } },
      error: reject,
      complete: resolve,
    });
    void whenStopped(durationS).then(() => { sub.unsubscribe(); resolve(); });
  });
}

async function stream(flags: Flags, args: string[]): Promise<void> {
  const channel = channelArg(args[0]);
  const markets = flags.market;
  if (CHANNELS[channel].marketFilter === 'required' && (markets === undefined || markets.length === 0)) throw new CliError(`${channel} needs at least one --market <ticker>`);
  const limit = num(flags.limit, 'limit', Infinity);
  await withEndpoint(flags, async (conn) => {
    let n = 0;
    const source = conn.channel(channel, markets === undefined ? {} : { market_tickers: markets });
    await consume(source, (m) => {
      process.stdout.write(`${JSON.stringify(toWire(m as DataMessage))}\n`);
      return ++n >= limit;
    }, num(flags.duration, 'duration', 0));
  });
}

async function record(flags: Flags, args: string[]): Promise<void> {
  const [file, name] = args;
  if (file === undefined) throw new CliError('record needs a file: kalshi-rx record <file> <channel>');
  const channel = channelArg(name);
  const markets = flags.market;
  if (CHANNELS[channel].marketFilter === 'required' && (markets === undefined || markets.length === 0)) throw new CliError(`${channel} needs at least one --market <ticker>`);
  const out = createWriteStream(file);
  const limit = num(flags.limit, 'limit', Infinity);
  const endpoint = await resolveEndpoint(flags, process.env, { tickIntervalMs: 20 });
  const t0 = Date.now();
  let frames = 0;
  const conn = connect({
    url: endpoint.url, ...(endpoint.auth === undefined ? {} : { auth: endpoint.auth }), reconnect: { maxAttempts: 5 },
    onRawFrame: (f) => { out.write(recordLine(Date.now() - t0, f)); frames++; },
  });
  try {
    let n = 0;
    await consume(conn.channel(channel, markets === undefined ? {} : { market_tickers: markets }), () => ++n >= limit, num(flags.duration, 'duration', 0));
  } catch (e) {
    throw explain(e, endpoint.url);
  } finally {
    conn.close();
    await endpoint.close();
    await new Promise<void>((r) => out.end(() => r()));
  }
  process.stderr.write(`recorded ${frames} frames to ${file}\n`);
}

async function replay(flags: Flags, args: string[]): Promise<void> {
  const file = args[0];
  if (file === undefined) throw new CliError('replay needs a file: kalshi-rx replay <file>');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const frames = (() => { try { return parseRecording(text); } catch (e) { throw new CliError(`${file}: ${(e as Error).message}`); } })();
  const speed = num(flags.speed, 'speed', Infinity);
  if (flags.book === undefined) {
    for (const f of frames) {
      const d = decodeFrame(f.frame);
      if (d.kind === 'data') process.stdout.write(`${JSON.stringify(toWire(d.message))}\n`);
    }
    return;
  }
  const market = flags.book;
  let ended = false;
  const conn = connect({ url: 'replay://recording', WebSocketCtor: recordingSocket(frames, { speed, onEnd: () => { ended = true; } }), reconnect: false, staleAfterMs: 0 });
  let last: OrderBook | undefined;
  const sub = conn.orderbook(market).subscribe({ next: (b) => { last = b; }, error: () => undefined });
  const deadline = Date.now() + 600_000;
  while (!ended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 50));
  sub.unsubscribe();
  conn.close();
  if (last === undefined) throw new CliError(`the recording has no order book for ${market}`);
  process.stdout.write(`${JSON.stringify({ market_ticker: market, status: last.status, yes_dollars_fp: last.yes, no_dollars_fp: last.no })}\n`);
}

async function simulate(flags: Flags): Promise<void> {
  const markets = flags.markets?.split(',').map((m) => m.trim()).filter((m) => m !== '');
  const sim = await startSimulator({
    port: num(flags.port, 'port', 0), seed: num(flags.seed, 'seed', 1),
    ...(markets === undefined || markets.length === 0 ? {} : { markets }),
    tickIntervalMs: num(flags['tick-ms'], 'tick-ms', 50), pingIntervalMs: num(flags['ping-ms'], 'ping-ms', 10_000),
  });
  process.stdout.write(`kalshi-rx simulator listening on ${sim.url}\nmarkets: ${sim.markets.join(', ')}\n`);
  await whenStopped(num(flags.duration, 'duration', 0));
  await sim.close();
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message.split('\n')[0]} (see kalshi-rx --help)`);
  }
  const flags = parsed.values as Flags;
  const [command, ...args] = parsed.positionals;
  if (command === undefined || command === 'help') {
    process.stdout.write(`${HELP['main']}\n`);
    return command === undefined && flags.help !== true ? 2 : 0;
  }
  const help = HELP[command];
  if (help === undefined) throw new CliError(`unknown command ${command} (see kalshi-rx --help)`);
  if (flags.help === true) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  switch (command) {
    case 'demo': await demo(flags); break;
    case 'book': await book(flags, args); break;
    case 'stream': await stream(flags, args); break;
    case 'record': await record(flags, args); break;
    case 'replay': await replay(flags, args); break;
    case 'simulate': await simulate(flags); break;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    const err = e instanceof CliError ? e : explain(e, '');
    process.stderr.write(`kalshi-rx: ${err.message}\n`);
    process.exitCode = err.exitCode;
  },
).finally(() => {
  // Sockets and timers are closed; make sure a stray handle cannot keep the process alive.
  setTimeout(() => process.exit(), 200).unref();
});
