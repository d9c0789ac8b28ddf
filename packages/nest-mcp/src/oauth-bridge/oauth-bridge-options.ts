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
  /**
   * How long a registered client lives unused, in seconds (each use renews
   * it); so does any entry stored without a lifetime of its own. Default 30 days.
   */
  registrationTtlSec?: number;
  /** Registered clients alive at once, across all instances. Default 10,000. */
  maxRegistrations?: number;
  /** Registrations one source address may make per `registrationWindowSec`, across all instances. Default 20. */
  maxRegistrationsPerAddress?: number;
  /** The window of `maxRegistrationsPerAddress`, in seconds. Default 3600. */
  registrationWindowSec?: number;
  /** The algorithm of the bridge's signing keys (its tokens). Default `ES256`. */
  signingAlgorithm?: 'ES256' | 'RS256';
  /**
   * How long a signing key signs, in seconds, before a new one takes over (once
   * for all instances); a retired key stays published, and accepted at the MCP
   * endpoint, until the tokens it signed have expired. Default 1 day.
   */
  signingKeyRotationSec?: number;
  /** Without `redis`: most entries the bridge keeps in memory (the oldest go first past it). Default 100,000. */
  maxEntriesInMemory?: number;
  /**
   * Development only: fetch Client ID Metadata Documents from private and
   * loopback addresses and over http. Default false.
   */
  allowPrivateMetadataFetch?: boolean;
}
