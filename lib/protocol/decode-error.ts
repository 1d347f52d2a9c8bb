/**
 * Typed decode errors with the path of every failure, built from io-ts validation errors.
 *
 * @module
 */
import type * as t from 'io-ts';

/** One failed check: where in the frame (`msg.price_dollars`) and what was wrong. */
export interface DecodeIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A frame that could not be parsed or did not match its codec. Carries the message `type`
 * and `sid` when they could be read, so it can be routed to the subscription it belongs to.
 */
export class KalshiDecodeError extends Error {
  override readonly name = 'KalshiDecodeError';
  /** `'parse'`: not JSON or not an object; `'decode'`: a codec rejected it. */
  readonly reason: 'parse' | 'decode';
  readonly type: string | undefined;
  readonly sid: number | undefined;
  readonly issues: readonly DecodeIssue[];
  /** The start of the offending frame (at most 200 characters). */
  readonly frame: string;

  constructor(reason: 'parse' | 'decode', issues: readonly DecodeIssue[], frame: string, type?: string, sid?: number) {
    const where = type === undefined ? '' : ` ${type}${sid === undefined ? '' : ` (sid ${sid})`}`;
    super(`invalid Kalshi frame${where}: ${issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ')}`);
    this.reason = reason;
    this.type = type;
    this.sid = sid;
    this.issues = issues;
    this.frame = frame.length > 200 ? `${frame.slice(0, 200)}…` : frame;
  }
}

const skipKeysUnder = new Set(['IntersectionType', 'UnionType', 'RefinementType', 'ExactType', 'ReadonlyType']);

function pathOf(context: t.Context): string {
  const parts: string[] = [];
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1]?.type as { _tag?: string } | undefined;
    if (parent?._tag !== undefined && skipKeysUnder.has(parent._tag)) continue;
    const key = context[i]?.key ?? '';
    if (key !== '') parts.push(/^\d+$/.test(key) ? `[${key}]` : parts.length === 0 ? key : `.${key}`);
  }
  return parts.join('');
}

/** A short, bounded description of a value: never walks a deep or large structure. */
function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    const names = keys.slice(0, 3).map((k) => JSON.stringify(k.length > 20 ? `${k.slice(0, 20)}…` : k)).join(', ');
    return keys.length === 0 ? 'an empty object' : `an object with ${names}${keys.length > 3 ? ', …' : ''}`;
  }
  return typeof value;
}

/** Turns io-ts validation errors into path-named issues (at most 5, de-duplicated). */
export function issuesFromErrors(errors: t.Errors): DecodeIssue[] {
  const seen = new Set<string>();
  const out: DecodeIssue[] = [];
  for (const e of errors) {
    const last = e.context[e.context.length - 1];
    const path = pathOf(e.context);
    const message = e.message ?? (e.value === undefined ? `missing required ${last?.type.name ?? 'value'}` : `expected ${last?.type.name ?? 'value'}, got ${show(e.value)}`);
    const key = `${path}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
    if (out.length === 5) break;
  }
  return out;
}
