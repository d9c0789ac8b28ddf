import type { Request, Response } from 'express';
import { callerKeyOf } from '../auth/caller-key.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import type { McpThrottlerStorage } from '../stores/throttling/throttler.storage.js';

/**
 * The endpoint's rate limit (`rateLimit`), counted in the same storage, on
 * the bridge's routes too: they are served before Nest's guards, and every
 * authorization request leaves an interaction behind (for its lifetime), so
 * without it an anonymous client could make the bridge hold as many as it
 * can send.
 */
export class BridgeRateLimit {
  constructor(
    private readonly storage: McpThrottlerStorage,
    private readonly rateLimit: ResolvedMcpOptions['rateLimit'],
  ) {}

  /** Counts the request; past the limit, answers 429 with `Retry-After` and returns false. */
  async admits(req: Request, res: Response): Promise<boolean> {
    if (!this.rateLimit) return true;
    const { limit, ttlMs } = this.rateLimit;
    const { totalHits, timeToExpire } = await this.storage.increment(callerKeyOf(req), ttlMs, limit, 0, 'oauth-bridge');
    if (totalHits <= limit) return true;
    res.status(429).set('Retry-After', String(timeToExpire)).type('text').send('Too many requests; try again later.');
    return false;
  }
}
