/**
 * Errors a connection reports to its callers.
 *
 * @module
 */
import { errorCodeName, isTerminalErrorCode } from '../protocol/error-codes.js';
import type { ErrorReply } from '../protocol/replies.js';

/** The server answered a command with an `error` reply. */
export class KalshiCommandError extends Error {
  override readonly name = 'KalshiCommandError';
  /** Numeric code of reference §3.7. */
  readonly code: number;
  /** Name of the code, e.g. `'UnknownChannel'`. */
  readonly codeName: string;
  /** Whether the code kills its subscription (10, 25). */
  readonly terminal: boolean;
  readonly marketTicker: string | undefined;
  readonly marketId: string | undefined;

  /**
   * @param market the market the error concerns, when the reply does not name it but the command
   *   had only that one (a culprit found by splitting a refused batch)
   */
  constructor(reply: ErrorReply, context: string, market: string | undefined = reply.msg.market_ticker) {
    const named = market === undefined ? '' : ` (market ${market})`;
    super(`${context}: Kalshi error ${reply.msg.code} ${errorCodeName(reply.msg.code)}: ${reply.msg.msg}${named}`);
    this.code = reply.msg.code;
    this.codeName = errorCodeName(reply.msg.code);
    this.terminal = isTerminalErrorCode(reply.msg.code);
    this.marketTicker = market;
    this.marketId = reply.msg.market_id;
  }
}

/** A command got no reply within the command timeout. */
export class KalshiTimeoutError extends Error {
  override readonly name = 'KalshiTimeoutError';
}

/** The connection was closed (by `close()`, a fatal error or an exhausted reconnect budget). */
export class KalshiConnectionClosedError extends Error {
  override readonly name = 'KalshiConnectionClosedError';
}

/** The socket dropped while a command waited for its reply. */
export class KalshiConnectionLostError extends Error {
  override readonly name = 'KalshiConnectionLostError';
}
