import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RequestStateKeyStore } from './request-state-key.store.js';

/**
 * Every instance must verify the `requestState` any other one signed: the
 * first instance to boot stores a random key in Redis, the others read it.
 * The app's one key without a TTL: a single key of fixed size, never one per
 * client or request (every other key expires).
 */
export class RedisRequestStateKeyStore implements RequestStateKeyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async sharedKey(): Promise<string> {
    const redis = this.redis;
    await whenReady(redis, 5_000);
    const key = `${this.prefix}request-state-key`;
    await redis.set(key, randomBytes(32).toString('base64url'), 'NX').catch(() => undefined);
    // Redis unreachable at boot: fall back to a process key (multi-round flows then stay on one instance).
    const shared = (await redis.get(key).catch(() => null)) ?? randomBytes(32).toString('base64url');
    // A Redis restarted without persistence forgets the key: put ours back, so instances booting later agree.
    redis.on('ready', () => void redis.set(key, shared, 'NX').catch(() => undefined));
    return shared;
  }
}

/** Waits (bounded) for the first connection, so boot-time reads do not race it. */
export function whenReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
