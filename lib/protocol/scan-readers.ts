/**
 * The scanner's readers: one position in one frame text, read left to right, each reader
 * returning a plain value and setting `cur.bad` on anything it is not certain about (the
 * contract is scanFrame's, in scan-decode.ts). Module state, so readers return values, not tuples.
 *
 * @module
 */
import { PRICE_SCALE } from './fixed-point.js';

/** The scanner's state: the text, the position, and whether a reader refused. */
export const cur = { s: '', p: 0, bad: false };

/** What a field holds, and how it is read. */
export const enum Kind {
  /** A string without escapes. */
  Str,
  /** A non-negative integer without sign, fraction or exponent (a JSON number to the codec). */
  Int,
  /** `PriceFromString`: "" rejected. */
  Price,
  /** `optValue(PriceFromString)`: "" is no value. */
  PriceOpt,
  /** `SignedCountFromString`. */
  Count,
  /** `optValue(CountFromString)`: non-negative, "" is no value. */
  CountOpt,
  /** `Side`: "yes" | "no". */
  Side,
  /** `BookSide`: "bid" | "ask". */
  BookSide,
  Bool,
  /** An array of `[price, count]` string pairs (`t.array(SnapshotLevel)`). */
  Levels,
}

export const codesOf = (text: string): Uint16Array => Uint16Array.from(text, (c) => c.charCodeAt(0));

const Q = 34; // "
const BACKSLASH = 92;

/** A string at `p` (which must be `"`) without escapes or control characters; sets `bad` otherwise. */
export function readStr(): string {
  const text = cur.s;
  let i = cur.p;
  if (text.charCodeAt(i) !== Q) {
    cur.bad = true;
    return '';
  }
  const start = ++i;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === Q) break;
    if (c === BACKSLASH || c < 0x20 || c !== c) { // escape, control character, or the end of the text (NaN)
      cur.bad = true;
      return '';
    }
    i++;
  }
  cur.p = i + 1;
  return text.slice(start, i);
}

/** An integer `0` or `[1-9][0-9]{0,14}` ending at a `,` or `}` (anything else: `bad`). */
export function readInt(): number {
  const text = cur.s;
  let i = cur.p;
  let c = text.charCodeAt(i) - 48;
  if (!(c >= 0 && c <= 9)) { // NaN at the end of the text is not a digit
    cur.bad = true;
    return 0;
  }
  let v = c;
  i++;
  if (c !== 0) {
    for (let n = 1; ; n++) {
      c = text.charCodeAt(i) - 48;
      if (!(c >= 0 && c <= 9)) break;
      if (n === 15) {
        cur.bad = true;
        return 0;
      }
      v = v * 10 + c;
      i++;
    }
  }
  const next = text.charCodeAt(i);
  if (next !== 44 /* , */ && next !== 125 /* } */) cur.bad = true;
  cur.p = i;
  return v;
}

/**
 * A fixed-point string at `p` read into an integer with `decimals` implied decimals, exactly as
 * `parseScaled` reads the string's content (`-?digits(.digits*)?`, at most `decimals` decimals,
 * a safe integer, `-0` is 0). `""` returns undefined (the caller decides what "" means).
 */
export function readScaled(decimals: number): number | undefined {
  const text = cur.s;
  let i = cur.p;
  if (text.charCodeAt(i) !== Q) {
    cur.bad = true;
    return undefined;
  }
  i++;
  if (text.charCodeAt(i) === Q) {
    cur.p = i + 1;
    return undefined;
  }
  let negative = false;
  if (text.charCodeAt(i) === 45 /* - */) {
    negative = true;
    i++;
  }
  let value = 0;
  let intDigits = 0;
  let c = text.charCodeAt(i) - 48;
  while (c >= 0 && c <= 9) {
    value = value * 10 + c;
    intDigits++;
    c = text.charCodeAt(++i) - 48;
  }
  if (intDigits === 0) {
    cur.bad = true;
    return undefined;
  }
  let fracDigits = 0;
  if (c === 46 - 48 /* . */) {
    c = text.charCodeAt(++i) - 48;
    while (c >= 0 && c <= 9) {
      if (++fracDigits > decimals) {
        cur.bad = true;
        return undefined;
      }
      value = value * 10 + c;
      c = text.charCodeAt(++i) - 48;
    }
  }
  if (c !== Q - 48) {
    cur.bad = true;
    return undefined;
  }
  cur.p = i + 1;
  for (; fracDigits < decimals; fracDigits++) value *= 10;
  if (!Number.isSafeInteger(value)) {
    cur.bad = true;
    return undefined;
  }
  return negative && value !== 0 ? -value : value;
}

