import { Logger } from '@nestjs/common';
import type { ServerEvent, ServerEventBus } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';

/**
 * The SDK's `ServerEventBus` over Redis pub/sub: an event published on any
 * instance reaches the listeners of every instance (its own included, by the
 * round trip through Redis), so list_changed and resources/updated fan out to
 * clients wherever they are connected.
 */
export class RedisServerEventBus implements ServerEventBus {
  private readonly logger = new Logger('McpEventBus');
  private readonly listeners = new Set<(event: ServerEvent) => void>();
  private readonly channel: string;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    prefix: string,
  ) {
    this.channel = `${prefix}events`;
    void subscriber
      .subscribe(this.channel)
      .catch((error: Error) => this.logger.warn(`subscribe failed: ${error.message}`));
    subscriber.on('message', (channel: string, payload: string) => {
      if (channel === this.channel) this.deliver(payload);
    });
  }

  publish(event: ServerEvent): void {
    this.publisher.publish(this.channel, JSON.stringify(event)).catch((error: Error) => {
      // An outage is logged once, by the store's availability.
      this.logger.debug(`event ${event.kind} not published: ${error.message}`);
    });
  }

  close(): void {
    this.subscriber.disconnect();
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private deliver(payload: string): void {
    let event: ServerEvent;
    try {
      event = JSON.parse(payload) as ServerEvent;
    } catch {
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn(`listener failed: ${(error as Error).message}`);
      }
    }
  }
}
