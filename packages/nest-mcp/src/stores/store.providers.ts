import type { Provider } from '@nestjs/common';
import { InMemoryServerEventBus } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { McpMetrics } from '../observability/mcp-metrics.service.js';
import { timeRedisCommands } from '../observability/store-timing.js';
import { createStateCodec, MCP_REQUEST_STATE_CODEC } from '../protocol/request-state-codec.js';
import { sessionSettingsOf } from '../transport/session-settings.js';
import { MCP_EVENT_STORE, type McpEventStore } from './events/event.store.js';
import { InMemoryEventStore } from './events/in-memory-event.store.js';
import { RedisEventStore } from './events/redis-event.store.js';
import { MCP_NOTIFICATION_BUS } from './notifications/notification.bus.js';
import { RedisServerEventBus } from './notifications/redis-notification.bus.js';
import { connectRedis, connectSubscriber, redisKeyPrefix } from './redis/redis-connection.js';
import { MCP_REDIS } from './redis/redis.tokens.js';
import { StoreAvailability } from './redis/store-availability.js';
import { InMemoryRequestStateKeyStore } from './request-state/in-memory-request-state-key.store.js';
import { RedisRequestStateKeyStore } from './request-state/redis-request-state-key.store.js';
import { MCP_REQUEST_STATE_KEY_STORE, type RequestStateKeyStore } from './request-state/request-state-key.store.js';
import { InMemorySessionStore } from './sessions/in-memory-session.store.js';
import { RedisSessionStore } from './sessions/redis-session.store.js';
import { MCP_SESSION_STORE, type SessionStore } from './sessions/session.store.js';
import { InMemoryTaskStore } from './tasks/in-memory-task.store.js';
import { RedisTaskStore } from './tasks/redis-task.store.js';
import { taskStoreLimitsOf } from './tasks/task-records.js';
import { MCP_TASK_STORE, type TaskStore } from './tasks/task.store.js';
import { InMemoryTaskSignals, MCP_TASK_SIGNALS, type TaskSignals } from './tasks/task-signals.js';
import { RedisTaskSignals } from './tasks/redis-task-signals.js';
import {
  InMemoryInstanceLiveness,
  MCP_INSTANCE_LIVENESS,
  RedisInstanceLiveness,
  type InstanceLiveness,
} from './tasks/instance-liveness.js';
import {
  InMemoryCallsInFlightStore,
  MAX_CALL_RECORD_BYTES,
  MCP_CALLS_IN_FLIGHT,
  type CallsInFlightStore,
} from './calls/calls-in-flight.store.js';
import { RedisCallsInFlightStore } from './calls/redis-calls-in-flight.store.js';
import { InMemoryThrottlerStorage } from './throttling/in-memory-throttler.storage.js';
import { RedisThrottlerStorage } from './throttling/redis-throttler.storage.js';
import { MCP_THROTTLER_STORAGE, type McpThrottlerStorage } from './throttling/throttler.storage.js';

/** Each store's default: in Redis when `redis` is set, in memory otherwise (`stores` replaces any of them). */
function byDefault<T>(
  provide: symbol,
  inRedis: (redis: Redis, prefix: string, options: ResolvedMcpOptions) => T,
  inMemory: (options: ResolvedMcpOptions) => T,
): Provider {
  return {
    provide,
    inject: [MCP_REDIS, MCP_OPTIONS],
    useFactory: (redis: Redis | null, options: ResolvedMcpOptions) =>
      redis ? inRedis(redis, redisKeyPrefix(options), options) : inMemory(options),
  };
}

