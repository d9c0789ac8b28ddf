import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';

interface StoredStream {
  events: { id: EventId; message: JSONRPCMessage }[];
}

export interface InMemoryEventStoreOptions {
  /** Events kept per stream; older ones are dropped (a resume past them replays what is left). */
  maxEventsPerStream?: number;
  /** Streams kept in all; the least recently written is dropped past it. */
  maxStreams?: number;
}

/**
 * The default resumability store for 2025-era SSE streams: bounded in events
 * per stream and in streams, so memory stays flat however long the process runs.
 */
export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<StreamId, StoredStream>();
  private sequence = 0;
  private readonly maxEventsPerStream: number;
  private readonly maxStreams: number;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.maxEventsPerStream = options.maxEventsPerStream ?? 200;
    this.maxStreams = options.maxStreams ?? 10_000;
  }

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    let stream = this.streams.get(streamId);
    if (stream) {
      this.streams.delete(streamId); // re-insert: Map order is recency order
    } else {
      stream = { events: [] };
      if (this.streams.size >= this.maxStreams) this.streams.delete(this.streams.keys().next().value!);
    }
    this.streams.set(streamId, stream);
    // Unique within this store (which lives and dies with the process); stream ids are already random.
    const id = `${streamId}::${++this.sequence}`;
    stream.events.push({ id, message });
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
    for (const event of stream.events.slice(start + 1)) await send(event.id, event.message);
    return streamId;
  }
}

const streamIdOf = (eventId: EventId): StreamId | undefined => {
  const separator = eventId.lastIndexOf('::');
  return separator > 0 ? eventId.slice(0, separator) : undefined;
};
