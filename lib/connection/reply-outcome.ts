/**
 * What a reply means for the phase that sent its command: the transition table of the
 * subscription core in one place (docs/subscription-core.md), a pure function.
 *
 * @module
 */
import { isTerminalErrorCode } from '../protocol/error-codes.js';
import type { ErrorReply, Reply } from '../protocol/replies.js';
import type { InFlightPhase } from './subscription-phase.js';

/** The outcome of one reply. */
export type ReplyOutcome =
  /** `releasing` answered (an error too: a failed release counts as released) → `idle`. */
  | { readonly kind: 'released'; readonly error: ErrorReply | undefined }
  /** `subscribing` answered with a sid → `live`. */
  | { readonly kind: 'subscribed'; readonly sid: number }
  /** `subscribing` answered without a sid → `idle` (reported). */
  | { readonly kind: 'no-sid' }
  /** The update took effect (`delete_markets` answered with an error counts as done) → `live`. */
  | { readonly kind: 'applied'; readonly error: ErrorReply | undefined }
  /** Refused: final for the named market (or the only one); an unnamed batch is split. */
  | { readonly kind: 'refused'; readonly error: ErrorReply; readonly cmd: 'subscribe' | 'update_subscription' }
  /** The server no longer has the sid (7) or killed it (10, 25) → `idle`, subscribe again. */
  | { readonly kind: 'sid-gone'; readonly code: number }
  /** A `get_snapshot` of several markets refused without naming one: replace the sid. */
  | { readonly kind: 'restart'; readonly error: ErrorReply };

/** Classifies `reply` to the command of phase `p`. @example replyOutcome({ kind: 'releasing', sid: 1 }, { type: 'unsubscribed', sid: 1 }) // { kind: 'released', error: undefined } */
export function replyOutcome(p: InFlightPhase, reply: Reply): ReplyOutcome {
  const error = reply.type === 'error' ? reply : undefined;
  if (p.kind === 'releasing') return { kind: 'released', error };
  if (p.kind === 'subscribing') {
    if (error !== undefined) return { kind: 'refused', error, cmd: 'subscribe' };
    const sid = reply.type === 'subscribed' ? reply.msg.sid : reply.type === 'ok' ? reply.sid : undefined;
    return sid === undefined ? { kind: 'no-sid' } : { kind: 'subscribed', sid };
  }
  if (error === undefined || p.step === 'delete_markets') return { kind: 'applied', error };
  const code = error.msg.code;
  if (code === 7 || isTerminalErrorCode(code)) return { kind: 'sid-gone', code };
  const named = error.msg.market_ticker;
  if (p.step === 'get_snapshot' && p.markets.length > 1 && (named === undefined || !p.markets.includes(named))) return { kind: 'restart', error };
  return { kind: 'refused', error, cmd: p.step === 'subscribe' ? 'subscribe' : 'update_subscription' };
}
