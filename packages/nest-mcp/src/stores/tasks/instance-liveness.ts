import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Which instances are alive, so that the tasks of one that died settle
 * (`failed`) instead of staying `working` forever. Each instance holds a
 * lease it renews; an instance whose lease ran out is dead.
 */
export interface InstanceLiveness {
  /** This instance's id (recorded on the tasks it runs). */
  readonly id: string;
  /** Whether the instance of that id still holds its lease. */
  isAlive(instance: string): Promise<boolean>;
  /** Gives the lease up (at shutdown, once this instance's tasks are settled). */
  release(): Promise<void>;
}

/** Injection token of the `InstanceLiveness`. */
export const MCP_INSTANCE_LIVENESS = Symbol('MCP_INSTANCE_LIVENESS');

/** One process: tasks live and die with it, so only this instance is alive. */
export class InMemoryInstanceLiveness implements InstanceLiveness {
  readonly id = randomUUID();

  async isAlive(instance: string): Promise<boolean> {
    return instance === this.id;
  }

  async release(): Promise<void> {}
}

/**
 * Leases as Redis keys that expire (PX `leaseMs`), renewed every third of
 * it, and as soon as the connection is ready (at boot, and after an outage:
 * the connection has no offline queue, so a renewal it refused would leave
 * a live instance without a lease, its calls and tasks taken for dead): an
 * instance killed without a word is dead for everyone `leaseMs` later.
 */
export class RedisInstanceLiveness implements InstanceLiveness, OnApplicationShutdown {
  private readonly logger = new Logger('McpInstanceLiveness');
  readonly id = randomUUID();
  private readonly renewer: NodeJS.Timeout;
  private readonly renewNow = () => this.renew();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly leaseMs: number,
  ) {
    redis.on('ready', this.renewNow);
    if (redis.status === 'ready') this.renew();
    this.renewer = setInterval(this.renewNow, Math.max(1, Math.floor(leaseMs / 3))).unref();
  }

  async isAlive(instance: string): Promise<boolean> {
    return (await this.redis.exists(this.key(instance))) === 1;
  }

  async release(): Promise<void> {
    this.stopRenewing();
    await this.redis.del(this.key(this.id)).catch(() => undefined);
  }

  onApplicationShutdown(): void {
    this.stopRenewing();
  }

  private stopRenewing(): void {
    clearInterval(this.renewer);
    this.redis.off('ready', this.renewNow);
  }

  private renew(): void {
    this.redis.set(this.key(this.id), '1', 'PX', this.leaseMs).catch((error: Error) => {
      this.logger.debug(`lease not renewed: ${error.message}`);
    });
  }

  private key(instance: string): string {
    return `${this.prefix}instance:${instance}`;
  }
}
