import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';
import { RecencyMap } from './recency-map.js';

interface StoredStream {
  /**
   * Each message as its JSON text: every answer is kept (resumable) long
   * after its request has ended, and one flat string per event is what a
   * long-lived copy should be. The message's own object graph, kept instead,
   * was copied and promoted by V8's young-generation collector on every
   * request, then traced by the major one.
   */
  events: { id: EventId; json: string }[];
}

export interface InMemoryEventStoreOptions {
  /** Events kept per stream; older ones are dropped (a resume past them replays what is left). */
  maxEventsPerStream?: number;
  /** Streams kept in all; past it, the least recently written tenth is dropped. */
  maxStreams?: number;
}

/**
 * The default resumability store for 2025-era SSE streams: bounded in events
 * per stream and in streams, so memory stays flat however long the process runs.
 */
export class InMemoryEventStore implements EventStore {
  private readonly streams = new RecencyMap<StreamId, StoredStream>();
  private sequence = 0;
  private readonly maxEventsPerStream: number;
  private readonly maxStreams: number;
  /** How many streams go at once past the bound: a tenth (see RecencyMap.dropOldest). */
  private readonly evictionBatch: number;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.maxEventsPerStream = options.maxEventsPerStream ?? 200;
    this.maxStreams = options.maxStreams ?? 10_000;
    this.evictionBatch = Math.ceil(this.maxStreams / 10);
  }

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { events: [] };
      if (this.streams.size >= this.maxStreams) this.streams.dropOldest(this.evictionBatch);
    }
    this.streams.touch(streamId, stream);
    // Unique within this store (which lives and dies with the process); stream ids are already random.
    const id = `${streamId}::${++this.sequence}`;
    stream.events.push({ id, json: JSON.stringify(message) });
    if (stream.events.length > this.maxEventsPerStream) stream.events.shift();
    return id;
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    const streamId = streamIdOf(eventId);
    return streamId !== undefined && this.streams.has(streamId) ? streamId : undefined;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const streamId = streamIdOf(lastEventId);
    const stream = streamId === undefined ? undefined : this.streams.get(streamId);
    if (!stream || streamId === undefined) throw new Error('Unknown event id');
    const start = stream.events.findIndex((event) => event.id === lastEventId);
    for (const event of stream.events.slice(start + 1)) await send(event.id, JSON.parse(event.json) as JSONRPCMessage);
    return streamId;
  }
}

const streamIdOf = (eventId: EventId): StreamId | undefined => {
  const separator = eventId.lastIndexOf('::');
  return separator > 0 ? eventId.slice(0, separator) : undefined;
};
