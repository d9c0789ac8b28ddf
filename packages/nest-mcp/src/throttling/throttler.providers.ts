import { Logger, type Provider } from '@nestjs/common';
import { getOptionsToken, getStorageToken, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { InMemoryThrottlerStorage } from '../stores/throttling/in-memory-throttler.storage.js';
import { MCP_MODULE_OPTIONS } from '../mcp.module-definition.js';
import type { McpModuleOptions } from '../mcp-options.interface.js';
import type { Redis } from 'ioredis';
import { RedisThrottlerStorage } from '../stores/throttling/redis-throttler.storage.js';
import { MCP_REDIS } from '../stores/redis/redis.tokens.js';
import { redisKeyPrefix } from '../stores/store.providers.js';

export const DEFAULT_RATE_LIMIT = { limit: 600, ttlMs: 60_000 };

/**
 * What `ThrottlerModule.forRoot` would provide, built from the MCP options
 * (the throttler sits inside this module, configured like the rest of it).
 */
export const throttlerProviders: Provider[] = [
  {
    provide: getOptionsToken(),
    inject: [MCP_MODULE_OPTIONS],
    useFactory: ({ rateLimit }: McpModuleOptions): ThrottlerModuleOptions => {
      if (rateLimit === false) new Logger('McpThrottler').warn('RATE LIMITING IS OFF: no caller is limited.');
      const { limit, ttlMs } = rateLimit || DEFAULT_RATE_LIMIT;
      return {
        throttlers: [{ name: 'default', limit, ttl: ttlMs }],
        // `rateLimit: false` turns limits off, on the endpoint and on tools alike.
        skipIf: () => rateLimit === false,
      };
    },
  },
  {
    provide: getStorageToken(),
    inject: [MCP_MODULE_OPTIONS, MCP_REDIS],
    useFactory: (options: McpModuleOptions, redis: Redis | null) =>
      (options.rateLimit && options.rateLimit.storage) ||
      (redis ? new RedisThrottlerStorage(redis, redisKeyPrefix(options)) : new InMemoryThrottlerStorage()),
  },
];
