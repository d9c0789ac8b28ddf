import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { OAuthBridgeKeys } from './signing-key-source.js';

/** The algorithm of the bridge's tokens. */
export const BRIDGE_SIGNING_ALG = 'ES256';

/** A new private signing JWK, named by a random `kid`. */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(BRIDGE_SIGNING_ALG, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: BRIDGE_SIGNING_ALG, use: 'sig' };
}

/** A fresh set: one signing key, one cookie key. */
export async function generateBridgeKeys(): Promise<OAuthBridgeKeys> {
  return { signing: [await generateSigningKey()], cookies: [randomBytes(32).toString('base64url')] };
}
