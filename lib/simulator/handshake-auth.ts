/**
 * Verifies the three `KALSHI-ACCESS-*` handshake headers as Kalshi does: RSA-PSS SHA-256,
 * salt 32, over `timestamp + "GET" + path`, within a clock-skew window.
 *
 * @module
 */
import { verifyPss } from '../auth/create-signer.js';

/** A key the simulator accepts. */
export interface SimulatorKey {
  readonly keyId: string;
  readonly publicKeyPem: string;
}

/** Result of checking a handshake: the key id, or why it was refused. */
export type HandshakeVerdict = { readonly ok: true; readonly keyId: string } | { readonly ok: false; readonly reason: string };

type Headers = Readonly<Record<string, string | string[] | undefined>>;

const header = (headers: Headers, name: string): string | undefined => {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** Checks the handshake headers against the configured keys. */
export function verifyHandshake(headers: Headers, path: string, keys: readonly SimulatorKey[], nowMs: number, maxSkewMs: number): HandshakeVerdict {
  const keyId = header(headers, 'KALSHI-ACCESS-KEY');
  const ts = header(headers, 'KALSHI-ACCESS-TIMESTAMP');
  const sig = header(headers, 'KALSHI-ACCESS-SIGNATURE');
  if (keyId === undefined || ts === undefined || sig === undefined) return { ok: false, reason: 'missing KALSHI-ACCESS-* headers' };
  const key = keys.find((k) => k.keyId === keyId);
  if (key === undefined) return { ok: false, reason: 'unknown key id' };
  if (!/^\d{1,16}$/.test(ts)) return { ok: false, reason: 'timestamp is not milliseconds' };
  if (Math.abs(nowMs - Number(ts)) > maxSkewMs) return { ok: false, reason: 'stale timestamp' };
  if (!verifyPss(key.publicKeyPem, `${ts}GET${path}`, sig)) return { ok: false, reason: 'bad signature' };
  return { ok: true, keyId };
}
