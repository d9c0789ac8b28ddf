/** One stored entry of the bridge's authorization server (a client, code, grant, session, token...). */
export type OAuthPayload = Record<string, unknown> & {
  grantId?: string;
  uid?: string;
  userCode?: string;
  consumed?: unknown;
};

/**
 * Storage of one model of the bridge's authorization server: oidc-provider's
 * adapter interface (`Client`, `AuthorizationCode`, `Grant`, `Session`,
 * `RefreshToken`, `Interaction`... and the bridge's own `UpstreamLogin`,
 * `UpstreamIdentity`). Every entry expires: `expiresIn` (seconds) is always given.
 */
export interface OAuthAdapter {
  upsert(id: string, payload: OAuthPayload, expiresIn: number): Promise<void>;
  find(id: string): Promise<OAuthPayload | undefined>;
  findByUid(uid: string): Promise<OAuthPayload | undefined>;
  findByUserCode(userCode: string): Promise<OAuthPayload | undefined>;
  /** Marks the entry used (a code, a rotated refresh token): finding it again shows `consumed`. */
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  /** Drops every entry of this model that belongs to the grant (revocation everywhere at once). */
  revokeByGrantId(grantId: string): Promise<void>;
}

/**
 * Makes the adapter of a model (oidc-provider calls it once per model name).
 * Default: in memory (`InMemoryOAuthAdapters`); `stores.oauthAdapter` replaces it
 * (Redis, so that a flow begun on one instance finishes on another).
 */
export type OAuthAdapterFactory = (model: string) => OAuthAdapter;

/** Injection token of the `OAuthAdapterFactory`. */
export const MCP_OAUTH_ADAPTER = Symbol('MCP_OAUTH_ADAPTER');
