import type { EventId, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';
import { orUnavailable } from '../store-unavailable.error.js';
import { DEFAULT_EVENT_STORE_LIMITS } from './in-memory-event.store.js';
import { sessionOf, type McpEventStore } from './event.store.js';

export interface RedisEventStoreOptions {
  /** Events kept per stream (approximately; Redis trims in whole nodes). Default 1,000. */
  maxEventsPerStream?: number;
  /** How long a stream is kept after its last event. Default 1 hour. */
  maxAgeMs?: number;
  /** A message longer than this (as JSON) is sent but not kept. Default 1 MiB. */
  maxEventBytes?: number;
}

/** The entry id of an event Redis did not store (not an id `parse` accepts, so it replays nothing). */
const UNSTORED = 'unstored';

/**
 * Resumability across instances: each SSE stream is a Redis stream, bounded
 * by length and by age, so a client can resume with `Last-Event-ID` on any
 * instance, also after the one it started on has died.
 */
export class RedisEventStore implements McpEventStore {
  private readonly maxEvents: number;
  private readonly maxAgeMs: number;
  private readonly maxEventBytes: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: RedisEventStoreOptions = {},
  ) {
    this.maxEvents = options.maxEventsPerStream ?? 1_000;
    this.maxAgeMs = options.maxAgeMs ?? 60 * 60_000;
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_EVENT_STORE_LIMITS.maxEventBytes;
  }

  /**
   * Stores an event for replay. When Redis does not answer, the event still
   * goes out live under an id that replays nothing: a call in flight loses
   * its resumability for the outage, not its answer.
   */
  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const key = this.key(streamId);
    const json = JSON.stringify(message);
    if (json.length > this.maxEventBytes) return `${streamId}::${UNSTORED}`;
    try {
      // One transaction: the stream never exists without its expiry, nor its session's index of streams.
      const transaction = this.redis
        .multi()
        .xadd(key, 'MAXLEN', '~', this.maxEvents, '*', 'm', json)
        .pexpire(key, this.maxAgeMs);
      const session = sessionOf(streamId);
      if (session !== undefined) {
        const index = this.sessionKey(session);
        transaction.sadd(index, key).pexpire(index, this.maxAgeMs);
      }
      const results = await transaction.exec();
      return `${streamId}::${results?.[0]?.[1] as string}`;
    } catch {
      return `${streamId}::${UNSTORED}`;
    }
  }

  getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    const parsed = parse(eventId);
    if (!parsed) return Promise.resolve(undefined);
    return orUnavailable('event lookup', async () =>
      (await this.redis.exists(this.key(parsed.streamId))) === 1 ? parsed.streamId : undefined,
    );
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const parsed = parse(lastEventId);
    if (!parsed) throw new Error('Unknown event id');
    const entries = await orUnavailable('event replay', () =>
      this.redis.xrange(this.key(parsed.streamId), `(${parsed.entryId}`, '+'),
    );
    for (const [entryId, fields] of entries) {
      await send(`${parsed.streamId}::${entryId}`, JSON.parse(fields[1]) as JSONRPCMessage);
    }
    return parsed.streamId;
  }

  /** Deletes the streams of a session that has ended (DELETE, or gone from the store). */
  forgetSession(sessionId: string): Promise<void> {
    const index = this.sessionKey(sessionId);
    return orUnavailable('event cleanup', async () => {
      const streams = await this.redis.smembers(index);
      await this.redis.del(index, ...streams);
    });
  }

  private key(streamId: StreamId): string {
    return `${this.prefix}events:${streamId}`;
  }

  /** The set of a session's stream keys (expiring with its newest stream). */
  private sessionKey(sessionId: string): string {
    return `${this.prefix}event-streams-of:${sessionId}`;
  }
}

function parse(eventId: EventId): { streamId: StreamId; entryId: string } | undefined {
  const separator = eventId.lastIndexOf('::');
  if (separator <= 0) return undefined;
  const entryId = eventId.slice(separator + 2);
  return /^\d+-\d+$/.test(entryId) ? { streamId: eventId.slice(0, separator), entryId } : undefined;
}
