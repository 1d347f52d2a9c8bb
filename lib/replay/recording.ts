/**
 * Recordings of a live session: raw inbound frames with their time, as NDJSON
 * (`{"t": <ms since start>, "frame": "<raw text>"}` per line).
 *
 * @module
 */

/** One recorded frame. */
export interface RecordedFrame {
  /** Milliseconds since the recording started. */
  readonly t: number;
  /** The raw text frame as received. */
  readonly frame: string;
}

/** Formats one recorded frame as an NDJSON line (with the newline). */
export function recordLine(t: number, frame: string): string {
  return `${JSON.stringify({ t, frame })}\n`;
}

/** Parses an NDJSON recording; throws with the line number on a bad line. */
export function parseRecording(text: string): RecordedFrame[] {
  const out: RecordedFrame[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new SyntaxError(`recording line ${i + 1} is not JSON`);
    }
    const r = v as { t?: unknown; frame?: unknown };
    if (typeof r.t !== 'number' || typeof r.frame !== 'string') throw new SyntaxError(`recording line ${i + 1} needs {"t": number, "frame": string}`);
    out.push({ t: r.t, frame: r.frame });
  }
  return out;
}
