import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ServerEventBus } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';
import { ReadinessChecks } from '../../observability/readiness-checks.service.js';
import { RedisServerEventBus } from '../notifications/redis-notification.bus.js';
import { MCP_NOTIFICATION_BUS } from '../notifications/notification.bus.js';
import { MCP_REDIS } from './redis.tokens.js';

/** Readiness follows Redis when one is configured; connections close on shutdown. */
@Injectable()
export class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(MCP_REDIS) private readonly redis: Redis | null,
    @Inject(MCP_NOTIFICATION_BUS) private readonly bus: ServerEventBus,
    private readonly readiness: ReadinessChecks,
  ) {}

  onModuleInit(): void {
    const redis = this.redis;
    if (!redis) return;
    // Not ready when Redis does not answer within a command's deadline (the PING's own).
    this.readiness.add(
      'redis',
      async () => redis.status === 'ready' && (await redis.ping()) === 'PONG',
      redis.options.commandTimeout,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.bus instanceof RedisServerEventBus) this.bus.close();
    this.redis?.disconnect();
  }
}
