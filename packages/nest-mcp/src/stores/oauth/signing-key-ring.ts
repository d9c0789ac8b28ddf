import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { OAuthStateLimits } from './oauth-state.limits.js';

/** One signing key, and when it started signing. */
export interface SigningKeyRecord {
  createdAt: number;
  /** The private JWK, with `kid`, `alg` and `use`. */
  jwk: JWK;
}

/** The keys published, the one that signs first. */
export type SigningKeyRing = SigningKeyRecord[];

type RotationPolicy = Pick<OAuthStateLimits, 'signingAlgorithm' | 'rotateSigningKeyEveryMs' | 'signedTokenLifetimeMs'>;

/** No key yet, or the signing one has signed its time. */
export const rotationDue = (ring: SigningKeyRing, policy: RotationPolicy, now = Date.now()): boolean =>
  ring.length === 0 || now - ring[0]!.createdAt >= policy.rotateSigningKeyEveryMs;

/**
 * The ring after a rotation: a new key signs; a retired key stays while a
 * token it signed may still be valid (it stopped signing when its successor
 * was created).
 */
export async function rotated(ring: SigningKeyRing, policy: RotationPolicy, now = Date.now()): Promise<SigningKeyRing> {
  const next = [await newSigningKey(policy.signingAlgorithm, now), ...ring];
  return next.filter((_, i) => i === 0 || next[i - 1]!.createdAt + policy.signedTokenLifetimeMs > now);
}

/** How long a ring is worth keeping from `now` (its newest key's signing time, then its tokens' lifetime). */
export const ringTtlMs = (policy: RotationPolicy): number =>
  policy.rotateSigningKeyEveryMs + policy.signedTokenLifetimeMs;

async function newSigningKey(alg: RotationPolicy['signingAlgorithm'], now: number): Promise<SigningKeyRecord> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { createdAt: now, jwk: { ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: 'sig' } };
}

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e', 'kid', 'alg', 'use'] as const;

/** The key without its private parts. */
export function publicJwk(jwk: JWK): JWK {
  const published: JWK = {};
  for (const member of PUBLIC_MEMBERS) if (jwk[member] !== undefined) published[member] = jwk[member];
  return published;
}
