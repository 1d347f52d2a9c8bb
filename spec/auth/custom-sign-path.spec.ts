// Signing for a path other than the default WebSocket path (a proxy, a demo host with another
// prefix): both the PEM signer and a custom async signer sign `timestamp + GET + that path`.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KalshiAuthConfigError, KalshiAuthError } from '../../lib/auth/auth-errors.js';
import { signingString, WS_SIGN_PATH } from '../../lib/auth/auth-options.js';
import { createSigner, signPss, verifyPss } from '../../lib/auth/create-signer.js';
import { testKeys } from '../helpers/keys.js';

describe('a custom signing path', () => {
  const keys = testKeys();
  const path = '/proxy/trade-api/ws/v2';

  it('the PEM signer signs the given path (and not the default one)', async () => {
    const h = await createSigner({ keyId: 'k', privateKeyPem: keys.privateKeyPem }, path)(1700000000000);
    expect(h['KALSHI-ACCESS-TIMESTAMP']).toBe('1700000000000');
    expect(verifyPss(keys.publicKeyPem, `1700000000000GET${path}`, h['KALSHI-ACCESS-SIGNATURE'])).toBe(true);
    expect(verifyPss(keys.publicKeyPem, `1700000000000GET${WS_SIGN_PATH}`, h['KALSHI-ACCESS-SIGNATURE'])).toBe(false);
  });

  it('a custom signer gets the string for the given path and its result is sent as is', async () => {
    const seen: string[] = [];
    const sign = createSigner({ keyId: 'key-9', sign: async (m) => { seen.push(m); return signPss(keys.privateKeyPem, m); } }, path);
    const h = await sign(5);
    expect(seen).toEqual([`5GET${path}`]);
    expect(signingString(5, path)).toBe(`5GET${path}`);
    expect(h['KALSHI-ACCESS-KEY']).toBe('key-9');
    expect(h['KALSHI-ACCESS-TIMESTAMP']).toBe('5');
    expect(verifyPss(keys.publicKeyPem, `5GET${path}`, h['KALSHI-ACCESS-SIGNATURE'])).toBe(true);
  });

  it('a custom signer that is not a function, or a PEM that is not a string, fails at once', () => {
    expect(() => createSigner({ keyId: 'k', sign: 'nope' } as never)).toThrow(KalshiAuthConfigError);
    expect(() => createSigner({ keyId: 'k', sign: 'nope' } as never)).toThrow(expect.objectContaining({ name: 'KalshiAuthConfigError' }));
    const refused = new KalshiAuthError(403, 'refused');
    expect([refused.name, refused.status, refused.message]).toEqual(['KalshiAuthError', 403, 'refused']);
    expect(() => createSigner({ keyId: 'k', sign: 'nope' } as never)).toThrow(/auth.sign must be a function/);
    expect(() => createSigner({ keyId: 'k', privateKeyPem: 42 } as never)).toThrow(/privateKeyPem must be a PEM string/);
    expect(() => createSigner({ keyId: 7, privateKeyPem: keys.privateKeyPem } as never)).toThrow(/keyId is required/);
    expect(() => createSigner({ keyId: '', sign: async () => 'x' })).toThrow(/keyId is required/);
  });

  it('a custom signer that rejects rejects the header promise (the connection reports it as an auth failure)', async () => {
    const sign = createSigner({ keyId: 'k', sign: async () => { throw new Error('HSM offline'); } });
    await expect(sign(1)).rejects.toThrow('HSM offline');
  });

  it('signPss takes a KeyObject or a PEM; verifyPss says false on garbage instead of throwing', async () => {
    const { createPrivateKey } = await import('node:crypto');
    const sig = signPss(createPrivateKey(keys.privateKeyPem), 'm');
    expect(verifyPss(keys.publicKeyPem, 'm', sig)).toBe(true);
    expect(verifyPss(keys.publicKeyPem, 'm', signPss(keys.pkcs1Pem, 'm'))).toBe(true);
    expect(verifyPss('not a key', 'm', sig)).toBe(false);
    expect(() => signPss('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', 'm')).toThrow(/not a readable PEM/);
  });

  it('accepts an RSA-PSS private key (PKCS#8) as well as a plain RSA one', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const pem = pss.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const h = await createSigner({ keyId: 'k', privateKeyPem: pem }, path)(3);
    const publicPem = pss.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyPss(publicPem, `3GET${path}`, h['KALSHI-ACCESS-SIGNATURE'])).toBe(true);
  });

  describe('without node:crypto (as in a browser)', () => {
    afterEach(() => vi.restoreAllMocks());
    const noCrypto = () => vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);

    it('a PEM key fails at once and points to auth.sign; a custom signer still signs', async () => {
      noCrypto();
      expect(() => createSigner({ keyId: 'k', privateKeyPem: keys.privateKeyPem })).toThrow(/needs Node.js; in a browser use auth.sign/);
      expect(() => signPss(keys.privateKeyPem, 'm')).toThrow(KalshiAuthConfigError);
      expect(() => signPss(keys.privateKeyPem, 'm')).toThrow('PEM signing needs Node.js; in a browser use auth.sign or a signing proxy');
      expect(() => verifyPss(keys.publicKeyPem, 'm', 'c2ln')).toThrow(/verifyPss needs Node.js/);
      const h = await createSigner({ keyId: 'k', sign: async (m) => `sig:${m}` }, path)(9);
      expect(h['KALSHI-ACCESS-SIGNATURE']).toBe(`sig:9GET${path}`);
    });
  });
});
