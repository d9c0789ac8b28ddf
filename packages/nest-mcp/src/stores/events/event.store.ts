import type { EventStore } from '@modelcontextprotocol/server';

/** An event store that can drop a whole session's streams at once, when the session ends. */
export interface SessionEvents {
  forgetSession(sessionId: string): Promise<void>;
}

export const canForgetSessions = (store: EventStore): store is EventStore & SessionEvents =>
  typeof (store as Partial<SessionEvents>).forgetSession === 'function';

/** The session a stream belongs to: sessions store theirs as `<session>/<stream>` (see SessionEventStore). */
export function sessionOf(streamId: string): string | undefined {
  const slash = streamId.indexOf('/');
  return slash > 0 ? streamId.slice(0, slash) : undefined;
}