/** The shared stores' defaults, and the Redis connection they use when `redis` is configured. */
export const storeProviders: Provider[] = [
  { provide: StoreAvailability, useFactory: () => new StoreAvailability() },
  {
    provide: MCP_REDIS,
    inject: [MCP_OPTIONS, StoreAvailability, McpMetrics],
    useFactory: async (options: ResolvedMcpOptions, availability: StoreAvailability, metrics: McpMetrics) => {
      if (!options.redis) return null;
      const redis = await connectRedis(options.redis, availability);
      timeRedisCommands(redis, redisKeyPrefix(options), metrics);
      return redis;
    },
  },
  {
    provide: MCP_SESSION_STORE,
    inject: [MCP_REDIS, MCP_OPTIONS, MCP_EVENT_STORE],
    useFactory: (redis: Redis | null, options: ResolvedMcpOptions, events: McpEventStore): SessionStore => {
      if (redis) return new RedisSessionStore(redis, redisKeyPrefix(options));
      const { maxSessions, sweepEveryMs } = sessionSettingsOf(options);
      // A session over everywhere takes its events along (Redis expires both by itself).
      const onExpired = (id: string) => void events.forgetSession(id).catch(() => undefined);
      return new InMemorySessionStore({ maxSessions, sweepEveryMs, onExpired });
    },
  },
  {
    provide: MCP_EVENT_STORE,
    inject: [MCP_REDIS, MCP_OPTIONS, McpMetrics],
    useFactory: (redis: Redis | null, options: ResolvedMcpOptions, metrics: McpMetrics) => {
      if (redis) return new RedisEventStore(redis, redisKeyPrefix(options), options.eventStoreLimits);
      const store = new InMemoryEventStore(options.eventStoreLimits);
      metrics.eventStoreSize = () => store.bytes;
      return store;
    },
  },
  byDefault<TaskStore>(
    MCP_TASK_STORE,
    (redis, prefix, options) => new RedisTaskStore(redis, prefix, taskStoreLimitsOf(options)),
    (options) =>
      new InMemoryTaskStore({
        ...taskStoreLimitsOf(options),
        maxBytes: options.taskLimits.maxTaskBytesInMemory,
      }),
  ),
  {
    provide: MCP_TASK_SIGNALS,
    inject: [MCP_REDIS, MCP_OPTIONS, StoreAvailability],
    useFactory: (redis: Redis | null, options: ResolvedMcpOptions, availability: StoreAvailability): TaskSignals =>
      redis
        ? new RedisTaskSignals(
            redis,
            connectSubscriber(redis, 'mcp-task-signals', availability),
            redisKeyPrefix(options),
          )
        : new InMemoryTaskSignals(),
  },
  byDefault<InstanceLiveness>(
    MCP_INSTANCE_LIVENESS,
    (redis, prefix, options) => new RedisInstanceLiveness(redis, prefix, options.taskLimits.instanceLeaseMs),
    () => new InMemoryInstanceLiveness(),
  ),
  byDefault<CallsInFlightStore>(
    MCP_CALLS_IN_FLIGHT,
    (redis, prefix, options) =>
      new RedisCallsInFlightStore(redis, prefix, {
        maxPerSession: options.maxCallsInFlightPerPrincipal,
        maxRecordBytes: MAX_CALL_RECORD_BYTES,
        ttlMs: options.sessionTtlMs,
      }),
    (options) =>
      new InMemoryCallsInFlightStore({
        maxPerSession: options.maxCallsInFlightPerPrincipal,
        maxRecordBytes: MAX_CALL_RECORD_BYTES,
      }),
  ),
  byDefault<McpThrottlerStorage>(
    MCP_THROTTLER_STORAGE,
    (redis, prefix) => new RedisThrottlerStorage(redis, prefix),
    () => new InMemoryThrottlerStorage(),
  ),
  {
    provide: MCP_NOTIFICATION_BUS,
    inject: [MCP_REDIS, MCP_OPTIONS, StoreAvailability],
    useFactory: (redis: Redis | null, options: ResolvedMcpOptions, availability: StoreAvailability) =>
      redis
        ? new RedisServerEventBus(
            redis,
            connectSubscriber(redis, 'mcp-subscriber', availability),
            redisKeyPrefix(options),
          )
        : new InMemoryServerEventBus(),
  },
  byDefault<RequestStateKeyStore>(
    MCP_REQUEST_STATE_KEY_STORE,
    (redis, prefix) => new RedisRequestStateKeyStore(redis, prefix),
    () => new InMemoryRequestStateKeyStore(),
  ),
  {
    provide: MCP_REQUEST_STATE_CODEC,
    inject: [MCP_OPTIONS, MCP_REQUEST_STATE_KEY_STORE],
    useFactory: async (options: ResolvedMcpOptions, keys: RequestStateKeyStore) =>
      createStateCodec({
        // The key store is asked only when no key is configured.
        key: options.requestStateKey ?? (await keys.sharedKey()),
        previousKey: options.requestStatePreviousKey,
        ttlMs: options.requestStateTtlMs,
      }),
  },
];
