import { createLocalJWKSet, type JWK, type JWTVerifyGetKey } from 'jose';
import type { OAuthKeySource } from './signing-key-source.js';

/** The members of a private JWK that are secret. */
const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']);

export const publicJwk = (jwk: JWK): JWK =>
  Object.fromEntries(Object.entries(jwk).filter(([member]) => !PRIVATE_MEMBERS.has(member))) as JWK;

/** Verifies with the bridge's published keys, read in-process (no HTTP to itself). */
export function bridgeKeySet(source: OAuthKeySource): JWTVerifyGetKey {
  let keySet: Promise<JWTVerifyGetKey> | undefined;
  return async (header, token) => {
    keySet ??= source.keys().then(({ signing }) => createLocalJWKSet({ keys: signing.map(publicJwk) }));
    return (await keySet)(header, token);
  };
}
