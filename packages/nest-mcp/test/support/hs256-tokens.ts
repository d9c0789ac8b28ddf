import { SignJWT } from 'jose';
import type { RunningMcpApp } from '../../src/testing/index.js';
import { startSecure } from './secure-app.js';

export const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
export const ISSUER = 'https://idp.test';

/** Signs `claims` as HS256 from ISSUER, as they are: specs leave out `sub` or `aud` on purpose. */
export const hs256 = (claims: Record<string, unknown>, secret = SECRET, expiresIn: string | number = '5m') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));

export interface Hs256App {
  running: RunningMcpApp;
  resource: string;
  /** A token for alice with `notes:read` on this app, `claims` overriding. */
  token: (claims?: Record<string, unknown>) => Promise<string>;
}

/** The secure fixture checking HS256 tokens (SECRET, ISSUER) and one API key (ci-bot, notes:read). */
export async function startHs256(): Promise<Hs256App> {
  const { running, resource } = await startSecure({
    mode: 'jwt',
    secret: SECRET,
    issuer: ISSUER,
    apiKeys: [{ subject: 'ci-bot', key: 'sk_test_0123456789abcdef', scopes: ['notes:read'] }],
  });
  const token = (claims: Record<string, unknown> = {}) =>
    hs256({ sub: 'alice', aud: resource, scope: 'notes:read', ...claims });
  return { running, resource, token };
}
