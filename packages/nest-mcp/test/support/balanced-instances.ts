import { afterAll, beforeAll } from 'vitest';
import { AppProcess } from './fixture-app.js';
import { RedisServer } from './redis-server.js';
import { RoundRobinProxy } from './round-robin-proxy.js';

/** Two fixture services on one real Redis behind a round-robin balancer, started and stopped with the suite. */
export interface BalancedInstances {
  readonly redis: RedisServer;
  readonly a: AppProcess;
  readonly b: AppProcess;
  readonly proxy: RoundRobinProxy;
  /** The balancer's URL of the endpoint. */
  readonly balanced: URL;
  /** Another instance on the same Redis, with the same environment (the caller stops it). */
  startInstance(): Promise<AppProcess>;
}

/** `script`: the service each instance runs (the fixture service unless told). */
export function balancedInstances(env: Record<string, string>, script?: string): BalancedInstances {
  const redis = new RedisServer();
  let a: AppProcess;
  let b: AppProcess;
  let proxy: RoundRobinProxy;
  let balanced: URL;
  const startInstance = async () => {
    const app = await AppProcess.start({ REDIS_URL: redis.url, LOG_LEVEL: 'warn', ...env }, script);
    await app.ready();
    return app;
  };
  beforeAll(async () => {
    await redis.start();
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    proxy = new RoundRobinProxy([a.port, b.port]);
    balanced = await proxy.start();
  }, 60_000);
  afterAll(async () => {
    await proxy?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis.stop();
  });
  return {
    redis,
    startInstance,
    get a() {
      return a;
    },
    get b() {
      return b;
    },
    get proxy() {
      return proxy;
    },
    get balanced() {
      return balanced;
    },
  };
}
