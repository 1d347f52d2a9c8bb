/**
 * The base of kalshi-rx's own errors: each carries a stable string `code` (in the manner of
 * ws's `WS_ERR_*`) that callers can switch on, independent of the message text.
 *
 * @module
 */

/** Stable codes of {@link KalshiError}. */
export type KalshiErrorCode =
  | 'KALSHI_ERR_USAGE'
  | 'KALSHI_ERR_COMMAND_TIMEOUT'
  | 'KALSHI_ERR_CONNECTION_CLOSED'
  | 'KALSHI_ERR_CONNECTION_LOST'
  | 'KALSHI_ERR_UNEXPECTED_REPLY';

/**
 * An error raised by kalshi-rx itself.
 *
 * @example
 * const e: unknown = new KalshiUsageError('market_tickers must not be empty');
 * if (e instanceof KalshiError && e.code === 'KALSHI_ERR_USAGE') console.log(e.message);
 */
export class KalshiError extends Error {
  override readonly name: string = 'KalshiError';

  constructor(readonly code: KalshiErrorCode, message: string) {
    super(message);
  }
}

/**
 * A caller mistake (unknown channel, missing ticker, conflicting options): fix the call, do not
 * retry. Replaces the bare `TypeError`s, so a bug (a real `TypeError`) is no longer mistaken for one.
 *
 * @example
 * try { kalshi.channel('tickr' as never); } catch (e) { if (e instanceof KalshiUsageError) console.error(e.message); }
 */
export class KalshiUsageError extends KalshiError {
  override readonly name = 'KalshiUsageError';

  constructor(message: string) {
    super('KALSHI_ERR_USAGE', message);
  }
}
