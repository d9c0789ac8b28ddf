import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';

/**
 * The rate-limit counters: `@nestjs/throttler`'s `ThrottlerStorage`, behind
 * the endpoint's limit and tools' `@Throttle`. Defaults: a fixed window per
 * key in memory, or in Redis when `redis` is set; plug your own with
 * `stores: { throttler: ... }`.
 *
 * Contract of `increment(key, ttl, limit, blockDuration, throttlerName)`:
 * counts one hit of `key` (under that throttler's name) and returns the hits
 * of the current window, atomically (concurrent hits on any instance are each
 * counted once). A window lasts `ttl` ms from its first hit; once its hits
 * pass `limit` the key is blocked for `blockDuration` ms. Every key expires
 * (its window, its block): no caller leaves state behind. Times returned are
 * in seconds, rounded up. A store that cannot answer throws (best:
 * `StoreUnavailableError`: 503).
 */
export type McpThrottlerStorage = ThrottlerStorage;

/** Injection token of the `ThrottlerStorage` (`@nestjs/throttler`'s own, so its guard finds it). */
export const MCP_THROTTLER_STORAGE: symbol = getStorageToken() as symbol;
