import type { Redis } from 'ioredis';
import type { ResolvedMcpOptions } from '../../options/mcp-options.schema.js';
import type { StoreAvailability } from './store-availability.js';

/** What every Redis key and channel of this app starts with. */
export const redisKeyPrefix = ({ redis }: ResolvedMcpOptions): string => redis?.keyPrefix ?? '';

/**
 * The command connection, which fails fast: every command has a deadline
 * (ioredis's `commandTimeout`), there is no offline queue and one retry, so a
 * request that needs Redis while it is down or stalled gets a 503 within the
 * deadline instead of hanging; the client reconnects by itself when Redis is back.
 * ioredis is an optional peer, loaded only here: an app without Redis needs none.
 */
export async function connectRedis(
  { url, commandTimeoutMs }: NonNullable<ResolvedMcpOptions['redis']>,
  availability: StoreAvailability,
): Promise<Redis> {
  const { Redis } = await loadIoredis();
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

async function loadIoredis(): Promise<{ Redis: typeof Redis }> {
  try {
    return await import('ioredis');
  } catch (error) {
    throw new Error(
      `McpModule: the option \`redis\` is set but the package "ioredis" cannot be loaded (${(error as Error).message}); ` +
        'install it (npm install ioredis), or leave `redis` unset to keep the stores in memory',
    );
  }
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
