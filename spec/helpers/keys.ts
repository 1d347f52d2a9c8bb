import { generateKeyPairSync } from 'node:crypto';

let cached: { privateKeyPem: string; publicKeyPem: string; pkcs1Pem: string } | undefined;

/** A test RSA key pair (generated once per test file). */
export function testKeys() {
  if (cached !== undefined) return cached;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  cached = {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    pkcs1Pem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  return cached;
}
