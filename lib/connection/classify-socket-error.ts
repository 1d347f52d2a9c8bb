/**
 * Why a socket went down, from what `WebSocketSubject` reported: a refused handshake (with its
 * HTTP status), an unclean close, or another error.
 *
 * @module
 */
import type { CloseReason } from './connection-status.js';

/** The reason, and the HTTP status of a refused handshake when one is known. */
export interface SocketErrorVerdict {
  readonly reason: CloseReason;
  readonly status: number | undefined;
}

const refusedPattern = /Unexpected server response: (\d{3})/;

/**
 * Classifies a socket error. `knownStatus` is the status the `unexpected-response` hook saw
 * (Node `ws`); otherwise it is read from ws's error message. 401/403 → `'auth'`, 429 →
 * `'rate-limited'`, a close event → `'dropped'`, anything else → `'error'`.
 *
 * @example
 * classifySocketError({ message: 'Unexpected server response: 401' }, undefined) // { reason: 'auth', status: 401 }
 */
export function classifySocketError(e: unknown, knownStatus: number | undefined): SocketErrorVerdict {
  const message = typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : '';
  const parsed = refusedPattern.exec(message)?.[1];
  const status = knownStatus ?? (parsed === undefined ? undefined : Number(parsed));
  if (status === 401 || status === 403) return { reason: 'auth', status };
  if (status === 429) return { reason: 'rate-limited', status };
  const isClose = typeof e === 'object' && e !== null && 'code' in e && 'wasClean' in e;
  return { reason: isClose ? 'dropped' : 'error', status };
}
