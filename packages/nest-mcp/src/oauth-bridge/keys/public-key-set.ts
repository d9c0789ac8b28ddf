import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import type { BridgeKeyStore } from '../../stores/oauth/bridge-key.store.js';

/**
 * Verifies with the bridge's published keys, read in-process (no HTTP to
 * itself): the key that signs now and the retired ones whose tokens may
 * still be valid. Follows the store, so a rotation on any instance is seen.
 */
export function bridgeKeySet(store: BridgeKeyStore): JWTVerifyGetKey {
  let cached: { kids: string; keySet: JWTVerifyGetKey } | undefined;
  return async (header, token) => {
    const { keys } = await store.publicJwks();
    const kids = keys.map(({ kid }) => kid).join(' ');
    if (cached?.kids !== kids) cached = { kids, keySet: createLocalJWKSet({ keys }) };
    return cached.keySet(header, token);
  };
}
