import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { orUnavailable } from '../store-unavailable.error.js';
import { oauthKeys } from './oauth-keys.js';
import type { OAuthStateLimits } from './oauth-state.limits.js';
import type { RegistrationBudget } from './registration-budget.js';

/**
 * One step: the source's count in its window, then the clients alive and
 * the places reserved (both sorted sets by expiry, pruned here); a place is
 * reserved and counted only when both are under their bound. KEYS: source
 * counter, live clients, pending registrations. ARGV: 1 window ms, 2 per
 * source, 3 in total, 4 now ms, 5 reservation ms, 6 reservation id.
 */
const TRY_REGISTER = `
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[2]) then return 0 end
local now = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
if redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[3]) then return 0 end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[5]), ARGV[6])
if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[5]) then redis.call('PEXPIRE', KEYS[3], ARGV[5]) end
return 1
`;

/** Gives back the oldest reserved place and one of the source's count. KEYS: source counter, pending registrations. */
const RELEASE = `
redis.call('ZPOPMIN', KEYS[2])
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

/**
 * The registration budget in Redis, shared by every instance: the bounds
 * hold for the whole cluster. The clients alive are those the Redis
 * oidc-provider adapter stores (it keeps their index; an expired or
 * deleted client leaves it by itself).
 */
export class RedisRegistrationBudget implements RegistrationBudget {
  private readonly keys: ReturnType<typeof oauthKeys>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly limits: OAuthStateLimits,
  ) {
    this.keys = oauthKeys(prefix);
  }

  tryRegister(sourceAddress: string): Promise<boolean> {
    const { registrationWindowMs, registrationsPerSource, maxRegisteredClients, registrationReservationMs } =
      this.limits;
    return orUnavailable('registration budget', async () => {
      const granted = await this.redis.eval(
        TRY_REGISTER,
        3,
        this.keys.registrationsFrom(sourceAddress),
        this.keys.liveClients,
        this.keys.pendingRegistrations,
        registrationWindowMs,
        registrationsPerSource,
        maxRegisteredClients,
        Date.now(),
        registrationReservationMs,
        randomUUID(),
      );
      return granted === 1;
    });
  }

  released(sourceAddress: string): Promise<void> {
    return orUnavailable('registration budget', async () => {
      await this.redis.eval(RELEASE, 2, this.keys.registrationsFrom(sourceAddress), this.keys.pendingRegistrations);
    });
  }
}
