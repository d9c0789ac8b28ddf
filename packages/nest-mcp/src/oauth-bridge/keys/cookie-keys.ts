import { hkdfSync } from 'node:crypto';
import type { JWK } from 'jose';

const COOKIE_KEY_INFO = 'nest-mcp oauth bridge cookies';

/**
 * The keys of the bridge's signed cookies (oidc-provider's `cookies.keys`),
 * derived with HKDF-SHA256 from the private part of each signing key, newest
 * first: every instance sharing the key store derives the same keys, and a
 * cookie signed before a rotation verifies while its signing key is kept.
 */
export function cookieKeysOf(signingKeys: JWK[]): string[] {
  return signingKeys.map((jwk) => {
    const secret = jwk.d;
    if (!secret) throw new Error(`the bridge's signing key ${jwk.kid ?? ''} has no private part`);
    return Buffer.from(
      hkdfSync('sha256', Buffer.from(secret, 'base64url'), jwk.kid ?? '', COOKIE_KEY_INFO, 32),
    ).toString('base64url');
  });
}
