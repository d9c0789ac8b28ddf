import { randomBytes } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import { InMemoryServerEventBus } from '@modelcontextprotocol/server';
import { Redis } from 'ioredis';
import { MCP_MODULE_OPTIONS } from '../mcp.module-definition.js';
import type { McpModuleOptions } from '../mcp-options.interface.js';
import { createStateCodec, DEFAULT_REQUEST_STATE_TTL_MS } from '../protocol/request-state-codec.js';
import { McpMetrics } from '../observability/mcp-metrics.service.js';
import { InMemoryEventStore } from './events/in-memory-event.store.js';
import { RedisServerEventBus } from './notifications/redis-notification.bus.js';
import { RedisEventStore } from './events/redis-event.store.js';
import { RedisSessionStore } from './sessions/redis-session.store.js';
import { StoreAvailability } from './redis/store-availability.js';
import {
  MCP_EVENT_BUS,
  MCP_EVENT_STORE,
  MCP_REDIS,
  MCP_REQUEST_STATE_CODEC,
  MCP_SESSION_STORE,
} from './redis/redis.tokens.js';

/** What every Redis key and channel of this app starts with. */
export const redisKeyPrefix = (options: McpModuleOptions) => options.redis?.keyPrefix ?? 'mcp:';

/** How long a Redis command may go unanswered before it fails (and its request gets a 503). */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 1_000;

/**
 * The command connection, which fails fast: every command has a deadline
 * (ioredis's `commandTimeout`), there is no offline queue and one retry, so a
 * request that needs Redis while it is down or stalled gets a 503 within the
 * deadline instead of hanging; the client reconnects by itself when Redis is back.
 */
export function connectRedis(
  { url, commandTimeoutMs = DEFAULT_REDIS_COMMAND_TIMEOUT_MS }: NonNullable<McpModuleOptions['redis']>,
  availability: StoreAvailability,
): Redis {
  const redis = new Redis(url, {
    connectionName: 'mcp',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  availability.watchCommands(redis);
  return redis;
}

/**
 * A pub/sub connection beside the command one. No command deadline: it waits
 * for messages, not answers, and its SUBSCRIBE may wait (queued) for the
 * connection; ioredis subscribes again by itself after a reconnection.
 */
export function connectSubscriber(redis: Redis, name: string, availability: StoreAvailability): Redis {
  const subscriber = redis.duplicate({ connectionName: name, enableOfflineQueue: true, commandTimeout: undefined });
  availability.watchConnection(subscriber);
  return subscriber;
}

/** The shared stores when `redis` is configured, their in-memory forms otherwise. */
export const storeProviders: Provider[] = [
  { provide: StoreAvailability, useFactory: () => new StoreAvailability() },
  {
    provide: MCP_REDIS,
    inject: [MCP_MODULE_OPTIONS, StoreAvailability],
    useFactory: ({ redis }: McpModuleOptions, availability: StoreAvailability) =>
      redis ? connectRedis(redis, availability) : null,
  },
  {
    provide: MCP_SESSION_STORE,
    inject: [MCP_REDIS, MCP_MODULE_OPTIONS],
    useFactory: (redis: Redis | null, options: McpModuleOptions) =>
      redis ? new RedisSessionStore(redis, redisKeyPrefix(options)) : null,
  },
  {
    provide: MCP_EVENT_STORE,
    inject: [MCP_REDIS, MCP_MODULE_OPTIONS, McpMetrics],
    useFactory: (redis: Redis | null, options: McpModuleOptions, metrics: McpMetrics) => {
      const store =
        options.eventStore ??
        (redis
          ? new RedisEventStore(redis, redisKeyPrefix(options), options.eventStoreLimits)
          : new InMemoryEventStore(options.eventStoreLimits));
      if (store instanceof InMemoryEventStore) metrics.eventStoreSize = () => store.bytes;
      return store;
    },
  },
  {
    provide: MCP_EVENT_BUS,
    inject: [MCP_REDIS, MCP_MODULE_OPTIONS, StoreAvailability],
    useFactory: (redis: Redis | null, options: McpModuleOptions, availability: StoreAvailability) =>
      redis
        ? new RedisServerEventBus(
            redis,
            connectSubscriber(redis, 'mcp-subscriber', availability),
            redisKeyPrefix(options),
          )
        : new InMemoryServerEventBus(),
  },
  {
    provide: MCP_REQUEST_STATE_CODEC,
    inject: [MCP_REDIS, MCP_MODULE_OPTIONS],
    useFactory: async (redis: Redis | null, options: McpModuleOptions) =>
      createStateCodec({
        key:
          options.requestStateKey ?? (redis ? await sharedStateKey(redis, redisKeyPrefix(options)) : randomBytes(32)),
        previousKey: options.requestStatePreviousKey,
        ttlMs: options.requestStateTtlMs ?? DEFAULT_REQUEST_STATE_TTL_MS,
      }),
  },
];

/**
 * Every instance must verify the `requestState` any other one signed: the
 * first instance to boot stores a random key in Redis, the others read it.
 * The app's one key without a TTL: a single key of fixed size, never one per
 * client or request (every other key expires).
 */
async function sharedStateKey(redis: Redis, prefix: string): Promise<string> {
  await whenReady(redis, 5_000);
  const key = `${prefix}request-state-key`;
  await redis.set(key, randomBytes(32).toString('base64url'), 'NX').catch(() => undefined);
  // Redis unreachable at boot: fall back to a process key (multi-round flows then stay on one instance).
  const shared = (await redis.get(key).catch(() => null)) ?? randomBytes(32).toString('base64url');
  // A Redis restarted without persistence forgets the key: put ours back, so instances booting later agree.
  redis.on('ready', () => void redis.set(key, shared, 'NX').catch(() => undefined));
  return shared;
}

/** Waits (bounded) for the first connection, so boot-time reads do not race it. */
function whenReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
