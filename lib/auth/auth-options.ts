/**
 * How a connection authenticates: an RSA private key in PEM form, or an async signer so the
 * key can live in an HSM, a KMS or another process.
 *
 * @module
 */

/** Sign with a PEM private key held in this process (Node only). */
export interface PrivateKeyAuth {
  /** The API key id (a UUID), sent as `KALSHI-ACCESS-KEY`. */
  readonly keyId: string;
  /** The RSA private key, PEM (PKCS#1 `BEGIN RSA PRIVATE KEY` or PKCS#8 `BEGIN PRIVATE KEY`). */
  readonly privateKeyPem: string;
}

/** Sign with your own function: it receives the string to sign and returns the base64 RSA-PSS signature. */
export interface SignerAuth {
  /** The API key id (a UUID), sent as `KALSHI-ACCESS-KEY`. */
  readonly keyId: string;
  /** Returns the base64 RSA-PSS (SHA-256, salt 32) signature of `message`. */
  readonly sign: (message: string) => Promise<string>;
}

/** Authentication for the WebSocket handshake. */
export type AuthOptions = PrivateKeyAuth | SignerAuth;

/** The three handshake headers Kalshi checks. */
export interface KalshiAuthHeaders {
  readonly 'KALSHI-ACCESS-KEY': string;
  readonly 'KALSHI-ACCESS-TIMESTAMP': string;
  readonly 'KALSHI-ACCESS-SIGNATURE': string;
}

/** The path every Kalshi WebSocket handshake signs. */
export const WS_SIGN_PATH = '/trade-api/ws/v2';

/** The exact string to sign: `timestamp_ms + "GET" + path`. @example signingString(1703123456789) // '1703123456789GET/trade-api/ws/v2' */
export function signingString(timestampMs: number, path: string = WS_SIGN_PATH): string {
  return `${timestampMs}GET${path}`;
}
