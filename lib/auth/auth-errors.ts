/**
 * Errors about credentials. Their messages never contain key material or signatures.
 *
 * @module
 */

/** The `auth` option is unusable (bad PEM, not an RSA key, no key id). Thrown by `connect()`. */
export class KalshiAuthConfigError extends Error {
  override readonly name = 'KalshiAuthConfigError';
}

/** The exchange refused the handshake (HTTP 401/403). Fatal: no retry loop runs. */
export class KalshiAuthError extends Error {
  override readonly name = 'KalshiAuthError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
