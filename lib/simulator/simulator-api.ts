/**
 * The public shape of the simulator: its options, the running handle, faults and introspection.
 *
 * @module
 */
import type { CommandFaultEffect, CommandMatch } from './command-faults.js';
import type { SimulatorKey } from './handshake-auth.js';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** Port on 127.0.0.1 (default 0: a random free port). */
  readonly port?: number;
  /** Seed of the market model (default 1). */
  readonly seed?: number;
  /** Market tickers (default three demo markets; every third one trades on a subpenny grid). */
  readonly markets?: readonly string[];
  /** Accepted keys. Without keys every connection is accepted as an authenticated local user. */
  readonly keys?: readonly SimulatorKey[];
  /** With `keys`: accept unsigned connections as anonymous (private channels then get error 9). */
  readonly allowAnonymous?: boolean;
  /** Allowed clock skew of `KALSHI-ACCESS-TIMESTAMP` (default 60 000 ms). */
  readonly maxSkewMs?: number;
  /** Ping interval (default 10 000 ms; 0 disables). */
  readonly pingIntervalMs?: number;
  /** Market model step interval (default 50 ms; 0: only `step()` advances the market). */
  readonly tickIntervalMs?: number;
  /** Model steps per tick (default 1). */
  readonly stepsPerTick?: number;
  /** Levels per side at start (default 12). */
  readonly depth?: number;
  /** Markets allowed per subscription; beyond it: error 26 (default unlimited). */
  readonly maxMarketsPerSubscription?: number;
  /** update_subscription commands per second per subscription; beyond it: error 27 (default unlimited). */
  readonly maxCommandsPerSecond?: number;
  /**
   * Send the shapes the live feed was captured sending (reference §11) instead of the newest
   * spec's: tickers without `dollar_volume` / `dollar_open_interest` / `time`, trades without
   * `is_block_trade`, NO ladders in descending order. Default false; `kalshi-rx demo` turns it on.
   */
  readonly liveShapes?: boolean;
  /** Start a deterministic model clock here (100 ms per step). Default: the real clock. */
  readonly startTimeMs?: number;
}

/** A subscription as the simulator holds it. */
export interface SimSubscriptionInfo {
  readonly connection: number;
  readonly channel: string;
  readonly sid: number;
  /** Subscribed markets, or `null` for every market. */
  readonly markets: readonly string[] | null;
}

/** One command the simulator received. */
export interface LoggedCommand {
  readonly connection: number;
  readonly at: number;
  readonly command: unknown;
}

/** Fault injection. Each call affects the running simulator at once. */
export interface SimulatorFaults {
  /** Drops every connection abruptly (no close frame), or only the one numbered `connection` (as in {@link SimSubscriptionInfo.connection}). */
  drop(connection?: number): void;
  /** Closes every connection cleanly with `code` (default 1000). */
  closeClean(code?: number): void;
  /** The next `n` sequenced data frames consume their seq but are not sent. */
  loseNext(n?: number): void;
  /** The next `n` sequenced data frames are sent twice. */
  duplicateNext(n?: number): void;
  /** The next `n` data frames each change places with the data frame after them (seq N+1 arrives before N). */
  reorderNext(n?: number): void;
  /** Stops (true) or resumes (false) data frames (of one connection, when given); pings and replies continue. Seq keeps counting. */
  stallData(on: boolean, connection?: number): void;
  /** Stops (true) or resumes (false) everything: data, replies and pings. */
  stallAll(on: boolean): void;
  /** Sends a frame that is not JSON to every connection. */
  sendMalformed(): void;
  /** Sends a frame with a known type and a wrong field type on a live sid of `channel`. */
  sendInvalid(channel?: string): void;
  /** Sends a message with a type nobody knows on a live sid. */
  sendUnknownType(): void;
  /**
   * Sends `frame` as is to every connection (a Buffer as a binary frame), or, with `channel`,
   * to the connections subscribed to it; a function gets that subscription's sid and its last seq.
   */
  sendRaw(frame: string | Buffer | ((sid: number, lastSeq: number) => string | Buffer), channel?: string): void;
  /** Kills every subscription of `channel` with error 10 or 25 (terminal). */
  killSubscription(channel: string, code: 10 | 25): void;
  /** Delays command replies by `ms` (0 to stop). */
  delayReplies(ms: number): void;
  /** Delays the data frames of connection number `connection` (one that may not exist yet) by `ms`, in order (0 to stop): a lagging socket. */
  delayData(connection: number, ms: number): void;
  /** Refuses the next `n` handshakes with HTTP `status`. */
  refuseHandshakes(n: number, status: 401 | 429 | 503): void;
  /** Commands matching `match` are ignored, delayed or answered with an error (`times` matches; default every one). */
  onCommand(match: CommandMatch, effect: CommandFaultEffect, times?: number): void;
  /** Removes every {@link SimulatorFaults.onCommand} rule. */
  clearCommandFaults(): void;
  /** `market` starts refusing subscribe / add_markets / get_snapshot with error 11 (naming it unless `named` is false); `'stop'` ends it. */
  refuseMarket(market: string, named?: boolean | 'stop'): void;
  /** Holds the snapshots that `get_snapshot` causes (true) or sends every held one (false). */
  holdSnapshots(on: boolean): void;
  /** Kills every new socket `ms` after it opens (0: off). */
  killAfterOpen(ms: number): void;
}

/** A running simulator. */
export interface Simulator {
  /** `ws://127.0.0.1:<port>/trade-api/ws/v2` */
  readonly url: string;
  readonly port: number;
  readonly markets: readonly string[];
  /** Advances the market model `n` steps (default 1) and sends what happened. */
  step(n?: number): void;
  /** The true book of a market as a fresh `orderbook_snapshot` would show it (NO-leg prices unless `useYesPrice`). */
  book(market: string, useYesPrice?: boolean): { readonly yes: [string, string][]; readonly no: [string, string][] };
  /** Active subscriptions on every connection. */
  subscriptions(): SimSubscriptionInfo[];
  /** The last `seq` used by the subscription to `channel` on the newest connection (0 before the first), or `undefined` without one. */
  lastSeq(channel: string): number | undefined;
  /** Every command received, in order. */
  readonly commandLog: readonly LoggedCommand[];
  /** Open connections. */
  readonly connectionCount: number;
  readonly faults: SimulatorFaults;
  /**
   * Firehose for benchmarks: sends `count` pre-serialized `orderbook_delta` frames of `market`
   * to every subscription of it as fast as the sockets take them. The deltas alternate +1/-1
   * at one level so the book stays unchanged. Resolves when all frames are written.
   */
  firehose(market: string, count: number): Promise<void>;
  /** Stops the server and closes every connection. */
  close(): Promise<void>;
}
