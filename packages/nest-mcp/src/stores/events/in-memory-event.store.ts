import type { EventId, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';
import { RecencyMap } from '../../transport/recency-map.js';
import { sessionOf, type McpEventStore } from './event.store.js';
import { MCP_DEFAULTS } from '../../options/mcp-defaults.js';

interface StoredStream {
  /**
   * Each message as its JSON text: every answer is kept (resumable) long
   * after its request has ended, and one flat string per event is what a
   * long-lived copy should be. The message's own object graph, kept instead,
   * was copied and promoted by V8's young-generation collector on every
   * request, then traced by the major one. The event id is the stream's id
   * and `seq`, so it is not kept.
   */
  events: { seq: number; json: string }[];
  /** Length of the JSON texts held, in characters. */
  size: number;
}

export interface InMemoryEventStoreOptions {
  /** Events kept per stream; older ones are dropped (a resume past them replays what is left). */
  maxEventsPerStream?: number;
  /** Streams kept in all; past it, the least recently written tenth is dropped. */
  maxStreams?: number;
  /** JSON text kept in all, in characters (bytes, for ASCII); past it, the least recently written streams go first. */
  maxBytes?: number;
  /** A message longer than this (as JSON) is sent but not kept: a resume replays the events around it. */
  maxEventBytes?: number;
}

export const DEFAULT_EVENT_STORE_LIMITS = {
  maxEventsPerStream: 200,
  maxStreams: 10_000,
  ...MCP_DEFAULTS.eventStoreLimits,
};

/**
 * The default resumability store for 2025-era SSE streams: bounded in events
 * per stream, in streams, in bytes in all and in bytes per event, so memory
 * stays flat however long the process runs and whatever clients send. A
 * session's streams (ids `<session>/<stream>`) go when the session ends.
 */
export class InMemoryEventStore implements McpEventStore {
  private readonly streams = new RecencyMap<StreamId, StoredStream>();
  /** The streams of each session, so they can go with it. */
  private readonly bySession = new Map<string, Set<StreamId>>();
  private sequence = 0;
  private size = 0;
  private readonly limits: typeof DEFAULT_EVENT_STORE_LIMITS;
  /** How many streams go at once past the count bound: a tenth (see RecencyMap.dropOldest). */
  private readonly evictionBatch: number;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.limits = { ...DEFAULT_EVENT_STORE_LIMITS, ...options };
    this.evictionBatch = Math.ceil(this.limits.maxStreams / 10);
  }

  /** Characters of JSON text held now. */
  get bytes(): number {
    return this.size;
  }

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    // Unique within this store (which lives and dies with the process); stream ids are already random.
    const seq = ++this.sequence;
    const json = JSON.stringify(message);
    if (json.length > this.limits.maxEventBytes) return eventIdOf(streamId, seq);
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { events: [], size: 0 };
      if (this.streams.size >= this.limits.maxStreams)
        this.streams.dropOldest(this.evictionBatch, (id, dropped) => this.unaccount(id, dropped));
      this.indexBySession(streamId);
    }
    this.streams.touch(streamId, stream);
    stream.events.push({ seq, json });
    this.grow(stream, json.length);
    if (stream.events.length > this.limits.maxEventsPerStream) this.shift(stream);
    while (this.size > this.limits.maxBytes && this.shrink(streamId, stream));
    return eventIdOf(streamId, seq);
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    const parsed = parse(eventId);
    return parsed && this.streams.has(parsed.streamId) ? parsed.streamId : undefined;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const parsed = parse(lastEventId);
    const stream = parsed && this.streams.get(parsed.streamId);
    if (!parsed || !stream) throw new Error('Unknown event id');
    // By sequence, not by finding the id: the last event seen may be gone (dropped, or never kept).
    for (const event of stream.events.filter((e) => e.seq > parsed.seq)) {
      await send(eventIdOf(parsed.streamId, event.seq), JSON.parse(event.json) as JSONRPCMessage);
    }
    return parsed.streamId;
  }

  async forgetSession(sessionId: string): Promise<void> {
    const streams = this.bySession.get(sessionId);
    if (!streams) return;
    for (const streamId of streams) this.dropStream(streamId);
  }

  private indexBySession(streamId: StreamId): void {
    const session = sessionOf(streamId);
    if (session === undefined) return;
    let streams = this.bySession.get(session);
    if (!streams) this.bySession.set(session, (streams = new Set()));
    streams.add(streamId);
  }

  private grow(stream: StoredStream, by: number): void {
    stream.size += by;
    this.size += by;
  }

  private shift(stream: StoredStream): void {
    const dropped = stream.events.shift();
    if (dropped) this.grow(stream, -dropped.json.length);
  }

  /** Over the byte budget: other streams go, least recently written first; the stream being written loses its oldest. */
  private shrink(current: StreamId, stream: StoredStream): boolean {
    const oldest = this.streams.oldest();
    if (oldest !== undefined && oldest !== current) this.dropStream(oldest);
    else if (stream.events.length > 0) this.shift(stream);
    else return false;
    return true;
  }

  private dropStream(streamId: StreamId): void {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    this.streams.delete(streamId);
    this.unaccount(streamId, stream);
  }

  /** Takes a stream that has left the map out of the byte count and of its session's index. */
  private unaccount(streamId: StreamId, stream: StoredStream): void {
    this.size -= stream.size;
    const session = sessionOf(streamId);
    const streams = session === undefined ? undefined : this.bySession.get(session);
    streams?.delete(streamId);
    if (streams?.size === 0) this.bySession.delete(session!);
  }
}

const eventIdOf = (streamId: StreamId, seq: number): EventId => `${streamId}::${seq}`;

function parse(eventId: EventId): { streamId: StreamId; seq: number } | undefined {
  const separator = eventId.lastIndexOf('::');
  const seq = Number(eventId.slice(separator + 2));
  return separator > 0 && Number.isSafeInteger(seq) ? { streamId: eventId.slice(0, separator), seq } : undefined;
}
