import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisInstanceLiveness } from '../src/stores/tasks/instance-liveness.js';
import { failFastRedis } from './support/oauth-state.js';
import { RedisServer } from './support/redis-server.js';

const LEASE_MS = 3_000;
const ready = (redis: Redis) => new Promise((resolve) => redis.once('ready', resolve));

/** Instance leases on a real Redis, through connections made as the module makes them (no offline queue). */
describe('instance leases in Redis', () => {
  const server = new RedisServer();
  let observer: Redis;
  const opened: Redis[] = [];
  const leases: RedisInstanceLiveness[] = [];

  beforeAll(async () => {
    await server.start();
    observer = failFastRedis(server.url);
    await ready(observer);
  });
  afterEach(async () => {
    await Promise.all(leases.splice(0).map((lease) => lease.release()));
    for (const redis of opened.splice(0)) redis.disconnect();
  });
  afterAll(async () => {
    observer.disconnect();
    await server.stop();
  });

  /** An instance's liveness over its own connection, created before that connection is up (as at boot). */
  const bootingInstance = () => {
    const redis = failFastRedis(server.url);
    opened.push(redis);
    const lease = new RedisInstanceLiveness(redis, 'l:', LEASE_MS);
    leases.push(lease);
    return { redis, lease };
  };
  const seenAlive = (id: string) => new RedisInstanceLiveness(observer, 'l:', LEASE_MS).isAlive(id);

  it('holds its lease as soon as its connection is ready, not a renewal later', async () => {
    const { redis, lease } = bootingInstance();
    await ready(redis);
    // A command sent now is served after the lease's write, as a task created now would be.
    await redis.ping();
    expect(await seenAlive(lease.id)).toBe(true);
  });

  it('takes its lease again at once when Redis comes back after losing it', async () => {
    const { redis, lease } = bootingInstance();
    await ready(redis);
    await redis.ping();
    await observer.flushall();
    expect(await seenAlive(lease.id)).toBe(false);
    redis.disconnect(true);
    await ready(redis);
    await redis.ping();
    expect(await seenAlive(lease.id)).toBe(true);
  });

  it('is dead for others once released (at shutdown)', async () => {
    const { redis, lease } = bootingInstance();
    await ready(redis);
    await redis.ping();
    await lease.release();
    expect(await seenAlive(lease.id)).toBe(false);
  });
});
