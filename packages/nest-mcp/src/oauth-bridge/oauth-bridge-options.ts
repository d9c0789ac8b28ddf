/** The company's OpenID provider the bridge signs users in with (one confidential client registered there). */
export interface McpOAuthUpstreamOptions {
  /** Its issuer; the rest is found by OpenID Connect discovery. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the bridge asks the IdP for. Default `openid profile email`. */
  scopes?: string[];
}

/**
 * The OAuth bridge: an authorization server at this server's origin that MCP
 * clients register with (DCR or Client ID Metadata Documents), which signs the
 * user in at `upstream`, asks their consent per client, and issues its own
 * short-lived tokens for this endpoint. Setting it turns auth on; bearer
 * tokens are then only the bridge's (API keys still work).
 */
export interface McpOAuthBridgeOptions {
  upstream: McpOAuthUpstreamOptions;
  /**
   * Scopes that only some users get, by upstream ID-token claim:
   * `{ 'notes:write': { groups: ['editors'] } }` grants `notes:write` to users
   * whose `groups` claim (an array or a string) holds `editors`. A scope not
   * named here is granted to any user whose client asks for it.
   */
  scopeClaims?: Record<string, Record<string, string[]>>;
  /** Lifetime of the bridge's access tokens, in seconds. Default 300. */
  accessTokenTtlSec?: number;
  /** Lifetime of its refresh tokens (each use rotates them), in seconds. Default 14 days. */
  refreshTokenTtlSec?: number;
  /** How long a dynamically registered client lives, in seconds. Default 30 days. */
  registrationTtlSec?: number;
  /** Registrations alive at once. Default 10,000. */
  maxRegistrations?: number;
  /** Registrations one address may make per hour. Default 20. */
  maxRegistrationsPerAddress?: number;
  /**
   * Development only: fetch Client ID Metadata Documents from private and
   * loopback addresses and over http. Default false.
   */
  allowPrivateMetadataFetch?: boolean;
}
