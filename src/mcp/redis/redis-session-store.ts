import type { Redis } from 'ioredis';
import type { SessionRecord, SessionStore } from '../transport/session-store.js';
import { orUnavailable } from './store-unavailable.error.js';

/** Session records as Redis hashes whose TTL is the session's idle expiry. */
export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  create(record: SessionRecord, ttlMs: number): Promise<void> {
    const key = this.key(record.id);
    return orUnavailable('session create', async () => {
      await this.redis
        .multi()
        .hset(key, {
          owner: record.owner ?? '',
          initialize: JSON.stringify(record.initialize),
          logLevel: record.logLevel ?? '',
          subscriptions: JSON.stringify(record.subscriptions),
        })
        .pexpire(key, ttlMs)
        .exec();
    });
  }

  load(id: string): Promise<SessionRecord | undefined> {
    return orUnavailable('session load', async () => {
      const fields = await this.redis.hgetall(this.key(id));
      if (!fields.initialize) return undefined;
      return {
        id,
        owner: fields.owner || undefined,
        initialize: JSON.parse(fields.initialize) as SessionRecord['initialize'],
        logLevel: (fields.logLevel || undefined) as SessionRecord['logLevel'],
        subscriptions: JSON.parse(fields.subscriptions ?? '[]') as string[],
      };
    });
  }

  touch(id: string, ttlMs: number): Promise<boolean> {
    return orUnavailable('session touch', async () => (await this.redis.pexpire(this.key(id), ttlMs)) === 1);
  }

  update(id: string, patch: Partial<Pick<SessionRecord, 'logLevel' | 'subscriptions'>>): Promise<void> {
    const fields: Record<string, string> = {};
    if (patch.logLevel !== undefined) fields.logLevel = patch.logLevel;
    if (patch.subscriptions !== undefined) fields.subscriptions = JSON.stringify(patch.subscriptions);
    return orUnavailable('session update', async () => {
      // Only an existing record is updated: a session deleted meanwhile stays deleted.
      if ((await this.redis.exists(this.key(id))) === 1) await this.redis.hset(this.key(id), fields);
    });
  }

  delete(id: string): Promise<void> {
    return orUnavailable('session delete', async () => {
      await this.redis.del(this.key(id));
    });
  }

  private key(id: string): string {
    return `${this.prefix}session:${id}`;
  }
}
