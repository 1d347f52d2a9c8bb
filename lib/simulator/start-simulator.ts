/**
 * `startSimulator()`: a local Kalshi WebSocket exchange on 127.0.0.1. It is assembled from parts
 * with one job each: the thin server (upgrade, handshake, port 0), one `SimSession` per
 * connection (commands → frames, table-driven), the market model and its feed (model events →
 * data frames, one rule per channel), and the outbox, where every outbound frame passes through
 * the fault stages. The `faults` API flips the stages' switches.
 *
 * @module
 */
import { WebSocket } from 'ws';
import { MarketModel, type MarketEvent } from './market-model.js';
import { FEEDS } from './market-feed.js';
import { writeFirehose } from './firehose.js';
import { startSimServer, type Admission } from './sim-server.js';
import { type MarketSource, type Outbound, SimSession } from './sim-session.js';
import type { SimConn } from './sim-state.js';
import { frameText } from '../protocol/decode-frame.js';
import { CommandFaults } from './command-faults.js';
import { isObject, LOSSY, MESSAGES, PATH } from './sim-rules.js';
import type { LoggedCommand, Simulator, SimulatorFaults, SimulatorOptions } from './simulator-api.js';
import { DelayRepliesStage } from './stages/delay-replies.js';
import { DuplicateStage } from './stages/duplicate.js';
import { LoseStage } from './stages/lose.js';
import { ReorderStage } from './stages/reorder.js';
import { outbox } from './stages/stage.js';
import { StallStage } from './stages/stall.js';
import * as wire from './wire-frames.js';

