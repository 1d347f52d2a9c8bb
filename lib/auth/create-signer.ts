/**
 * Turns {@link AuthOptions} into a function that produces fresh handshake headers, validating
 * the key up front so a bad PEM fails at `connect()`.
 *
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { KalshiAuthConfigError } from './auth-errors.js';
import { type AuthOptions, type KalshiAuthHeaders, signingString, WS_SIGN_PATH } from './auth-options.js';

/** Produces the handshake headers for one connection attempt, signed at `nowMs`. */
export type HeaderSigner = (nowMs: number) => Promise<KalshiAuthHeaders>;

type NodeCrypto = typeof import('node:crypto');

function nodeCrypto(): NodeCrypto | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
}

function loadKey(crypto: NodeCrypto, pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = crypto.createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new KalshiAuthConfigError('auth.privateKeyPem is not a readable PEM private key (expected "-----BEGIN RSA PRIVATE KEY-----" or "-----BEGIN PRIVATE KEY-----")');
  }
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') {
    throw new KalshiAuthConfigError(`auth.privateKeyPem is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key; Kalshi needs an RSA private key`);
  }
  return key;
}

/**
 * Signs `message` with RSA-PSS, SHA-256, MGF1(SHA-256), salt length 32, base64 (Node).
 *
 * @example
 * const sig = signPss(privateKeyPem, '1703123456789GET/trade-api/ws/v2');
 */
export function signPss(privateKey: KeyObject | string, message: string): string {
  const crypto = nodeCrypto();
  if (crypto === undefined) throw new KalshiAuthConfigError('PEM signing needs Node.js; in a browser use auth.sign or a signing proxy');
  const key = typeof privateKey === 'string' ? loadKey(crypto, privateKey) : privateKey;
  return crypto
    .sign('sha256', Buffer.from(message, 'utf8'), { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
    .toString('base64');
}

/**
 * Validates `auth` now and returns a signer for the handshake headers.
 * Throws {@link KalshiAuthConfigError} (without echoing the key) when the key is unusable.
 *
 * @example
 * const sign = createSigner({ keyId, privateKeyPem });
 * const headers = await sign(Date.now());
 */
export function createSigner(auth: AuthOptions, path: string = WS_SIGN_PATH): HeaderSigner {
  if (typeof auth.keyId !== 'string' || auth.keyId.trim() === '') throw new KalshiAuthConfigError('auth.keyId is required (your Kalshi API key id)');
  const keyId = auth.keyId;
  if ('sign' in auth) {
    if (typeof auth.sign !== 'function') throw new KalshiAuthConfigError('auth.sign must be a function (message) => Promise<base64 signature>');
    const sign = auth.sign;
    return async (nowMs) => ({
      'KALSHI-ACCESS-KEY': keyId,
      'KALSHI-ACCESS-TIMESTAMP': String(nowMs),
      'KALSHI-ACCESS-SIGNATURE': await sign(signingString(nowMs, path)),
    });
  }
  if (typeof auth.privateKeyPem !== 'string') throw new KalshiAuthConfigError('auth.privateKeyPem must be a PEM string');
  const crypto = nodeCrypto();
  if (crypto === undefined) throw new KalshiAuthConfigError('auth.privateKeyPem needs Node.js; in a browser use auth.sign with a signing proxy');
  const key = loadKey(crypto, auth.privateKeyPem);
  return async (nowMs) => ({
    'KALSHI-ACCESS-KEY': keyId,
    'KALSHI-ACCESS-TIMESTAMP': String(nowMs),
    'KALSHI-ACCESS-SIGNATURE': signPss(key, signingString(nowMs, path)),
  });
}

/**
 * Verifies a handshake signature with a public key (Node). Used by the simulator and tests.
 *
 * @example
 * verifyPss(publicKeyPem, '1703123456789GET/trade-api/ws/v2', signatureBase64) // true
 */
export function verifyPss(publicKeyPem: string, message: string, signatureBase64: string): boolean {
  const crypto = nodeCrypto();
  if (crypto === undefined) throw new Error('verifyPss needs Node.js');
  try {
    return crypto.verify('sha256', Buffer.from(message, 'utf8'), {
      key: publicKeyPem, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32,
    }, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}
