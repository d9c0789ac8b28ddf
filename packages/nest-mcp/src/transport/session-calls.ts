import { Logger } from '@nestjs/common';
import type {
  EventStore,
  JSONRPCMessage,
  RequestId,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import { refusal } from '../errors/client-error.js';
import type { CallsInFlightStore } from '../stores/calls/calls-in-flight.store.js';
import type { InstanceLiveness } from '../stores/tasks/instance-liveness.js';

/** What a client hears for a request whose instance died while running it (kill -9, a crash, a lost host). */
export const INSTANCE_STOPPED = refusal('internal', 'Internal error: the server instance running this request stopped');

/** Where a session's calls are recorded, and how it tells a dead instance. */
export interface CallRecording {
  store: CallsInFlightStore;
  liveness: InstanceLiveness;
}

const logger = new Logger('McpSessionCalls');

/** When a client resuming a stream whose call runs elsewhere is told to come back (the SDK clients' own first delay). */
const COME_BACK_AFTER_MS = 1_000;

/**
 * A session's tool calls in flight on this instance, by SSE stream: each
 * stream is recorded as this instance's while its requests run, so that a
 * client resuming it on another instance is kept coming back until the
 * answers are there, and hears an error for each request if this instance
 * died, instead of waiting forever. The same liveness settles dead
 * instances' tasks.
 */
export class SessionCalls {
  /** The requests of each stream still unanswered (bounded by the calls in flight). */
  private readonly streams = new Map<string, Set<RequestId>>();
  private readonly streamOfRequest = new Map<RequestId, string>();

  constructor(
    private readonly sessionId: string,
    private readonly transport: WebStandardStreamableHTTPServerTransport,
    private readonly events: EventStore,
    private readonly recording: CallRecording,
    /** Whether the session's revision has priming events (empty SSE data, 2025-11-25 on): else a resume just ends. */
    private readonly primes: boolean,
  ) {}

  /** After the SDK took a POST carrying a tool call: its requests' streams are recorded as running here. */
  started(requestIds: RequestId[]): void {
    const byStream = new Map<string, RequestId[]>();
    for (const id of requestIds) {
      const streamId = sdkStreamOf(this.transport, id);
      // No stream: answered already, or answered as JSON (nothing to resume).
      if (streamId === undefined) continue;
      byStream.set(streamId, [...(byStream.get(streamId) ?? []), id]);
    }
    for (const [streamId, ids] of byStream) {
      this.streams.set(streamId, new Set(ids));
      for (const id of ids) this.streamOfRequest.set(id, streamId);
      this.recording.store.begin(this.sessionId, streamId, { instance: this.recording.liveness.id, requestIds: ids });
    }
  }

  /** The SDK sent a message: an answer ends its request, and a stream whose requests are all answered is forgotten. */
  sent(message: JSONRPCMessage): void {
    const answered = 'method' in message ? undefined : (message as { id?: RequestId }).id;
    const streamId = answered === undefined ? undefined : this.streamOfRequest.get(answered);
    if (answered === undefined || streamId === undefined) return;
    this.streamOfRequest.delete(answered);
    const open = this.streams.get(streamId);
    open?.delete(answered);
    if (open?.size) return;
    this.streams.delete(streamId);
    this.recording.store.end(this.sessionId, streamId);
  }

  /** The session ended here: its calls can no longer answer on it, so their records go. */
  forgetAll(): void {
    for (const streamId of this.streams.keys()) this.recording.store.end(this.sessionId, streamId);
    this.streams.clear();
    this.streamOfRequest.clear();
  }

  /**
   * A client resumes a stream here (`Last-Event-ID`) whose requests another
   * instance runs, so the SDK here cannot serve it live: this answers it,
   * with what the stream holds after that event. When that instance holds
   * no lease, an error answer for each request still unanswered goes into
   * the stream first (once: whoever takes the record writes them). While it
   * lives, the answer ends with an event naming the last event sent, so the
   * client comes back with it (`retry`) instead of forgetting where it was.
   * Undefined when the SDK serves the resume (the stream is this instance's,
   * or not a call in flight), and when the store does not answer.
   */
  async resumeElsewhere(lastEventId: string): Promise<Response | undefined> {
    try {
      const streamId = await this.events.getStreamIdForEventId?.(lastEventId);
      const { store, liveness } = this.recording;
      const call = streamId === undefined ? undefined : await store.find(this.sessionId, streamId);
      if (streamId === undefined || !call || call.instance === liveness.id) return undefined;
      const replay = await this.replay(lastEventId);
      const unanswered = call.requestIds.filter((id) => !replay.answered.has(id));
      if (unanswered.length === 0) return this.sse(replay.text);
      if (!(await liveness.isAlive(call.instance)) && (await store.take(this.sessionId, streamId))) {
        const error = { code: INSTANCE_STOPPED.code, message: INSTANCE_STOPPED.message };
        for (const id of unanswered) {
          const message: JSONRPCMessage = { jsonrpc: '2.0', id, error };
          replay.text += sseEvent(await this.events.storeEvent(streamId, message), message);
        }
        return this.sse(replay.text);
      }
      const last = replay.lastEventId ?? lastEventId;
      return this.sse(replay.text + (this.primes ? `id: ${last}\nretry: ${COME_BACK_AFTER_MS}\ndata: \n\n` : ''));
    } catch (error) {
      logger.debug(`resumed stream left to the SDK: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async replay(after: string): Promise<{ text: string; answered: Set<RequestId>; lastEventId?: string }> {
    const replayed: { text: string; answered: Set<RequestId>; lastEventId?: string } = {
      text: '',
      answered: new Set(),
    };
    await this.events.replayEventsAfter(after, {
      send: async (eventId, message) => {
        replayed.text += sseEvent(eventId, message);
        replayed.lastEventId = eventId;
        const answered = 'method' in message ? undefined : (message as { id?: RequestId }).id;
        if (answered !== undefined) replayed.answered.add(answered);
      },
    });
    return replayed;
  }

  private sse(text: string): Response {
    return new Response(text, {
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        'mcp-session-id': this.sessionId,
      },
    });
  }
}

/** One SSE event as the SDK's transport writes it. */
const sseEvent = (eventId: string, message: JSONRPCMessage): string =>
  `event: message\nid: ${eventId}\ndata: ${JSON.stringify(message)}\n\n`;

/**
 * The SSE stream the SDK's transport answers a request on. The SDK keeps it
 * in a private map (it has no accessor): read in this one place, and pinned
 * by `session-calls.spec.ts`, so an SDK that changes it fails a test.
 */
function sdkStreamOf(transport: WebStandardStreamableHTTPServerTransport, id: RequestId): string | undefined {
  return (transport as unknown as { _requestToStreamMapping?: Map<RequestId, string> })._requestToStreamMapping?.get(
    id,
  );
}
