import type { JWK } from 'jose';

/** The asymmetric algorithms the bridge signs its tokens with. */
export type SigningKeyAlgorithm = 'ES256' | 'RS256';

/**
 * The OAuth bridge's signing keys. One key signs; it is rotated on a
 * schedule (`rotateSigningKeyEveryMs`): its successor signs from then on,
 * and it stays published until the tokens it signed have expired
 * (`signedTokenLifetimeMs`). In memory, the keys are this process's; in
 * Redis they are shared: one instance creates a key and the others adopt
 * it, and a rotation happens once for the whole cluster.
 */
export interface BridgeKeyStore {
  /**
   * The private JWKs (with `kid`, `alg`, `use: 'sig'`) for oidc-provider's
   * `jwks`: the key that signs now first, then the retired ones still
   * published. Rotates first when a rotation is due.
   */
  signingKeys(): Promise<JWK[]>;
  /** The public JWKS to serve at `jwks`: the same keys, without their private parts. */
  publicJwks(): Promise<{ keys: JWK[] }>;
}

/** Injection token of the `BridgeKeyStore`. */
export const MCP_BRIDGE_KEY_STORE = Symbol('MCP_BRIDGE_KEY_STORE');
