/**
 * Errors a connection reports to its callers.
 *
 * @module
 */
import { errorCodeName, isTerminalErrorCode } from '../protocol/error-codes.js';
import type { ErrorReply } from '../protocol/replies.js';
import { KalshiError } from '../errors/kalshi-error.js';

/**
 * The server answered a command with an `error` reply. Its `code` is Kalshi's numeric code (a
 * public field since the first release), so it is not a {@link KalshiError}.
 */
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

/** A command got no reply within the command timeout (`KALSHI_ERR_COMMAND_TIMEOUT`). */
export class KalshiTimeoutError extends KalshiError {
  override readonly name = 'KalshiTimeoutError';

  constructor(message: string) {
    super('KALSHI_ERR_COMMAND_TIMEOUT', message);
  }
}

/** The connection was closed by `close()`, a fatal error or an exhausted reconnect budget (`KALSHI_ERR_CONNECTION_CLOSED`). */
export class KalshiConnectionClosedError extends KalshiError {
  override readonly name = 'KalshiConnectionClosedError';

  constructor(message: string) {
    super('KALSHI_ERR_CONNECTION_CLOSED', message);
  }
}

/** The socket dropped while a command waited for its reply (`KALSHI_ERR_CONNECTION_LOST`). */
export class KalshiConnectionLostError extends KalshiError {
  override readonly name = 'KalshiConnectionLostError';

  constructor(message: string) {
    super('KALSHI_ERR_CONNECTION_LOST', message);
  }
}
