import { describe, expect, it } from 'vitest';
import { KalshiAuthConfigError } from '../../lib/auth/auth-errors.js';
import { signingString } from '../../lib/auth/auth-options.js';
import { createSigner, verifyPss } from '../../lib/auth/create-signer.js';
import { testKeys } from '../helpers/keys.js';

describe('createSigner', () => {
  const keys = testKeys();

  it('signs timestamp + GET + path with RSA-PSS SHA-256 salt 32, verifiable with the public key', async () => {
    const headers = await createSigner({ keyId: 'k-1', privateKeyPem: keys.pkcs1Pem })(1703123456789);
    expect(headers['KALSHI-ACCESS-KEY']).toBe('k-1');
    expect(headers['KALSHI-ACCESS-TIMESTAMP']).toBe('1703123456789');
    expect(signingString(1703123456789)).toBe('1703123456789GET/trade-api/ws/v2');
    expect(verifyPss(keys.publicKeyPem, '1703123456789GET/trade-api/ws/v2', headers['KALSHI-ACCESS-SIGNATURE'])).toBe(true);
    expect(verifyPss(keys.publicKeyPem, '1703123456790GET/trade-api/ws/v2', headers['KALSHI-ACCESS-SIGNATURE'])).toBe(false);
  });

  it('signs afresh each time (PSS is randomized) and passes the message to an async signer', async () => {
    const sign = createSigner({ keyId: 'k', privateKeyPem: keys.privateKeyPem });
    const a = await sign(1);
    const b = await sign(1);
    expect(a['KALSHI-ACCESS-SIGNATURE']).not.toBe(b['KALSHI-ACCESS-SIGNATURE']);
    const seen: string[] = [];
    const hsm = createSigner({ keyId: 'k', sign: async (m) => { seen.push(m); return 'c2ln'; } });
    expect((await hsm(42))['KALSHI-ACCESS-SIGNATURE']).toBe('c2ln');
    expect(seen).toEqual(['42GET/trade-api/ws/v2']);
  });

  it('fails fast on a missing key id or an unusable key, without echoing it', () => {
    expect(() => createSigner({ keyId: ' ', privateKeyPem: keys.privateKeyPem })).toThrow(/keyId is required/);
    const pem = keys.privateKeyPem.replace(/[A-Za-z]{10}/, 'XXXXXXXXXX');
    let error: unknown;
    try { createSigner({ keyId: 'k', privateKeyPem: pem }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(KalshiAuthConfigError);
    expect(String((error as Error).message)).not.toContain(pem.split('\n')[2]!);
  });
});
