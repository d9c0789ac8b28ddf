/** The variables that give the server a way to tell its callers apart (any one of them is enough). */
interface CredentialVariables {
  MCP_AUTH?: 'jwt' | 'none';
  MCP_JWT_SECRET?: string;
  MCP_JWT_PUBLIC_KEY?: string;
  MCP_JWKS_URL?: string;
  MCP_API_KEYS?: unknown;
  MCP_OAUTH_UPSTREAM_ISSUER?: string;
}

/** Whether any credential is configured: a JWT key or key set, API keys, or the OAuth bridge. */
export const hasCredential = (env: CredentialVariables): boolean =>
  Boolean(
    env.MCP_JWT_SECRET ||
    env.MCP_JWT_PUBLIC_KEY ||
    env.MCP_JWKS_URL ||
    env.MCP_API_KEYS ||
    env.MCP_OAUTH_UPSTREAM_ISSUER,
  );

/** `MCP_AUTH` as set, else on (`jwt`) exactly when a credential is configured. */
export const authModeOf = (env: CredentialVariables): 'jwt' | 'none' =>
  env.MCP_AUTH ?? (hasCredential(env) ? 'jwt' : 'none');
