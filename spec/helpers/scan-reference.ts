/**
 * The reference the scanner is held to (spec/protocol/scan-*.spec.ts): `JSON.parse` + the io-ts
 * codec, and `decodeFrame` as it was before the scanner.
 */
import { isRight } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { expect } from 'vitest';
import { DATA_CODECS } from '../../lib/protocol/data-message.js';
import { decodeFrame, decodeParsed, type Frame } from '../../lib/protocol/decode-frame.js';
import { scanFrame } from '../../lib/protocol/scan-decode.js';

const codecs = new Map<string, t.Decoder<unknown, unknown>>(Object.entries(DATA_CODECS) as [string, t.Decoder<unknown, unknown>][]);

/** The reference: JSON.parse + the io-ts codec, nothing else. */
export function reference(text: string): { ok: true; value: unknown } | { ok: false } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  const type = (parsed as { type?: unknown } | null)?.type;
  const codec = typeof type === 'string' ? codecs.get(type) : undefined;
  if (codec === undefined) return { ok: false };
  const r = codec.decode(parsed);
  return isRight(r) ? { ok: true, value: r.right } : { ok: false };
}

/** decodeFrame as it was before the scanner: JSON.parse + decodeParsed (the codecs and the policy's refusals). */
function parsedPath(text: string): Frame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return decodeFrame(text); // a parse error is never scanned
  }
  return decodeParsed(parsed, text);
}

/**
 * The scanner never accepts what the codec rejects, and its value is strictly deeply equal to the
 * codec's; decodeFrame (scanner first) classifies every text as the JSON.parse path does.
 */
export function check(text: string): boolean {
  const fast = scanFrame(text);
  const ref = reference(text);
  if (fast !== undefined) {
    expect(ref.ok, text).toBe(true);
    if (ref.ok) expect(fast, text).toStrictEqual(ref.value);
  }
  const whole = decodeFrame(text);
  const before = parsedPath(text);
  expect(whole.kind, text).toBe(before.kind);
  if (whole.kind === 'data' && before.kind === 'data') expect(whole.message, text).toEqual(before.message);
  return fast !== undefined;
}

