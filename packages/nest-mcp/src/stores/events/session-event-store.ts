import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';

/**
 * One session's view of the shared event store. The SDK names every
 * session's standalone GET stream alike (`_GET_stream`), so streams are
 * stored under the session's id, and a `Last-Event-ID` from another session
 * is unknown here: no client can replay another's messages.
 */
export class SessionEventStore implements EventStore {
  private readonly prefix: string;

  constructor(
    private readonly inner: EventStore,
    sessionId: string,
  ) {
    this.prefix = `${sessionId}/`;
  }

  storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    return this.inner.storeEvent(this.prefix + streamId, message);
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    if (!eventId.startsWith(this.prefix)) return undefined;
    const streamId = await this.inner.getStreamIdForEventId?.(eventId);
    return streamId?.startsWith(this.prefix) ? streamId.slice(this.prefix.length) : undefined;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    handlers: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    if (!lastEventId.startsWith(this.prefix)) throw new Error('Unknown event id');
    const streamId = await this.inner.replayEventsAfter(lastEventId, handlers);
    return streamId.slice(this.prefix.length);
  }
}
