import { Redis } from 'ioredis';
import type { BridgeKeyStore } from '../../src/stores/oauth/bridge-key.store.js';
import { InMemoryBridgeKeyStore } from '../../src/stores/oauth/in-memory-bridge-key.store.js';
import { createInMemoryOidcAdapter } from '../../src/stores/oauth/in-memory-oidc.adapter.js';
import { InMemoryRegistrationBudget } from '../../src/stores/oauth/in-memory-registration.budget.js';
import { oauthStateLimits, type OAuthStateLimits } from '../../src/stores/oauth/oauth-state.limits.js';
import type { OidcAdapterClass } from '../../src/stores/oauth/oidc-adapter.js';
import { RedisBridgeKeyStore } from '../../src/stores/oauth/redis-bridge-key.store.js';
import { createRedisOidcAdapter } from '../../src/stores/oauth/redis-oidc.adapter.js';
import { RedisRegistrationBudget } from '../../src/stores/oauth/redis-registration.budget.js';
import { RedisServer } from './redis-server.js';
import { RegisteredClients } from '../../src/stores/oauth/registered-clients.js';
import type { RegistrationBudget } from '../../src/stores/oauth/registration-budget.js';

/** What one instance of the bridge holds of its state. */
export interface OAuthInstance {
  Adapter: OidcAdapterClass;
  keys: BridgeKeyStore;
  budget: RegistrationBudget;
}

/** Two instances of the bridge's state: in memory one process (both are the same), in Redis two connections. */
export interface OAuthStateKind {
  name: string;
  instances(limits?: Partial<OAuthStateLimits>): { a: OAuthInstance; b: OAuthInstance };
}

export function inMemoryState(): OAuthStateKind {
  return {
    name: 'in memory',
    instances(partial) {
      const limits = oauthStateLimits(partial);
      const clients = new RegisteredClients();
      const one = {
        Adapter: createInMemoryOidcAdapter(limits, clients),
        keys: new InMemoryBridgeKeyStore(limits),
        budget: new InMemoryRegistrationBudget(clients, limits),
      };
      return { a: one, b: one };
    },
  };
}

/** A command connection as the module makes it: a deadline on every command, no offline queue. */
export const failFastRedis = (url: string): Redis =>
  new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1_000 });

/** Each call of `instances` gets its own key prefix, so tests do not see each other's keys. */
export function redisState(connections: () => [Redis, Redis]): OAuthStateKind & { lastPrefix: string } {
  let count = 0;
  return {
    name: 'in Redis',
    lastPrefix: '',
    instances(partial) {
      const limits = oauthStateLimits(partial);
      const prefix = `t${++count}:`;
      this.lastPrefix = prefix;
      const instance = (redis: Redis) => ({
        Adapter: createRedisOidcAdapter(redis, prefix, limits),
        keys: new RedisBridgeKeyStore(redis, prefix, limits),
        budget: new RedisRegistrationBudget(redis, prefix, limits),
      });
      const [first, second] = connections();
      return { a: instance(first), b: instance(second) };
    },
  };
}

/**
 * A real redis-server for the spec and two fail-fast connections to it, as two instances would
 * hold: started before the spec's tests, stopped after them.
 */
export function twoInstancesOnOneRedis(): { readonly first: Redis; readonly second: Redis } {
  const server = new RedisServer();
  const connections: Redis[] = [];
  beforeAll(async () => {
    await server.start();
    connections.push(failFastRedis(server.url), failFastRedis(server.url));
    await Promise.all(connections.map((redis) => new Promise((resolve) => redis.once('ready', resolve))));
  });
  afterAll(async () => {
    for (const redis of connections) redis.disconnect();
    await server.stop();
  });
  return {
    get first() {
      return connections[0];
    },
    get second() {
      return connections[1];
    },
  };
}