/** Whether `codes` (a key as `"key":`) is at `p`; advances past it when so. */
export function matchAt(codes: Uint16Array): boolean {
  const text = cur.s;
  const i = cur.p;
  const n = codes.length;
  for (let k = 0; k < n; k++) if (text.charCodeAt(i + k) !== codes[k]) return false;
  cur.p = i + n;
  return true;
}

/** One of two string literals (`quotedA` is `valueA` in quotes). */
function readLiteral(quotedA: string, valueA: string, quotedB: string, valueB: string): string {
  if (cur.s.startsWith(quotedA, cur.p)) {
    cur.p += quotedA.length;
    return valueA;
  }
  if (cur.s.startsWith(quotedB, cur.p)) {
    cur.p += quotedB.length;
    return valueB;
  }
  cur.bad = true;
  return '';
}

export function readLevels(): [number, number][] {
  const out: [number, number][] = [];
  if (cur.s.charCodeAt(cur.p) !== 91 /* [ */) {
    cur.bad = true;
    return out;
  }
  cur.p++;
  if (cur.s.charCodeAt(cur.p) === 93 /* ] */) {
    cur.p++;
    return out;
  }
  for (;;) {
    if (cur.s.charCodeAt(cur.p) !== 91) {
      cur.bad = true;
      return out;
    }
    cur.p++;
    const price = readScaled(4);
    if (cur.bad || price === undefined || price < 0 || price > PRICE_SCALE || cur.s.charCodeAt(cur.p) !== 44) {
      cur.bad = true;
      return out;
    }
    cur.p++;
    const count = readScaled(2);
    if (cur.bad || count === undefined || count < 0 || cur.s.charCodeAt(cur.p) !== 93) {
      cur.bad = true;
      return out;
    }
    cur.p++;
    out.push([price, count]);
    const c = cur.s.charCodeAt(cur.p++);
    if (c === 93) return out;
    if (c !== 44) {
      cur.bad = true;
      return out;
    }
  }
}

export function readValue(kind: Kind): unknown {
  switch (kind) {
    case Kind.Str:
      return readStr();
    case Kind.Int:
      return readInt();
    case Kind.Price: {
      const v = readScaled(4);
      if (v === undefined || v < 0 || v > PRICE_SCALE) cur.bad = true;
      return v;
    }
    case Kind.PriceOpt: {
      const v = readScaled(4);
      if (v !== undefined && (v < 0 || v > PRICE_SCALE)) cur.bad = true;
      return v;
    }
    case Kind.Count: {
      const v = readScaled(2);
      if (v === undefined) cur.bad = true;
      return v;
    }
    case Kind.CountOpt: {
      const v = readScaled(2);
      if (v !== undefined && v < 0) cur.bad = true;
      return v;
    }
    case Kind.Side:
      return readLiteral('"yes"', 'yes', '"no"', 'no');
    case Kind.BookSide:
      return readLiteral('"bid"', 'bid', '"ask"', 'ask');
    case Kind.Bool:
      if (cur.s.startsWith('true', cur.p)) {
        cur.p += 4;
        return true;
      }
      if (cur.s.startsWith('false', cur.p)) {
        cur.p += 5;
        return false;
      }
      cur.bad = true;
      return undefined;
    case Kind.Levels:
      return readLevels();
  }
}

/**
 * Skips the object at `p` without reading it (strings without escapes or control characters, no
 * whitespace): for a `msg` that comes before `type`. False when unsure; the caller then reads the
 * object properly at the same place, and both must end at the same position.
 */
export function skipObject(): boolean {
  const text = cur.s;
  if (text.charCodeAt(cur.p) !== 123) return false;
  let depth = 0;
  for (let i = cur.p; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === Q) {
      for (i++; ; i++) {
        const d = text.charCodeAt(i);
        if (d === Q) break;
        if (d === BACKSLASH || d < 0x20 || d !== d) return false;
      }
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      if (--depth === 0) {
        cur.p = i + 1;
        return true;
      }
    } else if (c <= 0x20) return false;
  }
  return false;
}
