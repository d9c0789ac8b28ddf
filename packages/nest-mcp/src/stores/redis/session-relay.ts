import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';
import { MCP_OPTIONS } from '../../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../../options/mcp-options.schema.js';
import { StoreAvailability } from './store-availability.js';
import { connectSubscriber, redisKeyPrefix } from './redis-connection.js';
import { MCP_REDIS } from './redis.tokens.js';
import {
  continueCarriedTrace,
  currentTraceCarrier,
  type TraceCarrier,
} from '../../observability/tracing/trace-carrier.js';

type Delivery = (sessionId: string, messages: JSONRPCMessage[]) => void;

/**
 * Carries a 2025-era client's answers (responses to elicitation, sampling or
 * roots requests) and cancellations to every instance, since the instance
 * waiting for them — the one running the call — may not be the one the
 * balancer sent them to. Idle without Redis.
 */
@Injectable()
export class SessionRelay implements OnApplicationShutdown {
  private readonly logger = new Logger('McpSessionRelay');
  private readonly origin = randomUUID();
  private readonly channel: string;
  private readonly subscriber?: Redis;
  private delivery?: Delivery;

  constructor(
    @Inject(MCP_REDIS) private readonly redis: Redis | null,
    @Inject(MCP_OPTIONS) options: ResolvedMcpOptions,
    availability: StoreAvailability,
  ) {
    this.channel = `${redisKeyPrefix(options)}session-relay`;
    if (!redis) return;
    this.subscriber = connectSubscriber(redis, 'mcp-relay', availability);
    this.subscriber
      .subscribe(this.channel)
      .catch((error: Error) => this.logger.warn(`subscribe failed: ${error.message}`));
    this.subscriber.on('message', (_channel: string, payload: string) => this.receive(payload));
  }

  /** Where relayed messages go on this instance (the sessions it holds). */
  deliverTo(delivery: Delivery): void {
    this.delivery = delivery;
  }

  /** Sends the messages that other instances may be waiting for; a no-op in single-process mode. */
  relay(sessionId: string, messages: JSONRPCMessage[]): void {
    if (!this.redis || messages.length === 0) return;
    // The sender's trace context goes along, so the relay is in the client's trace.
    const payload = JSON.stringify({ origin: this.origin, sessionId, messages, trace: currentTraceCarrier() });
    this.redis
      .publish(this.channel, payload)
      // An outage is logged once, by the store's availability.
      .catch((error: Error) => this.logger.debug(`not relayed: ${error.message}`));
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }

  private receive(payload: string): void {
    try {
      const { origin, sessionId, messages, trace } = JSON.parse(payload) as {
        origin: string;
        sessionId: string;
        messages: JSONRPCMessage[];
        trace?: TraceCarrier;
      };
      if (origin === this.origin) return;
      continueCarriedTrace(trace, 'mcp session relay', () => this.delivery?.(sessionId, messages));
    } catch (error) {
      this.logger.warn(`bad relay payload: ${(error as Error).message}`);
    }
  }
}

/** The client-to-server messages another instance may be waiting for: answers and cancellations. */
export function relayable(body: unknown): JSONRPCMessage[] {
  const messages = (Array.isArray(body) ? body : [body]) as Record<string, unknown>[];
  return messages.filter(
    (message) =>
      typeof message === 'object' &&
      message !== null &&
      (('id' in message && !('method' in message) && ('result' in message || 'error' in message)) ||
        message.method === 'notifications/cancelled'),
  ) as unknown as JSONRPCMessage[];
}
