import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { orUnavailable } from '../store-unavailable.error.js';
import type { CallInFlight, CallsInFlightLimits, CallsInFlightStore } from './calls-in-flight.store.js';

/**
 * Records a stream unless its session is at its bound, and renews the
 * session's expiry. KEYS: the session's hash. ARGV: stream id, record, max
 * per session, ttl ms. 1 when recorded, 0 when refused.
 */
const BEGIN = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

interface BeginScript {
  mcpCallBegin(key: string, streamId: string, record: string, max: number, ttlMs: number): Promise<number>;
}

/**
 * The calls in flight of every instance, one hash per session (stream id ->
 * record) that expires with the session, so a record left by an instance
 * that died and was never resumed goes by itself.
 */
export class RedisCallsInFlightStore implements CallsInFlightStore {
  private readonly logger = new Logger('McpCallsInFlight');
  private readonly script: BeginScript;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: CallsInFlightLimits,
  ) {
    redis.defineCommand('mcpCallBegin', { numberOfKeys: 1, lua: BEGIN });
    this.script = redis as unknown as BeginScript;
  }

  begin(sessionId: string, streamId: string, call: CallInFlight): void {
    const record = JSON.stringify(call);
    if (record.length > this.limits.maxRecordBytes) return;
    const { maxPerSession, ttlMs } = this.limits;
    this.script
      .mcpCallBegin(this.key(sessionId), streamId, record, maxPerSession, ttlMs)
      .catch((error: Error) => this.logger.debug(`call not recorded: ${error.message}`));
  }

  end(sessionId: string, streamId: string): void {
    this.redis
      .hdel(this.key(sessionId), streamId)
      .catch((error: Error) => this.logger.debug(`call not forgotten: ${error.message}`));
  }

  async find(sessionId: string, streamId: string): Promise<CallInFlight | undefined> {
    const record = await orUnavailable('call lookup', () => this.redis.hget(this.key(sessionId), streamId));
    return record === null ? undefined : (JSON.parse(record) as CallInFlight);
  }

  take(sessionId: string, streamId: string): Promise<boolean> {
    return orUnavailable('call take', async () => (await this.redis.hdel(this.key(sessionId), streamId)) === 1);
  }

  forgetSession(sessionId: string): Promise<void> {
    return orUnavailable('call cleanup', async () => void (await this.redis.del(this.key(sessionId))));
  }

  private key(sessionId: string): string {
    return `${this.prefix}calls-in-flight:${sessionId}`;
  }
}
