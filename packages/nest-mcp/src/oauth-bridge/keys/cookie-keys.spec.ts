import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { cookieKeysOf } from './cookie-keys.js';

const signingKey = async (kid: string) => ({
  ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)),
  kid,
});

describe('cookieKeysOf', () => {
  it('derives one secret key per signing key, the same wherever the keys are shared', async () => {
    const ring = [await signingKey('new'), await signingKey('old')];
    const keys = cookieKeysOf(ring);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
    expect(cookieKeysOf(structuredClone(ring))).toEqual(keys);
    expect(Buffer.from(keys[0]!, 'base64url')).toHaveLength(32);
    expect(keys.join()).not.toContain(ring[0]!.d);
  });

  it('refuses a public key', async () => {
    const { d: _, ...publicOnly } = await signingKey('public');
    expect(() => cookieKeysOf([publicOnly])).toThrow(/no private part/);
  });
});
