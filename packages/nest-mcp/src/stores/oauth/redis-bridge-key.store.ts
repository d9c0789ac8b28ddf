import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { JWK } from 'jose';
import { orUnavailable, StoreUnavailableError } from '../store-unavailable.error.js';
import type { BridgeKeyStore } from './bridge-key.store.js';
import { whenReady } from '../request-state/redis-request-state-key.store.js';
import { oauthKeys } from './oauth-keys.js';
import type { OAuthStateLimits } from './oauth-state.limits.js';
import { publicJwk, ringTtlMs, rotated, rotationDue, type SigningKeyRing } from './signing-key-ring.js';

/** How long the rotating instance holds the lock at most (generating a key takes milliseconds; RSA, some more). */
const LOCK_MS = 5_000;
/** How often an instance waiting for another's rotation looks for the new key. */
const POLL_MS = 50;
/** How long an instance uses the ring it read before reading it again. */
const REREAD_MS = 10_000;
/** The first read (at boot, for the provider's keys) waits this long at most for the connection. */
const FIRST_CONNECTION_MS = 5_000;

/** Deletes the lock only if this instance still holds it (it may have expired and gone to another). */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * The bridge's signing keys in Redis, shared by every instance: the first
 * to need a key creates it, the others adopt it; when a rotation falls due,
 * one instance (holding a lock: SET NX with an expiry) creates the next key
 * and the others adopt it. The ring expires unless rotated (it outlives its
 * newest key's signing time by the tokens' lifetime). The private keys are
 * stored in Redis: protect it as you would the keys.
 */
export class RedisBridgeKeyStore implements BridgeKeyStore {
  private readonly keys: ReturnType<typeof oauthKeys>;
  private cached?: { ring: SigningKeyRing; readAt: number };

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly limits: OAuthStateLimits,
  ) {
    this.keys = oauthKeys(prefix);
  }

  async signingKeys(): Promise<JWK[]> {
    return (await this.current()).map(({ jwk }) => jwk);
  }

  async publicJwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.current()).map(({ jwk }) => publicJwk(jwk)) };
  }

  private async current(): Promise<SigningKeyRing> {
    const now = Date.now();
    const cached = this.cached;
    if (cached && now - cached.readAt < REREAD_MS && !rotationDue(cached.ring, this.limits, now)) return cached.ring;
    if (!cached) await whenReady(this.redis, FIRST_CONNECTION_MS);
    let ring = await this.read();
    if (rotationDue(ring, this.limits, now)) ring = await this.rotateOnce(ring);
    this.cached = { ring, readAt: now };
    return ring;
  }

  /** Rotates if this instance gets the lock; otherwise waits for the instance that got it, and adopts its key. */
  private async rotateOnce(seen: SigningKeyRing): Promise<SigningKeyRing> {
    const token = randomUUID();
    const lock = this.keys.signingKeysLock;
    const locked = await orUnavailable('signing key lock', () => this.redis.set(lock, token, 'PX', LOCK_MS, 'NX'));
    if (locked) {
      try {
        // Another instance may have rotated between our read and our lock.
        const ring = await this.read();
        if (!rotationDue(ring, this.limits)) return ring;
        const next = await rotated(ring, this.limits);
        const ttl = ringTtlMs(this.limits);
        await orUnavailable('signing key store', () =>
          this.redis.set(this.keys.signingKeys, JSON.stringify(next), 'PX', ttl),
        );
        return next;
      } finally {
        await this.redis.eval(RELEASE, 1, lock, token).catch(() => undefined);
      }
    }
    const newestSeen = seen[0]?.createdAt ?? -1;
    for (const giveUpAt = Date.now() + LOCK_MS; Date.now() < giveUpAt;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const ring = await this.read();
      if ((ring[0]?.createdAt ?? -1) > newestSeen) return ring;
    }
    // The rotating instance went away: the previous key still signs validly until a later call rotates.
    if (seen.length > 0) return seen;
    throw new StoreUnavailableError('signing key creation');
  }

  private async read(): Promise<SigningKeyRing> {
    const json = await orUnavailable('signing key read', () => this.redis.get(this.keys.signingKeys));
    return json ? (JSON.parse(json) as SigningKeyRing) : [];
  }
}
