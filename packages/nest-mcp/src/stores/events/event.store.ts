import type { EventStore } from '@modelcontextprotocol/server';

/**
 * The resumability store of 2025-era SSE streams: the SDK's `EventStore`
 * (`storeEvent`, `replayEventsAfter`, `getStreamIdForEventId`), plus the
 * sessions' cleanup. Stream ids are `<session id>/<stream>`, so a store can
 * index a session's streams (see `sessionOf`). Defaults: in memory, or Redis
 * when `redis` is set; plug your own with `stores: { events: ... }`.
 *
 * Contract beyond the SDK's: an event id is unique within the store and
 * carries its stream (the SDK asks `getStreamIdForEventId` of any instance);
 * `replayEventsAfter` sends the events of that stream after that id, in order,
 * and throws for an unknown one. The store is bounded: per stream (events),
 * in all (bytes or streams), per event (a message too large is sent, not
 * kept: return an id that replays nothing), and in time (streams expire).
 * `storeEvent` should not throw when the store is down: the message still
 * goes out live, only its resumability is lost.
 */
export interface McpEventStore extends EventStore {
  /** Drops every stream of a session that has ended; a no-op for an unknown one. */
  forgetSession(sessionId: string): Promise<void>;
}

/** Injection token of the `McpEventStore`. */
export const MCP_EVENT_STORE = Symbol('MCP_EVENT_STORE');

/** The session a stream belongs to: sessions store theirs as `<session>/<stream>` (see SessionEventStore). */
export function sessionOf(streamId: string): string | undefined {
  const slash = streamId.indexOf('/');
  return slash > 0 ? streamId.slice(0, slash) : undefined;
}
