/**
 * RFC 3339 timestamps in Kalshi's shape (whole seconds, `Z`).
 */

/** `1733047200123` → `'2024-12-01T10:00:00Z'`. */
export function rfc3339Seconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
