import { SignJWT } from 'jose';

/** Who a development or test token speaks for. */
export interface DevTokenClaims {
  /** `sub`. Default `test-user`. */
  sub?: string;
  /** Granted scopes (the `scope` claim). */
  scopes?: string[];
  /** Roles (the `roles` claim), for `@Roles`. */
  roles?: string[];
  /** Any other claims (`tenant`, `azp`, …); `iss`, `aud`, `iat` and `exp` come from the app. */
  claims?: Record<string, unknown>;
  /** Lifetime: seconds, or a span such as `'5m'`. Default `'5m'`. */
  ttl?: number | string;
}

/** What the server checks a token against: its HS256 secret, audience, issuer and `typ`. */
export interface DevTokenKey {
  secret: string;
  audience: string;
  issuer?: string;
  type?: string;
}

/** An HS256 token the server holding `key.secret` accepts (the token CLI and the testing helpers). */
export function signDevToken(key: DevTokenKey, request: DevTokenClaims = {}): Promise<string> {
  const { sub = 'test-user', scopes = [], roles = [], claims = {}, ttl = '5m' } = request;
  const payload: Record<string, unknown> = { ...claims, sub };
  if (scopes.length > 0) payload.scope = scopes.join(' ');
  if (roles.length > 0) payload.roles = roles;
  let token = new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', ...(key.type && { typ: key.type }) })
    .setAudience(key.audience)
    .setIssuedAt()
    .setExpirationTime(typeof ttl === 'number' ? `${ttl}s` : ttl);
  if (key.issuer) token = token.setIssuer(key.issuer);
  return token.sign(new TextEncoder().encode(key.secret));
}
