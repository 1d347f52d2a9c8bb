/**
 * `startSimulator()`: a local Kalshi WebSocket exchange on 127.0.0.1, written from the protocol
 * reference: commands and error codes, a seeded market model, seq per sid, pings, private
 * channels with an own order flow, fault injection and introspection for tests.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { verifyHandshake } from './handshake-auth.js';
import { MarketModel, type MarketEvent, type OwnFillEvent, type SimMarket } from './market-model.js';
import * as wire from './wire-frames.js';
import { writeFirehose } from './firehose.js';
import type { LoggedCommand, Simulator, SimulatorFaults, SimulatorOptions } from './simulator-api.js';
import type { SimConn, SimSub } from './sim-state.js';
import { ALL_ACTIONS, CommandError, FILTERABLE, isObject, isStringArray, KNOWN_CHANNELS, MARKET_ACTIONS, MESSAGES, PATH, PRIVATE, SEQUENCED } from './sim-rules.js';
import { rfc3339Seconds } from '../internal/rfc3339.js';
import { CommandFaults } from './command-faults.js';

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
  const model = new MarketModel({ seed: options.seed ?? 1, markets, ...(options.depth === undefined ? {} : { depth: options.depth }) });
  const keys = options.keys ?? [];
  const maxSkewMs = options.maxSkewMs ?? 60_000;
  const conns = new Map<number, SimConn>();
  const commandLog: LoggedCommand[] = [];
  let nextConnId = 1;
  let loseNext = 0;
  let duplicateNext = 0;
  let stallData = false;
  let stallAll = false;
  let replyDelayMs = 0;
  let refuse = { n: 0, status: 401 as number };
  let ownFills = 0;
  const commandFaults = new CommandFaults();

  const server: Server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket upgrade required');
  });
  const wss = new WebSocketServer({ noServer: true });

  const reject = (socket: Duplex, status: number, text: string): void => {
    const body = `${text}\n`;
    socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== PATH) return reject(socket, 404, 'Not Found');
    if (refuse.n > 0) {
      refuse.n--;
      return reject(socket, refuse.status, refuse.status === 401 ? 'Unauthorized' : refuse.status === 429 ? 'Too Many Requests' : 'Service Unavailable');
    }
    let authenticated = true;
    let userId = 'sim-user';
    if (keys.length > 0) {
      const hasHeaders = req.headers['kalshi-access-key'] !== undefined;
      if (!hasHeaders && options.allowAnonymous === true) {
        authenticated = false;
        userId = '';
      } else {
        const verdict = verifyHandshake(req.headers, PATH, keys, Date.now(), maxSkewMs);
        if (!verdict.ok) return reject(socket, 401, 'Unauthorized');
        userId = `user-${verdict.keyId}`;
      }
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, authenticated, userId));
  });

  await new Promise<void>((resolve, reject_) => {
    server.once('error', reject_);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  // ------------------------------------------------------------------ sending

  const rawSend = (c: SimConn, frame: string): void => {
    if (c.ws.readyState === WebSocket.OPEN) c.ws.send(frame);
  };

  const reply = (c: SimConn, frame: object): void => {
    if (stallAll || commandFaults.replyMuted) return;
    const text = JSON.stringify(frame);
    if (replyDelayMs > 0) setTimeout(() => rawSend(c, text), replyDelayMs);
    else rawSend(c, text);
  };

  /** The `id` field of a reply: echoed when the command had a numeric one. */
  const idOf = (id: unknown): { id?: number } => (typeof id === 'number' ? { id } : {});

  /** `ok` for a subscription: its sid, its next seq on sequenced channels, and the full market list unless `skip_ticker_ack`. */
  const okReply = (c: SimConn, id: unknown, sub: SimSub): void => {
    const seq = SEQUENCED.has(sub.channel) ? ++sub.seq : undefined;
    reply(c, {
      ...idOf(id), sid: sub.sid, ...(seq === undefined ? {} : { seq }), type: 'ok',
      ...(sub.skipAck || sub.markets === null ? {} : { msg: { market_tickers: [...sub.markets] } }),
    });
  };

  const errorReply = (c: SimConn, id: unknown, code: number, market?: string): void => {
    reply(c, {
      ...idOf(id),
      type: 'error',
      msg: { code, msg: MESSAGES[code] ?? 'Unable to process message', ...(market === undefined ? {} : { market_ticker: market }) },
    });
  };

  /** Sends a data frame on a sub, consuming seq on sequenced channels; applies loss/duplication/stall faults. */
  const sendData = (c: SimConn, sub: SimSub, type: string, body: string): void => {
    const sequenced = SEQUENCED.has(sub.channel);
    const seq = sequenced ? ++sub.seq : undefined;
    if (stallAll || stallData) return;
    if (sequenced && loseNext > 0) {
      loseNext--;
      return;
    }
    const frame = wire.envelope(type, sub.sid, seq, body, model.now);
    rawSend(c, frame);
    if (sequenced && duplicateNext > 0) {
      duplicateNext--;
      rawSend(c, frame);
    }
  };

  const marketOf = (t: string): SimMarket => model.markets.get(t) as SimMarket;

  const sendSnapshot = (c: SimConn, sub: SimSub, market: string): void => {
    sendData(c, sub, 'orderbook_snapshot', wire.snapshotBody(marketOf(market), sub.useYesPrice));
  };

  const covers = (sub: SimSub, market: string): boolean => sub.markets === null || sub.markets.has(market);

  // ------------------------------------------------------------------ market events

  const broadcast = (events: readonly MarketEvent[]): void => {
    for (const e of events) {
      for (const c of conns.values()) {
        switch (e.kind) {
          case 'delta': {
            const sub = c.byChannel.get('orderbook_delta');
            if (sub !== undefined && covers(sub, e.market)) {
              sendData(c, sub, 'orderbook_delta', wire.deltaBody(marketOf(e.market), e.side, e.price, e.delta, model.now, sub.useYesPrice));
            }
            break;
          }
          case 'trade': {
            const sub = c.byChannel.get('trade');
            if (sub !== undefined && covers(sub, e.market)) sendData(c, sub, 'trade', wire.tradeBody(e));
            break;
          }
          case 'ticker': {
            const sub = c.byChannel.get('ticker');
            if (sub !== undefined && covers(sub, e.market)) sendData(c, sub, 'ticker', wire.tickerBody(marketOf(e.market), model.now));
            break;
          }
          case 'lifecycle': {
            const sub = c.byChannel.get('market_lifecycle_v2');
            if (sub !== undefined) {
              sendData(c, sub, 'market_lifecycle_v2', JSON.stringify({ market_ticker: e.market, event_type: e.eventType, ...(e.closeTs === undefined ? {} : { close_ts: e.closeTs }) }));
            }
            break;
          }
          case 'own-fill':
            if (c.authenticated) sendOwnFill(c, e);
            break;
        }
      }
      if (e.kind === 'own-fill') ownFills++;
    }
  };

  const sendOwnFill = (c: SimConn, f: OwnFillEvent): void => {
    const order = c.byChannel.get('user_orders');
    if (order !== undefined && covers(order, f.market)) sendData(c, order, 'user_order', wire.userOrderBody(f, c.userId));
    const fill = c.byChannel.get('fill');
    if (fill !== undefined && covers(fill, f.market)) sendData(c, fill, 'fill', wire.fillBody(f, c.userId));
    const pos = c.byChannel.get('market_positions');
    if (pos !== undefined && covers(pos, f.market)) sendData(c, pos, 'market_position', wire.positionBody(f, c.userId));
    const og = c.byChannel.get('order_group_updates');
    if (og !== undefined && ownFills % 3 === 0) {
      sendData(c, og, 'order_group_updates', JSON.stringify({ event_type: 'limit_updated', order_group_id: 'og_sim', contracts_limit_fp: '50.00', ts_ms: f.ts }));
    }
    const comms = c.byChannel.get('communications');
    if (comms !== undefined && ownFills % 4 === 0) {
      sendData(c, comms, 'rfq_created', JSON.stringify({ id: `rfq_${ownFills}`, creator_id: '', market_ticker: f.market, contracts_fp: '100.00', created_ts: rfc3339Seconds(f.ts) }));
    }
  };

  const step = (n = 1): void => {
    for (let i = 0; i < n; i++) broadcast(model.step());
  };

  // ------------------------------------------------------------------ commands

  const parseMarkets = (params: Record<string, unknown>, channel: string | undefined): string[] | undefined => {
    const one = params['market_ticker'];
    const many = params['market_tickers'];
    const ids = params['market_id'] ?? params['market_ids'];
    if (one !== undefined && many !== undefined) throw new CommandError(11);
    if (ids !== undefined && channel !== undefined && channel !== 'ticker') throw new CommandError(11);
    if (one !== undefined) {
      if (typeof one !== 'string' || one === '') throw new CommandError(11);
      return [one];
    }
    if (many !== undefined) {
      if (!isStringArray(many) || many.length === 0) throw new CommandError(11);
      return [...new Set(many)];
    }
    if (ids !== undefined) {
      const list = typeof ids === 'string' ? [ids] : isStringArray(ids) ? ids : undefined;
      if (list === undefined) throw new CommandError(11);
      const byId = [...model.markets.values()];
      return list.map((id) => {
        const m = byId.find((x) => x.id === id);
        if (m === undefined) throw new CommandError(11);
        return m.ticker;
      });
    }
    return undefined;
  };

  const checkKnown = (list: readonly string[]): void => {
    for (const m of list) if (!model.markets.has(m)) throw new CommandError(11, m);
  };

  const rateCheck = (sub: SimSub): void => {
    const limit = options.maxCommandsPerSecond;
    if (limit === undefined) return;
    const now = Date.now();
    sub.commandTimes = sub.commandTimes.filter((t) => now - t < 1000);
    if (sub.commandTimes.length >= limit) throw new CommandError(27);
    sub.commandTimes.push(now);
  };

  const marketLimit = (count: number): void => {
    if (options.maxMarketsPerSubscription !== undefined && count > options.maxMarketsPerSubscription) throw new CommandError(26);
  };

  const subscribe = (c: SimConn, id: unknown, params: Record<string, unknown>): void => {
    const channels = params['channels'];
    if (channels === undefined || (Array.isArray(channels) && channels.length === 0)) throw new CommandError(3);
    if (!isStringArray(channels)) throw new CommandError(11);
    for (const ch of channels) {
      if (!KNOWN_CHANNELS.has(ch)) throw new CommandError(8);
      if (PRIVATE.has(ch) && !c.authenticated) throw new CommandError(9);
    }
    const sf = params['shard_factor'];
    const sk = params['shard_key'];
    if (sk !== undefined && sf === undefined) throw new CommandError(20);
    if (sf !== undefined) {
      if (typeof sf !== 'number' || !Number.isInteger(sf)) throw new CommandError(11);
      if (sf <= 0) throw new CommandError(19);
      if (sf > 100) throw new CommandError(22);
      if (sk !== undefined && (typeof sk !== 'number' || sk < 0 || sk >= sf)) throw new CommandError(21);
    }
    for (const flag of ['send_initial_snapshot', 'skip_ticker_ack', 'use_yes_price']) {
      if (params[flag] !== undefined && typeof params[flag] !== 'boolean') throw new CommandError(11);
    }
    for (const ch of channels) {
      const list = parseMarkets(params, ch);
      if (ch === 'orderbook_delta' && list === undefined) throw new CommandError(14);
      if (ch.startsWith('cfbenchmarks') && params['index_ids'] !== undefined && !isStringArray(params['index_ids'])) throw new CommandError(11);
      if (list !== undefined) checkKnown(list);
    }
    for (const ch of channels) {
      const list = FILTERABLE.has(ch) ? parseMarkets(params, ch) : undefined;
      const existing = c.byChannel.get(ch);
      if (existing !== undefined) {
        // Idempotent repeat subscribe: merge new tickers into the existing sid and answer ok.
        const added: string[] = [];
        if (existing.markets !== null) {
          if (list === undefined) existing.markets = null;
          else {
            marketLimit(new Set([...existing.markets, ...list]).size);
            for (const m of list) if (!existing.markets.has(m)) { existing.markets.add(m); added.push(m); }
          }
        }
        okReply(c, id, existing);
        if (ch === 'orderbook_delta') for (const m of added) sendSnapshot(c, existing, m);
        continue;
      }
      if (list !== undefined) marketLimit(list.length);
      const sub: SimSub = {
        sid: c.nextSid++, channel: ch, markets: list === undefined ? null : new Set(list), seq: 0,
        useYesPrice: params['use_yes_price'] === true, skipAck: params['skip_ticker_ack'] === true,
        sendInitialSnapshot: params['send_initial_snapshot'] === true, commandTimes: [],
      };
      c.subs.set(sub.sid, sub);
      c.byChannel.set(ch, sub);
      reply(c, { ...idOf(id), type: 'subscribed', msg: { channel: ch, sid: sub.sid } });
      if (ch === 'orderbook_delta') for (const m of list ?? []) sendSnapshot(c, sub, m);
      if (ch === 'ticker' && sub.sendInitialSnapshot) for (const m of list ?? markets) sendData(c, sub, 'ticker', wire.tickerBody(marketOf(m), model.now));
    }
  };

  const unsubscribe = (c: SimConn, id: unknown, params: Record<string, unknown>): void => {
    const sids = params['sids'];
    if (sids === undefined || (Array.isArray(sids) && sids.length === 0)) throw new CommandError(4);
    if (!Array.isArray(sids) || !sids.every((s) => typeof s === 'number')) throw new CommandError(11);
    for (const sid of sids as number[]) {
      const sub = c.subs.get(sid);
      if (sub === undefined) {
        errorReply(c, id, 7);
        continue;
      }
      c.subs.delete(sid);
      if (c.byChannel.get(sub.channel) === sub) c.byChannel.delete(sub.channel);
      reply(c, { ...idOf(id), sid, seq: ++sub.seq, type: 'unsubscribed' });
    }
  };

  const update = (c: SimConn, id: unknown, params: Record<string, unknown>): void => {
    const action = params['action'];
    if (action === undefined) throw new CommandError(15);
    const sid = params['sid'];
    const sids = params['sids'];
    if ((sid !== undefined && sids !== undefined) || (sid === undefined && sids === undefined)) throw new CommandError(12);
    if (sids !== undefined && (!Array.isArray(sids) || sids.length !== 1)) throw new CommandError(12);
    const target = sid !== undefined ? sid : (sids as unknown[])[0];
    if (typeof target !== 'number') throw new CommandError(11);
    if (typeof action !== 'string' || !ALL_ACTIONS.has(action)) throw new CommandError(13);
    const sub = c.subs.get(target);
    if (sub === undefined) throw new CommandError(7);
    if (!(MARKET_ACTIONS[sub.channel] ?? []).includes(action)) throw new CommandError(13);
    rateCheck(sub);
    if (action === 'subscribe_indices' || action === 'unsubscribe_indices') {
      if (!isStringArray(params['index_ids'])) throw new CommandError(24);
      reply(c, { ...idOf(id), sid: sub.sid, type: 'ok' });
      return;
    }
    if (action === 'indexlist') {
      reply(c, { ...idOf(id), sid: sub.sid, type: 'ok' });
      sendData(c, sub, 'cfbenchmarks_value_indexlist', JSON.stringify({ index_ids: ['BRTI', 'ETHUSD_RTI'] }));
      return;
    }
    const list = parseMarkets(params, sub.channel);
    if (list === undefined) throw new CommandError(14);
    checkKnown(list);
    const ack = (): void => okReply(c, id, sub);
    if (action === 'get_snapshot') {
      ack();
      for (const m of list) if (sub.markets === null || sub.markets.has(m)) commandFaults.snapshot(() => sendSnapshot(c, sub, m));
      return;
    }
    if (action === 'add_markets') {
      const added = sub.markets === null ? [] : list.filter((m) => !(sub.markets as Set<string>).has(m));
      if (sub.markets !== null) {
        marketLimit(sub.markets.size + added.length);
        for (const m of added) sub.markets.add(m);
      }
      ack();
      if (sub.channel === 'orderbook_delta') for (const m of added) sendSnapshot(c, sub, m);
      if (sub.channel === 'ticker' && params['send_initial_snapshot'] === true) for (const m of added) sendData(c, sub, 'ticker', wire.tickerBody(marketOf(m), model.now));
      return;
    }
    if (sub.markets !== null) for (const m of list) sub.markets.delete(m);
    ack();
  };

  const onCommand = (c: SimConn, data: Buffer, isBinary: boolean): void => {
    if (isBinary) return errorReply(c, undefined, 1);
    let cmd: unknown;
    try {
      cmd = JSON.parse(data.toString('utf8'));
    } catch {
      return errorReply(c, undefined, 1);
    }
    commandLog.push({ connection: c.id, at: Date.now(), command: cmd });
    if (!isObject(cmd)) return errorReply(c, undefined, 1);
    const id = cmd['id'];
    if (id !== undefined && (typeof id !== 'number' || !Number.isInteger(id) || id < 0)) return errorReply(c, undefined, 1);
    const verdict = commandFaults.decide(cmd);
    if (verdict.kind === 'ignore') return;
    if (verdict.kind === 'error') {
      if (verdict.apply === true) commandFaults.mute(() => dispatch(c, cmd));
      return errorReply(c, id, verdict.code, verdict.market);
    }
    if (verdict.kind === 'delay') {
      const later = cmd;
      setTimeout(() => { if (c.ws.readyState === WebSocket.OPEN) dispatch(c, later); }, verdict.ms);
      return;
    }
    dispatch(c, cmd);
  };

  const dispatch = (c: SimConn, cmd: Record<string, unknown>): void => {
    const id = cmd['id'];
    const name = cmd['cmd'];
    try {
      if (name === 'list_subscriptions') {
        reply(c, { id, type: 'ok', msg: [...c.subs.values()].map((s) => ({ channel: s.channel, sid: s.sid })) });
        return;
      }
      if (name !== 'subscribe' && name !== 'unsubscribe' && name !== 'update_subscription') throw new CommandError(5);
      const params = cmd['params'];
      if (params === undefined) throw new CommandError(2);
      if (!isObject(params)) throw new CommandError(11);
      if (name === 'subscribe') subscribe(c, id, params);
      else if (name === 'unsubscribe') unsubscribe(c, id, params);
      else update(c, id, params);
    } catch (e) {
      if (e instanceof CommandError) errorReply(c, id, e.code, e.market);
      else throw e;
    }
  };

  const onConnection = (ws: WebSocket, authenticated: boolean, userId: string): void => {
    const c: SimConn = { id: nextConnId++, ws, authenticated, userId, nextSid: 1, subs: new Map(), byChannel: new Map() };
    conns.set(c.id, c);
    if (commandFaults.killAfterOpenMs > 0) setTimeout(() => ws.terminate(), commandFaults.killAfterOpenMs);
    ws.on('message', (data: Buffer, isBinary: boolean) => onCommand(c, data, isBinary));
    ws.on('close', () => conns.delete(c.id));
    ws.on('error', () => conns.delete(c.id));
  };

  // ------------------------------------------------------------------ timers

  const timers: NodeJS.Timeout[] = [];
  const pingMs = options.pingIntervalMs ?? 10_000;
  if (pingMs > 0) {
    timers.push(setInterval(() => {
      if (stallAll) return;
      for (const c of conns.values()) if (c.ws.readyState === WebSocket.OPEN) c.ws.ping('heartbeat');
    }, pingMs));
  }
  const tickMs = options.tickIntervalMs ?? 50;
  if (tickMs > 0) timers.push(setInterval(() => step(options.stepsPerTick ?? 1), tickMs));
  for (const t of timers) t.unref();

  const liveSub = (channel?: string): [SimConn, SimSub] | undefined => {
    for (const c of conns.values()) for (const s of c.subs.values()) if (channel === undefined || s.channel === channel) return [c, s];
    return undefined;
  };

  const faults: SimulatorFaults = {
    drop: () => { for (const c of conns.values()) c.ws.terminate(); },
    closeClean: (code = 1000) => { for (const c of conns.values()) c.ws.close(code, 'closing'); },
    loseNext: (n = 1) => { loseNext += n; },
    duplicateNext: (n = 1) => { duplicateNext += n; },
    stallData: (on) => { stallData = on; },
    stallAll: (on) => { stallAll = on; },
    sendMalformed: () => { for (const c of conns.values()) rawSend(c, '{"type":"orderbook_delta","sid":'); },
    sendInvalid: (channel) => {
      const found = liveSub(channel);
      if (found === undefined) return;
      const [c, s] = found;
      rawSend(c, JSON.stringify({ type: s.channel === 'orderbook_delta' ? 'orderbook_delta' : 'ticker', sid: s.sid, msg: { market_ticker: 42 } }));
    },
    sendUnknownType: () => {
      const found = liveSub();
      if (found === undefined) return;
      rawSend(found[0], JSON.stringify({ type: 'sim_new_feature', sid: found[1].sid, msg: { hello: 'world' } }));
    },
    killSubscription: (channel, code) => {
      for (const c of conns.values()) {
        const s = c.byChannel.get(channel);
        if (s === undefined) continue;
        c.subs.delete(s.sid);
        c.byChannel.delete(channel);
        rawSend(c, JSON.stringify({ type: 'error', sid: s.sid, msg: { code, msg: MESSAGES[code] } }));
      }
    },
    delayReplies: (ms) => { replyDelayMs = ms; },
    refuseHandshakes: (n, status) => { refuse = { n, status }; },
    onCommand: (match, effect, times) => commandFaults.add({ match, effect, ...(times === undefined ? {} : { times }) }),
    clearCommandFaults: () => commandFaults.clear(),
    refuseMarket: (market, named = true) => commandFaults.refuseMarket(market, named),
    holdSnapshots: (on) => commandFaults.holdSnapshots(on),
    killAfterOpen: (ms) => { commandFaults.killAfterOpenMs = ms; },
  };

  const firehose = async (market: string, count: number): Promise<void> => {
    const m = marketOf(market);
    if (m === undefined) throw new RangeError(`unknown market ${market}`);
    const price = m.best('yes') || m.tick;
    const bodies = [wire.deltaBody(m, 'yes', price, 100, model.now, false), wire.deltaBody(m, 'yes', price, -100, model.now, false)] as const;
    for (const c of conns.values()) {
      const s = c.byChannel.get('orderbook_delta');
      if (s !== undefined && covers(s, market)) await writeFirehose(c, s, bodies, count);
    }
  };

  return {
    url: `ws://127.0.0.1:${port}${PATH}`,
    port,
    markets,
    step,
    book: (market, useYesPrice = false) => {
      const m = model.markets.get(market);
      if (m === undefined) throw new RangeError(`unknown market ${market}`);
      const body = JSON.parse(wire.snapshotBody(m, useYesPrice)) as { yes_dollars_fp?: [string, string][]; no_dollars_fp?: [string, string][] };
      return { yes: body.yes_dollars_fp ?? [], no: body.no_dollars_fp ?? [] };
    },
    subscriptions: () => [...conns.values()].flatMap((c) => [...c.subs.values()].map((s) => ({
      connection: c.id, channel: s.channel, sid: s.sid, markets: s.markets === null ? null : [...s.markets].sort(),
    }))),
    commandLog,
    get connectionCount() {
      return conns.size;
    },
    faults,
    firehose,
    close: async () => {
      for (const t of timers) clearInterval(t);
      for (const c of conns.values()) c.ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
