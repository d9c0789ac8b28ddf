import type { Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { MCP_OPTIONS } from '../../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../../options/mcp-options.schema.js';
import { redisKeyPrefix } from '../redis/redis-connection.js';
import { MCP_REDIS } from '../redis/redis.tokens.js';
import { MCP_BRIDGE_KEY_STORE, type BridgeKeyStore } from './bridge-key.store.js';
import { InMemoryBridgeKeyStore } from './in-memory-bridge-key.store.js';
import { createInMemoryOidcAdapter } from './in-memory-oidc.adapter.js';
import { InMemoryRegistrationBudget } from './in-memory-registration.budget.js';
import { oauthStateLimitsOf, type OAuthStateLimits } from './oauth-state.limits.js';
import { MCP_OIDC_ADAPTER, type OidcAdapterClass } from './oidc-adapter.js';
import { RedisBridgeKeyStore } from './redis-bridge-key.store.js';
import { createRedisOidcAdapter } from './redis-oidc.adapter.js';
import { RedisRegistrationBudget } from './redis-registration.budget.js';
import { RegisteredClients } from './registered-clients.js';
import { MCP_REGISTRATION_BUDGET, type RegistrationBudget } from './registration-budget.js';

/** One piece of the bridge's state: in Redis when `redis` is set, in memory otherwise. */
function inRedisOrMemory<T>(
  provide: symbol,
  inRedis: (redis: Redis, prefix: string, limits: OAuthStateLimits) => T,
  inMemory: (limits: OAuthStateLimits, clients: RegisteredClients) => T,
): Provider {
  return {
    provide,
    inject: [MCP_REDIS, MCP_OPTIONS, RegisteredClients],
    useFactory: (redis: Redis | null, options: ResolvedMcpOptions, clients: RegisteredClients) => {
      const limits = oauthStateLimitsOf(options);
      return redis ? inRedis(redis, redisKeyPrefix(options), limits) : inMemory(limits, clients);
    },
  };
}

/**
 * The OAuth bridge's state, under its tokens: the oidc-provider adapter
 * class (`MCP_OIDC_ADAPTER`), the signing keys (`MCP_BRIDGE_KEY_STORE`) and
 * the registration budget (`MCP_REGISTRATION_BUDGET`); `stores.oauth*`
 * replace them. Bounded by the `oauthBridge` options; in memory, the adapter
 * and the budget share the count of registered clients. Cheap while the
 * bridge is off (nothing is read or created until it runs).
 */
export const oauthStateProviders: Provider[] = [
  { provide: RegisteredClients, useFactory: () => new RegisteredClients() },
  inRedisOrMemory<OidcAdapterClass>(MCP_OIDC_ADAPTER, createRedisOidcAdapter, createInMemoryOidcAdapter),
  inRedisOrMemory<BridgeKeyStore>(
    MCP_BRIDGE_KEY_STORE,
    (redis, prefix, limits) => new RedisBridgeKeyStore(redis, prefix, limits),
    (limits) => new InMemoryBridgeKeyStore(limits),
  ),
  inRedisOrMemory<RegistrationBudget>(
    MCP_REGISTRATION_BUDGET,
    (redis, prefix, limits) => new RedisRegistrationBudget(redis, prefix, limits),
    (limits, clients) => new InMemoryRegistrationBudget(clients, limits),
  ),
];
