/** A service-to-service caller: its key maps to a principal with fixed scopes. */
export interface ApiKeyEntry {
  subject: string;
  key: string;
  scopes: string[];
}

/** How the MCP endpoint authenticates callers (an OAuth 2.1 resource server). */
export interface McpAuthOptions {
  /** `none` turns authentication off (loudly); `jwt` requires a bearer token or API key. */
  mode: 'jwt' | 'none';
  /** HS256 shared secret. Never combined with an asymmetric key. */
  secret?: string;
  /** PEM public key (RSA, EC or Ed25519); the algorithms follow the key type. */
  publicKey?: string;
  /** The identity provider's JWKS: cached, refetched (rate-limited) when an unknown `kid` arrives. */
  jwksUrl?: string;
  /** Least time between two JWKS fetches (an unknown `kid` waits for it). Default 10 s. */
  jwksCooldownMs?: number;
  /** Required `iss`. */
  issuer?: string;
  /** Required `aud`; defaults to `resourceUrl`. */
  audience?: string | string[];
  /**
   * Canonical URL of this MCP endpoint (RFC 8707 / RFC 9728 `resource`). Default:
   * the endpoint's URL on the address the server listens on
   * (`http://127.0.0.1:<port>/mcp`), never one taken from a request's `Host`.
   * Set it wherever clients reach the server by another name (a proxy, a domain).
   */
  resourceUrl?: string;
  /** Listed in the protected-resource metadata; defaults to the issuer. */
  authorizationServers?: string[];
  apiKeys?: ApiKeyEntry[];
  /**
   * Required JWS `typ` (e.g. `at+jwt`, RFC 9068), compared case-insensitively
   * with or without `application/`. Unset: any `typ`, or none.
   */
  tokenType?: string;
  /** Accepted clock skew for `exp`/`nbf`, in seconds. Default 30. */
  clockToleranceSec?: number;
}
