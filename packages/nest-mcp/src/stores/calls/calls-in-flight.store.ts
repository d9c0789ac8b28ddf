import type { RequestId } from '@modelcontextprotocol/server';

/** A 2025-era request stream in flight: the instance running its requests, and their ids. */
export interface CallInFlight {
  instance: string;
  requestIds: RequestId[];
}

/** How much the store keeps: streams per session, bytes per stream's record, and for how long. */
export interface CallsInFlightLimits {
  /** Streams recorded per session (the calls a session can have in flight); past it, new ones go unrecorded. */
  maxPerSession: number;
  /** A record longer than this (as JSON: long request ids) goes unrecorded. */
  maxRecordBytes: number;
  /** How long a session's records outlive its latest call (its TTL: a resume past it finds no session). */
  ttlMs: number;
}

/** Request ids are the client's: a stream's record is kept only while they stay short. */
export const MAX_CALL_RECORD_BYTES = 4 * 1024;

/**
 * Which instance runs each 2025-era request stream, so that a client
 * resuming the stream on another instance (`Last-Event-ID`) can be told when
 * that instance died, instead of waiting forever. Best effort: a record that
 * could not be written only means the old silence for that call.
 */
export interface CallsInFlightStore {
  /** Records the stream's requests as running on `call.instance`; never throws, never waits. */
  begin(sessionId: string, streamId: string, call: CallInFlight): void;
  /** Forgets the stream (its requests are answered); never throws, never waits. */
  end(sessionId: string, streamId: string): void;
  /** The stream's record, if it has one. */
  find(sessionId: string, streamId: string): Promise<CallInFlight | undefined>;
  /** Takes the stream's record away: true for the one caller that took it, however many race. */
  take(sessionId: string, streamId: string): Promise<boolean>;
  /** Forgets every stream of a session that has ended. */
  forgetSession(sessionId: string): Promise<void>;
}

/** Injection token of the `CallsInFlightStore`. */
export const MCP_CALLS_IN_FLIGHT = Symbol('MCP_CALLS_IN_FLIGHT');

/** The calls of one process: they run where they are recorded, so only a client of this instance reads them. */
export class InMemoryCallsInFlightStore implements CallsInFlightStore {
  private readonly sessions = new Map<string, Map<string, CallInFlight>>();

  constructor(private readonly limits: Pick<CallsInFlightLimits, 'maxPerSession' | 'maxRecordBytes'>) {}

  begin(sessionId: string, streamId: string, call: CallInFlight): void {
    if (JSON.stringify(call).length > this.limits.maxRecordBytes) return;
    const streams = this.sessions.get(sessionId) ?? new Map<string, CallInFlight>();
    if (streams.size >= this.limits.maxPerSession) return;
    this.sessions.set(sessionId, streams.set(streamId, { ...call, requestIds: [...call.requestIds] }));
  }

  end(sessionId: string, streamId: string): void {
    void this.take(sessionId, streamId);
  }

  async find(sessionId: string, streamId: string): Promise<CallInFlight | undefined> {
    return this.sessions.get(sessionId)?.get(streamId);
  }

  async take(sessionId: string, streamId: string): Promise<boolean> {
    const streams = this.sessions.get(sessionId);
    const taken = streams?.delete(streamId) ?? false;
    if (streams?.size === 0) this.sessions.delete(sessionId);
    return taken;
  }

  async forgetSession(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
  }
}
