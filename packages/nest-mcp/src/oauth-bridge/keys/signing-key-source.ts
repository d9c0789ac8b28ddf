import type { JWK } from 'jose';

/** The bridge's secrets: what signs its tokens and its cookies. */
export interface OAuthBridgeKeys {
  /** Private JWKs (with `kid` and `alg`), newest first: the first signs, all are published at `/oauth/jwks`. */
  signing: JWK[];
  /** Keys of the signed cookies of a sign-in in progress, newest first. */
  cookies: string[];
}

/**
 * Where the bridge's keys come from, read when the bridge starts. Every
 * instance behind one balancer must get the same keys (a token signed by one
 * is verified by all). Default: generated per process (`InMemoryOAuthKeySource`);
 * `stores.oauthKeys` replaces it (Redis shares them and rotates them).
 */
export interface OAuthKeySource {
  keys(): Promise<OAuthBridgeKeys>;
}

/** Injection token of the `OAuthKeySource`. */
export const MCP_OAUTH_KEYS = Symbol('MCP_OAUTH_KEYS');
