import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter } from 'rxjs';
import { KalshiAuthConfigError, KalshiAuthError } from '../../lib/auth/auth-errors.js';
import { connect } from '../../lib/connection/kalshi-connection.js';
import type { KalshiConnection } from '../../lib/connection/kalshi-connection-api.js';
import type { ConnectionStatus } from '../../lib/connection/connection-status.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator } from '../../lib/simulator/simulator-api.js';
import { eventually } from '../helpers/eventually.js';
import { testKeys } from '../helpers/keys.js';

const MARKETS = ['INT-A', 'INT-B', 'INT-C'];
let sim: Simulator | undefined;
let conn: KalshiConnection | undefined;

afterEach(async () => {
  conn?.close();
  conn = undefined;
  await sim?.close();
  sim = undefined;
});

describe('connect() over loopback', () => {
  const keys = testKeys();

  it('signs the handshake (PKCS#1 and PKCS#8), and sends exactly the literal commands', async () => {
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, keys: [{ keyId: 'key-1', publicKeyPem: keys.publicKeyPem }] });
    for (const pem of [keys.pkcs1Pem, keys.privateKeyPem]) {
      const c = connect({ url: sim.url, auth: { keyId: 'key-1', privateKeyPem: pem } });
      const live = firstValueFrom(c.events('fill', { market_tickers: ['INT-A'] }).pipe(filter((e) => e.kind === 'status')));
      expect(await live).toMatchObject({ kind: 'status', status: { state: 'live', sid: 1 } });
      c.close();
    }
    // firstValueFrom unsubscribes after the first value: each connection sends subscribe then unsubscribe.
    await eventually(() => expect(sim!.commandLog.map((l) => l.command)).toEqual([
      { id: 1, cmd: 'subscribe', params: { channels: ['fill'], market_tickers: ['INT-A'] } },
      { id: 2, cmd: 'unsubscribe', params: { sids: [1] } },
      { id: 1, cmd: 'subscribe', params: { channels: ['fill'], market_tickers: ['INT-A'] } },
      { id: 2, cmd: 'unsubscribe', params: { sids: [1] } },
    ]));
  });

  it('signs afresh on every reconnect (a reused timestamp would be stale)', async () => {
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, maxSkewMs: 300, keys: [{ keyId: 'key-1', publicKeyPem: keys.publicKeyPem }] });
    conn = connect({ url: sim.url, auth: { keyId: 'key-1', privateKeyPem: keys.privateKeyPem }, reconnect: { initialDelayMs: 10, maxDelayMs: 20 } });
    const opens: number[] = [];
    conn.status$.subscribe((st) => { if (st.state === 'open') opens.push(Date.now()); });
    let book: OrderBook | undefined;
    conn.orderbook('INT-A').subscribe((b) => { book = b; });
    await eventually(() => expect(opens).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 500));
    sim.faults.drop();
    await eventually(() => expect(opens).toHaveLength(2));
    sim.step(100);
    await eventually(() => expect(book?.yes).toEqual(sim!.book('INT-A').yes));
  });

  it('supports an async signer (HSM style)', async () => {
    const { signPss } = await import('../../lib/auth/create-signer.js');
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, keys: [{ keyId: 'hsm', publicKeyPem: keys.publicKeyPem }] });
    const asked: string[] = [];
    const before = Date.now();
    conn = connect({ url: sim.url, auth: { keyId: 'hsm', sign: async (msg) => { asked.push(msg); return signPss(keys.privateKeyPem, msg); } } });
    // The simulator verifies the signature with the public key: an open socket means it was accepted.
    const first = await firstValueFrom(conn.status$.pipe(filter((s) => s.state === 'open' || s.state === 'closed')));
    expect(first.state).toBe('open');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^\d{13}GET\/trade-api\/ws\/v2$/);
    expect(Number(asked[0]!.slice(0, 13))).toBeGreaterThanOrEqual(before);
  });

  it('a refused key is fatal: a typed KalshiAuthError for every subscriber and no retry loop', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, keys: [{ keyId: 'key-1', publicKeyPem: keys.publicKeyPem }] });
    conn = connect({ url: sim.url, auth: { keyId: 'key-1', privateKeyPem: other }, reconnect: { initialDelayMs: 5 } });
    const statuses: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => statuses.push(s));
    const error = await firstValueFrom(conn.ticker()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiAuthError);
    expect((error as KalshiAuthError).status).toBe(401);
    expect((error as Error).message).not.toMatch(/BEGIN|PRIVATE/);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'closed']);
    expect(statuses.at(-1)).toMatchObject({ state: 'closed', reason: 'auth' });
    // A new connection with the right key then works.
    conn = connect({ url: sim.url, auth: { keyId: 'key-1', privateKeyPem: keys.privateKeyPem } });
    await firstValueFrom(conn.status$.pipe(filter((s) => s.state === 'open')));
  });

  it('a bad PEM fails at connect() with a clear message that does not echo the key', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nAAAASECRETSECRET\n-----END PRIVATE KEY-----\n';
    expect(() => connect({ url: 'ws://127.0.0.1:1/trade-api/ws/v2', auth: { keyId: 'k', privateKeyPem: pem } })).toThrow(KalshiAuthConfigError);
    let error: unknown;
    try {
      connect({ url: 'ws://127.0.0.1:1/trade-api/ws/v2', auth: { keyId: 'k', privateKeyPem: pem } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KalshiAuthConfigError);
    expect((error as Error).message).toMatch(/not a readable PEM private key/);
    expect((error as Error).message).not.toContain('SECRET');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => connect({ url: 'ws://127.0.0.1:1/trade-api/ws/v2', auth: { keyId: 'k', privateKeyPem: ec } })).toThrow(/ec key; Kalshi needs an RSA private key/);
  });

  it('order books equal the simulator truth while the market moves', async () => {
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0 });
    conn = connect({ url: sim.url });
    const latest = new Map<string, OrderBook>();
    for (const m of MARKETS) conn.orderbook(m).subscribe((b) => latest.set(m, b));
    await eventually(() => expect(latest.size).toBe(3));
    sim.step(1500);
    await eventually(() => {
      for (const m of MARKETS) {
        expect(latest.get(m)?.yes).toEqual(sim!.book(m).yes);
        expect(latest.get(m)?.no).toEqual(sim!.book(m).no);
      }
    });
    expect(sim.subscriptions()).toEqual([{ connection: 1, channel: 'orderbook_delta', sid: 1, markets: MARKETS }]);
    expect(conn.metricsNow()).toMatchObject({ gaps: 0, duplicates: 0, decodeFailures: 0, violations: 0 });
  });

  it('YES-scale books equal the truth on the YES scale, share the default subscription, and agree on best prices', async () => {
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 21 });
    conn = connect({ url: sim.url });
    let book: OrderBook | undefined;
    conn.orderbook('INT-C', { useYesPrice: true }).subscribe((b) => { book = b; });
    await eventually(() => expect(book).toBeDefined());
    sim.step(1500);
    await eventually(() => {
      expect(book?.yes).toEqual(sim!.book('INT-C', true).yes);
      expect(book?.no).toEqual(sim!.book('INT-C', true).no);
    });
    const legBestNo = Math.max(...sim.book('INT-C').no.map(([p]) => Math.round(Number(p) * 10_000)));
    expect(book?.bestNoBid).toBe(legBestNo);
    expect(book?.impliedYesAsk).toBe(10_000 - legBestNo);
    expect(conn.metricsNow().violations).toBe(0);
    // Both scales come from one default subscription: a default book of the same market joins it.
    let legBook: OrderBook | undefined;
    conn.orderbook('INT-C').subscribe((b) => { legBook = b; });
    await eventually(() => expect(legBook?.no).toEqual(sim!.book('INT-C').no));
    expect(legBook?.bestNoBid).toBe(book?.bestNoBid);
    expect(sim.subscriptions()).toEqual([{ connection: 1, channel: 'orderbook_delta', sid: 1, markets: ['INT-C'] }]);
    expect(sim.commandLog.every((l) => (l.command as { params?: { use_yes_price?: boolean } }).params?.use_yes_price === undefined)).toBe(true);
  });

  it('N subscribers over M markets produce the minimal command log and leave nothing behind', async () => {
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0 });
    conn = connect({ url: sim.url });
    const subs = [conn.orderbook(MARKETS[0]!).subscribe()];
    await eventually(() => expect(sim!.subscriptions()).toHaveLength(1));
    for (let i = 1; i < 6; i++) subs.push(conn.orderbook(MARKETS[i % 3]!).subscribe());
    await eventually(() => expect(sim!.subscriptions()[0]?.markets).toEqual(MARKETS));
    sim.step(200);
    for (const i of [4, 0, 2, 5]) subs[i]!.unsubscribe();
    await eventually(() => expect(sim!.subscriptions()[0]?.markets).toEqual(['INT-A', 'INT-B']));
    for (const i of [1, 3]) subs[i]!.unsubscribe();
    await eventually(() => expect(sim!.subscriptions()).toEqual([]));
    const cmds = sim.commandLog.map((l) => l.command as { cmd: string; params: { action?: string } });
    expect(cmds.map((c) => c.cmd + (c.params.action === undefined ? '' : `:${c.params.action}`))).toEqual([
      'subscribe', 'update_subscription:add_markets', 'update_subscription:delete_markets', 'unsubscribe',
    ]);
  });

  it('after random subscribe/teardown orders nothing is left on the server, and books still equal the truth', async () => {
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 9 });
    conn = connect({ url: sim.url });
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 5; round++) {
      const live: { market: string; sub: { unsubscribe(): void }; book?: OrderBook }[] = [];
      for (let i = 0; i < 8; i++) {
        const market = MARKETS[rand(3)]!;
        const entry: (typeof live)[number] = { market, sub: { unsubscribe: () => undefined } };
        // Both scales share one default subscription; their YES sides are the same levels.
        entry.sub = (rand(2) === 0 ? conn.orderbook(market) : conn.orderbook(market, { useYesPrice: true })).subscribe((b) => { entry.book = b; });
        live.push(entry);
        if (rand(3) === 0) await new Promise((r) => setTimeout(r, 2));
      }
      sim.step(100);
      const wanted = [...new Set(live.map((l) => l.market))].sort();
      await eventually(() => expect(sim!.subscriptions().map((s) => s.markets)).toEqual([wanted]));
      await eventually(() => { for (const l of live) expect(l.book?.yes).toEqual(sim!.book(l.market).yes); });
      while (live.length > 0) {
        const [l] = live.splice(rand(live.length), 1);
        l!.sub.unsubscribe();
        if (rand(2) === 0) await new Promise((r) => setTimeout(r, 1));
      }
      await eventually(() => expect(sim!.subscriptions()).toEqual([]));
    }
  });

  it('a market torn down never silences another on the same sid', async () => {
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0 });
    conn = connect({ url: sim.url });
    const a = conn.orderbook('INT-A').subscribe();
    let bBook: OrderBook | undefined;
    conn.orderbook('INT-B').subscribe((b) => { bBook = b; });
    await eventually(() => expect(sim!.subscriptions()[0]?.markets).toEqual(['INT-A', 'INT-B']));
    a.unsubscribe();
    await eventually(() => expect(sim!.subscriptions()[0]?.markets).toEqual(['INT-B']));
    sim.step(800);
    await eventually(() => expect(bBook?.yes).toEqual(sim!.book('INT-B').yes));
  });

  it('typed streams: ticker agrees with the book; markets given as an Observable are diffed into add/delete', async () => {
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0 });
    conn = connect({ url: sim.url });
    const { BehaviorSubject } = await import('rxjs');
    const markets$ = new BehaviorSubject<readonly string[]>(['INT-A']);
    const seen = new Set<string>();
    const s = conn.ticker(markets$).subscribe((t) => seen.add(t.msg.market_ticker));
    await eventually(() => expect(sim!.subscriptions()).toHaveLength(1));
    markets$.next(['INT-A', 'INT-B']);
    await eventually(() => expect(sim!.subscriptions()[0]?.markets).toEqual(['INT-A', 'INT-B']));
    markets$.next(['INT-B']);
    await eventually(() => expect(sim!.subscriptions()[0]?.markets).toEqual(['INT-B']));
    seen.clear();
    sim.step(600);
    await eventually(() => expect(seen).toEqual(new Set(['INT-B'])));
    s.unsubscribe();
    await eventually(() => expect(sim!.subscriptions()).toEqual([]));
  });
});
