import type { AuthInfo } from '@modelcontextprotocol/server';

/** Who is calling: the verified identity guards and handlers see. */
export interface McpPrincipal {
  subject: string;
  scopes: string[];
  roles: string[];
  /** `jwt` for bearer tokens, `api-key` for service keys. */
  via: 'jwt' | 'api-key';
  clientId?: string;
  /** The verified token's claims (empty for API keys). */
  claims: Record<string, unknown>;
}

/** Reads scopes from `scope` (space-separated) or `scp` (array or string), as IdPs differ. */
export function scopesOf(claims: Record<string, unknown>): string[] {
  const raw = claims.scope ?? claims.scp;
  if (Array.isArray(raw)) return raw.filter((scope): scope is string => typeof scope === 'string');
  return typeof raw === 'string' ? raw.split(' ').filter(Boolean) : [];
}

/** Reads roles from `roles` or Keycloak's `realm_access.roles`. */
export function rolesOf(claims: Record<string, unknown>): string[] {
  const realm = (claims.realm_access as { roles?: unknown } | undefined)?.roles;
  const raw = Array.isArray(claims.roles) ? claims.roles : Array.isArray(realm) ? realm : [];
  return raw.filter((role): role is string => typeof role === 'string');
}

export function principalFromClaims(claims: Record<string, unknown>): McpPrincipal {
  const clientId = claims.azp ?? claims.client_id;
  return {
    subject: String(claims.sub),
    scopes: scopesOf(claims),
    roles: rolesOf(claims),
    via: 'jwt',
    clientId: typeof clientId === 'string' ? clientId : undefined,
    claims,
  };
}

/** The SDK's `AuthInfo`, carrying the principal in `extra` for handlers (`ctx.principal`). */
export function toAuthInfo(principal: McpPrincipal, token: string, resource?: URL): AuthInfo {
  const exp = principal.claims.exp;
  return {
    token,
    clientId: principal.clientId ?? principal.subject,
    scopes: principal.scopes,
    ...(typeof exp === 'number' && { expiresAt: exp }),
    ...(resource && { resource }),
    extra: { principal },
  };
}
