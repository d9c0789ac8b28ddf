import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InMemoryTaskSignals, type TaskSignals } from './task-signals.js';

/** Task signals over Redis pub/sub: one channel, the task id as the message, delivered to this process's listeners. */
export class RedisTaskSignals implements TaskSignals {
  private readonly logger = new Logger('McpTaskSignals');
  private readonly local = new InMemoryTaskSignals();
  private readonly channel: string;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    prefix: string,
  ) {
    this.channel = `${prefix}task-changed`;
    void subscriber
      .subscribe(this.channel)
      .catch((error: Error) => this.logger.warn(`subscribe failed: ${error.message}`));
    subscriber.on('message', (channel: string, taskId: string) => {
      if (channel === this.channel) this.local.publish(taskId);
    });
  }

  publish(taskId: string): void {
    this.publisher.publish(this.channel, taskId).catch((error: Error) => {
      // An outage is logged once, by the store's availability; listeners look again on their own.
      this.logger.debug(`task signal not published: ${error.message}`);
    });
  }

  subscribe(taskId: string, listener: () => void): () => void {
    return this.local.subscribe(taskId, listener);
  }

  close(): void {
    this.subscriber.disconnect();
  }
}