/**
 * Starts a local Kalshi exchange on 127.0.0.1.
 *
 * @example
 * const sim = await startSimulator({ seed: 7, markets: ['KXDEMO-A'] });
 * const kalshi = connect({ url: sim.url });
 * // …
 * await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const markets = [...(options.markets ?? ['KXDEMO-RAIN', 'KXDEMO-FED', 'KXDEMO-BTC'])];
  const model = new MarketModel({
    seed: options.seed ?? 1, markets,
    ...(options.depth === undefined ? {} : { depth: options.depth }),
    ...(options.startTimeMs === undefined ? {} : { startTimeMs: options.startTimeMs }),
  });
  const live = options.liveShapes === true;
  const conns = new Map<number, SimConn>();
  const commandLog: LoggedCommand[] = [];
  let nextConnId = 1;
  let ownFills = 0;
  const commandFaults = new CommandFaults();

  const source: MarketSource = {
    has: (t) => model.markets.has(t),
    tickerOfId: (id) => [...model.markets.values()].find((m) => m.id === id)?.ticker,
    tickers: () => markets,
    snapshotBody: (t, yes) => { const m = model.markets.get(t); return m && wire.snapshotBody(m, yes, live); },
    tickerBody: (t) => { const m = model.markets.get(t); return m && wire.tickerBody(m, model.now, live); },
  };

  // ------------------------------------------------------------------ the outbox and its stages

  const stall = new StallStage();
  const lose = new LoseStage(LOSSY);
  const duplicate = new DuplicateStage(LOSSY);
  const reorder = new ReorderStage();
  const delayReplies = new DelayRepliesStage();
  const send = outbox([stall, lose, duplicate, reorder, delayReplies], (f) => {
    const c = conns.get(f.connection);
    if (c === undefined || c.ws.readyState !== WebSocket.OPEN) return;
    if (f.kind === 'ping') c.ws.ping(f.text);
    else c.ws.send(f.text, { binary: typeof f.text !== 'string' });
  });

  const emitOne = (c: SimConn, o: Outbound): void => {
    send({ connection: c.id, kind: o.kind, channel: o.kind === 'data' ? o.sub.channel : undefined, text: SimSession.text(o, model.now) });
  };
  const emit = (c: SimConn, out: readonly Outbound[]): void => {
    for (const o of out) emitOne(c, o);
  };

  /** One command through the command faults (ignore, delay, error, held snapshots), then the session. */
  const onCommand = (c: SimConn, command: unknown): void => {
    const verdict = isObject(command) ? commandFaults.decide(command) : { kind: 'pass' as const };
    const answer = (): void => {
      const out = c.session.handle(command);
      const snapshotsOf = isObject(command) && isObject(command['params']) && command['params']['action'] === 'get_snapshot';
      for (const o of out) {
        // A held snapshot shows the book as it is when it is released, and takes its seq then.
        if (o.kind === 'data' && snapshotsOf) {
          const market = (JSON.parse(o.body) as { market_ticker: string }).market_ticker;
          commandFaults.snapshot(() => emitOne(c, { ...o, body: source.snapshotBody(market, o.sub.useYesPrice) ?? o.body }));
        }
        else emitOne(c, o);
      }
    };
    if (verdict.kind === 'ignore') return;
    if (verdict.kind === 'delay') {
      setTimeout(() => { if (c.ws.readyState === WebSocket.OPEN) answer(); }, verdict.ms);
      return;
    }
    if (verdict.kind === 'error') {
      // With `apply` the command takes effect first (a realistic failed release): its replies are swallowed.
      if (verdict.apply === true) for (const o of c.session.handle(command)) if (o.kind === 'data') emitOne(c, o);
      const id = isObject(command) ? command['id'] : undefined;
      const frame = { ...(typeof id === 'number' ? { id } : {}), type: 'error', msg: { code: verdict.code, msg: MESSAGES[verdict.code] ?? 'Unable to process message', ...(verdict.market === undefined ? {} : { market_ticker: verdict.market }) } };
      emitOne(c, { kind: 'reply', frame });
      return;
    }
    answer();
  };
  const raw = (c: SimConn, text: string | Buffer): void => send({ connection: c.id, kind: 'raw', channel: undefined, text });

  // ------------------------------------------------------------------ market events → frames

  const broadcast = (events: readonly MarketEvent[]): void => {
    for (const e of events) {
      for (const c of conns.values()) {
        const ctx = { model, userId: c.userId, ownFills, live };
        for (const sub of c.session.subs.values()) {
          const rule = FEEDS[sub.channel as keyof typeof FEEDS];
          if (rule === null || rule === undefined || (rule.own && !c.session.authenticated)) continue;
          const frame = rule.frame(e, sub, ctx);
          if (frame !== undefined) emit(c, [c.session.data(sub, frame.type, frame.body)]);
        }
      }
      if (e.kind === 'own-fill') ownFills++;
    }
  };
  const step = (n = 1): void => {
    for (let i = 0; i < n; i++) broadcast(model.step());
  };

  // ------------------------------------------------------------------ connections

  const onConnection = (ws: WebSocket, who: Admission): void => {
    const session = new SimSession({
      authenticated: who.authenticated, markets: source,
      ...(options.maxMarketsPerSubscription === undefined ? {} : { maxMarketsPerSubscription: options.maxMarketsPerSubscription }),
      ...(options.maxCommandsPerSecond === undefined ? {} : { maxCommandsPerSecond: options.maxCommandsPerSecond }),
    });
    const c: SimConn = { id: nextConnId++, ws, userId: who.userId, session };
    conns.set(c.id, c);
    if (commandFaults.killAfterOpenMs > 0) setTimeout(() => ws.terminate(), commandFaults.killAfterOpenMs).unref();
    // A command in a text or a binary frame (Kalshi accepts JSON in either).
    ws.on('message', (data: Buffer) => {
      const text = frameText(data);
      let parsed: unknown;
      try {
        parsed = text === undefined ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (parsed !== undefined) commandLog.push({ connection: c.id, at: Date.now(), command: parsed });
      onCommand(c, parsed === undefined ? '' : parsed);
    });
    ws.on('close', () => conns.delete(c.id));
    ws.on('error', () => conns.delete(c.id));
  };

  const server = await startSimServer({
    ...(options.port === undefined ? {} : { port: options.port }),
    keys: options.keys ?? [], allowAnonymous: options.allowAnonymous === true, maxSkewMs: options.maxSkewMs ?? 60_000, onConnection,
  });

  // ------------------------------------------------------------------ timers

  const timers: NodeJS.Timeout[] = [];
  const pingMs = options.pingIntervalMs ?? 10_000;
  if (pingMs > 0) timers.push(setInterval(() => { for (const c of conns.values()) send({ connection: c.id, kind: 'ping', channel: undefined, text: 'heartbeat' }); }, pingMs));
  const tickMs = options.tickIntervalMs ?? 50;
  if (tickMs > 0) timers.push(setInterval(() => step(options.stepsPerTick ?? 1), tickMs));
  for (const t of timers) t.unref();

  // ------------------------------------------------------------------ faults

  const liveSub = (channel?: string) => {
    for (const c of conns.values()) for (const s of c.session.subs.values()) if (channel === undefined || s.channel === channel) return [c, s] as const;
    return undefined;
  };
  const faults: SimulatorFaults = {
    drop: (connection?: number) => { for (const c of conns.values()) if (connection === undefined || c.id === connection) c.ws.terminate(); },
    closeClean: (code = 1000) => { for (const c of conns.values()) c.ws.close(code, 'closing'); },
    loseNext: (n = 1) => lose.arm(n),
    duplicateNext: (n = 1) => duplicate.arm(n),
    reorderNext: (n = 1) => reorder.arm(n),
    stallData: (on, connection) => stall.set('data', on, connection),
    stallAll: (on) => stall.set('all', on),
    sendMalformed: () => { for (const c of conns.values()) raw(c, '{"type":"orderbook_delta","sid":'); },
    sendRaw: (frame, channel) => {
      for (const c of conns.values()) {
        const sub = channel === undefined ? undefined : c.session.byChannel.get(channel);
        if (channel !== undefined && sub === undefined) continue;
        raw(c, typeof frame === 'function' ? frame(sub?.sid ?? 0, sub?.seq ?? 0) : frame);
      }
    },
    sendInvalid: (channel) => {
      const found = liveSub(channel);
      if (found === undefined) return;
      const [c, s] = found;
      raw(c, JSON.stringify({ type: s.channel === 'orderbook_delta' ? 'orderbook_delta' : 'ticker', sid: s.sid, msg: { market_ticker: 42 } }));
    },
    sendUnknownType: () => {
      const found = liveSub();
      if (found !== undefined) raw(found[0], JSON.stringify({ type: 'sim_new_feature', sid: found[1].sid, msg: { hello: 'world' } }));
    },
    killSubscription: (channel, code) => {
      for (const c of conns.values()) {
        const s = c.session.byChannel.get(channel);
        if (s === undefined) continue;
        c.session.drop(s);
        raw(c, JSON.stringify({ type: 'error', sid: s.sid, msg: { code, msg: MESSAGES[code] } }));
      }
    },
    delayReplies: (ms) => delayReplies.set(ms),
    delayData: (connection, ms) => delayReplies.setData(connection, ms),
    refuseHandshakes: (n, status) => server.refuse(n, status),
    onCommand: (match, effect, times) => commandFaults.add({ match, effect, ...(times === undefined ? {} : { times }) }),
    clearCommandFaults: () => commandFaults.clear(),
    refuseMarket: (market, named = true) => commandFaults.refuseMarket(market, named),
    holdSnapshots: (on) => commandFaults.holdSnapshots(on),
    killAfterOpen: (ms) => { commandFaults.killAfterOpenMs = ms; },
  };

  const firehose = async (market: string, count: number): Promise<void> => {
    const m = model.markets.get(market);
    if (m === undefined) throw new RangeError(`unknown market ${market}`);
    const price = m.best('yes') || m.tick;
    const bodies = [wire.deltaBody(m, 'yes', price, 100, model.now, false), wire.deltaBody(m, 'yes', price, -100, model.now, false)] as const;
    for (const c of conns.values()) {
      const s = c.session.byChannel.get('orderbook_delta');
      if (s !== undefined && SimSession.covers(s, market)) await writeFirehose(c, s, bodies, count);
    }
  };

  return {
    url: `ws://127.0.0.1:${server.port}${PATH}`,
    port: server.port,
    markets,
    step,
    book: (market, useYesPrice = false) => {
      const m = model.markets.get(market);
      if (m === undefined) throw new RangeError(`unknown market ${market}`);
      const body = JSON.parse(wire.snapshotBody(m, useYesPrice)) as { yes_dollars_fp?: [string, string][]; no_dollars_fp?: [string, string][] };
      return { yes: body.yes_dollars_fp ?? [], no: body.no_dollars_fp ?? [] };
    },
    subscriptions: () => [...conns.values()].flatMap((c) => [...c.session.subs.values()].map((s) => ({
      connection: c.id, channel: s.channel, sid: s.sid, markets: s.markets === null ? null : [...s.markets].sort(),
    }))),
    lastSeq: (channel) => [...conns.values()].reverse().find((c) => c.session.byChannel.has(channel))?.session.byChannel.get(channel)?.seq,
    commandLog,
    get connectionCount() {
      return conns.size;
    },
    faults,
    firehose,
    close: async () => {
      for (const t of timers) clearInterval(t);
      delayReplies.dispose();
      await server.close();
    },
  };
}
