import type { Redis } from 'ioredis';
import type { SessionRecord, SessionStore } from '../transport/session-store.js';
import { orUnavailable } from './store-unavailable.error.js';

/**
 * Only an existing record is updated, in one step: a session deleted meanwhile
 * stays deleted (an HSET after a separate EXISTS would bring it back, without a TTL).
 */
const UPDATE_IF_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], unpack(ARGV)) end
return 0
`;

/**
 * Session records as Redis hashes whose TTL is the session's idle expiry. No
 * write leaves a hash without one: `create` sets it in the same transaction,
 * `touch` (PEXPIRE) and `update` only change a hash that exists.
 */
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
    if (Object.keys(fields).length === 0) return Promise.resolve();
    return orUnavailable('session update', async () => {
      await this.redis.eval(UPDATE_IF_EXISTS, 1, this.key(id), ...Object.entries(fields).flat());
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
