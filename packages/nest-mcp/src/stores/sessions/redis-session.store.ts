import type { Redis } from 'ioredis';
import type { SessionRecord, SessionStore } from './session.store.js';
import { orUnavailable } from '../store-unavailable.error.js';

/**
 * Only an existing record is updated, in one step: a session deleted meanwhile
 * stays deleted (an HSET after a separate EXISTS would bring it back, without a TTL).
 */
const UPDATE_IF_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], unpack(ARGV)) end
return 0
`;

/**
 * Creates a record with its expiry, and keeps its caller's sessions bounded:
 * each caller has a sorted set of its session ids by last use (expiring with
 * them); past `max`, the least recently used go, records and all. Returns the
 * ids that went. KEYS: record, caller's set. ARGV: ttl ms, now ms, max, id,
 * key prefix of records, then the record's fields and values.
 */
const CREATE = `
redis.call('HSET', KEYS[1], unpack(ARGV, 6))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[1]))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
local evicted = {}
if over > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #popped, 2 do
    redis.call('DEL', ARGV[5] .. popped[i])
    evicted[#evicted + 1] = popped[i]
  end
end
return evicted
`;

/**
 * Renews a record and its place in its caller's set (named in the record, not
 * by whoever presents the id). KEYS: record. ARGV: ttl ms, now ms, id, key
 * prefix of callers' sets. 0 when the record is gone.
 */
const TOUCH = `
if redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 0 then return 0 end
local tenant = redis.call('HGET', KEYS[1], 'tenant')
if tenant then
  redis.call('ZADD', ARGV[4] .. tenant, ARGV[2], ARGV[3])
  redis.call('PEXPIRE', ARGV[4] .. tenant, ARGV[1])
end
return 1
`;

/** Deletes a record and its place in its caller's set. KEYS: record. ARGV: id, key prefix of callers' sets. */
const DELETE = `
local tenant = redis.call('HGET', KEYS[1], 'tenant')
redis.call('DEL', KEYS[1])
if tenant then redis.call('ZREM', ARGV[2] .. tenant, ARGV[1]) end
return 0
`;

/**
 * Session records as Redis hashes whose TTL is the session's idle expiry. No
 * write leaves a hash without one: `create` sets it in the same script,
 * `touch` (PEXPIRE) and `update` only change a hash that exists. Each caller's
 * sessions are also bounded in number here, across instances (`create`).
 * (The scripts name keys built from the record's caller: a single Redis, or
 * a primary with replicas; not Redis Cluster.)
 */
export class RedisSessionStore implements SessionStore {
  private readonly scripts: SessionScripts;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    // Defined commands go by EVALSHA: a script is sent once, not with every request's touch.
    redis.defineCommand('mcpSessionCreate', { numberOfKeys: 2, lua: CREATE });
    redis.defineCommand('mcpSessionTouch', { numberOfKeys: 1, lua: TOUCH });
    redis.defineCommand('mcpSessionUpdate', { numberOfKeys: 1, lua: UPDATE_IF_EXISTS });
    redis.defineCommand('mcpSessionDelete', { numberOfKeys: 1, lua: DELETE });
    this.scripts = redis as unknown as SessionScripts;
  }

  create(record: SessionRecord, ttlMs: number, maxPerTenant: number): Promise<string[]> {
    const tenant = record.tenant ?? '';
    const fields = {
      owner: record.owner ?? '',
      tenant,
      initialize: JSON.stringify(record.initialize),
      logLevel: record.logLevel ?? '',
      subscriptions: JSON.stringify(record.subscriptions),
    };
    return orUnavailable('session create', async () => {
      const evicted = await this.scripts.mcpSessionCreate(
        this.key(record.id),
        this.tenantKey(tenant),
        ttlMs,
        Date.now(),
        maxPerTenant,
        record.id,
        this.key(''),
        ...Object.entries(fields).flat(),
      );
      return evicted as string[];
    });
  }

  load(id: string): Promise<SessionRecord | undefined> {
    return orUnavailable('session load', async () => {
      const fields = await this.redis.hgetall(this.key(id));
      if (!fields.initialize) return undefined;
      return {
        id,
        owner: fields.owner || undefined,
        tenant: fields.tenant || undefined,
        initialize: JSON.parse(fields.initialize) as SessionRecord['initialize'],
        logLevel: (fields.logLevel || undefined) as SessionRecord['logLevel'],
        subscriptions: JSON.parse(fields.subscriptions ?? '[]') as string[],
      };
    });
  }

  touch(id: string, ttlMs: number): Promise<boolean> {
    return orUnavailable(
      'session touch',
      async () => (await this.scripts.mcpSessionTouch(this.key(id), ttlMs, Date.now(), id, this.tenantKey(''))) === 1,
    );
  }

  update(id: string, patch: Partial<Pick<SessionRecord, 'logLevel' | 'subscriptions'>>): Promise<void> {
    const fields: Record<string, string> = {};
    if (patch.logLevel !== undefined) fields.logLevel = patch.logLevel;
    if (patch.subscriptions !== undefined) fields.subscriptions = JSON.stringify(patch.subscriptions);
    if (Object.keys(fields).length === 0) return Promise.resolve();
    return orUnavailable('session update', async () => {
      await this.scripts.mcpSessionUpdate(this.key(id), ...Object.entries(fields).flat());
    });
  }

  delete(id: string): Promise<void> {
    return orUnavailable('session delete', async () => {
      await this.scripts.mcpSessionDelete(this.key(id), id, this.tenantKey(''));
    });
  }

  private key(id: string): string {
    return `${this.prefix}session:${id}`;
  }

  private tenantKey(tenant: string): string {
    return `${this.prefix}sessions-of:${tenant}`;
  }
}

/** The scripts above as commands of the connection (`defineCommand`). */
interface SessionScripts {
  mcpSessionCreate(...keysAndArgs: (string | number)[]): Promise<unknown>;
  mcpSessionTouch(...keysAndArgs: (string | number)[]): Promise<unknown>;
  mcpSessionUpdate(...keysAndArgs: (string | number)[]): Promise<unknown>;
  mcpSessionDelete(...keysAndArgs: (string | number)[]): Promise<unknown>;
}
